package scraper

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
)

func TestCrawlFollowsPaginationAndProductPagesAndMergesThem(t *testing.T) {
	s := newShop(t)
	s.mux.HandleFunc("/list", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		switch r.URL.Query().Get("page") {
		case "":
			fmt.Fprint(w, listingHTML([]item{
				{"A1", "Phone A1", "/p/a1", "¥100.00", "月销 50"},
				{"A2", "Phone A2", "/p/a2?utm_source=list", "¥200.00", ""},
			}, "/list?page=2"))
		case "2":
			fmt.Fprint(w, listingHTML([]item{
				{"A3", "Phone A3", "p/a3", "¥300.00", ""},
				// The same product again, under another URL form.
				{"A1", "Phone A1", "/p/a1#reviews", "¥100.00", ""},
			}, "/list")) // back to page 1: must not be fetched again
		default:
			http.NotFound(w, r)
		}
	})
	s.html("/p/a1", productHTML("Phone A1 Pro", "¥95.00", "Acme"))
	s.html("/p/a3", `<html><body><h1>Phone A3 Max</h1><div class="brand">Acme</div></body></html>`)
	// /p/a2 is missing: 404.

	comp := testComp("http://shop.test/list")
	comp.Rules.ProductLinks = ".card a.name @href"
	var sink collector
	stats, err := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()})).Crawl(context.Background(), comp, sink.sink)
	if err != nil {
		t.Fatal(err)
	}
	got := sink.byKey(t)
	if len(got) != 3 {
		t.Fatalf("got %d offers, want 3: %v", len(got), got)
	}
	a1 := got["sku:A1"]
	if a1.Title != "Phone A1 Pro" || price(a1) != "95.00 CNY" || a1.Brand != "Acme" {
		t.Errorf("A1 = %q %s %q; want the product page's title, price and brand", a1.Title, price(a1), a1.Brand)
	}
	if a1.Sales == nil || *a1.Sales != 50 {
		t.Errorf("A1 sales = %v; want 50 filled in from the listing", a1.Sales)
	}
	if a1.Competitor != "test-shop" || !a1.ObservedAt.Equal(testNow) {
		t.Errorf("A1 competitor, observed = %q, %v", a1.Competitor, a1.ObservedAt)
	}
	if a2 := got["sku:A2"]; a2.Title != "Phone A2" || price(a2) != "200.00 CNY" {
		t.Errorf("A2 = %q %s; want the listing's data, its product page being 404", a2.Title, price(a2))
	}
	if a3 := got["sku:A3"]; a3.Title != "Phone A3 Max" || price(a3) != "300.00 CNY" || a3.Brand != "Acme" {
		t.Errorf("A3 = %q %s %q; want product title and brand, listing price", a3.Title, price(a3), a3.Brand)
	}
	for uri, want := range map[string]int{"/list": 1, "/list?page=2": 1, "/p/a1": 1, "/p/a2": 1, "/p/a3": 1} {
		if n := s.hits(uri); n != want {
			t.Errorf("%s fetched %d times, want %d", uri, n, want)
		}
	}
	if stats.Pages != 4 || stats.Items != 3 || stats.Errors != 1 || len(stats.Failures) != 1 {
		t.Errorf("stats = %+v; want 4 pages, 3 items, 1 error", stats)
	}
	var se *StatusError
	if len(stats.Failures) == 1 && (!errors.As(stats.Failures[0], &se) || se.Code != 404 || !strings.Contains(se.URL, "/p/a2")) {
		t.Errorf("failure = %v; want a 404 StatusError naming /p/a2", stats.Failures[0])
	}
}

