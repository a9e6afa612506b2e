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

// money formats an amount for people the way pricing's sentences do; see
// pricing.Money.Display.
func money(a pricing.Amount, currency string) string {
	return pricing.Money{Amount: a, Currency: currency}.Display()
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
