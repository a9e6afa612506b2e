package extract

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// TestTextUpToIsCleanTextOfNodeText holds the bounded walk to the text the
// unbounded one gives, on every node of pages that mix inline and block
// elements, scripts, odd spaces, several scripts' letters and broken UTF-8.
func TestTextUpToIsCleanTextOfNodeText(t *testing.T) {
	pages := []struct{ name, html string }{
		{"a product line split over inline elements", `<div class="price"><span>$</span><span>12</span>.<sup>99</sup></div><p>SKU:  <b>AB-1</b></p>`},
		{"block elements that must not run together", `<ul><li>In stock</li><li>Ships today</li></ul><div><h2>Spec</h2><table><tr><th>EAN</th><td>4006381333931</td></tr></table></div>`},
		{"scripts, styles and templates left out", `<div>Preis <script>var p = 1;</script><style>.a{}</style><template>x</template>19,99 €</div>`},
		{"non-breaking and other Unicode spaces", "<p>\u00a0Prix\u00a0:\u2009299,99\u202f€\u0085fin </p><p>\t\n </p>"},
		{"Chinese, Japanese and Arabic text", `<div><span>库存</span>：<em>有货</em></div><p>在庫あり 残り3点</p><p dir="rtl">متوفر في المخزون</p>`},
		{"broken UTF-8 kept byte for byte", "<p>caf\xe9 \xff\xfe ok</p><div>a\xc3</div>"},
		{"a long description", `<section>` + strings.Repeat(`<p>durable   material <i>finish</i> everyday</p>`, 40) + `</section>`},
		{"empty and whitespace-only elements", `<div><span></span> <span> </span><br><img alt="x"></div>`},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader(p.html))
			if err != nil {
				t.Fatal(err)
			}
			var walk func(*html.Node)
			walk = func(n *html.Node) {
				want := cleanText(nodeText(n))
				wantRunes := utf8.RuneCountInString(want)
				for _, limit := range []int{0, 1, 5, 50, 60, 120, 160, 100000} {
					got, over := textUpTo(n, limit)
					switch {
					case wantRunes > limit && (!over || got != ""):
						t.Errorf("<%s> limit %d: got %q over=%v, want over (text has %d runes)", n.Data, limit, got, over, wantRunes)
					case wantRunes <= limit && (over || got != want):
						t.Errorf("<%s> limit %d: got %q over=%v, want %q", n.Data, limit, got, over, want)
					}
				}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c)
				}
			}
			walk(doc)
		})
	}
}

// TestTextUpToOnRandomMarkup compares the two on random mixes of inline
// and block tags, ASCII and Unicode spaces, letters of several scripts and
// broken bytes.
func TestTextUpToOnRandomMarkup(t *testing.T) {
	parts := []string{"<span>", "</span>", "<div>", "</div>", "<p>", "<b>", "</b>", "<br>", "<script>x y</script>", "<li>",
		" ", "  ", "\t", "\n", "\u00a0", "\u2009", "\u0085", "a", "bc", "12", "€", "中文", "é", "\xff", "\xc3", "-", "x y z"}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		var b strings.Builder
		for range rng.IntN(24) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		doc, err := html.Parse(strings.NewReader(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			want := cleanText(nodeText(n))
			for _, limit := range []int{0, 3, 8, 20} {
				got, over := textUpTo(n, limit)
				if wantOver := utf8.RuneCountInString(want) > limit; over != wantOver || !over && got != want {
					t.Fatalf("%q <%s> limit %d: got %q over=%v, want %q", b.String(), n.Data, limit, got, over, want)
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
	}
}
