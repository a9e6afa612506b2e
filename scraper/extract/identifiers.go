package extract

import (
	"net/url"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/scraper/price"
	"golang.org/x/net/html"
)

// VariantSKUKey is the Offer.Source key that holds the selected variant's
// own code (a size's or colour's SKU, "62578123-40") when the page names the
// product's code as well: Offer.SKU is the product's, and pricing.Offer has
// no field of its own for the variant's.
const VariantSKUKey = "variant_sku"

// srcURL marks a SKU read from the shop's id in the page's canonical URL.
const srcURL = "url"

// idKind is what a labelled identifier names.
type idKind int

const (
	idNone idKind = iota
	idSKU
	idMPN
	idGTIN
	idBrand
)

// skuLabels name the shop's own product code, in the languages of the shops
// extraction meets. A label matches when it equals one of these or ends
// with one ("eBay item number", "쿠팡상품번호") or starts with one ("Kod
// x-kom"). The longest match over all the lists decides, so "item model
// number" is a model number and "código de barras" a barcode.
var skuLabels = []string{
	"sku", "sku no", "item", "item #", "item no", "item number", "item code", "item id", "product code",
	"product no", "product number", "product id", "article number", "article no", "asin", "tcin",
	"style", "style no", "style number", "stock code", "catalog number", "ad id", "listing id",
	"internet #", "internet number", "web id", "web code", "dpci", "catalog", "catalog no", "cat. no", "product sku", "stock no",
	"bestell-nr", "best.-nr", "bestellnr", "produktnummer", "productnummer", "artikel", "varenummer", "n.º de artículo",
	"número de artículo", "nº de artículo", "rif", "riferimento", "nr katalogowy", "numer produktu", "kód zboží",
	"katalogové číslo", "код товару", "код на продукта", "prekės kodas", "preces kods", "tootekood",
	"sku编码", "sku编号", "商品sku", "商品代码", "商品代碼",
	"post id", "listing #", "id ogłoszenia", "numer ogłoszenia", "id anuncio", "id del anuncio", "nº do anúncio",
	"número do anúncio", "código do anúncio", "номер объявления", "ilan no", "رقم الإعلان", "מספר מודעה",
	"annonce n°", "référence de l'annonce", "advertentienummer", "anzeigen-nr",
	"art.-nr", "art-nr", "art. nr", "art.nr", "artikel-nr", "artikelnummer", "artikelnr", "bestellnummer", "anzeigen-id",
	"anzeigennr", "anzeigennummer", "varenummer", "varenr", "tuotenumero", "tuotekoodi",
	"réf", "ref", "référence", "code article", "référence produit", "code produit", "réf. article", "numéro d'article",
	"n° d'article", "código", "código do produto", "cód", "cód. do produto", "referência",
	"referencia", "código de producto", "código del producto", "código de artículo", "codice articolo", "codice prodotto",
	"cod. art", "cod. articolo", "codice", "cod produs", "cod", "cod. produs",
	"artikelcode", "productcode", "numer katalogowy", "kod", "kod produktu", "kod towaru", "symbol", "indeks",
	"kód", "kód produktu", "kód zboží", "objednací kód", "cikkszám", "termékkód", "šifra", "šifra proizvoda",
	"κωδικός", "κωδικός προϊόντος", "ürün kodu", "ürün no", "stok kodu",
	"артикул", "код товара", "код", "код продукта", "арт", "mã sản phẩm", "mã hàng", "mã sp", "sku sản phẩm",
	"รหัสสินค้า", "รหัส", "kode produk", "kode", "kode barang",
	"מק\"ט", "מק״ט", "קוד מוצר", "מספר קטלוגי", "رمز المنتج", "رقم المنتج", "كود المنتج", "رقم الصنف",
	"商品编号", "商品编码", "货号", "商品货号", "商品編號", "商品编码", "貨號", "商品番号", "品番", "商品コード",
	"商品id", "产品编号", "品號", "상품번호", "상품코드", "품번", "상품 번호", "제품번호",
}

var mpnLabels = []string{
	"model", "model no", "model number", "model code", "item model number", "mpn", "part number", "part no",
	"manufacturer part number", "mfr part number", "modellnummer", "modell-nr", "herstellernummer",
	"hersteller-nr", "numéro de modèle", "numéro du modèle de l'article", "référence fabricant", "modèle",
	"modelo", "número de modelo", "modello", "codice produttore", "cod. produttore", "kod producenta",
	"modelnummer", "fabrikantcode", "fabrikantnummer", "typenummer", "modelo do produto", "model kodu",
	"модель", "型号", "型號", "规格型号", "型番", "メーカー型番", "모델명", "모델번호", "رقم الموديل", "الموديل",
	"דגם", "model numarası", "mẫu", "รุ่น", "tipe", "modell", "typenbezeichnung", "mfr part", "mfr #", "mfg #",
	"商品モデル番号", "製造元リファレンス", "numero modello", "numero modello articolo", "modelnummer artikel",
	"numer modelu", "numer modelu produktu", "modellnummer för artikel", "ürün model numarası", "رقم موديل السلعة",
	"herstellerreferenz", "référence du fabricant",
	"mfg part", "manufacturer #", "réf. fabricant", "ref. fabricant", "réf fabricant", "n° de modèle", "製品型番",
}

var gtinLabels = []string{
	"ean", "ean-13", "ean13", "ean code", "ean-code", "upc", "gtin", "gtin-13", "jan", "janコード", "jan code", "isbn",
	"barcode", "bar code", "code ean", "code-barres", "código de barras", "codice ean", "штрихкод",
	"条码", "条形码", "商品条码", "國際條碼", "條碼", "바코드", "ברקוד", "barkod",
}

// labelKinds joins the lists for classify.
var labelKinds = func() map[string]idKind {
	m := map[string]idKind{}
	for _, l := range skuLabels {
		m[l] = idSKU
	}
	for _, l := range mpnLabels {
		m[l] = idMPN
	}
	for _, l := range gtinLabels {
		m[l] = idGTIN
	}
	for _, l := range brandLabels {
		if _, ok := m[l]; !ok {
			m[l] = idBrand
		}
	}
	m["thương hiệu"] = idBrand
	m["แบรนด์"] = idBrand
	m["marka"] = idBrand
	m["merk"] = idBrand
	m["العلامة التجارية"] = idBrand
	return m
}()

