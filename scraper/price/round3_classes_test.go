package price

import "fmt"

// The classes the third blind holdout (testdata/holdout3.tsv) found, each
// generated across currencies, languages and the whitespace between spans,
// with the look-alikes that must keep their old reading.

// hintOnlyCases: letters that are a currency's symbol only in its own shops
// ("K 25.00" kina or kwacha, "P 1,299" pula or peso), and stay multipliers
// or letters elsewhere.
func hintOnlyCases() []classCase {
	syms := []struct{ sym, hint string }{
		{"K", "PGK"}, {"K", "ZMW"}, {"K", "MMK"}, {"MK", "MWK"}, {"ZK", "ZMW"}, {"P", "BWP"}, {"P", "PHP"},
		{"E", "SZL"}, {"D", "GMD"}, {"Le", "SLE"}, {"LE", "EGP"}, {"LL", "LBP"}, {"RO", "OMR"}, {"UM", "MRU"}, {"FC", "CDF"}, {"FG", "GNF"},
	}
	amounts := []struct{ text, want string }{{"25.00", "25.00"}, {"1,250.00", "1250.00"}, {"4 999", "4999"}, {"12.50", "12.50"}}
	var cs []classCase
	for _, s := range syms {
		for _, a := range amounts {
			for _, sp := range []string{" ", "", "\u00a0"} {
				in := s.sym + sp + a.text
				cs = append(cs, classCase{name: fmt.Sprintf("%s in a %s shop (%q)", s.sym, s.hint, in), in: in, h: Hints{Currency: s.hint}, want: a.want, cur: s.hint})
			}
		}
		// After the number the letter is no symbol of these currencies:
		// "25K" multiplies or is a size.
		if s.sym == "K" {
			cs = append(cs, classCase{name: "25K in a " + s.hint + " shop is no kina price", in: "25K", h: Hints{Currency: s.hint}, want: "-"})
		}
	}
	for _, hint := range []string{"USD", "EUR", ""} {
		cs = append(cs,
			classCase{name: "K before a number is no currency in a " + hint + " shop", in: "K 25.00", h: Hints{Currency: hint}, want: "-"},
			classCase{name: "$25K stays 25 thousand in a " + hint + " shop", in: "$25K", h: Hints{Currency: hint}, want: "25000", cur: "USD"},
		)
	}
	return cs
}

// leadingCommaCases: cents written with a leading decimal comma, as ".99"
// is written with a point.
func leadingCommaCases() []classCase {
	var cs []classCase
	for _, c := range []struct{ cur, sym string }{{"EUR", "€"}, {"PLN", "zł"}, {"SEK", "kr"}, {"CZK", "Kč"}, {"BRL", "R$"}} {
		for _, d := range []string{"99", "50", "05"} {
			in := "," + d + " " + c.sym
			cs = append(cs, classCase{name: fmt.Sprintf("%q is cents", in), in: in, h: Hints{Currency: c.cur}, want: "0." + d, cur: c.cur})
		}
	}
	// A comma after a number lists it ("38 ,40") and is no leading comma.
	cs = append(cs, classCase{name: "a listed size keeps its own reading", in: "Größe 38 ,40 €", h: Hints{Currency: "EUR"}, want: "40", cur: "EUR"})
	return cs
}

