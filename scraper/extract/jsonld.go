package extract

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// decodeJSONLD decodes the text of one JSON-LD script: one value, or
// several written one after another. When strict decoding fails it retries
// on a repaired copy (see repairJSON), then on that copy in brackets for
// objects listed with bare commas; the error is the strict one, so it points
// at the real fault.
func decodeJSONLD(text string) ([]any, error) {
	vals, err := decodeAll(text)
	if err == nil {
		return vals, nil
	}
	repaired := repairJSON(text)
	if vals, rerr := decodeAll(repaired); rerr == nil {
		return vals, nil
	}
	// Objects listed with commas but no brackets: {...}, {...}
	if vals, rerr := decodeAll("[" + repaired + "]"); rerr == nil {
		return vals, nil
	}
	return nil, err
}

func decodeAll(text string) ([]any, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var out []any
	for {
		var v any
		err := dec.Decode(&v)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		return nil, errors.New("empty JSON-LD script")
	}
	return out, nil
}

// repairJSON fixes the faults hand-written and template-built JSON-LD
// commonly has, so one stray comma does not lose a product's price:
// HTML comment and CDATA wrappers, /* */ and // comments, trailing commas
// before } or ], raw line breaks and tabs inside strings, and single-quoted
// JavaScript escapes (\').
func repairJSON(text string) string {
	s := strings.TrimSpace(text)
	for _, w := range []string{"<!--", "//<![CDATA[", "<![CDATA["} {
		s = strings.TrimSpace(strings.TrimPrefix(s, w))
	}
	for _, w := range []string{"-->", "//]]>", "]]>"} {
		s = strings.TrimSpace(strings.TrimSuffix(s, w))
	}
	var b bytes.Buffer
	b.Grow(len(s))
	inStr, esc := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if inStr {
			switch {
			case esc:
				esc = false
				if c == '\'' {
					// \' is JavaScript, not JSON.
					b.Truncate(b.Len() - 1)
				}
				b.WriteByte(c)
			case c == '\\':
				esc = true
				b.WriteByte(c)
			case c == '"':
				inStr = false
				b.WriteByte(c)
			case c == '\n':
				b.WriteString(`\n`)
			case c == '\r':
				b.WriteString(`\r`)
			case c == '\t':
				b.WriteString(`\t`)
			case c < 0x20:
				// Other control characters carry nothing a shopper sees.
			default:
				b.WriteByte(c)
			}
			continue
		}
		switch {
		case c == '"':
			inStr = true
			b.WriteByte(c)
		case c == ',':
			j := skipSpace(s, i+1)
			if j < len(s) && (s[j] == '}' || s[j] == ']') {
				continue // trailing comma
			}
			b.WriteByte(c)
		case strings.HasPrefix(s[i:], "<!--"):
			if end := strings.Index(s[i+4:], "-->"); end >= 0 {
				i += 4 + end + 2
			} else {
				i = len(s)
			}
		case strings.HasPrefix(s[i:], "/*"):
			if end := strings.Index(s[i+2:], "*/"); end >= 0 {
				i += 2 + end + 1
			} else {
				i = len(s)
			}
		case strings.HasPrefix(s[i:], "//"):
			if end := strings.IndexByte(s[i:], '\n'); end >= 0 {
				i += end
			} else {
				i = len(s)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// skipSpace returns the index of the first non-space byte at or after i,
// skipping comments too so "1, /* x */ }" counts as a trailing comma.
func skipSpace(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t':
			i++
		case strings.HasPrefix(s[i:], "<!--"):
			end := strings.Index(s[i+4:], "-->")
			if end < 0 {
				return len(s)
			}
			i += 4 + end + 3
		case strings.HasPrefix(s[i:], "/*"):
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				return len(s)
			}
			i += 2 + end + 2
		default:
			return i
		}
	}
	return i
}
