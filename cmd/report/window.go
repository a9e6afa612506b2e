package main

import (
	"time"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
	"github.com/shelfwatch/shelfwatch/digest"
)

// resolveSpan turns the --week, --since and --until flags into a window
// (digest.Resolve); a window that cannot be read is a usage error.
func resolveSpan(now time.Time, week, since, until string) (digest.Window, error) {
	w, err := digest.Resolve(now, week, since, until)
	if err != nil {
		return w, cmdline.UsageError{Err: err}
	}
	return w, nil
}
