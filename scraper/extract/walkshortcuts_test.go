package extract

import (
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// randomMarkup is a mix of inline and block elements, scripts, data
// attributes, spaces of several kinds, letters of several scripts and
// broken UTF-8 bytes (split so that two text nodes' bytes could join).
func randomMarkup(rng *rand.Rand) string {
	parts := []string{"<span>", "</span>", "<div>", "</div>", "<p>", "<b>", "</b>", "<br>", "<script>x y</script>",
		"<style>.a{}</style>", "<li>", "<td>", "<th>", "<noscript>n</noscript>", "<template>t</template>",
		`<i data-sku=" AB-123 ">`, `<i DATA-SKU="x" data-pid="P12345">`, `<em data-sku="" data-product-id="9981">`,
		`<u data-variant-sku="V-1" data-item-id="I-2">`, `<a data-productid="lower">`, `<b data-sku="one" data-sku="TWO-2">`,
		`<s data-article-number="ART77" class="c">`, `<q data-x="1" data-goods-id="  ">`, `<kbd data-="x" data-pid="PID9">`,
		" ", "  ", "\t", "\n", "\u00a0", "\u2009", "\u0085", "\xc2", "\x85", "\xe2\x80", "\xa8", "a", "SKU", "12", "€", "中文",
		"é", "\xff", "-", "x y z"}
	var b strings.Builder
	for range rng.IntN(24) {
		b.WriteString(parts[rng.IntN(len(parts))])
	}
	return b.String()
}

// eachNode calls f for every node of a parsed random page.
func eachNode(t *testing.T, page string, f func(n *html.Node)) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		f(n)
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

// TestWalkShortcutsMatchTheTextTheyStandFor holds the identifier walk's
// shortcuts to the code they replaced, node by node on random markup:
// textChildren to counting children whose nodeText is not blank, and
// dataCode to fifteen attr look-ups in order.
func TestWalkShortcutsMatchTheTextTheyStandFor(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 4000 {
		page := randomMarkup(rng)
		eachNode(t, page, func(n *html.Node) {
			want := 0
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && strings.TrimSpace(nodeText(c)) != "" {
					want++
				}
			}
			if got := textChildren(n); got != want {
				t.Fatalf("%q <%s>: textChildren = %d, counting nodeText gives %d", page, n.Data, got, want)
			}
			if n.Type == html.ElementNode {
				want := ""
				for _, k := range dataCodeAttrs {
					if v := strings.TrimSpace(attr(n, k)); isCode(v) {
						want = v
						break
					}
				}
				if got := dataCode(n); got != want {
					t.Fatalf("%q <%s>: dataCode = %q, attr by attr gives %q", page, n.Data, got, want)
				}
			}
		})
	}
}
