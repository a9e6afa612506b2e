package match

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Score factors for evidence that two titles name different products. They
// multiply, so two kinds of conflict push a pair far below any threshold.
const (
	conflictFactor  = 0.25 // 128GB vs 256GB, Pegasus 40 vs 41, 15 vs 15 Pro
	accessoryFactor = 0.25 // "iPhone 15" vs "iPhone 15 case"
	genderFactor    = 0.3  // the men's vs the women's model
	brandFactor     = 0.2  // two different known brands
	// colourFactor: each title names a colour and they share no family
	// ("子夜黑" vs "Ice Blue"). It keeps even a perfect score below the
	// default AutoThreshold (0.6), while a pair that otherwise agrees is
	// still offered for review; Run also refuses such pairs as automatic
	// matches at any threshold.
	colourFactor = 0.55
)

// classIDs numbers the unit classes so per-pair conflict checks are bit
// operations; class "" is the model numbers.
var classIDs = map[string]uint8{
	"": 0, "ml": 1, "g": 2, "mg": 3, "gb": 4, "mb": 5, "mah": 6, "w": 7, "v": 8, "hz": 9, "mm": 10,
	"inch": 11, "oz": 12, "lb": 13, "×": 14, "hp": 15, "deg": 16, "stage": 17, "size": 18, "ply": 19,
	"sheets": 20, "%": 21, "flavor": 22, "apparel": 23, "mp": 24,
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
	"cable": accCable, "cord": accCable,
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
	// code holds the title's model codes (and the MPN's, in Run).
	code codeInfo
	// packs is whether the title gives a pack count at all.
	packs bool
	// hasModel is whether the title has a model number that names a model
	// (not fDesc, not fSoft).
	hasModel bool
	// lines are the model names of the title (see fLine).
	lines []string
	// with is whether the title lists what is included ("with 18-55mm
	// lens"): then it is a bundle, as a "kit" is.
	with bool
	// refurb is whether the title sells the article refurbished: not the
	// new article's price, whatever else agrees.
	refurb bool
	// pair and single are whether the title sells speakers and the like
	// as a pair ("Pair", "Pairs") or as one ("Single", "Each").
	pair, single bool
	// colour is the colour the title names (colours.go).
	colour colourInfo
	// head is the kind of article the title sells when it is an accessory
	// (articleKinds: a battery, a case, a bracket), read as the last such
	// word before "for" and "with"; 0 for none. Two titles with one code
	// and one head are the same accessory, whatever models each says it
	// fits.
	head uint8
	// body and kit are whether the title sells a camera body alone
	// ("Body", "Body Only") or with a lens ("Kit", "with 14-42mm Lens").
	body, kit bool
}

