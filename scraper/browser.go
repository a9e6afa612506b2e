package scraper

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// How a competitor's pages are loaded (render: in the config file).
const (
	// RenderHTML fetches each page over HTTP and reads the HTML as served.
	RenderHTML = "html"
	// RenderBrowser loads each page in headless Chromium and reads the DOM
	// its scripts built.
	RenderBrowser = "browser"
)

// Defaults of the browser settings.
const (
	DefaultBrowserTabs   = 4
	DefaultRenderTimeout = 30 * time.Second
	// networkIdleQuiet is how long no request of a page may be in flight
	// for the page to count as loaded when no wait_for selector is given.
	networkIdleQuiet = 500 * time.Millisecond
	// waitPoll is how often wait_for's selector is looked for.
	waitPoll = 50 * time.Millisecond
	// maxBrowserRestarts bounds how often one crawl starts a new browser
	// after its browser died: a Chromium that keeps crashing on a shop's
	// pages is not going to stop.
	maxBrowserRestarts = 3
)

// ErrBrowser is wrapped by the errors of a page that could not be rendered
// because the browser itself failed: Chromium missing, not starting, or
// crashing.
var ErrBrowser = errors.New("headless browser")

// RenderOptions is how a competitor's pages are loaded.
type RenderOptions struct {
	// Mode is RenderHTML or RenderBrowser; "" means RenderHTML.
	Mode string
	// WaitFor is a CSS selector: a rendered page is read once an element
	// matches it. "" waits for the network to be idle instead: no request
	// of the page in flight for half a second after the load event.
	WaitFor string
	// Timeout bounds the render of one page, from navigation to the DOM
	// read; when WaitFor or network idle has not come by then, the DOM is
	// read as it is (a sold-out product page often lacks the price
	// element). 0 means DefaultRenderTimeout.
	Timeout time.Duration
	// Tabs bounds the pages rendered at once (tabs open in the one browser
	// of a crawl). 0 means DefaultBrowserTabs.
	Tabs int
}

func (o RenderOptions) timeout() time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return DefaultRenderTimeout
}

func (o RenderOptions) tabs() int {
	if o.Tabs > 0 {
		return o.Tabs
	}
	return DefaultBrowserTabs
}

// chromiumNames are the browser binaries looked for on PATH, Debian's
// first.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"}

