package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lib/pq"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/store"
)

var ctx = context.Background()

// day is a fixed, non-UTC moment with sub-second precision, so tests see
// that times come back in UTC, to the microsecond.
var day = time.Date(2026, 11, 16, 9, 30, 15, 123456789, time.FixedZone("CST", 8*3600))

func cny(s string) *pricing.Money {
	return &pricing.Money{Amount: pricing.MustAmount(s), Currency: "CNY"}
}
func count(n int64) *int64 { return &n }

// offer returns a fully populated offer of competitor "alpha".
func offer(key, price string) pricing.Offer {
	return pricing.Offer{
		Competitor: "alpha", Key: key, URL: "https://alpha.example/p/" + key, Title: "Kettle " + key,
		Brand: "Acme", Category: "kettles", SourceCategory: "Home > Kitchen > Kettles", SKU: strings.TrimPrefix(key, "sku:"), GTIN: "4006381333931",
		MPN: "K-" + key, Image: "https://alpha.example/i/" + key + ".jpg",
		Price: cny(price), ListPrice: cny("399.00"), MinPrice: cny("99.00"), MaxPrice: cny("399.00"),
		Availability: pricing.InStock, Sales: count(1200), Reviews: count(0),
		Source:     map[string]string{"price": "jsonld", "title": "meta"},
		ObservedAt: day.Add(time.Minute),
	}
}

// inDB is how o reads back: times in UTC to the microsecond, the run's
// competitor filled in.
func inDB(o pricing.Offer) pricing.Offer {
	o.Competitor = "alpha"
	if !o.ObservedAt.IsZero() {
		o.ObservedAt = o.ObservedAt.UTC().Truncate(time.Microsecond)
	}
	return o
}

func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func countRows(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := store.Raw(db).GetContext(ctx, &n, "SELECT COUNT(*) FROM "+table); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

func TestOpen(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Run("applies every migration once and records it", func(t *testing.T) {
				dsn := MustTestDSN(t, dialect)
				db, err := store.Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				if got := db.Dialect(); got != dialect {
					t.Errorf("Dialect() = %q, want %q", got, dialect)
				}
				type applied struct {
					Version   int       `db:"version"`
					Name      string    `db:"name"`
					AppliedAt time.Time `db:"applied_at"`
				}
				var first []applied
				if err := store.Raw(db).SelectContext(ctx, &first, "SELECT version, name, applied_at FROM schema_migrations ORDER BY version"); err != nil {
					t.Fatal(err)
				}
				var names []string
				for _, m := range first {
					names = append(names, fmt.Sprint(m.Version, " ", m.Name))
				}
				want := []string{"1 0001_init.sql", "2 0002_catalog_mpn.sql", "3 0003_source_category_match_reasons.sql", "4 0004_durable_runs.sql", "5 0005_listing_versions.sql", "6 0006_alerts.sql", "7 0007_last_seen_from_observations.sql", "8 0008_baselines_retention.sql", "9 0009_exact_amounts.sql", "10 0010_listing_url.sql", "11 0011_version_category.sql", "12 0012_run_category_prices.sql"}
				if !reflect.DeepEqual(names, want) {
					t.Fatalf("schema_migrations = %q, want %q", names, want)
				}
				if _, err := db.StartRun(ctx, "alpha", day); err != nil {
					t.Fatal(err)
				}
				db.Close()

				db, err = store.Open(ctx, dsn)
				if err != nil {
					t.Fatalf("re-open: %v", err)
				}
				defer db.Close()
				var again []applied
				if err := store.Raw(db).SelectContext(ctx, &again, "SELECT version, name, applied_at FROM schema_migrations ORDER BY version"); err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(first, again) {
					t.Errorf("re-open changed schema_migrations:\n got %+v\nwant %+v", again, first)
				}
				if runs, err := db.Runs(ctx, "", time.Time{}); err != nil || len(runs) != 1 {
					t.Errorf("after re-open Runs = %v, %v; want the one run kept", runs, err)
				}
			})

			t.Run("refuses a database newer than the build", func(t *testing.T) {
				dsn := MustTestDSN(t, dialect)
				db, err := store.Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				_, err = store.Raw(db).ExecContext(ctx, store.Raw(db).Rebind(
					"INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"), 9999, "9999_future.sql", day)
				db.Close()
				if err != nil {
					t.Fatal(err)
				}
				if db, err := store.Open(ctx, dsn); err == nil {
					db.Close()
					t.Fatal("Open succeeded on a database of schema version 9999")
				} else if !strings.Contains(err.Error(), "9999") {
					t.Errorf("error %q does not name the version", err)
				}
			})

			t.Run("opens concurrently without applying twice", func(t *testing.T) {
				dsn := MustTestDSN(t, dialect)
				var wg sync.WaitGroup
				errs := make(chan error, 4)
				for range 4 {
					wg.Go(func() {
						db, err := store.Open(ctx, dsn)
						if err == nil {
							err = db.Close()
						}
						errs <- err
					})
				}
				wg.Wait()
				close(errs)
				for err := range errs {
					if err != nil {
						t.Error(err)
					}
				}
				db, err := store.Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				if n := countRows(t, db, "schema_migrations"); n != 12 {
					t.Errorf("schema_migrations has %d rows, want 12", n)
				}
			})

			t.Run("upgrades a database left at migration 1 and keeps its catalog", func(t *testing.T) {
				dsn := MustTestDSN(t, dialect)
				old, err := store.Open(ctx, dsn, store.WithSchemaVersion(1))
				if err != nil {
					t.Fatal(err)
				}
				_, err = store.Raw(old).ExecContext(ctx, store.Raw(old).Rebind(
					`INSERT INTO catalog (sku, title, brand, category, price, currency, gtin, target_tier)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?)`), "K-1", "Kettle MK-100", "Acme", "kettles", 19900, "CNY", "", "mid")
				old.Close()
				if err != nil {
					t.Fatal(err)
				}

				db, err := store.Open(ctx, dsn)
				if err != nil {
					t.Fatalf("open at migration 1: %v", err)
				}
				defer db.Close()
				var versions []int
				if err := store.Raw(db).SelectContext(ctx, &versions, "SELECT version FROM schema_migrations ORDER BY version"); err != nil {
					t.Fatal(err)
				}
				if want := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}; !reflect.DeepEqual(versions, want) {
					t.Errorf("schema_migrations versions = %v, want %v", versions, want)
				}
				kettle := pricing.CatalogItem{SKU: "K-1", Title: "Kettle MK-100", Brand: "Acme", Category: "kettles",
					Price: pricing.Money{Amount: pricing.MustAmount("199"), Currency: "CNY"}, TargetTier: pricing.TierMid}
				if got, err := db.Catalog(ctx); err != nil || !reflect.DeepEqual(got, []pricing.CatalogItem{kettle}) {
					t.Errorf("Catalog = %+v, %v; want the old row with no MPN %+v", got, err, kettle)
				}
				kettle.MPN = "MK-100"
				if _, err := db.ImportCatalog(ctx, []pricing.CatalogItem{kettle}); err != nil {
					t.Fatal(err)
				}
				if got, err := db.Catalog(ctx); err != nil || !reflect.DeepEqual(got, []pricing.CatalogItem{kettle}) {
					t.Errorf("Catalog = %+v, %v; want %+v", got, err, kettle)
				}
			})
		})
	}
}

