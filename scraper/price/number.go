package price

import (
	"errors"
	"strings"
)

// errNotNumber marks digit runs that are no number a shop would print as a
// price ("1.2.3", "12,34,5"): they are skipped, not reported.
var errNotNumber = errors.New("not a number")

// minor says how many decimals a currency's prices show, which settles
// "1.299": no currency known, two decimals (most currencies), none (yen,
// won, dong, and forints and koruna as shops print them), or three
// (dinars).
type minor uint8

const (
	minorUnknown minor = iota
	minorTwo
	minorNone
	minorThree
	minorThreeComma // three decimals after a ',' (Tunisian dinar: "45,500 DT")
)

// minorOf returns the minor-unit style of an ISO code ("" is unknown), from
// CLDR's data in golang.org/x/text/currency: three standard digits (KWD,
// BHD, OMR, JOD, TND, LYD), or no cash digits (JPY, KRW, VND, CLP, IDR,
// ISK, HUF, CZK, TWD). CLDR gives IQD no decimals, unlike ISO 4217's three,
// because Iraqi prices are printed whole.
func minorOf(code string) minor {
	if code == "" {
		return minorUnknown
	}
	std, cash, ok := minorDigits(code)
	switch {
	case !ok:
		return minorTwo
	case std == 3 && code == "TND":
		return minorThreeComma
	case std == 3:
		return minorThree
	case cash == 0:
		return minorNone
	}
	return minorTwo
}

// split breaks a lexed number into its digit groups and the separators
// between them; a leading decimal point gives an empty first group.
func split(raw string) (groups []string, seps []byte) {
	start := 0
	for i := 0; i < len(raw); i++ {
		if c := raw[i]; c < '0' || c > '9' {
			groups = append(groups, raw[start:i])
			seps = append(seps, c)
			start = i + 1
		}
	}
	return append(groups, raw[start:]), seps
}

// plain turns a lexed number such as "1 299,00" into a plain decimal such as
// "1299.00", deciding which separator is the decimal point by the rules in
// the package documentation. dec is the hinted decimal separator (0, '.' or
// ','); m is the style of the currency.
func plain(raw string, dec rune, m minor) (string, error) {
	raw, mark := wholeMark(raw)
	groups, seps := split(raw)
	if len(seps) == 0 {
		return raw, nil
	}
	last := seps[len(seps)-1]
	point := -1 // index into seps of the decimal point
	// With ",-" or ".-" the point stands before the dash, so every
	// separator before it groups: "1.299,-", "1.299.-".
	if mark == 0 && (last == '.' || last == ',') {
		n := strings.Count(raw, string(last))
		other := byte(',')
		if last == ',' {
			other = '.'
		}
		switch {
		case n > 1:
			// "1,234,567": repeated, so grouping.
		case strings.IndexByte(raw, other) >= 0 || strings.ContainsAny(raw, " '"):
			// "1.299,00", "1 299,00": another separator groups, so this
			// one is the point.
			point = len(seps) - 1
		case len(groups[len(groups)-1]) != 3, groups[0] == "", groups[0] == "0", len(groups[0]) > 3:
			// "12,99", "0,500", "1234,567": cannot be grouping.
			point = len(seps) - 1
		case m == minorNone:
			// "$24.990" in pesos, "Rp 129.900", "1,299" yen: a currency
			// without decimals groups whatever the locale says.
		case m == minorThree && (last == '.' || dec == ','), m == minorThreeComma:
			// "KD 1.250", "1,250 د.ك" with a ',' locale: dinars have three
			// decimals.
			point = len(seps) - 1
		case dec == rune(last):
			// The shop's locale says so ("1.299 €" in an English shop).
			point = len(seps) - 1
		default:
			// "1,299", "34.000", "1.299 €", "$34.000": shops do not show
			// three decimals of a two-decimal currency, and a price whose
			// currency is unknown is far more often whole ("RENAULT
			// 129.900") than priced in dinars, so a lone separator before
			// three digits groups.
		}
	}
	intGroups, intSeps := groups, seps
	frac := ""
	if point >= 0 {
		intGroups, intSeps = groups[:point+1], seps[:point]
		frac = groups[point+1]
	}
	if len(intSeps) > 0 {
		g := intSeps[0]
		for _, s := range intSeps {
			if s != g {
				return "", errNotNumber
			}
		}
		if len(intGroups[0]) == 0 || len(intGroups[0]) > 3 || len(intGroups[len(intGroups)-1]) != 3 {
			return "", errNotNumber
		}
		// Middle groups hold three digits, or two in Indian grouping
		// ("1,29,999"), which uses commas only.
		for _, m := range intGroups[1 : len(intGroups)-1] {
			if len(m) != 3 && !(len(m) == 2 && g == ',') {
				return "", errNotNumber
			}
		}
	}
	var b strings.Builder
	for _, g := range intGroups {
		b.WriteString(g)
	}
	if point >= 0 {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String(), nil
}

// wholeMark strips a trailing ",-" or ".-" and returns the separator it
// names as the decimal point, or 0.
func wholeMark(raw string) (string, byte) {
	if n := len(raw); n >= 2 && raw[n-1] == '-' {
		return raw[:n-2], raw[n-2]
	}
	return raw, 0
}

// shift multiplies a plain decimal by 10^pow exactly, on the digits.
func shift(s string, pow int) string {
	if pow == 0 {
		return s
	}
	in, frac, _ := strings.Cut(s, ".")
	if pow < 0 {
		n := -pow
		if len(in) <= n {
			in = strings.Repeat("0", n-len(in)+1) + in
		}
		return in[:len(in)-n] + "." + in[len(in)-n:] + frac
	}
	if len(frac) <= pow {
		return in + frac + strings.Repeat("0", pow-len(frac))
	}
	return in + frac[:pow] + "." + frac[pow:]
}

// trimZeros drops leading zeros so that only significant digits count
// against the length limit.
func trimZeros(s string) string {
	if s == "" || s[0] == '.' {
		return "0" + s
	}
	i := 0
	for i < len(s)-1 && s[i] == '0' && s[i+1] != '.' {
		i++
	}
	return s[i:]
}
