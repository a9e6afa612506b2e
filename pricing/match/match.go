package match

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// Decision is a person's verdict on one catalog item / listing pair.
type Decision struct {
	CatalogSKU, Competitor, ListingKey string
	// Confirmed is true for "these are the same product" and false for
	// "these are not".
	Confirmed bool
}

// Options tunes Run.
type Options struct {
	// AutoThreshold is the fuzzy score at or above which a pair is matched
	// without review.
	AutoThreshold float64
	// CandidateThreshold is the fuzzy score at or above which a pair below
	// AutoThreshold is offered for review.
	CandidateThreshold float64
	// MaxCandidates caps the review candidates per catalog item, best
	// first; zero or less means no cap.
	MaxCandidates int
	// BrandAliases adds brand name groups (e.g. {"Vinda", "维达"}) to the
	// built-in table; a group whose first name is known extends that brand.
	BrandAliases [][]string
}

// DefaultOptions returns the options the labelled test set
// (testdata/match/pairs.csv) was measured with: automatic matches from a
// score of 0.6, review candidates from 0.35, at most 5 candidates per item.
func DefaultOptions() Options {
	return Options{AutoThreshold: 0.6, CandidateThreshold: 0.35, MaxCandidates: 5}
}

// InvalidID reports an identifier that could not be used, so a person can
// fix the catalog or see which shop publishes broken codes.
type InvalidID struct {
	// CatalogSKU is set for one of our items; Competitor and ListingKey for
	// a listing.
	CatalogSKU             string
	Competitor, ListingKey string
	Field                  string // "gtin"
	Value                  string
	Err                    error // wraps ErrInvalidGTIN
}

// Result is what Run found.
type Result struct {
	// Matches are the confirmed, identifier and automatic fuzzy matches,
	// sorted by catalog SKU, competitor and listing key. A listing is
	// matched to at most one catalog item, except where people confirmed
	// more.
	Matches []pricing.Match
	// Candidates are fuzzy pairs scoring at least CandidateThreshold but
	// below AutoThreshold, for a person to confirm or reject, sorted by
	// catalog SKU and then best first. Listings already matched are left
	// out.
	Candidates []pricing.Match
	// Invalid lists the unusable GTINs met, ours first, in input order.
	Invalid []InvalidID
}

// rank orders methods by trust: lower wins a listing.
func rank(m pricing.MatchMethod) int {
	switch m {
	case pricing.MatchConfirmed:
		return 0
	case pricing.MatchGTIN:
		return 1
	case pricing.MatchMPN:
		return 2
	case pricing.MatchSKU:
		return 3
	}
	return 4
}

type pairKey struct{ sku, competitor, key string }

type listingKey struct{ competitor, key string }

type offerInfo struct {
	o     *pricing.Offer
	cat   string
	brand string // canonical brand key
	f     features
	// catID and brandID number cat and brand within one run (0 for ""), so
	// scoring a pair compares integers.
	catID, brandID int32
}

type itemInfo struct {
	it    *pricing.CatalogItem
	cat   string
	brand string
	f     features
	gtin  string
	codes map[string]bool // our MPN compacted, else the title's code-like chunks

	catID, brandID int32 // as in offerInfo
}

type best struct {
	item   int // -1 for none
	method pricing.MatchMethod
	score  float64
	why    string // the identifier that matched, as a reason
}

// Run matches our catalog items to competitor listings. A decision always
// wins: a confirmed pair is a match with Method "confirmed" and Score 1 (when
// both the item and the listing are in the input), and a rejected pair is
// never matched or offered, not even on an identical GTIN. Then come
// identical valid GTINs, identical brand + MPN, identical SKUs, and last
// brand + title similarity at or above opt.AutoThreshold within one
// category. Each listing goes to its most trusted, best-scoring item (ties go
// to the smaller SKU). The same listing observed more than once is read
// once, from its latest observation.
//
// Run never fails: unusable identifiers are reported in Result.Invalid and
// the item or listing is still matched by its other fields.
func Run(items []pricing.CatalogItem, offers []pricing.Offer, decisions []Decision, opt Options) Result {
	sc := defaultScorer()
	return run(items, offers, decisions, opt, &sc)
}

