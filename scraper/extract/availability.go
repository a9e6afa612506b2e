package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shelfwatch/shelfwatch/pricing"
	"golang.org/x/net/html"
)

// schemaAvailability maps the schema.org ItemAvailability names, lower-cased
// and without their "https://schema.org/" prefix.
var schemaAvailability = map[string]pricing.Availability{
	"instock":             pricing.InStock,
	"instoreonly":         pricing.InStock,
	"onlineonly":          pricing.InStock,
	"limitedavailability": pricing.InStock,
	"outofstock":          pricing.OutOfStock,
	"soldout":             pricing.OutOfStock,
	"preorder":            pricing.PreOrder,
	"presale":             pricing.PreOrder,
	"backorder":           pricing.PreOrder,
	"discontinued":        pricing.Discontinued,
	"madetoorder":         pricing.InStock,
	"availablefororder":   pricing.InStock,
	"reserved":            pricing.OutOfStock,
	"oos":                 pricing.OutOfStock,
}

// valueForm folds the ways shops write one availability value ("in_stock",
// "Out-Of-Stock", "pre order", "InStock") into one key of
// schemaAvailability: lower case, without '_', '-' or spaces.
var valueForm = strings.NewReplacer("_", "", "-", "", " ", "")

// phraseRule is one group of built-in phrases. The groups are checked in
// order because phrases nest: "not in stock" contains "in stock", and
// "unavailable" contains "available".
type phraseRule struct {
	state   pricing.Availability
	phrases []string
}

var builtinPhrases = []phraseRule{
	// Nearly sold out is still for sale; these hold an out-of-stock word.
	{pricing.InStock, []string{
		"almost sold out", "nearly sold out", "almost gone", "fast ausverkauft", "bald ausverkauft", "bientôt épuisé",
		"presque épuisé", "casi agotado", "quase esgotado", "quasi esaurito", "bijna uitverkocht", "prawie wyprzedan",
		"tükenmek üzere", "почти распродан", "почти закончил", "sắp hết hàng", "hampir habis", "ใกล้หมด", "即将售罄",
		"即將售罄", "即将售完", "快售完", "品切れ間近", "完売間近", "품절임박", "품절 임박",
	}},
	{pricing.Discontinued, []string{
		"discontinued", "no longer available", "no longer sold", "已下架", "下架", "停产", "停售",
		"停產", "販売終了", "生産終了", "판매종료", "단종", "nicht mehr erhältlich", "nicht mehr lieferbar", "plus fabriqué",
		"descontinuado", "fuori produzione", "снят с производства", "uit het assortiment", "wycofany",
	}},
	{pricing.PreOrder, []string{
		"pre-order", "preorder", "pre order", "backorder", "back-order", "back order",
		"预售", "预定", "预订", "定金", "預購", "預售", "予約", "예약", "vorbestellen", "vorbestellbar", "précommande",
		"preventa", "pré-venda", "pre-venda", "prenotazione", "preordine", "przedsprzedaż", "ön sipariş", "предзаказ",
		"đặt trước", "สั่งจองล่วงหน้า", "pre-pesan", "طلب مسبق", "הזמנה מוקדמת",
	}},
	{pricing.OutOfStock, outOfStockWords},
	{pricing.InStock, append(append([]string(nil), inStockWords...), buyControlPhrases...)},
}

