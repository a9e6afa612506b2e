package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
	"github.com/shelfwatch/shelfwatch/config"
	"github.com/shelfwatch/shelfwatch/digest"
	"github.com/shelfwatch/shelfwatch/notify"
	"github.com/shelfwatch/shelfwatch/render"
)

// newNotifier checks the config's notify: section and reads its secrets
// before any work is done, so a missing variable is a configuration error
// (exit 2) rather than a failed delivery.
func newNotifier(e *env, cfg *config.Config) (*notify.Notifier, error) {
	if cfg.Notify == nil || len(cfg.Notify.Destinations) == 0 {
		return nil, cmdline.UsageError{Err: fmt.Errorf("digest --send: %s has no notify: destinations (see the README's Delivery section)", cfg.Path)}
	}
	n, err := notify.New(*cfg.Notify, notify.Options{
		Client: &http.Client{},
		Logger: e.logAtLeast(slog.LevelWarn),
		Getenv: e.getenv,
		Now:    e.now,
	})
	if err != nil {
		return nil, cmdline.UsageError{Err: fmt.Errorf("%s: %w", cfg.Path, err)}
	}
	return n, nil
}

// sendDigest sends d to the destinations (digest.Send: the HTML page and
// text for email, the positioning XLSX attached, the summary for chat). It
// prints one line per destination, even under -q (they are the command's
// summary), and returns a *notify.FailedError naming those that failed
// (exit 1).
func sendDigest(ctx context.Context, e *env, n digest.Sender, d render.Digest) error {
	rep, err := digest.Send(ctx, n, d)
	if err != nil {
		return fmt.Errorf("digest --send: %w", err)
	}
	for _, r := range rep {
		if r.Err == nil {
			fmt.Fprintf(e.stderr, "sent the digest to %s (%s)\n", r.Name, r.Type)
		} else {
			fmt.Fprintf(e.stderr, "FAILED to send the digest to %s (%s) after %d attempt(s): %v\n", r.Name, r.Type, r.Attempts, r.Err)
		}
	}
	return rep.Err()
}
