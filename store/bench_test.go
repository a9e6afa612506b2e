package store_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/store"
)

// BenchmarkSaveOffers measures one weekly crawl's worth of writes: 10,000
// offers of one competitor saved into a new run, the listings already known
// from the previous run (the common case) or all new (the first crawl).
func BenchmarkSaveOffers(b *testing.B) {
	const n = 10_000
	offers := make([]pricing.Offer, n)
	for i := range offers {
		offers[i] = offer(fmt.Sprintf("sku:%05d", i), "129.90")
	}
	for _, dialect := range dialects {
		b.Run(dialect, func(b *testing.B) {
			for _, known := range []bool{true, false} {
				name := "new listings"
				if known {
					name = "known listings"
				}
				b.Run(name, func(b *testing.B) {
					db := MustOpenTestDB(b, dialect)
					if known {
						r, err := db.StartRun(ctx, "alpha", day)
						if err != nil {
							b.Fatal(err)
						}
						if err := db.SaveOffers(ctx, r.ID, offers); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportAllocs()
					b.ResetTimer()
					for i := 0; b.Loop(); i++ {
						b.StopTimer()
						batch := offers
						if !known { // a key space of its own each time
							batch = make([]pricing.Offer, n)
							for j := range batch {
								batch[j] = offers[j]
								batch[j].Key = fmt.Sprintf("sku:%d-%05d", i, j)
							}
						}
						r, err := db.StartRun(ctx, "alpha", day.Add(time.Duration(i+1)*time.Hour))
						if err != nil {
							b.Fatal(err)
						}
						b.StartTimer()
						if err := db.SaveOffers(ctx, r.ID, batch); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "offers/s")
				})
			}
		})
	}
}

// BenchmarkConcurrentWriters backs the choice of one SQLite connection: four
// crawls saving 2,000 offers each at once, through a pool of one connection
// (the default) and of four. With four, the writers collide on SQLite's one
// write lock and wait in busy_timeout's sleep-and-retry instead of in the
// pool's queue.
func BenchmarkConcurrentWriters(b *testing.B) {
	const writers, n = 4, 2_000
	for _, conns := range []int{1, 4} {
		b.Run(fmt.Sprintf("sqlite/%d conns", conns), func(b *testing.B) {
			db := MustOpenTestDB(b, "sqlite")
			store.Raw(db).SetMaxOpenConns(conns)
			offers := make([][]pricing.Offer, writers)
			for w := range offers {
				offers[w] = make([]pricing.Offer, n)
				for i := range offers[w] {
					offers[w][i] = offer(fmt.Sprintf("sku:%05d", i), "129.90")
					offers[w][i].Competitor = fmt.Sprintf("shop%d", w)
				}
			}
			for i := 0; b.Loop(); i++ {
				var wg sync.WaitGroup
				for w := range writers {
					wg.Go(func() {
						r, err := db.StartRun(ctx, fmt.Sprintf("shop%d", w), day.Add(time.Duration(i)*time.Hour))
						if err == nil {
							err = db.SaveOffers(ctx, r.ID, offers[w])
						}
						if err != nil {
							b.Error(err)
						}
					})
				}
				wg.Wait()
			}
			b.ReportMetric(float64(writers*n*b.N)/b.Elapsed().Seconds(), "offers/s")
		})
	}
}
