package price

import (
	"errors"
	"testing"
)

func FuzzParse(f *testing.F) {
	for _, c := range parseCases {
		f.Add(c.in, c.h.Currency, int32(c.h.DecimalSeparator), false)
	}
	for _, cs := range generatedClassCases() {
		for _, c := range cs {
			f.Add(c.in, c.h.Currency, int32(c.h.DecimalSeparator), false)
		}
	}
	f.Add("Free!", "", int32(0), true)
	f.Add("KD 423.923", "", int32(0), false)
	f.Add("$12⁹⁹", "", int32(0), true)
	f.Add("١٢٣٫٤٥ ر.س", "", int32(0), false)
	f.Add("1.837, 32 €", "", int32(0), false)
	f.Fuzz(func(t *testing.T, text, cur string, dec int32, keepZero bool) {
		h := Hints{Currency: cur, DecimalSeparator: rune(dec), KeepZero: keepZero}
		p, err := Parse(text, h)
		if err != nil {
			if !errors.Is(err, ErrNoPrice) && !errors.Is(err, ErrInvalidPrice) {
				t.Fatalf("Parse(%q, %+v) error %v wraps neither sentinel", text, h, err)
			}
			return
		}
		checkPrice(t, text, h, p)
		all := All(text, h)
		if len(all) == 0 {
			t.Fatalf("Parse(%q) found %+v but All found nothing", text, p)
		}
		for _, q := range all {
			checkPrice(t, text, h, q)
		}
	})
}

func checkPrice(t *testing.T, text string, h Hints, p Price) {
	t.Helper()
	if p.Amount < 0 || p.Min < 0 {
		t.Fatalf("Parse(%q, %+v) = %+v: negative", text, h, p)
	}
	if !(p.Min <= p.Amount && p.Amount <= p.Max) {
		t.Fatalf("Parse(%q, %+v) = %+v: want Min <= Amount <= Max", text, h, p)
	}
	if p.Amount == 0 && p.Max == 0 && !(h.KeepZero && p.Free) {
		t.Fatalf("Parse(%q, %+v) = %+v: zero price", text, h, p)
	}
	if p.Free && (!h.KeepZero || p.Amount != 0) {
		t.Fatalf("Parse(%q, %+v) = %+v: free without KeepZero or with an amount", text, h, p)
	}
	if a, err := p.Exact.Amount(); a != p.Amount || (err != nil) != p.Rounded && !p.Range {
		t.Fatalf("Parse(%q, %+v) = %+v: Exact %s converts to %v (%v), not Amount", text, h, p, p.Exact, a, err)
	}
	if p.ExactMin.Cmp(p.ExactMax) > 0 {
		t.Fatalf("Parse(%q, %+v) = %+v: ExactMin above ExactMax", text, h, p)
	}
	if c := p.Currency; c != "" {
		if len(c) != 3 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' || c[2] < 'A' || c[2] > 'Z' {
			t.Fatalf("Parse(%q, %+v) = %+v: currency is not an ISO code", text, h, p)
		}
	}
	if !p.Range && (p.Min != p.Amount || p.Max != p.Amount) {
		t.Fatalf("Parse(%q, %+v) = %+v: single price with bounds", text, h, p)
	}
	if p.From && !p.Range {
		t.Fatalf("Parse(%q, %+v) = %+v: From without Range", text, h, p)
	}
}

func FuzzParseCount(f *testing.F) {
	for _, c := range countCases {
		f.Add(c.in)
	}
	for _, c := range parseCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, text string) {
		n, err := ParseCount(text)
		if err != nil {
			if !errors.Is(err, ErrNoCount) && !errors.Is(err, ErrInvalidCount) {
				t.Fatalf("ParseCount(%q) error %v wraps neither sentinel", text, err)
			}
			return
		}
		if n < 0 || n >= 1e15 {
			t.Fatalf("ParseCount(%q) = %d, out of range", text, n)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	inputs := []string{"¥1,299.00", "1 299,00 €", "原价¥199 现价¥99", "$10 – $20", "Now £9.99 Was £12.99 - save £3.00 (23%)", "Call for price"}
	b.ReportAllocs()
	for b.Loop() {
		for _, in := range inputs {
			Parse(in, Hints{})
		}
	}
}

func BenchmarkParseCount(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		ParseCount("月销1万+")
		ParseCount("4.8 out of 5 stars 1,234 ratings")
	}
}