// labelEntry is one label of labelKinds for the suffix and prefix
// matches of classifyLabel, which only labels of three bytes or more take.
type labelEntry struct {
	label string
	kind  idKind
	cjk   bool
}

var labelEntries = func() []labelEntry {
	var out []labelEntry
	for k, kind := range labelKinds {
		if len(k) < 3 {
			continue
		}
		r, _ := utf8.DecodeRuneInString(k)
		out = append(out, labelEntry{k, kind, !isASCIIAlnum(r)})
	}
	// Map order must not decide between two labels of one length.
	sort.Slice(out, func(i, j int) bool { return out[i].label < out[j].label })
	return out
}()

// labelsByFirst and labelsByLast index labelEntries (in its order) by the
// first and the last byte of the label: classifyLabel runs for every short
// text without a digit, and tried all the entries on each.
var labelsByFirst, labelsByLast = func() (first, last [256][]int) {
	for k, e := range labelEntries {
		first[e.label[0]] = append(first[e.label[0]], k)
		last[e.label[len(e.label)-1]] = append(last[e.label[len(e.label)-1]], k)
	}
	return first, last
}()

// normLabel lower-cases a label and drops what surrounds it: bidi marks,
// colons, "#", brackets ("Item Number (DPCI)" keeps "item number").
func normLabel(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u00a0':
			return ' '
		}
		return r
	}, foldWidth(s))
	if i := strings.IndexAny(s, "(（["); i > 0 {
		s = s[:i]
	}
	s = strings.ToLower(cleanText(s))
	s = strings.Trim(s, " :：#.-–")
	return cleanText(s)
}

// classifyLabel says what a label names; idNone when it names no identifier.
func classifyLabel(label string) idKind { return classifyShopLabel(label, "") }

// classifyShopLabel is classifyLabel on a page of the shop whose host
// names are shop (space-separated, lower-case): a label followed by the
// shop's name ("Réf. Fnac", "Kod Allegro") names what the label alone
// does.
func classifyShopLabel(label, shop string) idKind {
	l := normLabel(label)
	if l == "" || utf8.RuneCountInString(l) > 32 {
		return idNone
	}
	if k, ok := labelKinds[l]; ok {
		return k
	}
	best, bestLen := idNone, 0
	// Only the entries that share l's first byte (for a prefix match) or
	// its last byte (for a suffix match) can match; they are walked in
	// labelEntries' order, as ties between equally long labels go to the
	// first.
	first, last := labelsByFirst[l[0]], labelsByLast[l[len(l)-1]]
	for len(first) > 0 || len(last) > 0 {
		var k int
		switch {
		case len(last) == 0 || len(first) > 0 && first[0] < last[0]:
			k, first = first[0], first[1:]
		case len(first) == 0 || last[0] < first[0]:
			k, last = last[0], last[1:]
		default: // the same entry in both
			k, first, last = first[0], first[1:], last[1:]
		}
		e := labelEntries[k]
		n := len(e.label)
		if n <= bestLen || n > len(l) {
			continue
		}
		// A Latin label joins at a word boundary ("ebay item number"); a CJK
		// one may run on ("쿠팡상품번호").
		// (Tested byte by byte rather than against " "+label: this runs
		// for every short line of a page, and the concatenations were
		// most of its cost.)
		switch {
		case strings.HasSuffix(l, e.label) && (e.cjk || len(l) > n && (l[len(l)-n-1] == ' ' || l[len(l)-n-1] == '-')):
		case strings.HasPrefix(l, e.label) && labelQualifier(labelRest(l, n), shop):
		default:
			continue
		}
		best, bestLen = e.kind, n
	}
	return refineLabel(l, best)
}

// qualifierWords may follow a label without changing what it names ("SKU
// del vendedor", "Réf. vendeur", "Item no."); any other word after a label
// names something else ("Item weight", "Código postal", "Style name",
// "Model year", "Item package quantity").
var qualifierWords = map[string]bool{
	"no": true, "no.": true, "nr": true, "nr.": true, "#": true, "number": true, "nummer": true, "numéro": true,
	"del": true, "de": true, "du": true, "do": true, "da": true, "des": true, "of": true,
	"vendedor": true, "vendeur": true, "venditore": true, "seller": true, "sprzedawcy": true, "vendor": true,
	"shop": true, "store": true, "interno": true, "interne": true, "internal": true, "web": true, "online": true,
	"magasin": true, "tienda": true, "loja": true, "negozio": true, "sklepu": true, "produs": true, "produit": true,
	"produktu": true, "producto": true, "prodotto": true, "produto": true, "articolo": true, "artículo": true,
	"article": true, "towaru": true, "товара": true, "продавца": true,
}

// labelQualifier reports whether the words after a known label leave it
// naming the same thing: qualifierWords, or the shop's name ("Kod x-kom",
// a word with a dash or dot inside).
func labelQualifier(rest, shop string) bool {
	words := strings.Fields(rest)
	if len(words) == 0 || len(words) > 2 {
		return false
	}
	for _, w := range words {
		if qualifierWords[w] || len(w) >= 3 && containsWord(shop, w) {
			continue
		}
		if len(words) == 1 && strings.IndexAny(w, "-.") > 0 && strings.IndexAny(w, "-.") < len(w)-1 {
			continue
		}
		return false
	}
	return true
}

// labelRest is what follows a label of n bytes at the start of l, after
// the space (or the dot and space: "réf. fnac") that ends the label; ""
// when the label does not end at a word boundary there.
func labelRest(l string, n int) string {
	switch {
	case len(l) > n+1 && l[n] == ' ':
		return l[n+1:]
	case len(l) > n+2 && l[n] == '.' && l[n+1] == ' ':
		return l[n+2:]
	}
	return ""
}

// containsWord reports whether the space-separated words of s hold w.
func containsWord(s, w string) bool {
	for s != "" {
		var f string
		f, s, _ = strings.Cut(s, " ")
		if f == w {
			return true
		}
	}
	return false
}

