package render

import (
	"math"
	"sort"
	"strconv"
	"unicode"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// The HTML digest's charts are inline SVG, laid out here as plain numbers and
// labels and drawn by the page template, so every label (a SKU, a price)
// passes through html/template's escaping like the rest of the page. Pixel
// coordinates are float64: they are geometry, not money; the amounts shown
// on the axis and in the labels are exact.
//
// The strip chart has to stay readable at market scale: a category with two
// dozen of our items and hundreds of competitor offers priced from ¥19 to
// ¥400. Two rules keep it so. The price axis turns logarithmic when the
// prices span more than logSpan times, so a low tier is not squeezed into a
// few pixels by a high one. Our items' labels are placed by collision
// avoidance (placeLabels): each goes in the first lane under the markers
// where it overlaps nothing, nudged sideways a little if that helps; with
// more than directLabels items the labels are numbers and the SKUs are
// listed beside the chart (the legend), so the lanes stay few.

// charts are the two charts of one tiered category.
type charts struct {
	Strip stripChart
	Bars  barChart
}

// stripChart draws each tier's market price range (min to max, a tick at
// the median) on one price axis, with the cut points as dashed lines and our
// items as markers below.
type stripChart struct {
	Label         string
	Width, Height int
	PlotLeft      int
	PlotRight     int
	CutTop, CutY2 int
	AxisY         int
	OursY         int
	// Log says the axis is logarithmic (AxisNote says so on the chart).
	Log      bool
	AxisNote string
	Tiers    []stripTier
	Cuts     []mark
	Ticks    []mark
	Ours     []marker
	// Hist is the market offers' histogram row, present when the chart was
	// given the offers themselves (the served category page), not only
	// their bands (the digest).
	Hist []histBar
	// HistY is the baseline of the histogram row; HistLabel names it.
	HistY     float64
	HistLabel string
	// Legend lists our items by marker number when the markers carry
	// numbers instead of SKUs.
	Legend []legendEntry
}

type stripTier struct {
	Label      string
	Class      string
	Y          float64 // top of the bar
	LabelY     float64
	X1, X2, XM float64
	Empty      bool
}

// mark is a labelled position on the price axis.
type mark struct {
	X     float64
	Label string
}

// marker is one of our items on the price axis, and its label.
type marker struct {
	X, Y   float64
	LabelX float64
	LabelY float64
	// Leader says a line joins the label to its marker: the label sits in
	// a lower lane or was nudged sideways.
	Leader bool
	Label  string // SKU, or the item's number in the legend
	Title  string // tooltip: SKU, title, price, tier
}

// histBar is one bin of the offers' histogram.
type histBar struct {
	X, Y, W, H float64
	Title      string
}

// legendEntry names the item behind a numbered marker.
type legendEntry struct {
	N     int
	Text  string
	Price string
	Tier  string
}

// barChart compares, per tier, the share of market offers with the share of
// our range.
type barChart struct {
	Label         string
	Width, Height int
	Base          int
	Groups        []barGroup
}

type barGroup struct {
	Tier           string
	X              float64 // centre of the group
	MarketX, OursX float64
	MarketY, OursY float64
	MarketH, OursH float64
	Market, Ours   string // "44 %"
}

const (
	stripWidth  = 640
	stripLeft   = 84
	stripRight  = 620
	stripRowH   = 26
	stripTop    = 24
	barWidth    = 300
	barHeight   = 170
	barBase     = 140
	barMaxH     = 100
	barSlotW    = 84
	barColW     = 26
	barFirstMid = 62

	// logSpan is the max/min price ratio above which the axis is
	// logarithmic: past it a linear axis gives the cheapest tier too few
	// pixels to read.
	logSpan = 10
	// directLabels is the most items labelled with their SKUs; more get
	// numbers and a legend.
	directLabels = 8
	// labelFont is the labels' font size in px (the template's .oursl);
	// laneH the height of a lane of labels.
	labelFont = 11
	laneH     = 14
	// labelGap is the least space between two labels in a lane; maxNudge
	// how far a label may move sideways from its marker before it goes to
	// the next lane instead.
	labelGap = 4
	maxNudge = 24
	// histH is the tallest histogram bar; histBins the bins across the plot.
	histH    = 28
	histBins = 67
)

// chartsFor lays out the charts of one tiered category; offers, when given,
// are the market offers' amounts in the group's currency, drawn as a
// histogram.
func chartsFor(c pricing.CategoryBands, ps []pricing.Position) *charts {
	return &charts{Strip: stripFor(c, ps, nil), Bars: barsFor(c)}
}

// chartLimit bounds the amounts a chart places (a trillion major units), so
// axis arithmetic on absurd input (a 1-2-5 step ten times the limit) cannot
// overflow int64; no real price comes near it.
const chartLimit = 1e12 * pricing.MajorUnit

func clampAmount(a pricing.Amount) pricing.Amount { return min(max(a, -chartLimit), chartLimit) }

// priceAxis maps amounts to x pixels, linearly or logarithmically.
type priceAxis struct {
	lo, hi      pricing.Amount
	log         bool
	left, right float64
	ticks       []pricing.Amount
}

// newAxis returns the axis over [lo, hi], padded to round ticks: 1, 2, 5
// times a power of ten, whole steps on a linear axis and the 1-2-5 series
// (or powers of ten alone when there are too many) on a logarithmic one.
func newAxis(lo, hi pricing.Amount, left, right float64) priceAxis {
	if lo > hi {
		lo, hi = hi, lo
	}
	ax := priceAxis{left: left, right: right}
	if lo > 0 && hi > logSpan*lo {
		ax.log = true
		ax.lo, ax.hi = series125(lo, false), series125(hi, true)
		for t := ax.lo; t <= ax.hi; t = next125(t) {
			ax.ticks = append(ax.ticks, t)
		}
		if len(ax.ticks) > 9 {
			// Past three decades the 2s and 5s crowd their labels.
			var decades []pricing.Amount
			for _, t := range ax.ticks {
				if isPow10(t) {
					decades = append(decades, t)
				}
			}
			ax.ticks = decades
		}
		return ax
	}
	step := niceStep(hi - lo)
	// Pad to whole steps, so the outermost prices never sit on the frame.
	ax.lo = floorTo(lo, step)
	ax.hi = floorTo(hi, step) + step
	for t := ax.lo; t <= ax.hi; t += step {
		ax.ticks = append(ax.ticks, t)
	}
	return ax
}

func (ax priceAxis) x(a pricing.Amount) float64 {
	a = clampAmount(a)
	var f float64
	if ax.log {
		if a < ax.lo {
			a = ax.lo
		}
		f = (math.Log(float64(a)) - math.Log(float64(ax.lo))) / (math.Log(float64(ax.hi)) - math.Log(float64(ax.lo)))
	} else {
		f = float64(a-ax.lo) / float64(ax.hi-ax.lo)
	}
	return ax.left + f*(ax.right-ax.left)
}

// series125 returns the largest 1-2-5 value at or below a (up false) or the
// smallest at or above it (up true); a is positive.
func series125(a pricing.Amount, up bool) pricing.Amount {
	mag := pricing.Amount(1)
	for mag <= a/10 {
		mag *= 10
	}
	if up {
		for _, m := range []pricing.Amount{1, 2, 5, 10} {
			if m*mag >= a {
				return m * mag
			}
		}
		return 10 * mag
	}
	best := mag
	for _, m := range []pricing.Amount{1, 2, 5} {
		if m*mag <= a {
			best = m * mag
		}
	}
	return best
}

// next125 steps along the 1-2-5 series: 1, 2, 5, 10, 20, …
func next125(t pricing.Amount) pricing.Amount {
	mag := pricing.Amount(1)
	for mag <= t/10 {
		mag *= 10
	}
	switch t / mag {
	case 1:
		return 2 * mag
	case 2:
		return 5 * mag
	}
	return 10 * mag
}

func isPow10(t pricing.Amount) bool {
	for t >= 10 && t%10 == 0 {
		t /= 10
	}
	return t == 1
}

func stripFor(c pricing.CategoryBands, ps []pricing.Position, offers []pricing.Amount) stripChart {
	// The axis spans the market and every one of our items in it, so an
	// item priced off the market still shows where it stands.
	var ours []pricing.Position
	for _, p := range ps {
		if p.Currency == c.Currency && p.Amount > 0 {
			ours = append(ours, p)
		}
	}
	var pos []pricing.Amount
	for _, a := range offers {
		if a > 0 {
			pos = append(pos, clampAmount(a))
		}
	}
	lo, hi := clampAmount(c.Min), clampAmount(c.Max)
	if c.Offers == 0 {
		switch {
		case len(ours) > 0:
			lo, hi = clampAmount(ours[0].Amount), clampAmount(ours[0].Amount)
		case len(pos) > 0:
			lo, hi = pos[0], pos[0]
		}
	}
	for _, p := range ours {
		lo, hi = min(lo, clampAmount(p.Amount)), max(hi, clampAmount(p.Amount))
	}
	for _, a := range pos {
		lo, hi = min(lo, a), max(hi, a)
	}
	ax := newAxis(lo, hi, stripLeft, stripRight)

	s := stripChart{
		Label: "Market prices by tier in " + clean(c.Key) + ", with cut points and our items",
		Width: stripWidth, PlotLeft: stripLeft, PlotRight: stripRight, Log: ax.log,
	}
	if ax.log {
		s.AxisNote = "log scale"
	}
	y := float64(stripTop)
	if len(pos) > 0 {
		s.HistLabel = "offers (" + strconv.Itoa(len(pos)) + ")"
		s.HistY = y + histH
		s.Hist = histogram(ax, pos, s.HistY, c.Currency)
		y += histH + 8
	}
	for _, t := range c.Tiers {
		st := stripTier{Label: string(t.Tier) + " (" + strconv.Itoa(t.Market) + ")", Class: "t-" + string(t.Tier), Y: y, LabelY: y + 11, Empty: t.Market == 0}
		if t.Market > 0 {
			st.X1, st.X2, st.XM = ax.x(t.Min), ax.x(t.Max), ax.x(t.Median)
			if st.X2-st.X1 < 2 {
				st.X2 = st.X1 + 2
			}
		}
		s.Tiers = append(s.Tiers, st)
		y += stripRowH
	}
	s.OursY = int(y) + 7
	s.Ours, s.Legend = placeLabels(ax, ours, float64(s.OursY), c.Currency)
	bottom := float64(s.OursY) + 8
	for _, m := range s.Ours {
		bottom = max(bottom, m.LabelY+4)
	}
	s.AxisY = int(math.Ceil(bottom)) + 8
	s.CutTop, s.CutY2 = stripTop-6, s.AxisY
	s.Height = s.AxisY + 24
	if ax.log {
		s.Height += 12 // room for the "log scale" note under the ticks
	}
	if c.Tiered {
		s.Cuts = []mark{{ax.x(c.Cuts.Low), money(c.Cuts.Low, c.Currency)}, {ax.x(c.Cuts.High), money(c.Cuts.High, c.Currency)}}
	}
	for _, t := range ax.ticks {
		s.Ticks = append(s.Ticks, mark{ax.x(t), money(t, c.Currency)})
	}
	return s
}

// histogram bins the offers across the plot, bar heights relative to the
// fullest bin.
func histogram(ax priceAxis, offers []pricing.Amount, base float64, currency string) []histBar {
	w := (ax.right - ax.left) / histBins
	var counts [histBins]int
	var lo, hi [histBins]pricing.Amount
	for _, a := range offers {
		i := int((ax.x(a) - ax.left) / w)
		i = min(max(i, 0), histBins-1)
		if counts[i] == 0 || a < lo[i] {
			lo[i] = a
		}
		if counts[i] == 0 || a > hi[i] {
			hi[i] = a
		}
		counts[i]++
	}
	most := 0
	for _, n := range counts {
		most = max(most, n)
	}
	var bars []histBar
	for i, n := range counts {
		if n == 0 {
			continue
		}
		h := max(1, float64(n)/float64(most)*histH)
		title := plural(n, "offer", "offers") + " at " + money(lo[i], currency)
		if hi[i] != lo[i] {
			title += "–" + money(hi[i], currency)
		}
		bars = append(bars, histBar{X: ax.left + float64(i)*w, Y: base - h, W: w - 1, H: h, Title: title})
	}
	return bars
}

// placeLabels puts a marker for each of our items on the axis and its label
// in the first lane under the markers where it overlaps no other label,
// moved sideways by at most maxNudge when that keeps it in a higher lane.
// With more than directLabels items, labels are numbers (in price order) and
// the legend lists what each number stands for.
func placeLabels(ax priceAxis, ours []pricing.Position, y float64, currency string) ([]marker, []legendEntry) {
	order := make([]int, len(ours))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return ours[order[a]].Amount < ours[order[b]].Amount })
	numbered := len(ours) > directLabels
	var legend []legendEntry
	var lanes []float64 // right edge of the last label in each lane
	markers := make([]marker, 0, len(ours))
	for n, i := range order {
		p := ours[i]
		tier := string(p.Tier)
		if tier == "" {
			tier = "no tier"
		}
		label := clean(p.SKU)
		if numbered {
			label = strconv.Itoa(n + 1)
			legend = append(legend, legendEntry{N: n + 1, Text: clean(p.SKU + " " + p.Title), Price: money(p.Amount, currency), Tier: tier})
		}
		x := ax.x(p.Amount)
		w := labelWidth(label)
		// A label never leaves the chart: it is kept inside the frame.
		minLeft, maxLeft := 2.0, float64(stripWidth)-2-w
		want := min(max(x-w/2, minLeft), maxLeft)
		lane, left := -1, want
		for k, right := range lanes {
			l := max(want, right+labelGap)
			if l-want <= maxNudge && l <= maxLeft {
				lane, left = k, l
				break
			}
		}
		if lane < 0 {
			lanes = append(lanes, 0)
			lane = len(lanes) - 1
		}
		lanes[lane] = left + w
		cx := left + w/2
		markers = append(markers, marker{
			X: x, Y: y, LabelX: cx, LabelY: y + 19 + float64(lane)*laneH,
			Leader: lane > 0 || math.Abs(cx-x) > 1, Label: label,
			Title: clean(p.SKU+" "+p.Title) + ": " + money(p.Amount, p.Currency) + ", " + tier,
		})
	}
	return markers, legend
}

