package scraper

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
)

// transport is the RoundTripper every collector uses. It sends file:// URLs
// to the local file system (the offline demo runs that way) and everything
// else to the base transport, one request at a time as the Crawler's host
// limits allow; it reads every body whole, refuses one that was cut off
// (see truncation) or is over the size limit, and hands Colly HTML that is
// already UTF-8, so charset handling happens once, here, whichever way the
// page declares it.
type transport struct {
	base   http.RoundTripper
	limits *hostLimits
	// ctx is the crawl's: every request ends when it ends, also one sent
	// without a context (Colly's own requests carry none of ours).
	ctx context.Context
	// maxBody is the competitor's max_body_size.
	maxBody int64
	// timeout bounds one request from the moment its host's turn comes
	// (see RoundTrip); a request's context may carry a shorter one under
	// timeoutKey. 0 means none.
	timeout time.Duration
}

// timeoutKey is the context key of a request's own timeout, which replaces
// the transport's (robots.txt has a shorter one than pages).
type timeoutKey struct{}

func newTransport(ctx context.Context, base http.RoundTripper, limits *hostLimits, maxBody int64, timeout time.Duration) *transport {
	if base == nil {
		base = http.DefaultTransport
	}
	if limits == nil {
		limits = newHostLimits()
	}
	if maxBody <= 0 {
		maxBody = DefaultMaxBodySize
	}
	return &transport{base: base, limits: limits, ctx: ctx, maxBody: maxBody, timeout: timeout}
}

// RoundTrip fetches req, reads its body whole and decodes an HTML body to
// UTF-8. A 2xx body that was cut off is an error wrapping ErrTruncated; a
// body over the size limit one wrapping ErrBodyTooLarge; a request not
// answered and read within the timeout one wrapping
// context.DeadlineExceeded.
//
// The timeout runs from when the host's turn comes, not from when the
// request was made: a crawl queues every link it finds at once, and the
// tenth page of a shop with a 1 s delay waits 10 s for its turn; with an
// http.Client timeout that wait counted, so queued pages "timed out"
// without ever being sent and were retried at the back of the queue.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme == "file" {
		// Local files: no server to be polite to, and a file is read whole.
		res, err := serveFile(req)
		if err != nil {
			return nil, err
		}
		body, err := t.readBody(req, res)
		if err != nil {
			return nil, err
		}
		res.Body = io.NopCloser(bytes.NewReader(body))
		return t.decode(req, res, body, false)
	}
	if t.ctx != nil {
		// The whole body is read before RoundTrip returns, so the
		// request's context may end with it.
		ctx, cancel := context.WithCancel(req.Context())
		defer cancel()
		stop := context.AfterFunc(t.ctx, cancel)
		defer stop()
		req = req.WithContext(ctx)
	}
	release, err := t.limits.acquire(req.Context(), nil, req.URL)
	if err != nil {
		return nil, err
	}
	timeout := t.timeout
	if d, ok := req.Context().Value(timeoutKey{}).(time.Duration); ok && d > 0 {
		timeout = d
	}
	waited := req.Context()
	if timeout > 0 {
		ctx, cancel := context.WithTimeout(req.Context(), timeout)
		defer cancel()
		req = req.WithContext(ctx)
	}
	res, err := t.base.RoundTrip(req)
	if err != nil {
		release()
		return nil, timedOut(waited, err, timeout)
	}
	// The host's turn lasts until the whole body is in: a shop that is
	// still sending is still busy with us.
	body, err := t.readBody(req, res)
	release()
	if err != nil {
		return nil, timedOut(waited, err, timeout)
	}
	res.Body = io.NopCloser(bytes.NewReader(body))
	return t.decode(req, res, body, true)
}

// timedOut says so when err is our timeout running out rather than the
// caller giving up (parent's error).
func timedOut(parent context.Context, err error, timeout time.Duration) error {
	if errors.Is(err, context.DeadlineExceeded) && parent.Err() == nil {
		return fmt.Errorf("no answer within %s: %w", timeout, err)
	}
	return err
}

