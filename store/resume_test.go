package store_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lib/pq"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/store"
)

// Durable runs: the interrupted and abandoned statuses, finding the run to
// resume, and the pages a run finished, saved with their offers so that a
// resumed crawl neither fetches a done page again nor stores an observation
// twice.

// history starts one run of competitor per status, an hour apart, and ends
// each that is not running with FinishRun.
func history(t *testing.T, db *store.DB, competitor string, statuses ...store.RunStatus) []store.Run {
	t.Helper()
	runs := make([]store.Run, len(statuses))
	for i, st := range statuses {
		r, err := db.StartRun(ctx, competitor, day.Add(time.Duration(i)*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if st != store.RunRunning {
			r.Status, r.FinishedAt, r.Pages, r.Items = st, r.StartedAt.Add(time.Minute), 10+i, 100+i
			if err := db.FinishRun(ctx, r); err != nil {
				t.Fatalf("FinishRun(%s) = %v", st, err)
			}
		}
		runs[i] = r
	}
	return runs
}

func TestRunStatuses(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			db := MustOpenTestDB(t, dialect)
			all := []store.RunStatus{store.RunRunning, store.RunSucceeded, store.RunFailed, store.RunSuspect,
				store.RunInterrupted, store.RunAbandoned}
			runs := history(t, db, "alpha", all...)
			for i, st := range all {
				t.Run(string(st)+" is stored and read back", func(t *testing.T) {
					got, err := db.Run(ctx, runs[i].ID)
					if err != nil || got.Status != st {
						t.Errorf("Run = %+v, %v; want status %s", got, err, st)
					}
					latest, err := db.LatestRuns(ctx, "alpha", st, 0)
					if err != nil || len(latest) != 1 || latest[0].ID != runs[i].ID {
						t.Errorf("LatestRuns(%s) = %+v, %v; want run %d only", st, latest, err, runs[i].ID)
					}
				})
			}
			t.Run("an unknown status is refused before it reaches the database", func(t *testing.T) {
				r := runs[0]
				for _, st := range []store.RunStatus{"paused", "Interrupted", "abandon", ""} {
					r.Status = st
					if err := db.FinishRun(ctx, r); err == nil {
						t.Errorf("FinishRun(%q) succeeded", st)
					}
				}
			})
			t.Run("the schema refuses an unknown status written past the API", func(t *testing.T) {
				x := store.Raw(db)
				_, err := x.ExecContext(ctx, x.Rebind(`UPDATE runs SET status = ? WHERE id = ?`), "paused", runs[0].ID)
				if err == nil {
					t.Fatal("the database accepted status 'paused'")
				}
			})
			t.Run("only interrupted and abandoned runs are resumable", func(t *testing.T) {
				for _, st := range all {
					if want := st == store.RunInterrupted || st == store.RunAbandoned; st.Resumable() != want {
						t.Errorf("%s.Resumable() = %v", st, !want)
					}
				}
			})
		})
	}
}

func TestAbandonRuns(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			db := MustOpenTestDB(t, dialect)
			alpha := history(t, db, "alpha", store.RunSucceeded, store.RunRunning, store.RunInterrupted, store.RunRunning)
			beta := history(t, db, "beta", store.RunRunning)

			n, err := db.AbandonRuns(ctx, "alpha")
			if err != nil || n != 2 {
				t.Fatalf("AbandonRuns(alpha) = %d, %v; want 2", n, err)
			}
			want := []store.RunStatus{store.RunSucceeded, store.RunAbandoned, store.RunInterrupted, store.RunAbandoned}
			for i, r := range alpha {
				got, err := db.Run(ctx, r.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.Status != want[i] {
					t.Errorf("alpha run %d: status %s, want %s", i, got.Status, want[i])
				}
				if got.Status == store.RunAbandoned && (got.Reason == "" || !got.FinishedAt.IsZero()) {
					t.Errorf("abandoned run reads %+v; want a reason and no finish time (when it died is not known)", got)
				}
			}
			if got, _ := db.Run(ctx, beta[0].ID); got.Status != store.RunRunning {
				t.Errorf("beta's running run became %s; AbandonRuns must touch only the competitor asked for", got.Status)
			}
			if n, err := db.AbandonRuns(ctx, "alpha"); err != nil || n != 0 {
				t.Errorf("second AbandonRuns = %d, %v; want 0", n, err)
			}
			if n, err := db.AbandonRuns(ctx, "never crawled"); err != nil || n != 0 {
				t.Errorf("AbandonRuns of an unknown competitor = %d, %v; want 0", n, err)
			}
		})
	}
}

