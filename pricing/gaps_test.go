package pricing

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// gapLine summarises a gap for comparison in tables.
func gapLine(g Gap) string {
	s := fmt.Sprintf("%s %s %s", g.Kind, g.Severity, g.Category)
	for _, f := range []string{string(g.Tier), g.SKU, g.Competitor, g.ListingKey} {
		if f != "" {
			s += " " + f
		}
	}
	return s
}

func TestGaps(t *testing.T) {
	// The market: shopA sells phones at ¥100..¥900 (k0..k8), cuts ¥366.67
	// and ¥633.33. Last week k4 cost ¥600 and k2 was in stock; k8 is new.
	current := func() []Offer {
		return offersAt("Phones", "100", "200", "300", "400", "500", "600", "700", "800", "900")
	}
	previous := func() []Offer { return offersAt("Phones", "100", "200", "300", "400", "600", "600", "700", "800") }
	tests := []struct {
		name    string
		kind    GapKind
		catalog []CatalogItem
		matches []Match
		edit    func(cur, prev []Offer) // changes this week's and last week's offers
		want    []string
	}{
		{"tiers with offers and none of ours are assortment gaps", AssortmentGap,
			[]CatalogItem{item("P1", "Phones", "500")}, nil, nil,
			[]string{"assortment_gap high Phones high", "assortment_gap high Phones low"}},
		{"a category we do not sell has no assortment gaps", AssortmentGap,
			[]CatalogItem{item("T1", "Tablets", "500")}, nil, nil, nil},
		{"an item far above its matches' median is overpriced", Overpriced,
			[]CatalogItem{item("P1", "Phones", "600")}, []Match{match("P1", "shopA", "k3"), match("P1", "shopA", "k4")}, nil,
			[]string{"overpriced high Phones mid P1"}},
		{"an item a little above its matches' median is overpriced, less urgently", Overpriced,
			[]CatalogItem{item("P1", "Phones", "600")}, []Match{match("P1", "shopA", "k4")}, nil,
			[]string{"overpriced medium Phones mid P1"}},
		{"an item within the threshold of its matches is fine", Overpriced,
			[]CatalogItem{item("P1", "Phones", "520")}, []Match{match("P1", "shopA", "k4")}, nil, nil},
		{"an item far below its matches' median is underpriced", Underpriced,
			[]CatalogItem{item("P1", "Phones", "400")}, []Match{match("P1", "shopA", "k5"), match("P1", "shopA", "k6")}, nil,
			[]string{"underpriced high Phones mid P1"}},
		{"an unmatched item beyond price_gap_pct above the market maximum is priced off market", Overpriced,
			[]CatalogItem{item("P1", "Phones", "1100")}, nil, nil,
			[]string{"overpriced medium Phones high P1"}},
		{"an unmatched item far above the market maximum is urgently overpriced", Overpriced,
			[]CatalogItem{item("P1", "Phones", "1500")}, nil, nil,
			[]string{"overpriced high Phones high P1"}},
		{"an unmatched item within price_gap_pct above the market maximum is merely the dearest", Overpriced,
			[]CatalogItem{item("P1", "Phones", "1000")}, nil, nil, nil},
		{"an unmatched item exactly price_gap_pct above the market maximum is not flagged", Overpriced,
			[]CatalogItem{item("P1", "Phones", "1035")}, nil, nil, nil},
		{"an unmatched item 0.1 % below the market minimum is merely the cheapest", Underpriced,
			[]CatalogItem{item("P1", "Phones", "99.90")}, nil, nil, nil},
		{"an unmatched item just past price_gap_pct below the market minimum is underpriced", Underpriced,
			[]CatalogItem{item("P1", "Phones", "84.90")}, nil, nil,
			[]string{"underpriced medium Phones low P1"}},
		{"an unmatched item below the market minimum is priced off market", Underpriced,
			[]CatalogItem{item("P1", "Phones", "50")}, nil, nil,
			[]string{"underpriced high Phones low P1"}},
		{"an unmatched item inside the market range is not judged", Overpriced,
			[]CatalogItem{item("P1", "Phones", "890")}, nil, nil, nil},
		{"a target tier one away from the computed one is a mismatch", TierMismatch,
			[]CatalogItem{{SKU: "P1", Category: "Phones", Price: Money{MustAmount("500"), "CNY"}, TargetTier: TierHigh}}, nil, nil,
			[]string{"tier_mismatch medium Phones mid P1"}},
		{"a target tier two away is an urgent mismatch", TierMismatch,
			[]CatalogItem{{SKU: "P1", Category: "Phones", Price: Money{MustAmount("850"), "CNY"}, TargetTier: TierLow}}, nil, nil,
			[]string{"tier_mismatch high Phones high P1"}},
		{"a matching target tier is no mismatch", TierMismatch,
			[]CatalogItem{{SKU: "P1", Category: "Phones", Price: Money{MustAmount("500"), "CNY"}, TargetTier: TierMid}}, nil, nil, nil},
		{"a matched listing cut below our price is an undercut", CompetitorUndercut,
			[]CatalogItem{item("P1", "Phones", "550")}, []Match{match("P1", "shopA", "k4")}, nil,
			[]string{"competitor_undercut medium Phones mid P1 shopA k4"}},
		{"a listing that was already cheaper is no new undercut", CompetitorUndercut,
			[]CatalogItem{item("P1", "Phones", "550")}, []Match{match("P1", "shopA", "k4")},
			func(cur, prev []Offer) { prev[4].Price = cny("520") }, nil},
		{"a matched listing gone out of stock is an opportunity", CompetitorOutOfStock,
			[]CatalogItem{item("P1", "Phones", "300")}, []Match{match("P1", "shopA", "k2")},
			func(cur, prev []Offer) { cur[2].Availability = OutOfStock },
			[]string{"competitor_out_of_stock medium Phones low P1 shopA k2"}},
		{"a matched listing still out of stock is a smaller one", CompetitorOutOfStock,
			[]CatalogItem{item("P1", "Phones", "300")}, []Match{match("P1", "shopA", "k2")},
			func(cur, prev []Offer) { cur[2].Availability, prev[2].Availability = OutOfStock, OutOfStock },
			[]string{"competitor_out_of_stock low Phones low P1 shopA k2"}},
		{"a new listing in a tier where we sell is flagged", NewCompetitorListing,
			[]CatalogItem{item("P1", "Phones", "850")}, nil, nil,
			[]string{"new_competitor_listing low Phones high shopA k8"}},
		{"a new listing below our cheapest in its tier matters more", NewCompetitorListing,
			[]CatalogItem{item("P1", "Phones", "899")}, nil, func(cur, prev []Offer) { cur[8].Price = cny("850") },
			[]string{"new_competitor_listing medium Phones high shopA k8"}},
		{"a new listing in a tier where we do not sell is left to the assortment gaps", NewCompetitorListing,
			[]CatalogItem{item("P1", "Phones", "100")}, nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cur, prev := current(), previous()
			if tt.edit != nil {
				tt.edit(cur, prev)
			}
			m := Market{
				Current:  []Snapshot{{Competitor: "shopA", Offers: cur}},
				Previous: []Snapshot{{Competitor: "shopA", Offers: prev}},
				Catalog:  tt.catalog,
				Matches:  tt.matches,
			}
			var got []string
			for _, g := range Analyze(m, DefaultOptions()).Gaps {
				if g.Kind == tt.kind {
					got = append(got, gapLine(g))
					if g.Detail == "" || g.Action == "" {
						t.Errorf("%s has no detail or action", gapLine(g))
					}
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s gaps:\n got %q\nwant %q", tt.kind, got, tt.want)
			}
		})
	}
}

