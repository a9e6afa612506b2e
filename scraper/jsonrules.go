package scraper

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/scraper/extract"
	pricetext "github.com/shelfwatch/shelfwatch/scraper/price"
)

// JSONRule reads offer fields from a JSON endpoint of the shop, as shops
// whose pages load prices and stock with a script do (JD's p.3.cn, Tmall's
// mdskip): after a page is read, each of its offers (or the whole page's
// offers at once) is looked up at URL and the fields found there fill or
// replace the offer's. Endpoint requests go through the crawl's transport:
// the same host limits, allowed domains, robots.txt, timeout and retries.
type JSONRule struct {
	// URL is the endpoint, an absolute http(s) URL template. Placeholders
	// name offer values: {sku}, {id}, {key}, {url}, {gtin}, {mpn} ask for
	// one offer per request; their plurals {skus}, {ids}, {keys}, {urls},
	// {gtins}, {mpns} for up to Batch offers per request, their values
	// (as Each renders them) joined by Join. Values are escaped for where
	// they stand (path or query).
	URL string
	// Each is how the endpoint names one offer, a template of the singular
	// placeholders ("J_{sku}"); "" means the placeholder's own value. Items
	// are matched against it.
	Each string
	// IDFrom and IDRegex define {id}: the first group of IDRegex matched
	// against the offer's IDFrom field ("url", "sku", "key", "gtin",
	// "mpn" or "title").
	IDFrom  string
	IDRegex *regexp.Regexp
	// Items is the gjson path of the array of per-offer items in the
	// answer ("data", "#" or "@this" for an answer that is the array);
	// "" reads the whole answer as the one offer's.
	Items string
	// Key is the gjson path, within an item, of the offer's name at the
	// endpoint, matched against Each. "" with one offer per request takes
	// the first item.
	Key string
	// Batch bounds the offers of one batch request; Join separates their
	// values.
	Batch int
	Join  string
	// Fields maps offer fields (JSONFields) to gjson paths within the
	// item (or the answer).
	Fields map[string]string
	// AvailabilityValues maps the endpoint's own stock values ("33", "0",
	// "sold_out") to availability states; values not in it are read as
	// schema.org values, stock phrases, booleans or stock counts.
	AvailabilityValues map[string]pricing.Availability
	// Fill, when set, fills only fields the page left blank; by default
	// the endpoint's values win (the endpoint is what the page shows).
	Fill bool
}

// JSONFields are the offer fields a JSON rule can set.
var JSONFields = []string{
	"price", "list_price", "min_price", "max_price", "currency", "availability",
	"title", "brand", "sku", "gtin", "mpn", "image", "sales", "reviews",
}

// Defaults of a JSON rule.
const (
	DefaultJSONBatch = 20
	DefaultJSONJoin  = ","
)

// jsonPlaceholders maps each singular placeholder to its plural.
var jsonPlaceholders = map[string]string{
	"sku": "skus", "id": "ids", "key": "keys", "url": "urls", "gtin": "gtins", "mpn": "mpns",
}

// jsonTemplate is a URL or Each template cut into literal text and
// placeholders.
type jsonTemplate struct {
	parts []tmplPart
}

type tmplPart struct {
	lit   string
	name  string // placeholder name, "" for a literal
	query bool   // the placeholder stands in the query (escaped as a query value)
}

// parseTemplate cuts s into literals and {placeholders}. Unknown names,
// an unclosed or stray brace, and an empty name are errors.
func parseTemplate(s string, allowPlural bool) (jsonTemplate, error) {
	var t jsonTemplate
	inQuery := false
	for rest := s; rest != ""; {
		i := strings.IndexAny(rest, "{}")
		if i < 0 {
			t.parts = append(t.parts, tmplPart{lit: rest})
			inQuery = inQuery || strings.Contains(rest, "?")
			break
		}
		if i > 0 {
			t.parts = append(t.parts, tmplPart{lit: rest[:i]})
			inQuery = inQuery || strings.Contains(rest[:i], "?")
		}
		if rest[i] == '}' {
			return t, fmt.Errorf("stray '}' at %q", rest[i:])
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return t, fmt.Errorf("unclosed '{' at %q", rest[i:])
		}
		name := rest[i+1 : i+j]
		if !knownPlaceholder(name, allowPlural) {
			return t, fmt.Errorf("unknown placeholder {%s} (known: %s)", name, placeholderList(allowPlural))
		}
		t.parts = append(t.parts, tmplPart{name: name, query: inQuery})
		rest = rest[i+j+1:]
	}
	return t, nil
}

