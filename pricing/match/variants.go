package match

import (
	"cmp"
	"slices"
	"strings"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// A shop lists each variant of a product as its own article, titled with
// the product's title and the variant's options: "Samsung Lite 55 5G
// Smartphone — 12GB+256GB / Obsidian Black", "… 2-Pack", "… (Blue, XL)".
// Sizes, storage and pack counts that differ from our item's are conflicts
// in the score, so those siblings never match. What is left are siblings
// that differ in options our title does not name:
//
//   - only in clothing size, which shops price alike, or in a colour our
//     title does not name (a colour it names is a conflict in the score,
//     colours.go): any of them is our item, and the best-scoring one is
//     kept (ties go to the smaller listing key, so the choice is the same
//     every run);
//   - in a size, storage or pack count our title does not name ("Lite 55
//     5G" against the 8GB+128GB and the 12GB+256GB variant): which one is
//     ours is a guess between two prices, so none is matched and all are
//     offered for review.

// demoted is a sibling taken out of the automatic matches and offered for
// review.
type demoted struct {
	item, offer int
	score       float64
}

// variantBreaks end a product's title where a variant's options begin.
var variantBreaks = []string{" — ", " – ", " | ", " (", "（", " - "}

// siblingKey is what sibling variants of one shop have in common: the
// title before its options, without colours, sizes and counts. A title
// without options is keyed by the tokens it was scored with (f, numbered in
// v), so only variant titles are tokenised again.
func siblingKey(title string, f *features, v *vocab) uint64 {
	// An FNV-1a hash of the token texts, each ended by a zero byte.
	h := uint64(14695981039346656037)
	add := func(s string) {
		for i := 0; i < len(s); i++ {
			h = (h ^ uint64(s[i])) * 1099511628211
		}
		h *= 1099511628211
	}
	cut := false
	for _, b := range variantBreaks {
		if i := strings.Index(title, b); i > 0 {
			title, cut = title[:i], true
		}
	}
	if !cut {
		for _, t := range f.ids {
			if t.kind != kindWeak && t.kind != kindSpec {
				add(v.texts[t.id])
			}
		}
		return h
	}
	for _, t := range tokenize(title) {
		if t.kind != kindWeak && t.kind != kindSpec {
			add(t.text)
		}
	}
	return h
}

// pickVariants keeps, for each catalog item, one automatic fuzzy match
// among sibling variants of one shop, or none when they differ in a size
// our item does not name. It changes bests in place and returns the
// siblings to offer for review instead.
func pickVariants(its []itemInfo, ls []offerInfo, bests []best, v *vocab) []demoted {
	type group struct {
		item       int
		competitor string
	}
	groups := map[group][]int{}
	for o, b := range bests {
		if b.item >= 0 && b.method == pricing.MatchFuzzy {
			g := group{b.item, ls[o].o.Competitor}
			groups[g] = append(groups[g], o)
		}
	}
	var out []demoted
	for g, os := range groups {
		if len(os) < 2 {
			continue
		}
		byKey := map[uint64][]int{}
		for _, o := range os {
			k := siblingKey(ls[o].o.Title, &ls[o].f, v)
			byKey[k] = append(byKey[k], o)
		}
		ours := specSet(&its[g.item].f, v)
		for _, sib := range byKey {
			if len(sib) < 2 {
				continue
			}
			// What each sibling says that our title does not.
			unpinned := map[string]bool{}
			for _, o := range sib {
				var extra []string
				for t := range specSet(&ls[o].f, v) {
					if !ours[t] {
						extra = append(extra, t)
					}
				}
				slices.Sort(extra)
				unpinned[strings.Join(extra, " ")] = true
			}
			if len(unpinned) > 1 {
				for _, o := range sib {
					out = append(out, demoted{g.item, o, bests[o].score})
					bests[o].item = -1
				}
				continue
			}
			slices.SortFunc(sib, func(a, b int) int {
				return cmp.Or(cmp.Compare(bests[b].score, bests[a].score), cmp.Compare(ls[a].o.Key, ls[b].o.Key))
			})
			for _, o := range sib[1:] {
				bests[o].item = -1
			}
		}
	}
	slices.SortFunc(out, func(a, b demoted) int { return cmp.Or(cmp.Compare(a.item, b.item), cmp.Compare(a.offer, b.offer)) })
	return out
}

// specSet returns the sizes, storage and pack counts of a title; clothing
// sizes are left out, since shops price them alike.
func specSet(f *features, v *vocab) map[string]bool {
	out := map[string]bool{}
	for _, t := range f.ids {
		if t.kind == kindSpec && t.bit != 1<<classIDs["apparel"] {
			out[v.texts[t.id]] = true
		}
	}
	return out
}

// addMPN adds a part number given in its own field to the title's codes,
// so it is compared with the other title's codes like one in the title.
func (ci *codeInfo) addMPN(mpn string) {
	c := compactCode(mpn)
	if c == "" || !strongCode(c, true) || codeStop[c] {
		return
	}
	for _, x := range ci.codes {
		if x == c {
			return
		}
	}
	ci.codes = append(ci.codes, c)
	for i := 0; i < len(c); i++ {
		ci.starts = append(ci.starts, i == 0)
	}
	ci.flat += c
}
