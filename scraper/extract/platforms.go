package extract

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// ErrNoCurrency is wrapped by the Page.Errors entry of a Shopify page read
// without Rules.Currency: products.json does not state its currency.
var ErrNoCurrency = errors.New("no currency configured")

// flexString decodes a JSON string, number or null into its text, as shops'
// JSON writes prices and ids either way.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*f = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(strings.TrimSpace(s))
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("want a string or number, got %s", truncate(string(b), 20))
		}
		*f = flexString(n.String())
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

type shopifyPage struct {
	Products []shopifyProduct `json:"products"`
}

type shopifyProduct struct {
	ID          flexString       `json:"id"`
	Title       string           `json:"title"`
	Handle      string           `json:"handle"`
	Vendor      string           `json:"vendor"`
	ProductType string           `json:"product_type"`
	Options     []shopifyOption  `json:"options"`
	Variants    []shopifyVariant `json:"variants"`
	Images      []shopifyImage   `json:"images"`
}

type shopifyOption struct {
	Name string `json:"name"`
}

type shopifyVariant struct {
	ID             flexString    `json:"id"`
	Title          string        `json:"title"`
	Option1        *string       `json:"option1"`
	Option2        *string       `json:"option2"`
	Option3        *string       `json:"option3"`
	SKU            string        `json:"sku"`
	Barcode        *string       `json:"barcode"`
	Price          flexString    `json:"price"`
	CompareAtPrice flexString    `json:"compare_at_price"`
	Available      *bool         `json:"available"`
	FeaturedImage  *shopifyImage `json:"featured_image"`
}

type shopifyImage struct {
	Src string `json:"src"`
}

// Shopify reads one page of a Shopify shop's /products.json: one offer per
// variant, titled "Product — Option1 / Option2" (options the product title
// already names left out), with each variant's compare_at_price as its list
// price, vendor as brand, product_type as category (unless the rules
// fix one) and URL <shop>/products/<handle>?variant=<id>. Prices are in
// Rules.Currency. It returns an error only when the JSON cannot be decoded;
// a variant whose price does not parse is reported in Page.Errors.
func Shopify(r io.Reader, shopURL *url.URL, rules Rules) (Page, error) {
	var sp shopifyPage
	if err := json.NewDecoder(r).Decode(&sp); err != nil {
		return Page{}, fmt.Errorf("shopify %s: %w", urlString(shopURL), err)
	}
	var pg Page
	page := urlString(shopURL)
	cur := strings.ToUpper(strings.TrimSpace(rules.Currency))
	if cur == "" && len(sp.Products) > 0 {
		pg.Errors = append(pg.Errors, fmt.Errorf("%s: %w: Shopify's products.json names no currency; set currency in the config", page, ErrNoCurrency))
	}
	for _, p := range sp.Products {
		for _, v := range p.Variants {
			var o pricing.Offer
			set := func(name, val string, dst *string) {
				if val = strings.TrimSpace(val); val != "" {
					*dst = val
					setSource(&o, name, srcShopify)
				}
			}
			set("title", shopifyTitle(p, v), &o.Title)
			set("sku", v.SKU, &o.SKU)
			if v.Barcode != nil && isDigits(*v.Barcode) {
				set("gtin", *v.Barcode, &o.GTIN)
			}
			set("brand", p.Vendor, &o.Brand)
			set("category", p.ProductType, &o.Category)
			img := ""
			if v.FeaturedImage != nil {
				img = v.FeaturedImage.Src
			} else if len(p.Images) > 0 {
				img = p.Images[0].Src
			}
			set("image", absolute(shopURL, img), &o.Image)
			ref := "/products/" + url.PathEscape(p.Handle)
			if v.ID != "" {
				ref += "?variant=" + url.QueryEscape(string(v.ID))
			}
			set("url", absolute(shopURL, ref), &o.URL)
			if a, ok := platformAmount(&pg, page, p.Title, "price", string(v.Price)); ok {
				o.Price = money(a, cur)
				setSource(&o, "price", srcShopify)
			}
			if a, ok := platformAmount(&pg, page, p.Title, "compare_at_price", string(v.CompareAtPrice)); ok && (o.Price == nil || a > o.Price.Amount) {
				o.ListPrice = money(a, cur)
				setSource(&o, "list_price", srcShopify)
			}
			if v.Available != nil {
				o.Availability = pricing.OutOfStock
				if *v.Available {
					o.Availability = pricing.InStock
				}
				setSource(&o, "availability", srcShopify)
			}
			pg.Offers = append(pg.Offers, o)
		}
	}
	platformFinish(&pg, page, rules)
	return pg, nil
}

// shopifyTitle is "Product — Option1 / Option2" (VariantTitle); Shopify
// names the only variant of a product without options "Default Title".
func shopifyTitle(p shopifyProduct, v shopifyVariant) string {
	var opts []string
	for _, o := range []*string{v.Option1, v.Option2, v.Option3} {
		if o != nil && strings.TrimSpace(*o) != "" && *o != "Default Title" {
			opts = append(opts, strings.TrimSpace(*o))
		}
	}
	if len(opts) == 0 && v.Title != "" && v.Title != "Default Title" {
		opts = append(opts, v.Title) // "Red / M": VariantTitle splits it
	}
	return VariantTitle(p.Title, opts...)
}