func TestCrawlNeverLeavesTheAllowedDomains(t *testing.T) {
	s, other := newShop(t), newShop(t)
	evil := t.TempDir() + "/evil.html"
	s.html("/list", listingHTML([]item{
		{"A1", "Phone A1", "http://other.test/p/a1", "¥100.00", ""},
		{"A2", "Phone A2", "file://" + evil, "¥100.00", ""},
	}, "http://other.test/list"))
	other.html("/", listingHTML([]item{{"X1", "Other", "/p/x1", "¥1.00", ""}}, ""))

	comp := testComp("http://shop.test/list")
	comp.Rules.ProductLinks = ".card a.name @href"
	tr := hostTransport(map[string]string{"shop.test": s.addr(), "other.test": other.addr()})
	var sink collector
	if _, err := testCrawler(t, tr).Crawl(context.Background(), comp, sink.sink); err != nil {
		t.Fatal(err)
	}
	if n := len(other.requests()); n != 0 {
		t.Errorf("the server off the allowed domains got %d requests: %v", n, other.requests())
	}
	if n := len(sink.byKey(t)); n != 2 {
		t.Errorf("got %d offers, want the 2 listing offers", n)
	}
}

func TestCrawlRobotsTxt(t *testing.T) {
	tests := []struct {
		name        string
		obey        bool
		wantPrivate int
		wantRobots  int
	}{
		{"is obeyed by default", true, 0, 1},
		{"is ignored with robots_txt: ignore", false, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newShop(t)
			s.mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
			})
			s.html("/list", listingHTML([]item{{"A1", "Phone A1", "/p/a1", "¥1.00", ""}}, "/private/list2"))
			s.html("/private/list2", listingHTML([]item{{"A2", "Phone A2", "/p/a2", "¥2.00", ""}}, ""))
			comp := testComp("http://shop.test/list")
			comp.ObeyRobots = tt.obey
			var sink collector
			stats, err := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()})).Crawl(context.Background(), comp, sink.sink)
			if err != nil {
				t.Fatal(err)
			}
			if n := s.hits("/private/list2"); n != tt.wantPrivate {
				t.Errorf("disallowed page fetched %d times, want %d", n, tt.wantPrivate)
			}
			if n := s.hits("/robots.txt"); n != tt.wantRobots {
				t.Errorf("robots.txt fetched %d times, want %d", n, tt.wantRobots)
			}
			if tt.obey && stats.Skipped != 1 {
				t.Errorf("Skipped = %d, want 1", stats.Skipped)
			}
		})
	}
}

func TestCrawlOfAPageDisallowedByRobotsTxtIsASiteFailure(t *testing.T) {
	s := newShop(t)
	s.mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: shelfwatch-test\nDisallow: /\n")
	})
	s.html("/list", listingHTML(nil, ""))
	comp := testComp("http://shop.test/list")
	comp.ObeyRobots = true
	_, err := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()})).Crawl(context.Background(), comp, (&collector{}).sink)
	if !errors.Is(err, ErrSiteFailed) || !strings.Contains(err.Error(), "robots") {
		t.Errorf("err = %v; want ErrSiteFailed mentioning robots.txt", err)
	}
	if s.hits("/list") != 0 {
		t.Error("the disallowed start page was fetched")
	}
}

func TestCrawlSendsTheUserAgentWithTheContactURL(t *testing.T) {
	s := newShop(t)
	s.mux.HandleFunc("/robots.txt", http.NotFound)
	s.html("/list", listingHTML([]item{{"A1", "Phone A1", "/p/a1", "¥1.00", ""}}, ""))
	s.html("/p/a1", productHTML("Phone A1", "¥1.00", ""))
	comp := testComp("http://shop.test/list")
	comp.ObeyRobots = true
	comp.Rules.ProductLinks = ".card a.name @href"
	if _, err := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()})).Crawl(context.Background(), comp, (&collector{}).sink); err != nil {
		t.Fatal(err)
	}
	reqs := s.requests()
	if len(reqs) != 3 {
		t.Errorf("got %d requests, want robots.txt, /list and /p/a1", len(reqs))
	}
	for _, r := range reqs {
		if r.ua != comp.UserAgent || !strings.Contains(r.ua, "(+https://example.com/bot)") {
			t.Errorf("%s sent User-Agent %q, want %q", r.uri, r.ua, comp.UserAgent)
		}
	}
}

