package store_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/store"
)

// BenchmarkPriceHistory measures the store's share of `report history`: a
// product's price over a year of weekly runs of 200,000 listings (52 ×
// 200,000 = 10.4 M observations). One SKU's history reads its matched
// listings (PriceHistory with 1 and 10 refs); a listing's full history with
// titles as seen reads through versions (OfferHistory). The first run is
// saved through SaveOffers; the other 51 are copied from it in SQL with
// prices moved, which takes a minute rather than the ten SaveOffers would,
// so the database is built only under -bench. `report history --url`'s
// share is ListingsAtURL (one probe of listings_url) and, with it, the
// points of the listings found and the title the last run saw
// (URLHistory).
func BenchmarkPriceHistory(b *testing.B) {
	const (
		listings = 200_000
		weeks    = 52
	)
	for _, dialect := range dialects {
		b.Run(dialect, func(b *testing.B) {
			start := time.Date(2025, 12, 1, 6, 0, 0, 0, time.UTC)
			offers := make([]pricing.Offer, listings)
			for k := range offers {
				offers[k] = offer(fmt.Sprintf("sku:%06d", k), fmt.Sprintf("%d.00", 10+k%900))
				offers[k].Title = fmt.Sprintf("Kettle %d model %d", k, k%977)
			}
			db, _ := buildYear(b, dialect, start, weeks, offers)
			since := start.Add(-time.Hour)
			for _, refs := range []int{1, 10} {
				b.Run(fmt.Sprintf("PriceHistory/%d_listings", refs), func(b *testing.B) {
					var rs []store.ListingRef
					for i := range refs {
						rs = append(rs, store.ListingRef{Competitor: "alpha", Key: fmt.Sprintf("sku:%06d", (i*19_997+12_345)%listings)})
					}
					for b.Loop() {
						points, err := db.PriceHistory(ctx, rs, since)
						if err != nil {
							b.Fatal(err)
						}
						if len(points) != refs*weeks {
							b.Fatalf("%d points, want %d", len(points), refs*weeks)
						}
					}
				})
			}
			// `report history --url`: the listings at the page URL (given
			// with a trailing slash, as a browser may show it) through the
			// listings_url index, then their points, with the URL-keyed
			// guess the command also tries.
			page := "https://alpha.example/p/sku:054321/"
			b.Run("ListingsAtURL", func(b *testing.B) {
				for b.Loop() {
					refs, err := db.ListingsAtURL(ctx, page)
					if err != nil {
						b.Fatal(err)
					}
					if len(refs) != 1 || refs[0].Key != "sku:054321" {
						b.Fatalf("listings at %s: %v", page, refs)
					}
				}
			})
			b.Run("URLHistory", func(b *testing.B) {
				for b.Loop() {
					refs, err := db.ListingsAtURL(ctx, page)
					if err != nil {
						b.Fatal(err)
					}
					refs = append([]store.ListingRef{{Competitor: "alpha", Key: pricing.ListingKey("", "", page)}}, refs...)
					points, err := db.PriceHistory(ctx, refs, since)
					if err != nil {
						b.Fatal(err)
					}
					if len(points) != weeks {
						b.Fatalf("%d points, want %d", len(points), weeks)
					}
					// The title and URL as the last run saw them.
					last := points[len(points)-1]
					ro, err := db.OfferBefore(ctx, last.Competitor, last.Key, last.RunID+1)
					if err != nil || ro.RunID != last.RunID || ro.Offer.Title == "" {
						b.Fatalf("describing %s: %+v, %v", last.Key, ro, err)
					}
				}
			})
			b.Run("OfferHistory", func(b *testing.B) {
				for b.Loop() {
					hist, err := db.OfferHistory(ctx, "alpha", "sku:123456")
					if err != nil {
						b.Fatal(err)
					}
					if len(hist) != weeks {
						b.Fatalf("%d points, want %d", len(hist), weeks)
					}
				}
			})
		})
	}
}

// buildYear opens a database of dialect holding weeks weekly runs of
// competitor alpha from start, each observing every one of offers: the
// first run saved through SaveOffers, the others copied from it in SQL
// with prices moved (a minute rather than the ten SaveOffers would take),
// then ANALYZE. It returns the runs, oldest first.
func buildYear(b *testing.B, dialect string, start time.Time, weeks int, offers []pricing.Offer) (*store.DB, []store.Run) {
	b.Helper()
	db := MustOpenTestDB(b, dialect)
	listings := len(offers)
	first := mkRun(b, db, "alpha", start, store.RunSucceeded, offers)
	runs := []store.Run{first}
	x := store.Raw(db)
	month, monthExpr := "", ""
	if dialect == store.DialectPostgres {
		month, monthExpr = ", run_month", ", CAST(? AS DATE)"
	}
	for w := 1; w < weeks; w++ {
		at := start.AddDate(0, 0, 7*w)
		r := mkRun(b, db, "alpha", at, store.RunSucceeded, nil)
		runs = append(runs, r)
		args := []any{r.ID}
		if month != "" {
			args = append(args, time.Date(at.Year(), at.Month(), 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly))
		}
		args = append(args, w, first.ID)
		q := x.Rebind(`INSERT INTO observations (run_id, listing_id` + month + `, version_id, price, list_price, min_price, max_price,
			currency, availability, sales, reviews, observed_at)
			SELECT ?, listing_id` + monthExpr + `, version_id, price + ((listing_id + ?) % 7) * 100, list_price, min_price, max_price,
			currency, availability, sales, reviews, observed_at FROM observations WHERE run_id = ?`)
		if _, err := x.ExecContext(ctx, q, args...); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := x.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	var n int
	if err := x.GetContext(ctx, &n, `SELECT COUNT(*) FROM observations`); err != nil {
		b.Fatal(err)
	}
	if n != listings*weeks {
		b.Fatalf("%d observations, want %d", n, listings*weeks)
	}
	return db, runs
}