func TestOpenDSN(t *testing.T) {
	t.Run("sqlite::memory: gives a working private database", func(t *testing.T) {
		db, err := store.Open(ctx, "sqlite::memory:")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.StartRun(ctx, "alpha", day); err != nil {
			t.Fatal(err)
		}
		// The one connection must survive idling: a new one would be a
		// new, empty in-memory database.
		time.Sleep(10 * time.Millisecond)
		if got, err := db.Competitors(ctx); err != nil || len(got) != 1 {
			t.Errorf("Competitors = %v, %v; want [alpha]", got, err)
		}
	})
	t.Run("file: form with the caller's own parameters works", func(t *testing.T) {
		db, err := store.Open(ctx, "file:"+t.TempDir()+"/x.db?_pragma=busy_timeout(1000)")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var fk int
		if err := store.Raw(db).GetContext(ctx, &fk, "PRAGMA foreign_keys"); err != nil || fk != 1 {
			t.Errorf("foreign_keys = %d, %v; want 1", fk, err)
		}
		var mode string
		if err := store.Raw(db).GetContext(ctx, &mode, "PRAGMA journal_mode"); err != nil || mode != "wal" {
			t.Errorf("journal_mode = %q, %v; want wal", mode, err)
		}
	})
	for _, tc := range []struct{ name, dsn string }{
		{"an empty DSN is refused", ""},
		{"an unknown scheme is refused", "mysql://root:hunter2@localhost/db"},
		{"sqlite: without a path is refused", "sqlite:"},
		{"an invalid postgres URL is refused without showing its password", "postgres://bob:hunter2@host:port/db"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, err := store.Open(ctx, tc.dsn)
			if err == nil {
				db.Close()
				t.Fatalf("Open(%q) succeeded", tc.dsn)
			}
			if !errors.Is(err, store.ErrBadDSN) {
				t.Errorf("error %v is not ErrBadDSN", err)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error %q shows the password", err)
			}
		})
	}
	t.Run("a postgres connection failure does not show the password", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		// Port 1 on loopback: nothing listens, the dial fails at once.
		db, err := store.Open(ctx, "postgres://bob:hunter2@127.0.0.1:1/db?sslmode=disable&connect_timeout=2")
		if err == nil {
			db.Close()
			t.Fatal("Open succeeded")
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("error %q shows the password", err)
		}
	})
}

