// Package extract turns one fetched shop page into offers. It is a pure
// function of (document, page URL, rules): it fetches nothing and reads only
// the io.Reader it is given, already decoded to UTF-8.
//
// In auto mode (the default) a product's fields come from the most trusted
// source that states them: schema.org JSON-LD, then microdata and RDFa-lite,
// then OpenGraph/product meta tags, then what the page shows (the h1, the
// price nearest it). Selectors given in the rules override single fields. In
// selectors mode only the selectors are read. Offer.Source records, for each
// field, which source it came from.
//
// How the sources combine, in auto mode:
//
//   - Product pages: the most trusted structured source that yields offers
//     gives the offer set (one per variant for a ProductGroup, several
//     Offers with distinct SKUs, ...). Less trusted sources fill only what
//     it left empty, and into several variants only brand and category,
//     since a page-level price or image belongs to one variant at most. The
//     visible-page reading (h1 title, price nearest it, stock words,
//     sales/review counts) runs on pages with at most one offer and fills
//     the gaps too; its struck-through price becomes the list price only
//     when its selling price equals the offer's. A page that shows three
//     or more alike product cards (each with a price and a link) and no
//     product of its own outside them (a buy control and an unlinked price)
//     is a listing: the visible-page reading gives nothing there, and when
//     no other source gave a price, Page.Errors says the page looks like a
//     listing. On a product page the cards of a related-products strip are
//     left out of the visible-page reading. Rules.Product selectors then
//     override single fields (again only brand and category across several
//     variants).
//   - Listing pages: with Rules.Listing.Item, each item is one offer;
//     structured data describing the same SKU or URL supplies the fields the
//     selectors leave empty, and structured products without a matching
//     item are not reported (the item selector defines the listing).
//     Without an item selector, the structured products are the offers.
//     Meta tags and the visible-page reading describe a page, not a
//     listing, and are not used there.
//
// In selectors mode a page kind without selectors (a product page without
// Rules.Product) yields no offers. On a whole-page read (no item selector)
// an " @attr" selector reads the first element carrying that attribute.
//
// Category is, in order: the fixed Rules.Category; the text of
// Rules.CategorySelector or of the selectors' category; the structured
// data's category (its last step, "Phones" of "Electronics > Phones"); the
// breadcrumb trail (BreadcrumbList): on a product page its last-but-one item
// (the last is the product itself), on a listing page its last item.
package extract

import (
	"fmt"
	"io"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/scraper/price"
	"golang.org/x/net/html"
)

// Rules say how to read one competitor's pages; they come from its config.
type Rules struct {
	// Mode is "auto" (the default, also for "") or "selectors".
	Mode string
	// Listing selectors read listing pages; Product selectors product pages.
	Listing, Product Selectors
	// NextPage and ProductLinks select links (selector, optional " @attr",
	// href by default) to further listing pages and to product pages.
	NextPage, ProductLinks string
	// Category is a fixed category for every offer; CategorySelector reads
	// it from the page instead.
	Category, CategorySelector string
	// Currency is the ISO 4217 code for prices that name none.
	Currency string
	// DecimalSeparator is "." or "," when the shop's locale is known, "" to
	// guess from the text.
	DecimalSeparator string
	// AvailabilityPhrases are the shop's own stock phrases, keyed by
	// "in_stock", "out_of_stock", "preorder", "discontinued".
	AvailabilityPhrases map[string][]string
}

// The extraction modes.
const (
	ModeAuto      = "auto"
	ModeSelectors = "selectors"
)

// Kind is what the collector believes a page is.
type Kind int

// The page kinds.
const (
	Listing Kind = iota // a category or search page listing many products
	Product             // one product's own page
)

