package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"math"
	"sort"
	"strconv"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// HistorySchema names the version of the price-history feed
// (docs/history-json.md).
const HistorySchema = "shelfwatch.history/v1"

type (
	// HistoryFeed is one of our items with the price history of every
	// competitor listing matched to it.
	HistoryFeed struct {
		Schema   string    `json:"schema"`
		SKU      string    `json:"sku"`
		Title    string    `json:"title"`
		Category string    `json:"category"`
		Price    MoneyFeed `json:"price"`
		// RetiredAt is when a catalog replacement retired the SKU (we no
		// longer sell it; its history stays); nil for a current item.
		RetiredAt *string          `json:"retired_at"`
		Listings  []HistoryListing `json:"listings"`
	}

	// HistoryListing is one matched listing and what each run saw of it.
	HistoryListing struct {
		Competitor string         `json:"competitor"`
		Key        string         `json:"key"`
		Title      string         `json:"title"`
		URL        string         `json:"url"`
		Method     string         `json:"method"`
		Points     []HistoryPoint `json:"points"`
	}

	// HistoryPoint is one run's observation of a listing. Only points of
	// succeeded runs are data; the others are kept so a reader sees what
	// was left out and why.
	HistoryPoint struct {
		RunID        int64      `json:"run_id"`
		RunStatus    string     `json:"run_status"`
		At           string     `json:"at"`
		Price        *MoneyFeed `json:"price"`
		Availability string     `json:"availability"`
	}
)

