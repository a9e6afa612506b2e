package render

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/xuri/excelize/v2"
)

func openDigestXLSX(t *testing.T, d Digest) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := DigestXLSX(&buf, d); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestDigestXLSXHasASheetPerSection(t *testing.T) {
	f := openDigestXLSX(t, fixture())
	want := []string{SheetSummary, SheetMoves, SheetNewGone, SheetStock, SheetTiers, SheetGaps, SheetQuality}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	filters := map[string]bool{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm._FilterDatabase" {
			filters[dn.Scope] = true
		}
	}
	for _, name := range want {
		t.Run(name+" has a frozen bold header and a filter", func(t *testing.T) {
			p, err := f.GetPanes(name)
			if err != nil || !p.Freeze || p.YSplit != 1 {
				t.Errorf("panes %+v (%v), want the first row frozen", p, err)
			}
			if !filters[name] {
				t.Errorf("no autofilter on %s", name)
			}
			id, err := f.GetCellStyle(name, "A1")
			if err != nil {
				t.Fatal(err)
			}
			st, err := f.GetStyle(id)
			if err != nil || st.Font == nil || !st.Font.Bold {
				t.Errorf("header style %+v (%v), want bold", st, err)
			}
		})
	}
}

// cell returns a cell's shown value, its raw value and its number format.
func cell(t *testing.T, f *excelize.File, sheet, ref string) (shown, raw, format string) {
	t.Helper()
	shown, err := f.GetCellValue(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	raw, err = f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		format = *st.CustomNumFmt
	}
	return shown, raw, format
}

