package match_test

import (
	"fmt"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/pricing/match"
)

func ExampleRun() {
	items := []pricing.CatalogItem{
		{SKU: "P1", Brand: "华为", Title: "华为 Mate 60 Pro 12GB+512GB 雅川青", Category: "phones"},
		{SKU: "P2", Brand: "Apple", Title: "Apple iPhone 15 Pro 256GB", Category: "phones", GTIN: "0194253401216"},
		{SKU: "W1", Brand: "农夫山泉", Title: "农夫山泉 饮用天然水 550ml*24瓶", Category: "drinks"},
	}
	offers := []pricing.Offer{
		{Competitor: "jd", Key: "sku:100", Brand: "HUAWEI", Title: "HUAWEI Mate60 Pro 512G 雅川青", Category: "phones"},
		{Competitor: "jd", Key: "sku:102", Brand: "HUAWEI", Title: "HUAWEI Mate60 Pro 512G 黑色", Category: "phones"},
		{Competitor: "jd", Key: "sku:101", Brand: "Apple", Title: "iPhone 15 Pro 128GB", Category: "phones"},
		{Competitor: "tmall", Key: "sku:7", Title: "苹果 15 Pro 256G", Category: "phones", GTIN: "194253401216"},
		{Competitor: "tmall", Key: "sku:8", Brand: "农夫山泉", Title: "农夫山泉 550ml 24瓶装", Category: "drinks"},
		{Competitor: "tmall", Key: "sku:9", Brand: "农夫山泉", Title: "农夫山泉 饮用天然水 380ml*24瓶", Category: "drinks"},
	}
	decisions := []match.Decision{
		{CatalogSKU: "W1", Competitor: "tmall", ListingKey: "sku:8", Confirmed: true},
	}
	res := match.Run(items, offers, decisions, match.DefaultOptions())
	for _, m := range res.Matches {
		fmt.Printf("%s = %s %s (%s %.2f)\n", m.CatalogSKU, m.Competitor, m.ListingKey, m.Method, m.Score)
	}
	// Output:
	// P1 = jd sku:100 (fuzzy 0.95)
	// P2 = tmall sku:7 (gtin 1.00)
	// W1 = tmall sku:8 (confirmed 1.00)
}

func ExampleSimilarity() {
	fmt.Printf("%.2f\n", match.Similarity("Apple iPhone 15 Pro 256GB 原色钛金属", "Apple iPhone 15 Pro 256 GB Blue Titanium"))
	fmt.Printf("%.2f\n", match.Similarity("Apple iPhone 15 Pro 256GB", "Apple iPhone 15 Pro 128GB"))
	fmt.Printf("%.2f\n", match.Similarity("Nike Air Zoom Pegasus 40", "Nike Air Zoom Pegasus 41"))
	// Output:
	// 0.79
	// 0.23
	// 0.14
}

func ExampleNormalizeGTIN() {
	for _, s := range []string{"036000291452", "0 036000 291452", "4006381333932"} {
		g, err := match.NormalizeGTIN(s)
		fmt.Println(g, err)
	}
	// Output:
	// 00036000291452 <nil>
	// 00036000291452 <nil>
	//  invalid GTIN: "4006381333932" has check digit 2, want 1
}
