package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunMapsCategoriesAndReportsWhatItCouldNot crawls a shop naming its
// categories its own way: run maps them, names the unmapped ones in its
// summary, and skips the catalog row whose category is not in the tree with
// its file and line while importing the rest.
func TestRunMapsCategoriesAndReportsWhatItCouldNot(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/":
			fmt.Fprint(w, `<html><body><ul class="goods"><li><a href="/p/1">1</a></li><li><a href="/p/2">2</a></li><li><a href="/p/3">3</a></li></ul></body></html>`)
		case "/p/1", "/p/2", "/p/3":
			cat := map[string]string{"/p/1": "数码 > 手机", "/p/2": "Gartenschläuche", "/p/3": "Gartenschläuche"}[r.URL.Path]
			fmt.Fprintf(w, `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Item %[1]s","sku":"X%[1]s","category":%[2]q,"offers":{"price":"10.00","priceCurrency":"CNY"}}</script></head><body><h1>Item</h1></body></html>`, r.URL.Path[3:], cat)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	catalog := "sku,title,category,price\nA1,Phone A,phones,100.00\nA2,Hose,Garten,20.00\nA3,Phone B,ＰＨＯＮＥＳ,200.00\n"
	if err := os.WriteFile(filepath.Join(dir, "catalog.csv"), []byte(catalog), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := fmt.Sprintf(`database: sqlite:%s
catalog: catalog.csv
contact_url: https://example.com/bot
categories:
  phones: [手机]
competitors:
  - name: shop
    start_urls: [%s/]
    allowed_domains: [127.0.0.1]
    product_links: ".goods a @href"
    currency: CNY
    delay: 0s
    robots_txt: ignore
`, filepath.Join(dir, "db.sqlite"), srv.URL)
	path := filepath.Join(dir, "shelfwatch.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, err := runCrawler(t, "", "run", "--config", path)
	if err != nil {
		t.Fatalf("%v\n%s\n%s", err, out, errOut)
	}
	for _, want := range []string{`UNMAPPED shop: "Gartenschläuche" 2`, "catalog: imported 2 items"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	wantErr := filepath.Join(dir, "catalog.csv") + `:3: category "Garten" is not in the category tree`
	if !strings.Contains(errOut, wantErr) {
		t.Errorf("stderr lacks %q:\n%s", wantErr, errOut)
	}
}
