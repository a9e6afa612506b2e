package match

import (
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/pricing"
)

func TestTitleColours(t *testing.T) {
	tests := []struct {
		name, title string
		want        string // families as colourFam.String gives them, "multi" for a multi-colour word
	}{
		{"a Chinese marketing name is named by its last character", "Redmi Note 13 手机 12GB+256GB 子夜黑", "black"},
		{"a Chinese name before the product word", "Redmi Note 13 12GB+256GB 冰晶蓝 手机", "blue"},
		{"a Chinese name glued to the product word", "vivo X100 Pro 5G手机辰夜黑", "black"},
		{"a colour before 色", "OPPO Enco X2 降噪耳机 黑色", "black"},
		{"a colour before 色 inside a longer run", "小米14白色手机", "white"},
		{"a colour two characters before 色", "Bose QC Ultra 白烟色", "white"},
		{"青 is blue, green or cyan", "Honor Pad 9 天青色", "blue+green+cyan"},
		{"a two-tone colourway is both colours", "Switch OLED 红蓝", "blue+red"},
		{"two colour characters before 色 are both", "Dyson HD15 紫红色", "red+purple"},
		{"platinum silver is silver, not gold", "Sony WH-1000XM5 铂金银", "silver"},
		{"rose gold in Chinese is gold and pink", "iPhone 8 玫瑰金", "gold+pink"},
		{"beige is 米 only before 色", "Tab S9 米色", "beige"},
		{"a pink marketing name", "Buds 樱花粉", "pink"},
		{"midnight before 色", "Apple iPhone 14 午夜色", "black+blue"},
		{"Obsidian Black is black, not a shade", "Samsung Lite 55 Obsidian Black", "black"},
		{"Midnight alone is black or blue", "Apple Watch Midnight", "black+blue"},
		{"Mint alone is green", "Samsung Lite 35 Mint", "green+cyan"},
		{"Graphite alone is black or grey", "Samsung Tab S9 Graphite", "black+grey"},
		{"Space Gray is grey", "MacBook Air Space Gray", "grey"},
		{"Rose Gold is gold", "iPhone 8 Rose Gold", "gold"},
		{"Natural Titanium is a titanium shade", "iPhone 15 Pro Natural Titanium", "silver+grey+beige"},
		{"Japanese katakana", "ミッドナイトブラック", "black"},
		{"Japanese katakana with the long vowel mark", "AirPods シルバー", "silver"},
		{"Japanese kanji before 色", "ケース 黒色", "black"},
		{"Korean", "갤럭시 블루", "blue"},
		{"German", "Kopfhörer Schwarz", "black"},
		{"German with ß", "Kopfhörer Weiß", "white"},
		{"German with an umlaut", "Hülle Grün", "green"},
		{"French", "Écouteurs Noir", "black"},
		{"Spanish", "Auriculares Azul", "blue"},
		{"Italian", "Cuffie Rosso", "red"},
		{"a multi-colour word", "T-Shirt Multicolor", "multi"},
		{"a Chinese multi-colour word", "笔 彩色 12支", "multi"},
		{"random colour", "杯子 颜色随机", "multi"},
		{"an unknown Chinese colour name", "OPPO Find X7 海阔天空", "none"},
		{"an unknown English colour name", "Pixel 7a Sea", "none"},
		{"a Pixel colour name", "Pixel 8 Pro Bay", "blue"},
		{"a drive bay is not blue", "Fractal Design 3.5 Drive Bay Adapter", "none"},
		{"a NAS bay is not blue", "Synology DS224+ 2 Bay NAS", "none"},
		{"a two-tone colourway is two colours", "Nike Pegasus 40 黑白", "black+white"},
		{"Natural titanium in Chinese is unknown", "iPhone 15 Pro 原色钛金属", "none"},
		// Traps: colour characters and words that are not colours.
		{"红米 is the Redmi brand", "红米 Redmi Note 13 12GB+256GB", "none"},
		{"Redmi is one word", "Redmi Note 13", "none"},
		{"小米 is Xiaomi", "小米 14 Ultra 16GB+512GB", "none"},
		{"青春版 is the youth edition", "华为 nova 12 青春版", "none"},
		{"白条 is a credit line", "京东白条 分期 iPhone 15", "none"},
		{"蓝牙 is Bluetooth", "无线蓝牙耳机", "none"},
		{"protein powder is not white or pink", "乳清蛋白粉 2磅", "none"},
		{"protein is not white", "高蛋白", "none"},
		{"milk powder is not pink", "飞鹤 奶粉 3段", "none"},
		{"whitening is not white", "玉兰油 美白", "none"},
		{"lipstick is not red", "迪奥 口红", "none"},
		{"an influencer is not red", "网红", "none"},
		{"an alloy is not gold", "铝合金", "none"},
		{"navel oranges are fruit", "赣南脐橙", "none"},
		{"asphalt is not cyan", "沥青", "none"},
		{"coffee is a colour only before 色", "雀巢 咖啡", "none"},
		{"mint is a colour only before 色", "益达 薄荷", "none"},
		{"thread is not red in katakana", "スレッド", "none"},
		{"BlackBerry is one word", "BlackBerry KEYone", "none"},
		{"Black+Decker is a brand", "BLACK+DECKER 20V Drill", "none"},
		{"Black & Decker is a brand", "Black & Decker 20V Drill", "none"},
		{"Black and Decker is a brand", "Black and Decker 20V Drill", "none"},
		{"Blue Yeti is a microphone", "Blue Yeti USB Microphone", "none"},
		{"Pink Floyd is a band", "Pink Floyd The Wall Vinyl", "none"},
		{"Red Bull is a drink", "Red Bull Energy Drink 250ml", "none"},
		{"Black Shark is a phone", "Black Shark 4 Pro", "none"},
		{"Red Magic is a phone", "Red Magic 9 Pro", "none"},
		{"Black Friday is a sale", "Black Friday Deal Earbuds", "none"},
		{"Mont Blanc is a brand", "Mont Blanc Meisterstück 149", "none"},
		{"Gold Standard is a whey", "Optimum Nutrition Gold Standard Whey", "none"},
		{"Grey Goose is a vodka", "Grey Goose Vodka 750ml", "none"},
		{"Blu-ray is not blue", "Samsung Blu-ray Player", "none"},
		{"a trap word does not hide another colour", "Blue Yeti USB Microphone Blackout Black", "black"},
		{"Paperwhite is one word", "Kindle Paperwhite", "none"},
		{"no colour", "Sony WF-C700N 降噪耳机", "none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := featuresOf(tt.title).colour
			got := c.families(brandTokens{}).String()
			if c.multi {
				got = "multi"
			}
			if got != tt.want {
				t.Errorf("colours of %q = %s, want %s", tt.title, got, tt.want)
			}
		})
	}
}

