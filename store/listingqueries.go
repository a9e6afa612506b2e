package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// The queries over a listing's observations through time. Each is answered
// from indexes (listings by competitor and key, observations_listing by
// listing and run, listing_versions by id) whatever the history's length;
// TestQueryPlans holds them to that with EXPLAIN on both databases.

// RunOffer is an offer with the run that observed it.
type RunOffer struct {
	RunID int64
	Offer pricing.Offer
}

// latestOffersQuery is the latest offer per listing of a competitor, on
// SQLite: the observation of the newest run that saw the listing, found
// through observations_listing (listing, run) in one index probe.
const latestOffersQuery = `SELECT ` + offerColumns + `
	FROM listings l
	JOIN observations o ON o.listing_id = l.id
		AND o.run_id = (SELECT MAX(x.run_id) FROM observations x WHERE x.listing_id = l.id)
	JOIN listing_versions v ON v.id = o.version_id
	WHERE l.competitor = ?
	ORDER BY l.key`

// latestOffersQueryPG is the same on PostgreSQL, where a listing's newest
// observation through observations_listing costs one probe per monthly
// partition, dozens after a few years. Most listings were seen by the
// competitor's newest run that saw anything (the second and third
// parameters: its id and month), and their observation there is one probe
// of one partition's primary key; only a listing that run missed falls
// through to the newest observation in any partition. LIMIT 1 stops the
// Append at the first branch that gives a row, so the second is not run
// for the others. LATERAL makes both branches index probes per listing:
// the plan cannot turn into a scan of every observation however many there
// are.
const latestOffersQueryPG = `SELECT ` + offerColumns + `
	FROM listings l
	CROSS JOIN LATERAL (
		(SELECT * FROM observations o1
			WHERE o1.run_id = CAST(? AS BIGINT) AND o1.run_month = CAST(? AS DATE) AND o1.listing_id = l.id)
		UNION ALL
		(SELECT * FROM observations o2 WHERE o2.listing_id = l.id ORDER BY o2.run_id DESC LIMIT 1)
		LIMIT 1
	) o
	JOIN listing_versions v ON v.id = o.version_id
	WHERE l.competitor = ?
	ORDER BY l.key`

// newestObservedRun is the competitor's newest run with any observation.
// A run holds its observations in its own month's partition, found by the
// leading run_id of each partition's primary key.
const newestObservedRun = `SELECT ` + runColumns + ` FROM runs r
	WHERE r.competitor = ? AND EXISTS (SELECT 1 FROM observations o WHERE o.run_id = r.id)
	ORDER BY r.id DESC
	LIMIT 1`

// latestOffers returns the query and arguments of the latest offer per
// listing of competitor on db's dialect. ok is false when the competitor
// has no observations at all.
func (db *DB) latestOffers(ctx context.Context, competitor string) (q string, args []any, ok bool, err error) {
	if db.dialect != DialectPostgres {
		return db.x.Rebind(latestOffersQuery), []any{competitor}, true, nil
	}
	var row runRow
	if err := db.x.GetContext(ctx, &row, db.x.Rebind(newestObservedRun), competitor); err != nil {
		if err = convertErr(err); errors.Is(err, ErrNotFound) {
			return "", nil, false, nil
		}
		return "", nil, false, err
	}
	r := row.run()
	return db.x.Rebind(latestOffersQueryPG), []any{r.ID, monthKey(runMonth(r.StartedAt)), competitor}, true, nil
}

// LatestOffers returns, for every listing of competitor, the offer of the
// last run that saw it, ordered by key; a listing gone from recent runs
// still shows its last offer. It returns a database error only; an unknown
// competitor gives none.
func (db *DB) LatestOffers(ctx context.Context, competitor string) ([]RunOffer, error) {
	c := clean(competitor)
	q, args, ok, err := db.latestOffers(ctx, c)
	if err == nil && !ok {
		return []RunOffer{}, nil
	}
	var out []RunOffer
	if err == nil {
		out, err = db.queryOffers(ctx, competitor, q, args...)
	}
	if err != nil {
		return nil, fmt.Errorf("latest offers of %s: %w", competitor, err)
	}
	return out, nil
}

// offerBeforeQuery is a listing's observation in the last run before a
// given one that saw it.
const offerBeforeQuery = `SELECT ` + offerColumns + `
	FROM listings l
	JOIN observations o ON o.listing_id = l.id
	JOIN listing_versions v ON v.id = o.version_id
	WHERE l.competitor = ? AND l.key = ? AND o.run_id < ?
	ORDER BY o.run_id DESC
	LIMIT 1`

// OfferBefore returns the offer of competitor's listing key in the last run
// before run runID that saw it: what a change is measured from. It returns
// an error wrapping ErrNotFound when no earlier run saw the listing.
func (db *DB) OfferBefore(ctx context.Context, competitor, key string, runID int64) (RunOffer, error) {
	out, err := db.queryOffers(ctx, competitor, db.x.Rebind(offerBeforeQuery), clean(competitor), clean(key), runID)
	if err == nil && len(out) == 0 {
		err = ErrNotFound
	}
	if err != nil {
		return RunOffer{}, fmt.Errorf("offer of %s/%s before run %d: %w", competitor, key, runID, err)
	}
	return out[0], nil
}

// offerHistoryQuery is every observation of one listing, oldest run first.
const offerHistoryQuery = `SELECT ` + offerColumns + `
	FROM listings l
	JOIN observations o ON o.listing_id = l.id
	JOIN listing_versions v ON v.id = o.version_id
	WHERE l.competitor = ? AND l.key = ?
	ORDER BY o.run_id`

// OfferHistory returns every offer of competitor's listing key, one per run
// that saw it, oldest run first, each with the title and other fields as
// that run saw them. It returns a database error only; an unknown listing
// has no history.
func (db *DB) OfferHistory(ctx context.Context, competitor, key string) ([]RunOffer, error) {
	out, err := db.queryOffers(ctx, competitor, db.x.Rebind(offerHistoryQuery), clean(competitor), clean(key))
	if err != nil {
		return nil, fmt.Errorf("history of %s/%s: %w", competitor, key, err)
	}
	return out, nil
}

// queryOffers runs a query of offerColumns for one competitor.
func (db *DB) queryOffers(ctx context.Context, competitor, q string, args ...any) ([]RunOffer, error) {
	rows, err := db.x.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, convertErr(err)
	}
	defer rows.Close()
	sc := offerScanner{competitor: clean(competitor), amounts: db.amounts}
	out := []RunOffer{}
	for rows.Next() {
		o, run, err := sc.scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, RunOffer{RunID: run, Offer: o})
	}
	if err := rows.Err(); err != nil {
		return nil, convertErr(err)
	}
	return out, nil
}
