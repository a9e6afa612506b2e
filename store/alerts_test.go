package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/store"
)

func alertRec(key, kind string, run int64, at time.Time) store.AlertRecord {
	return store.AlertRecord{Key: key, Kind: kind, Competitor: "jd", SKU: "OUR-1", RunID: run,
		Body: []byte(`{"key":"` + key + `","title":"小米 <b>\"x\"</b>"}`), RaisedAt: at}
}

func pendingKeys(t *testing.T, db *store.DB) []string {
	t.Helper()
	ps, err := db.PendingAlerts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range ps {
		out = append(out, p.Destination+" "+p.Key)
	}
	return out
}

func TestAlerts(t *testing.T) {
	at := time.Date(2026, 5, 6, 9, 0, 0, 123456789, time.UTC)
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Run("an alert is stored once by its key, pending for each destination", func(t *testing.T) {
				db := MustOpenTestDB(t, dialect)
				first := []store.AlertRecord{alertRec("price_up|a", "price_up", 8, at), alertRec("stock_out|b", "stock_out", 8, at.Add(time.Second))}
				added, err := db.RecordAlerts(ctx, first, []string{"slack", "mail"})
				if err != nil {
					t.Fatal(err)
				}
				if len(added) != 2 || added[0].ID == 0 || added[1].ID == added[0].ID || added[0].Key != "price_up|a" {
					t.Fatalf("added = %+v, want both with IDs, in order", added)
				}
				// The same events seen again, with one new one among them,
				// and a key given twice in one call.
				again := []store.AlertRecord{alertRec("stock_out|b", "stock_out", 9, at.Add(time.Hour)), alertRec("undercut|c", "undercut", 9, at.Add(time.Hour)),
					alertRec("price_up|a", "price_up", 9, at.Add(time.Hour)), alertRec("undercut|c", "undercut", 9, at.Add(time.Hour))}
				added, err = db.RecordAlerts(ctx, again, []string{"slack", "mail"})
				if err != nil {
					t.Fatal(err)
				}
				if len(added) != 1 || added[0].Key != "undercut|c" {
					t.Fatalf("second record added %+v, want only undercut|c", added)
				}
				want := []string{"mail price_up|a", "mail stock_out|b", "mail undercut|c", "slack price_up|a", "slack stock_out|b", "slack undercut|c"}
				if got := pendingKeys(t, db); !slices.Equal(got, want) {
					t.Errorf("pending = %q\nwant %q", got, want)
				}
				all, err := db.Alerts(ctx, time.Time{})
				if err != nil || len(all) != 3 {
					t.Fatalf("Alerts = %d (%v), want 3", len(all), err)
				}
				if got := all[2]; got.Key != "price_up|a" || got.RunID != 8 || string(got.Body) != string(first[0].Body) || !got.RaisedAt.Equal(at.Truncate(time.Microsecond)) {
					t.Errorf("stored %+v\nwant the first record as given (run 8, body byte for byte, time to the µs)", got)
				}
			})

			t.Run("a delivery marked sent is no longer pending; a failed one stays, counted", func(t *testing.T) {
				db := MustOpenTestDB(t, dialect)
				added, err := db.RecordAlerts(ctx, []store.AlertRecord{alertRec("a", "price_up", 1, at), alertRec("b", "price_down", 1, at), alertRec("c", "stale", 0, at)}, []string{"slack", "mail"})
				if err != nil {
					t.Fatal(err)
				}
				ids := []int64{added[0].ID, added[1].ID, added[2].ID}
				if err := db.MarkAlertsSent(ctx, "slack", ids, at.Add(time.Minute)); err != nil {
					t.Fatal(err)
				}
				for range 2 {
					if err := db.MarkAlertsFailed(ctx, "mail", ids[:2], "dial tcp: connection refused"); err != nil {
						t.Fatal(err)
					}
				}
				ps, err := db.PendingAlerts(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if len(ps) != 3 {
					t.Fatalf("pending = %+v, want mail's three", ps)
				}
				for _, p := range ps {
					wantAttempts := 2
					if p.Key == "c" {
						wantAttempts = 0
					}
					if p.Destination != "mail" || p.Attempts != wantAttempts || (wantAttempts > 0) != (p.LastError == "dial tcp: connection refused") {
						t.Errorf("pending %+v: want mail, %d attempts", p, wantAttempts)
					}
					if p.Key == "c" && p.RunID != 0 {
						t.Errorf("an alert about no run read back with run %d", p.RunID)
					}
				}
				// Marking an already-sent delivery failed does not revive it.
				if err := db.MarkAlertsFailed(ctx, "slack", ids, "late"); err != nil {
					t.Fatal(err)
				}
				if err := db.MarkAlertsSent(ctx, "mail", ids, at.Add(2*time.Minute)); err != nil {
					t.Fatal(err)
				}
				if got := pendingKeys(t, db); len(got) != 0 {
					t.Errorf("pending after all sent = %q", got)
				}
			})

			t.Run("many IDs are marked in chunks", func(t *testing.T) {
				db := MustOpenTestDB(t, dialect)
				var recs []store.AlertRecord
				for i := range 1203 {
					recs = append(recs, alertRec("k"+time.Duration(i).String(), "price_up", 1, at))
				}
				added, err := db.RecordAlerts(ctx, recs, []string{"hook"})
				if err != nil || len(added) != len(recs) {
					t.Fatalf("added %d (%v)", len(added), err)
				}
				ids := make([]int64, len(added))
				for i, a := range added {
					ids[i] = a.ID
				}
				if err := db.MarkAlertsSent(ctx, "hook", ids, at); err != nil {
					t.Fatal(err)
				}
				if got := pendingKeys(t, db); len(got) != 0 {
					t.Errorf("%d still pending", len(got))
				}
			})

			t.Run("bad input stores nothing", func(t *testing.T) {
				db := MustOpenTestDB(t, dialect)
				cases := []struct {
					name  string
					recs  []store.AlertRecord
					dests []string
				}{
					{"an alert without a key", []store.AlertRecord{alertRec("ok", "stale", 0, at), {Kind: "stale", RaisedAt: at}}, []string{"x"}},
					{"an alert without a kind", []store.AlertRecord{{Key: "k", RaisedAt: at}}, []string{"x"}},
					{"an empty destination", []store.AlertRecord{alertRec("ok", "stale", 0, at)}, []string{"x", ""}},
				}
				for _, c := range cases {
					if _, err := db.RecordAlerts(ctx, c.recs, c.dests); err == nil {
						t.Errorf("%s: no error", c.name)
					}
				}
				if all, err := db.Alerts(ctx, time.Time{}); err != nil || len(all) != 0 {
					t.Errorf("stored %d alerts (%v), want none", len(all), err)
				}
			})

			t.Run("a cancelled context stores nothing and says so", func(t *testing.T) {
				db := MustOpenTestDB(t, dialect)
				cctx, cancel := contextWithCancel()
				cancel()
				_, err := db.RecordAlerts(cctx, []store.AlertRecord{alertRec("a", "stale", 0, at)}, []string{"x"})
				if err == nil || !errors.Is(err, cctx.Err()) {
					t.Errorf("err = %v, want the context's", err)
				}
			})
		})
	}
}

func contextWithCancel() (context.Context, context.CancelFunc) { return context.WithCancel(ctx) }
