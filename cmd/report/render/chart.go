package render

import (
	"strconv"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// The HTML digest's charts are inline SVG, laid out here as plain numbers and
// labels and drawn by the page template, so every label (a SKU, a price)
// passes through html/template's escaping like the rest of the page. Pixel
// coordinates are float64: they are geometry, not money; the amounts shown
// on the axis and in the labels are exact.

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
	Tiers         []stripTier
	Cuts          []mark
	Ticks         []mark
	Ours          []marker
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

// marker is one of our items on the price axis.
type marker struct {
	X, Y   float64
	LabelY float64
	Label  string // SKU
	Title  string // tooltip: SKU, title, price, tier
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
)

func chartsFor(c pricing.CategoryBands, ps []pricing.Position) *charts {
	return &charts{Strip: stripFor(c, ps), Bars: barsFor(c)}
}

// chartLimit bounds the amounts a chart places (a hundred trillion major
// units), so axis arithmetic on absurd input cannot overflow int64; no real
// price comes near it.
const chartLimit = pricing.Amount(1e16)

func clampAmount(a pricing.Amount) pricing.Amount { return min(max(a, -chartLimit), chartLimit) }

func stripFor(c pricing.CategoryBands, ps []pricing.Position) stripChart {
	// The axis spans the market and every one of our items in it, so an
	// item priced off the market still shows where it stands.
	var ours []pricing.Position
	for _, p := range ps {
		if p.Currency == c.Currency && p.Amount > 0 {
			ours = append(ours, p)
		}
	}
	lo, hi := clampAmount(c.Min), clampAmount(c.Max)
	if c.Offers == 0 && len(ours) > 0 {
		lo, hi = clampAmount(ours[0].Amount), clampAmount(ours[0].Amount)
	}
	for _, p := range ours {
		lo, hi = min(lo, clampAmount(p.Amount)), max(hi, clampAmount(p.Amount))
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	step := niceStep(hi - lo)
	// Pad to whole steps, so the outermost prices never sit on the frame.
	lo = floorTo(lo, step)
	hi = floorTo(hi, step) + step
	span := float64(hi - lo)
	x := func(a pricing.Amount) float64 {
		return float64(stripLeft) + float64(clampAmount(a)-lo)/span*float64(stripRight-stripLeft)
	}

	s := stripChart{
		Label: "Market prices by tier in " + clean(c.Key) + ", with cut points and our items",
		Width: stripWidth, PlotLeft: stripLeft, PlotRight: stripRight,
	}
	y := float64(stripTop)
	for _, t := range c.Tiers {
		st := stripTier{Label: string(t.Tier) + " (" + strconv.Itoa(t.Market) + ")", Class: "t-" + string(t.Tier), Y: y, LabelY: y + 11, Empty: t.Market == 0}
		if t.Market > 0 {
			st.X1, st.X2, st.XM = x(t.Min), x(t.Max), x(t.Median)
			if st.X2-st.X1 < 2 {
				st.X2 = st.X1 + 2
			}
		}
		s.Tiers = append(s.Tiers, st)
		y += stripRowH
	}
	s.OursY = int(y) + 7
	s.AxisY = int(y) + 2*stripRowH
	s.CutTop, s.CutY2 = stripTop-6, s.AxisY
	s.Height = s.AxisY + 24
	s.Cuts = []mark{{x(c.Cuts.Low), money(c.Cuts.Low, c.Currency)}, {x(c.Cuts.High), money(c.Cuts.High, c.Currency)}}
	for t := lo; t <= hi; t += step {
		s.Ticks = append(s.Ticks, mark{x(t), money(t, c.Currency)})
	}
	for i, p := range ours {
		// Alternate labels above and below the marker so neighbours do not
		// print over each other.
		ly := float64(s.OursY) - 8
		if i%2 == 1 {
			ly = float64(s.OursY) + 17
		}
		tier := string(p.Tier)
		if tier == "" {
			tier = "no tier"
		}
		s.Ours = append(s.Ours, marker{
			X: x(p.Amount), Y: float64(s.OursY), LabelY: ly, Label: clean(p.SKU),
			Title: clean(p.SKU+" "+p.Title) + ": " + money(p.Amount, p.Currency) + ", " + tier,
		})
	}
	return s
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
// hundredths) that cuts span into about five parts.
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
