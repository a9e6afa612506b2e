package render

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// DigestSchema names the version of the JSON digest. A change that could
// break a reader (a renamed or removed field, a changed meaning) gets a new
// version; new fields do not.
const DigestSchema = "shelfwatch.digest/v1"

// The JSON digest's document types. They are declared here, not borrowed
// from pricing's JSON tags, so the feed's schema is owned by this package and
// only changes on purpose; docs/digest-json.md documents every field.
// Amounts are pricing.Amount, which encodes as a decimal string ("7999.00");
// times are RFC 3339 strings in UTC; percentages and indexes are numbers
// rounded for display (they are ratios, never money).
type (
	// DigestFeed is the whole JSON digest.
	DigestFeed struct {
		Schema      string          `json:"schema"`
		GeneratedAt string          `json:"generated_at"`
		Since       string          `json:"since"`
		Runs        RunsFeed        `json:"runs"`
		Categories  []CategoryFeed  `json:"categories"`
		Positions   []PositionFeed  `json:"positions"`
		Gaps        []GapFeed       `json:"gaps"`
		Changes     []ChangeFeed    `json:"changes"`
		Outliers    []OutlierFeed   `json:"outliers"`
		CutMoves    []CutMoveFeed   `json:"cut_moves"`
		DataQuality DataQualityFeed `json:"data_quality"`
	}

	// RunsFeed holds the runs the analysis compares.
	RunsFeed struct {
		Current  []RunFeed `json:"current"`
		Previous []RunFeed `json:"previous"`
	}

	// RunFeed is one crawl run.
	RunFeed struct {
		Competitor string `json:"competitor"`
		RunID      int64  `json:"run_id"`
		Status     string `json:"status"`
		StartedAt  string `json:"started_at"`
		FinishedAt string `json:"finished_at"`
		Pages      int    `json:"pages"`
		Items      int    `json:"items"`
		WithPrice  int    `json:"with_price"`
		Errors     int    `json:"errors"`
		Reason     string `json:"reason"`
	}

	// MoneyFeed is an amount in a currency.
	MoneyFeed struct {
		Amount   pricing.Amount `json:"amount"`
		Currency string         `json:"currency"`
	}

	// CategoryFeed is one group's banded market.
	CategoryFeed struct {
		Key      string          `json:"key"`
		Category string          `json:"category"`
		Brand    string          `json:"brand"`
		Currency string          `json:"currency"`
		Method   string          `json:"method"`
		Weighted bool            `json:"weighted"`
		Tiered   bool            `json:"tiered"`
		Note     string          `json:"note"`
		LowCut   *pricing.Amount `json:"low_cut"`
		HighCut  *pricing.Amount `json:"high_cut"`
		Offers   int             `json:"offers"`
		Min      *pricing.Amount `json:"min"`
		Max      *pricing.Amount `json:"max"`
		Trimmed  int             `json:"trimmed"`
		Excluded int             `json:"excluded"`
		Ours     int             `json:"ours"`
		Tiers    []TierFeed      `json:"tiers"`
	}

	// TierFeed is one tier of one group.
	TierFeed struct {
		Tier        string          `json:"tier"`
		MarketCount int             `json:"market_count"`
		OurCount    int             `json:"our_count"`
		MarketShare float64         `json:"market_share"`
		OurShare    float64         `json:"our_share"`
		Min         *pricing.Amount `json:"min"`
		Median      *pricing.Amount `json:"median"`
		Max         *pricing.Amount `json:"max"`
	}

	// PositionFeed is where one of our items stands.
	PositionFeed struct {
		SKU           string          `json:"sku"`
		Title         string          `json:"title"`
		Category      string          `json:"category"`
		Brand         string          `json:"brand"`
		Group         string          `json:"group"`
		Price         MoneyFeed       `json:"price"`
		TargetTier    string          `json:"target_tier"`
		Currency      string          `json:"currency"`
		Amount        pricing.Amount  `json:"amount"`
		Tier          string          `json:"tier"`
		Note          string          `json:"note"`
		ToLower       *pricing.Amount `json:"to_lower"`
		ToUpper       *pricing.Amount `json:"to_upper"`
		ToLowerPct    *float64        `json:"to_lower_pct"`
		ToUpperPct    *float64        `json:"to_upper_pct"`
		Compared      int             `json:"compared"`
		Lowest        *pricing.Amount `json:"lowest"`
		Median        *pricing.Amount `json:"median"`
		IndexVsLowest *float64        `json:"index_vs_lowest"`
		IndexVsMedian *float64        `json:"index_vs_median"`
		Rank          *int            `json:"rank"`
		Sellers       int             `json:"sellers"`
		Listings      []ListingFeed   `json:"listings"`
	}

	// ListingFeed is one competitor listing matched to one of our items.
	ListingFeed struct {
		Competitor   string          `json:"competitor"`
		Key          string          `json:"key"`
		Method       string          `json:"method"`
		Seen         bool            `json:"seen"`
		Title        string          `json:"title"`
		URL          string          `json:"url"`
		Availability string          `json:"availability"`
		Price        *MoneyFeed      `json:"price"`
		Amount       *pricing.Amount `json:"amount"`
		Compared     bool            `json:"compared"`
	}

	// GapFeed is one flag worth a buyer's attention.
	GapFeed struct {
		Kind       string  `json:"kind"`
		Severity   string  `json:"severity"`
		Score      float64 `json:"score"`
		Category   string  `json:"category"`
		Tier       string  `json:"tier"`
		SKU        string  `json:"sku"`
		Competitor string  `json:"competitor"`
		ListingKey string  `json:"listing_key"`
		Title      string  `json:"title"`
		Detail     string  `json:"detail"`
		Action     string  `json:"action"`
	}

	// ChangeFeed is one listing's change between two runs.
	ChangeFeed struct {
		Kind       string     `json:"kind"`
		Competitor string     `json:"competitor"`
		Category   string     `json:"category"`
		Key        string     `json:"key"`
		Title      string     `json:"title"`
		From       *MoneyFeed `json:"from"`
		To         *MoneyFeed `json:"to"`
		Pct        float64    `json:"pct"`
	}

	// OutlierFeed is a market offer left out of the bands, with the reason.
	OutlierFeed struct {
		Competitor string    `json:"competitor"`
		Category   string    `json:"category"`
		Key        string    `json:"key"`
		Title      string    `json:"title"`
		Price      MoneyFeed `json:"price"`
		Reason     string    `json:"reason"`
	}

	// CutMoveFeed is a cut point that moved since last week.
	CutMoveFeed struct {
		Group    string    `json:"group"`
		Category string    `json:"category"`
		Which    string    `json:"which"`
		From     MoneyFeed `json:"from"`
		To       MoneyFeed `json:"to"`
		Pct      float64   `json:"pct"`
	}

	// DataQualityFeed says what the digest could not use.
	DataQualityFeed struct {
		UnusableRuns       []RunFeed     `json:"unusable_runs"`
		NoRuns             []string      `json:"no_runs"`
		NeedsSecondRun     []string      `json:"needs_second_run"`
		Excluded           []OutlierFeed `json:"excluded"`
		CandidatesToReview int           `json:"candidates_to_review"`
	}
)

