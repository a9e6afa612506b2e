package scraper

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"strings"

	"golang.org/x/net/html"
)

// ErrTruncated is wrapped by the error of a fetch whose 2xx body was cut off:
// shorter than its Content-Length, HTML that ends inside a tag, a comment or
// a script, or JSON that ends mid-value. Such a fetch is retried like a
// timeout and, if it stays cut off, counted as a failed page; its half is
// never extracted.
var ErrTruncated = errors.New("truncated body")

// TruncatedError is a fetch whose body was cut off; Why says how it shows.
type TruncatedError struct {
	URL string
	Why string
}

// Error returns e.g. "https://shop.example/p/1: truncated body: HTML ends
// inside <script>".
func (e *TruncatedError) Error() string {
	return fmt.Sprintf("%s: %v: %s", e.URL, ErrTruncated, e.Why)
}

// Is reports whether target is ErrTruncated.
func (e *TruncatedError) Is(target error) bool { return target == ErrTruncated }

// truncation says how a 2xx body of the given Content-Type shows that it was
// cut off, or "" when it looks whole. (A body over max_body_size never gets
// here: the transport refuses it whole rather than cut it itself.)
func truncation(contentType string, body []byte) string {
	mediaType, _, _ := mime.ParseMediaType(contentType)
	switch {
	case mediaType == "text/html" || mediaType == "application/xhtml+xml":
		return truncatedHTML(body)
	case strings.Contains(mediaType, "json"):
		return truncatedJSON(body)
	}
	return ""
}

// truncatedJSON reports JSON that ends before its value does. Other syntax
// errors are the shop's, not the network's, and left to the reader.
func truncatedJSON(body []byte) string {
	if len(bytes.TrimSpace(body)) == 0 {
		return ""
	}
	var raw json.RawMessage
	err := json.Unmarshal(body, &raw)
	var se *json.SyntaxError
	if errors.As(err, &se) && se.Error() == "unexpected end of JSON input" {
		return "JSON ends mid-value"
	}
	return ""
}

// rawTextElements are the elements whose content the tokenizer reads up to
// their own end tag; a body ending inside one (a JSON-LD script cut in half)
// was cut off.
var rawTextElements = map[string]bool{
	"script": true, "style": true, "title": true, "textarea": true, "xmp": true,
	"iframe": true, "noembed": true, "noframes": true,
}

// containerElements are elements a page always closes: with no </body> and
// no </html>, a body that ends with one of them open, in the middle of text,
// was cut off. Elements whose end tag HTML lets one omit (p, li, td, ...)
// are left out, so sloppy but whole pages pass.
var containerElements = map[string]bool{
	"div": true, "section": true, "article": true, "main": true, "aside": true,
	"header": true, "footer": true, "nav": true, "ul": true, "ol": true,
	"table": true, "form": true, "span": true, "a": true, "button": true,
	"select": true, "label": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "strong": true, "em": true, "b": true,
}

// truncatedHTML reports HTML that was cut off. Pages without </body> or
// </html> are common and fine; what a cut shows is a document that ends
// inside a tag, a comment or a raw-text element (the JSON-LD script), or,
// when the page closes neither body nor html, inside the text of an element
// it never closes. A cut right after a '>' with no end tags at all cannot be
// told from a page that never had them, and passes.
//
// Most pages are whole, and wholeHTML proves that in one cheap pass; only a
// page it cannot vouch for is tokenized in full.
func truncatedHTML(body []byte) string {
	if wholeHTML(body) {
		return ""
	}
	return truncatedHTMLFull(body)
}

