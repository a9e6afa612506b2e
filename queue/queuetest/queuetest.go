// Package queuetest gives tests a Redis database of their own.
//
// Tests that need Redis read its base URL from SHELFWATCH_TEST_REDIS (e.g.
// redis://127.0.0.1:6379) and are skipped without it, or failed when
// SHELFWATCH_REQUIRE_REDIS=1 (CI sets both). Each test names a database
// number of its own (Redis has 16 by default), so tests of several packages
// running at once never see each other's keys: the package list below
// hands them out.
package queuetest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Database numbers by package; a test adds its own offset below the next
// package's number.
const (
	DBRedisStore = 1  // scraper/redisstore: 1-4
	DBQueue      = 5  // queue: 5-6
	DBScraper    = 7  // scraper: 7
	DBCrawler    = 8  // cmd/crawler: 8-12
	DBBench      = 13 // bench: 13-15
)

// MustURL returns the URL of Redis database db, emptied, and empties it
// again when the test ends. It skips or fails tb as the package doc says
// when Redis is not configured or not answering.
func MustURL(tb testing.TB, db int) string {
	tb.Helper()
	base := os.Getenv("SHELFWATCH_TEST_REDIS")
	if base == "" {
		if os.Getenv("SHELFWATCH_REQUIRE_REDIS") == "1" {
			tb.Fatal("queuetest: SHELFWATCH_REQUIRE_REDIS=1 but SHELFWATCH_TEST_REDIS holds no URL")
		}
		tb.Skip("queuetest: SHELFWATCH_TEST_REDIS not set")
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") {
		tb.Fatalf("queuetest: SHELFWATCH_TEST_REDIS %q is not a redis:// URL", base)
	}
	u.Path = fmt.Sprintf("/%d", db)
	raw := u.String()
	rdb := MustClient(tb, raw)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := rdb.FlushDB(ctx).Err(); err != nil {
		if os.Getenv("SHELFWATCH_REQUIRE_REDIS") == "1" {
			tb.Fatalf("queuetest: Redis at %s: %v", u.Redacted(), err)
		}
		tb.Skipf("queuetest: Redis at %s: %v", u.Redacted(), err)
	}
	tb.Cleanup(func() { rdb.FlushDB(context.Background()) })
	return raw
}

// MustClient opens the Redis at rawURL, closed when the test ends.
func MustClient(tb testing.TB, rawURL string) *redis.Client {
	tb.Helper()
	opt, err := redis.ParseURL(rawURL)
	if err != nil {
		tb.Fatalf("queuetest: %v", err)
	}
	opt.PoolSize = 64
	rdb := redis.NewClient(opt)
	tb.Cleanup(func() { rdb.Close() })
	return rdb
}
