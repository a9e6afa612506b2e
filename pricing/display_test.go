package pricing

import (
	"math"
	"testing"
)

func TestMoneyDisplayGroupsThousands(t *testing.T) {
	tests := []struct {
		name string
		m    Money
		want string
	}{
		{"zero without a currency is a bare zero", Money{0, ""}, "0"},
		{"cents keep a leading zero", Money{5, "CNY"}, "¥0.05"},
		{"three digits get no comma", Money{99900, "CNY"}, "¥999"},
		{"four digits get one comma", Money{799900, "CNY"}, "¥7,999"},
		{"seven digits get two commas and a code after", Money{123456789, "CHF"}, "1,234,567.89 CHF"},
		{"a negative amount keeps its sign before the symbol", Money{-123456, "USD"}, "-$1,234.56"},
		{"the smallest int64 does not overflow", Money{math.MinInt64, ""}, "-92,233,720,368,547,758.08"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.Display(); got != tt.want {
				t.Errorf("%#v.Display() = %q, want %q", tt.m, got, tt.want)
			}
		})
	}
}
