package price

import (
	"slices"

	"golang.org/x/text/currency"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// Currency markers: symbols, local abbreviations and words, each with the
// currency it usually means and the others it stands for when the shop's
// hint names one of them. ISO codes written in capitals are recognised
// separately (isoAt), so only local forms need listing here.

// shared symbols, by their most common meaning.
var (
	dollarSym = &curSym{def: "USD", alts: []string{"USD", "CAD", "AUD", "NZD", "HKD", "SGD", "TWD", "MXN", "ARS", "CLP", "COP", "UYU", "BSD", "BBD", "BZD", "BMD", "BND", "FJD", "GYD", "JMD", "KYD", "LRD", "NAD", "SBD", "SRD", "TTD", "XCD", "DOP", "CUP", "ZWL", "WST", "TOP", "KID", "TVD"}}
	yenSym    = &curSym{def: "CNY", alts: []string{"CNY", "JPY"}}
	yuanSym   = &curSym{def: "CNY", alts: []string{"CNY", "TWD", "HKD", "MOP"}}
	poundSym  = &curSym{def: "GBP", alts: []string{"GBP", "EGP", "GIP", "FKP", "SHP", "SSP", "SYP", "LBP"}}
	rupeeSym  = &curSym{def: "INR", alts: []string{"INR", "PKR", "LKR", "NPR", "MUR", "SCR"}}
	kronaSym  = &curSym{def: "SEK", alts: []string{"SEK", "NOK", "DKK", "ISK"}}
	wonSym    = &curSym{def: "KRW", alts: []string{"KRW", "KPW"}}
	rialSym   = &curSym{def: "SAR", alts: []string{"SAR", "IRR", "OMR", "QAR", "YER"}}
	dinarSym  = &curSym{def: "", alts: []string{"KWD", "BHD", "JOD", "IQD", "LYD", "TND", "DZD", "RSD", "MKD"}}
	dirhamSym = &curSym{def: "AED", alts: []string{"AED", "MAD"}}
	madSym    = &curSym{def: "MAD", alts: []string{"MAD", "AED"}}
	leuSym    = &curSym{def: "RON", alts: []string{"RON", "MDL"}}
	// "L" alone is the lek, leu, lempira, lilangeni or loti: the amount is
	// read and the hint names the currency.
	lSym       = &curSym{def: "", alts: []string{"ALL", "RON", "MDL", "HNL", "SZL", "LSL"}}
	pesoSym    = &curSym{def: "", alts: []string{"MXN", "ARS", "CLP", "COP", "PHP", "UYU", "DOP", "CUP", "BOB"}}
	francSym   = &curSym{def: "CHF", alts: []string{"CHF", "XOF", "XAF", "XPF", "RWF", "BIF", "GNF", "DJF", "KMF", "CDF", "MGA"}}
	cfaSym     = &curSym{def: "XOF", alts: []string{"XOF", "XAF"}}
	bolivSym   = &curSym{def: "BOB", alts: []string{"BOB", "VES", "VED"}}
	rubleSym   = &curSym{def: "RUB", alts: []string{"RUB", "BYN"}}
	brSym      = &curSym{def: "BYN", alts: []string{"BYN", "ETB"}}
	shillSym   = &curSym{def: "KES", alts: []string{"KES", "UGX", "TZS", "SOS"}}
	unknownSym = &curSym{def: ""}
	// penceSym is the "p" of "65p" (see findAtoms): hundredths of a pound.
	penceSym = &curSym{def: "GBP", cents: true}
	// euroCentSym and groszSym are "50 ct" in a euro shop and "20 gr" in a
	// Polish one (see findAtoms).
	euroCentSym = &curSym{def: "EUR", cents: true, minor: true}
	groszSym    = &curSym{def: "PLN", cents: true, minor: true}
)

// addCurrencies registers the currency markers. cur adds entries matched
// case-insensitively; cased adds ones that must match exactly, because in
// another case they are something else ("Ft" is forints, "ft" feet; "R" is
// rand only as a capital).
func addCurrencies(cur, cased func(c *curSym, words ...string)) {
	code := func(c string) *curSym { return &curSym{def: c} }

	cur(dollarSym, "$", "dollar", "dollars", "доллар", "долларов", "доллара", "달러", "ドル")
	cur(&curSym{def: dollarSym.def, alts: dollarSym.alts, cents: true}, "¢")
	// The cents of a euro shop are its own ("50 cent" with an EUR hint).
	cur(&curSym{def: dollarSym.def, alts: slices.Concat(dollarSym.alts, []string{"EUR", "ZAR"}), cents: true}, "cents", "cent")
	// Minor units written alone ("10 коп.", "20 groszy", "50 bani"):
	// hundredths of the currency they name. A kopeck is the rouble's, the
	// hryvnia's and the Belarusian rouble's alike, so the hint picks one,
	// and without a hint among them the currency is left unknown ("")
	// rather than guessed; céntimos, centavos and centimes likewise. The
	// abbreviations "ct" (euro cents, or a count) and "gr" (groszy, or
	// grams) are read so only with the hint (findAtoms).
	hundredths := func(def string, alts ...string) *curSym {
		return &curSym{def: def, alts: alts, cents: true, minor: true}
	}
	cur(hundredths("", "RUB", "UAH", "BYN"), "коп", "коп.", "копеек", "копейки", "копейка", "копейку", "копійок", "копійки", "копійка")
	cur(hundredths("PLN"), "groszy", "grosze", "grosz")
	cur(hundredths("HUF"), "fillér")
	cur(hundredths("RON", "RON", "MDL"), "bani")
	cur(hundredths("TRY"), "kuruş", "kurus")
	cur(hundredths("BGN"), "stotinki", "стотинки", "стотинка")
	cur(hundredths("SEK"), "öre")
	cur(hundredths("", "NOK", "DKK"), "øre")
	cur(hundredths("", "EUR", "PEN", "CRC", "PAB", "UYU", "VES"), "céntimos", "céntimo", "centimos")
	cur(hundredths("", "BRL", "MXN", "ARS", "COP", "PHP", "DOP", "CUP", "BOB", "GTQ", "NIO", "HNL", "MZN", "CVE", "AOA"), "centavos", "centavo")
	cur(hundredths("", "EUR", "CHF", "MAD", "XOF", "XAF", "HTG", "DZD"), "centimes", "centime")
	cur(code("USD"), "us$", "us $", "usd$", "u$s", "u$d", "美元", "美金")
	cur(code("HKD"), "hk$", "hk $", "港元", "港币", "港幣")
	cur(code("TWD"), "nt$", "nt $", "台币", "台幣", "新台币", "新台幣")
	cur(code("SGD"), "s$", "sg$", "sgd$")
	cur(code("AUD"), "a$", "au$", "au $", "aud$")
	cur(code("CAD"), "ca$", "ca $", "can$", "cad$", "cdn$", "cdn $", "$ ca", "$ can")
	// C$ is the Canadian dollar, or the Nicaraguan córdoba with that hint;
	// eBay Canada writes "C $12.00".
	cur(&curSym{def: "CAD", alts: []string{"CAD", "NIO"}}, "c$", "c $")
	cur(code("NZD"), "nz$", "nz $", "nzd$")
	cur(code("BRL"), "r$", "reais")
	cur(code("MXN"), "mx$", "mex$", "mxn$")
	cur(code("ARS"), "ar$")
	cur(code("CLP"), "clp$")
	cur(code("COP"), "col$", "cop$")
	cur(code("UYU"), "$u")
	cur(code("DOP"), "rd$")
	cur(code("JMD"), "j$")
	cur(code("TTD"), "tt$")
	cur(code("BZD"), "bz$")
	cur(code("BBD"), "bds$")
	cur(code("XCD"), "ec$")
	cur(code("FJD"), "fj$")
	cur(code("NAD"), "n$")
	cur(code("BOB"), "$b")
	cur(code("JPY"), "jp¥", "円", "日元", "日圆", "日圓", "yen", "엔", "иен", "йен")
	cur(code("CNY"), "cn¥", "rmb", "yuan", "人民币", "人民幣", "юаней", "юань", "위안")
	cur(yenSym, "¥")
	cur(yuanSym, "元", "块", "塊", "圆", "圓")
	cur(code("EUR"), "€", "euro", "euros", "欧元", "歐元", "евро", "ευρώ", "유로", "ユーロ")
	cur(poundSym, "£", "₤", "pound", "pounds")
	cur(code("GBP"), "英镑", "英鎊", "фунтов")
	cur(code("EGP"), "e£", "l.e.", "ج.م", "ج.م.", "جنيه")
	cur(wonSym, "₩", "원")
	cur(code("KRW"), "韩元", "韓元")
	cur(code("INR"), "₹", "रुपये", "rupees", "rupee")
	// Nepal writes रु as India does: the hint decides.
	cur(rupeeSym, "रु", "रु.")
	cased(code("INR"), "र")
	cur(rupeeSym, "rs", "rs.", "₨", "rs/-")
	cur(code("NPR"), "रू")
	cur(code("LKR"), "රු")
	cur(code("PKR"), "روپے")
	cur(rubleSym, "₽", "руб", "руб.", "рубль", "рублей", "рубля", "р.", "rubles", "roubles", "ruble")
	cased(rubleSym, "Р", "р")
	cur(code("TRY"), "₺", "tl", "lira", "türk lirası")
	cur(code("BDT"), "৳", "টাকা")
	cased(code("BDT"), "Tk", "TK", "Tk.")
	cur(code("AED"), "د.إ", "د.إ.", "درهم")
	cur(dirhamSym, "dirham", "dirhams")
	cased(dirhamSym, "Dhs", "DHS", "Dh", "Dhs.")
	// Moroccan shops write "149,00 DH"; the Emirates "Dhs" or "AED".
	cased(madSym, "DH")
	cased(code("HNL"), "Lps", "Lps.")
	cur(code("MAD"), "د.م.", "د.م")
	cur(rialSym, "ريال", "﷼", "riyal", "riyals", "rial")
	cur(code("IRR"), "ریال")
	// Toman is ten rials and has no ISO code: the amount is read as written
	// and the currency left to the hint.
	cur(unknownSym, "تومان", "toman", "tomans")
	cur(code("SAR"), "ر.س", "ر.س.")
	cur(code("QAR"), "ر.ق", "ر.ق.")
	cur(code("KWD"), "د.ك", "د.ك.")
	cased(code("KWD"), "KD", "K.D.")
	cur(code("BHD"), "د.ب", "د.ب.")
	cased(code("BHD"), "BD")
	cur(code("OMR"), "ر.ع", "ر.ع.")
	cur(code("JOD"), "د.ا", "د.أ")
	cased(code("JOD"), "JD")
	cur(code("TND"), "د.ت")
	cased(code("TND"), "DT")
	cur(code("LYD"), "ل.د")
	cur(code("IQD"), "ع.د", "د.ع")
	cur(code("DZD"), "د.ج")
	cur(code("LBP"), "ل.ل")
	cur(code("SYP"), "ل.س")
	cur(dinarSym, "dinar", "dinars", "دينار")
	cur(code("RSD"), "din.", "dinara", "динара", "дин.", "дин")
	cur(code("MKD"), "ден", "ден.", "denari")
	cur(code("VND"), "₫", "đ", "vnđ", "đồng", "dong", "đ.")
	cur(code("PHP"), "₱", "php", "pesos filipinos")
	cur(pesoSym, "peso", "pesos")
	cur(code("THB"), "฿", "บาท", "baht")
	cur(code("ILS"), "₪", "ש\"ח", "ש״ח", "שקל", "שקלים", "nis")
	cur(code("UAH"), "₴", "грн", "грн.", "гривень", "гривня", "гривні", "hryvnia")
	cur(code("IDR"), "rp", "rp.", "rupiah")
	cur(code("MYR"), "rm", "ringgit")
	cur(kronaSym, "kr", "kr.", ":-", "kronor", "kroner", "krona", "krone")
	cur(code("ISK"), "ísk")
	cur(code("PLN"), "zł", "zl", "złotych", "zlotych", "złoty", "zloty")
	cur(code("CZK"), "kč", "korun", "koruna")
	cased(code("HUF"), "Ft", "FT", "Ft.")
	cur(code("HUF"), "forint")
	cur(leuSym, "lei", "leu")
	cur(code("BGN"), "лв", "лв.", "leva")
	cur(code("ALL"), "lek", "lekë", "leke")
	cased(lSym, "L", "L.")
	cur(code("HRK"), "kn", "kuna")
	cased(code("BAM"), "KM")
	cur(code("CHF"), "chf.", "fr.", "sfr.", "sfr", "frs.")
	cased(francSym, "Fr")
	cur(cfaSym, "cfa", "fcfa", "f cfa")
	cur(code("NGN"), "₦", "naira")
	cur(code("GHS"), "₵", "gh₵", "gh¢", "ghc", "ghs¢", "cedi", "cedis")
	cur(shillSym, "ksh", "ksh.", "kshs", "kshs.")
	cur(code("UGX"), "ush", "ush.")
	cur(code("TZS"), "tsh", "tsh.")
	cur(code("KZT"), "₸", "тг", "тг.", "тенге", "теңге", "tenge")
	cur(code("AZN"), "₼", "ман.", "манат", "manat")
	cur(code("GEL"), "₾", "лари", "lari")
	cur(code("AMD"), "֏", "դր.", "драм", "dram")
	cur(code("KGS"), "сом")
	cur(code("UZS"), "сўм", "so'm", "сум", "soʻm")
	cur(code("MNT"), "₮", "төгрөг")
	cur(code("LAK"), "₭", "ກີບ")
	cur(code("KHR"), "៛", "riel")
	cur(code("MMK"), "kyat")
	cased(code("MMK"), "Ks")
	cur(code("PEN"), "soles")
	cased(code("PEN"), "S/", "S/.")
	cur(bolivSym, "bs", "bs.", "bs.s", "bs.f", "bolívares", "bolivares")
	cased(code("GTQ"), "Q")
	cased(code("GTQ"), "Q.")
	// Gulf and Maghreb shops' Latin abbreviations: "129 SR", "129 QR", "1 250 DA".
	cased(code("SAR"), "SR")
	cased(code("QAR"), "QR")
	cased(code("DZD"), "DA")
	cur(code("GTQ"), "quetzales", "quetzal")
	cur(code("CRC"), "₡", "colones")
	cased(code("PAB"), "B/.", "B/")
	cur(code("SDG"), "ج.س.", "ج.س")
	cur(code("PYG"), "₲", "guaraníes")
	cased(code("PYG"), "Gs", "Gs.")
	cur(code("HNL"), "lempiras")
	cased(code("AWG"), "Afl", "Afl.")
	cur(code("ANG"), "ƒ")
	cased(code("ANG"), "NAf", "NAf.")
	cased(code("AOA"), "Kz")
	cur(code("MZN"), "meticais")
	cased(code("MZN"), "MT", "MTn")
	cased(code("ZAR"), "R")
	cur(code("ZAR"), "rand")
	cur(brSym, "бел. руб.", "бел.руб.")
	cased(brSym, "Br", "Br.")
	cur(code("ETB"), "birr", "ብር")
	cased(code("BTN"), "Nu.")
	cur(code("MVR"), "ރ.")
	cased(code("MVR"), "Rf", "MRf")
	cur(code("TJS"), "смн", "сомонӣ")
	cur(code("PGK"), "kina")
	// Letters that are these currencies' symbols only in their own shops
	// ("K 25.00" in Papua New Guinea or Zambia, "P 1,299" in Botswana or
	// the Philippines); elsewhere "K" multiplies and "Le" is French.
	hintOnly := func(alts ...string) *curSym { return &curSym{def: "", alts: alts, hintOnly: true} }
	cased(hintOnly("PGK", "ZMW", "MMK"), "K")
	cased(hintOnly("MWK"), "MK")
	cased(hintOnly("ZMW"), "ZK")
	cased(hintOnly("BWP", "PHP"), "P")
	cased(hintOnly("SZL"), "E")
	cased(hintOnly("GMD"), "D")
	cased(hintOnly("SLE", "SLL"), "Le")
	cased(hintOnly("WST"), "WS$", "T")
	cased(hintOnly("TOP"), "T$")
	cased(hintOnly("EGP"), "LE")
	cased(hintOnly("LBP"), "LL")
	cased(hintOnly("OMR"), "RO")
	cased(hintOnly("MRU"), "UM")
	cased(hintOnly("CDF"), "FC")
	cased(hintOnly("GNF"), "FG")
	cased(hintOnly("BIF"), "FBu")
	cased(hintOnly("KMF"), "CF")
	cur(code("XPF"), "xpf", "f.cfp", "cfp")

	// Anything else of Unicode category Sc (₶, ₣, ₧, ...) is a currency,
	// read as unknown: see lex.
}

// newerCodes are ISO 4217 codes in use that golang.org/x/text/currency
// does not know yet (Venezuela's bolívar of 2018 and 2021, Sierra Leone's
// leone of 2022, Mauritania's ouguiya of 2018, Zimbabwe gold, the
// Caribbean guilder): a hint or a code in the text naming one is read as
// that currency, with two decimals.
var newerCodes = map[string]bool{"VES": true, "VED": true, "SLE": true, "MRU": true, "ZWG": true, "XCG": true}

// isCode reports whether c is an ISO 4217 code a shop may price in.
func isCode(c string) bool {
	if len(c) != 3 {
		return false
	}
	if newerCodes[c] {
		return true
	}
	_, err := currency.ParseISO(c)
	return err == nil
}

// minorDigits returns the number of minor digits shops print for a
// currency, from CLDR through golang.org/x/text/currency: standard (the
// ISO 4217 minor unit as CLDR states it, e.g. 3 for KWD) and cash (what
// shops round to, e.g. 0 for HUF, CZK and TWD, whose prices are shown
// whole). ok is false for an unknown code.
func minorDigits(code string) (standard, cash int, ok bool) {
	u, err := currency.ParseISO(code)
	if err != nil {
		return 2, 2, false
	}
	standard, _ = currency.Standard.Rounding(u)
	cash, _ = currency.Cash.Rounding(u)
	return standard, cash, true
}

// MinorUnits returns how many decimals the currency's amounts have (its
// ISO 4217 minor unit, as CLDR states it): 2 for USD and EUR, 0 for JPY,
// KRW, CLP and VND, 3 for KWD, BHD, OMR, JOD and TND. ok is false when code
// is no ISO 4217 code.
func MinorUnits(code string) (digits int, ok bool) {
	// pricing owns the table, so the parser and the reports agree on a
	// currency's decimals.
	return pricing.MinorUnits(code)
}
