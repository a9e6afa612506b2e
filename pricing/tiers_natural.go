package pricing

import (
	"fmt"
	"math"
	"slices"
	"sort"
)

// maxBins bounds the classes the optimal-breaks search works on: beyond it,
// log prices are gathered into equally wide bins (2,000 bins of a ¥10–¥10,000
// market are 0.35 % wide), keeping the exact sums of each bin so the
// squared deviations stay exact and only the places a cut can fall are
// coarser.
const maxBins = 2000

// Trimming and valley settings of MethodNatural; see MethodNatural.
const (
	logFenceSDs   = 3.0  // robust standard deviations of log price
	logFenceRatio = 10.0 // the fence is never closer to the median than this factor
	isolatedRatio = 8.0  // a gap this wide cuts a handful of prices off the market
	trimShare     = 0.05 // at most this share of offers is trimmed per side
	minTrim       = 2    // ... or this many
	// valleyFlank is the fewest offers each side of a valley must show
	// beyond the dip, so that a gap between two lone prices is no valley.
	valleyFlank = 3
	// minBandShare is the least share of offers each side of a scanned
	// valley must hold, so that the thin tail of a single band is not cut
	// off as a band of its own.
	minBandShare = 0.05
	// minBreakWidth is the narrowest gap, in log price, that can stand out
	// on its own (a 5 % step), and breakWidthShare the least share of the
	// widest such gap it must reach: steps between round price points
	// (¥99, ¥109, ¥119) are up to 10 % wide and can look like band gaps
	// locally, but they are narrower than the gaps between real bands.
	minBreakWidth   = 0.05
	breakWidthShare = 0.25
	// prominenceGaps is how many neighbouring gaps on each side a break
	// is compared with.
	prominenceGaps = 3
)

// valleyScales are the window widths, in log price, at which valleys are
// also looked for besides the gap itself: bands blurred by shop price
// differences meet in a sparse stretch rather than an empty one.
var valleyScales = [...]float64{0.05, 0.1, 0.2, 0.4}

// trimLog drops extreme outliers on the log scale from sorted entries and
// reports them; see MethodNatural. Like trim it needs at least four offers
// and MinOffers, and OutlierK <= 0 turns it off.
func (a *analyzer) trimLog(g *group, entries []entry) []entry {
	n := len(entries)
	if !(a.opt.OutlierK > 0 && a.opt.OutlierK <= 1000) || n < 4 || n < a.opt.MinOffers {
		return entries
	}
	xs := make([]float64, n)
	for i, e := range entries {
		xs[i] = math.Log(float64(e.amt))
	}
	med := medianOf(xs)
	dev := make([]float64, n)
	for i, x := range xs {
		dev[i] = math.Abs(x - med)
	}
	slices.Sort(dev)
	// 1.4826·MAD estimates the standard deviation of normal data without
	// being moved by the outliers themselves.
	half := max(logFenceSDs*1.4826*medianOf(dev), math.Log(logFenceRatio))
	limit := max(minTrim, int(trimShare*float64(n)))

	// Each side widens its fence (2×, 4×, ... the distance) until what lies
	// beyond is a handful: absurd prices go even when a real far band
	// stays.
	first, lo := 0, med
	for k := 1.0; ; k *= 2 {
		lo = med - k*half
		first = sort.SearchFloat64s(xs, lo)
		if first <= limit {
			break
		}
	}
	last, hi := n, med
	for k := 1.0; ; k *= 2 {
		hi = med + k*half
		last = sort.Search(n, func(i int) bool { return xs[i] > hi })
		if n-last <= limit {
			break
		}
	}
	// Within the same handful, a price cut off from the rest of the market
	// by an isolatedRatio gap goes too, with those beyond it: the fence of
	// a market of several bands is wide, and ¥1 below a ¥40–¥8,000 market
	// is still a placeholder, not a band.
	isolated := math.Log(isolatedRatio)
	lowIso, highIso := first, last
	for i := first; i < min(limit, n-1); i++ {
		if xs[i+1]-xs[i] >= isolated {
			lowIso = i + 1
		}
	}
	for i := last - 1; i > max(n-1-limit, lowIso); i-- {
		if xs[i]-xs[i-1] >= isolated {
			highIso = i
		}
	}
	cur := g.b.Currency
	// Fences and medians of log prices are derived amounts: in the
	// currency's own decimals, like the prices beside them.
	digits := digitsOf(cur)
	median := Money{logAmount(med).Round(digits), cur}
	for i, e := range entries[:lowIso] {
		reason := fmt.Sprintf("%s is below the lower fence %s (1/%.0f of the median %s)", Money{e.amt, cur}, Money{logAmount(lo).Round(digits), cur}, math.Exp(med-lo), median)
		if i >= first {
			next := entries[lowIso].amt
			reason = fmt.Sprintf("%s is isolated below the market: the next price up, %s, is %.0f× higher", Money{e.amt, cur}, Money{next, cur}, float64(next)/float64(e.amt))
		}
		a.out.Outliers = append(a.out.Outliers, outlierOf(&a.cur[e.idx], reason))
	}
	for i, e := range entries[highIso:] {
		reason := fmt.Sprintf("%s is above the upper fence %s (%.0f× the median %s)", Money{e.amt, cur}, Money{logAmount(hi).Round(digits), cur}, math.Exp(hi-med), median)
		if highIso+i < last {
			prev := entries[highIso-1].amt
			reason = fmt.Sprintf("%s is isolated above the market: the next price down, %s, is %.0f× lower", Money{e.amt, cur}, Money{prev, cur}, float64(e.amt)/float64(prev))
		}
		a.out.Outliers = append(a.out.Outliers, outlierOf(&a.cur[e.idx], reason))
	}
	first, last = lowIso, highIso
	g.b.Trimmed = first + n - last
	return entries[first:last]
}