// decode converts an HTML body to UTF-8 and checks a 2xx body for
// truncation. body is what res.Body reads; it is handed along rather than
// read from res.Body again, which copied every page twice more.
func (t *transport) decode(req *http.Request, res *http.Response, body []byte, trusted bool) (*http.Response, error) {
	body, err := decodeBody(res, body, trusted)
	if err != nil {
		res.Body.Close()
		return nil, fmt.Errorf("decode %s: %w", req.URL, err)
	}
	if res.StatusCode < 200 || res.StatusCode >= 300 || req.Method == http.MethodHead {
		return res, nil
	}
	if enc := res.Header.Get("Content-Encoding"); enc != "" && enc != "identity" && !res.Uncompressed {
		// Colly decompresses it later; a cut-off stream fails there.
		return res, nil
	}
	if why := truncation(res.Header.Get("Content-Type"), body); why != "" {
		return nil, &TruncatedError{URL: req.URL.String(), Why: why}
	}
	return res, nil
}

// readBody reads res's body whole and closes it. A body over the size
// limit is a *BodyTooLargeError, whatever the status: one byte more than
// the limit is read to tell, so a page is never kept in part. A 2xx body
// shorter than its Content-Length is a *TruncatedError.
func (t *transport) readBody(req *http.Request, res *http.Response) ([]byte, error) {
	defer res.Body.Close()
	tooLarge := &BodyTooLargeError{URL: req.URL.String(), Limit: t.maxBody}
	if res.ContentLength > t.maxBody {
		// Said up front: no need to download it to know.
		return nil, tooLarge
	}
	body, err := io.ReadAll(io.LimitReader(res.Body, t.maxBody+1))
	if int64(len(body)) > t.maxBody {
		return nil, tooLarge
	}
	if err == nil && res.ContentLength > 0 && int64(len(body)) < res.ContentLength {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) && res.StatusCode < 300 {
			return nil, &TruncatedError{URL: req.URL.String(), Why: fmt.Sprintf("body ended after %d of %d bytes", len(body), res.ContentLength)}
		}
		return nil, fmt.Errorf("read %s: %w", req.URL, err)
	}
	return body, nil
}

// serveFile answers a GET for a file:// URL. It is deliberately simpler than
// http.NewFileTransport: no directory listings and no redirect of
// ".../index.html" to ".../", which would change the page's URL.
func serveFile(req *http.Request) (*http.Response, error) {
	res := &http.Response{
		Proto: "HTTP/1.0", ProtoMajor: 1,
		Header:  make(http.Header),
		Request: req,
	}
	status := func(code int, msg string) (*http.Response, error) {
		res.StatusCode = code
		res.Status = strconv.Itoa(code) + " " + http.StatusText(code)
		res.Header.Set("Content-Type", "text/plain; charset=utf-8")
		res.Body = io.NopCloser(strings.NewReader(msg))
		res.ContentLength = int64(len(msg))
		return res, nil
	}
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		return status(http.StatusMethodNotAllowed, "file URLs support GET only")
	}
	if req.URL.Host != "" && req.URL.Host != "localhost" {
		return status(http.StatusNotFound, "remote file hosts are not supported")
	}
	if req.URL.Path == "/robots.txt" {
		// Colly asks for robots.txt at the "host root" of every URL; for
		// files that would be the root of this machine's disk.
		return status(http.StatusNotFound, "no robots.txt for files")
	}
	p := filepath.FromSlash(req.URL.Path)
	f, err := os.Open(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return status(http.StatusNotFound, "no such file: "+p)
		}
		return status(http.StatusForbidden, err.Error())
	}
	st, err := f.Stat()
	if err != nil || st.IsDir() {
		f.Close()
		return status(http.StatusNotFound, "not a file: "+p)
	}
	res.StatusCode = http.StatusOK
	res.Status = "200 OK"
	ct := mime.TypeByExtension(filepath.Ext(p))
	if ct == "" {
		ct = "application/octet-stream"
	}
	res.Header.Set("Content-Type", ct)
	res.ContentLength = st.Size()
	res.Body = f
	return res, nil
}

