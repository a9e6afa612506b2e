package pricing

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// band is a true price band of a generated market, in whole yuan.
type band struct{ lo, hi float64 }

// marketSpec describes a generated market with known bands.
type marketSpec struct {
	bands  []band
	shares []float64 // per band, summing to about 1
	n      int       // offers, absurd prices included
	shops  int
	jitter float64 // each shop prices up to ±jitter away from list
	absurd int     // prices of ¥1 or less and of ¥999,999 or more
	peaked bool    // prices cluster in the middle of each band
	sales  bool    // offers show sales, and cuts are weighted by them
}

func (s marketSpec) String() string {
	var bs []string
	for i, b := range s.bands {
		bs = append(bs, fmt.Sprintf("%.0f%%@%g-%g", 100*s.shares[i], b.lo, b.hi))
	}
	return fmt.Sprintf("%d offers, %d shops ±%.0f%%, %d absurd, peaked %v, sales %v: %s",
		s.n, s.shops, 100*s.jitter, s.absurd, s.peaked, s.sales, strings.Join(bs, " "))
}

// generated is a market and, per true band, the range of prices its offers
// got (after shop jitter): a cut inside such a range splits a band.
type generated struct {
	offers []Offer
	ranges [][2]Amount
	absurd []string // keys of the absurd offers
}

// pricePoint rounds a yuan price the way shops do, to two significant
// digits less a little: ¥46.9, ¥199, ¥1,299.
func pricePoint(p float64) Amount {
	unit := math.Pow(10, math.Floor(math.Log10(p))-1) // yuan per step
	cents := math.Round(p/unit) * unit * 100
	return Amount(math.Round(cents-max(1, min(100, unit*10)))) * cent
}

func generate(r *rand.Rand, s marketSpec) generated {
	var g generated
	g.ranges = make([][2]Amount, len(s.bands))
	factor := make([]float64, s.shops)
	for i := range factor {
		factor[i] = 1 + s.jitter*(2*r.Float64()-1)
	}
	for i := range s.n {
		o := Offer{Key: fmt.Sprintf("o%d", i), Category: "Earphones", Availability: InStock}
		shop := r.IntN(s.shops)
		o.Title = fmt.Sprintf("shop%d item %d", shop, i)
		if s.sales {
			v := int64(math.Exp(r.Float64() * 8)) // 1..3,000, heavy-tailed
			o.Sales = &v
		}
		if i < s.absurd {
			amt := []Amount{100, 1, 99999900, 9999999900}[i%4]
			o.Price = &Money{amt, "CNY"}
			g.absurd = append(g.absurd, o.Key)
			g.offers = append(g.offers, o)
			continue
		}
		u, k := r.Float64(), 0
		for k < len(s.shares)-1 && u >= s.shares[k] {
			u -= s.shares[k]
			k++
		}
		b := s.bands[k]
		t := r.Float64()
		if s.peaked {
			t = (t + r.Float64() + r.Float64()) / 3
		}
		list := pricePoint(math.Exp(math.Log(b.lo) + t*(math.Log(b.hi)-math.Log(b.lo))))
		list = min(max(list, Amount(b.lo)*MajorUnit), Amount(b.hi)*MajorUnit)
		amt := Amount(math.Round(float64(list/cent)*factor[shop])) * cent
		o.Price = &Money{amt, "CNY"}
		if rg := &g.ranges[k]; rg[0] == 0 || amt < rg[0] {
			rg[0] = amt
		}
		if rg := &g.ranges[k]; amt > rg[1] {
			rg[1] = amt
		}
		g.offers = append(g.offers, o)
	}
	return g
}

