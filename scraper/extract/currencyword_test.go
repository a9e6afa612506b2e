package extract

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// currencyWordRE is the regexp hasCurrencyWord replaced; the test holds the
// scan to it.
var currencyWordRE = regexp.MustCompile(`(?i)(?:^|[^\pL])(?:` + strings.Join(currencyWords, "|") + `)(?:[^\pL]|$)`)

func TestHasCurrencyWordIsTheWordRegexp(t *testing.T) {
	texts := []string{
		"12 zł", "rp1.299.000", "Rp 1.299.000", "obermaterial 100%", "rm 45.90", "rm45", "45rm", "harm 45",
		"rs. 499", "rs.499", "mrs. 5", "1.299 ft", "soft 2", "12 kr", "krone 12", "₫ 100 đ", "100đ", "đồng 100",
		"usd", "USD12", "12usd/kg", "usda 12", "eur 9,99", "euro 9", "tl 12", "title 12", "lei 5", "lekë 5",
		"try 2 for 12", "entry 12", "cny¥12", "ſar 12", "K 12", "\u212arw 12", "usd\u0301 12", "12 \xffusd\xfe", "",
		"中文 rmb 12", "ابن rub", "1 2 3", "rsrs 1", "r s 1",
	}
	for _, s := range texts {
		if got, want := hasCurrencyWord(s), currencyWordRE.MatchString(s); got != want {
			t.Errorf("hasCurrencyWord(%q) = %v, the regexp says %v", s, got, want)
		}
	}
	// Random texts over an alphabet of the words' letters, separators,
	// digits, marks and letters of other scripts.
	alphabet := []string{"r", "s", "m", "u", "d", "e", "k", "l", "t", "f", "p", "i", "b", "đ", "R", "S", "ſ", "\u212a",
		" ", ".", "1", "$", "\u0301", "é", "ä", "中", "\xff", "-", "/"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		s := b.String()
		if got, want := hasCurrencyWord(s), currencyWordRE.MatchString(s); got != want {
			t.Fatalf("hasCurrencyWord(%q) = %v, the regexp says %v", s, got, want)
		}
	}
}

// TestLabelShortcutsAreTheRegexps holds labelParts and labelledMatch to
// the regexps they skip on lines without the marks those need.
func TestLabelShortcutsAreTheRegexps(t *testing.T) {
	alphabet := []string{"SKU", "EAN", "Art.-Nr.", " ", "  ", "\u00a0", ":", "：", "|", "｜", "·", "•", "/", "12", "ab", "型号", "-", "\t"}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(10) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		s := b.String()
		if got, want := labelParts(s), labelSep.Split(s, -1); !slices.Equal(got, want) {
			t.Fatalf("labelParts(%q) = %q, the regexp gives %q", s, got, want)
		}
		if got, want := labelledMatch(s), labelledRE.FindStringSubmatch(s); !slices.Equal(got, want) {
			t.Fatalf("labelledMatch(%q) = %q, the regexp gives %q", s, got, want)
		}
	}
}
