package scraper

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/scraper/extract"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// charsetCase is one legacy encoding with a product whose title and price
// need it.
type charsetCase struct {
	charset  string
	enc      encoding.Encoding
	title    string
	price    string
	currency string
	decimal  string
	want     string
}

var charsetCases = []charsetCase{
	{"gbk", simplifiedchinese.GBK, "华为 Mate 60 Pro 雅川青 12GB+512GB", "￥6,999.00", "CNY", "", "6999.00 CNY"},
	// 𠀀 (U+20000) and € exist in GB18030 but not in GBK.
	{"gb18030", simplifiedchinese.GB18030, "小米 14 𠀀 限定版 €", "¥3,999.00", "CNY", "", "3999.00 CNY"},
	{"big5", traditionalchinese.Big5, "華碩 筆記型電腦 灣區限定", "NT$32,900", "TWD", "", "32900.00 TWD"},
	{"shift_jis", japanese.ShiftJIS, "ソニー ワイヤレスヘッドホン 黒", "39,600円", "JPY", "", "39600.00 JPY"},
	{"euc-kr", korean.EUCKR, "삼성 갤럭시 S24 울트라", "1,155,000원", "KRW", "", "1155000.00 KRW"},
	{"windows-1252", charmap.Windows1252, "Café Crème – Édition Spéciale", "12,99 €", "EUR", ",", "12.99 EUR"},
}

// charsetStyles are the ways a page can declare its encoding.
var charsetStyles = []struct {
	name string
	// header is the Content-Type to send, with %s for the charset.
	header string
	// meta is the tag to put in <head>, with %s for the charset.
	meta string
	// pad puts this many bytes of <head> before the meta tag.
	pad int
}{
	{"the Content-Type header", "text/html; charset=%s", "", 0},
	{"<meta charset>", "text/html", `<meta charset="%s">`, 0},
	{"<meta http-equiv>", "text/html", `<meta http-equiv="Content-Type" content="text/html; charset=%s">`, 0},
	{"both header and <meta>, decoded once", "text/html; charset=%s", `<meta charset="%s">`, 0},
	{"<meta charset> after a long head", "text/html", `<meta charset="%s">`, 3000},
	{"<meta charset> and no Content-Type", "", `<meta charset="%s">`, 0},
}

func encodedPage(t *testing.T, tc charsetCase, meta string, pad int) []byte {
	t.Helper()
	meta = strings.ReplaceAll(meta, "%s", tc.charset)
	page := fmt.Sprintf(`<!DOCTYPE html><html><head><title>%[1]s</title>
<script>var pad = "%[4]s";</script>
%[3]s</head><body><h1>%[1]s</h1><div class="price">%[2]s</div></body></html>`,
		tc.title, tc.price, meta, strings.Repeat("x", pad))
	b, err := tc.enc.NewEncoder().Bytes([]byte(page))
	if err != nil {
		t.Fatalf("encode %s: %v", tc.charset, err)
	}
	if utf8.Valid(b) {
		t.Fatalf("the %s fixture is valid UTF-8: it would not test decoding", tc.charset)
	}
	return b
}

func TestCrawlDecodesLegacyEncodings(t *testing.T) {
	for _, tc := range charsetCases {
		for _, style := range charsetStyles {
			t.Run(tc.charset+" declared by "+style.name, func(t *testing.T) {
				body := encodedPage(t, tc, style.meta, style.pad)
				s := newShop(t)
				s.mux.HandleFunc("/p/1", func(w http.ResponseWriter, r *http.Request) {
					if style.header != "" {
						w.Header().Set("Content-Type", strings.ReplaceAll(style.header, "%s", tc.charset))
					} else {
						w.Header()["Content-Type"] = nil // no sniffing by net/http
					}
					w.Write(body)
				})
				comp := testComp("http://shop.test/p/1")
				comp.Currency, comp.Rules.Currency, comp.Rules.DecimalSeparator = tc.currency, tc.currency, tc.decimal
				page, err := testCrawler(t, hostTransport(map[string]string{"shop.test": s.addr()})).Page(context.Background(), comp, "http://shop.test/p/1")
				if err != nil {
					t.Fatal(err)
				}
				if len(page.Offers) != 1 {
					t.Fatalf("got %d offers, want 1", len(page.Offers))
				}
				o := page.Offers[0]
				if o.Title != tc.title || price(o) != tc.want {
					t.Errorf("got %q %s, want %q %s", o.Title, price(o), tc.title, tc.want)
				}
			})
		}
	}
}

