package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
)

// ErrLocked means another crawl holds the competitor's lock; the error is a
// *LockedError that names the holder.
var ErrLocked = errors.New("competitor locked by another crawl")

// ErrLockLost means a held crawl lock stopped being held: on SQLite its lease
// could not be renewed before it expired (or another process took it over
// after it expired), on PostgreSQL the session that held it ended.
var ErrLockLost = errors.New("crawl lock lost")

// Default timing of SQLite crawl leases; see WithLockLease.
const (
	DefaultLockLease   = 2 * time.Minute
	DefaultLockRefresh = 30 * time.Second
)

// releaseTimeout bounds Release, which runs even on a cancelled context: a
// crawl stopped by a signal must still free its lock, but not hang on a
// database that stopped answering.
const releaseTimeout = 5 * time.Second

// WithLockLease sets how long a SQLite crawl lock lasts without renewal
// (lease) and how often its holder renews it (refresh, below lease; zero
// means a quarter of lease). A holder that dies stops renewing, so its lock
// is free lease after its last renewal. On PostgreSQL refresh is how often
// the holder checks that its session, and so its lock, is still alive. The
// defaults are DefaultLockLease and DefaultLockRefresh; tests shorten them.
func WithLockLease(lease, refresh time.Duration) Option {
	return func(db *DB) {
		if lease <= 0 {
			return
		}
		if refresh <= 0 || refresh >= lease {
			refresh = lease / 4
		}
		db.lockLease, db.lockRefresh = lease, refresh
	}
}

// Holder describes the process holding a crawl lock, so a crawl that finds
// the competitor busy can say who is crawling it.
type Holder struct {
	Host string
	PID  int
	// Started is when the holder started its crawl (UTC once stored).
	Started time.Time
}

// String returns "host/pid".
func (h Holder) String() string { return h.Host + "/" + strconv.Itoa(h.PID) }

// LockedError is the error LockCompetitor returns when another crawl holds
// the competitor's lock. It matches ErrLocked with errors.Is.
type LockedError struct {
	Competitor string
	// Holder is the crawl holding the lock; zero if it could not be read
	// (on PostgreSQL, in the instant between another crawl taking the
	// lock and recording itself).
	Holder Holder
}

// Error says who holds the lock, in the holder's start time in local time,
// for a line such as "SKIPPED acme: a crawl started 2026-11-16 12:03 CET by
// web1/4242 is still running".
func (e *LockedError) Error() string {
	if e.Holder == (Holder{}) {
		return "another crawl is still running (its holder is not recorded)"
	}
	return fmt.Sprintf("a crawl started %s by %s is still running",
		e.Holder.Started.Local().Format("2006-01-02 15:04 MST"), e.Holder)
}

// Unwrap makes errors.Is(err, ErrLocked) true.
func (e *LockedError) Unwrap() error { return ErrLocked }

// CompetitorLock is a held crawl lock of one competitor. It is safe for
// concurrent use.
type CompetitorLock struct {
	db         *DB
	competitor string
	holder     Holder
	token      string // this holder's, so renewing and releasing touch nothing else

	// Postgres only: the session holding the advisory lock, its key and
	// its server process id.
	conn       *sql.Conn
	key        int64
	backendPID int

	stop context.CancelFunc // ends the keeper
	kept chan struct{}      // closed when the keeper has returned

	mu       sync.Mutex
	released bool
	lost     chan struct{}
	lostErr  error
}

// Competitor returns the competitor the lock is for.
func (l *CompetitorLock) Competitor() string { return l.competitor }

// Holder returns the holder recorded for the lock.
func (l *CompetitorLock) Holder() Holder { return l.holder }

// Lost returns a channel closed if the lock is lost while held (see
// ErrLockLost); the crawl should then stop, since another may start. It is
// not closed by Release.
func (l *CompetitorLock) Lost() <-chan struct{} { return l.lost }

// Err returns nil while the lock is held or after Release, and an error
// wrapping ErrLockLost once it was lost.
func (l *CompetitorLock) Err() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lostErr
}

