package render

import (
	"bytes"
	"html/template"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/shelfwatch/shelfwatch/internal/browsertest"
)

// TestChartLabelsDoNotOverlapInChromium renders each market-scale case as
// the digest page and as a served tier map, loads both in headless Chromium
// and measures, with the page's own getBoundingClientRect, that no two of
// our labels overlap and none leaves its chart. The estimate placeLabels
// uses is only an estimate; this checks what a reader's browser draws.
func TestChartLabelsDoNotOverlapInChromium(t *testing.T) {
	pages := map[string][]byte{}
	for i, mc := range marketCases {
		a, offers := mc.analysis()
		var digest bytes.Buffer
		if err := HTML(&digest, Digest{GeneratedAt: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC), Since: 168 * time.Hour, Analysis: a}); err != nil {
			t.Fatal(err)
		}
		tm, err := TierMap(a.Categories[0], a.Positions, offers)
		if err != nil {
			t.Fatal(err)
		}
		var mapPage bytes.Buffer
		err = template.Must(template.New("").Parse(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>map</title><link rel="icon" href="data:,"><style>{{.CSS}}</style></head><body>{{.Map}}</body></html>`)).
			Execute(&mapPage, struct {
				CSS template.CSS
				Map template.HTML
			}{ChartCSS(), tm})
		if err != nil {
			t.Fatal(err)
		}
		pages["/digest/"+string(rune('a'+i))] = digest.Bytes()
		pages["/map/"+string(rune('a'+i))] = mapPage.Bytes()
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/favicon.ico" {
			// The mailed digest declares no icon, so Chromium asks for
			// one; a 404 would count as a console error of the page.
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(pages[r.URL.Path])
	}))
	defer srv.Close()

	b := browsertest.New(t, 60*time.Second)
	out := browsertest.OutputDir(t)
	for i, mc := range marketCases {
		for _, kind := range []string{"digest", "map"} {
			t.Run(kind+" of "+mc.name, func(t *testing.T) {
				path := "/" + kind + "/" + string(rune('a'+i))
				if err := chromedp.Do(b.Ctx, chromedp.Navigate(srv.URL+path)); err != nil {
					t.Fatal(err)
				}
				labels, err := browsertest.Rects(b.Ctx, "svg text.oursl")
				if err != nil {
					t.Fatal(err)
				}
				if len(labels) != mc.ours {
					t.Fatalf("the page shows %d labels of ours, want %d", len(labels), mc.ours)
				}
				charts, err := browsertest.Rects(b.Ctx, "svg:has(text.oursl)")
				if err != nil || len(charts) != 1 {
					t.Fatalf("want one chart with our labels, got %d (%v)", len(charts), err)
				}
				frame := charts[0]
				for j, l := range labels {
					if l.Right-l.Left < 1 {
						t.Errorf("label %q has no width: the font did not render", l.Text)
					}
					if l.Left < frame.Left || l.Right > frame.Right || l.Top < frame.Top || l.Bottom > frame.Bottom {
						t.Errorf("label %q %+v is cut off by its chart %+v", l.Text, l, frame)
					}
					for _, o := range labels[:j] {
						// Glyph boxes include the font's line gap, so
						// touching boxes share a pixel: allow half of one.
						if l.Overlaps(o, 0.5) {
							t.Errorf("labels %q %+v and %q %+v overlap on the page", l.Text, l, o.Text, o)
						}
					}
				}
				if errs, err := b.TakeErrors(); err != nil || len(errs) > 0 {
					t.Errorf("console errors: %v %v", errs, err)
				}
				if i == 0 {
					shot, err := chromedp.Run(b.Ctx, chromedp.FullScreenshot(100))
					if err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(filepath.Join(out, kind+"-market-scale.png"), shot, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			})
		}
	}
}
