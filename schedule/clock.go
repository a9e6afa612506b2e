package schedule

import "time"

// Clock is the daemon's source of time. Tests drive it by hand
// (scheduletest.Clock) so they never sleep.
type Clock interface {
	Now() time.Time
	// After returns a channel that receives once d has passed, like
	// time.After.
	After(d time.Duration) <-chan time.Time
}

// SystemClock returns the wall clock.
func SystemClock() Clock { return systemClock{} }

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
