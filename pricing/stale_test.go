package pricing

import (
	"fmt"
	"reflect"
	"sort"
	"testing"
	"time"
)

// staleMarket is two shops selling phones: shopA's low half of the market
// (¥100..¥400, keys k0..k3) and shopB's high half (¥600..¥900, k0..k3),
// each with a previous run in which k1 cost ¥50 more. Our P1 at ¥350 is
// matched to shopA's k3, P2 at ¥750 to shopB's k1.
func staleMarket(stale ...string) Market {
	now := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	a := offersAt("Phones", "100", "200", "300", "400")
	b := offersAt("Phones", "600", "700", "800", "900")
	pa := offersAt("Phones", "100", "250", "300", "400")
	pb := offersAt("Phones", "600", "750", "800", "900")
	m := Market{
		Now: now,
		Current: []Snapshot{
			{Competitor: "shopB", RunID: 4, At: now.Add(-36 * time.Hour), Offers: b},
			{Competitor: "shopA", RunID: 3, At: now.Add(-60 * 24 * time.Hour), Offers: a},
		},
		Previous: []Snapshot{
			{Competitor: "shopA", RunID: 1, At: now.Add(-67 * 24 * time.Hour), Offers: pa},
			{Competitor: "shopB", RunID: 2, At: now.Add(-8 * 24 * time.Hour), Offers: pb},
		},
		Catalog: []CatalogItem{item("P1", "Phones", "350"), item("P2", "Phones", "750")},
		Matches: []Match{match("P1", "shopA", "k3"), match("P2", "shopB", "k1")},
	}
	if len(stale) > 0 {
		m.Stale = map[string]bool{}
		for _, c := range stale {
			m.Stale[c] = true
		}
	}
	return m
}

// staleMarks lists everything an analysis marked stale, one line each.
func staleMarks(a Analysis) []string {
	var out []string
	for _, c := range a.Categories {
		if c.Stale {
			out = append(out, fmt.Sprintf("band %s %d/%d", c.Key, c.StaleOffers, c.Offers))
		}
		for _, t := range c.Tiers {
			if t.StaleOffers > 0 {
				out = append(out, fmt.Sprintf("tier %s %s %d/%d", c.Key, t.Tier, t.StaleOffers, t.Market))
			}
		}
	}
	for _, p := range a.Positions {
		if p.Stale {
			out = append(out, "position "+p.SKU)
		}
		for _, l := range p.Listings {
			if l.Stale {
				out = append(out, fmt.Sprintf("listing %s %s/%s", p.SKU, l.Competitor, l.Key))
			}
		}
	}
	for _, g := range a.Gaps {
		if g.Stale {
			out = append(out, "gap "+gapLine(g))
		}
	}
	for _, c := range a.Changes {
		if c.Stale {
			out = append(out, fmt.Sprintf("change %s %s %s", c.Kind, c.Competitor, c.Key))
		}
	}
	sort.Strings(out)
	return out
}

func TestStaleCompetitorsAreMarkedWhereverTheirDataIsUsed(t *testing.T) {
	tests := []struct {
		name  string
		stale []string
		want  []string
	}{
		{"with no stale competitor nothing is marked", nil, nil},
		{"a stale competitor marks its tiers, the positions and gaps resting on them, and its changes", []string{"shopA"}, []string{
			"band Phones 4/8",
			"change price_down shopA k1",
			"gap assortment_gap high Phones low",
			"listing P1 shopA/k3",
			"position P1",
			"position P2", // placed by cuts that shopA's old prices helped set
			"tier Phones low 3/3",
			"tier Phones mid 1/2",
		}},
		{"a competitor named stale that is not in the market marks nothing", []string{"shopZ"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Analyze(staleMarket(tt.stale...), DefaultOptions())
			if got := staleMarks(a); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("stale marks:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestFreshnessAgesEachCompetitorAtNow(t *testing.T) {
	tests := []struct {
		name   string
		market func() Market
		want   []Freshness
	}{
		{"each competitor's current run is aged at Market.Now, sorted by name", func() Market { return staleMarket("shopA") }, []Freshness{
			{Competitor: "shopA", RunID: 3, LastRun: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), Age: 60 * 24 * time.Hour, Stale: true},
			{Competitor: "shopB", RunID: 4, LastRun: time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC), Age: 36 * time.Hour},
		}},
		{"without a Now every age is zero", func() Market { m := staleMarket(); m.Now = time.Time{}; return m }, []Freshness{
			{Competitor: "shopA", RunID: 3, LastRun: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)},
			{Competitor: "shopB", RunID: 4, LastRun: time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)},
		}},
		{"a run dated after Now has age zero, never a negative one", func() Market {
			m := staleMarket()
			m.Now = time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
			m.Current = m.Current[:1]
			return m
		}, []Freshness{
			{Competitor: "shopB", RunID: 4, LastRun: time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)},
		}},
		{"no current run gives no entry", func() Market { return Market{Now: time.Now()} }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Analyze(tt.market(), DefaultOptions()).Freshness
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("freshness:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}
