package extract

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
)

// Selectors names where each field of an offer sits in a page. Each value is
// a CSS selector, optionally ending in " @attr" to read that attribute instead
// of the element's text; " @attr" (or "@attr") alone reads the attribute of
// the item element itself. An empty value means "not configured".
//
// Item selects the repeating element of a listing (one offer each); the other
// selectors are relative to it. Without Item, the whole page is one product.
// On a product page, Item selects the variant rows of a product that lists
// its variants (a table or list of options, each with its own price and
// struck compare-at price); Options then reads the text that tells a row's
// variant apart, appended to the product title.
//
// Any field but Item may take a Filter (in Filters) that takes part of the
// text it read or rewrites it.
type Selectors struct {
	Item         string `yaml:"item" json:"item,omitempty"`
	Title        string `yaml:"title" json:"title,omitempty"`
	Price        string `yaml:"price" json:"price,omitempty"`
	ListPrice    string `yaml:"list_price" json:"list_price,omitempty"`
	URL          string `yaml:"url" json:"url,omitempty"`
	SKU          string `yaml:"sku" json:"sku,omitempty"`
	GTIN         string `yaml:"gtin" json:"gtin,omitempty"`
	MPN          string `yaml:"mpn" json:"mpn,omitempty"`
	Brand        string `yaml:"brand" json:"brand,omitempty"`
	Availability string `yaml:"availability" json:"availability,omitempty"`
	Image        string `yaml:"image" json:"image,omitempty"`
	Sales        string `yaml:"sales" json:"sales,omitempty"`
	Reviews      string `yaml:"reviews" json:"reviews,omitempty"`
	Category     string `yaml:"category" json:"category,omitempty"`
	// Options reads a variant's distinguishing options ("12GB+256GB",
	// "Obsidian Black", "2-Pack"); every element it matches counts, joined
	// with " / ".
	Options string `yaml:"options" json:"options,omitempty"`
	// Filters post-process the text of single fields.
	Filters Filters `yaml:"-" json:"filters,omitzero"`
}

// Filter post-processes the text a selector read, before the field is
// parsed (a price) or cleaned (an identifier's label is dropped after it).
// Regex alone keeps the first capture group that matched (or the whole
// match when it has no groups); text it does not match gives no value. With
// Replace (or Rewrite set, for an empty Replace that deletes), every match
// of Regex is replaced by the template (Go regexp syntax: "$1", "${name}"),
// and text it does not match is kept as it is.
type Filter struct {
	Regex   string `json:"regex,omitempty"`
	Replace string `json:"replace,omitempty"`
	// Rewrite is set when the config gives replace, even as "".
	Rewrite bool `json:"rewrite,omitempty"`
}

// rewrites reports whether the filter replaces matches rather than keeping
// a group.
func (f Filter) rewrites() bool { return f.Rewrite || f.Replace != "" }

// Filters holds the Filter of each field that has one, by field.
type Filters struct {
	Title, Price, ListPrice, URL, SKU, GTIN, MPN, Brand, Availability, Image, Sales, Reviews, Category, Options Filter
}

// Filter returns a pointer to the filter of the field with config key key
// ("sku", "list_price", ...), or nil for a key that cannot take one ("item"
// and unknown keys).
func (f *Filters) Filter(key string) *Filter {
	switch key {
	case "title":
		return &f.Title
	case "price":
		return &f.Price
	case "list_price":
		return &f.ListPrice
	case "url":
		return &f.URL
	case "sku":
		return &f.SKU
	case "gtin":
		return &f.GTIN
	case "mpn":
		return &f.MPN
	case "brand":
		return &f.Brand
	case "availability":
		return &f.Availability
	case "image":
		return &f.Image
	case "sales":
		return &f.Sales
	case "reviews":
		return &f.Reviews
	case "category":
		return &f.Category
	case "options":
		return &f.Options
	}
	return nil
}

// ErrInvalidFilter is wrapped by the errors Filter.Validate returns.
var ErrInvalidFilter = errors.New("invalid filter")

