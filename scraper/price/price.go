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
//   - A trailing ",-" or ".-" means no minor units and names the point,
//     so the separators before it group: "199,-", "1.299,- €", "1.299.-".
//   - When both ',' and '.' appear, the last one is the point: "1,299.00",
//     "1.299,00".
//   - A separator that appears more than once groups: "1,234,567".
//   - A ',' or '.' after space or apostrophe grouping is the point: "1 299,00".
//   - A lone separator not followed by exactly three digits is the point:
//     "12,99", "12.5"; so is one after a leading zero or more than three
//     digits: "0,500", "1234,567".
//   - Otherwise ("1,299", "34.000") the currency's minor unit (CLDR, via
//     golang.org/x/text/currency) decides: a currency without decimals
//     (JPY, KRW, VND, CLP, IDR, ISK, and HUF, CZK, TWD as shops print
//     them) groups ("$24.990" with a CLP hint is 24990); a three-decimal
//     one (KWD, BHD, OMR, JOD, TND, LYD) takes '.' as the point ("KD
//     1.250"; TND also ','). Else Hints.DecimalSeparator decides, and
//     without it the separator groups: "1,299", "1.299 €", "$34.000" and
//     "RENAULT 129.900" are 1299, 1299, 34000 and 129900.
//   - A space after a final separator before two digits is dropped:
//     "$119. 95", "1.837, 32 €", and so is one before it, where the
//     fraction sat in an element of its own: "$12 .99", "$ 1,199\n.99".
//     A comma with spaces (or line breaks) on both sides joins its two
//     digits only where a currency touches the number and no other number
//     is listed beside it: "12 , 99 €" and "€\n12\n,\n50" are 12.99 and
//     12.50, "38 , 40" and "Größe 38 , 40 €" stay apart.
//     Raised digits are cents: "$12⁹⁹"; after a currency or written cents
//     they are a footnote: "19,99 €¹". Digits of every script are read
//     ("١٢٣٫٤٥", "۱۵۰٬۰۰۰", "１２３").
//   - "12€99" and "1 299€99" (French style) are 12.99 and 1299.99, and so
//     is "12 €99" standing alone.
//   - Cents in a span of their own with no point ("$ 19 99", "19 99 USD",
//     "$ 4 99 ea") join the whole number a currency touches when they are
//     the text's only two numbers, except in a currency without minor units.
//     A point with spaces around it before three digits groups: "Rp 129 .
//     900" is 129900. A leading comma is a point as a leading '.' is: ",99 €"
//     is 0.99.
//
// Price.Exact keeps the amount as written, with the scale the text gave it;
// Amount is the same value as a pricing.Amount, exact in every currency's
// own precision ("KD 423.923" is 423.923); only digits beyond the four
// decimals an Amount holds are rounded half away from zero, and Rounded
// says when that happened. "99¢" is 0.99, "12 руб. 50 коп." 12.50, and
// "65p" 0.65 pounds (a "p" after a one- or two-digit number, without a
// hint or with GBP). Minor units alone are hundredths of the currency they
// name: "20 groszy" is 0.20 PLN, "50 bani" 0.50 RON, "99 cents" 0.99 USD
// (or the hinted euro); "10 коп." is 0.10 in the hinted RUB, UAH or BYN
// and of unknown currency ("") otherwise, as kopecks are all three's.
// "ct" and "gr" are cents and groszy only with an EUR or PLN hint and one
// or two digits, else a count and grams. Such a price ranks below one in
// major units ("4,99 € + 25 ct Pfand" is 4.99). Chinese multipliers
// are exact: "2.5万" is 25000, "1.2萬" 12000, "3亿" 300000000, and
// numbers in parts add up: "1万2000円" is 12000, "3만 5천원" 35000, "1만 9,900원" 19900; "k" and "M" multiply only a number with a
// currency next to it, because on a bare number they are units as often
// ("5m"). More than 14 integer digits, and negative amounts, are errors
// wrapping ErrInvalidPrice.
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
// ("12,99 eur"). About 150 currencies' local symbols and words are known
// (Р, лв., Ft, zł, Kč, ₺, ₴, ₸, ₫, RM, Rp, ฿, S/, KD, د.إ, ...). An unknown
// currency sign, or one unknown word next to the only number ("6790
// Dinara"), is a currency the hint names; but not two to four capitals
// before a whole number, a model line ("RTX 4090"). Letters some
// currencies share with words and multipliers are their symbols only with
// their hint and before a number: "K 25.00" is kina (PGK) or kwacha (ZMW),
// "P 1,299" pula or Philippine pesos, "LE 250" Egyptian pounds; "25K" stays
// 25 thousand. A number with no currency in the
// text takes Hints.Currency, and Currency is "" when there is no hint
// either.
//
// # Which numbers are prices
//
// A number with a currency next to it is a price. A number without one is a
// price only when the text holds nothing but that number, or a range, and
// price labels ("Price:", "现价", "from"), or when a price label stands
// right before it ("Everyday Low Price 12.99"): "1299" and "Sale price
// 12.99" are prices, "Only 3 left", "500ml", "256GB" and "-20%" are not. A
// number with a unit or a percent sign is never a price, nor are dates
// ("25-09", "2024/03/01"), ratings ("4.5 out of 5", "★4.8", "4.7
// (1,234)"), counts in brackets ("(2,345)"), multi-buys ("3 for 2"), a year
// next to a word, phone numbers, SKUs, model names ("Watch6"), sizes ("EU
// 42") and thresholds ("Free shipping on orders $49+", "5,000円以上送料無料"),
// nor are times ("14:30"), whole numbers with a leading zero ("0800 123
// 456": a phone number), deposits ("Pfand 0,25 €"), points ("120 pts") and
// screen sizes ("65 Zoll"). A currency between
// two numbers belongs to the one it touches: "Qty 2 $12.99" is 12.99;
// but a symbol written after numbers ("₽", "€", "zł", "Kč", "Lei") ends a
// number written as a price (thousands grouped or two decimals) before it
// when the next number has no symbol after it: "32 999 ₽36 999" is the
// sale price 32999 run into the struck-out 36999. A
// price followed by "/kg", "/each" or "pro kg", or after "1 kg =", is a
// unit price (Price.Unit); instalments ("4 payments of $6.25", "12x de R$
// 44,00", "3 × 33,33 €") have Unit "instalment", and a price paid per
// month ("54,13 € mtl.") has that word as its Unit; both rank below the
// price paid at once ("ab 54,13 € mtl. oder 1.299,00 €" is 1299.00). Zero ("$0.00", a common placeholder) and
// "Free" are no price unless Hints.KeepZero asks for them; then they are a
// Price with Free set.
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
// "Now £9.99 Was £12.99" is 9.99 and "Was $15 $12.99" is 12.99. An arrow
// leads from the list price to the current one ("39,000원 → 29,900원"), and
// Portuguese "por" names the current price ("De R$ 199,90 por R$ 149,90").
// Two unlabelled prices with a discount percentage that turns the higher
// into the lower (within two points) are a list and a current price in
// either order: "R$1.299 R$999 23% OFF" is 999.
//
// Among prices of equal label, one for the item (or for each) beats a unit
// price, one in the hinted currency beats one in another ("29,99 лв. /
// 15,33 €" is 15.33 for a euro shop), and one with tax beats one marked net
// of tax ("£20.83 ex VAT £24.99 inc VAT" is 24.99) or a multi-buy's total
// ("2 for $5.00 $2.99 each" is 2.99). A net word qualifies
// the price before it unless a colon or an opening bracket puts it before
// the next; a net price in brackets right after another price restates
// that price and is skipped ("定価：1,980円（本体1,800円＋税）" is 1980).
// Amounts that are discounts, fees or thresholds ("save $5", "$5 off",
// "满199减20", "$4.99 shipping", "$8.50 fees", "Frais de port : 4,99 €",
// "Вы экономите 300 ₽") are not prices; a discount word after a percentage
// is the percentage's ("30% 할인 29,900원" is 29900). All returns
// every price in text order.
package price

