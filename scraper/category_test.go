package scraper

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/scraper/extract"
	"github.com/shelfwatch/shelfwatch/yamlconf"
)

const categoryYAML = `
categories:
  phones: {names: [手机, Phones, mobile phones, Smartphones], paths: ["Electronics > Mobile"], urls: ["/c/phones/", "/category/shouji"]}
  audio/earphones: [耳机, Kopfhörer, イヤホン]
  tea:
competitors:
  - name: plain
    start_urls: [https://a.example/]
    allowed_domains: [a.example]
  - name: special
    start_urls: [https://b.example/]
    allowed_domains: [b.example]
    categories:
      tea: {names: [饮品]}
      phones: [耳机]          # this shop files phones under 耳机
  - name: fixed
    start_urls: [https://c.example/]
    allowed_domains: [c.example]
    category: TEA
`

func TestLoadConfigReadsTheCategoryTree(t *testing.T) {
	cfg, err := loadString(t, categoryYAML)
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Categories.Names(); !reflect.DeepEqual(got, []string{"phones", "audio/earphones", "tea"}) {
		t.Errorf("canonical names %q", got)
	}
	tests := []struct {
		comp, source string
		urls         []string
		want         string
	}{
		{"plain", "首页 > 手机", nil, "phones"},
		{"plain", "ＳＭＡＲＴＰＨＯＮＥＳ", nil, "phones"},
		{"plain", "Home > Electronics > Mobile", nil, "phones"},
		{"plain", "耳机", nil, "audio/earphones"},
		{"plain", "earphones", nil, "audio/earphones"},
		{"plain", "饮品", nil, ""},
		{"plain", "", []string{"https://a.example/category/shouji?page=2"}, "phones"},
		{"special", "饮品", nil, "tea"},
		{"special", "耳机", nil, "phones"},
		{"special", "手机", nil, "phones"},
		{"fixed", "Garden", nil, "tea"},
		{"fixed", "", nil, "tea"},
	}
	for _, tt := range tests {
		c, err := cfg.Competitor(tt.comp)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := c.Categories.Map(tt.source, tt.urls...); got != tt.want {
			t.Errorf("%s maps %q %q to %q, want %q", tt.comp, tt.source, tt.urls, got, tt.want)
		}
	}
	if c, _ := cfg.Competitor("fixed"); c.Rules.Category != "" {
		t.Errorf("a fixed category with a tree is left in the extraction rules (%q): the shop's own category would be lost", c.Rules.Category)
	}
}

func TestLoadConfigWithoutACategoryTreeKeepsTheShopsCategories(t *testing.T) {
	cfg, err := loadString(t, "competitors:\n  - name: a\n    start_urls: [https://a.example/]\n    allowed_domains: [a.example]\n    category: Phones\n")
	if err != nil {
		t.Fatal(err)
	}
	c := cfg.Competitors[0]
	if cfg.Categories != nil || c.Categories != nil || c.Rules.Category != "Phones" {
		t.Errorf("tree %v, mapper %v, fixed %q; want no mapping and the fixed category as before", cfg.Categories, c.Categories, c.Rules.Category)
	}
}

