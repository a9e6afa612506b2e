package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/scraper"
	"github.com/shelfwatch/shelfwatch/scraper/extract"
	"github.com/shelfwatch/shelfwatch/scraper/price"
)

// extracted is one line of `crawler extract` output. Amounts are decimal
// strings; a field the page did not show is null.
type extracted struct {
	Name         string  `json:"name"`
	Price        *string `json:"price"`
	ListPrice    *string `json:"list_price"`
	Currency     *string `json:"currency"`
	MinPrice     *string `json:"min_price"`
	MaxPrice     *string `json:"max_price"`
	Availability string  `json:"availability"`
	SKU          *string `json:"sku"`
	GTIN         *string `json:"gtin"`
	Brand        *string `json:"brand"`
	URL          string  `json:"url"`
	Image        *string `json:"image"`
	Sales        *int64  `json:"sales"`
	Reviews      *int64  `json:"reviews"`
	Category     *string `json:"category"`
	// SourceCategory is the shop's own category; category is the
	// canonical one when the config maps categories.
	SourceCategory *string           `json:"source_category"`
	Source         map[string]string `json:"source"`
}

func strOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func amountOrNil(m *pricing.Money) *string {
	if m == nil {
		return nil
	}
	s := m.Amount.String()
	return &s
}

func toExtracted(o pricing.Offer) extracted {
	x := extracted{
		Name: o.Title, Price: amountOrNil(o.Price), ListPrice: amountOrNil(o.ListPrice),
		MinPrice: amountOrNil(o.MinPrice), MaxPrice: amountOrNil(o.MaxPrice),
		Availability: string(o.Availability), SKU: strOrNil(o.SKU), GTIN: strOrNil(o.GTIN),
		Brand: strOrNil(o.Brand), URL: o.URL, Image: strOrNil(o.Image), Sales: o.Sales,
		Reviews: o.Reviews, Category: strOrNil(o.Category), SourceCategory: strOrNil(o.SourceCategory), Source: o.Source,
	}
	for _, m := range []*pricing.Money{o.Price, o.MinPrice, o.ListPrice} {
		if m != nil && m.Currency != "" {
			x.Currency = strOrNil(m.Currency)
			break
		}
	}
	// One price is a range of one, as `crawler price` prints it.
	if x.MinPrice == nil && x.MaxPrice == nil && x.Price != nil {
		x.MinPrice, x.MaxPrice = x.Price, x.Price
	}
	// Source is keyed like the object: the offer's title is "name" here.
	x.Source = make(map[string]string, len(o.Source))
	for k, v := range o.Source {
		if k == "title" {
			k = "name"
		}
		x.Source[k] = v
	}
	return x
}

