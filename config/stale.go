package config

import (
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/shelfwatch/shelfwatch/schedule"
)

// DefaultStaleAfter is how old a competitor's last successful run may be
// before its data is stale, for a competitor with no schedule and a file
// without stale_after: a weekly crawl plus a day's grace.
const DefaultStaleAfter = 8 * 24 * time.Hour

// scheduleSlots is how many consecutive slots of a cron schedule are looked
// at to find its interval: enough to cover one week of an irregular
// schedule such as "0 6 * * 1,4" (Monday and Thursday).
const scheduleSlots = 8

// StaleAfterFor returns how old the named competitor's last successful run
// may be at the moment at before reports mark its data stale. In order: the
// competitor's own stale_after, the file's stale_after, twice the interval
// of the competitor's cron schedule (its own, else the file's schedule:),
// else DefaultStaleAfter. The interval is the longest gap between
// consecutive slots after at, so a schedule that fires Monday and Thursday
// is judged by its four-day gap, and one missed crawl is tolerated but two
// are not. A competitor the file does not name gets the file-wide value.
func (c *Config) StaleAfterFor(competitor string, at time.Time) time.Duration {
	spec := c.Schedule
	for _, comp := range c.Competitors {
		if comp.Name != competitor {
			continue
		}
		if comp.StaleAfter > 0 {
			return comp.StaleAfter
		}
		if comp.Schedule != "" {
			spec = comp.Schedule
		}
	}
	if c.StaleAfter > 0 {
		return c.StaleAfter
	}
	if iv := ScheduleInterval(spec, at); iv > 0 {
		return 2 * iv
	}
	return DefaultStaleAfter
}

// ScheduleInterval returns the longest gap between consecutive slots of the
// cron schedule spec among the first slots after at, or 0 when spec is
// empty, invalid or never fires. Load has checked every schedule of a file,
// so an error here only comes from a spec the caller made up.
func ScheduleInterval(spec string, at time.Time) time.Duration {
	if strings.TrimSpace(spec) == "" {
		return 0
	}
	s, err := schedule.ParseSpec(spec, time.UTC)
	if err != nil {
		return 0
	}
	var longest time.Duration
	prev := s.Next(at)
	for i := 0; i < scheduleSlots && !prev.IsZero(); i++ {
		next := s.Next(prev)
		if next.IsZero() {
			break
		}
		longest = max(longest, next.Sub(prev))
		prev = next
	}
	return longest
}

// staleAfter reads a positive age: a Go duration ("36h", "90m") or a whole
// number of days or weeks ("8d", "2w"), which people write for crawl ages
// and Go's durations cannot say.
func (d *decoder) staleAfter(n *yaml.Node, field string, dst *time.Duration) error {
	var s string
	if err := d.Str(n, field, &s); err != nil {
		return err
	}
	v, ok := parseAge(strings.TrimSpace(s))
	if !ok {
		return d.Errorf(n, field, "invalid age %q (want e.g. 8d, 2w or 36h)", s)
	}
	if v <= 0 {
		return d.Errorf(n, field, "age %q must be positive", s)
	}
	*dst = v
	return nil
}

// parseAge parses "8d", "2w" or a Go duration.
func parseAge(s string) (time.Duration, bool) {
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if num, ok := strings.CutSuffix(s, suffix); ok {
			n, err := strconv.ParseInt(num, 10, 64)
			if err != nil || n < 0 || n > int64(100*365*24*time.Hour/unit) { // past a century: a typo
				return 0, false
			}
			return time.Duration(n) * unit, true
		}
	}
	v, err := time.ParseDuration(s)
	return v, err == nil
}
