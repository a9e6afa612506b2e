package scraper

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/scraper/extract"
)

// memSample is the memory of this process and of the Chromium processes
// under a directory, in bytes: RSS counts pages shared between processes
// once per process, PSS shares them out (what the machine really holds).
type memSample struct{ rss, pss, selfRSS int64 }

// sampleMem sums VmRSS and Pss of this process and every process whose
// command line names dir.
func sampleMem(dir string) memSample {
	var m memSample
	pids := []string{"self"}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		cmd, err := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if err == nil && bytes.Contains(cmd, []byte(dir)) {
			pids = append(pids, e.Name())
		}
	}
	for _, pid := range pids {
		f, err := os.Open("/proc/" + pid + "/smaps_rollup")
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			k, v, ok := strings.Cut(sc.Text(), ":")
			if !ok {
				continue
			}
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			switch k {
			case "Rss":
				m.rss += n << 10
				if pid == "self" {
					m.selfRSS = n << 10
				}
			case "Pss":
				m.pss += n << 10
			}
		}
		f.Close()
	}
	return m
}

// benchShop is a JavaScript shop of listings*perPage products: listing
// pages and product pages whose prices a script loads from JSON
// endpoints, like newJSShop's.
func benchShop(b *testing.B, listings, perPage int) *shop {
	s := newShop(b)
	prices := map[string]string{}
	head := `<!doctype html><html><head><meta charset="utf-8"><title>%s</title><link rel="stylesheet" href="/style.css"></head>`
	for l := 1; l <= listings; l++ {
		var page strings.Builder
		fmt.Fprintf(&page, head, "Catalogue")
		page.WriteString("<body><ul>")
		for i := range perPage {
			sku := fmt.Sprintf("S%03d%02d", l, i)
			prices[sku] = fmt.Sprintf("%d.%02d", 100+l*7+i, i)
			fmt.Fprintf(&page, `<li class="card" data-sku="%s"><a class="name" href="/p/%s">Product %s</a> <span class="price"></span><img src="/img/%s.jpg"></li>`, sku, sku, sku, sku)
			prod := fmt.Sprintf(head, "Product "+sku) + fmt.Sprintf(`<body data-sku="%s"><h1>Product %s</h1><div class="price"></div><p>%s</p><img src="/img/%s.jpg"><script src="/app.js"></script></body></html>`,
				sku, sku, strings.Repeat("Description text. ", 200), sku)
			s.html("/p/"+sku, prod)
		}
		page.WriteString("</ul>")
		if l < listings {
			fmt.Fprintf(&page, `<a class="next" href="/list/%d">next</a>`, l+1)
		}
		page.WriteString(`<script src="/app.js"></script></body></html>`)
		s.html(fmt.Sprintf("/list/%d", l), page.String())
	}
	s.mux.HandleFunc("/app.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, jsShopScript)
	})
	s.mux.HandleFunc("/api/prices", func(w http.ResponseWriter, r *http.Request) {
		var out []map[string]string
		for _, sku := range strings.Split(r.URL.Query().Get("skus"), ",") {
			out = append(out, map[string]string{"id": sku, "price": prices[sku]})
		}
		json.NewEncoder(w).Encode(out)
	})
	s.mux.HandleFunc("/api/price/", func(w http.ResponseWriter, r *http.Request) {
		sku := strings.TrimPrefix(r.URL.Path, "/api/price/")
		json.NewEncoder(w).Encode(map[string]string{"id": sku, "price": prices[sku]})
	})
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "") })
	return s
}

// BenchmarkRenderBrowser crawls a 200-page JavaScript shop (20 listings,
// 180 product pages, each running a script that fetches its prices) with
// render: browser and 4 tabs, and reports pages/s and the peak memory of
// the crawl: this process and all its Chromium processes, sampled every
// 20 ms. bench/README.md records the numbers.
func BenchmarkRenderBrowser(b *testing.B) {
	requireChromium(b)
	const listings, perPage = 20, 9
	dir := browserTempDir(b)
	s := benchShop(b, listings, perPage)
	comp := jsShopComp(RenderOptions{Mode: RenderBrowser, WaitFor: ".price.filled", Tabs: 4, Timeout: 30 * time.Second}, 4)
	comp.Name = "bench-js"
	comp.StartURLs = []string{"http://shop.test/list/1"}
	comp.MaxPages = 1000
	comp.Rules.Product = extract.Selectors{Title: "h1", Price: ".price", SKU: "body @data-sku"}
	cr := &Crawler{Transport: hostTransport(map[string]string{"shop.test": s.addr()}), Now: time.Now}
	var pages int
	var elapsed time.Duration
	var peak memSample
	for b.Loop() {
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			t := time.NewTicker(20 * time.Millisecond)
			defer t.Stop()
			for {
				m := sampleMem(dir)
				peak.rss, peak.pss, peak.selfRSS = max(peak.rss, m.rss), max(peak.pss, m.pss), max(peak.selfRSS, m.selfRSS)
				select {
				case <-stop:
					return
				case <-t.C:
				}
			}
		})
		start := time.Now()
		var priced int
		stats, err := cr.Crawl(context.Background(), comp, func(_ context.Context, offers []pricing.Offer) error {
			for _, o := range offers {
				if o.Price != nil {
					priced++
				}
			}
			return nil
		})
		elapsed += time.Since(start)
		close(stop)
		wg.Wait()
		if err != nil {
			b.Fatal(err)
		}
		if stats.Pages != listings*(perPage+1) || priced != listings*perPage {
			b.Fatalf("%d pages read, %d offers priced; want %d and %d (failures %v)", stats.Pages, priced, listings*(perPage+1), listings*perPage, stats.Failures)
		}
		pages += stats.Pages
	}
	b.ReportMetric(float64(pages)/elapsed.Seconds(), "pages/s")
	b.ReportMetric(float64(peak.rss)/(1<<20), "peak-rss-MB")
	b.ReportMetric(float64(peak.pss)/(1<<20), "peak-pss-MB")
	// The Go side alone: the crawler and, in this benchmark, the shop.
	b.ReportMetric(float64(peak.selfRSS)/(1<<20), "go-rss-MB")
}
