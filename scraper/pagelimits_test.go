package scraper

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/shelfwatch/shelfwatch/yamlconf"
)

// TestBodySizeLimitRefusesABodyOverItWholeAndNeverParsesAPart serves pages
// around max_body_size, announced with a Content-Length or streamed, over
// HTTP and from files: a page of exactly the limit is read; one byte more is
// a failure wrapping ErrBodyTooLarge whose offers never reach the sink (the
// head of the page, with its price, would parse fine if it were cut).
func TestBodySizeLimitRefusesABodyOverItWholeAndNeverParsesAPart(t *testing.T) {
	const limit = 8 << 10
	head := `<!doctype html><html><head><meta charset="utf-8"></head><body><ul>` +
		`<li class="card" data-sku="A1"><a class="name" href="/p/a1">Phone A1</a><span class="price">¥1.00</span></li></ul>`
	tail := "</body></html>\n"
	page := func(size int) string {
		return head + "<!--" + strings.Repeat("x", size-len(head)-len(tail)-7) + "-->" + tail
	}
	tests := []struct {
		name     string
		size     int
		streamed bool // no Content-Length: chunked
		file     bool
		limit    int64
		wantErr  bool
	}{
		{name: "a page of exactly the limit is read", size: limit, limit: limit},
		{name: "a streamed page of exactly the limit is read", size: limit, streamed: true, limit: limit},
		{name: "a page one byte over the limit is refused", size: limit + 1, limit: limit, wantErr: true},
		{name: "a streamed page one byte over the limit is refused", size: limit + 1, streamed: true, limit: limit, wantErr: true},
		{name: "a page far over the limit is refused", size: 40 * limit, limit: limit, wantErr: true},
		{name: "a file over the limit is refused", size: limit + 1, file: true, limit: limit, wantErr: true},
		{name: "a file of exactly the limit is read", size: limit, file: true, limit: limit},
		{name: "without a limit set, 10 MiB is the default", size: DefaultMaxBodySize + 1, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := page(tt.size)
			if len(body) != tt.size {
				t.Fatalf("test page is %d bytes, want %d", len(body), tt.size)
			}
			comp := testComp("http://shop.test/list")
			comp.MaxBodySize = tt.limit
			target := "http://shop.test/list"
			s := newShop(t)
			s.mux.HandleFunc("/list", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				if tt.streamed {
					// Two writes with a flush between: chunked.
					fmt.Fprint(w, body[:len(body)/2])
					w.(http.Flusher).Flush()
					fmt.Fprint(w, body[len(body)/2:])
					return
				}
				w.Header().Set("Content-Length", fmt.Sprint(len(body)))
				fmt.Fprint(w, body)
			})
			if tt.file {
				path := filepath.Join(t.TempDir(), "list.html")
				if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
				target = "file://" + filepath.ToSlash(path)
				comp.StartURLs = []string{target}
			}
			var sink collector
			stats, err := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()})).Crawl(context.Background(), comp, sink.sink)
			if !tt.wantErr {
				if err != nil || len(sink.offers()) != 1 {
					t.Fatalf("err = %v, offers %v; want the page read", err, sink.offers())
				}
				return
			}
			if !errors.Is(err, ErrSiteFailed) || !errors.Is(err, ErrBodyTooLarge) {
				t.Errorf("err = %v, want ErrSiteFailed wrapping ErrBodyTooLarge", err)
			}
			var tl *BodyTooLargeError
			if len(stats.Failures) != 1 || !errors.As(stats.Failures[0], &tl) || tl.URL != target {
				t.Errorf("failures %v, want one *BodyTooLargeError for %s", stats.Failures, target)
			}
			if stats.ErrorsByClass[ClassBodyTooLarge] != 1 || stats.ErrorExamples[ClassBodyTooLarge] != target {
				t.Errorf("ErrorsByClass %v, examples %v; want body_too_large once, at %s", stats.ErrorsByClass, stats.ErrorExamples, target)
			}
			if n := len(sink.offers()); n != 0 {
				t.Errorf("%d offers of a page over the limit were stored", n)
			}
			if !tt.file && s.hits("/list") != 1 {
				t.Errorf("fetched %d times; a page over the limit is not retried", s.hits("/list"))
			}
		})
	}
}

