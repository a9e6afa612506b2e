package store

// The write and read paths of schema version 4, when every observation
// carried its listing's descriptive fields. A database is only at version 4
// while Open is told to stop there (WithSchemaVersion, used by the migration
// tests to build the database an older release left behind, written by that
// release's own code); Open otherwise migrates it to the current schema.

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// upsertListingV4 inserts or refreshes a listing of schema 4 and returns its
// id: the descriptive fields and last_seen_run follow the newest run.
const upsertListingV4 = listingInsertV4 + listingRowV4 + listingConflictV4 + `
	RETURNING id`

const (
	listingInsertV4 = `INSERT INTO listings
	(competitor, key, url, title, brand, category, source_category, sku, gtin, mpn, image, first_seen_run, last_seen_run)
	VALUES `
	listingRowV4      = `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	listingColumnsV4  = 13
	listingConflictV4 = `
	ON CONFLICT (competitor, key) DO UPDATE SET
	url      = CASE WHEN excluded.last_seen_run >= listings.last_seen_run THEN excluded.url ELSE listings.url END,
	title    = CASE WHEN excluded.last_seen_run >= listings.last_seen_run THEN excluded.title ELSE listings.title END,
	brand    = CASE WHEN excluded.last_seen_run >= listings.last_seen_run THEN excluded.brand ELSE listings.brand END,
	category = CASE WHEN excluded.last_seen_run >= listings.last_seen_run THEN excluded.category ELSE listings.category END,
	source_category = CASE WHEN excluded.last_seen_run >= listings.last_seen_run
		THEN excluded.source_category ELSE listings.source_category END,
	sku      = CASE WHEN excluded.last_seen_run >= listings.last_seen_run THEN excluded.sku ELSE listings.sku END,
	gtin     = CASE WHEN excluded.last_seen_run >= listings.last_seen_run THEN excluded.gtin ELSE listings.gtin END,
	mpn      = CASE WHEN excluded.last_seen_run >= listings.last_seen_run THEN excluded.mpn ELSE listings.mpn END,
	image    = CASE WHEN excluded.last_seen_run >= listings.last_seen_run THEN excluded.image ELSE listings.image END,
	first_seen_run = CASE WHEN excluded.first_seen_run < listings.first_seen_run
		THEN excluded.first_seen_run ELSE listings.first_seen_run END,
	last_seen_run  = CASE WHEN excluded.last_seen_run > listings.last_seen_run
		THEN excluded.last_seen_run ELSE listings.last_seen_run END`
)

// upsertObservationV4 writes one listing's observation in one run; writing the
// same run again replaces it.
const upsertObservationV4 = observationInsertV4 + observationRowV4 + observationConflictV4

const (
	observationInsertV4 = `INSERT INTO observations
	(listing_id, run_id, url, title, brand, category, source_category, sku, gtin, mpn, image,
	 price, list_price, min_price, max_price, currency, availability, sales, reviews, source, observed_at)
	VALUES `
	observationRowV4      = `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	observationColumnsV4  = 21
	observationConflictV4 = `
	ON CONFLICT (listing_id, run_id) DO UPDATE SET
	url = excluded.url, title = excluded.title, brand = excluded.brand, category = excluded.category,
	source_category = excluded.source_category, sku = excluded.sku, gtin = excluded.gtin, mpn = excluded.mpn, image = excluded.image,
	price = excluded.price, list_price = excluded.list_price, min_price = excluded.min_price,
	max_price = excluded.max_price, currency = excluded.currency, availability = excluded.availability,
	sales = excluded.sales, reviews = excluded.reviews, source = excluded.source,
	observed_at = excluded.observed_at`
)

// offerArgsV4 is one offer made storable, in the order of the statements'
// columns.
type offerArgsV4 struct {
	t      offerText
	source string
	o      *pricing.Offer
}

