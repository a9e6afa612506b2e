package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// How a batch of offers is written (schema 0007). Most offers of a crawl
// are listings the previous crawl saw with the same content; for those,
// found in the run's listing cache (listingcache.go), only the observation
// is written, straight into observations: by COPY into the run's partition
// on PostgreSQL, by prepared multi-row upserts on SQLite. The others (new
// listings, changed content, an older run saved again) go into a
// per-connection staging table, and set-wise statements merge them:
// listings are inserted, their content updated when this is the newest run
// that saw them, a listing_versions row is added for each content not seen
// before, and the observations are upserted naming their version. On
// PostgreSQL the staging table is filled by COPY, several times faster than
// any INSERT; on SQLite, where a statement costs no round trip, by a
// prepared multi-row INSERT.
//
// No listing row is written for an unchanged listing: when a listing was
// last seen is read from its observations (LatestOffers), not kept on the
// listing, which every crawl would otherwise rewrite.

// stageTable is the staging table, a TEMP table of the connection.
const stageTable = "shelfwatch_offer_stage"

// stageColumns are the staging table's columns, in the order stageArgs
// gives them.
var stageColumns = []string{"key", "url", "title", "brand", "category", "source_category", "sku", "gtin",
	"mpn", "image", "source", "hash", "price", "list_price", "min_price", "max_price", "currency",
	"availability", "sales", "reviews", "observed_at", "live"}

// createStage makes the staging table. It repeats the observations' CHECK
// on availability because an offer superseded by a later one of the same key
// is staged (live = 0) but never merged, and must still be refused, as
// writing the offers one by one would refuse it. On PostgreSQL its rows go at commit
// (and with a rollback); SQLite has no ON COMMIT, so writeOffersBulk empties
// it first.
func (db *DB) createStage() string {
	if db.dialect == DialectPostgres {
		return `CREATE TEMP TABLE IF NOT EXISTS ` + stageTable + ` (
			key TEXT COLLATE "C" NOT NULL, url TEXT NOT NULL, title TEXT NOT NULL, brand TEXT NOT NULL,
			category TEXT NOT NULL, source_category TEXT NOT NULL, sku TEXT NOT NULL, gtin TEXT NOT NULL,
			mpn TEXT NOT NULL, image TEXT NOT NULL, source TEXT NOT NULL, hash BIGINT NOT NULL,
			price NUMERIC(19,4), list_price NUMERIC(19,4), min_price NUMERIC(19,4), max_price NUMERIC(19,4), currency TEXT NOT NULL,
			availability TEXT NOT NULL CHECK (availability IN ('', 'unknown', 'in_stock', 'out_of_stock', 'preorder', 'discontinued')),
			sales BIGINT, reviews BIGINT, observed_at TIMESTAMPTZ, live SMALLINT NOT NULL
		) ON COMMIT DELETE ROWS;
		CREATE INDEX IF NOT EXISTS ` + stageTable + `_key ON ` + stageTable + ` (key)`
	}
	return `CREATE TEMP TABLE IF NOT EXISTS ` + stageTable + ` (
		key TEXT NOT NULL, url TEXT NOT NULL, title TEXT NOT NULL, brand TEXT NOT NULL,
		category TEXT NOT NULL, source_category TEXT NOT NULL, sku TEXT NOT NULL, gtin TEXT NOT NULL,
		mpn TEXT NOT NULL, image TEXT NOT NULL, source TEXT NOT NULL, hash INTEGER NOT NULL,
		price BIGINT, list_price BIGINT, min_price BIGINT, max_price BIGINT, currency TEXT NOT NULL,
		availability TEXT NOT NULL CHECK (availability IN ('', 'unknown', 'in_stock', 'out_of_stock', 'preorder', 'discontinued')),
		sales BIGINT, reviews BIGINT, observed_at DATETIME, live INTEGER NOT NULL)`
}

