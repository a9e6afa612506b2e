package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

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

// textUpTo is cleanText(nodeText(n)) for the walks that look at every
// element but only read short texts: it returns that text when it has at
// most limit runes, and over=true (text "") as soon as it is certain to
// have more. Those walks visit the body, then each of its children, and so
// on; reading each element's whole text made a page's cost grow with its
// size times its depth (most of a 40 KB product page's extraction time).
// The text is built as cleanText builds it (words split as strings.Fields
// splits them, joined by one space), so the result is the same string.
//
// The text is gathered in a buffer on the stack and copied into a string
// only when it is within limit: most elements a walk asks about have more
// text than that, and building (and dropping) their first limit runes was
// most of the garbage the page walks made.
func textUpTo(n *html.Node, limit int) (text string, over bool) {
	var arr [512]byte
	t := textScan{limit: limit}
	buf, ok := t.walk(arr[:0], n)
	if !ok {
		return "", true
	}
	return string(buf), false
}

// textScan is the state of one textUpTo. The text itself is passed in and
// returned, so that its buffer can stay on textUpTo's stack.
type textScan struct {
	runes, limit int
	space        bool
}

// add appends s word by word (a word's bytes as they are, as Fields keeps
// them), with ASCII read byte by byte: this loop runs over the first limit
// runes of most elements of a page. It returns false once over the limit.
func (t *textScan) add(buf []byte, s string) ([]byte, bool) {
	i := 0
	for i < len(s) {
		for i < len(s) { // spaces
			if c := s[i]; c < utf8.RuneSelf {
				if !isASCIISpace(c) {
					break
				}
				i++
			} else {
				r, size := utf8.DecodeRuneInString(s[i:])
				if !unicode.IsSpace(r) {
					break
				}
				i += size
			}
			t.space = true
		}
		if i == len(s) {
			break
		}
		j, n := i, 0
		for j < len(s) { // a word, or the part of one in this text
			if c := s[j]; c < utf8.RuneSelf {
				if isASCIISpace(c) {
					break
				}
				j++
			} else {
				r, size := utf8.DecodeRuneInString(s[j:])
				if unicode.IsSpace(r) {
					break
				}
				j += size
			}
			n++
		}
		if t.space && t.runes > 0 {
			buf = append(buf, ' ')
			t.runes++
		}
		t.space = false
		if t.runes += n; t.runes > t.limit {
			return buf, false
		}
		buf = append(buf, s[i:j]...)
		i = j
	}
	return buf, true
}

// walk adds n's text, as nodeText reads it; false once over the limit.
func (t *textScan) walk(buf []byte, n *html.Node) ([]byte, bool) {
	switch n.Type {
	case html.TextNode:
		return t.add(buf, n.Data)
	case html.ElementNode:
		switch n.Data {
		case "script", "style", "noscript", "template":
			return buf, true
		}
	}
	block := n.Type == html.ElementNode && blockTags[n.Data]
	if block {
		t.space = true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		var ok bool
		if buf, ok = t.walk(buf, c); !ok {
			return buf, false
		}
	}
	if block {
		t.space = true
	}
	return buf, true
}

// isASCIISpace is unicode.IsSpace for a byte below utf8.RuneSelf.
func isASCIISpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}
