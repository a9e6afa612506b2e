// Package catalogcsv reads the CSV files people hand to shelfwatch: our own
// catalog and match decisions. Spreadsheets export these, so the reader
// tolerates what spreadsheets do (a UTF-8 byte-order mark, UTF-16 and
// GB18030/GBK text (see Decode), columns in any
// order, header names in any case, thousands commas in prices) and reports
// every bad row with its line number while still returning the good rows.
package catalogcsv

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"golang.org/x/text/currency"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// ErrBadRow is wrapped by every *RowError.
var ErrBadRow = errors.New("bad row")

// RowError is one rejected CSV row.
type RowError struct {
	File string
	Line int
	Msg  string
}

func (e *RowError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// Unwrap lets callers test for ErrBadRow.
func (e *RowError) Unwrap() error { return ErrBadRow }

// CatalogColumns are the catalog CSV's header names. sku, title, category and
// price are required; the others may be absent or empty.
var CatalogColumns = []string{"sku", "title", "brand", "category", "price", "currency", "gtin", "mpn", "target_tier"}

// header maps lower-cased column names to their index and checks that every
// required one is present.
func header(file string, rec []string, known, required []string) (map[string]int, error) {
	cols := map[string]int{}
	for i, h := range rec {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if h == "" {
			continue
		}
		if !contains(known, h) {
			return nil, fmt.Errorf("%s:1: unknown column %q (known: %s)", file, h, strings.Join(known, ", "))
		}
		if _, dup := cols[h]; dup {
			return nil, fmt.Errorf("%s:1: column %q appears twice", file, h)
		}
		cols[h] = i
	}
	for _, r := range required {
		if _, ok := cols[r]; !ok {
			return nil, fmt.Errorf("%s:1: missing required column %q", file, r)
		}
	}
	return cols, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

type row struct {
	rec  []string
	cols map[string]int
}

func (r row) get(name string) string {
	i, ok := r.cols[name]
	if !ok || i >= len(r.rec) {
		return ""
	}
	return unneutralise(strings.TrimSpace(r.rec[i]))
}

// unneutralise undoes the leading apostrophe that shelfwatch's own CSV
// writers put before a cell starting with = + - or @ so a spreadsheet
// cannot run it as a formula: a reviewed sheet must read back as written.
func unneutralise(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}

// records reads every record after the header, calling fn with its line
// number. A record the csv package cannot parse (an unterminated quote) ends
// the read: nothing after it can be trusted.
func records(file string, r io.Reader, opt Options, known, required []string, fn func(line int, rw row) error) ([]error, error) {
	text, err := Decode(file, r, opt)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	first, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: empty file: want a header line (%s)", file, strings.Join(known, ","))
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	cols, err := header(file, first, known, required)
	if err != nil {
		return nil, err
	}
	var bad []error
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return bad, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				bad = append(bad, &RowError{File: file, Line: pe.StartLine, Msg: pe.Err.Error() + "; rows after it were not read"})
				return bad, nil
			}
			return bad, fmt.Errorf("%s: %w", file, err)
		}
		line, _ := cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		if err := fn(line, row{rec, cols}); err != nil {
			bad = append(bad, &RowError{File: file, Line: line, Msg: err.Error()})
		}
	}
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

var groupedAmount = regexp.MustCompile(`^\d{1,3}(,\d{3})+(\.\d+)?$`)

// parsePrice accepts a plain decimal, optionally with thousands commas as
// spreadsheets format them ("7,999.00").
func parsePrice(s string) (pricing.Amount, error) {
	if groupedAmount.MatchString(s) {
		s = strings.ReplaceAll(s, ",", "")
	}
	if _, frac, ok := strings.Cut(s, "."); ok && len(frac) > 2 {
		return 0, fmt.Errorf("price %q has more than two decimals", s)
	}
	a, err := pricing.ParseAmount(s)
	if err != nil {
		return 0, fmt.Errorf("price %q is not a decimal number like 1299.00", s)
	}
	if a <= 0 {
		return 0, fmt.Errorf("price %q must be above zero", s)
	}
	return a, nil
}

