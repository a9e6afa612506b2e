package scraper_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/queue/queuetest"
	"github.com/shelfwatch/shelfwatch/scraper"
	"github.com/shelfwatch/shelfwatch/scraper/extract"
	"github.com/shelfwatch/shelfwatch/scraper/redisstore"
)

// TestCrawlSharedMergesListingAndProductPagesAcrossWorkers crawls one shop
// with two Crawlers (two workers) sharing a frontier in Redis: every page is
// fetched once; a listing's brand and a product page's SKU and price merge
// into one offer whichever worker read which page; a product page that
// fails gives its listing offer; a product page max_pages never allowed
// gives its listing offer at the end (whichever page that is).
func TestCrawlSharedMergesListingAndProductPagesAcrossWorkers(t *testing.T) {
	const lists, per = 3, 10
	var mu sync.Mutex
	hits := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.RequestURI()]++
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/list" {
			var p int
			fmt.Sscan(r.URL.Query().Get("page"), &p)
			fmt.Fprint(w, `<html><body>`)
			for i := 1; i <= per; i++ {
				fmt.Fprintf(w, `<div class="card"><a class="name" href="/p/%d-%d">Phone %d-%d</a><span class="brand">Acme</span><span class="price">¥%d.00</span></div>`, p, i, p, i, 10*p+i)
			}
			if p < lists {
				fmt.Fprintf(w, `<a class="next" href="/list?page=%d">next</a>`, p+1)
			}
			fmt.Fprint(w, `</body></html>`)
			return
		}
		var p, i int
		if _, err := fmt.Sscanf(r.URL.Path, "/p/%d-%d", &p, &i); err != nil || (p == 2 && i == 5) {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(w, `<html><head><script type="application/ld+json">{"@type":"Product","name":"Phone %[1]d-%[2]d","sku":"S-%[1]d-%[2]d","offers":{"@type":"Offer","price":"%[3]d.50","priceCurrency":"CNY"}}</script></head><body></body></html>`, p, i, 10*p+i)
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	comp := scraper.Competitor{
		Name: "acme", StartURLs: []string{srv.URL + "/list?page=1"}, AllowedDomains: []string{u.Hostname()},
		Currency: "CNY", Parallelism: 3,
		// Every page but one: the last product link is never fetched.
		MaxPages: lists*(per+1) - 1,
		Rules: extract.Rules{
			Listing:      extract.Selectors{Item: ".card", Title: "a.name", URL: "a.name @href", Price: ".price", Brand: ".brand"},
			ProductLinks: ".card a.name @href", NextPage: "a.next @href",
		},
	}
	rdb := queuetest.MustClient(t, queuetest.MustURL(t, queuetest.DBScraper))
	f := func() scraper.Frontier { return redisstore.NewFrontier(rdb, "shared-test") }
	var smu sync.Mutex
	var offers []pricing.Offer
	sink := func(_ context.Context, b scraper.Batch) error {
		smu.Lock()
		offers = append(offers, b.Offers...)
		smu.Unlock()
		return nil
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for w := range 2 {
		c := &scraper.Crawler{MaxRetries: -1}
		wg.Go(func() {
			_, errs[w] = c.CrawlShared(context.Background(), comp, scraper.SharedOptions{Frontier: f(), Seed: w == 0, Sink: sink})
		})
	}
	wg.Wait()
	for w, err := range errs {
		if err != nil {
			t.Fatalf("worker %d: %v", w, err)
		}
	}
	for uri, n := range hits {
		if n != 1 {
			t.Errorf("%s fetched %d times, want once", uri, n)
		}
	}
	if len(hits) != lists*(per+1)-1 {
		t.Errorf("%d pages fetched, want %d (max_pages)", len(hits), lists*(per+1)-1)
	}
	// Which product page max_pages leaves out is a race between the
	// workers (one may queue the next listing's products while the other
	// still queues this one's), so find it rather than assume the last.
	var skipped []string
	for p := 1; p <= lists; p++ {
		for i := 1; i <= per; i++ {
			if hits[fmt.Sprintf("/p/%d-%d", p, i)] == 0 {
				skipped = append(skipped, fmt.Sprintf("%d-%d", p, i))
			}
		}
	}
	if len(skipped) != 1 {
		t.Fatalf("product pages never fetched: %v, want exactly one (max_pages)", skipped)
	}
	byURL := map[string]pricing.Offer{}
	for _, o := range offers {
		if _, dup := byURL[o.URL]; dup {
			t.Errorf("offer for %s handed over twice", o.URL)
		}
		byURL[o.URL] = o
	}
	if len(byURL) != lists*per {
		t.Fatalf("%d offers, want %d", len(byURL), lists*per)
	}
	for p := 1; p <= lists; p++ {
		for i := 1; i <= per; i++ {
			o := byURL[fmt.Sprintf("%s/p/%d-%d", srv.URL, p, i)]
			if o.Brand != "Acme" {
				t.Errorf("p/%d-%d: brand %q, want the listing's Acme merged in", p, i, o.Brand)
			}
			wantSKU, wantPrice := fmt.Sprintf("S-%d-%d", p, i), fmt.Sprintf("%d.50", 10*p+i)
			if p == 2 && i == 5 || fmt.Sprintf("%d-%d", p, i) == skipped[0] {
				// Failed, or never fetched: the listing's offer.
				wantSKU, wantPrice = "", fmt.Sprintf("%d.00", 10*p+i)
			}
			if o.SKU != wantSKU || o.Price == nil || o.Price.String() != wantPrice+" CNY" {
				t.Errorf("p/%d-%d: sku %q price %v, want %q %s", p, i, o.SKU, o.Price, wantSKU, wantPrice)
			}
		}
	}
}

// racingFrontier plays another worker that reads every product page the
// moment it is queued: its Take, right after Add, must find the listing's
// offer held already.
type racingFrontier struct {
	scraper.Frontier
	mu    sync.Mutex
	found map[string]bool // product URL: the racing read found its listing offer
}

func (f *racingFrontier) Add(ctx context.Context, key string, req scraper.FrontierRequest, maxPages int) (bool, bool, error) {
	added, capped, err := f.Frontier.Add(ctx, key, req, maxPages)
	if err != nil || !added || req.Kind != "product" {
		return added, capped, err
	}
	o, ok, err := f.Frontier.Take(ctx, req.URL)
	f.mu.Lock()
	f.found[req.URL] = ok && o.Brand == "Acme"
	f.mu.Unlock()
	return added, capped, err
}

// TestCrawlSharedHoldsListingOffersBeforeQueueingProductPages: a product
// page queued by one worker can be read by another at once, so the listing
// offer must wait in the frontier before the page is queued; held after,
// it would find the page read and be dropped with what only the listing
// says (here the brand).
func TestCrawlSharedHoldsListingOffersBeforeQueueingProductPages(t *testing.T) {
	const per = 5
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/list" {
			fmt.Fprint(w, `<html><body>`)
			for i := 1; i <= per; i++ {
				fmt.Fprintf(w, `<div class="card"><a class="name" href="/p/%d">Phone %d</a><span class="brand">Acme</span><span class="price">¥%d.00</span></div>`, i, i, 10+i)
			}
			fmt.Fprint(w, `</body></html>`)
			return
		}
		fmt.Fprintf(w, `<html><head><script type="application/ld+json">{"@type":"Product","name":"Phone","sku":"S%s","offers":{"@type":"Offer","price":"9.50","priceCurrency":"CNY"}}</script></head></html>`, r.URL.Path[len("/p/"):])
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	comp := scraper.Competitor{
		Name: "acme", StartURLs: []string{srv.URL + "/list"}, AllowedDomains: []string{u.Hostname()},
		Currency: "CNY", Parallelism: 2,
		Rules: extract.Rules{
			Listing:      extract.Selectors{Item: ".card", Title: "a.name", URL: "a.name @href", Price: ".price", Brand: ".brand"},
			ProductLinks: ".card a.name @href",
		},
	}
	rdb := queuetest.MustClient(t, queuetest.MustURL(t, queuetest.DBScraper))
	f := &racingFrontier{Frontier: redisstore.NewFrontier(rdb, "race-test"), found: map[string]bool{}}
	c := &scraper.Crawler{MaxRetries: -1}
	if _, err := c.CrawlShared(context.Background(), comp, scraper.SharedOptions{Frontier: f, Seed: true}); err != nil {
		t.Fatal(err)
	}
	if len(f.found) != per {
		t.Fatalf("%d product pages queued, want %d", len(f.found), per)
	}
	for u, ok := range f.found {
		if !ok {
			t.Errorf("%s: read the moment it was queued, its listing offer was not waiting for it", u)
		}
	}
}

