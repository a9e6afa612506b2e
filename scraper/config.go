package scraper

import (
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/andybalholm/cascadia"
	"go.yaml.in/yaml/v3"

	"github.com/shelfwatch/shelfwatch/category"
	"github.com/shelfwatch/shelfwatch/scraper/extract"
	"github.com/shelfwatch/shelfwatch/yamlconf"
)

// The platforms a competitor's shop can run on.
const (
	PlatformHTML        = "html"
	PlatformShopify     = "shopify"
	PlatformWooCommerce = "woocommerce"
)

// Defaults for competitor settings left out of the config file. They are
// deliberately polite: one request at a time with a pause in between.
const (
	DefaultUserAgent   = "shelfwatch/1.0"
	DefaultDelay       = time.Second
	DefaultParallelism = 1
	DefaultTimeout     = 30 * time.Second
	DefaultMaxPages    = 200
)

// Competitor is one competitor shop and how to crawl it.
type Competitor struct {
	Name string
	// StartURLs are absolute http(s) or file:// URLs; relative file paths in
	// the config file have been resolved against its directory.
	StartURLs []string
	// AllowedDomains are the host names the crawl may request; links to any
	// other host are never followed. File URLs need none.
	AllowedDomains []string
	// Platform is PlatformHTML, PlatformShopify or PlatformWooCommerce.
	Platform string
	// Currency is the ISO 4217 code for prices shown without a symbol
	// (also in Rules.Currency).
	Currency string
	// Rules tell the extractor how to read the shop's pages.
	Rules extract.Rules
	// Delay (plus up to RandomDelay) is the pause between two requests to
	// one domain; Parallelism bounds concurrent requests per domain.
	Delay, RandomDelay time.Duration
	// Timeout bounds one request.
	Timeout     time.Duration
	Parallelism int
	// MaxPages bounds the pages (listing, product and API pages) one crawl
	// requests.
	MaxPages int
	// MaxBodySize bounds one response body in bytes: a bigger page is a
	// failure wrapping ErrBodyTooLarge, never read in part. 0 means
	// DefaultMaxBodySize.
	MaxBodySize int64
	// MaxItemsPerPage bounds the offers one page may yield: a page with
	// more is a failure wrapping ErrTooManyItems and none of its offers are
	// kept. 0 means DefaultMaxItemsPerPage.
	MaxItemsPerPage int
	// UserAgent is the full User-Agent header, contact URL included.
	UserAgent string
	// ObeyRobots is false only when the config says robots_txt: ignore.
	ObeyRobots bool
	// Render is how pages are loaded: as served (render: html) or in
	// headless Chromium (render: browser); see browser.go.
	Render RenderOptions
	// JSON are the shop's JSON endpoints whose answers fill or replace
	// offer fields (json:); see JSONRule.
	JSON []JSONRule
	// Categories maps the shop's categories to the canonical ones: the
	// tree with this competitor's categories: overrides, or its fixed
	// category:. nil when the config has no category tree.
	Categories *category.Mapper
}

// decoder decodes the competitor section of one config file.
type decoder struct {
	*yamlconf.Decoder
	tree *category.Tree // the file's category tree; nil without one
}

// Section is what decoding the competitors: list needs from the rest of the
// config file.
type Section struct {
	// Tree is the top-level category tree (nil when the file has none):
	// competitors map their categories to it.
	Tree *category.Tree
	// ContactURL is appended to every competitor's User-Agent.
	ContactURL string
	// Owned are keys of a competitor entry that the whole-file config
	// decodes and checks itself (such as schedule); they are accepted here
	// as they are.
	Owned []string
}

