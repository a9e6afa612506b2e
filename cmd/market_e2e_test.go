package cmd_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/render"
	"github.com/shelfwatch/shelfwatch/store"
	"github.com/shelfwatch/shelfwatch/store/storetest"
)

// ourItem is one item of our catalog and the truth about what it is.
type ourItem struct {
	sku, title, brand, cat string
	price                  int // yuan
	gtin                   string
	mi                     int    // model index
	storage                string // "" = any
	colour                 int    // -1 = any colour
}

// catalog writes our catalog: phones and tablets in every band, earphones
// only in the low and mid bands (the assortment gap to find), titles in
// the mixed Chinese and English our own shop uses, a few with the GTIN
// shop B shows.
func (mk *market) catalog() []ourItem {
	find := func(name string) int {
		for i, m := range models {
			if m.brand+" "+m.name == name {
				return i
			}
		}
		panic("no model " + name)
	}
	var items []ourItem
	add := func(name, storage string, colour int, title string, price int, withGTIN bool) {
		mi := find(name)
		it := ourItem{sku: fmt.Sprintf("OUR-%02d", len(items)+1), title: title, brand: models[mi].brand, cat: models[mi].cat, price: price, mi: mi, storage: storage, colour: colour}
		if withGTIN {
			for _, l := range mk.byShop["gbkshop"] {
				if l.mi == mi && l.storage == storage && l.colour == max(colour, 0) && l.gtin != "" {
					it.gtin = l.gtin
				}
			}
		}
		items = append(items, it)
	}
	add("vivo Y36", "8GB+128GB", -1, "vivo Y36 5G手机 8GB+128GB", 899, false)
	add("vivo Y37", "12GB+256GB", 0, "vivo Y37 5G手机 12GB+256GB 星河蓝", 1249, false)
	add("Samsung Lite 35", "8GB+128GB", -1, "Samsung Lite 35 5G Smartphone 8GB+128GB", 999, true)
	add("Redmi Note 13", "12GB+256GB", 1, "Redmi Note 13 手机 12GB+256GB 子夜黑", 1399, false)
	add("Samsung Lite 55", "12GB+256GB", 1, "Samsung Lite 55 5G Smartphone 12GB+256GB Obsidian Black", 2649, false)
	add("vivo X100", "12GB+256GB", 0, "vivo X100 5G手机 12GB+256GB 星迹蓝", 3399, false)
	add("OPPO Reno 11", "8GB+128GB", -1, "OPPO Reno 11 手机 8GB+128GB", 2199, true)
	add("Honor Magic 6", "16GB+512GB", 0, "荣耀 Honor Magic 6 手机 16GB+512GB 海湖青", 4299, false)
	add("vivo X100 Pro", "16GB+512GB", 1, "vivo X100 Pro 5G手机 16GB+512GB 辰夜黑", 6499, false)
	add("OPPO Find X7", "12GB+256GB", -1, "OPPO Find X7 手机 12GB+256GB", 6299, false)
	add("Xiaomi 14 Ultra", "16GB+512GB", 0, "Xiaomi 14 Ultra 手机 16GB+512GB 白色", 8399, false)
	add("Bose Free 16", "", 0, "Bose Free 16 运动蓝牙耳机 黑色", 89, false)
	add("QCY T13", "", -1, "QCY T13 真无线蓝牙耳机", 59, true)
	add("Xiaomi Buds 4 Lite", "", 0, "Xiaomi Buds 4 Lite 蓝牙耳机 白色", 149, false)
	add("Bose Air 16", "", 0, "Bose Air 16 头戴式蓝牙耳机 黑色", 749, false)
	add("Sony WF-C700N", "", -1, "Sony WF-C700N 降噪耳机", 499, false)
	add("Huawei FreeBuds 5", "", 1, "Huawei FreeBuds 5 蓝牙耳机 陶瓷白", 829, false)
	add("OPPO Enco X2", "", 0, "OPPO Enco X2 降噪耳机 黑色", 599, true)
	add("Huawei MatePad 11", "8GB+128GB", -1, "Huawei MatePad 11 平板电脑 8GB+128GB", 1999, false)
	add("Samsung Tab S9", "12GB+256GB", 0, "Samsung Tab S9 Tablet 12GB+256GB Graphite", 6899, false)
	return items
}

