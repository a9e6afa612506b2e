package render

import (
	"fmt"
	"html/template"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// The digest is built once as a list of blocks (headings, paragraphs,
// tables, the gap list, charts) and then written out by Text, Markdown and
// HTML. So the three formats cannot drift apart in content, and each
// renderer only decides layout and escaping.

type blockKind int

const (
	kindHeading blockKind = iota
	kindPara
	kindTable
	kindGaps
	kindCharts
	kindHistory
)

type block struct {
	Kind  blockKind
	Level int    // headings: 1, 2 or 3
	Text  string // headings
	// Lines are a paragraph's lines: one sentence or fact each.
	Lines  []string
	Table  *table
	Gaps   []gapItem
	Charts *charts // HTML only; Text and Markdown show the same numbers as tables
	// Histories are the movers' price-history charts, HTML only.
	Histories []historyBlock
}

// historyBlock is one mover's chart, with the anchor the changes table
// links to.
type historyBlock struct {
	ID, Title string
	Chart     template.HTML
}

// table is a table of plain text cells; Right marks columns of numbers and
// amounts, aligned right where the format can.
type table struct {
	Head  []string
	Right []bool
	Rows  [][]string
	// Links, when set, hold one fragment per row ("" for none) that the
	// HTML digest links cell LinkCol of the row to.
	Links   []string
	LinkCol int
}

// gapItem is one entry of "What to act on".
type gapItem struct {
	Severity string // high, medium, low
	Kind     string // "Overpriced"
	Where    string // "phones · mid tier · PH-200 Phone B 256GB"
	Detail   string
	Action   string
}

func (b *block) IsHeading() bool { return b.Kind == kindHeading }
func (b *block) IsPara() bool    { return b.Kind == kindPara }
func (b *block) IsTable() bool   { return b.Kind == kindTable }
func (b *block) IsGaps() bool    { return b.Kind == kindGaps }
func (b *block) IsCharts() bool  { return b.Kind == kindCharts }
func (b *block) IsHistory() bool { return b.Kind == kindHistory }

type builder struct{ blocks []block }

func (b *builder) heading(level int, format string, args ...any) {
	b.blocks = append(b.blocks, block{Kind: kindHeading, Level: level, Text: fmt.Sprintf(format, args...)})
}

func (b *builder) para(lines ...string) {
	if len(lines) > 0 {
		b.blocks = append(b.blocks, block{Kind: kindPara, Lines: lines})
	}
}

func (b *builder) table(t *table) { b.blocks = append(b.blocks, block{Kind: kindTable, Table: t}) }

// build lays out the whole digest.
func build(d Digest) []block {
	var b builder
	// When nothing is fresh, that comes before anything else: a reader
	// who stops at the first line must not take old prices for this week's.
	if w := staleWarning(d); w != "" {
		b.para(w)
	}
	b.heading(1, "Shelfwatch weekly digest")
	b.para(windowLine(d))
	b.runs(d)
	b.markets(d.Analysis)
	b.actOn(d)
	b.changed(d)
	b.quality(d)
	b.histories(d)
	return b.blocks
}

func (b *builder) runs(d Digest) {
	b.heading(2, "Runs compared")
	if len(d.Current) == 0 {
		b.para("No competitor has a usable run yet: run the crawler first.")
		return
	}
	prev := map[string]RunInfo{}
	for _, r := range d.Previous {
		prev[r.Competitor] = r
	}
	t := &table{
		Head:  []string{"Competitor", "Run", "Started", "Age", "Items", "Priced", "Compared with", "Which started"},
		Right: []bool{false, true, false, true, true, true, true, false},
	}
	for _, r := range d.Current {
		f, known := freshnessOf(d, r.Competitor)
		ageCell := "–"
		if known {
			ageCell = markStale(age(f.Age), f.Stale)
		}
		row := []string{clean(r.Competitor), "#" + strconv.FormatInt(r.RunID, 10), when(r.StartedAt), ageCell, strconv.Itoa(r.Items), strconv.Itoa(r.WithPrice)}
		switch p, ok := prev[r.Competitor]; {
		case ok:
			row = append(row, "#"+strconv.FormatInt(p.RunID, 10), when(p.StartedAt))
		case known && !f.InWindow:
			row = append(row, "no run this window", "–")
		default:
			row = append(row, "none yet", "–")
		}
		t.Rows = append(t.Rows, row)
	}
	b.table(t)
	b.para(freshnessNotes(d)...)
}

func (b *builder) markets(a pricing.Analysis) {
	b.heading(2, "Market by category")
	if len(a.Categories) == 0 {
		b.para("No market offers were banded.")
	}
	byKey := map[string][]pricing.Position{}
	for _, p := range a.Positions {
		byKey[p.Key] = append(byKey[p.Key], p)
	}
	for _, c := range a.Categories {
		b.category(c, byKey[c.Key])
		delete(byKey, c.Key)
	}
	// Items in a group the analysis has no bands for (no category, no
	// positive price) still belong in the digest: they are ours.
	var rest []pricing.Position
	for _, p := range a.Positions {
		if _, ok := byKey[p.Key]; ok {
			rest = append(rest, p)
		}
	}
	if len(rest) > 0 {
		b.heading(3, "Items outside any market group")
		b.table(itemsTable(rest))
	}
}

func (b *builder) category(c pricing.CategoryBands, ps []pricing.Position) {
	title := c.Key
	if c.Currency != "" {
		title += " (" + c.Currency + ")"
	}
	b.heading(3, "%s", clean(title))
	facts := fmt.Sprintf("%d market offers", c.Offers)
	if c.Offers > 0 {
		facts += fmt.Sprintf(" from %s to %s", money(c.Min, c.Currency), money(c.Max, c.Currency))
	}
	var left []string
	if c.Trimmed > 0 {
		left = append(left, plural(c.Trimmed, "outlier", "outliers")+" trimmed")
	}
	if c.Excluded > 0 {
		left = append(left, plural(c.Excluded, "offer", "offers")+" excluded")
	}
	if len(left) > 0 {
		facts += " (" + strings.Join(left, ", ") + ")"
	}
	facts += "; " + plural(c.Ours, "item of ours", "items of ours") + "."
	if c.StaleOffers > 0 {
		facts += fmt.Sprintf(" Stale data: %d of the %d offers come from competitors not crawled recently.", c.StaleOffers, c.Offers)
	}
	if !c.Tiered {
		b.para(facts, "No tiers: "+clean(c.Note)+".")
		if len(ps) > 0 {
			b.table(itemsTable(ps))
		}
		return
	}
	method := string(c.Method)
	if c.Weighted {
		method += ", weighted by sales"
	}
	lo, hi := money(c.Cuts.Low, c.Currency), money(c.Cuts.High, c.Currency)
	b.para(facts, fmt.Sprintf("Cut points (%s): low ≤ %s < mid ≤ %s < high; %s.", method, lo, hi, separation(c.Separation)))
	t := &table{
		Head:  []string{"Tier", "Prices", "Market offers", "Market share", "Ours", "Our share", "Min", "Median", "Max"},
		Right: []bool{false, false, true, true, true, true, true, true, true},
	}
	if c.Stale {
		t.Head, t.Right = append(t.Head, "Stale offers"), append(t.Right, true)
	}
	ranges := [3]string{"≤ " + lo, "> " + lo + ", ≤ " + hi, "> " + hi}
	var shares []string
	for i, s := range c.Tiers {
		row := []string{string(s.Tier), ranges[i], strconv.Itoa(s.Market), pct(s.MarketPct), strconv.Itoa(s.Ours), pct(s.OurPct)}
		if s.Market > 0 {
			row = append(row, money(s.Min, c.Currency), money(s.Median, c.Currency), money(s.Max, c.Currency))
		} else {
			row = append(row, "–", "–", "–")
		}
		if c.Stale {
			row = append(row, strconv.Itoa(s.StaleOffers))
		}
		t.Rows = append(t.Rows, row)
		if c.Ours > 0 {
			shares = append(shares, s.Summary()+".")
		}
	}
	b.table(t)
	b.para(shares...)
	b.blocks = append(b.blocks, block{Kind: kindCharts, Charts: chartsFor(c, ps)})
	if len(ps) > 0 {
		b.table(itemsTable(ps))
	}
}

// itemsTable lists our items placed in a group.
func itemsTable(ps []pricing.Position) *table {
	t := &table{
		Head:  []string{"SKU", "Title", "Price", "Tier", "Target", "Index vs median", "Rank", "Note"},
		Right: []bool{false, false, true, false, false, true, true, false},
	}
	for _, p := range ps {
		tier, target := string(p.Tier), string(p.TargetTier)
		if tier == "" {
			tier = "–"
		}
		if target == "" {
			target = "–"
		}
		vs, rank := "–", "–"
		if p.Compared > 0 {
			vs = strconv.FormatFloat(round(p.IndexVsMedian, 2), 'f', 2, 64)
			rank = fmt.Sprintf("%d of %d", p.Rank, p.Sellers)
		}
		note := clean(p.Note)
		if p.Compared == 0 && p.Note == "" {
			note = "no matched listing to compare"
			if len(p.Listings) > 0 {
				note = "matched listings not comparable (no price, out of stock or unseen)"
			}
		}
		if p.Stale {
			note = strings.TrimPrefix(note+"; stale data", "; ")
		}
		t.Rows = append(t.Rows, []string{clean(p.SKU), clean(p.Title), money(p.Amount, p.Currency), tier, target, vs, rank, note})
	}
	return t
}

func (b *builder) actOn(d Digest) {
	b.heading(2, "What to act on")
	var items []gapItem
	for _, g := range sortedGaps(d.Analysis.Gaps) {
		name := g.Kind.Title()
		where := []string{g.Category}
		if g.Tier != "" {
			where = append(where, string(g.Tier)+" tier")
		}
		switch {
		case g.SKU != "":
			where = append(where, strings.TrimSpace(g.SKU+" "+g.Title))
		case g.Competitor != "":
			where = append(where, strings.TrimSpace(g.Competitor+" "+g.Title))
		}
		items = append(items, gapItem{
			Severity: g.Severity.String(), Kind: markStale(name, g.Stale), Where: clean(strings.Join(where, " · ")),
			Detail: clean(g.Detail), Action: clean(g.Action),
		})
	}
	if len(items) == 0 {
		b.para("Nothing flagged this week.")
	} else {
		b.blocks = append(b.blocks, block{Kind: kindGaps, Gaps: items})
	}
	if d.Candidates > 0 {
		b.para(fmt.Sprintf("%s waiting for review: run `report matches --review`.",
			plural(d.Candidates, "match candidate", "match candidates")))
	}
}

var changeNames = map[pricing.ChangeKind]string{
	pricing.PriceUp: "price up", pricing.PriceDown: "price down", pricing.New: "new", pricing.Gone: "gone",
	pricing.StockOut: "out of stock", pricing.StockBack: "back in stock",
}

// changeColumns are the change kinds of the summary table, in its order;
// stock moves are headed by their direction, in→out and out→in.
var changeColumns = []struct {
	kind pricing.ChangeKind
	head string
}{
	{pricing.PriceUp, "Price up"}, {pricing.PriceDown, "Price down"}, {pricing.New, "New"}, {pricing.Gone, "Gone"},
	{pricing.StockOut, "In→out"}, {pricing.StockBack, "Out→in"},
}

// separation says how clearly a group's market falls into its tiers.
func separation(f float64) string {
	return "separation " + strconv.FormatFloat(round(f, 2), 'f', 2, 64)
}

func (b *builder) changed(d Digest) {
	a := d.Analysis
	b.heading(2, "What changed")
	inWindow := len(d.Freshness) == 0 // a Digest without freshness: take its runs as the window's
	for _, f := range d.Freshness {
		inWindow = inWindow || f.InWindow
	}
	switch {
	case len(d.Previous) > 0:
	case !inWindow && len(d.Current) > 0:
		b.para("No competitor has a successful run in this window, so nothing here is this week's change.")
	default:
		b.para("Changes need a second successful run: there is no earlier usable run to compare with yet.")
	}
	byComp := map[string][]pricing.Change{}
	var comps []string
	for _, c := range a.Changes {
		if _, ok := byComp[c.Competitor]; !ok {
			comps = append(comps, c.Competitor)
		}
		byComp[c.Competitor] = append(byComp[c.Competitor], c)
	}
	sort.Strings(comps)
	if len(comps) > 0 {
		b.changeSummary(a.Changes, comps, byComp)
	}
	for _, comp := range comps {
		b.heading(3, "%s", clean(comp))
		t := &table{
			Head:  []string{"Change", "Category", "Listing", "From", "To", "Change %"},
			Right: []bool{false, false, false, true, true, true},
		}
		t.LinkCol = 2
		for _, c := range byComp[comp] {
			link := ""
			if c.Kind == pricing.PriceUp || c.Kind == pricing.PriceDown {
				link = historyID(d, c.Competitor, c.Key)
			}
			t.Links = append(t.Links, link)
			kind := changeNames[c.Kind]
			if kind == "" {
				kind = string(c.Kind)
			}
			p := "–"
			if c.Kind == pricing.PriceUp || c.Kind == pricing.PriceDown {
				p = signedPct(c.Pct)
			}
			t.Rows = append(t.Rows, []string{markStale(kind, c.Stale), clean(c.Category), listing(c.Title, c.Key), moneyPtr(c.From), moneyPtr(c.To), p})
		}
		b.table(t)
	}
	if len(d.Previous) > 0 {
		var lines []string
		for _, c := range needsSecondRun(d) {
			lines = append(lines, clean(c)+": changes need a second successful run.")
		}
		if len(comps) == 0 {
			lines = append(lines, "No listing changed price or stock, appeared or went since the previous runs.")
		}
		b.para(lines...)
	}

	if len(a.CutMoves) > 0 {
		b.heading(3, "Cut moves")
		t := &table{Head: []string{"Group", "Cut", "From", "To", "Change %"}, Right: []bool{false, false, true, true, true}}
		for _, m := range a.CutMoves {
			cut := m.Which
			switch m.Which {
			case "low":
				cut = "low/mid"
			case "high":
				cut = "mid/high"
			}
			t.Rows = append(t.Rows, []string{clean(m.Key), cut, money(m.From.Amount, m.From.Currency), money(m.To.Amount, m.To.Currency), signedPct(m.Pct)})
		}
		b.table(t)
	}
	if len(a.Outliers) > 0 {
		b.heading(3, "Outliers trimmed")
		b.para("Left out before cutting, so one mispriced listing cannot move the bands.")
		b.table(offersTable(a.Outliers))
	}
}

// changeSummary counts the changes by kind, over all competitors and per
// competitor, so 98 stock moves read as two numbers before their rows.
func (b *builder) changeSummary(all []pricing.Change, comps []string, byComp map[string][]pricing.Change) {
	n := pricing.CountChanges(all)
	var parts []string
	for _, c := range changeColumns[:4] {
		if n[c.kind] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[c.kind], changeNames[c.kind]))
		}
	}
	line := "Listings changed: "
	if len(parts) == 0 {
		line += "no price moved, none appeared or went"
	} else {
		line += strings.Join(parts, ", ")
	}
	line += fmt.Sprintf("; stock: %s out of stock (in→out), %s back in stock (out→in).",
		plural(n[pricing.StockOut], "listing went", "listings went"), plural(n[pricing.StockBack], "listing came", "listings came"))
	b.para(line)
	t := &table{Head: []string{"Competitor"}, Right: []bool{false}}
	for _, c := range changeColumns {
		t.Head, t.Right = append(t.Head, c.head), append(t.Right, true)
	}
	for _, comp := range comps {
		cn := pricing.CountChanges(byComp[comp])
		row := []string{clean(comp)}
		for _, c := range changeColumns {
			row = append(row, strconv.Itoa(cn[c.kind]))
		}
		t.Rows = append(t.Rows, row)
	}
	b.table(t)
}

