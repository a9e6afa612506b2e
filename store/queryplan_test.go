package store_test

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/store"
)

// The queries behind a run's offers, the latest offer per listing, the run
// before and a listing's history must find observations through indexes:
// a sequential scan of observations is harmless in a test database and
// minutes at years of history. The database is loaded with enough rows that
// the planner prefers the indexes for the right reason, and analyzed.
// TestLatestOffersPlanAtScale holds the latest offer per listing to the same
// at a realistic number of listings.

// seqScan matches a plan line scanning observations (or one of its
// partitions) whole: PostgreSQL's "Seq Scan on observations_2026_11 o_1",
// SQLite's "SCAN o" (an index is "SEARCH o USING ..." or "SCAN o USING
// COVERING INDEX"). Group 1 is the PostgreSQL partition.
var seqScan = regexp.MustCompile(`Seq Scan on (observations\w*)|\bSCAN o\b(?: *$|[^U])`)

// partitionScan matches any access to an observations partition.
var partitionScan = regexp.MustCompile(`on (observations_\d{4}_\d{2})`)

func TestQueryPlans(t *testing.T) {
	const listings, runs = 1500, 16
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			db := MustOpenTestDB(t, dialect)
			var last store.Run
			start := time.Date(2026, 8, 3, 6, 0, 0, 0, time.UTC)
			offers := make([]pricing.Offer, listings)
			for i := range runs {
				for k := range offers {
					offers[k] = offer(fmt.Sprintf("sku:%05d", k), fmt.Sprintf("%d.%02d", 10+k%90, i))
				}
				r, err := db.StartRun(ctx, "alpha", start.Add(time.Duration(i)*7*24*time.Hour))
				if err != nil {
					t.Fatal(err)
				}
				if err := db.SaveOffers(ctx, r.ID, offers); err != nil {
					t.Fatal(err)
				}
				last = r
			}
			x := store.Raw(db)
			if _, err := x.ExecContext(ctx, "ANALYZE"); err != nil {
				t.Fatal(err)
			}
			// Partitions created ahead are empty, and scanning an empty
			// table is free: only partitions holding rows count.
			full := map[string]bool{}
			if dialect == store.DialectPostgres {
				months, err := db.ObservationPartitions(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range months {
					name := "observations_" + m.Format("2006_01")
					var n int
					if err := x.GetContext(ctx, &n, "SELECT COUNT(*) FROM "+name); err != nil {
						t.Fatal(err)
					}
					full[name] = n > 0
				}
			}
			queries, err := store.HistoryQueries(ctx, db, "alpha", "sku:00042", last)
			if err != nil {
				t.Fatal(err)
			}
			for _, tc := range queries {
				q, args := tc.SQL, tc.Args
				t.Run(tc.Name, func(t *testing.T) {
					text := queryPlan(t, x, dialect, q, args...)
					if tc.Name == "a run's offers" && dialect == store.DialectPostgres {
						// A run is a quarter of its month: scanning
						// that one partition is the right plan, as
						// long as it is the only one read.
						parts := map[string]bool{}
						for _, m := range partitionScan.FindAllStringSubmatch(text, -1) {
							parts[m[1]] = true
						}
						if len(parts) != 1 {
							t.Errorf("a run's offers read partitions %v, want only its month's:\n%s", parts, text)
						}
						return
					}
					for _, m := range seqScan.FindAllStringSubmatch(text, -1) {
						if dialect == store.DialectSQLite || full[m[1]] {
							t.Errorf("plan scans observations whole (%s):\n%s", m[0], text)
						}
					}
					if low := strings.ToLower(text); !strings.Contains(low, "index") && !strings.Contains(low, "primary key") {
						t.Errorf("plan uses no index:\n%s", text)
					}
				})
			}
		})
	}
}

func TestListingQueries(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			db := MustOpenTestDB(t, dialect)
			var runs []store.Run
			for i, title := range []string{"Kettle", "Kettle", "Kettle 1.7 l", "Kettle 1.7 l"} {
				r, err := db.StartRun(ctx, "alpha", day.Add(time.Duration(i)*40*24*time.Hour))
				if err != nil {
					t.Fatal(err)
				}
				o := offer("sku:1", fmt.Sprintf("%d.00", 10+i))
				o.Title = title
				batch := []pricing.Offer{o}
				if i != 2 { // sku:2 is missing from run 2
					batch = append(batch, offer("sku:2", "5.00"))
				}
				if i == 3 { // sku:1 is gone in the last run
					batch = batch[1:]
				}
				if err := db.SaveOffers(ctx, r.ID, batch); err != nil {
					t.Fatal(err)
				}
				runs = append(runs, r)
			}
			t.Run("a listing's history gives each run's title and price, oldest first", func(t *testing.T) {
				h, err := db.OfferHistory(ctx, "alpha", "sku:1")
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, ro := range h {
					got = append(got, fmt.Sprintf("%d %s %s", ro.RunID, ro.Offer.Title, ro.Offer.Price.Amount))
				}
				want := []string{
					fmt.Sprintf("%d Kettle 10.00", runs[0].ID),
					fmt.Sprintf("%d Kettle 11.00", runs[1].ID),
					fmt.Sprintf("%d Kettle 1.7 l 12.00", runs[2].ID),
				}
				if strings.Join(got, "|") != strings.Join(want, "|") {
					t.Errorf("history = %q, want %q", got, want)
				}
			})
			t.Run("the run before skips runs that did not see the listing", func(t *testing.T) {
				ro, err := db.OfferBefore(ctx, "alpha", "sku:2", runs[3].ID)
				if err != nil {
					t.Fatal(err)
				}
				if ro.RunID != runs[1].ID {
					t.Errorf("offer before run %d is from run %d, want %d", runs[3].ID, ro.RunID, runs[1].ID)
				}
				if _, err := db.OfferBefore(ctx, "alpha", "sku:2", runs[0].ID); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("offer before the first run: %v, want ErrNotFound", err)
				}
			})
			t.Run("the latest offer per listing includes listings gone since", func(t *testing.T) {
				l, err := db.LatestOffers(ctx, "alpha")
				if err != nil {
					t.Fatal(err)
				}
				if len(l) != 2 || l[0].Offer.Key != "sku:1" || l[0].RunID != runs[2].ID || l[0].Offer.Title != "Kettle 1.7 l" ||
					l[1].Offer.Key != "sku:2" || l[1].RunID != runs[3].ID {
					t.Errorf("latest offers = %+v", l)
				}
				if want := inDB(offer("sku:2", "5.00")); dump([]pricing.Offer{l[1].Offer}) != dump([]pricing.Offer{want}) {
					t.Errorf("latest sku:2 = %s, want %s", dump([]pricing.Offer{l[1].Offer}), dump([]pricing.Offer{want}))
				}
			})
		})
	}
}
