package scraper

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/gocolly/colly/v2"
	"github.com/gocolly/colly/v2/storage"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// Frontier is the request queue and visited set of one crawl that several
// processes share (workers on several machines crawling one large shop):
// every page is queued once, each queued page is leased to one process at a
// time, and a lease its holder stops renewing (the process died) returns
// the page to the queue. It also keeps the listing offers that wait for
// their product page, which another process may read.
//
// scraper/redisstore implements it on Redis.
type Frontier interface {
	// Add queues req under key unless key was added before, or maxPages
	// requests (maxPages > 0) were added already; added says whether it
	// was queued, capped whether max_pages refused it.
	Add(ctx context.Context, key string, req FrontierRequest, maxPages int) (added, capped bool, err error)
	// Next leases the next queued request, waiting while the queue is
	// empty but other leases are out (their pages may lead to more).
	// drained is true, with no lease, once nothing is queued and nothing
	// is leased by anyone: the crawl is over.
	Next(ctx context.Context) (l Lease, drained bool, err error)
	// Ack ends a lease whose page was handled and its results stored.
	Ack(ctx context.Context, l Lease) error
	// Release returns a lease's page to the queue at once (this process is
	// stopping without having handled it).
	Release(ctx context.Context, l Lease) error
	// Renew extends leases still being worked on.
	Renew(ctx context.Context, ls []Lease) error
	// Hold keeps a listing offer for the product page whose canonical URL
	// is product, unless that page was read already (held false).
	Hold(ctx context.Context, product string, o pricing.Offer) (held bool, err error)
	// Take marks the product page read and returns the listing offer held
	// for it, if any.
	Take(ctx context.Context, product string) (o pricing.Offer, ok bool, err error)
	// Leftovers returns, once, the held offers whose product page was
	// never read (it failed to be queued, or max_pages stopped it). Call
	// it only once the frontier is drained.
	Leftovers(ctx context.Context) ([]pricing.Offer, error)
}

// FrontierRequest is one queued page, in a form any process can fetch.
type FrontierRequest struct {
	URL     string `json:"url"`
	Kind    string `json:"kind"`            // "listing", "product", "shopify", "woocommerce"
	From    string `json:"from,omitempty"`  // the page that linked to it
	Start   string `json:"start,omitempty"` // API pages: the shop's start URL
	APIPage int    `json:"page,omitempty"`  // API pages: the page number
	IsStart bool   `json:"is_start,omitempty"`
}

// Lease is a request leased to this process. Reclaimed is set when an
// earlier lease of it ran out (its process died): the page may have been
// stored already.
type Lease struct {
	ID        string
	Req       FrontierRequest
	Reclaimed bool
}

// SharedOptions are CrawlShared's options.
type SharedOptions struct {
	// Frontier is the shared queue; required.
	Frontier Frontier
	// Seed queues the competitor's start URLs (a no-op for the ones queued
	// already): the process that starts a crawl sets it.
	Seed bool
	// Sink receives offers with the pages they finish, as CrawlWith's,
	// and must have stored them when it returns: a page's lease ends
	// after its batch is stored.
	Sink func(context.Context, Batch) error
	// Stored, if set, says whether a reclaimed page was stored already by
	// the process that died holding it, so it is not fetched again.
	Stored func(ctx context.Context, pageURL string) (bool, error)
	// InFlight bounds the pages this process fetches at once for the
	// crawl; 0 means the competitor's parallelism. The shop's limit across
	// processes is the Crawler's Limiter's business.
	InFlight int
	// StopGrace is how long, once ctx is cancelled, the requests already
	// sent may still finish (and their pages be stored) before they are
	// abandoned; 0 means DefaultStopGrace. A request abandoned while the
	// shop answers it costs the shop that answer twice: its page returns
	// to the queue and another process fetches it again.
	StopGrace time.Duration
	// Renew is how often leases in flight are renewed; 0 means 2s. It
	// must be well within the frontier's lease (a third of it, say): a
	// renewal that comes as late as the lease ends lets another process
	// reclaim a page this one is still fetching or storing.
	Renew time.Duration
	// Storage, if set, is Colly's storage for the crawl's cookies and
	// visited set, shared by every process taking part
	// (redisstore.Storage), so the shop sees one visitor's cookies (a
	// session, a chosen region or currency) whichever process fetches a
	// page. nil keeps each process's own in-memory jar.
	Storage storage.Storage
}

// CrawlShared takes part in a crawl whose frontier is shared with other
// processes: it leases pages from opt.Frontier, fetches and reads them as
// Crawl does, queues the links they lead to in the frontier, hands each
// page's offers to opt.Sink, and ends a page's lease once its batch is
// stored. It returns when the frontier is drained (the crawl is over for
// every process), with the Stats of the pages this process read; the last
// process to see the drain emits the listing offers whose product page
// never came. A cancelled ctx returns the leases in flight to the queue and
// ctx's error, wrapped; a frontier or sink error aborts likewise.
//
// Listing offers wait for their product page in the frontier, so the two
// merge whichever process reads the product page; a listing page is done as
// soon as its offers are stored or held there.
func (c *Crawler) CrawlShared(ctx context.Context, comp Competitor, opt SharedOptions) (Stats, error) {
	if opt.Frontier == nil {
		return Stats{}, fmt.Errorf("crawl %s: shared crawl without a frontier", comp.Name)
	}
	start := c.now()
	// The run outlives ctx by the stop grace (see sharedLoop): a stopping
	// process finishes the requests the shop is answering, so the run's
	// own context is cancelled by the loop, not by ctx.
	r, err := c.newRun(context.WithoutCancel(ctx), comp, nil)
	if err != nil {
		return Stats{}, fmt.Errorf("crawl %s: %w", comp.Name, err)
	}
	defer r.cancel()
	if opt.Storage != nil {
		if err := r.col.SetStorage(opt.Storage); err != nil {
			return Stats{}, fmt.Errorf("crawl %s: shared cookie storage: %w", comp.Name, err)
		}
	}
	sink := opt.Sink
	if sink == nil {
		sink = func(context.Context, Batch) error { return nil }
	}
	s := &sharedRun{f: opt.Frontier, leases: map[string]Lease{}, stored: opt.Stored, sink: sink}
	r.shared = s
	// handle's batches are collected and stored by the saver (see
	// sharedLoop), which ends their pages' leases once they are stored.
	r.pageSink = func(_ context.Context, b Batch) error {
		s.collected = append(s.collected, b)
		return nil
	}
	if opt.Seed {
		r.visitStart()
	}
	inflight := opt.InFlight
	if inflight <= 0 {
		inflight = max(comp.Parallelism, 1)
	}
	renew := opt.Renew
	if renew <= 0 {
		renew = 2 * time.Second
	}
	grace := opt.StopGrace
	if grace <= 0 {
		grace = DefaultStopGrace
	}
	r.sharedLoop(ctx, inflight, renew, grace)
	if err := ctx.Err(); err != nil {
		r.abort(err)
	}
	if r.abortErr == nil && s.drained {
		rest, err := s.f.Leftovers(r.ctx)
		if err != nil {
			r.abort(fmt.Errorf("frontier: %w", err))
		} else {
			r.emit(ctx, rest, c.now())
			for _, b := range s.collected {
				if err := sink(ctx, b); err != nil {
					r.abort(fmt.Errorf("sink: %w", err))
				}
			}
			s.collected = nil
		}
	}
	r.stats.Duration = c.now().Sub(start)
	r.stats.Errors = len(r.stats.Failures)
	if r.abortErr != nil {
		return r.stats, fmt.Errorf("crawl %s: %w", comp.Name, r.abortErr)
	}
	r.log.Info("shared crawl done", "pages", r.stats.Pages, "items", r.stats.Items,
		"errors", r.stats.Errors, "skipped", r.stats.Skipped, "duration", r.stats.Duration)
	return r.stats, nil
}

// DefaultStopGrace is SharedOptions.StopGrace's default: far longer than a
// page takes on a shop that answers, and short enough for a stopping
// worker to exit within seconds.
const DefaultStopGrace = 2 * time.Second