import (
	"errors"
	"fmt"
	"html"
	"strconv"
	"strings"
	"unicode"

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
	// KeepZero makes Parse and All return zero and free prices ("$0.00",
	// "0,00 €", "Free!", "免费", "Gratis") as a Price with Free set and
	// Amount 0, instead of ErrNoPrice. It is off by default because on a
	// product page a zero is far more often a placeholder than a price;
	// whether an offer may carry price 0 is the caller's rule.
	KeepZero bool
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

	// Exact, ExactMin and ExactMax are Amount, Min and Max exactly as the
	// text wrote them, with the scale it wrote: "KD 423.923" is 423.923,
	// "¥1,299" is 1299, "$24.990" with a CLP hint is 24990, "$12.50" is
	// 12.50 (scale 2).
	Exact, ExactMin, ExactMax Decimal
	// Rounded is true when Amount, Min or Max lost digits beyond the four
	// decimals a pricing.Amount holds, which Exact keeps ("$0.00125" per
	// gram); Decimal.Amount reports the same as an error wrapping
	// ErrPrecision. Every currency's minor unit fits, so a price in its
	// currency's own precision is never rounded.
	Rounded bool
	// Free is true for a zero price: "Free!", "免费", "$0.00". Only with
	// Hints.KeepZero.
	Free bool
	// Unit is set for a price per unit, as the text names the unit:
	// "€3.99/kg" is "kg", "40.00/each" "each", "$15.95/mo" "mo". Amount is
	// the price of one unit.
	Unit string
	// Symbol is the currency marker as the text wrote it ("$", "руб.",
	// "Dinara", "تومان"), "" when the text shows none. An unknown marker
	// leaves Currency to the hint.
	Symbol string
}

// Parse reads the price in text: the first price with the strongest label
// (see the package documentation). It returns an error wrapping ErrNoPrice
// when the text holds none, and one wrapping ErrInvalidPrice when the only
// prices it holds are negative or too large.
func Parse(text string, h Hints) (Price, error) {
	ps, nets, err := scan(text, h)
	if len(ps) == 0 {
		return Price{}, err
	}
	hint := strings.ToUpper(strings.TrimSpace(h.Currency))
	if hint == "RMB" {
		hint = "CNY"
	}
	best := 0
	for i, p := range ps {
		if score(p, nets != nil && nets[i], hint) > score(ps[best], nets != nil && nets[best], hint) {
			best = i
		}
	}
	return ps[best], nil
}

// score orders prices for Parse: by label; among equal labels a price for
// the item (or for each) beats a unit price or an instalment, then a price
// in the hinted currency beats one in another ("29,99 лв. / 15,33 €" for a
// euro shop), and then a price with tax (or not saying) beats one marked
// net of tax ("£20.83 ex VAT").
func score(p Price, net bool, hint string) int {
	s := 8 * p.Label.rank()
	if u := strings.ToLower(p.Unit); u == "" || isEach(u) {
		s += 4 // the price of one item is the item's price
	}
	if hint != "" && p.Currency == hint {
		s += 2
	}
	if !net {
		s++
	}
	return s
}

// All returns every price in text, in the order the text gives them, with
// their labels; nil when there is none.
func All(text string, h Hints) []Price {
	ps, _, _ := scan(text, h)
	return ps
}

// atom is one number of the text with what stands around it.
type atom struct {
	first, last int // token span, currency and multiplier included
	num         string
	pow         int
	latin       bool
	cur         *curSym
	sym         string // the currency marker as written
	neg, unit   bool
	lone        bool // cur came from a currency standing apart
	label       Label
	from, skip  bool
	per         string // the unit of a unit price
	inst        bool   // an instalment: "12x R$ 44,00"
	net         bool   // marked net of tax: "£20.83 ex VAT"
	bundle      bool   // a multi-buy's total: the "$5.00" of "2 for $5.00"
	curAfter    bool   // a later atom has a currency
	hi          *atom  // the upper end of a range

	code    string
	val     pricing.Amount
	exact   Decimal
	rounded bool
	err     error
}

// scanner holds what one scan needs besides the tokens.
type scanner struct {
	hint    string
	dec     rune
	textJPY bool // the text says 円 or JP¥, so ¥ is yen
}