// The merge statements. Parameters are CAST so PostgreSQL knows their types
// in a SELECT list; "WHERE true" tells SQLite's parser that ON CONFLICT
// belongs to the INSERT, not to a join.
const (
	// mergeListings adds the new listings; of the others it writes only
	// those whose row changes: first_seen_run moves back when an older run
	// is saved, and the descriptive columns take this run's content when
	// it differs and no later run has seen the listing (they follow the
	// newest run, so saving an old run again does not roll a listing
	// back). The WHERE leaves every unchanged listing unwritten; the
	// subqueries run only for a listing whose content differs.
	mergeListings = `INSERT INTO listings
	(competitor, key, url, title, brand, category, source_category, sku, gtin, mpn, image, first_seen_run)
	SELECT CAST(? AS TEXT), key, url, title, brand, category, source_category, sku, gtin, mpn, image,
		CAST(? AS BIGINT)
	FROM ` + stageTable + ` WHERE live = 1
	ON CONFLICT (competitor, key) DO UPDATE SET
	url      = CASE WHEN ` + seenLater + ` THEN listings.url ELSE excluded.url END,
	title    = CASE WHEN ` + seenLater + ` THEN listings.title ELSE excluded.title END,
	brand    = CASE WHEN ` + seenLater + ` THEN listings.brand ELSE excluded.brand END,
	category = CASE WHEN ` + seenLater + ` THEN listings.category ELSE excluded.category END,
	source_category = CASE WHEN ` + seenLater + ` THEN listings.source_category ELSE excluded.source_category END,
	sku      = CASE WHEN ` + seenLater + ` THEN listings.sku ELSE excluded.sku END,
	gtin     = CASE WHEN ` + seenLater + ` THEN listings.gtin ELSE excluded.gtin END,
	mpn      = CASE WHEN ` + seenLater + ` THEN listings.mpn ELSE excluded.mpn END,
	image    = CASE WHEN ` + seenLater + ` THEN listings.image ELSE excluded.image END,
	first_seen_run = CASE WHEN excluded.first_seen_run < listings.first_seen_run
		THEN excluded.first_seen_run ELSE listings.first_seen_run END
	WHERE excluded.first_seen_run < listings.first_seen_run
	OR ((listings.url <> excluded.url OR listings.title <> excluded.title OR listings.brand <> excluded.brand
		OR listings.category <> excluded.category OR listings.source_category <> excluded.source_category
		OR listings.sku <> excluded.sku OR listings.gtin <> excluded.gtin OR listings.mpn <> excluded.mpn
		OR listings.image <> excluded.image) AND NOT ` + seenLater + `)`

	// seenLater is true when a run after the one being saved (whose id
	// mergeListings inserts as first_seen_run) has seen the listing.
	seenLater = `EXISTS (SELECT 1 FROM observations o WHERE o.listing_id = listings.id AND o.run_id > excluded.first_seen_run)`

	// A version is added when the listing has no version of this content,
	// and moved to this run when it was first seen in a later one (an old
	// run saved again). Content already known from this run or an earlier
	// one is skipped before the insert, so the common case writes nothing.
	mergeVersions = `INSERT INTO listing_versions
	(listing_id, run_id, hash, url, title, brand, category, source_category, sku, gtin, mpn, image, source)
	SELECT l.id, CAST(? AS BIGINT), s.hash, s.url, s.title, s.brand, s.category, s.source_category,
		s.sku, s.gtin, s.mpn, s.image, s.source
	FROM ` + stageTable + ` s JOIN listings l ON l.competitor = ? AND l.key = s.key
	WHERE s.live = 1 AND NOT EXISTS (SELECT 1 FROM listing_versions v WHERE v.listing_id = l.id AND v.hash = s.hash AND v.run_id <= ?)
	ON CONFLICT (listing_id, hash) DO UPDATE SET run_id = excluded.run_id`

	observationSet = `
	version_id = excluded.version_id, price = excluded.price, list_price = excluded.list_price,
	min_price = excluded.min_price, max_price = excluded.max_price, currency = excluded.currency,
	availability = excluded.availability, sales = excluded.sales, reviews = excluded.reviews,
	observed_at = excluded.observed_at`
)

