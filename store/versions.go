package store

import (
	"crypto/md5"
	"database/sql/driver"
	"encoding/binary"
	"fmt"
	"strconv"
	"sync"

	"modernc.org/sqlite"
)

// A listing version is the descriptive content of a listing as one or more
// runs saw it: URL, title, brand, category, source category, SKU, GTIN, MPN,
// image and the JSON map of where each field came from. Observations name
// their version instead of repeating the content (migration 0005), and a
// listing gets a new version only when its content changes.

// versionHash identifies a version's content within its listing: the first
// 64 bits of the MD5 of the fields, each written as its length in bytes, ':'
// and the bytes, so no two different contents write the same input. Migration
// 0005 computes the same in SQL (PostgreSQL) or through
// shelfwatch_version_hash (SQLite); the three must agree, or a migrated
// listing would get a second version for unchanged content. MD5 is used as a
// checksum both databases can compute, not for security; the UNIQUE key on
// (listing_id, hash) turns a collision between two contents of one listing
// (odds about n²/2⁶⁵ for n versions) into an error, never a silent merge.
func versionHash(fields ...string) int64 {
	// A listing's content is a few hundred bytes: the stack buffer saves
	// an allocation per offer, and append moves to the heap beyond it.
	var stack [1024]byte
	buf := stack[:0]
	for _, f := range fields {
		buf = strconv.AppendInt(buf, int64(len(f)), 10)
		buf = append(buf, ':')
		buf = append(buf, f...)
	}
	sum := md5.Sum(buf)
	return int64(binary.BigEndian.Uint64(sum[:8]))
}

// hash returns the version hash of an offer's descriptive text and source.
func (t *offerText) hash(source string) int64 {
	return versionHash(t.url, t.title, t.brand, t.category, t.sourceCategory, t.sku, t.gtin, t.mpn, t.image, source)
}

var registerOnce sync.Once

// registerSQLiteFunctions makes shelfwatch_version_hash available to the
// SQLite connections opened afterwards; migration 0005 needs it. modernc's
// registry is process-wide, so this happens once.
func registerSQLiteFunctions() {
	registerOnce.Do(func() {
		sqlite.MustRegisterDeterministicScalarFunction("shelfwatch_version_hash", 10,
			func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
				fields := make([]string, len(args))
				for i, a := range args {
					switch v := a.(type) {
					case string:
						fields[i] = v
					case []byte:
						fields[i] = string(v)
					case nil:
					default:
						return nil, fmt.Errorf("shelfwatch_version_hash: argument %d is %T, want text", i+1, a)
					}
				}
				return versionHash(fields...), nil
			})
	})
}
