package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/shelfwatch/shelfwatch/scraper"
)

// scriptedProduct is a product page whose structured data only its script
// writes, as single-page shops do.
const scriptedProduct = `<!doctype html><html><head><meta charset="utf-8"><title>Tea</title></head>
<body><h1>Tea 250g</h1><script src="/app.js"></script></body></html>`

const scriptedApp = `fetch('/api/product/T1').then(function (r) { return r.json(); }).then(function (p) {
  var s = document.createElement('script');
  s.type = 'application/ld+json';
  s.text = JSON.stringify({"@context": "https://schema.org", "@type": "Product", "name": p.name, "sku": p.sku,
    "offers": {"@type": "Offer", "price": p.price, "priceCurrency": "CNY", "availability": "https://schema.org/InStock"}});
  document.head.appendChild(s);
  document.body.insertAdjacentHTML('beforeend', '<div class="ready"></div>');
});`

func TestExtractRenderReadsWhatScriptsWrite(t *testing.T) {
	if scraper.ChromiumPath() == "" {
		if os.Getenv("SHELFWATCH_REQUIRE_CHROMIUM") == "1" {
			t.Fatal("SHELFWATCH_REQUIRE_CHROMIUM=1 but no chromium is installed")
		}
		t.Skip("no chromium installed; set SHELFWATCH_REQUIRE_CHROMIUM=1 to fail instead")
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/p/1":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, scriptedProduct)
		case "/app.js":
			w.Header().Set("Content-Type", "text/javascript")
			fmt.Fprint(w, scriptedApp)
		case "/api/product/T1":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"name":"Tea 250g","sku":"T1","price":"129.00"}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	tests := []struct {
		name      string
		args      []string
		wantPrice string
	}{
		{"without --render the page has no price", nil, ""},
		{"--render waits for the network to be idle", []string{"--render"}, "129.00"},
		{"--render --wait-for waits for a selector", []string{"--render", "--wait-for", ".ready"}, "129.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(append([]string{"extract"}, tt.args...), srv.URL+"/p/1")
			out, errOut, err := runCrawler(t, "", args...)
			if tt.wantPrice == "" {
				if strings.Contains(out, `"price":"`) {
					t.Errorf("found a price without rendering: %s", out)
				}
				return
			}
			if err != nil {
				t.Fatalf("%v\n%s", err, errOut)
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("%v: %q (stderr %s)", err, out, errOut)
			}
			if got["price"] != tt.wantPrice || got["sku"] != "T1" {
				t.Errorf("offer = %s", out)
			}
		})
	}
	if _, _, err := runCrawler(t, "", "extract", "--wait-for", ".ready", srv.URL+"/p/1"); err == nil {
		t.Error("--wait-for without --render: no error")
	}
}

func TestCheckRendersABrowserCompetitorAndLooksUpItsJSONRules(t *testing.T) {
	if scraper.ChromiumPath() == "" {
		if os.Getenv("SHELFWATCH_REQUIRE_CHROMIUM") == "1" {
			t.Fatal("SHELFWATCH_REQUIRE_CHROMIUM=1 but no chromium is installed")
		}
		t.Skip("no chromium installed; set SHELFWATCH_REQUIRE_CHROMIUM=1 to fail instead")
	}
	var stockAsked atomic.Bool // written by the server's goroutines
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/p/1":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, scriptedProduct)
		case "/app.js":
			w.Header().Set("Content-Type", "text/javascript")
			fmt.Fprint(w, scriptedApp)
		case "/api/product/T1":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"name":"Tea 250g","sku":"T1","price":"129.00"}`)
		case "/api/stock":
			stockAsked.Store(r.URL.Query().Get("sku") == "T1")
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"data":{"brand":"Acme","list":"149.00"}}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	hostname, _, _ := strings.Cut(host, ":")
	cfg := fmt.Sprintf(`competitors:
  - name: jsshop
    start_urls: [%[1]s/p/1]
    allowed_domains: [%[2]s]
    robots_txt: ignore
    delay: 0s
    render: browser
    wait_for: .ready
    render_timeout: 20s
    json:
      url: "%[1]s/api/stock?sku={sku}"
      fields: {brand: data.brand, list_price: data.list}
`, srv.URL, hostname)
	out, lines := runCheck(t, cfg)
	if len(lines) != 2 {
		t.Fatalf("want a header and one row:\n%s", out)
	}
	fields := strings.Fields(lines[1])
	// COMPETITOR PAGE OFFERS TITLE PRICE LIST_PRICE CURRENCY AVAILABILITY SKU GTIN BRAND ...
	if len(fields) < 11 || fields[2] != "1" || fields[4] != "1/1" || fields[5] != "1/1" || fields[10] != "1/1" {
		t.Errorf("row %q: want one offer with price, list price (json) and brand (json)", lines[1])
	}
	if !stockAsked.Load() {
		t.Error("the json: endpoint was not asked for SKU T1")
	}
}
