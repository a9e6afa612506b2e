package render_test

import (
	"os"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/render"
)

func ExampleCandidatesCSV() {
	price := func(s string) *pricing.Money { return &pricing.Money{Amount: pricing.MustAmount(s), Currency: "CNY"} }
	_ = render.CandidatesCSV(os.Stdout, []render.Candidate{{
		CatalogSKU: "PH-100", OurTitle: "Phone A 128GB", OurPrice: price("1899"),
		Competitor: "teamall", ListingKey: "sku:TM-1001", ListingTitle: "=HYPERLINK(\"http://x\")",
		ListingURL: "https://teamall.example/p/TM-1001.html", TheirPrice: price("1849"),
		Method: "fuzzy", Score: 0.8, Reasons: []string{"brand phoneco", "tokens 0.80"},
	}})
	// Output:
	// catalog_sku,our_title,competitor,listing_key,listing_title,listing_url,method,score,reasons,decision,our_price,their_price
	// PH-100,Phone A 128GB,teamall,sku:TM-1001,"'=HYPERLINK(""http://x"")",https://teamall.example/p/TM-1001.html,fuzzy,0.800,brand phoneco; tokens 0.80,,1899.00 CNY,1849.00 CNY
}
