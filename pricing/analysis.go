package pricing

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"sort"
	"strings"
	"time"
)

// Snapshot is what one successful crawl run of one competitor observed.
type Snapshot struct {
	Competitor string    `json:"competitor"`
	RunID      int64     `json:"run_id"`
	At         time.Time `json:"at"`
	Offers     []Offer   `json:"offers"`
}

// Market is everything Analyze looks at. The caller picks the runs (usable
// runs only: succeeded and not suspect, see CheckRun) and the matches.
type Market struct {
	// Current holds the latest usable run per competitor.
	Current []Snapshot
	// Previous holds the usable run before it, per competitor; it may lack
	// some competitors, which then produce no changes.
	Previous []Snapshot
	Catalog  []CatalogItem
	// Matches pair our items with competitor listings (confirmed and
	// automatic matches only; rejected ones are the caller's to drop).
	Matches []Match
	// PrevCuts holds last week's cut points by CategoryBands.Key; optional.
	PrevCuts map[string]Cuts
	// Now is the moment the analysis is as of (the end of the report's
	// window), against which Analysis.Freshness ages each snapshot. The
	// zero time leaves ages zero. Pricing keeps no clock: the caller says
	// when "now" is.
	Now time.Time
	// Stale names the competitors whose latest usable run is too old to
	// trust (the caller decides how old, e.g. the config's stale_after).
	// Their offers are still analysed, since an old price beats no price,
	// but everything they feed is marked: CategoryBands.StaleOffers,
	// TierStats.StaleOffers, MatchedListing.Stale, Position.Stale,
	// Gap.Stale and Change.Stale.
	Stale map[string]bool
}

// Freshness is how old one competitor's data is: the snapshot Analyze used
// for it and its age at Market.Now.
type Freshness struct {
	Competitor string    `json:"competitor"`
	RunID      int64     `json:"run_id"`
	LastRun    time.Time `json:"last_run"`
	// Age is Market.Now minus LastRun; zero when either is unknown or the
	// run is dated after Now.
	Age   time.Duration `json:"age"`
	Stale bool          `json:"stale"`
}

// Method is how a category's market is cut into tiers.
type Method string

// The banding methods.
const (
	// MethodNatural, the default, finds the market's own price bands. Prices
	// are compared by ratio, not difference (¥49 and ¥99 are as far apart as
	// ¥1,000 and ¥2,020), so everything below works on log prices:
	//
	//   - Trimming drops only extreme outliers: prices more than max(3 robust
	//     standard deviations, 10×) from the median log price, or cut off
	//     from the rest by an 8× gap, and only while they are a handful (at
	//     most 5 % of the offers, or 2, on each side). A far-off tail with
	//     more offers than that is a band, and no trimming can remove it.
	//   - A cut goes in a valley: an empty gap wider than the gaps around it
	//     with offers dense on both sides, or a sparse stretch between two
	//     dense ones. Clear valleys are found by scanning every gap (the bar
	//     grows with the log of the number of offers, and steps between
	//     round price points do not count); among several, the pair that
	//     gives the least within-class squared deviation wins (weighted by
	//     sales with WeightBySales). Without a clear valley, Fisher and
	//     Jenks' optimal three classes are used where they cut in a valley.
	//   - A market of two bands still gets three tiers: the larger band is
	//     split at its own natural point. A market without bands gets the
	//     quantile cuts (Quantiles, tertiles by default). CategoryBands.Note
	//     says which case applied.
	//   - Each cut lies in the middle (by ratio) of its gap, so a price that
	//     falls in the gap later goes to the nearer band.
	MethodNatural Method = "natural"
	// MethodQuantile cuts at market quantiles (tertiles by default).
	MethodQuantile Method = "quantile"
	// MethodFixed cuts at amounts given in the configuration.
	MethodFixed Method = "fixed"
	// MethodJenks cuts at natural breaks of the prices themselves (not
	// their logs): the split into three classes with the least within-class
	// squared deviation, found exactly on the distinct prices weighted by
	// how many offers (or sales) sit at each, after the IQR trimming of
	// OutlierK. MethodNatural is the better choice for most markets.
	MethodJenks Method = "jenks"
)

// GroupBy says what one band covers.
type GroupBy string

// The groupings.
const (
	GroupByCategory      GroupBy = "category"
	GroupByCategoryBrand GroupBy = "category+brand"
)

