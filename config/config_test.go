package config_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/scraper"
	"github.com/shelfwatch/shelfwatch/scraper/extract"
	"github.com/shelfwatch/shelfwatch/yamlconf"
)

func TestLoadConfigReadsEveryKey(t *testing.T) {
	path := filepath.Join("..", "testdata", "scraper", "config", "valid.yaml")
	cfg, err := load(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(path)
	absDir, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Path != path || cfg.Dir != dir {
		t.Errorf("Path, Dir = %q, %q; want %q, %q", cfg.Path, cfg.Dir, path, dir)
	}
	if cfg.Database != "sqlite:shelfwatch.db" {
		t.Errorf("Database = %q", cfg.Database)
	}
	if want := filepath.Join(dir, "demo", "catalog.csv"); cfg.Catalog != want {
		t.Errorf("Catalog = %q, want %q (resolved against the config's directory)", cfg.Catalog, want)
	}
	if cfg.ContactURL != "https://example.com/shelfwatch-bot" {
		t.Errorf("ContactURL = %q", cfg.ContactURL)
	}
	if len(cfg.Comps) != 2 {
		t.Fatalf("got %d competitors, want 2", len(cfg.Comps))
	}
	want := scraper.Competitor{
		Name: "demo-tech",
		StartURLs: []string{
			"file://" + filepath.ToSlash(filepath.Join(absDir, "demo", "tech", "index.html")),
			"file://" + filepath.ToSlash(filepath.Join(absDir, "demo", "tech", "page2.html")),
			"https://tech.example/phones?page=1",
		},
		AllowedDomains: []string{"tech.example", "www.tech.example"},
		Platform:       scraper.PlatformHTML,
		Currency:       "CNY",
		Rules: extract.Rules{
			Mode: "auto",
			Listing: extract.Selectors{
				Item: ".product-card", Title: ".name", Price: ".price .now", ListPrice: ".price del",
				URL: "a.name @href", SKU: "@data-sku", Brand: ".brand", Availability: ".stock",
				Image: "img @src", Sales: ".sold", Reviews: ".reviews",
			},
			Product:             extract.Selectors{Title: "h1", Price: ".price", SKU: "@data-sku"},
			NextPage:            "a.next @href",
			ProductLinks:        ".product-card a @href",
			Category:            "Phones",
			CategorySelector:    ".breadcrumb li:last-child",
			Currency:            "CNY",
			DecimalSeparator:    ".",
			AvailabilityPhrases: map[string][]string{"in_stock": {"现货"}, "out_of_stock": {"暂时缺货"}},
		},
		Delay:       time.Second,
		RandomDelay: 500 * time.Millisecond,
		Timeout:     30 * time.Second,
		Parallelism: 2,
		MaxPages:    200,
		UserAgent:   "shelfwatch/1.0 (+https://example.com/shelfwatch-bot)",
		ObeyRobots:  true,
		Render:      scraper.RenderOptions{Mode: scraper.RenderHTML},
	}
	if got := cfg.Comps[0]; !reflect.DeepEqual(got, want) {
		t.Errorf("competitor 0:\n got %+v\nwant %+v", got, want)
	}
	bare := cfg.Comps[1]
	if bare.Platform != scraper.PlatformShopify || bare.ObeyRobots || bare.Rules.Mode != "auto" ||
		bare.Delay != scraper.DefaultDelay || bare.Timeout != scraper.DefaultTimeout || bare.Parallelism != scraper.DefaultParallelism ||
		bare.MaxPages != scraper.DefaultMaxPages || bare.UserAgent != scraper.DefaultUserAgent+" (+https://example.com/shelfwatch-bot)" {
		t.Errorf("defaults not applied: %+v", bare)
	}

	if _, err := cfg.Competitor("bare-shop"); err != nil {
		t.Errorf("Competitor(bare-shop): %v", err)
	}
	_, err = cfg.Competitor("nope")
	if err == nil || !strings.Contains(err.Error(), "demo-tech, bare-shop") {
		t.Errorf("Competitor(nope) error = %v, want one listing the known names", err)
	}
}

func TestLoadConfigReadsTheBundledConfigs(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "configs", "*.yaml"))
	more, _ := filepath.Glob(filepath.Join("..", "configs", "*", "*.yaml"))
	paths = append(paths, more...)
	if len(paths) == 0 {
		t.Skip("no configs/ in this tree")
	}
	for _, p := range paths {
		t.Run(p+" loads", func(t *testing.T) {
			if _, err := load(p); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// comp is a valid competitor entry starting on line 2 of a config; tests
// append lines from line 6 on.
const comp = `competitors:
  - name: shop
    start_urls: [https://shop.example/]
    allowed_domains: [shop.example]
    delay: 0s
`

func TestLoadConfigRejectsBadFiles(t *testing.T) {
	tests := []struct {
		name  string
		yaml  string
		line  int
		field string
		msg   string
	}{
		{"a typo in a selector key suggests the right one", comp + "    selectors:\n      item: li\n      prcie: .price\n",
			8, "competitors[0].selectors.prcie", `unknown field (did you mean "price"?)`},
		{"a typo in a competitor key suggests the right one", comp + "    allowed_domain: [x.example]\n",
			6, "competitors[0].allowed_domain", `unknown field (did you mean "allowed_domains"?)`},
		{"an unknown top-level key lists the known ones", "databse: x\n" + comp,
			1, "databse", `unknown field (did you mean "database"?)`},
		{"an unrelated key lists the known ones", comp + "    colour: red\n",
			6, "competitors[0].colour", "unknown field (known: allowed_domains,"},
		{"a string where a number belongs", comp + "    parallelism: two\n",
			6, "competitors[0].parallelism", `want a whole number, got a string "two"`},
		{"a string where a list belongs", "competitors:\n  - name: shop\n    start_urls: https://shop.example/\n    allowed_domains: [shop.example]\n",
			3, "competitors[0].start_urls", "want a list of strings, got a string"},
		{"a list where a string belongs", comp + "    currency: [EUR]\n",
			6, "competitors[0].currency", "want a string, got a list"},
		{"a missing name", "competitors:\n  - start_urls: [https://shop.example/]\n    allowed_domains: [shop.example]\n",
			2, "competitors[0].name", "required field missing"},
		{"missing start_urls", "competitors:\n  - name: shop\n    allowed_domains: [shop.example]\n",
			2, "competitors[0].start_urls", "required field missing"},
		{"an empty start_urls list", "competitors:\n  - name: shop\n    start_urls: []\n",
			3, "competitors[0].start_urls", "required field missing"},
		{"http start URLs without allowed_domains", "competitors:\n  - name: shop\n    start_urls: [https://shop.example/]\n",
			3, "competitors[0].allowed_domains", "required for http(s) start URLs"},
		{"a start URL off the allowed domains", "competitors:\n  - name: shop\n    allowed_domains: [shop.example]\n    start_urls:\n      - https://shop.example/\n      - https://other.example/\n",
			6, "competitors[0].start_urls[1]", `host "other.example" is not in allowed_domains`},
		{"a start URL with an unsupported scheme", "competitors:\n  - name: shop\n    start_urls: [ftp://shop.example/]\n",
			3, "competitors[0].start_urls[0]", `unsupported URL scheme "ftp"`},
		{"a start URL without a host", "competitors:\n  - name: shop\n    start_urls: [\"https:///x\"]\n",
			3, "competitors[0].start_urls[0]", "no host"},
		{"a bad CSS selector", comp + "    selectors:\n      item: li\n      price: \".price[\"\n",
			8, "competitors[0].selectors.price", `invalid selector ".price["`},
		{"a bad next_page selector", comp + "    next_page: \"a.next[href @href\"\n",
			6, "competitors[0].next_page", "invalid selector"},
		{"an @ without attribute", comp + "    product_links: \"a @\"\n",
			6, "competitors[0].product_links", `no attribute name after "@"`},
		{"listing selectors without item", comp + "    selectors:\n      price: .price\n",
			6, "competitors[0].selectors.item", "required when other listing selectors are given"},
		{"a bad duration", comp + "    random_delay: 5\n",
			6, "competitors[0].random_delay", `invalid duration "5"`},
		{"a negative duration", comp + "    random_delay: -1s\n",
			6, "competitors[0].random_delay", "must not be negative"},
		{"a zero timeout", comp + "    timeout: 0s\n",
			6, "competitors[0].timeout", "must be more than 0"},
		{"a currency that is not ISO 4217", comp + "    decimal_separator: \",\"\n    currency: RMB\n",
			7, "competitors[0].currency", `unknown currency "RMB"`},
		{"a lower-case currency", comp + "    currency: eur\n",
			6, "competitors[0].currency", `unknown currency "eur"`},
		{"a bad platform", comp + "    platform: magento\n",
			6, "competitors[0].platform", `invalid value "magento" (want one of "html", "shopify", "woocommerce")`},
		{"a bad robots_txt", comp + "    robots_txt: maybe\n",
			6, "competitors[0].robots_txt", `want one of "obey", "ignore"`},
		{"a bad decimal separator", comp + "    decimal_separator: \"'\"\n",
			6, "competitors[0].decimal_separator", "invalid value"},
		{"a bad availability phrase key", comp + "    availability_phrases:\n      instock: [x]\n",
			7, "competitors[0].availability_phrases.instock", `did you mean "in_stock"?`},
		{"a bad name", "competitors:\n  - name: My Shop\n    start_urls: [a.html]\n",
			2, "competitors[0].name", `invalid name "My Shop"`},
		{"a duplicate competitor name", comp + "  - name: shop\n    start_urls: [shop.html]\n",
			6, "competitors[1].name", `duplicate competitor name "shop" (first used on line 2)`},
		{"a duplicate key", comp + "    delay: 1s\n",
			6, "competitors[0].delay", "duplicate key (first given on line 5)"},
		{"a bad contact URL", "contact_url: not a url\n" + comp,
			1, "contact_url", "invalid URL"},
		{"a bad allowed domain", "competitors:\n  - name: shop\n    start_urls: [a.html]\n    allowed_domains: [https://shop.example/]\n",
			4, "competitors[0].allowed_domains[0]", "invalid domain"},
		{"selectors mode without selectors", comp + "    extract: selectors\n",
			2, "competitors[0].extract", "needs selectors or product_selectors"},
		{"a shopify shop given as a file", "competitors:\n  - name: shop\n    platform: shopify\n    start_urls: [a.html]\n",
			4, "competitors[0].start_urls[0]", "platform shopify needs an http(s) shop URL"},
		{"competitors that are not a list", "competitors:\n  name: shop\n",
			2, "competitors", "want a list of competitors, got a mapping"},
		{"YAML indented with a tab", "competitors:\n  - name: shop\n    start_urls:\n\t- x\n",
			4, "", "invalid YAML: found character that cannot start any token"},
		{"an empty file", "",
			0, "", "config file is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is an error naming file, line and field", func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "shelfwatch.yaml")
			if err := os.WriteFile(path, []byte(tt.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := load(path)
			if err == nil {
				t.Fatal("LoadConfig succeeded")
			}
			if !errors.Is(err, yamlconf.ErrConfig) {
				t.Errorf("errors.Is(err, yamlconf.ErrConfig) = false for %v", err)
			}
			var ce *yamlconf.Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %T is not a *yamlconf.Error", err)
			}
			if ce.File != path || ce.Line != tt.line || ce.Field != tt.field || !strings.Contains(ce.Msg, tt.msg) {
				t.Errorf("got %s:%d: %s: %s\nwant %s:%d: %s: …%s…", ce.File, ce.Line, ce.Field, ce.Msg, path, tt.line, tt.field, tt.msg)
			}
			if tt.line > 0 && !strings.HasPrefix(err.Error(), path+":"+strconv.Itoa(tt.line)+": ") {
				t.Errorf("Error() = %q, want it to start with file:line", err)
			}
		})
	}
}

func TestLoadConfigMissingFileWrapsTheFileSystemError(t *testing.T) {
	_, err := load(filepath.Join(t.TempDir(), "nope.yaml"))
	if !errors.Is(err, yamlconf.ErrConfig) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v; want yamlconf.ErrConfig and fs.ErrNotExist", err)
	}
}

func FuzzLoadConfig(f *testing.F) {
	valid, err := os.ReadFile(filepath.Join("..", "testdata", "scraper", "config", "valid.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid)
	f.Add([]byte(comp + "    selectors:\n      item: li\n      prcie: .price\n"))
	f.Add([]byte("a: &x [*x]\n"))
	f.Add([]byte("competitors:\n  - &c {name: a, start_urls: [a.html]}\n  - *c\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "fuzz.yaml")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Skip(err)
		}
		cfg, err := load(path)
		if err != nil {
			var ce *yamlconf.Error
			if !errors.As(err, &ce) || !errors.Is(err, yamlconf.ErrConfig) {
				t.Fatalf("error %v is not a *yamlconf.Error wrapping yamlconf.ErrConfig", err)
			}
			return
		}
		for _, c := range cfg.Comps {
			if c.Name == "" || len(c.StartURLs) == 0 {
				t.Fatalf("accepted competitor without name or start URLs: %+v", c)
			}
		}
	})
}
