package scraper

import (
	"context"
	"fmt"
	"html"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/scraper/extract"
)

// hostTransport is a real HTTP transport whose dialer sends made-up host
// names (shop.test, other.test) to httptest servers on 127.0.0.1, so that
// one machine can play several shops on distinct domains. Any other host
// fails: tests never reach the internet.
func hostTransport(hosts map[string]string) *http.Transport {
	var d net.Dialer
	return &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, _, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			target, ok := hosts[host]
			if !ok {
				return nil, fmt.Errorf("test transport: unknown host %q", host)
			}
			return d.DialContext(ctx, "tcp", target)
		},
		DisableKeepAlives: true,
	}
}

// request is one request a test shop saw.
type request struct {
	uri        string
	ua         string
	start, end time.Time
}

// shop is a test web shop on 127.0.0.1 that records its requests.
type shop struct {
	srv *httptest.Server
	mux *http.ServeMux

	mu       sync.Mutex
	reqs     []request
	inflight int
	maxConc  int
}

func newShop(t testing.TB) *shop {
	t.Helper()
	s := &shop{mux: http.NewServeMux()}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.inflight++
		s.maxConc = max(s.maxConc, s.inflight)
		i := len(s.reqs)
		s.reqs = append(s.reqs, request{uri: r.URL.RequestURI(), ua: r.UserAgent(), start: time.Now()})
		s.mu.Unlock()
		s.mux.ServeHTTP(w, r)
		s.mu.Lock()
		s.inflight--
		s.reqs[i].end = time.Now()
		s.mu.Unlock()
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *shop) addr() string { return s.srv.Listener.Addr().String() }

// html serves body as a UTF-8 HTML page at pattern.
func (s *shop) html(pattern, body string) {
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
	})
}

func (s *shop) hits(uri string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.reqs {
		if r.uri == uri {
			n++
		}
	}
	return n
}

func (s *shop) requests() []request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.reqs)
}

// item is one product card of a test listing page.
type item struct{ sku, title, href, price, sold string }

func listingHTML(items []item, next string) string {
	var b strings.Builder
	b.WriteString("<!doctype html><html><head><meta charset=\"utf-8\"><title>Phones</title></head><body><ul>\n")
	for _, it := range items {
		fmt.Fprintf(&b, `<li class="card" data-sku="%s"><a class="name" href="%s">%s</a><span class="price">%s</span><span class="sold">%s</span></li>`+"\n",
			html.EscapeString(it.sku), html.EscapeString(it.href), html.EscapeString(it.title), html.EscapeString(it.price), html.EscapeString(it.sold))
	}
	b.WriteString("</ul>\n")
	if next != "" {
		fmt.Fprintf(&b, `<a class="next" href="%s">next</a>`, html.EscapeString(next))
	}
	b.WriteString("</body></html>\n")
	return b.String()
}

func productHTML(title, price, brand string) string {
	return fmt.Sprintf(`<!doctype html><html><head><meta charset="utf-8"><title>%[1]s</title></head><body>
<h1>%[1]s</h1><div class="brand">%[3]s</div><div class="price">%[2]s</div></body></html>
`, html.EscapeString(title), html.EscapeString(price), html.EscapeString(brand))
}

// testComp is a competitor at http://shop.test read with selectors.
func testComp(start ...string) Competitor {
	return Competitor{
		Name:           "test-shop",
		StartURLs:      start,
		AllowedDomains: []string{"shop.test"},
		Platform:       PlatformHTML,
		Currency:       "CNY",
		Rules: extract.Rules{
			Mode: "selectors",
			Listing: extract.Selectors{
				Item: ".card", Title: "a.name", URL: "a.name @href", SKU: "@data-sku",
				Price: ".price", Sales: ".sold",
			},
			Product:  extract.Selectors{Title: "h1", Price: ".price", Brand: ".brand"},
			NextPage: "a.next @href",
			Currency: "CNY",
		},
		Parallelism: 2,
		MaxPages:    50,
		Timeout:     5 * time.Second,
		UserAgent:   "shelfwatch-test/1.0 (+https://example.com/bot)",
		ObeyRobots:  false,
	}
}

var testNow = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func testCrawler(t *testing.T, tr http.RoundTripper) *Crawler {
	return &Crawler{
		Transport:    tr,
		Logger:       slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:          func() time.Time { return testNow },
		RetryBackoff: time.Millisecond,
	}
}

// collector is a sink that checks it is never called concurrently.
type collector struct {
	busy    atomic.Int32
	mu      sync.Mutex
	batches [][]pricing.Offer
	overlap bool
	err     func(n int) error // error to return from call n (0-based), if any
}

func (c *collector) sink(_ context.Context, offers []pricing.Offer) error {
	if c.busy.Add(1) != 1 {
		c.overlap = true
	}
	defer c.busy.Add(-1)
	c.mu.Lock()
	defer c.mu.Unlock()
	n := len(c.batches)
	c.batches = append(c.batches, slices.Clone(offers))
	if c.err != nil {
		return c.err(n)
	}
	return nil
}

func (c *collector) offers() []pricing.Offer {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []pricing.Offer
	for _, b := range c.batches {
		out = append(out, b...)
	}
	return out
}

func (c *collector) byKey(t *testing.T) map[string]pricing.Offer {
	t.Helper()
	m := make(map[string]pricing.Offer)
	for _, o := range c.offers() {
		if _, dup := m[o.Key]; dup {
			t.Errorf("offer key %s handed to the sink twice", o.Key)
		}
		if o.Competitor == "" || o.ObservedAt.IsZero() {
			t.Errorf("offer %s lacks Competitor or ObservedAt: %+v", o.Key, o)
		}
		m[o.Key] = o
	}
	if c.overlap {
		t.Error("sink was called concurrently")
	}
	return m
}

func price(o pricing.Offer) string {
	if o.Price == nil {
		return "<nil>"
	}
	return o.Price.String()
}
