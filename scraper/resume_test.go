package scraper

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"sync"
	"testing"
)

// pageLog is a CrawlOptions.Sink that records what a crawl saved and can
// stop the crawl, as a killed process would, after a number of pages.
type pageLog struct {
	mu     sync.Mutex
	offers map[string]int // key -> times saved
	pages  []DonePage
	stopAt int // cancel after this many pages; 0 never
	cancel context.CancelFunc
}

func (l *pageLog) sink(_ context.Context, b Batch) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.offers == nil {
		l.offers = map[string]int{}
	}
	for _, o := range b.Offers {
		l.offers[o.Key]++
	}
	l.pages = append(l.pages, b.Pages...)
	if l.stopAt > 0 && len(l.pages) >= l.stopAt && l.cancel != nil {
		l.cancel()
	}
	return nil
}

func (l *pageLog) keys() []string {
	var ks []string
	for k := range l.offers {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// pagedShop is a shop of three listing pages (/list?page=N) of four items
// each; with products, every item links to its product page, else to a
// page nobody follows.
func pagedShop(t *testing.T, products bool) *shop {
	s := newShop(t)
	s.mux.HandleFunc("/list", func(w http.ResponseWriter, r *http.Request) {
		p := 1
		fmt.Sscan(r.URL.Query().Get("page"), &p)
		var items []item
		for i := 1; i <= 4; i++ {
			id := fmt.Sprintf("%d-%d", p, i)
			href := "/item/" + id
			if !products {
				href = "/nolink/" + id
			}
			items = append(items, item{sku: "S" + id, title: "Phone " + id, href: href, price: fmt.Sprintf("¥%d", 100*p+i)})
		}
		next := ""
		if p < 3 {
			next = fmt.Sprintf("/list?page=%d", p+1)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, listingHTML(items, next))
	})
	s.mux.HandleFunc("/item/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, productHTML("Phone "+r.URL.Path[len("/item/"):], "¥99", "Acme"))
	})
	return s
}

func TestCrawlWithDoneSkipsFinishedPagesAndMissesNothing(t *testing.T) {
	for _, products := range []bool{false, true} {
		for _, stopAt := range []int{1, 2, 3, 5, 8} {
			t.Run(fmt.Sprintf("products %v, stopped after %d pages, resumes to the full crawl", products, stopAt), func(t *testing.T) {
				s := pagedShop(t, products)
				tr := hostTransport(map[string]string{"shop.test": s.addr()})
				comp := testComp("http://shop.test/list")
				comp.Rules.ProductLinks = ""
				if products {
					comp.Rules.ProductLinks = "a.name @href"
				}

				full := &pageLog{}
				if _, err := testCrawler(t, tr).CrawlWith(context.Background(), comp, CrawlOptions{Sink: full.sink}); err != nil {
					t.Fatal(err)
				}

				ctx, cancel := context.WithCancel(context.Background())
				first := &pageLog{stopAt: stopAt, cancel: cancel}
				testCrawler(t, tr).CrawlWith(ctx, comp, CrawlOptions{Sink: first.sink})
				cancel()
				if len(first.pages) >= len(full.pages) {
					t.Skipf("the crawl finished (%d pages) before it could be stopped", len(first.pages))
				}
				before := len(s.requests())
				second := &pageLog{}
				if _, err := testCrawler(t, tr).CrawlWith(context.Background(), comp, CrawlOptions{Sink: second.sink, Done: first.pages}); err != nil {
					t.Fatal(err)
				}
				for _, r := range s.requests()[before:] {
					for _, p := range first.pages {
						if "http://shop.test"+r.uri == p.URL {
							t.Errorf("resumed crawl fetched %s again", r.uri)
						}
					}
				}
				got := map[string]bool{}
				for _, k := range append(first.keys(), second.keys()...) {
					got[k] = true
				}
				for _, k := range full.keys() {
					if !got[k] {
						t.Errorf("offer %s missing after resuming", k)
					}
				}
				var done []string
				for _, p := range append(first.pages, second.pages...) {
					done = append(done, p.URL)
				}
				var want []string
				for _, p := range full.pages {
					want = append(want, p.URL)
				}
				slices.Sort(done)
				slices.Sort(want)
				if !slices.Equal(done, want) {
					t.Errorf("pages done over both attempts:\n%q\nwant (as one crawl):\n%q", done, want)
				}
			})
		}
	}
}
