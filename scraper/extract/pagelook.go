package extract

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shelfwatch/shelfwatch/scraper/price"
	"golang.org/x/net/html"
)

// This file holds what the visible-page reading knows about how a page
// looks to a person: which blocks recommend other products, which prices a
// stylesheet strikes through or prints large, how a price split into parts
// ("$", "12", ".99") reads, and which words make a price some other amount
// than the offer's (per unit, per month, shipping, a member's price).

// recTokens are class/id words of blocks that show other products.
var recTokens = map[string]bool{
	"recommend": true, "recommendation": true, "recommendations": true, "recommended": true, "reco": true,
	"recom": true, "rcmd": true, "recomend": true, "carousel": true, "related": true, "similar": true, "similarities": true,
	"upsell": true, "crosssell": true, "sponsored": true, "merch": true, "sims": true, "p13n": true, "jfy": true,
	"accessories": true, "also": true, "bought": true, "together": true, "more": true, "recs": true, "recently": true,
	"viewed": true, "others": true, "suggestions": true, "suggested": true, "galleryview": true,
}

// recPhrases are the headings of such blocks.
var recPhrases = []string{
	"also bought", "also viewed", "also like", "also purchased", "you may like", "you might like", "similar items",
	"similar products", "related products", "related items", "frequently bought", "sponsored", "recommended",
	"more from", "more items", "customers who", "inspired by", "compare with similar",
	"kunden kauften auch", "das könnte", "ähnliche", "passend dazu", "auch interessieren", "empfehlungen",
	"vous aimerez", "ont également acheté", "produits similaires", "également",
	"también", "productos relacionados", "quienes vieron", "te puede interesar", "quem viu", "você também",
	"prodotti correlati", "potrebbe interessarti", "vaak samen gekocht", "anderen bekeken", "polecane",
	"podobne produkty", "benzer ürünler", "похожие товары", "рекомендуем", "sản phẩm tương tự",
	"สินค้าที่คุณอาจชอบ", "lainnya di toko", "produk serupa", "منتجات مشابهة", "מוצרים נלווים", "מוצרים דומים",
	"猜你喜欢", "为你推荐", "看了又看", "相关推荐", "买了又买", "看过此商品", "也看了", "也買了", "也买了",
	"人也", "推薦", "推荐", "おすすめ", "この商品を見た人", "こんな商品も", "関連商品", "함께 본", "추천 상품",
	"다른 고객이", "함께 구매", "aussi acheté", "spesso comprati", "inni kupili", "bunu alanlar", "с этим товаром",
	"اشترى العملاء", "recently viewed", "zuletzt angesehen", "vus récemment", "visti di recente", "vistos recientemente",
	"vistos recentemente", "ostatnio oglądane", "recent bekeken", "вы смотрели", "недавно просмотренные",
	"son gezdiğiniz", "最近チェック", "最近浏览", "最近瀏覽", "최근 본", "شوهدت مؤخراً",
}

// talkPhrases are the headings of reviews and Q&A sections (see
// talkTokens).
var talkPhrases = []string{
	"review", "bewertung", "rezension", "avis", "recension", "opinion", "opinie", "reseña", "avalia", "beoordeling",
	"отзыв", "değerlendirme", "yorum", "レビュー", "口コミ", "상품평", "리뷰", "评价", "評價", "评论", "評論",
	"التقييمات", "المراجعات", "question", "fragen", "q&a", "вопрос", "soru", "질문", "質問", "问答", "問答", "sorular",
}

// talkTokens are class/id words of blocks where people write about the
// product (reviews, questions and answers): the prices, codes and stock
// words there are quoted ("bought it for $20 less", "is the 41 in stock?"),
// not the offer's.
var talkTokens = map[string]bool{
	"review": true, "reviews": true, "comment": true, "comments": true, "qa": true, "question": true, "questions": true,
	"answers": true, "testimonials": true, "ugc": true,
}

