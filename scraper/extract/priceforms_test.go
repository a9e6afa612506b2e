package extract

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// priceForms are listing pages with one item per price form the issue names
// (and more): every form goes through the whole extraction path, with a
// golden of what is stored, so a parser change that alters a stored price
// shows up as a diff here, not only in the parser's own table.
var priceForms = []fixture{
	{
		name: "every price form on a listing read with selectors, shop currency CNY",
		file: "price_forms.html", url: "https://forms.example/list", kind: Listing,
		rules: Rules{Mode: ModeSelectors, Currency: "CNY", Category: "Forms", Listing: Selectors{
			Item: "li.item", Title: "a.name", URL: "a.name @href", SKU: "@data-sku", Price: ".price", ListPrice: "del.was",
		}},
	},
	{
		name: "prices in a comma-decimal locale read with the decimal separator hint",
		file: "price_forms_comma.html", url: "https://formen.example/liste", kind: Listing,
		rules: Rules{Mode: ModeSelectors, Currency: "EUR", DecimalSeparator: ",", Category: "Forms", Listing: Selectors{
			Item: "li.item", Title: "a.name", URL: "a.name @href", SKU: "@data-sku", Price: ".price",
		}},
	},
}

func TestExtractEveryPriceForm(t *testing.T) {
	for _, f := range priceForms {
		t.Run(f.name, func(t *testing.T) {
			got := render(t, run(t, f))
			path := filepath.Join(testdata, f.file[:len(f.file)-len(filepath.Ext(f.file))]+".golden.json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s: output differs from %s (run go test -update and review the diff)\n--- got:\n%s", f.file, path, got)
			}
		})
	}
}
