package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/scraper/price"
)

// variantSep stands between a product title and its variant's options in
// every source's variant titles.
const variantSep = pricing.VariantSep

// VariantTitle returns a variant's title, "<title> — <opt1> / <opt2>": the
// product title followed by the options that tell the variant apart. Each
// options argument may hold several options separated by " / "; empty
// ones, repeats, and options the title already names ("Pro 256GB" with the
// option "256GB") are left out, so a title never says an option twice.
// Without options left it returns title; without a title, the options.
func VariantTitle(title string, options ...string) string {
	title = strings.TrimSpace(title)
	var keep []string
	seen := map[string]bool{}
	for _, group := range options {
		for _, opt := range strings.Split(group, " / ") {
			opt = cleanText(opt)
			key := foldKey(opt)
			if key == "" || seen[key] || mentions(title, opt) {
				continue
			}
			seen[key] = true
			keep = append(keep, opt)
		}
	}
	switch {
	case len(keep) == 0:
		return title
	case title == "":
		return strings.Join(keep, " / ")
	}
	return title + variantSep + strings.Join(keep, " / ")
}

// foldKey is s lower-cased with full-width forms folded, runs of space made
// one, and the spaces in "12 GB" and "8GB + 128GB" dropped, so "12 GB",
// "１２GB" and "12gb" compare equal.
func foldKey(s string) string {
	s = strings.Join(strings.Fields(strings.ToLower(foldWidth(s))), " ")
	s = strings.NewReplacer(" + ", "+", " +", "+", "+ ", "+").Replace(s)
	for range 2 { // "1 2 gb": overlapping matches need a second pass
		s = unitSpaceRE.ReplaceAllString(s, "$1$2")
	}
	return s
}

var unitSpaceRE = regexp.MustCompile(`(\d) (\p{L})`)

// containsFold reports whether s contains sub, ignoring case, width and
// white space.
func containsFold(s, sub string) bool {
	return strings.Contains(foldKey(s), foldKey(sub))
}

// mentions reports whether title already names opt as a whole word (case,
// width and spaces aside): "Black" is in "Phone Black 256GB" but not in
// "BlackBerry Key2". A CJK option needs no word boundary, as CJK titles
// have no spaces.
func mentions(title, opt string) bool {
	t, o := foldKey(title), foldKey(opt)
	if o == "" {
		return false
	}
	for i := 0; ; {
		j := strings.Index(t[i:], o)
		if j < 0 {
			return false
		}
		j += i
		before, _ := utf8.DecodeLastRuneInString(t[:j])
		after, _ := utf8.DecodeRuneInString(t[j+len(o):])
		first, _ := utf8.DecodeRuneInString(o)
		last, _ := utf8.DecodeLastRuneInString(o)
		okBefore := j == 0 || !isASCIIAlnum(first) || !isASCIIAlnum(before)
		okAfter := j+len(o) == len(t) || !isASCIIAlnum(last) || !isASCIIAlnum(after)
		if okBefore && okAfter {
			return true
		}
		i = j + 1
	}
}

// struckPrice finds a variant row's struck-through compare-at price: the
// first element inside the row that the visible-page reading would call an
// old price (<del>, <s>, a "compare-at"/"was" class, a line-through style,
// a "原价"/"was" label) and whose price is above the row's selling price.
func struckPrice(row *goquery.Selection, h price.Hints, selling *pricing.Money) *pricing.Money {
	var found *pricing.Money
	row.Find("*").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		n := s.Get(0)
		text := cleanText(nodeText(n))
		if text == "" || utf8.RuneCountInString(text) > 40 || !strings.ContainsFunc(text, unicode.IsDigit) {
			return true
		}
		if struck, _ := classify(n, text); !struck {
			return true
		}
		p, ok, err := parseMoney(text, h)
		if err != nil || !ok || p.Amount <= selling.Amount || p.Currency != "" && p.Currency != selling.Currency {
			return true
		}
		found = money(p.Amount, selling.Currency)
		return false
	})
	return found
}
