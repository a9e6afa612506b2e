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
	// for New and Gone.
	Pct int64 `json:"pct"`
}

// changes compares each competitor's current run with its previous one.
// Only competitors with both runs produce changes. A listing whose price
// appeared, vanished or changed currency (without FX rates to compare the
// two) produces no price change: those are not moves a buyer would see.
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
	a.out.Changes = out
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
