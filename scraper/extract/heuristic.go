package extract

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/scraper/price"
	"golang.org/x/net/html"
)

// priceCandidate is one price-like text on a page.
type priceCandidate struct {
	n      *html.Node
	order  int // position in document order
	text   string
	struck bool // shown crossed out or labelled as the old price
	coupon bool // a price after a coupon (券后), not the shelf price
	// prominence is how large and marked the price is printed (see
	// styleSheet.prominence).
	prominence int
	row        bool // in one of several alike rows (siblingRow)
	soldOut    bool // its row says it is sold out
	rowNode    *html.Node
	// visiblyStruck is set when the old price is drawn crossed out or
	// classed as old, not only labelled so ("MSRP:", "Was").
	visiblyStruck bool
}

// labelledOld reports whether a price reads as an old price by its words
// alone (its text or the label before it).
func labelledOld(text, label string) bool {
	return containsAny(strings.ToLower(text), struckWords) || containsAny(strings.ToLower(label)+" ", struckWords)
}

// struckIn reports whether a price candidate right under parent is an old
// price.
func struckIn(cands []priceCandidate, parsed map[*priceCandidate]price.Price, parent *html.Node) bool {
	for k := range cands {
		c := &cands[k]
		if _, ok := parsed[c]; ok && c.struck && c.n.Parent == parent {
			return true
		}
	}
	return false
}

// currencyMarks are the signs and codes that make a short text price-like;
// currencyWords the letter codes among them, which count only as words
// ("12 zł", "Rp1.299.000", not the "rm" of "Obermaterial").
var (
	currencyMarks = []string{
		"¥", "￥", "$", "€", "£", "₩", "₹", "₽", "元", "円", "원", "₫", "₺", "₪", "฿", "₱", "zł", "kč", "руб", "грн",
		"د.إ", "درهم", "ريال", "r$", "hk$", "nt$",
		"ر.س", "ر.ق", "د.ك", "د.ب", "ر.ع", "ج.م", "دينار", "جنيه", "₦", "₴", "₸", "лв", "₡", "৳", "₨", "₲", "₭", "₾", "₼",
	}
	currencyWords = []string{"rmb", "cny", "usd", "eur", "gbp", "jpy", "chf", "aed", "sar", "inr", "rs", "rm", "vnd", "đ", "pln",
		"try", "brl", "ars", "mxn", "idr", "thb", "krw", "twd", "ils", "rub", "tl", "ft", "kr", "rp", "lei", "lek",
		"cad", "aud", "nzd", "sgd", "hkd", "myr", "php", "sek", "nok", "dkk", "czk", "huf", "zar", "qar", "kwd", "kd",
		"bhd", "omr", "egp", "clp", "uah", "kzt", "bgn", "ngn", "kes", "pkr", "bdt", "lkr", "kč"}
)

// priceLike reports whether a short text names a currency.
func priceLike(lower string) bool {
	return hasCurrencyMark(lower) || hasCurrencyWord(lower)
}

// hasCurrencyMark is containsAny(lower, currencyMarks), which cannot hold
// for a text of ASCII bytes without a '$': every mark has a '$' or a byte
// above ASCII (TestCurrencyMarksNeedDollarOrNonASCII). The visible-price
// walk asks this of every short text with a digit (a spec table's "4 h",
// "2 x AA").
func hasCurrencyMark(lower string) bool {
	for i := 0; i < len(lower); i++ {
		if c := lower[i]; c == '$' || c >= utf8.RuneSelf {
			return containsAny(lower, currencyMarks)
		}
	}
	return false
}

// hasCurrencyWord reports whether s holds one of currencyWords, in any
// case, as a word of its own: a whole run of letters (\pL), as in "12 rs."
// or "Rp1.299.000". It is the scan a regexp with (?:^|[^\pL]) on either side
// would make, without the regexp's backtracking, which the visible-price
// walk paid on every short text with a digit.
func hasCurrencyWord(s string) bool {
	start := -1
	for i, r := range s {
		if unicode.IsLetter(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 && isCurrencyWord(s[start:i]) {
			return true
		}
		start = -1
	}
	return start >= 0 && isCurrencyWord(s[start:])
}

func isCurrencyWord(w string) bool {
	if utf8.RuneCountInString(w) > 3 {
		return false
	}
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	for _, c := range currencyWords {
		// An ASCII word can only fold to a word of its own length.
		if (!ascii || len(c) == len(w)) && strings.EqualFold(w, c) {
			return true
		}
	}
	return false
}

// struckWords label a price as the old one.
var struckWords = []string{"was ", "was:", "原价", "划线价", "市场价", "吊牌价", "专柜价", "参考价", "rrp", "msrp", "list price", "compare at", "regular price", "originally",
	"previous price", "reg ", "reg.", "statt", "uvp", "unverb. preisempf", "prix conseillé", "prix de référence", "ancien prix",
	"prezzo consigliato", "prezzo di listino", "adviesprijs", "van ", "precio anterior", "antes", "de: ", "preço original",
	"市售價", "建議售價", "建议零售价", "原價", "定價", "通常価格", "メーカー希望小売価格", "希望小売価格", "参考価格", "定価",
	"정상가", "cena katalogowa", "poprzednia cena", "eski fiyat", "было", "giá gốc", "giá niêm yết", "ราคาปกติ", "harga asli",
	"كان", "السعر الأصلي", "מחיר קודם", "מחיר מחירון", "ursprünglich", "vorher", "alter preis", "streichpreis", "prix initial",
	"au lieu de", "prezzo originale", "invece di", "oude prijs", "precio original", "cena regularna", "original price"}

// struckClasses mark an element's price as the old one.
var struckClasses = []string{"old", "was", "original", "origin", "compare", "strike", "list-price", "listprice", "regular", "before", "rrp", "msrp", "del", "line-through", "yuanjia",
	"striked", "strikethrough", "crossed", "previous", "deleted", "org", "retail", "uvp", "reg", "oldprice", "wasprice", "prev", "former"}

// heuristicOffer reads what a page shows to people when it carries no
// structured data: the h1 as title; the main offer's price the way the eye
// finds it, nearest the title and the buy control and in the largest type,
// passing over struck-through prices (the nearest becomes the list price),
// recommendation blocks, prices inside links to other pages, and amounts
// that are not the offer's price (per unit, per month, shipping, a
// member's or subscriber's price, coupons and savings); a price split into
// parts is read whole (see splitPrice). Then the identifiers the page shows
// (readIDs), stock words near the buy area and the buy control's state
// (pageAvailability), and sales/review counts.
//
// A grid of product cards (see cardSet) is not one product: when a page
// shows three or more cards and no product of its own outside them (a buy
// control and a price outside every card), heuristicOffer returns no offer
// and the number of cards, so that the caller can say why. On a product page
// with a strip of related products the cards' prices, stock words and counts
// are left out, as they describe other products.
func heuristicOffer(root *html.Node, page *url.URL, rules Rules) (o pricing.Offer, listingCards int) {
	o, listingCards, _ = readPage(root, page, rules, pageKnown{})
	return o, listingCards
}

// shownPrices are the amounts the visible-page reading met around the
// product: the prices it could take (shown), the old ones (struck) and the
// ones it passed over as without VAT (exTax). They tell a structured price
// that is not the one a person pays from one the page renders by script.
type shownPrices struct {
	shown, struck, exTax []price.Price
}

// pageKnown says which fields a more trusted source already gave the one
// offer the visible-page reading will fill. fill copies only the fields an
// offer lacks, so reading them from the page would be thrown away: a
// JSON-LD offer's availability makes the stock scan moot, and its SKU,
// GTIN, MPN and brand the identifier walk.
type pageKnown struct {
	availability bool
	ids          bool // SKU, GTIN, MPN and brand
	price        bool // a price, which with an enabled buy control means in stock
}

// knownFields reports what the offers that fill before the visible-page
// reading (the one structured offer, then each single-offer lower source)
// already state.
func knownFields(first *pricing.Offer, lower [][]pricing.Offer) pageKnown {
	var k pageKnown
	has := func(get func(o *pricing.Offer) bool) bool {
		if get(first) {
			return true
		}
		for _, l := range lower {
			if len(l) == 1 && get(&l[0]) {
				return true
			}
		}
		return false
	}
	k.availability = has(func(o *pricing.Offer) bool {
		return o.Availability != "" && o.Availability != pricing.AvailabilityUnknown
	})
	k.price = has(func(o *pricing.Offer) bool { return o.Price != nil || o.MinPrice != nil })
	k.ids = has(func(o *pricing.Offer) bool { return o.SKU != "" }) && has(func(o *pricing.Offer) bool { return o.GTIN != "" }) &&
		has(func(o *pricing.Offer) bool { return o.MPN != "" }) && has(func(o *pricing.Offer) bool { return o.Brand != "" })
	return k
}

// readPage is heuristicOffer, leaving out the readings whose fields known
// says are stated already (those fields stay empty in the result).
func readPage(root *html.Node, page *url.URL, rules Rules, known pageKnown) (o pricing.Offer, listingCards int, seen shownPrices) {
	var cands []priceCandidate
	h1 := firstH1(root)
	rec, talk := markRecBlocks(root, h1)
	ss := readStyles(root)
	h := rules.hints()
	var carts []*html.Node
	// Elements are numbered in document order; only the h1's and the buy
	// controls' numbers are looked up later (a candidate keeps its own), so
	// only those are kept: a map of every element was the walk's largest
	// allocation.
	h1Order := 0
	cartOrder := map[*html.Node]int{}
	var counts []*html.Node
	cs := cardSet{}
	i := 0

	// visit returns what n's subtree holds (the has* bits). hasPrice keeps a
	// container from being taken for the price its children show, unless
	// the container is one price split into parts; the others find the
	// product cards.
	var visit func(n *html.Node, depth int) uint8
	visit = func(n *html.Node, depth int) uint8 {
		if depth > 512 {
			return 0
		}
		var has uint8
		order := 0
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "noscript", "template", "head", "select", "option", "textarea":
				return 0
			}
			if hasAttrs(n) && hiddenBlock(n, false) && (h1 == nil || !contains(n, h1)) {
				// A price hidden from the eye (another variant's, a
				// template's) is not the one a person reads; a screen
				// reader's exact copy is read with the price it repeats.
				return 0
			}
			i++
			order = i
			if n == h1 {
				has |= hasH1
				h1Order = i
			}
			cls := strings.ToLower(attr(n, "class") + " " + attr(n, "id"))
			if isCartControl(n, cls) || isQuantityInput(n, cls) {
				carts = append(carts, n)
				cartOrder[n] = i
			}
			if n.Data == "a" && isProductHref(attr(n, "href")) {
				has |= hasLink
			}
		}
		start := len(cands)
		var linked []*html.Node // children holding a price and a link
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			ch := visit(c, depth+1)
			has |= ch
			if c.Type == html.ElementNode && ch&(hasPrice|hasLink) == hasPrice|hasLink && ch&(hasCard|hasH1) == 0 {
				linked = append(linked, c)
			}
		}
		if len(linked) >= minCards && cs.mark(linked) {
			has |= hasCard
		}
		if n.Type != html.ElementNode {
			return has
		}
		if has&hasH1 == 0 && (priceish(n) || hasAttr(n, "data-price")) && !holdsStrike(n) {
			if t, ok := splitPrice(n, h); ok {
				// One price in parts, or with its screen-reader copy: read
				// whole, in place of the parts.
				cands = append(cands[:start], priceCandidate{n: n, order: order, text: t})
				return has | hasPrice
			}
		}
		if has&hasPrice != 0 {
			// A price in the element's own text beside a child that
			// holds another amount ("$3.99 <small>($0.50 / oz)</small>")
			// is read from that text alone.
			if t := ownText(n); t != "" && strings.ContainsFunc(t, unicode.IsDigit) && utf8.RuneCountInString(t) <= 60 {
				if lower := strings.ToLower(t); priceLike(lower) && !containsAny(dropNotes(lower), notPriceWords) {
					cands = append(cands, priceCandidate{n: n, order: order, text: t})
				}
			}
			return has
		}
		if has&hasH1 != 0 {
			// The title, or a block of it alone, is no price: a model
			// code in it ("Philips BHD308/10", "Sony KD-55X80L") may read
			// like a currency and an amount.
			return has
		}
		text, over := textUpTo(n, 60)
		if text == "" || over {
			return has
		}
		lower := strings.ToLower(text)
		if isCountText(lower) {
			counts = append(counts, n)
			return has
		}
		if !strings.ContainsFunc(text, unicode.IsDigit) {
			return has
		}
		if !priceish(n) && !priceLike(lower) || containsAny(dropNotes(lower), notPriceWords) {
			return has
		}
		if n.FirstChild != n.LastChild && struckChild(n) {
			// The price is the element's own text beside its old price.
			if t := ownText(n); t != "" && priceLike(strings.ToLower(t)) {
				text = t
			}
		}
		cands = append(cands, priceCandidate{n: n, order: order, text: text})
		return has | hasPrice
	}
	visit(root, 0)

	for n := range cs {
		// Cards inside a recommendation block are other products shown
		// on a product page, not a listing.
		if inSet(rec, n) {
			delete(cs, n)
		}
	}
	if len(cs) >= minCards {
		cands = slices.DeleteFunc(cands, func(c priceCandidate) bool { return cs.holds(c.n) })
		carts = slices.DeleteFunc(carts, cs.holds)
		if !slices.ContainsFunc(carts, buysHere) || !slices.ContainsFunc(cands, func(c priceCandidate) bool { return ownPrice(c, h) }) {
			// Nothing outside the cards can be bought, or no price outside
			// them is the page's own: the page lists products rather than
			// being one.
			return pricing.Offer{}, len(cs), shownPrices{}
		}
		counts = slices.DeleteFunc(counts, cs.holds)
	}
	skip := func(n *html.Node) bool { return inSet(rec, n) || cs.holds(n) }
	carts = slices.DeleteFunc(carts, skip)
	counts = slices.DeleteFunc(counts, skip)
	// Reviews and Q&A are skipped for everything but their counts.
	quoted := func(n *html.Node) bool { return skip(n) || inSet(talk, n) }
	var cart *html.Node
	for _, c := range carts {
		if h1 != nil && cartOrder[c] < h1Order && c.Data == "a" && isProductHref(attr(c, "href")) {
			// A link above the title is the shop's menu ("Buy gift
			// cards", "Sold out soon"), not this product's buy control.
			continue
		}
		if c.Data != "input" || isCartControl(c, strings.ToLower(attr(c, "class")+" "+attr(c, "id"))) {
			// A choice's own button is no buy control; a buy button in a
			// block named for the options ("productView-options") is.
			if !optionNode(c) && (c.Parent == nil || !optionNode(c.Parent)) {
				cart = c // a quantity field is no anchor and has no stock words
				break
			}
		}
	}

	if h1 != nil {
		if t := cleanText(nodeText(h1)); t != "" {
			o.Title = t
			setSource(&o, "title", srcHeuristic)
		}
	}
	// A price's distance is counted in elements from the title or the buy
	// control, whichever is nearer; prices above the title are most often
	// in the header's cart and count double.
	dist := func(c *priceCandidate) int {
		d := 1 << 30
		if h1 != nil {
			if d = c.order - h1Order; d < 0 {
				d = -d * 2
			}
		}
		if cart != nil {
			d = min(d, abs(c.order-cartOrder[cart]))
		}
		if d == 1<<30 {
			d = c.order
		}
		if c.row {
			// One row of a table or list of alike rows (ticket
			// categories, sizes) prices one variant; a price standing
			// alone states the product's.
			d += priceArea / 2
		}
		if c.soldOut {
			d += 1 << 20 // read only when no other price is left
		}
		return d - 2*c.prominence
	}
	parsed := map[*priceCandidate]price.Price{}
	var near, list *priceCandidate
	for k := range cands {
		c := &cands[k]
		if quoted(c.n) || inLink(c.n) {
			continue
		}
		p, ok, err := parseMoney(c.text, h)
		if !ok || err != nil || p.Amount <= 0 {
			continue
		}
		label := prevLabel(c.n)
		if lp, err := price.Parse(label+" "+c.text, h); err == nil && lp.Amount == p.Amount && lp.Label != price.LabelNone && p.Label == price.LabelNone {
			p.Label = lp.Label
		}
		c.struck, c.coupon = classify(c.n, c.text)
		c.visiblyStruck = c.struck && !labelledOld(c.text, label) || ss.struckByStyle(c.n)
		c.struck = c.struck || p.Label == price.LabelList || ss.struckByStyle(c.n)
		// Only a Chinese shop's price after a coupon (券后, 到手价) is the
		// price a shopper pays; another coupon-like label ("with coupon",
		// Trendyol's "Sepette", the basket's price) is an other amount.
		c.coupon = (c.coupon || p.Label == price.LabelCoupon) && isCouponAfter(strings.ToLower(c.text+" "+label))
		if !c.struck && !c.coupon && otherAmount(c.n, c.text, label) {
			if exTaxAmount(c.n, strings.ToLower(c.text), strings.ToLower(label)) {
				seen.exTax = append(seen.exTax, p)
			}
			continue
		}
		c.prominence = ss.prominence(c.n)
		if r := rowOf(c.n); r != nil {
			c.row, c.rowNode = true, r
			// A ticket category's or a size's row that is sold out
			// prices what cannot be bought: the price a person reads
			// is the lowest of the rows still on sale.
			// A row of more than 120 runes is no one choice's line.
			if t, over := textUpTo(r, 120); !over {
				c.soldOut = NormalizeAvailability(t, rules.AvailabilityPhrases) == pricing.OutOfStock
			}
		}
		parsed[c] = p
		if c.struck {
			seen.struck = append(seen.struck, p)
		} else {
			seen.shown = append(seen.shown, p)
		}
		switch {
		case c.struck:
			if list == nil || dist(c) < dist(list) {
				list = c
			}
		case near == nil || dist(c) < dist(near):
			near = c
		}
	}
	// Two prices side by side with a discount percentage ("$299 $590
	// -49%", "79,95 € -20 %") are the new and the old price even where
	// only an external stylesheet strikes the old one through: the larger
	// is the list price.
	for k := range cands {
		c := &cands[k]
		p, ok := parsed[c]
		if !ok || c.struck || c.n.Parent == nil || struckIn(cands, parsed, c.n.Parent) {
			// A price area that strikes its old price through already
			// says which is which: its other lower amount is an
			// instalment or a card price, not the price to pay.
			continue
		}
		for m := range cands {
			d := &cands[m]
			if q, ok := parsed[d]; ok && d != c && !d.struck && d.n.Parent == c.n.Parent && q.Amount < p.Amount && q.Currency == p.Currency {
				// The parent's text is read only for a pair like that:
				// reading it for every candidate cost more than the
				// rest of the walk.
				if !percentRE.MatchString(cleanText(nodeText(c.n.Parent))) {
					break
				}
				c.struck = true
				if near == c {
					near = nil
				}
				if list == nil || dist(c) < dist(list) {
					list = c
				}
				break
			}
		}
	}
	if near == nil {
		for k := range cands {
			if c := &cands[k]; !c.struck {
				if _, ok := parsed[c]; ok && (near == nil || dist(c) < dist(near)) {
					near = c
				}
			}
		}
	}
	if near != nil && near.rowNode != nil {
		// Rows of one table or list (ticket categories) each price one
		// choice: the price a person reads is the lowest still on sale
		// ("from 49,90 €"), as for several offers in JSON-LD.
		for k := range cands {
			c := &cands[k]
			p, ok := parsed[c]
			if ok && !c.struck && !c.coupon && !c.soldOut && c.rowNode != nil && c.rowNode.Parent == near.rowNode.Parent &&
				p.Currency == parsed[near].Currency && p.Amount < parsed[near].Amount {
				near = c
			}
		}
	}
	// The nearest price is the shelf price, unless a coupon or "now" price
	// stands in the same price area: the price package records the price
	// after a coupon (到手价) as the price a shopper pays, and so does this.
	sale := near
	if near != nil {
		for k := range cands {
			c := &cands[k]
			// The area is counted in elements, without the nearest
			// price's prominence.
			if _, ok := parsed[c]; !ok || c.struck || dist(c) > dist(near)+2*near.prominence+priceArea {
				continue
			}
			sibling := near.rowNode != nil && c.rowNode != nil && c.rowNode.Parent == near.rowNode.Parent
			if r, best := rank(c, parsed[c]), rank(sale, parsed[sale]); r > best || r == best && dist(c) < dist(sale) && !sibling {
				sale = c
			}
		}
	}
	if sale == nil && list != nil && !list.visiblyStruck {
		// The one price the page shows is labelled as a list price
		// ("MSRP: $449"): with nothing else to pay, it is the price a
		// person reads.
		sale, list = list, nil
	}
	if sale != nil {
		setPrice(&o, parsed[sale], srcHeuristic)
	}
	if list != nil && (o.Price == nil || parsed[list].Amount > o.Price.Amount) {
		lp := parsed[list]
		o.ListPrice = money(lp.Amount, lp.Currency)
		setSource(&o, "list_price", srcHeuristic)
	}

	if !known.ids {
		applyIDs(&o, readIDs(root, page, quoted))
	}
	if !known.availability {
		if a := pageAvailability(root, h1, cart, o.Price != nil || known.price, quoted, rules.AvailabilityPhrases); a != pricing.AvailabilityUnknown {
			o.Availability = a
			setSource(&o, "availability", srcHeuristic)
		}
	}
	for _, n := range counts {
		t := strings.ToLower(cleanText(nodeText(n)))
		switch {
		case o.Reviews == nil && containsAny(t, reviewWords):
			if c := count(t); c != nil {
				o.Reviews = c
				setSource(&o, "reviews", srcHeuristic)
			}
		case o.Sales == nil && containsAny(t, salesWords):
			if c := count(t); c != nil {
				o.Sales = c
				setSource(&o, "sales", srcHeuristic)
			}
		}
	}
	return o, 0, seen
}

func hasAttrs(n *html.Node) bool { return len(n.Attr) > 0 }

// ownText is the text of n's own text children, without its elements',
// or "" when that text holds no digit.
func ownText(n *html.Node) string {
	digit := false
	for c := n.FirstChild; c != nil && !digit; c = c.NextSibling {
		digit = c.Type == html.TextNode && strings.ContainsFunc(c.Data, unicode.IsDigit)
	}
	if !digit {
		return "" // no amount of its own: the common case, read without a copy
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			b.WriteByte(' ')
		}
	}
	return cleanText(b.String())
}

// firstH1 returns the page's first h1 outside the head and scripts.
func firstH1(root *html.Node) *html.Node {
	var found *html.Node
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if found != nil || depth > 512 {
			return
		}
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "noscript", "template", "head":
				return
			case "h1":
				if !logoH1(n) {
					found = n
				}
				return
			}
		}
		for c := n.FirstChild; c != nil && found == nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(root, 0)
	return found
}

// logoH1 reports whether an h1 is the shop's logo or name rather than a
// title: it or a near ancestor is named for the logo or the site's name, or
// it links to the shop's home page. Reading distances from it would make
// the header the product's place.
func logoH1(n *html.Node) bool {
	for a, depth := n, 0; a != nil && a.Type == html.ElementNode && depth < 3; a, depth = a.Parent, depth+1 {
		for _, t := range attrTokens(a) {
			switch t {
			case "logo", "sitename", "brand-logo", "masthead":
				return true
			}
		}
		if cls := strings.ToLower(attr(a, "class") + " " + attr(a, "id")); strings.Contains(cls, "site-title") || strings.Contains(cls, "site-name") || strings.Contains(cls, "site-logo") {
			return true
		}
	}
	var home bool
	var walk func(c *html.Node)
	walk = func(c *html.Node) {
		for k := c.FirstChild; k != nil && !home; k = k.NextSibling {
			if k.Type == html.ElementNode && k.Data == "a" {
				if h := strings.TrimSpace(attr(k, "href")); h == "/" || h == "./" || strings.HasSuffix(h, "://"+hostOf(h)+"/") {
					home = true
					return
				}
			}
			walk(k)
		}
	}
	walk(n)
	return home
}

// hostOf is the host part of an absolute URL, or "" for another href.
func hostOf(h string) string {
	_, rest, ok := strings.Cut(h, "://")
	if !ok {
		return "\x00"
	}
	host, _, _ := strings.Cut(rest, "/")
	return host
}

// holdsStrike reports whether n holds a struck-through element, or one
// whose class names an old price, at any depth: then it shows two prices,
// the old and the new, and is not one price in parts.
func holdsStrike(n *html.Node) bool { return struckWithin(n, true) }

// struckWithin reports whether one of n's elements, its own or (deep) any
// below, is an old price by its tag or class.
func struckWithin(n *html.Node, deep bool) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch c.Data {
		case "del", "s", "strike":
			return true
		}
		if struckClass(attr(c, "class")) || deep && struckWithin(c, true) {
			return true
		}
	}
	return false
}

// inLink reports whether n sits inside a link to another page: a price
// there is another product's (or a filter's).
func inLink(n *html.Node) bool {
	for a := n; a != nil; a = a.Parent {
		if a.Type == html.ElementNode && a.Data == "a" && isProductHref(attr(a, "href")) {
			return true
		}
	}
	return false
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// The bits visit reports about a subtree.
const (
	hasPrice uint8 = 1 << iota // a price candidate
	hasLink                    // a link to another page
	hasCard                    // a product card
	hasH1                      // the page's first h1
)

// percentRE finds a discount percentage ("-20 %", "49%折扣", "62% off").
var percentRE = regexp.MustCompile(`\d\s?%`)

// minCards is how many alike priced, linked siblings make a grid of
// product cards rather than, say, a product's price next to its reviews
// link.
const minCards = 3

// cardSet holds the product cards of a page: sibling elements alike in tag
// and classes that each hold a price and a link. Only the innermost such
// elements count (a row of grids is not a row of cards), and never the one
// holding the page's h1, which is what the page is about.
type cardSet map[*html.Node]bool

// mark adds the siblings that are alike in groups of minCards or more and
// reports whether it added any.
func (cs cardSet) mark(siblings []*html.Node) bool {
	added := false
	used := make([]bool, len(siblings))
	for k, a := range siblings {
		if used[k] {
			continue
		}
		group := []*html.Node{a}
		ta := classTokens(a)
		for m := k + 1; m < len(siblings); m++ {
			if b := siblings[m]; !used[m] && b.Data == a.Data && alike(ta, classTokens(b)) {
				used[m] = true
				group = append(group, b)
			}
		}
		if len(group) >= minCards {
			for _, n := range group {
				cs[n] = true
			}
			added = true
		}
	}
	return added
}

// buysHere reports whether n is the buy area of a product shown outside the
// cards: a button or field of a form, or a control saying "add to cart" and
// the like. A link merely classed "buy" (a header's "Buy a gift card") is
// not.
func buysHere(n *html.Node) bool {
	if isQuantityInput(n, strings.ToLower(attr(n, "class")+" "+attr(n, "id"))) || containsAny(cartText(n), cartPhrases) {
		return true
	}
	if n.Data == "a" {
		return false
	}
	for a := n.Parent; a != nil; a = a.Parent {
		if a.Type == html.ElementNode && a.Data == "form" {
			return true
		}
	}
	return false
}

// ownPrice reports whether a price outside the cards can be the page's own
// product's: a positive amount that is not part of a link (a price filter,
// another product).
func ownPrice(c priceCandidate, h price.Hints) bool {
	for a := c.n; a != nil; a = a.Parent {
		if a.Type == html.ElementNode && a.Data == "a" && attr(a, "href") != "" {
			return false
		}
	}
	p, ok, err := parseMoney(c.text, h)
	return ok && err == nil && p.Amount > 0
}

// holds reports whether n is a card or inside one.
func (cs cardSet) holds(n *html.Node) bool {
	for a := n; a != nil; a = a.Parent {
		if cs[a] {
			return true
		}
	}
	return false
}

// classTokens returns n's class names without the ones that carry digits,
// which are mostly per-item ("post-55", "col-3").
func classTokens(n *html.Node) []string {
	var out []string
	for _, t := range strings.Fields(strings.ToLower(attr(n, "class"))) {
		if !strings.ContainsFunc(t, unicode.IsDigit) {
			out = append(out, t)
		}
	}
	return out
}

// alike reports whether two class lists share at least half of the
// shorter one's names, so that cards marked "first", "sale" or "outofstock"
// still match their neighbours.
func alike(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return len(a) == len(b)
	}
	shared := 0
	for _, t := range a {
		if slices.Contains(b, t) {
			shared++
		}
	}
	return 2*shared >= min(len(a), len(b))
}

