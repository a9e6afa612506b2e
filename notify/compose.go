package notify

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shelfwatch/shelfwatch/alert"
)

// A chat message is composed once, as plain-text sections, and then laid
// out by each platform (Block Kit, markdown, a card). So the platforms say
// the same things, and each layout only decides markup, escaping and how to
// stay under its size limit.

// maxLineRunes clips one listed line: a scraped title can be any length,
// and one line must never crowd out the rest of a message.
const maxLineRunes = 280

// section is one part of a chat message.
type section struct {
	Title string
	// Lead is the section's one-line gist ("12 to act on: 3 high, ...").
	Lead string
	// Items are its listed lines, most important first; Shown of them are
	// listed and the rest counted as "… and N more".
	Items []string
	Shown int
}

// message is a chat message before layout.
type message struct {
	Title    string
	Subtitle string
	Sections []section
	// Link is the full digest's URL, "" when none is configured.
	Link string
}

// more is the line that stands for the items a section does not list.
func (s section) more() string {
	if n := len(s.Items) - s.Shown; n > 0 {
		return fmt.Sprintf("… and %d more", n)
	}
	return ""
}

// lines returns the listed items and, when some are left out, the "… and N
// more" line.
func (s section) lines() []string {
	out := append([]string(nil), s.Items[:s.Shown]...)
	if m := s.more(); m != "" {
		out = append(out, m)
	}
	return out
}

// compose turns a summary into a message listing up to maxItems lines per
// section.
func compose(s Summary, maxItems int) message {
	m := message{
		Title:    s.Title,
		Subtitle: fmt.Sprintf("%s · window %s", s.GeneratedAt.UTC().Format("2006-01-02 15:04 UTC"), window(s.Since)),
		Link:     s.URL,
	}
	// Runs.
	runs := section{Title: "Runs"}
	if len(s.Runs) == 0 {
		runs.Lead = "No competitor has a usable run yet."
	} else {
		runs.Lead = fmt.Sprintf("%s, %d compared with an earlier run.",
			plural(len(s.Runs), "competitor", "competitors"), len(s.Runs)-len(s.Quality.NeedsSecondRun))
	}
	for _, r := range s.Runs {
		runs.Items = append(runs.Items, fmt.Sprintf("%s: run #%d, %s (%d priced), %s",
			r.Competitor, r.RunID, plural(r.Items, "item", "items"), r.WithPrice, r.Status))
	}
	// Gaps.
	gaps := section{Title: "Top gaps"}
	if len(s.Gaps) == 0 {
		gaps.Lead = "Nothing flagged this week."
	} else {
		by := map[string]int{}
		for _, g := range s.Gaps {
			by[g.Severity]++
		}
		var parts []string
		for _, sev := range []string{"high", "medium", "low"} {
			if by[sev] > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", by[sev], sev))
			}
		}
		gaps.Lead = fmt.Sprintf("%d to act on: %s.", len(s.Gaps), strings.Join(parts, ", "))
	}
	for _, g := range s.Gaps {
		line := fmt.Sprintf("%s · %s · %s", strings.ToUpper(g.Severity), g.Name, g.where())
		if g.Detail != "" {
			line += ": " + g.Detail
		}
		gaps.Items = append(gaps.Items, line)
	}
	// Moves.
	c := s.Changes
	moves := section{Title: "Biggest moves",
		Lead: fmt.Sprintf("Prices %d up, %d down; %d new, %d gone; %d out of stock, %d back in stock.",
			c.PriceUp, c.PriceDown, c.New, c.Gone, c.StockOut, c.StockBack)}
	for _, mv := range s.Moves {
		moves.Items = append(moves.Items, fmt.Sprintf("%s · %s: %s → %s (%s)",
			mv.Competitor, orKey(mv.Title, mv.Key), mv.From.Display(), mv.To.Display(), alert.SignedPct(mv.Pct)))
	}
	// Data quality.
	q := s.Quality
	quality := section{Title: "Data quality"}
	for _, r := range q.Unusable {
		line := fmt.Sprintf("%s: run #%d %s", r.Competitor, r.RunID, r.Status)
		if r.Reason != "" {
			line += ": " + r.Reason
		}
		quality.Items = append(quality.Items, line)
	}
	if len(q.NoRuns) > 0 {
		quality.Items = append(quality.Items, "No usable run: "+strings.Join(q.NoRuns, ", "))
	}
	if len(q.NeedsSecondRun) > 0 {
		quality.Items = append(quality.Items, "Changes need a second run: "+strings.Join(q.NeedsSecondRun, ", "))
	}
	if q.Unmapped > 0 {
		quality.Items = append(quality.Items, plural(q.Unmapped, "listing", "listings")+" in shop categories mapped to no category")
	}
	if q.Excluded > 0 {
		quality.Items = append(quality.Items, plural(q.Excluded, "offer", "offers")+" excluded from the bands")
	}
	if q.CandidatesToReview > 0 {
		quality.Items = append(quality.Items, plural(q.CandidatesToReview, "match candidate", "match candidates")+" waiting for review")
	}
	if len(quality.Items) == 0 {
		quality.Lead = "All runs usable."
	} else {
		quality.Lead = fmt.Sprintf("%d unusable %s.", len(q.Unusable), pluralWord(len(q.Unusable), "run", "runs"))
	}
	m.Sections = []section{runs, gaps, moves, quality}
	for i := range m.Sections {
		sec := &m.Sections[i]
		for j, it := range sec.Items {
			sec.Items[j] = clip(oneLine(it), maxLineRunes)
		}
		sec.Shown = min(len(sec.Items), maxItems)
	}
	return m
}

// errTooBig is returned when a message cannot be made small enough even
// with no items listed: only a platform limit far below any real one does
// that.
var errTooBig = errors.New("message does not fit the platform's size limit even with every list cut")

// fit returns m with as many items listed as fits: it drops, one at a
// time, the last listed line of the section listing the most (the later
// section on a tie, since sections are in order of importance), until
// layout accepts it. layout returns false while the laid-out message is
// over the platform's limits.
func fit[T any](m message, layout func(message) (T, bool)) (T, message, error) {
	// Work on a copy: the caller's message may be laid out for another
	// platform next, from its own starting point.
	m.Sections = append([]section(nil), m.Sections...)
	for {
		out, ok := layout(m)
		if ok {
			return out, m, nil
		}
		most := -1
		for i, s := range m.Sections {
			if s.Shown > 0 && (most < 0 || s.Shown >= m.Sections[most].Shown) {
				most = i
			}
		}
		if most < 0 {
			var zero T
			return zero, m, errTooBig
		}
		m.Sections[most].Shown--
	}
}

// clip cuts s to at most n runes, ending it with "…" when cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// clipBytes cuts s to at most n bytes on a rune boundary, ending it with
// "…" when cut.
func clipBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const ell = "…"
	cut := n - len(ell)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + ell
}

// oneLine folds line breaks and control characters (scraped text may hold
// any) into spaces, so an item cannot break a message's layout.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == '\n' || r == '\r' || r == '\t' || r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029
	}), " ")
}

func orKey(title, key string) string {
	if strings.TrimSpace(title) != "" {
		return title
	}
	return key
}

func window(d time.Duration) string {
	h := d.Hours()
	if h >= 24 && h == float64(int(h/24))*24 {
		return plural(int(h/24), "day", "days")
	}
	return strconv.FormatFloat(h, 'f', -1, 64) + "h"
}

func plural(n int, one, many string) string {
	return strconv.Itoa(n) + " " + pluralWord(n, one, many)
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