// mergeObservations is the observations merge of the dialect: PostgreSQL's
// rows carry their partition's month.
func (db *DB) mergeObservations() string {
	month, monthVal, key := "", "", "run_id, listing_id"
	if db.dialect == DialectPostgres {
		month, monthVal, key = ", run_month", ", CAST(? AS DATE)", "run_id, listing_id, run_month"
	}
	return `INSERT INTO observations (run_id, listing_id` + month + `, version_id, price, list_price, min_price, max_price,
		currency, availability, sales, reviews, observed_at)
	SELECT CAST(? AS BIGINT), l.id` + monthVal + `, v.id, s.price, s.list_price, s.min_price, s.max_price,
		s.currency, s.availability, s.sales, s.reviews, s.observed_at
	FROM ` + stageTable + ` s JOIN listings l ON l.competitor = ? AND l.key = s.key
	JOIN listing_versions v ON v.listing_id = l.id AND v.hash = s.hash
	WHERE s.live = 1
	ON CONFLICT (` + key + `) DO UPDATE SET` + observationSet
}

// staged is one offer made storable.
type staged struct {
	o      *pricing.Offer
	t      offerText
	source string
	hash   int64
	// live is false for an offer a later one of the same key supersedes.
	live bool
}

// stageOffers makes offers storable. A key given more than once keeps its
// last offer, as writing the offers one by one would leave it, and is live
// once: PostgreSQL refuses to update a row twice in one statement. The live
// offers come first, sorted by key, so concurrent writers of one competitor
// lock its listings in the same order and cannot deadlock each other; the
// superseded ones follow.
func stageOffers(offers []pricing.Offer) ([]staged, error) {
	out := make([]staged, 0, len(offers))
	at := make(map[string]int, len(offers))
	var dead []staged
	var src sourceEncoder
	for i := range offers {
		o := &offers[i]
		s := staged{o: o, t: text(o), live: true}
		var err error
		if s.source, err = src.encode(o.Source); err != nil {
			return nil, &bulkError{err: fmt.Errorf("offer %d %s: source: %w", i, offerName(o), err)}
		}
		s.hash = s.t.hash(s.source)
		if j, dup := at[s.t.key]; dup {
			out[j].live = false
			dead = append(dead, out[j])
			out[j] = s
			continue
		}
		at[s.t.key] = len(out)
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b staged) int { return strings.Compare(a.t.key, b.t.key) })
	return append(out, dead...), nil
}

// sourceEncoder encodes offers' Source maps as JSON, reusing the text of the
// previous map when it is equal: a crawl's offers mostly share one.
type sourceEncoder struct {
	last map[string]string
	text string
}

func (e *sourceEncoder) encode(m map[string]string) (string, error) {
	if e.last != nil && len(m) == len(e.last) && m != nil {
		same := true
		for k, v := range m {
			if w, ok := e.last[k]; !ok || w != v {
				same = false
				break
			}
		}
		if same {
			return e.text, nil
		}
	}
	b, err := json.Marshal(m)
	if err != nil { // a map[string]string always marshals; kept for safety
		return "", err
	}
	e.last, e.text = m, string(b)
	return e.text, nil
}

// stageArgs appends the staging row of s to a, in stageColumns' order, with
// amounts in the database's form f.
func stageArgs(a []any, s *staged, f amountForm) []any {
	t, o := &s.t, s.o
	return append(a, t.key, t.url, t.title, t.brand, t.category, t.sourceCategory, t.sku, t.gtin, t.mpn, t.image,
		s.source, s.hash, f.arg(o.Price), f.arg(o.ListPrice), f.arg(o.MinPrice), f.arg(o.MaxPrice),
		clean(currency(o)), clean(string(o.Availability)), nullInt(o.Sales), nullInt(o.Reviews), nullTime(o.ObservedAt),
		live(s.live))
}