// shopNames are the names a page's host gives its shop, for
// classifyShopLabel: "www.x-kom.pl" gives "x-kom xkom", "www.fnac.com"
// "fnac".
func shopNames(u *url.URL) string {
	if u == nil {
		return ""
	}
	var names []string
	for _, p := range strings.Split(strings.ToLower(u.Hostname()), ".") {
		switch p {
		case "www", "m", "shop", "store", "com", "co", "net", "org", "example", "item", "detail", "product":
			continue
		}
		if len(p) < 3 {
			continue
		}
		names = append(names, p)
		if strings.Contains(p, "-") {
			names = append(names, strings.ReplaceAll(p, "-", ""))
		}
	}
	return strings.Join(names, " ")
}

// gtinWords and makerWords turn what a label names: a barcode word
// anywhere names a barcode ("Código EAN", "EAN-Code"); a maker's word
// makes a code the maker's part number ("Tillverkarens art.nr",
// "Hersteller-Artikelnummer", "Cod. produttore"), not the shop's.
var (
	gtinWords  = map[string]bool{"ean": true, "ean13": true, "upc": true, "gtin": true, "gtin13": true, "jan": true, "isbn": true, "barcode": true}
	makerWords = map[string]bool{"manufacturer": true, "manufacturers": true, "mfr": true, "hersteller": true, "herstellers": true,
		"fabricant": true, "fabricante": true, "produttore": true, "producenta": true, "producent": true, "tillverkare": true,
		"tillverkarens": true, "výrobce": true, "gyártói": true, "производителя": true, "fabrikant": true, "fabrikants": true}
	codeWords = map[string]bool{"code": true, "cod": true, "kod": true, "kód": true, "código": true, "codice": true, "nr": true,
		"no": true, "number": true, "nummer": true, "numer": true, "part": true, "ref": true, "réf": true, "référence": true,
		"artikelnummer": true, "art": true, "#": true, "sku": true}
)

// refineLabel turns the kind a label's best match gave by the words the
// label holds besides it (see gtinWords).
func refineLabel(l string, k idKind) idKind {
	if k == idMPN || utf8.RuneCountInString(l) > 40 {
		return k
	}
	var maker, code, gtin bool
	// The words are cut in place: this runs for every short line of a
	// page that is read as a possible label.
	word := func(w string) {
		gtin = gtin || gtinWords[w]
		maker = maker || makerWords[w]
		code = code || codeWords[w]
	}
	start := -1
	for i, r := range l {
		if r == '#' || unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			word(l[start:i])
			start = -1
		}
	}
	if start >= 0 {
		word(l[start:])
	}
	switch {
	case gtin && k != idBrand:
		return idGTIN
	case maker && k == idSKU, k == idBrand && code:
		return idMPN
	}
	return k
}

// idValue cleans a labelled value: the code, without words after it.
func idValue(v string) string {
	v = strings.Map(func(r rune) rune {
		if r == '\u200e' || r == '\u200f' || r == '\u00a0' {
			return ' '
		}
		return r
	}, v)
	v = strings.Trim(cleanText(v), " :：#")
	return CleanIdentifier(v)
}

// pageIDs are the identifiers a page shows outside structured data.
type pageIDs struct {
	sku, skuSrc, variant, mpn, gtin, brand string
}

// labelSep splits a line that holds several labelled values ("Art.-Nr.
// 2839123 | Modell-Nr. GQ55", "Nintendo · Réf. 15997812").
var labelSep = regexp.MustCompile(`\s+[|·•/]\s+|\s*[|｜]\s*`)

// labelled reads "Label: value" and "Label value" from one line of text.
var labelledRE = regexp.MustCompile(`^\s*([^:：]{1,32}?)\s*[:：]\s*(.+)$`)

