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
// A zero price is not recorded (see positivePrices).
func setPrice(o *pricing.Offer, p price.Price, src string) {
	if p.Amount <= 0 || p.Range && p.Min <= 0 {
		return
	}
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

// positivePrices drops every zero or negative amount from an offer. The
// price parser reads "$0.00", "0,00 €" and "Free" as 0, which is right for
// a price string; on a shop page such a price is a placeholder ("call for
// price", a free gift line, a range that starts at a free option), so an
// offer never carries a price of 0: no price is recorded instead, and a
// range whose lower end is 0 is dropped whole.
func positivePrices(o *pricing.Offer) {
	drop := func(m **pricing.Money, key string) {
		if *m != nil && (*m).Amount <= 0 {
			*m = nil
			delete(o.Source, key)
		}
	}
	if o.MinPrice != nil && o.MinPrice.Amount <= 0 {
		o.MinPrice, o.MaxPrice = nil, nil
		delete(o.Source, "min_price")
		delete(o.Source, "max_price")
	}
	drop(&o.Price, "price")
	drop(&o.ListPrice, "list_price")
	drop(&o.MinPrice, "min_price")
	drop(&o.MaxPrice, "max_price")
}

// reconcileVisible corrects a single structured offer's price by what the
// page shows, where the structured value is plainly not the price a person
// reads and pays:
//   - the visible reading's list price is the structured price and its own
//     price is lower ("$66.75 <s>$89.00</s>" beside JSON-LD price 89.00), or
//     the page shows the structured amount only struck through or labelled
//     as the regular price, UVP or MRP (seen.struck, never seen.shown)
//     beside a lower visible price: the structured data gave the regular
//     price, which becomes the list price, and the visible price the price;
//   - the page shows the structured amount only as the price without VAT
//     (seen.exTax: "税抜 ￥36,182", "15 694 Kč bez DPH") beside a visible
//     price at most 30 % above it (the largest VAT rate is 27 %);
//   - the structured data is a range (AggregateOffer lowPrice..highPrice)
//     whose price is its low end, and the buy box shows a price inside the
//     range: the selected variant's or the buy box seller's price;
//   - the structured price is the visible one in minor units (JSON-LD
//     2499 beside a shown $24.99).
//
// Anything else keeps the structured price: the page's other prices
// (carousels, instalments, a card price) are not evidence against it, and
// a page that renders its price by script shows none (visible.Price nil).
// It reports whether it changed o. The caller (the product page's merge of
// sources) calls it with the one structured offer (or, without one, the
// meta tags' offer) and the visible reading before the visible reading
// fills the fields that offer lacks.
func reconcileVisible(o *pricing.Offer, visible pricing.Offer, seen shownPrices) bool {
	if o.Price == nil || visible.Price == nil || visible.Price.Currency != o.Price.Currency || visible.Price.Amount == o.Price.Amount {
		return false
	}
	cur, amt, vis := o.Price.Currency, o.Price.Amount, visible.Price.Amount
	in := func(ps []price.Price) bool {
		for _, p := range ps {
			if p.Amount == amt && (p.Currency == cur || p.Currency == "") {
				return true
			}
		}
		return false
	}
	if o.MinPrice != nil {
		// A range: only a visible price inside it, the structured price
		// being its low end, is the one the buy box sells at.
		if o.MaxPrice == nil || o.MinPrice.Currency != cur || o.MaxPrice.Currency != cur || o.MinPrice.Amount != amt ||
			vis < o.MinPrice.Amount || vis > o.MaxPrice.Amount {
			return false
		}
		o.Price = visible.Price
		setSource(o, "price", visible.Source["price"])
		return true
	}
	switch {
	case vis < amt && (visible.ListPrice != nil && visible.ListPrice.Currency == cur && visible.ListPrice.Amount == amt ||
		in(seen.struck) && !in(seen.shown)):
		if o.ListPrice == nil || o.ListPrice.Amount <= amt {
			o.ListPrice = o.Price
			setSource(o, "list_price", o.Source["price"])
		}
	case vis > amt && vis*10 <= amt*13 && in(seen.exTax) && !in(seen.shown):
		// The structured price is the net one the page prints beside the
		// price with VAT.
	case amt == vis*100 && vis%pricing.MajorUnit != 0:
		// A whole structured amount that is the visible one with its
		// cents moved left of the point; a visible whole amount (99 and
		// 9900) is left alone, as both may be real.
		if o.ListPrice != nil && o.ListPrice.Amount%100 == 0 {
			o.ListPrice = &pricing.Money{Amount: o.ListPrice.Amount / 100, Currency: o.ListPrice.Currency}
		}
	default:
		return false
	}
	o.Price = visible.Price
	setSource(o, "price", visible.Source["price"])
	return true
}