// live is the staging table's live flag.
func live(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// batchPlan is a batch of offers sorted into those whose listing needs
// nothing but the observation (fast) and the rest (slow).
type batchPlan struct {
	rows []staged // every offer, as stageOffers gives them
	fast []fastRow
	// slow are the live offers to merge through the staging table,
	// followed by the superseded ones (staged only to be checked).
	slow []*staged
}

// fastRow is an offer whose listing and version are known and current.
type fastRow struct {
	s                *staged
	listing, version int64
}

// planBatch makes offers storable and sorts them by what must be written.
// A failure to make them storable is a *bulkError; a failure to load the
// listing cache only costs speed, so it is logged and every offer takes the
// slow path.
func (db *DB) planBatch(ctx context.Context, run Run, offers []pricing.Offer) (*batchPlan, error) {
	rows, err := stageOffers(offers)
	if err != nil {
		return nil, err
	}
	p := &batchPlan{rows: rows}
	keys := make([]string, 0, len(rows))
	for i := range rows {
		if rows[i].live {
			keys = append(keys, rows[i].t.key)
		}
	}
	cached, found, err := db.lookupListings(ctx, run, keys)
	if err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		db.log.WarnContext(ctx, "listing cache not loaded; writing every listing in full",
			"dsn", db.dsn, "run", run.ID, "err", err)
		found = make([]bool, len(keys))
	}
	var slowKeys []string
	for i := range keys { // the live rows come first, in keys' order
		s := &rows[i]
		if found[i] && cached[i].fresh(s.hash) {
			p.fast = append(p.fast, fastRow{s: s, listing: cached[i].id, version: cached[i].version})
			continue
		}
		p.slow = append(p.slow, s)
		slowKeys = append(slowKeys, s.t.key)
	}
	for i := len(keys); i < len(rows); i++ {
		p.slow = append(p.slow, &rows[i])
	}
	// What the cache says of the slow listings is about to be out of
	// date; they take the slow path again if seen again in this run.
	db.caches.forget(run.Competitor, slowKeys)
	return p, nil
}

// writeOffersBulk writes the planned offers of run in tx. Failures other
// than transient ones come back as a *bulkError.
func (db *DB) writeOffersBulk(ctx context.Context, tx *sqlx.Tx, run Run, p *batchPlan) error {
	slow := p.slow
	if len(p.fast) > 0 {
		redo, err := db.writeObservations(ctx, tx, run, p.fast)
		if err != nil {
			return err
		}
		if redo {
			// Some of these observations exist already (the run is
			// being saved again): the upserting merge writes them.
			slow = make([]*staged, 0, len(p.slow)+len(p.fast))
			for _, f := range p.fast {
				slow = append(slow, f.s)
			}
			slow = append(slow, p.slow...)
		}
	}
	if len(slow) == 0 {
		return nil
	}
	return db.mergeStaged(ctx, tx, run, slow)
}

// mergeStaged writes rows through the staging table and the merge
// statements.
func (db *DB) mergeStaged(ctx context.Context, tx *sqlx.Tx, run Run, rows []*staged) error {
	live := 0
	for _, s := range rows {
		if s.live {
			live++
		}
	}
	if _, err := tx.ExecContext(ctx, db.createStage()); err != nil {
		return bulkFail("staging table", err)
	}
	var err error
	if db.dialect == DialectPostgres {
		err = copyStage(ctx, tx, rows, db.amounts)
		if err == nil {
			// Temp tables are never analyzed by autovacuum. Without
			// statistics the planner takes the staging table for a few
			// rows and may scan it once per listing; with them, and the
			// index on key, every plan is linear in the batch.
			if _, err = tx.ExecContext(ctx, `ANALYZE `+stageTable); err != nil {
				err = bulkFail("staging table", err)
			}
		}
	} else {
		err = insertStage(ctx, tx, db.maxParams(), rows, db.amounts)
	}
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, tx.Rebind(mergeListings), run.Competitor, run.ID); err != nil {
		return bulkFail("listings", err)
	}
	if _, err := tx.ExecContext(ctx, tx.Rebind(mergeVersions), run.ID, run.Competitor, run.ID); err != nil {
		return bulkFail("listing versions", err)
	}
	args := []any{run.ID}
	if db.dialect == DialectPostgres {
		args = append(args, monthKey(runMonth(run.StartedAt)))
	}
	args = append(args, run.Competitor)
	res, err := tx.ExecContext(ctx, tx.Rebind(db.mergeObservations()), args...)
	if err != nil {
		return bulkFail("observations", err)
	}
	// Every staged row must have found its listing and version; a row
	// lost in a join would be an offer silently not saved.
	if n, err := res.RowsAffected(); err != nil {
		return bulkFail("observations", err)
	} else if n != int64(live) {
		return &bulkError{err: fmt.Errorf("observations: %d rows written for %d offers", n, live)}
	}
	return nil
}