// labelWidth is a generous estimate of a label's width in px at labelFont
// bold, whatever sans-serif font the reader's browser falls back to: wide
// (CJK) characters take a full em, capitals and digits most of one.
func labelWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hangul, r) || unicode.Is(unicode.Hiragana, r) ||
			unicode.Is(unicode.Katakana, r) || (r >= 0xff00 && r <= 0xffef):
			w += 1.05
		case r == 'M' || r == 'W' || r == 'm' || r == 'w' || r == '@' || r == '%':
			w += 1.0
		case unicode.IsUpper(r):
			w += 0.8
		case r == 'i' || r == 'l' || r == 'j' || r == '.' || r == ',' || r == ':' || r == ';' || r == '|' || r == '!' || r == '\'' || r == ' ':
			w += 0.4
		default:
			w += 0.7
		}
	}
	return w * labelFont
}

func barsFor(c pricing.CategoryBands) barChart {
	b := barChart{Label: "Share of market offers and of our range per tier in " + clean(c.Key), Width: barWidth, Height: barHeight, Base: barBase}
	for i, t := range c.Tiers {
		mid := float64(barFirstMid + i*barSlotW)
		mh, oh := clampPct(t.MarketPct)*barMaxH/100, clampPct(t.OurPct)*barMaxH/100
		b.Groups = append(b.Groups, barGroup{
			Tier: string(t.Tier), X: mid,
			MarketX: mid - barColW - 1, OursX: mid + 1,
			MarketH: mh, OursH: oh,
			MarketY: barBase - mh, OursY: barBase - oh,
			Market: pct(t.MarketPct), Ours: pct(t.OurPct),
		})
	}
	return b
}

func clampPct(f float64) float64 {
	switch {
	case !(f > 0): // also NaN
		return 0
	case f > 100:
		return 100
	}
	return f
}

// niceStep returns an axis step of 1, 2 or 5 times a power of ten (in
// Amount's ten-thousandths) that cuts span into about five parts.
func niceStep(span pricing.Amount) pricing.Amount {
	raw := span / 5
	if raw < 1 {
		return 1
	}
	mag := pricing.Amount(1)
	for mag <= raw/10 {
		mag *= 10
	}
	for _, m := range []pricing.Amount{1, 2, 5, 10} {
		if m*mag >= raw {
			return m * mag
		}
	}
	return 10 * mag
}

// floorTo rounds a down to a multiple of step.
func floorTo(a, step pricing.Amount) pricing.Amount {
	r := a % step
	if r < 0 {
		r += step
	}
	return a - r
}
