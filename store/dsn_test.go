package store

import (
	"context"
	"errors"
	"net"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestParseDSN(t *testing.T) {
	for _, tc := range []struct {
		name, dsn, driver string
		has               []string
	}{
		{"sqlite:PATH becomes a file: DSN with the store's pragmas", "sqlite:/data/shelf.db", "sqlite",
			[]string{"file:/data/shelf.db?", "busy_timeout%285000%29", "journal_mode%28WAL%29", "foreign_keys%281%29", "_txlock=immediate", "_time_format=sqlite"}},
		{"sqlite::memory: stays in memory and skips WAL", "sqlite::memory:", "sqlite",
			[]string{"file::memory:?", "foreign_keys%281%29"}},
		{"a caller's busy_timeout wins over the default", "file:x.db?_pragma=busy_timeout(10)", "sqlite",
			[]string{"busy_timeout%2810%29"}},
		{"postgres URLs go to lib/pq with the default time limits added", "postgres://u:p@h/db?sslmode=disable", "postgres",
			[]string{"postgres://u:p@h/db?", "sslmode=disable", "connect_timeout=10", "statement_timeout=60000"}},
		{"postgresql URLs too", "postgresql://h/db", "postgres", []string{"postgresql://h/db?", "connect_timeout=10"}},
		{"a DSN's own time limits win", "postgres://h/db?connect_timeout=3&statement_timeout=500", "postgres",
			[]string{"connect_timeout=3", "statement_timeout=500"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			driver, dsn, err := parseDSN(tc.dsn)
			if err != nil || driver != tc.driver {
				t.Fatalf("parseDSN(%q) = %q, %q, %v", tc.dsn, driver, dsn, err)
			}
			for _, h := range tc.has {
				if !strings.Contains(dsn, h) {
					t.Errorf("driver DSN %q lacks %q", dsn, h)
				}
			}
			if strings.Count(dsn, "busy_timeout") > 1 || strings.Count(dsn, "connect_timeout") > 1 || strings.Count(dsn, "statement_timeout") > 1 {
				t.Errorf("driver DSN %q sets busy_timeout twice", dsn)
			}
		})
	}
}

// FuzzParseDSN feeds parseDSN what a config file or SHELFWATCH_DB might hold:
// it must never panic, must refuse with ErrBadDSN rather than guess, and its
// errors must never repeat the DSN (which may hold a password).
func FuzzParseDSN(f *testing.F) {
	for _, s := range []string{"sqlite:/x.db", "sqlite::memory:", "file:a.db?_pragma=foreign_keys(0)",
		"postgres://u:pw@h:5432/db?sslmode=disable", "postgresql://h/db", "sqlite:", "file:", "",
		"mysql://root:pw@h/db", "postgres://u:p%zz@h/db", "sqlite:x.db?%%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, dsn string) {
		driver, out, err := parseDSN(dsn)
		if err != nil {
			if !errors.Is(err, ErrBadDSN) {
				t.Errorf("parseDSN(%q) error %v is not ErrBadDSN", dsn, err)
			}
			// The fixed wording names schemes; a DSN that is part of it
			// ("postgres") is not a leak.
			const wording = "bad dsn: empty unknown scheme (want sqlite:PATH, file:PATH or postgres://...) " +
				"sqlite: needs a path or :memory: file: needs a path not a valid URL sqlite query: invalid URL escape"
			if len(dsn) >= 3 && strings.Contains(err.Error(), dsn) && !strings.Contains(wording, dsn) {
				t.Errorf("parseDSN(%q) error %q repeats the DSN", dsn, err)
			}
			return
		}
		switch driver {
		case "sqlite":
			if !strings.HasPrefix(out, "file:") {
				t.Errorf("parseDSN(%q) = sqlite %q, want a file: DSN", dsn, out)
			}
		case "postgres":
			// Only the two time limits may be added; everything the DSN
			// says is passed on as it was.
			in, err1 := url.Parse(dsn)
			got, err2 := url.Parse(out)
			if err1 != nil || err2 != nil {
				if out != dsn {
					t.Errorf("parseDSN(%q) changed an unparsable postgres DSN to %q", dsn, out)
				}
				return
			}
			if got.Scheme != in.Scheme || got.User.String() != in.User.String() || got.Host != in.Host || got.Path != in.Path {
				t.Errorf("parseDSN(%q) changed the postgres DSN to %q", dsn, out)
			}
			iq, gq := in.Query(), got.Query()
			for k, v := range iq {
				if !slices.Equal(gq[k], v) {
					t.Errorf("parseDSN(%q) changed parameter %s to %q", dsn, k, gq[k])
				}
			}
			for k := range gq {
				if !iq.Has(k) && k != "connect_timeout" && k != "statement_timeout" {
					t.Errorf("parseDSN(%q) added parameter %s", dsn, k)
				}
			}
		default:
			t.Errorf("parseDSN(%q) gave driver %q", dsn, driver)
		}
	})
}

// TestOpenFailsOnADatabaseThatNeverAnswers points Open at a TCP listener
// that accepts connections and never says a word, as a hung Postgres or a
// black-holing proxy does: Open must give up by itself (connect_timeout),
// and at once when its context is cancelled.
func TestOpenFailsOnADatabaseThatNeverAnswers(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var conns []net.Conn
	var mu sync.Mutex
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
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	}()
	base := "postgres://u@" + l.Addr().String() + "/db?sslmode=disable"

	t.Run("the connect timeout ends the wait", func(t *testing.T) {
		start := time.Now()
		_, err := Open(context.Background(), base+"&connect_timeout=1")
		if err == nil {
			t.Fatal("Open succeeded against a server that never answers")
		}
		if !strings.Contains(err.Error(), "did not answer within its connect_timeout") {
			t.Errorf("error %q does not say the database never answered", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("Open took %v with connect_timeout=1", d)
		}
	})
	t.Run("cancelling the context ends the wait", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := Open(ctx, base) // the default 10 s connect timeout
		if err == nil {
			t.Fatal("Open succeeded against a server that never answers")
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("Open took %v after its context was cancelled at 300ms", d)
		}
	})
}
