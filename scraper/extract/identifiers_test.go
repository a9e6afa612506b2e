package extract

import (
	"net/url"
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/pricing"
	"golang.org/x/net/html"
)

func TestURLID(t *testing.T) {
	tests := []struct {
		name, url, sku, variant string
	}{
		{"an ASIN after /dp/", "https://www.amazon.example/Some-Title/dp/B0C1XYZ123/ref=sr_1_3", "B0C1XYZ123", ""},
		{"an ASIN after /gp/product/", "https://www.amazon.example/gp/product/B00ABCDEFG", "B00ABCDEFG", ""},
		{"an eBay item number", "https://www.ebay.example/itm/256123456789", "256123456789", ""},
		{"an eBay item number after a slug", "https://www.ebay.example/itm/garmin-watch/256123456789", "256123456789", ""},
		{"a JD item page", "https://item.jd.example/100066896338.html", "100066896338", ""},
		{"a Tmall id in the query", "https://detail.tmall.example/item.htm?id=712345678901", "712345678901", ""},
		{"a product number", "https://shop.example/product/1234567", "1234567", ""},
		{"a deal number", "https://deals.example/deal/889977", "889977", ""},
		{"a -p<number>.html page", "https://tiki.example/noi-chien-p58312345.html", "58312345", ""},
		{"a /p/ id with digits", "https://www.flipkart.example/boat/p/itm6ac6485515ae4?pid=ACCEQ6G6ZHTN5GHS", "itm6ac6485515ae4", ""},
		{"a Target TCIN", "https://www.target.example/p/basket/-/A-87654321", "87654321", ""},
		{"a Mercado Libre publication", "https://articulo.mercadolibre.example.ar/MLA-1398765432-auriculares-_JM", "MLA1398765432", ""},
		{"a Lazada item and its SKU", "https://www.lazada.example/products/fan-i4123456789-s12345678901.html", "4123456789", "12345678901"},
		{"a Coupang product and its item", "https://www.coupang.example/vp/products/7123456789?itemId=17612345678", "7123456789", "17612345678"},
		{"an id at the end of a slug", "https://www.ozon.example/product/robot-pylesos-567891234/", "567891234", ""},
		{"a MediaMarkt id before .html", "https://www.mediamarkt.example/de/product/_samsung-gq55-2839123.html", "2839123", ""},
		{"a Momo i_code", "https://www.momoshop.example.tw/goods/GoodsDetail.jsp?i_code=8123456", "8123456", ""},
		{"a Gmarket goodscode", "https://item.gmarket.example/Item?goodscode=2512345678", "2512345678", ""},
		{"a slug without an id names nothing", "https://casalinen.example/p/linen-pillow-sage", "", ""},
		{"a Shopee shop and item id", "https://shopee.example.tw/tee-i.31415926.2718281828", "2718281828", ""},
		{"a short number is not an id", "https://northshore.example/product/trailhead-20/", "", ""},
		{"a category path names nothing", "https://shop.example/c/phones?page=2", "", ""},
		{"an article number at the end of a /p/ slug", "https://www.ikea.example/de/de/p/kallax-regal-weiss-40275814/", "40275814", ""},
		{"a listing number before its slug", "https://www.etsy.example/listing/1234567890/handmade-linen-apron", "1234567890", ""},
		{"a /pd/ item number", "https://www.lowes.example/pd/DEWALT-20V-Drill/1000123456", "1000123456", ""},
		{"a code after -p-", "https://www.hepsiburada.example/arzum-okka-p-HBV00000ABC12", "HBV00000ABC12", ""},
		{"a one-digit /p/ is a page, not a product", "https://shop.example/p/1", "", ""},
		{"a ticket shop's hexadecimal event id", "https://www.tickets.example/die-sterne-tickets/event/0B005F1A2B3C4D5E", "0B005F1A2B3C4D5E", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := url.Parse(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			sku, variant := urlID(u)
			if sku != tt.sku || variant != tt.variant {
				t.Errorf("urlID(%s) = %q, %q; want %q, %q", tt.url, sku, variant, tt.sku, tt.variant)
			}
		})
	}
}