// CategoryOptions override Options for one category (by Offer.Category and
// CatalogItem.Category). Zero fields inherit from Options.
type CategoryOptions struct {
	Method Method `json:"method,omitempty"`
	// Quantiles are the two quantile cut points for MethodQuantile.
	Quantiles [2]float64 `json:"quantiles,omitempty"`
	// Cuts are the low/mid and mid/high cut amounts for MethodFixed, in the
	// category's reporting currency.
	Cuts [2]Amount `json:"cuts,omitempty"`
}

// Options tune Analyze. Start from DefaultOptions.
type Options struct {
	// Method is how every category is banded unless Category overrides it;
	// "" means MethodNatural.
	Method Method
	// Quantiles are the cut points of MethodQuantile, and of MethodNatural
	// in a market without bands, 0 < q1 <= q2 < 1.
	// They are probabilities, not money; values within 1e-9 of a fraction
	// with a denominator up to 100 (1/3, 0.25) are taken as that fraction
	// exactly.
	Quantiles [2]float64
	// Category overrides the method per category name.
	Category map[string]CategoryOptions
	GroupBy  GroupBy
	// MinOffers is the fewest market offers (after trimming outliers) a
	// group needs to get tiers.
	MinOffers int
	// OutlierK is the IQR fence multiplier of MethodQuantile, MethodFixed
	// and MethodJenks: prices below Q1 − k·IQR or above Q3 + k·IQR are
	// trimmed before cutting. MethodNatural trims only extreme outliers on
	// the log scale instead (see MethodNatural), whatever the positive k.
	// Zero or less turns trimming off for every method. Trimming needs at
	// least max(MinOffers, 4) offers.
	OutlierK float64
	// WeightBySales weights the cut quantiles, the natural breaks (and
	// Jenks) and CategoryBands.Separation by Offer.Sales.
	// Offers that show no sales count as the median of the sales shown in
	// their group (1 when none show any), so a shop that hides sales neither
	// vanishes nor dominates. Per-tier min/median/max stay unweighted.
	WeightBySales bool
	// Currency is the reporting currency. With FX set, every price is
	// converted to it; without FX, each group reports in its dominant
	// currency (the one most offers use, ties broken alphabetically) and
	// offers in other currencies are excluded and reported.
	Currency string
	// FX maps ISO 4217 codes to exact decimal rates ("7.12", "1/7"): the
	// value of one unit of the currency in a common base. Currency, when
	// missing from FX, is the base (rate 1). Offers in currencies without
	// a rate are excluded and reported, never mixed in.
	FX map[string]string
	// CutMovePct: a cut that moved by more than this percentage since
	// PrevCuts is reported as a CutMove.
	CutMovePct float64
	// PriceGapPct: one of our items more than this percentage above or
	// below the median of its matched listings is over- or underpriced.
	PriceGapPct float64
}

// DefaultOptions returns natural price bands per category (falling back to
// tertiles where the market has none), outlier trimming on, at least 3
// offers per group, 10 % cut moves and 15 % price gaps.
func DefaultOptions() Options {
	return Options{
		Method:      MethodNatural,
		Quantiles:   [2]float64{1.0 / 3, 2.0 / 3},
		GroupBy:     GroupByCategory,
		MinOffers:   3,
		OutlierK:    1.5,
		CutMovePct:  10,
		PriceGapPct: 15,
	}
}

// ErrInvalidOptions is wrapped by the errors Options.Validate returns.
var ErrInvalidOptions = errors.New("invalid pricing options")

// Validate checks the options the way Analyze will read them. It returns an
// error wrapping ErrInvalidOptions that names the first bad setting.
// Analyze itself never fails: a group whose settings are invalid gets no
// tiers and a Note saying why, and a currency with a bad rate is treated as
// having none.
func (o Options) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrInvalidOptions, fmt.Sprintf(format, args...))
	}
	if err := checkMethod(o.Method, o.Quantiles, [2]Amount{}, false); err != "" {
		return bad("%s", err)
	}
	for _, name := range sortedKeys(o.Category) {
		co := o.Category[name]
		m, q := o.Method, o.Quantiles
		if co.Method != "" {
			m = co.Method
		}
		if co.Quantiles != [2]float64{} {
			q = co.Quantiles
		}
		if err := checkMethod(m, q, co.Cuts, true); err != "" {
			return bad("category %q: %s", name, err)
		}
	}
	switch o.GroupBy {
	case "", GroupByCategory, GroupByCategoryBrand:
	default:
		return bad("group by %q (want %q or %q)", o.GroupBy, GroupByCategory, GroupByCategoryBrand)
	}
	if o.MinOffers < 0 {
		return bad("min offers %d is negative", o.MinOffers)
	}
	if len(o.FX) > 0 && o.Currency == "" {
		return bad("FX rates need a reporting currency")
	}
	for _, c := range sortedKeys(o.FX) {
		if _, err := parseRate(o.FX[c]); err != nil {
			return bad("FX rate for %s: %v", c, err)
		}
	}
	if !(o.CutMovePct >= 0 && o.CutMovePct < 1e6) || !(o.PriceGapPct >= 0 && o.PriceGapPct < 1e6) {
		return bad("cut move %v %% and price gap %v %% must be between 0 and 1e6", o.CutMovePct, o.PriceGapPct)
	}
	if math.IsNaN(o.OutlierK) || o.OutlierK > 1000 {
		return bad("outlier fence multiplier %v must be at most 1000 (0 or less turns trimming off)", o.OutlierK)
	}
	return nil
}

