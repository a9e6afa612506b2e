package config

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/shelfwatch/shelfwatch/alert"
	"github.com/shelfwatch/shelfwatch/yamlconf"
)

// Defaults of the alerts: rules' thresholds, in tenths of a percent.
const (
	DefaultPriceMoveTenths = 100 // price_move: 10 %
	DefaultUndercutTenths  = 0   // undercut: any amount below our price
)

// alertRuleKeys are the keys each rule type takes besides type: a key given
// to a type that does not use it is an error, so a misplaced pct is not
// silently ignored.
var alertRuleKeys = map[alert.RuleType][]string{
	alert.PriceMove:  {"pct"},
	alert.Undercut:   {"pct"},
	alert.Stock:      nil,
	alert.RunQuality: {"stale_after"},
}

// alerts decodes:
//
//	alerts:
//	  watch: [OUR-1, OUR-2]          # or all
//	  rules:
//	    - {type: price_move, pct: 10}  # more than 10 % either way (default 10)
//	    - {type: undercut, pct: 0}     # below our price by more than pct (default 0)
//	    - {type: stock}                # out of stock, back in stock
//	    - {type: run_quality, stale_after: 72h}  # suspect runs; no success for 72h
//	  send_to: [ops-slack, buyers]   # notify: destination names; default all
//
// The destinations are checked against the notify: section by
// checkAlerts, once the whole file is read.
func (d *decoder) alerts(n *yaml.Node, field string, dst *alert.Config) error {
	var watch, rules *yaml.Node
	err := d.Mapping(n, field, map[string]yamlconf.Handler{
		"watch": func(v *yaml.Node, f string) error {
			watch = v
			if v.Kind == yaml.ScalarNode && v.Tag != "!!null" {
				if strings.EqualFold(strings.TrimSpace(v.Value), "all") {
					dst.WatchAll = true
					return nil
				}
				return d.Errorf(v, f, "want a list of our SKUs or all, got %q", v.Value)
			}
			if err := d.Strs(v, f, &dst.Watch); err != nil {
				return err
			}
			seen := map[string]bool{}
			for i, s := range dst.Watch {
				s = strings.TrimSpace(s)
				if s == "" {
					return d.Errorf(v.Content[i], fmt.Sprintf("%s[%d]", f, i), "empty SKU")
				}
				if seen[s] {
					return d.Errorf(v.Content[i], fmt.Sprintf("%s[%d]", f, i), "SKU %q is listed twice", s)
				}
				seen[s] = true
				dst.Watch[i] = s
			}
			return nil
		},
		"rules": func(v *yaml.Node, f string) error {
			rules = v
			if v.Kind != yaml.SequenceNode {
				return d.Errorf(v, f, "want a list of rules, got %s", yamlconf.KindName(v))
			}
			lines := map[alert.RuleType]int{}
			for i, item := range v.Content {
				fi := fmt.Sprintf("%s[%d]", f, i)
				r, err := d.alertRule(yamlconf.Resolve(item), fi)
				if err != nil {
					return err
				}
				if line, dup := lines[r.Type]; dup {
					return d.Errorf(item, fi+".type", "a %s rule is already given on line %d", r.Type, line)
				}
				lines[r.Type] = item.Line
				dst.Rules = append(dst.Rules, r)
			}
			return nil
		},
		"send_to": func(v *yaml.Node, f string) error { return d.Strs(v, f, &dst.SendTo) },
	})
	if err != nil {
		return err
	}
	if len(dst.Rules) == 0 {
		at := n
		if rules != nil {
			at = rules
		}
		return d.Errorf(at, yamlconf.Join(field, "rules"), "no rules (want at least one of %s)", ruleTypeList())
	}
	itemRules := slices.ContainsFunc(dst.Rules, func(r alert.Rule) bool { return r.Type != alert.RunQuality })
	if itemRules && !dst.WatchAll && len(dst.Watch) == 0 {
		// Watching every item by default would flood a large catalog's
		// chat on the first crawl; the file must say so.
		at := n
		if watch != nil {
			at = watch
		}
		return d.Errorf(at, yamlconf.Join(field, "watch"), "required by the item rules: a list of our SKUs, or all")
	}
	return nil
}

