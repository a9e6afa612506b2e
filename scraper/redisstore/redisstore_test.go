package redisstore

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/queue/queuetest"
	"github.com/shelfwatch/shelfwatch/scraper"
)

func req(u string) scraper.FrontierRequest {
	return scraper.FrontierRequest{URL: u, Kind: "product"}
}

// TestFrontierQueuesEachKeyOnceUpToMaxPages: keys added twice, by one
// frontier value or another (another worker), are queued once, and
// max_pages counts across them.
func TestFrontierQueuesEachKeyOnceUpToMaxPages(t *testing.T) {
	rdb := queuetest.MustClient(t, queuetest.MustURL(t, queuetest.DBRedisStore))
	ctx := context.Background()
	tests := []struct {
		name       string
		keys       []string
		maxPages   int
		wantAdded  []bool
		wantCapped []bool
		wantQueued int64
	}{
		{"a new key is queued", []string{"a"}, 0, []bool{true}, []bool{false}, 1},
		{"a key seen before is not queued again", []string{"a", "b", "a", "b"}, 0, []bool{true, true, false, false}, []bool{false, false, false, false}, 2},
		{"max_pages refuses new keys once reached", []string{"a", "b", "c", "a"}, 2, []bool{true, true, false, false}, []bool{false, false, true, false}, 2},
		{"no max_pages means no cap", []string{"a", "b", "c", "d", "e"}, 0, []bool{true, true, true, true, true}, []bool{false, false, false, false, false}, 5},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			prefix := fmt.Sprintf("t%d", i)
			fs := []*Frontier{NewFrontier(rdb, prefix), NewFrontier(rdb, prefix)}
			for j, k := range tc.keys {
				added, capped, err := fs[j%2].Add(ctx, k, req("http://shop.test/"+k), tc.maxPages)
				if err != nil {
					t.Fatal(err)
				}
				if added != tc.wantAdded[j] || capped != tc.wantCapped[j] {
					t.Errorf("Add #%d (%s) = added %v capped %v, want %v %v", j, k, added, capped, tc.wantAdded[j], tc.wantCapped[j])
				}
			}
			q, l, err := fs[0].Size(ctx)
			if err != nil || q != tc.wantQueued || l != 0 {
				t.Errorf("Size = %d queued, %d leased (%v), want %d, 0", q, l, err, tc.wantQueued)
			}
		})
	}
}

