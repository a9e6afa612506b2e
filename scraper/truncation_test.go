package scraper

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/scraper/extract"
)

func TestTruncatedHTMLTellsACutPageFromAWholeOne(t *testing.T) {
	jsonLD := `<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Phone","offers":{"price":"1.00"}}</script>`
	tests := []struct {
		name, body string
		cut        bool
	}{
		{"a whole page is whole", "<!doctype html><html><head>" + jsonLD + "</head><body><h1>Phone</h1></body></html>", false},
		{"a page without </body> and </html> ending after a closed div is whole", "<html><body><div class=price>¥1</div>\n", false},
		{"a page ending in text inside <p> only (an optional end tag) is whole", "<html><body><div>x</div><p>Contact us", false},
		{"a page that ends in text after </html> is whole", "<html><body><div>x</div></body></html>\ntrailing", false},
		{"a page with an unclosed div but a closing </body> is whole", "<html><body><div><div>x</div></body>", false},
		{"a fragment with no tags is whole", "just text", false},
		{"an empty body is whole", "", false},
		{"a self-closing script is whole", `<html><body><script src="a.js"/></script><div>x</div></body></html>`, false},
		{"a JSON-LD script cut mid-object is cut", `<html><head><script type="application/ld+json">{"@type":"Product","na`, true},
		{"a JSON-LD script cut at a closing brace is cut", `<html><head><script type="application/ld+json">{"@type":"Product"}`, true},
		{"a script cut inside its end tag is cut", "<html><head><script>var a = 1;</scr", true},
		{"a style cut is cut", "<html><head><style>body{color:red}", true},
		{"a title cut is cut", "<html><head><title>华为 Mate 60", true},
		{"a page cut inside a start tag is cut", `<html><body><div class="pri`, true},
		{"a page cut inside an attribute value is cut", `<html><body><a href="/p/1?x=`, true},
		{"a page cut inside an end tag is cut", `<html><body><div>x</di`, true},
		{"a page cut right after '<' is cut", "<html><body><div>x</div><", true},
		{"a page cut inside a comment is cut", "<html><body><!-- price block", true},
		{"a page cut in the text of an open div is cut", `<html><body><div class="price">¥1,29`, true},
		{"a GBK-decoded Chinese page cut in a span is cut", `<html><body><div><span class="name">安吉白茶 明前`, true},
		{"a Japanese page cut in an h1 is cut", `<html><body><h1>ソニー ワイヤレス`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			why := truncatedHTML([]byte(tt.body))
			if (why != "") != tt.cut {
				t.Errorf("truncatedHTML(%q) = %q, want cut %v", tt.body, why, tt.cut)
			}
		})
	}
}

func TestTruncatedJSON(t *testing.T) {
	tests := []struct {
		body string
		cut  bool
	}{
		{`{"products":[{"id":1}]}`, false},
		{`[]`, false},
		{`{"products":[{`, true},
		{`{"products":[{"title":"Pho`, true},
		{`{"a":1}}`, false}, // broken, not cut: the reader reports it
		{``, false},
	}
	for _, tt := range tests {
		if got := truncatedJSON([]byte(tt.body)) != ""; got != tt.cut {
			t.Errorf("truncatedJSON(%q) cut = %v, want %v", tt.body, got, tt.cut)
		}
	}
}

// Every page shelfwatch ships as a fixture or demo is whole: the check must
// never turn a normal page into an error.
func TestNoCommittedPageLooksTruncated(t *testing.T) {
	n := 0
	for _, root := range []string{filepath.Join("..", "testdata"), filepath.Join("..", "configs")} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
				return err
			}
			body, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			n++
			if why := truncatedHTML(body); why != "" {
				t.Errorf("%s: %s", p, why)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n < 20 {
		t.Fatalf("checked only %d pages; fixtures moved?", n)
	}
}

// cutShop serves a JSON-LD shop whose pages are cut off in the ways a
// network cuts them, the first cuts[path] times each is asked for.
func cutShop(t *testing.T, cuts map[string]int, how string) *shop {
	s := newShop(t)
	s.html("/list", `<html><body><ul class="goods"><li><a href="/p/1">1</a></li><li><a href="/p/2">2</a></li><li><a href="/p/3">3</a></li></ul></body></html>`)
	served := map[string]int{}
	s.mux.HandleFunc("/p/", func(w http.ResponseWriter, r *http.Request) {
		id := strings.TrimPrefix(r.URL.Path, "/p/")
		page := fmt.Sprintf(`<!doctype html><html><head><meta charset="utf-8"><script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Phone %s","sku":"P%s","offers":{"@type":"Offer","price":"10%s.00","priceCurrency":"CNY"}}</script></head><body><h1>Phone %s</h1></body></html>`, id, id, id, id)
		s.mu.Lock()
		served[r.URL.Path]++
		cut := served[r.URL.Path] <= cuts[r.URL.Path]
		s.mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if !cut {
			fmt.Fprint(w, page)
			return
		}
		half := page[:strings.Index(page, `"offers"`)]
		switch how {
		case "content-length":
			// Announce the whole page, send half and hang up.
			w.Header().Set("Content-Length", fmt.Sprint(len(page)))
			fmt.Fprint(w, half)
		default:
			// A proxy that cut the page and fixed up the length.
			fmt.Fprint(w, half)
		}
	})
	return s
}

func TestCrawlRetriesATruncatedPageAndNeverStoresItsHalf(t *testing.T) {
	for _, how := range []string{"content-length", "html"} {
		t.Run("cut by "+how+": a page cut once or twice is read whole on a retry", func(t *testing.T) {
			s := cutShop(t, map[string]int{"/p/1": 1, "/p/2": 2}, how)
			comp := testComp("http://shop.test/list")
			comp.Rules = autoRules()
			var sink collector
			stats, err := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()})).Crawl(context.Background(), comp, sink.sink)
			if err != nil {
				t.Fatal(err)
			}
			got := sink.byKey(t)
			for _, id := range []string{"1", "2", "3"} {
				o, ok := got["sku:P"+id]
				if !ok || price(o) != "10"+id+".00 CNY" {
					t.Errorf("P%s = %+v, want it read whole with its price", id, o)
				}
			}
			if len(got) != 3 || stats.Errors != 0 {
				t.Errorf("%d offers, stats %+v; want 3 offers and no errors", len(got), stats)
			}
			if s.hits("/p/1") != 2 || s.hits("/p/2") != 3 || s.hits("/p/3") != 1 {
				t.Errorf("hits /p/1 %d, /p/2 %d, /p/3 %d; want 2, 3, 1", s.hits("/p/1"), s.hits("/p/2"), s.hits("/p/3"))
			}
		})
		t.Run("cut by "+how+": a page that is always cut is an error and yields nothing", func(t *testing.T) {
			s := cutShop(t, map[string]int{"/p/2": 99}, how)
			comp := testComp("http://shop.test/list")
			comp.Rules = autoRules()
			var sink collector
			stats, err := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()})).Crawl(context.Background(), comp, sink.sink)
			if err != nil {
				t.Fatal(err)
			}
			got := sink.byKey(t)
			if _, ok := got["sku:P2"]; ok || len(got) != 2 {
				t.Errorf("offers %v; want P1 and P3 only, never half of P2", got)
			}
			for _, o := range got {
				if strings.Contains(o.URL, "/p/2") {
					t.Errorf("an offer from the cut page was stored: %+v", o)
				}
			}
			if stats.Errors != 1 || !errors.Is(stats.Failures[0], ErrTruncated) {
				t.Errorf("stats %+v; want one failure wrapping ErrTruncated", stats)
			}
			if n := s.hits("/p/2"); n != DefaultMaxRetries+1 {
				t.Errorf("/p/2 fetched %d times, want %d", n, DefaultMaxRetries+1)
			}
		})
	}
}

// autoRules read a JSON-LD shop: automatic extraction, product links from
// the index.
func autoRules() extract.Rules {
	return extract.Rules{Mode: extract.ModeAuto, ProductLinks: ".goods a @href", Currency: "CNY"}
}

// TestWholeHTMLAgreesWithTheTokenizer holds the one-pass check to the full
// tokenizer scan: truncatedHTML (which trusts wholeHTML) and
// truncatedHTMLFull must say the same of every page shelfwatch ships, of
// every cut of some of them (each byte offset), and of random markup made
// of the pieces that change the tokenizer's state (quotes, '=' and '/' in
// tags, raw-text elements, comments and their odd ends, doctypes, "</>",
// scripts with "<!--" and end tags in strings).
func TestWholeHTMLAgreesWithTheTokenizer(t *testing.T) {
	agree := func(body []byte) {
		t.Helper()
		// (Which open element the full scan names is map order; whether
		// it finds a cut is what must agree.)
		if got, want := truncatedHTML(body), truncatedHTMLFull(body); (got == "") != (want == "") {
			t.Fatalf("truncatedHTML(%q) = %q, the full scan says %q", body, got, want)
		}
	}
	var pages [][]byte
	for _, root := range []string{filepath.Join("..", "testdata"), filepath.Join("..", "configs")} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
				return err
			}
			body, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			pages = append(pages, body)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	whole := 0
	cutRNG := rand.New(rand.NewPCG(1, 2))
	for k, body := range pages {
		agree(body)
		if wholeHTML(body) {
			whole++
		}
		if k%5 != 0 {
			continue
		}
		for range 300 {
			agree(body[:cutRNG.IntN(len(body)+1)])
		}
	}
	if whole < len(pages)*9/10 {
		// The shortcut must hold for pages as shops write them, or it
		// saves nothing.
		t.Errorf("wholeHTML vouched for only %d of %d committed pages", whole, len(pages))
	}
	parts := []string{"<div>", "</div>", "<div class=\"a>b\">", "<a href='x\"y'>", "<a b=c>", "<a title='1>2 3'>", "<a t='>", "<b t=\">", "<a b=\"c d>e\">", "<a b = \"c\">", "<a =b>", "<a b=>",
		"<br/>", "<p/ >", "<a b/>", "<img src=x/>", "<x y=\"", "'", "\"", "=", "/", ">", "<", "</", "</>", "</ x>", "</1>",
		"<!-->", "<!--->", "<!---->", "<!-- c -->", "<!-- c --!>", "--!", "-->", "--", "-", "<!--", "<!", "<!doctype html>",
		"<!DOCTYPE", "<?xml?>", "<?", "<script>", "</script>", "</SCRIPT >", "</script/>", "<script/>", "<script>var s=\"</div>\";",
		"<script><!--", "<script>a<!--<script>b</script>c-->", "</scriptx>", "<style>", "</style>", "<title>", "</title>",
		"<textarea>", "</textarea>", "<noscript>", "</noscript>", "<xmp>", "</xmp>", "<iframe>", "</iframe>", "<plaintext>",
		"<noembed>", "<noframes>", "</body>", "</html>", "</BODY>", "<body>", "<html>", "text", " ", "\n", "\t", "\f", "é", "\xff"}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 60000 {
		var b strings.Builder
		for range rng.IntN(14) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		agree([]byte(b.String()))
	}
}
