package extract

import (
	"testing"

	"github.com/shelfwatch/shelfwatch/pricing"
)

func TestReconcileVisible(t *testing.T) {
	usd := func(s string) *pricing.Money { return &pricing.Money{Amount: pricing.MustAmount(s), Currency: "USD"} }
	tests := []struct {
		name              string
		structured        pricing.Offer
		visible           pricing.Offer
		seen              shownPrices
		changed           bool
		wantPrice, wantLP string
	}{
		{
			name:       "a structured price the page strikes through beside a lower one is the list price",
			structured: pricing.Offer{Price: usd("89.00")},
			visible:    pricing.Offer{Price: usd("66.75"), ListPrice: usd("89.00")},
			changed:    true, wantPrice: "66.75", wantLP: "89.00",
		},
		{
			name:       "a visible list price that is not the structured price says nothing about it",
			structured: pricing.Offer{Price: usd("89.00")},
			visible:    pricing.Offer{Price: usd("66.75"), ListPrice: usd("99.00")},
			wantPrice:  "89.00",
		},
		{
			name:       "a visible price without a struck one leaves the structured price",
			structured: pricing.Offer{Price: usd("89.00")},
			visible:    pricing.Offer{Price: usd("66.75")},
			wantPrice:  "89.00",
		},
		{
			name:       "a structured range is left alone",
			structured: pricing.Offer{Price: usd("89.00"), MinPrice: usd("89.00"), MaxPrice: usd("99.00")},
			visible:    pricing.Offer{Price: usd("66.75"), ListPrice: usd("89.00")},
			wantPrice:  "89.00",
		},
		{
			name:       "a structured price in cents is the visible price",
			structured: pricing.Offer{Price: usd("2499")},
			visible:    pricing.Offer{Price: usd("24.99")},
			changed:    true, wantPrice: "24.99",
		},
		{
			name:       "a visible whole amount a hundredth of the structured one is left alone",
			structured: pricing.Offer{Price: usd("9900")},
			visible:    pricing.Offer{Price: usd("99")},
			wantPrice:  "9900",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := tt.structured
			if got := reconcileVisible(&o, tt.visible, tt.seen); got != tt.changed {
				t.Errorf("changed = %v, want %v", got, tt.changed)
			}
			if got := o.Price.Amount; got != pricing.MustAmount(tt.wantPrice) {
				t.Errorf("price %s, want %s", got, tt.wantPrice)
			}
			if tt.wantLP != "" && (o.ListPrice == nil || o.ListPrice.Amount != pricing.MustAmount(tt.wantLP)) {
				t.Errorf("list price %v, want %s", o.ListPrice, tt.wantLP)
			}
		})
	}
}
