package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
)

func runReport(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, func(string) string { return "" }, &out, &errb)
	return out.String(), errb.String(), err
}

func TestPlanReproducesTheHandbook(t *testing.T) {
	// ¥10M a year ≈ ¥833K a month and ¥27K a day; $4,550 a day at a $30–50
	// AOV and 2 % conversion needs 91–152 orders from 4,550–7,584 visitors
	// (the handbook rounds to 100–150 orders from 5,000–8,000).
	out, _, err := runReport(t, "plan", "--target", "10,000,000", "--per", "year", "--aov", "45")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"833333.33 CNY", "27397.26 CNY"} {
		if !strings.Contains(out, want) {
			t.Errorf("plan output lacks %q:\n%s", want, out)
		}
	}
	out, _, err = runReport(t, "plan", "--target", "4550", "--per", "day", "--currency", "USD", "--aov", "30-50", "--conversion", "0.02")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"91–152", "4550–7584", "30.00–50.00 USD"} {
		if !strings.Contains(out, want) {
			t.Errorf("plan output lacks %q:\n%s", want, out)
		}
	}
}

func TestReportCommandLineErrorsExitTwo(t *testing.T) {
	for _, args := range [][]string{
		nil,
		{"digests"},
		{"digest", "--format", "pdf"},
		{"digest", "--since", "-1h"},
		{"digest", "extra"},
		{"positioning", "--table", "rows"},
		{"positioning", "--format", "xlsx"},
		{"matches"},
		{"plan"},
		{"plan", "--target", "1e6", "--aov", "45"},
		{"plan", "--target", "1000", "--aov", "45", "--tier", "mid", "--category", "Phones"},
		{"plan", "--target", "1000", "--aov", "45", "--conversion", "2"},
		{"plan", "--target", "1000", "--per", "week", "--aov", "45"},
		{"digest", "--config", "does-not-exist.yaml"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			_, _, err := runReport(t, args...)
			if err == nil || cmdline.ExitCode("report", err, &bytes.Buffer{}) != 2 {
				t.Errorf("err = %v, want exit status 2", err)
			}
		})
	}
}

func TestWriteReplacesTheOutputOnlyOnSuccess(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "digest.html")
	e := &env{stdout: &bytes.Buffer{}}
	if err := write(e, path, func(w io.Writer) error { _, err := io.WriteString(w, "good"); return err }); err != nil {
		t.Fatal(err)
	}
	if err := write(e, path, func(w io.Writer) error {
		io.WriteString(w, "half")
		return errors.New("render failed")
	}); err == nil {
		t.Fatal("want the render error back")
	}
	b, err := os.ReadFile(path)
	if err != nil || string(b) != "good" {
		t.Errorf("file = %q, %v; want the last good report", b, err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode = %v, want 0644", fi.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

func TestReportsDoNotCreateAMissingDatabase(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "typo.db")
	var out, errb bytes.Buffer
	err := run(context.Background(), []string{"digest", "--config", "../../configs/shelfwatch.yaml"},
		func(k string) string {
			if k == "SHELFWATCH_DB" {
				return "sqlite:" + missing
			}
			return ""
		}, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "no database at "+missing) {
		t.Errorf("err = %v, want one naming the missing database", err)
	}
	if _, serr := os.Stat(missing); serr == nil {
		t.Error("the report created the database")
	}
}
