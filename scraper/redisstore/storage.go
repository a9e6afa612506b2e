package redisstore

import (
	"context"
	"log/slog"
	"net/url"
	"strconv"
	"time"

	"github.com/gocolly/colly/v2/storage"
	"github.com/redis/go-redis/v9"
)

// Storage is Colly's storage.Storage in Redis: the visited set and the
// cookie jar of a crawl shared by several workers, so that a shop sees one
// visitor's cookies (a session, a chosen region or currency) whichever
// worker fetches a page. Its keys are PREFIX:visited (a set of Colly's
// request hashes) and PREFIX:cookies (a hash of each host's cookies, as
// storage.StringifyCookies writes them).
//
// The crawl's request queue is Frontier, not Colly's queue.Storage: that
// interface pops a request (GetRequest) with no lease and no
// acknowledgement, so a worker killed between the pop and storing the page
// would lose the page. Frontier leases each page and takes it back from a
// dead worker.
type Storage struct {
	rdb    redis.UniversalClient
	prefix string
	// Timeout bounds each Redis call: Colly's interface has no context.
	Timeout time.Duration
	// Log reports the Redis errors Colly's cookie methods cannot return;
	// nil means slog.Default().
	Log *slog.Logger
}

var _ storage.Storage = (*Storage)(nil)

// NewStorage returns the storage under prefix (e.g.
// "shelfwatch:run:TOKEN:c"); every worker of the crawl uses the same prefix.
func NewStorage(rdb redis.UniversalClient, prefix string) *Storage {
	return &Storage{rdb: rdb, prefix: prefix, Timeout: 5 * time.Second}
}

func (s *Storage) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), s.Timeout)
}

func (s *Storage) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

// Init checks that Redis answers, so that Collector.SetStorage fails at
// once rather than every request later.
func (s *Storage) Init() error {
	ctx, cancel := s.ctx()
	defer cancel()
	return s.rdb.Ping(ctx).Err()
}

// Visited records Colly's hash of a request.
func (s *Storage) Visited(requestID uint64) error {
	ctx, cancel := s.ctx()
	defer cancel()
	return s.rdb.SAdd(ctx, s.prefix+":visited", strconv.FormatUint(requestID, 10)).Err()
}

// IsVisited reports whether any worker recorded the request's hash.
func (s *Storage) IsVisited(requestID uint64) (bool, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	return s.rdb.SIsMember(ctx, s.prefix+":visited", strconv.FormatUint(requestID, 10)).Result()
}

// Cookies returns the cookies stored for u's host ("" when there are none
// or Redis fails: a request without cookies is still a request).
func (s *Storage) Cookies(u *url.URL) string {
	ctx, cancel := s.ctx()
	defer cancel()
	c, err := s.rdb.HGet(ctx, s.prefix+":cookies", u.Host).Result()
	if err != nil && err != redis.Nil {
		s.log().Warn("reading shared cookies failed", "host", u.Host, "err", err)
	}
	return c
}

// SetCookies stores the cookies of u's host. Colly has merged them with
// the ones it read just before; a cookie another worker set in between is
// lost until the shop sets it again.
func (s *Storage) SetCookies(u *url.URL, cookies string) {
	ctx, cancel := s.ctx()
	defer cancel()
	if err := s.rdb.HSet(ctx, s.prefix+":cookies", u.Host, cookies).Err(); err != nil {
		s.log().Warn("storing shared cookies failed", "host", u.Host, "err", err)
	}
}

// Expire makes the storage's keys disappear after ttl, as Frontier.Expire
// does for a finished crawl's frontier.
func (s *Storage) Expire(ctx context.Context, ttl time.Duration) error {
	for _, k := range []string{":visited", ":cookies"} {
		if err := s.rdb.Expire(ctx, s.prefix+k, ttl).Err(); err != nil {
			return err
		}
	}
	return nil
}