// JSON writes the digest as the versioned machine feed described in
// docs/digest-json.md: one indented JSON document, a stable field order,
// empty lists as [] rather than null. It returns the first error from
// encoding or writing to w.
func JSON(w io.Writer, d Digest) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(digestFeed(d)); err != nil {
		return fmt.Errorf("write digest json: %w", err)
	}
	return nil
}

func digestFeed(d Digest) DigestFeed {
	a := d.Analysis
	f := DigestFeed{
		Schema:      DigestSchema,
		GeneratedAt: timestamp(d.GeneratedAt),
		Since:       d.Since.String(),
		Runs:        RunsFeed{Current: runFeeds(d.Current), Previous: runFeeds(d.Previous)},
		Categories:  make([]CategoryFeed, 0, len(a.Categories)),
		Positions:   make([]PositionFeed, 0, len(a.Positions)),
		Gaps:        make([]GapFeed, 0, len(a.Gaps)),
		Changes:     make([]ChangeFeed, 0, len(a.Changes)),
		Outliers:    outlierFeeds(a.Outliers),
		CutMoves:    make([]CutMoveFeed, 0, len(a.CutMoves)),
		DataQuality: DataQualityFeed{
			UnusableRuns:       runFeeds(d.Quality),
			NoRuns:             nonNil(d.NoRuns),
			NeedsSecondRun:     needsSecondRun(d),
			Excluded:           outlierFeeds(a.Excluded),
			CandidatesToReview: d.Candidates,
		},
	}
	for _, b := range a.Categories {
		f.Categories = append(f.Categories, categoryFeed(b))
	}
	for _, p := range a.Positions {
		f.Positions = append(f.Positions, positionFeed(p))
	}
	for _, g := range sortedGaps(a.Gaps) {
		f.Gaps = append(f.Gaps, GapFeed{
			Kind: string(g.Kind), Severity: g.Severity.String(), Score: round(g.Score, 1),
			Category: g.Category, Tier: string(g.Tier), SKU: g.SKU, Competitor: g.Competitor,
			ListingKey: g.ListingKey, Title: g.Title, Detail: g.Detail, Action: g.Action,
		})
	}
	for _, c := range a.Changes {
		f.Changes = append(f.Changes, ChangeFeed{
			Kind: string(c.Kind), Competitor: c.Competitor, Category: c.Category, Key: c.Key, Title: c.Title,
			From: moneyFeed(c.From), To: moneyFeed(c.To), Pct: float64(c.Pct) / 10,
		})
	}
	for _, m := range a.CutMoves {
		f.CutMoves = append(f.CutMoves, CutMoveFeed{
			Group: m.Key, Category: m.Category, Which: m.Which,
			From: MoneyFeed{m.From.Amount, m.From.Currency}, To: MoneyFeed{m.To.Amount, m.To.Currency},
			Pct: float64(m.Pct) / 10,
		})
	}
	return f
}

