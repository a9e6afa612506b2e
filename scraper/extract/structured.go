package extract

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/scraper/price"
)

// node is one schema.org item as JSON-LD decodes it. Microdata and RDFa are
// converted into the same shape so one interpreter serves all three.
type node = map[string]any

// maxDepth bounds recursion over untrusted nesting.
const maxDepth = 32

// maxOffers bounds the offers one product's offers property may give, so
// references that repeat one AggregateOffer cannot multiply without end.
const maxOffers = 1000

// graph is what the structured data of one page holds.
type graph struct {
	products []node
	crumbs   [][]string // each breadcrumb trail, in position order
}

// interp turns schema.org items into offers for one page and one source.
type interp struct {
	src    string
	base   *url.URL
	rules  Rules
	errs   *[]error
	page   string
	ids    map[string]node
	parent map[string]string // variant @id -> ProductGroup @id, from isVariantOf
}

// typesOf returns an item's types without their vocabulary prefix.
func typesOf(n node) []string {
	var out []string
	for _, t := range strs(n["@type"]) {
		t = strings.TrimSpace(t)
		if i := strings.LastIndexAny(t, "/#:"); i >= 0 {
			t = t[i+1:]
		}
		out = append(out, t)
	}
	return out
}

func hasType(n node, names ...string) bool {
	for _, t := range typesOf(n) {
		for _, want := range names {
			if strings.EqualFold(t, want) {
				return true
			}
		}
	}
	return false
}

func isProduct(n node) bool {
	return hasType(n, "Product", "ProductGroup", "IndividualProduct", "ProductModel", "SomeProducts", "Vehicle", "Car", "Book")
}

// strs flattens a property value to its string values.
func strs(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case json.Number:
		return []string{x.String()}
	case float64:
		return []string{strconv.FormatFloat(x, 'f', -1, 64)}
	case bool:
		return []string{strconv.FormatBool(x)}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, strs(e)...)
		}
		return out
	case node:
		if s := str(x); s != "" {
			return []string{s}
		}
	}
	return nil
}

// str returns a property's first non-empty value; an item counts by its
// name (brands, categories) or its literal value.
func str(v any) string {
	switch x := v.(type) {
	case node:
		for _, k := range []string{"name", "@value", "value"} {
			if s := str(x[k]); s != "" {
				return s
			}
		}
		return ""
	case []any:
		for _, e := range x {
			if s := str(e); s != "" {
				return s
			}
		}
		return ""
	}
	for _, s := range strs(v) {
		if s = cleanText(s); s != "" {
			return s
		}
	}
	return ""
}

// link returns a URL-valued property: a string, an item's url/contentUrl/@id,
// or the first of a list.
func link(v any) string {
	switch x := v.(type) {
	case node:
		for _, k := range []string{"url", "contentUrl", "@id"} {
			if s := link(x[k]); s != "" {
				return s
			}
		}
		return ""
	case []any:
		for _, e := range x {
			if s := link(e); s != "" {
				return s
			}
		}
		return ""
	case string:
		return strings.TrimSpace(x)
	}
	return ""
}

// items returns a property's item values, resolving {"@id": ...} references.
func (in *interp) items(v any) []node {
	var out []node
	switch x := v.(type) {
	case node:
		if id, _ := x["@id"].(string); id != "" && len(x) == 1 {
			if full, ok := in.ids[id]; ok {
				return []node{full}
			}
		}
		out = append(out, x)
	case []any:
		for _, e := range x {
			out = append(out, in.items(e)...)
		}
	}
	return out
}

// index records every item with an @id and more than a bare reference, and
// every isVariantOf link.
func (in *interp) index(v any, depth int) {
	if depth > maxDepth {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			in.index(e, depth+1)
		}
	case node:
		if id, _ := x["@id"].(string); id != "" && len(x) > 1 {
			if _, seen := in.ids[id]; !seen {
				in.ids[id] = x
			}
			if isProduct(x) {
				for _, g := range strs(linkIDs(x["isVariantOf"])) {
					in.parent[id] = g
				}
			}
		}
		for _, k := range sortedKeys(x) {
			in.index(x[k], depth+1)
		}
	}
}

