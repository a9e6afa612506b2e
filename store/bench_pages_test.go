package store_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/store"
)

// BenchmarkSaveBatch measures what recording pages for --resume costs next
// to BenchmarkSaveOffers: the same 10,000 known listings saved as a crawl
// saves them, 500 offers per call, each call also recording the 25 listing
// pages (20 products and 21 links each) those offers came from.
func BenchmarkSaveBatch(b *testing.B) {
	const n, perCall, perPage = 10_000, 500, 20
	offers := make([]pricing.Offer, n)
	for i := range offers {
		offers[i] = offer(fmt.Sprintf("sku:%05d", i), "129.90")
	}
	pages := make([]store.PageDone, n/perPage)
	for i := range pages {
		p := store.PageDone{URL: fmt.Sprintf("https://alpha.example/c/kettles?page=%d", i+1), Kind: "listing"}
		p.Links = append(p.Links, fmt.Sprintf("https://alpha.example/c/kettles?page=%d", i+2))
		for _, o := range offers[i*perPage : (i+1)*perPage] {
			p.Links = append(p.Links, o.URL)
		}
		pages[i] = p
	}
	for _, dialect := range dialects {
		b.Run(dialect, func(b *testing.B) {
			db := MustOpenTestDB(b, dialect)
			r, err := db.StartRun(ctx, "alpha", day)
			if err != nil {
				b.Fatal(err)
			}
			if err := db.SaveOffers(ctx, r.ID, offers); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				b.StopTimer()
				r, err := db.StartRun(ctx, "alpha", day.Add(time.Duration(i+1)*time.Hour))
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				for start := 0; start < n; start += perCall {
					err := db.SaveBatch(ctx, r.ID, offers[start:start+perCall], pages[start/perPage:(start+perCall)/perPage])
					if err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "offers/s")
		})
	}
}
