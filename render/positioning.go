package render

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// PositioningSchema names the version of the positioning feed's JSON form.
const PositioningSchema = "shelfwatch.positioning/v1"

// The tables of the positioning feed: one row per catalog item, or one row
// per group and tier. docs/positioning-feed.md documents their columns.
const (
	TableItems       = "items"
	TableTiers       = "tiers"
	TableCompetitors = "competitors"
)

// ErrUnknownTable is returned by PositioningCSV for a table other than
// TableItems and TableTiers.
var ErrUnknownTable = errors.New("unknown positioning table")

// PositionRow is one of our catalog items in the positioning feed. Optional
// values are nil when they do not apply: no tier, no compared listings.
type PositionRow struct {
	SKU              string          `json:"sku"`
	Title            string          `json:"title"`
	Category         string          `json:"category"`
	Group            string          `json:"group"`
	Currency         string          `json:"currency"`
	Price            pricing.Amount  `json:"price"`
	Tier             string          `json:"tier"`
	TargetTier       string          `json:"target_tier"`
	MatchedListings  int             `json:"matched_listings"`
	ComparedListings int             `json:"compared_listings"`
	Lowest           *pricing.Amount `json:"lowest"`
	Median           *pricing.Amount `json:"median"`
	IndexVsLowest    *float64        `json:"index_vs_lowest"`
	IndexVsMedian    *float64        `json:"index_vs_median"`
	Rank             *int            `json:"rank"`
	Sellers          int             `json:"sellers"`
	DistToLowerEdge  *pricing.Amount `json:"dist_to_lower_edge"`
	DistToUpperEdge  *pricing.Amount `json:"dist_to_upper_edge"`
	Flags            string          `json:"flags"`
	// Stale says the row rests on data from a competitor not crawled
	// within its stale_after (a compared listing, or the tier's offers).
	Stale bool `json:"stale"`
}

// TierRow is one tier of one market group in the positioning feed. LowerCut
// is nil for the low tier and UpperCut for the high tier: a price p is in
// the tier when LowerCut < p <= UpperCut.
type TierRow struct {
	Category    string          `json:"category"`
	Group       string          `json:"group"`
	Tier        string          `json:"tier"`
	Currency    string          `json:"currency"`
	LowerCut    *pricing.Amount `json:"lower_cut"`
	UpperCut    *pricing.Amount `json:"upper_cut"`
	MarketCount int             `json:"market_count"`
	OurCount    int             `json:"our_count"`
	MarketShare float64         `json:"market_share"`
	OurShare    float64         `json:"our_share"`
	Min         *pricing.Amount `json:"min"`
	Median      *pricing.Amount `json:"median"`
	Max         *pricing.Amount `json:"max"`
	// Separation is the group's: how clearly its market falls into the
	// three tiers, from 0 (no structure) to 1, rounded to two decimals. It
	// repeats on the group's three rows so each row stands alone.
	Separation float64 `json:"separation"`
	// StaleOffers counts the tier's offers from stale competitors.
	StaleOffers int `json:"stale_offers"`
}

// CompetitorRow is one competitor whose data the feed uses: the run, its
// age in days at the report's "now" (two decimals) and whether it is stale.
type CompetitorRow struct {
	Competitor string  `json:"competitor"`
	RunID      int64   `json:"run_id"`
	LastRun    string  `json:"last_run"`
	AgeDays    float64 `json:"age_days"`
	Stale      bool    `json:"stale"`
}

// PositioningFeed is the positioning feed's JSON document.
type PositioningFeed struct {
	Schema string        `json:"schema"`
	Items  []PositionRow `json:"items"`
	Tiers  []TierRow     `json:"tiers"`
	// Competitors says how old each competitor's data is.
	Competitors []CompetitorRow `json:"competitors"`
}

var (
	itemColumns = []string{"sku", "title", "category", "group", "currency", "price", "tier", "target_tier",
		"matched_listings", "compared_listings", "lowest", "median", "index_vs_lowest", "index_vs_median",
		"rank", "sellers", "dist_to_lower_edge", "dist_to_upper_edge", "flags", "stale"}
	tierColumns = []string{"category", "group", "tier", "currency", "lower_cut", "upper_cut",
		"market_count", "our_count", "market_share", "our_share", "min", "median", "max", "separation", "stale_offers"}
	competitorColumns = []string{"competitor", "run_id", "last_run", "age_days", "stale"}
)

// PositionRows returns the feed's item rows, in the analysis's order
// (category, SKU). Flags are the kinds of the item's gaps, most severe
// first, joined by ";".
func PositionRows(a pricing.Analysis) []PositionRow {
	flags := map[string][]string{}
	for _, g := range sortedGaps(a.Gaps) {
		if g.SKU == "" {
			continue
		}
		k := string(g.Kind)
		if !contains(flags[g.SKU], k) {
			flags[g.SKU] = append(flags[g.SKU], k)
		}
	}
	rows := make([]PositionRow, 0, len(a.Positions))
	for _, p := range a.Positions {
		r := PositionRow{
			SKU: p.SKU, Title: p.Title, Category: p.Category, Group: p.Key, Currency: p.Currency,
			Price: p.Amount, Tier: string(p.Tier), TargetTier: string(p.TargetTier),
			MatchedListings: len(p.Listings), ComparedListings: p.Compared, Sellers: p.Sellers,
			Flags: strings.Join(flags[p.SKU], ";"), Stale: p.Stale,
		}
		if p.Compared > 0 {
			rank := p.Rank
			r.Lowest, r.Median, r.Rank = amountPtr(p.Lowest), amountPtr(p.Median), &rank
			r.IndexVsLowest, r.IndexVsMedian = floatPtr(round(p.IndexVsLowest, 3)), floatPtr(round(p.IndexVsMedian, 3))
		}
		if p.Tier != "" {
			r.DistToLowerEdge, r.DistToUpperEdge = amountPtr(p.ToLower), amountPtr(p.ToUpper)
		}
		rows = append(rows, r)
	}
	return rows
}

