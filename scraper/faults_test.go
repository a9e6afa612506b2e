package scraper

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/shelfwatch/shelfwatch/scraper/extract"
)

// fakeProduct is one product of the fault-injection shop.
type fakeProduct struct {
	slug, title, price, brand string
}

// faultLayout is how one kind of shop writes its pages, so that the faults
// are met both by a crawl reading listing cards with selectors and by one
// reading JSON-LD product pages automatically.
type faultLayout struct {
	name string
	comp func() Competitor
	// listing renders a listing page linking to products, and to next.
	listing func(ps []fakeProduct, next string) string
	// product renders a product page. It declares no charset: the
	// handler's Content-Type does.
	product func(p fakeProduct) string
	// listingOffers: listing pages carry offers of their own, so a
	// product whose page fails still has its listing offer stored.
	listingOffers bool
}

var faultLayouts = []faultLayout{
	{
		name: "selector cards in Chinese priced in CNY",
		comp: func() Competitor {
			c := testComp("http://shop.test/list")
			c.Rules.ProductLinks = "a.name @href"
			return c
		},
		listing: func(ps []fakeProduct, next string) string {
			items := make([]item, len(ps))
			for i, p := range ps {
				items[i] = item{sku: p.slug, title: p.title, href: "/p/" + p.slug, price: "¥" + p.price}
			}
			// One link off the allowed domains, which is never followed.
			items = append(items, item{sku: "offsite", title: "站外", href: "http://evil.test/p/offsite", price: "¥1.00"})
			return listingHTML(items, next)
		},
		product: func(p fakeProduct) string {
			return fmt.Sprintf(`<!doctype html><html><head><title>%[1]s</title></head><body>
<h1>%[1]s</h1><div class="brand">%[3]s</div><div class="price">¥%[2]s</div><p>%[4]s</p></body></html>
`, html.EscapeString(p.title), p.price, p.brand, strings.Repeat("商品详情 ", 20))
		},
		listingOffers: true,
	},
	{
		name: "JSON-LD product pages in German priced in EUR",
		comp: func() Competitor {
			c := testComp("http://shop.test/list")
			c.Currency = "EUR"
			c.Rules = extract.Rules{Mode: extract.ModeAuto, ProductLinks: ".goods a @href", NextPage: "a.weiter @href", Currency: "EUR"}
			return c
		},
		listing: func(ps []fakeProduct, next string) string {
			var b strings.Builder
			b.WriteString(`<!doctype html><html><head><meta charset="utf-8"><title>Handys</title></head><body><ul class="goods">`)
			for _, p := range ps {
				fmt.Fprintf(&b, `<li><a href="/p/%s">%s</a></li>`, p.slug, html.EscapeString(p.title))
			}
			b.WriteString(`<li><a href="http://evil.test/p/offsite">Fremdseite</a></li></ul>`)
			if next != "" {
				fmt.Fprintf(&b, `<a class="weiter" href="%s">Weiter</a>`, next)
			}
			b.WriteString("</body></html>\n")
			return b.String()
		},
		product: func(p fakeProduct) string {
			return fmt.Sprintf(`<!doctype html><html lang="de"><head><title>%[1]s</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"%[1]s","sku":"%[4]s","brand":{"@type":"Brand","name":"%[3]s"},"offers":{"@type":"Offer","price":"%[2]s","priceCurrency":"EUR","availability":"https://schema.org/InStock"}}</script>
</head><body><h1>%[1]s</h1><p>%[5]s</p></body></html>
`, p.title, p.price, p.brand, p.slug, strings.Repeat("Produktbeschreibung ", 20))
		},
	},
}

// faultObserver records what a crawl tells its Observer.
type faultObserver struct {
	mu       sync.Mutex
	statuses map[int]int
	retries  int
	failed   map[string]int
}

func (o *faultObserver) PageFetched(comp string, status int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.statuses[status]++
}

func (o *faultObserver) Retried(comp string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.retries++
}

func (o *faultObserver) PageFailed(comp, class string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.failed[class]++
}

// TestCrawlOfAShopFullOfFaults is issue 8's fault-injection shop: 429 with
// Retry-After, 503 bursts, answers slower than the timeout, truncated
// bodies, a redirect loop, an off-domain redirect, pages over
// max_body_size, an image and a PDF behind product links, invalid UTF-8, a
// page disallowed by robots.txt and a listing with more offers than
// max_items_per_page. The crawl must finish; every product from the good
// pages must reach the sink, read whole; each failure must be counted in
// its class; and nothing outside the allowed domains may be requested.
func TestCrawlOfAShopFullOfFaults(t *testing.T) {
	for _, layout := range faultLayouts {
		t.Run(layout.name, func(t *testing.T) {
			t.Parallel()
			testShopFullOfFaults(t, layout)
		})
	}
}

