package store

import (
	"errors"
	"reflect"
	"testing"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// TestCategoryPriceEncoding: offers kept in run_category_prices decode to
// the same fields (missing prices and sales stay missing), and a cut or
// corrupt blob is an error, never offers made up.
func TestCategoryPriceEncoding(t *testing.T) {
	n := func(v int64) *int64 { return &v }
	offers := []pricing.Offer{
		{Competitor: "alpha", Category: "kettles", Key: "sku:1", Brand: "Acme", Price: &pricing.Money{Amount: 129_9000, Currency: "CNY"}, MinPrice: &pricing.Money{Amount: 99_0000, Currency: "CNY"}, Sales: n(1200)},
		{Competitor: "alpha", Category: "kettles", Key: "url:https://a.example/p/2#12GB+256GB", Price: nil, MinPrice: &pricing.Money{Amount: 5, Currency: "KWD"}},
		{Competitor: "alpha", Category: "kettles", Key: "gtin:4006381333931", Brand: "品牌", Price: &pricing.Money{Amount: -1, Currency: ""}, Sales: n(0)},
		{Competitor: "alpha", Category: "kettles", Key: ""},
	}
	blob := encodeCategoryPrices(offers)
	var in interner
	got, err := decodeCategoryPrices(nil, blob, "alpha", "kettles", &in)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, offers) {
		t.Errorf("decoded %+v\nwant %+v", got, offers)
	}
	if got, err := decodeCategoryPrices(nil, encodeCategoryPrices(nil), "alpha", "kettles", &in); err != nil || len(got) != 0 {
		t.Errorf("no offers: %v, %v", got, err)
	}
	for cut := 1; cut < len(blob); cut++ {
		if got, err := decodeCategoryPrices(nil, blob[:cut], "alpha", "kettles", &in); !errors.Is(err, errBadKeptPrices) {
			t.Errorf("blob cut at %d of %d: %d offers, %v; want errBadKeptPrices", cut, len(blob), len(got), err)
		}
	}
	if _, err := decodeCategoryPrices(nil, []byte{0x01, 0x05, 'a'}, "alpha", "kettles", &in); !errors.Is(err, errBadKeptPrices) {
		t.Errorf("a key longer than the blob: %v", err)
	}
}
