package scraper_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/queue/queuetest"
	"github.com/shelfwatch/shelfwatch/scraper"
	"github.com/shelfwatch/shelfwatch/scraper/extract"
	"github.com/shelfwatch/shelfwatch/scraper/redisstore"
)

// TestCrawlSharedStopFinishesPagesInFlight stops a shared crawl (a worker
// sent SIGTERM) while the shop answers its requests, then lets another
// worker finish the frontier. Answers that come within the stop grace are
// read and stored by the stopping worker, so the shop serves no page twice;
// an answer slower than the grace is abandoned within it and its page
// returns to the queue, so nothing is lost. Either way every page is stored
// once.
func TestCrawlSharedStopFinishesPagesInFlight(t *testing.T) {
	const per, parallelism = 12, 3
	tests := []struct {
		name    string
		latency time.Duration // of every product page
		grace   time.Duration
		// finished: the pages in flight at the stop are stored by the
		// stopping worker, not fetched again.
		finished bool
	}{
		{"answers within the grace are stored by the stopping worker", 150 * time.Millisecond, 2 * time.Second, true},
		{"slow answers still within the grace are stored by the stopping worker", 400 * time.Millisecond, time.Second, true},
		{"an answer outlasting the grace is abandoned and fetched by another worker", time.Second, 200 * time.Millisecond, false},
	}
	rdb := queuetest.MustClient(t, queuetest.MustURL(t, queuetest.DBScraper))
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var mu sync.Mutex
			hits := map[string]int{}
			started := make(chan string, 4*per)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				hits[r.URL.Path]++
				mu.Unlock()
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				if r.URL.Path == "/list" {
					fmt.Fprint(w, `<html><body>`)
					for i := 1; i <= per; i++ {
						fmt.Fprintf(w, `<div class="card"><a class="name" href="/p/%d">Phone %d</a><span class="price">¥%d.00</span></div>`, i, i, 10+i)
					}
					fmt.Fprint(w, `</body></html>`)
					return
				}
				started <- r.URL.Path
				select {
				case <-time.After(tc.latency):
				case <-r.Context().Done():
					return
				}
				fmt.Fprintf(w, `<html><head><script type="application/ld+json">{"@type":"Product","name":"Phone","sku":"S%s","offers":{"@type":"Offer","price":"9.50","priceCurrency":"CNY"}}</script></head><body></body></html>`, r.URL.Path[3:])
			}))
			defer srv.Close()
			u, _ := url.Parse(srv.URL)
			comp := scraper.Competitor{
				Name: "acme", StartURLs: []string{srv.URL + "/list"}, AllowedDomains: []string{u.Hostname()},
				Currency: "CNY", Parallelism: parallelism,
				Rules: extract.Rules{
					Listing:      extract.Selectors{Item: ".card", Title: "a.name", URL: "a.name @href", Price: ".price"},
					ProductLinks: ".card a.name @href",
				},
			}
			prefix := fmt.Sprintf("stop-test-%d", i)
			var smu sync.Mutex
			storedBy := map[string][]int{} // page path -> workers that stored it
			sink := func(w int) func(context.Context, scraper.Batch) error {
				return func(_ context.Context, b scraper.Batch) error {
					smu.Lock()
					defer smu.Unlock()
					for _, p := range b.Pages {
						pu, _ := url.Parse(p.URL)
						storedBy[pu.Path] = append(storedBy[pu.Path], w)
					}
					return nil
				}
			}
			ctx, stop := context.WithCancel(context.Background())
			defer stop()
			type ret struct {
				err  error
				took time.Duration
			}
			first := make(chan ret, 1)
			var stopAt time.Time
			go func() {
				_, err := (&scraper.Crawler{MaxRetries: -1}).CrawlShared(ctx, comp, scraper.SharedOptions{
					Frontier: redisstore.NewFrontier(rdb, prefix), Seed: true, Sink: sink(1), StopGrace: tc.grace,
				})
				first <- ret{err, time.Since(stopAt)}
			}()
			// Stop once the shop answers as many product pages as the
			// crawl may fetch at once.
			var inFlight []string
			for len(inFlight) < parallelism {
				select {
				case p := <-started:
					inFlight = append(inFlight, p)
				case <-time.After(10 * time.Second):
					t.Fatalf("%d product pages requested within 10 s, want %d", len(inFlight), parallelism)
				}
			}
			stopAt = time.Now()
			stop()
			r := <-first
			if !errors.Is(r.err, context.Canceled) {
				t.Errorf("stopped crawl returned %v, want context.Canceled", r.err)
			}
			if limit := tc.grace + time.Second; r.took > limit {
				t.Errorf("stopped crawl returned %s after the stop, want within %s", r.took, limit)
			}
			if _, err := (&scraper.Crawler{MaxRetries: -1}).CrawlShared(context.Background(), comp, scraper.SharedOptions{
				Frontier: redisstore.NewFrontier(rdb, prefix), Sink: sink(2),
			}); err != nil {
				t.Fatalf("second worker: %v", err)
			}
			smu.Lock()
			defer smu.Unlock()
			mu.Lock()
			defer mu.Unlock()
			for i := 1; i <= per; i++ {
				if p := fmt.Sprintf("/p/%d", i); len(storedBy[p]) != 1 {
					t.Errorf("%s stored by workers %v, want once", p, storedBy[p])
				}
			}
			for _, p := range inFlight {
				switch {
				case tc.finished && (hits[p] != 1 || len(storedBy[p]) != 1 || storedBy[p][0] != 1):
					t.Errorf("%s, in flight at the stop: fetched %d times, stored by workers %v; want fetched once, stored by the stopping worker 1", p, hits[p], storedBy[p])
				case !tc.finished && (len(storedBy[p]) != 1 || storedBy[p][0] != 2):
					t.Errorf("%s, abandoned at the stop: stored by workers %v; want by worker 2", p, storedBy[p])
				}
			}
			if tc.finished {
				for p, n := range hits {
					if n != 1 {
						t.Errorf("%s fetched %d times, want once", p, n)
					}
				}
			}
		})
	}
}