// toUTF8 replaces an HTML body by its UTF-8 decoding and says so in the
// Content-Type, so that neither Colly nor goquery decodes it a second time.
// The charset comes from, in order: a byte-order mark, the Content-Type
// header (when trusted: a file's type is only a guess from its name), a
// <meta charset> or <meta http-equiv> in the document, else UTF-8 if the
// bytes are valid UTF-8, else windows-1252, as browsers do.
func toUTF8(res *http.Response, trusted bool) error {
	ct := res.Header.Get("Content-Type")
	mediaType, _, _ := mime.ParseMediaType(ct)
	if ct != "" && mediaType != "text/html" && mediaType != "application/xhtml+xml" {
		return nil
	}
	if enc := res.Header.Get("Content-Encoding"); enc != "" && enc != "identity" && !res.Uncompressed {
		// Colly will decompress it; leave the bytes alone.
		return nil
	}
	// The body was bounded when it was read (readBody); decoding may make
	// it longer, which is fine.
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return err
	}
	res.Body = io.NopCloser(bytes.NewReader(body))
	_, err = decodeBody(res, body, trusted)
	return err
}

// decodeBody is toUTF8 of a body already read: res.Body reads body, and
// afterwards reads the body returned.
func decodeBody(res *http.Response, body []byte, trusted bool) ([]byte, error) {
	ct := res.Header.Get("Content-Type")
	mediaType, params, _ := mime.ParseMediaType(ct)
	if ct != "" && mediaType != "text/html" && mediaType != "application/xhtml+xml" {
		return body, nil
	}
	if enc := res.Header.Get("Content-Encoding"); enc != "" && enc != "identity" && !res.Uncompressed {
		return body, nil
	}
	if ct == "" {
		// Sniff whether it is HTML at all; the sniffer's charset is a
		// guess from the first bytes, not a declaration, so drop it.
		mediaType, _, _ = mime.ParseMediaType(http.DetectContentType(body))
		params = nil
		if mediaType != "text/html" {
			setBody(res, body, ct)
			return body, nil
		}
	}
	declared := ""
	if trusted {
		declared = params["charset"]
	}
	enc, name := detectCharset(body, declared)
	if name == "utf-8" {
		// The parser would keep a byte-order mark as text.
		body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
		if !utf8.Valid(body) {
			// A page declared UTF-8 with stray bytes in it (a
			// legacy-encoded fragment pasted into a template): the
			// parser would pass them through into offers, and a
			// database refuses invalid UTF-8 text. Browsers show U+FFFD
			// for each; so do we.
			body = bytes.ToValidUTF8(body, []byte("\uFFFD"))
		}
	} else if enc != nil {
		decoded, _, err := transform.Bytes(enc.NewDecoder(), body)
		if err != nil {
			return nil, fmt.Errorf("charset %s: %w", name, err)
		}
		body = decoded
	}
	setBody(res, body, mediaType+"; charset=utf-8")
	return body, nil
}

var metaCharsetRE = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)`)

// detectCharset picks the encoding of an HTML document; see toUTF8.
func detectCharset(body []byte, declared string) (encoding.Encoding, string) {
	ct := "text/html"
	if declared != "" {
		ct += "; charset=" + declared
	}
	// Certain means a byte-order mark or a charset the header names and
	// the WHATWG encoding list knows.
	if e, name, certain := charset.DetermineEncoding(body, ct); certain {
		return e, name
	}
	// Browsers look for the <meta> in the first 1024 bytes only; pages
	// with long heads put it later, so look further than that.
	if m := metaCharsetRE.FindSubmatch(body[:min(len(body), 64<<10)]); m != nil {
		if e, name := charset.Lookup(string(m[1])); e != nil {
			if strings.HasPrefix(name, "utf-16") {
				// A document that could be parsed as ASCII to find this
				// <meta> is not UTF-16; the HTML standard says UTF-8.
				return nil, "utf-8"
			}
			return e, name
		}
	}
	if utf8.Valid(body) {
		return nil, "utf-8"
	}
	return charmap.Windows1252, "windows-1252"
}

func setBody(res *http.Response, body []byte, ct string) {
	res.Body = io.NopCloser(bytes.NewReader(body))
	res.ContentLength = int64(len(body))
	res.Header.Del("Content-Length")
	if ct != "" {
		res.Header.Set("Content-Type", ct)
	}
}
