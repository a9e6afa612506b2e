package extract

import (
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
}

// currencyMarks are the signs and codes that make a short text price-like.
var currencyMarks = []string{
	"¥", "￥", "$", "€", "£", "₩", "₹", "₽", "元", "rmb", "cny", "usd", "eur", "gbp", "jpy", "hk$", "nt$",
}

// struckWords label a price as the old one.
var struckWords = []string{"was ", "was:", "原价", "划线价", "市场价", "吊牌价", "专柜价", "参考价", "rrp", "msrp", "list price", "compare at", "regular price", "originally"}

// struckClasses mark an element's price as the old one.
var struckClasses = []string{"old", "was", "original", "origin", "compare", "strike", "list-price", "listprice", "regular", "before", "rrp", "msrp", "del", "line-through", "yuanjia"}

// heuristicOffer reads what a page shows to people when it carries no
// structured data: the h1 as title, the price-like text nearest the title or
// the add-to-cart button (the sale price; a struck-through one becomes the
// list price), stock words near the buy area, and sales/review counts.
//
// A grid of product cards (see cardSet) is not one product: when a page
// shows three or more cards and no product of its own outside them (a buy
// control and a price outside every card), heuristicOffer returns no offer
// and the number of cards, so that the caller can say why. On a product page
// with a strip of related products the cards' prices, stock words and counts
// are left out, as they describe other products.
func heuristicOffer(root *html.Node, rules Rules) (o pricing.Offer, listingCards int) {
	var cands []priceCandidate
	var h1 *html.Node
	var carts []*html.Node
	order := map[*html.Node]int{}
	var avail []*html.Node
	var counts []*html.Node
	cs := cardSet{}
	i := 0

	// visit returns what n's subtree holds (the has* bits). hasPrice keeps a
	// container from being taken for the price its children show; the
	// others find the product cards.
	var visit func(n *html.Node, depth int) uint8
	visit = func(n *html.Node, depth int) uint8 {
		if depth > 512 {
			return 0
		}
		var has uint8
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "noscript", "template", "head", "select", "option", "textarea":
				return 0
			}
			i++
			order[n] = i
			if n.Data == "h1" && h1 == nil {
				h1 = n
				has |= hasH1
			}
			cls := strings.ToLower(attr(n, "class") + " " + attr(n, "id"))
			if isCartControl(n, cls) || isQuantityInput(n, cls) {
				carts = append(carts, n)
			}
			if strings.Contains(cls, "stock") || strings.Contains(cls, "avail") || strings.Contains(cls, "inventory") {
				avail = append(avail, n)
			}
			if n.Data == "a" && isProductHref(attr(n, "href")) {
				has |= hasLink
			}
		}
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
		if has&hasPrice != 0 || n.Type != html.ElementNode {
			return has
		}
		text := cleanText(nodeText(n))
		if text == "" || utf8.RuneCountInString(text) > 60 {
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
		cls := strings.ToLower(attr(n, "class") + " " + attr(n, "id") + " " + attr(n, "itemprop"))
		if !strings.Contains(cls, "price") && !containsAny(lower, currencyMarks) || containsAny(lower, notPriceWords) {
			return has
		}
		cands = append(cands, priceCandidate{n: n, order: order[n], text: text})
		return has | hasPrice
	}
	visit(root, 0)

	h := rules.hints()
	if len(cs) >= minCards {
		cands = slices.DeleteFunc(cands, func(c priceCandidate) bool { return cs.holds(c.n) })
		carts = slices.DeleteFunc(carts, cs.holds)
		if !slices.ContainsFunc(carts, buysHere) || !slices.ContainsFunc(cands, func(c priceCandidate) bool { return ownPrice(c, h) }) {
			// Nothing outside the cards can be bought, or no price outside
			// them is the page's own: the page lists products rather than
			// being one.
			return pricing.Offer{}, len(cs)
		}
		avail = slices.DeleteFunc(avail, cs.holds)
		counts = slices.DeleteFunc(counts, cs.holds)
	}
	var cart *html.Node
	for _, c := range carts {
		if c.Data != "input" || isCartControl(c, strings.ToLower(attr(c, "class")+" "+attr(c, "id"))) {
			cart = c // a quantity field is no anchor and has no stock words
			break
		}
	}

	if h1 != nil {
		if t := cleanText(nodeText(h1)); t != "" {
			o.Title = t
			setSource(&o, "title", srcHeuristic)
		}
	}
	anchor := 0
	switch {
	case h1 != nil:
		anchor = order[h1]
	case cart != nil:
		anchor = order[cart]
	}
	dist := func(c *priceCandidate) int {
		d := c.order - anchor
		if d < 0 {
			// Prices above the title are most often in the header's cart.
			d = -d * 2
		}
		return d
	}
	parsed := map[*priceCandidate]price.Price{}
	var near, list *priceCandidate
	for k := range cands {
		c := &cands[k]
		p, ok, err := parseMoney(c.text, h)
		if !ok || err != nil {
			continue
		}
		parsed[c] = p
		c.struck, c.coupon = classify(c.n, c.text)
		c.struck = c.struck || p.Label == price.LabelList
		c.coupon = c.coupon || p.Label == price.LabelCoupon
		switch {
		case c.struck:
			if list == nil || dist(c) < dist(list) {
				list = c
			}
		case near == nil || dist(c) < dist(near):
			near = c
		}
	}
	// The nearest price is the shelf price, unless a coupon or "now" price
	// stands in the same price area: the price package records the price
	// after a coupon (到手价) as the price a shopper pays, and so does this.
	sale := near
	if near != nil {
		for k := range cands {
			c := &cands[k]
			if _, ok := parsed[c]; !ok || c.struck || dist(c) > dist(near)+priceArea {
				continue
			}
			if r, best := rank(c, parsed[c]), rank(sale, parsed[sale]); r > best || r == best && dist(c) < dist(sale) {
				sale = c
			}
		}
	}
	if sale != nil {
		setPrice(&o, parsed[sale], srcHeuristic)
	}
	if list != nil && (o.Price == nil || parsed[list].Amount > o.Price.Amount) {
		lp := parsed[list]
		o.ListPrice = money(lp.Amount, lp.Currency)
		setSource(&o, "list_price", srcHeuristic)
	}

	// Availability: stock labels first, then the buy button's words.
	if cart != nil {
		avail = append(avail, cart)
	}
	for _, n := range avail {
		if a := NormalizeAvailability(nodeText(n), rules.AvailabilityPhrases); a != pricing.AvailabilityUnknown {
			o.Availability = a
			setSource(&o, "availability", srcHeuristic)
			break
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
	return o, 0
}

// The bits visit reports about a subtree.
const (
	hasPrice uint8 = 1 << iota // a price candidate
	hasLink                    // a link to another page
	hasCard                    // a product card
	hasH1                      // the page's first h1
)

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
var cartPhrases = []string{"add to cart", "add to bag", "加入购物车", "立即购买", "buy now", "sold out", "到货通知"}

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
		for _, tok := range strings.FieldsFunc(strings.ToLower(attr(a, "class")), func(r rune) bool { return r == ' ' || r == '_' || r == '-' }) {
			for _, w := range struckClasses {
				if tok == w || tok == strings.ReplaceAll(w, "-", "") {
					return true, false
				}
			}
		}
		if strings.Contains(strings.ToLower(attr(a, "class")), "coupon") {
			coupon = true
		}
	}
	return false, coupon
}

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
			if utf8.RuneCountInString(t) > 20 {
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
