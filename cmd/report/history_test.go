package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
	"github.com/shelfwatch/shelfwatch/digest"
	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/render"
	"github.com/shelfwatch/shelfwatch/store"
	"github.com/shelfwatch/shelfwatch/store/storetest"
)

// seedHistory writes six weekly runs of two shops: shopa's phone P drops
// from ¥1,000 by ¥50 a week; shopb's Q (keyed by URL) stays at ¥1,200, but
// run 3 of shopb is suspect. Our SKU OUR-1 (¥1,100) is matched to both.
func seedHistory(t *testing.T, db *store.DB, now time.Time) {
	t.Helper()
	ctx := context.Background()
	for week := 0; week < 6; week++ {
		for _, shop := range []string{"shopa", "shopb"} {
			started := now.Add(time.Duration(week-6)*7*24*time.Hour + time.Hour)
			r, err := db.StartRun(ctx, shop, started)
			if err != nil {
				t.Fatal(err)
			}
			var offers []pricing.Offer
			for i := range 6 { // a market of six phones per shop
				price := pricing.Amount(50000+30000*i) * pricing.MajorUnit / 100
				o := pricing.Offer{Key: "sku:" + shop + "-" + string(rune('0'+i)), Title: shop + " filler", Category: "Phones", Availability: pricing.InStock,
					URL: "https://" + shop + ".example/p/" + string(rune('0'+i))}
				if i == 2 {
					if shop == "shopa" {
						o.Key, o.Title, price = "sku:P", "Phone P 华为", pricing.Amount(100000-5000*week)*pricing.MajorUnit/100
					} else {
						o.Key, o.Title, o.URL, price = "url:https://shopb.example/q", "Phone Q", "https://shopb.example/q", pricing.MustAmount("1200")
					}
				}
				if shop == "shopa" && i == 4 { // a page URL stored with its trailing slash
					o.URL += "/"
				}
				o.Price = &pricing.Money{Amount: price, Currency: "CNY"}
				offers = append(offers, o)
			}
			if err := db.SaveOffers(ctx, r.ID, offers); err != nil {
				t.Fatal(err)
			}
			r.Status, r.Items, r.WithPrice, r.FinishedAt = store.RunSucceeded, 6, 6, started.Add(time.Minute)
			if shop == "shopb" && week == 3 {
				r.Status, r.Reason = store.RunSuspect, "items fell"
			}
			if err := db.FinishRun(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := db.ImportCatalog(ctx, []pricing.CatalogItem{{SKU: "OUR-1", Title: "Our phone", Category: "Phones", Price: pricing.Money{Amount: pricing.MustAmount("1100"), Currency: "CNY"}}}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveMatches(ctx, []store.MatchRecord{
		{Match: pricing.Match{CatalogSKU: "OUR-1", Competitor: "shopa", ListingKey: "sku:P", Method: pricing.MatchGTIN, Score: 1}, Decision: store.DecisionAuto},
		{Match: pricing.Match{CatalogSKU: "OUR-1", Competitor: "shopb", ListingKey: "url:https://shopb.example/q", Method: pricing.MatchConfirmed, Score: 1}, Decision: store.DecisionConfirmed},
	}); err != nil {
		t.Fatal(err)
	}
}

func TestReportHistory(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			dsn := seeded(t, dialect, func(db *store.DB) { seedHistory(t, db, time.Now().UTC()) })
			report := reportOn(t, dsn)

			t.Run("an SKU's JSON has our price and every matched listing's runs", func(t *testing.T) {
				var f render.HistoryFeed
				if err := json.Unmarshal([]byte(report("history", "--sku", "OUR-1", "--format", "json")), &f); err != nil {
					t.Fatal(err)
				}
				if f.Schema != render.HistorySchema || f.Price.Amount != pricing.MustAmount("1100") || len(f.Listings) != 2 {
					t.Fatalf("feed %+v", f)
				}
				a, b := f.Listings[0], f.Listings[1]
				if a.Key != "sku:P" || len(a.Points) != 6 || a.Points[0].Price.Amount != pricing.MustAmount("1000") || a.Points[5].Price.Amount != pricing.MustAmount("750") || a.Title != "Phone P 华为" || a.Method != "gtin" {
					t.Errorf("shopa's listing %+v", a)
				}
				if len(b.Points) != 6 || b.Points[3].RunStatus != "suspect" {
					t.Errorf("shopb's listing keeps the suspect run's point, marked: %+v", b.Points)
				}
			})
			t.Run("--since limits the runs", func(t *testing.T) {
				var f render.HistoryFeed
				if err := json.Unmarshal([]byte(report("history", "--sku", "OUR-1", "--since", "15d", "--format", "json")), &f); err != nil {
					t.Fatal(err)
				}
				if n := len(f.Listings[0].Points); n != 2 {
					t.Errorf("%d points in 15 days, want 2", n)
				}
			})
			t.Run("one listing as CSV", func(t *testing.T) {
				recs, err := csv.NewReader(strings.NewReader(report("history", "--competitor", "shopa", "--listing", "sku:P", "--format", "csv"))).ReadAll()
				if err != nil {
					t.Fatal(err)
				}
				if len(recs) != 7 || recs[0][6] != "price" || recs[1][6] != "1000.00" || recs[6][6] != "750.00" || recs[6][2] != "Phone P 华为" {
					t.Errorf("csv %q", recs)
				}
			})
			t.Run("a listing by its URL, as text aligned by display width", func(t *testing.T) {
				out := report("history", "--url", "https://shopb.example/q")
				if !strings.HasPrefix(out, "Price history of shopb Phone Q\n") || strings.Count(out, "¥1,200") != 6 || !strings.Contains(out, "suspect") {
					t.Errorf("text:\n%s", out)
				}
			})
			t.Run("an SKU-keyed listing by its URL", func(t *testing.T) {
				out := report("history", "--url", "https://shopa.example/p/2", "--format", "csv")
				if strings.Count(out, "sku:P") != 6 {
					t.Errorf("csv:\n%s", out)
				}
			})
			t.Run("every listing is found by its page URL, with or without a trailing slash, and no other", func(t *testing.T) {
				for _, shop := range []string{"shopa", "shopb"} {
					for i := range 6 {
						page := "https://" + shop + ".example/p/" + string(rune('0'+i))
						key := "sku:" + shop + "-" + string(rune('0'+i))
						switch {
						case shop == "shopa" && i == 2:
							key = "sku:P"
						case shop == "shopb" && i == 2:
							page, key = "https://shopb.example/q", "url:https://shopb.example/q"
						}
						for _, given := range []string{page, page + "/", page + "//", strings.TrimSuffix(page, "/")} {
							var f render.HistoryFeed
							if err := json.Unmarshal([]byte(report("history", "--url", given, "--format", "json")), &f); err != nil {
								t.Fatalf("--url %s: %v", given, err)
							}
							if len(f.Listings) != 1 || f.Listings[0].Competitor != shop || f.Listings[0].Key != key || len(f.Listings[0].Points) != 6 {
								t.Errorf("--url %s found %+v, want %s %s with 6 points", given, f.Listings, shop, key)
							}
						}
					}
				}
			})
			t.Run("a URL with another query string or path names no listing", func(t *testing.T) {
				// The query string is part of the page's address (a
				// variant parameter can name another listing), so a URL
				// with tracking parameters is not the stored one.
				for _, given := range []string{
					"https://shopa.example/p/2?utm_source=mail",
					"https://shopb.example/q?utm_source=mail",
					"https://shopa.example/p/",
					"https://shopa.example/p/22",
					"https://shopc.example/p/2",
				} {
					err := runArgs(dsn, "history", "--url", given)
					if !errors.Is(err, errNoSuchItem) || !strings.Contains(err.Error(), "no listing at") {
						t.Errorf("--url %s: err = %v, want no listing at", given, err)
					}
				}
			})
			t.Run("a category's tier cuts week by week", func(t *testing.T) {
				var h render.TierHistory
				if err := json.Unmarshal([]byte(report("history", "--category", "Phones", "--since", "6w", "--format", "json")), &h); err != nil {
					t.Fatal(err)
				}
				// shopb's suspect run leaves its older run in use: at most
				// one week's end may find that run past 8 days, and then
				// exactly shopb's six offers are stale.
				tiered, staleWeeks := 0, 0
				for _, w := range h.Weeks {
					if w.LowCut != nil {
						tiered++
						if w.Offers != 12 || w.StaleOffers != 0 && w.StaleOffers != 6 {
							t.Errorf("week %s: %d offers, %d stale", w.Week, w.Offers, w.StaleOffers)
						}
						if w.StaleOffers > 0 {
							staleWeeks++
						}
					}
				}
				if h.Schema != render.TierHistorySchema || len(h.Weeks) < 6 || tiered < 5 || staleWeeks > 1 {
					t.Errorf("tier history %+v", h)
				}
				text := report("history", "--category", "phones", "--since", "6w")
				if !strings.HasPrefix(text, "Tier cuts of phones by week") || !strings.Contains(text, "Low/mid cut") {
					t.Errorf("text:\n%s", text)
				}
			})
			for _, tt := range []struct {
				name string
				args []string
				want string
			}{
				{"an unknown SKU", []string{"--sku", "NOPE"}, "no item of ours"},
				{"an unknown listing", []string{"--competitor", "shopa", "--listing", "sku:NOPE"}, "has no listing"},
				{"an unknown URL", []string{"--url", "https://nowhere.example/"}, "no listing at"},
				{"an unknown category", []string{"--category", "Tablets"}, `no market group "Tablets"`},
			} {
				t.Run(tt.name+" is an error naming it", func(t *testing.T) {
					err := runArgs(dsn, append([]string{"history"}, tt.args...)...)
					if err == nil || !strings.Contains(err.Error(), tt.want) {
						t.Errorf("err = %v, want %q", err, tt.want)
					}
				})
			}
		})
	}
}

func TestReportHistoryUsage(t *testing.T) {
	for _, args := range [][]string{
		{"history"},
		{"history", "--sku", "A", "--category", "Phones"},
		{"history", "--competitor", "shopa"},
		{"history", "--listing", "sku:P"},
		{"history", "--sku", "A", "--format", "xlsx"},
		{"history", "--sku", "A", "--since", "whenever"},
	} {
		err := runArgs("", args...)
		var ue cmdline.UsageError
		if !errors.As(err, &ue) {
			t.Errorf("%q: err = %v, want a usage error", args, err)
		}
	}
}

// runArgs runs the report command with the default config on dsn.
func runArgs(dsn string, args ...string) error {
	var out, errb strings.Builder
	getenv := func(k string) string {
		if k == "SHELFWATCH_DB" {
			return dsn
		}
		return ""
	}
	return run(context.Background(), append(args, "--config", "../../configs/shelfwatch.yaml"), getenv, &out, &errb)
}

// TestReportHistoryURLOfListingsGoneOrMoved: --url names a listing by its
// latest page URL, found through the listings' URL index rather than the
// latest runs' offers. A SKU-keyed listing missing from the latest run is
// still found by the URL it was last seen at, as a URL-keyed one always
// was; a listing whose page moved is found at its new URL, not its old.
func TestReportHistoryURLOfListingsGoneOrMoved(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			now := time.Now().UTC()
			dsn := seeded(t, dialect, func(db *store.DB) {
				ctx := context.Background()
				for week := range 3 {
					started := now.Add(time.Duration(week-3)*7*24*time.Hour + time.Hour)
					r, err := db.StartRun(ctx, "shopa", started)
					if err != nil {
						t.Fatal(err)
					}
					offers := []pricing.Offer{
						{Key: "sku:STAY", Title: "Stays", URL: "https://shopa.example/p/stay", Category: "Phones"},
						{Key: "sku:MOVE", Title: "Moves", URL: "https://shopa.example/p/move-" + string(rune('0'+week)), Category: "Phones"},
						{Key: "url:https://shopa.example/p/url-gone", Title: "URL-keyed, gone", URL: "https://shopa.example/p/url-gone", Category: "Phones"},
						{Key: "sku:GONE", Title: "SKU-keyed, gone", URL: "https://shopa.example/p/gone/", Category: "Phones"},
					}
					if week == 2 {
						offers = offers[:2]
					}
					for i := range offers {
						offers[i].Price, offers[i].Availability = &pricing.Money{Amount: pricing.MustAmount("10"), Currency: "CNY"}, pricing.InStock
					}
					if err := db.SaveOffers(ctx, r.ID, offers); err != nil {
						t.Fatal(err)
					}
					r.Status, r.Items, r.WithPrice, r.FinishedAt = store.RunSucceeded, len(offers), len(offers), started.Add(time.Minute)
					if err := db.FinishRun(ctx, r); err != nil {
						t.Fatal(err)
					}
				}
			})
			report := reportOn(t, dsn)
			for _, tt := range []struct {
				url, key    string
				points      int
				title, page string // as the last run that saw it did
			}{
				{"https://shopa.example/p/stay", "sku:STAY", 3, "Stays", "https://shopa.example/p/stay"},
				{"https://shopa.example/p/move-2", "sku:MOVE", 3, "Moves", "https://shopa.example/p/move-2"},
				{"https://shopa.example/p/url-gone", "url:https://shopa.example/p/url-gone", 2, "URL-keyed, gone", "https://shopa.example/p/url-gone"},
				{"https://shopa.example/p/gone", "sku:GONE", 2, "SKU-keyed, gone", "https://shopa.example/p/gone/"},
			} {
				var f render.HistoryFeed
				if err := json.Unmarshal([]byte(report("history", "--url", tt.url, "--format", "json")), &f); err != nil {
					t.Fatalf("--url %s: %v", tt.url, err)
				}
				if len(f.Listings) != 1 || f.Listings[0].Key != tt.key || len(f.Listings[0].Points) != tt.points {
					t.Fatalf("--url %s found %+v, want %s with %d points", tt.url, f.Listings, tt.key, tt.points)
				}
				if l := f.Listings[0]; l.Title != tt.title || l.URL != tt.page {
					t.Errorf("--url %s describes %s as %q at %s, want %q at %s", tt.url, l.Key, l.Title, l.URL, tt.title, tt.page)
				}
			}
			for _, old := range []string{"https://shopa.example/p/move-0", "https://shopa.example/p/move-1"} {
				if err := runArgs(dsn, "history", "--url", old); !errors.Is(err, errNoSuchItem) {
					t.Errorf("--url %s (the page's old address): err = %v, want errNoSuchItem", old, err)
				}
			}
			// Outside --since a listing has no points: not found.
			if err := runArgs(dsn, "history", "--url", "https://shopa.example/p/gone", "--since", "5d"); !errors.Is(err, errNoSuchItem) {
				t.Errorf("--url of a listing unseen since --since: err = %v, want errNoSuchItem", err)
			}
		})
	}
}