// scan returns the prices in text and, for each, whether the text marks it
// net of tax or as a multi-buy's total, which rank below other prices of
// their label (nets is nil when none is).
func scan(text string, h Hints) ([]Price, []bool, error) {
	src := text
	for n := 0; n < 2 && strings.IndexByte(text, '&') >= 0; n++ {
		// Text copied out of HTML may still hold "&nbsp;" or "&euro;",
		// escaped twice in JSON and meta tags ("&amp;nbsp;").
		u := html.UnescapeString(text)
		if u == text {
			break
		}
		text = u
	}
	s := scanner{dec: h.DecimalSeparator}
	if s.dec != '.' && s.dec != ',' {
		s.dec = 0
	}
	if c := strings.ToUpper(strings.TrimSpace(h.Currency)); c == "RMB" {
		s.hint = "CNY"
	} else if isCode(c) && c != "XXX" {
		s.hint = c
	}
	toks := joinSpacedCents(joinSpacedComma(lex(normalize(text), s.hint)), s.hint)
	for _, t := range toks {
		if t.jp || t.kind == kCur && t.cur.def == "JPY" || t.kind != kNum && japanese(t.text) {
			s.textJPY = true
		}
	}

	atoms := findAtoms(toks, s.hint)
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
	bundles(toks, atoms)
	discounted(toks, atoms)
	restated(toks, atoms)
	bareOK := bareAllowed(toks, atoms, lone)
	if bareOK {
		markNonPrices(toks, atoms)
	}

	var ps []Price
	var nets []bool
	var zero *Price
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
		}
		p := Price{
			Amount:   a.val,
			Currency: a.code,
			Min:      a.val,
			Max:      hi.val,
			Range:    a.hi != nil || a.from,
			From:     a.from && a.hi == nil,
			Label:    a.label,
			Exact:    a.exact,
			ExactMin: a.exact,
			ExactMax: hi.exact,
			Rounded:  a.rounded || hi.rounded,
			Unit:     a.per,
			Symbol:   a.sym,
		}
		if a.inst && p.Unit == "" {
			p.Unit = "instalment"
		}
		if a.val == 0 && hi.val == 0 {
			// Zero, or less than an Amount's ten-thousandth ("$0.00001"):
			// no price to record, so a zero (free) one at most.
			if zero == nil {
				// One zero price, not a range of zeros: "0 - 0.001".
				p.Free, p.Range, p.From = true, false, false
				p.Max, p.ExactMax, p.Rounded = p.Min, p.ExactMin, a.rounded
				zero = &p
			}
			continue
		}
		// A net price, a multi-buy's total and minor units alone ("25 ct"
		// beside "4,99 €") rank below the other prices of their label.
		low := a.net || a.bundle || a.cur != nil && a.cur.minor
		if low && nets == nil {
			nets = make([]bool, len(ps), len(atoms)) // rare: only when a net price shows
		}
		if nets != nil {
			nets = append(nets, low)
		}
		ps = append(ps, p)
	}
	if len(ps) == 0 && h.KeepZero {
		if zero == nil {
			zero = freeWord(toks, s.hint)
		}
		if zero != nil {
			return []Price{*zero}, nil, nil
		}
	}
	if len(ps) == 0 && firstErr == nil {
		firstErr = fmt.Errorf("%w in %q", ErrNoPrice, clip(src))
	}
	return ps, nets, firstErr
}

// freeWord returns a zero price for a "free" word that stands as the price
// ("Free!", "Price: Free", "免费"), and nil for one that qualifies
// something else ("Free shipping", "免费配送", "free gift").
func freeWord(toks []token, hint string) *Price {
	for i, t := range toks {
		if t.kind != kFree {
			continue
		}
		if i > 0 && (toks[i-1].kind == kSkipPre || toks[i-1].kind == kNum) {
			continue // "Buy 2 get 1 free": a free item, not a free price
		}
		if i > 0 && toks[i-1].kind == kSkipPost {
			continue // "Envío gratis", "Frete grátis": free shipping
		}
		// "Free entry", "Entrada gratuita": free admission is a zero price
		// (a ticket shop's), unlike "Free shipping".
		admission := i+1 < len(toks) && admissionWords[strings.ToLower(toks[i+1].text)] ||
			i > 0 && admissionWords[strings.ToLower(toks[i-1].text)]
		if i+1 < len(toks) && !admission {
			switch toks[i+1].kind {
			case kPunct, kDash:
			default:
				continue
			}
		}
		return &Price{Currency: hint, Free: true}
	}
	return nil
}

// minorWords name a currency's hundredths after its major units ("12 руб.
// 50 коп.").
var minorWords = map[string]bool{
	"коп": true, "коп.": true, "копеек": true, "копейки": true, "копейка": true, "копійок": true, "копійки": true, "к": true,
	"gr": true, "gr.": true, "groszy": true, "grosze": true, "ct": true, "cent": true, "cents": true, "centavos": true, "céntimos": true, "centimes": true, "bani": true, "stotinki": true, "ст": true,
}

// admissionWords make a "free" word next to them a zero price: the event
// itself costs nothing.
var admissionWords = map[string]bool{
	"entry": true, "admission": true, "entrance": true, "event": true, "ticket": true, "tickets": true,
	"entrada": true, "eintritt": true, "entrée": true, "ingresso": true, "ingreso": true, "wstęp": true, "vstup": true, "toegang": true,
}

// bareAllowed reports whether numbers without a currency of their own may
// be prices: when the text holds nothing but them and words that frame a
// price (labels, "from", punctuation, units after a slash), or one unknown
// word right next to the only number, which is then read as a currency the
// lexicon does not know ("6790 Dinara", "11,33 Br").
func bareAllowed(toks []token, atoms []*atom, lone *curSym) bool {
	for _, a := range atoms {
		if a.cur != nil && !a.lone {
			return false
		}
	}
	owned := make([]bool, len(toks))
	labelled := false // a price label stands right before a number
	for _, a := range atoms {
		for i := a.first; i <= a.last && i < len(toks); i++ {
			owned[i] = true
			// "71,-" and "1.299.-" are written only as prices: the dash
			// marks it as a label would ("Tweedekans vanaf 71,-").
			if toks[i].kind == kNum && (strings.HasSuffix(toks[i].text, ",-") || strings.HasSuffix(toks[i].text, ".-")) {
				labelled = true
			}
		}
		p := a.first - 1
		if p >= 0 && toks[p].kind == kPunct && toks[p].text == ":" {
			p--
		}
		labelled = labelled || p >= 0 && isPriceLabel(toks[p])
	}
	unknown := -1
	for i, t := range toks {
		if owned[i] {
			continue
		}
		if labelled && t.kind == kWord {
			continue // "Everyday Low Price 12.99": the label says price
		}
		switch t.kind {
		case kNum, kDash, kFrom, kFromPost, kLabel, kPunct, kFree, kArrow, kNet, kInst, kMonthly:
		case kCur:
			if lone == nil {
				return false
			}
		case kMult:
			if t.latin {
				return false
			}
		case kWord:
			if unknown >= 0 {
				return false
			}
			unknown = i
		default:
			return false
		}
	}
	if unknown < 0 {
		return true
	}
	w := []rune(toks[unknown].text)
	if len(atoms) != 1 || len(w) > 10 || isCJK(w[0]) {
		return false
	}
	a := atoms[0]
	if len(a.num) == 4 && (strings.HasPrefix(a.num, "19") || strings.HasPrefix(a.num, "20")) {
		return false // "Testsieger 2024", "Edition 2023": a year
	}
	if a.first-1 == unknown && allCaps(w) && len(w) >= 2 && len(w) <= 4 && allDigits(a.num) {
		// "RTX 4090", "GTX 1080": a model line and its number, not a
		// currency and a price ("RENAULT 129.900" is a price).
		return false
	}
	if a.last+1 == unknown || a.first-1 == unknown {
		a.sym = toks[unknown].text
		return true
	}
	return false
}

// isEach reports whether the lower-case unit u says "for each item":
// a price per each is the item's price, not a unit price.
func isEach(u string) bool { return u == "each" || u == "ea" || u == "ea." }

