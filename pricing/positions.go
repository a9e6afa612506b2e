package pricing

import (
	"fmt"
	"sort"
)

// MatchedListing is one competitor listing matched to one of our items, as
// the latest run saw it.
type MatchedListing struct {
	Competitor string      `json:"competitor"`
	Key        string      `json:"key"`
	Method     MatchMethod `json:"method"`
	// Seen is false when the latest run of the competitor did not list it;
	// then only the fields above are set.
	Seen         bool         `json:"seen"`
	Title        string       `json:"title,omitempty"`
	URL          string       `json:"url,omitempty"`
	Availability Availability `json:"availability,omitempty"`
	// Price is the price as the shop showed it; nil without one.
	Price *Money `json:"price,omitempty"`
	// Amount is Price in the position's Currency; valid when Compared.
	Amount Amount `json:"amount"`
	// Compared says the listing counts in Lowest, Median and Rank: it has
	// a price convertible to the position's currency and can be bought
	// (not out of stock, not discontinued).
	Compared bool `json:"compared"`
	// Reasons are the match's Reasons: why the pair was made.
	Reasons []string `json:"reasons,omitempty"`
	// Stale says the listing's competitor is in Market.Stale: its price
	// is from a run too old to trust.
	Stale bool `json:"stale,omitempty"`
}

// Position is where one of our catalog items stands in its market.
type Position struct {
	SKU        string `json:"sku"`
	Title      string `json:"title"`
	Category   string `json:"category"`
	Brand      string `json:"brand,omitempty"`
	Key        string `json:"key"` // the group, see CategoryBands.Key
	Price      Money  `json:"price"`
	TargetTier Tier   `json:"target_tier,omitempty"`
	// Currency is what the comparisons are in: the group's currency when
	// our price converts to it, else our own currency. Amount is our price
	// in it.
	Currency string `json:"currency"`
	Amount   Amount `json:"amount"`
	// Tier is "" when the group has no tiers or our price could not be
	// compared with it; Note then says why.
	Tier Tier   `json:"tier"`
	Note string `json:"note,omitempty"`
	// ToLower and ToUpper are the distances from our price to the tier's
	// edges (the market minimum, the cuts, the market maximum), and the
	// Pct fields the same as a percentage of our price: how much of a
	// price change would leave the tier. Set when Tier is not "".
	ToLower    Amount  `json:"to_lower"`
	ToUpper    Amount  `json:"to_upper"`
	ToLowerPct float64 `json:"to_lower_pct"`
	ToUpperPct float64 `json:"to_upper_pct"`

	Listings []MatchedListing `json:"listings,omitempty"`
	// Compared counts the listings that entered the comparison. Lowest,
	// Median and the indexes are set only when it is above zero; with
	// nothing compared we rank 1 of 1.
	Compared int    `json:"compared"`
	Lowest   Amount `json:"lowest"`
	Median   Amount `json:"median"`
	// IndexVsLowest is ours ÷ lowest, IndexVsMedian ours ÷ median: 1.10
	// means 10 % dearer.
	IndexVsLowest float64 `json:"index_vs_lowest"`
	IndexVsMedian float64 `json:"index_vs_median"`
	// Rank is our place among the Compared+1 sellers of the product,
	// 1 for the cheapest; equal prices share a rank.
	Rank    int `json:"rank"`
	Sellers int `json:"sellers"`
	// Stale says the position rests on stale data: a compared listing is
	// stale, or the tier it was placed by has stale offers in its group.
	Stale bool `json:"stale,omitempty"`
}

// position places each catalog item in its group and against its matches.
func (a *analyzer) position() {
	bySKU := map[string][]Match{}
	seen := map[[3]string]bool{}
	for _, m := range a.m.Matches {
		k := [3]string{m.CatalogSKU, m.Competitor, m.ListingKey}
		if seen[k] {
			continue
		}
		seen[k] = true
		bySKU[m.CatalogSKU] = append(bySKU[m.CatalogSKU], m)
	}
	a.out.Positions = make([]Position, 0, len(a.m.Catalog))
	for _, it := range a.m.Catalog {
		a.out.Positions = append(a.out.Positions, a.positionOf(it, bySKU[it.SKU]))
	}
	ps := a.out.Positions
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Category != ps[j].Category {
			return ps[i].Category < ps[j].Category
		}
		return ps[i].SKU < ps[j].SKU
	})
	a.finishBands()
}

