package extract

import (
	"net/url"
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/pricing"
	"golang.org/x/net/html"
)

// visiblePrice runs the visible-page reading on a small page.
func visiblePrice(t *testing.T, page, currency string) pricing.Offer {
	t.Helper()
	root, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse("https://shop.example/item")
	o, _ := heuristicOffer(root, u, Rules{Currency: currency})
	return o
}

func TestVisiblePriceAsAPersonReadsIt(t *testing.T) {
	tests := []struct {
		name, page, currency string
		price, list          string // "" for none
		min, max             string
	}{
		{
			name:  "a price split into symbol, whole and fraction is read from its screen-reader copy",
			page:  `<h1>X</h1><span class="a-price"><span class="a-offscreen">$12.99</span><span aria-hidden="true"><span>$</span><span class="a-price-whole">12<span>.</span></span><span class="a-price-fraction">99</span></span></span><button>Add to Cart</button>`,
			price: "12.99",
		},
		{
			name:  "cents in a superscript get their decimal point back",
			page:  `<h1>X</h1><span class="price">$<span>12</span><sup>99</sup></span><button>Add to cart</button>`,
			price: "12.99",
		},
		{
			name:     "cents after a dot-grouped whole part take a comma",
			page:     `<h1>X</h1><span class="money-amount"><span>$</span><span>64.799</span><span class="cents">99</span></span>`,
			currency: "ARS", price: "64799.99",
		},
		{
			name:     "a content attribute holds the exact amount",
			page:     `<h1>X</h1><span class="price" content="1299.50">1.299,<sup>50</sup> €</span>`,
			currency: "EUR", price: "1299.50",
		},
		{
			name:  "a class struck through by the page's own stylesheet is the list price",
			page:  `<style>._a1{text-decoration:line-through}</style><h1>X</h1><div class="_a1">₹3,990</div><div class="_b2">₹1,499</div>`,
			price: "1499", list: "3990", currency: "INR",
		},
		{
			name:  "the largest price beats a nearer small one",
			page:  `<h1>X</h1><div>Bundle <span>$5.00</span></div><div><span style="font-size:32px">$49.00</span></div>`,
			price: "49.00",
		},
		{
			name:  "a unit price is not the offer's",
			page:  `<h1>X</h1><span class="unit">$0.52 / oz</span><span class="now">$24.99</span>`,
			price: "24.99",
		},
		{
			name:  "an instalment is not the offer's",
			page:  `<h1>X</h1><p>4 x $12.50</p><p>or $41.58/mo</p><p class="price">$49.99</p>`,
			price: "49.99",
		},
		{
			name:     "instalments in Chinese, Spanish and Portuguese are not the offer's",
			page:     `<h1>X</h1><span>￥583.25×12期</span><span>6 cuotas de $ 108</span><span>10x de R$ 239,90</span><span class="p-price">￥6999.00</span>`,
			currency: "CNY", price: "6999.00",
		},
		{
			name:  "a subscriber's price and the shipping are not the offer's",
			page:  `<h1>X</h1><div id="sns"><span>Subscribe &amp; Save:</span> <span>$23.74</span></div><div class="shipping">$4.99 shipping</div><div>One-time purchase: <span class="price">$24.99</span></div>`,
			price: "24.99",
		},
		{
			name:     "a coupon price in Korean is not the offer's, a 券后 price is",
			page:     `<h1>X</h1><strong class="price_real">129,000원</strong><span>쿠폰적용가</span> <span>119,970원</span>`,
			currency: "KRW", price: "129000",
		},
		{
			name:     "a price after a coupon in the Chinese shops' wording is recorded as the price",
			page:     `<h1>X</h1><span class="tm-price">¥59.90</span><div><span>券后</span><span class="coupon-price">¥49.90</span></div>`,
			currency: "CNY", price: "49.90",
		},
		{
			name:  "a carousel under a recommending heading is passed over even when nearer the buy button",
			page:  `<h1>X</h1><p class="price">$80.00</p><section><h2>Customers also bought</h2><div><span>$9.99</span></div></section><button>Add to cart</button>`,
			price: "80.00",
		},
		{
			name:  "a price inside a link is another page's",
			page:  `<h1>X</h1><a href="/other"><span>$5.00</span></a><div><span>$30.00</span></div>`,
			price: "30.00",
		},
		{
			name:  "a variant range gives min and max",
			page:  `<h1>X</h1><span class="price">$19.99 - $29.99</span>`,
			price: "19.99", min: "19.99", max: "29.99",
		},
		{
			name:     "one row of a price table is one variant's; the summary above is the product's",
			page:     `<h1>X</h1><div>Tickets <span class="range">€39.00 – €129.00</span></div><table><tr><td>Cat 1</td><td>€129.00</td></tr><tr><td>Cat 2</td><td>€39.00</td></tr></table><button>Buy tickets</button>`,
			currency: "EUR", price: "39.00", min: "39.00", max: "129.00",
		},
		{
			name:     "two prices side by side with a discount percentage: the larger is the old one",
			page:     `<h1>X</h1><div><div class="a1">$299 - $399</div><div class="b2">$590 - $690</div><div>49%折扣</div></div><button>加入購物車</button>`,
			currency: "TWD", price: "299", list: "590", min: "299", max: "399",
		},
		{
			name:  "a product code with a letter that is a currency sign elsewhere is no price",
			page:  `<h1>X</h1><span class="now">$25.00</span><button>Add to cart</button><dl><dt>Material</dt><dd>Obermaterial Leder AD115O0R1-Q11</dd></dl>`,
			price: "25.00",
		},
		{
			name:     "a price block with its tax and shipping words is read at its price",
			page:     `<h1>X</h1><div class="price-area"><span class="price2">3,980円</span> <span>税込</span> <span>送料別</span></div>`,
			currency: "JPY", price: "3980",
		},
		{
			name:     "German: UVP and statt are list prices, the monthly rate is not the price",
			page:     `<h1>X</h1><span>UVP</span> <span>1.499,00 €</span><span class="sc-price">1.299,–</span><sup>€</sup><span>Finanzierung ab 54,13 € mtl.</span>`,
			currency: "EUR", price: "1299", list: "1499",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := visiblePrice(t, tt.page, tt.currency)
			check := func(field string, m *pricing.Money, want string) {
				t.Helper()
				switch {
				case want == "" && m != nil:
					t.Errorf("%s %s, want none", field, m.Amount)
				case want != "" && (m == nil || m.Amount != pricing.MustAmount(want)):
					t.Errorf("%s %v, want %s", field, m, want)
				}
			}
			check("price", o.Price, tt.price)
			check("list price", o.ListPrice, tt.list)
			check("min price", o.MinPrice, tt.min)
			check("max price", o.MaxPrice, tt.max)
		})
	}
}