// cutsBetweenBands says whether the cuts split no true band: each cut lies
// in a gap between bands, the two in different gaps. With two bands one
// cut has to split a band, and the other must then fall in the gap.
func cutsBetweenBands(c Cuts, ranges [][2]Amount) bool {
	gapOf := func(x Amount) int {
		for i := 0; i+1 < len(ranges); i++ {
			if x >= ranges[i][1] && x < ranges[i+1][0] {
				return i
			}
		}
		return -1
	}
	g1, g2 := gapOf(c.Low), gapOf(c.High)
	if len(ranges) == 2 {
		return g1 == 0 || g2 == 0
	}
	return g1 >= 0 && g2 >= 0 && g1 != g2
}

// randomBands draws k bands, each 2–5× wide, with gaps of 1.35–2.5×
// between them, starting anywhere from ¥9 to ¥900.
func randomBands(r *rand.Rand, k int) []band {
	lo := math.Exp(math.Log(9) + r.Float64()*math.Log(100))
	var bs []band
	for range k {
		hi := lo * (2 + 3*r.Float64())
		bs = append(bs, band{math.Round(lo), math.Round(hi)})
		lo = hi * (1.35 + 1.15*r.Float64())
	}
	return bs
}

// sharePatterns are the band shares the generated markets use, by number
// of bands.
var sharePatterns = map[int][][]float64{
	2: {{0.5, 0.5}, {0.8, 0.2}, {0.2, 0.8}, {0.65, 0.35}},
	3: {{0.6, 0.3, 0.1}, {0.1, 0.3, 0.6}, {1. / 3, 1. / 3, 1. / 3}, {0.25, 0.6, 0.15}, {0.8, 0.12, 0.08}, {0.45, 0.1, 0.45}},
	4: {{0.25, 0.25, 0.25, 0.25}, {0.4, 0.3, 0.2, 0.1}, {0.1, 0.2, 0.3, 0.4}, {0.15, 0.35, 0.35, 0.15}},
}

// generatedSpecs returns the generated markets, deterministically.
func generatedSpecs() []marketSpec {
	r := rand.New(rand.NewPCG(7, 2026))
	sizes := []int{30, 60, 150, 400, 1000, 2000}
	var specs []marketSpec
	for _, k := range []int{2, 3, 4} {
		for pi, shares := range sharePatterns[k] {
			for si, n := range sizes {
				// Small markets cannot show a band of a few percent.
				if n*int(100*slices.Min(shares)) < 300 {
					n = int(math.Ceil(300 / (100 * slices.Min(shares))))
				}
				specs = append(specs, marketSpec{
					bands: randomBands(r, k), shares: shares, n: n,
					shops:  1 + r.IntN(6),
					jitter: []float64{0, 0.03, 0.06, 0.1}[(pi+si)%4],
					absurd: (pi + si) % 4,
					peaked: si%2 == 1,
					sales:  (pi+si)%5 == 4,
				})
			}
		}
	}
	return specs
}

func analyzeGenerated(s marketSpec, g generated) CategoryBands {
	opt := DefaultOptions()
	opt.WeightBySales = s.sales
	a := Analyze(Market{Current: []Snapshot{{Competitor: "market", Offers: g.offers}}}, opt)
	return a.Categories[0]
}

func TestNaturalBandsOnGeneratedMarkets(t *testing.T) {
	specs := generatedSpecs()
	r := rand.New(rand.NewPCG(11, 7))
	ok := 0
	for _, s := range specs {
		g := generate(r, s)
		b := analyzeGenerated(s, g)
		good := b.Tiered && cutsBetweenBands(b.Cuts, g.ranges)
		if good {
			ok++
		} else {
			t.Logf("cuts %s / %s split a band (note %q, separation %.2f) in %v; bands %v", b.Cuts.Low, b.Cuts.High, b.Note, b.Separation, s, g.ranges)
		}
	}
	rate := float64(ok) / float64(len(specs))
	t.Logf("cuts between the true bands in %d of %d generated markets (%.1f %%)", ok, len(specs), 100*rate)
	if rate < 0.9 {
		t.Errorf("cuts between the true bands in %.1f %% of markets, want at least 90 %%", 100*rate)
	}
}