func TestRunLifecycle(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			db := MustOpenTestDB(t, dialect)

			r1, err := db.StartRun(ctx, "alpha", day)
			if err != nil {
				t.Fatal(err)
			}
			want := store.Run{ID: r1.ID, Competitor: "alpha", StartedAt: utc(day), Status: store.RunRunning}
			if r1 != want {
				t.Errorf("StartRun = %+v, want %+v", r1, want)
			}
			t.Run("a started run reads back as running with no finish time", func(t *testing.T) {
				got, err := db.Run(ctx, r1.ID)
				if err != nil || got != want {
					t.Errorf("Run = %+v, %v; want %+v", got, err, want)
				}
			})

			finished := r1
			finished.FinishedAt = day.Add(90 * time.Minute)
			finished.Status = store.RunSucceeded
			finished.Pages, finished.Items, finished.Errors = 40, 380, 2
			finished.Reason = "2 pages timed out"
			finished.WithPrice, finished.WithTitle, finished.WithAvailability = 370, 380, 360
			if err := db.FinishRun(ctx, finished); err != nil {
				t.Fatal(err)
			}
			t.Run("a finished run reads back with every field", func(t *testing.T) {
				got, err := db.Run(ctx, r1.ID)
				wantF := finished
				wantF.FinishedAt = utc(finished.FinishedAt)
				if err != nil || got != wantF {
					t.Errorf("Run = %+v, %v; want %+v", got, err, wantF)
				}
			})

			r2, _ := db.StartRun(ctx, "alpha", day.AddDate(0, 0, 7))
			r2.Status, r2.FinishedAt = store.RunSuspect, day.AddDate(0, 0, 7).Add(time.Hour)
			if err := db.FinishRun(ctx, r2); err != nil {
				t.Fatal(err)
			}
			r3, _ := db.StartRun(ctx, "beta", day.AddDate(0, 0, 8))
			r4, _ := db.StartRun(ctx, "alpha", day.AddDate(0, 0, 14))
			r4.Status = store.RunSucceeded
			if err := db.FinishRun(ctx, r4); err != nil {
				t.Fatal(err)
			}

			ids := func(rs []store.Run) []int64 {
				out := []int64{}
				for _, r := range rs {
					out = append(out, r.ID)
				}
				return out
			}
			for _, tc := range []struct {
				name string
				get  func() ([]store.Run, error)
				want []int64
			}{
				{"Runs of every competitor come newest first", func() ([]store.Run, error) { return db.Runs(ctx, "", time.Time{}) },
					[]int64{r4.ID, r3.ID, r2.ID, r1.ID}},
				{"Runs of one competitor since a time leave out older runs", func() ([]store.Run, error) { return db.Runs(ctx, "alpha", day.AddDate(0, 0, 7)) },
					[]int64{r4.ID, r2.ID}},
				{"Runs of an unknown competitor are empty", func() ([]store.Run, error) { return db.Runs(ctx, "nobody", time.Time{}) },
					[]int64{}},
				{"LatestRuns gives the last two succeeded runs", func() ([]store.Run, error) { return db.LatestRuns(ctx, "alpha", store.RunSucceeded, 2) },
					[]int64{r4.ID, r1.ID}},
				{"LatestRuns with n=1 gives only the newest", func() ([]store.Run, error) { return db.LatestRuns(ctx, "", "", 1) },
					[]int64{r4.ID}},
				{"LatestRuns of running runs finds the unfinished one", func() ([]store.Run, error) { return db.LatestRuns(ctx, "", store.RunRunning, 0) },
					[]int64{r3.ID}},
			} {
				t.Run(tc.name, func(t *testing.T) {
					got, err := tc.get()
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(ids(got), tc.want) {
						t.Errorf("got runs %v, want %v", ids(got), tc.want)
					}
				})
			}

			t.Run("Competitors lists each crawled shop once, sorted", func(t *testing.T) {
				got, err := db.Competitors(ctx)
				if err != nil || !reflect.DeepEqual(got, []string{"alpha", "beta"}) {
					t.Errorf("Competitors = %v, %v", got, err)
				}
			})
			t.Run("an unknown run is ErrNotFound", func(t *testing.T) {
				if _, err := db.Run(ctx, 424242); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("Run: %v, want ErrNotFound", err)
				}
				if err := db.FinishRun(ctx, store.Run{ID: 424242, Status: store.RunFailed}); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("FinishRun: %v, want ErrNotFound", err)
				}
				if _, err := db.RunOffers(ctx, 424242); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("RunOffers: %v, want ErrNotFound", err)
				}
				if err := db.SaveOffers(ctx, 424242, []pricing.Offer{offer("sku:1", "1.00")}); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("SaveOffers: %v, want ErrNotFound", err)
				}
			})
			t.Run("bad input is refused", func(t *testing.T) {
				if err := db.FinishRun(ctx, store.Run{ID: r1.ID, Status: "done"}); err == nil {
					t.Error("FinishRun accepted status \"done\"")
				}
				if _, err := db.StartRun(ctx, "", day); err == nil {
					t.Error("StartRun accepted an empty competitor")
				}
				if _, err := db.LatestRuns(ctx, "", "done", 1); err == nil {
					t.Error("LatestRuns accepted status \"done\"")
				}
			})
		})
	}
}

