package pricing

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"runtime"
	"runtime/metrics"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func ExampleAnalyze() {
	week := time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)
	phones := func(prices ...string) []Offer {
		var out []Offer
		for i, p := range prices {
			out = append(out, Offer{Key: fmt.Sprintf("sku:%d", i+1), Title: "Phone " + p, Category: "Phones",
				Price: &Money{MustAmount(p), "CNY"}, Availability: InStock})
		}
		return out
	}
	m := Market{
		Current: []Snapshot{
			{Competitor: "shopA", RunID: 2, At: week, Offers: phones("599", "799", "1099", "1299", "1499", "1699", "2999", "3999", "4999")},
		},
		Previous: []Snapshot{
			{Competitor: "shopA", RunID: 1, At: week.AddDate(0, 0, -7), Offers: phones("599", "799", "1099", "1299", "1499", "1899", "2999", "3999")},
		},
		Catalog: []CatalogItem{
			{SKU: "P1", Title: "Our phone", Category: "Phones", Price: Money{MustAmount("1799"), "CNY"}, TargetTier: TierMid},
		},
		Matches: []Match{{CatalogSKU: "P1", Competitor: "shopA", ListingKey: "sku:6", Method: MatchGTIN, Score: 1}},
	}
	a := Analyze(m, DefaultOptions())
	for _, b := range a.Categories {
		fmt.Printf("%s: low ≤ %s < mid ≤ %s < high (%s)\n", b.Key, b.Cuts.Low, b.Cuts.High, b.Currency)
		for _, s := range b.Tiers {
			fmt.Printf("  %-4s %d offers (%.0f %%), ours %d (%.0f %%)\n", s.Tier, s.Market, s.MarketPct, s.Ours, s.OurPct)
		}
	}
	for _, p := range a.Positions {
		fmt.Printf("%s: %s tier, %.2f× the lowest match, rank %d of %d\n", p.SKU, p.Tier, p.IndexVsLowest, p.Rank, p.Sellers)
	}
	for _, g := range a.Gaps {
		fmt.Printf("%s %s: %s\n", g.Severity, g.Kind, g.Action)
	}
	for _, c := range a.Changes {
		fmt.Printf("%s %s %+.1f %%\n", c.Kind, c.Key, float64(c.Pct)/10)
	}
	// Output:
	// Phones: low ≤ 937.00 < mid ≤ 2257.00 < high (CNY)
	//   low  2 offers (22 %), ours 0 (0 %)
	//   mid  4 offers (44 %), ours 1 (100 %)
	//   high 3 offers (33 %), ours 0 (0 %)
	// P1: mid tier, 1.06× the lowest match, rank 2 of 2
	// high assortment_gap: Consider a high-tier product for Phones: 3 competitor offers from ¥2,999 to ¥4,999, none of ours
	// medium assortment_gap: Consider a low-tier product for Phones: 2 competitor offers from ¥599 to ¥799, none of ours
	// medium competitor_undercut: Decide whether to match shopA on P1 or hold our price
	// price_down sku:6 -10.5 %
	// new sku:9 +0.0 %
}

func TestAnalyzeIsDeterministic(t *testing.T) {
	m := benchMarket(2000, 5, 200, 200)
	want := Analyze(m, DefaultOptions())
	// The same market, listed in another order, gives the same analysis.
	slices.Reverse(m.Current)
	for _, s := range m.Current {
		slices.Reverse(s.Offers)
	}
	slices.Reverse(m.Catalog)
	slices.Reverse(m.Matches)
	got := Analyze(m, DefaultOptions())
	if !reflect.DeepEqual(got, want) {
		t.Error("Analyze depends on the order of its input")
	}
	if len(want.Changes) == 0 || len(want.Gaps) == 0 || len(want.Positions) != 200 {
		t.Errorf("%d changes, %d gaps, %d positions; the market should produce some of each", len(want.Changes), len(want.Gaps), len(want.Positions))
	}
}

func TestAnalyzeEmptyMarket(t *testing.T) {
	a := Analyze(Market{}, DefaultOptions())
	if len(a.Categories)+len(a.Positions)+len(a.Gaps)+len(a.Changes)+len(a.Outliers)+len(a.CutMoves) != 0 {
		t.Errorf("Analyze(empty) = %+v, want nothing", a)
	}
}

