package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/jmoiron/sqlx"
)

// The migrations are plain SQL files, one folder per dialect, named
// NNNN_what.sql. A hand-written runner of a few dozen lines is enough for
// numbered, embedded, transactional migrations; a migration library would add
// its own driver layer and dependencies for no gain here.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFS embed.FS

// migration is one numbered SQL file.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the dialect's migrations in version order. It returns an
// error for a badly named file or a repeated version.
func migrations(fsys fs.FS, dialect string) ([]migration, error) {
	dir := path.Join("migrations", dialect)
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var ms []migration
	seen := map[int]string{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s/%s: name must be NNNN_what.sql", dir, name)
		}
		if other, dup := seen[v]; dup {
			return nil, fmt.Errorf("migration %s/%s: version %d already used by %s", dir, name, v, other)
		}
		seen[v] = name
		b, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("migration %s/%s: %w", dir, name, err)
		}
		ms = append(ms, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// migrate applies the pending migrations, each in its own transaction with
// its schema_migrations row, so a failed migration leaves the database at the
// previous version. Concurrent Opens of one database are serialised: SQLite
// by the IMMEDIATE write lock, PostgreSQL by an advisory lock per schema.
// It returns an error if the database has a version this build does not
// know, since this build would misread its tables.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrations(migrationFS, db.dialect)
	if err != nil {
		return err
	}
	if db.schemaVersion > 0 {
		ms = slices.DeleteFunc(ms, func(m migration) bool { return m.version > db.schemaVersion })
	}
	create := `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TIMESTAMP NOT NULL)`
	if db.dialect == DialectSQLite {
		create = strings.Replace(create, "TIMESTAMP", "DATETIME", 1)
	} else {
		create = strings.Replace(create, "TIMESTAMP", "TIMESTAMPTZ", 1)
	}
	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := db.migrationLock(ctx, tx); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, create)
		return err
	})
	if err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}

	var newest int
	if err := db.x.GetContext(ctx, &newest, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`); err != nil {
		return fmt.Errorf("read schema version: %w", convertErr(err))
	}
	if n := len(ms); n > 0 && newest > ms[n-1].version {
		return fmt.Errorf("database schema version %d is newer than this build's %d: upgrade shelfwatch", newest, ms[n-1].version)
	}

	for _, m := range ms {
		if m.version <= newest {
			continue
		}
		applied, err := db.apply(ctx, m)
		if err != nil {
			return fmt.Errorf("migration %s/%s: %w", db.dialect, m.name, err)
		}
		if applied {
			db.log.InfoContext(ctx, "applied migration", "dsn", db.dsn, "version", m.version, "name", m.name)
		}
	}
	return nil
}

// apply runs migration m and records it in one transaction, unless another
// process applied it while this one waited for the lock. It reports whether
// it applied m.
func (db *DB) apply(ctx context.Context, m migration) (bool, error) {
	applied := false
	step := func(tx *sqlx.Tx) error {
		if err := db.migrationLock(ctx, tx); err != nil {
			return err
		}
		// Another process may have applied it while we waited.
		var n int
		q := tx.Rebind(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`)
		if err := tx.GetContext(ctx, &n, q, m.version); err != nil {
			return convertErr(err)
		}
		if n > 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return convertErr(err)
		}
		if step := goSteps[m.version]; step != nil {
			if err := step(ctx, tx); err != nil {
				return err
			}
		}
		q = tx.Rebind(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`)
		if _, err := tx.ExecContext(ctx, q, m.version, m.name, dbTime(db.now())); err != nil {
			return convertErr(err)
		}
		applied = true
		return nil
	}
	var err error
	if db.dialect == DialectSQLite {
		err = db.inTxForeignKeysOff(ctx, step)
	} else {
		err = db.inTx(ctx, step)
	}
	return applied, err
}

// inTxForeignKeysOff runs fn in a SQLite transaction with foreign key
// enforcement off, as SQLite's documented way of changing a table requires:
// a table is rebuilt by copying it and dropping the original, and with
// enforcement on, dropping a table that other tables reference deletes its
// rows first, which those references forbid. Enforcement can only be switched
// outside a transaction, so this holds one connection for the whole step;
// before committing it runs foreign_key_check, so a migration cannot leave a
// broken reference behind, and afterwards it restores the connection's
// previous setting.
func (db *DB) inTxForeignKeysOff(ctx context.Context, fn func(tx *sqlx.Tx) error) (err error) {
	conn, err := db.x.Connx(ctx)
	if err != nil {
		return fmt.Errorf("connection: %w", convertErr(err))
	}
	defer conn.Close()
	var was int
	if err := conn.GetContext(ctx, &was, `PRAGMA foreign_keys`); err != nil {
		return fmt.Errorf("read foreign_keys: %w", convertErr(err))
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return fmt.Errorf("foreign keys off: %w", convertErr(err))
	}
	defer func() {
		// The connection goes back to the pool and must enforce what the
		// DSN asked for; a context already cancelled must not skip this.
		restore := fmt.Sprintf(`PRAGMA foreign_keys = %d`, was)
		if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), restore); rerr != nil {
			// A connection left without enforcement must not be reused.
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
			err = errors.Join(err, fmt.Errorf("restore foreign_keys: %w", rerr))
		}
	}()
	tx, err := conn.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", convertErr(err))
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback() // the error from fn is the one that matters
		return err
	}
	var broken []struct {
		Table  string        `db:"table"`
		RowID  sql.NullInt64 `db:"rowid"`
		Parent string        `db:"parent"`
		FKID   int           `db:"fkid"`
	}
	if err := tx.SelectContext(ctx, &broken, `PRAGMA foreign_key_check`); err != nil {
		_ = tx.Rollback()
		return fmt.Errorf("foreign_key_check: %w", convertErr(err))
	}
	if len(broken) > 0 {
		_ = tx.Rollback()
		b := broken[0]
		return fmt.Errorf("%w: %d rows break a foreign key, the first in %s (rowid %d) referencing %s",
			ErrConstraint, len(broken), b.Table, b.RowID.Int64, b.Parent)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", convertErr(err))
	}
	return nil
}

// migrationLock serialises migrations across processes on PostgreSQL, per
// schema so tests in separate schemas do not wait on each other. SQLite needs
// nothing: its transactions begin IMMEDIATE and so already hold the write
// lock.
func (db *DB) migrationLock(ctx context.Context, tx *sqlx.Tx) error {
	if db.dialect != DialectPostgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext('shelfwatch.migrate.' || current_schema()))`)
	return convertErr(err)
}
