package match

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A shop lists each colour of a product as its own article, and so do we:
// "子夜黑" in our title and "Ice Blue" in theirs are two articles, even
// when every other word agrees. Colours are read in families (black, blue,
// green, ...) so that a marketing name in one language agrees with a
// plain or marketing name in another: "Obsidian Black" and "曜石黑" are
// both black, "Mint" and "薄荷绿" both green. Two titles whose colours
// share no family are a colour conflict. A title without a colour, with
// one the dictionary does not know ("海阔天空", "Bay") or with a
// multi-colour word ("彩色", "Multicolor") has no conflict with anything.

// colourFam is a set of colour families, as bits.
type colourFam uint16

const (
	famBlack colourFam = 1 << iota
	famWhite
	famSilver
	famGrey
	famGold
	famBlue
	famGreen
	famRed
	famPink
	famPurple
	famYellow
	famOrange
	famBrown
	famBeige
	famCyan
)

var famNames = [...]string{"black", "white", "silver", "grey", "gold", "blue", "green", "red", "pink", "purple",
	"yellow", "orange", "brown", "beige", "cyan"}

// String names the families, joined by "+", in a fixed order.
func (f colourFam) String() string {
	var out []string
	for i, n := range famNames {
		if f&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, "+")
}

// latinColour is a colour word of a Latin-script title. A basic word names
// the colour itself; a shade word ("Obsidian", "Midnight", "Mint") only
// counts when the title has no basic word, since it mostly qualifies one
// ("Midnight Black" is black, "Midnight" alone is black or blue).
type latinColour struct {
	fam   colourFam
	basic bool
}

var latinColours = map[string]latinColour{
	// English.
	"black": {famBlack, true}, "white": {famWhite, true}, "silver": {famSilver, true},
	"grey": {famGrey, true}, "gray": {famGrey, true}, "gold": {famGold, true}, "blue": {famBlue, true},
	"green": {famGreen, true}, "red": {famRed, true}, "pink": {famPink, true}, "purple": {famPurple, true},
	"violet": {famPurple, true}, "yellow": {famYellow, true}, "orange": {famOrange, true},
	"brown": {famBrown, true}, "beige": {famBeige, true}, "cyan": {famCyan, true},
	// English shades.
	"midnight": {famBlack | famBlue, false}, "obsidian": {famBlack, false}, "onyx": {famBlack, false},
	"ebony": {famBlack, false}, "graphite": {famBlack | famGrey, false}, "charcoal": {famBlack | famGrey, false},
	"anthracite": {famBlack | famGrey, false}, "slate": {famGrey | famBlue, false},
	"titanium": {famSilver | famGrey | famBeige, false}, "platinum": {famSilver | famWhite, false},
	"pearl": {famWhite, false}, "ivory": {famWhite | famBeige, false}, "snow": {famWhite, false},
	"starlight": {famWhite | famGold | famSilver | famBeige, false},
	"champagne": {famGold | famBeige, false}, "bronze": {famBrown | famGold, false},
	"copper": {famBrown | famOrange | famGold, false}, "khaki": {famBeige | famBrown | famGreen, false},
	"tan": {famBeige | famBrown, false}, "camel": {famBrown | famBeige, false},
	"sand": {famBeige | famBrown, false}, "sandstone": {famBeige | famBrown, false},
	"mint": {famGreen | famCyan, false}, "olive": {famGreen, false}, "sage": {famGreen | famGrey, false},
	"emerald": {famGreen, false}, "jade": {famGreen, false}, "lime": {famGreen | famYellow, false},
	"navy": {famBlue, false}, "azure": {famBlue | famCyan, false}, "cobalt": {famBlue, false},
	"sapphire": {famBlue, false}, "indigo": {famBlue | famPurple, false},
	"teal": {famCyan | famGreen | famBlue, false}, "turquoise": {famCyan | famBlue | famGreen, false},
	"aqua":     {famCyan | famBlue | famGreen, false},
	"lavender": {famPurple, false}, "lilac": {famPurple | famPink, false},
	"magenta": {famPink | famPurple, false}, "fuchsia": {famPink | famPurple, false},
	"burgundy": {famRed, false}, "maroon": {famRed | famBrown, false}, "crimson": {famRed, false},
	"scarlet": {famRed, false}, "coral": {famPink | famOrange | famRed, false}, "rose": {famPink | famRed, false},
	// Wood finishes of speakers and furniture: another finish is another
	// article, as another colour is.
	"cherry": {famRed | famBrown, false}, "walnut": {famBrown, false}, "mahogany": {famBrown | famRed, false},
	"rosewood": {famBrown | famRed, false}, "oak": {famBrown | famBeige, false}, "maple": {famBeige | famBrown, false},
	// Makers' fanciful names of camera, phone and player colours: Nikon's
	// "Plum" and "Graphite Black" of one Coolpix are two articles. Words
	// that as often name the product or what it holds ("Coffee", "Wine",
	// "Frost", "Raspberry") are left out.
	"plum": {famPurple | famRed, false}, "amethyst": {famPurple, false}, "orchid": {famPurple | famPink, false},
	"mauve": {famPurple | famPink, false}, "eggplant": {famPurple, false}, "aubergine": {famPurple, false},
	"cranberry": {famRed, false}, "ruby": {famRed, false}, "merlot": {famRed, false},
	"bordeaux": {famRed, false}, "garnet": {famRed, false}, "vermilion": {famRed | famOrange, false},
	"blush": {famPink, false}, "tangerine": {famOrange, false}, "terracotta": {famOrange | famBrown, false},
	"mustard": {famYellow, false}, "canary": {famYellow, false}, "chestnut": {famBrown | famRed, false},
	"taupe": {famBrown | famGrey | famBeige, false}, "cerulean": {famBlue, false}, "denim": {famBlue, false},
	"lagoon": {famBlue | famCyan, false}, "peacock": {famBlue | famCyan | famGreen, false},
	"moss": {famGreen, false}, "pistachio": {famGreen, false}, "gunmetal": {famGrey | famBlack, false},
	"pewter": {famGrey | famSilver, false}, "sable": {famBlack | famBrown, false},
	"alabaster": {famWhite, false}, "opal": {famWhite, false},
	// Phone makers' names (Google's Pixel colours among them).
	"porcelain": {famWhite, false}, "chalk": {famWhite | famGrey, false}, "hazel": {famBrown | famGreen | famGrey, false},
	"aloe": {famGreen, false}, "bay": {famBlue, false}, "lemongrass": {famGreen | famYellow, false},
	// German, French, Spanish, Italian, Portuguese (accents are already
	// folded: "grün" is "grun", "doré" is "dore").
	"schwarz": {famBlack, true}, "weiss": {famWhite, true}, "weiß": {famWhite, true}, "silber": {famSilver, true},
	"grau": {famGrey, true}, "blau": {famBlue, true}, "grun": {famGreen, true}, "gruen": {famGreen, true},
	"rot": {famRed, true}, "rosa": {famPink, true}, "lila": {famPurple, true}, "gelb": {famYellow, true},
	"braun": {famBrown, true}, "turkis": {famCyan, true},
	"noir": {famBlack, true}, "noire": {famBlack, true}, "blanc": {famWhite, true}, "blanche": {famWhite, true},
	"argent": {famSilver, true}, "argente": {famSilver, true}, "gris": {famGrey, true}, "grise": {famGrey, true},
	"bleu": {famBlue, true}, "bleue": {famBlue, true}, "vert": {famGreen, true}, "verte": {famGreen, true},
	"rouge": {famRed, true}, "jaune": {famYellow, true}, "marron": {famBrown, true}, "dore": {famGold, true},
	"negro": {famBlack, true}, "negra": {famBlack, true}, "blanco": {famWhite, true}, "blanca": {famWhite, true},
	"plata": {famSilver, true}, "plateado": {famSilver, true}, "azul": {famBlue, true}, "verde": {famGreen, true},
	"rojo": {famRed, true}, "roja": {famRed, true}, "amarillo": {famYellow, true}, "naranja": {famOrange, true},
	"morado": {famPurple, true}, "dorado": {famGold, true}, "oro": {famGold, true},
	"nero": {famBlack, true}, "nera": {famBlack, true}, "bianco": {famWhite, true}, "bianca": {famWhite, true},
	"argento": {famSilver, true}, "grigio": {famGrey, true}, "azzurro": {famBlue, true}, "rosso": {famRed, true},
	"rossa": {famRed, true}, "giallo": {famYellow, true}, "arancione": {famOrange, true}, "marrone": {famBrown, true},
	"preto": {famBlack, true}, "branco": {famWhite, true}, "prata": {famSilver, true}, "vermelho": {famRed, true},
	// French "or" (gold) is left out: it is the English "or" far more often.
}

