package redisstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	mrand "math/rand/v2"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/shelfwatch/shelfwatch/scraper"
)

// DefaultSlotLease is how long a host slot stays taken without renewal:
// a worker that dies mid-request frees its slot after it.
const DefaultSlotLease = 5 * time.Second

// Limiter is a scraper.HostLimiter in Redis: a counting semaphore per host
// whose slots are leased. A slot is taken for the request and, after it,
// for the host's delay; so at most parallelism requests reach a host at
// once, each slot's requests at least delay apart, whichever workers send
// them. Its keys are PREFIX:host:HOST (a sorted set of slot tokens by lease
// deadline, Redis's clock) and PREFIX:wake:HOST (a list that wakes a
// waiter when a slot frees without a delay).
type Limiter struct {
	rdb    redis.UniversalClient
	prefix string
	// Lease: see DefaultSlotLease. A held slot is renewed every Lease/3.
	Lease time.Duration
	// MaxWait bounds one sleep between tries for a slot.
	MaxWait time.Duration
}

// NewLimiter returns the limiter under prefix (e.g. "shelfwatch:limit").
func NewLimiter(rdb redis.UniversalClient, prefix string) *Limiter {
	return &Limiter{rdb: rdb, prefix: prefix, Lease: DefaultSlotLease, MaxWait: 100 * time.Millisecond}
}

// acquireScript drops expired slots and takes one if fewer than ARGV[2]
// are taken. It returns -1 when taken, else the milliseconds until the
// first slot's lease ends (a slot in its delay frees then).
var acquireScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) * 2)
  return -1
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(first[2]) - now)`)

// releaseScript keeps the slot taken for the delay ARGV[2] ms, or frees
// it and wakes one waiter when there is none.
var slotReleaseScript = redis.NewScript(`
local d = tonumber(ARGV[2])
if d > 0 then
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  redis.call('ZADD', KEYS[1], 'XX', now + d, ARGV[1])
  return 1
end
if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 then
  redis.call('RPUSH', KEYS[2], '1')
  redis.call('LTRIM', KEYS[2], -tonumber(ARGV[3]), -1)
  redis.call('PEXPIRE', KEYS[2], 60000)
end
return 1`)

var renewSlotScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('ZADD', KEYS[1], 'XX', 'CH', now + tonumber(ARGV[2]), ARGV[1])`)

// Acquire is scraper.HostLimiter's Acquire.
func (l *Limiter) Acquire(ctx context.Context, host string, rule scraper.HostRule) (func(), error) {
	slots, wake := l.prefix+":host:"+host, l.prefix+":wake:"+host
	par := max(rule.Parallelism, 1)
	token := newToken()
	lease := l.Lease
	if lease <= 0 {
		lease = DefaultSlotLease
	}
	for {
		wait, err := acquireScript.Run(ctx, l.rdb, []string{slots}, token, par, lease.Milliseconds()).Int64()
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, fmt.Errorf("host limit %s: %w", host, err)
		}
		if wait < 0 {
			break
		}
		d := min(time.Duration(wait)*time.Millisecond, l.MaxWait)
		// Woken by a slot freed without delay, or at the time the
		// first slot's delay ends, whichever comes first. (go-redis's
		// BLPop rounds timeouts up to whole seconds; Redis takes
		// fractions.) Nil, a wake-up or a timeout: try again either way.
		l.rdb.Do(ctx, "BLPOP", wake, fmt.Sprintf("%.3f", d.Seconds()))
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
	}
	// Keep the slot while the request runs: a request may last longer
	// than a lease, a dead worker's slot must not last for ever.
	kctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	var kept sync.WaitGroup
	kept.Add(1)
	go func() {
		defer kept.Done()
		t := time.NewTicker(lease / 3)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				renewSlotScript.Run(kctx, l.rdb, []string{slots}, token, lease.Milliseconds())
			case <-kctx.Done():
				return
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			stop()
			kept.Wait()
			if ctx.Err() != nil {
				// The request was abandoned (a worker stopping, a crawl
				// cancelled), not answered: the shop may still be working
				// on it, so its slot stays taken until the lease ends
				// rather than letting another worker in at once.
				return
			}
			d := rule.Delay
			if rule.RandomDelay > 0 {
				d += mrand.N(rule.RandomDelay)
			}
			ms := d.Milliseconds()
			if d > 0 && ms == 0 {
				ms = 1
			}
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			// On failure the slot frees when its lease ends.
			slotReleaseScript.Run(rctx, l.rdb, []string{slots, wake}, token, ms, par)
		})
	}, nil
}

func newToken() string {
	var b [12]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

var _ scraper.HostLimiter = (*Limiter)(nil)
