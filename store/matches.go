package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// The match decisions. Auto and Candidate are the matcher's; Confirmed and
// Rejected are a person's and outrank them.
const (
	DecisionAuto      = "auto"
	DecisionCandidate = "candidate"
	DecisionConfirmed = "confirmed"
	DecisionRejected  = "rejected"
)

// MatchRecord is a stored match with the decision about it. Match.Reasons
// round-trips exactly (nil stays nil, an empty list stays empty).
type MatchRecord struct {
	pricing.Match
	// Decision is DecisionAuto, DecisionCandidate, DecisionConfirmed or
	// DecisionRejected.
	Decision string
	// UpdatedAt is when the record was last written; SaveMatches fills in
	// the store's clock when it is zero.
	UpdatedAt time.Time
}

// upsertMatch writes a match unless a person's decision is already stored
// and the new one is only the matcher's: a re-run of the matcher must never
// undo a confirmation or a rejection.
const upsertMatch = `INSERT INTO matches (catalog_sku, competitor, listing_key, method, score, reasons, decision, updated_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (catalog_sku, competitor, listing_key) DO UPDATE SET
	method = excluded.method, score = excluded.score, reasons = excluded.reasons, decision = excluded.decision,
	updated_at = excluded.updated_at
	WHERE matches.decision NOT IN ('confirmed', 'rejected')
	   OR excluded.decision IN ('confirmed', 'rejected')`

// SaveMatches upserts ms in one transaction, keyed by (CatalogSKU,
// Competitor, ListingKey). A stored confirmed or rejected decision is kept
// when the new record is auto or candidate; a new confirmed or rejected
// decision replaces anything. It returns an error naming the record for an
// empty key field or unknown decision (then nothing is written), or a
// database error.
func (db *DB) SaveMatches(ctx context.Context, ms []MatchRecord) error {
	if err := checkMatches(ms); err != nil {
		return fmt.Errorf("save matches: %w", err)
	}
	if err := db.inTx(ctx, func(tx *sqlx.Tx) error { return db.upsertMatches(ctx, tx, ms) }); err != nil {
		return fmt.Errorf("save matches: %w", err)
	}
	return nil
}