// outOfStockWords say a product cannot be bought now, in the languages of
// the shops extraction meets. Each list is checked before the next, so a
// negation ("nicht lieferbar", "niedostępny", "нет в наличии", "לא במלאי")
// is found before the word it negates.
var outOfStockWords = []string{
	"out of stock", "out-of-stock", "sold out", "soldout", "sold-out", "not in stock", "no longer in stock",
	"has been sold", "this item is sold", "listing has ended", "listing was ended", "bidding has ended",
	"unavailable", "not available", "currently unavailable", "notify me", "email me when", "alert me when",
	"无货", "缺货", "售罄", "已售完", "已售罄", "到货通知", "暂无库存", "无库存", "卖光", "售完", "补货中", "暂时缺货",
	"無貨", "缺貨", "到貨通知", "補貨中", "賣完", "已售完",
	"在庫切れ", "在庫なし", "売り切れ", "品切れ", "入荷待ち", "入荷お知らせ", "販売休止", "在庫がありません", "在庫がございません",
	"完売", "再入荷通知", "再入荷のお知らせ", "予定枚数終了",
	"품절", "재고 없음", "재고없음", "일시품절", "재입고 알림", "매진", "재고가 없",
	"nicht auf lager", "nicht verfügbar", "nicht lieferbar", "nicht vorrätig", "ausverkauft", "vergriffen", "benachrichtige mich",
	"rupture de stock", "plus en stock", "épuisé", "indisponible", "m'alerter", "m’alerter",
	"agotado", "sin stock", "no disponible", "sin existencias", "avísame",
	"esgotado", "indisponível", "sem estoque", "avise-me",
	"esaurito", "non disponibile", "avvisami",
	"uitverkocht", "niet op voorraad", "niet leverbaar", "tijdelijk niet",
	"niedostępny", "niedostępna", "niedostępn", "brak w magazynie", "wyprzedany", "powiadom o dostępności", "brak towaru",
	"tükendi", "stokta yok", "gelince haber ver",
	"нет в наличии", "закончился", "закончилось", "распродано", "сообщить о поступлении", "нет на складе", "не в наличии",
	"hết hàng", "tạm hết", "ngừng kinh doanh",
	"สินค้าหมด", "หมดสต็อก", "ไม่มีสินค้า",
	"stok habis", "habis", "tidak tersedia",
	"نفذت الكمية", "نفدت", "غير متوفر", "غير متاح",
	"אזל מהמלאי", "לא במלאי", "אזל", "לא זמין", "غير متاح حاليا",
	// Czech and Slovak, Romanian, Greek, Hungarian, Bulgarian, and more
	// negations of the in-stock words below, which this list must precede.
	"vyprodáno", "není skladem", "není na skladě", "nie je na sklade", "není k dispozici", "nedostupné", "momentálně nedostupn",
	"vypredané", "nedostupný", "stoc epuizat", "epuizat", "indisponibil", "nu este în stoc", "nu este disponibil", "nu e în stoc",
	"stoc indisponibil", "εξαντλημένο", "εξαντλήθηκε", "μη διαθέσιμο", "δεν είναι διαθέσιμο", "χωρίς απόθεμα", "elfogyott",
	"nincs raktáron", "nincs készleten", "nem elérhető", "nem rendelhető", "изчерпан", "изчерпано", "няма наличност",
	"не е наличен", "не е налично", "fora de estoque", "fora de stock", "sem stock", "esgotada", "stok kosong", "stok tidak tersedia",
	"نفد من المخزون", "نفذ من المخزون", "غير متوفر حاليا", "טרם הגיע", "สินค้าหมดชั่วคราว", "hết hàng tạm thời", "brak na stanie",
	"chwilowo niedostępny", "tijdelijk uitverkocht", "niet beschikbaar", "non disponibile al momento", "temporaneamente non disponibile",
	"stokta bulunmuyor", "tükendi", "нет на складе", "временно отсутствует",
}

// soldBadges are a classified ad's or a one-off item's "sold" mark, read
// only as a whole badge: within a text most of them count sales ("23
// sold", "đã bán 1,2k", "terjual 100").
var soldBadges = map[string]bool{
	"sold": true, "item sold": true, "vendido": true, "vendida": true, "verkauft": true, "vendu": true, "vendue": true,
	"venduto": true, "venduta": true, "verkocht": true, "sprzedane": true, "sprzedany": true, "satıldı": true,
	"продано": true, "продан": true, "已售出": true, "已出售": true, "売却済み": true, "販売済み": true, "sold!": true,
	"판매완료": true, "거래완료": true, "đã bán": true, "ขายแล้ว": true, "terjual": true, "تم البيع": true, "נמכר": true,
}

