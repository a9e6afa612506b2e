package store_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/store"
)

// Crawl locks: at most one crawl per competitor across processes and
// machines. Two handles opened on one database stand for two processes
// (each has its own connections and, on PostgreSQL, its own sessions);
// TestLockSurvivesOnlyItsProcess uses real processes.

// openHandles opens n handles on one fresh database of the dialect, closed
// when the test ends.
func openHandles(t *testing.T, dialect string, n int, opts ...store.Option) []*store.DB {
	t.Helper()
	dsn := MustTestDSN(t, dialect)
	dbs := make([]*store.DB, n)
	for i := range dbs {
		db, err := store.Open(ctx, dsn, opts...)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
	}
	return dbs
}

func holder(host string, pid int) store.Holder {
	return store.Holder{Host: host, PID: pid, Started: day}
}

// mustLock takes competitor's lock or fails the test.
func mustLock(t *testing.T, db *store.DB, competitor string, h store.Holder) *store.CompetitorLock {
	t.Helper()
	l, err := db.LockCompetitor(ctx, competitor, h)
	if err != nil {
		t.Fatalf("LockCompetitor(%s, %s) = %v", competitor, h, err)
	}
	return l
}

// wantLocked checks err is the LockedError naming want as the holder.
func wantLocked(t *testing.T, err error, competitor string, want store.Holder) {
	t.Helper()
	var le *store.LockedError
	if !errors.Is(err, store.ErrLocked) || !errors.As(err, &le) {
		t.Fatalf("err = %v, want a *LockedError matching ErrLocked", err)
	}
	want.Started = utc(want.Started)
	if le.Competitor != competitor || le.Holder != want {
		t.Errorf("LockedError = %+v, want competitor %q held by %+v", le, competitor, want)
	}
	wantMsg := fmt.Sprintf("a crawl started %s by %s/%d is still running",
		want.Started.Local().Format("2006-01-02 15:04 MST"), want.Host, want.PID)
	if err.Error() != wantMsg {
		t.Errorf("message %q, want %q", err.Error(), wantMsg)
	}
}