func knownPlaceholder(name string, allowPlural bool) bool {
	if _, ok := jsonPlaceholders[name]; ok {
		return true
	}
	if allowPlural {
		for _, p := range jsonPlaceholders {
			if p == name {
				return true
			}
		}
	}
	return false
}

func placeholderList(allowPlural bool) string {
	var out []string
	for s, p := range jsonPlaceholders {
		out = append(out, "{"+s+"}")
		if allowPlural {
			out = append(out, "{"+p+"}")
		}
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}

// names lists the placeholders of t.
func (t jsonTemplate) names() []string {
	var out []string
	for _, p := range t.parts {
		if p.name != "" && !slices.Contains(out, p.name) {
			out = append(out, p.name)
		}
	}
	return out
}

// plural returns the plural placeholder t uses, "" for none.
func (t jsonTemplate) plural() string {
	for _, n := range t.names() {
		if _, singular := jsonPlaceholders[n]; !singular {
			return n
		}
	}
	return ""
}

// literalHost is the host of a URL template whose scheme and host hold no
// placeholder, "" when they do.
func (t jsonTemplate) literalHost() (string, bool) {
	if len(t.parts) == 0 || t.parts[0].name != "" {
		return "", false
	}
	lit := t.parts[0].lit
	scheme, rest, ok := strings.Cut(lit, "://")
	if !ok {
		return "", false
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		if len(t.parts) > 1 {
			return "", false // the host runs into a placeholder
		}
		end = len(rest)
	}
	u, err := url.Parse(scheme + "://" + rest[:end])
	if err != nil {
		return "", false
	}
	return strings.ToLower(u.Hostname()), true
}

// render fills t with vals (placeholder -> value), escaping each value for
// where it stands when escape is set. ok is false when a placeholder has no
// value.
func (t jsonTemplate) render(vals map[string]string, escape bool) (string, bool) {
	var b strings.Builder
	for _, p := range t.parts {
		if p.name == "" {
			b.WriteString(p.lit)
			continue
		}
		v, ok := vals[p.name]
		if !ok || v == "" {
			return "", false
		}
		if escape {
			v = escapeValue(v, p.query)
		}
		b.WriteString(v)
	}
	return b.String(), true
}

// escapeValue escapes a value for the path or the query; a value that is
// already a joined list keeps its separators readable when they are safe
// there (commas, as endpoints expect).
func escapeValue(v string, query bool) string {
	if query {
		return strings.ReplaceAll(url.QueryEscape(v), "%2C", ",")
	}
	return strings.ReplaceAll(url.PathEscape(v), "%2C", ",")
}

// offerValues are the singular placeholder values of one offer under r;
// absent where the offer has none.
func (r *JSONRule) offerValues(o pricing.Offer) map[string]string {
	vals := map[string]string{}
	set := func(k, v string) {
		if v = strings.TrimSpace(v); v != "" {
			vals[k] = v
		}
	}
	set("sku", o.SKU)
	set("url", o.URL)
	set("gtin", o.GTIN)
	set("mpn", o.MPN)
	key := o.Key
	if key == "" {
		key = pricing.ListingKey(o.SKU, o.GTIN, canonical(o.URL))
	}
	set("key", key)
	if r.IDRegex != nil {
		src := map[string]string{"url": o.URL, "sku": o.SKU, "key": key, "gtin": o.GTIN, "mpn": o.MPN, "title": o.Title}[r.idFrom()]
		if m := r.IDRegex.FindStringSubmatch(src); len(m) > 1 {
			set("id", m[1])
		}
	}
	return vals
}

func (r *JSONRule) idFrom() string {
	if r.IDFrom == "" {
		return "url"
	}
	return r.IDFrom
}

// name is how the endpoint calls the offer with values vals: Each rendered,
// or the value of the one placeholder (singular of plural) the URL uses.
func (r *JSONRule) name(url, each jsonTemplate, vals map[string]string) (string, bool) {
	if len(each.parts) > 0 {
		return each.render(vals, false)
	}
	ph := url.plural()
	if ph != "" {
		for s, p := range jsonPlaceholders {
			if p == ph {
				v, ok := vals[s]
				return v, ok && v != ""
			}
		}
	}
	for _, n := range url.names() {
		if v := vals[n]; v != "" {
			return v, true
		}
	}
	return "", false
}

// jsonpRE matches a JSONP answer: callback( ... ) with an optional
// semicolon, as many shop price endpoints still send.
var jsonpRE = regexp.MustCompile(`(?s)^\s*[A-Za-z_$][\w$.]*\s*\(\s*(.*?)\s*\)\s*;?\s*$`)

// jsonBody returns the JSON of an endpoint's answer, unwrapping JSONP. An
// answer that is no valid JSON is an error.
func jsonBody(body []byte) ([]byte, error) {
	b := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	if len(b) > 0 && b[0] != '{' && b[0] != '[' {
		if m := jsonpRE.FindSubmatch(b); m != nil {
			b = m[1]
		}
	}
	if !gjson.ValidBytes(b) {
		return nil, errors.New("not valid JSON")
	}
	return b, nil
}

// items returns the per-offer items of an answer: the array at r.Items, or
// the whole answer when r.Items is "".
func (r *JSONRule) items(doc []byte) ([]gjson.Result, error) {
	root := gjson.ParseBytes(doc)
	if r.Items == "" {
		return []gjson.Result{root}, nil
	}
	arr := root
	if p := itemsPath(r.Items); p != "@this" {
		arr = root.Get(p)
	}
	if !arr.Exists() {
		return nil, fmt.Errorf("no %q in the answer", r.Items)
	}
	if !arr.IsArray() {
		if arr.IsObject() {
			// One item where several may come: an endpoint that
			// unwraps a list of one.
			return []gjson.Result{arr}, nil
		}
		return nil, fmt.Errorf("%q is %s, not a list", r.Items, arr.Type)
	}
	return arr.Array(), nil
}

// itemsPath normalises an items path: "data.#" and "#" name the array
// itself, "" or "#" the whole answer.
func itemsPath(p string) string {
	p = strings.TrimSuffix(strings.TrimSuffix(p, "#"), ".")
	if p == "" {
		return "@this"
	}
	return p
}

// match finds the item of want (the offer's name at the endpoint), with
// raw its bare value (SKU or id): a key equal to want first, then one
// equal to raw; then, for endpoints that prefix ids ("J_100012" for SKU
// 100012), a key that ends in want or raw after a separator.
func (r *JSONRule) match(items []gjson.Result, want, raw string) (gjson.Result, bool) {
	if r.Key == "" {
		if len(items) > 0 {
			return items[0], true
		}
		return gjson.Result{}, false
	}
	for _, it := range items {
		if k := it.Get(r.Key); k.Exists() && strings.TrimSpace(k.String()) == want {
			return it, true
		}
	}
	for _, it := range items {
		if k := it.Get(r.Key); k.Exists() && raw != "" && strings.TrimSpace(k.String()) == raw {
			return it, true
		}
	}
	for _, it := range items {
		k := strings.TrimSpace(it.Get(r.Key).String())
		for _, v := range []string{want, raw} {
			if v != "" && len(k) > len(v) && strings.HasSuffix(k, v) && strings.ContainsRune("_-:/.", rune(k[len(k)-len(v)-1])) {
				return it, true
			}
		}
	}
	return gjson.Result{}, false
}

// apply sets the fields r reads from item on o. base resolves relative
// image URLs; rules give the competitor's currency, decimal separator and
// stock phrases. Values that do not read as their field are returned as
// problems, the offer keeping what it had.
func (r *JSONRule) apply(o *pricing.Offer, item gjson.Result, base *url.URL, rules extract.Rules) []error {
	var problems []error
	get := func(field string) (gjson.Result, bool) {
		p, ok := r.Fields[field]
		if !ok {
			return gjson.Result{}, false
		}
		v := item.Get(p)
		if !v.Exists() || v.Type == gjson.Null || v.Type == gjson.String && strings.TrimSpace(v.Str) == "" {
			return v, false
		}
		return v, true
	}
	set := func(field string, blank bool, assign func()) {
		if r.Fill && !blank {
			return
		}
		assign()
		if o.Source == nil {
			o.Source = make(map[string]string)
		} else {
			o.Source = maps(o.Source)
		}
		o.Source[field] = "json"
	}
	currency := ""
	if v, ok := get("currency"); ok {
		c := strings.ToUpper(strings.TrimSpace(v.String()))
		if _, known := pricetext.MinorUnits(c); known && len(c) == 3 {
			currency = c
			set("currency", false, func() {})
		} else {
			problems = append(problems, fmt.Errorf("currency %q is no ISO 4217 code", v.String()))
		}
	}
	hint := currency
	if hint == "" {
		hint = rules.Currency
	}
	readMoney := func(field string, v gjson.Result) (*pricing.Money, bool) {
		h := pricetext.Hints{Currency: hint}
		text := v.String()
		if v.Type == gjson.Number {
			// The number as the endpoint wrote it: "1999.00" stays
			// exact, never a float's 1998.9999.
			text, h.DecimalSeparator = v.Raw, '.'
		} else if len(rules.DecimalSeparator) == 1 {
			h.DecimalSeparator = rune(rules.DecimalSeparator[0])
		}
		p, err := pricetext.Parse(text, h)
		if err != nil {
			// JD answers "-1.00" for a product without a price: no
			// price, and said so.
			problems = append(problems, fmt.Errorf("%s %q: %w", field, text, err))
			return nil, false
		}
		cur := p.Currency
		if currency != "" {
			cur = currency
		}
		if cur == "" {
			cur = hint
		}
		return &pricing.Money{Amount: p.Amount, Currency: cur}, true
	}
	for _, f := range []struct {
		name string
		dst  **pricing.Money
	}{{"price", &o.Price}, {"list_price", &o.ListPrice}, {"min_price", &o.MinPrice}, {"max_price", &o.MaxPrice}} {
		if v, ok := get(f.name); ok {
			if m, ok := readMoney(f.name, v); ok {
				set(f.name, *f.dst == nil, func() { *f.dst = m })
			}
		}
	}
	if currency != "" && r.Fields["price"] == "" {
		// Only the currency came from the endpoint: it names the
		// currency of the page's prices.
		for _, m := range []**pricing.Money{&o.Price, &o.ListPrice, &o.MinPrice, &o.MaxPrice} {
			if *m != nil {
				// A copy: the Money may be shared with an offer
				// already handed out.
				c := **m
				c.Currency = currency
				*m = &c
			}
		}
	}
	if v, ok := get("availability"); ok {
		if a := r.availability(v, rules); a != pricing.AvailabilityUnknown {
			set("availability", o.Availability == "" || o.Availability == pricing.AvailabilityUnknown, func() { o.Availability = a })
		} else {
			problems = append(problems, fmt.Errorf("availability %s: no stock state", v.Raw))
		}
	}
	for _, f := range []struct {
		name  string
		dst   *string
		clean func(string) (string, error)
	}{
		{"title", &o.Title, nil},
		{"brand", &o.Brand, func(s string) (string, error) { return extract.CleanBrand(s), nil }},
		{"sku", &o.SKU, func(s string) (string, error) { return extract.CleanIdentifier(s), nil }},
		{"mpn", &o.MPN, func(s string) (string, error) { return extract.CleanIdentifier(s), nil }},
		{"gtin", &o.GTIN, extract.CleanGTIN},
		{"image", &o.Image, func(s string) (string, error) {
			u, err := base.Parse(s)
			if err != nil {
				return "", err
			}
			return u.String(), nil
		}},
	} {
		v, ok := get(f.name)
		if !ok {
			continue
		}
		s := strings.TrimSpace(v.String())
		if f.clean != nil {
			c, err := f.clean(s)
			if err != nil || c == "" {
				problems = append(problems, fmt.Errorf("%s %q: not usable: %v", f.name, s, err))
				continue
			}
			s = c
		}
		set(f.name, *f.dst == "", func() { *f.dst = s })
	}
	for _, f := range []struct {
		name string
		dst  **int64
	}{{"sales", &o.Sales}, {"reviews", &o.Reviews}} {
		v, ok := get(f.name)
		if !ok {
			continue
		}
		n, err := pricetext.ParseCount(v.String())
		if err != nil {
			problems = append(problems, fmt.Errorf("%s %q: %w", f.name, v.String(), err))
			continue
		}
		set(f.name, *f.dst == nil, func() { *f.dst = &n })
	}
	return problems
}

// availability reads a stock value: the rule's own values first, then
// booleans (in stock or not), numbers (a stock count: 0 is sold out) and
// text (schema.org values, stock phrases).
func (r *JSONRule) availability(v gjson.Result, rules extract.Rules) pricing.Availability {
	if a, ok := r.AvailabilityValues[strings.TrimSpace(v.String())]; ok {
		return a
	}
	switch v.Type {
	case gjson.True:
		return pricing.InStock
	case gjson.False:
		return pricing.OutOfStock
	case gjson.Number:
		switch {
		case v.Num > 0:
			return pricing.InStock
		case v.Num == 0:
			return pricing.OutOfStock
		}
		return pricing.AvailabilityUnknown
	}
	s := strings.TrimSpace(v.String())
	switch strings.ToLower(s) {
	case "true", "yes":
		return pricing.InStock
	case "false", "no":
		return pricing.OutOfStock
	}
	return extract.NormalizeAvailability(s, rules.AvailabilityPhrases)
}

func maps(m map[string]string) map[string]string {
	out := make(map[string]string, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}
