package monitor

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/config"
	"github.com/shelfwatch/shelfwatch/scraper"
	"github.com/shelfwatch/shelfwatch/scraper/extract"
	"github.com/shelfwatch/shelfwatch/store"
	"github.com/shelfwatch/shelfwatch/store/storetest"
)

// testShop is an httptest shop of listing pages (/list?page=N, items per
// page each) whose items link to product pages (/p/ID). It counts requests
// per URL, can hold a page until released, and can break pages.
type testShop struct {
	srv   *httptest.Server
	pages int
	items int

	mu     sync.Mutex
	hits   map[string]int
	status map[string]int           // request URI -> status to answer
	hold   map[string]chan struct{} // request URI -> answer once closed
	seen   chan string              // each request URI, if not nil
}

func newTestShop(t *testing.T, pages, items int) *testShop {
	s := &testShop{pages: pages, items: items, hits: map[string]int{}, status: map[string]int{}, hold: map[string]chan struct{}{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(func() {
		s.releaseAll()
		s.srv.Close()
	})
	return s
}

func (s *testShop) serve(w http.ResponseWriter, r *http.Request) {
	uri := r.URL.RequestURI()
	s.mu.Lock()
	s.hits[uri]++
	code := s.status[uri]
	hold := s.hold[uri]
	seen := s.seen
	s.mu.Unlock()
	if seen != nil {
		select {
		case seen <- uri:
		default:
		}
	}
	if hold != nil {
		select {
		case <-hold:
		case <-r.Context().Done():
			return
		}
	}
	if code != 0 {
		http.Error(w, http.StatusText(code), code)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	switch r.URL.Path {
	case "/list":
		p := 1
		fmt.Sscan(r.URL.Query().Get("page"), &p)
		if p < 1 || p > s.pages {
			http.NotFound(w, r)
			return
		}
		var b bytes.Buffer
		b.WriteString(`<html><body><ul>`)
		for i := 1; i <= s.items; i++ {
			fmt.Fprintf(&b, `<li class="card"><a class="name" href="/p/%d-%d">Phone %d-%d</a><span class="price">¥%d.00</span></li>`, p, i, p, i, 100*p+i)
		}
		b.WriteString(`</ul>`)
		if p < s.pages {
			fmt.Fprintf(&b, `<a class="next" href="/list?page=%d">next</a>`, p+1)
		}
		b.WriteString(`</body></html>`)
		w.Write(b.Bytes())
	default:
		var p, i int
		if _, err := fmt.Sscanf(r.URL.Path, "/p/%d-%d", &p, &i); err != nil {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(w, `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Phone %[1]d-%[2]d","sku":"SKU-%[1]d-%[2]d","brand":{"@type":"Brand","name":"Acme"},"offers":{"@type":"Offer","price":"%[3]d.00","priceCurrency":"CNY","availability":"https://schema.org/InStock"}}</script></head><body><h1>Phone %[1]d-%[2]d</h1></body></html>`, p, i, 100*p+i)
	}
}

func (s *testShop) url(uri string) string { return s.srv.URL + uri }

func (s *testShop) hitsOf(uri string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[uri]
}

func (s *testShop) allHits() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for k, v := range s.hits {
		out[k] = v
	}
	return out
}

func (s *testShop) setStatus(uri string, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status[uri] = code
}

// holdPage makes uri wait until release is called.
func (s *testShop) holdPage(uri string) (release func()) {
	ch := make(chan struct{})
	s.mu.Lock()
	s.hold[uri] = ch
	s.mu.Unlock()
	var once sync.Once
	return func() { once.Do(func() { close(ch) }) }
}

func (s *testShop) releaseAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, ch := range s.hold {
		select {
		case <-ch:
		default:
			close(ch)
		}
		delete(s.hold, k)
	}
}

// competitor is the shop as a competitor entry, read with selectors so
// that each listing item links to its product page.
func (s *testShop) competitor(name string) scraper.Competitor {
	u, _ := url.Parse(s.srv.URL)
	return scraper.Competitor{
		Name:           name,
		StartURLs:      []string{s.url("/list")},
		AllowedDomains: []string{u.Hostname()},
		Platform:       scraper.PlatformHTML,
		Currency:       "CNY",
		Rules: extract.Rules{
			Mode:         "auto",
			Listing:      extract.Selectors{Item: ".card", Title: "a.name", URL: "a.name @href", Price: ".price"},
			NextPage:     "a.next @href",
			ProductLinks: ".card a.name @href",
			Currency:     "CNY",
		},
		Parallelism: 1,
		MaxPages:    500,
		Timeout:     5 * time.Second,
		UserAgent:   "shelfwatch-test/1.0",
	}
}

var t0 = time.Date(2026, 11, 16, 12, 3, 0, 0, time.UTC)

// testMonitor is a Monitor on a fresh database of the dialect, crawling
// comps, with a clock that moves a second per reading.
func testMonitor(t *testing.T, dialect string, comps ...scraper.Competitor) (*Monitor, *store.DB) {
	t.Helper()
	db := storetest.MustOpen(t, dialect)
	var mu sync.Mutex
	now := t0
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Second)
		return now
	}
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
	m := &Monitor{
		Store:       db,
		Crawler:     &scraper.Crawler{Logger: log, Now: clock, RetryBackoff: time.Millisecond, MaxRetries: 1},
		Config:      mustConfig(t, ""),
		Competitors: comps,
		Host:        "test-host",
		PID:         4242,
		Now:         clock,
		Logger:      log,
	}
	return m, db
}

// mustConfig loads a config file with the given text.
func mustConfig(t *testing.T, text string) *config.Config {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shelfwatch.yaml")
	if text == "" {
		text = "database: sqlite:unused.db\n"
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func mustRun(t *testing.T, m *Monitor, opt Options) Report {
	t.Helper()
	rep, err := m.Run(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func forDialects(t *testing.T, f func(t *testing.T, dialect string)) {
	for _, d := range storetest.Dialects {
		t.Run("on "+d, func(t *testing.T) { f(t, d) })
	}
}

func slogTo(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }
