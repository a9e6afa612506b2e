package match

import (
	"slices"
	"strings"
)

// Score factors for evidence that two titles name different products. They
// multiply, so two kinds of conflict push a pair far below any threshold.
const (
	conflictFactor  = 0.25 // 128GB vs 256GB, Pegasus 40 vs 41, 15 vs 15 Pro
	accessoryFactor = 0.25 // "iPhone 15" vs "iPhone 15 case"
	genderFactor    = 0.3  // the men's vs the women's model
	brandFactor     = 0.2  // two different known brands
)

// classIDs numbers the unit classes so per-pair conflict checks are bit
// operations; class "" is the model numbers.
var classIDs = map[string]uint8{
	"": 0, "ml": 1, "g": 2, "mg": 3, "gb": 4, "mb": 5, "mah": 6, "w": 7, "v": 8, "hz": 9, "mm": 10,
	"inch": 11, "oz": 12, "lb": 13, "×": 14, "hp": 15, "deg": 16, "stage": 17, "size": 18, "ply": 19,
	"sheets": 20, "%": 21, "flavor": 22,
}

// accessory kinds, as bits: a listing that is a case for a product is not the
// product.
const (
	accCase uint16 = 1 << iota
	accFilm
	accCharger
	accCable
	accStrap
	accController
	accRefill
	accBattery
	accBundle
	accFit
	accPart
)

var accessoryWords = map[string]uint16{
	"case": accCase, "cases": accCase, "cover": accCase, "sleeve": accCase, "skin": accCase,
	"protector": accFilm, "film": accFilm,
	"charger": accCharger, "adapter": accCharger,
	"cable": accCable,
	"strap": accStrap, "watchband": accStrap,
	"controller": accController, "gamepad": accController,
	"refill": accRefill, "replacement": accRefill,
	"battery": accBattery,
	"kit":     accBundle, "bundle": accBundle, "combo": accBundle,
	"compatible": accFit,
	"accessory":  accPart, "accessories": accPart, "nozzle": accPart, "attachment": accPart,
}

var accessoryHan = []struct {
	text string
	acc  uint16
}{
	{"壳", accCase}, {"保护套", accCase}, {"硅胶套", accCase}, {"收纳套", accCase}, {"手机套", accCase},
	{"膜", accFilm},
	{"充电器", accCharger}, {"充电头", accCharger}, {"适配器", accCharger},
	{"数据线", accCable}, {"充电线", accCable},
	{"表带", accStrap},
	{"手柄", accController},
	{"替换", accRefill}, {"刷头", accRefill}, {"气瓶", accRefill}, {"补充装", accRefill},
	{"电池", accBattery},
	{"套机", accBundle}, {"套装", accBundle},
	{"适用", accFit}, {"兼容", accFit},
	{"配件", accPart}, {"风嘴", accPart},
}

const (
	male uint8 = 1 << iota
	female
)

var genderWords = map[string]uint8{
	"men": male, "mens": male, "male": male, "man": male,
	"women": female, "womens": female, "female": female, "woman": female, "ladies": female, "lady": female,
}

// features is everything the scorer needs from one title, computed once.
type features struct {
	// toks are the title's tokens sorted by text. Run drops them from
	// listings once interned: the scorer reads ids.
	toks []token
	// alt holds pack totals ("15g*30" is also "450g"): a listing giving
	// the total instead of the unit size is not a size conflict.
	alt []string
	// ids and altIDs are toks and alt interned in a vocab, in the same
	// order, so pairs are compared as integers (see merge).
	ids    []itok
	altIDs []int32
	acc    uint16
	gender uint8
	norm   string // the normalised title, for brand mentions
}

// tokenizer holds the buffers one title is tokenised in, reused from title
// to title: most of what tokenising allocates is thrown away once the
// tokens are interned.
type tokenizer struct {
	ps   []piece
	toks []token
}

func featuresOf(title string) features {
	var tz tokenizer
	return tz.features(title)
}

