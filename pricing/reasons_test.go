package pricing

import (
	"reflect"
	"testing"
)

func TestPositionsCarryTheMatchReasons(t *testing.T) {
	reasons := []string{"code mb111lla", "brand apple", "penalty: variant word pro"}
	m := Market{
		Current: []Snapshot{{Competitor: "shop", Offers: []Offer{stockOffer("a", "Phones", "100", InStock), stockOffer("b", "Phones", "110", InStock)}}},
		Catalog: []CatalogItem{{SKU: "P-1", Category: "Phones", Price: Money{MustAmount("105"), "CNY"}}},
		Matches: []Match{
			{CatalogSKU: "P-1", Competitor: "shop", ListingKey: "a", Method: MatchFuzzy, Score: 0.9, Reasons: reasons},
			{CatalogSKU: "P-1", Competitor: "shop", ListingKey: "b", Method: MatchConfirmed, Score: 1},
		},
	}
	a := Analyze(m, DefaultOptions())
	ls := a.Positions[0].Listings
	if len(ls) != 2 {
		t.Fatalf("listings %+v, want 2", ls)
	}
	if !reflect.DeepEqual(ls[0].Reasons, reasons) || ls[1].Reasons != nil {
		t.Errorf("reasons %q and %q, want %q and none", ls[0].Reasons, ls[1].Reasons, reasons)
	}
	ls[0].Reasons[0] = "changed"
	if m.Matches[0].Reasons[0] != "code mb111lla" {
		t.Error("the analysis aliases the caller's match reasons")
	}
}
