// Package redisstore keeps the state that crawl workers on several machines
// share in Redis (github.com/redis/go-redis/v9): a crawl's frontier (its
// request queue, visited set, page leases and the listing offers waiting
// for their product page; scraper.Frontier) and every shop's delay and
// parallelism across workers (scraper.HostLimiter). Each multi-step change
// is one Lua script, so workers never see half of it.
package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/scraper"
)

// DefaultLease is how long a page stays leased to a worker without
// renewal; a worker renews its leases well within it (scraper's
// SharedOptions.Renew), so it is how long a dead worker's pages wait before
// another worker fetches them.
const DefaultLease = 15 * time.Second

// Frontier is a scraper.Frontier in Redis, under keys that start with its
// prefix. Several Frontier values (one per worker) with one prefix are one
// frontier. Its keys:
//
//	PREFIX:q  list    queued entries ("R" before a reclaimed one)
//	PREFIX:v  set     visit keys ever queued
//	PREFIX:n  string  how many were queued (max_pages)
//	PREFIX:l  zset    leased entries by lease deadline (Unix ms, Redis's clock)
//	PREFIX:h  hash    listing offers (JSON) by product page
//	PREFIX:d  set     product pages read
//	PREFIX:k  set     entries acked (handled and stored): never leased again
type Frontier struct {
	rdb    redis.UniversalClient
	prefix string
	// Lease: see DefaultLease; Poll is how often Next looks again while
	// the queue is empty and others hold leases.
	Lease, Poll time.Duration
}

// NewFrontier returns the frontier under prefix (e.g.
// "shelfwatch:run:TOKEN:f") with DefaultLease.
func NewFrontier(rdb redis.UniversalClient, prefix string) *Frontier {
	return &Frontier{rdb: rdb, prefix: prefix, Lease: DefaultLease, Poll: 20 * time.Millisecond}
}

func (f *Frontier) key(k string) string { return f.prefix + ":" + k }

// entry is what the queue holds: the visit key and the request.
type entry struct {
	Key string                  `json:"key"`
	Req scraper.FrontierRequest `json:"req"`
}

var addScript = redis.NewScript(`
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 0 end
local max = tonumber(ARGV[3])
if max > 0 and tonumber(redis.call('GET', KEYS[2]) or '0') >= max then return -1 end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('INCR', KEYS[2])
redis.call('RPUSH', KEYS[3], ARGV[2])
return 1`)

// Add is scraper.Frontier's Add.
func (f *Frontier) Add(ctx context.Context, key string, req scraper.FrontierRequest, maxPages int) (bool, bool, error) {
	b, err := json.Marshal(entry{Key: key, Req: req})
	if err != nil {
		return false, false, fmt.Errorf("queue %s: %w", req.URL, err)
	}
	n, err := addScript.Run(ctx, f.rdb, []string{f.key("v"), f.key("n"), f.key("q")}, key, string(b), maxPages).Int()
	if err != nil {
		return false, false, fmt.Errorf("queue %s: %w", req.URL, err)
	}
	return n == 1, n == -1, nil
}

// nextScript first returns expired leases to the head of the queue (marked
// reclaimed), then leases the head. An entry acked already is neither
// returned nor leased: its lease may have run out while its holder stored
// it (a slow save, a stopping worker), and the acked mark in Redis is what
// tells, before the store's view of the page does. It answers {1, entry},
// {2} when drained, {0} when the caller must wait.
var nextScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for _, e in ipairs(expired) do
  redis.call('ZREM', KEYS[2], e)
  if redis.call('SISMEMBER', KEYS[3], e) == 0 then
    redis.call('LPUSH', KEYS[1], 'R' .. e)
  end
end
while true do
  local e = redis.call('LPOP', KEYS[1])
  if not e then break end
  local raw = e
  if string.sub(e, 1, 1) == 'R' then raw = string.sub(e, 2) end
  if redis.call('SISMEMBER', KEYS[3], raw) == 0 then
    redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), raw)
    return {1, e}
  end
end
if redis.call('ZCARD', KEYS[2]) == 0 then return {2} end
return {0}`)

// Next is scraper.Frontier's Next.
func (f *Frontier) Next(ctx context.Context) (scraper.Lease, bool, error) {
	for {
		v, err := nextScript.Run(ctx, f.rdb, []string{f.key("q"), f.key("l"), f.key("k")}, f.Lease.Milliseconds()).Slice()
		if err != nil {
			return scraper.Lease{}, false, fmt.Errorf("next page: %w", err)
		}
		code, _ := v[0].(int64)
		switch code {
		case 1:
			raw, _ := v[1].(string)
			l := scraper.Lease{ID: raw}
			if strings.HasPrefix(raw, "R") {
				l.ID, l.Reclaimed = raw[1:], true
			}
			var e entry
			if err := json.Unmarshal([]byte(l.ID), &e); err != nil {
				return scraper.Lease{}, false, fmt.Errorf("next page: unreadable entry %q: %w", l.ID, err)
			}
			l.Req = e.Req
			return l, false, nil
		case 2:
			return scraper.Lease{}, true, nil
		}
		t := time.NewTimer(f.Poll)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return scraper.Lease{}, false, ctx.Err()
		}
	}
}

var ackScript = redis.NewScript(`
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[1], ARGV[1])
return 1`)

// Ack is scraper.Frontier's Ack. The entry is marked acked in the same
// step as its lease ends, so that a copy of it reclaimed meanwhile (its
// lease ran out while the page was being stored) is never handed out.
func (f *Frontier) Ack(ctx context.Context, l scraper.Lease) error {
	if err := ackScript.Run(ctx, f.rdb, []string{f.key("l"), f.key("k")}, l.ID).Err(); err != nil {
		return fmt.Errorf("page %s done: %w", l.Req.URL, err)
	}
	return nil
}

var releaseScript = redis.NewScript(`
if redis.call('ZREM', KEYS[2], ARGV[1]) == 1 and redis.call('SISMEMBER', KEYS[3], ARGV[1]) == 0 then
  redis.call('LPUSH', KEYS[1], 'R' .. ARGV[1])
