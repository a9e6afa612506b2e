// Package store keeps shelfwatch's crawl history and our catalog in a SQL
// database: runs, the listings each competitor shows, one observation per
// listing per run, our catalog, and catalog-to-listing matches.
//
// Two databases are supported behind one API. Embedded SQLite
// (modernc.org/sqlite, pure Go) is the default for a single machine;
// PostgreSQL (lib/pq) is for production. Open picks one from the DSN and
// applies the embedded, numbered migrations of that dialect.
//
// All SQL is written with ? placeholders and rebound for the dialect; every
// value is a parameter. Driver errors are converted at this edge: callers test
// for ErrNotFound, ErrConstraint and ErrBusy with errors.Is and never need to
// import a driver.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// The dialects Open understands, as returned by DB.Dialect.
const (
	DialectSQLite   = "sqlite"
	DialectPostgres = "postgres"
)

// Sentinel errors. Errors returned by this package wrap one of these where
// one applies; test with errors.Is.
var (
	// ErrNotFound means the row asked for does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConstraint means a write broke a rule of the schema (a unique key,
	// a foreign key, a CHECK such as a known availability or run status).
	ErrConstraint = errors.New("constraint violated")
	// ErrBusy means the database stayed locked (SQLite) or kept aborting
	// the transaction (PostgreSQL serialization failure or deadlock) after
	// the bounded retries.
	ErrBusy = errors.New("database busy")
	// ErrBadDSN means Open could not make sense of the DSN.
	ErrBadDSN = errors.New("bad dsn")
)

// DB is a shelfwatch database. It is safe for concurrent use.
type DB struct {
	x       *sqlx.DB
	dialect string
	dsn     string // redacted, for messages only
	log     *slog.Logger
	now     func() time.Time

	// batchSize is how many offers SaveOffers writes per transaction.
	batchSize int
	// attempts bounds how often a batch is tried when it fails with a
	// transient error; retryWait is the first back-off, doubled each time.
	attempts  int
	retryWait time.Duration
	// batchHook, when set (by tests only), runs inside each SaveOffers
	// transaction after the batch's rows are written and before commit; an
	// error from it fails the attempt as a driver error would.
	batchHook func(batch, attempt int) error
	// schemaVersion, when above zero (set by tests only), stops migrate
	// after that version, to build a database as an older release left it.
	schemaVersion int
	// amounts is how the money columns hold amounts at that schema.
	amounts amountForm

	// lockLease and lockRefresh time crawl locks (see WithLockLease).
	lockLease, lockRefresh time.Duration
	// lockDB (PostgreSQL only) is a pool of its own for the sessions that
	// hold crawl locks: each lock keeps a connection for the whole crawl,
	// and must neither starve the main pool nor be starved by it.
	lockDB *sql.DB
	// locks are the crawl locks held through this DB, released by Close.
	locksMu sync.Mutex
	locks   map[*CompetitorLock]struct{}

	// partitions are the observation months (monthKey) known to have a
	// partition on PostgreSQL, so saving a batch costs no DDL round trip.
	partMu     sync.Mutex
	partitions map[string]bool

	// caches hold, per competitor being crawled, what SaveOffers needs to
	// write an unchanged listing's observation alone (listingcache.go).
	caches listingCaches
}

// Option configures Open.
type Option func(*DB)

// WithLogger makes the store log to l (retries, migrations applied). The
// default discards logs.
func WithLogger(l *slog.Logger) Option {
	return func(db *DB) {
		if l != nil {
			db.log = l
		}
	}
}

// WithClock sets the clock used for timestamps the store makes itself (the
// updated_at of matches saved without one). The default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(db *DB) {
		if now != nil {
			db.now = now
		}
	}
}

var bindOnce sync.Once

// sqliteBusyTimeout is how long a SQLite connection waits for another
// process's write lock before giving up with SQLITE_BUSY.
const sqliteBusyTimeout = 5 * time.Second

