package pricing

import "sort"

// ChangeKind says what changed about a listing between two runs.
type ChangeKind string

// The change kinds.
const (
	PriceUp   ChangeKind = "price_up"
	PriceDown ChangeKind = "price_down"
	New       ChangeKind = "new"  // listed now, not in the previous run
	Gone      ChangeKind = "gone" // listed in the previous run, not now
	// StockOut and StockBack are a listing present in both runs whose
	// availability went from in stock (or limited) to out of stock, and
	// back. A listing can have a price change and a stock change at once.
	StockOut  ChangeKind = "stock_out"
	StockBack ChangeKind = "stock_back"
)

// Change is one listing's change between a competitor's previous and
// current run.
type Change struct {
	Kind       ChangeKind `json:"kind"`
	Competitor string     `json:"competitor"`
	Key        string     `json:"key"`
	Title      string     `json:"title"`
	Category   string     `json:"category"`
	// From is nil for New, To is nil for Gone; either may be nil for a
	// listing that showed no price.
	From *Money `json:"from,omitempty"`
	To   *Money `json:"to,omitempty"`
	// Pct is the price change in tenths of a percent (PercentChange); 0
	// for New, Gone, StockOut and StockBack. A stock change carries the
	// listing's price before (From) and now (To) as context, either nil
	// when not shown.
	Pct int64 `json:"pct"`
	// Stale says the competitor is in Market.Stale: the change happened
	// between runs too old to be this week's news.
	Stale bool `json:"stale,omitempty"`
}

// changes compares each competitor's current run with its previous one.
// Only competitors with both runs produce changes. A listing whose price
// appeared, vanished or changed currency (without FX rates to compare the
// two) produces no price change: those are not moves a buyer would see.
// A listing in both runs may also produce a stock change (see stockChange),
// next to its price change.
func (a *analyzer) changes() {
	var out []Change
	for i := range a.cur {
		l := &a.cur[i]
		if !a.hasPrev[l.competitor] {
			continue
		}
		o, cur := l.offer, l.price
		if l.prev == nil {
			out = append(out, Change{Kind: New, Competitor: l.competitor, Key: o.Key, Title: o.Title, Category: o.Category, To: copyMoney(cur)})
			continue
		}
		prev := effectivePrice(l.prev)
		if k, ok := stockChange(l.prev.Availability, o.Availability); ok {
			// The prices are context (what it cost when it went, what it
			// costs now it is back); Pct stays 0 as for New and Gone.
			out = append(out, Change{Kind: k, Competitor: l.competitor, Key: o.Key, Title: o.Title, Category: o.Category,
				From: copyMoney(prev), To: copyMoney(cur)})
		}
		if prev == nil || cur == nil {
			continue
		}
		from, ok := a.fx.convert(prev.Amount, prev.Currency, cur.Currency)
		if !ok || from == cur.Amount {
			continue
		}
		c := Change{Kind: PriceUp, Competitor: l.competitor, Key: o.Key, Title: o.Title, Category: o.Category,
			From: copyMoney(prev), To: copyMoney(cur), Pct: PercentChange(from, cur.Amount)}
		if cur.Amount < from {
			c.Kind = PriceDown
		}
		out = append(out, c)
	}
	for _, p := range a.prevs {
		if p.inCur || !a.hasCurrent(p.competitor) {
			continue
		}
		o := p.offer
		out = append(out, Change{Kind: Gone, Competitor: p.competitor, Key: o.Key, Title: o.Title, Category: o.Category, From: copyMoney(effectivePrice(o))})
	}
	sort.SliceStable(out, func(i, j int) bool {
		ci, cj := &out[i], &out[j]
		if ci.Competitor != cj.Competitor {
			return ci.Competitor < cj.Competitor
		}
		if ci.Category != cj.Category {
			return ci.Category < cj.Category
		}
		if pi, pj := abs(ci.Pct), abs(cj.Pct); pi != pj {
			return pi > pj
		}
		if ci.Kind != cj.Kind {
			return ci.Kind < cj.Kind
		}
		return ci.Key < cj.Key
	})
	for i := range out {
		out[i].Stale = a.stale(out[i].Competitor)
	}
	a.out.Changes = out
}

// stockChange says whether a listing's availability moving from prev to cur
// is a stock change a buyer would act on: in stock (which includes the
// shops' "limited" and "few left") to out of stock is StockOut, and back is
// StockBack. Unknown availability on either side is no change: an error
// page or a bot wall must never read as a listing selling out or returning.
// Pre-order and discontinued are neither in nor out of stock here: a
// pre-order was never on the shelf, and a discontinued listing is not coming
// back, so neither is a stock movement to react to week by week.
func stockChange(prev, cur Availability) (ChangeKind, bool) {
	switch {
	case prev == InStock && cur == OutOfStock:
		return StockOut, true
	case prev == OutOfStock && cur == InStock:
		return StockBack, true
	}
	return "", false
}

// CountChanges counts changes by kind, so summaries need not walk the list
// themselves.
func CountChanges(cs []Change) map[ChangeKind]int {
	n := make(map[ChangeKind]int, 6)
	for _, c := range cs {
		n[c.Kind]++
	}
	return n
}

func (a *analyzer) hasCurrent(competitor string) bool {
	if a.current == nil {
		a.current = make(map[string]bool, len(a.m.Current))
		for _, s := range a.m.Current {
			a.current[s.Competitor] = true
		}
	}
	return a.current[competitor]
}

// copyMoney copies money out of the caller's offers, so an Analysis never
// aliases (or lets its user modify) the Market it came from.
func copyMoney(m *Money) *Money {
	if m == nil {
		return nil
	}
	c := *m
	return &c
}

// copyStrings copies a list out of the caller's matches, like copyMoney.
func copyStrings(s []string) []string {
	if s == nil {
		return nil
	}
	return append([]string{}, s...)
}
