package match

import (
	"math/big"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// kind is what a token stands for; it decides its weight and which
// mismatches are conflicts.
type kind uint8

const (
	kindWord    kind = iota // a Latin (or other alphabetic) word
	kindHan                 // a Han character bigram
	kindModel               // a model number: "15", "15pro", "1000xm", "2024"
	kindSpec                // a number with a unit: "500ml", "256gb", "×24"
	kindWeak                // a colour or a shop's boilerplate word
	kindHanChar             // a single Han character of a longer run
)

// token is one normalised token of a title.
type token struct {
	text  string
	kind  kind
	class string // unit class of a kindSpec token ("ml", "gb", "×"), else ""
	flags tflag
}

// tflag marks what a token says beyond its text.
type tflag uint8

const (
	// fMod: a variant word that makes another product ("zero", "digital"
	// in "Digital Edition"), not the same word used as description
	// ("digital camera", "high definition").
	fMod tflag = 1 << iota
	// fLine: a model name, the word right before a model number ("Free"
	// in "Bose Free 16", "Pegasus 40"): two titles naming a different one
	// each name two models.
	fLine
	// fVariant: a model number carrying a variant word ("15pro", "24plus").
	fVariant
	// fMulti: a pack count of two or more ("2-Pack", "×24").
	fMulti
	// fSoft: a model number that cannot overrule an equal model code: a
	// piece of the title's own code ("kx", "tg" and "1033s" of
	// "KX-TG1033S") or a series number ("Series 7").
	fSoft
	// fDesc: a number that describes rather than names a model: with
	// decimals ("7.1", "10.1"), a resolution ("1080p"), a zoom ("3x"), or
	// before a dashed word ("2-Way", "6-Disc").
	fDesc
	// fGloss: the English word for a Han word of the title ("蓝牙" gives
	// "bluetooth"); it counts when the other title has it, and costs
	// nothing when not, since the Han word is there to be missed.
	fGloss
	// fCode: a piece of the title's own model code (with fSoft). Against a
	// title with no code at all it names nothing the other could
	// contradict: that the other gives no code is judged as a code on one
	// side only.
	fCode
)

// pieceKind is the lexical class of a raw piece of a normalised title.
type pieceKind uint8

const (
	pWord pieceKind = iota
	pNum
	pHan
	pPlus  // "+"
	pTimes // "*" or "×"
	pInch  // '"'
	pPct   // "%"
)

type piece struct {
	kind pieceKind
	text string
	// sep is what came before the piece: 0 when nothing (glued to the
	// previous piece), ' ' for space or punctuation, '-' for a dash.
	sep byte
	// class is a unit class a number was given by what came before it:
	// the 512 of "16+512" is gigabytes.
	class string
}

// chineseGenerations spells "第二代" (second generation) the way English
// titles do, as a number.
var chineseGenerations = strings.NewReplacer(
	"第一代", " 1代 ", "第二代", " 2代 ", "第三代", " 3代 ", "第四代", " 4代 ", "第五代", " 5代 ",
	"第六代", " 6代 ", "第七代", " 7代 ", "第八代", " 8代 ", "第九代", " 9代 ", "第十代", " 10代 ",
)

// normalize folds s for comparison: NFKC (full-width to half-width,
// compatibility forms), lower case, Latin accents dropped ("é" -> "e").
func normalize(s string) string {
	if strings.ContainsAny(s, "™®℠©") {
		// NFKC turns "SoundDock™" into "SoundDockTM": marks are no
		// part of the name.
		s = trademarks.Replace(s)
	}
	s = norm.NFKC.String(s)
	s = strings.ToLower(s)
	if strings.Contains(s, "第") {
		s = chineseGenerations.Replace(s)
	}
	// Drop accents from Latin letters only: decomposing kana or Hangul would
	// change their meaning.
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r >= 0xC0 && r <= 0x24F && r != 0xD7 && r != 0xF7 {
			if d := norm.NFD.String(string(r)); d != "" {
				if base, _ := utf8.DecodeRuneInString(d); base < utf8.RuneSelf {
					r = base
				}
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

var trademarks = strings.NewReplacer("™", " ", "®", " ", "℠", " ", "©", " ")

func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r)
}

// pieces splits a normalised title into words, numbers, Han runs and the few
// symbols that carry meaning between numbers.
func pieces(s string) []piece { return appendPieces(nil, s) }

// appendPieces is pieces appending to out, so one buffer can serve every
// title of a run.
func appendPieces(out []piece, s string) []piece {
	var sep byte
	emit := func(k pieceKind, text string) {
		out = append(out, piece{kind: k, text: text, sep: sep})
		sep = 0
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r >= '0' && r <= '9':
			j := i
			for j < len(s) {
				c := s[j]
				if c >= '0' && c <= '9' || c == '.' && j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9' && j > i {
					j++
					continue
				}
				break
			}
			emit(pNum, s[i:j])
			i = j
			continue
		case isCJK(r):
			j := i
			for j < len(s) {
				r2, n := utf8.DecodeRuneInString(s[j:])
				if !isCJK(r2) {
					break
				}
				j += n
			}
			emit(pHan, s[i:j])
			i = j
			continue
		case unicode.IsLetter(r):
			j := i
			for j < len(s) {
				r2, n := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r2) || isCJK(r2) {
					break
				}
				j += n
			}
			emit(pWord, s[i:j])
			i = j
			continue
		case r == '+':
			emit(pPlus, "+")
		case r == '*' || r == '×':
			emit(pTimes, "×")
		case r == '"' || r == '″':
			emit(pInch, "inch")
		case r == '%':
			emit(pPct, "%")
		case r == '\'' || r == '’':
			// "46'" and "15.4' Notebook": shops that cannot type a double
			// quote write inches with one, right after the number.
			if n := len(out); sep == 0 && n > 0 && out[n-1].kind == pNum && (i+size == len(s) || !isLetterByte(s[i+size]) && (s[i+size] < '0' || s[i+size] > '9')) {
				emit(pInch, "inch")
				break
			}
			// "men's", "levi's": the possessive s is noise.
			if i+size < len(s) && s[i+size] == 's' && (i+size+1 == len(s) || !isLetterByte(s[i+size+1])) {
				i += size + 1
				if sep == 0 {
					sep = ' '
				}
				continue
			}
			if sep == 0 {
				sep = ' '
			}
		case r == '-' || r == '‐' || r == '‑' || r == '–' || r == '/':
			// "330-S" is "330S": a single letter dashed onto a number is
			// its suffix, not a word ("2-Way", "6-Disc").
			if n := len(out); sep == 0 && r == '-' && n > 0 && out[n-1].kind == pNum && i+2 <= len(s) &&
				isLetterByte(s[i+1]) && s[i+1] < utf8.RuneSelf && (i+2 == len(s) || !isLetterByte(s[i+2]) && (s[i+2] < '0' || s[i+2] > '9')) {
				break
			}
			if sep == 0 {
				sep = '-'
			}
		default:
			sep = ' '
		}
		i += size
	}
	return out
}

func isLetterByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf
}

// unit describes a unit word: the class its tokens are compared within and
// the factor to that class's base unit ("1.5l" is "1500ml").
type unit struct {
	class  string
	factor int64 // 0 means 1
	// glued units ("l", "g", "t", "m") must touch their number: "2 l" is
	// too rare to be worth misreading "Series 9 M" as nine metres.
	glued bool
}

var latinUnits = map[string]unit{
	"ml": {class: "ml"}, "cl": {class: "ml", factor: 10}, "l": {class: "ml", factor: 1000, glued: true},
	"ltr": {class: "ml", factor: 1000}, "litre": {class: "ml", factor: 1000}, "liter": {class: "ml", factor: 1000},
	"g": {class: "g", glued: true}, "kg": {class: "g", factor: 1000}, "mg": {class: "mg"},
	"gb": {class: "gb"}, "tb": {class: "gb", factor: 1024}, "t": {class: "gb", factor: 1024, glued: true}, "mb": {class: "mb"},
	"mah": {class: "mah"}, "w": {class: "w", glued: true}, "kw": {class: "w", factor: 1000}, "v": {class: "v", glued: true},
	"hz": {class: "hz"}, "mm": {class: "mm"}, "cm": {class: "mm", factor: 10}, "m": {class: "mm", factor: 1000, glued: true},
	"inch": {class: "inch"}, "inches": {class: "inch"}, "oz": {class: "oz"}, "lb": {class: "lb"}, "lbs": {class: "lb"},
	"pack": {class: "×"}, "packs": {class: "×"}, "pk": {class: "×"}, "pcs": {class: "×"}, "pc": {class: "×"},
	"ct": {class: "×"}, "count": {class: "×"},
	"mp": {class: "mp"}, "megapixel": {class: "mp"}, "megapixels": {class: "mp"},
}

// hanUnits are matched as prefixes of the Han run after a number, longest
// first.
var hanUnits = []struct {
	text string
	unit unit
}{
	{"英寸", unit{class: "inch"}}, {"毫升", unit{class: "ml"}}, {"千克", unit{class: "g", factor: 1000}},
	{"公斤", unit{class: "g", factor: 1000}}, {"毫安", unit{class: "mah"}},
	{"寸", unit{class: "inch"}}, {"升", unit{class: "ml", factor: 1000}}, {"克", unit{class: "g"}},
	{"斤", unit{class: "g", factor: 500}}, {"匹", unit{class: "hp"}}, {"度", unit{class: "deg"}},
	{"段", unit{class: "stage"}}, {"码", unit{class: "size"}}, {"层", unit{class: "ply"}}, {"抽", unit{class: "sheets"}},
	{"代", unit{class: ""}}, // a generation: "10代" is plain model number 10
	{"瓶", unit{class: "×"}}, {"罐", unit{class: "×"}}, {"听", unit{class: "×"}}, {"包", unit{class: "×"}},
	{"袋", unit{class: "×"}}, {"盒", unit{class: "×"}}, {"支", unit{class: "×"}}, {"片", unit{class: "×"}},
	{"个", unit{class: "×"}}, {"只", unit{class: "×"}}, {"块", unit{class: "×"}}, {"卷", unit{class: "×"}},
	{"条", unit{class: "×"}}, {"粒", unit{class: "×"}}, {"颗", unit{class: "×"}}, {"枚", unit{class: "×"}},
	{"入", unit{class: "×"}}, {"件", unit{class: "×"}}, {"双", unit{class: "×"}}, {"张", unit{class: "×"}},
}

