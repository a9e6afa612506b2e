package extract

import (
	"net/url"
	"strings"
	"testing"
)

// TestSavedFromCommentNamesTheShopsURL: a page a browser saved to a file
// keeps its shop address only in the "saved from url=" comment at its top;
// without a canonical link or og:url, that address gives the shop's id.
func TestSavedFromCommentNamesTheShopsURL(t *testing.T) {
	const body = `<h1>Hexa Cold Brew Maker</h1><span class="price">$24.99</span><button>Add to Cart</button></body></html>`
	tests := []struct {
		name, page, want string
	}{
		{"Chrome's comment before the html element",
			`<!DOCTYPE html><!-- saved from url=(0051)https://www.shop.example/Hexa-Cold-Brew/dp/B0C1XYZ123 --><html><head><title>x</title></head><body>` + body, "B0C1XYZ123"},
		{"the comment inside head, without a length",
			`<html><head><!-- saved from url=https://www.auction.example/itm/256123456789?hash=x --></head><body>` + body, "256123456789"},
		{"a canonical link wins over the comment",
			`<!-- saved from url=(0040)https://www.shop.example/dp/B0AAAAAAAA --><html><head><link rel="canonical" href="https://www.shop.example/dp/B0BBBBBBBB"></head><body>` + body, "B0BBBBBBBB"},
		{"a comment in the body is the page's text, not its address",
			`<html><head></head><body><!-- saved from url=(0040)https://www.shop.example/dp/B0CCCCCCCC -->` + body, ""},
		{"a comment that names no web address",
			`<!-- saved from url=(0014)about:internet --><html><head></head><body>` + body, ""},
	}
	file, _ := url.Parse("file:///home/ops/saved/page.html")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Extract(strings.NewReader(tc.page), file, Product, Rules{Currency: "USD"})
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Offers) != 1 {
				t.Fatalf("%d offers, want 1", len(p.Offers))
			}
			if got := p.Offers[0].SKU; got != tc.want {
				t.Errorf("sku %q, want %q", got, tc.want)
			}
		})
	}
}
