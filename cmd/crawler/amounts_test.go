package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/store"
)

// TestRunStoresEachCurrencyInItsOwnPrecision crawls shops that print
// prices in currencies of zero, two and three decimals, with the
// separators that only the currency disambiguates: "$24.990" in a Chilean
// shop is 24,990 pesos and "KD 423.923" keeps its fils. What the crawl
// stores must be exactly what the shop wrote.
func TestRunStoresEachCurrencyInItsOwnPrecision(t *testing.T) {
	shops := map[string]struct{ currency, text, want string }{
		"kwshop": {"KWD", "KD 423.923", "423.923"},
		"clshop": {"CLP", "$24.990", "24990"},
		"jpshop": {"JPY", "¥1,299", "1299"},
		"cnshop": {"CNY", "¥1,299.00", "1299"},
		"usshop": {"USD", "$24.99", "24.99"},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, ok := shops[r.URL.Path[1:]]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html><body><div class="item"><a class="name" href="/p/1">Watch</a><span class="sku">W1</span><span class="price">%s</span></div></body></html>`, s.text)
	}))
	defer srv.Close()
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "db.sqlite")
	cfg := fmt.Sprintf("database: %s\ncontact_url: https://example.com/bot\ncompetitors:\n", dsn)
	for name, s := range shops {
		cfg += fmt.Sprintf(`  - name: %s
    start_urls: [%s/%s]
    allowed_domains: [127.0.0.1]
    extract: selectors
    currency: %s
    selectors:
      item: ".item"
      title: "a.name"
      url: "a.name @href"
      sku: ".sku"
      price: ".price"
    delay: 0s
    robots_txt: ignore
`, name, srv.URL, name, s.currency)
	}
	path := filepath.Join(dir, "shelfwatch.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, errOut, err := runCrawler(t, "", "run", "--config", path); err != nil {
		t.Fatalf("%v\n%s\n%s", err, out, errOut)
	}
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for name, s := range shops {
		t.Run(fmt.Sprintf("%s in %s is stored as %s", s.text, s.currency, s.want), func(t *testing.T) {
			got, err := db.LatestOffers(context.Background(), name)
			if err != nil {
				t.Fatal(err)
			}
			want := pricing.Money{Amount: pricing.MustAmount(s.want), Currency: s.currency}
			if len(got) != 1 || got[0].Offer.Price == nil || *got[0].Offer.Price != want {
				t.Fatalf("offers = %+v, want one priced %v", got, want)
			}
		})
	}
}
