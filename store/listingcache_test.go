package store_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/store"
)

// SaveOffers writes only the observation of a listing the previous run saw
// with the same content, and everything else through the merge. These tests
// hold that to what writing one row at a time (the path that checks every
// listing and version in SQL) stores, through a history that exercises each
// way a listing can change, and check that the short path is really taken.

// cacheStep is one save of a history: offers into the run numbered run
// (an index into the runs started), with how many offers are expected to
// need no more than their observation (-1: not checked). A run's cache
// comes from the newest earlier run that succeeded.
type cacheStep struct {
	name   string
	run    int
	offers []pricing.Offer
	fast   int
	finish bool // finish the run after saving
}

func cacheHistory() []cacheStep {
	base := make([]pricing.Offer, 30)
	for i := range base {
		base[i] = offer(fmt.Sprintf("sku:%03d", i), "10.00")
	}
	with := func(offers []pricing.Offer, change func(o *pricing.Offer)) []pricing.Offer {
		out := make([]pricing.Offer, 0, len(offers))
		for _, o := range offers {
			change(&o)
			out = append(out, o)
		}
		return out
	}
	run2 := with(base, func(o *pricing.Offer) {
		switch o.Key {
		case "sku:001": // price and stock only: still the short path
			o.Price, o.Availability, o.Sales = cny("9.00"), pricing.OutOfStock, nil
		case "sku:002":
			o.Title = "Kettle, renamed"
		case "sku:004": // only where a field came from changes
			o.Source = map[string]string{"price": "microdata", "title": "meta"}
		case "sku:006":
			o.Category, o.SourceCategory = "", "Küche > Wasserkocher"
		}
	})
	run2 = append(run2[:3], run2[4:]...) // sku:003 is gone
	dup := base[5]
	dup.Price = cny("5.55")
	run2 = append(run2, offer("sku:new", "1.00"), dup) // sku:005 twice: the last wins
	run3 := with(base, func(o *pricing.Offer) {
		if o.Key == "sku:007" {
			o.URL = "https://alpha.example/moved/007"
		}
	}) // sku:002 and sku:004 go back to their first content, sku:003 returns
	// sku:new, first seen in the second run, moves its first run back but
	// keeps the newer run's content.
	older := []pricing.Offer{offer("sku:002", "8.00"), offer("sku:old", "2.00"), offer("sku:new", "0.50")}
	older[0].Title = "Kettle, as it was before"
	older[2].Title, older[2].Brand = "Kettle, before it was new", "Acme Old"
	again := with(run3[:12], func(o *pricing.Offer) { o.Price = cny("11.11") })
	return []cacheStep{
		{"the first run writes every listing", 0, base, 0, true},
		// 29 of the first run's listings (sku:005 twice, once live) and a new
		// one; sku:002, 004, 006 and the new one need more.
		{"the second run writes only observations for unchanged listings", 1, run2, 30 - 4, true},
		// Against the second run: 002, 003 (not in it), 004, 006, 007.
		{"a third run brings back old content, a returning listing and a moved URL", 2, run3, 30 - 5, false},
		{"the third run saved again replaces its observations", 2, again, -1, true},
		{"an older run saved again moves nothing back", 0, older, -1, false},
		// The older run's save added a version of sku:002 but left the
		// listing as the third run saw it, so nothing is out of date.
		{"a run after an older one was saved again", 3, run3, 30, true},
	}
}

func TestSaveOffersListingCache(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			steps := cacheHistory()
			fast := MustOpenTestDB(t, dialect)
			slow := MustOpenTestDB(t, dialect)
			var fastRuns, slowRuns []store.Run
			for i := range 4 {
				at := day.Add(time.Duration(i) * 7 * 24 * time.Hour)
				for _, x := range []struct {
					db   *store.DB
					runs *[]store.Run
				}{{fast, &fastRuns}, {slow, &slowRuns}} {
					r, err := x.db.StartRun(ctx, "alpha", at)
					if err != nil {
						t.Fatal(err)
					}
					*x.runs = append(*x.runs, r)
				}
			}
			for _, s := range steps {
				t.Run(s.name, func(t *testing.T) {
					if s.fast >= 0 {
						// One cache per run: the count is what the
						// save below will do.
						n, _, err := store.PlanCounts(ctx, fast, fastRuns[s.run].ID, s.offers)
						if err != nil {
							t.Fatal(err)
						}
						if n != s.fast {
							t.Errorf("%d offers need only their observation, want %d", n, s.fast)
						}
					}
					if err := fast.SaveOffers(ctx, fastRuns[s.run].ID, s.offers); err != nil {
						t.Fatal(err)
					}
					if err := store.WriteRowByRow(ctx, slow, slowRuns[s.run].ID, dedupe(s.offers)); err != nil {
						t.Fatal(err)
					}
					if s.finish {
						for _, x := range []struct {
							db  *store.DB
							run store.Run
						}{{fast, fastRuns[s.run]}, {slow, slowRuns[s.run]}} {
							r := x.run
							r.Status, r.FinishedAt = store.RunSucceeded, r.StartedAt.Add(time.Hour)
							if err := x.db.FinishRun(ctx, r); err != nil {
								t.Fatal(err)
							}
						}
					}
					gotL, gotO := tableRows(t, fast)
					wantL, wantO := tableRows(t, slow)
					if !reflect.DeepEqual(gotL, wantL) {
						t.Errorf("listings\n got %v\nwant %v", gotL, wantL)
					}
					if !reflect.DeepEqual(gotO, wantO) {
						t.Errorf("observations\n got %v\nwant %v", gotO, wantO)
					}
					got, err := fast.LatestOffers(ctx, "alpha")
					if err != nil {
						t.Fatal(err)
					}
					want, err := slow.LatestOffers(ctx, "alpha")
					if err != nil {
						t.Fatal(err)
					}
					if len(got) != len(want) {
						t.Fatalf("LatestOffers gave %d, want %d", len(got), len(want))
					}
					for i := range got {
						if got[i].RunID != want[i].RunID || dump([]pricing.Offer{got[i].Offer}) != dump([]pricing.Offer{want[i].Offer}) {
							t.Errorf("latest %d: got run %d %s, want run %d %s", i, got[i].RunID,
								dump([]pricing.Offer{got[i].Offer}), want[i].RunID, dump([]pricing.Offer{want[i].Offer}))
						}
					}
				})
			}
		})
	}
}

