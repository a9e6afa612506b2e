package catalogcsv

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// encode writes UTF-8 text in enc, failing the test for a character enc
// cannot hold.
func encode(t *testing.T, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	return b
}

// chineseCatalog is a catalog as a Chinese team keeps it: Chinese titles,
// brands and categories, CRLF line ends as Excel writes them.
const chineseCatalog = "sku,title,brand,category,price,currency\r\n" +
	"HW-1,华为 Mate 60 Pro 12GB+512GB 雅川青,华为,手机,6999.00,CNY\r\n" +
	"MI-2,小米14 徕卡光学镜头 骁龙8Gen3,小米,手机,3999.00,CNY\r\n" +
	"TEA-3,西湖龙井 明前特级 250克 礼盒装,狮峰,茶叶,\"1,280.00\",CNY\r\n"

func TestCatalogEncodingsAreDecoded(t *testing.T) {
	wantTitles := []string{"华为 Mate 60 Pro 12GB+512GB 雅川青", "小米14 徕卡光学镜头 骁龙8Gen3", "西湖龙井 明前特级 250克 礼盒装"}
	european := "sku,title,category,price,currency\nFR-1,Crème brûlée façon grand-mère,Desserts,4.50,EUR\nDE-2,Müller Größe XL Süßwaren,Desserts,3.20,EUR\n"
	tests := []struct {
		name   string
		data   func(t *testing.T) []byte
		opt    Options
		titles []string
	}{
		{"GBK as Excel on Chinese Windows saves it", func(t *testing.T) []byte { return encode(t, simplifiedchinese.GBK, chineseCatalog) }, Options{}, wantTitles},
		{"GB18030 with a four-byte character", func(t *testing.T) []byte {
			return encode(t, simplifiedchinese.GB18030, strings.Replace(chineseCatalog, "礼盒装", "礼盒装😀", 1))
		}, Options{}, []string{wantTitles[0], wantTitles[1], wantTitles[2] + "😀"}},
		{"UTF-8 with a byte-order mark", func(t *testing.T) []byte { return append([]byte{0xEF, 0xBB, 0xBF}, chineseCatalog...) }, Options{}, wantTitles},
		{"UTF-8 without one", func(t *testing.T) []byte { return []byte(chineseCatalog) }, Options{}, wantTitles},
		{"UTF-16 LE with a byte-order mark", func(t *testing.T) []byte {
			return encode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), chineseCatalog)
		}, Options{}, wantTitles},
		{"UTF-16 BE with a byte-order mark", func(t *testing.T) []byte {
			return encode(t, unicode.UTF16(unicode.BigEndian, unicode.UseBOM), chineseCatalog)
		}, Options{}, wantTitles},
		{"Windows-1252 named with --encoding", func(t *testing.T) []byte { return encode(t, charmap.Windows1252, european) },
			Options{Encoding: "windows-1252"}, []string{"Crème brûlée façon grand-mère", "Müller Größe XL Süßwaren"}},
		{"Latin-1 by its label", func(t *testing.T) []byte { return encode(t, charmap.ISO8859_1, european) },
			Options{Encoding: "latin1"}, []string{"Crème brûlée façon grand-mère", "Müller Größe XL Süßwaren"}},
		{"Shift_JIS named with --encoding", func(t *testing.T) []byte {
			return encode(t, japanese.ShiftJIS, "sku,title,category,price,currency\nJP-1,ソニー ワイヤレスヘッドホン,Headphones,59400,JPY\n")
		}, Options{Encoding: "shift_jis"}, []string{"ソニー ワイヤレスヘッドホン"}},
		{"GBK named with --encoding", func(t *testing.T) []byte { return encode(t, simplifiedchinese.GBK, chineseCatalog) }, Options{Encoding: "GBK"}, wantTitles},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, bad, err := ReadCatalogWith("cat.csv", bytes.NewReader(tt.data(t)), "CNY", tt.opt)
			if err != nil || len(bad) > 0 {
				t.Fatalf("err %v, bad rows %v", err, bad)
			}
			var titles []string
			for _, it := range items {
				titles = append(titles, it.Title)
				if strings.ContainsRune(it.Title+it.Brand+it.Category, utf8.RuneError) {
					t.Errorf("%s imported with U+FFFD: %q", it.SKU, it.Title)
				}
			}
			if strings.Join(titles, "|") != strings.Join(tt.titles, "|") {
				t.Errorf("titles %q, want %q", titles, tt.titles)
			}
		})
	}
}

func TestCatalogInNoRecognisableEncodingIsRefused(t *testing.T) {
	tests := []struct {
		name string
		data func(t *testing.T) []byte
		opt  Options
		msg  string
	}{
		// é before a comma is no GBK sequence at all.
		{"Latin-1 with an accent before a comma", func(t *testing.T) []byte {
			return encode(t, charmap.ISO8859_1, "sku,title,category,price\nC-1,Café,Drinks,3.50\n")
		}, Options{}, "cat.csv:2: byte 0xE9"},
		// è+m, û+l, ç+o and è+r are valid but rare GBK pairs: mojibake.
		{"Windows-1252 whose accents form valid but rare GBK pairs", func(t *testing.T) []byte {
			return encode(t, charmap.Windows1252, "sku,title,category,price\nFR-1,Crème brûlée façon grand-mère,Desserts,4.50\n")
		}, Options{}, "is not Chinese text"},
		{"German umlauts inside words", func(t *testing.T) []byte {
			return encode(t, charmap.Windows1252, "sku,title,category,price\nDE-1,Kühlschrank Größe,Küche,499\nDE-2,Bügeleisen,Küche,39\n")
		}, Options{}, "cat.csv:2"},
		{"a binary file", func(t *testing.T) []byte {
			return []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xfe\x80")
		}, Options{}, "is not UTF-8, UTF-16 or GB18030/GBK"},
		{"UTF-16 without a byte-order mark", func(t *testing.T) []byte {
			return encode(t, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "sku,title,category,price\nA,B,C,1\n")
		}, Options{}, "NUL bytes"},
		{"UTF-8 with a byte-order mark and a broken byte", func(t *testing.T) []byte {
			return append([]byte("\xEF\xBB\xBFsku,title,category,price\nA,B\xff,C,1\n"), 0)
		}, Options{}, "cat.csv:2: byte 0xFF"},
		{"GBK bytes forced as UTF-8", func(t *testing.T) []byte { return encode(t, simplifiedchinese.GBK, chineseCatalog) },
			Options{Encoding: "utf-8"}, "cat.csv:2"},
		{"an odd-length UTF-16 file", func(t *testing.T) []byte { return []byte{0xFF, 0xFE, 's', 0, 'k'} }, Options{}, "not valid UTF-16 LE"},
		{"an unknown --encoding", func(t *testing.T) []byte { return []byte(chineseCatalog) }, Options{Encoding: "klingon"}, `unknown encoding "klingon"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, _, err := ReadCatalogWith("cat.csv", bytes.NewReader(tt.data(t)), "EUR", tt.opt)
			if !errors.Is(err, ErrEncoding) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("err = %v, want ErrEncoding mentioning %q", err, tt.msg)
			}
			if len(items) > 0 {
				t.Errorf("%d items imported from a refused file", len(items))
			}
		})
	}
}

func TestDecisionsAreDecodedToo(t *testing.T) {
	in := encode(t, simplifiedchinese.GBK, "catalog_sku,competitor,listing_key,decision\r\nHW-1,京东,sku:京东-1,confirmed\r\n")
	ds, bad, err := ReadDecisions("review.csv", bytes.NewReader(in))
	if err != nil || len(bad) > 0 || len(ds) != 1 || ds[0].Competitor != "京东" || ds[0].ListingKey != "sku:京东-1" {
		t.Errorf("decisions %+v, bad %v, err %v", ds, bad, err)
	}
}

// FuzzDecode: whatever the bytes, Decode never panics, and what it accepts
// without a forced encoding is valid UTF-8 holding U+FFFD only where the
// input itself held one.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(chineseCatalog))
	f.Add([]byte("\xEF\xBB\xBFa,b\n"))
	f.Add([]byte{0xFF, 0xFE, 'a', 0})
	f.Add([]byte("caf\xe9,cr\xe8me\n"))
	f.Add([]byte("\xd6\xd0\xce\xc4,\x81\x30\x81\x30\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		text, err := Decode("f.csv", bytes.NewReader(data), Options{})
		if err != nil {
			if !errors.Is(err, ErrEncoding) {
				t.Fatalf("error %v does not wrap ErrEncoding", err)
			}
			return
		}
		if !utf8.ValidString(text) {
			t.Fatalf("accepted text is not UTF-8: %q", text)
		}
		if strings.ContainsRune(text, utf8.RuneError) && !bytes.Contains(data, []byte("\uFFFD")) && !bytes.Contains(data, []byte{0xFF, 0xFD}) && !bytes.Contains(data, []byte{0xFD, 0xFF}) {
			t.Fatalf("accepted text holds U+FFFD the input did not: %q from %q", text, data)
		}
	})
}
