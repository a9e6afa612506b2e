package render

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
)

// Candidate is one suggested pair of our catalog item and a competitor
// listing, waiting for a person to confirm or reject it. Prices are display
// strings (a decimal amount and its currency) because the caller already has
// them formatted from the store.
type Candidate struct {
	CatalogSKU, OurTitle string
	OurPrice             string
	Competitor           string
	ListingKey           string
	ListingTitle         string
	ListingURL           string
	TheirPrice           string
	Method               string
	Score                float64
}

// candidateColumns is the review sheet's header. It must stay equal to
// store/catalogcsv.DecisionColumns, which reads the sheet back; the test
// checks that.
var candidateColumns = []string{"catalog_sku", "our_title", "competitor", "listing_key", "listing_title", "listing_url", "method", "score", "decision", "our_price", "their_price"}

// CandidatesCSV writes match candidates as the review sheet: one row per
// candidate with an empty decision column for a person to fill in with
// confirmed or rejected, to be read back by catalogcsv.ReadDecisions. Text
// cells are neutralised against formula injection (see the package doc). It
// returns the first error from writing to w.
func CandidatesCSV(w io.Writer, cs []Candidate) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(candidateColumns); err != nil {
		return fmt.Errorf("write candidates csv: %w", err)
	}
	for _, c := range cs {
		rec := []string{
			neutralise(c.CatalogSKU),
			neutralise(c.OurTitle),
			neutralise(c.Competitor),
			neutralise(c.ListingKey),
			neutralise(c.ListingTitle),
			neutralise(c.ListingURL),
			neutralise(c.Method),
			strconv.FormatFloat(c.Score, 'f', 3, 64),
			"",
			neutralise(c.OurPrice),
			neutralise(c.TheirPrice),
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write candidates csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write candidates csv: %w", err)
	}
	return nil
}
