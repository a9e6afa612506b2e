package scraper

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// TestCrawlFollowsRedirectsButNotLoops covers the redirects shops really
// send: a bounce through a cookie-setting URL and back to the page, a
// product moved to a URL another link already reached, long chains, loops
// and redirects off the domain or to local files.
func TestCrawlFollowsRedirectsButNotLoops(t *testing.T) {
	tests := []struct {
		name      string
		redirects map[string]string // path -> Location, answered once per request
		bounce    bool              // /p/a1 redirects to /cookie once, which sends it back
		wantClass string            // "" means /p/a1 is read
	}{
		{name: "a bounce through a cookie URL and back is followed", bounce: true},
		{name: "a product moved to a page another link reached is read, not failed", redirects: map[string]string{"/p/a1": "/p/a2"}},
		{name: "a chain of ten redirects is followed", redirects: chain(10)},
		{name: "a chain of eleven redirects is a loop", redirects: chain(11), wantClass: ClassRedirectLoop},
		{name: "a page redirecting to itself is a loop", redirects: map[string]string{"/p/a1": "/p/a1"}, wantClass: ClassRedirectLoop},
		{name: "two pages redirecting to each other are a loop", redirects: map[string]string{"/p/a1": "/p/x", "/p/x": "/p/a1"}, wantClass: ClassRedirectLoop},
		{name: "a redirect off the allowed domains is refused", redirects: map[string]string{"/p/a1": "http://other.test/p/a1"}, wantClass: ClassOffDomain},
		{name: "a redirect to a local file is refused", redirects: map[string]string{"/p/a1": "file:///etc/passwd"}, wantClass: ClassOffDomain},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newShop(t)
			other := newShop(t)
			other.html("/p/a1", productHTML("Elsewhere", "¥9.00", "Other"))
			s.html("/list", listingHTML([]item{
				{"A1", "Phone A1", "/p/a1", "¥1.00", ""},
				{"A2", "Phone A2", "/p/a2", "¥2.00", ""},
			}, ""))
			var mu sync.Mutex
			bounced := false
			s.mux.HandleFunc("/p/", func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				first := !bounced
				bounced = true
				mu.Unlock()
				if tt.bounce && r.URL.Path == "/p/a1" && first {
					http.Redirect(w, r, "/cookie", http.StatusFound)
					return
				}
				if to, ok := tt.redirects[r.URL.Path]; ok {
					http.Redirect(w, r, to, http.StatusFound)
					return
				}
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				fmt.Fprint(w, productHTML("Phone "+strings.TrimPrefix(r.URL.Path, "/p/"), "¥1.00", "Acme"))
			})
			s.mux.HandleFunc("/cookie", func(w http.ResponseWriter, r *http.Request) {
				http.SetCookie(w, &http.Cookie{Name: "session", Value: "1"})
				http.Redirect(w, r, "/p/a1", http.StatusFound)
			})
			comp := testComp("http://shop.test/list")
			comp.Rules.ProductLinks = "a.name @href"
			comp.Parallelism = 1
			var sink collector
			stats, err := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr(), "other.test": other.addr()})).Crawl(context.Background(), comp, sink.sink)
			if err != nil {
				t.Fatal(err)
			}
			if other.hits("/p/a1") != 0 {
				t.Error("the other domain was requested")
			}
			if tt.wantClass == "" {
				if stats.Errors != 0 {
					t.Errorf("failures %v, want none", stats.Failures)
				}
				if o := sink.byKey(t)["sku:A1"]; o.Brand != "Acme" {
					t.Errorf("A1 = %+v, want its product page read", o)
				}
				return
			}
			if stats.Errors != 1 || stats.ErrorsByClass[tt.wantClass] != 1 || stats.ErrorExamples[tt.wantClass] != "http://shop.test/p/a1" {
				t.Errorf("failures %v by class %v, want one %s at /p/a1", stats.Failures, stats.ErrorsByClass, tt.wantClass)
			}
			if n := s.hits("/p/a1"); n > 3 {
				t.Errorf("/p/a1 requested %d times", n)
			}
		})
	}
}

// chain is n redirects from /p/a1 through /p/hop1, /p/hop2, ... to /p/end.
func chain(n int) map[string]string {
	m := map[string]string{}
	from := "/p/a1"
	for i := 1; i < n; i++ {
		to := fmt.Sprintf("/p/hop%d", i)
		m[from] = to
		from = to
	}
	m[from] = "/p/end"
	return m
}
