package store

import (
	"errors"
	"strings"
	"testing"
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
		{"postgres URLs go to lib/pq untouched", "postgres://u:p@h/db?sslmode=disable", "postgres",
			[]string{"postgres://u:p@h/db?sslmode=disable"}},
		{"postgresql URLs too", "postgresql://h/db", "postgres", []string{"postgresql://h/db"}},
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
			if strings.Count(dsn, "busy_timeout") > 1 {
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
			if out != dsn {
				t.Errorf("parseDSN(%q) changed a postgres DSN to %q", dsn, out)
			}
		default:
			t.Errorf("parseDSN(%q) gave driver %q", dsn, driver)
		}
	})
}
