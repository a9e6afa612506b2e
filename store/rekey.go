package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"

	"github.com/jmoiron/sqlx"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// goSteps are the parts of migrations written in Go, by version: each runs
// after its version's SQL, in the same transaction. Re-keying needs the key
// scheme of package pricing, which SQL cannot repeat.
var goSteps = map[int]func(ctx context.Context, tx *sqlx.Tx) error{
	8: func(ctx context.Context, tx *sqlx.Tx) error {
		_, err := rekeyListings(ctx, tx)
		return err
	},
}

// Until schema 8 a listing without a SKU was keyed by its canonical URL,
// and offers of one page sharing it (colour or size variants) were numbered
// in page order: url:…, url:…#2, url:…#3. A shop that reorders them swapped
// their histories. rekeyListings gives every such listing the key
// pricing.KeyOffers gives it now (GTIN, or URL and options or title), from
// the fields stored with it; listings that come to share a key are merged,
// keeping every run's observation (of two in one run, the cheaper one, as a
// crawl keeps of offers it cannot tell apart), every version and the match
// decisions. It returns how many listings were re-keyed and merged away.

// numberedKey is an old key numbered by page position.
var numberedKey = regexp.MustCompile(`#[0-9]+$`)

// listingName is a listing's competitor and key.
type listingName struct{ comp, key string }

type rekeyListing struct {
	ID         int64  `db:"id"`
	Competitor string `db:"competitor"`
	Key        string `db:"key"`
	URL        string `db:"url"`
	Title      string `db:"title"`
	SKU        string `db:"sku"`
	GTIN       string `db:"gtin"`
}

// RekeyStats says what a re-keying did.
type RekeyStats struct {
	Rekeyed, Merged int
}

func rekeyListings(ctx context.Context, tx *sqlx.Tx) (RekeyStats, error) {
	var st RekeyStats
	var ls []rekeyListing
	// Only URL keys and numbered keys can change: a SKU key stays a SKU key.
	err := tx.SelectContext(ctx, &ls, `SELECT id, competitor, key, url, title, sku, gtin FROM listings
		WHERE key LIKE 'url:%' OR key LIKE 'sku:%#%' ORDER BY competitor, id`)
	if err != nil {
		return st, fmt.Errorf("re-key listings: %w", convertErr(err))
	}
	// The offers of one page were numbered together: group by the key
	// without its number, and key each group as one page.
	type page struct{ comp, base string }
	pages := map[page][]int{}
	var order []page
	for i, l := range ls {
		p := page{l.Competitor, numberedKey.ReplaceAllString(l.Key, "")}
		if _, ok := pages[p]; !ok {
			order = append(order, p)
		}
		pages[p] = append(pages[p], i)
	}
	newKey := make([]string, len(ls))
	keyMap := map[listingName]string{} // (competitor, old key) -> new key, for matches
	for _, p := range order {
		idx := pages[p]
		if len(idx) > 1 {
			// Several listings of one page: their numbers followed page
			// order, so one listing's history may hold several variants.
			// Each observation goes where its own title sends it.
			n, err := splitPage(ctx, tx, ls, idx, keyMap)
			if err != nil {
				return st, fmt.Errorf("re-key %s %s: %w", p.comp, p.base, err)
			}
			st.Rekeyed += n
			for _, i := range idx {
				newKey[i] = ls[i].Key // handled
			}
			continue
		}
		offers := make([]pricing.Offer, len(idx))
		for j, i := range idx {
			offers[j] = pricing.Offer{URL: ls[i].URL, Title: ls[i].Title, SKU: ls[i].SKU, GTIN: ls[i].GTIN}
		}
		pricing.KeyOffers(offers)
		for j, i := range idx {
			newKey[i] = offers[j].Key
		}
	}

	// Targets: every (competitor, new key) and the listings going to it,
	// plus a listing already holding that key outside this set.
	type target = listingName
	moving := map[target][]int{}
	var targets []target
	for i, l := range ls {
		if newKey[i] == l.Key {
			continue
		}
		t := target{l.Competitor, newKey[i]}
		if _, ok := moving[t]; !ok {
			targets = append(targets, t)
		}
		moving[t] = append(moving[t], i)
	}
	if len(targets) == 0 {
		return st, rekeyMatches(ctx, tx, keyMap)
	}
	// Park every moving listing on a key no real one has, so renaming in
	// any order meets no UNIQUE (competitor, key) conflict.
	for _, t := range targets {
		for _, i := range moving[t] {
			if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE listings SET key = ? WHERE id = ?`),
				"rekey:"+strconv.FormatInt(ls[i].ID, 10), ls[i].ID); err != nil {
				return st, fmt.Errorf("re-key listing %d: %w", ls[i].ID, convertErr(err))
			}
		}
	}
	for _, t := range targets {
		ids := make([]int64, 0, len(moving[t]))
		for _, i := range moving[t] {
			ids = append(ids, ls[i].ID)
			keyMap[target{ls[i].Competitor, ls[i].Key}] = t.key
		}
		// A listing already under the new key (not moving) keeps it and
		// takes the others in; else the oldest moving one does.
		var holder int64
		err := tx.GetContext(ctx, &holder, tx.Rebind(`SELECT id FROM listings WHERE competitor = ? AND key = ?`), t.comp, t.key)
		switch err = convertErr(err); {
		case err == nil:
			ids = append([]int64{holder}, ids...)
		case !errors.Is(err, ErrNotFound):
			return st, fmt.Errorf("re-key %s %s: %w", t.comp, t.key, err)
		}
		keeper := ids[0]
		for _, loser := range ids[1:] {
			if err := mergeListing(ctx, tx, keeper, loser); err != nil {
				return st, fmt.Errorf("re-key %s %s: merge listing %d into %d: %w", t.comp, t.key, loser, keeper, err)
			}
			st.Merged++
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE listings SET key = ? WHERE id = ?`), t.key, keeper); err != nil {
			return st, fmt.Errorf("re-key listing %d to %s: %w", keeper, t.key, convertErr(err))
		}
		st.Rekeyed += len(moving[t])
	}
	if err := rekeyMatches(ctx, tx, keyMap); err != nil {
		return st, err
	}
	return st, nil
}

