package alert

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
)

var now = time.Date(2026, 5, 6, 9, 0, 0, 0, time.UTC)

func money(s, cur string) *pricing.Money {
	return &pricing.Money{Amount: pricing.MustAmount(s), Currency: cur}
}

// offer is a listing in stock at price (CNY unless it names a currency).
func offer(comp, key, title, price string) pricing.Offer {
	cur := "CNY"
	if p, c, ok := strings.Cut(price, " "); ok {
		price, cur = p, c
	}
	o := pricing.Offer{Competitor: comp, Key: key, Title: title, URL: "https://" + comp + ".example/" + key, Availability: pricing.InStock}
	if price != "" {
		o.Price = money(price, cur)
	}
	return o
}

func with(o pricing.Offer, f func(*pricing.Offer)) pricing.Offer { f(&o); return o }

func snap(id int64, finished time.Time, offers ...pricing.Offer) *Snapshot {
	return &Snapshot{Run: Run{ID: id, Status: StatusSucceeded, StartedAt: finished.Add(-time.Hour), FinishedAt: finished}, Offers: offers}
}

// market: our OUR-1 (¥1,199) and OUR-2 (¥299) and OUR-3 (unwatched, ¥99);
// jd matches OUR-1 to jd-100 and OUR-2 to jd-200 and OUR-3 to jd-300.
func market(prev, cur []pricing.Offer) Input {
	return Input{
		Now: now,
		Catalog: []pricing.CatalogItem{
			{SKU: "OUR-1", Title: "Phone A", Price: *money("1199", "CNY")},
			{SKU: "OUR-2", Title: "Buds", Price: *money("299", "CNY")},
			{SKU: "OUR-3", Title: "Cable", Price: *money("99", "CNY")},
		},
		Matches: []pricing.Match{
			{CatalogSKU: "OUR-1", Competitor: "jd", ListingKey: "jd-100", Method: pricing.MatchGTIN},
			{CatalogSKU: "OUR-2", Competitor: "jd", ListingKey: "jd-200", Method: pricing.MatchConfirmed},
			{CatalogSKU: "OUR-3", Competitor: "jd", ListingKey: "jd-300", Method: pricing.MatchSKU},
		},
		Competitors: []Competitor{{
			Name:     "jd",
			Latest:   &Run{ID: 8, Status: StatusSucceeded, FinishedAt: now.Add(-time.Hour)},
			Previous: snap(7, now.Add(-25*time.Hour), prev...),
			Current:  snap(8, now.Add(-time.Hour), cur...),
		}},
	}
}

func cfg(rules ...Rule) Config {
	return Config{Watch: []string{"OUR-1", "OUR-2"}, Rules: rules}
}

// base offers: all above our prices, in stock.
func baseOffers() []pricing.Offer {
	return []pricing.Offer{
		offer("jd", "jd-100", "Redmi Note 13", "1299"),
		offer("jd", "jd-200", "FreeBuds 5i", "399"),
		offer("jd", "jd-300", "USB-C cable", "129"),
	}
}

func replace(offers []pricing.Offer, key string, f func(*pricing.Offer)) []pricing.Offer {
	out := slices.Clone(offers)
	for i := range out {
		if out[i].Key == key {
			f(&out[i])
		}
	}
	return out
}

func setPrice(p string) func(*pricing.Offer) {
	return func(o *pricing.Offer) { o.Price = money(p, "CNY") }
}

