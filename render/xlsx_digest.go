package render

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/xuri/excelize/v2"
)

// The sheets of the XLSX digest, in workbook order.
const (
	SheetSummary = "Summary"
	SheetMoves   = "Moves"
	SheetNewGone = "New and gone"
	SheetStock   = "Stock"
	SheetTiers   = "Tiers"
	SheetGaps    = "Gaps"
	SheetQuality = "Data quality"
)

// Conditional fills, the digest page's severity colours: high red, medium
// amber, low blue.
var severityFills = map[string]string{"high": "FFEBE9", "medium": "FFF8C5", "low": "DDF4FF"}

// xlsxBook builds the digest workbook: the styles it shares and the sheets.
type xlsxBook struct {
	f        *excelize.File
	head     int
	pct      int // 0.0 % of a fraction
	ratio    int // 0.000
	stamp    int // yyyy-mm-dd hh:mm
	amounts  map[string]int
	severity map[string]int // conditional formats by severity
}

// DigestXLSX writes the digest as an Excel workbook with one sheet per
// section: Summary, Moves (price changes), New and gone, Stock, Tiers, Gaps
// and Data quality. Each sheet has a bold, frozen header row and an
// autofilter over its table; amounts are number cells in their currency's
// format (¥#,##0.00, #,##0.00 "CHF"), shares and changes are percent cells,
// times are date cells in UTC, and rows are coloured by severity with
// conditional formats (gaps by their severity, moves of 10 % or more, runs
// that failed or look suspect), so a filter or sort keeps the colours right.
// Text from scraped pages is neutralised against formula injection. It
// returns the first error from building the workbook or writing it to w.
func DigestXLSX(w io.Writer, d Digest) error {
	f := excelize.NewFile()
	defer f.Close()
	b := &xlsxBook{f: f, amounts: map[string]int{}, severity: map[string]int{}}
	if err := b.styles(); err != nil {
		return fmt.Errorf("write digest xlsx: %w", err)
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:       "Shelfwatch weekly digest – " + when(d.GeneratedAt),
		Description: "window " + window(d.Since),
		Creator:     "shelfwatch",
	}); err != nil {
		return fmt.Errorf("write digest xlsx: %w", err)
	}
	sheets := []struct {
		name string
		fill func(Digest) (sheet, error)
	}{
		{SheetSummary, b.summary}, {SheetMoves, b.moves}, {SheetNewGone, b.newGone}, {SheetStock, b.stock},
		{SheetTiers, b.tiers}, {SheetGaps, b.gaps}, {SheetQuality, b.quality},
	}
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				return fmt.Errorf("write digest xlsx: %w", err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			return fmt.Errorf("write digest xlsx: %w", err)
		}
		sh, err := s.fill(d)
		if err == nil {
			err = b.write(s.name, sh)
		}
		if err != nil {
			return fmt.Errorf("write digest xlsx: sheet %s: %w", s.name, err)
		}
	}
	f.SetActiveSheet(0)
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write digest xlsx: %w", err)
	}
	return nil
}

func (b *xlsxBook) styles() error {
	var err error
	if b.head, err = b.f.NewStyle(&excelize.Style{
		Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F6F8FA"}},
	}); err != nil {
		return err
	}
	fmtPct, fmtRatio, fmtStamp := "0.0%", "0.000", "yyyy-mm-dd hh:mm"
	if b.pct, err = b.f.NewStyle(&excelize.Style{CustomNumFmt: &fmtPct}); err != nil {
		return err
	}
	if b.ratio, err = b.f.NewStyle(&excelize.Style{CustomNumFmt: &fmtRatio}); err != nil {
		return err
	}
	if b.stamp, err = b.f.NewStyle(&excelize.Style{CustomNumFmt: &fmtStamp}); err != nil {
		return err
	}
	for sev, color := range severityFills {
		id, err := b.f.NewConditionalStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}, Shading: 0}})
		if err != nil {
			return err
		}
		b.severity[sev] = id
	}
	return nil
}