// checkMethod returns what is wrong with one method setting, or "".
// Fixed cuts are only checked where they can be given (per category).
func checkMethod(m Method, q [2]float64, cuts [2]Amount, perCategory bool) string {
	switch m {
	case "", MethodQuantile, MethodNatural:
		if !(q[0] > 0 && q[0] <= q[1] && q[1] < 1) {
			return fmt.Sprintf("quantiles %v must satisfy 0 < q1 <= q2 < 1", q)
		}
	case MethodJenks:
	case MethodFixed:
		if perCategory && !(cuts[0] > 0 && cuts[0] <= cuts[1]) {
			return fmt.Sprintf("fixed cuts %s, %s must satisfy 0 < low <= high", cuts[0], cuts[1])
		}
	default:
		return fmt.Sprintf("unknown method %q (want natural, quantile, fixed or jenks)", m)
	}
	return ""
}

// Analysis is the market analysis of one week.
type Analysis struct {
	// Categories holds one entry per group (category, or category and brand),
	// sorted by Key.
	Categories []CategoryBands `json:"categories"`
	// Positions holds one entry per catalog item, sorted by category, SKU.
	Positions []Position `json:"positions"`
	// Gaps are sorted by severity (highest first), then category, SKU.
	Gaps []Gap `json:"gaps"`
	// Changes are sorted by competitor, category, then |Pct| descending.
	Changes []Change `json:"changes"`
	// Outliers are the offers trimmed before cutting, sorted by category,
	// competitor, key.
	Outliers []Outlier `json:"outliers"`
	// Excluded are offers left out of the bands for another reason (no rate
	// for their currency, no category, a price that is not positive),
	// sorted like Outliers.
	Excluded []Outlier `json:"excluded"`
	// CutMoves are cuts that moved more than Options.CutMovePct since
	// Market.PrevCuts, sorted by key, then low before high.
	CutMoves []CutMove `json:"cut_moves"`
	// Unmapped counts the current listings whose shop category mapped to
	// no canonical category, per competitor and shop category (see
	// UnmappedCategory); they are in no band, tier or assortment gap.
	Unmapped []UnmappedCategory `json:"unmapped"`
	// Freshness holds one entry per competitor of Market.Current, sorted by
	// competitor: the age of the data each one contributes.
	Freshness []Freshness `json:"freshness"`
}

// Analyze bands each group's market into tiers, positions our catalog in it,
// and lists gaps, week-to-week changes, trimmed outliers and moved cuts.
// It is deterministic: the same Market and Options give the same Analysis.
// It does not fail; see Options.Validate.
func Analyze(m Market, opt Options) Analysis {
	a := &analyzer{m: m, opt: opt, fx: newConverter(opt)}
	if a.opt.GroupBy == "" {
		a.opt.GroupBy = GroupByCategory
	}
	a.indexCurrent()
	a.indexPrevious()
	a.band()
	a.position()
	a.cutMoves()
	a.changes()
	a.gaps()
	a.unmapped()
	a.freshness()
	return a.out
}

// freshness ages each competitor's snapshot at Market.Now.
func (a *analyzer) freshness() {
	seen := map[string]bool{}
	for _, s := range a.m.Current {
		if seen[s.Competitor] {
			continue
		}
		seen[s.Competitor] = true
		f := Freshness{Competitor: s.Competitor, RunID: s.RunID, LastRun: s.At, Stale: a.m.Stale[s.Competitor]}
		if !a.m.Now.IsZero() && !s.At.IsZero() && a.m.Now.After(s.At) {
			f.Age = a.m.Now.Sub(s.At)
		}
		a.out.Freshness = append(a.out.Freshness, f)
	}
	sort.Slice(a.out.Freshness, func(i, j int) bool { return a.out.Freshness[i].Competitor < a.out.Freshness[j].Competitor })
}

