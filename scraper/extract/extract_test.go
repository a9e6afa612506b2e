package extract

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/pricing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/extract")

// testdata is shared with the rest of the module at its root.
const testdata = "../../testdata/extract"

// fixture is one page under testdata/extract and how to read it.
type fixture struct {
	name     string // test name, a sentence
	file     string
	url      string
	kind     Kind
	platform string // "", "shopify", "woocommerce"
	golden   string // golden file name without .golden.json; file's base name by default
	rules    Rules
}

var fixtures = []fixture{
	{
		name: "a JSON-LD product in a graph gives price, struck-through list price, identifiers and breadcrumb category",
		file: "jsonld_product.html", url: "https://northwind.example/products/aurora-x2?utm_medium=email", kind: Product,
	},
	{
		name: "a JSON-LD ProductGroup gives one offer per variant with option names in the title",
		file: "jsonld_productgroup.html", url: "https://ridgeline.example/tee", kind: Product,
		rules: Rules{Currency: "EUR", DecimalSeparator: ","},
	},
	{
		name: "several JSON-LD offers with distinct SKUs in a top-level array are variants",
		file: "jsonld_multioffer.html", url: "https://homehub.example/kettle-pro", kind: Product,
	},
	{
		name: "a JSON-LD AggregateOffer without per-variant data is one offer with a price range",
		file: "jsonld_aggregate.html", url: "https://desklab.example/stand", kind: Product,
	},
	{
		name: "JSON-LD with an HTML comment, a raw line break and trailing commas is repaired; an unrepairable script is reported",
		file: "jsonld_broken.html", url: "https://pourover.example/set", kind: Product,
	},
	{
		name: "unrepairable JSON-LD is reported and microdata is used instead",
		file: "jsonld_unrepairable.html", url: "https://walnut.example/organizer", kind: Product,
	},
	{
		name: "microdata with a nested offer, content attributes and a breadcrumb list",
		file: "microdata_product.html", url: "https://alpenglow.example/packs/summit-45", kind: Product,
	},
	{
		name: "RDFa-lite with vocab, typeof and property",
		file: "rdfa_product.html", url: "https://claystudio.example/plates", kind: Product,
	},
	{
		name: "OpenGraph product meta tags alone give title, price, list price and stock",
		file: "opengraph_product.html", url: "https://casalinen.example/p/linen-pillow-sage", kind: Product,
	},
	{
		name: "the visible price nearest the title wins, the labelled old price is the list price",
		file: "heuristic_product.html", url: "https://boards.example/bamboo-large", kind: Product,
		rules: Rules{Category: "Kitchen"},
	},
	{
		name: "a grid of product cards without structured data or selectors gives no offer and says it looks like a listing",
		file: "heuristic_listing.html", url: "https://northshore.example/clothing/hoodies/", kind: Product,
	},
	{
		name: "a product page with a related-products strip gives its own price and stock, none of the strip's",
		file: "heuristic_related.html", url: "https://northshore.example/product/trailhead-20/", kind: Product,
	},
	{
		name: "a line-through style marks the list price and a Sold out button means out of stock",
		file: "struck_styles.html", url: "https://lamps.example/arc", kind: Product,
	},
	{
		name: "a Tmall-like page gives the promotion price, 原价 as list price, 月销 and 累计评价 counts",
		file: "tmall_product.html", url: "https://detail.tmall.example/item.htm?id=6123456789&spm=a220m.1000858&skuId=42", kind: Product,
		rules: Rules{Currency: "CNY", CategorySelector: ".tb-breadcrumb .crumb-last"},
	},
	{
		name: "a JD-like product page in auto mode: JSON-LD first, product selectors override single fields",
		file: "jd_product.html", url: "https://item.jd.example/100071383534.html?spm=1.2", kind: Product,
		rules: Rules{
			Currency: "CNY",
			Product:  Selectors{Title: ".sku-name", SKU: "@data-sku", ListPrice: ".pricing del", Reviews: ".comment-count", Availability: "#store-prompt"},
		},
	},
	{
		name: "the same JD-like product page in selectors mode reads only the selectors",
		file: "jd_product.html", url: "https://item.jd.example/100071383534.html", kind: Product, golden: "jd_product_selectors",
		rules: Rules{
			Mode: "selectors", Currency: "CNY",
			Product: Selectors{Title: ".sku-name", SKU: "@data-sku", Price: ".summary-price .p-price", ListPrice: ".pricing del", Reviews: ".comment-count"},
		},
	},
	{
		name: "a JD-like listing read with selectors gives every item, pagination and product links",
		file: "jd_listing.html", url: "https://search.jd.example/Search?keyword=%E6%89%8B%E6%9C%BA&page=1", kind: Listing,
		rules: Rules{
			Mode: "selectors", Currency: "CNY",
			Listing: Selectors{
				Item: ".gl-item", Title: ".p-name em", Price: ".p-price .J_price", ListPrice: ".p-price del",
				URL: ".p-img a @href", SKU: "@data-sku", Availability: ".p-stock", Image: "img @data-lazy-img",
				Sales: ".p-sales", Reviews: ".p-commit",
			},
			NextPage: "a.pn-next @href", ProductLinks: ".p-img a @href", Category: "手机",
			AvailabilityPhrases: map[string][]string{"out_of_stock": {"到货通知"}},
		},
	},
	{
		name: "a listing in auto mode merges JSON-LD items with selector items under a base href",
		file: "listing_auto.html", url: "https://soundshelf.example/shop/headphones?page=2", kind: Listing,
		rules: Rules{
			Currency: "USD",
			Listing: Selectors{
				Item: "article.card", Title: ".card-title", Price: ".card-price .sale", ListPrice: ".card-price s",
				SKU: "@data-sku", Image: "img @src", Sales: ".badge.sold", Reviews: ".badge.reviews",
			},
			ProductLinks: "a.card-link",
		},
	},
	{
		name: "a listing in auto mode without selectors reads an ItemList with references and the breadcrumb",
		file: "listing_itemlist.html", url: "https://homehub.example/kitchen/kettles", kind: Listing,
		rules: Rules{NextPage: "a.next"},
	},
	{
		name: "a realistic 40 KB product page gives its three JSON-LD variants despite reviews and related products",
		file: "bench_product.html", url: "https://voltmart.example/p/nimbus-12-pro-256?utm_source=bench", kind: Product,
		rules: Rules{Currency: "USD"},
	},
	{
		name: "Shopify products.json gives one offer per variant",
		file: "shopify_products.json", url: "https://fieldco.example/products.json?page=1", platform: "shopify",
		rules: Rules{Currency: "USD"},
	},
	{
		name: "WooCommerce Store API products give variations, minor units and price ranges",
		file: "woocommerce_products.json", url: "https://brewbar.example/wp-json/wc/store/v1/products?page=1", platform: "woocommerce",
	},
}