// slowShop serves n product pages linked from /list; each takes a moment,
// so that requests that are allowed to overlap do.
func slowShop(t *testing.T, n int) *shop {
	s := newShop(t)
	var items []item
	for i := range n {
		items = append(items, item{fmt.Sprintf("S%d", i), fmt.Sprintf("Item %d", i), fmt.Sprintf("/p/%d", i), "¥1.00", ""})
	}
	s.html("/list", listingHTML(items, ""))
	s.mux.HandleFunc("/p/", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond)
		fmt.Fprint(w, productHTML("Item", "¥1.00", ""))
	})
	return s
}

func TestCrawlKeepsToTheParallelismPerDomain(t *testing.T) {
	for _, parallelism := range []int{1, 3} {
		t.Run(fmt.Sprintf("with parallelism %d no more requests overlap", parallelism), func(t *testing.T) {
			s := slowShop(t, 9)
			comp := testComp("http://shop.test/list")
			comp.Rules.ProductLinks = ".card a.name @href"
			comp.Parallelism = parallelism
			if _, err := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()})).Crawl(context.Background(), comp, (&collector{}).sink); err != nil {
				t.Fatal(err)
			}
			if len(s.requests()) != 10 {
				t.Fatalf("got %d requests, want 10", len(s.requests()))
			}
			if s.maxConc > parallelism {
				t.Errorf("%d requests overlapped, want at most %d", s.maxConc, parallelism)
			}
		})
	}
}

func TestCrawlWaitsTheDelayBetweenRequests(t *testing.T) {
	s := slowShop(t, 3)
	comp := testComp("http://shop.test/list")
	comp.Rules.ProductLinks = ".card a.name @href"
	comp.Parallelism = 1
	comp.Delay = 30 * time.Millisecond
	if _, err := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()})).Crawl(context.Background(), comp, (&collector{}).sink); err != nil {
		t.Fatal(err)
	}
	reqs := s.requests()
	// Only a lower bound: a request never starts before the previous one
	// ended plus the delay. (Upper bounds would flake on a busy machine.)
	for i := 1; i < len(reqs); i++ {
		if gap := reqs[i].start.Sub(reqs[i-1].end); gap < comp.Delay {
			t.Errorf("request %d (%s) started %v after the previous ended, want at least %v", i, reqs[i].uri, gap, comp.Delay)
		}
	}
}