// inStockWords say a product is in stock.
var inStockWords = []string{
	"in stock", "instock", "in-stock", "available", "ships today", "left in stock",
	"有货", "现货", "库存充足", "有貨", "現貨", "庫存充足",
	"在庫あり", "在庫残少", "残りわずか", "残りあと", "在庫有り",
	"재고 있음", "재고있음", "구매 가능",
	"auf lager", "lieferbar", "vorrätig", "verfügbar", "en stock", "disponible", "en existencia",
	"em estoque", "disponível", "disponibile", "op voorraad", "leverbaar", "dostępny", "w magazynie",
	"stokta", "в наличии", "còn hàng", "มีสินค้า", "มีสต็อก", "tersedia", "متوفر", "במלאי",
	"ready to ship", "disponibilità immediata", "in magazzino", "pronta consegna", "pronta entrega", "dostępn", "พร้อมส่ง",
	"متاح", "זמין", "即納", "在庫有", "库存紧张", "仅剩", "僅剩", "in voorraad",
	"skladem", "na skladě", "na sklade", "k odeslání", "în stoc", "in stoc", "disponibil", "διαθέσιμο", "σε απόθεμα",
	"άμεσα διαθέσιμο", "παράδοση άμεσα", "raktáron", "készleten", "azonnal szállítható", "наличен", "налично", "в наличност",
	"na stanie", "dostępny od ręki", "disponível em estoque", "em stock", "disponibile subito", "direct leverbaar",
	"stokta var", "в наличии на складе", "có sẵn", "còn hàng tại", "มีของ", "stok tersedia", "ready stock", "متوفر في المخزون",
	"זמין במלאי",
}

// buyControlPhrases are what an enabled buy control says: on a product
// page, a way to buy it now.
var buyControlPhrases = []string{
	"add to cart", "add to bag", "add to basket", "add to trolley", "buy now", "buy it now", "buy tickets", "buy ticket",
	"add to shopping cart", "add to shopping bag", "add to order", "order now", "in den einkaufswagen", "in den korb",
	"ajouter au sac", "añadir a la cesta", "añadir a la bolsa", "añadir a mi cesta", "adicionar à cesta", "in winkelmand",
	"toevoegen aan winkelwagen", "sepete at", "satın al", "ใส่รถเข็น", "ใส่ตะกร้า", "เพิ่มลงรถเข็น", "masukkan keranjang",
	"tambah ke keranjang", "أضف للسلة", "أضف إلى عربة التسوق", "הוספה לסל", "הוספה לעגלה", "カートに追加", "カートへ入れる",
	"カートに入れ", "购买", "加入购物袋", "加入購物袋", "放入购物车", "立即抢购", "장바구니", "바로 구매",
	"get tickets", "book tickets", "book now", "tickets kaufen", "karten kaufen", "acheter des billets", "comprar entradas",
	"comprar ingressos", "acquista biglietti", "チケット購入", "예매하기", "立即购票", "立即購票",
	"加入购物车", "立即购买", "加入購物車", "放入購物車", "直接購買", "立即購買",
	"カートに入れる", "買い物かごに入れる", "ショッピングカートに入れる", "今すぐ購入",
	"장바구니 담기", "바로구매", "구매하기",
	"in den warenkorb", "jetzt kaufen", "ajouter au panier", "acheter maintenant", "agregar al carrito", "añadir al carrito",
	"comprar ahora", "adicionar à sacola", "adicionar ao carrinho", "comprar agora", "aggiungi al carrello", "acquista ora",
	"in winkelwagen", "dodaj do koszyka", "kup teraz", "sepete ekle", "hemen al", "в корзину", "купить",
	"thêm vào giỏ", "chọn mua", "mua ngay", "หยิบใส่รถเข็น", "ซื้อเลย", "+ keranjang", "beli sekarang",
	"أضف إلى العربة", "أضف إلى السلة", "اشتر الآن", "הוסף לסל", "קנה עכשיו",
	"do košíku", "přidat do košíku", "koupit", "do košíka", "kúpiť", "adaugă în coș", "adauga in cos", "adaugă în coşul",
	"cumpără acum", "προσθήκη στο καλάθι", "αγορά τώρα", "στο καλάθι", "kosárba", "megveszem", "добави в количката",
	"купи сега", "добави в кошницата", "sepete ekle", "mua hàng",
}

// negators, standing as words just before an in-stock word, turn it
// round: "nicht mehr verfügbar", "n'est plus disponible", "no está
// disponible", "non è disponibile", "nie jest dostępny", "không còn hàng".
var negators = map[string]bool{
	"not": true, "no": true, "nicht": true, "kein": true, "keine": true, "nie": true, "pas": true, "plus": true, "non": true,
	"não": true, "nao": true, "niet": true, "не": true, "нет": true, "không": true, "chưa": true, "tidak": true, "belum": true,
	"غير": true, "لا": true, "לא": true, "n't": true, "never": true, "ya": false,
}