// features returns the features of title; its toks share the tokenizer's
// buffer and are overwritten by the next call.
func (tz *tokenizer) features(title string) features {
	n := normalize(title)
	ps := appendPieces(tz.ps[:0], n)
	tz.ps = ps
	var f features
	f.norm = n
	// "AirPods Pro with MagSafe Case": what comes after "with" is included,
	// not sold on its own.
	with := false
	for i, p := range ps {
		switch p.kind {
		case pWord:
			if p.text == "with" {
				with = true
			}
			caseOf := p.text == "case" && i+1 < len(ps) && ps[i+1].text == "of" // "case of 12" is a pack
			if a, ok := accessoryWords[p.text]; ok && !with && !caseOf {
				f.acc |= a
			}
			f.gender |= genderWords[p.text]
		case pHan:
			for _, a := range accessoryHan {
				if strings.Contains(p.text, a.text) {
					f.acc |= a.acc
				}
			}
			if strings.Contains(p.text, "男") {
				f.gender |= male
			}
			if strings.Contains(p.text, "女") {
				f.gender |= female
			}
		}
	}
	if f.gender == male|female { // unisex
		f.gender = 0
	}
	tz.toks = appendTokens(tz.toks[:0], ps)
	f.toks = tz.toks
	f.alt = packTotals(f.toks)
	return f
}

// itok is an interned token: what merge needs of it, precomputed so that
// comparing a pair takes no string comparisons or map lookups.
type itok struct {
	id   int32  // the token's number in its vocab
	bit  uint32 // conflictBit of the token
	kind kind
	mod  bool // one of the modifiers
}

// vocab numbers token texts. Once ranked, the numbers follow the texts'
// order, so a title's tokens, sorted by text, are sorted by number too and
// merge visits them (and sums their weights) exactly as it would the texts.
type vocab struct {
	ids   map[string]int32
	texts []string
}

func newVocab() *vocab { return &vocab{ids: map[string]int32{}} }

func (v *vocab) intern(s string) int32 {
	id, ok := v.ids[s]
	if !ok {
		id = int32(len(v.texts))
		v.ids[s] = id
		v.texts = append(v.texts, s)
	}
	return id
}

// rank renumbers the vocabulary in text order and returns the new number of
// each old one; features interned before must be renumbered with it.
func (v *vocab) rank() []int32 {
	order := make([]int32, len(v.texts))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(v.texts[a], v.texts[b]) })
	newID := make([]int32, len(order))
	texts := make([]string, len(order))
	for r, old := range order {
		newID[old] = int32(r)
		texts[r] = v.texts[old]
		v.ids[v.texts[old]] = int32(r)
	}
	v.texts = texts
	return newID
}

// intern fills f.ids and f.altIDs from f.toks and f.alt.
func (f *features) intern(v *vocab) {
	f.ids = make([]itok, len(f.toks))
	for i, t := range f.toks {
		f.ids[i] = itok{id: v.intern(t.text), bit: conflictBit(t), kind: t.kind, mod: modifiers[t.text]}
	}
	f.altIDs = nil
	if len(f.alt) > 0 {
		f.altIDs = make([]int32, len(f.alt))
		for i, a := range f.alt {
			f.altIDs[i] = v.intern(a)
		}
	}
}

// renumber applies a vocab's rank to f.
func (f *features) renumber(newID []int32) {
	for i := range f.ids {
		f.ids[i].id = newID[f.ids[i].id]
	}
	for i := range f.altIDs {
		f.altIDs[i] = newID[f.altIDs[i]]
	}
}

// Similarity returns how alike two product titles are, in [0, 1]: 1 for
// titles with the same tokens, 0 when either has no tokens. It is
// symmetric. See the package documentation for how titles are tokenised and
// which differences count as conflicts.
func Similarity(a, b string) float64 {
	fa, fb := featuresOf(a), featuresOf(b)
	v := newVocab()
	fa.intern(v)
	fb.intern(v)
	newID := v.rank()
	fa.renumber(newID)
	fb.renumber(newID)
	sc := defaultScorer()
	return sc.score(&fa, &fb, brandTokens{})
}