// allCaps reports whether w is all capital letters.
func allCaps(w []rune) bool {
	for _, r := range w {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// priceNouns are the plain labels that name a price ("Price", "Preis",
// "价格"), as opposed to those that only frame one ("only", "incl").
var priceNouns = map[string]bool{
	"price": true, "prices": true, "preis": true, "prix": true, "precio": true, "prezzo": true, "цена": true, "цена:": true, "cena": true, "pris": true, "prijs": true,
	"preço": true, "preco": true, "hinta": true, "kaina": true, "cijena": true, "ár": true, "τιμή": true, "fiyat": true, "fiyatı": true, "giá": true, "harga": true,
	"ราคา": true, "السعر": true, "سعر": true, "מחיר": true, "가격": true, "価格": true, "价格": true, "價格": true, "售价": true, "售價": true, "单价": true, "單價": true, "ціна": true, "valor": true,
}

// isPriceLabel reports whether t labels the number after it as a price:
// a label with a role (sale price, was, 券后) or a price noun.
func isPriceLabel(t token) bool {
	return t.kind == kLabel && (t.role != LabelNone || priceNouns[strings.ToLower(t.text)])
}

// markNonPrices marks the bare numbers that are dates, phone numbers or
// codes rather than prices: "25-09", "2024/03/01", "Tel. 0800 123 456",
// "SKU: 12345", "(800) 555-1234".
func markNonPrices(toks []token, atoms []*atom) {
	ints := 0
	for _, t := range toks {
		switch t.kind {
		case kTel:
			for _, a := range atoms {
				a.unit = true
			}
			return
		case kNum:
			if !strings.ContainsAny(t.text, ".,' ") {
				ints++
			}
		}
	}
	// Three or more plain integers and nothing that says price: a phone
	// number or a code, not three prices.
	nums := 0
	for _, a := range atoms {
		nums++
		if a.hi != nil {
			nums++
		}
	}
	if ints >= 3 && ints == nums {
		for _, a := range atoms {
			a.unit = true
		}
	}
	// "0800 123 456", "07700 900123": a whole number with a leading zero
	// is a phone number or a code; no shop writes a price so.
	for _, a := range atoms {
		if len(a.num) > 1 && a.num[0] == '0' && allDigits(a.num) {
			for _, b := range atoms {
				b.unit = true
			}
			break
		}
	}
	// "(2,345)": a count in brackets and nothing else.
	if len(atoms) == 1 && len(toks) == 3 && toks[0].text == "(" && toks[2].text == ")" && isCount(atoms[0].num) {
		atoms[0].unit = true
	}
	// "3 for 2": a multi-buy offer between two bare numbers.
	for k := 0; k+1 < len(atoms); k++ {
		a, b := atoms[k], atoms[k+1]
		if b.first == a.last+2 && toks[a.last+1].kind == kLabel && forWords[strings.ToLower(toks[a.last+1].text)] {
			a.unit, b.unit = true, true
		}
	}
	// "4.7 (1,234)": a rating and the number of reviews, as product tiles
	// print them.
	for k := 0; k+1 < len(atoms); k++ {
		a, b := atoms[k], atoms[k+1]
		if isRating(a.num) && a.hi == nil && b.first == a.last+2 && toks[a.last+1].text == "(" &&
			b.last+1 < len(toks) && toks[b.last+1].text == ")" && isCount(b.num) {
			a.unit, b.unit = true, true
		}
	}
	if len(toks) > 1 && toks[0].kind == kPlus && toks[1].kind == kNum && !toks[1].space {
		for _, a := range atoms {
			a.unit = true // "+44 20 7946 0958"
		}
	}
	for k, a := range atoms {
		if a.hi != nil && isDate(a.num, a.hi.num, toks[a.hi.first-1]) {
			a.unit = true
		}
		// "25-09": a descending pair is no range, but still a date.
		if k+1 < len(atoms) {
			b := atoms[k+1]
			if b.first == a.last+2 && toks[a.last+1].dash && !toks[b.first].space && isDate(a.num, b.num, toks[a.last+1]) {
				a.unit, b.unit = true, true
			}
		}
	}
}

// bundles marks the total of a multi-buy ("2 for $5.00", "3 für 10 €"):
// it is returned alone, but a price for one item beside it ranks above it
// ("2 for $5.00 $2.99 each" is 2.99), as a net price ranks below one with tax.
func bundles(toks []token, atoms []*atom) {
	for _, a := range atoms {
		if p := a.first - 1; p >= 1 && a.cur != nil && toks[p].kind == kLabel && forWords[strings.ToLower(toks[p].text)] && toks[p-1].kind == kNum {
			a.bundle = true
		}
	}
}

// forWords join the two numbers of a multi-buy offer: "3 for 2".
var forWords = map[string]bool{"for": true, "für": true, "pour": true}

// isCount reports whether num is a whole number, perhaps grouped in
// threes by ',' or '.' ("1,234", "1.234"): a count, not an amount with
// decimals.
func isCount(num string) bool {
	groups, _ := split(num)
	for k, g := range groups {
		if !allDigits(g) || k > 0 && len(g) != 3 || k == 0 && len(groups) > 1 && len(g) > 3 {
			return false
		}
	}
	return true
}

// isRating reports whether num looks like a star rating: one digit up to
// 5, a point, and one or two digits ("4.7", "4,5").
func isRating(num string) bool {
	return (len(num) == 3 || len(num) == 4) && num[0] >= '0' && num[0] <= '5' && (num[1] == '.' || num[1] == ',') && allDigits(num[2:]) && (num[0] < '5' || strings.Trim(num[2:], "0") == "")
}

// isDate reports whether two bare numbers joined by sep look like a day and
// month ("25-09", "03-2024") rather than a range of prices.
func isDate(lo, hi string, sep token) bool {
	if sep.space || strings.ContainsAny(lo+hi, ".,' ") {
		return false
	}
	if len(lo) == 2 && lo[0] == '0' || len(hi) == 2 && hi[0] == '0' {
		return true
	}
	return len(hi) == 4 && (strings.HasPrefix(hi, "19") || strings.HasPrefix(hi, "20")) && len(lo) <= 2
}

// findAtoms gathers each number with its multiplier, currency and sign.
// hint is the hinted currency: a "p" right after a small whole number is
// pence ("65p") when it is pounds or unknown, and "ct" and "gr" are cents
// and groszy with a euro and a złoty hint.
func findAtoms(toks []token, hint string) []*atom {
	pence := hint == "" || hint == "GBP"
	used := make([]bool, len(toks)) // currency tokens already taken
	date := dateNumbers(toks)
	var atoms []*atom
	for i := 0; i < len(toks); i++ {
		if toks[i].kind != kNum || date[i] {
			continue
		}
		a := &atom{first: i, last: i, num: toks[i].text}
		// "Watch6", "S24": digits run into a word are a model name.
		model := i > 0 && toks[i-1].kind == kWord && !toks[i].space && isAlpha([]rune(toks[i-1].text)[0])
		a.unit = model
		j := i + 1
		if j < len(toks) && toks[j].kind == kMult && !(toks[j].latin && toks[j].space) {
			a.pow, a.latin, a.last = toks[j].pow, toks[j].latin || toks[j].word, j
			j++
			j = compound(toks, a, j)
		}
		if k := i - 1; k >= 0 && toks[k].kind == kCur && !used[k] {
			a.cur, a.sym, a.first, used[k] = toks[k].cur, toks[k].text, k, true
			// "SGD$4.90", "NZD $100.70": a code before a shared symbol
			// names which one.
			if k >= 1 && toks[k-1].kind == kCur && !used[k-1] && len(toks[k-1].cur.alts) == 0 && len(a.cur.alts) > 0 {
				a.cur, a.sym, a.first, used[k-1] = toks[k-1].cur, toks[k-1].text, k-1, true
			}
		} else if k >= 1 && toks[k].dash && !toks[i].space && toks[k-1].kind == kCur && !used[k-1] {
			// "$-12.99"
			a.cur, a.sym, a.first, a.neg, used[k-1] = toks[k-1].cur, toks[k-1].text, k-1, true, true
		}
		// "65p": pence.
		if pence && a.cur == nil && a.pow == 0 && j < len(toks) && toks[j].kind == kWord && toks[j].text == "p" && !toks[j].space &&
			len(a.num) <= 2 && isDigit(rune(a.num[0])) && isDigit(rune(a.num[len(a.num)-1])) {
			a.cur, a.sym, a.last = penceSym, "p", j
			j++
		}
		// "50 ct" in a euro shop, "20 gr" in a Polish one: minor units
		// alone. Without that hint they are a count (or carats) and grams.
		if a.cur == nil && a.pow == 0 && j < len(toks) && toks[j].kind == kUnit && allDigits(a.num) && len(a.num) <= 2 {
			var c *curSym
			switch w := strings.ToLower(toks[j].text); {
			case w == "ct" && hint == "EUR":
				c = euroCentSym
			case w == "gr" && hint == "PLN":
				c = groszSym
			}
			if c != nil {
				a.cur, a.sym, a.last = c, toks[j].text, j
				j++
			}
		}
		// A currency after the number is this number's unless it already
		// has one and the next number follows ("¥99 ¥199"), or it stands
		// apart from this number and against the next ("Qty 2 $12.99")
		// while the next has none after it ("1 299 ₽2 599 ₽"), unless this
		// number is written as a price and the symbol is one written after
		// numbers ("32 999 ₽36 999": the sale price run into the struck-out one).
		// "12 €99" ending the text is French-style cents all the same.
		frCents := a.cur == nil && i == 0 && allDigits(a.num) && j+2 == len(toks) && toks[j+1].kind == kNum && len(toks[j+1].text) == 2 && allDigits(toks[j+1].text)
		if j < len(toks) && toks[j].kind == kCur && (a.cur == nil || j+1 >= len(toks) || toks[j+1].kind != kNum) &&
			!(toks[j].space && j+1 < len(toks) && toks[j+1].kind == kNum && !toks[j+1].space && (j+2 >= len(toks) || toks[j+2].kind != kCur) && !suffixOwned(toks, a, i, j) && !frCents) &&
			!(model && toks[j].space) &&
			// "Size 42 € 149,99": a size or code takes no currency that
			// stands apart from it before another number.
			!(i > 0 && toks[i-1].kind == kSKU && toks[j].space && j+1 < len(toks) && toks[j+1].kind == kNum) {
			if post := toks[j].cur; a.cur == nil || len(a.cur.alts) > 0 && len(post.alts) == 0 && post.def != "" {
				a.cur, a.sym = post, toks[j].text // "$10 CAD": the code is more specific
			}
			used[j], a.last = true, j
			j++
			// "12€99" and "35€ 99" (French style): the symbol stands in
			// for the decimal point.
			// With spaces on both sides ("49 € 95", the parts in spans
			// of their own) only when the cents end the text or a label
			// follows, as a count or a second price may follow a price.
			if j < len(toks) && toks[j].kind == kNum && (!toks[j].space || !toks[j-1].space || j+1 == len(toks) || toks[j+1].kind == kLabel || toks[j+1].kind == kNet) &&
				len(toks[j].text) == 2 && isDigit(rune(toks[j].text[0])) && isDigit(rune(toks[j].text[1])) &&
				!strings.ContainsAny(a.num, ".,'") && (j+1 >= len(toks) || toks[j+1].kind != kCur && toks[j+1].kind != kUnit && toks[j+1].kind != kPct && toks[j+1].kind != kDash) {
				a.num += "." + toks[j].text
				a.last = j
				j++
			} else if j+1 < len(toks) && toks[j].kind == kNum && len(toks[j].text) <= 2 && allDigits(toks[j].text) &&
				minorWords[strings.ToLower(toks[j+1].text)] && !strings.ContainsAny(a.num, ".,") {
				// "12 руб. 50 коп.", "25 р. 90 к.", "5 zł 99 gr": the
				// minor units spelled out after the major.
				a.num += "." + strings.Repeat("0", 2-len(toks[j].text)) + toks[j].text
				a.last = j + 1
				j += 2
			}
		}
		if f := a.first; f >= 1 && toks[f].kind == kNum && toks[f-1].kind == kPct && !toks[f].space {
			a.unit = true // "%20": a percentage written the Turkish way
		}
		for j+1 < len(toks) && toks[j].kind == kPunct && toks[j].text == "*" && toks[j+1].kind != kNum {
			j++ // a footnote mark: "25,98 € * / 1 Liter"
		}
		if j < len(toks) {
			switch t := toks[j]; t.kind {
			case kPct:
				a.unit = true
			case kWord, kCount, kRating, kMult:
				// "500ml", "256GB", "3件": a quantity, unless a currency says
				// otherwise.
				a.unit = a.unit || !t.space && a.cur == nil
			case kUnit:
				u := strings.ToLower(t.text)
				switch {
				case isEach(u) && (a.cur != nil || strings.ContainsAny(a.num, ".,")):
					a.per, a.last = t.text, j // "£9.99 each", "12.99 each"
				case a.cur == nil:
					a.unit = true // "500 ml", "2 kg", "3 pcs", "571.12坪"
				}
			case kOutOf:
				// "4.5 out of 5", "5.00 trên 5": a rating; "$19.99 Out of
				// stock" is a price all the same.
				a.unit = a.unit || j+1 < len(toks) && toks[j+1].kind == kNum || a.cur == nil
			case kPunct:
				if (t.text == "\"" || t.text == "″") && !t.space && a.cur == nil {
					a.unit = true // `15.6"`: inches
				}
			case kMonth:
				a.unit = a.unit || a.cur == nil // "12 March"; "$19.99 Dec 5" is a price
			case kMonthly:
				if a.cur != nil || strings.ContainsAny(a.num, ".,") {
					a.per, a.last = t.text, j // "54,13 € mtl.": paid per month
				}
			case kPlus:
				// "$49+": a threshold ("Free shipping on orders $49+").
				if !t.space && a.cur != nil && (j+1 >= len(toks) || toks[j+1].kind != kNum) {
					a.skip = true
				}
			case kSlash, kPer:
				// "€3.99/kg", "40.00/each", "$15.95/mo", "2,49 € pro kg":
				// a unit price; "4.5/5" without a currency is a rating.
				if k := j + 1; k < len(toks) && (t.kind == kSlash || a.cur != nil) {
					switch n := toks[k]; n.kind {
					case kUnit, kCount, kWord, kLabel, kMult:
						a.per, a.last = n.text, k
					case kNum:
						if k+1 < len(toks) && (toks[k+1].kind == kUnit || toks[k+1].kind == kWord) && !toks[k+1].space {
							a.per, a.last = n.text+toks[k+1].text, k+1 // "/100g"
						} else if k+1 < len(toks) && toks[k+1].kind == kUnit {
							a.per, a.last = n.text+" "+toks[k+1].text, k+1 // "/ 1 Liter"
						} else if a.cur == nil && t.kind == kSlash && (n.text == "5" || n.text == "10") {
							a.unit = true // "4.5/5"
						}
					}
				}
			}
		}
		if p := a.first - 1; p >= 0 {
			switch toks[p].kind {
			case kRating:
				// "★4.8"; but "5 stars $12.99" is a rating, then a price.
				a.unit = a.unit || a.cur == nil
			case kOutOf:
				a.unit = a.unit || a.cur == nil // the 5 of "4.5 out of 5"
			case kPunct:
				// "14:30": the minutes of a time, and its hour below.
				if toks[p].text == ":" && !toks[p].space && !toks[a.first].space && p >= 1 && toks[p-1].kind == kNum && allDigits(toks[p-1].text) && len(a.num) == 2 && allDigits(a.num) && a.cur == nil {
					a.unit = true
					if n := len(atoms); n > 0 && atoms[n-1].last == p-1 && atoms[n-1].cur == nil {
						atoms[n-1].unit = true
					}
				}
				// "1 kg = 4,98 €": the price of the quantity before '='.
				if toks[p].text == "=" && p >= 2 && toks[p-1].kind == kUnit && toks[p-2].kind == kNum && a.cur != nil {
					a.per = toks[p-2].text + " " + toks[p-1].text
				}
			case kMonth:
				a.unit = a.unit || a.cur == nil // "July 2004", "March 12"
			case kSKU:
				if a.cur == nil {
					a.unit = true // "SKU: 12345", "Size 42"
				}
			case kUnit:
				// "12x R$ 44,00" and "12 x de R$ 44,00": an instalment.
				// "Qty 2 x $19.99" is a quantity times the price.
				if strings.EqualFold(toks[p].text, "x") && p >= 1 && toks[p-1].kind == kNum && a.cur != nil && !(p >= 2 && toks[p-2].kind == kSKU) {
					a.inst = true
				}
			case kWord:
				if strings.EqualFold(toks[p].text, "de") && p >= 2 && strings.EqualFold(toks[p-1].text, "x") && toks[p-2].kind == kNum ||
					strings.EqualFold(toks[p].text, "de") && p >= 1 && toks[p-1].kind == kNum && strings.HasSuffix(strings.ToLower(toks[p-1].text), "x") {
					a.inst = a.cur != nil
				}
			}
			if p >= 1 && toks[p].kind == kWord && strings.EqualFold(toks[p].text, "de") && toks[p-1].kind == kUnit && strings.EqualFold(toks[p-1].text, "x") {
				a.inst = a.cur != nil
			}
		}
		if a.latin && a.cur == nil {
			a.unit = true
		}
		if p := a.first - 1; !a.neg && p >= 0 && toks[p].dash && !toks[a.first].space &&
			(len(atoms) == 0 || atoms[len(atoms)-1].last != p-1) && !hyphen(toks, p) {
			a.neg = true
		}
		atoms = append(atoms, a)
		i = a.last
	}
	return atoms
}

// suffixOwned reports whether the currency at toks[j], apart from the number
// a (at toks[i]) and run into the next one, ends a all the same: a sale
// price run into the struck-out price after it, whose own symbol the
// markup left out ("32 999 ₽36 999", "12,99 €15,99"). Unlike the count of
// "Qty 2 $12.99" or the rating of "4.5 out of 5 $12.99", a is written as a
// price: thousands grouped, or two decimals; and the next number is more
// than two digits ("1 299 €99" keeps its reading). A symbol that shops
// write before the number ("$", "£", "¥", "₹") ends a only after a decimal
// comma, as in French Canada's "12,99 $".
func suffixOwned(toks []token, a *atom, i, j int) bool {
	if a.cur != nil || a.pow != 0 || a.first != i || a.unit {
		return false
	}
	if i > 0 {
		switch toks[i-1].kind {
		case kSKU, kOutOf, kRating, kUnit, kInst, kCount, kPer, kSlash, kPct:
			return false
		}
	}
	next := toks[j+1].text
	if allDigits(next) && len(next) <= 2 {
		return false
	}
	num := a.num
	n := len(num)
	commaCents := n >= 4 && num[n-3] == ',' && allDigits(num[n-2:])
	if strings.ContainsAny(toks[j].text, "$£¥₹₱₩₨") || strings.HasPrefix(toks[j].text, "Rs") {
		return commaCents
	}
	if commaCents || n >= 4 && num[n-3] == '.' && allDigits(num[n-2:]) {
		return true
	}
	// Grouped thousands: "32 999", "1.299", "12'999".
	groups, seps := split(num)
	if len(seps) == 0 {
		return false
	}
	for k, g := range groups {
		if !allDigits(g) || k > 0 && len(g) != 3 || k == 0 && len(g) > 3 || k < len(seps) && seps[k] != seps[0] {
			return false
		}
	}
	return true
}

// joinSpacedComma joins a number split around its decimal comma with spaces
// or line breaks on both sides ("12 , 99 €", "€\n12\n,\n50": the parts in
// elements of their own) into one token. Such a comma also separates lists
// ("38 , 40"), so it joins only where a currency touches the number (before
// the whole part or after the cents), exactly two digits follow it, and no
// further number is listed on either side ("12 , 15 , 18 €").
func joinSpacedComma(toks []token) []token {
	for i := 0; i+2 < len(toks); i++ {
		w, c, f := toks[i], toks[i+1], toks[i+2]
		if w.kind != kNum || c.kind != kPunct || c.text != "," || !c.space || f.kind != kNum || !f.space ||
			len(f.text) != 2 || !allDigits(f.text) || strings.ContainsAny(w.text, ",-") {
			continue
		}
		before := i > 0 && toks[i-1].kind == kCur
		after := i+3 < len(toks) && toks[i+3].kind == kCur
		if !before && !after {
			continue
		}
		if i > 0 {
			switch p := toks[i-1]; p.kind {
			case kSKU, kOutOf, kRating, kTel, kMonth, kCount, kPct, kSlash:
				continue // "Größe 38 , 40 €": sizes, not a price
			case kUnit:
				if !strings.EqualFold(p.text, "x") {
					continue // "Pack 12 , 50 €"; but "2 x 12 , 50 €" is an instalment
				}
			case kPunct:
				if p.text == "," && i > 1 && toks[i-2].kind == kNum {
					continue // "10 , 12 , 50 €": a list
				}
			}
		}
		if k := i + 3; k < len(toks) {
			switch toks[k].kind {
			case kNum, kPct, kUnit, kMult, kCount, kRating, kOutOf:
				continue // "€ 12 , 50 %", "€ 12 , 50 ml"
			case kPunct:
				if toks[k].text == "," && k+1 < len(toks) && toks[k+1].kind == kNum {
					continue // "€ 12 , 15 , 18": a list
				}
			}
		}
		num := w.text + "," + f.text
		if _, err := plain(num, 0, minorUnknown); err != nil {
			continue
		}
		toks[i].text = num
		toks = append(toks[:i+1], toks[i+3:]...)
	}
	return toks
}

// joinSpacedCents joins a whole number and the two digits after it when
// the cents sat in an element of their own with no point between
// ("$ 19 99", "19 99 USD", "$ 4 99 ea": the raised-cents layout with its
// markup stripped). Two numbers side by side are as often a list or a
// count and a price, so it joins only a currency's whole number (the
// currency right before it, or right after the cents), only where these
// are the text's only numbers, and not in a currency without minor units
// (hint), where "¥ 19 99" cannot be 19.99.
func joinSpacedCents(toks []token, hint string) []token {
	if d, ok := MinorUnits(hint); ok && d == 0 {
		return toks
	}
	nums := 0
	for _, t := range toks {
		if t.kind == kNum {
			nums++
		}
	}
	if nums != 2 {
		return toks
	}
	for i := 0; i+1 < len(toks); i++ {
		w, f := toks[i], toks[i+1]
		if w.kind != kNum || f.kind != kNum || !f.space || len(f.text) != 2 || !allDigits(f.text) ||
			!allDigits(w.text) || len(w.text) > 7 || w.text[0] == '0' && len(w.text) > 1 {
			continue
		}
		before := i > 0 && toks[i-1].kind == kCur
		after := i+2 < len(toks) && toks[i+2].kind == kCur
		if !before && !after {
			return toks
		}
		if before && i > 1 {
			switch toks[i-2].kind {
			case kSKU, kTel, kUnit, kCount, kMonth:
				return toks // "Qty $ 2 50": not a price's parts
			}
		}
		if k := i + 2; k < len(toks) && !after {
			switch t := toks[k]; t.kind {
			case kPct, kMult, kCount, kRating, kOutOf, kDash, kSlash:
				return toks
			case kUnit:
				if !isEach(strings.ToLower(t.text)) {
					return toks // "$ 4 99 ml"
				}
			}
		}
		toks[i].text = w.text + "." + f.text
		return append(toks[:i+1], toks[i+2:]...)
	}
	return toks
}

// hyphen reports whether the dash at toks[p] joins a word to the number
// rather than negating it: Hebrew "החל מ-₪99" ("from ₪99"), "ab-12 €".
func hyphen(toks []token, p int) bool {
	if p == 0 || toks[p].space {
		return false
	}
	switch toks[p-1].kind {
	case kWord, kFrom, kLabel, kSkipPre, kSkipPost, kPer:
		return true
	}
	return false
}

// compound reads a CJK number written in parts, "1万2000円" (12000) or
// "3만 5천원" (35000): a whole number after a 万/億 multiplier, itself
// perhaps multiplied by a smaller one, adds to it. j is the token after
// the multiplier; compound returns the token after what it took.
func compound(toks []token, a *atom, j int) int {
	if a.latin || a.pow < 4 || !allDigits(a.num) || j >= len(toks) || toks[j].kind != kNum {
		return j
	}
	low, err := plain(toks[j].text, 0, minorNone)
	if err != nil || !allDigits(low) {
		return j
	}
	k, pow := j+1, 0
	for k < len(toks) && toks[k].kind == kMult && !toks[k].latin && !toks[k].space && pow+toks[k].pow < a.pow {
		pow += toks[k].pow // "2천만": 2 × 10³ × 10⁴
		k++
	}
	if pow > 0 {
		low += strings.Repeat("0", pow)
	} else if toks[j].space && !spacedKorean(toks[j-1], toks[j], low, a.pow) || len(low) < a.pow-1 {
		// "1万 2000" is two numbers; "1万2" is the colloquial 1.2万, too
		// rare in prices to read either way.
		return j
	}
	low = strings.TrimLeft(low, "0")
	if len(low) > a.pow {
		return j
	}
	a.num += strings.Repeat("0", a.pow-len(low)) + low
	a.pow, a.last = 0, k-1
	return k
}

// spacedKorean reports whether the number after a Korean 만 or 억 is its
// lower part though a space comes between: Korean spacing puts one after
// each such unit ("1만 9,900원" is 19900), where Chinese "1万 2000" is two
// numbers. The part must fill the unit's digits, grouped as a number.
func spacedKorean(mult, num token, low string, pow int) bool {
	return (mult.text == "만" || mult.text == "억") && len(low) == pow && strings.ContainsAny(num.text, ",.")
}

// japanese reports whether a word is written in kana or with 価, the
// Japanese form of 价/價 ("参考価格", "オフ"): Chinese text holds neither, so
// ¥ beside it is yen.
func japanese(w string) bool {
	for _, r := range w {
		if r == '価' || unicode.In(r, unicode.Hiragana, unicode.Katakana) && r != 'ー' && r != '・' {
			return true
		}
	}
	return false
}

// allDigits reports whether s is a non-empty run of ASCII digits.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(rune(s[i])) {
			return false
		}
	}
	return s != ""
}

