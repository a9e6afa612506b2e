package match

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
)

func item(sku, brand, title, cat, gtin string) pricing.CatalogItem {
	return pricing.CatalogItem{SKU: sku, Brand: brand, Title: title, Category: cat, GTIN: gtin}
}

func listing(comp, key, brand, title, cat string) pricing.Offer {
	return pricing.Offer{Competitor: comp, Key: key, Brand: brand, Title: title, Category: cat}
}

func withGTIN(o pricing.Offer, g string) pricing.Offer { o.GTIN = g; return o }

func pairs(ms []pricing.Match) []string {
	out := []string{}
	for _, m := range ms {
		out = append(out, fmt.Sprintf("%s~%s/%s %s", m.CatalogSKU, m.Competitor, m.ListingKey, m.Method))
	}
	return out
}

func TestRun(t *testing.T) {
	iphone := item("P15", "Apple", "Apple iPhone 15 128GB 黑色", "phones", "")
	iphoneBlack := item("P15B", "Apple", "Apple iPhone 15 128GB Black", "phones", "")
	tests := []struct {
		name       string
		items      []pricing.CatalogItem
		offers     []pricing.Offer
		decisions  []Decision
		opt        func(*Options)
		matches    []string
		candidates []string
	}{
		{
			name:    "a similar title in the same category is matched automatically",
			items:   []pricing.CatalogItem{iphone},
			offers:  []pricing.Offer{listing("jd", "sku:1", "苹果", "苹果 iPhone 15 128G 黑色", "phones")},
			matches: []string{"P15~jd/sku:1 fuzzy"},
		},
		{
			name:       "the same phone in another colour is another article, offered for review",
			items:      []pricing.CatalogItem{iphone},
			offers:     []pricing.Offer{listing("jd", "sku:1", "苹果", "苹果 iPhone 15 128G 蓝色", "phones")},
			candidates: []string{"P15~jd/sku:1 fuzzy"},
		},
		{
			name:      "a confirmed decision wins over the best fuzzy match",
			items:     []pricing.CatalogItem{iphone, iphoneBlack},
			offers:    []pricing.Offer{listing("jd", "sku:1", "Apple", "Apple iPhone 15 128GB 黑色", "phones")},
			decisions: []Decision{{CatalogSKU: "P15B", Competitor: "jd", ListingKey: "sku:1", Confirmed: true}},
			matches:   []string{"P15B~jd/sku:1 confirmed"},
		},
		{
			name:      "a confirmed decision matches titles that share nothing",
			items:     []pricing.CatalogItem{item("OXO1", "OXO", "OXO 好好握 不锈钢 削皮刀", "home", "")},
			offers:    []pricing.Offer{listing("amz", "sku:9", "OXO", "OXO Good Grips Swivel Peeler", "home")},
			decisions: []Decision{{CatalogSKU: "OXO1", Competitor: "amz", ListingKey: "sku:9", Confirmed: true}},
			matches:   []string{"OXO1~amz/sku:9 confirmed"},
		},
		{
			name:      "a confirmed decision for a listing not crawled is left out",
			items:     []pricing.CatalogItem{iphone},
			decisions: []Decision{{CatalogSKU: "P15", Competitor: "jd", ListingKey: "sku:gone", Confirmed: true}},
		},
		{
			name:      "a rejected pair is never matched, not even on an identical GTIN",
			items:     []pricing.CatalogItem{item("W1", "农夫山泉", "农夫山泉 550ml*24瓶", "drinks", "6921168509256")},
			offers:    []pricing.Offer{withGTIN(listing("tm", "sku:2", "农夫山泉", "农夫山泉 550ml*24瓶", "drinks"), "6921168509256")},
			decisions: []Decision{{CatalogSKU: "W1", Competitor: "tm", ListingKey: "sku:2"}},
		},
		{
			name:      "a rejected fuzzy pair is not offered for review either",
			items:     []pricing.CatalogItem{item("B1", "Bose", "Bose QuietComfort Ultra 消噪耳机 黑色", "audio", "")},
			offers:    []pricing.Offer{listing("jd", "sku:3", "Bose", "Bose QuietComfort Ultra Earbuds", "audio")},
			decisions: []Decision{{CatalogSKU: "B1", Competitor: "jd", ListingKey: "sku:3"}},
		},
		{
			name:    "a UPC-A and an EAN-13 of one GTIN match whatever the titles say",
			items:   []pricing.CatalogItem{item("G1", "", "our name for it", "snacks", "036000291452")},
			offers:  []pricing.Offer{withGTIN(listing("amz", "sku:4", "", "their name", "other"), "0036000291452")},
			matches: []string{"G1~amz/sku:4 gtin"},
		},
		{
			name:  "an identifier match takes the listing from a fuzzy one",
			items: []pricing.CatalogItem{iphone, item("P15G", "Apple", "Apple iPhone 15 128GB Green", "phones", "0194253401216")},
			offers: []pricing.Offer{
				withGTIN(listing("jd", "sku:5", "Apple", "Apple iPhone 15 128GB 黑色", "phones"), "0194253401216"),
			},
			matches: []string{"P15G~jd/sku:5 gtin"},
		},
		{
			name:  "an MPN in our title matches the listing's MPN of the same brand",
			items: []pricing.CatalogItem{item("RC4", "美的", "美的 电饭煲 4L MB-FB40E511", "kitchen", "")},
			offers: []pricing.Offer{func() pricing.Offer {
				o := listing("jd", "sku:6", "Midea", "Midea rice cooker", "kitchen")
				o.MPN = "MBFB40E511"
				return o
			}()},
			matches: []string{"RC4~jd/sku:6 mpn"},
		},
		{
			name:  "an MPN of another brand does not match",
			items: []pricing.CatalogItem{item("RC4", "美的", "美的 电饭煲 4L MB-FB40E511", "kitchen", "")},
			offers: []pricing.Offer{func() pricing.Offer {
				o := listing("jd", "sku:6", "Haier", "Haier rice cooker", "kitchen")
				o.MPN = "MB-FB40E511"
				return o
			}()},
		},
		{
			name:  "an identical SKU matches",
			items: []pricing.CatalogItem{item("SW-1001", "Acme", "Acme widget", "tools", "")},
			offers: []pricing.Offer{func() pricing.Offer {
				o := listing("shop", "sku:sw-1001", "Acme", "Widget by Acme, blue", "tools")
				o.SKU = "sw-1001"
				return o
			}()},
			matches: []string{"SW-1001~shop/sku:sw-1001 sku"},
		},
		{
			name:  "an identical SKU in another category does not match",
			items: []pricing.CatalogItem{item("1001", "", "Acme widget", "tools", "")},
			offers: []pricing.Offer{func() pricing.Offer {
				o := listing("shop", "sku:1001", "", "Baby shampoo", "baby")
				o.SKU = "1001"
				return o
			}()},
		},
		{
			name:   "the same title in another category is not matched",
			items:  []pricing.CatalogItem{iphone},
			offers: []pricing.Offer{listing("jd", "sku:7", "Apple", "Apple iPhone 15 128GB 黑色", "refurbished")},
		},
		{
			name:    "a listing without a category can match any",
			items:   []pricing.CatalogItem{iphone},
			offers:  []pricing.Offer{listing("jd", "sku:7", "Apple", "Apple iPhone 15 128GB 黑色", "")},
			matches: []string{"P15~jd/sku:7 fuzzy"},
		},
		{
			name:   "a different brand is not matched",
			items:  []pricing.CatalogItem{item("M1", "伊利", "伊利 纯牛奶 250ml*24盒", "dairy", "")},
			offers: []pricing.Offer{listing("jd", "sku:8", "蒙牛", "蒙牛 纯牛奶 250ml*24盒", "dairy")},
		},
		{
			name:       "a middling score is a candidate for review",
			items:      []pricing.CatalogItem{item("B1", "Bose", "Bose QuietComfort Ultra 消噪耳机 黑色", "audio", "")},
			offers:     []pricing.Offer{listing("jd", "sku:3", "Bose", "Bose QuietComfort Ultra Headphones", "audio")},
			opt:        func(o *Options) { o.AutoThreshold = 0.9 },
			candidates: []string{"B1~jd/sku:3 fuzzy"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := DefaultOptions()
			if tt.opt != nil {
				tt.opt(&opt)
			}
			res := Run(tt.items, tt.offers, tt.decisions, opt)
			if got := pairs(res.Matches); !slices.Equal(got, append([]string{}, tt.matches...)) {
				t.Errorf("matches = %q, want %q", got, tt.matches)
			}
			if got := pairs(res.Candidates); !slices.Equal(got, append([]string{}, tt.candidates...)) {
				t.Errorf("candidates = %q, want %q", got, tt.candidates)
			}
			for _, m := range append(res.Matches, res.Candidates...) {
				if m.Score < 0 || m.Score > 1 || m.Method != pricing.MatchFuzzy && m.Score != 1 {
					t.Errorf("%+v has a bad score", m)
				}
			}
		})
	}
}