func TestPageAvailability(t *testing.T) {
	tests := []struct {
		name, page string
		want       pricing.Availability
	}{
		{"an enabled buy button next to a price", `<h1>X</h1><span class="price">$5.00</span><button>Add to cart</button>`, pricing.InStock},
		{"a disabled buy button", `<h1>X</h1><span class="price">$5.00</span><button disabled>Add to cart</button>`, pricing.OutOfStock},
		{"a notify-me control", `<h1>X</h1><span class="price">$5.00</span><button>Notify me when available</button>`, pricing.OutOfStock},
		{"no way to buy and no stock word", `<h1>X</h1><span class="price">180 € VB</span><a href="#reply">Nachricht schreiben</a>`, pricing.AvailabilityUnknown},
		{"a buy button without any price", `<h1>X</h1><button>Add to cart</button>`, pricing.AvailabilityUnknown},
		{"in stock only inside a recommendation", `<h1>X</h1><div class="similar-items"><span>In Stock</span></div>`, pricing.AvailabilityUnknown},
		{"a sold-out size among sizes that are not", `<h1>X</h1><span class="price">$5.00</span><div class="sizes"><button disabled>S sold out</button><button>M</button></div><button class="add-to-cart">Add to cart</button>`, pricing.InStock},
		{"a sold-out ticket category among others", `<h1>X</h1><span class="price">€39.00</span><table><tr><td>Cat 1</td><td>Sold out</td></tr><tr><td>Cat 2</td><td>€39.00</td></tr></table><button>Buy tickets</button>`, pricing.InStock},
		{"a badge wins over the button", `<h1>X</h1><span class="price">$5.00</span><div class="stock">Currently unavailable.</div><button>Add to cart</button>`, pricing.OutOfStock},
		{"the first stock line is the product's online stock", `<h1>X</h1><span class="price">5 €</span><div><span>Online verfügbar</span></div><div><span>Abholung im Markt: derzeit nicht verfügbar</span></div>`, pricing.InStock},
		{"a pre-order badge", `<h1>X</h1><span class="price">$5.00</span><div class="availability">Pre-order now</div><button>Add to cart</button>`, pricing.PreOrder},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := visiblePrice(t, tt.page, "USD").Availability; got != tt.want && !(got == "" && tt.want == pricing.AvailabilityUnknown) {
				t.Errorf("availability %q, want %q", got, tt.want)
			}
		})
	}
}

