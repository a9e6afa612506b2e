package scraper

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"slices"
	"syscall"
	"testing"

	"github.com/gocolly/colly/v2"
)

// timeoutErr is a net.Error that timed out, as the HTTP client returns.
type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestErrorClass(t *testing.T) {
	get := func(err error) error { return &url.Error{Op: "Get", URL: "http://shop.test/p/1", Err: err} }
	fetch := func(err error) error { return fmt.Errorf("fetch http://shop.test/p/1: %w", err) }
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"no error has no class", nil, ""},
		{"a client timeout is a timeout", fetch(get(timeoutErr{})), ClassTimeout},
		{"a deadline is a timeout", fetch(get(context.DeadlineExceeded)), ClassTimeout},
		{"a dial timeout is a timeout", fetch(get(&net.OpError{Op: "dial", Err: timeoutErr{}})), ClassTimeout},
		{"a 404 is 4xx", &StatusError{Code: 404, URL: "u"}, Class4xx},
		{"a 429 given up on is 4xx", fmt.Errorf("%w (Retry-After 1h is longer than 30s)", &StatusError{Code: 429, URL: "u"}), Class4xx},
		{"a 503 after the retries is 5xx", fmt.Errorf("%w (gave up after 4 attempts)", &StatusError{Code: 503, URL: "u"}), Class5xx},
		{"a 304 is other", &StatusError{Code: 304, URL: "u"}, ClassOther},
		{"a page robots.txt disallows is robots", fmt.Errorf("u: %w", colly.ErrRobotsTxtBlocked), ClassRobots},
		{"a robots.txt that timed out is robots, not timeout", withClass(ErrRobotsTxt, get(timeoutErr{})), ClassRobots},
		{"a robots.txt answering 5xx is robots", withClass(ErrRobotsTxt, &StatusError{Code: 503, URL: "u"}), ClassRobots},
		{"Colly's refusal of an off-domain redirect is off_domain", fetch(get(fmt.Errorf("Not following redirect: %w", colly.ErrForbiddenDomain))), ClassOffDomain},
		{"our refusal of an off-domain redirect is off_domain", fetch(get(ErrOffDomain)), ClassOffDomain},
		{"a redirect loop is redirect_loop", fetch(get(fmt.Errorf("%w: stopped after 10 redirects", ErrRedirectLoop))), ClassRedirectLoop},
		{"a body over the limit is body_too_large", fetch(get(&BodyTooLargeError{URL: "u", Limit: 10})), ClassBodyTooLarge},
		{"a body cut short is truncated", fetch(get(&TruncatedError{URL: "u", Why: "HTML ends inside a tag"})), ClassTruncated},
		{"a body cut short after the retries is truncated", fmt.Errorf("%w (gave up after 4 attempts)", fetch(get(&TruncatedError{URL: "u"}))), ClassTruncated},
		{"a flooded page is too_many_items", &TooManyItemsError{URL: "u", Items: 2000, Limit: 1000}, ClassTooManyItems},
		{"an image is content_type", &ContentTypeError{URL: "u", ContentType: "image/png", Want: "HTML"}, ClassContentType},
		{"HTML from a shop API is content_type", fmt.Errorf("u: not a JSON shop API answer: %w", ErrContentType), ClassContentType},
		{"an extraction error is parse", withClass(ErrParse, errors.New("read u: bad JSON")), ClassParse},
		{"a refused connection is other", fetch(get(&net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)})), ClassOther},
		{"an unknown host is other", fetch(get(&net.DNSError{Err: "no such host", Name: "shop.test"})), ClassOther},
		{"a cancelled crawl is no page's fault", fetch(get(context.Canceled)), ClassOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ErrorClass(tt.err)
			if got != tt.want {
				t.Errorf("ErrorClass(%v) = %q, want %q", tt.err, got, tt.want)
			}
			if tt.err != nil && !slices.Contains(ErrorClasses, got) {
				t.Errorf("class %q is not in ErrorClasses", got)
			}
		})
	}
}

func TestWithClassKeepsTheMessageAndTheCause(t *testing.T) {
	cause := &StatusError{Code: 503, URL: "http://shop.test/robots.txt"}
	err := withClass(ErrRobotsTxt, cause)
	if err.Error() != cause.Error() {
		t.Errorf("message %q, want the cause's %q", err, cause)
	}
	var se *StatusError
	if !errors.As(err, &se) || !errors.Is(err, ErrRobotsTxt) {
		t.Errorf("%v: want both the cause and the class reachable", err)
	}
	if withClass(ErrParse, nil) != nil {
		t.Error("withClass of nil is not nil")
	}
}
