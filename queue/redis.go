// Package queue spreads crawls over worker processes on any number of
// machines through Redis, on github.com/hibiken/asynq (tasks, retries,
// leases, uniqueness) and github.com/redis/go-redis/v9:
//
//   - Client enqueues one crawl task per competitor, unique while it is
//     queued or running (its task ID names the competitor), and waits for
//     the run's result;
//   - Worker runs the tasks: the worker that takes a crawl task starts the
//     run in the store and asks the other workers to join it; every worker
//     in the run leases pages from the run's frontier in Redis
//     (scraper/redisstore), stores them, and the one that sees the
//     frontier drained finishes the run once: breakage alarm, FinishRun,
//     re-match, result;
//   - Stats reads the queue's counts per competitor (asynq's Inspector).
//
// Postgres is the one sink: every worker writes its pages there.
package queue

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/redis/go-redis/v9"
)

// Name is the asynq queue every shelfwatch task goes to.
const Name = "shelfwatch"

// KeyPrefix starts every key shelfwatch itself keeps in Redis (asynq's own
// start with "asynq:").
const KeyPrefix = "shelfwatch:"

// ConnectTimeout bounds connecting to Redis and its first answer: a Redis
// that is down or unreachable fails a command within seconds.
const ConnectTimeout = 3 * time.Second

// ErrRedisDown is wrapped by Connect's error when Redis does not answer.
var ErrRedisDown = errors.New("redis is not answering")

// Connect opens the Redis at rawURL (redis://[:password@]host:port/db or
// rediss:// for TLS) and checks that it answers within ConnectTimeout. The
// error wraps ErrRedisDown for a Redis that does not answer and names the
// address, never the password.
func Connect(ctx context.Context, rawURL string) (*redis.Client, error) {
	opt, err := redis.ParseURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("redis URL %s: %w", Redact(rawURL), err)
	}
	opt.DialTimeout = ConnectTimeout
	opt.ReadTimeout = ConnectTimeout
	opt.WriteTimeout = ConnectTimeout
	// Workers block in a few commands of their own and keep asynq's and
	// the limiter's waits: more than go-redis's default per CPU.
	opt.PoolSize = max(opt.PoolSize, 64)
	rdb := redis.NewClient(opt)
	pctx, cancel := context.WithTimeout(ctx, ConnectTimeout)
	defer cancel()
	if err := rdb.Ping(pctx).Err(); err != nil {
		rdb.Close()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("%w at %s (db %d) within %s: %w", ErrRedisDown, opt.Addr, opt.DB, ConnectTimeout, err)
	}
	return rdb, nil
}

// Redact returns a Redis URL without its password, for messages.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

// runKey is the hash of a distributed run; its frontier's keys start with
// runKey(token)+":f", its finish flag is runKey(token)+":finish".
func runKey(token string) string { return KeyPrefix + "run:" + token }

// resultKey holds a finished run's result (JSON) for the client waiting.
func resultKey(token string) string { return KeyPrefix + "result:" + token }

// limitPrefix starts the host limiter's keys.
const limitPrefix = KeyPrefix + "limit"
