package extract

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestAmountShortcutsMatchTheRegexps holds unitAmount and monthAmount to
// the regexps they stand in front of, on the texts they were written for
// (unit prices, instalments and plain prices in many shops' languages) and
// on random mixes of the regexps' own pieces, where a wrong shortcut would
// show as a match the shortcut skipped.
func TestAmountShortcutsMatchTheRegexps(t *testing.T) {
	texts := []string{
		"", "$84.19", "€ 12,99", "12,99 €/kg", "$1.20/oz", "(¥2,980 / 100g)", "2,49 € pro 100 ml", "je stück 3,50 €",
		"por kg", "10개당 1,200원", "1個当たり 98円", "单价 ¥12", "單價 NT$99", "単価 120円", "¥980/個", "$29/mo",
		"$29 / month", "R$ 99,90 x 12", "12x R$ 8,33", "3x12期", "12 × de R$ 10,00", "$15 per month", "monatlich 9,99 €",
		"24 rat", "cuotas sin interés", "₹1,299 emi", "월 9,900원", "每月 ¥99", "分期 ¥100", "8x", "x 12", "×3",
		"USD 12.00", "Rp1.299.000", "12 zł", "Ft 1 299", "kr 99", "٩٩ ريال", "₪ 49.90", "١٢/شهر", "$9.99\t/\nea",
		"per\u00a0kg", "PER KG", "/MO", "Kelvin \u212a", "\xff/kg", "12\u2009x\u20093",
	}
	check := func(s string) {
		t.Helper()
		for _, l := range []string{s, strings.ToLower(s)} {
			if got, want := unitAmount(l), unitRE.MatchString(l); got != want {
				t.Errorf("unitAmount(%q) = %v, unitRE says %v", l, got, want)
			}
			if got, want := monthAmount(l), monthRE.MatchString(l); got != want {
				t.Errorf("monthAmount(%q) = %v, monthRE says %v", l, got, want)
			}
		}
	}
	for _, s := range texts {
		check(s)
	}
	parts := []string{"/", " ", "\t", "\n", "\f", "\r", "\u00a0", "per", "pro", "je", "por", "par", "¢", "kg", "g", "ml", "oz",
		"fl.", "100", "1", "12", "x", "X", "×", "de", "$", "€", "r$", "rp", "期", "月", "당", "개", "当たり", "单价", "單價",
		"単価", "個", "mo", "month", "rat", "emi", "월", "cuotas", "а", "ş", "\xff", ".", ",", "-", "%", "ea", "unit", "m²"}
	rng := rand.New(rand.NewPCG(10, 12))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		check(b.String())
	}
}