// sharedRun is a run's part in a shared crawl. Everything but the lease
// puller's channel is owned by the loop's goroutine.
type sharedRun struct {
	f      Frontier
	stored func(context.Context, string) (bool, error)
	sink   func(context.Context, Batch) error
	// collected are the batches handle emitted for the page at hand.
	collected []Batch
	// leases are the pages in flight by requested URL.
	mu      sync.Mutex // guards leases for the renewer
	leases  map[string]Lease
	drained bool
}

// pulled is what the lease puller hands the loop.
type pulled struct {
	l       Lease
	drained bool
	err     error
}

// sharedLoop fetches leased pages, at most inflight at once, until the
// frontier drains or the crawl aborts. A goroutine waits for leases so the
// loop can keep handling answers meanwhile. A cancelled ctx stops the
// leasing at once, and the crawl once the requests in flight are answered
// and handled, or grace has passed.
func (r *run) sharedLoop(ctx context.Context, inflight int, renew, grace time.Duration) {
	s := r.shared
	slots := make(chan struct{}, inflight)
	for range inflight {
		slots <- struct{}{}
	}
	leases := make(chan pulled)
	pctx, stopPull := context.WithCancel(r.ctx)
	// The renewer outlives the puller: after an abort (a stopping worker)
	// the saver still stores the pages handled, and their leases must hold
	// until they are acked, or another process fetches them meanwhile.
	rnctx, stopRenew := context.WithCancel(context.WithoutCancel(r.ctx))
	var pullers, renewer sync.WaitGroup
	pullers.Add(1)
	renewer.Add(1)
	go func() {
		// The puller asks for a lease whenever a slot is free. A drain
		// seen while pages are in flight here cannot be: this process
		// holds leases. So drained ends the loop.
		defer pullers.Done()
		for {
			select {
			case <-slots:
			case <-pctx.Done():
				return
			}
			l, drained, err := s.f.Next(pctx)
			select {
			case leases <- pulled{l: l, drained: drained, err: err}:
			case <-pctx.Done():
				if err == nil && !drained {
					// Leased just as the crawl stopped: give it back.
					rctx, cancel := context.WithTimeout(context.WithoutCancel(pctx), 5*time.Second)
					s.f.Release(rctx, l)
					cancel()
				}
				return
			}
			if drained || err != nil {
				return
			}
		}
	}()
	go func() {
		defer renewer.Done()
		t := time.NewTicker(renew)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				s.mu.Lock()
				ls := make([]Lease, 0, len(s.leases))
				for _, l := range s.leases {
					ls = append(ls, l)
				}
				s.mu.Unlock()
				if err := s.f.Renew(rnctx, ls); err != nil && rnctx.Err() == nil {
					r.log.Warn("renewing page leases failed", "err", err)
				}
			case <-rnctx.Done():
				return
			}
		}
	}()
	// The saver stores what handle emitted, several pages in one batch
	// when they queue up, and ends their leases after: a page whose
	// batch was not stored comes back. Saving apart from handling keeps
	// this worker fetching while the database writes.
	saves := make(chan saveJob, 4*inflight)
	saveErr := make(chan error, 1)
	var saver sync.WaitGroup
	saver.Add(1)
	go func() {
		defer saver.Done()
		r.saver(ctx, saves, saveErr)
	}()
	defer func() {
		close(saves)
		saver.Wait()
		stopPull()
		pullers.Wait()
		r.col.Wait()
		stopRenew()
		renewer.Wait()
		// Pages leased and not handled go back to the queue at once, for
		// another process to fetch.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		s.mu.Lock()
		defer s.mu.Unlock()
		for u, l := range s.leases {
			if err := s.f.Release(rctx, l); err != nil {
				r.log.Warn("returning a page lease failed; it returns when the lease runs out", "url", u, "err", err)
			}
			delete(s.leases, u)
		}
	}()
	done := ctx.Done()
	var graceOver <-chan time.Time
	pulling := true
	for pulling || r.inflight > 0 {
		select {
		case p := <-leases:
			switch {
			case p.err != nil:
				pulling = false
				if ctx.Err() == nil {
					r.abort(fmt.Errorf("frontier: %w", p.err))
				}
			case p.drained:
				pulling = false
				s.drained = true
			case r.abortErr != nil || ctx.Err() != nil:
				s.giveBack(r, p.l)
			default:
				if !r.startLease(p.l) {
					slots <- struct{}{}
				}
			}
		case res := <-r.results:
			r.inflight--
			if r.abortErr == nil {
				r.handle(res)
				// Pages done without offers of their own (a listing
				// whose offers wait in the frontier, a failed product
				// page) are stored now: the lease ends next.
				if len(r.done) > 0 {
					r.emit(r.ctx, nil, r.c.now())
				}
			}
			if r.abortErr == nil {
				if len(s.collected) == 0 {
					s.ack(r, res.url)
				} else {
					job := saveJob{batches: s.collected, url: res.url}
					s.collected = nil
					select {
					case saves <- job:
					case err := <-saveErr:
						r.abort(err)
					}
				}
			}
			slots <- struct{}{}
		case err := <-saveErr:
			r.abort(err)
		case <-done:
			// Stopping: lease nothing more, and let the pages the shop
			// is answering be read and stored (their leases are acked as
			// usual) rather than fetched again by another process.
			done = nil
			if pulling {
				pulling = false
				stopPull()
			}
			if r.inflight == 0 {
				r.abort(ctx.Err())
			} else {
				t := time.NewTimer(grace)
				defer t.Stop()
				graceOver = t.C
			}
		case <-graceOver:
			r.abort(ctx.Err())
		}
		if r.abortErr != nil && pulling {
			pulling = false
			stopPull()
		}
	}
}

