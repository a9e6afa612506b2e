package render

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/render")

// golden compares got with testdata/render/name at the module root, or
// rewrites the file under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("..", "testdata", "render", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test -update and review the diff):\n%s", path, firstDiff(want, got))
	}
}

// firstDiff shows the first differing line of two outputs.
func firstDiff(want, got []byte) string {
	wl, gl := bytes.Split(want, []byte("\n")), bytes.Split(got, []byte("\n"))
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g []byte
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if !bytes.Equal(w, g) {
			return "line " + strconv.Itoa(i+1) + ":\n want: " + string(w) + "\n  got: " + string(g)
		}
	}
	return "(no line differs)"
}

func cny(s string) pricing.Money {
	return pricing.Money{Amount: pricing.MustAmount(s), Currency: "CNY"}
}
func cnyp(s string) *pricing.Money { m := cny(s); return &m }
func amt(s string) pricing.Amount  { return pricing.MustAmount(s) }

// evilTitle is a competitor title written to attack every output: a
// spreadsheet formula, a table separator, a newline, Markdown and HTML.
const evilTitle = "=HYPERLINK(\"http://evil.example\",\"click\") | <script>alert(1)</script>\n# heading"

// fixture is a hand-made week: two tiered categories (phones, headphones), a
// category with too few offers to tier (tablets), a competitor with no
// previous run, a suspect run, a competitor with no usable run at all.
func fixture() Digest {
	gen := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	return Digest{
		GeneratedAt: gen,
		Since:       168 * time.Hour,
		From:        time.Date(2026, 11, 18, 9, 0, 0, 0, time.UTC),
		Until:       gen,
		AsOf:        gen,
		Freshness: []Freshness{
			{Competitor: "gadgethub", RunID: 12, LastRun: gen.Add(-3 * time.Hour), Age: 3 * time.Hour, StaleAfter: 8 * 24 * time.Hour, InWindow: true},
			{Competitor: "shopzilla", StaleAfter: 8 * 24 * time.Hour, Stale: true},
			{Competitor: "teamall", RunID: 14, LastRun: gen.Add(-2 * time.Hour), Age: 2 * time.Hour, StaleAfter: 8 * 24 * time.Hour, InWindow: true},
		},
		Histories: []MoverHistory{{Competitor: "gadgethub", Key: "sku:GH-B256", Feed: HistoryFeed{SKU: "PH-200", Title: "Phone B 256GB Black",
			Price: MoneyFeed{Amount: amt("4599"), Currency: "CNY"}, Listings: []HistoryListing{{Competitor: "gadgethub", Key: "sku:GH-B256", Title: "Phone B 256GB Black", Points: []HistoryPoint{
				HistoryPointOf(7, StatusSucceeded, gen.Add(-171*time.Hour), cnyp("4299"), "in_stock"),
				HistoryPointOf(12, StatusSucceeded, gen.Add(-3*time.Hour), cnyp("3799"), "in_stock"),
			}}}}}},
		Current: []RunInfo{
			{Competitor: "gadgethub", RunID: 12, Status: StatusSucceeded, StartedAt: gen.Add(-3 * time.Hour), FinishedAt: gen.Add(-170 * time.Minute), Pages: 3, Items: 9, WithPrice: 9},
			{Competitor: "teamall", RunID: 14, Status: StatusSucceeded, StartedAt: gen.Add(-2 * time.Hour), FinishedAt: gen.Add(-100 * time.Minute), Pages: 21, Items: 20, WithPrice: 19, Errors: 1},
		},
		Previous: []RunInfo{
			{Competitor: "gadgethub", RunID: 7, Status: StatusSucceeded, StartedAt: gen.Add(-171 * time.Hour), FinishedAt: gen.Add(-170 * time.Hour), Pages: 3, Items: 8, WithPrice: 8},
		},
		Quality: []RunInfo{
			{Competitor: "teamall", RunID: 13, Status: StatusSuspect, StartedAt: gen.Add(-26 * time.Hour), FinishedAt: gen.Add(-25 * time.Hour), Pages: 21, Items: 20, WithPrice: 2, Reason: "only 2 of 20 items have a price (10 %, want at least 90 %)"},
			{Competitor: "shopzilla", RunID: 11, Status: StatusFailed, StartedAt: gen.Add(-50 * time.Hour), FinishedAt: gen.Add(-50*time.Hour + time.Minute), Pages: 1, Errors: 1, Reason: "GET https://shopzilla.example/: 403 Forbidden"},
		},
		NoRuns:     []string{"shopzilla"},
		Candidates: 2,
		Review: []Candidate{
			{CatalogSKU: "PH-300", OurTitle: "Phone C Pro", OurPrice: cnyp("4999"), Competitor: "teamall", ListingKey: "sku:TM-1003",
				ListingTitle: "Phone C Pro Max 512GB", ListingURL: "https://teamall.example/p/TM-1003.html", TheirPrice: cnyp("6999"),
				Method: "fuzzy", Score: 0.7125, Reasons: []string{"brand phoneco", "tokens 0.78", "penalty: variant word max", "penalty: unit conflict 256gb/512gb"}},
			{CatalogSKU: "TB-100", OurTitle: "Tab 10", OurPrice: cnyp("2299"), Competitor: "gadgethub", ListingKey: "url:https://gadgethub.example/p/tab10",
				ListingTitle: evilTitle, ListingURL: "https://gadgethub.example/p/tab10", Method: "fuzzy", Score: 0.66},
		},
		Analysis: fixtureAnalysis(),
	}
}