func TestSaveOffers(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			db := MustOpenTestDB(t, dialect)
			run, err := db.StartRun(ctx, "alpha", day)
			if err != nil {
				t.Fatal(err)
			}

			bare := pricing.Offer{ // nothing but identity: every optional field empty
				Key: "url:https://alpha.example/p/bare", Availability: pricing.AvailabilityUnknown,
			}
			full := offer("sku:100", "199.00")
			noPrice := offer("sku:200", "1.00")
			noPrice.Price, noPrice.ListPrice, noPrice.MinPrice, noPrice.MaxPrice = nil, nil, nil, nil
			noPrice.Sales, noPrice.Reviews = nil, nil
			noPrice.Availability = pricing.OutOfStock
			emptySource := offer("sku:300", "0.00") // a zero price is a price
			emptySource.Source = map[string]string{}
			emptySource.Availability = ""
			offers := []pricing.Offer{noPrice, full, bare, emptySource}

			if err := db.SaveOffers(ctx, run.ID, offers); err != nil {
				t.Fatal(err)
			}
			t.Run("RunOffers gives back every field, ordered by key", func(t *testing.T) {
				got, err := db.RunOffers(ctx, run.ID)
				if err != nil {
					t.Fatal(err)
				}
				want := []pricing.Offer{inDB(full), inDB(noPrice), inDB(emptySource), inDB(bare)}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("RunOffers:\n got %s\nwant %s", dump(got), dump(want))
				}
				if got[1].Price != nil || got[1].Sales != nil {
					t.Errorf("a missing price or count came back as %v / %v, want nil", got[1].Price, got[1].Sales)
				}
			})

			t.Run("saving the same run again updates rather than duplicates", func(t *testing.T) {
				before := countRows(t, db, "observations")
				changed := full
				changed.Price = cny("179.00")
				changed.Title = "Kettle, now cheaper"
				changed.Sales = nil
				if err := db.SaveOffers(ctx, run.ID, []pricing.Offer{changed, noPrice, bare, emptySource}); err != nil {
					t.Fatal(err)
				}
				if after := countRows(t, db, "observations"); after != before {
					t.Errorf("observations went from %d to %d rows", before, after)
				}
				if n := countRows(t, db, "listings"); n != 4 {
					t.Errorf("listings has %d rows, want 4", n)
				}
				got, err := db.RunOffers(ctx, run.ID)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got[0], inDB(changed)) {
					t.Errorf("after re-save got %s, want %s", dump(got[:1]), dump([]pricing.Offer{inDB(changed)}))
				}
			})

			t.Run("a listing keeps its identity across runs while each run keeps its own view", func(t *testing.T) {
				type listing struct {
					ID    int64  `db:"id"`
					First int64  `db:"first_seen_run"`
					Last  int64  `db:"last_seen_run"`
					Title string `db:"title"`
				}
				get := func() listing {
					var l listing
					// When a listing was last seen is its newest observation.
					q := store.Raw(db).Rebind(`SELECT id, first_seen_run,
						(SELECT MAX(run_id) FROM observations o WHERE o.listing_id = listings.id) AS last_seen_run, title
						FROM listings WHERE competitor = ? AND key = ?`)
					if err := store.Raw(db).GetContext(ctx, &l, q, "alpha", full.Key); err != nil {
						t.Fatal(err)
					}
					return l
				}
				before := get()
				next, err := db.StartRun(ctx, "alpha", day.AddDate(0, 0, 7))
				if err != nil {
					t.Fatal(err)
				}
				renamed := full
				renamed.Title = "Kettle 2.0"
				renamed.Price = cny("159.00")
				if err := db.SaveOffers(ctx, next.ID, []pricing.Offer{renamed}); err != nil {
					t.Fatal(err)
				}
				after := get()
				if after.ID != before.ID || after.First != run.ID || after.Last != next.ID || after.Title != "Kettle 2.0" {
					t.Errorf("listing after second run = %+v, want id %d, first %d, last %d, new title", after, before.ID, run.ID, next.ID)
				}
				// Re-saving the older run must not roll the listing back.
				if err := db.SaveOffers(ctx, run.ID, []pricing.Offer{full}); err != nil {
					t.Fatal(err)
				}
				if again := get(); again != after {
					t.Errorf("re-saving the old run changed the listing to %+v, want %+v", again, after)
				}
				old, err := db.RunOffers(ctx, run.ID)
				if err != nil {
					t.Fatal(err)
				}
				if old[0].Title != full.Title || old[0].Price.Amount != full.Price.Amount {
					t.Errorf("old run now shows %q at %v, want %q at %v", old[0].Title, old[0].Price, full.Title, full.Price)
				}
				cur, err := db.RunOffers(ctx, next.ID)
				if err != nil {
					t.Fatal(err)
				}
				if len(cur) != 1 || !reflect.DeepEqual(cur[0], inDB(renamed)) {
					t.Errorf("new run offers = %s", dump(cur))
				}
			})

			t.Run("text with invalid UTF-8 or NUL bytes is stored cleaned, not refused", func(t *testing.T) {
				r, _ := db.StartRun(ctx, "alpha", day.AddDate(0, 0, 30))
				dirty := offer("sku:dirty\xff", "9.99")
				dirty.Title = "Caf\xe9 kettle\x00 1.7L"
				dirty.Source = map[string]string{"title\x00": "meta\xff"}
				if err := db.SaveOffers(ctx, r.ID, []pricing.Offer{dirty}); err != nil {
					t.Fatal(err)
				}
				got, err := db.RunOffers(ctx, r.ID)
				if err != nil || len(got) != 1 {
					t.Fatalf("RunOffers = %v, %v", got, err)
				}
				if got[0].Key != "sku:dirty\uFFFD" || got[0].Title != "Caf\uFFFD kettle 1.7L" {
					t.Errorf("got key %q, title %q", got[0].Key, got[0].Title)
				}
				if got[0].Source["title\x00"] != "meta\uFFFD" {
					t.Errorf("got source %q", got[0].Source)
				}
			})

			t.Run("a run without offers gives an empty slice", func(t *testing.T) {
				empty, _ := db.StartRun(ctx, "alpha", day.AddDate(0, 0, 21))
				got, err := db.RunOffers(ctx, empty.ID)
				if err != nil || got == nil || len(got) != 0 {
					t.Errorf("RunOffers = %#v, %v; want empty", got, err)
				}
			})

			for _, tc := range []struct {
				name   string
				mutate func(o *pricing.Offer)
				errHas string
			}{
				{"an offer of another competitor is refused", func(o *pricing.Offer) { o.Competitor = "beta" }, `"beta"`},
				{"an offer without a key is refused", func(o *pricing.Offer) { o.Key = "" }, "empty key"},
				{"an offer priced in two currencies is refused", func(o *pricing.Offer) { o.ListPrice = &pricing.Money{Amount: pricing.MustAmount("1"), Currency: "USD"} }, "USD"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					r, _ := db.StartRun(ctx, "alpha", day.AddDate(0, 1, 0))
					bad := offer("sku:bad", "1.00")
					tc.mutate(&bad)
					err := db.SaveOffers(ctx, r.ID, []pricing.Offer{offer("sku:ok", "2.00"), bad})
					if err == nil || !strings.Contains(err.Error(), tc.errHas) || !strings.Contains(err.Error(), "offer 1") {
						t.Errorf("SaveOffers error = %v, want one naming offer 1 and %s", err, tc.errHas)
					}
					if got, _ := db.RunOffers(ctx, r.ID); len(got) != 0 {
						t.Errorf("%d offers were written", len(got))
					}
				})
			}
		})
	}
}

