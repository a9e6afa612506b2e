package extract

import (
	"errors"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// variant is one row a generated shop page shows: its distinguishing text
// (option values, or a whole title for layouts without options) and price.
type variant struct {
	name, price string
}

// layout renders a page showing vs in order, with the rules and page kind
// that read it.
type layout struct {
	name   string
	url    string
	kind   Kind
	rules  Rules
	render func(vs []variant) string
	// offersAsSellers: JSON-LD offers whose names repeat are sellers of
	// one product, not variants, and make one offer with a price range.
	offersAsSellers bool
}

func jsonLDGroup(title, currency string) func([]variant) string {
	return func(vs []variant) string {
		var parts []string
		for _, v := range vs {
			parts = append(parts, fmt.Sprintf(`{"@type":"Product","name":%q,"color":%q,"offers":{"@type":"Offer","price":%q,"priceCurrency":%q,"availability":"https://schema.org/InStock"}}`,
				title+" "+v.name, v.name, v.price, currency))
		}
		return `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"ProductGroup","name":` +
			fmt.Sprintf("%q", title) + `,"variesBy":["https://schema.org/color"],"hasVariant":[` + strings.Join(parts, ",") +
			`]}</script></head><body><h1>` + html.EscapeString(title) + `</h1></body></html>`
	}
}

func jsonLDNamedOffers(title, currency string) func([]variant) string {
	return func(vs []variant) string {
		var parts []string
		for _, v := range vs {
			parts = append(parts, fmt.Sprintf(`{"@type":"Offer","name":%q,"price":%q,"priceCurrency":%q}`, v.name, v.price, currency))
		}
		return `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":` +
			fmt.Sprintf("%q", title) + `,"offers":[` + strings.Join(parts, ",") + `]}</script></head><body><h1>` +
			html.EscapeString(title) + `</h1></body></html>`
	}
}

func optionRows(title, rowTag string) func([]variant) string {
	return func(vs []variant) string {
		var b strings.Builder
		b.WriteString(`<html><body><h1 class="t">` + html.EscapeString(title) + `</h1><div class="picker">`)
		for _, v := range vs {
			fmt.Fprintf(&b, `<%s class="row"><span class="opt">%s</span> <span class="p">%s</span></%s>`,
				rowTag, html.EscapeString(v.name), html.EscapeString(v.price), rowTag)
		}
		b.WriteString(`</div></body></html>`)
		return b.String()
	}
}

func listingCards(link string) func([]variant) string {
	return func(vs []variant) string {
		var b strings.Builder
		b.WriteString(`<html><body><ul>`)
		for _, v := range vs {
			fmt.Fprintf(&b, `<li class="card"><a class="name" href="%s">%s</a><span class="p">%s</span></li>`,
				link, html.EscapeString(v.name), html.EscapeString(v.price))
		}
		b.WriteString(`</ul></body></html>`)
		return b.String()
	}
}

// layouts are the ways shops put several variants of one product on one
// URL without a SKU each, in several languages and number formats.
var layouts = []layout{
	{
		name: "a JSON-LD ProductGroup whose variants have no SKU", url: "https://shop.example/p/widget", kind: Product,
		render: jsonLDGroup("Widget", "JPY"),
	},
	{
		name: "a Chinese JSON-LD Product whose offers are named variants", url: "https://item.shop.example.cn/item.htm?id=1001", kind: Product,
		render: jsonLDNamedOffers("小米 手环 9", "CNY"), offersAsSellers: true,
	},
	{
		name: "Japanese option rows read by product selectors", url: "https://kaden.example/item/kettle", kind: Product,
		rules:  Rules{Currency: "JPY", Product: Selectors{Item: ".row", Options: ".opt", Price: ".p"}},
		render: optionRows("電気ケトル KT-100", "div"),
	},
	{
		name: "French radio variants in selectors mode with comma decimals", url: "https://cuisine.example.fr/robot", kind: Product,
		rules: Rules{Mode: ModeSelectors, Currency: "EUR", DecimalSeparator: ",",
			Product: Selectors{Item: ".row", Title: "h1", Options: ".opt", Price: ".p"}},
		render: optionRows("Robot Cuiseur XL", "label"),
	},
	{
		name: "a German listing whose cards for every colour link to one product page", url: "https://werkzeug.example.de/c/akku", kind: Listing,
		rules: Rules{Currency: "EUR", DecimalSeparator: ",",
			Listing: Selectors{Item: ".card", Title: ".name", URL: ".name @href", Price: ".p"}},
		render: listingCards("/p/gsr-12v"),
	},
}

// variantSets are the variants each layout shows, in the shop's first
// order; the test also reads them reversed and rotated.
var variantSets = []struct {
	name   string
	vs     []variant
	offers int // offers the page yields
	amb    int // keys reported ambiguous
}{
	{name: "two colours", vs: []variant{{"Red", "100"}, {"Blue", "200"}}, offers: 2},
	{name: "three sizes, one numeric", vs: []variant{{"S", "10"}, {"2", "12"}, {"XL", "15"}}, offers: 3},
	{name: "CJK colours", vs: []variant{{"黑色", "1299"}, {"白色", "1399"}, {"蓝色", "1499"}}, offers: 3},
	{name: "full-width and case variants of one option are one variant", vs: []variant{{"ＲＥＤ", "100"}, {"red", "100"}, {"Blue", "200"}}, offers: 2},
	{name: "two rows that only repeat each other", vs: []variant{{"Red", "100"}, {"Red", "100"}, {"Blue", "200"}}, offers: 2},
	{name: "two rows naming one option at two prices", vs: []variant{{"Red", "100"}, {"Red", "90"}, {"Blue", "200"}}, offers: 2, amb: 1},
}

// keyPrices maps each offer's key to its price (or "none").
func keyPrices(t *testing.T, l layout, vs []variant) (map[string]string, []*AmbiguousError) {
	t.Helper()
	u, _ := url.Parse(l.url)
	pg, err := Extract(strings.NewReader(l.render(vs)), u, l.kind, l.rules)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, o := range pg.Offers {
		if _, dup := out[o.Key]; dup {
			t.Errorf("key %s given to two offers", o.Key)
		}
		p := "none"
		if o.Price != nil {
			p = o.Price.Amount.String()
		}
		out[o.Key] = p
	}
	var amb []*AmbiguousError
	for _, e := range pg.Errors {
		var a *AmbiguousError
		if errors.As(e, &a) {
			amb = append(amb, a)
		}
	}
	return out, amb
}

var numbered = regexp.MustCompile(`#\d+$`)

func TestKeysDoNotDependOnPageOrder(t *testing.T) {
	for _, l := range layouts {
		for _, set := range variantSets {
			t.Run(l.name+"/"+set.name, func(t *testing.T) {
				wantOffers, wantAmb := set.offers, set.amb
				if l.offersAsSellers && repeats(set.vs) {
					wantOffers, wantAmb = 1, 0
				}
				first, amb := keyPrices(t, l, set.vs)
				if len(first) != wantOffers {
					t.Fatalf("%d offers %v, want %d", len(first), first, wantOffers)
				}
				if len(amb) != wantAmb {
					t.Errorf("%d ambiguous keys %v, want %d", len(amb), amb, wantAmb)
				}
				for k := range first {
					if numbered.MatchString(k) && !strings.HasSuffix(k, "#2") { // "2" is an option of one set
						t.Errorf("key %s is numbered", k)
					}
				}
				reordered := [][]variant{slices.Clone(set.vs), append(slices.Clone(set.vs[1:]), set.vs[0])}
				slices.Reverse(reordered[0])
				for _, vs := range reordered {
					got, amb2 := keyPrices(t, l, vs)
					if fmt.Sprint(got) != fmt.Sprint(first) {
						t.Errorf("reordered %v: keys and prices\n%v\nwant as in the first order\n%v", vs, got, first)
					}
					if len(amb2) != len(amb) {
						t.Errorf("reordered %v: %d ambiguous keys, first order %d", vs, len(amb2), len(amb))
					}
				}
			})
		}
	}
}

func TestAmbiguousOffersKeepTheCheapestAndNameThePage(t *testing.T) {
	l := layouts[2]
	got, amb := keyPrices(t, l, []variant{{"Red", "100"}, {"Red", "90"}})
	if len(got) != 1 || len(amb) != 1 {
		t.Fatalf("offers %v, ambiguous %v; want one of each", got, amb)
	}
	for k, p := range got {
		if p != "90.00" {
			t.Errorf("kept %s at %s, want the cheaper 90", k, p)
		}
	}
	if a := amb[0]; a.URL != l.url || a.Offers != 2 || !strings.Contains(a.Error(), l.url) {
		t.Errorf("ambiguity %+v (%v), want the page URL and 2 offers", a, a)
	}
}

// repeats reports whether two variants share a name once case and width
// are folded.
func repeats(vs []variant) bool {
	seen := map[string]bool{}
	for _, v := range vs {
		k := foldKey(v.name)
		if seen[k] {
			return true
		}
		seen[k] = true
	}
	return false
}
