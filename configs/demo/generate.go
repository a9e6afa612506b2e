//go:build ignore

// generate writes the bundled demo shops: two competitor sites as static HTML
// for two consecutive weeks, and our demo catalog. Run it from the repository
// root after changing the data below:
//
//	go run configs/demo/generate.go
//
// Week 2 differs from week 1 in a handful of deliberate ways (a price cut
// under one of our items, a price rise, a new listing, a delisted one) so a
// second demo run shows every kind of change and flag.
package main

import (
	"fmt"
	"html/template"
	"log"
	"os"
	"path/filepath"
	"strings"
)

type product struct {
	SKU, Title, Brand, Category string
	Price, List                 string // "" = none shown
	Stock                       string // visible stock text
	Sold                        string
	GTIN                        string
	SchemaAvail                 string
}

// gtin13 completes a 12-digit prefix with its GS1 check digit.
func gtin13(p string) string {
	sum := 0
	for i, r := range p {
		d := int(r - '0')
		if i%2 == 1 {
			d *= 3
		}
		sum += d
	}
	return p + fmt.Sprint((10-sum%10)%10)
}

var (
	gtinMate60  = gtin13("693486712001")
	gtinIPhone  = gtin13("019425364111")
	gtinHonor90 = gtin13("693891320044")
	gtinMi14    = gtin13("694194133450")
	gtinXM5     = gtin13("454873541998")
	gtinW820    = gtin13("692312345678")
	gtinLongj   = gtin13("693012001250")
)

func gadgethub(week int) (phones1, phones2, headphones []product) {
	phones1 = []product{
		{SKU: "GH-P101", Title: "Redmi 13C 4GB+128GB 星岩黑", Brand: "Redmi", Price: "¥699.00", Stock: "有货", Sold: "月销2.3万+"},
		{SKU: "GH-P102", Title: "HONOR Play 50 6GB+128GB", Brand: "HONOR", Price: "¥899.00", List: "¥999.00", Stock: "有货", Sold: "月销8600+"},
		{SKU: "GH-P103", Title: "realme C67 8GB+256GB", Brand: "realme", Price: "¥999.00", List: "¥1,199.00", Stock: "有货", Sold: "已售 3.1k"},
		{SKU: "GH-P104", Title: "OPPO A3 8GB+256GB", Brand: "OPPO", Price: "¥1,199.00", Stock: "有货", Sold: "月销5000+"},
		{SKU: "GH-P105", Title: "vivo Y200 12GB+256GB", Brand: "vivo", Price: "¥1,499.00", Stock: "有货"},
		{SKU: "GH-P106", Title: "Redmi Note 13 Pro 8GB+256GB", Brand: "Redmi", Price: "¥1,799.00", List: "¥1,999.00", Stock: "有货", Sold: "月销1万+"},
	}
	phones2 = []product{
		{SKU: "GH-P107", Title: "HONOR 90 12GB+256GB 冰川绿", Brand: "HONOR", Price: "¥2,499.00", List: "¥2,699.00", Stock: "有货", GTIN: gtinHonor90},
		{SKU: "GH-P108", Title: "OPPO Reno11 12GB+256GB", Brand: "OPPO", Price: "¥2,499.00", Stock: "有货"},
		{SKU: "GH-P109", Title: "vivo S18 12GB+256GB", Brand: "vivo", Price: "¥2,799.00", Stock: "缺货"},
		{SKU: "GH-P110", Title: "Xiaomi 14 12GB+256GB", Brand: "Xiaomi", Price: "¥3,999.00", Stock: "有货", GTIN: gtinMi14},
		{SKU: "GH-P111", Title: "HUAWEI Mate 60 Pro 12GB+512GB 雅川青", Brand: "HUAWEI", Price: "¥6,999.00", Stock: "有货", GTIN: gtinMate60, Sold: "月销1.2万+"},
		{SKU: "GH-P112", Title: "Apple iPhone 15 Pro 256GB 原色钛金属", Brand: "Apple", Price: "¥8,999.00", Stock: "无货 到货通知", GTIN: gtinIPhone},
		{SKU: "GH-P113", Title: "Samsung Galaxy Z Fold5 12GB+512GB", Brand: "Samsung", Price: "面议", Stock: "预售"},
	}
	headphones = []product{
		{SKU: "GH-H201", Title: "QCY T13 ANC 蓝牙耳机", Brand: "QCY", Price: "¥99.00", Stock: "有货", Sold: "月销5万+"},
		{SKU: "GH-H202", Title: "Baseus Bowie M2s", Brand: "Baseus", Price: "¥149.00", Stock: "有货"},
		{SKU: "GH-H203", Title: "Soundcore Life P3", Brand: "Soundcore", Price: "¥199.00", List: "¥299.00", Stock: "有货"},
		{SKU: "GH-H204", Title: "Edifier W820NB 头戴式降噪耳机", Brand: "Edifier", Price: "¥299.00", Stock: "有货", GTIN: gtinW820},
		{SKU: "GH-H205", Title: "Sony WF-C700N", Brand: "Sony", Price: "¥499.00", Stock: "有货"},
		{SKU: "GH-H206", Title: "Jabra Elite 8 Active", Brand: "Jabra", Price: "¥699.00", Stock: "有货"},
		{SKU: "GH-H207", Title: "Beats Studio Buds +", Brand: "Beats", Price: "¥899.00", Stock: "有货"},
		{SKU: "GH-H208", Title: "Bose QuietComfort Earbuds II", Brand: "Bose", Price: "¥1,299.00", Stock: "有货"},
	}
	if week == 2 {
		// A price rise, a cut under one of our items, and a new high-end
		// listing in a tier where we sell; the Fold5 is delisted.
		phones1[5].Price = "¥1,899.00"
		phones2[0].Price = "¥2,299.00" // now below our ¥2,399: an undercut
		phones2 = phones2[:len(phones2)-1]
		headphones = append(headphones, product{SKU: "GH-H209", Title: "Bose QuietComfort Ultra Headphones", Brand: "Bose", Price: "¥2,999.00", Stock: "有货"})
	}
	return phones1, phones2, headphones
}

