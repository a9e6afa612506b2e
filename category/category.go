// Package category maps the categories shops name (a breadcrumb path, a
// JSON-LD category, a Shopify product type, a WooCommerce category, the URL
// a listing was found under) to the canonical categories of the config's
// category tree, so that 手机, Phones and "Electronics > Mobile phones" are
// one market. It is pure: no I/O, no clock.
//
// Matching ignores case, character width (full-width ＰＨＯＮＥＳ is PHONES)
// and runs of white space. A source path is split into crumbs at '>', '›',
// '»', '|' or, when none of these occur, '/'; it is matched from its most
// specific crumb back: at each crumb, first the longest configured path
// ending there ("Electronics > Phones" matches "Home > Electronics >
// Phones"), then the crumb's name. A source that matches nothing is tried
// against the URL patterns, in the order of the URLs given.
package category

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// ErrConflict is wrapped by the error of a rule that maps a source name or
// path to a second canonical category.
var ErrConflict = errors.New("maps to two categories")

// ConflictError is a source name or path given for two canonical
// categories.
type ConflictError struct {
	Source      string
	Canonical   string // the category it was being added to
	OtherMapped string // the category it already maps to
}

// Error returns e.g. `"Phones" maps to two categories: phones and mobile`.
func (e *ConflictError) Error() string {
	return fmt.Sprintf("%q %v: %s and %s", e.Source, ErrConflict, e.OtherMapped, e.Canonical)
}

// Is reports whether target is ErrConflict.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// Tree is the set of canonical categories and the shop-independent rules
// that map source categories to them. Build it with Add and the methods of
// Global, then use it only to read (Mapper, Has, Lookup): reading is safe
// from many goroutines.
type Tree struct {
	names    []string
	known    map[string]string // normalised canonical name -> canonical
	implicit map[string]string // normalised leaf of "a/b" canonicals -> canonical ("" when ambiguous)
	global   *Rules
}

// New returns an empty tree.
func New() *Tree {
	t := &Tree{known: map[string]string{}, implicit: map[string]string{}}
	t.global = t.NewRules()
	return t
}

// Add declares a canonical category. Its own name maps to it; a
// hierarchical name such as "audio/earphones" also maps its last step
// ("earphones") unless two canonicals share that step. It returns an error
// for an empty name or one given twice.
func (t *Tree) Add(canonical string) error {
	key := Normalize(canonical)
	if key == "" {
		return errors.New("empty category name")
	}
	if prev, ok := t.known[key]; ok {
		return fmt.Errorf("category %q given twice (also as %q)", canonical, prev)
	}
	if prev, ok := t.global.names[key]; ok {
		return &ConflictError{Source: canonical, Canonical: canonical, OtherMapped: prev}
	}
	t.known[key] = canonical
	t.names = append(t.names, canonical)
	if i := strings.LastIndex(canonical, "/"); i >= 0 {
		leaf := Normalize(canonical[i+1:])
		if prev, ok := t.implicit[leaf]; ok && prev != canonical {
			t.implicit[leaf] = "" // ambiguous: neither gets it
		} else if leaf != "" {
			t.implicit[leaf] = canonical
		}
	}
	return nil
}

// Names lists the canonical categories in the order they were added.
func (t *Tree) Names() []string { return slices.Clone(t.names) }

// Len is the number of canonical categories.
func (t *Tree) Len() int { return len(t.names) }

// Canonical returns the canonical spelling of name when name is a canonical
// category up to case, width and spacing.
func (t *Tree) Canonical(name string) (string, bool) {
	c, ok := t.known[Normalize(name)]
	return c, ok
}

// Global is the shop-independent rule set, applied after a shop's own.
func (t *Tree) Global() *Rules { return t.global }

// NewRules returns an empty rule set for one shop's overrides: its rules
// win over the global ones for that shop.
func (t *Tree) NewRules() *Rules {
	return &Rules{tree: t, names: map[string]string{}, paths: map[string]string{}}
}

// Rules is one set of mappings from source names, paths and URL patterns to
// canonical categories.
type Rules struct {
	tree  *Tree
	names map[string]string // normalised name -> canonical
	paths map[string]string // normalised crumbs joined by pathSep -> canonical
	urls  []urlRule
}

type urlRule struct {
	re        *regexp.Regexp
	canonical string
}

// pathSep joins normalised crumbs into a map key; it never occurs in text.
const pathSep = "\x1f"

func (r *Rules) check(canonical string) error {
	if _, ok := r.tree.known[Normalize(canonical)]; !ok {
		return fmt.Errorf("unknown category %q (not in the category tree)", canonical)
	}
	return nil
}

// AddName maps a source category name (a crumb, JSON-LD category, product
// type) to canonical. It returns an error when canonical is not in the tree
// or the name already maps to another category in these rules (or, for the
// global rules, is another canonical category's own name).
func (r *Rules) AddName(canonical, name string) error {
	if err := r.check(canonical); err != nil {
		return err
	}
	canonical = r.tree.known[Normalize(canonical)]
	key := Normalize(name)
	if key == "" {
		return errors.New("empty name")
	}
	if prev, ok := r.names[key]; ok && prev != canonical {
		return &ConflictError{Source: name, Canonical: canonical, OtherMapped: prev}
	}
	if r == r.tree.global {
		if prev, ok := r.tree.known[key]; ok && prev != canonical {
			return &ConflictError{Source: name, Canonical: canonical, OtherMapped: prev}
		}
	}
	r.names[key] = canonical
	return nil
}

