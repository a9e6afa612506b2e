package store_test

import (
	"reflect"
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

// TestReplaceMatcherResultsKeepsRetiredSKUsMatches: the matcher no longer
// sees a retired SKU, so replacing its results must not erase the
// automatic matches the SKU's price history is read through; its review
// candidates go, and once the SKU is current again the matcher's word on it
// counts afresh.
func TestReplaceMatcherResultsKeepsRetiredSKUsMatches(t *testing.T) {
	rec := func(sku, key, decision string) store.MatchRecord {
		return store.MatchRecord{
			Match:    pricing.Match{CatalogSKU: sku, Competitor: "alpha", ListingKey: key, Method: pricing.MatchFuzzy, Score: 0.9},
			Decision: decision, UpdatedAt: day,
		}
	}
	item := func(sku string) pricing.CatalogItem {
		return pricing.CatalogItem{SKU: sku, Title: "Kettle " + sku, Category: "kettles", Price: *cny("10")}
	}
	decisions := func(t *testing.T, db *store.DB) map[string]string {
		t.Helper()
		ms, err := db.Matches(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, m := range ms {
			out[m.CatalogSKU+" "+m.ListingKey] = m.Decision
		}
		return out
	}
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			db := MustOpenTestDB(t, dialect)
			if _, err := db.ImportCatalog(ctx, []pricing.CatalogItem{item("A"), item("OLD")}); err != nil {
				t.Fatal(err)
			}
			if err := db.ReplaceMatcherResults(ctx, []store.MatchRecord{
				rec("A", "sku:1", store.DecisionAuto), rec("OLD", "sku:2", store.DecisionAuto), rec("OLD", "sku:3", store.DecisionCandidate),
			}); err != nil {
				t.Fatal(err)
			}
			if _, _, err := db.ReplaceCatalog(ctx, []pricing.CatalogItem{item("A")}, day); err != nil {
				t.Fatal(err)
			}
			// The matcher's next run knows only A.
			if err := db.ReplaceMatcherResults(ctx, []store.MatchRecord{rec("A", "sku:4", store.DecisionAuto)}); err != nil {
				t.Fatal(err)
			}
			want := map[string]string{"A sku:4": store.DecisionAuto, "OLD sku:2": store.DecisionAuto}
			if got := decisions(t, db); !reflect.DeepEqual(got, want) {
				t.Errorf("after retiring OLD: %v, want %v", got, want)
			}
			// OLD is sold again: the matcher's new results replace the kept ones.
			if _, err := db.ImportCatalog(ctx, []pricing.CatalogItem{item("OLD")}); err != nil {
				t.Fatal(err)
			}
			if err := db.ReplaceMatcherResults(ctx, []store.MatchRecord{rec("A", "sku:4", store.DecisionAuto), rec("OLD", "sku:5", store.DecisionAuto)}); err != nil {
				t.Fatal(err)
			}
			want = map[string]string{"A sku:4": store.DecisionAuto, "OLD sku:5": store.DecisionAuto}
			if got := decisions(t, db); !reflect.DeepEqual(got, want) {
				t.Errorf("after OLD came back: %v, want %v", got, want)
			}
		})
	}
}