// dateNumbers marks the numbers that are part of a date written with
// slashes between integers ("2024/03/01", "01/03/2024"): three or more
// numbers joined by '/' without spaces. Such numbers are no prices and no
// range ends. One pass, so long texts stay linear.
func dateNumbers(toks []token) []bool {
	in := make([]bool, len(toks))
	for i := 0; i < len(toks); {
		if toks[i].kind != kNum {
			i++
			continue
		}
		k, n := i, 1
		for k+2 < len(toks) && toks[k+1].kind == kSlash && toks[k+2].kind == kNum && !toks[k+1].space && !toks[k+2].space {
			k += 2
			n++
		}
		if n >= 3 {
			for m := i; m <= k; m++ {
				in[m] = true
			}
		}
		i = k + 1
	}
	return in
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
	d, err := parseDecimal(trimZeros(shift(p, pow)))
	if err != nil {
		a.err = err
		return
	}
	v, err := pricing.ParseAmount(trimZeros(shift(p, pow)))
	a.val, a.exact, a.rounded, a.err = v, d, !d.Exact(), err
	if a.hi != nil {
		s.eval(a.hi)
	}
}

// labelAtoms hands each label, "from" and discount marker to the atom it
// belongs to: labels to the next atom, "起" and "off" to the previous one.
func labelAtoms(toks []token, atoms []*atom) {
	startAt := make(map[int]*atom, len(atoms))
	later := false // a later atom has a currency
	for k := len(atoms) - 1; k >= 0; k-- {
		a := atoms[k]
		startAt[a.first] = a
		a.curAfter = later
		later = later || a.cur != nil
	}
	var pending Label
	var from, skip, net, inst bool
	var prev *atom
	for i := 0; i < len(toks); i++ {
		if a := startAt[i]; a != nil {
			if a.unit || a.cur == nil && a.curAfter {
				// A quantity, a percentage or a bare number before a price
				// ("優惠價：79折1019元", "Prix le plus bas des 30 derniers
				// jours : 24,99 €") leaves the label to the price after it,
				// but takes a "save" ("Save 50% $19.99").
				skip = false
				prev, i = a, a.last
				continue
			}
			a.label, a.from, a.skip, a.net, a.inst = pending, from, skip, a.net || net, a.inst || inst && a.cur != nil
			pending, from, skip, net, inst = LabelNone, false, false, false, false
			prev, i = a, a.last
			continue
		}
		adjacent := prev != nil && prev.last == i-1
		switch t := toks[i]; t.kind {
		case kLabel:
			if t.role != LabelNone {
				pending = t.role
			}
		case kInst:
			inst = true
		case kArrow:
			// "39,000원 → 29,900원": from the old price to the new.
			if prev != nil && prev.label == LabelNone {
				prev.label = LabelList
			}
			pending = LabelCurrent
		case kPer:
			// "De R$ 199,90 por R$ 149,90": Portuguese "for" before a
			// price names the price it now sells for.
			next := i + 1
			if next < len(toks) && toks[next].kind == kPunct && toks[next].text == ":" {
				next++ // "De: R$ 199,90 Por: R$ 149,90"
			}
			if strings.EqualFold(t.text, "por") && startAt[next] != nil {
				pending = LabelCurrent
			}
		case kNet:
			if netAfter(toks, i, prev) {
				prev.net = true
			} else {
				net = true
			}
		case kFrom:
			from = true
		case kFromPost:
			if adjacent {
				prev.from = true
			}
		case kSkipPre:
			// "30% 할인 29,900원", "20% Rabatt 19,99 €": a discount word
			// after a percentage is the percentage's; the price follows.
			skip = !inclusive(toks, i) && !(i > 0 && toks[i-1].kind == kPct)
		case kSkipPost:
			if inclusive(toks, i) {
				break // "inkl. Gebühren: 34,90 €", "£45 incl. fees"
			}
			// "$4.99 shipping" skips the price before it; "Shipping: $4.99"
			// the one after; "50% off" is the percentage's.
			if adjacent || prev != nil && prev.last == i-2 && toks[i-1].kind == kPct {
				prev.skip = true
			} else {
				skip = true
			}
		case kWord:
			skip = false
		}
	}
}

