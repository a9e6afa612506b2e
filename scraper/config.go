package scraper

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/andybalholm/cascadia"
	"go.yaml.in/yaml/v3"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/scraper/extract"
)

// ErrConfig is wrapped by every error LoadConfig returns, so callers can tell
// a bad config file from a failed crawl with errors.Is.
var ErrConfig = errors.New("invalid config")

// ConfigError describes one problem in a config file: where it is and which
// field it concerns.
type ConfigError struct {
	File  string
	Line  int    // 1-based; 0 when the problem has no line (unreadable file)
	Field string // dotted path such as "competitors[0].selectors.price"; "" for the whole file
	Msg   string
	Err   error // underlying error, if any (e.g. from the file system)
}

// Error formats the error as "file:line: field: msg", leaving out parts that
// are unknown.
func (e *ConfigError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":")
		b.WriteString(strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Is reports whether target is ErrConfig.
func (e *ConfigError) Is(target error) bool { return target == ErrConfig }

// Unwrap returns the underlying error, if any.
func (e *ConfigError) Unwrap() error { return e.Err }

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

// Config is a loaded, validated shelfwatch config file.
type Config struct {
	// Path is the config file's path as given to LoadConfig; Dir is its
	// directory, against which relative paths in the file were resolved.
	Path string
	Dir  string
	// Database is the DSN as written ("sqlite:shelfwatch.db",
	// "postgres://..."); the SHELFWATCH_DB override is the command's business.
	Database string
	// Catalog is the catalog CSV path, resolved against Dir so it can be
	// opened from the current directory.
	Catalog string
	// ContactURL is appended to every competitor's User-Agent.
	ContactURL  string
	Competitors []Competitor
	// Pricing, Matching and Alarms tune the analysis; see their types.
	Pricing  PricingConfig
	Matching MatchingConfig
	Alarms   AlarmsConfig
}

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
	// UserAgent is the full User-Agent header, contact URL included.
	UserAgent string
	// ObeyRobots is false only when the config says robots_txt: ignore.
	ObeyRobots bool
}

// Competitor returns the competitor called name. It returns an error listing
// the known names when there is none.
func (c *Config) Competitor(name string) (Competitor, error) {
	names := make([]string, 0, len(c.Competitors))
	for _, comp := range c.Competitors {
		if comp.Name == name {
			return comp, nil
		}
		names = append(names, comp.Name)
	}
	if len(names) == 0 {
		return Competitor{}, fmt.Errorf("unknown competitor %q: %s configures none", name, c.Path)
	}
	return Competitor{}, fmt.Errorf("unknown competitor %q (known: %s)", name, strings.Join(names, ", "))
}

// LoadConfig reads and validates the YAML config file at path. Decoding is
// strict: unknown keys, wrong types, missing required fields, bad durations,
// selectors, currencies and URLs are all errors. Every error it returns is a
// *ConfigError naming the file, line and field, and wraps ErrConfig.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		msg := "cannot read config"
		if errors.Is(err, fs.ErrNotExist) {
			msg = "no such config file (give one with --config)"
		} else if pe, ok := err.(*fs.PathError); ok {
			msg += ": " + pe.Err.Error()
		}
		return nil, &ConfigError{File: path, Msg: msg, Err: err}
	}
	d := &decoder{file: path, dir: filepath.Dir(path)}
	cfg, err := d.config(data)
	if err != nil {
		return nil, err
	}
	cfg.Path = path
	cfg.Dir = d.dir
	return cfg, nil
}

// decoder walks the YAML node tree by hand, rather than unmarshalling into
// structs, so that every error can name the line and the full field path.
type decoder struct {
	file string
	dir  string
	key  *yaml.Node // the key whose value is being decoded, for errors about the whole value
}