// articleKinds are the nouns that name what an accessory is. Plurals fold
// onto the singular.
var articleKinds = map[string]uint8{
	"battery": 1, "batteries": 1, "case": 2, "cases": 2, "bag": 3, "sleeve": 4, "handset": 5, "handsets": 5,
	"bracket": 6, "mount": 6, "dock": 7, "charger": 8, "adapter": 9, "cable": 10, "cord": 10, "strap": 11,
	"remote": 12, "lens": 13, "flash": 14, "speedlite": 14, "filter": 15, "tripod": 16, "headset": 17,
	"cradle": 18, "stand": 19, "holder": 20, "cartridge": 21, "toner": 22, "ink": 23, "protector": 24,
	"cover": 25, "keyboard": 26, "mouse": 27, "microphone": 28, "mic": 28, "grip": 29, "hood": 30,
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
	n := splitGluedColours(normalize(title))
	ps := joinFormats(appendPieces(tz.ps[:0], n))
	tz.ps = ps
	var f features
	f.norm = n
	// "AirPods Pro with MagSafe Case": what comes after "with" is included,
	// not sold on its own.
	with, forSeen, lens := false, false, false
	for i, p := range ps {
		switch p.kind {
		case pWord:
			if p.text == "with" || p.text == "w" && i+1 < len(ps) && ps[i+1].sep == '-' {
				with = true
				f.with = true
			}
			if p.text == "for" {
				forSeen = true
			}
			if k, ok := articleKinds[p.text]; ok && !with && !forSeen {
				f.head = k
			}
			switch p.text {
			case "body":
				f.body = true
			case "kit":
				f.kit = true
			case "lens", "lenses":
				lens = true
			}
			if p.text == "cable" && i > 0 && ps[i-1].text == "monster" {
				continue // the brand Monster Cable
			}
			caseOf := p.text == "case" && i+1 < len(ps) && ps[i+1].text == "of" // "case of 12" is a pack
			included := i+1 < len(ps) && (ps[i+1].text == "included" || ps[i+1].text == "incl")
			if a, ok := accessoryWords[p.text]; ok && !with && !caseOf && !included {
				f.acc |= a
			}
			f.gender |= genderWords[p.text]
			f.refurb = f.refurb || refurbWords[p.text]
			switch p.text {
			case "pair", "pairs":
				f.pair = true
			case "single", "each":
				f.single = true
			}
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
	if lens && (f.with || strings.Contains(n, "w/")) {
		f.kit = true // "with 18-55mm Lens", "w/ 14-42mm and 40-150mm Lenses"
	}
	if f.gender == male|female { // unisex
		f.gender = 0
	}
	// Before tokenising: numberTokens rewrites the pieces it reads.
	f.colour = titleColours(n, ps)
	tz.toks = appendTokens(tz.toks[:0], ps)
	f.toks = tz.toks
	f.alt = packTotals(f.toks)
	for _, t := range f.toks {
		if t.class == "×" {
			f.packs = true
		}
	}
	f.code = titleCodes(n)
	if f.code.forCode {
		f.acc |= accFit // "Wall Mount for KDL-46V4100"
	}
	for _, t := range f.toks {
		if t.flags&fLine != 0 {
			f.lines = append(f.lines, t.text)
		}
		if t.kind == kindModel && t.flags&(fDesc|fSoft) == 0 {
			f.hasModel = true
		}
	}
	if len(f.code.codes) > 0 {
		for i := range f.toks {
			if t := &f.toks[i]; t.kind == kindModel || t.kind == kindWord {
				for _, c := range f.code.codes {
					if strings.Contains(c, t.text) {
						t.flags |= fSoft
						if !standalone(n, t.text, c) {
							// Only in the code ("739lla" of "MB739LLA"),
							// not also a word of its own ("720" of
							// "GO 720 - GO720").
							t.flags |= fCode
						}
						break
					}
				}
			}
		}
	}
	return f
}

// itok is an interned token: what merge needs of it, precomputed so that
// comparing a pair takes no string comparisons or map lookups.
type itok struct {
	id    int32  // the token's number in its vocab
	bit   uint32 // conflictBit of the token
	kind  kind
	flags tflag // the token's flags, with fMod for Han modifiers too
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
		fl := t.flags
		if t.kind != kindWord && modifiers[t.text] {
			fl |= fMod
		}
		f.ids[i] = itok{id: v.intern(t.text), bit: conflictBit(t), kind: t.kind, flags: fl}
	}
	f.colour.intern(v)
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
	f.colour.renumber(newID)
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
	return sc.score(&fa, &fb, brandTokens{}, nil)
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
	models     int        // model numbers on both sides, outside codes
	codeOnly   float64    // weight of code pieces against a title with no code
	specMisses int        // specs on one side only
	specSides  [2]bool    // which sides have specs the other lacks
	only       [2]uint32  // classes with a model number or size on one side only
	modifiers  int        // variant words on one side only
	line       [2]bool    // a model name on one side only
	variant    [2]bool    // a model number with a variant word on one side only
	pack       [2]bool    // a pack count of two or more on one side only
	// hardModel: a model number on one side only that is not part of the
	// title's own model code ("5" in "C202 5代", not "606" in "TX-SR606").
	hardModel [2]bool
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
	if tk.flags&fGloss != 0 {
		return
	}
	if tk.kind == kindSpec {
		if slices.Contains(other.altIDs, tk.id) {
			return
		}
		t.specMisses++
		t.specSides[side] = true
		t.only[side] |= tk.bit
		if tk.flags&fMulti != 0 {
			t.pack[side] = true
		}
		return
	}
	t.names[side]++
	w := sc.weight[tk.kind]
	if tk.flags&fCode != 0 && len(other.code.codes) == 0 {
		// A piece of a code the other title does not give is what one
		// shop wrote more, not something the other wrote instead.
		t.codeOnly += w
		return
	}
	switch tk.kind {
	case kindWord:
		t.latin[side] += w
	case kindHan, kindHanChar:
		t.han[side] += w
	default:
		t.other[side] += w
	}
	if tk.flags&fCode == 0 || len(other.code.codes) > 0 {
		t.only[side] |= tk.bit
	}
	if tk.flags&fMod != 0 {
		t.modifiers++
	}
	if tk.flags&fLine != 0 {
		t.line[side] = true
	}
	if tk.flags&fVariant != 0 {
		t.variant[side] = true
	}
	if tk.kind == kindModel && tk.flags&(fSoft|fDesc) == 0 {
		t.hardModel[side] = true
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
			if tk.kind == kindModel && tb.kind == kindModel && (tk.flags|tb.flags)&(fSoft|fDesc) == 0 {
				t.models++
			}
		}
	}
	return t
}

