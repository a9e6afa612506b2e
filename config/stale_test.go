package config_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/config"
	"github.com/shelfwatch/shelfwatch/yamlconf"
)

func TestStaleAfterForEachCompetitor(t *testing.T) {
	const day = 24 * time.Hour
	// A Wednesday, so weekly slots are not all on one side of it.
	at := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	shop := func(name, extra string) string {
		return "  - name: " + name + "\n    start_urls: [https://" + name + ".example/]\n    allowed_domains: [" + name + ".example]\n" + extra
	}
	tests := []struct {
		name string
		yaml string
		comp string
		want time.Duration
	}{
		{"without schedule or stale_after a competitor is stale after 8 days", "competitors:\n" + shop("a", ""), "a", 8 * day},
		{"a weekly cron schedule doubles to 14 days", "competitors:\n" + shop("a", "    schedule: \"0 6 * * 1\"\n"), "a", 14 * day},
		{"a daily schedule doubles to 2 days", "competitors:\n" + shop("a", "    schedule: \"@daily\"\n"), "a", 2 * day},
		{"an every-6h schedule doubles to 12 hours", "competitors:\n" + shop("a", "    schedule: \"@every 6h\"\n"), "a", 12 * time.Hour},
		{"a Monday-and-Thursday schedule is judged by its longer gap", "competitors:\n" + shop("a", "    schedule: \"0 6 * * 1,4\"\n"), "a", 8 * day},
		{"a monthly schedule allows two months' worth of days", "competitors:\n" + shop("a", "    schedule: \"0 6 1 * *\"\n"), "a", 62 * day},
		{"the file's schedule applies to a competitor without its own", "schedule: \"0 6 * * 1\"\ncompetitors:\n" + shop("a", ""), "a", 14 * day},
		{"the competitor's own schedule beats the file's", "schedule: \"0 6 * * 1\"\ncompetitors:\n" + shop("a", "    schedule: \"@daily\"\n"), "a", 2 * day},
		{"the file's stale_after beats any schedule", "stale_after: 3d\ncompetitors:\n" + shop("a", "    schedule: \"0 6 * * 1\"\n"), "a", 3 * day},
		{"a competitor's stale_after beats the file's", "stale_after: 3d\ncompetitors:\n" + shop("a", "    stale_after: 2w\n"), "a", 14 * day},
		{"a Go duration is accepted", "stale_after: 36h\ncompetitors:\n" + shop("a", ""), "a", 36 * time.Hour},
		{"another competitor's settings do not leak", "competitors:\n" + shop("a", "    stale_after: 1d\n") + shop("b", ""), "b", 8 * day},
		{"a competitor the file does not name gets the file-wide value", "stale_after: 10d\n", "gone", 10 * day},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := loadString(t, tt.yaml)
			if err != nil {
				t.Fatal(err)
			}
			if got := l.StaleAfterFor(tt.comp, at); got != tt.want {
				t.Errorf("StaleAfterFor(%q) = %v, want %v", tt.comp, got, tt.want)
			}
		})
	}
}

func TestStaleAfterRejectsBadAges(t *testing.T) {
	tests := []struct {
		name, yaml, field, msg string
	}{
		{"a word", "stale_after: soon\n", "stale_after", `invalid age "soon"`},
		{"a zero age", "stale_after: 0d\n", "stale_after", "must be positive"},
		{"a negative age", "stale_after: -5h\n", "stale_after", "must be positive"},
		{"fractional days", "stale_after: 1.5d\n", "stale_after", "invalid age"},
		{"an absurd number of weeks", "stale_after: 99999999w\n", "stale_after", "invalid age"},
		{"a list", "stale_after: [8d]\n", "stale_after", "want a string"},
		{"a competitor's bad age names the entry", "competitors:\n  - name: a\n    start_urls: [https://a.example/]\n    allowed_domains: [a.example]\n    stale_after: often\n",
			"competitors[0].stale_after", "invalid age"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadString(t, tt.yaml)
			var ce *yamlconf.Error
			if !errors.As(err, &ce) || !errors.Is(err, yamlconf.ErrConfig) {
				t.Fatalf("got %v, want a *yamlconf.Error", err)
			}
			if ce.Field != tt.field || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("got %v (field %q), want field %q and %q", err, ce.Field, tt.field, tt.msg)
			}
		})
	}
}

func TestScheduleIntervalOfNoOrBadSchedulesIsZero(t *testing.T) {
	for _, spec := range []string{"", "  ", "not cron", "0 0 30 2 *"} {
		if got := config.ScheduleInterval(spec, time.Now()); got != 0 {
			t.Errorf("ScheduleInterval(%q) = %v, want 0", spec, got)
		}
	}
}