func TestRunMatchesOurMPN(t *testing.T) {
	withMPN := func(it pricing.CatalogItem, mpn string) pricing.CatalogItem { it.MPN = mpn; return it }
	// The listings are filed under another category and titled unlike our
	// items, so only an MPN can pair them.
	mpnListing := func(brand, mpn string) pricing.Offer {
		o := listing("jd", "sku:1", brand, "rice cooker", "appliances")
		o.MPN = mpn
		return o
	}
	tests := []struct {
		name    string
		item    pricing.CatalogItem
		offer   pricing.Offer
		matches []string
	}{
		{
			name:    "our MPN matches the listing's MPN of the same brand though our title names no code",
			item:    withMPN(item("RC4", "美的", "美的 电饭煲 4L", "kitchen", ""), "MB-FB40E511"),
			offer:   mpnListing("Midea", "MB-FB40E511"),
			matches: []string{"RC4~jd/sku:1 mpn"},
		},
		{
			name:    "our MPN is normalised like the listing's: case, spaces and dashes do not count",
			item:    withMPN(item("RC4", "美的", "美的 电饭煲 4L", "kitchen", ""), " mb fb40e511 "),
			offer:   mpnListing("美的", "MB-FB40E511"),
			matches: []string{"RC4~jd/sku:1 mpn"},
		},
		{
			name:  "our MPN of another brand does not match",
			item:  withMPN(item("RC4", "美的", "美的 电饭煲 4L", "kitchen", ""), "MB-FB40E511"),
			offer: mpnListing("Haier", "MB-FB40E511"),
		},
		{
			name:  "our MPN is trusted over a different code in our title",
			item:  withMPN(item("CASE15", "Apple", "Apple 硅胶保护壳 适用 MTFY3", "accessories", ""), "MT0X3"),
			offer: mpnListing("Apple", "MTFY3"),
		},
		{
			name:  "our MPN too short to be a code matches nothing, not even a code in our title",
			item:  withMPN(item("RC4", "美的", "美的 电饭煲 MB-FB40E511", "kitchen", ""), "X1"),
			offer: mpnListing("Midea", "MB-FB40E511"),
		},
		{
			name:    "without our MPN a code in our title still matches",
			item:    item("RC4", "美的", "美的 电饭煲 4L MB-FB40E511", "kitchen", ""),
			offer:   mpnListing("Midea", "MBFB40E511"),
			matches: []string{"RC4~jd/sku:1 mpn"},
		},
		{
			name:    "a blank MPN counts as none and the title's code still matches",
			item:    withMPN(item("RC4", "美的", "美的 电饭煲 4L MB-FB40E511", "kitchen", ""), "  "),
			offer:   mpnListing("Midea", "MBFB40E511"),
			matches: []string{"RC4~jd/sku:1 mpn"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Run([]pricing.CatalogItem{tt.item}, []pricing.Offer{tt.offer}, nil, DefaultOptions())
			if got := pairs(res.Matches); !slices.Equal(got, append([]string{}, tt.matches...)) {
				t.Errorf("matches = %q, want %q", got, tt.matches)
			}
		})
	}
}

