package scheduletest

import (
	"context"
	"testing"
	"time"
)

func fired(ch <-chan time.Time) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

func TestTimersFireWhenTheClockReachesThem(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 5, 0, 0, 0, time.UTC)
	c := NewClock(t0)
	now, soon, later := c.After(0), c.After(time.Minute), c.After(time.Hour)
	if !fired(now) {
		t.Error("After(0) did not fire at once")
	}
	if c.Waiters() != 2 {
		t.Errorf("%d waiters, want 2", c.Waiters())
	}
	c.Advance(59 * time.Second)
	if fired(soon) {
		t.Error("fired a second early")
	}
	c.Advance(time.Second)
	if !fired(soon) || fired(later) || c.Waiters() != 1 {
		t.Error("Advance to the minute should fire exactly the minute timer")
	}
	c.Set(t0) // backwards: ignored
	if !c.Now().Equal(t0.Add(time.Minute)) {
		t.Errorf("Set moved the clock back to %s", c.Now())
	}
	c.Set(t0.Add(2 * time.Hour))
	select {
	case at := <-later:
		if !at.Equal(t0.Add(2 * time.Hour)) {
			t.Errorf("timer received %s, want the clock's new time", at)
		}
	default:
		t.Error("a jump past the timer did not fire it")
	}
}

func TestBlockUntilWaitsForSleepers(t *testing.T) {
	c := NewClock(time.Unix(0, 0))
	go func() { <-c.After(time.Second) }()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.BlockUntil(ctx, 1); err != nil {
		t.Fatal(err)
	}
	short, cancel2 := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel2()
	if err := c.BlockUntil(short, 2); err == nil {
		t.Error("BlockUntil(2) returned with one sleeper")
	}
}
