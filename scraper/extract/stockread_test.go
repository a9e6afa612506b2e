package extract

import (
	"net/url"
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// TestVisibleStockAsAPersonReadsIt holds the stock rules the blind holdout
// (holdout_offer_test.go) led to, each on a page of its own.
func TestVisibleStockAsAPersonReadsIt(t *testing.T) {
	tests := []struct {
		name, page string
		want       pricing.Availability
	}{
		{
			name: "a classified ad's SOLD badge means it cannot be bought",
			page: `<h1>Trek bike</h1><span class="price">$450</span><div><span class="badge">SOLD</span> Posted 3 days ago by a private seller near you.</div>`,
			want: pricing.OutOfStock,
		},
		{
			name: "a Spanish classified's Vendido badge too",
			page: `<h1>Sofá cama</h1><span class="price">120 €</span><div class="status"><span class="badge">Vendido</span></div>`,
			want: pricing.OutOfStock,
		},
		{
			name: "the word sold after a count in its own element is a sales count",
			page: `<h1>Camera</h1><div class="price">US $189.99</div><div><b>23</b> <span>sold</span></div><button>Buy It Now</button>`,
			want: pricing.InStock,
		},
		{
			name: "a sold-out ticket category laid out as divs is that category's, and Get tickets buys the rest",
			page: `<h1>Concert</h1><div class="tickets"><div class="tt">GA <span>$45.00</span></div><div class="tt">Balcony <span>$85.00</span></div><div class="tt soldout">VIP <span>$150.00</span> Sold out</div></div><button class="checkout">Get tickets</button>`,
			want: pricing.InStock,
		},
		{
			name: "a sold-out size among three alike buttons is that size's",
			page: `<h1>Tee</h1><span class="price">$28.00</span><div><button class="size">S</button><button class="size">M</button><button class="size">XL – Sold out</button></div><button class="add-to-bag">Add to bag</button>`,
			want: pricing.InStock,
		},
		{
			name: "an eBay listing that has ended is not for sale",
			page: `<h1>Camera</h1><div class="price">US $189.99</div><div class="msg">This listing has ended.</div>`,
			want: pricing.OutOfStock,
		},
		{
			name: "a menu link to the pre-orders above the title names another page",
			page: `<div class="site-menu"><a href="/c/preorders">Pre-orders</a><a href="/c/new">New</a></div><a href="/c/clearance">Sold out soon</a><h1>Game</h1><span class="price">$59.99</span><button class="add-to-cart">Add to cart</button>`,
			want: pricing.InStock,
		},
		{
			name: "a promo banner above the title speaks of the whole shop",
			page: `<div class="announcement-bar">Free delivery on all in-stock items</div><h1>Lamp</h1><span class="price">$59.99</span><div class="msg">Currently unavailable</div>`,
			want: pricing.OutOfStock,
		},
		{
			name: "a Sold out badge on the gallery above the title is the product's",
			page: `<div class="gallery"><span class="badge">Sold out</span><img src="a.jpg"></div><h1>Print</h1><span class="price">$120.00</span>`,
			want: pricing.OutOfStock,
		},
		{
			name: "a theme's sold-out badge beside an enabled Add to cart is the template's, shown only when sold out",
			page: `<h1>Jacket</h1><div class="price price--show-badge"><span class="price-item">$245.00</span><span class="badge price__badge-sale">Sale</span><span class="badge price__badge-sold-out">Sold out</span></div><form action="/cart/add"><button type="submit" name="add" class="product-form__submit">Add to cart</button></form>`,
			want: pricing.InStock,
		},
		{
			name: "the same badge with the button disabled and saying so is sold out",
			page: `<h1>Jacket</h1><div class="price price--sold-out"><span class="price-item">$245.00</span><span class="badge price__badge-sold-out">Sold out</span></div><form action="/cart/add"><button type="submit" name="add" class="product-form__submit" disabled>Sold out</button></form>`,
			want: pricing.OutOfStock,
		},
		{
			name: "stock text hidden from the eye does not count",
			page: `<h1>Lamp</h1><span class="price">$59.99</span><div class="hidden">Out of stock</div><p style="display: none">Sold out</p><span class="visually-hidden">Variant sold out or unavailable</span><button class="add-to-cart">Add to cart</button>`,
			want: pricing.InStock,
		},
		{
			name: "text hidden only below a breakpoint is seen on a desktop",
			page: `<h1>Lamp</h1><span class="price">$59.99</span><div class="d-none d-md-block">Out of stock</div><button class="add-to-cart">Add to cart</button>`,
			want: pricing.OutOfStock,
		},
		{
			name: "a strip of alike badges is the product's own",
			page: `<h1>Lamp</h1><span class="price">$59.99</span><div><span class="badge">New</span><span class="badge">Eco</span><span class="badge">Out of stock</span></div>`,
			want: pricing.OutOfStock,
		},
		{
			name: "a store's pickup stock before the shipping line does not decide",
			page: `<h1>TV</h1><span class="price">$529.99</span><div class="fulfillment"><div>Pickup: Not available at Springfield</div><div>Shipping: Get it by Tue, Dec 8</div></div><button class="add-to-cart-button">Add to Cart</button>`,
			want: pricing.InStock,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := visiblePrice(t, tt.page, "USD").Availability; got != tt.want {
				t.Errorf("availability %q, want %q", got, tt.want)
			}
		})
	}
}

