package price

import (
	"errors"
	"testing"
)

var countCases = []struct {
	in   string
	want int64
	err  error
}{
	{"月销1万+", 10000, nil},
	{"已售 2.3k", 2300, nil},
	{"1,234 reviews", 1234, nil},
	{"2.5k sold", 2500, nil},
	{"10万+人付款", 100000, nil},
	{"1.2M", 1200000, nil},
	{"评价 3456", 3456, nil},
	{"(87)", 87, nil},
	{"月销2w+", 20000, nil},
	{"1.234 Bewertungen", 1234, nil},
	{"4.5 stars (1,234)", 1234, nil},
	{"4.8 out of 5 stars 1,234 ratings", 1234, nil},
	{"4,8 von 5 Sternen 312", 312, nil},
	{"Sold 2,000+", 2000, nil},
	{"已售1.2万件", 12000, nil},
	{"1 234 отзыва", 1234, nil},
	{"98% positive 1,234 reviews", 1234, nil},
	{"12,3万人付款", 123000, nil},
	{"1.2345k", 1234, nil},
	{"0 reviews", 0, nil},
	{"累计评价 1,29,999", 129999, nil},
	{"10K+ bought in past month", 10000, nil},
	{"Over 1,000 sold", 1000, nil},
	{"4.6 ★ (2,345)", 2345, nil},
	{"1.2w人付款", 12000, nil},
	{"销量 999+", 999, nil},
	{"(1.234)", 1234, nil},
	{"12 345 отзывов", 12345, nil},
	{"5.0 (1)", 1, nil},
	{"4.5/5 (12)", 12, nil},
	{"Rated 4.8 out of 5 based on 1,024 reviews", 1024, nil},
	{"¥99 已售 2.3k", 2300, nil},
	{"", 0, ErrNoCount},
	{"No reviews yet", 0, ErrNoCount},
	{"4.5 stars", 0, ErrNoCount},
	{"20%", 0, ErrNoCount},
	{"¥99", 0, ErrNoCount},
	{"1234567890123456 sold", 0, ErrInvalidCount},
	{"99999999999999999999999999亿", 0, ErrInvalidCount},
}

func TestParseCount(t *testing.T) {
	for _, c := range countCases {
		t.Run(c.in, func(t *testing.T) {
			got, err := ParseCount(c.in)
			if c.err != nil {
				if !errors.Is(err, c.err) {
					t.Fatalf("ParseCount(%q) = %d, %v; want error wrapping %v", c.in, got, err, c.err)
				}
				return
			}
			if err != nil || got != c.want {
				t.Errorf("ParseCount(%q) = %d, %v; want %d", c.in, got, err, c.want)
			}
		})
	}
}