// isProductHref reports whether a link leads to another page, not to a
// place on this one or to a script.
func isProductHref(h string) bool {
	h = strings.TrimSpace(h)
	return h != "" && !strings.HasPrefix(h, "#") && !strings.HasPrefix(strings.ToLower(h), "javascript:")
}

// isQuantityInput reports whether n is the quantity field of a buy form.
func isQuantityInput(n *html.Node, cls string) bool {
	if n.Data != "input" {
		return false
	}
	name := strings.ToLower(attr(n, "name"))
	return strings.Contains(name, "qty") || strings.Contains(name, "quantity") || strings.Contains(cls, "qty") || strings.Contains(cls, "quantity")
}

// priceArea is how many elements past the nearest price a coupon or "now"
// price may stand and still belong to the same product.
const priceArea = 12

// rank orders the non-struck prices as the price package does: after a
// coupon, then labelled current, then unlabelled.
func rank(c *priceCandidate, p price.Price) int {
	switch {
	case c.coupon:
		return 3
	case p.Label == price.LabelCurrent:
		return 2
	}
	return 1
}

var (
	// notPriceWords mark money amounts that are not the product's price:
	// savings, thresholds, shipping.
	notPriceWords = []string{"save", "off", "over", "shipping", "delivery", "省", "立减", "满", "运费", "包邮", "返"}
	salesWords    = []string{"月销", "已售", "销量", "sold", "付款", "人购买", "人付款"}
	reviewWords   = []string{"review", "评价", "评论", "ratings"}
)

