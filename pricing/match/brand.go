package match

import (
	"strings"
	"unicode"
)

// builtinBrands groups the names one brand goes by in Chinese and Western
// shops, and sub-brands that shops file under their parent. The first name
// is the canonical one. Options.BrandAliases adds to it.
var builtinBrands = [][]string{
	{"apple", "苹果"}, {"huawei", "华为"}, {"xiaomi", "小米", "redmi", "红米", "mijia", "米家"},
	{"samsung", "三星"}, {"honor", "荣耀"}, {"oneplus", "一加"}, {"sony", "索尼"}, {"google", "谷歌"},
	{"nubia", "努比亚", "red magic", "红魔"}, {"black shark", "黑鲨"},
	{"nike", "耐克"}, {"adidas", "阿迪达斯"}, {"new balance", "新百伦"}, {"anta", "安踏"},
	{"li-ning", "李宁", "lining"}, {"asics", "亚瑟士"}, {"converse", "匡威"}, {"puma", "彪马"},
	{"lenovo", "联想"}, {"dell", "戴尔"}, {"asus", "华硕"}, {"hp", "惠普"}, {"acer", "宏碁"},
	{"coca-cola", "可口可乐", "coke"}, {"pepsi", "百事"}, {"nestle", "雀巢"}, {"lay's", "乐事"},
	{"oreo", "奥利奥"}, {"ferrero", "费列罗"}, {"dove", "德芙"}, {"lindt", "瑞士莲"}, {"evian", "依云"},
	{"red bull", "红牛"}, {"mengniu", "蒙牛"}, {"yili", "伊利"}, {"nongfu spring", "农夫山泉"},
	{"genki forest", "元气森林"}, {"three squirrels", "三只松鼠"}, {"bestore", "良品铺子"},
	{"arawana", "金龙鱼"}, {"haday", "海天"}, {"feihe", "飞鹤"}, {"aptamil", "爱他美"},
	{"lancome", "兰蔻"}, {"estee lauder", "雅诗兰黛"}, {"shiseido", "资生堂"}, {"l'oreal", "欧莱雅"},
	{"mac", "魅可", "m·a·c"}, {"perfect diary", "完美日记"}, {"proya", "珀莱雅"}, {"sk-ii", "skii"},
	{"dyson", "戴森"}, {"midea", "美的"}, {"philips", "飞利浦"}, {"gree", "格力"}, {"haier", "海尔"},
	{"joyoung", "九阳"}, {"panasonic", "松下"}, {"bosch", "博世"},
	{"vinda", "维达"}, {"tide", "汰渍"}, {"safeguard", "舒肤佳"}, {"blue moon", "蓝月亮"},
	{"ziploc", "密保诺"}, {"lego", "乐高"}, {"nintendo", "任天堂"}, {"microsoft", "微软"},
	{"canon", "佳能"}, {"nikon", "尼康"}, {"dji", "大疆"}, {"uniqlo", "优衣库"}, {"levi's", "李维斯"},
	{"the north face", "北面"}, {"pampers", "帮宝适"}, {"kao", "花王", "merries", "妙而舒"},
	{"western digital", "西部数据", "wd"}, {"sandisk", "闪迪"}, {"anker", "安克"}, {"logitech", "罗技"},
	{"edifier", "漫步者"},
}

// brands resolves brand names to canonical brands and knows the tokens each
// brand's names produce, so titles can be compared without them.
type brands struct {
	canon  map[string]string          // brandKey(name) -> canonical key
	names  map[string][]string        // canonical key -> normalised names
	tokens map[string]map[string]bool // canonical key -> tokens of all its names
}

func newBrands(extra [][]string) *brands {
	b := &brands{canon: map[string]string{}, names: map[string][]string{}, tokens: map[string]map[string]bool{}}
	for _, group := range append(append([][]string{}, builtinBrands...), extra...) {
		if len(group) == 0 {
			continue
		}
		c := brandKey(group[0])
		if prev, ok := b.canon[c]; ok {
			c = prev // an extra group naming a known brand extends it
		}
		for _, name := range group {
			if k := brandKey(name); k != "" {
				if _, ok := b.canon[k]; !ok {
					b.canon[k] = c
				}
				b.names[c] = append(b.names[c], normalize(name))
			}
		}
	}
	return b
}

// brandKey folds a brand name to letters and digits: "L'Oréal", "LOREAL"
// and "l oreal" are one key.
func brandKey(s string) string {
	var sb strings.Builder
	for _, r := range normalize(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// resolve returns the canonical key of a brand name ("" for none); names
// outside the table are their own brand.
func (b *brands) resolve(name string) string {
	k := brandKey(name)
	if k == "" {
		return ""
	}
	if c, ok := b.canon[k]; ok {
		return c
	}
	return k
}

// tokensOf returns the tokens of every name of the canonical brand c.
func (b *brands) tokensOf(c, original string) map[string]bool {
	if c == "" {
		return nil
	}
	if t, ok := b.tokens[c]; ok {
		return t
	}
	t := map[string]bool{}
	names := b.names[c]
	if len(names) == 0 {
		names = []string{original}
	}
	for _, n := range names {
		for _, tok := range tokenize(n) {
			t[tok.text] = true
		}
	}
	b.tokens[c] = t
	return t
}

// mentions reports whether a normalised title names brand c.
func (b *brands) mentions(c, original string, f *features) bool {
	names := b.names[c]
	if len(names) == 0 {
		names = []string{normalize(original)}
	}
	for _, n := range names {
		if n != "" && containsWord(f.norm, n) {
			return true
		}
	}
	return false
}

// containsWord reports whether s contains w not glued to other letters on a
// Latin side ("mac" is not in "macbook"); Han names need no boundary.
func containsWord(s, w string) bool {
	for off := 0; ; {
		i := strings.Index(s[off:], w)
		if i < 0 {
			return false
		}
		i += off
		before, after := i, i+len(w)
		okBefore := before == 0 || !isASCIIAlnum(s[before-1]) || !isASCIIAlnum(w[0])
		okAfter := after == len(s) || !isASCIIAlnum(s[after]) || !isASCIIAlnum(w[len(w)-1])
		if okBefore && okAfter {
			return true
		}
		off = i + 1
	}
}

func isASCIIAlnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }
