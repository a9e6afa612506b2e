package extract

import (
	"fmt"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// AmbiguousError reports offers of one page that nothing told apart: no
// SKU, GTIN, variant id in the URL, options or distinct title. They were
// stored once under Key (the cheapest of them), not numbered by their
// position, which would change meaning when the shop reorders them. It is
// one of Page.Errors; a crawler counts them.
type AmbiguousError struct {
	URL    string // the page
	Key    string
	Offers int // how many offers shared Key
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("%s: %d offers under key %s could not be told apart (no SKU, GTIN, variant id or distinct title); stored once",
		e.URL, e.Offers, e.Key)
}

// keyOffers keys a page's offers (pricing.KeyOffers) and keeps one per key
// (pricing.Dedupe), reporting each key that stood for offers saying
// different things as an *AmbiguousError in errs.
func keyOffers(offers []pricing.Offer, page string, errs *[]error) []pricing.Offer {
	pricing.KeyOffers(offers)
	out, amb := pricing.Dedupe(offers)
	for _, a := range amb {
		*errs = append(*errs, &AmbiguousError{URL: page, Key: a.Key, Offers: a.Offers})
	}
	return out
}
