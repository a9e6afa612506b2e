package serve

import (
	"bytes"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/render"
)

// maxOffers bounds the offers listed on a category page; the tier map's
// histogram shows them all.
const maxOffers = 300

// nav links the digest page to every other page.
func nav(snap *Snapshot) []render.Link {
	links := []render.Link{{Href: "/", Text: "Digest"}}
	for _, c := range snap.Digest.Analysis.Categories {
		links = append(links, render.Link{Href: "/categories/" + url.PathEscape(c.Key), Text: c.Key})
	}
	for _, name := range competitors(snap) {
		links = append(links, render.Link{Href: "/competitors/" + url.PathEscape(name), Text: name})
	}
	return append(links, render.Link{Href: "/api/digest.json", Text: "digest.json"},
		render.Link{Href: "/api/positioning.json", Text: "positioning.json"},
		render.Link{Href: "/api/positioning.csv", Text: "positioning.csv"})
}

func competitors(snap *Snapshot) []string {
	seen := map[string]bool{}
	var out []string
	for name := range snap.Runs {
		seen[name] = true
		out = append(out, name)
	}
	for _, r := range snap.Digest.Current {
		if !seen[r.Competitor] {
			seen[r.Competitor] = true
			out = append(out, r.Competitor)
		}
	}
	sort.Strings(out)
	return out
}

