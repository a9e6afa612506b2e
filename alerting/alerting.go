// Package alerting runs the alerts: rules after every crawl: it reads the
// market from the store, lets the alert package decide what is news, stores
// each new alert once (store.RecordAlerts dedupes by key), and delivers
// every alert still pending through notify's destinations. A delivery that
// fails stays pending in the store and is retried after the next crawl; it
// is logged and reported, never lost.
//
// Service implements monitor.Alerter, so a Monitor calls it once per
// finished run and once after each re-match.
package alerting

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/shelfwatch/shelfwatch/alert"
	"github.com/shelfwatch/shelfwatch/notify"
	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/store"
)

// Store is what alerting needs from the database; *store.DB implements it.
type Store interface {
	LatestRuns(ctx context.Context, competitor string, status store.RunStatus, n int) ([]store.Run, error)
	Runs(ctx context.Context, competitor string, since time.Time) ([]store.Run, error)
	RunOffers(ctx context.Context, runID int64) ([]pricing.Offer, error)
	Catalog(ctx context.Context) ([]pricing.CatalogItem, error)
	Matches(ctx context.Context) ([]store.MatchRecord, error)
	RecordAlerts(ctx context.Context, as []store.AlertRecord, destinations []string) ([]store.AlertRecord, error)
	PendingAlerts(ctx context.Context) ([]store.PendingAlert, error)
	MarkAlertsSent(ctx context.Context, destination string, ids []int64, sent time.Time) error
	MarkAlertsFailed(ctx context.Context, destination string, ids []int64, reason string) error
}

// Sender delivers alerts; *notify.Notifier implements it.
type Sender interface {
	Destinations() []string
	SendAlerts(ctx context.Context, name string, alerts []alert.Alert) (notify.Result, int)
}

// Service evaluates, stores and sends alerts. Store, Sender and Config are
// required; the rest may be left zero. It is safe for concurrent use:
// crawls finishing together are evaluated and sent one after the other, so
// no alert goes out twice from one process.
type Service struct {
	Store  Store
	Sender Sender
	Config alert.Config
	// Competitors names the configured competitors: AfterMatch checks
	// these for staleness (a competitor dropped from the config is not).
	Competitors []string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logger gets a line per alert raised and per delivery; nil discards.
	Logger *slog.Logger

	mu  sync.Mutex
	rep Report
	// down holds when each destination last failed: it is not tried
	// again until the batch of crawls ends (AfterMatch) or retryDown
	// passed, so a dead server costs one round of retries per batch,
	// not one per competitor crawled.
	down map[string]time.Time
}

// retryDown is how long a failed destination rests within a batch of
// crawls that does not end in a re-match.
const retryDown = 10 * time.Minute

// Report is what a Service did since it was made.
type Report struct {
	// Raised counts the new alerts stored.
	Raised int
	// Sent counts the alerts delivered, per destination.
	Sent map[string]int
	// Failed holds each destination's latest failed delivery, with the
	// alerts left pending there; a later success removes it.
	Failed map[string]Failure
	// Errors are failures to read the market or to store alerts.
	Errors []error
}

// Failure is a destination that did not take its alerts.
type Failure struct {
	Pending int
	Err     error
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Service) log() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// AfterRun evaluates the rules for the competitor of a finished run, stores
// what is new and sends everything pending. Errors are logged and kept in
// the Report.
func (s *Service) AfterRun(ctx context.Context, competitor string, run store.Run) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.step(ctx, []string{competitor}, &run)
}

// AfterMatch evaluates the rules for every configured competitor with the
// new matches (and checks each for staleness), stores what is new and
// sends everything pending.
func (s *Service) AfterMatch(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.step(ctx, s.Competitors, nil)
	clear(s.down)
}

// Report returns what the Service did so far.
func (s *Service) Report() Report {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.rep
	r.Sent, r.Failed = maps(r.Sent), mapf(r.Failed)
	r.Errors = slices.Clone(r.Errors)
	return r
}

func (s *Service) step(ctx context.Context, comps []string, run *store.Run) {
	if err := s.raise(ctx, comps, run); err != nil {
		s.rep.Errors = append(s.rep.Errors, err)
		s.log().Error("alerts not evaluated", "err", err)
	}
	// Pending alerts go out even when evaluating failed: they were raised
	// by earlier crawls and must not wait on this one.
	if err := s.deliver(ctx); err != nil {
		s.rep.Errors = append(s.rep.Errors, err)
		s.log().Error("pending alerts not read", "err", err)
	}
}

// raise evaluates the rules for comps (run, when given, is the run just
// finished) and stores the new alerts, each pending for every destination.
func (s *Service) raise(ctx context.Context, comps []string, run *store.Run) error {
	in, err := s.input(ctx, comps, run)
	if err != nil {
		return fmt.Errorf("alerts: %w", err)
	}
	as := alert.Evaluate(s.Config, in)
	if len(as) == 0 {
		return nil
	}
	recs := make([]store.AlertRecord, 0, len(as))
	for _, a := range as {
		body, err := json.Marshal(a)
		if err != nil {
			return fmt.Errorf("alerts: encode %s: %w", a.Key, err)
		}
		recs = append(recs, store.AlertRecord{Key: a.Key, Kind: string(a.Kind), Competitor: a.Competitor, SKU: a.SKU,
			RunID: a.RunID, Body: body, RaisedAt: a.At})
	}
	added, err := s.Store.RecordAlerts(ctx, recs, s.destinations())
	if err != nil {
		return fmt.Errorf("alerts: %w", err)
	}
	s.rep.Raised += len(added)
	for _, a := range added {
		s.log().Info("alert raised", "kind", a.Kind, "competitor", a.Competitor, "sku", a.SKU, "key", a.Key)
	}
	return nil
}

