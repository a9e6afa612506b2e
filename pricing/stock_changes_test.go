package pricing

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"
)

// availabilities are every stock state a shop can be read as, including the
// empty string an old or partial row may carry.
var availabilities = []Availability{"", AvailabilityUnknown, InStock, OutOfStock, PreOrder, Discontinued}

func TestStockChangeTransitions(t *testing.T) {
	// The whole 6×6 table: exactly two transitions are stock changes.
	for _, from := range availabilities {
		for _, to := range availabilities {
			name := fmt.Sprintf("%q to %q", from, to)
			t.Run(name, func(t *testing.T) {
				k, ok := stockChange(from, to)
				var want ChangeKind
				switch {
				case from == InStock && to == OutOfStock:
					want = StockOut
				case from == OutOfStock && to == InStock:
					want = StockBack
				}
				if ok != (want != "") || k != want {
					t.Errorf("stockChange = %q, %v; want %q", k, ok, want)
				}
			})
		}
	}
}

func stockOffer(key, cat string, price string, av Availability) Offer {
	o := Offer{Key: key, Title: "Listing " + key, Category: cat, Availability: av}
	if price != "" {
		o.Price = &Money{Amount: MustAmount(price), Currency: "CNY"}
	}
	return o
}

func TestStockChanges(t *testing.T) {
	tests := []struct {
		name       string
		prev, cur  []Offer
		noPrevious bool
		want       []Change
	}{
		{
			name: "a listing that sells out is a stock_out with its prices as context",
			prev: []Offer{stockOffer("a", "Phones", "100", InStock)},
			cur:  []Offer{stockOffer("a", "Phones", "100", OutOfStock)},
			want: []Change{{Kind: StockOut, Competitor: "shop", Key: "a", Title: "Listing a", Category: "Phones", From: cny("100"), To: cny("100")}},
		},
		{
			name: "a listing back in stock is a stock_back",
			prev: []Offer{stockOffer("a", "Phones", "100", OutOfStock)},
			cur:  []Offer{stockOffer("a", "Phones", "100", InStock)},
			want: []Change{{Kind: StockBack, Competitor: "shop", Key: "a", Title: "Listing a", Category: "Phones", From: cny("100"), To: cny("100")}},
		},
		{
			name: "a price change and a stock change of one listing are both reported",
			prev: []Offer{stockOffer("a", "Phones", "100", InStock)},
			cur:  []Offer{stockOffer("a", "Phones", "120", OutOfStock)},
			want: []Change{
				{Kind: PriceUp, Competitor: "shop", Key: "a", Title: "Listing a", Category: "Phones", From: cny("100"), To: cny("120"), Pct: 200},
				{Kind: StockOut, Competitor: "shop", Key: "a", Title: "Listing a", Category: "Phones", From: cny("100"), To: cny("120")},
			},
		},
		{
			name: "a sold-out listing that hides its price still sold out",
			prev: []Offer{stockOffer("a", "Phones", "100", InStock)},
			cur:  []Offer{stockOffer("a", "Phones", "", OutOfStock)},
			want: []Change{{Kind: StockOut, Competitor: "shop", Key: "a", Title: "Listing a", Category: "Phones", From: cny("100")}},
		},
		{
			name: "unknown availability on either side is not a change",
			prev: []Offer{stockOffer("a", "Phones", "100", AvailabilityUnknown), stockOffer("b", "Phones", "100", InStock), stockOffer("c", "Phones", "100", "")},
			cur:  []Offer{stockOffer("a", "Phones", "100", OutOfStock), stockOffer("b", "Phones", "100", AvailabilityUnknown), stockOffer("c", "Phones", "100", InStock)},
		},
		{
			name: "new and gone listings are not stock changes whatever their stock",
			prev: []Offer{stockOffer("gone", "Phones", "100", InStock)},
			cur:  []Offer{stockOffer("new", "Phones", "100", OutOfStock)},
			want: []Change{
				{Kind: Gone, Competitor: "shop", Key: "gone", Title: "Listing gone", Category: "Phones", From: cny("100")},
				{Kind: New, Competitor: "shop", Key: "new", Title: "Listing new", Category: "Phones", To: cny("100")},
			},
		},
		{
			name:       "a competitor without a previous run has no stock changes",
			prev:       []Offer{stockOffer("a", "Phones", "100", InStock)},
			cur:        []Offer{stockOffer("a", "Phones", "100", OutOfStock)},
			noPrevious: true,
		},
		{
			name: "a listing repeated in a run changes once",
			prev: []Offer{stockOffer("a", "Phones", "100", InStock), stockOffer("a", "Phones", "100", InStock)},
			cur:  []Offer{stockOffer("a", "Phones", "100", OutOfStock), stockOffer("a", "Phones", "100", OutOfStock)},
			want: []Change{{Kind: StockOut, Competitor: "shop", Key: "a", Title: "Listing a", Category: "Phones", From: cny("100"), To: cny("100")}},
		},
		{
			name: "a listing whose category mapped to none still changes stock",
			prev: []Offer{stockOffer("a", "", "100", InStock)},
			cur:  []Offer{stockOffer("a", "", "100", OutOfStock)},
			want: []Change{{Kind: StockOut, Competitor: "shop", Key: "a", Title: "Listing a", From: cny("100"), To: cny("100")}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Market{Current: []Snapshot{{Competitor: "shop", Offers: tt.cur}}}
			if !tt.noPrevious {
				m.Previous = []Snapshot{{Competitor: "shop", Offers: tt.prev}}
			}
			got := Analyze(m, DefaultOptions()).Changes
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Changes:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestStockChangesOnAGeneratedMarket crawls a market of many shops twice in
// imagination: each listing's availability moves at random between every
// state, some prices move too, some listings come and go. Every in→out and
// out→in move of a listing in both runs must come back as exactly one stock
// change, and nothing else may.
func TestStockChangesOnAGeneratedMarket(t *testing.T) {
	for seed := uint64(1); seed <= 12; seed++ {
		t.Run(fmt.Sprintf("market %d", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 7))
			shops := 2 + r.IntN(4)
			var m Market
			type id struct{ comp, key string }
			want := map[id]ChangeKind{}
			wantOut, wantBack := 0, 0
			for s := range shops {
				comp := fmt.Sprintf("shop%02d", s)
				var prev, cur []Offer
				n := 50 + r.IntN(300)
				for i := range n {
					key := fmt.Sprintf("sku:%s-%04d", comp, i)
					cat := []string{"Phones", "Earphones", "Tablets", ""}[r.IntN(4)]
					from := availabilities[r.IntN(len(availabilities))]
					to := availabilities[r.IntN(len(availabilities))]
					// Bias toward the two interesting moves so every market
					// has dozens of them, like the 98 of the issue.
					switch r.IntN(4) {
					case 0:
						from, to = InStock, OutOfStock
					case 1:
						from, to = OutOfStock, InStock
					}
					p := fmt.Sprint(100 + r.IntN(900))
					q := p
					if r.IntN(3) == 0 {
						q = fmt.Sprint(100 + r.IntN(900))
					}
					if r.IntN(10) == 0 {
						q = "" // sold out without a price
					}
					switch r.IntN(20) {
					case 0: // only in the previous run: gone
						prev = append(prev, stockOffer(key, cat, p, from))
						continue
					case 1: // only in the current run: new
						cur = append(cur, stockOffer(key, cat, q, to))
						continue
					}
					prev = append(prev, stockOffer(key, cat, p, from))
					cur = append(cur, stockOffer(key, cat, q, to))
					switch {
					case from == InStock && to == OutOfStock:
						want[id{comp, key}] = StockOut
						wantOut++
					case from == OutOfStock && to == InStock:
						want[id{comp, key}] = StockBack
						wantBack++
					}
				}
				r.Shuffle(len(cur), func(i, j int) { cur[i], cur[j] = cur[j], cur[i] })
				m.Current = append(m.Current, Snapshot{Competitor: comp, Offers: cur})
				m.Previous = append(m.Previous, Snapshot{Competitor: comp, Offers: prev})
			}
			if wantOut+wantBack < 30 {
				t.Fatalf("generator made only %d stock moves", wantOut+wantBack)
			}
			changes := Analyze(m, DefaultOptions()).Changes
			got := map[id]ChangeKind{}
			for _, c := range changes {
				if c.Kind != StockOut && c.Kind != StockBack {
					continue
				}
				k := id{c.Competitor, c.Key}
				if prevKind, dup := got[k]; dup {
					t.Errorf("%v has two stock changes: %s and %s", k, prevKind, c.Kind)
				}
				got[k] = c.Kind
				if c.Pct != 0 {
					t.Errorf("%v: stock change with Pct %d", k, c.Pct)
				}
			}
			if !reflect.DeepEqual(got, want) {
				var missing, extra []string
				for k, v := range want {
					if got[k] != v {
						missing = append(missing, fmt.Sprint(k, v))
					}
				}
				for k, v := range got {
					if want[k] != v {
						extra = append(extra, fmt.Sprint(k, v))
					}
				}
				sort.Strings(missing)
				sort.Strings(extra)
				t.Errorf("stock changes differ: %d missing %v, %d extra %v", len(missing), missing, len(extra), extra)
			}
			n := CountChanges(changes)
			if n[StockOut] != wantOut || n[StockBack] != wantBack {
				t.Errorf("CountChanges: %d out, %d back; want %d, %d", n[StockOut], n[StockBack], wantOut, wantBack)
			}
		})
	}
}
