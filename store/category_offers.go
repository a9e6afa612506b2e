package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// categoriesQuery lists the distinct non-empty categories of listing
// versions by walking listing_versions_category (migration 0011): one
// index probe per category for the next one up, rather than a scan of
// every version.
const categoriesQuery = `WITH RECURSIVE c (category) AS (
		SELECT MIN(category) FROM listing_versions WHERE category > ''
		UNION ALL
		SELECT (SELECT MIN(v.category) FROM listing_versions v WHERE v.category > c.category)
		FROM c WHERE c.category IS NOT NULL
	)
	SELECT category FROM c WHERE category IS NOT NULL`

// Categories returns the distinct non-empty categories any run has stored
// for a listing, sorted bytewise: the names a caller can ask CategoryOffers
// for. It returns an error only when the database fails.
func (db *DB) Categories(ctx context.Context) ([]string, error) {
	q := categoriesQuery
	if db.legacy() {
		q = `SELECT DISTINCT category FROM observations WHERE category > '' ORDER BY category`
	}
	cats := []string{}
	if err := db.x.SelectContext(ctx, &cats, q); err != nil {
		return nil, fmt.Errorf("categories: %w", convertErr(err))
	}
	// Both databases compare by their collation; callers get Go's order.
	slices.Sort(cats)
	return cats, nil
}

// categoryOffersQuery reads the observations, in a set of runs, of the
// listing versions of a set of categories: the versions come from
// listing_versions_category, and each version's listing's observations
// from observations_listing (listing, run), kept when they name that
// version. The work grows with the categories' listings and the runs
// asked for, not with the runs' other offers. On SQLite CROSS JOIN fixes
// that order, which the planner could otherwise invert into a walk of
// every observation of the runs. The placeholders %[1]s are the
// categories and %[2]s the runs.
const categoryOffersQuery = `SELECT ` + offerColumns + `
	FROM listing_versions v
	CROSS JOIN observations o
	CROSS JOIN listings l
	WHERE v.category IN (%[1]s)
		AND o.listing_id = v.listing_id AND o.run_id IN (%[2]s) AND o.version_id = v.id
		AND l.id = o.listing_id`

// categoryOffersQueryPG is the same on PostgreSQL. LATERAL makes the
// observations of each version's listing an index probe per partition,
// and the runs' months (%[3]s) keep the probes to the partitions that
// hold those runs, however many years the table keeps. The placeholders
// are numbered in the order they are written, so the categories come
// first here too.
const categoryOffersQueryPG = `SELECT ` + offerColumns + `
	FROM (SELECT * FROM listing_versions WHERE category IN (%[1]s)) v
	CROSS JOIN LATERAL (
		SELECT * FROM observations o1
		WHERE o1.listing_id = v.listing_id AND o1.run_id IN (%[2]s) AND o1.run_month IN (%[3]s)
			AND o1.version_id = v.id
	) o
	JOIN listings l ON l.id = o.listing_id`

// CategoryOffers returns, for each of the runs runIDs, the offers it
// observed of listings that it saw in one of categories (their category
// as that run saw it, compared exactly), each run's ordered by key
// (bytewise) like RunOffers. Every offer is as RunOffers gives it, so a
// run's offers here are its RunOffers with the other categories left out;
// a run with none has an empty slice. The reads go through indexes from
// the categories' listings, so a year of runs of 200,000 listings costs
// what their offers in those categories cost. It returns an error wrapping
// ErrNotFound when a run is unknown.
func (db *DB) CategoryOffers(ctx context.Context, runIDs []int64, categories []string) (map[int64][]pricing.Offer, error) {
	runs, err := db.runsByID(ctx, runIDs)
	if err != nil {
		return nil, fmt.Errorf("category offers: %w", err)
	}
	out := make(map[int64][]pricing.Offer, len(runs))
	for id := range runs {
		out[id] = []pricing.Offer{}
	}
	var cats []string
	for _, c := range categories {
		if c = clean(c); c != "" && !slices.Contains(cats, c) {
			cats = append(cats, c)
		}
	}
	if len(runs) == 0 || len(cats) == 0 {
		return out, nil
	}
	if db.legacy() {
		return db.categoryOffersV4(ctx, out, cats)
	}
	q, args := db.categoryOffersSQL(runs, cats)
	rows, err := db.x.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("category offers: %w", convertErr(err))
	}
	defer rows.Close()
	// One scanner for every run shares the interned text; each offer gets
	// its run's competitor.
	sc := offerScanner{amounts: db.amounts}
	for rows.Next() {
		o, run, err := sc.scan(rows)
		if err != nil {
			return nil, fmt.Errorf("category offers: %w", err)
		}
		o.Competitor = runs[run].Competitor
		out[run] = append(out[run], o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("category offers: %w", convertErr(err))
	}
	for _, offers := range out {
		slices.SortFunc(offers, func(a, b pricing.Offer) int { return strings.Compare(a.Key, b.Key) })
	}
	return out, nil
}

