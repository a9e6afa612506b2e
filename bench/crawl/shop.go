package main

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// shop is the benchmark's fixture shop: products product pages of about
// 40 KB (JSON-LD, a visible price, a related-products block, filler text
// like a real theme's), reached from paginated listings of perPage cards.
// Every page is a pure function of its number, so every crawler in a run,
// and every run, sees the same shop.
type shop struct {
	products int
	perPage  int
	// served counts the pages answered (listings and products, not
	// robots.txt), so each crawler's pages/s is counted by the server.
	served atomic.Int64
	pool   sync.Pool
}

func newShop(products int) *shop {
	s := &shop{products: products, perPage: 40}
	s.pool.New = func() any { return new(bytes.Buffer) }
	return s
}

// listings is the number of listing pages.
func (s *shop) listings() int { return (s.products + s.perPage - 1) / s.perPage }

// pages is every page a full crawl fetches.
func (s *shop) pages() int { return s.products + s.listings() }

func (s *shop) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	buf := s.pool.Get().(*bytes.Buffer)
	buf.Reset()
	defer s.pool.Put(buf)
	switch {
	case r.URL.Path == "/robots.txt":
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "User-agent: *\nDisallow: /cart\n")
		return
	case r.URL.Path == "/c":
		n, err := strconv.Atoi(r.URL.Query().Get("page"))
		if err != nil || n < 1 || n > s.listings() {
			http.NotFound(w, r)
			return
		}
		s.listing(buf, n)
	case strings.HasPrefix(r.URL.Path, "/p/"):
		i, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/p/"))
		if err != nil || i < 0 || i >= s.products {
			http.NotFound(w, r)
			return
		}
		s.product(buf, i)
	default:
		http.NotFound(w, r)
		return
	}
	s.served.Add(1)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Write(buf.Bytes())
}

var (
	brands = []string{"Aurel", "Brisk", "Corvo", "Delmar", "Eskon", "Fjord", "Galen", "Hollis", "Istra", "Juno", "Kestrel", "Lumen", "Marlow"}
	kinds  = []string{"Kettle", "Headphones", "Desk Lamp", "Backpack", "Blender", "Smartwatch", "Tea Set", "Speaker", "Jacket", "Toaster", "Monitor Arm", "Water Bottle"}
	adjs   = []string{"Compact", "Pro", "Classic", "Ultra", "Travel", "Studio", "Everyday", "Outdoor", "Slim", "Max"}
	words  = strings.Fields(`crafted durable material finish everyday comfort design premium quality tested
		lightweight warranty shipping returns package contents dimensions weight colour fabric steel
		aluminium battery hours charging wireless cable adapter compatible improved version series`)
)

// name, price and sku of product i: deterministic, varied.
func productName(i int) string {
	return fmt.Sprintf("%s %s %s %d", brands[i%len(brands)], adjs[(i/13)%len(adjs)], kinds[(i/7)%len(kinds)], 100+i%900)
}

// priceCents is between 5.00 and 1,004.99.
func priceCents(i int) int { return 500 + (i*7919)%100000 }

func money(c int) string { return fmt.Sprintf("%d.%02d", c/100, c%100) }