// ReplaceMatcherResults replaces every stored auto and candidate match with
// ms in one transaction, so pairs the matcher no longer finds (a listing that
// changed or vanished) stop counting. People's confirmed and rejected
// decisions are kept and win over ms as in SaveMatches. The automatic
// matches of retired SKUs are kept too: the matcher no longer sees those
// items, and their matches are what their price history is read through
// (nothing else reads them: analysis and review start from the current
// catalog). Errors are those of SaveMatches.
func (db *DB) ReplaceMatcherResults(ctx context.Context, ms []MatchRecord) error {
	if err := checkMatches(ms); err != nil {
		return fmt.Errorf("replace matches: %w", err)
	}
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM matches WHERE decision = ?
			OR (decision = ? AND catalog_sku NOT IN (SELECT sku FROM catalog WHERE retired_at IS NOT NULL))`),
			DecisionCandidate, DecisionAuto); err != nil {
			return fmt.Errorf("delete: %w", convertErr(err))
		}
		return db.upsertMatches(ctx, tx, ms)
	})
	if err != nil {
		return fmt.Errorf("replace matches: %w", err)
	}
	return nil
}

func checkMatches(ms []MatchRecord) error {
	for i, m := range ms {
		if m.CatalogSKU == "" || m.Competitor == "" || m.ListingKey == "" {
			return fmt.Errorf("record %d (%q, %q, %q): empty sku, competitor or listing key",
				i, m.CatalogSKU, m.Competitor, m.ListingKey)
		}
		switch m.Decision {
		case DecisionAuto, DecisionCandidate, DecisionConfirmed, DecisionRejected:
		default:
			return fmt.Errorf("record %d (%s, %s, %s): unknown decision %q",
				i, m.CatalogSKU, m.Competitor, m.ListingKey, m.Decision)
		}
	}
	return nil
}

func (db *DB) upsertMatches(ctx context.Context, tx *sqlx.Tx, ms []MatchRecord) error {
	now := db.now()
	stmt, err := tx.PrepareContext(ctx, tx.Rebind(upsertMatch))
	if err != nil {
		return fmt.Errorf("prepare: %w", convertErr(err))
	}
	defer stmt.Close()
	for i, m := range ms {
		at := m.UpdatedAt
		if at.IsZero() {
			at = now
		}
		reasons, err := encodeReasons(m.Reasons)
		if err != nil {
			return fmt.Errorf("record %d (%s, %s, %s): %w", i, m.CatalogSKU, m.Competitor, m.ListingKey, err)
		}
		_, err = stmt.ExecContext(ctx, clean(m.CatalogSKU), clean(m.Competitor), clean(m.ListingKey), clean(string(m.Method)),
			m.Score, reasons, m.Decision, dbTime(at))
		if err != nil {
			return fmt.Errorf("record %d (%s, %s, %s): %w", i, m.CatalogSKU, m.Competitor, m.ListingKey, convertErr(err))
		}
	}
	return nil
}

type matchRow struct {
	CatalogSKU string    `db:"catalog_sku"`
	Competitor string    `db:"competitor"`
	ListingKey string    `db:"listing_key"`
	Method     string    `db:"method"`
	Score      float64   `db:"score"`
	Reasons    string    `db:"reasons"`
	Decision   string    `db:"decision"`
	UpdatedAt  time.Time `db:"updated_at"`
}

// Matches returns every stored match ordered by catalog SKU, competitor and
// listing key (bytewise). It returns a database error only.
func (db *DB) Matches(ctx context.Context) ([]MatchRecord, error) {
	var rows []matchRow
	err := db.x.SelectContext(ctx, &rows, `SELECT catalog_sku, competitor, listing_key, method, score, reasons, decision, updated_at
		FROM matches ORDER BY catalog_sku, competitor, listing_key`)
	if err != nil {
		return nil, fmt.Errorf("matches: %w", convertErr(err))
	}
	ms := make([]MatchRecord, 0, len(rows))
	for _, r := range rows {
		reasons, err := decodeReasons(r.Reasons)
		if err != nil {
			return nil, fmt.Errorf("matches: reasons of (%s, %s, %s): %w", r.CatalogSKU, r.Competitor, r.ListingKey, err)
		}
		ms = append(ms, MatchRecord{
			Match: pricing.Match{
				CatalogSKU: r.CatalogSKU, Competitor: r.Competitor, ListingKey: r.ListingKey,
				Method: pricing.MatchMethod(r.Method), Score: r.Score, Reasons: reasons,
			},
			Decision:  r.Decision,
			UpdatedAt: r.UpdatedAt.UTC(),
		})
	}
	return ms, nil
}

// encodeReasons stores a match's reasons as a JSON array of strings: reasons
// are free text ("penalty: unit conflict 128gb/256gb") that may hold any
// separator a joined string would need. nil is stored as ” and an empty
// list as "[]", so Matches gives back exactly what was saved; invalid UTF-8
// becomes U+FFFD, as in every other text column (see clean).
func encodeReasons(rs []string) (string, error) {
	if rs == nil {
		return "", nil
	}
	cleaned := make([]string, len(rs))
	for i, r := range rs {
		cleaned[i] = clean(r)
	}
	b, err := json.Marshal(cleaned)
	if err != nil { // a []string always marshals; kept for safety
		return "", fmt.Errorf("reasons: %w", err)
	}
	return string(b), nil
}

// decodeReasons reads what encodeReasons wrote; ” (also every row written
// before migration 0003) is nil.
func decodeReasons(s string) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	var rs []string
	if err := json.Unmarshal([]byte(s), &rs); err != nil {
		return nil, fmt.Errorf("reasons %q: %w", s, err)
	}
	return rs, nil
}
