package match

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidGTIN is wrapped by NormalizeGTIN's errors.
var ErrInvalidGTIN = errors.New("invalid GTIN")

// NormalizeGTIN returns s as a 14-digit GTIN. Spaces and dashes are removed;
// GTIN-8, UPC-A (12 digits), EAN-13 and GTIN-14 are accepted and padded with
// leading zeros to 14 digits, which is how GS1 compares them, so the UPC-A
// 012345678905 and the EAN-13 0012345678905 are the same GTIN.
//
// It returns an error wrapping ErrInvalidGTIN when s is empty, holds anything
// but digits, spaces and dashes, has another length, is all zeros, or fails
// the GS1 check digit.
func NormalizeGTIN(s string) (string, error) {
	var b strings.Builder
	b.Grow(14)
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '\t':
		default:
			return "", fmt.Errorf("%w: %q has a character other than digits, spaces and dashes", ErrInvalidGTIN, s)
		}
	}
	d := b.String()
	switch len(d) {
	case 8, 12, 13, 14:
	case 0:
		return "", fmt.Errorf("%w: empty", ErrInvalidGTIN)
	default:
		return "", fmt.Errorf("%w: %q has %d digits, want 8, 12, 13 or 14", ErrInvalidGTIN, s, len(d))
	}
	d = strings.Repeat("0", 14-len(d)) + d
	if strings.Trim(d, "0") == "" {
		return "", fmt.Errorf("%w: %q is all zeros", ErrInvalidGTIN, s)
	}
	if want := checkDigit(d[:13]); d[13] != want {
		return "", fmt.Errorf("%w: %q has check digit %c, want %c", ErrInvalidGTIN, s, d[13], want)
	}
	return d, nil
}

// checkDigit computes the GS1 mod-10 check digit for the 13 digits before it:
// weights 3 and 1 alternate from the rightmost digit.
func checkDigit(body string) byte {
	sum := 0
	for i := len(body) - 1; i >= 0; i-- {
		v := int(body[i] - '0')
		if (len(body)-1-i)%2 == 0 {
			v *= 3
		}
		sum += v
	}
	return byte('0' + (10-sum%10)%10)
}
