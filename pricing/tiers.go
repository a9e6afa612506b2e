package pricing

import (
	"cmp"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"sort"
)

// Cuts are a group's two cut points. Tier boundaries are
//
//	low  ≤ Low  <  mid  ≤ High  <  high
//
// so a price exactly on a cut belongs to the cheaper tier.
type Cuts struct {
	Currency string `json:"currency"`
	Low      Amount `json:"low"`  // the low/mid cut
	High     Amount `json:"high"` // the mid/high cut
}

// TierOf returns the tier of an amount in the cuts' currency.
func (c Cuts) TierOf(a Amount) Tier {
	switch {
	case a <= c.Low:
		return TierLow
	case a <= c.High:
		return TierMid
	}
	return TierHigh
}

// TierStats describe one tier of one group.
type TierStats struct {
	Tier Tier `json:"tier"`
	// Market is the number of market offers in the tier, Ours the number of
	// our catalog items.
	Market int `json:"market"`
	Ours   int `json:"ours"`
	// Min, Median and Max are over the tier's market offers (unweighted);
	// zero when Market is 0. Median interpolates between the middle two.
	Min    Amount `json:"min"`
	Median Amount `json:"median"`
	Max    Amount `json:"max"`
	// MarketPct is the tier's share of the group's market offers and OurPct
	// its share of our items in the group, in percent.
	MarketPct float64 `json:"market_pct"`
	OurPct    float64 `json:"our_pct"`
	// StaleOffers counts the tier's market offers from competitors in
	// Market.Stale.
	StaleOffers int `json:"stale_offers"`
}

// Summary compares our range with the market in one tier, in words: "12 %
// of our range is low-tier, 45 % of market offers are".
func (s TierStats) Summary() string {
	return fmt.Sprintf("%.0f %% of our range is %s-tier, %.0f %% of market offers are", s.OurPct, s.Tier, s.MarketPct)
}

// CategoryBands is the banded market of one group: a category, or a
// category and brand with GroupByCategoryBrand.
type CategoryBands struct {
	// Key names the group: the category, or "category | brand". It keys
	// Market.PrevCuts.
	Key      string `json:"key"`
	Category string `json:"category"`
	Brand    string `json:"brand,omitempty"`
	// Currency is what every amount of the group is in.
	Currency string `json:"currency"`
	Method   Method `json:"method"`
	// Weighted says the cuts were weighted by sales.
	Weighted bool `json:"weighted,omitempty"`
	// Tiered is false when the group got no tiers; Note says why.
	Tiered bool   `json:"tiered"`
	Note   string `json:"note,omitempty"`
	Cuts   Cuts   `json:"cuts"`
	// Offers is the number of market offers banded, after exclusions and
	// trimming; Min and Max are their range.
	Offers int    `json:"offers"`
	Min    Amount `json:"min"`
	Max    Amount `json:"max"`
	// Trimmed counts outliers left out before cutting, Excluded offers
	// left out for their currency.
	Trimmed  int `json:"trimmed"`
	Excluded int `json:"excluded"`
	// Ours counts our catalog items in the group whose price could be put
	// in the group's currency.
	Ours  int          `json:"ours"`
	Tiers [3]TierStats `json:"tiers"`
	// StaleOffers counts the banded offers from competitors in
	// Market.Stale; Stale is true when there is any, so the group's cuts
	// rest partly on data too old to trust.
	StaleOffers int  `json:"stale_offers"`
	Stale       bool `json:"stale"`
	// Separation says how clearly the market falls into the three bands:
	// the goodness of variance fit of the cuts on log prices, from 0 (no
	// structure) to 1 (three tight, well-apart bands). 0 when not tiered.
	Separation float64 `json:"separation"`
}

// TierOf returns the tier of an amount in the group's currency, or "" when
// the group has no tiers.
func (b CategoryBands) TierOf(a Amount) Tier {
	if !b.Tiered {
		return ""
	}
	return b.Cuts.TierOf(a)
}

// Outlier is a market offer left out of a group's bands, with the reason.
type Outlier struct {
	Competitor string `json:"competitor"`
	Key        string `json:"key"`
	Title      string `json:"title"`
	Category   string `json:"category"`
	// Price is the price as the shop showed it.
	Price  Money  `json:"price"`
	Reason string `json:"reason"`
}