// variants are the words that name a model variant after its number:
// "15 Pro", "14 Ultra", "S24+".
var variants = map[string]bool{
	"pro": true, "max": true, "plus": true, "ultra": true, "mini": true, "lite": true, "se": true, "fe": true,
}

var ordinals = map[string]bool{"st": true, "nd": true, "rd": true, "th": true}

var romans = map[string]string{"ii": "2", "iii": "3", "iv": "4", "vi": "6", "vii": "7", "viii": "8"}

// digitRomans are romans the other way round.
var digitRomans = map[string]string{"2": "ii", "3": "iii", "4": "iv", "6": "vi", "7": "vii", "8": "viii"}

// romanWord splits a word that is a roman numeral run together with a
// letter ("iiip" of "On Stage IIIP") or "mk" run into one ("mkiii"): the
// numeral r and the rest, or r empty and rest the numeral after "mk".
func romanWord(w string) (r, rest string, ok bool) {
	if n := strings.TrimPrefix(w, "mk"); n != w {
		if _, ok := romans[n]; ok {
			return "", n, true
		}
		return "", "", false
	}
	if len(w) >= 3 {
		if r := w[:len(w)-1]; (r == "ii" || r == "iii") && !strings.ContainsRune("iv", rune(w[len(w)-1])) {
			return w[:len(w)-1], w[len(w)-1:], true
		}
	}
	return "", "", false
}

// seriesNumeral adds the model number a roman numeral at p[i] is. After a
// series word ("Series II") it is soft, and when the title named a model
// number before it ("Companion 2 Series II") it keeps its roman spelling,
// so it does not stand in for the model's "2" against a title with "3";
// a "Series 2" in digits reads the same way (appendTokens). After a model
// name ("SoundSticks III", "Go + Play II") it is that model's generation,
// as a number after a model name is: the name is a line (fLine).
func seriesNumeral(p []piece, i int, n string, base int, out *[]token) {
	o := *out
	if i > 0 && p[i-1].kind == pWord && softBefore[p[i-1].text] {
		text := n
		if modelBefore(o[base:]) {
			text = digitRomans[n]
		}
		*out = append(o, token{text: text, kind: kindModel, flags: fSoft})
		return
	}
	if i > 0 && p[i-1].kind == pWord && len(o) > base && o[len(o)-1].text == p[i-1].text && o[len(o)-1].kind == kindWord &&
		len(p[i-1].text) >= 2 && !notLine[p[i-1].text] && p[i-1].text != "mark" {
		o[len(o)-1].flags |= fLine
	}
	*out = append(o, token{text: n, kind: kindModel})
}

// modelBefore reports whether toks hold a model number that names the
// model (not a "2-Way" or a "7.1").
func modelBefore(toks []token) bool {
	for _, t := range toks {
		if t.kind == kindModel && t.flags&(fDesc|fSoft) == 0 {
			return true
		}
	}
	return false
}

// weakWords are colours and shop boilerplate: they say little about which
// product a listing is.
var weakWords = map[string]bool{
	"black": true, "white": true, "red": true, "blue": true, "green": true, "grey": true, "gray": true,
	"silver": true, "gold": true, "pink": true, "purple": true, "yellow": true, "orange": true, "brown": true,
	"navy": true, "midnight": true, "starlight": true, "graphite": true, "cream": true, "beige": true,
	"rose": true, "obsidian": true, "titanium": true, "natural": true, "space": true, "coral": true,
	"sandstone": true, "emerald": true, "smoke": true, "pale": true, "onyx": true, "phantom": true,
	"official": true, "genuine": true, "new": true, "original": true, "authentic": true, "the": true,
	"with": true, "and": true, "for": true, "of": true, "a": true, "in": true, "by": true,
}

var colourHan = "黑白灰蓝红绿金银粉紫青黄棕橙"

// weakHan are Han bigrams that are shop boilerplate rather than product.
var weakHan = map[string]bool{
	"官方": true, "正品": true, "旗舰": true, "舰店": true, "新款": true, "包邮": true, "现货": true,
	"国行": true, "整箱": true, "全网": true, "网通": true, "家用": true, "男款": true, "女款": true, "标准": true, "准版": true,
}