// negFillers may stand between a negator and the word it negates ("nicht
// mehr verfügbar", "no está disponible", "not currently available").
var negFillers = map[string]bool{
	"mehr": true, "longer": true, "more": true, "currently": true, "est": true, "está": true, "esta": true, "è": true,
	"é": true, "jest": true, "is": true, "più": true, "meer": true, "derzeit": true, "momentan": true, "leider": true,
	"actuellement": true, "actualmente": true, "attualmente": true, "momenteel": true, "obecnie": true, "сейчас": true,
	"hiện": true, "lagi": true, "plus": true,
}

// negated reports whether the in-stock phrase at t[i:i+n] is negated: by
// the word right before it, or the one before a filler; or by "değil" /
// "yok" after it.
func negated(t string, i, n int) bool {
	words := strings.FieldsFunc(t[:i], func(r rune) bool { return r == ' ' || r == '\'' || r == '’' || r == ',' })
	for k := len(words) - 1; k >= 0 && k >= len(words)-3; k-- {
		w := strings.Trim(words[k], ".:;!()")
		if negators[w] || strings.HasSuffix(w, "n't") {
			return true
		}
		if !negFillers[w] {
			break
		}
	}
	after := strings.Fields(t[i+n:])
	return len(after) > 0 && (after[0] == "değil" || after[0] == "yok")
}

// stockCountRE reads stock counts ("Only 4 left", "库存1523件", "(+50
// disponibles)"): a product with some left is in stock.
var stockCountRE = regexp.MustCompile(`(?i)\bonly \d+ left|\d+\+?\s+(?:available|disponibles|verfügbar|auf lager)|库存\s*\d+|庫存\s*\d+|残り\s*\d+|\bstok:?\s*\d+|осталось\s*\d+|nur noch \d+|plus que \d+|(?:solo|sólo) quedan \d+|últimas \d+ unidades|restano \d+|nog \d+ (?:op voorraad|beschikbaar)|zostało \d+|son \d+ ürün|còn \d+ sản phẩm|เหลือ\s*\d+\s*ชิ้น|\bsisa \d+|تبقى \d+|נותרו \d+|\d+\s*개\s*남음|仅剩\s*\d+|僅剩\s*\d+`)

// NormalizeAvailability reads a stock state out of a schema.org availability
// value ("https://schema.org/InStock", "OutOfStock") or a shop's visible text
// in English or Chinese ("Sold out", "有货", "加入购物车"), with the commonest
// stock and buy-button phrases of Japanese, Korean, German, French, Spanish,
// Portuguese, Italian, Dutch, Polish, Turkish, Russian, Vietnamese, Thai,
// Indonesian, Arabic and Hebrew shops too, and stock counts ("Only 3 left"). extra holds a
// competitor's own phrases keyed by state name ("in_stock", "out_of_stock",
// "preorder", "discontinued"); they are checked first and win. Text with no
// recognisable signal is AvailabilityUnknown, never OutOfStock.
func NormalizeAvailability(text string, extra map[string][]string) pricing.Availability {
	t := strings.ToLower(cleanText(text))
	if t == "" {
		return pricing.AvailabilityUnknown
	}
	// Competitor phrases first, in a fixed order so a map's random order
	// never decides between two matching phrases.
	for _, state := range []pricing.Availability{pricing.Discontinued, pricing.PreOrder, pricing.OutOfStock, pricing.InStock} {
		for _, p := range extra[string(state)] {
			if p = strings.ToLower(strings.TrimSpace(p)); p != "" && strings.Contains(t, p) {
				return state
			}
		}
	}
	if a, ok := schemaAvailability[schemaName(t)]; ok {
		return a
	}
	if k := schemaName(t); len(k) <= 24 {
		if a, ok := schemaAvailability[valueForm.Replace(k)]; ok {
			return a
		}
	}
	if soldBadges[strings.Trim(t, " !.*()[]")] {
		return pricing.OutOfStock
	}
	// A phrase can only be in t if its first byte is: the byte set of t
	// spares the search of most of the four hundred phrases, in the same
	// order (TestStockPhraseByteFilter holds it to the plain search).
	var bytesIn [4]uint64
	for i := 0; i < len(t); i++ {
		bytesIn[t[i]>>6] |= 1 << (t[i] & 63)
	}
	for _, r := range builtinPhrases {
		for _, p := range r.phrases {
			if bytesIn[p[0]>>6]&(1<<(p[0]&63)) == 0 {
				continue
			}
			if i := strings.Index(t, p); i >= 0 {
				if r.state == pricing.InStock && negated(t, i, len(p)) {
					return pricing.OutOfStock
				}
				return r.state
			}
		}
	}
	if stockCountRE.MatchString(t) {
		return pricing.InStock
	}
	return pricing.AvailabilityUnknown
}