// seedMarkets writes eight weekly runs of three shops before now into db,
// over several categories: Phones and phones (one group ignoring case),
// Tablets, Laptops and offers with no category; brands Acme, Zeta and
// none; a listing that moves between Phones and Tablets; a price in USD
// among CNY; sales on some offers. shopc's third run is suspect and it
// stops after the fifth, so later weeks find it stale; shopb's first run
// failed. Our catalog has items in Phones, Tablets and Watches, a category
// no shop lists.
func seedMarkets(t *testing.T, db *store.DB, now time.Time) {
	t.Helper()
	ctx := context.Background()
	cats := []string{"Phones", "phones", "Tablets", "Laptops", "", "Phones", "Tablets", "Phones"}
	brands := []string{"Acme", "Zeta", ""}
	for week := range 8 {
		for s, shop := range []string{"shopa", "shopb", "shopc"} {
			if shop == "shopc" && week > 4 {
				continue
			}
			started := now.Add(time.Duration(week-8)*7*24*time.Hour + time.Duration(s+1)*time.Hour)
			r, err := db.StartRun(ctx, shop, started)
			if err != nil {
				t.Fatal(err)
			}
			var offers []pricing.Offer
			for i := range 40 {
				cat := cats[(i+s)%len(cats)]
				if i == 7 && week%2 == 1 {
					cat = "Tablets" // Phones in even weeks
				}
				o := pricing.Offer{
					Key: fmt.Sprintf("sku:%s-%02d", shop, i), Title: fmt.Sprintf("%s item %d", shop, i),
					Category: cat, Brand: brands[(i/3+s)%len(brands)], Availability: pricing.InStock,
					URL: fmt.Sprintf("https://%s.example/p/%d", shop, i),
				}
				// Prices in three clusters, moving a little each week.
				amt := pricing.Amount([]int64{99, 499, 2999}[i%3]+int64((i*37+week*11+s*5)%60)) * pricing.MajorUnit
				cur := "CNY"
				if i == 11 && shop == "shopb" {
					cur = "USD"
				}
				o.Price = &pricing.Money{Amount: amt, Currency: cur}
				if i%4 != 0 {
					n := int64(i * (week + 1))
					o.Sales = &n
				}
				if i == 13 {
					o.Price, o.MinPrice = nil, &pricing.Money{Amount: amt, Currency: cur}
				}
				offers = append(offers, o)
			}
			if err := db.SaveOffers(ctx, r.ID, offers); err != nil {
				t.Fatal(err)
			}
			r.Status, r.Items, r.WithPrice, r.FinishedAt = store.RunSucceeded, len(offers), len(offers), started.Add(time.Minute)
			switch {
			case shop == "shopc" && week == 2:
				r.Status, r.Reason = store.RunSuspect, "items fell"
			case shop == "shopb" && week == 0:
				r.Status, r.Reason = store.RunFailed, "blocked"
			}
			if err := db.FinishRun(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
	}
	ours := func(sku, cat, brand, price string) pricing.CatalogItem {
		return pricing.CatalogItem{SKU: sku, Title: "Our " + sku, Category: cat, Brand: brand, Price: pricing.Money{Amount: pricing.MustAmount(price), Currency: "CNY"}}
	}
	if _, err := db.ImportCatalog(ctx, []pricing.CatalogItem{
		ours("OUR-1", "Phones", "Acme", "520"), ours("OUR-2", "Phones", "Zeta", "3000"), ours("OUR-3", "phones", "", "120"),
		ours("OUR-4", "Tablets", "Acme", "540"), ours("OUR-5", "Watches", "Acme", "800"),
	}); err != nil {
		t.Fatal(err)
	}
}

// tierHistoryWhole is tierHistory as it was before it read only the
// group's categories: every offer of every run a week uses, analysed
// whole. TestTierHistoryReadsOnlyTheGroup holds tierHistory to it.
func tierHistoryWhole(ctx context.Context, db *store.DB, group string, since, now time.Time, opt pricing.Options, staleAfter func(string, time.Time) time.Duration) (render.TierHistory, error) {
	h := render.TierHistory{Group: group}
	comps, err := db.Competitors(ctx)
	if err != nil {
		return h, err
	}
	runs := map[string][]store.Run{}
	for _, c := range comps {
		rs, err := db.Runs(ctx, c, time.Time{})
		if err != nil {
			return h, err
		}
		for _, r := range rs {
			if digest.Usable(r) {
				runs[c] = append(runs[c], r)
			}
		}
	}
	catalog, err := db.Catalog(ctx)
	if err != nil {
		return h, err
	}
	offers := map[int64][]pricing.Offer{}
	found := false
	for w := digest.WeekOf(since); w.From.Before(now); w = digest.WeekOf(w.Until) {
		at := w.AsOf(now)
		m := pricing.Market{Now: at, Catalog: catalog}
		for _, c := range comps {
			for _, r := range runs[c] {
				if !r.StartedAt.Before(w.Until) {
					continue
				}
				if _, ok := offers[r.ID]; !ok {
					if offers[r.ID], err = db.RunOffers(ctx, r.ID); err != nil {
						return h, err
					}
				}
				m.Current = append(m.Current, pricing.Snapshot{Competitor: c, RunID: r.ID, At: r.StartedAt, Offers: offers[r.ID]})
				if at.Sub(r.StartedAt) > staleAfter(c, at) {
					if m.Stale == nil {
						m.Stale = map[string]bool{}
					}
					m.Stale[c] = true
				}
				break
			}
		}
		wk := render.TierHistoryWeek{Week: w.Week, Until: w.Until.Format(time.RFC3339), Note: "no market offers"}
		for _, b := range pricing.Analyze(m, opt).Categories {
			if b.Key == group || strings.EqualFold(b.Key, group) {
				wk, found = render.TierHistoryWeekOf(w.Week, w.Until.Format(time.RFC3339), b), true
			}
		}
		h.Weeks = append(h.Weeks, wk)
	}
	if !found {
		return h, fmt.Errorf("no market group %q since %s: %w", group, since.Format("2006-01-02"), errNoSuchItem)
	}
	return h, nil
}

// TestTierHistoryReadsOnlyTheGroup: reading only the offers of the
// group's categories gives the same weeks as analysing every run whole,
// for groups by category and by category and brand, matched exactly or
// ignoring case, with weights, FX and every banding method, on a market
// of several categories, brands, currencies and shops with stale and
// unusable runs.
func TestTierHistoryReadsOnlyTheGroup(t *testing.T) {
	now := time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)
	since := now.AddDate(0, 0, -70)
	staleAfter := func(string, time.Time) time.Duration { return 8 * 24 * time.Hour }
	byCategory := pricing.DefaultOptions()
	byBrand := pricing.DefaultOptions()
	byBrand.GroupBy = pricing.GroupByCategoryBrand
	quantile := byBrand
	quantile.Method, quantile.WeightBySales = pricing.MethodQuantile, true
	jenksFX := pricing.DefaultOptions()
	jenksFX.Method, jenksFX.Currency, jenksFX.FX = pricing.MethodJenks, "CNY", map[string]string{"USD": "7.12"}
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db := storetest.MustOpen(t, dialect)
			seedMarkets(t, db, now)
			ctx := context.Background()
			for _, tc := range []struct {
				name   string
				opt    pricing.Options
				groups []string
			}{
				{"by category", byCategory, []string{"Phones", "phones", "PHONES", "Tablets", "Laptops", "Watches", "Phones | Acme", "Nothing", ""}},
				{"by category and brand", byBrand, []string{"Phones | Acme", "phones | acme", "Phones | ", "Tablets | Zeta", "Laptops | ", "Watches | Acme", "Phones", "Phones |"}},
				{"weighted quantiles by brand", quantile, []string{"Phones | Zeta", "Tablets | Acme"}},
				{"Jenks with FX", jenksFX, []string{"Phones", "Tablets", "Laptops"}},
			} {
				for _, group := range tc.groups {
					t.Run(tc.name+"/"+group, func(t *testing.T) {
						got, gotErr := tierHistory(ctx, db, group, since, now, tc.opt, staleAfter)
						want, wantErr := tierHistoryWhole(ctx, db, group, since, now, tc.opt, staleAfter)
						if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
							t.Fatalf("err = %v, want %v", gotErr, wantErr)
						}
						if !reflect.DeepEqual(got, want) {
							t.Errorf("weeks differ from the whole market's:\n got %+v\nwant %+v", got, want)
						}
					})
				}
			}
			// The comparison means something: the market has groups
			// with tiers, stale offers and weeks without offers.
			h, err := tierHistory(ctx, db, "Phones", since, now, byCategory, staleAfter)
			if err != nil {
				t.Fatal(err)
			}
			tiered, stale, empty := 0, 0, 0
			for _, w := range h.Weeks {
				if w.LowCut != nil {
					tiered++
				}
				if w.StaleOffers > 0 {
					stale++
				}
				if w.Offers == 0 {
					empty++
				}
			}
			if tiered < 5 || stale == 0 || empty == 0 {
				t.Errorf("Phones: %d weeks tiered, %d with stale offers, %d empty of %d: %+v", tiered, stale, empty, len(h.Weeks), h.Weeks)
			}
		})
	}
}

