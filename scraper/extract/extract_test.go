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
		name: "a JD-like page with labelled SKU, GTIN and brand texts and a variant table gives one offer per row with its options and struck price",
		file: "variants_jd.html", url: "https://item.jd.example/100088.html", kind: Product,
		rules: Rules{
			Currency: "CNY",
			Product: Selectors{
				Item: ".sku-row", Options: ".opt", Price: ".p-now", SKU: "@data-sku", Availability: ".stock",
				GTIN: ".parameter2 .ean", Brand: ".parameter2 .brand-line",
			},
		},
	},
	{
		name: "the same JD-like page read as one product: 商品编号, 条形码 and 品牌 labels are dropped from the selected texts",
		file: "variants_jd.html", url: "https://item.jd.example/100088.html", kind: Product, golden: "variants_jd_single",
		rules: Rules{
			Currency: "CNY",
			Product:  Selectors{SKU: ".sku-code", GTIN: ".parameter2 .ean", Brand: ".parameter2 .brand-line", Price: ".summary-price .p-price"},
		},
	},
	{
		name: "a JD-like page whose variant-row selector finds no rows is read as one product with the same selectors",
		file: "variants_jd.html", url: "https://item.jd.example/100088.html", kind: Product, golden: "variants_jd_norows",
		rules: Rules{
			Mode: ModeSelectors, Currency: "CNY",
			Product: Selectors{Item: ".no-such-row", Title: ".sku-name", SKU: ".sku-code", GTIN: ".parameter2 .ean", Price: ".summary-price .p-price"},
		},
	},
	{
		name: "a Tmall-like page in selectors mode takes the product title from the h1 for every SKU row and 原价 as each row's list price",
		file: "variants_tmall.html", url: "https://detail.tmall.example/item.htm?id=778899", kind: Product,
		rules: Rules{
			Mode: ModeSelectors, Currency: "CNY",
			Product: Selectors{
				Item: ".tb-sku .sku-item", Title: "h1", Options: ".name", Price: ".tm-price", ListPrice: ".tm-original",
				SKU: ".code", Brand: ".tb-brand",
			},
		},
	},
	{
		name: "a Japanese page: JSON-LD identifiers lose their labels, variant rows without a list_price selector find their compare-at price",
		file: "variants_jp.html", url: "https://kaden.example/item/wh1000xm5", kind: Product,
		rules: Rules{
			Currency: "JPY",
			Product:  Selectors{Item: "tr.variation-row", Options: ".color", Price: ".price", Availability: ".stock", MPN: "dd.code"},
		},
	},
	{
		name: "the same Japanese page read as one product: 型番, JANコード and ブランド labels in JSON-LD and 品番 in a selector are dropped",
		file: "variants_jp.html", url: "https://kaden.example/item/wh1000xm5", kind: Product, golden: "variants_jp_single",
		rules: Rules{Currency: "JPY", Product: Selectors{MPN: "dd.code"}},
	},
	{
		name: "a Korean page: option rows with a 2-pack take the page's title and labelled brand, each row its own struck price",
		file: "variants_kr.html", url: "https://store.example.kr/goods/12345", kind: Product,
		rules: Rules{
			Currency: "KRW",
			Product: Selectors{
				Item: "li.option", Title: ".prod-title", Options: ".opt-name", Price: ".sale", ListPrice: ".origin",
				SKU: ".prod-no", GTIN: ".barcode", Brand: ".brand",
			},
		},
	},
	{
		name: "the same Korean page read as one product: 상품번호 and 브랜드 labels dropped, a barcode with a wrong check digit dropped with a warning",
		file: "variants_kr.html", url: "https://store.example.kr/goods/12345", kind: Product, golden: "variants_kr_single",
		rules: Rules{Currency: "KRW", Product: Selectors{Title: ".prod-title", SKU: ".prod-no", GTIN: ".barcode", Brand: ".brand", Price: ".option .sale"}},
	},
	{
		name: "a German page with a comma decimal: Art.-Nr., EAN, Herstellernummer and Marke labels, UVP rows as list prices",
		file: "variants_de.html", url: "https://werkzeug.example.de/p/gsr-12v-15", kind: Product,
		rules: Rules{
			Currency: "EUR", DecimalSeparator: ",",
			Product: Selectors{
				Item: ".variant-row", Options: ".label", Price: ".price", ListPrice: ".uvp",
				SKU: ".product-meta .sku", GTIN: ".product-meta .ean", MPN: ".product-meta .mpn", Brand: ".product-meta .brand",
			},
		},
	},
	{
		name: "a French page in selectors mode: Réf. and Marque labels, radio variants with a .price--compare price found without a list_price selector",
		file: "variants_fr.html", url: "https://cuisine.example.fr/robot-companion-xl", kind: Product,
		rules: Rules{
			Mode: ModeSelectors, Currency: "EUR", DecimalSeparator: ",",
			Product: Selectors{
				Item: ".variant-picker .variant", Title: "h1", Options: ".opt", Price: ".price",
				SKU: "p.ref", GTIN: "p.ean", Brand: "p.marque",
			},
		},
	},
	{
		name: "a Shopify-like theme: JSON-LD offers named by their options are variants, the variant table's struck prices are their list prices by SKU",
		file: "variants_shopify_theme.html", url: "https://phoneworld.example/products/samsung-lite-55", kind: Product,
		rules: Rules{
			Currency: "USD",
			Product:  Selectors{Item: ".variant-table__row", SKU: ".sku", Price: ".price-item--sale", ListPrice: "s.price-item--regular", Brand: ".product__vendor"},
		},
	},
	{
		name: "a JSON-LD ProductGroup without variesBy: the additionalProperty that differs names each variant, labelled SKUs and brand are cleaned",
		file: "jsonld_group_options.html", url: "https://chargers.example/anker-powercore", kind: Product,
	},
	{
		name: "product selectors naming only list_price, sales and gtin fill those fields of the JSON-LD offer",
		file: "subset_selectors.html", url: "https://books.example/dp/B0CFPJYX7P", kind: Product,
		rules: Rules{Currency: "USD", Product: Selectors{ListPrice: ".was-price", Sales: ".social", GTIN: ".codes .upc"}},
	},
	{
		name: "selector regexes take an id from an attribute, a code from a labelled line, a price from text and rewrite a title",
		file: "regex_filters.html", url: "https://search.shop.example/s?q=%E8%80%B3%E6%9C%BA", kind: Listing,
		rules: Rules{
			Mode: ModeSelectors, Currency: "CNY",
			Listing: Selectors{
				Item: "li.goods", Title: "a.name", URL: "a.name @href", SKU: ".meta", GTIN: "@data-info", Price: ".price", Sales: ".sold",
				Filters: Filters{
					Title: Filter{Regex: `\s*【[^】]*】`, Rewrite: true},
					SKU:   Filter{Regex: `编号[:：]\s*(\w+)`},
					GTIN:  Filter{Regex: `ean=(\d+)`},
					Price: Filter{Regex: `(\d+)元`, Replace: "¥$1"},
				},
			},
		},
	},
	{
		name: "identifier and brand labels in eleven languages and layouts are dropped, full-width codes folded, an invalid EAN reported",
		file: "labelled_listing.html", url: "https://labels.example/all", kind: Listing,
		rules: Rules{
			Mode: ModeSelectors, Category: "Mixed",
			Listing: Selectors{Item: ".product-card", Title: ".title", Price: ".price", SKU: ".sku", GTIN: ".gtin", Brand: ".brand"},
		},
	},
	{
		name: "Shopify variants: options the title already names are left out, each variant has its own compare-at price, a bad barcode is reported",
		file: "shopify_variants.json", url: "https://phoneworld.example/products.json", platform: "shopify",
		rules: Rules{Currency: "USD"},
	},
	{
		name: "WooCommerce variations are titled by their terms' names, each with its own regular price, labelled SKUs and brand cleaned",
		file: "woocommerce_variations.json", url: "https://audiohaus.example/wp-json/wc/store/v1/products", platform: "woocommerce",
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
	for _, f := range append(fixtures[:len(fixtures):len(fixtures)], marketFixtures()...) {
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