func (b *builder) quality(d Digest) {
	b.heading(2, "Data quality")
	stale := staleTable(d)
	inWindow := len(d.Freshness) == 0 // a Digest without freshness: take its runs as the window's
	for _, f := range d.Freshness {
		inWindow = inWindow || f.InWindow
	}
	if len(d.Quality) == 0 && len(d.NoRuns) == 0 && len(d.Analysis.Excluded) == 0 && len(d.Analysis.Unmapped) == 0 && stale == nil {
		if inWindow {
			b.para("Every run in the window was usable.")
		} else {
			b.para("No successful run started in this window.")
		}
		return
	}
	if stale != nil {
		b.para("Stale: these competitors have no successful run within their stale_after. Their last prices still feed the bands, and everything resting on them is marked \"stale data\":")
		b.table(stale)
	}
	if len(d.Quality) > 0 {
		b.para("These runs were not used for bands, changes or flags:")
		t := &table{
			Head:  []string{"Competitor", "Run", "Status", "Started", "Items", "Priced", "Errors", "Reason"},
			Right: []bool{false, true, false, false, true, true, true, false},
		}
		for _, r := range d.Quality {
			t.Rows = append(t.Rows, []string{clean(r.Competitor), "#" + strconv.FormatInt(r.RunID, 10), r.Status, when(r.StartedAt),
				strconv.Itoa(r.Items), strconv.Itoa(r.WithPrice), strconv.Itoa(r.Errors), clean(r.Reason)})
		}
		b.table(t)
	}
	if len(d.NoRuns) > 0 {
		names := make([]string, len(d.NoRuns))
		for i, n := range d.NoRuns {
			names[i] = clean(n)
		}
		b.para("No usable run: " + strings.Join(names, ", ") + ". Their offers are missing from every band.")
	}
	b.unmapped(d.Analysis.Unmapped)
	// Offers without a category are counted in the table above; listing
	// each again here would bury the few left out for another reason.
	var excluded []pricing.Outlier
	for _, o := range d.Analysis.Excluded {
		if o.Category != "" {
			excluded = append(excluded, o)
		}
	}
	if len(excluded) > 0 {
		b.para("Offers left out of the bands:")
		b.table(offersTable(excluded))
	}
}