// readIDs finds the identifiers a page shows: itemprop values, labelled
// text in a table, a list or a line, and data attributes, leaving out
// recommendation blocks and variant options; then the shop's id in the
// canonical URL when nothing else named the product.
func readIDs(root *html.Node, page *url.URL, skip func(*html.Node) bool) pageIDs {
	var ids pageIDs
	var dataSKU string
	var laterSKUs []string // labelled codes after the first, for urlNames
	canonicalHref, ogURL := "", ""
	shop := shopNames(page)
	var h1 *html.Node
	type brandCand struct {
		n    *html.Node
		text string
	}
	var brands []brandCand // elements classed brand, up to four
	classSKU := ""
	set := func(kind idKind, v string) {
		if kind == idSKU || kind == idMPN {
			if p, ok, _ := parseMoney(v, price.Hints{}); ok && p.Currency != "" && priceLike(strings.ToLower(v)) {
				return // a price ("Prix de référence 299,99 €"), not a code
			}
		}
		switch kind {
		case idSKU:
			if ids.sku == "" {
				if code, variant, ok := strings.Cut(v, " - "); ok && isCode(code) && isCode(variant) {
					v = code
					if ids.variant == "" {
						ids.variant = variant
					}
				}
				if v = idValue(v); isCode(v) {
					ids.sku, ids.skuSrc = v, srcHeuristic
				}
			} else if len(laterSKUs) < 8 {
				if v = idValue(v); isCode(v) && v != ids.sku {
					laterSKUs = append(laterSKUs, v)
				}
			}
		case idMPN:
			if v = idValue(v); ids.mpn == "" && isCode(v) {
				ids.mpn = v
			}
		case idGTIN:
			if g, err := CleanGTIN(v); ids.gtin == "" && err == nil {
				ids.gtin = g
			}
		case idBrand:
			if b := CleanBrand(v); ids.brand == "" && b != "" && utf8.RuneCountInString(b) <= 40 {
				ids.brand = b
			}
		}
	}
	var walk func(n *html.Node, depth int, inOption bool)
	walk = func(n *html.Node, depth int, inOption bool) {
		if depth > 512 || n.Type != html.ElementNode && n.Type != html.DocumentNode {
			return
		}
		if n.Type == html.ElementNode {
			switch n.Data {
			case "h1":
				if h1 == nil {
					h1 = n
				}
				return
			case "script", "style", "noscript", "template", "select":
				return
			case "link":
				if strings.EqualFold(attr(n, "rel"), "canonical") && canonicalHref == "" {
					canonicalHref = attr(n, "href")
				}
			}
			if n.Data == "meta" {
				if p := strings.ToLower(attr(n, "itemprop") + attr(n, "property")); p != "" {
					if p == "og:url" && ogURL == "" {
						ogURL = attr(n, "content")
					}
					readMetaID(p, attr(n, "content"), set)
				}
				return
			}
			if skip(n) || pageChrome(n) {
				return
			}
			if p := strings.ToLower(attr(n, "itemprop")); p != "" {
				v := attr(n, "content")
				if v == "" {
					v = nodeText(n)
				}
				readMetaID(p, v, set)
			}
			toks := attrTokens(n)
			if inOption || optionTokens(n, toks) || dataCode(n) != "" && siblingRow(n) {
				// A size's or colour's code is the variant's; the chosen
				// one's is kept as such.
				if selectedOption(n) && ids.variant == "" {
					ids.variant = dataCode(n)
				}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c, depth+1, true)
				}
				return
			}
			if dataSKU == "" {
				if c := dataCode(n); c != "" && !otherProductCard(n, page, canonicalHref) {
					dataSKU = c
				}
			}
			if len(brands) < 4 && ids.brand == "" {
				if b := brandElement(n, toks); b != "" {
					brands = append(brands, brandCand{n, b})
				}
			}
			if classSKU == "" {
				classSKU = classCode(n, toks)
			}
			for _, k := range []string{"data-ean", "data-gtin", "data-barcode", "data-upc", "data-gtin13"} {
				if v := attr(n, k); v != "" && ids.gtin == "" && !otherProductCard(n, page, canonicalHref) {
					set(idGTIN, v)
				}
			}
			readLabelled(n, set, shop)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1, false)
		}
	}
	walk(root, 0, false)
	for _, c := range []string{dataSKU, classSKU} {
		if ids.sku == "" && c != "" {
			ids.sku, ids.skuSrc = c, srcHeuristic
		}
	}
	for _, b := range brands {
		if ids.brand == "" && nearTitle(b.n, h1) {
			ids.brand = b.text
		}
	}
	u := page
	// The canonical link names the product's own URL; without one, the
	// og:url does (a page saved to a file keeps them, not its address),
	// and last the address a browser noted when it saved the page.
	for _, href := range []string{canonicalHref, ogURL, savedFrom(root)} {
		if c := resolve(page, href); c != nil {
			u = c
			break
		}
	}
	if _, v := urlID(page); v != "" && ids.variant == "" {
		ids.variant = v
	}
	if sku, variant := urlID(u); sku != "" || variant != "" {
		if ids.sku == "" && sku != "" {
			ids.sku, ids.skuSrc = sku, srcURL
		}
		if ids.variant == "" && variant != "" && variant != ids.sku {
			ids.variant = variant
		}
	}
	if ids.skuSrc == srcHeuristic && len(laterSKUs) > 0 {
		// Several labelled codes: a strip of other products that nothing
		// marked as one came first, or the product's. The one the page's
		// own URL names is the product's.
		if !urlNames(u, ids.sku) {
			for _, c := range laterSKUs {
				if urlNames(u, c) {
					ids.sku = c
					break
				}
			}
		}
	}
	if ids.sku == "" && ids.mpn != "" {
		// A page that names no code of the shop's own, not even in its
		// URL, but a model or part number: that is the code a person
		// reads off it.
		ids.sku, ids.skuSrc = ids.mpn, srcHeuristic
	}
	if ids.variant == ids.sku {
		ids.variant = ""
	}
	return ids
}

// pageChrome reports whether n is the page's own furniture around the
// product, whose codes are other products' (a mini cart in the header, a
// footer's list): a header, nav, footer or aside, or a mini cart, that
// does not hold the page's title.
func pageChrome(n *html.Node) bool {
	switch n.Data {
	case "header", "nav", "footer", "aside":
		// A product's own header or a buy box in an aside ("<header
		// class=product-header>", "<aside class=buy-box>") is the
		// product's.
		for _, t := range attrTokens(n) {
			switch t {
			case "product", "products", "pdp", "item", "detail", "details", "buy", "purchase", "offer", "summary":
				return false
			}
		}
		if n.Data == "aside" && !holdsLinks(n, 0) {
			return false
		}
	default:
		c := attr(n, "class")
		if !strings.Contains(c, "mini") || !strings.Contains(c, "cart") && !strings.Contains(c, "basket") && !strings.Contains(c, "bag") {
			return false
		}
	}
	return !holdsH1(n, 0)
}

// holdsLinks reports whether n's subtree holds a link to another page.
func holdsLinks(n *html.Node, depth int) bool {
	if depth > 64 {
		return false
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.Data == "a" && attr(c, "href") != "" && !strings.HasPrefix(attr(c, "href"), "#") || holdsLinks(c, depth+1)) {
			return true
		}
	}
	return false
}

// holdsH1 reports whether n's subtree holds an h1.
func holdsH1(n *html.Node, depth int) bool {
	if depth > 64 {
		return false
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.Data == "h1" || holdsH1(c, depth+1)) {
			return true
		}
	}
	return false
}

// otherProductCard reports whether an element carrying a product code is a
// card for another product: it links to another page and does not hold
// the page's title. A mini-cart, a "recently viewed" strip or an ad not
// marked as recommendations carries other products' codes.
func otherProductCard(n *html.Node, page *url.URL, canonicalHref string) bool {
	self := map[string]bool{}
	for _, u := range []*url.URL{page, resolve(page, canonicalHref)} {
		if u != nil {
			self[strings.TrimSuffix(u.Path, "/")] = true
		}
	}
	elsewhere, title := false, false
	var walk func(c *html.Node, depth int)
	walk = func(c *html.Node, depth int) {
		if title || depth > 64 || c.Type != html.ElementNode {
			return
		}
		switch c.Data {
		case "h1":
			title = true
			return
		case "a":
			if !elsewhere {
				if u := resolve(page, attr(c, "href")); u != nil && !self[strings.TrimSuffix(u.Path, "/")] && !actionPath(u.Path) {
					elsewhere = true
				}
			}
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			walk(k, depth+1)
		}
	}
	walk(n, 0)
	return elsewhere && !title
}