// DecodeCompetitors decodes the config file's competitors: list n (whose
// dotted path is field) with d, applying the defaults. Decoding is strict:
// unknown keys, wrong types, missing required fields, bad durations,
// selectors, currencies and URLs are all errors. Every error it returns is a
// *yamlconf.Error naming the file, line and field, and wraps
// yamlconf.ErrConfig. Duplicate names are the whole file's business
// (package config checks them).
func DecodeCompetitors(d *yamlconf.Decoder, n *yaml.Node, field string, s Section) ([]Competitor, error) {
	n = yamlconf.Resolve(n)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, d.Errorf(n, field, "want a list of competitors, got %s", yamlconf.KindName(n))
	}
	cd := &decoder{Decoder: d, tree: s.Tree}
	var out []Competitor
	for i, e := range n.Content {
		comp, err := cd.competitor(yamlconf.Resolve(e), fmt.Sprintf("%s[%d]", field, i), s)
		if err != nil {
			return nil, err
		}
		out = append(out, comp)
	}
	return out, nil
}

var nameRE = regexp.MustCompile(`^[a-z0-9-]+$`)

// competitor decodes one competitors[i] entry, applies the defaults and
// checks the entry as a whole (required fields, start URLs against
// allowed_domains, selectors mode having selectors).
func (d *decoder) competitor(n *yaml.Node, field string, s Section) (Competitor, error) {
	c := Competitor{
		Platform:    PlatformHTML,
		Delay:       DefaultDelay,
		Timeout:     DefaultTimeout,
		Parallelism: DefaultParallelism,
		MaxPages:    DefaultMaxPages,
		UserAgent:   DefaultUserAgent,
		ObeyRobots:  true,
	}
	c.Rules.Mode = "auto"
	var startNode *yaml.Node
	var rawStart []string
	var listingNode, productNode *yaml.Node
	var categoriesNode, categoryNode *yaml.Node
	hasName := false
	dur := func(dst *time.Duration) func(*yaml.Node, string) error {
		return func(n *yaml.Node, f string) error { return d.Duration(n, f, dst) }
	}
	sel := func(dst *string) func(*yaml.Node, string) error {
		return func(n *yaml.Node, f string) error { return d.selector(n, f, dst) }
	}
	fields := map[string]yamlconf.Handler{
		"name": func(n *yaml.Node, f string) error {
			hasName = true
			if err := d.Str(n, f, &c.Name); err != nil {
				return err
			}
			if !nameRE.MatchString(c.Name) {
				return d.Errorf(n, f, "invalid name %q (want lower-case letters, digits and '-')", c.Name)
			}
			return nil
		},
		"start_urls": func(n *yaml.Node, f string) error {
			startNode = n
			return d.Strs(n, f, &rawStart)
		},
		"allowed_domains": func(n *yaml.Node, f string) error {
			if err := d.Strs(n, f, &c.AllowedDomains); err != nil {
				return err
			}
			for i, dom := range c.AllowedDomains {
				dom = strings.ToLower(strings.TrimSpace(dom))
				if dom == "" || strings.ContainsAny(dom, "/:@ ?#") {
					return d.Errorf(n, fmt.Sprintf("%s[%d]", f, i), "invalid domain %q (want a host name such as shop.example, without scheme, port or path)", c.AllowedDomains[i])
				}
				c.AllowedDomains[i] = dom
			}
			return nil
		},
		"platform": func(n *yaml.Node, f string) error {
			return d.Enum(n, f, &c.Platform, PlatformHTML, PlatformShopify, PlatformWooCommerce)
		},
		"extract": func(n *yaml.Node, f string) error {
			return d.Enum(n, f, &c.Rules.Mode, "auto", "selectors")
		},
		"currency": func(n *yaml.Node, f string) error {
			return d.CurrencyCode(n, f, &c.Currency)
		},
		"decimal_separator": func(n *yaml.Node, f string) error {
			return d.Enum(n, f, &c.Rules.DecimalSeparator, "", ".", ",")
		},
		"category": func(n *yaml.Node, f string) error {
			categoryNode = n
			return d.Str(n, f, &c.Rules.Category)
		},
		"categories": func(n *yaml.Node, f string) error {
			categoriesNode = n
			return nil
		},
		"category_selector": sel(&c.Rules.CategorySelector),
		"selectors": func(n *yaml.Node, f string) error {
			listingNode = d.Key
			return d.selectors(n, f, &c.Rules.Listing)
		},
		"product_selectors": func(n *yaml.Node, f string) error {
			productNode = d.Key
			return d.selectors(n, f, &c.Rules.Product)
		},
		"next_page":     sel(&c.Rules.NextPage),
		"product_links": sel(&c.Rules.ProductLinks),
		"availability_phrases": func(n *yaml.Node, f string) error {
			return d.phrases(n, f, &c.Rules.AvailabilityPhrases)
		},
		"delay":        dur(&c.Delay),
		"random_delay": dur(&c.RandomDelay),
		"timeout": func(n *yaml.Node, f string) error {
			if err := d.Duration(n, f, &c.Timeout); err != nil {
				return err
			}
			if c.Timeout == 0 {
				return d.Errorf(n, f, "must be more than 0")
			}
			return nil
		},
		"parallelism":   func(n *yaml.Node, f string) error { return d.Positive(n, f, &c.Parallelism) },
		"max_pages":     func(n *yaml.Node, f string) error { return d.Positive(n, f, &c.MaxPages) },
		"max_body_size": func(n *yaml.Node, f string) error { return d.byteSize(n, f, &c.MaxBodySize) },
		"max_items_per_page": func(n *yaml.Node, f string) error {
			return d.Positive(n, f, &c.MaxItemsPerPage)
		},
		"user_agent": func(n *yaml.Node, f string) error {
			if err := d.Str(n, f, &c.UserAgent); err != nil {
				return err
			}
			if strings.TrimSpace(c.UserAgent) == "" {
				return d.Errorf(n, f, "must not be empty")
			}
			return nil
		},
		"robots_txt": func(n *yaml.Node, f string) error {
			var v string
			if err := d.Enum(n, f, &v, "obey", "ignore"); err != nil {
				return err
			}
			c.ObeyRobots = v != "ignore"
			return nil
		},
	}
	fetch := d.fetchKeys(&c, fields) // render, wait_for, render_timeout, browser_tabs, json
	for _, k := range s.Owned {
		fields[k] = func(*yaml.Node, string) error { return nil }
	}
	err := d.Mapping(n, field, fields)
	if err != nil {
		return c, err
	}
	if !hasName || c.Name == "" {
		return c, d.Errorf(n, field+".name", "required field missing")
	}
	if len(rawStart) == 0 {
		at := n
		if startNode != nil {
			at = startNode
		}
		return c, d.Errorf(at, field+".start_urls", "required field missing (want at least one URL or file path)")
	}
	for i, raw := range rawStart {
		f := fmt.Sprintf("%s.start_urls[%d]", field, i)
		at := startNode
		if i < len(startNode.Content) {
			at = startNode.Content[i]
		}
		u, err := d.startURL(raw)
		if err != nil {
			return c, d.Errorf(at, f, "%v", err)
		}
		if u.Scheme == "file" {
			if c.Platform != PlatformHTML {
				return c, d.Errorf(at, f, "platform %s needs an http(s) shop URL, not a file", c.Platform)
			}
		} else {
			if len(c.AllowedDomains) == 0 {
				return c, d.Errorf(at, field+".allowed_domains", "required for http(s) start URLs (start_urls[%d] is %s)", i, raw)
			}
			if !slices.Contains(c.AllowedDomains, strings.ToLower(u.Hostname())) {
				return c, d.Errorf(at, f, "host %q is not in allowed_domains %v", u.Hostname(), c.AllowedDomains)
			}
		}
		c.StartURLs = append(c.StartURLs, u.String())
	}
	if c.Rules.Mode == "selectors" && c.Rules.Listing == (extract.Selectors{}) && c.Rules.Product == (extract.Selectors{}) {
		return c, d.Errorf(n, field+".extract", "extract: selectors needs selectors or product_selectors")
	}
	if listingNode != nil && c.Rules.Listing.Item == "" && c.Rules.Listing != (extract.Selectors{}) {
		return c, d.Errorf(listingNode, field+".selectors.item", "required when other listing selectors are given (they are read relative to each item)")
	}
	// A backstop in case extract's own checks are stricter than ours.
	if err := c.Rules.Listing.Validate(); err != nil && listingNode != nil {
		return c, d.Errorf(listingNode, field+".selectors", "%v", err)
	}
	if err := c.Rules.Product.Validate(); err != nil && productNode != nil {
		return c, d.Errorf(productNode, field+".product_selectors", "%v", err)
	}
	if err := d.competitorCategories(&c, field, categoriesNode, categoryNode); err != nil {
		return c, err
	}
	if err := d.checkFetch(&c, field, fetch); err != nil {
		return c, err
	}
	c.Rules.Currency = c.Currency
	if s.ContactURL != "" {
		c.UserAgent += " (+" + s.ContactURL + ")"
	}
	return c, nil
}

