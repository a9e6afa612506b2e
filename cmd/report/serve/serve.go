// Package serve is `report serve`: a small read-only web server over the
// latest crawl data. Pages (the digest, a category's tier map, one of our
// items with its price history, a competitor's runs) are html/template
// pages with inline SVG charts and no script; the API (/api/…) serves the
// same documents as the report files, in the schemas docs/ describes.
//
// The package reads nothing itself: a Source gives it the analysed market
// (cmd/report builds one from the database), so it is tested in-process
// with a fake. Every response carries a Content-Security-Policy that allows
// no script at all, so even a scraped title that escaped escaping could not
// run; an ETag and a Last-Modified for conditional requests; and gzip when
// the client takes it.
package serve

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/render"
)

// ErrNotFound is returned by a Source for an item it does not know.
var ErrNotFound = errors.New("not found")

// Snapshot is the market as the server shows it.
type Snapshot struct {
	Digest render.Digest
	// Offers are the current runs' offers of every competitor, for the
	// category pages' tier maps and offer lists.
	Offers []pricing.Offer
	// Runs are each competitor's runs in the digest's window, newest
	// first, whatever their status.
	Runs map[string][]render.RunInfo
	// Modified is when the data last changed (the newest run's end): the
	// responses' Last-Modified.
	Modified time.Time
}

// Source gives the server its data.
type Source interface {
	// Snapshot reads the latest market.
	Snapshot(ctx context.Context) (*Snapshot, error)
	// History returns the price history of our item sku; an error
	// wrapping ErrNotFound when there is no such item.
	History(ctx context.Context, sku string) (render.HistoryFeed, error)
}

// Options configure the server.
type Options struct {
	// Token, when not empty, is the bearer token every request must carry
	// (Authorization: Bearer …); without it the answer is 401.
	Token string
	// TTL is how long a snapshot is reused before the Source is asked
	// again; 0 means 30 seconds.
	TTL    time.Duration
	Logger *slog.Logger
	Now    func() time.Time
}

// CSP forbids every script, plugin, frame and outside resource: styles are
// inline, charts inline SVG, the icon a data: URL.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

type server struct {
	src Source
	opt Options

	mu       sync.Mutex
	snap     *Snapshot
	loadedAt time.Time
}

// Handler returns the server's handler: its routes behind the security
// headers and, with Options.Token, the bearer-token check.
func Handler(src Source, opt Options) http.Handler {
	if opt.TTL == 0 {
		opt.TTL = 30 * time.Second
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	s := &server{src: src, opt: opt}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.index)
	mux.HandleFunc("GET /categories/{name}", s.category)
	mux.HandleFunc("GET /items/{sku}", s.item)
	mux.HandleFunc("GET /competitors/{name}", s.competitor)
	mux.HandleFunc("GET /api/digest.json", s.apiDigest)
	mux.HandleFunc("GET /api/positioning.json", s.apiPositioningJSON)
	mux.HandleFunc("GET /api/positioning.csv", s.apiPositioningCSV)
	mux.HandleFunc("GET /api/history.json", s.apiHistory)
	return s.guard(mux)
}

// guard sets the headers every response carries and checks the token.
func (s *server) guard(next http.Handler) http.Handler {
	want := []byte(s.opt.Token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", CSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		scheme, got, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		if s.opt.Token != "" && (!strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare([]byte(got), want) != 1) {
			h.Set("WWW-Authenticate", `Bearer realm="shelfwatch"`)
			http.Error(w, "401 unauthorized: send Authorization: Bearer <token>", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// snapshot returns the cached snapshot, reading a new one when it is older
// than the TTL.
func (s *server) snapshot(ctx context.Context) (*Snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.snap != nil && s.opt.Now().Sub(s.loadedAt) < s.opt.TTL {
		return s.snap, nil
	}
	snap, err := s.src.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	s.snap, s.loadedAt = snap, s.opt.Now()
	return snap, nil
}

// fail answers a server-side error without its details (they may name the
// database) and logs them.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	s.opt.Logger.Error("serve", "path", r.URL.Path, "err", err)
	http.Error(w, "500 internal error: see the server's log", http.StatusInternalServerError)
}

// send answers with body: an ETag of its content and the data's
// Last-Modified, 304 when the client has it already, gzip when accepted.
func send(w http.ResponseWriter, r *http.Request, contentType string, body []byte, modified time.Time) {
	sum := sha256.Sum256(body)
	tag := hex.EncodeToString(sum[:16])
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", "no-cache") // revalidate: a crawl may land any time
	h.Add("Vary", "Accept-Encoding")
	gz := len(body) > 512 && acceptsGzip(r)
	etag := `"` + tag + `"`
	if gz {
		// The gzip bytes differ from the plain ones, so their tag does too.
		etag = `"` + tag + `-gz"`
	}
	h.Set("ETag", etag)
	if !modified.IsZero() {
		h.Set("Last-Modified", modified.UTC().Format(http.TimeFormat))
	}
	if notModified(r, tag, modified) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if gz {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(body) // a bytes.Buffer does not fail
		zw.Close()
		body = buf.Bytes()
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.ReplaceAll(params, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// notModified applies If-None-Match (either encoding's tag of the same
// content matches) and, without it, If-Modified-Since.
func notModified(r *http.Request, tag string, modified time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == "*" || t == `"`+tag+`"` || t == `"`+tag+`-gz"` {
				return true
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" && !modified.IsZero() {
		t, err := http.ParseTime(ims)
		return err == nil && !modified.Truncate(time.Second).After(t)
	}
	return false
}

// Serve answers on ln until ctx ends, then shuts down gracefully: it stops
// accepting, lets the requests in flight finish (for at most grace), and
// returns nil. It returns the listener's error if serving fails first.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, grace time.Duration) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