// amountStyle returns the number format of amounts in currency: its symbol
// before the amount where it has a common one (as the digest page writes
// it), else its ISO code after the amount.
func (b *xlsxBook) amountStyle(currency string) (int, error) {
	if id, ok := b.amounts[currency]; ok {
		return id, nil
	}
	// Only letters reach the format string, so a strange currency from a
	// config cannot break out of its quotes.
	code := strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
			return r
		}
		return -1
	}, currency)
	// The currency's own decimals: ¥1,299 for yen, 423.923 for dinars.
	number := "#,##0"
	if digits, _ := pricing.MinorUnits(code); digits > 0 {
		number += "." + strings.Repeat("0", digits)
	}
	format := number
	zero := pricing.Money{Currency: code}.Display() // "¥0" or "0 CHF"
	switch {
	case code == "":
	case !strings.HasPrefix(zero, "0"):
		format = `"` + strings.ReplaceAll(strings.TrimSuffix(zero, "0"), `"`, "") + `"` + number
	default:
		format = number + ` "` + code + `"`
	}
	id, err := b.f.NewStyle(&excelize.Style{CustomNumFmt: &format})
	if err != nil {
		return 0, err
	}
	b.amounts[currency] = id
	return id, nil
}

// sheet is one table: a header and rows of cells, with the conditional
// colours of its rows.
type sheet struct {
	head  []string
	rows  [][]any
	width []float64
	// colour, when set, is a formula over the row's cells (with {r} for the
	// row number) per severity: the row is filled when it is true.
	colour map[string]string
}

func (b *xlsxBook) write(name string, s sheet) error {
	f := b.f
	head := make([]any, len(s.head))
	for i, h := range s.head {
		head[i] = h
	}
	if err := f.SetSheetRow(name, "A1", &head); err != nil {
		return err
	}
	last, err := excelize.ColumnNumberToName(len(s.head))
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(name, "A1", last+"1", b.head); err != nil {
		return err
	}
	for i, r := range s.rows {
		row := i + 2
		for j, c := range r {
			cell, err := excelize.CoordinatesToCellName(j+1, row)
			if err != nil {
				return err
			}
			v, style := c, 0
			if sc, ok := c.(styled); ok {
				v, style = sc.value, sc.style
			}
			if v == nil {
				continue
			}
			if err := f.SetCellValue(name, cell, v); err != nil {
				return err
			}
			if style != 0 {
				if err := f.SetCellStyle(name, cell, cell, style); err != nil {
					return err
				}
			}
		}
	}
	if err := f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	end := strconv.Itoa(max(len(s.rows)+1, 2))
	if err := f.AutoFilter(name, "A1:"+last+end, nil); err != nil {
		return err
	}
	for i, w := range s.width {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(name, col, col, w); err != nil {
			return err
		}
	}
	if len(s.rows) > 0 {
		for _, sev := range []string{"high", "medium", "low"} {
			formula, ok := s.colour[sev]
			if !ok {
				continue
			}
			style := b.severity[sev]
			if err := f.SetConditionalFormat(name, "A2:"+last+end, []excelize.ConditionalFormatOptions{{
				Type: "formula", Criteria: strings.ReplaceAll(formula, "{r}", "2"), Format: &style, StopIfTrue: true,
			}}); err != nil {
				return err
			}
		}
	}
	return nil
}

// styled is a cell value with its style.
type styled struct {
	value any
	style int
}

func (b *xlsxBook) amount(a *pricing.Amount, currency string) (any, error) {
	if a == nil {
		return nil, nil
	}
	id, err := b.amountStyle(currency)
	return styled{amountFloat(*a), id}, err
}

func (b *xlsxBook) money(m *pricing.Money) (any, error) {
	if m == nil {
		return nil, nil
	}
	return b.amount(&m.Amount, m.Currency)
}

// percent writes a percentage (44.4 meaning 44.4 %) as a percent cell.
func (b *xlsxBook) percent(p float64) any { return styled{round(p, 1) / 100, b.pct} }

func (b *xlsxBook) timeCell(r RunInfo, finished bool) any {
	t := r.StartedAt
	if finished {
		t = r.FinishedAt
	}
	if t.IsZero() {
		return nil
	}
	// Excel has no time zones: the cell holds the UTC wall time, and the
	// column's header says so.
	return styled{t.UTC(), b.stamp}
}

