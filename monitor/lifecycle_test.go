package monitor

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/metrics"
	"github.com/shelfwatch/shelfwatch/progress"
	"github.com/shelfwatch/shelfwatch/scraper"
	"github.com/shelfwatch/shelfwatch/store"
)

func TestASharpDropInItemsIsSuspect(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := newTestShop(t, 3, 4)
		m, _ := testMonitor(t, dialect, s.competitor("acme"))
		if r := mustRun(t, m, Options{SkipMatch: true}).Results[0]; r.Run.Status != store.RunSucceeded {
			t.Fatalf("first run %+v", r)
		}
		s.pages = 1 // the shop now shows 4 of its 12 items
		rep := mustRun(t, m, Options{SkipMatch: true})
		r := rep.Results[0]
		if r.Run.Status != store.RunSuspect || r.Err != nil || r.Run.Reason == "" {
			t.Errorf("second run %+v; want suspect with a reason", r)
		}
		var out bytes.Buffer
		rep.PrintSummary(&out)
		if !strings.Contains(out.String(), "SUSPECT acme: ") {
			t.Errorf("summary:\n%s", out.String())
		}
	})
}

func TestFailuresAreCountedByClassWithAnExample(t *testing.T) {
	s := newTestShop(t, 2, 3)
	s.setStatus("/p/1-1", http.StatusNotFound)
	s.setStatus("/p/1-2", http.StatusGone)
	s.setStatus("/p/2-1", http.StatusServiceUnavailable)
	m, _ := testMonitor(t, store.DialectSQLite, s.competitor("acme"))
	reg := metrics.New(metrics.WithoutRuntimeMetrics())
	m.Metrics = reg
	m.Crawler.(*scraper.Crawler).Observer = m.Observer()
	rep := mustRun(t, m, Options{SkipMatch: true})
	r := rep.Results[0]
	want := []FailureClass{{"4xx", 2, s.url("/p/1-1")}, {"5xx", 1, s.url("/p/2-1")}}
	if len(r.Failures) != len(want) {
		t.Fatalf("failures %+v, want %+v", r.Failures, want)
	}
	for i, w := range want {
		if got := r.Failures[i]; got.Class != w.Class || got.Count != w.Count || got.Example != w.Example {
			t.Errorf("failure class %d = %+v, want %+v", i, got, w)
		}
	}
	var out bytes.Buffer
	rep.PrintSummary(&out)
	for _, line := range []string{"ERRORS acme: 2 4xx, e.g. " + s.url("/p/1-1"), "ERRORS acme: 1 5xx, e.g. " + s.url("/p/2-1")} {
		if !strings.Contains(out.String(), line) {
			t.Errorf("summary lacks %q:\n%s", line, out.String())
		}
	}
	// The listing offers of the failed product pages are kept: 6 items.
	if r.Run.Items != 6 || r.Run.Errors != 3 || r.Run.Status != store.RunSucceeded {
		t.Errorf("run %+v", r.Run)
	}
	rec := httptest.NewRecorder()
	reg.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	text := rec.Body.Bytes()
	for _, series := range []string{
		`shelfwatch_items_stored_total{competitor="acme"} 6`,
		`class="4xx",competitor="acme"} 2`,
		`class="5xx",competitor="acme"} 1`,
	} {
		if !bytes.Contains(text, []byte(series)) {
			t.Errorf("metrics lack %s", series)
		}
	}
}

func TestASiteThatAnswersNothingFailsTheRun(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := newTestShop(t, 1, 1)
		s.setStatus("/list", http.StatusForbidden)
		m, db := testMonitor(t, dialect, s.competitor("acme"))
		rep := mustRun(t, m, Options{})
		r := rep.Results[0]
		if r.Err == nil || !errors.Is(r.Err, scraper.ErrSiteFailed) || r.Run.Status != store.RunFailed {
			t.Errorf("result %+v; want failed with ErrSiteFailed", r)
		}
		if err := rep.Err(); err == nil || !strings.Contains(err.Error(), "1 of 1 competitors failed: acme") {
			t.Errorf("Report.Err() = %v", err)
		}
		stored, _ := db.Run(context.Background(), r.Run.ID)
		if stored.Status != store.RunFailed || stored.Reason == "" {
			t.Errorf("stored %+v", stored)
		}
		var out bytes.Buffer
		rep.PrintSummary(&out)
		if !strings.Contains(out.String(), "FAILED acme: ") {
			t.Errorf("summary:\n%s", out.String())
		}
	})
}