func TestClassifyLabel(t *testing.T) {
	tests := []struct {
		label string
		want  idKind
	}{
		{"SKU:", idSKU}, {"Item #", idSKU}, {"Art.-Nr.", idSKU}, {"Artikelnummer", idSKU}, {"Código", idSKU},
		{"Réf.", idSKU}, {"商品编号", idSKU}, {"货号", idSKU}, {"品番", idSKU}, {"상품번호", idSKU},
		{"Numer katalogowy", idSKU}, {"Código do produto", idSKU}, {"eBay item number:", idSKU},
		{"Walmart Item #", idSKU}, {"쿠팡상품번호", idSKU}, {"Kod x-kom", idSKU}, {"Ürün Kodu", idSKU},
		{"Артикул", idSKU}, {"מק\"ט", idSKU}, {"ASIN \u200f : \u200e", idSKU}, {"Item Number (DPCI)", idSKU},
		{"Item model number", idMPN}, {"型号", idMPN}, {"Modellnummer", idMPN}, {"Manufacturer Part Number", idMPN},
		{"EAN", idGTIN}, {"UPC:", idGTIN}, {"JANコード", idGTIN}, {"바코드", idGTIN}, {"Código de barras", idGTIN},
		{"Marke", idBrand}, {"品牌", idBrand},
		{"Colour", idNone}, {"Prix de référence de ce produit chez nous", idNone}, {"Weight", idNone}, {"", idNone},
		// A word after a label that is not a qualifier names something else.
		{"Item Weight", idNone}, {"Item package quantity", idNone}, {"Código postal", idNone}, {"Style name", idNone},
		{"Model year", idNone}, {"Kod pocztowy", idNone}, {"SKU del vendedor", idSKU},
		// A barcode word names a barcode; a maker's word a part number.
		{"Código EAN", idGTIN}, {"EAN-Code", idGTIN}, {"Tillverkarens art.nr", idMPN}, {"Cod. produttore", idMPN},
		{"Hersteller-Artikelnummer", idMPN},
		{"Kód", idSKU}, {"Cikkszám", idSKU}, {"Κωδικός", idSKU}, {"Cod produs", idSKU},
		{"Número de modelo del producto", idMPN}, {"商品モデル番号", idMPN}, {"Référence du fabricant", idMPN},
		{"Post ID", idSKU}, {"ID ogłoszenia", idSKU}, {"Номер объявления", idSKU}, {"İlan No", idSKU},
		{"Bestell-Nr.", idSKU}, {"Mfr Part #", idMPN}, {"Réf. fabricant", idMPN}, {"Код товару", idSKU}, {"SKU编码", idSKU},
		{"Producent", idBrand}, {"Merek", idBrand}, {"ยี่ห้อ", idBrand}, {"Varumärke", idBrand}, {"יצרן", idBrand},
	}
	for _, tt := range tests {
		if got := classifyLabel(tt.label); got != tt.want {
			t.Errorf("classifyLabel(%q) = %d, want %d", tt.label, got, tt.want)
		}
	}
}

func TestClassifyShopLabel(t *testing.T) {
	for _, tt := range []struct {
		label, url string
		want       idKind
	}{
		{"Réf. Fnac", "https://www.fnac.example/a17265473/airpods", idSKU},
		{"Kod Allegro", "https://allegro.example/oferta/x-13912345678", idSKU},
		{"Réf. Fnac", "https://www.darty.example/nav/x", idNone},
		{"Item Weight", "https://www.otto.example/p/x", idNone},
	} {
		u, _ := url.Parse(tt.url)
		if got := classifyShopLabel(tt.label, shopNames(u)); got != tt.want {
			t.Errorf("classifyShopLabel(%q) on %s = %d, want %d", tt.label, tt.url, got, tt.want)
		}
	}
}

