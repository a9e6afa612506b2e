package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	_ "github.com/lib/pq" // the fresh benchmark database is made through it
)

// bench is one benchmark run: the shop, the crawlers, their measurements.
type bench struct {
	products, parallel int
	stdout, stderr     io.Writer
	cpuprofile         string

	shop *shop
	url  string // the shop's first listing
	dir  string // scratch: binaries, config, SQLite file
}

// measurement is one crawler's crawl of the shop.
type measurement struct {
	name    string
	pages   int64 // answered by the shop
	items   int64 // products with a name (bare) or items stored (crawler run)
	wall    time.Duration
	cpu     time.Duration // user + system of the child
	maxRSS  int64         // bytes
	checked string        // what was verified about the result
}

func (m measurement) pagesPerSec() float64 { return float64(m.pages) / m.wall.Seconds() }

func (b *bench) run(ctx context.Context, crawlerBin, pg string, rounds int) error {
	dir, err := os.MkdirTemp("", "shelfwatch-bench-crawl-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	b.dir = dir
	if crawlerBin == "" {
		if crawlerBin, err = b.buildCrawler(ctx); err != nil {
			return err
		}
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}

	b.shop = newShop(b.products)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: b.shop, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	b.url = "http://" + ln.Addr().String() + "/c?page=1"
	fmt.Fprintf(b.stdout, "fixture shop: %d product pages + %d listings at %s, parallelism %d\n", b.products, b.shop.listings(), b.url, b.parallel)

	var pgDB *pgDatabase
	if pg != "" {
		if pgDB, err = freshPostgres(ctx, pg); err != nil {
			return err
		}
		defer pgDB.drop()
	}
	for round := 1; round <= rounds; round++ {
		var ms []measurement
		m, err := b.measure(ctx, "bare Colly", exec.CommandContext(ctx, self, "-bare", b.url, "-parallel", strconv.Itoa(b.parallel)), b.checkBare)
		if err != nil {
			return err
		}
		ms = append(ms, m)
		targets := []struct{ name, dsn string }{{"crawler run, SQLite", "sqlite:" + filepath.Join(dir, fmt.Sprintf("bench-%d.db", round))}}
		if pgDB != nil {
			targets = append(targets, struct{ name, dsn string }{"crawler run, PostgreSQL", pgDB.dsn})
		}
		for _, t := range targets {
			cmd, err := b.crawlerCmd(ctx, crawlerBin, t.dsn, profileName(b.cpuprofile, t.name))
			if err != nil {
				return err
			}
			m, err := b.measure(ctx, t.name, cmd, b.checkCrawler)
			if err != nil {
				return err
			}
			ms = append(ms, m)
		}
		b.print(round, ms)
	}
	return nil
}

func profileName(prefix, target string) string {
	switch {
	case prefix == "":
		return ""
	case strings.Contains(target, "SQLite"):
		return prefix + ".sqlite.pprof"
	}
	return prefix + ".postgres.pprof"
}

// buildCrawler builds cmd/crawler of the module this command runs in.
func (b *bench) buildCrawler(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil || strings.TrimSpace(string(out)) == "" || strings.TrimSpace(string(out)) == os.DevNull {
		return "", fmt.Errorf("finding the module root (run from inside the repository): %v", err)
	}
	bin := filepath.Join(b.dir, "crawler")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/crawler")
	cmd.Dir = filepath.Dir(strings.TrimSpace(string(out)))
	cmd.Stdout, cmd.Stderr = b.stderr, b.stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build ./cmd/crawler: %w", err)
	}
	return bin, nil
}

