package pricing

import (
	"reflect"
	"testing"
)

func TestChanges(t *testing.T) {
	prevA := offersAt("Phones", "100", "200", "300", "400", "50", "70")
	curA := offersAt("Phones", "100", "220", "150", "999", "50", "70")
	curA[3].Key = "k9"           // k3 is gone, k9 is new
	curA[4].Price = nil          // a price that vanished is not a price change
	curA = append(curA, curA[1]) // a listing twice in one run changes once
	cases := offersAt("Cases", "10")
	cases[0].Key = "c0"
	prevA = append(prevA, cases[0])
	cases[0].Price = cny("12")
	curA = append(curA, cases[0])

	m := Market{
		Current: []Snapshot{
			{Competitor: "shopB", Offers: offersAt("Phones", "1", "2")},
			{Competitor: "shopA", Offers: curA},
		},
		Previous: []Snapshot{
			{Competitor: "shopA", Offers: prevA},
			{Competitor: "shopC", Offers: offersAt("Phones", "5")},
		},
	}
	got := Analyze(m, DefaultOptions()).Changes
	want := []Change{
		{Kind: PriceUp, Competitor: "shopA", Key: "c0", Title: "Cases 10", Category: "Cases", From: cny("10"), To: cny("12"), Pct: 200},
		{Kind: PriceDown, Competitor: "shopA", Key: "k2", Title: "Phones 150", Category: "Phones", From: cny("300"), To: cny("150"), Pct: -500},
		{Kind: PriceUp, Competitor: "shopA", Key: "k1", Title: "Phones 220", Category: "Phones", From: cny("200"), To: cny("220"), Pct: 100},
		{Kind: Gone, Competitor: "shopA", Key: "k3", Title: "Phones 400", Category: "Phones", From: cny("400")},
		{Kind: New, Competitor: "shopA", Key: "k9", Title: "Phones 999", Category: "Phones", To: cny("999")},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Changes:\n got %+v\nwant %+v", got, want)
	}

	t.Run("a competitor with one run produces no changes", func(t *testing.T) {
		for _, c := range got {
			if c.Competitor != "shopA" {
				t.Errorf("change %+v from a competitor without both runs", c)
			}
		}
	})
	t.Run("a currency change is compared through FX rates", func(t *testing.T) {
		m := Market{
			Current:  []Snapshot{{Competitor: "shopA", Offers: []Offer{{Key: "k", Price: &Money{MustAmount("10"), "USD"}}}}},
			Previous: []Snapshot{{Competitor: "shopA", Offers: []Offer{{Key: "k", Price: cny("70")}}}},
		}
		opt := DefaultOptions()
		if got := Analyze(m, opt).Changes; len(got) != 0 {
			t.Errorf("without FX: %+v, want no change", got)
		}
		opt.Currency, opt.FX = "CNY", map[string]string{"USD": "7.7"}
		got := Analyze(m, opt).Changes
		if len(got) != 1 || got[0].Kind != PriceUp || got[0].Pct != 100 {
			t.Errorf("with FX: %+v, want one price_up of 10 %%", got)
		}
	})
}