// ChromiumPath returns the Chromium binary render: browser uses (the first
// of chromium, chromium-browser, google-chrome, google-chrome-stable and
// headless-shell found on PATH), or "" when there is none.
func ChromiumPath() string {
	for _, c := range chromiumNames {
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	return ""
}

// pageTransport is the RoundTripper of the competitor's collector: the
// crawl's HTTP transport, or for render: browser one that renders pages in
// Chromium. The browser of a crawl is shut down, and waited for, when the
// crawl's run is cancelled (every crawl and Page cancels its run when it
// returns), so no Chromium outlives the call that started it.
func (r *run) pageTransport() http.RoundTripper {
	if r.comp.Render.Mode != RenderBrowser {
		return r.tr
	}
	b := newBrowserTransport(r)
	cancel := r.cancel
	r.cancel = func() {
		cancel()
		b.close()
	}
	return b
}

// browserTransport renders GET requests for http(s) pages in a tab of one
// headless Chromium and answers them as if the server had sent the rendered
// DOM: a 200 (the main document's own status) with the outerHTML as an
// UTF-8 text/html body. Colly and extraction see an ordinary page.
//
// Every request the browser makes is intercepted (Fetch domain) and sent by
// the crawl's own transport, so the shop sees exactly the politeness of an
// HTML crawl: the shared per-host limits (delay, parallelism) hold for each
// document, script and XHR, requests carry the competitor's User-Agent, and
// robots.txt and allowed_domains are checked for each. Requests to other
// hosts, and for images, fonts, media and stylesheets, are refused: the DOM
// does not need them and the shop need not serve them.
type browserTransport struct {
	r     *run
	plain http.RoundTripper // the crawl's transport: fetches what the browser asks for
	opts  RenderOptions
	tabs  chan struct{} // a slot per tab rendering a page
	idle  chan *tab     // open tabs between pages

	mu         sync.Mutex
	closed     bool
	started    bool
	startErr   error
	restarts   int
	browserCtx context.Context
	stop       func() // ends the browser and waits for its processes to exit
	robots     map[string]robotsEntry
}

func newBrowserTransport(r *run) *browserTransport {
	return &browserTransport{
		r:      r,
		plain:  r.tr,
		opts:   r.comp.Render,
		tabs:   make(chan struct{}, r.comp.Render.tabs()),
		idle:   make(chan *tab, r.comp.Render.tabs()),
		robots: make(map[string]robotsEntry),
	}
}

// RoundTrip renders req's page. Requests other than GET for http(s) URLs
// go to the crawl's transport unchanged.
func (b *browserTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodGet || (req.URL.Scheme != "http" && req.URL.Scheme != "https") {
		return b.plain.RoundTrip(req)
	}
	ctx := req.Context()
	select {
	case b.tabs <- struct{}{}:
		defer func() { <-b.tabs }()
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-b.r.ctx.Done():
		return nil, b.r.ctx.Err()
	}
	browserCtx, err := b.browser()
	if err != nil {
		return nil, err
	}
	return b.render(ctx, browserCtx, req)
}

// browser starts the crawl's Chromium on first use.
func (b *browserTransport) browser() (context.Context, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, fmt.Errorf("%w: shut down", ErrBrowser)
	}
	if b.started {
		if b.startErr == nil && b.browserCtx.Err() != nil && b.r.ctx.Err() == nil && b.restarts < maxBrowserRestarts {
			// Chromium died under the crawl (a crash, the kernel's OOM
			// killer): the pages being rendered failed with it; the rest
			// get a new one.
			b.restarts++
			b.r.log.Warn("render: the browser died; starting another", "restart", b.restarts)
			b.stop() // reaps it and removes its user-data-dir
			for len(b.idle) > 0 {
				<-b.idle // its tabs died with it
			}
			b.browserCtx, b.stop, b.startErr = startChromium(b.r.ctx)
		}
		return b.browserCtx, b.startErr
	}
	b.started = true
	b.browserCtx, b.stop, b.startErr = startChromium(b.r.ctx)
	return b.browserCtx, b.startErr
}

// close shuts the browser down and waits until its processes are gone.
func (b *browserTransport) close() {
	b.mu.Lock()
	b.closed = true
	stop := b.stop
	b.stop = nil
	b.mu.Unlock()
	if stop != nil {
		stop()
	}
}

// chromiumFlags are the flags besides chromedp's defaults (headless, no
// first run, no extensions, no background networking...): no GPU, no
// component updates, sync or QUIC. Without the background-networking flags
// Chromium dials Google's services at start; on a closed network those
// connections are refused and the first page load waits for them.
var chromiumFlags = []chromedp.ExecAllocatorOption{
	chromedp.Headless,
	chromedp.DisableGPU,
	chromedp.NoSandbox, // crawlers run as root in containers, where the sandbox cannot start
	chromedp.Flag("disable-background-networking", true),
	chromedp.Flag("disable-component-update", true),
	chromedp.Flag("disable-sync", true),
	chromedp.Flag("disable-quic", true),
	chromedp.Flag("no-first-run", true),
	chromedp.Flag("no-proxy-server", true),
	chromedp.Flag("blink-settings", "imagesEnabled=false"),
	chromedp.Flag("mute-audio", true),
}