func TestDigestXLSXCells(t *testing.T) {
	d := fixture()
	// A title that would run as a formula, and amounts in several kinds of
	// currency: with a symbol, written by code, in yen, and in currencies
	// of no and three decimals.
	d.Analysis.Changes = append(d.Analysis.Changes,
		pricing.Change{Kind: pricing.PriceDown, Competitor: "zurishop", Key: "sku:Z1", Title: "=HYPERLINK(\"http://x\")", Category: "watches",
			From: &pricing.Money{Amount: pricing.MustAmount("1299.50"), Currency: "CHF"}, To: &pricing.Money{Amount: pricing.MustAmount("1099.50"), Currency: "CHF"}, Pct: -154},
		pricing.Change{Kind: pricing.PriceUp, Competitor: "usshop", Key: "sku:U1", Title: "Watch", Category: "watches",
			From: &pricing.Money{Amount: pricing.MustAmount("10"), Currency: "USD"}, To: &pricing.Money{Amount: pricing.MustAmount("12.50"), Currency: "USD"}, Pct: 250},
		pricing.Change{Kind: pricing.PriceDown, Competitor: "kwshop", Key: "sku:K1", Title: "Watch", Category: "watches",
			From: &pricing.Money{Amount: pricing.MustAmount("450"), Currency: "KWD"}, To: &pricing.Money{Amount: pricing.MustAmount("423.923"), Currency: "KWD"}, Pct: -58},
		pricing.Change{Kind: pricing.PriceDown, Competitor: "clshop", Key: "sku:C1", Title: "Watch", Category: "watches",
			From: &pricing.Money{Amount: pricing.MustAmount("25990"), Currency: "CLP"}, To: &pricing.Money{Amount: pricing.MustAmount("24990"), Currency: "CLP"}, Pct: -38},
	)
	f := openDigestXLSX(t, d)
	rows, err := f.GetRows(SheetMoves)
	if err != nil {
		t.Fatal(err)
	}
	find := func(sheet string, rows [][]string, key string) int {
		for i, r := range rows {
			if slices.Contains(r, key) {
				return i + 1
			}
		}
		t.Fatalf("%s has no row for %s", sheet, key)
		return 0
	}
	for _, tt := range []struct {
		name                        string
		sheet, key, col             string
		wantShown, wantRaw, wantFmt string
	}{
		{"a yuan price shows its symbol", SheetMoves, "sku:GH-B256", "G", "¥3,799.00", "3799", `"¥"#,##0.00`},
		{"a move is a percent cell", SheetMoves, "sku:GH-B256", "I", "-11.6%", "-0.116", "0.0%"},
		{"a franc price shows its code after the amount", SheetMoves, "sku:Z1", "F", "1,299.50 CHF", "1299.5", `#,##0.00 "CHF"`},
		{"a dollar price shows its symbol", SheetMoves, "sku:U1", "G", "$12.50", "12.5", `"$"#,##0.00`},
		{"a dinar price keeps its three decimals", SheetMoves, "sku:K1", "G", "423.923 KWD", "423.923", `#,##0.000 "KWD"`},
		{"a peso price has no decimals", SheetMoves, "sku:C1", "G", "24,990 CLP", "24990", `#,##0 "CLP"`},
		{"a formula in a title stays text", SheetMoves, "sku:Z1", "E", `'=HYPERLINK("http://x")`, `'=HYPERLINK("http://x")`, ""},
		{"a gone listing keeps its last price", SheetNewGone, "url:https://gadgethub.example/p/old", "F", "¥999.00", "999", `"¥"#,##0.00`},
		{"a stock move names its direction", SheetStock, "sku:GH-BL", "C", "out of stock", "out of stock", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := f.GetRows(tt.sheet)
			if err != nil {
				t.Fatal(err)
			}
			ref := tt.col + strconv.Itoa(find(tt.sheet, rows, tt.key))
			shown, raw, format := cell(t, f, tt.sheet, ref)
			if raw != tt.wantRaw || format != tt.wantFmt {
				t.Errorf("%s!%s = %q formatted %q, want %q formatted %q", tt.sheet, ref, raw, format, tt.wantRaw, tt.wantFmt)
			}
			if tt.wantFmt == "" && shown != tt.wantShown {
				t.Errorf("%s!%s shows %q, want %q", tt.sheet, ref, shown, tt.wantShown)
			}
		})
	}
	if len(rows) != 1+6 {
		t.Errorf("Moves has %d rows, want a header and 6 price moves (new, gone and stock moves have sheets of their own)", len(rows))
	}

	t.Run("tiers carry shares as percent cells", func(t *testing.T) {
		rows, _ := f.GetRows(SheetTiers)
		if len(rows) != 1+3*2 {
			t.Fatalf("Tiers has %d rows, want a header and three tiers of two groups", len(rows))
		}
		_, raw, format := cell(t, f, SheetTiers, "I2")
		if format != "0.0%" || raw == "" {
			t.Errorf("market share %q formatted %q", raw, format)
		}
	})
	t.Run("gaps are coloured by severity", func(t *testing.T) {
		cf, err := f.GetConditionalFormats(SheetGaps)
		if err != nil {
			t.Fatal(err)
		}
		var formulas []string
		for _, opts := range cf {
			for _, o := range opts {
				formulas = append(formulas, o.Criteria)
			}
		}
		for _, sev := range []string{"high", "medium", "low"} {
			if !slices.ContainsFunc(formulas, func(s string) bool { return strings.Contains(s, `"`+sev+`"`) }) {
				t.Errorf("no conditional colour for %s severity in %q", sev, formulas)
			}
		}
		shown, _, _ := cell(t, f, SheetGaps, "A2")
		if shown != "high" {
			t.Errorf("the first gap is %q, want the most severe first", shown)
		}
	})
	t.Run("data quality lists every run and what is missing", func(t *testing.T) {
		rows, _ := f.GetRows(SheetQuality)
		var roles []string
		for _, r := range rows[1:] {
			roles = append(roles, r[0]+" "+r[1])
		}
		for _, want := range []string{"current gadgethub", "current teamall", "compared with gadgethub", "not used teamall", "not used shopzilla", "no usable run shopzilla", "needs a second run teamall", "unmapped category teamall"} {
			if !slices.Contains(roles, want) {
				t.Errorf("no %q row in %q", want, roles)
			}
		}
	})
}

func TestDigestXLSXOfAnEmptyDigest(t *testing.T) {
	f := openDigestXLSX(t, Digest{})
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name)
		if err != nil || len(rows) < 1 {
			t.Errorf("%s: %d rows (%v), want at least its header", name, len(rows), err)
		}
	}
}