// TestFrontierLeases: a page is leased to one worker at a time; a lease
// acked is gone, a lease released or not renewed comes back marked
// reclaimed, a renewed one does not; the frontier drains only when
// nothing is queued or leased.
func TestFrontierLeases(t *testing.T) {
	rdb := queuetest.MustClient(t, queuetest.MustURL(t, queuetest.DBRedisStore+1))
	ctx := context.Background()
	const lease = 300 * time.Millisecond
	newF := func(prefix string) *Frontier {
		f := NewFrontier(rdb, prefix)
		f.Lease, f.Poll = lease, 10*time.Millisecond
		return f
	}
	next := func(t *testing.T, f *Frontier) (scraper.Lease, bool) {
		t.Helper()
		nctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		l, drained, err := f.Next(nctx)
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		return l, drained
	}
	t.Run("an acked page is done and the frontier drains", func(t *testing.T) {
		f := newF("ack")
		f.Add(ctx, "a", req("http://shop.test/a"), 0)
		l, drained := next(t, f)
		if drained || l.Req.URL != "http://shop.test/a" || l.Reclaimed {
			t.Fatalf("Next = %+v drained %v, want a fresh lease of /a", l, drained)
		}
		if err := f.Ack(ctx, l); err != nil {
			t.Fatal(err)
		}
		if _, drained := next(t, f); !drained {
			t.Error("frontier not drained after its only page was acked")
		}
	})
	t.Run("a page leased elsewhere keeps the frontier from draining until it is acked", func(t *testing.T) {
		a, b := newF("busy"), newF("busy")
		a.Add(ctx, "a", req("http://shop.test/a"), 0)
		la, _ := next(t, a)
		got := make(chan bool, 1)
		go func() {
			_, drained, _ := b.Next(ctx)
			got <- drained
		}()
		select {
		case <-got:
			t.Fatal("Next returned while another worker held the only page")
		case <-time.After(100 * time.Millisecond):
		}
		// The leased page leads to another, which the waiting worker gets.
		a.Add(ctx, "b", req("http://shop.test/b"), 0)
		a.Ack(ctx, la)
		if drained := <-got; drained {
			t.Error("drained although a page was queued by the lease holder")
		}
	})
	t.Run("a lease not renewed comes back reclaimed, a renewed one does not", func(t *testing.T) {
		f := newF("expire")
		f.Add(ctx, "a", req("http://shop.test/a"), 0)
		f.Add(ctx, "b", req("http://shop.test/b"), 0)
		la, _ := next(t, f)
		lb, _ := next(t, f)
		// Renew b past a's deadline; a's worker "died".
		for range 4 {
			time.Sleep(lease / 3)
			if err := f.Renew(ctx, []scraper.Lease{lb}); err != nil {
				t.Fatal(err)
			}
		}
		l, _ := next(t, f)
		if l.Req.URL != la.Req.URL || !l.Reclaimed {
			t.Fatalf("Next = %+v, want %s back, reclaimed", l, la.Req.URL)
		}
		f.Ack(ctx, l)
		f.Ack(ctx, lb)
		if _, drained := next(t, f); !drained {
			t.Error("not drained after every page was acked")
		}
	})
	// A page's lease can run out while its worker stores it (a slow save,
	// a stopping worker's last batch). Its ack must still win: the
	// reclaimed page is never handed out once acked, wherever it waits.
	for i, tc := range []struct {
		name string
		// reclaimFirst has another worker reclaim the expired leases
		// (and lease the other page) before the holder acks.
		reclaimFirst bool
	}{
		{"a page acked after its lease ran out is not handed out again", false},
		{"a reclaimed page waiting in the queue is dropped once its old holder acks it", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			prefix := fmt.Sprintf("late-ack-%d", i)
			holder, other := newF(prefix), newF(prefix)
			holder.Add(ctx, "a", req("http://shop.test/a"), 0)
			holder.Add(ctx, "b", req("http://shop.test/b"), 0)
			la, _ := next(t, holder)
			lb, _ := next(t, holder)
			time.Sleep(lease + 50*time.Millisecond)
			if tc.reclaimFirst {
				// Both come back; b, pushed last, is leased first.
				l, _ := next(t, other)
				if l.Req.URL != lb.Req.URL || !l.Reclaimed {
					t.Fatalf("Next = %+v, want %s reclaimed", l, lb.Req.URL)
				}
				lb = l
			}
			if err := holder.Ack(ctx, la); err != nil {
				t.Fatal(err)
			}
			// b is done by whoever holds it now.
			owner := holder
			if tc.reclaimFirst {
				owner = other
			}
			if err := owner.Ack(ctx, lb); err != nil {
				t.Fatal(err)
			}
			var got []string
			for {
				l, drained := next(t, other)
				if drained {
					break
				}
				got = append(got, l.Req.URL)
				other.Ack(ctx, l)
			}
			if len(got) != 0 {
				t.Errorf("handed out %v after their acks, want nothing", got)
			}
			if q, l, err := other.Size(ctx); err != nil || q != 0 || l != 0 {
				t.Errorf("Size = %d queued, %d leased (%v), want 0, 0", q, l, err)
			}
		})
	}
	t.Run("a released page comes back at once, reclaimed", func(t *testing.T) {
		f := newF("release")
		f.Add(ctx, "a", req("http://shop.test/a"), 0)
		l, _ := next(t, f)
		if err := f.Release(ctx, l); err != nil {
			t.Fatal(err)
		}
		back, _ := next(t, f)
		if back.Req.URL != l.Req.URL || !back.Reclaimed {
			t.Errorf("Next = %+v, want the released page, reclaimed", back)
		}
	})
	t.Run("many workers lease every page exactly once", func(t *testing.T) {
		const pages, workers = 300, 6
		prefix := "many"
		newF(prefix).Add(ctx, "0", req("http://shop.test/0"), 0)
		var mu sync.Mutex
		seen := map[string]int{}
		var wg sync.WaitGroup
		for range workers {
			f := newF(prefix)
			wg.Go(func() {
				for {
					l, drained, err := f.Next(ctx)
					if err != nil || drained {
						return
					}
					var n int
					fmt.Sscanf(l.Req.URL, "http://shop.test/%d", &n)
					// Each page leads to the next two, as listings do.
					for _, m := range []int{2*n + 1, 2*n + 2} {
						if m < pages {
							f.Add(ctx, fmt.Sprint(m), req(fmt.Sprintf("http://shop.test/%d", m)), 0)
						}
					}
					mu.Lock()
					seen[l.Req.URL]++
					mu.Unlock()
					f.Ack(ctx, l)
				}
			})
		}
		wg.Wait()
		if len(seen) != pages {
			t.Errorf("%d pages leased, want %d", len(seen), pages)
		}
		for u, n := range seen {
			if n != 1 {
				t.Errorf("%s leased %d times", u, n)
			}
		}
	})
}