// platformAmount parses a decimal price from a platform's JSON; an empty
// value is no price, a bad one is reported.
func platformAmount(pg *Page, page, product, field, v string) (pricing.Amount, bool) {
	if v == "" {
		return 0, false
	}
	a, err := pricing.ParseAmount(v)
	if err != nil {
		pg.Errors = append(pg.Errors, fmt.Errorf("%s: product %q: %s: %w", page, product, field, err))
		return 0, false
	}
	if a <= 0 {
		return 0, false
	}
	return a, true
}

func isDigits(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// platformFinish cleans identifiers (an invalid barcode is dropped and
// reported in pg.Errors), applies the fixed category and sets the keys.
func platformFinish(pg *Page, page string, rules Rules) {
	offers := pg.Offers
	for i := range offers {
		o := &offers[i]
		cleanFields(o, page, &pg.Errors)
		if rules.Category != "" {
			o.Category = rules.Category
			setSource(o, "category", srcConfig)
		}
		if o.Availability == "" {
			o.Availability = pricing.AvailabilityUnknown
		}
		o.URL = canonical(o.URL)
	}
	pg.Offers = keyOffers(offers, page, &pg.Errors)
}

type wooProduct struct {
	ID         flexString     `json:"id"`
	Name       string         `json:"name"`
	Permalink  string         `json:"permalink"`
	SKU        string         `json:"sku"`
	Prices     *wooPrices     `json:"prices"`
	IsInStock  *bool          `json:"is_in_stock"`
	Images     []wooImage     `json:"images"`
	Categories []wooTerm      `json:"categories"`
	Brands     []wooTerm      `json:"brands"`
	Variations []wooVariation `json:"variations"`
	Attributes []wooAttribute `json:"attributes"`
	Reviews    flexString     `json:"review_count"`
}

type wooPrices struct {
	Price             flexString `json:"price"`
	RegularPrice      flexString `json:"regular_price"`
	SalePrice         flexString `json:"sale_price"`
	CurrencyCode      string     `json:"currency_code"`
	CurrencyMinorUnit *int       `json:"currency_minor_unit"`
	PriceRange        *struct {
		MinAmount flexString `json:"min_amount"`
		MaxAmount flexString `json:"max_amount"`
	} `json:"price_range"`
}

type wooImage struct {
	Src string `json:"src"`
}

type wooTerm struct {
	Name string `json:"name"`
}

type wooAttribute struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	// Terms are a product attribute's values; a variation names its value
	// by the term's slug ("obsidian-black").
	Terms []wooSlugTerm `json:"terms"`
}

type wooSlugTerm struct {
	Name string `json:"name"`
	Slug string `json:"slug"`
}

// wooTermName is the shown name of a variation's attribute value: the Store
// API gives a taxonomy attribute's value as its term's slug, and the
// product's attributes list the terms with their names.
func wooTermName(attrs []wooAttribute, a wooAttribute) string {
	for _, pa := range attrs {
		if !strings.EqualFold(pa.Name, a.Name) {
			continue
		}
		for _, t := range pa.Terms {
			if t.Slug == a.Value && t.Name != "" {
				return html2text(t.Name)
			}
		}
	}
	return html2text(a.Value)
}

type wooVariation struct {
	ID         flexString     `json:"id"`
	SKU        string         `json:"sku"`
	Attributes []wooAttribute `json:"attributes"`
	Prices     *wooPrices     `json:"prices"`
	IsInStock  *bool          `json:"is_in_stock"`
}

