package pricing

import (
	"fmt"
	"testing"
)

func TestQualityOf(t *testing.T) {
	p := &Money{Amount: 100, Currency: "CNY"}
	offers := []Offer{
		{Title: "a", Price: p, Availability: InStock},
		{Title: "b", MinPrice: p, Availability: AvailabilityUnknown},
		{Title: "", Availability: OutOfStock},
		{},
	}
	got := QualityOf(offers)
	want := RunQuality{Items: 4, WithPrice: 2, WithTitle: 2, WithAvailability: 2}
	if got != want {
		t.Errorf("QualityOf = %+v, want %+v", got, want)
	}
	if got := QualityOf(nil); got != (RunQuality{}) {
		t.Errorf("QualityOf(nil) = %+v, want zero", got)
	}
}

func TestCheckRun(t *testing.T) {
	q := func(items, withPrice int) RunQuality {
		return RunQuality{Items: items, WithPrice: withPrice, WithTitle: items}
	}
	tests := []struct {
		name        string
		prev, cur   RunQuality
		wantSuspect bool
		wantReason  string
	}{
		{"a run like the last one is fine", q(120, 118), q(118, 117), false, ""},
		{"items falling below half of last run are suspect", q(120, 120), q(40, 40), true, "items fell from 120 to 40 (33 % of last run)"},
		{"items at exactly half of last run are fine", q(120, 120), q(60, 60), false, ""},
		{"an empty run is suspect", q(120, 120), q(0, 0), true, "no items (last run had 120)"},
		{"an empty first run is suspect", RunQuality{}, q(0, 0), true, "no items"},
		{"a first run is never suspect on its count", RunQuality{}, q(3, 3), false, ""},
		{"a first run with few prices is suspect", RunQuality{}, q(100, 30), true, "only 30 of 100 items have a price (30 %, want at least 90 %)"},
		{"price coverage dropping below 90 % is suspect", q(100, 100), q(100, 80), true, "only 80 of 100 items have a price (80 %, want at least 90 %)"},
		{"a patchy shop staying patchy is fine", q(100, 60), q(100, 58), false, ""},
		{"a patchy shop dropping further is suspect", q(100, 60), q(100, 40), true, "price coverage fell from 60 % to 40 % (40 of 100 items have a price)"},
		{"the count check comes before coverage", q(100, 100), q(10, 0), true, "items fell from 100 to 10 (10 % of last run)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			suspect, reason := CheckRun(tt.prev, tt.cur, DefaultThresholds())
			if suspect != tt.wantSuspect || reason != tt.wantReason {
				t.Errorf("CheckRun(%+v, %+v) = %v, %q; want %v, %q", tt.prev, tt.cur, suspect, reason, tt.wantSuspect, tt.wantReason)
			}
		})
	}
}

func ExampleCheckRun() {
	prev := RunQuality{Items: 120, WithPrice: 120, WithTitle: 120, WithAvailability: 120}
	cur := RunQuality{Items: 40, WithPrice: 40, WithTitle: 40, WithAvailability: 40}
	suspect, reason := CheckRun(prev, cur, DefaultThresholds())
	fmt.Println(suspect, reason)
	// Output: true items fell from 120 to 40 (33 % of last run)
}