func TestLockCompetitor(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Run("the second process is refused and told who holds the lock", func(t *testing.T) {
				dbs := openHandles(t, dialect, 2)
				a := mustLock(t, dbs[0], "acme", holder("web1", 4242))
				defer a.Release(ctx)
				_, err := dbs[1].LockCompetitor(ctx, "acme", holder("web2", 77))
				wantLocked(t, err, "acme", holder("web1", 4242))
				// The same process asking again is refused too: a
				// lock is per crawl, not per process.
				_, err = dbs[0].LockCompetitor(ctx, "acme", holder("web1", 4242))
				wantLocked(t, err, "acme", holder("web1", 4242))
			})

			t.Run("release lets the other process take it", func(t *testing.T) {
				dbs := openHandles(t, dialect, 2)
				a := mustLock(t, dbs[0], "acme", holder("web1", 1))
				if err := a.Release(ctx); err != nil {
					t.Fatal(err)
				}
				b := mustLock(t, dbs[1], "acme", holder("web2", 2))
				_, err := dbs[0].LockCompetitor(ctx, "acme", holder("web1", 3))
				wantLocked(t, err, "acme", holder("web2", 2))
				if err := b.Release(ctx); err != nil {
					t.Fatal(err)
				}
				if err := b.Release(ctx); err != nil {
					t.Errorf("second Release = %v, want nil", err)
				}
				if n := countRows(t, dbs[0], "crawl_locks"); n != 0 {
					t.Errorf("%d holder rows left after release, want 0", n)
				}
				if err := a.Err(); err != nil {
					t.Errorf("Err() after release = %v, want nil", err)
				}
			})

			t.Run("a release on a cancelled context still frees the lock", func(t *testing.T) {
				dbs := openHandles(t, dialect, 2)
				a := mustLock(t, dbs[0], "acme", holder("web1", 1))
				cancelled, cancel := context.WithCancel(ctx)
				cancel()
				if err := a.Release(cancelled); err != nil {
					t.Fatal(err)
				}
				mustLock(t, dbs[1], "acme", holder("web2", 2)).Release(ctx)
			})

			t.Run("competitors are locked independently, with names as the store keeps them", func(t *testing.T) {
				dbs := openHandles(t, dialect, 2)
				names := []string{"acme", "Acme", "beta shop", "京东", "ozon.ru", "a/b", "x'; DROP TABLE runs; --", "caf\xe9"}
				var held []*store.CompetitorLock
				for i, n := range names {
					held = append(held, mustLock(t, dbs[i%2], n, holder("web1", i)))
				}
				for i, n := range names {
					_, err := dbs[(i+1)%2].LockCompetitor(ctx, n, holder("web2", 99))
					if !errors.Is(err, store.ErrLocked) {
						t.Errorf("%q: second lock = %v, want ErrLocked", n, err)
					}
				}
				for _, l := range held {
					if err := l.Release(ctx); err != nil {
						t.Error(err)
					}
				}
			})

			t.Run("of many crawls racing for one competitor exactly one wins", func(t *testing.T) {
				dbs := openHandles(t, dialect, 3)
				const racers = 12
				var wg sync.WaitGroup
				results := make(chan error, racers)
				locks := make(chan *store.CompetitorLock, racers)
				for i := range racers {
					wg.Go(func() {
						l, err := dbs[i%len(dbs)].LockCompetitor(ctx, "acme", holder("web"+strconv.Itoa(i), i))
						if l != nil {
							locks <- l
						}
						results <- err
					})
				}
				wg.Wait()
				close(results)
				close(locks)
				won, refused := 0, 0
				for err := range results {
					switch {
					case err == nil:
						won++
					case errors.Is(err, store.ErrLocked):
						refused++
					default:
						t.Errorf("unexpected error: %v", err)
					}
				}
				if won != 1 || refused != racers-1 {
					t.Errorf("%d won, %d refused; want 1 and %d", won, refused, racers-1)
				}
				for l := range locks {
					l.Release(ctx)
				}
			})

			t.Run("closing the holder's database frees the lock", func(t *testing.T) {
				dsn := MustTestDSN(t, dialect)
				a, err := store.Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				b := openOn(t, dsn)
				mustLock(t, a, "acme", holder("web1", 1))
				mustLock(t, a, "beta", holder("web1", 1))
				if _, err := b.LockCompetitor(ctx, "acme", holder("web2", 2)); !errors.Is(err, store.ErrLocked) {
					t.Fatalf("lock while held = %v, want ErrLocked", err)
				}
				if err := a.Close(); err != nil {
					t.Fatal(err)
				}
				mustLock(t, b, "acme", holder("web2", 2)).Release(ctx)
				mustLock(t, b, "beta", holder("web2", 2)).Release(ctx)
			})

			t.Run("a missing competitor name is an error, not a lock", func(t *testing.T) {
				db := MustOpenTestDB(t, dialect)
				if l, err := db.LockCompetitor(ctx, "", holder("web1", 1)); err == nil || errors.Is(err, store.ErrLocked) {
					t.Errorf("LockCompetitor(\"\") = %v, %v; want a plain error", l, err)
				}
			})

			t.Run("a zero start time is taken as now", func(t *testing.T) {
				now := time.Date(2026, 3, 1, 12, 3, 0, 0, time.UTC)
				dbs := openHandles(t, dialect, 2, store.WithClock(func() time.Time { return now }))
				a := mustLock(t, dbs[0], "acme", store.Holder{Host: "web1", PID: 5})
				defer a.Release(ctx)
				_, err := dbs[1].LockCompetitor(ctx, "acme", holder("web2", 6))
				wantLocked(t, err, "acme", store.Holder{Host: "web1", PID: 5, Started: now})
			})
		})
	}
}

