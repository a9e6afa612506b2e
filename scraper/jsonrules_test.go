package scraper

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tidwall/gjson"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/scraper/extract"
)

// jdListing is a JD-like listing: product cards with the SKU in a data
// attribute and an empty price element the shop's script fills from
// p.shop.test.
func jdListing(skus ...string) string {
	var b strings.Builder
	b.WriteString(`<!doctype html><html><head><meta charset="utf-8"><title>手机</title></head><body><ul class="gl-warp">`)
	for _, s := range skus {
		fmt.Fprintf(&b, `<li class="gl-item" data-sku="%[1]s"><div class="p-name"><a href="//shop.test/%[1]s.html"><em>手机 %[1]s</em></a></div><div class="p-price"><strong class="J_%[1]s"><i></i></strong></div></li>`, s)
	}
	b.WriteString(`</ul></body></html>`)
	return b.String()
}

func jdComp(rule JSONRule) Competitor {
	c := testComp("http://shop.test/list")
	c.Name = "jd-like"
	c.AllowedDomains = []string{"shop.test", "p.shop.test"}
	c.Rules.Listing = extract.Selectors{Item: "li.gl-item", Title: ".p-name em", URL: ".p-name a @href", SKU: "@data-sku", Price: ".p-price i"}
	c.Rules.Product = extract.Selectors{}
	c.JSON = []JSONRule{rule}
	return c
}

func TestJSONRulesFillPricesFromABatchEndpoint(t *testing.T) {
	s := newShop(t)
	s.html("/list", jdListing("100012", "100013", "100014", "100015", "100016"))
	api := newShop(t)
	api.mux.HandleFunc("/prices/mgets", func(w http.ResponseWriter, r *http.Request) {
		// JD's answer: prices as strings, "-1.00" for a product with no
		// price; a product it does not know is left out.
		known := map[string]string{
			"J_100012": `{"id":"J_100012","p":"1999.00","op":"2299.00","m":"2599.00"}`,
			"J_100013": `{"id":"J_100013","p":"-1.00","op":"899.00"}`,
			"J_100014": `{"id":"J_100014","p":"45.90","op":"45.90"}`,
			"J_100016": `{"id":"J_100016","p":"12999.00","op":"13999.00"}`,
		}
		var parts []string
		for _, id := range strings.Split(r.URL.Query().Get("skuIds"), ",") {
			if j, ok := known[id]; ok {
				parts = append(parts, j)
			}
		}
		body := "[" + strings.Join(parts, ",") + "]"
		if cb := r.URL.Query().Get("callback"); cb != "" {
			body = cb + "(" + body + ");"
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, body)
	})
	tests := []struct {
		name      string
		url       string
		each      string
		batch     int
		wantCalls []string
	}{
		{
			"each names the offers as the endpoint does, two per request",
			"http://p.shop.test/prices/mgets?skuIds={skus}", "J_{sku}", 2,
			[]string{"/prices/mgets?skuIds=J_100012,J_100013", "/prices/mgets?skuIds=J_100014,J_100015", "/prices/mgets?skuIds=J_100016"},
		},
		{
			"a JSONP answer is unwrapped, all in one request",
			"http://p.shop.test/prices/mgets?callback=jQuery123&skuIds={skus}", "J_{sku}", 0,
			[]string{"/prices/mgets?callback=jQuery123&skuIds=J_100012,J_100013,J_100014,J_100015,J_100016"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api.mu.Lock()
			api.reqs = nil
			api.mu.Unlock()
			rule := JSONRule{URL: tt.url, Each: tt.each, Items: "#", Key: "id", Batch: tt.batch,
				Fields: map[string]string{"price": "p", "list_price": "op"}}
			cr := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr(), "p.shop.test": api.addr()}))
			var col collector
			stats, err := cr.Crawl(context.Background(), jdComp(rule), col.sink)
			if err != nil {
				t.Fatal(err)
			}
			got := col.byKey(t)
			want := map[string][2]string{
				"100012": {"1999.00 CNY", "2299.00 CNY"},
				"100013": {"<nil>", "899.00 CNY"}, // -1.00 is no price
				"100014": {"45.90 CNY", "45.90 CNY"},
				"100015": {"<nil>", "<nil>"}, // not in the answer: kept as the page gave it
				"100016": {"12999.00 CNY", "13999.00 CNY"},
			}
			for sku, w := range want {
				o, ok := got["sku:"+sku]
				if !ok {
					t.Errorf("offer %s lost", sku)
					continue
				}
				lp := "<nil>"
				if o.ListPrice != nil {
					lp = o.ListPrice.String()
				}
				if price(o) != w[0] || lp != w[1] {
					t.Errorf("%s: price %s list %s, want %s and %s", sku, price(o), lp, w[0], w[1])
				}
				if o.Price != nil && o.Source["price"] != "json" {
					t.Errorf("%s: price source %q, want json", sku, o.Source["price"])
				}
			}
			var calls []string
			for _, r := range api.requests() {
				calls = append(calls, r.uri)
				if r.ua != testComp().UserAgent {
					t.Errorf("endpoint asked with User-Agent %q", r.ua)
				}
			}
			// Requests go out two at a time (parallelism 2), in any order.
			slices.Sort(calls)
			if strings.Join(calls, "\n") != strings.Join(tt.wantCalls, "\n") {
				t.Errorf("endpoint requests:\n%s\nwant:\n%s", strings.Join(calls, "\n"), strings.Join(tt.wantCalls, "\n"))
			}
			if stats.Errors != 0 {
				t.Errorf("failures %v, want none", stats.Failures)
			}
		})
	}
}

