package scraper

import (
	"bytes"
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
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
)

// maxBodySize bounds what one response may hold, as Colly's default does.
const maxBodySize = 10 << 20

// transport is the RoundTripper every collector uses. It sends file:// URLs
// to the local file system (the offline demo runs that way) and everything
// else to the base transport, and it hands Colly HTML that is already UTF-8,
// so charset handling happens once, here, whichever way the page declares it.
type transport struct {
	base http.RoundTripper
}

func newTransport(base http.RoundTripper) *transport {
	if base == nil {
		base = http.DefaultTransport
	}
	return &transport{base: base}
}

// RoundTrip fetches req and decodes an HTML body to UTF-8.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	var (
		res     *http.Response
		err     error
		trusted = true // whether the Content-Type charset came from the server
	)
	if req.URL.Scheme == "file" {
		res, err = serveFile(req)
		trusted = false
	} else {
		res, err = t.base.RoundTrip(req)
	}
	if err != nil {
		return nil, err
	}
	if err := toUTF8(res, trusted); err != nil {
		res.Body.Close()
		return nil, fmt.Errorf("decode %s: %w", req.URL, err)
	}
	return res, nil
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
	mediaType, params, _ := mime.ParseMediaType(ct)
	if ct != "" && mediaType != "text/html" && mediaType != "application/xhtml+xml" {
		return nil
	}
	if enc := res.Header.Get("Content-Encoding"); enc != "" && enc != "identity" && !res.Uncompressed {
		// Colly will decompress it; leave the bytes alone.
		return nil
	}
	body, err := io.ReadAll(io.LimitReader(res.Body, maxBodySize))
	res.Body.Close()
	if err != nil {
		return err
	}
	if ct == "" {
		// Sniff whether it is HTML at all; the sniffer's charset is a
		// guess from the first bytes, not a declaration, so drop it.
		mediaType, _, _ = mime.ParseMediaType(http.DetectContentType(body))
		params = nil
		if mediaType != "text/html" {
			setBody(res, body, ct)
			return nil
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
	} else if enc != nil {
		decoded, _, err := transform.Bytes(enc.NewDecoder(), body)
		if err != nil {
			return fmt.Errorf("charset %s: %w", name, err)
		}
		body = decoded
	}
	setBody(res, body, mediaType+"; charset=utf-8")
	return nil
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
