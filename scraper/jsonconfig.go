package scraper

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/tidwall/gjson"
	"go.yaml.in/yaml/v3"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/yamlconf"
)

// jsonRuleNodes is where one json rule's URL was written, for the check
// of its host against allowed_domains.
type jsonRuleNodes struct {
	url   *yaml.Node
	field string
	host  string // "" when a placeholder stands in the host
}

// jsonRules decodes a competitor's json: key, one rule (a mapping) or a
// list of them.
func (d *decoder) jsonRules(n *yaml.Node, field string, c *Competitor) ([]JSONRule, []jsonRuleNodes, error) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil, nil, nil
	}
	entries := []*yaml.Node{n}
	fields := []string{field}
	if n.Kind == yaml.SequenceNode {
		entries, fields = nil, nil
		for i, e := range n.Content {
			entries = append(entries, yamlconf.Resolve(e))
			fields = append(fields, fmt.Sprintf("%s[%d]", field, i))
		}
		if len(entries) == 0 {
			return nil, nil, d.Errorf(n, field, "empty list (leave json out, or give at least one rule)")
		}
	} else if n.Kind != yaml.MappingNode {
		return nil, nil, d.Errorf(n, field, "want a rule (a mapping with url and fields) or a list of rules, got %s", yamlconf.KindName(n))
	}
	var rules []JSONRule
	var nodes []jsonRuleNodes
	for i, e := range entries {
		r, rn, err := d.jsonRule(e, fields[i])
		if err != nil {
			return nil, nil, err
		}
		rules, nodes = append(rules, r), append(nodes, rn)
	}
	return rules, nodes, nil
}

var idFromFields = []string{"url", "sku", "key", "gtin", "mpn", "title"}

