// Package yamlconf decodes shelfwatch's YAML config file strictly: it walks
// the YAML node tree by hand, rather than unmarshalling into structs, so that
// every error names the file, the line and the full field path, and an
// unknown key is answered with the nearest known one ("did you mean").
//
// Both the whole-file config (package config) and the competitor section
// (package scraper) decode with it, so the two report errors alike.
package yamlconf

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/currency"
)

// ErrConfig is wrapped by every error this package (and the config loaders
// built on it) returns, so callers can tell a bad config file from a failed
// crawl with errors.Is.
var ErrConfig = errors.New("invalid config")

// Error describes one problem in a config file: where it is and which
// field it concerns.
type Error struct {
	File  string
	Line  int    // 1-based; 0 when the problem has no line (unreadable file)
	Field string // dotted path such as "competitors[0].selectors.price"; "" for the whole file
	Msg   string
	Err   error // underlying error, if any (e.g. from the file system)
}

// Error formats the error as "file:line: field: msg", leaving out parts that
// are unknown.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":")
		b.WriteString(strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Is reports whether target is ErrConfig.
func (e *Error) Is(target error) bool { return target == ErrConfig }

// Unwrap returns the underlying error, if any.
func (e *Error) Unwrap() error { return e.Err }

// Handler decodes the value n of the key whose dotted path is field.
type Handler = func(n *yaml.Node, field string) error

// Decoder decodes the nodes of one config file.
type Decoder struct {
	// File names the file in errors; Dir is its directory, against which
	// relative paths in the file are resolved.
	File string
	Dir  string
	// Key is the key whose value is being decoded (set by Mapping), for
	// errors about the whole value.
	Key *yaml.Node
}

// ReadFile reads the config file at path. Its error is an *Error that says
// how to name another file when there is none.
func ReadFile(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		msg := "cannot read config"
		if errors.Is(err, fs.ErrNotExist) {
			msg = "no such config file (give one with --config)"
		} else if pe, ok := err.(*fs.PathError); ok {
			msg += ": " + pe.Err.Error()
		}
		return nil, &Error{File: path, Msg: msg, Err: err}
	}
	return data, nil
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Parse parses data, the contents of the file d.File, and returns its root
// node, aliases resolved. Invalid YAML and an empty file are *Errors.
func (d *Decoder) Parse(data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := err.Error()
		line := 0
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		msg = strings.TrimPrefix(msg, "yaml: ")
		return nil, &Error{File: d.File, Line: line, Msg: "invalid YAML: " + msg, Err: err}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, &Error{File: d.File, Msg: "config file is empty"}
	}
	return Resolve(doc.Content[0]), nil
}

// Errorf returns an *Error at n's line (0 when n is nil).
func (d *Decoder) Errorf(n *yaml.Node, field, format string, args ...any) *Error {
	line := 0
	if n != nil {
		line = n.Line
	}
	return &Error{File: d.File, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// Mapping checks that n is a mapping (or empty) whose keys are all known,
// and calls the handler of each key present, in file order. A duplicate key
// is an error; an unknown one is too, suggesting the nearest known key.
func (d *Decoder) Mapping(n *yaml.Node, field string, fields map[string]Handler) error {
	if n.Kind != yaml.MappingNode {
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			return nil
		}
		return d.Errorf(n, OrWhole(field), "want a mapping, got %s", KindName(n))
	}
	seen := make(map[string]int)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], Resolve(n.Content[i+1])
		key := k.Value
		f := Join(field, key)
		if line, dup := seen[key]; dup {
			return d.Errorf(k, f, "duplicate key (first given on line %d)", line)
		}
		seen[key] = k.Line
		h, ok := fields[key]
		if !ok {
			known := make([]string, 0, len(fields))
			for name := range fields {
				known = append(known, name)
			}
			if s := suggest(key, known); s != "" {
				return d.Errorf(k, f, "unknown field (did you mean %q?)", s)
			}
			slices.Sort(known)
			return d.Errorf(k, f, "unknown field (known: %s)", strings.Join(known, ", "))
		}
		d.Key = k
		if err := h(v, f); err != nil {
			return err
		}
	}
	return nil
}

// Str reads a scalar as a string; null is "".
func (d *Decoder) Str(n *yaml.Node, field string, dst *string) error {
	if n.Kind != yaml.ScalarNode {
		return d.Errorf(n, field, "want a string, got %s", KindName(n))
	}
	switch n.Tag {
	case "!!null":
		*dst = ""
		return nil
	case "!!str", "!!int", "!!float":
		*dst = n.Value
		return nil
	}
	return d.Errorf(n, field, "want a string, got %s %q", KindName(n), n.Value)
}