// wasNowCases: a was-price and a now-price labelled in the languages of
// Central and Eastern Europe, the Baltics and Italy, in either order.
func wasNowCases() []classCase {
	labels := []struct{ lang, was, now, cur, old, cut, want string }{
		{"Italian", "Prima", "Ora", "EUR", "49,99 €", "29,99 €", "29.99"},
		{"Italian adesso", "Era", "Adesso", "EUR", "€ 120,00", "€ 89,00", "89.00"},
		{"Polish", "Cena przed obniżką", "Cena po obniżce", "PLN", "199,99 zł", "149,99 zł", "149.99"},
		{"Hungarian", "Eredeti ár", "Akciós ár", "HUF", "19 990 Ft", "14 990 Ft", "14990"},
		{"Hungarian old price", "Korábbi ár", "Kedvezményes ár", "HUF", "8 490 Ft", "6 990 Ft", "6990"},
		{"Czech", "Dříve", "Nyní", "CZK", "1 299 Kč", "999 Kč", "999"},
		{"Slovak", "Pôvodná cena", "Zľavnená cena", "EUR", "59,90 €", "44,90 €", "44.90"},
		{"Romanian", "Înainte", "Acum", "RON", "299,99 lei", "199,99 lei", "199.99"},
		{"Croatian", "Stara cijena", "Nova cijena", "EUR", "39,99 €", "29,99 €", "29.99"},
		{"Serbian", "Redovna cena", "Akcijska cena", "RSD", "4.999 RSD", "3.999 RSD", "3999"},
		{"Slovenian", "Redna cena", "Akcijska cena", "EUR", "24,99 €", "19,99 €", "19.99"},
		{"Bulgarian", "Стара цена", "Нова цена", "BGN", "59,99 лв.", "39,99 лв.", "39.99"},
		{"Ukrainian", "Стара ціна", "Нова ціна", "UAH", "1 299 ₴", "999 ₴", "999"},
		{"Lithuanian", "Sena kaina", "Nauja kaina", "EUR", "19,99 €", "14,99 €", "14.99"},
		{"Latvian", "Vecā cena", "Jaunā cena", "EUR", "9,99 €", "7,49 €", "7.49"},
		{"Estonian", "Tavahind", "Soodushind", "EUR", "29,90 €", "19,90 €", "19.90"},
		{"Finnish", "Ennen", "Nyt", "EUR", "79,90 €", "59,90 €", "59.90"},
	}
	var cs []classCase
	for _, l := range labels {
		for _, sp := range []string{" ", "\n", ": ", ":\n"} {
			in := l.was + sp + l.old + " " + l.now + sp + l.cut
			cs = append(cs, classCase{name: fmt.Sprintf("%s was then now (%q)", l.lang, in), in: in, h: Hints{Currency: l.cur}, want: l.want, cur: l.cur})
			in = l.now + sp + l.cut + " " + l.was + sp + l.old
			cs = append(cs, classCase{name: fmt.Sprintf("%s now then was (%q)", l.lang, in), in: in, h: Hints{Currency: l.cur}, want: l.want, cur: l.cur})
		}
		// The was-label alone still names the list price, which ranks
		// below an unlabelled price.
		in := l.was + " " + l.old + " " + l.cut
		cs = append(cs, classCase{name: l.lang + " was-label before two prices", in: in, h: Hints{Currency: l.cur}, want: l.want, cur: l.cur})
	}
	return cs
}

// instalmentOrCases: an instalment offer, then the price paid at once.
func instalmentOrCases() []classCase {
	type row struct{ lang, in, cur, want, unit string }
	var rows []row
	for _, n := range []string{"3", "4", "10", "12"} {
		for _, x := range []string{"×", "x", "X", "✕"} {
			rows = append(rows,
				row{"French", n + " " + x + " 33,33 € ou 99,99 €", "EUR", "99.99", ""},
				row{"Portuguese", n + x + " R$ 44,00 ou R$ 528,00", "BRL", "528.00", ""},
				row{"English", n + " " + x + " $25.00 or $99.00", "USD", "99.00", ""},
			)
		}
	}
	for _, m := range []struct{ lang, word, or string }{
		{"German", "mtl.", "oder"}, {"German long", "monatlich", "oder"}, {"English", "monthly", "or"}, {"English p.m.", "p.m.", "or"},
		{"Italian", "al mese", "o"}, {"Spanish", "mensual", "o"}, {"Polish", "miesięcznie", "lub"}, {"Czech", "měsíčně", "nebo"}, {"Romanian", "lunar", "sau"},
	} {
		rows = append(rows,
			row{m.lang + " monthly then the price", "ab 54,13 € " + m.word + " " + m.or + " 1.299,00 €", "EUR", "1299.00", ""},
			row{m.lang + " monthly alone", "54,13 € " + m.word, "EUR", "54.13", m.word},
		)
	}
	// A quantity times the price is the price, not an instalment.
	rows = append(rows, row{"a quantity times the price", "Qty 2 × $19.99 = $39.98", "USD", "19.99", ""})
	cs := make([]classCase, 0, len(rows))
	for _, r := range rows {
		cs = append(cs, classCase{name: fmt.Sprintf("%s (%q)", r.lang, r.in), in: r.in, h: Hints{Currency: r.cur}, want: r.want, cur: r.cur, unit: r.unit})
	}
	return cs
}