// score compares two titles' features, skipping the tokens in ignore (the
// brand names, which brand agreement judges instead). When ex is not nil it
// also records why, in ex.reasons.
func (sc *scorer) score(a, b *features, ignore brandTokens, ex *explain) float64 {
	brandNames := ignore
	t := sc.merge(a, b, ignore)
	if !ignore.empty() && (t.names[0] == 0) != (t.names[1] == 0) {
		// One title is nothing but its brand and sizes ("可口可乐
		// 330ml*24罐"): then the brand is its name, and a listing adding
		// "零度" or naming "雪碧" is another product.
		ignore = brandTokens{}
		t = sc.merge(a, b, ignore)
	}
	cm, ca, cb := compareCodes(&a.code, &b.code)
	if cm == codeSuffix && suffixVeto(ca, cb, [2]colourFam{a.colour.families(brandNames), b.colour.families(brandNames)}) {
		cm = codeConflict
	}
	coded := cm == codeEqual || cm == codeSuffix
	var name float64
	switch {
	case t.names[0] == 0 && t.names[1] == 0:
		if t.specs == 0 && !coded {
			return 0
		}
		name = 1
	case t.shared == 0:
		// Nothing in common but the sizes, as when one shop writes English
		// and the other Chinese ("Storage Bags Medium" and "保鲜袋 中号"):
		// worth a person's look, never an automatic match.
		switch {
		case coded:
		case t.specs == 0 || !t.translationOnly():
			return 0
		default:
			name = sc.translation
		}
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
		name = 2 * t.shared / (2*t.shared + sc.substituted*2*min(ea, eb) + sc.added*(abs(ea-eb)+t.codeOnly))
	}
	if ex != nil {
		ex.reasons = append(ex.reasons, "tokens "+strconv.FormatFloat(name, 'f', 2, 64))
	}
	s := name * max(1-sc.specMiss*float64(t.specMisses), 0.5)
	classes := t.only[0] & t.only[1]
	acc := a.acc ^ b.acc
	if acc&accBundle != 0 && (a.with || b.with) {
		// "Camera Kit" and "Camera with 18-55mm Lens" both sell a bundle.
		acc &^= accBundle
	}
	if t.specSides[0] && t.specSides[1] && classes == 0 {
		// Each title gives a size the other lacks ("1L" against "64GB"):
		// not a conflict within one unit, but seldom the same product.
		s *= sc.specSwap
	}
	if coded {
		// The same model code in both titles outweighs what the rest of
		// the titles say differently: numbers that are not model numbers
		// ("Series 7", "6-Disc"), descriptive words ("Digital", "Kit",
		// "Cable"). A model number with a variant word ("15 Pro") still
		// conflicts, and so do sizes, the accessories a product does not
		// include (a case, a screen film, a strap, "compatible") and packs.
		if !t.variant[0] && !t.variant[1] && !(t.hardModel[0] && t.hardModel[1]) {
			classes &^= 1 << classIDs[""]
		}
		acc &^= accCable | accBundle | accPart | accCharger | accController | accBattery | accRefill
		if a.code.fits(ca) != b.code.fits(cb) {
			// One title names the code only as what it is for: a
			// cable, battery or part for that model, not the model.
			acc |= accFit
		}
		if a.head != 0 && a.head == b.head {
			// Both sell the same accessory under one code ("NP-BG1
			// Battery" and "NP-BG1 Battery for DSC-W290"): the models one
			// says it fits do not make it another article. A battery
			// against the camera it fits has no head on the camera's side.
			acc &^= accFit
		}
		// The same code, up to a colour or region suffix, is the same
		// camera or screen, whatever megapixels or inches one shop's
		// description gives ("8.1 Megapixel" and "7.2MP", "10'" and
		// "10.2-Inch").
		classes &^= 1<<classIDs["mp"] | 1<<classIDs["inch"]
		if cm == codeEqual {
			if ex != nil {
				ex.addf("code %s", ca)
			}
			s = codeBase + (1-codeBase)*s
		} else {
			if ex != nil {
				ex.addf("code %s~%s", ca, cb)
			}
			// Equal up to a colour or region suffix ("TXSR606B" and
			// "TX-SR606"): a little less sure than the same code.
			s = suffixBase + (1-codeBase)*s
		}
	} else {
		for range t.modifiers {
			s *= sc.modifier
		}
		if t.modifiers > 0 && ex != nil {
			ex.addf("penalty: variant word %s", ex.oneSided(a, b, ignore, func(tk itok) bool { return tk.flags&fMod != 0 }))
		}
		if t.line[0] && t.line[1] && lineConflict(a, b) {
			// "Bose Free 16" and "Bose Air 16": each names its own model.
			s *= conflictFactor
			if ex != nil {
				ex.addf("penalty: model conflict %s", ex.oneSided(a, b, ignore, func(tk itok) bool { return tk.flags&fLine != 0 }))
			}
		}
	}
	for c := classes; c != 0; c &= c - 1 {
		s *= conflictFactor
		if ex != nil {
			bit := c & -c
			what := "unit"
			if bit == 1<<classIDs[""] {
				what = "model"
			}
			ex.addf("penalty: %s conflict %s", what, ex.oneSided(a, b, ignore, func(tk itok) bool { return tk.bit == bit }))
		}
	}
	if t.pack[0] && !b.packs || t.pack[1] && !a.packs {
		// A 2-pack is not the single article, whatever else agrees.
		s *= conflictFactor
		if ex != nil {
			ex.addf("penalty: pack conflict %s/single", ex.oneSided(a, b, ignore, func(tk itok) bool { return tk.flags&fMulti != 0 }))
		}
	}
	if cm != codeOneSide && (t.hardModel[0] && !b.hasModel || t.hardModel[1] && !a.hasModel) {
		s *= modelOneSideFactor
		if ex != nil {
			ex.addf("penalty: model number only on one side %s", ex.oneSided(a, b, ignore, func(tk itok) bool { return tk.kind == kindModel && tk.flags&(fSoft|fDesc) == 0 }))
		}
	}
	switch cm {
	case codeConflict:
		s *= conflictFactor
		if ex != nil {
			ex.addf("penalty: code conflict %s/%s", ca, cb)
		}
	case codeOneSide:
		// One title names a model code and the other none: a generic
		// listing is not that specific model unless the rest agrees. A
		// code of digits alone ("Nikon Coolpix P90 Digital Camera -
		// 26141") is the maker's part or catalogue number, which one shop
		// appends and the other never prints: its absence says nothing.
		if allDigitsString(ca + cb) {
			break
		}
		// A title whose one code is its " - CODE" ending names the
		// product in its other words like any listing. When those words
		// also give a size both titles agree on ("46-Inch", "8GB"), the
		// other shop's leaving the code out is no evidence against the
		// pair; a listing of brand and kind alone ("Onkyo 7.1 Channel
		// Receiver") still is, and so is one naming a model number of
		// its own ("TomTom GO 720 4.3-Inch" against "TomTom XL 4.3' -
		// XL330S"; the "G10" of "Viera G10 Series" is TCP50G10's own).
		if (t.specs > 0 || t.models > 0) && (ca != "" && a.code.appendix && !ownModel(b, a) || cb != "" && b.code.appendix && !ownModel(a, b)) {
			break
		}
		s *= codeOneSideFactor
		if ex != nil {
			ex.addf("penalty: code only on one side %s", ca+cb)
		}
	}
	if acc != 0 {
		s *= accessoryFactor
		if ex != nil {
			ex.addf("penalty: accessory %s", accessoryName(acc))
		}
	}
	if a.pair && b.single && !b.pair || a.single && b.pair && !a.pair {
		// "Bookshelf Speakers (Pair)" and "Bookshelf Speaker - Single":
		// the same model, but half the goods at about half the price.
		s *= conflictFactor
		if ex != nil {
			ex.addf("penalty: pack conflict pair/single")
		}
	}
	if a.body && !a.kit && b.kit && !b.body || b.body && !b.kit && a.kit && !a.body {
		// "E-620 Body Only" and "E-620 Two Lens Kit": one camera, two
		// articles at two prices.
		s *= conflictFactor
		if ex != nil {
			ex.addf("penalty: body/kit")
		}
	}
	if a.refurb != b.refurb {
		s *= conflictFactor
		if ex != nil {
			ex.addf("penalty: condition refurbished/new")
		}
	}
	if a.gender != 0 && b.gender != 0 && a.gender != b.gender {
		s *= genderFactor
		if ex != nil {
			ex.addf("penalty: gender")
		}
	}
	if ca, cb, ok := colourConflict(a, b, brandNames); ok {
		// Another colour is another article: a sibling variant.
		s *= colourFactor
		if ex != nil {
			ex.addf("penalty: colour conflict %s/%s", ca, cb)
		}
	}
	return min(max(s, 0), 1)
}

