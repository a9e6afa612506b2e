package extract

import (
	"net/url"
	"strings"
	"testing"
)

// TestProductSKU holds which code of a page becomes the offer's SKU when
// several sources name one: the product's code, never a variant's, a
// recommendation's or the header's.
func TestProductSKU(t *testing.T) {
	tests := []struct {
		name, url, page string
		sku, variant    string
	}{
		{
			name:    "a structured SKU with a size suffix gives the product code the page shows",
			url:     "https://s.example/p/boot",
			page:    `<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Boot","sku":"8529631-42","offers":{"@type":"Offer","price":"89.99","priceCurrency":"EUR"}}</script><h1>Boot</h1><div>Réf. : 8529631</div>`,
			sku:     "8529631",
			variant: "8529631-42",
		},
		{
			name: "a structured mpn outranks the id in the URL",
			url:  "https://s.example/p/123456",
			page: `<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Mixer","mpn":"5KSM175PSEER","offers":{"@type":"Offer","price":"499","priceCurrency":"EUR"}}</script><h1>Mixer</h1>`,
			sku:  "5KSM175PSEER",
		},
		{
			name: "a mini cart in the header names another product's code",
			url:  "https://s.example/thing.html",
			page: `<header><div class="mini-cart"><span>SKU: 998877</span></div></header><h1>Thing</h1><div class="price">€9.99</div><div>SKU: 112233</div>`,
			sku:  "112233",
		},
		{
			name: "a count after a label is no code",
			url:  "https://s.example/thing.html",
			page: `<div class="cart">Item: 0</div><h1>Thing</h1><div class="price">€9.99</div>`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := url.Parse(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			p, err := Extract(strings.NewReader("<html><body>"+tt.page+"</body></html>"), u, Product, Rules{})
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Offers) != 1 {
				t.Fatalf("got %d offers, want 1", len(p.Offers))
			}
			o := p.Offers[0]
			if o.SKU != tt.sku || o.Source[VariantSKUKey] != tt.variant {
				t.Errorf("sku %q variant %q, want %q and %q", o.SKU, o.Source[VariantSKUKey], tt.sku, tt.variant)
			}
		})
	}
}