func run(items []pricing.CatalogItem, offers []pricing.Offer, decisions []Decision, opt Options, sc *scorer) Result {
	var res Result
	br := newBrands(opt.BrandAliases)

	// Listings (ls), deduplicated.
	seen := make(map[listingKey]int, len(offers))
	ls := make([]offerInfo, 0, len(offers))
	for i := range offers {
		o := &offers[i]
		k := listingKey{o.Competitor, o.Key}
		if j, ok := seen[k]; ok {
			if o.ObservedAt.After(ls[j].o.ObservedAt) {
				ls[j].o = o
			}
			continue
		}
		seen[k] = len(ls)
		ls = append(ls, offerInfo{o: o})
	}
	// Listings repeat a few categories and brands: each distinct spelling
	// is normalised once.
	catIDs, brandIDs := numbering{}, numbering{}
	type named struct {
		name string
		id   int32
	}
	cats, brandOf := map[string]named{}, map[string]named{}
	memo := func(m map[string]named, s string, f func(string) string, ids numbering) named {
		v, ok := m[s]
		if !ok {
			v.name = f(s)
			v.id = ids.id(v.name)
			m[s] = v
		}
		return v
	}
	// Every title's tokens are interned in one vocab, so pairs are compared
	// as integers. Listings keep only the interned tokens.
	v := newVocab()
	var tz tokenizer
	for i := range ls {
		o := ls[i].o
		c, b := memo(cats, o.Category, normCategory, catIDs), memo(brandOf, o.Brand, br.resolve, brandIDs)
		ls[i].cat, ls[i].catID = c.name, c.id
		ls[i].brand, ls[i].brandID = b.name, b.id
		ls[i].f = tz.features(o.Title)
		ls[i].f.code.addMPN(o.MPN)
		ls[i].f.intern(v)
		ls[i].f.toks, ls[i].f.alt = nil, nil
	}

	its := make([]itemInfo, len(items))
	skuIndex := make(map[string]int, len(items))
	for i := range items {
		it := &items[i]
		its[i] = itemInfo{it: it, cat: normCategory(it.Category), brand: br.resolve(it.Brand), f: tz.features(it.Title)}
		its[i].f.code.addMPN(it.MPN)
		its[i].catID, its[i].brandID = catIDs.id(its[i].cat), brandIDs.id(its[i].brand)
		// Items keep their tokens' texts too: retrieval looks them up.
		its[i].f.toks = slices.Clone(its[i].f.toks)
		its[i].f.intern(v)
		if _, dup := skuIndex[it.SKU]; !dup {
			skuIndex[it.SKU] = i
		}
		if it.GTIN != "" {
			g, err := NormalizeGTIN(it.GTIN)
			if err != nil {
				res.Invalid = append(res.Invalid, InvalidID{CatalogSKU: it.SKU, Field: "gtin", Value: it.GTIN, Err: err})
			}
			its[i].gtin = g
		}
		its[i].codes = itemCodes(it, its[i].f.norm)
	}
	newID := v.rank()
	for i := range ls {
		ls[i].f.renumber(newID)
	}
	for i := range its {
		its[i].f.renumber(newID)
	}

	// Identifier indexes over listings.
	byGTIN := map[string][]int{}
	byMPN := map[string][]int{}
	bySKU := map[string][]int{}
	for i := range ls {
		o := ls[i].o
		if o.GTIN != "" {
			g, err := NormalizeGTIN(o.GTIN)
			if err != nil {
				res.Invalid = append(res.Invalid, InvalidID{Competitor: o.Competitor, ListingKey: o.Key, Field: "gtin", Value: o.GTIN, Err: err})
			} else {
				byGTIN[g] = append(byGTIN[g], i)
			}
		}
		if m := compactCode(o.MPN); isCode(m) {
			byMPN[m] = append(byMPN[m], i)
		}
		if s := strings.TrimSpace(o.SKU); s != "" {
			bySKU[strings.ToLower(s)] = append(bySKU[strings.ToLower(s)], i)
		}
	}

	// Decisions, by item and listing index. Several items can share a SKU;
	// a decision names them all.
	type pairIdx struct{ item, offer int }
	rejected := map[pairIdx]bool{}
	confirmedOffer := make([]bool, len(ls))
	confirmed := map[pairKey]bool{}
	for _, d := range decisions {
		o, ok := seen[listingKey{d.Competitor, d.ListingKey}]
		if !ok {
			continue
		}
		first, ok := skuIndex[d.CatalogSKU]
		if !ok {
			continue
		}
		if !d.Confirmed {
			for i := first; i < len(its); i++ {
				if its[i].it.SKU == d.CatalogSKU {
					rejected[pairIdx{i, o}] = true
				}
			}
			continue
		}
		if k := (pairKey{d.CatalogSKU, d.Competitor, d.ListingKey}); !confirmed[k] {
			confirmed[k] = true
			confirmedOffer[o] = true
			res.Matches = append(res.Matches, pricing.Match{CatalogSKU: d.CatalogSKU, Competitor: d.Competitor,
				ListingKey: d.ListingKey, Method: pricing.MatchConfirmed, Score: 1})
		}
	}
	open := func(item, offer int) bool {
		return !confirmedOffer[offer] && (len(rejected) == 0 || !rejected[pairIdx{item, offer}])
	}

	bests := make([]best, len(ls))
	for i := range bests {
		bests[i].item = -1
	}
	offer := func(item, o int, m pricing.MatchMethod, s float64, why string) {
		b := &bests[o]
		if b.item >= 0 {
			if r, rb := rank(m), rank(b.method); r > rb || r == rb && (s < b.score || s == b.score && its[item].it.SKU >= its[b.item].it.SKU) {
				return
			}
		}
		*b = best{item: item, method: m, score: s, why: why}
	}

	// Identifiers.
	for i := range its {
		it := &its[i]
		if it.gtin != "" {
			for _, o := range byGTIN[it.gtin] {
				if open(i, o) {
					offer(i, o, pricing.MatchGTIN, 1, "gtin "+it.gtin)
				}
			}
		}
		for code := range it.codes {
			for _, o := range byMPN[code] {
				if open(i, o) && it.brand != "" && it.brand == ls[o].brand {
					offer(i, o, pricing.MatchMPN, 1, "code "+code)
				}
			}
		}
		if s := strings.TrimSpace(it.it.SKU); s != "" {
			for _, o := range bySKU[strings.ToLower(s)] {
				if open(i, o) && compatible(it.cat, ls[o].cat) && !brandConflict(br, it, &ls[o]) {
					offer(i, o, pricing.MatchSKU, 1, "sku "+strings.ToLower(s))
				}
			}
		}
	}

	// Fuzzy.
	idx := indexOf(ls, v)
	type cand struct {
		offer int
		score float64
	}
	cands := make([][]cand, len(its))
	scratch := retrieval{acc: make([]float64, len(ls))}
	ps := pairScorer{br: br, sc: sc, v: v, mark: make([]uint8, len(v.texts)), brands: make([]*brandToks, len(brandIDs)+1)}
	// A score below both thresholds is dropped whatever it is exactly.
	floor := min(opt.AutoThreshold, opt.CandidateThreshold)
	for i := range its {
		it := &its[i]
		ignore := br.tokensOf(it.brand, it.it.Brand)
		for _, o := range idx.candidates(it, ignore, &scratch) {
			if !open(i, o) {
				continue
			}
			s := ps.score(it, &ls[o], floor)
			switch {
			case s >= opt.AutoThreshold && !ps.colourConflict:
				offer(i, o, pricing.MatchFuzzy, s, "")
			case s >= opt.CandidateThreshold:
				cands[i] = append(cands[i], cand{o, s})
			}
		}
	}

	// Sibling variants of one shop (the storage upgrade, the other colour)
	// all read like our item; keep the one whose options agree.
	for _, c := range pickVariants(its, ls, bests, v) {
		cands[c.item] = append(cands[c.item], cand{c.offer, c.score})
	}

	n := len(res.Matches)
	for _, b := range bests {
		if b.item >= 0 {
			n++
		}
	}
	res.Matches = slices.Grow(res.Matches, n-len(res.Matches))
	for o, b := range bests {
		if b.item < 0 {
			continue
		}
		var why []string
		if b.method == pricing.MatchFuzzy {
			why = ps.explain(&its[b.item], &ls[o])
		} else {
			why = []string{b.why}
			if it := &its[b.item]; it.brand != "" && it.brand == ls[o].brand {
				why = append(why, "brand "+it.brand)
			}
		}
		res.Matches = append(res.Matches, pricing.Match{CatalogSKU: its[b.item].it.SKU, Competitor: ls[o].o.Competitor,
			ListingKey: ls[o].o.Key, Method: b.method, Score: b.score, Reasons: why})
	}
	for i, cs := range cands {
		cs = slices.DeleteFunc(cs, func(c cand) bool { return bests[c.offer].item >= 0 })
		slices.SortFunc(cs, func(a, b cand) int {
			if a.score != b.score {
				return cmp.Compare(b.score, a.score)
			}
			return cmp.Or(cmp.Compare(ls[a.offer].o.Competitor, ls[b.offer].o.Competitor), cmp.Compare(ls[a.offer].o.Key, ls[b.offer].o.Key))
		})
		if opt.MaxCandidates > 0 && len(cs) > opt.MaxCandidates {
			cs = cs[:opt.MaxCandidates]
		}
		for _, c := range cs {
			why := ps.explain(&its[i], &ls[c.offer])
			if c.score >= opt.AutoThreshold && !slices.ContainsFunc(why, isColourConflict) {
				why = append(why, "penalty: sibling variants differ in options our title does not name")
			}
			res.Candidates = append(res.Candidates, pricing.Match{CatalogSKU: its[i].it.SKU, Competitor: ls[c.offer].o.Competitor,
				ListingKey: ls[c.offer].o.Key, Method: pricing.MatchFuzzy, Score: c.score, Reasons: why})
		}
	}
	slices.SortFunc(res.Matches, func(a, b pricing.Match) int {
		return cmp.Or(cmp.Compare(a.CatalogSKU, b.CatalogSKU), cmp.Compare(a.Competitor, b.Competitor), cmp.Compare(a.ListingKey, b.ListingKey))
	})
	slices.SortStableFunc(res.Candidates, func(a, b pricing.Match) int { return cmp.Compare(a.CatalogSKU, b.CatalogSKU) })
	return res
}

