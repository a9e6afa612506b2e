package scraper

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/scraper/extract"
)

// requireChromium skips t when no Chromium is installed, or fails it when
// SHELFWATCH_REQUIRE_CHROMIUM=1 (CI sets it): a CI that silently skipped
// the browser tests would prove nothing.
func requireChromium(t testing.TB) {
	t.Helper()
	if ChromiumPath() != "" {
		return
	}
	if os.Getenv("SHELFWATCH_REQUIRE_CHROMIUM") == "1" {
		t.Fatal("SHELFWATCH_REQUIRE_CHROMIUM=1 but no chromium is installed (apt-get install chromium)")
	}
	t.Skip("no chromium installed; set SHELFWATCH_REQUIRE_CHROMIUM=1 to fail instead")
}

// chromiumProcs lists the processes whose command line names dir: a
// Chromium started while TMPDIR was dir passes its temporary
// --user-data-dir (under dir) to every process it starts. A zombie has an
// empty command line and is not counted: it runs nothing.
func chromiumProcs(t testing.TB, dir string) []int {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Skipf("no /proc to look for processes in: %v", err)
	}
	var out []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		cmd, err := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if err == nil && bytes.Contains(cmd, []byte(dir)) {
			out = append(out, pid)
		}
	}
	return out
}

// browserTempDir makes a short temporary directory and makes it TMPDIR,
// where Chromium's user-data-dir then goes: chromiumProcs finds the
// processes by it. t.TempDir's long names would overflow the 108 bytes of
// the Unix socket path Chromium puts there.
func browserTempDir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "swb")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	t.Setenv("TMPDIR", dir)
	return dir
}

// jsShopProducts are the products of the JavaScript shop, by SKU, with
// the prices only its JSON endpoints know.
var jsShopProducts = []struct{ sku, title, price string }{
	{"A100", "Phone A100", "1999.00"}, {"A200", "Phone A200", "2499.00"}, {"A300", "Phone A300", "899.50"},
	{"B100", "Tablet B100", "3299.00"}, {"B200", "Tablet B200", "1288.00"}, {"B300", "Tablet B300", "4999.99"},
}

// jsShopScript fills every .price from the shop's JSON endpoints: the
// listing's in one request for all its cards, a product page's from its
// own endpoint. It also pings a path robots.txt disallows, which the
// crawler must refuse, and marks each filled price "filled" so that a
// wait_for can wait for it.
const jsShopScript = `
(async function () {
  fetch('/private/beacon?page=' + encodeURIComponent(location.pathname)).catch(function () {});
  var cards = document.querySelectorAll('.card');
  if (cards.length) {
    var skus = Array.prototype.map.call(cards, function (c) { return c.dataset.sku; });
    var res = await fetch('/api/prices?skus=' + skus.join(','));
    var data = await res.json();
    data.forEach(function (p) {
      var el = document.querySelector('.card[data-sku="' + p.id + '"] .price');
      if (el) { el.textContent = '¥' + p.price; el.classList.add('filled'); }
    });
    return;
  }
  var sku = document.body.dataset.sku;
  var res = await fetch('/api/price/' + sku);
  var p = await res.json();
  var el = document.querySelector('.price');
  el.textContent = '¥' + p.price;
  el.classList.add('filled');
})();
`

// newJSShop is a shop whose prices are inserted by JavaScript from JSON
// endpoints: two listing pages of three products each, a product page per
// product, and on every page a stylesheet, images and a script of its own
// and of another host, which a render must not fetch. hold delays each
// answer, so that requests overlap when the crawler lets them.
func newJSShop(t *testing.T, hold time.Duration) (*shop, *shop) {
	t.Helper()
	s := newShop(t)
	other := newShop(t)
	other.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "/* tracker */") })
	slow := func(h http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(hold)
			h(w, r)
		}
	}
	head := `<!doctype html><html><head><meta charset="utf-8"><title>%s</title>
<link rel="stylesheet" href="/style.css"><script src="http://cdn.other.test/track.js"></script></head>`
	assets := `<img src="/img/logo.png"><img src="http://cdn.other.test/ad.png"><script src="/app.js"></script>`
	for page := 1; page <= 2; page++ {
		var b strings.Builder
		fmt.Fprintf(&b, head, "Catalogue")
		b.WriteString("<body><ul>\n")
		for _, p := range jsShopProducts[(page-1)*3 : page*3] {
			fmt.Fprintf(&b, `<li class="card" data-sku="%s"><a class="name" href="/p/%s">%s</a> <span class="price"></span></li>`+"\n", p.sku, p.sku, p.title)
		}
		b.WriteString("</ul>")
		if page == 1 {
			b.WriteString(`<a class="next" href="/list/2">next</a>`)
		}
		b.WriteString(assets + "</body></html>")
		body := b.String()
		s.mux.HandleFunc(fmt.Sprintf("/list/%d", page), slow(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}))
	}
	prices := map[string]string{}
	for _, p := range jsShopProducts {
		prices[p.sku] = p.price
		body := fmt.Sprintf(head, p.title) + fmt.Sprintf(`<body data-sku="%s"><h1>%s</h1><div class="price"></div>%s</body></html>`, p.sku, p.title, assets)
		s.mux.HandleFunc("/p/"+p.sku, slow(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}))
	}
	s.mux.HandleFunc("/app.js", slow(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, jsShopScript)
	}))
	s.mux.HandleFunc("/api/prices", slow(func(w http.ResponseWriter, r *http.Request) {
		var out []map[string]string
		for _, sku := range strings.Split(r.URL.Query().Get("skus"), ",") {
			if p, ok := prices[sku]; ok {
				out = append(out, map[string]string{"id": sku, "price": p})
			}
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(out)
	}))
	s.mux.HandleFunc("/api/price/", slow(func(w http.ResponseWriter, r *http.Request) {
		sku := strings.TrimPrefix(r.URL.Path, "/api/price/")
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]string{"id": sku, "price": prices[sku]})
	}))
	s.mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	})
	// Whatever else is asked for (style.css, images, /private/) answers,
	// so that only the crawler's refusal keeps it from being fetched.
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "x") })
	return s, other
}

