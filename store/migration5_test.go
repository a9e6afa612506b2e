package store_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/store"
)

// Migration 0005 moves the descriptive fields out of observations into
// listing_versions and (on PostgreSQL) partitions observations by month.
// Upgrading a database written by schema 4's own code must give back every
// run's offers byte for byte, titles of each day included.

// history4 writes, through a store left at schema 4, runs of two competitors
// over three months in which listings change title, category, image and
// Source, lose and regain prices, vanish and return, and one run is saved
// twice; it returns the runs in the order written.
func history4(t *testing.T, old *store.DB) []store.Run {
	t.Helper()
	var runs []store.Run
	start := time.Date(2026, 9, 28, 22, 0, 0, 0, time.UTC) // runs cross month ends
	for i := range 9 {
		for _, comp := range []string{"alpha", "beta"} {
			r, err := old.StartRun(ctx, comp, start.Add(time.Duration(i)*10*24*time.Hour+time.Duration(len(comp))*time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			var offers []pricing.Offer
			for k := range 12 {
				if (k+i)%5 == 0 {
					continue // not listed in this run
				}
				o := offer(fmt.Sprintf("sku:%02d", k), fmt.Sprintf("%d.%02d", 10+k+i%3, i))
				o.Competitor = comp
				switch {
				case k%3 == 0:
					o.Title = fmt.Sprintf("Kettle %d, edition %d", k, i/3) // changes every third run
				case k%4 == 1:
					o.Category, o.Image = []string{"kettles", "toasters"}[i%2], fmt.Sprintf("https://cdn.example/%d/%d.jpg", k, i%2) // flips back and forth
				case k == 2:
					o.Price, o.ListPrice = nil, nil // no price
				case k == 5:
					o.Source = map[string]string{"price": []string{"jsonld", "microdata"}[i%2], "title": "meta"}
				case k == 7:
					o.Source = nil
					o.Sales, o.Reviews = nil, nil
				case k == 8:
					o.Source = map[string]string{}
				}
				if i%4 == 3 {
					o.ObservedAt = time.Time{}
				}
				offers = append(offers, o)
			}
			if err := old.SaveOffers(ctx, r.ID, offers); err != nil {
				t.Fatal(err)
			}
			if i == 4 && comp == "alpha" { // saved again with other prices
				for j := range offers {
					offers[j].Price = cny(fmt.Sprintf("%d.99", j))
				}
				if err := old.SaveOffers(ctx, r.ID, offers); err != nil {
					t.Fatal(err)
				}
			}
			r.Status, r.FinishedAt, r.Items = store.RunSucceeded, r.StartedAt.Add(time.Hour), len(offers)
			if err := old.FinishRun(ctx, r); err != nil {
				t.Fatal(err)
			}
			runs = append(runs, r)
		}
	}
	return runs
}

// runJSON is every run's offers as JSON, by run.
func runJSON(t *testing.T, db *store.DB, runs []store.Run) map[int64][]byte {
	t.Helper()
	out := map[int64][]byte{}
	for _, r := range runs {
		offers, err := db.RunOffers(ctx, r.ID)
		if err != nil {
			t.Fatalf("RunOffers(%d): %v", r.ID, err)
		}
		b, err := json.Marshal(offers)
		if err != nil {
			t.Fatal(err)
		}
		out[r.ID] = b
	}
	return out
}

func TestUpgradeFromMigration4(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			dsn := MustTestDSN(t, dialect)
			old, err := store.Open(ctx, dsn, store.WithSchemaVersion(4))
			if err != nil {
				t.Fatal(err)
			}
			runs := history4(t, old)
			before := runJSON(t, old, runs)
			obsBefore := countRows(t, old, "observations")
			old.Close()

			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatalf("upgrade from migration 4: %v", err)
			}
			defer db.Close()

			t.Run("every run's offers read back byte for byte", func(t *testing.T) {
				after := runJSON(t, db, runs)
				for _, r := range runs {
					if !bytes.Equal(after[r.ID], before[r.ID]) {
						t.Errorf("run %d (%s, %s) after upgrade:\n%s\nwant\n%s", r.ID, r.Competitor,
							r.StartedAt.Format(time.DateOnly), after[r.ID], before[r.ID])
					}
				}
			})
			t.Run("every observation is kept and content is stored once per change", func(t *testing.T) {
				if n := countRows(t, db, "observations"); n != obsBefore {
					t.Errorf("observations has %d rows, had %d", n, obsBefore)
				}
				// Per listing: keys with title changes have 3 editions
				// over the 9 runs; flipping categories 2; a Source that
				// flips 2; all others one.
				var n int
				x := store.Raw(db)
				if err := x.GetContext(ctx, &n, `SELECT COUNT(*) FROM listing_versions`); err != nil {
					t.Fatal(err)
				}
				if n >= obsBefore/3 {
					t.Errorf("listing_versions has %d rows for %d observations: content is not shared", n, obsBefore)
				}
				var dup int
				if err := x.GetContext(ctx, &dup, `SELECT COUNT(*) FROM (SELECT listing_id, url, title, brand, category,
					source_category, sku, gtin, mpn, image, source FROM listing_versions
					GROUP BY listing_id, url, title, brand, category, source_category, sku, gtin, mpn, image, source
					HAVING COUNT(*) > 1) d`); err != nil {
					t.Fatal(err)
				}
				if dup != 0 {
					t.Errorf("%d contents stored more than once", dup)
				}
			})
			t.Run("unchanged content saved after the upgrade reuses the migrated version", func(t *testing.T) {
				// The migration computed content hashes in SQL; the
				// store computes them in Go. Disagreeing, every listing
				// would get a second version here.
				var versions int
				x := store.Raw(db)
				if err := x.GetContext(ctx, &versions, `SELECT COUNT(*) FROM listing_versions`); err != nil {
					t.Fatal(err)
				}
				last := runs[len(runs)-2] // alpha's last run
				offers, err := db.RunOffers(ctx, last.ID)
				if err != nil {
					t.Fatal(err)
				}
				r, err := db.StartRun(ctx, "alpha", last.StartedAt.Add(24*time.Hour))
				if err != nil {
					t.Fatal(err)
				}
				if err := db.SaveOffers(ctx, r.ID, offers); err != nil {
					t.Fatal(err)
				}
				var now int
				if err := x.GetContext(ctx, &now, `SELECT COUNT(*) FROM listing_versions`); err != nil {
					t.Fatal(err)
				}
				if now != versions {
					t.Errorf("listing_versions went from %d to %d rows saving unchanged offers", versions, now)
				}
				got, err := db.RunOffers(ctx, r.ID)
				if err != nil {
					t.Fatal(err)
				}
				if a, b := dump(got), dump(offers); a != b {
					t.Errorf("re-saved offers read back\n%s\nwant\n%s", a, b)
				}
			})
			if dialect == store.DialectPostgres {
				t.Run("observations are partitioned by the month their run started", func(t *testing.T) {
					months, err := db.ObservationPartitions(ctx)
					if err != nil {
						t.Fatal(err)
					}
					have := map[string]bool{}
					for _, m := range months {
						have[m.Format("2006-01")] = true
					}
					for _, want := range []string{"2026-09", "2026-10", "2026-11", "2026-12"} {
						if !have[want] {
							t.Errorf("no partition for %s; have %v", want, months)
						}
					}
					var n int
					x := store.Raw(db)
					if err := x.GetContext(ctx, &n, `SELECT COUNT(*) FROM observations_2026_09`); err != nil {
						t.Fatal(err)
					}
					if n == 0 {
						t.Error("September's runs left no rows in observations_2026_09")
					}
				})
			}
		})
	}
}
