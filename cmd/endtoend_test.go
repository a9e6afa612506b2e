// Package cmd_test runs shelfwatch as its users do: it builds the crawler
// and report binaries, crawls an httptest shop twice with prices changed in
// between, and reads the digest. It runs on SQLite always and on PostgreSQL
// when SHELFWATCH_TEST_POSTGRES names a database.
package cmd_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/shelfwatch/shelfwatch/render"
	"github.com/shelfwatch/shelfwatch/store/storetest"
)

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

// binaries builds cmd/crawler and cmd/report once per test process.
func binaries(t *testing.T) (crawler, report string) {
	t.Helper()
	buildOnce.Do(func() {
		// The binaries are built by a subprocess, which go test's result
		// cache cannot see; reading every source file here makes a change
		// anywhere in the module invalidate the cached result.
		_ = filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".sql") || path == "../go.mod") {
				_, _ = os.ReadFile(path)
			}
			return nil
		})
		binDir, buildErr = os.MkdirTemp("", "shelfwatch-e2e-")
		if buildErr != nil {
			return
		}
		out, err := exec.Command("go", "build", "-o", binDir+string(os.PathSeparator), "./crawler", "./report").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return filepath.Join(binDir, "crawler"), filepath.Join(binDir, "report")
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// gtin completes a 12-digit body with its GS1 check digit.
func gtin(body string) string {
	sum := 0
	for i, r := range body {
		d := int(r - '0')
		if i%2 == 1 {
			d *= 3
		}
		sum += d
	}
	return body + fmt.Sprint((10-sum%10)%10)
}

type product struct {
	sku, name, price, gtin string
}

// shop is a competitor site whose catalogue can change between crawls. Its
// listing is paginated and links to product pages carrying schema.org
// JSON-LD; robots.txt forbids one path that the listing links to.
type shop struct {
	week     atomic.Int32
	privates atomic.Int32 // requests to the disallowed path
	agents   sync.Map
}

func (s *shop) products() []product {
	ps := []product{
		{"P1", "Alpha One 64GB", "100.00", ""},
		{"P2", "Alpha Two 64GB", "200.00", ""},
		{"P3", "Beta Three 128GB", "300.00", ""},
		{"P4", "Beta Four 128GB", "400.00", ""},
		{"P5", "Gamma Five 256GB", "500.00", gtin("690000000005")},
		{"P6", "Gamma Six 256GB", "600.00", ""},
		{"P7", "Delta Seven 512GB", "700.00", ""},
		{"P8", "Delta Eight 512GB", "800.00", ""},
		{"P9", "Omega Nine 1TB", "900.00", ""},
	}
	if s.week.Load() == 2 {
		ps[4].price = "450.00" // a price cut
		ps = ps[:8]            // P9 is gone
		ps = append(ps, product{"P10", "Omega Ten 1TB", "950.00", ""})
	}
	if s.week.Load() == 3 {
		// The shop "changed its layout": the crawl sees two products.
		ps = ps[:2]
	}
	return ps
}

func (s *shop) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.agents.Store(r.UserAgent(), true)
	ps := s.products()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	switch {
	case r.URL.Path == "/robots.txt":
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	case strings.HasPrefix(r.URL.Path, "/private/"):
		s.privates.Add(1)
		fmt.Fprint(w, "<html><body>secret</body></html>")
	case r.URL.Path == "/phones" || r.URL.Path == "/phones/2":
		page := ps[:5]
		next := `<a class="next" href="/phones/2">next</a><a href="/private/x">staff</a>`
		if r.URL.Path == "/phones/2" {
			page, next = ps[5:], ""
		}
		var b strings.Builder
		for _, p := range page {
			fmt.Fprintf(&b, `<div class="card"><a href="/p/%s">%s</a></div>`, p.sku, p.name)
		}
		fmt.Fprintf(w, "<html><body><h1>Phones</h1>%s%s</body></html>", b.String(), next)
	case strings.HasPrefix(r.URL.Path, "/p/"):
		sku := strings.TrimPrefix(r.URL.Path, "/p/")
		i := slices.IndexFunc(ps, func(p product) bool { return p.sku == sku })
		if i < 0 {
			http.NotFound(w, r)
			return
		}
		p := ps[i]
		ld := fmt.Sprintf(`{"@context":"https://schema.org","@type":"Product","name":%q,"sku":%q,"category":"Phones","brand":{"@type":"Brand","name":"Acme"}`, p.name, p.sku)
		if p.gtin != "" {
			ld += fmt.Sprintf(`,"gtin13":%q`, p.gtin)
		}
		ld += fmt.Sprintf(`,"offers":{"@type":"Offer","price":%q,"priceCurrency":"CNY","availability":"https://schema.org/InStock"}}`, p.price)
		fmt.Fprintf(w, `<html><head><script type="application/ld+json">%s</script></head><body><h1>%s</h1></body></html>`, ld, p.name)
	default:
		http.NotFound(w, r)
	}
}

