package cmd_test

// A generated three-shop market with known truth, crawled as a user would
// crawl it: one config entry per shop, the shops naming their categories in
// their own words and languages. Every listing the shops serve is written
// down first (market.listings), so the test can compare what shelfwatch
// stored and reported with what is true.

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// model is one product line of the market. Variants multiply it by storage
// (phones, tablets), colour and, for cheap earphones, a 2-pack.
type model struct {
	cat      string // canonical category
	brand    string
	name     string // model name as written by every shop ("X100 Pro")
	zh, en   string // product noun in Chinese and English
	base     int    // yuan, the cheapest variant
	storages []string
	coloursZ []string // colour names shop A and B use
	coloursE []string // the same colours in English, shop C
}

var (
	phoneStorage  = []string{"8GB+128GB", "12GB+256GB", "16GB+512GB"}
	tabletStorage = []string{"8GB+128GB", "12GB+256GB"}
)

// models lists the market. Prices follow three clear bands per category,
// and near-identical model names (Free/Air, Y36/Y37, X100/X100 Pro, Lite
// 55/Lite 35) sit in different bands on purpose.
var models = []model{
	// Phones: low 699–1,499, mid 1,999–3,999, high 4,999–8,999.
	{cat: "phones", brand: "vivo", name: "Y36", zh: "5G手机", en: "5G Smartphone", base: 899, storages: phoneStorage, coloursZ: []string{"星河蓝", "曜石黑"}, coloursE: []string{"Galaxy Blue", "Obsidian Black"}},
	{cat: "phones", brand: "vivo", name: "Y37", zh: "5G手机", en: "5G Smartphone", base: 1099, storages: phoneStorage, coloursZ: []string{"星河蓝", "曜石黑"}, coloursE: []string{"Galaxy Blue", "Obsidian Black"}},
	{cat: "phones", brand: "Samsung", name: "Lite 35", zh: "智能手机", en: "5G Smartphone", base: 999, storages: phoneStorage, coloursZ: []string{"薄荷绿", "曜石黑"}, coloursE: []string{"Mint", "Obsidian Black"}},
	{cat: "phones", brand: "Redmi", name: "Note 13", zh: "手机", en: "Smartphone", base: 1199, storages: phoneStorage, coloursZ: []string{"冰晶蓝", "子夜黑"}, coloursE: []string{"Ice Blue", "Midnight Black"}},
	{cat: "phones", brand: "Samsung", name: "Lite 55", zh: "智能手机", en: "5G Smartphone", base: 2299, storages: phoneStorage, coloursZ: []string{"薄荷绿", "曜石黑"}, coloursE: []string{"Mint", "Obsidian Black"}},
	{cat: "phones", brand: "vivo", name: "X100", zh: "5G手机", en: "5G Smartphone", base: 2999, storages: phoneStorage, coloursZ: []string{"星迹蓝", "辰夜黑"}, coloursE: []string{"Star Blue", "Night Black"}},
	{cat: "phones", brand: "OPPO", name: "Reno 11", zh: "手机", en: "Smartphone", base: 2199, storages: phoneStorage, coloursZ: []string{"萤石青", "曜石黑"}, coloursE: []string{"Fluorite Green", "Obsidian Black"}},
	{cat: "phones", brand: "Honor", name: "Magic 6", zh: "手机", en: "Smartphone", base: 3299, storages: phoneStorage, coloursZ: []string{"海湖青", "绒黑色"}, coloursE: []string{"Lake Green", "Velvet Black"}},
	{cat: "phones", brand: "vivo", name: "X100 Pro", zh: "5G手机", en: "5G Smartphone", base: 4999, storages: phoneStorage, coloursZ: []string{"星迹蓝", "辰夜黑"}, coloursE: []string{"Star Blue", "Night Black"}},
	{cat: "phones", brand: "OPPO", name: "Find X7", zh: "手机", en: "Smartphone", base: 5499, storages: phoneStorage, coloursZ: []string{"海阔天空", "大漠银月"}, coloursE: []string{"Ocean Blue", "Desert Silver"}},
	{cat: "phones", brand: "Xiaomi", name: "14 Ultra", zh: "手机", en: "Smartphone", base: 6499, storages: phoneStorage, coloursZ: []string{"白色", "黑色"}, coloursE: []string{"White", "Black"}},
	// Earphones: low 49–199, mid 299–899, high 1,299–2,999.
	{cat: "earphones", brand: "Bose", name: "Free 16", zh: "运动蓝牙耳机", en: "Sport Earbuds", base: 89, coloursZ: []string{"黑色", "白色"}, coloursE: []string{"Black", "White"}},
	{cat: "earphones", brand: "QCY", name: "T13", zh: "真无线蓝牙耳机", en: "True Wireless Earbuds", base: 59, coloursZ: []string{"黑色", "白色"}, coloursE: []string{"Black", "White"}},
	{cat: "earphones", brand: "Xiaomi", name: "Buds 4 Lite", zh: "蓝牙耳机", en: "Wireless Earbuds", base: 149, coloursZ: []string{"白色", "黑色"}, coloursE: []string{"White", "Black"}},
	{cat: "earphones", brand: "Haylou", name: "W1", zh: "入耳式耳机", en: "In-Ear Earbuds", base: 179, coloursZ: []string{"黑色", "蓝色"}, coloursE: []string{"Black", "Blue"}},
	{cat: "earphones", brand: "Bose", name: "Air 16", zh: "头戴式蓝牙耳机", en: "Over-Ear Headphones", base: 729, coloursZ: []string{"黑色", "银色"}, coloursE: []string{"Black", "Silver"}},
	{cat: "earphones", brand: "Sony", name: "WF-C700N", zh: "降噪耳机", en: "Noise Cancelling Earbuds", base: 499, coloursZ: []string{"黑色", "白色"}, coloursE: []string{"Black", "White"}},
	{cat: "earphones", brand: "Huawei", name: "FreeBuds 5", zh: "蓝牙耳机", en: "Wireless Earbuds", base: 799, coloursZ: []string{"冰霜银", "陶瓷白"}, coloursE: []string{"Frost Silver", "Ceramic White"}},
	{cat: "earphones", brand: "OPPO", name: "Enco X2", zh: "降噪耳机", en: "Noise Cancelling Earbuds", base: 599, coloursZ: []string{"黑色", "白色"}, coloursE: []string{"Black", "White"}},
	{cat: "earphones", brand: "Sony", name: "WH-1000XM5", zh: "头戴式降噪耳机", en: "Noise Cancelling Headphones", base: 2399, coloursZ: []string{"黑色", "铂金银"}, coloursE: []string{"Black", "Platinum Silver"}},
	{cat: "earphones", brand: "Bose", name: "QC Ultra", zh: "头戴式降噪耳机", en: "Noise Cancelling Headphones", base: 2799, coloursZ: []string{"黑色", "白烟色"}, coloursE: []string{"Black", "White Smoke"}},
	{cat: "earphones", brand: "Sennheiser", name: "Momentum 4", zh: "头戴式耳机", en: "Wireless Headphones", base: 1899, coloursZ: []string{"黑色", "白色"}, coloursE: []string{"Black", "White"}},
	{cat: "earphones", brand: "Bang & Olufsen", name: "Beoplay EX", zh: "降噪耳机", en: "Noise Cancelling Earbuds", base: 1499, coloursZ: []string{"炭灰", "金色"}, coloursE: []string{"Anthracite", "Gold Tone"}},
	// Tablets: one band-spread category of its own.
	{cat: "tablets", brand: "Huawei", name: "MatePad 11", zh: "平板电脑", en: "Tablet", base: 1999, storages: tabletStorage, coloursZ: []string{"曜石黑", "冰霜银"}, coloursE: []string{"Obsidian Black", "Frost Silver"}},
	{cat: "tablets", brand: "Xiaomi", name: "Pad 6", zh: "平板电脑", en: "Tablet", base: 1599, storages: tabletStorage, coloursZ: []string{"远山蓝", "黑色"}, coloursE: []string{"Mountain Blue", "Black"}},
	{cat: "tablets", brand: "Honor", name: "Pad 9", zh: "平板", en: "Tablet", base: 1299, storages: tabletStorage, coloursZ: []string{"天青色", "星空灰"}, coloursE: []string{"Sky Blue", "Space Grey"}},
	{cat: "tablets", brand: "Samsung", name: "Tab S9", zh: "平板电脑", en: "Tablet", base: 5999, storages: tabletStorage, coloursZ: []string{"石墨黑", "米色"}, coloursE: []string{"Graphite", "Beige"}},
}