// brandTokens are the tokens of the brand names of both sides of a pair;
// titles are compared without them.
type brandTokens struct {
	// mark is nonzero at the vocab number of a brand token; nil when
	// there are none.
	mark []uint8
	// some is whether either brand has tokens at all, in a title or not.
	some bool
}

func (bt brandTokens) has(id int32) bool { return bt.mark != nil && bt.mark[id] != 0 }

func (bt brandTokens) empty() bool { return !bt.some }

// scorer holds the weights of the score; they are fixed in defaultScorer and
// only vary in the tests that measure them.
type scorer struct {
	weight [kindHanChar + 1]float64
	// substituted weighs name tokens found on one side only when the other
	// side has some of its own too ("Elite" for "Challenger", "青瓜" for
	// "白桃"): then the titles name different things.
	substituted float64
	// added weighs the rest: words only one title has ("靖江风味",
	// "Portable") are mostly description one shop bothered to write.
	added float64
	// translated discounts one side's unmatched Latin words when the other
	// side has unmatched Han text, and the other way round: they are most
	// likely the same words in two languages, not a difference.
	translated float64
	// specMiss is what each size or count given on one side only costs
	// (listings often leave out the RAM or the pack size).
	specMiss float64
	// specSwap is the factor when each title has a size the other lacks.
	specSwap float64
	// translation is the name score of titles that share only sizes and
	// are otherwise each other's language.
	translation float64
	// modifier is the factor for a variant word on one side only ("zero",
	// "无糖", "mid", "cellular").
	modifier float64
}

func defaultScorer() scorer {
	return scorer{
		weight:      [...]float64{kindWord: 1.0, kindHan: 0.6, kindModel: 2.0, kindSpec: 1.0, kindWeak: 0.2, kindHanChar: 0.2},
		substituted: 1.5,
		added:       0.5,
		translated:  0.3,
		specMiss:    0.05,
		modifier:    0.4,
		translation: 0.5,
		specSwap:    0.75,
	}
}

// tally is what one merge of two token lists finds.
type tally struct {
	shared     float64    // weight of the name tokens on both sides
	latin, han [2]float64 // unmatched Latin words / Han text per side
	other      [2]float64 // other unmatched name tokens per side
	names      [2]int     // name tokens per side
	specs      int        // specs on both sides
	specMisses int        // specs on one side only
	specSides  [2]bool    // which sides have specs the other lacks
	only       [2]uint32  // classes with a model number or size on one side only
	modifiers  int        // variant words on one side only
}

// translationOnly reports whether the unmatched name tokens are Latin on one
// side and Han on the other, and nothing else.
func (t *tally) translationOnly() bool {
	if t.other[0] > 0 || t.other[1] > 0 {
		return false
	}
	return t.latin[0] > 0 && t.han[1] > 0 && t.han[0] == 0 && t.latin[1] == 0 ||
		t.han[0] > 0 && t.latin[1] > 0 && t.latin[0] == 0 && t.han[1] == 0
}

// one counts a token found on one side only.
func (t *tally) one(sc *scorer, tk itok, side int, other *features) {
	if tk.kind == kindSpec {
		if slices.Contains(other.altIDs, tk.id) {
			return
		}
		t.specMisses++
		t.specSides[side] = true
		t.only[side] |= tk.bit
		return
	}
	t.names[side]++
	w := sc.weight[tk.kind]
	switch tk.kind {
	case kindWord:
		t.latin[side] += w
	case kindHan, kindHanChar:
		t.han[side] += w
	default:
		t.other[side] += w
	}
	t.only[side] |= tk.bit
	if tk.mod {
		t.modifiers++
	}
}

