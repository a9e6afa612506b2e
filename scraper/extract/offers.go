package extract

import (
	"errors"
	"fmt"
	"strings"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/scraper/price"
)

// Source names recorded in pricing.Offer.Source.
const (
	srcJSONLD      = "jsonld"
	srcMicrodata   = "microdata"
	srcRDFa        = "rdfa"
	srcMeta        = "meta"
	srcHeuristic   = "heuristic"
	srcSelector    = "selector"
	srcConfig      = "config"
	srcBreadcrumb  = "breadcrumb"
	srcPage        = "page"
	srcShopify     = "shopify"
	srcWooCommerce = "woocommerce"
)

// field copies one offer field between offers; has reports whether it is set.
type field struct {
	name string
	has  func(o *pricing.Offer) bool
	copy func(dst, src *pricing.Offer)
}

// offerFields lists every field extraction fills, by its JSON name (the
// names used as keys of Offer.Source).
var offerFields = []field{
	{"title", func(o *pricing.Offer) bool { return o.Title != "" }, func(d, s *pricing.Offer) { d.Title = s.Title }},
	{"url", func(o *pricing.Offer) bool { return o.URL != "" }, func(d, s *pricing.Offer) { d.URL = s.URL }},
	{"sku", func(o *pricing.Offer) bool { return o.SKU != "" }, func(d, s *pricing.Offer) { d.SKU = s.SKU }},
	{"gtin", func(o *pricing.Offer) bool { return o.GTIN != "" }, func(d, s *pricing.Offer) { d.GTIN = s.GTIN }},
	{"mpn", func(o *pricing.Offer) bool { return o.MPN != "" }, func(d, s *pricing.Offer) { d.MPN = s.MPN }},
	{"brand", func(o *pricing.Offer) bool { return o.Brand != "" }, func(d, s *pricing.Offer) { d.Brand = s.Brand }},
	{"category", func(o *pricing.Offer) bool { return o.Category != "" }, func(d, s *pricing.Offer) { d.Category = s.Category }},
	{"image", func(o *pricing.Offer) bool { return o.Image != "" }, func(d, s *pricing.Offer) { d.Image = s.Image }},
	{"price", func(o *pricing.Offer) bool { return o.Price != nil }, func(d, s *pricing.Offer) { d.Price = s.Price }},
	{"list_price", func(o *pricing.Offer) bool { return o.ListPrice != nil }, func(d, s *pricing.Offer) { d.ListPrice = s.ListPrice }},
	{"min_price", func(o *pricing.Offer) bool { return o.MinPrice != nil }, func(d, s *pricing.Offer) { d.MinPrice = s.MinPrice }},
	{"max_price", func(o *pricing.Offer) bool { return o.MaxPrice != nil }, func(d, s *pricing.Offer) { d.MaxPrice = s.MaxPrice }},
	{"availability", func(o *pricing.Offer) bool {
		return o.Availability != "" && o.Availability != pricing.AvailabilityUnknown
	}, func(d, s *pricing.Offer) { d.Availability = s.Availability }},
	{"sales", func(o *pricing.Offer) bool { return o.Sales != nil }, func(d, s *pricing.Offer) { d.Sales = s.Sales }},
	{"reviews", func(o *pricing.Offer) bool { return o.Reviews != nil }, func(d, s *pricing.Offer) { d.Reviews = s.Reviews }},
}

// productFields are the fields a product's variants share, the only ones a
// less trusted single-offer source may fill into several variants at once.
var productFields = map[string]bool{"brand": true, "category": true}

// setSource records where a field came from.
func setSource(o *pricing.Offer, name, src string) {
	if o.Source == nil {
		o.Source = map[string]string{}
	}
	o.Source[name] = src
}

// fill copies into dst every field that dst lacks and src has, with its
// source; only selects productFields when only is true.
func fill(dst, src *pricing.Offer, only bool) {
	for _, f := range offerFields {
		if only && !productFields[f.name] {
			continue
		}
		if !f.has(dst) && f.has(src) {
			f.copy(dst, src)
			setSource(dst, f.name, src.Source[f.name])
		}
	}
}

// override copies into dst every field src has, replacing dst's.
func override(dst, src *pricing.Offer, only bool) {
	for _, f := range offerFields {
		if only && !productFields[f.name] {
			continue
		}
		if f.has(src) {
			f.copy(dst, src)
			setSource(dst, f.name, src.Source[f.name])
		}
	}
}

// empty reports whether an offer carries nothing worth recording.
func empty(o *pricing.Offer) bool {
	return o.Title == "" && o.Price == nil && o.SKU == "" && o.MinPrice == nil
}

// hints converts rules to the price parser's hints.
func (r Rules) hints() price.Hints {
	h := price.Hints{Currency: strings.ToUpper(strings.TrimSpace(r.Currency))}
	switch r.DecimalSeparator {
	case ".":
		h.DecimalSeparator = '.'
	case ",":
		h.DecimalSeparator = ','
	}
	return h
}

// parseMoney reads a visible price text. ok is false when the text holds no
// price; err is set only for text that looked like a price but did not parse.
func parseMoney(text string, h price.Hints) (p price.Price, ok bool, err error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return price.Price{}, false, nil
	}
	p, err = price.Parse(text, h)
	if errors.Is(err, price.ErrNoPrice) {
		return price.Price{}, false, nil
	}
	if err != nil {
		return price.Price{}, false, err
	}
	if p.Currency == "" {
		p.Currency = h.Currency
	}
	return p, true, nil
}

// structuredAmount reads a price as structured data writes it: a plain
// decimal ("1299.00", 1299) first, then, for shops that put visible text
// there ("¥1,299"), the visible-price parser.
func structuredAmount(v string, h price.Hints) (pricing.Amount, string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, "", price.ErrNoPrice
	}
	if a, err := pricing.ParseAmount(v); err == nil {
		return a, "", nil
	}
	p, ok, err := parseMoney(v, h)
	if err != nil {
		return 0, "", err
	}
	if !ok {
		return 0, "", fmt.Errorf("%w: %q", price.ErrNoPrice, v)
	}
	return p.Amount, p.Currency, nil
}

// money builds a *Money, upper-casing the currency code.
func money(a pricing.Amount, currency string) *pricing.Money {
	return &pricing.Money{Amount: a, Currency: strings.ToUpper(strings.TrimSpace(currency))}
}

// setPrice records a parsed visible price on o: a range fills Min/Max too.
func setPrice(o *pricing.Offer, p price.Price, src string) {
	o.Price = money(p.Amount, p.Currency)
	setSource(o, "price", src)
	if p.Range && p.Max != p.Min {
		o.MinPrice = money(p.Min, p.Currency)
		o.MaxPrice = money(p.Max, p.Currency)
		setSource(o, "min_price", src)
		setSource(o, "max_price", src)
	}
}

// count parses a sales or review count; nil when the text holds none.
func count(text string) *int64 {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil
	}
	n, err := price.ParseCount(text)
	if err != nil {
		return nil
	}
	return &n
}
