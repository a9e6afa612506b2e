package cmd_test

import (
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestADatabaseThatNeverAnswersFailsTheCommand points both commands at a
// TCP listener that accepts connections and never says a word, as a hung
// PostgreSQL or a black-holing proxy does. Cron jobs must not pile up: each
// command fails by itself, with a clear message and exit 1, within 15 s.
func TestADatabaseThatNeverAnswersFailsTheCommand(t *testing.T) {
	crawler, report := binaries(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var (
		mu    sync.Mutex
		conns []net.Conn
	)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c) // held open, never answered
			mu.Unlock()
		}
	}()
	defer func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	}()
	cfg := setup(t, map[string]string{"acme": "http://127.0.0.1:1"})
	dsn := "postgres://shelfwatch@" + l.Addr().String() + "/shelfwatch?sslmode=disable"

	var wg sync.WaitGroup
	for _, c := range []struct {
		name string
		bin  string
		args []string
	}{
		{"crawler run", crawler, []string{"run", "--config", cfg}},
		{"report digest", report, []string{"digest", "--config", cfg}},
	} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			out, errOut, code := run(t, dsn, c.bin, c.args...)
			took := time.Since(start)
			t.Logf("%s gave up after %v: %s", c.name, took.Round(time.Millisecond), strings.TrimSpace(errOut))
			if took > 15*time.Second {
				t.Errorf("%s took %v against a database that never answers; want under 15 s", c.name, took)
			}
			if code != 1 {
				t.Errorf("%s exited %d, want 1\nstdout:\n%s\nstderr:\n%s", c.name, code, out, errOut)
			}
			if !strings.Contains(errOut, l.Addr().String()) && !strings.Contains(strings.ToLower(errOut), "timeout") {
				t.Errorf("%s: the error names neither the database nor a timeout:\n%s", c.name, errOut)
			}
		}()
	}
	wg.Wait()
}