// linkIDs returns the @id values of a reference property.
func linkIDs(v any) any {
	var out []any
	switch x := v.(type) {
	case node:
		if id, _ := x["@id"].(string); id != "" {
			out = append(out, id)
		}
	case []any:
		for _, e := range x {
			if l, ok := linkIDs(e).([]any); ok {
				out = append(out, l...)
			}
		}
	case string:
		out = append(out, x)
	}
	return out
}

func sortedKeys(n node) []string {
	keys := make([]string, 0, len(n))
	for k := range n {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// collect finds the products and breadcrumbs among top-level values.
func (in *interp) collect(roots []any) graph {
	for _, r := range roots {
		in.index(r, 0)
	}
	var g graph
	for _, r := range roots {
		in.walk(r, &g, 0)
	}
	// A variant listed on its own beside its ProductGroup is reported
	// through the group only.
	variant := map[string]bool{}
	groups := map[string]bool{}
	for _, p := range g.products {
		if id, _ := p["@id"].(string); id != "" && hasType(p, "ProductGroup") {
			groups[id] = true
		}
		for _, v := range in.items(p["hasVariant"]) {
			if id, _ := v["@id"].(string); id != "" {
				variant[id] = true
			}
		}
	}
	kept := g.products[:0]
	for _, p := range g.products {
		id, _ := p["@id"].(string)
		if id != "" && (variant[id] || groups[in.parent[id]]) {
			continue
		}
		kept = append(kept, p)
	}
	g.products = kept
	return g
}

func (in *interp) walk(v any, g *graph, depth int) {
	if depth > maxDepth {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			in.walk(e, g, depth+1)
		}
	case node:
		switch {
		case isProduct(x):
			g.products = append(g.products, x)
			return
		case hasType(x, "Offer", "AggregateOffer") && (x["itemOffered"] != nil || x["name"] != nil || x["sku"] != nil):
			// An offer on its own: the product is its itemOffered, or the
			// offer itself carries name and sku. An offer without either is
			// a product's, reached through it (or says too little to keep).
			p := node{}
			for _, it := range in.items(x["itemOffered"]) {
				for k, val := range it {
					p[k] = val
				}
			}
			for _, k := range []string{"name", "sku", "gtin", "gtin13", "mpn", "url", "image", "brand"} {
				if _, ok := p[k]; !ok && x[k] != nil {
					p[k] = x[k]
				}
			}
			off := node{}
			for k, val := range x {
				if k != "itemOffered" {
					off[k] = val
				}
			}
			p["offers"] = off
			g.products = append(g.products, p)
			return
		case hasType(x, "BreadcrumbList"):
			if c := in.crumb(x); len(c) > 0 {
				g.crumbs = append(g.crumbs, c)
			}
			return
		}
		for _, k := range sortedKeys(x) {
			if k == "@context" {
				continue
			}
			in.walk(x[k], g, depth+1)
		}
	}
}

// crumb returns a breadcrumb trail's names in position order.
func (in *interp) crumb(n node) []string {
	type el struct {
		pos  int
		name string
	}
	var els []el
	for i, e := range in.items(n["itemListElement"]) {
		name := str(e["name"])
		if name == "" {
			for _, it := range in.items(e["item"]) {
				name = str(it["name"])
			}
		}
		if name == "" {
			continue
		}
		pos, err := strconv.Atoi(str(e["position"]))
		if err != nil {
			pos = i + 1
		}
		els = append(els, el{pos, name})
	}
	sort.SliceStable(els, func(i, j int) bool { return els[i].pos < els[j].pos })
	out := make([]string, len(els))
	for i, e := range els {
		out[i] = e.name
	}
	return out
}

// offers turns every product of g into offers.
func (in *interp) offers(g graph) []pricing.Offer {
	var out []pricing.Offer
	for _, p := range g.products {
		out = append(out, in.product(p, 0)...)
	}
	return out
}

// productBase fills the fields a product states about itself.
func (in *interp) productBase(p node) pricing.Offer {
	var o pricing.Offer
	set := func(name, v string, dst *string) {
		if v != "" {
			*dst = v
			setSource(&o, name, in.src)
		}
	}
	set("title", str(p["name"]), &o.Title)
	set("sku", str(p["sku"]), &o.SKU)
	if o.SKU == "" {
		// schema.org's productID is the shop's own id where it gives no
		// sku ("isbn:123" forms keep only the value).
		id := str(p["productID"])
		if _, v, ok := strings.Cut(id, ":"); ok && !strings.Contains(id, "//") {
			id = v
		}
		set("sku", strings.TrimSpace(id), &o.SKU)
	}
	set("gtin", gtinOf(p), &o.GTIN)
	set("mpn", str(p["mpn"]), &o.MPN)
	set("brand", str(p["brand"]), &o.Brand)
	if o.Brand == "" {
		set("brand", str(p["manufacturer"]), &o.Brand)
	}
	set("image", absolute(in.base, link(p["image"])), &o.Image)
	set("url", absolute(in.base, link(p["url"])), &o.URL)
	set("category", categoryName(str(p["category"])), &o.Category)
	if o.Category != "" {
		// The whole "Electronics > Phones", for the category mapping.
		o.SourceCategory = strings.TrimSpace(str(p["category"]))
	}
	for _, r := range in.items(p["aggregateRating"]) {
		for _, k := range []string{"reviewCount", "ratingCount"} {
			if n := count(str(r[k])); n != nil {
				o.Reviews = n
				setSource(&o, "reviews", in.src)
				break
			}
		}
	}
	return o
}

// gtinOf returns the first GTIN-like identifier of an item.
func gtinOf(n node) string {
	for _, k := range []string{"gtin", "gtin13", "gtin12", "gtin14", "gtin8", "isbn"} {
		if s := str(n[k]); s != "" {
			// GTIN fields sometimes hold a URL form ("https://id.gs1.org/01/...").
			if i := strings.LastIndex(s, "/"); i >= 0 {
				s = s[i+1:]
			}
			return s
		}
	}
	return ""
}

// categoryName keeps the most specific step of "Electronics > Phones".
func categoryName(s string) string {
	for _, sep := range []string{">", "»", "/", "|"} {
		if i := strings.LastIndex(s, sep); i >= 0 && strings.TrimSpace(s[i+len(sep):]) != "" {
			s = s[i+len(sep):]
		}
	}
	return strings.TrimSpace(s)
}

// product turns one product item into one offer, or one per variant.
func (in *interp) product(p node, depth int) []pricing.Offer {
	base := in.productBase(p)
	var variants []node
	if depth == 0 {
		// Variants are not expanded again: a variant naming its own group
		// (or itself) as a variant must not multiply the offers.
		variants = in.items(p["hasVariant"])
		if id, _ := p["@id"].(string); id != "" {
			for _, vid := range sortedIDs(in.parent, id) {
				if v, ok := in.ids[vid]; ok {
					variants = append(variants, v)
				}
			}
		}
	}
	if len(variants) > 0 {
		var out []pricing.Offer
		props := optionProps(p, variants)
		for _, v := range variants {
			for _, o := range in.product(v, depth+1) {
				o.Title = variantTitle(base.Title, o.Title, optionValues(v, props))
				if o.Title != "" {
					setSource(&o, "title", in.src)
				}
				fill(&o, &base, false)
				out = append(out, o)
			}
		}
		if len(out) > 0 {
			return leadVariant(out, in.page)
		}
	}
	offers := in.flattenOffers(p["offers"], 0)
	switch {
	case len(offers) == 0:
		return []pricing.Offer{base}
	case len(offers) == 1:
		o := base
		in.applyOffer(&o, offers[0])
		return []pricing.Offer{o}
	case variantOffers(offers, base.Title):
		out := make([]pricing.Offer, 0, len(offers))
		for _, off := range offers {
			o := base
			o.Source = copySource(base.Source)
			if name := str(off["name"]); name != "" && name != base.Title {
				o.Title = variantTitle(base.Title, name, nil)
			}
			o.URL = "" // each variant's own url, else the product's
			in.applyOffer(&o, off)
			if o.URL == "" {
				o.URL = base.URL
			}
			out = append(out, o)
		}
		return leadVariant(out, in.page)
	}
	// Several offers for one product (sellers, conditions): the lowest price
	// is the one a shopper meets; the others bound the range.
	o := base
	var lo, hi *pricing.Money
	var best node
	var bestAvail pricing.Availability
	for _, off := range offers {
		var tmp pricing.Offer
		in.applyOffer(&tmp, off)
		if tmp.Price == nil {
			continue
		}
		// The lowest price a shopper can buy at: a sold-out seller's or
		// ticket category's lower price is not the one met.
		buyable, bestBuyable := tmp.Availability == pricing.InStock, bestAvail == pricing.InStock
		if lo == nil || buyable && !bestBuyable || buyable == bestBuyable && tmp.Price.Amount < lo.Amount {
			lo, best, bestAvail = tmp.Price, off, tmp.Availability
		}
		if hi == nil || tmp.Price.Amount > hi.Amount {
			hi = tmp.Price
		}
	}
	if best != nil {
		// The range spans every offer, sold out or not.
		for _, off := range offers {
			var tmp pricing.Offer
			in.applyOffer(&tmp, off)
			if tmp.Price != nil && tmp.Price.Amount < lo.Amount {
				lo = tmp.Price
			}
		}
	}
	if best == nil {
		best = offers[0]
	}
	in.applyOffer(&o, best)
	if lo != nil && hi != nil && lo.Amount != hi.Amount && o.MinPrice == nil {
		o.MinPrice, o.MaxPrice = lo, hi
		setSource(&o, "min_price", in.src)
		setSource(&o, "max_price", in.src)
	}
	return []pricing.Offer{o}
}

func copySource(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func sortedIDs(parent map[string]string, group string) []string {
	var out []string
	for v, g := range parent {
		if g == group {
			out = append(out, v)
		}
	}
	sort.Strings(out)
	return out
}

// variantTitle names a variant "Product — Red / M": the group's title (or
// the variant's own name when it is a full title of its own) followed by
// the options it does not name yet. A variant's own name that is only its
// options ("Red / M", "2-Pack") counts as an option.
func variantTitle(group, own string, opts []string) string {
	switch {
	case own == "" || own == group:
		return VariantTitle(group, opts...)
	case group == "":
		return VariantTitle(own, opts...)
	}
	if rest, ok := cutTitlePrefix(own, group); ok {
		// "Tee 2-Pack" and "Tee, Navy, L" are "Tee — 2-Pack", "Tee — Navy / L".
		return VariantTitle(group, append(splitOptions(rest), opts...)...)
	}
	if fullTitle(own, group) {
		return VariantTitle(own, opts...)
	}
	return VariantTitle(group, append([]string{own}, opts...)...)
}

// cutTitlePrefix returns what follows the product title at the start of a
// variant's own name, without the separator between them; ok is false when
// the name does not start with the title as whole words.
func cutTitlePrefix(own, title string) (rest string, ok bool) {
	if len(own) <= len(title) || !strings.EqualFold(own[:len(title)], title) {
		return "", false
	}
	rest = own[len(title):]
	next, _ := utf8.DecodeRuneInString(rest)
	last, _ := utf8.DecodeLastRuneInString(title)
	if isASCIIAlnum(next) && isASCIIAlnum(last) {
		return "", false // "Tee" does not start "Teeshirt"
	}
	rest = strings.TrimLeft(rest, " \t-–—,:/|(")
	rest = strings.TrimRight(rest, " )")
	return rest, rest != ""
}

// splitOptions splits the options a variant's name appends to the title:
// "20000mAh, 2-Pack" and "Navy / L" give two.
func splitOptions(s string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '|' }) {
		out = append(out, strings.TrimSpace(part))
	}
	return out
}