// schemaName strips a schema.org URL or prefix: "http://schema.org/InStock",
// "schema:InStock" and "InStock" all give "instock" (t is lower-cased).
func schemaName(t string) string {
	for _, p := range []string{"https://schema.org/", "http://schema.org/", "https://www.schema.org/", "http://www.schema.org/", "schema:"} {
		if strings.HasPrefix(t, p) {
			return t[len(p):]
		}
	}
	return t
}

// stockWord reads a stock state from a badge or label: like
// NormalizeAvailability, but a buy button's words do not count here (the
// button is judged by pageAvailability with its state).
func stockWord(text string, extra map[string][]string) pricing.Availability {
	a := NormalizeAvailability(text, extra)
	if a == pricing.InStock {
		t := strings.ToLower(cleanText(text))
		if !containsAny(t, inStockWords) && !stockCountRE.MatchString(t) && schemaAvailability[schemaName(t)] == "" && !extraMatch(t, extra[string(pricing.InStock)]) {
			return pricing.AvailabilityUnknown
		}
	}
	return a
}

func extraMatch(t string, phrases []string) bool {
	for _, p := range phrases {
		if p = strings.ToLower(strings.TrimSpace(p)); p != "" && strings.Contains(t, p) {
			return true
		}
	}
	return false
}

// notifyPhrases are what a "tell me when it is back" control says.
var notifyPhrases = []string{
	"notify me", "email me when", "alert me", "benachrichtig", "m'alerter", "m’alerter", "avísame", "avise-me", "avvisami",
	"powiadom", "haber ver", "сообщить о поступлении", "到货通知", "貨到通知", "到貨通知", "入荷お知らせ", "재입고 알림",
	"notify when available", "email when available", "prévenez-moi", "me prévenir", "avisarme", "me avise", "houd me op de hoogte",
	"mail mij", "уведомить о поступлении", "báo khi có hàng", "beri tahu saya", "أعلمني", "עדכנו אותי", "再入荷", "재입고",
	"到货提醒", "补货提醒", "貨到提醒",
}