// TestFrontierHoldsListingOffersForTheirProductPage: an offer held before
// its product page is read is taken by that page (and stays takeable for a
// retry); one held after is dropped; leftovers are the offers whose page
// never came, returned once.
func TestFrontierHoldsListingOffersForTheirProductPage(t *testing.T) {
	rdb := queuetest.MustClient(t, queuetest.MustURL(t, queuetest.DBRedisStore+2))
	ctx := context.Background()
	f := NewFrontier(rdb, "hold")
	price := pricing.Money{Amount: pricing.MustAmount("123.45"), Currency: "CNY"}
	offer := func(u string) pricing.Offer {
		return pricing.Offer{URL: u, Title: "Phone " + u, Price: &price, Category: "phones"}
	}
	if held, err := f.Hold(ctx, "http://s/p/1", offer("http://s/p/1")); err != nil || !held {
		t.Fatalf("Hold before the page = %v, %v; want held", held, err)
	}
	f.Hold(ctx, "http://s/p/2", offer("http://s/p/2"))
	o, ok, err := f.Take(ctx, "http://s/p/1")
	if err != nil || !ok || o.Title != "Phone http://s/p/1" || o.Price == nil || *o.Price != price {
		t.Fatalf("Take = %+v %v %v, want the held offer with its price", o, ok, err)
	}
	if _, ok, _ := f.Take(ctx, "http://s/p/1"); !ok {
		t.Error("a second Take (a retried product page) found nothing")
	}
	if held, _ := f.Hold(ctx, "http://s/p/1", offer("http://s/p/1")); held {
		t.Error("an offer held after its product page was read was kept")
	}
	if _, ok, _ := f.Take(ctx, "http://s/p/3"); ok {
		t.Error("Take of a page nobody held an offer for found one")
	}
	rest, err := f.Leftovers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, o := range rest {
		urls = append(urls, o.URL)
	}
	sort.Strings(urls)
	if fmt.Sprint(urls) != "[http://s/p/2]" {
		t.Errorf("Leftovers = %v, want the offer whose page was never read", urls)
	}
	if again, _ := f.Leftovers(ctx); len(again) != 0 {
		t.Errorf("Leftovers twice returned %d offers again", len(again))
	}
}

