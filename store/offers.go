package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// upsertListing inserts or refreshes a listing and returns its id. The
// descriptive fields and last_seen_run follow the newest run, so re-saving an
// old run does not roll a listing back. It is assembled from its parts so the
// multi-row form (see writeOffersBulk) is the same statement with more rows.
const upsertListing = listingInsert + listingRow + listingConflict + `
	RETURNING id`

const (
	listingInsert = `INSERT INTO listings
	(competitor, key, url, title, brand, category, sku, gtin, mpn, image, first_seen_run, last_seen_run)
	VALUES `
	listingRow      = `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	listingColumns  = 12
	listingConflict = `
	ON CONFLICT (competitor, key) DO UPDATE SET
	url      = CASE WHEN excluded.last_seen_run >= listings.last_seen_run THEN excluded.url ELSE listings.url END,
	title    = CASE WHEN excluded.last_seen_run >= listings.last_seen_run THEN excluded.title ELSE listings.title END,
	brand    = CASE WHEN excluded.last_seen_run >= listings.last_seen_run THEN excluded.brand ELSE listings.brand END,
	category = CASE WHEN excluded.last_seen_run >= listings.last_seen_run THEN excluded.category ELSE listings.category END,
	sku      = CASE WHEN excluded.last_seen_run >= listings.last_seen_run THEN excluded.sku ELSE listings.sku END,
	gtin     = CASE WHEN excluded.last_seen_run >= listings.last_seen_run THEN excluded.gtin ELSE listings.gtin END,
	mpn      = CASE WHEN excluded.last_seen_run >= listings.last_seen_run THEN excluded.mpn ELSE listings.mpn END,
	image    = CASE WHEN excluded.last_seen_run >= listings.last_seen_run THEN excluded.image ELSE listings.image END,
	first_seen_run = CASE WHEN excluded.first_seen_run < listings.first_seen_run
		THEN excluded.first_seen_run ELSE listings.first_seen_run END,
	last_seen_run  = CASE WHEN excluded.last_seen_run > listings.last_seen_run
		THEN excluded.last_seen_run ELSE listings.last_seen_run END`
)

// upsertObservation writes one listing's observation in one run; writing the
// same run again replaces it.
const upsertObservation = observationInsert + observationRow + observationConflict

const (
	observationInsert = `INSERT INTO observations
	(listing_id, run_id, url, title, brand, category, sku, gtin, mpn, image,
	 price, list_price, min_price, max_price, currency, availability, sales, reviews, source, observed_at)
	VALUES `
	observationRow      = `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	observationColumns  = 20
	observationConflict = `
	ON CONFLICT (listing_id, run_id) DO UPDATE SET
	url = excluded.url, title = excluded.title, brand = excluded.brand, category = excluded.category,
	sku = excluded.sku, gtin = excluded.gtin, mpn = excluded.mpn, image = excluded.image,
	price = excluded.price, list_price = excluded.list_price, min_price = excluded.min_price,
	max_price = excluded.max_price, currency = excluded.currency, availability = excluded.availability,
	sales = excluded.sales, reviews = excluded.reviews, source = excluded.source,
	observed_at = excluded.observed_at`
)

// SaveOffers records the offers observed in run runID: each listing is
// created or refreshed and its observation in that run written. Saving the
// same run again updates the observations rather than adding rows, and an
// offer repeated within one call keeps its last values.
//
// Offers are written in batches (500 per transaction), each with a few
// multi-row statements: a batch is written whole or not at all. A batch that
// fails with a transient error (SQLite busy, PostgreSQL serialization failure
// or deadlock) is retried a few times with back-off; any other failure stops
// SaveOffers, leaving earlier batches saved, and the error names the batch
// and the offer, so the caller can mark the run failed.
//
// Every offer must belong to the run's competitor (an empty Competitor is
// taken as the run's), have a Key, and use one currency across its prices;
// otherwise nothing is written and the error names the offer. It returns an
// error wrapping ErrNotFound for an unknown run, ErrConstraint for an offer
// the schema rejects (an unknown availability, say), and ErrBusy when the
// retries ran out.
func (db *DB) SaveOffers(ctx context.Context, runID int64, offers []pricing.Offer) error {
	run, err := getRun(ctx, db.x, runID)
	if err != nil {
		return fmt.Errorf("save offers: %w", err)
	}
	for i := range offers {
		if err := checkOffer(&offers[i], run.Competitor); err != nil {
			return fmt.Errorf("save offers of run %d: offer %d: %w", runID, i, err)
		}
	}
	size := max(db.batchSize, 1)
	for batch, start := 0, 0; start < len(offers); batch, start = batch+1, start+size {
		end := min(start+size, len(offers))
		if err := db.saveBatch(ctx, run, batch, start, offers[start:end]); err != nil {
			return fmt.Errorf("save offers of run %d: batch %d (offers %d-%d): %w", runID, batch, start, end-1, err)
		}
	}
	return nil
}

