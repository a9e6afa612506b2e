package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/store"
	"github.com/shelfwatch/shelfwatch/store/storetest"
)

// crawlerBinary builds this command once per test binary run.
var crawlerBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "crawler-bin")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "crawler")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// newSlowShop is the shop the process tests crawl: bigShop with pages
// listing pages (/list?page=N) of 3 items each, every answer delayed.
func newSlowShop(t *testing.T, pages int, delay time.Duration) *bigShop {
	return newBigShop(t, pages, 3, delay)
}

// shopConfig writes a config crawling the shop as competitor acme.
func shopConfig(t *testing.T, shopURL string) string {
	u, _ := url.Parse(shopURL)
	path := filepath.Join(t.TempDir(), "shelfwatch.yaml")
	cfg := fmt.Sprintf(`contact_url: https://example.com/bot
competitors:
  - name: acme
    start_urls: [%s/list]
    allowed_domains: [%s]
    product_links: ".card a.name @href"
    selectors: {item: .card, title: a.name, url: "a.name @href", price: .price}
    next_page: "a.next @href"
    currency: CNY
    delay: 0s
    parallelism: 2
    robots_txt: ignore
`, shopURL, u.Hostname())
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func crawlerCmd(t *testing.T, dsn, cfg string, args ...string) *exec.Cmd {
	bin, err := crawlerBinary()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, append([]string{"run", "--config", cfg, "--log-level", "warn"}, args...)...)
	cmd.Env = append(os.Environ(), "SHELFWATCH_DB="+dsn)
	return cmd
}

// TestAKilledCrawlResumesWithoutRefetchingOrDuplicates SIGKILLs `crawler
// run` mid-crawl and runs `crawler run --resume`: every item is stored once,
// none is missing, and no page saved before the kill is fetched again.
func TestAKilledCrawlResumesWithoutRefetchingOrDuplicates(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run("on "+dialect, func(t *testing.T) {
			const pages = 6
			s := newSlowShop(t, pages, 40*time.Millisecond)
			dsn := storetest.MustDSN(t, dialect)
			cfg := shopConfig(t, s.srv.URL)
			ctx := context.Background()
			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()

			cmd := crawlerCmd(t, dsn, cfg)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Kill it once some pages, not all, are saved.
			deadline := time.Now().Add(20 * time.Second)
			var runID int64
			for {
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatal("no pages saved within 20 s")
				}
				runs, _ := db.LatestRuns(ctx, "acme", "", 1)
				if len(runs) == 1 {
					runID = runs[0].ID
					if done, _ := db.DonePages(ctx, runID); len(done) >= 5 {
						break
					}
				}
				time.Sleep(20 * time.Millisecond)
			}
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
			killedDone, _ := db.DonePages(ctx, runID)
			beforeResume, _ := s.snapshot()
			if len(killedDone) >= pages*4 {
				t.Skip("the crawl finished before it was killed")
			}

			if dialect == store.DialectSQLite {
				// A killed holder's SQLite lease stands until it expires
				// (store.DefaultLockLease): until then the competitor is
				// busy as far as anyone can tell. Then let it expire.
				var early bytes.Buffer
				c := crawlerCmd(t, dsn, cfg, "--resume")
				c.Stdout, c.Stderr = &early, &early
				if err := c.Run(); err != nil || !strings.Contains(early.String(), "SKIPPED acme: a crawl started") {
					t.Errorf("resume within the killed crawl's lease: %v\n%s\nwant SKIPPED", err, early.String())
				}
				expireLeases(t, dsn)
			}
			var out bytes.Buffer
			resume := crawlerCmd(t, dsn, cfg, "--resume")
			resume.Stdout, resume.Stderr = &out, &out
			if err := resume.Run(); err != nil {
				t.Fatalf("crawler run --resume: %v\n%s", err, out.String())
			}
			if !strings.Contains(out.String(), "ABANDONED acme: 1 run(s)") || !strings.Contains(out.String(), "succeeded (resumed)") {
				t.Errorf("output:\n%s\nwant the killed run abandoned, then resumed", out.String())
			}
			run, err := db.Run(ctx, runID)
			if err != nil || run.Status != store.RunSucceeded {
				t.Fatalf("run %d: %+v (%v), want the killed run resumed to success", runID, run, err)
			}
			offers, err := db.RunOffers(ctx, runID)
			if err != nil {
				t.Fatal(err)
			}
			keys := map[string]int{}
			for _, o := range offers {
				keys[o.Key]++
			}
			for p := 1; p <= pages; p++ {
				for i := 1; i <= 3; i++ {
					if k := fmt.Sprintf("sku:SKU-%d-%d", p, i); keys[k] != 1 {
						t.Errorf("item %s stored %d times, want once", k, keys[k])
					}
				}
			}
			if len(offers) != pages*3 {
				t.Errorf("%d offers stored, want %d", len(offers), pages*3)
			}
			after, _ := s.snapshot()
			for _, p := range killedDone {
				uri := strings.TrimPrefix(p.URL, s.srv.URL)
				if after[uri] != beforeResume[uri] {
					t.Errorf("%s was saved before the kill and fetched again on resume", uri)
				}
			}
		})
	}
}

