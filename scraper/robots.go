package scraper

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/gocolly/colly/v2"
	"github.com/temoto/robotstxt"
)

// DefaultRobotsTimeout bounds one robots.txt fetch. robots.txt is small and
// every page of its host waits for it, so it gets less time than a page.
const DefaultRobotsTimeout = 10 * time.Second

// robotsEntry is what one host's robots.txt said, or why it could not be
// read. A failure is kept for the rest of the crawl like an answer: asking
// again for every page of a host whose robots.txt hangs would cost each of
// them the full robots timeout.
type robotsEntry struct {
	data *robotstxt.RobotsData
	err  error
}

// robotsAllow reports whether robots.txt lets the crawl fetch u: nil, or an
// error wrapping colly.ErrRobotsTxtBlocked (the page is disallowed) or
// ErrRobotsTxt (robots.txt could not be read, so the page is not fetched).
// Only http(s) URLs of a competitor that obeys robots.txt are checked.
//
// The crawler does this itself instead of leaving it to Colly, whose check
// fetches robots.txt without any context and with the page timeout: a
// robots.txt that hangs would block the crawl until then, whatever the
// caller cancelled. Here the fetch goes through the crawl's transport (host
// limits, size limit, the crawl's context) with its own short timeout.
// It runs on loop's goroutine; the cache needs no lock.
func (r *run) robotsAllow(u *url.URL) error {
	if !r.comp.ObeyRobots || (u.Scheme != "http" && u.Scheme != "https") {
		return nil
	}
	key := u.Scheme + "://" + u.Host
	e, ok := r.robots[key]
	if !ok {
		e = r.fetchRobots(u)
		if r.ctx.Err() != nil {
			// Not robots.txt's fault: the crawl is ending. Do not
			// remember it as a failure of the host.
			return e.err
		}
		r.robots[key] = e
	}
	return e.allow(u, r.col.UserAgent)
}

// allow is the entry's verdict on u for userAgent: nil, the error that
// kept robots.txt from being read, or colly.ErrRobotsTxtBlocked. Pages
// fetched by Colly and by the browser are judged by this one rule.
func (e robotsEntry) allow(u *url.URL, userAgent string) error {
	if e.err != nil {
		return fmt.Errorf("%s: %w", u, e.err)
	}
	group := e.data.FindGroup(userAgent)
	if group == nil {
		return nil
	}
	// Colly's rule: the path and the query are matched, as robots.txt
	// patterns may include a query.
	p := u.EscapedPath()
	if u.RawQuery != "" {
		p += "?" + u.Query().Encode()
	}
	if !group.Test(p) {
		return fmt.Errorf("%s: %w", u, colly.ErrRobotsTxtBlocked)
	}
	return nil
}

// fetchRobots fetches and parses the robots.txt of u's host. Following
// RFC 9309 and Google (whose rules robotstxt applies): 4xx means no rules,
// 5xx means everything is disallowed; up to 5 redirects are followed, but
// only within the allowed domains. A fetch that fails (timeout, refused
// connection, a redirect elsewhere) is an error wrapping ErrRobotsTxt.
func (r *run) fetchRobots(u *url.URL) robotsEntry {
	timeout := r.c.RobotsTimeout
	if timeout <= 0 {
		timeout = DefaultRobotsTimeout
	}
	timeout = min(timeout, r.timeout())
	// The transport starts the timeout when the host's turn comes, as for
	// pages: waiting behind other requests to the host is not robots.txt
	// failing to answer.
	ctx := context.WithValue(r.ctx, timeoutKey{}, timeout)
	target := u.Scheme + "://" + u.Host + "/robots.txt"
	fail := func(err error) robotsEntry {
		return robotsEntry{err: withClass(ErrRobotsTxt, fmt.Errorf("robots.txt %s: %w", target, err))}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return fail(err)
	}
	req.Header.Set("User-Agent", r.col.UserAgent)
	resp, err := r.onDomainClient().Do(req)
	if err != nil {
		return fail(err)
	}
	defer resp.Body.Close()
	data, err := robotstxt.FromResponse(resp)
	if err != nil {
		return fail(err)
	}
	return robotsEntry{data: data}
}

// onDomainClient is an HTTP client on the crawl's transport for the
// requests the crawler makes outside Colly (robots.txt, JSON endpoints):
// like Colly's, it follows up to 5 redirects and only within the allowed
// domains, never to file: URLs.
func (r *run) onDomainClient() *http.Client {
	return &http.Client{
		Transport: r.tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return fmt.Errorf("%w: more than 5 redirects", ErrRedirectLoop)
			}
			if !r.allowed(req.URL, "") || req.URL.Scheme == "file" {
				return fmt.Errorf("%w: %s", ErrOffDomain, req.URL)
			}
			return nil
		},
	}
}
