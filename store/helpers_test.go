package store_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/lib/pq"

	"github.com/shelfwatch/shelfwatch/store"
)

// dialects lists the databases every store test runs against. The postgres
// variants skip without SHELFWATCH_TEST_POSTGRES, or fail when
// SHELFWATCH_REQUIRE_POSTGRES=1.
var dialects = []string{store.DialectSQLite, store.DialectPostgres}

// MustTestDSN returns the DSN of a fresh, empty database of the dialect that
// is removed when the test ends: a file in tb.TempDir for SQLite, a new
// schema (reached through search_path) for PostgreSQL, so tests running in
// parallel, in this package or others, never see each other's rows.
func MustTestDSN(tb testing.TB, dialect string) string {
	tb.Helper()
	switch dialect {
	case store.DialectSQLite:
		return "sqlite:" + filepath.Join(tb.TempDir(), "shelfwatch.db")
	case store.DialectPostgres:
	default:
		tb.Fatalf("unknown dialect %q", dialect)
	}
	base := os.Getenv("SHELFWATCH_TEST_POSTGRES")
	if base == "" {
		if os.Getenv("SHELFWATCH_REQUIRE_POSTGRES") == "1" {
			tb.Fatal("SHELFWATCH_REQUIRE_POSTGRES=1 but SHELFWATCH_TEST_POSTGRES holds no DSN")
		}
		tb.Skip("SHELFWATCH_TEST_POSTGRES not set")
	}
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("SHELFWATCH_TEST_POSTGRES is not a URL DSN: %v", store.Redact(base))
	}
	b := make([]byte, 8)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)

	admin, err := sql.Open("postgres", base)
	if err != nil {
		tb.Fatalf("open %s: %v", store.Redact(base), err)
	}
	tb.Cleanup(func() { admin.Close() })
	// The schema name is generated above from hex digits, so splicing it
	// into the statement is safe; identifiers cannot be parameters.
	if _, err := admin.ExecContext(context.Background(), "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// MustOpenTestDB opens a fresh database of the dialect (see MustTestDSN) and
// closes it when the test ends.
func MustOpenTestDB(tb testing.TB, dialect string) *store.DB {
	tb.Helper()
	dsn := MustTestDSN(tb, dialect)
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatalf("open: %v", err)
	}
	// Registered after the schema's cleanup, so it runs before the DROP.
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("close: %v", err)
		}
	})
	return db
}