func (s *server) index(w http.ResponseWriter, r *http.Request) {
	snap, err := s.snapshot(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := render.HTMLPage(&buf, snap.Digest, render.PageOptions{Nav: nav(snap)}); err != nil {
		s.fail(w, r, err)
		return
	}
	send(w, r, "text/html; charset=utf-8", buf.Bytes(), snap.Modified)
}

// page renders a page of the site's layout.
func (s *server) page(w http.ResponseWriter, r *http.Request, snap *Snapshot, name string, data any) {
	var buf bytes.Buffer
	err := pages.ExecuteTemplate(&buf, name, struct {
		Nav  []render.Link
		CSS  template.CSS
		Data any
	}{nav(snap), render.ChartCSS(), data})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	send(w, r, "text/html; charset=utf-8", buf.Bytes(), snap.Modified)
}

func notFound(w http.ResponseWriter, what string) {
	http.Error(w, "404 not found: "+what, http.StatusNotFound)
}

type offerRow struct {
	Competitor, Title, URL, Availability, Price, Tier string
	amount                                            pricing.Amount
}

func (s *server) category(w http.ResponseWriter, r *http.Request) {
	snap, err := s.snapshot(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := r.PathValue("name")
	a := snap.Digest.Analysis
	var c *pricing.CategoryBands
	for i := range a.Categories {
		if a.Categories[i].Key == name {
			c = &a.Categories[i]
		}
	}
	if c == nil {
		notFound(w, "no market group "+name)
		return
	}
	var ours []pricing.Position
	for _, p := range a.Positions {
		if p.Key == c.Key {
			ours = append(ours, p)
		}
	}
	var amounts []pricing.Amount
	var offers []offerRow
	for _, o := range snap.Offers {
		if o.Price == nil || o.Category != c.Category || (c.Brand != "" && !strings.EqualFold(o.Brand, c.Brand)) || o.Price.Currency != c.Currency {
			continue
		}
		amounts = append(amounts, o.Price.Amount)
		offers = append(offers, offerRow{Competitor: o.Competitor, Title: o.Title, URL: o.URL, Availability: string(o.Availability),
			Price: o.Price.Display(), Tier: string(c.TierOf(o.Price.Amount)), amount: o.Price.Amount})
	}
	sort.SliceStable(offers, func(i, j int) bool { return offers[i].amount < offers[j].amount })
	more := 0
	if len(offers) > maxOffers {
		more, offers = len(offers)-maxOffers, offers[:maxOffers]
	}
	var chart template.HTML
	if c.Tiered {
		if chart, err = render.TierMap(*c, ours, amounts); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.page(w, r, snap, "category", struct {
		C      *pricing.CategoryBands
		Chart  template.HTML
		Ours   []pricing.Position
		Offers []offerRow
		More   int
	}{c, chart, ours, offers, more})
}

func (s *server) item(w http.ResponseWriter, r *http.Request) {
	snap, err := s.snapshot(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sku := r.PathValue("sku")
	var p *pricing.Position
	for i := range snap.Digest.Analysis.Positions {
		if snap.Digest.Analysis.Positions[i].SKU == sku {
			p = &snap.Digest.Analysis.Positions[i]
		}
	}
	if p == nil {
		notFound(w, "no item of ours has SKU "+sku)
		return
	}
	h, err := s.src.History(r.Context(), sku)
	if errors.Is(err, ErrNotFound) {
		notFound(w, "no item of ours has SKU "+sku)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	chart, err := render.HistoryChart(h)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.page(w, r, snap, "item", struct {
		P     *pricing.Position
		Chart template.HTML
	}{p, chart})
}

func (s *server) competitor(w http.ResponseWriter, r *http.Request) {
	snap, err := s.snapshot(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := r.PathValue("name")
	runs, known := snap.Runs[name]
	current := false
	for _, c := range snap.Digest.Current {
		current = current || c.Competitor == name
	}
	if !known && !current {
		notFound(w, "no competitor "+name)
		return
	}
	a := snap.Digest.Analysis
	var unmapped []pricing.UnmappedCategory
	for _, u := range a.Unmapped {
		if u.Competitor == name {
			unmapped = append(unmapped, u)
		}
	}
	var excluded []pricing.Outlier
	for _, o := range append(append([]pricing.Outlier{}, a.Excluded...), a.Outliers...) {
		if o.Competitor == name {
			excluded = append(excluded, o)
		}
	}
	changes := 0
	for _, c := range a.Changes {
		if c.Competitor == name {
			changes++
		}
	}
	offers := 0
	for _, o := range snap.Offers {
		if o.Competitor == name {
			offers++
		}
	}
	s.page(w, r, snap, "competitor", struct {
		Name     string
		Runs     []render.RunInfo
		Unmapped []pricing.UnmappedCategory
		Excluded []pricing.Outlier
		Changes  int
		Offers   int
		NoRun    bool
	}{name, runs, unmapped, excluded, changes, offers, !current})
}

var pages = template.Must(template.New("pages").Funcs(template.FuncMap{
	"path":  url.PathEscape,
	"money": func(m pricing.Money) string { return m.Display() },
	"amt":   func(a pricing.Amount, cur string) string { return pricing.Money{Amount: a, Currency: cur}.Display() },
	"when": func(r render.RunInfo, finished bool) string {
		t := r.StartedAt
		if finished {
			t = r.FinishedAt
		}
		if t.IsZero() {
			return "–"
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	},
}).Parse(pagesHTML))

// pagesHTML is the site's layout and its pages. Scraped text (titles,
// URLs, categories) only ever reaches the page through html/template's
// contextual escaping; listing URLs are links that send no referrer.
const pagesHTML = `{{define "head"}}<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.}} – shelfwatch</title>
<link rel="icon" href="data:,">
{{end}}{{define "style"}}<style>
body{font:14px/1.45 -apple-system,"Segoe UI",Helvetica,Arial,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1f2328;margin:24px auto;max-width:1040px;padding:0 16px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;border-bottom:1px solid #d0d7de;padding-bottom:4px;margin-top:32px}
table{border-collapse:collapse;margin:8px 0 12px;font-size:13px}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.num{text-align:right;white-space:nowrap}
tr.st-failed td{background:#ffebe9}tr.st-suspect td{background:#fff8c5}
nav{margin-bottom:16px}
{{.CSS}}
</style>
</head>
<body>
<nav>{{range $i, $l := .Nav}}{{if $i}} · {{end}}<a href="{{$l.Href}}">{{$l.Text}}</a>{{end}}</nav>
{{end}}
{{define "category"}}{{template "head" .Data.C.Key}}{{template "style" .}}{{with .Data}}<h1>{{.C.Key}}{{if .C.Currency}} ({{.C.Currency}}){{end}}</h1>
<p>{{.C.Offers}} market offers{{if .C.Offers}} from {{amt .C.Min .C.Currency}} to {{amt .C.Max .C.Currency}}{{end}}; {{len .Ours}} items of ours.
{{if .C.Tiered}}Cut points: low ≤ {{amt .C.Cuts.Low .C.Currency}} &lt; mid ≤ {{amt .C.Cuts.High .C.Currency}} &lt; high.{{else}}No tiers: {{.C.Note}}.{{end}}</p>
{{if .Chart}}<div class="charts">{{.Chart}}</div>{{end}}
<h2>Our items</h2>
{{if .Ours}}<table><tr><th>SKU</th><th>Title</th><th>Price</th><th>Tier</th><th>Target</th><th>Compared listings</th></tr>
{{range .Ours}}<tr><td><a href="/items/{{path .SKU}}">{{.SKU}}</a></td><td>{{.Title}}</td><td class="num">{{amt .Amount .Currency}}</td><td>{{or .Tier "–"}}</td><td>{{or .TargetTier "–"}}</td><td class="num">{{.Compared}}</td></tr>
{{end}}</table>{{else}}<p>None of our items is in this group.</p>{{end}}
<h2>Competitors' offers</h2>
{{if .Offers}}<table><tr><th>Competitor</th><th>Title</th><th>Price</th><th>Tier</th><th>Availability</th></tr>
{{range .Offers}}<tr><td><a href="/competitors/{{path .Competitor}}">{{.Competitor}}</a></td><td>{{if .URL}}<a href="{{.URL}}" rel="noreferrer noopener">{{.Title}}</a>{{else}}{{.Title}}{{end}}</td><td class="num">{{.Price}}</td><td>{{or .Tier "–"}}</td><td>{{.Availability}}</td></tr>
{{end}}</table>{{if .More}}<p>… and {{.More}} more (the histogram above counts them all).</p>{{end}}{{else}}<p>No priced offers in the current runs.</p>{{end}}
{{end}}</body>
</html>
{{end}}
{{define "item"}}{{template "head" .Data.P.SKU}}{{template "style" .}}{{with .Data}}<h1>{{.P.SKU}} {{.P.Title}}</h1>
<p>Our price {{money .P.Price}}{{if .P.Tier}}, {{.P.Tier}} tier{{end}} of <a href="/categories/{{path .P.Key}}">{{.P.Key}}</a>.
{{if .P.Compared}}Lowest matched price {{amt .P.Lowest .P.Currency}}, median {{amt .P.Median .P.Currency}}; we rank {{.P.Rank}} of {{.P.Sellers}}.{{else}}No matched listing to compare with.{{end}}</p>
<h2>Price history</h2>
{{.Chart}}
<h2>Matched listings</h2>
{{if .P.Listings}}<table><tr><th>Competitor</th><th>Title</th><th>Price</th><th>Availability</th><th>Match</th><th>Why</th></tr>
{{range .P.Listings}}<tr><td><a href="/competitors/{{path .Competitor}}">{{.Competitor}}</a></td><td>{{if .URL}}<a href="{{.URL}}" rel="noreferrer noopener">{{or .Title .Key}}</a>{{else}}{{or .Title .Key}}{{end}}</td><td class="num">{{with .Price}}{{money .}}{{else}}–{{end}}</td><td>{{or .Availability "not seen"}}</td><td>{{.Method}}</td><td>{{range $i, $r := .Reasons}}{{if $i}}; {{end}}{{$r}}{{end}}</td></tr>
{{end}}</table>{{else}}<p>No competitor listing is matched to this item.</p>{{end}}
{{end}}</body>
</html>
{{end}}
{{define "competitor"}}{{template "head" .Data.Name}}{{template "style" .}}{{with .Data}}<h1>{{.Name}}</h1>
<p>{{.Offers}} offers in its current run; {{.Changes}} listing changes since the run compared with.{{if .NoRun}} It has no usable run: its offers are missing from every band.{{end}}</p>
<h2>Runs</h2>
{{if .Runs}}<table><tr><th>Run</th><th>Status</th><th>Started</th><th>Finished</th><th>Pages</th><th>Items</th><th>Priced</th><th>Errors</th><th>Reason</th></tr>
{{range .Runs}}<tr class="st-{{.Status}}"><td class="num">#{{.RunID}}</td><td>{{.Status}}</td><td>{{when . false}}</td><td>{{when . true}}</td><td class="num">{{.Pages}}</td><td class="num">{{.Items}}</td><td class="num">{{.WithPrice}}</td><td class="num">{{.Errors}}</td><td>{{.Reason}}</td></tr>
{{end}}</table>{{else}}<p>No run in the digest's window.</p>{{end}}
<h2>Data quality</h2>
{{if .Unmapped}}<p>Shop categories that map to none of ours (their listings are in no band):</p>
<table><tr><th>Shop category</th><th>Listings</th><th>Priced</th><th>Example</th></tr>
{{range .Unmapped}}<tr><td>{{or .SourceCategory "(none shown)"}}</td><td class="num">{{.Listings}}</td><td class="num">{{.Priced}}</td><td>{{or .ExampleTitle .ExampleKey}}</td></tr>
{{end}}</table>{{end}}
{{if .Excluded}}<p>Offers left out of the bands:</p>
<table><tr><th>Listing</th><th>Category</th><th>Price</th><th>Reason</th></tr>
{{range .Excluded}}<tr><td>{{or .Title .Key}}</td><td>{{.Category}}</td><td class="num">{{money .Price}}</td><td>{{.Reason}}</td></tr>
{{end}}</table>{{end}}
{{if not (or .Unmapped .Excluded)}}<p>Every current listing of this competitor was mapped and banded.</p>{{end}}
{{end}}</body>
</html>
{{end}}`
