package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strconv"
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
// for a listing, sorted bytewise: the names a caller can ask CategoryPrices
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

// A category's prices are read in two steps. The versions of its listings
// that carried the category, with their listing's key and brand, come
// first, from listing_versions_category (migration 0011): they are the
// same in every run that saw them, so they are read once. Then each run's
// observations of those versions, narrow rows of a price, a "from" price,
// a currency and sales, one probe of the run's observations per listing of
// the category, in listing order, so the probes walk the run's rows
// forward. The work grows with the category's listings times the runs, not
// with the runs' other offers; each run's query is EXPLAINed in
// TestCategoryPricesPlan.

// categoryVersionsQuery is the first step: the versions of the categories
// %s, with their listings' keys.
const categoryVersionsQuery = `SELECT v.id, v.listing_id, l.key, v.brand, v.category
	FROM listing_versions v
	JOIN listings l ON l.id = v.listing_id
	WHERE v.category IN (%s)
	ORDER BY v.listing_id, v.id`

// categoryRunQuery is the second step for one run on SQLite, the
// categories in %s: listing_versions_category holds each version's
// listing and id (its rowid), so the versions cost no table reads, and
// CROSS JOIN fixes the order (the versions drive), which the planner could
// otherwise invert into a walk of every observation of the run.
const categoryRunQuery = `SELECT o.version_id, o.price, o.min_price, o.currency, o.sales
	FROM listing_versions v
	CROSS JOIN observations o
	WHERE v.category IN (%s)
		AND o.run_id = ? AND o.listing_id = v.listing_id AND o.version_id = v.id`

// categoryRunQueryPG is the same on PostgreSQL, where the index does not
// hold the versions' ids and reading them from the table again for every
// run was half the time: the first step's (listing, version) pairs come
// as two arrays in listing order, and LATERAL makes each pair one probe
// of the run's month's partition. LIMIT 1 (a pair has at most one
// observation in a run) keeps the planner from flattening the LATERAL
// into a join, which it did as a sort of the whole partition.
const categoryRunQueryPG = `SELECT o.version_id, o.price, o.min_price, o.currency, o.sales
	FROM unnest(CAST(? AS BIGINT[]), CAST(? AS BIGINT[])) AS v (listing_id, id)
	CROSS JOIN LATERAL (
		SELECT * FROM observations o1
		WHERE o1.run_id = ? AND o1.run_month = CAST(? AS DATE) AND o1.listing_id = v.listing_id AND o1.version_id = v.id
		LIMIT 1
	) o`

// CategoryPrices returns, for each of the runs runIDs, the offers it
// observed of listings that it saw in one of categories (their category
// as that run saw it, compared exactly), each run's ordered by key
// (bytewise) like RunOffers, carrying only what banding a market into
// tiers reads (pricing.Analyze's CategoryBands): Competitor, Key, Brand,
// Category, Price, MinPrice and Sales, as RunOffers gives them; the other
// fields are zero. A run with none has an empty slice.
//
// It exists for the tier history of a market group, a year of weekly runs
// of 200,000 listings: through indexes from the categories' listings it
// reads what their offers in those categories cost, not the runs whole,
// and only the narrow columns, since decoding the rest (titles, URLs,
// source maps, times) was most of the time. It returns an error wrapping
// ErrNotFound when a run is unknown.
func (db *DB) CategoryPrices(ctx context.Context, runIDs []int64, categories []string) (map[int64][]pricing.Offer, error) {
	runs, err := db.runsByID(ctx, runIDs)
	if err != nil {
		return nil, fmt.Errorf("category prices: %w", err)
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
		return db.categoryPricesV4(ctx, out, cats)
	}
	// A finished run's prices per category are kept once read
	// (run_category_prices): only the runs not kept for every category
	// asked are read from their observations.
	kept, err := db.keptCategoryPrices(ctx, runs, cats)
	if err != nil {
		return nil, fmt.Errorf("category prices: %w", err)
	}
	for id, offers := range kept {
		out[id] = offers
		delete(runs, id)
	}
	if len(runs) == 0 {
		return out, nil
	}
	read, err := db.readCategoryPrices(ctx, runs, cats)
	if err != nil {
		return nil, err
	}
	keep := true
	for id, offers := range read {
		out[id] = offers
		if keep && runs[id].Status != RunRunning {
			// Keeping is for the next read's speed only: a database this
			// user may only read (a replica the reports run on) still
			// answers, from the observations.
			if err := db.keepCategoryPrices(ctx, id, cats, offers); err != nil {
				keep = false
			}
		}
	}
	return out, nil
}

