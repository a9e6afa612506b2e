package pricing

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// unmappedMarket is three shops, in three languages, whose phones map to
// "Phones" and whose other shop categories map to nothing. Each run lists
// some unmapped listings twice, one without a price, and a new unmapped
// listing appears this week.
func unmappedMarket() Market {
	phone := func(key, price string) Offer {
		o := stockOffer(key, "Phones", price, InStock)
		o.SourceCategory = "手机"
		o.Brand = "acme"
		return o
	}
	odd := func(key, src, title, price string) Offer {
		o := stockOffer(key, "", price, InStock)
		o.SourceCategory, o.Title, o.Brand = src, title, "acme"
		return o
	}
	var cn, en, de []Offer
	for i := range 9 {
		cn = append(cn, phone(fmt.Sprintf("cn-p%d", i), fmt.Sprint(1000+100*i)))
		en = append(en, phone(fmt.Sprintf("en-p%d", i), fmt.Sprint(1050+100*i)))
	}
	cn = append(cn,
		odd("cn-c2", "数码配件 > 数据线", "USB-C 数据线 1m", "29"),
		odd("cn-c1", "数码配件 > 数据线", "USB-C 数据线 2m", "39"),
		odd("cn-c1", "数码配件 > 数据线", "USB-C 数据线 2m", "39"), // twice in one run
		odd("cn-w1", "智能手表", "Acme Watch 3", ""),         // no price
	)
	en = append(en,
		odd("en-x1", "Gift Cards", "Gift card $50", "350"),
		odd("en-x2", "", "Mystery box", "99"), // the page showed no category
	)
	for i := range 4 {
		de = append(de, odd(fmt.Sprintf("de-z%d", i), "Zubehör > Hüllen", fmt.Sprintf("Hülle Modell %d", i), "19"))
	}
	var prevCN []Offer // cn-c1 and the watch are new this week
	for _, o := range cn {
		if o.Key != "cn-c1" && o.Key != "cn-w1" {
			prevCN = append(prevCN, o)
		}
	}
	return Market{
		Current: []Snapshot{{Competitor: "jd", Offers: cn}, {Competitor: "gadgets", Offers: en}, {Competitor: "technik", Offers: de}},
		Previous: []Snapshot{{Competitor: "jd", Offers: prevCN}, {Competitor: "gadgets", Offers: en},
			{Competitor: "technik", Offers: de}},
		Catalog: []CatalogItem{
			{SKU: "P-1", Title: "Our phone", Brand: "acme", Category: "Phones", Price: Money{MustAmount("1299"), "CNY"}},
			{SKU: "X-1", Title: "Our uncategorised thing", Brand: "acme", Price: Money{MustAmount("49"), "CNY"}},
		},
		Matches: []Match{{CatalogSKU: "X-1", Competitor: "jd", ListingKey: "cn-c2", Method: MatchFuzzy, Score: 0.9}},
	}
}

