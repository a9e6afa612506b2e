package match

import (
	"errors"
	"testing"
)

func TestNormalizeGTIN(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // "" means an error
	}{
		{"a valid EAN-13 is padded to 14 digits", "4006381333931", "04006381333931"},
		{"a Chinese EAN-13 is valid", "6934867120011", "06934867120011"},
		{"a valid UPC-A is padded to 14 digits", "036000291452", "00036000291452"},
		{"a UPC-A and its EAN-13 form are the same GTIN", "0036000291452", "00036000291452"},
		{"a valid GTIN-14 is kept", "10036000291459", "10036000291459"},
		{"a valid GTIN-8 is padded to 14 digits", "96385074", "00000096385074"},
		{"spaces and dashes are ignored", "4 006381-333931", "04006381333931"},
		{"an EAN-13 with a wrong check digit is invalid", "4006381333932", ""},
		{"a UPC-A with a wrong check digit is invalid", "036000291453", ""},
		{"a GTIN-14 with a wrong check digit is invalid", "10036000291458", ""},
		{"a GTIN-8 with a wrong check digit is invalid", "96385075", ""},
		{"a transposition is caught by the check digit", "4006381339331", ""},
		{"eleven digits are invalid", "03600029145", ""},
		{"fifteen digits are invalid", "100360002914590", ""},
		{"letters are invalid", "40063813339X1", ""},
		{"full-width digits are invalid rather than guessed", "４００６３８１３３３９３１", ""},
		{"the empty string is invalid", "", ""},
		{"all zeros are invalid though the check digit fits", "0000000000000", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeGTIN(tt.in)
			if tt.want == "" {
				if !errors.Is(err, ErrInvalidGTIN) {
					t.Fatalf("NormalizeGTIN(%q) = %q, %v; want ErrInvalidGTIN", tt.in, got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("NormalizeGTIN(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func FuzzNormalizeGTIN(f *testing.F) {
	for _, s := range []string{"4006381333931", "036000291452", "96385074", "10036000291459", "", "4 006-381", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := NormalizeGTIN(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidGTIN) {
				t.Fatalf("error %v does not wrap ErrInvalidGTIN", err)
			}
			return
		}
		if len(g) != 14 {
			t.Fatalf("NormalizeGTIN(%q) = %q, not 14 digits", s, g)
		}
		if again, err := NormalizeGTIN(g); err != nil || again != g {
			t.Fatalf("NormalizeGTIN(%q) = %q, %v; not idempotent", g, again, err)
		}
	})
}