// startChromium starts one headless Chromium under parent and returns the
// context its tabs derive from, and stop, which ends it: it cancels the
// allocator, which kills the browser and its leftover children and removes
// its temporary user-data-dir, waits for that, and then kills the browser's
// process group, should any child have escaped. The browser also dies with
// parent (a cancelled crawl, Ctrl-C) and, through Pdeathsig, with this
// process.
func startChromium(parent context.Context) (context.Context, func(), error) {
	path := ChromiumPath()
	if path == "" {
		return nil, nil, fmt.Errorf("%w: render: browser needs Chromium, and none is on PATH (install Debian's chromium package)", ErrBrowser)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromiumFlags...)
	opts = append(opts,
		chromedp.ExecPath(path),
		chromedp.ModifyCmdFunc(func(cmd *exec.Cmd) {
			// Its own process group, so that stop can kill every
			// process of it at once; and killed by the kernel if this
			// process dies without running stop (chromedp starts it
			// from a locked thread, so the thread lives as long as it).
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
		}),
	)
	// The user-data-dir is left to chromedp: a temporary one of its own,
	// which is what makes it find and kill leftover children and remove
	// the directory.
	actx, cancelAlloc := chromedp.NewExecAllocator(parent, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	pgid := 0
	stop := func() {
		cancelBrowser()
		cancelAlloc()
		if pgid > 0 {
			// ESRCH when the group is gone already, as it should be.
			_ = syscall.Kill(-pgid, syscall.SIGKILL)
		}
	}
	// The first Run starts the browser; it must not carry a timeout of its
	// own, or the timeout would end the browser.
	if err := chromedp.Do(bctx); err != nil {
		stop()
		if perr := parent.Err(); perr != nil {
			return nil, nil, perr
		}
		return nil, nil, fmt.Errorf("%w: start %s: %w", ErrBrowser, path, err)
	}
	if c := chromedp.FromContext(bctx); c != nil && c.Browser != nil && c.Browser.Process() != nil {
		pgid = c.Browser.Process().Pid
	}
	return bctx, stop, nil
}

// tab is one open tab of the browser, reused from page to page: a new
// tab per page would start a renderer process per page.
type tab struct {
	ctx    context.Context // the tab's chromedp context
	close  context.CancelFunc
	target *chromedp.Target

	mu   sync.Mutex
	page *pageLoad // the page being rendered; nil between pages
}

// pageLoad is what one tab's interception learned while a page loaded.
type pageLoad struct {
	// ctx ends the page's requests when the page is done.
	ctx       context.Context
	mainFrame cdp.FrameID

	mu       sync.Mutex
	inflight int
	lastDone time.Time
	// doc is the last answer to the main frame's document request (the
	// page itself or the target of its redirects); docErr why it got none.
	doc     *http.Response
	docBody []byte
	docErr  error
	wg      sync.WaitGroup
}

// openTab opens a tab that sends every request of its pages to serve.
func (b *browserTransport) openTab(browserCtx context.Context) (*tab, error) {
	ctx, closeTab := chromedp.NewContext(browserCtx)
	// Opening the tab; no timeout here, it would close the tab (see Run).
	if err := chromedp.Do(ctx); err != nil {
		closeTab()
		return nil, err
	}
	tb := &tab{ctx: ctx, close: closeTab, target: chromedp.FromContext(ctx).Target}
	err := chromedp.Listen(ctx, func(ev any) {
		e, ok := ev.(*fetch.EventRequestPaused)
		if !ok {
			return
		}
		tb.mu.Lock()
		defer tb.mu.Unlock()
		p := tb.page
		if p == nil {
			// A script of the last page still asking after it was
			// read: nobody is listening any more.
			go tb.fail(e.RequestID, network.ErrorReasonAborted)
			return
		}
		p.mu.Lock()
		p.inflight++
		p.mu.Unlock()
		p.wg.Add(1)
		go b.serve(tb, p, e)
	})
	if err == nil {
		_, err = cdp.Call(ctx, tb.target, fetch.Enable, fetch.EnableParams{
			Patterns: []*fetch.RequestPattern{{URLPattern: "*", RequestStage: fetch.RequestStageRequest}},
		})
	}
	if err != nil {
		closeTab()
		return nil, fmt.Errorf("intercept requests: %w", err)
	}
	return tb, nil
}

// fail fails a paused request of the tab.
func (tb *tab) fail(id fetch.RequestID, reason network.ErrorReason) {
	_, _ = cdp.Call(tb.ctx, tb.target, fetch.FailRequest, fetch.FailRequestParams{RequestID: id, ErrorReason: reason})
}

// getTab returns an idle tab, or a new one.
func (b *browserTransport) getTab(browserCtx context.Context) (*tab, error) {
	for {
		select {
		case tb := <-b.idle:
			if tb.ctx.Err() != nil {
				continue // of a browser that died
			}
			return tb, nil
		default:
			return b.openTab(browserCtx)
		}
	}
}

// render loads req's page in a tab of the browser at browserCtx.
func (b *browserTransport) render(ctx, browserCtx context.Context, req *http.Request) (*http.Response, error) {
	target := req.URL.String()
	tb, err := b.getTab(browserCtx)
	if err != nil {
		return nil, b.browserErr(ctx, fmt.Errorf("open a tab for %s: %w", target, err))
	}
	pctx, endPage := context.WithCancel(tb.ctx)
	// Chromium names a tab's main frame after its target.
	p := &pageLoad{ctx: pctx, mainFrame: cdp.FrameID(tb.target.TargetID)}
	reuse := false
	defer func() {
		tb.mu.Lock()
		tb.page = nil
		tb.mu.Unlock()
		// Requests still in flight end with the page; then none of
		// them outlives it.
		endPage()
		p.wg.Wait()
		if reuse && ctx.Err() == nil {
			b.idle <- tb // never blocks: at most tabs tabs exist
		} else {
			tb.close()
		}
	}()
	tb.mu.Lock()
	tb.page = p
	tb.mu.Unlock()

	rctx, cancel := context.WithTimeout(pctx, b.opts.timeout())
	defer cancel()
	// The request's end (a cancelled crawl, Colly giving up) ends the
	// render.
	defer context.AfterFunc(ctx, cancel)()
	navErr := chromedp.Do(rctx, chromedp.Navigate(target))
	p.mu.Lock()
	doc, body, docErr := p.doc, p.docBody, p.docErr
	p.mu.Unlock()
	switch {
	case docErr != nil:
		// The fetch itself failed: its error says why (timeout, robots,
		// truncated body...), and Colly retries it as it would any.
		reuse = navErr == nil || isLoadError(navErr)
		return nil, docErr
	case doc == nil && navErr != nil:
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if rctx.Err() != nil {
			return nil, fmt.Errorf("render %s: no answer within render_timeout %s: %w", target, b.opts.timeout(), context.DeadlineExceeded)
		}
		return nil, b.browserErr(ctx, fmt.Errorf("render %s: %w", target, err2(navErr)))
	case doc == nil:
		return nil, fmt.Errorf("render %s: %w: the browser loaded no document", target, ErrBrowser)
	}
	if doc.StatusCode < 200 || doc.StatusCode >= 300 || !isHTMLType(doc.Header.Get("Content-Type")) {
		// An error page, a redirect answer or JSON: handed over as the
		// server sent it, for the crawl to judge as it would without a
		// browser.
		reuse = navErr == nil
		doc.Body = io.NopCloser(bytes.NewReader(body))
		return doc, nil
	}
	if navErr != nil && rctx.Err() == nil && ctx.Err() == nil {
		return nil, b.browserErr(ctx, fmt.Errorf("render %s: %w", target, err2(navErr)))
	}
	if rctx.Err() == nil {
		b.wait(rctx, p, target)
	}
	// The DOM is read with time of its own: a render that used all of
	// render_timeout waiting still yields what the page shows.
	dctx, dcancel := context.WithTimeout(tb.ctx, 10*time.Second)
	defer dcancel()
	dom, err := chromedp.Run(dctx, chromedp.Evaluate[string](`(document.doctype ? "<!DOCTYPE html>\n" : "") + document.documentElement.outerHTML`))
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, b.browserErr(ctx, fmt.Errorf("render %s: read the DOM: %w", target, err))
	}
	// A page still loading when render_timeout came is not handed on: its
	// next navigation would race with it.
	reuse = navErr == nil
	if limit := b.r.comp.maxBodySize(); int64(len(dom)) > limit {
		return nil, &BodyTooLargeError{URL: target, Limit: limit}
	}
	res := &http.Response{
		Status:     doc.Status,
		StatusCode: doc.StatusCode,
		Proto:      "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        doc.Header.Clone(),
		Body:          io.NopCloser(strings.NewReader(dom)),
		ContentLength: int64(len(dom)),
		Request:       req,
	}
	res.Header.Set("Content-Type", "text/html; charset=utf-8")
	res.Header.Del("Content-Length")
	res.Header.Del("Content-Encoding")
	return res, nil
}