func teamall(week int) []product {
	ps := []product{
		{SKU: "TM-1001", Title: "云南普洱茶 熟茶饼 357g", Brand: "大益", Category: "Tea", Price: "29.00", SchemaAvail: "InStock"},
		{SKU: "TM-1002", Title: "福鼎白茶 寿眉 200g", Brand: "品品香", Category: "Tea", Price: "39.00", SchemaAvail: "InStock"},
		{SKU: "TM-1003", Title: "茉莉花茶 特级 250g", Brand: "张一元", Category: "Tea", Price: "45.00", SchemaAvail: "InStock"},
		{SKU: "TM-1004", Title: "铁观音 清香型 250g", Brand: "八马", Category: "Tea", Price: "59.00", SchemaAvail: "InStock"},
		{SKU: "TM-1005", Title: "祁门红茶 一级 200g", Brand: "祥源", Category: "Tea", Price: "89.00", SchemaAvail: "InStock"},
		{SKU: "TM-1006", Title: "正山小种 红茶 250g", Brand: "元正", Category: "Tea", Price: "109.00", SchemaAvail: "InStock"},
		{SKU: "TM-1007", Title: "西湖龙井 明前特级 250g", Brand: "狮峰", Category: "Tea", Price: "129.00", SchemaAvail: "InStock", GTIN: gtinLongj},
		{SKU: "TM-1008", Title: "安吉白茶 明前 250g", Brand: "宋茗", Category: "Tea", Price: "159.00", SchemaAvail: "InStock"},
		{SKU: "TM-1009", Title: "大红袍 武夷岩茶 礼盒 500g", Brand: "武夷星", Category: "Tea", Price: "299.00", SchemaAvail: "InStock"},
		{SKU: "TM-1010", Title: "老班章 普洱生茶 357g", Brand: "陈升号", Category: "Tea", Price: "399.00", SchemaAvail: "InStock"},
		{SKU: "TM-1011", Title: "金骏眉 特级 礼盒 250g", Brand: "正山堂", Category: "Tea", Price: "599.00", SchemaAvail: "InStock"},
		{SKU: "TM-1012", Title: "太平猴魁 特级 礼盒 200g", Brand: "猴坑", Category: "Tea", Price: "899.00", SchemaAvail: "PreOrder"},
		{SKU: "TM-2001", Title: "Xiaomi 14 12GB+256GB 黑色", Brand: "Xiaomi", Category: "Phones", Price: "4199.00", SchemaAvail: "InStock", GTIN: gtinMi14},
		{SKU: "TM-2002", Title: "Apple iPhone 15 Pro (256 GB) - 原色钛金属", Brand: "Apple", Category: "Phones", Price: "8599.00", List: "8999.00", SchemaAvail: "InStock", GTIN: gtinIPhone},
		{SKU: "TM-2003", Title: "HUAWEI nova 12 Pro 512GB", Brand: "HUAWEI", Category: "Phones", Price: "2999.00", SchemaAvail: "InStock"},
		{SKU: "TM-2004", Title: "HUAWEI Mate 60 Pro 12GB+512GB", Brand: "HUAWEI", Category: "Phones", Price: "6899.00", SchemaAvail: "InStock", GTIN: gtinMate60},
		{SKU: "TM-3001", Title: "Sony WH-1000XM5 头戴式降噪耳机", Brand: "Sony", Category: "Headphones", Price: "2299.00", List: "2999.00", SchemaAvail: "InStock", GTIN: gtinXM5},
		{SKU: "TM-3002", Title: "Bose QuietComfort 45", Brand: "Bose", Category: "Headphones", Price: "1899.00", SchemaAvail: "InStock"},
		{SKU: "TM-3003", Title: "Apple AirPods Pro (第二代)", Brand: "Apple", Category: "Headphones", Price: "1899.00", SchemaAvail: "InStock"},
		{SKU: "TM-3004", Title: "Sennheiser MOMENTUM 4 Wireless", Brand: "Sennheiser", Category: "Headphones", Price: "2499.00", SchemaAvail: "OutOfStock"},
	}
	if week == 2 {
		ps[15].Price = "6499.00" // Mate 60 Pro: undercuts our price
		ps[6].Price = "139.00"   // Longjing up
	}
	return ps
}

