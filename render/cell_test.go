package render

import (
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/pricing"
)

func TestNeutralise(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"a plain title is left alone", "Phone X 128GB", "Phone X 128GB"},
		{"an empty cell stays empty", "", ""},
		{"a formula gets a leading apostrophe", `=HYPERLINK("http://evil","x")`, `'=HYPERLINK("http://evil","x")`},
		{"a leading plus gets one", "+1", "'+1"},
		{"a leading minus gets one", "-2+3", "'-2+3"},
		{"a leading at sign gets one", "@SUM(1)", "'@SUM(1)"},
		{"a leading tab gets one", "\t=1", "'\t=1"},
		{"a leading carriage return gets one", "\r=1", "'\r=1"},
		{"an equals sign inside the text is harmless", "a=b", "a=b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := neutralise(tt.in); got != tt.want {
				t.Errorf("neutralise(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTenths(t *testing.T) {
	for in, want := range map[int64]string{0: "0.0", 125: "12.5", -5: "-0.5", -1234: "-123.4"} {
		if got := tenths(in); got != want {
			t.Errorf("tenths(%d) = %q, want %q", in, got, want)
		}
	}
}

// FuzzNeutralise checks that no scraped text, whatever it holds, leaves
// neutralise starting with a character a spreadsheet reads as a formula.
func FuzzNeutralise(f *testing.F) {
	for _, s := range []string{"", "=1+1", "+1", "-2+3", "@SUM(1)", "\t", "\r", "'", "Phone"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := neutralise(s)
		if got != "" && strings.ContainsRune("=+-@\t\r", rune(got[0])) {
			t.Fatalf("neutralise(%q) = %q still starts with a formula trigger", s, got)
		}
		if got != s && got != "'"+s {
			t.Fatalf("neutralise(%q) = %q changed more than a leading apostrophe", s, got)
		}
	})
}

func TestMoney(t *testing.T) {
	tests := []struct {
		name     string
		amount   pricing.Amount
		currency string
		want     string
	}{
		{"yuan get the yen sign and no empty cents", pricing.MustAmount("7999"), "CNY", "¥7,999"},
		{"dollars keep their cents", pricing.MustAmount("12.50"), "USD", "$12.50"},
		{"an unknown currency is written as its code after the amount", pricing.MustAmount("1099.50"), "CHF", "1,099.50 CHF"},
		{"a negative amount puts the sign before the symbol", pricing.MustAmount("-1500"), "EUR", "-€1,500"},
		{"no currency gives the bare amount", pricing.MustAmount("1"), "", "1"},
		{"dinars keep their three decimals", pricing.MustAmount("423.923"), "KWD", "423.923 KWD"},
		{"Chilean pesos are whole", pricing.MustAmount("24990"), "CLP", "24,990 CLP"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := money(tt.amount, tt.currency); got != tt.want {
				t.Errorf("money(%s, %q) = %q, want %q", tt.amount, tt.currency, got, tt.want)
			}
		})
	}
}

func TestClean(t *testing.T) {
	if got, want := clean("a\nb\tc\x1b[31md\u2028e"), "a b c [31md e"; got != want {
		t.Errorf("clean = %q, want %q", got, want)
	}
}