// CutMove is a cut that moved more than Options.CutMovePct since last week.
type CutMove struct {
	Key      string `json:"key"`
	Category string `json:"category"`
	// Which is "low" for the low/mid cut and "high" for the mid/high cut.
	Which string `json:"which"`
	From  Money  `json:"from"`
	To    Money  `json:"to"`
	// Pct is the change in tenths of a percent (see PercentChange).
	Pct int64 `json:"pct"`
}

// group is the working state of one band.
type group struct {
	b       CategoryBands
	members []int // indexes into analyzer.cur
}

func tierIndex(t Tier) int {
	switch t {
	case TierLow:
		return 0
	case TierMid:
		return 1
	case TierHigh:
		return 2
	}
	return -1
}

// band groups Current's priced offers and cuts each group into tiers.
func (a *analyzer) band() {
	a.groups = map[string]*group{}
	get := func(category, brand string) *group {
		if a.opt.GroupBy != GroupByCategoryBrand {
			brand = ""
		}
		k := a.groupKey(category, brand)
		g := a.groups[k]
		if g == nil {
			g = &group{b: CategoryBands{Key: k, Category: category, Brand: brand}}
			a.groups[k] = g
		}
		return g
	}
	for i := range a.cur {
		l := &a.cur[i]
		if l.price == nil {
			continue
		}
		switch {
		case l.offer.Category == "":
			a.exclude(l, "no category")
		case l.price.Amount <= 0:
			a.exclude(l, "price is not positive")
		default:
			g := get(l.offer.Category, l.offer.Brand)
			g.members = append(g.members, i)
		}
	}
	for _, it := range a.m.Catalog {
		if it.Category != "" {
			get(it.Category, it.Brand)
		}
	}
	for _, k := range sortedKeys(a.groups) {
		a.bandGroup(a.groups[k])
	}
	sortOutliers(a.out.Outliers)
	sortOutliers(a.out.Excluded)
}

func (a *analyzer) exclude(l *listing, reason string) {
	a.out.Excluded = append(a.out.Excluded, outlierOf(l, reason))
}

func outlierOf(l *listing, reason string) Outlier {
	return Outlier{Competitor: l.competitor, Key: l.offer.Key, Title: l.offer.Title,
		Category: l.offer.Category, Price: *l.price, Reason: reason}
}

func sortOutliers(s []Outlier) {
	sort.SliceStable(s, func(i, j int) bool {
		if s[i].Category != s[j].Category {
			return s[i].Category < s[j].Category
		}
		if s[i].Competitor != s[j].Competitor {
			return s[i].Competitor < s[j].Competitor
		}
		return s[i].Key < s[j].Key
	})
}

// methodFor resolves the method settings of one category.
func (a *analyzer) methodFor(category string) (Method, [2]float64, [2]Amount) {
	m, q := a.opt.Method, a.opt.Quantiles
	co := a.opt.Category[category]
	if co.Method != "" {
		m = co.Method
	}
	if co.Quantiles != [2]float64{} {
		q = co.Quantiles
	}
	if m == "" {
		m = MethodNatural
	}
	return m, q, co.Cuts
}

type entry struct {
	amt Amount
	idx int // into analyzer.cur
}

