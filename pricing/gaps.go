package pricing

import (
	"fmt"
	"sort"
	"strconv"
)

// GapKind names a kind of gap.
type GapKind string

// The gap kinds.
const (
	// AssortmentGap: a tier with market offers and none of ours, in a group
	// where we sell something. Groups we do not sell at all are outside our
	// assortment, not gaps in it, and are not flagged.
	AssortmentGap GapKind = "assortment_gap"
	// Overpriced and Underpriced: our item more than Options.PriceGapPct
	// above or below the median of its compared matched listings; for an
	// item with none, priced off market: above the group's market maximum
	// or below its minimum (after trimming outliers).
	Overpriced  GapKind = "overpriced"
	Underpriced GapKind = "underpriced"
	// TierMismatch: the item's TargetTier differs from its computed tier.
	TierMismatch GapKind = "tier_mismatch"
	// CompetitorUndercut: a matched listing whose price dropped since the
	// previous run from at or above ours to below ours.
	CompetitorUndercut GapKind = "competitor_undercut"
	// CompetitorOutOfStock: a matched listing now out of stock, an
	// opportunity.
	CompetitorOutOfStock GapKind = "competitor_out_of_stock"
	// NewCompetitorListing: a listing new since the competitor's previous
	// run, priced within the market range of a tier where we sell.
	NewCompetitorListing GapKind = "new_competitor_listing"
)

var gapTitles = map[GapKind]string{
	AssortmentGap:        "Assortment gap",
	Overpriced:           "Overpriced",
	Underpriced:          "Underpriced",
	TierMismatch:         "Tier mismatch",
	CompetitorUndercut:   "Competitor undercut",
	CompetitorOutOfStock: "Competitor out of stock",
	NewCompetitorListing: "New competitor listing",
}

// Title names the kind for people, as every digest and message does:
// "Assortment gap"; a kind without a name is shown as it is.
func (k GapKind) Title() string {
	if t, ok := gapTitles[k]; ok {
		return t
	}
	return string(k)
}

// Severity orders gaps; higher is more urgent.
type Severity int

// The severities.
const (
	SeverityLow    Severity = 1
	SeverityMedium Severity = 2
	SeverityHigh   Severity = 3
)

// String returns "low", "medium" or "high".
func (s Severity) String() string {
	switch s {
	case SeverityLow:
		return "low"
	case SeverityMedium:
		return "medium"
	case SeverityHigh:
		return "high"
	}
	return "Severity(" + strconv.Itoa(int(s)) + ")"
}

// MarshalText encodes the severity by name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText decodes a severity name; it returns an error for any other
// text.
func (s *Severity) UnmarshalText(b []byte) error {
	switch string(b) {
	case "low":
		*s = SeverityLow
	case "medium":
		*s = SeverityMedium
	case "high":
		*s = SeverityHigh
	default:
		return fmt.Errorf("unknown severity %q (want low, medium or high)", b)
	}
	return nil
}

// Gap is one thing in the market worth a buyer's attention.
type Gap struct {
	Kind     GapKind  `json:"kind"`
	Severity Severity `json:"severity"`
	// Score is the magnitude behind the severity (percent off, share of
	// the market), for ordering within a severity by the caller.
	Score      float64 `json:"score"`
	Category   string  `json:"category"`
	Tier       Tier    `json:"tier,omitempty"`
	SKU        string  `json:"sku,omitempty"`
	Competitor string  `json:"competitor,omitempty"`
	ListingKey string  `json:"listing_key,omitempty"`
	Title      string  `json:"title,omitempty"`
	// Detail states the facts, Action suggests what to do, in plain words.
	Detail string `json:"detail"`
	Action string `json:"action"`
	// Stale says the gap rests on data from a competitor in Market.Stale
	// (its tier's offers, its matched listings, or the listing itself).
	Stale bool `json:"stale,omitempty"`
}