func cmdExtract(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "extract", "extract [--config F --competitor NAME] [--render [--wait-for SEL]] URL|FILE...")
	configPath := fs.String("config", "", "config `file` whose competitor rules to use (default: automatic extraction only)")
	name := fs.String("competitor", "", "competitor whose rules (selectors, currency) to use")
	currency := fs.String("currency", "", "default currency for prices without a symbol")
	render := fs.Bool("render", false, "load each page in headless Chromium and read the DOM its scripts built (as render: browser does)")
	waitFor := fs.String("wait-for", "", "with --render: CSS `selector` to wait for (default: the network being idle)")
	pos, err := cmdline.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return cmdline.Usagef("extract: give at least one URL or file")
	}
	comp := scraper.Competitor{Name: "extract", ObeyRobots: true}
	comp.Rules.Mode = "auto"
	if *configPath != "" || *name != "" {
		if *configPath == "" {
			*configPath = defaultConfig
		}
		cfg, err := loadConfig(*configPath)
		if err != nil {
			return err
		}
		if *name == "" {
			return cmdline.Usagef("extract: --config needs --competitor NAME")
		}
		if comp, err = cfg.competitor(*name); err != nil {
			return cmdline.UsageError{Err: err}
		}
	}
	if *currency != "" {
		comp.Currency = strings.ToUpper(*currency)
		comp.Rules.Currency = comp.Currency
	}
	if *waitFor != "" && !*render && comp.Render.Mode != scraper.RenderBrowser {
		return cmdline.Usagef("extract: --wait-for needs --render")
	}
	if *render {
		comp.Render.Mode = scraper.RenderBrowser
	}
	if *waitFor != "" {
		if err := extract.ValidateSelector(*waitFor); err != nil {
			return cmdline.Usagef("extract: --wait-for: %v", err)
		}
		comp.Render.WaitFor = *waitFor
	}
	cr := &scraper.Crawler{Logger: e.log, Now: e.now}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	var failed int
	for _, target := range pos {
		page, err := cr.Page(ctx, comp, target)
		if err != nil {
			failed++
			fmt.Fprintf(e.stderr, "extract %s: %v\n", target, err)
			continue
		}
		for _, perr := range page.Errors {
			fmt.Fprintf(e.stderr, "warning: %v\n", perr)
		}
		if len(page.Offers) == 0 {
			fmt.Fprintf(e.stderr, "extract %s: no products found\n", target)
		}
		for _, o := range page.Offers {
			if err := enc.Encode(toExtracted(o)); err != nil {
				return err
			}
		}
	}
	if failed > 0 {
		return fmt.Errorf("extract: %d of %d pages failed", failed, len(pos))
	}
	return nil
}

// parsedPrice is one line of `crawler price` output.
type parsedPrice struct {
	Input    string  `json:"input"`
	Amount   *string `json:"amount"`
	Currency *string `json:"currency"`
	Min      *string `json:"min"`
	Max      *string `json:"max"`
	// Exact is the amount as written when Amount had to round it away
	// ("423.923" for KD 423.923, where Amount holds 423.92).
	Exact *string `json:"exact,omitempty"`
	Free  bool    `json:"free,omitempty"`
	Unit  string  `json:"unit,omitempty"`
}

func cmdPrice(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "price", "price [--currency C] [--decimal-separator S] < texts")
	currency := fs.String("currency", "", "ISO 4217 currency for texts that name none")
	sep := fs.String("decimal-separator", "", `decimal separator of the shop's locale: "." or "," (default: guess)`)
	pos, err := cmdline.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return cmdline.Usagef("price: reads texts from stdin, one per line; unexpected argument %q", pos[0])
	}
	h := price.Hints{Currency: strings.ToUpper(strings.TrimSpace(*currency)), KeepZero: true}
	if h.Currency != "" {
		if _, ok := price.MinorUnits(h.Currency); !ok || len(h.Currency) != 3 {
			return cmdline.Usagef("price: --currency %q is no ISO 4217 currency code", *currency)
		}
	}
	switch *sep {
	case "":
	case ".", ",":
		h.DecimalSeparator = rune((*sep)[0])
	default:
		return cmdline.Usagef(`price: --decimal-separator must be "." or ","`)
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	sc := bufio.NewScanner(e.stdin)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		text := sc.Text()
		out := parsedPrice{Input: text}
		p, err := price.Parse(text, h)
		switch {
		case err == nil:
			a, mn, mx := p.Amount.String(), p.Min.String(), p.Max.String()
			out.Amount, out.Min, out.Max = &a, &mn, &mx
			if p.Rounded {
				ex := p.Exact.String()
				out.Exact = &ex
			}
			out.Currency = strOrNil(p.Currency)
			out.Free, out.Unit = p.Free, p.Unit
		case errors.Is(err, price.ErrNoPrice):
		default:
			fmt.Fprintf(e.stderr, "price %q: %v\n", text, err)
		}
		if err := enc.Encode(out); err != nil {
			return err
		}
	}
	return sc.Err()
}

