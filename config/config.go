// Package config loads shelfwatch's config file: the database, the catalog,
// the category tree, the analysis sections (pricing, matching, alarms) and
// the daemon's schedule and digest. The competitors: section belongs to the
// crawler: Load reads only each entry's name and schedule, and
// scraper.DecodeCompetitors decodes the rest (see Config.CompetitorSection),
// so that the report command reads its config without linking the crawler.
//
// Decoding is strict: unknown keys, wrong types and bad values are errors,
// each a *yamlconf.Error naming the file, line and field and wrapping
// yamlconf.ErrConfig.
package config

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/shelfwatch/shelfwatch/alert"
	"github.com/shelfwatch/shelfwatch/category"
	"github.com/shelfwatch/shelfwatch/notify"
	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/schedule"
	"github.com/shelfwatch/shelfwatch/yamlconf"
)

// DefaultDatabase is the database used when the config names none: an
// embedded SQLite file in the directory the command runs in.
const DefaultDatabase = "sqlite:shelfwatch.db"

// Config is a loaded, validated shelfwatch config file.
type Config struct {
	// Path is the config file's path as given to Load; Dir is its
	// directory, against which relative paths in the file were resolved.
	Path string
	Dir  string
	// Database is the DSN as written ("sqlite:shelfwatch.db",
	// "postgres://..."); the SHELFWATCH_DB override is the command's business.
	Database string
	// Catalog is the catalog CSV path, resolved against Dir so it can be
	// opened from the current directory.
	Catalog string
	// CatalogEncoding is the catalog_encoding: key, the encoding the
	// catalog CSV is read in (a WHATWG label); "" detects it.
	CatalogEncoding string
	// ContactURL is appended to every competitor's User-Agent.
	ContactURL string
	// Categories is the canonical category tree, nil when the file has no
	// categories: section (then every offer keeps the shop's category).
	Categories *category.Tree
	// Pricing, Matching and Alarms tune the analysis; see their types.
	Pricing  PricingConfig
	Matching MatchingConfig
	Alarms   AlarmsConfig
	// Schedule is the daemon's default cron schedule for competitors
	// without their own ("" leaves them to `crawler run`).
	Schedule string
	// Digest is the digest the daemon renders after crawls; nil when the
	// file has no digest: section.
	Digest *Digest
	// Serve holds `report serve`'s defaults (serve: section); zero
	// without one.
	Serve Serve
	// Notify is the notify: section, the destinations `report digest
	// --send` delivers to; nil when the file has none. Its secrets are only
	// named here (notify.New reads them).
	Notify *notify.Config
	// Alerts is the alerts: section, the rules checked after every crawl;
	// nil when the file has none. Alerts go through Notify's destinations.
	Alerts *alert.Config
	// Competitors are the competitors: entries' names and schedules, in
	// file order; the crawler decodes the rest with CompetitorSection.
	Competitors []Competitor
	// StaleAfter is the stale_after: key, how old a competitor's last
	// successful run may be before reports mark its data stale; 0 when
	// unset (see Config.StaleAfterFor for the default).
	StaleAfter time.Duration

	dec   *yamlconf.Decoder
	comps *yaml.Node // the competitors: list, nil without one
}

// Competitor is what the whole file knows of one competitors: entry.
type Competitor struct {
	Name string
	// Schedule is the entry's own cron schedule; "" takes Config.Schedule.
	Schedule string
	// StaleAfter is the entry's own stale_after; 0 takes the file's.
	StaleAfter time.Duration
}

// CompetitorKeys are the keys of a competitors: entry that Load decodes and
// checks itself; scraper.DecodeCompetitors accepts them as they are
// (scraper.Section.Owned).
var CompetitorKeys = []string{"schedule", "stale_after"}

// Digest is the digest: section.
type Digest struct {
	// Schedule is a cron schedule; "" renders the digest after every
	// batch of crawls.
	Schedule string
	// Output is the file the digest is written to, resolved against the
	// config's directory; "" writes none (then Send is set).
	Output string
	// Format is text, markdown, json, html or xlsx.
	Format string
	// Send delivers the digest to the notify: section's destinations too,
	// as `report digest --send` does.
	Send bool
}

// DigestFormats are the formats a digest: section may ask for.
var DigestFormats = []string{"text", "markdown", "json", "html", "xlsx"}

// CompetitorSection returns the decoder of the file and its competitors:
// list (nil when the file has none), for scraper.DecodeCompetitors, so
// that the competitors' errors name this file and its lines.
func (c *Config) CompetitorSection() (*yamlconf.Decoder, *yaml.Node) {
	if c.comps == nil {
		return c.dec, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}
	}
	return c.dec, c.comps
}

// Competitor returns what the file knows of the competitor called name. It
// returns an error listing the known names when there is none.
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

