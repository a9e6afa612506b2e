package extract

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"
)

func TestAttrTokensReadEachNamedAttributeOnce(t *testing.T) {
	tests := []struct {
		name, html string
		want       []string
	}{
		{"class and id in any order", `<div id="priceBox" class="product-price current_Value">`, []string{"product", "price", "current", "value", "price", "box"}},
		{"test ids after class and id", `<span data-testid="buyBox" data-qa="qa-price" class="p" data-widget="W1" data-test="t">`, []string{"p", "t", "buy", "box", "qa", "price", "w1"}},
		{"a paragraph with one class", `<p class="first"></p>`, []string{"first"}},
		{"upper-case and repeated keys set by hand: the first of each, as attr reads it", "", []string{"sold", "out"}},
		{"no named attribute", `<div title="Price" data-x="y">`, nil},
		{"named but empty", `<div class="" id="">`, nil},
		{"non-Latin names", `<div class="цена 价格-now">`, []string{"цена", "价格", "now"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n *html.Node
			if tt.html == "" {
				n = &html.Node{Type: html.ElementNode, Data: "div", Attr: []html.Attribute{{Key: "CLASS", Val: "sold"}, {Key: "class", Val: "x"}, {Key: "Id", Val: "out"}}}
			} else {
				doc, err := html.Parse(strings.NewReader(tt.html))
				if err != nil {
					t.Fatal(err)
				}
				n = firstElement(doc)
			}
			if got := attrTokens(n); !slices.Equal(got, tt.want) {
				t.Errorf("attrTokens = %q, want %q", got, tt.want)
			}
		})
	}
}

// firstElement is the first element inside <body>.
func firstElement(n *html.Node) *html.Node {
	if n.Type == html.ElementNode && n.Parent != nil && n.Parent.Data == "body" {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if e := firstElement(c); e != nil {
			return e
		}
	}
	return nil
}

// attrTokensJoined is attrTokens as it was: the values joined by spaces,
// each word built rune by rune.
func attrTokensJoined(n *html.Node) []string {
	vals, ok := attrValues(n)
	if !ok {
		return nil
	}
	var out []string
	var b strings.Builder
	var prev rune
	flush := func() {
		if b.Len() > 0 {
			out = append(out, strings.ToLower(b.String()))
			b.Reset()
		}
	}
	for _, r := range strings.Join(vals[:], " ") {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			flush()
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
		prev = r
	}
	flush()
	return out
}

// TestAttrTokensOnRandomNames holds attrTokens to building each word rune
// by rune over the joined values, on random class, id and test names with
// camelCase, digits, separators, non-Latin letters, U+FFFD and broken bytes.
func TestAttrTokensOnRandomNames(t *testing.T) {
	parts := []string{"price", "Price", "PRICE", "boxA", "aB", "Ab", "-", "_", " ", "1", "x9", "цена", "Цена", "价格", "ǅ", "ß",
		"\ufffd", "\xff", "\xc3", "é", "É", ".", "--", "İ"}
	keys := append([]string{"title", "CLASS", "Id"}, tokenAttrs[:]...)
	rng := rand.New(rand.NewPCG(51, 52))
	for range 20000 {
		n := &html.Node{Type: html.ElementNode, Data: "div"}
		for range rng.IntN(4) {
			var b strings.Builder
			for range rng.IntN(5) {
				b.WriteString(parts[rng.IntN(len(parts))])
			}
			n.Attr = append(n.Attr, html.Attribute{Key: keys[rng.IntN(len(keys))], Val: b.String()})
		}
		if got, want := attrTokens(n), attrTokensJoined(n); !slices.Equal(got, want) {
			t.Fatalf("attrTokens(%q) = %q, want %q", n.Attr, got, want)
		}
	}
}
