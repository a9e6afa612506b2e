package plan_test

import (
	"fmt"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/pricing/plan"
)

func ExampleMake() {
	p, err := plan.Make(plan.Input{
		Target:     pricing.MustAmount("4550"),
		Currency:   "USD",
		Per:        plan.Day,
		Conversion: 0.02,
		AOVLow:     pricing.MustAmount("30"),
		AOVHigh:    pricing.MustAmount("50"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s %s a day, %s a month, %s a year\n", p.Daily, p.Currency, p.Monthly, p.Yearly)
	fmt.Printf("%d-%d orders from %d-%d visitors a day\n",
		p.OrdersPerDay.Min, p.OrdersPerDay.Max, p.VisitorsPerDay.Min, p.VisitorsPerDay.Max)
	// Output:
	// 4550.00 USD a day, 138395.83 a month, 1660750.00 a year
	// 91-152 orders from 4550-7584 visitors a day
}

func ExampleMake_yearlyTarget() {
	p, _ := plan.Make(plan.Input{
		Target:     pricing.MustAmount("10000000"),
		Currency:   "CNY",
		Per:        plan.Year,
		Conversion: 0.025,
		AOV:        pricing.MustAmount("150"),
	})
	fmt.Println(p.Monthly, p.Daily, p.OrdersPerDay.Min, p.VisitorsPerDay.Min)
	// Output:
	// 833333.33 27397.26 183 7306
}
