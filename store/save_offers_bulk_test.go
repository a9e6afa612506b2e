package store_test

import (
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/store"
)

// SaveOffers writes a batch with multi-row statements; these tests hold it
// to what writing one row at a time stored. A batch of one offer is one row
// per statement, so a database saved with batches of one is the reference.

// tableRows returns every listing and observation, by key and run, for
// comparing two databases of one dialect.
func tableRows(t *testing.T, db *store.DB) (listings, observations []map[string]any) {
	t.Helper()
	scan := func(q string) []map[string]any {
		rows, err := store.Raw(db).QueryxContext(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		var out []map[string]any
		for rows.Next() {
			m := map[string]any{}
			if err := rows.MapScan(m); err != nil {
				t.Fatal(err)
			}
			for k, v := range m {
				if b, ok := v.([]byte); ok {
					m[k] = string(b)
				}
			}
			out = append(out, m)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	listings = scan(`SELECT competitor, key, url, title, brand, category, source_category, sku, gtin, mpn, image,
		first_seen_run, (SELECT MAX(run_id) FROM observations o WHERE o.listing_id = listings.id) AS last_seen_run
		FROM listings ORDER BY competitor, key`)
	observations = scan(`SELECT l.key, o.run_id, v.url, v.title, v.brand, v.category, v.source_category, v.sku, v.gtin,
		v.mpn, v.image, o.price, o.list_price, o.min_price, o.max_price, o.currency, o.availability,
		o.sales, o.reviews, v.source, v.run_id AS version_run, o.observed_at
		FROM observations o JOIN listings l ON l.id = o.listing_id JOIN listing_versions v ON v.id = o.version_id
		ORDER BY l.key, o.run_id`)
	return listings, observations
}

func TestSaveOffersMultiRow(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Run("stores exactly what one row per statement stored, repeated offers included", func(t *testing.T) {
				first := make([]pricing.Offer, 0, 40)
				for i := range 30 {
					first = append(first, offer(fmt.Sprintf("sku:%03d", i), "10.00"))
				}
				// The second run repeats keys within the batch (the last
				// must win), has keys that clean to the same key, and
				// offers with fields missing.
				second := []pricing.Offer{offer("sku:001", "11.00"), offer("sku:new", "5.00")}
				again := offer("sku:001", "12.00")
				again.Title, again.Sales, again.Availability = "Kettle, again", nil, pricing.OutOfStock
				again.Category, again.SourceCategory = "", "Küche > Wasserkocher" // now unmapped
				second = append(second, offer("sku:002", "9.00"), again, offer("sku:dirty\xff", "1.00"))
				dirty := offer("sku:dirty\xfe", "2.00")
				dirty.Competitor, dirty.Title = "", "dirty\x00 twin"
				bare := pricing.Offer{Key: "sku:new", Availability: pricing.AvailabilityUnknown}
				second = append(second, dirty, bare)
				// Re-saving the first, older run must not roll listings back.
				older := []pricing.Offer{offer("sku:001", "10.50"), offer("sku:new", "4.00"), offer("sku:001", "10.60")}
				older[2].SourceCategory = "家电 > 电水壶"

				var logs strings.Builder
				save := func(batchSize int) *store.DB {
					db, err := store.Open(ctx, MustTestDSN(t, dialect), store.WithLogger(
						slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
					if err != nil {
						t.Fatal(err)
					}
					t.Cleanup(func() { db.Close() })
					store.SetBatching(db, batchSize, 3, time.Millisecond, nil)
					r1, err := db.StartRun(ctx, "alpha", day)
					if err != nil {
						t.Fatal(err)
					}
					r2, err := db.StartRun(ctx, "alpha", day.AddDate(0, 0, 7))
					if err != nil {
						t.Fatal(err)
					}
					for _, s := range []struct {
						run    int64
						offers []pricing.Offer
					}{{r1.ID, first}, {r2.ID, second}, {r1.ID, older}, {r2.ID, second}} {
						if err := db.SaveOffers(ctx, s.run, s.offers); err != nil {
							t.Fatalf("batches of %d: %v", batchSize, err)
						}
					}
					return db
				}
				wantL, wantO := tableRows(t, save(1))
				defer func() {
					// Repeated keys must be split across statements, not
					// left to the row-by-row fallback to sort out.
					if strings.Contains(logs.String(), "row by row") {
						t.Errorf("a batch fell back to row-by-row writing:\n%s", logs.String())
					}
				}()
				for _, size := range []int{4, 500} {
					gotL, gotO := tableRows(t, save(size))
					if !reflect.DeepEqual(gotL, wantL) {
						t.Errorf("batches of %d: listings\n got %v\nwant %v", size, gotL, wantL)
					}
					if !reflect.DeepEqual(gotO, wantO) {
						t.Errorf("batches of %d: observations\n got %v\nwant %v", size, gotO, wantO)
					}
				}
			})

			t.Run("a refused offer repeated later in its batch still fails the batch and is named", func(t *testing.T) {
				db := MustOpenTestDB(t, dialect)
				run, _ := db.StartRun(ctx, "alpha", day)
				bad := offer("sku:twice", "1.00")
				bad.Availability = "sold out?"
				offers := []pricing.Offer{offer("sku:a", "1.00"), bad, offer("sku:b", "1.00"), offer("sku:twice", "2.00")}
				err := db.SaveOffers(ctx, run.ID, offers)
				if !errors.Is(err, store.ErrConstraint) || !strings.Contains(err.Error(), "offer 1") ||
					!strings.Contains(err.Error(), "sku:twice") {
					t.Errorf("SaveOffers error = %v, want ErrConstraint naming offer 1 (sku:twice)", err)
				}
				if n := countRows(t, db, "listings"); n != 0 {
					t.Errorf("listings has %d rows, want 0", n)
				}
			})

			t.Run("a batch with more parameters than one statement may carry is split", func(t *testing.T) {
				const n = 4_000 // 80,000 observation parameters
				db := MustOpenTestDB(t, dialect)
				store.SetBatching(db, n, 3, time.Millisecond, nil)
				run, _ := db.StartRun(ctx, "alpha", day)
				offers := make([]pricing.Offer, n)
				for i := range offers {
					offers[i] = offer(fmt.Sprintf("sku:%05d", i), fmt.Sprintf("%d.00", i))
				}
				if err := db.SaveOffers(ctx, run.ID, offers); err != nil {
					t.Fatal(err)
				}
				check := func(run store.Run, offers []pricing.Offer) {
					t.Helper()
					got, err := db.RunOffers(ctx, run.ID)
					if err != nil {
						t.Fatal(err)
					}
					if len(got) != n {
						t.Fatalf("RunOffers gave %d offers, want %d", len(got), n)
					}
					for i := range got {
						if want := inDB(offers[i]); !reflect.DeepEqual(got[i], want) {
							t.Fatalf("offer %d:\n got %s\nwant %s", i, dump(got[i:i+1]), dump([]pricing.Offer{want}))
						}
					}
				}
				check(run, offers)
				// The next run writes only observations (the listings are
				// known and unchanged), in statements of their own size.
				next, _ := db.StartRun(ctx, "alpha", day.Add(time.Hour))
				again := make([]pricing.Offer, n)
				for i := range again {
					again[i] = offer(fmt.Sprintf("sku:%05d", i), fmt.Sprintf("%d.50", i))
					again[i].Sales = nil
				}
				if fast, _, err := store.PlanCounts(ctx, db, next.ID, again); err != nil || fast != n {
					t.Fatalf("%d of %d offers take the short path (%v), want all", fast, n, err)
				}
				if err := db.SaveOffers(ctx, next.ID, again); err != nil {
					t.Fatal(err)
				}
				check(next, again)
				check(run, offers)
			})
		})
	}
}
