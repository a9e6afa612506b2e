package extract

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// classifyLabelEveryEntry is classifyLabel trying every label entry, as it
// did before the entries were indexed by their first and last bytes.
func classifyLabelEveryEntry(label string) idKind {
	l := normLabel(label)
	if l == "" || utf8.RuneCountInString(l) > 32 {
		return idNone
	}
	if k, ok := labelKinds[l]; ok {
		return k
	}
	best, bestLen := idNone, 0
	for _, e := range labelEntries {
		n := len(e.label)
		if n <= bestLen || n > len(l) {
			continue
		}
		switch {
		case strings.HasSuffix(l, e.label) && (e.cjk || len(l) > n && (l[len(l)-n-1] == ' ' || l[len(l)-n-1] == '-')):
		case strings.HasPrefix(l, e.label) && labelQualifier(labelRest(l, n), ""):
		default:
			continue
		}
		best, bestLen = e.kind, n
	}
	return refineLabel(l, best)
}

// TestClassifyLabelIndexMatchesEveryEntry holds the indexed label search to
// the full one on real labels ("eBay item number", "쿠팡상품번호", "Kod
// x-kom") and on random joins of known labels with other words, in upper
// case too.
func TestClassifyLabelIndexMatchesEveryEntry(t *testing.T) {
	for _, s := range []string{"eBay item number", "쿠팡상품번호", "Kod x-kom", "item model number", "código de barras", "Art.-Nr.:",
		"Item Number (DPCI)", "ＳＫＵ", "crafted", "shipping", "Bench Shop", "", " : ", "x"} {
		if got, want := classifyLabel(s), classifyLabelEveryEntry(s); got != want {
			t.Errorf("classifyLabel(%q) = %v, every entry gives %v", s, got, want)
		}
	}
	var pieces []string
	for _, e := range labelEntries {
		pieces = append(pieces, e.label, strings.ToUpper(e.label))
	}
	pieces = append(pieces, " ", "ebay", "x-kom", "our", "the", "product", ":", "#", "(", "中", "号", "\u00a0", "é")
	rng := rand.New(rand.NewPCG(41, 42))
	for range 30000 {
		var b strings.Builder
		for range 1 + rng.IntN(4) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
			if rng.IntN(2) == 0 {
				b.WriteByte(' ')
			}
		}
		s := b.String()
		if got, want := classifyLabel(s), classifyLabelEveryEntry(s); got != want {
			t.Fatalf("classifyLabel(%q) = %v, every entry gives %v", s, got, want)
		}
	}
}

// TestCurrencyMarksNeedDollarOrNonASCII holds the invariant hasCurrencyMark
// relies on, and hasCurrencyMark to containsAny on random texts.
func TestCurrencyMarksNeedDollarOrNonASCII(t *testing.T) {
	for _, m := range currencyMarks {
		if !strings.ContainsFunc(m, func(r rune) bool { return r == '$' || r >= utf8.RuneSelf }) {
			t.Errorf("currency mark %q has neither a '$' nor a non-ASCII character: hasCurrencyMark would miss it", m)
		}
	}
	parts := append([]string{"12", ",", ".", " ", "x", "zl", "kc", "r", "hk", "nt", "a", "é", "\xff"}, currencyMarks...)
	rng := rand.New(rand.NewPCG(43, 44))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(5) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		s := b.String()
		if got, want := hasCurrencyMark(s), containsAny(s, currencyMarks); got != want {
			t.Fatalf("hasCurrencyMark(%q) = %v, containsAny says %v", s, got, want)
		}
	}
}
