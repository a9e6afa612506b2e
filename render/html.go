package render

import (
	"bufio"
	"fmt"
	"html/template"
	"io"
	"strconv"
)

// HTML writes the digest as one self-contained page: inline CSS, charts as
// inline SVG, no script, no external stylesheet, font or image, so it works
// offline and is safe to send by email. Every piece of text goes through
// html/template, which escapes it for where it stands; scraped titles can
// therefore never become markup. It returns the first error from executing
// the template or writing to w.
func HTML(w io.Writer, d Digest) error { return HTMLPage(w, d, PageOptions{}) }

// PageOptions adds to the digest page what a served page has and a mailed
// file has not.
type PageOptions struct {
	// Nav are links shown above the digest (report serve's other pages).
	// A page with links also declares an empty icon, so a browser asks
	// the server for no favicon.
	Nav []Link
}

// Link is a link of a page's navigation. Href is escaped as a URL by
// html/template: a javascript: URL becomes harmless.
type Link struct{ Href, Text string }

// HTMLPage is HTML with options; see PageOptions. It returns the first error
// from executing the template or writing to w.
func HTMLPage(w io.Writer, d Digest, opt PageOptions) error {
	bw := bufio.NewWriter(w)
	page := struct {
		Title  string
		Nav    []Link
		Blocks []block
	}{"Shelfwatch weekly digest – " + when(d.GeneratedAt), opt.Nav, build(d)}
	if err := pageTemplate.Execute(bw, page); err != nil {
		return fmt.Errorf("write digest html: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write digest html: %w", err)
	}
	return nil
}

var pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{
	"px":       func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) },
	"right":    func(t *table, i int) bool { return i < len(t.Right) && t.Right[i] },
	"add":      func(a, b float64) float64 { return a + b },
	"sub":      func(a, b float64) float64 { return a - b },
	"add2":     func(a, b int) int { return a + b },
	"sub2":     func(a, b int) int { return a - b },
	"chartCSS": func() template.CSS { return template.CSS(chartCSS + historyCSS) },
	"link": func(t *table, row, col int) string {
		if col != t.LinkCol || row >= len(t.Links) {
			return ""
		}
		return t.Links[row]
	},
}).Parse(pageHTML))

// chartCSS styles the inline SVG charts; the digest page and the served
// pages that embed TierMap and HistoryChart share it.
const chartCSS = `.charts{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
svg{font:11px Helvetica,Arial,sans-serif;background:#fff;border:1px solid #eaeef2}
.t-low{fill:#8fd19e}.t-mid{fill:#7fb3e8}.t-high{fill:#d4a5e8}
.med{stroke:#1f2328;stroke-width:2}
.cut{stroke:#cf222e;stroke-dasharray:4 3}
.cutl{fill:#cf222e;text-anchor:middle}
.axis{stroke:#57606a}.tick{fill:#57606a;text-anchor:middle}
.ours{fill:#fb8500;stroke:#1f2328}
.oursl{text-anchor:middle;font-weight:bold}
.leader{stroke:#8c959f;stroke-width:1}
.hist{fill:#8c959f}
.note{fill:#57606a;text-anchor:end;font-style:italic}
ol.legend{margin:0;padding-left:28px;font-size:12px;columns:2 240px;max-width:640px}
.mkt{fill:#afb8c1}.our{fill:#fb8500}
.val{text-anchor:middle;font-size:10px}
.lbl{text-anchor:middle}
`

