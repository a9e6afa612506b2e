package scraper

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// shopifyPage is one /products.json page with n products, two variants each.
func shopifyPage(page, n int) string {
	var ps []string
	for i := range n {
		id := page*100 + i
		ps = append(ps, fmt.Sprintf(`{"id":%d,"title":"Tote %d","handle":"tote-%d","vendor":"Field & Co","product_type":"Bags",
 "options":[{"name":"Size"}],
 "variants":[
  {"id":%d1,"title":"Small","option1":"Small","sku":"T%d-S","price":"28.00","compare_at_price":"35.00","available":true},
  {"id":%d2,"title":"Large","option1":"Large","sku":"T%d-L","price":"34.00","compare_at_price":null,"available":false}]}`,
			id, id, id, id, id, id, id))
	}
	return `{"products":[` + strings.Join(ps, ",") + `]}`
}

func TestCrawlReadsShopifyProductsJSON(t *testing.T) {
	s := newShop(t)
	s.mux.HandleFunc("/collections/all/products.json", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("limit") != "250" {
			t.Errorf("limit = %q, want 250", r.URL.Query().Get("limit"))
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		switch r.URL.Query().Get("page") {
		case "1":
			fmt.Fprint(w, shopifyPage(1, 2))
		case "2":
			fmt.Fprint(w, shopifyPage(2, 1))
		default:
			fmt.Fprint(w, `{"products":[]}`)
		}
	})
	comp := testComp("http://shop.test/collections/all")
	comp.Platform = PlatformShopify
	comp.Currency, comp.Rules.Currency = "USD", "USD"
	var sink collector
	stats, err := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()})).Crawl(context.Background(), comp, sink.sink)
	if err != nil {
		t.Fatal(err)
	}
	got := sink.byKey(t)
	if len(got) != 6 {
		t.Errorf("got %d offers, want 6 variants", len(got))
	}
	small := got["sku:T101-S"]
	if price(small) != "28.00 USD" || small.ListPrice == nil || small.ListPrice.String() != "35.00 USD" || !strings.HasPrefix(small.URL, "http://shop.test/products/tote-101") {
		t.Errorf("T101-S = %s list %v url %s", price(small), small.ListPrice, small.URL)
	}
	for uri, want := range map[string]int{
		"/collections/all/products.json?limit=250&page=1": 1,
		"/collections/all/products.json?limit=250&page=2": 1,
		"/collections/all/products.json?limit=250&page=3": 1, // the empty page that ends it
		"/collections/all/products.json?limit=250&page=4": 0,
		"/collections/all": 0,
	} {
		if n := s.hits(uri); n != want {
			t.Errorf("%s fetched %d times, want %d", uri, n, want)
		}
	}
	if stats.Pages != 3 || stats.Errors != 0 {
		t.Errorf("stats = %+v", stats)
	}
}

func TestCrawlReadsAnAPIAnswerWithAnUnknownCharset(t *testing.T) {
	s := newShop(t)
	s.mux.HandleFunc("/products.json", func(w http.ResponseWriter, r *http.Request) {
		// An unknown label must neither stall the crawl nor garble the JSON.
		w.Header().Set("Content-Type", "application/json; charset=x-klingon")
		if r.URL.Query().Get("page") == "1" {
			fmt.Fprint(w, shopifyPage(1, 1))
			return
		}
		fmt.Fprint(w, `{"products":[]}`)
	})
	comp := testComp("http://shop.test/")
	comp.Platform = PlatformShopify
	var sink collector
	done := make(chan error, 1)
	go func() {
		_, err := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()})).Crawl(context.Background(), comp, sink.sink)
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Crawl hung")
	}
	if n := len(sink.byKey(t)); n != 2 {
		t.Errorf("got %d offers, want 2", n)
	}
}

