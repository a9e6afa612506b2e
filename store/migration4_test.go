package store_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/store"
)

// Migration 0004 widens the runs status CHECK (on SQLite by rebuilding the
// runs table, which listings and observations reference) and adds
// crawl_locks and run_pages. Upgrading must keep every old row, every
// reference and the schema's rules.

func TestUpgradeFromMigration3(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			dsn := MustTestDSN(t, dialect)
			old, err := store.Open(ctx, dsn, store.WithSchemaVersion(3))
			if err != nil {
				t.Fatal(err)
			}
			// What a release at migration 3 left: runs of every status it
			// knew, with offers, and one deleted run above the others.
			statuses := []store.RunStatus{store.RunSucceeded, store.RunFailed, store.RunSuspect, store.RunRunning}
			var runs []store.Run
			for i, st := range statuses {
				r, err := old.StartRun(ctx, "alpha", day.Add(time.Duration(i)*time.Hour))
				if err != nil {
					t.Fatal(err)
				}
				if err := old.SaveOffers(ctx, r.ID, []pricing.Offer{offer("sku:1", "10.00"), offer("sku:2", "20.00")}); err != nil {
					t.Fatal(err)
				}
				if st != store.RunRunning {
					r.Status, r.FinishedAt, r.Pages, r.Items, r.Errors, r.Reason = st, r.StartedAt.Add(time.Minute), 3, 2, i, "reason "+string(st)
					if err := old.FinishRun(ctx, r); err != nil {
						t.Fatal(err)
					}
				}
				runs = append(runs, r)
			}
			gone, err := old.StartRun(ctx, "beta", day.Add(5*time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			x := store.Raw(old)
			if _, err := x.ExecContext(ctx, x.Rebind(`DELETE FROM runs WHERE id = ?`), gone.ID); err != nil {
				t.Fatal(err)
			}
			// Release 3 could not record the new statuses.
			r := runs[3]
			r.Status = store.RunInterrupted
			if err := old.FinishRun(ctx, r); !errors.Is(err, store.ErrConstraint) {
				t.Fatalf("FinishRun(interrupted) at migration 3 = %v, want ErrConstraint", err)
			}
			before, err := old.Runs(ctx, "", time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			beforeOffers := map[int64][]pricing.Offer{}
			for _, r := range runs {
				beforeOffers[r.ID], _ = old.RunOffers(ctx, r.ID)
			}
			old.Close()

			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatalf("open at migration 3: %v", err)
			}
			defer db.Close()
			x = store.Raw(db)
			var versions []int
			if err := x.SelectContext(ctx, &versions, "SELECT version FROM schema_migrations ORDER BY version"); err != nil {
				t.Fatal(err)
			}
			if want := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}; !reflect.DeepEqual(versions, want) {
				t.Errorf("schema_migrations versions = %v, want %v", versions, want)
			}

			t.Run("every run and its offers read back unchanged", func(t *testing.T) {
				after, err := db.Runs(ctx, "", time.Time{})
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(after, before) {
					t.Errorf("runs after upgrade:\n%+v\nwant\n%+v", after, before)
				}
				for _, r := range runs {
					got, err := db.RunOffers(ctx, r.ID)
					if err != nil || !reflect.DeepEqual(got, beforeOffers[r.ID]) {
						t.Errorf("run %d offers after upgrade = %s, %v; want %s", r.ID, dump(got), err, dump(beforeOffers[r.ID]))
					}
				}
			})
			t.Run("the old running run can be abandoned and resumed", func(t *testing.T) {
				if n, err := db.AbandonRuns(ctx, "alpha"); err != nil || n != 1 {
					t.Fatalf("AbandonRuns = %d, %v; want 1", n, err)
				}
				res, found, err := db.ResumableRun(ctx, "alpha")
				if err != nil || !found || res.ID != runs[3].ID || res.Status != store.RunAbandoned {
					t.Errorf("ResumableRun = %+v, %v, %v", res, found, err)
				}
				r := runs[1]
				r.Status = store.RunInterrupted
				if err := db.FinishRun(ctx, r); err != nil {
					t.Errorf("FinishRun(interrupted) after upgrade = %v", err)
				}
			})
			t.Run("a deleted run's id is not handed out again", func(t *testing.T) {
				r, err := db.StartRun(ctx, "beta", day.Add(6*time.Hour))
				if err != nil {
					t.Fatal(err)
				}
				if r.ID <= gone.ID {
					t.Errorf("new run got id %d, want above the deleted run's %d", r.ID, gone.ID)
				}
			})
			t.Run("foreign keys are still enforced", func(t *testing.T) {
				_, err := x.ExecContext(ctx, x.Rebind(`INSERT INTO observations (listing_id, run_id) SELECT id, ? FROM listings LIMIT 1`), 987654)
				if !errors.Is(store.ConvertErr(err), store.ErrConstraint) {
					t.Errorf("observation of a missing run: %v, want a constraint error", err)
				}
				_, err = x.ExecContext(ctx, x.Rebind(`INSERT INTO run_pages (run_id, url) VALUES (?, ?)`), 987654, "https://alpha.example/")
				if !errors.Is(store.ConvertErr(err), store.ErrConstraint) {
					t.Errorf("page of a missing run: %v, want a constraint error", err)
				}
				_, err = x.ExecContext(ctx, x.Rebind(`UPDATE runs SET competitor = ? WHERE id = ?`), "nobody", runs[0].ID)
				if !errors.Is(store.ConvertErr(err), store.ErrConstraint) {
					t.Errorf("run of an unknown competitor: %v, want a constraint error", err)
				}
			})
			t.Run("the runs indexes are back", func(t *testing.T) {
				var names []string
				q := `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'runs' AND indexname LIKE 'runs\_%' ORDER BY indexname`
				if dialect == store.DialectSQLite {
					q = `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'runs' AND sql IS NOT NULL ORDER BY name`
				}
				if err := x.SelectContext(ctx, &names, q); err != nil {
					t.Fatal(err)
				}
				want := []string{"runs_competitor_started", "runs_started"}
				if dialect == store.DialectPostgres {
					want = []string{"runs_competitor_started", "runs_pkey", "runs_started"}
				}
				if !reflect.DeepEqual(names, want) {
					t.Errorf("indexes on runs = %q, want %q", names, want)
				}
			})
		})
	}
}