end
return 1`)

// Release is scraper.Frontier's Release. The page comes back marked
// reclaimed: it may have been stored before its worker stopped.
func (f *Frontier) Release(ctx context.Context, l scraper.Lease) error {
	if err := releaseScript.Run(ctx, f.rdb, []string{f.key("q"), f.key("l"), f.key("k")}, l.ID).Err(); err != nil {
		return fmt.Errorf("return page %s: %w", l.Req.URL, err)
	}
	return nil
}

var renewScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 2, #ARGV do
  redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[i])
end
return 1`)

// Renew is scraper.Frontier's Renew. A lease that ran out already (and may
// be another worker's now) is left alone.
func (f *Frontier) Renew(ctx context.Context, ls []scraper.Lease) error {
	if len(ls) == 0 {
		return nil
	}
	args := []any{f.Lease.Milliseconds()}
	for _, l := range ls {
		args = append(args, l.ID)
	}
	if err := renewScript.Run(ctx, f.rdb, []string{f.key("l")}, args...).Err(); err != nil {
		return fmt.Errorf("renew %d page leases: %w", len(ls), err)
	}
	return nil
}

var holdScript = redis.NewScript(`
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then return 0 end
redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
return 1`)

// Hold is scraper.Frontier's Hold. The first listing offer held for a
// product page is kept.
func (f *Frontier) Hold(ctx context.Context, product string, o pricing.Offer) (bool, error) {
	b, err := json.Marshal(o)
	if err != nil {
		return false, fmt.Errorf("hold offer for %s: %w", product, err)
	}
	n, err := holdScript.Run(ctx, f.rdb, []string{f.key("h"), f.key("d")}, product, string(b)).Int()
	if err != nil {
		return false, fmt.Errorf("hold offer for %s: %w", product, err)
	}
	return n == 1, nil
}

var takeScript = redis.NewScript(`
redis.call('SADD', KEYS[2], ARGV[1])
return redis.call('HGET', KEYS[1], ARGV[1])`)

// Take is scraper.Frontier's Take. The offer stays in Redis (Leftovers
// skips it): a worker that dies before storing the product page reads it
// again on the retry.
func (f *Frontier) Take(ctx context.Context, product string) (pricing.Offer, bool, error) {
	s, err := takeScript.Run(ctx, f.rdb, []string{f.key("h"), f.key("d")}, product).Text()
	if errors.Is(err, redis.Nil) {
		return pricing.Offer{}, false, nil
	}
	if err != nil {
		return pricing.Offer{}, false, fmt.Errorf("take offer for %s: %w", product, err)
	}
	var o pricing.Offer
	if err := json.Unmarshal([]byte(s), &o); err != nil {
		return pricing.Offer{}, false, fmt.Errorf("take offer for %s: %w", product, err)
	}
	return o, true, nil
}

var leftoversScript = redis.NewScript(`
local all = redis.call('HGETALL', KEYS[1])
local out = {}
for i = 1, #all, 2 do
  if redis.call('SISMEMBER', KEYS[2], all[i]) == 0 then table.insert(out, all[i+1]) end
end
redis.call('DEL', KEYS[1])
return out`)

// Leftovers is scraper.Frontier's Leftovers.
func (f *Frontier) Leftovers(ctx context.Context) ([]pricing.Offer, error) {
	ss, err := leftoversScript.Run(ctx, f.rdb, []string{f.key("h"), f.key("d")}).StringSlice()
	if err != nil {
		return nil, fmt.Errorf("leftover offers: %w", err)
	}
	out := make([]pricing.Offer, 0, len(ss))
	for _, s := range ss {
		var o pricing.Offer
		if err := json.Unmarshal([]byte(s), &o); err != nil {
			return nil, fmt.Errorf("leftover offers: %w", err)
		}
		out = append(out, o)
	}
	return out, nil
}

// Expire makes the frontier's keys disappear after ttl (a finished crawl's
// frontier is kept a while for looking into, then goes).
func (f *Frontier) Expire(ctx context.Context, ttl time.Duration) error {
	for _, k := range []string{"q", "v", "n", "l", "h", "d", "k"} {
		if err := f.rdb.Expire(ctx, f.key(k), ttl).Err(); err != nil {
			return fmt.Errorf("expire frontier: %w", err)
		}
	}
	return nil
}

// Size returns how many pages are queued and leased.
func (f *Frontier) Size(ctx context.Context) (queued, leased int64, err error) {
	if queued, err = f.rdb.LLen(ctx, f.key("q")).Result(); err != nil {
		return 0, 0, fmt.Errorf("frontier size: %w", err)
	}
	if leased, err = f.rdb.ZCard(ctx, f.key("l")).Result(); err != nil {
		return 0, 0, fmt.Errorf("frontier size: %w", err)
	}
	return queued, leased, nil
}

var _ scraper.Frontier = (*Frontier)(nil)