// golden is the stable JSON form of a Page.
type golden struct {
	Offers       []pricing.Offer `json:"offers"`
	ProductLinks []string        `json:"product_links"`
	NextPages    []string        `json:"next_pages"`
	Errors       []string        `json:"errors"`
}

func render(t *testing.T, p Page) []byte {
	t.Helper()
	g := golden{Offers: p.Offers, ProductLinks: p.ProductLinks, NextPages: p.NextPages}
	for _, e := range p.Errors {
		g.Errors = append(g.Errors, e.Error())
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(g); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func run(t *testing.T, f fixture) Page {
	t.Helper()
	file, err := os.Open(filepath.Join(testdata, f.file))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	u, err := url.Parse(f.url)
	if err != nil {
		t.Fatal(err)
	}
	var p Page
	switch f.platform {
	case "shopify":
		p, err = Shopify(file, u, f.rules)
	case "woocommerce":
		p, err = WooCommerce(file, u, f.rules)
	default:
		p, err = Extract(file, u, f.kind, f.rules)
	}
	if err != nil {
		t.Fatalf("%s: %v", f.file, err)
	}
	return p
}

func TestExtractGolden(t *testing.T) {
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			// In parallel, so -race sees concurrent extractions share nothing.
			t.Parallel()
			got := render(t, run(t, f))
			name := f.golden
			if name == "" {
				name = strings.TrimSuffix(f.file, filepath.Ext(f.file))
			}
			path := filepath.Join(testdata, name+".golden.json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s: output differs from %s (run go test -update and review the diff)\n--- got:\n%s", f.file, path, got)
			}
		})
	}
}
