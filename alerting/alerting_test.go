package alerting_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/alerting"
	"github.com/shelfwatch/shelfwatch/config"
	"github.com/shelfwatch/shelfwatch/monitor"
	"github.com/shelfwatch/shelfwatch/notify"
	"github.com/shelfwatch/shelfwatch/scraper"
	"github.com/shelfwatch/shelfwatch/scraper/extract"
	"github.com/shelfwatch/shelfwatch/store"
	"github.com/shelfwatch/shelfwatch/store/storetest"
)

// item is one product of the test shop.
type item struct {
	id, title, gtin, price string
	inStock                bool
}

// shop is an httptest shop: a listing page linking to a JSON-LD product
// page per item. Prices, stock and the items listed change between crawls.
type shop struct {
	srv   *httptest.Server
	mu    sync.Mutex
	items []item
}

func newShop(t *testing.T, items ...item) *shop {
	s := &shop{items: items}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *shop) set(id string, f func(*item)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.items {
		if s.items[i].id == id {
			f(&s.items[i])
		}
	}
}

func (s *shop) setItems(items []item) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items = items
}

func (s *shop) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	items := slices.Clone(s.items)
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if r.URL.Path == "/list" {
		var b bytes.Buffer
		b.WriteString(`<html><body><ul>`)
		for _, it := range items {
			fmt.Fprintf(&b, `<li class="card"><a class="name" href="/p/%s">%s</a></li>`, it.id, it.title)
		}
		b.WriteString(`</ul></body></html>`)
		w.Write(b.Bytes())
		return
	}
	for _, it := range items {
		if r.URL.Path == "/p/"+it.id {
			avail := "OutOfStock"
			if it.inStock {
				avail = "InStock"
			}
			fmt.Fprintf(w, `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":%q,"sku":%q,"gtin13":%q,"brand":{"@type":"Brand","name":"Acme"},"offers":{"@type":"Offer","price":%q,"priceCurrency":"CNY","availability":"https://schema.org/%s"}}</script></head><body><h1>%s</h1></body></html>`,
				it.title, "S-"+it.id, it.gtin, it.price, avail, it.title)
			return
		}
	}
	http.NotFound(w, r)
}

func (s *shop) competitor(name string) scraper.Competitor {
	u, _ := url.Parse(s.srv.URL)
	return scraper.Competitor{
		Name: name, StartURLs: []string{s.srv.URL + "/list"}, AllowedDomains: []string{u.Hostname()},
		Platform: scraper.PlatformHTML, Currency: "CNY",
		Rules:       extract.Rules{Mode: "auto", ProductLinks: ".card a.name @href", Currency: "CNY"},
		Parallelism: 1, MaxPages: 50, Timeout: 5 * time.Second, UserAgent: "shelfwatch-test/1.0",
	}
}

// chat is a fake Slack incoming webhook: it records each message and
// answers with the status set (200 "ok" by default).
type chat struct {
	srv    *httptest.Server
	mu     sync.Mutex
	msgs   [][]byte
	status int
	tries  int
}

func newChat(t *testing.T) *chat {
	c := &chat{status: 200}
	c.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		c.mu.Lock()
		defer c.mu.Unlock()
		c.tries++
		if c.status != 200 {
			http.Error(w, "down", c.status)
			return
		}
		c.msgs = append(c.msgs, body)
		io.WriteString(w, "ok")
	}))
	t.Cleanup(c.srv.Close)
	return c
}

func (c *chat) setStatus(code int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.status = code
}