// fullTitle reports whether a variant's or offer's own name is a whole
// product title rather than only its options: it contains the product's
// title, or at least half of the product title's words.
func fullTitle(own, product string) bool {
	if mentions(own, product) {
		return true
	}
	words := strings.Fields(foldKey(product))
	if len(words) == 0 {
		return false
	}
	n := 0
	for _, w := range words {
		if mentions(own, w) {
			n++
		}
	}
	return 2*n >= len(words)
}

// optionKeys are the schema.org properties that tell variants apart when
// the group does not say (variesBy).
var optionKeys = []string{"color", "size", "material", "pattern", "model", "suggestedAge", "suggestedGender"}

// optionProps lists the properties a group's variants vary by: variesBy
// when the group states it, else those of optionKeys and of the variants'
// additionalProperty names whose values differ between the variants (a
// property all variants share tells none apart).
func optionProps(p node, variants []node) []string {
	var props []string
	for _, s := range strs(p["variesBy"]) {
		if i := strings.LastIndexAny(s, "/#:"); i >= 0 {
			s = s[i+1:]
		}
		props = append(props, s)
	}
	if len(props) > 0 {
		return props
	}
	candidates := append([]string(nil), optionKeys...)
	for _, v := range variants {
		for _, pv := range additional(v) {
			if !slicesContainsFold(candidates, pv[0]) {
				candidates = append(candidates, pv[0])
			}
		}
	}
	for _, k := range candidates {
		vals := map[string]bool{}
		for _, v := range variants {
			vals[foldKey(optionValue(v, k))] = true
		}
		if len(vals) > 1 {
			props = append(props, k)
		}
	}
	return props
}

