package scraper

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"
)

// politeShop is one shop with several listing pages, each linking product
// pages, so that several config entries can each crawl a part of it.
func politeShop(t *testing.T, sections, products int, hold time.Duration) *shop {
	s := newShop(t)
	for sec := range sections {
		var items []item
		for i := range products {
			items = append(items, item{fmt.Sprintf("S%d-%d", sec, i), fmt.Sprintf("Item %d-%d", sec, i), fmt.Sprintf("/p/%d/%d", sec, i), "¥1.00", ""})
		}
		s.html(fmt.Sprintf("/c/%d", sec), listingHTML(items, ""))
	}
	s.mux.HandleFunc("/p/", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(hold)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, productHTML("Item", "¥1.00", ""))
	})
	s.mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nAllow: /\n")
	})
	return s
}

// gapStats are the pauses between one request's end and the next one's
// start, as the shop saw them.
type gapStats struct {
	n, under int // gaps, and gaps shorter than the bound
	min      time.Duration
}

func gapsOf(reqs []request, bound time.Duration) gapStats {
	slices.SortFunc(reqs, func(a, b request) int { return a.start.Compare(b.start) })
	g := gapStats{min: time.Hour}
	for i := 1; i < len(reqs); i++ {
		// The latest end among earlier requests: with parallelism 1 that
		// is the previous request.
		var last time.Time
		for _, r := range reqs[:i] {
			if r.end.After(last) {
				last = r.end
			}
		}
		gap := reqs[i].start.Sub(last)
		g.n++
		g.min = min(g.min, gap)
		if gap < bound {
			g.under++
		}
	}
	return g
}

func TestPolitenessHoldsPerHostAcrossEntriesAndWorkers(t *testing.T) {
	tests := []struct {
		name        string
		entries     int // config entries naming the one shop
		workers     int // competitors crawled at once (--parallel)
		parallelism []int
		delay       []time.Duration
		wantConc    int
		wantDelay   time.Duration
	}{
		{"two entries with parallelism 1 crawled by four workers never overlap", 2, 4, []int{1, 1}, []time.Duration{40 * time.Millisecond, 40 * time.Millisecond}, 1, 40 * time.Millisecond},
		{"three entries share the strictest delay and parallelism", 3, 3, []int{3, 1, 2}, []time.Duration{0, 40 * time.Millisecond, 10 * time.Millisecond}, 1, 40 * time.Millisecond},
		{"two entries with parallelism 2 together keep to 2", 2, 2, []int{2, 2}, []time.Duration{0, 0}, 2, 0},
		{"one entry with a delay keeps it across its start URLs", 1, 4, []int{1}, []time.Duration{30 * time.Millisecond}, 1, 30 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := politeShop(t, tt.entries*2, 3, 15*time.Millisecond)
			var comps []Competitor
			for e := range tt.entries {
				c := testComp(fmt.Sprintf("http://shop.test/c/%d", 2*e), fmt.Sprintf("http://shop.test/c/%d", 2*e+1))
				c.Name = fmt.Sprintf("entry-%d", e)
				c.Rules.ProductLinks = ".card a.name @href"
				c.Parallelism = tt.parallelism[e]
				c.Delay = tt.delay[e]
				c.ObeyRobots = true
				comps = append(comps, c)
			}
			cr := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()}))
			cr.ShareLimits(comps...)
			sem := make(chan struct{}, tt.workers)
			var wg sync.WaitGroup
			for _, c := range comps {
				wg.Go(func() {
					sem <- struct{}{}
					defer func() { <-sem }()
					if _, err := cr.Crawl(context.Background(), c, (&collector{}).sink); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			reqs := s.requests()
			g := gapsOf(reqs, tt.wantDelay)
			t.Logf("%d requests, max concurrency %d, %d of %d gaps under %v, shortest gap %v", len(reqs), s.maxConc, g.under, g.n, tt.wantDelay, g.min)
			if want := tt.entries * 2 * 4; len(reqs) < want {
				t.Errorf("shop saw %d requests, want at least %d", len(reqs), want)
			}
			if s.maxConc > tt.wantConc {
				t.Errorf("shop saw %d concurrent requests, want at most %d", s.maxConc, tt.wantConc)
			}
			if tt.wantConc == 1 && g.under > 0 {
				t.Errorf("%d of %d gaps were under the delay %v (shortest %v)", g.under, g.n, tt.wantDelay, g.min)
			}
		})
	}
}

func TestHostLimitsWaitEndsWhenTheContextIsCancelled(t *testing.T) {
	l := newHostLimits()
	l.register("shop.test", limitRule{parallelism: 1, delay: time.Hour})
	u, _ := url.Parse("http://shop.test/a")
	release, err := l.acquire(context.Background(), nil, u)
	if err != nil {
		t.Fatal(err)
	}
	release() // the host's turn now ends only after an hour

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := l.acquire(ctx, nil, u); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("acquire during the delay = %v, want the context's error", err)
	}
	stop := make(chan struct{})
	close(stop)
	if _, err := l.acquire(context.Background(), stop, u); !errors.Is(err, errStopped) {
		t.Errorf("acquire after stop = %v, want errStopped", err)
	}
	// Another port is another host, with its own turn.
	other, _ := url.Parse("http://shop.test:8080/a")
	if rel, err := l.acquire(ctx, nil, other); err != nil {
		t.Errorf("another port had to wait: %v", err)
	} else {
		rel()
	}
}

func TestHostKeyMakesTheDefaultPortExplicit(t *testing.T) {
	for raw, want := range map[string]string{
		"http://Shop.Test/a":       "http://shop.test:80",
		"http://shop.test:80/b":    "http://shop.test:80",
		"https://shop.test/c":      "https://shop.test:443",
		"http://shop.test:8080/":   "http://shop.test:8080",
		"http://[::1]:9000/x":      "http://[::1]:9000",
		"HTTPS://shop.test:443/?q": "https://shop.test:443",
	} {
		u, _ := url.Parse(raw)
		if got, _ := hostKey(u); got != want {
			t.Errorf("hostKey(%s) = %s, want %s", raw, got, want)
		}
	}
}