// truncatedHTMLFull is truncatedHTML by html.Tokenizer, token by token.
func truncatedHTMLFull(body []byte) string {
	z := html.NewTokenizer(bytes.NewReader(body))
	open := map[string]int{}
	rawOpen := ""
	closedDoc := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if len(z.Raw()) > 0 {
				return "HTML ends inside a tag"
			}
			if rawOpen != "" {
				return "HTML ends inside <" + rawOpen + ">"
			}
			trimmed := bytes.TrimRight(body, " \t\r\n\f")
			if bytes.HasSuffix(trimmed, []byte("<")) || bytes.HasSuffix(trimmed, []byte("</")) {
				return "HTML ends inside a tag"
			}
			if closedDoc || len(trimmed) == 0 || trimmed[len(trimmed)-1] == '>' {
				return ""
			}
			for name, n := range open {
				if n > 0 {
					return "HTML ends inside <" + name + "> with no </body> or </html>"
				}
			}
			return ""
		case html.CommentToken:
			if !bytes.HasSuffix(z.Raw(), []byte(">")) {
				return "HTML ends inside a comment"
			}
		case html.StartTagToken:
			name, _ := z.TagName()
			n := string(name)
			if rawTextElements[n] {
				rawOpen = n
			}
			if containerElements[n] {
				open[n]++
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			n := string(name)
			if n == rawOpen {
				rawOpen = ""
			}
			if n == "body" || n == "html" {
				closedDoc = true
			}
			if open[n] > 0 {
				open[n]--
			}
		}
	}
}

