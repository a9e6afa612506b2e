package extract

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestLabelShortcutsMatchTheRegexps holds labelMatcher and trailingLabel to
// the regexps they stand in front of, on labelled values in the shops'
// languages and on random mixes of labels (in upper and title case too),
// leading brackets, spaces, separators and codes.
func TestLabelShortcutsMatchTheRegexps(t *testing.T) {
	same := func(a, b []int) bool {
		if len(a) != len(b) {
			return false
		}
		for i := range a {
			if a[i] != b[i] {
				return false
			}
		}
		return true
	}
	check := func(s string) {
		t.Helper()
		for name, m := range map[string]labelMatcher{"identifier": identifierLabelRE, "brand": brandLabelRE} {
			if got, want := m.findSubmatchIndex(s), m.re.FindStringSubmatchIndex(s); !same(got, want) {
				t.Errorf("%s label in %q: shortcut gives %v, the regexp %v", name, s, got, want)
			}
			if got, want := m.findIndex(s), m.re.FindStringIndex(s); !same(got, want) {
				t.Errorf("%s label index in %q: shortcut gives %v, the regexp %v", name, s, got, want)
			}
		}
		if got, want := trailingLabel(s), trailingLabelRE.FindStringSubmatch(s); strings.Join(got, "\x00") != strings.Join(want, "\x00") || (got == nil) != (want == nil) {
			t.Errorf("trailing label in %q: shortcut gives %q, the regexp %q", s, got, want)
		}
	}
	for _, s := range []string{"", "SKU: B100001", " (SKU) 123", "【商品编号】B1", "「型番」ABC-1", "<EAN> 400638", "Art.-Nr. 2839123",
		"ＳＫＵ：１２", "Réf. 15997812", "RÉF 1", "ΣKU", "\u212aod 12", "KOD produktu 9", "Marke: Bosch", "品牌：vivo", "BRAND NAME: Sony",
		"B100001 (SKU)", "4006381333931 [EAN]", "X （型号）", "X 【品番】 \t", "B1 (SKU", "\xff SKU", "SKU\xff", "(((", " \t\n"} {
		check(s)
	}
	var pieces []string
	for _, l := range append(append([]string{}, identifierLabels...), brandLabels...) {
		r, size := utf8.DecodeRuneInString(l)
		pieces = append(pieces, l, strings.ToUpper(l), string(unicode.ToUpper(r))+l[size:])
	}
	pieces = append(pieces, " ", "\t", "(", "[", "【", "（", "「", "『", "<", ")", "]", "）", "】", ":", "：", "#", "-", ".", "No.", "nº",
		"B100001", "12", "AB-1", "\u00a0", "\u3000", "\xff", "x", "é", "K", "\u212a", "ſ")
	rng := rand.New(rand.NewPCG(21, 22))
	for range 30000 {
		var b strings.Builder
		for range rng.IntN(6) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		check(b.String())
	}
}
