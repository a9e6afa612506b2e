package serve

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/shelfwatch/shelfwatch/render"
)

// The API serves the report files' documents, in the schemas of docs/:
// digest.json is `report digest --format json`, positioning.json and
// positioning.csv are `report positioning`, history.json is
// docs/history-json.md.

func (s *server) apiDigest(w http.ResponseWriter, r *http.Request) {
	snap, err := s.snapshot(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := render.JSON(&buf, snap.Digest); err != nil {
		s.fail(w, r, err)
		return
	}
	send(w, r, "application/json; charset=utf-8", buf.Bytes(), snap.Modified)
}

func (s *server) apiPositioningJSON(w http.ResponseWriter, r *http.Request) {
	snap, err := s.snapshot(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := render.PositioningJSON(&buf, snap.Digest.Analysis); err != nil {
		s.fail(w, r, err)
		return
	}
	send(w, r, "application/json; charset=utf-8", buf.Bytes(), snap.Modified)
}

// apiPositioningCSV serves ?table=items (the default), tiers or
// competitors, the tables of `report positioning --table`; ?excel=1
// adds the BOM and CRLF line ends of --excel.
func (s *server) apiPositioningCSV(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	table := q.Get("table")
	if table == "" {
		table = render.TableItems
	}
	if table != render.TableItems && table != render.TableTiers && table != render.TableCompetitors {
		http.Error(w, "400 bad request: table is items, tiers or competitors", http.StatusBadRequest)
		return
	}
	snap, err := s.snapshot(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	var out io.Writer = &buf
	if q.Get("excel") == "1" {
		out = render.ExcelCSV(&buf)
	}
	if err := render.PositioningCSV(out, snap.Digest.Analysis, table); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", `inline; filename="positioning-`+table+`.csv"`)
	send(w, r, "text/csv; charset=utf-8", buf.Bytes(), snap.Modified)
}

func (s *server) apiHistory(w http.ResponseWriter, r *http.Request) {
	sku := strings.TrimSpace(r.URL.Query().Get("sku"))
	if sku == "" {
		http.Error(w, "400 bad request: give ?sku=", http.StatusBadRequest)
		return
	}
	snap, err := s.snapshot(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, err := s.src.History(r.Context(), sku)
	if errors.Is(err, ErrNotFound) {
		http.Error(w, "404 not found: no item of ours has that SKU", http.StatusNotFound)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := render.HistoryJSON(&buf, f); err != nil {
		s.fail(w, r, err)
		return
	}
	send(w, r, "application/json; charset=utf-8", buf.Bytes(), snap.Modified)
}