func TestResumableRun(t *testing.T) {
	const (
		ok = store.RunSucceeded
		fl = store.RunFailed
		sp = store.RunSuspect
		in = store.RunInterrupted
		ab = store.RunAbandoned
		rn = store.RunRunning
	)
	tests := []struct {
		name    string
		history []store.RunStatus // oldest first
		want    int               // index into history; -1 for none
	}{
		{"a competitor never crawled has nothing to resume", nil, -1},
		{"a finished history has nothing to resume", []store.RunStatus{ok, ok}, -1},
		{"an interrupted last run is resumed", []store.RunStatus{ok, in}, 1},
		{"an abandoned last run is resumed", []store.RunStatus{ok, ab}, 1},
		{"the only run, interrupted, is resumed", []store.RunStatus{in}, 0},
		{"a success after the interruption makes it stale", []store.RunStatus{in, ok}, -1},
		{"a failure after the interruption makes it stale", []store.RunStatus{ab, fl}, -1},
		{"a suspect run after the interruption makes it stale", []store.RunStatus{in, sp}, -1},
		{"of two stopped runs the newer is resumed", []store.RunStatus{ok, ab, in}, 2},
		{"a running run (not yet abandoned) is not a candidate", []store.RunStatus{ok, in, rn}, 1},
		{"a failed last run is not resumed", []store.RunStatus{in, ok, fl}, -1},
	}
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					db := MustOpenTestDB(t, dialect)
					runs := history(t, db, "alpha", tt.history...)
					// Another competitor's stopped run must not count.
					history(t, db, "beta", store.RunInterrupted)
					got, found, err := db.ResumableRun(ctx, "alpha")
					if err != nil {
						t.Fatal(err)
					}
					if tt.want < 0 {
						if found {
							t.Errorf("ResumableRun = run %d (%s), want none", got.ID, got.Status)
						}
						return
					}
					if !found || got.ID != runs[tt.want].ID || got.Status != tt.history[tt.want] {
						t.Errorf("ResumableRun = %+v, %v; want run %d", got, found, runs[tt.want].ID)
					}
				})
			}
		})
	}
}

func TestResumeRun(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			db := MustOpenTestDB(t, dialect)
			runs := history(t, db, "alpha", store.RunInterrupted, store.RunAbandoned, store.RunSucceeded, store.RunFailed, store.RunRunning)
			for i, st := range []store.RunStatus{store.RunInterrupted, store.RunAbandoned} {
				t.Run("an "+string(st)+" run goes back to running with its counts", func(t *testing.T) {
					r, err := db.ResumeRun(ctx, runs[i].ID)
					if err != nil {
						t.Fatal(err)
					}
					stored, err := db.Run(ctx, runs[i].ID)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(r, stored) {
						t.Errorf("ResumeRun returned %+v, the store holds %+v", r, stored)
					}
					if r.Status != store.RunRunning || !r.FinishedAt.IsZero() || r.Reason != "" || r.Pages != 10+i || r.Items != 100+i {
						t.Errorf("resumed run reads %+v", r)
					}
					if _, err := db.ResumeRun(ctx, runs[i].ID); err == nil {
						t.Error("resuming it again succeeded; a running run is not resumable")
					}
				})
			}
			for i, st := range []store.RunStatus{store.RunSucceeded, store.RunFailed, store.RunRunning} {
				t.Run("a "+string(st)+" run is not resumed", func(t *testing.T) {
					_, err := db.ResumeRun(ctx, runs[2+i].ID)
					if err == nil || !strings.Contains(err.Error(), string(st)) {
						t.Errorf("ResumeRun = %v, want an error naming status %s", err, st)
					}
					if got, _ := db.Run(ctx, runs[2+i].ID); got.Status != st {
						t.Errorf("status changed to %s", got.Status)
					}
				})
			}
			t.Run("an unknown run is not found", func(t *testing.T) {
				if _, err := db.ResumeRun(ctx, 999999); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("ResumeRun = %v, want ErrNotFound", err)
				}
			})
		})
	}
}

// page returns a done page of alpha's shop with its links.
func page(path, kind string, links ...string) store.PageDone {
	p := store.PageDone{URL: "https://alpha.example" + path, Kind: kind}
	for _, l := range links {
		p.Links = append(p.Links, "https://alpha.example"+l)
	}
	return p
}

