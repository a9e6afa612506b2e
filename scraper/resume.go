package scraper

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// DonePage is a page a crawl finished with: it was read and every offer it
// gave was handed to the sink in the same Batch. Links are the pages it led
// to, in the crawler's own notation ("listing URL", "product URL",
// "shopify N START", "woocommerce N START"): store them as they are and
// hand them back in CrawlOptions.Done.
type DonePage struct {
	URL   string
	Kind  string // "listing", "product", "shopify" or "woocommerce"
	Links []string
}

// Batch is what CrawlOptions.Sink receives: offers and the pages that are
// finished once they are stored. Store both or neither, so that a page is
// recorded done only when its offers are saved. Pages is empty for offers
// that finish no page (a listing's offer whose product page failed); Offers
// is empty for a page that only led elsewhere.
type Batch struct {
	Offers []pricing.Offer
	Pages  []DonePage
}

// CrawlOptions are CrawlWith's options.
type CrawlOptions struct {
	// Sink receives offers with the pages they finish, one call at a time.
	// Nil discards them.
	Sink func(context.Context, Batch) error
	// Done are the pages an earlier attempt at this crawl finished (an
	// interrupted run being resumed). They are not fetched again: they
	// count towards max_pages, and their links seed the crawl instead.
	// Listing offers that were waiting for a product page when the earlier
	// attempt stopped are not kept; the product page is read on its own.
	Done []DonePage
}

// CrawlWith is Crawl with options: a sink that learns which pages are done,
// and the pages an interrupted attempt already finished. Errors are as
// Crawl's, except that a resumed crawl with nothing left to fetch succeeds.
func (c *Crawler) CrawlWith(ctx context.Context, comp Competitor, opt CrawlOptions) (Stats, error) {
	return c.crawl(ctx, comp, opt)
}

// resume marks the pages of an earlier attempt visited, so they are not
// fetched again.
func (r *run) resume(done []DonePage) {
	for _, p := range done {
		kind, ok := parseKind(p.Kind)
		u, err := url.Parse(p.URL)
		if !ok || err != nil {
			continue
		}
		key := visitKey(u, kind)
		if r.visited[key] {
			continue
		}
		r.visited[key] = true
		r.requested++
		if kind == kindProduct {
			r.productDone[key] = true
		}
	}
}

// followDone requests what the done pages led to and was not done itself.
func (r *run) followDone(done []DonePage) {
	for _, p := range done {
		for _, l := range p.Links {
			kind, rest, _ := strings.Cut(l, " ")
			switch k, _ := parseKind(kind); k {
			case kindShopify, kindWooCommerce:
				n, start, ok := strings.Cut(rest, " ")
				page, err := strconv.Atoi(n)
				if ok && err == nil && page > 0 {
					r.visitAPI(start, page)
				}
			case kindListing, kindProduct:
				r.visit(rest, k, p.URL)
			}
		}
	}
}

// heldPage is a listing page read whose offers wait for product pages.
type heldPage struct {
	page    DonePage
	waiting int // its product pages not yet read or failed
}

// pageRead records a page handle read. A product page is done at once,
// and so are the listing pages that waited for it alone. A listing page is
// done once every product page it holds offers back for is: until then its
// waiting offers are not stored, so a crawl stopped in between must read
// it again. It does nothing without a page sink.
func (r *run) pageRead(res result) {
	if r.pageSink == nil {
		return
	}
	p := DonePage{URL: res.url, Kind: res.kind.String()}
	switch res.kind {
	case kindListing:
		waiting := 0
		for _, u := range res.page.NextPages {
			p.Links = append(p.Links, kindListing.String()+" "+u)
		}
		for _, u := range res.page.ProductLinks {
			p.Links = append(p.Links, kindProduct.String()+" "+u)
			if cu := canonical(u); r.productPending[cu] && !slices.Contains(r.waiters[cu], res.url) {
				if r.waiters == nil {
					r.waiters = map[string][]string{}
				}
				r.waiters[cu] = append(r.waiters[cu], res.url)
				waiting++
			}
		}
		if waiting > 0 {
			if r.held == nil {
				r.held = map[string]*heldPage{}
			}
			r.held[res.url] = &heldPage{page: p, waiting: waiting}
			return
		}
	case kindProduct:
		r.release(canonical(res.url))
	case kindShopify, kindWooCommerce:
		// As handle decides whether to ask for the next API page.
		last := res.kind == kindWooCommerce && res.totalPages > 0 && res.apiPage >= res.totalPages
		if len(res.page.Offers) > 0 && !last {
			p.Links = []string{fmt.Sprintf("%s %d %s", res.kind, res.apiPage+1, res.start)}
		}
	}
	r.done = append(r.done, p)
}

// productFailed records a product page that could not be read as done:
// its listing offer is stored in its stead, and reading it again on resume
// could store the product a second time under another key.
func (r *run) productFailed(res result) {
	if r.pageSink == nil {
		return
	}
	r.release(canonical(res.url))
	r.done = append(r.done, DonePage{URL: res.url, Kind: kindProduct.String()})
}

// release marks the listing pages waiting for product page cu done when it
// was the last they waited for.
func (r *run) release(cu string) {
	for _, l := range r.waiters[cu] {
		h := r.held[l]
		if h == nil {
			continue
		}
		if h.waiting--; h.waiting <= 0 {
			r.done = append(r.done, h.page)
			delete(r.held, l)
		}
	}
	delete(r.waiters, cu)
}

func parseKind(s string) (pageKind, bool) {
	for _, k := range []pageKind{kindListing, kindProduct, kindShopify, kindWooCommerce} {
		if k.String() == s {
			return k, true
		}
	}
	return 0, false
}
