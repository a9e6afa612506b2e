package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// Most of a crawl's offers are listings the previous crawl saw, unchanged:
// same URL, title, brand and the rest, only the price and stock moved. For
// those the only row to write is the observation; the listing and its
// version are already what they should be. A listingCache holds, for one
// competitor, what deciding that needs without a query per offer: for each
// listing the previous run saw, its id, the run it was first seen in, and the
// version that run saw when the listing still shows that content.
//
// The cache is loaded once per run, on the run's first batch, from the
// competitor's previous run (so its size is one crawl's listings, whatever
// the history's length), and dropped when the run finishes. Everything it
// holds is immutable in the database or only ever moves earlier (a listing's
// id, a version's id and hash; first_seen_run and a version's run_id can
// only decrease), so a stale entry can at worst send an offer down the
// slower path, which checks everything in SQL. The one exception is the
// listing's descriptive columns, which follow the newest run: another
// process writing the same competitor during the run could change them, and
// the crawl lock (LockCompetitor) is what keeps it out.

// cachedListing is what the cache knows of one listing. Only listings first
// seen no later than the cache's run, showing a version that took effect no
// later than it, are loaded: for those an offer of the same content moves
// neither first_seen_run nor the version's run back.
type cachedListing struct {
	id      int64 // listings.id
	version int64 // listing_versions.id of the content the listing shows
	hash    int64 // that version's hash
}

// fresh reports whether an offer with content hash h needs nothing written
// but its observation.
func (c cachedListing) fresh(h int64) bool { return c.hash == h }

// listingCache is the cache of one competitor, for one run.
type listingCache struct {
	run   int64
	byKey map[string]cachedListing // by listing key
}

// listingCaches are the caches of the competitors being saved through a DB.
type listingCaches struct {
	mu sync.Mutex
	m  map[string]*listingCache // by competitor
}

// lookupListings copies the entries of keys out of the cache of run's competitor,
// loading it first if it is missing or was loaded for another run. A key
// with no entry gets ok == false. It returns a database error only.
func (db *DB) lookupListings(ctx context.Context, run Run, keys []string) ([]cachedListing, []bool, error) {
	c := db.caches.get(run)
	if c == nil {
		var err error
		if c, err = db.loadListingCache(ctx, run); err != nil {
			return nil, nil, fmt.Errorf("listing cache of %s: %w", run.Competitor, err)
		}
		db.caches.put(run.Competitor, c)
	}
	out := make([]cachedListing, len(keys))
	ok := make([]bool, len(keys))
	db.caches.mu.Lock()
	for i, k := range keys {
		out[i], ok[i] = c.byKey[k]
	}
	db.caches.mu.Unlock()
	return out, ok, nil
}

func (cs *listingCaches) get(run Run) *listingCache {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if c := cs.m[run.Competitor]; c != nil && c.run == run.ID {
		return c
	}
	return nil
}

func (cs *listingCaches) put(competitor string, c *listingCache) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if cs.m == nil {
		cs.m = map[string]*listingCache{}
	}
	cs.m[competitor] = c
}

// forget drops keys from competitor's cache: their listings were just
// written the slow way, and what the cache says of them may be out of date.
func (cs *listingCaches) forget(competitor string, keys []string) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if c := cs.m[competitor]; c != nil {
		for _, k := range keys {
			delete(c.byKey, k)
		}
	}
}

// dropRun removes the cache loaded for run, when the run is over.
func (cs *listingCaches) dropRun(run int64) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	for competitor, c := range cs.m {
		if c.run == run {
			delete(cs.m, competitor)
		}
	}
}

// cacheSourceRun is the run whose listings seed run's cache: the newest
// earlier run of the competitor that finished successfully, else the newest
// earlier one at all (a competitor's first runs may all have failed). It
// returns ok == false when the competitor has no earlier run.
const cacheSourceRun = `SELECT ` + runColumns + ` FROM runs
	WHERE competitor = ? AND id < ?
	ORDER BY CASE WHEN status = 'succeeded' THEN 0 ELSE 1 END, id DESC
	LIMIT 1`

// loadListingCache reads the cache of run's competitor from the
// competitor's previous run: the listings that run saw whose descriptive
// columns still equal the version it saw. A listing whose content has moved
// on since is left out and takes the slower path once.
func (db *DB) loadListingCache(ctx context.Context, run Run) (*listingCache, error) {
	c := &listingCache{run: run.ID}
	var row runRow
	err := db.x.GetContext(ctx, &row, db.x.Rebind(cacheSourceRun), run.Competitor, run.ID)
	if err != nil {
		if err = convertErr(err); errors.Is(err, ErrNotFound) {
			c.byKey = map[string]cachedListing{}
			return c, nil
		}
		return nil, err
	}
	src := row.run()
	// The source run's item count, when it was finished, sizes the map
	// once instead of growing it through every doubling.
	c.byKey = make(map[string]cachedListing, src.Items)
	month, args := "", []any{src.ID}
	if db.dialect == DialectPostgres {
		month = ` AND o.run_month = CAST(? AS DATE)`
		args = append(args, monthKey(runMonth(src.StartedAt)))
	}
	args = append(args, run.ID, run.ID)
	// Four columns, not the six the test in Go would need: scanning a row
	// costs the driver per column, and this reads a whole run.
	q := db.x.Rebind(`SELECT l.key, l.id, v.id, v.hash
		FROM observations o
		JOIN listings l ON l.id = o.listing_id
		JOIN listing_versions v ON v.id = o.version_id
		WHERE o.run_id = ?` + month + `
		AND l.first_seen_run <= ? AND v.run_id <= ?
		AND v.url = l.url AND v.title = l.title AND v.brand = l.brand AND v.category = l.category
		AND v.source_category = l.source_category AND v.sku = l.sku AND v.gtin = l.gtin AND v.mpn = l.mpn
		AND v.image = l.image`)
	rows, err := db.x.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, convertErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		var e cachedListing
		if err := rows.Scan(&key, &e.id, &e.version, &e.hash); err != nil {
			return nil, convertErr(err)
		}
		c.byKey[key] = e
	}
	if err := rows.Err(); err != nil {
		return nil, convertErr(err)
	}
	return c, nil
}