func TestLoadConfigRejectsBadCategories(t *testing.T) {
	comp := "competitors:\n  - name: a\n    start_urls: [https://a.example/]\n    allowed_domains: [a.example]\n"
	tests := []struct {
		name, yaml, want string
	}{
		{"a name mapped to two categories",
			"categories:\n  phones: [手机]\n  tea: [茶, 手机]\n", `x.yaml:3: categories.tea[1]: "手机" maps to two categories: phones and tea`},
		{"a name that is another category's own name, up to width and case",
			"categories:\n  phones:\n  tea: {names: [ＰＨＯＮＥＳ]}\n", `x.yaml:3: categories.tea.names[0]: "ＰＨＯＮＥＳ" maps to two categories`},
		{"a path mapped to two categories",
			"categories:\n  phones: {paths: [A > B]}\n  tea: {paths: [a>b]}\n", `x.yaml:3: categories.tea.paths[0]: "a>b" maps to two categories`},
		{"a bad URL regex",
			"categories:\n  phones: {urls: ['/c/(phones']}\n", `x.yaml:2: categories.phones.urls[0]: invalid URL pattern "/c/(phones"`},
		{"a canonical given twice up to case",
			"categories:\n  phones:\n  Phones:\n", `x.yaml:3: categories.Phones: category "Phones" given twice`},
		{"an unknown key in a category",
			"categories:\n  phones: {name: [x]}\n", `x.yaml:2: categories.phones.name: unknown field (did you mean "names"?)`},
		{"categories that are a list",
			"categories: [phones]\n", `x.yaml:1: categories: want a mapping`},
		{"an override naming an unknown category",
			"categories:\n  phones:\n" + comp + "    categories:\n      garden: [花园]\n", `x.yaml:8: competitors[0].categories.garden: unknown category "garden"`},
		{"an override with a bad URL regex",
			"categories:\n  phones:\n" + comp + "    categories:\n      phones: {urls: ['[']}\n", `x.yaml:8: competitors[0].categories.phones.urls[0]: invalid URL pattern`},
		{"an override mapping one name to two categories",
			"categories:\n  phones:\n  tea:\n" + comp + "    categories:\n      phones: [饮品]\n      tea: [饮品]\n", `x.yaml:10: competitors[0].categories.tea[0]: "饮品" maps to two categories`},
		{"an override without a tree",
			comp + "    categories:\n      phones: [手机]\n", `x.yaml:6: competitors[0].categories: needs the top-level categories: section`},
		{"a fixed category not in the tree",
			"categories:\n  phones:\n" + comp + "    category: Tea\n", `x.yaml:7: competitors[0].category: unknown category "Tea"`},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is an error naming its line", func(t *testing.T) {
			_, err := loadString(t, tt.yaml)
			if err == nil {
				t.Fatal("no error")
			}
			var ce *yamlconf.Error
			if !errors.As(err, &ce) || !errors.Is(err, yamlconf.ErrConfig) {
				t.Fatalf("err %v is not a ConfigError", err)
			}
			got := strings.Replace(err.Error(), ce.File, "x.yaml", 1)
			if !strings.Contains(got, tt.want) {
				t.Errorf("err = %s\nwant it to contain %s", got, tt.want)
			}
		})
	}
}

// marketShop is one shop selling phones, earphones and tea under category
// names in several languages and layouts: JSON-LD categories, breadcrumb
// paths, a listing URL that names its category, and one category nobody
// mapped.
func marketShop(t *testing.T) *shop {
	s := newShop(t)
	links := func(ids ...string) string {
		var b strings.Builder
		b.WriteString(`<html><body><ul class="goods">`)
		for _, id := range ids {
			fmt.Fprintf(&b, `<li><a href="/p/%s">%s</a></li>`, id, id)
		}
		b.WriteString(`</ul></body></html>`)
		return b.String()
	}
	s.html("/c/phones/", links("1", "2", "3"))
	s.html("/c/misc", links("4", "5", "6", "7"))
	products := map[string]struct{ name, category, crumbs string }{
		"1": {"Galaxy S24", "手机", ""},                                      // JSON-LD category, Chinese
		"2": {"Pixel 9", "", "Home > Electronics > Mobile > Pixel 9"},      // breadcrumb path, product last
		"3": {"Xperia 5", "", ""},                                          // nothing on the page: the listing URL maps it
		"4": {"WH-1000XM5", "ヘッドホン > イヤホン", ""},                            // Japanese path in JSON-LD
		"5": {"Sennheiser Momentum", "", "Startseite > Audio > Kopfhörer"}, // German breadcrumb
		"6": {"西湖龙井 250g", "食品饮料 > 茶叶", ""},                                // path ending in a name mapped via tea
		"7": {"Garden hose", "Garten", ""},                                 // mapped by nobody
	}
	s.mux.HandleFunc("/p/", func(w http.ResponseWriter, r *http.Request) {
		id := strings.TrimPrefix(r.URL.Path, "/p/")
		p, ok := products[id]
		if !ok {
			http.NotFound(w, r)
			return
		}
		cat := ""
		if p.category != "" {
			cat = fmt.Sprintf(`,"category":%q`, p.category)
		}
		crumbs := ""
		if p.crumbs != "" {
			var items []string
			for i, c := range strings.Split(p.crumbs, " > ") {
				items = append(items, fmt.Sprintf(`{"@type":"ListItem","position":%d,"name":%q}`, i+1, c))
			}
			crumbs = fmt.Sprintf(`<script type="application/ld+json">{"@context":"https://schema.org","@type":"BreadcrumbList","itemListElement":[%s]}</script>`, strings.Join(items, ","))
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html><head>%s<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":%q,"sku":"S%s"%s,"offers":{"@type":"Offer","price":"%s00.00","priceCurrency":"CNY"}}</script></head><body><h1>%s</h1></body></html>`,
			crumbs, p.name, id, cat, id, p.name)
	})
	return s
}