// needsSecondRun lists the competitors with a current run but nothing to
// compare it with: their changes and undercuts cannot be shown yet.
func needsSecondRun(d Digest) []string {
	prev := map[string]bool{}
	for _, r := range d.Previous {
		prev[r.Competitor] = true
	}
	out := []string{}
	for _, r := range d.Current {
		if !prev[r.Competitor] {
			out = append(out, r.Competitor)
		}
	}
	sort.Strings(out)
	return out
}

func runFeeds(rs []RunInfo) []RunFeed {
	out := make([]RunFeed, 0, len(rs))
	for _, r := range rs {
		out = append(out, RunFeed{
			Competitor: r.Competitor, RunID: r.RunID, Status: r.Status,
			StartedAt: timestamp(r.StartedAt), FinishedAt: timestamp(r.FinishedAt),
			Pages: r.Pages, Items: r.Items, WithPrice: r.WithPrice, Errors: r.Errors, Reason: r.Reason,
		})
	}
	return out
}

func categoryFeed(b pricing.CategoryBands) CategoryFeed {
	f := CategoryFeed{
		Key: b.Key, Category: b.Category, Brand: b.Brand, Currency: b.Currency, Method: string(b.Method),
		Weighted: b.Weighted, Tiered: b.Tiered, Note: b.Note, Offers: b.Offers,
		Trimmed: b.Trimmed, Excluded: b.Excluded, Ours: b.Ours, Tiers: []TierFeed{},
	}
	if b.Offers > 0 {
		f.Min, f.Max = amountPtr(b.Min), amountPtr(b.Max)
	}
	if !b.Tiered {
		return f
	}
	f.LowCut, f.HighCut = amountPtr(b.Cuts.Low), amountPtr(b.Cuts.High)
	for _, t := range b.Tiers {
		tf := TierFeed{
			Tier: string(t.Tier), MarketCount: t.Market, OurCount: t.Ours,
			MarketShare: round(t.MarketPct, 1), OurShare: round(t.OurPct, 1),
		}
		if t.Market > 0 {
			tf.Min, tf.Median, tf.Max = amountPtr(t.Min), amountPtr(t.Median), amountPtr(t.Max)
		}
		f.Tiers = append(f.Tiers, tf)
	}
	return f
}