// ReadCatalog reads our catalog from CSV. file names the input in errors.
// defaultCurrency fills an empty or missing currency column. It returns the
// good items, one *RowError per rejected row (the same SKU twice, a missing
// field, a bad price, currency or tier), and a non-nil error only when the
// file as a whole is unusable (no header, a missing required column, bytes
// in no recognisable encoding: see Decode).
func ReadCatalog(file string, r io.Reader, defaultCurrency string) ([]pricing.CatalogItem, []error, error) {
	return ReadCatalogWith(file, r, defaultCurrency, Options{})
}

// ReadCatalogWith is ReadCatalog with options, such as a forced encoding.
func ReadCatalogWith(file string, r io.Reader, defaultCurrency string, opt Options) ([]pricing.CatalogItem, []error, error) {
	var items []pricing.CatalogItem
	seen := map[string]int{}
	bad, err := records(file, r, opt, CatalogColumns, []string{"sku", "title", "category", "price"}, func(line int, rw row) error {
		it := pricing.CatalogItem{
			SKU:      rw.get("sku"),
			Title:    rw.get("title"),
			Brand:    rw.get("brand"),
			Category: rw.get("category"),
			GTIN:     rw.get("gtin"),
			MPN:      rw.get("mpn"),
		}
		for _, f := range []struct{ name, v string }{{"sku", it.SKU}, {"title", it.Title}, {"category", it.Category}} {
			if f.v == "" {
				return fmt.Errorf("%s is empty", f.name)
			}
		}
		if prev, dup := seen[it.SKU]; dup {
			return fmt.Errorf("sku %q already given on line %d", it.SKU, prev)
		}
		amt, err := parsePrice(rw.get("price"))
		if err != nil {
			return err
		}
		cur := strings.ToUpper(rw.get("currency"))
		if cur == "" {
			cur = defaultCurrency
		}
		if u, err := currency.ParseISO(cur); err != nil || u.String() != cur {
			return fmt.Errorf("currency %q is not an ISO 4217 code like CNY", rw.get("currency"))
		}
		it.Price = pricing.Money{Amount: amt, Currency: cur}
		tier, err := pricing.ParseTier(strings.ToLower(rw.get("target_tier")))
		if err != nil {
			return fmt.Errorf("target_tier: %w", err)
		}
		it.TargetTier = tier
		seen[it.SKU] = line
		items = append(items, it)
		return nil
	})
	return items, bad, err
}

// DecisionColumns are the match-decision CSV's header names, as written by
// `report matches --review --format csv`. decision is "confirmed" or
// "rejected" (also accepted: yes/no, y/n, 1/0, true/false); rows with an
// empty decision are skipped as not yet reviewed. Only catalog_sku,
// competitor, listing_key and decision are read; the others (reasons among
// them, which sheets written before it existed lack) are for the reviewer.
var DecisionColumns = []string{"catalog_sku", "our_title", "competitor", "listing_key", "listing_title", "listing_url", "method", "score", "reasons", "decision", "our_price", "their_price"}

// Decision is a person's verdict on one suggested pair.
type Decision struct {
	CatalogSKU, Competitor, ListingKey string
	Confirmed                          bool
	// Line is the decision's line in the file, for messages.
	Line int
}

// ReadDecisions reads reviewed match candidates. Like ReadCatalog it returns
// the good rows, one *RowError per bad row, and an error only for an unusable
// file.
func ReadDecisions(file string, r io.Reader) ([]Decision, []error, error) {
	var out []Decision
	bad, err := records(file, r, Options{}, DecisionColumns, []string{"catalog_sku", "competitor", "listing_key", "decision"}, func(line int, rw row) error {
		d := Decision{CatalogSKU: rw.get("catalog_sku"), Competitor: rw.get("competitor"), ListingKey: rw.get("listing_key"), Line: line}
		if d.CatalogSKU == "" || d.Competitor == "" || d.ListingKey == "" {
			return errors.New("catalog_sku, competitor and listing_key must all be given")
		}
		switch strings.ToLower(rw.get("decision")) {
		case "":
			return nil
		case "confirmed", "confirm", "yes", "y", "1", "true":
			d.Confirmed = true
		case "rejected", "reject", "no", "n", "0", "false":
		default:
			return fmt.Errorf("decision %q: want confirmed or rejected", rw.get("decision"))
		}
		out = append(out, d)
		return nil
	})
	return out, bad, err
}
