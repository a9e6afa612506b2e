package store_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// BenchmarkCategoryHistory measures the store's share of `report history
// --category`: the offers of one market group in every run of a year of
// weekly runs of 200,000 listings (52 × 200,000 = 10.4 M observations,
// built as BenchmarkPriceHistory builds them). The listings fall in 37
// categories: "kettles" holds a tenth of them (20,000 a run), "toasters"
// and each of 35 others a fortieth (5,000 a run). CategoryHistory is the
// command's reads: the stored categories (to find those the group names)
// and CategoryOffers for the 52 runs. RunOffers is the read it replaced:
// every run whole, then the category kept (run with -benchtime 1x; about
// a minute a store).
func BenchmarkCategoryHistory(b *testing.B) {
	const (
		listings = 200_000
		weeks    = 52
	)
	category := func(k int) string {
		switch k % 40 {
		case 0, 1, 2, 3:
			return "kettles"
		case 4:
			return "toasters"
		}
		return fmt.Sprintf("appliances-%02d", k%40)
	}
	for _, dialect := range dialects {
		b.Run(dialect, func(b *testing.B) {
			start := time.Date(2025, 12, 1, 6, 0, 0, 0, time.UTC)
			offers := make([]pricing.Offer, listings)
			for k := range offers {
				offers[k] = offer(fmt.Sprintf("sku:%06d", k), fmt.Sprintf("%d.00", 10+k%900))
				offers[k].Title = fmt.Sprintf("Appliance %d model %d", k, k%977)
				offers[k].Category = category(k)
			}
			db, runs := buildYear(b, dialect, start, weeks, offers)
			ids := make([]int64, len(runs))
			for i, r := range runs {
				ids[i] = r.ID
			}
			for _, tc := range []struct {
				category string
				per      int
			}{{"toasters", listings / 40}, {"kettles", listings / 10}} {
				b.Run(fmt.Sprintf("CategoryHistory/%s_%d", tc.category, tc.per), func(b *testing.B) {
					for b.Loop() {
						cats, err := db.Categories(ctx)
						if err != nil {
							b.Fatal(err)
						}
						if len(cats) != 37 {
							b.Fatalf("%d categories, want 37", len(cats))
						}
						got, err := db.CategoryOffers(ctx, ids, []string{tc.category})
						if err != nil {
							b.Fatal(err)
						}
						for _, id := range ids {
							if len(got[id]) != tc.per {
								b.Fatalf("run %d: %d offers, want %d", id, len(got[id]), tc.per)
							}
						}
					}
				})
			}
			b.Run("RunOffers/toasters", func(b *testing.B) {
				for b.Loop() {
					n := 0
					for _, id := range ids {
						all, err := db.RunOffers(ctx, id)
						if err != nil {
							b.Fatal(err)
						}
						for _, o := range all {
							if o.Category == "toasters" {
								n++
							}
						}
					}
					if n != weeks*listings/40 {
						b.Fatalf("%d offers, want %d", n, weeks*listings/40)
					}
				}
			})
		})
	}
}
