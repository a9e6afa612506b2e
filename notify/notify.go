package notify

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// Attachment is a file sent along with the email.
type Attachment struct {
	Name        string
	ContentType string
	Data        []byte
}

// Digest is what is sent: the Summary chat messages are made from, and the
// documents email carries.
type Digest struct {
	Summary Summary
	// Subject is the email subject, without the date; "" for the default.
	Subject string
	// HTML is the full digest page (email body); Text its plain-text
	// alternative.
	HTML, Text []byte
	// Attachments go with email to destinations with attach on.
	Attachments []Attachment
}

// Options are the dependencies of a Notifier. Zero values take defaults.
type Options struct {
	// Client sends webhook requests (default: a client with no timeout of
	// its own; each attempt is bounded by Config.Timeout).
	Client *http.Client
	// Logger gets a line per attempt that fails and per destination done
	// (default: discard).
	Logger *slog.Logger
	// Getenv and ReadFile resolve *_env and *_file secrets (default:
	// os.Getenv, os.ReadFile).
	Getenv   func(string) string
	ReadFile func(string) ([]byte, error)
	// Now is the clock for signatures and email dates (default: time.Now).
	Now func() time.Time
	// Sleep waits between attempts; it returns early with ctx's error
	// when ctx ends (default: a timer). Tests make backoff instant or
	// record it.
	Sleep func(ctx context.Context, d time.Duration) error
	// TLS is the base TLS config for SMTP (tests add a root CA); its
	// ServerName is set per destination.
	TLS *tls.Config
}

// Notifier sends a digest to the configured destinations.
type Notifier struct {
	cfg    Config
	opt    Options
	dests  []destination
	redact *redactor
}

// destination is one configured place, secrets resolved.
type destination struct {
	Destination
	url, secret, token, password string
}