// jsonRule decodes and checks one json rule: its templates, JSON paths and
// id regex, so that a typo fails at load time with its line rather than
// silently finding nothing during every crawl.
func (d *decoder) jsonRule(n *yaml.Node, field string) (JSONRule, jsonRuleNodes, error) {
	var r JSONRule
	rn := jsonRuleNodes{field: field + ".url"}
	var urlT, eachT jsonTemplate
	var eachNode, idNode, keyNode, fieldsNode *yaml.Node
	path := func(dst *string, at **yaml.Node) yamlconf.Handler {
		return func(n *yaml.Node, f string) error {
			if at != nil {
				*at = n
			}
			if err := d.Str(n, f, dst); err != nil {
				return err
			}
			if err := checkJSONPath(*dst); err != nil {
				return d.Errorf(n, f, "%v", err)
			}
			return nil
		}
	}
	err := d.Mapping(n, field, map[string]yamlconf.Handler{
		"url": func(n *yaml.Node, f string) error {
			rn.url = n
			if err := d.Str(n, f, &r.URL); err != nil {
				return err
			}
			r.URL = strings.TrimSpace(r.URL)
			t, err := parseTemplate(r.URL, true)
			if err != nil {
				return d.Errorf(n, f, "invalid URL template %q: %v", r.URL, err)
			}
			if err := checkURLTemplate(t); err != nil {
				return d.Errorf(n, f, "invalid URL template %q: %v", r.URL, err)
			}
			urlT = t
			rn.host, _ = t.literalHost()
			return nil
		},
		"each": func(n *yaml.Node, f string) error {
			eachNode = n
			if err := d.Str(n, f, &r.Each); err != nil {
				return err
			}
			t, err := parseTemplate(r.Each, false)
			if err != nil {
				return d.Errorf(n, f, "invalid template %q: %v", r.Each, err)
			}
			if len(t.names()) == 0 {
				return d.Errorf(n, f, "template %q has no placeholder: every offer would have the same name", r.Each)
			}
			eachT = t
			return nil
		},
		"id": func(n *yaml.Node, f string) error {
			idNode = n
			var re string
			err := d.Mapping(n, f, map[string]yamlconf.Handler{
				"from": func(n *yaml.Node, f string) error {
					return d.Enum(n, f, &r.IDFrom, idFromFields...)
				},
				"regex": func(n *yaml.Node, f string) error {
					if err := d.Str(n, f, &re); err != nil {
						return err
					}
					rx, err := regexp.Compile(re)
					if err != nil {
						return d.Errorf(n, f, "invalid regex %q: %v", re, err)
					}
					if rx.NumSubexp() < 1 {
						return d.Errorf(n, f, "regex %q has no group: {id} is its first group, as in \"/(\\\\d+)\\\\.html\"", re)
					}
					r.IDRegex = rx
					return nil
				},
			})
			if err != nil {
				return err
			}
			if r.IDRegex == nil {
				return d.Errorf(n, f+".regex", "required field missing")
			}
			return nil
		},
		"items": path(&r.Items, nil),
		"key":   path(&r.Key, &keyNode),
		"batch": func(n *yaml.Node, f string) error { return d.Positive(n, f, &r.Batch) },
		"join": func(n *yaml.Node, f string) error {
			if err := d.Str(n, f, &r.Join); err != nil {
				return err
			}
			if r.Join == "" {
				return d.Errorf(n, f, "empty separator")
			}
			return nil
		},
		"fill": func(n *yaml.Node, f string) error { return d.Boolean(n, f, &r.Fill) },
		"fields": func(n *yaml.Node, f string) error {
			fieldsNode = n
			r.Fields = make(map[string]string)
			h := make(map[string]yamlconf.Handler)
			for _, name := range JSONFields {
				h[name] = func(n *yaml.Node, f string) error {
					var p string
					if err := d.Str(n, f, &p); err != nil {
						return err
					}
					if err := checkJSONPath(p); err != nil {
						return d.Errorf(n, f, "%v", err)
					}
					r.Fields[name] = p
					return nil
				}
			}
			return d.Mapping(n, f, h)
		},
		"availability_values": func(n *yaml.Node, f string) error {
			if n.Kind != yaml.MappingNode {
				return d.Errorf(n, f, "want a mapping of the endpoint's values to in_stock, out_of_stock, preorder or discontinued, got %s", yamlconf.KindName(n))
			}
			r.AvailabilityValues = make(map[string]pricing.Availability)
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], yamlconf.Resolve(n.Content[i+1])
				var state string
				if err := d.Enum(v, f+"."+k.Value, &state, string(pricing.InStock), string(pricing.OutOfStock), string(pricing.PreOrder), string(pricing.Discontinued)); err != nil {
					return err
				}
				r.AvailabilityValues[strings.TrimSpace(k.Value)] = pricing.Availability(state)
			}
			return nil
		},
	})
	if err != nil {
		return r, rn, err
	}
	if rn.url == nil || r.URL == "" {
		return r, rn, d.Errorf(n, field+".url", "required field missing (the endpoint, such as https://p.example.com/prices?skus={skus})")
	}
	if len(r.Fields) == 0 {
		at := n
		if fieldsNode != nil {
			at = fieldsNode
		}
		return r, rn, d.Errorf(at, field+".fields", "required field missing (which offer fields to read, such as price: \"p\")")
	}
	plural := urlT.plural()
	if plural != "" {
		if r.Items == "" {
			return r, rn, d.Errorf(rn.url, field+".items", "required with %s in url: the path of the list of per-product items (such as \"data\", or \"#\" for an answer that is the list)", "{"+plural+"}")
		}
		if r.Key == "" {
			return r, rn, d.Errorf(rn.url, field+".key", "required with %s in url: the path, within an item, of the product's id (such as \"id\")", "{"+plural+"}")
		}
	} else if r.Batch > 0 || r.Join != "" {
		return r, rn, d.Errorf(rn.url, field+".url", "batch and join need a list placeholder ({skus}, {ids}...) in url")
	}
	if r.Key != "" && r.Items == "" {
		return r, rn, d.Errorf(keyNode, field+".key", "key matches items: it needs items, the path of their list")
	}
	usesID := slices.Contains(urlT.names(), "id") || slices.Contains(urlT.names(), "ids") || slices.Contains(eachT.names(), "id")
	if usesID && r.IDRegex == nil {
		return r, rn, d.Errorf(rn.url, field+".id", "required with {id}: how to read it, such as {from: url, regex: \"/(\\\\d+)\\\\.html\"}")
	}
	if !usesID && idNode != nil {
		return r, rn, d.Errorf(idNode, field+".id", "given but neither url nor each uses {id}")
	}
	if eachNode != nil && plural == "" && r.Key == "" {
		return r, rn, d.Errorf(eachNode, field+".each", "each names offers to match items by key: it needs items and key, or a list placeholder in url")
	}
	return r, rn, nil
}