// unmapped lists, per competitor, the shop categories that map to none of
// the category tree, with counts and an example, so they can be mapped.
func (b *builder) unmapped(us []pricing.UnmappedCategory) {
	if len(us) == 0 {
		return
	}
	total, priced := 0, 0
	per := map[string]int{}
	var comps []string
	for _, u := range us {
		total += u.Listings
		priced += u.Priced
		if _, ok := per[u.Competitor]; !ok {
			comps = append(comps, u.Competitor)
		}
		per[u.Competitor] += u.Listings
	}
	var each []string
	for _, c := range comps {
		each = append(each, fmt.Sprintf("%s %d", clean(c), per[c]))
	}
	b.para(fmt.Sprintf("%s in no category: the shop's category maps to none of the config's categories (%s). "+
		"They are left out of every band, tier and gap (%d of them priced); map their shop categories under categories: in the config.",
		plural(total, "listing is", "listings are"), strings.Join(each, ", "), priced))
	t := &table{Head: []string{"Competitor", "Shop category", "Listings", "Priced", "Example"}, Right: []bool{false, false, true, true, false}}
	for _, u := range us {
		src := clean(u.SourceCategory)
		if strings.TrimSpace(src) == "" {
			src = "(none shown)"
		}
		t.Rows = append(t.Rows, []string{clean(u.Competitor), src, strconv.Itoa(u.Listings), strconv.Itoa(u.Priced), listing(u.ExampleTitle, u.ExampleKey)})
	}
	b.table(t)
}

