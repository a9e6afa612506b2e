package price

import (
	"slices"
	"sort"
	"strings"
	"unicode"
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
	kUnit                 // a unit of quantity: ml, kg, pcs, 坪, month
	kPer                  // "per", "pro", "je": a unit price's unit follows
	kFree                 // free, gratis, 免费: a zero price
	kMonth                // a month name: the numbers near it are a date
	kTel                  // phone, tel: the numbers after it are a phone number
	kSKU                  // SKU, item #, 货号: the number after it is a code
	kArrow                // →, ->: the price before it was, the one after is
	kNet                  // ex VAT, zzgl. MwSt.: the price is net of tax
	kInst                 // payments of: the next price is an instalment
	kMonthly              // mtl., monthly: the price before it is paid per month
)

// token is one lexed piece of normalised text.
type token struct {
	kind  kind
	space bool // whitespace came before the token
	// text is the number's digits and separators (kNum), or the word or
	// symbol as written.
	text string
	// dash is true for a literal '-' (which may also be a minus sign).
	dash bool
	// pow is the power of ten of a kMult; latin marks k and M, which are
	// units as often as multipliers.
	pow   int
	latin bool
	word  bool // a multiplier word ("million", "lakh") that may follow a space
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
	// minor marks a minor unit's name read without its major unit ("10
	// коп.", "20 groszy"): such a price ranks below one in major units, as
	// a deposit or a unit price beside the item's price is written so.
	minor bool
	// hintOnly marks a marker that is a currency only when the hint names
	// one of alts, and only before a number: "K" (kina, kwacha, kyat) is
	// else a multiplier or a letter.
	hintOnly bool
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
	text  []rune // lower case unless cased
	tok   token
	cased bool // matched exactly as written ("Ft", "R"), not case-folded
}

// lexicon holds the known words keyed by their first rune, longest first.
// It is built once and never written afterwards, so sharing it is safe.
var lexicon = buildLexicon()

