package pricing

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// cent is a hundredth of a major unit, for tests that build prices in cents.
const cent = MajorUnit / 100

// amounts parses decimal strings for test tables.
func amounts(ss ...string) []Amount {
	out := make([]Amount, len(ss))
	for i, s := range ss {
		out[i] = MustAmount(s)
	}
	return out
}

// cny returns a price in yuan.
func cny(s string) *Money { return &Money{Amount: MustAmount(s), Currency: "CNY"} }

// offersAt returns one priced, in-stock offer per price in category cat,
// keyed k0, k1, ...
func offersAt(cat string, prices ...string) []Offer {
	out := make([]Offer, len(prices))
	for i, p := range prices {
		out[i] = Offer{Key: fmt.Sprintf("k%d", i), Title: cat + " " + p, Category: cat, Price: cny(p), Availability: InStock}
	}
	return out
}

func TestQuantile(t *testing.T) {
	tests := []struct {
		name     string
		xs       []Amount
		num, den int64
		digits   int
		want     Amount
	}{
		{"no values give zero", nil, 1, 2, 2, 0},
		{"one value is every quantile", amounts("5"), 1, 3, 2, MustAmount("5")},
		{"the median of an odd count is the middle value", amounts("1", "2", "9"), 1, 2, 2, MustAmount("2")},
		{"the median of an even count is the midpoint", amounts("1", "2", "3", "9"), 1, 2, 2, MustAmount("2.50")},
		{"a tertile of four values interpolates exactly", amounts("3", "6", "9", "12"), 1, 3, 2, MustAmount("6")},
		{"a third of the way between cents rounds to the nearest cent", amounts("0.00", "0.01", "0.02", "0.03", "0.04", "0.05", "0.06", "0.07", "0.08", "0.10"), 1, 3, 2, MustAmount("0.03")},
		{"half a cent rounds away from zero", amounts("0.00", "0.01"), 1, 2, 2, MustAmount("0.01")},
		{"a yen midpoint rounds to whole yen", amounts("1299", "1300"), 1, 2, 0, MustAmount("1300")},
		{"a dinar midpoint keeps its fils", amounts("423.923", "423.930"), 1, 2, 3, MustAmount("423.927")},
		{"a value on a rank keeps decimals its currency does not have", amounts("1", "12.5", "20"), 1, 2, 0, MustAmount("12.5")},
		{"rounding never steps past a neighbour", amounts("0.3", "0.4"), 1, 2, 0, MustAmount("0.3")},
		{"the first quartile of five values is the second", amounts("1", "2", "3", "4", "5"), 1, 4, 2, MustAmount("2")},
		{"quantile 1 is the maximum", amounts("1", "2", "3"), 1, 1, 2, MustAmount("3")},
		{"huge amounts do not overflow", []Amount{0, 1<<62 - 1}, 1, 3, 4, (1<<62 - 1 + 1) / 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := quantile(tt.xs, tt.num, tt.den, tt.digits); got != tt.want {
				t.Errorf("quantile(%v, %d/%d, %d) = %v, want %v", tt.xs, tt.num, tt.den, tt.digits, got, tt.want)
			}
		})
	}
}

func TestWeightedQuantile(t *testing.T) {
	xs := amounts("10", "20", "30", "40")
	tests := []struct {
		name     string
		ws       []int64
		num, den int64
		want     Amount
	}{
		{"equal weights give the lower quantile", []int64{1, 1, 1, 1}, 1, 2, MustAmount("20")},
		{"a heavy seller pulls the median to it", []int64{1, 1, 1, 100}, 1, 2, MustAmount("40")},
		{"a heavy cheap seller pulls the upper tertile down", []int64{100, 1, 1, 1}, 2, 3, MustAmount("10")},
		{"zero weights are skipped", []int64{0, 0, 1, 1}, 1, 3, MustAmount("30")},
		{"all-zero weights fall back to unweighted", []int64{0, 0, 0, 0}, 1, 2, MustAmount("25")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := weightedQuantile(xs, tt.ws, tt.num, tt.den, 2); got != tt.want {
				t.Errorf("weightedQuantile(%v, %v, %d/%d) = %v, want %v", xs, tt.ws, tt.num, tt.den, got, tt.want)
			}
		})
	}
}