func jsShopComp(render RenderOptions, parallelism int) Competitor {
	c := testComp("http://shop.test/list/1")
	c.Name = "js-shop"
	c.Rules.Listing = extract.Selectors{Item: ".card", Title: "a.name", URL: "a.name @href", SKU: "@data-sku", Price: ".price"}
	c.Rules.Product = extract.Selectors{Title: "h1", Price: ".price", SKU: "body @data-sku"}
	c.Rules.ProductLinks = "a.name @href"
	c.Render = render
	c.Parallelism = parallelism
	c.ObeyRobots = true
	c.Timeout = 10 * time.Second
	return c
}

func TestRenderBrowserReadsPricesThatJavaScriptInserts(t *testing.T) {
	requireChromium(t)
	tests := []struct {
		name        string
		render      RenderOptions
		parallelism int
		wantPrices  bool
	}{
		{"html reads the page as served, without the prices", RenderOptions{Mode: RenderHTML}, 2, false},
		{"browser waiting for a selector reads every price", RenderOptions{Mode: RenderBrowser, WaitFor: ".price.filled", Timeout: 15 * time.Second}, 2, true},
		{"browser waiting for network idle reads every price", RenderOptions{Mode: RenderBrowser, Tabs: 2, Timeout: 15 * time.Second}, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmp := browserTempDir(t)
			s, other := newJSShop(t, 15*time.Millisecond)
			cr := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr(), "cdn.other.test": other.addr()}))
			comp := jsShopComp(tt.render, tt.parallelism)
			var col collector
			stats, err := cr.Crawl(context.Background(), comp, col.sink)
			if err != nil {
				t.Fatalf("Crawl: %v (stats %+v)", err, stats)
			}
			got := col.byKey(t)
			if len(got) != len(jsShopProducts) {
				t.Fatalf("got %d offers, want %d: %v", len(got), len(jsShopProducts), got)
			}
			for _, p := range jsShopProducts {
				o, ok := got[pricing.ListingKey(p.sku, "", "")]
				if !ok {
					t.Errorf("no offer for %s", p.sku)
					continue
				}
				want := "<nil>"
				if tt.wantPrices {
					want = pricing.MustAmount(p.price).String() + " CNY"
				}
				if price(o) != want {
					t.Errorf("%s: price %s, want %s", p.sku, price(o), want)
				}
				if o.Title != p.title {
					t.Errorf("%s: title %q, want %q", p.sku, o.Title, p.title)
				}
			}
			if stats.Pages != 8 || stats.Errors != 0 {
				t.Errorf("stats: %d pages, %d errors (%v); want 8 pages, no errors", stats.Pages, stats.Errors, stats.Failures)
			}
			// Politeness: the shop never saw more requests at once than
			// parallelism, only our User-Agent, nothing robots.txt
			// disallows, no image, font or stylesheet; the other host
			// saw nothing at all.
			s.mu.Lock()
			maxConc := s.maxConc
			s.mu.Unlock()
			if maxConc > tt.parallelism {
				t.Errorf("shop saw %d requests at once, parallelism is %d", maxConc, tt.parallelism)
			}
			for _, r := range s.requests() {
				if r.ua != comp.UserAgent {
					t.Errorf("%s requested with User-Agent %q", r.uri, r.ua)
				}
				if strings.HasPrefix(r.uri, "/private/") || strings.HasPrefix(r.uri, "/img/") || r.uri == "/style.css" {
					t.Errorf("%s was requested; it should have been refused", r.uri)
				}
			}
			if n := len(other.requests()); n > 0 {
				t.Errorf("another host got %d requests: %v", n, other.requests())
			}
			if tt.render.Mode == RenderBrowser && s.hits("/app.js") == 0 {
				t.Error("the page's script was never fetched: was the page rendered at all?")
			}
			if procs := chromiumProcs(t, tmp); len(procs) > 0 {
				t.Errorf("Chromium processes left after Crawl returned: %v", procs)
			}
		})
	}
}

