package monitor

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/shelfwatch/shelfwatch/config"
	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/store"
	"github.com/shelfwatch/shelfwatch/store/catalogcsv"
)

// collected is a CatalogStore keeping what it is given.
type collected struct{ items []pricing.CatalogItem }

func (c *collected) ImportCatalog(_ context.Context, items []pricing.CatalogItem) (int, error) {
	c.items = items
	return len(items), nil
}

// encodedCatalog writes a catalog CSV of rows (sku, title, category)
// encoded with enc (nil: UTF-8) and returns its path.
func encodedCatalog(t *testing.T, enc encoding.Encoding, rows [][3]string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("sku,title,category,price,currency\r\n")
	for _, r := range rows {
		b.WriteString(r[0] + "," + r[1] + "," + r[2] + ",10.00,CNY\r\n")
	}
	data := []byte(b.String())
	if enc != nil {
		var err error
		if data, err = enc.NewEncoder().Bytes(data); err != nil {
			t.Fatalf("encoding the test file: %v", err)
		}
	}
	path := filepath.Join(t.TempDir(), "catalog.csv")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestCatalogImportReadsTheConfiguredOrDetectedEncoding imports catalogs
// saved by spreadsheets on Chinese, Taiwanese, Japanese, Korean and
// Western Windows, with catalog_encoding set (as `crawler catalog import
// --encoding` sets it) or left to detection: the titles come out as
// written, and the row outside the category tree is reported at its real
// line, which needs the file decoded the same way a second time.
func TestCatalogImportReadsTheConfiguredOrDetectedEncoding(t *testing.T) {
	utf16le := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	utf16be := unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	tests := []struct {
		name     string
		enc      encoding.Encoding
		encoding string // catalog_encoding; "" detects
		titles   []string
	}{
		{"GBK forced", simplifiedchinese.GBK, "gbk", []string{"小米 14 手机 黑色", "华为 Mate 60 Pro 雅川青"}},
		{"GBK detected", simplifiedchinese.GBK, "", []string{"小米 14 手机 黑色", "华为 Mate 60 Pro 雅川青"}},
		{"GB18030 detected, with a character outside GBK", simplifiedchinese.GB18030, "", []string{"维达 抽纸 3层 €", "心相印 纸巾 茶语"}},
		{"GB18030 forced by its label", simplifiedchinese.GB18030, "GB18030", []string{"维达 抽纸 3层", "清风 原木纯品"}},
		{"Big5 forced", traditionalchinese.Big5, "big5", []string{"華碩 筆電 灰色", "宏碁 顯示器"}},
		{"Shift_JIS forced", japanese.ShiftJIS, "shift_jis", []string{"ソニー ヘッドホン 黒", "任天堂 スイッチ"}},
		{"EUC-KR forced", korean.EUCKR, "euc-kr", []string{"삼성 갤럭시 블랙", "엘지 모니터"}},
		{"Windows-1252 forced", charmap.Windows1252, "windows-1252", []string{"Crème brûlée Set", "Façade Lamp Ø30"}},
		{"UTF-16 LE with its mark detected", utf16le, "", []string{"小米 14 手机", "Crème brûlée"}},
		{"UTF-16 BE with its mark detected", utf16be, "", []string{"华为 耳机", "Façade"}},
		{"UTF-8 detected", nil, "", []string{"小米 14 手机", "Crème brûlée"}},
		{"UTF-8 forced", nil, "utf-8", []string{"小米 14 手机", "Crème brûlée"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := mustConfig(t, "categories:\n  phones: [手机]\n")
			cfg.CatalogEncoding = tt.encoding
			path := encodedCatalog(t, tt.enc, [][3]string{{"A", tt.titles[0], "phones"}, {"B", "Garden hose", "garden"}, {"C", tt.titles[1], "phones"}})
			db := &collected{}
			rep, err := ImportCatalog(context.Background(), db, cfg, path, "CNY")
			if err != nil {
				t.Fatal(err)
			}
			if len(db.items) != 2 || db.items[0].Title != tt.titles[0] || db.items[1].Title != tt.titles[1] {
				t.Errorf("imported %+v, want titles %q", db.items, tt.titles)
			}
			if len(rep.Skipped) != 1 || !strings.Contains(rep.Skipped[0].Error(), path+":3:") {
				t.Errorf("skipped %v, want B at line 3", rep.Skipped)
			}
		})
	}
}

func TestCatalogImportRefusesAFileNotInTheEncoding(t *testing.T) {
	tests := []struct {
		name     string
		enc      encoding.Encoding
		encoding string
		title    string
		want     string
	}{
		{"Windows-1252 accents left to detection", charmap.Windows1252, "", "Crème brûlée façade", "--encoding"},
		{"GBK bytes forced as UTF-8", simplifiedchinese.GBK, "utf-8", "小米 手机", "catalog.csv:2: byte"},
		{"GBK bytes forced as Shift_JIS", simplifiedchinese.GBK, "shift_jis", "小米手机 黑色 雅川青", "not valid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := mustConfig(t, "")
			cfg.CatalogEncoding = tt.encoding
			path := encodedCatalog(t, tt.enc, [][3]string{{"A", tt.title, "phones"}})
			db := &collected{}
			_, err := ImportCatalog(context.Background(), db, cfg, path, "CNY")
			if !errors.Is(err, catalogcsv.ErrEncoding) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want ErrEncoding saying %q", err, tt.want)
			}
			if db.items != nil {
				t.Errorf("imported %+v from a file it could not read", db.items)
			}
		})
	}
}

// TestRunImportsTheCatalogInItsConfiguredEncoding: `crawler run` imports
// the config's catalog: before crawling, in catalog_encoding.
func TestRunImportsTheCatalogInItsConfiguredEncoding(t *testing.T) {
	s := newTestShop(t, 1, 1)
	m, db := testMonitor(t, store.DialectSQLite, s.competitor("acme"))
	titles := []string{"華碩 筆電 灰色", "宏碁 顯示器"}
	path := encodedCatalog(t, traditionalchinese.Big5, [][3]string{{"A", titles[0], "Phones"}, {"B", titles[1], "Phones"}})
	var err error
	if m.Config, err = config.Load(writeConfig(t, "catalog: "+path+"\ncatalog_encoding: big5\n")); err != nil {
		t.Fatal(err)
	}
	rep := mustRun(t, m, Options{SkipMatch: true})
	if rep.CatalogErr != nil {
		t.Fatalf("catalog: %v", rep.CatalogErr)
	}
	items, err := db.Catalog(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || items[0].Title != titles[0] || items[1].Title != titles[1] {
		t.Errorf("catalog %+v, want titles %q", items, titles)
	}
}

func writeConfig(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shelfwatch.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