// The shops' own names for the canonical categories.
var (
	shopACat = map[string][]string{"phones": {"首页", "手机数码", "手机"}, "earphones": {"首页", "影音娱乐", "耳机"}, "tablets": {"首页", "电脑办公", "平板电脑"}}
	shopBCat = map[string]string{"phones": "手机通讯", "earphones": "耳机/耳麦", "tablets": "平板"}
	shopCCat = map[string]string{"phones": "Phones", "earphones": "Earbuds & Headphones", "tablets": "tablets"}
)

// listing is the truth about one article a shop serves.
type listing struct {
	shop, sku, cat string
	m              *model
	mi             int    // index of m in models
	storage        string // "" for none
	colour         int    // index into the model's colours
	pack           int    // 1, or 2 for a 2-pack
	gtin           string // valid GTIN-13 shown by the shop, or ""
	badGTIN        string // an invalid GTIN the shop shows (dropped by the crawler)
	price, list    [2]int // per week, in fen; list 0 = none
	inStock        [2]bool
	source         string // category as the shop names it
}

func (l *listing) titleParts() []string {
	var p []string
	if l.storage != "" {
		p = append(p, l.storage)
	}
	if l.shop == "eshop" {
		p = append(p, l.m.coloursE[l.colour])
	} else {
		p = append(p, l.m.coloursZ[l.colour])
	}
	if l.pack == 2 {
		p = append(p, "2-Pack")
	}
	return p
}

