package alert

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// Run is one crawl run as the rules see it.
type Run struct {
	ID int64
	// Status is the store's run status ("succeeded", "suspect", "failed",
	// ...).
	Status     string
	Reason     string
	StartedAt  time.Time
	FinishedAt time.Time
}

// The run statuses the rules read.
const (
	StatusSucceeded = "succeeded"
	StatusSuspect   = "suspect"
)

// Snapshot is a successful run and the offers it saw.
type Snapshot struct {
	Run    Run
	Offers []pricing.Offer
}

// Competitor is what the rules know of one competitor.
type Competitor struct {
	Name string
	// Latest is its latest finished run, whatever its status; nil when it
	// has none.
	Latest *Run
	// Current and Previous are its two latest successful runs, newest
	// first; nil when it has fewer. Suspect runs are never among them: a
	// price seen through a bot wall or a broken layout is no news.
	Current, Previous *Snapshot
	// FirstStarted is when its first run started; zero when it has none.
	FirstStarted time.Time
}

// Input is what Evaluate reads.
type Input struct {
	Now     time.Time
	Catalog []pricing.CatalogItem
	// Matches are the usable pairs of our items and competitor listings:
	// automatic and confirmed ones, never candidates or rejected ones.
	Matches     []pricing.Match
	Competitors []Competitor
}

// Evaluate applies cfg's rules to in and returns the alerts they raise,
// sorted by competitor, then our SKU, kind and listing. It returns every
// alert the current state holds, old or new: the caller's store tells which
// keys were seen before. It is a pure function of its arguments.
func Evaluate(cfg Config, in Input) []Alert {
	items := make(map[string]pricing.CatalogItem, len(in.Catalog))
	for _, it := range in.Catalog {
		items[it.SKU] = it
	}
	comps := make(map[string]*Competitor, len(in.Competitors))
	for i := range in.Competitors {
		comps[in.Competitors[i].Name] = &in.Competitors[i]
	}
	var out []Alert
	// Item rules: each watched item's matched listings.
	seen := map[string]bool{}
	for _, m := range in.Matches {
		it, ok := items[m.CatalogSKU]
		c := comps[m.Competitor]
		if !ok || c == nil || c.Current == nil || !cfg.Watches(m.CatalogSKU) {
			continue
		}
		// A pair stored twice (say confirmed and automatic) is one pair.
		pair := m.CatalogSKU + "\x00" + m.Competitor + "\x00" + m.ListingKey
		if seen[pair] {
			continue
		}
		seen[pair] = true
		cur := find(c.Current.Offers, m.ListingKey)
		if cur == nil {
			continue // gone from the shop: the digest's business
		}
		var prev *pricing.Offer
		if c.Previous != nil {
			prev = find(c.Previous.Offers, m.ListingKey)
		}
		base := Alert{
			Competitor: m.Competitor, SKU: it.SKU, ItemTitle: it.Title,
			ListingKey: m.ListingKey, ListingTitle: cur.Title, URL: cur.URL,
			RunID: c.Current.Run.ID, At: in.Now,
		}
		if r, ok := cfg.Rule(PriceMove); ok && prev != nil {
			if a, ok := priceMove(r, base, prev, cur, c.Previous.Run.ID); ok {
				out = append(out, a)
			}
		}
		if r, ok := cfg.Rule(Undercut); ok {
			if a, ok := undercut(r, base, it, cur); ok {
				out = append(out, a)
			}
		}
		if _, ok := cfg.Rule(Stock); ok && prev != nil {
			if a, ok := stock(base, prev, cur); ok {
				out = append(out, a)
			}
		}
	}
	// Competitor rules.
	if r, ok := cfg.Rule(RunQuality); ok {
		for i := range in.Competitors {
			c := &in.Competitors[i]
			if a, ok := suspect(c, in.Now); ok {
				out = append(out, a)
			}
			if a, ok := stale(r, c, in.Now); ok {
				out = append(out, a)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Alert) int {
		return cmp.Or(cmp.Compare(a.Competitor, b.Competitor), cmp.Compare(a.SKU, b.SKU),
			cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.ListingKey, b.ListingKey), cmp.Compare(a.Key, b.Key))
	})
	return out
}

func find(offers []pricing.Offer, key string) *pricing.Offer {
	for i := range offers {
		if offers[i].Key == key {
			return &offers[i]
		}
	}
	return nil
}

// price is the offer's price as the digest reads it: the selling price, or
// the low end of a range.
func price(o *pricing.Offer) *pricing.Money {
	if o.Price != nil {
		return o.Price
	}
	return o.MinPrice
}

// over reports whether the change from base to v is more than tenths
// tenths of a percent, either way, exactly: |v−base|·1000 > tenths·base.
func over(base, v pricing.Amount, tenths int64) bool {
	d := int64(v) - int64(base)
	if d < 0 {
		d = -d
	}
	return d != 0 && d*1000 > tenths*int64(base)
}

