package render

import (
	"fmt"
	"io"
	"strconv"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/xuri/excelize/v2"
)

// PositioningXLSX writes the positioning feed as an Excel workbook with three
// sheets, "items", "tiers" and "competitors", holding the same columns as
// the CSV tables.
// Numbers are written as numbers (amounts with a #,##0.00 format) so the
// planners can sum and chart them; text cells are neutralised against
// formula injection. It returns the first error from building the workbook
// or writing it to w.
func PositioningXLSX(w io.Writer, a pricing.Analysis) error {
	f := excelize.NewFile()
	defer f.Close()
	amountStyle, err := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	if err != nil {
		return fmt.Errorf("write positioning xlsx: %w", err)
	}
	headStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("write positioning xlsx: %w", err)
	}
	amt := func(a *pricing.Amount) any {
		if a == nil {
			return nil
		}
		return excelize.Cell{StyleID: amountStyle, Value: amountFloat(*a)}
	}

	items := PositionRows(a)
	itemRows := make([][]any, 0, len(items))
	for _, r := range items {
		itemRows = append(itemRows, []any{
			neutralise(r.SKU), neutralise(r.Title), neutralise(r.Category), neutralise(r.Group), neutralise(r.Currency),
			amt(&r.Price), r.Tier, r.TargetTier, r.MatchedListings, r.ComparedListings,
			amt(r.Lowest), amt(r.Median), optNumber(r.IndexVsLowest), optNumber(r.IndexVsMedian),
			optNumber(r.Rank), r.Sellers, amt(r.DistToLowerEdge), amt(r.DistToUpperEdge), r.Flags, r.Stale,
		})
	}
	tiers := TierRows(a)
	tierRows := make([][]any, 0, len(tiers))
	for _, r := range tiers {
		tierRows = append(tierRows, []any{
			neutralise(r.Category), neutralise(r.Group), r.Tier, neutralise(r.Currency),
			amt(r.LowerCut), amt(r.UpperCut), r.MarketCount, r.OurCount, r.MarketShare, r.OurShare,
			amt(r.Min), amt(r.Median), amt(r.Max), r.Separation, r.StaleOffers,
		})
	}
	comps := CompetitorRows(a)
	compRows := make([][]any, 0, len(comps))
	for _, r := range comps {
		compRows = append(compRows, []any{neutralise(r.Competitor), r.RunID, r.LastRun, r.AgeDays, r.Stale})
	}

	if err := f.SetSheetName("Sheet1", TableItems); err != nil {
		return fmt.Errorf("write positioning xlsx: %w", err)
	}
	for _, name := range []string{TableTiers, TableCompetitors} {
		if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("write positioning xlsx: %w", err)
		}
	}
	for _, s := range []struct {
		name string
		head []string
		rows [][]any
	}{{TableItems, itemColumns, itemRows}, {TableTiers, tierColumns, tierRows}, {TableCompetitors, competitorColumns, compRows}} {
		if err := writeSheet(f, s.name, s.head, s.rows, headStyle); err != nil {
			return fmt.Errorf("write positioning xlsx: sheet %s: %w", s.name, err)
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write positioning xlsx: %w", err)
	}
	return nil
}

// writeSheet streams one sheet: a bold, frozen header row and the rows.
func writeSheet(f *excelize.File, name string, head []string, rows [][]any, headStyle int) error {
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	cells := make([]any, len(head))
	for i, h := range head {
		cells[i] = excelize.Cell{StyleID: headStyle, Value: h}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return err
	}
	for i, r := range rows {
		if err := sw.SetRow("A"+strconv.Itoa(i+2), r); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// amountFloat converts an exact amount to the float64 a spreadsheet cell
// holds. Only here, at the display edge, is money a float: the decimal
// string is parsed to the nearest float64, which Excel shows back as the
// same amount in the currency's decimals (every amount below 2^53
// ten-thousandths is within float64's 15 significant digits). Nothing reads
// the float back as money.
func amountFloat(a pricing.Amount) float64 {
	v, err := strconv.ParseFloat(a.String(), 64)
	if err != nil {
		return 0 // unreachable: Amount.String always writes a decimal
	}
	return v
}

// optNumber returns *p, or nil (an empty cell) when p is nil.
func optNumber[T int | float64](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}