// Validate compiles the filter's regex. A Replace without a Regex, and a
// template naming a group the regex does not have, are errors too; they
// wrap ErrInvalidFilter.
func (f Filter) Validate() error {
	if f.Regex == "" {
		if f.rewrites() {
			return fmt.Errorf("%w: replace %q needs a regex", ErrInvalidFilter, f.Replace)
		}
		return nil
	}
	re, err := regexp.Compile(f.Regex)
	if err != nil {
		return fmt.Errorf("%w: regex %q: %v", ErrInvalidFilter, f.Regex, err)
	}
	for _, m := range templateRefRE.FindAllStringSubmatch(strings.ReplaceAll(f.Replace, "$$", ""), -1) {
		// As regexp.Expand reads it: "$1x" names a group "1x", not group 1.
		ref := m[1] + m[2]
		if n, err := strconv.Atoi(ref); err == nil {
			if n > re.NumSubexp() {
				return fmt.Errorf("%w: replace %q names group $%d but regex %q has %d", ErrInvalidFilter, f.Replace, n, f.Regex, re.NumSubexp())
			}
		} else if re.SubexpIndex(ref) < 0 {
			return fmt.Errorf("%w: replace %q names group %q that regex %q does not have", ErrInvalidFilter, f.Replace, ref, f.Regex)
		}
	}
	return nil
}

// templateRefRE finds the group references of a replacement template:
// "$1", "${1}", "$name", "${name}" (not "$$", a literal dollar).
var templateRefRE = regexp.MustCompile(`\$(?:\{(\w+)\}|(\w+))`)

// apply runs the filter on text; ok is false when a regex alone matched
// nothing.
func (f Filter) apply(re *regexp.Regexp, text string) (out string, ok bool) {
	if re == nil {
		return text, true
	}
	if f.rewrites() {
		return strings.TrimSpace(re.ReplaceAllString(text, f.Replace)), true
	}
	m := re.FindStringSubmatch(text)
	if m == nil {
		return "", false
	}
	for _, g := range m[1:] {
		if g != "" {
			return strings.TrimSpace(g), true
		}
	}
	if len(m) > 1 {
		return "", false // groups that took nothing
	}
	return strings.TrimSpace(m[0]), true
}

// ErrInvalidSelector is wrapped by the errors Selectors.Validate and
// ValidateSelector return.
var ErrInvalidSelector = errors.New("invalid selector")

// fields lists the selectors with their config keys, in config order.
func (s Selectors) fields() []struct{ key, sel string } {
	return []struct{ key, sel string }{
		{"item", s.Item}, {"title", s.Title}, {"price", s.Price},
		{"list_price", s.ListPrice}, {"url", s.URL}, {"sku", s.SKU},
		{"gtin", s.GTIN}, {"mpn", s.MPN}, {"brand", s.Brand}, {"availability", s.Availability},
		{"image", s.Image}, {"sales", s.Sales}, {"reviews", s.Reviews},
		{"category", s.Category}, {"options", s.Options},
	}
}

// IsZero reports whether no selector is configured.
func (s Selectors) IsZero() bool { return s == Selectors{} }

// Validate compiles every configured selector and filter. The first failure
// comes back as an error wrapping ErrInvalidSelector or ErrInvalidFilter that
// names the config key, e.g. `price: invalid selector ".price[": ...`. Item
// must not carry an @attr; a filter needs its field's selector.
func (s Selectors) Validate() error {
	for _, f := range s.fields() {
		if err := ValidateSelector(f.sel); err != nil {
			return fmt.Errorf("%s: %w", f.key, err)
		}
		if flt := s.Filters.Filter(f.key); flt != nil && *flt != (Filter{}) {
			if err := flt.Validate(); err != nil {
				return fmt.Errorf("%s: %w", f.key, err)
			}
			if f.sel == "" {
				return fmt.Errorf("%s: %w: a regex needs a selector to read the text from", f.key, ErrInvalidFilter)
			}
		}
		if f.key == "item" && f.sel != "" {
			if _, attr := splitSelector(f.sel); attr != "" {
				return fmt.Errorf("item: %w %q: an item selector selects elements, it cannot read an attribute", ErrInvalidSelector, f.sel)
			}
		}
	}
	return nil
}

// ValidateSelector compiles one selector in the config syntax (CSS, optional
// trailing " @attr"); "" is valid and means "not configured". It returns an
// error wrapping ErrInvalidSelector naming the selector.
func ValidateSelector(sel string) error {
	if strings.TrimSpace(sel) == "" {
		return nil
	}
	css, attr := splitSelector(sel)
	if strings.HasSuffix(strings.TrimSpace(sel), "@") || strings.Contains(attr, " ") {
		return fmt.Errorf("%w %q: empty or malformed attribute after @", ErrInvalidSelector, sel)
	}
	if css == "" {
		if attr == "" {
			return fmt.Errorf("%w %q: empty", ErrInvalidSelector, sel)
		}
		return nil
	}
	if _, err := cascadia.Compile(css); err != nil {
		return fmt.Errorf("%w %q: %v", ErrInvalidSelector, sel, err)
	}
	return nil
}

