package store_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/store"
)

// Migration 8 re-keys listings that schema 7's crawler keyed by page
// position (url:…#2). A shop that swapped its two colours between runs left
// each numbered listing with both colours' prices; after the upgrade each
// colour's listing has its own prices in every run.

const widget = "https://alpha.example/p/widget"

func variantOffer(key, title, price string) pricing.Offer {
	return pricing.Offer{
		Competitor: "alpha", Key: key, URL: widget, Title: title, Category: "widgets",
		Price: cny(price), Availability: pricing.InStock, ObservedAt: day,
	}
}

func TestUpgradeRekeysPositionalKeys(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			dsn := MustTestDSN(t, dialect)
			old, err := store.Open(ctx, dsn, store.WithSchemaVersion(7))
			if err != nil {
				t.Fatal(err)
			}
			gtinOffer := pricing.Offer{Key: "url:https://alpha.example/p/kettle", URL: "https://alpha.example/p/kettle",
				Title: "Kettle", GTIN: "4006381333931", Price: cny("30.00"), Availability: pricing.InStock}
			skuOffer := offer("sku:S1", "40.00")
			runs := [][]pricing.Offer{
				{variantOffer("url:"+widget, "Widget — Red", "100.00"), variantOffer("url:"+widget+"#2", "Widget — Blue", "200.00"), gtinOffer, skuOffer},
				// The shop swapped them.
				{variantOffer("url:"+widget, "Widget — Blue", "200.00"), variantOffer("url:"+widget+"#2", "Widget — Red", "100.00"), gtinOffer, skuOffer},
				// A second red row nothing tells apart from the first.
				{variantOffer("url:"+widget, "Widget — Blue", "210.00"), variantOffer("url:"+widget+"#2", "Widget — Red", "100.00"),
					variantOffer("url:"+widget+"#3", "Widget — Red", "95.00"), gtinOffer, skuOffer},
			}
			var ids []int64
			for i, offers := range runs {
				r := mkRun(t, old, "alpha", day.AddDate(0, 0, 7*i), store.RunSucceeded, offers)
				ids = append(ids, r.ID)
			}
			if err := old.SaveMatches(ctx, []store.MatchRecord{
				{Match: pricing.Match{CatalogSKU: "K1", Competitor: "alpha", ListingKey: "url:" + widget + "#2", Method: pricing.MatchConfirmed, Score: 1}, Decision: store.DecisionConfirmed},
				{Match: pricing.Match{CatalogSKU: "K1", Competitor: "alpha", ListingKey: "url:" + widget, Method: pricing.MatchFuzzy, Score: 0.8}, Decision: store.DecisionAuto},
				{Match: pricing.Match{CatalogSKU: "K2", Competitor: "alpha", ListingKey: "url:https://alpha.example/p/kettle", Method: pricing.MatchFuzzy, Score: 0.9}, Decision: store.DecisionAuto},
			}); err != nil {
				t.Fatal(err)
			}
			old.Close()

			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatalf("upgrade: %v", err)
			}
			defer db.Close()

			var keys []string
			if err := store.Raw(db).SelectContext(ctx, &keys, `SELECT key FROM listings ORDER BY key`); err != nil {
				t.Fatal(err)
			}
			wantKeys := []string{"gtin:4006381333931", "sku:S1", "url:" + widget + "#blue", "url:" + widget + "#red"}
			if !reflect.DeepEqual(keys, wantKeys) {
				t.Errorf("keys %v, want %v", keys, wantKeys)
			}
			for _, tc := range []struct {
				key    string
				prices []string
				title  string
			}{
				{"url:" + widget + "#red", []string{"100.00", "100.00", "95.00"}, "Widget — Red"},
				{"url:" + widget + "#blue", []string{"200.00", "200.00", "210.00"}, "Widget — Blue"},
				{"gtin:4006381333931", []string{"30.00", "30.00", "30.00"}, "Kettle"},
				{"sku:S1", []string{"40.00", "40.00", "40.00"}, "Kettle sku:S1"},
			} {
				t.Run("history of "+tc.key, func(t *testing.T) {
					hist, err := db.OfferHistory(ctx, "alpha", tc.key)
					if err != nil {
						t.Fatal(err)
					}
					var prices []string
					for i, h := range hist {
						prices = append(prices, h.Offer.Price.Amount.String())
						if h.RunID != ids[i] || h.Offer.Title != tc.title {
							t.Errorf("point %d: run %d %q, want run %d %q", i, h.RunID, h.Offer.Title, ids[i], tc.title)
						}
					}
					if !slices.Equal(prices, tc.prices) {
						t.Errorf("prices %v, want %v", prices, tc.prices)
					}
				})
			}
			t.Run("matches follow their listings and a person's decision wins", func(t *testing.T) {
				ms, err := db.Matches(ctx)
				if err != nil {
					t.Fatal(err)
				}
				got := map[string]string{}
				for _, m := range ms {
					got[m.CatalogSKU+" "+m.ListingKey] = m.Decision
				}
				want := map[string]string{
					"K1 url:" + widget + "#red":  store.DecisionConfirmed,
					"K1 url:" + widget + "#blue": store.DecisionAuto,
					"K2 gtin:4006381333931":      store.DecisionAuto,
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("matches %v, want %v", got, want)
				}
			})
			t.Run("the database stays consistent", func(t *testing.T) { consistent(t, db) })
			t.Run("a crawl after the upgrade lands on the re-keyed listings", func(t *testing.T) {
				offers := []pricing.Offer{variantOffer("", "Widget — Blue", "199.00"), variantOffer("", "Widget — Red", "99.00"), gtinOffer}
				offers[2].Key = ""
				pricing.KeyOffers(offers)
				mkRun(t, db, "alpha", day.AddDate(0, 0, 28), store.RunSucceeded, offers)
				if n := countRows(t, db, "listings"); n != 4 {
					t.Errorf("%d listings, want the same 4", n)
				}
			})
		})
	}
}