// earphones is the market of the issue: three shops selling earphones in
// three clear bands, ¥49–199 (220 offers), ¥299–899 (170) and
// ¥1,299–2,999 (157), each shop a few percent off the others, plus two
// placeholder prices.
func earphones() (offers []Offer, ranges [][2]Amount) {
	r := rand.New(rand.NewPCG(49, 2999))
	bands := []struct {
		lo, hi float64
		n      int
	}{{49, 199, 220}, {299, 899, 170}, {1299, 2999, 157}}
	shops := []float64{1, 1.03, 0.97}
	ranges = make([][2]Amount, len(bands))
	for bi, b := range bands {
		for i := range b.n {
			shop := i % len(shops)
			list := pricePoint(b.lo * math.Pow(b.hi/b.lo, r.Float64()))
			list = min(max(list, Amount(b.lo)*MajorUnit), Amount(b.hi)*MajorUnit)
			amt := Amount(math.Round(float64(list/cent)*shops[shop])) * cent
			offers = append(offers, Offer{Key: fmt.Sprintf("b%d-%d", bi, i), Title: fmt.Sprintf("earphones %d/%d", bi, i),
				Category: "Earphones", Price: &Money{amt, "CNY"}, Availability: InStock})
			if ranges[bi][0] == 0 || amt < ranges[bi][0] {
				ranges[bi][0] = amt
			}
			ranges[bi][1] = max(ranges[bi][1], amt)
		}
	}
	offers = append(offers,
		Offer{Key: "placeholder-1", Title: "预订 earphones", Category: "Earphones", Price: &Money{MustAmount("1"), "CNY"}},
		Offer{Key: "placeholder-999999", Title: "earphones (price on request)", Category: "Earphones", Price: &Money{MustAmount("999999"), "CNY"}})
	return offers, ranges
}

// earphoneCatalog is our range: low and mid earphones, none in the high
// band. The four mid items at ¥599–¥899 are the ones the old default
// called high.
var earphoneCatalog = []struct {
	sku, price string
	tier       Tier
}{
	{"E-LOW-1", "59", TierLow}, {"E-LOW-2", "129", TierLow}, {"E-LOW-3", "199", TierLow},
	{"E-MID-1", "349", TierMid}, {"E-MID-2", "599", TierMid}, {"E-MID-3", "699", TierMid},
	{"E-MID-4", "799", TierMid}, {"E-MID-5", "899", TierMid},
}

func TestNaturalBandsOnTheEarphoneMarket(t *testing.T) {
	offers, ranges := earphones()
	m := Market{Current: []Snapshot{{Competitor: "three shops", Offers: offers}}}
	for _, it := range earphoneCatalog {
		m.Catalog = append(m.Catalog, CatalogItem{SKU: it.sku, Title: "our " + it.sku, Category: "Earphones",
			Price: Money{MustAmount(it.price), "CNY"}, TargetTier: it.tier})
	}
	a := Analyze(m, DefaultOptions())
	b := a.Categories[0]

	t.Run("the cuts fall in the gaps between the bands", func(t *testing.T) {
		if !b.Tiered || b.Method != MethodNatural {
			t.Fatalf("bands = %+v, want natural tiers", b)
		}
		if b.Cuts.Low < ranges[0][1] || b.Cuts.Low >= ranges[1][0] || b.Cuts.High < ranges[1][1] || b.Cuts.High >= ranges[2][0] {
			t.Errorf("cuts %s / %s, want one in %s..%s and one in %s..%s (note %q)", b.Cuts.Low, b.Cuts.High,
				ranges[0][1], ranges[1][0], ranges[1][1], ranges[2][0], b.Note)
		}
		if b.Note != "3 price bands" || b.Separation < 0.9 {
			t.Errorf("note %q, separation %.3f; want 3 price bands, separation at least 0.9", b.Note, b.Separation)
		}
	})
	t.Run("only the placeholder prices are trimmed", func(t *testing.T) {
		var keys []string
		for _, o := range a.Outliers {
			keys = append(keys, o.Key)
		}
		slices.Sort(keys)
		if want := []string{"placeholder-1", "placeholder-999999"}; !slices.Equal(keys, want) {
			t.Errorf("trimmed %v, want %v", keys, want)
		}
		if got := b.Tiers[2].Market; got != 157 {
			t.Errorf("high tier has %d offers, want all 157 of the high band", got)
		}
	})
	t.Run("our items sit in their own bands", func(t *testing.T) {
		for _, p := range a.Positions {
			for _, it := range earphoneCatalog {
				if it.sku == p.SKU && p.Tier != it.tier {
					t.Errorf("%s at ¥%s is %s, want %s", p.SKU, it.price, p.Tier, it.tier)
				}
			}
		}
		for _, g := range a.Gaps {
			if g.Kind == TierMismatch {
				t.Errorf("unexpected tier mismatch: %s", g.Detail)
			}
		}
	})
	t.Run("the missing high band is an assortment gap", func(t *testing.T) {
		var tiers []Tier
		for _, g := range a.Gaps {
			if g.Kind == AssortmentGap {
				tiers = append(tiers, g.Tier)
			}
		}
		if !slices.Equal(tiers, []Tier{TierHigh}) {
			t.Errorf("assortment gaps in tiers %v, want only high", tiers)
		}
	})
}