// priceMove raises PriceUp or PriceDown when the listing's price moved by
// more than the rule's percentage between the two runs. A price that
// appeared, vanished or changed currency is no move. Its key holds the two
// runs, so each move is told once, and a price that goes back and forth is
// told each time.
func priceMove(r Rule, a Alert, prev, cur *pricing.Offer, prevRun int64) (Alert, bool) {
	from, to := price(prev), price(cur)
	if from == nil || to == nil || from.Currency != to.Currency || from.Amount <= 0 || !over(from.Amount, to.Amount, r.PctTenths) {
		return a, false
	}
	a.Kind, a.Rule = PriceUp, PriceMove
	if to.Amount < from.Amount {
		a.Kind = PriceDown
	}
	a.From, a.To = copyMoney(from), copyMoney(to)
	a.Pct = float64(pricing.PercentChange(from.Amount, to.Amount)) / 10
	a.Key = fmt.Sprintf("%s|%s|%s|%s|runs %d>%d", a.Kind, a.SKU, a.Competitor, a.ListingKey, prevRun, a.RunID)
	return a, true
}

// undercut raises Undercuts when the listing, in stock, sells below our
// item's price by more than the rule's percentage. Prices in different
// currencies are not compared (no rates here). A listing out of stock or
// discontinued undercuts no one: nobody can buy it. Its key holds both
// prices, so the same undercut is told once however many crawls see it,
// and a deeper cut, or a change of our own price, is told again.
func undercut(r Rule, a Alert, it pricing.CatalogItem, cur *pricing.Offer) (Alert, bool) {
	ours, theirs := it.Price, price(cur)
	if theirs == nil || theirs.Currency != ours.Currency || ours.Amount <= 0 || theirs.Amount <= 0 ||
		theirs.Amount >= ours.Amount || !over(ours.Amount, theirs.Amount, r.PctTenths) {
		return a, false
	}
	if cur.Availability == pricing.OutOfStock || cur.Availability == pricing.Discontinued {
		return a, false
	}
	a.Kind, a.Rule = Undercuts, Undercut
	a.Ours, a.To = copyMoney(&ours), copyMoney(theirs)
	a.Pct = float64(pricing.PercentChange(ours.Amount, theirs.Amount)) / 10
	a.Key = fmt.Sprintf("%s|%s|%s|%s|%s<%s", a.Kind, a.SKU, a.Competitor, a.ListingKey, theirs, ours)
	return a, true
}

// stock raises StockOut and StockBack as the digest counts them: in stock
// to out of stock and back. Unknown availability on either side is no
// change (an error page must never read as a sell-out), nor are pre-order
// and discontinued.
func stock(a Alert, prev, cur *pricing.Offer) (Alert, bool) {
	switch {
	case prev.Availability == pricing.InStock && cur.Availability == pricing.OutOfStock:
		a.Kind = StockOut
	case prev.Availability == pricing.OutOfStock && cur.Availability == pricing.InStock:
		a.Kind = StockBack
	default:
		return a, false
	}
	a.Rule = Stock
	a.From, a.To = copyMoney(price(prev)), copyMoney(price(cur))
	a.Key = fmt.Sprintf("%s|%s|%s|%s|run %d", a.Kind, a.SKU, a.Competitor, a.ListingKey, a.RunID)
	return a, true
}

// suspect raises SuspectRun for a competitor whose latest run is suspect.
// Its key holds the latest successful run, not the suspect one: a shop
// behind a bot wall stays suspect crawl after crawl, and that is told once,
// when it turns; after a good run, a new suspect spell is told again.
func suspect(c *Competitor, now time.Time) (Alert, bool) {
	if c.Latest == nil || c.Latest.Status != StatusSuspect {
		return Alert{}, false
	}
	var good int64
	if c.Current != nil {
		good = c.Current.Run.ID
	}
	return Alert{
		Key: fmt.Sprintf("%s|%s|after run %d", SuspectRun, c.Name, good), Kind: SuspectRun, Rule: RunQuality,
		Competitor: c.Name, RunID: c.Latest.ID, Reason: c.Latest.Reason, At: now,
	}, true
}

// stale raises Stale for a competitor whose latest successful run finished
// longer ago than the rule allows, or which has tried and never succeeded
// for that long. A competitor never crawled is not stale: nothing was
// expected of it yet. The key holds the latest successful run, so a stale
// spell is told once, and the next one, after a success, again.
func stale(r Rule, c *Competitor, now time.Time) (Alert, bool) {
	a := Alert{Kind: Stale, Rule: RunQuality, Competitor: c.Name, At: now}
	switch {
	case c.Current != nil:
		last := c.Current.Run.FinishedAt
		if last.IsZero() {
			last = c.Current.Run.StartedAt
		}
		if now.Sub(last) <= r.staleAfter() {
			return a, false
		}
		a.RunID, a.LastSuccess = c.Current.Run.ID, last.UTC()
	case !c.FirstStarted.IsZero():
		if now.Sub(c.FirstStarted) <= r.staleAfter() {
			return a, false
		}
		a.Since = c.FirstStarted.UTC()
	default:
		return a, false
	}
	a.Key = fmt.Sprintf("%s|%s|last run %d", Stale, c.Name, a.RunID)
	return a, true
}

func copyMoney(m *pricing.Money) *pricing.Money {
	if m == nil {
		return nil
	}
	c := *m
	return &c
}