// Open opens the database named by dsn, applies any pending migrations and
// returns it ready for use. The DSN forms are:
//
//	sqlite:PATH               a SQLite file, created if missing
//	sqlite::memory:           a private in-memory SQLite database
//	file:PATH?QUERY           a SQLite file in modernc.org/sqlite's own form
//	postgres://... or postgresql://...   PostgreSQL via lib/pq
//
// The sqlite: and file: forms may carry a ?query of modernc.org/sqlite
// parameters; the store adds WAL journaling, a busy timeout, foreign keys,
// IMMEDIATE transactions and UTC time formatting unless the query already
// sets them. A SQLite database uses a single connection: SQLite allows one
// writer at a time, and queuing writers in the pool is faster and simpler
// than letting them collide and retry on SQLITE_BUSY.
//
// Open returns an error wrapping ErrBadDSN for a DSN it cannot use, or the
// connection or migration error; the DSN in any message has its password
// replaced (see Redact).
func Open(ctx context.Context, dsn string, opts ...Option) (*DB, error) {
	bindOnce.Do(func() { sqlx.BindDriver("sqlite", sqlx.QUESTION) })

	db := &DB{
		dsn:       Redact(dsn),
		log:       slog.New(slog.DiscardHandler),
		now:       time.Now,
		batchSize: 5000,
		attempts:  5,
		retryWait: 20 * time.Millisecond,

		lockLease:   DefaultLockLease,
		lockRefresh: DefaultLockRefresh,
		partitions:  map[string]bool{},
	}
	for _, o := range opts {
		o(db)
	}

	driverName, driverDSN, err := parseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", db.dsn, err)
	}
	var sqlDB *sql.DB
	if driverName == "sqlite" {
		registerSQLiteFunctions()
	}
	if driverName == "postgres" {
		var c *pq.Connector
		c, err = pq.NewConnector(driverDSN)
		if err == nil {
			sqlDB = sql.OpenDB(abandonableConnector{c})
			db.lockDB = sql.OpenDB(abandonableConnector{c})
			// No idle connections: a released lock's session is closed,
			// so nothing it took can outlive it.
			db.lockDB.SetMaxIdleConns(-1)
		}
	} else {
		sqlDB, err = sql.Open(driverName, driverDSN)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", db.dsn, redactErr(err, dsn))
	}
	switch driverName {
	case "sqlite":
		db.dialect = DialectSQLite
		sqlDB.SetMaxOpenConns(1)
		// Keep the one connection: an in-memory database lives only as
		// long as its connection.
		sqlDB.SetMaxIdleConns(1)
		sqlDB.SetConnMaxLifetime(0)
		sqlDB.SetConnMaxIdleTime(0)
	default:
		db.dialect = DialectPostgres
		sqlDB.SetMaxOpenConns(10)
		sqlDB.SetMaxIdleConns(5)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
	db.x = sqlx.NewDb(sqlDB, driverName)
	db.amounts = amountFormOf(db.dialect, db.schemaVersion)

	if err := ping(ctx, sqlDB); err != nil {
		db.closeHandles()
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			// "read tcp …: i/o timeout" does not tell a user that the server
			// accepted the connection and then never answered.
			return nil, fmt.Errorf("open %s: the database accepted the connection but did not answer within its connect_timeout: %w", db.dsn, redactErr(err, dsn))
		}
		return nil, fmt.Errorf("open %s: %w", db.dsn, redactErr(err, dsn))
	}
	if err := db.migrate(ctx); err != nil {
		db.closeHandles()
		return nil, fmt.Errorf("open %s: %w", db.dsn, redactErr(err, dsn))
	}
	this := runMonth(db.now())
	if err := db.ensurePartitions(ctx, this, this.AddDate(0, PartitionsAhead, 0)); err != nil {
		db.closeHandles()
		return nil, fmt.Errorf("open %s: %w", db.dsn, redactErr(err, dsn))
	}
	return db, nil
}

// ping opens the first connection. Switching a new SQLite file to WAL takes
// a lock that SQLite does not wait for with busy_timeout, so two processes
// (or tests) opening a fresh file at once can get SQLITE_BUSY straight away;
// that is retried until sqliteBusyTimeout has passed.
func ping(ctx context.Context, sqlDB *sql.DB) error {
	deadline := time.Now().Add(sqliteBusyTimeout)
	wait := 5 * time.Millisecond
	for {
		err := convertErr(sqlDB.PingContext(ctx))
		if err == nil || !errors.Is(err, ErrBusy) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
		wait = min(2*wait, 200*time.Millisecond)
	}
}

// Close releases the crawl locks still held through db and closes the
// database. It returns the driver's error, if any.
func (db *DB) Close() error {
	err := db.releaseAll()
	if cerr := db.closeHandles(); cerr != nil {
		err = errors.Join(err, cerr)
	}
	if err != nil {
		return fmt.Errorf("close %s: %w", db.dsn, err)
	}
	return nil
}

// closeHandles closes the connection pools.
func (db *DB) closeHandles() error {
	err := db.x.Close()
	if db.lockDB != nil {
		err = errors.Join(err, db.lockDB.Close())
	}
	return err
}

// Dialect returns "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.dialect }