// accepts reports whether a listing is the article an item of ours is:
// the same model, storage, colour (when ours names one) and pack size.
func (it ourItem) accepts(l *listing) bool {
	return l.mi == it.mi && (it.storage == "" || l.storage == it.storage) &&
		(it.colour < 0 || l.colour == it.colour) && l.pack == 1
}

func writeMarketConfig(t *testing.T, mk *market, items []ourItem, jd, gbk, e string) string {
	t.Helper()
	dir := t.TempDir()
	var csv strings.Builder
	csv.WriteString("sku,title,brand,category,price,currency,gtin\n")
	for _, it := range items {
		fmt.Fprintf(&csv, "%s,%s,%s,%s,%d.00,CNY,%s\n", it.sku, it.title, it.brand, it.cat, it.price, it.gtin)
	}
	if err := os.WriteFile(filepath.Join(dir, "catalog.csv"), []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := fmt.Sprintf(`catalog: catalog.csv
contact_url: https://example.com/shelfwatch-market-test
categories:
  phones:
    names: [手机, 手机通讯, Phones]
  earphones:
    names: [耳机, 耳机/耳麦, Earbuds & Headphones]
  tablets:
    names: [平板电脑, 平板, tablets]
competitors:
  - name: jdshop
    start_urls: [%[1]s/list]
    allowed_domains: [127.0.0.1]
    currency: CNY
    product_links: ".goods a @href"
    next_page: "a.next @href"
    delay: 0s
    parallelism: 2
    timeout: 5s
  - name: gbkshop
    start_urls: [%[2]s/c/shouji, %[2]s/c/erji, %[2]s/c/pingban]
    allowed_domains: [127.0.0.1]
    extract: selectors
    currency: CNY
    category_selector: ".crumb .cur"
    selectors:
      item: ".item"
      title: "a.name"
      url: "a.name @href"
      sku: ".sku"
      gtin: ".ean"
      brand: ".brand"
      price: ".price"
      list_price: ".was"
      availability: ".stock"
    delay: 30ms
    parallelism: 1
    timeout: 5s
  - name: eshop
    start_urls: [%[3]s/]
    allowed_domains: [127.0.0.1]
    platform: shopify
    currency: CNY
    delay: 20ms
    parallelism: 1
    timeout: 5s
`, jd, gbk, e)
	path := filepath.Join(dir, "shelfwatch.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestThreeShopMarket crawls a generated market of three shops twice and
// compares everything shelfwatch stored and reported with the truth.
func TestThreeShopMarket(t *testing.T) {
	crawler, report := binaries(t)
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			mk := newMarket()
			mk.week.Store(1)
			jd := httptest.NewServer(mk.handler("jdshop", mk.jdShop()))
			defer jd.Close()
			gbk := httptest.NewServer(mk.handler("gbkshop", mk.gbkShop()))
			defer gbk.Close()
			e := httptest.NewServer(mk.handler("eshop", mk.eShop()))
			defer e.Close()
			items := mk.catalog()
			cfg := writeMarketConfig(t, mk, items, jd.URL, gbk.URL, e.URL)
			dsn := storetest.MustDSN(t, dialect)

			out, errOut, code := run(t, dsn, crawler, "run", "--config", cfg)
			if code != 0 {
				t.Fatalf("crawler run (week 1) exited %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
			}
			if !strings.Contains(out, "Gift Cards") {
				t.Errorf("the run summary does not name the unmapped source category:\n%s", out)
			}
			checkStored(t, mk, dsn, 0)
			checkPoliteness(t, mk, map[string]int{"jdshop": 2, "gbkshop": 1, "eshop": 1}, map[string]time.Duration{"gbkshop": 30 * time.Millisecond, "eshop": 20 * time.Millisecond})
			if len(mk.truncated) == 0 {
				t.Errorf("the shop truncated no response; the test proves nothing about retries")
			}
			if n := mk.forbidden.Load(); n != 0 {
				t.Errorf("robots.txt-disallowed pages fetched %d times", n)
			}
			checkMatches(t, mk, items, dsn)

			d := digest(t, dsn, report, cfg)
			checkTiers(t, mk, items, d)

			mk.week.Store(2)
			out, errOut, code = run(t, dsn, crawler, "run", "--config", cfg)
			if code != 0 {
				t.Fatalf("crawler run (week 2) exited %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
			}
			checkStored(t, mk, dsn, 1)
			raw, errOut, code := run(t, dsn, report, "digest", "--since", "168h", "--format", "json", "--config", cfg)
			if code != 0 {
				t.Fatalf("report digest exited %d: %s", code, errOut)
			}
			checkStockChanges(t, mk, raw)
			if !strings.Contains(raw, "Gift Cards") {
				t.Errorf("the digest's data quality does not list the unmapped category Gift Cards")
			}
			for _, format := range []string{"text", "markdown", "html"} {
				out, errOut, code := run(t, dsn, report, "digest", "--since", "168h", "--format", format, "--config", cfg)
				if code != 0 {
					t.Fatalf("report digest --format %s exited %d: %s", format, code, errOut)
				}
				if !strings.Contains(strings.ToLower(out), "stock") {
					t.Errorf("the %s digest does not show stock changes", format)
				}
			}
		})
	}
}

// latestOffers returns the offers of each competitor's latest run.
func latestOffers(t *testing.T, dsn string) map[string][]pricing.Offer {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string][]pricing.Offer{}
	for _, shop := range []string{"jdshop", "gbkshop", "eshop"} {
		runs, err := db.LatestRuns(ctx, shop, "", 1)
		if err != nil || len(runs) == 0 {
			t.Fatalf("runs of %s: %v (%d)", shop, err, len(runs))
		}
		offers, err := db.RunOffers(ctx, runs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		out[shop] = offers
	}
	return out
}

// checkStored compares every stored offer of week wk with the truth:
// canonical category, clean identifiers, variant titles, prices, list
// prices and stock.
func checkStored(t *testing.T, mk *market, dsn string, wk int) {
	t.Helper()
	got := latestOffers(t, dsn)
	for shop, ls := range mk.byShop {
		bySKU := map[string]pricing.Offer{}
		for _, o := range got[shop] {
			bySKU[o.SKU] = o
		}
		if len(got[shop]) != len(ls) {
			t.Errorf("week %d: %s stored %d offers, the shop lists %d", wk+1, shop, len(got[shop]), len(ls))
		}
		bad := 0
		report := func(format string, args ...any) {
			bad++
			if bad <= 5 {
				t.Errorf("week %d: %s: "+format, append([]any{wk + 1, shop}, args...)...)
			}
		}
		titles := map[string]string{}
		for _, l := range ls {
			o, ok := bySKU[l.sku]
			if !ok {
				report("listing %s (%s %s %v) missing; stored SKUs look like %q", l.sku, l.m.brand, l.m.name, l.titleParts(), firstSKUs(got[shop]))
				continue
			}
			if o.Category != l.cat {
				report("%s category %q (source %q), want %q", l.sku, o.Category, o.SourceCategory, l.cat)
			}
			if l.cat == "" && o.SourceCategory != l.source {
				report("%s source category %q, want %q", l.sku, o.SourceCategory, l.source)
			}
			if o.GTIN != l.gtin {
				report("%s GTIN %q, want %q (shown %q)", l.sku, o.GTIN, l.gtin, l.badGTIN)
			}
			if l.m.cat != "" && !strings.EqualFold(o.Brand, l.m.brand) {
				report("%s brand %q, want %q", l.sku, o.Brand, l.m.brand)
			}
			if o.Price == nil || o.Price.Amount != amountOf(l.price[wk]) || o.Price.Currency != "CNY" {
				report("%s price %v, want %s CNY", l.sku, o.Price, yuan(l.price[wk]))
			}
			switch {
			case l.list[wk] == 0 && o.ListPrice != nil:
				report("%s list price %v, want none", l.sku, o.ListPrice)
			case l.list[wk] > 0 && (o.ListPrice == nil || o.ListPrice.Amount != amountOf(l.list[wk])):
				report("%s list price %v, want %s", l.sku, o.ListPrice, yuan(l.list[wk]))
			}
			want := pricing.InStock
			if !l.inStock[wk] {
				want = pricing.OutOfStock
			}
			if o.Availability != want {
				report("%s availability %q, want %q", l.sku, o.Availability, want)
			}
			lower := strings.ToLower(o.Title)
			for _, p := range l.titleParts() {
				if l.m.cat != "" && !strings.Contains(lower, strings.ToLower(p)) {
					report("%s title %q lacks its option %q", l.sku, o.Title, p)
				}
			}
			if other, dup := titles[o.Title]; dup {
				report("%s and %s share the title %q: variants look alike", l.sku, other, o.Title)
			}
			titles[o.Title] = l.sku
		}
		if bad > 5 {
			t.Errorf("week %d: %s: %d problems in all", wk+1, shop, bad)
		}
	}
}

func firstSKUs(os []pricing.Offer) []string {
	var s []string
	for _, o := range os[:min(3, len(os))] {
		s = append(s, o.SKU)
	}
	return s
}

// checkPoliteness checks, from the shops' side, that no shop saw more
// concurrent requests than its parallelism, and that shops crawled one
// request at a time saw their delay between request starts.
func checkPoliteness(t *testing.T, mk *market, parallelism map[string]int, delay map[string]time.Duration) {
	t.Helper()
	mk.mu.Lock()
	defer mk.mu.Unlock()
	for shop, p := range parallelism {
		if mk.maxIn[shop] > p {
			t.Errorf("%s saw %d concurrent requests, parallelism is %d", shop, mk.maxIn[shop], p)
		}
	}
	for shop, d := range delay {
		starts := mk.starts[shop]
		short := 0
		for i := 1; i < len(starts); i++ {
			// A little slack for timer granularity.
			if starts[i].Sub(starts[i-1]) < d-2*time.Millisecond {
				short++
			}
		}
		if short > 0 {
			t.Errorf("%s: %d of %d gaps between requests were shorter than the delay %v", shop, short, len(starts)-1, d)
		}
	}
}

// checkMatches checks that every automatic match pairs an item of ours with
// the very article it is (never another model or a sibling variant), and
// that the matcher found a fair share of the true pairs.
func checkMatches(t *testing.T, mk *market, items []ourItem, dsn string) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ms, err := db.Matches(ctx)
	if err != nil {
		t.Fatal(err)
	}
	bySKU := map[string]ourItem{}
	for _, it := range items {
		bySKU[it.sku] = it
	}
	byKey := map[string]*listing{}
	for _, o := range latestOffers(t, dsn) {
		for _, off := range o {
			for _, l := range mk.byShop[off.Competitor] {
				if l.sku == off.SKU {
					byKey[off.Competitor+"|"+off.Key] = l
				}
			}
		}
	}
	auto, wrong, matched := 0, 0, map[string]bool{}
	for _, m := range ms {
		if m.Decision != store.DecisionAuto {
			continue
		}
		it, l := bySKU[m.CatalogSKU], byKey[m.Competitor+"|"+m.ListingKey]
		if l == nil {
			t.Errorf("match %s -> %s %s: no such listing", m.CatalogSKU, m.Competitor, m.ListingKey)
			continue
		}
		auto++
		if len(m.Reasons) == 0 {
			t.Errorf("match %s -> %s %s (%s) carries no reasons", m.CatalogSKU, m.Competitor, m.ListingKey, m.Method)
		}
		if !it.accepts(l) {
			wrong++
			t.Errorf("%s %q matched %s %s %v %d-pack (%s, score %.2f, reasons %v): another article",
				it.sku, it.title, l.shop, l.m.brand+" "+l.m.name, l.titleParts(), l.pack, m.Method, m.Score, m.Reasons)
			continue
		}
		matched[it.sku] = true
	}
	possible := 0
	for _, it := range items {
		for _, l := range mk.listings {
			if it.accepts(l) {
				possible++
				break
			}
		}
	}
	t.Logf("automatic matches: %d, wrong %d; items matched %d of %d with a true listing", auto, wrong, len(matched), possible)
	if len(matched) < possible*3/4 {
		t.Errorf("only %d of %d items got an automatic match to their article", len(matched), possible)
	}
}

// checkTiers checks that the default tiers find the market's real bands:
// cuts between the bands, our mid earphones mid, and the missing high
// band named as an assortment gap.
func checkTiers(t *testing.T, mk *market, items []ourItem, d render.DigestFeed) {
	t.Helper()
	bands := map[string][3][2]int{ // category -> band -> [min, max] in fen over the market
		"phones":    {{699_00, 1_499_00 * 13 / 10}, {1_999_00, 3_999_00 * 13 / 10}, {4_999_00, 8_999_00 * 13 / 10}},
		"earphones": {{49_00, 199_00}, {299_00, 899_00}, {1_299_00, 2_999_00}},
	}
	for cat := range bands {
		var lo, hi [3]int
		for i := range 3 {
			lo[i], hi[i] = 1<<62, 0
		}
		for _, l := range mk.listings {
			if l.cat != cat || l.pack != 1 {
				continue
			}
			b := 0
			switch {
			case l.m.base >= bandStart(cat, 2):
				b = 2
			case l.m.base >= bandStart(cat, 1):
				b = 1
			}
			lo[b], hi[b] = min(lo[b], l.price[0]), max(hi[b], l.price[0])
		}
		c := category(t, d, cat)
		if !c.Tiered || c.LowCut == nil || c.HighCut == nil {
			t.Errorf("%s is not tiered: %s", cat, c.Note)
			continue
		}
		if low := *c.LowCut; low <= amountOf(hi[0]) || low > amountOf(lo[1]) {
			t.Errorf("%s low cut %s is not between the low band (up to %s) and the mid band (from %s)", cat, c.LowCut, yuan(hi[0]), yuan(lo[1]))
		}
		if high := *c.HighCut; high <= amountOf(hi[1]) || high > amountOf(lo[2]) {
			t.Errorf("%s high cut %s is not between the mid band (up to %s) and the high band (from %s)", cat, c.HighCut, yuan(hi[1]), yuan(lo[2]))
		}
	}
	for _, p := range d.Positions {
		for _, it := range items {
			if it.sku != p.SKU || it.cat != "earphones" {
				continue
			}
			want := "low"
			if models[it.mi].base >= bandStart("earphones", 1) {
				want = "mid"
			}
			if p.Tier != want {
				t.Errorf("our %s %q at %d is %q, want %q", it.sku, it.title, it.price, p.Tier, want)
			}
		}
	}
	found := false
	for _, g := range d.Gaps {
		if g.Kind == "assortment_gap" && g.Category == "earphones" && g.Tier == "high" {
			found = true
		}
	}
	if !found {
		var got []string
		for _, g := range d.Gaps {
			if g.Kind == "assortment_gap" {
				got = append(got, g.Category+"/"+g.Tier)
			}
		}
		t.Errorf("no assortment gap for high-end earphones; assortment gaps: %v", got)
	}
}

// bandStart is the base price from which a model belongs to band b.
func bandStart(cat string, b int) int {
	starts := map[string][3]int{"phones": {0, 1999, 4999}, "earphones": {0, 299, 1299}}
	return starts[cat][b]
}

// checkStockChanges checks that the week-2 digest reports every listing
// that went out of or back into stock, and no other.
func checkStockChanges(t *testing.T, mk *market, raw string) {
	t.Helper()
	var d render.DigestFeed
	if err := json.Unmarshal([]byte(raw), &d); err != nil {
		t.Fatal(err)
	}
	wantOut, wantBack := 0, 0
	for _, l := range mk.listings {
		switch {
		case l.inStock[0] && !l.inStock[1]:
			wantOut++
		case !l.inStock[0] && l.inStock[1]:
			wantBack++
		}
	}
	gotOut, gotBack := 0, 0
	for _, c := range d.Changes {
		switch c.Kind {
		case string(pricing.StockOut):
			gotOut++
		case string(pricing.StockBack):
			gotBack++
		}
	}
	if gotOut != wantOut || gotBack != wantBack {
		t.Errorf("stock changes: %d out, %d back; the shops changed %d out, %d back", gotOut, gotBack, wantOut, wantBack)
	}
	if wantOut+wantBack < 10 {
		t.Errorf("the market changed only %d stock states; the test is too weak", wantOut+wantBack)
	}
}