func marketConfig(t *testing.T) Competitor {
	t.Helper()
	cfg, err := loadString(t, `
categories:
  phones: {names: [手机, Smartphones], paths: ["Electronics > Mobile"], urls: ["/c/phones/"]}
  audio/earphones: {names: [耳机, Kopfhörer, イヤホン]}
  tea: [茶叶]
competitors:
  - name: market
    start_urls: [http://shop.test/c/phones/, http://shop.test/c/misc]
    allowed_domains: [shop.test]
    product_links: ".goods a @href"
    currency: CNY
    delay: 0s
    parallelism: 2
    robots_txt: ignore
`)
	if err != nil {
		t.Fatal(err)
	}
	return cfg.Competitors[0]
}

func TestCrawlMapsEveryShopCategoryToTheTree(t *testing.T) {
	s := marketShop(t)
	comp := marketConfig(t)
	var sink collector
	stats, err := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()})).Crawl(context.Background(), comp, sink.sink)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct{ category, source string }{
		"sku:S1": {"phones", "手机"},
		"sku:S2": {"phones", "Home > Electronics > Mobile"},
		"sku:S3": {"phones", ""},
		"sku:S4": {"audio/earphones", "ヘッドホン > イヤホン"},
		"sku:S5": {"audio/earphones", "Startseite > Audio > Kopfhörer"},
		"sku:S6": {"tea", "食品饮料 > 茶叶"},
		"sku:S7": {"", "Garten"},
	}
	got := sink.byKey(t)
	if len(got) != len(want) {
		t.Errorf("%d offers, want %d", len(got), len(want))
	}
	for key, w := range want {
		o := got[key]
		if o.Category != w.category || o.SourceCategory != w.source {
			t.Errorf("%s: category %q from %q, want %q from %q", key, o.Category, o.SourceCategory, w.category, w.source)
		}
	}
	if !reflect.DeepEqual(stats.Unmapped, map[string]int{"Garten": 1}) {
		t.Errorf("Unmapped = %v, want the one unmapped offer counted under its source category", stats.Unmapped)
	}
}

