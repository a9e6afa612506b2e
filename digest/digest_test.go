package digest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/notify"
	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/store"
)

// weekStore is a database of one competitor crawled twice: last week the
// listing "old" (seen without a price, its last price in an older run) and
// "kept" at 100.00, this week "kept" at 80.00 only.
type weekStore struct {
	fakeHistory
	historyCalls int
}

func (w *weekStore) RunOffers(_ context.Context, id int64) ([]pricing.Offer, error) {
	kept := pricing.Offer{Competitor: "shop", Key: "sku:kept", Title: "Kept", Category: "Phones",
		Price: &pricing.Money{Amount: pricing.MustAmount("100"), Currency: "CNY"}}
	if id == 2 {
		kept.Price = &pricing.Money{Amount: pricing.MustAmount("80"), Currency: "CNY"}
		return []pricing.Offer{kept}, nil
	}
	return []pricing.Offer{kept, {Competitor: "shop", Key: "sku:old", Title: "Old", Category: "Phones"}}, nil
}

func (w *weekStore) PriceHistory(_ context.Context, refs []store.ListingRef, _ time.Time) ([]store.PricePoint, error) {
	w.historyCalls++
	var out []store.PricePoint
	for _, r := range refs {
		out = append(out,
			store.PricePoint{Competitor: r.Competitor, Key: r.Key, RunID: 0, RunStatus: store.RunSucceeded,
				At: time.Date(2026, 11, 2, 6, 0, 0, 0, time.UTC), Price: &pricing.Money{Amount: pricing.MustAmount("42"), Currency: "CNY"}},
			// A failed run's price is never the last price.
			store.PricePoint{Competitor: r.Competitor, Key: r.Key, RunID: 9, RunStatus: store.RunFailed,
				At: time.Date(2026, 11, 3, 6, 0, 0, 0, time.UTC), Price: &pricing.Money{Amount: pricing.MustAmount("0.01"), Currency: "CNY"}})
	}
	return out, nil
}

func TestBuildComparesTheWindowAndFillsWhatTheAnalysisCannot(t *testing.T) {
	now := time.Date(2026, 11, 16, 7, 0, 0, 0, time.UTC)
	db := &weekStore{fakeHistory: fakeHistory{runs: []store.Run{
		{ID: 2, Competitor: "shop", StartedAt: now.Add(-time.Hour), Status: store.RunSucceeded},
		{ID: 1, Competitor: "shop", StartedAt: now.Add(-7*24*time.Hour - time.Hour), Status: store.RunSucceeded},
	}}}
	for _, movers := range []bool{false, true} {
		db.historyCalls = 0
		d, l, err := Build(context.Background(), db, Recent(now), now, Options{Pricing: pricing.DefaultOptions(), MoverHistories: movers})
		if err != nil {
			t.Fatal(err)
		}
		if cur, prev := comparedRuns(l); cur != 2 || prev != 1 {
			t.Fatalf("compared runs %d with %d, want 2 with 1", cur, prev)
		}
		if !d.GeneratedAt.Equal(now) || !d.Until.Equal(now) || d.Since != RecentSpan || len(d.Current) != 1 || len(d.Previous) != 1 {
			t.Errorf("digest window/runs: %+v %v %v %d %d", d.Until, d.Since, d.GeneratedAt, len(d.Current), len(d.Previous))
		}
		var gone, down *pricing.Change
		for i, c := range d.Analysis.Changes {
			switch c.Kind {
			case pricing.Gone:
				gone = &d.Analysis.Changes[i]
			case pricing.PriceDown:
				down = &d.Analysis.Changes[i]
			}
		}
		if gone == nil || gone.From == nil || gone.From.Amount != pricing.MustAmount("42") {
			t.Errorf("gone change %+v, want its last succeeded price 42.00", gone)
		}
		if down == nil || down.Key != "sku:kept" {
			t.Errorf("price-down change %+v, want kept's", down)
		}
		if movers != (len(d.Histories) == 1) || movers && d.Histories[0].Key != "sku:kept" {
			t.Errorf("MoverHistories %v gave %+v", movers, d.Histories)
		}
		if want := map[bool]int{false: 1, true: 2}[movers]; db.historyCalls != want {
			t.Errorf("%d price-history reads, want %d", db.historyCalls, want)
		}
	}
}

