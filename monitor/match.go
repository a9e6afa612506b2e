package monitor

import (
	"context"
	"fmt"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/pricing/match"
	"github.com/shelfwatch/shelfwatch/store"
)

// MatchStore is what matching needs from the database.
type MatchStore interface {
	ListingSource
	Competitors(ctx context.Context) ([]string, error)
	Catalog(ctx context.Context) ([]pricing.CatalogItem, error)
	Matches(ctx context.Context) ([]store.MatchRecord, error)
	ReplaceMatcherResults(ctx context.Context, ms []store.MatchRecord) error
}

// ListingSource is what reading the current market needs from the database.
type ListingSource interface {
	LatestRuns(ctx context.Context, competitor string, status store.RunStatus, n int) ([]store.Run, error)
	RunOffers(ctx context.Context, runID int64) ([]pricing.Offer, error)
}

// MatchReport is what a re-match stored.
type MatchReport struct {
	// Auto matches (the digest uses them), Candidates for people to review,
	// Decided: the decisions people made, kept as they are.
	Auto, Candidates, Decided int
	// Invalid are catalog items the matcher could not read, one line each.
	Invalid []string
}

// MatchOptions are the matcher's defaults overridden by the config.
func (m *Monitor) MatchOptions() match.Options {
	opt := match.DefaultOptions()
	if m.Config == nil {
		return opt
	}
	c := m.Config.Matching
	if c.AutoThreshold > 0 {
		opt.AutoThreshold = c.AutoThreshold
	}
	if c.CandidateThreshold > 0 {
		opt.CandidateThreshold = c.CandidateThreshold
	}
	if c.MaxCandidates > 0 {
		opt.MaxCandidates = c.MaxCandidates
	}
	opt.BrandAliases = c.BrandAliases
	return opt
}

// Rematch pairs our catalog with every competitor's latest successful run
// and stores the matcher's results: automatic matches, which the digest
// uses, and candidates for `report matches --review`. People's decisions
// (confirmed, rejected) always win and are never overwritten. It runs after
// every crawl and import, so the stored matches always describe the current
// market. Errors are the database's, wrapped.
func Rematch(ctx context.Context, db MatchStore, opt match.Options) (MatchReport, error) {
	var rep MatchReport
	items, err := db.Catalog(ctx)
	if err != nil {
		return rep, fmt.Errorf("match: %w", err)
	}
	comps, err := db.Competitors(ctx)
	if err != nil {
		return rep, fmt.Errorf("match: %w", err)
	}
	offers, err := LatestOffers(ctx, db, comps)
	if err != nil {
		return rep, fmt.Errorf("match: %w", err)
	}
	stored, err := db.Matches(ctx)
	if err != nil {
		return rep, fmt.Errorf("match: %w", err)
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
		return rep, fmt.Errorf("match: %w", err)
	}
	for _, inv := range res.Invalid {
		if inv.CatalogSKU != "" {
			rep.Invalid = append(rep.Invalid, fmt.Sprintf("catalog item %s: %s %q: %v", inv.CatalogSKU, inv.Field, inv.Value, inv.Err))
		}
	}
	rep.Auto, rep.Candidates, rep.Decided = len(recs)-len(res.Candidates), len(res.Candidates), len(decisions)
	return rep, nil
}

// LatestOffers returns the offers of each competitor's latest successful
// run: the market as it stands.
func LatestOffers(ctx context.Context, db ListingSource, comps []string) ([]pricing.Offer, error) {
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