func (b *xlsxBook) summary(d Digest) (sheet, error) {
	a := d.Analysis
	s := sheet{head: []string{"What", "Value"}, width: []float64{44, 28}}
	add := func(what string, v any) { s.rows = append(s.rows, []any{what, v}) }
	// The stale warning is the sheet's first row, as it is the other
	// formats' first line.
	if w := staleWarning(d); w != "" {
		add("STALE", w)
	}
	add("Generated (UTC)", styled{d.GeneratedAt.UTC(), b.stamp})
	wf := windowFeed(d)
	add("Window", windowLine(d))
	if wf.Week != "" {
		add("Week", wf.Week)
	}
	for _, f := range d.Freshness {
		v := "no successful run"
		if !f.LastRun.IsZero() {
			v = markStale(age(f.Age)+" ("+when(f.LastRun)+")", f.Stale)
		}
		add("Last successful run: "+neutralise(f.Competitor), v)
	}
	add("Competitors with a current run", len(d.Current))
	add("Competitors compared with an earlier run", len(d.Previous))
	add("Competitors with no usable run", len(d.NoRuns))
	add("Unusable runs in the window", len(d.Quality))
	add("Market groups", len(a.Categories))
	add("Our items placed", len(a.Positions))
	sev := map[string]int{}
	for _, g := range a.Gaps {
		sev[g.Severity.String()]++
	}
	for _, s := range []string{"high", "medium", "low"} {
		add("Flags of "+s+" severity", sev[s])
	}
	n := pricing.CountChanges(a.Changes)
	for _, c := range changeColumns {
		add("Listings changed: "+c.head, n[c.kind])
	}
	add("Cut moves", len(a.CutMoves))
	add("Outliers trimmed", len(a.Outliers))
	add("Match candidates to review", d.Candidates)
	s.colour = map[string]string{"high": `OR($A{r}="STALE",AND($A{r}="Flags of high severity",$B{r}>0))`}
	return s, nil
}

// changeRows lists the changes of the given kinds with their prices.
func (b *xlsxBook) changeRows(cs []pricing.Change, withPct bool, kinds ...pricing.ChangeKind) ([][]any, error) {
	var rows [][]any
	for _, c := range cs {
		if !containsKind(kinds, c.Kind) {
			continue
		}
		from, err := b.money(c.From)
		if err != nil {
			return nil, err
		}
		to, err := b.money(c.To)
		if err != nil {
			return nil, err
		}
		cur := ""
		switch {
		case c.To != nil:
			cur = c.To.Currency
		case c.From != nil:
			cur = c.From.Currency
		}
		row := []any{neutralise(c.Competitor), neutralise(c.Category), changeNames[c.Kind], neutralise(c.Key), neutralise(c.Title), from, to, cur}
		if withPct {
			row = append(row, styled{float64(c.Pct) / 1000, b.pct})
		}
		row = append(row, c.Stale)
		rows = append(rows, row)
	}
	return rows, nil
}