func TestSaveOffersBatches(t *testing.T) {
	many := func(n int) []pricing.Offer {
		out := make([]pricing.Offer, n)
		for i := range out {
			out[i] = offer(fmt.Sprintf("sku:%03d", i), "10.00")
		}
		return out
	}
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Run("a batch failing midway leaves nothing of that batch and stops", func(t *testing.T) {
				db := MustOpenTestDB(t, dialect)
				store.SetBatching(db, 4, 3, time.Millisecond, nil)
				run, _ := db.StartRun(ctx, "alpha", day)
				offers := many(12)
				offers[6].Availability = "sold out?" // the schema's CHECK refuses it
				err := db.SaveOffers(ctx, run.ID, offers)
				if !errors.Is(err, store.ErrConstraint) {
					t.Fatalf("SaveOffers error = %v, want ErrConstraint", err)
				}
				for _, want := range []string{"batch 1", "offer 6", "sku:006"} {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error %q does not name %s", err, want)
					}
				}
				got, _ := db.RunOffers(ctx, run.ID)
				if len(got) != 4 || got[3].Key != "sku:003" {
					t.Errorf("saved %d offers, want exactly batch 0 (4 offers)", len(got))
				}
				if n := countRows(t, db, "listings"); n != 4 {
					t.Errorf("listings has %d rows, want 4: the failed batch's listings leaked", n)
				}
			})

			t.Run("a transient failure is retried and the batch saved once", func(t *testing.T) {
				db := MustOpenTestDB(t, dialect)
				calls := 0
				store.SetBatching(db, 5, 3, time.Millisecond, func(batch, attempt int) error {
					calls++
					if batch == 1 && attempt == 0 {
						return &pq.Error{Code: "40001", Message: "could not serialize access"}
					}
					return nil
				})
				run, _ := db.StartRun(ctx, "alpha", day)
				if err := db.SaveOffers(ctx, run.ID, many(12)); err != nil {
					t.Fatal(err)
				}
				if calls != 4 {
					t.Errorf("hook ran %d times, want 4 (3 batches, one retried)", calls)
				}
				if n := countRows(t, db, "observations"); n != 12 {
					t.Errorf("observations has %d rows, want 12", n)
				}
			})

			t.Run("a failure that stays transient gives up with ErrBusy", func(t *testing.T) {
				db := MustOpenTestDB(t, dialect)
				calls := 0
				store.SetBatching(db, 5, 3, time.Millisecond, func(batch, attempt int) error {
					calls++
					return &pq.Error{Code: "40P01", Message: "deadlock detected"}
				})
				run, _ := db.StartRun(ctx, "alpha", day)
				err := db.SaveOffers(ctx, run.ID, many(7))
				if !errors.Is(err, store.ErrBusy) {
					t.Errorf("SaveOffers error = %v, want ErrBusy", err)
				}
				if calls != 3 {
					t.Errorf("tried %d times, want 3", calls)
				}
				if n := countRows(t, db, "observations"); n != 0 {
					t.Errorf("observations has %d rows, want 0", n)
				}
			})

			t.Run("a plain failure is not retried", func(t *testing.T) {
				db := MustOpenTestDB(t, dialect)
				calls := 0
				boom := errors.New("boom")
				store.SetBatching(db, 5, 3, time.Millisecond, func(batch, attempt int) error {
					calls++
					return boom
				})
				run, _ := db.StartRun(ctx, "alpha", day)
				if err := db.SaveOffers(ctx, run.ID, many(3)); !errors.Is(err, boom) || calls != 1 {
					t.Errorf("SaveOffers = %v after %d tries, want boom after 1", err, calls)
				}
			})
		})
	}
}