func TestRunChoosesCompetitorsByName(t *testing.T) {
	s := newTestShop(t, 1, 1)
	m, _ := testMonitor(t, store.DialectSQLite, s.competitor("acme"), s.competitor("bolt"))
	rep := mustRun(t, m, Options{Competitors: []string{"bolt"}, SkipMatch: true})
	if len(rep.Results) != 1 || rep.Results[0].Name != "bolt" {
		t.Errorf("results %+v, want bolt only", rep.Results)
	}
	_, err := m.Run(context.Background(), Options{Competitors: []string{"nope"}})
	if err == nil || !strings.Contains(err.Error(), `unknown competitor "nope" (known: acme, bolt)`) {
		t.Errorf("err = %v", err)
	}
}

func TestResumeWithNothingToResumeStartsANewRun(t *testing.T) {
	s := newTestShop(t, 1, 2)
	m, _ := testMonitor(t, store.DialectSQLite, s.competitor("acme"))
	r := mustRun(t, m, Options{Resume: true, SkipMatch: true}).Results[0]
	if r.Resumed || r.Run.Status != store.RunSucceeded || r.Run.Items != 2 {
		t.Errorf("result %+v", r)
	}
	// A finished run is not resumed either.
	r2 := mustRun(t, m, Options{Resume: true, SkipMatch: true}).Results[0]
	if r2.Resumed || r2.Run.ID == r.Run.ID {
		t.Errorf("second result %+v", r2)
	}
}

func TestACatalogThatCannotBeReadDoesNotStopTheCrawl(t *testing.T) {
	s := newTestShop(t, 1, 2)
	m, _ := testMonitor(t, store.DialectSQLite, s.competitor("acme"))
	m.Config.Catalog = filepath.Join(t.TempDir(), "missing.csv")
	rep := mustRun(t, m, Options{})
	if rep.CatalogErr == nil || rep.Results[0].Run.Status != store.RunSucceeded {
		t.Errorf("catalog err %v, result %+v", rep.CatalogErr, rep.Results[0])
	}
	if err := rep.Err(); err == nil || !strings.Contains(err.Error(), "catalog") {
		t.Errorf("Report.Err() = %v, want the catalog's error", err)
	}
}

func TestCatalogRowsOutsideTheCategoryTreeAreSkippedWithTheirLine(t *testing.T) {
	m, db := testMonitor(t, store.DialectSQLite)
	m.Config = mustConfig(t, "categories:\n  phones: [手机]\n  tea:\n")
	path := filepath.Join(t.TempDir(), "catalog.csv")
	os.WriteFile(path, []byte("\ufeffSKU,title,brand,category,price,currency\nA,Phone,X,Phones,1.00,CNY\nB,Hose,Y,Garden,2.00,\nC,Tea,Z,手机,3.00,CNY\n"), 0o644)
	rep, err := m.ImportCatalog(context.Background(), path, "CNY")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 1 || len(rep.Skipped) != 2 {
		t.Fatalf("report %+v", rep)
	}
	for i, line := range []string{":3:", ":4:"} {
		if !strings.Contains(rep.Skipped[i].Error(), line) {
			t.Errorf("skipped %d = %v, want it at line %s", i, rep.Skipped[i], line)
		}
	}
	items, _ := db.Catalog(context.Background())
	if len(items) != 1 || items[0].Category != "phones" {
		t.Errorf("catalog %+v, want A in phones", items)
	}
	var out, errOut bytes.Buffer
	rep.Print(&out, &errOut)
	if !strings.Contains(out.String(), "catalog: imported 1 items from "+path+" (2 rows skipped, see above)") || strings.Count(errOut.String(), "skipped:") != 2 {
		t.Errorf("printed:\n%s\n%s", out.String(), errOut.String())
	}
}

