package schedule

import (
	"testing"
	"time"
)

func TestMissedSlotsAreFoundFromTheLastStartedRun(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no tz database:", err)
	}
	utc := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse(time.DateTime, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name       string
		spec       string
		loc        *time.Location
		last       string // "" never ran
		now        string
		wantMissed bool
		wantSlot   string // the latest slot <= now
	}{
		{"a weekly slot missed while down runs", "0 6 * * 1", time.UTC, "2026-02-23 06:00:05", "2026-03-02 09:00:00", true, "2026-03-02 06:00:00"},
		{"a weekly crawl already started this week is not repeated", "0 6 * * 1", time.UTC, "2026-03-02 06:00:01", "2026-03-04 12:00:00", false, ""},
		{"several missed daily slots report only the latest", "@daily", time.UTC, "2026-02-20 00:00:00", "2026-03-02 05:00:00", true, "2026-03-02 00:00:00"},
		{"a slot exactly now counts as missed", "0 6 * * *", time.UTC, "2026-03-01 06:00:00", "2026-03-02 06:00:00", true, "2026-03-02 06:00:00"},
		{"a run started exactly at the slot covers it", "0 6 * * *", time.UTC, "2026-03-02 06:00:00", "2026-03-02 06:30:00", false, ""},
		{"a never crawled competitor catches up its latest slot", "0 6 1 * *", time.UTC, "", "2026-03-20 00:00:00", true, "2026-03-01 06:00:00"},
		{"a never crawled competitor of a yearly schedule", "@yearly", time.UTC, "", "2026-03-20 00:00:00", true, "2026-01-01 00:00:00"},
		{"a minutely schedule finds the latest minute quickly", "* * * * *", time.UTC, "", "2026-03-20 10:17:30", true, "2026-03-20 10:17:00"},
		{"a last run in the future (clock skew) catches nothing up", "@hourly", time.UTC, "2026-03-02 12:00:00", "2026-03-02 10:00:00", false, ""},
		{"a constant delay schedule is due a delay after the last run", "@every 6h", time.UTC, "2026-03-02 00:00:00", "2026-03-02 06:00:00", true, "2026-03-02 06:00:00"},
		{"a constant delay schedule not yet due", "@every 6h", time.UTC, "2026-03-02 00:00:00", "2026-03-02 05:59:59", false, ""},
		// 06:00 in Berlin is 05:00 UTC in winter.
		{"the config's time zone applies", "0 6 * * *", berlin, "2026-03-01 05:00:00", "2026-03-02 05:30:00", true, "2026-03-02 05:00:00"},
		{"the config's time zone: not yet 06:00 in Berlin", "0 6 * * *", berlin, "2026-03-01 05:00:00", "2026-03-02 04:59:00", false, ""},
		{"a CRON_TZ prefix beats the config's zone", "CRON_TZ=America/New_York 0 6 * * *", berlin, "2026-03-01 11:00:00", "2026-03-02 10:59:00", false, ""},
		{"a CRON_TZ prefix: 06:00 in New York", "CRON_TZ=America/New_York 0 6 * * *", berlin, "2026-03-01 11:00:00", "2026-03-02 11:00:00", true, "2026-03-02 11:00:00"},
		{"a last run five years back is still a miss", "0 6 * * 1", time.UTC, "2019-01-07 06:00:00", "2026-03-04 00:00:00", true, "2026-03-02 06:00:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec, err := ParseSpec(tt.spec, tt.loc)
			if err != nil {
				t.Fatal(err)
			}
			var last time.Time
			if tt.last != "" {
				last = utc(tt.last)
			}
			slot, missed := spec.missedSince(last, tt.last != "", utc(tt.now))
			if missed != tt.wantMissed {
				t.Fatalf("missed = %v, want %v (slot %s)", missed, tt.wantMissed, slot)
			}
			if missed && !slot.Equal(utc(tt.wantSlot)) {
				t.Errorf("slot %s, want %s", slot.UTC(), tt.wantSlot)
			}
		})
	}
}

func TestParseSpecAcceptsStandardCronAndDescriptors(t *testing.T) {
	from := time.Date(2026, 3, 2, 5, 0, 0, 0, time.UTC) // a Monday
	tests := []struct{ spec, next string }{
		{"0 6 * * 1", "2026-03-02 06:00"},
		{"0 6 * * MON", "2026-03-02 06:00"},
		{"  0 6 * * 1  ", "2026-03-02 06:00"},
		{"*/15 * * * *", "2026-03-02 05:15"},
		{"0 6 * * 0", "2026-03-08 06:00"},
		{"30 4 1 * *", "2026-04-01 04:30"},
		{"0 22 * * 1-5", "2026-03-02 22:00"},
		{"@daily", "2026-03-03 00:00"},
		{"@midnight", "2026-03-03 00:00"},
		{"@hourly", "2026-03-02 06:00"},
		{"@weekly", "2026-03-08 00:00"},
		{"@monthly", "2026-04-01 00:00"},
		{"@every 90m", "2026-03-02 06:30"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			s, err := ParseSpec(tt.spec, time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Next(from).Format("2006-01-02 15:04"); got != tt.next {
				t.Errorf("Next = %s, want %s", got, tt.next)
			}
		})
	}
}