// numbering numbers strings from 1 in the order met; "" is 0.
type numbering map[string]int32

func (n numbering) id(s string) int32 {
	if s == "" {
		return 0
	}
	id, ok := n[s]
	if !ok {
		id = int32(len(n) + 1)
		n[s] = id
	}
	return id
}

// pairScorer scores pairs of one run. It marks the tokens of the brands
// being compared in mark, by vocab number, so skipping them costs an array
// read per token.
type pairScorer struct {
	br     *brands
	sc     *scorer
	v      *vocab
	mark   []uint8      // 1: the item's brand; 2: the listing's
	brands []*brandToks // by brand ID, once asked for
	// colourConflict is whether the pair scored last names two colours
	// (colours.go): another article, never an automatic match, whatever
	// the thresholds.
	colourConflict bool
}

// brandToks are the tokens of a brand's names that some title has, and
// whether its names have tokens at all.
type brandToks struct {
	ids  []int32
	some bool
}

// brandToks interns what br.tokensOf says, asked for in the order scoring
// always asked it: a brand outside the table is tokenised from the first
// spelling met.
func (ps *pairScorer) brandToks(id int32, c, original string) *brandToks {
	if b := ps.brands[id]; b != nil {
		return b
	}
	toks := ps.br.tokensOf(c, original)
	b := &brandToks{some: len(toks) > 0}
	for t := range toks {
		if id, ok := ps.v.ids[t]; ok {
			b.ids = append(b.ids, id)
		}
	}
	ps.brands[id] = b
	return b
}

func (ps *pairScorer) setMark(ids []int32, bit uint8, on bool) {
	for _, id := range ids {
		if on {
			ps.mark[id] |= bit
		} else {
			ps.mark[id] &^= bit
		}
	}
}

// score is the title similarity without brand names, cut down when the
// brands disagree and neither title names the other's brand, and zero when
// the categories disagree. A score below floor is only known to be below
// floor: the brands cannot raise it, so they are not looked for in titles.
func (ps *pairScorer) score(it *itemInfo, o *offerInfo, floor float64) float64 {
	return ps.scoreExplained(it, o, floor, nil)
}

// explain scores a pair again and says why: the evidence that agreed and
// the penalties that applied, as pricing.Match.Reasons describes.
func (ps *pairScorer) explain(it *itemInfo, o *offerInfo) []string {
	ex := &explain{texts: ps.v.texts}
	ps.scoreExplained(it, o, 0, ex)
	return ex.reasons
}

func (ps *pairScorer) scoreExplained(it *itemInfo, o *offerInfo, floor float64, ex *explain) float64 {
	if it.catID != 0 && o.catID != 0 && it.catID != o.catID {
		ex.addf("penalty: category %s/%s", it.cat, o.cat)
		return 0
	}
	// Both brands' names are judged by brandConflict, not as title words.
	a := ps.brandToks(it.brandID, it.brand, it.it.Brand)
	ignore := brandTokens{mark: ps.mark, some: a.some}
	ps.setMark(a.ids, 1, true)
	var b *brandToks
	if o.brandID != it.brandID {
		b = ps.brandToks(o.brandID, o.brand, o.o.Brand)
		ignore.some = ignore.some || b.some
		ps.setMark(b.ids, 2, true)
	}
	if ex != nil && it.brandID != 0 && (it.brandID == o.brandID || ps.br.mentions(it.brand, it.it.Brand, &o.f)) {
		ex.addf("brand %s", it.brand)
	}
	s := ps.sc.score(&it.f, &o.f, ignore, ex)
	ps.colourConflict = false
	if s >= floor {
		_, _, ps.colourConflict = colourConflict(&it.f, &o.f, ignore)
	}
	ps.setMark(a.ids, 1, false)
	if b != nil {
		ps.setMark(b.ids, 2, false)
	}
	if s >= floor && it.brandID != 0 && o.brandID != 0 && it.brandID != o.brandID && brandConflict(ps.br, it, o) {
		s *= brandFactor
		ex.addf("penalty: brand conflict %s/%s", it.brand, o.brand)
	}
	return s
}

