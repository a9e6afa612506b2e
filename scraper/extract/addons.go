package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// The amounts a buy box shows beside the offer's price that a shopper does
// not pay for the product alone: a bundle's price, the price before VAT, a
// price after a coupon or at the largest benefit, an add-on service, an
// extended warranty or insurance. They are read in the price's own text,
// its label, and the short line that holds it and no other amount (a label
// with a digit, "Garantieverlängerung 3 Jahre", is no label to prevLabel).
var (
	// exTaxWords mark a price without VAT or sales tax.
	exTaxWords = []string{
		"excl. vat", "excl vat", "ex. vat", "ex vat", "exc. vat", "exc vat", "excluding vat", "without vat", "before tax",
		"excl. tax", "excl tax", "tax excluded", "tax excl", "pre-tax", "plus vat", "+ vat", "+vat", "exkl. mwst", "exkl mwst",
		"zzgl. mwst", "zzgl mwst", "ohne mwst", "netto-preis", "nettopreis", "cena netto", "hors taxe", "hors tva", "prix ht", "€ ht", "iva esclusa", "iva escl",
		"senza iva", "sin iva", "iva no incluid", "sem iva", "sem impostos", "excl. btw", "excl btw", "exclusief btw", "zonder btw",
		"bez vat", "bez dph", "bez daně", "bez dane", "áfa nélkül", "nettó ár", "fără tva", "fara tva", "χωρίς φπα", "χωρις φπα",
		"kdv hariç", "без ндс", "без ддс", "税抜", "税別", "(税抜", "부가세 별도", "vat 별도", "부가세 제외",
		"不含税", "未税", "未稅", "不含稅", "chưa vat", "chưa bao gồm vat", "chưa gồm vat", "belum termasuk ppn", "tanpa ppn",
		"sebelum ppn", "غير شامل الضريبة", "بدون ضريبة", "قبل الضريبة", "לא כולל מע\"מ", "ללא מע\"מ", "לפני מע\"מ",
	}
	// bundleWords mark a price for the product together with another.
	bundleWords = []string{
		"bundle", "for both", "buy together", "bought together", "frequently bought", "zusammen kaufen", "im set mit",
		"im paket", "set-preis", "achetés ensemble", "acheter ensemble", "en lot avec", "compra insieme", "acquistati insieme",
		"comprados juntos", "compra junto", "compre junto", "samen kopen", "samen voor", "kup razem",
		"kupowane razem", "w zestawie z", "koupit společně", "společně za", "együtt vásárolva", "csomagban", "cumpărate împreună",
		"cumpără împreună", "μαζί με", "πακέτο με", "birlikte al", "birlikte alın", "вместе дешевле", "купить вместе",
		"заедно с", "一緒に購入", "セット価格", "まとめ買い", "함께 구매", "함께구매", "세트할인", "组合价", "搭配购", "套餐价",
		"組合價", "搭配購", "mua kèm", "mua cùng", "beli bersama", "paket hemat", "bundling", "اشتريها معاً", "حزمة", "קנו יחד",
		"חבילה משתלמת",
	}
	// couponWords mark a price after a coupon or the largest benefit
	// (not a Chinese shop's 券后 price: isCouponAfter keeps that one).
	couponWords = []string{
		"coupon", "with code", "with voucher", "promo code", "최대할인가", "최대혜택가", "최대 혜택가", "혜택가", "쿠폰",
		"할인쿠폰", "クーポン", "mit gutschein", "mit code", "avec le code", "avec code", "code promo", "con cupón", "con código",
		"com cupom", "con coupon", "con codice", "met code", "met kortingscode", "z kodem", "z kuponem", "s kupónem", "s kódem",
		"kuponnal", "kuponkóddal", "cu cupon", "cu codul", "με κουπόνι", "με κωδικό", "kuponla", "kupon", "с купоном",
		"по промокоду", "с промокодом", "用券", "领券", "領券", "mã giảm giá", "dengan kupon", "dengan voucher", "voucher",
		"بالكوبون", "كوبون", "בקופון", "קופון",
	}
	// addOnWords mark an add-on the buy box offers beside the product: a
	// service, an extended warranty, insurance.
	addOnWords = []string{
		"extended warranty", "warranty extension", "protection plan", "care plan", "applecare", "insurance",
		"installation service", "wall mount", "wall-mount", "wandmontage", "montageservice", "aufbauservice",
		"garantieverlängerung", "garantieerweiterung", "versicherung", "extension de garantie", "garantie étendue",
		"garantie prolongée", "assurance casse", "assurance vol", "service d'installation", "garanzia estesa", "estensione di garanzia",
		"assicurazione", "garantía extendida", "garantía ampliada", "seguro de", "garantia estendida", "garantia alargada",
		"verlengde garantie", "garantieverlenging", "verzekering", "przedłużona gwarancja", "rozszerzona gwarancja",
		"ubezpieczenie", "prodloužená záruka", "rozšířená záruka", "predĺžená záruka", "pojištění", "kiterjesztett garancia",
		"garancia kiterjesztés", "biztosítás", "garanție extinsă", "garantie extinsă", "asigurare", "επέκταση εγγύησης",
		"εκτεταμένη εγγύηση", "ασφάλιση", "удължена гаранция", "застраховка", "uzatılmış garanti", "ek garanti", "sigorta",
		"расширенная гарантия", "продление гарантии", "страховка", "延長保証", "長期保証", "保険", "延长保修", "延保", "延長保固",
		"保险", "연장 보증", "보험", "설치비", "bảo hành mở rộng", "gói bảo hành", "bảo hiểm", "garansi tambahan", "perpanjangan garansi",
		"asuransi", "ضمان ممتد", "ضمان إضافي", "تأمين", "אחריות מורחבת", "הארכת אחריות", "ביטוח", "התקנה",
	}
	// freeWords say an add-on costs nothing: a line "free installation"
	// beside the price says nothing about the price.
	freeWords = []string{"free", "gratis", "kostenlos", "gratuit", "offert", "gratuito", "gratuita", "darmow", "zdarma",
		"ingyenes", "gratuită", "δωρεάν", "ücretsiz", "бесплатн", "безплатн", "無料", "免费", "免費", "무료", "miễn phí", "مجاني",
		"חינם", "inkl.", "incl.", "inklusive", "included", "inclus"}
)