// writeOffersBulkV4 writes offers with multi-row upserts of at most maxParams
// parameters each: the listings, returning their ids, then the observations.
// Rows of one statement must not share a key (PostgreSQL refuses to update a
// row twice in one statement), so a repeated key starts a new statement;
// statements run in the offers' order, so the last of repeated offers wins,
// as it does row by row. Failures other than transient ones come back as a
// *bulkError.
func writeOffersBulkV4(ctx context.Context, e sqlx.ExtContext, maxParams int, run Run, offers []pricing.Offer) error {
	limit := max(maxParams/max(listingColumnsV4, observationColumnsV4), 1)
	rows := make([]offerArgsV4, 0, min(len(offers), limit))
	seen := make(map[string]struct{}, min(len(offers), limit))
	var args []any
	ids := make(map[string]int64, min(len(offers), limit))
	flush := func() error {
		if len(rows) == 0 {
			return nil
		}
		if err := upsertListingsV4(ctx, e, run, rows, &args, ids); err != nil {
			return err
		}
		if err := upsertObservationsV4(ctx, e, run, rows, &args, ids); err != nil {
			return err
		}
		rows = rows[:0]
		clear(seen)
		clear(ids)
		return nil
	}
	for i := range offers {
		o := &offers[i]
		t := text(o)
		if _, dup := seen[t.key]; dup || len(rows) == limit {
			if err := flush(); err != nil {
				return err
			}
		}
		source, err := json.Marshal(o.Source)
		if err != nil { // a map[string]string always marshals; kept for safety
			return &bulkError{err: err}
		}
		seen[t.key] = struct{}{}
		rows = append(rows, offerArgsV4{t: t, source: string(source), o: o})
	}
	return flush()
}

// upsertListingsV4 upserts the listings of rows in one statement and records
// their ids by key in ids. args is scratch space, reused between calls.
func upsertListingsV4(ctx context.Context, e sqlx.ExtContext, run Run, rows []offerArgsV4, args *[]any, ids map[string]int64) error {
	a := (*args)[:0]
	for i := range rows {
		t := &rows[i].t
		a = append(a, run.Competitor, t.key, t.url, t.title, t.brand, t.category, t.sourceCategory,
			t.sku, t.gtin, t.mpn, t.image, run.ID, run.ID)
	}
	*args = a
	q := e.Rebind(multiRow(listingInsertV4, listingRowV4, len(rows), listingConflictV4+`
	RETURNING id, key`))
	res, err := e.QueryContext(ctx, q, a...)
	if err != nil {
		return bulkFail("listings", err)
	}
	defer res.Close()
	for res.Next() {
		var id int64
		var key string
		if err := res.Scan(&id, &key); err != nil {
			return bulkFail("listings", err)
		}
		ids[key] = id
	}
	if err := res.Err(); err != nil {
		return bulkFail("listings", err)
	}
	if err := res.Close(); err != nil {
		return bulkFail("listings", err)
	}
	if len(ids) != len(rows) {
		return &bulkError{err: fmt.Errorf("listings: %d ids returned for %d rows", len(ids), len(rows))}
	}
	return nil
}

// upsertObservationsV4 upserts the observations of rows in one statement, with
// the listing ids upsertListings found.
func upsertObservationsV4(ctx context.Context, e sqlx.ExtContext, run Run, rows []offerArgsV4, args *[]any, ids map[string]int64) error {
	a := (*args)[:0]
	for i := range rows {
		r := &rows[i]
		t, o := &r.t, r.o
		id, ok := ids[t.key]
		if !ok {
			return &bulkError{err: fmt.Errorf("listings: no id returned for %q", t.key)}
		}
		a = append(a, id, run.ID, t.url, t.title, t.brand, t.category, t.sourceCategory,
			t.sku, t.gtin, t.mpn, t.image,
			amountsCents.arg(o.Price), amountsCents.arg(o.ListPrice), amountsCents.arg(o.MinPrice), amountsCents.arg(o.MaxPrice),
			clean(currency(o)), clean(string(o.Availability)), nullInt(o.Sales), nullInt(o.Reviews),
			r.source, nullTime(o.ObservedAt))
	}
	*args = a
	q := e.Rebind(multiRow(observationInsertV4, observationRowV4, len(rows), observationConflictV4))
	if _, err := e.ExecContext(ctx, q, a...); err != nil {
		return bulkFail("observations", err)
	}
	return nil
}

