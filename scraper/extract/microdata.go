package extract

import (
	"strings"

	"golang.org/x/net/html"
)

// vocab names the attributes of one inline markup syntax.
type vocab struct {
	scope string // attribute that opens an item: itemscope / typeof
	prop  string // attribute naming properties: itemprop / property
	typ   string // attribute holding the type: itemtype / typeof
}

var (
	microdataVocab = vocab{scope: "itemscope", prop: "itemprop", typ: "itemtype"}
	rdfaVocab      = vocab{scope: "typeof", prop: "property", typ: "typeof"}
)

// inlineItems converts the top-level microdata or RDFa-lite items of a
// document into JSON-LD-shaped nodes.
func inlineItems(root *html.Node, v vocab) []any {
	var out []any
	var visit func(n *html.Node, depth int)
	visit = func(n *html.Node, depth int) {
		if depth > 512 {
			return
		}
		if n.Type == html.ElementNode && hasAttr(n, v.scope) {
			// An item that is a property of another item is read through
			// its parent; only free-standing items are roots.
			if !hasAttr(n, v.prop) {
				out = append(out, readItem(n, v, 0))
			}
			// Items nested as non-properties are roots of their own.
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c, depth+1)
		}
	}
	visit(root, 0)
	return out
}

// readItem reads one item and its properties.
func readItem(n *html.Node, v vocab, depth int) node {
	item := node{}
	if t := attr(n, v.typ); t != "" {
		var types []any
		for _, f := range strings.Fields(t) {
			types = append(types, f)
		}
		item["@type"] = types
	}
	if depth > maxDepth {
		return item
	}
	var props func(p *html.Node)
	props = func(p *html.Node) {
		for c := p.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			names := attr(c, v.prop)
			nested := hasAttr(c, v.scope)
			if names != "" {
				var val any
				if nested {
					val = readItem(c, v, depth+1)
				} else {
					val = propValue(c)
				}
				for _, name := range strings.Fields(names) {
					if i := strings.LastIndexAny(name, "/#:"); i >= 0 {
						name = name[i+1:] // schema:price, https://schema.org/price
					}
					addProp(item, name, val)
				}
			}
			if !nested {
				props(c)
			}
		}
	}
	props(n)
	return item
}

func addProp(item node, name string, val any) {
	switch old := item[name].(type) {
	case nil:
		item[name] = val
	case []any:
		item[name] = append(old, val)
	default:
		item[name] = []any{old, val}
	}
}

// propValue is a property's value by the microdata rules: content first
// (it holds the machine-readable price beside the shown "¥1,299"), then the
// element's URL or datetime attribute, else its text.
func propValue(n *html.Node) string {
	if c, ok := attrOK(n, "content"); ok {
		return strings.TrimSpace(c)
	}
	switch n.Data {
	case "a", "area", "link":
		return attr(n, "href")
	case "img", "audio", "video", "source", "embed", "iframe", "track":
		return attr(n, "src")
	case "object":
		return attr(n, "data")
	case "data", "meter", "input":
		return attr(n, "value")
	case "time":
		if d := attr(n, "datetime"); d != "" {
			return d
		}
	}
	if r := attr(n, "resource"); r != "" {
		return r
	}
	return cleanText(nodeText(n))
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val, true
		}
	}
	return "", false
}

func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

func hasAttr(n *html.Node, key string) bool {
	_, ok := attrOK(n, key)
	return ok
}

// nodeText is the text of n and its descendants, without scripts and styles.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
		case html.ElementNode:
			switch n.Data {
			case "script", "style", "noscript", "template":
				return
			}
		}
		block := n.Type == html.ElementNode && blockTags[n.Data]
		if block {
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			b.WriteByte(' ')
		}
	}
	walk(n)
	return b.String()
}

// blockTags are the elements a browser shows on a line of their own, so
// their texts never run together.
var blockTags = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "br": true,
	"dd": true, "div": true, "dl": true, "dt": true, "figcaption": true, "figure": true,
	"footer": true, "form": true, "h1": true, "h2": true, "h3": true, "h4": true,
	"h5": true, "h6": true, "header": true, "hr": true, "li": true, "main": true,
	"nav": true, "ol": true, "p": true, "section": true, "table": true, "td": true,
	"th": true, "tr": true, "ul": true, "button": true, "option": true,
}

// htmlUnescape decodes HTML entities.
func htmlUnescape(s string) string { return html.UnescapeString(s) }
