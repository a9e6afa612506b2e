package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/queue"
	"github.com/shelfwatch/shelfwatch/queue/queuetest"
	"github.com/shelfwatch/shelfwatch/store"
	"github.com/shelfwatch/shelfwatch/store/storetest"
)

// bigShop is a shop of `lists` listing pages (/list?page=N) with `per`
// product links each (/p/N-I), every answer `latency` late. It counts the
// fetches of every URL and the most requests it ever served at once.
type bigShop struct {
	srv              *httptest.Server
	lists, per       int
	latency          time.Duration
	mu               sync.Mutex
	hits             map[string]int
	active, maxActve int
}

func newBigShop(tb testing.TB, lists, per int, latency time.Duration) *bigShop {
	s := &bigShop{lists: lists, per: per, latency: latency, hits: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(s.srv.Close)
	return s
}

func (s *bigShop) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.RequestURI()]++
	s.active++
	s.maxActve = max(s.maxActve, s.active)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.active--
		s.mu.Unlock()
	}()
	select {
	case <-time.After(s.latency):
	case <-r.Context().Done():
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if r.URL.Path == "/list" {
		p := 1
		fmt.Sscan(r.URL.Query().Get("page"), &p)
		fmt.Fprint(w, `<html><body><ul>`)
		for i := 1; i <= s.per; i++ {
			fmt.Fprintf(w, `<li class="card"><a class="name" href="/p/%d-%d">Phone %d-%d</a><span class="price">¥%d.00</span></li>`, p, i, p, i, 100*p+i)
		}
		fmt.Fprint(w, `</ul>`)
		if p < s.lists {
			fmt.Fprintf(w, `<a class="next" href="/list?page=%d">next</a>`, p+1)
		}
		fmt.Fprint(w, `</body></html>`)
		return
	}
	var p, i int
	if _, err := fmt.Sscanf(r.URL.Path, "/p/%d-%d", &p, &i); err != nil {
		http.NotFound(w, r)
		return
	}
	fmt.Fprintf(w, `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Phone %[1]d-%[2]d","sku":"SKU-%[1]d-%[2]d","offers":{"@type":"Offer","price":"%[3]d.00","priceCurrency":"CNY","availability":"https://schema.org/InStock"}}</script></head><body><h1>Phone</h1></body></html>`, p, i, 100*p+i)
}

func (s *bigShop) snapshot() (map[string]int, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.hits))
	for k, v := range s.hits {
		out[k] = v
	}
	return out, s.maxActve
}

// bigShopConfig writes a config crawling the shop as competitor acme with
// the given parallelism.
func bigShopConfig(tb testing.TB, shopURL string, parallelism, maxPages int) string {
	u, _ := url.Parse(shopURL)
	path := filepath.Join(tb.TempDir(), "shelfwatch.yaml")
	cfg := fmt.Sprintf(`contact_url: https://example.com/bot
competitors:
  - name: acme
    start_urls: ["%s/list?page=1"]
    allowed_domains: [%s]
    product_links: ".card a.name @href"
    selectors: {item: .card, title: a.name, url: "a.name @href", price: .price}
    next_page: "a.next @href"
    currency: CNY
    delay: 0s
    parallelism: %d
    max_pages: %d
    robots_txt: ignore
`, shopURL, u.Hostname(), parallelism, maxPages)
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// startWorker starts `crawler worker` as a child process; its output goes
// to out. The process is killed when the test ends.
func startWorker(tb testing.TB, dsn, cfg, redisURL, name string, out *bytes.Buffer, extra ...string) *exec.Cmd {
	bin, err := crawlerBinary()
	if err != nil {
		tb.Fatal(err)
	}
	args := append([]string{"worker", "--config", cfg, "--redis", redisURL, "--name", name,
		"--concurrency", "2", "--page-lease", "2s", "--log-level", "warn"}, extra...)
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "SHELFWATCH_DB="+dsn)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	return cmd
}