// market holds every listing of the three shops and which week it is.
type market struct {
	week     atomic.Int32
	listings []*listing
	byShop   map[string][]*listing
	// Per shop: requests in flight now and at most, and request start
	// times, to check politeness from the shop's side.
	mu       sync.Mutex
	inFlight map[string]int
	maxIn    map[string]int
	starts   map[string][]time.Time
	// truncated counts the first responses shop A cut off mid-body.
	truncated map[string]int
	forbidden atomic.Int32
}

// fen turns yuan into fen, rounded to a price ending in 9 yuan the way
// shops price.
func fen(yuan float64) int {
	y := int(yuan)
	if y >= 100 {
		y = y/10*10 + 9
	}
	return y * 100
}

// ean13 completes a 12-digit body with its check digit.
func ean13(body string) string { return gtin(body) }

func newMarket() *market {
	r := rand.New(rand.NewPCG(7, 2026))
	mk := &market{byShop: map[string][]*listing{}, inFlight: map[string]int{}, maxIn: map[string]int{}, starts: map[string][]time.Time{}, truncated: map[string]int{}}
	add := func(l *listing) {
		mk.listings = append(mk.listings, l)
		mk.byShop[l.shop] = append(mk.byShop[l.shop], l)
	}
	for mi := range models {
		m := &models[mi]
		storages := m.storages
		if storages == nil {
			storages = []string{""}
		}
		for si, st := range storages {
			for ci := range m.coloursZ {
				variantBase := float64(m.base) * (1 + 0.15*float64(si))
				for shopIdx, shop := range []string{"jdshop", "gbkshop", "eshop"} {
					if shop == "gbkshop" && ci > 0 && m.cat != "earphones" {
						continue // shop B lists one colour of each storage
					}
					jitter := 1 + (r.Float64()-0.5)*0.06
					p := fen(variantBase * jitter)
					l := &listing{shop: shop, m: m, mi: mi, cat: m.cat, storage: st, colour: ci, pack: 1}
					l.sku = fmt.Sprintf("%c%d%02d%d%d", 'A'+shopIdx, mi+1, si, ci, 1)
					switch shop {
					case "jdshop":
						l.source = strings.Join(shopACat[m.cat], " > ")
					case "gbkshop":
						l.source = shopBCat[m.cat]
						l.sku = fmt.Sprintf("B%06d", 100000+mi*100+si*10+ci)
						l.gtin = ean13(fmt.Sprintf("692646%02d%02d%d%d", mi, si, ci, shopIdx))
						if r.IntN(9) == 0 {
							l.badGTIN, l.gtin = l.gtin[:12]+strconv.Itoa((int(l.gtin[12]-'0')+3)%10), ""
						}
					case "eshop":
						l.source = shopCCat[m.cat]
						p = fen(variantBase * jitter * 1.02)
					}
					l.price = [2]int{p, p}
					if r.IntN(3) == 0 {
						l.list = [2]int{fen(float64(p) / 100 * 1.2), fen(float64(p) / 100 * 1.2)}
					}
					l.inStock = [2]bool{r.IntN(10) != 0, true}
					l.inStock[1] = l.inStock[0]
					if r.IntN(6) == 0 {
						l.inStock[1] = !l.inStock[0] // a stock change between weeks
					}
					if r.IntN(8) == 0 {
						l.price[1] = fen(float64(p) / 100 * 0.9)
					}
					add(l)
					// Shop C sells cheap earphones as 2-packs too.
					if shop == "eshop" && m.cat == "earphones" && m.base < 200 && ci == 0 {
						pk := *l
						pk.pack = 2
						pk.sku = l.sku[:len(l.sku)-1] + "2"
						pk.price = [2]int{fen(float64(p) / 100 * 1.8), fen(float64(p) / 100 * 1.8)}
						pk.list = [2]int{}
						add(&pk)
					}
				}
			}
		}
	}
	// A section shop C sells that the category tree does not map.
	gift := &model{cat: "", brand: "eshop", name: "Gift Card", en: "Gift Card", coloursE: []string{"Digital"}, coloursZ: []string{"电子卡"}}
	for i, amount := range []int{100, 200, 500} {
		add(&listing{shop: "eshop", m: gift, mi: -1, sku: fmt.Sprintf("GIFT%d", i), source: "Gift Cards", price: [2]int{amount * 100, amount * 100}, inStock: [2]bool{true, true}, pack: 1})
	}
	return mk
}

