package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
)

// TestCrawlerRunSendsAlertsBetweenDigests runs `crawler run` on a config
// with notify: and alerts: sections against an httptest shop and a fake
// Slack webhook: the first crawl sends nothing, a price cut on a watched
// item is sent after the second, and the third sends nothing again.
func TestCrawlerRunSendsAlertsBetweenDigests(t *testing.T) {
	var mu sync.Mutex
	price := "1200.00"
	shop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		p := price
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/list":
			fmt.Fprint(w, `<html><body><div class="goods"><a href="/p/1">Rival Phone</a></div></body></html>`)
		case "/p/1":
			fmt.Fprintf(w, `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Rival Phone","sku":"R1","gtin13":"4006381333931","brand":{"@type":"Brand","name":"Acme"},"offers":{"@type":"Offer","price":%q,"priceCurrency":"CNY","availability":"https://schema.org/InStock"}}</script></head><body><h1>Rival Phone</h1></body></html>`, p)
		default:
			http.NotFound(w, r)
		}
	}))
	defer shop.Close()
	var msgs []string
	slack := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		msgs = append(msgs, string(b))
		mu.Unlock()
		io.WriteString(w, "ok")
	}))
	defer slack.Close()

	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "catalog.csv"), []byte("sku,title,brand,category,price,currency,gtin\nOUR-1,Acme Phone,Acme,Phones,1000.00,CNY,4006381333931\n"), 0o644)
	cfg := filepath.Join(dir, "shelfwatch.yaml")
	os.WriteFile(cfg, []byte(`database: sqlite:`+filepath.Join(dir, "db.sqlite")+`
catalog: catalog.csv
contact_url: https://example.com/bot
notify:
  destinations:
    - {name: ops, type: slack, url_env: SLACK_URL}
alerts:
  watch: [OUR-1]
  rules: [{type: price_move, pct: 10}]
competitors:
  - name: rival
    start_urls: [`+shop.URL+`/list]
    allowed_domains: [127.0.0.1]
    extract: auto
    currency: CNY
    product_links: ".goods a @href"
    delay: 0s
`), 0o644)
	vars := map[string]string{"SLACK_URL": slack.URL + "/services/T0/B0/secrettoken"}
	crawl := func() (string, int) {
		t.Helper()
		var out, errb bytes.Buffer
		err := run(context.Background(), []string{"run", "--config", cfg, "-q"}, func(k string) string { return vars[k] }, strings.NewReader(""), &out, &errb)
		if err != nil {
			t.Fatalf("crawler run: %v\n%s%s", err, out.String(), errb.String())
		}
		if strings.Contains(out.String()+errb.String(), "secrettoken") {
			t.Errorf("the webhook's token was printed:\n%s%s", out.String(), errb.String())
		}
		mu.Lock()
		defer mu.Unlock()
		return out.String(), len(msgs)
	}
	if out, n := crawl(); n != 0 || strings.Contains(out, "ALERTS") {
		t.Fatalf("first crawl sent %d messages:\n%s", n, out)
	}
	mu.Lock()
	price = "900.00"
	mu.Unlock()
	out, n := crawl()
	if n != 1 || !strings.Contains(out, "ALERTS: 1 new, 1 deliveries made; 1 to ops") {
		t.Fatalf("second crawl: %d messages, output:\n%s", n, out)
	}
	if want := `OUR-1 Acme Phone: rival cut \"Rival Phone\" from ¥1,200 to ¥900 (−25.0%)`; !strings.Contains(msgs[0], want) {
		t.Errorf("message lacks %s:\n%s", want, msgs[0])
	}
	if out, n := crawl(); n != 1 || strings.Contains(out, "ALERTS") {
		t.Errorf("third crawl: %d messages in all, output:\n%s", n, out)
	}

	t.Run("a missing webhook secret is a usage error before any crawl", func(t *testing.T) {
		var out, errb bytes.Buffer
		err := run(context.Background(), []string{"run", "--config", cfg, "-q"}, func(string) string { return "" }, strings.NewReader(""), &out, &errb)
		if code := cmdline.ExitCode("crawler", err, &bytes.Buffer{}); code != 2 || !strings.Contains(fmt.Sprint(err), "SLACK_URL") {
			t.Errorf("err = %v (exit %d), want exit 2 naming SLACK_URL", err, code)
		}
		if strings.Contains(out.String(), "COMPETITOR") {
			t.Errorf("crawled anyway:\n%s", out.String())
		}
	})
}
