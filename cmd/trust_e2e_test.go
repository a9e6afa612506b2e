package cmd_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/shelfwatch/shelfwatch/render"
	"github.com/shelfwatch/shelfwatch/store/storetest"
)

// Data the team can trust week after week: a shop reordering its variants
// changes nothing, a run accepted as the new baseline is what later runs are
// compared with, and a catalog replaced without a SKU stops flagging it.

// variantShop shows products whose colour variants have no SKU and share
// their page, in an order it swaps when swapped is set: a JSON-LD
// ProductGroup, a Product with named offers, and a Chinese ProductGroup.
type variantShop struct{ swapped atomic.Bool }

type colour struct{ name, price string }

var variantPages = map[string]struct {
	title  string
	group  bool
	colors []colour
}{
	"widget":   {"Widget", true, []colour{{"Red", "100.00"}, {"Blue", "200.00"}}},
	"gadget":   {"Gadget Pro", false, []colour{{"Gadget Pro Black", "300.00"}, {"Gadget Pro Silver", "320.00"}, {"Gadget Pro Gold", "350.00"}}},
	"shouhuan": {"小米手环 9", true, []colour{{"黑色", "249.00"}, {"粉色", "269.00"}}},
}

func (s *variantShop) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	switch {
	case r.URL.Path == "/robots.txt":
		http.NotFound(w, r)
	case r.URL.Path == "/phones":
		var b strings.Builder
		for _, name := range []string{"widget", "gadget", "shouhuan"} {
			fmt.Fprintf(&b, `<div class="card"><a href="/p/%s">%s</a></div>`, name, variantPages[name].title)
		}
		fmt.Fprintf(w, "<html><body>%s</body></html>", b.String())
	case strings.HasPrefix(r.URL.Path, "/p/"):
		p, ok := variantPages[strings.TrimPrefix(r.URL.Path, "/p/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		cs := append([]colour(nil), p.colors...)
		if s.swapped.Load() {
			for i, j := 0, len(cs)-1; i < j; i, j = i+1, j-1 {
				cs[i], cs[j] = cs[j], cs[i]
			}
		}
		var parts []string
		for _, c := range cs {
			if p.group {
				parts = append(parts, fmt.Sprintf(`{"@type":"Product","name":%q,"color":%q,"offers":{"@type":"Offer","price":%q,"priceCurrency":"CNY","availability":"https://schema.org/InStock"}}`,
					p.title+" "+c.name, c.name, c.price))
			} else {
				parts = append(parts, fmt.Sprintf(`{"@type":"Offer","name":%q,"price":%q,"priceCurrency":"CNY","availability":"https://schema.org/InStock"}`, c.name, c.price))
			}
		}
		ld := fmt.Sprintf(`{"@context":"https://schema.org","@type":"Product","name":%q,"category":"Phones","offers":[%s]}`, p.title, strings.Join(parts, ","))
		if p.group {
			ld = fmt.Sprintf(`{"@context":"https://schema.org","@type":"ProductGroup","name":%q,"category":"Phones","variesBy":["https://schema.org/color"],"hasVariant":[%s]}`,
				p.title, strings.Join(parts, ","))
		}
		fmt.Fprintf(w, `<html><head><script type="application/ld+json">%s</script></head><body><h1>%s</h1></body></html>`, ld, p.title)
	default:
		http.NotFound(w, r)
	}
}

func TestReorderedVariantsGiveNoChanges(t *testing.T) {
	crawler, report := binaries(t)
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			dsn := storetest.MustDSN(t, dialect)
			s := &variantShop{}
			cfg := setupShop(t, "colours", s)
			for week, swapped := range []bool{false, true} {
				s.swapped.Store(swapped)
				out, errOut, code := run(t, dsn, crawler, "run", "--config", cfg)
				if code != 0 {
					t.Fatalf("crawl %d exited %d\n%s\n%s", week+1, code, out, errOut)
				}
				if strings.Contains(out, "AMBIGUOUS") {
					t.Errorf("crawl %d found ambiguous offers:\n%s", week+1, out)
				}
			}
			d := digest(t, dsn, report, cfg)
			if len(d.Runs.Current) != 1 || len(d.Runs.Previous) != 1 || d.Runs.Current[0].Items != 7 {
				t.Fatalf("runs %+v / %+v, want two runs of 7 items", d.Runs.Current, d.Runs.Previous)
			}
			if len(d.Changes) != 0 {
				t.Errorf("the shop only reordered its variants, yet the digest shows %d changes: %+v", len(d.Changes), d.Changes)
			}
		})
	}
}

