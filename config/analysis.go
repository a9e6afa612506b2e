package config

import (
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/yamlconf"
)

// PricingConfig is the config's pricing section: how markets are banded
// and when our prices are flagged. Zero fields keep pricing's defaults.
type PricingConfig struct {
	opt pricing.Options
}

// Options returns the analysis options the section describes.
func (p PricingConfig) Options() pricing.Options { return p.opt }

// MatchingConfig is the config's matching section.
type MatchingConfig struct {
	// AutoThreshold and CandidateThreshold are fuzzy-match scores in [0, 1];
	// zero means the matcher's default.
	AutoThreshold, CandidateThreshold float64
	// MaxCandidates caps review candidates per catalog item; 0 = default.
	MaxCandidates int
	// BrandAliases are groups of names for one brand ("Vinda", "维达").
	BrandAliases [][]string
}

// AlarmsConfig is the config's alarms section: when a run looks broken.
type AlarmsConfig struct {
	Thresholds pricing.Thresholds
}

func (d *decoder) quantiles(n *yaml.Node, field string, dst *[2]float64) error {
	if n.Kind != yaml.SequenceNode || len(n.Content) != 2 {
		return d.Errorf(n, field, "want two quantiles like [0.3333, 0.6667]")
	}
	for i := range 2 {
		if err := d.Fraction(yamlconf.Resolve(n.Content[i]), fmt.Sprintf("%s[%d]", field, i), &dst[i], 0, 1); err != nil {
			return err
		}
	}
	if !(dst[0] > 0 && dst[0] <= dst[1] && dst[1] < 1) {
		return d.Errorf(n, field, "quantiles must satisfy 0 < q1 <= q2 < 1")
	}
	return nil
}

func (d *decoder) cuts(n *yaml.Node, field string, dst *[2]pricing.Amount) error {
	if n.Kind != yaml.SequenceNode || len(n.Content) != 2 {
		return d.Errorf(n, field, `want two amounts like ["999", "2999"]`)
	}
	for i := range 2 {
		var s string
		f := fmt.Sprintf("%s[%d]", field, i)
		if err := d.Str(yamlconf.Resolve(n.Content[i]), f, &s); err != nil {
			return err
		}
		a, err := pricing.ParseAmount(s)
		if err != nil || a <= 0 {
			return d.Errorf(n.Content[i], f, "want a positive amount like 999.00, got %q", s)
		}
		dst[i] = a
	}
	if dst[0] > dst[1] {
		return d.Errorf(n, field, "the low cut must not be above the high cut")
	}
	return nil
}

func (d *decoder) method(n *yaml.Node, field string, dst *pricing.Method) error {
	var s string
	if err := d.Enum(n, field, &s, string(pricing.MethodNatural), string(pricing.MethodQuantile), string(pricing.MethodFixed), string(pricing.MethodJenks)); err != nil {
		return err
	}
	*dst = pricing.Method(s)
	return nil
}