// checkURLTemplate checks that a URL template is an absolute http(s) URL
// that uses at most one list placeholder, and no single-offer placeholder
// beside it (a request for a batch has no single offer).
func checkURLTemplate(t jsonTemplate) error {
	vals := map[string]string{}
	var plurals, singulars []string
	for _, n := range t.names() {
		vals[n] = "x1"
		if _, ok := jsonPlaceholders[n]; ok {
			singulars = append(singulars, "{"+n+"}")
		} else {
			plurals = append(plurals, "{"+n+"}")
		}
	}
	if len(plurals) > 1 {
		return fmt.Errorf("%s: one list placeholder per URL", strings.Join(plurals, " and "))
	}
	if len(plurals) == 1 && len(singulars) > 0 {
		return fmt.Errorf("%s asks for many offers and %s for one; use each to shape the list's values", plurals[0], strings.Join(singulars, ", "))
	}
	if len(plurals)+len(singulars) == 0 {
		return errors.New("no placeholder: every offer would get the same answer (use {sku}, {id}, {url}... or {skus}, {ids}...)")
	}
	s, _ := t.render(vals, false)
	u, err := url.Parse(s)
	if err != nil {
		return err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("want an absolute http(s) URL")
	}
	if u.Host == "" {
		return errors.New("no host")
	}
	return nil
}

// checkJSONHosts checks each json rule's endpoint host against
// allowed_domains: the crawl would refuse it anyway, on every request.
func (d *decoder) checkJSONHosts(c *Competitor, fn *fetchNodes) error {
	for _, rn := range fn.jsonNodes {
		if rn.host != "" && !slices.Contains(c.AllowedDomains, rn.host) {
			return d.Errorf(rn.url, rn.field, "host %q is not in allowed_domains %v (endpoints get the same politeness as pages)", rn.host, c.AllowedDomains)
		}
	}
	return nil
}

// checkJSONPath checks a gjson path for what would make it silently match
// nothing: emptiness, unbalanced brackets or quotes, empty components
// ("a..b", "a."), and modifiers gjson does not know.
func checkJSONPath(p string) error {
	if strings.TrimSpace(p) == "" {
		return errors.New("empty JSON path")
	}
	if p != strings.TrimSpace(p) {
		return fmt.Errorf("JSON path %q has spaces around it", p)
	}
	body := p
	if strings.HasPrefix(body, "..") {
		body = body[2:] // JSON Lines
	}
	var stack []byte
	inStr := false
	comp := 0 // length of the current component
	start := 0
	for i := 0; i < len(body); i++ {
		ch := body[i]
		if inStr {
			switch ch {
			case '\\':
				i++
			case '"':
				inStr = false
			}
			continue
		}
		switch ch {
		case '\\':
			i++
			comp += 2
			continue
		case '"':
			if len(stack) == 0 {
				comp++
				continue
			}
			inStr = true
		case '(', '[', '{':
			stack = append(stack, ch)
		case ')', ']', '}':
			want := map[byte]byte{')': '(', ']': '[', '}': '{'}[ch]
			if len(stack) == 0 || stack[len(stack)-1] != want {
				return fmt.Errorf("JSON path %q: unbalanced %q", p, ch)
			}
			stack = stack[:len(stack)-1]
		case '.', '|':
			if len(stack) == 0 {
				if comp == 0 {
					return fmt.Errorf("JSON path %q: empty component before %q", p, ch)
				}
				if err := checkModifier(body[start:i]); err != nil {
					return fmt.Errorf("JSON path %q: %w", p, err)
				}
				comp, start = 0, i+1
				continue
			}
		}
		comp++
	}
	if inStr {
		return fmt.Errorf("JSON path %q: unclosed string", p)
	}
	if len(stack) > 0 {
		return fmt.Errorf("JSON path %q: unclosed %q", p, stack[len(stack)-1])
	}
	if comp == 0 {
		return fmt.Errorf("JSON path %q: ends in a separator", p)
	}
	if err := checkModifier(body[start:]); err != nil {
		return fmt.Errorf("JSON path %q: %w", p, err)
	}
	return nil
}

// checkModifier checks that a component "@name" or "@name:arg" names a
// modifier gjson knows.
func checkModifier(c string) error {
	name, ok := strings.CutPrefix(c, "@")
	if !ok {
		return nil
	}
	name, _, _ = strings.Cut(name, ":")
	if name == "" || !gjson.ModifierExists(name, nil) {
		return fmt.Errorf("unknown modifier @%s", name)
	}
	return nil
}