// enter records a request to shop starting; the returned func records
// its end.
func (mk *market) enter(shop string) func() {
	mk.mu.Lock()
	mk.inFlight[shop]++
	mk.maxIn[shop] = max(mk.maxIn[shop], mk.inFlight[shop])
	mk.starts[shop] = append(mk.starts[shop], time.Now())
	mk.mu.Unlock()
	// Hold the request a moment so that concurrent requests overlap.
	time.Sleep(2 * time.Millisecond)
	return func() {
		mk.mu.Lock()
		mk.inFlight[shop]--
		mk.mu.Unlock()
	}
}

func (mk *market) wk() int { return int(mk.week.Load()) - 1 }

func yuan(f int) string { return fmt.Sprintf("%d.%02d", f/100, f%100) }

// amountOf is a price in fen as a pricing.Amount.
func amountOf(f int) pricing.Amount { return pricing.Amount(f) * (pricing.MajorUnit / 100) }

// jdShop is shop A: Chinese, UTF-8, paginated listing pages linking to
// product pages that carry schema.org JSON-LD, phones as ProductGroups
// with per-variant offers and strikethrough list prices. Some first
// responses are cut off inside the JSON-LD.
func (mk *market) jdShop() http.Handler {
	mux := http.NewServeMux()
	groups := map[string][]*listing{} // product id -> variants
	var ids []string
	for _, l := range mk.byShop["jdshop"] {
		id := strconv.Itoa(l.mi + 1001)
		if _, ok := groups[id]; !ok {
			ids = append(ids, id)
		}
		groups[id] = append(groups[id], l)
	}
	const perPage = 8
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /admin/\n")
	})
	mux.HandleFunc("/admin/", func(w http.ResponseWriter, r *http.Request) {
		mk.forbidden.Add(1)
		fmt.Fprint(w, "<html><body>staff only</body></html>")
	})
	mux.HandleFunc("/list", func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		page = max(page, 1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		var b strings.Builder
		b.WriteString(`<!doctype html><html><head><title>数码商城</title></head><body><ul class="goods">`)
		for _, id := range ids[min((page-1)*perPage, len(ids)):min(page*perPage, len(ids))] {
			fmt.Fprintf(&b, `<li><a href="/item/%s.html">%s %s</a></li>`, id, groups[id][0].m.brand, groups[id][0].m.name)
		}
		b.WriteString(`</ul><a href="/admin/export">导出</a>`)
		if page*perPage < len(ids) {
			fmt.Fprintf(&b, `<a class="next" href="/list?page=%d">下一页</a>`, page+1)
		}
		b.WriteString("</body></html>")
		fmt.Fprint(w, b.String())
	})
	var seen sync.Map
	mux.HandleFunc("/item/", func(w http.ResponseWriter, r *http.Request) {
		id := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/item/"), ".html")
		vs, ok := groups[id]
		if !ok {
			http.NotFound(w, r)
			return
		}
		m := vs[0].m
		wk := mk.wk()
		crumbs := shopACat[m.cat]
		var items []string
		for i, c := range crumbs {
			items = append(items, fmt.Sprintf(`{"@type":"ListItem","position":%d,"name":%q}`, i+1, c))
		}
		var hv []string
		for _, l := range vs {
			avail := "https://schema.org/InStock"
			if !l.inStock[wk] {
				avail = "https://schema.org/OutOfStock"
			}
			offer := fmt.Sprintf(`"@type":"Offer","price":"%s","priceCurrency":"CNY","availability":%q`, yuan(l.price[wk]), avail)
			if l.list[wk] > 0 {
				offer += fmt.Sprintf(`,"priceSpecification":[{"@type":"UnitPriceSpecification","priceType":"https://schema.org/StrikethroughPrice","price":"%s","priceCurrency":"CNY"}]`, yuan(l.list[wk]))
			}
			v := fmt.Sprintf(`{"@type":"Product","name":%q,"sku":%q,"color":%q`, m.brand+" "+m.name+" "+m.zh, l.sku, m.coloursZ[l.colour])
			if l.storage != "" {
				v += fmt.Sprintf(`,"size":%q`, l.storage)
			}
			hv = append(hv, v+`,"offers":{`+offer+`}}`)
		}
		varies := `["https://schema.org/color"]`
		if m.storages != nil {
			varies = `["https://schema.org/size","https://schema.org/color"]`
		}
		ld := fmt.Sprintf(`{"@context":"https://schema.org","@graph":[{"@type":"BreadcrumbList","itemListElement":[%s]},`+
			`{"@type":"ProductGroup","name":%q,"productGroupID":%q,"brand":{"@type":"Brand","name":%q},"variesBy":%s,"hasVariant":[%s]}]}`,
			strings.Join(items, ","), m.brand+" "+m.name+" "+m.zh, id, m.brand, varies, strings.Join(hv, ","))
		body := fmt.Sprintf(`<!doctype html><html><head><meta charset="utf-8"><title>%s</title><script type="application/ld+json">%s</script></head><body><h1>%s %s %s</h1><p>正品保障</p></body></html>`,
			m.name, ld, m.brand, m.name, m.zh)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		// Every third product page is cut off inside its JSON-LD the
		// first time it is asked for, as a proxy that drops the
		// connection would leave it.
		key := fmt.Sprintf("%d/%s", wk, id)
		if n, _ := strconv.Atoi(id); n%3 == 0 {
			if _, again := seen.LoadOrStore(key, true); !again {
				mk.mu.Lock()
				mk.truncated[key]++
				mk.mu.Unlock()
				cut := strings.Index(body, `"hasVariant"`) + 40
				fmt.Fprint(w, body[:cut])
				return
			}
		}
		fmt.Fprint(w, body)
	})
	return mux
}

