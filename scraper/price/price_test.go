package price

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// describe renders a Price compactly for table rows: "1299.00 CNY",
// "99.00-199.00 CNY", "from 99.00 CNY", with " [label]" when labelled.
func describe(p Price) string {
	s := p.Amount.String()
	if p.Max != p.Min {
		s = p.Min.String() + "-" + p.Max.String()
	}
	if p.From {
		s = "from " + s
	}
	if p.Currency != "" {
		s += " " + p.Currency
	}
	if p.Label != LabelNone {
		s += " [" + string(p.Label) + "]"
	}
	return s
}

// noPrice and invalid stand for errors wrapping ErrNoPrice and
// ErrInvalidPrice in the want column.
const (
	noPrice = "ErrNoPrice"
	invalid = "ErrInvalidPrice"
)

type parseCase struct {
	in   string
	h    Hints
	want string
}

var (
	cny   = Hints{Currency: "CNY"}
	usd   = Hints{Currency: "USD"}
	eur   = Hints{Currency: "EUR"}
	jpy   = Hints{Currency: "JPY"}
	comma = Hints{DecimalSeparator: ','}
	point = Hints{DecimalSeparator: '.'}
)

var parseCases = []parseCase{
	// The basics.
	{"¥1,299.00", Hints{}, "1299.00 CNY"},
	{"￥1299", Hints{}, "1299.00 CNY"},
	{"1299元", Hints{}, "1299.00 CNY"},
	{"RMB 1,299", Hints{}, "1299.00 CNY"},
	{"$1,299.99", Hints{}, "1299.99 USD"},
	{"€1.299,00", Hints{}, "1299.00 EUR"},
	{"1 299,00 €", Hints{}, "1299.00 EUR"},
	{"1\u00a0299,00\u00a0€", Hints{}, "1299.00 EUR"},
	{"1\u202f299,00\u202f€", Hints{}, "1299.00 EUR"},
	{"£12", Hints{}, "12.00 GBP"},
	{"US$12.99", Hints{}, "12.99 USD"},

	// Separators.
	{"1,299.00", Hints{}, "1299.00"},
	{"1.299,00", Hints{}, "1299.00"},
	{"1 299,00", Hints{}, "1299.00"},
	{"1'299.00", Hints{}, "1299.00"},
	{"CHF 1’299.50", Hints{}, "1299.50 CHF"},
	{"1,29,999", Hints{}, "129999.00"},
	{"₹1,29,999.00", Hints{}, "129999.00 INR"},
	{"34.000", comma, "34000.00"},
	{"34.000", Hints{}, "34000.00"},
	{"34.000", point, "34.00"},
	{"1,299", Hints{}, "1299.00"},
	{"1,299", comma, "1.299"},
	{"12,99 €", Hints{}, "12.99 EUR"},
	{"1.299 €", comma, "1299.00 EUR"},
	{"1.234.567,89 €", Hints{}, "1234567.89 EUR"},
	{"$1,234,567.89", Hints{}, "1234567.89 USD"},
	{"0,500 €", Hints{}, "0.50 EUR"},
	{"12.345", Hints{}, "12345.00"},
	{"¥1.299", jpy, "1299.00 JPY"},

	// Currencies.
	{"¥1299", jpy, "1299.00 JPY"},
	{"¥1,299 (1,299円)", Hints{}, "1299.00 JPY"},
	{"JP¥1,299", Hints{}, "1299.00 JPY"},
	{"1,299円", Hints{}, "1299.00 JPY"},
	{"$12.99", Hints{Currency: "CAD"}, "12.99 CAD"},
	{"$12.99", eur, "12.99 USD"},
	{"₩12,000", Hints{}, "12000.00 KRW"},
	{"₹499", Hints{}, "499.00 INR"},
	{"1 299 ₽", Hints{}, "1299.00 RUB"},
	{"R$ 1.299,90", Hints{}, "1299.90 BRL"},
	{"HK$99", Hints{}, "99.00 HKD"},
	{"NT$1,290", Hints{}, "1290.00 TWD"},
	{"S$19.90", Hints{}, "19.90 SGD"},
	{"A$29.95", Hints{}, "29.95 AUD"},
	{"C$15", Hints{}, "15.00 CAD"},
	{"199 kr", Hints{}, "199.00 SEK"},
	{"199 kr", Hints{Currency: "NOK"}, "199.00 NOK"},
	{"199,00 zł", Hints{}, "199.00 PLN"},
	{"1 299 Kč", Hints{}, "1299.00 CZK"},
	{"CHF 49.90", Hints{}, "49.90 CHF"},
	{"USD 12.99", Hints{}, "12.99 USD"},
	{"12.99 USD", Hints{}, "12.99 USD"},
	{"EUR 12,99", Hints{}, "12.99 EUR"},
	{"CNY 99", Hints{}, "99.00 CNY"},
	{"99块", Hints{}, "99.00 CNY"},
	{"1 299 руб.", Hints{}, "1299.00 RUB"},
	{"1299 руб", Hints{}, "1299.00 RUB"},

	// Chinese forms.
	{"¥99起", Hints{}, "from 99.00 CNY"},
	{"2.5万", cny, "25000.00 CNY"},
	{"1.2萬", cny, "12000.00 CNY"},
	{"3亿", cny, "300000000.00 CNY"},
	{"券后¥79", Hints{}, "79.00 CNY [coupon]"},
	{"¥99 券后¥79", Hints{}, "79.00 CNY [coupon]"},
	{"到手价¥79", Hints{}, "79.00 CNY [coupon]"},
	{"原价¥199 现价¥99", Hints{}, "99.00 CNY [current]"},

	// Ranges.
	{"¥99-199", Hints{}, "99.00-199.00 CNY"},
	{"¥99 - ¥199", Hints{}, "99.00-199.00 CNY"},
	{"$10 – $20", Hints{}, "10.00-20.00 USD"},
	{"$10 — $20", Hints{}, "10.00-20.00 USD"},
	{"$10 to $20", Hints{}, "10.00-20.00 USD"},
	{"from $10", Hints{}, "from 10.00 USD"},
	{"ab 10 €", Hints{}, "from 10.00 EUR"},
	{"à partir de 10 €", Hints{}, "from 10.00 EUR"},
	{"1-2万元", Hints{}, "10000.00-20000.00 CNY"},

	// Not prices.
	{"", Hints{}, noPrice},
	{"Call for price", Hints{}, noPrice},
	{"面议", Hints{}, noPrice},
	{"Sold out", Hints{}, noPrice},
	{"价格面议", Hints{}, noPrice},
	{"Free shipping", Hints{}, noPrice},
	{"See price in cart", Hints{}, noPrice},
	{"-20%", Hints{}, noPrice},
	{"-20%", cny, noPrice},
	{"500ml", Hints{}, noPrice},
	{"500ml", cny, noPrice},
	{"256GB", usd, noPrice},
	{"1299", cny, "1299.00 CNY"},
	{"1299", Hints{}, "1299.00"},

	// Extra words.
	{"Sale price $12.99", Hints{}, "12.99 USD [current]"},
	{"Now £9.99 Was £12.99", Hints{}, "9.99 GBP [current]"},

	// Shop layouts seen in the wild.
	{"Price: $12.99", Hints{}, "12.99 USD"},
	{"$12.99 USD", Hints{}, "12.99 USD"},
	{"USD $12.99", Hints{}, "12.99 USD"},
	{"$ 12.99", Hints{}, "12.99 USD"},
	{"12.99$", Hints{}, "12.99 USD"},
	{"€ 12,99", Hints{}, "12.99 EUR"},
	{"EUR 1.299,00", Hints{}, "1299.00 EUR"},
	{"€12.99", Hints{}, "12.99 EUR"},
	{"12€99", Hints{}, "12.99 EUR"},
	{"£1,299.99 inc. VAT", Hints{}, "1299.99 GBP"},
	{"£9.99 each", Hints{}, "9.99 GBP"},
	{"$3.99/lb", Hints{}, "3.99 USD"},
	{"€2,49/kg", Hints{}, "2.49 EUR"},
	{"¥12.9/斤", Hints{}, "12.90 CNY"},
	{"99元/件", Hints{}, "99.00 CNY"},
	{"¥ 99.00", Hints{}, "99.00 CNY"},
	{"¥99.9", Hints{}, "99.90 CNY"},
	{"￥８９．９０", Hints{}, "89.90 CNY"},
	{"１２９９元", Hints{}, "1299.00 CNY"},
	{"$19.99 $24.99", Hints{}, "19.99 USD"},
	{"Was $24.99 Now $19.99", Hints{}, "19.99 USD [current]"},
	{"Reg. $24.99 Sale $19.99", Hints{}, "19.99 USD [current]"},
	{"List Price: $24.99", Hints{}, "24.99 USD [list]"},
	{"RRP £20 Our price £15", Hints{}, "15.00 GBP [current]"},
	{"MSRP $599 $499", Hints{}, "499.00 USD"},
	{"Was $15 $12.99", Hints{}, "12.99 USD"},
	{"Sale price$12.99Regular price$15.99", Hints{}, "12.99 USD [current]"},
	{"Regular price $15.99 Sale price $12.99", Hints{}, "12.99 USD [current]"},
	{"UVP 19,99 € jetzt 12,99 €", Hints{}, "12.99 EUR [current]"},
	{"statt 19,99 € nur 12,99 €", Hints{}, "12.99 EUR [current]"},
	{"现价 ¥99 原价 ¥199", Hints{}, "99.00 CNY [current]"},
	{"划线价¥299 ¥199", Hints{}, "199.00 CNY"},
	{"券后价 ¥79.9", Hints{}, "79.90 CNY [coupon]"},
	{"领券后 ¥79", Hints{}, "79.00 CNY [coupon]"},
	{"¥129 到手价¥99", Hints{}, "99.00 CNY [coupon]"},
	{"$20 + $4.99 shipping", Hints{}, "20.00 USD"},
	{"$12.99 (2 x 500ml)", Hints{}, "12.99 USD"},
	{"$12.99 - 20%", Hints{}, "12.99 USD"},
	{"-20% $79.99", Hints{}, "79.99 USD"},
	{"$79.99 -20%", Hints{}, "79.99 USD"},
	{"Discount -$5.00 Total $20.00", Hints{}, "20.00 USD"},
	{"€12,99*", Hints{}, "12.99 EUR"},
	{"*12,99 €", Hints{}, "12.99 EUR"},
	{"ab 12,99 €*", Hints{}, "from 12.99 EUR"},
	{"$12.99 / month", Hints{}, "12.99 USD"},
	{"¥99/月", Hints{}, "99.00 CNY"},
	{"￥99 - ￥199 (多规格)", Hints{}, "99.00-199.00 CNY"},
	{"12.99", Hints{}, "12.99"},
	{"0.99", Hints{}, "0.99"},
	{"$.99", Hints{}, "0.99 USD"},
	{"99¢", Hints{}, "0.99 USD"},
	{"2,5", Hints{}, "2.50"},

	// More currencies and spellings.
	{"Rs. 1,299", Hints{}, "1299.00 INR"},
	{"Rs.1,299", Hints{}, "1299.00 INR"},
	{"₹ 1,29,999", Hints{}, "129999.00 INR"},
	{"INR 499", Hints{}, "499.00 INR"},
	{"Rp 150.000", Hints{}, "150000.00 IDR"},
	{"150.000₫", Hints{}, "150000.00 VND"},
	{"150.000 VND", Hints{}, "150000.00 VND"},
	{"₩ 12,000", Hints{}, "12000.00 KRW"},
	{"12,000원", Hints{}, "12000.00 KRW"},
	{"¥1,980(税込)", Hints{}, "1980.00 JPY"},
	{"1,980円（税込）", Hints{}, "1980.00 JPY"},
	{"R$ 99,90", Hints{}, "99.90 BRL"},
	{"kr 199,-", Hints{}, "199.00 SEK"},
	{"199,- kr", Hints{Currency: "DKK"}, "199.00 DKK"},
	{"1.299,- €", Hints{}, "1299.00 EUR"},
	{"CHF 1'299.-", Hints{}, "1299.00 CHF"},
	{"Fr. 49.90", Hints{}, "49.90 CHF"},
	{"zł 49,99", Hints{}, "49.99 PLN"},
	{"PLN 49,99", Hints{}, "49.99 PLN"},
	{"1 299,99 Kč", Hints{}, "1299.99 CZK"},
	{"US $12.99", Hints{}, "12.99 USD"},
	{"AU $29.95", Hints{}, "29.95 AUD"},
	{"CA$15", Hints{}, "15.00 CAD"},
	{"NZ$15", Hints{}, "15.00 NZD"},
	{"MX$199", Hints{}, "199.00 MXN"},
	{"$199", Hints{Currency: "MXN"}, "199.00 MXN"},
	{"1,299.00 CNY", Hints{}, "1299.00 CNY"},
	{"CNY1,299.00", Hints{}, "1299.00 CNY"},
	{"RMB1299", Hints{}, "1299.00 CNY"},
	{"rmb 99", Hints{}, "99.00 CNY"},
	{"99 RMB", Hints{}, "99.00 CNY"},
	{"12.99 eur", Hints{}, "12.99 EUR"},
	{"12.99 dollars", Hints{}, "12.99 USD"},
	{"$12.99 CAD", Hints{}, "12.99 CAD"},
	{"12.99 CA$", Hints{}, "12.99 CAD"},
	{"1299元", Hints{Currency: "TWD"}, "1299.00 TWD"},
	{"99", Hints{Currency: "rmb"}, "99.00 CNY"},
	{"99", Hints{Currency: "not a code"}, "99.00"},
	{"KWD 1.250", Hints{}, "1.25 KWD"},
	{"€ 1.299", Hints{}, "1299.00 EUR"},
	{"1.299 €", Hints{}, "1299.00 EUR"},
	{"1.299 €", point, "1.299 EUR"},
	{"$1.000", Hints{}, "1000.00 USD"},
	{"1.000,00 €", Hints{}, "1000.00 EUR"},
	{"1.299", Hints{}, "1299.00"},
	{"1.299", eur, "1299.00 EUR"},
	{"1 299", Hints{}, "1299.00"},
	{"$1.2k", Hints{}, "1200.00 USD"},

	// More ranges and "from" prices.
	{"¥99.00-¥199.00", Hints{}, "99.00-199.00 CNY"},
	{"¥99~199", Hints{}, "99.00-199.00 CNY"},
	{"¥99～¥199", Hints{}, "99.00-199.00 CNY"},
	{"99-199元", Hints{}, "99.00-199.00 CNY"},
	{"$1,299 - $1,599", Hints{}, "1299.00-1599.00 USD"},
	{"€10 bis €20", Hints{}, "10.00-20.00 EUR"},
	{"de 10 € à 20 €", Hints{}, "10.00-20.00 EUR"},
	{"10 - 20 €", Hints{}, "10.00-20.00 EUR"},
	{"Price: $12.99 – $15.99", Hints{}, "12.99-15.99 USD"},
	{"$12.99–$15.99", Hints{}, "12.99-15.99 USD"},
	{"$0.99 - $1.99", Hints{}, "0.99-1.99 USD"},
	{"99 - 199", cny, "99.00-199.00 CNY"},
	{"$20 - $10", Hints{}, "20.00 USD"},
	{"起价¥99", Hints{}, "from 99.00 CNY"},
	{"¥99元起", Hints{}, "from 99.00 CNY"},
	{"低至¥9.9", Hints{}, "from 9.90 CNY"},
	{"From £9.99", Hints{}, "from 9.99 GBP"},
	{"Starting at $199", Hints{}, "from 199.00 USD"},
	{"As low as $9.99", Hints{}, "from 9.99 USD"},
	{"desde $10", Hints{}, "from 10.00 USD"},
	{"Ab 19,99 €", Hints{}, "from 19.99 EUR"},
	{"dès 10 €", Hints{}, "from 10.00 EUR"},
	{"from $10 to $20", Hints{}, "10.00-20.00 USD"},
	{"2.5万元", Hints{}, "25000.00 CNY"},
	{"¥2.5万", Hints{}, "25000.00 CNY"},
	{"1.2万起", cny, "from 12000.00 CNY"},
	{"3亿元", Hints{}, "300000000.00 CNY"},
	{"5千元", Hints{}, "5000.00 CNY"},

	{"Price (USD): 12.99", Hints{}, "12.99 USD"},
	{"12&nbsp;€", Hints{}, "12.00 EUR"},
	{"&euro;12,50", Hints{}, "12.50 EUR"},
	{"99,90 TL", Hints{}, "99.90 TRY"},
	{"৳ 500", Hints{}, "500.00 BDT"},
	{"99 AED", Hints{}, "99.00 AED"},
	{"de 10 a 20 €", Hints{}, "10.00-20.00 EUR"},
	{"12.– €", Hints{}, "12.00 EUR"},
	{"¥1,299.00 ~ ¥2,599.00", Hints{}, "1299.00-2599.00 CNY"},
	{"10,00 € - 20,00 €", Hints{}, "10.00-20.00 EUR"},
	{"From $19.99/mo", Hints{}, "from 19.99 USD"},
	{"NT$ 1,290 元", Hints{}, "1290.00 TWD"},
	{"1.299,00 $", Hints{}, "1299.00 USD"},
	{"¥99起/件", Hints{}, "from 99.00 CNY"},
	{"Price $12.99 Sale $9.99 You save $3.00", Hints{}, "9.99 USD [current]"},
	{"价格（元）：99", Hints{}, "99.00 CNY"},
	{"Price in EUR: 12,99 - 15,99", Hints{}, "12.99-15.99 EUR"},

	// More texts that hold no price.
	{"$", Hints{}, noPrice},
	{"¥", Hints{}, noPrice},
	{"price", Hints{}, noPrice},
	{"$0.00", Hints{}, noPrice},
	{"€0,00", Hints{}, noPrice},
	{"-", Hints{}, noPrice},
	{"N/A", usd, noPrice},
	{"暂无报价", Hints{}, noPrice},
	{"缺货", cny, noPrice},
	{"1.5 kg", Hints{}, noPrice},
	{"iPhone 15 Pro 256GB", usd, noPrice},
	{"Size 42", usd, noPrice},
	{"5 stars", Hints{}, noPrice},
	{"4.5 out of 5", Hints{}, noPrice},
	{"100% cotton", Hints{}, noPrice},
	{"Pack of 2", usd, noPrice},
	{"Only 3 left in stock", usd, noPrice},
	{"Save $5.00", Hints{}, noPrice},
	{"You save $5.00 (20%)", Hints{}, noPrice},
	{"$5 off", Hints{}, noPrice},
	{"Free shipping over $50", Hints{}, noPrice},
	{"满199减20", cny, noPrice},
	{"已售1000+", cny, noPrice},
	{"4.9分", cny, noPrice},
	{"5m", usd, noPrice},
	{"1.2.3", Hints{}, noPrice},
	{"Only 3 left, USD", Hints{}, noPrice},
	{"USD or EUR: 12.99", Hints{}, noPrice},

	// Bad numbers.
	{"-$12.99", Hints{}, invalid},
	{"$123456789012345678901234567890", Hints{}, invalid},
	{"¥1234567890123456", Hints{}, invalid},
	{"¥123456789012345", Hints{}, invalid},
	{"¥12345678901234", Hints{}, "12345678901234.00 CNY"},
	{"$12.3456", Hints{}, "12.3456 USD"},
	{"$-12.99", Hints{}, invalid},
	{"¥-99", Hints{}, invalid},
	{"−$12.99", Hints{}, invalid},
	{"¥12345678901234567890123456789012345678901234567890", Hints{}, invalid},
	{"99999999999999亿", cny, invalid},
	{"$12.3446", Hints{}, "12.3446 USD"},
	{"$0.00125", Hints{}, "0.0013 USD"},
	{"$12.345", point, "12.345 USD"},
	{"$0.125", Hints{}, "0.125 USD"},
}