// TestColourSiblings checks the decision Run makes on pairs that differ,
// or not, in colour: across languages and marketing names, with brand
// words that look like colours.
func TestColourSiblings(t *testing.T) {
	tests := []struct {
		name                          string
		ourBrand, our, theirBrand, th string
		same                          bool
	}{
		{"a black phone is not the ice blue one", "Xiaomi", "Redmi Note 13 手机 12GB+256GB 子夜黑", "Xiaomi", "Redmi Note 13 Smartphone — 12GB+256GB / Ice Blue", false},
		{"a black phone is not the ice blue one in Chinese", "Xiaomi", "Redmi Note 13 手机 12GB+256GB 子夜黑", "Redmi", "Redmi Note 13 12GB+256GB 冰晶蓝 手机", false},
		{"the midnight black phone is the 子夜黑 one", "Xiaomi", "Redmi Note 13 手机 12GB+256GB 子夜黑", "Xiaomi", "Redmi Note 13 Smartphone — 12GB+256GB / Midnight Black", true},
		{"Obsidian Black is not mint green", "Samsung", "Samsung Lite 55 5G Smartphone 12GB+256GB Obsidian Black", "三星", "三星 Lite 55 智能手机 12GB+256GB 薄荷绿", false},
		{"Obsidian Black is 曜石黑", "Samsung", "Samsung Lite 55 5G Smartphone 12GB+256GB Obsidian Black", "三星", "三星 Lite 55 智能手机 12GB+256GB 曜石黑", true},
		{"Mint is 薄荷绿", "Samsung", "Samsung Lite 35 5G Smartphone 8GB+128GB Mint", "三星", "三星 Lite 35 智能手机 8GB+128GB 薄荷绿", true},
		{"辰夜黑 is not Star Blue", "vivo", "vivo X100 Pro 5G手机 16GB+512GB 辰夜黑", "vivo", "vivo X100 Pro 5G Smartphone — 16GB+512GB / Star Blue", false},
		{"Star Blue is 星迹蓝", "vivo", "vivo X100 Pro 5G Smartphone 16GB+512GB Star Blue", "vivo", "vivo X100 Pro 5G手机 16GB+512GB 星迹蓝", true},
		{"ceramic white earbuds are not frost silver", "Huawei", "Huawei FreeBuds 5 蓝牙耳机 陶瓷白", "Huawei", "Huawei FreeBuds 5 Wireless Earbuds — Frost Silver", false},
		{"ceramic white earbuds are Ceramic White", "Huawei", "Huawei FreeBuds 5 蓝牙耳机 陶瓷白", "Huawei", "Huawei FreeBuds 5 Wireless Earbuds — Ceramic White", true},
		{"black earbuds are not white ones", "OPPO", "OPPO Enco X2 降噪耳机 黑色", "OPPO", "OPPO Enco X2 降噪耳机 白色", false},
		{"black earbuds are schwarz", "Sony", "Sony WF-C700N 降噪耳机 黑色", "Sony", "Sony WF-C700N Kopfhörer Schwarz", true},
		{"black earbuds are not blanc", "Sony", "Sony WF-C700N 降噪耳机 黑色", "Sony", "Sony WF-C700N Écouteurs Blanc", false},
		{"black earbuds are ブラック", "Sony", "Sony WF-C700N 降噪耳机 黑色", "Sony", "Sony WF-C700N ミッドナイトブラック", true},
		{"a tablet in Graphite is 石墨黑", "Samsung", "Samsung Tab S9 Tablet 12GB+256GB Graphite", "三星", "三星 Tab S9 平板电脑 12GB+256GB 石墨黑", true},
		{"a tablet in Graphite is not beige", "Samsung", "Samsung Tab S9 Tablet 12GB+256GB Graphite", "三星", "三星 Tab S9 平板电脑 12GB+256GB 米色", false},
		{"our title without a colour takes any colour", "vivo", "vivo Y36 5G手机 8GB+128GB", "vivo", "vivo Y36 5G Smartphone — 8GB+128GB / Galaxy Blue", true},
		{"a listing without a colour is not a conflict", "vivo", "vivo Y36 5G手机 8GB+128GB 星河蓝", "vivo", "vivo Y36 5G Smartphone 8GB+128GB", true},
		{"an unknown colour name is not a conflict", "OPPO", "OPPO Find X7 手机 12GB+256GB 海阔天空", "OPPO", "OPPO Find X7 Smartphone — 12GB+256GB / Ocean Blue", true},
		{"红米 in their title is the brand, not red", "Xiaomi", "Redmi Note 13 12GB+256GB Ice Blue", "Xiaomi", "红米 Redmi Note 13 12G+256G 冰晶蓝", true},
		{"a black and white colourway is not the white and blue one", "Nike", "Nike Air Zoom Pegasus 40 男子跑步鞋 黑白", "耐克", "耐克 Nike Air Zoom Pegasus 40 跑鞋 白蓝", false},
		{"a black listing is the black and white colourway named in full", "Nike", "Nike Air Zoom Pegasus 40 男子跑步鞋 黑白", "Nike", "Nike Air Zoom Pegasus 40 Black", true},
		{"a listing of all its colours is no conflict", "Sony", "Sony WF-C700N 降噪耳机 黑色", "Sony", "Sony WF-C700N Earbuds Black/White/Lavender", true},
		{"a colour read as blue or green agrees with one read as black or blue", "华为", "华为 Mate 60 Pro 12GB+512GB 雅川青", "HUAWEI", "HUAWEI Mate 60 Pro 12GB+512GB Midnight", true},
		{"a brand named after a colour is no colour", "Orange", "Orange Flybox 4G Router", "Orange", "Orange Flybox 4G Router White", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := labelledPair{ourBrand: tt.ourBrand, ourTitle: tt.our, theirBrand: tt.theirBrand, theirTitle: tt.th, cat: "x", same: tt.same}
			if got, score := pairMatched(p, DefaultOptions()); got != tt.same {
				t.Errorf("matched = %v (score %.3f), want %v", got, score, tt.same)
			}
		})
	}
}