func TestRenderWritesEveryFormatAndRefusesOthers(t *testing.T) {
	d, _, err := Build(context.Background(), &weekStore{fakeHistory: fakeHistory{runs: []store.Run{
		{ID: 2, Competitor: "shop", StartedAt: time.Date(2026, 11, 16, 6, 0, 0, 0, time.UTC), Status: store.RunSucceeded}}}},
		Recent(time.Date(2026, 11, 16, 7, 0, 0, 0, time.UTC)), time.Date(2026, 11, 16, 7, 0, 0, 0, time.UTC), Options{Pricing: pricing.DefaultOptions()})
	if err != nil {
		t.Fatal(err)
	}
	starts := map[string]string{"text": "", "markdown": "#", "json": "{", "html": "<!DOCTYPE html>", "xlsx": "PK"}
	for _, f := range Formats {
		var b bytes.Buffer
		if err := Render(&b, f, d); err != nil || b.Len() == 0 || !strings.HasPrefix(strings.TrimSpace(b.String()), starts[f]) {
			t.Errorf("Render %s: %v, %.40q", f, err, b.String())
		}
	}
	if err := Render(&bytes.Buffer{}, "pdf", d); err == nil {
		t.Error("Render pdf: want an error")
	}
}

// sender is a notify destination set that keeps what it is sent.
type sender struct{ got []notify.Digest }

func (s *sender) Send(_ context.Context, d notify.Digest) notify.Report {
	s.got = append(s.got, d)
	return notify.Report{{Name: "planning", Type: "webhook", Attempts: 1}}
}

func TestSendHandsTheDestinationsTheWholeDigest(t *testing.T) {
	now := time.Date(2026, 11, 16, 7, 0, 0, 0, time.UTC)
	d, _, err := Build(context.Background(), &weekStore{fakeHistory: fakeHistory{runs: []store.Run{
		{ID: 2, Competitor: "shop", StartedAt: now.Add(-time.Hour), Status: store.RunSucceeded, Items: 1},
		{ID: 1, Competitor: "shop", StartedAt: now.Add(-8 * 24 * time.Hour), Status: store.RunSucceeded}}}},
		Recent(now), now, Options{Pricing: pricing.DefaultOptions()})
	if err != nil {
		t.Fatal(err)
	}
	s := &sender{}
	rep, err := Send(context.Background(), s, d)
	if err != nil || rep.Err() != nil || len(s.got) != 1 {
		t.Fatalf("Send: %v, %v, %d digests sent", err, rep.Err(), len(s.got))
	}
	m := s.got[0]
	if !bytes.Contains(m.HTML, []byte("<html")) || len(m.Text) == 0 || len(m.Attachments) != 1 ||
		m.Attachments[0].Name != "positioning-2026-11-16.xlsx" || m.Attachments[0].ContentType != XLSXType || !bytes.HasPrefix(m.Attachments[0].Data, []byte("PK")) {
		t.Errorf("message parts: html %d B, text %d B, attachments %+v", len(m.HTML), len(m.Text), m.Attachments)
	}
	if len(m.Summary.Runs) != 1 || m.Summary.Runs[0].RunID != 2 || m.Summary.Since != RecentSpan || len(m.Summary.Moves) != 1 {
		t.Errorf("summary %+v, want run 2 over a week with kept's move", m.Summary)
	}
}

func TestWriteFileReplacesTheFileOnlyOnSuccess(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "digest.html")
	write := func(s string, fail error) error {
		return WriteFile(path, func(w io.Writer) error {
			io.WriteString(w, s)
			return fail
		})
	}
	if err := write("first", nil); err != nil {
		t.Fatal(err)
	}
	broken := errors.New("render failed")
	if err := write("half", broken); !errors.Is(err, broken) {
		t.Fatalf("err = %v, want the render's", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "first" {
		t.Errorf("after a failed write the file holds %q, want the last good digest", b)
	}
	if err := WriteFile(filepath.Join(dir, "missing", "d.html"), func(io.Writer) error { return nil }); err == nil {
		t.Error("a file in a missing directory: want an error")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}