// isLoadError says whether err is the browser refusing or failing a
// navigation (the tab itself is fine).
func isLoadError(err error) bool {
	var le *chromedp.LoadError
	return errors.As(err, &le)
}

// err2 turns chromedp's load error for a refused document into words.
func err2(err error) error {
	var le *chromedp.LoadError
	if errors.As(err, &le) && strings.Contains(le.ErrorText, "BLOCKED_BY_CLIENT") {
		return fmt.Errorf("%w (refused: off the allowed domains or not a page)", err)
	}
	return err
}

// browserErr marks err as the browser's failure, unless the crawl is
// ending, which is no failure of the browser.
func (b *browserTransport) browserErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%w: %w", ctx.Err(), err)
	}
	if b.r.ctx.Err() != nil {
		return fmt.Errorf("%w: %w", b.r.ctx.Err(), err)
	}
	return withClass(ErrBrowser, err)
}

// wait waits for wait_for's selector, or for the network to be idle, until
// ctx ends. A wait that times out is logged: the DOM is read as it is.
func (b *browserTransport) wait(ctx context.Context, p *pageLoad, target string) {
	tick := time.NewTicker(waitPoll)
	defer tick.Stop()
	if sel := b.opts.WaitFor; sel != "" {
		js := "document.querySelector(" + strconv.Quote(sel) + ") !== null"
		for {
			found, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
			if err == nil && found {
				return
			}
			select {
			case <-ctx.Done():
				b.r.log.Warn("render: wait_for selector not found in time; reading the page as it is",
					"url", target, "wait_for", sel, "render_timeout", b.opts.timeout())
				return
			case <-tick.C:
			}
		}
	}
	for {
		p.mu.Lock()
		idle := p.inflight == 0 && time.Since(p.lastDone) >= networkIdleQuiet
		p.mu.Unlock()
		if idle {
			return
		}
		select {
		case <-ctx.Done():
			b.r.log.Warn("render: network not idle in time; reading the page as it is",
				"url", target, "render_timeout", b.opts.timeout())
			return
		case <-tick.C:
		}
	}
}

