package catalogcsv

import (
	"errors"
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/pricing"
)

func TestReadCatalog(t *testing.T) {
	in := "\ufeffSKU,Title,Brand,Category,Price,Currency,GTIN,MPN,Target_Tier\n" +
		"A1,Phone one,Acme,Phones,\"7,999.00\",CNY,6934867120011, AC-100X ,high\n" +
		"A2,Phone two,,Phones,12.5,,,,\n" +
		"A3,,Acme,Phones,10,CNY,,,\n" + // line 4: empty title
		"A4,Phone four,Acme,Phones,abc,CNY,,,\n" + // line 5: bad price
		"A1,Dup,Acme,Phones,10,CNY,,,\n" + // line 6: duplicate sku
		"A5,Phone five,Acme,Phones,10,cny,,,premium\n" + // line 7: bad tier
		"\n" +
		"A6,Phone six,Acme,Phones,0,CNY,,,\n" + // line 9: zero price
		"A7,Phone seven,Acme,Phones,10,RMBX,,,\n" // line 10: bad currency
	items, bad, err := ReadCatalog("cat.csv", strings.NewReader(in), "USD")
	if err != nil {
		t.Fatal(err)
	}
	want := []pricing.CatalogItem{
		{SKU: "A1", Title: "Phone one", Brand: "Acme", Category: "Phones", Price: pricing.Money{Amount: pricing.MustAmount("7999"), Currency: "CNY"}, GTIN: "6934867120011", MPN: "AC-100X", TargetTier: pricing.TierHigh},
		{SKU: "A2", Title: "Phone two", Category: "Phones", Price: pricing.Money{Amount: pricing.MustAmount("12.50"), Currency: "USD"}},
	}
	if len(items) != len(want) {
		t.Fatalf("got %d items %+v, want %d", len(items), items, len(want))
	}
	for i := range want {
		if items[i] != want[i] {
			t.Errorf("item %d = %+v, want %+v", i, items[i], want[i])
		}
	}
	wantLines := []string{"cat.csv:4: title is empty", "cat.csv:5: price", "cat.csv:6: sku \"A1\" already given on line 2", "cat.csv:7: target_tier", "cat.csv:9: price \"0\" must be above zero", "cat.csv:10: currency"}
	if len(bad) != len(wantLines) {
		t.Fatalf("got %d row errors %v, want %d", len(bad), bad, len(wantLines))
	}
	for i, w := range wantLines {
		if !strings.HasPrefix(bad[i].Error(), w) {
			t.Errorf("row error %d = %q, want prefix %q", i, bad[i], w)
		}
		if !errors.Is(bad[i], ErrBadRow) {
			t.Errorf("row error %d does not wrap ErrBadRow", i)
		}
	}
}

func TestReadCatalogMPN(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"a file without the mpn column gives no MPN", "sku,title,category,price\nA1,Phone,Phones,1\n", ""},
		{"an empty mpn cell gives no MPN", "sku,title,category,price,mpn\nA1,Phone,Phones,1,\n", ""},
		{"the mpn is read as written, trimmed", "Mpn,sku,title,category,price\n\" MB-FB40E511 \",A1,Phone,Phones,1\n", "MB-FB40E511"},
		{"a formula-neutralised mpn reads back as written", "sku,title,category,price,mpn\nA1,Phone,Phones,1,'-100X\n", "-100X"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, bad, err := ReadCatalog("cat.csv", strings.NewReader(tt.in), "CNY")
			if err != nil || len(bad) > 0 || len(items) != 1 {
				t.Fatalf("ReadCatalog = %+v, %v, %v; want one item", items, bad, err)
			}
			if items[0].MPN != tt.want {
				t.Errorf("MPN = %q, want %q", items[0].MPN, tt.want)
			}
		})
	}
}

func TestReadCatalogRejectsWhatWouldBeStoredWrong(t *testing.T) {
	tests := []struct{ name, row, want string }{
		{"a price with three decimals is not rounded", "A,t,c,5.999,CNY", `cat.csv:2: price "5.999" has more than two decimals`},
		{"a made-up currency code", "A,t,c,5.99,XXQ", `cat.csv:2: currency "XXQ" is not an ISO 4217 code`},
		{"a negative price", "A,t,c,-5,CNY", `cat.csv:2: price "-5" must be above zero`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, bad, err := ReadCatalog("cat.csv", strings.NewReader("sku,title,category,price,currency\n"+tt.row+"\n"), "CNY")
			if err != nil || len(items) != 0 || len(bad) != 1 || !strings.HasPrefix(bad[0].Error(), tt.want) {
				t.Errorf("items %v, bad %v, err %v; want the row rejected with %q", items, bad, err, tt.want)
			}
		})
	}
}

