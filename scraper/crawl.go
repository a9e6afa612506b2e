// Package scraper crawls competitor shops with Colly: it loads the config
// file, builds one collector per competitor, fetches listing, product and
// shop-API pages (http, https and file URLs), decodes them to UTF-8, hands
// them to scraper/extract and passes the offers to a sink in batches.
//
// Fetching lives here; reading HTML and JSON into offers is extract's pure
// business, and storing offers is the sink's.
package scraper

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/scraper/extract"
	"github.com/shelfwatch/shelfwatch/yamlconf"
)

// ErrSiteFailed is wrapped by Crawl's error when not a single page of a
// competitor could be fetched: the site is down, blocks us, or every start
// URL is wrong.
var ErrSiteFailed = errors.New("site failed")

// StatusError is a fetch that got an HTTP error status (or, for file URLs,
// the equivalent: 404 for a missing file).
type StatusError struct {
	Code int
	URL  string
}

// Error returns e.g. "https://shop.example/p/1: HTTP 404 Not Found".
func (e *StatusError) Error() string {
	return fmt.Sprintf("%s: HTTP %d %s", e.URL, e.Code, http.StatusText(e.Code))
}

// Defaults of the Crawler's retry settings.
const (
	DefaultMaxRetries   = 3
	DefaultRetryBackoff = time.Second
	DefaultMaxRetryWait = 30 * time.Second
)

// Crawler fetches competitor pages. The zero value is ready to use: it uses
// http.DefaultTransport, logs nowhere and reads the system clock.
type Crawler struct {
	// Transport makes the HTTP requests; nil means http.DefaultTransport.
	// file:// URLs never reach it.
	Transport http.RoundTripper
	Logger    *slog.Logger
	// Now stamps offers with ObservedAt; nil means time.Now.
	Now func() time.Time

	// MaxRetries is how often a request that timed out or got 429 or 5xx is
	// retried; 0 means DefaultMaxRetries, negative means never.
	MaxRetries int
	// RetryBackoff is the pause before the first retry, doubled for each
	// further one; 0 means DefaultRetryBackoff.
	RetryBackoff time.Duration
	// MaxRetryWait bounds one pause. A Retry-After longer than this gives up
	// instead of retrying early. 0 means DefaultMaxRetryWait.
	MaxRetryWait time.Duration
	// RobotsTimeout bounds one robots.txt fetch (never more than the
	// competitor's timeout); 0 means DefaultRobotsTimeout.
	RobotsTimeout time.Duration
	// Observer, if set, is told of every answer and retry as it happens
	// (see Observer); nil observes nothing.
	Observer Observer
	// Limiter, if set, keeps every host's delay and parallelism across
	// processes (see HostLimiter); nil keeps them in this process.
	Limiter HostLimiter

	limitsOnce sync.Once
	limits     *hostLimits // per-host politeness of every request; see ShareLimits
}

// errStopped ends a wait for a host's turn when the crawl that asked for it
// was abandoned.
var errStopped = errors.New("crawl stopped")

// ShareLimits declares competitor entries the Crawler is going to crawl, so
// that from the first request on every host they name gets the strictest
// delay and parallelism any of them asks for. Crawl and Page declare their
// own entry as well; calling ShareLimits first only matters when several
// entries name one shop, and then it does: otherwise the first entry's crawl
// would run at its own, laxer pace until the stricter one starts.
func (c *Crawler) ShareLimits(comps ...Competitor) {
	for _, comp := range comps {
		c.register(comp, nil)
	}
}

func (c *Crawler) hostLimits() *hostLimits {
	c.limitsOnce.Do(func() {
		c.limits = newHostLimits()
		c.limits.shared = c.Limiter
	})
	return c.limits
}

// register applies comp's politeness to every host it names: its start
// URLs' hosts, its allowed domains and any extra hosts.
func (c *Crawler) register(comp Competitor, extra []string) {
	l := c.hostLimits()
	rule := limitRule{delay: comp.Delay, random: comp.RandomDelay, parallelism: max(comp.Parallelism, 1)}
	hosts := append(slices.Clone(comp.AllowedDomains), extra...)
	for _, s := range comp.StartURLs {
		if u, err := url.Parse(s); err == nil && u.Scheme != "file" {
			hosts = append(hosts, u.Hostname())
		}
	}
	for _, h := range hosts {
		if h != "" {
			l.register(h, rule)
		}
	}
}

// Stats describes one crawl.
type Stats struct {
	// Pages counts pages fetched and extracted; Items counts offers handed
	// to the sink.
	Pages, Items int
	// Errors is len(Failures): pages that could not be fetched or read.
	// Each failure names its URL.
	Errors   int
	Failures []error
	// ErrorsByClass counts the pages not read by class (see ErrorClass):
	// every failure in Failures, plus, as "robots", every page robots.txt
	// disallowed. ErrorExamples holds the URL of the first page of each
	// class. Both are nil when nothing failed.
	ErrorsByClass map[string]int
	ErrorExamples map[string]string
	// Warnings are non-fatal problems inside pages that were read anyway
	// (malformed JSON-LD and the like), each naming its URL.
	Warnings []error
	// Ambiguous counts the listings stored once for several offers of one
	// page that nothing told apart (each an *extract.AmbiguousError among
	// Warnings, naming its page).
	Ambiguous int
	// Skipped counts links not followed because of max_pages or robots.txt.
	Skipped  int
	Duration time.Duration
	// Unmapped counts the offers handed to the sink whose source category
	// (Offer.SourceCategory; "" for a product the shop put in no category)
	// maps to no canonical category. Those offers are kept, with Category
	// "". nil when the competitor has no category mapping.
	Unmapped map[string]int
}

