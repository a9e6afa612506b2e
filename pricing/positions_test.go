package pricing

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// phoneMarket is nine phones at ¥100..¥900 from shopA and three at ¥480,
// ¥500 and ¥520 (out of stock) from shopB, keyed b0..b2: twelve offers
// with tertile cuts ¥453.33 and ¥546.67.
func phoneMarket() []Snapshot {
	b := offersAt("Phones", "480", "500", "520")
	for i := range b {
		b[i].Key = fmt.Sprintf("b%d", i)
	}
	b[2].Availability = OutOfStock
	return []Snapshot{
		{Competitor: "shopA", Offers: offersAt("Phones", "100", "200", "300", "400", "500", "600", "700", "800", "900")},
		{Competitor: "shopB", Offers: b},
	}
}

func item(sku, cat, price string) CatalogItem {
	return CatalogItem{SKU: sku, Title: "Our " + sku, Category: cat, Price: Money{MustAmount(price), "CNY"}}
}

func match(sku, comp, key string) Match {
	return Match{CatalogSKU: sku, Competitor: comp, ListingKey: key, Method: MatchGTIN, Score: 1}
}

func TestPositions(t *testing.T) {
	tests := []struct {
		name    string
		item    CatalogItem
		matches []Match
		opt     func(*Options)
		want    func(t *testing.T, p Position)
	}{
		{"an item is placed in the tier its price falls in", item("P1", "Phones", "500"), nil, nil, func(t *testing.T, p Position) {
			if p.Tier != TierMid {
				t.Errorf("Tier = %q, want mid", p.Tier)
			}
			// Mid runs from the low cut 453.33 to the high cut 546.67.
			if p.ToLower != MustAmount("46.67") || p.ToUpper != MustAmount("46.67") {
				t.Errorf("ToLower, ToUpper = %v, %v; want 46.67 each", p.ToLower, p.ToUpper)
			}
			if math.Abs(p.ToLowerPct-9.334) > 1e-9 {
				t.Errorf("ToLowerPct = %v, want 9.334", p.ToLowerPct)
			}
		}},
		{"a price on the cut is in the cheaper tier", item("P1", "Phones", "453.33"), nil, nil, func(t *testing.T, p Position) {
			if p.Tier != TierLow || p.ToUpper != 0 || p.ToLower != MustAmount("353.33") {
				t.Errorf("Tier %q, to lower %v, to upper %v; want low, 353.33 from the market minimum, 0", p.Tier, p.ToLower, p.ToUpper)
			}
		}},
		{"the high tier's upper edge is the market maximum", item("P1", "Phones", "850"), nil, nil, func(t *testing.T, p Position) {
			if p.Tier != TierHigh || p.ToUpper != MustAmount("50") {
				t.Errorf("Tier %q, to upper %v; want high, 50", p.Tier, p.ToUpper)
			}
		}},
		{"matched listings give indexes and a rank", item("P1", "Phones", "500"), []Match{match("P1", "shopA", "k3"), match("P1", "shopB", "b0"), match("P1", "shopB", "b1")}, nil, func(t *testing.T, p Position) {
			// Listings at 400, 480, 500: median 480, ours ties the dearest.
			if p.Compared != 3 || p.Lowest != MustAmount("400") || p.Median != MustAmount("480") {
				t.Errorf("compared %d, lowest %v, median %v; want 3, 400, 480", p.Compared, p.Lowest, p.Median)
			}
			if p.IndexVsLowest != 1.25 || math.Abs(p.IndexVsMedian-500.0/480) > 1e-12 {
				t.Errorf("indexes %v, %v; want 1.25, %v", p.IndexVsLowest, p.IndexVsMedian, 500.0/480)
			}
			if p.Rank != 3 || p.Sellers != 4 {
				t.Errorf("rank %d of %d, want 3 of 4 (tied with b1)", p.Rank, p.Sellers)
			}
		}},
		{"the cheapest seller ranks first", item("P1", "Phones", "100"), []Match{match("P1", "shopA", "k0"), match("P1", "shopA", "k1")}, nil, func(t *testing.T, p Position) {
			if p.Rank != 1 || p.Sellers != 3 {
				t.Errorf("rank %d of %d, want 1 of 3", p.Rank, p.Sellers)
			}
		}},
		{"out-of-stock and unseen listings are listed but not compared", item("P1", "Phones", "500"), []Match{match("P1", "shopB", "b2"), match("P1", "shopB", "gone"), match("P1", "shopB", "b2")}, nil, func(t *testing.T, p Position) {
			if len(p.Listings) != 2 || p.Compared != 0 || p.Rank != 1 || p.Sellers != 1 {
				t.Fatalf("position = %+v, want 2 listings (duplicate match once), none compared", p)
			}
			if l := p.Listings[0]; !l.Seen || l.Compared || l.Availability != OutOfStock {
				t.Errorf("b2 = %+v, want seen, out of stock, not compared", l)
			}
			if l := p.Listings[1]; l.Seen || l.Key != "gone" {
				t.Errorf("gone = %+v, want unseen", l)
			}
		}},
		{"an item in another currency is converted with FX rates", CatalogItem{SKU: "P1", Category: "Phones", Price: Money{MustAmount("100"), "USD"}}, []Match{match("P1", "shopA", "k6")},
			func(o *Options) { o.Currency = "CNY"; o.FX = map[string]string{"USD": "7"} }, func(t *testing.T, p Position) {
				if p.Currency != "CNY" || p.Amount != MustAmount("700") || p.Tier != TierHigh || p.Rank != 1 || p.Sellers != 2 {
					t.Errorf("position = %+v, want 700.00 CNY, high, rank 1 of 2", p)
				}
			}},
		{"an item in another currency without FX rates gets no tier", CatalogItem{SKU: "P1", Category: "Phones", Price: Money{MustAmount("100"), "USD"}}, []Match{match("P1", "shopA", "k6")}, nil, func(t *testing.T, p Position) {
			if p.Tier != "" || !strings.Contains(p.Note, "no FX rate") || p.Currency != "USD" || p.Compared != 0 {
				t.Errorf("position = %+v, want no tier, a note about FX, nothing compared", p)
			}
		}},
		{"an item in a category without bands gets no tier", item("T1", "Tablets", "500"), nil, nil, func(t *testing.T, p Position) {
			if p.Tier != "" || p.Note != "no tiers: no market offers" {
				t.Errorf("Tier %q, note %q; want none, no market offers", p.Tier, p.Note)
			}
		}},
		{"an item without a price is not placed", item("P1", "Phones", "0"), nil, nil, func(t *testing.T, p Position) {
			if p.Tier != "" || p.Note != "our price is not positive" {
				t.Errorf("Tier %q, note %q; want none, not positive", p.Tier, p.Note)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := DefaultOptions()
			if tt.opt != nil {
				tt.opt(&opt)
			}
			a := Analyze(Market{Current: phoneMarket(), Catalog: []CatalogItem{tt.item}, Matches: tt.matches}, opt)
			if len(a.Positions) != 1 {
				t.Fatalf("%d positions, want 1", len(a.Positions))
			}
			tt.want(t, a.Positions[0])
		})
	}
}

func TestPositionsFeedTheBands(t *testing.T) {
	cat := []CatalogItem{item("P3", "Phones", "150"), item("P1", "Phones", "200"), item("P2", "Phones", "800"), item("T1", "Tablets", "1")}
	a := Analyze(Market{Current: phoneMarket(), Catalog: cat}, DefaultOptions())
	var skus []string
	for _, p := range a.Positions {
		skus = append(skus, p.Category+"/"+p.SKU)
	}
	if got, want := strings.Join(skus, " "), "Phones/P1 Phones/P2 Phones/P3 Tablets/T1"; got != want {
		t.Errorf("positions in order %s, want %s", got, want)
	}
	b := a.Categories[0]
	if b.Ours != 3 || b.Tiers[0].Ours != 2 || b.Tiers[1].Ours != 0 || b.Tiers[2].Ours != 1 {
		t.Errorf("ours %d, per tier %d/%d/%d; want 3, 2/0/1", b.Ours, b.Tiers[0].Ours, b.Tiers[1].Ours, b.Tiers[2].Ours)
	}
	if math.Abs(b.Tiers[0].OurPct-200.0/3) > 1e-9 || b.Tiers[1].OurPct != 0 {
		t.Errorf("our shares %v/%v, want 66.7/0", b.Tiers[0].OurPct, b.Tiers[1].OurPct)
	}
	if len(a.Categories) != 2 || a.Categories[1].Key != "Tablets" || a.Categories[1].Tiered {
		t.Errorf("categories = %+v, want an untiered Tablets group for our item", a.Categories)
	}
}
