// Package digest assembles the weekly competitor digest from the store: it
// reads each competitor's runs for a window (Load), analyses the market,
// fills in what the analysis alone cannot say (gone listings' last prices,
// the price history of the biggest movers) and lays it out as a
// render.Digest (Build); then renders it in any of the report's formats
// (Render, WriteFile) and hands it to notify's destinations (Send).
//
// `report digest`, `report serve`, `report positioning`/`plan` and the
// crawler daemon's digest job all build the digest here, so they show the
// same numbers. The package reads the store and the pure render package;
// it never imports the scraper, so the report command stays free of Colly.
package digest

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/shelfwatch/shelfwatch/config"
	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/render"
	"github.com/shelfwatch/shelfwatch/store"
)

// Options tune Build.
type Options struct {
	// Pricing are the analysis options (the config's pricing: section).
	Pricing pricing.Options
	// StaleAfter is the stale_after rule; nil is config.DefaultStaleAfter
	// for every competitor.
	StaleAfter StaleAfter
	// MoverHistories reads the price history of the biggest movers for
	// the HTML digest's charts (a few hundred rows; skip it for formats
	// that show no charts).
	MoverHistories bool
}

// Build reads the market of win from db and lays out the digest made at
// now: runs compared, tiers, positions, gaps, changes with gone listings'
// last prices, data quality and, with opt.MoverHistories, the movers'
// price-history charts. It also returns what was loaded, for callers that
// show more of it (serve's offers and competitor pages). Errors are the
// store's, wrapped.
func Build(ctx context.Context, db HistoryStore, win Window, now time.Time, opt Options) (render.Digest, *Loaded, error) {
	staleAfter := opt.StaleAfter
	if staleAfter == nil {
		staleAfter = func(string, time.Time) time.Duration { return config.DefaultStaleAfter }
	}
	l, err := Load(ctx, db, win, now, staleAfter)
	if err != nil {
		return render.Digest{}, nil, err
	}
	d := l.Digest(opt.Pricing, now)
	if err := LastPrices(ctx, db, &d.Analysis, win.Until); err != nil {
		return d, l, err
	}
	if opt.MoverHistories {
		if d.Histories, err = MoverHistories(ctx, db, d, now); err != nil {
			return d, l, err
		}
	}
	return d, l, nil
}

// RunInfo describes a run for the digest's runs and data-quality sections.
func RunInfo(r store.Run) render.RunInfo {
	return render.RunInfo{
		Competitor: r.Competitor, RunID: r.ID, Status: string(r.Status),
		StartedAt: r.StartedAt, FinishedAt: r.FinishedAt,
		Pages: r.Pages, Items: r.Items, WithPrice: r.WithPrice, Errors: r.Errors, Reason: r.Reason,
	}
}

// Digest lays out what the digest made at now shows of the loaded market:
// the analysis, the runs compared, the unusable runs and the candidates to
// review. It reads nothing more (see Build).
func (l *Loaded) Digest(opt pricing.Options, now time.Time) render.Digest {
	d := render.Digest{GeneratedAt: now, From: l.Window.From, Until: l.Window.Until, AsOf: l.AsOf, Week: l.Window.Week,
		Since: l.Window.Until.Sub(l.Window.From), Freshness: l.Fresh, NoRuns: l.NoRuns, Candidates: len(l.Candidates),
		Review: l.ReviewCandidates(), Analysis: l.Analyze(opt)}
	for _, s := range l.Market.Current {
		d.Current = append(d.Current, RunInfo(l.RunByID[s.RunID]))
	}
	for _, s := range l.Market.Previous {
		d.Previous = append(d.Previous, RunInfo(l.RunByID[s.RunID]))
	}
	for _, r := range l.Unusable {
		d.Quality = append(d.Quality, RunInfo(r))
	}
	return d
}

