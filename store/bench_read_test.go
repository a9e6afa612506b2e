package store_test

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// BenchmarkRunOffers measures what a report reads per competitor: the
// offers of its latest run and of the run it is compared with, at 200,000
// listings per run. A report reads two runs whatever the history's length
// (cmd/report's loadMarket), so the time and memory here are the store's
// share of a report on a database of any number of runs; the database holds
// only the two. Loading takes a while, so it happens only under -bench.
func BenchmarkRunOffers(b *testing.B) {
	const listings = 200_000
	for _, dialect := range dialects {
		b.Run(dialect, func(b *testing.B) {
			db := MustOpenTestDB(b, dialect)
			var ids []int64
			offers := make([]pricing.Offer, listings)
			for i := range 2 {
				for k := range offers {
					offers[k] = offer(fmt.Sprintf("sku:%06d", k), fmt.Sprintf("%d.%02d", 10+k%900, i))
					offers[k].Title = fmt.Sprintf("Kettle %d model %d", k, k%977)
				}
				r, err := db.StartRun(ctx, "alpha", day.Add(time.Duration(i)*7*24*time.Hour))
				if err != nil {
					b.Fatal(err)
				}
				if err := db.SaveOffers(ctx, r.ID, offers); err != nil {
					b.Fatal(err)
				}
				ids = append(ids, r.ID)
			}
			offers = nil
			b.ReportAllocs()
			var peak uint64
			for b.Loop() {
				var kept [][]pricing.Offer // both runs live at once, as in a report
				for _, id := range ids {
					got, err := db.RunOffers(ctx, id)
					if err != nil {
						b.Fatal(err)
					}
					if len(got) != listings {
						b.Fatalf("run %d: %d offers", id, len(got))
					}
					kept = append(kept, got)
				}
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
				runtime.KeepAlive(kept)
			}
			b.ReportMetric(float64(peak)/(1<<20), "heap-inuse-MB")
			b.ReportMetric(float64(2*listings*b.N)/b.Elapsed().Seconds(), "offers/s")
		})
	}
}