// actionPath reports whether a link does something to this product (adds
// it to a wish list, a cart, a comparison; shares or reviews it) rather
// than leading to another product.
func actionPath(p string) bool {
	p = strings.ToLower(p)
	for _, w := range []string{"cart", "basket", "wishlist", "wish-list", "compare", "login", "account", "review", "share", "checkout", "favorite", "favourite"} {
		if strings.Contains(p, w) {
			return true
		}
	}
	return false
}

// brandTokens mark an element that shows the product's brand
// ("product-brand", "pdp_brand", Shopify's "product__vendor");
// notBrandTokens one that shows the shop's own name or a list of brands.
var (
	brandTokens    = map[string]bool{"brand": true, "vendor": true, "manufacturer": true, "byline": true}
	notBrandTokens = map[string]bool{"navbar": true, "nav": true, "footer": true, "brands": true, "filter": true,
		"filters": true, "menu": true, "site": true, "list": true, "carousel": true, "slider": true}
)

// brandElement returns the brand an element classed as one shows: its
// short text, or the alt of its logo; "" for any other element.
func brandElement(n *html.Node, toks []string) string {
	is := false
	for _, t := range toks {
		if notBrandTokens[t] {
			return ""
		}
		is = is || brandTokens[t]
	}
	if !is {
		return ""
	}
	text, over := textUpTo(n, 60)
	if over {
		return ""
	}
	if text == "" {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.Data == "img" {
				text = strings.TrimSpace(attr(c, "alt"))
				break
			}
		}
	}
	if text == "" && n.Data == "img" {
		text = strings.TrimSpace(attr(n, "alt"))
	}
	b := CleanBrand(text)
	if b == "" || utf8.RuneCountInString(b) > 40 || strings.ContainsFunc(b, func(r rune) bool { return r == ':' || r == '：' }) {
		return ""
	}
	return b
}

// classCode returns the code an element classed as the product's code
// shows without a label ("<span class=sku>ABC-1</span>", whose label a
// stylesheet draws; "<div class=product-code>1234567</div>"): its short
// text, when that is a code with a digit.
func classCode(n *html.Node, toks []string) string {
	is := false
	for i, t := range toks {
		switch t {
		case "sku", "skuid", "productcode", "productid", "articlenumber", "itemnumber", "itemcode":
			is = true
		case "code", "id", "number", "no", "nr":
			is = is || i > 0 && (toks[i-1] == "product" || toks[i-1] == "item" || toks[i-1] == "article" || toks[i-1] == "art")
		case "label", "title", "name", "wrapper", "selector", "select", "list":
			return "" // the label's own element, or a block of several
		}
	}
	if !is {
		return ""
	}
	text, over := textUpTo(n, 40)
	if over || strings.ContainsAny(text, ":：") || !strings.ContainsFunc(text, unicode.IsDigit) {
		return ""
	}
	if v := idValue(text); isCode(v) && !strings.Contains(v, " ") {
		return v
	}
	return ""
}

// nearTitle reports whether an element sits in the block of the page's
// title: it shares an ancestor with the h1 at most four levels above the
// h1, and that ancestor is not the whole page. A page without an h1 (its
// title in an h2 or a div) has no block to weigh, and any element outside
// the page's chrome and recommendations is taken.
func nearTitle(n, h1 *html.Node) bool {
	if h1 == nil {
		return true
	}
	a := h1.Parent
	for up := 0; a != nil && up < 4; a, up = a.Parent, up+1 {
		if a.Type != html.ElementNode || a.Data == "body" || a.Data == "html" {
			return false
		}
		for p := n; p != nil; p = p.Parent {
			if p == a {
				return true
			}
		}
	}
	return false
}

// readMetaID reads an itemprop or meta property that names an identifier.
func readMetaID(prop, v string, set func(idKind, string)) {
	v = strings.TrimSpace(v)
	if v == "" {
		return
	}
	switch prop {
	case "sku", "productid", "product:retailer_item_id", "product:sku", "og:sku":
		set(idSKU, v)
	case "mpn", "product:mfr_part_no", "product:mpn":
		set(idMPN, v)
	case "gtin", "gtin8", "gtin12", "gtin13", "gtin14", "isbn", "product:ean", "product:upc", "product:gtin",
		"product:isbn", "og:upc", "og:ean", "og:gtin", "og:isbn", "product:gtin13":
		set(idGTIN, v)
	}
}

// readLabelled reads the identifier an element labels: a table row or
// definition ("<th>ASIN</th><td>B0…</td>", "<dt>EAN</dt><dd>…</dd>"), a
// label element followed by its value ("<span>eBay item number:</span>
// <span>256…</span>"), or a short line of text ("SKU: 6408356", "Art.-Nr.
// 2839123 | Modell-Nr. X").
func readLabelled(n *html.Node, set func(idKind, string), shop string) {
	text, over := textUpTo(n, 120)
	if text == "" || over {
		return
	}
	if hasElementChildWithText(n, text) || textChildren(n) >= 2 && !isLabelCell(n) {
		return // the same text is read at the child, or at each line
	}
	if strings.ContainsFunc(text, unicode.IsDigit) {
		// fall through to the "Label: value" forms below
	} else if k := classifyShopLabel(text, shop); k != idNone {
		// A label alone ("ASIN", "eBay item number:"): its value is the
		// element after it, or after the wrappers that hold the label
		// alone ("<th><span><span>Артикул</span></span></th><td>…",
		// "<div class=labels><div><span>EAN</span></div></div><div
		// class=values>…").
		for a, up := n, 0; a != nil && a.Type == html.ElementNode && up < 4; a, up = a.Parent, up+1 {
			if up > 0 && cleanText(nodeText(a)) != text {
				return
			}
			if a.Data == "th" {
				if v, ok := columnValue(a); ok {
					// A header row of labels over a row of values.
					if v != "" {
						set(k, v)
					}
					return
				}
			}
			if v := nextValue(a); v != "" {
				set(k, v)
				return
			}
		}
		return
	}
	for _, part := range labelParts(text) {
		if m := labelledMatch(part); m != nil {
			if k := classifyShopLabel(m[1], shop); k != idNone {
				set(k, m[2])
			}
			continue
		}
		// "Art.-Nr. 2839123", "Réf. 15997812": a known label, then a code
		// (not a price: "Prix de référence 299,99 €" labels no code).
		words := strings.Fields(part)
		for i := min(len(words)-1, 4); i >= 1; i-- {
			k, ok := labelKinds[normLabel(strings.Join(words[:i], " "))]
			if !ok || k == idBrand {
				continue
			}
			v := strings.Join(words[i:], " ")
			if strings.ContainsFunc(v, unicode.IsDigit) {
				set(k, v)
			}
			break
		}
	}
}