// lines returns the alert lines (the bullets of the plain_text blocks) of
// the messages received since message from.
func (c *chat) lines(t *testing.T, from int) []string {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, m := range c.msgs[from:] {
		var msg struct {
			Blocks []struct {
				Type string `json:"type"`
				Text *struct {
					Type string `json:"type"`
					Text string `json:"text"`
				} `json:"text"`
			} `json:"blocks"`
		}
		if err := json.Unmarshal(m, &msg); err != nil {
			t.Fatalf("message is not Block Kit JSON: %v\n%s", err, m)
		}
		for _, b := range msg.Blocks {
			if b.Type == "section" && b.Text != nil && b.Text.Type == "plain_text" {
				for _, l := range strings.Split(b.Text.Text, "\n") {
					out = append(out, strings.TrimPrefix(l, "• "))
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

func (c *chat) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.msgs)
}

const alertsConfig = `database: sqlite:unused.db
notify:
  retry: {attempts: 2, backoff: 1ms}
  destinations:
    - {name: ops, type: slack, url_env: SLACK_URL}
alerts:
  watch: [OUR-1, OUR-2]
  rules:
    - {type: price_move, pct: 10}
    - {type: undercut, pct: 0}
    - {type: stock}
    - {type: run_quality, stale_after: 48h}
`

type rig struct {
	m     *monitor.Monitor
	svc   *alerting.Service
	db    *store.DB
	shop  *shop
	chat  *chat
	clock func() time.Time
	skew  *time.Duration
}

// newRig is a Monitor over a fresh database of the dialect crawling one
// shop, with the alerting service of alertsConfig sending to a fake Slack.
// Our catalog: OUR-1 ¥1,000 and OUR-2 ¥500 (watched), OUR-3 ¥300 (not).
func newRig(t *testing.T, dialect string) *rig {
	t.Helper()
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "shelfwatch.yaml")
	os.WriteFile(cfgPath, []byte(alertsConfig), 0o644)
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	cat := filepath.Join(dir, "catalog.csv")
	os.WriteFile(cat, []byte("sku,title,brand,category,price,currency,gtin\n"+
		"OUR-1,Acme Phone One,Acme,Phones,1000.00,CNY,4006381333931\n"+
		"OUR-2,Acme Buds Two,Acme,Phones,500.00,CNY,5901234123457\n"+
		"OUR-3,Acme Cable Three,Acme,Phones,300.00,CNY,9780201379624\n"), 0o644)
	cfg.Catalog = cat

	s := newShop(t,
		item{"a", "Rival Phone One", "4006381333931", "1200.00", true},
		item{"b", "Rival Buds Two", "5901234123457", "600.00", true},
		item{"c", "Rival Cable Three", "9780201379624", "400.00", true},
		item{"d", "Rival Charger", "", "99.00", true},
	)
	c := newChat(t)
	db := storetest.MustOpen(t, dialect)
	var mu sync.Mutex
	now := time.Date(2026, 11, 16, 12, 0, 0, 0, time.UTC)
	skew := new(time.Duration)
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Second)
		return now.Add(*skew)
	}
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
	n, err := notify.New(*cfg.Notify, notify.Options{
		Getenv: func(k string) string { return map[string]string{"SLACK_URL": c.srv.URL + "/services/T0/B0/secret"}[k] },
		Now:    clock, Logger: log,
		Sleep: func(ctx context.Context, d time.Duration) error { return ctx.Err() },
	})
	if err != nil {
		t.Fatal(err)
	}
	comp := s.competitor("rival")
	svc := &alerting.Service{Store: db, Sender: n, Config: *cfg.Alerts, Competitors: []string{comp.Name}, Now: clock, Logger: log}
	m := &monitor.Monitor{
		Store: db, Crawler: &scraper.Crawler{Logger: log, Now: clock, RetryBackoff: time.Millisecond, MaxRetries: 1},
		Config: cfg, Competitors: []scraper.Competitor{comp}, Host: "test", PID: 1, Now: clock, Logger: log,
		Alerter: svc,
	}
	return &rig{m: m, svc: svc, db: db, shop: s, chat: c, clock: clock, skew: skew}
}

// crawl runs the monitor once and returns the alert lines sent by it.
func (r *rig) crawl(t *testing.T) []string {
	t.Helper()
	before := r.chat.count()
	rep, err := r.m.Run(context.Background(), monitor.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != 1 || rep.Results[0].Err != nil {
		t.Fatalf("crawl: %+v", rep.Results)
	}
	return r.chat.lines(t, before)
}

func forDialects(t *testing.T, f func(t *testing.T, dialect string)) {
	for _, d := range storetest.Dialects {
		t.Run("on "+d, func(t *testing.T) { f(t, d) })
	}
}

func TestARaiseAndACutOnWatchedItemsAreSentOnceEach(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		r := newRig(t, dialect)
		if got := r.crawl(t); len(got) != 0 {
			t.Fatalf("first crawl sent %q; nothing moved and no one undercuts", got)
		}
		r.shop.set("a", func(it *item) { it.price = "1400.00" }) // +16.7 %
		r.shop.set("b", func(it *item) { it.price = "520.00" })  // −13.3 %
		r.shop.set("c", func(it *item) { it.price = "100.00" })  // unwatched
		r.shop.set("d", func(it *item) { it.price = "9.00" })    // unmatched
		got := r.crawl(t)
		want := []string{
			`OUR-1 Acme Phone One: rival raised "Rival Phone One" from ¥1,200 to ¥1,400 (+16.7%)`,
			`OUR-2 Acme Buds Two: rival cut "Rival Buds Two" from ¥600 to ¥520 (−13.3%)`,
		}
		if !slices.Equal(got, want) {
			t.Fatalf("second crawl sent\n%q\nwant exactly\n%q", got, want)
		}
		if got := r.crawl(t); len(got) != 0 {
			t.Errorf("a third, identical crawl sent %q; want nothing", got)
		}
		stored, err := r.db.Alerts(context.Background(), time.Time{})
		if err != nil || len(stored) != 2 {
			t.Errorf("stored %d alerts (%v), want 2", len(stored), err)
		}
		if rep := r.svc.Report(); rep.Raised != 2 || rep.Sent["ops"] != 2 || len(rep.Failed) != 0 || len(rep.Errors) != 0 {
			t.Errorf("report %+v", rep)
		}
	})
}