func (d *decoder) errorf(n *yaml.Node, field, format string, args ...any) *ConfigError {
	line := 0
	if n != nil {
		line = n.Line
	}
	return &ConfigError{File: d.file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)}
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func (d *decoder) config(data []byte) (*Config, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := err.Error()
		line := 0
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		msg = strings.TrimPrefix(msg, "yaml: ")
		return nil, &ConfigError{File: d.file, Line: line, Msg: "invalid YAML: " + msg, Err: err}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, &ConfigError{File: d.file, Msg: "config file is empty"}
	}
	root := resolve(doc.Content[0])
	cfg := &Config{
		Database: DefaultDatabase,
		Pricing:  PricingConfig{opt: pricing.DefaultOptions()},
		Alarms:   AlarmsConfig{Thresholds: pricing.DefaultThresholds()},
	}
	var comps *yaml.Node
	err := d.mapping(root, "", map[string]func(*yaml.Node, string) error{
		"database": func(n *yaml.Node, f string) error {
			if err := d.str(n, f, &cfg.Database); err != nil {
				return err
			}
			if !knownDSN(cfg.Database) {
				return d.errorf(n, f, "unknown database %q (want sqlite:PATH, file:PATH or postgres://…)", redactDSN(cfg.Database))
			}
			return nil
		},
		"catalog": func(n *yaml.Node, f string) error {
			if err := d.str(n, f, &cfg.Catalog); err != nil {
				return err
			}
			if cfg.Catalog != "" && !filepath.IsAbs(cfg.Catalog) {
				cfg.Catalog = filepath.Join(d.dir, cfg.Catalog)
			}
			if cfg.Catalog != "" {
				if fi, err := os.Stat(cfg.Catalog); err != nil {
					return d.errorf(n, f, "cannot read catalog %s: %v", cfg.Catalog, errors.Unwrap(err))
				} else if fi.IsDir() {
					return d.errorf(n, f, "catalog %s is a directory, want a CSV file", cfg.Catalog)
				}
			}
			return nil
		},
		"contact_url": func(n *yaml.Node, f string) error {
			if err := d.str(n, f, &cfg.ContactURL); err != nil {
				return err
			}
			if cfg.ContactURL == "" {
				return nil
			}
			u, err := url.Parse(cfg.ContactURL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "mailto") || u.Host == "" && u.Scheme != "mailto" {
				return d.errorf(n, f, "invalid URL %q (want an http(s) or mailto: URL)", cfg.ContactURL)
			}
			return nil
		},
		"pricing":  func(n *yaml.Node, f string) error { return d.pricing(n, f, &cfg.Pricing) },
		"matching": func(n *yaml.Node, f string) error { return d.matching(n, f, &cfg.Matching) },
		"alarms":   func(n *yaml.Node, f string) error { return d.alarms(n, f, &cfg.Alarms) },
		"competitors": func(n *yaml.Node, f string) error {
			if n.Kind != yaml.SequenceNode {
				return d.errorf(n, f, "want a list of competitors, got %s", kindName(n))
			}
			comps = n
			return nil
		},
	})
	if err != nil {
		return nil, err
	}
	if comps != nil {
		seen := make(map[string]int)
		for i, n := range comps.Content {
			n = resolve(n)
			field := fmt.Sprintf("competitors[%d]", i)
			comp, err := d.competitor(n, field, cfg.ContactURL)
			if err != nil {
				return nil, err
			}
			if line, dup := seen[comp.Name]; dup {
				return nil, d.errorf(n, field+".name", "duplicate competitor name %q (first used on line %d)", comp.Name, line)
			}
			seen[comp.Name] = n.Line
			cfg.Competitors = append(cfg.Competitors, comp)
		}
	}
	return cfg, nil
}

var nameRE = regexp.MustCompile(`^[a-z0-9-]+$`)

