package price

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// holdoutFile holds price strings written blind, before the parser was read,
// in the way shop pages show them; it measures the parser on strings it was
// not written against. Columns: input, hint, amount, currency.
const holdoutFile = "holdout.tsv"

// holdoutCase is one line of testdata/holdout.tsv.
type holdoutCase struct {
	line       int
	class      string // from the last "## class" line
	text, hint string
	amount     string // the decimal a person reads, "" no price, "0" free
	currency   string // ISO code, "" not checked
}

func loadHoldout(t *testing.T, name string) []holdoutCase {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cs []holdoutCase
	class := ""
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "## "):
			class = strings.TrimSpace(line[3:])
			continue
		case line == "" || strings.HasPrefix(line, "#"):
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 4 {
			t.Fatalf("%s:%d: want 4 tab-separated columns, got %d", name, n, len(cols))
		}
		text, err := unescapeHoldout(cols[0])
		if err != nil {
			t.Fatalf("%s:%d: %v", name, n, err)
		}
		cs = append(cs, holdoutCase{n, class, text, cols[1], cols[2], cols[3]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cs
}

// unescapeHoldout decodes the escapes the file uses to keep invisible
// characters visible: \uXXXX, \n and \t. Shop text never holds a literal
// backslash escape, so nothing real is lost.
func unescapeHoldout(s string) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch s[i+1] {
		case 'n':
			b.WriteByte('\n')
			i++
		case 't':
			b.WriteByte('\t')
			i++
		case 'u':
			if i+6 > len(s) {
				return "", fmt.Errorf("short escape in %q", s)
			}
			r, err := strconv.ParseUint(s[i+2:i+6], 16, 32)
			if err != nil {
				return "", fmt.Errorf("bad escape in %q: %w", s, err)
			}
			b.WriteRune(rune(r))
			i += 5
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String(), nil
}

// check returns whether Parse read the amount and the currency right, and
// what it read.
func (c holdoutCase) check() (amountOK, currencyOK bool, got string) {
	p, err := Parse(c.text, Hints{Currency: c.hint, KeepZero: true})
	if c.amount == "" {
		ok := errors.Is(err, ErrNoPrice)
		return ok, ok, fmt.Sprintf("%s %q (err %v)", p.Exact, p.Currency, err)
	}
	if err != nil {
		return false, false, err.Error()
	}
	got = fmt.Sprintf("%s %q", p.Exact, p.Currency)
	want, werr := parseDecimal(c.amount)
	if werr != nil {
		return false, false, "bad holdout amount " + c.amount
	}
	amountOK = p.Exact.Cmp(want) == 0 && (c.amount != "0" || p.Free)
	currencyOK = c.currency == "" || p.Currency == c.currency
	return amountOK, currencyOK, got
}

// The holdout's scores when the parser was last changed: the share of
// strings whose amount (or absence of one) Parse reads right, and the share
// read right in both amount and currency. The test fails below them, so a
// change that loses holdout strings shows.
const (
	minHoldoutAmount = 0.998
	minHoldoutBoth   = 0.998
)

// TestHoldoutAccuracy scores Parse on the blind holdout, per class; run with
// -v to see the rates and every miss.
func TestHoldoutAccuracy(t *testing.T) {
	scoreHoldout(t, holdoutFile, minHoldoutAmount, minHoldoutBoth)
}

// scoreHoldout scores Parse on one blind file, logs the rates per class and
// every miss, and fails below the given shares.
func scoreHoldout(t *testing.T, name string, minAmount, minBoth float64) {
	t.Helper()
	cs := loadHoldout(t, name)
	type tally struct{ amount, both, n int }
	by := map[string]*tally{}
	var total tally
	for _, c := range cs {
		tl := by[c.class]
		if tl == nil {
			tl = &tally{}
			by[c.class] = tl
		}
		amountOK, currencyOK, got := c.check()
		tl.n++
		total.n++
		if amountOK {
			tl.amount++
			total.amount++
		}
		if amountOK && currencyOK {
			tl.both++
			total.both++
			continue
		}
		what := "amount"
		if amountOK {
			what = "currency"
		}
		t.Logf("miss %s [%s] line %d %q hint %q: got %s, want %s %q", what, c.class, c.line, c.text, c.hint, got, c.amount, c.currency)
	}
	classes := make([]string, 0, len(by))
	for k := range by {
		classes = append(classes, k)
	}
	sort.Strings(classes)
	rate := func(k, n int) float64 { return float64(k) / float64(n) }
	t.Logf("%-12s %9s %9s", "class", "amount", "both")
	for _, k := range classes {
		tl := by[k]
		t.Logf("%-12s %4d/%-4d %4d/%-4d %.3f %.3f", k, tl.amount, tl.n, tl.both, tl.n, rate(tl.amount, tl.n), rate(tl.both, tl.n))
	}
	amount, both := rate(total.amount, total.n), rate(total.both, total.n)
	t.Logf("%-12s %4d/%-4d %4d/%-4d %.3f %.3f", "all", total.amount, total.n, total.both, total.n, amount, both)
	if amount < minAmount {
		t.Errorf("%s amount accuracy %.3f, want at least %.3f", name, amount, minAmount)
	}
	if both < minBoth {
		t.Errorf("%s amount+currency accuracy %.3f, want at least %.3f", name, both, minBoth)
	}
}