func TestSaveBatch(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Run("pages are recorded with their offers and read back in order", func(t *testing.T) {
				db := MustOpenTestDB(t, dialect)
				r, _ := db.StartRun(ctx, "alpha", day)
				batches := []struct {
					offers []pricing.Offer
					pages  []store.PageDone
				}{
					{[]pricing.Offer{offer("sku:1", "10.00"), offer("sku:2", "20.00")},
						[]store.PageDone{page("/c/kettles", "listing", "/c/kettles?page=2", "/p/1", "/p/2")}},
					{nil, []store.PageDone{page("/c/kettles?page=2", "listing")}}, // an empty last page
					{[]pricing.Offer{offer("sku:3", "30.00")}, []store.PageDone{
						page("/p/3", "product"),
						{URL: "https://alpha.example/api?q=%E4%B8%AD&page=1", Kind: "api", Links: []string{"https://alpha.example/api?q=%E4%B8%AD&page=2"}},
						{URL: "https://alpha.example/p/中文-页面", Kind: "", Links: []string{}},
					}},
				}
				var want []store.PageDone
				for _, b := range batches {
					if err := db.SaveBatch(ctx, r.ID, b.offers, b.pages); err != nil {
						t.Fatal(err)
					}
					want = append(want, b.pages...)
				}
				want[len(want)-1].Links = nil // no links reads back as nil
				got, err := db.DonePages(ctx, r.ID)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("DonePages =\n%+v\nwant\n%+v", got, want)
				}
				offers, err := db.RunOffers(ctx, r.ID)
				if err != nil || len(offers) != 3 {
					t.Errorf("RunOffers = %d offers, %v; want 3", len(offers), err)
				}
				other, _ := db.StartRun(ctx, "alpha", day.Add(time.Hour))
				if got, err := db.DonePages(ctx, other.ID); err != nil || len(got) != 0 || got == nil {
					t.Errorf("DonePages of a run without pages = %#v, %v; want an empty slice", got, err)
				}
			})

			t.Run("a page recorded twice keeps its last links and its first place", func(t *testing.T) {
				db := MustOpenTestDB(t, dialect)
				r, _ := db.StartRun(ctx, "alpha", day)
				err := db.SaveBatch(ctx, r.ID, nil, []store.PageDone{
					page("/c/a", "listing", "/p/1"), page("/c/b", "listing"), page("/c/a", "listing", "/p/1", "/p/2")})
				if err != nil {
					t.Fatal(err)
				}
				if err := db.SaveBatch(ctx, r.ID, nil, []store.PageDone{page("/c/b", "listing", "/p/3")}); err != nil {
					t.Fatal(err)
				}
				got, _ := db.DonePages(ctx, r.ID)
				want := []store.PageDone{page("/c/a", "listing", "/p/1", "/p/2"), page("/c/b", "listing", "/p/3")}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("DonePages = %+v, want %+v", got, want)
				}
			})

			t.Run("text that PostgreSQL refuses is cleaned as in every column", func(t *testing.T) {
				db := MustOpenTestDB(t, dialect)
				r, _ := db.StartRun(ctx, "alpha", day)
				err := db.SaveBatch(ctx, r.ID, nil, []store.PageDone{{URL: "https://alpha.example/caf\xe9\x00", Kind: "list\x00ing",
					Links: []string{"https://alpha.example/\xff"}}})
				if err != nil {
					t.Fatal(err)
				}
				got, _ := db.DonePages(ctx, r.ID)
				want := []store.PageDone{{URL: "https://alpha.example/caf\uFFFD", Kind: "listing", Links: []string{"https://alpha.example/\uFFFD"}}}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("DonePages = %q, want %q", got, want)
				}
			})

			// A page must be recorded if and only if its offers are stored:
			// every way a batch can fail leaves neither behind.
			failures := []struct {
				name   string
				offers []pricing.Offer
				pages  []store.PageDone
				hook   func(batch, attempt int) error
				is     error
			}{
				{"a page without a URL", []pricing.Offer{offer("sku:1", "1.00")}, []store.PageDone{page("/c/1", "listing"), {Kind: "listing"}}, nil, nil},
				{"a page whose URL is only a NUL", []pricing.Offer{offer("sku:1", "1.00")}, []store.PageDone{{URL: "\x00"}}, nil, nil},
				{"an offer of another competitor", []pricing.Offer{offer("sku:1", "1.00"), func() pricing.Offer {
					o := offer("sku:2", "2.00")
					o.Competitor = "beta"
					return o
				}()}, []store.PageDone{page("/c/1", "listing")}, nil, nil},
				{"an offer without a key", []pricing.Offer{offer("", "1.00")}, []store.PageDone{page("/c/1", "listing")}, nil, nil},
				{"an offer the schema refuses (written row by row to name it)", []pricing.Offer{offer("sku:1", "1.00"), func() pricing.Offer {
					o := offer("sku:2", "2.00")
					o.Availability = "sold_out"
					return o
				}()}, []store.PageDone{page("/c/1", "listing")}, nil, store.ErrConstraint},
				{"the database failing before commit", []pricing.Offer{offer("sku:1", "1.00")}, []store.PageDone{page("/c/1", "listing")},
					func(int, int) error { return errors.New("disk full") }, nil},
				{"the database staying busy", []pricing.Offer{offer("sku:1", "1.00")}, []store.PageDone{page("/c/1", "listing")},
					func(int, int) error { return busyErr(dialect) }, store.ErrBusy},
			}
			for _, f := range failures {
				t.Run("nothing is stored after "+f.name, func(t *testing.T) {
					db := MustOpenTestDB(t, dialect)
					store.SetBatching(db, 500, 3, time.Millisecond, f.hook)
					r, _ := db.StartRun(ctx, "alpha", day)
					err := db.SaveBatch(ctx, r.ID, f.offers, f.pages)
					if err == nil {
						t.Fatal("SaveBatch succeeded")
					}
					if f.is != nil && !errors.Is(err, f.is) {
						t.Errorf("err = %v, want %v", err, f.is)
					}
					if n := countRows(t, db, "run_pages"); n != 0 {
						t.Errorf("%d pages recorded", n)
					}
					if n := countRows(t, db, "observations"); n != 0 {
						t.Errorf("%d observations stored", n)
					}
				})
			}

			t.Run("a busy database retried to success records each page once", func(t *testing.T) {
				db := MustOpenTestDB(t, dialect)
				store.SetBatching(db, 500, 5, time.Millisecond, func(_, attempt int) error {
					if attempt < 2 {
						return busyErr(dialect)
					}
					return nil
				})
				r, _ := db.StartRun(ctx, "alpha", day)
				if err := db.SaveBatch(ctx, r.ID, []pricing.Offer{offer("sku:1", "1.00")}, []store.PageDone{page("/c/1", "listing", "/p/1")}); err != nil {
					t.Fatal(err)
				}
				if n := countRows(t, db, "run_pages"); n != 1 {
					t.Errorf("%d pages recorded, want 1", n)
				}
			})

			t.Run("an unknown run is not found", func(t *testing.T) {
				db := MustOpenTestDB(t, dialect)
				if err := db.SaveBatch(ctx, 4242, nil, []store.PageDone{page("/c/1", "listing")}); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("SaveBatch = %v, want ErrNotFound", err)
				}
				if _, err := db.DonePages(ctx, 4242); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("DonePages = %v, want ErrNotFound", err)
				}
			})

			t.Run("more pages than one statement may carry", func(t *testing.T) {
				db := MustOpenTestDB(t, dialect)
				r, _ := db.StartRun(ctx, "alpha", day)
				const n = 20_000 // 80,000 parameters: over both dialects' limits
				pages := make([]store.PageDone, n)
				for i := range pages {
					pages[i] = page(fmt.Sprintf("/p/%05d", i), "product")
				}
				if err := db.SaveBatch(ctx, r.ID, nil, pages); err != nil {
					t.Fatal(err)
				}
				got, err := db.DonePages(ctx, r.ID)
				if err != nil || len(got) != n || got[n-1].URL != pages[n-1].URL {
					t.Errorf("DonePages = %d pages, %v; want %d in order", len(got), err, n)
				}
			})
		})
	}
}