// pricing decodes:
//
//	pricing:
//	  method: natural | quantile | fixed | jenks
//	  quantiles: [0.3333, 0.6667]
//	  group_by: category | category+brand
//	  min_offers: 3
//	  outlier_k: 1.5            # 0 turns outlier trimming off
//	  weight_by_sales: false
//	  price_gap_pct: 15
//	  cut_move_pct: 10
//	  currency: CNY             # reporting currency, needed with fx
//	  fx: {CNY: "1", USD: "7.12"}
//	  categories:
//	    Phones: {method: fixed, cuts: ["1500", "4000"]}
func (d *decoder) pricing(n *yaml.Node, field string, dst *PricingConfig) error {
	o := pricing.DefaultOptions()
	err := d.Mapping(n, field, map[string]yamlconf.Handler{
		"method":    func(n *yaml.Node, f string) error { return d.method(n, f, &o.Method) },
		"quantiles": func(n *yaml.Node, f string) error { return d.quantiles(n, f, &o.Quantiles) },
		"group_by": func(n *yaml.Node, f string) error {
			s := string(o.GroupBy)
			err := d.Enum(n, f, &s, string(pricing.GroupByCategory), string(pricing.GroupByCategoryBrand))
			o.GroupBy = pricing.GroupBy(s)
			return err
		},
		"min_offers":      func(n *yaml.Node, f string) error { return d.Positive(n, f, &o.MinOffers) },
		"outlier_k":       func(n *yaml.Node, f string) error { return d.Fraction(n, f, &o.OutlierK, 0, 100) },
		"weight_by_sales": func(n *yaml.Node, f string) error { return d.Boolean(n, f, &o.WeightBySales) },
		"price_gap_pct":   func(n *yaml.Node, f string) error { return d.Fraction(n, f, &o.PriceGapPct, 0, 1000) },
		"cut_move_pct":    func(n *yaml.Node, f string) error { return d.Fraction(n, f, &o.CutMovePct, 0, 1000) },
		"currency": func(n *yaml.Node, f string) error {
			return d.CurrencyCode(n, f, &o.Currency)
		},
		"fx": func(n *yaml.Node, f string) error {
			if n.Kind != yaml.MappingNode {
				return d.Errorf(n, f, "want a mapping of currency codes to rates, got %s", yamlconf.KindName(n))
			}
			o.FX = map[string]string{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], yamlconf.Resolve(n.Content[i+1])
				var code string
				if err := d.CurrencyCode(k, yamlconf.Join(f, k.Value), &code); err != nil {
					return err
				}
				var rate string
				if err := d.Str(v, yamlconf.Join(f, k.Value), &rate); err != nil {
					return err
				}
				probe := pricing.DefaultOptions()
				probe.Currency, probe.FX = code, map[string]string{code: rate}
				if err := probe.Validate(); err != nil {
					return d.Errorf(v, yamlconf.Join(f, k.Value), "invalid rate %q (want a decimal like 7.12 or a fraction like 1/7)", rate)
				}
				o.FX[code] = rate
			}
			return nil
		},
		"categories": func(n *yaml.Node, f string) error {
			if n.Kind != yaml.MappingNode {
				return d.Errorf(n, f, "want a mapping of category names to settings, got %s", yamlconf.KindName(n))
			}
			o.Category = map[string]pricing.CategoryOptions{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], yamlconf.Resolve(n.Content[i+1])
				cf := yamlconf.Join(f, k.Value)
				var co pricing.CategoryOptions
				err := d.Mapping(v, cf, map[string]yamlconf.Handler{
					"method":    func(n *yaml.Node, f string) error { return d.method(n, f, &co.Method) },
					"quantiles": func(n *yaml.Node, f string) error { return d.quantiles(n, f, &co.Quantiles) },
					"cuts":      func(n *yaml.Node, f string) error { return d.cuts(n, f, &co.Cuts) },
				})
				if err != nil {
					return err
				}
				if co.Method == pricing.MethodFixed && co.Cuts == [2]pricing.Amount{} {
					return d.Errorf(v, cf, "method fixed needs cuts")
				}
				o.Category[k.Value] = co
			}
			return nil
		},
	})
	if err != nil {
		return err
	}
	if err := o.Validate(); err != nil {
		return d.Errorf(n, yamlconf.OrWhole(field), "%v", err)
	}
	dst.opt = o
	return nil
}

// matching decodes:
//
//	matching:
//	  auto_threshold: 0.6
//	  candidate_threshold: 0.35
//	  max_candidates: 5
//	  brand_aliases: [[Vinda, 维达]]
func (d *decoder) matching(n *yaml.Node, field string, dst *MatchingConfig) error {
	err := d.Mapping(n, field, map[string]yamlconf.Handler{
		"auto_threshold":      func(n *yaml.Node, f string) error { return d.Fraction(n, f, &dst.AutoThreshold, 0, 1) },
		"candidate_threshold": func(n *yaml.Node, f string) error { return d.Fraction(n, f, &dst.CandidateThreshold, 0, 1) },
		"max_candidates":      func(n *yaml.Node, f string) error { return d.Positive(n, f, &dst.MaxCandidates) },
		"brand_aliases": func(n *yaml.Node, f string) error {
			if n.Kind != yaml.SequenceNode {
				return d.Errorf(n, f, "want a list of name lists, got %s", yamlconf.KindName(n))
			}
			for i, g := range n.Content {
				var names []string
				if err := d.Strs(yamlconf.Resolve(g), fmt.Sprintf("%s[%d]", f, i), &names); err != nil {
					return err
				}
				dst.BrandAliases = append(dst.BrandAliases, names)
			}
			return nil
		},
	})
	if err != nil {
		return err
	}
	if dst.AutoThreshold > 0 && dst.CandidateThreshold > dst.AutoThreshold {
		return d.Errorf(n, yamlconf.OrWhole(field), "candidate_threshold must not be above auto_threshold")
	}
	return nil
}

// alarms decodes:
//
//	alarms:
//	  min_item_ratio: 0.5       # fewer items than this share of last run: suspect
//	  min_price_coverage: 0.9   # fewer items with a price than this share: suspect
func (d *decoder) alarms(n *yaml.Node, field string, dst *AlarmsConfig) error {
	return d.Mapping(n, field, map[string]yamlconf.Handler{
		"min_item_ratio":     func(n *yaml.Node, f string) error { return d.Fraction(n, f, &dst.Thresholds.MinItemRatio, 0, 1) },
		"min_price_coverage": func(n *yaml.Node, f string) error { return d.Fraction(n, f, &dst.Thresholds.MinPriceCoverage, 0, 1) },
	})
}