func TestNaturalBreaks(t *testing.T) {
	tests := []struct {
		name         string
		xs           []Amount
		ws           []int64
		want1, want2 Amount
		wantOK       bool
	}{
		{"three clear clusters split between them", amounts("10", "11", "12", "50", "52", "55", "100", "105", "110"), nil, MustAmount("12"), MustAmount("55"), true},
		{"uneven cluster sizes still split at the gaps", amounts("10", "10", "10", "10", "10", "11", "12", "13", "50", "200", "210"), nil, MustAmount("13"), MustAmount("50"), true},
		{"three distinct prices make three classes", amounts("1", "1", "2", "3", "3"), nil, MustAmount("1"), MustAmount("2"), true},
		{"two distinct prices cannot make three classes", amounts("1", "1", "2"), nil, 0, 0, false},
		{"weights move a boundary toward heavy prices", amounts("10", "20", "30", "40", "100"), []int64{1, 1, 1, 1000, 1}, MustAmount("20"), MustAmount("40"), true},
		{"zero-weight prices do not break the means", amounts("10", "20", "30", "40"), []int64{0, 0, 0, 5}, MustAmount("10"), MustAmount("20"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c1, c2, ok := naturalBreaks(tt.xs, tt.ws)
			if c1 != tt.want1 || c2 != tt.want2 || ok != tt.wantOK {
				t.Errorf("naturalBreaks(%v, %v) = %v, %v, %v; want %v, %v, %v", tt.xs, tt.ws, c1, c2, ok, tt.want1, tt.want2, tt.wantOK)
			}
		})
	}
}

func TestCutsTierOf(t *testing.T) {
	c := Cuts{Currency: "CNY", Low: MustAmount("100"), High: MustAmount("200")}
	tests := []struct {
		price string
		want  Tier
	}{
		{"0.01", TierLow}, {"100", TierLow}, {"100.01", TierMid}, {"200", TierMid}, {"200.01", TierHigh},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s is %s tier", tt.price, tt.want), func(t *testing.T) {
			if got := c.TierOf(MustAmount(tt.price)); got != tt.want {
				t.Errorf("TierOf(%s) = %q, want %q", tt.price, got, tt.want)
			}
		})
	}
	if got := (CategoryBands{Cuts: c}).TierOf(1); got != "" {
		t.Errorf("untiered CategoryBands.TierOf = %q, want empty", got)
	}
}

func ExampleCuts_TierOf() {
	cuts := Cuts{Currency: "CNY", Low: MustAmount("999"), High: MustAmount("2999")}
	for _, p := range []string{"599", "999", "999.01", "3999"} {
		fmt.Println(p, cuts.TierOf(MustAmount(p)))
	}
	// Output:
	// 599 low
	// 999 low
	// 999.01 mid
	// 3999 high
}

func TestFraction(t *testing.T) {
	tests := []struct {
		p        float64
		num, den int64
	}{
		{1.0 / 3, 1, 3}, {2.0 / 3, 2, 3}, {0.25, 1, 4}, {0.75, 3, 4}, {1.5, 3, 2}, {0.123456789, 123456789, 1e9},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%v is %d/%d", tt.p, tt.num, tt.den), func(t *testing.T) {
			n, d := fraction(tt.p)
			if n != tt.num || d != tt.den {
				t.Errorf("fraction(%v) = %d/%d, want %d/%d", tt.p, n, d, tt.num, tt.den)
			}
		})
	}
}