// tmallItem is a Tmall-like product page that shows no price: the page's
// script asks mdskip.shop.test for it.
func tmallItem(id, title string) string {
	return fmt.Sprintf(`<!doctype html><html><head><meta charset="utf-8"><title>%[2]s-天猫</title></head>
<body><div class="tb-detail-hd"><h1>%[2]s</h1></div><div class="tm-price-panel"><span class="tm-price"></span></div>
<script>var g_config={itemId:"%[1]s"};</script></body></html>`, id, title)
}

func TestJSONRulesLookUpEachProductAndNeverLoseAnOffer(t *testing.T) {
	s := newShop(t)
	var links []string
	for _, id := range []string{"601", "602", "603", "604", "605", "606"} {
		s.html("/item/"+id+".html", tmallItem(id, "连衣裙 "+id))
		links = append(links, fmt.Sprintf(`<a class="it" href="/item/%s.html">%s</a>`, id, id))
	}
	s.html("/list", "<!doctype html><html><body>"+strings.Join(links, "")+"</body></html>")
	s.mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /mdskip/606\n")
	})
	s.mux.HandleFunc("/mdskip/", func(w http.ResponseWriter, r *http.Request) {
		id := strings.TrimPrefix(r.URL.Path, "/mdskip/")
		if r.Header.Get("Referer") != "http://shop.test/item/"+id+".html" {
			http.Error(w, "no referer", http.StatusForbidden)
			return
		}
		switch id {
		case "603":
			http.Error(w, "not found", http.StatusNotFound)
		case "604":
			// A busy page where JSON should be: a parse failure.
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<html><body>系统繁忙，请稍后再试</body></html>`)
		case "605":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"data":{"price":{"current":0,"original":"0"},"stock":{"state":34,"qty":0},"currency":"CNY"}}`)
		default:
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"data":{"price":{"current":%s,"original":"¥1,299.00"},"stock":{"state":33,"qty":12},"currency":"CNY","brand":"Ochirly"}}`,
				map[string]string{"601": "129.5", "602": "1088"}[id])
		}
	})
	comp := testComp("http://shop.test/list")
	comp.Name = "tmall-like"
	comp.ObeyRobots = true
	comp.Rules.Listing = extract.Selectors{}
	comp.Rules.ProductLinks = "a.it @href"
	comp.Rules.Product = extract.Selectors{Title: "h1", Price: ".tm-price"}
	comp.JSON = []JSONRule{{
		URL:     "http://shop.test/mdskip/{id}",
		IDRegex: regexp.MustCompile(`/item/(\d+)\.html`),
		Fields: map[string]string{
			"price": "data.price.current", "list_price": "data.price.original",
			"availability": "data.stock.state", "currency": "data.currency", "brand": "data.brand",
		},
		AvailabilityValues: map[string]pricing.Availability{"33": pricing.InStock, "34": pricing.OutOfStock},
	}}
	cr := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()}))
	var col collector
	stats, err := cr.Crawl(context.Background(), comp, col.sink)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]pricing.Offer{}
	for _, o := range col.offers() {
		got[strings.TrimSuffix(strings.TrimPrefix(o.URL, "http://shop.test/item/"), ".html")] = o
	}
	tests := []struct {
		id, price, list, brand string
		avail                  pricing.Availability
	}{
		{"601", "129.50 CNY", "1299.00 CNY", "Ochirly", pricing.InStock}, // a JSON number, read exactly
		{"602", "1088.00 CNY", "1299.00 CNY", "Ochirly", pricing.InStock},
		{"603", "<nil>", "", "", pricing.AvailabilityUnknown}, // 404: the page's offer as it was
		{"604", "<nil>", "", "", pricing.AvailabilityUnknown}, // HTML, not JSON: a parse failure
		{"605", "<nil>", "", "", pricing.OutOfStock},          // a zero is no price; the stock state still reads
		{"606", "<nil>", "", "", pricing.AvailabilityUnknown}, // robots.txt disallows its endpoint
	}
	for _, tt := range tests {
		t.Run("item "+tt.id, func(t *testing.T) {
			o, ok := got[tt.id]
			if !ok {
				t.Fatalf("offer of item %s lost", tt.id)
			}
			list := ""
			if o.ListPrice != nil {
				list = o.ListPrice.String()
			}
			if price(o) != tt.price || list != tt.list || o.Brand != tt.brand || o.Availability != tt.avail {
				t.Errorf("price %s list %q brand %q availability %s; want %s, %q, %q, %s", price(o), list, o.Brand, o.Availability, tt.price, tt.list, tt.brand, tt.avail)
			}
			if o.Title != "连衣裙 "+tt.id {
				t.Errorf("title %q: the page's fields must stay", o.Title)
			}
		})
	}
	wantClasses := map[string]int{Class4xx: 1, ClassParse: 1, ClassRobots: 1}
	for class, n := range wantClasses {
		if stats.ErrorsByClass[class] != n {
			t.Errorf("ErrorsByClass[%s] = %d, want %d (all: %v)", class, stats.ErrorsByClass[class], n, stats.ErrorsByClass)
		}
	}
	if s.hits("/mdskip/606") != 0 {
		t.Error("the endpoint robots.txt disallows was requested")
	}
}

func TestJSONRulesKeepTheHostLimits(t *testing.T) {
	s := newShop(t)
	var skus []string
	for i := range 12 {
		skus = append(skus, fmt.Sprintf("%d", 200+i))
	}
	s.html("/list", jdListing(skus...))
	s.mux.HandleFunc("/p/", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond)
		fmt.Fprintf(w, `{"price": "9.90"}`)
	})
	c := jdComp(JSONRule{URL: "http://shop.test/p/{sku}", Fields: map[string]string{"price": "price"}})
	c.Parallelism = 2
	cr := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()}))
	var col collector
	if _, err := cr.Crawl(context.Background(), c, col.sink); err != nil {
		t.Fatal(err)
	}
	for _, o := range col.offers() {
		if price(o) != "9.90 CNY" {
			t.Errorf("%s: price %s", o.SKU, price(o))
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.maxConc > 2 {
		t.Errorf("shop saw %d requests at once, parallelism is 2", s.maxConc)
	}
	if s.maxConc < 2 {
		t.Logf("endpoint requests never overlapped (max %d)", s.maxConc)
	}
}

func TestJSONRuleMatchesPrefixedIDs(t *testing.T) {
	items := gjson.Parse(`[{"id":"J_1"},{"id":"J_100012","p":"1"},{"id":"100013","p":"2"},{"id":"X100014","p":"3"}]`).Array()
	rule := JSONRule{Items: "#", Key: "id"}
	tests := []struct {
		name, want, raw string
		found           bool
		p               string
	}{
		{"an exact name matches", "J_100012", "100012", true, "1"},
		{"a bare SKU matches a prefixed id after a separator", "100012", "100012", true, "1"},
		{"a prefixed name matches the bare id", "J_100013", "100013", true, "2"},
		{"no separator, no match: 14 is not X100014", "100014", "100014", false, ""},
		{"a shorter id is never a match", "12", "12", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it, ok := rule.match(items, tt.want, tt.raw)
			if ok != tt.found || ok && it.Get("p").String() != tt.p {
				t.Errorf("match(%q) = %s, %v; want p=%q, %v", tt.want, it.Raw, ok, tt.p, tt.found)
			}
		})
	}
}

func TestJSONTemplatesRenderEscapedValues(t *testing.T) {
	tests := []struct {
		tmpl string
		vals map[string]string
		want string
	}{
		{"https://p.example/prices?skus={skus}", map[string]string{"skus": "J_1,J_2"}, "https://p.example/prices?skus=J_1,J_2"},
		{"https://p.example/item/{sku}/price", map[string]string{"sku": "a b/c"}, "https://p.example/item/a%20b%2Fc/price"},
		{"https://p.example/q?u={url}", map[string]string{"url": "https://s.example/p?id=1&x=2"}, "https://p.example/q?u=https%3A%2F%2Fs.example%2Fp%3Fid%3D1%26x%3D2"},
		{"https://p.example/{id}.json?v=1", map[string]string{"id": "42"}, "https://p.example/42.json?v=1"},
	}
	for _, tt := range tests {
		t.Run(tt.tmpl, func(t *testing.T) {
			tp, err := parseTemplate(tt.tmpl, true)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := tp.render(tt.vals, true)
			if !ok || got != tt.want {
				t.Errorf("render = %q, %v; want %q", got, ok, tt.want)
			}
		})
	}
}

func TestCheckJSONPath(t *testing.T) {
	tests := []struct {
		path string
		ok   bool
	}{
		{"p", true},
		{"data.price.current", true},
		{"data.#", true},
		{"#", true},
		{"data.items.#.price", true},
		{`data.items.#(id=="J_1").p`, true},
		{`data.items.#(name%"*phone*")#.id`, true},
		{"@this", true},
		{"data|@reverse|0", true},
		{`price\.cn`, true},
		{"..0.price", true},
		{"", false},
		{" p", false},
		{"data..price", false},
		{"data.", false},
		{".data", false},
		{"data.items.#(id==1", false},
		{`data.#(id=="J_1).p`, false},
		{"data]", false},
		{"@nosuchmodifier", false},
		{"data|", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			err := checkJSONPath(tt.path)
			if (err == nil) != tt.ok {
				t.Errorf("checkJSONPath(%q) = %v, want ok=%v", tt.path, err, tt.ok)
			}
		})
	}
}