func fixtureAnalysis() pricing.Analysis {
	gen := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	return pricing.Analysis{
		Freshness: []pricing.Freshness{
			{Competitor: "gadgethub", RunID: 12, LastRun: gen.Add(-3 * time.Hour), Age: 3 * time.Hour},
			{Competitor: "teamall", RunID: 14, LastRun: gen.Add(-2 * time.Hour), Age: 2 * time.Hour},
		},
		Categories: []pricing.CategoryBands{
			{
				Key: "headphones", Category: "headphones", Currency: "CNY", Method: pricing.MethodQuantile, Tiered: true,
				Cuts: pricing.Cuts{Currency: "CNY", Low: amt("299"), High: amt("899")}, Separation: 0.9137,
				Offers: 9, Min: amt("99"), Max: amt("2499"), Ours: 2,
				Tiers: [3]pricing.TierStats{
					{Tier: pricing.TierLow, Market: 3, Ours: 0, Min: amt("99"), Median: amt("199"), Max: amt("299"), MarketPct: 100.0 / 3, OurPct: 0},
					{Tier: pricing.TierMid, Market: 3, Ours: 1, Min: amt("399"), Median: amt("599"), Max: amt("899"), MarketPct: 100.0 / 3, OurPct: 50},
					{Tier: pricing.TierHigh, Market: 3, Ours: 1, Min: amt("1299"), Median: amt("1999"), Max: amt("2499"), MarketPct: 100.0 / 3, OurPct: 50},
				},
			},
			{
				Key: "phones", Category: "phones", Currency: "CNY", Method: pricing.MethodQuantile, Tiered: true,
				Cuts: pricing.Cuts{Currency: "CNY", Low: amt("1999"), High: amt("4999")}, Separation: 0.7449,
				Offers: 18, Min: amt("699"), Max: amt("9999"), Trimmed: 1, Excluded: 1, Ours: 3,
				Tiers: [3]pricing.TierStats{
					{Tier: pricing.TierLow, Market: 8, Ours: 1, Min: amt("699"), Median: amt("1499.5"), Max: amt("1999"), MarketPct: 44.44444444444444, OurPct: 100.0 / 3},
					{Tier: pricing.TierMid, Market: 6, Ours: 2, Min: amt("2299"), Median: amt("3499"), Max: amt("4999"), MarketPct: 33.333333333333336, OurPct: 200.0 / 3},
					{Tier: pricing.TierHigh, Market: 4, Ours: 0, Min: amt("5999"), Median: amt("7999"), Max: amt("9999"), MarketPct: 22.22222222222222, OurPct: 0},
				},
			},
			{
				Key: "tablets", Category: "tablets", Currency: "CNY", Method: pricing.MethodQuantile,
				Note: "only 2 market offers (need 3)", Offers: 2, Min: amt("1999"), Max: amt("2599"), Ours: 1,
			},
		},
		Positions: []pricing.Position{
			{
				SKU: "HP-200", Title: "Studio ANC Headphones", Category: "headphones", Key: "headphones", Price: cny("1099"),
				TargetTier: pricing.TierHigh, Currency: "CNY", Amount: amt("1099"), Tier: pricing.TierHigh,
				ToLower: amt("200"), ToUpper: amt("1400"), ToLowerPct: 18.19836214740673, ToUpperPct: 127.38853503184714,
				Sellers: 1, Rank: 1,
			},
			{
				SKU: "HP-100", Title: "Buds Lite", Category: "headphones", Key: "headphones", Price: cny("499"),
				Currency: "CNY", Amount: amt("499"), Tier: pricing.TierMid,
				ToLower: amt("200"), ToUpper: amt("400"), ToLowerPct: 40.08016032064128, ToUpperPct: 80.16032064128257,
				Listings: []pricing.MatchedListing{
					{Competitor: "gadgethub", Key: "sku:GH-BL", Method: pricing.MatchGTIN, Seen: true, Title: "Buds Lite (white)", URL: "https://gadgethub.example/p/buds-lite", Availability: pricing.OutOfStock, Price: cnyp("459")},
				},
				Sellers: 1, Rank: 1,
			},
			{
				SKU: "PH-100", Title: "Phone A 128GB", Category: "phones", Key: "phones", Price: cny("1899"),
				TargetTier: pricing.TierLow, Currency: "CNY", Amount: amt("1899"), Tier: pricing.TierLow,
				ToLower: amt("1200"), ToUpper: amt("100"), ToLowerPct: 63.19115323854660, ToUpperPct: 5.265929436545550,
				Listings: []pricing.MatchedListing{
					{Competitor: "gadgethub", Key: "sku:GH-A128", Method: pricing.MatchGTIN, Seen: true, Title: "Phone A 128 GB", URL: "https://gadgethub.example/p/a128", Availability: pricing.InStock, Price: cnyp("1799"), Amount: amt("1799"), Compared: true,
						Reasons: []string{"gtin 06926469429203"}},
					{Competitor: "teamall", Key: "sku:TM-1001", Method: pricing.MatchConfirmed, Seen: true, Title: evilTitle, URL: "https://teamall.example/p/TM-1001.html", Availability: pricing.InStock, Price: cnyp("1899"), Amount: amt("1899"), Compared: true},
				},
				Compared: 2, Lowest: amt("1799"), Median: amt("1849"),
				IndexVsLowest: 1.0555864369093940, IndexVsMedian: 1.0270416441319632, Rank: 2, Sellers: 3,
			},
			{
				SKU: "PH-200", Title: "Phone B 256GB", Category: "phones", Key: "phones", Price: cny("4599"),
				TargetTier: pricing.TierMid, Currency: "CNY", Amount: amt("4599"), Tier: pricing.TierMid,
				ToLower: amt("2600"), ToUpper: amt("400"), ToLowerPct: 56.53402913676886, ToUpperPct: 8.697542944118287,
				Listings: []pricing.MatchedListing{
					{Competitor: "gadgethub", Key: "sku:GH-B256", Method: pricing.MatchFuzzy, Seen: true, Title: "Phone B 256GB Black", URL: "https://gadgethub.example/p/b256", Availability: pricing.InStock, Price: cnyp("3799"), Amount: amt("3799"), Compared: true,
						Reasons: []string{"brand phoneco", "code b256", "tokens 0.84", "penalty: variant word black"}},
					{Competitor: "teamall", Key: "sku:TM-1002", Method: pricing.MatchGTIN},
				},
				Compared: 1, Lowest: amt("3799"), Median: amt("3799"),
				IndexVsLowest: 1.2105817320347460, IndexVsMedian: 1.2105817320347460, Rank: 2, Sellers: 2,
			},
			{
				SKU: "PH-300", Title: "Phone C Pro", Category: "phones", Key: "phones", Price: cny("4999"),
				TargetTier: pricing.TierHigh, Currency: "CNY", Amount: amt("4999"), Tier: pricing.TierMid,
				ToLower: amt("3000"), ToUpper: amt("0"), ToLowerPct: 60.01200240048010, ToUpperPct: 0,
				Sellers: 1, Rank: 1,
			},
			{
				SKU: "TB-100", Title: "Tab 10", Category: "tablets", Key: "tablets", Price: cny("2299"),
				Currency: "CNY", Amount: amt("2299"), Note: "no tiers: only 2 market offers (need 3)", Sellers: 1, Rank: 1,
			},
		},
		Gaps: []pricing.Gap{
			{Kind: pricing.AssortmentGap, Severity: pricing.SeverityHigh, Score: 100.0 / 3, Category: "headphones", Tier: pricing.TierLow,
				Detail: "3 of 9 market offers (33 %) are low-tier, none of our 2 items", Action: "Consider a low-tier product for headphones: 3 competitor offers from ¥99 to ¥299, none of ours"},
			{Kind: pricing.Overpriced, Severity: pricing.SeverityHigh, Score: 21, Category: "phones", Tier: pricing.TierMid, SKU: "PH-200", Title: "Phone B 256GB",
				Detail: "ours ¥4,599 is 21.1 % above the median ¥3,799 of 1 matched listings", Action: "Review the price of PH-200: consider moving toward ¥3,799"},
			{Kind: pricing.CompetitorOutOfStock, Severity: pricing.SeverityMedium, Score: 1, Category: "headphones", Tier: pricing.TierMid, SKU: "HP-100", Title: "Buds Lite", Competitor: "gadgethub", ListingKey: "sku:GH-BL",
				Detail: "gadgethub is out of stock of \"Buds Lite (white)\" since the last run", Action: "Make sure HP-100 is in stock and hold our price while gadgethub is out"},
			{Kind: pricing.AssortmentGap, Severity: pricing.SeverityMedium, Score: 22.22222222222222, Category: "phones", Tier: pricing.TierHigh,
				Detail: "4 of 18 market offers (22 %) are high-tier, none of our 3 items", Action: "Consider a high-tier product for phones: 4 competitor offers from ¥5,999 to ¥9,999, none of ours"},
			{Kind: pricing.TierMismatch, Severity: pricing.SeverityMedium, Score: 1, Category: "phones", Tier: pricing.TierMid, SKU: "PH-300", Title: "Phone C Pro",
				Detail: "target tier high, priced ¥4,999 in the mid tier (cuts ¥1,999 and ¥4,999)", Action: "Reprice PH-300 into the high tier (above ¥4,999) or change its target tier"},
			{Kind: pricing.NewCompetitorListing, Severity: pricing.SeverityLow, Category: "phones", Tier: pricing.TierLow, Competitor: "gadgethub", ListingKey: "sku:GH-Z1", Title: "Phone Z1 | budget",
				Detail: "new listing at ¥1,999 in the low tier, where we sell 1 items", Action: "Look at gadgethub's new \"Phone Z1 | budget\" and decide whether our low-tier phones needs an answer"},
		},
		Changes: []pricing.Change{
			{Kind: pricing.StockOut, Competitor: "gadgethub", Key: "sku:GH-BL", Title: "Buds Lite (white)", Category: "headphones", From: cnyp("459"), To: cnyp("459")},
			{Kind: pricing.PriceDown, Competitor: "gadgethub", Key: "sku:GH-B256", Title: "Phone B 256GB Black", Category: "phones", From: cnyp("4299"), To: cnyp("3799"), Pct: -116},
			{Kind: pricing.PriceUp, Competitor: "gadgethub", Key: "sku:GH-A128", Title: "Phone A 128 GB", Category: "phones", From: cnyp("1699"), To: cnyp("1799"), Pct: 59},
			{Kind: pricing.New, Competitor: "gadgethub", Key: "sku:GH-Z1", Title: "Phone Z1 | budget", Category: "phones", To: cnyp("1999")},
			{Kind: pricing.Gone, Competitor: "gadgethub", Key: "url:https://gadgethub.example/p/old", Title: evilTitle, Category: "phones", From: cnyp("999")},
			// Back in stock with a price rise: the same listing as the
			// price_up above, a second change of another kind.
			{Kind: pricing.StockBack, Competitor: "gadgethub", Key: "sku:GH-A128", Title: "Phone A 128 GB", Category: "phones", From: cnyp("1699"), To: cnyp("1799")},
			{Kind: pricing.StockBack, Competitor: "gadgethub", Key: "sku:GH-Z0", Title: "Phone Z0", Category: "phones", To: cnyp("899")},
		},
		Outliers: []pricing.Outlier{
			{Competitor: "teamall", Key: "sku:TM-1099", Title: "Phone X Gold Edition", Category: "phones", Price: cny("29999"), Reason: "above the fence ¥15,250 (Q3 + 1.5×IQR)"},
		},
		Excluded: []pricing.Outlier{
			{Competitor: "teamall", Key: "sku:TM-3001", Title: "数据线 2米", Category: "", Price: cny("19"), Reason: "no category"},
			{Competitor: "teamall", Key: "sku:TM-1050", Title: "Phone Imported", Category: "phones", Price: pricing.Money{Amount: amt("499"), Currency: "USD"}, Reason: "priced in USD but the phones market is in CNY and no FX rates are set"},
		},
		CutMoves: []pricing.CutMove{
			{Key: "phones", Category: "phones", Which: "high", From: cny("4499"), To: cny("4999"), Pct: 111},
		},
		Unmapped: []pricing.UnmappedCategory{
			{Competitor: "gadgethub", SourceCategory: "Accessories > Cables", Listings: 3, Priced: 3, ExampleKey: "sku:GH-C1", ExampleTitle: "USB-C cable 1m"},
			{Competitor: "teamall", SourceCategory: "数码配件 > 数据线", Listings: 2, Priced: 1, ExampleKey: "sku:TM-3001", ExampleTitle: "数据线 2米"},
			{Competitor: "teamall", SourceCategory: "", Listings: 1, Priced: 0, ExampleKey: "url:https://teamall.example/p/x"},
		},
	}
}