// freeWordCases: "free" in more languages and scripts, alone or labelled,
// and as a qualifier of shipping, which is no price.
func freeWordCases() []classCase {
	words := []struct{ word, hint string }{
		{"Darmowe", "PLN"}, {"Bezpłatnie", "PLN"}, {"مجانًا", "AED"}, {"مجانا", "SAR"}, {"مُجاني", "EGP"}, {"मुफ़्त", "INR"}, {"मुफ्त", "INR"}, {"निःशुल्क", "INR"},
		{"Libre", "PHP"}, {"Ingyen", "HUF"}, {"Безплатно", "BGN"}, {"Tasuta", "EUR"}, {"Bezmaksas", "EUR"}, {"Zadarmo", "EUR"}, {"Kostenfrei", "EUR"}, {"Free of charge", "GBP"},
		{"رایگان", "IRR"}, {"বিনামূল্যে", "BDT"}, {"இலவசம்", "INR"},
	}
	var cs []classCase
	for _, w := range words {
		for _, form := range []string{"%s", "%s!", "Price: %s", "  %s\n"} {
			in := fmt.Sprintf(form, w.word)
			cs = append(cs, classCase{name: fmt.Sprintf("%q is a zero price", in), in: in, h: Hints{Currency: w.hint, KeepZero: true}, want: "0", cur: w.hint})
		}
		// Without KeepZero a free word is no price.
		cs = append(cs, classCase{name: w.word + " without KeepZero", in: w.word, h: Hints{Currency: w.hint}, want: "-"})
	}
	for _, in := range []string{"Darmowa dostawa", "Envío libre", "Ingyenes szállítás", "Free of charge delivery"} {
		cs = append(cs, classCase{name: in + " is free shipping, no price", in: in, h: Hints{KeepZero: true}, want: "-"})
	}
	return cs
}

// notPriceCases: numbers in price elements that are no price: times,
// opening hours, phone numbers with a leading zero, model lines,
// free-shipping thresholds, deposits, points and screen sizes.
func notPriceCases() []classCase {
	type row struct{ in, hint string }
	rows := []row{
		{"14:30", "EUR"}, {"9:05", "USD"}, {"08:15", "GBP"}, {"Abholung ab 14:30", "EUR"}, {"Lieferung 10:00-12:00", "EUR"},
		{"Mo–Fr 9–18 Uhr", "EUR"}, {"Mo-Fr 8-20 Uhr", "CHF"}, {"Mo.–Sa. 10–19 Uhr", "EUR"},
		{"0800 123 456", "GBP"}, {"020 7946 0958", "GBP"}, {"07700 900123", "GBP"}, {"0123 456789", "EUR"}, {"030 12345678", "EUR"},
		{"RTX 4090", "USD"}, {"GTX 1080", "EUR"}, {"RX 7900", "USD"}, {"ZX 10", "JPY"},
		{"5,000円以上送料無料", "JPY"}, {"3.980円以上で送料無料", "JPY"}, {"5만원 이상 무료배송", "KRW"}, {"30,000원 이상 구매 시", "KRW"}, {"99元以上包邮", "CNY"},
		{"Deposit: $0.10", "USD"}, {"Pfand 0,25 €", "EUR"}, {"zzgl. Pfand 0,15 €", "EUR"}, {"Statiegeld € 0,10", "EUR"}, {"Kaucja 0,50 zł", "PLN"}, {"Záloha 3 Kč", "CZK"}, {"Bottle deposit $0.05", "USD"},
		{"120 pts", "USD"}, {"500 Punkte", "EUR"}, {"1.000 puntos", "EUR"}, {"300 ポイント", "JPY"}, {"2,500 포인트", "KRW"}, {"1200 积分", "CNY"},
		{"65 Zoll", "EUR"}, {"55 pouces", "EUR"}, {"50 pulgadas", "MXN"}, {"43 дюйма", "RUB"}, {"75 inç", "TRY"}, {"65 インチ", "JPY"},
	}
	var cs []classCase
	for _, r := range rows {
		cs = append(cs, classCase{name: fmt.Sprintf("%q is no price", r.in), in: r.in, h: Hints{Currency: r.hint}, want: "-"})
	}
	// The look-alikes that are prices.
	cs = append(cs,
		classCase{name: "a price with its deposit after it", in: "4,99 € zzgl. 0,25 € Pfand", h: Hints{Currency: "EUR"}, want: "4.99", cur: "EUR"},
		classCase{name: "a brand before a grouped price", in: "RENAULT 129.900", want: "129900"},
		classCase{name: "a time after a price", in: "€ 19,99 bis 14:30 bestellt", h: Hints{Currency: "EUR"}, want: "19.99", cur: "EUR"},
		classCase{name: "a price over a threshold line", in: "2,980円 (5,000円以上送料無料)", h: Hints{Currency: "JPY"}, want: "2980", cur: "JPY"},
		classCase{name: "a 65-inch TV's price", in: "65 Zoll 1.299,00 €", h: Hints{Currency: "EUR"}, want: "1299.00", cur: "EUR"},
		classCase{name: "a Swiss price in francs", in: "Fr. 49.90", h: Hints{Currency: "CHF"}, want: "49.90", cur: "CHF"},
	)
	return cs
}