func TestCrawlReadsTheWooCommerceStoreAPI(t *testing.T) {
	s := newShop(t)
	s.mux.HandleFunc("/wp-json/wc/store/v1/products", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("per_page") != "100" {
			t.Errorf("per_page = %q, want 100", r.URL.Query().Get("per_page"))
		}
		page := r.URL.Query().Get("page")
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-WP-TotalPages", "2")
		fmt.Fprintf(w, `[{"id":1%[1]s,"name":"Kettle %[1]s","permalink":"http://shop.test/product/kettle-%[1]s/","sku":"K-%[1]s",
 "prices":{"price":"4900","regular_price":"5900","sale_price":"4900","currency_code":"EUR","currency_minor_unit":2},
 "is_in_stock":true,"categories":[{"name":"Brewing"}]}]`, page)
	})
	comp := testComp("http://shop.test/shop/")
	comp.Platform = PlatformWooCommerce
	var sink collector
	if _, err := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()})).Crawl(context.Background(), comp, sink.sink); err != nil {
		t.Fatal(err)
	}
	got := sink.byKey(t)
	if len(got) != 2 || price(got["sku:K-1"]) != "49.00 EUR" || price(got["sku:K-2"]) != "49.00 EUR" {
		t.Errorf("offers = %v; want K-1 and K-2 at 49.00 EUR", got)
	}
	if n := s.hits("/wp-json/wc/store/v1/products?per_page=100&page=3"); n != 0 {
		t.Error("page 3 fetched past X-WP-TotalPages")
	}
}