// discounted reads the order of a crossed-out price and the current one
// from a discount percentage: in "R$1.299 R$999 23% OFF" or "-50% 2 599 ₽
// 1 299 ₽" the higher price is the old one when the lower is the higher
// less the percentage (within two points, as shops round it). Only prices
// no word labels are so marked, so "Was"/"Now" still decide.
func discounted(toks []token, atoms []*atom) {
	var pcts []int64
	for i, t := range toks {
		var num string
		switch {
		case t.kind == kNum && i+1 < len(toks) && toks[i+1].kind == kPct:
			num = t.text // "23%", "-15 %"
		case t.kind == kPct && i+1 < len(toks) && toks[i+1].kind == kNum && !toks[i+1].space:
			num = toks[i+1].text // Turkish "%19"
		default:
			continue
		}
		in, _, _ := strings.Cut(strings.ReplaceAll(num, ",", "."), ".")
		if p, err := strconv.ParseInt(in, 10, 64); err == nil && p > 0 && p < 100 {
			pcts = append(pcts, p)
		}
	}
	if len(pcts) == 0 {
		return
	}
	plain := func(a *atom) bool {
		return a.cur != nil && !a.unit && !a.skip && !a.inst && a.err == nil && a.hi == nil && !a.from && a.per == "" && a.label == LabelNone && a.val > 0 && a.val < 1e15
	}
	for k, x := range atoms {
		for _, y := range atoms[k+1:] {
			if !plain(x) || !plain(y) || x.code != y.code || x.val == y.val {
				continue
			}
			hi, lo := x, y
			if lo.val > hi.val {
				hi, lo = lo, hi
			}
			for _, p := range pcts {
				d := 100*int64(lo.val) - int64(hi.val)*(100-p)
				if d < 0 {
					d = -d
				}
				if d <= 2*int64(hi.val) {
					hi.label = LabelList
					break
				}
			}
		}
	}
}