// busyErr is a driver error the store classes as transient (a PostgreSQL
// deadlock; the hook's error is classed the same way on either dialect).
func busyErr(string) error {
	return &pq.Error{Code: "40P01", Message: "deadlock detected"}
}

// TestResumeStoresEachObservationOnce plays a crawl killed part-way and
// resumed: the pages saved before the crash are not fetched again, every
// product is stored exactly once in the run, and a product met again after
// the resume (listed on two pages) replaces its observation instead of
// adding one.
func TestResumeStoresEachObservationOnce(t *testing.T) {
	// The shop: three listing pages of four products each; page 3 lists
	// p/4 again (a product in two categories).
	type shopPage struct {
		page     store.PageDone
		products []string
	}
	shop := []shopPage{
		{page("/c/1", "listing", "/c/2", "/p/1", "/p/2", "/p/3", "/p/4"), []string{"1", "2", "3", "4"}},
		{page("/c/2", "listing", "/c/3", "/p/5", "/p/6", "/p/7", "/p/8"), []string{"5", "6", "7", "8"}},
		{page("/c/3", "listing", "/p/9", "/p/10", "/p/11", "/p/4"), []string{"9", "10", "11", "4"}},
	}
	offersOf := func(p shopPage, price string) []pricing.Offer {
		var out []pricing.Offer
		for _, k := range p.products {
			out = append(out, offer("sku:"+k, price))
		}
		return out
	}
	for _, dialect := range dialects {
		for _, resave := range []struct {
			name  string
			write func(db *store.DB, run int64, offers []pricing.Offer, pages []store.PageDone) error
		}{
			{"batched", func(db *store.DB, run int64, offers []pricing.Offer, pages []store.PageDone) error {
				return db.SaveBatch(ctx, run, offers, pages)
			}},
			{"row by row", func(db *store.DB, run int64, offers []pricing.Offer, pages []store.PageDone) error {
				if err := store.WriteRowByRow(ctx, db, run, offers); err != nil {
					return err
				}
				return db.SaveBatch(ctx, run, nil, pages)
			}},
		} {
			t.Run(dialect+"/"+resave.name, func(t *testing.T) {
				db := MustOpenTestDB(t, dialect)
				prev := history(t, db, "alpha", store.RunSucceeded)[0]
				if err := db.SaveOffers(ctx, prev.ID, offersOf(shop[0], "9.00")); err != nil {
					t.Fatal(err)
				}
				// The first crawl saves page 1, then dies.
				r, err := db.StartRun(ctx, "alpha", day.Add(24*time.Hour))
				if err != nil {
					t.Fatal(err)
				}
				if err := resave.write(db, r.ID, offersOf(shop[0], "10.00"), []store.PageDone{shop[0].page}); err != nil {
					t.Fatal(err)
				}
				// The next start holds the lock, finds the run running
				// and abandons it, then resumes it.
				if n, err := db.AbandonRuns(ctx, "alpha"); err != nil || n != 1 {
					t.Fatalf("AbandonRuns = %d, %v", n, err)
				}
				res, found, err := db.ResumableRun(ctx, "alpha")
				if err != nil || !found || res.ID != r.ID {
					t.Fatalf("ResumableRun = %+v, %v, %v; want run %d", res, found, err, r.ID)
				}
				if _, err := db.ResumeRun(ctx, res.ID); err != nil {
					t.Fatal(err)
				}
				done, err := db.DonePages(ctx, res.ID)
				if err != nil {
					t.Fatal(err)
				}
				// Rebuild the frontier from the done pages, as the crawler
				// will: every link not itself done.
				isDone := map[string]bool{}
				for _, p := range done {
					isDone[p.URL] = true
				}
				var fetched []string
				for _, p := range done {
					for _, l := range p.Links {
						if !isDone[l] && strings.Contains(l, "/c/") {
							fetched = append(fetched, l)
						}
					}
				}
				if want := []string{shop[1].page.URL}; !reflect.DeepEqual(fetched, want) {
					t.Fatalf("resume would fetch %q, want only %q", fetched, want)
				}
				// The resumed crawl saves pages 2 and 3; page 3 meets p/4
				// again at a new price.
				for _, p := range shop[1:] {
					if err := resave.write(db, res.ID, offersOf(p, "11.00"), []store.PageDone{p.page}); err != nil {
						t.Fatal(err)
					}
				}
				var obs int
				x := store.Raw(db)
				if err := x.GetContext(ctx, &obs, x.Rebind(`SELECT COUNT(*) FROM observations WHERE run_id = ?`), res.ID); err != nil {
					t.Fatal(err)
				}
				if obs != 11 {
					t.Errorf("%d observations in the resumed run, want 11 (one per product)", obs)
				}
				got, err := db.RunOffers(ctx, res.ID)
				if err != nil {
					t.Fatal(err)
				}
				price := map[string]string{}
				for _, o := range got {
					price[o.Key] = o.Price.Amount.String()
				}
				if price["sku:4"] != "11.00" || price["sku:1"] != "10.00" || price["sku:9"] != "11.00" {
					t.Errorf("prices after resume %v; want p/4 at its latest 11.00", price)
				}
				if pages, _ := db.DonePages(ctx, res.ID); len(pages) != 3 {
					t.Errorf("%d pages done, want 3", len(pages))
				}
				// The earlier run keeps its own observation of p/4.
				if old, _ := db.RunOffers(ctx, prev.ID); len(old) != 4 || old[3].Price.Amount.String() != "9.00" {
					t.Errorf("the previous run reads %s", dump(old))
				}
				res.Status, res.FinishedAt, res.Items = store.RunSucceeded, day.Add(25*time.Hour), len(got)
				if err := db.FinishRun(ctx, res); err != nil {
					t.Fatal(err)
				}
				if _, found, _ := db.ResumableRun(ctx, "alpha"); found {
					t.Error("a finished run is still resumable")
				}
			})
		}
	}
}