func TestConcurrentWriters(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			dsn := MustTestDSN(t, dialect)
			// Two handles on one database stand for two processes (a
			// crawler and a report, say); each runs goroutines that
			// write at once.
			var dbs []*store.DB
			for range 2 {
				db, err := store.Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				dbs = append(dbs, db)
			}
			const writers, perWriter = 6, 300
			var wg sync.WaitGroup
			errs := make(chan error, writers)
			for w := range writers {
				db := dbs[w%2]
				wg.Go(func() {
					competitor := fmt.Sprintf("shop%d", w)
					run, err := db.StartRun(ctx, competitor, day)
					if err != nil {
						errs <- err
						return
					}
					offers := make([]pricing.Offer, perWriter)
					for i := range offers {
						offers[i] = offer(fmt.Sprintf("sku:%d", i), "5.00")
						offers[i].Competitor = competitor
					}
					if err := db.SaveOffers(ctx, run.ID, offers); err != nil {
						errs <- err
						return
					}
					run.Status, run.Items = store.RunSucceeded, perWriter
					errs <- db.FinishRun(ctx, run)
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Error(err)
				}
			}
			if n := countRows(t, dbs[0], "observations"); n != writers*perWriter {
				t.Errorf("observations has %d rows, want %d", n, writers*perWriter)
			}
		})
	}
}

func TestCatalog(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			db := MustOpenTestDB(t, dialect)
			items := []pricing.CatalogItem{
				{SKU: "K-2", Title: "Kettle 2", Brand: "Ours", Category: "kettles",
					Price: pricing.Money{Amount: pricing.MustAmount("199"), Currency: "CNY"}, GTIN: "4006381333931", MPN: "KT-200", TargetTier: pricing.TierMid},
				{SKU: "A-1", Title: "Airfryer", Category: "airfryers",
					Price: pricing.Money{Amount: pricing.MustAmount("499"), Currency: "CNY"}},
			}
			n, err := db.ImportCatalog(ctx, items)
			if err != nil || n != 2 {
				t.Fatalf("ImportCatalog = %d, %v", n, err)
			}
			t.Run("Catalog reads every field back, ordered by sku", func(t *testing.T) {
				got, err := db.Catalog(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if want := []pricing.CatalogItem{items[1], items[0]}; !reflect.DeepEqual(got, want) {
					t.Errorf("Catalog = %+v, want %+v", got, want)
				}
			})
			t.Run("a second import updates known SKUs and adds new ones", func(t *testing.T) {
				upd := items[0]
				upd.Price.Amount, upd.TargetTier, upd.Title = 17900, pricing.TierLow, "Kettle 2 (2026)"
				upd.MPN = "KT-200B"
				added := pricing.CatalogItem{SKU: "B-9", Title: "Blender", Category: "blenders", Price: pricing.Money{Amount: pricing.MustAmount("99"), Currency: "CNY"}}
				if n, err := db.ImportCatalog(ctx, []pricing.CatalogItem{upd, added}); err != nil || n != 2 {
					t.Fatalf("ImportCatalog = %d, %v", n, err)
				}
				got, _ := db.Catalog(ctx)
				if want := []pricing.CatalogItem{items[1], added, upd}; !reflect.DeepEqual(got, want) {
					t.Errorf("Catalog = %+v, want %+v", got, want)
				}
			})
			for _, tc := range []struct {
				name  string
				items []pricing.CatalogItem
				has   string
			}{
				{"an empty sku is refused", []pricing.CatalogItem{{SKU: "Z-1"}, {Title: "nameless"}}, "item 1"},
				{"a repeated sku is refused", []pricing.CatalogItem{{SKU: "Z-1"}, {SKU: "Z-2"}, {SKU: "Z-1"}}, "repeats item 0"},
				{"an unknown target tier is refused", []pricing.CatalogItem{{SKU: "Z-1", TargetTier: "premium"}}, "premium"},
			} {
				t.Run(tc.name+" and nothing is written", func(t *testing.T) {
					before, _ := db.Catalog(ctx)
					n, err := db.ImportCatalog(ctx, tc.items)
					if err == nil || n != 0 || !strings.Contains(err.Error(), tc.has) {
						t.Errorf("ImportCatalog = %d, %v; want an error naming %s", n, err, tc.has)
					}
					if after, _ := db.Catalog(ctx); !reflect.DeepEqual(before, after) {
						t.Errorf("catalog changed to %+v", after)
					}
				})
			}
		})
	}
}

