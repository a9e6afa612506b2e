package extract

import (
	"bytes"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/pricing"
	"golang.org/x/net/html"
)

// fixtureFiles returns the contents of the fixtures with the given suffix.
func fixtureFiles(f *testing.F, suffix string) [][]byte {
	f.Helper()
	paths, err := filepath.Glob(filepath.Join(testdata, "*"+suffix))
	if err != nil {
		f.Fatal(err)
	}
	var out [][]byte
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

var scriptRE = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// checkOffers asserts what must hold for any input: every offer has a key
// and a known availability, and no price is zero or negative.
func checkOffers(t *testing.T, offers []pricing.Offer) {
	t.Helper()
	for _, o := range offers {
		if o.Key == "" {
			t.Errorf("offer without key: %+v", o)
		}
		if _, err := pricing.ParseAvailability(string(o.Availability)); err != nil || o.Availability == "" {
			t.Errorf("offer with availability %q", o.Availability)
		}
		for _, m := range []*pricing.Money{o.Price, o.ListPrice, o.MinPrice, o.MaxPrice} {
			if m != nil && m.Amount <= 0 {
				t.Errorf("offer with non-positive price %v: %+v", m, o)
			}
		}
	}
}

func FuzzJSONLD(f *testing.F) {
	for _, b := range fixtureFiles(f, ".html") {
		for _, m := range scriptRE.FindAllSubmatch(b, -1) {
			f.Add(string(m[1]))
		}
	}
	f.Add(`{"@type":"Product","offers":[{"@type":"AggregateOffer","offers":{"@id":"x"}},],}`)
	f.Add(`[{"@id":"a","@type":"ProductGroup","hasVariant":{"@id":"a"}}]`)
	f.Add(`{"@type":"Product","@id":"p","isVariantOf":{"@id":"p"},"offers":{"price":"-1"}}`)
	base, _ := url.Parse("https://shop.example/p")
	f.Fuzz(func(t *testing.T, text string) {
		roots, err := decodeJSONLD(text)
		if err != nil {
			return
		}
		var errs []error
		in := &interp{src: srcJSONLD, base: base, errs: &errs, page: base.String(), ids: map[string]node{}, parent: map[string]string{}}
		g := in.collect(roots)
		x := &pageCtx{page: base, url: base.String(), kind: Product}
		checkOffers(t, x.finish(in.offers(g), g.crumbs))
	})
}

func FuzzMicrodata(f *testing.F) {
	for _, b := range fixtureFiles(f, ".html") {
		if bytes.Contains(b, []byte("itemscope")) || bytes.Contains(b, []byte("typeof")) {
			f.Add(string(b))
		}
	}
	f.Add(`<div itemscope itemtype="Product"><div itemprop="offers" itemscope><span itemprop="price" content="1.00"></span><div itemprop="offers" itemscope>`)
	f.Add(`<div typeof="Product"><span property="schema:name offers" typeof="Offer"><span property="price">x`)
	base, _ := url.Parse("https://shop.example/p")
	f.Fuzz(func(t *testing.T, doc string) {
		root, err := html.Parse(strings.NewReader(doc))
		if err != nil {
			return
		}
		for _, v := range []vocab{microdataVocab, rdfaVocab} {
			var errs []error
			in := &interp{src: srcMicrodata, base: base, errs: &errs, page: base.String(), ids: map[string]node{}, parent: map[string]string{}}
			g := in.collect(inlineItems(root, v))
			x := &pageCtx{page: base, url: base.String(), kind: Product}
			checkOffers(t, x.finish(in.offers(g), g.crumbs))
		}
	})
}

func FuzzExtract(f *testing.F) {
	for _, b := range fixtureFiles(f, ".html") {
		f.Add(b, false)
	}
	f.Add([]byte(`<base href="javascript:alert(1)"><h1>A</h1><del>$5</del><span class="price">$4</span>`), false)
	f.Add([]byte(`<div class="card" data-sku="1"><a href="//x/%zz">x</a><span class="p">¥1,299</span></div>`), true)
	page, _ := url.Parse("https://shop.example/c/phones?page=1")
	rules := Rules{
		Currency: "USD",
		Listing:  Selectors{Item: ".card, .gl-item, article", Title: "h2, h3, .name", Price: ".price, .p", SKU: "@data-sku", URL: "a @href", Sales: ".sold", Reviews: ".reviews", Availability: ".stock"},
		Product:  Selectors{Sales: ".sold"},
		NextPage: "a.next @href", ProductLinks: "a @href",
	}
	f.Fuzz(func(t *testing.T, doc []byte, listing bool) {
		kind := Product
		if listing {
			kind = Listing
		}
		for _, mode := range []string{ModeAuto, ModeSelectors} {
			r := rules
			r.Mode = mode
			p, err := Extract(bytes.NewReader(doc), page, kind, r)
			if err != nil {
				t.Fatalf("Extract returned an error for readable input: %v", err)
			}
			checkOffers(t, p.Offers)
			for _, l := range append(p.ProductLinks, p.NextPages...) {
				if u, err := url.Parse(l); err != nil || !u.IsAbs() {
					t.Errorf("link %q is not absolute", l)
				}
			}
		}
	})
}

func FuzzPlatformJSON(f *testing.F) {
	for _, b := range fixtureFiles(f, ".json") {
		if !bytes.Contains(b, []byte(`"offers"`)) { // skip goldens
			f.Add(b)
		}
	}
	f.Add([]byte(`{"products":[{"variants":[{"id":1e400,"price":"9e9"}]}]}`))
	f.Add([]byte(`[{"prices":{"price":"99999999999999999999","currency_minor_unit":-3},"variations":[{"prices":{}}]}]`))
	shop, _ := url.Parse("https://shop.example/products.json")
	f.Fuzz(func(t *testing.T, doc []byte) {
		if p, err := Shopify(bytes.NewReader(doc), shop, Rules{Currency: "USD"}); err == nil {
			checkOffers(t, p.Offers)
		}
		if p, err := WooCommerce(bytes.NewReader(doc), shop, Rules{}); err == nil {
			checkOffers(t, p.Offers)
		}
	})
}