func TestMulDivRound(t *testing.T) {
	tests := []struct {
		name    string
		a, b, c int64
		want    int64
		wantOK  bool
	}{
		{"exact division", 10, 3, 5, 6, true},
		{"half rounds up", 1, 1, 2, 1, true},
		{"negative half rounds away from zero", -1, 1, 2, -1, true},
		{"below half rounds down", 1, 1, 3, 0, true},
		{"a product beyond 64 bits still divides exactly", 1 << 62, 1 << 10, 1 << 12, 1 << 60, true},
		{"a result beyond int64 is refused", 1 << 62, 4, 1, 0, false},
		{"division by zero is refused", 1, 1, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := mulDivRound(tt.a, tt.b, tt.c)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("mulDivRound(%d, %d, %d) = %d, %v; want %d, %v", tt.a, tt.b, tt.c, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestAnalyzeBands(t *testing.T) {
	phones := offersAt("Phones", "100", "200", "300", "400", "500", "600", "700", "800", "900")
	sales := func(n int64) *int64 { return &n }
	weighted := offersAt("Phones", "100", "200", "300", "400", "500", "600")
	weighted[0].Sales = sales(1000)
	weighted[5].Sales = sales(1)
	usd := offersAt("Phones", "100", "200", "300", "400")
	usd[3].Price = &Money{Amount: MustAmount("50"), Currency: "USD"}
	usd[2].Price = &Money{Amount: MustAmount("40"), Currency: "EUR"}
	branded := offersAt("Phones", "100", "200", "300", "1000", "2000", "3000")
	for i := range branded {
		branded[i].Brand = []string{"Acme", "Zeta"}[i/3]
	}

	tests := []struct {
		name   string
		offers []Offer
		opt    func(*Options)
		// check gets the bands, the outliers and the excluded offers.
		want func(t *testing.T, bs []CategoryBands, out, excl []Outlier)
	}{
		{"tertiles cut at a third and two thirds", phones, nil, func(t *testing.T, bs []CategoryBands, _, _ []Outlier) {
			wantCuts(t, bs[0], "366.67", "633.33")
			wantTierCounts(t, bs[0], 3, 3, 3)
			if s := bs[0].Tiers[1]; s.Min != MustAmount("400") || s.Median != MustAmount("500") || s.Max != MustAmount("600") {
				t.Errorf("mid tier = %+v, want 400/500/600", s)
			}
		}},
		{"quartile cuts come from the options", phones, func(o *Options) { o.Quantiles = [2]float64{0.25, 0.75} }, func(t *testing.T, bs []CategoryBands, _, _ []Outlier) {
			wantCuts(t, bs[0], "300", "700")
			wantTierCounts(t, bs[0], 3, 4, 2)
		}},
		{"a category override picks fixed cuts", phones, func(o *Options) {
			o.Category = map[string]CategoryOptions{"Phones": {Method: MethodFixed, Cuts: [2]Amount{MustAmount("150"), MustAmount("850")}}}
		}, func(t *testing.T, bs []CategoryBands, _, _ []Outlier) {
			wantCuts(t, bs[0], "150", "850")
			wantTierCounts(t, bs[0], 1, 7, 1)
			if bs[0].Method != MethodFixed {
				t.Errorf("Method = %q, want fixed", bs[0].Method)
			}
		}},
		{"fixed cuts without amounts leave the category untiered", phones, func(o *Options) { o.Method = MethodFixed }, func(t *testing.T, bs []CategoryBands, _, _ []Outlier) {
			if bs[0].Tiered || !strings.Contains(bs[0].Note, "fixed cuts") {
				t.Errorf("bands = %+v, want untiered with a note about fixed cuts", bs[0])
			}
		}},
		{"jenks splits at natural breaks", offersAt("Phones", "10", "11", "12", "50", "52", "55", "100", "105", "110"), func(o *Options) { o.Method = MethodJenks }, func(t *testing.T, bs []CategoryBands, _, _ []Outlier) {
			wantCuts(t, bs[0], "12", "55")
		}},
		{"too few offers give no tiers and say so", offersAt("Phones", "100", "200"), nil, func(t *testing.T, bs []CategoryBands, _, _ []Outlier) {
			if bs[0].Tiered || bs[0].Note != "only 2 market offers (need 3)" {
				t.Errorf("bands = %+v, want untiered, only 2 offers", bs[0])
			}
		}},
		{"a wild price is trimmed and reported before cutting", offersAt("Phones", "100", "110", "120", "130", "140", "150", "99999"), nil, func(t *testing.T, bs []CategoryBands, out, _ []Outlier) {
			if bs[0].Trimmed != 1 || bs[0].Offers != 6 || bs[0].Max != MustAmount("150") {
				t.Errorf("bands = %+v, want 1 trimmed, 6 offers up to 150", bs[0])
			}
			if len(out) != 1 || out[0].Key != "k6" || !strings.Contains(out[0].Reason, "above the upper fence") {
				t.Errorf("outliers = %+v, want k6 above the upper fence", out)
			}
		}},
		{"trimming can be turned off", offersAt("Phones", "100", "110", "120", "130", "140", "150", "99999"), func(o *Options) { o.OutlierK = 0 }, func(t *testing.T, bs []CategoryBands, out, _ []Outlier) {
			if bs[0].Trimmed != 0 || len(out) != 0 {
				t.Errorf("trimmed %d, outliers %v; want none", bs[0].Trimmed, out)
			}
		}},
		{"sales weighting pulls the cuts toward best sellers", weighted, func(o *Options) { o.WeightBySales = true }, func(t *testing.T, bs []CategoryBands, _, _ []Outlier) {
			// Weights 1000, 1, 1, 1, 1, 1 (unshown sales count as the median
			// shown, 1): both tertiles fall on the best seller.
			wantCuts(t, bs[0], "100", "100")
			if !bs[0].Weighted {
				t.Error("Weighted = false, want true")
			}
		}},
		{"prices convert exactly with FX rates", usd, func(o *Options) { o.Currency = "CNY"; o.FX = map[string]string{"USD": "7.12"} }, func(t *testing.T, bs []CategoryBands, _, excl []Outlier) {
			if bs[0].Offers != 3 || bs[0].Max != MustAmount("356") || bs[0].Excluded != 1 {
				t.Errorf("bands = %+v, want 3 offers up to 356.00 (50 USD), 1 excluded", bs[0])
			}
			if len(excl) != 1 || excl[0].Reason != "no FX rate for EUR" {
				t.Errorf("excluded = %+v, want the EUR offer for lack of a rate", excl)
			}
		}},
		{"without FX rates other currencies are excluded, never mixed", usd, nil, func(t *testing.T, bs []CategoryBands, _, excl []Outlier) {
			if bs[0].Currency != "CNY" || bs[0].Offers != 2 || bs[0].Excluded != 2 || len(excl) != 2 {
				t.Errorf("bands = %+v, excluded %v; want CNY with 2 offers, 2 excluded", bs[0], excl)
			}
		}},
		{"grouping by brand bands each brand apart", branded, func(o *Options) { o.GroupBy = GroupByCategoryBrand }, func(t *testing.T, bs []CategoryBands, _, _ []Outlier) {
			if len(bs) != 2 || bs[0].Key != "Phones | Acme" || bs[1].Key != "Phones | Zeta" {
				t.Fatalf("bands = %+v, want Acme and Zeta groups", bs)
			}
			wantCuts(t, bs[1], "1666.67", "2333.33")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := DefaultOptions()
			if tt.opt != nil {
				tt.opt(&opt)
			}
			a := Analyze(Market{Current: []Snapshot{{Competitor: "shopA", Offers: tt.offers}}}, opt)
			if len(a.Categories) == 0 {
				t.Fatal("no categories")
			}
			tt.want(t, a.Categories, a.Outliers, a.Excluded)
		})
	}
}

func wantCuts(t *testing.T, b CategoryBands, low, high string) {
	t.Helper()
	want := Cuts{Currency: b.Currency, Low: MustAmount(low), High: MustAmount(high)}
	if !b.Tiered || b.Cuts != want {
		t.Errorf("%s: tiered %v, cuts %+v; want %+v (note %q)", b.Key, b.Tiered, b.Cuts, want, b.Note)
	}
}

func wantTierCounts(t *testing.T, b CategoryBands, low, mid, high int) {
	t.Helper()
	got := [3]int{b.Tiers[0].Market, b.Tiers[1].Market, b.Tiers[2].Market}
	if want := [3]int{low, mid, high}; got != want {
		t.Errorf("%s: tier counts %v, want %v", b.Key, got, want)
	}
}

func TestAnalyzeCountsEachListingOnce(t *testing.T) {
	offers := offersAt("Phones", "100", "200", "300")
	offers = append(offers, offers[0])                             // the shop lists k0 twice
	offers = append(offers, Offer{Key: "nop", Category: "Phones"}) // no price
	offers = append(offers, Offer{Key: "range", Category: "Phones", MinPrice: cny("150"), MaxPrice: cny("250")})
	a := Analyze(Market{Current: []Snapshot{{Competitor: "shopA", Offers: offers}}}, DefaultOptions())
	if got := a.Categories[0].Offers; got != 4 {
		t.Errorf("Offers = %d, want 4 (duplicate once, unpriced none, range at its minimum)", got)
	}
}

func TestCutMoves(t *testing.T) {
	m := Market{
		Current: []Snapshot{{Competitor: "shopA", Offers: offersAt("Phones", "100", "200", "300", "400")}},
		PrevCuts: map[string]Cuts{
			"Phones": {Currency: "CNY", Low: MustAmount("150"), High: MustAmount("300")},
		},
	}
	// Cuts now: 200 and 300.
	a := Analyze(m, DefaultOptions())
	want := []CutMove{{Key: "Phones", Category: "Phones", Which: "low", From: Money{MustAmount("150"), "CNY"}, To: Money{MustAmount("200"), "CNY"}, Pct: 333}}
	if !reflect.DeepEqual(a.CutMoves, want) {
		t.Errorf("CutMoves = %+v, want %+v", a.CutMoves, want)
	}

	t.Run("a move within the threshold is not reported", func(t *testing.T) {
		m.PrevCuts = map[string]Cuts{"Phones": {Low: MustAmount("190"), High: MustAmount("310")}}
		if a := Analyze(m, DefaultOptions()); len(a.CutMoves) != 0 {
			t.Errorf("CutMoves = %+v, want none", a.CutMoves)
		}
	})
	t.Run("cuts in another currency are not compared", func(t *testing.T) {
		m.PrevCuts = map[string]Cuts{"Phones": {Currency: "USD", Low: 1, High: 2}}
		if a := Analyze(m, DefaultOptions()); len(a.CutMoves) != 0 {
			t.Errorf("CutMoves = %+v, want none", a.CutMoves)
		}
	})
}

func TestOptionsValidate(t *testing.T) {
	tests := []struct {
		name    string
		opt     func(*Options)
		wantErr string
	}{
		{"the defaults are valid", func(*Options) {}, ""},
		{"an unknown method is refused", func(o *Options) { o.Method = "median" }, `unknown method "median"`},
		{"quantiles out of order are refused", func(o *Options) { o.Quantiles = [2]float64{0.8, 0.2} }, "quantiles"},
		{"fixed cuts out of order are refused", func(o *Options) {
			o.Category = map[string]CategoryOptions{"Phones": {Method: MethodFixed, Cuts: [2]Amount{300, 100}}}
		}, `category "Phones": fixed cuts`},
		{"FX rates need a reporting currency", func(o *Options) { o.FX = map[string]string{"USD": "7.12"} }, "reporting currency"},
		{"an FX rate must be a number", func(o *Options) { o.Currency = "CNY"; o.FX = map[string]string{"USD": "seven"} }, "FX rate for USD"},
		{"an FX rate must be positive", func(o *Options) { o.Currency = "CNY"; o.FX = map[string]string{"USD": "0.00"} }, "not positive"},
		{"a fraction is a fine rate", func(o *Options) { o.Currency = "CNY"; o.FX = map[string]string{"JPY": "1/21"} }, ""},
		{"an unknown grouping is refused", func(o *Options) { o.GroupBy = "brand" }, "group by"},
		{"natural bands fall back on valid quantiles only", func(o *Options) { o.Method = MethodNatural; o.Quantiles = [2]float64{0, 0.5} }, "quantiles"},
		{"jenks is still a method", func(o *Options) { o.Method = MethodJenks }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := DefaultOptions()
			tt.opt(&opt)
			err := opt.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Errorf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil || !errors.Is(err, ErrInvalidOptions) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Validate() = %v, want ErrInvalidOptions mentioning %q", err, tt.wantErr)
			}
		})
	}
}

func TestConvert(t *testing.T) {
	opt := Options{Currency: "CNY", FX: map[string]string{"USD": "7.12", "JPY": "0.048", "KWD": "23.25", "K": "1000", "BIG": "7.123456789012345678901234567"}}
	c := newConverter(opt)
	tests := []struct {
		name     string
		amount   string
		from, to string
		want     string
		wantOK   bool
	}{
		{"the same currency is unchanged", "1.23", "XYZ", "XYZ", "1.23", true},
		{"dollars convert to yuan", "1.00", "USD", "CNY", "7.12", true},
		{"yuan convert back to dollars, rounded to the cent", "10.00", "CNY", "USD", "1.40", true},
		{"cross rates go through the base, rounded to whole yen", "100.00", "USD", "JPY", "14833", true},
		{"yuan convert to dinars with their three decimals", "10.00", "CNY", "KWD", "0.430", true},
		{"a currency without a rate does not convert", "1.00", "EUR", "CNY", "0", false},
		{"rates beyond int64 still convert exactly", "1000.00", "BIG", "CNY", "7123.46", true},
		{"a result beyond int64 does not convert", "99999999999999", "K", "CNY", "0", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := c.convert(MustAmount(tt.amount), tt.from, tt.to)
			if got != MustAmount(tt.want) || ok != tt.wantOK {
				t.Errorf("convert(%s %s -> %s) = %v, %v; want %s, %v", tt.amount, tt.from, tt.to, got, ok, tt.want, tt.wantOK)
			}
		})
	}
	if c := newConverter(Options{}); func() bool { _, ok := c.convert(1, "USD", "CNY"); return ok }() {
		t.Error("convert without FX rates succeeded, want refused")
	}
}

// TestNaturalBreaksIsOptimal compares naturalBreaks with a brute-force
// search over every split on random price lists, duplicates included.
func TestNaturalBreaksIsOptimal(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for it := 0; it < 2000; it++ {
		n := 3 + r.IntN(40)
		xs := make([]Amount, n)
		for i := range xs {
			xs[i] = Amount(1 + r.IntN(1000)*r.IntN(3) + r.IntN(50))
		}
		sort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })
		c1, c2, ok := naturalBreaks(xs, nil)
		if !ok {
			continue
		}
		got := sseCuts(xs, c1, c2)
		best := bruteSSE(xs)
		if got > best*(1+1e-9)+1e-9 {
			t.Fatalf("naturalBreaks(%v) = %v, %v with squared deviation %g; the best split has %g", xs, c1, c2, got, best)
		}
	}
}

