package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
	"github.com/shelfwatch/shelfwatch/cmd/report/serve"
	"github.com/shelfwatch/shelfwatch/digest"
	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/render"
	"github.com/shelfwatch/shelfwatch/store"
)

// errNoSuchItem is wrapped when a history names an SKU, listing or
// category the database does not know.
var errNoSuchItem = errors.New("not found")

// cmdHistory is `report history`: one of our items with every matched
// listing, one listing, or one category's tier cuts, over --since.
func cmdHistory(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "history", "history [--config F] (--sku SKU | --competitor NAME --listing KEY | --url URL | --category NAME) [--since 26w|2026-06-01] [--format text|csv|json] [--excel] [--out FILE]")
	configPath := fs.String("config", defaultConfig, "config `file`")
	sku := fs.String("sku", "", "one of our catalog `SKU`s: our price and every matched competitor listing")
	competitor := fs.String("competitor", "", "with --listing: the listing's competitor")
	listingKey := fs.String("listing", "", "with --competitor: the listing `key` (sku:…, url:…)")
	url := fs.String("url", "", "a listing by its page `URL`")
	category := fs.String("category", "", "a market group's tier cuts, week by week")
	since := fs.String("since", "26w", "how far back: a length (26w, 180d, 4380h) or a date (2026-06-01)")
	format := fs.String("format", "text", "text, csv or json")
	excel := excelFlag(fs)
	out := outFlag(fs)
	if err := parseFormat(fs, args, format, "text", "csv", "json"); err != nil {
		return err
	}
	if *excel && *format != "csv" {
		return cmdline.Usagef("history: --excel applies to --format csv only")
	}
	n := 0
	for _, set := range []bool{*sku != "", *competitor != "" || *listingKey != "", *url != "", *category != ""} {
		if set {
			n++
		}
	}
	if n != 1 {
		return cmdline.Usagef("history: give exactly one of --sku, --competitor with --listing, --url or --category")
	}
	if (*competitor == "") != (*listingKey == "") {
		return cmdline.Usagef("history: --competitor and --listing go together")
	}
	now := e.now().UTC()
	win, err := resolveSpan(now, "", *since, "")
	if err != nil {
		return err
	}
	cfg, db, err := openDB(ctx, e, *configPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if *category != "" {
		opt, err := pricingOptions(cfg)
		if err != nil {
			return err
		}
		h, err := tierHistory(ctx, db, *category, win.From, now, opt, cfg.StaleAfterFor)
		if err != nil {
			return fmt.Errorf("history: %w", err)
		}
		return write(e, *out, func(w io.Writer) error {
			switch *format {
			case "csv":
				return render.TierHistoryCSV(forExcel(w, *excel), h)
			case "json":
				return render.TierHistoryJSON(w, h)
			}
			return render.TierHistoryText(w, h)
		})
	}
	var f render.HistoryFeed
	switch {
	case *sku != "":
		f, err = skuHistory(ctx, db, *sku, win.From, nil)
	case *url != "":
		f, err = urlHistory(ctx, db, *url, win.From)
	default:
		f, err = listingHistory(ctx, db, []store.ListingRef{{Competitor: *competitor, Key: *listingKey}}, win.From, nil)
		if err == nil && len(f.Listings[0].Points) == 0 {
			err = fmt.Errorf("%s has no listing %q observed since %s: %w", *competitor, *listingKey, win.From.Format("2006-01-02"), errNoSuchItem)
		}
	}
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	return write(e, *out, func(w io.Writer) error {
		switch *format {
		case "csv":
			return render.HistoryCSV(forExcel(w, *excel), f)
		case "json":
			return render.HistoryJSON(w, f)
		}
		return render.HistoryText(w, f)
	})
}

// listingHistoryStore is what the history of listings reads: the market
// store and one listing's offer as a run saw it, to describe it.
type listingHistoryStore interface {
	digest.HistoryStore
	OfferBefore(ctx context.Context, competitor, key string, runID int64) (store.RunOffer, error)
}

// skuHistoryStore is what the history of one of our SKUs reads: the
// listings' store and the catalog with its retired SKUs, whose history
// stays.
type skuHistoryStore interface {
	listingHistoryStore
	CatalogWithRetired(ctx context.Context) ([]store.CatalogEntry, error)
}

