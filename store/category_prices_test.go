package store_test

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/store"
)

// seedCategories saves runs of two competitors over two months (two
// PostgreSQL partitions) into db: listings in several categories, one
// that moves from kettles to toasters and back, one whose category
// differs from "kettles" only in case, one with none, a "from" price, a
// price in USD, and a run with no kettles at all. It returns the runs, oldest first.
func seedCategories(t *testing.T, db *store.DB) []store.Run {
	t.Helper()
	var runs []store.Run
	for i := range 4 {
		at := day.Add(time.Duration(i) * 12 * 24 * time.Hour)
		for _, comp := range []string{"alpha", "beta"} {
			var offers []pricing.Offer
			if comp == "beta" && i == 2 {
				o := offer("sku:B-only", "20.00")
				o.Category = "toasters"
				offers = append(offers, o)
			} else {
				for k := range 6 {
					o := offer(fmt.Sprintf("sku:%s-%d", comp, k), fmt.Sprintf("%d.%02d", 10+k, i))
					o.Category = []string{"kettles", "toasters", "kettles", "Kettles", "", "irons"}[k]
					if k == 0 && i%2 == 1 { // moves to toasters and back
						o.Category = "toasters"
					}
					if k == 2 && i == 3 { // a new title: a new version, same category
						o.Title += " (new)"
					}
					switch k {
					case 1: // a "from" price only
						o.Price = nil
					case 2: // another brand and currency, no sales shown
						o.Brand, o.Sales = "Zeta", nil
						o.Price.Currency, o.ListPrice.Currency, o.MinPrice.Currency, o.MaxPrice.Currency = "USD", "USD", "USD", "USD"
					}
					offers = append(offers, o)
				}
			}
			runs = append(runs, mkRun(t, db, comp, at, store.RunSucceeded, offers))
		}
	}
	return runs
}

// TestCategoryPrices holds CategoryPrices to RunOffers with the other
// categories left out and the fields banding does not read zeroed, run by
// run, on the current schema, the schema
// before migration 0011 (upgraded to it) and the one before listing
// versions, which it reads whole.
func TestCategoryPrices(t *testing.T) {
	for _, dialect := range dialects {
		for _, schema := range []int{0, 10, 4} {
			t.Run(fmt.Sprintf("%s/schema_%d", dialect, schema), func(t *testing.T) {
				var db *store.DB
				var runs []store.Run
				switch schema {
				case 0:
					db = MustOpenTestDB(t, dialect)
					runs = seedCategories(t, db)
				case 10:
					dsn := MustTestDSN(t, dialect)
					old, err := store.Open(ctx, dsn, store.WithSchemaVersion(schema))
					if err != nil {
						t.Fatal(err)
					}
					runs = seedCategories(t, old)
					old.Close()
					if db, err = store.Open(ctx, dsn); err != nil {
						t.Fatalf("upgrade: %v", err)
					}
					t.Cleanup(func() { db.Close() })
				default:
					dsn := MustTestDSN(t, dialect)
					var err error
					if db, err = store.Open(ctx, dsn, store.WithSchemaVersion(schema)); err != nil {
						t.Fatal(err)
					}
					t.Cleanup(func() { db.Close() })
					runs = seedCategories(t, db)
				}
				cats, err := db.Categories(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if want := []string{"Kettles", "irons", "kettles", "toasters"}; !reflect.DeepEqual(cats, want) {
					t.Errorf("Categories = %q, want %q", cats, want)
				}
				ids := make([]int64, len(runs))
				for i, r := range runs {
					ids[i] = r.ID
				}
				// The sets again: the second time (and the third set's
				// kettles and toasters the first time) are read from the
				// prices kept of finished runs (run_category_prices).
				sets := [][]string{{"kettles"}, {"toasters"}, {"kettles", "Kettles", "toasters"}, {"irons", "irons"}, {"tablets"}, {}}
				for _, set := range append(slices.Clone(sets), sets...) {
					got, err := db.CategoryPrices(ctx, ids, set)
					if err != nil {
						t.Fatal(err)
					}
					if len(got) != len(ids) {
						t.Errorf("%q: offers of %d runs, want %d", set, len(got), len(ids))
					}
					for _, r := range runs {
						all, err := db.RunOffers(ctx, r.ID)
						if err != nil {
							t.Fatal(err)
						}
						want := []pricing.Offer{}
						for _, o := range all {
							if slices.Contains(set, o.Category) {
								want = append(want, pricing.Offer{Competitor: o.Competitor, Key: o.Key, Brand: o.Brand, Category: o.Category,
									Price: o.Price, MinPrice: o.MinPrice, Sales: o.Sales})
							}
						}
						if !reflect.DeepEqual(got[r.ID], want) {
							t.Errorf("%q, run %d of %s:\n got %+v\nwant %+v", set, r.ID, r.Competitor, got[r.ID], want)
						}
					}
				}
				// A run of its own is read alone; a run twice is read once.
				got, err := db.CategoryPrices(ctx, []int64{ids[1], ids[1]}, []string{"toasters"})
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != 1 || len(got[ids[1]]) != 1 || got[ids[1]][0].Key != "sku:beta-1" || got[ids[1]][0].Competitor != "beta" {
					t.Errorf("one run's toasters: %+v", got)
				}
				if _, err := db.CategoryPrices(ctx, []int64{ids[0], 9999}, []string{"kettles"}); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("an unknown run: err = %v, want ErrNotFound", err)
				}
			})
		}
	}
}

