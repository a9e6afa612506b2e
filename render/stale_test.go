package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/xuri/excelize/v2"
)

// staleDigest is the digest of a database whose last runs are 60 days old:
// both competitors stale, no run in the week, one stale tier and one stale
// gap.
func staleDigest() Digest {
	until := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	last := until.Add(-60 * 24 * time.Hour)
	d := Digest{
		GeneratedAt: until.Add(9 * time.Hour), From: until.Add(-7 * 24 * time.Hour), Until: until, AsOf: until,
		Week: "2026-W48", Since: 7 * 24 * time.Hour,
		Current: []RunInfo{
			{Competitor: "gadgethub", RunID: 3, Status: StatusSucceeded, StartedAt: last, Items: 9, WithPrice: 9},
			{Competitor: "teamall", RunID: 4, Status: StatusSucceeded, StartedAt: last.Add(time.Hour), Items: 20, WithPrice: 20},
		},
		Freshness: []Freshness{
			{Competitor: "gadgethub", RunID: 3, LastRun: last, Age: 60 * 24 * time.Hour, StaleAfter: 8 * 24 * time.Hour, Stale: true},
			{Competitor: "teamall", RunID: 4, LastRun: last.Add(time.Hour), Age: 60*24*time.Hour - time.Hour, StaleAfter: 14 * 24 * time.Hour, Stale: true},
		},
	}
	d.Analysis = pricing.Analysis{
		Categories: []pricing.CategoryBands{{Key: "phones", Category: "phones", Currency: "CNY", Tiered: true, Offers: 6, Stale: true, StaleOffers: 6,
			Cuts: pricing.Cuts{Currency: "CNY", Low: amt("1000"), High: amt("3000")}, Min: amt("500"), Max: amt("5000"),
			Tiers: [3]pricing.TierStats{{Tier: pricing.TierLow, Market: 2, StaleOffers: 2}, {Tier: pricing.TierMid, Market: 2, StaleOffers: 2}, {Tier: pricing.TierHigh, Market: 2, StaleOffers: 2}}}},
		Gaps: []pricing.Gap{{Kind: pricing.AssortmentGap, Severity: pricing.SeverityHigh, Category: "phones", Tier: pricing.TierLow, Detail: "d", Action: "a", Stale: true}},
	}
	return d
}

func TestEveryFormatOpensWithTheStaleWarningWhenNoCompetitorIsFresh(t *testing.T) {
	const want = "STALE: no competitor was crawled successfully in the last 8 days (last run 59 days ago, teamall 2026-10-01 01:00 UTC); every price below is old."
	first := func(s string) string { l, _, _ := strings.Cut(s, "\n"); return l }
	tests := []struct {
		name  string
		write func(*bytes.Buffer, Digest) error
		check func(t *testing.T, out []byte)
	}{
		{"text", func(b *bytes.Buffer, d Digest) error { return Text(b, d) }, func(t *testing.T, out []byte) {
			if got := first(string(out)); got != want {
				t.Errorf("first line %q, want %q", got, want)
			}
		}},
		{"markdown", func(b *bytes.Buffer, d Digest) error { return Markdown(b, d) }, func(t *testing.T, out []byte) {
			if got := first(string(out)); got != want {
				t.Errorf("first line %q, want %q", got, want)
			}
		}},
		{"html", func(b *bytes.Buffer, d Digest) error { return HTML(b, d) }, func(t *testing.T, out []byte) {
			_, body, _ := strings.Cut(string(out), "<body>\n")
			if got := first(body); got != "<p>"+want+"</p>" {
				t.Errorf("first line of the body %q, want the warning", got)
			}
		}},
		{"json", func(b *bytes.Buffer, d Digest) error { return JSON(b, d) }, func(t *testing.T, out []byte) {
			var f DigestFeed
			if err := json.Unmarshal(out, &f); err != nil {
				t.Fatal(err)
			}
			if f.StaleWarning != want || !strings.Contains(string(out), `"schema": "shelfwatch.digest/v1",`+"\n"+`  "stale_warning"`) {
				t.Errorf("stale_warning %q, want it second after schema and %q", f.StaleWarning, want)
			}
			if len(f.DataQuality.StaleCompetitors) != 2 || !f.Categories[0].Stale || !f.Gaps[0].Stale || f.Freshness[0].AgeDays != 60 || f.Window.Week != "2026-W48" {
				t.Errorf("stale fields not set: %+v %+v %+v %+v", f.DataQuality.StaleCompetitors, f.Categories[0], f.Gaps[0], f.Freshness)
			}
		}},
		{"xlsx", func(b *bytes.Buffer, d Digest) error { return DigestXLSX(b, d) }, func(t *testing.T, out []byte) {
			f, err := excelize.OpenReader(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if a, _ := f.GetCellValue(SheetSummary, "A2"); a != "STALE" {
				t.Errorf("Summary A2 = %q, want STALE", a)
			}
			if b, _ := f.GetCellValue(SheetSummary, "B2"); b != want {
				t.Errorf("Summary B2 = %q, want the warning", b)
			}
		}},
	}
	for _, tt := range tests {
		t.Run("the "+tt.name+" digest", func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.write(&buf, staleDigest()); err != nil {
				t.Fatal(err)
			}
			tt.check(t, buf.Bytes())
		})
	}
}