func TestGapWording(t *testing.T) {
	m := Market{
		Current: []Snapshot{{Competitor: "shopA", Offers: offersAt("Phones", "599", "799", "1099", "1299", "1499", "1699", "2999", "3999", "4999")}},
		Catalog: []CatalogItem{
			{SKU: "P1", Title: "Our phone", Category: "Phones", Price: Money{MustAmount("2099"), "CNY"}, TargetTier: TierHigh},
		},
		Matches: []Match{match("P1", "shopA", "k5")},
	}
	// Tertile cuts, so the wording of every kind shows on nine offers.
	opt := DefaultOptions()
	opt.Method = MethodQuantile
	var got []string
	for _, g := range Analyze(m, opt).Gaps {
		got = append(got, g.Severity.String()+" | "+g.Detail+" | "+g.Action)
	}
	want := []string{
		"high | 3 of 9 market offers (33 %) are high-tier, none of our 1 item | Consider a high-tier product for Phones: 3 competitor offers from ¥2,999 to ¥4,999, none of ours",
		"high | 3 of 9 market offers (33 %) are low-tier, none of our 1 item | Consider a low-tier product for Phones: 3 competitor offers from ¥599 to ¥1,099, none of ours",
		"medium | ours ¥2,099 is 23.5 % above the median ¥1,699 of 1 matched listing | Review the price of P1: consider moving toward ¥1,699",
		"medium | target tier high, priced ¥2,099 in the mid tier (cuts ¥1,232.33 and ¥2,132.33) | Reprice P1 into the high tier (above ¥2,132.33) or change its target tier",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("gaps:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

func TestDisplay(t *testing.T) {
	tests := []struct {
		m    Money
		want string
	}{
		{Money{MustAmount("1099"), "CNY"}, "¥1,099"},
		{Money{MustAmount("1234567.5"), "USD"}, "$1,234,567.50"},
		{Money{MustAmount("-12.05"), "EUR"}, "-€12.05"},
		{Money{MustAmount("999"), "XYZ"}, "999 XYZ"},
		{Money{0, "GBP"}, "£0"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.m.Display(); got != tt.want {
				t.Errorf("%v.Display() = %q, want %q", tt.m, got, tt.want)
			}
		})
	}
}

func TestSeverityText(t *testing.T) {
	for _, s := range []Severity{SeverityLow, SeverityMedium, SeverityHigh} {
		b, _ := s.MarshalText()
		var back Severity
		if err := back.UnmarshalText(b); err != nil || back != s {
			t.Errorf("round trip of %v: %v, %v", s, back, err)
		}
	}
	var s Severity
	if err := s.UnmarshalText([]byte("urgent")); err == nil {
		t.Error("UnmarshalText(urgent) succeeded, want an error")
	}
}