// inclusive reports whether the word at toks[i] follows "incl." and so
// says what a price includes rather than naming another amount.
func inclusive(toks []token, i int) bool {
	return i > 0 && toks[i-1].kind == kLabel && inclWords[strings.ToLower(toks[i-1].text)]
}

// inclWords say that a price includes what follows: "inkl. Versand".
var inclWords = map[string]bool{
	"incl": true, "incl.": true, "inkl": true, "inkl.": true, "inc": true, "inc.": true, "including": true,
}

// restated skips a net-of-tax price in brackets right after another price:
// it restates that price without tax, as in "定価：1,980円（本体1,800円＋税）"
// or "£24.99 (ex VAT £20.83)". A price with tax in brackets after one
// ("1,980円 (税込 2,178円)", "34.12 (40.94 inc VAT)") is a restatement too,
// and the price shown first stays the one read.
func restated(toks []token, atoms []*atom) {
	for k := 1; k < len(atoms); k++ {
		a, b := atoms[k-1], atoms[k]
		if !b.net || a.unit || a.skip {
			continue
		}
		open := false
		for i := a.last + 1; i < b.first; i++ {
			switch toks[i].text {
			case "(":
				open = true
			case ")":
				open = false
			}
		}
		if open {
			b.skip = true
		}
	}
}

// netAfter reports whether the net-of-tax word at toks[i] qualifies the
// price before it ("£20.83 ex VAT", "3,980円（税抜）") rather than the one
// after it ("Excl. VAT: £20.83", "£24.99 (ex VAT £20.83)").
func netAfter(toks []token, i int, prev *atom) bool {
	if prev == nil {
		return false
	}
	if i+1 < len(toks) && toks[i+1].kind == kPunct {
		switch toks[i+1].text {
		case ":", "：":
			return false
		case ")", "）":
			return true
		}
	}
	for k := i - 1; k > prev.last; k-- {
		if toks[k].kind != kPunct || toks[k].text == "(" || toks[k].text == "（" || toks[k].text == ":" {
			return false
		}
	}
	return true
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