// readCategoryPrices is CategoryPrices from the observations of runs.
func (db *DB) readCategoryPrices(ctx context.Context, runs map[int64]Run, cats []string) (map[int64][]pricing.Offer, error) {
	out := make(map[int64][]pricing.Offer, len(runs))
	for id := range runs {
		out[id] = []pricing.Offer{}
	}
	catArgs := make([]any, len(cats))
	for i, c := range cats {
		catArgs[i] = c
	}
	versions, listings, pairs, err := db.categoryVersions(ctx, cats, catArgs)
	if err != nil {
		return nil, fmt.Errorf("category prices: %w", err)
	}
	if len(versions) == 0 {
		return out, nil
	}
	// SQLite has one connection, so its runs are read in turn; PostgreSQL
	// reads a few runs at once, so that decoding one run's rows here
	// overlaps the server's probes for the next.
	workers := 1
	if db.dialect == DialectPostgres {
		workers = min(categoryReaders, len(runs))
	}
	ids := make(chan int64)
	type result struct {
		run    int64
		offers []pricing.Offer
		err    error
	}
	results := make(chan result)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range workers {
		go func() {
			sc := obsScanner{amounts: db.amounts, versions: versions, listings: listings}
			for id := range ids {
				r := runs[id]
				q, args := db.categoryRunSQL(r, catArgs, pairs)
				offers, err := sc.run(ctx, db, r, q, args)
				results <- result{id, offers, err}
			}
		}()
	}
	// Every run is handed out and answered, so no goroutine is left
	// waiting; after an error the others' queries fail at once on the
	// cancelled context.
	go func() {
		defer close(ids)
		for _, id := range slices.Sorted(maps.Keys(runs)) {
			ids <- id
		}
	}()
	var first error
	for range runs {
		res := <-results
		if res.err != nil && first == nil {
			first = fmt.Errorf("category prices of run %d: %w", res.run, res.err)
			cancel()
		}
		out[res.run] = res.offers
	}
	if first != nil {
		return nil, first
	}
	return out, nil
}

// categoryReaders is how many runs CategoryPrices reads at once on
// PostgreSQL: enough to keep the client decoding while the server probes,
// few enough to leave the pool's connections to others.
const categoryReaders = 3

// categoryRunSQL returns the query of one run's observations of the
// categories catArgs on db's dialect, with its arguments; on PostgreSQL
// pairs are the categories' versions as array literals of listing ids and
// version ids.
func (db *DB) categoryRunSQL(r Run, catArgs []any, pairs [2]string) (string, []any) {
	if db.dialect == DialectPostgres {
		return db.x.Rebind(categoryRunQueryPG), []any{pairs[0], pairs[1], r.ID, monthKey(runMonth(r.StartedAt))}
	}
	return db.x.Rebind(fmt.Sprintf(categoryRunQuery, params(len(catArgs)))), append(slices.Clip(catArgs), r.ID)
}

// version is what banding reads of one listing version, shared by the
// offers of every run that saw it.
type version struct{ key, brand, category string }