func TestRenderBrowserLeavesNoChromiumAfterCancel(t *testing.T) {
	requireChromium(t)
	tmp := browserTempDir(t)
	s := newShop(t)
	var asked atomic.Int32
	s.mux.HandleFunc("/hang", func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		<-r.Context().Done() // a shop that never answers
	})
	cr := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()}))
	comp := testComp("http://shop.test/hang")
	comp.Render = RenderOptions{Mode: RenderBrowser, Timeout: time.Minute}
	comp.Timeout = time.Minute
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := cr.Crawl(ctx, comp, nil)
		done <- err
	}()
	deadline := time.Now().Add(30 * time.Second)
	for asked.Load() == 0 || len(chromiumProcs(t, tmp)) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the browser never asked for the page (asked %d, processes %v)", asked.Load(), chromiumProcs(t, tmp))
		}
		time.Sleep(20 * time.Millisecond)
	}
	before := chromiumProcs(t, tmp)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Crawl after cancel: %v, want context.Canceled", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Crawl did not return after cancel")
	}
	if procs := chromiumProcs(t, tmp); len(procs) > 0 {
		t.Errorf("Chromium processes left after cancel: %v (there were %d before)", procs, len(before))
	}
}

func TestPageRendersOneURLInTheBrowser(t *testing.T) {
	requireChromium(t)
	s, other := newJSShop(t, 0)
	cr := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr(), "cdn.other.test": other.addr()}))
	comp := jsShopComp(RenderOptions{Mode: RenderBrowser, WaitFor: ".filled"}, 1)
	page, err := cr.ProductPage(context.Background(), comp, "http://shop.test/p/B300")
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Offers) != 1 || price(page.Offers[0]) != "4999.99 CNY" {
		t.Fatalf("offers %+v, want one at 4999.99 CNY", page.Offers)
	}
	// The main document's status is the page's: a 404 is a 404, as
	// without a browser.
	s.mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusNotFound) })
	_, err = cr.Page(context.Background(), comp, "http://shop.test/gone")
	var se *StatusError
	if !errors.As(err, &se) || se.Code != http.StatusNotFound {
		t.Fatalf("Page of a 404: %v, want a *StatusError 404", err)
	}
}

func TestRenderBrowserStartsAnotherWhenChromiumDies(t *testing.T) {
	requireChromium(t)
	tmp := browserTempDir(t)
	s, other := newJSShop(t, 60*time.Millisecond)
	cr := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr(), "cdn.other.test": other.addr()}))
	comp := jsShopComp(RenderOptions{Mode: RenderBrowser, WaitFor: ".price.filled", Tabs: 1, Timeout: 15 * time.Second}, 1)
	// Kill every Chromium process as soon as the first product page is
	// asked for, as the OOM killer would.
	killed := make(chan int, 1)
	go func() {
		for range 1000 {
			for _, r := range s.requests() {
				if strings.HasPrefix(r.uri, "/p/") {
					for _, pid := range chromiumProcs(t, tmp) {
						_ = syscall.Kill(pid, syscall.SIGKILL)
					}
					killed <- len(s.requests())
					return
				}
			}
			time.Sleep(5 * time.Millisecond)
		}
		killed <- -1
	}()
	var col collector
	stats, err := cr.Crawl(context.Background(), comp, col.sink)
	if err != nil {
		t.Fatalf("Crawl: %v", err)
	}
	at := <-killed
	if at < 0 {
		t.Fatal("no product page was asked for")
	}
	priced := 0
	for _, o := range col.byKey(t) {
		if o.Price != nil {
			priced++
		}
	}
	// At most the page being rendered when Chromium died is lost (and
	// with it, perhaps, the listing page whose offers wait for it).
	if priced < len(jsShopProducts)-2 || stats.Errors > 2 {
		t.Errorf("%d of %d offers priced, %d failures (%v): the crawl did not go on with a new browser",
			priced, len(jsShopProducts), stats.Errors, stats.Failures)
	}
	if procs := chromiumProcs(t, tmp); len(procs) > 0 {
		t.Errorf("Chromium processes left after Crawl returned: %v", procs)
	}
}