// checkOffer returns an error describing why o cannot be stored for a run of
// competitor.
func checkOffer(o *pricing.Offer, competitor string) error {
	if o.Competitor != "" && o.Competitor != competitor {
		return fmt.Errorf("%s: competitor %q, but the run is of %q", offerName(o), o.Competitor, competitor)
	}
	if o.Key == "" {
		return fmt.Errorf("%s: empty key", offerName(o))
	}
	cur, ok := "", false
	for _, m := range []*pricing.Money{o.Price, o.ListPrice, o.MinPrice, o.MaxPrice} {
		if m == nil {
			continue
		}
		if ok && m.Currency != cur {
			return fmt.Errorf("%s: prices in both %q and %q", offerName(o), cur, m.Currency)
		}
		cur, ok = m.Currency, true
	}
	return nil
}

// offerName identifies an offer in messages.
func offerName(o *pricing.Offer) string {
	if o.URL != "" && o.URL != o.Key {
		return fmt.Sprintf("%q (%s)", o.Key, o.URL)
	}
	return fmt.Sprintf("%q", o.Key)
}

// saveBatch writes one batch in a transaction, retrying transient failures.
//
// The batch goes in with a few multi-row statements (writeOffersBulk), which
// cost a round trip each instead of two per offer. When one of them fails
// for good, the failing row is not known, so the batch is written again, in
// a fresh transaction, one statement per row (writeOffers): that either finds
// and names the offending offer, exactly as writing row by row always did, or
// saves the batch.
func (db *DB) saveBatch(ctx context.Context, run Run, batch, first int, offers []pricing.Offer) error {
	wait := db.retryWait
	for attempt := 0; ; attempt++ {
		write := func(tx *sqlx.Tx) error {
			if err := writeOffersBulk(ctx, tx, db.maxParams(), run, offers); err != nil {
				return err
			}
			return db.runBatchHook(batch, attempt)
		}
		err := db.inTx(ctx, write)
		var bulk *bulkError
		if errors.As(err, &bulk) && ctx.Err() == nil {
			db.log.DebugContext(ctx, "offer batch failed whole; writing it row by row to find the offer",
				"dsn", db.dsn, "run", run.ID, "batch", batch, "attempt", attempt+1, "err", err)
			err = db.inTx(ctx, func(tx *sqlx.Tx) error {
				if err := writeOffers(ctx, tx, run, first, offers); err != nil {
					return err
				}
				return db.runBatchHook(batch, attempt)
			})
		}
		if err == nil || !isTransient(err) || attempt+1 >= db.attempts {
			return err
		}
		db.log.WarnContext(ctx, "retrying offer batch", "dsn", db.dsn, "run", run.ID,
			"batch", batch, "attempt", attempt+1, "wait", wait, "err", err)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%w (retry abandoned: %w)", err, ctx.Err())
		case <-t.C:
		}
		wait *= 2
	}
}

// runBatchHook runs the tests' batch hook, if any.
func (db *DB) runBatchHook(batch, attempt int) error {
	if db.batchHook != nil {
		return convertErr(db.batchHook(batch, attempt))
	}
	return nil
}

// maxParams is how many parameters one statement may carry: SQLite's
// SQLITE_MAX_VARIABLE_NUMBER as modernc.org/sqlite builds it, and the
// 16-bit parameter count of PostgreSQL's wire protocol.
func (db *DB) maxParams() int {
	if db.dialect == DialectSQLite {
		return 32766
	}
	return 65535
}

// bulkError is a multi-row statement's non-transient failure; which offer
// caused it is not known.
type bulkError struct{ err error }

func (e *bulkError) Error() string { return e.err.Error() }
func (e *bulkError) Unwrap() error { return e.err }

// bulkFail classifies err from a multi-row statement: transient errors are
// returned for saveBatch to retry, anything else becomes a *bulkError.
func bulkFail(what string, err error) error {
	err = fmt.Errorf("%s: %w", what, convertErr(err))
	if isTransient(err) {
		return err
	}
	return &bulkError{err: err}
}

// offerArgs is one offer made storable, in the order of the statements'
// columns.
type offerArgs struct {
	t      offerText
	source string
	o      *pricing.Offer
}