// sizedShop lists n products, each with its own SKU.
type sizedShop struct{ n atomic.Int32 }

func (s *sizedShop) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	n := int(s.n.Load())
	switch {
	case r.URL.Path == "/phones":
		var b strings.Builder
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, `<div class="card"><a href="/p/%d">Phone %d</a></div>`, i, i)
		}
		fmt.Fprintf(w, "<html><body>%s</body></html>", b.String())
	case strings.HasPrefix(r.URL.Path, "/p/"):
		id := strings.TrimPrefix(r.URL.Path, "/p/")
		fmt.Fprintf(w, `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Phone %[1]s","sku":"S%[1]s","category":"Phones","offers":{"price":"1%[1]s0.00","priceCurrency":"CNY"}}</script></head><body><h1>Phone %[1]s</h1></body></html>`, id)
	default:
		http.NotFound(w, r)
	}
}

var runIDRE = regexp.MustCompile(`(?m)^(\d+)\s+shrinking\s+suspect\b`)

func TestAcceptedRunIsTheNextRunsBaseline(t *testing.T) {
	crawler, _ := binaries(t)
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			dsn := storetest.MustDSN(t, dialect)
			s := &sizedShop{}
			s.n.Store(21)
			cfg := setupShop(t, "shrinking", s)
			crawl := func() string {
				out, errOut, code := run(t, dsn, crawler, "run", "--config", cfg)
				if code != 0 {
					t.Fatalf("crawl exited %d\n%s\n%s", code, out, errOut)
				}
				return out
			}
			crawl()
			s.n.Store(9) // the shop really shrank
			if out := crawl(); !strings.Contains(out, "SUSPECT shrinking") {
				t.Fatalf("21 -> 9 items is not suspect:\n%s", out)
			}
			if out := crawl(); !strings.Contains(out, "SUSPECT shrinking") {
				t.Fatalf("without a new baseline every later run stays suspect:\n%s", out)
			}
			list, errOut, code := run(t, dsn, crawler, "runs", "list", "--competitor", "shrinking", "--limit", "2", "--config", cfg)
			if code != 0 {
				t.Fatalf("runs list exited %d: %s", code, errOut)
			}
			ids := runIDRE.FindAllStringSubmatch(list, -1)
			if len(ids) != 2 || !strings.Contains(list, "WITH PRICE") || !strings.Contains(list, "100%") {
				t.Fatalf("runs list shows %d suspect runs, want the 2 latest with their price coverage:\n%s", len(ids), list)
			}
			latest := ids[0][1]
			out, errOut, code := run(t, dsn, crawler, "runs", "accept", latest, "--by", "alice", "--config", cfg)
			if code != 0 || !strings.Contains(out, "accepted by alice") {
				t.Fatalf("runs accept exited %d\n%s\n%s", code, out, errOut)
			}
			if out := crawl(); strings.Contains(out, "SUSPECT") || !strings.Contains(out, "succeeded") {
				t.Errorf("the run after accepting is compared with the accepted run and succeeds:\n%s", out)
			}
			// A run accepted twice, or one that is not suspect, is refused.
			if _, errOut, code := run(t, dsn, crawler, "runs", "accept", latest, "--by", "alice", "--config", cfg); code == 0 || !strings.Contains(errOut, "not suspect") {
				t.Errorf("accepting again exited %d: %s", code, errOut)
			}
			out, errOut, code = run(t, dsn, crawler, "runs", "discard", latest, "--by", "bob", "--config", cfg)
			if code != 0 || !strings.Contains(out, "discarded by bob") {
				t.Errorf("runs discard exited %d\n%s\n%s", code, out, errOut)
			}
			list, _, _ = run(t, dsn, crawler, "runs", "list", "--config", cfg)
			if !strings.Contains(list, latest+"  ") || !strings.Contains(list, "discarded") {
				t.Errorf("runs list does not show run %s discarded:\n%s", latest, list)
			}
		})
	}
}