func (a *analyzer) bandGroup(g *group) {
	b := &g.b
	digits := digitsOf(b.Currency)
	method, q, fixed := a.methodFor(b.Category)
	b.Method = method
	b.Currency = a.groupCurrency(g)

	entries := make([]entry, 0, len(g.members))
	for _, i := range g.members {
		l := &a.cur[i]
		amt, ok := a.fx.convert(l.price.Amount, l.price.Currency, b.Currency)
		if !ok {
			b.Excluded++
			if a.fx.enabled {
				a.exclude(l, fmt.Sprintf("no FX rate for %s", l.price.Currency))
			} else {
				a.exclude(l, fmt.Sprintf("priced in %s but the %s market is in %s and no FX rates are set", l.price.Currency, b.Key, b.Currency))
			}
			continue
		}
		entries = append(entries, entry{amt, i})
	}
	slices.SortFunc(entries, func(x, y entry) int {
		if c := cmp.Compare(x.amt, y.amt); c != 0 {
			return c
		}
		return cmp.Compare(x.idx, y.idx)
	})
	if method == MethodNatural {
		entries = a.trimLog(g, entries)
	} else {
		entries = a.trim(g, entries)
	}

	b.Offers = len(entries)
	for i := range b.Tiers {
		b.Tiers[i].Tier = Tiers[i]
	}
	for _, e := range entries {
		if a.stale(a.cur[e.idx].competitor) {
			b.StaleOffers++
		}
	}
	b.Stale = b.StaleOffers > 0
	if len(entries) == 0 {
		b.Note = "no market offers"
		return
	}
	amts := make([]Amount, len(entries))
	for i, e := range entries {
		amts[i] = e.amt
	}
	b.Min, b.Max = amts[0], amts[len(amts)-1]
	if len(entries) < a.opt.MinOffers {
		b.Note = fmt.Sprintf("only %d market offers (need %d)", len(entries), a.opt.MinOffers)
		return
	}
	var wts []int64
	if a.opt.WeightBySales {
		wts = a.salesWeights(entries)
		b.Weighted = wts != nil
	}

	var c1, c2 Amount
	switch method {
	case MethodQuantile:
		if msg := checkMethod(method, q, fixed, false); msg != "" {
			b.Note = msg
			return
		}
		n1, d1 := fraction(q[0])
		n2, d2 := fraction(q[1])
		if wts != nil {
			c1, c2 = weightedQuantile(amts, wts, n1, d1, digits), weightedQuantile(amts, wts, n2, d2, digits)
		} else {
			c1, c2 = quantile(amts, n1, d1, digits), quantile(amts, n2, d2, digits)
		}
	case MethodFixed:
		if msg := checkMethod(method, q, fixed, true); msg != "" {
			b.Note = msg
			return
		}
		c1, c2 = fixed[0], fixed[1]
	case MethodJenks:
		var ok bool
		c1, c2, ok = naturalBreaks(amts, wts)
		if !ok {
			b.Note = "fewer than 3 distinct prices for natural breaks"
			return
		}
	case MethodNatural:
		if msg := checkMethod(method, q, fixed, false); msg != "" {
			b.Note = msg
			return
		}
		c1, c2, b.Note = naturalCuts(amts, wts, q, digits)
	default:
		b.Note = checkMethod(method, q, fixed, false)
		return
	}
	b.Tiered = true
	b.Cuts = Cuts{Currency: b.Currency, Low: c1, High: c2}
	b.Separation = separation(amts, wts, b.Cuts)

	// amts is sorted, so each tier is a contiguous run.
	i1 := sort.Search(len(amts), func(i int) bool { return amts[i] > c1 })
	i2 := sort.Search(len(amts), func(i int) bool { return amts[i] > c2 })
	for t, run := range [3][]Amount{amts[:i1], amts[i1:i2], amts[i2:]} {
		s := &b.Tiers[t]
		s.Market = len(run)
		s.MarketPct = 100 * float64(len(run)) / float64(len(amts))
		if len(run) > 0 {
			s.Min, s.Max, s.Median = run[0], run[len(run)-1], quantile(run, 1, 2, digits)
		}
	}
	for i, e := range entries {
		if a.stale(a.cur[e.idx].competitor) {
			t := 2
			if i < i1 {
				t = 0
			} else if i < i2 {
				t = 1
			}
			b.Tiers[t].StaleOffers++
		}
	}
}

// groupCurrency is the currency a group reports in: Options.Currency with
// FX rates, else the currency most of its offers use (ties alphabetical),
// else the currency of our first item in it.
func (a *analyzer) groupCurrency(g *group) string {
	if a.fx.enabled {
		return a.opt.Currency
	}
	count := map[string]int{}
	for _, i := range g.members {
		count[a.cur[i].price.Currency]++
	}
	best, n := "", 0
	for _, c := range sortedKeys(count) {
		if count[c] > n {
			best, n = c, count[c]
		}
	}
	if best != "" {
		return best
	}
	for _, it := range a.m.Catalog {
		if a.groupKey(it.Category, a.brandOf(it.Brand)) == g.b.Key {
			return it.Price.Currency
		}
	}
	return a.opt.Currency
}

func (a *analyzer) brandOf(brand string) string {
	if a.opt.GroupBy == GroupByCategoryBrand {
		return brand
	}
	return ""
}

