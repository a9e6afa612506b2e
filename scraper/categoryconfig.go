package scraper

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/shelfwatch/shelfwatch/category"
	"github.com/shelfwatch/shelfwatch/yamlconf"
)

// competitorCategories settles how one competitor's categories map, once
// its entry is read: overrides is its own categories: section (nil when
// absent), fixedNode its category: key (nil when absent). With no tree the
// competitor keeps today's behaviour, the shop's category as it is.
func (d *decoder) competitorCategories(c *Competitor, field string, overrides, fixedNode *yaml.Node) error {
	if d.tree == nil {
		if overrides != nil {
			return d.Errorf(overrides, field+".categories", "needs the top-level categories: section (the canonical names to map to)")
		}
		return nil
	}
	if c.Rules.Category != "" {
		canon, ok := d.tree.Canonical(c.Rules.Category)
		if !ok {
			return d.Errorf(fixedNode, field+".category", "unknown category %q (not in the top-level categories: %s)", c.Rules.Category, strings.Join(d.tree.Names(), ", "))
		}
		if overrides != nil {
			return d.Errorf(overrides, field+".categories", "a fixed category: and categories: overrides exclude each other")
		}
		// Every offer is this category; the extractor still reads what
		// the shop calls it, for SourceCategory.
		c.Categories = category.Fixed(canon)
		c.Rules.Category = ""
		return nil
	}
	if overrides == nil {
		c.Categories = d.tree.Mapper(nil)
		return nil
	}
	if overrides.Kind != yaml.MappingNode {
		if overrides.Kind == yaml.ScalarNode && overrides.Tag == "!!null" {
			c.Categories = d.tree.Mapper(nil)
			return nil
		}
		return d.Errorf(overrides, field+".categories", "want a mapping of canonical category names to this shop's names, got %s", yamlconf.KindName(overrides))
	}
	rules := d.tree.NewRules()
	for i := 0; i+1 < len(overrides.Content); i += 2 {
		k, v := overrides.Content[i], yamlconf.Resolve(overrides.Content[i+1])
		f := yamlconf.Join(field+".categories", k.Value)
		canon, ok := d.tree.Canonical(k.Value)
		if !ok {
			return d.Errorf(k, f, "unknown category %q (overrides may only map to the top-level categories: %s)", k.Value, strings.Join(d.tree.Names(), ", "))
		}
		if err := d.CategoryRules(v, f, canon, rules); err != nil {
			return err
		}
	}
	c.Categories = d.tree.Mapper(rules)
	return nil
}
