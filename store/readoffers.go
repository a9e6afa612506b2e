package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// RunOffers returns the offers observed in run runID, as saved, ordered by
// competitor and key (bytewise). The descriptive fields are those the run
// saw, even when the listing has changed since. Prices, counts and
// ObservedAt that were not set come back nil or zero. It returns an error
// wrapping ErrNotFound for an unknown run; a run with no offers gives an
// empty slice.
//
// A run is read in one pass over its observations, each joined with its
// listing and version by primary key. Reports read two runs of every
// competitor (200,000 offers each at the scale the store is built for), so
// the scan avoids per-row reflection and repeated allocations: text shared
// by many offers (brand, category, currency, the Source map) is stored once.
func (db *DB) RunOffers(ctx context.Context, runID int64) ([]pricing.Offer, error) {
	run, err := getRun(ctx, db.x, runID)
	if err != nil {
		return nil, fmt.Errorf("offers of run: %w", err)
	}
	if db.legacy() {
		return db.runOffersV4(ctx, runID)
	}
	offers, err := db.runOffers(ctx, run)
	if err != nil {
		return nil, fmt.Errorf("offers of run %d: %w", runID, err)
	}
	return offers, nil
}

// runOffersQuery reads a run's observations with their listings and
// versions. On PostgreSQL the run's month selects its one partition. The
// rows are sorted in Go (a run has one competitor, so by key): sorting
// 200,000 rows in the server would spill to disk under a default work_mem.
func (db *DB) runOffersQuery() string {
	month := ""
	if db.dialect == DialectPostgres {
		month = ` AND o.run_month = CAST(? AS DATE)`
	}
	return db.x.Rebind(`SELECT ` + offerColumns + `
		FROM observations o
		JOIN listings l ON l.id = o.listing_id
		JOIN listing_versions v ON v.id = o.version_id
		WHERE o.run_id = ?` + month)
}

func (db *DB) runOffers(ctx context.Context, run Run) ([]pricing.Offer, error) {
	args := []any{run.ID}
	if db.dialect == DialectPostgres {
		args = append(args, monthKey(runMonth(run.StartedAt)))
	}
	rows, err := db.x.QueryContext(ctx, db.runOffersQuery(), args...)
	if err != nil {
		return nil, convertErr(err)
	}
	defer rows.Close()

	var offers []pricing.Offer
	if run.Items > 0 {
		offers = make([]pricing.Offer, 0, run.Items)
	}
	sc := offerScanner{competitor: run.Competitor, amounts: db.amounts}
	for rows.Next() {
		o, _, err := sc.scan(rows)
		if err != nil {
			return nil, err
		}
		offers = append(offers, o)
	}
	if err := rows.Err(); err != nil {
		return nil, convertErr(err)
	}
	if offers == nil {
		offers = []pricing.Offer{}
	}
	slices.SortFunc(offers, func(a, b pricing.Offer) int { return strings.Compare(a.Key, b.Key) })
	return offers, nil
}

// offerColumns are what offerScanner reads, from observations o, listings l
// and listing_versions v.
const offerColumns = `o.run_id, l.key, v.url, v.title, v.brand, v.category, v.source_category, v.sku, v.gtin,
		v.mpn, v.image, v.source, o.price, o.list_price, o.min_price, o.max_price, o.currency, o.availability,
		o.sales, o.reviews, o.observed_at`

// scanRow holds one row of runOffersQuery. The text shared by many offers
// is scanned as bytes and interned.
type scanRow struct {
	runID                                                   int64
	key, url, title, sku, gtin, mpn, image                  string
	brand, category, sourceCategory, currency, availability sql.RawBytes
	source                                                  sql.RawBytes
	price, listPrice, minPrice, maxPrice                    amountCol
	sales, reviews                                          sql.NullInt64
	observedAt                                              sql.NullTime
}

// offerScanner turns rows of offerColumns into offers of one competitor,
// sharing what many offers repeat.
type offerScanner struct {
	competitor string
	amounts    amountForm
	r          scanRow
	in         interner
	sources    map[string]map[string]string
}

// scan reads the current row and returns its offer and run.
func (sc *offerScanner) scan(rows *sql.Rows) (pricing.Offer, int64, error) {
	r := &sc.r
	if err := rows.Scan(&r.runID, &r.key, &r.url, &r.title, &r.brand, &r.category, &r.sourceCategory, &r.sku, &r.gtin,
		&r.mpn, &r.image, &r.source, &r.price, &r.listPrice, &r.minPrice, &r.maxPrice, &r.currency,
		&r.availability, &r.sales, &r.reviews, &r.observedAt); err != nil {
		return pricing.Offer{}, 0, convertErr(err)
	}
	in := &sc.in
	cur := in.get(r.currency)
	o := pricing.Offer{
		Competitor: sc.competitor, Key: r.key, URL: r.url, Title: r.title,
		Brand: in.get(r.brand), Category: in.get(r.category), SourceCategory: in.get(r.sourceCategory),
		SKU: r.sku, GTIN: r.gtin, MPN: r.mpn, Image: r.image,
		Price: sc.amounts.money(r.price, cur), ListPrice: sc.amounts.money(r.listPrice, cur),
		MinPrice: sc.amounts.money(r.minPrice, cur), MaxPrice: sc.amounts.money(r.maxPrice, cur),
		Availability: pricing.Availability(in.get(r.availability)),
		Sales:        count(r.sales), Reviews: count(r.reviews),
		ObservedAt: fromNullTime(r.observedAt),
	}
	if len(r.source) > 0 && !bytes.Equal(r.source, []byte("null")) {
		if sc.sources == nil {
			sc.sources = map[string]map[string]string{}
		}
		m, ok := sc.sources[string(r.source)]
		if !ok {
			if err := json.Unmarshal(r.source, &m); err != nil {
				return pricing.Offer{}, 0, fmt.Errorf("source of %s/%s: %w", sc.competitor, r.key, err)
			}
			sc.sources[string(r.source)] = m
		}
		// Each offer gets its own map: a caller changing one must not
		// change the others.
		if m != nil {
			o.Source = maps.Clone(m)
		}
	}
	return o, r.runID, nil
}

// interner hands out one string per distinct text.
type interner map[string]string

func (in *interner) get(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if *in == nil {
		*in = interner{}
	}
	if s, ok := (*in)[string(b)]; ok {
		return s
	}
	s := string(b)
	(*in)[s] = s
	return s
}

func count(v sql.NullInt64) *int64 {
	if !v.Valid {
		return nil
	}
	n := v.Int64
	return &n
}