func weakHanBigram(b string) bool {
	if weakHan[b] || strings.Contains(b, "色") {
		return true
	}
	for _, r := range b {
		if !strings.ContainsRune(colourHan, r) {
			return false
		}
	}
	return true
}

// tokenize turns a title into tokens; see the package documentation for the
// rules. The result is sorted by text with duplicates removed.
func tokenize(title string) []token {
	return tokenizePieces(pieces(normalize(title)))
}

func tokenizePieces(p []piece) []token { return appendTokens(nil, p) }

// appendTokens is tokenizePieces appending to out (which must be empty or
// hold only earlier titles' tokens the caller no longer needs sorted with
// these), so one buffer can serve every title of a run.
func appendTokens(out []token, p []piece) []token {
	base := len(out)
	add := func(t token) { out = append(out, t) }
	variantAt, variantPiece := -1, -1
	for i := 0; i < len(p); i++ {
		pc := p[i]
		switch pc.kind {
		case pNum:
			if variantAt >= 0 && variantAt == len(out)-1 && variantPiece == i-1 {
				// "Lolli Pro3", "Core Ultra 5": the variant names the model
				// number that follows it.
				merged := false
				i = numberTokens(p, i, func(t token) {
					if !merged && t.kind == kindModel {
						out[variantAt] = token{text: out[variantAt].text + t.text, kind: kindModel, flags: fVariant}
						merged = true
						return
					}
					add(t)
				})
				continue
			}
			// "Free 16", "Pegasus 40": the word before a model number
			// names the model.
			line := -1
			if i > 0 && p[i-1].kind == pWord && p[i].sep != '-' && len(out) > base && out[len(out)-1].text == p[i-1].text &&
				out[len(out)-1].kind == kindWord && len(p[i-1].text) >= 2 && !notLine[p[i-1].text] {
				line = len(out) - 1
			}
			before := len(out)
			i = numberTokens(p, i, add)
			if len(out) > before && out[before].kind == kindModel {
				if line >= 0 {
					out[line].flags |= fLine
				}
				out[before].flags |= numberFlags(out[before].text, p, before, i)
				if r := digitRomans[out[before].text]; r != "" && out[before].flags&fSoft != 0 && modelBefore(out[base:before]) {
					// "Companion 2 Series 2" reads as "Companion 2 Series
					// II" does (seriesNumeral).
					out[before].text = r
				}
			}
		case pWord:
			w := pc.text
			if w == "mk" && (i+1 < len(p) && (p[i+1].kind == pNum || romans[p[i+1].text] != "")) {
				w = "mark" // "Mk3", "Mk II": Mark
			}
			if r, rest, ok := romanWord(w); ok {
				// "MkIII" is "Mark III"; "IIIP" is "III P".
				if r == "" {
					add(token{text: "mark", kind: kindWord})
					w = rest
				} else {
					seriesNumeral(p, i, romans[r], base, &out)
					if len(rest) > 0 {
						add(token{text: rest, kind: kindWord})
					}
					continue
				}
			}
			if _, ok := romans[w]; ok {
				seriesNumeral(p, i, romans[w], base, &out)
				continue
			}
			// "pack of 12", "set of 2"
			if (w == "pack" || w == "set" || w == "case") && i+2 < len(p) && p[i+1].kind == pWord && p[i+1].text == "of" && p[i+2].kind == pNum {
				add(token{text: "×" + p[i+2].text, kind: kindSpec, class: "×"})
				i += 2
				continue
			}
			// "x" between a number and a number is "times".
			if w == "x" && i > 0 && i+1 < len(p) && p[i+1].kind == pNum && (p[i-1].kind == pNum || isUnitPiece(p[i-1])) {
				continue
			}
			if apparelSizes[w] || len(w) == 1 && strings.Contains("sml", w) && i > 0 && p[i-1].kind == pWord && weakWords[p[i-1].text] && p[i-1].text != "the" {
				// "(Blue, XL)", "Black / M": a clothing size.
				add(token{text: w, kind: kindSpec, class: "apparel"})
				continue
			}
			k := kindWord
			var fl tflag
			if modifiers[w] && !(i+1 < len(p) && p[i+1].kind == pWord && descriptiveAfter[w][p[i+1].text]) {
				fl = fMod
			}
			if w == "digital" && i+1 < len(p) && p[i+1].kind == pWord && p[i+1].text == "edition" {
				fl = fMod
			}
			switch {
			case weakWords[w]:
				k = kindWeak
			case len(w) <= 3 && i+1 < len(p) && p[i+1].kind == pNum && p[i+1].sep != ' ' && !ordinals[w]:
				// A letter prefix glued to a number is part of a model code:
				// "WH-1000XM5" and "WF-1000XM5" differ in it.
				k = kindModel
			}
			if variants[w] && i+1 < len(p) && p[i+1].kind == pNum {
				variantAt, variantPiece = len(out), i
			}
			add(token{text: w, kind: k, flags: fl})
		case pHan:
			addHan(pc.text, add)
		case pInch, pPct, pPlus, pTimes:
			// Meaningful only next to numbers, where numberTokens reads them.
		}
	}
	for k := base; k < len(out); k++ {
		if out[k].class == "×" {
			if n := strings.TrimLeft(strings.TrimPrefix(out[k].text, "×"), "0"); n != "" && n != "1" {
				out[k].flags |= fMulti // two or more
			}
		}
	}
	return append(out[:base], dedupe(out[base:])...)
}

