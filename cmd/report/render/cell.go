package render

import (
	"strconv"
	"strings"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// neutralise makes text from scraped pages safe to put in a spreadsheet cell:
// a cell that starts with =, +, -, @, a tab or a carriage return gets a
// leading apostrophe (the OWASP CSV-injection rule), so Excel, LibreOffice
// and Google Sheets show it as text instead of running it as a formula
// (=HYPERLINK(...) in a competitor's product title would otherwise become a
// live link, or worse, in the planner's sheet).
func neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// groupThousands formats hundredths as a decimal with two places and a comma
// between each group of three integer digits: 799900 is "7,999.00".
func groupThousands(v int64) string {
	neg := v < 0
	u := uint64(v)
	if neg {
		u = -u // two's complement: correct for math.MinInt64 too
	}
	whole := strconv.FormatUint(u/100, 10)
	var b strings.Builder
	b.Grow(len(whole) + len(whole)/3 + 4)
	if neg {
		b.WriteByte('-')
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	b.WriteByte('.')
	frac := u % 100
	b.WriteByte(byte('0' + frac/10))
	b.WriteByte(byte('0' + frac%10))
	return b.String()
}

// tenths formats a value in tenths (as pricing.PercentChange returns it) as a
// decimal with one place: 125 is "12.5", -5 is "-0.5".
func tenths(v int64) string {
	sign := ""
	u := uint64(v)
	if v < 0 {
		sign = "-"
		u = -u
	}
	return sign + strconv.FormatUint(u/10, 10) + "." + strconv.FormatUint(u%10, 10)
}

// symbol returns the sign written before amounts of a currency, or "" when
// the ISO code is written after the amount instead. It follows the pricing
// package's sentences (gap details and actions), so a table and the sentence
// under it show the same price the same way.
func symbol(currency string) string {
	switch currency {
	case "CNY", "JPY":
		return "¥"
	case "USD":
		return "$"
	case "EUR":
		return "€"
	case "GBP":
		return "£"
	case "HKD":
		return "HK$"
	case "KRW":
		return "₩"
	}
	return ""
}

// money formats an amount for people the way pricing's sentences do:
// thousands separators, cents only when there are any, and the currency's
// symbol before the amount or its code after it: "¥7,999", "$12.50",
// "1,099.50 CHF".
func money(a pricing.Amount, currency string) string {
	s := groupThousands(int64(a))
	s = strings.TrimSuffix(s, ".00")
	if sym := symbol(currency); sym != "" {
		if neg := strings.HasPrefix(s, "-"); neg {
			return "-" + sym + s[1:]
		}
		return sym + s
	}
	if currency == "" {
		return s
	}
	return s + " " + currency
}

// moneyPtr is money for an optional price; "–" stands for none.
func moneyPtr(m *pricing.Money) string {
	if m == nil {
		return "–"
	}
	return money(m.Amount, m.Currency)
}

// clean makes scraped text fit one line of a table: control characters
// (newlines, tabs, terminal escape sequences) become spaces, so a title can
// neither break the alignment nor drive the reader's terminal.
func clean(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return ' '
		}
		return r
	}, s)
}

func isControl(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029'
}