// startURL turns one start_urls entry into an absolute http(s) or file URL.
func (d *decoder) startURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, errors.New("empty URL")
	}
	scheme, _, hasScheme := strings.Cut(raw, ":")
	// A one-letter "scheme" is a Windows drive letter, not a URL.
	if hasScheme && len(scheme) > 1 && !strings.ContainsAny(scheme, `/\.`) {
		switch strings.ToLower(scheme) {
		case "http", "https":
			u, err := url.Parse(raw)
			if err != nil {
				return nil, fmt.Errorf("invalid URL %q: %v", raw, err)
			}
			if u.Host == "" {
				return nil, fmt.Errorf("invalid URL %q: no host", raw)
			}
			u.Scheme = strings.ToLower(u.Scheme)
			return u, nil
		case "file":
			u, err := url.Parse(raw)
			if err != nil {
				return nil, fmt.Errorf("invalid file URL %q: %v", raw, err)
			}
			p := u.Path
			switch {
			case u.Opaque != "": // file:relative/path
				p, err = url.PathUnescape(u.Opaque)
				if err != nil {
					return nil, fmt.Errorf("invalid file URL %q: %v", raw, err)
				}
			case u.Host != "" && u.Host != "localhost":
				// file://demo/x.html: people mean a relative path here.
				p = u.Host + u.Path
			}
			if p == "" {
				return nil, fmt.Errorf("invalid file URL %q: no path", raw)
			}
			return d.fileURL(p)
		default:
			return nil, fmt.Errorf("unsupported URL scheme %q in %q (want http, https, file or a file path)", scheme, raw)
		}
	}
	return d.fileURL(raw)
}