// pageAvailability reads a product page's stock state as a person does:
// the first stock badge or label of the page's own product ("In Stock",
// "Derzeit nicht verfügbar.", "在庫残少"), passing over recommendation blocks
// (skip), header and footer, and the badges of single sizes or rows of a
// choice ("38 – ausverkauft" among sizes that are not); then a "notify me"
// control or a disabled buy button (out of stock); then an enabled buy
// button next to a price (in stock). A page with no way to buy and no stock
// word stays unknown.
func pageAvailability(root, h1, cart *html.Node, hasPrice bool, skip func(*html.Node) bool, extra map[string][]string) pricing.Availability {
	found := pricing.AvailabilityUnknown
	notify, rowIn, pastH1, foundOnBadge := false, false, false, false
	var walk func(n *html.Node, depth int, inRow bool)
	walk = func(n *html.Node, depth int, inRow bool) {
		if found != pricing.AvailabilityUnknown || depth > 512 {
			return
		}
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "noscript", "template", "head", "header", "nav", "footer", "select", "option", "h1", "title":
				return
			}
			if n == h1 {
				return
			}
			if skip(n) || unseen(n) {
				return
			}
			if !pastH1 && h1 != nil && (n.Data == "a" && isProductHref(attr(n, "href")) || chromeBlock(n)) {
				// Above the title, a link or a menu, banner or
				// breadcrumb names other pages ("Pre-orders", "Back in
				// stock") or the whole shop ("Free delivery on in-stock
				// items"), not this product's state.
				return
			}
			// Only a button's or link's text is read whatever its
			// length; elsewhere a text over 160 runes is never looked at.
			text, over := textUpTo(n, 160)
			if over && (n.Data == "button" || n.Data == "a" || n.Data == "input") {
				text = cleanText(nodeText(n))
			}
			if text == "" && !over {
				return
			}
			// A choice's or a row's "sold out" is that variant's; one in
			// stock means the product can be bought.
			// A block named for options that holds the buy control
			// ("productView-options") is the buy area, not one choice.
			// Rows laid out as alike blocks (choiceRow) are asked about
			// only where a stock word is found (inChoice): asking at
			// every element cost more than the rest of the walk.
			inRow = inRow || optionNode(n) && (cart == nil || !contains(n, cart)) || siblingRow(n)
			// A short line of its own: not a wrapper of one child with
			// the same text, nor a block of several lines.
			short := !over && utf8.RuneCountInString(text) <= 50 && !hasElementChildWithText(n, text) && textChildren(n) <= 1
			switch {
			case inRow:
				if short && stockWord(text, extra) == pricing.InStock {
					rowIn = true
				}
			case n.Data == "button" || n.Data == "a" || n.Data == "input":
				t := strings.ToLower(text + " " + attr(n, "value"))
				if containsAny(t, notifyPhrases) {
					notify = true
				}
				if a := stockWord(t, extra); a != pricing.AvailabilityUnknown && a != pricing.InStock && !inChoice(n) && !choiceButton(n, t) {
					found = a
				}
				return
			// A stock block of several lines is read line by line: its
			// joined text may hold a hidden state beside the shown one.
			case short || !over && stockish(n) && textChildren(n) <= 1:
				if a := stockWord(text, extra); a != pricing.AvailabilityUnknown && !countedSold(n, text) && !(a == pricing.OutOfStock && storeLine(text)) {
					if inChoice(n) {
						rowIn = rowIn || short && a == pricing.InStock
						return
					}
					found, foundOnBadge = a, badgeNode(n)
					return
				}
			}
			if short && !inRow {
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1, inRow)
			if !pastH1 && h1 != nil && contains(c, h1) {
				pastH1 = true // what follows c comes after the title
			}
		}
	}
	walk(root, 0, false)
	if found == pricing.OutOfStock && foundOnBadge && !notify && hasPrice && cart != nil && !disabled(cart) {
		// An enabled add-to-cart beside a "sold out" badge: themes print
		// the badge on every product and show it by a stylesheet only
		// when the product is sold out (Shopify's price__badge-sold-out),
		// while a sold-out product's button is disabled or says so. A
		// stock line that is no badge ("Currently unavailable.") still
		// wins over the button.
		if t := cartText(cart); containsAny(t, buyControlPhrases) && stockWord(t, extra) == pricing.AvailabilityUnknown {
			return pricing.InStock
		}
	}
	if found != pricing.AvailabilityUnknown {
		return found
	}
	if rowIn {
		return pricing.InStock
	}
	if notify {
		return pricing.OutOfStock
	}
	if cart == nil {
		return pricing.AvailabilityUnknown
	}
	t := cartText(cart)
	if a := stockWord(t, extra); a != pricing.AvailabilityUnknown && a != pricing.InStock {
		return a
	}
	if disabled(cart) {
		return pricing.OutOfStock
	}
	if hasPrice && (containsAny(t, buyControlPhrases) || isCartControl(cart, strings.ToLower(attr(cart, "class")+" "+attr(cart, "id")))) {
		return pricing.InStock
	}
	return pricing.AvailabilityUnknown
}

// stockish reports whether n's class or id names a stock or delivery
// state.
func stockish(n *html.Node) bool {
	for _, t := range attrTokens(n) {
		switch t {
		case "stock", "availability", "available", "avail", "inventory", "soldout", "delivery", "status", "lieferbar":
			return true
		}
	}
	return false
}

// siblingRow reports whether n is (or is inside) one row of a list or
// table of alike rows, such as a ticket category or a size: its "sold out"
// is that row's.
func siblingRow(n *html.Node) bool { return rowOf(n) != nil }