// markRecBlocks returns the blocks of a page that show other products: an
// element whose class or id says so, or the section a recommending heading
// ("Customers also bought", "猜你喜欢") opens. A block holding the page's h1
// is the product itself and never one. The same walk returns the reviews
// and Q&A blocks (talkTokens) apart: their counts are still read.
func markRecBlocks(root, h1 *html.Node) (rec, talk map[*html.Node]bool) {
	rec = map[*html.Node]bool{}
	mark := func(n *html.Node) {
		if talk == nil {
			talk = map[*html.Node]bool{} // most pages' reviews are loaded later
		}
		talk[n] = true
	}
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > 512 {
			return
		}
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "head", "template":
				return
			}
			if n.Data != "body" && n.Data != "main" && !contains(n, h1) {
				for _, t := range attrTokens(n) {
					if recTokens[t] {
						rec[n] = true
						return
					}
					if talkTokens[t] {
						mark(n)
						return
					}
				}
				if isHeading(n) {
					t := strings.ToLower(cleanText(nodeText(n)))
					if utf8.RuneCountInString(t) <= 60 {
						switch {
						case containsAny(t, recPhrases):
							if p := n.Parent; p != nil && p.Type == html.ElementNode && p.Data != "body" && !contains(p, h1) {
								rec[p] = true
								return
							}
							for s := n.NextSibling; s != nil; s = s.NextSibling {
								if s.Type == html.ElementNode && !contains(s, h1) {
									rec[s] = true
								}
							}
						case !strings.ContainsFunc(t, unicode.IsDigit) && containsAny(t, talkPhrases):
							// A reviews heading opens its own section only:
							// a rating line by the title ("4,3/5 (87 avis)")
							// is no heading, and the title's siblings are
							// the product's.
							if p := n.Parent; p != nil && p.Type == html.ElementNode && p.Data != "body" && !contains(p, h1) {
								mark(p)
								return
							}
						}
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(root, 0)
	return rec, talk
}

// isHeading reports whether n reads as a section heading.
func isHeading(n *html.Node) bool {
	switch n.Data {
	case "h2", "h3", "h4", "h5", "h6":
		return true
	}
	for _, t := range attrTokens(n) {
		if t == "heading" || t == "title" || t == "tit" || t == "mt" {
			return true
		}
	}
	return false
}

// contains reports whether a holds n.
func contains(a, n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == a {
			return true
		}
	}
	return false
}

// inSet reports whether n or one of its ancestors is in set.
func inSet(set map[*html.Node]bool, n *html.Node) bool {
	for a := n; a != nil; a = a.Parent {
		if set[a] {
			return true
		}
	}
	return false
}

// styleSheet is what a page's own <style> rules say about its classes:
// which strike their text through and how large they print it.
type styleSheet struct {
	struck map[string]bool
	size   map[string]int
}

var (
	cssRuleRE     = regexp.MustCompile(`([^{}]+)\{([^{}]*)\}`)
	cssClassRE    = regexp.MustCompile(`\.([A-Za-z_][\w-]*)\s*$`)
	fontSizeRE    = regexp.MustCompile(`font-size\s*:\s*(\d+(?:\.\d+)?)\s*(px|pt|rem|em)`)
	lineThroughRE = regexp.MustCompile(`text-decoration(?:-line)?\s*:[^;]*line-through`)
)

// readStyles reads the class rules of the page's <style> elements (only
// simple ".class" selectors: a shop's obfuscated classes are of that form).
func readStyles(root *html.Node) styleSheet {
	ss := styleSheet{struck: map[string]bool{}, size: map[string]int{}}
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > 512 {
			return
		}
		if n.Type == html.ElementNode && n.Data == "style" {
			var b strings.Builder
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.TextNode {
					b.WriteString(c.Data)
				}
			}
			css := b.String()
			if len(css) > 200_000 {
				css = css[:200_000]
			}
			for _, m := range cssRuleRE.FindAllStringSubmatch(css, -1) {
				decl := strings.ToLower(m[2])
				for _, sel := range strings.Split(m[1], ",") {
					c := cssClassRE.FindStringSubmatch(strings.TrimSpace(sel))
					if c == nil {
						continue
					}
					if lineThroughRE.MatchString(decl) {
						ss.struck[c[1]] = true
					}
					if px := fontPx(decl); px > 0 {
						ss.size[c[1]] = px
					}
				}
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(root, 0)
	return ss
}

// fontPx reads a font-size declaration in pixels; 0 when there is none.
func fontPx(decl string) int {
	m := fontSizeRE.FindStringSubmatch(decl)
	if m == nil {
		return 0
	}
	f, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return 0
	}
	switch m[2] {
	case "pt":
		f *= 4.0 / 3
	case "rem", "em":
		f *= 16
	}
	return int(f)
}

// struckByStyle reports whether n or a near ancestor is struck through by
// an inline style or a page style rule.
func (ss styleSheet) struckByStyle(n *html.Node) bool {
	for a, depth := n, 0; a != nil && a.Type == html.ElementNode && depth < 3; a, depth = a.Parent, depth+1 {
		if lineThroughRE.MatchString(strings.ToLower(attr(a, "style"))) {
			return true
		}
		for _, c := range strings.Fields(attr(a, "class")) {
			if ss.struck[c] {
				return true
			}
		}
		for _, k := range []string{"data-a-strike"} {
			if attr(a, k) == "true" {
				return true
			}
		}
	}
	return false
}

// prominence scores how large and marked a price is printed: its font
// size (inline or from a style rule), heading and bold tags, and class
// words that shops give the price to pay.
func (ss styleSheet) prominence(n *html.Node) int {
	score := 0
	px := 0
	for a, depth := n, 0; a != nil && a.Type == html.ElementNode && depth < 3; a, depth = a.Parent, depth+1 {
		if px == 0 {
			px = fontPx(strings.ToLower(attr(a, "style")))
		}
		for _, c := range strings.Fields(attr(a, "class")) {
			if s := ss.size[c]; px == 0 && s > 0 {
				px = s
			}
		}
		switch a.Data {
		case "h2", "h3", "strong", "b":
			score += 2
		}
		for _, t := range attrTokens(a) {
			switch t {
			case "big", "large", "xl", "xxl", "lg", "hero", "main", "primary", "current", "now", "sale", "final",
				"special", "promo", "real", "dsc", "pay", "topay", "user", "sell", "selling", "offer", "actual", "f1", "f2":
				score += 2
			}
		}
	}
	if px >= 18 {
		score += min((px-14)/2, 10)
	}
	return min(score, 16)
}

// hiddenTokens mark text for screen readers only: the exact price a
// visually split price repeats.
var hiddenTokens = map[string]bool{"offscreen": true, "sr": true, "visually": true, "screenreader": true, "reader": true, "hidden": true}

// isHiddenText reports whether n is screen-reader-only text.
func isHiddenText(n *html.Node) bool {
	ts := attrTokens(n)
	for i, t := range ts {
		if hiddenTokens[t] && (t != "sr" && t != "hidden" || i+1 < len(ts) && ts[i+1] == "only" || t == "hidden" && i > 0 && ts[i-1] == "visually") {
			return true
		}
	}
	return false
}

// priceish reports whether n's class, id or itemprop says it shows a price
// or an amount.
func priceish(n *html.Node) bool {
	if strings.Contains(strings.ToLower(attr(n, "itemprop")), "price") {
		return true
	}
	for _, t := range attrTokens(n) {
		switch t {
		case "price", "prices", "pricing", "amount", "money", "prc", "cost", "preis", "prix", "precio", "preco", "prezzo", "cena", "fiyat":
			return true
		}
		if strings.HasSuffix(t, "price") || strings.HasPrefix(t, "price") {
			return true
		}
	}
	return false
}

// exactAttrs hold a price's exact value in markup.
var exactAttrs = []string{"content", "data-price", "data-price-amount", "data-amount", "data-value", "data-sale-price", "data-current-price"}

// splitPrice reads a price element whose visible text is split into parts:
// an exact value in an attribute, the screen-reader copy ("a-offscreen"),
// or its parts joined, with the decimal point a superscript or cents part
// leaves out put back ("319<sup>€99</sup>", "64.799<sup>99</sup>"). ok is
// false when n holds no single price.
func splitPrice(n *html.Node, h price.Hints) (text string, ok bool) {
	visible, hidden := joinParts(n, h)
	if utf8.RuneCountInString(visible) > 48 || wordy(visible) {
		// A block with words around its price ("Price 6,980円 (tax incl.)
		// free shipping") is read at its parts, each with its own label.
		return "", false
	}
	ps := price.All(visible, h)
	if !samePrice(ps) {
		return "", false
	}
	for _, k := range exactAttrs {
		if v := strings.TrimSpace(attr(n, k)); v != "" {
			if _, err := strconv.ParseFloat(v, 64); err == nil && len(ps) > 0 {
				return v + " " + ps[0].Currency, true
			}
		}
	}
	if al := strings.TrimSpace(attr(n, "aria-label")); al != "" && len(ps) > 0 && utf8.RuneCountInString(al) <= 48 {
		// The label a screen reader speaks for a price drawn in parts
		// ("$24<sup>99</sup>" labelled "$24.99").
		// It is taken when it says the same amount, or, with no words
		// ("64799 pesos con 99 centavos" reads as 64799), the same
		// digits as the parts, which may have lost their decimal point
		// ("$", "24", "99").
		if ap := price.All(al, h); len(ap) > 0 && samePrice(ap) && (ap[0].Currency == "" || ap[0].Currency == ps[0].Currency) &&
			(ap[0].Amount == ps[0].Amount || !wordy(al) && digitsOf(al) == digitsOf(visible)) {
			return al, true
		}
	}
	if hidden != "" {
		if hp := price.All(hidden, h); samePrice(hp) && len(hp) > 0 && (len(ps) == 0 || hp[0].Amount == ps[0].Amount || len(ps[0].Currency) == 0) {
			return hidden, true
		}
	}
	if len(ps) == 0 {
		return "", false
	}
	return visible, true
}

// digitsOf is s's ASCII digits alone.
func digitsOf(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// wordy reports whether a price text holds more than a currency's letters
// and a short label.
func wordy(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters > 5 || strings.Contains(s, "%") {
		return true
	}
	l := strings.ToLower(s)
	return unitAmount(l) || monthAmount(l) || containsAny(l+" ", otherWords)
}

// unitAmount is unitRE.MatchString(s) without running the regexp on a text
// that holds none of the marks every one of its matches needs: a '/', a
// \s (Go's \s is [\t\n\f\r ]), or the first character of 당, 当たり, 单价,
// 單價 or 単価. Most price texts ("$84.19") hold none; the backtracking
// regexps on every short price text were 8 % of a product page's reading.
func unitAmount(s string) bool {
	return strings.ContainsAny(s, "/ \t\n\f\r당当单單単") && unitRE.MatchString(s)
}

// monthAmount (s lower-cased) is monthRE.MatchString(s), or one of
// monthWords, without running the regexp on a text with no '/', no '×'
// and no letter: each of its alternatives starts
// with '/', holds 'x' or '×', or is a word that starts with a letter (in
// any case, as (?i) folds letters only to letters).
func monthAmount(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r == '/' || r == '×' || unicode.IsLetter(r) }) &&
		(monthRE.MatchString(s) || containsAny(s, monthWords) || strings.HasPrefix(s, "raty"))
}