// competitor decodes one competitors[i] entry, applies the defaults and
// checks the entry as a whole (required fields, start URLs against
// allowed_domains, selectors mode having selectors).
func (d *decoder) competitor(n *yaml.Node, field, contactURL string) (Competitor, error) {
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
	hasName := false
	dur := func(dst *time.Duration) func(*yaml.Node, string) error {
		return func(n *yaml.Node, f string) error { return d.duration(n, f, dst) }
	}
	sel := func(dst *string) func(*yaml.Node, string) error {
		return func(n *yaml.Node, f string) error { return d.selector(n, f, dst) }
	}
	err := d.mapping(n, field, map[string]func(*yaml.Node, string) error{
		"name": func(n *yaml.Node, f string) error {
			hasName = true
			if err := d.str(n, f, &c.Name); err != nil {
				return err
			}
			if !nameRE.MatchString(c.Name) {
				return d.errorf(n, f, "invalid name %q (want lower-case letters, digits and '-')", c.Name)
			}
			return nil
		},
		"start_urls": func(n *yaml.Node, f string) error {
			startNode = n
			return d.strs(n, f, &rawStart)
		},
		"allowed_domains": func(n *yaml.Node, f string) error {
			if err := d.strs(n, f, &c.AllowedDomains); err != nil {
				return err
			}
			for i, dom := range c.AllowedDomains {
				dom = strings.ToLower(strings.TrimSpace(dom))
				if dom == "" || strings.ContainsAny(dom, "/:@ ?#") {
					return d.errorf(n, fmt.Sprintf("%s[%d]", f, i), "invalid domain %q (want a host name such as shop.example, without scheme, port or path)", c.AllowedDomains[i])
				}
				c.AllowedDomains[i] = dom
			}
			return nil
		},
		"platform": func(n *yaml.Node, f string) error {
			return d.enum(n, f, &c.Platform, PlatformHTML, PlatformShopify, PlatformWooCommerce)
		},
		"extract": func(n *yaml.Node, f string) error {
			return d.enum(n, f, &c.Rules.Mode, "auto", "selectors")
		},
		"currency": func(n *yaml.Node, f string) error {
			return d.currencyCode(n, f, &c.Currency)
		},
		"decimal_separator": func(n *yaml.Node, f string) error {
			return d.enum(n, f, &c.Rules.DecimalSeparator, "", ".", ",")
		},
		"category":          func(n *yaml.Node, f string) error { return d.str(n, f, &c.Rules.Category) },
		"category_selector": sel(&c.Rules.CategorySelector),
		"selectors": func(n *yaml.Node, f string) error {
			listingNode = d.key
			return d.selectors(n, f, &c.Rules.Listing)
		},
		"product_selectors": func(n *yaml.Node, f string) error {
			productNode = d.key
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
			if err := d.duration(n, f, &c.Timeout); err != nil {
				return err
			}
			if c.Timeout == 0 {
				return d.errorf(n, f, "must be more than 0")
			}
			return nil
		},
		"parallelism": func(n *yaml.Node, f string) error { return d.positive(n, f, &c.Parallelism) },
		"max_pages":   func(n *yaml.Node, f string) error { return d.positive(n, f, &c.MaxPages) },
		"user_agent": func(n *yaml.Node, f string) error {
			if err := d.str(n, f, &c.UserAgent); err != nil {
				return err
			}
			if strings.TrimSpace(c.UserAgent) == "" {
				return d.errorf(n, f, "must not be empty")
			}
			return nil
		},
		"robots_txt": func(n *yaml.Node, f string) error {
			var v string
			if err := d.enum(n, f, &v, "obey", "ignore"); err != nil {
				return err
			}
			c.ObeyRobots = v != "ignore"
			return nil
		},
	})
	if err != nil {
		return c, err
	}
	if !hasName || c.Name == "" {
		return c, d.errorf(n, field+".name", "required field missing")
	}
	if len(rawStart) == 0 {
		at := n
		if startNode != nil {
			at = startNode
		}
		return c, d.errorf(at, field+".start_urls", "required field missing (want at least one URL or file path)")
	}
	for i, raw := range rawStart {
		f := fmt.Sprintf("%s.start_urls[%d]", field, i)
		at := startNode
		if i < len(startNode.Content) {
			at = startNode.Content[i]
		}
		u, err := d.startURL(raw)
		if err != nil {
			return c, d.errorf(at, f, "%v", err)
		}
		if u.Scheme == "file" {
			if c.Platform != PlatformHTML {
				return c, d.errorf(at, f, "platform %s needs an http(s) shop URL, not a file", c.Platform)
			}
		} else {
			if len(c.AllowedDomains) == 0 {
				return c, d.errorf(at, field+".allowed_domains", "required for http(s) start URLs (start_urls[%d] is %s)", i, raw)
			}
			if !slices.Contains(c.AllowedDomains, strings.ToLower(u.Hostname())) {
				return c, d.errorf(at, f, "host %q is not in allowed_domains %v", u.Hostname(), c.AllowedDomains)
			}
		}
		c.StartURLs = append(c.StartURLs, u.String())
	}
	if c.Rules.Mode == "selectors" && c.Rules.Listing == (extract.Selectors{}) && c.Rules.Product == (extract.Selectors{}) {
		return c, d.errorf(n, field+".extract", "extract: selectors needs selectors or product_selectors")
	}
	if listingNode != nil && c.Rules.Listing.Item == "" && c.Rules.Listing != (extract.Selectors{}) {
		return c, d.errorf(listingNode, field+".selectors.item", "required when other listing selectors are given (they are read relative to each item)")
	}
	// A backstop in case extract's own checks are stricter than ours.
	if err := c.Rules.Listing.Validate(); err != nil && listingNode != nil {
		return c, d.errorf(listingNode, field+".selectors", "%v", err)
	}
	if err := c.Rules.Product.Validate(); err != nil && productNode != nil {
		return c, d.errorf(productNode, field+".product_selectors", "%v", err)
	}
	c.Rules.Currency = c.Currency
	if contactURL != "" {
		c.UserAgent += " (+" + contactURL + ")"
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
		p = filepath.Join(d.dir, p)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return nil, fmt.Errorf("cannot resolve file path %q: %v", p, err)
	}
	return &url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}, nil
}

