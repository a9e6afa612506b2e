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
	tokID    map[string]int32 // the listings' vocab
	catID    map[string]int32
	cats     []int32 // every category id, for items without a category
	postings map[uint64][]int32
}

func key(cat, tok int32) uint64 { return uint64(uint32(cat))<<32 | uint64(uint32(tok)) }

// buildIndex interns the listings' tokens in a vocab of their own and
// indexes them.
func buildIndex(ls []offerInfo) *index {
	v := newVocab()
	for i := range ls {
		ls[i].f.intern(v)
	}
	return indexOf(ls, v)
}

// indexOf indexes listings whose tokens are interned in v.
func indexOf(ls []offerInfo, v *vocab) *index {
	ix := &index{tokID: v.ids, catID: map[string]int32{"": 0}, cats: []int32{0}, postings: map[uint64][]int32{}}
	for i := range ls {
		c, ok := ix.catID[ls[i].cat]
		if !ok {
			c = int32(len(ix.catID))
			ix.catID[ls[i].cat] = c
			ix.cats = append(ix.cats, c)
		}
		for _, t := range ls[i].f.ids {
			if t.kind == kindWeak {
				continue
			}
			k := key(c, t.id)
			ix.postings[k] = append(ix.postings[k], int32(i))
		}
	}
	return ix
}

// retrieval is scratch space reused across items.
type retrieval struct {
	acc     []float64 // shared token weight by listing; len(listings)
	touched []int32
	heap    []int32
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
	top := r.touched
	if len(top) > maxScored {
		top = r.best(maxScored)
	}
	out := make([]int, len(top))
	for i, id := range top {
		out[i] = int(id)
	}
	for _, id := range r.touched {
		r.acc[id] = 0
	}
	r.touched = r.touched[:0]
	slices.Sort(out)
	return out
}

// before orders listings by shared weight, most first, then by position.
// It is a total order, so the best n are one set however they are found.
func (r *retrieval) before(a, b int32) bool {
	if r.acc[a] != r.acc[b] {
		return r.acc[a] > r.acc[b]
	}
	return a < b
}

// best returns the n listings of r.touched that come first by before, in
// no particular order. It keeps them in a heap whose root is the worst
// kept, so it costs len(touched)·log n rather than a sort of them all.
func (r *retrieval) best(n int) []int32 {
	h := append(r.heap[:0], r.touched[:n]...)
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= len(h) {
				return
			}
			w := l // the worse child
			if l+1 < len(h) && r.before(h[w], h[l+1]) {
				w = l + 1
			}
			if !r.before(h[i], h[w]) {
				return
			}
			h[i], h[w] = h[w], h[i]
			i = w
		}
	}
	for i := len(h)/2 - 1; i >= 0; i-- {
		down(i)
	}
	for _, id := range r.touched[n:] {
		if r.before(id, h[0]) {
			h[0] = id
			down(0)
		}
	}
	r.heap = h
	return h
}

func defaultWeight(k kind) float64 {
	sc := defaultScorer()
	return sc.weight[k]
}