// LastPrices gives each "gone" change that the previous run saw without a
// price the last price any succeeded run of the competitor saw before
// until, so a gone row always says what the listing last cost. It reads
// the history of those listings only (a few per week), through the listing
// index.
func LastPrices(ctx context.Context, db PriceHistorian, a *pricing.Analysis, until time.Time) error {
	var refs []store.ListingRef
	for _, c := range a.Changes {
		if c.Kind == pricing.Gone && c.From == nil {
			refs = append(refs, store.ListingRef{Competitor: c.Competitor, Key: c.Key})
		}
	}
	if len(refs) == 0 {
		return nil
	}
	points, err := db.PriceHistory(ctx, refs, time.Time{})
	if err != nil {
		return fmt.Errorf("last prices of gone listings: %w", err)
	}
	last := map[store.ListingRef]*pricing.Money{}
	for _, p := range points { // oldest first per listing: the last one wins
		if p.RunStatus == store.RunSucceeded && p.Price != nil && p.At.Before(until) {
			last[store.ListingRef{Competitor: p.Competitor, Key: p.Key}] = p.Price
		}
	}
	for i := range a.Changes {
		c := &a.Changes[i]
		if c.Kind == pricing.Gone && c.From == nil {
			c.From = last[store.ListingRef{Competitor: c.Competitor, Key: c.Key}]
		}
	}
	return nil
}

// MoverHistoryWeeks is how far back a mover's chart in the HTML digest
// reaches, and MoverCharts how many movers get one: enough to see the
// move in context while keeping an emailed page small.
const (
	MoverHistoryWeeks = 26
	MoverCharts       = 40
)

// MoverHistories reads the price history of the biggest price moves of d
// (at most MoverCharts, MoverHistoryWeeks back from the window's end) for
// the HTML digest's charts. Each chart carries our price when the listing
// is matched to one of our items in the same currency.
func MoverHistories(ctx context.Context, db PriceHistorian, d render.Digest, now time.Time) ([]render.MoverHistory, error) {
	var movers []pricing.Change
	for _, c := range d.Analysis.Changes {
		if c.Kind == pricing.PriceUp || c.Kind == pricing.PriceDown {
			movers = append(movers, c)
		}
	}
	sort.SliceStable(movers, func(i, j int) bool { return abs(movers[i].Pct) > abs(movers[j].Pct) })
	if len(movers) > MoverCharts {
		movers = movers[:MoverCharts]
	}
	if len(movers) == 0 {
		return nil, nil
	}
	ours := map[store.ListingRef]pricing.Position{}
	for _, p := range d.Analysis.Positions {
		for _, l := range p.Listings {
			ours[store.ListingRef{Competitor: l.Competitor, Key: l.Key}] = p
		}
	}
	refs := make([]store.ListingRef, len(movers))
	for i, c := range movers {
		refs[i] = store.ListingRef{Competitor: c.Competitor, Key: c.Key}
	}
	until := d.Until
	if until.IsZero() || until.After(now) {
		until = now
	}
	points, err := db.PriceHistory(ctx, refs, until.AddDate(0, 0, -7*MoverHistoryWeeks))
	if err != nil {
		return nil, fmt.Errorf("movers' price history: %w", err)
	}
	byRef := map[store.ListingRef][]render.HistoryPoint{}
	for _, p := range points {
		if p.At.Before(until) {
			ref := store.ListingRef{Competitor: p.Competitor, Key: p.Key}
			byRef[ref] = append(byRef[ref], render.HistoryPointOf(p.RunID, string(p.RunStatus), p.At, p.Price, string(p.Availability)))
		}
	}
	out := make([]render.MoverHistory, 0, len(movers))
	for i, c := range movers {
		f := render.HistoryFeed{Title: c.Title, Category: c.Category,
			Listings: []render.HistoryListing{{Competitor: c.Competitor, Key: c.Key, Title: c.Title, Points: byRef[refs[i]]}}}
		if c.To != nil {
			f.Price.Currency = c.To.Currency
		}
		if p, ok := ours[refs[i]]; ok && p.Price.Currency == f.Price.Currency {
			f.SKU, f.Price = p.SKU, render.MoneyFeed{Amount: p.Price.Amount, Currency: p.Price.Currency}
		}
		out = append(out, render.MoverHistory{Competitor: c.Competitor, Key: c.Key, Feed: f})
	}
	return out, nil
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}