// logAmount turns a log price back into an amount, rounded to Amount's
// ten-thousandth and kept within Amount's range.
func logAmount(x float64) Amount {
	v := math.Round(math.Exp(x))
	if v >= math.MaxInt64/2 {
		return math.MaxInt64 / 2
	}
	return Amount(v)
}

// medianOf returns the median of sorted xs, or 0 for none.
func medianOf(xs []float64) float64 {
	n := len(xs)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// logBin is a run of neighbouring prices the breaks search treats as one
// class member: offers first..last of the sorted prices.
type logBin struct {
	first, last int
}

// logClasses holds sorted log prices, their bins and prefix sums over the
// bins for squared deviations in O(1).
type logClasses struct {
	xs   []float64 // log prices, sorted
	bins []logBin
	// sw, s1, s2 are prefix sums over bins of weight, weight·x and
	// weight·x², with x centred on the smallest log price to keep them
	// precise.
	sw, s1, s2 []float64
}

// newLogClasses bins sorted amounts: one bin per distinct price, or, with
// more than maxBins of them, maxBins bins of equal log width. ws are the
// weights (nil for one per offer).
func newLogClasses(amts []Amount, ws []int64) *logClasses {
	n := len(amts)
	c := &logClasses{xs: make([]float64, n)}
	for i, a := range amts {
		c.xs[i] = math.Log(float64(a))
	}
	distinct := 0
	for i := range amts {
		if i == 0 || amts[i] != amts[i-1] {
			distinct++
		}
	}
	x0 := c.xs[0]
	width := 0.0
	if distinct > maxBins {
		width = (c.xs[n-1] - x0) / maxBins
	}
	key := func(i int) int {
		if width == 0 {
			return -1
		}
		return min(int((c.xs[i]-x0)/width), maxBins-1)
	}
	for i := range amts {
		switch {
		case i == 0,
			width == 0 && amts[i] != amts[i-1],
			width != 0 && key(i) != key(i-1):
			c.bins = append(c.bins, logBin{first: i, last: i})
		default:
			c.bins[len(c.bins)-1].last = i
		}
	}
	m := len(c.bins)
	c.sw, c.s1, c.s2 = make([]float64, m+1), make([]float64, m+1), make([]float64, m+1)
	for j, b := range c.bins {
		var w, s1, s2 float64
		for i := b.first; i <= b.last; i++ {
			wi := 1.0
			if ws != nil {
				wi = float64(ws[i])
			}
			x := c.xs[i] - x0
			w, s1, s2 = w+wi, s1+wi*x, s2+wi*x*x
		}
		c.sw[j+1], c.s1[j+1], c.s2[j+1] = c.sw[j]+w, c.s1[j]+s1, c.s2[j]+s2
	}
	return c
}

// sse is the weighted squared deviation of the log prices in bins [lo, hi).
func (c *logClasses) sse(lo, hi int) float64 {
	return sseOfSums(c.sw[hi]-c.sw[lo], c.s1[hi]-c.s1[lo], c.s2[hi]-c.s2[lo])
}

func sseOfSums(w, s1, s2 float64) float64 {
	if w <= 0 {
		return 0
	}
	return max(s2-s1*s1/w, 0)
}

// cost is the squared deviation of the three classes split before bins i
// and j, i < j.
func (c *logClasses) cost(i, j int) float64 {
	m := len(c.bins)
	return c.sse(0, i) + c.sse(i, j) + c.sse(j, m)
}

// cutAt is the cut of a split before bin j: the geometric middle of the
// gap between the prices either side, rounded to a whole unit where that
// stays in the gap. A price that falls into the gap later (a new listing,
// our own item) then goes to the band it is nearer by ratio, and one
// listing moving at a band's edge moves the cut by half as much.
func (c *logClasses) cutAt(amts []Amount, j, digits int) Amount {
	lo, hi := amts[c.bins[j-1].last], amts[c.bins[j].first]
	mid := logAmount((c.xs[c.bins[j-1].last] + c.xs[c.bins[j].first]) / 2)
	if whole := mid.Round(0); whole >= lo && whole < hi {
		return whole
	}
	// Else the currency's own precision, just below the higher price.
	step := Amount(pow10(AmountDigits - digits))
	if hi-lo <= step {
		step = 1 // prices written finer than the currency: Amount's own step
	}
	return min(max(mid.Round(digits), lo), hi-step)
}

// gap returns the log prices either side of the split before bin j.
func (c *logClasses) gap(j int) (lo, hi float64) {
	return c.xs[c.bins[j-1].last], c.xs[c.bins[j].first]
}

// count returns the number of offers with from <= log price < to.
func (c *logClasses) count(from, to float64) int {
	return sort.SearchFloat64s(c.xs, to) - sort.SearchFloat64s(c.xs, from)
}

// flanks counts the offers within one gap width below and above the split
// before bin j, the prices next to the gap included: how many offers the
// gap would hold if the market were as dense there as beside it.
func (c *logClasses) flanks(j int) int {
	lo, hi := c.gap(j)
	w := hi - lo
	return min(c.count(lo-w, math.Nextafter(lo, math.Inf(1))), c.count(hi, hi+w))
}

// prominence compares the gap at the split before bin j with the widest
// of the prominenceGaps nearest gaps between neighbouring prices within
// one gap width of it on each side: the ratio to the narrower of the two
// widest (+Inf when a side has none), and the ratio to the wider of them.
// Shops price at round points (¥19, ¥29, ¥39; ¥9,999 then ¥10,999), and
// the gaps between such points are empty too, but they come in runs of
// similar width; the gap between two bands is wider than the gaps around
// it.
func (c *logClasses) prominence(j int) (toNarrower, toWider float64) {
	lo, hi := c.gap(j)
	w := hi - lo
	left, right := 0.0, 0.0
	for i := j - 1; i >= max(1, j-prominenceGaps); i-- {
		l, h := c.gap(i)
		if h < lo-w {
			break
		}
		left = max(left, h-l)
	}
	for i := j + 1; i < min(len(c.bins), j+1+prominenceGaps); i++ {
		l, h := c.gap(i)
		if l > hi+w {
			break
		}
		right = max(right, h-l)
	}
	ratio := func(d float64) float64 {
		if d > 0 {
			return w / d
		}
		return math.Inf(1)
	}
	return ratio(min(left, right)), ratio(max(left, right))
}

// dip is the evidence for a sparse stretch, rather than an empty gap, at
// the split before bin j: for each of valleyScales wider than the gap, a
// window centred on it is compared with equally wide windows either side,
// and the evidence is the smaller side count less three times the centre
// count, when both sides span at least valleyFlank distinct prices (so
// that the spaces between round price points are no dips). It returns the
// best over the windows, or -Inf.
func (c *logClasses) dip(j int) float64 {
	lo, hi := c.gap(j)
	mid := (lo + hi) / 2
	best := math.Inf(-1)
	for _, w := range valleyScales {
		if w <= hi-lo {
			continue
		}
		a, b := mid-w/2, mid+w/2
		centre, left, right := c.count(a, b), c.count(a-w, a), c.count(b, b+w)
		side := min(left, right)
		if 3*centre > side || c.distinct(a-w, a) < valleyFlank || c.distinct(b, b+w) < valleyFlank {
			continue
		}
		best = max(best, float64(side-3*centre))
	}
	return best
}

// distinct returns the number of bins with an offer whose log price is in
// [from, to).
func (c *logClasses) distinct(from, to float64) int {
	i, k := sort.SearchFloat64s(c.xs, from), sort.SearchFloat64s(c.xs, to)
	if i >= k {
		return 0
	}
	return c.binOf(k-1) - c.binOf(i) + 1
}

// binOf returns the bin of offer i.
func (c *logClasses) binOf(i int) int {
	return sort.Search(len(c.bins), func(b int) bool { return c.bins[b].last >= i })
}

// strongBreak says whether the split before bin j is a valley that stands
// out among all the gaps of the market: an empty gap, wider than its
// neighbours, where the market beside it would put at least valleyFlank
// offers plus the log of the number of offers (the largest chance gap
// among n offers grows like log n), with at least minBandShare of the
// offers on either side.
func (c *logClasses) strongBreak(j int) bool {
	n := len(c.xs)
	minSide := max(valleyFlank, int(math.Ceil(minBandShare*float64(n))))
	if c.bins[j].first < minSide || n-c.bins[j].first < minSide {
		return false
	}
	if c.width(j) < minBreakWidth {
		return false
	}
	_, toWider := c.prominence(j)
	return float64(c.flanks(j)) >= valleyFlank+math.Log(float64(n))/2 && toWider >= 2
}

// weakBreak says whether a split sits in a valley, without the bar for
// standing out among all gaps: a gapBreak or a dip.
func (c *logClasses) weakBreak(j int) bool {
	return c.gapBreak(j) || c.dip(j) >= valleyFlank
}

// gapBreak says whether the split before bin j is an empty gap somewhat
// wider than the gaps on both sides, with valleyFlank-1 offers beside it.
func (c *logClasses) gapBreak(j int) bool {
	_, toWider := c.prominence(j)
	return c.flanks(j) >= valleyFlank-1 && toWider >= 1.5
}

// width is the log width of the gap at the split before bin j: how far
// apart, by ratio, the prices either side are.
func (c *logClasses) width(j int) float64 {
	lo, hi := c.gap(j)
	return hi - lo
}

// naturalCuts places MethodNatural's cuts on sorted amounts; see
// MethodNatural. q are the quantile cuts to fall back on; note says how the
// cuts were found.
func naturalCuts(amts []Amount, ws []int64, q [2]float64, digits int) (c1, c2 Amount, note string) {
	quantileCuts := func() (Amount, Amount) {
		n1, d1 := fraction(q[0])
		n2, d2 := fraction(q[1])
		if ws != nil {
			return weightedQuantile(amts, ws, n1, d1, digits), weightedQuantile(amts, ws, n2, d2, digits)
		}
		return quantile(amts, n1, d1, digits), quantile(amts, n2, d2, digits)
	}
	c := newLogClasses(amts, ws)
	m := len(c.bins)
	if m < 3 {
		c1, c2 = quantileCuts()
		return c1, c2, "fewer than 3 distinct prices: quantile cuts"
	}
	cuts := func(i, j int) (Amount, Amount) { return c.cutAt(amts, i, digits), c.cutAt(amts, j, digits) }
	// bestWith returns the split that best completes split k.
	bestWith := func(k int) int {
		best, other := math.Inf(1), 0
		for j := 1; j < m; j++ {
			if j != k {
				if cost := c.cost(min(j, k), max(j, k)); cost < best {
					best, other = cost, j
				}
			}
		}
		return other
	}
	split := func(k, other int) string {
		if other < k {
			return "2 price bands: the lower band is split in two"
		}
		return "2 price bands: the upper band is split in two"
	}

	var strong []int
	widest := 0.0
	for j := 1; j < m; j++ {
		if c.strongBreak(j) {
			strong = append(strong, j)
			widest = max(widest, c.width(j))
		}
	}
	strong = slices.DeleteFunc(strong, func(j int) bool { return c.width(j) < breakWidthShare*widest })
	switch len(strong) {
	case 0:
		// No break stands out on its own: trust the optimal classes where
		// they cut in a valley.
		b1, b2, _ := optimalBreaks(c.sw, c.s1, c.s2)
		switch w1, w2 := c.weakBreak(b1), c.weakBreak(b2); {
		case w1 && w2:
			c1, c2 = cuts(b1, b2)
			return c1, c2, "3 price bands"
		case w1:
			c1, c2 = cuts(b1, b2)
			return c1, c2, split(b1, b2)
		case w2:
			c1, c2 = cuts(b1, b2)
			return c1, c2, split(b2, b1)
		}
		c1, c2 = quantileCuts()
		return c1, c2, "no clear price bands: quantile cuts"
	case 1:
		// One clear break: the other cut goes to the widest weaker
		// valley, or else wherever fits best.
		k, n := strong[0], len(c.xs)
		other, widest := 0, -1.0
		for j := 1; j < m; j++ {
			if j == k || c.bins[j].first < valleyFlank || n-c.bins[j].first < valleyFlank {
				continue
			}
			if w := c.width(j); w > widest && c.weakBreak(j) {
				other, widest = j, w
			}
		}
		if other != 0 {
			c1, c2 = cuts(min(k, other), max(k, other))
			return c1, c2, "3 price bands"
		}
		other = bestWith(k)
		c1, c2 = cuts(min(k, other), max(k, other))
		return c1, c2, split(k, other)
	}
	// Several clear breaks. Gaps between round price points in a dense
	// band can stand out too, but they are narrower than band gaps: the
	// candidates are the clear breaks and the empty gaps wider than the
	// gaps on one side (a band of a few models sits in tight clusters),
	// at least breakWidthShare as wide as the widest clear break, and the
	// cuts the pair of them, one clear at least, that fits best.
	isStrong := map[int]bool{}
	for _, j := range strong {
		isStrong[j] = true
	}
	var cands []int
	for j := 1; j < m; j++ {
		if c.width(j) < breakWidthShare*widest {
			continue
		}
		if toNarrower, _ := c.prominence(j); isStrong[j] || c.flanks(j) >= valleyFlank-1 && toNarrower >= 1.5 {
			cands = append(cands, j)
		}
	}
	best, bi, bj := math.Inf(1), 0, 0
	for x, i := range cands {
		for _, j := range cands[x+1:] {
			if !isStrong[i] && !isStrong[j] {
				continue
			}
			if cost := c.cost(i, j); cost < best {
				best, bi, bj = cost, i, j
			}
		}
	}
	note = "3 price bands"
	if len(cands) > 2 {
		note = fmt.Sprintf("%d price bands: cut at the 2 breaks that fit best", len(cands)+1)
	}
	c1, c2 = cuts(bi, bj)
	return c1, c2, note
}

// separation is the goodness of variance fit of cuts on sorted amounts, on
// log prices and weighted by ws (nil for one per offer): 1 less the
// within-tier squared deviation over the total. It is 0 when all prices are
// equal.
func separation(amts []Amount, ws []int64, cuts Cuts) float64 {
	if len(amts) == 0 {
		return 0
	}
	x0 := math.Log(float64(amts[0]))
	var tot [3]float64      // weight, weight·x, weight·x²
	var parts [3][3]float64 // the same per tier
	for i, a := range amts {
		w := 1.0
		if ws != nil {
			w = float64(ws[i])
		}
		x := math.Log(float64(a)) - x0
		t := tierIndex(cuts.TierOf(a))
		for k, v := range [3]float64{w, w * x, w * x * x} {
			tot[k] += v
			parts[t][k] += v
		}
	}
	total := sseOfSums(tot[0], tot[1], tot[2])
	if total <= 0 {
		return 0
	}
	var within float64
	for _, p := range parts {
		within += sseOfSums(p[0], p[1], p[2])
	}
	return min(max(1-within/total, 0), 1)
}