// isCountText reports whether a short text states sales or reviews.
func isCountText(lower string) bool {
	return strings.ContainsFunc(lower, unicode.IsDigit) && (containsAny(lower, salesWords) || containsAny(lower, reviewWords))
}

func isCartControl(n *html.Node, cls string) bool {
	switch n.Data {
	case "button", "a", "input":
	default:
		return false
	}
	if strings.Contains(cls, "add-to-cart") || strings.Contains(cls, "addtocart") || strings.Contains(cls, "add_to_cart") || strings.Contains(cls, "buy") {
		return true
	}
	return containsAny(cartText(n), cartPhrases)
}

// cartPhrases are what buy buttons say.
var cartPhrases = append([]string{"sold out", "到货通知"}, buyControlPhrases...)

// cartText is a control's words, lower-cased.
func cartText(n *html.Node) string {
	return strings.ToLower(cleanText(nodeText(n) + " " + attr(n, "value")))
}

// classify tells a struck-through or labelled old price and a coupon price
// apart from the selling price, looking at the element, two ancestors and
// the label just before it.
func classify(n *html.Node, text string) (struck, coupon bool) {
	lower := strings.ToLower(text)
	label := strings.ToLower(prevLabel(n)) + " "
	if containsAny(lower, struckWords) || containsAny(label, struckWords) {
		return true, false
	}
	if strings.Contains(lower, "券后") || strings.Contains(label, "券后") || strings.Contains(label, "coupon") {
		coupon = true
	}
	for a, depth := n, 0; a != nil && a.Type == html.ElementNode && depth < 3; a, depth = a.Parent, depth+1 {
		switch a.Data {
		case "del", "s", "strike":
			return true, false
		}
		if strings.Contains(strings.ReplaceAll(strings.ToLower(attr(a, "style")), " ", ""), "line-through") {
			return true, false
		}
		if struckClass(attr(a, "class")) {
			return true, false
		}
		if strings.Contains(strings.ToLower(attr(a, "class")), "coupon") {
			coupon = true
		}
	}
	return false, coupon
}

