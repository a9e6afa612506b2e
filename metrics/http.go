package metrics

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Check is one named health check of /healthz.
type Check struct {
	// Name is the check's key in the JSON detail, e.g. "database".
	Name string
	// Up is the detail shown while the check passes, e.g. "alive";
	// "" shows "ok".
	Up string
	// Probe returns nil while healthy. It gets a context that ends after
	// Timeout, so a database that accepts connections and never answers
	// fails the check instead of hanging /healthz.
	Probe func(ctx context.Context) error
	// Timeout bounds Probe; 0 means DefaultCheckTimeout.
	Timeout time.Duration
}

// DefaultCheckTimeout bounds each health check without its own Timeout.
const DefaultCheckTimeout = 2 * time.Second

// Health is the JSON body of /healthz.
type Health struct {
	// Status is "ok" when every check passed, else "unavailable".
	Status string `json:"status"`
	// Failing names the failed checks, sorted; absent when none failed.
	Failing []string `json:"failing,omitempty"`
	// Checks maps each check's name to its Up text or "error: " and the
	// probe's error.
	Checks map[string]string `json:"checks"`
}

// Handler serves /metrics (the private registry in the Prometheus text or
// OpenMetrics format) and /healthz (see HealthHandler); other paths are 404.
func (m *Metrics) Handler(checks ...Check) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		Registry:          m.reg, // counts the handler's own errors
		ErrorHandling:     promhttp.ContinueOnError,
		EnableOpenMetrics: true,
	}))
	mux.Handle("GET /healthz", HealthHandler(checks...))
	return mux
}

// HealthHandler runs every check concurrently on each request and answers
// 200 with a Health body when all pass, else 503 naming the failed checks.
func HealthHandler(checks ...Check) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := RunChecks(r.Context(), checks...)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		if h.Status != "ok" {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		_ = enc.Encode(h) // the client went away; nothing to tell it
	})
}

// RunChecks runs the checks concurrently, each bounded by its timeout, and
// returns their combined health.
func RunChecks(ctx context.Context, checks ...Check) Health {
	h := Health{Status: "ok", Checks: make(map[string]string, len(checks))}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, c := range checks {
		wg.Go(func() {
			err := runCheck(ctx, c)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				h.Checks[c.Name] = "error: " + err.Error()
				h.Failing = append(h.Failing, c.Name)
				return
			}
			h.Checks[c.Name] = c.Up
			if c.Up == "" {
				h.Checks[c.Name] = "ok"
			}
		})
	}
	wg.Wait()
	if len(h.Failing) > 0 {
		h.Status = "unavailable"
		sort.Strings(h.Failing)
	}
	return h
}

// runCheck runs c.Probe under its timeout. A probe that ignores its
// context is abandoned at the deadline rather than waited for (its
// goroutine ends whenever the probe does).
func runCheck(ctx context.Context, c Check) error {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultCheckTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if c.Probe == nil {
		return errors.New("no probe")
	}
	done := make(chan error, 1)
	go func() { done <- c.Probe(ctx) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		select {
		case err := <-done: // the probe's own error says more
			return err
		default:
			return fmt.Errorf("no answer within %s", timeout)
		}
	}
}

// Serve serves h on ln until ctx ends, then shuts the server down, giving
// in-flight requests up to 5 s, and returns nil. Other errors come from
// http.Server.Serve. Listening is left to the caller (net.Listen) so a busy
// port is reported before the daemon starts crawling.
func Serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shut down %s: %w", ln.Addr(), err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve %s: %w", ln.Addr(), err)
	}
	return nil
}