func sseOf(xs []Amount) float64 {
	if len(xs) == 0 {
		return 0
	}
	var m float64
	for _, x := range xs {
		m += float64(x)
	}
	m /= float64(len(xs))
	var s float64
	for _, x := range xs {
		d := float64(x) - m
		s += d * d
	}
	return s
}

func sseCuts(xs []Amount, c1, c2 Amount) float64 {
	i1 := sort.Search(len(xs), func(i int) bool { return xs[i] > c1 })
	i2 := sort.Search(len(xs), func(i int) bool { return xs[i] > c2 })
	return sseOf(xs[:i1]) + sseOf(xs[i1:i2]) + sseOf(xs[i2:])
}

// bruteSSE is the least SSE over all splits into three non-empty classes of
// distinct values.
func bruteSSE(xs []Amount) float64 {
	best := -1.0
	for i := 1; i < len(xs); i++ {
		for j := i + 1; j < len(xs); j++ {
			if xs[i] == xs[i-1] || xs[j] == xs[j-1] {
				continue
			}
			s := sseOf(xs[:i]) + sseOf(xs[i:j]) + sseOf(xs[j:])
			if best < 0 || s < best {
				best = s
			}
		}
	}
	return best
}

func TestTierStatsSummary(t *testing.T) {
	s := TierStats{Tier: TierLow, MarketPct: 45, OurPct: 12.4}
	if got, want := s.Summary(), "12 % of our range is low-tier, 45 % of market offers are"; got != want {
		t.Errorf("Summary() = %q, want %q", got, want)
	}
}