// samePrice reports whether ps is one price, perhaps repeated.
func samePrice(ps []price.Price) bool {
	for _, p := range ps[min(1, len(ps)):] {
		if p.Amount != ps[0].Amount {
			return false
		}
	}
	return true
}

// joinParts returns n's visible text, parts joined as described at
// splitPrice, and the text of its screen-reader-only descendants.
func joinParts(n *html.Node, h price.Hints) (visible, hidden string) {
	var vb, hb strings.Builder
	var walk func(c *html.Node, depth int)
	walk = func(c *html.Node, depth int) {
		if depth > 32 {
			return
		}
		switch c.Type {
		case html.TextNode:
			vb.WriteString(c.Data)
			return
		case html.ElementNode:
			switch c.Data {
			case "script", "style", "template", "img":
				return
			}
			if c != n && isHiddenText(c) {
				hb.WriteString(" " + nodeText(c))
				return
			}
			if c != n && centsPart(c) {
				t := strings.TrimSpace(nodeText(c))
				sofar := strings.TrimRight(vb.String(), " ")
				if lead := leadingDigits(t); lead >= 1 && lead <= 2 && sofar != "" && isDigitByte(sofar[len(sofar)-1]) {
					vb.Reset()
					vb.WriteString(sofar)
					vb.WriteRune(decimalFor(sofar, h))
				}
			}
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			walk(k, depth+1)
		}
	}
	walk(n, 0)
	return cleanText(vb.String()), cleanText(hb.String())
}