func testShopFullOfFaults(t *testing.T, layout faultLayout) {
	const (
		maxBody  = 64 << 10
		maxItems = 20
		retries  = 2
	)
	p := func(slug, title string) fakeProduct {
		return fakeProduct{slug: slug, title: title, price: "129.90", brand: "Brand-" + slug}
	}
	// Good pages: read whole in the end, whatever they took.
	good := []fakeProduct{
		p("plain", "Phone Plain"),
		p("burst", "Phone after a 503 burst"),
		p("ratelimited", "Phone after a 429"),
		p("slowish", "Phone a little slow"),
		p("moved", "Phone moved within the shop"),
		p("badutf8", "Telefon \xff\xfe Pro"),         // declared UTF-8, with stray bytes
		p("latin1", "Caf\xe9 Phone \xabEdition\xbb"), // undeclared windows-1252
	}
	wantTitle := map[string]string{
		"badutf8": "Telefon \uFFFD Pro",
		"latin1":  "Café Phone «Edition»",
	}
	// Failing pages, by the class they must be counted in.
	failing := map[string][]string{
		Class4xx:          {"gone", "throttled"},
		Class5xx:          {"down"},
		ClassTimeout:      {"slow"},
		ClassTruncated:    {"cut", "cut-html"},
		ClassRedirectLoop: {"loop"},
		ClassOffDomain:    {"away"},
		ClassBodyTooLarge: {"huge", "huge-chunked"},
		ClassContentType:  {"photo", "manual"},
		ClassRobots:       {"private"},
	}
	var bad []fakeProduct
	for _, class := range ErrorClasses {
		for _, slug := range failing[class] {
			bad = append(bad, p(slug, "Broken "+slug))
		}
	}
	var flood []fakeProduct
	for i := range maxItems + 5 {
		flood = append(flood, p(fmt.Sprintf("flood-%d", i), fmt.Sprintf("Flood %d", i)))
	}
	byslug := map[string]fakeProduct{}
	for _, fp := range slices.Concat(good, bad, flood) {
		byslug[fp.slug] = fp
	}

	// The off-domain target: a shop of its own that must never be asked
	// for anything.
	var evilHits sync.Map
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		evilHits.Store(r.URL.RequestURI(), true)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, layout.product(p("offsite", "Offsite")))
	}))
	t.Cleanup(evil.Close)

	s := newShop(t)
	s.mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /p/private\n")
	})
	all := slices.Concat(good, bad)
	half := len(all) / 2
	s.mux.HandleFunc("/list", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Query().Get("page") {
		case "":
			fmt.Fprint(w, layout.listing(all[:half], "/list?page=2"))
		case "2":
			fmt.Fprint(w, layout.listing(all[half:], "/list?page=3"))
		case "3":
			// A listing with too many offers; its next link and its
			// product links must not be followed either.
			if layout.listingOffers {
				fmt.Fprint(w, layout.listing(flood, "/list?page=4"))
				return
			}
			var b strings.Builder
			b.WriteString(`<!doctype html><html><head><meta charset="utf-8">`)
			for _, fp := range flood {
				fmt.Fprintf(&b, `<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"%s","sku":"%s","url":"http://shop.test/p/%s","offers":{"@type":"Offer","price":"1.00","priceCurrency":"EUR"}}</script>`, fp.title, fp.slug, fp.slug)
			}
			b.WriteString(`</head><body><ul class="goods">`)
			for _, fp := range flood {
				fmt.Fprintf(&b, `<li><a href="/p/%s">%s</a></li>`, fp.slug, fp.title)
			}
			b.WriteString(`</ul><a class="weiter" href="/list?page=4">Weiter</a></body></html>`)
			fmt.Fprint(w, b.String())
		default:
			fmt.Fprint(w, layout.listing(nil, ""))
		}
	})
	var mu sync.Mutex
	served := map[string]int{}
	s.mux.HandleFunc("/p/", func(w http.ResponseWriter, r *http.Request) {
		slug := strings.TrimPrefix(r.URL.Path, "/p/")
		mu.Lock()
		served[slug]++
		n := served[slug]
		mu.Unlock()
		page := func(slug string) string { return layout.product(byslug[slug]) }
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch slug {
		case "burst":
			if n <= 2 {
				http.Error(w, "busy", http.StatusServiceUnavailable)
				return
			}
		case "ratelimited":
			if n == 1 {
				w.Header().Set("Retry-After", "1")
				http.Error(w, "slow down", http.StatusTooManyRequests)
				return
			}
		case "slowish":
			time.Sleep(50 * time.Millisecond)
		case "moved":
			http.Redirect(w, r, "/p/moved-here", http.StatusMovedPermanently)
			return
		case "moved-here":
			slug = "moved"
		case "latin1":
			w.Header().Set("Content-Type", "text/html")
		case "gone":
			http.NotFound(w, r)
			return
		case "throttled":
			w.Header().Set("Retry-After", "3600")
			http.Error(w, "come back in an hour", http.StatusTooManyRequests)
			return
		case "down":
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		case "slow":
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
			return
		case "cut":
			// Announce the whole page, send a third and hang up.
			body := page(slug)
			w.Header().Set("Content-Length", fmt.Sprint(len(body)))
			fmt.Fprint(w, body[:len(body)/3])
			return
		case "cut-html":
			// Cut inside a tag by a proxy that fixed up the length.
			body := page(slug)
			fmt.Fprint(w, body[:strings.Index(body, "<h1>")+3])
			return
		case "loop":
			http.Redirect(w, r, "/p/loop-back", http.StatusFound)
			return
		case "loop-back":
			http.Redirect(w, r, "/p/loop", http.StatusFound)
			return
		case "away":
			http.Redirect(w, r, "http://evil.test/p/landing", http.StatusFound)
			return
		case "huge", "huge-chunked":
			body := page(slug) + "<!--" + strings.Repeat("x", maxBody) + "-->"
			if slug == "huge" {
				w.Header().Set("Content-Length", fmt.Sprint(len(body)))
			}
			fmt.Fprint(w, body)
			return
		case "photo":
			w.Header().Set("Content-Type", "image/png")
			w.Write([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
			return
		case "manual":
			w.Header().Set("Content-Type", "application/pdf")
			fmt.Fprint(w, "%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj\n")
			return
		}
		if _, ok := byslug[slug]; !ok {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, page(slug))
	})

	comp := layout.comp()
	comp.ObeyRobots = true
	comp.Timeout = 400 * time.Millisecond
	comp.Parallelism = 4
	comp.MaxPages = 100
	comp.MaxBodySize = maxBody
	comp.MaxItemsPerPage = maxItems
	c := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr(), "evil.test": evil.Listener.Addr().String()}))
	c.MaxRetries = retries
	c.RetryBackoff = 5 * time.Millisecond
	c.MaxRetryWait = 2 * time.Second
	c.RobotsTimeout = time.Second
	obs := &faultObserver{statuses: map[int]int{}, failed: map[string]int{}}
	c.Observer = obs

	var sink collector
	start := time.Now()
	stats, err := c.Crawl(context.Background(), comp, sink.sink)
	t.Logf("crawl took %s: %d pages, %d items, errors by class %v", time.Since(start), stats.Pages, stats.Items, stats.ErrorsByClass)
	if err != nil {
		t.Fatalf("the crawl failed: %v", err)
	}

	t.Run("every product of a good page is stored, read whole", func(t *testing.T) {
		got := sink.byKey(t)
		for _, fp := range good {
			o, ok := got["sku:"+fp.slug]
			if !ok {
				t.Errorf("%s: not stored", fp.slug)
				continue
			}
			title := fp.title
			if w, ok := wantTitle[fp.slug]; ok {
				title = w
			}
			if o.Title != title || o.Brand != fp.brand || o.Price == nil || o.Price.Currency != comp.Currency {
				t.Errorf("%s: stored %q by %q at %s, want %q by %q (its product page's)", fp.slug, o.Title, o.Brand, price(o), title, fp.brand)
			}
		}
	})
	t.Run("nothing of a failed page is stored", func(t *testing.T) {
		got := sink.byKey(t)
		for _, fp := range bad {
			o, ok := got["sku:"+fp.slug]
			switch {
			case ok && !layout.listingOffers:
				t.Errorf("%s: an offer from a failed page was stored: %+v", fp.slug, o)
			case !ok && layout.listingOffers:
				t.Errorf("%s: the listing's offer for a product whose page failed was lost", fp.slug)
			case ok && o.Brand != "":
				t.Errorf("%s: stored with brand %q, which only its failed page says", fp.slug, o.Brand)
			}
		}
		for _, fp := range flood {
			if o, ok := got["sku:"+fp.slug]; ok {
				t.Errorf("%s: an offer of the page with too many items was stored: %+v", fp.slug, o)
			}
		}
		wantN := len(good)
		if layout.listingOffers {
			// The listings' own offers: one per failed product, and
			// the off-domain card, whose link is not followed but
			// whose offer is on a good page.
			wantN += len(bad) + 1
		}
		if len(got) != wantN {
			t.Errorf("%d offers stored, want %d", len(got), wantN)
		}
		for _, o := range sink.offers() {
			for _, f := range []string{o.Title, o.Brand, o.URL, o.SKU, o.Category} {
				if !utf8.ValidString(f) {
					t.Errorf("%s: invalid UTF-8 reached the sink: %q", o.Key, f)
				}
			}
		}
	})
	t.Run("each failure is counted in its class", func(t *testing.T) {
		want := map[string]int{ClassTooManyItems: 1}
		for class, slugs := range failing {
			want[class] = len(slugs)
		}
		for _, class := range ErrorClasses {
			if stats.ErrorsByClass[class] != want[class] {
				t.Errorf("ErrorsByClass[%s] = %d, want %d", class, stats.ErrorsByClass[class], want[class])
			}
			if want[class] == 0 {
				continue
			}
			ex := stats.ErrorExamples[class]
			ok := class == ClassTooManyItems && ex == "http://shop.test/list?page=3"
			for _, slug := range failing[class] {
				ok = ok || ex == "http://shop.test/p/"+slug
			}
			if !ok {
				t.Errorf("ErrorExamples[%s] = %q, want one of its pages", class, ex)
			}
		}
		for _, f := range stats.Failures {
			t.Logf("%-14s %v", ErrorClass(f), f)
		}
		total := 0
		for _, n := range want {
			total += n
		}
		if stats.Errors != total-want[ClassRobots] || len(stats.Failures) != stats.Errors {
			t.Errorf("Errors = %d, Failures %d; want %d (robots.txt's refusals are not fetch failures)", stats.Errors, len(stats.Failures), total-want[ClassRobots])
		}
		obs.mu.Lock()
		defer obs.mu.Unlock()
		if !mapsEqual(obs.failed, stats.ErrorsByClass) {
			t.Errorf("the observer was told of failures %v, Stats says %v", obs.failed, stats.ErrorsByClass)
		}
	})
	t.Run("retries and answers are observed as they happen", func(t *testing.T) {
		obs.mu.Lock()
		defer obs.mu.Unlock()
		// burst 2, ratelimited 1, and the full retries of down, slow,
		// cut and cut-html; throttled's hour-long Retry-After none.
		if want := 2 + 1 + 4*retries; obs.retries != want {
			t.Errorf("observed %d retries, want %d", obs.retries, want)
		}
		want := map[int]int{
			http.StatusTooManyRequests:    2,               // ratelimited once, throttled once
			http.StatusServiceUnavailable: 2 + retries + 1, // burst twice, down every time
			http.StatusNotFound:           1,               // gone
		}
		for status, n := range want {
			if obs.statuses[status] != n {
				t.Errorf("observed %d answers with status %d, want %d (all: %v)", obs.statuses[status], status, n, obs.statuses)
			}
		}
		if obs.statuses[http.StatusOK] < len(good)+3 {
			t.Errorf("observed %d answers with status 200, want at least %d", obs.statuses[http.StatusOK], len(good)+3)
		}
	})
	t.Run("nothing outside the allowed domains is requested", func(t *testing.T) {
		evilHits.Range(func(k, _ any) bool {
			t.Errorf("the off-domain shop was asked for %s", k)
			return true
		})
		for _, slug := range []string{"private", "flood-0", "flood-1"} {
			if n := s.hits("/p/" + slug); n != 0 {
				t.Errorf("/p/%s fetched %d times, want never", slug, n)
			}
		}
		if n := s.hits("/list?page=4"); n != 0 {
			t.Errorf("the too-many-items page's next link was followed")
		}
		// Final failures are not retried; each page once.
		for _, slug := range []string{"gone", "throttled", "huge", "huge-chunked", "photo", "manual", "away"} {
			if n := s.hits("/p/" + slug); n != 1 {
				t.Errorf("/p/%s fetched %d times, want once", slug, n)
			}
		}
		if n := s.hits("/p/loop"); n > 3 {
			t.Errorf("the redirect loop went round %d times", n)
		}
	})
}

func mapsEqual(a, b map[string]int) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	for k, v := range b {
		if a[k] != v {
			return false
		}
	}
	return true
}
