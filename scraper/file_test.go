package scraper

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/pricing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/scraper")

// golden compares got, as indented JSON, with testdata/scraper/name, or
// rewrites the file with -update.
func golden(t *testing.T, name string, got any) {
	t.Helper()
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	path := filepath.Join("..", "testdata", "scraper", name)
	if *update {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./scraper/ -update to create it)", err)
	}
	if !bytes.Equal(b, want) {
		t.Errorf("output differs from %s (run with -update to accept):\n%s", path, b)
	}
}

// relativeOffers makes file URLs relative to dir and sorts by key, so that
// the golden file does not depend on where the repository is checked out.
func relativeOffers(offers []pricing.Offer, dir string) []pricing.Offer {
	prefix := "file://" + filepath.ToSlash(dir) + "/"
	out := slices.Clone(offers)
	for i := range out {
		out[i].URL = strings.Replace(out[i].URL, prefix, "file:///SITE/", 1)
		out[i].Key = strings.Replace(out[i].Key, prefix, "file:///SITE/", 1)
		out[i].Image = strings.Replace(out[i].Image, prefix, "file:///SITE/", 1)
	}
	slices.SortFunc(out, func(a, b pricing.Offer) int { return strings.Compare(a.Key, b.Key) })
	return out
}

func TestCrawlReadsLocalFilesThroughFileURLs(t *testing.T) {
	cfg, err := loadConfig(filepath.Join("..", "testdata", "scraper", "site", "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	comp, err := cfg.Competitor("fixture-shop")
	if err != nil {
		t.Fatal(err)
	}
	// A transport that fails every request proves file URLs never use it.
	c := testCrawler(t, failTransport{t})
	var sink collector
	stats, err := c.Crawl(context.Background(), comp, sink.sink)
	if err != nil {
		t.Fatal(err)
	}
	got := sink.byKey(t)
	if len(got) != 5 {
		t.Errorf("got %d offers, want 5", len(got))
	}
	// index, page2, three product pages; p/missing.html is a 404.
	if stats.Pages != 5 || stats.Errors != 1 {
		t.Errorf("stats = %+v; want 5 pages, 1 error", stats)
	}
	var se *StatusError
	if len(stats.Failures) != 1 || !errors.As(stats.Failures[0], &se) || se.Code != http.StatusNotFound || !strings.HasSuffix(se.URL, "p/missing.html") {
		t.Errorf("failures = %v; want one 404 for p/missing.html", stats.Failures)
	}
	dir, err := filepath.Abs(filepath.Join("..", "testdata", "scraper", "site"))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "site.golden.json", relativeOffers(sink.offers(), dir))

	gbk := got["url:file://"+filepath.ToSlash(dir)+"/p/gbk.html"]
	if gbk.Title != "安吉白茶 明前 250g（GBK 编码）" || price(gbk) != "258.00 CNY" {
		t.Errorf("GBK page = %q %s; want it decoded through its <meta http-equiv>", gbk.Title, price(gbk))
	}
}

type failTransport struct{ t *testing.T }

func (f failTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	f.t.Errorf("unexpected network request for %s", r.URL)
	return nil, errors.New("no network in this test")
}

func TestPage(t *testing.T) {
	s := newShop(t)
	s.html("/list", listingHTML([]item{{"A1", "Phone A1", "/p/a1", "¥100.00", ""}, {"A2", "Phone A2", "/p/a2", "¥200.00", ""}}, "/list?page=2"))
	s.html("/p/a1", productHTML("Phone A1 Pro", "¥95.00", "Acme"))
	tr := hostTransport(map[string]string{"shop.test": s.addr(), "other.test": s.addr()})
	site := filepath.Join("..", "testdata", "scraper", "site")

	tests := []struct {
		name       string
		target     string
		wantTitles []string
		wantNext   int
		wantErr    string
	}{
		{"reads a listing page without following its links", "http://shop.test/list", []string{"Phone A1", "Phone A2"}, 1, ""},
		{"reads a product page", "http://shop.test/p/a1", []string{"Phone A1 Pro"}, 0, ""},
		{"reads a host not in allowed_domains when asked to", "http://other.test/p/a1", []string{"Phone A1 Pro"}, 0, ""},
		{"reads a local file path", filepath.Join(site, "p", "gbk.html"), []string{"安吉白茶 明前 250g（GBK 编码）"}, 0, ""},
		{"reports a 404 as a StatusError", "http://shop.test/nope", nil, 0, "HTTP 404"},
		{"reports a missing file", filepath.Join(site, "nope.html"), nil, 0, "HTTP 404"},
		{"rejects other URL schemes", "ftp://shop.test/x", nil, 0, "unsupported URL scheme"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			comp := testComp("http://shop.test/list")
			comp.ObeyRobots = false
			page, err := testCrawler(t, tr).Page(context.Background(), comp, tt.target)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				if strings.Contains(tt.wantErr, "HTTP") {
					var se *StatusError
					if !errors.As(err, &se) {
						t.Errorf("err %v is not a StatusError", err)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var titles []string
			for _, o := range page.Offers {
				titles = append(titles, o.Title)
			}
			if !slices.Equal(titles, tt.wantTitles) || len(page.NextPages) != tt.wantNext {
				t.Errorf("titles %q, %d next pages; want %q, %d", titles, len(page.NextPages), tt.wantTitles, tt.wantNext)
			}
		})
	}
	if n := s.hits("/list?page=2"); n != 0 {
		t.Errorf("Page followed a next link")
	}
}

func TestCrawlOfTheBundledDemoFindsEveryShopsOffers(t *testing.T) {
	cfg, err := loadConfig(filepath.Join("..", "configs", "shelfwatch.yaml"))
	if errors.Is(err, os.ErrNotExist) {
		t.Skip("no bundled demo config in this tree")
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, comp := range cfg.Competitors {
		t.Run(comp.Name+" crawls without errors", func(t *testing.T) {
			var sink collector
			stats, err := testCrawler(t, failTransport{t}).Crawl(context.Background(), comp, sink.sink)
			if err != nil {
				t.Fatal(err)
			}
			offers := sink.byKey(t)
			q := pricing.QualityOf(sink.offers())
			if suspect, why := pricing.CheckRun(pricing.RunQuality{}, q, pricing.DefaultThresholds()); suspect || len(offers) == 0 || stats.Errors != 0 || q.WithTitle != q.Items {
				t.Errorf("stats %+v, quality %+v (%s); want offers with titles and prices and no errors", stats, q, why)
			}
		})
	}
}