// struckClass reports whether a class attribute names an old price
// (struckClasses).
// It splits and compares in place: holdsStrike asks it of every element
// inside a price area.
func struckClass(class string) bool {
	for class != "" {
		i := strings.IndexAny(class, " _-\t\n")
		tok := class
		if i >= 0 {
			tok, class = class[:i], class[i+1:]
		} else {
			class = ""
		}
		if tok == "" {
			continue
		}
		for _, w := range struckClasses {
			if strings.EqualFold(tok, w) || len(tok) == len(w)-1 && strings.EqualFold(tok, struckJoined[w]) {
				return true
			}
		}
	}
	return false
}

// struckJoined is each hyphenated struckClasses word without its hyphen
// ("line-through" as "linethrough").
var struckJoined = func() map[string]string {
	m := map[string]string{}
	for _, w := range struckClasses {
		if strings.Contains(w, "-") {
			m[w] = strings.ReplaceAll(w, "-", "")
		}
	}
	return m
}()

// struckChild reports whether one of n's own elements is an old price by
// its tag or class: "32 999 ₽<span class="prev">36 999</span>" reads as
// one text that is neither price.
func struckChild(n *html.Node) bool { return struckWithin(n, false) }

// prevLabel returns the text just before n within its parent (a label such
// as "原价" or "券后" in its own span), or the parent's own when n is first.
// A currency sign in its own element ("<em>¥</em>") is not a label: the
// search goes on past texts without letters, up to three levels up.
func prevLabel(n *html.Node) string {
	for a, depth := n, 0; a != nil && depth < 3; a, depth = a.Parent, depth+1 {
		for s := a.PrevSibling; s != nil; s = s.PrevSibling {
			var t string
			switch s.Type {
			case html.TextNode:
				t = cleanText(s.Data)
			case html.ElementNode:
				t = cleanText(nodeText(s))
			}
			if strings.ContainsFunc(t, unicode.IsDigit) {
				return "" // another price: any label before it is its own
			}
			if !strings.ContainsFunc(t, unicode.IsLetter) {
				continue
			}
			if utf8.RuneCountInString(t) > 32 || statesValue(t) {
				return ""
			}
			return t
		}
	}
	return ""
}

func containsAny(s string, subs []string) bool {
	for _, w := range subs {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// statesValue reports whether a text is a label with its own value
// ("Condition: Used", "Colour: Navy"): a whole statement, not the label of
// what follows it.
func statesValue(t string) bool {
	i := strings.LastIndexAny(t, ":：")
	if i < 0 {
		return false
	}
	_, size := utf8.DecodeRuneInString(t[i:])
	return strings.ContainsFunc(t[i+size:], unicode.IsLetter)
}
