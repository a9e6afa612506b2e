package extract

import (
	"strings"

	"github.com/shelfwatch/shelfwatch/pricing"
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
}

// phraseRule is one group of built-in phrases. The groups are checked in
// order because phrases nest: "not in stock" contains "in stock", and
// "unavailable" contains "available".
type phraseRule struct {
	state   pricing.Availability
	phrases []string
}

var builtinPhrases = []phraseRule{
	{pricing.Discontinued, []string{
		"discontinued", "no longer available", "no longer sold", "已下架", "下架", "停产", "停售",
		"停產", "販売終了", "生産終了", "판매종료", "단종", "nicht mehr erhältlich", "plus fabriqué",
	}},
	{pricing.PreOrder, []string{
		"pre-order", "preorder", "pre order", "backorder", "back-order", "back order",
		"预售", "预定", "预订", "定金", "預購", "預售", "予約", "예약", "vorbestellen", "précommande",
	}},
	{pricing.OutOfStock, []string{
		"out of stock", "out-of-stock", "sold out", "soldout", "sold-out", "not in stock",
		"unavailable", "not available", "currently unavailable", "notify me",
		"无货", "缺货", "售罄", "已售完", "已售罄", "到货通知", "暂无库存", "无库存", "卖光",
		"無貨", "缺貨", "到貨通知", "在庫切れ", "在庫なし", "売り切れ", "品切れ", "품절", "재고 없음", "일시품절",
		"nicht auf lager", "nicht verfügbar", "ausverkauft", "rupture de stock", "plus en stock", "épuisé", "agotado",
	}},
	{pricing.InStock, []string{
		"in stock", "instock", "in-stock", "add to cart", "add to bag", "add to basket",
		"buy now", "available", "ships today", "left in stock",
		"有货", "现货", "加入购物车", "立即购买", "库存充足",
		"有貨", "現貨", "加入購物車", "在庫あり", "カートに入れる", "재고 있음", "장바구니 담기",
		"auf lager", "in den warenkorb", "en stock", "ajouter au panier", "en existencia",
	}},
}

// NormalizeAvailability reads a stock state out of a schema.org availability
// value ("https://schema.org/InStock", "OutOfStock") or a shop's visible text
// in English or Chinese ("Sold out", "有货", "加入购物车"), with the commonest
// phrases of Japanese, Korean, German, French and Spanish shops too. extra holds a
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
	for _, r := range builtinPhrases {
		for _, p := range r.phrases {
			if strings.Contains(t, p) {
				return r.state
			}
		}
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