func TestParseRate(t *testing.T) {
	tests := []struct {
		in   string
		want string // as a fraction; "" for an error
	}{
		{"7.12", "178/25"}, {"1", "1/1"}, {"1/7", "1/7"}, {"0.048", "6/125"},
		{"", ""}, {"seven", ""}, {"-1", ""}, {"0", ""}, {"1e9", ""}, {"1/0", ""}, {"1.2.3", ""},
		{"12345678901234567890123456789012345678901", ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.in), func(t *testing.T) {
			r, err := parseRate(tt.in)
			switch {
			case tt.want == "" && err == nil:
				t.Errorf("parseRate(%q) = %v, want an error", tt.in, r)
			case tt.want != "" && (err != nil || r.String() != tt.want):
				t.Errorf("parseRate(%q) = %v, %v; want %s", tt.in, r, err, tt.want)
			}
		})
	}
}

// FuzzParseRate feeds FX rates as they come from a config file: parsing
// must not panic or hang, and a parsed rate converts without panicking.
func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"7.12", "1/7", "0.000001", "1e999999999", "99999999999999999999/3", "..", "/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := parseRate(s)
		if err != nil {
			return
		}
		if r.Sign() <= 0 {
			t.Fatalf("parseRate(%q) = %v, not positive", s, r)
		}
		c := newConverter(Options{Currency: "CNY", FX: map[string]string{"XXX": s}})
		for _, a := range []Amount{1, 10000, 1 << 50} {
			if v, ok := c.convert(a, "XXX", "CNY"); ok && v < 0 {
				t.Fatalf("convert(%v XXX) = %v, negative", a, v)
			}
		}
	})
}