func buildLexicon() map[rune][]entry {
	m := map[rune][]entry{}
	put := func(t token, cased bool, words ...string) {
		for _, w := range words {
			rs := []rune(w)
			if !cased {
				for i, r := range rs {
					rs[i] = unicode.ToLower(r)
				}
			}
			k := unicode.ToLower(rs[0])
			m[k] = append(m[k], entry{text: rs, tok: t, cased: cased})
		}
	}
	add := func(t token, words ...string) { put(t, false, words...) }
	addCurrencies(
		func(c *curSym, words ...string) { put(token{kind: kCur, cur: c}, false, words...) },
		func(c *curSym, words ...string) { put(token{kind: kCur, cur: c}, true, words...) },
	)

	add(token{kind: kMult, pow: 4}, "万", "萬", "만")
	add(token{kind: kMult, pow: 8}, "亿", "億", "억")
	add(token{kind: kMult, pow: 3}, "千", "천")
	add(token{kind: kMult, pow: 3, latin: true}, "k")
	add(token{kind: kMult, pow: 6, latin: true}, "m", "mio", "mn")
	add(token{kind: kMult, pow: 4, latin: true}, "w") // 万 in Taobao shorthand: "2w+"
	// Multiplier words count even after a space ("€1,5 Mio.", "₹5 lakh",
	// "Rp 50 ribu"), unlike the single letters above.
	add(token{kind: kMult, pow: 3, word: true}, "thousand", "tys.", "tys", "тыс.", "тыс", "ribu", "rb", "nghìn", "ngàn", "mil")
	add(token{kind: kMult, pow: 5, word: true}, "lakh", "lakhs", "lac", "lacs", "लाख")
	add(token{kind: kMult, pow: 6, word: true}, "million", "millions", "millionen", "mio.", "millones", "millions de", "млн", "млн.", "juta", "jt", "triệu", "mln", "mln.")
	add(token{kind: kMult, pow: 7, word: true}, "crore", "crores", "cr", "cr.", "करोड़")
	add(token{kind: kMult, pow: 9, word: true}, "billion", "billions", "mrd", "mrd.", "milliarden", "млрд", "tỷ")

	add(token{kind: kDash}, "to", "至", "到", "bis", "à", "a", "до", "tot", "al", "ate", "até", "hasta", "do", "až", "til", "till")
	add(token{kind: kFrom}, "from", "offers over", "offers in excess of", "starting at", "starting from", "starts at", "as low as", "ab", "à partir de", "a partir de", "desde", "dès", "von", "起价", "起價", "低至",
		"vanaf", "från", "fra", "fra kr", "alkaen", "od", "от", "від", "a partire da", "da", "à partir du", "už od", "jau nuo", "từ", "mulai", "mulai dari", "เริ่มต้น", "ابتداءً من", "החל מ", "최저")
	add(token{kind: kFromPost}, "起", "起售", "起/件", "부터", "から")

	add(token{kind: kLabel, role: LabelCoupon}, "sepette", "券后", "券後", "券后价", "券後價", "用券后", "领券后", "到手价", "到手價", "到手", "after coupon", "with coupon", "쿠폰적용가", "쿠폰 적용가", "쿠폰가", "쿠폰할인가")
	add(token{kind: kLabel, role: LabelCurrent}, "现价", "現價", "促销价", "促銷價", "活动价", "活動價", "秒杀价", "折后价", "折後價", "优惠价", "優惠價", "特价", "特價", "会员价", "抢购价",
		"now", "now only", "sale", "sale price", "special price", "offer price", "our price", "deal price", "price now", "deal", "jetzt", "nur", "nu", "nyt", "naša cena", "naše cena", "akční cena", "promo", "promocja", "prix promo", "oferta", "precio oferta", "sconto", "indirimli fiyat", "cena promocyjna", "giá khuyến mãi", "할인가", "판매가", "セール価格", "特別価格", "販売価格", "sale!", "special", "offer", "discounted price", "your price", "членская цена", "скидка цена",
		// Now-words and sale labels of more shops: Nordic, Romance, Slavic, Arabic, Asian.
		"nå", "tilbud", "after discount", "price after discount", "final price", "tilbudspris", "kampanjpris", "reapris", "ahora", "agora", "maintenant", "teraz", "şimdi", "precio con descuento", "preço promocional", "prezzo scontato", "prix soldé",
		"новая цена", "цена со скидкой", "بعد الخصم", "السعر الحالي", "الآن", "מחיר מבצע", "harga promo", "harga diskon", "giá sale", "ราคาพิเศษ", "ลดเหลือ", "特価", "割引価格", "할인판매가", "selling price",
		"折扣价", "折扣價", "专享价", "專享價", "会員価格", "タイムセール", "회원가", "혜택가", "최종가", "harga jualan",
		// Shopify's "Sale price" in its shop languages, and kin.
		"verkaufspreis", "sonderpreis", "angebotspreis", "neuer preis", "precio de venta", "precio de oferta", "aanbiedingsprijs", "salgspris", "udsalgspris", "försäljningspris", "alennushinta", "prix réduit", "prix soldé", "preço promocional", "preço de venda", "zlevněná cena", "ราคาขาย", "ціна зі знижкою", "стало",
		"current price", "τώρα", "ora", "adesso", "cena po obniżce", "akciós ár", "kedvezményes ár", "akciós", "nyní", "teď", "acum", "sada", "nova cijena", "akcijska cijena", "akcijska cena", "нова цена", "промо цена", "промоционална цена", "nauja kaina", "jaunā cena", "uus hind", "soodushind", "zľavnená cena", "akciová cena", "nová cena", "нова ціна", "акційна ціна", "νέα τιμή", "τιμή προσφοράς", "preț nou", "pret nou", "preț redus", "pret redus", "preț promoțional", "indirimli", "indirimli fiyatı", "yeni fiyat", "網路價", "网络价", "網購價", "网购价", "割引後", "割引後価格", "prix actuel", "aktueller preis", "precio actual", "preço atual", "prezzo attuale", "huidige prijs", "aktualna cena")
	add(token{kind: kLabel, role: LabelList}, "原价", "原價", "划线价", "劃線價", "市场价", "市場價", "参考价", "參考價", "吊牌价", "吊牌價", "专柜价", "專櫃價", "门市价", "門市價", "建议零售价", "指导价",
		"was", "list price", "list", "rrp", "msrp", "srp", "original price", "orig", "regular price", "reg", "compare at", "compare at price", "retail price", "retail", "uvp", "statt", "old price", "before", "typical price",
		"běžná cena", "bežná cena", "původní cena", "stará cena", "prix barré", "prix conseillé", "antes", "precio anterior", "prezzo consigliato", "vorher", "stara cena", "cena regularna", "старая цена", "было", "eski fiyat", "giá gốc", "정가", "定価", "通常価格", "希望小売価格", "pvp", "p.v.p.", "p.v.p", "normal pris", "ord. pris", "ordinarie pris", "van",
		// Was-words of more shops: "MRP" (India), "au lieu de", Nordic, Arabic, Asian.
		"mrp", "m.r.p.", "m.r.p", "au lieu de", "reduced from", "was from", "bisher", "ord.pris", "normalpris", "før", "førpris", "tidligere pris", "tidigare pris", "veil. pris", "veiledende pris", "precio normal", "precio regular", "precio de lista", "precio lista",
		"prezzo di listino", "invece di", "prix public conseillé", "prix de référence", "adviesprijs", "cena katalogowa", "poprzednia cena", "обычная цена", "قبل الخصم", "السعر الأصلي", "السعر القديم", "參考價格", "参考価格", "소비자가", "시중가", "giá cũ", "giá niêm yết", "harga normal", "harga coret", "ราคาปกติ", "piyasa fiyatı", "定价", "定價", "정상가", "giá thị trường", "harga asal", "מחיר רגיל", "במקום",
		// Suggested retail prices of France and Taiwan, and the "Normal:" of
		// Chilean department stores ("Normal: $ 15.990 Internet: $ 12.990").
		"prix de vente conseillé", "αρχική τιμή", "αρχική", "παλιά τιμή", "preț vechi", "pret vechi", "preț întreg", "eski fiyat", "建議售價", "建议售价", "建議零售價", "normal",
		// The EU's "lowest price in the last 30 days" before a reduction
		// is a reference price, not the selling one.
		// WooCommerce's screen-reader text: "Original price was: … Current price is: …".
		"original price was", "prix initial", "ursprünglicher preis", "precio original", "preço original", "prezzo originale", "oorspronkelijke prijs", "pierwotna cena",
		// Shopify's "Regular price" in its shop languages, and kin.
		"normaler preis", "alter preis", "streichpreis", "precio habitual", "normale prijs", "ordinær pris", "vanlig pris", "normaalihinta", "prix normal", "prix habituel", "цена без скидки", "ціна без знижки", "preço normal", "prezzo normale",
		"niedrigster preis", "niedrigster gesamtpreis", "najniższa cena", "prix le plus bas", "laagste prijs", "prezzo più basso", "precio más bajo", "preço mais baixo", "nejnižší cena", "najnižšia cena", "legalacsonyabb ár", "cel mai mic preț", "alin hinta",
		// Was-words of Central and Eastern Europe, the Baltics and Italy:
		// "Prima 49,99 € Ora 29,99 €", "Cena przed obniżką 199,99 zł".
		"prima", "era", "cena przed obniżką", "przed obniżką", "cena poprzednia", "było", "eredeti ár", "korábbi ár", "régi ár", "dříve", "pôvodná cena", "pôvodne", "înainte", "stara cijena", "redovna cijena", "redovna cena", "stara cena", "redna cena", "prej",
		"стара цена", "редовна цена", "було", "стара ціна", "ennen", "sena kaina", "vecā cena", "vana hind", "tavahind", "παλαιά τιμή")
	add(token{kind: kLabel}, "price", "prices", "价格", "價格", "总价", "總價", "售价", "售價", "单价", "單價", "价", "價", "仅售", "僅售", "仅", "僅", "只要", "preis", "prix", "precio", "prezzo", "цена", "only", "just", "incl", "vat", "tax", "inc", "excl", "包邮", "包郵", "total", "in",
		"cena", "pris", "prijs", "preço", "preco", "hinta", "kaina", "cijena", "ár", "τιμή", "fiyat", "fiyatı", "giá", "harga", "ราคา", "السعر", "سعر", "מחיר", "가격", "価格", "ціна", "цена:", "valor", "für", "pour", "for", "für nur", "pour seulement", "solo", "apenas", "tylko", "jen", "jenom", "всего", "лишь", "nur noch",
		"gst", "tva", "iva", "mwst", "mwst.", "btw", "dph", "ttc", "brutto", "moms", "kdv", "ндс", "ppn", "inkl", "inkl.", "exkl", "exkl.", "incl.", "excl.", "inc.", "ex", "bez", "s", "z", "with", "without", "s dph", "vč. dph", "gross", "tax incl.", "including", "excluding", "plus", "iva incluida", "iva inclusa", "mit", "ohne",
		"shipping included", "delivery included", "postage included", "versand inklusive", "frete incluso", "envío incluido", "livraison incluse", "spedizione inclusa",
		"含税", "起價", "부가세", "포함", "vat incl", "đã có vat", "kèm vat")
	add(token{kind: kLabel, jp: true}, "税込み", "税込価格", "税込", "送料無料", "送料込")
	// Net of tax: a price so marked ranks below one with tax or unmarked
	// ("£20.83 ex VAT £24.99 inc VAT" is 24.99).
	add(token{kind: kNet}, "ht", "h.t.", "hors taxe", "hors taxes", "netto", "net", "nett", "bez dph", "bez vat", "bez podatku", "tax excl.", "+ iva", "+iva", "más iva", "mas iva", "sin iva", "iva excluido", "iva no incluido",
		"ex vat", "ex. vat", "exc vat", "exc. vat", "excl vat", "excl. vat", "excl.vat", "excluding vat", "ex gst", "exc gst", "excl gst", "excl. gst", "ex tax", "excl. tax", "before tax", "+ vat", "+vat", "plus vat", "+ gst", "plus gst",
		"zzgl. mwst.", "zzgl. mwst", "zzgl mwst", "exkl. mwst.", "exkl. mwst", "ohne mwst", "excl. btw", "ex. btw", "exkl. moms", "ekskl. moms", "ex moms", "exkl moms", "без ндс", "χωρίς φπα", "χωρίς φ.π.α", "χωρίς φ.π.α.", "未税", "不含税", "未稅", "不含稅")
	add(token{kind: kNet, jp: true}, "税抜", "税抜き", "税別", "本体価格", "本体")
	add(token{kind: kSkipPre}, "discount", "rabatt", "savings", "save", "you save", "省", "立省", "减", "減", "立减", "立減", "直降", "满", "滿", "over", "spend", "运费", "運費", "邮费", "郵費", "定金", "订金",
		"orders over", "orders above", "on orders", "order over", "minimum", "min.", "above", "ab einem", "acima de", "superior a", "ships from", "shipping from", "delivery from", "superiores a", "mayor a", "mayores a", "por encima de", "oltre", "powyżej", "sparen", "sie sparen", "économisez", "ahorra", "ahorras", "risparmi", "oszczędzasz", "ušetříte", "zľava", "sleva", "скидка", "экономия", "tiết kiệm", "절약", "お得", "phí vận chuyển", "배송비", "送料",
		// Shipping lines and savings lines of more languages: "Frais de port : 4,99 €",
		// "Ongkir Rp 15.000", "Вы экономите 300 ₽", "할인 10,000원".
		"frais de port", "frais de livraison", "ค่าส่ง", "ค่าจัดส่ง", "ongkir", "ongkos kirim", "biaya kirim", "رسوم الشحن", "الشحن", "kargo", "kargo ücreti",
		"lieferkosten", "versandkosten", "verzending", "verzendkosten", "frakt", "fraktkostnad", "toimitus", "toimituskulut", "envio", "custo de envio", "dostawa", "doprava", "shipping fee", "delivery fee", "delivery charge", "estimated shipping", "standard delivery",
		"du sparst", "sparst", "bespaar", "je bespaart", "spara", "du sparar", "ahorro", "省下", "已省", "risparmio",
		"economize", "economia de", "вы экономите", "экономите", "экономия", "할인", "割引", "giảm", "hemat", "ประหยัด", "وفر", "توفير", "you saved",
		// A bottle or container deposit is charged on top of the price:
		// "Pfand 0,25 €", "Deposit: $0.10".
		"deposit", "bottle deposit", "container deposit", "pfand", "zzgl. pfand", "statiegeld", "pantti", "panttimaksu", "pantpris", "záloha", "zálohu", "kaucja", "kaucia", "consigne", "депозит", "залог", "押金", "保证金", "保證金", "デポジット", "보증금")
	add(token{kind: kSkipPost}, "off", "shipping", "delivery", "postage", "versand", "versandkostenfrei", "coupon", "voucher", "gutschein", "livraison", "envío", "spedizione", "доставка", "frete",
		// Fees on top of a ticket: "$45.00 each + $8.50 fees".
		"fee", "fees", "booking fee", "service fee", "servicekosten", "gebühr", "gebühren", "frais", "cargos",
		// A free-shipping threshold: "5,000円以上送料無料", "5만원 이상 무료배송".
		"以上", "이상", "以上免运费", "以上包邮", "以上包郵")
	add(token{kind: kCount}, "sold", "reviews", "review", "ratings", "rating", "orders", "bought", "sales", "purchased", "buyers",
		"已售", "已售出", "月销", "月銷", "销量", "銷量", "评价", "評價", "条评价", "條評價", "人评价", "人評價", "评论", "評論", "人付款", "人已付款", "人收货", "人收貨", "人购买", "人已购买", "人已買", "笔", "筆", "已拼", "件",
		"left", "in stock", "available", "sisa", "tersisa", "bids", "bid", "watchers", "watching", "views", "likes", "votes", "verfügbar", "auf lager", "en stock", "disponibles", "disponible", "opinie", "opinii", "recenzí", "hodnocení", "bewertungen", "avis", "отзывов", "отзыва", "отзыв", "개", "個", "점")
	add(token{kind: kOutOf}, "out of", "sur", "trên", "из", "su", "de 5", "จาก", "من")
	add(token{kind: kRating}, "stars", "star", "星", "分", "sterne", "sternen", "étoiles", "estrellas", "stelle", "★", "☆", "⭐", "звезд", "звёзд", "sao", "yıldız", "gwiazdek", "hvězdiček")
	// Units of quantity: a number before one is a quantity, not a price,
	// and a price before "/unit" is a unit price.
	add(token{kind: kUnit}, "ml", "l", "cl", "dl", "ltr", "litre", "litres", "liter", "liters", "литр", "литра", "л", "кг", "г", "гр", "мл", "шт", "шт.", "штук", "упак",
		"g", "gr", "kg", "mg", "lb", "lbs", "oz", "fl oz", "fl. oz", "ct", "cm", "mm", "km", "in", "inch", "inches", "ft", "feet", "yd", "sqft", "sq ft", "m2", "m²", "m3", "m³", "㎡", "sqm",
		"pcs", "pc", "pcs.", "pieces", "piece", "pack", "packs", "pk", "items", "item", "units", "unit", "st", "st.", "stk", "stk.", "stück", "szt", "szt.", "ks", "db", "adet", "cái", "chiếc", "ชิ้น", "개입", "매", "枚", "本", "個入", "入", "支", "瓶", "盒", "包", "袋", "箱", "斤", "公斤", "克", "毫升", "升", "坪", "平方米", "平米", "平", "㎡", "m", "sq",
		"gb", "tb", "mb", "kb", "mah", "w", "kw", "kwh", "v", "hz", "ghz", "mhz", "mp", "fps", "dpi", "rpm", "cc",
		"years", "year", "yrs", "months", "month", "mo", "mos", "days", "day",
		"monate", "monaten", "jahre", "jahren", "tage", "tagen", "werktage", "werktagen", "woche", "wochen", "stunden", "minuten", "ans", "jours", "semaines", "meses", "años", "días", "semanas", "giorni", "mesi", "anni", "dagen", "maanden", "jaar", "dni", "miesięcy", "lat", "dnů", "dní", "měsíců", "let", "дней", "дня", "месяцев", "месяца", "лет", "года", "часов", "gün", "yıl", "hari", "bulan", "tahun", "วัน", "เดือน", "개월", "ヶ月", "か月", "日間", "个月", "個月", "weeks", "week", "hours", "hour", "hrs", "h", "min", "mins", "minutes", "sec", "night", "nights", "person", "persons", "pers", "pers.", "people", "guest", "guests", "each", "ea", "ea.", "jahr", "monat", "tag", "nacht", "mois", "an", "jour", "nuit", "mes", "año", "día", "месяц", "мес", "год", "день", "月", "年", "日", "天", "晚", "人", "次", "件", "个", "kilogramm", "kilo", "kilogram", "stk", "bottle", "bottles", "box", "boxes", "case", "cases", "set", "sets", "pair", "pairs", "roll", "rolls", "sheet", "sheets", "meter", "metre", "meters", "metres", "x",
		// Loyalty points and screen sizes: "120 pts", "65 Zoll".
		"pts", "pt", "points", "point", "punkte", "punkten", "pontos", "puntos", "punti", "ポイント", "积分", "積分", "포인트",
		"zoll", "pouces", "pouce", "pulgadas", "pulgada", "pollici", "pollice", "duim", "cali", "palců", "hüvelyk", "tommer", "tuumaa", "дюйм", "дюймов", "дюйма", "дюймів", "inç", "インチ", "英寸", "인치", "นิ้ว", "inci",
		// Opening hours: "Mo-Fr 9-18 Uhr".
		"uhr", "godz.", "hod.")
	// An instalment follows: "or 4 payments of $6.25", "12 cuotas de $ 108".
	add(token{kind: kInst}, "payments of", "payment of", "installments of", "instalments of", "monthly payments of", "cuotas de", "parcelas de", "mensualidades de", "rate da", "raten à", "raten zu")
	// Paid per month, after the price: "ab 54,13 € mtl. oder 1.299,00 €".
	add(token{kind: kMonthly}, "mtl.", "mtl", "monatl.", "monatlich", "p.m.", "monthly", "a month", "per month", "mensuel", "mensuels", "par mois", "mensile", "mensili", "al mese", "mensual", "mensuales", "mensais", "mensal", "por mês",
		"miesięcznie", "mies.", "měsíčně", "mesačne", "lunar", "månadsvis", "i måneden", "pr. md.", "ежемесячно", "в месяц", "в мес.", "щомісяця", "на месец", "aylık", "per bulan", "sebulan", "hàng tháng")
	add(token{kind: kPer}, "per", "pro", "je", "par", "por", "cada", "за", "за 1", "mỗi", "ต่อ")
	add(token{kind: kFree}, "free", "free!", "gratis", "kostenlos", "gratuit", "gratuite", "gratuito", "gratuita", "gratuitos", "gratuitas", "grátis", "免费", "免費", "무료", "無料", "бесплатно", "безкоштовно", "ücretsiz", "miễn phí", "ฟรี", "مجانا", "مجاني", "darmowy", "darmowa", "za darmo", "zdarma", "zu verschenken", "eintritt frei", "freier eintritt", "entrada libre", "ingresso libero", "entrée libre", "vstup volný", "wstęp wolny", "ingyenes", "δωρεάν", "חינם", "percuma", "ilmainen", "nemokamai", "besplatno", "fără cost",
		"darmowe", "darmowo", "bezpłatnie", "bezpłatny", "bezpłatna", "bezpłatne", "ingyen", "безплатно", "безплатен", "tasuta", "bezmaksas", "nemokama", "besplatan", "besplatna", "zadarmo", "bezplatne", "gratuitamente", "free of charge", "complimentary", "kostenfrei",
		"libre", "walang bayad", "مفت", "رایگان", "मुफ़्त", "मुफ्त", "निःशुल्क", "ফ্রি", "বিনামূল্যে", "இலவசம்", "ఉచితం", "ಉಚಿತ", "സൗജന്യം", "ilmaiseksi", "gratisan", "bure", "ücretsizdir")
	add(token{kind: kMonth}, "january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december",
		"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "janvier", "février", "mars", "avril", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
		"januar", "februar", "märz", "mai", "juni", "juli", "oktober", "dezember", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
		"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря", "tháng", "월", "年月",
		// "12 сент.": the Russian abbreviation of September, not a cent.
		"сент", "сент.")
	add(token{kind: kTel}, "tel", "tel.", "tel:", "phone", "call", "call us", "hotline", "fax", "whatsapp", "телефон", "тел.", "тел", "电话", "電話", "客服", "téléphone", "telefon", "telefono", "teléfono", "điện thoại", "전화", "お問い合わせ")
	add(token{kind: kSKU}, "sku", "sku:", "item #", "item no", "art.-nr.", "art.nr.", "artikelnummer", "model", "ref.", "réf.", "ref", "code", "código", "id", "ean", "upc", "isbn", "no.", "nr.", "#", "货号", "型号", "商品编号", "品番", "상품번호", "lot", "order #", "order no",
		"size", "eu", "uk", "us", "pincode", "pin code", "postal code", "qty", "quantity", "menge", "anzahl", "größe", "taille", "talla", "tamaño", "размер", "尺码", "尺寸", "码", "cỡ", "page", "step", "room", "version", "gen", "series", "vol", "vol.", "chapter", "episode", "season", "level", "floor", "no", "nº", "n°", "№", "tel", "postcode", "zip", "cp", "plz", "pack of", "set of", "case of", "box of", "lot of", "bundle of", "edition", "generation", "year", "since", "est.", "©", "copyright")

	for r, es := range m {
		// Longest first, so "us$" beats "$" and "sale price" beats "sale";
		// among equal lengths exact-case entries first, so "Ft" (forint)
		// beats "ft" (feet).
		sort.SliceStable(es, func(i, j int) bool {
			if len(es[i].text) != len(es[j].text) {
				return len(es[i].text) > len(es[j].text)
			}
			return es[i].cased && !es[j].cased
		})
		m[r] = es
	}
	return m
}

