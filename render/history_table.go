package render

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// historyColumns are the columns of a price history as CSV and text: one
// row per run that observed a listing.
var historyColumns = []string{"competitor", "listing_key", "title", "run_id", "run_status", "at", "price", "currency", "availability"}

// historyRows flattens a feed: our item's own price first (when the feed is
// about one of our items), then every listing's points, oldest first.
func historyRows(f HistoryFeed) [][]string {
	var rows [][]string
	if f.SKU != "" && f.Price.Currency != "" {
		rows = append(rows, []string{"(ours)", f.SKU, f.Title, "", "", "now", f.Price.Amount.String(), f.Price.Currency, ""})
	}
	for _, l := range f.Listings {
		if len(l.Points) == 0 {
			rows = append(rows, []string{l.Competitor, l.Key, l.Title, "", "", "", "", "", "never observed"})
		}
		for _, p := range l.Points {
			price, cur := "", ""
			if p.Price != nil {
				price, cur = p.Price.Amount.String(), p.Price.Currency
			}
			rows = append(rows, []string{l.Competitor, l.Key, l.Title, strconv.FormatInt(p.RunID, 10), p.RunStatus, p.At, price, cur, p.Availability})
		}
	}
	return rows
}

// HistoryCSV writes a price history as one CSV table (historyColumns),
// text cells neutralised against formulas. It returns the first error from
// writing to w.
func HistoryCSV(w io.Writer, f HistoryFeed) error {
	cw := csv.NewWriter(w)
	recs := [][]string{historyColumns}
	for _, r := range historyRows(f) {
		for _, i := range []int{0, 1, 2} {
			r[i] = neutralise(r[i])
		}
		recs = append(recs, r)
	}
	if err := cw.WriteAll(recs); err != nil {
		return fmt.Errorf("write history csv: %w", err)
	}
	return nil
}

// HistoryText writes a price history for a terminal: a heading and an
// aligned table, scraped text cleaned. It returns the first error from
// writing to w.
func HistoryText(w io.Writer, f HistoryFeed) error {
	bw := bufio.NewWriter(w)
	title := "Price history"
	if f.SKU != "" {
		title += " of " + f.SKU + " " + f.Title
		if f.RetiredAt != nil {
			title += " (retired " + *f.RetiredAt + ")"
		}
	} else if len(f.Listings) == 1 {
		title += " of " + f.Listings[0].Competitor + " " + listing(f.Listings[0].Title, f.Listings[0].Key)
	}
	title = clean(title)
	fmt.Fprintf(bw, "%s\n", title)
	t := &table{Head: []string{"Competitor", "Listing", "Run", "Status", "Started", "Price", "Availability"}}
	for _, r := range historyRows(f) {
		price := "–"
		if r[6] != "" {
			a, err := pricing.ParseAmount(r[6])
			if err == nil {
				price = money(a, r[7])
			}
		}
		run := "–"
		if r[3] != "" {
			run = "#" + r[3]
		}
		at := r[5]
		if at == "" {
			at = "–"
		}
		t.Rows = append(t.Rows, []string{clean(r[0]), listing(r[2], r[1]), run, r[4], at, price, r[8]})
	}
	if len(t.Rows) == 0 {
		bw.WriteString("No observation in this period.\n")
	} else {
		writeTextTable(bw, t)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write history text: %w", err)
	}
	return nil
}

// TierHistorySchema names the version of the tier-cut history's JSON.
const TierHistorySchema = "shelfwatch.tier-history/v1"