// copyStage fills the PostgreSQL staging table with COPY.
func copyStage(ctx context.Context, tx *sqlx.Tx, rows []*staged, f amountForm) error {
	stmt, err := tx.PrepareContext(ctx, pq.CopyIn(stageTable, stageColumns...))
	if err != nil {
		return bulkFail("copy", err)
	}
	defer stmt.Close()
	args := make([]any, 0, len(stageColumns))
	for _, s := range rows {
		args = stageArgs(args[:0], s, f)
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return bulkFail("copy", err)
		}
	}
	if _, err := stmt.ExecContext(ctx); err != nil {
		return bulkFail("copy", err)
	}
	if err := stmt.Close(); err != nil {
		return bulkFail("copy", err)
	}
	return nil
}

// insertStage fills the SQLite staging table with multi-row INSERTs of at
// most maxParams parameters, the full-size one prepared once.
func insertStage(ctx context.Context, tx *sqlx.Tx, maxParams int, rows []*staged, f amountForm) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM `+stageTable); err != nil {
		return bulkFail("staging table", err)
	}
	cols := len(stageColumns)
	limit := min(max(maxParams/cols, 1), 500)
	head := `INSERT INTO ` + stageTable + ` (` + strings.Join(stageColumns, ", ") + `) VALUES `
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	var full *sql.Stmt
	args := make([]any, 0, min(len(rows), limit)*cols)
	for start := 0; start < len(rows); start += limit {
		chunk := rows[start:min(start+limit, len(rows))]
		args = args[:0]
		for _, s := range chunk {
			args = stageArgs(args, s, f)
		}
		var err error
		if len(chunk) == limit {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, multiRow(head, row, limit, "")); err != nil {
					return bulkFail("staging table", err)
				}
				defer full.Close()
			}
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, multiRow(head, row, len(chunk), ""), args...)
		}
		if err != nil {
			return bulkFail("staging table", err)
		}
	}
	return nil
}

// observationColumns are the columns writeObservations writes, in
// observationArgs' order; PostgreSQL's rows carry their partition's month
// too (see observationColumnsPG).
var (
	observationColumns = []string{"run_id", "listing_id", "version_id", "price", "list_price", "min_price",
		"max_price", "currency", "availability", "sales", "reviews", "observed_at"}
	observationColumnsPG = []string{"run_id", "run_month", "listing_id", "version_id", "price", "list_price",
		"min_price", "max_price", "currency", "availability", "sales", "reviews", "observed_at"}
)

// observationArgs appends the observation of r to a, after the run's
// leading values (run id, and month on PostgreSQL), with amounts in the
// database's form f. NULLs are passed as nil rather than
// sql.Null* values, which each cost the driver a Valuer call and an
// allocation.
func observationArgs(a []any, r *fastRow, f amountForm) []any {
	o := r.s.o
	return append(a, r.listing, r.version, f.arg(o.Price), f.arg(o.ListPrice), f.arg(o.MinPrice),
		f.arg(o.MaxPrice), clean(currency(o)), clean(string(o.Availability)), nilInt(o.Sales), nilInt(o.Reviews),
		nilTime(o.ObservedAt))
}

func nilInt(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

func nilTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return dbTime(t)
}

// writeObservations writes the observations of offers whose listing and
// version are known. On PostgreSQL they are copied straight into the run's
// partition; when one already exists (the run is being saved again) the
// copy is undone and redo is true, for the caller to merge them instead.
// On SQLite they are upserted by prepared multi-row statements.
func (db *DB) writeObservations(ctx context.Context, tx *sqlx.Tx, run Run, rows []fastRow) (redo bool, err error) {
	if db.dialect == DialectPostgres {
		return copyObservations(ctx, tx, run, rows, db.amounts)
	}
	return false, upsertObservations(ctx, tx, db.maxParams(), run, rows, db.amounts)
}

// copyObservations copies rows into run's partition under a savepoint, so
// that a unique violation (an observation saved before) can be undone
// without losing the transaction.
func copyObservations(ctx context.Context, tx *sqlx.Tx, run Run, rows []fastRow, f amountForm) (redo bool, err error) {
	if _, err := tx.ExecContext(ctx, `SAVEPOINT shelfwatch_copy`); err != nil {
		return false, bulkFail("observations", err)
	}
	month := runMonth(run.StartedAt)
	err = func() error {
		stmt, err := tx.PrepareContext(ctx, pq.CopyIn(partitionName(month), observationColumnsPG...))
		if err != nil {
			return err
		}
		defer stmt.Close()
		args := make([]any, 0, len(observationColumnsPG))
		for i := range rows {
			args = observationArgs(append(args[:0], run.ID, month), &rows[i], f)
			if _, err := stmt.ExecContext(ctx, args...); err != nil {
				return err
			}
		}
		if _, err := stmt.ExecContext(ctx); err != nil {
			return err
		}
		return stmt.Close()
	}()
	var pe *pq.Error
	if errors.As(err, &pe) && pe.Code == "23505" { // unique_violation
		if _, err := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT shelfwatch_copy`); err != nil {
			return false, bulkFail("observations", err)
		}
		return true, nil
	}
	if err != nil {
		return false, bulkFail("observations", err)
	}
	if _, err := tx.ExecContext(ctx, `RELEASE SAVEPOINT shelfwatch_copy`); err != nil {
		return false, bulkFail("observations", err)
	}
	return false, nil
}