// columnValue reads the value under a header cell when the cell's row
// holds header cells only ("<tr><th>SKU</th><th>EAN</th></tr><tr><td>…"):
// the text of the cell at the same place in the next row. ok is false
// for a header cell beside its value.
func columnValue(th *html.Node) (v string, ok bool) {
	row := th.Parent
	if row == nil || row.Data != "tr" {
		return "", false
	}
	col, i := -1, 0
	for c := row.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if c.Data != "th" {
			return "", false
		}
		if c == th {
			col = i
		}
		i++
	}
	next := row.NextSibling
	for next != nil && next.Type != html.ElementNode {
		next = next.NextSibling
	}
	if next == nil && row.Parent != nil && row.Parent.Data == "thead" {
		// The values are in the tbody after the thead.
		for b := row.Parent.NextSibling; b != nil; b = b.NextSibling {
			if b.Type == html.ElementNode {
				for next = b.FirstChild; next != nil && next.Type != html.ElementNode; next = next.NextSibling {
				}
				break
			}
		}
	}
	if next == nil || next.Data != "tr" {
		return "", true
	}
	i = 0
	for c := next.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if i == col {
			if t := cleanText(nodeText(c)); utf8.RuneCountInString(t) <= 60 {
				return t, true
			}
			return "", true
		}
		i++
	}
	return "", true
}

// urlNames reports whether u's path or query holds code as a whole
// segment or word ("/6536971.p?skuId=6536971", "-p04387321.html").
func urlNames(u *url.URL, code string) bool {
	if u == nil || len(code) < 4 {
		return false
	}
	s := strings.ToLower(u.Path + "?" + u.RawQuery)
	c := strings.ToLower(code)
	for i := 0; ; {
		k := strings.Index(s[i:], c)
		if k < 0 {
			return false
		}
		k += i
		before, after := byte('/'), byte('/')
		if k > 0 {
			before = s[k-1]
		}
		if end := k + len(c); end < len(s) {
			after = s[end]
		}
		if !isASCIIAlnum(rune(before)) && !isASCIIAlnum(rune(after)) || before == 'p' && !isASCIIAlnum(rune(after)) {
			return true
		}
		i = k + 1
	}
}

// labelParts is labelSep.Split(text, -1), without running the regexp on
// a line with none of the separators' marks (most lines: this runs for
// every short line of a page).
func labelParts(text string) []string {
	if !strings.ContainsAny(text, "|·•/｜") {
		return []string{text}
	}
	return labelSep.Split(text, -1)
}

// labelledMatch is labelledRE.FindStringSubmatch(part), which cannot
// match without a colon.
func labelledMatch(part string) []string {
	if !strings.ContainsAny(part, ":：") {
		return nil
	}
	return labelledRE.FindStringSubmatch(part)
}

// hasElementChildWithText reports whether a child element holds all of n's
// text: n is a wrapper and the child is the line.
func hasElementChildWithText(n *html.Node, text string) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && cleanText(nodeText(c)) == text {
			return true
		}
	}
	return false
}

// textChildren counts n's element children that show text: a list or a
// row of several lines is read line by line. A child shows text when
// strings.TrimSpace(nodeText(child)) != ""; showsText answers that without
// building the text.
func textChildren(n *html.Node) int {
	k := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && showsText(c) {
			k++
		}
	}
	return k
}

// showsText reports whether strings.TrimSpace(nodeText(n)) != "": whether a
// text node nodeText reads holds a rune other than white space. A text
// node with broken UTF-8 sends the question to nodeText itself, since its
// bytes could join a neighbour's into one rune (a space, even).
func showsText(n *html.Node) bool {
	shows, broken := false, false
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			if !utf8.ValidString(n.Data) {
				broken = true
			} else if strings.TrimSpace(n.Data) != "" {
				shows = true
			}
			return
		case html.ElementNode:
			switch n.Data {
			case "script", "style", "noscript", "template":
				return
			}
		}
		for c := n.FirstChild; c != nil && !shows && !broken; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	if broken {
		return strings.TrimSpace(nodeText(n)) != ""
	}
	return shows
}

// isLabelCell reports whether n is a table or definition cell, which is
// read with the cell after it.
func isLabelCell(n *html.Node) bool {
	switch n.Data {
	case "th", "td", "dt":
		return true
	}
	return false
}

// nextValue is the text of the element after a label element (a td after
// its th, a dd after its dt, a span after its label span, a div after its
// heading).
func nextValue(n *html.Node) string {
	for s := n.NextSibling; s != nil; s = s.NextSibling {
		var t string
		switch s.Type {
		case html.TextNode:
			t = strings.Trim(cleanText(s.Data), " :：\u200e\u200f")
		case html.ElementNode:
			t = cleanText(nodeText(s))
		}
		if t != "" && strings.Trim(t, ":：-–=|") != "" {
			// (A cell holding only the colon between a label cell and its
			// value cell, "<td>SKU</td><td>:</td><td>123</td>", is passed
			// over.)
			if utf8.RuneCountInString(t) > 60 {
				return ""
			}
			return t
		}
	}
	return ""
}

// isCode reports whether v can be a product code: a few characters with a
// digit or of upper-case letters, no sentence.
func isCode(v string) bool {
	if n := utf8.RuneCountInString(v); n < 3 || n > 40 || len(strings.Fields(v)) > 3 {
		// Under three characters is a count ("Item: 0", "Art: 2"), not a
		// code.
		return false
	}
	return strings.ContainsFunc(v, unicode.IsDigit) || strings.ToUpper(v) == v && utf8.RuneCountInString(v) >= 4
}

// dataCodeAttrs are the data attributes dataCode reads, in its order.
var dataCodeAttrs = [...]string{"data-sku", "data-sku-id", "data-product-sku", "data-product-id", "data-productid",
	"data-product-code", "data-item-id", "data-itemid", "data-pid", "data-prid", "data-goods-id",
	"data-variation-id", "data-variant-id", "data-variant-sku", "data-article-number"}