// numberFlags says whether the model number text, read from pieces up to
// p[last], only describes (fDesc) or cannot overrule a model code (fSoft).
func numberFlags(text string, p []piece, _ int, last int) tflag {
	if strings.ContainsRune(text, '.') || resolution(text) || strings.HasSuffix(text, "x") && allDigitsString(text[:len(text)-1]) {
		return fDesc
	}
	if n := last + 1; n < len(p) && p[n].kind == pWord && p[n].sep == '-' && len(p[n].text) >= 3 && !variants[p[n].text] {
		return fDesc // "2-Way", "6-Disc", "4-Port"
	}
	first := last
	for first > 0 && p[first].kind != pNum {
		first--
	}
	if first > 0 && p[first-1].kind == pWord && softBefore[p[first-1].text] {
		return fSoft
	}
	return 0
}

func resolution(t string) bool {
	return (strings.HasSuffix(t, "p") || strings.HasSuffix(t, "i")) && len(t) >= 4 && allDigitsString(t[:len(t)-1])
}

func allDigitsString(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// softBefore are words whose number is a series or a standard, not the
// model: "Series 7", "DECT 6", "Version 2".
var softBefore = map[string]bool{"series": true, "dect": true, "version": true, "ver": true, "channel": true, "class": true}

// notLine are words that come before numbers without naming a model:
// "Series 7", "DECT 6.0", "Channel 5", "up to 8".
var notLine = map[string]bool{
	"series": true, "dect": true, "version": true, "gen": true, "generation": true, "edition": true,
	"mark": true, "type": true, "model": true, "no": true, "with": true, "for": true, "and": true,
	"channel": true, "usb": true, "hdmi": true, "port": true, "up": true, "to": true, "of": true,
	"wifi": true, "bluetooth": true, "ver": true, "rev": true, "vol": true, "volume": true, "part": true,
	"size": true, "pack": true, "set": true, "case": true, "x": true, "in": true, "at": true, "from": true,
	"plus": true, "ios": true, "android": true, "windows": true, "class": true, "level": true, "zoom": true,
}

// apparelSizes are clothing sizes written as letters.
var apparelSizes = map[string]bool{"xs": true, "xxs": true, "xl": true, "xxl": true, "xxxl": true}

// descriptiveAfter lists, for a variant word, the words after which it
// only describes ("high definition", "light weight", "low noise").
var descriptiveAfter = map[string]map[string]bool{
	"high": {"definition": true, "def": true, "speed": true, "resolution": true, "performance": true, "capacity": true,
		"quality": true, "fidelity": true, "power": true, "output": true, "gloss": true, "contrast": true, "res": true, "density": true},
	"low":   {"noise": true, "profile": true, "light": true, "power": true, "latency": true, "distortion": true},
	"light": {"weight": true, "weighted": true},
}

func isUnitPiece(pc piece) bool {
	if pc.kind != pWord {
		return false
	}
	_, ok := latinUnits[pc.text]
	return ok
}

// addHan adds the tokens of a Han run. Its tokens are substrings of run, so
// tokenising a title allocates no strings for its Han text.
func addHan(run string, add func(token)) {
	n := utf8.RuneCountInString(run)
	if last, _ := utf8.DecodeLastRuneInString(run); n <= 4 && (last == '色' || strings.ContainsRune(colourHan, last)) {
		// A colour name ("雅川青", "曜金黑", "午夜色"): its words say little
		// about which product a listing is; whether the colour differs
		// from the other title's is judged by colour family (colours.go).
		add(token{text: run, kind: kindWeak})
		return
	}
	if n == 1 {
		add(token{text: run, kind: kindHanChar})
		return
	}
	// Single characters too, at a low weight, so "跑步鞋" and "跑鞋" share
	// something although they share no bigram.
	for i, r := range run {
		if !strings.ContainsRune(colourHan, r) && r != '色' {
			add(token{text: run[i : i+utf8.RuneLen(r)], kind: kindHanChar})
		}
	}
	// Words English titles write for the same thing ("蓝牙" is
	// "Bluetooth").
	for _, g := range hanGlosses {
		if strings.Contains(run, g.han) {
			for _, w := range g.en {
				add(token{text: w, kind: kindHan, flags: fGloss})
			}
		}
	}
	// Bigrams: the runes at byte offsets i and j, ending before k.
	i := 0
	r0, j := utf8.DecodeRuneInString(run)
	for j < len(run) {
		r1, size := utf8.DecodeRuneInString(run[j:])
		k := j + size
		b := run[i:k]
		switch {
		case weakHanBigram(b):
			add(token{text: b, kind: kindWeak})
		case r1 == '味' && r0 != '口':
			// A flavour ("白桃味", "原味"): two different flavours are two
			// products.
			add(token{text: b, kind: kindHan, class: "flavor"})
		default:
			add(token{text: b, kind: kindHan})
		}
		i, j, r0 = j, k, r1
	}
}

// hanGlosses are product words with one English rendering.
var hanGlosses = []struct {
	han string
	en  []string
}{
	{"蓝牙", []string{"bluetooth"}}, {"无线", []string{"wireless"}}, {"降噪", []string{"noise"}},
	{"运动", []string{"sport"}}, {"头戴", []string{"over", "ear"}}, {"智能", []string{"smart"}},
	{"手机", []string{"smartphone"}}, {"音箱", []string{"speaker"}}, {"相机", []string{"camera"}},
	{"电视", []string{"tv"}}, {"路由", []string{"router"}}, {"游戏", []string{"gaming"}},
	{"便携", []string{"portable"}}, {"充电宝", []string{"power", "bank"}}, {"移动电源", []string{"power", "bank"}},
	{"耳塞", []string{"earbuds"}}, {"真无线", []string{"true"}}, {"保护", []string{"protective"}},
}

// numberTokens reads the number at p[i] with what qualifies it (a unit, an
// ordinal, a variant word, a pack count) and returns the index of the last
// piece it consumed.
func numberTokens(p []piece, i int, add func(token)) int {
	num := p[i].text
	if p[i].class != "" {
		add(spec(num, unit{class: p[i].class}))
		return i
	}
	next := func(j int) (piece, bool) {
		if j < len(p) {
			return p[j], true
		}
		return piece{}, false
	}
	// A count: "×24", "x 24", "*24".
	// Two bare numbers around a written "x" ("5 x 10/100Base-TX", "12 x
	// 12") are ports times a speed or a size, not a pack: a count is read
	// from "x" only beside a size ("550ml x 24", "4 x 250 ml").
	timesBefore := i > 0 && (p[i-1].kind == pTimes || p[i-1].kind == pWord && p[i-1].text == "x" && i > 1 && (p[i-2].kind == pNum && p[i-2].class != "" || isUnitPiece(p[i-2])))

	j := i + 1
	if n, ok := next(j); ok {
		switch {
		case n.kind == pWord && n.sep == 0 && ordinals[n.text]:
			add(token{text: num, kind: kindModel})
			return j
		case n.kind == pInch && n.sep == 0:
			add(spec(num, unit{class: "inch"}))
			return j
		case n.kind == pPct && n.sep == 0:
			add(spec(num, unit{class: "%"}))
			return j
		case n.kind == pWord && n.text == "fl":
			if m, ok := next(j + 1); ok && m.kind == pWord && m.text == "oz" {
				add(spec(num, unit{class: "oz"}))
				return j + 1
			}
		case n.kind == pWord:
			// "cli8g", "kxtg9348t": a number inside a model code is not
			// a size, though its letters look like a unit.
			inCode := n.sep == 0 && i > 0 && p[i].sep == 0 && p[i-1].kind == pWord
			// "nuvi 260W": three digits and a W after a model name are a
			// model, not watts.
			inCode = inCode || n.text == "w" && n.sep == 0 && len(num) == 3 && i > 0 && p[i-1].kind == pWord && !isUnitPiece(p[i-1]) && !weakWords[p[i-1].text] && !notLine[p[i-1].text] && (j+1 == len(p) || p[j+1].sep != 0)
			if (num == "3" || num == "4" || num == "5") && n.text == "g" && n.sep == 0 && (j+1 == len(p) || p[j+1].sep != 0) {
				// "5G": the network, which says little about the article.
				add(token{text: num + "g", kind: kindWeak})
				return j
			}
			if u, ok := latinUnits[n.text]; ok && (n.sep == 0 || !u.glued) && !gluedToDigit(p, j) && !inCode {
				u = storageOrWeight(num, u, p, i, j)
				add(spec(num, u))
				return j
			}
		case n.kind == pHan:
			for _, hu := range hanUnits {
				if strings.HasPrefix(n.text, hu.text) {
					if hu.unit.class == "" {
						add(token{text: num, kind: kindModel})
					} else {
						add(spec(num, hu.unit))
					}
					// Leave the rest of the run ("24瓶装整箱" -> "整箱") to be
					// read as Han text; "装" only says it is a pack.
					rest := n.text[len(hu.text):]
					if hu.unit.class == "×" {
						rest = strings.TrimPrefix(rest, "装")
					}
					p[j].text = rest
					if p[j].text == "" {
						return j
					}
					return i
				}
			}
		case n.kind == pNum && n.sep == '-' && fraction(p, j):
			// "6-1/2\"": a whole number and a fraction of an inch.
			a, _ := strconv.Atoi(n.text)
			b, _ := strconv.Atoi(p[j+1].text)
			w, _ := strconv.Atoi(num)
			add(spec(strconv.FormatFloat(float64(w)+float64(a)/float64(b), 'f', -1, 64), unit{class: "inch"}))
			return j + 2
		case n.kind == pNum && n.sep == '-':
			// "18-55mm": a range's first number is in the unit of its
			// last, a lens's focal length, not a model number.
			if m, ok := next(j + 1); ok && m.kind == pWord && m.sep == 0 {
				if u, ok := latinUnits[m.text]; ok && u.class == "mm" {
					add(spec(num, u))
					return i
				}
			}
		case n.kind == pPlus:
			// "16+512GB": the unit of the second number is the first's too;
			// "16+512" is a RAM+storage pair even without units.
			if m, ok := next(j + 1); ok && m.kind == pNum && m.sep == 0 && n.sep == 0 && memorySizes[num] && memorySizes[m.text] {
				if u, ok := next(j + 2); !ok || u.kind != pWord || u.sep != 0 {
					add(spec(num, unit{class: "gb"}))
					p[j+1].class = "gb"
					return i
				}
			}
			if m, ok := next(j + 1); ok && m.kind == pNum && m.sep == 0 && n.sep == 0 {
				if u, ok := next(j + 2); ok && u.kind == pWord && u.sep == 0 {
					if lu, ok := latinUnits[u.text]; ok && lu.class == "gb" {
						add(spec(num, unit{class: "gb"}))
						return i
					}
				}
			}
		}
	}
	if timesBefore {
		add(token{text: "×" + num, kind: kindSpec, class: "×"})
		return i
	}
	// "4 x 250 ml": a bare number before "times" and a number is a count.
	if n, ok := next(j); ok && (n.kind == pTimes || n.kind == pWord && n.text == "x") {
		if m, ok := next(j + 1); ok && m.kind == pNum && (n.kind == pTimes || m.class != "" || j+2 < len(p) && isUnitPiece(p[j+2])) {
			add(token{text: "×" + num, kind: kindSpec, class: "×"})
			return i
		}
	}
	// A model number, with a glued short suffix ("1000xm", "3s", "14900hx")
	// and variant words ("15 pro max", "s24+").
	text := num
	if n, ok := next(j); ok && n.kind == pWord && n.sep == 0 && len(n.text) > 3 && len(n.text) <= 7 && (j+1 == len(p) || p[j+1].sep != 0) {
		// "430EXII" is "430EX II": a short suffix and a roman numeral
		// run together.
		for _, r := range [...]string{"iii", "ii"} {
			if pre, ok := strings.CutSuffix(n.text, r); ok && len(pre) >= 1 && len(pre) <= 3 && !strings.HasSuffix(pre, "i") {
				add(token{text: num + pre, kind: kindModel})
				add(token{text: romans[r], kind: kindModel})
				return j
			}
		}
	}
	if n, ok := next(j); ok && n.kind == pWord && n.sep == 0 && len(n.text) <= 3 && !variants[n.text] {
		if n.text == "xl" {
			add(token{text: num + n.text, kind: kindSpec, class: "apparel"}) // "2XL"
			return j
		}
		text += n.text
		j++
	}
	var fl tflag
	// A code glued on both sides ("WRT160N", "KDL40V") is whole: a
	// variant word after it is the product line's ("WRT160N Ultra
	// RangePlus"), not the model's, as it is for "13T Pro" or "S24 Ultra".
	whole := text != num && i > 0 && p[i].sep == 0 && p[i-1].kind == pWord && len(p[i-1].text) >= 2
	if len(num) <= 3 && !whole {
		for {
			n, ok := next(j)
			if !ok {
				break
			}
			if n.kind == pWord && n.sep != '-' && variants[n.text] {
				text += n.text
				fl = fVariant
				j++
				continue
			}
			if n.kind == pPlus && n.sep == 0 {
				if m, ok := next(j + 1); !ok || m.kind != pNum || m.sep != 0 {
					text += "plus"
					fl = fVariant
					j++
					continue
				}
			}
			break
		}
	}
	add(token{text: text, kind: kindModel, flags: fl})
	return j - 1
}

// fraction reports whether p[j] and p[j+1] are the numerator and
// denominator of a proper fraction of an inch ("1/2\"", read as "1-2"
// after a whole "6-").
func fraction(p []piece, j int) bool {
	if j+2 >= len(p) || p[j+1].kind != pNum || p[j+2].kind != pInch || p[j+2].sep != 0 || p[j].class != "" || p[j+1].class != "" {
		return false
	}
	a, err1 := strconv.Atoi(p[j].text)
	b, err2 := strconv.Atoi(p[j+1].text)
	return err1 == nil && err2 == nil && a > 0 && a < b && (b == 2 || b == 4 || b == 8 || b == 16)
}

// gluedToDigit reports whether the word at p[j] runs straight into a number,
// as the "v" in "990v6" does: then it is part of a model code, not a unit.
func gluedToDigit(p []piece, j int) bool {
	return j+1 < len(p) && p[j+1].kind == pNum && p[j+1].sep == 0
}

// memorySizes are the gigabyte counts phones and laptops come with.
var memorySizes = map[string]bool{"4": true, "6": true, "8": true, "12": true, "16": true, "24": true, "32": true,
	"64": true, "128": true, "256": true, "512": true, "1024": true}

// storageOrWeight reads a "g" after a number as gigabytes when the number is
// a memory size (8, 16, ..., 1024 is how Chinese shops write "512G") or it
// sits in a "RAM+storage" pair, and "t" as terabytes; otherwise grams.
func storageOrWeight(num string, u unit, p []piece, i, j int) unit {
	if u.class != "g" || p[j].text != "g" {
		return u
	}
	memory := map[string]bool{"8": true, "16": true, "32": true, "64": true, "128": true, "256": true, "512": true, "1024": true}
	plus := i > 0 && p[i-1].kind == pPlus || j+1 < len(p) && p[j+1].kind == pPlus
	if memory[num] || plus {
		return unit{class: "gb"}
	}
	return u
}

// spec is a number with a unit, scaled to its class's base unit.
func spec(num string, u unit) token {
	v := num
	if u.factor > 1 {
		r, ok := new(big.Rat).SetString(num)
		if ok {
			r.Mul(r, big.NewRat(u.factor, 1))
			if r.IsInt() {
				v = r.Num().String()
			} else {
				v = strings.TrimRight(strings.TrimRight(r.FloatString(3), "0"), ".")
			}
		}
	}
	if strings.IndexByte(v, '.') >= 0 {
		// "8.0 Megapixel" and "8MP", "2.50GHz" and "2.5GHz": one size.
		v = strings.TrimRight(strings.TrimRight(v, "0"), ".")
	}
	if u.class == "×" {
		return token{text: "×" + v, kind: kindSpec, class: "×"}
	}
	return token{text: v + u.class, kind: kindSpec, class: u.class}
}

func dedupe(ts []token) []token {
	slices.SortStableFunc(ts, func(a, b token) int { return strings.Compare(a.text, b.text) })
	out := ts[:0]
	for i, t := range ts {
		if i > 0 && t.text == ts[i-1].text {
			out[len(out)-1].flags |= t.flags
			continue
		}
		out = append(out, t)
	}
	return out
}

// packTotals returns the total quantity of a pack ("550ml" × "×24" is
// "13200ml") when a title has exactly one count.
func packTotals(ts []token) []string {
	var count *big.Rat
	for _, t := range ts {
		if t.class == "×" {
			if count != nil {
				return nil
			}
			c, ok := new(big.Rat).SetString(strings.TrimPrefix(t.text, "×"))
			if !ok {
				return nil
			}
			count = c
		}
	}
	if count == nil {
		return nil
	}
	var out []string
	for _, t := range ts {
		if t.class != "ml" && t.class != "g" {
			continue
		}
		v, ok := new(big.Rat).SetString(strings.TrimSuffix(t.text, t.class))
		if !ok {
			continue
		}
		v.Mul(v, count)
		s := strings.TrimRight(strings.TrimRight(v.FloatString(3), "0"), ".")
		out = append(out, s+t.class)
	}
	return out
}

// formatNames are media formats written as letters glued to a number: a
// word of the title ("MP3 Player"), not a model number "3" beside a model
// prefix "mp", which would weigh as much as a model the other title lacks.
var formatNames = map[[2]string]string{
	{"mp", "3"}: "mp3", {"mp", "4"}: "mp4", {"mpeg", "2"}: "mpeg2", {"mpeg", "4"}: "mpeg4",
	{"h", "264"}: "h264", {"h", "265"}: "h265", {"x", "264"}: "x264",
}

// joinFormats makes each media format among ps one word piece.
func joinFormats(ps []piece) []piece {
	for k := 0; k+1 < len(ps); k++ {
		if ps[k].kind != pWord || ps[k+1].kind != pNum || ps[k+1].sep != 0 || ps[k+1].class != "" {
			continue
		}
		if k+2 < len(ps) && ps[k+2].sep == 0 && (ps[k+2].kind == pWord || ps[k+2].kind == pNum) {
			continue // "MP30X": a longer code
		}
		if w, ok := formatNames[[2]string{ps[k].text, ps[k+1].text}]; ok {
			ps[k].text = w
			ps = append(ps[:k+1], ps[k+2:]...)
		}
	}
	return ps
}
