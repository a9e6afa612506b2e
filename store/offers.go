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

const (
	// upsertListing inserts a listing, or moves its first_seen_run back
	// when an older run is saved, and returns its id: one row of
	// mergeListings, which writeOffers splits in two (this and
	// updateListingContent) to keep RETURNING simple. An unchanged
	// listing is updated to itself, which returns its id (DO NOTHING
	// would return no row).
	upsertListing = `INSERT INTO listings
	(competitor, key, url, title, brand, category, source_category, sku, gtin, mpn, image, first_seen_run)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (competitor, key) DO UPDATE SET
	first_seen_run = CASE WHEN excluded.first_seen_run < listings.first_seen_run
		THEN excluded.first_seen_run ELSE listings.first_seen_run END
	RETURNING id`

	// updateListingContent gives a listing the content of the run being
	// saved (the last parameter) when it differs and no later run has seen
	// the listing, as mergeListings does.
	updateListingContent = `UPDATE listings SET url = ?, title = ?, brand = ?, category = ?,
		source_category = ?, sku = ?, gtin = ?, mpn = ?, image = ?
	WHERE id = ?
	AND (url <> ? OR title <> ? OR brand <> ? OR category <> ? OR source_category <> ? OR sku <> ?
		OR gtin <> ? OR mpn <> ? OR image <> ?)
	AND NOT EXISTS (SELECT 1 FROM observations o WHERE o.listing_id = ? AND o.run_id > ?)`
)

// SaveOffers records the offers observed in run runID: each listing is
// created or refreshed and its observation in that run written. Saving the
// same run again updates the observations rather than adding rows, and an
// offer repeated within one call keeps its last values.
//
// Offers are written in batches (5,000 per transaction): a listing the
// run's previous run saw with the same content gets only its observation
// (COPY on PostgreSQL), the others are staged in bulk and merged set-wise
// (see ingest.go). A batch is written whole or not at all. A batch that
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
		if err := db.saveBatch(ctx, run, batch, start, offers[start:end], nil); err != nil {
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

// saveBatch writes one batch of offers, and the pages they came from, in a
// transaction, retrying transient failures.
//
// The batch goes in set-wise (writeOffersBulk): observations of unchanged
// listings straight into observations, the rest through a staging table
// (COPY on PostgreSQL, multi-row inserts on SQLite) merged into listings,
// listing_versions and observations by INSERT ... SELECT statements, which
// cost a round trip each instead of several per offer. When one of them fails for good, the failing row is not known, so
// the batch is written again, in a fresh transaction, one statement per row
// (writeOffers): that either finds and names the offending offer, exactly as
// writing row by row always did, or saves the batch.
func (db *DB) saveBatch(ctx context.Context, run Run, batch, first int, offers []pricing.Offer, pages []pageArgs) error {
	var bulk func(ctx context.Context, tx *sqlx.Tx) error
	rowWise := db.writeOffers
	if db.legacy() {
		bulk = func(ctx context.Context, tx *sqlx.Tx) error {
			return writeOffersBulkV4(ctx, tx, db.maxParams(), run, offers)
		}
		rowWise = func(ctx context.Context, tx *sqlx.Tx, run Run, first int, offers []pricing.Offer) error {
			return writeOffersV4(ctx, tx, run, first, offers)
		}
	} else {
		if err := db.ensurePartitions(ctx, runMonth(run.StartedAt), runMonth(run.StartedAt)); err != nil {
			return err
		}
		// Planned outside the transaction: loading the listing cache
		// needs a connection of its own, and SQLite has only one.
		plan, err := db.planBatch(ctx, run, offers)
		var be *bulkError
		if err != nil && !errors.As(err, &be) {
			return err
		}
		bulk = func(ctx context.Context, tx *sqlx.Tx) error {
			if err != nil { // an offer not storable: found row by row
				return err
			}
			return db.writeOffersBulk(ctx, tx, run, plan)
		}
	}
	wait := db.retryWait
	for attempt := 0; ; attempt++ {
		write := func(tx *sqlx.Tx) error {
			if err := bulk(ctx, tx); err != nil {
				return err
			}
			if err := writePages(ctx, tx, db.maxParams(), run, pages); err != nil {
				return err
			}
			return db.runBatchHook(batch, attempt)
		}
		err := db.inTx(ctx, write)
		var be *bulkError
		if errors.As(err, &be) && ctx.Err() == nil {
			db.log.DebugContext(ctx, "offer batch failed whole; writing it row by row to find the offer",
				"dsn", db.dsn, "run", run.ID, "batch", batch, "attempt", attempt+1, "err", err)
			err = db.inTx(ctx, func(tx *sqlx.Tx) error {
				if err := rowWise(ctx, tx, run, first, offers); err != nil {
					return err
				}
				if err := writePages(ctx, tx, db.maxParams(), run, pages); err != nil {
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

// legacy reports whether the database was left at a schema before 0005
// (see offers_v4.go).
func (db *DB) legacy() bool { return db.schemaVersion > 0 && db.schemaVersion < 5 }

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

// offerText is an offer's text fields made storable.
type offerText struct {
	key, url, title, brand, category, sourceCategory, sku, gtin, mpn, image string
}

func text(o *pricing.Offer) offerText {
	return offerText{clean(o.Key), clean(o.URL), clean(o.Title), clean(o.Brand), clean(o.Category),
		clean(o.SourceCategory), clean(o.SKU), clean(o.GTIN), clean(o.MPN), clean(o.Image)}
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

// offerRow is an observation of schema 4 joined with its listing, as
// scanned (runOffersV4); its amounts are hundredths, as that schema stored
// them.
type offerRow struct {
	Competitor     string         `db:"competitor"`
	Key            string         `db:"key"`
	URL            string         `db:"url"`
	Title          string         `db:"title"`
	Brand          string         `db:"brand"`
	Category       string         `db:"category"`
	SourceCategory string         `db:"source_category"`
	SKU            string         `db:"sku"`
	GTIN           string         `db:"gtin"`
	MPN            string         `db:"mpn"`
	Image          string         `db:"image"`
	Price          sql.NullInt64  `db:"price"`
	ListPrice      sql.NullInt64  `db:"list_price"`
	MinPrice       sql.NullInt64  `db:"min_price"`
	MaxPrice       sql.NullInt64  `db:"max_price"`
	Currency       string         `db:"currency"`
	Availability   string         `db:"availability"`
	Sales          sql.NullInt64  `db:"sales"`
	Reviews        sql.NullInt64  `db:"reviews"`
	Source         sql.NullString `db:"source"`
	ObservedAt     sql.NullTime   `db:"observed_at"`
}

func (r *offerRow) offer() (pricing.Offer, error) {
	money := func(v sql.NullInt64) *pricing.Money {
		if !v.Valid {
			return nil
		}
		return &pricing.Money{Amount: pricing.Amount(v.Int64) * (pricing.MajorUnit / 100), Currency: r.Currency}
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
		Category: r.Category, SourceCategory: r.SourceCategory, SKU: r.SKU, GTIN: r.GTIN, MPN: r.MPN, Image: r.Image,
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
