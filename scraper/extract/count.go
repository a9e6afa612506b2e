package extract

import (
	"errors"
	"strings"
)

// parseCount stands in for price.ParseCount until the price package has it.
func parseCount(text string) (int64, error) {
	var digits strings.Builder
	started := false
	rs := []rune(text)
	i := 0
	for ; i < len(rs); i++ {
		r := rs[i]
		if r >= '0' && r <= '9' || started && (r == '.' || r == ',') {
			started = true
			digits.WriteRune(r)
			continue
		}
		if started {
			break
		}
	}
	if !started {
		return 0, errors.New("no count")
	}
	d := strings.ReplaceAll(digits.String(), ",", "")
	intPart, frac, _ := strings.Cut(d, ".")
	var n int64
	for _, c := range intPart {
		n = n*10 + int64(c-'0')
		if n > 1e15 {
			return 0, errors.New("count too large")
		}
	}
	mult := int64(1)
	rest := strings.TrimSpace(strings.ToLower(string(rs[i:])))
	switch {
	case strings.HasPrefix(rest, "万"), strings.HasPrefix(rest, "w"):
		mult = 10000
	case strings.HasPrefix(rest, "亿"):
		mult = 100000000
	case strings.HasPrefix(rest, "k"), strings.HasPrefix(rest, "千"):
		mult = 1000
	case strings.HasPrefix(rest, "m"):
		mult = 1000000
	}
	n *= mult
	f := mult
	for _, c := range frac {
		f /= 10
		n += int64(c-'0') * f
	}
	return n, nil
}