func name(c parseCase) string {
	n := c.in
	if c.h.Currency != "" {
		n += " with currency " + c.h.Currency
	}
	if c.h.DecimalSeparator != 0 {
		n += fmt.Sprintf(" with decimal %q", c.h.DecimalSeparator)
	}
	return n
}

func TestParse(t *testing.T) {
	for _, c := range parseCases {
		t.Run(name(c), func(t *testing.T) {
			p, err := Parse(c.in, c.h)
			var got string
			switch {
			case errors.Is(err, ErrNoPrice):
				got = noPrice
			case errors.Is(err, ErrInvalidPrice):
				got = invalid
			case err != nil:
				t.Fatalf("Parse(%q) error %v wraps neither sentinel", c.in, err)
			default:
				got = describe(p)
			}
			if got != c.want {
				t.Errorf("Parse(%q, %+v) = %s (err %v), want %s", c.in, c.h, got, err, c.want)
			}
			if err != nil && !strings.Contains(err.Error(), fmt.Sprintf("%q", clip(c.in))) {
				t.Errorf("error %q does not name the text", err)
			}
		})
	}
}

func TestAll(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Now £9.99 Was £12.99", []string{"9.99 GBP [current]", "12.99 GBP [list]"}},
		{"原价¥199 现价¥99", []string{"199.00 CNY [list]", "99.00 CNY [current]"}},
		{"¥99 券后¥79", []string{"99.00 CNY", "79.00 CNY [coupon]"}},
		{"Sold out", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var got []string
			for _, p := range All(tt.in, Hints{}) {
				got = append(got, describe(p))
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("All(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