// normalize maps the many look-alike runes shops print onto one each:
// full-width forms to ASCII, every space to ' ', every dash to '-', so the
// lexer has one spelling to handle.
func normalize(s string) []rune {
	out := make([]rune, 0, len(s))
	// Inside superscript digits after a number ("$12⁹⁹"), or after
	// anything else, where they are a footnote mark ("19,99 €¹").
	sup, note := false, false
	for _, r := range s {
		if d, ok := superscript(r); ok {
			if !sup && !note {
				if len(out) > 0 && isDigit(out[len(out)-1]) && !hasFraction(out) {
					sup = true
					out = append(out, '.') // raised cents are the minor units
				} else if n := len(out); n > 1 && (out[n-1] == ',' || out[n-1] == '.') && isDigit(out[n-2]) {
					sup = true // "12,⁹⁹ €": the point is written
				} else if n > 0 && (!unicode.IsLetter(out[n-1]) || isDigit(out[n-1])) {
					note = true // "19,99 €¹", "$24.99*¹": a footnote, not digits
				} else {
					sup = true // "m²": the unit's power, kept as a digit
				}
			}
			if !note {
				out = append(out, d)
			}
			continue
		}
		sup, note = false, false
		switch {
		case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
			r -= 0xFEE0
		case r == 0xFFE5:
			r = '¥'
		case r == 0xFFE1:
			r = '£'
		case r == 0xFFE6:
			r = '₩'
		case r == 0x066B: // Arabic decimal separator
			r = '.'
		case r == 0x066C: // Arabic thousands separator
			r = ','
		case r == 0x066A: // Arabic percent sign
			r = '%'
		case r > 0x7F && unicode.IsDigit(r):
			r = '0' + digitValue(r)
		case r == 0x200B, r == 0x200C, r == 0x200D, r == 0xFEFF, r == 0x2060, r == 0x00AD, r == 0x200E, r == 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
			continue // invisible, and bidirectional marks around Arabic and Hebrew prices
		case r == 0x00A0, r == 0x202F, r == 0x205F, r == 0x3000, r >= 0x2000 && r <= 0x200A, unicode.IsSpace(r):
			r = ' '
		case r >= 0x2010 && r <= 0x2015, r == 0x2212, r == 0xFE58, r == 0xFE63:
			r = '-'
		case r == 0x301C, r == 0x223C:
			r = '~'
		case r == 0x2018, r == 0x2019, r == 0x02BC, r == 0x2032, r == 0x00B4, r == 0x0060:
			r = '\''
		case r == 0x2024 || r == 0xFE52: // one dot leader, small full stop
			r = '.'
		case r == 0x00D7 || r == 0x2715 || r == 0x2716 || r == 0x2A09:
			// "3 × 33,33 €": a multiplication sign is the instalments' x.
			r = 'x'
		case r >= 0x064B && r <= 0x065F || r == 0x0670 || r == 0x0640:
			continue // Arabic vowel marks and tatweel: "مجانًا" is "مجانا"
		}
		out = append(out, r)
	}
	return out
}

