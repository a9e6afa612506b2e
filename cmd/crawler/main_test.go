package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
)

func runCrawler(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), err
}

func TestPriceReadsOneTextPerLine(t *testing.T) {
	out, _, err := runCrawler(t, "¥1,299.00\n面议\n$10 – $20\n1299\n", "price", "--currency", "cny")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`{"input":"¥1,299.00","amount":"1299.00","currency":"CNY","min":"1299.00","max":"1299.00"}`,
		`{"input":"面议","amount":null,"currency":null,"min":null,"max":null}`,
		`{"input":"$10 – $20","amount":"10.00","currency":"USD","min":"10.00","max":"20.00"}`,
		`{"input":"1299","amount":"1299.00","currency":"CNY","min":"1299.00","max":"1299.00"}`,
	}
	if got := strings.Split(strings.TrimSpace(out), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("price output:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestExtractPrintsEveryOfferAsAJSONLine(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><head><script type="application/ld+json">
{"@context":"https://schema.org","@type":"Product","name":"Tea 250g","sku":"T1","gtin13":"6930120012505",
 "brand":{"@type":"Brand","name":"Acme"},
 "offers":{"@type":"Offer","price":"129.00","priceCurrency":"CNY","availability":"https://schema.org/InStock"}}
</script></head><body><h1>Tea 250g</h1></body></html>`)
	}))
	defer srv.Close()
	out, errOut, err := runCrawler(t, "", "extract", srv.URL+"/p/1")
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %q", err, out)
	}
	for _, k := range []string{"name", "price", "list_price", "currency", "min_price", "max_price", "availability", "sku", "gtin", "brand", "url", "image", "sales", "reviews", "source"} {
		if _, ok := got[k]; !ok {
			t.Errorf("key %q missing from %s", k, out)
		}
	}
	if got["price"] != "129.00" || got["currency"] != "CNY" || got["availability"] != "in_stock" || got["sku"] != "T1" {
		t.Errorf("offer = %s", out)
	}
	if got["min_price"] != "129.00" || got["max_price"] != "129.00" {
		t.Errorf("a single price should be its own min and max: %s", out)
	}
	if src, _ := got["source"].(map[string]any); src["price"] != "jsonld" || src["name"] != "jsonld" {
		t.Errorf("source = %v, want price from jsonld", got["source"])
	}
}

func TestCommandLineErrorsAreUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"no command", nil},
		{"an unknown command", []string{"crawl"}},
		{"an unknown flag", []string{"run", "--bogus"}},
		{"catalog without import", []string{"catalog", "load", "x.csv"}},
		{"extract without targets", []string{"extract"}},
		{"a bad decimal separator", []string{"price", "--decimal-separator", ";"}},
		{"an unknown currency", []string{"price", "--currency", "XYZ"}},
		{"a missing config file", []string{"run", "--config", "does-not-exist.yaml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name+" exits 2", func(t *testing.T) {
			_, _, err := runCrawler(t, "", tt.args...)
			if err == nil || cmdline.ExitCode("crawler", err, &bytes.Buffer{}) != 2 {
				t.Errorf("err = %v, want a usage error (exit 2)", err)
			}
		})
	}
	t.Run("help exits 0", func(t *testing.T) {
		_, _, err := runCrawler(t, "", "run", "--help")
		if cmdline.ExitCode("crawler", err, &bytes.Buffer{}) != 0 {
			t.Errorf("err = %v", err)
		}
	})
}

func TestCheckReportsFieldsOfTheStartPageAndItsFirstProduct(t *testing.T) {
	out, errOut, err := runCrawler(t, "", "check", "--config", "../../configs/shelfwatch.yaml")
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "COMPETITOR") {
		t.Fatalf("want a header and three rows (gadgethub's listing, teamall's index and first product):\n%s", out)
	}
	for _, want := range []struct {
		row int
		has []string
	}{
		{1, []string{"gadgethub", "phones.html", "6/6", "selector"}},
		{3, []string{"teamall", "p/TM-1001.html", "1/1", "jsonld"}},
	} {
		for _, h := range want.has {
			if !strings.Contains(lines[want.row], h) {
				t.Errorf("row %d lacks %q: %s", want.row, h, lines[want.row])
			}
		}
	}
}

// TestCheckShowsTheProductAsRunStoresIt: a listing gives the brand and the
// product page the SKU; check prints both pages and then the product as run
// stores it, with the listing's brand merged in.
func TestCheckShowsTheProductAsRunStoresIt(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/list":
			fmt.Fprint(w, `<html><body><div class="card"><a class="name" href="/p/1">Kettle One</a><span class="brand">Acme</span><span class="price">¥99.00</span></div></body></html>`)
		case "/p/1":
			fmt.Fprint(w, `<html><head><script type="application/ld+json">{"@type":"Product","name":"Kettle One","sku":"K1","offers":{"@type":"Offer","price":"99.00","priceCurrency":"CNY"}}</script></head><body></body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	hostname, _, _ := strings.Cut(strings.TrimPrefix(srv.URL, "http://"), ":")
	cfg := fmt.Sprintf(`competitors:
  - name: acme
    start_urls: [%[1]s/list]
    allowed_domains: [%[2]s]
    robots_txt: ignore
    delay: 0s
    currency: CNY
    selectors: {item: .card, title: a.name, url: "a.name @href", price: .price, brand: .brand}
    product_links: ".card a.name @href"
`, srv.URL, hostname)
	out, lines := runCheck(t, cfg)
	if len(lines) != 4 {
		t.Fatalf("want a header, the listing, the product page and the stored product:\n%s", out)
	}
	// COMPETITOR PAGE OFFERS TITLE PRICE LIST_PRICE CURRENCY AVAILABILITY SKU GTIN BRAND ...
	brand := func(line string) string {
		f := strings.Fields(strings.Replace(line, "  as stored (with the listing's fields)", " stored", 1))
		if len(f) < 11 {
			return ""
		}
		return f[8] + " " + f[10] // sku, brand
	}
	for i, want := range []string{"0/1 1/1", "1/1 0/1", "1/1 1/1"} {
		if got := brand(lines[i+1]); got != want {
			t.Errorf("row %d: sku and brand %q, want %q:\n%s", i+1, got, want, out)
		}
	}
	if !strings.Contains(lines[3], "as stored") {
		t.Errorf("the last row is not the stored product: %s", lines[3])
	}
}

// runCheck writes cfg to a config file, runs crawler check on it, and
// returns its output whole and in lines.
func runCheck(t *testing.T, cfg string) (string, []string) {
	t.Helper()
	path := t.TempDir() + "/shelfwatch.yaml"
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, err := runCrawler(t, "", "check", "--config", path)
	if err != nil {
		t.Fatalf("%v\n%s\n%s", err, out, errOut)
	}
	return out, strings.Split(strings.TrimSpace(out), "\n")
}