func TestDetectCharset(t *testing.T) {
	gbkMeta := []byte(`<html><head><meta charset="gbk"></head><body>` + "\xc4\xe3\xba\xc3" + `</body></html>`)
	tests := []struct {
		name     string
		body     []byte
		declared string
		want     string
	}{
		{"a UTF-8 byte-order mark beats the header and the meta", append([]byte("\xef\xbb\xbf"), gbkMeta...), "big5", "utf-8"},
		{"the header beats the meta", gbkMeta, "big5", "big5"},
		{"an unknown header charset falls back to the meta", gbkMeta, "x-klingon", "gbk"},
		{"gb2312 is read as gbk, as browsers do", []byte(`<meta charset=gb2312>`), "", "gbk"},
		{"latin1 is read as windows-1252", []byte(`<meta http-equiv="content-type" content="text/html;charset=ISO-8859-1">`), "", "windows-1252"},
		{"a utf-16 meta in an ASCII document means UTF-8", []byte(`<meta charset="utf-16">`), "", "utf-8"},
		{"undeclared valid UTF-8 is UTF-8", []byte("<p>价格 ¥99</p>"), "", "utf-8"},
		{"undeclared invalid UTF-8 is windows-1252", []byte("<p>Caf\xe9</p>"), "", "windows-1252"},
		{"an empty body is UTF-8", nil, "", "utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, got := detectCharset(tt.body, tt.declared); got != tt.want {
				t.Errorf("detectCharset = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestToUTF8LeavesNonHTMLAlone(t *testing.T) {
	body := []byte("{\"name\":\"caf\xe9\"}")
	res := &http.Response{Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(bytes.NewReader(body))}
	if err := toUTF8(res, true); err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(res.Body)
	if !bytes.Equal(got, body) || res.Header.Get("Content-Type") != "application/json" {
		t.Errorf("JSON changed to %q, %q", got, res.Header.Get("Content-Type"))
	}
}

func TestToUTF8DropsAUTF8ByteOrderMark(t *testing.T) {
	res := &http.Response{Header: http.Header{"Content-Type": {"text/html"}}, Body: io.NopCloser(strings.NewReader("\xef\xbb\xbf<h1>价格</h1>"))}
	if err := toUTF8(res, true); err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(res.Body)
	if string(got) != "<h1>价格</h1>" || res.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("got %q, %q", got, res.Header.Get("Content-Type"))
	}
}

func FuzzToUTF8(f *testing.F) {
	f.Add([]byte(`<meta charset="gbk">`+"\xc4\xe3"), "text/html", true)
	f.Add([]byte("\xef\xbb\xbf<p>x</p>"), "text/html; charset=big5", true)
	f.Add([]byte("<p>Caf\xe9</p>"), "", false)
	f.Add([]byte(`<meta charset="x-unknown">`), "text/html; charset=\"", true)
	f.Fuzz(func(t *testing.T, body []byte, ct string, trusted bool) {
		res := &http.Response{Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(body))}
		if ct != "" {
			res.Header.Set("Content-Type", ct)
		}
		if err := toUTF8(res, trusted); err != nil {
			return
		}
		if _, err := io.ReadAll(res.Body); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzRetryAfter(f *testing.F) {
	for _, s := range []string{"120", "0", "-1", "Wed, 25 Nov 2026 09:00:30 GMT", "", "99999999999999999999"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		if d, ok := retryAfter(v, now); d < 0 || !ok && d != 0 {
			t.Fatalf("retryAfter(%q) = %v, %v", v, d, ok)
		}
	})
}

// encodedFixtures are the committed pages under testdata/scraper/encodings
// (written by generate.go there), with what a competitor config would say
// about each shop. The availability phrases are the shops' own: the built-in
// ones are English and Chinese.
var encodedFixtures = []struct {
	name     string // file name without .html or .golden.json
	charset  string // the label sent in the Content-Type header
	meta     string // how the page itself declares it
	currency string
	decimal  string
	phrases  map[string][]string
}{
	{"gbk", "gbk", "<meta charset", "CNY", "", nil},
	{"gb18030", "gb18030", "<meta http-equiv", "CNY", "", nil},
	{"big5", "big5", "<meta charset", "TWD", "", nil},
	{"shift_jis", "shift_jis", "<meta http-equiv", "JPY", "", map[string][]string{"in_stock": {"在庫あり"}}},
	{"euc-kr", "euc-kr", "<meta charset", "KRW", "", map[string][]string{"in_stock": {"재고 있음"}}},
	{"windows-1252", "windows-1252", "<meta http-equiv", "EUR", ",", map[string][]string{"in_stock": {"auf lager"}}},
}

// encodedOffer is what the goldens hold of an offer: the fields decoding
// can get wrong.
type encodedOffer struct {
	Title        string               `json:"title"`
	Price        string               `json:"price"`
	Currency     string               `json:"currency"`
	Availability pricing.Availability `json:"availability"`
}

func TestCrawlOfEncodedFixturePagesMatchesTheirGoldens(t *testing.T) {
	for _, fx := range encodedFixtures {
		body, err := os.ReadFile(filepath.Join("..", "testdata", "scraper", "encodings", fx.name+".html"))
		if err != nil {
			t.Fatalf("%v (run go run testdata/scraper/encodings/generate.go)", err)
		}
		if utf8.Valid(body) || !bytes.Contains(body, []byte(fx.meta)) {
			t.Fatalf("%s.html is valid UTF-8 or lacks its %s>: regenerate it", fx.name, fx.meta)
		}
		for _, served := range []struct {
			name        string
			contentType string // "" sends no Content-Type at all
		}{
			{"with the charset in the Content-Type header", "text/html; charset=" + fx.charset},
			{"declared by its " + fx.meta + "> only", "text/html"},
			{"declared by its " + fx.meta + "> and no Content-Type", ""},
		} {
			s := newShop(t)
			s.mux.HandleFunc("/p/1", func(w http.ResponseWriter, r *http.Request) {
				if served.contentType != "" {
					w.Header().Set("Content-Type", served.contentType)
				} else {
					w.Header()["Content-Type"] = nil // no sniffing by net/http
				}
				w.Write(body)
			})
			// A UTF-8 listing that only links to the page, so Crawl's offer
			// is the product page's alone.
			s.html("/list", `<!doctype html><html><head><meta charset="utf-8"></head><body><a class="product" href="/p/1">→</a></body></html>`)
			tr := hostTransport(map[string]string{"shop.test": s.addr()})
			comp := testComp("http://shop.test/list")
			comp.Currency, comp.Rules.Currency, comp.Rules.DecimalSeparator = fx.currency, fx.currency, fx.decimal
			comp.Rules.Product = extract.Selectors{Title: "h1", Price: ".price", Availability: ".stock"}
			comp.Rules.ProductLinks = "a.product @href"
			comp.Rules.AvailabilityPhrases = fx.phrases

			t.Run(fx.name+" read by Page "+served.name, func(t *testing.T) {
				page, err := testCrawler(t, tr).Page(context.Background(), comp, "http://shop.test/p/1")
				if err != nil {
					t.Fatal(err)
				}
				golden(t, filepath.Join("encodings", fx.name+".golden.json"), encodedOffers(page.Offers))
			})
			t.Run(fx.name+" crawled by Crawl "+served.name, func(t *testing.T) {
				var sink collector
				stats, err := testCrawler(t, tr).Crawl(context.Background(), comp, sink.sink)
				if err != nil {
					t.Fatal(err)
				}
				if stats.Pages != 2 || stats.Errors != 0 {
					t.Errorf("stats = %+v; want the listing and the product page, no errors", stats)
				}
				sink.byKey(t)
				golden(t, filepath.Join("encodings", fx.name+".golden.json"), encodedOffers(sink.offers()))
			})
		}
	}
}

func encodedOffers(offers []pricing.Offer) []encodedOffer {
	out := make([]encodedOffer, 0, len(offers))
	for _, o := range offers {
		e := encodedOffer{Title: o.Title, Availability: o.Availability}
		if o.Price != nil {
			e.Price, e.Currency = o.Price.Amount.String(), o.Price.Currency
		}
		out = append(out, e)
	}
	return out
}
