package notify

import (
	"math"
	"sort"
	"strings"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// SummarySchema versions the JSON the generic webhook receives. A change
// that could break a reader gets a new version; new fields do not.
const SummarySchema = "shelfwatch.digest-summary/v1"

// Run is one competitor's crawl run as the summary shows it.
type Run struct {
	Competitor string    `json:"competitor"`
	RunID      int64     `json:"run_id"`
	Status     string    `json:"status"`
	StartedAt  time.Time `json:"started_at"`
	Items      int       `json:"items"`
	WithPrice  int       `json:"with_price"`
	// Reason says why a run failed or looks suspect.
	Reason string `json:"reason,omitempty"`
}

// Gap is one thing to act on, as pricing.Gap with its kind named for people.
type Gap struct {
	Severity   string `json:"severity"`
	Kind       string `json:"kind"` // pricing.GapKind
	Name       string `json:"name"` // "Overpriced"
	Category   string `json:"category"`
	Tier       string `json:"tier,omitempty"`
	SKU        string `json:"sku,omitempty"`
	Competitor string `json:"competitor,omitempty"`
	Title      string `json:"title,omitempty"`
	Detail     string `json:"detail"`
	Action     string `json:"action"`
}

// Move is one competitor listing's price change since its previous run.
type Move struct {
	Competitor string        `json:"competitor"`
	Category   string        `json:"category"`
	Key        string        `json:"key"`
	Title      string        `json:"title"`
	From       pricing.Money `json:"from"`
	To         pricing.Money `json:"to"`
	// Pct is the change in percent, rounded to one decimal (−12.5).
	Pct float64 `json:"pct"`
}

// ChangeCounts counts the week's listing changes by kind.
type ChangeCounts struct {
	PriceUp   int `json:"price_up"`
	PriceDown int `json:"price_down"`
	New       int `json:"new"`
	Gone      int `json:"gone"`
	StockOut  int `json:"stock_out"`
	StockBack int `json:"stock_back"`
}

// Quality says what the digest could not use.
type Quality struct {
	// Unusable are the failed and suspect runs in the window.
	Unusable []Run `json:"unusable_runs"`
	// NoRuns names competitors with no usable run at all.
	NoRuns []string `json:"no_runs"`
	// NeedsSecondRun names competitors with a run but nothing to compare it
	// with yet.
	NeedsSecondRun []string `json:"needs_second_run"`
	// Unmapped counts current listings in shop categories that map to no
	// canonical category.
	Unmapped int `json:"unmapped_listings"`
	// Excluded counts offers left out of the bands (no rate, no category,
	// a price that is not positive); Outliers those trimmed.
	Excluded int `json:"excluded_offers"`
	Outliers int `json:"outliers"`
	// CandidatesToReview counts match candidates waiting for a person.
	CandidatesToReview int `json:"candidates_to_review"`
}

// Summary is what a chat message says about the week: plain values, built
// by Summarize and sent as they are (the generic webhook gets them as JSON).
type Summary struct {
	Schema      string        `json:"schema"`
	Title       string        `json:"title"`
	GeneratedAt time.Time     `json:"generated_at"`
	Since       time.Duration `json:"-"`
	// Window is Since as text ("168h0m0s"), for the JSON.
	Window string `json:"since"`
	// URL is the full digest's address (notify.public_url); "" when unset.
	URL string `json:"url"`
	// Runs are the runs the digest compares, one per competitor.
	Runs []Run `json:"runs"`
	// Gaps are every gap, most severe first.
	Gaps []Gap `json:"gaps"`
	// Moves are the price changes, biggest (in percent, either way) first.
	Moves   []Move       `json:"moves"`
	Changes ChangeCounts `json:"change_counts"`
	Quality Quality      `json:"data_quality"`
}

// Input is what Summarize reads: the week's analysis and the runs behind it.
type Input struct {
	GeneratedAt time.Time
	Since       time.Duration
	// Current holds the run the analysis uses per competitor; Previous the
	// run each is compared with; Unusable the failed and suspect runs.
	Current, Previous, Unusable []Run
	NoRuns                      []string
	Candidates                  int
	Analysis                    pricing.Analysis
}

// Summarize builds the summary of a week. It is a pure function: the same
// Input always gives the same Summary.
func Summarize(in Input) Summary {
	a := in.Analysis
	s := Summary{
		Schema:      SummarySchema,
		Title:       "Shelfwatch weekly digest",
		GeneratedAt: in.GeneratedAt.UTC(),
		Since:       in.Since,
		Window:      in.Since.String(),
		Runs:        nonNilRuns(in.Current),
		Gaps:        []Gap{},
		Moves:       []Move{},
		Quality: Quality{
			Unusable:           nonNilRuns(in.Unusable),
			NoRuns:             nonNilStrings(in.NoRuns),
			NeedsSecondRun:     []string{},
			Excluded:           len(a.Excluded),
			Outliers:           len(a.Outliers),
			CandidatesToReview: in.Candidates,
		},
	}
	gaps := append([]pricing.Gap(nil), a.Gaps...)
	// Analyze sorts by severity already; sorting again (stably, by score
	// within a severity) keeps the top of the list right for an Analysis
	// built by other means.
	sort.SliceStable(gaps, func(i, j int) bool {
		if gaps[i].Severity != gaps[j].Severity {
			return gaps[i].Severity > gaps[j].Severity
		}
		return gaps[i].Score > gaps[j].Score
	})
	for _, g := range gaps {
		s.Gaps = append(s.Gaps, Gap{
			Severity: g.Severity.String(), Kind: string(g.Kind), Name: g.Kind.Title(), Category: g.Category,
			Tier: string(g.Tier), SKU: g.SKU, Competitor: g.Competitor, Title: g.Title,
			Detail: g.Detail, Action: g.Action,
		})
	}
	n := pricing.CountChanges(a.Changes)
	s.Changes = ChangeCounts{
		PriceUp: n[pricing.PriceUp], PriceDown: n[pricing.PriceDown], New: n[pricing.New],
		Gone: n[pricing.Gone], StockOut: n[pricing.StockOut], StockBack: n[pricing.StockBack],
	}
	for _, c := range a.Changes {
		if (c.Kind != pricing.PriceUp && c.Kind != pricing.PriceDown) || c.From == nil || c.To == nil {
			continue
		}
		s.Moves = append(s.Moves, Move{
			Competitor: c.Competitor, Category: c.Category, Key: c.Key, Title: c.Title,
			From: *c.From, To: *c.To, Pct: float64(c.Pct) / 10,
		})
	}
	sort.SliceStable(s.Moves, func(i, j int) bool {
		ai, aj := math.Abs(s.Moves[i].Pct), math.Abs(s.Moves[j].Pct)
		if ai != aj {
			return ai > aj
		}
		if s.Moves[i].Competitor != s.Moves[j].Competitor {
			return s.Moves[i].Competitor < s.Moves[j].Competitor
		}
		return s.Moves[i].Key < s.Moves[j].Key
	})
	for _, u := range a.Unmapped {
		s.Quality.Unmapped += u.Listings
	}
	prev := map[string]bool{}
	for _, r := range in.Previous {
		prev[r.Competitor] = true
	}
	for _, r := range in.Current {
		if !prev[r.Competitor] {
			s.Quality.NeedsSecondRun = append(s.Quality.NeedsSecondRun, r.Competitor)
		}
	}
	sort.Strings(s.Quality.NeedsSecondRun)
	return s
}

// where names what a gap is about: "phones · mid tier · PH-200 Phone B".
func (g Gap) where() string {
	parts := []string{g.Category}
	if g.Tier != "" {
		parts = append(parts, g.Tier+" tier")
	}
	switch {
	case g.SKU != "":
		parts = append(parts, strings.TrimSpace(g.SKU+" "+g.Title))
	case g.Competitor != "":
		parts = append(parts, strings.TrimSpace(g.Competitor+" "+g.Title))
	}
	return strings.Join(parts, " · ")
}

func nonNilRuns(rs []Run) []Run {
	if rs == nil {
		return []Run{}
	}
	return append([]Run(nil), rs...)
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return append([]string(nil), s...)
}