// ownModel reports whether x, a title without codes, has a model number
// that coded neither has as a token nor holds inside one of its codes.
// Run drops listings' tokens once interned, so a title without them is
// read again from its normalised text: this is asked only of the few pairs
// with a code on one side alone.
func ownModel(x, coded *features) bool {
	xs, cs := x.toks, coded.toks
	if xs == nil {
		xs = featuresOf(x.norm).toks
	}
	if cs == nil {
		cs = featuresOf(coded.norm).toks
	}
	for _, t := range xs {
		if t.kind != kindModel || t.flags&(fSoft|fDesc) != 0 {
			continue
		}
		if slices.ContainsFunc(cs, func(o token) bool { return o.text == t.text }) ||
			slices.ContainsFunc(coded.code.codes, func(c string) bool { return strings.Contains(c, t.text) }) {
			continue
		}
		return true
	}
	return false
}

// standalone reports whether w occurs in the normalised title as a whole
// run of ASCII letters and digits, other than as code itself.
func standalone(n, w, code string) bool {
	alnum := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }
	seen := 0
	if w == code {
		seen = -1 // the code's own chunk
	}
	for off := 0; off < len(n); {
		i := strings.Index(n[off:], w)
		if i < 0 {
			return false
		}
		i += off
		end := i + len(w)
		if (i == 0 || !alnum(n[i-1])) && (end == len(n) || !alnum(n[end])) {
			if seen++; seen > 0 {
				return true
			}
		}
		off = i + 1
	}
	return false
}

