package extract

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// extractProduct reads one product page for a shop in currency.
func extractProduct(t *testing.T, page, currency string) pricing.Offer {
	t.Helper()
	u, _ := url.Parse("https://shop.example/p/1")
	p, err := Extract(strings.NewReader(page), u, Product, Rules{Currency: currency})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Offers) == 0 {
		t.Fatal("no offer")
	}
	return p.Offers[0]
}

// buyBox is a product page without structured data: the title, the main
// price, then the extra line under test, then the buy button.
func buyBox(title, mainPrice, extra, button string) string {
	return `<html><body><main><h1>` + title + `</h1><div class="price-box"><div class="price">` + mainPrice +
		`</div></div>` + extra + `<button class="add-to-cart">` + button + `</button></main></body></html>`
}

// TestBuyBoxOtherAmounts: a bundle's, a net (without VAT), a coupon's or
// largest-benefit, and an add-on service's or warranty's price stand next
// to the buy button, nearer than the main price, in many languages and
// layouts; the main price is still the offer's.
func TestBuyBoxOtherAmounts(t *testing.T) {
	type tc struct{ lang, cur, main, want, extra string }
	cases := []tc{
		{"en bundle", "AUD", "$349", "349", `<div class="bundle"><h3>Bundle &amp; save</h3><p>Add a case and pay <strong>$379</strong> for both</p></div>`},
		{"en bundle line", "USD", "$99.00", "99", `<p>Frequently bought together: <b>$129.00</b></p>`},
		{"de bundle", "EUR", "99,00 €", "99", `<p>Im Set mit Ladegerät <strong>119,00 €</strong></p>`},
		{"pl bundle", "PLN", "199 zł", "199", `<p>Kup razem z etui <strong>229 zł</strong></p>`},
		{"cs net", "CZK", "18 990 Kč", "18990", `<div class="price-novat">15 694 Kč bez DPH</div>`},
		{"en net", "GBP", "£120.00", "120", `<div>£100.00 ex VAT</div>`},
		{"fr net", "EUR", "120,00 €", "120", `<div>100,00 € HT</div>`},
		{"de net", "EUR", "119,00 €", "119", `<div><span>100,00 €</span> zzgl. MwSt.</div>`},
		{"ro net", "RON", "119 Lei", "119", `<div>100 Lei fără TVA</div>`},
		{"el net", "EUR", "124,00 €", "124", `<div>100,00 € χωρίς ΦΠΑ</div>`},
		{"hu net", "HUF", "12 700 Ft", "12700", `<div>10 000 Ft áfa nélkül</div>`},
		{"tr net", "TRY", "1.200 TL", "1200", `<div>1.000 TL KDV hariç</div>`},
		{"ja net", "JPY", "￥39,800", "39800", `<p class="taxex">税抜 ￥36,182</p>`},
		{"ko coupon", "KRW", "129,000원", "129000", `<div class="max_price">최대할인가 <strong>116,100원</strong> <span>(쿠폰 적용 시)</span></div>`},
		{"en coupon", "USD", "$59.99", "59.99", `<div>With coupon <strong>$49.99</strong></div>`},
		{"es coupon", "EUR", "59,99 €", "59.99", `<div>Con cupón <strong>49,99 €</strong></div>`},
		{"vi coupon", "VND", "1.290.000₫", "1290000", `<div>Áp mã giảm giá <strong>1.190.000₫</strong></div>`},
		{"pt warranty", "BRL", "R$ 2.199,90", "2199.9", `<div class="garantia"><label><input type="radio"> Garantia Estendida 12 meses <span>R$ 279,90</span></label></div>`},
		{"de service", "EUR", "1.299,00 €", "1299", `<div class="services"><label><input type="checkbox"> Wandmontage durch Techniker <span>149,00 €</span></label><label><input type="checkbox"> Garantieverlängerung 3 Jahre <span>99,99 €</span></label></div>`},
		{"el warranty", "EUR", "549,00 €", "549", `<div class="upsell"><label><input type="checkbox"> Επέκταση εγγύησης 2 έτη <span>59,00 €</span></label></div>`},
		{"fr insurance", "EUR", "799,00 €", "799", `<p>Assurance casse et vol 2 ans <b>89,00 €</b></p>`},
		{"it warranty", "EUR", "329,90 €", "329.9", `<p>Estensione di garanzia 3 anni <b>39,90 €</b></p>`},
		{"cs warranty", "CZK", "18 990 Kč", "18990", `<p>Prodloužená záruka na 5 let <span>2 490 Kč</span></p>`},
		{"en applecare", "USD", "$999.00", "999", `<p>AppleCare+ for 2 years <b>$149.00</b></p>`},
		{"pl instalments", "PLN", "3 799 zł", "3799", `<p>Raty już od <b>126,63 zł</b></p>`},
		{"en afterpay", "AUD", "$349", "349", `<div class="afterpay">or 4 interest-free payments of <b>$87.25</b></div>`},
	}
	for _, c := range cases {
		t.Run(c.lang, func(t *testing.T) {
			o := extractProduct(t, buyBox("Example product X200", c.main, c.extra, "Add to cart"), c.cur)
			if o.Price == nil || o.Price.Amount != pricing.MustAmount(c.want) {
				t.Errorf("price %v, want %s", o.Price, c.want)
			}
		})
	}
}