// centsPart reports whether an element is printed as the minor units of a
// price: a superscript, or a part named for cents or decimals.
func centsPart(n *html.Node) bool {
	if n.Data == "sup" {
		return true
	}
	for _, t := range attrTokens(n) {
		switch t {
		case "cents", "cent", "decimal", "decimals", "fraction", "dec", "minor":
			return true
		}
	}
	return false
}

func leadingDigits(s string) int {
	i := 0
	for i < len(s) && isDigitByte(s[i]) {
		i++
	}
	if i < len(s) && s[i] != ' ' && !strings.ContainsRune("€$£¥₫₩₹%", []rune(s[i:])[0]) && unicode.IsDigit([]rune(s[i:])[0]) {
		return 0
	}
	return i
}

func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }

// decimalFor is the decimal point a joined price needs: the separator its
// whole part does not use for grouping, else the shop's, else '.'.
func decimalFor(whole string, h price.Hints) rune {
	i := strings.LastIndexFunc(whole, func(r rune) bool { return !unicode.IsDigit(r) && r != '.' && r != ',' && r != ' ' && r != '\u00a0' })
	num := whole[i+1:]
	switch {
	case strings.Contains(num, "."):
		return ','
	case strings.Contains(num, ","):
		return '.'
	case h.DecimalSeparator != 0:
		return h.DecimalSeparator
	}
	return '.'
}

