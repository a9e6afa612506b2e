package render

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/xuri/excelize/v2"
)

func TestPositioningCSVMatchesGolden(t *testing.T) {
	for _, table := range []string{TableItems, TableTiers, TableCompetitors} {
		t.Run("the "+table+" table", func(t *testing.T) {
			var buf bytes.Buffer
			if err := PositioningCSV(&buf, fixtureAnalysis(), table); err != nil {
				t.Fatal(err)
			}
			golden(t, "positioning-"+table+".csv", buf.Bytes())
		})
	}
}

func TestPositioningCSVRejectsAnUnknownTable(t *testing.T) {
	err := PositioningCSV(&bytes.Buffer{}, fixtureAnalysis(), "gaps")
	if !errors.Is(err, ErrUnknownTable) {
		t.Errorf("error = %v, want ErrUnknownTable", err)
	}
}

func TestPositioningJSONMatchesGoldenAndRoundTrips(t *testing.T) {
	var buf bytes.Buffer
	if err := PositioningJSON(&buf, fixtureAnalysis()); err != nil {
		t.Fatal(err)
	}
	golden(t, "positioning.json", buf.Bytes())
	dec := json.NewDecoder(&buf)
	dec.DisallowUnknownFields()
	var f PositioningFeed
	if err := dec.Decode(&f); err != nil {
		t.Fatal(err)
	}
	if f.Schema != PositioningSchema || len(f.Items) != 6 || len(f.Tiers) != 6 {
		t.Errorf("schema %q, %d items, %d tiers", f.Schema, len(f.Items), len(f.Tiers))
	}
	if got := f.Items[3]; got.SKU != "PH-200" || got.Flags != "overpriced" || *got.IndexVsMedian != 1.211 {
		t.Errorf("PH-200 row = %+v", got)
	}
}

func TestPositionRowsJoinFlagsMostSevereFirst(t *testing.T) {
	a := fixtureAnalysis()
	a.Gaps = append(a.Gaps,
		pricing.Gap{Kind: pricing.CompetitorUndercut, Severity: pricing.SeverityHigh, SKU: "PH-300"},
		pricing.Gap{Kind: pricing.CompetitorUndercut, Severity: pricing.SeverityLow, SKU: "PH-300"})
	for _, r := range PositionRows(a) {
		if r.SKU == "PH-300" && r.Flags != "competitor_undercut;tier_mismatch" {
			t.Errorf("PH-300 flags = %q", r.Flags)
		}
	}
}

// attacks are titles a competitor (or a poisoned catalog export) could use
// to run formulas in the planner's spreadsheet.
var attacks = []string{`=HYPERLINK("http://evil.example","click")`, "+1", "-2+3", "@SUM(1)"}

func attackAnalysis() pricing.Analysis {
	a := pricing.Analysis{Categories: []pricing.CategoryBands{{
		Key: "=cmd", Category: "=cmd", Currency: "CNY", Tiered: true, Offers: 3,
		Cuts:  pricing.Cuts{Currency: "CNY", Low: amt("100"), High: amt("200")},
		Tiers: [3]pricing.TierStats{{Tier: pricing.TierLow}, {Tier: pricing.TierMid}, {Tier: pricing.TierHigh}},
	}}}
	for i, title := range attacks {
		a.Positions = append(a.Positions, pricing.Position{SKU: "S" + string(rune('1'+i)), Title: title, Category: "=cmd", Key: "=cmd",
			Currency: "CNY", Amount: amt("150"), Price: cny("150"), Tier: pricing.TierMid})
	}
	return a
}