func TestCrawlRetries(t *testing.T) {
	tests := []struct {
		name     string
		failures int    // how many requests fail before one succeeds
		status   int    // the failing status
		header   string // Retry-After
		hang     bool   // fail by not answering within the timeout
		wantHits int
		wantOK   bool
		wantMsg  string
	}{
		{name: "a 503 twice and then success is retried", failures: 2, status: 503, wantHits: 3, wantOK: true},
		{name: "a 429 with Retry-After is retried", failures: 1, status: 429, header: "0", wantHits: 2, wantOK: true},
		{name: "a timeout is retried", failures: 1, hang: true, wantHits: 2, wantOK: true},
		{name: "a 404 is not retried", failures: 99, status: 404, wantHits: 1, wantMsg: "HTTP 404"},
		{name: "a 403 is not retried", failures: 99, status: 403, wantHits: 1, wantMsg: "HTTP 403"},
		{name: "a 500 forever gives up after the retries", failures: 99, status: 500, wantHits: 4, wantMsg: "gave up after 4 attempts"},
		{name: "a Retry-After beyond the bound gives up at once", failures: 99, status: 503, header: "3600", wantHits: 1, wantMsg: "Retry-After 1h0m0s is longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newShop(t)
			n := 0
			s.mux.HandleFunc("/list", func(w http.ResponseWriter, r *http.Request) {
				s.mu.Lock()
				n++
				fail := n <= tt.failures
				s.mu.Unlock()
				if fail && tt.hang {
					<-r.Context().Done()
					return
				}
				if fail {
					if tt.header != "" {
						w.Header().Set("Retry-After", tt.header)
					}
					w.Header().Set("Content-Type", "text/html")
					w.WriteHeader(tt.status)
					// An error page that looks like a listing must yield nothing.
					fmt.Fprint(w, listingHTML([]item{{"E1", "Error", "/e", "¥1.00", ""}}, ""))
					return
				}
				fmt.Fprint(w, listingHTML([]item{{"A1", "Phone A1", "/p/a1", "¥1.00", ""}}, ""))
			})
			comp := testComp("http://shop.test/list")
			if tt.hang {
				// Long enough for the answer that follows the hang even
				// on a busy machine.
				comp.Timeout = time.Second
			}
			var sink collector
			stats, err := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()})).Crawl(context.Background(), comp, sink.sink)
			if got := s.hits("/list"); got != tt.wantHits {
				t.Errorf("fetched %d times, want %d", got, tt.wantHits)
			}
			offers := sink.offers()
			if tt.wantOK {
				if err != nil {
					t.Fatal(err)
				}
				if len(offers) != 1 || offers[0].Key != "sku:A1" {
					t.Errorf("offers = %v, want A1", offers)
				}
				return
			}
			if !errors.Is(err, ErrSiteFailed) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("err = %v; want ErrSiteFailed with %q", err, tt.wantMsg)
			}
			if len(offers) != 0 {
				t.Errorf("an error page yielded offers: %v", offers)
			}
			if stats.Errors != 1 {
				t.Errorf("Errors = %d, want 1", stats.Errors)
			}
		})
	}
}

func TestCrawlOfASiteThatIsDownFailsWithErrSiteFailed(t *testing.T) {
	for _, obey := range []bool{true, false} {
		t.Run(fmt.Sprintf("with robots.txt obeyed %v", obey), func(t *testing.T) {
			s := newShop(t)
			addr := s.addr()
			s.srv.Close()
			comp := testComp("http://shop.test/list")
			comp.ObeyRobots = obey
			stats, err := testCrawler(t, hostTransport(map[string]string{"shop.test": addr})).Crawl(context.Background(), comp, (&collector{}).sink)
			if !errors.Is(err, ErrSiteFailed) {
				t.Fatalf("err = %v, want ErrSiteFailed", err)
			}
			if !strings.Contains(err.Error(), "http://shop.test/") {
				t.Errorf("err = %v; want it to name the URL", err)
			}
			if stats.Pages != 0 || stats.Errors == 0 {
				t.Errorf("stats = %+v", stats)
			}
		})
	}
}

// chainShop serves listing pages /list?page=1..n, each linking to the next.
func chainShop(t *testing.T, n int, block func(page string, r *http.Request)) *shop {
	s := newShop(t)
	s.mux.HandleFunc("/list", func(w http.ResponseWriter, r *http.Request) {
		page := r.URL.Query().Get("page")
		if block != nil {
			block(page, r)
		}
		var p int
		fmt.Sscan(page, &p)
		next := ""
		if p < n {
			next = fmt.Sprintf("/list?page=%d", p+1)
		}
		fmt.Fprint(w, listingHTML([]item{{fmt.Sprintf("P%d", p), "Item", fmt.Sprintf("/p/%d", p), "¥1.00", ""}}, next))
	})
	return s
}

func TestCrawlAbortsOnASinkError(t *testing.T) {
	s := chainShop(t, 5, nil)
	errFull := errors.New("disk full")
	sink := collector{err: func(int) error { return errFull }}
	_, err := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()})).Crawl(context.Background(), testComp("http://shop.test/list?page=1"), sink.sink)
	if !errors.Is(err, errFull) {
		t.Fatalf("err = %v, want the sink's error", err)
	}
	if len(sink.batches) != 1 {
		t.Errorf("sink called %d times after failing, want once", len(sink.batches))
	}
	if n := s.hits("/list?page=3"); n != 0 {
		t.Errorf("page 3 fetched after the sink failed")
	}
}

