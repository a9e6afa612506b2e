package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/store"
	"github.com/shelfwatch/shelfwatch/store/storetest"
)

func TestPriceHistory(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			db := storetest.MustOpen(t, dialect)
			day := time.Date(2026, 11, 1, 6, 0, 0, 0, time.UTC)
			// Four runs of shop: a price cut, a run that turned suspect, a
			// run without the price; one run of another shop listing the
			// same key.
			for i, run := range []struct {
				competitor string
				status     store.RunStatus
				offers     []pricing.Offer
			}{
				{"shop", store.RunSucceeded, []pricing.Offer{{Key: "sku:A", Price: cny("199"), Availability: pricing.InStock}, {Key: "sku:B", Price: cny("5")}}},
				{"shop", store.RunSucceeded, []pricing.Offer{{Key: "sku:A", Price: cny("179"), Availability: pricing.InStock}}},
				{"shop", store.RunSuspect, []pricing.Offer{{Key: "sku:A", Price: cny("0.01"), Availability: pricing.InStock}}},
				{"shop", store.RunSucceeded, []pricing.Offer{{Key: "sku:A", Availability: pricing.OutOfStock}}},
				{"other", store.RunSucceeded, []pricing.Offer{{Key: "sku:A", Price: cny("999")}}},
			} {
				r, err := db.StartRun(ctx, run.competitor, day.Add(time.Duration(i)*24*time.Hour))
				if err != nil {
					t.Fatal(err)
				}
				if err := db.SaveOffers(ctx, r.ID, run.offers); err != nil {
					t.Fatal(err)
				}
				r.Status, r.FinishedAt = run.status, r.StartedAt.Add(time.Hour)
				if err := db.FinishRun(ctx, r); err != nil {
					t.Fatal(err)
				}
			}
			for _, tt := range []struct {
				name   string
				refs   []store.ListingRef
				since  time.Time
				prices []string // "status price availability" per point
			}{
				{"a listing's every observation comes oldest first with its run's status", []store.ListingRef{{"shop", "sku:A"}}, time.Time{},
					[]string{"succeeded 199.00 CNY in_stock", "succeeded 179.00 CNY in_stock", "suspect 0.01 CNY in_stock", "succeeded none out_of_stock"}},
				{"since leaves out older runs", []store.ListingRef{{"shop", "sku:A"}}, day.Add(36 * time.Hour),
					[]string{"suspect 0.01 CNY in_stock", "succeeded none out_of_stock"}},
				{"the same key at another competitor is another listing", []store.ListingRef{{"other", "sku:A"}}, time.Time{},
					[]string{"succeeded 999.00 CNY "}},
				{"several listings come in the order asked", []store.ListingRef{{"other", "sku:A"}, {"shop", "sku:B"}}, time.Time{},
					[]string{"succeeded 999.00 CNY ", "succeeded 5.00 CNY "}},
				{"an unknown listing has no points", []store.ListingRef{{"shop", "sku:nope"}, {"nobody", "sku:A"}}, time.Time{}, nil},
			} {
				t.Run(tt.name, func(t *testing.T) {
					ps, err := db.PriceHistory(ctx, tt.refs, tt.since)
					if err != nil {
						t.Fatal(err)
					}
					var got []string
					for _, p := range ps {
						price := "none"
						if p.Price != nil {
							price = p.Price.String()
						}
						got = append(got, string(p.RunStatus)+" "+price+" "+string(p.Availability))
						if p.At.Location() != time.UTC || p.At.Before(tt.since) {
							t.Errorf("point at %v", p.At)
						}
					}
					if len(got) != len(tt.prices) {
						t.Fatalf("points %q, want %q", got, tt.prices)
					}
					for i := range got {
						if got[i] != tt.prices[i] {
							t.Errorf("point %d = %q, want %q", i, got[i], tt.prices[i])
						}
					}
				})
			}
		})
	}
}