// gaps collects every kind of gap and sorts them.
func (a *analyzer) gaps() {
	thr := int64(a.opt.PriceGapPct*10 + 0.5)
	var out []Gap

	for _, b := range a.out.Categories {
		if !b.Tiered || b.Ours == 0 {
			continue
		}
		for _, s := range b.Tiers {
			if s.Market == 0 || s.Ours > 0 {
				continue
			}
			sev := SeverityLow
			switch {
			case s.MarketPct >= 30:
				sev = SeverityHigh
			case s.MarketPct >= 15:
				sev = SeverityMedium
			}
			out = append(out, Gap{Kind: AssortmentGap, Severity: sev, Score: s.MarketPct, Category: b.Key, Tier: s.Tier, Stale: s.StaleOffers > 0,
				Detail: fmt.Sprintf("%d of %d market offers (%.0f %%) are %s-tier, none of our %s", s.Market, b.Offers, s.MarketPct, s.Tier, plural(b.Ours, "item", "items")),
				Action: fmt.Sprintf("Consider a %s-tier product for %s: %d competitor offers from %s to %s, none of ours",
					s.Tier, b.Key, s.Market, Money{s.Min, b.Currency}.Display(), Money{s.Max, b.Currency}.Display())})
		}
	}

	// Our cheapest item per group and tier, for judging new listings.
	cheapest := map[string]Amount{}
	for i := range a.out.Positions {
		p := &a.out.Positions[i]
		out = a.positionGaps(out, p, thr)
		if p.Tier != "" {
			k := p.Key + "\x00" + string(p.Tier)
			if c, ok := cheapest[k]; !ok || p.Amount < c {
				cheapest[k] = p.Amount
			}
		}
	}

	for i := range a.cur {
		l := &a.cur[i]
		if !a.hasPrev[l.competitor] || l.price == nil || l.offer.Category == "" {
			continue
		}
		if l.prev != nil {
			continue
		}
		g := a.groups[a.groupKey(l.offer.Category, a.brandOf(l.offer.Brand))]
		if g == nil || !g.b.Tiered {
			continue
		}
		b := &g.b
		amt, ok := a.fx.convert(l.price.Amount, l.price.Currency, b.Currency)
		if !ok || amt < b.Min || amt > b.Max {
			continue // unconvertible or trimmed as an outlier: not a credible entrant
		}
		t := b.Cuts.TierOf(amt)
		ours, sell := cheapest[b.Key+"\x00"+string(t)]
		if !sell {
			continue
		}
		sev, detail := SeverityLow, fmt.Sprintf("new listing at %s in the %s tier, where we sell %s", Money{amt, b.Currency}.Display(), t, plural(b.Tiers[tierIndex(t)].Ours, "item", "items"))
		if amt < ours {
			sev = SeverityMedium
			detail += fmt.Sprintf(", below our cheapest there (%s)", Money{ours, b.Currency}.Display())
		}
		out = append(out, Gap{Kind: NewCompetitorListing, Severity: sev, Category: b.Key, Tier: t, Stale: a.stale(l.competitor),
			Competitor: l.competitor, ListingKey: l.offer.Key, Title: l.offer.Title, Detail: detail,
			Action: fmt.Sprintf("Look at %s's new %q and decide whether our %s-tier %s needs an answer", l.competitor, l.offer.Title, t, b.Key)})
	}

	sort.SliceStable(out, func(i, j int) bool {
		gi, gj := &out[i], &out[j]
		switch {
		case gi.Severity != gj.Severity:
			return gi.Severity > gj.Severity
		case gi.Category != gj.Category:
			return gi.Category < gj.Category
		case gi.SKU != gj.SKU:
			return gi.SKU < gj.SKU
		case gi.Score != gj.Score:
			return gi.Score > gj.Score
		case gi.Kind != gj.Kind:
			return gi.Kind < gj.Kind
		case gi.Competitor != gj.Competitor:
			return gi.Competitor < gj.Competitor
		case gi.ListingKey != gj.ListingKey:
			return gi.ListingKey < gj.ListingKey
		}
		return gi.Tier < gj.Tier
	})
	a.out.Gaps = out
}