// optionValues returns a variant's values of props, in order.
func optionValues(v node, props []string) []string {
	var out []string
	for _, k := range props {
		if s := optionValue(v, k); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// optionValue is a variant's value of one property, or of the
// additionalProperty of that name.
func optionValue(v node, k string) string {
	if s := str(v[k]); s != "" {
		return s
	}
	for _, pv := range additional(v) {
		if strings.EqualFold(pv[0], k) {
			return pv[1]
		}
	}
	return ""
}

// additional returns an item's additionalProperty name/value pairs.
func additional(v node) [][2]string {
	var out [][2]string
	items, _ := v["additionalProperty"].([]any)
	if n, ok := v["additionalProperty"].(node); ok {
		items = []any{n}
	}
	for _, e := range items {
		if pv, ok := e.(node); ok {
			name, val := str(pv["name"]), str(pv["value"])
			if name != "" && val != "" {
				out = append(out, [2]string{name, val})
			}
		}
	}
	return out
}

func slicesContainsFold(list []string, s string) bool {
	for _, e := range list {
		if strings.EqualFold(e, s) {
			return true
		}
	}
	return false
}

// variantOffers reports whether a product's several offers are its variants,
// not several sellers of one thing: every offer names its own SKU, or every
// offer has its own name other than the product's.
func variantOffers(offers []node, title string) bool {
	if distinctSKUs(offers) {
		return true
	}
	seen := map[string]bool{}
	for _, o := range offers {
		s := foldKey(str(o["name"]))
		if s == "" || seen[s] || s == foldKey(title) {
			return false
		}
		seen[s] = true
	}
	return true
}

// distinctSKUs reports whether every offer names its own SKU: a product
// sold in variants, not several sellers of one thing.
func distinctSKUs(offers []node) bool {
	seen := map[string]bool{}
	for _, o := range offers {
		s := str(o["sku"])
		if s == "" || seen[s] {
			return false
		}
		seen[s] = true
	}
	return true
}

// flattenOffers lists an offers value's individual offers; an
// AggregateOffer with per-offer data gives those, else itself.
func (in *interp) flattenOffers(v any, depth int) []node {
	if depth > 3 {
		return nil
	}
	var out []node
	for _, o := range in.items(v) {
		if len(out) >= maxOffers {
			break
		}
		if hasType(o, "AggregateOffer") {
			if nested := in.flattenOffers(o["offers"], depth+1); len(nested) > 0 {
				out = append(out, nested...)
				continue
			}
		}
		out = append(out, o)
	}
	return out
}

// applyOffer copies one offer's price, list price, range, availability and
// identifiers onto o.
func (in *interp) applyOffer(o *pricing.Offer, off node) {
	h := in.rules.hints()
	cur := strings.ToUpper(str(off["priceCurrency"]))
	money := func(v any, field string) *pricing.Money {
		s := str(v)
		if s == "" {
			return nil
		}
		a, c, err := structuredAmount(s, h)
		if err != nil {
			if !errors.Is(err, price.ErrNoPrice) {
				*in.errs = append(*in.errs, fmt.Errorf("%s: %s %s: %w", in.page, in.src, field, err))
			}
			return nil
		}
		if a <= 0 {
			// Shops write 0 for "call for price"; no price is never a zero price.
			return nil
		}
		switch {
		case cur != "":
			c = cur
		case c == "":
			c = h.Currency
		}
		return &pricing.Money{Amount: a, Currency: strings.ToUpper(c)}
	}
	set := func(dst **pricing.Money, m *pricing.Money, field string) {
		if m != nil {
			*dst = m
			setSource(o, field, in.src)
		}
	}
	set(&o.Price, money(off["price"], "price"), "price")
	for _, spec := range in.items(off["priceSpecification"]) {
		if c := strings.ToUpper(str(spec["priceCurrency"])); c != "" && cur == "" {
			cur = c
		}
		pt := strings.ToLower(strings.Join(strs(spec["priceType"]), " "))
		m := money(spec["price"], "priceSpecification.price")
		switch {
		case strings.Contains(pt, "strikethrough") || strings.Contains(pt, "listprice") ||
			strings.Contains(pt, "msrp") || strings.Contains(pt, "srp"):
			if o.ListPrice == nil {
				set(&o.ListPrice, m, "list_price")
			}
		case strings.Contains(pt, "saleprice") && m != nil && o.Price != nil && m.Amount < o.Price.Amount:
			// The offer's price is the regular one and a sale price
			// spec is lower: the shopper pays the sale price.
			if o.ListPrice == nil {
				set(&o.ListPrice, o.Price, "list_price")
			}
			set(&o.Price, m, "price")
		case o.Price == nil:
			set(&o.Price, m, "price")
		}
	}
	low := money(off["lowPrice"], "lowPrice")
	high := money(off["highPrice"], "highPrice")
	if low != nil && high != nil && low.Amount != high.Amount {
		set(&o.MinPrice, low, "min_price")
		set(&o.MaxPrice, high, "max_price")
	}
	if o.Price == nil {
		set(&o.Price, low, "price")
	}
	if a := str(off["availability"]); a != "" {
		if av := NormalizeAvailability(a, in.rules.AvailabilityPhrases); av != pricing.AvailabilityUnknown {
			o.Availability = av
			setSource(o, "availability", in.src)
		}
	}
	setStr := func(name, v string, dst *string) {
		if v != "" {
			*dst = v
			setSource(o, name, in.src)
		}
	}
	setStr("sku", str(off["sku"]), &o.SKU)
	setStr("gtin", gtinOf(off), &o.GTIN)
	setStr("mpn", str(off["mpn"]), &o.MPN)
	setStr("url", absolute(in.base, link(off["url"])), &o.URL)
	if o.Image == "" {
		setStr("image", absolute(in.base, link(off["image"])), &o.Image)
	}
}

// ErrMalformed is wrapped by the Page.Errors entries for structured data
// that could not be read even after repair.
var ErrMalformed = errors.New("malformed structured data")

// leadVariant puts first the variant a person sees on the page: the one
// the page's URL selects (its offer URL's query is part of the page's), or
// else, when the first variant cannot be bought, the first that can, as
// shops preselect the first available variant. The others keep their order.
func leadVariant(out []pricing.Offer, page string) []pricing.Offer {
	if len(out) < 2 {
		return out
	}
	lead := -1
	if pu, err := url.Parse(page); err == nil && pu.RawQuery != "" {
		pq := pu.Query()
		for i, o := range out {
			ou, err := url.Parse(o.URL)
			if err != nil || ou.RawQuery == "" || ou.Path != pu.Path {
				continue
			}
			match := true
			for k, vs := range ou.Query() {
				if pq.Get(k) != vs[0] {
					match = false
					break
				}
			}
			if match {
				lead = i
				break
			}
		}
	}
	if lead < 0 && out[0].Availability != pricing.InStock {
		for i, o := range out {
			if o.Availability == pricing.InStock {
				lead = i
				break
			}
		}
	}
	if lead <= 0 {
		return out
	}
	v := out[lead]
	copy(out[1:lead+1], out[:lead])
	out[0] = v
	return out
}
