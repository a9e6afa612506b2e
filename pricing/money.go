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

	"golang.org/x/text/currency"
)

// Amount is an exact decimal money amount in ten-thousandths of a currency's
// major unit: 12.99 is 129900, ¥1,299 is 12990000, KD 423.923 is 4239230.
//
// One fixed scale of four decimals holds every ISO 4217 minor unit exactly
// (0 for JPY and CLP, 2 for most, 3 for KWD, BHD, OMR, JOD and TND, 4 for
// CLF and UYW), so an amount keeps what the shop wrote whatever its
// currency, while staying a plain int64: comparing, sorting, subtracting
// and using it as a map key are integer operations, with no allocation and
// no scale to reconcile. The range is ±922,337,203,685,477.5807, more than
// any price; ParseAmount accepts up to 14 integer digits. Money is never
// float64: rounding errors in sums and medians would show up as phantom
// price moves.
type Amount int64

// AmountDigits is the number of decimals an Amount holds.
const AmountDigits = 4

// MajorUnit is one major unit of a currency (1.0000): one dollar, one yen.
const MajorUnit Amount = 10000

// maxIntDigits is how many integer digits ParseAmount accepts: 10^14 major
// units still fit int64 at four decimals (10^18 < 9.22·10^18).
const maxIntDigits = 14

// ErrInvalidAmount is returned by ParseAmount for text that is not a plain
// decimal number.
var ErrInvalidAmount = errors.New("invalid amount")

// ParseAmount parses a plain decimal number such as "1299", "1299.5",
// "423.923" or "-0.99" (no grouping, '.' as the decimal point). Up to four
// fractional digits are kept exactly; more are rounded half away from zero
// (use Exact to tell). It returns an error wrapping ErrInvalidAmount for
// anything else, and for more than 14 integer digits.
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
	intPart, frac, _ := strings.Cut(s, ".")
	if intPart == "" && frac == "" {
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
	intPart = strings.TrimLeft(intPart, "0")
	if len(intPart) > maxIntDigits {
		return 0, fmt.Errorf("%w: %q is too large", ErrInvalidAmount, orig)
	}
	var v int64
	for i := 0; i < len(intPart); i++ {
		v = v*10 + int64(intPart[i]-'0')
	}
	for i := range AmountDigits {
		v *= 10
		if i < len(frac) {
			v += int64(frac[i] - '0')
		}
	}
	if len(frac) > AmountDigits && frac[AmountDigits] >= '5' {
		v++
		// Rounding 99999999999999.99995 up makes a fifteenth integer
		// digit, which String would write and ParseAmount refuse.
		if v > maxAmount {
			return 0, fmt.Errorf("%w: %q is too large", ErrInvalidAmount, orig)
		}
	}
	if neg {
		v = -v
	}
	return Amount(v), nil
}

