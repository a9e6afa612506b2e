package store_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/store"
)

// mkRun records a finished run of comp started at at with offers.
func mkRun(t testing.TB, db *store.DB, comp string, at time.Time, status store.RunStatus, offers []pricing.Offer) store.Run {
	t.Helper()
	r, err := db.StartRun(ctx, comp, at)
	if err != nil {
		t.Fatal(err)
	}
	for i := range offers {
		offers[i].Competitor = comp
	}
	if len(offers) > 0 {
		if err := db.SaveBatch(ctx, r.ID, offers, []store.PageDone{{URL: "https://" + comp + ".example/list", Kind: "listing"}}); err != nil {
			t.Fatal(err)
		}
	}
	r.Status, r.FinishedAt, r.Items = status, at.Add(time.Hour), len(offers)
	if err := db.FinishRun(ctx, r); err != nil {
		t.Fatal(err)
	}
	return r
}

func latestGood(t *testing.T, db *store.DB, comp string) int64 {
	t.Helper()
	runs, err := db.LatestRuns(ctx, comp, store.RunSucceeded, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) == 0 {
		return 0
	}
	return runs[0].ID
}

func TestAcceptAndDiscardRuns(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			db := MustOpenTestDB(t, dialect)
			at := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
			good := mkRun(t, db, "alpha", at, store.RunSucceeded, []pricing.Offer{offer("sku:1", "10.00"), offer("sku:2", "20.00")})
			shrunk := mkRun(t, db, "alpha", at.AddDate(0, 0, 7), store.RunSuspect, []pricing.Offer{offer("sku:1", "10.00")})
			shrunk.Reason = "items fell from 2 to 1"
			if err := db.FinishRun(ctx, shrunk); err != nil {
				t.Fatal(err)
			}
			failed := mkRun(t, db, "alpha", at.AddDate(0, 0, 8), store.RunFailed, nil)
			other := mkRun(t, db, "beta", at, store.RunSuspect, nil)
			decided := at.AddDate(0, 0, 9)

			if got := latestGood(t, db, "alpha"); got != good.ID {
				t.Fatalf("baseline before accepting is run %d, want %d", got, good.ID)
			}
			r, err := db.AcceptRun(ctx, shrunk.ID, "alice", decided)
			if err != nil {
				t.Fatal(err)
			}
			if got := latestGood(t, db, "alpha"); r.Status != store.RunSucceeded || got != shrunk.ID {
				t.Errorf("after accepting run %d: status %s, baseline run %d", shrunk.ID, r.Status, got)
			}

			refused := []struct {
				name   string
				do     func() error
				target error
			}{
				{"accepting a succeeded run", func() error { _, err := db.AcceptRun(ctx, good.ID, "alice", decided); return err }, store.ErrRunStatus},
				{"accepting a failed run", func() error { _, err := db.AcceptRun(ctx, failed.ID, "alice", decided); return err }, store.ErrRunStatus},
				{"accepting an unknown run", func() error { _, err := db.AcceptRun(ctx, 9999, "alice", decided); return err }, store.ErrNotFound},
				{"accepting without a name", func() error { _, err := db.AcceptRun(ctx, other.ID, " ", decided); return err }, nil},
			}
			for _, tc := range refused {
				t.Run(tc.name+" is refused", func(t *testing.T) {
					err := tc.do()
					if err == nil || tc.target != nil && !errors.Is(err, tc.target) {
						t.Errorf("got %v, want an error wrapping %v", err, tc.target)
					}
				})
			}

			if _, err := db.DiscardRun(ctx, shrunk.ID, "bob", decided.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			if got := latestGood(t, db, "alpha"); got != good.ID {
				t.Errorf("after discarding the accepted run the baseline is run %d, want %d", got, good.ID)
			}
			if _, err := db.DiscardRun(ctx, shrunk.ID, "bob", decided); !errors.Is(err, store.ErrRunStatus) {
				t.Errorf("discarding twice: %v, want ErrRunStatus", err)
			}
			if offers, err := db.RunOffers(ctx, shrunk.ID); err != nil || len(offers) != 1 {
				t.Errorf("a discarded run's offers are kept for audit: got %d, %v", len(offers), err)
			}
			ds, err := db.RunDecisions(ctx, "alpha")
			if err != nil {
				t.Fatal(err)
			}
			want := []store.RunDecision{
				{RunID: shrunk.ID, Competitor: "alpha", Action: store.DecisionAccept, PreviousStatus: store.RunSuspect,
					PreviousReason: "items fell from 2 to 1", By: "alice", At: decided},
				{RunID: shrunk.ID, Competitor: "alpha", Action: store.DecisionDiscard, PreviousStatus: store.RunSucceeded,
					PreviousReason: "accepted as baseline by alice on 2026-11-11 (was suspect: items fell from 2 to 1)", By: "bob", At: decided.Add(time.Hour)},
			}
			if !reflect.DeepEqual(ds, want) {
				t.Errorf("decisions\n%+v\nwant\n%+v", ds, want)
			}
		})
	}
}

