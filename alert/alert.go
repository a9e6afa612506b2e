package alert

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// Kind says what happened.
type Kind string

// The alert kinds. A price_move rule raises PriceUp and PriceDown, a stock
// rule StockOut and StockBack, a run_quality rule SuspectRun and Stale.
const (
	PriceUp    Kind = "price_up"
	PriceDown  Kind = "price_down"
	Undercuts  Kind = "undercut"
	StockOut   Kind = "stock_out"
	StockBack  Kind = "stock_back"
	SuspectRun Kind = "suspect_run"
	Stale      Kind = "stale"
)

// Schema versions the JSON an Alert is stored and sent as (the generic
// webhook receives it). New fields keep the version; a change that could
// break a reader takes a new one.
const Schema = "shelfwatch.alert/v1"

// Alert is one event worth telling people about now.
type Alert struct {
	// Key names the event, the same each time the same event is seen, so
	// that it is stored and sent once: see the key functions in
	// evaluate.go for what each kind's key holds.
	Key  string `json:"key"`
	Kind Kind   `json:"kind"`
	// Rule is the rule that raised it.
	Rule       RuleType `json:"rule"`
	Competitor string   `json:"competitor"`
	// SKU and ItemTitle name our watched item (item rules only).
	SKU       string `json:"sku,omitempty"`
	ItemTitle string `json:"item_title,omitempty"`
	// ListingKey, ListingTitle and URL name the competitor's listing.
	ListingKey   string `json:"listing_key,omitempty"`
	ListingTitle string `json:"listing_title,omitempty"`
	URL          string `json:"url,omitempty"`
	// Ours is our item's price (undercut).
	Ours *pricing.Money `json:"ours,omitempty"`
	// From and To are the listing's price in the previous and the current
	// run (price moves; a stock change carries them as context, either nil
	// when not shown); an undercut has To only.
	From *pricing.Money `json:"from,omitempty"`
	To   *pricing.Money `json:"to,omitempty"`
	// Pct is the move (From→To) or the undercut (Ours→To) in percent,
	// one decimal: −12.5.
	Pct float64 `json:"pct,omitempty"`
	// RunID is the run the alert is about: the current run of an item
	// alert, the suspect run, or the latest successful run of a stale
	// competitor (0 when it never had one).
	RunID int64 `json:"run_id,omitempty"`
	// Reason is why a suspect run looks wrong.
	Reason string `json:"reason,omitempty"`
	// LastSuccess is when a stale competitor's latest successful run
	// finished; zero when it never had one (then Since is its first run's
	// start).
	LastSuccess time.Time `json:"last_success,omitzero"`
	Since       time.Time `json:"since,omitzero"`
	// At is when the alert was raised.
	At time.Time `json:"at"`
}

// Text is the alert as one line for people, the same on every platform:
//
//	OUR-1 Phone A: jd-mall cut "Redmi Note 13" from ¥1,299 to ¥1,099 (−15.4%)
//	jd-mall: run #42 is suspect: items fell 92% from the previous run
//
// Scraped text goes in as it is; each platform escapes it.
func (a Alert) Text() string {
	listing := strconv.Quote(orKey(a.ListingTitle, a.ListingKey))
	switch a.Kind {
	case PriceUp, PriceDown:
		verb := "raised"
		if a.Kind == PriceDown {
			verb = "cut"
		}
		return fmt.Sprintf("%s: %s %s %s from %s to %s (%s)", a.item(), a.Competitor, verb, listing,
			display(a.From), display(a.To), SignedPct(a.Pct))
	case Undercuts:
		return fmt.Sprintf("%s: %s sells %s at %s, %s below our %s", a.item(), a.Competitor, listing,
			display(a.To), strings.TrimPrefix(SignedPct(-a.Pct), "+"), display(a.Ours))
	case StockOut:
		s := fmt.Sprintf("%s: %s's %s is out of stock", a.item(), a.Competitor, listing)
		if a.From != nil {
			s += " (was " + a.From.Display() + ")"
		}
		return s
	case StockBack:
		s := fmt.Sprintf("%s: %s's %s is back in stock", a.item(), a.Competitor, listing)
		if a.To != nil {
			s += " at " + a.To.Display()
		}
		return s
	case SuspectRun:
		s := fmt.Sprintf("%s: run #%d is suspect", a.Competitor, a.RunID)
		if a.Reason != "" {
			s += ": " + a.Reason
		}
		return s + " (its prices are kept out of the digest and of alerts)"
	case Stale:
		if a.LastSuccess.IsZero() {
			return fmt.Sprintf("%s: no successful run yet, %s after its first attempt on %s", a.Competitor,
				Age(a.At.Sub(a.Since)), a.Since.UTC().Format("2006-01-02 15:04 UTC"))
		}
		return fmt.Sprintf("%s: no successful run for %s (the last, run #%d, finished %s)", a.Competitor,
			Age(a.At.Sub(a.LastSuccess)), a.RunID, a.LastSuccess.UTC().Format("2006-01-02 15:04 UTC"))
	}
	return fmt.Sprintf("%s: %s %s", a.Competitor, a.Kind, a.Key)
}

// Title names the kind for a heading ("Price cut").
func (k Kind) Title() string {
	switch k {
	case PriceUp:
		return "Price raised"
	case PriceDown:
		return "Price cut"
	case Undercuts:
		return "Undercut"
	case StockOut:
		return "Out of stock"
	case StockBack:
		return "Back in stock"
	case SuspectRun:
		return "Suspect run"
	case Stale:
		return "Stale data"
	}
	return string(k)
}

// item names our item: "OUR-1 Phone A".
func (a Alert) item() string { return strings.TrimSpace(a.SKU + " " + a.ItemTitle) }

func display(m *pricing.Money) string {
	if m == nil {
		return "no price"
	}
	return m.Display()
}

func orKey(title, key string) string {
	if strings.TrimSpace(title) != "" {
		return title
	}
	return key
}

// SignedPct formats a percentage with its sign and one decimal: "+12.5%",
// "−8.0%" (a true minus sign, as the digest writes it).
func SignedPct(p float64) string {
	s := strconv.FormatFloat(p, 'f', 1, 64)
	if p > 0 {
		s = "+" + s
	}
	return strings.Replace(s, "-", "−", 1) + "%"
}

// Age says a duration the way people count staleness: "3 days 4 hours",
// "7 hours", "45 minutes".
func Age(d time.Duration) string {
	switch {
	case d >= 24*time.Hour:
		days, hours := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour)
		s := plural(days, "day")
		if hours > 0 {
			s += " " + plural(hours, "hour")
		}
		return s
	case d >= time.Hour:
		return plural(int(d/time.Hour), "hour")
	}
	return plural(int(d/time.Minute), "minute")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}
