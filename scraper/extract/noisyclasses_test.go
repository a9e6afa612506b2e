package extract

import (
	"net/url"
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// TestNoisyPageClasses holds the failure classes the noisy holdout found,
// each on a small page: a price beside its old price in a "prev"/"former"
// element, a per-month amount in Russian, a price quoted in a review, a
// sold-out row's price.
func TestNoisyPageClasses(t *testing.T) {
	tests := []struct {
		name, rules, page, want string
	}{
		{"old price as a child of the price", "RUB", `<h1>Смартфон</h1><div class="product-buy__price">32 999 ₽<span class="product-buy__prev">36 999</span></div><button class="buy-btn">Купить</button>`, "32999.00 RUB"},
		{"former price class", "EUR", `<h1>Waterkoker</h1><div class="sales-price"><span class="sales-price__former-price">109,-</span><strong class="sales-price__current">89,-</strong></div><button>In mijn winkelwagen</button>`, "89.00 EUR"},
		{"per month in Russian", "RUB", `<h1>Смартфон</h1><div class="buy"><div class="sub">или 2 750 ₽/мес. в рассрочку</div><div class="p">32 999 ₽</div><button class="buy-btn">Купить</button></div>`, "32999.00 RUB"},
		{"a price quoted in a review", "CNY", `<h1>净化器</h1><div class="price"><span class="p-price"></span></div><a class="btn-buy" href="/cart">加入购物车</a><div class="comment-list"><p>价格比上次便宜了200元</p></div>`, "none"},
		{"a sold-out ticket category", "EUR", `<h1>Marigold Quartet</h1><table><tr><td>Stehplatz</td><td class="price">39,90 €</td><td>Ausverkauft</td></tr><tr><td>Kategorie 2</td><td class="price">49,90 €</td></tr><tr><td>Kategorie 1</td><td class="price">69,90 €</td></tr></table><button class="btn-buy">Tickets kaufen</button>`, "49.90 EUR"},
		{"every category sold out", "EUR", `<h1>Marigold Quartet</h1><table><tr><td>Kategorie 1</td><td class="price">69,90 €</td><td>Ausverkauft</td></tr><tr><td>Stehplatz</td><td class="price">39,90 €</td><td>Ausverkauft</td></tr></table><button class="btn-buy" disabled>Tickets kaufen</button>`, "39.90 EUR"},
		{"a price quoted under a reviews heading", "CNY", `<h1>净化器</h1><div class="x1"><span class="p-price"></span></div><a class="btn-buy" href="/cart">加入购物车</a><div class="k9"><h2>商品评价</h2><p>价格比上次便宜了200元</p></div>`, "none"},
		{"a rating line by the title is no reviews heading", "EUR", `<div class="hd"><h1>Bouilloire</h1><div class="sub-title">Aero · 4,3/5 (87 avis)</div><p>Réf : 17654321</p></div><div class="buy"><span class="price">49,99 €</span><button>Ajouter au panier</button></div>`, "49.99 EUR"},
		{"a free-shipping threshold in the buy box", "TRY", `<h1>Kulaklık</h1><div class="box"><span class="prc-dsc">1.249,90 TL</span><div class="campaign">150 TL üzeri Kargo Bedava</div><button class="add-to-basket">Sepete Ekle</button></div>`, "1249.90 TRY"},
		{"Arabic instalments", "AED", `<h1>هاتف</h1><div class="tabby">أو قسّمها على 4 دفعات بقيمة 274.75 درهم</div><div class="now"><span>AED</span> <span>1,099.00</span></div><button class="addToCart">أضف إلى العربة</button>`, "1099.00 AED"},
		{"a long old-price label", "EUR", `<h1>Laufschuh</h1><p class="a1">Ursprünglicher Preis: <span class="b2">119,95 €</span></p><p class="a1">89,95 €</p><button class="add-to-bag">In den Warenkorb</button>`, "89.95 EUR"},
		{"a price quoted in Q&A", "USD", `<h1>Speaker</h1><div class="buybox"><span class="price">$59.99</span><button>Add to Cart</button></div><div id="questions"><p>Does it work with the $39.00 Mini?</p></div>`, "59.99 USD"},
	}
	u, _ := url.Parse("https://shop.example/p/1")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Extract(strings.NewReader(tt.page), u, Product, Rules{Currency: tt.rules})
			if err != nil {
				t.Fatal(err)
			}
			var o pricing.Offer
			if len(p.Offers) > 0 {
				o = p.Offers[0]
			}
			if got := moneyString(o.Price); got != tt.want {
				t.Errorf("price %s, want %s", got, tt.want)
			}
		})
	}
}

// TestNoisyPageStockClasses holds the stock classes the noisy holdout found:
// one option of two sold out is that option's state, not the product's.
func TestNoisyPageStockClasses(t *testing.T) {
	tests := []struct {
		name, page string
		want       pricing.Availability
	}{
		{"one of two option buttons unavailable", `<h1>Geladeira</h1><p class="p">R$ 2.199,00</p><div><span>Voltagem:</span><button class="v sel">110V</button><button>220V (indisponível)</button></div><button class="bag">Adicionar à sacola</button>`, pricing.InStock},
		{"the buy button says sold out", `<h1>Geladeira</h1><p class="p">R$ 2.199,00</p><div><button>110V</button><button>220V</button></div><button class="bag" disabled>Esgotado</button>`, pricing.OutOfStock},
	}
	u, _ := url.Parse("https://shop.example/p/1")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Extract(strings.NewReader(tt.page), u, Product, Rules{Currency: "BRL"})
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Offers) == 0 || p.Offers[0].Availability != tt.want {
				t.Errorf("offers %+v, want availability %s", p.Offers, tt.want)
			}
		})
	}
}