// rowOf returns the row siblingRow finds n in, or nil.
func rowOf(n *html.Node) *html.Node {
	for a, depth := n, 0; a != nil && a.Type == html.ElementNode && depth < 4; a, depth = a.Parent, depth+1 {
		if a.Data != "tr" && a.Data != "li" {
			continue
		}
		for s := a.Parent.FirstChild; s != nil; s = s.NextSibling {
			if s != a && s.Type == html.ElementNode && s.Data == a.Data {
				return a
			}
		}
	}
	return nil
}

// unseen reports whether n is hidden from a person's eye by its markup: the
// hidden attribute (not aria-hidden, which hides from screen readers only
// and marks the visible copy of a price), an inline display:none or
// visibility:hidden, a hiding class (hidden, d-none, is-hidden) or
// screen-reader-only text.
func unseen(n *html.Node) bool {
	return hiddenBlock(n, true)
}

// hiddenBlock is unseen; with readerText false, screen-reader-only text
// (which repeats a visible price exactly) is not counted as hidden.
func hiddenBlock(n *html.Node, readerText bool) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "style":
			if strings.Contains(a.Val, "isplay") || strings.Contains(a.Val, "isibility") {
				st := strings.ReplaceAll(strings.ToLower(a.Val), " ", "")
				if strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden") {
					return true
				}
			}
		case "class":
			if hidingClass(a.Val, readerText) {
				return true
			}
		}
	}
	return false
}

// hidingClass reports whether a class attribute hides its element: a
// hiding class (hidden, d-none, is-hidden; with readerText the
// screen-reader-only ones too) and no class that shows it from a
// breakpoint on ("hidden md:block", "d-none d-lg-block"), as pages are read
// as on a desktop. It walks the words in place, building no list.
func hidingClass(v string, readerText bool) bool {
	hides := false
	for len(v) > 0 {
		k := strings.IndexAny(v, " \t\n\r\f")
		t := v
		if k >= 0 {
			t, v = v[:k], v[k+1:]
		} else {
			v = ""
		}
		if t == "" {
			continue
		}
		if strings.IndexByte(t, ':') >= 0 || strings.HasPrefix(t, "d-") && strings.Count(t, "-") >= 2 || strings.HasPrefix(t, "visible-") {
			return false
		}
		if len(t) < 4 || len(t) > 18 {
			continue
		}
		switch strings.ToLower(t) {
		case "hidden", "hide", "d-none", "is-hidden", "u-hidden", "invisible":
			hides = true
		case "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "a-offscreen", "offscreen":
			hides = hides || readerText
		}
	}
	return hides
}

// storeWords name picking up in a store: a store's stock ("Pickup: not
// available at Springfield") is not whether the product can be bought.
var storeWords = []string{"pickup", "pick up", "pick-up", "in store", "in-store", "at store", "abholung", "im markt", "in der filiale",
	"en magasin", "retrait", "en tienda", "recogida", "retirada", "retire na loja", "ritiro", "in negozio", "afhalen", "in de winkel",
	"odbiór", "w sklepie", "mağazada", "mağazadan", "самовывоз", "в магазине", "nhận tại cửa hàng", "รับที่ร้าน", "ambil di toko",
	"الاستلام من", "איסוף", "店舗", "店頭", "门店", "自提", "門市", "매장", "픽업"}

func storeLine(text string) bool { return containsAny(strings.ToLower(text), storeWords) }

// badgeNode reports whether n is printed as a badge or label by its class
// words ("badge", "badge--sold-out", "product-label", "flag").
func badgeNode(n *html.Node) bool {
	for _, t := range attrTokens(n) {
		switch t {
		case "badge", "badges", "label", "flag", "sticker", "tag", "pill", "ribbon":
			return true
		}
	}
	return false
}

// chromeTokens are class and id words of a shop's page chrome: menus,
// banners and breadcrumbs.
var chromeTokens = map[string]bool{
	"menu": true, "megamenu": true, "nav": true, "navbar": true, "navigation": true, "breadcrumb": true, "breadcrumbs": true,
	"crumbs": true, "announcement": true, "banner": true, "promo": true, "topbar": true, "header": true, "masthead": true,
}