func TestMatches(t *testing.T) {
	rec := func(sku, key string, m pricing.MatchMethod, score float64, decision string) store.MatchRecord {
		return store.MatchRecord{
			Match:    pricing.Match{CatalogSKU: sku, Competitor: "alpha", ListingKey: key, Method: m, Score: score},
			Decision: decision, UpdatedAt: day,
		}
	}
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			db := MustOpenTestDB(t, dialect)
			first := []store.MatchRecord{
				rec("K-2", "sku:100", pricing.MatchGTIN, 1, store.DecisionAuto),
				rec("K-2", "sku:200", pricing.MatchFuzzy, 0.8125, store.DecisionCandidate),
				rec("A-1", "sku:300", pricing.MatchFuzzy, 0.71, store.DecisionCandidate),
				rec("A-1", "sku:400", pricing.MatchMPN, 1, store.DecisionAuto),
			}
			if err := db.SaveMatches(ctx, first); err != nil {
				t.Fatal(err)
			}
			// A person decides two of them.
			confirmed := rec("K-2", "sku:200", pricing.MatchConfirmed, 1, store.DecisionConfirmed)
			rejected := rec("A-1", "sku:400", pricing.MatchMPN, 1, store.DecisionRejected)
			if err := db.SaveMatches(ctx, []store.MatchRecord{confirmed, rejected}); err != nil {
				t.Fatal(err)
			}
			// The matcher runs again and proposes everything anew.
			later := day.Add(24 * time.Hour)
			var rerun []store.MatchRecord
			for _, m := range first {
				m.Score, m.UpdatedAt = 0.5, later
				rerun = append(rerun, m)
			}
			if err := db.SaveMatches(ctx, rerun); err != nil {
				t.Fatal(err)
			}
			got, err := db.Matches(ctx)
			if err != nil {
				t.Fatal(err)
			}
			at := func(m store.MatchRecord, ts time.Time) store.MatchRecord { m.UpdatedAt = utc(ts); return m }
			want := []store.MatchRecord{
				at(rerun[2], later), // A-1 sku:300 candidate: updated by the matcher
				at(rejected, day),   // A-1 sku:400: the rejection stands
				at(rerun[0], later), // K-2 sku:100 auto: updated
				at(confirmed, day),  // K-2 sku:200: the confirmation stands
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Matches:\n got %+v\nwant %+v", got, want)
			}

			t.Run("a person can reverse a decision", func(t *testing.T) {
				unrejected := rec("A-1", "sku:400", pricing.MatchConfirmed, 1, store.DecisionConfirmed)
				if err := db.SaveMatches(ctx, []store.MatchRecord{unrejected}); err != nil {
					t.Fatal(err)
				}
				got, _ := db.Matches(ctx)
				if got[1].Decision != store.DecisionConfirmed {
					t.Errorf("decision = %q, want confirmed", got[1].Decision)
				}
			})
			t.Run("a record without an UpdatedAt gets the store's clock", func(t *testing.T) {
				m := rec("Z-9", "sku:900", pricing.MatchSKU, 1, store.DecisionAuto)
				m.UpdatedAt = time.Time{}
				before := time.Now().Add(-time.Second)
				if err := db.SaveMatches(ctx, []store.MatchRecord{m}); err != nil {
					t.Fatal(err)
				}
				got, _ := db.Matches(ctx)
				last := got[len(got)-1]
				if last.CatalogSKU != "Z-9" || last.UpdatedAt.Before(before) {
					t.Errorf("got %+v, want Z-9 updated now", last)
				}
			})
			t.Run("ReplaceMatcherResults drops stale matcher pairs but keeps people's decisions", func(t *testing.T) {
				next := day.Add(48 * time.Hour)
				fresh := rec("K-2", "sku:100", pricing.MatchGTIN, 1, store.DecisionAuto)
				fresh.UpdatedAt = next
				proposal := rec("K-2", "sku:200", pricing.MatchFuzzy, 0.4, store.DecisionCandidate) // confirmed before
				proposal.UpdatedAt = next
				if err := db.ReplaceMatcherResults(ctx, []store.MatchRecord{fresh, proposal}); err != nil {
					t.Fatal(err)
				}
				got, err := db.Matches(ctx)
				if err != nil {
					t.Fatal(err)
				}
				var keys []string
				for _, m := range got {
					keys = append(keys, m.CatalogSKU+" "+m.ListingKey+" "+m.Decision)
				}
				want := []string{"A-1 sku:400 confirmed", "K-2 sku:100 auto", "K-2 sku:200 confirmed"}
				if !reflect.DeepEqual(keys, want) {
					t.Errorf("after replace: %q, want %q", keys, want)
				}
			})
			t.Run("an unknown decision is refused", func(t *testing.T) {
				bad := rec("K-2", "sku:100", pricing.MatchGTIN, 1, "maybe")
				if err := db.SaveMatches(ctx, []store.MatchRecord{bad}); err == nil || !strings.Contains(err.Error(), "maybe") {
					t.Errorf("SaveMatches = %v, want an error naming the decision", err)
				}
			})
		})
	}
}