// TestBuyBoxFreeServiceKeepsPrice: a line naming a free service beside the
// only price is not an add-on's price.
func TestBuyBoxFreeServiceKeepsPrice(t *testing.T) {
	o := extractProduct(t, `<html><body><h1>Washer W9</h1><p>Free installation service <b>$649.00</b></p><button>Add to cart</button></body></html>`, "USD")
	if o.Price == nil || o.Price.Amount != pricing.MustAmount("649") {
		t.Errorf("price %v, want 649", o.Price)
	}
}

// TestTitleModelCodeIsNoPrice: a model code in the title that reads like a
// currency and an amount ("BHD308", "RS 100") is not taken for the price.
func TestTitleModelCodeIsNoPrice(t *testing.T) {
	for _, title := range []string{"Philips BHD308/10 Hair Dryer", "Sony KD-55 RS 100", "Bosch GSR 12V-15 EUR 5 Set", "Canon RF 24-105 mm CHF2"} {
		o := extractProduct(t, buyBox(title, `<del>1.299,00 TL</del> <span class="prc-last">1.099,00 TL</span>`, "", "Sepete Ekle"), "TRY")
		if o.Price == nil || o.Price.Amount != pricing.MustAmount("1099") || o.Price.Currency != "TRY" {
			t.Errorf("%s: price %v, want 1099 TRY", title, o.Price)
		}
	}
}

func jsonLDPage(offers, body string) string {
	return `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Widget","sku":"W1","offers":` +
		offers + `}</script></head><body><h1>Widget</h1>` + body + `</body></html>`
}

// TestStructuredPriceAgainstBuyBox: where the structured price is one the
// buy box shows only struck, as the regular price or without VAT, or is a
// range's low end with the buy box inside the range, the buy box's price
// is the offer's; where the structured price is shown (or no price is
// shown at all: a page rendered by script), it stays, whatever other
// prices the page shows.
func TestStructuredPriceAgainstBuyBox(t *testing.T) {
	one := func(p, cur string) string {
		return fmt.Sprintf(`{"@type":"Offer","price":"%s","priceCurrency":"%s","availability":"https://schema.org/InStock"}`, p, cur)
	}
	agg := func(lo, hi, cur string) string {
		return fmt.Sprintf(`{"@type":"AggregateOffer","lowPrice":"%s","highPrice":"%s","priceCurrency":"%s"}`, lo, hi, cur)
	}
	cart := `<button class="add-to-cart">Add to cart</button>`
	cases := []struct {
		name, cur, offers, body, want string
	}{
		{"de UVP shown struck", "EUR", one("1499.00", "EUR"), `<div class="strike-price">statt <span class="uvp">UVP 1.499,00 €</span></div><div class="sales-price">1.299,00 €</div>` + cart, "1299"},
		{"tr stale price struck", "TRY", one("1299.00", "TRY"), `<div><del>1.299,00 TL</del> <span class="prc-last">1.099,00 TL</span></div>` + cart, "1099"},
		{"in MRP label", "INR", one("9999", "INR"), `<div><span class="price">₹5,999</span> <span class="mrp">MRP <s>₹9,999</s></span></div>` + cart, "5999"},
		{"jp tax excluded", "JPY", one("36182", "JPY"), `<p><span class="productPrice">￥39,800</span>（税込）</p><p class="taxex">税抜 ￥36,182</p>` + cart, "39800"},
		{"cz net", "CZK", one("15694", "CZK"), `<div class="price">18 990 Kč</div><div>15 694 Kč bez DPH</div>` + cart, "18990"},
		{"sg range, selected variant", "SGD", agg("15.90", "29.90", "SGD"), `<div class="orig"><s>$25.90</s></div><div class="current">$19.90</div>` + cart, "19.90"},
		{"za range, buy box", "ZAR", agg("1899", "2299", "ZAR"), `<div class="buybox__price">R 1,999</div>` + cart, "1999"},
		// The negatives: JSON-LD is right.
		{"struck regular beside the structured price", "USD", one("79.99", "USD"), `<div><s>$99.99</s> <span class="price">$79.99</span></div>` + cart, "79.99"},
		{"carousel prices", "USD", one("79.99", "USD"), `<div class="price">$79.99</div>` + cart + `<section class="related"><h2>You may also like</h2><ul><li><a href="/p/2">B</a> <s>$59.99</s> $49.99</li><li><a href="/p/3">C</a> $29.99</li><li><a href="/p/4">D</a> $39.99</li></ul></section>`, "79.99"},
		{"instalment nearer the cart", "USD", one("600.00", "USD"), `<div class="price">$600.00</div><div class="klarna">4 payments of $150.00</div>` + cart, "600"},
		{"card price shown lower", "CLP", one("24990", "CLP"), `<div class="price-internet">$24.990</div><div class="price-card">Tarjeta $21.990</div>` + cart, "24990"},
		{"script-rendered price", "EUR", one("49.90", "EUR"), `<div id="price" data-bind="price"></div>` + cart, "49.90"},
		{"visible price outside the range", "SGD", agg("15.90", "29.90", "SGD"), `<div class="current">$9.90</div>` + cart, "15.90"},
		{"net price not shown as such", "EUR", one("100.00", "EUR"), `<div class="price">119,00 €</div>` + cart, "100"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := extractProduct(t, jsonLDPage(c.offers, c.body), c.cur)
			if o.Price == nil || o.Price.Amount != pricing.MustAmount(c.want) {
				t.Errorf("price %v, want %s", o.Price, c.want)
			}
		})
	}
}