func cmdCheck(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "check", "check [--config F] [--competitor NAME]")
	configPath := fs.String("config", defaultConfig, "config `file`")
	only := fs.String("competitor", "", "check only this competitor")
	if err := cmdline.ParseNoArgs(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	comps := cfg.Comps
	if *only != "" {
		c, err := cfg.competitor(*only)
		if err != nil {
			return cmdline.UsageError{Err: err}
		}
		comps = []scraper.Competitor{c}
	}
	cr := &scraper.Crawler{Logger: e.log, Now: e.now}
	cr.ShareLimits(cfg.Comps...)
	fields := []string{"title", "price", "list_price", "currency", "availability", "sku", "gtin", "brand", "category", "image", "sales", "reviews"}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "COMPETITOR\tPAGE\tOFFERS\t%s\tSOURCES\n", strings.ToUpper(strings.Join(fields, "\t")))
	var failed []string
	for _, c := range comps {
		if len(c.StartURLs) == 0 {
			continue
		}
		// The start page, and the first product page it links to: in a
		// shop read through product pages, that is where the fields are.
		targets := []string{c.StartURLs[0]}
		var listing pricing.Offer // the start page's offer for targets[1]
		hasListing := false
		for i := 0; i < len(targets); i++ {
			// Read each page as run meets it: the start URL as run
			// reads a start URL, the link as a product page.
			read := cr.Page
			if i > 0 {
				read = cr.ProductPage
			}
			page, err := read(ctx, c, targets[i])
			if err != nil {
				failed = append(failed, c.Name)
				fmt.Fprintf(tw, "%s\t%s\tERROR: %v\n", c.Name, targets[i], err)
				break
			}
			if i == 0 && len(page.ProductLinks) > 0 {
				targets = append(targets, page.ProductLinks[0])
				listing, hasListing = scraper.ListingOffer(page, page.ProductLinks[0])
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", c.Name, targets[i], len(page.Offers), strings.Join(fieldCounts(page.Offers, fields), "\t"), strings.Join(sources(page.Offers), ","))
			if i > 0 && hasListing {
				// What run stores for this product: the page's offers with
				// the listing's fields merged in.
				stored := scraper.WithListing(slices.Clone(page.Offers), listing)
				fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", c.Name, "  as stored (with the listing's fields)", len(stored), strings.Join(fieldCounts(stored, fields), "\t"), strings.Join(sources(stored), ","))
			}
			for _, perr := range page.Errors {
				fmt.Fprintf(e.stderr, "%s: %v\n", c.Name, perr)
			}
		}
	}
	tw.Flush()
	if len(failed) > 0 {
		return fmt.Errorf("check: %s failed", strings.Join(failed, ", "))
	}
	return nil
}

// fieldCounts says, per field, how many offers have it: "3/6".
func fieldCounts(offers []pricing.Offer, fields []string) []string {
	counts := map[string]int{}
	for _, o := range offers {
		have := map[string]bool{
			"title": o.Title != "", "price": o.Price != nil, "list_price": o.ListPrice != nil,
			"currency":     o.Price != nil && o.Price.Currency != "",
			"availability": o.Availability != "" && o.Availability != pricing.AvailabilityUnknown,
			"sku":          o.SKU != "", "gtin": o.GTIN != "", "brand": o.Brand != "", "category": o.Category != "",
			"image": o.Image != "", "sales": o.Sales != nil, "reviews": o.Reviews != nil,
		}
		for f, ok := range have {
			if ok {
				counts[f]++
			}
		}
	}
	cells := make([]string, len(fields))
	for i, f := range fields {
		cells[i] = fmt.Sprintf("%d/%d", counts[f], len(offers))
	}
	return cells
}

// sources lists the extraction sources the offers' fields came from.
func sources(offers []pricing.Offer) []string {
	seen := map[string]bool{}
	for _, o := range offers {
		for _, s := range o.Source {
			seen[s] = true
		}
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}