// gbkShop is shop B: Chinese listing pages in GBK, read with CSS selectors,
// with identifiers shown behind their labels ("商品编号：B100001").
func (mk *market) gbkShop() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nAllow: /\n")
	})
	slugs := map[string]string{"phones": "shouji", "earphones": "erji", "tablets": "pingban"}
	mux.HandleFunc("/c/", func(w http.ResponseWriter, r *http.Request) {
		slug := strings.TrimPrefix(r.URL.Path, "/c/")
		var cat string
		for c, s := range slugs {
			if s == slug {
				cat = c
			}
		}
		if cat == "" {
			http.NotFound(w, r)
			return
		}
		wk := mk.wk()
		var b strings.Builder
		fmt.Fprintf(&b, `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"><title>%s</title></head><body>`, shopBCat[cat])
		fmt.Fprintf(&b, `<div class="crumb"><a href="/">首页</a> &gt; <span class="cur">%s</span></div><div class="list">`, shopBCat[cat])
		for _, l := range mk.byShop["gbkshop"] {
			if l.cat != cat {
				continue
			}
			stock := "有货"
			if !l.inStock[wk] {
				stock = "无货"
			}
			title := l.m.brand + " " + l.m.name + " " + strings.Join(l.titleParts(), " ") + " " + l.m.zh
			g := l.gtin
			if l.badGTIN != "" {
				g = l.badGTIN
			}
			fmt.Fprintf(&b, `<div class="item"><a class="name" href="/p/%s.html">%s</a><p class="sku">商品编号：%s</p><p class="ean">条形码：%s</p><p class="brand">品牌：%s</p><span class="price">￥%s</span>`,
				l.sku, title, l.sku, g, l.m.brand, yuan(l.price[wk]))
			if l.list[wk] > 0 {
				fmt.Fprintf(&b, `<del class="was">￥%s</del>`, yuan(l.list[wk]))
			}
			fmt.Fprintf(&b, `<span class="stock">%s</span></div>`, stock)
		}
		b.WriteString(`</div></body></html>`)
		gbk, err := simplifiedchinese.GBK.NewEncoder().String(b.String())
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, gbk)
	})
	return mux
}

