package main

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/render"
	"github.com/shelfwatch/shelfwatch/store"
	"github.com/xuri/excelize/v2"
)

// TestSpreadsheetOutputs runs `report digest --format xlsx` and the CSV
// reports (positioning, the review sheet, history) with --excel against a database of three shops' two runs.
func TestSpreadsheetOutputs(t *testing.T) {
	var wm weekMarket
	dsn := seeded(t, store.DialectSQLite, func(db *store.DB) { wm = seedWeek(t, db, time.Now().UTC()) })
	getenv := func(k string) string {
		if k == "SHELFWATCH_DB" {
			return dsn
		}
		return ""
	}
	report := func(args ...string) []byte {
		t.Helper()
		var out, errb bytes.Buffer
		args = append(args, "--config", "../../configs/shelfwatch.yaml")
		if err := run(context.Background(), args, getenv, &out, &errb); err != nil {
			t.Fatalf("report %s: %v\n%s", strings.Join(args, " "), err, errb.String())
		}
		return out.Bytes()
	}

	t.Run("the XLSX digest has every section and the week's stock moves", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "digest.xlsx")
		report("digest", "--since", "168h", "--format", "xlsx", "--out", path)
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		want := []string{render.SheetSummary, render.SheetMoves, render.SheetNewGone, render.SheetStock, render.SheetTiers, render.SheetGaps, render.SheetQuality}
		if got := f.GetSheetList(); !slices.Equal(got, want) {
			t.Fatalf("sheets %q, want %q", got, want)
		}
		rows, err := f.GetRows(render.SheetStock)
		if err != nil {
			t.Fatal(err)
		}
		moves := 0
		for _, s := range weekShops {
			moves += wm.out[s.name] + wm.back[s.name]
		}
		if len(rows)-1 != moves {
			t.Errorf("Stock lists %d moves, want %d", len(rows)-1, moves)
		}
		v, _ := f.GetCellValue(render.SheetSummary, "A1")
		if v != "What" {
			t.Errorf("Summary starts %q", v)
		}
	})
	for _, args := range [][]string{
		{"positioning", "--excel"},
		{"positioning", "--table", "tiers", "--excel"},
		{"matches", "--review", "--excel"},
		{"history", "--sku", "P-1", "--since", "30d", "--format", "csv", "--excel"},
		{"history", "--category", "Phones", "--since", "30d", "--format", "csv", "--excel"},
	} {
		t.Run(strings.Join(args, " ")+" writes a BOM and CRLF", func(t *testing.T) {
			plain := report(args[:len(args)-1]...)
			excel := report(args...)
			if !bytes.HasPrefix(excel, []byte("\xef\xbb\xbf")) {
				t.Fatalf("no BOM: %q", excel[:min(len(excel), 10)])
			}
			body := excel[3:]
			if n := bytes.Count(body, []byte("\n")); n == 0 || n != bytes.Count(body, []byte("\r\n")) {
				t.Errorf("line ends are not all CRLF: %q", body)
			}
			if !bytes.Equal(bytes.ReplaceAll(body, []byte("\r\n"), []byte("\n")), plain) {
				t.Errorf("--excel changed more than the BOM and line ends")
			}
			if bytes.HasPrefix(plain, []byte("\xef\xbb\xbf")) || bytes.Contains(plain, []byte("\r")) {
				t.Errorf("without --excel the CSV has a BOM or CRs: %q", plain[:min(len(plain), 40)])
			}
		})
	}
	t.Run("the XLSX digest needs a file and --excel a CSV", func(t *testing.T) {
		for _, args := range [][]string{{"digest", "--format", "xlsx"}, {"positioning", "--format", "json", "--excel"}, {"history", "--sku", "P-1", "--excel"}} {
			if _, _, err := runReport(t, args...); err == nil {
				t.Errorf("report %s: no error", strings.Join(args, " "))
			}
		}
	})
}
