// Package price reads prices out of the text shops show: "¥1,299.00",
// "1 299,00 €", "券后¥79", "$10 – $20". It turns visible text into exact
// amounts and ISO 4217 currency codes; it never uses float64.
//
// # Numbers
//
// Digits may be grouped by ',', '.', ' ' (also no-break and narrow no-break
// spaces) or an apostrophe (Swiss "1'299.00"), in groups of three or in
// Indian 2-digit groups ("1,29,999"). Which separator is the decimal point
// is decided in this order:
//
//   - A trailing ",-" or ".-" means no minor units and names the point:
//     "199,-", "1.299,- €".
//   - When both ',' and '.' appear, the last one is the point: "1,299.00",
//     "1.299,00".
//   - A separator that appears more than once groups: "1,234,567".
//   - A ',' or '.' after space or apostrophe grouping is the point: "1 299,00".
//   - A lone separator not followed by exactly three digits is the point:
//     "12,99", "12.5"; so is one after a leading zero or more than three
//     digits: "0,500", "1234,567".
//   - Otherwise ("1,299", "34.000") Hints.DecimalSeparator decides. Without
//     a hint ',' groups ("1,299" is 1299), and '.' is the point only when no
//     currency is known ("34.000" is 34.00) or the currency has three
//     decimals (KWD, BHD, ...): shops never show three decimals of a
//     two-decimal or whole currency, so "1.299 €", "$34.000" and "¥1.299"
//     with a JPY hint are 1299, 34000 and 1299.
//   - "12€99" (French style) is 12.99.
//
// More than two decimals are rounded half away from zero; "99¢" is 0.99. Chinese
// multipliers are exact: "2.5万" is 25000, "1.2萬" 12000, "3亿" 300000000;
// "k" and "M" multiply only a number with a currency next to it, because
// on a bare number they are units as often ("5m"). More than 15 integer
// digits, and negative amounts, are errors wrapping ErrInvalidPrice.
//
// # Currencies
//
// Symbols, codes and words may stand before or after the number. Symbols
// shared by several currencies take their most common meaning unless
// Hints.Currency names another currency the symbol is used for: "$" is USD
// (or the hinted dollar, peso and similar "$" currency), "¥" is CNY (JPY
// with a JPY hint or when the text also says 円 or JP¥), "kr" is SEK (or
// the hinted NOK, DKK, ISK), "元"/"块" are CNY (or the hinted TWD, HKD, MOP),
// "£" is GBP, "Rs" is INR. Upper-case ISO 4217 codes stand for themselves
// ("RMB" is CNY); lower-case codes are read only for the common ones
// ("12,99 eur"). A number with no currency in the text takes
// Hints.Currency, and Currency is "" when there is no hint either.
//
// # Which numbers are prices
//
// A number with a currency next to it is a price. A number without one is a
// price only when the text holds nothing but that number, or a range, and
// price labels ("Price:", "现价", "from"): "1299" and "Sale price 12.99" are
// prices, "Only 3 left", "500ml", "256GB" and "-20%" are not. A number with
// a unit or a percent sign is never a price. Zero ("$0.00", a common
// placeholder) is no price.
//
// Ranges are two prices joined by '-', '–', '—', '~', "to", "至", "bis":
// "¥99-199", "$10 – $20", "1-2万元". The currency and the Chinese
// multiplier of one end carry to the other. A range whose lower end is the
// larger is read as two prices. "from"-prices ("from $10", "ab 10 €",
// "à partir de 10 €", "起价¥99", "¥99起") set Range and From; their upper end
// is unknown, so Max equals Min.
//
// # Which price wins
//
// When the text holds several prices, Parse returns the first one with the
// strongest label: after-coupon (券后, 到手价) beats current (现价, now,
// sale), which beats an unlabelled price, which beats a list price (原价,
// 划线价, was, RRP, MSRP). So "¥99 券后¥79" is 79, "原价¥199 现价¥99" is 99,
// "Now £9.99 Was £12.99" is 9.99 and "Was $15 $12.99" is 12.99. Amounts
// that are discounts or thresholds ("save $5", "$5 off", "满199减20",
// "$4.99 shipping") are not prices. All returns every price in text order.
package price

