package scraper

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"
)

// TestCancelEndsACrawlBlockedOnAHangingRequestAtOnce blocks a crawl on a
// shop that stops answering at each place a request can hang, with every
// timeout a minute long, cancels the context as soon as the shop is stuck,
// and wants Crawl (and Page) back within a second: Ctrl-C and SIGTERM must
// not wait for a request timeout.
func TestCancelEndsACrawlBlockedOnAHangingRequestAtOnce(t *testing.T) {
	tests := []struct {
		name string
		// hangAt is the path whose handler stops answering.
		hangAt string
		// partial makes the handler send the headers and half the body
		// before it stops, rather than nothing at all.
		partial bool
		obey    bool
		page    bool // call Page instead of Crawl
	}{
		{name: "on the start page before any header", hangAt: "/list"},
		{name: "on a product page in the middle of the crawl", hangAt: "/p/a2"},
		{name: "on a body that stops half way", hangAt: "/p/a1", partial: true},
		{name: "on robots.txt before the first page", hangAt: "/robots.txt", obey: true},
		{name: "on robots.txt half sent", hangAt: "/robots.txt", partial: true, obey: true},
		{name: "on robots.txt when reading one page", hangAt: "/robots.txt", obey: true, page: true},
		{name: "on the one page Page reads", hangAt: "/list", page: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newShop(t)
			stuck := make(chan struct{})
			release := make(chan struct{})
			// Runs before the server's Close (cleanups run last-in
			// first-out), which would otherwise wait for the handler.
			t.Cleanup(func() { close(release) })
			hang := func(w http.ResponseWriter, r *http.Request) {
				if tt.partial {
					w.Header().Set("Content-Length", "4096")
					w.Header().Set("Content-Type", "text/html; charset=utf-8")
					fmt.Fprint(w, "<!doctype html><html><body><ul>")
					w.(http.Flusher).Flush()
				}
				close(stuck)
				// Not r.Context(): the shop must not notice the
				// client going away and end the request itself.
				<-release
			}
			s.mux.HandleFunc(tt.hangAt, hang)
			if tt.hangAt != "/robots.txt" {
				s.mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
					fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
				})
			}
			if tt.hangAt != "/list" {
				s.html("/list", listingHTML([]item{
					{"A1", "Phone A1", "/p/a1", "¥1.00", ""},
					{"A2", "Phone A2", "/p/a2", "¥2.00", ""},
				}, ""))
			}
			for _, p := range []string{"/p/a1", "/p/a2"} {
				if p != tt.hangAt {
					s.html(p, productHTML("Phone", "¥1.00", "Acme"))
				}
			}
			comp := testComp("http://shop.test/list")
			comp.ObeyRobots = tt.obey
			comp.Timeout = time.Minute
			comp.Parallelism = 1
			comp.Rules.ProductLinks = "a.name @href"
			c := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()}))
			c.RobotsTimeout = time.Minute
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() {
				var err error
				if tt.page {
					_, err = c.Page(ctx, comp, "http://shop.test/list")
				} else {
					_, err = c.Crawl(ctx, comp, (&collector{}).sink)
				}
				done <- err
			}()
			select {
			case <-stuck:
			case err := <-done:
				t.Fatalf("returned before reaching %s: %v", tt.hangAt, err)
			case <-time.After(10 * time.Second):
				t.Fatalf("the crawl never requested %s", tt.hangAt)
			}
			cancelled := time.Now()
			cancel()
			select {
			case err := <-done:
				took := time.Since(cancelled)
				t.Logf("returned %s after the cancel: %v", took, err)
				if !errors.Is(err, context.Canceled) {
					t.Errorf("err = %v, want context.Canceled", err)
				}
			case <-time.After(time.Second):
				t.Fatal("still running a second after the cancel")
			}
		})
	}
}

// TestRobotsTxtThatHangsCostsTheRobotsTimeoutOncePerHost checks a
// robots.txt that never answers: the crawl gives up on it after
// RobotsTimeout, not the page timeout, asks for it once, fetches none of
// the host's pages (whether they are allowed is unknown) and counts them
// as robots failures.
func TestRobotsTxtThatHangsCostsTheRobotsTimeoutOncePerHost(t *testing.T) {
	s := newShop(t)
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	s.mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { <-release })
	s.html("/list", listingHTML(nil, ""))
	s.html("/other", listingHTML(nil, ""))
	comp := testComp("http://shop.test/list", "http://shop.test/other")
	comp.ObeyRobots = true
	comp.Timeout = time.Minute
	c := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()}))
	c.RobotsTimeout = 200 * time.Millisecond
	start := time.Now()
	stats, err := c.Crawl(context.Background(), comp, (&collector{}).sink)
	took := time.Since(start)
	if !errors.Is(err, ErrSiteFailed) || !errors.Is(err, ErrRobotsTxt) {
		t.Errorf("err = %v, want ErrSiteFailed wrapping ErrRobotsTxt", err)
	}
	if took > 5*time.Second {
		t.Errorf("took %s; a hanging robots.txt must cost RobotsTimeout (200ms), once", took)
	}
	if n := s.hits("/robots.txt"); n != 1 {
		t.Errorf("robots.txt requested %d times, want once for the host", n)
	}
	if n := s.hits("/list") + s.hits("/other"); n != 0 {
		t.Errorf("%d pages fetched without knowing what robots.txt says", n)
	}
	if got := stats.ErrorsByClass[ClassRobots]; got != 2 {
		t.Errorf("ErrorsByClass[robots] = %d, want 2 (%v)", got, stats.ErrorsByClass)
	}
}

// TestTimeoutStartsWhenTheHostsTurnComes queues more product pages than
// fit in one timeout behind a polite delay, with retries off: waiting for
// the host's turn must not count against the timeout (each page is read),
// while a page that is slow once its turn comes still times out.
func TestTimeoutStartsWhenTheHostsTurnComes(t *testing.T) {
	s := newShop(t)
	var items []item
	for i := range 8 {
		items = append(items, item{fmt.Sprint("S", i), "Phone", fmt.Sprintf("/p/%d", i), "¥1.00", ""})
		s.html(fmt.Sprintf("/p/%d", i), productHTML("Phone", "¥1.00", "Acme"))
	}
	items = append(items, item{"SLOW", "Phone", "/p/slow", "¥1.00", ""})
	s.mux.HandleFunc("/p/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	s.html("/list", listingHTML(items, ""))
	comp := testComp("http://shop.test/list")
	comp.Rules.ProductLinks = "a.name @href"
	comp.Parallelism = 1
	comp.Delay = 100 * time.Millisecond
	comp.Timeout = 400 * time.Millisecond
	c := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()}))
	c.MaxRetries = -1
	var sink collector
	stats, err := c.Crawl(context.Background(), comp, sink.sink)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Errors != 1 || stats.ErrorsByClass[ClassTimeout] != 1 || stats.ErrorExamples[ClassTimeout] != "http://shop.test/p/slow" {
		t.Errorf("failures %v by class %v; want only /p/slow, as a timeout", stats.Failures, stats.ErrorsByClass)
	}
	for i := range 8 {
		if o := sink.byKey(t)[fmt.Sprint("sku:S", i)]; o.Brand != "Acme" {
			t.Errorf("S%d = %+v, want its product page read", i, o)
		}
	}
}
