package price

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// corpusCase is one line of testdata/*.tsv: a price string as shops print
// it and the amount and currency a person reads in it.
type corpusCase struct {
	file, class, text, hint string
	amount                  string // exact decimal, "-" for no price, "0" for free
	currency                string // ISO code, "" unknown, "?" not checked
}

func loadCorpus(t *testing.T) []corpusCase {
	t.Helper()
	files, err := filepath.Glob("testdata/*.tsv")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files: %v", err)
	}
	var cs []corpusCase
	for _, f := range files {
		if b := filepath.Base(f); b == holdoutFile || b == holdout2File || b == holdout3File {
			// The blind holdouts have their own columns and their own test.
			continue
		}
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		for n := 1; sc.Scan(); n++ {
			line := sc.Text()
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			cols := strings.Split(line, "\t")
			if len(cols) != 5 {
				t.Fatalf("%s:%d: want 5 tab-separated columns, got %d", f, n, len(cols))
			}
			cs = append(cs, corpusCase{filepath.Base(f), cols[0], cols[1], cols[2], cols[3], cols[4]})
		}
		fh.Close()
	}
	return cs
}

// check returns "" when Parse reads c as the corpus says, else what it read.
func (c corpusCase) check() string {
	p, err := Parse(c.text, Hints{Currency: c.hint, KeepZero: true})
	if c.amount == "-" {
		if errors.Is(err, ErrNoPrice) {
			return ""
		}
		return fmt.Sprintf("%s %s (err %v)", p.Exact, p.Currency, err)
	}
	if err != nil {
		return err.Error()
	}
	want, werr := parseDecimal(c.amount)
	if werr != nil {
		return "bad corpus amount " + c.amount
	}
	got := fmt.Sprintf("%s %q", p.Exact, p.Currency)
	if p.Exact.Cmp(want) != 0 {
		return got
	}
	if c.amount == "0" && !p.Free {
		return got + " without Free"
	}
	if c.currency != "?" && p.Currency != c.currency {
		return got
	}
	return ""
}

// minCorpusAccuracy is the share of corpus strings Parse must read right
// (amount and currency): all of them since 2026-12-02, so a change that
// loses one shows (the 0.95 it was let a regression pass unseen).
const minCorpusAccuracy = 1.0

// TestCorpusAccuracy reads every corpus string and reports the rate per
// class; it fails below minCorpusAccuracy overall. Run with -v to see the
// rates and the misses.
func TestCorpusAccuracy(t *testing.T) {
	cs := loadCorpus(t)
	type tally struct{ ok, n int }
	by := map[string]*tally{}
	total := tally{}
	for _, c := range cs {
		tl := by[c.class]
		if tl == nil {
			tl = &tally{}
			by[c.class] = tl
		}
		tl.n++
		total.n++
		if got := c.check(); got != "" {
			t.Logf("miss [%s] %q hint %q: got %s, want %s %q", c.class, c.text, c.hint, got, c.amount, c.currency)
			continue
		}
		tl.ok++
		total.ok++
	}
	classes := make([]string, 0, len(by))
	for k := range by {
		classes = append(classes, k)
	}
	sort.Strings(classes)
	for _, k := range classes {
		tl := by[k]
		t.Logf("%-20s %4d/%-4d %.3f", k, tl.ok, tl.n, float64(tl.ok)/float64(tl.n))
	}
	rate := float64(total.ok) / float64(total.n)
	t.Logf("%-20s %4d/%-4d %.3f", "all", total.ok, total.n, rate)
	if rate < minCorpusAccuracy {
		t.Errorf("corpus accuracy %.3f, want at least %.2f", rate, minCorpusAccuracy)
	}
}
