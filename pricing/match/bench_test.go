package match

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// synthetic builds a deterministic catalog and market: nItems products over
// 25 categories, and nOffers listings of which most describe one of the items
// in another shop's words (its colour in the other language, other spacing,
// the brand's other name, extra description) and the rest are near misses
// (another size, one in four in another colour) or unrelated products.
//
// itemIDs and offerIDs name the article each describes (brand, line, model
// number, size and colour): a listing is a true match for every item with
// its ID.
func synthetic(nItems, nOffers int) (items []pricing.CatalogItem, offers []pricing.Offer, itemIDs, offerIDs []string) {
	r := rand.New(rand.NewPCG(7, 11))
	brands := [][2]string{{"Apple", "苹果"}, {"HUAWEI", "华为"}, {"Xiaomi", "小米"}, {"Samsung", "三星"}, {"Sony", "索尼"},
		{"Nike", "耐克"}, {"adidas", "阿迪达斯"}, {"Lenovo", "联想"}, {"Dyson", "戴森"}, {"Midea", "美的"},
		{"Philips", "飞利浦"}, {"Haier", "海尔"}, {"LEGO", "乐高"}, {"Canon", "佳能"}, {"Anker", "安克"}}
	for i := range 45 {
		brands = append(brands, [2]string{fmt.Sprintf("Brand%c%c", 'A'+i%26, 'a'+i/26), ""})
	}
	lines := strings.Fields("Mate Pura Nova Galaxy Pixel Zoom Air Max Flip Charge Legion Terra Ultra Vertuo Swift Nimbus Vega Orion Atlas Echo Pulse Nova Rise Storm Wave Peak Core Edge Prime Nano")
	words := strings.Fields("无线 蓝牙 降噪 耳机 手机 跑鞋 男款 女款 家用 智能 便携 官方 旗舰 新款 正品 套装 加湿 静音 大容量 超薄 轻薄 高清 快充 防水 运动 休闲 经典 复古 Portable Wireless Smart Classic Sport Edition Premium Deluxe Compact Travel Home Office Gaming Studio Lite")
	colours := strings.Fields("黑色 白色 蓝色 雅川青 曜金黑 Black White Blue Silver Midnight")
	// The same colour in the other language, and the colour each names.
	sameColour := map[string]string{"黑色": "Black", "白色": "White", "蓝色": "Blue", "雅川青": "雅川青", "曜金黑": "Black",
		"Black": "黑色", "White": "白色", "Blue": "蓝色", "Silver": "银色", "Midnight": "午夜色"}
	colourID := map[string]string{"黑色": "black", "曜金黑": "black", "Black": "black", "白色": "white", "White": "white",
		"蓝色": "blue", "Blue": "blue", "雅川青": "cyan", "Silver": "silver", "银色": "silver", "Midnight": "midnight", "午夜色": "midnight"}
	specs := []string{"64GB", "128GB", "256GB", "512GB", "500ml", "1L", "250g", "1kg", "10000mAh", "65W"}
	cats := make([]string, 25)
	for i := range cats {
		cats[i] = fmt.Sprintf("cat%02d", i)
	}
	type product struct {
		brand              [2]string
		line, spec, colour string
		num                int
		cat                string
	}
	ps := make([]product, nItems)
	items = make([]pricing.CatalogItem, nItems)
	for i := range ps {
		p := product{brand: brands[r.IntN(len(brands))], line: lines[r.IntN(len(lines))], spec: specs[r.IntN(len(specs))], num: 1 + r.IntN(200), cat: cats[r.IntN(len(cats))]}
		name := p.brand[0]
		if p.brand[1] != "" && r.IntN(2) == 0 {
			name = p.brand[1]
		}
		w := words[r.IntN(len(words))]
		p.colour = colours[r.IntN(len(colours))]
		ps[i] = p
		items[i] = pricing.CatalogItem{SKU: fmt.Sprintf("SKU%05d", i), Brand: p.brand[0], Category: p.cat,
			Title: fmt.Sprintf("%s %s %d %s %s %s", name, p.line, p.num, w, p.spec, p.colour)}
	}
	offers = make([]pricing.Offer, nOffers)
	offerIDs = make([]string, nOffers)
	for i := range offers {
		p := ps[r.IntN(len(ps))]
		spec := p.spec
		switch r.IntN(10) {
		case 0: // a near miss: another size
			spec = specs[r.IntN(len(specs))]
		case 1: // something else of the brand
			p.line, p.num = lines[r.IntN(len(lines))], 1+r.IntN(200)
		}
		name := p.brand[0]
		if p.brand[1] != "" && r.IntN(2) == 0 {
			name = p.brand[1]
		}
		model := fmt.Sprintf("%s %d", p.line, p.num)
		if r.IntN(2) == 0 {
			model = fmt.Sprintf("%s%d", p.line, p.num)
		}
		w1, w2 := words[r.IntN(len(words))], words[r.IntN(len(words))]
		colour := colours[r.IntN(len(colours))]
		if i%4 != 0 {
			colour = sameColour[p.colour]
		}
		offerIDs[i] = fmt.Sprintf("%s/%s/%d/%s/%s/%s", p.brand[0], p.line, p.num, spec, p.cat, colourID[colour])
		title := fmt.Sprintf("%s %s %s %s %s %s", name, w1, model, spec, w2, colour)
		offers[i] = pricing.Offer{Competitor: fmt.Sprintf("shop%d", i%8), Key: fmt.Sprintf("sku:%d", i), Brand: name, Title: title, Category: p.cat}
	}
	itemIDs = make([]string, nItems)
	for i, p := range ps {
		itemIDs[i] = fmt.Sprintf("%s/%s/%d/%s/%s/%s", p.brand[0], p.line, p.num, p.spec, p.cat, colourID[p.colour])
	}
	return items, offers, itemIDs, offerIDs
}

