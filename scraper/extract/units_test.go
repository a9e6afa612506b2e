package extract

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/shelfwatch/shelfwatch/pricing"
)

func TestNormalizeAvailability(t *testing.T) {
	extra := map[string][]string{"in_stock": {"现货速发"}, "out_of_stock": {"暂时缺货", "Currently backordered"}}
	tests := []struct {
		name string
		text string
		want pricing.Availability
	}{
		{"a schema.org https URL is read", "https://schema.org/InStock", pricing.InStock},
		{"Japanese in stock", "在庫あり", pricing.InStock},
		{"Japanese sold out", "売り切れ", pricing.OutOfStock},
		{"Korean in stock", "재고 있음", pricing.InStock},
		{"Korean sold out", "일시품절", pricing.OutOfStock},
		{"traditional Chinese out of stock", "缺貨中", pricing.OutOfStock},
		{"German not in stock is not in stock", "Nicht auf Lager", pricing.OutOfStock},
		{"German in stock", "Auf Lager", pricing.InStock},
		{"French no longer in stock is out of stock", "Cet article n'est plus en stock", pricing.OutOfStock},
		{"French in stock", "En stock", pricing.InStock},
		{"a schema.org http URL is read", "http://schema.org/OutOfStock", pricing.OutOfStock},
		{"a bare schema.org name is read", "InStock", pricing.InStock},
		{"a schema: prefix is read", "schema:PreOrder", pricing.PreOrder},
		{"SoldOut is out of stock", "https://schema.org/SoldOut", pricing.OutOfStock},
		{"BackOrder counts as pre-order", "BackOrder", pricing.PreOrder},
		{"PreSale counts as pre-order", "https://schema.org/PreSale", pricing.PreOrder},
		{"Discontinued is discontinued", "https://schema.org/Discontinued", pricing.Discontinued},
		{"LimitedAvailability is in stock", "LimitedAvailability", pricing.InStock},
		{"lower-case og values are read", "instock", pricing.InStock},
		{"Sold out text is out of stock", "Sold out", pricing.OutOfStock},
		{"Out of stock text is out of stock", "  Out of   stock ", pricing.OutOfStock},
		{"not in stock is not read as in stock", "Not in stock", pricing.OutOfStock},
		{"unavailable is not read as available", "Currently unavailable", pricing.OutOfStock},
		{"an Add to cart button means in stock", "Add to cart", pricing.InStock},
		{"Pre-order text is pre-order", "Pre-order now", pricing.PreOrder},
		{"Discontinued text is discontinued", "This item is discontinued", pricing.Discontinued},
		{"有货 is in stock", "有货", pricing.InStock},
		{"现货 is in stock", "现货，当天发", pricing.InStock},
		{"无货 is out of stock", "无货", pricing.OutOfStock},
		{"缺货 is out of stock", "该地区缺货", pricing.OutOfStock},
		{"到货通知 is out of stock", "到货通知", pricing.OutOfStock},
		{"加入购物车 is in stock", "加入购物车", pricing.InStock},
		{"预售 is pre-order", "预售 付定金", pricing.PreOrder},
		{"已下架 is discontinued", "该商品已下架", pricing.Discontinued},
		{"empty text is unknown", "", pricing.AvailabilityUnknown},
		{"text without a signal is unknown, never out of stock", "Free returns within 30 days", pricing.AvailabilityUnknown},
		{"an unknown schema.org value is unknown", "https://schema.org/Whatever", pricing.AvailabilityUnknown},
		{"a competitor's in-stock phrase is read", "现货速发", pricing.InStock},
		{"a competitor's phrase wins over the built-in ones", "暂时缺货", pricing.OutOfStock},
		{"a competitor's phrase matches case-insensitively", "currently BACKORDERED", pricing.OutOfStock},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NormalizeAvailability(tt.text, extra); got != tt.want {
				t.Errorf("NormalizeAvailability(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestCanonicalURL(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"a clean URL stays as it is", "https://shop.example/p/1", "https://shop.example/p/1"},
		{"the fragment is dropped", "https://shop.example/p/1#reviews", "https://shop.example/p/1"},
		{"utm parameters are dropped", "https://shop.example/p/1?utm_source=x&utm_medium=y&UTM_Campaign=z", "https://shop.example/p/1"},
		{"spm, scm, from and ref are dropped", "https://item.tmall.example/item.htm?spm=a1.b2&scm=1.2&from=search&ref=home&id=42", "https://item.tmall.example/item.htm?id=42"},
		{"click ids are dropped", "https://shop.example/p?fbclid=abc&gclid=def&msclkid=g&sku=9", "https://shop.example/p?sku=9"},
		{"remaining parameters are sorted", "https://shop.example/p?z=1&a=2&m=3", "https://shop.example/p?a=2&m=3&z=1"},
		{"product parameters are kept", "https://shop.example/products/tote?variant=4301&skuId=7", "https://shop.example/products/tote?skuId=7&variant=4301"},
		{"scheme and host are lower-cased", "HTTPS://Shop.Example/P/One", "https://shop.example/P/One"},
		{"default ports are dropped", "https://shop.example:443/p http://shop.example:80/q", ""},
		{"an empty path becomes a slash", "https://shop.example", "https://shop.example/"},
		{"user info is dropped", "https://user:pw@shop.example/p", "https://shop.example/p"},
		{"a malformed query keeps what decodes", "https://shop.example/p?id=5&bad=%zz&utm_source=x", "https://shop.example/p?id=5"},
		{"an empty query mark is dropped", "https://shop.example/p?", "https://shop.example/p"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.want == "" {
				// Two URLs in one case: both must lose their default port.
				for _, s := range strings.Fields(tt.in) {
					u, err := url.Parse(s)
					if err != nil {
						t.Fatal(err)
					}
					if got := CanonicalURL(u); strings.Contains(got, ":443") || strings.Contains(got, ":80") {
						t.Errorf("CanonicalURL(%q) = %q, want no default port", s, got)
					}
				}
				return
			}
			u, err := url.Parse(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := CanonicalURL(u); got != tt.want {
				t.Errorf("CanonicalURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	t.Run("a nil URL gives the empty string", func(t *testing.T) {
		if got := CanonicalURL(nil); got != "" {
			t.Errorf("CanonicalURL(nil) = %q", got)
		}
	})
}

func TestSelectorsValidate(t *testing.T) {
	tests := []struct {
		name    string
		sel     Selectors
		wantErr string // substring; "" for no error
	}{
		{"no selectors are valid", Selectors{}, ""},
		{"plain CSS selectors are valid", Selectors{Item: ".card", Title: "h2 > a", Price: ".price .now"}, ""},
		{"a trailing @attr is valid", Selectors{URL: "a.name @href", Image: "img @data-src"}, ""},
		{"an @attr alone reads the item", Selectors{SKU: "@data-sku"}, ""},
		{"an attribute selector with @ in it is CSS", Selectors{URL: `a[href*="@"]`}, ""},
		{"an invalid selector names its field", Selectors{Price: ".price["}, `price: invalid selector ".price["`},
		{"an invalid list price selector names list_price", Selectors{ListPrice: "del::"}, "list_price: invalid selector"},
		{"a bare @ is invalid", Selectors{SKU: "span @"}, "sku: invalid selector"},
		{"an item selector cannot read an attribute", Selectors{Item: ".card @href"}, "item: invalid selector"},
		{"an invalid selector behind an @attr is reported", Selectors{Image: "img[ @src"}, "image: invalid selector"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.sel.Validate()
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("Validate() = %v, want nil", err)
			case tt.wantErr != "" && err == nil:
				t.Fatalf("Validate() = nil, want error containing %q", tt.wantErr)
			case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
				t.Fatalf("Validate() = %q, want it to contain %q", err, tt.wantErr)
			case err != nil && !errors.Is(err, ErrInvalidSelector):
				t.Fatalf("Validate() = %v, want it to wrap ErrInvalidSelector", err)
			}
		})
	}
}

func TestSplitSelector(t *testing.T) {
	tests := []struct{ in, css, attr string }{
		{"a.name @href", "a.name", "href"},
		{"@data-sku", "", "data-sku"},
		{" @data-sku", "", "data-sku"},
		{".price", ".price", ""},
		{`a[title="x @y"]`, `a[title="x @y"]`, ""},
	}
	for _, tt := range tests {
		t.Run("splitting "+tt.in, func(t *testing.T) {
			css, attr := splitSelector(tt.in)
			if css != tt.css || attr != tt.attr {
				t.Errorf("splitSelector(%q) = %q, %q; want %q, %q", tt.in, css, attr, tt.css, tt.attr)
			}
		})
	}
}

func TestRepairJSON(t *testing.T) {
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"trailing commas in objects and arrays are dropped", `{"a": [1, 2,], "b": {"c": 1,},}`, true},
		{"an HTML comment wrapper is dropped", "<!--\n{\"a\": 1}\n-->", true},
		{"a CDATA wrapper is dropped", "//<![CDATA[\n{\"a\": 1}\n//]]>", true},
		{"raw line breaks inside strings are escaped", "{\"a\": \"line one\nline two\"}", true},
		{"block and line comments are dropped", "{/* note */ \"a\": 1, // end\n \"b\": 2}", true},
		{"a JavaScript \\' escape is read", `{"a": "it\'s"}`, true},
		{"a comma inside a string is kept", `{"a": "x,}"}`, true},
		{"objects listed with commas but no brackets are read as a list", `{"a": 1}, {"b": 2}`, true},
		{"a missing colon is not repaired", `{"a" 1}`, false},
		{"template placeholders are not repaired", `{"price": {{ product.price }}}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vals, err := decodeJSONLD(tt.in)
			if tt.ok && (err != nil || len(vals) != 1) {
				t.Fatalf("decodeJSONLD(%q) = %v, %v; want one value (repaired: %q)", tt.in, vals, err, repairJSON(tt.in))
			}
			if !tt.ok && err == nil {
				t.Fatalf("decodeJSONLD(%q) = %v, want an error", tt.in, vals)
			}
		})
	}
	t.Run("a kept comma inside a string keeps its text", func(t *testing.T) {
		vals, err := decodeJSONLD(`{"a": "x,}",}`)
		if err != nil || vals[0].(map[string]any)["a"] != "x,}" {
			t.Fatalf("got %v, %v", vals, err)
		}
	})
}

func TestMinorUnits(t *testing.T) {
	tests := []struct {
		name string
		v    string
		unit int
		want pricing.Amount
		err  bool
	}{
		{"two decimals are cents", "1999", 2, pricing.MustAmount("19.99"), false},
		{"no decimals are whole units", "1800", 0, pricing.MustAmount("1800"), false},
		{"three decimals are kept exactly", "423923", 3, pricing.MustAmount("423.923"), false},
		{"four decimals are kept exactly", "371234", 4, pricing.MustAmount("37.1234"), false},
		{"an amount beyond 14 integer digits is an error", "9223372036854775807", 0, 0, true},
		{"a non-integer is an error", "19.99", 2, 0, true},
		{"an absurd minor unit is an error", "1", 9, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := minorUnits(tt.v, tt.unit)
			if (err != nil) != tt.err || got != tt.want {
				t.Errorf("minorUnits(%q, %d) = %v, %v; want %v, error %v", tt.v, tt.unit, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestExtractEdgeCases(t *testing.T) {
	u, _ := url.Parse("https://shop.example/p/1")
	t.Run("an unreadable document is the only returned error and names the URL", func(t *testing.T) {
		_, err := Extract(iotest.ErrReader(errors.New("connection reset")), u, Product, Rules{})
		if err == nil || !strings.Contains(err.Error(), "https://shop.example/p/1") {
			t.Fatalf("Extract() error = %v, want one naming the page", err)
		}
	})
	t.Run("an empty document gives no offers and no errors", func(t *testing.T) {
		p, err := Extract(strings.NewReader(""), u, Product, Rules{})
		if err != nil || len(p.Offers) != 0 || len(p.Errors) != 0 {
			t.Fatalf("Extract(\"\") = %+v, %v", p, err)
		}
	})
	t.Run("a nil page URL does not panic", func(t *testing.T) {
		_, err := Extract(strings.NewReader(`<h1>X</h1><a rel="next" href="/2">2</a>`), nil, Product, Rules{})
		if err != nil {
			t.Fatal(err)
		}
	})
	t.Run("an invalid configured selector is reported, not a panic", func(t *testing.T) {
		p, err := Extract(strings.NewReader(`<div class="c"><h2>A</h2></div>`), u, Listing,
			Rules{Mode: ModeSelectors, Listing: Selectors{Item: ".c", Title: "h2[", Price: ".p["}})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Errors) == 0 || !strings.Contains(p.Errors[0].Error(), "selectors.title: invalid selector") {
			t.Fatalf("Errors = %v, want the bad title selector named", p.Errors)
		}
	})
	t.Run("a product page in auto mode without any price signal has unknown availability", func(t *testing.T) {
		p, err := Extract(strings.NewReader(`<html><body><h1>Mystery item</h1><p>Call for price</p></body></html>`), u, Product, Rules{})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Offers) != 1 || p.Offers[0].Price != nil || p.Offers[0].Availability != pricing.AvailabilityUnknown {
			t.Fatalf("Offers = %+v, want one offer without price, availability unknown", p.Offers)
		}
	})
	t.Run("deeply nested JSON-LD does not exhaust the stack", func(t *testing.T) {
		deep := strings.Repeat(`{"@type":"Thing","x":`, 5000) + `1` + strings.Repeat("}", 5000)
		_, err := Extract(strings.NewReader(`<script type="application/ld+json">`+deep+`</script>`), u, Product, Rules{})
		if err != nil {
			t.Fatal(err)
		}
	})
	t.Run("two variants without SKU or own URL keep distinct keys", func(t *testing.T) {
		doc := `<script type="application/ld+json">{"@type":"ProductGroup","name":"Mug","hasVariant":[
			{"@type":"Product","color":"Red","offers":{"price":"9.00","priceCurrency":"USD"}},
			{"@type":"Product","color":"Blue","offers":{"price":"9.50","priceCurrency":"USD"}}]}</script>`
		p, err := Extract(strings.NewReader(doc), u, Product, Rules{})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Offers) != 2 || p.Offers[0].Key == p.Offers[1].Key {
			t.Fatalf("Offers = %+v, want two offers with distinct keys", p.Offers)
		}
		if p.Offers[1].Title != "Mug — Blue" {
			t.Errorf("title = %q, want %q", p.Offers[1].Title, "Mug — Blue")
		}
	})
}

func TestPlatformErrors(t *testing.T) {
	u, _ := url.Parse("https://shop.example/products.json")
	t.Run("Shopify JSON that does not decode is an error naming the URL", func(t *testing.T) {
		_, err := Shopify(strings.NewReader(`{"products": [`), u, Rules{Currency: "USD"})
		if err == nil || !strings.Contains(err.Error(), "products.json") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("Shopify without a configured currency reports it", func(t *testing.T) {
		p, err := Shopify(strings.NewReader(`{"products":[{"title":"A","handle":"a","variants":[{"id":1,"price":"1.00"}]}]}`), u, Rules{})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Errors) != 1 || !errors.Is(p.Errors[0], ErrNoCurrency) {
			t.Fatalf("Errors = %v, want ErrNoCurrency", p.Errors)
		}
	})
	t.Run("a bad Shopify price is reported and the variant kept without a price", func(t *testing.T) {
		p, err := Shopify(strings.NewReader(`{"products":[{"title":"A","handle":"a","variants":[{"id":1,"sku":"A1","price":"1,00"}]}]}`), u, Rules{Currency: "EUR"})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Offers) != 1 || p.Offers[0].Price != nil || len(p.Errors) != 1 || !strings.Contains(p.Errors[0].Error(), `product "A": price`) {
			t.Fatalf("Page = %+v", p)
		}
	})
	t.Run("a bad WooCommerce price is reported", func(t *testing.T) {
		p, err := WooCommerce(strings.NewReader(`[{"name":"B","sku":"B1","prices":{"price":"12.5","currency_code":"USD","currency_minor_unit":2}}]`), u, Rules{})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Offers) != 1 || len(p.Errors) != 1 || !strings.Contains(p.Errors[0].Error(), "prices.price") {
			t.Fatalf("Page = %+v", p)
		}
	})
	t.Run("WooCommerce JSON that is not a product list is an error", func(t *testing.T) {
		if _, err := WooCommerce(strings.NewReader(`{"code":"rest_no_route"}`), u, Rules{}); err == nil {
			t.Fatal("want an error")
		}
	})
	t.Run("a fixed category overrides the platform's", func(t *testing.T) {
		p, err := Shopify(strings.NewReader(`{"products":[{"title":"A","handle":"a","product_type":"Bags","variants":[{"id":1,"sku":"A1","price":"1.00"}]}]}`), u, Rules{Currency: "USD", Category: "Totes"})
		if err != nil || p.Offers[0].Category != "Totes" || p.Offers[0].Source["category"] != "config" {
			t.Fatalf("Page = %+v, %v", p, err)
		}
	})
}

func TestStructuredDataBounds(t *testing.T) {
	u, _ := url.Parse("https://shop.example/p")
	t.Run("an AggregateOffer that references itself does not multiply offers", func(t *testing.T) {
		refs := strings.TrimSuffix(strings.Repeat(`{"@id":"#agg"},`, 200), ",")
		doc := `<script type="application/ld+json">{"@graph":[
			{"@id":"#agg","@type":"AggregateOffer","lowPrice":"1.00","highPrice":"2.00","offers":[` + refs + `]},
			{"@type":"Product","name":"Loop","offers":[` + refs + `]}]}</script>`
		p, err := Extract(strings.NewReader(doc), u, Product, Rules{Currency: "USD"})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Offers) != 1 {
			t.Fatalf("got %d offers, want 1", len(p.Offers))
		}
	})
	t.Run("a ProductGroup listing itself as a variant does not recurse", func(t *testing.T) {
		doc := `<script type="application/ld+json">{"@graph":[{"@id":"#g","@type":"ProductGroup","name":"G",
			"hasVariant":[{"@id":"#g"},{"@id":"#g"}],"offers":{"price":"5.00","priceCurrency":"USD"}}]}</script>`
		p, err := Extract(strings.NewReader(doc), u, Product, Rules{})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Offers) > 2 {
			t.Fatalf("got %d offers, want at most 2", len(p.Offers))
		}
	})
}

func TestStandaloneOffer(t *testing.T) {
	u, _ := url.Parse("https://shop.example/p/9")
	doc := `<script type="application/ld+json">{"@context":"https://schema.org","@type":"Offer",
		"itemOffered":{"@type":"Product","name":"Desk Fan","sku":"DF-9","brand":"Breeze"},
		"price":"24.00","priceCurrency":"EUR","availability":"OutOfStock"}</script>`
	p, err := Extract(strings.NewReader(doc), u, Product, Rules{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Offers) != 1 {
		t.Fatalf("got %d offers, want 1", len(p.Offers))
	}
	o := p.Offers[0]
	if o.Title != "Desk Fan" || o.SKU != "DF-9" || o.Brand != "Breeze" || o.Price == nil || o.Price.String() != "24.00 EUR" || o.Availability != pricing.OutOfStock {
		t.Errorf("offer = %+v", o)
	}
}

func TestHeuristicOnGrids(t *testing.T) {
	u, _ := url.Parse("https://shop.example/c/phones")
	card := func(n int, price string) string {
		return `<li class="card"><a href="/p/` + string(rune('0'+n)) + `">Phone ` + string(rune('0'+n)) + `</a><span class="price">` + price + `</span></li>`
	}
	grid := `<ul class="grid">` + card(1, "$100.00") + card(2, "$200.00 <del>$250.00</del>") + card(3, "$300.00") + `</ul>`
	tests := []struct {
		name      string
		doc       string
		wantPrice string // "" for no offer
		wantError bool
	}{
		{
			name:      "three priced, linked cards under an h1 are a listing",
			doc:       `<h1>Phones</h1>` + grid,
			wantError: true,
		},
		{
			name:      "a grid whose cards each have an add-to-cart button is still a listing",
			doc:       `<h1>Phones</h1><ul>` + strings.Repeat(`<li class="card"><a href="/p/x">X</a><span class="price">$5.00</span><button>Add to cart</button></li>`, 3) + `</ul>`,
			wantError: true,
		},
		{
			name:      "two priced cards are not a grid: the price nearest the h1 is read as before",
			doc:       `<h1>Phones</h1><ul class="grid">` + card(1, "$100.00") + card(2, "$200.00") + `</ul>`,
			wantPrice: "100.00",
		},
		{
			name:      "the product's own price and buy button outside the cards make it a product page",
			doc:       `<h1>Phone 9</h1><span class="price">$900.00</span><button>Add to cart</button><h2>Related</h2>` + grid,
			wantPrice: "900.00",
		},
		{
			name:      "a strip of cards between the title and the price is left out, not read as the product's price",
			doc:       `<h1>Phone 9</h1><h2>Bought together</h2>` + grid + `<div><span class="price">$900.00</span><form><input name="qty" value="1"><button type="submit">Buy</button></form></div>`,
			wantPrice: "900.00",
		},
		{
			name:      "a header's buy link and linked price filters do not make a grid a product page",
			doc:       `<header><a class="buy-gift" href="/gift">Buy a gift card</a><span class="total">$0.00</span></header><ul class="filters"><li><a href="?max=50">Under $50</a></li></ul><h1>Phones</h1>` + grid,
			wantError: true,
		},
		{
			name:      "JSON-LD on a grid page still gives its product and no listing error",
			doc:       `<script type="application/ld+json">{"@type":"Product","name":"Phone 9","offers":{"price":"900.00","priceCurrency":"USD"}}</script><h1>Phones</h1>` + grid,
			wantPrice: "900.00",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Extract(strings.NewReader(tt.doc), u, Product, Rules{})
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.wantPrice == "" && len(p.Offers) != 0:
				t.Errorf("Offers = %+v, want none", p.Offers)
			case tt.wantPrice != "" && (len(p.Offers) != 1 || p.Offers[0].Price == nil || p.Offers[0].Price.Amount.String() != tt.wantPrice):
				t.Errorf("Offers = %+v, want one at %s", p.Offers, tt.wantPrice)
			case tt.wantPrice != "" && p.Offers[0].ListPrice != nil:
				t.Errorf("list price = %v, want none (the struck price is a card's)", p.Offers[0].ListPrice)
			}
			var listing []error
			for _, e := range p.Errors {
				if strings.Contains(e.Error(), "looks like a listing page") {
					listing = append(listing, e)
				}
			}
			if tt.wantError != (len(listing) == 1) || tt.wantError && !strings.HasPrefix(listing[0].Error(), u.String()+": looks like a listing page (3 product cards)") {
				t.Errorf("Errors = %v, want a listing error: %v", p.Errors, tt.wantError)
			}
			// Read as a listing the same page is not second-guessed.
			if l, err := Extract(strings.NewReader(tt.doc), u, Listing, Rules{}); err != nil || len(l.Errors) != 0 {
				t.Errorf("as a listing: Errors = %v, %v; want none", l.Errors, err)
			}
		})
	}
}
