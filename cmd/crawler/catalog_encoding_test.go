package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
	"github.com/shelfwatch/shelfwatch/store"
	"github.com/shelfwatch/shelfwatch/store/catalogcsv"
	"github.com/shelfwatch/shelfwatch/store/storetest"
)

// TestCatalogImportEncoding runs `crawler catalog import` on catalogs
// saved in legacy encodings: --encoding forces one, catalog_encoding: in
// the config is the default the flag overrides, and without either a GBK
// file is detected; the titles in the database are the ones written.
func TestCatalogImportEncoding(t *testing.T) {
	gbkTitles := []string{"小米 14 手机 黑色", "维达 抽纸 3层 24包"}
	big5Titles := []string{"華碩 筆電 灰色", "宏碁 顯示器"}
	latinTitles := []string{"Crème brûlée Set", "Façade Lamp"}
	tests := []struct {
		name      string
		enc       encoding.Encoding
		titles    []string
		config    string // extra config lines
		flags     []string
		wantError string // "" imports
	}{
		{"GBK forced by --encoding", simplifiedchinese.GBK, gbkTitles, "", []string{"--encoding", "gbk"}, ""},
		{"GBK detected without a flag", simplifiedchinese.GBK, gbkTitles, "", nil, ""},
		{"GB18030 named in upper case", simplifiedchinese.GB18030, gbkTitles, "", []string{"--encoding", "GB18030"}, ""},
		{"Big5 forced by --encoding", traditionalchinese.Big5, big5Titles, "", []string{"--encoding", "big5"}, ""},
		{"Big5 from catalog_encoding", traditionalchinese.Big5, big5Titles, "catalog_encoding: big5\n", nil, ""},
		{"--encoding overrides catalog_encoding", charmap.Windows1252, latinTitles, "catalog_encoding: big5\n", []string{"--encoding", "windows-1252"}, ""},
		{"Windows-1252 refused without --encoding, which the error names", charmap.Windows1252, latinTitles, "", nil, "--encoding"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dsn := storetest.MustDSN(t, store.DialectSQLite)
			dir := t.TempDir()
			cfgPath := filepath.Join(dir, "shelfwatch.yaml")
			if err := os.WriteFile(cfgPath, []byte("database: "+dsn+"\n"+tt.config), 0o644); err != nil {
				t.Fatal(err)
			}
			csv := "sku,title,category,price,currency\r\nA," + tt.titles[0] + ",Phones,10.00,CNY\r\nB," + tt.titles[1] + ",Paper,2.50,CNY\r\n"
			data, err := tt.enc.NewEncoder().Bytes([]byte(csv))
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, "catalog.csv")
			if err := os.WriteFile(file, data, 0o644); err != nil {
				t.Fatal(err)
			}
			args := append([]string{"catalog", "import", "--config", cfgPath}, tt.flags...)
			var out, errb bytes.Buffer
			err = run(context.Background(), append(args, file), func(string) string { return "" }, strings.NewReader(""), &out, &errb)
			if tt.wantError != "" {
				if err == nil || !strings.Contains(err.Error(), catalogcsv.ErrEncoding.Error()) || !strings.Contains(err.Error(), tt.wantError) {
					t.Errorf("err = %v, want an encoding error naming %s", err, tt.wantError)
				}
				return
			}
			if err != nil {
				t.Fatalf("%v\n%s", err, errb.String())
			}
			db, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			items, err := db.Catalog(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, it := range items {
				got[it.SKU] = it.Title
			}
			if got["A"] != tt.titles[0] || got["B"] != tt.titles[1] {
				t.Errorf("titles %q, want %q", got, tt.titles)
			}
		})
	}
}

func TestCatalogImportRefusesAnUnknownEncoding(t *testing.T) {
	_, _, err := runCrawler(t, "", "catalog", "import", "--encoding", "klingon", "catalog.csv")
	if !cmdline.IsUsage(err) || !strings.Contains(err.Error(), `--encoding: unknown encoding "klingon"`) {
		t.Errorf("err = %v, want a usage error naming the encoding", err)
	}
}