// The kinds of amount that are not the offer's price, by the words that
// stand in, before or after the price or in its block's class names.
var (
	unitRE  = regexp.MustCompile(`(?i)(?:/|per\s|pro\s|je\s|por\s|par\s|¢/)\s*(?:\d+\s*)?(?:kg|g|gr|l|ml|cl|oz|fl\.?\s?oz|lb|lbs|ct|count|each|ea|piece|pc|pcs|unit|stück|stk|m|m²|qm|sq\s?ft|100\s?g|100\s?ml|liter|litre|kilo)\b|\d+\s*(?:개|g|ml|매|입)당|当たり|单价|單價|単価|/個|/件|/瓶|/袋|/枚|/本`)
	monthRE = regexp.MustCompile(`(?i)/\s*(?:mo|mon|month|mth|mês|mes|monat|mois|tháng|bln|bulan|月)\b|/月|/期|(?:^|\s)[x×]\s*\d{1,2}\s*(?:期|rat|raten|rate|cuotas|meses|x)?\b|\d[x×]\d{1,2}期|\b\d{1,2}\s*[x×]\s*(?:de\s*)?(?:[$€£¥₹]|r\$|rp|\d)|per month|a month|monthly|mtl\.?|monatlich|mensuel|par mois|al mes|por mes|ao mês|al mese|miesięcznie|aylık|в месяц|每月|每期|月々|月額|분할|할부|월\s|cuotas?|parcelas?|raten|rate da|rat\b|installments?|instalments?|payments? of|תשלומים|أقساط|trả góp|cicilan|分期|emi\b`)
	// monthWords are more instalment words, searched as plain text: in
	// monthRE they slowed every price text's match.
	monthWords = []string{"sin intereses", "sem juros", "senza interessi", "taksit", "ratenzahlung", " raty", "raty ",
		"/мес", "рассрочк", "/mies", "zł/mc", "/ay", "/mese", "دفعات",
		"δόσεις", "δόσεων", "splátk", "měsíčně", "mesačne", "részlet", "havonta", "/hó", "/lună", "rate de la", "вноск",
		"на месец", "angsuran", "bulanan", "分割", "تقسيط", "قسط", "interest-free", "interest free", "zinsfrei", "sans frais"}
	otherWords = []string{
		"shipping", "delivery", "postage", "versand", "lieferung", "livraison", "frais de port", "envío", "envio", "frete",
		"spedizione", "verzending", "wysyłka", "dostawa", "kargo", "доставка", "vận chuyển", "ค่าจัดส่ง", "ongkir",
		"الشحن", "משלוח", "运费", "運費", "送料", "배송비", "配送料",
		"subscribe", "subscription", "abo ", "member", "adhérent", "plus会员", "会员价", "會員價", "карт", "card price",
		"with card", "points", "ポイント", "포인트", "還元", "実質", "积分", "used", "gebraucht", "occasion", "refurbished",
		"open-box", "open box", "other sellers", "buying choices", "angebote ab", "protection", "warranty", "garantie",
		"booking fee", "service fee", "gift card", "éco-part", "eco-part", "deposit", "pfand", "eilat", "אילת",
		"sepette", "in the basket", "save ", "you save", "économisez", "sparen", "ahorra", "risparmi", "tiết kiệm",
		"off", "coupon", "쿠폰", "優惠券", "折價券", "クーポン", "kupon", "cupom", "cupón", "gutschein", "bon d'achat",
		"카드", "カード", "信用卡", "approximately", "approx", "environ", "ungefähr", "aproximadamente", "circa ",
		"threshold", "orders over", "orders $", "ab einem", "dès ", "from other", "mindestbestell", "이상", "以上", "满", "滿",
		// A free-shipping threshold whose note was dropped ("150 TL üzeri
		// kargo bedava"), and the EU's lowest price of the last 30 days
		// shown beside a discount.
		"üzeri", "powyżej", "sopra i ", "oltre i ", "min. spend", "min spend", "lowest price", "niedrigster preis",
		"najniższa cena", "prix le plus bas", "precio más bajo", "prezzo più basso", "laagste prijs", "30 dni", "30 tagen",
		"30 jours", "30 días", "30 giorni", "30 dagen", "30 days", "30 gün",
	}
	otherTokens = map[string]bool{
		"shipping": true, "delivery": true, "freight": true, "yunfei": true, "installment": true, "installments": true,
		"instalment": true, "financing": true, "finance": true, "emi": true, "cicilan": true, "payments": true,
		"baitiao": true, "sns": true, "subscribe": true, "subscription": true, "plus": true, "member": true,
		"adherent": true, "coupon": true, "quan": true, "per": true, "perunit": true,
		"grundpreis": true, "points": true, "point": true, "savings": true, "saving": true, "save": true, "eco": true,
		"eilat": true, "openbox": true, "fees": true, "fee": true, "vat": true, "protection": true, "pix": false,
		"bundle": true, "bundles": true, "novat": true, "exvat": true, "netto": true, "taxex": true, "afterpay": true, "klarna": true,
		"atome": true, "affirm": true, "upsell": true, "addon": true, "addons": true, "warranty": true, "insurance": true,
		"taksit": true, "msi": true, "parcelas": true, "parcela": true, "cuotas": true, "raty": true, "approx": true, "converted": true,
	}
)