func offersTable(os []pricing.Outlier) *table {
	t := &table{Head: []string{"Competitor", "Category", "Listing", "Price", "Reason"}, Right: []bool{false, false, false, true, false}}
	for _, o := range os {
		t.Rows = append(t.Rows, []string{clean(o.Competitor), clean(o.Category), listing(o.Title, o.Key), money(o.Price.Amount, o.Price.Currency), clean(o.Reason)})
	}
	return t
}

// listing names a listing by its title, or by its key when it has none.
func listing(title, key string) string {
	if strings.TrimSpace(title) == "" {
		return clean(key)
	}
	return clean(title)
}

// when formats a time for people, in UTC to the minute.
func when(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// window formats the digest's window: "7 days", "36h", "90m0s".
func window(d time.Duration) string {
	switch {
	case d > 0 && d%(24*time.Hour) == 0:
		return plural(int(d/(24*time.Hour)), "day", "days")
	case d > 0 && d%time.Hour == 0:
		return strconv.FormatInt(int64(d/time.Hour), 10) + "h"
	}
	return d.String()
}

// pct formats a share in percent, rounded to a whole percent: "33 %". It
// rounds as TierStats.Summary does (%.0f), so the table and the sentence
// under it never disagree on a half percent.
func pct(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "–"
	}
	return strconv.FormatFloat(f, 'f', 0, 64) + " %"
}