func TestRunReportsInvalidGTINs(t *testing.T) {
	items := []pricing.CatalogItem{item("E1", "", "Widget", "tools", "4006381333932")}
	offers := []pricing.Offer{withGTIN(listing("shop", "sku:1", "", "Gadget", "toys"), "4006381333932")}
	res := Run(items, offers, nil, DefaultOptions())
	if len(res.Matches) != 0 {
		t.Errorf("invalid GTINs matched: %+v", res.Matches)
	}
	if len(res.Invalid) != 2 {
		t.Fatalf("Invalid = %+v, want one for the item and one for the listing", res.Invalid)
	}
	if got := res.Invalid[0]; got.CatalogSKU != "E1" || got.Value != "4006381333932" || !errors.Is(got.Err, ErrInvalidGTIN) {
		t.Errorf("Invalid[0] = %+v", got)
	}
	if got := res.Invalid[1]; got.Competitor != "shop" || got.ListingKey != "sku:1" || !errors.Is(got.Err, ErrInvalidGTIN) {
		t.Errorf("Invalid[1] = %+v", got)
	}
}

func TestRunReadsEachListingOnceFromItsLatestObservation(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	old := listing("jd", "sku:1", "Apple", "Apple iPhone 15 Pro 256GB", "phones")
	old.ObservedAt = t0
	cur := listing("jd", "sku:1", "Apple", "Apple iPhone 15 128GB", "phones")
	cur.ObservedAt = t0.Add(7 * 24 * time.Hour)
	items := []pricing.CatalogItem{item("P15", "Apple", "Apple iPhone 15 128GB", "phones", ""), item("P15P", "Apple", "Apple iPhone 15 Pro 256GB", "phones", "")}
	res := Run(items, []pricing.Offer{cur, old}, nil, DefaultOptions())
	if got, want := pairs(res.Matches), []string{"P15~jd/sku:1 fuzzy"}; !reflect.DeepEqual(got, want) {
		t.Errorf("matches = %q, want %q", got, want)
	}
}

