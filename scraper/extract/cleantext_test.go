package extract

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestCleanTextShortcutIsFieldsJoined holds cleanText, which returns a
// clean text as it is, to joining its fields, on texts with every kind of
// space (ASCII, no-break, NEL, thin, ideographic), at either end and
// doubled, and with broken UTF-8.
func TestCleanTextShortcutIsFieldsJoined(t *testing.T) {
	parts := []string{" ", "  ", "\t", "\n", "\r", "\v", "\f", "\u00a0", "\u0085", "\u2009", "\u3000", "a", "SKU:", "12,99",
		"€", "中文", "é", "\xff", "\xc2", "\x85", "\xe2\x80", "\xa8", "x y"}
	rng := rand.New(rand.NewPCG(31, 32))
	for range 50000 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		s := b.String()
		if got, want := cleanText(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("cleanText(%q) = %q, want %q", s, got, want)
		}
	}
}