// startLease fetches a leased page, unless robots.txt forbids it or a
// reclaimed page was stored already; it reports whether a request is in
// flight.
func (r *run) startLease(l Lease) bool {
	s := r.shared
	req := l.Req
	u, err := url.Parse(req.URL)
	kind, ok := parseKind(req.Kind)
	if err != nil || !ok {
		r.warn(fmt.Errorf("frontier: unreadable request %q (%s)", req.URL, req.Kind))
		s.ack(r, req.URL)
		return false
	}
	if l.Reclaimed && s.stored != nil {
		done, err := s.stored(r.ctx, u.String())
		if err != nil {
			r.abort(fmt.Errorf("frontier: %w", err))
			s.giveBack(r, l)
			return false
		}
		if done {
			r.log.Debug("reclaimed page stored already: not fetched again", "url", u.String())
			s.track(u.String(), l)
			s.ack(r, u.String())
			return false
		}
	}
	s.track(u.String(), l)
	if err := r.robotsAllow(u); err != nil {
		if r.ctx.Err() != nil {
			return false
		}
		r.refusedByRobots(u.String(), err)
		s.ack(r, u.String())
		return false
	}
	cctx := colly.NewContext()
	cctx.Put(ctxKind, kind)
	cctx.Put(ctxURL, u.String())
	cctx.Put(ctxAttempt, 0)
	cctx.Put(ctxIsStart, req.IsStart)
	if req.Start != "" {
		cctx.Put(ctxStart, req.Start)
		cctx.Put(ctxAPIPage, req.APIPage)
	}
	if err := r.col.Request(http.MethodGet, u.String(), nil, cctx, nil); err != nil {
		r.fail(u.String(), fmt.Errorf("fetch %s: %w", u, err))
		s.ack(r, u.String())
		return false
	}
	r.requested++
	r.inflight++
	if req.From != "" {
		r.referrer[u.String()] = req.From
	}
	return true
}

func (s *sharedRun) track(u string, l Lease) {
	s.mu.Lock()
	s.leases[u] = l
	s.mu.Unlock()
}

// ack ends the lease of the page requested as u.
func (s *sharedRun) ack(r *run, u string) {
	if err := s.ackErr(r.ctx, u); err != nil {
		r.abort(fmt.Errorf("frontier: %w", err))
	}
}

