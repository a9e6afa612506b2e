package config_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/config"
	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/yamlconf"
)

func TestLoadConfigAnalysisSections(t *testing.T) {
	cfg, err := loadString(t, comp+`pricing:
  method: jenks
  group_by: category+brand
  min_offers: 5
  outlier_k: 3
  weight_by_sales: true
  price_gap_pct: 20
  cut_move_pct: 5
  currency: CNY
  fx: {USD: "7.12", EUR: 7.7}
  categories:
    Phones: {method: fixed, cuts: ["1500", "4000.50"]}
    Tea: {quantiles: [0.25, 0.75]}
matching:
  auto_threshold: 0.7
  candidate_threshold: 0.4
  max_candidates: 3
  brand_aliases: [[Vinda, 维达]]
alarms:
  min_item_ratio: 0.6
  min_price_coverage: 0.8
`)
	if err != nil {
		t.Fatal(err)
	}
	o := cfg.Pricing.Options()
	want := pricing.DefaultOptions()
	want.Method, want.GroupBy, want.MinOffers, want.OutlierK = pricing.MethodJenks, pricing.GroupByCategoryBrand, 5, 3
	want.WeightBySales, want.PriceGapPct, want.CutMovePct, want.Currency = true, 20, 5, "CNY"
	want.FX = map[string]string{"USD": "7.12", "EUR": "7.7"}
	want.Category = map[string]pricing.CategoryOptions{
		"Phones": {Method: pricing.MethodFixed, Cuts: [2]pricing.Amount{pricing.MustAmount("1500"), pricing.MustAmount("4000.50")}},
		"Tea":    {Quantiles: [2]float64{0.25, 0.75}},
	}
	if !reflect.DeepEqual(o, want) {
		t.Errorf("pricing options:\n got %+v\nwant %+v", o, want)
	}
	if m := cfg.Matching; m.AutoThreshold != 0.7 || m.CandidateThreshold != 0.4 || m.MaxCandidates != 3 || !reflect.DeepEqual(m.BrandAliases, [][]string{{"Vinda", "维达"}}) {
		t.Errorf("matching = %+v", m)
	}
	if a := cfg.Alarms.Thresholds; a.MinItemRatio != 0.6 || a.MinPriceCoverage != 0.8 {
		t.Errorf("alarms = %+v", a)
	}
}

func TestLoadConfigDefaultsTheAnalysisSections(t *testing.T) {
	cfg, err := loadString(t, comp)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Database != config.DefaultDatabase {
		t.Errorf("database = %q, want %q", cfg.Database, config.DefaultDatabase)
	}
	if !reflect.DeepEqual(cfg.Pricing.Options(), pricing.DefaultOptions()) {
		t.Errorf("pricing = %+v, want the defaults", cfg.Pricing.Options())
	}
	if cfg.Alarms.Thresholds != pricing.DefaultThresholds() {
		t.Errorf("alarms = %+v, want the defaults", cfg.Alarms.Thresholds)
	}
}

func TestLoadConfigRejectsBadAnalysisSections(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"an unknown banding method", "pricing:\n  method: kmeans\n", `:2: pricing.method: invalid value "kmeans"`},
		{"a typo in a pricing key", "pricing:\n  price_gap: 10\n", `:2: pricing.price_gap: unknown field (known: categories, currency, cut_move_pct`},
		{"quantiles out of order", "pricing:\n  quantiles: [0.7, 0.3]\n", ":2: pricing.quantiles: quantiles must satisfy"},
		{"a quantile that is not a number", "pricing:\n  quantiles: [a, 0.3]\n", ":2: pricing.quantiles[0]: want a number"},
		{"fixed cuts missing", "pricing:\n  categories:\n    Phones: {method: fixed}\n", ":3: pricing.categories.Phones: method fixed needs cuts"},
		{"cuts that are not amounts", "pricing:\n  categories:\n    Phones: {method: fixed, cuts: [cheap, \"9\"]}\n", `:3: pricing.categories.Phones.cuts[0]: want a positive amount`},
		{"a bad FX rate", "pricing:\n  currency: CNY\n  fx: {USD: lots}\n", `:3: pricing.fx.USD: invalid rate "lots"`},
		{"a lower-case currency", "pricing:\n  currency: cny\n", `:2: pricing.currency: unknown currency "cny"`},
		{"FX without a reporting currency", "pricing:\n  fx: {USD: \"7\"}\n", ":2: pricing: invalid pricing options: FX rates need a reporting currency"},
		{"a threshold above one", "matching:\n  auto_threshold: 1.5\n", ":2: matching.auto_threshold: want a number from 0 to 1"},
		{"a candidate threshold above the auto one", "matching:\n  auto_threshold: 0.5\n  candidate_threshold: 0.6\n", ":2: matching: candidate_threshold must not be above auto_threshold"},
		{"a typo in alarms", "alarms:\n  min_items: 0.5\n", `:2: alarms.min_items: unknown field`},
		{"a flag that is not a boolean", "pricing:\n  weight_by_sales: yes please\n", ":2: pricing.weight_by_sales: want true or false"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" names the line and field", func(t *testing.T) {
			_, err := loadString(t, tt.yaml+comp)
			if err == nil || !errors.Is(err, yamlconf.ErrConfig) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want …%s…", err, tt.want)
			}
		})
	}
}

func TestLoadConfigChecksTheCatalogAndDatabase(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"a catalog that does not exist", "catalog: nothere.csv\n", ":1: catalog: cannot read catalog"},
		{"a database shelfwatch cannot open, without its password", "database: mysql://me:secret@db/x\n", `:1: database: unknown database "mysql://me:xxxxx@db/x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is a config error", func(t *testing.T) {
			_, err := loadString(t, tt.yaml+comp)
			if err == nil || !errors.Is(err, yamlconf.ErrConfig) || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "secret") {
				t.Errorf("err = %v, want …%s…", err, tt.want)
			}
		})
	}
}