func containsKind(ks []pricing.ChangeKind, k pricing.ChangeKind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

func (b *xlsxBook) moves(d Digest) (sheet, error) {
	rows, err := b.changeRows(d.Analysis.Changes, true, pricing.PriceUp, pricing.PriceDown)
	return sheet{
		head:  []string{"Competitor", "Category", "Change", "Listing key", "Title", "From", "To", "Currency", "Change %", "Stale"},
		rows:  rows,
		width: []float64{16, 16, 12, 22, 44, 14, 14, 10, 10, 8},
		// A competitor's cut of 10 % or more is what the team acts on
		// first; a rise of as much is worth a look.
		colour: map[string]string{"high": `$I{r}<=-0.1`, "medium": `$I{r}>=0.1`},
	}, err
}

func (b *xlsxBook) newGone(d Digest) (sheet, error) {
	rows, err := b.changeRows(d.Analysis.Changes, false, pricing.New, pricing.Gone)
	return sheet{
		head:  []string{"Competitor", "Category", "Change", "Listing key", "Title", "Price before", "Price now", "Currency", "Stale"},
		rows:  rows,
		width: []float64{16, 16, 12, 22, 44, 14, 14, 10, 8},
	}, err
}

func (b *xlsxBook) stock(d Digest) (sheet, error) {
	rows, err := b.changeRows(d.Analysis.Changes, false, pricing.StockOut, pricing.StockBack)
	return sheet{
		head:   []string{"Competitor", "Category", "Change", "Listing key", "Title", "Price before", "Price now", "Currency", "Stale"},
		rows:   rows,
		width:  []float64{16, 16, 14, 22, 44, 14, 14, 10, 8},
		colour: map[string]string{"low": `$C{r}="` + changeNames[pricing.StockOut] + `"`},
	}, err
}

func (b *xlsxBook) tiers(d Digest) (sheet, error) {
	s := sheet{
		head:  []string{"Group", "Category", "Tier", "Currency", "Lower cut", "Upper cut", "Market offers", "Ours", "Market share", "Our share", "Min", "Median", "Max", "Separation", "Stale offers"},
		width: []float64{18, 16, 8, 10, 12, 12, 13, 8, 13, 11, 12, 12, 12, 11, 12},
	}
	for _, r := range TierRows(d.Analysis) {
		row := []any{neutralise(r.Group), neutralise(r.Category), r.Tier, neutralise(r.Currency)}
		for _, a := range []*pricing.Amount{r.LowerCut, r.UpperCut} {
			v, err := b.amount(a, r.Currency)
			if err != nil {
				return s, err
			}
			row = append(row, v)
		}
		row = append(row, r.MarketCount, r.OurCount, b.percent(r.MarketShare), b.percent(r.OurShare))
		for _, a := range []*pricing.Amount{r.Min, r.Median, r.Max} {
			v, err := b.amount(a, r.Currency)
			if err != nil {
				return s, err
			}
			row = append(row, v)
		}
		row = append(row, styled{r.Separation, b.ratio}, r.StaleOffers)
		s.rows = append(s.rows, row)
	}
	return s, nil
}

func (b *xlsxBook) gaps(d Digest) (sheet, error) {
	s := sheet{
		head:   []string{"Severity", "Flag", "Category", "Tier", "SKU", "Competitor", "Listing key", "Title", "Detail", "Action", "Score", "Stale"},
		width:  []float64{10, 22, 16, 8, 14, 14, 20, 36, 60, 50, 8, 8},
		colour: map[string]string{"high": `$A{r}="high"`, "medium": `$A{r}="medium"`, "low": `$A{r}="low"`},
	}
	for _, g := range sortedGaps(d.Analysis.Gaps) {
		name := g.Kind.Title()
		s.rows = append(s.rows, []any{g.Severity.String(), name, neutralise(g.Category), string(g.Tier), neutralise(g.SKU),
			neutralise(g.Competitor), neutralise(g.ListingKey), neutralise(g.Title), neutralise(g.Detail), neutralise(g.Action), round(g.Score, 1), g.Stale})
	}
	return s, nil
}

func (b *xlsxBook) quality(d Digest) (sheet, error) {
	s := sheet{
		head:  []string{"Role", "Competitor", "Run", "Status", "Started (UTC)", "Finished (UTC)", "Pages", "Items", "Priced", "Errors", "Reason"},
		width: []float64{18, 16, 8, 12, 17, 17, 8, 8, 8, 8, 60},
		// A failed run lost data; a suspect one may have kept bad data.
		colour: map[string]string{"high": `$D{r}="` + StatusFailed + `"`, "medium": `OR($D{r}="` + StatusSuspect + `",$A{r}="no usable run",$A{r}="stale")`},
	}
	add := func(role string, rs []RunInfo) {
		for _, r := range rs {
			s.rows = append(s.rows, []any{role, neutralise(r.Competitor), r.RunID, r.Status, b.timeCell(r, false), b.timeCell(r, true),
				r.Pages, r.Items, r.WithPrice, r.Errors, neutralise(clean(r.Reason))})
		}
	}
	add("current", d.Current)
	add("compared with", d.Previous)
	add("not used", d.Quality)
	for _, f := range d.Freshness {
		if f.Stale && !f.LastRun.IsZero() {
			s.rows = append(s.rows, []any{"stale", neutralise(f.Competitor), f.RunID, nil, nil, nil, nil, nil, nil, nil,
				neutralise(fmt.Sprintf("last successful run %s, %s old (stale after %s): its prices are marked stale", when(f.LastRun), age(f.Age), age(f.StaleAfter)))})
		}
	}
	for _, c := range d.NoRuns {
		s.rows = append(s.rows, []any{"no usable run", neutralise(c), nil, nil, nil, nil, nil, nil, nil, nil, "its offers are missing from every band"})
	}
	for _, c := range needsSecondRun(d) {
		s.rows = append(s.rows, []any{"needs a second run", neutralise(c), nil, nil, nil, nil, nil, nil, nil, nil, "changes need a second successful run"})
	}
	for _, u := range d.Analysis.Unmapped {
		src := u.SourceCategory
		if strings.TrimSpace(src) == "" {
			src = "(none shown)"
		}
		s.rows = append(s.rows, []any{"unmapped category", neutralise(u.Competitor), nil, nil, nil, nil, nil, u.Listings, u.Priced, nil,
			neutralise(clean("shop category " + src + " maps to no category, e.g. " + listing(u.ExampleTitle, u.ExampleKey)))})
	}
	return s, nil
}