// hasFraction reports whether out ends in a number with its minor units
// written ("12,99"), after which raised digits are a footnote ("12,99¹").
func hasFraction(out []rune) bool {
	n := len(out)
	k := n
	for k > 0 && isDigit(out[k-1]) {
		k--
	}
	return n-k == 2 && k > 1 && (out[k-1] == ',' || out[k-1] == '.') && isDigit(out[k-2])
}

// superscript returns the ASCII digit a superscript digit stands for.
func superscript(r rune) (rune, bool) {
	switch r {
	case 0x2070:
		return '0', true
	case 0x00B9:
		return '1', true
	case 0x00B2:
		return '2', true
	case 0x00B3:
		return '3', true
	}
	if r >= 0x2074 && r <= 0x2079 {
		return '4' + r - 0x2074, true
	}
	return 0, false
}

// digitValue returns the value of a decimal digit of any script (Nd):
// Unicode lays each script's digits out as a run of ten starting at zero,
// so the value is the number of digits below r in its run.
func digitValue(r rune) rune {
	v := rune(0)
	for v < 9 && unicode.IsDigit(r-v-1) {
		v++
	}
	return v % 10
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// isCJK reports whether r belongs to a script written without spaces, where
// words cannot be told apart by boundaries.
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// isAlpha reports whether r is a letter of a script written with spaces.
func isAlpha(r rune) bool { return unicode.IsLetter(r) && !isCJK(r) }

// lex splits normalised text into tokens. hint is the hinted currency (an
// ISO code or ""): the letters some currencies share with words and
// multipliers ("K" kina and kwacha, "P" pula) are currencies only with it.
func lex(rs []rune, hint string) []token {
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
		case isDigit(r) || r == '.' && i+1 < len(rs) && isDigit(rs[i+1]) && (i == 0 || !isDigit(rs[i-1])) || leadingComma(rs, i, toks):
			t.kind = kNum
			j, text := lexNumber(rs, i)
			if i > 0 && rs[i-1] == '%' || len(toks) > 0 && toks[len(toks)-1].kind == kSKU {
				// "%20 249,90 TL": Turkish writes the sign before the
				// percentage, whose number does not group with the next;
				// nor does a size or code ("Größe 42 149,99 €").
				k := i
				for k < j && rs[k] != ' ' {
					k++
				}
				j, text = k, string(rs[i:k])
			}
			t.text = text
			i = j
		default:
			if e, ok := match(rs, lower, i, hint); ok {
				t = e.tok
				t.space = space
				t.text = string(rs[i : i+len(e.text)])
				i += len(e.text)
				break
			}
			if c := isoAt(rs, i); c != "" {
				t.kind, t.cur, t.text = kCur, &curSym{def: c}, string(rs[i:i+3])
				i += 3
				break
			}
			if unicode.Is(unicode.Sc, r) {
				// A currency sign the lexicon does not know (₶, ₧): a
				// currency all the same, named by the hint.
				t.kind, t.cur, t.text = kCur, unknownSym, string(r)
				i++
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
				t.text = runeText(r)
				switch r {
				case '-', '=':
					if i+1 < len(rs) && rs[i+1] == '>' {
						// "39,000원 -> 29,900원"
						t.kind, t.text = kArrow, string(rs[i:i+2])
						i++
					} else if r == '-' {
						t.kind, t.dash = kDash, true
					} else {
						t.kind = kPunct
					}
				case '→', '⇒', '➔', '➜', '➝', '⟶', '▶', '►', '↓', '⇓', '⬇':
					t.kind = kArrow
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

// asciiText holds each ASCII character as a string, so that punctuation
// tokens get their text without an allocation each.
var asciiText = func() (t [128]string) {
	for i := range t {
		t[i] = string(rune(i))
	}
	return t
}()

// runeText returns r as a string, allocating only outside ASCII.
func runeText(r rune) string {
	if r >= 0 && r < 128 {
		return asciiText[r]
	}
	return string(r)
}

// leadingComma reports whether rs[i] is a comma that starts a number of
// cents: ",99 €", as ".99" is; only at the start of the text or after a
// space, exactly two digits, and not after a number (",40" of "38 ,40" is
// listed).
func leadingComma(rs []rune, i int, toks []token) bool {
	if rs[i] != ',' || i > 0 && rs[i-1] != ' ' || len(toks) > 0 && toks[len(toks)-1].kind == kNum {
		return false
	}
	return i+2 < len(rs) && isDigit(rs[i+1]) && isDigit(rs[i+2]) && (i+3 == len(rs) || !isDigit(rs[i+3]) && rs[i+3] != ',' && rs[i+3] != '.')
}

// lexNumber returns the end of the number starting at rs[i] and its text:
// digits joined by single separators, perhaps ending in ",-". A space or
// apostrophe joins only a group of exactly three digits that precedes any
// decimal point, so "¥99 199" stays two numbers while "1 299,00" is one. A
// space after a final ',' or '.' before exactly two digits is dropped:
// "$119. 95" and "1.837, 32 €" are 119.95 and 1837.32 (the space a shop's
// template put between the parts), and so is one before it: "$12 .99",
// "$ 12 . 99".
func lexNumber(rs []rune, i int) (int, string) {
	j := i
	if rs[j] == '.' || rs[j] == ',' {
		j++
	}
	for j < len(rs) && isDigit(rs[j]) {
		j++
	}
	groupLen := j - i
	seenPoint := rs[i] == '.' || rs[i] == ','
	var lastSep rune
	drop := -1
	for j+1 < len(rs) {
		s := rs[j]
		// "$12 .99", "$ 1,199 .99": the fraction in an element of its own,
		// with a space (a line break) before its point.
		if s == ' ' && (rs[j+1] == '.' || rs[j+1] == ',') && rs[j+1] != lastSep && (lastSep == 0 || groupLen == 3) {
			// "$ 12 . 99": a space after a point too (not after a comma,
			// which lists numbers: "38 , 40").
			f := j + 2
			if rs[j+1] == '.' && f < len(rs) && rs[f] == ' ' {
				f++
			}
			if f+2 <= len(rs) && isDigit(rs[f]) && isDigit(rs[f+1]) &&
				(f+2 == len(rs) || !isDigit(rs[f+2]) && !(f+3 < len(rs) && (rs[f+2] == ',' || rs[f+2] == '.') && isDigit(rs[f+3]))) {
				return f + 2, string(rs[i:j]) + string(rs[j+1]) + string(rs[f:f+2])
			}
			// "Rp 129 . 900", "$ 12 . 990": a spaced point before three
			// digits groups thousands in the currencies written so (the
			// separator rules then read it as any "129.900").
			if rs[j+1] == '.' && f > j+2 && lastSep == 0 && f+3 <= len(rs) && isDigit(rs[f]) && isDigit(rs[f+1]) && isDigit(rs[f+2]) &&
				(f+3 == len(rs) || !isDigit(rs[f+3]) && rs[f+3] != '.' && rs[f+3] != ',') {
				return f + 3, string(rs[i:j]) + "." + string(rs[f:f+3])
			}
		}
		if (s == ',' || s == '.') && s != lastSep && rs[j+1] == ' ' && j+4 <= len(rs) &&
			isDigit(rs[j+2]) && isDigit(rs[j+3]) && (j+4 == len(rs) || !isDigit(rs[j+4]) && !(j+5 < len(rs) && (rs[j+4] == ',' || rs[j+4] == '.') && isDigit(rs[j+5]))) {
			drop = j + 1
			j += 4
			break
		}
		if s != ',' && s != '.' && s != ' ' && s != '\'' || !isDigit(rs[j+1]) {
			break
		}
		k := j + 1
		for k < len(rs) && isDigit(rs[k]) {
			k++
		}
		// "₹1,49925% Off": a price run into the discount after it; the
		// group ends after three digits and the rest is the percentage.
		if n := k - (j + 1); (s == ',' || s == '.') && n > 3 && n <= 5 && k < len(rs) && rs[k] == '%' && groupLen <= 3 && rs[i] != '0' && rs[i] != '.' {
			k = j + 4
		}
		if s == ' ' || s == '\'' {
			if seenPoint || groupLen > 3 || k-(j+1) != 3 {
				break
			}
		} else {
			seenPoint = true
			lastSep = s
		}
		groupLen = k - (j + 1)
		j = k
	}
	// "199,-" and "1.299,-": the dash says "no minor units" and marks the
	// separator before it as the decimal point.
	if drop < 0 && j+1 < len(rs) && (rs[j] == ',' || rs[j] == '.') && rs[j+1] == '-' && (j+2 == len(rs) || !isDigit(rs[j+2])) {
		j += 2
	}
	if drop >= 0 {
		return j, string(rs[i:drop]) + string(rs[drop+1:j])
	}
	return j, string(rs[i:j])
}

// match finds the longest lexicon entry at rs[i]. Entries of space-written
// scripts must stand as whole words, so "to" does not match in "total".
// A one-letter exact-case entry ("R", "L", "Q", "Р"), or two capitals
// ("SR", "DH"), is a currency only next to a number, so "Size L", "R&D"
// and "QR code" hold none.
//
// A marker only a hinted currency writes ("K 25.00" in a kina or kwacha
// shop) counts only with that hint and only before a number, so "25K" stays
// 25,000 and "Size K" a size.
func match(rs, lower []rune, i int, hint string) (entry, bool) {
	for _, e := range lexicon[lower[i]] {
		if c := e.tok.cur; c != nil && c.hintOnly && (!slices.Contains(c.alts, hint) || !digitAfter(rs, i+len(e.text)) || digitBefore(rs, i)) {
			continue
		}
		n := len(e.text)
		if i+n > len(rs) {
			continue
		}
		src := lower
		if e.cased {
			src = rs
		}
		ok := true
		for k, r := range e.text {
			if src[i+k] != r {
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
		if e.cased && isAlpha(e.text[0]) && i > 1 && rs[i-1] == '-' && isAlpha(rs[i-2]) {
			continue // "Mo-Fr 9-18 Uhr": Friday, not francs
		}
		if e.cased && (n == 1 || n == 2 && upperPair(e.text)) && !nextToDigit(rs, i, i+n) {
			continue // "Size L", "SR-71", "QR code": letters, not currencies
		}
		return e, true
	}
	return entry{}, false
}

// upperPair reports whether w is two capital Latin letters ("SR", "DH",
// "KM"), which name a currency only beside a number.
func upperPair(w []rune) bool {
	return len(w) == 2 && w[0] >= 'A' && w[0] <= 'Z' && w[1] >= 'A' && w[1] <= 'Z'
}

// nextToDigit reports whether rs[i:j] has a digit next to it, past at most
// one space.
func nextToDigit(rs []rune, i, j int) bool {
	return digitAfter(rs, j) || digitBefore(rs, i)
}

// digitAfter reports whether a digit starts at rs[j], past at most one space.
func digitAfter(rs []rune, j int) bool {
	return j < len(rs) && isDigit(rs[j]) || j+1 < len(rs) && rs[j] == ' ' && isDigit(rs[j+1])
}

// digitBefore reports whether a digit ends before rs[i], past at most one space.
func digitBefore(rs []rune, i int) bool {
	return i > 0 && isDigit(rs[i-1]) || i > 1 && rs[i-1] == ' ' && isDigit(rs[i-2])
}

// notShopCodes are ISO 4217 codes no shop prices in: precious metals,
// funds and test codes.
var notShopCodes = map[string]bool{"XAU": true, "XAG": true, "XPT": true, "XPD": true, "XTS": true, "XXX": true, "XDR": true, "XBA": true, "XBB": true, "XBC": true, "XBD": true, "XSU": true, "XUA": true}

// lowerCodeWords are ISO codes that, written in lower case, are words far
// more often than currencies ("all", "top", "try", "pen").
var lowerCodeWords = map[string]bool{"all": true, "top": true, "try": true, "cup": true, "pen": true, "mad": true, "gel": true, "bob": true, "mop": true, "sos": true, "bam": true, "cop": true, "lak": true, "ang": true, "mga": true, "std": true, "ron": false, "srd": false, "mur": true, "bov": true, "che": true, "chw": true, "clf": true, "cou": true, "mxv": true, "usn": true, "uyi": true, "uyw": true, "ves": true, "kes": false, "fok": true, "gip": true, "sle": true, "sll": true, "htg": false}

// isoAt returns the ISO 4217 code written as a word at rs[i], or "". Codes
// in capitals count anywhere; in other case ("pln", "Eur") only next to a
// number, and not the ones that are common words: "PEN" is a currency,
// "pen" a word.
func isoAt(rs []rune, i int) string {
	if i+3 > len(rs) || i > 0 && isAlpha(rs[i-1]) || i+3 < len(rs) && isAlpha(rs[i+3]) {
		return ""
	}
	upper := true
	b := make([]byte, 3)
	for k, r := range rs[i : i+3] {
		switch {
		case r >= 'A' && r <= 'Z':
			b[k] = byte(r)
		case r >= 'a' && r <= 'z':
			b[k] = byte(r - 'a' + 'A')
			upper = false
		default:
			return ""
		}
	}
	c := string(b)
	if notShopCodes[c] {
		return ""
	}
	if !upper && (lowerCodeWords[strings.ToLower(c)] || !nextToDigit(rs, i, i+3)) {
		return ""
	}
	if !isCode(c) {
		return ""
	}
	return c
}
