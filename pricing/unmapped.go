package pricing

import "sort"

// UnmappedCategory counts one competitor's current listings whose shop
// category mapped to no canonical category (Offer.Category is ""). Such
// listings are left out of every band, position tier and assortment gap (a
// band named "" would compare phones with cables), so they are counted here
// instead, to be shown and mapped, never silently dropped.
type UnmappedCategory struct {
	Competitor string `json:"competitor"`
	// SourceCategory is the shop's own category (Offer.SourceCategory); ""
	// for listings whose page showed none.
	SourceCategory string `json:"source_category"`
	// Listings counts the competitor's current listings in it, each listing
	// once however often the run saw it.
	Listings int `json:"listings"`
	// Priced counts those with a price: the offers the bands lost.
	Priced int `json:"priced"`
	// ExampleKey and ExampleTitle name one of them (the first by key), so a
	// person can see what the category holds before mapping it.
	ExampleKey   string `json:"example_key"`
	ExampleTitle string `json:"example_title"`
}

// unmapped counts the current listings without a canonical category, per
// competitor and shop category, sorted by competitor, most listings first,
// then shop category.
func (a *analyzer) unmapped() {
	type k struct{ comp, src string }
	idx := map[k]int{}
	var out []UnmappedCategory
	for i := range a.cur {
		l := &a.cur[i]
		if l.offer.Category != "" {
			continue
		}
		key := k{l.competitor, l.offer.SourceCategory}
		j, ok := idx[key]
		if !ok {
			j = len(out)
			idx[key] = j
			out = append(out, UnmappedCategory{Competitor: l.competitor, SourceCategory: l.offer.SourceCategory,
				ExampleKey: l.offer.Key, ExampleTitle: l.offer.Title})
		}
		u := &out[j]
		u.Listings++
		if l.price != nil {
			u.Priced++
		}
		if l.offer.Key < u.ExampleKey {
			u.ExampleKey, u.ExampleTitle = l.offer.Key, l.offer.Title
		}
	}
	sort.Slice(out, func(i, j int) bool {
		ui, uj := &out[i], &out[j]
		if ui.Competitor != uj.Competitor {
			return ui.Competitor < uj.Competitor
		}
		if ui.Listings != uj.Listings {
			return ui.Listings > uj.Listings
		}
		return ui.SourceCategory < uj.SourceCategory
	})
	a.out.Unmapped = out
}