// TestPageReadsEveryPageExactlyAsCrawl is the one-code-path guarantee behind
// `crawler extract --config --competitor` and `crawler check`: for every
// product page Crawl read, Page gives the very offers Crawl handed to its
// sink (category mapping, stamping and keys included).
func TestPageReadsEveryPageExactlyAsCrawl(t *testing.T) {
	s := marketShop(t)
	comp := marketConfig(t)
	cr := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()}))
	var sink collector
	if _, err := cr.Crawl(context.Background(), comp, sink.sink); err != nil {
		t.Fatal(err)
	}
	crawled := sink.byKey(t)
	for key, want := range crawled {
		if want.Category == "phones" && want.SourceCategory == "" {
			// Mapped by the listing URL it was found under, which a
			// single page read cannot know.
			continue
		}
		for name, read := range map[string]func(context.Context, Competitor, string) (extract.Page, error){
			"Page": cr.Page, "ProductPage": cr.ProductPage,
		} {
			page, err := read(context.Background(), comp, want.URL)
			if err != nil {
				t.Fatalf("%s %s: %v", name, want.URL, err)
			}
			if len(page.Offers) != 1 || !reflect.DeepEqual(page.Offers[0], want) {
				t.Errorf("%s(%s) = %+v\nCrawl gave %s = %+v", name, want.URL, page.Offers, key, want)
			}
		}
	}
	// The start URLs read as listings, exactly as Crawl reads them.
	page, err := cr.Page(context.Background(), comp, "http://shop.test/c/phones/")
	if err != nil || len(page.ProductLinks) != 3 || len(page.Offers) != 0 {
		t.Errorf("start page: %d links, %d offers, %v; want the 3 product links", len(page.ProductLinks), len(page.Offers), err)
	}
}

// A Shopify shop's /products.json mixes categories; product_type maps each
// product (and a WooCommerce shop's categories) as any shop category does.
func TestCrawlMapsShopAPICategories(t *testing.T) {
	cfg, err := loadString(t, `
categories:
  phones: [Smartphones, 手机]
  bags: {names: [Totes, Backpacks]}
competitors:
  - name: shopify
    platform: shopify
    start_urls: [http://shop.test/]
    allowed_domains: [shop.test]
    currency: USD
    delay: 0s
    robots_txt: ignore
  - name: woo
    platform: woocommerce
    start_urls: [http://woo.test/]
    allowed_domains: [woo.test]
    currency: USD
    delay: 0s
    robots_txt: ignore
`)
	if err != nil {
		t.Fatal(err)
	}
	s := newShop(t)
	s.mux.HandleFunc("/products.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("page") != "1" {
			fmt.Fprint(w, `{"products":[]}`)
			return
		}
		fmt.Fprint(w, `{"products":[
 {"id":1,"title":"Phone","handle":"phone","vendor":"A","product_type":"SMARTPHONES","variants":[{"id":11,"sku":"P1","price":"100.00","available":true}]},
 {"id":2,"title":"Tote","handle":"tote","vendor":"B","product_type":"Totes","variants":[{"id":21,"sku":"B1","price":"20.00","available":true}]},
 {"id":3,"title":"Gift card","handle":"gift","vendor":"C","product_type":"Gift Cards","variants":[{"id":31,"sku":"G1","price":"50.00","available":true}]}]}`)
	})
	s.mux.HandleFunc("/wp-json/wc/store/v1/products", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("page") != "1" {
			fmt.Fprint(w, `[]`)
			return
		}
		fmt.Fprint(w, `[{"id":7,"name":"小米 14","sku":"W1","permalink":"http://woo.test/p/7","is_in_stock":true,
 "prices":{"price":"399900","regular_price":"399900","currency_code":"CNY","currency_minor_unit":2},
 "categories":[{"id":3,"name":"手机","slug":"shouji"}]}]`)
	})
	cr := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr(), "woo.test": s.addr()}))
	want := map[string]map[string]string{
		"shopify": {"sku:P1": "phones", "sku:B1": "bags", "sku:G1": ""},
		"woo":     {"sku:W1": "phones"},
	}
	for _, comp := range cfg.Competitors {
		var sink collector
		stats, err := cr.Crawl(context.Background(), comp, sink.sink)
		if err != nil {
			t.Fatal(err)
		}
		got := sink.byKey(t)
		for key, cat := range want[comp.Name] {
			if o, ok := got[key]; !ok || o.Category != cat || o.SourceCategory == "" {
				t.Errorf("%s %s: category %q from %q, want %q", comp.Name, key, o.Category, o.SourceCategory, cat)
			}
		}
		if comp.Name == "shopify" && !reflect.DeepEqual(stats.Unmapped, map[string]int{"Gift Cards": 1}) {
			t.Errorf("shopify Unmapped = %v", stats.Unmapped)
		}
	}
}
