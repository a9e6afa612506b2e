package extract

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/scraper/price"
	"golang.org/x/net/html"
)

// metaOffer reads OpenGraph and product meta tags (og:title, og:image,
// product:price:amount, product:price:currency, product:availability, ...).
// The first tag of each name wins.
func metaOffer(root *html.Node, base *url.URL, rules Rules, page string, errs *[]error) pricing.Offer {
	tags := map[string]string{}
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > 512 {
			return
		}
		if n.Type == html.ElementNode && n.Data == "meta" {
			key := attr(n, "property")
			if key == "" {
				key = attr(n, "name")
			}
			key = strings.ToLower(strings.TrimSpace(key))
			if _, seen := tags[key]; key != "" && !seen {
				tags[key] = strings.TrimSpace(attr(n, "content"))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(root, 0)

	var o pricing.Offer
	first := func(keys ...string) string {
		for _, k := range keys {
			if v := tags[k]; v != "" {
				return v
			}
		}
		return ""
	}
	setStr := func(name, v string, dst *string) {
		if v != "" {
			*dst = v
			setSource(&o, name, srcMeta)
		}
	}
	setStr("title", cleanText(first("og:title", "twitter:title")), &o.Title)
	setStr("image", absolute(base, first("og:image", "og:image:url", "og:image:secure_url", "twitter:image")), &o.Image)
	setStr("url", absolute(base, first("og:url")), &o.URL)
	setStr("brand", first("product:brand", "og:brand"), &o.Brand)
	setStr("sku", first("product:retailer_item_id", "product:sku", "og:sku"), &o.SKU)
	setStr("gtin", first("product:gtin", "product:ean", "product:upc", "product:isbn"), &o.GTIN)
	setStr("mpn", first("product:mfr_part_no", "product:mpn"), &o.MPN)
	setStr("category", categoryName(first("product:category")), &o.Category)

	h := rules.hints()
	cur := strings.ToUpper(first("product:price:currency", "og:price:currency", "product:sale_price:currency"))
	amount := func(field string, keys ...string) *pricing.Money {
		v := first(keys...)
		if v == "" {
			return nil
		}
		a, c, err := structuredAmount(v, h)
		if err != nil {
			if !errors.Is(err, price.ErrNoPrice) {
				*errs = append(*errs, fmt.Errorf("%s: meta %s: %w", page, field, err))
			}
			return nil
		}
		if a <= 0 {
			return nil
		}
		if cur != "" {
			c = cur
		} else if c == "" {
			c = h.Currency
		}
		return money(a, c)
	}
	if m := amount("price", "product:sale_price:amount", "product:price:amount", "og:price:amount", "product:price"); m != nil {
		o.Price = m
		setSource(&o, "price", srcMeta)
	}
	if m := amount("list_price", "product:original_price:amount", "product:regular_price:amount"); m != nil && o.Price != nil && m.Amount != o.Price.Amount {
		o.ListPrice = m
		setSource(&o, "list_price", srcMeta)
	}
	if a := first("product:availability", "og:availability"); a != "" {
		if av := NormalizeAvailability(a, rules.AvailabilityPhrases); av != pricing.AvailabilityUnknown {
			o.Availability = av
			setSource(&o, "availability", srcMeta)
		}
	}
	return o
}