const catalogCSV = `sku,title,brand,category,price,currency,gtin,target_tier
OUR-1,Acme Gamma Five 256GB,Acme,Phones,700.00,CNY,%s,mid
OUR-2,Our Own Flagship,Acme,Phones,850.00,CNY,,high
BAD,Broken row,Acme,Phones,not-a-price,CNY,,
`

// setup writes a config for the shops into a temp dir and returns its path.
func setup(t *testing.T, shops map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "catalog.csv"), []byte(fmt.Sprintf(catalogCSV, gtin("690000000005"))), 0o644); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("catalog: catalog.csv\ncontact_url: https://example.com/shelfwatch-test\ncompetitors:\n")
	names := make([]string, 0, len(shops))
	for n := range shops {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		fmt.Fprintf(&b, `  - name: %s
    start_urls: [%s/phones]
    allowed_domains: [127.0.0.1]
    currency: CNY
    next_page: "a.next @href"
    product_links: ".card a @href"
    delay: 0s
    parallelism: 2
    timeout: 5s
`, n, shops[n])
	}
	path := filepath.Join(dir, "shelfwatch.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// setupShop serves h as the one competitor name and writes the config
// crawling it (see setup); the server stops when the test ends.
func setupShop(t *testing.T, name string, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return setup(t, map[string]string{name: srv.URL})
}

// run runs a binary with SHELFWATCH_DB set and returns stdout, stderr and
// the exit status.
func run(t *testing.T, dsn, bin string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "SHELFWATCH_DB="+dsn)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

func TestCrawlTwiceAndReadTheDigest(t *testing.T) {
	crawler, report := binaries(t)
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			dsn := storetest.MustDSN(t, dialect)
			s := &shop{}
			s.week.Store(1)
			cfg := setupShop(t, "acme", s)

			out, errOut, code := run(t, dsn, crawler, "run", "--config", cfg)
			if code != 0 {
				t.Fatalf("crawler run (week 1) exited %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
			}
			if !strings.Contains(out, "acme") || !strings.Contains(out, "succeeded") || !strings.Contains(out, "imported 2 items") {
				t.Errorf("week 1 summary lacks the run or the catalog:\n%s", out)
			}
			if !strings.Contains(errOut, "catalog.csv:4:") {
				t.Errorf("the bad catalog row is not reported with its line:\n%s", errOut)
			}

			d := digest(t, dsn, report, cfg)
			if len(d.Runs.Current) != 1 || len(d.Runs.Previous) != 0 || len(d.Changes) != 0 {
				t.Errorf("after one run: current %d, previous %d, changes %d; want 1, 0, 0", len(d.Runs.Current), len(d.Runs.Previous), len(d.Changes))
			}
			if d.Runs.Current[0].Items != 9 {
				t.Errorf("week 1 stored %d items, want 9", d.Runs.Current[0].Items)
			}
			phones := category(t, d, "Phones")
			// Tertiles of 100..900 interpolate to 366.67 and 633.33.
			if phones.LowCut == nil || phones.LowCut.String() != "366.67" || phones.HighCut.String() != "633.33" {
				t.Errorf("week 1 cuts = %v / %v, want 366.67 / 633.33", phones.LowCut, phones.HighCut)
			}
			if got := kinds(d.Gaps); !slices.Contains(got, "assortment_gap") || !slices.Contains(got, "overpriced") || !slices.Contains(got, "tier_mismatch") {
				t.Errorf("week 1 gaps = %v, want an assortment gap, the overpriced OUR-1 and its tier mismatch", got)
			}

			s.week.Store(2)
			out, errOut, code = run(t, dsn, crawler, "run", "--config", cfg)
			if code != 0 {
				t.Fatalf("crawler run (week 2) exited %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
			}
			d = digest(t, dsn, report, cfg)
			if len(d.Runs.Previous) != 1 {
				t.Fatalf("after two runs the digest compares with %d runs, want 1", len(d.Runs.Previous))
			}
			changes := map[string]string{}
			for _, c := range d.Changes {
				changes[c.Key] = c.Kind
				if c.Key == "sku:P5" && (c.From == nil || c.To == nil || c.From.Amount.String() != "500.00" || c.To.Amount.String() != "450.00" || c.Pct != -10) {
					t.Errorf("P5 change = %+v, want 500.00 -> 450.00, -10 %%", c)
				}
			}
			want := map[string]string{"sku:P5": "price_down", "sku:P9": "gone", "sku:P10": "new"}
			for k, v := range want {
				if changes[k] != v {
					t.Errorf("change of %s = %q, want %q (all: %v)", k, changes[k], v, changes)
				}
			}
			if len(changes) != len(want) {
				t.Errorf("changes = %v, want exactly %v", changes, want)
			}
			phones = category(t, d, "Phones")
			if phones.Offers != 9 {
				t.Errorf("week 2 bands %d offers, want 9", phones.Offers)
			}
			if s.privates.Load() != 0 {
				t.Errorf("the crawler fetched a robots.txt-disallowed page %d times", s.privates.Load())
			}
			s.agents.Range(func(k, _ any) bool {
				if ua := k.(string); !strings.Contains(ua, "https://example.com/shelfwatch-test") {
					t.Errorf("User-Agent %q lacks the contact URL", ua)
				}
				return true
			})

			// Week 3 looks broken: the run is suspect, shown under data
			// quality, and the digest still compares weeks 1 and 2 rather
			// than reporting seven listings gone.
			s.week.Store(3)
			out, _, code = run(t, dsn, crawler, "run", "--config", cfg)
			if code != 0 || !strings.Contains(out, "SUSPECT acme") {
				t.Errorf("week 3 run exited %d, want 0 with the run marked suspect:\n%s", code, out)
			}
			d3 := digest(t, dsn, report, cfg)
			if len(d3.Changes) != len(d.Changes) || len(d3.DataQuality.UnusableRuns) != 1 || d3.DataQuality.UnusableRuns[0].Status != "suspect" {
				t.Errorf("after a suspect run: %d changes (want %d), unusable runs %+v", len(d3.Changes), len(d.Changes), d3.DataQuality.UnusableRuns)
			}

			// The other report forms read the same data.
			for _, args := range [][]string{
				{"digest", "--since", "168h", "--format", "markdown"},
				{"digest", "--since", "168h", "--format", "html"},
				{"positioning", "--format", "csv"},
				{"matches", "--review"},
				{"plan", "--target", "10000000", "--per", "year", "--tier", "mid", "--category", "Phones"},
			} {
				out, errOut, code := run(t, dsn, report, append(args, "--config", cfg)...)
				if code != 0 || out == "" {
					t.Errorf("report %v exited %d with %d bytes\nstderr:\n%s", args, code, len(out), errOut)
				}
			}
		})
	}
}