// dataCode reads a product or variant code from an element's data
// attributes: the first of dataCodeAttrs (each read as attr reads it, its
// first occurrence) that holds a code. It reads the attributes in one pass
// and returns at once for an element without data attributes (most): it
// runs twice for every element of the identifier walk, and fifteen attr
// scans each time were 4 % of a product page's reading.
func dataCode(n *html.Node) string {
	var vals [len(dataCodeAttrs)]string
	var set [len(dataCodeAttrs)]bool
	found := false
	for _, a := range n.Attr {
		if a.Namespace != "" || len(a.Key) < len("data-") || !strings.EqualFold(a.Key[:len("data-")], "data-") {
			continue
		}
		for i, k := range dataCodeAttrs {
			if !set[i] && strings.EqualFold(a.Key, k) {
				vals[i], set[i], found = a.Val, true, true
				break
			}
		}
	}
	if !found {
		return ""
	}
	for _, v := range vals {
		if v = strings.TrimSpace(v); isCode(v) {
			return v
		}
	}
	return ""
}

// optionNode reports whether n is one choice of a size, colour or variant
// picker: its code and its "sold out" are a variant's, not the product's.
func optionNode(n *html.Node) bool { return optionTokens(n, nil) }

// optionTokens is optionNode with n's attrTokens when the caller has them
// (nil reads them).
func optionTokens(n *html.Node, toks []string) bool {
	if n.Data == "option" || n.Data == "input" && strings.EqualFold(attr(n, "type"), "radio") {
		return true
	}
	switch strings.ToLower(attr(n, "role")) {
	case "radio", "option":
		return true
	}
	if n.Data == "h1" || n.Data == "form" || n.Data == "body" {
		return false
	}
	if toks == nil {
		toks = attrTokens(n)
	}
	for i, t := range toks {
		switch t {
		case "size", "sizes", "swatch", "swatches", "variant", "variants", "variation", "variations", "option", "options",
			"prop", "colour", "color", "dimension":
			if i+1 < len(toks) && styleWords[toks[i+1]] || i > 0 && styleWords[toks[i-1]] {
				// A style class ("a-size-base", "a-color-secondary",
				// "font-size-14") says how text looks, not that it is a
				// choice: Amazon's detail rows carry both.
				continue
			}
			return !strings.Contains(strings.ToLower(attr(n, "class")+attr(n, "id")), "cart")
		}
	}
	return false
}

// styleWords stand beside "size" or "color" in a class that styles text
// rather than marking a size or colour choice.
var styleWords = map[string]bool{
	"a": true, "base": true, "small": true, "mini": true, "medium": true, "large": true, "xs": true, "sm": true, "md": true,
	"lg": true, "xl": true, "primary": true, "secondary": true, "tertiary": true, "muted": true, "light": true, "dark": true,
	"white": true, "black": true, "grey": true, "gray": true, "success": true, "error": true, "danger": true, "warning": true,
	"price": true, "text": true, "font": true, "bg": true, "background": true, "border": true, "icon": true, "link": true,
	"default": true, "title": true, "heading": true, "body": true, "caption": true, "label": true, "normal": true, "bold": true,
}

// inOption reports whether n is, or sits within three levels of, a choice
// of a size, colour or variant picker.
func inOption(n *html.Node) bool {
	for a, depth := n, 0; a != nil && a.Type == html.ElementNode && depth < 4; a, depth = a.Parent, depth+1 {
		if optionNode(a) {
			return true
		}
	}
	return false
}

// selectedOption reports whether an option is the chosen one.
func selectedOption(n *html.Node) bool {
	for _, k := range []string{"aria-pressed", "aria-checked", "aria-selected"} {
		if strings.EqualFold(attr(n, k), "true") {
			return true
		}
	}
	if hasAttr(n, "checked") || hasAttr(n, "selected") {
		return true
	}
	for _, t := range attrTokens(n) {
		switch t {
		case "selected", "active", "checked", "current":
			return true
		}
	}
	return false
}

// attrTokens are the words of an element's class, id and test names,
// lower-cased and split at '-', '_' and camelCase humps.
func attrTokens(n *html.Node) []string {
	vals, ok := attrValues(n)
	if !ok {
		return nil
	}
	var out []string
	for _, v := range vals {
		out = appendAttrTokens(out, v)
	}
	return out
}

// appendAttrTokens appends the words of one attribute value. A word is a
// run of letters and digits, cut before an upper-case letter that follows
// a lower-case one, so it is a substring of s: strings.ToLower returns it
// without copying when it is lower-case already. (Building each word rune
// by rune, and joining the values first, cost an allocation per word on
// most elements of a page.)
func appendAttrTokens(out []string, s string) []string {
	start := -1
	var prev rune
	for i, r := range s {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			if start >= 0 {
				out = append(out, strings.ToLower(s[start:i]))
				start = -1
			}
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			if start >= 0 {
				out = append(out, strings.ToLower(s[start:i]))
			}
			start = i
		case start < 0:
			start = i
		}
		prev = r
	}
	if start >= 0 {
		out = append(out, strings.ToLower(s[start:]))
	}
	return out
}

// tokenAttrs are the attributes attrTokens reads, in its order.
var tokenAttrs = [...]string{"class", "id", "data-test", "data-testid", "data-qa", "data-widget"}

// attrValues is the values of n's tokenAttrs (the first of each, as attr
// reads it, "" for one it lacks), read in one pass over its attributes; ok
// is false when n has none of them. attrTokens runs for most elements of a
// page, and six attr calls were half its cost.
func attrValues(n *html.Node) (vals [len(tokenAttrs)]string, ok bool) {
	var set [len(tokenAttrs)]bool
	for _, a := range n.Attr {
		if a.Namespace != "" {
			continue
		}
		for i, k := range tokenAttrs {
			if !set[i] && strings.EqualFold(a.Key, k) {
				vals[i], set[i], ok = a.Val, true, true
				break
			}
		}
	}
	return vals, ok
}