var listing = template.Must(template.New("l").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>GadgetHub · {{.Category}}</title>
<link rel="stylesheet" href="shop.css"></head>
<body>
<nav class="breadcrumb"><a href="phones.html">首页</a> › <span class="current">{{.Category}}</span></nav>
<h1>{{.Category}}</h1>
<ul class="grid">
{{range .Products}}<li class="product-card" data-sku="{{.SKU}}"{{if .GTIN}} data-gtin="{{.GTIN}}"{{end}}>
  <a class="name" href="item/{{.SKU}}.html">{{.Title}}</a>
  <span class="brand">{{.Brand}}</span>
  <div class="price"><em class="now">{{.Price}}</em>{{if .List}} <del>{{.List}}</del>{{end}}</div>
  <span class="stock">{{.Stock}}</span>{{if .Sold}}
  <span class="sold">{{.Sold}}</span>{{end}}
</li>
{{end}}</ul>
{{if .Next}}<a class="next" href="{{.Next}}">下一页 ›</a>{{end}}
</body></html>
`))

var teamallIndex = template.Must(template.New("i").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>茶猫旗舰店 TeaMall</title></head>
<body><h1>TeaMall 全部商品</h1>
<div class="goods-list">
{{range .}}<div class="goods"><a href="p/{{.SKU}}.html">{{.Title}}</a></div>
{{end}}</div></body></html>
`))