// Strs reads a list of strings; null is nil.
func (d *Decoder) Strs(n *yaml.Node, field string, dst *[]string) error {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		*dst = nil
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		return d.Errorf(n, field, "want a list of strings, got %s", KindName(n))
	}
	out := make([]string, 0, len(n.Content))
	for i, item := range n.Content {
		var s string
		if err := d.Str(Resolve(item), fmt.Sprintf("%s[%d]", field, i), &s); err != nil {
			return err
		}
		out = append(out, s)
	}
	*dst = out
	return nil
}

// Enum reads a string that must be one of allowed. An allowed "" accepts an
// empty value and leaves dst as it was.
func (d *Decoder) Enum(n *yaml.Node, field string, dst *string, allowed ...string) error {
	var v string
	if err := d.Str(n, field, &v); err != nil {
		return err
	}
	if !slices.Contains(allowed, v) {
		var want []string
		for _, a := range allowed {
			if a != "" {
				want = append(want, strconv.Quote(a))
			}
		}
		return d.Errorf(n, field, "invalid value %q (want one of %s)", v, strings.Join(want, ", "))
	}
	if v != "" {
		*dst = v
	}
	return nil
}

// Duration reads a non-negative Go duration ("1s", "500ms").
func (d *Decoder) Duration(n *yaml.Node, field string, dst *time.Duration) error {
	var s string
	if err := d.Str(n, field, &s); err != nil {
		return err
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return d.Errorf(n, field, "invalid duration %q (want e.g. 1s, 500ms, 2m)", s)
	}
	if v < 0 {
		return d.Errorf(n, field, "duration %q must not be negative", s)
	}
	*dst = v
	return nil
}

// Positive reads a whole number of at least 1.
func (d *Decoder) Positive(n *yaml.Node, field string, dst *int) error {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
		return d.Errorf(n, field, "want a whole number, got %s %q", KindName(n), n.Value)
	}
	v, err := strconv.Atoi(n.Value)
	if err != nil || v < 1 {
		return d.Errorf(n, field, "want a whole number of at least 1, got %s", n.Value)
	}
	*dst = v
	return nil
}

// Fraction reads a number from lo to hi.
func (d *Decoder) Fraction(n *yaml.Node, field string, dst *float64, lo, hi float64) error {
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
		return d.Errorf(n, field, "want a number, got %s %q", KindName(n), n.Value)
	}
	v, err := strconv.ParseFloat(n.Value, 64)
	if err != nil || v < lo || v > hi {
		return d.Errorf(n, field, "want a number from %g to %g, got %s", lo, hi, n.Value)
	}
	*dst = v
	return nil
}

// Boolean reads true or false.
func (d *Decoder) Boolean(n *yaml.Node, field string, dst *bool) error {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		return d.Errorf(n, field, "want true or false, got %s %q", KindName(n), n.Value)
	}
	*dst = n.Value == "true"
	return nil
}

// CurrencyCode reads an upper-case ISO 4217 code; empty is allowed.
func (d *Decoder) CurrencyCode(n *yaml.Node, field string, dst *string) error {
	var s string
	if err := d.Str(n, field, &s); err != nil {
		return err
	}
	if s != "" {
		u, err := currency.ParseISO(s)
		if err != nil || u.String() != s {
			return d.Errorf(n, field, "unknown currency %q (want an upper-case ISO 4217 code such as CNY, USD, EUR)", s)
		}
	}
	*dst = s
	return nil
}

// Resolve follows YAML aliases so anchors can be used for shared settings.
func Resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// KindName names n's kind for an error message: "a mapping", "a number"...
func KindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!int", "!!float":
			return "a number"
		case "!!bool":
			return "a boolean"
		case "!!null":
			return "nothing"
		}
		return "a string"
	}
	return "an unsupported node"
}

// Join appends key to the dotted field path.
func Join(field, key string) string {
	if field == "" {
		return key
	}
	return field + "." + key
}

// OrWhole names the top level when field is empty.
func OrWhole(field string) string {
	if field == "" {
		return "(top level)"
	}
	return field
}

// suggest returns the known name closest to key when it is close enough to
// be a typo, else "".
func suggest(key string, known []string) string {
	best, bestDist := "", 3
	for _, k := range known {
		dist := editDistance(strings.ToLower(key), k)
		if dist < bestDist || dist == bestDist && k < best {
			best, bestDist = k, dist
		}
	}
	if bestDist > 2 || bestDist >= len(key) {
		return ""
	}
	return best
}

// editDistance is the optimal-string-alignment distance: Levenshtein plus
// adjacent transpositions, the commonest typo ("prcie").
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