func openOn(t *testing.T, dsn string, opts ...store.Option) *store.DB {
	t.Helper()
	db, err := store.Open(ctx, dsn, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// waitClosed reports whether ch closes within d.
func waitClosed(ch <-chan struct{}, d time.Duration) bool {
	select {
	case <-ch:
		return true
	case <-time.After(d):
		return false
	}
}

func TestSQLiteLease(t *testing.T) {
	const lease, refresh = 400 * time.Millisecond, 50 * time.Millisecond

	t.Run("a live holder renews its lease and keeps the lock past it", func(t *testing.T) {
		dbs := openHandles(t, store.DialectSQLite, 2, store.WithLockLease(lease, refresh))
		a := mustLock(t, dbs[0], "acme", holder("web1", 1))
		defer a.Release(ctx)
		time.Sleep(3 * lease)
		_, err := dbs[1].LockCompetitor(ctx, "acme", holder("web2", 2))
		wantLocked(t, err, "acme", holder("web1", 1))
		if err := a.Err(); err != nil {
			t.Errorf("holder's Err() = %v, want nil", err)
		}
	})

	t.Run("an expired lease is taken over and its old holder learns it lost the lock", func(t *testing.T) {
		dsn := MustTestDSN(t, store.DialectSQLite)
		now := time.Now()
		a := openOn(t, dsn, store.WithLockLease(lease, refresh))
		// b's clock is past a's lease: a stopped renewing (frozen, or on
		// the far side of a clock jump), so its lease is over.
		b := openOn(t, dsn, store.WithClock(func() time.Time { return now.Add(time.Hour) }))
		la := mustLock(t, a, "acme", holder("web1", 1))
		lb := mustLock(t, b, "acme", holder("web2", 2))
		defer lb.Release(ctx)
		if !waitClosed(la.Lost(), 2*time.Second) {
			t.Fatal("old holder's Lost() not closed after its lease was taken over")
		}
		if err := la.Err(); !errors.Is(err, store.ErrLockLost) {
			t.Errorf("old holder's Err() = %v, want ErrLockLost", err)
		}
		// The old holder letting go must not free the new holder's lock.
		if err := la.Release(ctx); err != nil {
			t.Fatal(err)
		}
		_, err := a.LockCompetitor(ctx, "acme", holder("web1", 3))
		wantLocked(t, err, "acme", holder("web2", 2))
	})

	t.Run("lease rows left by dead holders", func(t *testing.T) {
		tests := []struct {
			name      string
			expiresIn time.Duration
			locked    bool
		}{
			{"expired a while ago: taken over", -time.Hour, false},
			{"expiring right now: taken over", 0, false},
			{"expiring in a minute: still held", time.Minute, true},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				now := time.Date(2026, 11, 16, 4, 3, 0, 0, time.UTC)
				dsn := MustTestDSN(t, store.DialectSQLite)
				x := store.Raw(openOn(t, dsn))
				_, err := x.ExecContext(ctx, `INSERT INTO crawl_locks (competitor, host, pid, started_at, expires_at, token)
					VALUES (?, ?, ?, ?, ?, ?)`, "acme", "dead-host", 31337, now.Add(-2*time.Hour), now.Add(tt.expiresIn), "tok")
				if err != nil {
					t.Fatal(err)
				}
				atNow := openOn(t, dsn, store.WithClock(func() time.Time { return now }))
				l, err := atNow.LockCompetitor(ctx, "acme", holder("web1", 1))
				if tt.locked {
					wantLocked(t, err, "acme", store.Holder{Host: "dead-host", PID: 31337, Started: now.Add(-2 * time.Hour)})
					return
				}
				if err != nil {
					t.Fatalf("LockCompetitor = %v, want the dead holder's lease taken over", err)
				}
				l.Release(ctx)
			})
		}
	})
}

func TestPostgresLockSession(t *testing.T) {
	t.Run("a holder whose session ends loses the lock to the next crawl", func(t *testing.T) {
		dbs := openHandles(t, store.DialectPostgres, 2, store.WithLockLease(time.Second, 50*time.Millisecond))
		a := mustLock(t, dbs[0], "acme", holder("web1", 1))
		defer a.Release(ctx)
		// What a crash or a network cut does to the holder's session.
		var ok bool
		if err := store.Raw(dbs[1]).GetContext(ctx, &ok, `SELECT pg_terminate_backend($1)`, store.LockBackendPID(a)); err != nil || !ok {
			t.Fatalf("pg_terminate_backend = %v, %v", ok, err)
		}
		var b *store.CompetitorLock
		deadline := time.Now().Add(5 * time.Second)
		for b == nil {
			l, err := dbs[1].LockCompetitor(ctx, "acme", holder("web2", 2))
			switch {
			case err == nil:
				b = l
			case !errors.Is(err, store.ErrLocked):
				t.Fatal(err)
			case time.Now().After(deadline):
				t.Fatalf("lock still held 5 s after its session ended: %v", err)
			default:
				time.Sleep(20 * time.Millisecond)
			}
		}
		defer b.Release(ctx)
		if !waitClosed(a.Lost(), 2*time.Second) {
			t.Fatal("holder whose session ended was not told it lost the lock")
		}
		if err := a.Err(); !errors.Is(err, store.ErrLockLost) {
			t.Errorf("Err() = %v, want ErrLockLost", err)
		}
		// The new holder's row names it, and the old holder's release
		// does not remove it.
		if err := a.Release(ctx); err != nil {
			t.Errorf("Release of a lost lock = %v, want nil", err)
		}
		_, err := dbs[0].LockCompetitor(ctx, "acme", holder("web1", 3))
		wantLocked(t, err, "acme", holder("web2", 2))
	})

	t.Run("each lock holds a session of its own, beyond the main pool's size", func(t *testing.T) {
		dbs := openHandles(t, store.DialectPostgres, 1)
		var held []*store.CompetitorLock
		for i := range 25 { // the main pool has 10 connections
			held = append(held, mustLock(t, dbs[0], fmt.Sprintf("shop-%02d", i), holder("web1", 1)))
		}
		// The store still answers while every lock is held.
		if _, err := dbs[0].StartRun(ctx, "shop-00", day); err != nil {
			t.Fatal(err)
		}
		for _, l := range held {
			if err := l.Release(ctx); err != nil {
				t.Error(err)
			}
		}
	})
}