func (d *decoder) alertRule(n *yaml.Node, field string) (alert.Rule, error) {
	var r alert.Rule
	if n.Kind != yaml.MappingNode {
		return r, d.Errorf(n, field, "want a mapping such as {type: price_move, pct: 10}, got %s", yamlconf.KindName(n))
	}
	var typ *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "type" {
			typ = yamlconf.Resolve(n.Content[i+1])
		}
	}
	if typ == nil {
		return r, d.Errorf(n, field+".type", "missing (want one of %s)", ruleTypeList())
	}
	var t string
	if err := d.Str(typ, field+".type", &t); err != nil {
		return r, err
	}
	r.Type = alert.RuleType(strings.ToLower(strings.TrimSpace(t)))
	keys, ok := alertRuleKeys[r.Type]
	if !ok {
		return r, d.Errorf(typ, field+".type", "unknown rule type %q (want one of %s)", t, ruleTypeList())
	}
	switch r.Type {
	case alert.PriceMove:
		r.PctTenths = DefaultPriceMoveTenths
	case alert.Undercut:
		r.PctTenths = DefaultUndercutTenths
	}
	all := map[string]yamlconf.Handler{
		"pct":         func(v *yaml.Node, f string) error { return d.pctTenths(v, f, &r.PctTenths) },
		"stale_after": func(v *yaml.Node, f string) error { return d.Duration(v, f, &r.StaleAfter) },
	}
	fields := map[string]yamlconf.Handler{"type": func(*yaml.Node, string) error { return nil }}
	for _, k := range keys {
		fields[k] = all[k]
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if _, known := all[k]; known && fields[k] == nil {
			return r, d.Errorf(n.Content[i], yamlconf.Join(field, k), "a %s rule takes no %s", r.Type, k)
		}
	}
	return r, d.Mapping(n, field, fields)
}

// pctTenths reads a percentage from 0 to 1000 with at most one decimal
// (7.5), as tenths: thresholds compare exactly with prices in minor units.
func (d *decoder) pctTenths(n *yaml.Node, field string, dst *int64) error {
	s := strings.TrimSuffix(strings.TrimSpace(n.Value), "%")
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float" && !strings.HasSuffix(n.Value, "%")) {
		return d.Errorf(n, field, "want a percentage such as 10 or 7.5, got %s %q", yamlconf.KindName(n), n.Value)
	}
	whole, frac, _ := strings.Cut(s, ".")
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w < 0 || len(frac) > 1 || (frac != "" && (frac[0] < '0' || frac[0] > '9')) {
		return d.Errorf(n, field, "want a percentage from 0 to 1000 with at most one decimal (10, 7.5), got %s", n.Value)
	}
	t := w * 10
	if frac != "" {
		t += int64(frac[0] - '0')
	}
	if t > 10000 {
		return d.Errorf(n, field, "want a percentage from 0 to 1000, got %s", n.Value)
	}
	*dst = t
	return nil
}

// checkAlerts checks the alerts: section against the notify: section:
// alerts go through notify's destinations, so there must be some, and
// send_to must name them.
func (d *decoder) checkAlerts(n *yaml.Node, cfg *Config) error {
	if cfg.Alerts == nil {
		return nil
	}
	if cfg.Notify == nil || len(cfg.Notify.Destinations) == 0 {
		return d.Errorf(n, "alerts", "alerts are sent through the notify: section's destinations, and there are none")
	}
	names := make([]string, 0, len(cfg.Notify.Destinations))
	for _, dst := range cfg.Notify.Destinations {
		names = append(names, dst.Name)
	}
	at := func(i int) *yaml.Node { return n }
	for j := 0; n.Kind == yaml.MappingNode && j+1 < len(n.Content); j += 2 {
		if v := yamlconf.Resolve(n.Content[j+1]); n.Content[j].Value == "send_to" && v.Kind == yaml.SequenceNode {
			at = func(i int) *yaml.Node { return v.Content[i] }
		}
	}
	for i, s := range cfg.Alerts.SendTo {
		if !slices.Contains(names, s) {
			return d.Errorf(at(i), fmt.Sprintf("alerts.send_to[%d]", i), "unknown destination %q (notify: has %s)", s, strings.Join(names, ", "))
		}
	}
	return nil
}

func ruleTypeList() string {
	s := make([]string, len(alert.RuleTypes))
	for i, t := range alert.RuleTypes {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}