// chromeBlock reports whether n is a menu, banner or breadcrumb by its class
// or id.
func chromeBlock(n *html.Node) bool {
	for _, t := range attrTokens(n) {
		if chromeTokens[t] {
			return true
		}
	}
	return false
}

// countedSold reports whether a "sold" badge is the word of a sales count
// printed in its own element ("<b>23</b> <span>sold</span>").
func countedSold(n *html.Node, text string) bool {
	if !soldBadges[strings.Trim(strings.ToLower(text), " !.*()[]")] {
		return false
	}
	for s := n.PrevSibling; s != nil; s = s.PrevSibling {
		var t string
		switch s.Type {
		case html.TextNode:
			t = strings.TrimSpace(s.Data)
		case html.ElementNode:
			t = cleanText(nodeText(s))
		}
		if t != "" {
			r, _ := utf8.DecodeLastRuneInString(strings.TrimRight(t, "+kKmM"))
			return unicode.IsDigit(r)
		}
	}
	return false
}

// inChoice reports whether n or one of its three nearest ancestors is a
// choiceRow.
func inChoice(n *html.Node) bool {
	for a, depth := n, 0; a != nil && a.Type == html.ElementNode && depth < 4; a, depth = a.Parent, depth+1 {
		if choiceRow(a) {
			return true
		}
	}
	return false
}

// choiceRow reports whether n is one of several alike blocks that each
// price a choice (ticket categories, seat zones, bundle sizes laid out as
// divs), or one of three or more alike buttons, links or labels (a size
// picker): a "sold out" there is that choice's, as in siblingRow.
func choiceRow(n *html.Node) bool {
	if n.Parent == nil || attr(n, "class") == "" {
		return false
	}
	switch n.Data {
	case "div", "article", "section", "label", "button", "a":
		// Not span: a strip of badges ("New", "Sale", "Sold out") is
		// the product's own, not a choice among alike ones.
	default:
		return false
	}
	// The cheap tests first: enough siblings of the same tag with the
	// same class attribute (rows most often share it outright) or alike
	// class words, and only then, for blocks, a price in the row.
	need := 1
	if n.Data == "button" || n.Data == "label" || n.Data == "a" {
		need = 2
	}
	cls := attr(n, "class")
	same, identical := 0, 0
	for s := n.Parent.FirstChild; s != nil; s = s.NextSibling {
		if s != n && s.Type == html.ElementNode && s.Data == n.Data && hasAttr(s, "class") {
			same++
			if attr(s, "class") == cls {
				identical++
			}
		}
	}
	if same < need {
		return false
	}
	if identical < need {
		own := classTokens(n)
		if len(own) == 0 {
			return false
		}
		alikes, seen := 0, 0
		for s := n.Parent.FirstChild; s != nil && seen < 64 && alikes < need; s = s.NextSibling {
			if s == n || s.Type != html.ElementNode || s.Data != n.Data {
				continue
			}
			seen++
			if alike(own, classTokens(s)) {
				alikes++
			}
		}
		if alikes < need {
			return false
		}
	}
	if need == 1 {
		t, _ := textUpTo(n, 200)
		return strings.ContainsFunc(t, unicode.IsDigit) && priceLike(strings.ToLower(t))
	}
	return true
}

// choiceButton reports whether a button (lower-cased text t) is one of a
// group of choices with its own state after its value ("220V
// (indisponível)", "XL – sold out") beside another button of its kind:
// two options are too few for choiceRow, and the state is that option's.
func choiceButton(n *html.Node, t string) bool {
	i := strings.IndexAny(t, "(–—|")
	if i <= 0 || strings.TrimSpace(t[:i]) == "" || containsAny(t, buyControlPhrases) || n.Parent == nil {
		return false
	}
	for s := n.Parent.FirstChild; s != nil; s = s.NextSibling {
		if s != n && s.Type == html.ElementNode && s.Data == n.Data {
			return true
		}
	}
	return false
}

// disabled reports whether a control is shown disabled.
func disabled(n *html.Node) bool {
	if hasAttr(n, "disabled") || strings.EqualFold(attr(n, "aria-disabled"), "true") {
		return true
	}
	for _, t := range attrTokens(n) {
		if t == "disabled" || t == "inactive" {
			return true
		}
	}
	return false
}