// destinations are the names alerts go to: send_to, else every one.
func (s *Service) destinations() []string {
	if len(s.Config.SendTo) > 0 {
		return s.Config.SendTo
	}
	return s.Sender.Destinations()
}

// input reads what the rules need for comps: the catalog, the usable
// matches, and each competitor's latest runs with their offers.
func (s *Service) input(ctx context.Context, comps []string, run *store.Run) (alert.Input, error) {
	in := alert.Input{Now: s.now()}
	var err error
	if in.Catalog, err = s.Store.Catalog(ctx); err != nil {
		return in, err
	}
	ms, err := s.Store.Matches(ctx)
	if err != nil {
		return in, err
	}
	for _, m := range ms {
		// Candidates wait for a person, and a rejected pair is no pair.
		if m.Decision == store.DecisionAuto || m.Decision == store.DecisionConfirmed {
			in.Matches = append(in.Matches, m.Match)
		}
	}
	for _, name := range comps {
		c, err := s.competitor(ctx, name, run)
		if err != nil {
			return in, fmt.Errorf("%s: %w", name, err)
		}
		in.Competitors = append(in.Competitors, c)
	}
	return in, nil
}

func (s *Service) competitor(ctx context.Context, name string, run *store.Run) (alert.Competitor, error) {
	c := alert.Competitor{Name: name}
	if run != nil && run.Competitor == name {
		r := toRun(*run)
		c.Latest = &r
	} else {
		// The latest run that ended; one still running (another
		// process's crawl) says nothing yet.
		runs, err := s.Store.LatestRuns(ctx, name, "", 5)
		if err != nil {
			return c, err
		}
		for _, r := range runs {
			if r.Status != store.RunRunning {
				lr := toRun(r)
				c.Latest = &lr
				break
			}
		}
	}
	good, err := s.Store.LatestRuns(ctx, name, store.RunSucceeded, 2)
	if err != nil {
		return c, err
	}
	snaps := make([]*alert.Snapshot, len(good))
	for i, r := range good {
		offers, err := s.Store.RunOffers(ctx, r.ID)
		if err != nil {
			return c, err
		}
		snaps[i] = &alert.Snapshot{Run: toRun(r), Offers: offers}
	}
	if len(snaps) > 0 {
		c.Current = snaps[0]
	}
	if len(snaps) > 1 {
		c.Previous = snaps[1]
	}
	if c.Current == nil && c.Latest != nil {
		// Never a success: staleness counts from the first attempt.
		all, err := s.Store.Runs(ctx, name, time.Time{})
		if err != nil {
			return c, err
		}
		if len(all) > 0 {
			c.FirstStarted = all[len(all)-1].StartedAt
		}
	}
	return c, nil
}

func toRun(r store.Run) alert.Run {
	return alert.Run{ID: r.ID, Status: string(r.Status), Reason: r.Reason, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt}
}

// deliver sends every pending alert, destination by destination, oldest
// first, and records what went through and what did not.
func (s *Service) deliver(ctx context.Context) error {
	pending, err := s.Store.PendingAlerts(ctx)
	if err != nil {
		return fmt.Errorf("alerts: %w", err)
	}
	known := s.Sender.Destinations()
	var order []string
	by := map[string][]store.PendingAlert{}
	for _, p := range pending {
		if _, seen := by[p.Destination]; !seen {
			order = append(order, p.Destination)
		}
		by[p.Destination] = append(by[p.Destination], p)
	}
	var errs []error
	for _, dest := range order {
		ps := by[dest]
		if !slices.Contains(known, dest) {
			// Kept for when the destination is configured again.
			s.log().Warn("alerts pending for a destination no longer in notify:", "destination", dest, "alerts", len(ps))
			continue
		}
		if at, ok := s.down[dest]; ok && s.now().Sub(at) < retryDown {
			continue
		}
		as := make([]alert.Alert, 0, len(ps))
		ids := make([]int64, 0, len(ps))
		for _, p := range ps {
			var a alert.Alert
			if err := json.Unmarshal(p.Body, &a); err != nil {
				errs = append(errs, fmt.Errorf("alerts: stored alert %d (%s) is unreadable: %w", p.ID, p.Key, err))
				continue
			}
			as = append(as, a)
			ids = append(ids, p.ID)
		}
		res, n := s.Sender.SendAlerts(ctx, dest, as)
		// Record the outcome even when ctx ended: what went out must not
		// go out again.
		wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		if n > 0 {
			if err := s.Store.MarkAlertsSent(wctx, dest, ids[:n], s.now()); err != nil {
				errs = append(errs, fmt.Errorf("alerts: %w", err))
			}
			if s.rep.Sent == nil {
				s.rep.Sent = map[string]int{}
			}
			s.rep.Sent[dest] += n
		}
		if res.Err != nil {
			if err := s.Store.MarkAlertsFailed(wctx, dest, ids[n:], res.Err.Error()); err != nil {
				errs = append(errs, fmt.Errorf("alerts: %w", err))
			}
			if s.rep.Failed == nil {
				s.rep.Failed = map[string]Failure{}
			}
			s.rep.Failed[dest] = Failure{Pending: len(ids) - n, Err: res.Err}
			if s.down == nil {
				s.down = map[string]time.Time{}
			}
			s.down[dest] = s.now()
			s.log().Error("alerts not delivered; they stay pending and are retried after the next crawl",
				"destination", dest, "pending", len(ids)-n, "err", res.Err.Error())
		} else {
			delete(s.rep.Failed, dest)
			delete(s.down, dest)
		}
		cancel()
	}
	return errors.Join(errs...)
}

func maps(m map[string]int) map[string]int {
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func mapf(m map[string]Failure) map[string]Failure {
	out := make(map[string]Failure, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