func TestCrawlFallsBackToHTMLWithoutAShopAPI(t *testing.T) {
	tests := []struct {
		name     string
		platform string
		api      string
		answer   func(w http.ResponseWriter, r *http.Request)
	}{
		{"shopify answering 404", PlatformShopify, "/products.json", http.NotFound},
		{"shopify answering HTML", PlatformShopify, "/products.json", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html><body>Welcome!</body></html>")
		}},
		{"shopify answering broken JSON", PlatformShopify, "/products.json", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"products":[{`)
		}},
		{"woocommerce answering 404", PlatformWooCommerce, "/wp-json/wc/store/v1/products", http.NotFound},
		{"woocommerce answering HTML", PlatformWooCommerce, "/wp-json/wc/store/v1/products", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, "<!doctype html><html><body>Not a shop</body></html>")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name+" crawls the start URLs as HTML", func(t *testing.T) {
			s := newShop(t)
			s.mux.HandleFunc(tt.api, tt.answer)
			s.html("/shop", listingHTML([]item{{"A1", "Phone A1", "/p/a1", "¥100.00", ""}}, ""))
			comp := testComp("http://shop.test/shop")
			comp.Platform = tt.platform
			var sink collector
			stats, err := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()})).Crawl(context.Background(), comp, sink.sink)
			if err != nil {
				t.Fatal(err)
			}
			if got := sink.byKey(t); len(got) != 1 || got["sku:A1"].Title != "Phone A1" {
				t.Errorf("offers = %v; want A1 from the HTML listing", got)
			}
			if s.hits("/shop") != 1 || stats.Errors != 0 {
				t.Errorf("start URL fetched %d times, stats %+v", s.hits("/shop"), stats)
			}
		})
	}
}

func TestCrawlOfAShopAPIFailingMidwayKeepsWhatItRead(t *testing.T) {
	s := newShop(t)
	s.mux.HandleFunc("/products.json", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("page") == "1" {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, shopifyPage(1, 1))
			return
		}
		http.Error(w, "gone", http.StatusGone)
	})
	comp := testComp("http://shop.test/")
	comp.Platform = PlatformShopify
	var sink collector
	stats, err := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()})).Crawl(context.Background(), comp, sink.sink)
	if err != nil {
		t.Fatal(err)
	}
	if len(sink.byKey(t)) != 2 || stats.Errors != 1 || s.hits("/") != 0 {
		t.Errorf("offers %d, stats %+v, HTML hits %d; want page 1's 2 offers, 1 error, no fallback", len(sink.offers()), stats, s.hits("/"))
	}
}

func TestAPIURL(t *testing.T) {
	tests := []struct {
		name     string
		platform string
		start    string
		want     string
	}{
		{"shopify at the shop root", PlatformShopify, "https://shop.example/", "https://shop.example/products.json?limit=250&page=1"},
		{"shopify at a host with no path", PlatformShopify, "https://shop.example", "https://shop.example/products.json?limit=250&page=1"},
		{"shopify at /index.html uses the root", PlatformShopify, "https://shop.example/index.html", "https://shop.example/products.json?limit=250&page=1"},
		{"shopify at a .php file uses the root", PlatformShopify, "https://shop.example/shop/list.php?cat=2", "https://shop.example/products.json?limit=250&page=1"},
		{"shopify at a collection keeps the collection", PlatformShopify, "https://shop.example/collections/bags", "https://shop.example/collections/bags/products.json?limit=250&page=1"},
		{"shopify at a collection with a trailing slash keeps the collection", PlatformShopify, "https://shop.example/collections/bags/", "https://shop.example/collections/bags/products.json?limit=250&page=1"},
		{"shopify at a collection drops its query and fragment", PlatformShopify, "https://shop.example/collections/all?sort_by=price#top", "https://shop.example/collections/all/products.json?limit=250&page=1"},
		{"shopify at a product inside a collection uses the root", PlatformShopify, "https://shop.example/collections/bags/products/tote", "https://shop.example/products.json?limit=250&page=1"},
		{"shopify at the collections index uses the root", PlatformShopify, "https://shop.example/collections/", "https://shop.example/products.json?limit=250&page=1"},
		{"shopify at any other page uses the root", PlatformShopify, "https://shop.example/pages/about", "https://shop.example/products.json?limit=250&page=1"},
		{"shopify keeps the port and asks for page n", PlatformShopify, "http://shop.test:8080/", "http://shop.test:8080/products.json?limit=250&page=3"},
		{"shopify from a saved file uses its directory", PlatformShopify, "file:///srv/dump/index.html", "file:///srv/dump/products.json?limit=250&page=1"},
		{"shopify from a saved directory uses it", PlatformShopify, "file:///srv/dump/", "file:///srv/dump/products.json?limit=250&page=1"},
		{"woocommerce at the site root", PlatformWooCommerce, "https://shop.example/", "https://shop.example/wp-json/wc/store/v1/products?per_page=100&page=1"},
		{"woocommerce at /shop/ uses the root", PlatformWooCommerce, "https://shop.example/shop/", "https://shop.example/wp-json/wc/store/v1/products?per_page=100&page=1"},
		{"woocommerce at a category page uses the root", PlatformWooCommerce, "https://shop.example/product-category/kettles/?orderby=price", "https://shop.example/wp-json/wc/store/v1/products?per_page=100&page=1"},
		{"woocommerce at /index.php uses the root", PlatformWooCommerce, "https://shop.example/index.php", "https://shop.example/wp-json/wc/store/v1/products?per_page=100&page=1"},
		{"woocommerce from a saved file uses its directory", PlatformWooCommerce, "file:///srv/dump/index.html", "file:///srv/dump/wp-json/wc/store/v1/products?per_page=100&page=1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := url.Parse(tt.start)
			if err != nil {
				t.Fatal(err)
			}
			n := 1
			if strings.HasSuffix(tt.want, "page=3") {
				n = 3
			}
			if got := apiURL(tt.platform, u, n); got != tt.want {
				t.Errorf("apiURL(%s, %s) = %s, want %s", tt.platform, tt.start, got, tt.want)
			}
		})
	}
}

func TestCrawlOfAShopifyStartPageNamingAFileReadsTheRootAPI(t *testing.T) {
	s := newShop(t)
	s.mux.HandleFunc("/products.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("page") == "1" {
			fmt.Fprint(w, shopifyPage(1, 1))
			return
		}
		fmt.Fprint(w, `{"products":[]}`)
	})
	comp := testComp("http://shop.test/index.html")
	comp.Platform = PlatformShopify
	var sink collector
	stats, err := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()})).Crawl(context.Background(), comp, sink.sink)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(sink.byKey(t)); n != 2 || stats.Errors != 0 || s.hits("/index.html/products.json?limit=250&page=1") != 0 {
		t.Errorf("got %d offers, stats %+v; want 2 offers from /products.json", n, stats)
	}
}

func TestCrawlOfStartURLsSharingAMissingShopAPICrawlsEachAsHTML(t *testing.T) {
	s := newShop(t)
	s.mux.HandleFunc("/products.json", http.NotFound)
	s.html("/", listingHTML([]item{{"A1", "Phone A1", "/p/a1", "¥100.00", ""}}, ""))
	s.html("/sale.html", listingHTML([]item{{"B1", "Phone B1", "/p/b1", "¥90.00", ""}}, ""))
	comp := testComp("http://shop.test/", "http://shop.test/sale.html")
	comp.Platform = PlatformShopify
	var sink collector
	stats, err := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()})).Crawl(context.Background(), comp, sink.sink)
	if err != nil {
		t.Fatal(err)
	}
	if got := sink.byKey(t); len(got) != 2 || got["sku:A1"].Title != "Phone A1" || got["sku:B1"].Title != "Phone B1" {
		t.Errorf("offers = %v; want A1 and B1 from both HTML start pages", got)
	}
	if s.hits("/products.json?limit=250&page=1") != 1 || stats.Errors != 0 {
		t.Errorf("API asked %d times, stats %+v; want once, no errors", s.hits("/products.json?limit=250&page=1"), stats)
	}
}