var teamallProduct = template.Must(template.New("p").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{.Title}} - TeaMall</title>
<script type="application/ld+json">{{.JSONLD}}</script>
</head>
<body>
<nav class="crumbs"><a href="../index.html">首页</a> / <a href="#">{{.Category}}</a></nav>
<h1 class="title">{{.Title}}</h1>
<div class="buy"><span class="price">¥{{.Price}}</span>{{if .List}} <s>¥{{.List}}</s>{{end}}<button>加入购物车</button></div>
</body></html>
`))

func jsonLD(p product) template.JS {
	var b strings.Builder
	fmt.Fprintf(&b, `{"@context":"https://schema.org","@type":"Product","name":%q,"sku":%q,"brand":{"@type":"Brand","name":%q},"category":%q`, p.Title, p.SKU, p.Brand, p.Category)
	if p.GTIN != "" {
		fmt.Fprintf(&b, `,"gtin13":%q`, p.GTIN)
	}
	fmt.Fprintf(&b, `,"offers":{"@type":"Offer","price":%q,"priceCurrency":"CNY","availability":"https://schema.org/%s"`, p.Price, p.SchemaAvail)
	if p.List != "" {
		fmt.Fprintf(&b, `,"priceSpecification":[{"@type":"UnitPriceSpecification","price":%q,"priceCurrency":"CNY"},{"@type":"UnitPriceSpecification","priceType":"https://schema.org/StrikethroughPrice","price":%q,"priceCurrency":"CNY"}]`, p.Price, p.List)
	}
	b.WriteString(`}}`)
	return template.JS(b.String())
}

func write(path string, t *template.Template, data any) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		log.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	if err := t.Execute(f, data); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

func main() {
	root := filepath.Join("configs", "demo")
	for _, week := range []int{1, 2} {
		dir := filepath.Join(root, fmt.Sprintf("week%d", week))
		p1, p2, h := gadgethub(week)
		type page struct {
			Category string
			Products []product
			Next     string
		}
		write(filepath.Join(dir, "gadgethub", "phones.html"), listing, page{"Phones", p1, "phones-2.html"})
		write(filepath.Join(dir, "gadgethub", "phones-2.html"), listing, page{"Phones", p2, ""})
		write(filepath.Join(dir, "gadgethub", "headphones.html"), listing, page{"Headphones", h, ""})
		ps := teamall(week)
		write(filepath.Join(dir, "teamall", "index.html"), teamallIndex, ps)
		for _, p := range ps {
			write(filepath.Join(dir, "teamall", "p", p.SKU+".html"), teamallProduct, struct {
				product
				JSONLD template.JS
			}{p, jsonLD(p)})
		}
	}

	catalog := [][]string{
		{"sku", "title", "brand", "category", "price", "currency", "gtin", "target_tier"},
		{"SW-P1", "HUAWEI Mate 60 Pro 12GB+512GB 雅川青", "HUAWEI", "Phones", "7999.00", "CNY", gtinMate60, "high"},
		{"SW-P2", "HONOR 90 12GB+256GB", "HONOR", "Phones", "2399.00", "CNY", gtinHonor90, "mid"},
		{"SW-P3", "Xiaomi 14 12GB+256GB", "Xiaomi", "Phones", "3299.00", "CNY", gtinMi14, "high"},
		{"SW-P4", "Apple iPhone 15 Pro 256GB", "Apple", "Phones", "8799.00", "CNY", gtinIPhone, "high"},
		{"SW-H1", "Sony WH-1000XM5 Wireless Noise Cancelling", "Sony", "Headphones", "2599.00", "CNY", gtinXM5, "high"},
		{"SW-H2", "Edifier W820NB", "Edifier", "Headphones", "299.00", "CNY", gtinW820, "low"},
		// No GTIN: the matcher can only suggest teamall's QuietComfort 45,
		// and leaves it for a person to confirm (report matches --review).
		{"SW-H4", "Bose QC45 Wireless Headphones", "Bose", "Headphones", "1999.00", "CNY", "", "high"},
		{"SW-H3", "Shelfwatch House ANC Pro Headphones", "Shelfwatch", "Headphones", "3999.00", "CNY", "", "high"},
		{"SW-T1", "西湖龙井 明前特级 250g", "狮峰", "Tea", "129.00", "CNY", gtinLongj, "mid"},
		{"SW-T2", "普洱熟茶 357g 饼茶", "Shelfwatch", "Tea", "39.00", "CNY", "", "low"},
		{"SW-T3", "大红袍 礼盒 500g", "Shelfwatch", "Tea", "399.00", "CNY", "", "high"},
	}
	var b strings.Builder
	for _, row := range catalog {
		b.WriteString(strings.Join(row, ",") + "\n")
	}
	if err := os.WriteFile(filepath.Join(root, "catalog.csv"), []byte(b.String()), 0o644); err != nil {
		log.Fatal(err)
	}
}
