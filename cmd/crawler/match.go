package main

import (
	"context"
	"fmt"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/pricing/match"
	"github.com/shelfwatch/shelfwatch/scraper"
	"github.com/shelfwatch/shelfwatch/store"
)

// matchStore is what matching needs from the database.
type matchStore interface {
	Competitors(ctx context.Context) ([]string, error)
	LatestRuns(ctx context.Context, competitor string, status store.RunStatus, n int) ([]store.Run, error)
	RunOffers(ctx context.Context, runID int64) ([]pricing.Offer, error)
	Catalog(ctx context.Context) ([]pricing.CatalogItem, error)
	Matches(ctx context.Context) ([]store.MatchRecord, error)
	ReplaceMatcherResults(ctx context.Context, ms []store.MatchRecord) error
}

// rematch pairs our catalog with every competitor's latest successful run
// and stores the matcher's results: automatic matches, which the digest
// uses, and candidates for `report matches --review`. People's decisions
// (confirmed, rejected) always win and are never overwritten. It runs after
// every crawl and import, so the stored matches always describe the current
// market.
func rematch(ctx context.Context, e *env, db matchStore, opt match.Options) error {
	items, err := db.Catalog(ctx)
	if err != nil {
		return fmt.Errorf("match: %w", err)
	}
	comps, err := db.Competitors(ctx)
	if err != nil {
		return fmt.Errorf("match: %w", err)
	}
	offers, err := latestOffers(ctx, db, comps)
	if err != nil {
		return fmt.Errorf("match: %w", err)
	}
	stored, err := db.Matches(ctx)
	if err != nil {
		return fmt.Errorf("match: %w", err)
	}
	var decisions []match.Decision
	for _, m := range stored {
		if m.Decision == store.DecisionConfirmed || m.Decision == store.DecisionRejected {
			decisions = append(decisions, match.Decision{CatalogSKU: m.CatalogSKU, Competitor: m.Competitor, ListingKey: m.ListingKey, Confirmed: m.Decision == store.DecisionConfirmed})
		}
	}
	res := match.Run(items, offers, decisions, opt)
	recs := make([]store.MatchRecord, 0, len(res.Matches)+len(res.Candidates))
	for _, m := range res.Matches {
		if m.Method == pricing.MatchConfirmed {
			continue // already stored as a person's decision
		}
		recs = append(recs, store.MatchRecord{Match: m, Decision: store.DecisionAuto})
	}
	for _, m := range res.Candidates {
		recs = append(recs, store.MatchRecord{Match: m, Decision: store.DecisionCandidate})
	}
	if err := db.ReplaceMatcherResults(ctx, recs); err != nil {
		return fmt.Errorf("match: %w", err)
	}
	for _, inv := range res.Invalid {
		if inv.CatalogSKU != "" {
			fmt.Fprintf(e.stderr, "warning: catalog item %s: %s %q: %v\n", inv.CatalogSKU, inv.Field, inv.Value, inv.Err)
		}
	}
	fmt.Fprintf(e.stdout, "matches: %d automatic, %d candidates for review (report matches --review), %d decided by people\n",
		len(recs)-len(res.Candidates), len(res.Candidates), len(decisions))
	return nil
}

// listingSource is what reading the current market needs from the database.
type listingSource interface {
	LatestRuns(ctx context.Context, competitor string, status store.RunStatus, n int) ([]store.Run, error)
	RunOffers(ctx context.Context, runID int64) ([]pricing.Offer, error)
}

// latestOffers returns the offers of each competitor's latest successful
// run: the market as it stands.
func latestOffers(ctx context.Context, db listingSource, comps []string) ([]pricing.Offer, error) {
	var offers []pricing.Offer
	for _, c := range comps {
		runs, err := db.LatestRuns(ctx, c, store.RunSucceeded, 1)
		if err != nil {
			return nil, err
		}
		if len(runs) == 0 {
			continue
		}
		os, err := db.RunOffers(ctx, runs[0].ID)
		if err != nil {
			return nil, err
		}
		offers = append(offers, os...)
	}
	return offers, nil
}

// matchOptions are the matcher's defaults overridden by the config.
func matchOptions(cfg *scraper.Config) match.Options {
	opt := match.DefaultOptions()
	m := cfg.Matching
	if m.AutoThreshold > 0 {
		opt.AutoThreshold = m.AutoThreshold
	}
	if m.CandidateThreshold > 0 {
		opt.CandidateThreshold = m.CandidateThreshold
	}
	if m.MaxCandidates > 0 {
		opt.MaxCandidates = m.MaxCandidates
	}
	opt.BrandAliases = m.BrandAliases
	return opt
}