func TestSQLiteMigrationChecksForeignKeys(t *testing.T) {
	db := MustOpenTestDB(t, store.DialectSQLite)
	r, err := db.StartRun(ctx, "alpha", day)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SaveOffers(ctx, r.ID, []pricing.Offer{offer("sku:1", "1.00")}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		stmt   string
		broken bool
	}{
		{"a rebuild that keeps every row commits", `CREATE TABLE runs_copy AS SELECT * FROM runs; DROP TABLE runs_copy`, false},
		{"a step that orphans observations is rolled back", `DELETE FROM runs`, true},
		{"a step that points a listing at a missing run is rolled back", `UPDATE listings SET first_seen_run = 424242`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := store.InTxForeignKeysOff(ctx, db, func(tx *sqlx.Tx) error {
				_, err := tx.ExecContext(ctx, tt.stmt)
				return err
			})
			if tt.broken != errors.Is(err, store.ErrConstraint) {
				t.Errorf("err = %v, want a constraint error: %v", err, tt.broken)
			}
			if got, _ := db.RunOffers(ctx, r.ID); len(got) != 1 {
				t.Errorf("run reads %d offers after the step, want 1", len(got))
			}
			// Enforcement is back on for everyone else.
			x := store.Raw(db)
			if _, err := x.ExecContext(ctx, `UPDATE listings SET first_seen_run = 999999`); !errors.Is(store.ConvertErr(err), store.ErrConstraint) {
				t.Errorf("foreign keys not enforced after the step: %v", err)
			}
		})
	}
}