// latinMulti are words that say a listing comes in several colours or
// none in particular.
var latinMulti = map[string]bool{
	"multicolor": true, "multicolour": true, "multicolored": true, "multicoloured": true, "rainbow": true,
	"assorted": true, "multi": true, "bunt": true, "multicolore": true,
}

// colourNotAfter lists, for a colour word, the words after which it is a
// name and not a colour: brands, products and phrases ("Blue Yeti", "Red
// Bull", "Black Friday", "White Noise", "Pink Floyd", "Black Shark"
// phones, "Red Magic" phones). A word after "and", "&" or "+" counts too
// ("Black & Decker").
var colourNotAfter = map[string]map[string]bool{
	"black": set("decker", "ops", "friday", "sabbath", "myth", "shark", "desert", "mirror", "panther", "widow",
		"box", "list", "belt", "jack", "berry", "diamond", "magic", "out", "hole", "mamba", "hawk", "swan", "keys"),
	"blue": set("yeti", "snowball", "microphones", "tooth", "ray", "diamond", "buffalo", "moon", "apron", "origin",
		"light", "chip", "print", "jays", "bell", "nile", "sky"),
	"red": set("bull", "hat", "dead", "magic", "dot", "eye", "sox", "wing", "hot", "dragon", "light", "carpet", "cross",
		"sea", "bull's"),
	"white": set("noise", "castle", "claw", "stripes", "board", "balance", "list", "hat", "house", "paper", "label",
		"walker", "christmas", "sox", "lotus"),
	"green":  set("day", "lantern", "mountain", "screen", "card", "giant", "energy", "bay", "arrow", "house"),
	"pink":   set("floyd", "panther", "lady"),
	"gold":   set("standard", "coast", "medal", "member", "rush", "cup"),
	"silver": set("linings", "surfer", "crest", "age", "screen"),
	"grey":   set("goose", "anatomy"),
	"gray":   set("goose", "anatomy"),
	"orange": set("county", "juice", "is"),
	"yellow": set("stone", "pages", "jacket", "submarine"),
	"purple": set("heart", "rain"),
	"brown":  set("sugar", "rice", "bear"),
	"olive":  set("oil"),
	"lime":   set("juice"),
	"mint":   set("condition", "flavor", "flavour", "chocolate", "tea", "gum"),
	"rose":   set("water", "oil", "wine", "hip"),
	"sage":   set("leaf", "leaves", "tea", "oil"),
	"copper": set("wire", "cable", "pipe"),
	"jade":   set("roller", "empire"),
	"navy":   set("seal", "seals"),
}