// TestBlocking checks that an item is compared with the listings that share
// its rare tokens in its category, not with every listing.
func TestBlocking(t *testing.T) {
	var offers []pricing.Offer
	for i := range 20000 {
		offers = append(offers, listing("shop", fmt.Sprintf("sku:%d", i), "Acme", fmt.Sprintf("Acme Gadget %d 500ml", i), "gadgets"))
	}
	offers = append(offers,
		listing("shop", "sku:want", "Apple", "Apple iPhone 15 128GB 蓝色", "phones"),
		listing("shop", "sku:nocat", "Apple", "Apple iPhone 15 128GB 黑色", ""),
		listing("shop", "sku:othercat", "Apple", "Apple iPhone 15 128GB 黑色", "cases"),
	)
	ls := make([]offerInfo, len(offers))
	for i := range offers {
		ls[i] = offerInfo{o: &offers[i], cat: normCategory(offers[i].Category), f: featuresOf(offers[i].Title)}
	}
	ix := buildIndex(ls)
	it := itemInfo{cat: "phones", f: featuresOf("Apple iPhone 15 128GB 黑色")}
	r := retrieval{acc: make([]float64, len(ls))}
	got := ix.candidates(&it, nil, &r)
	var keys []string
	for _, o := range got {
		keys = append(keys, ls[o].o.Key)
	}
	if want := []string{"sku:want", "sku:nocat"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("candidates = %q, want %q", keys, want)
	}

	// An item sharing only a common token still gets at most maxScored
	// listings to score.
	gadget := itemInfo{cat: "gadgets", f: featuresOf("Acme Gadget 500ml")}
	if n := len(ix.candidates(&gadget, nil, &r)); n > maxScored {
		t.Errorf("%d candidates, want at most %d", n, maxScored)
	}
	// And one with a rare token finds its listing among 20,000.
	one := itemInfo{cat: "gadgets", f: featuresOf("Acme Gadget 12345 500ml")}
	if got := ix.candidates(&one, nil, &r); !slices.Contains(got, 12345) {
		t.Errorf("listing 12345 is not among %d candidates", len(got))
	}
}