// otherAmount reports whether a price candidate is some other amount than
// the offer's price: per unit, per month or in instalments, shipping, a
// subscriber's, member's or card holder's price, a coupon, a saving, points.
// It reads the candidate's text, the label before it, the short text right
// after it and the class words of the candidate and three ancestors.
func otherAmount(n *html.Node, text, label string) bool {
	after := strings.ToLower(nextText(n))
	// The price's own text and its label are read apart: a title "X" just
	// before "$29.99" is no "99 x" instalment. Notes that name no amount
	// ("FREE Shipping", "zzgl. Versand") and a bracketed unit price after
	// the price ("$3.99 ($0.50/oz)") say nothing about the price itself.
	if notOfferAmount(n, strings.ToLower(text), strings.ToLower(label)) && !isCouponAfter(strings.ToLower(text+" "+label)) {
		return true
	}
	for _, own := range []string{ownPriceText(strings.ToLower(text)), strings.ToLower(label)} {
		if own != "" && (unitAmount(own) || monthAmount(own) || containsAny(own+" ", otherWords)) {
			return !isCouponAfter(strings.ToLower(text + " " + label))
		}
	}
	if after != "" && (unitAmount(after) || monthAmount(after) || containsAny(after, []string{"with subscription", "abo", "ozon карт", "card", "mitglied", "member"})) {
		return true
	}
	for a, depth := n, 0; a != nil && a.Type == html.ElementNode && depth < 4; a, depth = a.Parent, depth+1 {
		for _, t := range attrTokens(a) {
			if otherTokens[t] {
				return true
			}
		}
	}
	return false
}