// colourNotBefore lists, for a colour word, the words before which it is a
// name: "Mont Blanc", "Deep Purple" (the band; the colour is "purple"
// either way), "Agent Orange".
var colourNotBefore = map[string]map[string]bool{
	"bay":    set("drive", "hudson", "cargo", "sick", "loading", "expansion", "green", "tampa", "montego", "bay"),
	"blanc":  set("mont"),
	"orange": set("agent", "clockwork"),
	"red":    set("code", "big", "seeing"),
	"mint":   set("pepper", "spear"),
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// hanColour maps a Han character to the colour family it names at the end
// of a colour name ("子夜黑", "冰晶蓝") or before 色 ("黑色", "天青色").
// 青 is blue, green or cyan: "天青" is a sky blue, "海湖青" a green.
var hanColour = map[rune]colourFam{
	'黑': famBlack, '黒': famBlack, '白': famWhite, '银': famSilver, '銀': famSilver, '灰': famGrey,
	'金': famGold, '蓝': famBlue, '藍': famBlue, '绿': famGreen, '綠': famGreen, '緑': famGreen,
	'红': famRed, '紅': famRed, '赤': famRed, '紫': famPurple, '黄': famYellow, '黃': famYellow,
	'橙': famOrange, '橘': famOrange, '棕': famBrown, '褐': famBrown, '青': famCyan | famBlue | famGreen,
}

// hanBeforeSe are characters that name a colour only before 色: "粉色" is
// pink but "奶粉" milk powder; "米色" beige but "小米" Xiaomi; "茶色"
// brown but "红茶" tea.
var hanBeforeSe = map[rune]colourFam{
	'粉': famPink, '米': famBeige, '杏': famBeige, '肤': famBeige, '肉': famBeige, '裸': famBeige,
	'沙': famBeige | famBrown, '驼': famBrown | famBeige, '咖': famBrown, '茶': famBrown, '铜': famBrown | famGold,
	'藕': famPink | famPurple,
}

// hanNames are colour names of more than one character whose family is not
// (only) their last character's, looked for before 色 and, when end is
// set, at the end of a run. The others ("咖啡", "薄荷", "巧克力") are
// products at the end of a run and colours only before 色.
var hanNames = []struct {
	text string
	fam  colourFam
	end  bool
}{
	{"粉红", famPink, true}, {"玫红", famPink | famRed, true}, {"桃红", famPink, true}, {"酒红", famRed, true},
	{"枣红", famRed, true}, {"米白", famWhite | famBeige, true}, {"米黄", famBeige | famYellow, true},
	{"玫瑰金", famGold | famPink, true}, {"香槟金", famGold | famBeige, true}, {"铂金", famSilver | famWhite, true},
	{"白金", famSilver | famWhite | famGold, true}, {"古铜", famBrown | famGold, true}, {"青铜", famBrown | famGold, true},
	{"紫铜", famBrown | famOrange, true}, {"藏青", famBlue, true},
	{"香槟", famGold | famBeige, false}, {"卡其", famBeige | famBrown | famGreen, false}, {"咖啡", famBrown, false},
	{"巧克力", famBrown, false}, {"午夜", famBlack | famBlue, false}, {"星光", famWhite | famGold | famSilver | famBeige, false},
	{"石墨", famBlack | famGrey, false}, {"曜石", famBlack, false}, {"象牙", famWhite | famBeige, false},
	{"薄荷", famGreen | famCyan, false}, {"薰衣草", famPurple, false}, {"珍珠", famWhite, false},
}

// hanPinkBefore are the characters before a final 粉 that make it pink
// ("樱花粉", "蜜桃粉", "浅粉") rather than a powder ("奶粉", "蛋白粉").
const hanPinkBefore = "花瑰桃瑚女幻浅淡嫩樱雾霞柔芭"

// hanNotColour are endings of Han runs that end in a colour character
// without naming a colour: protein and whitening (蛋白, 美白), lipstick
// and blush (口红, 腮红), influencers (网红), alloys and money (合金, 现金),
// asphalt (沥青), fruit (脐橙), yolk (蛋黄), lime (石灰), bleach (漂白).
var hanNotColour = []string{
	"蛋白", "美白", "增白", "净白", "嫩白", "告白", "表白", "空白", "明白", "坦白", "独白", "漂白", "洗白", "小白", "大白",
	"网红", "口红", "腮红", "唇红", "分红", "走红", "飘红", "爆红",
	"蛋黄", "姜黄", "大黄", "牛黄", "硫黄", "地黄", "雄黄", "泛黄", "发黄", "变黄", "去黄",
	"合金", "现金", "基金", "奖金", "租金", "押金", "定金", "订金", "五金", "资金", "美金", "佣金", "薪金", "返金",
	"沥青", "文青", "知青", "冬青", "丹青", "石灰", "骨灰", "烟灰", "水银", "收银",
	"脐橙", "血橙", "甜橙", "香橙", "冰糖橙", "果冻橙", "椰棕", "山棕", "拉黑", "抹黑", "洗黑",
}

// hanMulti are Han words for several colours or none in particular.
var hanMulti = []string{"彩色", "多色", "混色", "杂色", "随机", "花色", "多彩", "七彩", "撞色"}

// kanaColours are Japanese and Korean colour words, found at the end of a
// run of katakana or Hangul ("ミッドナイトブラック" is black).
var kanaColours = []struct {
	text  string
	fam   colourFam
	basic bool
}{
	{"ブラック", famBlack, true}, {"ホワイト", famWhite, true}, {"シルバー", famSilver, true}, {"グレー", famGrey, true},
	{"グレイ", famGrey, true}, {"ゴールド", famGold, true}, {"ブルー", famBlue, true}, {"ネイビー", famBlue, true},
	{"グリーン", famGreen, true}, {"レッド", famRed, true}, {"ピンク", famPink, true}, {"パープル", famPurple, true},
	{"バイオレット", famPurple, true}, {"ラベンダー", famPurple, true}, {"イエロー", famYellow, true},
	{"オレンジ", famOrange, true}, {"ブラウン", famBrown, true}, {"ベージュ", famBeige, true}, {"シアン", famCyan, true},
	{"ターコイズ", famCyan | famBlue | famGreen, true}, {"ミント", famGreen | famCyan, true},
	{"グラファイト", famBlack | famGrey, true}, {"チャコール", famBlack | famGrey, true},
	{"ミッドナイト", famBlack | famBlue, false},
	{"블랙", famBlack, true}, {"화이트", famWhite, true}, {"실버", famSilver, true}, {"그레이", famGrey, true},
	{"골드", famGold, true}, {"블루", famBlue, true}, {"네이비", famBlue, true}, {"그린", famGreen, true},
	{"레드", famRed, true}, {"핑크", famPink, true}, {"퍼플", famPurple, true}, {"옐로우", famYellow, true},
	{"오렌지", famOrange, true}, {"브라운", famBrown, true}, {"베이지", famBeige, true},
}

// kanaNotColour are katakana words that end like a colour: thread and bread
// end in "レッド".
var kanaNotColour = []string{"スレッド", "ブレッド", "ドレッド"}

// kanaMulti: several colours.
var kanaMulti = []string{"マルチカラー", "カラフル", "멀티컬러"}

// colourHit is one colour a title names. id is the vocab number of the
// Latin word that named it (so a brand's own name, "Orange", "Blue", can
// be left out), or -1 for a Han, kana or Hangul name.
type colourHit struct {
	id    int32
	fam   colourFam
	basic bool
	word  string // the Latin word, until interned
}

// colourInfo is what a title says about its colour.
type colourInfo struct {
	hits []colourHit
	// multi: the title names several colours or none in particular
	// ("彩色", "Multicolor"): it conflicts with no colour.
	multi bool
}

// titleColours returns the colours of a title: n is the normalised title and ps
// its pieces (Latin words are read from those).
func titleColours(n string, ps []piece) colourInfo {
	var ci colourInfo
	for i, p := range ps {
		if p.kind != pWord {
			continue
		}
		if latinMulti[p.text] {
			ci.multi = true
			continue
		}
		c, ok := latinColours[p.text]
		if !ok || latinTrap(ps, i) {
			continue
		}
		ci.hits = append(ci.hits, colourHit{id: -1, fam: c.fam, basic: c.basic, word: p.text})
	}
	// CJK runs: Han (with 々), and kana or Hangul (with the long vowel
	// mark "ー", which is not katakana to Unicode).
	for i := 0; i < len(n); {
		r, size := utf8.DecodeRuneInString(n[i:])
		switch {
		case unicode.Is(unicode.Han, r):
			j := i
			for j < len(n) {
				r2, s2 := utf8.DecodeRuneInString(n[j:])
				if !unicode.Is(unicode.Han, r2) && r2 != '々' {
					break
				}
				j += s2
			}
			ci.addHan(n[i:j])
			i = j
		case isKana(r):
			j := i
			for j < len(n) {
				r2, s2 := utf8.DecodeRuneInString(n[j:])
				if !isKana(r2) {
					break
				}
				j += s2
			}
			ci.addKana(n[i:j])
			i = j
		default:
			i += size
		}
	}
	return ci
}

func isKana(r rune) bool {
	return r == 'ー' || unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r)
}

