package render

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The digest states how old each competitor's data is, so that a crawler
// that silently stopped is visible: the age of every competitor's last
// successful run in the runs table, the stale ones under Data quality, and,
// when no competitor is fresh, a warning as the digest's very first line.

// staleWarning returns the digest's first line when every competitor with
// data is stale (and none is fresh), else "". A database with no
// successful run at all gets no warning: it is new, not stale, and the runs
// section says to run the crawler.
func staleWarning(d Digest) string {
	var newest *Freshness
	var after time.Duration
	for i := range d.Freshness {
		f := &d.Freshness[i]
		if !f.Stale {
			return ""
		}
		if after == 0 || f.StaleAfter > 0 && f.StaleAfter < after {
			after = f.StaleAfter
		}
		if !f.LastRun.IsZero() && (newest == nil || f.LastRun.After(newest.LastRun)) {
			newest = f
		}
	}
	if newest == nil {
		return ""
	}
	return fmt.Sprintf("STALE: no competitor was crawled successfully in the last %s (last run %s ago, %s %s); every price below is old.",
		age(after), age(newest.Age), clean(newest.Competitor), when(newest.LastRun))
}

// windowLine says when the digest was made and which runs it reports as
// this week's.
func windowLine(d Digest) string {
	from, until := d.From, d.Until
	if from.IsZero() || until.IsZero() {
		// A Digest built with only Since (older callers): the window ends
		// when the digest was made.
		until = d.GeneratedAt
		from = until.Add(-d.Since)
	}
	if d.Week != "" {
		return fmt.Sprintf("Generated %s; week %s (runs started from %s to %s).", when(d.GeneratedAt), d.Week, when(from), when(until))
	}
	return fmt.Sprintf("Generated %s; window %s (runs started from %s to %s).", when(d.GeneratedAt), window(until.Sub(from)), when(from), when(until))
}

// age says how old something is in the largest whole unit that reads well:
// "60 days", "36 hours", "45 minutes".
func age(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return plural(int(d/(24*time.Hour)), "day", "days")
	case d >= 2*time.Hour:
		return plural(int(d/time.Hour), "hour", "hours")
	case d >= 0:
		return plural(int(d/time.Minute), "minute", "minutes")
	}
	return "0 minutes"
}

// freshnessOf returns the digest's entry for a competitor.
func freshnessOf(d Digest, competitor string) (Freshness, bool) {
	for _, f := range d.Freshness {
		if f.Competitor == competitor {
			return f, true
		}
	}
	return Freshness{}, false
}

// freshnessNotes says, under the runs table, which competitors had no run
// in the window and where a newer run lies beyond it.
func freshnessNotes(d Digest) []string {
	var lines []string
	for _, f := range d.Freshness {
		if f.LastRun.IsZero() || f.InWindow {
			continue
		}
		use := "its prices from then still feed the bands"
		if f.Stale {
			use = "its prices from then still feed the bands, marked stale"
		}
		lines = append(lines, fmt.Sprintf("%s: no successful run in this window; the last one (#%d, %s) is %s old, so %s and it shows no changes.",
			clean(f.Competitor), f.RunID, when(f.LastRun), age(f.Age), use))
	}
	for _, f := range d.Freshness {
		if !f.Newer.IsZero() {
			year, week := f.Newer.UTC().ISOWeek()
			lines = append(lines, fmt.Sprintf("%s has a newer run (%s) after this window: --week %d-W%02d shows it.",
				clean(f.Competitor), when(f.Newer), year, week))
		}
	}
	return lines
}

// staleTable lists the stale competitors for the data-quality section.
func staleTable(d Digest) *table {
	t := &table{Head: []string{"Competitor", "Last successful run", "Age", "Stale after"}, Right: []bool{false, false, true, true}}
	for _, f := range d.Freshness {
		if !f.Stale || f.LastRun.IsZero() {
			continue
		}
		t.Rows = append(t.Rows, []string{clean(f.Competitor), "#" + strconv.FormatInt(f.RunID, 10) + " " + when(f.LastRun), age(f.Age), age(f.StaleAfter)})
	}
	if len(t.Rows) == 0 {
		return nil
	}
	return t
}

// staleNames lists the stale competitors with data, for feeds.
func staleNames(d Digest) []string {
	out := []string{}
	for _, f := range d.Freshness {
		if f.Stale && !f.LastRun.IsZero() {
			out = append(out, f.Competitor)
		}
	}
	return out
}

// markStale appends " (stale data)" to a label of something resting on
// stale data.
func markStale(s string, stale bool) string {
	if stale {
		return strings.TrimSpace(s) + " (stale data)"
	}
	return s
}
