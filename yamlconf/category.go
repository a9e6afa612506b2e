package yamlconf

import (
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/shelfwatch/shelfwatch/category"
)

// Categories decodes the top-level category tree:
//
//	categories:
//	  Phones: {names: [手机, Smartphones], paths: ["Electronics > Phones"], urls: ["/c/phones/"]}
//	  audio/earphones: [耳机, Earphones]   # a list is names only
//	  Tea:                                 # just the canonical name
//
// Every canonical name is declared before any rule is read, so that a rule
// naming another category's own name is a conflict wherever it stands. An
// empty section is a nil tree.
func (d *Decoder) Categories(n *yaml.Node, field string) (*category.Tree, error) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil, nil
	}
	if n.Kind != yaml.MappingNode {
		return nil, d.Errorf(n, field, "want a mapping of canonical category names to their shop names, got %s", KindName(n))
	}
	tree := category.New()
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if err := tree.Add(k.Value); err != nil {
			return nil, d.Errorf(k, Join(field, k.Value), "%v", err)
		}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], Resolve(n.Content[i+1])
		if err := d.CategoryRules(v, Join(field, k.Value), k.Value, tree.Global()); err != nil {
			return nil, err
		}
	}
	return tree, nil
}

// CategoryRules decodes one category's rules into rules: null, a list of
// names, or a mapping with names, paths and urls. The tree and a
// competitor's overrides share this grammar.
func (d *Decoder) CategoryRules(n *yaml.Node, field, canonical string, rules *category.Rules) error {
	add := func(list *yaml.Node, f string, fn func(canonical, s string) error) error {
		var items []string
		if err := d.Strs(list, f, &items); err != nil {
			return err
		}
		for i, s := range items {
			if err := fn(canonical, s); err != nil {
				at := list
				if i < len(list.Content) {
					at = list.Content[i]
				}
				return d.Errorf(at, fmt.Sprintf("%s[%d]", f, i), "%v", err)
			}
		}
		return nil
	}
	switch {
	case n.Kind == yaml.ScalarNode && n.Tag == "!!null":
		return nil
	case n.Kind == yaml.SequenceNode:
		return add(n, field, rules.AddName)
	case n.Kind != yaml.MappingNode:
		return d.Errorf(n, field, "want a list of names or a mapping with names, paths and urls, got %s", KindName(n))
	}
	return d.Mapping(n, field, map[string]Handler{
		"names": func(n *yaml.Node, f string) error { return add(n, f, rules.AddName) },
		"paths": func(n *yaml.Node, f string) error { return add(n, f, rules.AddPath) },
		"urls":  func(n *yaml.Node, f string) error { return add(n, f, rules.AddURL) },
	})
}