func (d *decoder) fileURL(p string) (*url.URL, error) {
	p = filepath.FromSlash(p)
	if !filepath.IsAbs(p) {
		p = filepath.Join(d.Dir, p)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return nil, fmt.Errorf("cannot resolve file path %q: %v", p, err)
	}
	return &url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}, nil
}

// selector reads and compiles one selector, with its optional " @attr".
func (d *decoder) selector(n *yaml.Node, field string, dst *string) error {
	var s string
	if err := d.Str(n, field, &s); err != nil {
		return err
	}
	if err := checkSelector(s); err != nil {
		return d.Errorf(n, field, "%v", err)
	}
	*dst = strings.TrimSpace(s)
	return nil
}

var attrRE = regexp.MustCompile(`^[A-Za-z_:][-A-Za-z0-9_:.]*$`)

// checkSelector compiles the CSS part of a "css @attr" selector with
// cascadia, the engine goquery uses, so a typo fails at load time instead of
// silently matching nothing during a crawl.
func checkSelector(s string) error {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	css, attr := s, ""
	if strings.HasPrefix(s, "@") {
		css, attr = "", s[1:]
	} else if i := strings.LastIndex(s, " @"); i >= 0 {
		css, attr = strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+2:])
		if attr == "" {
			return fmt.Errorf("invalid selector %q: no attribute name after \"@\"", s)
		}
	}
	if attr != "" && !attrRE.MatchString(attr) {
		return fmt.Errorf("invalid selector %q: bad attribute name %q", s, attr)
	}
	if css != "" {
		if _, err := cascadia.Compile(css); err != nil {
			return fmt.Errorf("invalid selector %q: %v", css, err)
		}
	}
	return nil
}

