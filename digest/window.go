package digest

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// ErrWindow is wrapped by every error of ParseWeek and Resolve: the span
// asked for cannot be read or is empty. Commands report it as a usage
// error.
var ErrWindow = errors.New("bad report window")

// Window is the span a report describes: runs started in [From, Until) are
// this window's. Week names it when it is an ISO week ("2026-W48").
type Window struct {
	From, Until time.Time
	Week        string
}

// AsOf is the moment ages are measured at: the window's end, or now when
// the window has not ended yet.
func (w Window) AsOf(now time.Time) time.Time {
	if w.Until.After(now) {
		return now
	}
	return w.Until
}

// RecentSpan is the length of Recent's window: a week, the cadence the
// digest is read at.
const RecentSpan = 7 * 24 * time.Hour

// Recent is the window of reports that describe the market as it is now:
// the seven days up to now. `report positioning`, `plan` and `serve` read
// it, and so does the daemon's digest job, which runs right after the
// crawls it reports on (the last complete ISO week, report digest's
// default, would leave out a Monday 06:00 crawl from a Monday 07:00
// digest).
func Recent(now time.Time) Window { return Window{From: now.Add(-RecentSpan), Until: now} }

var isoWeek = regexp.MustCompile(`^(\d{4})-?W(\d{2})$`)

// ParseWeek returns the ISO week named "2026-W48" (or "2026W48", any
// case): Monday 00:00 UTC to the next Monday. The error wraps ErrWindow.
func ParseWeek(s string) (Window, error) {
	m := isoWeek.FindStringSubmatch(strings.ToUpper(strings.TrimSpace(s)))
	if m == nil {
		return Window{}, fmt.Errorf("%w: week %q: want an ISO week such as 2026-W48", ErrWindow, s)
	}
	year, _ := strconv.Atoi(m[1])
	week, _ := strconv.Atoi(m[2])
	// 4 January is always in week 1; its week's Monday starts the year.
	jan4 := time.Date(year, 1, 4, 0, 0, 0, 0, time.UTC)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
	from := monday.AddDate(0, 0, 7*(week-1))
	if y, w := from.ISOWeek(); week < 1 || y != year || w != week {
		return Window{}, fmt.Errorf("%w: week %q: %d has no week %d", ErrWindow, s, year, week)
	}
	return Window{From: from, Until: from.AddDate(0, 0, 7), Week: fmt.Sprintf("%d-W%02d", year, week)}, nil
}

// WeekOf returns the ISO week (UTC) that t falls in.
func WeekOf(t time.Time) Window {
	y, w := t.UTC().ISOWeek()
	s, _ := ParseWeek(fmt.Sprintf("%d-W%02d", y, w)) // always valid
	return s
}

// LastCompleteWeek is the ISO week before the one now falls in.
func LastCompleteWeek(now time.Time) Window { return WeekOf(WeekOf(now).From.Add(-time.Hour)) }

// ParseWhen reads a moment: a date (2026-11-23, midnight UTC) or an
// RFC 3339 time.
func ParseWhen(s string) (time.Time, bool) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, true
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), true
	}
	return time.Time{}, false
}

// ParseAgo reads a length back in time: a Go duration ("168h") or whole
// days or weeks ("7d", "2w").
func ParseAgo(s string) (time.Duration, bool) {
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if num, ok := strings.CutSuffix(s, suffix); ok {
			n, err := strconv.Atoi(num)
			if err != nil || n <= 0 || n > 36500 {
				return 0, false
			}
			return time.Duration(n) * unit, true
		}
	}
	d, err := time.ParseDuration(s)
	return d, err == nil
}

// Resolve turns a report's --week, --since and --until values into a
// window. With none, it is the last complete ISO week; week names another.
// With since (a length back from until, or a date) and until (a date,
// default now), it is that span. week with either of the others is an
// error, as is an empty or inverted span; every error wraps ErrWindow.
func Resolve(now time.Time, week, since, until string) (Window, error) {
	if week != "" {
		if since != "" || until != "" {
			return Window{}, fmt.Errorf("%w: --week cannot be combined with --since or --until", ErrWindow)
		}
		return ParseWeek(week)
	}
	if since == "" && until == "" {
		return LastCompleteWeek(now), nil
	}
	s := Window{Until: now}
	if until != "" {
		t, ok := ParseWhen(until)
		if !ok {
			return Window{}, fmt.Errorf("%w: --until %q: want a date (2026-11-30) or an RFC 3339 time", ErrWindow, until)
		}
		s.Until = t
	}
	switch d, ok := ParseAgo(since); {
	case since == "":
		s.From = s.Until.Add(-RecentSpan)
	case ok:
		if d <= 0 {
			return Window{}, fmt.Errorf("%w: --since must be positive", ErrWindow)
		}
		s.From = s.Until.Add(-d)
	default:
		t, ok := ParseWhen(since)
		if !ok {
			return Window{}, fmt.Errorf("%w: --since %q: want a length (168h, 7d) or a date (2026-11-23)", ErrWindow, since)
		}
		s.From = t
	}
	if !s.From.Before(s.Until) {
		return Window{}, fmt.Errorf("%w: --since %s is not before --until %s", ErrWindow, s.From.Format(time.RFC3339), s.Until.Format(time.RFC3339))
	}
	return s, nil
}