// Exact reports whether s, a plain decimal that ParseAmount accepts, has no
// non-zero digit beyond the four an Amount holds, so ParseAmount returns it
// without rounding.
func Exact(s string) bool {
	_, frac, _ := strings.Cut(s, ".")
	return len(frac) <= AmountDigits || strings.TrimRight(frac[AmountDigits:], "0") == ""
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

// MinorAmount returns the amount of units minor units of a currency with
// digits decimals: MinorAmount(1999, 2) is 19.99, MinorAmount(423923, 3) is
// 423.923, MinorAmount(1299, 0) is 1299. It returns an error wrapping
// ErrInvalidAmount when digits is outside 0..4 or the amount does not fit.
func MinorAmount(units int64, digits int) (Amount, error) {
	if digits < 0 || digits > AmountDigits {
		return 0, fmt.Errorf("%w: %d decimals (0 to %d)", ErrInvalidAmount, digits, AmountDigits)
	}
	f := pow10(AmountDigits - digits)
	if units > maxAmount/f || units < -maxAmount/f {
		return 0, fmt.Errorf("%w: %d minor units is too large", ErrInvalidAmount, units)
	}
	return Amount(units * f), nil
}

// maxAmount bounds amounts built from outside numbers: 14 integer digits.
const maxAmount = 1e18 - 1

func pow10(n int) int64 {
	v := int64(1)
	for range n {
		v *= 10
	}
	return v
}

// Round returns a rounded half away from zero to digits decimals (0 to 4):
// Round(2) of 12.345 is 12.35, Round(0) of 1299.5 is 1300. Derived amounts
// (medians, converted prices) are rounded to their currency's minor unit
// with it, so they read like prices of that currency.
func (a Amount) Round(digits int) Amount {
	if digits >= AmountDigits {
		return a
	}
	f := Amount(pow10(AmountDigits - max(digits, 0)))
	q, r := a/f, a%f
	switch {
	case 2*r >= f:
		q++
	case 2*r <= -f:
		q--
	}
	return q * f
}

// MinorUnits returns how many decimals amounts of a currency have: its ISO
// 4217 minor unit as CLDR states it (golang.org/x/text/currency), 2 for USD
// and EUR, 0 for JPY, KRW and CLP, 3 for KWD, BHD, OMR, JOD and TND, 4 for
// CLF. ok is false when code is no ISO 4217 code; digits is 2 then, the
// most common minor unit.
func MinorUnits(code string) (digits int, ok bool) {
	u, err := currency.ParseISO(code)
	if err != nil {
		return 2, false
	}
	digits, _ = currency.Standard.Rounding(u)
	return min(digits, AmountDigits), true
}

// digitsOf is MinorUnits without the ok: 2 for codes it does not know.
func digitsOf(code string) int {
	d, _ := MinorUnits(code)
	return d
}

// String formats the amount as a plain decimal with at least two decimals
// and as many more as it needs to be exact: "1299.00", "12.50",
// "423.923", "0.0001". Two decimals at least, because that is how every
// amount was written before amounts held four, so feeds and files keep
// their form for every amount they could hold before.
func (a Amount) String() string {
	sign := ""
	u := uint64(a)
	if a < 0 {
		sign, u = "-", -u // two's complement: right for the minimum too
	}
	frac := fmt.Sprintf("%04d", u%uint64(MajorUnit))
	frac = frac[:2] + strings.TrimRight(frac[2:], "0")
	return sign + strconv.FormatUint(u/uint64(MajorUnit), 10) + "." + frac
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
	// 128-bit mulDivRound: (to-from)·1000 overflows int64 for amounts above
	// 9·10^11 major units, which a dong or rial price can reach.
	q, ok := mulDivRound(int64(to)-int64(from), 1000, int64(from))
	if !ok {
		return 0
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

// Display formats money for people: thousands separators, decimals only when
// there are any and then as many as the currency has (its ISO 4217 minor
// unit: "$12.50", "423.920 KWD"), and the currency's symbol before the
// amount where it has an unambiguous common one, else its code after it:
// "¥1,099", "1,099.50 CHF", "24,990 CLP". The amount is rounded half away
// from zero to the currency's decimals, so a yen median of 1299.5 shows as
// "¥1,300" and a sub-cent unit price as cents. Reports and gap sentences
// share it so a table and the sentence under it show a price the same way.
func (m Money) Display() string {
	digits := digitsOf(m.Currency)
	v := m.Amount
	if v > -maxAmount && v < maxAmount { // rounding cannot overflow here
		v = v.Round(digits)
	}
	sign := ""
	u := uint64(v)
	if v < 0 {
		sign, u = "-", -u // two's complement: right for the minimum too
	}
	whole := strconv.FormatUint(u/uint64(MajorUnit), 10)
	frac := u % uint64(MajorUnit)
	var b strings.Builder
	b.WriteString(sign)
	sym := symbol(m.Currency)
	b.WriteString(sym)
	for i := range len(whole) {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(whole[i])
	}
	if frac != 0 {
		f := fmt.Sprintf("%04d", frac)
		// Beyond the currency's decimals only what rounding left: the
		// extremes of int64, which Round was not asked to touch.
		b.WriteString("." + f[:max(digits, len(strings.TrimRight(f, "0")))])
	}
	if sym == "" && m.Currency != "" {
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