func TestInGroup(t *testing.T) {
	for _, tt := range []struct {
		group    string
		by       pricing.GroupBy
		category string
		want     bool
	}{
		{"Phones", "", "Phones", true},
		{"Phones", pricing.GroupByCategory, "phones", true},
		{"Phones", pricing.GroupByCategory, "Phone", false},
		{"Phones", pricing.GroupByCategory, "", false},
		{"", pricing.GroupByCategory, "", false},
		{"Phones | Acme", pricing.GroupByCategory, "Phones", false},
		{"Phones | Acme", pricing.GroupByCategoryBrand, "Phones", true},
		{"phones | acme", pricing.GroupByCategoryBrand, "PHONES", true},
		{"Phones | ", pricing.GroupByCategoryBrand, "Phones", true},
		{"Phones |", pricing.GroupByCategoryBrand, "Phones", false},
		{"Phones", pricing.GroupByCategoryBrand, "Phones", false},
		{"A | B | C", pricing.GroupByCategoryBrand, "A", true},
		{"A | B | C", pricing.GroupByCategoryBrand, "A | B", true},
		{"A | B | C", pricing.GroupByCategoryBrand, "a | b | c", false},
		// The Kelvin sign folds to k in one rune but three bytes.
		{"\u212Aettles | Acme", pricing.GroupByCategoryBrand, "kettles", true},
		{"\u212Aettles", pricing.GroupByCategory, "Kettles", true},
		{"Straße | X", pricing.GroupByCategoryBrand, "STRASSE", false},
	} {
		if got := inGroup(tt.group, tt.by, tt.category); got != tt.want {
			t.Errorf("inGroup(%q, %q, %q) = %v, want %v", tt.group, tt.by, tt.category, got, tt.want)
		}
	}
}