// ackErr ends the lease of the page requested as u, if it holds one. It
// runs on the loop's goroutine and the saver's.
func (s *sharedRun) ackErr(ctx context.Context, u string) error {
	s.mu.Lock()
	l, ok := s.leases[u]
	delete(s.leases, u)
	s.mu.Unlock()
	if !ok {
		return nil
	}
	return s.f.Ack(ctx, l)
}

// giveBack returns a lease not started to the queue.
func (s *sharedRun) giveBack(r *run, l Lease) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(r.ctx), 5*time.Second)
	defer cancel()
	if err := s.f.Release(rctx, l); err != nil {
		r.log.Warn("returning a page lease failed; it returns when the lease runs out", "url", l.Req.URL, "err", err)
	}
}

// add queues a page in the frontier (request's shared branch). It reports,
// as request does, whether the page is on its way.
func (s *sharedRun) add(r *run, u *url.URL, kind pageKind, key, from string, extra func(*colly.Context)) bool {
	if r.single {
		return false
	}
	req := FrontierRequest{URL: u.String(), Kind: kind.String(), From: from, IsStart: from == "" && kind == kindListing}
	if extra != nil {
		cctx := colly.NewContext()
		extra(cctx)
		req.Start = cctx.Get(ctxStart)
		req.APIPage = ctxInt(cctx, ctxAPIPage)
	}
	added, capped, err := s.f.Add(r.ctx, key, req, r.maxPages)
	switch {
	case err != nil:
		r.abort(fmt.Errorf("frontier: %w", err))
		return false
	case capped:
		r.stats.Skipped++
		if !r.capLogged {
			r.capLogged = true
			r.log.Warn("max_pages reached; not following further links", "max_pages", r.maxPages, "url", u.String())
		}
		return false
	}
	// A page added before, by anyone, is on its way or read.
	_ = added
	return true
}

// hold keeps a listing offer in the frontier for its product page when the
// listing links to that page. It reports whether the offer is taken care
// of (held, or dropped because the product page was read already).
func (s *sharedRun) hold(r *run, cu string, o pricing.Offer, productLinks []string) bool {
	if !slices.ContainsFunc(productLinks, func(l string) bool { return canonical(l) == cu }) {
		return false
	}
	if _, err := s.f.Hold(r.ctx, cu, o); err != nil {
		r.abort(fmt.Errorf("frontier: %w", err))
	}
	return true
}

// take moves the listing offer held for product page cu, if any, into the
// run's pending offers, where handle merges it. A nil s does nothing.
func (s *sharedRun) take(r *run, cu string) {
	if s == nil {
		return
	}
	o, ok, err := s.f.Take(r.ctx, cu)
	if err != nil {
		r.abort(fmt.Errorf("frontier: %w", err))
		return
	}
	if ok {
		r.pending[cu] = o
	}
}

// saveJob is what one handled page left to store: its batches, and the
// URL its lease is known by.
type saveJob struct {
	batches []Batch
	url     string
}

// maxSaveBatch bounds the pages stored in one sink call.
const maxSaveBatch = 64

// saver stores the batches of handled pages, merging the jobs that queued
// up meanwhile into one sink call, and ends their leases once stored. It
// reports the first failure on errs and then only drains jobs (their
// leases come back to the queue).
func (r *run) saver(ctx context.Context, jobs <-chan saveJob, errs chan<- error) {
	s := r.shared
	failed := false
	for job := range jobs {
		if failed {
			continue
		}
		batch := []saveJob{job}
	more:
		for len(batch) < maxSaveBatch {
			select {
			case j, ok := <-jobs:
				if !ok {
					break more
				}
				batch = append(batch, j)
			default:
				break more
			}
		}
		var b Batch
		for _, j := range batch {
			for _, x := range j.batches {
				b.Offers = append(b.Offers, x.Offers...)
				b.Pages = append(b.Pages, x.Pages...)
			}
		}
		err := s.sink(ctx, b)
		for _, j := range batch {
			if err != nil {
				break
			}
			// Stored: the lease must end even on a cancelled crawl,
			// or another worker fetches the page again.
			actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			err = s.ackErr(actx, j.url)
			cancel()
		}
		if err != nil {
			failed = true
			errs <- fmt.Errorf("sink: %w", err)
		}
	}
}