// upsertObservationsHead is the SQLite multi-row observation upsert.
var upsertObservationsHead = `INSERT INTO observations (` + strings.Join(observationColumns, ", ") + `) VALUES `

// upsertObservations writes rows with multi-row upserts of at most
// maxParams parameters (and 500 rows), the full-size one prepared once.
// Every row names the run as ?1, bound once per statement instead of once
// per row (a plain ? takes the number after the largest one before it).
func upsertObservations(ctx context.Context, tx *sqlx.Tx, maxParams int, run Run, rows []fastRow, f amountForm) error {
	cols := len(observationColumns) - 1 // per row, besides the run
	limit := min(max((maxParams-1)/cols, 1), 500)
	row := "(?1, " + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	tail := ` ON CONFLICT (run_id, listing_id) DO UPDATE SET` + observationSet
	var full *sql.Stmt
	args := make([]any, 0, 1+min(len(rows), limit)*cols)
	for start := 0; start < len(rows); start += limit {
		chunk := rows[start:min(start+limit, len(rows))]
		args = append(args[:0], run.ID)
		for i := range chunk {
			args = observationArgs(args, &chunk[i], f)
		}
		var err error
		if len(chunk) == limit {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, multiRow(upsertObservationsHead, row, limit, tail)); err != nil {
					return bulkFail("observations", err)
				}
				defer full.Close()
			}
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, multiRow(upsertObservationsHead, row, len(chunk), tail), args...)
		}
		if err != nil {
			return bulkFail("observations", err)
		}
	}
	return nil
}

// The one-row statements of writeOffers.
const (
	upsertVersion = `INSERT INTO listing_versions
	(listing_id, run_id, hash, url, title, brand, category, source_category, sku, gtin, mpn, image, source)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (listing_id, hash) DO UPDATE SET
	run_id = CASE WHEN excluded.run_id < listing_versions.run_id THEN excluded.run_id ELSE listing_versions.run_id END
	RETURNING id`
)