// FuzzBands bands arbitrary price lists with every method and checks the
// invariants of the result: nothing lost, cuts ordered, tiers contiguous.
func FuzzBands(f *testing.F) {
	f.Add([]byte{1, 0, 2, 0, 3, 0, 200, 0, 255, 255}, uint8(0), true)
	f.Add([]byte{5, 5, 5, 5, 5, 5}, uint8(2), false)
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, uint8(2), true)
	f.Add([]byte{49, 0, 59, 0, 69, 0, 44, 1, 80, 2, 200, 2, 100, 12, 170, 12, 1, 0, 255, 255}, uint8(3), false)
	f.Fuzz(func(t *testing.T, data []byte, method uint8, weighted bool) {
		if len(data) > 4096 {
			return // big inputs only slow the search; BenchmarkAnalyze covers size
		}
		var offers []Offer
		for i := 0; i+1 < len(data); i += 2 {
			o := Offer{Key: fmt.Sprint(i), Category: "C", Price: &Money{1 + Amount(data[i]) + Amount(data[i+1])<<8, "CNY"}}
			if weighted && data[i]%3 == 0 {
				s := int64(data[i+1]) - 10
				o.Sales = &s
			}
			offers = append(offers, o)
		}
		opt := DefaultOptions()
		opt.Method = []Method{MethodQuantile, MethodFixed, MethodJenks, MethodNatural}[int(method)%4]
		opt.WeightBySales = weighted
		opt.Category = map[string]CategoryOptions{"C": {Cuts: [2]Amount{100, 20000}}}
		a := Analyze(Market{Current: []Snapshot{{Competitor: "s", Offers: offers}}}, opt)
		if len(offers) == 0 {
			return
		}
		b := a.Categories[0]
		if b.Offers+b.Trimmed+b.Excluded != len(offers) || len(a.Outliers) != b.Trimmed || len(a.Excluded) != b.Excluded {
			t.Fatalf("%d offers became %d banded, %d trimmed (%d listed), %d excluded (%d listed)",
				len(offers), b.Offers, b.Trimmed, len(a.Outliers), b.Excluded, len(a.Excluded))
		}
		if !b.Tiered {
			if b.Separation != 0 {
				t.Fatalf("untiered group has separation %v", b.Separation)
			}
			return
		}
		if !(b.Separation >= 0 && b.Separation <= 1) {
			t.Fatalf("separation %v outside 0..1", b.Separation)
		}
		if b.Cuts.Low > b.Cuts.High {
			t.Fatalf("cuts %v > %v", b.Cuts.Low, b.Cuts.High)
		}
		if opt.Method != MethodFixed && (b.Cuts.Low < b.Min || b.Cuts.High > b.Max) {
			t.Fatalf("cuts %v, %v outside the market %v..%v", b.Cuts.Low, b.Cuts.High, b.Min, b.Max)
		}
		n := 0
		for i, s := range b.Tiers {
			n += s.Market
			if s.Market == 0 {
				continue
			}
			if b.Cuts.TierOf(s.Min) != Tiers[i] || b.Cuts.TierOf(s.Max) != Tiers[i] || s.Median < s.Min || s.Median > s.Max {
				t.Fatalf("tier %s runs %v..%v (median %v) across cuts %+v", s.Tier, s.Min, s.Max, s.Median, b.Cuts)
			}
		}
		if n != b.Offers {
			t.Fatalf("tiers hold %d offers, want %d", n, b.Offers)
		}
	})
}

