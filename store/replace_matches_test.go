package store_test

import (
	"testing"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/store"
)

func TestReplaceMatcherResults(t *testing.T) {
	rec := func(key string, decision string) store.MatchRecord {
		return store.MatchRecord{
			Match:    pricing.Match{CatalogSKU: "A-1", Competitor: "alpha", ListingKey: key, Method: pricing.MatchFuzzy, Score: 0.7},
			Decision: decision, UpdatedAt: day,
		}
	}
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			db := MustOpenTestDB(t, dialect)
			if err := db.SaveMatches(ctx, []store.MatchRecord{
				rec("sku:1", store.DecisionAuto),      // no longer found: dropped
				rec("sku:2", store.DecisionCandidate), // no longer found: dropped
				rec("sku:3", store.DecisionConfirmed), // a person's: kept
				rec("sku:4", store.DecisionRejected),  // a person's: kept even when proposed again
			}); err != nil {
				t.Fatal(err)
			}
			if err := db.ReplaceMatcherResults(ctx, []store.MatchRecord{rec("sku:4", store.DecisionAuto), rec("sku:5", store.DecisionCandidate)}); err != nil {
				t.Fatal(err)
			}
			got, err := db.Matches(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{"sku:3": store.DecisionConfirmed, "sku:4": store.DecisionRejected, "sku:5": store.DecisionCandidate}
			if len(got) != len(want) {
				t.Fatalf("got %d matches %+v, want %v", len(got), got, want)
			}
			for _, m := range got {
				if want[m.ListingKey] != m.Decision {
					t.Errorf("%s: decision %q, want %q", m.ListingKey, m.Decision, want[m.ListingKey])
				}
			}
			t.Run("a bad record writes nothing", func(t *testing.T) {
				if err := db.ReplaceMatcherResults(ctx, []store.MatchRecord{rec("", store.DecisionAuto)}); err == nil {
					t.Fatal("want an error for an empty listing key")
				}
				if after, _ := db.Matches(ctx); len(after) != 3 {
					t.Errorf("matches changed to %+v", after)
				}
			})
		})
	}
}
