package pricing

import (
	"testing"
)

func TestKeyOffers(t *testing.T) {
	const u = "https://shop.example/p/widget"
	money := func(a Amount) *Money { return &Money{Amount: a, Currency: "CNY"} }
	cases := []struct {
		name   string
		offers []Offer
		want   []string
	}{
		{"a SKU is the key", []Offer{{SKU: "A1", GTIN: "4006381333931", URL: u, Title: "Widget — Red"}}, []string{"sku:A1"}},
		{"a GTIN is the key without a SKU", []Offer{{GTIN: "4006381333931", URL: u, Title: "Widget — Red"}}, []string{"gtin:4006381333931"}},
		{"one product at its URL is keyed by the URL alone", []Offer{{URL: u, Title: "Widget"}}, []string{"url:" + u}},
		{"a variant's options follow its URL, normalised",
			[]Offer{{URL: u, Title: "Widget — Ｒｅｄ / XL"}, {URL: u, Title: "Widget — Blue  Sky / XL"}},
			[]string{"url:" + u + "#red/xl", "url:" + u + "#blue-sky/xl"}},
		{"a URL naming its variant needs nothing more",
			[]Offer{{URL: u + "?variant=41", Title: "Widget — Red"}, {URL: u + "?attribute_pa_color=blue", Title: "Widget — Blue"}},
			[]string{"url:" + u + "?variant=41", "url:" + u + "?attribute_pa_color=blue"}},
		{"variants without options are told apart by title",
			[]Offer{{URL: u, Title: "Widget Red"}, {URL: u, Title: "Widget Blue"}},
			[]string{"url:" + u + "#widget-red", "url:" + u + "#widget-blue"}},
		{"a SKU shared by two titles is told apart by title",
			[]Offer{{SKU: "A1", Title: "Widget — Red"}, {SKU: "A1", Title: "Widget — Blue"}},
			[]string{"sku:A1#widget/red", "sku:A1#widget/blue"}},
		{"the same options under two product titles fall back to the titles",
			[]Offer{{URL: u, Title: "Widget — Red"}, {URL: u, Title: "Widget Pro — Red"}},
			[]string{"url:" + u + "#widget/red", "url:" + u + "#widget-pro/red"}},
		{"identical titles stay sharing a key",
			[]Offer{{URL: u, Title: "Widget — Red", Price: money(100)}, {URL: u, Title: "Widget — red", Price: money(90)}},
			[]string{"url:" + u + "#red", "url:" + u + "#red"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, reverse := range []bool{false, true} {
				offers := append([]Offer(nil), tc.offers...)
				if reverse {
					for i, j := 0, len(offers)-1; i < j; i, j = i+1, j-1 {
						offers[i], offers[j] = offers[j], offers[i]
					}
				}
				KeyOffers(offers)
				for i, o := range offers {
					w := tc.want[i]
					if reverse {
						w = tc.want[len(tc.want)-1-i]
					}
					if o.Key != w {
						t.Errorf("reversed %v: offer %q key %q, want %q", reverse, o.Title, o.Key, w)
					}
				}
			}
		})
	}
}

func TestDedupeKeepsTheSameOfferWhateverTheOrder(t *testing.T) {
	money := func(a Amount) *Money { return &Money{Amount: a, Currency: "CNY"} }
	a := Offer{Key: "k", Title: "Red", Price: money(100)}
	b := Offer{Key: "k", Title: "Red", Price: money(90)}
	c := Offer{Key: "k", Title: "Red"} // no price
	d := Offer{Key: "other", Title: "Blue", Price: money(200)}
	for _, order := range [][]Offer{{a, b, c, d}, {c, d, b, a}, {d, a, c, b}} {
		out, amb := Dedupe(order)
		if len(out) != 2 || len(amb) != 1 || amb[0].Key != "k" || amb[0].Offers != 3 {
			t.Fatalf("Dedupe(%v) = %v, %v; want two offers and k ambiguous among 3", order, out, amb)
		}
		for _, o := range out {
			if o.Key == "k" && o.Price.Amount != 90 {
				t.Errorf("kept %v of k, want the cheapest", o.Price)
			}
		}
	}
	if out, amb := Dedupe([]Offer{a, a, d}); len(out) != 2 || len(amb) != 0 {
		t.Errorf("a repeated card: %v, %v; want one offer and no ambiguity", out, amb)
	}
}