// mergeListing moves listing loser's history into keeper and deletes
// loser. Of two observations in one run the cheaper stays (one with a price
// beats one without); a version of loser whose content keeper has is
// replaced by keeper's (taking the earlier first run), the others move.
// keeper takes the descriptive fields of whichever was seen last.
func mergeListing(ctx context.Context, tx *sqlx.Tx, keeper, loser int64) error {
	exec := func(q string, args ...any) error {
		_, err := tx.ExecContext(ctx, tx.Rebind(q), args...)
		return convertErr(err)
	}
	var lastK, lastL *int64
	if err := tx.GetContext(ctx, &lastK, tx.Rebind(`SELECT MAX(run_id) FROM observations WHERE listing_id = ?`), keeper); err != nil {
		return convertErr(err)
	}
	if err := tx.GetContext(ctx, &lastL, tx.Rebind(`SELECT MAX(run_id) FROM observations WHERE listing_id = ?`), loser); err != nil {
		return convertErr(err)
	}
	if err := exec(`DELETE FROM observations WHERE listing_id = ? AND run_id IN (
		SELECT l.run_id FROM observations l JOIN observations k ON k.run_id = l.run_id AND k.listing_id = ?
		WHERE l.listing_id = ? AND l.price IS NOT NULL AND (k.price IS NULL OR l.price < k.price))`, keeper, keeper, loser); err != nil {
		return err
	}
	if err := exec(`DELETE FROM observations WHERE listing_id = ? AND run_id IN (
		SELECT run_id FROM observations WHERE listing_id = ?)`, loser, keeper); err != nil {
		return err
	}
	var versions []struct {
		ID    int64 `db:"id"`
		Hash  int64 `db:"hash"`
		RunID int64 `db:"run_id"`
	}
	if err := tx.SelectContext(ctx, &versions, tx.Rebind(`SELECT id, hash, run_id FROM listing_versions WHERE listing_id = ?`), loser); err != nil {
		return convertErr(err)
	}
	for _, v := range versions {
		var same []int64
		if err := tx.SelectContext(ctx, &same, tx.Rebind(`SELECT id FROM listing_versions WHERE listing_id = ? AND hash = ?`), keeper, v.Hash); err != nil {
			return convertErr(err)
		}
		if len(same) == 0 {
			if err := exec(`UPDATE listing_versions SET listing_id = ? WHERE id = ?`, keeper, v.ID); err != nil {
				return err
			}
			continue
		}
		if err := exec(`UPDATE observations SET version_id = ? WHERE listing_id = ? AND version_id = ?`, same[0], loser, v.ID); err != nil {
			return err
		}
		if err := exec(`UPDATE listing_versions SET run_id = ? WHERE id = ? AND run_id > ?`, v.RunID, same[0], v.RunID); err != nil {
			return err
		}
		if err := exec(`DELETE FROM listing_versions WHERE id = ?`, v.ID); err != nil {
			return err
		}
	}
	if err := exec(`UPDATE observations SET listing_id = ? WHERE listing_id = ?`, keeper, loser); err != nil {
		return err
	}
	if lastL != nil && (lastK == nil || *lastL > *lastK) {
		if err := exec(`UPDATE listings SET (url, title, brand, category, source_category, sku, gtin, mpn, image) =
			(SELECT url, title, brand, category, source_category, sku, gtin, mpn, image FROM listings WHERE id = ?)
			WHERE id = ?`, loser, keeper); err != nil {
			return err
		}
	}
	if err := exec(`UPDATE listings SET first_seen_run = (SELECT MIN(first_seen_run) FROM listings WHERE id IN (?, ?))
		WHERE id = ?`, keeper, loser, keeper); err != nil {
		return err
	}
	return exec(`DELETE FROM listings WHERE id = ?`, loser)
}

