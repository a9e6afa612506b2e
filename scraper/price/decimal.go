package price

import (
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// ErrPrecision is returned (wrapped) by Decimal.Amount when the decimal has
// non-zero digits beyond the four decimals pricing.Amount holds ("$0.00125"
// a unit): no currency has them, but a price per gram may.
var ErrPrecision = errors.New("more decimals than an amount holds")

// Decimal is an exact, non-negative decimal number as the shop wrote it: its
// significant digits and how many of them stand after the decimal point.
// "1,299.00" is Decimal{"129900", 2}; "¥1,299" is {"1299", 0}; "KD 423.923"
// is {"423923", 3}. It is comparable with ==, so two Decimals are equal only
// when they were written with the same scale ("12.50" and "12.5" differ);
// use Cmp to compare values.
//
// Decimal keeps the scale the shop wrote ("12.50" against "12.5"), which
// pricing.Amount, a fixed four-decimal value, does not; Amount converts it,
// exactly for every currency's minor unit.
type Decimal struct {
	digits string // decimal digits, no leading zeros; "" for zero
	scale  int    // digits after the decimal point
}

// parseDecimal reads a plain decimal such as "1299.00", ".5" or "0012"
// (digits with at most one '.').
func parseDecimal(s string) (Decimal, error) {
	in, frac, _ := strings.Cut(s, ".")
	all := in + frac
	if all == "" {
		return Decimal{}, fmt.Errorf("%q is not a decimal", s)
	}
	for i := 0; i < len(all); i++ {
		if all[i] < '0' || all[i] > '9' {
			return Decimal{}, fmt.Errorf("%q is not a decimal", s)
		}
	}
	return Decimal{digits: strings.TrimLeft(all, "0"), scale: len(frac)}, nil
}

// DecimalOf returns the Decimal of a pricing.Amount, with the scale its
// String writes (two decimals, or more when it has more: "423.923").
func DecimalOf(a pricing.Amount) Decimal {
	d, _ := parseDecimal(strings.TrimPrefix(a.String(), "-"))
	return d
}

// IsZero reports whether the value is zero ("0", "0.00").
func (d Decimal) IsZero() bool { return d.digits == "" }

// Scale is the number of digits after the decimal point, as written.
func (d Decimal) Scale() int { return d.scale }

// Coefficient returns the digits as an integer: the value is
// Coefficient × 10^-Scale.
func (d Decimal) Coefficient() *big.Int {
	n, ok := new(big.Int).SetString("0"+d.digits, 10)
	if !ok {
		return new(big.Int)
	}
	return n
}

// String formats the decimal with its scale: "1299.00", "423.923", "0.99".
func (d Decimal) String() string {
	ds := d.digits
	if len(ds) <= d.scale {
		ds = strings.Repeat("0", d.scale-len(ds)+1) + ds
	}
	if d.scale == 0 {
		return ds
	}
	return ds[:len(ds)-d.scale] + "." + ds[len(ds)-d.scale:]
}

// Cmp compares the values of d and e: -1, 0 or +1.
func (d Decimal) Cmp(e Decimal) int {
	a, b := d.Coefficient(), e.Coefficient()
	switch {
	case d.scale < e.scale:
		a.Mul(a, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(e.scale-d.scale)), nil))
	case e.scale < d.scale:
		b.Mul(b, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d.scale-e.scale)), nil))
	}
	return a.Cmp(b)
}

// Exact reports whether the value has no non-zero digit beyond the four
// decimals of pricing.Amount, so that Amount returns it without rounding.
func (d Decimal) Exact() bool { return pricing.Exact(d.String()) }

// Amount converts the decimal to a pricing.Amount, exactly for up to four
// decimals (every currency's minor unit). It returns an error wrapping
// ErrPrecision, along with the amount rounded half away from zero, when
// digits beyond four would be lost, and one wrapping
// pricing.ErrInvalidAmount when the value has more than 14 integer digits.
func (d Decimal) Amount() (pricing.Amount, error) {
	a, err := pricing.ParseAmount(d.String())
	if err != nil {
		return 0, err
	}
	if !d.Exact() {
		return a, fmt.Errorf("%w: %s", ErrPrecision, d)
	}
	return a, nil
}

// Round returns the value rounded half away from zero to scale digits after
// the point (never raising the scale): the amount a currency with that many
// minor digits would record.
func (d Decimal) Round(scale int) Decimal {
	if scale < 0 || d.scale <= scale {
		return d
	}
	s := d.String()
	in, frac, _ := strings.Cut(s, ".")
	keep := in + frac[:scale]
	up := frac[scale] >= '5'
	r, _ := new(big.Int).SetString(keep, 10)
	if up {
		r.Add(r, big.NewInt(1))
	}
	return Decimal{digits: strings.TrimLeft(r.String(), "0"), scale: scale}
}
