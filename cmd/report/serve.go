package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
	"github.com/shelfwatch/shelfwatch/cmd/report/serve"
	"github.com/shelfwatch/shelfwatch/config"
	"github.com/shelfwatch/shelfwatch/digest"
	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/render"
	"github.com/shelfwatch/shelfwatch/store"
)

// cmdServe is `report serve`: the read-only web server of package serve
// over the configured database, until ctx ends (SIGINT, SIGTERM).
func cmdServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", "serve [--config F] [--listen 127.0.0.1:8080] [--since 168h] [--token-env NAME]")
	configPath := fs.String("config", defaultConfig, "config `file` (database, pricing options and the serve: section)")
	listen := fs.String("listen", defaultListen, "`address` to listen on (default: the config's serve.listen, else "+defaultListen+")")
	since := fs.Duration("since", 168*time.Hour, "the digest's window, as report digest --since")
	historyDays := fs.Int("history-days", 180, "how many days of price history the item pages and /api/history.json show")
	tokenEnv := fs.String("token-env", "", "require the bearer token held in this environment `variable` on every request (default: the config's serve.token_env)")
	if err := cmdline.ParseNoArgs(fs, args); err != nil {
		return err
	}
	if *since <= 0 || *historyDays <= 0 {
		return cmdline.Usagef("serve: --since and --history-days must be positive")
	}
	cfg, err := config.Load(*configPath)
	if err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	addr, token, err := serveSettings(e, cfg.Serve, set, *listen, *tokenEnv)
	if err != nil {
		return err
	}
	db, err := openStore(ctx, e, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	opt, err := pricingOptions(cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	src := &dbSource{db: db, opt: opt, since: *since, history: time.Duration(*historyDays) * 24 * time.Hour, now: e.now, staleAfter: cfg.StaleAfterFor}
	h := serve.Handler(src, serve.Options{Token: token, Logger: e.log(), Now: e.now})
	// Printed even under -q: with --listen :0 it is the only way to learn
	// the port.
	fmt.Fprintf(e.stderr, "report: serving http://%s\n", ln.Addr())
	return serve.Serve(ctx, ln, h, 10*time.Second)
}

// defaultListen is where report serve listens without --listen or
// serve.listen: this machine only.
const defaultListen = "127.0.0.1:8080"

// serveSettings picks the address and the bearer token: a flag given on
// the command line (set) wins over the config's serve: section, which
// wins over the defaults. The token is read from the environment variable
// named; a variable named but empty or unset is a usage error, since
// serving without the token someone asked for would expose the data.
func serveSettings(e *env, sc config.Serve, set map[string]bool, listen, tokenEnv string) (addr, token string, err error) {
	addr = listen
	if !set["listen"] && sc.Listen != "" {
		addr = sc.Listen
	}
	from := "--token-env"
	if !set["token-env"] && sc.TokenEnv != "" {
		tokenEnv, from = sc.TokenEnv, "serve.token_env"
	}
	if tokenEnv == "" {
		return addr, "", nil
	}
	token = strings.TrimSpace(e.getenv(tokenEnv))
	if token == "" {
		return "", "", cmdline.Usagef("serve: %s %s: the variable is empty or unset", from, tokenEnv)
	}
	return addr, token, nil
}

// dbSource is serve's Source over the database: each Snapshot builds the
// digest afresh (digest.Build).
type dbSource struct {
	db      skuHistoryStore
	opt     pricing.Options
	since   time.Duration
	history time.Duration
	now     func() time.Time
	// staleAfter is the config's stale_after rule (nil: the default).
	staleAfter digest.StaleAfter

	mu   sync.Mutex
	last *digest.Loaded // the market of the latest Snapshot, for listing titles
}

// Snapshot builds the digest as `report digest` does, over the window
// ending now (a live server shows the market as it is now; a weekly digest
// ends with the last complete week), and adds the current offers and every
// competitor's runs.
func (s *dbSource) Snapshot(ctx context.Context) (*serve.Snapshot, error) {
	now := s.now().UTC()
	d, l, err := digest.Build(ctx, s.db, digest.Window{From: now.Add(-s.since), Until: now}, now,
		digest.Options{Pricing: s.opt, StaleAfter: s.staleAfter})
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	snap := &serve.Snapshot{Runs: map[string][]render.RunInfo{}}
	for _, c := range l.Market.Current {
		snap.Offers = append(snap.Offers, c.Offers...)
	}
	for name, runs := range l.Runs {
		for _, r := range runs {
			snap.Runs[name] = append(snap.Runs[name], digest.RunInfo(r))
		}
	}
	for _, name := range l.NoRuns {
		if _, ok := snap.Runs[name]; !ok {
			snap.Runs[name] = nil
		}
	}
	for _, r := range l.RunByID {
		snap.Modified = latest(snap.Modified, r.StartedAt, r.FinishedAt)
	}
	snap.Digest = d
	s.mu.Lock()
	s.last = l
	s.mu.Unlock()
	return snap, nil
}

func latest(ts ...time.Time) time.Time {
	var m time.Time
	for _, t := range ts {
		if t.After(m) {
			m = t
		}
	}
	return m
}

// History returns our item's matched listings (automatic and confirmed)
// with what every run of the history window saw of them.
func (s *dbSource) History(ctx context.Context, sku string) (render.HistoryFeed, error) {
	var current map[store.ListingRef]pricing.Offer
	s.mu.Lock()
	if s.last != nil {
		current = s.last.CurrentOffers()
	}
	s.mu.Unlock()
	return skuHistory(ctx, s.db, sku, s.now().Add(-s.history), current)
}
