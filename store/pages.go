package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// PageDone is a page a run has finished with: its offers are stored, and
// Links are the URLs it led to (next listing pages, product pages), so a
// resumed crawl can rebuild its frontier from the pages already done without
// fetching them again. Kind is the crawler's name for the page ("listing",
// "product", "api", ...); the store keeps it as given.
type PageDone struct {
	URL   string
	Kind  string
	Links []string
}

// pageArgs is a PageDone made storable.
type pageArgs struct {
	url, kind, links string
}

// SaveBatch records, in one transaction, the offers that pages produced in
// run runID and the pages themselves, so a page is recorded done if and only
// if its offers are stored: pass each page together with all of its offers.
// A page may have no offers (a listing page that only led to products), and
// a call may have no pages, when it saves offers exactly as SaveOffers does.
//
// Offers are stored as SaveOffers stores them: saving an offer again in the
// same run, in this call or a later one (a resumed crawl), updates its
// observation rather than adding one. Recording a page again replaces its
// Kind and Links. A transient failure is retried as in SaveOffers; unlike
// SaveOffers, the call is never split into several transactions, so the
// caller keeps batches to a sensible size (hundreds of offers).
//
// It returns an error wrapping ErrNotFound for an unknown run, an error
// naming the offer or page that cannot be stored (see SaveOffers; a page
// needs a URL), ErrConstraint for a row the schema rejects, and ErrBusy when
// the retries ran out. On any error nothing of the call is stored.
func (db *DB) SaveBatch(ctx context.Context, runID int64, offers []pricing.Offer, pages []PageDone) error {
	run, err := getRun(ctx, db.x, runID)
	if err != nil {
		return fmt.Errorf("save batch: %w", err)
	}
	for i := range offers {
		if err := checkOffer(&offers[i], run.Competitor); err != nil {
			return fmt.Errorf("save batch of run %d: offer %d: %w", runID, i, err)
		}
	}
	args, err := pageRows(pages)
	if err != nil {
		return fmt.Errorf("save batch of run %d: %w", runID, err)
	}
	if len(offers) == 0 && len(args) == 0 {
		return nil
	}
	if err := db.saveBatch(ctx, run, 0, 0, offers, args); err != nil {
		return fmt.Errorf("save batch of run %d (%d offers, %d pages): %w", runID, len(offers), len(args), err)
	}
	return nil
}

// pageRows validates pages and makes them storable. A URL given twice keeps
// its last Kind and Links, as a repeated offer keeps its last values, and
// appears once: PostgreSQL refuses to update one row twice in a statement.
func pageRows(pages []PageDone) ([]pageArgs, error) {
	out := make([]pageArgs, 0, len(pages))
	at := make(map[string]int, len(pages))
	for i, p := range pages {
		u := clean(p.URL)
		if u == "" {
			return nil, fmt.Errorf("page %d: empty URL", i)
		}
		links := make([]string, len(p.Links))
		for j, l := range p.Links {
			links[j] = clean(l)
		}
		b, err := json.Marshal(links)
		if err != nil { // a []string always marshals; kept for safety
			return nil, fmt.Errorf("page %d %q: links: %w", i, u, err)
		}
		row := pageArgs{url: u, kind: clean(p.Kind), links: string(b)}
		if j, dup := at[u]; dup {
			out[j] = row
			continue
		}
		at[u] = len(out)
		out = append(out, row)
	}
	return out, nil
}

const (
	pageInsert   = `INSERT INTO run_pages (run_id, url, kind, links) VALUES `
	pageRow      = `(?, ?, ?, ?)`
	pageColumns  = 4
	pageConflict = `
	ON CONFLICT (run_id, url) DO UPDATE SET kind = excluded.kind, links = excluded.links`
)

// writePages upserts the pages of run in multi-row statements of at most
// maxParams parameters.
func writePages(ctx context.Context, e sqlx.ExtContext, maxParams int, run Run, pages []pageArgs) error {
	limit := max(maxParams/pageColumns, 1)
	args := make([]any, 0, min(len(pages), limit)*pageColumns)
	for start := 0; start < len(pages); start += limit {
		chunk := pages[start:min(start+limit, len(pages))]
		args = args[:0]
		for _, p := range chunk {
			args = append(args, run.ID, p.url, p.kind, p.links)
		}
		q := e.Rebind(multiRow(pageInsert, pageRow, len(chunk), pageConflict))
		if _, err := e.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("pages: %w", convertErr(err))
		}
	}
	return nil
}

// DonePages returns the pages recorded done in run runID, in the order they
// were first recorded. Links is nil for a page that led nowhere. It returns
// an error wrapping ErrNotFound for an unknown run; a run with no pages gives
// an empty slice.
func (db *DB) DonePages(ctx context.Context, runID int64) ([]PageDone, error) {
	if _, err := getRun(ctx, db.x, runID); err != nil {
		return nil, fmt.Errorf("done pages: %w", err)
	}
	var rows []struct {
		URL   string `db:"url"`
		Kind  string `db:"kind"`
		Links string `db:"links"`
	}
	q := db.x.Rebind(`SELECT url, kind, links FROM run_pages WHERE run_id = ? ORDER BY id`)
	if err := db.x.SelectContext(ctx, &rows, q, runID); err != nil {
		return nil, fmt.Errorf("done pages of run %d: %w", runID, convertErr(err))
	}
	out := make([]PageDone, 0, len(rows))
	for _, r := range rows {
		p := PageDone{URL: r.URL, Kind: r.Kind}
		if err := json.Unmarshal([]byte(r.Links), &p.Links); err != nil {
			return nil, fmt.Errorf("done pages of run %d: links of %q: %w", runID, r.URL, err)
		}
		if len(p.Links) == 0 {
			p.Links = nil
		}
		out = append(out, p)
	}
	return out, nil
}
