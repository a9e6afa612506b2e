package scraper

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/scraper/extract"
	"github.com/shelfwatch/shelfwatch/yamlconf"
)

// shopHead is a competitor entry that the selector cases below extend; its
// product_selectors key is on line 5.
const shopHead = `competitors:
  - name: shop
    start_urls: [https://shop.example/]
    allowed_domains: [shop.example]
`

func loadYAML(t *testing.T, text string) (*fileConfig, string, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shelfwatch.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := loadConfig(path)
	return cfg, path, err
}

func TestLoadConfigReadsSelectorFilters(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want extract.Selectors
	}{
		{
			"a plain string is a selector without a filter",
			"    product_selectors:\n      sku: \".id\"\n",
			extract.Selectors{SKU: ".id"},
		},
		{
			"a flow mapping gives the selector and its regex",
			"    product_selectors:\n      sku: {css: \".id\", regex: \"编号[:：]\\\\s*(\\\\w+)\"}\n",
			extract.Selectors{SKU: ".id", Filters: extract.Filters{SKU: extract.Filter{Regex: `编号[:：]\s*(\w+)`}}},
		},
		{
			"a block mapping with an attribute selector, regex and replace",
			"    product_selectors:\n      price:\n        css: \".p @data-price\"\n        regex: '(\\d+)分'\n        replace: '0.$1'\n",
			extract.Selectors{Price: ".p @data-price", Filters: extract.Filters{Price: extract.Filter{Regex: `(\d+)分`, Replace: "0.$1", Rewrite: true}}},
		},
		{
			"an empty replace deletes every match",
			"    product_selectors:\n      title: {css: h1, regex: '【[^】]*】', replace: ''}\n",
			extract.Selectors{Title: "h1", Filters: extract.Filters{Title: extract.Filter{Regex: `【[^】]*】`, Rewrite: true}}},
		},
		{
			"a mapping with only css is a plain selector",
			"    product_selectors:\n      brand: {css: \".brand\"}\n",
			extract.Selectors{Brand: ".brand"},
		},
		{
			"listing selectors take filters too, next to an item",
			"    selectors:\n      item: li\n      gtin: {css: \".code\", regex: \"EAN (\\\\d+)\"}\n",
			extract.Selectors{Item: "li", GTIN: ".code", Filters: extract.Filters{GTIN: extract.Filter{Regex: `EAN (\d+)`}}},
		},
		{
			"the variant options and mpn keys are read",
			"    product_selectors:\n      item: tr.variant\n      options: td.opt\n      mpn: {css: td.mpn, regex: '\\w+-\\d+'}\n",
			extract.Selectors{Item: "tr.variant", Options: "td.opt", MPN: "td.mpn", Filters: extract.Filters{MPN: extract.Filter{Regex: `\w+-\d+`}}},
		},
		{
			"a named group in the template is accepted",
			"    product_selectors:\n      sku: {css: .id, regex: '(?P<code>[A-Z]\\d+)', replace: '${code}'}\n",
			extract.Selectors{SKU: ".id", Filters: extract.Filters{SKU: extract.Filter{Regex: `(?P<code>[A-Z]\d+)`, Replace: "${code}", Rewrite: true}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _, err := loadYAML(t, shopHead+tt.yaml)
			if err != nil {
				t.Fatal(err)
			}
			r := cfg.Competitors[0].Rules
			got := r.Product
			if tt.want.Item != "" && !strings.Contains(tt.yaml, "product_selectors") {
				got = r.Listing
			}
			if got != tt.want {
				t.Errorf("selectors = %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestLoadConfigRejectsBadSelectorFilters(t *testing.T) {
	tests := []struct {
		name  string
		yaml  string
		line  int
		field string
		msg   string
	}{
		{"a regex that does not compile", "    product_selectors:\n      sku: {css: .id, regex: \"(\\\\w+\"}\n",
			6, "competitors[0].product_selectors.sku.regex", "invalid regex"},
		{"a regex that does not compile in a block mapping", "    product_selectors:\n      title: h1\n      gtin:\n        css: .ean\n        regex: '[0-9'\n",
			9, "competitors[0].product_selectors.gtin.regex", `invalid regex "[0-9"`},
		{"a replace naming a group the regex lacks", "    product_selectors:\n      sku: {css: .id, regex: '(\\w+)', replace: '$2'}\n",
			6, "competitors[0].product_selectors.sku", "names group $2 but regex"},
		{"a replace naming an unknown named group", "    product_selectors:\n      sku: {css: .id, regex: '(?P<code>\\w+)', replace: '${kode}'}\n",
			6, "competitors[0].product_selectors.sku", `names group "kode"`},
		{"a replace without a regex", "    product_selectors:\n      sku: {css: .id, replace: '$1'}\n",
			6, "competitors[0].product_selectors.sku.regex", "required with replace"},
		{"a regex without css", "    product_selectors:\n      sku: {regex: '\\d+'}\n",
			6, "competitors[0].product_selectors.sku.css", "required field missing"},
		{"an unknown key in a selector mapping", "    product_selectors:\n      sku: {css: .id, regexp: '\\d+'}\n",
			6, "competitors[0].product_selectors.sku.regexp", `did you mean "regex"?`},
		{"a bad CSS selector inside a mapping", "    product_selectors:\n      sku: {css: \".id[\", regex: '\\d+'}\n",
			6, "competitors[0].product_selectors.sku.css", `invalid selector ".id["`},
		{"an item selector cannot take a regex", "    selectors:\n      item: {css: li, regex: x}\n",
			6, "competitors[0].selectors.item", "takes no regex"},
		{"a list is neither a selector nor a mapping", "    product_selectors:\n      sku: [.id]\n",
			6, "competitors[0].product_selectors.sku", "want a string, got a list"},
		{"a regex in a listing selector is checked too", "    selectors:\n      item: li\n      price: {css: .p, regex: '*'}\n",
			7, "competitors[0].selectors.price.regex", "invalid regex"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is an error naming file, line and field", func(t *testing.T) {
			_, path, err := loadYAML(t, shopHead+tt.yaml)
			if err == nil {
				t.Fatal("LoadConfig succeeded")
			}
			var ce *yamlconf.Error
			if !errors.As(err, &ce) || !errors.Is(err, yamlconf.ErrConfig) {
				t.Fatalf("error %T %v is not a *yamlconf.Error wrapping yamlconf.ErrConfig", err, err)
			}
			if ce.File != path || ce.Line != tt.line || ce.Field != tt.field || !strings.Contains(ce.Msg, tt.msg) {
				t.Errorf("got %d: %s: %s\nwant %d: %s: …%s…", ce.Line, ce.Field, ce.Msg, tt.line, tt.field, tt.msg)
			}
		})
	}
}
