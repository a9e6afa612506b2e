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

// Digest is everything the weekly digest shows.
type Digest struct {
	GeneratedAt time.Time
	// Since is the window the digest looks back over, e.g. 168h.
	Since time.Duration
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
	Analysis   pricing.Analysis
}