// merge walks both titles' interned tokens in text order (see vocab).
func (sc *scorer) merge(a, b *features, ignore brandTokens) tally {
	var t tally
	as, bs := a.ids, b.ids
	i, j := 0, 0
	for i < len(as) || j < len(bs) {
		switch {
		case j == len(bs) || i < len(as) && as[i].id < bs[j].id:
			tk := as[i]
			i++
			if !ignore.has(tk.id) {
				t.one(sc, tk, 0, b)
			}
		case i == len(as) || bs[j].id < as[i].id:
			tk := bs[j]
			j++
			if !ignore.has(tk.id) {
				t.one(sc, tk, 1, a)
			}
		default:
			tk, tb := as[i], bs[j]
			i++
			j++
			if ignore.has(tk.id) {
				continue
			}
			if (tk.kind == kindSpec) != (tb.kind == kindSpec) {
				// "2g" read as a size on one side and a model code on the
				// other are different things.
				t.one(sc, tk, 0, b)
				t.one(sc, tb, 1, a)
				continue
			}
			if tk.kind == kindSpec {
				t.specs++
				continue
			}
			t.names[0]++
			t.names[1]++
			// The larger weight, so the score is symmetric when one title
			// reads a token as a word and the other as a model code.
			t.shared += max(sc.weight[tk.kind], sc.weight[tb.kind])
		}
	}
	return t
}

// score compares two titles' features, skipping the tokens in ignore (the
// brand names, which brand agreement judges instead).
func (sc *scorer) score(a, b *features, ignore brandTokens) float64 {
	t := sc.merge(a, b, ignore)
	if !ignore.empty() && (t.names[0] == 0) != (t.names[1] == 0) {
		// One title is nothing but its brand and sizes ("可口可乐
		// 330ml*24罐"): then the brand is its name, and a listing adding
		// "零度" or naming "雪碧" is another product.
		t = sc.merge(a, b, brandTokens{})
	}
	var name float64
	switch {
	case t.names[0] == 0 && t.names[1] == 0:
		if t.specs == 0 {
			return 0
		}
		name = 1
	case t.shared == 0:
		// Nothing in common but the sizes, as when one shop writes English
		// and the other Chinese ("Storage Bags Medium" and "保鲜袋 中号"):
		// worth a person's look, never an automatic match.
		if t.specs == 0 || !t.translationOnly() {
			return 0
		}
		name = sc.translation
	default:
		latin, han := t.latin, t.han
		if latin[0] > 0 && han[1] > 0 {
			latin[0] *= sc.translated
			han[1] *= sc.translated
		}
		if han[0] > 0 && latin[1] > 0 {
			han[0] *= sc.translated
			latin[1] *= sc.translated
		}
		ea := latin[0] + han[0] + t.other[0]
		eb := latin[1] + han[1] + t.other[1]
		name = 2 * t.shared / (2*t.shared + sc.substituted*2*min(ea, eb) + sc.added*abs(ea-eb))
	}
	s := name * max(1-sc.specMiss*float64(t.specMisses), 0.5)
	if t.specSides[0] && t.specSides[1] && t.only[0]&t.only[1] == 0 {
		// Each title gives a size the other lacks ("1L" against "64GB"):
		// not a conflict within one unit, but seldom the same product.
		s *= sc.specSwap
	}
	for range t.modifiers {
		s *= sc.modifier
	}
	for c := t.only[0] & t.only[1]; c != 0; c &= c - 1 {
		s *= conflictFactor
	}
	if a.acc != b.acc {
		s *= accessoryFactor
	}
	if a.gender != 0 && b.gender != 0 && a.gender != b.gender {
		s *= genderFactor
	}
	return min(max(s, 0), 1)
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// modifiers are words that make a variant of a product a different product
// for pricing: a listing that adds "zero" or "organic" to the same name is
// another product, unlike one that adds "portable".
var modifiers = map[string]bool{
	"zero": true, "diet": true, "sugarfree": true, "decaf": true, "organic": true, "light": true,
	"lite": true, "kids": true, "junior": true, "mid": true, "low": true, "high": true, "cellular": true,
	"lte": true, "digital": true, "refurbished": true, "used": true,
	"无糖": true, "零度": true, "低糖": true, "有机": true, "儿童": true, "高帮": true, "低帮": true,
	"中帮": true, "数字": true, "光驱": true, "极暖": true, "加绒": true, "二手": true, "翻新": true,
	"nfc": true, "拉拉": true,
}

func conflictBit(t token) uint32 {
	if t.kind != kindModel && t.kind != kindSpec && t.class == "" {
		return 0
	}
	return 1 << classIDs[t.class]
}