// trim drops the offers outside the IQR fences from sorted entries and
// reports them. Fences need at least four offers to mean anything.
func (a *analyzer) trim(g *group, entries []entry) []entry {
	n := len(entries)
	if !(a.opt.OutlierK > 0 && a.opt.OutlierK <= 1000) || n < 4 || n < a.opt.MinOffers {
		return entries
	}
	amts := make([]Amount, n)
	for i, e := range entries {
		amts[i] = e.amt
	}
	q1, q3 := quantile(amts, 1, 4, digitsOf(g.b.Currency)), quantile(amts, 3, 4, digitsOf(g.b.Currency))
	kn, kd := fraction(a.opt.OutlierK)
	f, ok := mulDivRound(int64(q3-q1), kn, kd)
	if !ok {
		return entries
	}
	lo, hi := q1-Amount(f), q3+Amount(f)
	first := sort.Search(n, func(i int) bool { return amts[i] >= lo })
	last := sort.Search(n, func(i int) bool { return amts[i] > hi })
	cur := g.b.Currency
	for _, e := range entries[:first] {
		a.out.Outliers = append(a.out.Outliers, outlierOf(&a.cur[e.idx],
			fmt.Sprintf("%s is below the lower fence %s (Q1 %s − %g×IQR)", Money{e.amt, cur}, Money{lo, cur}, Money{q1, cur}, a.opt.OutlierK)))
	}
	for _, e := range entries[last:] {
		a.out.Outliers = append(a.out.Outliers, outlierOf(&a.cur[e.idx],
			fmt.Sprintf("%s is above the upper fence %s (Q3 %s + %g×IQR)", Money{e.amt, cur}, Money{hi, cur}, Money{q3, cur}, a.opt.OutlierK)))
	}
	g.b.Trimmed = first + n - last
	return entries[first:last]
}

// salesWeights returns each entry's weight: its shown sales (negative counts
// as 0, and counts are capped at 2^40 so sums of millions of offers cannot
// overflow), or for offers that show none the median of the shown sales in
// the group, or 1 when no offer shows any. It returns nil when all weights
// are zero, so the caller falls back to counting offers.
func (a *analyzer) salesWeights(entries []entry) []int64 {
	var shown []int64
	for _, e := range entries {
		if s := a.cur[e.idx].offer.Sales; s != nil {
			shown = append(shown, min(max(*s, 0), maxWeight))
		}
	}
	fill := int64(1)
	if len(shown) > 0 {
		sort.Slice(shown, func(i, j int) bool { return shown[i] < shown[j] })
		fill = shown[(len(shown)-1)/2]
	}
	wts := make([]int64, len(entries))
	var total int64
	for i, e := range entries {
		w := fill
		if s := a.cur[e.idx].offer.Sales; s != nil {
			w = min(max(*s, 0), maxWeight)
		}
		wts[i] = w
		total += w
	}
	if total <= 0 {
		return nil
	}
	return wts
}

const maxWeight = 1 << 40

// quantile returns the num/den quantile of sorted xs by linear
// interpolation between closest ranks (Hyndman & Fan type 7, as R and
// NumPy default to). A quantile that falls on a value is that value; one
// between two values is computed exactly and rounded half away from zero to
// digits decimals (the currency's minor unit), so a yen median is whole
// yen and a dinar median keeps its fils. It returns 0 for no values.
func quantile(xs []Amount, num, den int64, digits int) Amount {
	n := int64(len(xs))
	if n == 0 {
		return 0
	}
	h := (n - 1) * num
	i, r := h/den, h%den
	if i >= n-1 {
		return xs[n-1]
	}
	if r == 0 {
		return xs[i]
	}
	// xs[i] + (xs[i+1]-xs[i])·r/den as one fraction, so it is rounded once.
	v := new(big.Int).Mul(big.NewInt(int64(xs[i])), big.NewInt(den))
	v.Add(v, new(big.Int).Mul(new(big.Int).Sub(big.NewInt(int64(xs[i+1])), big.NewInt(int64(xs[i]))), big.NewInt(r)))
	q, ok := roundRat(new(big.Rat).SetFrac(v, big.NewInt(den)), digits)
	if !ok { // unreachable for sorted input: the result lies between two Amounts
		return xs[i]
	}
	// Rounding to whole yen may step past a neighbour written with
	// decimals the currency does not have; the quantile stays between them.
	return min(max(q, xs[i]), xs[i+1])
}

// weightedQuantile returns the smallest x of sorted xs whose cumulative
// weight reaches num/den of the total (the lower weighted quantile; weights
// do not interpolate meaningfully). Weights must not be negative.
func weightedQuantile(xs []Amount, ws []int64, num, den int64, digits int) Amount {
	var total uint64
	for _, w := range ws {
		total += uint64(w)
	}
	if total == 0 || len(xs) == 0 {
		return quantile(xs, num, den, digits)
	}
	thi, tlo := bits.Mul64(uint64(num), total)
	var cum uint64
	for i, w := range ws {
		cum += uint64(w)
		hi, lo := bits.Mul64(cum, uint64(den))
		if hi > thi || hi == thi && lo >= tlo {
			return xs[i]
		}
	}
	return xs[len(xs)-1]
}

