package store

import (
	"time"

	"github.com/jmoiron/sqlx"
)

// Hooks for the external tests.

// Raw returns the underlying handle, for tests that inspect tables.
func Raw(db *DB) *sqlx.DB { return db.x }

// SetBatching sets the SaveOffers batch size, retry attempts and first
// back-off, and a hook run inside each batch's transaction before commit.
func SetBatching(db *DB, size, attempts int, wait time.Duration, hook func(batch, attempt int) error) {
	db.batchSize, db.attempts, db.retryWait, db.batchHook = size, attempts, wait, hook
}

// WithSchemaVersion makes Open apply migrations only up to version v, so a
// test can build the database an older release left behind.
func WithSchemaVersion(v int) Option {
	return func(db *DB) { db.schemaVersion = v }
}