// String names the kind.
func (k Kind) String() string {
	switch k {
	case Listing:
		return "listing"
	case Product:
		return "product"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Page is what one page yielded.
type Page struct {
	// Offers found on the page. Competitor and ObservedAt are left zero for
	// the collector to set; Key is set by pricing.KeyOffers (SKU, GTIN, or
	// canonical URL with the variant's options or title), one offer per key.
	Offers []pricing.Offer
	// ProductLinks are the product pages the page links to (Rules.ProductLinks),
	// absolute and canonical.
	ProductLinks []string
	// NextPages are the further listing pages (Rules.NextPage, or
	// rel="next" links when none is configured), absolute.
	NextPages []string
	// Errors are problems that cost one source or one field, not the page:
	// malformed JSON-LD, a price that did not parse. Each names the page URL.
	Errors []error
}

// pageCtx is the state of one extraction.
type pageCtx struct {
	doc   *goquery.Document
	root  *html.Node
	page  *url.URL
	base  *url.URL
	url   string
	kind  Kind
	rules Rules
	errs  []error
	sel   compiled
	res   map[string]*regexp.Regexp // the selector filters' regexes, compiled once per page
}

// Extract reads the offers, product links and next-page links of one page.
// pageURL is the page's own absolute URL; relative links resolve against it
// (or against the page's <base href>). Problems with single sources or
// fields go to Page.Errors; the returned error is non-nil only when the
// document cannot be read at all.
func Extract(r io.Reader, pageURL *url.URL, kind Kind, rules Rules) (Page, error) {
	doc, err := goquery.NewDocumentFromReader(r)
	if err != nil {
		return Page{}, fmt.Errorf("extract %s: %w", urlString(pageURL), err)
	}
	x := &pageCtx{doc: doc, root: doc.Nodes[0], page: pageURL, base: pageURL, url: urlString(pageURL), kind: kind, rules: rules, sel: compiled{},
		res: map[string]*regexp.Regexp{}}
	if href, ok := doc.Find("base[href]").First().Attr("href"); ok {
		if b := resolve(pageURL, href); b != nil {
			x.base = b
		}
	}
	for _, s := range []struct {
		name string
		sel  Selectors
	}{{"selectors", rules.Listing}, {"product_selectors", rules.Product}} {
		if err := s.sel.Validate(); err != nil {
			x.errs = append(x.errs, fmt.Errorf("%s: %s.%w", x.url, s.name, err))
		}
	}

	var offers []pricing.Offer
	var crumbs [][]string
	if strings.EqualFold(rules.Mode, ModeSelectors) {
		offers = x.selectorOnly()
	} else {
		offers, crumbs = x.auto()
	}
	return Page{
		Offers:       x.finish(offers, crumbs),
		ProductLinks: x.productLinks(),
		NextPages:    x.nextPages(),
		Errors:       x.errs,
	}, nil
}

func urlString(u *url.URL) string {
	if u == nil {
		return "(no URL)"
	}
	return u.String()
}

// selectors returns the selectors for the page's kind.
func (x *pageCtx) selectors() Selectors {
	if x.kind == Product {
		return x.rules.Product
	}
	return x.rules.Listing
}

// selectorOnly reads the page with its selectors alone. A product page's
// item selector reads variant rows; a product page without them is read
// as one product with the same selectors.
func (x *pageCtx) selectorOnly() []pricing.Offer {
	sel := x.selectors()
	if sel.IsZero() {
		return nil
	}
	if x.kind == Product && sel.Item != "" {
		if rows := x.selectorRows(sel); len(rows) > 0 {
			return x.variantRows(rows, nil)
		}
		sel.Item = ""
	}
	return x.selectorOffers(sel)
}

// sourceOffers are the offers one structured source gave.
type sourceOffers struct {
	src    string
	offers []pricing.Offer
}

// structured reads JSON-LD, microdata and RDFa, each into its own offers,
// most trusted first, and every breadcrumb trail they hold.
func (x *pageCtx) structured() ([]sourceOffers, [][]string) {
	var out []sourceOffers
	var crumbs [][]string
	add := func(src string, roots []any) {
		in := &interp{src: src, base: x.base, rules: x.rules, errs: &x.errs, page: x.url,
			ids: map[string]node{}, parent: map[string]string{}}
		g := in.collect(roots)
		crumbs = append(crumbs, g.crumbs...)
		var kept []pricing.Offer
		for _, o := range in.offers(g) {
			if !empty(&o) {
				kept = append(kept, o)
			}
		}
		out = append(out, sourceOffers{src, kept})
	}
	add(srcJSONLD, x.jsonLDRoots())
	add(srcMicrodata, inlineItems(x.root, microdataVocab))
	add(srcRDFa, inlineItems(x.root, rdfaVocab))
	return out, crumbs
}

// jsonLDRoots decodes every JSON-LD script; a script that cannot be read
// even after repair is skipped and reported.
func (x *pageCtx) jsonLDRoots() []any {
	var roots []any
	n := 0
	x.doc.Find("script").Each(func(_ int, s *goquery.Selection) {
		t, _ := s.Attr("type")
		t, _, _ = strings.Cut(strings.ToLower(strings.TrimSpace(t)), ";")
		if t != "application/ld+json" {
			return
		}
		n++
		text := s.Text()
		if strings.TrimSpace(text) == "" {
			return
		}
		vals, err := decodeJSONLD(text)
		if err != nil {
			x.errs = append(x.errs, fmt.Errorf("%s: JSON-LD script %d: %w: %v", x.url, n, ErrMalformed, err))
			return
		}
		roots = append(roots, vals...)
	})
	return roots
}

// auto reads a page with every source, most trusted first.
func (x *pageCtx) auto() ([]pricing.Offer, [][]string) {
	structured, crumbs := x.structured()
	var offers []pricing.Offer
	var lower [][]pricing.Offer
	for _, s := range structured {
		switch {
		case len(s.offers) == 0:
		case offers == nil:
			offers = s.offers
		default:
			lower = append(lower, s.offers)
		}
	}
	for i := range offers {
		mpnAsSKU(&offers[i])
	}
	sel := x.selectors()
	if x.kind == Listing {
		if sel.Item != "" {
			return x.matchItems(x.selectorOffers(sel), offers), crumbs
		}
		return offers, crumbs
	}

	// A product page: less trusted sources fill what the trusted ones left.
	metaAt := -1
	if m := metaOffer(x.root, x.base, x.rules, x.url, &x.errs); !empty(&m) || m.Image != "" {
		metaAt = len(lower)
		lower = append(lower, []pricing.Offer{m})
	}
	listingCards := 0
	if len(offers) <= 1 {
		var known pageKnown
		if len(offers) == 1 {
			known = knownFields(&offers[0], lower)
		}
		h, cards, seen := readPage(x.root, x.page, x.rules, known)
		listingCards = cards
		switch {
		case len(offers) == 1:
			// Structured data that plainly is not the price a person reads
			// (the regular price beside a shown sale price, the price
			// without VAT, a range's low end, minor units) yields to the
			// page, before the check below drops the visible list price as
			// another price's.
			reconcileVisible(&offers[0], h, seen)
		case len(offers) == 0 && metaAt >= 0:
			// So do product meta tags (og product:price:amount), which
			// then give the offer.
			reconcileVisible(&lower[metaAt][0], h, seen)
		}
		if len(offers) == 1 && offers[0].Price != nil && (h.Price == nil || h.Price.Amount != offers[0].Price.Amount) {
			// The struck-through price the heuristic saw belongs to another
			// price than the one structured data gave: it may be a related
			// product's, so it is not this offer's list price.
			h.ListPrice, h.MinPrice, h.MaxPrice = nil, nil, nil
		}
		if len(offers) == 1 {
			productCode(&offers[0], h.SKU)
		}
		lower = append(lower, []pricing.Offer{h})
	}
	for _, l := range lower {
		if len(l) != 1 {
			continue
		}
		if len(offers) == 0 {
			if !empty(&l[0]) {
				offers = []pricing.Offer{l[0]}
			}
			continue
		}
		for i := range offers {
			fill(&offers[i], &l[0], len(offers) > 1)
		}
	}
	if listingCards > 0 && !slices.ContainsFunc(offers, func(o pricing.Offer) bool { return o.Price != nil || o.MinPrice != nil }) {
		// Reading a grid as one product would mix several products' names
		// and prices; say how to read it instead.
		x.errs = append(x.errs, fmt.Errorf("%s: looks like a listing page (%d product cards): give the competitor listing selectors (item, title, price, url) or product_links", x.url, listingCards))
	}
	if sel.IsZero() {
		return offers, crumbs
	}
	if sel.Item != "" {
		if rows := x.selectorRows(sel); len(rows) > 0 {
			return x.variantRows(rows, offers), crumbs
		}
		// A product without a variant table: the same selectors read the
		// page as one product.
		sel.Item = ""
	}
	so := x.selectorOffers(sel)
	if len(so) != 1 {
		return offers, crumbs
	}
	if len(offers) == 0 {
		return so, crumbs
	}
	// Selectors override single fields, any subset of them; on a product
	// with several variants only the fields the variants share, as one
	// selector cannot tell the variants' prices apart.
	for i := range offers {
		override(&offers[i], &so[0], len(offers) > 1)
	}
	return offers, crumbs
}

// productCode makes the code the page shows for the product (code) the
// offer's SKU when the structured SKU is that code with a variant's suffix
// glued on ("8529631-42" where the page shows "Réf. 8529631"): the
// product's code is the SKU, the variant's is kept as VariantSKUKey.
func productCode(o *pricing.Offer, code string) {
	if code == "" || len(o.SKU) <= len(code)+1 || !strings.HasPrefix(o.SKU, code) {
		return
	}
	suffix := o.SKU[len(code):]
	if !strings.ContainsRune("-_/.", rune(suffix[0])) || utf8.RuneCountInString(suffix) > 7 {
		return
	}
	setSource(o, VariantSKUKey, o.SKU)
	o.SKU = code
}

// mpnAsSKU makes a structured offer's part number its SKU when it states
// no SKU or product id: schema.org's mpn is then the one code the shop
// gives the product, and it names it better than an id read from the URL,
// which would fill the SKU otherwise.
func mpnAsSKU(o *pricing.Offer) {
	if o.SKU == "" && o.MPN != "" && !placeholder(o.MPN) {
		o.SKU = o.MPN
		setSource(o, "sku", o.Source["mpn"])
	}
}

// variantRows turns the variant rows of a product page into one offer
// each. A row showing the SKU (or its own URL) of a structured offer
// overrides that offer; any other row is the product (the structured
// offer, or the visible-page reading) with the row's own price, list
// price, identifiers and stock. Each title is the product title followed
// by the row's options.
func (x *pageCtx) variantRows(rows []selectorRow, structured []pricing.Offer) []pricing.Offer {
	self := ""
	if x.page != nil {
		self = CanonicalURL(x.page)
	}
	bySKU := map[string]*pricing.Offer{}
	byURL := map[string]*pricing.Offer{}
	for i := range structured {
		o := &structured[i]
		if o.SKU != "" {
			bySKU[CleanIdentifier(o.SKU)] = o
		}
		if o.URL != "" && canonical(o.URL) != self {
			byURL[canonical(o.URL)] = o
		}
	}
	product := baseProduct(structured)
	out := make([]pricing.Offer, 0, len(rows))
	for _, r := range rows {
		it := r.offer
		m := bySKU[CleanIdentifier(it.SKU)]
		if m == nil && it.URL != "" {
			m = byURL[canonical(it.URL)]
		}
		var o pricing.Offer
		base := product.Title
		if m != nil {
			o = *m
			o.Source = copySource(m.Source)
			base = m.Title
		} else {
			// The product's own price and identifiers belong to one variant
			// at most; the row states its own.
			o = product
			o.Source = copySource(product.Source)
			o.Price, o.ListPrice, o.MinPrice, o.MaxPrice = nil, nil, nil, nil
			o.SKU, o.GTIN, o.MPN, o.URL = "", "", "", ""
			o.Availability = ""
			for _, k := range []string{"price", "list_price", "min_price", "max_price", "sku", "gtin", "mpn", "url", "availability"} {
				delete(o.Source, k)
			}
		}
		title := base
		switch {
		case it.Title == "":
		case r.pageTitle:
			// The page's own title (title: h1) names the product; a
			// structured variant title that starts with it says more.
			if base == "" || !containsFold(base, it.Title) {
				title = it.Title
			}
		default:
			// The row's own name: a full title, or only its variant
			// ("256GB / Black"), as a structured variant's name is read.
			title = variantTitle(base, it.Title, nil)
		}
		title = VariantTitle(title, r.options)
		override(&o, &it, false)
		if title != "" {
			o.Title = title
			setSource(&o, "title", srcSelector)
		}
		out = append(out, o)
	}
	return out
}

// baseProduct is the product the structured offers describe: the one offer,
// or for several variants the first with its title cut to the part the
// variants share ("Tee — Red" and "Tee — Blue" give "Tee").
func baseProduct(offers []pricing.Offer) pricing.Offer {
	if len(offers) == 0 {
		return pricing.Offer{}
	}
	p := offers[0]
	if len(offers) == 1 {
		return p
	}
	if head, _, ok := strings.Cut(p.Title, variantSep); ok {
		shared := true
		for _, o := range offers[1:] {
			if !strings.HasPrefix(o.Title, head+variantSep) {
				shared = false
			}
		}
		if shared {
			p.Title = head
		}
	}
	return p
}

// matchItems overrides structured offers with the selector items that show
// the same SKU or URL; the selector items decide which offers the page has.
func (x *pageCtx) matchItems(items, structured []pricing.Offer) []pricing.Offer {
	bySKU := map[string]*pricing.Offer{}
	byURL := map[string]*pricing.Offer{}
	for i := range structured {
		o := &structured[i]
		if o.SKU != "" {
			bySKU[o.SKU] = o
		}
		if o.URL != "" {
			byURL[canonical(o.URL)] = o
		}
	}
	out := make([]pricing.Offer, 0, len(items))
	for _, it := range items {
		m := bySKU[it.SKU]
		if m == nil && it.URL != "" {
			m = byURL[canonical(it.URL)]
		}
		if m == nil {
			out = append(out, it)
			continue
		}
		o := *m
		o.Source = copySource(m.Source)
		override(&o, &it, false)
		out = append(out, o)
	}
	return out
}

// canonical is CanonicalURL for a string; unparsable URLs stay as they are.
func canonical(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	return CanonicalURL(u)
}

// selectorOffers reads one offer per item (or one for the page without an
// item selector). An item or page that gives any field counts, so that
// selectors naming only some fields (list_price, sales, gtin) fill those
// fields of the structured offers; finish drops offers that end up with no
// title, price or SKU.
func (x *pageCtx) selectorOffers(sel Selectors) []pricing.Offer {
	var out []pricing.Offer
	for _, r := range x.selectorRows(sel) {
		out = append(out, r.offer)
	}
	return out
}

// selectorRow is what the selectors read from one item: the offer and the
// variant options text, and whether the title came from outside the item.
type selectorRow struct {
	offer     pricing.Offer
	options   string
	pageTitle bool
}

// selectorRows reads every item (or the page) with sel.
func (x *pageCtx) selectorRows(sel Selectors) []selectorRow {
	var scopes []*goquery.Selection
	if sel.Item != "" {
		x.sel.find(x.doc.Selection, sel.Item).Each(func(_ int, s *goquery.Selection) { scopes = append(scopes, s) })
	} else {
		scopes = []*goquery.Selection{x.doc.Selection}
	}
	var out []selectorRow
	for _, scope := range scopes {
		if r := x.selectorOffer(scope, sel, sel.Item == ""); len(r.offer.Source) > 0 || r.options != "" {
			out = append(out, r)
		}
	}
	return out
}

// selectorOffer reads one offer from scope. On a whole page (no item) an
// " @attr" selector reads the first element carrying that attribute, as the
// document itself has none. On a product page's variant row, the title,
// brand, category and image selectors read the whole page when the row
// shows none (title: h1 names the product every row belongs to).
func (x *pageCtx) selectorOffer(scope *goquery.Selection, sel Selectors, whole bool) selectorRow {
	var o pricing.Offer
	var row selectorRow
	filters := sel.Filters
	get := func(key, s string, link bool) string {
		if s == "" {
			return ""
		}
		if css, a := splitSelector(s); whole && css == "" {
			s = "[" + a + "] @" + a
		}
		v := x.sel.selectOne(scope, s, link)
		if v == "" && !whole && x.kind == Product && pageWide[key] {
			if css, _ := splitSelector(s); css != "" {
				v = x.sel.selectOne(x.doc.Selection, s, link)
				row.pageTitle = row.pageTitle || key == "title" && v != ""
			}
		}
		return x.filter(key, filters.Filter(key), v)
	}
	setStr := func(name, v string, dst *string) {
		if v != "" {
			*dst = v
			setSource(&o, name, srcSelector)
		}
	}
	setStr("title", get("title", sel.Title, false), &o.Title)
	setStr("sku", get("sku", sel.SKU, false), &o.SKU)
	setStr("gtin", get("gtin", sel.GTIN, false), &o.GTIN)
	setStr("mpn", get("mpn", sel.MPN, false), &o.MPN)
	setStr("brand", get("brand", sel.Brand, false), &o.Brand)
	setStr("category", get("category", sel.Category, false), &o.Category)
	setStr("image", absolute(x.base, get("image", sel.Image, true)), &o.Image)
	u := get("url", sel.URL, true)
	if u == "" && !whole && sel.URL == "" && x.kind == Listing {
		// A listing item without a url selector: its first link is the
		// product. (A variant row's links are not its own page.)
		if scope.Is("a[href]") {
			u, _ = scope.Attr("href")
		} else {
			u, _ = scope.Find("a[href]").First().Attr("href")
		}
	}
	setStr("url", absolute(x.base, u), &o.URL)

	h := x.rules.hints()
	readPrice := func(field, text string) {
		if text == "" {
			return
		}
		p, ok, err := parseMoney(text, h)
		if err != nil {
			x.errs = append(x.errs, fmt.Errorf("%s: %s %q: %w", x.url, field, text, err))
			return
		}
		if !ok {
			return
		}
		if field == "price" {
			setPrice(&o, p, srcSelector)
			// "Now £9.99 Was £12.99" or "原价¥199 现价¥99" in one element:
			// the labelled old price is the list price unless a list_price
			// selector below says otherwise.
			for _, q := range price.All(text, h) {
				if q.Label == price.LabelList && q.Amount > p.Amount && (q.Currency == p.Currency || q.Currency == "") {
					o.ListPrice = money(q.Amount, p.Currency)
					setSource(&o, "list_price", srcSelector)
					break
				}
			}
			return
		}
		o.ListPrice = money(p.Amount, p.Currency)
		setSource(&o, "list_price", srcSelector)
	}
	readPrice("price", get("price", sel.Price, false))
	readPrice("list_price", get("list_price", sel.ListPrice, false))
	if !whole && x.kind == Product && sel.ListPrice == "" && o.ListPrice == nil && o.Price != nil {
		// A variant row without a list_price selector: its struck-through
		// compare-at price (<del>, <s>, a .compare-at or line-through
		// element) is the row's own list price.
		if lp := struckPrice(scope, h, o.Price); lp != nil {
			o.ListPrice = lp
			setSource(&o, "list_price", srcSelector)
		}
	}
	if t := get("availability", sel.Availability, false); t != "" {
		if a := NormalizeAvailability(t, x.rules.AvailabilityPhrases); a != pricing.AvailabilityUnknown {
			o.Availability = a
			setSource(&o, "availability", srcSelector)
		}
	}
	if c := count(get("sales", sel.Sales, false)); c != nil {
		o.Sales = c
		setSource(&o, "sales", srcSelector)
	}
	if c := count(get("reviews", sel.Reviews, false)); c != nil {
		o.Reviews = c
		setSource(&o, "reviews", srcSelector)
	}
	if sel.Options != "" {
		var opts []string
		for _, t := range x.sel.selectTexts(scope, sel.Options) {
			if t = x.filter("options", &filters.Options, t); t != "" {
				opts = append(opts, t)
			}
		}
		row.options = strings.Join(opts, " / ")
	}
	row.offer = o
	return row
}

// pageWide are the fields a variant row shares with its product, read from
// the whole page when the row does not show them.
var pageWide = map[string]bool{"title": true, "brand": true, "category": true, "image": true}

// filter applies a field's Filter to the text its selector read. A regex
// that matches nothing is reported: the field is then left empty, and a
// shop that changed its wording shows in crawler check.
func (x *pageCtx) filter(key string, f *Filter, text string) string {
	if text == "" || f == nil || f.Regex == "" {
		return text
	}
	re, ok := x.res[f.Regex]
	if !ok {
		// Validated at config load; a bad one from a caller that skipped
		// that matches nothing rather than failing the page.
		re, _ = regexp.Compile(f.Regex)
		x.res[f.Regex] = re
	}
	if re == nil {
		return ""
	}
	out, ok := f.apply(re, text)
	if !ok {
		x.errs = append(x.errs, fmt.Errorf("%s: %s: regex %q matched nothing in %q", x.url, key, f.Regex, truncate(text, 80)))
	}
	return out
}

// finish settles category, URL, availability and key of every offer.
func (x *pageCtx) finish(offers []pricing.Offer, crumbs [][]string) []pricing.Offer {
	category, catSrc := "", ""
	switch {
	case x.rules.Category != "":
		category, catSrc = x.rules.Category, srcConfig
	case x.rules.CategorySelector != "":
		if c := x.sel.selectOne(x.doc.Selection, x.rules.CategorySelector, false); c != "" {
			category, catSrc = c, srcSelector
		}
	}
	crumb := ""
	var trail []string // the breadcrumb crumb comes from, for SourceCategory
	for _, c := range crumbs {
		switch {
		case x.kind == Product && len(c) >= 2:
			crumb, trail = c[len(c)-2], c
		case x.kind == Listing && len(c) >= 1:
			crumb, trail = c[len(c)-1], c
		}
		if crumb != "" {
			break
		}
	}
	out := make([]pricing.Offer, 0, len(offers))
	for _, o := range offers {
		cleanFields(&o, x.url, &x.errs)
		positivePrices(&o)
		if empty(&o) {
			continue
		}
		switch {
		case category != "":
			o.Category = category
			setSource(&o, "category", catSrc)
		case o.Category == "" && crumb != "":
			o.Category = crumb
			setSource(&o, "category", srcBreadcrumb)
		}
		// SourceCategory is what the shop said, in full, for mapping to
		// the config's category tree: the selected text, else the whole
		// breadcrumb path (less the product itself), else the structured
		// data's own category as read.
		switch {
		case catSrc == srcSelector:
			o.SourceCategory = category
		case category == "" && trail != nil:
			o.SourceCategory = crumbPath(trail, x.kind, o.Title)
		}
		if o.URL == "" && x.page != nil {
			o.URL = x.page.String()
			setSource(&o, "url", srcPage)
		}
		o.URL = canonical(o.URL)
		if o.Availability == "" {
			o.Availability = pricing.AvailabilityUnknown
		}
		out = append(out, o)
	}
	return keyOffers(out, x.url, &x.errs)
}

// crumbPath joins a breadcrumb trail with " > ". On a product page the last
// crumb is left out when it names the product: it is part of the title (or
// the title part of it) and is most of it, or reads like a model name (a
// digit, several words). Some shops end the trail at the category instead,
// and a category word inside a title ("手机" in "Redmi Note 13 手机") is not
// the product; when in doubt the crumb stays, since the mapping walks the
// path from the end and passes over a product name it does not know.
func crumbPath(trail []string, kind Kind, title string) string {
	if kind == Product && len(trail) > 1 {
		last := strings.ToLower(strings.Join(strings.Fields(trail[len(trail)-1]), " "))
		t := strings.ToLower(strings.Join(strings.Fields(title), " "))
		short, long := len([]rune(last)), len([]rune(t))
		if short > long {
			short, long = long, short
		}
		modelLike := strings.ContainsAny(last, "0123456789") || strings.Contains(last, " ")
		if last != "" && t != "" && (strings.Contains(t, last) || strings.Contains(last, t)) && (2*short >= long || modelLike) {
			trail = trail[:len(trail)-1]
		}
	}
	return strings.Join(trail, " > ")
}

// productLinks reads Rules.ProductLinks: absolute, canonical, deduplicated.
func (x *pageCtx) productLinks() []string {
	if x.rules.ProductLinks == "" {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, h := range x.sel.selectAll(x.doc.Selection, x.rules.ProductLinks) {
		u := resolve(x.base, h)
		if u == nil {
			continue
		}
		c := CanonicalURL(u)
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// nextPages reads Rules.NextPage, or rel="next" links when none is set.
func (x *pageCtx) nextPages() []string {
	var hrefs []string
	if x.rules.NextPage != "" {
		hrefs = x.sel.selectAll(x.doc.Selection, x.rules.NextPage)
	} else {
		hrefs = x.sel.selectAll(x.doc.Selection, `link[rel~="next"], a[rel~="next"]`)
	}
	self := ""
	if x.page != nil {
		self = CanonicalURL(x.page)
	}
	var out []string
	seen := map[string]bool{}
	for _, h := range hrefs {
		a := absolute(x.base, h)
		if a == "" || seen[a] || canonical(a) == self {
			continue
		}
		seen[a] = true
		out = append(out, a)
	}
	return out
}
