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
		Schema string `json:"schema"`
		// StaleWarning is the digest's first line when no competitor's
		// data is fresh, else "".
		StaleWarning string `json:"stale_warning"`
		GeneratedAt  string `json:"generated_at"`
		Since        string `json:"since"`
		// Window is the span whose runs are this week's.
		Window WindowFeed `json:"window"`
		// Freshness is the age of each competitor's last successful run.
		Freshness  []FreshnessFeed `json:"freshness"`
		Runs       RunsFeed        `json:"runs"`
		Categories []CategoryFeed  `json:"categories"`
		Positions  []PositionFeed  `json:"positions"`
		Gaps       []GapFeed       `json:"gaps"`
		Changes    []ChangeFeed    `json:"changes"`
		// ChangeCounts counts Changes by kind, in all and per competitor.
		ChangeCounts ChangeSummaryFeed `json:"change_counts"`
		Outliers     []OutlierFeed     `json:"outliers"`
		CutMoves     []CutMoveFeed     `json:"cut_moves"`
		DataQuality  DataQualityFeed   `json:"data_quality"`
		// Candidates are the match candidates waiting for a person's
		// review, with the matcher's reasons.
		Candidates []CandidateFeed `json:"candidates"`
	}

	// WindowFeed is the digest's window [from, until); week is its ISO
	// week ("2026-W48") or "" for another span; as_of is when ages are
	// measured.
	WindowFeed struct {
		From  string `json:"from"`
		Until string `json:"until"`
		Week  string `json:"week"`
		AsOf  string `json:"as_of"`
	}

	// FreshnessFeed is how old one competitor's data is. last_run is ""
	// and run_id 0 for a competitor with no successful run; ages are in
	// days, rounded to two decimals.
	FreshnessFeed struct {
		Competitor     string  `json:"competitor"`
		RunID          int64   `json:"run_id"`
		LastRun        string  `json:"last_run"`
		AgeDays        float64 `json:"age_days"`
		StaleAfterDays float64 `json:"stale_after_days"`
		Stale          bool    `json:"stale"`
		InWindow       bool    `json:"in_window"`
	}

	// ChangeCountsFeed counts changes by kind: stock_out is in→out of
	// stock, stock_back out→in.
	ChangeCountsFeed struct {
		PriceUp   int `json:"price_up"`
		PriceDown int `json:"price_down"`
		New       int `json:"new"`
		Gone      int `json:"gone"`
		StockOut  int `json:"stock_out"`
		StockBack int `json:"stock_back"`
	}

	// ChangeSummaryFeed counts the changes over every competitor and per
	// competitor (those with at least one change, by name).
	ChangeSummaryFeed struct {
		Total        ChangeCountsFeed        `json:"total"`
		ByCompetitor []CompetitorChangesFeed `json:"by_competitor"`
	}

	// CompetitorChangesFeed is one competitor's change counts.
	CompetitorChangesFeed struct {
		Competitor string `json:"competitor"`
		ChangeCountsFeed
	}

	// UnmappedFeed counts one competitor's current listings in one shop
	// category that maps to no canonical category.
	UnmappedFeed struct {
		Competitor     string `json:"competitor"`
		SourceCategory string `json:"source_category"`
		Listings       int    `json:"listings"`
		Priced         int    `json:"priced"`
		ExampleKey     string `json:"example_key"`
		ExampleTitle   string `json:"example_title"`
	}

	// CandidateFeed is one suggested pair waiting for review.
	CandidateFeed struct {
		CatalogSKU   string     `json:"catalog_sku"`
		OurTitle     string     `json:"our_title"`
		OurPrice     *MoneyFeed `json:"our_price"`
		Competitor   string     `json:"competitor"`
		ListingKey   string     `json:"listing_key"`
		ListingTitle string     `json:"listing_title"`
		ListingURL   string     `json:"listing_url"`
		TheirPrice   *MoneyFeed `json:"their_price"`
		Method       string     `json:"method"`
		Score        float64    `json:"score"`
		Reasons      []string   `json:"reasons"`
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
		// Separation is how clearly the market falls into the tiers, 0..1;
		// null when the group has no tiers.
		Separation *float64        `json:"separation"`
		Offers     int             `json:"offers"`
		Min        *pricing.Amount `json:"min"`
		Max        *pricing.Amount `json:"max"`
		Trimmed    int             `json:"trimmed"`
		Excluded   int             `json:"excluded"`
		Ours       int             `json:"ours"`
		Tiers      []TierFeed      `json:"tiers"`
		// Stale is true when StaleOffers of the offers come from stale
		// competitors.
		Stale       bool `json:"stale"`
		StaleOffers int  `json:"stale_offers"`
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
		StaleOffers int             `json:"stale_offers"`
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
		Stale         bool            `json:"stale"`
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
		// Reasons say why the match was made; [] for a person's own.
		Reasons []string `json:"reasons"`
		Stale   bool     `json:"stale"`
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
		Stale      bool    `json:"stale"`
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
		Stale      bool       `json:"stale"`
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
		UnusableRuns []RunFeed `json:"unusable_runs"`
		NoRuns       []string  `json:"no_runs"`
		// StaleCompetitors have data older than their stale_after.
		StaleCompetitors []string      `json:"stale_competitors"`
		NeedsSecondRun   []string      `json:"needs_second_run"`
		Excluded         []OutlierFeed `json:"excluded"`
		// UnmappedCategories lists the shop categories that map to no
		// canonical category, per competitor.
		UnmappedCategories []UnmappedFeed `json:"unmapped_categories"`
		CandidatesToReview int            `json:"candidates_to_review"`
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
		Schema:       DigestSchema,
		StaleWarning: staleWarning(d),
		GeneratedAt:  timestamp(d.GeneratedAt),
		Since:        d.Since.String(),
		Window:       windowFeed(d),
		Freshness:    freshnessFeeds(d.Freshness),
		Runs:         RunsFeed{Current: runFeeds(d.Current), Previous: runFeeds(d.Previous)},
		Categories:   make([]CategoryFeed, 0, len(a.Categories)),
		Positions:    make([]PositionFeed, 0, len(a.Positions)),
		Gaps:         make([]GapFeed, 0, len(a.Gaps)),
		Changes:      make([]ChangeFeed, 0, len(a.Changes)),
		Outliers:     outlierFeeds(a.Outliers),
		CutMoves:     make([]CutMoveFeed, 0, len(a.CutMoves)),
		DataQuality: DataQualityFeed{
			UnusableRuns:       runFeeds(d.Quality),
			NoRuns:             nonNil(d.NoRuns),
			StaleCompetitors:   staleNames(d),
			NeedsSecondRun:     needsSecondRun(d),
			Excluded:           outlierFeeds(a.Excluded),
			UnmappedCategories: make([]UnmappedFeed, 0, len(a.Unmapped)),
			CandidatesToReview: d.Candidates,
		},
		ChangeCounts: changeSummaryFeed(a.Changes),
		Candidates:   make([]CandidateFeed, 0, len(d.Review)),
	}
	for _, u := range a.Unmapped {
		f.DataQuality.UnmappedCategories = append(f.DataQuality.UnmappedCategories, UnmappedFeed{
			Competitor: u.Competitor, SourceCategory: u.SourceCategory, Listings: u.Listings, Priced: u.Priced,
			ExampleKey: u.ExampleKey, ExampleTitle: u.ExampleTitle,
		})
	}
	for _, c := range d.Review {
		f.Candidates = append(f.Candidates, CandidateFeed{
			CatalogSKU: c.CatalogSKU, OurTitle: c.OurTitle, OurPrice: moneyFeed(c.OurPrice),
			Competitor: c.Competitor, ListingKey: c.ListingKey, ListingTitle: c.ListingTitle, ListingURL: c.ListingURL,
			TheirPrice: moneyFeed(c.TheirPrice), Method: c.Method, Score: round(c.Score, 3), Reasons: nonNil(c.Reasons),
		})
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
			ListingKey: g.ListingKey, Title: g.Title, Detail: g.Detail, Action: g.Action, Stale: g.Stale,
		})
	}
	for _, c := range a.Changes {
		f.Changes = append(f.Changes, ChangeFeed{
			Kind: string(c.Kind), Competitor: c.Competitor, Category: c.Category, Key: c.Key, Title: c.Title,
			From: moneyFeed(c.From), To: moneyFeed(c.To), Pct: float64(c.Pct) / 10, Stale: c.Stale,
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

// changeSummaryFeed counts changes by kind, in all and per competitor.
func changeSummaryFeed(cs []pricing.Change) ChangeSummaryFeed {
	counts := func(cs []pricing.Change) ChangeCountsFeed {
		n := pricing.CountChanges(cs)
		return ChangeCountsFeed{
			PriceUp: n[pricing.PriceUp], PriceDown: n[pricing.PriceDown], New: n[pricing.New], Gone: n[pricing.Gone],
			StockOut: n[pricing.StockOut], StockBack: n[pricing.StockBack],
		}
	}
	byComp := map[string][]pricing.Change{}
	for _, c := range cs {
		byComp[c.Competitor] = append(byComp[c.Competitor], c)
	}
	f := ChangeSummaryFeed{Total: counts(cs), ByCompetitor: make([]CompetitorChangesFeed, 0, len(byComp))}
	for _, comp := range sortedNames(byComp) {
		f.ByCompetitor = append(f.ByCompetitor, CompetitorChangesFeed{Competitor: comp, ChangeCountsFeed: counts(byComp[comp])})
	}
	return f
}

func sortedNames[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
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
		Stale: b.Stale, StaleOffers: b.StaleOffers,
	}
	if b.Offers > 0 {
		f.Min, f.Max = amountPtr(b.Min), amountPtr(b.Max)
	}
	if !b.Tiered {
		return f
	}
	f.LowCut, f.HighCut = amountPtr(b.Cuts.Low), amountPtr(b.Cuts.High)
	f.Separation = floatPtr(round(b.Separation, 2))
	for _, t := range b.Tiers {
		tf := TierFeed{
			Tier: string(t.Tier), MarketCount: t.Market, OurCount: t.Ours,
			MarketShare: round(t.MarketPct, 1), OurShare: round(t.OurPct, 1), StaleOffers: t.StaleOffers,
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
		Compared: p.Compared, Sellers: p.Sellers, Listings: make([]ListingFeed, 0, len(p.Listings)), Stale: p.Stale,
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
			Price: moneyFeed(l.Price), Compared: l.Compared, Reasons: nonNil(l.Reasons), Stale: l.Stale,
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

// windowFeed is the digest's window; a Digest built with only Since ends
// its window when it was generated.
func windowFeed(d Digest) WindowFeed {
	from, until, asOf := d.From, d.Until, d.AsOf
	if from.IsZero() || until.IsZero() {
		until = d.GeneratedAt
		from = until.Add(-d.Since)
	}
	if asOf.IsZero() {
		asOf = until
	}
	return WindowFeed{From: timestamp(from), Until: timestamp(until), Week: d.Week, AsOf: timestamp(asOf)}
}

func freshnessFeeds(fs []Freshness) []FreshnessFeed {
	out := make([]FreshnessFeed, 0, len(fs))
	for _, f := range fs {
		out = append(out, FreshnessFeed{
			Competitor: f.Competitor, RunID: f.RunID, LastRun: timestamp(f.LastRun),
			AgeDays: days(f.Age), StaleAfterDays: days(f.StaleAfter), Stale: f.Stale, InWindow: f.InWindow,
		})
	}
	return out
}

// days converts a duration to days, rounded to two decimals.
func days(d time.Duration) float64 { return round(d.Hours()/24, 2) }