// priceNotes are words beside a price that name no amount of their own:
// the shipping is free, extra, or included.
var priceNotes = strings.NewReplacer(
	"free shipping", "", "free delivery", "", "free postage", "", "plus shipping", "", "+ shipping", "", "excl. shipping", "",
	"excluding shipping", "", "kostenloser versand", "", "versandkostenfrei", "", "zzgl. versandkosten", "", "zzgl. versand", "",
	"inkl. versand", "", "exkl. versand", "", "livraison gratuite", "", "livraison offerte", "", "hors frais de port", "",
	"envío gratis", "", "envío gratuito", "", "frete grátis", "", "spedizione gratuita", "", "gratis verzending", "",
	"darmowa dostawa", "", "ücretsiz kargo", "", "kargo bedava", "", "бесплатная доставка", "", "miễn phí vận chuyển", "",
	"gratis ongkir", "", "送料無料", "", "送料込", "", "包邮", "", "免运费", "", "免運費", "", "무료배송", "", "شحن مجاني", "", "משלוח חינם", "",
)

// noteStems are parts of every priceNotes phrase: a text without one has
// no note to drop, and dropNotes returns it without building a copy.
var noteStems = []string{"ship", "deliver", "postage", "versand", "livraison", "port", "env", "frete", "spediz", "verzend",
	"dostaw", "kargo", "доставк", "vận", "ongkir", "送料", "邮", "运费", "運費", "배송", "شحن", "משלוח"}

// dropNotes is priceNotes.Replace(lower), skipped on texts with no note.
func dropNotes(lower string) string {
	if !containsAny(lower, noteStems) {
		return lower
	}
	return priceNotes.Replace(lower)
}

// ownPriceText is a price text without its notes (priceNotes) and, when
// the rest still shows a price, without its bracketed parts.
func ownPriceText(lower string) string {
	lower = dropNotes(lower)
	if !strings.ContainsAny(lower, "(（") {
		return lower
	}
	var b strings.Builder
	depth := 0
	for _, r := range lower {
		switch r {
		case '(', '（':
			depth++
		case ')', '）':
			depth = max(depth-1, 0)
		default:
			if depth == 0 {
				b.WriteRune(r)
			}
		}
	}
	if out := b.String(); strings.ContainsFunc(out, unicode.IsDigit) && priceLike(out) {
		return out
	}
	return lower
}

// isCouponAfter reports a price after a coupon in the Chinese shops' own
// wording (券后, 到手价), which the price package records as the price a
// shopper pays.
func isCouponAfter(s string) bool {
	return strings.Contains(s, "券后") || strings.Contains(s, "到手")
}

// nextText is the short text right after n, within its parent: "/ Fl Oz)",
// "/mo", "x 12". Text that holds a price of its own is someone else's.
func nextText(n *html.Node) string {
	for s := n.NextSibling; s != nil; s = s.NextSibling {
		var t string
		switch s.Type {
		case html.TextNode:
			t = cleanText(s.Data)
		case html.ElementNode:
			t = cleanText(nodeText(s))
		}
		if t == "" {
			continue
		}
		if utf8.RuneCountInString(t) > 30 || strings.ContainsFunc(t, unicode.IsDigit) && priceLike(strings.ToLower(t)) {
			return ""
		}
		return t
	}
	return ""
}