func TestAnalyzeKeepsUnmappedCategoriesOutOfTheMarketButCountsThem(t *testing.T) {
	for _, group := range []GroupBy{GroupByCategory, GroupByCategoryBrand} {
		t.Run("grouped by "+string(group), func(t *testing.T) {
			opt := DefaultOptions()
			opt.GroupBy = group
			a := Analyze(unmappedMarket(), opt)

			t.Run("no band is made of listings without a category", func(t *testing.T) {
				if len(a.Categories) != 1 {
					t.Fatalf("bands %+v, want the one Phones band", a.Categories)
				}
				b := a.Categories[0]
				if b.Category != "Phones" || strings.HasPrefix(b.Key, " ") || b.Key == "" {
					t.Errorf("band %q (%q), want Phones", b.Key, b.Category)
				}
				if b.Offers+b.Trimmed != 18 {
					t.Errorf("Phones band holds %d offers (+%d trimmed), want the 18 phones only", b.Offers, b.Trimmed)
				}
			})
			t.Run("priced unmapped listings are excluded with a reason", func(t *testing.T) {
				var got []string
				for _, e := range a.Excluded {
					if e.Category != "" {
						t.Errorf("excluded %+v: only unmapped listings should be", e)
						continue
					}
					if e.Reason != "no category" {
						t.Errorf("excluded %s with reason %q", e.Key, e.Reason)
					}
					got = append(got, e.Competitor+"/"+e.Key)
				}
				// The watch has no price; cn-c1 is counted once.
				want := []string{"gadgets/en-x1", "gadgets/en-x2", "jd/cn-c1", "jd/cn-c2", "technik/de-z0", "technik/de-z1", "technik/de-z2", "technik/de-z3"}
				if !sameSet(got, want) {
					t.Errorf("excluded %v, want %v", got, want)
				}
			})
			t.Run("they are counted per competitor and shop category, with an example", func(t *testing.T) {
				want := []UnmappedCategory{
					{Competitor: "gadgets", SourceCategory: "", Listings: 1, Priced: 1, ExampleKey: "en-x2", ExampleTitle: "Mystery box"},
					{Competitor: "gadgets", SourceCategory: "Gift Cards", Listings: 1, Priced: 1, ExampleKey: "en-x1", ExampleTitle: "Gift card $50"},
					{Competitor: "jd", SourceCategory: "数码配件 > 数据线", Listings: 2, Priced: 2, ExampleKey: "cn-c1", ExampleTitle: "USB-C 数据线 2m"},
					{Competitor: "jd", SourceCategory: "智能手表", Listings: 1, Priced: 0, ExampleKey: "cn-w1", ExampleTitle: "Acme Watch 3"},
					{Competitor: "technik", SourceCategory: "Zubehör > Hüllen", Listings: 4, Priced: 4, ExampleKey: "de-z0", ExampleTitle: "Hülle Modell 0"},
				}
				if !reflect.DeepEqual(a.Unmapped, want) {
					t.Errorf("Unmapped:\n got %+v\nwant %+v", a.Unmapped, want)
				}
			})
			t.Run("unmapped listings raise no market gap", func(t *testing.T) {
				// A price gap of our own item against the listing it is
				// matched to is about one product, not a market, and stands
				// whatever either side's category; every other kind is about
				// a band and must not come from unmapped listings.
				for _, g := range a.Gaps {
					market := g.Kind == AssortmentGap || g.Kind == NewCompetitorListing
					if market && (g.Category == "" || strings.HasPrefix(g.ListingKey, "cn-") && !strings.HasPrefix(g.ListingKey, "cn-p")) {
						t.Errorf("gap %+v about an unmapped listing", g)
					}
					if g.Category == "" && g.SKU != "X-1" {
						t.Errorf("gap %+v has no category and is not about our uncategorised item", g)
					}
				}
			})
			t.Run("our item without a category is positioned in no tier and says why", func(t *testing.T) {
				var x *Position
				for i := range a.Positions {
					if a.Positions[i].SKU == "X-1" {
						x = &a.Positions[i]
					}
				}
				if x == nil {
					t.Fatal("X-1 has no position: our items must never be dropped")
				}
				if x.Tier != "" || x.Note != "no category" {
					t.Errorf("X-1 tier %q note %q, want no tier and note %q", x.Tier, x.Note, "no category")
				}
			})
			t.Run("unmapped listings still report their changes", func(t *testing.T) {
				var newKeys []string
				for _, c := range a.Changes {
					if c.Kind == New {
						newKeys = append(newKeys, c.Key)
					}
				}
				if !sameSet(newKeys, []string{"cn-c1", "cn-w1"}) {
					t.Errorf("new listings %v, want cn-c1 and cn-w1", newKeys)
				}
			})
		})
	}
	t.Run("a market where every category mapped counts nothing", func(t *testing.T) {
		m := Market{Current: []Snapshot{{Competitor: "jd", Offers: []Offer{stockOffer("a", "Phones", "10", InStock)}}}}
		if got := Analyze(m, DefaultOptions()).Unmapped; len(got) != 0 {
			t.Errorf("Unmapped = %+v, want none", got)
		}
	})
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	n := map[string]int{}
	for _, s := range a {
		n[s]++
	}
	for _, s := range b {
		n[s]--
	}
	for _, v := range n {
		if v != 0 {
			return false
		}
	}
	return true
}
