package notify

import (
	"fmt"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
)

var fixtureNow = time.Date(2026, 5, 4, 7, 30, 0, 0, time.UTC)

func money(s, cur string) *pricing.Money {
	return &pricing.Money{Amount: pricing.MustAmount(s), Currency: cur}
}

// fixtureInput is a small week: three shops, one without a previous run and
// one suspect; gaps of every severity, price moves both ways with Chinese
// titles and a hostile one full of markup.
func fixtureInput() Input {
	start := fixtureNow.Add(-3 * time.Hour)
	return Input{
		GeneratedAt: fixtureNow,
		Since:       168 * time.Hour,
		Current: []Run{
			{Competitor: "jd-mall", RunID: 41, Status: "succeeded", StartedAt: start, Items: 340, WithPrice: 331},
			{Competitor: "tmall-shop", RunID: 42, Status: "succeeded", StartedAt: start, Items: 128, WithPrice: 128},
			{Competitor: "newshop", RunID: 43, Status: "succeeded", StartedAt: start, Items: 12, WithPrice: 12},
		},
		Previous: []Run{
			{Competitor: "jd-mall", RunID: 30, Status: "succeeded"},
			{Competitor: "tmall-shop", RunID: 31, Status: "succeeded"},
		},
		Unusable:   []Run{{Competitor: "pdd", RunID: 44, Status: "suspect", Reason: "items fell 92% from the previous run"}},
		NoRuns:     []string{"suning"},
		Candidates: 3,
		Analysis: pricing.Analysis{
			Gaps: []pricing.Gap{
				{Kind: pricing.Underpriced, Severity: pricing.SeverityLow, Score: 6, Category: "earphones", Tier: pricing.TierMid, SKU: "EP-3", Title: "Buds Lite",
					Detail: "6% below the median ¥199 of 4 listings.", Action: "Room to raise."},
				{Kind: pricing.Overpriced, Severity: pricing.SeverityHigh, Score: 31, Category: "phones", Tier: pricing.TierMid, SKU: "PH-200", Title: "Phone B 256GB",
					Detail: "31% above the median ¥2,299 of 3 listings.", Action: "Review the price."},
				{Kind: pricing.CompetitorUndercut, Severity: pricing.SeverityMedium, Score: 12, Category: "phones", SKU: "PH-100", Title: "小米 Redmi Note 13 <b>*限时*</b> [秒杀]",
					Competitor: "jd-mall", Detail: "jd-mall now sells at ¥1,099, below our ¥1,199.", Action: "Match or hold."},
				{Kind: pricing.AssortmentGap, Severity: pricing.SeverityHigh, Score: 40, Category: "earphones", Tier: pricing.TierHigh,
					Detail: "40% of the market and none of ours.", Action: "Consider a premium model."},
			},
			Changes: []pricing.Change{
				{Kind: pricing.PriceDown, Competitor: "jd-mall", Category: "phones", Key: "100012", Title: "小米 Redmi Note 13 <b>*限时*</b> [秒杀]",
					From: money("1299", "CNY"), To: money("1099", "CNY"), Pct: pricing.PercentChange(pricing.MustAmount("1299"), pricing.MustAmount("1099"))},
				{Kind: pricing.PriceUp, Competitor: "tmall-shop", Category: "earphones", Key: "t-77", Title: "华为 FreeBuds 5i 降噪耳机",
					From: money("399", "CNY"), To: money("449", "CNY"), Pct: pricing.PercentChange(pricing.MustAmount("399"), pricing.MustAmount("449"))},
				{Kind: pricing.PriceUp, Competitor: "jd-mall", Category: "phones", Key: "100013", Title: "",
					From: money("2999", "CNY"), To: money("3049.50", "CNY"), Pct: pricing.PercentChange(pricing.MustAmount("2999"), pricing.MustAmount("3049.50"))},
				{Kind: pricing.New, Competitor: "jd-mall", Category: "phones", Key: "100099", Title: "New phone", To: money("999", "CNY")},
				{Kind: pricing.StockOut, Competitor: "tmall-shop", Category: "earphones", Key: "t-78", Title: "Buds", From: money("99", "CNY"), To: money("99", "CNY")},
			},
			Excluded: []pricing.Outlier{{Competitor: "jd-mall", Key: "x", Title: "x", Category: "", Reason: "no category"}},
			Unmapped: []pricing.UnmappedCategory{{Competitor: "jd-mall", SourceCategory: "配件", Listings: 17, Priced: 15}},
		},
	}
}

// bigInput is a market-scale week: n gaps and n moves with long Chinese
// titles, so that every platform's limit is passed many times over.
func bigInput(n int) Input {
	in := fixtureInput()
	in.Analysis.Gaps = nil
	in.Analysis.Changes = nil
	for i := range n {
		title := fmt.Sprintf("华为 Mate 60 Pro 12GB+512GB 雅川青 卫星通话 鸿蒙智能手机 官方旗舰店正品 型号 %03d", i)
		in.Analysis.Gaps = append(in.Analysis.Gaps, pricing.Gap{
			Kind: pricing.Overpriced, Severity: pricing.Severity(3 - i%3), Score: float64(100 - i%100), Category: "手机",
			Tier: pricing.TierHigh, SKU: fmt.Sprintf("SKU-%04d", i), Title: title,
			Detail: "比 4 个在售商品的中位价 ¥6,999 高 18%。", Action: "复核定价。",
		})
		in.Analysis.Changes = append(in.Analysis.Changes, pricing.Change{
			Kind: pricing.PriceDown, Competitor: "jd-mall", Category: "手机", Key: fmt.Sprintf("k%04d", i), Title: title,
			From: money("6999", "CNY"), To: money("6499", "CNY"), Pct: -71 - int64(i%50),
		})
	}
	return in
}