// TestNaturalBandsNameTheMissingBand gives every generated three-band
// market a catalog with items in two of its bands and checks that the
// third gets the assortment gap, and no other band does.
func TestNaturalBandsNameTheMissingBand(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 7))
	markets, named := 0, 0
	for i, s := range generatedSpecs() {
		g := generate(r, s)
		if len(s.bands) != 3 {
			continue
		}
		markets++
		missing := i % 3
		m := Market{Current: []Snapshot{{Competitor: "market", Offers: g.offers}}}
		for bi, rg := range g.ranges {
			if bi == missing {
				continue
			}
			mid := Amount(math.Sqrt(float64(rg[0]) * float64(rg[1])))
			m.Catalog = append(m.Catalog, CatalogItem{SKU: fmt.Sprintf("OUR-%d", bi), Category: "Earphones", Price: Money{mid, "CNY"}})
		}
		opt := DefaultOptions()
		opt.WeightBySales = s.sales
		var tiers []Tier
		for _, gap := range Analyze(m, opt).Gaps {
			if gap.Kind == AssortmentGap {
				tiers = append(tiers, gap.Tier)
			}
		}
		if slices.Equal(tiers, []Tier{Tiers[missing]}) {
			named++
		} else {
			t.Logf("assortment gaps %v, want %s only, in %v", tiers, Tiers[missing], s)
		}
	}
	t.Logf("the missing band is the one assortment gap in %d of %d three-band markets", named, markets)
	if named*10 < markets*9 {
		t.Errorf("the missing band is named in %d of %d markets, want at least 90 %%", named, markets)
	}
}