// Real processes: a child takes the lock and starts a run, then is killed
// with SIGKILL, as cron's timeout or the OOM killer would. While it lives
// the parent is refused and told its pid; once it is dead the lock frees
// (PostgreSQL at once, SQLite when the lease runs out) and its run is found
// abandoned.

const (
	helperDSN   = "SHELFWATCH_LOCK_HELPER_DSN"
	helperLease = "SHELFWATCH_LOCK_HELPER_LEASE"
)

func TestMain(m *testing.M) {
	if dsn := os.Getenv(helperDSN); dsn != "" {
		os.Exit(lockHelper(dsn))
	}
	os.Exit(m.Run())
}

// lockHelper is the child process: lock "acme", start a run, say so, and
// wait to be killed.
func lockHelper(dsn string) int {
	lease, _ := time.ParseDuration(os.Getenv(helperLease))
	db, err := store.Open(ctx, dsn, store.WithLockLease(lease, 0))
	if err != nil {
		fmt.Println("error:", err)
		return 1
	}
	if _, err := db.LockCompetitor(ctx, "acme", store.Holder{Host: "helper-host", PID: os.Getpid(), Started: day}); err != nil {
		fmt.Println("error:", err)
		return 1
	}
	if _, err := db.StartRun(ctx, "acme", day); err != nil {
		fmt.Println("error:", err)
		return 1
	}
	fmt.Println("locked")
	select {}
}

func TestLockSurvivesOnlyItsProcess(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			dsn := MustTestDSN(t, dialect)
			lease := 2 * time.Second
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), helperDSN+"="+dsn, helperLease+"="+lease.String())
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			killed := false
			defer func() {
				if !killed {
					cmd.Process.Kill()
					cmd.Wait()
				}
			}()
			line := make(chan string, 1)
			go func() {
				s, _ := bufio.NewReader(out).ReadString('\n')
				line <- strings.TrimSpace(s)
			}()
			select {
			case s := <-line:
				if s != "locked" {
					t.Fatalf("helper said %q", s)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("helper did not lock within 20 s")
			}

			db := openOn(t, dsn)
			_, err = db.LockCompetitor(ctx, "acme", holder("parent", os.Getpid()))
			wantLocked(t, err, "acme", store.Holder{Host: "helper-host", PID: cmd.Process.Pid, Started: day})

			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
			killed = true
			dead := time.Now()

			var l *store.CompetitorLock
			for l == nil {
				l, err = db.LockCompetitor(ctx, "acme", holder("parent", os.Getpid()))
				switch {
				case err == nil:
				case !errors.Is(err, store.ErrLocked):
					t.Fatal(err)
				case time.Since(dead) > lease+5*time.Second:
					t.Fatalf("lock still held %s after its holder died: %v", time.Since(dead), err)
				default:
					time.Sleep(50 * time.Millisecond)
				}
			}
			defer l.Release(ctx)
			// SQLite cannot know the holder died: the lease, renewed
			// every lease/4, must run out first.
			if took := time.Since(dead); dialect == store.DialectSQLite && took < lease/2 {
				t.Errorf("SQLite lock taken %s after the holder died, before its lease could have run out", took)
			}
			n, err := db.AbandonRuns(ctx, "acme")
			if err != nil || n != 1 {
				t.Fatalf("AbandonRuns = %d, %v; want the dead crawl's run", n, err)
			}
			runs, err := db.Runs(ctx, "acme", time.Time{})
			if err != nil || len(runs) != 1 || runs[0].Status != store.RunAbandoned {
				t.Errorf("runs after AbandonRuns = %+v, %v", runs, err)
			}
		})
	}
}
