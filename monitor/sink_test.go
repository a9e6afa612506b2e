package monitor

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/scraper"
	"github.com/shelfwatch/shelfwatch/store"
)

// pageBatch is the batch a crawl hands over for one product page.
func pageBatch(i int) scraper.Batch {
	u := fmt.Sprintf("https://shop.test/p/%d", i)
	return scraper.Batch{
		Offers: []pricing.Offer{{Key: u, URL: u, Title: fmt.Sprint("item ", i)}},
		Pages:  []scraper.DonePage{{URL: u, Kind: "product"}},
	}
}

// recorder is a save function that records what it saved, optionally
// slowly or failing from a given call on.
type recorder struct {
	mu     sync.Mutex
	delay  time.Duration
	failAt int // 1-based call that fails; 0 never
	calls  int
	offers []string
	pages  []string
}

func (r *recorder) save(ctx context.Context, b scraper.Batch) error {
	time.Sleep(r.delay)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls++
	if r.calls == r.failAt {
		return errors.New("disk full")
	}
	for _, o := range b.Offers {
		r.offers = append(r.offers, o.Key)
	}
	for _, p := range b.Pages {
		r.pages = append(r.pages, p.URL)
	}
	return ctx.Err()
}

func TestTheBatchQueueSavesEverythingInOrder(t *testing.T) {
	tests := []struct {
		name      string
		batches   int
		delay     time.Duration
		fewerSave bool // a store slower than the crawl gets merged transactions
	}{
		{"a store faster than the crawl", 50, 0, false},
		{"a store slower than the crawl merges what waits", 400, 2 * time.Millisecond, true},
		{"more pages waiting than one transaction takes", 3 * mergedOffers, time.Millisecond, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{delay: tt.delay}
			q := newBatchQueue(context.Background(), time.Minute, rec.save)
			for i := range tt.batches {
				if err := q.put(pageBatch(i)); err != nil {
					t.Fatalf("put %d: %v", i, err)
				}
			}
			if err := q.close(); err != nil {
				t.Fatal(err)
			}
			if len(rec.offers) != tt.batches || len(rec.pages) != tt.batches {
				t.Fatalf("saved %d offers and %d pages, want %d each", len(rec.offers), len(rec.pages), tt.batches)
			}
			for i := range tt.batches {
				if want := pageBatch(i).Offers[0].Key; rec.offers[i] != want || rec.pages[i] != want {
					t.Fatalf("saved #%d: offer %s, page %s; want %s for both", i, rec.offers[i], rec.pages[i], want)
				}
			}
			if tt.fewerSave && rec.calls >= tt.batches {
				t.Errorf("%d saves for %d batches: nothing was merged", rec.calls, tt.batches)
			}
			if least := (tt.batches + mergedOffers - 1) / mergedOffers; rec.calls < least {
				t.Errorf("%d saves for %d offers: a transaction took more than %d", rec.calls, tt.batches, mergedOffers)
			}
		})
	}
}

func TestAFailedSaveStopsTheCrawlAndIsReported(t *testing.T) {
	rec := &recorder{failAt: 1, delay: 10 * time.Millisecond}
	q := newBatchQueue(context.Background(), time.Minute, rec.save)
	var putErr error
	for i := 0; i < 10*queuedBatches && putErr == nil; i++ {
		putErr = q.put(pageBatch(i))
	}
	if putErr == nil || !strings.Contains(putErr.Error(), "disk full") {
		t.Errorf("put after a failed save: %v; want the save's error", putErr)
	}
	if err := q.close(); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("close: %v; want the save's error", err)
	}
	if len(rec.offers) != 0 {
		t.Errorf("%d offers saved after the failure", len(rec.offers))
	}
}

func TestAFullQueueHoldsTheCrawlUntilTheStoreCatchesUp(t *testing.T) {
	release := make(chan struct{})
	saving := make(chan struct{}, 1)
	var mu sync.Mutex
	total := 0
	q := newBatchQueue(context.Background(), time.Minute, func(_ context.Context, b scraper.Batch) error {
		select {
		case saving <- struct{}{}:
		default:
		}
		<-release
		mu.Lock()
		total += len(b.Offers)
		mu.Unlock()
		return nil
	})
	// The writer takes the first batch and hangs in the store; then the
	// queue takes queuedBatches more, and the next put must wait.
	if err := q.put(pageBatch(0)); err != nil {
		t.Fatal(err)
	}
	<-saving
	put := make(chan error)
	go func() {
		for i := 1; i <= queuedBatches+1; i++ {
			if err := q.put(pageBatch(i)); err != nil {
				put <- err
				return
			}
		}
		put <- nil
	}()
	select {
	case err := <-put:
		t.Fatalf("every put returned (%v) while the store held the first batch", err)
	case <-time.After(200 * time.Millisecond):
	}
	if n := len(q.in); n != queuedBatches {
		t.Errorf("%d batches queued while the crawl waits, want %d", n, queuedBatches)
	}
	close(release)
	if err := <-put; err != nil {
		t.Fatal(err)
	}
	if err := q.close(); err != nil {
		t.Fatal(err)
	}
	if total != queuedBatches+2 {
		t.Errorf("saved %d offers, want %d", total, queuedBatches+2)
	}
}

func TestAfterACancelTheQueueIsFlushedWithinOneTimeout(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	const timeout = 300 * time.Millisecond
	q := newBatchQueue(ctx, timeout, func(sctx context.Context, _ scraper.Batch) error {
		if ctx.Err() == nil {
			return nil
		}
		<-sctx.Done() // a database that stopped answering
		return sctx.Err()
	})
	for i := range 5 {
		if err := q.put(pageBatch(i)); err != nil {
			t.Fatal(err)
		}
	}
	cancel()
	for i := range 5 {
		q.put(pageBatch(100 + i))
	}
	start := time.Now()
	err := q.close()
	if took := time.Since(start); took > 3*timeout {
		t.Errorf("close took %s after the cancel; want about one timeout (%s)", took, timeout)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("close: %v; want the flush's deadline", err)
	}
}

// failingStore fails every SaveBatch.
type failingStore struct{ Store }

func (failingStore) SaveBatch(context.Context, int64, []pricing.Offer, []store.PageDone) error {
	return errors.New("disk full")
}

func TestAStoreThatCannotSaveFailsTheRun(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := newTestShop(t, 2, 3)
		m, _ := testMonitor(t, dialect, s.competitor("acme"))
		m.Store = failingStore{m.Store}
		r := mustRun(t, m, Options{SkipMatch: true}).Results[0]
		if r.Run.Status != store.RunFailed || r.Err == nil || !strings.Contains(r.Err.Error(), "disk full") {
			t.Errorf("result %+v; want failed naming the store's error", r)
		}
		if r.Run.Items != 0 {
			t.Errorf("%d items counted as stored", r.Run.Items)
		}
	})
}
