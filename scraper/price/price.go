// Package price reads prices out of the text shops show: "¥1,299.00",
// "1 299,00 €", "券后¥79", "$10 – $20". It turns visible text into exact
// amounts and ISO 4217 currency codes; it never uses float64.
package price

import (
	"errors"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// ErrNoPrice is returned (wrapped) when the text holds no price: "Call for
// price", "面议", "Sold out", "". No price is never a zero price.
var ErrNoPrice = errors.New("no price")

// Hints settle what the text alone leaves open.
type Hints struct {
	// Currency is the ISO 4217 code to use when the text names none.
	Currency string
	// DecimalSeparator is '.' or ',' when the shop's locale is known, 0 to
	// guess from the text.
	DecimalSeparator rune
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
}

// Parse reads the first price in text. It returns an error wrapping
// ErrNoPrice when the text holds none.
func Parse(text string, h Hints) (Price, error) {
	// Placeholder until the parser lands; see price_test.go.
	return Price{}, ErrNoPrice
}
