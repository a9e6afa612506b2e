package digest

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/render"
	"github.com/shelfwatch/shelfwatch/store"
)

// Store is what loading the market reads from the database; *store.DB
// implements it.
type Store interface {
	Competitors(ctx context.Context) ([]string, error)
	Runs(ctx context.Context, competitor string, since time.Time) ([]store.Run, error)
	RunOffers(ctx context.Context, runID int64) ([]pricing.Offer, error)
	Catalog(ctx context.Context) ([]pricing.CatalogItem, error)
	Matches(ctx context.Context) ([]store.MatchRecord, error)
}

// PriceHistorian is the store method the price history of listings needs
// (gone rows' last prices, the HTML digest's mover charts).
type PriceHistorian interface {
	PriceHistory(ctx context.Context, refs []store.ListingRef, since time.Time) ([]store.PricePoint, error)
}

// HistoryStore is what building a whole digest reads: the market and the
// price history of some of its listings.
type HistoryStore interface {
	Store
	PriceHistorian
}

// StaleAfter says how old a competitor's last successful run may be at a
// moment before its data is stale; (*config.Config).StaleAfterFor is one.
type StaleAfter func(competitor string, at time.Time) time.Duration

// Loaded is the market as the database knows it for one window, plus what
// the digest says about data quality.
type Loaded struct {
	Market pricing.Market
	// Runs are each competitor's runs in the window, newest first, for the
	// data-quality section and serve's competitor pages.
	Runs map[string][]store.Run
	// Unusable are the ended runs in the window that are not usable
	// (failed, suspect, interrupted, abandoned), newest first: they feed
	// no bands, changes or flags.
	Unusable []store.Run
	// Candidates are match suggestions waiting for a person's review.
	Candidates []store.MatchRecord
	// NoRuns lists competitors with no usable run at all.
	NoRuns []string
	// RunByID holds every run read, for describing snapshots.
	RunByID map[int64]store.Run
	// Fresh is the age of every competitor's data, by name.
	Fresh []render.Freshness
	// Window is the span the market was read for, AsOf the moment ages
	// are measured at.
	Window Window
	AsOf   time.Time
}

// Usable reports whether a run's data may feed the analysis: a failed,
// interrupted or abandoned run stopped part-way and a suspect run looks
// broken, and any of them would show "gone" listings and price moves that
// never happened.
func Usable(r store.Run) bool { return r.Status == store.RunSucceeded }

// Load reads, for every competitor, its latest usable run that started
// before the window's end (Current) and, when that run lies in the window,
// the one to compare it with (Previous): the newest usable run that started
// at or before the window's start, or, when the window holds the
// competitor's whole history, the oldest usable run in it. A competitor
// whose latest usable run is older than the window still feeds the market
// (an old price beats none) but gets no Previous, so none of its old moves
// are shown as this week's; staleAfter decides whether its data is stale,
// measured at the window's end (or now, if that is earlier), and stale data
// is marked wherever it is used. Errors are the store's, wrapped.
func Load(ctx context.Context, db Store, win Window, now time.Time, staleAfter StaleAfter) (*Loaded, error) {
	comps, err := db.Competitors(ctx)
	if err != nil {
		return nil, err
	}
	asOf := win.AsOf(now)
	l := &Loaded{Runs: map[string][]store.Run{}, RunByID: map[int64]store.Run{}, Window: win, AsOf: asOf}
	l.Market.Now = asOf
	for _, c := range comps {
		runs, err := db.Runs(ctx, c, time.Time{})
		if err != nil {
			return nil, fmt.Errorf("runs of %s: %w", c, err)
		}
		f := render.Freshness{Competitor: c, StaleAfter: staleAfter(c, asOf)}
		var ok []store.Run // usable and started before the window's end, newest first
		for _, r := range runs {
			l.RunByID[r.ID] = r
			if !r.StartedAt.Before(win.Until) {
				if Usable(r) && (f.Newer.IsZero() || r.StartedAt.Before(f.Newer)) {
					f.Newer = r.StartedAt
				}
				continue
			}
			if !r.StartedAt.Before(win.From) {
				l.Runs[c] = append(l.Runs[c], r)
				if !Usable(r) && r.Status != store.RunRunning {
					l.Unusable = append(l.Unusable, r)
				}
			}
			if Usable(r) {
				ok = append(ok, r)
			}
		}
		if len(ok) == 0 {
			f.Stale = true
			l.Fresh = append(l.Fresh, f)
			l.NoRuns = append(l.NoRuns, c)
			continue
		}
		cur := &ok[0]
		f.RunID, f.LastRun, f.InWindow = cur.ID, cur.StartedAt, !cur.StartedAt.Before(win.From)
		if asOf.After(cur.StartedAt) {
			f.Age = asOf.Sub(cur.StartedAt)
		}
		f.Stale = f.Age > f.StaleAfter
		l.Fresh = append(l.Fresh, f)
		if f.Stale {
			if l.Market.Stale == nil {
				l.Market.Stale = map[string]bool{}
			}
			l.Market.Stale[c] = true
		}
		var prev *store.Run
		if f.InWindow {
			for i := 1; i < len(ok); i++ {
				prev = &ok[i]
				if !prev.StartedAt.After(win.From) {
					break
				}
			}
		}
		snap, err := snapshot(ctx, db, *cur)
		if err != nil {
			return nil, err
		}
		l.Market.Current = append(l.Market.Current, snap)
		if prev != nil {
			ps, err := snapshot(ctx, db, *prev)
			if err != nil {
				return nil, err
			}
			l.Market.Previous = append(l.Market.Previous, ps)
		}
	}
	sort.Slice(l.Fresh, func(i, j int) bool { return l.Fresh[i].Competitor < l.Fresh[j].Competitor })
	if l.Market.Catalog, err = db.Catalog(ctx); err != nil {
		return nil, err
	}
	ms, err := db.Matches(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		switch m.Decision {
		case store.DecisionAuto, store.DecisionConfirmed:
			l.Market.Matches = append(l.Market.Matches, m.Match)
		case store.DecisionCandidate:
			l.Candidates = append(l.Candidates, m)
		}
	}
	sort.Slice(l.Unusable, func(i, j int) bool { return l.Unusable[i].StartedAt.After(l.Unusable[j].StartedAt) })
	return l, nil
}

