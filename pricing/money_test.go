package pricing

import (
	"errors"
	"fmt"
	"math"
	"testing"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Amount
	}{
		{"whole yen are whole major units", "1299", 12990000},
		{"cents are hundredths", "12.99", 129900},
		{"dinars keep their three decimals", "423.923", 4239230},
		{"four decimals are kept exactly", "37.1234", 371234},
		{"a fifth decimal rounds half away from zero", "0.00005", 1},
		{"a negative fifth decimal rounds away from zero too", "-0.00005", -1},
		{"a leading dot is a fraction", ".5", 5000},
		{"a trailing dot is a whole number", "7.", 70000},
		{"leading zeros do not count as digits", "000000000000000012", 120000},
		{"fourteen integer digits fit", "99999999999999.9999", 999999999999999999},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseAmount(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("ParseAmount(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
			}
		})
	}
	for _, bad := range []string{"", "-", ".", "1,299", "12.3.4", "1e5", "100000000000000"} {
		t.Run(fmt.Sprintf("%q is refused", bad), func(t *testing.T) {
			if _, err := ParseAmount(bad); !errors.Is(err, ErrInvalidAmount) {
				t.Errorf("ParseAmount(%q) error = %v, want ErrInvalidAmount", bad, err)
			}
		})
	}
}

func TestAmountStringRoundTrips(t *testing.T) {
	tests := []struct {
		name string
		in   Amount
		want string
	}{
		{"whole amounts keep two decimals as they always had", MustAmount("1299"), "1299.00"},
		{"cents are two decimals", MustAmount("12.5"), "12.50"},
		{"a third decimal is written only when there is one", MustAmount("423.923"), "423.923"},
		{"a dinar amount ending in zero fils reads as two decimals", MustAmount("423.920"), "423.92"},
		{"four decimals are written", MustAmount("0.0001"), "0.0001"},
		{"negative amounts keep their sign", MustAmount("-0.05"), "-0.05"},
		{"the smallest int64 does not overflow", math.MinInt64, "-922337203685477.5808"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			if tt.in == math.MinInt64 {
				return // 15 integer digits: beyond what ParseAmount reads
			}
			var back Amount
			if err := back.UnmarshalText([]byte(tt.in.String())); err != nil || back != tt.in {
				t.Errorf("UnmarshalText(%q) = %d, %v; want %d", tt.in.String(), back, err, tt.in)
			}
		})
	}
}

func TestAmountRound(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		digits int
		want   string
	}{
		{"half a yen rounds up", "1299.5", 0, "1300"},
		{"just under half a yen rounds down", "1299.4999", 0, "1299"},
		{"a negative half rounds away from zero", "-0.5", 0, "-1"},
		{"cents round at the third decimal", "0.125", 2, "0.13"},
		{"fils keep three decimals", "423.9235", 3, "423.924"},
		{"four digits leave the amount alone", "0.0001", 4, "0.0001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MustAmount(tt.in).Round(tt.digits); got != MustAmount(tt.want) {
				t.Errorf("%s.Round(%d) = %s, want %s", tt.in, tt.digits, got, tt.want)
			}
		})
	}
}

func TestMinorAmount(t *testing.T) {
	tests := []struct {
		name   string
		units  int64
		digits int
		want   string
	}{
		{"cents of a two-decimal currency", 1999, 2, "19.99"},
		{"whole yen", 1299, 0, "1299"},
		{"fils of a three-decimal currency", 423923, 3, "423.923"},
		{"ten-thousandths of a four-decimal currency", 371234, 4, "37.1234"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := MinorAmount(tt.units, tt.digits)
			if err != nil || got != MustAmount(tt.want) {
				t.Errorf("MinorAmount(%d, %d) = %s, %v; want %s", tt.units, tt.digits, got, err, tt.want)
			}
		})
	}
	for _, bad := range []struct {
		units  int64
		digits int
	}{{1, 5}, {1, -1}, {math.MaxInt64, 2}, {math.MinInt64, 0}} {
		if _, err := MinorAmount(bad.units, bad.digits); !errors.Is(err, ErrInvalidAmount) {
			t.Errorf("MinorAmount(%d, %d) error = %v, want ErrInvalidAmount", bad.units, bad.digits, err)
		}
	}
}

func TestMinorUnits(t *testing.T) {
	tests := []struct {
		code   string
		digits int
		ok     bool
	}{
		{"USD", 2, true}, {"CNY", 2, true}, {"JPY", 0, true}, {"CLP", 0, true},
		{"KWD", 3, true}, {"BHD", 3, true}, {"CLF", 4, true}, {"XYZ", 2, false}, {"", 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			if d, ok := MinorUnits(tt.code); d != tt.digits || ok != tt.ok {
				t.Errorf("MinorUnits(%q) = %d, %v; want %d, %v", tt.code, d, ok, tt.digits, tt.ok)
			}
		})
	}
}

func TestPercentChangeOfLargeAmounts(t *testing.T) {
	// 10^13 dong is 10^17 Amount units: ×1000 would overflow int64.
	if got := PercentChange(MustAmount("10000000000000"), MustAmount("11000000000000")); got != 100 {
		t.Errorf("PercentChange = %d, want 100 (10.0 %%)", got)
	}
}

func ExampleMoney_Display() {
	for _, m := range []Money{
		{MustAmount("1299"), "JPY"},
		{MustAmount("1299.50"), "CNY"},
		{MustAmount("423.923"), "KWD"},
		{MustAmount("24990"), "CLP"},
	} {
		fmt.Println(m.Display(), "|", m)
	}
	// Output:
	// ¥1,299 | 1299.00 JPY
	// ¥1,299.50 | 1299.50 CNY
	// 423.923 KWD | 423.923 KWD
	// 24,990 CLP | 24990.00 CLP
}

// FuzzParseAmount holds ParseAmount to its contract on any text: no panic,
// and an amount it reads writes back as text that reads as the same
// amount.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1299", "423.923", "-0.00005", ".5", "99999999999999.9999", "1e5", "", "+7."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAmount(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidAmount) {
				t.Fatalf("ParseAmount(%q) error %v does not wrap ErrInvalidAmount", s, err)
			}
			return
		}
		back, err := ParseAmount(a.String())
		if err != nil || back != a {
			t.Fatalf("ParseAmount(%q) = %d, but its String %q reads as %d, %v", s, a, a.String(), back, err)
		}
	})
}
