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
		{CatalogSKU: "PH-100", OurTitle: "Phone A 128GB", OurPrice: cnyp("1899"), Competitor: "teamall", ListingKey: "sku:TM-1001",
			ListingTitle: evilTitle, ListingURL: "https://teamall.example/p/TM-1001.html", TheirPrice: cnyp("1899"), Method: "fuzzy", Score: 0.8125,
			Reasons: []string{"brand phoneco", "tokens 0.81", "penalty: unit conflict 128gb/256gb"}},
		{CatalogSKU: "PH-200", OurTitle: "Phone B 256GB", OurPrice: cnyp("4599"), Competitor: "gadgethub", ListingKey: "sku:GH-B256",
			ListingTitle: "+1", ListingURL: "-2+3", Method: "fuzzy", Score: 0.7,
			Reasons: []string{"=cmd|' /C calc'!A0", "code b256"}},
		{CatalogSKU: "PH-300", OurTitle: "Phone C Pro", OurPrice: cnyp("4999"), Competitor: "gadgethub", ListingKey: "sku:GH-C",
			ListingTitle: "@SUM(1)", ListingURL: "https://gadgethub.example/c", TheirPrice: cnyp("5199"), Method: "fuzzy", Score: 0.66},
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
	if first != "catalog_sku,our_title,competitor,listing_key,listing_title,listing_url,method,score,reasons,decision,our_price,their_price" {
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
	dec := slices.Index(recs[0], "decision")
	recs[1][dec], recs[2][dec] = "confirmed", "rejected"
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

func TestCandidatesCSVShowsTheReasonsNextToTheScore(t *testing.T) {
	var buf bytes.Buffer
	if err := CandidatesCSV(&buf, candidates()); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	score, reasons, decision := slices.Index(recs[0], "score"), slices.Index(recs[0], "reasons"), slices.Index(recs[0], "decision")
	if reasons != score+1 || decision != reasons+1 {
		t.Fatalf("header %v: want score, reasons, decision side by side", recs[0])
	}
	for i, want := range []string{
		"brand phoneco; tokens 0.81; penalty: unit conflict 128gb/256gb",
		"'=cmd|' /C calc'!A0; code b256", // a formula-like reason is neutralised
		"",                               // no reasons: an empty cell
	} {
		if got := recs[i+1][reasons]; got != want {
			t.Errorf("row %d reasons %q, want %q", i+1, got, want)
		}
	}
	if got := recs[2][len(recs[2])-1]; got != "" {
		t.Errorf("an unknown price reads %q, want an empty cell", got)
	}
}
