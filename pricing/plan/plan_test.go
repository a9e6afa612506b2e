package plan

import (
	"errors"
	"math"
	"testing"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// roundTo rounds n to the nearest multiple of step, halves up, the way the
// handbook rounds its worked example for people to remember.
func roundTo(n, step int64) int64 { return (n + step/2) / step * step }

// TestHandbookWorkedCheck reproduces the operations handbook's worked check.
//
// The handbook says ¥10M a year is "about ¥833K-850K a month and ¥27K-30K a
// day"; the exact values are 10,000,000/12 = 833,333.33 and
// 10,000,000/365 = 27,397.26.
//
// It then says $4,550 a day at a $30-50 AOV and 2 % conversion needs "100-150
// orders from 5,000-8,000 visitors". The exact counts are 4550/50 = 91 and
// 4550/30 = 151.67 -> 152 orders, from 4550/(50×0.02) = 4,550 and
// 4550/(30×0.02) = 7,583.33 -> 7,584 visitors. The handbook rounds orders to
// the nearest 50 (91 -> 100, 152 -> 150) and visitors to the nearest 1,000
// (4,550 -> 5,000, 7,584 -> 8,000); the test asserts both the exact numbers
// and that they round to the handbook's.
func TestHandbookWorkedCheck(t *testing.T) {
	t.Run("ten million yuan a year is 833,333.33 a month and 27,397.26 a day", func(t *testing.T) {
		p, err := Make(Input{Target: pricing.MustAmount("10000000"), Currency: "CNY", Per: Year, Conversion: 0.02, AOV: pricing.MustAmount("200")})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := p.Monthly, pricing.MustAmount("833333.33"); got != want {
			t.Errorf("Monthly = %s, want %s", got, want)
		}
		if got, want := p.Daily, pricing.MustAmount("27397.26"); got != want {
			t.Errorf("Daily = %s, want %s", got, want)
		}
		if p.Monthly < pricing.MustAmount("833000") || p.Monthly > pricing.MustAmount("850000") {
			t.Errorf("Monthly %s is outside the handbook's 833K-850K", p.Monthly)
		}
		if p.Daily < pricing.MustAmount("27000") || p.Daily > pricing.MustAmount("30000") {
			t.Errorf("Daily %s is outside the handbook's 27K-30K", p.Daily)
		}
	})
	t.Run("4,550 dollars a day at a 30-50 AOV and 2 percent needs 91-152 orders from 4,550-7,584 visitors", func(t *testing.T) {
		p, err := Make(Input{Target: pricing.MustAmount("4550"), Currency: "USD", Per: Day, Conversion: 0.02,
			AOVLow: pricing.MustAmount("30"), AOVHigh: pricing.MustAmount("50")})
		if err != nil {
			t.Fatal(err)
		}
		if want := (Range{Min: 91, Max: 152}); p.OrdersPerDay != want {
			t.Errorf("OrdersPerDay = %+v, want %+v", p.OrdersPerDay, want)
		}
		if want := (Range{Min: 4550, Max: 7584}); p.VisitorsPerDay != want {
			t.Errorf("VisitorsPerDay = %+v, want %+v", p.VisitorsPerDay, want)
		}
		if lo, hi := roundTo(p.OrdersPerDay.Min, 50), roundTo(p.OrdersPerDay.Max, 50); lo != 100 || hi != 150 {
			t.Errorf("orders round to %d-%d, handbook says 100-150", lo, hi)
		}
		if lo, hi := roundTo(p.VisitorsPerDay.Min, 1000), roundTo(p.VisitorsPerDay.Max, 1000); lo != 5000 || hi != 8000 {
			t.Errorf("visitors round to %d-%d, handbook says 5,000-8,000", lo, hi)
		}
		if got, want := p.Yearly, pricing.MustAmount("1660750"); got != want {
			t.Errorf("Yearly = %s, want %s (4,550 × 365)", got, want)
		}
	})
}

func TestMake(t *testing.T) {
	tests := []struct {
		name string
		in   Input
		want Plan
	}{
		{
			name: "a monthly target is twelve times a year and a 360-day year divides it evenly",
			in:   Input{Target: pricing.MustAmount("30000"), Currency: "CNY", Per: Month, Conversion: 0.05, AOV: pricing.MustAmount("100"), DaysPerYear: 360},
			want: Plan{Currency: "CNY", Yearly: pricing.MustAmount("360000"), Monthly: pricing.MustAmount("30000"), Daily: pricing.MustAmount("1000"),
				AOVLow: pricing.MustAmount("100"), AOVHigh: pricing.MustAmount("100"), DaysPerYear: 360,
				OrdersPerDay: Range{10, 10}, VisitorsPerDay: Range{200, 200}},
		},
		{
			name: "a single AOV gives equal ends and counts round up",
			in:   Input{Target: pricing.MustAmount("1000"), Per: Day, Conversion: 0.03, AOV: pricing.MustAmount("33")},
			// 1000/33 = 30.30 -> 31 orders; 1000/(33×0.03) = 1010.1 -> 1011 visitors.
			want: Plan{Yearly: pricing.MustAmount("365000"), Monthly: pricing.MustAmount("30416.67"), Daily: pricing.MustAmount("1000"),
				AOVLow: pricing.MustAmount("33"), AOVHigh: pricing.MustAmount("33"), DaysPerYear: 365,
				OrdersPerDay: Range{31, 31}, VisitorsPerDay: Range{1011, 1011}},
		},
		{
			name: "a conversion of one means every visitor orders",
			in:   Input{Target: pricing.MustAmount("0.01"), Per: Year, Conversion: 1, AOV: pricing.MustAmount("0.01")},
			want: Plan{Yearly: pricing.MustAmount("0.01"), Monthly: 0, Daily: 0, AOVLow: pricing.MustAmount("0.01"), AOVHigh: pricing.MustAmount("0.01"), DaysPerYear: 365,
				OrdersPerDay: Range{1, 1}, VisitorsPerDay: Range{1, 1}},
		},
		{
			name: "half a cent a month rounds away from zero",
			in:   Input{Target: pricing.MustAmount("0.06"), Per: Year, Conversion: 0.5, AOV: pricing.MustAmount("1")},
			want: Plan{Yearly: pricing.MustAmount("0.06"), Monthly: pricing.MustAmount("0.01"), Daily: 0, AOVLow: pricing.MustAmount("1"), AOVHigh: pricing.MustAmount("1"), DaysPerYear: 365,
				OrdersPerDay: Range{1, 1}, VisitorsPerDay: Range{1, 1}},
		},
		{
			name: "a yen target is planned in whole yen",
			in:   Input{Target: pricing.MustAmount("1000000"), Currency: "JPY", Per: Year, Conversion: 1, AOV: pricing.MustAmount("1000")},
			want: Plan{Currency: "JPY", Yearly: pricing.MustAmount("1000000"), Monthly: pricing.MustAmount("83333"), Daily: pricing.MustAmount("2740"),
				AOVLow: pricing.MustAmount("1000"), AOVHigh: pricing.MustAmount("1000"), DaysPerYear: 365,
				OrdersPerDay: Range{3, 3}, VisitorsPerDay: Range{3, 3}},
		},
		{
			name: "a dinar target is planned in fils",
			in:   Input{Target: pricing.MustAmount("1000"), Currency: "KWD", Per: Year, Conversion: 1, AOV: pricing.MustAmount("10")},
			want: Plan{Currency: "KWD", Yearly: pricing.MustAmount("1000"), Monthly: pricing.MustAmount("83.333"), Daily: pricing.MustAmount("2.740"),
				AOVLow: pricing.MustAmount("10"), AOVHigh: pricing.MustAmount("10"), DaysPerYear: 365,
				OrdersPerDay: Range{1, 1}, VisitorsPerDay: Range{1, 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Make(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Make() =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestMakeRejectsBadInput(t *testing.T) {
	ok := Input{Target: 100000, Per: Year, Conversion: 0.02, AOV: 5000}
	tests := []struct {
		name   string
		change func(*Input)
	}{
		{"a zero target is rejected", func(in *Input) { in.Target = 0 }},
		{"a negative target is rejected", func(in *Input) { in.Target = -1 }},
		{"a zero conversion is rejected", func(in *Input) { in.Conversion = 0 }},
		{"a negative conversion is rejected", func(in *Input) { in.Conversion = -0.02 }},
		{"a conversion above one is rejected", func(in *Input) { in.Conversion = 1.01 }},
		{"a NaN conversion is rejected", func(in *Input) { in.Conversion = math.NaN() }},
		{"an infinite conversion is rejected", func(in *Input) { in.Conversion = math.Inf(1) }},
		{"a zero AOV is rejected", func(in *Input) { in.AOV = 0 }},
		{"a negative AOV is rejected", func(in *Input) { in.AOV = -5000 }},
		{"an AOV given both ways is rejected", func(in *Input) { in.AOVLow, in.AOVHigh = 1, 2 }},
		{"a half-given AOV range is rejected", func(in *Input) { in.AOV, in.AOVLow = 0, 3000 }},
		{"a reversed AOV range is rejected", func(in *Input) { in.AOV, in.AOVLow, in.AOVHigh = 0, 5000, 3000 }},
		{"an unknown period is rejected", func(in *Input) { in.Per = "week" }},
		{"an empty period is rejected", func(in *Input) { in.Per = "" }},
		{"negative days per year are rejected", func(in *Input) { in.DaysPerYear = -1 }},
		{"a yearly total past int64 is rejected", func(in *Input) { in.Target, in.Per = math.MaxInt64/2, Month }},
		{"visitors past int64 are rejected", func(in *Input) { in.Target, in.Per, in.Conversion, in.AOV = math.MaxInt64, Year, 1e-300, 1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ok
			tt.change(&in)
			_, err := Make(in)
			if !errors.Is(err, ErrInvalidInput) {
				t.Fatalf("Make(%+v) error = %v, want ErrInvalidInput", in, err)
			}
		})
	}
	if _, err := Make(ok); err != nil {
		t.Fatalf("the unchanged input fails: %v", err)
	}
}
