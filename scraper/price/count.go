package price

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrNoCount is returned (wrapped) by ParseCount when the text holds no
// count.
var ErrNoCount = errors.New("no count")

// ErrInvalidCount is returned (wrapped) by ParseCount when the count is too
// large to be real (more than 15 digits).
var ErrInvalidCount = errors.New("invalid count")

// ParseCount reads a sales or review count: "月销1万+" is 10000, "已售 2.3k"
// 2300, "1,234 reviews" 1234, "10万+人付款" 100000, "1.2M" 1200000,
// "(87)" 87. Separators always group digits, so "1.234 Bewertungen" is
// 1234, and a number with a fraction counts only with a multiplier ("2.5k");
// "4.5 stars" is a rating, not a count. Numbers next to a count word
// ("sold", "reviews", "已售", "评价", "人付款") win over others; otherwise the
// first whole number that is not a rating, percentage or price counts.
// Fractions left after a multiplier are dropped ("1.2345k" is 1234).
//
// It returns an error wrapping ErrNoCount when the text holds no count, and
// one wrapping ErrInvalidCount when the count has more than 15 digits.
func ParseCount(text string) (int64, error) {
	toks := lex(normalize(text), "")
	var first, keyed *countCand
	for i := 0; i < len(toks); i++ {
		if toks[i].kind != kNum {
			continue
		}
		c := countCand{}
		j := i + 1
		pow := 0
		if j < len(toks) && toks[j].kind == kMult {
			pow = toks[j].pow
			j++
		}
		for j < len(toks) && toks[j].kind == kPlus {
			j++
		}
		var prev, next kind = kPunct, kPunct
		if i > 0 {
			prev = toks[i-1].kind
		}
		if j < len(toks) {
			next = toks[j].kind
		}
		if next == kPct || next == kRating || next == kSlash || next == kCur || prev == kOutOf || prev == kSlash || prev == kCur {
			i = j - 1
			continue
		}
		n, err := countValue(toks[i].text, pow)
		if errors.Is(err, errNotNumber) {
			i = j - 1
			continue
		}
		c.v, c.err = n, err
		if first == nil {
			first = &c
		}
		if keyed == nil && (prev == kCount || next == kCount) {
			keyed = &c
		}
		i = j - 1
	}
	c := first
	if keyed != nil {
		c = keyed
	}
	if c == nil {
		return 0, fmt.Errorf("%w in %q", ErrNoCount, clip(text))
	}
	if c.err != nil {
		return 0, fmt.Errorf("%w: %q: %w", ErrInvalidCount, clip(text), c.err)
	}
	return c.v, nil
}

type countCand struct {
	v   int64
	err error
}

// countValue reads a lexed number as a count, multiplied by 10^pow.
func countValue(raw string, pow int) (int64, error) {
	raw, _ = wholeMark(raw)
	groups, seps := split(raw)
	var p string
	if grouped(groups, seps) {
		p = strings.Join(groups, "")
	} else {
		if pow == 0 {
			return 0, errNotNumber // a fraction: a rating or a size
		}
		var err error
		if p, err = plain(raw, 0, minorUnknown); err != nil {
			return 0, err
		}
	}
	whole, _, _ := strings.Cut(shift(p, pow), ".")
	whole = trimZeros(whole)
	if len(whole) > 15 {
		return 0, fmt.Errorf("%s has more than 15 digits", whole)
	}
	return strconv.ParseInt(whole, 10, 64)
}

// grouped reports whether every separator groups thousands (or Indian
// lakhs), so the number is whole.
func grouped(groups []string, seps []byte) bool {
	if len(seps) == 0 {
		return true
	}
	if groups[0] == "" || len(groups[0]) > 3 || len(groups[len(groups)-1]) != 3 {
		return false
	}
	for i, s := range seps {
		if s != seps[0] {
			return false
		}
		if g := groups[i+1]; len(g) != 3 && !(len(g) == 2 && s == ',' && i+1 < len(groups)-1) {
			return false
		}
	}
	return true
}
