package price_test

import (
	"fmt"

	"github.com/shelfwatch/shelfwatch/scraper/price"
)

func ExampleParse() {
	for _, text := range []string{"¥1,299.00", "1 299,00 €", "原价¥199 现价¥99", "$10 – $20", "¥99起", "面议"} {
		p, err := price.Parse(text, price.Hints{})
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(p.Amount, p.Currency, p.Min, p.Max, p.Range)
	}
	// Output:
	// 1299.00 CNY 1299.00 1299.00 false
	// 1299.00 EUR 1299.00 1299.00 false
	// 99.00 CNY 99.00 99.00 false
	// 10.00 USD 10.00 20.00 true
	// 99.00 CNY 99.00 99.00 true
	// no price in "面议"
}

func ExampleAll() {
	for _, p := range price.All("Now £9.99 Was £12.99", price.Hints{}) {
		fmt.Println(p.Amount, p.Currency, p.Label)
	}
	// Output:
	// 9.99 GBP current
	// 12.99 GBP list
}

func ExampleParseCount() {
	for _, text := range []string{"月销1万+", "2.5k sold", "1,234 reviews", "(87)"} {
		n, err := price.ParseCount(text)
		fmt.Println(n, err)
	}
	// Output:
	// 10000 <nil>
	// 2500 <nil>
	// 1234 <nil>
	// 87 <nil>
}

func ExampleParse_exact() {
	for _, c := range []struct{ text, cur string }{{"KD 423.923", ""}, {"$24.990", "CLP"}, {"Free!", ""}, {"€3.99/kg", ""}, {"$0.00125/g", ""}} {
		p, err := price.Parse(c.text, price.Hints{Currency: c.cur, KeepZero: true})
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s %s %q rounded=%v free=%v unit=%q\n", p.Exact, p.Amount, p.Currency, p.Rounded, p.Free, p.Unit)
	}
	// Output:
	// 423.923 423.923 "KWD" rounded=false free=false unit=""
	// 24990 24990.00 "CLP" rounded=false free=false unit=""
	// 0 0.00 "" rounded=false free=true unit=""
	// 3.99 3.99 "EUR" rounded=false free=false unit="kg"
	// 0.00125 0.0013 "USD" rounded=true free=false unit="g"
}