// stale reports whether a competitor's data is marked stale.
func (a *analyzer) stale(competitor string) bool { return a.m.Stale[competitor] }

// listingID identifies one competitor listing across runs.
type listingID struct{ competitor, key string }

// listing is one offer of Current, deduplicated by listingID.
type listing struct {
	offer      *Offer
	competitor string
	price      *Money // effective price: Price, else the "from" price MinPrice
	prev       *Offer // the same listing in Previous, or nil
}

// prevListing is one offer of Previous, deduplicated by listingID.
type prevListing struct {
	offer      *Offer
	competitor string
	inCur      bool // listed in Current too
}

type analyzer struct {
	m   Market
	opt Options
	fx  converter

	cur     []listing
	curIdx  map[listingID]int
	prevs   []prevListing
	prevIdx map[listingID]int
	// hasPrev says which competitors have a Previous snapshot.
	hasPrev map[string]bool
	// current says which competitors have a Current snapshot; built lazily.
	current map[string]bool

	groups map[string]*group
	out    Analysis
}

// indexCurrent flattens Current, one entry per listing: the first offer seen
// for a key wins, so a shop listing a product twice does not count twice.
func (a *analyzer) indexCurrent() {
	n := 0
	for _, s := range a.m.Current {
		n += len(s.Offers)
	}
	a.cur = make([]listing, 0, n)
	a.curIdx = make(map[listingID]int, n)
	for si := range a.m.Current {
		s := &a.m.Current[si]
		for oi := range s.Offers {
			o := &s.Offers[oi]
			id := listingID{s.Competitor, o.Key}
			if _, dup := a.curIdx[id]; dup {
				continue
			}
			a.curIdx[id] = len(a.cur)
			a.cur = append(a.cur, listing{offer: o, competitor: s.Competitor, price: effectivePrice(o)})
		}
	}
}

// indexPrevious flattens Previous like indexCurrent and links each current
// listing to its previous self, so later passes need no lookups.
func (a *analyzer) indexPrevious() {
	n := 0
	for _, s := range a.m.Previous {
		n += len(s.Offers)
	}
	a.prevs = make([]prevListing, 0, n)
	a.prevIdx = make(map[listingID]int, n)
	a.hasPrev = make(map[string]bool, len(a.m.Previous))
	for si := range a.m.Previous {
		s := &a.m.Previous[si]
		a.hasPrev[s.Competitor] = true
		for oi := range s.Offers {
			o := &s.Offers[oi]
			id := listingID{s.Competitor, o.Key}
			if _, dup := a.prevIdx[id]; dup {
				continue
			}
			a.prevIdx[id] = len(a.prevs)
			a.prevs = append(a.prevs, prevListing{offer: o, competitor: s.Competitor})
		}
	}
	for i := range a.cur {
		l := &a.cur[i]
		if j, ok := a.prevIdx[listingID{l.competitor, l.offer.Key}]; ok {
			l.prev = a.prevs[j].offer
			a.prevs[j].inCur = true
		}
	}
}

// prevOf returns a listing as Previous saw it, or nil.
func (a *analyzer) prevOf(competitor, key string) *Offer {
	if j, ok := a.prevIdx[listingID{competitor, key}]; ok {
		return a.prevs[j].offer
	}
	return nil
}

// effectivePrice is the price an offer is banded at: its selling price, or
// the lower end of a shown range ("from ¥99"), or nil.
func effectivePrice(o *Offer) *Money {
	if o.Price != nil {
		return o.Price
	}
	return o.MinPrice
}

// groupKey names the band an offer or item belongs to.
func (a *analyzer) groupKey(category, brand string) string {
	if a.opt.GroupBy == GroupByCategoryBrand {
		return category + " | " + brand
	}
	return category
}

// converter converts money between currencies exactly, using Options.FX.
type converter struct {
	enabled bool
	base    string
	rates   map[string]*big.Rat
	cache   map[[2]string]ratio
}

// ratio is an exact conversion factor num/den, with a big.Rat fallback when
// it does not fit int64.
type ratio struct {
	num, den int64
	big      *big.Rat
	ok       bool
	digits   int // decimals of the target currency
}

func newConverter(opt Options) converter {
	c := converter{enabled: len(opt.FX) > 0, base: opt.Currency, rates: map[string]*big.Rat{}, cache: map[[2]string]ratio{}}
	for cur, s := range opt.FX {
		if r, err := parseRate(s); err == nil {
			c.rates[cur] = r
		}
	}
	if _, ok := c.rates[c.base]; !ok && c.base != "" {
		c.rates[c.base] = big.NewRat(1, 1)
	}
	return c
}

