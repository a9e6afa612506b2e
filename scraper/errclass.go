package scraper

import (
	"context"
	"errors"
	"fmt"

	"github.com/gocolly/colly/v2"
)

// The classes ErrorClass sorts page failures into. They name the metric
// label values and the run summary's lines, so they never change.
const (
	ClassTimeout      = "timeout"        // the request or its body took longer than timeout
	Class4xx          = "4xx"            // an HTTP 4xx status (429 after the retries)
	Class5xx          = "5xx"            // an HTTP 5xx status after the retries
	ClassRobots       = "robots"         // robots.txt disallows the page or could not be read
	ClassOffDomain    = "off_domain"     // a redirect off the allowed domains, not followed
	ClassParse        = "parse"          // the page was fetched but could not be read
	ClassBodyTooLarge = "body_too_large" // the body is over max_body_size
	ClassTruncated    = "truncated"      // the body stayed cut off after the retries
	ClassTooManyItems = "too_many_items" // the page yields more than max_items_per_page offers
	ClassRedirectLoop = "redirect_loop"  // redirects that come back on themselves, or too many
	ClassContentType  = "content_type"   // not HTML (or not JSON where the shop API was asked)
	ClassOther        = "other"          // anything else: refused connections, DNS, ...
)

// ErrorClasses lists every class ErrorClass returns, in a fixed order, so
// that metrics can expose a zero for each before the first failure.
var ErrorClasses = []string{
	ClassTimeout, Class4xx, Class5xx, ClassRobots, ClassOffDomain, ClassParse,
	ClassBodyTooLarge, ClassTruncated, ClassTooManyItems, ClassRedirectLoop,
	ClassContentType, ClassOther,
}

// Sentinels wrapped by page failures, for errors.Is.
var (
	// ErrBodyTooLarge: the response body is over the competitor's
	// max_body_size. The page is never read in part.
	ErrBodyTooLarge = errors.New("body too large")
	// ErrTooManyItems: a page yields more offers than max_items_per_page;
	// none of them are kept.
	ErrTooManyItems = errors.New("too many items on one page")
	// ErrRedirectLoop: redirects came back to a URL already seen twice in
	// the chain, or went on for more than 10 hops.
	ErrRedirectLoop = errors.New("redirect loop")
	// ErrOffDomain: a redirect pointed off the allowed domains and was not
	// followed.
	ErrOffDomain = errors.New("redirect off the allowed domains")
	// ErrContentType: the answer is not a page the crawler can read (an
	// image or a PDF behind a product link, HTML where the shop API was
	// asked for).
	ErrContentType = errors.New("unreadable content type")
	// ErrRobotsTxt: robots.txt disallows the page, or robots.txt could not
	// be fetched, so whether it allows the page is unknown.
	ErrRobotsTxt = errors.New("robots.txt")
	// ErrParse: the page was fetched but could not be read (malformed
	// shop API JSON, a panic in extraction).
	ErrParse = errors.New("unreadable page")
)

// BodyTooLargeError is a response whose body is over Limit bytes.
type BodyTooLargeError struct {
	URL   string
	Limit int64
}

// Error returns e.g. "https://shop.example/p/1: body too large: more than
// 10485760 bytes (max_body_size)".
func (e *BodyTooLargeError) Error() string {
	return fmt.Sprintf("%s: %v: more than %d bytes (max_body_size)", e.URL, ErrBodyTooLarge, e.Limit)
}

// Is reports whether target is ErrBodyTooLarge.
func (e *BodyTooLargeError) Is(target error) bool { return target == ErrBodyTooLarge }

// TooManyItemsError is a page that yields Items offers, more than Limit.
type TooManyItemsError struct {
	URL          string
	Items, Limit int
}

// Error returns e.g. "https://shop.example/list: too many items on one page:
// 1500 offers, max_items_per_page is 1000".
func (e *TooManyItemsError) Error() string {
	return fmt.Sprintf("%s: %v: %d offers, max_items_per_page is %d", e.URL, ErrTooManyItems, e.Items, e.Limit)
}

