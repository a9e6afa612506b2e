package render

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// marketCase is a category at market scale: our items, how their prices
// fall, and the competitors' offers.
type marketCase struct {
	name string
	// ours and offers count our items and the market offers.
	ours, offers int
	// lo and hi bound the market's prices (major units); ourLo and ourHi
	// bound ours.
	lo, hi, ourLo, ourHi float64
	// sku names our i-th item.
	sku func(i int) string
}

// marketCases cover the ways labels collide: many items spread over a wide
// (log) range, many items on nearly one price, long SKUs and CJK SKUs
// labelled directly, items crowding the right edge, and a narrow market
// where the axis stays linear.
var marketCases = []marketCase{
	{"25 items and 600 offers from ¥19 to ¥400", 25, 600, 19, 400, 19, 400, func(i int) string { return fmt.Sprintf("TEA-%03d", i+1) }},
	{"22 items all priced within ¥3 of each other", 22, 450, 19, 400, 99, 102, func(i int) string { return fmt.Sprintf("SKU-%d", 1000+i) }},
	{"8 items with long Chinese SKUs on nearly one price", 8, 300, 30, 90, 59, 61, func(i int) string { return fmt.Sprintf("西湖龙井明前特级-%d", i) }},
	{"8 items with long Latin SKUs crowding the top of the market", 8, 200, 100, 9000, 8800, 9000, func(i int) string { return fmt.Sprintf("WMWM-MEGA-BUNDLE-%d", i) }},
	{"16 items in a narrow linear market", 16, 600, 100, 180, 120, 160, func(i int) string { return fmt.Sprintf("HP-%d", 100+i) }},
}

// analysis builds the case's market with a three-shop market and runs the
// real analysis on it, so the chart gets real bands and positions. It also
// returns the offers' amounts, for TierMap's histogram.
func (mc marketCase) analysis() (pricing.Analysis, []pricing.Amount) {
	r := rand.New(rand.NewPCG(uint64(mc.ours), uint64(mc.offers)))
	amt := func(lo, hi float64) pricing.Amount {
		// Log-uniform, as shelf prices are.
		v := math.Exp(math.Log(lo) + r.Float64()*(math.Log(hi)-math.Log(lo)))
		return pricing.Amount(math.Round(v*100)) * pricing.MajorUnit / 100 // whole cents, as shops price
	}
	at := time.Date(2026, 11, 25, 6, 0, 0, 0, time.UTC)
	shops := []string{"gadgethub", "teamall", "jdmart"}
	var m pricing.Market
	var amounts []pricing.Amount
	for s, shop := range shops {
		snap := pricing.Snapshot{Competitor: shop, RunID: int64(s + 1), At: at}
		for i := s; i < mc.offers; i += len(shops) {
			price := amt(mc.lo, mc.hi)
			amounts = append(amounts, price)
			snap.Offers = append(snap.Offers, pricing.Offer{
				Competitor: shop, Key: fmt.Sprintf("sku:%s-%d", shop, i), Title: fmt.Sprintf("Offer %d", i),
				Category: "tea", Price: &pricing.Money{Amount: price, Currency: "CNY"},
				Availability: pricing.InStock,
			})
		}
		m.Current = append(m.Current, snap)
	}
	for i := 0; i < mc.ours; i++ {
		m.Catalog = append(m.Catalog, pricing.CatalogItem{
			SKU: mc.sku(i), Title: fmt.Sprintf("Our item %d", i), Category: "tea",
			Price: pricing.Money{Amount: amt(mc.ourLo, mc.ourHi), Currency: "CNY"},
		})
	}
	return pricing.Analyze(m, pricing.DefaultOptions()), amounts
}