// refurbWords say an article is sold refurbished.
var refurbWords = map[string]bool{"refurbished": true, "refurb": true, "reconditioned": true, "remanufactured": true, "renewed": true}

// lineConflict reports whether each title names a model name the other
// does not have anywhere, glued or apart ("RedmiNote 13" has "Redmi Note
// 13"'s "note").
func lineConflict(a, b *features) bool {
	missing := func(x, y *features) bool {
		for _, w := range x.lines {
			if m, _ := findCode(w, &y.code); m != codeEqual {
				return true
			}
		}
		return false
	}
	return missing(a, b) && missing(b, a)
}

// Code evidence: a score from the same code starts at codeBase, one from a
// code equal up to a suffix at suffixBase; the token score fills the rest.
// A model number or code on one side only, with none on the other, costs
// modelOneSideFactor or codeOneSideFactor: a generic listing ("Xiaomi
// Wireless Earbuds") is not the specific model.
const (
	codeBase           = 0.7
	suffixBase         = 0.62
	codeOneSideFactor  = 0.75
	modelOneSideFactor = 0.8
)

var accessoryNames = []string{"case", "film", "charger", "cable", "strap", "controller", "refill", "battery", "bundle", "fit", "part"}

// accessoryName names the accessory kinds in bits.
func accessoryName(bits uint16) string {
	var out []string
	for i, n := range accessoryNames {
		if bits&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return strings.Join(out, ",")
}

// explain collects the reasons of one score. Its methods do nothing on a
// nil explain, so scoring without reasons costs a nil check.
type explain struct {
	texts   []string // the vocab's token texts
	reasons []string
}

func (ex *explain) addf(format string, args ...any) {
	if ex != nil {
		ex.reasons = append(ex.reasons, fmt.Sprintf(format, args...))
	}
}

// oneSided lists the tokens that keep found on one side only, as "a/b"
// (each side's tokens joined by "+").
func (ex *explain) oneSided(a, b *features, ignore brandTokens, keep func(itok) bool) string {
	var side [2][]string
	as, bs := a.ids, b.ids
	i, j := 0, 0
	for i < len(as) || j < len(bs) {
		switch {
		case j == len(bs) || i < len(as) && as[i].id < bs[j].id:
			if tk := as[i]; !ignore.has(tk.id) && keep(tk) {
				side[0] = append(side[0], ex.texts[tk.id])
			}
			i++
		case i == len(as) || bs[j].id < as[i].id:
			if tk := bs[j]; !ignore.has(tk.id) && keep(tk) {
				side[1] = append(side[1], ex.texts[tk.id])
			}
			j++
		default:
			i++
			j++
		}
	}
	name := func(s []string) string {
		if len(s) == 0 {
			return "none"
		}
		return strings.Join(s, "+")
	}
	return name(side[0]) + "/" + name(side[1])
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
	"lte": true, "refurbished": true, "used": true,
	"无糖": true, "零度": true, "低糖": true, "有机": true, "儿童": true, "高帮": true, "低帮": true,
	"中帮": true, "数字": true, "光驱": true, "极暖": true, "加绒": true, "二手": true, "翻新": true,
	"nfc": true, "拉拉": true,
}

func conflictBit(t token) uint32 {
	if t.flags&fDesc != 0 {
		return 0
	}
	if t.kind != kindModel && t.kind != kindSpec && t.class == "" {
		return 0
	}
	return 1 << classIDs[t.class]
}
