package render

import (
	"bytes"
	"encoding/csv"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/store/catalogcsv"
)

func candidates() []Candidate {
	return []Candidate{
		{CatalogSKU: "PH-100", OurTitle: "Phone A 128GB", OurPrice: "1899.00 CNY", Competitor: "teamall", ListingKey: "sku:TM-1001",
			ListingTitle: evilTitle, ListingURL: "https://teamall.example/p/TM-1001.html", TheirPrice: "1899.00 CNY", Method: "fuzzy", Score: 0.8125},
		{CatalogSKU: "PH-200", OurTitle: "Phone B 256GB", OurPrice: "4599.00 CNY", Competitor: "gadgethub", ListingKey: "sku:GH-B256",
			ListingTitle: "+1", ListingURL: "-2+3", TheirPrice: "", Method: "fuzzy", Score: 0.7},
		{CatalogSKU: "PH-300", OurTitle: "Phone C Pro", OurPrice: "4999.00 CNY", Competitor: "gadgethub", ListingKey: "sku:GH-C",
			ListingTitle: "@SUM(1)", ListingURL: "https://gadgethub.example/c", TheirPrice: "5199.00 CNY", Method: "fuzzy", Score: 0.66},
	}
}

func TestCandidatesCSVMatchesGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := CandidatesCSV(&buf, candidates()); err != nil {
		t.Fatal(err)
	}
	golden(t, "candidates.csv", buf.Bytes())
}

func TestCandidatesCSVHeaderIsWhatReadDecisionsReads(t *testing.T) {
	if !slices.Equal(candidateColumns, catalogcsv.DecisionColumns) {
		t.Fatalf("header %v, catalogcsv reads %v", candidateColumns, catalogcsv.DecisionColumns)
	}
	var buf bytes.Buffer
	if err := CandidatesCSV(&buf, candidates()); err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(buf.String(), "\n")
	if first != "catalog_sku,our_title,competitor,listing_key,listing_title,listing_url,method,score,decision,our_price,their_price" {
		t.Errorf("header line = %q", first)
	}
}

func TestCandidatesCSVReadsBackAfterAReview(t *testing.T) {
	var buf bytes.Buffer
	if err := CandidatesCSV(&buf, candidates()); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// A person confirms the first pair, rejects the second, leaves the third.
	recs[1][8], recs[2][8] = "confirmed", "rejected"
	var reviewed bytes.Buffer
	w := csv.NewWriter(&reviewed)
	_ = w.WriteAll(recs)
	ds, bad, err := catalogcsv.ReadDecisions("review.csv", &reviewed)
	if err != nil || len(bad) > 0 {
		t.Fatalf("ReadDecisions: %v %v", err, bad)
	}
	want := []catalogcsv.Decision{
		{CatalogSKU: "PH-100", Competitor: "teamall", ListingKey: "sku:TM-1001", Confirmed: true, Line: 2},
		{CatalogSKU: "PH-200", Competitor: "gadgethub", ListingKey: "sku:GH-B256", Line: 4}, // line 3 holds a title with a newline
	}
	if !slices.Equal(ds, want) {
		t.Errorf("decisions = %+v, want %+v", ds, want)
	}
}

func TestCandidatesCSVReportsWriteErrors(t *testing.T) {
	if err := CandidatesCSV(failWriter{}, candidates()); !errors.Is(err, errWrite) {
		t.Errorf("error = %v, want one wrapping the writer's", err)
	}
}
