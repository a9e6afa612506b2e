package price

import (
	"unicode"

	"golang.org/x/text/currency"
)

// kind is what a token of shop text is.
type kind uint8

const (
	kNum      kind = iota // digits with their separators: "1 299,00"
	kCur                  // a currency symbol, code or word
	kMult                 // a multiplier after a number: 万, 亿, k, M
	kDash                 // a range connector: -, ~, to, 至, bis
	kFrom                 // a "from" price before the number: from, ab, 起价
	kFromPost             // a "from" price after the number: 起
	kLabel                // a price label: 现价, was, 券后, price
	kSkipPre              // the next number is not the price: save, 满, 减
	kSkipPost             // the previous number is not the price: off
	kCount                // a sales or review count word: sold, 评价
	kRating               // a rating word after the number: stars, 星
	kOutOf                // a rating word before the scale: out of
	kPct                  // %
	kPlus                 // +
	kSlash                // /
	kPunct                // other punctuation
	kWord                 // any other word
)

// token is one lexed piece of normalised text.
type token struct {
	kind  kind
	space bool // whitespace came before the token
	// text is the number's digits and separators (kNum) or the word (kWord).
	text string
	// dash is true for a literal '-' (which may also be a minus sign).
	dash bool
	// pow is the power of ten of a kMult; latin marks k and M, which are
	// units as often as multipliers.
	pow   int
	latin bool
	cur   *curSym
	role  Label
	// jp marks words only Japanese shops print (税込), which make ¥ yen.
	jp bool
}

// curSym is what a currency marker can mean: its usual currency and the
// other currencies it stands for when the shop's hint names one of them.
type curSym struct {
	def  string
	alts []string
	// cents marks "¢": the number counts hundredths.
	cents bool
}

// resolve returns the ISO code a marker means given the hinted currency.
func (c *curSym) resolve(hint string) string {
	for _, a := range c.alts {
		if a == hint {
			return hint
		}
	}
	return c.def
}

// entry is one word or symbol the lexer knows.
type entry struct {
	text []rune // lower case
	tok  token
}

// lexicon holds the known words keyed by their first rune, longest first.
// It is built once and never written afterwards, so sharing it is safe.
var lexicon = buildLexicon()

