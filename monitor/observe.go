package monitor

import (
	"context"

	"github.com/shelfwatch/shelfwatch/metrics"
	"github.com/shelfwatch/shelfwatch/progress"
	"github.com/shelfwatch/shelfwatch/scraper"
	"github.com/shelfwatch/shelfwatch/store"
)

// Observer returns the scraper.Observer (and scraper.FailureObserver) that
// feeds a crawl's live counts to m.Metrics and to the competitor's progress
// line. Set it as the Crawler's Observer.
func (m *Monitor) Observer() scraper.Observer { return observer{m} }

type observer struct{ m *Monitor }

func (o observer) PageFetched(competitor string, status int) {
	o.m.Metrics.PageFetched(competitor, status)
}

func (o observer) Retried(competitor string) { o.m.Metrics.Retried(competitor) }

func (o observer) PageFailed(competitor, class string) {
	o.m.Metrics.Error(competitor, metrics.ErrorClass(class))
	o.m.tracker(competitor).Error()
}

// track starts the competitor's progress line; its ETA comes from the last
// successful run's page count. It returns nil without Progress.
func (m *Monitor) track(ctx context.Context, name string, run store.Run) *progress.Tracker {
	if m.Progress == nil {
		return nil
	}
	expected := 0
	if prev, err := m.Store.LatestRuns(ctx, name, store.RunSucceeded, 1); err == nil && len(prev) > 0 {
		expected = prev[0].Pages
	}
	tr := m.Progress.Track(name, expected)
	for range run.Pages { // a resumed run's pages count
		tr.Page()
	}
	tr.Items(run.Items)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.trackers == nil {
		m.trackers = map[string]*progress.Tracker{}
	}
	m.trackers[name] = tr
	return tr
}

// tracker returns the competitor's progress line, nil when it has none.
func (m *Monitor) tracker(name string) *progress.Tracker {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.trackers[name]
}
