package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// keptCategoryPrices returns, for the finished runs among runs whose prices
// are kept for every category of cats, their offers in those categories
// sorted by key, as readCategoryPrices returns them.
func (db *DB) keptCategoryPrices(ctx context.Context, runs map[int64]Run, cats []string) (map[int64][]pricing.Offer, error) {
	var ids []any
	for id, r := range runs {
		if r.Status != RunRunning {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	q := db.x.Rebind(fmt.Sprintf(`SELECT run_id, category, offers FROM run_category_prices
		WHERE run_id IN (%s) AND category IN (%s)`, params(len(ids)), params(len(cats))))
	args := ids
	for _, c := range cats {
		args = append(args, c)
	}
	rows, err := db.x.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, convertErr(err)
	}
	defer rows.Close()
	type kept struct {
		cats   int
		offers []pricing.Offer
	}
	byRun := map[int64]*kept{}
	var in interner
	for rows.Next() {
		var (
			id   int64
			cat  string
			blob []byte
		)
		if err := rows.Scan(&id, &cat, &blob); err != nil {
			return nil, convertErr(err)
		}
		k := byRun[id]
		if k == nil {
			k = &kept{}
			byRun[id] = k
		}
		k.cats++
		if k.offers, err = decodeCategoryPrices(k.offers, blob, runs[id].Competitor, cat, &in); err != nil {
			return nil, fmt.Errorf("run %d, %s: %w", id, cat, err)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, convertErr(err)
	}
	out := make(map[int64][]pricing.Offer, len(byRun))
	for id, k := range byRun {
		if k.cats != len(cats) {
			continue // kept for some categories only: read again
		}
		if k.offers == nil {
			k.offers = []pricing.Offer{}
		}
		if k.cats > 1 {
			// Each category's offers were kept in key order; several
			// categories are merged back into it.
			slices.SortFunc(k.offers, func(a, b pricing.Offer) int { return strings.Compare(a.Key, b.Key) })
		}
		out[id] = k.offers
	}
	return out, nil
}

// keepCategoryPrices keeps a finished run's offers of each category of
// cats (an empty list for a category it has none of). A row kept already
// (another report kept it first) stays.
func (db *DB) keepCategoryPrices(ctx context.Context, runID int64, cats []string, offers []pricing.Offer) error {
	byCat := make(map[string][]pricing.Offer, len(cats))
	for _, c := range cats {
		byCat[c] = nil
	}
	for _, o := range offers {
		if _, ok := byCat[o.Category]; !ok {
			return nil // a category spelled otherwise than asked: keep nothing rather than lose it
		}
		byCat[o.Category] = append(byCat[o.Category], o)
	}
	q := db.x.Rebind(`INSERT INTO run_category_prices (run_id, category, offers) VALUES (?, ?, ?)
		ON CONFLICT (run_id, category) DO NOTHING`)
	for _, c := range cats {
		if _, err := db.x.ExecContext(ctx, q, runID, c, encodeCategoryPrices(byCat[c])); err != nil {
			return convertErr(err)
		}
	}
	return nil
}

// encodeCategoryPrices encodes offers for run_category_prices.offers: their
// number (a uvarint, so that a blob cut at an offer's end is found out),
// then each offer as appendCategoryPrice writes it.
func encodeCategoryPrices(offers []pricing.Offer) []byte {
	b := binary.AppendUvarint(nil, uint64(len(offers)))
	for _, o := range offers {
		b = appendCategoryPrice(b, o)
	}
	return b
}

// The encoding of one offer in run_category_prices.offers: the key and the
// brand, each a uvarint length and its bytes; then the price, the minimum
// price and the sales, each a presence byte (0 or 1) and, when present, a
// varint (the amount in ten-thousandths, or the count) and for the two
// amounts the currency (a uvarint length and its bytes).
func appendCategoryPrice(b []byte, o pricing.Offer) []byte {
	str := func(b []byte, s string) []byte { return append(binary.AppendUvarint(b, uint64(len(s))), s...) }
	money := func(b []byte, m *pricing.Money) []byte {
		if m == nil {
			return append(b, 0)
		}
		return str(binary.AppendVarint(append(b, 1), int64(m.Amount)), m.Currency)
	}
	b = str(str(b, o.Key), o.Brand)
	b = money(money(b, o.Price), o.MinPrice)
	if o.Sales == nil {
		return append(b, 0)
	}
	return binary.AppendVarint(append(b, 1), *o.Sales)
}

var errBadKeptPrices = errors.New("kept category prices are malformed")

// decodeCategoryPrices appends the offers blob encodes
// (encodeCategoryPrices) to offers, with their competitor and category.
func decodeCategoryPrices(offers []pricing.Offer, blob []byte, competitor, category string, in *interner) ([]pricing.Offer, error) {
	// A year of a large category is a million offers: their keys are cut
	// from one string of the blob, and their amounts and sales taken from
	// slabs, rather than allocated one by one.
	whole := string(blob)
	var (
		monies []pricing.Money
		counts []int64
	)
	bad := false
	uvarint := func() uint64 {
		v, n := binary.Uvarint(blob)
		if n <= 0 {
			bad = true
			return 0
		}
		blob = blob[n:]
		return v
	}
	varint := func() int64 {
		v, n := binary.Varint(blob)
		if n <= 0 {
			bad = true
			return 0
		}
		blob = blob[n:]
		return v
	}
	bytesOf := func() []byte {
		n := uvarint()
		if bad || n > uint64(len(blob)) {
			bad = true
			return nil
		}
		s := blob[:n]
		blob = blob[n:]
		return s
	}
	flag := func() bool {
		if len(blob) == 0 {
			bad = true
			return false
		}
		f := blob[0]
		blob = blob[1:]
		return f == 1
	}
	money := func() *pricing.Money {
		if !flag() {
			return nil
		}
		amount := varint()
		if len(monies) == cap(monies) {
			monies = make([]pricing.Money, 0, 512)
		}
		monies = append(monies, pricing.Money{Amount: pricing.Amount(amount), Currency: in.get(bytesOf())})
		return &monies[len(monies)-1]
	}
	want := uvarint()
	if !bad && want > uint64(len(blob)) { // every offer takes bytes
		bad = true
	}
	offers = slices.Grow(offers, int(want))
	got := uint64(0)
	for len(blob) > 0 && !bad {
		o := pricing.Offer{Competitor: competitor, Category: category}
		key := bytesOf()
		end := len(whole) - len(blob) // where the key ends in the blob
		o.Key = whole[end-len(key) : end]
		o.Brand = in.get(bytesOf())
		o.Price = money()
		o.MinPrice = money()
		if flag() {
			if len(counts) == cap(counts) {
				counts = make([]int64, 0, 512)
			}
			counts = append(counts, varint())
			o.Sales = &counts[len(counts)-1]
		}
		if bad {
			break
		}
		offers = append(offers, o)
		got++
	}
	if bad || got != want {
		return nil, errBadKeptPrices
	}
	return offers, nil
}