// TestRunColourConflict checks what Run does with a colour sibling: the
// item is matched to the listing in its colour, the sibling is a review
// candidate that says why, and no threshold makes it automatic.
func TestRunColourConflict(t *testing.T) {
	our := item("R13", "Xiaomi", "Redmi Note 13 手机 12GB+256GB 子夜黑", "phones", "")
	black := listing("en", "black", "Xiaomi", "Redmi Note 13 Smartphone — 12GB+256GB / Midnight Black", "phones")
	blue := listing("en", "blue", "Xiaomi", "Redmi Note 13 Smartphone — 12GB+256GB / Ice Blue", "phones")
	tests := []struct {
		name       string
		offers     []pricing.Offer
		auto       float64
		matches    []string
		candidates []string
	}{
		{"the sibling in our colour is matched and the other offered", []pricing.Offer{blue, black}, 0.6, []string{"R13~en/black fuzzy"}, []string{"R13~en/blue fuzzy"}},
		{"the sibling in another colour alone is only offered", []pricing.Offer{blue}, 0.6, nil, []string{"R13~en/blue fuzzy"}},
		{"a low threshold does not match another colour", []pricing.Offer{blue}, 0.3, nil, []string{"R13~en/blue fuzzy"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := DefaultOptions()
			opt.AutoThreshold, opt.CandidateThreshold = tt.auto, 0.2
			res := Run([]pricing.CatalogItem{our}, tt.offers, nil, opt)
			if got := pairs(res.Matches); strings.Join(got, ",") != strings.Join(tt.matches, ",") {
				t.Errorf("matches = %q, want %q", got, tt.matches)
			}
			if got := pairs(res.Candidates); strings.Join(got, ",") != strings.Join(tt.candidates, ",") {
				t.Fatalf("candidates = %q, want %q", got, tt.candidates)
			}
			c := res.Candidates[0]
			why := strings.Join(c.Reasons, "; ")
			if !strings.Contains(why, "penalty: colour conflict black/blue") {
				t.Errorf("reasons %q lack the colour conflict", why)
			}
			if strings.Contains(why, "sibling variants differ") {
				t.Errorf("reasons %q blame options our title does not name; it names the colour", why)
			}
			if c.Score >= 0.6 {
				t.Errorf("a colour sibling scores %.3f, want below the default AutoThreshold", c.Score)
			}
		})
	}
}