// TestCrawlSharedSendsTheShopsCookiesFromEveryWorker: the shop sets a
// region cookie on its listing page (read by the first worker) and prices
// its product pages in that region only for a visitor who sends it back;
// with a shared redisstore.Storage every product page, whichever worker
// fetches it, carries the cookie.
func TestCrawlSharedSendsTheShopsCookiesFromEveryWorker(t *testing.T) {
	const products = 12
	var mu sync.Mutex
	without := []string{} // product pages requested without the cookie
	// The second worker starts once the first reads product pages: a
	// worker that starts before anything is queued finds the crawl over.
	queued := make(chan struct{})
	var once sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/list" {
			http.SetCookie(w, &http.Cookie{Name: "region", Value: "cn", Path: "/"})
			fmt.Fprint(w, `<html><body>`)
			for i := 1; i <= products; i++ {
				fmt.Fprintf(w, `<div class="card"><a class="name" href="/p/%d">Phone %d</a></div>`, i, i)
			}
			fmt.Fprint(w, `</body></html>`)
			return
		}
		once.Do(func() { close(queued) })
		time.Sleep(30 * time.Millisecond) // so that both workers get pages
		if c, err := r.Cookie("region"); err != nil || c.Value != "cn" {
			mu.Lock()
			without = append(without, r.URL.Path)
			mu.Unlock()
		}
		fmt.Fprintf(w, `<html><head><script type="application/ld+json">{"@type":"Product","name":"Phone","sku":"S%s","offers":{"@type":"Offer","price":"99.00","priceCurrency":"CNY"}}</script></head></html>`, r.URL.Path)
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	comp := scraper.Competitor{
		Name: "acme", StartURLs: []string{srv.URL + "/list"}, AllowedDomains: []string{u.Hostname()},
		Currency: "CNY", Parallelism: 4,
		Rules: extract.Rules{Listing: extract.Selectors{Item: ".card", Title: "a.name", URL: "a.name @href"}, ProductLinks: ".card a.name @href"},
	}
	rdb := queuetest.MustClient(t, queuetest.MustURL(t, queuetest.DBScraper))
	var wg sync.WaitGroup
	stats := make([]scraper.Stats, 2)
	errs := make([]error, 2)
	for w := range 2 {
		if w == 1 {
			<-queued
		}
		c := &scraper.Crawler{MaxRetries: -1}
		wg.Go(func() {
			stats[w], errs[w] = c.CrawlShared(context.Background(), comp, scraper.SharedOptions{
				Frontier: redisstore.NewFrontier(rdb, "cookie-test:f"), Storage: redisstore.NewStorage(rdb, "cookie-test:c"),
				Seed: w == 0, InFlight: 1,
			})
		})
	}
	wg.Wait()
	for w, err := range errs {
		if err != nil {
			t.Fatalf("worker %d: %v", w, err)
		}
	}
	if stats[0].Pages+stats[1].Pages != products+1 {
		t.Fatalf("%d + %d pages fetched, want %d", stats[0].Pages, stats[1].Pages, products+1)
	}
	if stats[1].Pages == 0 {
		t.Fatal("the second worker fetched no page: the test shows nothing")
	}
	if len(without) > 0 {
		t.Errorf("product pages fetched without the shop's cookie: %v", without)
	}
}