// urlIDPatterns read the shop's own product id from a canonical URL's path,
// most specific first: group "id" is the product's, "variant" a variant's,
// "prefix" a site prefix kept with the id ("MLA" of "/MLA-1398765432").
var urlIDPatterns = []*regexp.Regexp{
	regexp.MustCompile(`/(?:dp|gp/product|gp/aw/d)/(?P<id>[A-Z0-9]{10})(?:[/?]|$)`),
	regexp.MustCompile(`/itm/(?:[^/]+/)?(?P<id>\d{9,15})(?:[/?]|$)`),
	regexp.MustCompile(`/(?P<prefix>ML[A-Z])-(?P<id>\d{6,})`),
	regexp.MustCompile(`-i(?P<id>\d{5,})-s(?P<variant>\d{5,})\.html$`),
	regexp.MustCompile(`-i\.\d+\.(?P<id>\d{5,})$`),
	regexp.MustCompile(`/-/A-(?P<id>\d{5,})$`),
	regexp.MustCompile(`-p-?(?P<id>\d{5,})(?:\.html)?/?$`),
	regexp.MustCompile(`-p-(?P<id>[A-Z]{2,}[A-Z0-9]*\d[A-Z0-9]*)/?$`),
	regexp.MustCompile(`/event/(?P<id>[0-9A-F]{16})(?:[/?]|$)`),
	regexp.MustCompile(`/(?:product|products|produkt|produkte|produto|producto|productos|prodotto|deal|deals|item|items|prod|goods|ip|event|events|p|pd|pdp|offer|dp|listing|listings|sku)/(?:[^/]+/)*?(?P<id>\d{5,})(?:[/.?]|$)`),
	regexp.MustCompile(`/(?:p|prod|pd)/(?P<id>[A-Za-z0-9]*\d[A-Za-z0-9]*(?:-[A-Za-z0-9]+)?|[A-Za-z0-9]+-[A-Za-z0-9]*\d[A-Za-z0-9]*)/?$`),
	regexp.MustCompile(`/(?P<id>[A-Z0-9]*\d[A-Z0-9]{7,})/p/?$`),
	regexp.MustCompile(`/(?P<id>\d{5,})\.html$`),
	regexp.MustCompile(`[-_](?P<id>\d{6,})(?:\.html|/)?$`),
	regexp.MustCompile(`/(?P<id>\d{6,})(?:-[\w-]*)?(?:\.html)?/?$`),
}

// urlIDParams name the product in a query string; urlVariantParams a
// variant of it.
var (
	urlIDParams      = []string{"id", "skuid", "sku", "goodscode", "goodsno", "i_code", "productid", "product_id", "item_id", "prdno", "pid"}
	urlVariantParams = []string{"variationid", "variantid", "variant", "itemid"}
)

// urlID returns the shop's product id and a variant id in u, "" when u
// names none.
func urlID(u *url.URL) (sku, variant string) {
	if u == nil {
		return "", ""
	}
	q := url.Values{}
	for k, v := range u.Query() {
		q[strings.ToLower(k)] = v
	}
	for _, k := range urlVariantParams {
		if v := strings.TrimSpace(q.Get(k)); isCode(v) {
			variant = v
			break
		}
	}
	path := strings.TrimSuffix(u.EscapedPath(), "/")
	if p, err := url.PathUnescape(path); err == nil {
		path = p
	}
	for _, re := range urlIDPatterns {
		m := re.FindStringSubmatch(path)
		if m == nil {
			continue
		}
		group := func(name string) string {
			if i := re.SubexpIndex(name); i > 0 {
				return m[i]
			}
			return ""
		}
		if len(group("id")) < 3 {
			continue // "/p/1": a page number or a slot, not a product code
		}
		if v := group("variant"); v != "" && variant == "" {
			variant = v
		}
		return group("prefix") + group("id"), variant
	}
	for _, k := range urlIDParams {
		if v := strings.TrimSpace(q.Get(k)); isCode(v) && strings.ContainsFunc(v, unicode.IsDigit) {
			return v, variant
		}
	}
	return "", variant
}

// applyIDs fills an offer's empty identifiers and brand from what the page
// shows.
func applyIDs(o *pricing.Offer, ids pageIDs) {
	if o.SKU == "" && ids.sku != "" {
		o.SKU = ids.sku
		setSource(o, "sku", ids.skuSrc)
	}
	if o.MPN == "" && ids.mpn != "" {
		o.MPN = ids.mpn
		setSource(o, "mpn", srcHeuristic)
	}
	if o.GTIN == "" && ids.gtin != "" {
		o.GTIN = ids.gtin
		setSource(o, "gtin", srcHeuristic)
	}
	if o.Brand == "" && ids.brand != "" {
		o.Brand = ids.brand
		setSource(o, "brand", srcHeuristic)
	}
	if ids.variant != "" && ids.variant != o.SKU {
		setSource(o, VariantSKUKey, ids.variant)
	}
}

// savedFrom returns the address in the "saved from url=(0042)https://…"
// comment browsers put at the top of a page they save ("" when there is
// none). A saved page's own address is a file path, so this is the only
// trace of the shop's URL, and its id, on pages without a canonical link.
// Only the comments before the body are looked at: the browser writes
// it first, and a comment further down is the page's own text.
func savedFrom(root *html.Node) string {
	var find func(n *html.Node, depth int) string
	find = func(n *html.Node, depth int) string {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.CommentNode:
				if v, ok := savedFromComment(c.Data); ok {
					return v
				}
			case c.Type == html.ElementNode && depth < 2 && (c.Data == "html" || c.Data == "head"):
				if v := find(c, depth+1); v != "" {
					return v
				}
			}
		}
		return ""
	}
	return find(root, 0)
}

// savedFromComment reads the address of a "saved from url=" comment.
func savedFromComment(text string) (string, bool) {
	text = strings.TrimSpace(text)
	rest, ok := strings.CutPrefix(strings.ToLower(text), "saved from url=")
	if !ok {
		return "", false
	}
	rest = text[len(text)-len(rest):]
	if strings.HasPrefix(rest, "(") {
		if _, after, ok := strings.Cut(rest, ")"); ok {
			rest = after
		}
	}
	if f := strings.Fields(rest); len(f) > 0 && (strings.HasPrefix(f[0], "http://") || strings.HasPrefix(f[0], "https://")) {
		return f[0], true
	}
	return "", false
}