// latinTrap reports whether the colour word at ps[i] is part of a name.
func latinTrap(ps []piece, i int) bool {
	w := ps[i].text
	next := func(k int) string {
		if k < len(ps) && ps[k].kind == pWord {
			return ps[k].text
		}
		return ""
	}
	if after := colourNotAfter[w]; after != nil {
		k := i + 1
		if k < len(ps) && ps[k].kind == pPlus {
			k++ // "Black+Decker"
		}
		nx := next(k)
		if after[nx] || (nx == "and" || nx == "n") && after[next(k+1)] {
			return true
		}
	}
	if before := colourNotBefore[w]; before != nil && i > 0 && ps[i-1].kind == pWord && before[ps[i-1].text] {
		return true
	}
	if w == "bay" && i > 0 && ps[i-1].kind == pNum {
		return true // "3.5 Bay", "2 Bay NAS"
	}
	return false
}

// addHan reads the colours of one Han run: a colour name before 色
// ("黑色", "天青色", "白烟色", "香槟色"), and a colour name ending the run
// ("子夜黑", "冰晶蓝", "陶瓷白", "樱花粉", "玫瑰金").
func (ci *colourInfo) addHan(run string) {
	for _, m := range hanMulti {
		if strings.Contains(run, m) {
			ci.multi = true
			return
		}
	}
	// Before each 色.
	for k := strings.Index(run, "色"); k >= 0; {
		ci.hanBefore(run[:k])
		next := strings.Index(run[k+len("色"):], "色")
		if next < 0 {
			break
		}
		k += len("色") + next
	}
	// At the end.
	ci.hanEnd(run)
}