// signedPct formats tenths of a percent with a sign: "+5.9 %", "-11.6 %".
func signedPct(t int64) string {
	if t > 0 {
		return "+" + tenths(t) + " %"
	}
	return tenths(t) + " %"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// historyID is the anchor of a mover's chart, or "" when it has none.
func historyID(d Digest, competitor, key string) string {
	for i, h := range d.Histories {
		if h.Competitor == competitor && h.Key == key {
			return "history-" + strconv.Itoa(i+1)
		}
	}
	return ""
}

// histories adds the movers' price-history charts (HTML only): each price
// move in "What changed" links to its chart here.
func (b *builder) histories(d Digest) {
	if len(d.Histories) == 0 {
		return
	}
	var hs []historyBlock
	for i, h := range d.Histories {
		chart, err := HistoryChart(h.Feed)
		if err != nil {
			continue // the template is fixed: cannot happen, and one chart is no reason to lose the digest
		}
		title := h.Competitor
		if len(h.Feed.Listings) > 0 {
			title += " · " + listing(h.Feed.Listings[0].Title, h.Key)
		}
		hs = append(hs, historyBlock{ID: "history-" + strconv.Itoa(i+1), Title: clean(title), Chart: chart})
	}
	b.blocks = append(b.blocks, block{Kind: kindHistory, Histories: hs})
}