// Is reports whether target is ErrTooManyItems.
func (e *TooManyItemsError) Is(target error) bool { return target == ErrTooManyItems }

// ContentTypeError is an answer of a media type the crawler cannot read
// where it expected Want ("HTML" or "JSON").
type ContentTypeError struct {
	URL         string
	ContentType string
	Want        string
}

// Error returns e.g. "https://shop.example/p/1.pdf: unreadable content type:
// application/pdf, want HTML".
func (e *ContentTypeError) Error() string {
	ct := e.ContentType
	if ct == "" {
		ct = "no Content-Type"
	}
	return fmt.Sprintf("%s: %v: %s, want %s", e.URL, ErrContentType, ct, e.Want)
}

// Is reports whether target is ErrContentType.
func (e *ContentTypeError) Is(target error) bool { return target == ErrContentType }

// classed adds a class sentinel to an error without changing its message,
// for failures whose text is already clear (an extraction error) but whose
// class would otherwise be lost among the errors it wraps (a robots.txt
// fetch that timed out is a robots failure, not a page timeout).
type classed struct {
	err  error
	kind error
}

func (e *classed) Error() string   { return e.err.Error() }
func (e *classed) Unwrap() []error { return []error{e.kind, e.err} }

func withClass(kind, err error) error {
	if err == nil || errors.Is(err, kind) {
		return err
	}
	return &classed{err: err, kind: kind}
}

// ErrorClass returns the class of a page failure from Stats.Failures (or of
// an error Page returned): one of ErrorClasses; "" for nil. Classes are
// checked from the most specific cause outwards, so a robots.txt fetch that
// timed out is "robots" and a 503 given up on is "5xx". A cancelled crawl's
// error is "other": it is no fault of the page.
func ErrorClass(err error) string {
	if err == nil {
		return ""
	}
	var se *StatusError
	switch {
	case errors.Is(err, ErrRobotsTxt), errors.Is(err, colly.ErrRobotsTxtBlocked):
		return ClassRobots
	case errors.Is(err, ErrOffDomain), errors.Is(err, colly.ErrForbiddenDomain):
		return ClassOffDomain
	case errors.Is(err, ErrRedirectLoop):
		return ClassRedirectLoop
	case errors.Is(err, ErrBodyTooLarge):
		return ClassBodyTooLarge
	case errors.Is(err, ErrTooManyItems):
		return ClassTooManyItems
	case errors.Is(err, ErrContentType):
		return ClassContentType
	case errors.Is(err, ErrTruncated):
		return ClassTruncated
	case errors.Is(err, ErrParse):
		return ClassParse
	case errors.As(err, &se):
		switch {
		case se.Code >= 400 && se.Code < 500:
			return Class4xx
		case se.Code >= 500 && se.Code < 600:
			return Class5xx
		}
		return ClassOther
	case errors.Is(err, context.Canceled):
		return ClassOther
	case errors.Is(err, context.DeadlineExceeded):
		return ClassTimeout
	}
	var te interface{ Timeout() bool }
	if errors.As(err, &te) && te.Timeout() {
		return ClassTimeout
	}
	return ClassOther
}

// Observer is told about a crawl's requests as they happen, for live
// metrics. Its methods are called from the crawl's fetching goroutines,
// concurrently, and must be quick and safe for concurrent use;
// *metrics.Metrics satisfies it. A nil Observer is fine.
type Observer interface {
	// PageFetched is called for every HTTP answer a page request got,
	// retried attempts included, with its status code; 0 for a page read
	// from a local file. robots.txt is not a page.
	PageFetched(competitor string, status int)
	// Retried is called each time a request is sent again after a
	// timeout, a cut-off body, 429 or 5xx.
	Retried(competitor string)
}

// FailureObserver is an Observer that also wants each page failure as it
// is counted, with its class (see ErrorClass). The Crawler checks for it
// with a type assertion, so an Observer need not implement it.
type FailureObserver interface {
	PageFailed(competitor, class string)
}
