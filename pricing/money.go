// Package pricing is shelfwatch's domain core: money, competitor offers, our
// catalog, and the analysis that bands a market into tiers, positions our
// catalog in it and flags gaps and changes.
//
// The package is pure: it does no I/O, opens no database and makes no HTTP
// requests, and it never reads the clock; times come in as arguments.
package pricing

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Amount is an exact decimal money amount in hundredths of a currency's major
// unit (cents, fen, pence). Yen and won amounts are whole numbers of hundredths
// too, so one scale fits every currency the tool meets. Money is never float64:
// rounding errors in sums and medians would show up as phantom price moves.
type Amount int64

// ErrInvalidAmount is returned by ParseAmount for text that is not a plain
// decimal number.
var ErrInvalidAmount = errors.New("invalid amount")

// ParseAmount parses a plain decimal number such as "1299", "1299.5" or
// "-0.99" (no grouping, '.' as the decimal point). More than two fractional
// digits are rounded half away from zero. It returns an error wrapping
// ErrInvalidAmount for anything else.
func ParseAmount(s string) (Amount, error) {
	orig := s
	if s == "" {
		return 0, fmt.Errorf("%w: empty", ErrInvalidAmount)
	}
	neg := false
	if s[0] == '-' || s[0] == '+' {
		neg = s[0] == '-'
		s = s[1:]
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" && frac == "" || hasDot && frac == "" && intPart == "" {
		return 0, fmt.Errorf("%w: %q", ErrInvalidAmount, orig)
	}
	if intPart == "" {
		intPart = "0"
	}
	for _, r := range intPart + frac {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("%w: %q", ErrInvalidAmount, orig)
		}
	}
	if len(intPart) > 15 {
		return 0, fmt.Errorf("%w: %q is too large", ErrInvalidAmount, orig)
	}
	whole, err := strconv.ParseInt(intPart, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: %q", ErrInvalidAmount, orig)
	}
	cents := whole * 100
	switch {
	case len(frac) == 1:
		cents += int64(frac[0]-'0') * 10
	case len(frac) >= 2:
		cents += int64(frac[0]-'0')*10 + int64(frac[1]-'0')
		if len(frac) > 2 && frac[2] >= '5' {
			cents++
		}
	}
	if neg {
		cents = -cents
	}
	return Amount(cents), nil
}

// MustAmount is ParseAmount for constants in tests and examples; it panics on
// invalid input.
func MustAmount(s string) Amount {
	a, err := ParseAmount(s)
	if err != nil {
		panic(err)
	}
	return a
}

// String formats the amount with exactly two decimals, e.g. "1299.00".
func (a Amount) String() string {
	sign := ""
	v := int64(a)
	if v < 0 {
		sign = "-"
		v = -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// MarshalText encodes the amount as a decimal string so JSON feeds never carry
// a float.
func (a Amount) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalText parses a decimal string written by MarshalText.
func (a *Amount) UnmarshalText(b []byte) error {
	v, err := ParseAmount(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// PercentChange returns the change from a to b in percent, rounded to one
// decimal place, as tenths of a percent (so 12.5 % is 125). It returns 0 when
// a is zero.
func PercentChange(from, to Amount) int64 {
	if from == 0 {
		return 0
	}
	num := (int64(to) - int64(from)) * 1000
	q := num / int64(from)
	r := num % int64(from)
	// Round half away from zero.
	if 2*abs(r) >= abs(int64(from)) {
		if (num < 0) != (from < 0) {
			q--
		} else {
			q++
		}
	}
	return q
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// Money is an amount in a currency, named by its ISO 4217 code ("CNY", "USD").
type Money struct {
	Amount   Amount `json:"amount"`
	Currency string `json:"currency"`
}

// String formats money as "1299.00 CNY".
func (m Money) String() string { return m.Amount.String() + " " + m.Currency }

// Display formats money for people: thousands separators, cents only when
// there are any, and the currency's symbol before the amount where it has an
// unambiguous common one, else its code after it: "¥1,099", "$12.50",
// "1,099.50 CHF". Reports and gap sentences share it so a table and the
// sentence under it show a price the same way.
func (m Money) Display() string {
	v := int64(m.Amount)
	sign := ""
	u := uint64(v)
	if v < 0 {
		sign, u = "-", -u // two's complement: right for the minimum too
	}
	digits := strconv.FormatUint(u/100, 10)
	var b strings.Builder
	b.WriteString(sign)
	if sym := symbol(m.Currency); sym != "" {
		b.WriteString(sym)
	}
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(digits[i])
	}
	if u%100 != 0 {
		fmt.Fprintf(&b, ".%02d", u%100)
	}
	if symbol(m.Currency) == "" && m.Currency != "" {
		b.WriteString(" " + m.Currency)
	}
	return b.String()
}

// symbol returns the sign written before amounts of a currency, or "" when
// the ISO code is written after the amount instead.
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