func TestNaturalTrimming(t *testing.T) {
	// A band of 60 offers at ¥100–¥200 and what is added to it.
	base := func(extra ...string) []Offer {
		var ps []string
		for i := range 60 {
			ps = append(ps, fmt.Sprint(100+i*100/59))
		}
		return offersAt("Cables", append(ps, extra...)...)
	}
	far := make([]string, 8) // 8 of 68 offers (12 %) at 30× the median
	for i := range far {
		far[i] = fmt.Sprint(4500 + 10*i)
	}
	// Three bands 100× apart: the fence is wide, but ¥1 is 40× below the
	// cheapest real price.
	var spread []string
	for i := range 30 {
		spread = append(spread, fmt.Sprint(40+i), fmt.Sprint(400+10*i), fmt.Sprint(4000+100*i))
	}
	wide := offersAt("Cables", append(spread, "1")...)
	tests := []struct {
		name        string
		offers      []Offer
		opt         func(*Options)
		wantTrimmed int
		wantReason  string // in every outlier's reason
	}{
		{"nothing near the market is trimmed", base("60", "300"), nil, 0, ""},
		{"an absurd high price goes", base("999999"), nil, 1, "above the upper fence"},
		{"absurd low prices go", base("0.01", "1"), nil, 2, "below the lower fence"},
		{"a far band with a real share stays", base(far...), nil, 0, ""},
		{"an absurd price beyond a far band still goes", base(append(far[:len(far):len(far)], "99999999")...), nil, 1, "above the upper fence"},
		{"a lone price cut off by a wide gap goes", wide, nil, 1, "isolated below the market"},
		{"trimming can be turned off", base("0.01", "999999"), func(o *Options) { o.OutlierK = 0 }, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := DefaultOptions()
			if tt.opt != nil {
				tt.opt(&opt)
			}
			a := Analyze(Market{Current: []Snapshot{{Competitor: "shop", Offers: tt.offers}}}, opt)
			b := a.Categories[0]
			if b.Trimmed != tt.wantTrimmed || len(a.Outliers) != tt.wantTrimmed {
				t.Fatalf("trimmed %d (%d listed), want %d: %+v", b.Trimmed, len(a.Outliers), tt.wantTrimmed, a.Outliers)
			}
			for _, o := range a.Outliers {
				if !strings.Contains(o.Reason, tt.wantReason) {
					t.Errorf("reason %q, want it to say %q", o.Reason, tt.wantReason)
				}
			}
		})
	}
}

// TestNaturalBandsFallBackWithoutBands bands markets with one log-normal
// band, where there is nothing to find: they must get quantile cuts, not
// cuts at chance gaps.
func TestNaturalBandsFallBackWithoutBands(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	markets, fellBack := 0, 0
	for _, n := range []int{30, 60, 150, 400, 1000, 2000} {
		for _, sd := range []float64{0.2, 0.5, 0.9} {
			for rep := range 3 {
				median := math.Exp(3 + 5*r.Float64())
				var prices []string
				for range n {
					prices = append(prices, pricePoint(median*math.Exp(sd*r.NormFloat64())).String())
				}
				offers := offersAt("Kettles", prices...)
				b := Analyze(Market{Current: []Snapshot{{Competitor: "shop", Offers: offers}}}, DefaultOptions()).Categories[0]
				markets++
				if strings.HasPrefix(b.Note, "no clear price bands") {
					fellBack++
					continue
				}
				t.Logf("n %d, sd %.1f, rep %d: %q, cuts %s / %s, separation %.2f", n, sd, rep, b.Note, b.Cuts.Low, b.Cuts.High, b.Separation)
			}
		}
	}
	t.Logf("%d of %d single-band markets fell back to quantile cuts", fellBack, markets)
	// Small markets show chance gaps a valley test cannot tell from bands;
	// the cuts then still lie inside the market, near where tertiles would.
	if fellBack*4 < markets*3 {
		t.Errorf("only %d of %d single-band markets fell back to quantile cuts, want at least 75 %%", fellBack, markets)
	}
}

