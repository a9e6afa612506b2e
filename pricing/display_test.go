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
		{"cents keep a leading zero", Money{MustAmount("0.05"), "CNY"}, "¥0.05"},
		{"three digits get no comma", Money{MustAmount("999"), "CNY"}, "¥999"},
		{"four digits get one comma", Money{MustAmount("7999"), "CNY"}, "¥7,999"},
		{"whole yuan show no decimals", Money{MustAmount("1299.00"), "CNY"}, "¥1,299"},
		{"yuan with fen show two decimals", Money{MustAmount("1299.5"), "CNY"}, "¥1,299.50"},
		{"yen have no decimals", Money{MustAmount("1299"), "JPY"}, "¥1,299"},
		{"a yen median of half a yen rounds to whole yen", Money{MustAmount("1299.5"), "JPY"}, "¥1,300"},
		{"Chilean pesos have no decimals", Money{MustAmount("24990"), "CLP"}, "24,990 CLP"},
		{"Kuwaiti dinars show three decimals", Money{MustAmount("423.923"), "KWD"}, "423.923 KWD"},
		{"a dinar amount with one decimal still shows three", Money{MustAmount("423.9"), "KWD"}, "423.900 KWD"},
		{"Chilean unidades de fomento show four decimals", Money{MustAmount("37.1234"), "CLF"}, "37.1234 CLF"},
		{"a sub-cent dollar amount rounds to the cent", Money{MustAmount("0.125"), "USD"}, "$0.13"},
		{"an unknown code shows two decimals", Money{MustAmount("12.5"), "XYZ"}, "12.50 XYZ"},
		{"seven digits get two commas and a code after", Money{MustAmount("1234567.89"), "CHF"}, "1,234,567.89 CHF"},
		{"a negative amount keeps its sign before the symbol", Money{MustAmount("-1234.56"), "USD"}, "-$1,234.56"},
		{"the smallest int64 does not overflow", Money{math.MinInt64, ""}, "-922,337,203,685,477.5808"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.Display(); got != tt.want {
				t.Errorf("%#v.Display() = %q, want %q", tt.m, got, tt.want)
			}
		})
	}
}