func TestPositioningNeutralisesFormulas(t *testing.T) {
	want := []string{`'=HYPERLINK("http://evil.example","click")`, "'+1", "'-2+3", "'@SUM(1)"}
	check := func(t *testing.T, items, tiers [][]string) {
		t.Helper()
		for i, w := range want {
			if got := items[i+1][1]; got != w {
				t.Errorf("title %d = %q, want %q", i, got, w)
			}
			if got := items[i+1][2]; got != "'=cmd" {
				t.Errorf("category %d = %q, want '=cmd", i, got)
			}
		}
		if got := tiers[1][0]; got != "'=cmd" {
			t.Errorf("tier row category = %q, want '=cmd", got)
		}
	}
	t.Run("in CSV", func(t *testing.T) {
		tables := map[string][][]string{}
		for _, table := range []string{TableItems, TableTiers, TableCompetitors} {
			var buf bytes.Buffer
			if err := PositioningCSV(&buf, attackAnalysis(), table); err != nil {
				t.Fatal(err)
			}
			recs, err := csv.NewReader(&buf).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			tables[table] = recs
		}
		check(t, tables[TableItems], tables[TableTiers])
	})
	t.Run("in XLSX, read back with excelize", func(t *testing.T) {
		f := writeAndOpenXLSX(t, attackAnalysis())
		items, _ := f.GetRows(TableItems)
		tiers, _ := f.GetRows(TableTiers)
		check(t, items, tiers)
		for i := range attacks {
			cell := "B" + string(rune('2'+i))
			if formula, _ := f.GetCellFormula(TableItems, cell); formula != "" {
				t.Errorf("%s holds formula %q", cell, formula)
			}
		}
	})
}

func writeAndOpenXLSX(t *testing.T, a pricing.Analysis) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := PositioningXLSX(&buf, a); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("excelize cannot read the workbook back: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestPositioningXLSXHasBothSheetsWithHeadersAndNumbers(t *testing.T) {
	f := writeAndOpenXLSX(t, fixtureAnalysis())
	if got := f.GetSheetList(); !slices.Equal(got, []string{"items", "tiers", "competitors"}) {
		t.Fatalf("sheets = %v, want [items tiers competitors]", got)
	}
	comps, err := f.GetRows(TableCompetitors)
	if err != nil {
		t.Fatal(err)
	}
	if want := [][]string{competitorColumns, {"gadgethub", "12", "2026-11-25T06:00:00Z", "0.13", "FALSE"}, {"teamall", "14", "2026-11-25T07:00:00Z", "0.08", "FALSE"}}; !slices.EqualFunc(comps, want, slices.Equal) {
		t.Errorf("competitors sheet = %q, want %q", comps, want)
	}
	items, err := f.GetRows(TableItems)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(items[0], itemColumns) {
		t.Errorf("items header = %v", items[0])
	}
	if len(items) != 7 {
		t.Errorf("%d item rows, want 6 and a header", len(items)-1)
	}
	tiers, _ := f.GetRows(TableTiers)
	if !slices.Equal(tiers[0], tierColumns) || len(tiers) != 7 {
		t.Errorf("tiers sheet = %v", tiers)
	}
	// PH-200 is row 5: its price is a number cell shown with thousands
	// separators, its rank a plain number.
	// A number cell carries no type attribute (excelize reports it unset);
	// a text cell is a shared or inline string.
	isNumber := func(ct excelize.CellType) bool { return ct == excelize.CellTypeUnset || ct == excelize.CellTypeNumber }
	for _, cell := range []string{"F5", "O5"} {
		if got, _ := f.GetCellType(TableItems, cell); !isNumber(got) {
			t.Errorf("%s type = %v, want a number", cell, got)
		}
	}
	if got, _ := f.GetCellType(TableItems, "A5"); isNumber(got) {
		t.Errorf("A5 (a SKU) type = %v, want text", got)
	}
	if got, _ := f.GetCellValue(TableItems, "F5"); got != "4,599.00" {
		t.Errorf("F5 shows %q, want 4,599.00", got)
	}
	if got, _ := f.GetCellValue(TableItems, "F5", excelize.Options{RawCellValue: true}); got != "4599" {
		t.Errorf("F5 holds %q, want 4599", got)
	}
	if got, _ := f.GetCellValue(TableItems, "K2"); got != "" {
		t.Errorf("an item without compared listings has lowest %q, want an empty cell", got)
	}
	// The separation is the last tiers column, a number: 0.91 for
	// headphones (rows 2-4), 0.74 for phones (rows 5-7).
	for cell, want := range map[string]string{"N2": "0.91", "N4": "0.91", "N5": "0.74", "N7": "0.74"} {
		if got, _ := f.GetCellValue(TableTiers, cell); got != want {
			t.Errorf("tiers %s = %q, want separation %s", cell, got, want)
		}
		if got, _ := f.GetCellType(TableTiers, cell); !isNumber(got) {
			t.Errorf("tiers %s type = %v, want a number", cell, got)
		}
	}
}
