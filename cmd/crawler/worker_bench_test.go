package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/queue/queuetest"
	"github.com/shelfwatch/shelfwatch/store"
	"github.com/shelfwatch/shelfwatch/store/storetest"
)

// BenchmarkWorkers crawls a shop of 2,000 product pages (20 listings of
// 100), each answer 20 ms late, with 1, 2 and 4 `crawler worker`
// processes that each fetch at most 2 pages at once, under a shop
// parallelism of 16 that none of them reaches: the crawl is bound by
// latency, not by the two cores, so pages/s shows how crawling scales with
// workers. Each iteration is a whole run, from `crawler run --redis`
// queueing it to its summary. Run it with -benchtime 1x (bench/run does).
func BenchmarkWorkers(b *testing.B) {
	for i, n := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("workers=%d", n), func(b *testing.B) {
			dsn := storetest.MustDSN(b, store.DialectPostgres)
			redisURL := queuetest.MustURL(b, queuetest.DBBench+i)
			s := newBigShop(b, 20, 100, 20*time.Millisecond)
			cfg := bigShopConfig(b, s.srv.URL, 16, 5000)
			workers := make([]*exec.Cmd, n)
			for w := range workers {
				workers[w] = startWorker(b, dsn, cfg, redisURL, fmt.Sprintf("w%d", w+1), &bytes.Buffer{}, "--fetchers", "2")
			}
			awaitWorkers(b, redisURL, n)
			db, err := store.Open(context.Background(), dsn)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			var pages int
			var took time.Duration
			b.ResetTimer()
			for range b.N {
				var out bytes.Buffer
				bin, err := crawlerBinary()
				if err != nil {
					b.Fatal(err)
				}
				run := exec.Command(bin, "run", "--config", cfg, "--redis", redisURL, "-q")
				run.Env = append(os.Environ(), "SHELFWATCH_DB="+dsn)
				run.Stdout, run.Stderr = &out, &out
				start := time.Now()
				if err := run.Run(); err != nil {
					b.Fatalf("crawler run --redis: %v\n%s", err, out.String())
				}
				took += time.Since(start)
				runs, err := db.LatestRuns(context.Background(), "acme", store.RunSucceeded, 1)
				if err != nil || len(runs) != 1 {
					b.Fatalf("no succeeded run (%v)\n%s", err, out.String())
				}
				pages += runs[0].Pages
			}
			b.StopTimer()
			b.ReportMetric(float64(pages)/took.Seconds(), "pages/s")
			for _, w := range workers {
				w.Process.Signal(syscall.SIGTERM)
			}
		})
	}
}