// writeOffersV4 writes offers with two prepared statements; first is the index
// of offers[0] in the caller's slice, for messages.
func writeOffersV4(ctx context.Context, e preparer, run Run, first int, offers []pricing.Offer) error {
	listStmt, err := e.PrepareContext(ctx, e.Rebind(upsertListingV4))
	if err != nil {
		return fmt.Errorf("prepare listing upsert: %w", convertErr(err))
	}
	defer listStmt.Close()
	obsStmt, err := e.PrepareContext(ctx, e.Rebind(upsertObservationV4))
	if err != nil {
		return fmt.Errorf("prepare observation upsert: %w", convertErr(err))
	}
	defer obsStmt.Close()

	for i := range offers {
		o := &offers[i]
		t := text(o)
		var id int64
		err := listStmt.QueryRowContext(ctx, run.Competitor, t.key, t.url, t.title, t.brand, t.category, t.sourceCategory,
			t.sku, t.gtin, t.mpn, t.image, run.ID, run.ID).Scan(&id)
		if err != nil {
			return fmt.Errorf("offer %d %s: listing: %w", first+i, offerName(o), convertErr(err))
		}
		source, err := json.Marshal(o.Source)
		if err != nil { // a map[string]string always marshals; kept for safety
			return fmt.Errorf("offer %d %s: source: %w", first+i, offerName(o), err)
		}
		_, err = obsStmt.ExecContext(ctx, id, run.ID, t.url, t.title, t.brand, t.category, t.sourceCategory,
			t.sku, t.gtin, t.mpn, t.image,
			amountsCents.arg(o.Price), amountsCents.arg(o.ListPrice), amountsCents.arg(o.MinPrice), amountsCents.arg(o.MaxPrice),
			clean(currency(o)), clean(string(o.Availability)), nullInt(o.Sales), nullInt(o.Reviews),
			string(source), nullTime(o.ObservedAt))
		if err != nil {
			return fmt.Errorf("offer %d %s: observation: %w", first+i, offerName(o), convertErr(err))
		}
	}
	return nil
}

// runOffersV4 is RunOffers on a schema 4 database.
func (db *DB) runOffersV4(ctx context.Context, runID int64) ([]pricing.Offer, error) {
	q := db.x.Rebind(`SELECT l.competitor, l.key, o.url, o.title, o.brand, o.category, o.source_category, o.sku, o.gtin,
		o.mpn, o.image, o.price, o.list_price, o.min_price, o.max_price, o.currency, o.availability,
		o.sales, o.reviews, o.source, o.observed_at
		FROM observations o JOIN listings l ON l.id = o.listing_id
		WHERE o.run_id = ?
		ORDER BY l.competitor, l.key`)
	rows, err := db.x.QueryxContext(ctx, q, runID)
	if err != nil {
		return nil, fmt.Errorf("offers of run %d: %w", runID, convertErr(err))
	}
	defer rows.Close()
	offers := []pricing.Offer{}
	var row offerRow
	for rows.Next() {
		row = offerRow{}
		if err := rows.StructScan(&row); err != nil {
			return nil, fmt.Errorf("offers of run %d: %w", runID, convertErr(err))
		}
		o, err := row.offer()
		if err != nil {
			return nil, fmt.Errorf("offers of run %d: %w", runID, err)
		}
		offers = append(offers, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("offers of run %d: %w", runID, convertErr(err))
	}
	return offers, nil
}