func snapshot(ctx context.Context, db Store, r store.Run) (pricing.Snapshot, error) {
	offers, err := db.RunOffers(ctx, r.ID)
	if err != nil {
		return pricing.Snapshot{}, fmt.Errorf("offers of run %d (%s): %w", r.ID, r.Competitor, err)
	}
	return pricing.Snapshot{Competitor: r.Competitor, RunID: r.ID, At: r.StartedAt, Offers: offers}, nil
}

// Analyze runs the window's analysis over the loaded market, comparing
// cut points with those of the previous runs' market.
func (l *Loaded) Analyze(opt pricing.Options) pricing.Analysis {
	m := l.Market
	if len(m.Previous) > 0 {
		prev := pricing.Analyze(pricing.Market{Current: m.Previous}, opt)
		m.PrevCuts = map[string]pricing.Cuts{}
		for _, c := range prev.Categories {
			if c.Tiered {
				m.PrevCuts[c.Key] = c.Cuts
			}
		}
	}
	return pricing.Analyze(m, opt)
}

// ReviewCandidates describes the match candidates waiting for review with
// both sides' titles and prices and the matcher's reasons, for the review
// sheet and the JSON digest.
func (l *Loaded) ReviewCandidates() []render.Candidate {
	ours := map[string]pricing.CatalogItem{}
	for _, it := range l.Market.Catalog {
		ours[it.SKU] = it
	}
	type lk struct{ comp, key string }
	theirs := map[lk]*pricing.Offer{}
	for _, s := range l.Market.Current {
		for i := range s.Offers {
			o := &s.Offers[i]
			theirs[lk{s.Competitor, o.Key}] = o
		}
	}
	cs := make([]render.Candidate, 0, len(l.Candidates))
	for _, m := range l.Candidates {
		c := render.Candidate{CatalogSKU: m.CatalogSKU, Competitor: m.Competitor, ListingKey: m.ListingKey,
			Method: string(m.Method), Score: m.Score, Reasons: m.Reasons}
		if it, ok := ours[m.CatalogSKU]; ok {
			price := it.Price
			c.OurTitle, c.OurPrice = it.Title, &price
		}
		if o, ok := theirs[lk{m.Competitor, m.ListingKey}]; ok {
			c.ListingTitle, c.ListingURL, c.TheirPrice = o.Title, o.URL, o.Price
		}
		cs = append(cs, c)
	}
	return cs
}

// CurrentOffers indexes the offers of the loaded current runs by listing,
// for describing listings whose history is shown.
func (l *Loaded) CurrentOffers() map[store.ListingRef]pricing.Offer {
	current := map[store.ListingRef]pricing.Offer{}
	for _, c := range l.Market.Current {
		for _, o := range c.Offers {
			current[store.ListingRef{Competitor: c.Competitor, Key: o.Key}] = o
		}
	}
	return current
}