func TestCrawlStopsWhenTheContextIsCancelled(t *testing.T) {
	t.Run("between pages", func(t *testing.T) {
		s := chainShop(t, 5, nil)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		sink := collector{err: func(int) error { cancel(); return nil }}
		_, err := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()})).Crawl(ctx, testComp("http://shop.test/list?page=1"), sink.sink)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if n := s.hits("/list?page=3"); n != 0 {
			t.Errorf("page 3 fetched after the cancel")
		}
	})
	t.Run("while the last page is handled", func(t *testing.T) {
		s := chainShop(t, 1, nil)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		sink := collector{err: func(int) error { cancel(); return nil }}
		_, err := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()})).Crawl(ctx, testComp("http://shop.test/list?page=1"), sink.sink)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	})
	t.Run("while a request hangs", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		arrived := make(chan struct{})
		s := chainShop(t, 5, func(page string, r *http.Request) {
			if page == "2" {
				close(arrived)
				<-r.Context().Done()
			}
		})
		go func() {
			<-arrived
			cancel()
		}()
		comp := testComp("http://shop.test/list?page=1")
		comp.Timeout = time.Minute
		done := make(chan error, 1)
		go func() {
			_, err := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()})).Crawl(ctx, comp, (&collector{}).sink)
			done <- err
		}()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("err = %v, want context.Canceled", err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("Crawl did not return after the cancel")
		}
	})
}

func TestCrawlStopsAtMaxPages(t *testing.T) {
	s := chainShop(t, 10, nil)
	comp := testComp("http://shop.test/list?page=1")
	comp.MaxPages = 3
	var sink collector
	stats, err := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()})).Crawl(context.Background(), comp, sink.sink)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(s.requests()); n != 3 {
		t.Errorf("%d pages fetched, want 3", n)
	}
	if stats.Pages != 3 || stats.Items != 3 || stats.Skipped != 1 {
		t.Errorf("stats = %+v; want 3 pages, 3 items, 1 skipped", stats)
	}
}

func TestCrawlWithoutSink(t *testing.T) {
	s := chainShop(t, 1, nil)
	stats, err := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()})).Crawl(context.Background(), testComp("http://shop.test/list?page=1"), nil)
	if err != nil || stats.Pages != 1 || stats.Items != 0 {
		t.Errorf("stats, err = %+v, %v; want 1 page, 0 items handed out", stats, err)
	}
}

