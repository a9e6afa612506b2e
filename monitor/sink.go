package monitor

import (
	"context"
	"sync"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/scraper"
)

// Sizes of the pipeline between a crawl and the store.
const (
	// queuedBatches bounds the batches (about one per page read) waiting
	// for the store. Only when that many wait does the crawl wait too: the
	// store is then the bottleneck, and fetching further would only grow
	// memory.
	queuedBatches = 1024
	// mergedOffers bounds the offers the writer merges into one
	// transaction from what is queued.
	mergedOffers = 2000
)

// batchQueue is the pipeline between a crawl and the store: the crawl puts
// each batch (offers and the pages they finish) into a bounded queue and
// goes on fetching, while one writer saves what is queued, merging what
// waits into one transaction, so that a store slower than a page gets
// fewer, larger transactions instead of stalling the crawl page by page.
// Offers and the pages they finish stay in one transaction, so a page
// still counts as done exactly when its offers are stored.
type batchQueue struct {
	// save stores one (merged) batch.
	save func(context.Context, scraper.Batch) error
	// ctx is the crawl's. While it lives each save gets timeout of its
	// own; once it ends (a signal, a lost lock) what is still queued is
	// saved within one timeout in all, so a dead database cannot hang the
	// shutdown while a live one keeps every page fetched.
	ctx     context.Context
	timeout time.Duration

	in     chan scraper.Batch
	failed chan struct{} // closed when a save failed; err is set before
	done   chan struct{} // closed when the writer has returned
	err    error

	flushOnce   sync.Once
	flushCtx    context.Context
	flushCancel context.CancelFunc
}

func newBatchQueue(ctx context.Context, timeout time.Duration, save func(context.Context, scraper.Batch) error) *batchQueue {
	q := &batchQueue{
		save: save, ctx: ctx, timeout: timeout,
		in:     make(chan scraper.Batch, queuedBatches),
		failed: make(chan struct{}),
		done:   make(chan struct{}),
	}
	go q.write()
	return q
}

// put queues b; it waits only while the queue is full. It returns the
// error of a save that failed, which stops the crawl: pages read after it
// could not be recorded done either.
func (q *batchQueue) put(b scraper.Batch) error {
	select {
	case <-q.failed:
		return q.err
	default:
	}
	select {
	case q.in <- b:
		return nil
	case <-q.failed:
		return q.err
	}
}

// close is called once the crawl puts no more: it waits until everything
// queued is saved and returns the first save error.
func (q *batchQueue) close() error {
	close(q.in)
	<-q.done
	if q.flushCancel != nil {
		q.flushCancel()
	}
	return q.err
}

func (q *batchQueue) write() {
	defer close(q.done)
	for b := range q.in {
		b = q.merge(b)
		ctx, cancel := q.saveContext()
		err := q.save(ctx, b)
		cancel()
		if err != nil {
			q.err = err
			close(q.failed)
			return
		}
	}
}

// merge appends to b the batches already waiting, up to mergedOffers
// offers, without waiting for more.
func (q *batchQueue) merge(b scraper.Batch) scraper.Batch {
	copied := false
	for len(b.Offers) < mergedOffers {
		var next scraper.Batch
		select {
		case nb, ok := <-q.in:
			if !ok {
				return b
			}
			next = nb
		default:
			return b
		}
		if !copied {
			// The first batch's slices are the crawl's; grow copies.
			b = scraper.Batch{
				Offers: append(make([]pricing.Offer, 0, max(2*len(b.Offers), 64)), b.Offers...),
				Pages:  append(make([]scraper.DonePage, 0, max(2*len(b.Pages), 64)), b.Pages...),
			}
			copied = true
		}
		b.Offers = append(b.Offers, next.Offers...)
		b.Pages = append(b.Pages, next.Pages...)
	}
	return b
}

// saveContext is the context of one save: see ctx and timeout.
func (q *batchQueue) saveContext() (context.Context, context.CancelFunc) {
	if q.ctx.Err() == nil {
		return context.WithTimeout(context.WithoutCancel(q.ctx), q.timeout)
	}
	q.flushOnce.Do(func() {
		q.flushCtx, q.flushCancel = context.WithTimeout(context.WithoutCancel(q.ctx), q.timeout)
	})
	return q.flushCtx, func() {}
}