func TestStockWordsInManyLanguages(t *testing.T) {
	tests := []struct {
		text string
		want pricing.Availability
	}{
		{"In stock", pricing.InStock}, {"Only 3 left in stock - order soon.", pricing.InStock}, {"More than 10 available", pricing.InStock},
		{"Currently unavailable.", pricing.OutOfStock}, {"http://schema.org/OutOfStock", pricing.OutOfStock}, {"instock", pricing.InStock},
		{"有货", pricing.InStock}, {"无货", pricing.OutOfStock}, {"現貨", pricing.InStock}, {"售完，補貨中！", pricing.OutOfStock},
		{"在庫あり", pricing.InStock}, {"在庫残少 ご注文はお早めに", pricing.InStock}, {"売り切れ", pricing.OutOfStock},
		{"재고 있음", pricing.InStock}, {"일시품절", pricing.OutOfStock},
		{"Auf Lager", pricing.InStock}, {"Derzeit nicht verfügbar.", pricing.OutOfStock}, {"lieferbar - in 2-3 Werktagen", pricing.InStock},
		{"En stock", pricing.InStock}, {"Rupture de stock", pricing.OutOfStock},
		{"Stock disponible", pricing.InStock}, {"Agotado", pricing.OutOfStock},
		{"Dostępny", pricing.InStock}, {"Produkt chwilowo niedostępny", pricing.OutOfStock},
		{"Em estoque", pricing.InStock}, {"Esgotado", pricing.OutOfStock},
		{"Disponibile online", pricing.InStock}, {"Esaurito", pricing.OutOfStock},
		{"Op voorraad", pricing.InStock}, {"Uitverkocht", pricing.OutOfStock},
		{"Stokta", pricing.InStock}, {"Tükendi", pricing.OutOfStock},
		{"В наличии", pricing.InStock}, {"Нет в наличии", pricing.OutOfStock},
		{"Còn hàng", pricing.InStock}, {"Hết hàng", pricing.OutOfStock},
		{"มีสินค้า", pricing.InStock}, {"สินค้าหมด", pricing.OutOfStock},
		{"Tersedia", pricing.InStock}, {"Stok Habis", pricing.OutOfStock},
		{"متوفر في المخزون", pricing.InStock}, {"غير متوفر", pricing.OutOfStock},
		{"במלאי", pricing.InStock}, {"אזל מהמלאי", pricing.OutOfStock},
		{"Add to cart", pricing.AvailabilityUnknown}, {"Free shipping", pricing.AvailabilityUnknown},
	}
	for _, tt := range tests {
		if got := stockWord(tt.text, nil); got != tt.want {
			t.Errorf("stockWord(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