func (s *shop) listing(b *bytes.Buffer, n int) {
	fmt.Fprintf(b, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>All products – page %d – Bench Shop</title></head><body>\n", n)
	navigation(b)
	fmt.Fprintf(b, "<nav class=\"breadcrumb\"><a href=\"/\">Home</a> › <span class=\"current\">All products</span></nav>\n<h1>All products</h1>\n<div class=\"grid\">\n")
	for i := (n - 1) * s.perPage; i < min(n*s.perPage, s.products); i++ {
		fmt.Fprintf(b, "<div class=\"product-card\" data-sku=\"BS-%06d\"><a class=\"name\" href=\"/p/%d\">%s</a><span class=\"price\">$%s</span></div>\n",
			i, i, productName(i), money(priceCents(i)))
	}
	b.WriteString("</div>\n<div class=\"pager\">")
	if n > 1 {
		fmt.Fprintf(b, "<a class=\"prev\" href=\"/c?page=%d\">Previous</a> ", n-1)
	}
	if n < s.listings() {
		fmt.Fprintf(b, "<a class=\"next\" href=\"/c?page=%d\">Next</a>", n+1)
	}
	b.WriteString("</div>\n")
	footer(b)
}

func navigation(b *bytes.Buffer) {
	b.WriteString("<header><a class=\"logo\" href=\"/\">Bench Shop</a><ul class=\"menu\">")
	for _, k := range kinds {
		fmt.Fprintf(b, "<li><a href=\"/collections/%s\">%s</a></li>", strings.ToLower(strings.ReplaceAll(k, " ", "-")), k)
	}
	b.WriteString("</ul><a href=\"/cart\">Cart</a></header>\n")
}

func footer(b *bytes.Buffer) {
	b.WriteString("<footer><ul>")
	for _, f := range []string{"About", "Shipping", "Returns", "Contact", "Privacy", "Terms"} {
		fmt.Fprintf(b, "<li><a href=\"/pages/%s\">%s</a></li>", strings.ToLower(f), f)
	}
	b.WriteString("</ul><p>© Bench Shop</p></footer>\n</body></html>\n")
}

func (s *shop) product(b *bytes.Buffer, i int) {
	name, price, sku := productName(i), money(priceCents(i)), fmt.Sprintf("BS-%06d", i)
	avail := "InStock"
	if i%17 == 0 {
		avail = "OutOfStock"
	}
	fmt.Fprintf(b, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%s – Bench Shop</title>
<meta name="description" content="%s at Bench Shop"><link rel="canonical" href="/p/%d">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"%s","sku":"%s","brand":{"@type":"Brand","name":"%s"},"image":"/img/%d.jpg","offers":{"@type":"Offer","url":"/p/%d","priceCurrency":"USD","price":"%s","availability":"https://schema.org/%s"}}</script>
</head><body>
`, name, name, i, name, sku, brands[i%len(brands)], i, i, price, avail)
	navigation(b)
	fmt.Fprintf(b, "<nav class=\"breadcrumb\"><a href=\"/\">Home</a> › <a href=\"/c?page=%d\">All products</a> › <span class=\"current\">%s</span></nav>\n", i/s.perPage+1, kinds[(i/7)%len(kinds)])
	fmt.Fprintf(b, "<main class=\"product\"><h1 class=\"product-title\">%s</h1>\n<div class=\"price\"><span class=\"now\">$%s</span>", name, price)
	if i%5 == 0 {
		fmt.Fprintf(b, " <del>$%s</del>", money(priceCents(i)*5/4))
	}
	fmt.Fprintf(b, "</div>\n<p class=\"stock\">%s</p><p class=\"sku\">SKU: %s</p>\n<button class=\"add-to-cart\">Add to cart</button>\n", map[bool]string{true: "In stock", false: "Sold out"}[avail == "InStock"], sku)
	// Description and specs: the bulk of a theme's product page.
	b.WriteString("<section class=\"description\">\n")
	for p := range 46 {
		b.WriteString("<p>")
		for w := range 90 {
			b.WriteString(words[(i*31+p*7+w*13)%len(words)])
			b.WriteByte(' ')
		}
		b.WriteString("</p>\n")
	}
	b.WriteString("</section>\n<table class=\"specs\">")
	for r := range 20 {
		fmt.Fprintf(b, "<tr><th>%s</th><td>%s %d</td></tr>", words[(r*3)%len(words)], words[(i+r)%len(words)], (i*r)%97)
	}
	b.WriteString("</table></main>\n<section class=\"related\"><h2>You may also like</h2><ul>\n")
	for k := 1; k <= 12; k++ {
		j := (i + k*389) % s.products
		fmt.Fprintf(b, "<li class=\"related-item\"><a href=\"/p/%d\"><img src=\"/img/%d.jpg\" alt=\"\"><span class=\"title\">%s</span></a><span class=\"related-price\">$%s</span></li>\n",
			j, j, productName(j), money(priceCents(j)))
	}
	b.WriteString("</ul></section>\n")
	footer(b)
}
