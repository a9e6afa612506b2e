package extract

import (
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
func heuristicOffer(root *html.Node, rules Rules) pricing.Offer {
	var o pricing.Offer
	var cands []priceCandidate
	var h1, cart *html.Node
	order := map[*html.Node]int{}
	var avail []*html.Node
	var counts []*html.Node
	i := 0

	// candidate reports whether n's subtree holds a price candidate, so a
	// container is never taken for the price its children show.
	var visit func(n *html.Node, depth int) bool
	visit = func(n *html.Node, depth int) bool {
		if depth > 512 {
			return false
		}
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "noscript", "template", "head", "select", "option", "textarea":
				return false
			}
			i++
			order[n] = i
			if n.Data == "h1" && h1 == nil {
				h1 = n
			}
			cls := strings.ToLower(attr(n, "class") + " " + attr(n, "id"))
			if cart == nil && isCartControl(n, cls) {
				cart = n
			}
			if strings.Contains(cls, "stock") || strings.Contains(cls, "avail") || strings.Contains(cls, "inventory") {
				avail = append(avail, n)
			}
		}
		below := false
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if visit(c, depth+1) {
				below = true
			}
		}
		if below || n.Type != html.ElementNode {
			return below
		}
		text := cleanText(nodeText(n))
		if text == "" || utf8.RuneCountInString(text) > 60 {
			return false
		}
		lower := strings.ToLower(text)
		if isCountText(lower) {
			counts = append(counts, n)
			return false
		}
		if !strings.ContainsFunc(text, unicode.IsDigit) {
			return false
		}
		cls := strings.ToLower(attr(n, "class") + " " + attr(n, "id") + " " + attr(n, "itemprop"))
		if !strings.Contains(cls, "price") && !containsAny(lower, currencyMarks) || containsAny(lower, notPriceWords) {
			return false
		}
		cands = append(cands, priceCandidate{n: n, order: order[n], text: text})
		return true
	}
	visit(root, 0)

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
	h := rules.hints()
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
	return o
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
	t := strings.ToLower(cleanText(nodeText(n) + " " + attr(n, "value")))
	return containsAny(t, []string{"add to cart", "add to bag", "加入购物车", "立即购买", "buy now", "sold out", "到货通知"})
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