func TestStockUndercutAndSuspectRunsAreSentOnce(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		r := newRig(t, dialect)
		r.crawl(t)
		lines := func(l ...string) func() []string { return func() []string { return l } }
		steps := []struct {
			name string
			edit func()
			want func() []string
		}{
			{"a listing out of stock, and a cut below our price", func() {
				r.shop.set("b", func(it *item) { it.inStock = false })
				r.shop.set("a", func(it *item) { it.price = "900.00" })
			}, lines(
				`OUR-1 Acme Phone One: rival cut "Rival Phone One" from ¥1,200 to ¥900 (−25.0%)`,
				`OUR-1 Acme Phone One: rival sells "Rival Phone One" at ¥900, 10.0% below our ¥1,000`,
				`OUR-2 Acme Buds Two: rival's "Rival Buds Two" is out of stock (was ¥600)`,
			)},
			{"nothing changed", func() {}, lines()},
			{"back in stock", func() { r.shop.set("b", func(it *item) { it.inStock = true }) },
				lines(`OUR-2 Acme Buds Two: rival's "Rival Buds Two" is back in stock at ¥600`)},
			{"a deeper undercut is told again, without a price move under 10 %", func() { r.shop.set("a", func(it *item) { it.price = "850.00" }) },
				lines(`OUR-1 Acme Phone One: rival sells "Rival Phone One" at ¥850, 15.0% below our ¥1,000`)},
			{"a run that lost most items is suspect, and its prices raise nothing", func() {
				r.shop.setItems([]item{{"a", "Rival Phone One", "4006381333931", "10.00", true}})
			}, func() []string {
				runs, err := r.db.LatestRuns(context.Background(), "rival", "", 1)
				if err != nil || len(runs) != 1 || runs[0].Status != store.RunSuspect {
					t.Fatalf("latest run %+v (%v), want a suspect one", runs, err)
				}
				return []string{fmt.Sprintf("rival: run #%d is suspect: %s (its prices are kept out of the digest and of alerts)", runs[0].ID, runs[0].Reason)}
			}},
			{"the same suspect state again raises nothing new", func() {}, lines()},
		}
		for _, s := range steps {
			s.edit()
			got := r.crawl(t)
			if want := s.want(); !slices.Equal(got, want) {
				t.Errorf("%s: sent\n%q\nwant\n%q", s.name, got, want)
			}
		}
	})
}

func TestAFailedDeliveryIsKeptAndSentAfterTheNextCrawl(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		r := newRig(t, dialect)
		r.crawl(t)
		r.chat.setStatus(503)
		r.shop.set("a", func(it *item) { it.price = "1500.00" })
		if got := r.crawl(t); len(got) != 0 {
			t.Fatalf("sent %q through a server that is down", got)
		}
		rep := r.svc.Report()
		f, ok := rep.Failed["ops"]
		if !ok || f.Pending != 1 || !strings.Contains(f.Err.Error(), "HTTP 503") {
			t.Fatalf("report %+v: want ops failed with its alert pending", rep)
		}
		var out bytes.Buffer
		rep.Print(&out)
		if !strings.Contains(out.String(), "ALERTS FAILED ops: 1 alert(s) kept and retried after the next crawl: ") || strings.Contains(out.String(), "secret") {
			t.Errorf("printed report:\n%s", out.String())
		}
		pending, err := r.db.PendingAlerts(context.Background())
		if err != nil || len(pending) != 1 || pending[0].Attempts != 1 {
			t.Fatalf("pending %+v (%v), want the alert with one failed delivery", pending, err)
		}
		r.chat.setStatus(200)
		want := []string{`OUR-1 Acme Phone One: rival raised "Rival Phone One" from ¥1,200 to ¥1,500 (+25.0%)`}
		if got := r.crawl(t); !slices.Equal(got, want) {
			t.Errorf("the crawl after sent %q, want the kept alert %q", got, want)
		}
		if got := r.crawl(t); len(got) != 0 {
			t.Errorf("sent again: %q", got)
		}
		if rep := r.svc.Report(); len(rep.Failed) != 0 || rep.Sent["ops"] != 1 {
			t.Errorf("report %+v: want the failure cleared and one delivery", rep)
		}
	})
}

func TestACompetitorWithoutASuccessfulRunGoesStaleOnce(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		r := newRig(t, dialect)
		r.crawl(t)
		ctx := context.Background()
		before := r.chat.count()
		*r.skew = 47 * time.Hour
		r.svc.AfterMatch(ctx)
		if got := r.chat.lines(t, before); len(got) != 0 {
			t.Errorf("stale before stale_after: %q", got)
		}
		*r.skew = 50 * time.Hour
		r.svc.AfterMatch(ctx)
		r.svc.AfterMatch(ctx)
		got := r.chat.lines(t, before)
		if len(got) != 1 || !strings.HasPrefix(got[0], "rival: no successful run for 2 days 2 hours (the last, run #1, finished 2026-11-16 12:00 UTC)") {
			t.Errorf("sent %q, want one stale alert", got)
		}
	})
}