// hanBefore adds the colour named right before a 色 that follows head.
func (ci *colourInfo) hanBefore(head string) {
	// The colour characters right before 色: "紫红色" is purple-red,
	// "黑白色" black and white.
	if ci.trailingColours(head, true) {
		return
	}
	for _, nm := range hanNames {
		if strings.HasSuffix(head, nm.text) {
			ci.add(nm.fam)
			return
		}
	}
	// "白烟色": a colour character two back, before a word that is not
	// one.
	_, size := utf8.DecodeLastRuneInString(head)
	r, _ := utf8.DecodeLastRuneInString(head[:len(head)-size])
	if f := hanColour[r]; f != 0 {
		ci.add(f)
	}
}

func (ci *colourInfo) add(f colourFam) {
	ci.hits = append(ci.hits, colourHit{id: -1, fam: f, basic: true})
}

// trailingColours adds the colour characters that end s, read backwards
// up to the first that is not one, and reports whether there were any;
// withSe also counts the characters that are colours only before 色. With
// black or white among them they are a two-tone colourway ("黑白", "白蓝",
// "黑金"), one colour each; otherwise one blended colour ("紫红", "蓝绿").
func (ci *colourInfo) trailingColours(s string, withSe bool) bool {
	var f colourFam
	var each []colourFam
	for s != "" {
		r, size := utf8.DecodeLastRuneInString(s)
		c := hanColour[r]
		if c == 0 && withSe {
			c = hanBeforeSe[r]
		}
		if c == 0 {
			break
		}
		f |= c
		each = append(each, c)
		s = s[:len(s)-size]
	}
	switch {
	case f == 0:
		return false
	case len(each) > 1 && f&(famBlack|famWhite) != 0:
		for _, c := range each {
			ci.add(c)
		}
	default:
		ci.add(f)
	}
	return true
}

// hanEnd adds the colour a run ends with: the family of its last
// character ("子夜黑", "冰晶蓝"), of a known name ("玫瑰金"), or of every
// character of a short run made of colours only ("黑白", "红蓝").
func (ci *colourInfo) hanEnd(run string) {
	for _, nm := range hanNames {
		if nm.end && strings.HasSuffix(run, nm.text) {
			ci.add(nm.fam)
			return
		}
	}
	last, size := utf8.DecodeLastRuneInString(run)
	if last == '粉' {
		before, _ := utf8.DecodeLastRuneInString(run[:len(run)-size])
		if strings.ContainsRune(hanPinkBefore, before) {
			ci.add(famPink)
		}
		return
	}
	f := hanColour[last]
	if f == 0 {
		return
	}
	for _, t := range hanNotColour {
		if strings.HasSuffix(run, t) {
			return
		}
	}
	if utf8.RuneCountInString(run) <= 3 && onlyColours(run) {
		ci.trailingColours(run, false)
		return
	}
	ci.add(f)
}