// skuHistory returns our item (its current price: the catalog keeps no
// history of our own prices), current or retired, and the points of every
// automatic or confirmed match since since. current, when given, supplies
// titles and URLs of listings in the latest runs; otherwise the listings'
// latest observations do. The error wraps serve.ErrNotFound for a SKU the
// catalog never had.
func skuHistory(ctx context.Context, db skuHistoryStore, sku string, since time.Time, current map[store.ListingRef]pricing.Offer) (render.HistoryFeed, error) {
	cat, err := db.CatalogWithRetired(ctx)
	if err != nil {
		return render.HistoryFeed{}, fmt.Errorf("history of %s: %w", sku, err)
	}
	f := render.HistoryFeed{SKU: sku}
	found := false
	for _, it := range cat {
		if it.SKU == sku {
			found = true
			f.Title, f.Category, f.Price = it.Title, it.Category, render.MoneyFeed{Amount: it.Price.Amount, Currency: it.Price.Currency}
			if !it.RetiredAt.IsZero() {
				at := it.RetiredAt.UTC().Format(time.RFC3339)
				f.RetiredAt = &at
			}
		}
	}
	if !found {
		return f, fmt.Errorf("history of %s: no item of ours, current or retired, has that SKU: %w", sku, serve.ErrNotFound)
	}
	ms, err := db.Matches(ctx)
	if err != nil {
		return f, fmt.Errorf("history of %s: %w", sku, err)
	}
	var refs []store.ListingRef
	methods := map[store.ListingRef]string{}
	for _, m := range ms {
		if m.CatalogSKU != sku || (m.Decision != store.DecisionAuto && m.Decision != store.DecisionConfirmed) {
			continue
		}
		ref := store.ListingRef{Competitor: m.Competitor, Key: m.ListingKey}
		if _, dup := methods[ref]; !dup {
			refs = append(refs, ref)
		}
		methods[ref] = string(m.Method)
	}
	lf, err := listingHistory(ctx, db, refs, since, current)
	if err != nil {
		return f, fmt.Errorf("history of %s: %w", sku, err)
	}
	f.Listings = lf.Listings
	for i := range f.Listings {
		f.Listings[i].Method = methods[refs[i]]
	}
	return f, nil
}

// listingHistory returns the points of each listing in refs since since,
// one HistoryListing per ref in order (with no points for a listing never
// observed). Titles and URLs come from current when it has the listing,
// else from the latest run that observed it.
func listingHistory(ctx context.Context, db listingHistoryStore, refs []store.ListingRef, since time.Time, current map[store.ListingRef]pricing.Offer) (render.HistoryFeed, error) {
	var f render.HistoryFeed
	idx := map[store.ListingRef]int{}
	for _, ref := range refs {
		idx[ref] = len(f.Listings)
		o := current[ref]
		f.Listings = append(f.Listings, render.HistoryListing{Competitor: ref.Competitor, Key: ref.Key, Title: o.Title, URL: o.URL})
	}
	points, err := db.PriceHistory(ctx, refs, since)
	if err != nil {
		return f, err
	}
	last := map[store.ListingRef]int64{}
	for _, p := range points {
		ref := store.ListingRef{Competitor: p.Competitor, Key: p.Key}
		i, ok := idx[ref]
		if !ok {
			continue
		}
		f.Listings[i].Points = append(f.Listings[i].Points, render.HistoryPointOf(p.RunID, string(p.RunStatus), p.At, p.Price, string(p.Availability)))
		if p.RunStatus == store.RunSucceeded {
			last[ref] = p.RunID
		}
	}
	// Describe listings the caller's market did not, each by its offer in
	// its latest succeeded run: the newest run up to that one that saw the
	// listing is that run, found through the listing's index. Reading the
	// whole run instead would be 200,000 offers for one title.
	for ref, run := range last {
		l := &f.Listings[idx[ref]]
		if l.Title != "" {
			continue
		}
		ro, err := db.OfferBefore(ctx, ref.Competitor, ref.Key, run+1)
		if errors.Is(err, store.ErrNotFound) {
			continue // the point says the run saw it; a prune may have come between
		}
		if err != nil {
			return f, err
		}
		if ro.RunID == run {
			l.Title, l.URL = ro.Offer.Title, ro.Offer.URL
		}
	}
	return f, nil
}