func positionFeed(p pricing.Position) PositionFeed {
	f := PositionFeed{
		SKU: p.SKU, Title: p.Title, Category: p.Category, Brand: p.Brand, Group: p.Key,
		Price: MoneyFeed{p.Price.Amount, p.Price.Currency}, TargetTier: string(p.TargetTier),
		Currency: p.Currency, Amount: p.Amount, Tier: string(p.Tier), Note: p.Note,
		Compared: p.Compared, Sellers: p.Sellers, Listings: make([]ListingFeed, 0, len(p.Listings)),
	}
	if p.Tier != "" {
		f.ToLower, f.ToUpper = amountPtr(p.ToLower), amountPtr(p.ToUpper)
		f.ToLowerPct, f.ToUpperPct = floatPtr(round(p.ToLowerPct, 1)), floatPtr(round(p.ToUpperPct, 1))
	}
	if p.Compared > 0 {
		rank := p.Rank
		f.Lowest, f.Median, f.Rank = amountPtr(p.Lowest), amountPtr(p.Median), &rank
		f.IndexVsLowest, f.IndexVsMedian = floatPtr(round(p.IndexVsLowest, 3)), floatPtr(round(p.IndexVsMedian, 3))
	}
	for _, l := range p.Listings {
		lf := ListingFeed{
			Competitor: l.Competitor, Key: l.Key, Method: string(l.Method), Seen: l.Seen,
			Title: l.Title, URL: l.URL, Availability: string(l.Availability),
			Price: moneyFeed(l.Price), Compared: l.Compared,
		}
		if l.Compared {
			lf.Amount = amountPtr(l.Amount)
		}
		f.Listings = append(f.Listings, lf)
	}
	return f
}

func outlierFeeds(os []pricing.Outlier) []OutlierFeed {
	out := make([]OutlierFeed, 0, len(os))
	for _, o := range os {
		out = append(out, OutlierFeed{
			Competitor: o.Competitor, Category: o.Category, Key: o.Key, Title: o.Title,
			Price: MoneyFeed{o.Price.Amount, o.Price.Currency}, Reason: o.Reason,
		})
	}
	return out
}

func moneyFeed(m *pricing.Money) *MoneyFeed {
	if m == nil {
		return nil
	}
	return &MoneyFeed{m.Amount, m.Currency}
}

func amountPtr(a pricing.Amount) *pricing.Amount { return &a }

func floatPtr(f float64) *float64 { return &f }

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// timestamp formats t as RFC 3339 in UTC to the second, or "" for the zero
// time (a run still going has no finish).
func timestamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// round rounds a ratio to n decimals for display, so feeds carry 1.1 and not
// 1.1000000000000001. NaN and infinities, which JSON cannot carry, become 0.
func round(f float64, n int) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	p := math.Pow(10, float64(n))
	return math.Round(f*p) / p
}

// sortedGaps returns the gaps most severe first. Analyze already sorts them
// so; sorting again (stably, so its order within a severity stands) keeps the
// "what to act on" list right for an Analysis built by other means.
func sortedGaps(gs []pricing.Gap) []pricing.Gap {
	out := make([]pricing.Gap, len(gs))
	copy(out, gs)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Severity > out[j].Severity })
	return out
}
