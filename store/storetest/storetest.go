// Package storetest gives tests a fresh, isolated shelfwatch database of
// either dialect, for the store's own tests and for packages that wire the
// store in (cmd/crawler, cmd/report).
//
// SQLite databases are files in tb.TempDir. PostgreSQL databases are a new
// schema in the database named by SHELFWATCH_TEST_POSTGRES (a lib/pq URL),
// reached through search_path and dropped when the test ends, so tests
// running in parallel, in one package or many, never see each other's rows.
// Without SHELFWATCH_TEST_POSTGRES the PostgreSQL variant skips, unless
// SHELFWATCH_REQUIRE_POSTGRES=1, when it fails.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/shelfwatch/shelfwatch/store"
)

// Dialects lists the dialects a store test should run against.
var Dialects = []string{store.DialectSQLite, store.DialectPostgres}

// MustDSN returns the DSN of a fresh, empty database of the dialect, removed
// when the test ends. It skips or fails tb as the package doc says when
// PostgreSQL is not configured.
func MustDSN(tb testing.TB, dialect string) string {
	tb.Helper()
	switch dialect {
	case store.DialectSQLite:
		return "sqlite:" + filepath.Join(tb.TempDir(), "shelfwatch.db")
	case store.DialectPostgres:
	default:
		tb.Fatalf("storetest: unknown dialect %q", dialect)
	}
	base := os.Getenv("SHELFWATCH_TEST_POSTGRES")
	if base == "" {
		if os.Getenv("SHELFWATCH_REQUIRE_POSTGRES") == "1" {
			tb.Fatal("storetest: SHELFWATCH_REQUIRE_POSTGRES=1 but SHELFWATCH_TEST_POSTGRES holds no DSN")
		}
		tb.Skip("storetest: SHELFWATCH_TEST_POSTGRES not set")
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		tb.Fatalf("storetest: SHELFWATCH_TEST_POSTGRES %s is not a postgres:// URL", store.Redact(base))
	}
	b := make([]byte, 8)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)

	admin, err := sql.Open("postgres", base)
	if err != nil {
		tb.Fatalf("storetest: open %s: %v", store.Redact(base), err)
	}
	tb.Cleanup(func() { admin.Close() })
	// The schema name is made above of hex digits only, so splicing it
	// into the statement is safe; identifiers cannot be parameters.
	if _, err := admin.ExecContext(context.Background(), "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("storetest: create schema in %s: %v", store.Redact(base), err)
	}
	tb.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("storetest: drop schema %s: %v", schema, err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// MustOpen opens a fresh database of the dialect (see MustDSN) with the
// store's migrations applied, and closes it when the test ends.
func MustOpen(tb testing.TB, dialect string) *store.DB {
	tb.Helper()
	db, err := store.Open(context.Background(), MustDSN(tb, dialect))
	if err != nil {
		tb.Fatalf("storetest: open: %v", err)
	}
	// Registered after MustDSN's cleanups, so it runs before the DROP.
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("storetest: close: %v", err)
		}
	})
	return db
}
