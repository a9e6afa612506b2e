package scraper

import (
	"context"
	"math/rand/v2"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"
)

// hostLimits keeps the politeness rules (delay and parallelism) per host for
// every request one Crawler makes: all competitor entries, all concurrent
// Crawl calls and Page calls, robots.txt, API and HTML pages, retries. A host
// is scheme, host name and port; two entries naming one shop share its
// limit, and the strictest entry sets it (the longest delay, the smallest
// parallelism), since the shop sees one crawler, not our config entries.
//
// It replaces Colly's LimitRule, which holds per collector, i.e. per entry
// and per crawl: with two entries for one shop and parallelism 1 the shop
// saw two requests at a time.
type hostLimits struct {
	mu    sync.Mutex
	rules map[string]limitRule // by lower-case host name
	hosts map[string]*hostSlot // by scheme://host:port
	// shared, when set, keeps the rules across processes instead of the
	// slots above (see Crawler.Limiter): the rules still come from here.
	shared HostLimiter
}

// HostLimiter keeps per-host delay and parallelism for requests made by
// several processes (workers on several machines crawling one shop), so
// that the shop sees the limits of one crawler. host is
// scheme://host:port. Acquire waits for the host's turn and returns the
// function that ends the request (starting the host's delay); it returns
// ctx's error, or the limiter's own failure, if it cannot.
type HostLimiter interface {
	Acquire(ctx context.Context, host string, rule HostRule) (release func(), err error)
}

// HostRule is the politeness one host gets: at most Parallelism requests
// at once, each followed by Delay plus up to RandomDelay before its slot
// is free again.
type HostRule struct {
	Delay, RandomDelay time.Duration
	Parallelism        int
}

// limitRule is the politeness one host gets.
type limitRule struct {
	delay, random time.Duration
	parallelism   int
}

// stricter returns the rule that satisfies both a and b.
func (a limitRule) stricter(b limitRule) limitRule {
	return limitRule{
		delay:       max(a.delay, b.delay),
		random:      max(a.random, b.random),
		parallelism: min(a.parallelism, b.parallelism),
	}
}

// hostSlot is the live state of one host: requests under way and the
// requests waiting for one of them to end.
type hostSlot struct {
	active  int
	waiters []chan struct{}
}

func newHostLimits() *hostLimits {
	return &hostLimits{rules: make(map[string]limitRule), hosts: make(map[string]*hostSlot)}
}

// register makes host's rule at least as strict as r.
func (l *hostLimits) register(host string, r limitRule) {
	host = strings.ToLower(host)
	r.parallelism = max(r.parallelism, 1)
	l.mu.Lock()
	defer l.mu.Unlock()
	if old, ok := l.rules[host]; ok {
		r = old.stricter(r)
	}
	l.rules[host] = r
}

// rule is host's rule; a host nobody registered (a redirect target, say)
// gets the polite defaults' parallelism and no delay. Callers hold l.mu.
func (l *hostLimits) rule(host string) limitRule {
	if r, ok := l.rules[host]; ok {
		return r
	}
	return limitRule{parallelism: DefaultParallelism}
}

// hostKey is scheme://host:port with the default port made explicit, so
// that http://shop.test and http://shop.test:80 are one host.
func hostKey(u *url.URL) (key, host string) {
	host = strings.ToLower(u.Hostname())
	port := u.Port()
	if port == "" {
		switch strings.ToLower(u.Scheme) {
		case "https":
			port = "443"
		default:
			port = "80"
		}
	}
	return strings.ToLower(u.Scheme) + "://" + net.JoinHostPort(host, port), host
}

// acquire waits until u's host may be sent one more request and returns the
// function that ends it: release starts the host's delay, after which the
// next request may go. It returns ctx's error, or errStopped when stop is
// closed, if either ends the wait first; stop may be nil.
func (l *hostLimits) acquire(ctx context.Context, stop <-chan struct{}, u *url.URL) (release func(), err error) {
	key, host := hostKey(u)
	if l.shared != nil {
		l.mu.Lock()
		r := l.rule(host)
		l.mu.Unlock()
		return l.shared.Acquire(ctx, key, HostRule{Delay: r.delay, RandomDelay: r.random, Parallelism: r.parallelism})
	}
	l.mu.Lock()
	s := l.hosts[key]
	if s == nil {
		s = &hostSlot{}
		l.hosts[key] = s
	}
	for s.active >= l.rule(host).parallelism {
		ch := make(chan struct{}, 1)
		s.waiters = append(s.waiters, ch)
		l.mu.Unlock()
		var why error
		select {
		case <-ch:
		case <-ctx.Done():
			why = ctx.Err()
		case <-stop:
			why = errStopped
		}
		l.mu.Lock()
		if why != nil {
			if !l.dropWaiter(s, ch) {
				// Woken just as we gave up: pass the turn on.
				l.wake(s)
			}
			l.mu.Unlock()
			return nil, why
		}
	}
	s.active++
	l.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			l.mu.Lock()
			r := l.rule(host)
			l.mu.Unlock()
			d := r.delay
			if r.random > 0 {
				d += rand.N(r.random)
			}
			end := func() {
				l.mu.Lock()
				s.active--
				l.wake(s)
				l.mu.Unlock()
			}
			if d <= 0 {
				end()
				return
			}
			time.AfterFunc(d, end)
		})
	}, nil
}

// wake lets the longest-waiting request of s try again. Callers hold l.mu.
func (l *hostLimits) wake(s *hostSlot) {
	if len(s.waiters) == 0 {
		return
	}
	ch := s.waiters[0]
	s.waiters = s.waiters[1:]
	ch <- struct{}{}
}

// dropWaiter removes ch from the queue and reports whether it was there.
// Callers hold l.mu.
func (l *hostLimits) dropWaiter(s *hostSlot, ch chan struct{}) bool {
	for i, w := range s.waiters {
		if w == ch {
			s.waiters = append(s.waiters[:i], s.waiters[i+1:]...)
			return true
		}
	}
	return false
}
