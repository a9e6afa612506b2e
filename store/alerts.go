package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// AlertRecord is a stored alert. The store knows an alert only by its key
// and a few columns to find it by; Body, the alert as its package writes it
// (JSON), is kept as given and given back byte for byte.
type AlertRecord struct {
	ID int64
	// Key names the event the alert tells of; an event is stored once.
	Key        string
	Kind       string
	Competitor string
	SKU        string
	// RunID is the run the alert is about, 0 for none.
	RunID    int64
	Body     []byte
	RaisedAt time.Time
}

// PendingAlert is a stored alert that Destination has not taken yet.
type PendingAlert struct {
	AlertRecord
	Destination string
	// Attempts counts the failed deliveries so far; LastError is the
	// latest one's message.
	Attempts  int
	LastError string
}

type alertRow struct {
	ID          int64         `db:"id"`
	Key         string        `db:"key"`
	Kind        string        `db:"kind"`
	Competitor  string        `db:"competitor"`
	SKU         string        `db:"sku"`
	RunID       sql.NullInt64 `db:"run_id"`
	Body        string        `db:"body"`
	RaisedAt    time.Time     `db:"raised_at"`
	Destination string        `db:"destination"`
	Attempts    int           `db:"attempts"`
	LastError   string        `db:"last_error"`
}

func (r alertRow) record() AlertRecord {
	return AlertRecord{ID: r.ID, Key: r.Key, Kind: r.Kind, Competitor: r.Competitor, SKU: r.SKU,
		RunID: r.RunID.Int64, Body: []byte(r.Body), RaisedAt: r.RaisedAt.UTC()}
}

// RecordAlerts stores, in one transaction, each alert whose key is not
// stored yet, with a pending delivery to each of destinations, and returns
// those new ones with their IDs, in the order given. An alert whose key is
// stored already is left as it is, deliveries and all: that is how an event
// is told once however many crawls see it. A key given twice in as is
// stored once. It returns an error for an alert without a key or kind, an
// empty destination name, or a database failure (then nothing is stored).
func (db *DB) RecordAlerts(ctx context.Context, as []AlertRecord, destinations []string) ([]AlertRecord, error) {
	for _, a := range as {
		if a.Key == "" || a.Kind == "" {
			return nil, fmt.Errorf("record alerts: alert %q of kind %q: key and kind are required", a.Key, a.Kind)
		}
	}
	if slices.Contains(destinations, "") {
		return nil, errors.New("record alerts: empty destination name")
	}
	var added []AlertRecord
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		added = added[:0]
		ins := tx.Rebind(`INSERT INTO alerts (key, kind, competitor, sku, run_id, body, raised_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING RETURNING id`)
		dlv := tx.Rebind(`INSERT INTO alert_deliveries (alert_id, destination) VALUES (?, ?)`)
		for _, a := range as {
			a.Key, a.Competitor, a.SKU = clean(a.Key), clean(a.Competitor), clean(a.SKU)
			a.RaisedAt = dbTime(a.RaisedAt)
			runID := sql.NullInt64{Int64: a.RunID, Valid: a.RunID != 0}
			err := tx.GetContext(ctx, &a.ID, ins, a.Key, a.Kind, a.Competitor, a.SKU, runID, clean(string(a.Body)), a.RaisedAt)
			if errors.Is(err, sql.ErrNoRows) {
				continue // told before
			}
			if err != nil {
				return fmt.Errorf("alert %q: %w", a.Key, convertErr(err))
			}
			for _, d := range destinations {
				if _, err := tx.ExecContext(ctx, dlv, a.ID, clean(d)); err != nil {
					return fmt.Errorf("alert %q to %s: %w", a.Key, d, convertErr(err))
				}
			}
			added = append(added, a)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("record alerts: %w", err)
	}
	return added, nil
}

// PendingAlerts returns the deliveries not made yet, by destination and
// then in the order the alerts were raised. It returns a database error
// only; nothing pending is an empty slice.
func (db *DB) PendingAlerts(ctx context.Context) ([]PendingAlert, error) {
	var rows []alertRow
	q := `SELECT a.id, a.key, a.kind, a.competitor, a.sku, a.run_id, a.body, a.raised_at,
		d.destination, d.attempts, d.last_error
		FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id
		WHERE d.sent_at IS NULL
		ORDER BY d.destination, a.raised_at, a.id`
	if err := db.x.SelectContext(ctx, &rows, q); err != nil {
		return nil, fmt.Errorf("pending alerts: %w", convertErr(err))
	}
	out := make([]PendingAlert, 0, len(rows))
	for _, r := range rows {
		out = append(out, PendingAlert{AlertRecord: r.record(), Destination: r.Destination, Attempts: r.Attempts, LastError: r.LastError})
	}
	return out, nil
}

// MarkAlertsSent records that destination took the alerts with the given
// IDs at sent. It returns a database error only.
func (db *DB) MarkAlertsSent(ctx context.Context, destination string, ids []int64, sent time.Time) error {
	if err := db.updateDeliveries(ctx, `sent_at = ?`, []any{dbTime(sent)}, destination, ids); err != nil {
		return fmt.Errorf("mark alerts sent to %s: %w", destination, err)
	}
	return nil
}

// MarkAlertsFailed counts a failed attempt at delivering the alerts with
// the given IDs to destination, keeping reason (which must hold no secret)
// as the latest error. They stay pending. It returns a database error only.
func (db *DB) MarkAlertsFailed(ctx context.Context, destination string, ids []int64, reason string) error {
	if err := db.updateDeliveries(ctx, `attempts = attempts + 1, last_error = ?`, []any{clean(reason)}, destination, ids); err != nil {
		return fmt.Errorf("mark alerts failed at %s: %w", destination, err)
	}
	return nil
}

// updateDeliveries sets set (with its args) on destination's pending
// deliveries of ids, in chunks that keep under both drivers' parameter
// limits.
func (db *DB) updateDeliveries(ctx context.Context, set string, setArgs []any, destination string, ids []int64) error {
	const chunk = 500
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		for ch := range slices.Chunk(ids, chunk) {
			q := `UPDATE alert_deliveries SET ` + set + ` WHERE destination = ? AND sent_at IS NULL AND alert_id IN (?` +
				strings.Repeat(", ?", len(ch)-1) + `)`
			args := append(slices.Clone(setArgs), destination)
			for _, id := range ch {
				args = append(args, id)
			}
			if _, err := tx.ExecContext(ctx, tx.Rebind(q), args...); err != nil {
				return convertErr(err)
			}
		}
		return nil
	})
}

// Alerts returns the alerts raised at or after since (zero for all), newest
// first. It returns a database error only.
func (db *DB) Alerts(ctx context.Context, since time.Time) ([]AlertRecord, error) {
	var rows []alertRow
	q := db.x.Rebind(`SELECT id, key, kind, competitor, sku, run_id, body, raised_at FROM alerts
		WHERE raised_at >= ? ORDER BY raised_at DESC, id DESC`)
	if err := db.x.SelectContext(ctx, &rows, q, dbTime(since)); err != nil {
		return nil, fmt.Errorf("alerts since %s: %w", since.Format(time.RFC3339), convertErr(err))
	}
	out := make([]AlertRecord, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.record())
	}
	return out, nil
}