type rekeyMatch struct {
	CatalogSKU string  `db:"catalog_sku"`
	ListingKey string  `db:"listing_key"`
	Decision   string  `db:"decision"`
	Score      float64 `db:"score"`
}

// matchRank orders match rows that come to name one listing: a person's
// decision first, then the matcher's automatic match, then the higher score.
func matchRank(a, b rekeyMatch) int {
	rank := func(d string) int {
		switch d {
		case DecisionConfirmed, DecisionRejected:
			return 0
		case DecisionAuto:
			return 1
		}
		return 2
	}
	return cmp.Or(cmp.Compare(rank(a.Decision), rank(b.Decision)), cmp.Compare(b.Score, a.Score), cmp.Compare(a.ListingKey, b.ListingKey))
}

// rekeyMatches renames the matches of re-keyed listings. Where two rows come
// to name one (catalog SKU, listing), the best by matchRank stays.
func rekeyMatches(ctx context.Context, tx *sqlx.Tx, keyMap map[listingName]string) error {
	comps := map[string]bool{}
	for k := range keyMap {
		comps[k.comp] = true
	}
	for comp := range comps {
		var ms []rekeyMatch
		if err := tx.SelectContext(ctx, &ms, tx.Rebind(`SELECT catalog_sku, listing_key, decision, score FROM matches WHERE competitor = ?`), comp); err != nil {
			return fmt.Errorf("re-key matches of %s: %w", comp, convertErr(err))
		}
		type slot struct{ sku, key string }
		groups := map[slot][]rekeyMatch{}
		touched := map[slot]bool{}
		for _, m := range ms {
			nk, moved := keyMap[listingName{comp, m.ListingKey}]
			if !moved {
				nk = m.ListingKey
			}
			s := slot{m.CatalogSKU, nk}
			groups[s] = append(groups[s], m)
			if moved {
				touched[s] = true
			}
		}
		var renames []struct {
			m   rekeyMatch
			key string
		}
		for s := range touched {
			g := groups[s]
			slices.SortFunc(g, matchRank)
			for _, drop := range g[1:] {
				if _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM matches WHERE catalog_sku = ? AND competitor = ? AND listing_key = ?`),
					drop.CatalogSKU, comp, drop.ListingKey); err != nil {
					return fmt.Errorf("re-key matches of %s: %w", comp, convertErr(err))
				}
			}
			if g[0].ListingKey != s.key {
				renames = append(renames, struct {
					m   rekeyMatch
					key string
				}{g[0], s.key})
			}
		}
		// Through a parking key, as for listings: a match may move onto a
		// key another is moving off.
		for i, r := range renames {
			if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE matches SET listing_key = ? WHERE catalog_sku = ? AND competitor = ? AND listing_key = ?`),
				"rekey:"+strconv.Itoa(i), r.m.CatalogSKU, comp, r.m.ListingKey); err != nil {
				return fmt.Errorf("re-key matches of %s: %w", comp, convertErr(err))
			}
		}
		for i, r := range renames {
			if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE matches SET listing_key = ? WHERE catalog_sku = ? AND competitor = ? AND listing_key = ?`),
				r.key, r.m.CatalogSKU, comp, "rekey:"+strconv.Itoa(i)); err != nil {
				return fmt.Errorf("re-key matches of %s: %w", comp, convertErr(err))
			}
		}
	}
	return nil
}

// splitObs is one observation of a page's listings with the version it saw.
type splitObs struct {
	RunID     int64     `db:"run_id"`
	ListingID int64     `db:"listing_id"`
	VersionID int64     `db:"version_id"`
	Price     amountCol `db:"price"`
	Hash      int64     `db:"hash"`
	URL       string    `db:"url"`
	Title     string    `db:"title"`
	SKU       string    `db:"sku"`
	GTIN      string    `db:"gtin"`
	key       string
}

// cheaper reports whether a beats b as the observation to keep of two in
// one run: a price beats none, a lower price a higher one.
func cheaper(a, b amountCol) bool { return a.Valid && (!b.Valid || a.Amount < b.Amount) }

// splitPage re-keys the listings ls[idx], numbered offers of one page, run
// by run: each run's observations are keyed together as the page's offers
// (pricing.KeyOffers over the titles that run saw), and each moves, with a
// copy of its version, to the listing of its new key, made when none
// exists. Of two observations of one run under one key the cheaper stays.
// The old listings and their versions are deleted; keyMap learns where
// each old key went (where its latest observation went). It returns how
// many listings it re-keyed.
func splitPage(ctx context.Context, tx *sqlx.Tx, ls []rekeyListing, idx []int, keyMap map[listingName]string) (int, error) {
	comp := ls[idx[0]].Competitor
	ids := make([]any, 0, len(idx))
	holders := ""
	for j, i := range idx {
		ids = append(ids, ls[i].ID)
		if j > 0 {
			holders += ", "
		}
		holders += "?"
	}
	var obs []splitObs
	err := tx.SelectContext(ctx, &obs, tx.Rebind(`SELECT o.run_id, o.listing_id, o.version_id, o.price, v.hash, v.url, v.title, v.sku, v.gtin
		FROM observations o JOIN listing_versions v ON v.id = o.version_id
		WHERE o.listing_id IN (`+holders+`) ORDER BY o.run_id, o.listing_id`), ids...)
	if err != nil {
		return 0, convertErr(err)
	}
	for start := 0; start < len(obs); {
		end := start
		for end < len(obs) && obs[end].RunID == obs[start].RunID {
			end++
		}
		offers := make([]pricing.Offer, end-start)
		for j := range offers {
			o := obs[start+j]
			offers[j] = pricing.Offer{URL: o.URL, Title: o.Title, SKU: o.SKU, GTIN: o.GTIN}
		}
		pricing.KeyOffers(offers)
		for j := range offers {
			obs[start+j].key = offers[j].Key
		}
		start = end
	}
	exec := func(q string, args ...any) error {
		_, err := tx.ExecContext(ctx, tx.Rebind(q), args...)
		return convertErr(err)
	}
	for _, i := range idx {
		if err := exec(`UPDATE listings SET key = ? WHERE id = ?`, "rekey:"+strconv.FormatInt(ls[i].ID, 10), ls[i].ID); err != nil {
			return 0, err
		}
	}
	// The target listing of each new key: one outside the page, or a new
	// one described by the latest version going to it.
	targets := map[string]int64{}
	latest := map[string]splitObs{}
	first := map[string]int64{}
	lastOf := map[int64]splitObs{} // old listing -> its latest observation
	for _, o := range obs {
		latest[o.key] = o
		if _, ok := first[o.key]; !ok {
			first[o.key] = o.RunID
		}
		lastOf[o.ListingID] = o
	}
	keys := make([]string, 0, len(latest))
	for k := range latest {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		var id int64
		err := tx.GetContext(ctx, &id, tx.Rebind(`SELECT id FROM listings WHERE competitor = ? AND key = ?`), comp, k)
		switch err = convertErr(err); {
		case err == nil:
			if err := exec(`UPDATE listings SET first_seen_run = ? WHERE id = ? AND first_seen_run > ?`, first[k], id, first[k]); err != nil {
				return 0, err
			}
		case errors.Is(err, ErrNotFound):
			err = tx.GetContext(ctx, &id, tx.Rebind(`INSERT INTO listings
				(competitor, key, url, title, brand, category, source_category, sku, gtin, mpn, image, first_seen_run)
				SELECT ?, ?, url, title, brand, category, source_category, sku, gtin, mpn, image, ?
				FROM listing_versions WHERE id = ? RETURNING id`), comp, k, first[k], latest[k].VersionID)
			if err != nil {
				return 0, convertErr(err)
			}
		default:
			return 0, err
		}
		targets[k] = id
	}
	// Move each observation; versions are copied into the target by
	// content, once.
	type tv struct {
		target int64
		hash   int64
	}
	versions := map[tv]int64{}
	for _, o := range obs {
		t := targets[o.key]
		var have []struct {
			Price amountCol `db:"price"`
		}
		if err := tx.SelectContext(ctx, &have, tx.Rebind(`SELECT price FROM observations WHERE listing_id = ? AND run_id = ?`), t, o.RunID); err != nil {
			return 0, convertErr(err)
		}
		if len(have) > 0 {
			if !cheaper(o.Price, have[0].Price) {
				if err := exec(`DELETE FROM observations WHERE listing_id = ? AND run_id = ?`, o.ListingID, o.RunID); err != nil {
					return 0, err
				}
				continue
			}
			if err := exec(`DELETE FROM observations WHERE listing_id = ? AND run_id = ?`, t, o.RunID); err != nil {
				return 0, err
			}
		}
		v, ok := versions[tv{t, o.Hash}]
		if !ok {
			err := tx.GetContext(ctx, &v, tx.Rebind(`SELECT id FROM listing_versions WHERE listing_id = ? AND hash = ?`), t, o.Hash)
			switch err = convertErr(err); {
			case errors.Is(err, ErrNotFound):
				err = tx.GetContext(ctx, &v, tx.Rebind(`INSERT INTO listing_versions
					(listing_id, run_id, hash, url, title, brand, category, source_category, sku, gtin, mpn, image, source)
					SELECT ?, ?, hash, url, title, brand, category, source_category, sku, gtin, mpn, image, source
					FROM listing_versions WHERE id = ? RETURNING id`), t, o.RunID, o.VersionID)
				if err != nil {
					return 0, convertErr(err)
				}
			case err != nil:
				return 0, err
			}
			versions[tv{t, o.Hash}] = v
		}
		if err := exec(`UPDATE listing_versions SET run_id = ? WHERE id = ? AND run_id > ?`, o.RunID, v, o.RunID); err != nil {
			return 0, err
		}
		if err := exec(`UPDATE observations SET listing_id = ?, version_id = ? WHERE listing_id = ? AND run_id = ?`,
			t, v, o.ListingID, o.RunID); err != nil {
			return 0, err
		}
	}
	for _, i := range idx {
		if o, ok := lastOf[ls[i].ID]; ok {
			keyMap[listingName{comp, ls[i].Key}] = o.key
		}
		if err := exec(`DELETE FROM listing_versions WHERE listing_id = ?`, ls[i].ID); err != nil {
			return 0, err
		}
		if err := exec(`DELETE FROM listings WHERE id = ?`, ls[i].ID); err != nil {
			return 0, err
		}
	}
	return len(idx), nil
}