// WooCommerce reads one page of a WooCommerce shop's Store API
// (/wp-json/wc/store/v1/products): prices.price in minor units per
// prices.currency_minor_unit, regular_price as list price when the product
// is on sale, is_in_stock, sku, the first category (unless the rules fix
// one), and price_range as min/max for variable products. Variations that
// carry their own prices become one offer each, titled "Product — Value1 /
// Value2" (term names for slugs; values the name already has left out),
// with their own regular_price as list price, at
// <permalink>?variation_id=<id>. It returns an error only when
// the JSON cannot be decoded; bad prices are reported in Page.Errors.
func WooCommerce(r io.Reader, shopURL *url.URL, rules Rules) (Page, error) {
	var products []wooProduct
	if err := json.NewDecoder(r).Decode(&products); err != nil {
		return Page{}, fmt.Errorf("woocommerce %s: %w", urlString(shopURL), err)
	}
	var pg Page
	page := urlString(shopURL)
	for _, p := range products {
		var base pricing.Offer
		set := func(o *pricing.Offer, name, val string, dst *string) {
			if val = strings.TrimSpace(val); val != "" {
				*dst = val
				setSource(o, name, srcWooCommerce)
			}
		}
		name := html2text(p.Name)
		set(&base, "title", name, &base.Title)
		set(&base, "sku", p.SKU, &base.SKU)
		set(&base, "url", absolute(shopURL, p.Permalink), &base.URL)
		if len(p.Images) > 0 {
			set(&base, "image", absolute(shopURL, p.Images[0].Src), &base.Image)
		}
		if len(p.Categories) > 0 {
			set(&base, "category", html2text(p.Categories[0].Name), &base.Category)
		}
		if len(p.Brands) > 0 {
			set(&base, "brand", html2text(p.Brands[0].Name), &base.Brand)
		}
		if c := count(string(p.Reviews)); c != nil && *c > 0 {
			base.Reviews = c
			setSource(&base, "reviews", srcWooCommerce)
		}
		wooStock(&base, p.IsInStock)
		var variants []pricing.Offer
		for _, v := range p.Variations {
			if v.Prices == nil {
				continue // the list API gives only ids and attributes
			}
			o := base
			o.Source = copySource(base.Source)
			var vals []string
			for _, a := range v.Attributes {
				if a.Value != "" {
					vals = append(vals, wooTermName(p.Attributes, a))
				}
			}
			if len(vals) > 0 {
				set(&o, "title", VariantTitle(name, vals...), &o.Title)
			}
			o.SKU = ""
			delete(o.Source, "sku")
			set(&o, "sku", v.SKU, &o.SKU)
			if base.URL != "" && v.ID != "" {
				if u, err := url.Parse(base.URL); err == nil {
					q := u.Query()
					q.Set("variation_id", string(v.ID))
					u.RawQuery = q.Encode()
					set(&o, "url", u.String(), &o.URL)
				}
			}
			wooStock(&o, v.IsInStock)
			wooPrice(&o, &pg, page, name, v.Prices)
			variants = append(variants, o)
		}
		if len(variants) > 0 {
			pg.Offers = append(pg.Offers, variants...)
			continue
		}
		wooPrice(&base, &pg, page, name, p.Prices)
		pg.Offers = append(pg.Offers, base)
	}
	platformFinish(&pg, page, rules)
	return pg, nil
}

func wooStock(o *pricing.Offer, in *bool) {
	if in == nil {
		return
	}
	o.Availability = pricing.OutOfStock
	if *in {
		o.Availability = pricing.InStock
	}
	setSource(o, "availability", srcWooCommerce)
}

// wooPrice sets price, list price and range from Store API prices.
func wooPrice(o *pricing.Offer, pg *Page, page, product string, p *wooPrices) {
	if p == nil {
		return
	}
	unit := 2
	if p.CurrencyMinorUnit != nil {
		unit = *p.CurrencyMinorUnit
	}
	cur := strings.ToUpper(p.CurrencyCode)
	amt := func(field string, v flexString) *pricing.Money {
		if v == "" {
			return nil
		}
		a, err := minorUnits(string(v), unit)
		if err != nil {
			pg.Errors = append(pg.Errors, fmt.Errorf("%s: product %q: prices.%s: %w", page, product, field, err))
			return nil
		}
		if a <= 0 {
			return nil
		}
		return money(a, cur)
	}
	if m := amt("price", p.Price); m != nil {
		o.Price = m
		setSource(o, "price", srcWooCommerce)
	}
	if m := amt("sale_price", p.SalePrice); o.Price == nil && m != nil {
		o.Price = m
		setSource(o, "price", srcWooCommerce)
	}
	if m := amt("regular_price", p.RegularPrice); m != nil && o.Price != nil && m.Amount > o.Price.Amount {
		o.ListPrice = m
		setSource(o, "list_price", srcWooCommerce)
	}
	if pr := p.PriceRange; pr != nil {
		lo, hi := amt("price_range.min_amount", pr.MinAmount), amt("price_range.max_amount", pr.MaxAmount)
		if lo != nil && hi != nil && lo.Amount != hi.Amount {
			o.MinPrice, o.MaxPrice = lo, hi
			setSource(o, "min_price", srcWooCommerce)
			setSource(o, "max_price", srcWooCommerce)
			if o.Price == nil {
				o.Price = lo
				setSource(o, "price", srcWooCommerce)
			}
		}
	}
}

// minorUnits converts an integer amount in a currency's minor units ("1999"
// with 2 decimals, "423923" with 3) to an Amount, exactly: an Amount holds
// every minor unit WooCommerce can state (0 to 4).
func minorUnits(v string, unit int) (pricing.Amount, error) {
	if unit < 0 || unit > pricing.AmountDigits {
		return 0, fmt.Errorf("currency_minor_unit %d out of range", unit)
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: %q is not a whole number of minor units", pricing.ErrInvalidAmount, v)
	}
	a, err := pricing.MinorAmount(n, unit)
	if err != nil {
		return 0, fmt.Errorf("prices %q: %w", v, err)
	}
	return a, nil
}

// html2text decodes the entities WordPress leaves in names ("&#8211;").
func html2text(s string) string {
	return cleanText(htmlUnescape(s))
}