// mapping checks that n is a mapping whose keys are all known, and calls the
// handler of each key present in file order.
func (d *decoder) mapping(n *yaml.Node, field string, fields map[string]func(*yaml.Node, string) error) error {
	if n.Kind != yaml.MappingNode {
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			return nil
		}
		return d.errorf(n, orWhole(field), "want a mapping, got %s", kindName(n))
	}
	seen := make(map[string]int)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		key := k.Value
		f := join(field, key)
		if line, dup := seen[key]; dup {
			return d.errorf(k, f, "duplicate key (first given on line %d)", line)
		}
		seen[key] = k.Line
		h, ok := fields[key]
		if !ok {
			known := make([]string, 0, len(fields))
			for name := range fields {
				known = append(known, name)
			}
			if s := suggest(key, known); s != "" {
				return d.errorf(k, f, "unknown field (did you mean %q?)", s)
			}
			slices.Sort(known)
			return d.errorf(k, f, "unknown field (known: %s)", strings.Join(known, ", "))
		}
		d.key = k
		if err := h(v, f); err != nil {
			return err
		}
	}
	return nil
}

func (d *decoder) str(n *yaml.Node, field string, dst *string) error {
	if n.Kind != yaml.ScalarNode {
		return d.errorf(n, field, "want a string, got %s", kindName(n))
	}
	switch n.Tag {
	case "!!null":
		*dst = ""
		return nil
	case "!!str", "!!int", "!!float":
		*dst = n.Value
		return nil
	}
	return d.errorf(n, field, "want a string, got %s %q", kindName(n), n.Value)
}

func (d *decoder) strs(n *yaml.Node, field string, dst *[]string) error {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		*dst = nil
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		return d.errorf(n, field, "want a list of strings, got %s", kindName(n))
	}
	out := make([]string, 0, len(n.Content))
	for i, item := range n.Content {
		var s string
		if err := d.str(resolve(item), fmt.Sprintf("%s[%d]", field, i), &s); err != nil {
			return err
		}
		out = append(out, s)
	}
	*dst = out
	return nil
}

func (d *decoder) enum(n *yaml.Node, field string, dst *string, allowed ...string) error {
	var v string
	if err := d.str(n, field, &v); err != nil {
		return err
	}
	if !slices.Contains(allowed, v) {
		var want []string
		for _, a := range allowed {
			if a != "" {
				want = append(want, strconv.Quote(a))
			}
		}
		return d.errorf(n, field, "invalid value %q (want one of %s)", v, strings.Join(want, ", "))
	}
	if v != "" {
		*dst = v
	}
	return nil
}