func TestReadIDs(t *testing.T) {
	tests := []struct {
		name, page, url string
		want            pageIDs
	}{
		{
			name: "a table row labels the ASIN and the model number; the canonical URL agrees",
			page: `<link rel="canonical" href="/dp/B0C1XYZ123"><table><tr><th>Item model number</th><td>HX-2210</td></tr><tr><th>ASIN</th><td>B0C1XYZ123</td></tr></table>`,
			url:  "https://a.example/x", want: pageIDs{sku: "B0C1XYZ123", skuSrc: srcHeuristic, mpn: "HX-2210"},
		},
		{
			name: "a line with several labels is split at its bars",
			page: `<p>Art.-Nr. 2839123 | Modell-Nr. GQ55QN90CATXZG</p><div>EAN: 8801234567893</div>`,
			url:  "https://m.example/p", want: pageIDs{sku: "2839123", skuSrc: srcHeuristic, mpn: "GQ55QN90CATXZG", gtin: "8801234567893"},
		},
		{
			name: "a label span then its value span",
			page: `<div><span>eBay item number:</span><span>256123456789</span></div>`,
			url:  "https://e.example/x", want: pageIDs{sku: "256123456789", skuSrc: srcHeuristic},
		},
		{
			name: "a product code with its variant after a dash",
			page: `<ul><li>쿠팡상품번호: 7123456789 - 17612345678</li><li>바코드: 8801234567893</li></ul>`,
			url:  "https://c.example/x", want: pageIDs{sku: "7123456789", skuSrc: srcHeuristic, variant: "17612345678", gtin: "8801234567893"},
		},
		{
			name: "size buttons carry variant codes: the chosen one is the variant, the style code the SKU",
			page: `<div class="size-list"><button data-sku="AB12-38" disabled>38</button><button class="selected" data-sku="AB12-40">40</button></div><table><tr><td>Artikelnummer</td><td>AB12</td></tr></table>`,
			url:  "https://o.example/p/x", want: pageIDs{sku: "AB12", skuSrc: srcHeuristic, variant: "AB12-40"},
		},
		{
			name: "a label wrapped alone in spans takes the value of the cell after its wrappers",
			page: `<table><tr><th><span><span>Артикул</span></span></th><td><span>148923451</span></td></tr></table><div class="l"><div><span>EAN</span></div></div><div class="v"><span>4006381333931</span></div>`,
			url:  "https://w.example/x", want: pageIDs{sku: "148923451", skuSrc: srcHeuristic, gtin: "4006381333931"},
		},
		{
			name: "an Amazon-style weight or quantity row is not the item's code",
			page: `<table><tr><th>Item Weight</th><td>1.2 Kilograms</td></tr><tr><th>Item package quantity</th><td>1</td></tr></table>`,
			url:  "https://a.example/x", want: pageIDs{},
		},
		{
			name: "a card linking to another product carries that product's code, not this one's",
			page: `<div class="card-item" data-product-id="112233"><a href="/filter-x/pd/DQ1/">Filter</a></div><h1>Espresso machine</h1>`,
			url:  "https://e.example/espresso/pd/DLRF4ZBBM/", want: pageIDs{sku: "DLRF4ZBBM", skuSrc: srcURL},
		},
		{
			name: "a model number names the product when neither a shop code nor the URL does",
			page: `<h1>Phone</h1><table><tr><td>رقم الموديل</td><td>SM-A546E</td></tr></table>`,
			url:  "https://n.example/saudi-ar/galaxy-a54/", want: pageIDs{sku: "SM-A546E", skuSrc: srcHeuristic, mpn: "SM-A546E"},
		},
		{
			name: "the shop's id in the URL outranks a model number",
			page: `<h1>Blender</h1><div><h3>Manufacturer Part Number</h3><div>BN701</div></div>`,
			url:  "https://v.example/ip/Ninja-Blender/512345678", want: pageIDs{sku: "512345678", skuSrc: srcURL, mpn: "BN701"},
		},
		{
			name: "an element classed brand beside the title names the brand; the navbar's brand is the shop",
			page: `<nav><a class="navbar-brand" href="/">Outdoor Depot</a></nav><div class="pdp"><span class="product-brand">Shop all Hunter</span><h1>Boots</h1></div>`,
			url:  "https://o.example/boots", want: pageIDs{brand: "Hunter"},
		},
		{
			name: "Amazon's styled detail rows (a-size-base, a-color-secondary) are labels, not size or colour choices",
			page: `<table><tr><th class="a-color-secondary a-size-base prodDetSectionEntry">Brand</th><td class="a-size-base prodDetAttrValue">Hexa</td></tr><tr><th class="a-color-secondary a-size-base prodDetSectionEntry">ASIN</th><td class="a-size-base prodDetAttrValue">B0C1XYZ123</td></tr></table>`,
			url:  "https://a.example/x", want: pageIDs{sku: "B0C1XYZ123", skuSrc: srcHeuristic, brand: "Hexa"},
		},
		{
			name: "without a canonical link the og:url names the product's id",
			page: `<meta property="og:url" content="https://k.example/product/98765/breville"><h1>Espresso</h1>`,
			url:  "file:///saved/page.html", want: pageIDs{sku: "98765", skuSrc: srcURL},
		},
		{
			name: "of several labelled codes the one the page's URL names is the product's",
			page: `<div class="strip"><div>Sony WH-1000XM4 SKU: 6408356</div></div><h1>Samsung TV</h1><div>SKU: 6536971</div>`,
			url:  "https://b.example/site/samsung-tv/6536971.p?skuId=6536971", want: pageIDs{sku: "6536971", skuSrc: srcHeuristic},
		},
		{
			name: "a product's actions link to the wish list, not to another product: their data code is the product's",
			page: `<h1>Lamp</h1><div class="product-actions" data-product-id="LMP-2210"><a href="/wishlist/add?id=LMP-2210">Add to wish list</a><button>Add to cart</button></div>`,
			url:  "https://l.example/lamp", want: pageIDs{sku: "LMP-2210", skuSrc: srcHeuristic},
		},
		{
			name: "a buy box in an aside is the product's, a sidebar of links is not",
			page: `<aside class="sidebar"><a href="/p/other">Other</a> SKU: 998877</aside><h1>Lamp</h1><aside class="buy-box"><p>SKU: 445566</p><button>Add to cart</button></aside>`,
			url:  "https://l.example/lamp", want: pageIDs{sku: "445566", skuSrc: srcHeuristic},
		},
		{
			name: "a header row of labels over a row of values",
			page: `<table><thead><tr><th>Model</th><th>SKU</th><th>EAN</th></tr></thead><tbody><tr><td>GQ55</td><td>2839123</td><td>4006381333931</td></tr></tbody></table>`,
			url:  "https://c.example/x", want: pageIDs{sku: "2839123", skuSrc: srcHeuristic, mpn: "GQ55", gtin: "4006381333931"},
		},
		{
			name: "a cell holding only a colon stands between a label cell and its value",
			page: `<table><tr><td>SKU</td><td>:</td><td>MCM-528-BL</td></tr></table>`,
			url:  "https://t.example/x", want: pageIDs{sku: "MCM-528-BL", skuSrc: srcHeuristic},
		},
		{
			name: "an element classed sku shows the code whose label a stylesheet draws",
			page: `<h1>Apron</h1><div class="product-meta"><span class="sku">APR-2210</span></div>`,
			url:  "https://w.example/apron", want: pageIDs{sku: "APR-2210", skuSrc: srcHeuristic},
		},
		{
			name: "a labelled code outranks an element classed sku",
			page: `<h1>Apron</h1><span class="sku">APR-2210-RED</span><p>Artikelnummer: APR-2210</p>`,
			url:  "https://w.example/apron", want: pageIDs{sku: "APR-2210", skuSrc: srcHeuristic},
		},
		{
			name: "a data-sku on the product is read when no label names the code",
			page: `<div class="product" data-sku="SKU-778"><h1>Thing</h1></div>`,
			url:  "https://d.example/x", want: pageIDs{sku: "SKU-778", skuSrc: srcHeuristic},
		},
		{
			name: "a recommendation's data attributes and labels are not the product's; the URL id is",
			page: `<h1>Kettle</h1><section class="related-products"><div data-product-id="999111">SKU: 999111</div></section>`,
			url:  "https://j.example/100066896338.html", want: pageIDs{sku: "100066896338", skuSrc: srcURL},
		},
		{
			name: "a GTIN with a wrong check digit is passed over for a valid one",
			page: `<meta property="og:upc" content="012345678901"><span data-ean="4006381333931"></span>`,
			url:  "https://g.example/x", want: pageIDs{gtin: "4006381333931"},
		},
		{
			name: "a struck price labelled with a reference word is not a code",
			page: `<p><span>Prix de référence</span> <span>299,99 €</span></p><table><tr><td>Code article</td><td>ROW3874124</td></tr></table>`,
			url:  "https://c.example/x", want: pageIDs{sku: "ROW3874124", skuSrc: srcHeuristic},
		},
		{
			name: "a line classed sku is read as a label, not as a variant picker",
			page: `<p class="product__sku">SKU: SW-SMK-250</p>`,
			url:  "https://s.example/products/salt", want: pageIDs{sku: "SW-SMK-250", skuSrc: srcHeuristic},
		},
		{
			name: "a code whose letters could be a currency is still a code",
			page: `<dl><dt>Artikelnummer</dt><dd>AD115O0R1-Q11</dd></dl>`,
			url:  "https://z.example/x", want: pageIDs{sku: "AD115O0R1-Q11", skuSrc: srcHeuristic},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, err := html.Parse(strings.NewReader(tt.page))
			if err != nil {
				t.Fatal(err)
			}
			u, _ := url.Parse(tt.url)
			rec, _ := markRecBlocks(root, firstH1(root))
			got := readIDs(root, u, func(n *html.Node) bool { return inSet(rec, n) })
			if got != tt.want {
				t.Errorf("readIDs = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestApplyIDsKeepsTheVariantApart(t *testing.T) {
	var o pricing.Offer
	applyIDs(&o, pageIDs{sku: "62578123", skuSrc: srcHeuristic, variant: "62578123-40"})
	if o.SKU != "62578123" || o.Source[VariantSKUKey] != "62578123-40" {
		t.Errorf("SKU %q, variant %q; want the style code as SKU and the size's code apart", o.SKU, o.Source[VariantSKUKey])
	}
	o = pricing.Offer{SKU: "JSONLD-1"}
	applyIDs(&o, pageIDs{sku: "OTHER", skuSrc: srcURL})
	if o.SKU != "JSONLD-1" {
		t.Errorf("a SKU from a trusted source was replaced by %q", o.SKU)
	}
}
