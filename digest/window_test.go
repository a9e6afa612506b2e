package digest

import (
	"errors"
	"testing"
	"time"
)

func TestResolveSpan(t *testing.T) {
	// A Wednesday in ISO week 48 of 2026.
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name               string
		week, since, until string
		want               Window
	}{
		{"no flag is the last complete ISO week", "", "", "", Window{d(2026, 11, 16), d(2026, 11, 23), "2026-W47"}},
		{"--week names an ISO week", "2026-W48", "", "", Window{d(2026, 11, 23), d(2026, 11, 30), "2026-W48"}},
		{"week 1 may start in December", "2026-W01", "", "", Window{d(2025, 12, 29), d(2026, 1, 5), "2026-W01"}},
		{"a 53-week year has a week 53", "2026-W53", "", "", Window{d(2026, 12, 28), d(2027, 1, 4), "2026-W53"}},
		{"the compact form and lower case are accepted", "2026w02", "", "", Window{d(2026, 1, 5), d(2026, 1, 12), "2026-W02"}},
		{"--since as a length ends now", "", "168h", "", Window{now.Add(-168 * time.Hour), now, ""}},
		{"--since in days", "", "3d", "", Window{now.Add(-72 * time.Hour), now, ""}},
		{"--since and --until as dates", "", "2026-11-01", "2026-11-15", Window{d(2026, 11, 1), d(2026, 11, 15), ""}},
		{"--until alone is the week before it", "", "", "2026-11-15", Window{d(2026, 11, 8), d(2026, 11, 15), ""}},
		{"a length back from --until", "", "2w", "2026-11-15T00:00:00Z", Window{d(2026, 11, 1), d(2026, 11, 15), ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Resolve(now, tt.week, tt.since, tt.until)
			if err != nil {
				t.Fatal(err)
			}
			if !got.From.Equal(tt.want.From) || !got.Until.Equal(tt.want.Until) || got.Week != tt.want.Week {
				t.Errorf("got [%v, %v) %q, want [%v, %v) %q", got.From, got.Until, got.Week, tt.want.From, tt.want.Until, tt.want.Week)
			}
		})
	}
	// A Monday at 00:30: the week that just ended is the last complete one.
	if got := LastCompleteWeek(time.Date(2026, 11, 30, 0, 30, 0, 0, time.UTC)); got.Week != "2026-W48" {
		t.Errorf("last complete week on Monday 00:30 of W49 = %s, want 2026-W48", got.Week)
	}

	bad := []struct{ name, week, since, until string }{
		{"--week with --since", "2026-W48", "168h", ""},
		{"a week that does not exist", "2025-W53", "", ""},
		{"week 0", "2026-W00", "", ""},
		{"not a week", "last week", "", ""},
		{"a negative length", "", "-1h", ""},
		{"an unreadable --since", "", "yesterday", ""},
		{"an unreadable --until", "", "", "30/11/2026"},
		{"--since after --until", "", "2026-11-20", "2026-11-10"},
	}
	for _, tt := range bad {
		t.Run(tt.name+" is an ErrWindow", func(t *testing.T) {
			_, err := Resolve(now, tt.week, tt.since, tt.until)
			if !errors.Is(err, ErrWindow) {
				t.Errorf("got %v, want an error wrapping ErrWindow", err)
			}
		})
	}
}