func TestAnalyzeExcludesWhatItCannotBand(t *testing.T) {
	offers := offersAt("Phones", "100", "200", "300", "0")
	offers = append(offers, Offer{Key: "nocat", Price: cny("150")})
	a := Analyze(Market{Current: []Snapshot{{Competitor: "shopA", Offers: offers}}}, DefaultOptions())
	var got []string
	for _, e := range a.Excluded {
		got = append(got, e.Key+": "+e.Reason)
	}
	want := []string{"nocat: no category", "k3: price is not positive"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("excluded %q, want %q", got, want)
	}
	if a.Categories[0].Offers != 3 {
		t.Errorf("Offers = %d, want 3", a.Categories[0].Offers)
	}
}

func TestCategoryOverrides(t *testing.T) {
	opt := DefaultOptions()
	opt.Category = map[string]CategoryOptions{"Cases": {Quantiles: [2]float64{0.25, 0.75}}}
	m := Market{Current: []Snapshot{{Competitor: "shopA", Offers: append(
		offersAt("Phones", "100", "200", "300", "400", "500", "600", "700", "800", "900"),
		offersAt("Cases", "100", "200", "300", "400", "500", "600", "700", "800", "900")...)}}}
	for i := range m.Current[0].Offers {
		m.Current[0].Offers[i].Key = fmt.Sprint("k", i) // unique across both categories
	}
	a := Analyze(m, opt)
	wantCuts(t, a.Categories[0], "300", "700")       // Cases: quartiles
	wantCuts(t, a.Categories[1], "366.67", "633.33") // Phones: default tertiles
}