// splitCentsCases: the cents of a price in a span of their own with no
// point between ("$ 19 99"), and thousands after a spaced point in the
// currencies written without minor units ("Rp 129 . 900").
func splitCentsCases() []classCase {
	var cs []classCase
	for _, sp := range markupSpaces {
		for _, c := range []struct{ pre, post, hint, whole, cents string }{
			{"$", "", "USD", "19", "99"}, {"£", "", "GBP", "24", "99"}, {"€", "", "EUR", "129", "99"}, {"", "USD", "USD", "19", "99"},
			{"$", "AUD", "AUD", "34", "95"}, {"A$", "", "AUD", "1299", "00"}, {"", "zł", "PLN", "49", "90"}, {"R$", "", "BRL", "89", "90"},
		} {
			in := c.whole + sp.s + c.cents
			if c.pre != "" {
				in = c.pre + sp.s + in
			}
			if c.post != "" {
				in += sp.s + c.post
			}
			cs = append(cs, classCase{name: fmt.Sprintf("split cents with %s (%q)", sp.name, in), in: in, h: Hints{Currency: c.hint}, want: c.whole + "." + c.cents, cur: c.hint})
		}
		in := "$" + sp.s + "4" + sp.s + "99" + sp.s + "ea"
		cs = append(cs, classCase{name: "split cents each with " + sp.name, in: in, h: Hints{Currency: "USD"}, want: "4.99", cur: "USD", unit: "ea"})
	}
	for _, c := range []struct{ in, hint, want string }{
		{"Rp 129 . 900", "IDR", "129900"}, {"129 . 000 ₫", "VND", "129000"}, {"$ 12 . 990", "CLP", "12990"}, {"Rp\n49\n.\n900", "IDR", "49900"}, {"₩ 39 . 900", "KRW", "39900"},
		{"12 €99", "EUR", "12.99"}, {"7 €49", "EUR", "7.49"}, {"1299 €00", "EUR", "1299.00"},
	} {
		cs = append(cs, classCase{name: fmt.Sprintf("%q", c.in), in: c.in, h: Hints{Currency: c.hint}, want: c.want, cur: c.hint})
	}
	// Where the two numbers are no whole and cents.
	cs = append(cs,
		classCase{name: "yen have no cents", in: "¥ 19 99", h: Hints{Currency: "JPY"}, want: "19", cur: "JPY"},
		classCase{name: "three numbers are no split price", in: "$ 2 19 99", h: Hints{Currency: "USD"}, want: "2", cur: "USD"},
		classCase{name: "a quantity before a price", in: "2 $12.99", h: Hints{Currency: "USD"}, want: "12.99", cur: "USD"},
	)
	return cs
}

// round3Classes are the generated classes of the third holdout round.
func round3Classes() map[string][]classCase {
	return map[string][]classCase{
		"hint-only symbols": hintOnlyCases(),
		"leading comma":     leadingCommaCases(),
		"was and now":       wasNowCases(),
		"instalment or":     instalmentOrCases(),
		"free words":        freeWordCases(),
		"not prices":        notPriceCases(),
		"split cents":       splitCentsCases(),
	}
}
