package store

import (
	"context"
	"fmt"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// ListingRef names one competitor listing: its competitor and key.
type ListingRef struct {
	Competitor string
	Key        string
}

// PricePoint is what one run saw of one listing: its price (nil when the
// page showed none) and availability, at the run's start.
type PricePoint struct {
	Competitor string
	Key        string
	RunID      int64
	// RunStatus is the run's status: only a succeeded run's points are
	// data a report should draw; the others are returned so a caller can
	// say what it left out.
	RunStatus    RunStatus
	At           time.Time
	Price        *pricing.Money
	Availability pricing.Availability
}

// historyQuery reads one listing's observations with their runs. It names
// only the columns every schema version keeps on observations (run,
// listing, price, currency, availability), so it holds across migrations.
const historyQuery = `SELECT r.id, r.status, r.started_at, o.price, o.currency, o.availability
	FROM observations o
	JOIN listings l ON l.id = o.listing_id
	JOIN runs r ON r.id = o.run_id
	WHERE l.competitor = ? AND l.key = ? AND r.started_at >= ?
	ORDER BY r.started_at, r.id`

// PriceHistory returns the price history of each listing in refs: one
// point per run that observed it and started at or after since, oldest
// first per listing, listings in the order of refs. A listing never seen
// has no points; that is not an error. It returns an error only when the
// database fails.
func (db *DB) PriceHistory(ctx context.Context, refs []ListingRef, since time.Time) ([]PricePoint, error) {
	q := db.x.Rebind(historyQuery)
	points := []PricePoint{}
	for _, ref := range refs {
		rows, err := db.x.QueryxContext(ctx, q, ref.Competitor, ref.Key, dbTime(since))
		if err != nil {
			return nil, fmt.Errorf("price history of %s/%s: %w", ref.Competitor, ref.Key, convertErr(err))
		}
		for rows.Next() {
			var (
				p        = PricePoint{Competitor: ref.Competitor, Key: ref.Key}
				status   string
				price    amountCol
				currency string
				avail    string
			)
			if err := rows.Scan(&p.RunID, &status, &p.At, &price, &currency, &avail); err != nil {
				rows.Close()
				return nil, fmt.Errorf("price history of %s/%s: %w", ref.Competitor, ref.Key, convertErr(err))
			}
			p.RunStatus, p.At, p.Availability = RunStatus(status), p.At.UTC(), pricing.Availability(avail)
			p.Price = db.amounts.money(price, currency)
			points = append(points, p)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("price history of %s/%s: %w", ref.Competitor, ref.Key, convertErr(err))
		}
	}
	return points, nil
}