// brandConflict reports whether two known brands differ and neither title
// names the other's brand (shops file "Merries" under "花王").
func brandConflict(br *brands, it *itemInfo, o *offerInfo) bool {
	if it.brand == "" || o.brand == "" || it.brand == o.brand {
		return false
	}
	return !br.mentions(it.brand, it.it.Brand, &o.f) && !br.mentions(o.brand, o.o.Brand, &it.f)
}

// compatible reports whether two normalised categories agree; an unknown
// category agrees with any.
func compatible(a, b string) bool { return a == "" || b == "" || a == b }

func normCategory(s string) string { return strings.TrimSpace(normalize(s)) }

// compactCode folds a part number to lower-case letters and digits:
// "MB-FB40E511" and "mb fb40e511" are one code.
func compactCode(s string) string {
	var sb strings.Builder
	for _, r := range normalize(s) {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// isCode reports whether s looks like a part number rather than a word: at
// least four characters with a digit in them.
func isCode(s string) bool {
	return len(s) >= 4 && strings.ContainsAny(s, "0123456789")
}

// itemCodes returns the codes our item is matched by against listing MPNs:
// its own MPN, compacted as listing MPNs are, when it has one; else the
// part-number-like chunks of its normalised title. A given MPN is trusted
// alone, since a title may also name a code the item is not (the model an
// accessory fits); an MPN too short to be a code matches nothing, as on
// listings.
func itemCodes(it *pricing.CatalogItem, norm string) map[string]bool {
	if strings.TrimSpace(it.MPN) == "" {
		return codes(norm)
	}
	if m := compactCode(it.MPN); isCode(m) {
		return map[string]bool{m: true}
	}
	return nil
}

// codes returns the part-number-like chunks of a normalised title: runs of
// ASCII letters, digits and dashes, compacted. They stand in for our MPN on
// catalog items that give none.
func codes(norm string) map[string]bool {
	out := map[string]bool{}
	for _, chunk := range strings.FieldsFunc(norm, func(r rune) bool {
		return !(r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '.'))
	}) {
		if c := compactCode(chunk); isCode(c) {
			out[c] = true
		}
	}
	return out
}
