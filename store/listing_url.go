package store

import (
	"context"
	"fmt"
	"strings"
)

// listingsAtURLQuery finds listings by their latest page URL through
// listings_url (migration 0010). The expression must be written as the
// index's is, rtrim(url, '/'), or neither planner uses the index.
const listingsAtURLQuery = `SELECT l.competitor, l.key FROM listings l
	WHERE rtrim(l.url, '/') = ?
	ORDER BY l.competitor, l.key`

// CanonicalPageURL is the form in which ListingsAtURL compares page URLs:
// the URL without trailing slashes, so "…/p/1/" and "…/p/1" name one page.
// The query string is kept: a parameter such as ?variant=2 can name another
// listing on the same page.
func CanonicalPageURL(url string) string { return strings.TrimRight(clean(url), "/") }

// ListingsAtURL returns the listings of every competitor whose latest page
// URL is url, compared as CanonicalPageURL gives them, ordered by
// competitor and key; the lookup is one probe of an index, however many
// listings there are. A URL that names no listing, or is empty, gives
// none. It returns an error only when the database fails.
func (db *DB) ListingsAtURL(ctx context.Context, url string) ([]ListingRef, error) {
	want := CanonicalPageURL(url)
	refs := []ListingRef{}
	if want == "" {
		// Every listing without a URL would match.
		return refs, nil
	}
	rows, err := db.x.QueryxContext(ctx, db.x.Rebind(listingsAtURLQuery), want)
	if err != nil {
		return nil, fmt.Errorf("listings at %s: %w", url, convertErr(err))
	}
	defer rows.Close()
	for rows.Next() {
		var ref ListingRef
		if err := rows.Scan(&ref.Competitor, &ref.Key); err != nil {
			return nil, fmt.Errorf("listings at %s: %w", url, convertErr(err))
		}
		refs = append(refs, ref)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listings at %s: %w", url, convertErr(err))
	}
	return refs, nil
}