// parseDSN turns a store DSN into a database/sql driver name and the
// driver's own DSN.
func parseDSN(dsn string) (driverName, driverDSN string, err error) {
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		if _, err := url.Parse(dsn); err != nil {
			// url.Error repeats the raw URL, password and all.
			return "", "", fmt.Errorf("%w: not a valid URL", ErrBadDSN)
		}
		return "postgres", postgresDSN(dsn), nil
	case strings.HasPrefix(dsn, "sqlite:"):
		rest := strings.TrimPrefix(dsn, "sqlite:")
		path, query, _ := strings.Cut(rest, "?")
		if path == "" {
			return "", "", fmt.Errorf("%w: sqlite: needs a path or :memory:", ErrBadDSN)
		}
		if path == ":memory:" {
			return sqliteDSN("file::memory:", query)
		}
		return sqliteDSN("file:"+path, query)
	case strings.HasPrefix(dsn, "file:"):
		path, query, _ := strings.Cut(dsn, "?")
		if path == "file:" {
			return "", "", fmt.Errorf("%w: file: needs a path", ErrBadDSN)
		}
		return sqliteDSN(path, query)
	case dsn == "":
		return "", "", fmt.Errorf("%w: empty (want sqlite:PATH, file:PATH or postgres://...)", ErrBadDSN)
	}
	return "", "", fmt.Errorf("%w: unknown scheme (want sqlite:PATH, file:PATH or postgres://...)", ErrBadDSN)
}

// Postgres time limits applied unless the DSN sets its own: a database that
// accepts connections but never answers must fail a command within seconds,
// not hang it (cron jobs pile up), and no statement may run for ever.
const (
	PostgresConnectTimeout   = "10"    // seconds, lib/pq's connect_timeout: the whole handshake
	PostgresStatementTimeout = "60000" // milliseconds, the server's statement_timeout
)

// postgresDSN adds connect_timeout and statement_timeout (sent by lib/pq as
// a run-time parameter) to a postgres:// URL that does not set them.
func postgresDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn
	}
	q := u.Query()
	changed := false
	for k, v := range map[string]string{"connect_timeout": PostgresConnectTimeout, "statement_timeout": PostgresStatementTimeout} {
		if !q.Has(k) {
			q.Set(k, v)
			changed = true
		}
	}
	if changed {
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// abandonableConnector makes a new Postgres connection give up as soon as
// the caller's context ends. lib/pq's handshake reads from the socket with
// only connect_timeout as its limit, so a server that accepts and never
// answers held Ctrl-C off for the whole timeout. The abandoned attempt
// finishes in the background and closes what it opened.
type abandonableConnector struct{ c *pq.Connector }

func (a abandonableConnector) Connect(ctx context.Context) (driver.Conn, error) {
	type result struct {
		conn driver.Conn
		err  error
	}
	ch := make(chan result, 1)
	go func() {
		conn, err := a.c.Connect(ctx)
		ch <- result{conn, err}
	}()
	select {
	case r := <-ch:
		return r.conn, r.err
	case <-ctx.Done():
		go func() {
			if r := <-ch; r.err == nil {
				r.conn.Close()
			}
		}()
		return nil, ctx.Err()
	}
}

func (a abandonableConnector) Driver() driver.Driver { return a.c.Driver() }

// sqliteDSN adds the store's connection settings to a modernc.org/sqlite DSN
// unless the caller's query already chose them.
func sqliteDSN(path, query string) (string, string, error) {
	q, err := url.ParseQuery(query)
	if err != nil {
		return "", "", fmt.Errorf("%w: sqlite query: %v", ErrBadDSN, err)
	}
	has := func(pragma string) bool {
		for _, p := range q["_pragma"] {
			if strings.HasPrefix(strings.ToLower(strings.TrimSpace(p)), pragma) {
				return true
			}
		}
		return false
	}
	if !has("busy_timeout") && q.Get("_busy_timeout") == "" && q.Get("_timeout") == "" {
		q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", sqliteBusyTimeout.Milliseconds()))
	}
	if !has("journal_mode") && q.Get("_journal_mode") == "" && q.Get("_journal") == "" && path != "file::memory:" {
		q.Add("_pragma", "journal_mode(WAL)")
	}
	if !has("foreign_keys") && q.Get("_foreign_keys") == "" && q.Get("_fk") == "" {
		q.Add("_pragma", "foreign_keys(1)")
	}
	// WAL makes NORMAL durable across application crashes; only an OS
	// crash can lose the last transactions, which a re-crawl restores.
	if !has("synchronous") && q.Get("_synchronous") == "" && q.Get("_sync") == "" {
		q.Add("_pragma", "synchronous(NORMAL)")
	}
	// BEGIN IMMEDIATE takes the write lock up front, so two processes
	// writing the same file wait on busy_timeout instead of deadlocking on
	// a read-to-write lock upgrade.
	if q.Get("_txlock") == "" {
		q.Set("_txlock", "immediate")
	}
	// A fixed, sortable text form keeps ORDER BY and >= on times correct.
	if q.Get("_time_format") == "" {
		q.Set("_time_format", "sqlite")
	}
	return "sqlite", path + "?" + q.Encode(), nil
}

var (
	// The password runs to the last @ before the path, as net/url reads it,
	// so an unescaped @ in it does not leave its tail showing.
	urlPassword = regexp.MustCompile(`(://[^/?#@:]*:)[^/?#]*@`)
	// bareUserinfo is user:password@ at the start of a DSN with no scheme
	// (the go-sql-driver/mysql form, or a DSN typed without its scheme).
	bareUserinfo = regexp.MustCompile(`^([^:/@\s]+:)[^@\s/]*@`)
	kvPassword   = regexp.MustCompile(`(?i)\b(password|pass|pwd|passwd|sslpassword)(\s*=\s*)('(?:[^'\\]|\\.)*'?|[^\s&;]*)`)
)

// redacted replaces a secret wherever Redact finds one.
const redacted = "xxxxx"

// Redact returns dsn with any password replaced by "xxxxx", for logs and
// error messages. It handles URL userinfo (postgres://user:secret@host),
// password query parameters and key=value DSNs (host=db password=secret),
// and leaves everything else as it was.
func Redact(dsn string) string {
	s := urlPassword.ReplaceAllString(dsn, "${1}"+redacted+"@")
	s = bareUserinfo.ReplaceAllString(s, "${1}"+redacted+"@")
	return kvPassword.ReplaceAllString(s, "${1}${2}"+redacted)
}

// redactErr returns err with every secret of dsn blanked out of its message;
// errors.Is and errors.As still see the original.
func redactErr(err error, dsn string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	clean := msg
	for _, secret := range secrets(dsn) {
		clean = strings.ReplaceAll(clean, secret, redacted)
	}
	if clean == msg {
		return err
	}
	return &redactedError{msg: clean, err: err}
}

// secrets lists the password strings in dsn, raw and URL-escaped, as they
// might be repeated in a driver's error.
func secrets(dsn string) []string {
	var out []string
	add := func(s string) {
		if len(s) >= 3 { // shorter strings would blank out unrelated text
			out = append(out, s)
		}
	}
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		if p, ok := u.User.Password(); ok {
			add(p)
			add(url.QueryEscape(p))
		}
	}
	for _, m := range urlPassword.FindAllStringSubmatch(dsn, -1) {
		whole := m[0]
		add(whole[len(m[1]) : len(whole)-1])
	}
	if m := bareUserinfo.FindStringSubmatch(dsn); m != nil {
		add(m[0][len(m[1]) : len(m[0])-1])
	}
	for _, m := range kvPassword.FindAllStringSubmatch(dsn, -1) {
		add(strings.Trim(m[3], "'"))
	}
	return out
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// convertErr turns driver errors into the package's sentinels, keeping the
// driver's message for people. It returns nil for nil.
func convertErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return ErrNotFound
	case isConstraint(err):
		return &driverError{kind: ErrConstraint, err: err}
	case isTransient(err):
		return &driverError{kind: ErrBusy, err: err}
	}
	return err
}