// LockCompetitor takes the crawl lock of competitor for holder h, so that at
// most one crawl of a competitor runs at a time across processes and
// machines sharing the database. It does not wait: when another crawl holds
// the lock it returns a *LockedError (matching ErrLocked) naming that crawl.
// A zero h.Started is taken as now.
//
// On PostgreSQL the lock is a session advisory lock held on a connection of
// its own until Release; when the holder dies its session ends and the server
// frees the lock. On SQLite it is a lease row renewed in the background (see
// WithLockLease); a dead holder's lease expires and the next crawl takes it
// over. Either way a crawl_locks row names the holder.
//
// The caller must Release the lock; Close releases any still held. It
// returns an error for an empty competitor name and a database error.
func (db *DB) LockCompetitor(ctx context.Context, competitor string, h Holder) (*CompetitorLock, error) {
	competitor = clean(competitor)
	if competitor == "" {
		return nil, errors.New("lock competitor: empty competitor name")
	}
	if h.Started.IsZero() {
		h.Started = db.now()
	}
	h.Host, h.Started = clean(h.Host), dbTime(h.Started)
	l := &CompetitorLock{db: db, competitor: competitor, holder: h, token: rand.Text(),
		kept: make(chan struct{}), lost: make(chan struct{})}
	var err error
	if db.dialect == DialectPostgres {
		err = db.lockPostgres(ctx, l)
	} else {
		err = db.lockSQLite(ctx, l)
	}
	if err != nil {
		var le *LockedError
		if errors.As(err, &le) {
			return nil, le // the caller prints it as it is: "SKIPPED acme: <err>"
		}
		return nil, fmt.Errorf("lock %s: %w", competitor, err)
	}
	keepCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	l.stop = stop
	db.locksMu.Lock()
	if db.locks == nil {
		db.locks = map[*CompetitorLock]struct{}{}
	}
	db.locks[l] = struct{}{}
	db.locksMu.Unlock()
	go l.keep(keepCtx)
	return l, nil
}

// lockSQLite takes the lease row if it is absent or expired, in one
// conditional upsert, so two processes racing for it cannot both win.
func (db *DB) lockSQLite(ctx context.Context, l *CompetitorLock) error {
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		now := dbTime(db.now())
		q := tx.Rebind(`INSERT INTO crawl_locks (competitor, host, pid, started_at, expires_at, token)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (competitor) DO UPDATE SET host = excluded.host, pid = excluded.pid,
				started_at = excluded.started_at, expires_at = excluded.expires_at, token = excluded.token
			WHERE crawl_locks.expires_at IS NULL OR crawl_locks.expires_at <= ?`)
		res, err := tx.ExecContext(ctx, q, l.competitor, l.holder.Host, l.holder.PID, l.holder.Started,
			now.Add(db.lockLease), l.token, now)
		if err != nil {
			return convertErr(err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return convertErr(err)
		}
		if n > 0 {
			return nil
		}
		h, err := db.readHolder(ctx, tx, l.competitor)
		if err != nil {
			return err
		}
		return &LockedError{Competitor: l.competitor, Holder: h}
	})
}