func TestRunCapsCandidatesBestFirst(t *testing.T) {
	items := []pricing.CatalogItem{item("B1", "Bose", "Bose QuietComfort Ultra 消噪耳机", "audio", "")}
	offers := []pricing.Offer{
		listing("a", "sku:1", "Bose", "Bose QuietComfort Ultra Headphones Sandstone", "audio"),
		listing("b", "sku:1", "Bose", "Bose QuietComfort Ultra 消噪耳机 白色", "audio"),
		listing("c", "sku:1", "Bose", "Bose QuietComfort Ultra Earbuds", "audio"),
	}
	opt := DefaultOptions()
	opt.AutoThreshold, opt.MaxCandidates = 1.01, 2
	res := Run(items, offers, nil, opt)
	if len(res.Matches) != 0 {
		t.Errorf("matches = %q above an unreachable threshold", pairs(res.Matches))
	}
	if len(res.Candidates) != 2 || res.Candidates[0].Competitor != "b" || res.Candidates[0].Score < res.Candidates[1].Score {
		t.Errorf("candidates = %+v, want two, best first, starting with the same title in a colour", res.Candidates)
	}
}

func TestRunWithBrandAliases(t *testing.T) {
	items := []pricing.CatalogItem{item("A1", "Acme", "Acme Widget 3000 500ml", "tools", "")}
	offers := []pricing.Offer{listing("shop", "sku:1", "艾克美", "艾克美 Widget 3000 500ml", "tools")}
	if res := Run(items, offers, nil, DefaultOptions()); len(res.Matches) != 0 {
		t.Fatalf("two unknown brands matched without an alias: %q", pairs(res.Matches))
	}
	opt := DefaultOptions()
	opt.BrandAliases = [][]string{{"Acme", "艾克美"}}
	res := Run(items, offers, nil, opt)
	if got, want := pairs(res.Matches), []string{"A1~shop/sku:1 fuzzy"}; !slices.Equal(got, want) {
		t.Errorf("with the alias, matches = %q, want %q", got, want)
	}
}

// FuzzRun feeds arbitrary titles and identifiers through the whole matcher:
// it must not panic, and everything it returns must name an input.
func FuzzRun(f *testing.F) {
	f.Add("华为 Mate 60 Pro 12GB+512GB", "华为", "6934867120011", "HUAWEI Mate60 Pro 512G", "HUAWEI", "06934867120011", "MB-1", "phones")
	f.Add("", "", "", "", "", "x", "", "")
	f.Add("1+2 ×24 瓶装", "a", "0", "24瓶", "a", "12345670", "sku", "")
	f.Fuzz(func(t *testing.T, ourTitle, ourBrand, ourGTIN, theirTitle, theirBrand, theirGTIN, code, cat string) {
		items := []pricing.CatalogItem{
			{SKU: code, Title: ourTitle, Brand: ourBrand, GTIN: ourGTIN, Category: cat},
			{SKU: "fixed", Title: theirTitle, Brand: theirBrand, Category: ""},
		}
		offers := []pricing.Offer{
			{Competitor: "c", Key: "k1", Title: theirTitle, Brand: theirBrand, GTIN: theirGTIN, MPN: code, SKU: code, Category: cat},
			{Competitor: "c", Key: "k2", Title: ourTitle, Brand: ourBrand, GTIN: ourGTIN, Category: ""},
		}
		res := Run(items, offers, []Decision{{CatalogSKU: "fixed", Competitor: "c", ListingKey: "k2"}}, DefaultOptions())
		for _, m := range append(res.Matches, res.Candidates...) {
			if m.CatalogSKU != code && m.CatalogSKU != "fixed" || m.Competitor != "c" || m.ListingKey != "k1" && m.ListingKey != "k2" {
				t.Fatalf("match %+v names no input", m)
			}
			if m.CatalogSKU == "fixed" && m.ListingKey == "k2" && code != "fixed" {
				t.Fatalf("rejected pair returned: %+v", m)
			}
			if math.IsNaN(m.Score) || m.Score < 0 || m.Score > 1 {
				t.Fatalf("score %v outside [0, 1]", m.Score)
			}
		}
	})
}