// upsertObservation is the one-row observation upsert of the dialect.
func (db *DB) upsertObservation() string {
	month, monthVal, key := "", "", "run_id, listing_id"
	if db.dialect == DialectPostgres {
		month, monthVal, key = ", run_month", ", ?", "run_id, listing_id, run_month"
	}
	return `INSERT INTO observations (run_id, listing_id` + month + `, version_id, price, list_price, min_price, max_price,
		currency, availability, sales, reviews, observed_at)
	VALUES (?, ?` + monthVal + `, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (` + key + `) DO UPDATE SET` + observationSet
}

// writeOffers writes offers one statement per row, in their order, so a
// failure names its offer; first is the index of offers[0] in the caller's
// slice, for messages.
func (db *DB) writeOffers(ctx context.Context, tx *sqlx.Tx, run Run, first int, offers []pricing.Offer) error {
	listStmt, err := tx.PrepareContext(ctx, tx.Rebind(upsertListing))
	if err != nil {
		return fmt.Errorf("prepare listing upsert: %w", convertErr(err))
	}
	defer listStmt.Close()
	contentStmt, err := tx.PrepareContext(ctx, tx.Rebind(updateListingContent))
	if err != nil {
		return fmt.Errorf("prepare listing content update: %w", convertErr(err))
	}
	defer contentStmt.Close()
	verStmt, err := tx.PrepareContext(ctx, tx.Rebind(upsertVersion))
	if err != nil {
		return fmt.Errorf("prepare version upsert: %w", convertErr(err))
	}
	defer verStmt.Close()
	obsStmt, err := tx.PrepareContext(ctx, tx.Rebind(db.upsertObservation()))
	if err != nil {
		return fmt.Errorf("prepare observation upsert: %w", convertErr(err))
	}
	defer obsStmt.Close()

	month := monthKey(runMonth(run.StartedAt))
	var src sourceEncoder
	for i := range offers {
		o := &offers[i]
		t := text(o)
		source, err := src.encode(o.Source)
		if err != nil {
			return fmt.Errorf("offer %d %s: source: %w", first+i, offerName(o), err)
		}
		var id, version int64
		err = listStmt.QueryRowContext(ctx, run.Competitor, t.key, t.url, t.title, t.brand, t.category, t.sourceCategory,
			t.sku, t.gtin, t.mpn, t.image, run.ID).Scan(&id)
		if err != nil {
			return fmt.Errorf("offer %d %s: listing: %w", first+i, offerName(o), convertErr(err))
		}
		_, err = contentStmt.ExecContext(ctx, t.url, t.title, t.brand, t.category, t.sourceCategory, t.sku, t.gtin, t.mpn, t.image,
			id, t.url, t.title, t.brand, t.category, t.sourceCategory, t.sku, t.gtin, t.mpn, t.image, id, run.ID)
		if err != nil {
			return fmt.Errorf("offer %d %s: listing: %w", first+i, offerName(o), convertErr(err))
		}
		err = verStmt.QueryRowContext(ctx, id, run.ID, t.hash(source), t.url, t.title, t.brand, t.category,
			t.sourceCategory, t.sku, t.gtin, t.mpn, t.image, source).Scan(&version)
		if err != nil {
			return fmt.Errorf("offer %d %s: listing version: %w", first+i, offerName(o), convertErr(err))
		}
		args := []any{run.ID, id}
		if db.dialect == DialectPostgres {
			args = append(args, month)
		}
		f := db.amounts
		args = append(args, version, f.arg(o.Price), f.arg(o.ListPrice), f.arg(o.MinPrice), f.arg(o.MaxPrice),
			clean(currency(o)), clean(string(o.Availability)), nullInt(o.Sales), nullInt(o.Reviews), nullTime(o.ObservedAt))
		if _, err = obsStmt.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("offer %d %s: observation: %w", first+i, offerName(o), convertErr(err))
		}
	}
	return nil
}