// lockPostgres takes the advisory lock on a session of its own, then records
// the holder. The lock, not the row, is what excludes: the row only names
// whoever holds it.
func (db *DB) lockPostgres(ctx context.Context, l *CompetitorLock) (err error) {
	conn, err := db.lockDB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("connection: %w", convertErr(err))
	}
	defer func() {
		if err != nil {
			conn.Close() // ends the session, and with it any lock it took
		}
	}()
	// Advisory locks are per database, so the key includes the schema:
	// two shelfwatch schemas in one database (tests do this) must not
	// block each other.
	var schema sql.NullString
	if err := conn.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return fmt.Errorf("current schema: %w", convertErr(err))
	}
	l.key = lockKey(schema.String, l.competitor)
	var ok bool
	err = conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1), pg_backend_pid()`, l.key).Scan(&ok, &l.backendPID)
	if err != nil {
		return fmt.Errorf("advisory lock: %w", convertErr(err))
	}
	if !ok {
		h, err := db.readHolder(ctx, conn, l.competitor)
		if err != nil {
			return err
		}
		return &LockedError{Competitor: l.competitor, Holder: h}
	}
	_, err = conn.ExecContext(ctx, `INSERT INTO crawl_locks (competitor, host, pid, started_at, expires_at, token)
		VALUES ($1, $2, $3, $4, NULL, $5)
		ON CONFLICT (competitor) DO UPDATE SET host = excluded.host, pid = excluded.pid,
			started_at = excluded.started_at, expires_at = NULL, token = excluded.token`,
		l.competitor, l.holder.Host, l.holder.PID, l.holder.Started, l.token)
	if err != nil {
		return fmt.Errorf("record holder: %w", convertErr(err))
	}
	l.conn = conn
	return nil
}

// lockKey is the 64-bit advisory lock key of a competitor in a schema.
func lockKey(schema, competitor string) int64 {
	h := fnv.New64a()
	h.Write([]byte("shelfwatch.crawl\x00" + schema + "\x00" + competitor))
	return int64(h.Sum64())
}

// rowQueryer is what readHolder needs; a *sql.Conn and a transaction both
// provide it.
type rowQueryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// readHolder reads the holder recorded for competitor's lock; a missing row
// gives the zero Holder.
func (db *DB) readHolder(ctx context.Context, q rowQueryer, competitor string) (Holder, error) {
	var h Holder
	var started time.Time
	err := q.QueryRowContext(ctx, db.x.Rebind(`SELECT host, pid, started_at FROM crawl_locks WHERE competitor = ?`),
		competitor).Scan(&h.Host, &h.PID, &started)
	if errors.Is(err, sql.ErrNoRows) {
		return Holder{}, nil
	}
	if err != nil {
		return Holder{}, fmt.Errorf("read lock holder: %w", convertErr(err))
	}
	h.Started = started.UTC()
	return h, nil
}

// keep renews a SQLite lease, or checks a PostgreSQL session is alive, every
// refresh interval until Release, and marks the lock lost when it can no
// longer be sure it holds it.
func (l *CompetitorLock) keep(ctx context.Context) {
	defer close(l.kept)
	db := l.db
	t := time.NewTicker(db.lockRefresh)
	defer t.Stop()
	expires := dbTime(db.now()).Add(db.lockLease) // as written by lockSQLite, give or take
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if db.dialect == DialectPostgres {
			pctx, cancel := context.WithTimeout(ctx, db.lockLease)
			_, err := l.conn.ExecContext(pctx, `SELECT 1`)
			cancel()
			if err != nil && ctx.Err() == nil {
				l.markLost(fmt.Errorf("%w: the session holding the lock of %s failed: %w", ErrLockLost, l.competitor, err))
				return
			}
			continue
		}
		now := dbTime(db.now())
		n, err := l.renew(ctx, now.Add(db.lockLease))
		switch {
		case ctx.Err() != nil:
			return
		case err == nil && n == 0:
			l.markLost(fmt.Errorf("%w: the lease on %s expired and another crawl took it", ErrLockLost, l.competitor))
			return
		case err == nil:
			expires = now.Add(db.lockLease)
		case !now.Before(expires):
			l.markLost(fmt.Errorf("%w: the lease on %s expired before it could be renewed: %w", ErrLockLost, l.competitor, err))
			return
		default:
			// The lease has time left; the next tick tries again.
			db.log.WarnContext(ctx, "renewing crawl lock failed", "competitor", l.competitor, "err", err)
		}
	}
}

// renew extends the SQLite lease to until if it is still this holder's, and
// returns how many rows it changed.
func (l *CompetitorLock) renew(ctx context.Context, until time.Time) (int64, error) {
	q := l.db.x.Rebind(`UPDATE crawl_locks SET expires_at = ? WHERE competitor = ? AND token = ?`)
	res, err := l.db.x.ExecContext(ctx, q, until, l.competitor, l.token)
	if err != nil {
		return 0, convertErr(err)
	}
	n, err := res.RowsAffected()
	return n, convertErr(err)
}

func (l *CompetitorLock) markLost(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.released || l.lostErr != nil {
		return
	}
	l.lostErr = err
	close(l.lost)
	l.db.log.Error("crawl lock lost", "competitor", l.competitor, "err", err)
}

// Release frees the lock and removes its holder row. It runs even when ctx
// is already cancelled (a crawl stopped by a signal must still let go),
// bounded by a few seconds. Releasing twice, or a lock already lost, is not
// an error. On PostgreSQL the lock's session is closed as well, which frees
// the lock even if the unlock statement failed. It returns a database error.
func (l *CompetitorLock) Release(ctx context.Context) error {
	l.mu.Lock()
	if l.released {
		l.mu.Unlock()
		return nil
	}
	l.released = true
	l.mu.Unlock()
	l.stop()
	<-l.kept
	defer l.db.forget(l)

	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), releaseTimeout)
	defer cancel()
	if l.db.dialect != DialectPostgres {
		q := l.db.x.Rebind(`DELETE FROM crawl_locks WHERE competitor = ? AND token = ?`)
		if _, err := l.db.x.ExecContext(ctx, q, l.competitor, l.token); err != nil {
			return fmt.Errorf("release lock of %s: %w", l.competitor, convertErr(err))
		}
		return nil
	}
	if l.Err() != nil {
		// The session is gone, and the lock with it; only the
		// connection is left to close.
		l.conn.Close()
		return nil
	}
	// The row goes first: once unlocked, the next holder may write its own.
	_, err := l.conn.ExecContext(ctx, `DELETE FROM crawl_locks WHERE competitor = $1 AND token = $2`, l.competitor, l.token)
	if err == nil {
		_, err = l.conn.ExecContext(ctx, `SELECT pg_advisory_unlock($1)`, l.key)
	}
	err = errors.Join(convertErr(err), l.conn.Close())
	if err != nil {
		return fmt.Errorf("release lock of %s: %w", l.competitor, err)
	}
	return nil
}

// forget drops l from the locks Close releases.
func (db *DB) forget(l *CompetitorLock) {
	db.locksMu.Lock()
	delete(db.locks, l)
	db.locksMu.Unlock()
}

// releaseAll releases the locks still held, for Close.
func (db *DB) releaseAll() error {
	db.locksMu.Lock()
	held := make([]*CompetitorLock, 0, len(db.locks))
	for l := range db.locks {
		held = append(held, l)
	}
	db.locksMu.Unlock()
	var errs []error
	for _, l := range held {
		errs = append(errs, l.Release(context.Background()))
	}
	return errors.Join(errs...)
}