// TestMaxItemsPerPageRefusesAFloodedPage checks max_items_per_page on
// listings read with selectors and automatically: a page at the limit is
// read, one over it is a failure wrapping ErrTooManyItems, none of its
// offers are kept and none of its links followed.
func TestMaxItemsPerPageRefusesAFloodedPage(t *testing.T) {
	tests := []struct {
		name    string
		auto    bool
		items   int
		limit   int
		wantErr bool
	}{
		{name: "selector cards at the limit are read", items: 5, limit: 5},
		{name: "selector cards one over the limit are refused", items: 6, limit: 5, wantErr: true},
		{name: "JSON-LD products at the limit are read", auto: true, items: 5, limit: 5},
		{name: "JSON-LD products one over the limit are refused", auto: true, items: 6, limit: 5, wantErr: true},
		{name: "without a limit set, 1000 is the default", items: DefaultMaxItemsPerPage + 1, wantErr: true},
		{name: "the default lets a large listing through", items: 300},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newShop(t)
			comp := testComp("http://shop.test/list")
			comp.MaxItemsPerPage = tt.limit
			var b strings.Builder
			if tt.auto {
				comp.Rules.Mode = "auto"
				comp.Rules.Listing = comp.Rules.Product
				b.WriteString(`<!doctype html><html><head><meta charset="utf-8">`)
				for i := range tt.items {
					fmt.Fprintf(&b, `<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Handy %d","sku":"H%d","url":"http://shop.test/p/%d","offers":{"@type":"Offer","price":"1%d.00","priceCurrency":"CNY"}}</script>`, i, i, i, i)
				}
				b.WriteString(`</head><body><a class="next" href="/list?page=2">weiter</a></body></html>`)
			} else {
				var items []item
				for i := range tt.items {
					items = append(items, item{fmt.Sprintf("S%d", i), fmt.Sprintf("Phone %d", i), fmt.Sprintf("/p/%d", i), "¥1.00", ""})
				}
				b.WriteString(listingHTML(items, "/list?page=2"))
			}
			s.html("/list", b.String())
			var sink collector
			stats, err := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()})).Crawl(context.Background(), comp, sink.sink)
			if !tt.wantErr {
				if err != nil || len(sink.offers()) != tt.items {
					t.Fatalf("err = %v, %d offers; want all %d read", err, len(sink.offers()), tt.items)
				}
				return
			}
			var tm *TooManyItemsError
			if !errors.Is(err, ErrSiteFailed) || !errors.As(err, &tm) || tm.Items != tt.items {
				t.Errorf("err = %v, want ErrSiteFailed wrapping a *TooManyItemsError of %d items", err, tt.items)
			}
			if stats.ErrorsByClass[ClassTooManyItems] != 1 {
				t.Errorf("ErrorsByClass = %v, want too_many_items once", stats.ErrorsByClass)
			}
			if n := len(sink.offers()); n != 0 {
				t.Errorf("%d offers of a flooded page were stored", n)
			}
			if n := s.hits("/list?page=2"); n != 0 {
				t.Error("a flooded page's next link was followed")
			}
		})
	}
}

func TestParseByteSize(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr string
	}{
		{in: "1048576", want: 1 << 20},
		{in: "10MiB", want: 10 << 20},
		{in: "10 MiB", want: 10 << 20},
		{in: "512kib", want: 512 << 10},
		{in: "2MB", want: 2_000_000},
		{in: "1GiB", want: 1 << 30},
		{in: "300 B", want: 300},
		{in: "2GiB", wantErr: "out of range"},
		{in: "0", wantErr: "out of range"},
		{in: "10 megabytes", wantErr: "invalid size"},
		{in: "1.5MiB", wantErr: "invalid size"},
		{in: "-1", wantErr: "invalid size"},
		{in: "MiB", wantErr: "invalid size"},
		{in: "99999999999999999999", wantErr: "out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseByteSize(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("parseByteSize(%q) = %d, %v; want an error with %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("parseByteSize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
			}
		})
	}
}

// TestDecodeCompetitorsReadsThePageLimits reads max_body_size and
// max_items_per_page from a competitor entry, leaves them 0 (the defaults)
// when absent, and rejects bad values with the file, line and field.
func TestDecodeCompetitorsReadsThePageLimits(t *testing.T) {
	tests := []struct {
		name      string
		keys      string
		wantBody  int64
		wantItems int
		wantErr   string
	}{
		{name: "absent keys leave the defaults", keys: ""},
		{name: "a size with a unit and a count", keys: "    max_body_size: 2MiB\n    max_items_per_page: 250\n", wantBody: 2 << 20, wantItems: 250},
		{name: "a size in bytes", keys: "    max_body_size: 500000\n", wantBody: 500000},
		{name: "a size in words is refused", keys: "    max_body_size: lots\n", wantErr: "test.yaml:5: competitors[0].max_body_size: invalid size"},
		{name: "a size over 1 GiB is refused", keys: "    max_body_size: 4GiB\n", wantErr: "out of range"},
		{name: "a list is refused", keys: "    max_body_size: [1]\n", wantErr: "competitors[0].max_body_size: want a size"},
		{name: "zero items is refused", keys: "    max_items_per_page: 0\n", wantErr: "competitors[0].max_items_per_page"},
		{name: "a misspelt key is named", keys: "    max_body_sise: 1MiB\n", wantErr: `did you mean "max_body_size"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "competitors:\n  - name: acme\n    start_urls: [\"https://acme.example/\"]\n" +
				"    allowed_domains: [acme.example]\n" + tt.keys
			d := &yamlconf.Decoder{File: "test.yaml", Dir: t.TempDir()}
			root, err := d.Parse([]byte(src))
			if err != nil {
				t.Fatal(err)
			}
			var comps *yaml.Node
			for i := 0; i+1 < len(root.Content); i += 2 {
				if root.Content[i].Value == "competitors" {
					comps = root.Content[i+1]
				}
			}
			got, err := DecodeCompetitors(d, comps, "competitors", Section{})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, yamlconf.ErrConfig) {
					t.Errorf("err = %v, want a config error with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got[0].MaxBodySize != tt.wantBody || got[0].MaxItemsPerPage != tt.wantItems {
				t.Errorf("MaxBodySize, MaxItemsPerPage = %d, %d; want %d, %d", got[0].MaxBodySize, got[0].MaxItemsPerPage, tt.wantBody, tt.wantItems)
			}
		})
	}
}
