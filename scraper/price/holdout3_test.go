package price

import "testing"

// holdout3File is the third blind holdout (2026-12-02): 856 price element
// texts across about sixty countries — local symbols and ISO codes, local
// abbreviations, every separator convention, whole-unit currencies, from and
// was/now labels, unit prices, instalments, ranges, free, not-prices, tax
// notes, non-Latin and full-width digits, split spans. It was written
// without reading the parser or its tests.
const holdout3File = "holdout3.tsv"

// The third holdout's scores when the parser was last changed; the test
// fails below them. Blind, on 2026-12-03, the parser read 819 of 856
// (0.957); after the classes it found were fixed (round3_classes_test.go)
// 854. The two misses left are a bare "42" and "2023" with a currency hint,
// which the holdout calls no price and the parser reads as prices on
// purpose: a price element holding only a number is a price whose currency
// sits in another element ("1299" in a JD or Taobao listing).
const (
	minHoldout3Amount = 0.997
	minHoldout3Both   = 0.997
)

// TestHoldout3Accuracy scores Parse on the third blind holdout, per class;
// run with -v to see the rates and every miss.
func TestHoldout3Accuracy(t *testing.T) {
	scoreHoldout(t, holdout3File, minHoldout3Amount, minHoldout3Both)
}