// dedupe keeps the last offer of each key, in first-seen order: what
// SaveOffers stores for a batch that repeats a key, and what writing row by
// row stores too, minus the repeated writes.
func dedupe(offers []pricing.Offer) []pricing.Offer {
	at := map[string]int{}
	var out []pricing.Offer
	for _, o := range offers {
		if i, ok := at[o.Key]; ok {
			out[i] = o
			continue
		}
		at[o.Key] = len(out)
		out = append(out, o)
	}
	return out
}

// TestSaveOffersConcurrentCompetitors saves two runs of several competitors
// at once through one DB: each competitor's cache is its own, and what each
// run reads back is what it saved.
func TestSaveOffersConcurrentCompetitors(t *testing.T) {
	const shops, n = 4, 300
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			db := MustOpenTestDB(t, dialect)
			var wg sync.WaitGroup
			for w := range shops {
				wg.Go(func() {
					shop := fmt.Sprintf("shop%d", w)
					for i := range 2 {
						offers := make([]pricing.Offer, n)
						for k := range offers {
							offers[k] = offer(fmt.Sprintf("sku:%04d", k), fmt.Sprintf("%d.%02d", 10+w, i))
							offers[k].Competitor = shop
						}
						r, err := db.StartRun(ctx, shop, day.Add(time.Duration(i)*time.Hour))
						if err == nil {
							err = db.SaveOffers(ctx, r.ID, offers)
						}
						var got []pricing.Offer
						if err == nil {
							got, err = db.RunOffers(ctx, r.ID)
						}
						if err != nil {
							t.Error(err)
							return
						}
						if len(got) != n || got[0].Competitor != shop || got[0].Price.Amount != offers[0].Price.Amount {
							t.Errorf("%s run %d read back %d offers, first %+v", shop, i, len(got), got[0])
						}
					}
				})
			}
			wg.Wait()
		})
	}
}

// TestSaveOffersShortPathRefusal: an offer the schema refuses fails its
// batch and is named, when its listing is known and unchanged (only its
// observation would be written) just as when it is new.
func TestSaveOffersShortPathRefusal(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			db := MustOpenTestDB(t, dialect)
			first := []pricing.Offer{offer("sku:a", "1.00"), offer("sku:b", "1.00"), offer("sku:c", "1.00")}
			r1, _ := db.StartRun(ctx, "alpha", day)
			if err := db.SaveOffers(ctx, r1.ID, first); err != nil {
				t.Fatal(err)
			}
			r2, _ := db.StartRun(ctx, "alpha", day.Add(time.Hour))
			second := []pricing.Offer{offer("sku:a", "2.00"), offer("sku:b", "2.00"), offer("sku:c", "2.00")}
			second[1].Availability = "sold out?"
			if fast, _, err := store.PlanCounts(ctx, db, r2.ID, second); err != nil || fast != 3 {
				t.Fatalf("%d offers take the short path (%v), want 3", fast, err)
			}
			err := db.SaveOffers(ctx, r2.ID, second)
			if !errors.Is(err, store.ErrConstraint) || !strings.Contains(err.Error(), "offer 1") ||
				!strings.Contains(err.Error(), "sku:b") {
				t.Errorf("SaveOffers error = %v, want ErrConstraint naming offer 1 (sku:b)", err)
			}
			if got, err := db.RunOffers(ctx, r2.ID); err != nil || len(got) != 0 {
				t.Errorf("the failed batch left %d offers (%v), want none", len(got), err)
			}
		})
	}
}