func TestEvaluate(t *testing.T) {
	move10 := Rule{Type: PriceMove, PctTenths: 100}
	under0 := Rule{Type: Undercut}
	stockR := Rule{Type: Stock}
	type want struct {
		kind     Kind
		sku, key string
	}
	cases := []struct {
		name      string
		config    Config
		prev, cur []pricing.Offer
		edit      func(*Input)
		want      []want
	}{
		{"identical runs raise nothing", cfg(move10, under0, stockR), baseOffers(), baseOffers(), nil, nil},
		{"a raise and a cut beyond the threshold raise one alert each", cfg(move10),
			baseOffers(), replace(replace(baseOffers(), "jd-100", setPrice("1499")), "jd-200", setPrice("329")), nil,
			[]want{{PriceUp, "OUR-1", "price_up|OUR-1|jd|jd-100|runs 7>8"}, {PriceDown, "OUR-2", "price_down|OUR-2|jd|jd-200|runs 7>8"}}},
		{"a move of exactly the threshold is not more than it", cfg(move10),
			baseOffers(), replace(baseOffers(), "jd-200", setPrice("359.10")), nil, nil},
		{"a move one cent past the threshold is", cfg(move10),
			baseOffers(), replace(baseOffers(), "jd-200", setPrice("359.09")), nil,
			[]want{{PriceDown, "OUR-2", "price_down|OUR-2|jd|jd-200|runs 7>8"}}},
		{"pct 0 tells any move, even a cent", cfg(Rule{Type: PriceMove}),
			baseOffers(), replace(baseOffers(), "jd-100", setPrice("1299.01")), nil,
			[]want{{PriceUp, "OUR-1", "price_up|OUR-1|jd|jd-100|runs 7>8"}}},
		{"an unwatched item's moves are not told", cfg(move10),
			baseOffers(), replace(baseOffers(), "jd-300", setPrice("29")), nil, nil},
		{"watch: all tells every item", Config{WatchAll: true, Rules: []Rule{move10}},
			baseOffers(), replace(baseOffers(), "jd-300", setPrice("29")), nil,
			[]want{{PriceDown, "OUR-3", "price_down|OUR-3|jd|jd-300|runs 7>8"}}},
		{"a price that vanished is no move", cfg(move10),
			baseOffers(), replace(baseOffers(), "jd-100", func(o *pricing.Offer) { o.Price = nil }), nil, nil},
		{"a currency change is no move", cfg(move10),
			baseOffers(), replace(baseOffers(), "jd-100", func(o *pricing.Offer) { o.Price = money("180", "USD") }), nil, nil},
		{"a range's low end is its price", cfg(move10),
			replace(baseOffers(), "jd-100", func(o *pricing.Offer) {
				o.Price, o.MinPrice, o.MaxPrice = nil, money("1299", "CNY"), money("1599", "CNY")
			}),
			replace(baseOffers(), "jd-100", func(o *pricing.Offer) {
				o.Price, o.MinPrice, o.MaxPrice = nil, money("999", "CNY"), money("1599", "CNY")
			}), nil,
			[]want{{PriceDown, "OUR-1", "price_down|OUR-1|jd|jd-100|runs 7>8"}}},
		{"a listing new in the current run has nothing to move from", cfg(move10, stockR),
			baseOffers()[1:], replace(baseOffers(), "jd-100", setPrice("1")), nil, nil},
		{"no previous run: no moves", cfg(move10, stockR),
			nil, replace(baseOffers(), "jd-100", setPrice("1")), func(in *Input) { in.Competitors[0].Previous = nil }, nil},
		{"a competitor below our price undercuts it", cfg(under0),
			baseOffers(), replace(baseOffers(), "jd-100", setPrice("1099")), nil,
			[]want{{Undercuts, "OUR-1", "undercut|OUR-1|jd|jd-100|1099.00 CNY<1199.00 CNY"}}},
		{"equal to our price is no undercut", cfg(under0),
			baseOffers(), replace(baseOffers(), "jd-100", setPrice("1199")), nil, nil},
		{"an undercut within the rule's margin is not told", cfg(Rule{Type: Undercut, PctTenths: 50}),
			baseOffers(), replace(baseOffers(), "jd-100", setPrice("1140")), nil, nil},
		{"an undercut past the rule's margin is", cfg(Rule{Type: Undercut, PctTenths: 50}),
			baseOffers(), replace(baseOffers(), "jd-100", setPrice("1139")), nil,
			[]want{{Undercuts, "OUR-1", "undercut|OUR-1|jd|jd-100|1139.00 CNY<1199.00 CNY"}}},
		{"an undercut that was there before is still reported (the store dedupes by its key)", cfg(under0),
			replace(baseOffers(), "jd-100", setPrice("1099")), replace(baseOffers(), "jd-100", setPrice("1099")), nil,
			[]want{{Undercuts, "OUR-1", "undercut|OUR-1|jd|jd-100|1099.00 CNY<1199.00 CNY"}}},
		{"a listing out of stock undercuts no one", cfg(under0),
			baseOffers(), replace(baseOffers(), "jd-100", func(o *pricing.Offer) { o.Price = money("999", "CNY"); o.Availability = pricing.OutOfStock }), nil, nil},
		{"an undercut in another currency is not compared", cfg(under0),
			baseOffers(), replace(baseOffers(), "jd-100", func(o *pricing.Offer) { o.Price = money("100", "USD") }), nil, nil},
		{"undercut needs no previous run", cfg(under0),
			nil, replace(baseOffers(), "jd-200", setPrice("199")), func(in *Input) { in.Competitors[0].Previous = nil },
			[]want{{Undercuts, "OUR-2", "undercut|OUR-2|jd|jd-200|199.00 CNY<299.00 CNY"}}},
		{"in stock to out of stock and back", cfg(stockR),
			replace(baseOffers(), "jd-200", func(o *pricing.Offer) { o.Availability = pricing.OutOfStock }),
			replace(baseOffers(), "jd-100", func(o *pricing.Offer) { o.Availability = pricing.OutOfStock }), nil,
			[]want{{StockOut, "OUR-1", "stock_out|OUR-1|jd|jd-100|run 8"}, {StockBack, "OUR-2", "stock_back|OUR-2|jd|jd-200|run 8"}}},
		{"unknown availability is no stock change", cfg(stockR),
			baseOffers(), replace(baseOffers(), "jd-100", func(o *pricing.Offer) { o.Availability = pricing.AvailabilityUnknown }), nil, nil},
		{"pre-order and discontinued are no stock change", cfg(stockR),
			replace(baseOffers(), "jd-100", func(o *pricing.Offer) { o.Availability = pricing.PreOrder }),
			replace(baseOffers(), "jd-100", func(o *pricing.Offer) { o.Availability = pricing.Discontinued }), nil, nil},
		{"a rule not configured raises nothing", cfg(under0),
			baseOffers(), replace(baseOffers(), "jd-100", func(o *pricing.Offer) { o.Availability = pricing.OutOfStock; o.Price = money("2000", "CNY") }), nil, nil},
		{"a match to a listing gone from the shop raises nothing", cfg(move10, under0, stockR),
			baseOffers(), baseOffers()[1:], nil, nil},
		{"a match to an item no longer in the catalog raises nothing", cfg(under0),
			baseOffers(), replace(baseOffers(), "jd-100", setPrice("1")), func(in *Input) { in.Catalog = in.Catalog[1:] }, nil},
		{"a pair stored twice is told once", cfg(under0),
			baseOffers(), replace(baseOffers(), "jd-100", setPrice("1099")),
			func(in *Input) { in.Matches = append(in.Matches, in.Matches[0]) },
			[]want{{Undercuts, "OUR-1", "undercut|OUR-1|jd|jd-100|1099.00 CNY<1199.00 CNY"}}},
		{"a suspect latest run is told, keyed by the run", cfg(Rule{Type: RunQuality}),
			baseOffers(), baseOffers(), func(in *Input) {
				in.Competitors[0].Latest = &Run{ID: 9, Status: StatusSuspect, Reason: "items fell 92% from the previous run", FinishedAt: now}
			},
			[]want{{SuspectRun, "", "suspect_run|jd|after run 8"}}},
		{"a second suspect run after the same success keeps the key: the spell is told once", cfg(Rule{Type: RunQuality}),
			baseOffers(), baseOffers(), func(in *Input) {
				in.Competitors[0].Latest = &Run{ID: 10, Status: StatusSuspect, Reason: "no prices", FinishedAt: now}
			},
			[]want{{SuspectRun, "", "suspect_run|jd|after run 8"}}},
		{"a suspect run with no success ever is keyed after run 0", cfg(Rule{Type: RunQuality}),
			nil, nil, func(in *Input) {
				in.Competitors[0] = Competitor{Name: "jd", Latest: &Run{ID: 1, Status: StatusSuspect}, FirstStarted: now.Add(-time.Hour)}
			},
			[]want{{SuspectRun, "", "suspect_run|jd|after run 0"}}},
		{"a failed latest run is not suspect", cfg(Rule{Type: RunQuality}),
			baseOffers(), baseOffers(), func(in *Input) { in.Competitors[0].Latest = &Run{ID: 9, Status: "failed", FinishedAt: now} }, nil},
		{"a last success older than stale_after is stale", cfg(Rule{Type: RunQuality, StaleAfter: 48 * time.Hour}),
			baseOffers(), baseOffers(), func(in *Input) { in.Competitors[0].Current.Run.FinishedAt = now.Add(-49 * time.Hour) },
			[]want{{Stale, "", "stale|jd|last run 8"}}},
		{"a last success just within stale_after is not", cfg(Rule{Type: RunQuality, StaleAfter: 48 * time.Hour}),
			baseOffers(), baseOffers(), func(in *Input) { in.Competitors[0].Current.Run.FinishedAt = now.Add(-48 * time.Hour) }, nil},
		{"stale_after defaults to three days", cfg(Rule{Type: RunQuality}),
			baseOffers(), baseOffers(), func(in *Input) { in.Competitors[0].Current.Run.FinishedAt = now.Add(-71 * time.Hour) }, nil},
		{"a competitor that never succeeded is stale once its first try is old", cfg(Rule{Type: RunQuality}),
			nil, nil, func(in *Input) {
				in.Competitors[0] = Competitor{Name: "jd", Latest: &Run{ID: 3, Status: "failed"}, FirstStarted: now.Add(-4 * 24 * time.Hour)}
			},
			[]want{{Stale, "", "stale|jd|last run 0"}}},
		{"a competitor never crawled is not stale", cfg(Rule{Type: RunQuality}),
			nil, nil, func(in *Input) { in.Competitors[0] = Competitor{Name: "jd"} }, nil},
		{"a watched item's rules ignore run quality and the other way round", cfg(Rule{Type: RunQuality}),
			baseOffers(), replace(baseOffers(), "jd-100", setPrice("1")), nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := market(c.prev, c.cur)
			if c.edit != nil {
				c.edit(&in)
			}
			got := Evaluate(c.config, in)
			var gotW []want
			for _, a := range got {
				gotW = append(gotW, want{a.Kind, a.SKU, a.Key})
			}
			if !slices.Equal(gotW, c.want) {
				t.Errorf("alerts:\n got %v\nwant %v", gotW, c.want)
			}
			for _, a := range got {
				if a.At != now || a.Competitor != "jd" || a.Rule == "" {
					t.Errorf("alert %+v lacks its time, competitor or rule", a)
				}
			}
		})
	}
}

