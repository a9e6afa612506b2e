package schedule

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// ErrBadSpec is wrapped by every error ParseSpec returns, so config loaders
// can report a bad schedule as a configuration error with errors.Is.
var ErrBadSpec = errors.New("invalid schedule")

// parser is cron's standard parser: five fields (minute hour day-of-month
// month day-of-week) plus descriptors (@daily, @weekly, @every 6h ...). A
// seconds field is refused: crawls are planned to the minute.
var parser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// Spec is a parsed cron schedule.
type Spec struct {
	text  string
	sched cron.Schedule
}

// ParseSpec parses a cron schedule: "0 6 * * 1", "*/30 * * * *", "@daily",
// "@every 6h", optionally prefixed with "CRON_TZ=Europe/Berlin ". Without a
// CRON_TZ prefix the schedule is read in loc (time.Local when nil). Errors
// wrap ErrBadSpec and quote the spec.
func ParseSpec(spec string, loc *time.Location) (Spec, error) {
	text := strings.TrimSpace(spec)
	if text == "" {
		return Spec{}, fmt.Errorf("%w: empty schedule", ErrBadSpec)
	}
	hasTZ := strings.HasPrefix(text, "TZ=") || strings.HasPrefix(text, "CRON_TZ=")
	if hasTZ && !strings.ContainsAny(text, " \t") {
		// cron slices up to the first space and would panic without one.
		return Spec{}, fmt.Errorf("%w %q: a time zone prefix needs a schedule after it", ErrBadSpec, spec)
	}
	s, err := parser.Parse(text)
	if err != nil {
		return Spec{}, fmt.Errorf("%w %q: %v", ErrBadSpec, spec, err)
	}
	if ss, ok := s.(*cron.SpecSchedule); ok && !hasTZ && loc != nil {
		ss.Location = loc
	}
	// A schedule that can never fire (30 February) would silently never
	// crawl; cron gives up after five years and returns the zero time.
	probe := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	if s.Next(probe).IsZero() {
		return Spec{}, fmt.Errorf("%w %q: the schedule never fires", ErrBadSpec, spec)
	}
	return Spec{text: text, sched: s}, nil
}

// String returns the schedule as written.
func (s Spec) String() string { return s.text }

// Next returns the first slot strictly after t, or the zero time when there
// is none within five years.
func (s Spec) Next(t time.Time) time.Time {
	if s.sched == nil {
		return time.Time{}
	}
	return s.sched.Next(t)
}

// missedSince reports whether a slot fell in (last, now]: the crawl that
// slot asked for has not started yet. A competitor never crawled (ok false)
// has missed a slot if the schedule fired at all in the five years before
// now, which is as far back as cron searches. slot is the latest slot <= now.
func (s Spec) missedSince(last time.Time, ok bool, now time.Time) (slot time.Time, missed bool) {
	if ok && !last.Before(now) {
		return time.Time{}, false
	}
	// Search back in growing windows so the walk to the latest slot stays
	// short: the first window holding a slot holds few of them.
	windows := []time.Duration{time.Minute, time.Hour, 24 * time.Hour, 7 * 24 * time.Hour,
		31 * 24 * time.Hour, 366 * 24 * time.Hour, 5 * 366 * 24 * time.Hour}
	for _, w := range windows {
		from := now.Add(-w)
		if ok && from.Before(last) {
			from = last
		}
		next := s.Next(from)
		if next.IsZero() || next.After(now) {
			if ok && from.Equal(last) {
				return time.Time{}, false // no slot since the last crawl
			}
			continue
		}
		for {
			n := s.Next(next)
			if n.IsZero() || n.After(now) {
				return next, true
			}
			next = n
		}
	}
	return time.Time{}, false
}