func buildLexicon() map[rune][]entry {
	dollar := &curSym{def: "USD", alts: []string{"USD", "CAD", "AUD", "NZD", "HKD", "SGD", "TWD", "MXN", "ARS", "CLP", "COP", "UYU", "BSD", "BBD", "BZD", "BMD", "BND", "FJD", "GYD", "JMD", "KYD", "LRD", "NAD", "SBD", "SRD", "TTD", "XCD", "DOP", "CUP", "ZWL"}}
	yen := &curSym{def: "CNY", alts: []string{"CNY", "JPY"}}
	yuan := &curSym{def: "CNY", alts: []string{"CNY", "TWD", "HKD", "MOP"}}
	pound := &curSym{def: "GBP", alts: []string{"GBP", "EGP", "GIP", "FKP", "SHP"}}
	rupee := &curSym{def: "INR", alts: []string{"INR", "PKR", "LKR", "NPR", "MUR", "SCR"}}
	krona := &curSym{def: "SEK", alts: []string{"SEK", "NOK", "DKK", "ISK"}}
	won := &curSym{def: "KRW", alts: []string{"KRW", "KPW"}}
	code := func(c string) *curSym { return &curSym{def: c} }

	m := map[rune][]entry{}
	add := func(t token, words ...string) {
		for _, w := range words {
			rs := []rune(w)
			m[rs[0]] = append(m[rs[0]], entry{rs, t})
		}
	}
	cur := func(c *curSym, words ...string) { add(token{kind: kCur, cur: c}, words...) }

	cur(dollar, "$", "dollar", "dollars")
	cur(&curSym{def: dollar.def, alts: dollar.alts, cents: true}, "¢", "cents", "cent")
	cur(code("USD"), "us$", "us $", "usd$", "u$s", "usd", "美元", "美金")
	cur(code("HKD"), "hk$", "hk $", "hkd", "港元", "港币", "港幣")
	cur(code("TWD"), "nt$", "nt $", "twd", "台币", "台幣", "新台币", "新台幣")
	cur(code("SGD"), "s$", "sg$", "sgd")
	cur(code("AUD"), "a$", "au$", "au $", "aud")
	cur(code("CAD"), "c$", "ca$", "ca $", "can$", "cad")
	cur(code("NZD"), "nz$", "nz $", "nzd")
	cur(code("BRL"), "r$", "brl")
	cur(code("MXN"), "mx$", "mxn")
	cur(code("JPY"), "jp¥", "円", "日元", "日圆", "日圓", "yen", "jpy")
	cur(code("CNY"), "cn¥", "rmb", "cny", "yuan", "人民币", "人民幣")
	cur(yen, "¥")
	cur(yuan, "元", "块", "塊", "圆", "圓")
	cur(code("EUR"), "€", "eur", "euro", "euros", "欧元", "歐元")
	cur(pound, "£")
	cur(code("GBP"), "gbp", "英镑", "英鎊")
	cur(won, "₩", "원")
	cur(code("KRW"), "krw", "韩元", "韓元")
	cur(code("INR"), "₹", "inr")
	cur(rupee, "rs", "rs.", "₨")
	cur(code("RUB"), "₽", "руб", "руб.", "rub")
	cur(code("TRY"), "₺", "tl")
	cur(code("BDT"), "৳")
	cur(code("AED"), "د.إ")
	cur(code("SAR"), "ر.س")
	cur(code("QAR"), "ر.ق")
	cur(code("KWD"), "د.ك")
	cur(code("EGP"), "ج.م")
	cur(code("VND"), "₫", "đ", "vnd")
	cur(code("PHP"), "₱")
	cur(code("THB"), "฿")
	cur(code("ILS"), "₪")
	cur(code("UAH"), "₴", "грн")
	cur(code("IDR"), "rp")
	cur(code("MYR"), "rm")
	cur(krona, "kr", "kr.")
	cur(code("SEK"), "sek")
	cur(code("NOK"), "nok")
	cur(code("DKK"), "dkk")
	cur(code("PLN"), "zł", "pln")
	cur(code("CZK"), "kč", "czk")
	cur(code("HUF"), "huf") // not "ft": "6 ft" is a length far more often
	cur(code("RON"), "lei")
	cur(code("CHF"), "chf", "fr.", "sfr.")
	cur(code("NGN"), "₦")
	cur(code("GHS"), "₵")
	cur(code("KZT"), "₸")
	cur(code("AZN"), "₼")
	cur(code("GEL"), "₾")

	add(token{kind: kMult, pow: 4}, "万", "萬")
	add(token{kind: kMult, pow: 8}, "亿", "億")
	add(token{kind: kMult, pow: 3}, "千")
	add(token{kind: kMult, pow: 3, latin: true}, "k")
	add(token{kind: kMult, pow: 6, latin: true}, "m", "mio", "mn")
	add(token{kind: kMult, pow: 4, latin: true}, "w") // 万 in Taobao shorthand: "2w+"

	add(token{kind: kDash}, "to", "至", "到", "bis", "à", "a")
	add(token{kind: kFrom}, "from", "starting at", "starting from", "starts at", "as low as", "ab", "à partir de", "a partir de", "desde", "dès", "von", "起价", "起價", "低至")
	add(token{kind: kFromPost}, "起", "起售", "起/件")

	add(token{kind: kLabel, role: LabelCoupon}, "券后", "券後", "券后价", "券後價", "用券后", "领券后", "到手价", "到手價", "到手", "after coupon", "with coupon")
	add(token{kind: kLabel, role: LabelCurrent}, "现价", "現價", "促销价", "促銷價", "活动价", "活動價", "秒杀价", "折后价", "折後價", "优惠价", "優惠價", "特价", "特價", "会员价", "抢购价",
		"now", "now only", "sale", "sale price", "special price", "offer price", "our price", "deal price", "price now", "deal", "jetzt", "nur")
	add(token{kind: kLabel, role: LabelList}, "原价", "原價", "划线价", "劃線價", "市场价", "市場價", "参考价", "參考價", "吊牌价", "吊牌價", "专柜价", "專櫃價", "门市价", "門市價", "建议零售价", "指导价",
		"was", "list price", "list", "rrp", "msrp", "srp", "original price", "orig", "regular price", "reg", "compare at", "compare at price", "retail price", "retail", "uvp", "statt", "old price", "before", "typical price")
	add(token{kind: kLabel}, "price", "prices", "价格", "價格", "售价", "售價", "单价", "單價", "价", "價", "仅售", "僅售", "仅", "僅", "只要", "preis", "prix", "precio", "prezzo", "цена", "only", "just", "per", "each", "ea", "incl", "vat", "tax", "inc", "excl", "包邮", "包郵", "total", "in")
	add(token{kind: kLabel, jp: true}, "税込", "税抜", "税抜き", "税別", "送料無料", "送料込")
	add(token{kind: kSkipPre}, "discount", "rabatt", "savings", "save", "you save", "省", "立省", "减", "減", "立减", "立減", "直降", "满", "滿", "over", "spend", "运费", "運費", "邮费", "郵費", "定金", "订金")
	add(token{kind: kSkipPost}, "off", "shipping", "delivery", "postage")
	add(token{kind: kCount}, "sold", "reviews", "review", "ratings", "rating", "orders", "bought", "sales", "purchased", "buyers",
		"已售", "已售出", "月销", "月銷", "销量", "銷量", "评价", "評價", "条评价", "條評價", "人评价", "人評價", "评论", "評論", "人付款", "人已付款", "人收货", "人收貨", "人购买", "人已购买", "人已買", "笔", "筆", "已拼", "件")
	add(token{kind: kOutOf}, "out of", "sur")
	add(token{kind: kRating}, "stars", "star", "星", "分", "sterne", "sternen", "étoiles", "estrellas", "stelle")

	for r, es := range m {
		// Longest first, so "us$" beats "$" and "sale price" beats "sale".
		for i := 1; i < len(es); i++ {
			for j := i; j > 0 && len(es[j].text) > len(es[j-1].text); j-- {
				es[j], es[j-1] = es[j-1], es[j]
			}
		}
		m[r] = es
	}
	// Upper-case keys too: entries are matched against lower-cased text, but
	// the first-rune lookup happens on that lower-cased rune already, so
	// nothing more is needed here.
	return m
}

