// Package render turns a week's pricing analysis into what people and tools
// read: the weekly digest (Text for the terminal, Markdown, JSON as the
// machine feed, HTML as one self-contained page fit to email) and the
// positioning feed for planning tools (CSV, JSON, XLSX), plus the match
// review sheet (CandidatesCSV).
//
// Everything here is a pure function of its arguments and an io.Writer: no
// clock, no database, no network. The same Digest always renders to the same
// bytes, which is what lets the golden files in testdata/render pin the
// formats down.
//
// Money is shown to people the way pricing's own sentences (gap details and
// actions) show it, so a table and the sentence under it agree: thousands
// separators, cents only when there are any, the currency's symbol where it
// has a common one ("¥7,999", "$12.50") and its ISO code after the amount
// otherwise ("1,099.50 CHF"); each category's heading names its ISO code, so
// ¥ is never ambiguous. Feeds carry plain decimal strings ("7999.00"). Text from scraped pages is never trusted: HTML escapes
// it through html/template, Markdown escapes table and heading syntax, and
// CSV and XLSX neutralise cells a spreadsheet would run as formulas.
package render

import (
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// The run statuses RunInfo.Status takes, as the store records them.
const (
	StatusSucceeded = "succeeded"
	StatusFailed    = "failed"
	StatusSuspect   = "suspect"
	StatusRunning   = "running"
)

// RunInfo describes one crawl run of one competitor, as far as the digest
// shows it.
type RunInfo struct {
	Competitor string
	RunID      int64
	// Status is succeeded, failed, suspect or running.
	Status                string
	StartedAt, FinishedAt time.Time
	Pages, Items          int
	WithPrice, Errors     int
	// Reason says why a run failed or looks suspect.
	Reason string
}

// Freshness is how old one competitor's data is, as the digest states it.
type Freshness struct {
	Competitor string
	// RunID and LastRun are its latest successful run up to the end of
	// the window; zero when it has none.
	RunID   int64
	LastRun time.Time
	// Age is Digest.AsOf minus LastRun.
	Age time.Duration
	// StaleAfter is the age past which its data is stale (the config's
	// stale_after, or twice its schedule's interval); Stale says it is.
	StaleAfter time.Duration
	Stale      bool
	// InWindow says LastRun falls in the digest's window: the data is
	// this week's, and may be compared with an earlier run.
	InWindow bool
	// Newer is the start of a successful run after the window's end (zero
	// when there is none), so a digest of a past week can point to it.
	Newer time.Time
}

// Digest is everything the weekly digest shows.
type Digest struct {
	GeneratedAt time.Time
	// From and Until bound the window [From, Until) whose runs the digest
	// reports as this week's; Week names it when it is an ISO week
	// ("2026-W48"). AsOf is the moment ages are measured at: Until, or
	// GeneratedAt when that is earlier.
	From, Until, AsOf time.Time
	Week              string
	// Since is the window's length, Until - From.
	Since time.Duration
	// Freshness holds one entry per competitor known to the database,
	// sorted by name: the age of its last successful run.
	Freshness []Freshness
	// Current holds, per competitor, the run the analysis uses.
	Current []RunInfo
	// Previous holds the run each is compared with; competitors missing
	// from it have no changes yet ("changes need a second run").
	Previous []RunInfo
	// Quality holds the failed and suspect runs in the window: shown in the
	// data-quality section, never used for changes or flags.
	Quality []RunInfo
	// NoRuns names the competitors with no usable run at all.
	NoRuns []string
	// Candidates counts match candidates waiting for review
	// (report matches --review).
	Candidates int
	// Review holds those candidates, with the matcher's reasons, for the
	// JSON digest; the other formats show only their number.
	Review   []Candidate
	Analysis pricing.Analysis
	// Histories are the price histories of this week's movers; the HTML
	// digest links each price move to its chart. Empty in the other
	// formats' digests.
	Histories []MoverHistory
}

// MoverHistory is one moved listing's price history: a feed with that one
// listing (and our matched item's price, when there is one).
type MoverHistory struct {
	Competitor, Key string
	Feed            HistoryFeed
}