// urlHistoryStore is what the history of a page URL reads: the market
// store and the listings at a URL.
type urlHistoryStore interface {
	listingHistoryStore
	ListingsAtURL(ctx context.Context, url string) ([]store.ListingRef, error)
}

// urlHistory finds the listings shown at a page URL and returns their
// history. A listing keyed by its URL ("url:"+URL) is found by key through
// the listings index, for every competitor; any listing whose latest page
// URL is url (trailing slashes aside) through the listings' URL index, so
// the lookup reads no run's offers. Listings with no point since since are
// left out; none left is an error wrapping errNoSuchItem.
func urlHistory(ctx context.Context, db urlHistoryStore, url string, since time.Time) (render.HistoryFeed, error) {
	comps, err := db.Competitors(ctx)
	if err != nil {
		return render.HistoryFeed{}, err
	}
	var refs []store.ListingRef
	seen := map[store.ListingRef]bool{}
	add := func(ref store.ListingRef) {
		if !seen[ref] {
			seen[ref] = true
			refs = append(refs, ref)
		}
	}
	for _, c := range comps {
		add(store.ListingRef{Competitor: c, Key: pricing.ListingKey("", "", url)})
	}
	at, err := db.ListingsAtURL(ctx, url)
	if err != nil {
		return render.HistoryFeed{}, err
	}
	for _, ref := range at {
		add(ref)
	}
	f, err := listingHistory(ctx, db, refs, since, nil)
	if err != nil {
		return f, err
	}
	var kept []render.HistoryListing
	for _, hl := range f.Listings {
		if len(hl.Points) > 0 {
			kept = append(kept, hl)
		}
	}
	if len(kept) == 0 {
		return f, fmt.Errorf("no listing at %s observed since %s: %w", url, since.Format("2006-01-02"), errNoSuchItem)
	}
	f.Listings = kept
	return f, nil
}

// tierHistoryStore is what a market group's tier history reads: the runs,
// our catalog, and the prices of the group's categories in those runs
// (through an index, not each run whole).
type tierHistoryStore interface {
	Competitors(ctx context.Context) ([]string, error)
	Runs(ctx context.Context, competitor string, since time.Time) ([]store.Run, error)
	Catalog(ctx context.Context) ([]pricing.CatalogItem, error)
	Categories(ctx context.Context) ([]string, error)
	CategoryPrices(ctx context.Context, runIDs []int64, categories []string) (map[int64][]pricing.Offer, error)
}

