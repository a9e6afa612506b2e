package match

import (
	"slices"
)

// Retrieval limits. A catalog item is compared with the listings that share
// its rarest tokens: tokens are taken rarest first until postingBudget
// listing references have been read (always at least minTokens tokens), and
// the maxScored listings sharing the most token weight are scored in full.
// A true match shares most tokens, so it shares the rare ones too; the full
// cross product is never formed.
const (
	postingBudget = 20000
	minTokens     = 3
	maxScored     = 200
)

// index is an inverted index from (category, token) to listings.
type index struct {
	tokID    map[string]int32
	catID    map[string]int32
	cats     []int32 // every category id, for items without a category
	postings map[uint64][]int32
}

func key(cat, tok int32) uint64 { return uint64(uint32(cat))<<32 | uint64(uint32(tok)) }

func buildIndex(ls []offerInfo) *index {
	ix := &index{tokID: map[string]int32{}, catID: map[string]int32{"": 0}, cats: []int32{0}, postings: map[uint64][]int32{}}
	for i := range ls {
		c, ok := ix.catID[ls[i].cat]
		if !ok {
			c = int32(len(ix.catID))
			ix.catID[ls[i].cat] = c
			ix.cats = append(ix.cats, c)
		}
		for _, t := range ls[i].f.toks {
			if t.kind == kindWeak {
				continue
			}
			id, ok := ix.tokID[t.text]
			if !ok {
				id = int32(len(ix.tokID))
				ix.tokID[t.text] = id
			}
			k := key(c, id)
			ix.postings[k] = append(ix.postings[k], int32(i))
		}
	}
	return ix
}

// retrieval is scratch space reused across items.
type retrieval struct {
	acc     []float64 // shared token weight by listing; len(listings)
	touched []int32
	lists   []posting
}

type posting struct {
	ids []int32
	w   float64
}

// candidates returns the listings worth scoring against item it.
func (ix *index) candidates(it *itemInfo, ignore map[string]bool, r *retrieval) []int {
	var cats []int32
	if it.cat == "" {
		cats = ix.cats
	} else if c, ok := ix.catID[it.cat]; ok {
		cats = []int32{0, c}
	} else {
		cats = []int32{0}
	}
	r.lists = r.lists[:0]
	for _, t := range it.f.toks {
		if t.kind == kindWeak || ignore[t.text] {
			continue
		}
		id, ok := ix.tokID[t.text]
		if !ok {
			continue
		}
		for _, c := range cats {
			if ids := ix.postings[key(c, id)]; len(ids) > 0 {
				r.lists = append(r.lists, posting{ids, defaultWeight(t.kind)})
			}
		}
	}
	slices.SortFunc(r.lists, func(a, b posting) int { return len(a.ids) - len(b.ids) })
	read := 0
	for i, p := range r.lists {
		if i >= minTokens && read+len(p.ids) > postingBudget {
			break
		}
		read += len(p.ids)
		for _, id := range p.ids {
			if r.acc[id] == 0 {
				r.touched = append(r.touched, id)
			}
			r.acc[id] += p.w
		}
	}
	if len(r.touched) > maxScored {
		slices.SortFunc(r.touched, func(a, b int32) int {
			if r.acc[a] != r.acc[b] {
				if r.acc[a] > r.acc[b] {
					return -1
				}
				return 1
			}
			return int(a - b)
		})
	}
	out := make([]int, 0, min(len(r.touched), maxScored))
	for i, id := range r.touched {
		if i < maxScored {
			out = append(out, int(id))
		}
		r.acc[id] = 0
	}
	r.touched = r.touched[:0]
	slices.Sort(out)
	return out
}

func defaultWeight(k kind) float64 {
	sc := defaultScorer()
	return sc.weight[k]
}
