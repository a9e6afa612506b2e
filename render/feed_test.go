package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/pricing"
)

func TestJSONMatchesGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, fixture()); err != nil {
		t.Fatal(err)
	}
	golden(t, "digest.json", buf.Bytes())
}

func TestJSONRoundTripsIntoTheFeedTypes(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, fixture()); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(&buf)
	dec.DisallowUnknownFields()
	var f DigestFeed
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("decode: %v", err)
	}
	if f.Schema != "shelfwatch.digest/v1" {
		t.Errorf("schema = %q, want shelfwatch.digest/v1", f.Schema)
	}
	if f.GeneratedAt != "2026-11-25T09:00:00Z" || f.Since != "168h0m0s" {
		t.Errorf("generated_at, since = %q, %q", f.GeneratedAt, f.Since)
	}
	if got, want := len(f.Categories), 3; got != want {
		t.Fatalf("%d categories, want %d", got, want)
	}
	phones := f.Categories[1]
	if phones.LowCut == nil || *phones.LowCut != pricing.MustAmount("1999") || phones.Tiers[1].MarketShare != 33.3 {
		t.Errorf("phones = %+v", phones)
	}
	if f.Categories[2].LowCut != nil || len(f.Categories[2].Tiers) != 0 {
		t.Errorf("an untiered group has cuts or tiers: %+v", f.Categories[2])
	}
	if got := f.Changes[1]; got.Kind != "price_down" || got.Pct != -11.6 || got.From.Amount != pricing.MustAmount("4299") {
		t.Errorf("second change = %+v", got)
	}
	if got := f.ChangeCounts; got.Total.StockOut != 1 || got.Total.StockBack != 2 || got.Total.PriceUp != 1 ||
		len(got.ByCompetitor) != 1 || got.ByCompetitor[0].Competitor != "gadgethub" || got.ByCompetitor[0].StockBack != 2 {
		t.Errorf("change_counts = %+v", got)
	}
	if phones.Separation == nil || *phones.Separation != 0.74 || f.Categories[2].Separation != nil {
		t.Errorf("separation %v (phones), %v (untiered); want 0.74 and null", phones.Separation, f.Categories[2].Separation)
	}
	if got := f.Positions[3].Listings[0].Reasons; len(got) != 4 || got[3] != "penalty: variant word black" {
		t.Errorf("PH-200's fuzzy match reasons = %q", got)
	}
	if got := f.Positions[2].Listings[1].Reasons; got == nil || len(got) != 0 {
		t.Errorf("a confirmed match's reasons = %#v, want []", got)
	}
	if got := f.DataQuality.UnmappedCategories; len(got) != 3 || got[1].SourceCategory != "数码配件 > 数据线" || got[1].ExampleTitle != "数据线 2米" {
		t.Errorf("unmapped_categories = %+v", got)
	}
	if got := f.Candidates; len(got) != 2 || len(got[0].Reasons) != 4 || got[1].Reasons == nil || got[1].TheirPrice != nil {
		t.Errorf("candidates = %+v", got)
	}
	if got := f.Positions[2].Listings[1].Title; got != evilTitle {
		t.Errorf("scraped title did not survive the round trip: %q", got)
	}
	if got := f.DataQuality.NeedsSecondRun; len(got) != 1 || got[0] != "teamall" {
		t.Errorf("needs_second_run = %v, want [teamall]", got)
	}
	again, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	var first bytes.Buffer
	_ = JSON(&first, fixture())
	if !bytes.Equal(append(again, '\n'), first.Bytes()) {
		t.Error("re-encoding the decoded feed does not give the same document")
	}
}

func TestJSONWritesAmountsAsDecimalStringsAndListsAsArrays(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, Digest{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{`"categories": []`, `"gaps": []`, `"no_runs": []`, `"current": []`, `"generated_at": ""`,
		`"by_competitor": []`, `"unmapped_categories": []`, `"candidates": []`} {
		if !strings.Contains(out, want) {
			t.Errorf("empty digest lacks %s:\n%s", want, out)
		}
	}
	buf.Reset()
	_ = JSON(&buf, fixture())
	if !strings.Contains(buf.String(), `"low_cut": "1999.00"`) {
		t.Error("amounts are not decimal strings")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errWrite }

var errWrite = errorString("disk full")

type errorString string

func (e errorString) Error() string { return string(e) }
