package store_test

import (
	"context"
	"fmt"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/store"
)

func ExampleRedact() {
	fmt.Println(store.Redact("postgres://shelf:s3cr3t@db.internal/shelf?sslmode=require"))
	fmt.Println(store.Redact("host=db user=shelf password=s3cr3t"))
	// Output:
	// postgres://shelf:xxxxx@db.internal/shelf?sslmode=require
	// host=db user=shelf password=xxxxx
}

func ExampleOpen() {
	ctx := context.Background()
	db, err := store.Open(ctx, "sqlite::memory:")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()

	start := time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)
	run, err := db.StartRun(ctx, "alpha", start)
	if err != nil {
		fmt.Println(err)
		return
	}
	price := pricing.Money{Amount: pricing.MustAmount("129.90"), Currency: "CNY"}
	offers := []pricing.Offer{{
		Key: "sku:K-1", Title: "Kettle", Category: "kettles", Price: &price,
		Availability: pricing.InStock, ObservedAt: start,
	}}
	if err := db.SaveOffers(ctx, run.ID, offers); err != nil {
		fmt.Println(err)
		return
	}
	run.Status, run.FinishedAt, run.Items = store.RunSucceeded, start.Add(time.Hour), len(offers)
	if err := db.FinishRun(ctx, run); err != nil {
		fmt.Println(err)
		return
	}

	got, err := db.RunOffers(ctx, run.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(db.Dialect(), got[0].Competitor, got[0].Key, got[0].Price)
	// Output: sqlite alpha sku:K-1 129.90 CNY
}