// splitSelector splits "a.name @href" into ("a.name", "href"). Only an @ that
// starts the last whitespace-separated word counts, so attribute selectors
// such as `a[href*="@"]` stay intact.
func splitSelector(sel string) (css, attr string) {
	sel = strings.TrimSpace(sel)
	if strings.HasPrefix(sel, "@") {
		return "", strings.TrimSpace(sel[1:])
	}
	i := strings.LastIndex(sel, " @")
	if i < 0 {
		return sel, ""
	}
	rest := sel[i+2:]
	if strings.ContainsAny(rest, " []\"'()") {
		return sel, ""
	}
	return strings.TrimSpace(sel[:i]), rest
}

// selectOne evaluates one configured selector against scope and returns the
// first non-empty value, or "" when nothing matched. A selector with no
// @attr on an <img> reads src and on an <a> reads href, since their text is
// rarely what a url or image selector means.
func (c compiled) selectOne(scope *goquery.Selection, sel string, wantLink bool) string {
	css, attr := splitSelector(sel)
	var found *goquery.Selection
	if css == "" {
		found = scope
	} else {
		found = c.find(scope, css)
	}
	var out string
	found.EachWithBreak(func(_ int, s *goquery.Selection) bool {
		switch {
		case attr != "":
			out, _ = s.Attr(attr)
		case wantLink && goquery.NodeName(s) == "img":
			out, _ = s.Attr("src")
		case wantLink && goquery.NodeName(s) == "a":
			out, _ = s.Attr("href")
		default:
			out = cleanText(nodeText(s.Get(0)))
		}
		out = strings.TrimSpace(out)
		return out == ""
	})
	return out
}

// selectAll returns every non-empty value of a link selector; with no @attr
// it reads href.
func (c compiled) selectAll(scope *goquery.Selection, sel string) []string {
	css, attr := splitSelector(sel)
	if attr == "" {
		attr = "href"
	}
	var found *goquery.Selection
	if css == "" {
		found = scope
	} else {
		found = c.find(scope, css)
	}
	var out []string
	found.Each(func(_ int, s *goquery.Selection) {
		if v, ok := s.Attr(attr); ok && strings.TrimSpace(v) != "" {
			out = append(out, strings.TrimSpace(v))
		}
	})
	return out
}

// compiled caches the selectors of one extraction: a listing evaluates
// each field's selector once per item.
type compiled map[string]cascadia.Selector

// find is Find for selectors that may not have been validated: goquery
// panics on an invalid selector, and bad config must not crash a crawl, so
// an invalid one matches nothing.
func (c compiled) find(scope *goquery.Selection, css string) *goquery.Selection {
	m, ok := c[css]
	if !ok {
		m, _ = cascadia.Compile(css)
		c[css] = m
	}
	if m == nil {
		return scope.Slice(0, 0)
	}
	return scope.FindMatcher(m)
}

// cleanText collapses runs of white space, as a browser shows text.
// A text that is already clean (single ASCII spaces between words, none at
// either end: most short texts) comes back as it is, without the two
// allocations of splitting and joining it.
func cleanText(s string) string {
	if isClean(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// isClean reports whether strings.Join(strings.Fields(s), " ") == s.
func isClean(s string) bool {
	prevSpace := true // a space at the start is not clean
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if c == ' ' {
				if prevSpace {
					return false
				}
				prevSpace = true
				continue
			}
			if isASCIISpace(c) {
				return false
			}
			prevSpace = false
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return false
		}
		i += size
		prevSpace = false
	}
	return s == "" || !prevSpace
}

// selectTexts returns the value (text, or the attribute after @) of every
// element sel matches in scope, without empties or repeats: a variant's
// options are often one element each.
func (c compiled) selectTexts(scope *goquery.Selection, sel string) []string {
	css, attr := splitSelector(sel)
	found := scope
	if css != "" {
		found = c.find(scope, css)
	}
	var out []string
	seen := map[string]bool{}
	found.Each(func(_ int, s *goquery.Selection) {
		var v string
		if attr != "" {
			v, _ = s.Attr(attr)
			v = cleanText(v)
		} else {
			v = cleanText(nodeText(s.Get(0)))
		}
		if v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	})
	return out
}