// TestCategoryPricesPlan holds CategoryPrices' query to the
// listing_versions_category index on both databases, with no scan of
// observations: a run's 200,000 rows read to keep a category's few
// thousand is what the query exists to avoid.
func TestCategoryPricesPlan(t *testing.T) {
	const listings, runs = 3000, 6
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			db := MustOpenTestDB(t, dialect)
			offers := make([]pricing.Offer, listings)
			var ids []int64
			for i := range runs {
				for k := range offers {
					offers[k] = offer(fmt.Sprintf("sku:%05d", k), fmt.Sprintf("%d.%02d", 10+k%90, i))
					offers[k].Category = fmt.Sprintf("category-%02d", k%30)
				}
				// Weekly runs across two months: two partitions on
				// PostgreSQL.
				ids = append(ids, mkRun(t, db, "alpha", day.Add(time.Duration(i)*7*24*time.Hour), store.RunSucceeded, offers).ID)
			}
			x := store.Raw(db)
			if _, err := x.ExecContext(ctx, "ANALYZE"); err != nil {
				t.Fatal(err)
			}
			plan := func(pq store.PlannedQuery) string {
				t.Helper()
				return queryPlan(t, x, dialect, pq.SQL, pq.Args...)
			}
			cats := []string{"category-07", "category-08"}
			if text := plan(store.CategoryVersionsQuery(db, cats)); !strings.Contains(text, "listing_versions_category") {
				t.Errorf("the versions' query does not use listing_versions_category:\n%s", text)
			}
			pq, err := store.CategoryPricesQuery(ctx, db, ids[len(ids)-1], cats)
			if err != nil {
				t.Fatal(err)
			}
			text := plan(pq)
			if m := seqScan.FindString(text); m != "" {
				t.Errorf("a run's query scans observations whole (%s):\n%s", m, text)
			}
			// SQLite takes the versions from the index again; PostgreSQL
			// gets them as arrays. Either probes observations by index.
			want := regexp.MustCompile(`SEARCH o USING (PRIMARY KEY|INDEX observations_listing)|Index Scan using observations_\w+ on observations_\d{4}_\d{2}`)
			if !want.MatchString(text) || dialect == store.DialectSQLite && !strings.Contains(text, "listing_versions_category") {
				t.Errorf("a run's query does not probe observations by index from the category's listings:\n%s", text)
			}
		})
	}
}

// TestCategoryPricesKeepsFinishedRunsOnly: a run still crawling is read
// from its observations every time (more may come); once finished, its
// prices are kept per category and later reads give the same offers.
func TestCategoryPricesKeepsFinishedRunsOnly(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			db := MustOpenTestDB(t, dialect)
			kept := func() int { return countRows(t, db, "run_category_prices") }
			r, err := db.StartRun(ctx, "alpha", day)
			if err != nil {
				t.Fatal(err)
			}
			save := func(keys ...string) {
				t.Helper()
				var offers []pricing.Offer
				for _, k := range keys {
					offers = append(offers, offer("sku:"+k, "12.50"))
				}
				if err := db.SaveBatch(ctx, r.ID, offers, nil); err != nil {
					t.Fatal(err)
				}
			}
			read := func() []pricing.Offer {
				t.Helper()
				got, err := db.CategoryPrices(ctx, []int64{r.ID}, []string{"kettles", "toasters"})
				if err != nil {
					t.Fatal(err)
				}
				return got[r.ID]
			}
			save("a")
			if got := read(); len(got) != 1 || kept() != 0 {
				t.Fatalf("running: %d offers, %d kept rows; want 1 offer, nothing kept", len(got), kept())
			}
			save("b") // the crawl goes on: the next read sees it
			if got := read(); len(got) != 2 {
				t.Fatalf("running, after another page: %d offers, want 2", len(got))
			}
			r.Status, r.FinishedAt, r.Items = store.RunSucceeded, day.Add(time.Hour), 2
			if err := db.FinishRun(ctx, r); err != nil {
				t.Fatal(err)
			}
			first := read()
			if n := kept(); n != 2 {
				t.Fatalf("finished: %d kept rows, want 2 (kettles, and toasters empty)", n)
			}
			if again := read(); !reflect.DeepEqual(again, first) {
				t.Errorf("kept read = %+v\nwant the first read %+v", again, first)
			}
			if len(first) != 2 || first[0].Key != "sku:a" || first[0].Price == nil || first[0].Price.String() != "12.50 CNY" || first[0].Sales == nil {
				t.Errorf("offers %+v", first)
			}
		})
	}
}
