package extract

import (
	"errors"
	"fmt"
	"strings"

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
type Selectors struct {
	Item         string `yaml:"item" json:"item,omitempty"`
	Title        string `yaml:"title" json:"title,omitempty"`
	Price        string `yaml:"price" json:"price,omitempty"`
	ListPrice    string `yaml:"list_price" json:"list_price,omitempty"`
	URL          string `yaml:"url" json:"url,omitempty"`
	SKU          string `yaml:"sku" json:"sku,omitempty"`
	GTIN         string `yaml:"gtin" json:"gtin,omitempty"`
	Brand        string `yaml:"brand" json:"brand,omitempty"`
	Availability string `yaml:"availability" json:"availability,omitempty"`
	Image        string `yaml:"image" json:"image,omitempty"`
	Sales        string `yaml:"sales" json:"sales,omitempty"`
	Reviews      string `yaml:"reviews" json:"reviews,omitempty"`
	Category     string `yaml:"category" json:"category,omitempty"`
}

// ErrInvalidSelector is wrapped by the errors Selectors.Validate and
// ValidateSelector return.
var ErrInvalidSelector = errors.New("invalid selector")

// fields lists the selectors with their config keys, in config order.
func (s Selectors) fields() []struct{ key, sel string } {
	return []struct{ key, sel string }{
		{"item", s.Item}, {"title", s.Title}, {"price", s.Price},
		{"list_price", s.ListPrice}, {"url", s.URL}, {"sku", s.SKU},
		{"gtin", s.GTIN}, {"brand", s.Brand}, {"availability", s.Availability},
		{"image", s.Image}, {"sales", s.Sales}, {"reviews", s.Reviews},
		{"category", s.Category},
	}
}

// IsZero reports whether no selector is configured.
func (s Selectors) IsZero() bool { return s == Selectors{} }

// Validate compiles every configured selector. The first failure comes back
// as an error wrapping ErrInvalidSelector that names the config key, e.g.
// `price: invalid selector ".price[": ...`. Item must not carry an @attr.
func (s Selectors) Validate() error {
	for _, f := range s.fields() {
		if err := ValidateSelector(f.sel); err != nil {
			return fmt.Errorf("%s: %w", f.key, err)
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
func cleanText(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
