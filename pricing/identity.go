package pricing

import (
	"cmp"
	"net/url"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// A listing's identity must not depend on where the shop put it on the page:
// week after week the same product has to land on the same key, or a shop
// that reorders its colour variants shows price changes that never happened.
// The key is, in order of trust:
//
//   - "sku:"+SKU when the shop shows a SKU;
//   - "gtin:"+GTIN when it shows a barcode and no SKU;
//   - "url:"+canonical URL otherwise, and for a variant that shares its URL
//     with its siblings (no variant id in the URL), "#" and the variant's
//     own options ("url:https://shop/p/widget#red/xl");
//   - when two offers of one page still share a key, each of them gets "#"
//     and its normalised title instead ("sku:A100#widget/red");
//   - offers left sharing a key then cannot be told apart: they are stored
//     once (see Dedupe) and reported as ambiguous, never numbered.

// VariantSep stands between a product title and its variant's options in
// variant titles: "Widget — Red / M".
const VariantSep = " — "

// ListingKey returns the identity of a listing from the identifiers it
// shows: "sku:"+sku when it has one, else "gtin:"+gtin, else
// "url:"+canonicalURL. It does not tell variants apart; KeyOffers does.
func ListingKey(sku, gtin, canonicalURL string) string {
	switch {
	case sku != "":
		return "sku:" + sku
	case gtin != "":
		return "gtin:" + gtin
	}
	return "url:" + canonicalURL
}

// VariantAttrs returns the normalised options of a variant title
// ("Widget — Red / M" gives "red/m"), or "" when the title names no
// options.
func VariantAttrs(title string) string {
	_, opts, ok := strings.Cut(title, VariantSep)
	if !ok {
		return ""
	}
	return normAttrs(opts)
}

// normAttrs normalises text for a key: NFKC (full-width forms become
// ASCII), lower case, each " / "- or "—"-separated part trimmed with its
// inner runs of space made one "-", parts joined by "/". "#" is dropped so a
// key holds one.
func normAttrs(s string) string {
	s = strings.ToLower(norm.NFKC.String(s))
	s = strings.NewReplacer(VariantSep, "/", "—", "/", "#", " ").Replace(s)
	var parts []string
	for p := range strings.SplitSeq(s, "/") {
		if f := strings.Fields(p); len(f) > 0 {
			parts = append(parts, strings.Join(f, "-"))
		}
	}
	return strings.Join(parts, "/")
}

// variantParams are query parameters that name one variant of a product
// page; a URL carrying one identifies the variant on its own.
var variantParams = map[string]bool{
	"variant": true, "variant_id": true, "variantid": true, "variation": true, "variation_id": true,
	"vid": true, "skuid": true, "sku_id": true, "sku": true, "color": true, "colour": true,
	"size": true, "option": true, "options": true, "model": true,
}

// urlNamesVariant reports whether a URL's query names a variant (Shopify's
// ?variant=, WooCommerce's variation_id and attribute_pa_*, skuId, ...).
func urlNamesVariant(u string) bool {
	_, q, ok := strings.Cut(u, "?")
	if !ok {
		return false
	}
	vals, _ := url.ParseQuery(q)
	for k := range vals {
		k = strings.ToLower(k)
		if variantParams[k] || strings.HasPrefix(k, "attribute_") {
			return true
		}
	}
	return false
}

// KeyOffers sets the Key of every offer of one page (or of any set of
// offers seen together) by the scheme above, from the offers' SKU, GTIN,
// URL (already canonical) and Title alone, so the keys do not depend on the
// offers' order. Offers that nothing tells apart are left sharing a key;
// Dedupe stores them once.
func KeyOffers(offers []Offer) {
	base := make([]string, len(offers))
	groups := map[string][]int{}
	for i := range offers {
		o := &offers[i]
		base[i] = ListingKey(o.SKU, o.GTIN, o.URL)
		o.Key = base[i]
		if o.SKU == "" && o.GTIN == "" && !urlNamesVariant(o.URL) {
			if a := VariantAttrs(o.Title); a != "" {
				o.Key += "#" + a
			}
		}
		groups[o.Key] = append(groups[o.Key], i)
	}
	for _, idx := range groups {
		if len(idx) < 2 {
			continue
		}
		titles := map[string]bool{}
		for _, i := range idx {
			titles[normAttrs(offers[i].Title)] = true
		}
		if len(titles) < 2 {
			continue // the same title for all: nothing to tell them apart by
		}
		for _, i := range idx {
			if t := normAttrs(offers[i].Title); t != "" {
				offers[i].Key = base[i] + "#" + t
			}
		}
	}
}

// Ambiguity is a key several offers of one page shared: nothing (SKU, GTIN,
// variant id, options, title) told them apart, so one of them was kept.
type Ambiguity struct {
	Key string
	URL string
	// Offers is how many offers shared the key.
	Offers int
}

// Dedupe keeps one offer per key, in the order the keys first appear. Of
// offers sharing a key it keeps the same one whatever their order: the one
// with a price, the lowest price first (what a shopper meets), then by the
// other fields. Offers that differ only in what a key ignores (their order,
// or a repeat of the same card) are one offer and no ambiguity; others that
// differ in price, list price or availability are returned as one
// Ambiguity per key.
func Dedupe(offers []Offer) ([]Offer, []Ambiguity) {
	at := map[string]int{}
	var groups [][]int
	for i := range offers {
		j, ok := at[offers[i].Key]
		if !ok {
			j = len(groups)
			at[offers[i].Key] = j
			groups = append(groups, nil)
		}
		groups[j] = append(groups[j], i)
	}
	if len(groups) == len(offers) {
		return offers, nil
	}
	out := make([]Offer, 0, len(groups))
	var amb []Ambiguity
	for _, g := range groups {
		best := g[0]
		differ := false
		for _, i := range g[1:] {
			if compareOffers(&offers[i], &offers[best]) < 0 {
				best = i
			}
			if !sameObservation(&offers[i], &offers[g[0]]) {
				differ = true
			}
		}
		out = append(out, offers[best])
		if differ {
			amb = append(amb, Ambiguity{Key: offers[best].Key, URL: offers[best].URL, Offers: len(g)})
		}
	}
	return out, amb
}

// sameObservation reports whether two offers say the same about price and
// stock.
func sameObservation(a, b *Offer) bool {
	return moneyEq(a.Price, b.Price) && moneyEq(a.ListPrice, b.ListPrice) && moneyEq(a.MinPrice, b.MinPrice) &&
		moneyEq(a.MaxPrice, b.MaxPrice) && a.Availability == b.Availability
}

func moneyEq(a, b *Money) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// compareMoney orders nil last, then by currency and amount.
func compareMoney(a, b *Money) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return cmp.Or(cmp.Compare(a.Currency, b.Currency), cmp.Compare(a.Amount, b.Amount))
}

// compareOffers is the order Dedupe keeps the first of: a total order over
// what an offer says, so the pick never depends on page order.
func compareOffers(a, b *Offer) int {
	return cmp.Or(
		compareMoney(a.Price, b.Price),
		compareMoney(a.MinPrice, b.MinPrice),
		compareMoney(a.MaxPrice, b.MaxPrice),
		compareMoney(a.ListPrice, b.ListPrice),
		cmp.Compare(a.Availability, b.Availability),
		cmp.Compare(a.Title, b.Title),
		cmp.Compare(a.URL, b.URL),
		cmp.Compare(a.Image, b.Image),
		cmp.Compare(a.Brand, b.Brand),
		cmp.Compare(a.Category, b.Category),
		cmp.Compare(a.MPN, b.MPN),
		slices.Compare(sortedSource(a.Source), sortedSource(b.Source)),
	)
}

func sortedSource(m map[string]string) []string {
	out := make([]string, 0, 2*len(m))
	for k, v := range m {
		out = append(out, k+"="+v)
	}
	slices.Sort(out)
	return out
}
