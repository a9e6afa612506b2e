package render

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// Candidate is one suggested pair of our catalog item and a competitor
// listing, waiting for a person to confirm or reject it. A price is nil when
// unknown (our item gone from the catalog, the listing unseen or unpriced).
type Candidate struct {
	CatalogSKU, OurTitle string
	OurPrice             *pricing.Money
	Competitor           string
	ListingKey           string
	ListingTitle         string
	ListingURL           string
	TheirPrice           *pricing.Money
	Method               string
	Score                float64
	// Reasons are the matcher's: the evidence that agreed and the
	// penalties that applied ("penalty: …").
	Reasons []string
}

// reasonSep joins a candidate's reasons in one sheet cell; reasons are
// short phrases that do not contain it.
const reasonSep = "; "

// candidateColumns is the review sheet's header. It must stay equal to
// store/catalogcsv.DecisionColumns, which reads the sheet back; the test
// checks that.
var candidateColumns = []string{"catalog_sku", "our_title", "competitor", "listing_key", "listing_title", "listing_url", "method", "score", "reasons", "decision", "our_price", "their_price"}

// CandidatesCSV writes match candidates as the review sheet: one row per
// candidate with an empty decision column for a person to fill in with
// confirmed or rejected, to be read back by catalogcsv.ReadDecisions. The
// reasons column, just before it, joins the matcher's reasons with "; " so
// the evidence and any penalty are read next to the score. Prices are a
// decimal amount and currency ("1899.00 CNY"), empty when unknown. Text
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
			neutralise(strings.Join(c.Reasons, reasonSep)),
			"",
			priceCell(c.OurPrice),
			priceCell(c.TheirPrice),
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

func priceCell(m *pricing.Money) string {
	if m == nil {
		return ""
	}
	return neutralise(m.String())
}