// HistoryJSON writes the feed as one indented JSON document with empty lists
// as []. It returns the first error from encoding or writing to w.
func HistoryJSON(w io.Writer, f HistoryFeed) error {
	f.Schema = HistorySchema
	if f.Listings == nil {
		f.Listings = []HistoryListing{}
	}
	for i := range f.Listings {
		if f.Listings[i].Points == nil {
			f.Listings[i].Points = []HistoryPoint{}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("write history json: %w", err)
	}
	return nil
}

// HistoryPointOf makes a feed point.
func HistoryPointOf(runID int64, status string, at time.Time, price *pricing.Money, availability string) HistoryPoint {
	return HistoryPoint{RunID: runID, RunStatus: status, At: timestamp(at), Price: moneyFeed(price), Availability: availability}
}

// historyChart is the price-history chart: one line per listing, our price
// as a dashed line.
type historyChart struct {
	Label         string
	Width, Height int
	Left, Right   int
	Top, Bottom   int
	Lines         []historyLine
	Ours          *mark // Y in X, the label in Label
	OursY         float64
	Ticks         []mark // price ticks: X holds the y pixel
	Times         []mark // time ticks
	AxisNote      string
}

type historyLine struct {
	Class  string
	Name   string
	Points string // the polyline's points
	Dots   []dot
}

type dot struct {
	X, Y  float64
	Title string
}

const (
	histWidth  = 720
	histHeight = 260
	histLeft   = 70
	histRight  = 700
	histTop    = 16
	histBottom = 220
	// lineClasses colour up to this many listings apart; more reuse them.
	lineClasses = 6
)

// HistoryChart draws the feed's succeeded points as an inline SVG line chart
// (price over time, one line per listing, our price dashed), with a legend.
// The price axis is logarithmic past a tenfold span, as the tier chart's is.
// Amounts in another currency than our price's are left out, so every line
// is in one currency. It returns an error only when the template fails.
func HistoryChart(f HistoryFeed) (template.HTML, error) {
	c := historyChart{Label: "Price history of " + clean(f.SKU), Width: histWidth, Height: histHeight,
		Left: histLeft, Right: histRight, Top: histTop, Bottom: histBottom}
	currency := f.Price.Currency
	type pt struct {
		at time.Time
		a  pricing.Amount
	}
	var series [][]pt
	// Without our price (a mover no item of ours is matched to) the axis
	// spans the listing's own prices only.
	var lo, hi pricing.Amount = f.Price.Amount, f.Price.Amount
	if lo <= 0 {
		lo, hi = math.MaxInt64, 0
	}
	var t0, t1 time.Time
	for _, l := range f.Listings {
		var s []pt
		for _, p := range l.Points {
			if p.RunStatus != StatusSucceeded || p.Price == nil || p.Price.Currency != currency || p.Price.Amount <= 0 {
				continue
			}
			at, err := time.Parse(time.RFC3339, p.At)
			if err != nil {
				continue
			}
			s = append(s, pt{at, p.Price.Amount})
			lo, hi = min(lo, p.Price.Amount), max(hi, p.Price.Amount)
			if t0.IsZero() || at.Before(t0) {
				t0 = at
			}
			if at.After(t1) {
				t1 = at
			}
		}
		sort.Slice(s, func(i, j int) bool { return s[i].at.Before(s[j].at) })
		series = append(series, s)
	}
	if lo <= 0 || lo > hi {
		lo = max(1, min(lo, hi))
	}
	ax := newAxis(lo, max(hi, lo+1), 0, 1)
	y := func(a pricing.Amount) float64 { return histBottom - ax.x(a)*(histBottom-histTop) }
	span := t1.Sub(t0)
	x := func(t time.Time) float64 {
		if span <= 0 {
			return (histLeft + histRight) / 2
		}
		return histLeft + float64(t.Sub(t0))/float64(span)*(histRight-histLeft)
	}
	if ax.log {
		c.AxisNote = "log scale"
	}
	for _, t := range ax.ticks {
		c.Ticks = append(c.Ticks, mark{y(t), money(t, currency)})
	}
	if !t0.IsZero() {
		c.Times = append(c.Times, mark{x(t0), t0.UTC().Format("2006-01-02")})
		if span >= 24*time.Hour {
			c.Times = append(c.Times, mark{x(t1), t1.UTC().Format("2006-01-02")})
		}
	}
	if f.Price.Amount > 0 {
		c.Ours = &mark{y(f.Price.Amount), "ours " + money(f.Price.Amount, currency)}
	}
	for i, l := range f.Listings {
		hl := historyLine{Class: "s" + strconv.Itoa(i%lineClasses), Name: clean(l.Competitor + " · " + listing(l.Title, l.Key))}
		var b bytes.Buffer
		for _, p := range series[i] {
			px, py := x(p.at), y(p.a)
			if math.IsNaN(px) || math.IsNaN(py) {
				continue
			}
			fmt.Fprintf(&b, "%.1f,%.1f ", px, py)
			hl.Dots = append(hl.Dots, dot{px, py, clean(l.Competitor) + " " + p.at.UTC().Format("2006-01-02 15:04") + ": " + money(p.a, currency)})
		}
		hl.Points = b.String()
		c.Lines = append(c.Lines, hl)
	}
	var buf bytes.Buffer
	if err := historyTemplate.Execute(&buf, c); err != nil {
		return "", fmt.Errorf("history chart of %s: %w", f.SKU, err)
	}
	return template.HTML(buf.String()), nil //nolint:gosec // escaped by html/template above
}

var historyTemplate = template.Must(template.New("history").Funcs(template.FuncMap{
	"px":  func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) },
	"add": func(a, b int) int { return a + b },
}).Parse(`<svg xmlns="http://www.w3.org/2000/svg" class="history" width="{{.Width}}" height="{{.Height}}" viewBox="0 0 {{.Width}} {{.Height}}" role="img" aria-label="{{.Label}}">
<title>{{.Label}}</title>
<line class="axis" x1="{{.Left}}" x2="{{.Right}}" y1="{{.Bottom}}" y2="{{.Bottom}}"/><line class="axis" x1="{{.Left}}" x2="{{.Left}}" y1="{{.Top}}" y2="{{.Bottom}}"/>
{{$c := .}}{{range .Ticks}}<text class="ytick" x="{{add $c.Left -6}}" y="{{px .X}}" dy="4">{{.Label}}</text>
{{end}}{{range .Times}}<text class="tick" x="{{px .X}}" y="{{add $c.Bottom 16}}">{{.Label}}</text>
{{end}}{{if .AxisNote}}<text class="note" x="{{.Right}}" y="{{add .Bottom 32}}">{{.AxisNote}}</text>
{{end}}{{with .Ours}}<line class="oursline" x1="{{$c.Left}}" x2="{{$c.Right}}" y1="{{px .X}}" y2="{{px .X}}"/><text class="note" x="{{$c.Right}}" y="{{px .X}}" dy="-4">{{.Label}}</text>
{{end}}{{range .Lines}}<g class="{{.Class}}"><title>{{.Name}}</title>{{if .Points}}<polyline fill="none" points="{{.Points}}"/>{{end}}{{range .Dots}}<circle cx="{{px .X}}" cy="{{px .Y}}" r="3"><title>{{.Title}}</title></circle>{{end}}</g>
{{end}}</svg>
<ul class="hlegend">{{range .Lines}}<li class="{{.Class}}">{{.Name}}{{if not .Points}} (no priced observation from a succeeded run){{end}}</li>
{{end}}</ul>
`))

// historyCSS styles HistoryChart; served pages include it after ChartCSS.
const historyCSS = `.ytick{fill:#57606a;text-anchor:end}
.oursline{stroke:#fb8500;stroke-width:2;stroke-dasharray:6 4}
svg.history polyline{stroke-width:2}
.s0 polyline{stroke:#0969da}.s0 circle{fill:#0969da}.s1 polyline{stroke:#cf222e}.s1 circle{fill:#cf222e}
.s2 polyline{stroke:#1a7f37}.s2 circle{fill:#1a7f37}.s3 polyline{stroke:#8250df}.s3 circle{fill:#8250df}
.s4 polyline{stroke:#9a6700}.s4 circle{fill:#9a6700}.s5 polyline{stroke:#57606a}.s5 circle{fill:#57606a}
ul.hlegend li.s0{color:#0969da}ul.hlegend li.s1{color:#cf222e}ul.hlegend li.s2{color:#1a7f37}
ul.hlegend li.s3{color:#8250df}ul.hlegend li.s4{color:#9a6700}ul.hlegend li.s5{color:#57606a}
`