// TestTwoCrawlsOfOneCompetitorAtOnce starts two `crawler run` processes
// of one competitor: exactly one crawls, the other says SKIPPED.
func TestTwoCrawlsOfOneCompetitorAtOnce(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run("on "+dialect, func(t *testing.T) {
			s := newSlowShop(t, 3, 150*time.Millisecond)
			dsn := storetest.MustDSN(t, dialect)
			cfg := shopConfig(t, s.srv.URL)
			// Migrate once, so the two processes do not race to.
			db, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var outs [2]bytes.Buffer
			var errs [2]error
			var wg sync.WaitGroup
			for i := range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					cmd := crawlerCmd(t, dsn, cfg, "-q")
					cmd.Stdout, cmd.Stderr = &outs[i], &outs[i]
					errs[i] = cmd.Run()
				}()
			}
			wg.Wait()
			skipped, crawled := 0, 0
			for i := range 2 {
				if errs[i] != nil {
					t.Errorf("process %d: %v\n%s", i, errs[i], outs[i].String())
				}
				o := outs[i].String()
				switch {
				// On PostgreSQL the holder may be caught before it records
				// itself: "another crawl is still running (its holder is
				// not recorded)".
				case strings.Contains(o, "SKIPPED acme: ") && strings.Contains(o, "is still running"):
					skipped++
				case strings.Contains(o, "acme") && strings.Contains(o, "succeeded"):
					crawled++
				}
			}
			if skipped != 1 || crawled != 1 {
				t.Errorf("%d skipped, %d crawled; want one each:\n--- 1:\n%s\n--- 2:\n%s", skipped, crawled, outs[0].String(), outs[1].String())
			}
			runs, _ := db.LatestRuns(context.Background(), "acme", "", 0)
			if len(runs) != 1 {
				t.Errorf("%d runs of acme, want 1", len(runs))
			}
			hits, _ := s.snapshot()
			for uri, n := range hits {
				if n != 1 {
					t.Errorf("%s fetched %d times, want once", uri, n)
				}
			}
		})
	}
}

func TestVersion(t *testing.T) {
	out, _, err := runCrawler(t, "", "--version")
	if err != nil || !strings.HasPrefix(out, "crawler ") {
		t.Errorf("--version = %q, %v", out, err)
	}
}

// expireLeases ends every SQLite crawl lease at once, as the passing of
// store.DefaultLockLease would.
func expireLeases(t *testing.T, dsn string) {
	t.Helper()
	raw, err := sql.Open("sqlite", strings.TrimPrefix(dsn, "sqlite:"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`UPDATE crawl_locks SET expires_at = NULL`); err != nil {
		t.Fatal(err)
	}
}

func appendTo(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}