// AddPath maps a breadcrumb path ("Electronics > Phones") to canonical. It
// matches any source path that has it as a run of crumbs ending at the
// crumb being matched. Errors are AddName's.
func (r *Rules) AddPath(canonical, path string) error {
	if err := r.check(canonical); err != nil {
		return err
	}
	canonical = r.tree.known[Normalize(canonical)]
	crumbs := Crumbs(path)
	if len(crumbs) == 0 {
		return errors.New("empty path")
	}
	key := strings.Join(crumbs, pathSep)
	if prev, ok := r.paths[key]; ok && prev != canonical {
		return &ConflictError{Source: path, Canonical: canonical, OtherMapped: prev}
	}
	r.paths[key] = canonical
	return nil
}

// AddURL maps URLs matching the regular expression pattern (RE2 syntax,
// matched anywhere in the URL; "(?i)" makes it case-insensitive) to
// canonical. It returns an error when canonical is not in the tree or the
// pattern does not compile.
func (r *Rules) AddURL(canonical, pattern string) error {
	if err := r.check(canonical); err != nil {
		return err
	}
	canonical = r.tree.known[Normalize(canonical)]
	if strings.TrimSpace(pattern) == "" {
		return errors.New("empty URL pattern")
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return fmt.Errorf("invalid URL pattern %q: %w", pattern, err)
	}
	r.urls = append(r.urls, urlRule{re, canonical})
	return nil
}

// Mapper maps one shop's categories: its own rules first, then the tree's.
type Mapper struct {
	tree   *Tree
	layers []*Rules
	fixed  string
}

// Mapper returns the mapper for a shop with the given override rules (nil
// for none).
func (t *Tree) Mapper(overrides *Rules) *Mapper {
	m := &Mapper{tree: t}
	if overrides != nil {
		m.layers = append(m.layers, overrides)
	}
	m.layers = append(m.layers, t.global)
	return m
}

// Fixed returns a mapper that maps everything to canonical, for a shop
// configured with one fixed category.
func Fixed(canonical string) *Mapper { return &Mapper{fixed: canonical} }

// Map returns the canonical category of a product whose shop named source
// (a name or a path) and which was found at the given URLs (its own, the
// page's, the listing's that linked it, the start URL's: the most specific
// first). ok is false, and canonical "", when nothing maps.
func (m *Mapper) Map(source string, urls ...string) (canonical string, ok bool) {
	if m == nil {
		return "", false
	}
	if m.fixed != "" {
		return m.fixed, true
	}
	if c := m.mapSource(source); c != "" {
		return c, true
	}
	for _, u := range urls {
		if u == "" {
			continue
		}
		for _, l := range m.layers {
			for _, ur := range l.urls {
				if ur.re.MatchString(u) {
					return ur.canonical, true
				}
			}
		}
	}
	return "", false
}

func (m *Mapper) mapSource(source string) string {
	whole := Normalize(source)
	if whole == "" {
		return ""
	}
	// The source as a whole first: a name may contain a separator
	// ("TV/Audio").
	if c := m.name(whole); c != "" {
		return c
	}
	crumbs := Crumbs(source)
	for i := len(crumbs) - 1; i >= 0; i-- {
		// Longest configured path ending at this crumb, then the crumb.
		for k := 0; k < i; k++ {
			key := strings.Join(crumbs[k:i+1], pathSep)
			for _, l := range m.layers {
				if c, ok := l.paths[key]; ok {
					return c
				}
			}
		}
		if c := m.name(crumbs[i]); c != "" {
			return c
		}
	}
	return ""
}

// name maps one normalised name: rules (the shop's, then the global),
// then canonical names, then paths of one crumb, then unambiguous leaves of
// hierarchical canonical names.
func (m *Mapper) name(key string) string {
	for _, l := range m.layers {
		if c, ok := l.names[key]; ok {
			return c
		}
	}
	if c, ok := m.tree.known[key]; ok {
		return c
	}
	for _, l := range m.layers {
		if c, ok := l.paths[key]; ok {
			return c
		}
	}
	return m.tree.implicit[key]
}

// Normalize is the form names are compared in: Unicode NFKC (full-width
// letters and digits become ASCII, the ideographic space a space), lower
// case, runs of white space as one space, trimmed.
func Normalize(s string) string {
	s = strings.ToLower(norm.NFKC.String(s))
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// Crumbs splits a category path into normalised crumbs, dropping empty
// ones. The separators are '>', '›', '»', '|' and, only when none of them
// occurs, '/'.
func Crumbs(path string) []string {
	s := Normalize(path)
	sep := func(r rune) bool { return r == '>' || r == '›' || r == '»' || r == '|' }
	if !strings.ContainsFunc(s, sep) {
		sep = func(r rune) bool { return r == '/' }
	}
	var out []string
	for _, c := range strings.FieldsFunc(s, sep) {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}
