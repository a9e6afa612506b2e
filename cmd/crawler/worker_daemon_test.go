package main

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/metrics"
	"github.com/shelfwatch/shelfwatch/queue"
	"github.com/shelfwatch/shelfwatch/queue/queuetest"
	"github.com/shelfwatch/shelfwatch/schedule/scheduletest"
	"github.com/shelfwatch/shelfwatch/store"
	"github.com/shelfwatch/shelfwatch/store/storetest"
)

// TestTheDaemonQueuesItsSlotsForWorkers: with --redis the daemon's slot
// queues the crawl for a worker and waits for it instead of crawling
// in-process; the worker's metrics carry its worker label.
func TestTheDaemonQueuesItsSlotsForWorkers(t *testing.T) {
	dsn := storetest.MustDSN(t, store.DialectPostgres)
	redisURL := queuetest.MustURL(t, queuetest.DBCrawler+3)
	s := newBigShop(t, 2, 5, 0)
	cfgPath := bigShopConfig(t, s.srv.URL, 2, 100)
	appendTo(t, cfgPath, "schedule: \"*/10 * * * *\"\n")
	cfg, err := loadConfig(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rdb, err := queue.Connect(ctx, redisURL)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	e := &env{getenv: func(string) string { return "" }, stdout: io.Discard, stderr: io.Discard, now: time.Now}
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))

	m, cr := newSharedMonitor(e, cfg, db, rdb, log)
	m.Metrics = metrics.New(metrics.WithWorker("w1"), metrics.WithoutRuntimeMetrics())
	w := &queue.Worker{Redis: rdb, Monitor: m, Crawler: cr, Name: "w1", Logger: log}
	served := make(chan error, 1)
	go func() { served <- w.Run(ctx) }()

	d, err := newDaemon(e, cfg, db, log, scheduletest.NewClock(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	d.redisURL = redisURL
	if err := d.Run(ctx, []string{"acme"}); err != nil {
		t.Fatalf("the daemon's slot: %v", err)
	}
	runs, err := db.LatestRuns(ctx, "acme", "", 0)
	if err != nil || len(runs) != 1 || runs[0].Status != store.RunSucceeded || runs[0].Items != 10 {
		t.Fatalf("runs %+v (%v), want one succeeded run of 10 items crawled by the worker", runs, err)
	}
	families, err := m.Metrics.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range families {
		if f.GetName() != "shelfwatch_items_stored_total" {
			continue
		}
		for _, mt := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range mt.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["worker"] == "w1" && labels["competitor"] == "acme" && mt.GetCounter().GetValue() == 10 {
				found = true
			}
		}
	}
	if !found {
		t.Error("shelfwatch_items_stored_total{worker=\"w1\",competitor=\"acme\"} is not 10")
	}
	cancel()
	if err := <-served; err != nil {
		t.Errorf("worker: %v", err)
	}
}