func TestMatchOptionsTakeTheConfigsMatchingSection(t *testing.T) {
	m := &Monitor{Config: mustConfig(t, "matching:\n  auto_threshold: 0.7\n  candidate_threshold: 0.4\n  max_candidates: 3\n  brand_aliases: [[Vinda, 维达]]\n")}
	opt := m.MatchOptions()
	if opt.AutoThreshold != 0.7 || opt.CandidateThreshold != 0.4 || opt.MaxCandidates != 3 || len(opt.BrandAliases) != 1 {
		t.Errorf("options %+v", opt)
	}
	if (&Monitor{}).MatchOptions().AutoThreshold == 0 {
		t.Error("no config: want the matcher's defaults")
	}
	if got := (&Monitor{Competitors: []scraper.Competitor{{Name: "a"}, {Name: "b", Currency: "EUR"}}}).DefaultCurrency(); got != "EUR" {
		t.Errorf("DefaultCurrency = %s", got)
	}
	if got := (&Monitor{}).DefaultCurrency(); got != "CNY" {
		t.Errorf("DefaultCurrency without competitors = %s", got)
	}
}

func TestProgressFollowsTheCrawl(t *testing.T) {
	s := newTestShop(t, 2, 2)
	s.setStatus("/p/2-2", http.StatusNotFound)
	m, _ := testMonitor(t, store.DialectSQLite, s.competitor("acme"))
	var logged bytes.Buffer
	m.Progress = progress.New(io.Discard, false, slogTo(&logged), 0)
	m.Crawler.(*scraper.Crawler).Observer = m.Observer()
	mustRun(t, m, Options{SkipMatch: true})
	snap := m.tracker("acme").Snapshot()
	m.Progress.Wait()
	// Pages are pages finished: the failed product page is one, and an error.
	if snap.Pages != 6 || snap.Items != 4 || snap.Errors != 1 {
		t.Errorf("progress %+v, want 6 pages, 4 items, 1 error", snap)
	}
}

// TestResultsPrintAllTheirParts checks the summary of results no crawl in
// these tests produces together.
func TestResultsPrintAllTheirParts(t *testing.T) {
	rep := Report{Results: []Result{
		{Name: "a", Run: store.Run{Status: store.RunSucceeded, Pages: 3}, Resumed: true, Unmapped: map[string]int{"Garten": 2, "": 5}},
		{Name: "b", Err: errors.New("crawl b: boom")},
	}}
	var out bytes.Buffer
	rep.PrintSummary(&out)
	for _, want := range []string{"succeeded (resumed)", "FAILED b: crawl b: boom", `UNMAPPED a: (no category) 5, "Garten" 2`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, out.String())
		}
	}
	if got := rep.Failed(); len(got) != 1 || got[0] != "b" {
		t.Errorf("Failed() = %v", got)
	}
	var mo, me bytes.Buffer
	MatchReport{Auto: 2, Candidates: 1, Decided: 3, Invalid: []string{"catalog item X: gtin \"1\": bad"}}.Print(&mo, &me)
	if !strings.Contains(mo.String(), "matches: 2 automatic, 1 candidates for review") || !strings.Contains(me.String(), "warning: catalog item X") {
		t.Errorf("match print: %s / %s", mo.String(), me.String())
	}
}

func TestResultsTimeTheirCrawl(t *testing.T) {
	s := newTestShop(t, 1, 1)
	m, _ := testMonitor(t, store.DialectSQLite, s.competitor("acme"))
	if r := mustRun(t, m, Options{SkipMatch: true}).Results[0]; r.Duration <= 0 {
		t.Errorf("Duration = %s, want the crawl's time on the clock", r.Duration)
	}
}