// TestSeparationForEveryMethod checks that every method reports how well
// its cuts fit, and that clear bands fit better than none.
func TestSeparationForEveryMethod(t *testing.T) {
	banded, _ := earphones()
	var flat []string
	for i := range 90 {
		flat = append(flat, fmt.Sprint(100+i*10))
	}
	fixed := map[string]CategoryOptions{"Earphones": {Cuts: [2]Amount{MustAmount("249"), MustAmount("1099")}}, "Kettles": {Cuts: [2]Amount{MustAmount("400"), MustAmount("700")}}}
	for _, m := range []Method{MethodNatural, MethodQuantile, MethodFixed, MethodJenks} {
		t.Run(string(m), func(t *testing.T) {
			opt := DefaultOptions()
			opt.Method, opt.Category = m, fixed
			sep := func(offers []Offer) float64 {
				b := Analyze(Market{Current: []Snapshot{{Competitor: "shop", Offers: offers}}}, opt).Categories[0]
				if !b.Tiered {
					t.Fatalf("not tiered: %s", b.Note)
				}
				return b.Separation
			}
			sb, sf := sep(banded), sep(offersAt("Kettles", flat...))
			if !(sb > 0 && sb <= 1 && sf > 0 && sf <= 1) {
				t.Errorf("separation %v (banded), %v (flat), want both in (0, 1]", sb, sf)
			}
			// Quantile and Jenks cuts on the prices themselves need not
			// follow bands, so only the band-seeking cuts must fit them
			// better.
			if (m == MethodNatural || m == MethodFixed) && sb <= sf {
				t.Errorf("separation of clear bands %.3f is not above that of an even spread %.3f", sb, sf)
			}
		})
	}
	b := Analyze(Market{Current: []Snapshot{{Competitor: "shop", Offers: offersAt("Kettles", "100", "200")}}}, DefaultOptions()).Categories[0]
	if b.Tiered || b.Separation != 0 {
		t.Errorf("untiered group: tiered %v, separation %v; want 0", b.Tiered, b.Separation)
	}
}

// Example_naturalBands shows the default tiers on a market of three
// price bands where we sell nothing in the top one.
func Example_naturalBands() {
	var offers []Offer
	for i, p := range []string{"49", "59", "69", "79", "99", "129", "149", "169", "199", // low band
		"299", "349", "399", "499", "599", "699", "799", "899", // mid band
		"1299", "1499", "1799", "1999", "2499", "2999", // high band
		"1", // a placeholder price
	} {
		offers = append(offers, Offer{Key: fmt.Sprint("e", i), Title: "Earphones ¥" + p, Category: "Earphones",
			Price: &Money{MustAmount(p), "CNY"}, Availability: InStock})
	}
	a := Analyze(Market{
		Current: []Snapshot{{Competitor: "shopA", Offers: offers}},
		Catalog: []CatalogItem{
			{SKU: "E1", Category: "Earphones", Price: Money{MustAmount("129"), "CNY"}},
			{SKU: "E2", Category: "Earphones", Price: Money{MustAmount("799"), "CNY"}},
		},
	}, DefaultOptions())
	b := a.Categories[0]
	fmt.Printf("%s (%s): low ≤ %s < mid ≤ %s < high, separation %.2f\n", b.Method, b.Note, b.Cuts.Low, b.Cuts.High, b.Separation)
	for _, o := range a.Outliers {
		fmt.Println("trimmed:", o.Reason)
	}
	for _, g := range a.Gaps {
		fmt.Println(g.Kind, g.Tier)
	}
	// Output:
	// natural (3 price bands): low ≤ 244.00 < mid ≤ 1081.00 < high, separation 0.90
	// trimmed: 1.00 CNY is below the lower fence 2.19 CNY (1/170 of the median 373.16 CNY)
	// assortment_gap high
}

// BenchmarkNaturalCuts times the banding of one category's offers: the log
// bins, the optimal breaks, the valley scan and the cut choice.
func BenchmarkNaturalCuts(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			r := rand.New(rand.NewPCG(uint64(n), 1))
			s := marketSpec{bands: []band{{49, 199}, {299, 899}, {1299, 2999}}, shares: []float64{0.5, 0.3, 0.2}, n: n, shops: 6, jitter: 0.05}
			g := generate(r, s)
			amts := make([]Amount, len(g.offers))
			for i, o := range g.offers {
				amts[i] = o.Price.Amount
			}
			slices.Sort(amts)
			var c1, c2 Amount
			for b.Loop() {
				c1, c2, _ = naturalCuts(amts, nil, [2]float64{1. / 3, 2. / 3}, 2)
			}
			if !cutsBetweenBands(Cuts{Low: c1, High: c2}, g.ranges) {
				b.Errorf("cuts %s / %s split a band of %v", c1, c2, g.ranges)
			}
		})
	}
}