// driverError is a driver error classified as one of the sentinels.
type driverError struct {
	kind error
	err  error
}

func (e *driverError) Error() string        { return e.kind.Error() + ": " + e.err.Error() }
func (e *driverError) Unwrap() []error      { return []error{e.kind, e.err} }
func (e *driverError) Is(target error) bool { return target == e.kind }

func isConstraint(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()&0xff == sqlite3.SQLITE_CONSTRAINT
	}
	var pe *pq.Error
	if errors.As(err, &pe) {
		return pe.Code.Class() == "23" // integrity_constraint_violation
	}
	return false
}

// isTransient reports whether err is worth retrying: the other writer may be
// gone next time.
func isTransient(err error) bool {
	var de *driverError
	if errors.As(err, &de) && de.kind == ErrBusy {
		return true
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return true
		}
		return false
	}
	var pe *pq.Error
	if errors.As(err, &pe) {
		switch pe.Code {
		case "40001", // serialization_failure
			"40P01", // deadlock_detected
			"55P03": // lock_not_available
			return true
		}
	}
	return false
}

// inTx runs fn inside a transaction, committing when fn returns nil and
// rolling back otherwise.
func (db *DB) inTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	tx, err := db.x.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", convertErr(err))
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback() // the error from fn is the one that matters
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", convertErr(err))
	}
	return nil
}

// dbTime is how times go into the database: UTC, to the microsecond that
// PostgreSQL keeps, so both dialects give back the same value.
func dbTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// nullTime maps the zero time to NULL.
func nullTime(t time.Time) sql.NullTime {
	if t.IsZero() {
		return sql.NullTime{}
	}
	return sql.NullTime{Time: dbTime(t), Valid: true}
}

// fromNullTime maps NULL back to the zero time and anything else to UTC.
func fromNullTime(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}