func TestReplaceCatalogRetiresMissingSKUs(t *testing.T) {
	item := func(sku, price string) pricing.CatalogItem {
		return pricing.CatalogItem{SKU: sku, Title: "Kettle " + sku, Category: "kettles", Price: *cny(price)}
	}
	skus := func(items []pricing.CatalogItem) []string {
		out := []string{}
		for _, it := range items {
			out = append(out, it.SKU)
		}
		return out
	}
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			db := MustOpenTestDB(t, dialect)
			at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
			if _, err := db.ImportCatalog(ctx, []pricing.CatalogItem{item("A", "10"), item("B", "20"), item("C", "30")}); err != nil {
				t.Fatal(err)
			}
			steps := []struct {
				name        string
				items       []pricing.CatalogItem
				retired     int
				current     []string
				retiredSKUs []string
			}{
				{"a file without B retires B", []pricing.CatalogItem{item("A", "11"), item("C", "30")}, 1, []string{"A", "C"}, []string{"B"}},
				{"B back in the file is current again and C goes", []pricing.CatalogItem{item("A", "11"), item("B", "20")}, 1, []string{"A", "B"}, []string{"C"}},
				{"the same file again retires nothing", []pricing.CatalogItem{item("A", "11"), item("B", "20")}, 0, []string{"A", "B"}, []string{"C"}},
			}
			for _, s := range steps {
				t.Run(s.name, func(t *testing.T) {
					n, retired, err := db.ReplaceCatalog(ctx, s.items, at)
					if err != nil || n != len(s.items) || retired != s.retired {
						t.Fatalf("ReplaceCatalog = %d, %d, %v; want %d, %d", n, retired, err, len(s.items), s.retired)
					}
					cur, err := db.Catalog(ctx)
					if err != nil || !reflect.DeepEqual(skus(cur), s.current) {
						t.Errorf("Catalog = %v, %v; want %v", skus(cur), err, s.current)
					}
					all, err := db.CatalogWithRetired(ctx)
					if err != nil {
						t.Fatal(err)
					}
					var gone []string
					for _, e := range all {
						if !e.RetiredAt.IsZero() {
							gone = append(gone, e.SKU)
							if !e.RetiredAt.Equal(at) {
								t.Errorf("%s retired at %v, want %v", e.SKU, e.RetiredAt, at)
							}
						}
					}
					if !reflect.DeepEqual(gone, s.retiredSKUs) || len(all) != 3 {
						t.Errorf("retired %v of %d items, want %v of 3 (kept for history)", gone, len(all), s.retiredSKUs)
					}
				})
			}
			t.Run("an empty file is refused and changes nothing", func(t *testing.T) {
				if _, _, err := db.ReplaceCatalog(ctx, nil, at); err == nil {
					t.Error("no error")
				}
				if cur, _ := db.Catalog(ctx); len(cur) != 2 {
					t.Errorf("catalog has %d items, want 2", len(cur))
				}
			})
		})
	}
}

// consistent checks the references Prune must leave whole: every
// observation's version exists and belongs to its listing, every version is
// named by an observation, every listing has an observation, and run_pages
// name only runs that keep observations.
func consistent(t *testing.T, db *store.DB) {
	t.Helper()
	x := store.Raw(db)
	checks := map[string]string{
		"observations without their listing's version": `SELECT COUNT(*) FROM observations o
			LEFT JOIN listing_versions v ON v.id = o.version_id AND v.listing_id = o.listing_id WHERE v.id IS NULL`,
		"observations without a listing": `SELECT COUNT(*) FROM observations o LEFT JOIN listings l ON l.id = o.listing_id WHERE l.id IS NULL`,
		"versions no observation names":  `SELECT COUNT(*) FROM listing_versions v WHERE NOT EXISTS (SELECT 1 FROM observations o WHERE o.version_id = v.id)`,
		"listings without observations":  `SELECT COUNT(*) FROM listings l WHERE NOT EXISTS (SELECT 1 FROM observations o WHERE o.listing_id = l.id)`,
		"saved pages of pruned runs":     `SELECT COUNT(*) FROM run_pages p JOIN runs r ON r.id = p.run_id WHERE r.status = 'pruned'`,
		"kept prices of pruned runs":     `SELECT COUNT(*) FROM run_category_prices k JOIN runs r ON r.id = k.run_id WHERE r.status = 'pruned'`,
		"listings naming a missing run":  `SELECT COUNT(*) FROM listings l LEFT JOIN runs r ON r.id = l.first_seen_run WHERE r.id IS NULL`,
	}
	for name, q := range checks {
		var n int
		if err := x.GetContext(ctx, &n, q); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n != 0 {
			t.Errorf("%d %s", n, name)
		}
	}
}

