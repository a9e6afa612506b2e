package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/render"
	"github.com/shelfwatch/shelfwatch/store"
	"github.com/shelfwatch/shelfwatch/store/storetest"
)

// weekMarket is what three shops showed in two runs a week apart: per shop,
// which listings went out of stock and came back, and which shop categories
// mapped to nothing. Each shop names its categories in its own language.
type weekMarket struct {
	out, back map[string]int      // per competitor
	unmapped  map[string][]string // competitor → its unmapped shop categories
}

var weekShops = []struct {
	name, mapped, unmapped string
}{
	{"jdmall", "手机通讯 > 手机", "数码配件 > 数据线"},
	{"gadgets", "Phones", "Gift Cards"},
	{"technik", "Handys & Smartphones", "Zubehör > Hüllen"},
}

// seedWeek writes the two runs of every shop, our catalog and the matcher's
// results (one automatic match and one candidate, both with reasons).
func seedWeek(t *testing.T, db *store.DB, now time.Time) weekMarket {
	t.Helper()
	ctx := context.Background()
	wm := weekMarket{out: map[string]int{}, back: map[string]int{}, unmapped: map[string][]string{}}
	for si, s := range weekShops {
		for ri, started := range []time.Time{now.Add(-8 * 24 * time.Hour), now.Add(-time.Hour)} {
			run, err := db.StartRun(ctx, s.name, started)
			if err != nil {
				t.Fatal(err)
			}
			var offers []pricing.Offer
			n := 30 + 10*si
			for i := range n {
				o := pricing.Offer{Key: fmt.Sprintf("sku:%s-%03d", s.name, i), Title: fmt.Sprintf("%s phone %d", s.name, i),
					URL: fmt.Sprintf("https://%s.example/p/%d", s.name, i), Category: "Phones", SourceCategory: s.mapped,
					Price: &pricing.Money{Amount: pricing.Amount(100000+5000*i) * pricing.MajorUnit / 100, Currency: "CNY"}, Availability: pricing.InStock}
				if i%6 == 5 { // a cable or gift card: the shop's category maps to none
					o.Category, o.SourceCategory, o.Title = "", s.unmapped, fmt.Sprintf("%s accessory %d", s.name, i)
					o.Price.Amount = pricing.Amount(1900+100*i) * pricing.MajorUnit / 100
				}
				// Stock moves between the runs; unknown availability on
				// either side is no move.
				switch {
				case i%4 == 1:
					o.Availability = [2]pricing.Availability{pricing.InStock, pricing.OutOfStock}[ri]
				case i%4 == 2 && i%3 != 0:
					o.Availability = [2]pricing.Availability{pricing.OutOfStock, pricing.InStock}[ri]
				case i%4 == 2:
					o.Availability = [2]pricing.Availability{pricing.AvailabilityUnknown, pricing.OutOfStock}[ri]
				case i%4 == 3 && i%5 == 0:
					o.Availability = [2]pricing.Availability{pricing.OutOfStock, pricing.AvailabilityUnknown}[ri]
				}
				offers = append(offers, o)
				if ri == 1 {
					switch {
					case i%4 == 1:
						wm.out[s.name]++
					case i%4 == 2 && i%3 != 0:
						wm.back[s.name]++
					}
				}
			}
			if err := db.SaveOffers(ctx, run.ID, offers); err != nil {
				t.Fatal(err)
			}
			run.Status, run.Items, run.WithPrice, run.FinishedAt = store.RunSucceeded, n, n, started.Add(time.Minute)
			if err := db.FinishRun(ctx, run); err != nil {
				t.Fatal(err)
			}
		}
		wm.unmapped[s.name] = []string{s.unmapped}
	}
	if _, err := db.ImportCatalog(ctx, []pricing.CatalogItem{
		{SKU: "P-1", Title: "Our phone 1", Category: "Phones", Price: pricing.Money{Amount: pricing.MustAmount("1100"), Currency: "CNY"}},
		{SKU: "P-2", Title: "Our phone 2", Category: "Phones", Price: pricing.Money{Amount: pricing.MustAmount("1500"), Currency: "CNY"}},
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveMatches(ctx, []store.MatchRecord{
		{Match: pricing.Match{CatalogSKU: "P-1", Competitor: "gadgets", ListingKey: "sku:gadgets-002", Method: pricing.MatchFuzzy, Score: 0.93,
			Reasons: []string{"brand gadgets", "code p2", "tokens 0.93"}}, Decision: store.DecisionAuto},
		{Match: pricing.Match{CatalogSKU: "P-2", Competitor: "jdmall", ListingKey: "sku:jdmall-010", Method: pricing.MatchFuzzy, Score: 0.71,
			Reasons: []string{"tokens 0.71", "penalty: unit conflict 128gb/256gb"}}, Decision: store.DecisionCandidate},
	}); err != nil {
		t.Fatal(err)
	}
	return wm
}

// TestReportsReadWhatTheStoreKept runs the report commands against a real
// database of each dialect: the stock moves, the unmapped shop categories
// and the matcher's reasons saved by the store must reach every report.
func TestReportsReadWhatTheStoreKept(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			var wm weekMarket
			dsn := seeded(t, dialect, func(db *store.DB) { wm = seedWeek(t, db, time.Now().UTC()) })
			report := reportOn(t, dsn)
			totalOut, totalBack := 0, 0
			for _, s := range weekShops {
				totalOut += wm.out[s.name]
				totalBack += wm.back[s.name]
			}

			t.Run("the JSON digest counts every stock move and lists every unmapped category", func(t *testing.T) {
				var f render.DigestFeed
				if err := json.Unmarshal([]byte(report("digest", "--since", "168h", "--format", "json")), &f); err != nil {
					t.Fatal(err)
				}
				if got := f.ChangeCounts.Total; got.StockOut != totalOut || got.StockBack != totalBack {
					t.Errorf("stock moves %d out, %d back; want %d, %d", got.StockOut, got.StockBack, totalOut, totalBack)
				}
				for _, c := range f.ChangeCounts.ByCompetitor {
					if c.StockOut != wm.out[c.Competitor] || c.StockBack != wm.back[c.Competitor] {
						t.Errorf("%s: %d out, %d back; want %d, %d", c.Competitor, c.StockOut, c.StockBack, wm.out[c.Competitor], wm.back[c.Competitor])
					}
				}
				stock := 0
				for _, c := range f.Changes {
					if c.Kind == "stock_out" || c.Kind == "stock_back" {
						stock++
					}
				}
				if stock != totalOut+totalBack {
					t.Errorf("%d stock changes listed, want %d", stock, totalOut+totalBack)
				}
				got := map[string][]string{}
				for _, u := range f.DataQuality.UnmappedCategories {
					got[u.Competitor] = append(got[u.Competitor], u.SourceCategory)
					if u.Listings == 0 || !strings.Contains(u.ExampleTitle, "accessory") {
						t.Errorf("unmapped %+v: want a count and an accessory as example", u)
					}
				}
				for name, want := range wm.unmapped {
					if !slices.Equal(got[name], want) {
						t.Errorf("%s: unmapped categories %q, want %q", name, got[name], want)
					}
				}
				for _, b := range f.Categories {
					if b.Category == "" {
						t.Errorf("a band of unmapped listings: %+v", b)
					}
				}
				var reasons []string
				for _, p := range f.Positions {
					for _, l := range p.Listings {
						reasons = append(reasons, l.Reasons...)
					}
				}
				if want := []string{"brand gadgets", "code p2", "tokens 0.93"}; !slices.Equal(reasons, want) {
					t.Errorf("matched listings' reasons %q, want %q", reasons, want)
				}
				if len(f.Candidates) != 1 || !slices.Equal(f.Candidates[0].Reasons, []string{"tokens 0.71", "penalty: unit conflict 128gb/256gb"}) ||
					f.Candidates[0].TheirPrice == nil || f.Candidates[0].OurTitle != "Our phone 2" {
					t.Errorf("candidates %+v", f.Candidates)
				}
			})
			t.Run("the text digest says the stock counts in its summary", func(t *testing.T) {
				out := report("digest", "--since", "168h")
				want := fmt.Sprintf("stock: %d listings went out of stock (in→out), %d listings came back in stock (out→in).", totalOut, totalBack)
				if !strings.Contains(out, want) {
					t.Errorf("text digest lacks %q:\n%s", want, out)
				}
				for _, s := range weekShops {
					if !strings.Contains(out, s.unmapped) {
						t.Errorf("text digest does not name %s's unmapped category %q", s.name, s.unmapped)
					}
				}
			})
			t.Run("the review sheet shows the candidate's reasons", func(t *testing.T) {
				recs, err := csv.NewReader(strings.NewReader(report("matches", "--review"))).ReadAll()
				if err != nil {
					t.Fatal(err)
				}
				col := slices.Index(recs[0], "reasons")
				if col < 0 || len(recs) != 2 || recs[1][col] != "tokens 0.71; penalty: unit conflict 128gb/256gb" {
					t.Errorf("review sheet %q", recs)
				}
			})
			t.Run("the positioning feed's tiers carry the separation", func(t *testing.T) {
				recs, err := csv.NewReader(strings.NewReader(report("positioning", "--table", "tiers"))).ReadAll()
				if err != nil {
					t.Fatal(err)
				}
				if col := slices.Index(recs[0], "separation"); col < 0 || recs[1][col] == "" || len(recs) != 4 {
					t.Errorf("tiers table %q", recs)
				}
			})
		})
	}
}