func TestTheTextDigestMarksStaleDataAndNeverCallsOldRunsThisWeeks(t *testing.T) {
	var buf bytes.Buffer
	if err := Text(&buf, staleDigest()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"week 2026-W48 (runs started from 2026-11-23 00:00 UTC to 2026-11-30 00:00 UTC)",
		"gadgethub: no successful run in this window; the last one (#3, 2026-10-01 00:00 UTC) is 60 days old, so its prices from then still feed the bands, marked stale and it shows no changes.",
		"no run this window",
		"60 days (stale data)",
		"Stale data: 6 of the 6 offers come from competitors not crawled recently.",
		"Stale offers",
		"[HIGH] Assortment gap (stale data): phones · low tier",
		"Stale: these competitors have no successful run within their stale_after.",
		"teamall     #4 2026-10-01 01:00 UTC  59 days  14 days",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text digest lacks %q:\n%s", want, out)
		}
	}
	for _, bad := range []string{"Every run in the window was usable", "none yet"} {
		if strings.Contains(out, bad) {
			t.Errorf("text digest says %q of 60-day-old data", bad)
		}
	}
}

func TestStaleWarning(t *testing.T) {
	day := 24 * time.Hour
	at := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		freshness []Freshness
		want      string
	}{
		{"one fresh competitor is enough for no warning", []Freshness{
			{Competitor: "a", LastRun: at.Add(-60 * day), Age: 60 * day, StaleAfter: 8 * day, Stale: true},
			{Competitor: "b", LastRun: at.Add(-day), Age: day, StaleAfter: 8 * day},
		}, ""},
		{"a database with no successful run is new, not stale", []Freshness{{Competitor: "a", StaleAfter: 8 * day, Stale: true}}, ""},
		{"no competitor at all gives no warning", nil, ""},
		{"the newest run and the shortest stale_after are named", []Freshness{
			{Competitor: "a", LastRun: at.Add(-60 * day), Age: 60 * day, StaleAfter: 14 * day, Stale: true},
			{Competitor: "b", LastRun: at.Add(-9 * day), Age: 9 * day, StaleAfter: 8 * day, Stale: true},
			{Competitor: "c", StaleAfter: 2 * day, Stale: true},
		}, "STALE: no competitor was crawled successfully in the last 2 days (last run 9 days ago, b 2026-11-21 00:00 UTC); every price below is old."},
		{"hours are said in hours", []Freshness{{Competitor: "a", LastRun: at.Add(-30 * time.Hour), Age: 30 * time.Hour, StaleAfter: 12 * time.Hour, Stale: true}},
			"STALE: no competitor was crawled successfully in the last 12 hours (last run 30 hours ago, a 2026-11-28 18:00 UTC); every price below is old."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := staleWarning(Digest{Freshness: tt.freshness}); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestTextTablesAlignWideCharactersByDisplayWidth(t *testing.T) {
	tests := []struct {
		name string
		rows [][]string
	}{
		{"Chinese titles", [][]string{{"华为 Mate 60 Pro 手机", "¥6,999"}, {"Phone A", "¥1,899"}, {"小米14", "¥3,999"}}},
		{"Japanese and full-width letters", [][]string{{"ソニー ＷＨ-1000XM5", "¥59,400"}, {"Bose QC", "¥39,600"}}},
		{"Korean and accents", [][]string{{"삼성 갤럭시", "₩1,199,000"}, {"Écouteurs sans fil", "€129"}}},
		{"combining marks take no cell", [][]string{{"Cafe\u0301 grinder", "€89"}, {"Kettle", "€25"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			writeTextTable(&buf, &table{Head: []string{"Listing", "Price"}, Rows: tt.rows})
			lines := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
			// Every line's second column starts at the same display column.
			col := -1
			for i, l := range lines[2:] {
				cell := tt.rows[i][0]
				start := displayWidth(l[:strings.Index(l, cell)+len(cell)])
				rest := l[strings.Index(l, cell)+len(cell):]
				at := start + len(rest) - len(strings.TrimLeft(rest, " "))
				if col == -1 {
					col = at
				}
				if at != col {
					t.Errorf("line %q: price starts at display column %d, want %d\n%s", l, at, col, buf.String())
				}
			}
		})
	}
}