func TestRedact(t *testing.T) {
	for _, tc := range []struct{ name, dsn, want string }{
		{"a URL password is hidden", "postgres://shelf:s3cr3t@db.internal:5432/shelf?sslmode=require",
			"postgres://shelf:xxxxx@db.internal:5432/shelf?sslmode=require"},
		{"a password with escapes is hidden whole", "postgresql://u:p%40ss%2Fw0rd@h/db", "postgresql://u:xxxxx@h/db"},
		{"a URL without a password is unchanged", "postgres://shelf@127.0.0.1/test?sslmode=disable",
			"postgres://shelf@127.0.0.1/test?sslmode=disable"},
		{"a password query parameter is hidden", "postgres://h/db?user=u&password=s3cr3t&sslmode=disable",
			"postgres://h/db?user=u&password=xxxxx&sslmode=disable"},
		{"a key=value password is hidden", "host=db user=u password=s3cr3t dbname=x",
			"host=db user=u password=xxxxx dbname=x"},
		{"a quoted key=value password is hidden", `host=db password='s3 cr\'3t' dbname=x`,
			"host=db password=xxxxx dbname=x"},
		{"a sqlite path is unchanged", "sqlite:/var/lib/shelfwatch/shelf.db", "sqlite:/var/lib/shelfwatch/shelf.db"},
		{"a password in a DSN without a scheme is hidden", "u:s3cr3t@tcp(127.0.0.1)/db", "u:xxxxx@tcp(127.0.0.1)/db"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := store.Redact(tc.dsn); got != tc.want {
				t.Errorf("Redact(%q) = %q, want %q", tc.dsn, got, tc.want)
			}
		})
	}
}

func FuzzRedact(f *testing.F) {
	f.Add("shelf", "s3cr3t", "db.internal:5432")
	f.Add("u", "p@ss:w/rd?#", "h")
	f.Add("", "xyzw", "127.0.0.1")
	f.Fuzz(func(t *testing.T, user, pass, host string) {
		if strings.ContainsAny(host, "/?#@") {
			t.Skip("not a host")
		}
		ui := url.UserPassword(user, pass).String()
		escUser, escPass, _ := strings.Cut(ui, ":")
		dsn := "postgres://" + ui + "@" + host + "/db"
		got := store.Redact(dsn)
		if strings.ContainsAny(user+host, "=") {
			// key=value look-alikes may be blanked too; only insist the
			// password is gone.
			if len(escPass) >= 4 && strings.Contains(got, escPass) && !strings.Contains(escUser+host, escPass) {
				t.Errorf("Redact(%q) = %q still shows the password", dsn, got)
			}
			return
		}
		if want := "postgres://" + escUser + ":xxxxx@" + host + "/db"; got != want {
			t.Errorf("Redact(%q) = %q, want %q", dsn, got, want)
		}
		_ = store.Redact(user + pass + host) // junk never panics
	})
}

// dump formats offers for failure messages, pointers followed.
func dump(offers []pricing.Offer) string {
	b, err := json.MarshalIndent(offers, "", "  ")
	if err != nil {
		return fmt.Sprint(offers)
	}
	return string(b)
}

func TestSQLiteBusy(t *testing.T) {
	// Two handles on one file stand for two processes; the writer under
	// test does not wait in busy_timeout, so it meets SQLITE_BUSY at once.
	dsn := MustTestDSN(t, store.DialectSQLite)
	holder, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	impatient, err := store.Open(ctx, dsn+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer impatient.Close()
	run, err := impatient.StartRun(ctx, "alpha", day)
	if err != nil {
		t.Fatal(err)
	}
	offers := []pricing.Offer{offer("sku:1", "1.00"), offer("sku:2", "2.00")}

	t.Run("a lock held by another process is waited out by retrying", func(t *testing.T) {
		tx, err := store.Raw(holder).BeginTxx(ctx, nil) // IMMEDIATE: takes the write lock
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			time.Sleep(50 * time.Millisecond)
			tx.Commit()
		}()
		store.SetBatching(impatient, 500, 12, 5*time.Millisecond, nil)
		err = impatient.SaveOffers(ctx, run.ID, offers)
		<-done
		if err != nil {
			t.Fatalf("SaveOffers = %v, want success once the lock is released", err)
		}
		if got, _ := impatient.RunOffers(ctx, run.ID); len(got) != 2 {
			t.Errorf("saved %d offers, want 2", len(got))
		}
	})
	t.Run("a lock that is never released ends in ErrBusy", func(t *testing.T) {
		tx, err := store.Raw(holder).BeginTxx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		store.SetBatching(impatient, 500, 3, time.Millisecond, nil)
		if err := impatient.SaveOffers(ctx, run.ID, offers); !errors.Is(err, store.ErrBusy) {
			t.Errorf("SaveOffers = %v, want ErrBusy", err)
		}
	})
}