// positionGaps appends the gaps of one of our items.
func (a *analyzer) positionGaps(out []Gap, p *Position, thr int64) []Gap {
	if p.Amount <= 0 {
		return out
	}
	ours := Money{p.Amount, p.Currency}.Display()
	base := Gap{Category: p.Key, Tier: p.Tier, SKU: p.SKU, Title: p.Title, Stale: p.Stale}

	// Over- and underpricing: against matches when there are any, else
	// against the market range.
	var ref Amount
	var refWhat string
	if p.Compared > 0 {
		ref = p.Median
		refWhat = fmt.Sprintf("the median %s of %s", Money{p.Median, p.Currency}.Display(), plural(p.Compared, "matched listing", "matched listings"))
	}
	pct := int64(0)
	if p.Compared > 0 {
		pct = PercentChange(ref, p.Amount)
		if abs(pct) <= thr {
			pct = 0
		}
	} else if g := a.groups[p.Key]; g != nil && g.b.Tiered && g.b.Currency == p.Currency {
		// Without matches the only reference is the market's own range,
		// and its edges are a single offer each: being a little past one
		// is being the cheapest or dearest, not mispriced. Only a gap
		// beyond PriceGapPct of the edge, the same bar as for matched
		// items, is flagged.
		switch {
		case p.Amount > g.b.Max:
			ref, refWhat = g.b.Max, fmt.Sprintf("the market maximum %s", Money{g.b.Max, p.Currency}.Display())
		case p.Amount < g.b.Min:
			ref, refWhat = g.b.Min, fmt.Sprintf("the market minimum %s", Money{g.b.Min, p.Currency}.Display())
		}
		if ref != 0 {
			pct = PercentChange(ref, p.Amount)
			if abs(pct) <= thr {
				pct = 0
			}
		}
	}
	if pct != 0 {
		g := base
		g.Kind, g.Score, g.Severity = Overpriced, float64(abs(pct))/10, severityFor(abs(pct), thr)
		dir := "above"
		g.Action = fmt.Sprintf("Review the price of %s: consider moving toward %s", p.SKU, Money{ref, p.Currency}.Display())
		if pct < 0 {
			g.Kind, dir = Underpriced, "below"
			g.Action = fmt.Sprintf("Check the price of %s: there may be room to raise it toward %s", p.SKU, Money{ref, p.Currency}.Display())
		}
		g.Detail = fmt.Sprintf("ours %s is %s %s %s", ours, fmtPct(abs(pct)), dir, refWhat)
		out = append(out, g)
	}

	if p.TargetTier != "" && p.Tier != "" && p.TargetTier != p.Tier {
		if b := a.groups[p.Key]; b != nil {
			d := tierIndex(p.TargetTier) - tierIndex(p.Tier)
			g := base
			g.Kind, g.Severity, g.Score = TierMismatch, SeverityMedium, float64(abs(int64(d)))
			if abs(int64(d)) == 2 {
				g.Severity = SeverityHigh
			}
			g.Detail = fmt.Sprintf("target tier %s, priced %s in the %s tier (cuts %s and %s)", p.TargetTier, ours, p.Tier,
				Money{b.b.Cuts.Low, p.Currency}.Display(), Money{b.b.Cuts.High, p.Currency}.Display())
			var where string
			switch p.TargetTier {
			case TierLow:
				where = "at or below " + Money{b.b.Cuts.Low, p.Currency}.Display()
			case TierMid:
				where = fmt.Sprintf("above %s and at most %s", Money{b.b.Cuts.Low, p.Currency}.Display(), Money{b.b.Cuts.High, p.Currency}.Display())
			default:
				where = "above " + Money{b.b.Cuts.High, p.Currency}.Display()
			}
			g.Action = fmt.Sprintf("Reprice %s into the %s tier (%s) or change its target tier", p.SKU, p.TargetTier, where)
			out = append(out, g)
		}
	}

	for _, ml := range p.Listings {
		if !ml.Seen {
			continue
		}
		var prev *Offer
		if a.hasPrev[ml.Competitor] {
			prev = a.prevOf(ml.Competitor, ml.Key)
		}
		g := base
		g.Competitor, g.ListingKey, g.Stale = ml.Competitor, ml.Key, ml.Stale
		if ml.Compared && ml.Amount < p.Amount && prev != nil {
			if pp := effectivePrice(prev); pp != nil {
				if was, ok := a.fx.convert(pp.Amount, pp.Currency, p.Currency); ok && was >= p.Amount {
					below := abs(PercentChange(p.Amount, ml.Amount))
					g.Kind, g.Score = CompetitorUndercut, float64(below)/10
					g.Severity = SeverityLow
					switch {
					case below >= thr:
						g.Severity = SeverityHigh
					case below*3 >= thr:
						g.Severity = SeverityMedium
					}
					g.Detail = fmt.Sprintf("%s cut %q from %s to %s, %s below ours %s", ml.Competitor, ml.Title,
						Money{was, p.Currency}.Display(), Money{ml.Amount, p.Currency}.Display(), fmtPct(below), ours)
					g.Action = fmt.Sprintf("Decide whether to match %s on %s or hold our price", ml.Competitor, p.SKU)
					out = append(out, g)
				}
			}
		}
		if ml.Availability == OutOfStock {
			g.Kind, g.Severity, g.Score = CompetitorOutOfStock, SeverityLow, 0
			g.Detail = fmt.Sprintf("%s is out of stock of %q", ml.Competitor, ml.Title)
			if prev != nil && prev.Availability != OutOfStock {
				g.Severity, g.Score = SeverityMedium, 1
				g.Detail += " since the last run"
			}
			g.Action = fmt.Sprintf("Make sure %s is in stock and hold our price while %s is out", p.SKU, ml.Competitor)
			out = append(out, g)
		}
	}
	return out
}

// severityFor scales a price gap (tenths of a percent) against the
// threshold: beyond twice the threshold is high, beyond it medium.
func severityFor(pct, thr int64) Severity {
	switch {
	case pct > 2*thr:
		return SeverityHigh
	case pct > thr:
		return SeverityMedium
	}
	return SeverityLow
}

// plural writes a count with the right noun: "1 item", "3 items".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// fmtPct formats tenths of a percent: 125 is "12.5 %", 150 is "15 %".
func fmtPct(tenths int64) string {
	if tenths%10 == 0 {
		return fmt.Sprintf("%d %%", tenths/10)
	}
	return fmt.Sprintf("%d.%d %%", tenths/10, abs(tenths%10))
}