// blockedTypes are resources no DOM needs: refused without a request.
var blockedTypes = map[network.ResourceType]bool{
	network.ResourceTypeImage:              true,
	network.ResourceTypeMedia:              true,
	network.ResourceTypeFont:               true,
	network.ResourceTypeStylesheet:         true,
	network.ResourceTypeTextTrack:          true,
	network.ResourceTypePing:               true,
	network.ResourceTypeManifest:           true,
	network.ResourceTypeCSPViolationReport: true,
	network.ResourceTypePrefetch:           true,
	network.ResourceTypeWebSocket:          true,
	network.ResourceTypeEventSource:        true,
	network.ResourceTypeSignedExchange:     true,
}

// serve answers one request the page made: refused, or fetched through
// the crawl's transport and handed to the browser.
func (b *browserTransport) serve(tb *tab, p *pageLoad, ev *fetch.EventRequestPaused) {
	defer p.wg.Done()
	defer func() {
		p.mu.Lock()
		p.inflight--
		p.lastDone = time.Now()
		p.mu.Unlock()
	}()
	main := ev.ResourceType == network.ResourceTypeDocument && ev.FrameID == p.mainFrame
	fail := func(reason network.ErrorReason, err error) {
		if main && err != nil {
			p.mu.Lock()
			// Only before the page had an answer, or in its redirects: a
			// script navigating away later fails that navigation, not
			// the page already loaded.
			if p.doc == nil || p.doc.StatusCode >= 300 && p.doc.StatusCode < 400 {
				p.docErr = err
			}
			p.mu.Unlock()
		}
		tb.fail(ev.RequestID, reason)
	}
	u, err := url.Parse(ev.Request.URL)
	if err != nil {
		fail(network.ErrorReasonBlockedByClient, fmt.Errorf("render: bad URL %q: %w", ev.Request.URL, err))
		return
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		fail(network.ErrorReasonBlockedByClient, fmt.Errorf("render: %s: %w", u, ErrOffDomain))
		return
	case !b.r.allowed(u, ""):
		b.r.log.Debug("render: request refused: off the allowed domains", "url", u.String())
		fail(network.ErrorReasonBlockedByClient, fmt.Errorf("render: %s: %w", u, ErrOffDomain))
		return
	case blockedTypes[ev.ResourceType] || (ev.ResourceType == network.ResourceTypeDocument && !main):
		// Frames are documents too, but not the page's.
		fail(network.ErrorReasonBlockedByClient, nil)
		return
	}
	if err := b.robotsAllow(u); err != nil {
		b.r.log.Debug("render: request refused by robots.txt", "url", u.String(), "err", err)
		fail(network.ErrorReasonBlockedByClient, err)
		return
	}
	req, err := browserRequest(p.ctx, ev, u, b.r.comp.UserAgent)
	if err != nil {
		fail(network.ErrorReasonFailed, fmt.Errorf("render: %s: %w", u, err))
		return
	}
	res, err := b.plain.RoundTrip(req)
	if err != nil {
		reason := network.ErrorReasonFailed
		if errors.Is(err, context.DeadlineExceeded) {
			reason = network.ErrorReasonTimedOut
		}
		fail(reason, fmt.Errorf("fetch %s: %w", u, err))
		return
	}
	// The crawl's transport has read the body whole (and bounded it).
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		fail(network.ErrorReasonFailed, fmt.Errorf("fetch %s: %w", u, err))
		return
	}
	if main {
		p.mu.Lock()
		p.doc, p.docBody, p.docErr = res, body, nil
		p.mu.Unlock()
		if o := b.r.c.Observer; o != nil && res.StatusCode >= 300 && res.StatusCode < 400 {
			// Colly sees only the final answer; tell of the redirect as
			// an HTML crawl would.
			o.PageFetched(b.r.comp.Name, res.StatusCode)
		}
	}
	_, _ = cdp.Call(tb.ctx, tb.target, fetch.FulfillRequest, fetch.FulfillRequestParams{
		RequestID:       ev.RequestID,
		ResponseCode:    int64(res.StatusCode),
		ResponseHeaders: headerEntries(res.Header),
		Body:            body,
	})
}