// FuzzJSONAnswer feeds endpoint answers (outside input) through what a
// rule does with them: unwrap, find the items, match, apply. Nothing may
// panic, and an offer keeps its page fields unless a value reads as one.
func FuzzJSONAnswer(f *testing.F) {
	for _, s := range []string{
		`[{"id":"J_100012","p":"1999.00","op":"2299.00"}]`,
		`jQuery123([{"id":"J_1","p":"-1.00"}]);`,
		`{"data":{"price":{"current":129.5},"stock":{"state":33}}}`,
		`{"data":[{"id":1,"p":1e400}]}`,
		`[{"id":"1","p":"¥1,299.00","stock":true,"sales":"2万+"}]`,
		`<html>busy</html>`,
		`cb(`,
		``,
	} {
		f.Add([]byte(s))
	}
	rules := []JSONRule{
		{Items: "#", Key: "id", Fields: map[string]string{"price": "p", "list_price": "op", "availability": "stock", "sales": "sales", "gtin": "gtin", "image": "img"}},
		{Items: "data", Key: "id", Fields: map[string]string{"price": "p"}},
		{Fields: map[string]string{"price": "data.price.current", "availability": "data.stock.state", "title": "data.title"}, Fill: true},
	}
	base, _ := url.Parse("https://p.shop.example/prices")
	f.Fuzz(func(t *testing.T, body []byte) {
		doc, err := jsonBody(body)
		if err != nil {
			return
		}
		for _, r := range rules {
			items, err := r.items(doc)
			if err != nil {
				continue
			}
			it, ok := r.match(items, "J_1", "1")
			if !ok {
				continue
			}
			o := pricing.Offer{Title: "page title", URL: "https://shop.example/1.html"}
			r.apply(&o, it, base, extract.Rules{Currency: "CNY"})
			if o.Title == "" || o.URL != "https://shop.example/1.html" {
				t.Fatalf("offer lost its page fields: %+v", o)
			}
			if o.Price != nil && o.Price.Amount < 0 {
				t.Fatalf("negative price %v from %q", o.Price, body)
			}
		}
	})
}