// normalize maps the many look-alike runes shops print onto one each:
// full-width forms to ASCII, every space to ' ', every dash to '-', so the
// lexer has one spelling to handle.
func normalize(s string) []rune {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
			r -= 0xFEE0
		case r == 0xFFE5:
			r = '¥'
		case r == 0xFFE1:
			r = '£'
		case r == 0xFFE6:
			r = '₩'
		case r >= 0x0660 && r <= 0x0669:
			r = '0' + r - 0x0660
		case r >= 0x06F0 && r <= 0x06F9:
			r = '0' + r - 0x06F0
		case r >= 0x0966 && r <= 0x096F:
			r = '0' + r - 0x0966
		case r == 0x200B, r == 0x200C, r == 0x200D, r == 0xFEFF, r == 0x2060, r == 0x00AD:
			continue // invisible
		case r == 0x00A0, r == 0x202F, r == 0x205F, r == 0x3000, r >= 0x2000 && r <= 0x200A, unicode.IsSpace(r):
			r = ' '
		case r >= 0x2010 && r <= 0x2015, r == 0x2212, r == 0xFE58, r == 0xFE63:
			r = '-'
		case r == 0x301C, r == 0x223C:
			r = '~'
		case r == 0x2018, r == 0x2019, r == 0x02BC, r == 0x2032:
			r = '\''
		}
		out = append(out, r)
	}
	return out
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// isCJK reports whether r belongs to a script written without spaces, where
// words cannot be told apart by boundaries.
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// isAlpha reports whether r is a letter of a script written with spaces.
func isAlpha(r rune) bool { return unicode.IsLetter(r) && !isCJK(r) }