// New resolves the destinations' secrets and returns a Notifier. Its errors
// name the destination and where a secret was looked for, never a secret.
func New(cfg Config, opt Options) (*Notifier, error) {
	if opt.Client == nil {
		opt.Client = &http.Client{}
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opt.Getenv == nil {
		opt.Getenv = os.Getenv
	}
	if opt.ReadFile == nil {
		opt.ReadFile = os.ReadFile
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Sleep == nil {
		opt.Sleep = sleep
	}
	n := &Notifier{cfg: cfg.withDefaults(), opt: opt, redact: &redactor{}}
	var errs []error
	for _, d := range n.cfg.Destinations {
		dst, err := n.resolve(d)
		if err != nil {
			errs = append(errs, n.redact.error(fmt.Errorf("notify: destination %q (%s): %w", d.Name, d.Type, err)))
			continue
		}
		n.dests = append(n.dests, dst)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return n, nil
}

func (n *Notifier) resolve(d Destination) (destination, error) {
	dst := destination{Destination: d}
	get := func(s Secret, what string, into *string, secret bool) error {
		if s.IsZero() {
			return nil
		}
		v, err := s.resolve(n.opt.Getenv, n.opt.ReadFile)
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if secret {
			n.redact.add(v)
		}
		*into = v
		return nil
	}
	// The generic webhook's url may be written in the config, and then is
	// not secret; every other URL carries a token.
	if err := get(d.URL, "url", &dst.url, d.URL.Value == ""); err != nil {
		return dst, err
	}
	if err := get(d.Secret, "secret", &dst.secret, true); err != nil {
		return dst, err
	}
	if err := get(d.Token, "token", &dst.token, true); err != nil {
		return dst, err
	}
	if err := get(d.Password, "password", &dst.password, true); err != nil {
		return dst, err
	}
	if d.Type != Email {
		u, err := url.Parse(dst.url)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			// Neither the URL nor the parse error (which quotes it) is
			// shown: it may hold the token.
			return dst, fmt.Errorf("the url from %s is not an absolute http(s) URL", d.URL.Describe())
		}
	}
	return dst, nil
}

// Result is what happened at one destination.
type Result struct {
	Name string
	Type Type
	// Attempts counts the tries made (1 when the first one worked).
	Attempts int
	// Err is nil on success; its message is redacted.
	Err error
}

// Report holds one Result per destination, in config order.
type Report []Result

// Failed returns the results with an error.
func (r Report) Failed() []Result {
	var out []Result
	for _, x := range r {
		if x.Err != nil {
			out = append(out, x)
		}
	}
	return out
}

// Err returns nil when every destination got the digest, else a
// *FailedError naming those that did not.
func (r Report) Err() error {
	if f := r.Failed(); len(f) > 0 {
		return &FailedError{Failed: f, Total: len(r)}
	}
	return nil
}

// FailedError names the destinations that did not get the digest.
type FailedError struct {
	Failed []Result
	Total  int
}

func (e *FailedError) Error() string {
	parts := make([]string, len(e.Failed))
	for i, f := range e.Failed {
		parts[i] = fmt.Sprintf("%s (%s) after %s: %v", f.Name, f.Type, plural(f.Attempts, "attempt", "attempts"), f.Err)
	}
	return fmt.Sprintf("notify: %d of %d destinations failed: %s", len(e.Failed), e.Total, strings.Join(parts, "; "))
}

// Names lists the failed destinations' names.
func (e *FailedError) Names() []string {
	out := make([]string, len(e.Failed))
	for i, f := range e.Failed {
		out[i] = f.Name
	}
	return out
}

// Send sends d to every destination, in config order, each independently:
// a failure is retried with backoff, recorded, and the next destination is
// tried all the same. It stops early only when ctx ends; the destinations
// not reached then fail with ctx's error.
func (n *Notifier) Send(ctx context.Context, d Digest) Report {
	d.Summary.URL = n.cfg.PublicURL
	var rep Report
	for _, dst := range n.dests {
		res := Result{Name: dst.Name, Type: dst.Type}
		attempt, err := n.prepare(dst, d)
		if err == nil {
			res.Attempts, err = n.retry(ctx, dst, attempt)
		}
		res.Err = n.redact.error(err)
		log := n.opt.Logger.With("destination", dst.Name, "type", string(dst.Type), "attempts", res.Attempts)
		if res.Err != nil {
			log.Error("digest not delivered", "err", res.Err.Error())
		} else {
			log.Info("digest delivered")
		}
		rep = append(rep, res)
	}
	return rep
}

// retry runs attempt until it succeeds, fails for good, runs out of
// attempts or ctx ends, waiting Backoff, 2×Backoff, ... (at most
// MaxBackoff) in between.
func (n *Notifier) retry(ctx context.Context, dst destination, attempt func(context.Context) error) (int, error) {
	r := n.cfg.Retry
	wait := r.Backoff
	for i := 1; ; i++ {
		if err := ctx.Err(); err != nil {
			return i - 1, err
		}
		actx, cancel := context.WithTimeout(ctx, n.cfg.Timeout)
		err := attempt(actx)
		cancel()
		if err == nil {
			return i, nil
		}
		if ctx.Err() != nil {
			return i, fmt.Errorf("%w (%w)", ctx.Err(), err)
		}
		if !retryable(err) || i >= r.Attempts {
			return i, err
		}
		d := wait
		if ra := retryAfter(err); ra > d && ra <= r.MaxBackoff {
			d = ra
		}
		n.opt.Logger.Warn("digest delivery failed, retrying", "destination", dst.Name, "type", string(dst.Type),
			"attempt", i, "wait", d.String(), "err", n.redact.clean(err.Error()))
		if err := n.opt.Sleep(ctx, d); err != nil {
			return i, err
		}
		wait = min(wait*2, r.MaxBackoff)
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// prepare lays the message out for dst once (the layout does not change
// between attempts) and returns one attempt at sending it; signatures are
// made afresh at each attempt, since the platforms refuse old timestamps.
func (n *Notifier) prepare(dst destination, d Digest) (func(context.Context) error, error) {
	m := compose(d.Summary, n.cfg.MaxItems)
	switch dst.Type {
	case Slack, DingTalk, WeCom, Feishu:
		// The same attempt SendAlerts makes, on the digest shrunk until the
		// platform takes it.
		var layoutErr error
		send, _, err := fit(m, func(m message) (func(context.Context) error, bool) {
			send, ok, err := n.chatAttempt(dst, m)
			if err != nil {
				layoutErr = err
				return nil, true // shrinking will not help: stop here
			}
			return send, ok
		})
		if layoutErr != nil {
			return nil, layoutErr
		}
		return send, err
	case Webhook:
		body, err := json.Marshal(d.Summary)
		if err != nil {
			return nil, err
		}
		return n.webhookAttempt(dst, body), nil
	case Email:
		msg, err := n.mail(dst, d)
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context) error { return n.sendMail(ctx, dst, msg) }, nil
	}
	return nil, fmt.Errorf("unknown destination type %q", dst.Type)
}

// webhookAttempt returns one attempt at posting body to the generic webhook,
// with the bearer token when dst has one; digests and alerts both go out so.
func (n *Notifier) webhookAttempt(dst destination, body []byte) func(context.Context) error {
	var h http.Header
	if dst.token != "" {
		h = http.Header{"Authorization": {"Bearer " + dst.token}}
	}
	return func(ctx context.Context) error {
		_, err := post(ctx, n.opt.Client, dst.url, h, body)
		return err
	}
}