// Load reads and validates the YAML config file at path. Every error it
// returns is a *yamlconf.Error naming the file, line and field, and wraps
// yamlconf.ErrConfig.
func Load(path string) (*Config, error) {
	data, err := yamlconf.ReadFile(path)
	if err != nil {
		return nil, err
	}
	d := &decoder{Decoder: &yamlconf.Decoder{File: path, Dir: filepath.Dir(path)}}
	cfg, err := d.config(data)
	if err != nil {
		return nil, err
	}
	cfg.Path = path
	cfg.Dir = d.Dir
	cfg.dec = d.Decoder
	return cfg, nil
}

// decoder decodes the whole file.
type decoder struct {
	*yamlconf.Decoder
}

func (d *decoder) config(data []byte) (*Config, error) {
	root, err := d.Parse(data)
	if err != nil {
		return nil, err
	}
	cfg := &Config{
		Database: DefaultDatabase,
		Pricing:  PricingConfig{opt: pricing.DefaultOptions()},
		Alarms:   AlarmsConfig{Thresholds: pricing.DefaultThresholds()},
	}
	var alertsNode, digestNode *yaml.Node
	err = d.Mapping(root, "", map[string]yamlconf.Handler{
		"database": func(n *yaml.Node, f string) error {
			if err := d.Str(n, f, &cfg.Database); err != nil {
				return err
			}
			if !knownDSN(cfg.Database) {
				return d.Errorf(n, f, "unknown database %q (want sqlite:PATH, file:PATH or postgres://…)", redactDSN(cfg.Database))
			}
			return nil
		},
		"catalog": func(n *yaml.Node, f string) error {
			if err := d.Str(n, f, &cfg.Catalog); err != nil {
				return err
			}
			if cfg.Catalog != "" && !filepath.IsAbs(cfg.Catalog) {
				cfg.Catalog = filepath.Join(d.Dir, cfg.Catalog)
			}
			if cfg.Catalog != "" {
				if fi, err := os.Stat(cfg.Catalog); err != nil {
					return d.Errorf(n, f, "cannot read catalog %s: %v", cfg.Catalog, errors.Unwrap(err))
				} else if fi.IsDir() {
					return d.Errorf(n, f, "catalog %s is a directory, want a CSV file", cfg.Catalog)
				}
			}
			return nil
		},
		"catalog_encoding": func(n *yaml.Node, f string) error { return d.catalogEncoding(n, f, &cfg.CatalogEncoding) },
		"contact_url": func(n *yaml.Node, f string) error {
			if err := d.Str(n, f, &cfg.ContactURL); err != nil {
				return err
			}
			if cfg.ContactURL == "" {
				return nil
			}
			u, err := url.Parse(cfg.ContactURL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "mailto") || u.Host == "" && u.Scheme != "mailto" {
				return d.Errorf(n, f, "invalid URL %q (want an http(s) or mailto: URL)", cfg.ContactURL)
			}
			return nil
		},
		"pricing":  func(n *yaml.Node, f string) error { return d.pricing(n, f, &cfg.Pricing) },
		"matching": func(n *yaml.Node, f string) error { return d.matching(n, f, &cfg.Matching) },
		"alarms":   func(n *yaml.Node, f string) error { return d.alarms(n, f, &cfg.Alarms) },
		"categories": func(n *yaml.Node, f string) (err error) {
			cfg.Categories, err = d.Categories(n, f)
			return err
		},
		"schedule":    func(n *yaml.Node, f string) error { return d.schedule(n, f, &cfg.Schedule) },
		"stale_after": func(n *yaml.Node, f string) error { return d.staleAfter(n, f, &cfg.StaleAfter) },
		"digest": func(n *yaml.Node, f string) error {
			digestNode, cfg.Digest = n, &Digest{Format: "html"}
			return d.digest(n, f, cfg.Digest)
		},
		"serve": func(n *yaml.Node, f string) error { return d.serve(n, f, &cfg.Serve) },
		"notify": func(n *yaml.Node, f string) error {
			nc, err := notify.Decode(n, f, d.Dir, func(n *yaml.Node, field, format string, args ...any) error {
				return d.Errorf(n, field, format, args...)
			})
			cfg.Notify = &nc
			return err
		},
		"alerts": func(n *yaml.Node, f string) error {
			alertsNode, cfg.Alerts = n, &alert.Config{}
			return d.alerts(n, f, cfg.Alerts)
		},
		"competitors": func(n *yaml.Node, f string) error {
			if n.Kind != yaml.SequenceNode {
				if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
					return nil
				}
				return d.Errorf(n, f, "want a list of competitors, got %s", yamlconf.KindName(n))
			}
			cfg.comps = n
			return d.competitors(n, f, &cfg.Competitors)
		},
	})
	if err != nil {
		return nil, err
	}
	if err := d.checkAlerts(alertsNode, cfg); err != nil {
		return nil, err
	}
	if cfg.Digest != nil && cfg.Digest.Send && (cfg.Notify == nil || len(cfg.Notify.Destinations) == 0) {
		return nil, d.Errorf(digestNode, "digest.send", "the digest is sent through the notify: section's destinations, and there are none")
	}
	return cfg, nil
}