// browserRequest is the HTTP request for what the browser asked: its
// method, headers and body, with our User-Agent. Accept-Encoding is left
// to Go's transport, which then hands back the body decompressed.
func browserRequest(ctx context.Context, ev *fetch.EventRequestPaused, u *url.URL, ua string) (*http.Request, error) {
	var body io.Reader
	if ev.Request.HasPostData {
		var buf bytes.Buffer
		for _, e := range ev.Request.PostDataEntries {
			buf.Write(e.Bytes)
		}
		body = &buf
	}
	req, err := http.NewRequestWithContext(ctx, ev.Request.Method, u.String(), body)
	if err != nil {
		return nil, err
	}
	for k, v := range ev.Request.Headers {
		switch strings.ToLower(k) {
		case "accept-encoding", "connection", "content-length", "host", "user-agent":
			continue
		}
		req.Header.Set(k, fmt.Sprint(v))
	}
	if ua == "" {
		ua = DefaultUserAgent
	}
	req.Header.Set("User-Agent", ua)
	return req, nil
}

// headerEntries turns a response's headers into the browser's form, less
// those that describe the wire rather than the body it gets (already
// decompressed, already UTF-8 for HTML).
func headerEntries(h http.Header) []*fetch.HeaderEntry {
	var out []*fetch.HeaderEntry
	for k, vs := range h {
		switch strings.ToLower(k) {
		case "content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive":
			continue
		}
		for _, v := range vs {
			out = append(out, &fetch.HeaderEntry{Name: k, Value: v})
		}
	}
	return out
}

// robotsAllow is run.robotsAllow for the browser's requests, which come
// from many goroutines: the same rules, with a cache of its own under a
// lock (the run's cache belongs to the crawl's loop goroutine).
func (b *browserTransport) robotsAllow(u *url.URL) error {
	if !b.r.comp.ObeyRobots {
		return nil
	}
	key := u.Scheme + "://" + u.Host
	b.mu.Lock()
	e, ok := b.robots[key]
	b.mu.Unlock()
	if !ok {
		e = b.r.fetchRobots(u)
		if b.r.ctx.Err() != nil {
			return e.err
		}
		b.mu.Lock()
		b.robots[key] = e
		b.mu.Unlock()
	}
	return e.allow(u, b.r.col.UserAgent)
}

// isHTMLType says whether a Content-Type names an HTML document (or names
// nothing, which browsers sniff as HTML for a page).
func isHTMLType(ct string) bool {
	ct = strings.ToLower(ct)
	return ct == "" || strings.Contains(ct, "text/html") || strings.Contains(ct, "application/xhtml+xml")
}