// TestMetaPriceAgainstBuyBox: og product:price:amount that the page shows
// struck beside a lower price is the regular price; one the page shows as
// the price stays.
func TestMetaPriceAgainstBuyBox(t *testing.T) {
	page := func(meta, body string) string {
		return `<html><head><meta property="og:type" content="product"><meta property="og:title" content="Widget"><meta property="product:price:amount" content="` +
			meta + `"><meta property="product:price:currency" content="CAD"></head><body><h1>Widget</h1>` + body + `<button>Ajouter au panier</button></body></html>`
	}
	for _, c := range []struct{ meta, body, want, list string }{
		{"129.99", `<div><s>129,99 $</s> <span class="price">99,99 $</span></div>`, "99.99", "129.99"},
		{"99.99", `<div><s>129,99 $</s> <span class="price">99,99 $</span></div>`, "99.99", "129.99"},
		{"189000", `<div class="price">175 000 $</div>`, "189000", ""},
	} {
		o := extractProduct(t, page(c.meta, c.body), "CAD")
		if o.Price == nil || o.Price.Amount != pricing.MustAmount(c.want) {
			t.Errorf("meta %s: price %v, want %s", c.meta, o.Price, c.want)
		}
		if c.list != "" && (o.ListPrice == nil || o.ListPrice.Amount != pricing.MustAmount(c.list)) {
			t.Errorf("meta %s: list price %v, want %s", c.meta, o.ListPrice, c.list)
		}
	}
}

// TestStockPhrasesMoreLanguages holds the stock words of more languages,
// with their negations read first.
func TestStockPhrasesMoreLanguages(t *testing.T) {
	for text, want := range map[string]pricing.Availability{
		"Skladem > 5 ks": pricing.InStock, "Na skladě": pricing.InStock, "Není skladem": pricing.OutOfStock, "Vyprodáno": pricing.OutOfStock,
		"Na sklade": pricing.InStock, "Vypredané": pricing.OutOfStock, "Nie je na sklade": pricing.OutOfStock,
		"În stoc": pricing.InStock, "Stoc epuizat": pricing.OutOfStock, "Nu este în stoc": pricing.OutOfStock, "Indisponibil": pricing.OutOfStock,
		"Άμεσα διαθέσιμο": pricing.InStock, "Εξαντλημένο": pricing.OutOfStock, "Μη διαθέσιμο": pricing.OutOfStock,
		"Raktáron": pricing.InStock, "Elfogyott": pricing.OutOfStock, "Nincs raktáron": pricing.OutOfStock,
		"Наличен": pricing.InStock, "Изчерпан": pricing.OutOfStock, "Не е наличен": pricing.OutOfStock,
		"Brak na stanie": pricing.OutOfStock, "Fora de estoque": pricing.OutOfStock, "Stok kosong": pricing.OutOfStock,
		"Nu op voorraad": pricing.InStock, "Do košíku": pricing.InStock, "Adaugă în Coș": pricing.InStock,
		"Προσθήκη στο καλάθι": pricing.InStock, "Kosárba teszem": pricing.InStock, "Добави в количката": pricing.InStock,
	} {
		if got := NormalizeAvailability(text, nil); got != want {
			t.Errorf("%q: %s, want %s", text, got, want)
		}
	}
}