// lex splits normalised text into tokens.
func lex(rs []rune) []token {
	lower := make([]rune, len(rs))
	for i, r := range rs {
		lower[i] = unicode.ToLower(r)
	}
	var toks []token
	space := false
	for i := 0; i < len(rs); {
		r := rs[i]
		if r == ' ' {
			space = true
			i++
			continue
		}
		t := token{space: space}
		switch {
		case isDigit(r) || r == '.' && i+1 < len(rs) && isDigit(rs[i+1]) && (i == 0 || !isDigit(rs[i-1])):
			t.kind = kNum
			j := lexNumber(rs, i)
			t.text = string(rs[i:j])
			i = j
		default:
			if e, ok := match(rs, lower, i); ok {
				t = e.tok
				t.space = space
				i += len(e.text)
				break
			}
			if c := isoAt(rs, i); c != "" {
				t.kind, t.cur = kCur, &curSym{def: c}
				i += 3
				break
			}
			switch {
			case isAlpha(r):
				j := i
				for j < len(rs) && isAlpha(rs[j]) {
					j++
				}
				t.kind, t.text = kWord, string(rs[i:j])
				i = j
				break
			case unicode.IsLetter(r):
				t.kind, t.text = kWord, string(r)
				i++
			default:
				switch r {
				case '-':
					t.kind, t.dash = kDash, true
				case '~':
					t.kind = kDash
				case '%', '‰':
					t.kind = kPct
				case '+':
					t.kind = kPlus
				case '/':
					t.kind = kSlash
				default:
					t.kind = kPunct
				}
				i++
			}
		}
		toks = append(toks, t)
		space = false
	}
	return toks
}

// lexNumber returns the end of the number starting at rs[i]: digits joined by
// single separators, perhaps ending in ",-". A space or apostrophe joins only a group of exactly
// three digits that precedes any decimal point, so "¥99 199" stays two
// numbers while "1 299,00" is one.
func lexNumber(rs []rune, i int) int {
	j := i
	if rs[j] == '.' {
		j++
	}
	for j < len(rs) && isDigit(rs[j]) {
		j++
	}
	groupLen := j - i
	seenPoint := rs[i] == '.'
	for j+1 < len(rs) {
		s := rs[j]
		if s != ',' && s != '.' && s != ' ' && s != '\'' || !isDigit(rs[j+1]) {
			break
		}
		k := j + 1
		for k < len(rs) && isDigit(rs[k]) {
			k++
		}
		if s == ' ' || s == '\'' {
			if seenPoint || groupLen > 3 || k-(j+1) != 3 {
				break
			}
		} else {
			seenPoint = true
		}
		groupLen = k - (j + 1)
		j = k
	}
	// "199,-" and "1.299,-": the dash says "no minor units" and marks the
	// separator before it as the decimal point.
	if j+1 < len(rs) && (rs[j] == ',' || rs[j] == '.') && rs[j+1] == '-' && (j+2 == len(rs) || !isDigit(rs[j+2])) {
		j += 2
	}
	return j
}

// match finds the longest lexicon entry at rs[i]. Entries of space-written
// scripts must stand as whole words, so "to" does not match in "total".
func match(rs, lower []rune, i int) (entry, bool) {
	for _, e := range lexicon[lower[i]] {
		n := len(e.text)
		if i+n > len(rs) {
			continue
		}
		ok := true
		for k, r := range e.text {
			if lower[i+k] != r {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		if isAlpha(e.text[0]) && i > 0 && isAlpha(rs[i-1]) {
			continue
		}
		if isAlpha(e.text[n-1]) && i+n < len(rs) && isAlpha(rs[i+n]) {
			continue
		}
		return e, true
	}
	return entry{}, false
}

// isoAt returns the ISO 4217 code written in capitals as a word at rs[i],
// or "". Codes must be upper case: "PEN" is a currency, "pen" a word.
func isoAt(rs []rune, i int) string {
	if i+3 > len(rs) || i > 0 && isAlpha(rs[i-1]) || i+3 < len(rs) && isAlpha(rs[i+3]) {
		return ""
	}
	for _, r := range rs[i : i+3] {
		if r < 'A' || r > 'Z' {
			return ""
		}
	}
	c := string(rs[i : i+3])
	if c[0] == 'X' { // precious metals and test codes, never a shop price
		return ""
	}
	if _, err := currency.ParseISO(c); err != nil {
		return ""
	}
	return c
}