func (c *Crawler) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Crawler) logger() *slog.Logger {
	if c.Logger != nil {
		return c.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// Crawl crawls one competitor. sink receives offers in batches, called from
// one goroutine at a time (never concurrently), with Competitor and
// ObservedAt set on every offer and at most one offer per Key; a nil sink
// discards them. The crawl stops when ctx is cancelled and returns ctx's
// error, wrapped. A sink error aborts the crawl and is returned, wrapped.
// Fetch errors on single pages are counted in Stats and do not abort; if no
// page could be fetched at all, Crawl returns an error wrapping
// ErrSiteFailed and naming each URL that failed.
//
// Listing offers whose product page is followed are held back until that
// page is read, so that the two merge into one offer: product-page fields
// win, the listing fills blanks.
func (c *Crawler) Crawl(ctx context.Context, comp Competitor, sink func(context.Context, []pricing.Offer) error) (Stats, error) {
	var opt CrawlOptions
	if sink != nil {
		opt.Sink = func(ctx context.Context, b Batch) error { return sink(ctx, b.Offers) }
	}
	return c.crawl(ctx, comp, opt)
}

func (c *Crawler) crawl(ctx context.Context, comp Competitor, opt CrawlOptions) (Stats, error) {
	start := c.now()
	r, err := c.newRun(ctx, comp, nil)
	if err != nil {
		return Stats{}, fmt.Errorf("crawl %s: %w", comp.Name, err)
	}
	defer r.cancel()
	r.pageSink = opt.Sink
	r.resume(opt.Done)
	r.visitStart()
	r.followDone(opt.Done)
	r.loop(ctx)
	if err := ctx.Err(); err != nil {
		// Cancelled while the last page was being handled: report it
		// rather than hand a cancelled context to the sink.
		r.abort(err)
	}
	if r.abortErr == nil {
		// Listing offers still waiting for a product page that never came.
		var rest []pricing.Offer
		for _, cu := range r.pendingOrder {
			if o, ok := r.pending[cu]; ok {
				rest = append(rest, o)
			}
		}
		r.emit(ctx, rest, c.now())
	}
	r.stats.Duration = c.now().Sub(start)
	r.stats.Errors = len(r.stats.Failures)
	if r.abortErr != nil {
		return r.stats, fmt.Errorf("crawl %s: %w", comp.Name, r.abortErr)
	}
	if r.stats.Pages == 0 && len(opt.Done) == 0 {
		why := errors.Join(append(r.stats.Failures, r.blocked...)...)
		if why == nil {
			why = errors.New("no page was requested")
		}
		return r.stats, fmt.Errorf("crawl %s: %w: %w", comp.Name, ErrSiteFailed, why)
	}
	r.log.Info("crawl done", "pages", r.stats.Pages, "items", r.stats.Items,
		"errors", r.stats.Errors, "skipped", r.stats.Skipped, "duration", r.stats.Duration)
	return r.stats, nil
}

// visitStart queues the competitor's start URLs: the platform's product
// API for Shopify and WooCommerce shops, else as listing pages.
func (r *run) visitStart() {
	for _, u := range r.comp.StartURLs {
		switch r.comp.Platform {
		case PlatformShopify, PlatformWooCommerce:
			r.visitAPI(u, 1)
		default:
			r.visit(u, kindListing, "")
		}
	}
}

// refusedByRobots records the page us that robotsAllow refused with err:
// skipped when robots.txt disallows it (then it says true), failed when
// robots.txt could not be read.
func (r *run) refusedByRobots(us string, err error) (disallowed bool) {
	if !errors.Is(err, colly.ErrRobotsTxtBlocked) {
		r.fail(us, err)
		return false
	}
	r.stats.Skipped++
	r.blocked = append(r.blocked, err)
	r.count(us, err)
	return true
}

// Page fetches one page (an http(s) URL, a file:// URL or a local file path)
// and reads it exactly as Crawl would, following nothing: the same fetch,
// decoding, extraction, merging rules and category mapping, and the offers
// stamped as Crawl hands them to its sink. A JSON answer is read as the
// competitor's shop API. One of the competitor's start URLs is read as
// Crawl reads it: as a listing, or as a product page when nothing on it
// reads as a listing. Another HTML page is read as a listing when the
// listing selectors find items or the next-page and product-link selectors
// find links on it, or when it describes several products at their own
// URLs; otherwise as a product page, as Crawl reads a page it reached
// through a product link. It is for
// checking a competitor's rules by hand. It returns a *StatusError (wrapped)
// for an HTTP error status, an error wrapping ErrTruncated for a page that
// stayed cut off, and an error for a page that cannot be fetched or read.
func (c *Crawler) Page(ctx context.Context, comp Competitor, target string) (extract.Page, error) {
	return c.page(ctx, comp, target, kindSingle)
}

// ProductPage is Page for a page known to be a product page: it is read the
// way Crawl reads a page it reached through the competitor's product links.
func (c *Crawler) ProductPage(ctx context.Context, comp Competitor, target string) (extract.Page, error) {
	return c.page(ctx, comp, target, kindProduct)
}

func (c *Crawler) page(ctx context.Context, comp Competitor, target string, kind pageKind) (extract.Page, error) {
	u, err := targetURL(target)
	if err != nil {
		return extract.Page{}, err
	}
	// The caller named this page, so its host may be fetched even when it
	// is not among the competitor's allowed domains.
	extra := []string{strings.ToLower(u.Hostname())}
	r, err := c.newRun(ctx, comp, extra)
	if err != nil {
		return extract.Page{}, fmt.Errorf("page %s: %w", target, err)
	}
	defer r.cancel()
	r.single = true
	var offers []pricing.Offer
	r.pageSink = func(_ context.Context, b Batch) error {
		offers = append(offers, b.Offers...)
		return nil
	}
	isStart := false
	for _, s := range comp.StartURLs {
		if canonical(s) == extract.CanonicalURL(u) {
			isStart = true
		}
	}
	if !r.request(u.String(), kind, "", func(cctx *colly.Context) { cctx.Put(ctxIsStart, isStart) }) {
		if err := ctx.Err(); err != nil {
			// Cancelled while its robots.txt was on the way.
			return extract.Page{}, fmt.Errorf("page %s: %w", u, err)
		}
		err := errors.Join(append(r.stats.Failures, r.blocked...)...)
		if err == nil {
			err = fmt.Errorf("%s: not fetched", u)
		}
		return extract.Page{}, err
	}
	var res result
	// The same handling as Crawl's, which in a single-page run follows
	// nothing and emits the page's offers to the sink above.
	r.loopFunc(ctx, func(got result) {
		res = got
		r.handle(got)
	})
	if r.abortErr != nil {
		return extract.Page{}, r.abortErr
	}
	if res.err != nil {
		return res.page, res.err
	}
	if res.notJSON {
		return res.page, fmt.Errorf("%s: not a shop API answer", u)
	}
	page := res.page
	page.Offers = offers
	return page, nil
}

// targetURL turns Page's target into a URL: http(s) and file URLs as they
// are, anything else as a path relative to the current directory.
func targetURL(target string) (*url.URL, error) {
	d := &decoder{Decoder: &yamlconf.Decoder{Dir: "."}}
	u, err := d.startURL(target)
	if err != nil {
		return nil, err
	}
	return u, nil
}

// pageKind is what the crawler believes a URL to be.
type pageKind int

const (
	kindListing pageKind = iota
	kindProduct
	kindShopify
	kindWooCommerce
	kindSingle // Page: whatever it turns out to be
)

func (k pageKind) String() string {
	switch k {
	case kindListing:
		return "listing"
	case kindProduct:
		return "product"
	case kindShopify:
		return "shopify"
	case kindWooCommerce:
		return "woocommerce"
	}
	return "page"
}

func (k pageKind) api() bool { return k == kindShopify || k == kindWooCommerce }

// Keys of the colly.Context each request carries. Every request gets a fresh
// context, so they never leak between requests.
const (
	ctxKind    = "shelfwatch.kind"
	ctxURL     = "shelfwatch.url"
	ctxStart   = "shelfwatch.start"
	ctxAPIPage = "shelfwatch.page"
	ctxAttempt = "shelfwatch.attempt"
	ctxIsStart = "shelfwatch.isstart" // Page: the target is a start URL
)

// result is what a Colly callback reports about one request.
type result struct {
	url        string // as requested, before redirects
	kind       pageKind
	start      string // API pages: the shop's start URL
	apiPage    int
	page       extract.Page
	err        error
	notJSON    bool // an API page that was not JSON
	totalPages int  // WooCommerce's X-WP-TotalPages, 0 when absent
	isStart    bool // Page: the target is one of the competitor's start URLs
}

// run is the state of one crawl. Everything but results is owned by the
// goroutine that calls loop; callbacks only send on results.
type run struct {
	c      *Crawler
	comp   Competitor
	log    *slog.Logger
	col    *colly.Collector
	ctx    context.Context // cancelled on abort, so in-flight requests end
	cancel context.CancelFunc
	// pageSink receives offers with the pages they finish; done holds the
	// pages finished since the last emit, held the listing pages waiting
	// for product pages (see resume.go).
	pageSink func(context.Context, Batch) error
	done     []DonePage
	held     map[string]*heldPage
	waiters  map[string][]string

	results  chan result
	inflight int
	// requested counts pages requested, bounded by comp.MaxPages.
	requested int
	maxPages  int
	visited   map[string]bool
	// productPending holds canonical product URLs requested and not yet
	// answered; pending the listing offers waiting for them.
	productPending map[string]bool
	productDone    map[string]bool
	pending        map[string]pricing.Offer
	pendingOrder   []string
	emitted        map[string]bool
	blocked        []error
	abortErr       error
	stats          Stats
	capLogged      bool
	// single is a Page run: the first request is the only one.
	single bool
	// referrer is, per requested URL, the page that linked to it, so that
	// URL category patterns can match the listing a product was found on.
	referrer map[string]string
	// tr is the collector's transport; robots.txt is fetched through it.
	tr *transport
	// robots caches each host's robots.txt for this crawl.
	robots map[string]robotsEntry
	// shared is the frontier of a crawl shared with other processes
	// (CrawlShared); nil for a crawl of this process alone.
	shared *sharedRun
	// fetched holds every URL requested, whatever its kind: Colly's own
	// revisit check is off (see collector), so this is what keeps a URL
	// met both as a listing and as a product link from being fetched twice.
	fetched map[string]bool
}

func (c *Crawler) newRun(ctx context.Context, comp Competitor, extraDomains []string) (*run, error) {
	if comp.Platform == "" {
		comp.Platform = PlatformHTML
	}
	if comp.Rules.Currency == "" {
		comp.Rules.Currency = comp.Currency
	}
	if comp.Rules.Mode == "" {
		comp.Rules.Mode = "auto"
	}
	cctx, cancel := context.WithCancel(ctx)
	r := &run{
		c:              c,
		comp:           comp,
		log:            c.logger().With("competitor", comp.Name),
		ctx:            cctx,
		cancel:         cancel,
		results:        make(chan result, 16),
		maxPages:       comp.MaxPages,
		visited:        make(map[string]bool),
		productPending: make(map[string]bool),
		productDone:    make(map[string]bool),
		pending:        make(map[string]pricing.Offer),
		emitted:        make(map[string]bool),
		referrer:       make(map[string]string),
		robots:         make(map[string]robotsEntry),
		fetched:        make(map[string]bool),
	}
	if comp.Categories != nil {
		r.stats.Unmapped = make(map[string]int)
	}
	if r.maxPages <= 0 {
		r.maxPages = DefaultMaxPages
	}
	col, err := r.collector(extraDomains)
	if err != nil {
		cancel()
		return nil, err
	}
	r.col = col
	return r, nil
}

// collector builds the competitor's Colly collector. Every setting is made
// explicitly, after NewCollector, so that neither Colly's defaults (no
// robots.txt, its own User-Agent) nor COLLY_* environment variables decide
// how we behave towards a shop.
func (r *run) collector(extraDomains []string) (*colly.Collector, error) {
	comp := r.comp
	col := colly.NewCollector(colly.StdlibContext(r.ctx), colly.Async(true))
	col.UserAgent = comp.UserAgent
	if col.UserAgent == "" {
		col.UserAgent = DefaultUserAgent
	}
	hasFile := false
	for _, s := range comp.StartURLs {
		if strings.HasPrefix(s, "file:") {
			hasFile = true
		}
	}
	domains := append([]string(nil), comp.AllowedDomains...)
	for _, d := range extraDomains {
		if d == "" {
			hasFile = true
		} else {
			domains = append(domains, d)
		}
	}
	if hasFile {
		// File URLs have an empty host; without this Colly would refuse
		// them as soon as any domain is listed. Which file links may be
		// followed is decided in run.allowed.
		domains = append(domains, "")
	}
	if len(domains) == 0 {
		return nil, errors.New("no allowed_domains and no file start URLs: nothing may be fetched")
	}
	col.AllowedDomains = domains
	col.DisallowedDomains = nil
	col.URLFilters, col.DisallowedURLFilters = nil, nil
	// robots.txt is obeyed unless the config says otherwise, but checked by
	// run.robotsAllow, not by Colly, whose fetch of it can be neither
	// cancelled nor given a timeout of its own.
	col.IgnoreRobotsTxt = true
	// The crawler decides what to follow (run.visit) and every request is
	// made at depth 1; Colly itself never follows a link.
	col.MaxDepth = 1
	col.MaxRequests = uint32(r.maxPages * (r.retries() + 1))
	// The transport refuses a body over the limit whole; Colly's limit,
	// which would silently cut it, is one byte above so that it never
	// does. (A page still compressed when Colly gets it is checked again
	// in onResponse.)
	col.MaxBodySize = int(comp.maxBodySize() + 1)
	col.CacheDir = ""
	col.DetectCharset = false
	col.ParseHTTPErrorResponse = false
	// Never visiting a page twice is run.request's business (r.visited,
	// r.fetched). Colly's check would also refuse any redirect to a URL
	// seen before, calling a page that redirects to one already read a
	// failure and a redirect loop "already visited".
	col.AllowURLRevisit = true
	r.tr = newTransport(r.ctx, r.c.Transport, r.c.hostLimits(), comp.maxBodySize(), r.timeout())
	col.WithTransport(r.pageTransport()) // r.tr, or a browser's for render: browser
	// The transport times each request from its host's turn on; an
	// http.Client timeout would count the wait in the queue too.
	col.SetRequestTimeout(0)
	col.SetRedirectHandler(r.checkRedirect)
	// Delay and parallelism are kept by the transport, per host across
	// every crawl of this Crawler (see hostLimits), not by Colly's
	// LimitRule, which holds per collector only. Without a rule Colly's
	// async requests each get a goroutine that waits there for its turn.
	r.c.register(comp, extraDomains)
	col.OnResponse(r.onResponse)
	col.OnError(r.onError)
	return col, nil
}

// timeout is the competitor's request timeout.
func (r *run) timeout() time.Duration {
	if r.comp.Timeout > 0 {
		return r.comp.Timeout
	}
	return DefaultTimeout
}

// checkRedirect decides whether a page request follows a redirect. Colly
// has already refused hosts off the allowed domains; this refuses them too
// (with ErrOffDomain, so it is never left to one check), refuses crossing
// between file and http(s), and stops loops: a URL met twice already in
// the chain (once is allowed: shops bounce through a cookie-setting URL
// and back), or more than 10 redirects.
func (r *run) checkRedirect(req *http.Request, via []*http.Request) error {
	if req.URL.Scheme != via[0].URL.Scheme && (req.URL.Scheme == "file" || via[0].URL.Scheme == "file") {
		return fmt.Errorf("refusing redirect from %s to %s", via[0].URL, req.URL)
	}
	if !r.allowed(req.URL, via[0].URL.String()) {
		return fmt.Errorf("%w: %s to %s", ErrOffDomain, via[len(via)-1].URL, req.URL)
	}
	seen := 0
	for _, v := range via {
		if v.URL.String() == req.URL.String() {
			seen++
		}
	}
	if seen >= 2 {
		return fmt.Errorf("%w: %s again after %d redirects", ErrRedirectLoop, req.URL, len(via))
	}
	if len(via) > 10 {
		return fmt.Errorf("%w: stopped after 10 redirects", ErrRedirectLoop)
	}
	return nil
}

func (r *run) retries() int {
	switch {
	case r.c.MaxRetries < 0:
		return 0
	case r.c.MaxRetries == 0:
		return DefaultMaxRetries
	}
	return r.c.MaxRetries
}

// loop handles results until no request is in flight. After an abort it
// keeps draining so that every callback goroutine can finish.
func (r *run) loop(ctx context.Context) {
	r.loopFunc(ctx, r.handle)
}

func (r *run) loopFunc(ctx context.Context, handle func(result)) {
	done := ctx.Done()
	for r.inflight > 0 {
		select {
		case res := <-r.results:
			r.inflight--
			if err := ctx.Err(); err != nil {
				// select picks at random among ready cases; a result
				// must not win over a cancel and queue more pages.
				r.abort(err)
			}
			if r.abortErr == nil {
				handle(res)
			}
		case <-done:
			done = nil
			r.abort(ctx.Err())
		}
	}
	r.col.Wait()
}

func (r *run) abort(err error) {
	if r.abortErr == nil {
		r.abortErr = err
		r.cancel()
	}
}

// visit requests u as a page of the given kind, unless it is off-limits,
// already seen, or over max_pages. from is the page that linked to it ("" for
// a start URL). It reports whether the page was requested or, for a product
// page, is already on its way.
func (r *run) visit(raw string, kind pageKind, from string) bool {
	return r.request(raw, kind, from, nil)
}

// visitAPI requests page n of a shop's product API.
func (r *run) visitAPI(start string, n int) bool {
	su, err := url.Parse(start)
	if err != nil {
		r.fail(start, fmt.Errorf("start URL %q: %w", start, err))
		return false
	}
	kind := kindShopify
	if r.comp.Platform == PlatformWooCommerce {
		kind = kindWooCommerce
	}
	return r.request(apiURL(r.comp.Platform, su, n), kind, "", func(cctx *colly.Context) {
		cctx.Put(ctxStart, start)
		cctx.Put(ctxAPIPage, n)
	})
}

// apiURL is page n of the product API of the shop that start belongs to.
//
// Shopify serves /products.json at the shop root and
// /collections/<handle>/products.json for one collection, and nowhere else:
// a start URL at a collection keeps its collection, any other start URL (the
// root, /index.html, /pages/about, a product page) means the whole shop.
// WooCommerce's Store API lives at the site root; subdirectory WordPress
// installs are not guessed at. A file:// start URL has no site root: the
// directory it names, or the directory of the file it names, stands in for
// one, so that a saved copy of a shop can still be read from disk.
func apiURL(platform string, start *url.URL, n int) string {
	api := url.URL{Scheme: start.Scheme, User: start.User, Host: start.Host}
	root := ""
	if start.Scheme == "file" {
		root = start.Path
		if path.Ext(path.Base(root)) != "" {
			root = path.Dir(root)
		}
		root = strings.TrimRight(root, "/")
	}
	if platform == PlatformShopify {
		api.Path = root + "/products.json"
		if handle, ok := strings.CutPrefix(strings.TrimSuffix(start.Path, "/"), "/collections/"); ok &&
			root == "" && handle != "" && !strings.ContainsAny(handle, "/.") {
			api.Path = "/collections/" + handle + "/products.json"
		}
		api.RawQuery = fmt.Sprintf("limit=250&page=%d", n)
		return api.String()
	}
	api.Path = root + "/wp-json/wc/store/v1/products"
	api.RawQuery = fmt.Sprintf("per_page=100&page=%d", n)
	return api.String()
}

// startsOfAPI lists the start URLs whose shop API is the one start's.
func (r *run) startsOfAPI(start string) []string {
	su, err := url.Parse(start)
	if err != nil {
		return []string{start}
	}
	api := apiURL(r.comp.Platform, su, 1)
	var out []string
	for _, s := range r.comp.StartURLs {
		if u, err := url.Parse(s); err == nil && apiURL(r.comp.Platform, u, 1) == api {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		out = []string{start}
	}
	return out
}

func (r *run) request(raw string, kind pageKind, from string, extra func(*colly.Context)) bool {
	if r.abortErr != nil {
		return false
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		r.warn(fmt.Errorf("bad link %q on %s: %w", raw, from, err))
		return false
	}
	u.Fragment, u.RawFragment = "", ""
	// One string for every map and log line below: each u.String() is a
	// new copy, and fetched and referrer keep theirs for the whole crawl.
	us := u.String()
	if !r.allowed(u, from) {
		r.log.Debug("link not followed: off the allowed domains", "url", us, "from", from)
		return false
	}
	key := visitKey(u, kind)
	if r.shared != nil {
		// Queued in the shared frontier; whichever process leases it
		// fetches it (see shared.go).
		return r.shared.add(r, u, kind, key, from, extra)
	}
	if r.visited[key] {
		return kind == kindProduct && r.productPending[key]
	}
	if r.single && r.requested > 0 {
		// Page reads one page and follows nothing.
		return false
	}
	if r.requested >= r.maxPages {
		r.stats.Skipped++
		if !r.capLogged {
			r.capLogged = true
			r.log.Warn("max_pages reached; not following further links", "max_pages", r.maxPages, "url", us)
		}
		return false
	}
	r.visited[key] = true
	if r.fetched[us] {
		r.log.Debug("link not followed: requested already as another kind of page", "url", us, "kind", kind)
		return false
	}
	if err := r.robotsAllow(u); err != nil {
		if r.ctx.Err() != nil {
			// Cancelled while robots.txt was on its way: loop sees it.
			return false
		}
		if r.refusedByRobots(us, err) {
			r.log.Info("robots.txt disallows page", "url", us)
		}
		return false
	}
	cctx := colly.NewContext()
	cctx.Put(ctxKind, kind)
	cctx.Put(ctxURL, us)
	cctx.Put(ctxAttempt, 0)
	cctx.Put(ctxIsStart, from == "" && kind == kindListing)
	if extra != nil {
		extra(cctx)
	}
	err = r.col.Request(http.MethodGet, us, nil, cctx, nil)
	if err != nil {
		var already *colly.AlreadyVisitedError
		switch {
		case errors.As(err, &already), errors.Is(err, colly.ErrForbiddenDomain):
			r.log.Debug("link not followed", "url", us, "reason", err)
		default:
			r.fail(us, fmt.Errorf("fetch %s: %w", u, err))
		}
		return false
	}
	r.fetched[us] = true
	r.requested++
	r.inflight++
	if from != "" {
		r.referrer[us] = from
	}
	if kind == kindProduct {
		r.productPending[key] = true
	}
	return true
}

// allowed says whether u may be fetched when linked from from. http(s) URLs
// must be on an allowed domain; file URLs may only be reached from a start
// URL or another file, so a web page can never make us read local files.
func (r *run) allowed(u *url.URL, from string) bool {
	switch u.Scheme {
	case "http", "https":
		host := strings.ToLower(u.Hostname())
		for _, d := range r.col.AllowedDomains {
			if d != "" && d == host {
				return true
			}
		}
		return false
	case "file":
		return from == "" || strings.HasPrefix(from, "file:")
	}
	return false
}

// visitKey identifies a page for "never visit twice". Product pages use
// extract's canonical URL, so tracking parameters cannot make one product
// two pages. Listing and API pages keep every query parameter (pagination
// may well use one that the canonical form drops) and only lose the
// fragment.
func visitKey(u *url.URL, kind pageKind) string {
	if kind == kindProduct {
		return extract.CanonicalURL(u)
	}
	return kind.String() + " " + u.String()
}

func canonical(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return extract.CanonicalURL(u)
}

// fail records that the page at u could not be fetched or read.
func (r *run) fail(u string, err error) {
	r.stats.Failures = append(r.stats.Failures, err)
	class := r.count(u, err)
	r.log.Warn("page failed", "url", u, "class", class, "err", err)
}

// count files a page not read under its class (see ErrorClass) and tells a
// FailureObserver. It returns the class.
func (r *run) count(u string, err error) string {
	class := ErrorClass(err)
	if r.stats.ErrorsByClass == nil {
		r.stats.ErrorsByClass = make(map[string]int)
		r.stats.ErrorExamples = make(map[string]string)
	}
	r.stats.ErrorsByClass[class]++
	if _, ok := r.stats.ErrorExamples[class]; !ok {
		r.stats.ErrorExamples[class] = u
	}
	if fo, ok := r.c.Observer.(FailureObserver); ok {
		fo.PageFailed(r.comp.Name, class)
	}
	return class
}

func (r *run) warn(err error) {
	r.stats.Warnings = append(r.stats.Warnings, err)
	if amb := (*extract.AmbiguousError)(nil); errors.As(err, &amb) {
		r.stats.Ambiguous++
	}
	r.log.Warn("page problem", "err", err)
}

func (r *run) send(res result) {
	// Never blocks for long: loop drains results until nothing is in
	// flight, even after an abort.
	r.results <- res
}

func ctxInt(c *colly.Context, key string) int {
	v, _ := c.GetAny(key).(int)
	return v
}

func reqInfo(req *colly.Request) result {
	res := result{url: req.Ctx.Get(ctxURL), start: req.Ctx.Get(ctxStart), apiPage: ctxInt(req.Ctx, ctxAPIPage)}
	res.isStart, _ = req.Ctx.GetAny(ctxIsStart).(bool)
	res.kind, _ = req.Ctx.GetAny(ctxKind).(pageKind)
	if res.url == "" {
		res.url = req.URL.String()
	}
	return res
}

// onResponse runs on Colly's goroutines: it extracts the page and sends the
// result to loop. It touches no crawl state.
func (r *run) onResponse(resp *colly.Response) {
	res := reqInfo(resp.Request)
	r.observeAnswer(resp)
	defer func() {
		if p := recover(); p != nil {
			// A bug in extraction must not take the whole crawl down.
			res.err = withClass(ErrParse, fmt.Errorf("extract %s: panic: %v", res.url, p))
			res.page = extract.Page{}
		}
		if limit := r.comp.maxItemsPerPage(); res.err == nil && len(res.page.Offers) > limit {
			// Selectors gone wild, or a shop page built to flood us:
			// keep none of it, follow none of its links.
			res.err = &TooManyItemsError{URL: res.url, Items: len(res.page.Offers), Limit: limit}
			res.page = extract.Page{}
		}
		r.send(res)
	}()
	if resp.StatusCode >= 400 {
		// Colly reports these to OnError; never extract an error page.
		res.err = &StatusError{Code: resp.StatusCode, URL: res.url}
		return
	}
	if limit := r.comp.maxBodySize(); int64(len(resp.Body)) > limit {
		// The transport bounds what it reads; this is a body Colly
		// decompressed itself past the limit.
		res.err = &BodyTooLargeError{URL: res.url, Limit: limit}
		return
	}
	pageURL := resp.Request.URL
	rules := r.comp.Rules
	kind := res.kind
	if kind == kindSingle && isJSON(resp) {
		switch r.comp.Platform {
		case PlatformShopify:
			kind = kindShopify
		case PlatformWooCommerce:
			kind = kindWooCommerce
		}
		res.kind = kind
	}
	if !kind.api() && !isHTML(resp) {
		// An image or a PDF behind a product link: extracting it would
		// read noise at best and count a page read that was not.
		res.err = &ContentTypeError{URL: res.url, ContentType: resp.Headers.Get("Content-Type"), Want: "HTML"}
		return
	}
	var err error
	switch kind {
	case kindShopify, kindWooCommerce:
		if !isJSON(resp) {
			res.notJSON = true
			return
		}
		shop, perr := url.Parse(res.start)
		if perr != nil || res.start == "" {
			shop = pageURL
		}
		if kind == kindShopify {
			res.page, err = extract.Shopify(bytes.NewReader(resp.Body), shop, rules)
		} else {
			res.page, err = extract.WooCommerce(bytes.NewReader(resp.Body), shop, rules)
			fmt.Sscan(resp.Headers.Get("X-WP-TotalPages"), &res.totalPages)
		}
		if err != nil {
			res.notJSON = true
			res.err = withClass(ErrParse, fmt.Errorf("read %s: %w", res.url, err))
		}
		return
	case kindListing:
		res.page, err = extract.Extract(bytes.NewReader(resp.Body), pageURL, extract.Listing, rules)
		if err == nil && res.isStart && emptyPage(res.page) {
			// A start URL that names a product page: nothing on it
			// reads as a listing, so read it as what it is.
			res.page, err = extract.Extract(bytes.NewReader(resp.Body), pageURL, extract.Product, rules)
			res.kind = kindProduct
		}
	case kindProduct:
		res.page, err = extract.Extract(bytes.NewReader(resp.Body), pageURL, extract.Product, rules)
	default:
		// Page: read the page as the kind Crawl would have met it as, and
		// say so, so that handle treats it as Crawl does.
		res.page, err = extract.Extract(bytes.NewReader(resp.Body), pageURL, extract.Listing, rules)
		res.kind = kindListing
		if err == nil && (res.isStart && emptyPage(res.page) || !res.isStart && !looksLikeListing(res.page, rules, pageURL)) {
			res.page, err = extract.Extract(bytes.NewReader(resp.Body), pageURL, extract.Product, rules)
			res.kind = kindProduct
		}
	}
	if err != nil {
		res.err = withClass(ErrParse, fmt.Errorf("read %s: %w", res.url, err))
	}
}

// isHTML says whether an answer is an HTML page: declared so, or declared
// as nothing in particular (no type, text/plain, application/octet-stream:
// a file without a known extension) and sniffed as HTML.
func isHTML(resp *colly.Response) bool {
	ct := resp.Headers.Get("Content-Type")
	mediaType, _, err := mime.ParseMediaType(ct)
	switch {
	case mediaType == "text/html" || mediaType == "application/xhtml+xml":
		return true
	case ct == "" || err != nil || mediaType == "text/plain" || mediaType == "application/octet-stream":
		sniffed, _, _ := mime.ParseMediaType(http.DetectContentType(resp.Body))
		return sniffed == "text/html"
	}
	return false
}

// observeAnswer tells the Observer that a page request got an answer.
func (r *run) observeAnswer(resp *colly.Response) {
	o := r.c.Observer
	if o == nil || resp == nil || resp.Request == nil || resp.StatusCode == 0 {
		return
	}
	status := resp.StatusCode
	if resp.Request.URL.Scheme == "file" {
		status = 0
	}
	o.PageFetched(r.comp.Name, status)
}

// looksLikeListing says whether a page read as a listing is one: the
// competitor's listing selectors found items, its next-page or product-link
// selectors found links, or (read automatically) it describes several
// products at URLs other than its own. A product page read as a listing
// would take the product's own name in its breadcrumb for the category and
// miss what only the product reading finds.
func looksLikeListing(p extract.Page, rules extract.Rules, pageURL *url.URL) bool {
	if len(p.NextPages) > 0 || len(p.ProductLinks) > 0 {
		return true
	}
	if rules.Listing.Item != "" {
		return len(p.Offers) > 0
	}
	self := extract.CanonicalURL(pageURL)
	others := map[string]bool{}
	for _, o := range p.Offers {
		if cu := canonical(o.URL); cu != self {
			others[cu] = true
		}
	}
	return len(others) >= 2
}

// emptyPage says whether a listing reading found nothing at all.
func emptyPage(p extract.Page) bool {
	return len(p.Offers) == 0 && len(p.NextPages) == 0 && len(p.ProductLinks) == 0
}

func isJSON(resp *colly.Response) bool {
	ct := strings.ToLower(resp.Headers.Get("Content-Type"))
	if strings.Contains(ct, "json") {
		return true
	}
	if strings.Contains(ct, "html") || strings.Contains(ct, "xml") {
		return false
	}
	b := bytes.TrimSpace(resp.Body)
	return len(b) > 0 && (b[0] == '{' || b[0] == '[')
}

// onError runs on Colly's goroutines for failed requests: it retries
// transient failures and reports the rest to loop.
func (r *run) onError(resp *colly.Response, err error) {
	res := reqInfo(resp.Request)
	if r.ctx.Err() != nil {
		res.err = fmt.Errorf("fetch %s: %w", res.url, r.ctx.Err())
		r.send(res)
		return
	}
	r.observeAnswer(resp)
	if resp.StatusCode >= 203 {
		err = &StatusError{Code: resp.StatusCode, URL: res.url}
	}
	if errors.Is(err, colly.ErrForbiddenDomain) {
		// Colly's own refusal of a redirect off the allowed domains.
		err = withClass(ErrOffDomain, err)
	}
	attempt := ctxInt(resp.Request.Ctx, ctxAttempt)
	if wait, ok, why := r.retryWait(resp, err, attempt); ok {
		resp.Request.Ctx.Put(ctxAttempt, attempt+1)
		r.log.Debug("retrying", "url", res.url, "attempt", attempt+1, "wait", wait, "err", err)
		if sleep(r.ctx, wait) {
			if o := r.c.Observer; o != nil {
				o.Retried(r.comp.Name)
			}
			rerr := resp.Request.Retry()
			if rerr == nil {
				return
			}
			err = fmt.Errorf("%w (retry failed: %v)", err, rerr)
		} else {
			err = r.ctx.Err()
		}
	} else if why != "" {
		err = fmt.Errorf("%w (%s)", err, why)
	}
	var se *StatusError
	if errors.As(err, &se) {
		res.err = err
	} else {
		res.err = fmt.Errorf("fetch %s: %w", res.url, err)
	}
	r.send(res)
}

// retryWait decides whether to retry after a failed attempt, and after how
// long: timeouts, dropped connections, 429 and 5xx (but 501) are retried with
// exponential backoff, or after Retry-After when the server says so, up to
// MaxRetryWait. Other 4xx are final.
func (r *run) retryWait(resp *colly.Response, err error, attempt int) (time.Duration, bool, string) {
	if attempt >= r.retries() {
		if attempt > 0 {
			return 0, false, fmt.Sprintf("gave up after %d attempts", attempt+1)
		}
		return 0, false, ""
	}
	var se *StatusError
	status := errors.As(err, &se)
	switch {
	case status && (se.Code == http.StatusTooManyRequests || se.Code >= 500 && se.Code != http.StatusNotImplemented):
	case !status && transient(err):
	default:
		return 0, false, ""
	}
	maxWait := r.c.MaxRetryWait
	if maxWait <= 0 {
		maxWait = DefaultMaxRetryWait
	}
	backoff := r.c.RetryBackoff
	if backoff <= 0 {
		backoff = DefaultRetryBackoff
	}
	wait := backoff << attempt
	if resp.Headers != nil {
		if ra, ok := retryAfter(resp.Headers.Get("Retry-After"), r.c.now()); ok {
			if ra > maxWait {
				return 0, false, fmt.Sprintf("Retry-After %s is longer than %s", ra, maxWait)
			}
			wait = ra
		}
	}
	return min(wait, maxWait), true, ""
}

// transient reports whether a request error is worth retrying: timeouts,
// dropped or refused connections and bodies cut off (ErrTruncated), not our own refusals (a redirect off
// the allowed domains) nor a cancelled crawl.
func transient(err error) bool {
	if errors.Is(err, context.Canceled) {
		return false
	}
	var te interface{ Timeout() bool }
	if errors.As(err, &te) && te.Timeout() {
		return true
	}
	// The transport's own timeout (see transport.RoundTrip), which a
	// *url.Error around it does not report as Timeout().
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrTruncated) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) {
		return true
	}
	var oe *net.OpError
	return errors.As(err, &oe)
}

// retryAfter parses a Retry-After header: seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	var secs int64
	if _, err := fmt.Sscan(v, &secs); err == nil && fmt.Sprint(secs) == v {
		if secs < 0 {
			return 0, false
		}
		// Far beyond any wait we would honour, and beyond what a
		// Duration can hold.
		const limit = 365 * 24 * 60 * 60
		return time.Duration(min(secs, limit)) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// sleep waits d or until ctx is done; it reports whether the full time
// passed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// handle folds one result into the crawl: follow its links, merge and emit
// its offers. It runs on loop's goroutine only.
func (r *run) handle(res result) {
	now := r.c.now()
	// A first API page that is missing, not JSON, or JSON that stays cut
	// off after the retries: the shop has no usable API.
	if res.kind.api() && res.apiPage == 1 && (res.notJSON || isStatus(res.err, http.StatusNotFound) || errors.Is(res.err, ErrTruncated)) {
		r.log.Info("no shop API; crawling the HTML pages instead", "url", res.url, "platform", r.comp.Platform)
		// Several start URLs can share one API (the shop root), which was
		// asked for once: every one of them falls back.
		for _, start := range r.startsOfAPI(res.start) {
			r.visit(start, kindListing, "")
		}
		return
	}
	if res.err != nil || res.notJSON {
		err := res.err
		if err == nil {
			err = fmt.Errorf("%s: not a JSON shop API answer: %w", res.url, ErrContentType)
		}
		r.fail(res.url, err)
		if res.kind == kindProduct {
			// The listing's offer is all we have for this product.
			cu := canonical(res.url)
			r.shared.take(r, cu)
			r.productFailed(res)
			if o, ok := r.pending[cu]; ok {
				delete(r.pending, cu)
				r.emit(r.ctx, []pricing.Offer{o}, now)
			}
			delete(r.productPending, cu)
		}
		return
	}
	r.stats.Pages++
	r.log.Debug("page read", "url", res.url, "kind", res.kind, "offers", len(res.page.Offers),
		"product_links", len(res.page.ProductLinks), "next_pages", len(res.page.NextPages))
	for _, e := range res.page.Errors {
		r.warn(e)
	}
	r.categorize(res)
	var ready []pricing.Offer
	switch res.kind {
	case kindListing:
		// In a shared crawl the offers wait in the frontier before their
		// product pages are queued: once queued, another process may read
		// a product page at once, and an offer held after that would find
		// it read and be dropped, losing what only the listing says.
		var held []bool
		if r.shared != nil {
			held = make([]bool, len(res.page.Offers))
			for i, o := range res.page.Offers {
				held[i] = r.shared.hold(r, canonical(o.URL), o, res.page.ProductLinks)
			}
		}
		// Locally, links first, so that offers whose product page is now
		// queued wait for it.
		for _, u := range res.page.NextPages {
			r.visit(u, kindListing, res.url)
		}
		for _, u := range res.page.ProductLinks {
			r.visit(u, kindProduct, res.url)
		}
		for i, o := range res.page.Offers {
			cu := canonical(o.URL)
			switch {
			case held != nil && held[i]:
				// Waits in the shared frontier for its product page.
			case r.productPending[cu]:
				if prev, ok := r.pending[cu]; ok {
					o = merge(prev, o, true)
				} else {
					r.pendingOrder = append(r.pendingOrder, cu)
				}
				r.pending[cu] = o
			case r.productDone[cu]:
				// Its product page was read already and emitted.
			default:
				ready = append(ready, o)
			}
		}
	case kindProduct:
		cu := canonical(res.url)
		r.shared.take(r, cu)
		lo, hasListing := r.pending[cu]
		delete(r.pending, cu)
		delete(r.productPending, cu)
		r.productDone[cu] = true
		ready = res.page.Offers
		if hasListing {
			ready = WithListing(ready, lo)
		}
	case kindShopify, kindWooCommerce:
		ready = res.page.Offers
		more := len(ready) > 0
		if res.kind == kindWooCommerce && res.totalPages > 0 && res.apiPage >= res.totalPages {
			more = false
		}
		if more {
			r.visitAPI(res.start, res.apiPage+1)
		}
	default:
		ready = res.page.Offers
	}
	r.pageRead(res)
	r.emit(r.ctx, ready, now)
}

func isStatus(err error, code int) bool {
	var se *StatusError
	return errors.As(err, &se) && se.Code == code
}

// categorize sets, on every offer of a page, SourceCategory to what the
// shop called its category (extract's full breadcrumb path, else the
// category it read) and, when the competitor maps categories, Category to
// the canonical one ("" when none maps). URL patterns see the offer's URL,
// the page's, and those of the pages that led to it, the nearest first.
// Mapping happens per page, before a product page is merged with its
// listing offer, so that a product page naming no category it maps takes
// the listing's.
func (r *run) categorize(res result) {
	m := r.comp.Categories
	var trail []string
	if m != nil {
		trail = r.trail(res.url)
		if res.start != "" {
			trail = append(trail, res.start)
		}
	}
	for i := range res.page.Offers {
		o := &res.page.Offers[i]
		if o.SourceCategory == "" {
			o.SourceCategory = o.Category
		}
		if m == nil {
			continue
		}
		o.Category, _ = m.Map(o.SourceCategory, append([]string{o.URL}, trail...)...)
	}
}

// trail is u and the pages that led to it, nearest first.
func (r *run) trail(u string) []string {
	out := []string{u}
	for len(out) < 16 {
		from, ok := r.referrer[out[len(out)-1]]
		if !ok || from == "" || slices.Contains(out, from) {
			break
		}
		out = append(out, from)
	}
	return out
}

// emit stamps offers and hands the ones with a new key to the sink.
func (r *run) emit(ctx context.Context, offers []pricing.Offer, now time.Time) {
	pages := r.done
	r.done = nil
	if r.abortErr != nil || len(offers) == 0 && len(pages) == 0 || r.pageSink == nil {
		return
	}
	offers = r.enrichJSON(offers) // the competitor's json: endpoints, if any
	batch := make([]pricing.Offer, 0, len(offers))
	for _, o := range offers {
		o.Competitor = r.comp.Name
		o.ObservedAt = now
		if o.Key == "" {
			o.Key = pricing.ListingKey(o.SKU, o.GTIN, canonical(o.URL))
		}
		if o.Availability == "" {
			o.Availability = pricing.AvailabilityUnknown
		}
		if r.emitted[o.Key] {
			r.log.Debug("duplicate offer dropped", "key", o.Key, "url", o.URL)
			continue
		}
		r.emitted[o.Key] = true
		batch = append(batch, o)
	}
	if len(batch) == 0 && len(pages) == 0 {
		return
	}
	b := Batch{Offers: batch, Pages: pages}
	if err := r.pageSink(ctx, b); err != nil {
		r.abort(fmt.Errorf("sink: %w", err))
		return
	}
	r.stats.Items += len(batch)
	if r.stats.Unmapped != nil {
		for _, o := range batch {
			if o.Category == "" {
				r.stats.Unmapped[o.SourceCategory]++
			}
		}
	}
}

// WithListing returns a product page's offers as a crawl stores them when a
// listing page linked to the page with offer l: each offer's blank fields
// filled from l (prices too when the page gives one offer, since a
// variant must not borrow the listing's price for the whole product), or l
// alone when the page gave no offer. It modifies offers in place.
func WithListing(offers []pricing.Offer, l pricing.Offer) []pricing.Offer {
	if len(offers) == 0 {
		return []pricing.Offer{l}
	}
	for i := range offers {
		offers[i] = merge(offers[i], l, len(offers) == 1)
	}
	return offers
}

// ListingOffer returns the offer a listing page gave for the product page
// at productURL (compared in canonical form), as Crawl pairs them.
func ListingOffer(p extract.Page, productURL string) (pricing.Offer, bool) {
	cu := canonical(productURL)
	for _, o := range p.Offers {
		if canonical(o.URL) == cu {
			return o, true
		}
	}
	return pricing.Offer{}, false
}

// merge returns p with its blank fields filled from l. Prices are filled only
// when withPrices is set: a variant without a price must not borrow the
// listing's price for the whole product.
func merge(p, l pricing.Offer, withPrices bool) pricing.Offer {
	src := func(field string) {
		if v, ok := l.Source[field]; ok {
			if p.Source == nil {
				p.Source = make(map[string]string)
			}
			p.Source[field] = v
		} else if p.Source != nil {
			delete(p.Source, field)
		}
	}
	str := func(dst *string, v, field string) {
		if *dst == "" && v != "" {
			*dst = v
			src(field)
		}
	}
	// Copy the map: p may share it with an offer already handed out.
	if p.Source != nil {
		m := make(map[string]string, len(p.Source))
		for k, v := range p.Source {
			m[k] = v
		}
		p.Source = m
	}
	hadSKU := p.SKU != ""
	str(&p.URL, l.URL, "url")
	str(&p.Title, l.Title, "title")
	str(&p.Brand, l.Brand, "brand")
	if p.Category == "" && l.Category != "" {
		// The listing's category, mapped or not, with the source it came
		// from; a product page's own source category is kept when it has
		// one (it is what the shop said there).
		p.Category = l.Category
		src("category")
		if p.SourceCategory == "" {
			p.SourceCategory = l.SourceCategory
		}
	}
	str(&p.SourceCategory, l.SourceCategory, "source_category")
	str(&p.SKU, l.SKU, "sku")
	str(&p.GTIN, l.GTIN, "gtin")
	str(&p.MPN, l.MPN, "mpn")
	str(&p.Image, l.Image, "image")
	if withPrices && p.Price == nil && p.MinPrice == nil {
		p.Price, p.MinPrice, p.MaxPrice = l.Price, l.MinPrice, l.MaxPrice
		src("price")
		src("min_price")
		src("max_price")
	}
	if withPrices && p.ListPrice == nil && l.ListPrice != nil {
		p.ListPrice = l.ListPrice
		src("list_price")
	}
	if (p.Availability == "" || p.Availability == pricing.AvailabilityUnknown) && l.Availability != "" && l.Availability != pricing.AvailabilityUnknown {
		p.Availability = l.Availability
		src("availability")
	}
	if p.Sales == nil && l.Sales != nil {
		p.Sales = l.Sales
		src("sales")
	}
	if p.Reviews == nil && l.Reviews != nil {
		p.Reviews = l.Reviews
		src("reviews")
	}
	if !hadSKU && p.SKU != "" || p.Key == "" {
		p.Key = pricing.ListingKey(p.SKU, p.GTIN, canonical(p.URL))
	}
	return p
}
