package scraper

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// BenchmarkCrawlHTTPShop crawls a 20-page listing with 20 items a page from
// an httptest server, with no delay: the crawler's own overhead (Colly,
// decoding, extraction, merging) per page.
func BenchmarkCrawlHTTPShop(b *testing.B) {
	s := newShop(b)
	s.mux.HandleFunc("/list", func(w http.ResponseWriter, r *http.Request) {
		page := r.URL.Query().Get("page")
		p, _ := strconv.Atoi(page)
		var items []item
		for i := range 20 {
			sku := fmt.Sprintf("B%d-%d", p, i)
			items = append(items, item{sku, "Phone " + sku, "/p/" + sku, "¥1,299.00", "月销 1.2万+"})
		}
		next := ""
		if p < 20 {
			next = fmt.Sprintf("/list?page=%d", p+1)
		}
		_, _ = io.WriteString(w, listingHTML(items, next))
	})
	comp := testComp("http://shop.test/list?page=1")
	comp.Parallelism = 2
	c := &Crawler{Transport: hostTransport(map[string]string{"shop.test": s.addr()})}
	b.ReportAllocs()
	pages := 0
	for b.Loop() {
		stats, err := c.Crawl(context.Background(), comp, func(context.Context, []pricing.Offer) error { return nil })
		if err != nil || stats.Items != 400 {
			b.Fatalf("stats %+v, err %v", stats, err)
		}
		pages += stats.Pages
	}
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkToUTF8GBK decodes a ~40 KB GBK page declared by <meta>.
func BenchmarkToUTF8GBK(b *testing.B) {
	page := `<!doctype html><html><head><meta charset="gbk"><title>华为 Mate 60 Pro</title></head><body>` +
		strings.Repeat(`<div class="card"><a href="/p/1">华为 Mate 60 Pro 雅川青 12GB+512GB</a><span>￥6,999.00</span></div>`, 400) + `</body></html>`
	body, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(page))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		res := &http.Response{Header: http.Header{"Content-Type": {"text/html"}}, Body: io.NopCloser(bytes.NewReader(body))}
		if err := toUTF8(res, true); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadConfig loads the config that uses every key.
func BenchmarkLoadConfig(b *testing.B) {
	path := filepath.Join("..", "testdata", "scraper", "config", "valid.yaml")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loadConfig(path); err != nil {
			b.Fatal(err)
		}
	}
}