// notOfferAmount reports whether a price candidate is a bundle's, a
// price without VAT, one after a coupon, or an add-on's (see the lists
// above), by its own text and label (lower-cased) or its line.
func notOfferAmount(n *html.Node, own, label string) bool {
	for _, t := range []string{own, label} {
		if t != "" && (containsAny(t, exTaxWords) || containsAny(t, bundleWords) || containsAny(t, couponWords) || exTaxMark(t)) {
			return true
		}
	}
	if addOnChoice(n) {
		return true
	}
	line := lineOf(n, own)
	if line == "" {
		return false
	}
	if containsAny(line, exTaxWords) || containsAny(line, bundleWords) || containsAny(line, couponWords) {
		return true
	}
	return containsAny(line, addOnWords) && !containsAny(line, freeWords)
}

// exTaxAmount reports whether a price candidate is the price without VAT
// (for the reconciling of a structured price with the page).
func exTaxAmount(n *html.Node, own, label string) bool {
	if containsAny(own, exTaxWords) || containsAny(label, exTaxWords) || exTaxMark(own) || exTaxMark(label) {
		return true
	}
	if line := lineOf(n, own); line != "" && containsAny(line, exTaxWords) {
		return true
	}
	for a, depth := n, 0; a != nil && a.Type == html.ElementNode && depth < 3; a, depth = a.Parent, depth+1 {
		for _, t := range attrTokens(a) {
			if exTaxTokens[t] {
				return true
			}
		}
	}
	return false
}

// exTaxTokens are class words of a price without VAT.
var exTaxTokens = map[string]bool{"novat": true, "exvat": true, "exclvat": true, "netto": true, "taxex": true, "taxexcl": true,
	"excltax": true, "extax": true, "notax": true, "pretax": true, "nettoprice": true, "withoutvat": true, "bezdph": true}

// exTaxMark reports whether a French or Italian price says "HT" (hors
// taxes) as a word of its own.
func exTaxMark(t string) bool {
	for _, w := range strings.FieldsFunc(t, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if w == "ht" {
			return true
		}
	}
	return false
}

// addOnChoice reports whether n is the price of a ticked option of the
// buy box: inside a label (three levels up at most) that holds a checkbox.
func addOnChoice(n *html.Node) bool {
	for a, depth := n.Parent, 0; a != nil && a.Type == html.ElementNode && depth < 3; a, depth = a.Parent, depth+1 {
		if a.Data != "label" {
			continue
		}
		var box bool
		var walk func(c *html.Node, d int)
		walk = func(c *html.Node, d int) {
			for k := c.FirstChild; k != nil && !box && d < 4; k = k.NextSibling {
				if k.Type == html.ElementNode && k.Data == "input" && strings.EqualFold(attr(k, "type"), "checkbox") {
					box = true
					return
				}
				walk(k, d+1)
			}
		}
		walk(a, 0)
		return box
	}
	return false
}

// lineOf is the lower-cased text of the short block that holds n (two
// levels up at most), when that block shows no amount but n's own: "Add a
// case and pay $379 for both", "Prodloužená záruka na 5 let 2 490 Kč".
// A block holding the offer's price beside another amount says nothing of
// either, and gives "".
func lineOf(n *html.Node, own string) string {
	for a, depth := n.Parent, 0; a != nil && a.Type == html.ElementNode && depth < 2; a, depth = a.Parent, depth+1 {
		switch a.Data {
		case "body", "main", "section", "article", "form", "table", "ul", "ol":
			return ""
		}
		t, over := textUpTo(a, 120)
		if over {
			return ""
		}
		lower := strings.ToLower(t)
		rest := strings.Replace(lower, own, " ", 1)
		if rest == lower && own != "" {
			// The candidate's text is not found as such (joined parts):
			// too unsure to read the rest as its line.
			return ""
		}
		if strings.ContainsFunc(rest, unicode.IsDigit) && priceLike(rest) {
			return ""
		}
		if utf8.RuneCountInString(rest) > 3 && strings.ContainsFunc(rest, unicode.IsLetter) {
			return lower
		}
	}
	return ""
}