import (
	"errors"
	"fmt"
	"html"
	"strings"

	"golang.org/x/text/currency"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// ErrNoPrice is returned (wrapped) when the text holds no price: "Call for
// price", "面议", "Sold out", "". No price is never a zero price.
var ErrNoPrice = errors.New("no price")

// ErrInvalidPrice is returned (wrapped) when the text shows a price that
// cannot be a price: negative, or too large to hold.
var ErrInvalidPrice = errors.New("invalid price")

// Hints settle what the text alone leaves open.
type Hints struct {
	// Currency is the ISO 4217 code to use when the text names none. It
	// also picks among the currencies a shared symbol stands for ("$",
	// "¥", "kr"). A value that is no ISO 4217 code is ignored.
	Currency string
	// DecimalSeparator is '.' or ',' when the shop's locale is known, 0 to
	// guess from the text.
	DecimalSeparator rune
}

// Label says how the shop labelled a price.
type Label string

// The labels, from the weakest claim to be the selling price to the
// strongest (LabelNone sits between LabelList and LabelCurrent).
const (
	LabelNone    Label = ""
	LabelList    Label = "list"    // 原价, 划线价, was, RRP: the crossed-out price
	LabelCurrent Label = "current" // 现价, now, sale
	LabelCoupon  Label = "coupon"  // 券后, 到手价: the price after a coupon
)

func (l Label) rank() int {
	switch l {
	case LabelList:
		return 0
	case LabelCurrent:
		return 2
	case LabelCoupon:
		return 3
	}
	return 1
}

// Price is what Parse read from one text.
type Price struct {
	// Amount is the price to record: the single price, the lower end of a
	// range, the "from" price, or the price after a coupon.
	Amount pricing.Amount
	// Currency is an ISO 4217 code, or "" when neither text nor hints gave one.
	Currency string
	// Min and Max bound a range ("¥99-199"); equal to Amount for one price.
	Min, Max pricing.Amount
	// Range is true when the text gave a range or a "from"/"起" price.
	Range bool
	// From is true for a "from" price ("from $10", "¥99起"): only the lower
	// end is known, so Max equals Min.
	From bool
	// Label is how the text labelled this price.
	Label Label
}

// Parse reads the price in text: the first price with the strongest label
// (see the package documentation). It returns an error wrapping ErrNoPrice
// when the text holds none, and one wrapping ErrInvalidPrice when the only
// prices it holds are negative or too large.
func Parse(text string, h Hints) (Price, error) {
	ps, err := scan(text, h)
	if len(ps) == 0 {
		return Price{}, err
	}
	best := 0
	for i, p := range ps {
		if p.Label.rank() > ps[best].Label.rank() {
			best = i
		}
	}
	return ps[best], nil
}

// All returns every price in text, in the order the text gives them, with
// their labels; nil when there is none.
func All(text string, h Hints) []Price {
	ps, _ := scan(text, h)
	return ps
}

// atom is one number of the text with what stands around it.
type atom struct {
	first, last int // token span, currency and multiplier included
	num         string
	pow         int
	latin       bool
	cur         *curSym
	neg, unit   bool
	lone        bool // cur came from a currency standing apart
	label       Label
	from, skip  bool
	hi          *atom // the upper end of a range

	code string
	val  pricing.Amount
	err  error
}

// scanner holds what one scan needs besides the tokens.
type scanner struct {
	hint    string
	dec     rune
	textJPY bool // the text says 円 or JP¥, so ¥ is yen
}

func scan(text string, h Hints) ([]Price, error) {
	src := text
	if strings.IndexByte(text, '&') >= 0 {
		// Text copied out of HTML may still hold "&nbsp;" or "&euro;".
		text = html.UnescapeString(text)
	}
	toks := lex(normalize(text))
	s := scanner{dec: h.DecimalSeparator}
	if s.dec != '.' && s.dec != ',' {
		s.dec = 0
	}
	if c := strings.ToUpper(strings.TrimSpace(h.Currency)); c == "RMB" {
		s.hint = "CNY"
	} else if _, err := currency.ParseISO(c); err == nil && len(c) == 3 && c != "XXX" {
		s.hint = c
	}
	for _, t := range toks {
		if t.jp || t.kind == kCur && t.cur.def == "JPY" {
			s.textJPY = true
		}
	}

	atoms := findAtoms(toks)
	lone := loneCurrency(toks, atoms)
	if lone != nil {
		for _, a := range atoms {
			a.cur, a.lone = lone, true
		}
	}
	atoms = s.ranges(toks, atoms)
	for _, a := range atoms {
		s.eval(a)
	}
	labelAtoms(toks, atoms)

	bareOK := true
	for _, a := range atoms {
		if a.cur != nil && !a.lone {
			bareOK = false
		}
	}
	for _, t := range toks {
		switch t.kind {
		case kNum, kDash, kFrom, kFromPost, kLabel, kPunct:
		case kCur:
			bareOK = bareOK && lone != nil
		case kMult:
			bareOK = bareOK && !t.latin
		default:
			bareOK = false
		}
	}

	var ps []Price
	var firstErr error
	for _, a := range atoms {
		if a.unit || a.skip || (a.cur == nil || a.lone) && !bareOK || errors.Is(a.err, errNotNumber) {
			continue
		}
		hi := a
		if a.hi != nil {
			hi = a.hi
		}
		switch {
		case a.err != nil:
			if firstErr == nil {
				firstErr = fmt.Errorf("%w: %q: %w", ErrInvalidPrice, clip(src), a.err)
			}
			continue
		case hi.err != nil:
			if firstErr == nil {
				firstErr = fmt.Errorf("%w: %q: %w", ErrInvalidPrice, clip(src), hi.err)
			}
			continue
		case a.neg:
			if firstErr == nil {
				firstErr = fmt.Errorf("%w: %q is negative", ErrInvalidPrice, clip(src))
			}
			continue
		case a.val == 0 && hi.val == 0:
			continue
		}
		ps = append(ps, Price{
			Amount:   a.val,
			Currency: a.code,
			Min:      a.val,
			Max:      hi.val,
			Range:    a.hi != nil || a.from,
			From:     a.from && a.hi == nil,
			Label:    a.label,
		})
	}
	if len(ps) == 0 && firstErr == nil {
		firstErr = fmt.Errorf("%w in %q", ErrNoPrice, clip(src))
	}
	return ps, firstErr
}

// clip shortens text for error messages.
func clip(s string) string {
	const max = 80
	if len(s) <= max {
		return s
	}
	n := max
	for n > 0 && s[n]&0xC0 == 0x80 { // do not cut a rune in half
		n--
	}
	return s[:n] + "…"
}

// findAtoms gathers each number with its multiplier, currency and sign.
func findAtoms(toks []token) []*atom {
	used := make([]bool, len(toks)) // currency tokens already taken
	var atoms []*atom
	for i := 0; i < len(toks); i++ {
		if toks[i].kind != kNum {
			continue
		}
		a := &atom{first: i, last: i, num: toks[i].text}
		j := i + 1
		if j < len(toks) && toks[j].kind == kMult && !(toks[j].latin && toks[j].space) {
			a.pow, a.latin, a.last = toks[j].pow, toks[j].latin, j
			j++
		}
		if k := i - 1; k >= 0 && toks[k].kind == kCur && !used[k] {
			a.cur, a.first, used[k] = toks[k].cur, k, true
		} else if k >= 1 && toks[k].dash && !toks[i].space && toks[k-1].kind == kCur && !used[k-1] {
			// "$-12.99"
			a.cur, a.first, a.neg, used[k-1] = toks[k-1].cur, k-1, true, true
		}
		// A currency after the number is this number's unless it already
		// has one and the next number follows: "¥99 ¥199".
		if j < len(toks) && toks[j].kind == kCur && (a.cur == nil || j+1 >= len(toks) || toks[j+1].kind != kNum) {
			if post := toks[j].cur; a.cur == nil || len(a.cur.alts) > 0 && len(post.alts) == 0 {
				a.cur = post // "$10 CAD": the code is more specific
			}
			used[j], a.last = true, j
			j++
			// "12€99": the symbol stands in for the decimal point.
			if j < len(toks) && !toks[j-1].space && toks[j].kind == kNum && !toks[j].space &&
				len(toks[j].text) == 2 && isDigit(rune(toks[j].text[0])) && isDigit(rune(toks[j].text[1])) &&
				!strings.ContainsAny(a.num, ".,' ") {
				a.num += "." + toks[j].text
				a.last = j
				j++
			}
		}
		if j < len(toks) {
			switch t := toks[j]; t.kind {
			case kPct:
				a.unit = true
			case kWord, kCount, kRating, kMult:
				// "500ml", "256GB", "3件": a quantity, unless a currency says
				// otherwise.
				a.unit = a.unit || !t.space && a.cur == nil
			}
		}
		if a.latin && a.cur == nil {
			a.unit = true
		}
		if p := a.first - 1; !a.neg && p >= 0 && toks[p].dash && !toks[a.first].space &&
			(len(atoms) == 0 || atoms[len(atoms)-1].last != p-1) {
			a.neg = true
		}
		atoms = append(atoms, a)
		i = a.last
	}
	return atoms
}

// loneCurrency returns the currency standing apart from any number, as in
// "Price (USD): 12.99", when no number has one of its own and the text
// names only that one; else nil.
func loneCurrency(toks []token, atoms []*atom) *curSym {
	for _, a := range atoms {
		if a.cur != nil {
			return nil
		}
	}
	var lone *curSym
	for _, t := range toks {
		if t.kind != kCur {
			continue
		}
		if lone != nil && lone.def != t.cur.def {
			return nil
		}
		lone = t.cur
	}
	return lone
}

// ranges joins "a - b" pairs into ranges.
func (s *scanner) ranges(toks []token, atoms []*atom) []*atom {
	var out []*atom
	for k := 0; k < len(atoms); k++ {
		a := atoms[k]
		if k+1 < len(atoms) {
			b := atoms[k+1]
			if b.first == a.last+2 && toks[a.last+1].kind == kDash && !a.unit && !b.unit && !a.neg &&
				(a.cur == nil || b.cur == nil || a.cur.def == b.cur.def) {
				ac, bc, ap := a.cur, b.cur, a.pow
				if a.cur == nil {
					a.cur = b.cur
				}
				if b.cur == nil {
					b.cur = a.cur
				}
				// "1-2万": the multiplier carries back, but not in "5000-2万".
				if a.pow == 0 && b.pow > 0 && !b.latin && intLen(a.num) <= intLen(b.num) {
					a.pow = b.pow
				}
				s.eval(a)
				s.eval(b)
				if a.err == nil && b.err == nil && a.val <= b.val {
					a.hi, a.last = b, b.last
					out = append(out, a)
					k++
					continue
				}
				a.cur, b.cur, a.pow = ac, bc, ap
			}
		}
		out = append(out, a)
	}
	return out
}

// intLen is the number of characters before the decimal point, near enough
// to compare magnitudes of the two ends of a range.
func intLen(num string) int {
	if i := strings.IndexAny(num, ".,"); i >= 0 {
		return i
	}
	return len(num)
}

// eval resolves the atom's currency and amount.
func (s *scanner) eval(a *atom) {
	a.code = s.hint
	if a.cur != nil {
		a.code = a.cur.resolve(s.hint)
		if s.textJPY && a.cur.def == "CNY" && len(a.cur.alts) == 2 {
			a.code = "JPY" // "¥" in a text that also says 円
		}
	}
	p, err := plain(a.num, s.dec, minorOf(a.code))
	if err != nil {
		a.err = err
		return
	}
	pow := a.pow
	if a.cur != nil && a.cur.cents {
		pow -= 2
	}
	v, err := pricing.ParseAmount(trimZeros(shift(p, pow)))
	a.val, a.err = v, err
	if a.hi != nil {
		s.eval(a.hi)
	}
}

// labelAtoms hands each label, "from" and discount marker to the atom it
// belongs to: labels to the next atom, "起" and "off" to the previous one.
func labelAtoms(toks []token, atoms []*atom) {
	startAt := make(map[int]*atom, len(atoms))
	for _, a := range atoms {
		startAt[a.first] = a
	}
	var pending Label
	var from, skip bool
	var prev *atom
	for i := 0; i < len(toks); i++ {
		if a := startAt[i]; a != nil {
			a.label, a.from, a.skip = pending, from, skip
			pending, from, skip = LabelNone, false, false
			prev, i = a, a.last
			continue
		}
		adjacent := prev != nil && prev.last == i-1
		switch t := toks[i]; t.kind {
		case kLabel:
			if t.role != LabelNone {
				pending = t.role
			}
		case kFrom:
			from = true
		case kFromPost:
			if adjacent {
				prev.from = true
			}
		case kSkipPre:
			skip = true
		case kSkipPost:
			if adjacent {
				prev.skip = true
			}
		case kWord:
			skip = false
		}
	}
}