// TierRows returns the feed's tier rows: three per tiered group, in the
// analysis's group order, low to high. Groups without tiers have no rows.
func TierRows(a pricing.Analysis) []TierRow {
	rows := make([]TierRow, 0, 3*len(a.Categories))
	for _, b := range a.Categories {
		if !b.Tiered {
			continue
		}
		cuts := [4]*pricing.Amount{nil, amountPtr(b.Cuts.Low), amountPtr(b.Cuts.High), nil}
		for i, t := range b.Tiers {
			r := TierRow{
				Category: b.Category, Group: b.Key, Tier: string(t.Tier), Currency: b.Currency,
				LowerCut: cuts[i], UpperCut: cuts[i+1], MarketCount: t.Market, OurCount: t.Ours,
				MarketShare: round(t.MarketPct, 1), OurShare: round(t.OurPct, 1), Separation: round(b.Separation, 2),
				StaleOffers: t.StaleOffers,
			}
			if t.Market > 0 {
				r.Min, r.Median, r.Max = amountPtr(t.Min), amountPtr(t.Median), amountPtr(t.Max)
			}
			rows = append(rows, r)
		}
	}
	return rows
}

// CompetitorRows returns the feed's competitor rows, by name.
func CompetitorRows(a pricing.Analysis) []CompetitorRow {
	rows := make([]CompetitorRow, 0, len(a.Freshness))
	for _, f := range a.Freshness {
		rows = append(rows, CompetitorRow{Competitor: f.Competitor, RunID: f.RunID, LastRun: timestamp(f.LastRun), AgeDays: days(f.Age), Stale: f.Stale})
	}
	return rows
}

// PositioningCSV writes one table of the positioning feed as CSV: table is
// TableItems, TableTiers or TableCompetitors, each a single rectangular table with a header
// line, which is what spreadsheets and planning tools import most easily.
// Amounts are plain decimal strings ("7999.00"), empty where they do not
// apply; text cells are neutralised against formula injection. It returns an
// error wrapping ErrUnknownTable for any other table, or the first error
// from writing to w.
func PositioningCSV(w io.Writer, a pricing.Analysis, table string) error {
	var recs [][]string
	switch table {
	case TableItems:
		recs = append(recs, itemColumns)
		for _, r := range PositionRows(a) {
			recs = append(recs, []string{
				neutralise(r.SKU), neutralise(r.Title), neutralise(r.Category), neutralise(r.Group), neutralise(r.Currency),
				r.Price.String(), r.Tier, r.TargetTier, strconv.Itoa(r.MatchedListings), strconv.Itoa(r.ComparedListings),
				optAmount(r.Lowest), optAmount(r.Median), optFloat(r.IndexVsLowest, 3), optFloat(r.IndexVsMedian, 3),
				optInt(r.Rank), strconv.Itoa(r.Sellers), optAmount(r.DistToLowerEdge), optAmount(r.DistToUpperEdge), r.Flags,
				strconv.FormatBool(r.Stale),
			})
		}
	case TableTiers:
		recs = append(recs, tierColumns)
		for _, r := range TierRows(a) {
			recs = append(recs, []string{
				neutralise(r.Category), neutralise(r.Group), r.Tier, neutralise(r.Currency),
				optAmount(r.LowerCut), optAmount(r.UpperCut), strconv.Itoa(r.MarketCount), strconv.Itoa(r.OurCount),
				strconv.FormatFloat(r.MarketShare, 'f', 1, 64), strconv.FormatFloat(r.OurShare, 'f', 1, 64),
				optAmount(r.Min), optAmount(r.Median), optAmount(r.Max), strconv.FormatFloat(r.Separation, 'f', 2, 64),
				strconv.Itoa(r.StaleOffers),
			})
		}
	case TableCompetitors:
		recs = append(recs, competitorColumns)
		for _, r := range CompetitorRows(a) {
			recs = append(recs, []string{neutralise(r.Competitor), strconv.FormatInt(r.RunID, 10), r.LastRun,
				strconv.FormatFloat(r.AgeDays, 'f', 2, 64), strconv.FormatBool(r.Stale)})
		}
	default:
		return fmt.Errorf("%w %q (want %s, %s or %s)", ErrUnknownTable, table, TableItems, TableTiers, TableCompetitors)
	}
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(recs); err != nil {
		return fmt.Errorf("write positioning csv: %w", err)
	}
	return nil
}

// PositioningJSON writes the positioning feed as one JSON document holding
// both tables (see PositioningFeed and docs/positioning-feed.md). Text is
// not neutralised: JSON readers do not evaluate formulas. It returns the
// first error from encoding or writing to w.
func PositioningJSON(w io.Writer, a pricing.Analysis) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	f := PositioningFeed{Schema: PositioningSchema, Items: PositionRows(a), Tiers: TierRows(a), Competitors: CompetitorRows(a)}
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("write positioning json: %w", err)
	}
	return nil
}

func optAmount(a *pricing.Amount) string {
	if a == nil {
		return ""
	}
	return a.String()
}

func optFloat(f *float64, prec int) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', prec, 64)
}

func optInt(i *int) string {
	if i == nil {
		return ""
	}
	return strconv.Itoa(*i)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