// TestStockValueForms holds the written forms of availability values and
// phrases that the holdout's classes call for.
func TestStockValueForms(t *testing.T) {
	tests := []struct {
		text string
		want pricing.Availability
	}{
		{"in_stock", pricing.InStock},
		{"out_of_stock", pricing.OutOfStock},
		{"Out-Of-Stock", pricing.OutOfStock},
		{"OOS", pricing.OutOfStock},
		{"pre_order", pricing.PreOrder},
		{"https://schema.org/MadeToOrder", pricing.InStock},
		{"available for order", pricing.InStock},
		{"Dieser Artikel ist nicht mehr verfügbar", pricing.OutOfStock},
		{"Nicht mehr auf Lager", pricing.OutOfStock},
		{"Ce produit n'est plus disponible", pricing.OutOfStock},
		{"Este producto no está disponible", pricing.OutOfStock},
		{"Questo prodotto non è disponibile", pricing.OutOfStock},
		{"Produkt nie jest dostępny", pricing.OutOfStock},
		{"Sản phẩm không còn hàng", pricing.OutOfStock},
		{"Not currently available", pricing.OutOfStock},
		{"No Cost EMI available", pricing.InStock},
		{"Almost sold out!", pricing.InStock},
		{"Sắp hết hàng", pricing.InStock},
		{"即将售罄", pricing.InStock},
		{"품절임박", pricing.InStock},
		{"Fast ausverkauft", pricing.InStock},
		{"在庫がありません", pricing.OutOfStock},
		{"Sold", pricing.OutOfStock},
		{"23 sold", pricing.AvailabilityUnknown},
		{"Add to shopping bag", pricing.InStock},
		{"Disponibilità immediata", pricing.InStock},
		{"Produkt dostępny od ręki", pricing.InStock},
		{"Produkty niedostępne", pricing.OutOfStock},
		{"พร้อมส่ง", pricing.InStock},
		{"متاح", pricing.InStock},
		{"לא זמין", pricing.OutOfStock},
		{"זמין במלאי", pricing.InStock},
		{"Solo quedan 3", pricing.InStock},
		{"Zostało 2 szt.", pricing.InStock},
		{"남은 수량 3개 남음", pricing.InStock},
	}
	for _, tt := range tests {
		if got := NormalizeAvailability(tt.text, nil); got != tt.want {
			t.Errorf("NormalizeAvailability(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestStructuredPriceLetsTheButtonSpeak: a price given only by structured
// data (the visible one drawn by a script) still makes an enabled buy
// button mean in stock.
func TestStructuredPriceLetsTheButtonSpeak(t *testing.T) {
	page := `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Lamp","offers":{"@type":"Offer","price":"59.99","priceCurrency":"USD"}}</script></head>` +
		`<body><h1>Lamp</h1><div id="price-root"></div><button class="add-to-cart">Add to cart</button></body></html>`
	u, _ := url.Parse("https://shop.example/p/lamp")
	p, err := Extract(strings.NewReader(page), u, Product, Rules{Currency: "USD"})
	if err != nil || len(p.Offers) != 1 {
		t.Fatalf("Extract = %d offers, %v", len(p.Offers), err)
	}
	if got := p.Offers[0].Availability; got != pricing.InStock {
		t.Errorf("availability %q, want %q", got, pricing.InStock)
	}
}

// TestStockPhraseByteFilter holds NormalizeAvailability's first-byte filter
// to the plain search: every phrase, alone and inside other text, reads as
// the first group holding a phrase it contains.
func TestStockPhraseByteFilter(t *testing.T) {
	plain := func(text string) pricing.Availability {
		t := strings.ToLower(cleanText(text))
		for _, r := range builtinPhrases {
			for _, p := range r.phrases {
				if i := strings.Index(t, p); i >= 0 {
					if r.state == pricing.InStock && negated(t, i, len(p)) {
						return pricing.OutOfStock
					}
					return r.state
				}
			}
		}
		return ""
	}
	for _, r := range builtinPhrases {
		for _, p := range r.phrases {
			for _, text := range []string{p, "Zz " + p + " 12", "ab" + p} {
				want := plain(text)
				if want == "" {
					continue
				}
				if a, ok := schemaAvailability[schemaName(strings.ToLower(cleanText(text)))]; ok {
					want = a
				}
				if got := NormalizeAvailability(text, nil); got != want && !soldBadges[strings.ToLower(text)] {
					t.Errorf("NormalizeAvailability(%q) = %q, the plain search says %q", text, got, want)
				}
			}
		}
	}
}