// awaitWorkers waits until n workers serve the queue.
func awaitWorkers(tb testing.TB, redisURL string, n int) {
	tb.Helper()
	rdb := queuetest.MustClient(tb, redisURL)
	deadline := time.Now().Add(15 * time.Second)
	for {
		_, got, err := queue.Stats(rdb)
		if err == nil && got >= n {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("%d of %d workers registered within 15 s (%v)", got, n, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestWorkersCrawlOneShopTogether starts three `crawler worker` processes
// and `crawler run --redis` against a shop of 2,000 product pages: every
// page is fetched once, every item stored once, in one run, and the shop
// never sees more requests at once than the competitor's parallelism. Then
// again with one worker SIGKILLed mid-crawl, and with one stopped by
// SIGTERM (it exits within seconds): the run still succeeds with every item
// stored once, and no page stored before the signal is fetched again.
func TestWorkersCrawlOneShopTogether(t *testing.T) {
	const lists, per, parallelism = 100, 20, 6
	cases := []struct {
		name string
		stop syscall.Signal // sent to one worker mid-crawl; 0 sends none
	}{
		{"three workers", 0},
		{"one of three workers killed mid-crawl", syscall.SIGKILL},
		{"one of three workers stopped mid-crawl", syscall.SIGTERM},
	}
	for i, tc := range cases {
		kill := tc.stop != 0
		t.Run(tc.name, func(t *testing.T) {
			dsn := storetest.MustDSN(t, store.DialectPostgres)
			redisURL := queuetest.MustURL(t, queuetest.DBCrawler+i)
			s := newBigShop(t, lists, per, 20*time.Millisecond)
			cfg := bigShopConfig(t, s.srv.URL, parallelism, 5000)
			ctx := context.Background()
			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()

			outs := make([]*bytes.Buffer, 3)
			workers := make([]*exec.Cmd, 3)
			for w := range workers {
				outs[w] = &bytes.Buffer{}
				workers[w] = startWorker(t, dsn, cfg, redisURL, fmt.Sprintf("w%d", w+1), outs[w])
			}
			awaitWorkers(t, redisURL, 3)

			var out bytes.Buffer
			run := crawlerCmd(t, dsn, cfg, "--redis", redisURL, "-q")
			run.Stdout, run.Stderr = &out, &out
			start := time.Now()
			if err := run.Start(); err != nil {
				t.Fatal(err)
			}
			var storedAtKill map[string]bool
			var hitsAtKill map[string]int
			if kill {
				storedAtKill, hitsAtKill = killMidCrawl(t, ctx, db, s, workers[1], tc.stop, 600)
			}
			if err := run.Wait(); err != nil {
				for w, o := range outs {
					t.Logf("worker %d:\n%s", w+1, o.String())
				}
				t.Fatalf("crawler run --redis: %v\n%s", err, out.String())
			}
			elapsed := time.Since(start)
			if !strings.Contains(out.String(), "acme") || !strings.Contains(out.String(), "succeeded") {
				t.Errorf("summary:\n%s\nwant acme succeeded", out.String())
			}

			runs, err := db.Runs(ctx, "acme", time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			if len(runs) != 1 {
				t.Fatalf("%d runs of acme, want one: %+v", len(runs), runs)
			}
			r := runs[0]
			if r.Status != store.RunSucceeded || r.Items != lists*per || r.Pages != lists*(per+1) {
				t.Errorf("run %+v, want succeeded with %d pages and %d items", r, lists*(per+1), lists*per)
			}
			offers, err := db.RunOffers(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			keys := map[string]int{}
			for _, o := range offers {
				keys[o.Key]++
			}
			for p := 1; p <= lists; p++ {
				for i := 1; i <= per; i++ {
					if k := fmt.Sprintf("sku:SKU-%d-%d", p, i); keys[k] != 1 {
						t.Errorf("item %s stored %d times, want once", k, keys[k])
					}
				}
			}
			if len(offers) != lists*per {
				t.Errorf("%d offers stored, want %d", len(offers), lists*per)
			}

			hits, maxActive := s.snapshot()
			if maxActive > parallelism {
				t.Errorf("the shop served %d requests at once, want at most parallelism %d", maxActive, parallelism)
			}
			if !kill {
				for uri, n := range hits {
					if n != 1 {
						t.Errorf("%s fetched %d times, want once", uri, n)
					}
				}
				if len(hits) != lists*(per+1) {
					t.Errorf("%d pages fetched, want %d", len(hits), lists*(per+1))
				}
			} else {
				refetched := 0
				for u := range storedAtKill {
					uri := strings.TrimPrefix(u, s.srv.URL)
					if hits[uri] != hitsAtKill[uri] {
						refetched++
						t.Errorf("%s was stored before the kill and fetched again", uri)
					}
				}
				t.Logf("%d pages stored at the kill, none fetched again", len(storedAtKill)-refetched)
			}
			t.Logf("%d pages in %s with 3 workers (max %d requests at once)", len(hits), elapsed.Round(time.Millisecond), maxActive)
			for _, w := range workers {
				w.Process.Signal(syscall.SIGTERM)
			}
		})
	}
}

// killMidCrawl sends worker sig once at least n pages are stored and
// returns the pages stored then and the shop's counts then. A worker sent
// SIGTERM must exit within seconds.
func killMidCrawl(t *testing.T, ctx context.Context, db *store.DB, s *bigShop, worker *exec.Cmd, sig syscall.Signal, n int) (map[string]bool, map[string]int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if time.Now().After(deadline) {
			t.Fatalf("%d pages not stored within 30 s", n)
		}
		runs, _ := db.LatestRuns(ctx, "acme", "", 1)
		if len(runs) == 1 {
			if done, _ := db.DonePages(ctx, runs[0].ID); len(done) >= n {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The shop's counts first: a page stored after this moment may have
	// been fetched after it too.
	hits, _ := s.snapshot()
	worker.Process.Signal(sig)
	start := time.Now()
	worker.Wait()
	if took := time.Since(start); sig == syscall.SIGTERM && took > 5*time.Second {
		t.Errorf("the stopped worker took %s to exit, want a few seconds at most", took)
	}
	runs, _ := db.LatestRuns(ctx, "acme", "", 1)
	done, err := db.DonePages(ctx, runs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]bool{}
	for _, p := range done {
		if _, ok := hits[strings.TrimPrefix(p.URL, s.srv.URL)]; ok {
			stored[p.URL] = true
		}
	}
	return stored, hits
}

// TestDistributedModeErrors: --redis with a SQLite database is a
// configuration error (exit 2), and a Redis that is down or unreachable
// fails the command within seconds, saying so.
func TestDistributedModeErrors(t *testing.T) {
	blackhole, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer blackhole.Close()
	go func() {
		// Accepts and never answers: a Redis behind a dead proxy.
		var conns []net.Conn
		defer func() {
			for _, c := range conns {
				c.Close()
			}
		}()
		for {
			c, err := blackhole.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	closedAddr := closed.Addr().String()
	closed.Close()

	shop := newBigShop(t, 1, 1, 0)
	cfg := bigShopConfig(t, shop.srv.URL, 1, 10)
	sqlite := "sqlite:" + filepath.Join(t.TempDir(), "s.db")
	pg := "postgres://nobody@127.0.0.1:1/none?sslmode=disable"
	tests := []struct {
		name     string
		dsn      string
		args     []string
		wantCode int
		wantMsg  string
	}{
		{"run with a SQLite database is a configuration error", sqlite,
			[]string{"run", "--config", cfg, "--redis", "redis://127.0.0.1:6379/0"}, 2, "--redis needs a PostgreSQL database"},
		{"a worker with a SQLite database is a configuration error", sqlite,
			[]string{"worker", "--config", cfg, "--redis", "redis://127.0.0.1:6379/0"}, 2, "--redis needs a PostgreSQL database"},
		{"schedule with a SQLite database is a configuration error", sqlite,
			[]string{"schedule", "--config", cfg, "--listen", "", "--redis", "redis://127.0.0.1:6379/0"}, 2, "--redis needs a PostgreSQL database"},
		{"a worker whose Redis refuses connections fails at once", pg,
			[]string{"worker", "--config", cfg, "--redis", "redis://" + closedAddr + "/0"}, 1, "redis is not answering at " + closedAddr},
		{"a worker whose Redis never answers fails within seconds", pg,
			[]string{"worker", "--config", cfg, "--redis", "redis://" + blackhole.Addr().String() + "/0"}, 1, "redis is not answering at " + blackhole.Addr().String()},
		{"run whose Redis host does not resolve fails within seconds", pg,
			[]string{"run", "--config", cfg, "--redis", "redis://redis.invalid:6379/0"}, 1, "redis is not answering at redis.invalid:6379"},
		{"queue whose Redis is down fails within seconds", pg,
			[]string{"queue", "--redis", "redis://" + closedAddr + "/0"}, 1, "redis is not answering"},
		{"a worker without --redis is a usage error", pg,
			[]string{"worker", "--config", cfg}, 2, "--redis URL is required"},
	}
	bin, err := crawlerBinary()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(bin, tc.args...)
			cmd.Env = append(os.Environ(), "SHELFWATCH_DB="+tc.dsn)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			start := time.Now()
			err := cmd.Run()
			took := time.Since(start)
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != tc.wantCode {
				t.Fatalf("exit %v, want status %d\n%s", err, tc.wantCode, out.String())
			}
			if !strings.Contains(out.String(), tc.wantMsg) {
				t.Errorf("output:\n%s\nwant %q", out.String(), tc.wantMsg)
			}
			if took > 8*time.Second {
				t.Errorf("took %s, want a few seconds at most", took)
			}
		})
	}
}
