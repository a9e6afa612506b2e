package extract

import (
	"net/url"
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// TestVisiblePriceClasses holds the price rules the holdout led to, each on
// a page of its own.
func TestVisiblePriceClasses(t *testing.T) {
	tests := []struct {
		name, page, currency string
		want                 string // "" for none
	}{
		{"a bracketed unit price in the price's own text is left out",
			`<h1>X</h1><span class="price">$3.99 ($0.50/oz)</span><button>Add to cart</button>`, "", "3.99"},
		{"a price in an element's own text beside a unit-price child is read",
			`<h1>X</h1><div>$3.99 <small>($0.50 / oz)</small></div><button>Add to cart</button>`, "", "3.99"},
		{"free shipping beside a price is no shipping amount",
			`<h1>X</h1><p>Price: $24.99 &amp; FREE Shipping</p><button>Add to cart</button>`, "", "24.99"},
		{"a Saudi riyal sign makes a text a price",
			`<h1>X</h1><div>349.00 ر.س</div><button>أضف إلى السلة</button>`, "SAR", "349.00"},
		{"months without interest are an instalment",
			`<h1>X</h1><div class="p"><span class="a">$12,999.00</span></div><div class="m">Hasta 12 meses sin intereses de $1,083.25</div><button>Agregar al carrito</button>`, "MXN", "12999.00"},
		{"Turkish taksit is an instalment",
			`<h1>X</h1><div class="f"><span class="g">1.249,90 TL</span></div><div class="t">3 taksit x 416,63 TL</div><button>Sepete Ekle</button>`, "TRY", "1249.90"},
		{"a Korean card price is not the price",
			`<h1>X</h1><div><span class="sale"><strong>299,000</strong>원</span></div><div><span>카드 할인가 284,050원</span></div><button>장바구니 담기</button>`, "KRW", "299000"},
		{"a converted amount is not the price",
			`<h1>X</h1><div class="x-price-primary">US $189.99</div><div class="approx">Approximately EUR 178.40</div><a href="/bin">Buy It Now</a>`, "USD", "189.99"},
		{"a Key: value line before the price is not its label",
			`<h1>X</h1><div>Condition: Used</div><div class="x-price-primary">US $189.99</div><a href="#">Buy It Now</a>`, "USD", "189.99"},
		{"a discount percentage does not make the price the old one when the old one is struck",
			`<h1>X</h1><div class="ps"><del>$15,999.00</del> <span class="now">$12,999.00</span> <span>19% OFF</span> <span class="msi">12 x $1,083.25</span></div><button>Comprar</button>`, "MXN", "12999.00"},
		{"an MSRP that is the only price is the price",
			`<h1>X</h1><p>MSRP: <span class="price">$449.00</span></p><a href="/dealers">Find a dealer</a>`, "USD", "449.00"},
		{"a basket price (Sepette) is not the shelf price",
			`<h1>X</h1><div class="c"><span class="prc-dsc">1.299,99 TL</span></div><div class="d">Sepette 1.169,99 TL</div><button>Sepete Ekle</button>`, "TRY", "1299.99"},
		{"another variant's price hidden by an inline style is not read",
			`<h1>X</h1><div class="variant-price" style="display:none">$19.00</div><span class="price">$24.00</span><button>Add to cart</button>`, "", "24.00"},
		{"a hidden template's price is not read",
			`<h1>X</h1><span class="price">$24.00</span><div class="price-template hidden"><span class="sale">$9.00</span></div><button>Add to cart</button>`, "", "24.00"},
		{"a price drawn in parts is read from its aria-label",
			`<h1>X</h1><span class="price" aria-label="$24.99"><span>$</span><span>24</span><span class="c">99</span></span><button>Add to cart</button>`, "", "24.99"},
		{"a screen reader's copy of the price still is",
			`<h1>X</h1><span class="sr-only">Sale price $21.00</span><span aria-hidden="true" class="price">$21<sup>00</sup></span><button>Add to cart</button>`, "", "21.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := visiblePrice(t, tt.page, tt.currency)
			got := ""
			if o.Price != nil {
				got = o.Price.Amount.String()
			}
			if want := tt.want; want != "" {
				want = pricing.MustAmount(want).String()
				if got != want {
					t.Errorf("price %q, want %q", got, want)
				}
			} else if got != "" {
				t.Errorf("price %q, want none", got)
			}
		})
	}
}

// TestSalePriceSpecification: an offer whose price is the regular one, with
// a lower SalePrice in its priceSpecification, is sold at the sale price.
func TestSalePriceSpecification(t *testing.T) {
	page := `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Lamp","offers":{"@type":"Offer","price":"80.00","priceCurrency":"EUR","availability":"InStock",` +
		`"priceSpecification":[{"@type":"UnitPriceSpecification","priceType":"https://schema.org/SalePrice","price":"59.00","priceCurrency":"EUR"}]}}</script></head><body><h1>Lamp</h1></body></html>`
	u, _ := url.Parse("https://shop.example/p/lamp")
	p, err := Extract(strings.NewReader(page), u, Product, Rules{})
	if err != nil || len(p.Offers) != 1 {
		t.Fatalf("Extract = %d offers, %v", len(p.Offers), err)
	}
	o := p.Offers[0]
	if o.Price == nil || o.Price.Amount != pricing.MustAmount("59.00") || o.ListPrice == nil || o.ListPrice.Amount != pricing.MustAmount("80.00") {
		t.Errorf("price %v, list price %v, want 59.00 and 80.00", o.Price, o.ListPrice)
	}
}

// TestLogoH1IsNoTitle: a shop whose logo is an h1 has its product's title
// in the next h1, and the price is read near that.
func TestLogoH1IsNoTitle(t *testing.T) {
	page := `<header><h1 class="site-logo"><a href="/"><img alt="Lumen"></a></h1><div class="promo">Gift cards $25</div></header>` +
		`<main><div class="gallery"></div><div class="spec">Model 2026</div><div>a</div><div>b</div><div>c</div><div>d</div><div>e</div>` +
		`<h1>Arc Floor Lamp</h1><span class="price">$189.00</span><button class="add-to-cart">Add to cart</button></main>`
	o := visiblePrice(t, page, "USD")
	if o.Title != "Arc Floor Lamp" || o.Price == nil || o.Price.Amount != pricing.MustAmount("189.00") {
		t.Errorf("title %q, price %v; want Arc Floor Lamp at 189.00", o.Title, o.Price)
	}
}