func BenchmarkRun(b *testing.B) {
	for _, size := range []struct{ items, offers int }{{500, 20000}, {5000, 200000}} {
		b.Run(fmt.Sprintf("%dx%d", size.items, size.offers), func(b *testing.B) {
			items, offers, itemIDs, offerIDs := synthetic(size.items, size.offers)
			b.ReportAllocs()
			var res Result
			for b.Loop() {
				res = Run(items, offers, nil, DefaultOptions())
			}
			b.ReportMetric(float64(len(res.Matches)), "matches")
			b.ReportMetric(float64(len(res.Candidates)), "candidates")
			itemID := map[string]string{}
			products := map[string]bool{}
			for i, it := range items {
				itemID[it.SKU] = itemIDs[i]
				products[itemIDs[i]] = true
			}
			offerID := map[string]string{}
			want := 0
			for i, o := range offers {
				offerID[o.Key] = offerIDs[i]
				if products[offerIDs[i]] {
					want++
				}
			}
			right := 0
			for _, m := range res.Matches {
				if itemID[m.CatalogSKU] == offerID[m.ListingKey] {
					right++
				}
			}
			b.ReportMetric(float64(right)/float64(max(len(res.Matches), 1)), "precision")
			b.ReportMetric(float64(right)/float64(max(want, 1)), "recall")
		})
	}
}

func BenchmarkSimilarity(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Similarity("华为 Mate 60 Pro 12GB+512GB 雅川青", "HUAWEI Mate60 Pro 512G 黑色")
	}
}

// TestRunOutputIsPinned pins everything Run returns for the benchmark's
// smaller synthetic set, scores to the last bit, by its SHA-256. The hash
// was taken before Run was made faster (interned tokens, reused buffers) and
// proves the speed-ups changed nothing. A change meant to alter matching
// updates the hash, and says so in its commit (last: colours, where another
// colour became another article and the synthetic listings mostly name
// their item's colour in the other language).
func TestRunOutputIsPinned(t *testing.T) {
	if testing.Short() {
		t.Skip("scores 20,000 listings")
	}
	items, offers, _, _ := synthetic(500, 20000)
	res := Run(items, offers, nil, DefaultOptions())
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	const want = "e4489e74e2899e0c0495dd8d0ba806af72d8a9785b3799bd21297f8e40a58914"
	if got := fmt.Sprintf("%x", sha256.Sum256(b)); got != want {
		t.Errorf("Run's output on synthetic(500, 20000) has SHA-256 %s, want %s (%d matches, %d candidates)", got, want, len(res.Matches), len(res.Candidates))
	}
}