// eShop is shop C: an English Shopify shop whose /products.json mixes
// every category (product_type), with a variant per storage, colour and
// pack, each with its own compare_at_price.
func (mk *market) eShop() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /checkout\n")
	})
	type variant struct {
		ID             int64   `json:"id"`
		Title          string  `json:"title"`
		Option1        *string `json:"option1"`
		Option2        *string `json:"option2"`
		Option3        *string `json:"option3"`
		SKU            string  `json:"sku"`
		Price          string  `json:"price"`
		CompareAtPrice *string `json:"compare_at_price"`
		Available      bool    `json:"available"`
	}
	type product struct {
		ID          int64     `json:"id"`
		Title       string    `json:"title"`
		Handle      string    `json:"handle"`
		Vendor      string    `json:"vendor"`
		ProductType string    `json:"product_type"`
		Variants    []variant `json:"variants"`
	}
	mux.HandleFunc("/products.json", func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		page = max(page, 1)
		wk := mk.wk()
		var ps []product
		idx := map[*model]int{}
		for _, l := range mk.byShop["eshop"] {
			i, ok := idx[l.m]
			if !ok {
				i = len(ps)
				idx[l.m] = i
				title := l.m.brand + " " + l.m.name + " " + l.m.en
				if l.m.cat == "" {
					title = "eshop Gift Card"
				}
				ps = append(ps, product{ID: int64(7000 + i), Title: title, Handle: strings.ToLower(strings.ReplaceAll(title, " ", "-")), Vendor: l.m.brand, ProductType: l.source})
			}
			parts := l.titleParts()
			if l.m.cat == "" {
				parts = []string{yuan(l.price[0])}
			}
			v := variant{ID: int64(90000 + len(ps[i].Variants) + 100*i), Title: strings.Join(parts, " / "), SKU: l.sku, Price: yuan(l.price[wk]), Available: l.inStock[wk]}
			opts := []**string{&v.Option1, &v.Option2, &v.Option3}
			for j, p := range parts {
				s := p
				*opts[j] = &s
			}
			if l.list[wk] > 0 {
				s := yuan(l.list[wk])
				v.CompareAtPrice = &s
			}
			ps[i].Variants = append(ps[i].Variants, v)
		}
		const perPage = 10
		lo, hi := min((page-1)*perPage, len(ps)), min(page*perPage, len(ps))
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"products": ps[lo:hi]})
	})
	return mux
}

// handler wraps one shop's handler with the politeness probe: each shop
// is its own httptest server, so its own host:port.
func (mk *market) handler(shop string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer mk.enter(shop)()
		h.ServeHTTP(w, r)
	})
}