// crawlerCmd is `crawler run` of one competitor, the fixture shop, with no
// delay and the benchmark's parallelism, into dsn.
func (b *bench) crawlerCmd(ctx context.Context, bin, dsn, profile string) (*exec.Cmd, error) {
	cfg := filepath.Join(b.dir, "shelfwatch.yaml")
	// max_pages above the shop's size: the crawl must read every page.
	y := fmt.Sprintf(`database: sqlite:unused.db
contact_url: https://github.com/shelfwatch/shelfwatch
competitors:
  - name: bench
    start_urls: [%q]
    allowed_domains: ["127.0.0.1"]
    extract: auto
    currency: USD
    product_links: ".product-card a.name @href"
    next_page: "a.next @href"
    delay: 0s
    parallelism: %d
    max_pages: %d
`, b.url, b.parallel, b.shop.pages()+10)
	if err := os.WriteFile(cfg, []byte(y), 0o644); err != nil {
		return nil, err
	}
	args := []string{"run", "--config", cfg, "-q"}
	if profile != "" {
		args = append(args, "--cpuprofile", profile)
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = b.dir
	cmd.Env = append(os.Environ(), "SHELFWATCH_DB="+dsn)
	return cmd, nil
}

// measure runs one crawler as a child process and measures it: pages
// answered by the shop, wall time, and the child's rusage.
func (b *bench) measure(ctx context.Context, name string, cmd *exec.Cmd, check func([]byte, *measurement) error) (measurement, error) {
	m := measurement{name: name}
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = b.stderr
	before := b.shop.served.Load()
	start := time.Now()
	err := cmd.Run()
	m.wall = time.Since(start)
	m.pages = b.shop.served.Load() - before
	if err != nil {
		return m, fmt.Errorf("%s: %w\n%s", name, err, out.String())
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return m, fmt.Errorf("%s: no rusage on this system", name)
	}
	m.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	m.maxRSS = ru.Maxrss * 1024 // kilobytes on Linux
	if err := check(out.Bytes(), &m); err != nil {
		return m, fmt.Errorf("%s: %w\n%s", name, err, out.String())
	}
	if want := int64(b.shop.pages()); m.pages != want {
		return m, fmt.Errorf("%s: the shop answered %d pages, want %d", name, m.pages, want)
	}
	return m, nil
}

func (b *bench) checkBare(out []byte, m *measurement) error {
	var r bareResult
	if err := json.Unmarshal(bytes.TrimSpace(lastLine(out)), &r); err != nil {
		return fmt.Errorf("reading its result: %w", err)
	}
	m.items = r.Products
	if r.Products != int64(b.products) || r.WithPrice != int64(b.products) {
		return fmt.Errorf("read %d names and %d prices, want %d", r.Products, r.WithPrice, b.products)
	}
	m.checked = "every name and price read"
	return nil
}

// checkCrawler reads the competitor's line of the run summary: the run
// succeeded and stored every product with its price.
func (b *bench) checkCrawler(out []byte, m *measurement) error {
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 5 || f[0] != "bench" {
			continue
		}
		items, _ := strconv.ParseInt(f[3], 10, 64)
		priced, _ := strconv.ParseInt(f[4], 10, 64)
		m.items = items
		if f[1] != "succeeded" || items != int64(b.products) || priced != int64(b.products) {
			return fmt.Errorf("run %s with %d items, %d priced; want succeeded with %d", f[1], items, priced, b.products)
		}
		m.checked = "run succeeded, every item stored with its price"
		return nil
	}
	return fmt.Errorf("no summary line for competitor bench")
}

func lastLine(b []byte) []byte {
	b = bytes.TrimSpace(b)
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
		return b[i+1:]
	}
	return b
}

func (b *bench) print(round int, ms []measurement) {
	fmt.Fprintf(b.stdout, "\nround %d (load average now: %s)\n", round, loadAverage())
	tw := tabwriter.NewWriter(b.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	// CPU per page is the column to compare on a machine shared with other
	// work: pages/s follows whatever CPU the others leave.
	fmt.Fprintln(tw, "crawler\tpages\twall\tpages/s\tratio\tCPU\tCPU ms/page\tpeak RSS\t")
	for _, m := range ms {
		fmt.Fprintf(tw, "%s\t%d\t%.2fs\t%.0f\t%.2f\t%.0f%%\t%.2f\t%.0f MB\t\n", m.name, m.pages, m.wall.Seconds(), m.pagesPerSec(),
			m.pagesPerSec()/ms[0].pagesPerSec(), 100*m.cpu.Seconds()/m.wall.Seconds(), 1000*m.cpu.Seconds()/float64(m.pages), float64(m.maxRSS)/(1<<20))
	}
	tw.Flush()
}

// loadAverage is /proc/loadavg's first three fields, or "?".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// pgDatabase is a database made for one benchmark run.
type pgDatabase struct {
	admin *sql.DB
	name  string
	dsn   string
}

// freshPostgres creates an empty database on dsn's server, so that the
// crawl runs on a new schema whatever dsn's database holds.
func freshPostgres(ctx context.Context, dsn string) (*pgDatabase, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres DSN: %w", err)
	}
	admin, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	name := fmt.Sprintf("shelfwatch_bench_%d", os.Getpid())
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		return nil, fmt.Errorf("postgres: create database (use -postgres '' to skip PostgreSQL): %w", err)
	}
	u.Path = "/" + name
	return &pgDatabase{admin: admin, name: name, dsn: u.String()}, nil
}

func (p *pgDatabase) drop() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p.admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+p.name+" WITH (FORCE)")
	p.admin.Close()
}