// TestLimiterHoldsParallelismAndDelayAcrossWorkers: limiters of several
// workers keep one host to its parallelism and each slot to its delay; a
// slot whose worker died (acquired, never released or renewed) frees after
// the lease.
func TestLimiterHoldsParallelismAndDelayAcrossWorkers(t *testing.T) {
	rdb := queuetest.MustClient(t, queuetest.MustURL(t, queuetest.DBRedisStore+3))
	ctx := context.Background()
	tests := []struct {
		name        string
		rule        scraper.HostRule
		workers     int
		requests    int
		minDuration time.Duration // what the delay forces, at least
	}{
		{"parallelism 1 over three workers", scraper.HostRule{Parallelism: 1}, 3, 30, 0},
		{"parallelism 4 over three workers", scraper.HostRule{Parallelism: 4}, 3, 60, 0},
		{"parallelism 2 with a 50ms delay", scraper.HostRule{Parallelism: 2, Delay: 50 * time.Millisecond}, 3, 12, 250 * time.Millisecond},
		{"zero parallelism means one", scraper.HostRule{}, 2, 10, 0},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			host := fmt.Sprintf("http://shop%d.test:80", i)
			var active, peak atomic.Int32
			var wg sync.WaitGroup
			limiters := make([]*Limiter, tc.workers)
			for w := range limiters {
				limiters[w] = NewLimiter(rdb, "lim")
			}
			start := time.Now()
			// Each worker sends from two goroutines, as a crawl has
			// several pages in flight.
			per := tc.requests / tc.workers / 2
			for w := range 2 * tc.workers {
				l := limiters[w/2]
				wg.Go(func() {
					for range per {
						release, err := l.Acquire(ctx, host, tc.rule)
						if err != nil {
							t.Error(err)
							return
						}
						n := active.Add(1)
						for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
						}
						time.Sleep(5 * time.Millisecond)
						active.Add(-1)
						release()
					}
				})
			}
			wg.Wait()
			want := int32(max(tc.rule.Parallelism, 1))
			if p := peak.Load(); p > want {
				t.Errorf("%d requests at once, want at most %d", p, want)
			}
			if p := peak.Load(); p < want && tc.rule.Parallelism > 1 {
				t.Errorf("at most %d requests at once, want the parallelism %d used", p, want)
			}
			if d := time.Since(start); d < tc.minDuration {
				t.Errorf("%d requests took %s, the delay allows no less than %s", tc.requests, d, tc.minDuration)
			}
		})
	}
	t.Run("a dead worker's slot frees after its lease", func(t *testing.T) {
		// A worker that died holding the only slot: taken, never
		// renewed, never released.
		const lease = 400 * time.Millisecond
		host := "http://dead.test:80"
		if err := acquireScript.Run(ctx, rdb, []string{"lim:host:" + host}, "dead-worker", 1, lease.Milliseconds()).Err(); err != nil {
			t.Fatal(err)
		}
		alive := NewLimiter(rdb, "lim")
		start := time.Now()
		actx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		release, err := alive.Acquire(actx, host, scraper.HostRule{Parallelism: 1})
		if err != nil {
			t.Fatalf("the slot never freed: %v", err)
		}
		release()
		if took := time.Since(start); took < lease/2 || took > 3*time.Second {
			t.Errorf("got the slot after %s, want about the dead worker's lease %s", took, lease)
		}
	})
	t.Run("an abandoned request keeps its slot until the lease ends", func(t *testing.T) {
		// A worker stopping cancels its requests, but the shop may still
		// be answering them: another worker must not take the slot then.
		const lease = 400 * time.Millisecond
		host := "http://abandoned.test:80"
		stopping := NewLimiter(rdb, "lim")
		stopping.Lease = lease
		sctx, stop := context.WithCancel(ctx)
		release, err := stopping.Acquire(sctx, host, scraper.HostRule{Parallelism: 1})
		if err != nil {
			t.Fatal(err)
		}
		stop()
		release()
		other := NewLimiter(rdb, "lim")
		start := time.Now()
		actx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		release, err = other.Acquire(actx, host, scraper.HostRule{Parallelism: 1})
		if err != nil {
			t.Fatalf("the slot never freed: %v", err)
		}
		release()
		if took := time.Since(start); took < lease/2 {
			t.Errorf("another worker got the slot %s after the request was abandoned, want about the lease %s", took, lease)
		}
	})
}