type (
	// TierHistory is one market group's tier cuts week by week.
	TierHistory struct {
		Schema string            `json:"schema"`
		Group  string            `json:"group"`
		Weeks  []TierHistoryWeek `json:"weeks"`
	}

	// TierHistoryWeek is the group's market as of the end of one ISO
	// week: the latest usable run of each competitor by then. Cuts are
	// nil when the group had no tiers that week (Note says why).
	TierHistoryWeek struct {
		Week     string          `json:"week"`
		Until    string          `json:"until"`
		Currency string          `json:"currency"`
		Method   string          `json:"method"`
		LowCut   *pricing.Amount `json:"low_cut"`
		HighCut  *pricing.Amount `json:"high_cut"`
		Offers   int             `json:"offers"`
		Min      *pricing.Amount `json:"min"`
		Max      *pricing.Amount `json:"max"`
		// StaleOffers counts offers from competitors whose data was stale
		// at the week's end.
		StaleOffers int    `json:"stale_offers"`
		Note        string `json:"note"`
	}
)

// TierHistoryWeekOf describes one week's bands of a group.
func TierHistoryWeekOf(week, until string, b pricing.CategoryBands) TierHistoryWeek {
	w := TierHistoryWeek{Week: week, Until: until, Currency: b.Currency, Method: string(b.Method), Offers: b.Offers, StaleOffers: b.StaleOffers, Note: b.Note}
	if b.Offers > 0 {
		w.Min, w.Max = amountPtr(b.Min), amountPtr(b.Max)
	}
	if b.Tiered {
		w.LowCut, w.HighCut = amountPtr(b.Cuts.Low), amountPtr(b.Cuts.High)
	}
	return w
}

var tierHistoryColumns = []string{"week", "until", "currency", "method", "low_cut", "high_cut", "offers", "min", "max", "stale_offers", "note"}

func tierHistoryRows(h TierHistory) [][]string {
	var rows [][]string
	for _, w := range h.Weeks {
		rows = append(rows, []string{w.Week, w.Until, w.Currency, w.Method, optAmount(w.LowCut), optAmount(w.HighCut),
			strconv.Itoa(w.Offers), optAmount(w.Min), optAmount(w.Max), strconv.Itoa(w.StaleOffers), w.Note})
	}
	return rows
}

// TierHistoryCSV writes the weeks as one CSV table. It returns the first
// error from writing to w.
func TierHistoryCSV(w io.Writer, h TierHistory) error {
	recs := [][]string{tierHistoryColumns}
	for _, r := range tierHistoryRows(h) {
		r[2], r[10] = neutralise(r[2]), neutralise(r[10])
		recs = append(recs, r)
	}
	if err := csv.NewWriter(w).WriteAll(recs); err != nil {
		return fmt.Errorf("write tier history csv: %w", err)
	}
	return nil
}

// TierHistoryJSON writes the weeks as one JSON document, [] when empty. It
// returns the first error from encoding or writing to w.
func TierHistoryJSON(w io.Writer, h TierHistory) error {
	h.Schema = TierHistorySchema
	if h.Weeks == nil {
		h.Weeks = []TierHistoryWeek{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(h); err != nil {
		return fmt.Errorf("write tier history json: %w", err)
	}
	return nil
}

// TierHistoryText writes the weeks for a terminal. It returns the first
// error from writing to w.
func TierHistoryText(w io.Writer, h TierHistory) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "Tier cuts of %s by week\n", clean(h.Group))
	t := &table{Head: []string{"Week", "Low/mid cut", "Mid/high cut", "Offers", "Range", "Stale offers", "Note"}}
	for _, wk := range h.Weeks {
		lo, hi, rng := "–", "–", "–"
		if wk.LowCut != nil {
			lo, hi = money(*wk.LowCut, wk.Currency), money(*wk.HighCut, wk.Currency)
		}
		if wk.Min != nil {
			rng = money(*wk.Min, wk.Currency) + " – " + money(*wk.Max, wk.Currency)
		}
		t.Rows = append(t.Rows, []string{wk.Week, lo, hi, strconv.Itoa(wk.Offers), rng, strconv.Itoa(wk.StaleOffers), clean(wk.Note)})
	}
	if len(t.Rows) == 0 {
		bw.WriteString("No week in this period.\n")
	} else {
		writeTextTable(bw, t)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write tier history text: %w", err)
	}
	return nil
}