// tierHistory bands a market group as it stood at the end of every ISO week
// from since's week to now's: each competitor's latest usable run by then,
// its staleness judged at that moment.
//
// Only the offers and catalog items of the categories whose groups can be
// group are read and analysed, and of the offers only what banding reads
// (store.CategoryPrices). A group's bands depend on nothing else: pricing
// groups offers and items by their stored category (mapped to the
// canonical tree when crawled, so the stored name is the one Analyze
// groups by) and cuts each group from its members' prices, currencies,
// brands and sales in their order, which the filtered market keeps; the
// rest of the analysis (positions, gaps, outliers' titles) is not part of
// the history. A year of weekly runs of 200,000 listings is then a few
// thousand narrow rows a run, read once, instead of every run whole.
// TestTierHistoryReadsOnlyTheGroup holds it to the whole-market analysis.
func tierHistory(ctx context.Context, db tierHistoryStore, group string, since, now time.Time, opt pricing.Options, staleAfter func(string, time.Time) time.Duration) (render.TierHistory, error) {
	h := render.TierHistory{Group: group}
	comps, err := db.Competitors(ctx)
	if err != nil {
		return h, err
	}
	runs := map[string][]store.Run{} // usable, newest first
	for _, c := range comps {
		rs, err := db.Runs(ctx, c, time.Time{})
		if err != nil {
			return h, fmt.Errorf("runs of %s: %w", c, err)
		}
		for _, r := range rs {
			if digest.Usable(r) {
				runs[c] = append(runs[c], r)
			}
		}
	}
	stored, err := db.Categories(ctx)
	if err != nil {
		return h, err
	}
	var cats []string
	for _, c := range stored {
		if inGroup(group, opt.GroupBy, c) {
			cats = append(cats, c)
		}
	}
	// Our items of the group's categories, in catalog order: they count in
	// its bands, and an item's category makes a group even with no offers.
	all, err := db.Catalog(ctx)
	if err != nil {
		return h, err
	}
	var catalog []pricing.CatalogItem
	for _, it := range all {
		if inGroup(group, opt.GroupBy, it.Category) {
			catalog = append(catalog, it)
		}
	}
	// Each week's market: the run of each competitor it uses.
	type pick struct {
		competitor string
		run        store.Run
	}
	var weeks []digest.Window
	var picks [][]pick
	var ids []int64
	for w := digest.WeekOf(since); w.From.Before(now); w = digest.WeekOf(w.Until) {
		var ps []pick
		for _, c := range comps {
			for _, r := range runs[c] {
				if r.StartedAt.Before(w.Until) {
					ps = append(ps, pick{c, r})
					ids = append(ids, r.ID)
					break
				}
			}
		}
		weeks, picks = append(weeks, w), append(picks, ps)
	}
	offers := map[int64][]pricing.Offer{}
	if len(cats) > 0 {
		if offers, err = db.CategoryPrices(ctx, ids, cats); err != nil {
			return h, fmt.Errorf("prices of %q: %w", group, err)
		}
	}
	markets := make([]pricing.Market, len(weeks))
	for i, w := range weeks {
		at := w.AsOf(now)
		m := pricing.Market{Now: at, Catalog: catalog}
		for _, p := range picks[i] {
			m.Current = append(m.Current, pricing.Snapshot{Competitor: p.competitor, RunID: p.run.ID, At: p.run.StartedAt, Offers: offers[p.run.ID]})
			if at.Sub(p.run.StartedAt) > staleAfter(p.competitor, at) {
				if m.Stale == nil {
					m.Stale = map[string]bool{}
				}
				m.Stale[p.competitor] = true
			}
		}
		markets[i] = m
	}
	// Analyze is pure and the weeks are independent (they share offers
	// only to read them), so they are banded on every core: a year of a
	// group of 5,000 listings is 52 analyses of about 10 ms each.
	if len(weeks) > 0 {
		h.Weeks = make([]render.TierHistoryWeek, len(weeks))
	}
	matched := make([]bool, len(weeks))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(weeks)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				w := weeks[i]
				wk := render.TierHistoryWeek{Week: w.Week, Until: w.Until.Format(time.RFC3339), Note: "no market offers"}
				for _, b := range pricing.Analyze(markets[i], opt).Categories {
					if b.Key == group || strings.EqualFold(b.Key, group) {
						wk, matched[i] = render.TierHistoryWeekOf(w.Week, w.Until.Format(time.RFC3339), b), true
					}
				}
				h.Weeks[i] = wk
			}
		}()
	}
	for i := range weeks {
		next <- i
	}
	close(next)
	wg.Wait()
	if !slices.Contains(matched, true) {
		return h, fmt.Errorf("no market group %q since %s: %w", group, since.Format("2006-01-02"), errNoSuchItem)
	}
	return h, nil
}

// inGroup reports whether offers or items of category can fall in a
// market group that tierHistory takes for group: one whose key is group
// or equals it ignoring case (strings.EqualFold). A group is keyed by its
// category, or with pricing.GroupByCategoryBrand by "category | brand";
// then category counts when group starts with it, ignoring case rune by
// rune as EqualFold compares, followed by " | ". Nothing without a
// category is in a group. Saying yes to a category that is not needed only
// costs reading its offers; saying no to one that is would change the
// bands, so where in doubt this says yes.
func inGroup(group string, by pricing.GroupBy, category string) bool {
	if category == "" {
		return false
	}
	if by != pricing.GroupByCategoryBrand {
		return strings.EqualFold(category, group)
	}
	rs := []rune(group)
	n := utf8.RuneCountInString(category)
	return n+3 <= len(rs) && strings.EqualFold(string(rs[:n]), category) && string(rs[n:n+3]) == " | "
}