func TestReadCatalogRejectsUnusableFiles(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"an empty file", "", "cat.csv: empty file"},
		{"a header without price", "sku,title,category\n", `cat.csv:1: missing required column "price"`},
		{"a misspelt column", "sku,title,category,prcie\n", `cat.csv:1: unknown column "prcie"`},
		{"a repeated column", "sku,sku,title,category,price\n", `cat.csv:1: column "sku" appears twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ReadCatalog("cat.csv", strings.NewReader(tt.in), "CNY")
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("err = %v, want prefix %q", err, tt.want)
			}
		})
	}
}

func TestReadCatalogKeepsRowsBeforeABrokenQuote(t *testing.T) {
	in := "sku,title,category,price\nA1,ok,Phones,1\nA2,\"broken,Phones,2\nA3,x,Phones,3\n"
	items, bad, err := ReadCatalog("cat.csv", strings.NewReader(in), "CNY")
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].SKU != "A1" {
		t.Errorf("items = %+v, want only A1", items)
	}
	if len(bad) != 1 || !strings.HasPrefix(bad[0].Error(), "cat.csv:3:") || !strings.Contains(bad[0].Error(), "rows after it were not read") {
		t.Errorf("bad = %v", bad)
	}
}

func TestReadDecisions(t *testing.T) {
	in := "catalog_sku,competitor,listing_key,decision,score\n" +
		"A1,shop,sku:1,confirmed,0.8\n" +
		"A1,shop,sku:2,no,0.7\n" +
		"A1,shop,sku:3,,0.6\n" + // not reviewed yet
		"A1,shop,sku:4,maybe,0.6\n" +
		",shop,sku:5,yes,0.6\n"
	ds, bad, err := ReadDecisions("d.csv", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Decision{{"A1", "shop", "sku:1", true, 2}, {"A1", "shop", "sku:2", false, 3}}
	if len(ds) != 2 || ds[0] != want[0] || ds[1] != want[1] {
		t.Errorf("decisions = %+v, want %+v", ds, want)
	}
	if len(bad) != 2 || !strings.HasPrefix(bad[0].Error(), "d.csv:5: decision \"maybe\"") || !strings.HasPrefix(bad[1].Error(), "d.csv:6:") {
		t.Errorf("bad = %v", bad)
	}
}

func TestReadDecisionsReadsSheetsWithAndWithoutReasons(t *testing.T) {
	for _, tc := range []struct{ name, in string }{
		{"a sheet written before the reasons column",
			"catalog_sku,our_title,competitor,listing_key,listing_title,listing_url,method,score,decision,our_price,their_price\n" +
				"A1,Ours,shop,sku:1,Theirs,https://x.example/1,fuzzy,0.800,confirmed,10.00 CNY,9.00 CNY\n"},
		{"a sheet with reasons, separators and quotes in them",
			"catalog_sku,our_title,competitor,listing_key,listing_title,listing_url,method,score,reasons,decision,our_price,their_price\n" +
				"A1,Ours,shop,sku:1,Theirs,https://x.example/1,fuzzy,0.800,\"brand acme; tokens 0.80; penalty: unit conflict 1l/2l, \"\"pro\"\"\",confirmed,10.00 CNY,9.00 CNY\n"},
		{"a sheet whose columns a spreadsheet reordered",
			"decision,reasons,listing_key,competitor,catalog_sku\nyes,code x1,sku:1,shop,A1\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds, bad, err := ReadDecisions("d.csv", strings.NewReader(tc.in))
			if err != nil || len(bad) > 0 {
				t.Fatal(err, bad)
			}
			if want := (Decision{"A1", "shop", "sku:1", true, 2}); len(ds) != 1 || ds[0] != want {
				t.Errorf("decisions = %+v, want %+v", ds, want)
			}
		})
	}
}

func TestReadDecisionsUndoesFormulaNeutralising(t *testing.T) {
	in := "catalog_sku,competitor,listing_key,decision\n'=A1,'-shop,sku:1,confirmed\n'plain,shop,sku:2,rejected\n"
	ds, bad, err := ReadDecisions("d.csv", strings.NewReader(in))
	if err != nil || len(bad) > 0 {
		t.Fatal(err, bad)
	}
	if ds[0].CatalogSKU != "=A1" || ds[0].Competitor != "-shop" || ds[1].CatalogSKU != "'plain" {
		t.Errorf("decisions = %+v", ds)
	}
}

func FuzzReadCatalog(f *testing.F) {
	f.Add("sku,title,category,price\nA,b,c,1.00\n")
	f.Add("\ufeffsku,title,category,price,currency,target_tier\nA,\"b\",c,\"1,000.5\",usd,mid\n")
	f.Add("sku,title,category,price,gtin,mpn\nA,b,c,1.00,4006381333931,MB-FB40E511\n")
	f.Fuzz(func(t *testing.T, in string) {
		items, _, _ := ReadCatalog("f.csv", strings.NewReader(in), "CNY")
		for _, it := range items {
			if it.SKU == "" || it.Price.Amount <= 0 || len(it.Price.Currency) != 3 {
				t.Fatalf("accepted a bad item %+v", it)
			}
		}
	})
}
