package main

import (
	"bytes"
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

// TestASixtyDayOldDatabaseIsReportedStale is the case: the crawler
// stopped two months ago. The digest's first line says so, no old change is
// shown as this week's, and the positioning feed marks its rows stale.
func TestASixtyDayOldDatabaseIsReportedStale(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			dsn := seeded(t, dialect, func(db *store.DB) { seedWeek(t, db, time.Now().UTC().Add(-60*24*time.Hour)) })
			report := reportOn(t, dsn)

			text := report("digest")
			first, _, _ := strings.Cut(text, "\n")
			// Ages are measured at the end of the last complete week, so
			// 53 to 60 days.
			if !strings.HasPrefix(first, "STALE: no competitor was crawled successfully in the last 8 days (last run 5") || !strings.Contains(first, " days ago") {
				t.Errorf("first line %q, want the stale warning", first)
			}
			for _, bad := range []string{"Every run in the window was usable", "Listings changed:", "Changes need a second successful run"} {
				if strings.Contains(text, bad) {
					t.Errorf("the digest of 60-day-old data says %q:\n%s", bad, text)
				}
			}
			if !strings.Contains(text, "no successful run in this window") || !strings.Contains(text, "nothing here is this week's change") {
				t.Errorf("the digest does not say the window has no run:\n%s", text)
			}

			var f render.DigestFeed
			if err := json.Unmarshal([]byte(report("digest", "--format", "json")), &f); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(f.StaleWarning, "STALE:") || len(f.Changes) != 0 || len(f.Runs.Previous) != 0 ||
				!slices.Equal(f.DataQuality.StaleCompetitors, []string{"gadgets", "jdmall", "technik"}) {
				t.Errorf("JSON digest: warning %q, %d changes, %d previous runs, stale %v", f.StaleWarning, len(f.Changes), len(f.Runs.Previous), f.DataQuality.StaleCompetitors)
			}
			for _, c := range f.Categories {
				if c.Tiered && (!c.Stale || c.StaleOffers != c.Offers) {
					t.Errorf("category %s: stale %v, %d of %d offers stale", c.Key, c.Stale, c.StaleOffers, c.Offers)
				}
			}

			items, err := csv.NewReader(strings.NewReader(report("positioning"))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			col := slices.Index(items[0], "stale")
			for _, r := range items[1:] {
				if col < 0 || r[col] != "true" {
					t.Errorf("positioning row %q is not marked stale", r)
				}
			}
			comps, err := csv.NewReader(strings.NewReader(report("positioning", "--table", "competitors"))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(comps) != 4 || comps[1][4] != "true" || !strings.HasPrefix(comps[1][3], "60.") && !strings.HasPrefix(comps[1][3], "59.") {
				t.Errorf("competitors table %q", comps)
			}

			// The same database read for the week it was crawled in is fresh.
			y, w := time.Now().UTC().Add(-60 * 24 * time.Hour).ISOWeek()
			week := report("digest", "--week", isoName(y, w))
			if strings.HasPrefix(week, "STALE") || !strings.Contains(week, "Listings changed:") && !strings.Contains(week, "No listing changed") {
				t.Errorf("the digest of the crawl's own week:\n%s", week)
			}
		})
	}
}

// TestGoneRowsShowTheLastPriceSeen: a listing whose last observation had
// no price and then vanished is reported gone at the last price a run saw.
func TestGoneRowsShowTheLastPriceSeen(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			dsn := storetest.MustDSN(t, dialect)
			db, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			now := time.Now().UTC()
			cny := func(a string) *pricing.Money { return &pricing.Money{Amount: pricing.MustAmount(a), Currency: "CNY"} }
			offer := func(key string, price *pricing.Money) pricing.Offer {
				return pricing.Offer{Key: key, Title: "Widget " + key, URL: "https://shop.example/" + key, Category: "Phones", Price: price, Availability: pricing.InStock}
			}
			for i, offers := range [][]pricing.Offer{
				{offer("a", cny("129")), offer("b", cny("200")), offer("c", cny("300"))},
				{offer("a", nil), offer("b", cny("200")), offer("c", cny("300"))},
				{offer("b", cny("150")), offer("c", cny("300"))},
			} {
				started := now.Add(time.Duration(i-2)*8*24*time.Hour - time.Hour)
				r, err := db.StartRun(ctx, "shop", started)
				if err != nil {
					t.Fatal(err)
				}
				if err := db.SaveOffers(ctx, r.ID, offers); err != nil {
					t.Fatal(err)
				}
				r.Status, r.Items, r.WithPrice, r.FinishedAt = store.RunSucceeded, len(offers), len(offers), started.Add(time.Minute)
				if err := db.FinishRun(ctx, r); err != nil {
					t.Fatal(err)
				}
			}
			db.Close()
			report := reportOn(t, dsn)
			var f render.DigestFeed
			if err := json.Unmarshal([]byte(report("digest", "--since", "168h", "--format", "json")), &f); err != nil {
				t.Fatal(err)
			}
			var gone, moved []render.ChangeFeed
			for _, c := range f.Changes {
				switch c.Kind {
				case "gone":
					gone = append(gone, c)
				case "price_down":
					moved = append(moved, c)
				}
			}
			if len(gone) != 1 || gone[0].Key != "a" || gone[0].From == nil || gone[0].From.Amount != pricing.MustAmount("129") {
				t.Errorf("gone changes %+v, want a at its last price 129.00", gone)
			}
			if len(moved) != 1 || moved[0].Key != "b" {
				t.Fatalf("price moves %+v, want b", moved)
			}
			html := report("digest", "--since", "168h", "--format", "html")
			if !strings.Contains(html, `<a href="#history-1">Widget b</a>`) || !strings.Contains(html, `<div id="history-1">`) ||
				strings.Count(html, "<circle") < 3 {
				t.Errorf("the HTML digest does not link the mover to its 3-point price history")
			}
		})
	}
}

// seeded returns the DSN of a fresh database of dialect that seed has
// filled, closed again so that the report commands open it as in use.
func seeded(t *testing.T, dialect string, seed func(db *store.DB)) string {
	t.Helper()
	dsn := storetest.MustDSN(t, dialect)
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	seed(db)
	return dsn
}

// reportOn returns a function running the report command on dsn with the
// default config.
func reportOn(t *testing.T, dsn string) func(args ...string) string {
	return func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		getenv := func(k string) string {
			if k == "SHELFWATCH_DB" {
				return dsn
			}
			return ""
		}
		args = append(args, "--config", "../../configs/shelfwatch.yaml")
		if err := run(context.Background(), args, getenv, &out, &errb); err != nil {
			t.Fatalf("report %s: %v\n%s", strings.Join(args, " "), err, errb.String())
		}
		return out.String()
	}
}

func isoName(y, w int) string { return fmt.Sprintf("%d-W%02d", y, w) }