// categoryVersions reads the versions of the categories cats, by id, how
// many listings they are of, and their listing and version ids as
// PostgreSQL array literals, in listing order.
func (db *DB) categoryVersions(ctx context.Context, cats []string, catArgs []any) (map[int64]*version, int, [2]string, error) {
	var pairs [2]string
	listings := 0
	rows, err := db.x.QueryContext(ctx, db.x.Rebind(fmt.Sprintf(categoryVersionsQuery, params(len(cats)))), catArgs...)
	if err != nil {
		return nil, 0, pairs, convertErr(err)
	}
	defer rows.Close()
	var in interner
	out := map[int64]*version{}
	var lids, vids []byte
	last := int64(-1)
	for rows.Next() {
		var (
			id, listing     int64
			v               version
			brand, category sql.RawBytes
		)
		if err := rows.Scan(&id, &listing, &v.key, &brand, &category); err != nil {
			return nil, 0, pairs, convertErr(err)
		}
		v.brand, v.category = in.get(brand), in.get(category)
		out[id] = &v
		if listing != last {
			listings, last = listings+1, listing
		}
		lids = append(strconv.AppendInt(lids, listing, 10), ',')
		vids = append(strconv.AppendInt(vids, id, 10), ',')
	}
	if err := rows.Err(); err != nil {
		return nil, 0, pairs, convertErr(err)
	}
	pairs[0] = "{" + strings.TrimSuffix(string(lids), ",") + "}"
	pairs[1] = "{" + strings.TrimSuffix(string(vids), ",") + "}"
	return out, listings, pairs, nil
}

// obsScanner turns a run's narrow observation rows into offers, with the
// keys, brands and categories of the versions they name.
type obsScanner struct {
	amounts  amountForm
	versions map[int64]*version
	listings int // how many listings the versions are of
	in       interner
}

func (sc *obsScanner) run(ctx context.Context, db *DB, r Run, q string, args []any) ([]pricing.Offer, error) {
	rows, err := db.x.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, convertErr(err)
	}
	defer rows.Close()
	// A run sees each listing once: at most one offer per listing.
	offers := make([]pricing.Offer, 0, sc.listings)
	var (
		vid             int64
		price, minPrice amountCol
		currency        sql.RawBytes
		sales           sql.NullInt64
	)
	for rows.Next() {
		if err := rows.Scan(&vid, &price, &minPrice, &currency, &sales); err != nil {
			return nil, convertErr(err)
		}
		v := sc.versions[vid]
		if v == nil { // a version written since the first step: not of this read
			continue
		}
		cur := sc.in.get(currency)
		offers = append(offers, pricing.Offer{
			Competitor: r.Competitor, Key: v.key, Brand: v.brand, Category: v.category,
			Price: sc.amounts.money(price, cur), MinPrice: sc.amounts.money(minPrice, cur), Sales: count(sales),
		})
	}
	if err := rows.Err(); err != nil {
		return nil, convertErr(err)
	}
	slices.SortFunc(offers, func(a, b pricing.Offer) int { return strings.Compare(a.Key, b.Key) })
	return offers, nil
}

// categoryPricesV4 is CategoryPrices on a schema before 0005, where every
// observation carries its category and no index serves it: each run is
// read whole, filtered and cut to the banding fields.
func (db *DB) categoryPricesV4(ctx context.Context, out map[int64][]pricing.Offer, cats []string) (map[int64][]pricing.Offer, error) {
	for id := range out {
		all, err := db.runOffersV4(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("category prices of run %d: %w", id, err)
		}
		for _, o := range all {
			if slices.Contains(cats, o.Category) {
				out[id] = append(out[id], pricing.Offer{Competitor: o.Competitor, Key: o.Key, Brand: o.Brand, Category: o.Category,
					Price: o.Price, MinPrice: o.MinPrice, Sales: o.Sales})
			}
		}
	}
	return out, nil
}

// params returns n placeholders separated by commas.
func params(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

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
	q := db.x.Rebind(`SELECT ` + runColumns + ` FROM runs WHERE id IN (` + params(len(uniq)) + `)`)
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