func (d *decoder) duration(n *yaml.Node, field string, dst *time.Duration) error {
	var s string
	if err := d.str(n, field, &s); err != nil {
		return err
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return d.errorf(n, field, "invalid duration %q (want e.g. 1s, 500ms, 2m)", s)
	}
	if v < 0 {
		return d.errorf(n, field, "duration %q must not be negative", s)
	}
	*dst = v
	return nil
}

func (d *decoder) positive(n *yaml.Node, field string, dst *int) error {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
		return d.errorf(n, field, "want a whole number, got %s %q", kindName(n), n.Value)
	}
	v, err := strconv.Atoi(n.Value)
	if err != nil || v < 1 {
		return d.errorf(n, field, "want a whole number of at least 1, got %s", n.Value)
	}
	*dst = v
	return nil
}

// selector reads and compiles one selector, with its optional " @attr".
func (d *decoder) selector(n *yaml.Node, field string, dst *string) error {
	var s string
	if err := d.str(n, field, &s); err != nil {
		return err
	}
	if err := checkSelector(s); err != nil {
		return d.errorf(n, field, "%v", err)
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
func (d *decoder) selectors(n *yaml.Node, field string, dst *extract.Selectors) error {
	rv := reflect.ValueOf(dst).Elem()
	rt := rv.Type()
	fields := make(map[string]func(*yaml.Node, string) error)
	for i := range rt.NumField() {
		sf := rt.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		if name == "" || name == "-" || sf.Type.Kind() != reflect.String || !sf.IsExported() {
			continue
		}
		fv := rv.Field(i)
		fields[name] = func(n *yaml.Node, f string) error {
			var s string
			if err := d.selector(n, f, &s); err != nil {
				return err
			}
			fv.SetString(s)
			return nil
		}
	}
	return d.mapping(n, field, fields)
}

var phraseKeys = []string{"in_stock", "out_of_stock", "preorder", "discontinued"}

func (d *decoder) phrases(n *yaml.Node, field string, dst *map[string][]string) error {
	fields := make(map[string]func(*yaml.Node, string) error)
	for _, k := range phraseKeys {
		fields[k] = func(n *yaml.Node, f string) error {
			var list []string
			if err := d.strs(n, f, &list); err != nil {
				return err
			}
			for i, p := range list {
				if strings.TrimSpace(p) == "" {
					return d.errorf(n, fmt.Sprintf("%s[%d]", f, i), "empty phrase")
				}
			}
			if *dst == nil {
				*dst = make(map[string][]string)
			}
			(*dst)[k] = list
			return nil
		}
	}
	return d.mapping(n, field, fields)
}

// resolve follows YAML aliases so anchors can be used for shared settings.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!int":
			return "a number"
		case "!!float":
			return "a number"
		case "!!bool":
			return "a boolean"
		case "!!null":
			return "nothing"
		}
		return "a string"
	}
	return "an unsupported node"
}

func join(field, key string) string {
	if field == "" {
		return key
	}
	return field + "." + key
}

func orWhole(field string) string {
	if field == "" {
		return "(top level)"
	}
	return field
}

// suggest returns the known name closest to key when it is close enough to
// be a typo, else "".
func suggest(key string, known []string) string {
	best, bestDist := "", 3
	for _, k := range known {
		dist := editDistance(strings.ToLower(key), k)
		if dist < bestDist || dist == bestDist && k < best {
			best, bestDist = k, dist
		}
	}
	if bestDist > 2 || bestDist >= len(key) {
		return ""
	}
	return best
}

// editDistance is the optimal-string-alignment distance: Levenshtein plus
// adjacent transpositions, the commonest typo ("prcie").
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// knownDSN reports whether dsn names a database shelfwatch can open; the
// store checks the rest when it opens it.
func knownDSN(dsn string) bool {
	for _, p := range []string{"sqlite:", "file:", "postgres://", "postgresql://"} {
		if strings.HasPrefix(dsn, p) {
			return true
		}
	}
	return false
}

// redactDSN hides a password in a DSN quoted in an error ("user:secret@…").
func redactDSN(dsn string) string {
	return dsnPasswordRE.ReplaceAllString(dsn, "$1:xxxxx@")
}

var dsnPasswordRE = regexp.MustCompile(`([^:/@\s]+):[^@\s/]*@`)