func TestPruneKeepsTheLastRunOfEachISOWeek(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			db := MustOpenTestDB(t, dialect)
			// Two competitors crawled daily for 16 weeks from Monday
			// 2026-06-01 (ISO 2026-W23): every 5th run suspect, every
			// 11th failed; a listing that exists only in the first
			// fortnight, one whose title changes weekly.
			start := time.Date(2026, 6, 1, 6, 0, 0, 0, time.UTC)
			var runs []store.Run
			for d := range 16 * 7 {
				for ci, comp := range []string{"alpha", "beta"} {
					at := start.AddDate(0, 0, d).Add(time.Duration(ci) * time.Hour)
					status := store.RunSucceeded
					switch {
					case d%11 == 10:
						status = store.RunFailed
					case d%5 == 4:
						status = store.RunSuspect
					}
					offers := []pricing.Offer{offer("sku:kettle", fmt.Sprintf("%d.00", 100+d%7))}
					o := offer("sku:toaster", "50.00")
					o.Title = fmt.Sprintf("Toaster week %d", d/7)
					offers = append(offers, o)
					if d < 14 {
						offers = append(offers, offer("sku:gone", "9.00"))
					}
					runs = append(runs, mkRun(t, db, comp, at, status, offers))
				}
			}
			if err := db.SaveMatches(ctx, []store.MatchRecord{
				{Match: pricing.Match{CatalogSKU: "K1", Competitor: "alpha", ListingKey: "sku:gone", Method: pricing.MatchGTIN, Score: 1}, Decision: store.DecisionAuto},
				{Match: pricing.Match{CatalogSKU: "K2", Competitor: "alpha", ListingKey: "sku:gone", Method: pricing.MatchGTIN, Score: 1}, Decision: store.DecisionConfirmed},
				{Match: pricing.Match{CatalogSKU: "K1", Competitor: "beta", ListingKey: "sku:kettle", Method: pricing.MatchGTIN, Score: 1}, Decision: store.DecisionAuto},
			}); err != nil {
				t.Fatal(err)
			}
			// The cutoff falls on a Thursday of the 13th week: that week's
			// Monday to Wednesday runs go, its Sunday run stays.
			cutoff := start.AddDate(0, 0, 12*7+3)
			after := map[int64][]byte{}
			for _, r := range runs {
				if !r.StartedAt.Before(cutoff) {
					after[r.ID] = runJSON(t, db, []store.Run{r})[r.ID]
				}
			}
			obsBefore := countRows(t, db, "observations")
			// Keep every finished run's kettle prices (run_category_prices),
			// so that prune has kept prices to remove with its runs.
			ids := make([]int64, len(runs))
			for i, r := range runs {
				ids[i] = r.ID
			}
			if _, err := db.CategoryPrices(ctx, ids, []string{"kettles"}); err != nil {
				t.Fatal(err)
			}
			if n := countRows(t, db, "run_category_prices"); n != len(runs) {
				t.Fatalf("%d runs' prices kept, want %d", n, len(runs))
			}

			dry, err := db.Prune(ctx, cutoff, true)
			if err != nil {
				t.Fatal(err)
			}
			if n := countRows(t, db, "observations"); n != obsBefore {
				t.Fatalf("a dry run removed %d observations", obsBefore-n)
			}
			rep, err := db.Prune(ctx, cutoff, false)
			if err != nil {
				t.Fatal(err)
			}
			dry.DryRun = false
			if !reflect.DeepEqual(dry, rep) {
				t.Errorf("dry run reported\n%+v\nthe prune\n%+v", dry, rep)
			}
			if got := obsBefore - countRows(t, db, "observations"); int64(got) != rep.Observations || got == 0 {
				t.Errorf("removed %d observations, reported %d", got, rep.Observations)
			}

			t.Run("each competitor keeps one run with observations per ISO week before the cutoff", func(t *testing.T) {
				type cw struct {
					comp       string
					year, week int
				}
				kept := map[cw][]int64{}
				lastGood := map[cw]int64{}
				for _, r := range runs {
					y, w := r.StartedAt.ISOWeek()
					if r.Status == store.RunSucceeded {
						lastGood[cw{r.Competitor, y, w}] = r.ID
					}
				}
				for _, r := range runs {
					now, err := db.Run(ctx, r.ID)
					if err != nil {
						t.Fatal(err)
					}
					offers, err := db.RunOffers(ctx, r.ID)
					if err != nil {
						t.Fatal(err)
					}
					y, w := r.StartedAt.ISOWeek()
					k := cw{r.Competitor, y, w}
					switch {
					case !r.StartedAt.Before(cutoff):
						if string(runJSON(t, db, []store.Run{r})[r.ID]) != string(after[r.ID]) || now.Status != r.Status {
							t.Errorf("run %d after the cutoff changed", r.ID)
						}
					case lastGood[k] == r.ID:
						if len(offers) == 0 || now.Status != store.RunSucceeded {
							t.Errorf("run %d, the last of %d-W%02d, lost its offers (%d) or status (%s)", r.ID, y, w, len(offers), now.Status)
						}
						kept[k] = append(kept[k], r.ID)
					default:
						if len(offers) != 0 || now.Status != store.RunPruned {
							t.Errorf("run %d (%s, %s) kept %d offers, status %s", r.ID, r.Status, r.StartedAt.Format(time.DateOnly), len(offers), now.Status)
						}
					}
				}
				// 12 whole weeks before the cutoff, for two competitors,
				// plus the 13th week's last run after the cutoff.
				if len(kept) != 24 {
					t.Errorf("%d weekly runs kept before the cutoff, want 24", len(kept))
				}
				if rep.KeptWeekly != 24 {
					t.Errorf("report says %d kept weekly, want 24", rep.KeptWeekly)
				}
			})
			t.Run("the database stays consistent", func(t *testing.T) { consistent(t, db) })
			t.Run("a listing seen only in pruned runs goes, with the matcher's matches of it but not people's", func(t *testing.T) {
				hist, err := db.OfferHistory(ctx, "alpha", "sku:gone")
				if err != nil {
					t.Fatal(err)
				}
				// sku:gone was seen in weeks 1-2; each week keeps its run.
				if len(hist) != 2 {
					t.Errorf("sku:gone has %d observations left, want its 2 weekly ones", len(hist))
				}
				ms, err := db.Matches(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if len(ms) != 3 {
					t.Errorf("%d matches left, want 3 (the listing survives in its weekly runs)", len(ms))
				}
			})
			t.Run("pruning again removes nothing", func(t *testing.T) {
				again, err := db.Prune(ctx, cutoff, false)
				if err != nil || len(again.Pruned) != 0 || again.Observations != 0 {
					t.Errorf("second prune: %+v, %v", again, err)
				}
			})
			t.Run("a later cutoff removes a listing whose weekly runs are all gone", func(t *testing.T) {
				// Pruning everything but the weeks' last runs leaves
				// sku:gone; a prune run by hand that also discards
				// those is what removes it: discard them, then prune.
				hist, _ := db.OfferHistory(ctx, "alpha", "sku:gone")
				for _, h := range hist {
					if _, err := db.DiscardRun(ctx, h.RunID, "test", cutoff); err != nil {
						t.Fatal(err)
					}
				}
				rep, err := db.Prune(ctx, cutoff, false)
				if err != nil {
					t.Fatal(err)
				}
				if rep.Listings != 1 || rep.Matches != 1 {
					t.Errorf("removed %d listings and %d matches, want 1 and 1 (the confirmed match stays)", rep.Listings, rep.Matches)
				}
				consistent(t, db)
			})
			if dialect == store.DialectPostgres {
				t.Run("a month all of whose runs are pruned is dropped as a partition", func(t *testing.T) {
					// Every June week keeps a run; discarding them leaves
					// nothing of June to keep.
					for _, r := range runs {
						if now, _ := db.Run(ctx, r.ID); r.StartedAt.Month() == time.June && now.Status == store.RunSucceeded {
							if _, err := db.DiscardRun(ctx, r.ID, "test", cutoff); err != nil {
								t.Fatal(err)
							}
						}
					}
					rep, err := db.Prune(ctx, cutoff, false)
					if err != nil {
						t.Fatal(err)
					}
					if len(rep.Partitions) != 1 || rep.Partitions[0].Month() != time.June || rep.Observations == 0 {
						t.Fatalf("dropped %v, %d observations; want June's partition", rep.Partitions, rep.Observations)
					}
					consistent(t, db)
					have, err := db.ObservationPartitions(ctx)
					if err != nil {
						t.Fatal(err)
					}
					for _, m := range rep.Partitions {
						for _, h := range have {
							if h.Equal(m) {
								t.Errorf("partition %s still there", m.Format("2006-01"))
							}
						}
					}
				})
			}
		})
	}
}