// categoryOffersSQL returns the query of CategoryOffers for runs and
// cats on db's dialect, with its arguments.
func (db *DB) categoryOffersSQL(runs map[int64]Run, cats []string) (string, []any) {
	args := make([]any, 0, len(cats)+2*len(runs))
	for _, c := range cats {
		args = append(args, c)
	}
	ids := slices.Sorted(maps.Keys(runs))
	for _, id := range ids {
		args = append(args, id)
	}
	q, bigint, date := categoryOffersQuery, "", ""
	var months []string
	if db.dialect == DialectPostgres {
		q, bigint, date = categoryOffersQueryPG, "BIGINT", "DATE"
		for _, id := range ids {
			if m := monthKey(runMonth(runs[id].StartedAt)); !slices.Contains(months, m) {
				months = append(months, m)
				args = append(args, m)
			}
		}
	}
	q = db.x.Rebind(fmt.Sprintf(q, params(len(cats), ""), params(len(ids), bigint), params(len(months), date)))
	return q, args
}

// categoryOffersV4 is CategoryOffers on a schema before 0005, where every
// observation carries its category and no index serves it: each run is
// read whole and filtered.
func (db *DB) categoryOffersV4(ctx context.Context, out map[int64][]pricing.Offer, cats []string) (map[int64][]pricing.Offer, error) {
	for id := range out {
		all, err := db.runOffersV4(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("category offers of run %d: %w", id, err)
		}
		for _, o := range all {
			if slices.Contains(cats, o.Category) {
				out[id] = append(out[id], o)
			}
		}
	}
	return out, nil
}

// params returns n placeholders separated by commas, each cast to typ when
// typ is given (PostgreSQL then plans the IN list with the column's type).
func params(n int, typ string) string {
	p := "?"
	if typ != "" {
		p = "CAST(? AS " + typ + ")"
	}
	return strings.TrimSuffix(strings.Repeat(p+", ", n), ", ")
}

// runsByID reads the runs ids names, in one query. It returns an error
// wrapping ErrNotFound naming a run that does not exist.
func (db *DB) runsByID(ctx context.Context, ids []int64) (map[int64]Run, error) {
	runs := map[int64]Run{}
	var uniq []int64
	for _, id := range ids {
		if !slices.Contains(uniq, id) {
			uniq = append(uniq, id)
		}
	}
	if len(uniq) == 0 {
		return runs, nil
	}
	args := make([]any, len(uniq))
	for i, id := range uniq {
		args[i] = id
	}
	var rows []runRow
	q := db.x.Rebind(`SELECT ` + runColumns + ` FROM runs WHERE id IN (` + params(len(uniq), "") + `)`)
	if err := db.x.SelectContext(ctx, &rows, q, args...); err != nil {
		return nil, convertErr(err)
	}
	for _, row := range rows {
		r := row.run()
		runs[r.ID] = r
	}
	for _, id := range uniq {
		if _, ok := runs[id]; !ok {
			return nil, fmt.Errorf("run %d: %w", id, ErrNotFound)
		}
	}
	return runs, nil
}
