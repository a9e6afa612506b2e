package extract

import (
	"bytes"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/pricing/match"
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
	// Variant rows with options and filters, for product pages.
	rowRules := rules
	rowRules.Product = Selectors{
		Item: "tr, li.option, .variant", Options: "td.opt, .opt", Price: ".price, .sale", Title: "h1",
		SKU: "@data-sku", GTIN: ".ean", Brand: ".brand",
		Filters: Filters{SKU: Filter{Regex: `(\w+)`}, Price: Filter{Regex: `(\d+)元`, Replace: "¥$1"}},
	}
	f.Fuzz(func(t *testing.T, doc []byte, listing bool) {
		kind := Product
		if listing {
			kind = Listing
		}
		for _, mode := range []string{ModeAuto, ModeSelectors} {
			for _, r := range []Rules{rules, rowRules} {
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
				for _, o := range p.Offers {
					if o.GTIN != "" {
						if _, err := match.NormalizeGTIN(o.GTIN); err != nil {
							t.Errorf("offer kept an invalid GTIN %q: %v", o.GTIN, err)
						}
					}
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

// FuzzCleanIdentifiers checks, for any text, that label stripping never
// grows a value or invents characters, and that a GTIN it accepts is a
// valid GS1 number of a GTIN length.
func FuzzCleanIdentifiers(f *testing.F) {
	for _, s := range []string{
		"商品编号：B100001", "条形码：6926469429203", "品牌：vivo 型号：X100", "Art.-Nr. 123456", "Réf. : X12",
		"型番：ABC-123", "상품번호: 12345", "EAN 4006381333931", "UPC: 0 12345 67890 5", "Item # 123",
		"MPN：XYZ", "货号 A100", "B100001 (SKU)", "by Sony", "Visit the Sony Store", "ＳＫＵ：ＡＢ１２",
		"SKU:", "【货号】", "::::", "# # #", "\u3000：\u3000", "ISBN 978-3-16-148410-0",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		folded := foldWidth(s)
		for name, got := range map[string]string{"CleanIdentifier": CleanIdentifier(s), "CleanBrand": CleanBrand(s)} {
			if !utf8.ValidString(s) {
				continue
			}
			src := s
			if name == "CleanIdentifier" {
				src = folded
			}
			if len(got) > len(src) {
				t.Errorf("%s(%q) = %q is longer than its input", name, s, got)
			}
			for _, w := range strings.Fields(got) {
				if !strings.Contains(src, w) {
					t.Errorf("%s(%q) = %q has %q, not in the input", name, s, got, w)
				}
			}
			if got != strings.TrimSpace(got) {
				t.Errorf("%s(%q) = %q is not trimmed", name, s, got)
			}
		}
		g, err := CleanGTIN(s)
		if err != nil {
			if !errors.Is(err, match.ErrInvalidGTIN) {
				t.Errorf("CleanGTIN(%q) error %v does not wrap match.ErrInvalidGTIN", s, err)
			}
			return
		}
		if _, err := match.NormalizeGTIN(g); err != nil {
			t.Errorf("CleanGTIN(%q) = %q, which NormalizeGTIN rejects: %v", s, g, err)
		}
		if !isDigits(g) || (len(g) != 8 && len(g) != 12 && len(g) != 13 && len(g) != 14) {
			t.Errorf("CleanGTIN(%q) = %q is not 8, 12, 13 or 14 digits", s, g)
		}
	})
}

// FuzzFilter checks that any regex the config would accept, run on any
// text, neither panics nor fails validation it passed, and that a regex
// alone gives either nothing or a part of the text.
func FuzzFilter(f *testing.F) {
	f.Add(`编号[:：]\s*(\w+)`, "", false, "商品编号：B100001 | 店铺：x")
	f.Add(`(\d+)元`, "¥$1", true, "到手价 299元")
	f.Add(`\s*【[^】]*】`, "", true, "耳机【官方旗舰】")
	f.Add(`(?P<code>[A-Z]\d+)|(\d+)`, "${code}$2", true, "id 42")
	f.Add(`()`, "", false, "abc")
	f.Add(`(a)|(b)`, "", false, "b")
	f.Fuzz(func(t *testing.T, regex, replace string, rewrite bool, text string) {
		flt := Filter{Regex: regex, Replace: replace, Rewrite: rewrite}
		if err := flt.Validate(); err != nil {
			if !errors.Is(err, ErrInvalidFilter) {
				t.Errorf("Validate error %v does not wrap ErrInvalidFilter", err)
			}
			return
		}
		if regex == "" {
			return
		}
		re := regexp.MustCompile(regex) // Validate compiled it
		out, ok := flt.apply(re, text)
		if !flt.rewrites() && ok && utf8.ValidString(text) && !strings.Contains(text, out) {
			t.Errorf("regex %q on %q kept %q, not part of the text", regex, text, out)
		}
		if !ok && out != "" {
			t.Errorf("regex %q on %q matched nothing but gave %q", regex, text, out)
		}
	})
}

// FuzzVariantTitle checks that a variant title always starts with the
// product title and never names one option twice.
func FuzzVariantTitle(f *testing.F) {
	f.Add("Samsung Lite 55 5G Smartphone", "12GB+256GB / Obsidian Black", "2-Pack")
	f.Add("Tee Black", "black / M", "M")
	f.Add("", "Red", "")
	f.Add("手机 12GB", "１２GB", "黑色")
	f.Fuzz(func(t *testing.T, title, a, b string) {
		if !utf8.ValidString(title + a + b) {
			return
		}
		got := VariantTitle(title, a, b)
		if tt := strings.TrimSpace(title); tt != "" && !strings.HasPrefix(got, tt) {
			t.Errorf("VariantTitle(%q, %q, %q) = %q does not start with the title", title, a, b, got)
		}
		_, opts, _ := strings.Cut(got, variantSep)
		if strings.TrimSpace(title) == "" {
			opts = got
		}
		seen := map[string]bool{}
		for _, o := range strings.Split(opts, " / ") {
			if k := foldKey(o); k != "" && seen[k] && strings.Contains(got, variantSep) {
				t.Errorf("VariantTitle(%q, %q, %q) = %q names %q twice", title, a, b, got, o)
			}
			seen[foldKey(o)] = true
		}
	})
}