// parseRate parses an exact positive rate such as "7.12" or "1/7": digits,
// at most one '.', optionally "/" and a denominator; at most 40 characters.
// Exponents ("1e9") are refused because big.Rat would expand "1e999999999"
// into a billion-digit number.
func parseRate(s string) (*big.Rat, error) {
	if len(s) == 0 || len(s) > 40 || strings.Trim(s, "0123456789./") != "" {
		return nil, fmt.Errorf("%q is not a plain decimal number or fraction", s)
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return nil, fmt.Errorf("%q is not a decimal number", s)
	}
	if r.Sign() <= 0 {
		return nil, fmt.Errorf("%q is not positive", s)
	}
	return r, nil
}

// convert converts a from one currency to another, rounding half away from
// zero to the decimals of to (its ISO 4217 minor unit), so a converted price
// reads like a price of that currency. It reports false when either currency
// has no rate or the result overflows.
func (c *converter) convert(a Amount, from, to string) (Amount, bool) {
	if from == to {
		return a, true
	}
	if !c.enabled {
		return 0, false
	}
	k := [2]string{from, to}
	r, seen := c.cache[k]
	if !seen {
		rf, ok1 := c.rates[from]
		rt, ok2 := c.rates[to]
		if ok1 && ok2 {
			q := new(big.Rat).Quo(rf, rt)
			r = ratio{big: q, ok: true, digits: digitsOf(to)}
			if q.Num().IsInt64() && q.Denom().IsInt64() {
				r.num, r.den = q.Num().Int64(), q.Denom().Int64()
			}
		}
		c.cache[k] = r
	}
	if !r.ok {
		return 0, false
	}
	u := pow10(AmountDigits - r.digits)
	if r.den != 0 && r.den <= math.MaxInt64/u {
		// The fast path: a·num/(den·u) in 128 bits, then back to Amount's
		// scale.
		if v, ok := mulDivRound(int64(a), r.num, r.den*u); ok && v <= math.MaxInt64/u && v >= math.MinInt64/u {
			return Amount(v * u), true
		}
	}
	v := new(big.Rat).Mul(new(big.Rat).SetInt64(int64(a)), r.big)
	return roundRat(v, r.digits)
}

// roundRat rounds v, a rational number of Amount units (ten-thousandths),
// half away from zero to digits decimals (0 to 4); ok is false when the
// result does not fit.
func roundRat(v *big.Rat, digits int) (Amount, bool) {
	u := big.NewInt(pow10(AmountDigits - min(max(digits, 0), AmountDigits)))
	num := new(big.Int).Set(v.Num())
	den := new(big.Int).Mul(v.Denom(), u)
	neg := num.Sign() < 0
	num.Abs(num)
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	if r.Lsh(r, 1).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	q.Mul(q, u)
	if !q.IsInt64() {
		return 0, false
	}
	if neg {
		return Amount(-q.Int64()), true
	}
	return Amount(q.Int64()), true
}

// mulDivRound returns a·b/c rounded half away from zero, computed exactly in
// 128 bits; ok is false when c is zero or the result does not fit int64.
func mulDivRound(a, b, c int64) (int64, bool) {
	if c == 0 {
		return 0, false
	}
	neg := (a < 0) != (b < 0) != (c < 0)
	ua, ub, uc := uabs(a), uabs(b), uabs(c)
	hi, lo := bits.Mul64(ua, ub)
	if hi >= uc {
		return 0, false
	}
	q, r := bits.Div64(hi, lo, uc)
	if r >= uc-r {
		q++
	}
	if q > 1<<63-1 {
		return 0, false
	}
	if neg && a != 0 && b != 0 {
		return -int64(q), true
	}
	return int64(q), true
}

func uabs(v int64) uint64 {
	if v < 0 {
		return uint64(-v)
	}
	return uint64(v)
}

// fraction returns p as an exact fraction num/den: values within 1e-9 of a
// fraction with a denominator up to 100 snap to it (so 1.0/3 is exactly a
// third), others are rounded to billionths.
func fraction(p float64) (num, den int64) {
	for d := int64(1); d <= 100; d++ {
		n := p * float64(d)
		r := int64(n + 0.5)
		if n-float64(r) < 1e-9 && float64(r)-n < 1e-9 {
			return r, d
		}
	}
	return int64(p*1e9 + 0.5), 1e9
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