func TestOneFailingShopDoesNotLoseTheOthers(t *testing.T) {
	crawler, report := binaries(t)
	dsn := storetest.MustDSN(t, "sqlite")
	s := &shop{}
	s.week.Store(1)
	srv := httptest.NewServer(s)
	defer srv.Close()
	// A port that was just listening and is now closed: connection refused.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + l.Addr().String()
	l.Close()
	cfg := setup(t, map[string]string{"good": srv.URL, "down": dead})

	out, errOut, code := run(t, dsn, crawler, "run", "--config", cfg)
	if code != 1 {
		t.Errorf("exit status %d, want 1\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "FAILED down") || !strings.Contains(errOut, "down") {
		t.Errorf("the failure is not named:\nstdout:\n%s\nstderr:\n%s", out, errOut)
	}
	d := digest(t, dsn, report, cfg)
	if len(d.Runs.Current) != 1 || d.Runs.Current[0].Competitor != "good" || d.Runs.Current[0].Items != 9 {
		t.Errorf("current runs = %+v, want good's 9 items", d.Runs.Current)
	}
	if len(d.DataQuality.UnusableRuns) == 0 {
		t.Errorf("the failed run is missing from the data-quality section: %+v", d.DataQuality)
	}
}

func TestBadConfigIsOneLineAndExitTwo(t *testing.T) {
	crawler, _ := binaries(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(path, []byte("competitors:\n  - name: x\n    start_urls: [http://127.0.0.1/]\n    allowed_domains: [127.0.0.1]\n    selectors:\n      prcie: .p\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := run(t, "sqlite:"+filepath.Join(dir, "db"), crawler, "run", "--config", path)
	if code != 2 {
		t.Errorf("exit status %d, want 2", code)
	}
	want := path + `:6: competitors[0].selectors.prcie: unknown field (did you mean "price"?)`
	if strings.TrimSpace(errOut) != "crawler: "+want || out != "" {
		t.Errorf("stderr = %q, want exactly %q; stdout %q", errOut, "crawler: "+want, out)
	}
}

func digest(t *testing.T, dsn, report, cfg string) render.DigestFeed {
	t.Helper()
	out, errOut, code := run(t, dsn, report, "digest", "--since", "168h", "--format", "json", "--config", cfg)
	if code != 0 {
		t.Fatalf("report digest exited %d: %s", code, errOut)
	}
	var d render.DigestFeed
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("digest JSON: %v\n%s", err, out)
	}
	return d
}

func category(t *testing.T, d render.DigestFeed, name string) render.CategoryFeed {
	t.Helper()
	for _, c := range d.Categories {
		if c.Category == name {
			return c
		}
	}
	t.Fatalf("no category %q in %+v", name, d.Categories)
	return render.CategoryFeed{}
}

func kinds(gs []render.GapFeed) []string {
	var out []string
	for _, g := range gs {
		out = append(out, g.Kind)
	}
	return out
}

// TestBundledDemo runs README's first commands on the offline demo: week 1
// shows three tiered categories, our items placed and price and assortment
// gaps; after week 2 every kind of flag and change shows at least once.
func TestBundledDemo(t *testing.T) {
	crawler, report := binaries(t)
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "demo.db")
	for _, cfg := range []string{"../configs/shelfwatch.yaml", "../configs/demo/week2.yaml"} {
		out, errOut, code := run(t, dsn, crawler, "run", "--config", cfg)
		if code != 0 {
			t.Fatalf("crawler run --config %s exited %d\n%s\n%s", cfg, code, out, errOut)
		}
		d := digest(t, dsn, report, "../configs/shelfwatch.yaml")
		if cfg == "../configs/shelfwatch.yaml" {
			if len(d.Categories) < 3 {
				t.Errorf("week 1 has %d categories, want at least 3", len(d.Categories))
			}
			for _, c := range d.Categories {
				if !c.Tiered {
					t.Errorf("category %s is not tiered: %s", c.Category, c.Note)
				}
			}
			for _, p := range d.Positions {
				if p.Tier == "" {
					t.Errorf("our %s is not placed in a tier", p.SKU)
				}
			}
			for _, k := range []string{"assortment_gap", "overpriced", "underpriced", "tier_mismatch", "competitor_out_of_stock"} {
				if !slices.Contains(kinds(d.Gaps), k) {
					t.Errorf("week 1 lacks a %s flag (have %v)", k, kinds(d.Gaps))
				}
			}
			if d.DataQuality.CandidatesToReview != 1 {
				t.Errorf("week 1 has %d match candidates to review, want 1", d.DataQuality.CandidatesToReview)
			}
			continue
		}
		for _, k := range []string{"assortment_gap", "overpriced", "underpriced", "tier_mismatch", "competitor_undercut", "competitor_out_of_stock", "new_competitor_listing"} {
			if !slices.Contains(kinds(d.Gaps), k) {
				t.Errorf("after week 2 there is no %s flag (have %v)", k, kinds(d.Gaps))
			}
		}
		seen := map[string]bool{}
		for _, c := range d.Changes {
			seen[c.Kind] = true
		}
		for _, k := range []string{"price_up", "price_down", "new", "gone"} {
			if !seen[k] {
				t.Errorf("after week 2 there is no %s change", k)
			}
		}
	}
}

func TestABrokenCatalogDoesNotStopTheCrawl(t *testing.T) {
	crawler, _ := binaries(t)
	s := &shop{}
	s.week.Store(1)
	cfg := setupShop(t, "acme", s)
	catalog := filepath.Join(filepath.Dir(cfg), "catalog.csv")
	if err := os.WriteFile(catalog, []byte("sku,title,category\n"), 0o644); err != nil { // no price column
		t.Fatal(err)
	}
	dsn := storetest.MustDSN(t, "sqlite")
	out, errOut, code := run(t, dsn, crawler, "run", "--config", cfg)
	if code != 1 || !strings.Contains(errOut, `catalog.csv:1: missing required column "price"`) || !strings.Contains(out, "succeeded") {
		t.Errorf("exit %d; want 1 with the catalog's problem named and the crawl done\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}

	// A catalog that is not there at all is a config error: exit 2, nothing crawled.
	if err := os.Remove(catalog); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = run(t, dsn, crawler, "run", "--config", cfg)
	if code != 2 || !strings.HasPrefix(errOut, "crawler: "+cfg+":1: catalog: cannot read catalog") || out != "" {
		t.Errorf("exit %d; want 2 and one line naming the config line\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}