func TestMergeLetsProductPageFieldsWinAndListingFillBlanks(t *testing.T) {
	sales := int64(7)
	listing := pricing.Offer{
		Key: "sku:A1", URL: "https://s.example/p/1", Title: "Listing title", SKU: "A1", Category: "Phones",
		Price:  &pricing.Money{Amount: pricing.MustAmount("100"), Currency: "CNY"},
		Sales:  &sales,
		Source: map[string]string{"title": "selector", "sku": "selector", "price": "selector", "category": "selector", "sales": "selector"},
	}
	tests := []struct {
		name       string
		product    pricing.Offer
		withPrices bool
		want       func(pricing.Offer) string
	}{
		{"a product page with every field keeps its own", pricing.Offer{
			Key: "sku:A1", URL: "https://s.example/p/1", Title: "Product title", SKU: "A1", Category: "Mobiles",
			Price: &pricing.Money{Amount: pricing.MustAmount("95"), Currency: "CNY"}, Source: map[string]string{"title": "jsonld", "price": "jsonld"},
		}, true, func(o pricing.Offer) string {
			if o.Title != "Product title" || o.Price.Amount != pricing.MustAmount("95") || o.Category != "Mobiles" || o.Source["title"] != "jsonld" {
				return "product fields were overwritten"
			}
			if o.Sales == nil || *o.Sales != 7 || o.Source["sales"] != "selector" {
				return "sales not filled from the listing"
			}
			return ""
		}},
		{"a product page without SKU gets the listing's and its key", pricing.Offer{
			Key: "url:https://s.example/p/1", URL: "https://s.example/p/1", Title: "Product title",
		}, true, func(o pricing.Offer) string {
			if o.SKU != "A1" || o.Key != "sku:A1" || o.Price == nil || o.Price.Amount != pricing.MustAmount("100") || o.Source["price"] != "selector" {
				return fmt.Sprintf("got key %s sku %s price %v", o.Key, o.SKU, o.Price)
			}
			return ""
		}},
		{"a variant without price does not borrow the listing's", pricing.Offer{
			Key: "sku:A1-red", URL: "https://s.example/p/1?v=red", SKU: "A1-red", Title: "Red",
		}, false, func(o pricing.Offer) string {
			if o.Price != nil || o.Key != "sku:A1-red" || o.Category != "Phones" {
				return fmt.Sprintf("got price %v key %s category %q", o.Price, o.Key, o.Category)
			}
			return ""
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := tt.product.Source
			got := merge(tt.product, listing, tt.withPrices)
			if msg := tt.want(got); msg != "" {
				t.Error(msg)
			}
			if len(src) > 0 && len(src) != len(tt.product.Source) {
				t.Error("merge modified the product offer's Source map")
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"120", 2 * time.Minute, true},
		{"0", 0, true},
		{"Wed, 25 Nov 2026 09:00:30 GMT", 30 * time.Second, true},
		{"Wed, 25 Nov 2026 08:00:00 GMT", 0, true},
		{"", 0, false},
		{"-5", 0, false},
		{"soon", 0, false},
		{"1.5", 0, false},
		{"9227000000", 365 * 24 * time.Hour, true}, // would overflow a Duration
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q is read as %v", tt.in, tt.want), func(t *testing.T) {
			got, ok := retryAfter(tt.in, now)
			if got != tt.want || ok != tt.ok {
				t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestCrawlOfACompetitorWithNothingToFetchIsAnError(t *testing.T) {
	comp := testComp()
	comp.AllowedDomains = nil
	_, err := (&Crawler{}).Crawl(context.Background(), comp, nil)
	if err == nil {
		t.Fatal("want an error")
	}
}

func TestCrawlIgnoresCollyEnvironmentVariables(t *testing.T) {
	// Colly reads COLLY_* variables in NewCollector; the config file, not
	// the environment, must decide how we treat a shop.
	t.Setenv("COLLY_IGNORE_ROBOTSTXT", "yes")
	t.Setenv("COLLY_USER_AGENT", "someone-else")
	t.Setenv("COLLY_ALLOWED_DOMAINS", "other.test")
	s := newShop(t)
	s.mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	})
	s.html("/list", listingHTML([]item{{"A1", "Phone A1", "/p/a1", "¥1.00", ""}}, "/private/list2"))
	comp := testComp("http://shop.test/list")
	comp.ObeyRobots = true
	if _, err := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()})).Crawl(context.Background(), comp, (&collector{}).sink); err != nil {
		t.Fatal(err)
	}
	if s.hits("/private/list2") != 0 {
		t.Error("robots.txt was ignored")
	}
	for _, r := range s.requests() {
		if r.ua != comp.UserAgent {
			t.Errorf("%s sent User-Agent %q", r.uri, r.ua)
		}
	}
}

func TestCrawlRecordsProblemsInsideAPageAsWarnings(t *testing.T) {
	s := newShop(t)
	s.html("/p/1", `<html><head><script type="application/ld+json">{"@type": "Product", "name": </script></head>
<body><h1>Kettle</h1><div class="price">¥99.00</div></body></html>`)
	comp := testComp("http://shop.test/p/1")
	comp.Rules.Mode = "auto"
	var sink collector
	stats, err := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()})).Crawl(context.Background(), comp, sink.sink)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Errors != 0 || len(stats.Warnings) == 0 || !strings.Contains(stats.Warnings[0].Error(), "http://shop.test/p/1") {
		t.Errorf("stats = %+v; want a warning naming the page and no error", stats)
	}
}