func TestReplacedCatalogStopsFlaggingRetiredSKUs(t *testing.T) {
	crawler, report := binaries(t)
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			dsn := storetest.MustDSN(t, dialect)
			s := &shop{}
			s.week.Store(1)
			cfg := setupShop(t, "acme", s)
			if out, errOut, code := run(t, dsn, crawler, "run", "--config", cfg); code != 0 {
				t.Fatalf("crawl exited %d\n%s\n%s", code, out, errOut)
			}
			flagged := func() map[string]bool {
				out := map[string]bool{}
				for _, g := range digest(t, dsn, report, cfg).Gaps {
					if g.SKU != "" {
						out[g.SKU] = true
					}
				}
				return out
			}
			if !flagged()["OUR-1"] {
				t.Fatalf("OUR-1 is not flagged before the replace: %v", flagged())
			}
			// The full catalog file no longer has OUR-1: discontinued.
			path := filepath.Join(t.TempDir(), "catalog.csv")
			if err := os.WriteFile(path, []byte("sku,title,brand,category,price,currency\nOUR-2,Our Own Flagship,Acme,Phones,850.00,CNY\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			out, errOut, code := run(t, dsn, crawler, "catalog", "import", "--replace", "--config", cfg, path)
			if code != 0 || !strings.Contains(out, "retired 1 SKUs") {
				t.Fatalf("catalog import --replace exited %d\n%s\n%s", code, out, errOut)
			}
			if got := flagged(); got["OUR-1"] {
				t.Errorf("retired OUR-1 is still flagged: %v", got)
			}
			// Its history stays, through the matches it had: a later crawl
			// (which imports the config's catalog file, now the new one, and
			// matches again) keeps them.
			if err := os.WriteFile(filepath.Join(filepath.Dir(cfg), "catalog.csv"), []byte("sku,title,brand,category,price,currency\nOUR-2,Our Own Flagship,Acme,Phones,850.00,CNY\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, errOut, code := run(t, dsn, crawler, "run", "--config", cfg); code != 0 {
				t.Fatalf("crawl after the replace exited %d\n%s\n%s", code, out, errOut)
			}
			out, errOut, code = run(t, dsn, report, "history", "--sku", "OUR-1", "--format", "json", "--config", cfg)
			var h render.HistoryFeed
			if code != 0 || json.Unmarshal([]byte(out), &h) != nil {
				t.Fatalf("history of the retired OUR-1 exited %d\n%s\n%s", code, out, errOut)
			}
			if h.RetiredAt == nil || len(h.Listings) == 0 || len(h.Listings[0].Points) < 2 {
				t.Errorf("history of the retired OUR-1: retired_at %v, %d listings; want its retirement and its listings' points", h.RetiredAt, len(h.Listings))
			}
			if text, _, _ := run(t, dsn, report, "history", "--sku", "OUR-1", "--config", cfg); !strings.Contains(text, "(retired ") {
				t.Errorf("history text does not say OUR-1 is retired:\n%s", text)
			}
			// A file with a bad row retires nothing: its SKU is not missing.
			bad := filepath.Join(t.TempDir(), "bad.csv")
			if err := os.WriteFile(bad, []byte("sku,title,brand,category,price,currency\nOUR-3,New,Acme,Phones,99.00,CNY\nOUR-2,Our Own Flagship,Acme,Phones,oops,CNY\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			out, errOut, code = run(t, dsn, crawler, "catalog", "import", "--replace", "--config", cfg, bad)
			if code == 0 || !strings.Contains(errOut, "no SKU was retired") {
				t.Errorf("--replace with a bad row exited %d\n%s\n%s", code, out, errOut)
			}
		})
	}
}