// competitors reads each entry's name and schedule, leaving every other
// key to the crawler, and rejects a name used twice: the database and the
// crawl locks know a competitor by its name.
func (d *decoder) competitors(n *yaml.Node, field string, dst *[]Competitor) error {
	seen := make(map[string]int)
	for i, e := range n.Content {
		e = yamlconf.Resolve(e)
		f := fmt.Sprintf("%s[%d]", field, i)
		if e.Kind != yaml.MappingNode {
			return d.Errorf(e, f, "want a mapping, got %s", yamlconf.KindName(e))
		}
		var c Competitor
		for j := 0; j+1 < len(e.Content); j += 2 {
			k, v := e.Content[j], yamlconf.Resolve(e.Content[j+1])
			switch k.Value {
			case "name":
				if err := d.Str(v, f+".name", &c.Name); err != nil {
					return err
				}
				if line, dup := seen[c.Name]; dup && c.Name != "" {
					return d.Errorf(v, f+".name", "duplicate competitor name %q (first used on line %d)", c.Name, line)
				}
				seen[c.Name] = v.Line
			case "schedule":
				if err := d.schedule(v, f+".schedule", &c.Schedule); err != nil {
					return err
				}
			case "stale_after":
				if err := d.staleAfter(v, f+".stale_after", &c.StaleAfter); err != nil {
					return err
				}
			}
		}
		*dst = append(*dst, c)
	}
	return nil
}

// schedule reads a cron schedule and checks it as the daemon will parse
// it, so a typo fails at load time rather than at the first missed slot.
func (d *decoder) schedule(n *yaml.Node, field string, dst *string) error {
	var s string
	if err := d.Str(n, field, &s); err != nil {
		return err
	}
	if strings.TrimSpace(s) == "" {
		*dst = ""
		return nil
	}
	if _, err := schedule.ParseSpec(s, nil); err != nil {
		return d.Errorf(n, field, "%v (want cron syntax such as \"0 6 * * 1\" or \"@daily\")", err)
	}
	*dst = strings.TrimSpace(s)
	return nil
}

// digest decodes:
//
//	digest:
//	  schedule: "0 7 * * 1"   # "" or absent: after every batch of crawls
//	  output: reports/digest.html   # required unless send: true
//	  format: html            # text, markdown, json, html or xlsx
//	  send: true              # also deliver it to the notify: destinations
func (d *decoder) digest(n *yaml.Node, field string, dst *Digest) error {
	err := d.Mapping(n, field, map[string]yamlconf.Handler{
		"schedule": func(n *yaml.Node, f string) error { return d.schedule(n, f, &dst.Schedule) },
		"output": func(n *yaml.Node, f string) error {
			if err := d.Str(n, f, &dst.Output); err != nil {
				return err
			}
			if dst.Output != "" && !filepath.IsAbs(dst.Output) {
				dst.Output = filepath.Join(d.Dir, dst.Output)
			}
			return nil
		},
		"format": func(n *yaml.Node, f string) error { return d.Enum(n, f, &dst.Format, DigestFormats...) },
		"send":   func(n *yaml.Node, f string) error { return d.Boolean(n, f, &dst.Send) },
	})
	if err != nil {
		return err
	}
	if dst.Output == "" && !dst.Send {
		return d.Errorf(n, yamlconf.Join(field, "output"), "required field missing (the file the digest is written to; or send: true to only deliver it through notify:)")
	}
	return nil
}

// ErrUnknownCategory is wrapped by CheckCategory's error.
var ErrUnknownCategory = errors.New("not in the category tree")

// CheckCategory returns the canonical spelling of a catalog item's category.
// Without a category tree every category is fine and returned as it is; with
// one, a category that is not a canonical name (up to case, width and
// spacing) is an error wrapping ErrUnknownCategory, suggesting the canonical
// category it maps to when it is one of the tree's source names.
func (c *Config) CheckCategory(name string) (string, error) {
	if c.Categories == nil {
		return name, nil
	}
	if canon, ok := c.Categories.Canonical(name); ok {
		return canon, nil
	}
	if canon, ok := c.Categories.Mapper(nil).Map(name); ok {
		return "", fmt.Errorf("category %q is %w (it is a shop name for %q: use that)", name, ErrUnknownCategory, canon)
	}
	return "", fmt.Errorf("category %q is %w (%s)", name, ErrUnknownCategory, strings.Join(c.Categories.Names(), ", "))
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