// wholeHTML reports whether truncatedHTMLFull would surely find body whole,
// without the tokenizer's work per token (attributes copied, names
// lower-cased): tokenizing every page a second time, after the transport
// read it and before extraction parses it, was 7 % of a crawl's CPU.
//
// It follows html.Tokenizer's states byte by byte, the way its Next,
// readTag, readComment and readRawOrRCDATA do, and says true only when the
// body ends in the text state (not inside a tag, a comment or a raw-text
// element), and the document was closed (an end tag </body> or </html>)
// or its last non-space byte is '>'. Those are the bodies the full scan
// passes without looking further. Anything it does not model exactly (a
// script with "<!--" in it, whose escaping rules are the tokenizer's most
// intricate) makes it answer false, and the full scan decides.
func wholeHTML(body []byte) bool {
	closedDoc := false
	i := 0
	for {
		// Text: up to the next '<' that starts a tag, a comment or a
		// declaration.
		k := bytes.IndexByte(body[i:], '<')
		if k < 0 {
			break
		}
		i += k + 1
		if i >= len(body) {
			return false // "<" at the end
		}
		c := body[i]
		switch {
		case isASCIILetter(c):
			start := i
			end, nameEnd, ok := skipTag(body, i)
			if !ok {
				return false
			}
			i = end
			if raw := rawTag(body[start:nameEnd]); raw != "" {
				if i = skipRaw(body, i, raw); i < 0 {
					return false
				}
			}
		case c == '/':
			i++
			if i >= len(body) {
				return false
			}
			switch c := body[i]; {
			case c == '>':
				i++ // "</>" is no token
			case isASCIILetter(c):
				start := i
				end, nameEnd, ok := skipTag(body, i)
				if !ok {
					return false
				}
				if name := body[start:nameEnd]; asciiEqualFold(name, "body") || asciiEqualFold(name, "html") {
					closedDoc = true
				}
				i = end
			default:
				// A bogus comment up to the next '>'.
				k := bytes.IndexByte(body[i:], '>')
				if k < 0 {
					return false
				}
				i += k + 1
			}
		case c == '!':
			i++
			if i+1 < len(body) && body[i] == '-' && body[i+1] == '-' {
				if i = skipComment(body, i+2); i < 0 {
					return false
				}
				break
			}
			// A doctype or a bogus comment: both end at the next '>'.
			k := bytes.IndexByte(body[i:], '>')
			if k < 0 {
				return false
			}
			i += k + 1
		case c == '?':
			k := bytes.IndexByte(body[i:], '>')
			if k < 0 {
				return false
			}
			i += k + 1
		default:
			// A '<' that starts nothing is text.
		}
	}
	// The full scan's checks at the end of the body, in its order.
	trimmed := bytes.TrimRight(body, " \t\r\n\f")
	if bytes.HasSuffix(trimmed, []byte("<")) || bytes.HasSuffix(trimmed, []byte("</")) {
		return false // "< " at the end is text to the tokenizer, a cut tag to the check
	}
	return closedDoc || len(trimmed) == 0 || trimmed[len(trimmed)-1] == '>'
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isTagSpace(c byte) bool {
	switch c {
	case ' ', '\n', '\r', '\t', '\f':
		return true
	}
	return false
}

// asciiEqualFold compares a tag name as the tokenizer lower-cases it
// (ASCII letters only).
func asciiEqualFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range b {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

// rawTagNames are the start tags after which html.Tokenizer reads raw text
// up to the matching end tag (readStartTag), self-closing or not.
var rawTagNames = [...]string{"iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style", "textarea", "title", "xmp"}

// rawTag is the raw-text element a start tag's name opens, or "".
func rawTag(name []byte) string {
	for _, r := range rawTagNames {
		if asciiEqualFold(name, r) {
			return r
		}
	}
	return ""
}

// skipTag reads a start or end tag as html.Tokenizer's readTag does, from
// the first byte of its name: it returns the index after its '>', where
// the name ends, and ok=false when the body ends inside the tag.
func skipTag(b []byte, i int) (end, nameEnd int, ok bool) {
	n := len(b)
	// readTagName: the first byte is the name's, whatever follows.
	i++
	for i < n && !isTagSpace(b[i]) && b[i] != '/' && b[i] != '>' {
		i++
	}
	if i >= n {
		return 0, 0, false
	}
	nameEnd = i
	skipSpace := func() {
		for i < n && isTagSpace(b[i]) {
			i++
		}
	}
	skipSpace()
	for {
		if i >= n {
			return 0, 0, false
		}
		if b[i] == '>' {
			return i + 1, nameEnd, true
		}
		// readTagAttrKey: an '=' first is part of the key.
		keyStart := i
		for i < n {
			c := b[i]
			if c == '=' && i != keyStart || isTagSpace(c) || c == '/' || c == '>' {
				break
			}
			i++
		}
		if i >= n {
			return 0, 0, false
		}
		// readTagAttrVal.
		skipSpace()
		if i >= n {
			return 0, 0, false
		}
		switch b[i] {
		case '/':
			i++
		case '=':
			i++
			skipSpace()
			if i >= n {
				return 0, 0, false
			}
			switch q := b[i]; q {
			case '>':
			case '\'', '"':
				k := bytes.IndexByte(b[i+1:], q)
				if k < 0 {
					return 0, 0, false
				}
				i += 1 + k + 1
			default:
				for i < n && !isTagSpace(b[i]) && b[i] != '>' {
					i++
				}
			}
		}
		skipSpace()
	}
}

// skipRaw skips a raw-text element's content as readRawOrRCDATA does, from
// i, to its end tag "</name" followed by a space, '/' or '>', and returns
// the index of that end tag's '<'; -1 when the body ends first, or when a
// script holds "<!--" before it (readScript's escaping, not modelled).
func skipRaw(b []byte, i int, name string) int {
	if name == "plaintext" {
		return -1 // raw to the end of the body
	}
	for {
		k := bytes.Index(b[i:], []byte("</"))
		if k < 0 {
			return -1
		}
		if name == "script" && bytes.Contains(b[i:i+k], []byte("<!--")) {
			return -1
		}
		j := i + k + 2
		if j+len(name) < len(b) && asciiEqualFold(b[j:j+len(name)], name) {
			switch b[j+len(name)] {
			case ' ', '\n', '\r', '\t', '\f', '/', '>':
				return i + k
			}
		}
		i = i + k + 1
	}
}

// skipComment reads a comment as readComment does, from just after
// "<!--", and returns the index after its end ("-->", "--!>", or the '>'
// of "<!-->" and "<!--->"); -1 when the body ends first.
func skipComment(b []byte, i int) int {
	dashes, beginning := 0, true
	for i < len(b) {
		c := b[i]
		i++
		switch c {
		case '-':
			dashes++
			continue
		case '>':
			if dashes >= 2 || beginning {
				return i
			}
		case '!':
			if dashes >= 2 {
				if i >= len(b) {
					return -1
				}
				c = b[i]
				i++
				if c == '>' {
					return i
				}
				if c == '-' {
					dashes, beginning = 1, false
					continue
				}
			}
		}
		dashes, beginning = 0, false
	}
	return -1
}