func TestEvaluateIsDeterministicAcrossMatchOrder(t *testing.T) {
	in := market(baseOffers(), replace(replace(baseOffers(), "jd-100", setPrice("1000")), "jd-200", setPrice("100")))
	c := cfg(Rule{Type: PriceMove, PctTenths: 100}, Rule{Type: Undercut})
	first := Evaluate(c, in)
	slices.Reverse(in.Matches)
	if second := Evaluate(c, in); !slices.EqualFunc(first, second, func(a, b Alert) bool { return a.Key == b.Key }) {
		t.Errorf("order depends on the matches' order:\n%v\n%v", first, second)
	}
	if len(first) != 4 {
		t.Errorf("got %d alerts, want a move and an undercut for each of two items", len(first))
	}
}

func TestAlertText(t *testing.T) {
	cases := []struct {
		name string
		a    Alert
		want string
	}{
		{"price cut", Alert{Kind: PriceDown, SKU: "OUR-1", ItemTitle: "Phone A", Competitor: "jd", ListingTitle: "小米 Redmi Note 13",
			From: money("1299", "CNY"), To: money("1099", "CNY"), Pct: -15.4},
			`OUR-1 Phone A: jd cut "小米 Redmi Note 13" from ¥1,299 to ¥1,099 (−15.4%)`},
		{"price raise on a listing without title", Alert{Kind: PriceUp, SKU: "OUR-2", Competitor: "shop", ListingKey: "sku:X1",
			From: money("10.50", "EUR"), To: money("12", "EUR"), Pct: 14.3},
			`OUR-2: shop raised "sku:X1" from €10.50 to €12 (+14.3%)`},
		{"undercut", Alert{Kind: Undercuts, SKU: "OUR-1", ItemTitle: "Phone A", Competitor: "jd", ListingTitle: "Note",
			Ours: money("1199", "CNY"), To: money("1099", "CNY"), Pct: -8.3},
			`OUR-1 Phone A: jd sells "Note" at ¥1,099, 8.3% below our ¥1,199`},
		{"out of stock", Alert{Kind: StockOut, SKU: "OUR-1", Competitor: "jd", ListingTitle: "Note", From: money("1099", "CNY")},
			`OUR-1: jd's "Note" is out of stock (was ¥1,099)`},
		{"back in stock", Alert{Kind: StockBack, SKU: "OUR-1", Competitor: "jd", ListingTitle: "Note", To: money("1099", "CNY")},
			`OUR-1: jd's "Note" is back in stock at ¥1,099`},
		{"suspect", Alert{Kind: SuspectRun, Competitor: "jd", RunID: 9, Reason: "items fell 92%"},
			`jd: run #9 is suspect: items fell 92% (its prices are kept out of the digest and of alerts)`},
		{"stale", Alert{Kind: Stale, Competitor: "jd", RunID: 8, LastSuccess: now.Add(-76 * time.Hour), At: now},
			`jd: no successful run for 3 days 4 hours (the last, run #8, finished 2026-05-03 05:00 UTC)`},
		{"stale, never succeeded", Alert{Kind: Stale, Competitor: "jd", Since: now.Add(-5 * time.Hour), At: now},
			`jd: no successful run yet, 5 hours after its first attempt on 2026-05-06 04:00 UTC`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.a.Text(); got != c.want {
				t.Errorf("Text() =\n %s\nwant\n %s", got, c.want)
			}
		})
	}
}

func TestAlertJSONRoundTrips(t *testing.T) {
	in := market(baseOffers(), replace(baseOffers(), "jd-100", setPrice("999")))
	in.Competitors[0].Latest = &Run{ID: 8, Status: StatusSuspect, Reason: "few prices"}
	for _, a := range Evaluate(Config{WatchAll: true, Rules: []Rule{{Type: PriceMove}, {Type: Undercut}, {Type: RunQuality}}}, in) {
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		var back Alert
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if back.Text() != a.Text() || back.Key != a.Key || !back.At.Equal(a.At) {
			t.Errorf("%s did not round-trip: %s", a.Key, b)
		}
	}
}
