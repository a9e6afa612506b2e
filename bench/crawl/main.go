// Command crawl is the crawl benchmark of issue 10: it starts a loopback
// fixture shop of its own (deterministic product pages of ~40 KB with
// JSON-LD, a visible price and a related-products block, reached through
// paginated listings), crawls it with bare Colly, then with `crawler run` on
// SQLite and on PostgreSQL, each as a child process, and prints pages/s,
// CPU (user+sys over wall time) and peak RSS of each child, and the ratios to
// bare Colly, in one run.
//
//	go run ./bench/crawl                      # 20,000 products, parallelism 32
//	go run ./bench/crawl -products 2000       # a quick run
//	go run ./bench/crawl -postgres ''         # SQLite only
//	go run ./bench/crawl -cpuprofile /tmp/p   # crawler run writes /tmp/p.sqlite.pprof, /tmp/p.postgres.pprof
//
// The PostgreSQL DSN comes from -postgres, else SHELFWATCH_BENCH_POSTGRES,
// else postgres://postgres@127.0.0.1:5432/test?sslmode=disable; the
// benchmark creates a fresh database next to the DSN's and drops it after.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench/crawl:", err)
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

const defaultPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("crawl", flag.ContinueOnError)
	fs.SetOutput(stderr)
	products := fs.Int("products", 20000, "product pages in the fixture shop (listings of 40 come on top)")
	parallel := fs.Int("parallel", 32, "requests in flight, for every crawler")
	rounds := fs.Int("rounds", 1, "times to run the three crawlers, one after the other")
	pgDefault := getenv("SHELFWATCH_BENCH_POSTGRES")
	if pgDefault == "" {
		pgDefault = defaultPostgres
	}
	pg := fs.String("postgres", pgDefault, "PostgreSQL `DSN` whose server gets a fresh database; '' skips PostgreSQL")
	cpuprofile := fs.String("cpuprofile", "", "write crawler run's CPU profiles to `prefix`.sqlite.pprof and prefix.postgres.pprof")
	crawlerBin := fs.String("crawler", "", "crawler `binary` to run (default: go build ./cmd/crawler)")
	// The bare crawler runs as a child of this command so that its CPU and
	// RSS are its own, not the fixture shop's.
	bare := fs.String("bare", "", "internal: crawl `URL` with bare Colly and print the result")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *bare != "" {
		return runBare(ctx, *bare, *parallel, stdout)
	}
	if *products < 1 || *parallel < 1 || *rounds < 1 {
		return errors.New("-products, -parallel and -rounds must be at least 1")
	}
	b := &bench{products: *products, parallel: *parallel, stdout: stdout, stderr: stderr, cpuprofile: *cpuprofile}
	return b.run(ctx, *crawlerBin, *pg, *rounds)
}