// benchMarket builds a market of n listings over cats categories, spread
// over five competitors, with items catalog items, matches matches, and a
// previous run where about 10 % of prices differ.
func benchMarket(n, cats, items, matches int) Market {
	r := rand.New(rand.NewPCG(42, 7))
	comps := []string{"shopA", "shopB", "shopC", "shopD", "shopE"}
	var m Market
	for ci, c := range comps {
		cur := make([]Offer, 0, n/len(comps))
		prev := make([]Offer, 0, n/len(comps))
		for i := ci; i < n; i += len(comps) {
			cat := fmt.Sprintf("Category %02d", i%cats)
			base := int64(1000 + 10000*(i%cats)) // each category its own price level
			amt := Amount(base+r.Int64N(base*4)) * cent
			o := Offer{
				Competitor: c, Key: fmt.Sprintf("sku:%s-%d", c, i), Title: fmt.Sprintf("Product %d", i),
				Category: cat, Brand: fmt.Sprintf("Brand %d", i%7),
				Price: &Money{amt, "CNY"}, Availability: InStock,
			}
			if i%3 == 0 {
				s := int64(r.IntN(500))
				o.Sales = &s
			}
			if i%97 == 0 {
				o.Availability = OutOfStock
			}
			old := o
			switch k := r.IntN(100); {
			case k < 10:
				old.Price = &Money{amt + Amount(r.Int64N(int64(amt/cent)/5))*cent - Amount(int64(amt/cent)/10)*cent, "CNY"}
			case k < 11:
				cur = append(cur, o)
				continue // new this week
			}
			if k := r.IntN(200); k == 0 {
				prev = append(prev, old)
				continue // gone this week
			}
			cur = append(cur, o)
			prev = append(prev, old)
		}
		m.Current = append(m.Current, Snapshot{Competitor: c, RunID: 2, Offers: cur})
		m.Previous = append(m.Previous, Snapshot{Competitor: c, RunID: 1, Offers: prev})
	}
	for i := range items {
		cat := fmt.Sprintf("Category %02d", i%cats)
		base := int64(1000 + 10000*(i%cats))
		m.Catalog = append(m.Catalog, CatalogItem{
			SKU: fmt.Sprintf("OUR-%05d", i), Title: fmt.Sprintf("Our product %d", i), Category: cat,
			Price: Money{Amount(base+r.Int64N(base*4)) * cent, "CNY"}, TargetTier: Tiers[i%3],
		})
	}
	for i := range matches {
		s := m.Current[i%len(comps)]
		o := s.Offers[r.IntN(len(s.Offers))]
		m.Matches = append(m.Matches, Match{CatalogSKU: m.Catalog[i%items].SKU, Competitor: s.Competitor, ListingKey: o.Key, Method: MatchGTIN, Score: 1})
	}
	return m
}

// BenchmarkAnalyze runs the weekly analysis on 200,000 listings in 50
// categories, 5,000 catalog items, 5,000 matches and a previous week with
// about 10 % of prices changed. peak-heap-MB is the largest live heap seen
// while it runs, sampled every millisecond.
func BenchmarkAnalyze(b *testing.B) {
	m := benchMarket(200_000, 50, 5_000, 5_000)
	opt := DefaultOptions()
	for _, tc := range []struct {
		name string
		edit func(*Options)
	}{
		{"natural", func(*Options) {}},
		{"quantile", func(o *Options) { o.Method = MethodQuantile }},
		{"jenks+sales", func(o *Options) { o.Method, o.WeightBySales = MethodJenks, true }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			o := opt
			tc.edit(&o)
			runtime.GC()
			var base runtime.MemStats
			runtime.ReadMemStats(&base)
			// runtime/metrics reads the heap without stopping the world, so
			// sampling barely disturbs the timing.
			var peak atomic.Uint64
			stop := make(chan struct{})
			var wg sync.WaitGroup
			wg.Go(func() {
				sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
				tick := time.NewTicker(time.Millisecond)
				defer tick.Stop()
				for {
					select {
					case <-stop:
						return
					case <-tick.C:
						metrics.Read(sample)
						if v := sample[0].Value.Uint64(); v > peak.Load() {
							peak.Store(v)
						}
					}
				}
			})
			b.ReportAllocs()
			b.ResetTimer()
			var a Analysis
			for b.Loop() {
				a = Analyze(m, o)
			}
			b.StopTimer()
			close(stop)
			wg.Wait()
			if p := peak.Load(); p > base.HeapAlloc {
				b.ReportMetric(float64(p-base.HeapAlloc)/(1<<20), "peak-heap-MB")
			}
			b.ReportMetric(float64(len(a.Changes)), "changes")
			b.ReportMetric(float64(len(a.Gaps)), "gaps")
		})
	}
}