// pageHTML is the page. The charts' <title> elements give each mark a
// tooltip and screen readers a description; the CSS keeps to what mail
// clients render.
const pageHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
{{if .Nav}}<link rel="icon" href="data:,">
{{end}}<style>
body{font:14px/1.45 -apple-system,"Segoe UI",Helvetica,Arial,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1f2328;margin:24px auto;max-width:1040px;padding:0 16px}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:19px;border-bottom:1px solid #d0d7de;padding-bottom:4px;margin-top:32px}
h3{font-size:16px;margin:24px 0 8px}
p{margin:6px 0}
table{border-collapse:collapse;margin:8px 0 12px;font-size:13px}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}
td.num,th.num{text-align:right;white-space:nowrap}
tr.sev-high td:first-child{background:#ffebe9;color:#a40e26;font-weight:bold}
tr.sev-medium td:first-child{background:#fff8c5;color:#7d4e00;font-weight:bold}
tr.sev-low td:first-child{background:#ddf4ff;color:#0550ae}
{{chartCSS}}</style>
</head>
<body>
{{if .Nav}}<nav>{{range $i, $l := .Nav}}{{if $i}} · {{end}}<a href="{{$l.Href}}">{{$l.Text}}</a>{{end}}</nav>
{{end}}{{range .Blocks}}{{if .IsHeading}}{{if eq .Level 1}}<h1>{{.Text}}</h1>
{{else if eq .Level 2}}<h2>{{.Text}}</h2>
{{else}}<h3>{{.Text}}</h3>
{{end}}{{else if .IsPara}}<p>{{range $i, $l := .Lines}}{{if $i}}<br>
{{end}}{{$l}}{{end}}</p>
{{else if .IsTable}}{{template "table" .Table}}{{else if .IsGaps}}<table>
<tr><th>Severity</th><th>Flag</th><th>Where</th><th>Detail</th><th>Action</th></tr>
{{range .Gaps}}<tr class="sev-{{.Severity}}"><td>{{.Severity}}</td><td>{{.Kind}}</td><td>{{.Where}}</td><td>{{.Detail}}</td><td>{{.Action}}</td></tr>
{{end}}</table>
{{else if .IsCharts}}<div class="charts">
{{template "strip" .Charts.Strip}}{{template "bars" .Charts.Bars}}</div>
{{else if .IsHistory}}<h2>Price histories</h2>
{{range .Histories}}<div id="{{.ID}}"><h3>{{.Title}}</h3>
{{.Chart}}</div>
{{end}}{{end}}{{end}}</body>
</html>
{{define "table"}}<table>
<tr>{{range $i, $h := .Head}}<th{{if right $ $i}} class="num"{{end}}>{{$h}}</th>{{end}}</tr>
{{$t := .}}{{range $r, $row := .Rows}}<tr>{{range $i, $c := $row}}<td{{if right $t $i}} class="num"{{end}}>{{with link $t $r $i}}<a href="#{{.}}">{{$c}}</a>{{else}}{{$c}}{{end}}</td>{{end}}</tr>
{{end}}</table>
{{end}}{{define "strip"}}<svg xmlns="http://www.w3.org/2000/svg" width="{{.Width}}" height="{{.Height}}" viewBox="0 0 {{.Width}} {{.Height}}" role="img" aria-label="{{.Label}}">
<title>{{.Label}}</title>
{{if .Hist}}<text x="8" y="{{px .HistY}}">{{.HistLabel}}</text>
{{range .Hist}}<rect class="hist" x="{{px .X}}" y="{{px .Y}}" width="{{px .W}}" height="{{px .H}}"><title>{{.Title}}</title></rect>
{{end}}{{end}}{{range .Tiers}}<text x="8" y="{{px .LabelY}}">{{.Label}}</text>
{{if not .Empty}}<rect class="{{.Class}}" x="{{px .X1}}" y="{{px .Y}}" width="{{px (sub .X2 .X1)}}" height="14"/><line class="med" x1="{{px .XM}}" x2="{{px .XM}}" y1="{{px .Y}}" y2="{{px (add .Y 14)}}"/>
{{end}}{{end}}<text x="8" y="{{.OursY}}" dy="4">ours</text>
{{$s := .}}{{range .Cuts}}<line class="cut" x1="{{px .X}}" x2="{{px .X}}" y1="{{$s.CutTop}}" y2="{{$s.CutY2}}"/><text class="cutl" x="{{px .X}}" y="{{sub2 $s.CutTop 3}}">{{.Label}}</text>
{{end}}<line class="axis" x1="{{.PlotLeft}}" x2="{{.PlotRight}}" y1="{{.AxisY}}" y2="{{.AxisY}}"/>
{{range .Ticks}}<line class="axis" x1="{{px .X}}" x2="{{px .X}}" y1="{{$s.AxisY}}" y2="{{add2 $s.AxisY 4}}"/><text class="tick" x="{{px .X}}" y="{{add2 $s.AxisY 16}}">{{.Label}}</text>
{{end}}{{if .AxisNote}}<text class="note" x="{{.PlotRight}}" y="{{add2 .AxisY 30}}">{{.AxisNote}}</text>
{{end}}{{range .Ours}}<g><title>{{.Title}}</title>{{if .Leader}}<line class="leader" x1="{{px .X}}" x2="{{px .LabelX}}" y1="{{px (add .Y 6)}}" y2="{{px (add .LabelY -10)}}"/>{{end}}<path class="ours" d="M{{px .X}} {{px (add .Y -6)}}l6 6-6 6-6-6z"/><text class="oursl" x="{{px .LabelX}}" y="{{px .LabelY}}">{{.Label}}</text></g>
{{end}}</svg>
{{if .Legend}}<ol class="legend">{{range .Legend}}<li value="{{.N}}">{{.Text}}: {{.Price}}, {{.Tier}}</li>
{{end}}</ol>
{{end}}{{end}}{{define "bars"}}<svg xmlns="http://www.w3.org/2000/svg" width="{{.Width}}" height="{{.Height}}" viewBox="0 0 {{.Width}} {{.Height}}" role="img" aria-label="{{.Label}}">
<title>{{.Label}}</title>
<rect class="mkt" x="8" y="8" width="10" height="10"/><text x="22" y="17">market offers</text><rect class="our" x="120" y="8" width="10" height="10"/><text x="134" y="17">our range</text>
{{$b := .}}{{range .Groups}}<rect class="mkt" x="{{px .MarketX}}" y="{{px .MarketY}}" width="26" height="{{px .MarketH}}"><title>{{.Market}} of market offers are {{.Tier}}-tier</title></rect><text class="val" x="{{px (add .MarketX 13)}}" y="{{px (add .MarketY -3)}}">{{.Market}}</text>
<rect class="our" x="{{px .OursX}}" y="{{px .OursY}}" width="26" height="{{px .OursH}}"><title>{{.Ours}} of our range is {{.Tier}}-tier</title></rect><text class="val" x="{{px (add .OursX 13)}}" y="{{px (add .OursY -3)}}">{{.Ours}}</text>
<text class="lbl" x="{{px .X}}" y="{{add2 $b.Base 16}}">{{.Tier}}</text>
{{end}}<line class="axis" x1="8" x2="{{sub2 .Width 8}}" y1="{{.Base}}" y2="{{.Base}}"/>
</svg>
{{end}}`