// writeOffersBulk writes offers with multi-row upserts of at most maxParams
// parameters each: the listings, returning their ids, then the observations.
// Rows of one statement must not share a key (PostgreSQL refuses to update a
// row twice in one statement), so a repeated key starts a new statement;
// statements run in the offers' order, so the last of repeated offers wins,
// as it does row by row. Failures other than transient ones come back as a
// *bulkError.
func writeOffersBulk(ctx context.Context, e sqlx.ExtContext, maxParams int, run Run, offers []pricing.Offer) error {
	limit := max(maxParams/max(listingColumns, observationColumns), 1)
	rows := make([]offerArgs, 0, min(len(offers), limit))
	seen := make(map[string]struct{}, min(len(offers), limit))
	var args []any
	ids := make(map[string]int64, min(len(offers), limit))
	flush := func() error {
		if len(rows) == 0 {
			return nil
		}
		if err := upsertListings(ctx, e, run, rows, &args, ids); err != nil {
			return err
		}
		if err := upsertObservations(ctx, e, run, rows, &args, ids); err != nil {
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
		rows = append(rows, offerArgs{t: t, source: string(source), o: o})
	}
	return flush()
}

// upsertListings upserts the listings of rows in one statement and records
// their ids by key in ids. args is scratch space, reused between calls.
func upsertListings(ctx context.Context, e sqlx.ExtContext, run Run, rows []offerArgs, args *[]any, ids map[string]int64) error {
	a := (*args)[:0]
	for i := range rows {
		t := &rows[i].t
		a = append(a, run.Competitor, t.key, t.url, t.title, t.brand, t.category,
			t.sku, t.gtin, t.mpn, t.image, run.ID, run.ID)
	}
	*args = a
	q := e.Rebind(multiRow(listingInsert, listingRow, len(rows), listingConflict+`
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

// upsertObservations upserts the observations of rows in one statement, with
// the listing ids upsertListings found.
func upsertObservations(ctx context.Context, e sqlx.ExtContext, run Run, rows []offerArgs, args *[]any, ids map[string]int64) error {
	a := (*args)[:0]
	for i := range rows {
		r := &rows[i]
		t, o := &r.t, r.o
		id, ok := ids[t.key]
		if !ok {
			return &bulkError{err: fmt.Errorf("listings: no id returned for %q", t.key)}
		}
		a = append(a, id, run.ID, t.url, t.title, t.brand, t.category,
			t.sku, t.gtin, t.mpn, t.image,
			amount(o.Price), amount(o.ListPrice), amount(o.MinPrice), amount(o.MaxPrice),
			clean(currency(o)), clean(string(o.Availability)), nullInt(o.Sales), nullInt(o.Reviews),
			r.source, nullTime(o.ObservedAt))
	}
	*args = a
	q := e.Rebind(multiRow(observationInsert, observationRow, len(rows), observationConflict))
	if _, err := e.ExecContext(ctx, q, a...); err != nil {
		return bulkFail("observations", err)
	}
	return nil
}

// multiRow returns head, then row n times separated by commas, then tail.
func multiRow(head, row string, n int, tail string) string {
	var b strings.Builder
	b.Grow(len(head) + n*(len(row)+2) + len(tail))
	b.WriteString(head)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	b.WriteString(tail)
	return b.String()
}

// preparer is what writeOffers needs: sqlx's extension interface plus
// prepared statements, which both *sqlx.DB and *sqlx.Tx provide.
type preparer interface {
	sqlx.ExtContext
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// writeOffers writes offers with two prepared statements; first is the index
// of offers[0] in the caller's slice, for messages.
func writeOffers(ctx context.Context, e preparer, run Run, first int, offers []pricing.Offer) error {
	listStmt, err := e.PrepareContext(ctx, e.Rebind(upsertListing))
	if err != nil {
		return fmt.Errorf("prepare listing upsert: %w", convertErr(err))
	}
	defer listStmt.Close()
	obsStmt, err := e.PrepareContext(ctx, e.Rebind(upsertObservation))
	if err != nil {
		return fmt.Errorf("prepare observation upsert: %w", convertErr(err))
	}
	defer obsStmt.Close()

	for i := range offers {
		o := &offers[i]
		t := text(o)
		var id int64
		err := listStmt.QueryRowContext(ctx, run.Competitor, t.key, t.url, t.title, t.brand, t.category,
			t.sku, t.gtin, t.mpn, t.image, run.ID, run.ID).Scan(&id)
		if err != nil {
			return fmt.Errorf("offer %d %s: listing: %w", first+i, offerName(o), convertErr(err))
		}
		source, err := json.Marshal(o.Source)
		if err != nil { // a map[string]string always marshals; kept for safety
			return fmt.Errorf("offer %d %s: source: %w", first+i, offerName(o), err)
		}
		_, err = obsStmt.ExecContext(ctx, id, run.ID, t.url, t.title, t.brand, t.category,
			t.sku, t.gtin, t.mpn, t.image,
			amount(o.Price), amount(o.ListPrice), amount(o.MinPrice), amount(o.MaxPrice),
			clean(currency(o)), clean(string(o.Availability)), nullInt(o.Sales), nullInt(o.Reviews),
			string(source), nullTime(o.ObservedAt))
		if err != nil {
			return fmt.Errorf("offer %d %s: observation: %w", first+i, offerName(o), convertErr(err))
		}
	}
	return nil
}

// offerText is an offer's text fields made storable.
type offerText struct{ key, url, title, brand, category, sku, gtin, mpn, image string }

func text(o *pricing.Offer) offerText {
	return offerText{clean(o.Key), clean(o.URL), clean(o.Title), clean(o.Brand), clean(o.Category),
		clean(o.SKU), clean(o.GTIN), clean(o.MPN), clean(o.Image)}
}

// clean makes s storable in both dialects: PostgreSQL refuses TEXT with
// invalid UTF-8 or NUL bytes, and one mis-decoded product title must not fail
// a whole crawl's batch. Invalid bytes become U+FFFD and NULs are dropped, in
// SQLite too, so both dialects read back the same.
func clean(s string) string {
	if utf8.ValidString(s) && !strings.Contains(s, "\x00") {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
}

func amount(m *pricing.Money) sql.NullInt64 {
	if m == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: int64(m.Amount), Valid: true}
}

func nullInt(p *int64) sql.NullInt64 {
	if p == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: *p, Valid: true}
}

// currency returns the one currency of the offer's prices (checkOffer made
// sure there is only one), or "" when it has none.
func currency(o *pricing.Offer) string {
	for _, m := range []*pricing.Money{o.Price, o.ListPrice, o.MinPrice, o.MaxPrice} {
		if m != nil {
			return m.Currency
		}
	}
	return ""
}

// offerRow is an observation joined with its listing, as scanned.
type offerRow struct {
	Competitor   string         `db:"competitor"`
	Key          string         `db:"key"`
	URL          string         `db:"url"`
	Title        string         `db:"title"`
	Brand        string         `db:"brand"`
	Category     string         `db:"category"`
	SKU          string         `db:"sku"`
	GTIN         string         `db:"gtin"`
	MPN          string         `db:"mpn"`
	Image        string         `db:"image"`
	Price        sql.NullInt64  `db:"price"`
	ListPrice    sql.NullInt64  `db:"list_price"`
	MinPrice     sql.NullInt64  `db:"min_price"`
	MaxPrice     sql.NullInt64  `db:"max_price"`
	Currency     string         `db:"currency"`
	Availability string         `db:"availability"`
	Sales        sql.NullInt64  `db:"sales"`
	Reviews      sql.NullInt64  `db:"reviews"`
	Source       sql.NullString `db:"source"`
	ObservedAt   sql.NullTime   `db:"observed_at"`
}

func (r *offerRow) offer() (pricing.Offer, error) {
	money := func(v sql.NullInt64) *pricing.Money {
		if !v.Valid {
			return nil
		}
		return &pricing.Money{Amount: pricing.Amount(v.Int64), Currency: r.Currency}
	}
	count := func(v sql.NullInt64) *int64 {
		if !v.Valid {
			return nil
		}
		n := v.Int64
		return &n
	}
	o := pricing.Offer{
		Competitor: r.Competitor, Key: r.Key, URL: r.URL, Title: r.Title, Brand: r.Brand,
		Category: r.Category, SKU: r.SKU, GTIN: r.GTIN, MPN: r.MPN, Image: r.Image,
		Price: money(r.Price), ListPrice: money(r.ListPrice),
		MinPrice: money(r.MinPrice), MaxPrice: money(r.MaxPrice),
		Availability: pricing.Availability(r.Availability),
		Sales:        count(r.Sales), Reviews: count(r.Reviews),
		ObservedAt: fromNullTime(r.ObservedAt),
	}
	if r.Source.Valid && r.Source.String != "" {
		if err := json.Unmarshal([]byte(r.Source.String), &o.Source); err != nil {
			return pricing.Offer{}, fmt.Errorf("source of %s/%s: %w", r.Competitor, r.Key, err)
		}
	}
	return o, nil
}

// RunOffers returns the offers observed in run runID, as saved, ordered by
// competitor and key (bytewise). Prices, counts and ObservedAt that were not
// set come back nil or zero. It returns an error wrapping ErrNotFound for an
// unknown run; a run with no offers gives an empty slice.
func (db *DB) RunOffers(ctx context.Context, runID int64) ([]pricing.Offer, error) {
	if _, err := getRun(ctx, db.x, runID); err != nil {
		return nil, fmt.Errorf("offers of run: %w", err)
	}
	q := db.x.Rebind(`SELECT l.competitor, l.key, o.url, o.title, o.brand, o.category, o.sku, o.gtin,
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