// naturalBreaks returns the two cuts of the optimal three natural classes
// of sorted xs: Jenks' natural breaks, the split into contiguous classes
// with the least total within-class squared deviation. It works on the
// distinct prices, each weighted by its count (or by the summed weights ws),
// and finds the exact optimum with optimalBreaks in O(m log m) for m
// distinct prices. Each cut is the largest price of the lower class. ok is
// false with fewer than three distinct prices.
//
// The deviations are a score, not money, so they are float64, centred on
// the first price to keep the prefix sums precise; the cuts are prices
// from xs, exact.
func naturalBreaks(xs []Amount, ws []int64) (c1, c2 Amount, ok bool) {
	var vals []Amount
	var wts []float64
	for i, x := range xs {
		w := 1.0
		if ws != nil {
			w = float64(ws[i])
		}
		if n := len(vals); n > 0 && vals[n-1] == x {
			wts[n-1] += w
			continue
		}
		vals = append(vals, x)
		wts = append(wts, w)
	}
	if len(vals) < 3 {
		return 0, 0, false
	}
	m := len(vals)
	sw := make([]float64, m+1)
	s1 := make([]float64, m+1)
	s2 := make([]float64, m+1)
	for i, v := range vals {
		x, w := float64(v-vals[0]), wts[i]
		sw[i+1], s1[i+1], s2[i+1] = sw[i]+w, s1[i]+w*x, s2[i]+w*x*x
	}
	b1, b2, _ := optimalBreaks(sw, s1, s2)
	return vals[b1-1], vals[b2-1], true
}

// optimalBreaks splits m values, given as prefix sums of weight, weight·x
// and weight·x² (each of length m+1), into three contiguous non-empty
// classes with the least total squared deviation. The second class starts
// at value b1, the third at b2. ok is false for fewer than three values.
//
// It finds the exact optimum by dynamic programming in O(m log m): the best
// start of the second class never moves left as the first two classes
// grow, so divide and conquer over that monotone choice replaces Fisher and
// Jenks' O(k·m²) table.
func optimalBreaks(sw, s1, s2 []float64) (b1, b2 int, ok bool) {
	m := len(sw) - 1
	if m < 3 {
		return 0, 0, false
	}
	// sse is the squared deviation of values [lo, hi).
	sse := func(lo, hi int) float64 {
		return sseOfSums(sw[hi]-sw[lo], s1[hi]-s1[lo], s2[hi]-s2[lo])
	}
	// two[j] is the least cost of splitting [0, j) into two classes, and
	// split[j] where the second class starts; j runs over 2..m-1.
	two := make([]float64, m)
	split := make([]int, m)
	var solve func(lo, hi, optLo, optHi int)
	solve = func(lo, hi, optLo, optHi int) {
		for lo <= hi {
			mid := (lo + hi) / 2
			best, bi := math.Inf(1), optLo
			for i := optLo; i <= min(mid-1, optHi); i++ {
				if c := sse(0, i) + sse(i, mid); c < best {
					best, bi = c, i
				}
			}
			two[mid], split[mid] = best, bi
			solve(lo, mid-1, optLo, bi)
			lo, optLo = mid+1, bi // the right half, without recursing
		}
	}
	solve(2, m-1, 1, m-2)
	best := math.Inf(1)
	b2 = 2
	for j := 2; j <= m-1; j++ {
		if c := two[j] + sse(j, m); c < best {
			best, b2 = c, j
		}
	}
	return split[b2], b2, true
}

// cutMoves compares each group's cuts with last week's. Cuts in another
// currency than last week's are not compared (a changed reporting currency
// is a configuration change, not a market move); a Cuts value with an
// empty Currency is taken to be in the group's currency.
func (a *analyzer) cutMoves() {
	thr := int64(a.opt.CutMovePct*10 + 0.5)
	for _, b := range a.out.Categories {
		prev, ok := a.m.PrevCuts[b.Key]
		if !ok || !b.Tiered || prev.Currency != "" && prev.Currency != b.Currency {
			continue
		}
		for _, c := range [...]struct {
			which    string
			from, to Amount
		}{{"low", prev.Low, b.Cuts.Low}, {"high", prev.High, b.Cuts.High}} {
			pct := PercentChange(c.from, c.to)
			if abs(pct) > thr {
				a.out.CutMoves = append(a.out.CutMoves, CutMove{Key: b.Key, Category: b.Category, Which: c.which,
					From: Money{c.from, b.Currency}, To: Money{c.to, b.Currency}, Pct: pct})
			}
		}
	}
}
