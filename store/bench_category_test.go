package store_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/store"
)

// BenchmarkCategoryHistory measures the store's share of `report history
// --category`: the prices of one market group in every run of a year of
// weekly runs of 200,000 listings (52 × 200,000 = 10.4 M observations,
// built as BenchmarkPriceHistory builds them). How a category's listings
// lie among the others decides the cost, since a run's observations are
// stored in listing order: "blenders" is 5,000 listings saved one after
// another, as a crawl that walks a shop's category pages saves them;
// "toasters" (every 40th listing, 4,875) and "kettles" (4 in 40, 19,500)
// are interleaved with 35 other categories, the worst case, where reading
// a category touches nearly every page of each run. CategoryHistory is the
// command's reads: the stored categories (to find those the group names)
// and CategoryPrices for the 52 runs. RunOffers is the read it replaced:
// every run whole, the category kept (about 100 s a store: run it with
// -benchtime 1x, or leave it out with -bench 'CategoryHistory/.*/CategoryHistory').
func BenchmarkCategoryHistory(b *testing.B) {
	const (
		listings = 200_000
		weeks    = 52
	)
	category := func(k int) string {
		if k >= 100_000 && k < 105_000 {
			return "blenders"
		}
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
			per := map[string]int{}
			for k := range offers {
				offers[k] = offer(fmt.Sprintf("sku:%06d", k), fmt.Sprintf("%d.00", 10+k%900))
				offers[k].Title = fmt.Sprintf("Appliance %d model %d", k, k%977)
				offers[k].Category = category(k)
				per[offers[k].Category]++
			}
			db, runs := buildYear(b, dialect, start, weeks, offers)
			offers = nil
			ids := make([]int64, len(runs))
			for i, r := range runs {
				ids[i] = r.ID
			}
			// cold: the runs' prices are not kept yet (the first history
			// of a category after an upgrade), so each loop reads the
			// observations and keeps them; kept: every later history.
			for _, name := range []string{"blenders", "toasters", "kettles"} {
				for _, mode := range []string{"cold", "kept"} {
					b.Run(fmt.Sprintf("CategoryHistory/%s_%d/%s", name, per[name], mode), func(b *testing.B) {
						for b.Loop() {
							if mode == "cold" {
								b.StopTimer()
								if _, err := store.Raw(db).ExecContext(ctx, `DELETE FROM run_category_prices`); err != nil {
									b.Fatal(err)
								}
								b.StartTimer()
							}
							cats, err := db.Categories(ctx)
							if err != nil {
								b.Fatal(err)
							}
							if len(cats) != len(per) {
								b.Fatalf("%d categories, want %d", len(cats), len(per))
							}
							got, err := db.CategoryPrices(ctx, ids, []string{name})
							if err != nil {
								b.Fatal(err)
							}
							for _, id := range ids {
								if len(got[id]) != per[name] {
									b.Fatalf("run %d: %d offers, want %d", id, len(got[id]), per[name])
								}
							}
						}
					})
				}
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
					if n != weeks*per["toasters"] {
						b.Fatalf("%d offers, want %d", n, weeks*per["toasters"])
					}
				}
			})
		})
	}
}
