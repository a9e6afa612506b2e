// Package alert decides which events between two digests are worth telling
// people about at once: a watched item's matched competitor price moving by
// more than a set percentage (either way), a competitor undercutting our
// price, a matched listing going out of stock or coming back, and a
// competitor's crawl turning suspect or going stale.
//
// It is pure: Evaluate reads plain values (our catalog, the matches, each
// competitor's latest runs and their offers, the time) and returns Alerts,
// each with a Key that names the event, so that the caller can store them
// and send each one once. Storing and sending are the alerting package's.
package alert

import (
	"fmt"
	"slices"
	"time"
)

// RuleType names a kind of rule in the alerts: section.
type RuleType string

// The rule types.
const (
	// PriceMove fires when a watched item's matched listing changes price
	// by more than Rule.Pct percent, up or down, between two successful
	// runs.
	PriceMove RuleType = "price_move"
	// Undercut fires when a matched listing in stock sells below our price
	// by more than Rule.Pct percent (0: by anything).
	Undercut RuleType = "undercut"
	// Stock fires when a matched listing goes out of stock or comes back.
	Stock RuleType = "stock"
	// RunQuality fires when a competitor's run is suspect, or when it has
	// had no successful run for Rule.StaleAfter.
	RunQuality RuleType = "run_quality"
)

// RuleTypes lists the rule types in the order the README documents them.
var RuleTypes = []RuleType{PriceMove, Undercut, Stock, RunQuality}

// DefaultStaleAfter is how old a competitor's latest successful run may be
// before run_quality calls it stale, when neither the rule nor the config
// says: three missed daily crawls, long enough that one failed night is not
// news and short enough to hear of it before the weekly digest.
const DefaultStaleAfter = 72 * time.Hour

// Rule is one entry of alerts.rules.
type Rule struct {
	Type RuleType
	// PctTenths is the threshold in tenths of a percent (pct: 7.5 is 75),
	// so that comparisons stay exact integer arithmetic on minor units.
	// PriceMove and Undercut only.
	PctTenths int64
	// StaleAfter is RunQuality's age limit; 0 means DefaultStaleAfter.
	StaleAfter time.Duration
}

// Config is the alerts: section of the config file.
type Config struct {
	// WatchAll watches every item of our catalog; otherwise Watch lists
	// the watched SKUs. Watching applies to the item rules (price_move,
	// undercut, stock); run_quality is about competitors.
	WatchAll bool
	Watch    []string
	Rules    []Rule
	// SendTo names the notify: destinations alerts go to; empty means all.
	SendTo []string
}

// Rule returns the rule of type t and whether the config has one.
func (c Config) Rule(t RuleType) (Rule, bool) {
	for _, r := range c.Rules {
		if r.Type == t {
			return r, true
		}
	}
	return Rule{}, false
}

// Watches reports whether our item sku is watched.
func (c Config) Watches(sku string) bool {
	return c.WatchAll || slices.Contains(c.Watch, sku)
}

// staleAfter is the rule's age limit with its default.
func (r Rule) staleAfter() time.Duration {
	if r.StaleAfter > 0 {
		return r.StaleAfter
	}
	return DefaultStaleAfter
}

// Pct returns the threshold as written ("7.5").
func (r Rule) Pct() string {
	return fmt.Sprintf("%d.%d", r.PctTenths/10, r.PctTenths%10)
}