func (a *analyzer) positionOf(it CatalogItem, matches []Match) Position {
	p := Position{
		SKU: it.SKU, Title: it.Title, Category: it.Category, Brand: it.Brand,
		Key: a.groupKey(it.Category, a.brandOf(it.Brand)), Price: it.Price, TargetTier: it.TargetTier,
		Currency: it.Price.Currency, Amount: it.Price.Amount,
	}
	if it.Price.Amount <= 0 {
		p.Note = "our price is not positive"
		return p
	}
	g := a.groups[p.Key]
	switch {
	case it.Category == "":
		p.Note = "no category"
	case g.b.Currency == "" || g.b.Currency == it.Price.Currency:
	default:
		if amt, ok := a.fx.convert(it.Price.Amount, it.Price.Currency, g.b.Currency); ok {
			p.Currency, p.Amount = g.b.Currency, amt
		} else {
			p.Note = fmt.Sprintf("priced in %s, the market in %s, and there is no FX rate", it.Price.Currency, g.b.Currency)
			g = nil
		}
	}
	if g != nil && p.Note == "" {
		b := &g.b
		b.Ours++
		if !b.Tiered {
			p.Note = "no tiers: " + b.Note
		} else {
			p.Tier = b.Cuts.TierOf(p.Amount)
			ti := tierIndex(p.Tier)
			b.Tiers[ti].Ours++
			lower := [3]Amount{b.Min, b.Cuts.Low, b.Cuts.High}[ti]
			upper := [3]Amount{b.Cuts.Low, b.Cuts.High, b.Max}[ti]
			p.ToLower, p.ToUpper = p.Amount-lower, upper-p.Amount
			p.ToLowerPct = 100 * float64(p.ToLower) / float64(p.Amount)
			p.ToUpperPct = 100 * float64(p.ToUpper) / float64(p.Amount)
			p.Stale = b.Stale
		}
	}

	var prices []Amount
	for _, m := range matches {
		ml := MatchedListing{Competitor: m.Competitor, Key: m.ListingKey, Method: m.Method, Reasons: copyStrings(m.Reasons), Stale: a.stale(m.Competitor)}
		if i, ok := a.curIdx[listingID{m.Competitor, m.ListingKey}]; ok {
			l := &a.cur[i]
			ml.Seen = true
			ml.Title, ml.URL, ml.Availability, ml.Price = l.offer.Title, l.offer.URL, l.offer.Availability, copyMoney(l.price)
			if l.price != nil && l.price.Amount > 0 && ml.Availability != OutOfStock && ml.Availability != Discontinued {
				if amt, ok := a.fx.convert(l.price.Amount, l.price.Currency, p.Currency); ok {
					ml.Amount, ml.Compared = amt, true
					prices = append(prices, amt)
					p.Stale = p.Stale || ml.Stale
				}
			}
		}
		p.Listings = append(p.Listings, ml)
	}
	sort.SliceStable(p.Listings, func(i, j int) bool {
		li, lj := p.Listings[i], p.Listings[j]
		if li.Competitor != lj.Competitor {
			return li.Competitor < lj.Competitor
		}
		return li.Key < lj.Key
	})
	p.Compared = len(prices)
	p.Sellers = len(prices) + 1
	p.Rank = 1
	if len(prices) > 0 {
		sort.Slice(prices, func(i, j int) bool { return prices[i] < prices[j] })
		p.Lowest, p.Median = prices[0], quantile(prices, 1, 2, digitsOf(p.Currency))
		p.IndexVsLowest = float64(p.Amount) / float64(p.Lowest)
		p.IndexVsMedian = float64(p.Amount) / float64(p.Median)
		p.Rank += sort.Search(len(prices), func(i int) bool { return prices[i] >= p.Amount })
	}
	return p
}

// finishBands computes our shares per tier and lays the groups out sorted.
func (a *analyzer) finishBands() {
	keys := sortedKeys(a.groups)
	a.out.Categories = make([]CategoryBands, 0, len(keys))
	for _, k := range keys {
		b := a.groups[k].b
		tiered := b.Tiers[0].Ours + b.Tiers[1].Ours + b.Tiers[2].Ours
		for i := range b.Tiers {
			if tiered > 0 {
				b.Tiers[i].OurPct = 100 * float64(b.Tiers[i].Ours) / float64(tiered)
			}
		}
		a.out.Categories = append(a.out.Categories, b)
	}
}
