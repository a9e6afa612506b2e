package render

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// realAnalysis runs pricing.Analyze on a small two-week market, so the
// renderers meet what the analysis really produces, not only the hand-made
// fixture.
func realAnalysis() pricing.Analysis {
	at := time.Date(2026, 11, 24, 6, 0, 0, 0, time.UTC)
	offers := func(week int) []pricing.Offer {
		var os []pricing.Offer
		for i := range 12 {
			price := 49900 + i*50000
			if week == 2 && i == 3 {
				price -= 20000
			}
			os = append(os, pricing.Offer{
				Competitor: "shop", Key: "sku:S" + strconv.Itoa(i), Title: "Phone " + strconv.Itoa(i), Category: "phones",
				Price: &pricing.Money{Amount: pricing.Amount(price) * pricing.MajorUnit / 100, Currency: "CNY"}, Availability: pricing.InStock,
			})
		}
		if week == 2 {
			os = append(os, pricing.Offer{Competitor: "shop", Key: "sku:NEW", Title: "<b>New</b> phone", Category: "phones",
				Price: &pricing.Money{Amount: pricing.MustAmount("1999"), Currency: "CNY"}, Availability: pricing.InStock})
		}
		return os
	}
	m := pricing.Market{
		Previous: []pricing.Snapshot{{Competitor: "shop", RunID: 1, At: at.Add(-168 * time.Hour), Offers: offers(1)}},
		Current:  []pricing.Snapshot{{Competitor: "shop", RunID: 2, At: at, Offers: offers(2)}},
		Catalog: []pricing.CatalogItem{
			{SKU: "P1", Title: "Our phone", Category: "phones", Price: cny("1999"), TargetTier: pricing.TierHigh},
			{SKU: "P2", Title: "Our cheap phone", Category: "phones", Price: cny("399")},
		},
		Matches: []pricing.Match{{CatalogSKU: "P1", Competitor: "shop", ListingKey: "sku:S3", Method: pricing.MatchGTIN, Score: 1}},
	}
	return pricing.Analyze(m, pricing.DefaultOptions())
}

func TestRendersARealAnalysis(t *testing.T) {
	a := realAnalysis()
	d := Digest{
		GeneratedAt: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC), Since: 168 * time.Hour, Analysis: a,
		Current:  []RunInfo{{Competitor: "shop", RunID: 2, Status: StatusSucceeded}},
		Previous: []RunInfo{{Competitor: "shop", RunID: 1, Status: StatusSucceeded}},
	}
	for name, write := range map[string]func(io.Writer, Digest) error{"text": Text, "markdown": Markdown, "html": HTML, "json": JSON} {
		var buf bytes.Buffer
		if err := write(&buf, d); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if name == "text" {
			out := buf.String()
			cuts := "Cut points (" + string(pricing.DefaultOptions().Method) + ")"
			for _, want := range []string{"phones (CNY)", cuts, "; separation ", "P1", "price down", "What to act on"} {
				if !strings.Contains(out, want) {
					t.Errorf("text lacks %q:\n%s", want, out)
				}
			}
		}
	}
	for _, table := range []string{TableItems, TableTiers} {
		if err := PositioningCSV(io.Discard, a, table); err != nil {
			t.Fatal(err)
		}
	}
	if err := PositioningXLSX(io.Discard, a); err != nil {
		t.Fatal(err)
	}
	if rows := PositionRows(a); len(rows) != 2 || rows[0].SKU != "P1" || rows[0].Lowest == nil {
		t.Errorf("position rows = %+v", rows)
	}
	if rows := TierRows(a); len(rows) != 3 {
		t.Errorf("%d tier rows, want 3", len(rows))
	}
}
