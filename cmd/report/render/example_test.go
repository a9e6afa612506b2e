package render_test

import (
	"os"

	"github.com/shelfwatch/shelfwatch/cmd/report/render"
)

func ExampleCandidatesCSV() {
	_ = render.CandidatesCSV(os.Stdout, []render.Candidate{{
		CatalogSKU: "PH-100", OurTitle: "Phone A 128GB", OurPrice: "1899.00 CNY",
		Competitor: "teamall", ListingKey: "sku:TM-1001", ListingTitle: "=HYPERLINK(\"http://x\")",
		ListingURL: "https://teamall.example/p/TM-1001.html", TheirPrice: "1849.00 CNY",
		Method: "fuzzy", Score: 0.8,
	}})
	// Output:
	// catalog_sku,our_title,competitor,listing_key,listing_title,listing_url,method,score,decision,our_price,their_price
	// PH-100,Phone A 128GB,teamall,sku:TM-1001,"'=HYPERLINK(""http://x"")",https://teamall.example/p/TM-1001.html,fuzzy,0.800,,1899.00 CNY,1849.00 CNY
}