// selectors fills an extract.Selectors from a mapping, using the struct's
// yaml tags as the key names so the config keys cannot drift from extract's.
// Each value is a selector string or a mapping {css, regex, replace}; see
// selectorField.
func (d *decoder) selectors(n *yaml.Node, field string, dst *extract.Selectors) error {
	rv := reflect.ValueOf(dst).Elem()
	rt := rv.Type()
	fields := make(map[string]yamlconf.Handler)
	for i := range rt.NumField() {
		sf := rt.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		if name == "" || name == "-" || sf.Type.Kind() != reflect.String || !sf.IsExported() {
			continue
		}
		fv := rv.Field(i)
		flt := dst.Filters.Filter(name) // nil for item: it selects elements, no text
		fields[name] = func(n *yaml.Node, f string) error {
			var s string
			if err := d.selectorField(n, f, &s, flt); err != nil {
				return err
			}
			fv.SetString(s)
			return nil
		}
	}
	return d.Mapping(n, field, fields)
}

// selectorField reads one selectors entry: a selector string ("css" or
// "css @attr"), or, for a field that can take a filter, a mapping
//
//	sku: {css: ".id", regex: "编号[:：]\\s*(\\w+)"}
//	price: {css: ".price", regex: "(\\d+)\\s*元", replace: "¥$1"}
//
// whose regex is compiled (and whose replace template checked against it)
// here, so a bad one is reported with its file and line at load time.
func (d *decoder) selectorField(n *yaml.Node, field string, dst *string, flt *extract.Filter) error {
	if n.Kind != yaml.MappingNode {
		return d.selector(n, field, dst)
	}
	if flt == nil {
		return d.Errorf(n, field, "want a selector string (this field takes no regex), got %s", yamlconf.KindName(n))
	}
	var regexNode *yaml.Node
	hasCSS := false
	err := d.Mapping(n, field, map[string]yamlconf.Handler{
		"css": func(n *yaml.Node, f string) error {
			hasCSS = true
			return d.selector(n, f, dst)
		},
		"regex": func(n *yaml.Node, f string) error {
			regexNode = n
			if err := d.Str(n, f, &flt.Regex); err != nil {
				return err
			}
			if _, err := regexp.Compile(flt.Regex); err != nil {
				return d.Errorf(n, f, "invalid regex %q: %v", flt.Regex, err)
			}
			return nil
		},
		"replace": func(n *yaml.Node, f string) error {
			flt.Rewrite = true // replace: "" deletes every match
			return d.Str(n, f, &flt.Replace)
		},
	})
	if err != nil {
		return err
	}
	if !hasCSS || *dst == "" {
		return d.Errorf(n, field+".css", "required field missing (the selector whose text the regex reads)")
	}
	if flt.Regex == "" && flt.Rewrite {
		return d.Errorf(n, field+".regex", "required with replace")
	}
	if err := flt.Validate(); err != nil {
		at := n
		if regexNode != nil {
			at = regexNode
		}
		return d.Errorf(at, field, "%v", err)
	}
	return nil
}

var phraseKeys = []string{"in_stock", "out_of_stock", "preorder", "discontinued"}

func (d *decoder) phrases(n *yaml.Node, field string, dst *map[string][]string) error {
	fields := make(map[string]yamlconf.Handler)
	for _, k := range phraseKeys {
		fields[k] = func(n *yaml.Node, f string) error {
			var list []string
			if err := d.Strs(n, f, &list); err != nil {
				return err
			}
			for i, p := range list {
				if strings.TrimSpace(p) == "" {
					return d.Errorf(n, fmt.Sprintf("%s[%d]", f, i), "empty phrase")
				}
			}
			if *dst == nil {
				*dst = make(map[string][]string)
			}
			(*dst)[k] = list
			return nil
		}
	}
	return d.Mapping(n, field, fields)
}