func onlyColours(run string) bool {
	for _, r := range run {
		if hanColour[r] == 0 {
			return false
		}
	}
	return true
}

// addKana reads the colour a katakana or Hangul run ends with.
func (ci *colourInfo) addKana(run string) {
	for _, m := range kanaMulti {
		if strings.Contains(run, m) {
			ci.multi = true
			return
		}
	}
	for _, t := range kanaNotColour {
		if strings.HasSuffix(run, t) {
			return
		}
	}
	for _, k := range kanaColours {
		if strings.HasSuffix(run, k.text) {
			ci.hits = append(ci.hits, colourHit{id: -1, fam: k.fam, basic: k.basic})
			return
		}
	}
}

// intern numbers the Latin colour words in v, so the scorer can tell a
// brand's name from a colour.
func (ci *colourInfo) intern(v *vocab) {
	for i := range ci.hits {
		if ci.hits[i].word != "" {
			ci.hits[i].id = v.intern(ci.hits[i].word)
		}
	}
}

func (ci *colourInfo) renumber(newID []int32) {
	for i := range ci.hits {
		if ci.hits[i].id >= 0 {
			ci.hits[i].id = newID[ci.hits[i].id]
		}
	}
}

// counts reports whether hit h is one of the title's colours: not a
// brand's name (in ignore), and not a shade when the title has a basic
// colour word ("Midnight Black" is black).
func (ci *colourInfo) counts(h colourHit, ignore brandTokens, basic bool) bool {
	return h.basic == basic && !(h.id >= 0 && ignore.has(h.id))
}

// components returns whether the title's colours are its basic words (or
// else its shades), and the union of their families; 0 when it names
// none, or several in a multi-colour word.
func (ci *colourInfo) components(ignore brandTokens) (basic bool, all colourFam) {
	if ci.multi {
		return false, 0
	}
	for _, basic := range []bool{true, false} {
		for _, h := range ci.hits {
			if ci.counts(h, ignore, basic) {
				all |= h.fam
			}
		}
		if all != 0 {
			return basic, all
		}
	}
	return false, 0
}

// families returns the union of the colour families a title names (see
// components).
func (ci *colourInfo) families(ignore brandTokens) colourFam {
	_, f := ci.components(ignore)
	return f
}

// unmatched reports whether a names a colour that none of b's shares a
// family with.
func (ci *colourInfo) unmatched(basic bool, b colourFam, ignore brandTokens) bool {
	for _, h := range ci.hits {
		if ci.counts(h, ignore, basic) && h.fam&b == 0 {
			return true
		}
	}
	return false
}

// colourConflict reports the two titles' colour families when both name a
// colour and each names one the other does not: "Black" against "Ice
// Blue", or the two-tone "黑白" against "白蓝". A title naming fewer
// colours than the other ("Black" against "黑白", or a listing of all its
// options "Black / White / Blue") is no conflict; nor is a colour one
// title reads as either of two families (青, "Midnight") and the other as
// one of them.
func colourConflict(a, b *features, ignore brandTokens) (fa, fb colourFam, conflict bool) {
	if len(a.colour.hits) == 0 || len(b.colour.hits) == 0 {
		return 0, 0, false
	}
	ba, fa := a.colour.components(ignore)
	bb, fb := b.colour.components(ignore)
	if fa == 0 || fb == 0 {
		return fa, fb, false
	}
	return fa, fb, a.colour.unmatched(ba, fb, ignore) && b.colour.unmatched(bb, fa, ignore)
}

// isColourConflict reports whether a reason is the colour conflict penalty.
func isColourConflict(reason string) bool {
	return strings.HasPrefix(reason, "penalty: colour conflict")
}
