// Command gen writes the generated labelled pair sets of the matcher's
// evaluation (../variants.csv and ../codes.csv, in the columns of
// testdata/match/pairs.csv). It is deterministic: run it again after a change
// and commit the diff with it.
//
//	go run ./pricing/match/testdata/gen
//
// variants.csv pairs our catalog's titles with variant listings of a
// three-shop Chinese/English market: the same article written by each shop,
// its sibling variants (other storage, 2-pack, other colour: another
// article when our title names its colour, in marketing or plain words of
// English, Chinese, Japanese, German, French or Spanish) and near models
// (Bose Free 16 and Air 16). codes.csv pairs English electronics titles
// from two shops in the style of the Abt-Buy benchmark: a long marketing
// title ending in a compact model code, and a terse code-first title, with
// the code written differently, numbers and words that are description, and
// hard negatives with near codes, no code, or an accessory.
package main

import (
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

type pair struct {
	ourBrand, ourTitle, theirBrand, theirTitle, cat string
	same                                            bool
	note                                            string
}

func main() {
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..")
	if err := write(filepath.Join(dir, "variants.csv"), variants()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := write(filepath.Join(dir, "codes.csv"), codes()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func write(path string, ps []pair) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write pairs: %w", err)
	}
	w := csv.NewWriter(f)
	w.Write([]string{"our_brand", "our_title", "their_brand", "their_title", "category", "label", "note"})
	for _, p := range ps {
		l := "0"
		if p.same {
			l = "1"
		}
		w.Write([]string{p.ourBrand, p.ourTitle, p.theirBrand, p.theirTitle, p.cat, l, p.note})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// ---- the variant market ----

// colour is one colour of a product: the shop's marketing names in English
// and Chinese, and the plain names other shops write (English, Chinese,
// Japanese, German, French, Spanish). The colours of one palette are of
// different families, so another colour is always another article.
type colour struct {
	en, zh string
	plain  []string
}

var phoneColours = []colour{
	{"Obsidian Black", "曜石黑", []string{"Black", "黑色", "ブラック", "Schwarz", "Noir", "Negro"}},
	{"Glacier Blue", "冰川蓝", []string{"Blue", "蓝色", "ブルー", "Blau", "Bleu", "Azul"}},
	{"Titan Gray", "钛灰", []string{"Gray", "灰色", "グレー", "Grau", "Gris", "Gris"}},
	{"Mint Green", "薄荷绿", []string{"Green", "绿色", "グリーン", "Grün", "Vert", "Verde"}},
	{"Lavender", "薰衣草紫", []string{"Purple", "紫色", "パープル", "Lila", "Violet", "Morado"}},
	{"Pearl White", "珍珠白", []string{"White", "白色", "ホワイト", "Weiß", "Blanc", "Blanco"}},
	{"Sunset Orange", "落日橙", []string{"Orange", "橙色", "オレンジ", "Orange", "Orange", "Naranja"}},
	{"Rose Gold", "玫瑰金", []string{"Gold", "金色", "ゴールド", "Gold", "Doré", "Dorado"}},
}

var budColours = []colour{
	{"Black", "黑色", []string{"Midnight Black", "曜石黑", "ブラック", "Schwarz"}},
	{"White", "白色", []string{"Ceramic White", "陶瓷白", "ホワイト", "Blanc"}},
	{"Blue", "蓝色", []string{"Ice Blue", "冰晶蓝", "ブルー", "Azul"}},
	{"Pink", "粉色", []string{"Rose Pink", "樱花粉", "ピンク", "Rosa"}},
	{"Silver", "银色", []string{"Frost Silver", "冰霜银", "シルバー", "Argent"}},
}

type phone struct {
	en, zh   string // brand
	line     string // "Lite", "Galaxy A", "Redmi Note"
	num      string
	siblings []string // other numbers of the line (near models)
	glued    bool     // the shop writes "Reno11", "A55"
}

var phones = []phone{
	{"Samsung", "三星", "Lite", "55", []string{"56", "45"}, false},
	{"Samsung", "三星", "Galaxy A", "55", []string{"35", "25"}, true},
	{"Xiaomi", "小米", "Redmi Note", "13", []string{"12", "14"}, false},
	{"HUAWEI", "华为", "nova", "12", []string{"11"}, false},
	{"HUAWEI", "华为", "Pura", "70", []string{"60"}, false},
	{"vivo", "vivo", "Y", "200", []string{"100", "300"}, true},
	{"vivo", "vivo", "S", "18", []string{"17", "19"}, true},
	{"OPPO", "OPPO", "Reno", "11", []string{"10", "12"}, true},
	{"OPPO", "OPPO", "A", "3", []string{"2"}, true},
	{"HONOR", "荣耀", "X", "50", []string{"40", "60"}, true},
	{"Xiaomi", "小米", "Civi", "4", []string{"3"}, false},
	{"OnePlus", "一加", "Ace", "3", []string{"2"}, false},
	// Brand and model words that look like colours: "Black Shark" and
	// "Red Magic" phones, and "红米" (the Redmi brand) in Chinese titles.
	{"Black Shark", "黑鲨", "Black Shark", "5", []string{"4"}, false},
	{"nubia", "努比亚", "Red Magic", "9", []string{"8"}, false},
	{"Redmi", "红米", "Redmi K", "70", []string{"60"}, true},
}

var storages = [][2]int{{8, 128}, {8, 256}, {12, 256}, {12, 512}, {16, 512}}

type bud struct {
	en, zh       string
	line, num    string
	kindEN       string
	kindZH       string
	near         []string // another model name of the brand with the same number
	nearKindEN   string
	nearKindZH   string
	otherNumbers []string
}

var buds = []bud{
	{"Bose", "Bose", "Free", "16", "Sport Bluetooth Earbuds", "运动蓝牙耳机", []string{"Air"}, "Over-Ear Bluetooth Headphones", "头戴式蓝牙耳机", []string{"18"}},
	{"Bose", "Bose", "Air", "16", "Over-Ear Bluetooth Headphones", "头戴式蓝牙耳机", []string{"Free"}, "Sport Bluetooth Earbuds", "运动蓝牙耳机", []string{"12"}},
	{"Sony", "索尼", "Echo", "5", "Wireless Noise Cancelling Earbuds", "真无线降噪耳机", []string{"Pulse"}, "Wireless Headphones", "无线头戴耳机", []string{"4"}},
	{"JBL", "JBL", "Tune", "520", "Wireless On-Ear Headphones", "头戴式无线耳机", []string{"Live"}, "Wireless Over-Ear Headphones", "头戴式降噪耳机", []string{"720"}},
	{"Xiaomi", "小米", "Buds", "5", "True Wireless Earbuds", "真无线蓝牙耳机", []string{"Pods"}, "Wireless Earphones", "无线耳机", []string{"4"}},
	{"HUAWEI", "华为", "FreeBuds", "6", "Wireless Earbuds", "无线蓝牙耳机", []string{"FreeClip"}, "Open-Ear Earbuds", "耳夹式耳机", []string{"5"}},
	{"Philips", "飞利浦", "Motion", "7", "Sport Earphones", "运动耳机", []string{"Studio"}, "Headphones", "头戴耳机", []string{"8"}},
	{"Anker", "安克", "Liberty", "4", "Noise Cancelling Earbuds", "降噪蓝牙耳机", []string{"Space"}, "Headphones", "头戴式耳机", []string{"3"}},
	{"Edifier", "漫步者", "Neo", "2", "Gaming Earbuds", "游戏耳机", []string{"Halo"}, "Speaker", "音箱", []string{"3"}},
	{"Logitech", "罗技", "Zone", "300", "Wireless Headset", "无线耳机", []string{"Astro"}, "Gaming Headset", "游戏耳机", []string{"900"}},
}

func variants() []pair {
	r := rand.New(rand.NewPCG(2026, 7))
	var out []pair
	pick := func(n int) int { return r.IntN(n) }
	for _, ph := range phones {
		model := func(num string) string {
			if ph.glued {
				return ph.line + num
			}
			return ph.line + " " + num
		}
		for si, st := range storages {
			if pick(3) == 0 && si > 1 {
				continue
			}
			c := phoneColours[pick(len(phoneColours))]
			// Our catalog: the Chinese shop style, options pinned.
			var our string
			switch pick(3) {
			case 0:
				our = fmt.Sprintf("%s %s 5G手机 %dGB+%dGB %s", ph.zh, model(ph.num), st[0], st[1], c.zh)
			case 1:
				our = fmt.Sprintf("%s %s %d+%d %s", ph.en, model(ph.num), st[0], st[1], c.zh)
			default:
				our = fmt.Sprintf("%s %s 5G %dGB+%dGB 全网通手机", ph.zh, model(ph.num), st[0], st[1])
			}
			ourBrand := ph.zh
			if pick(2) == 0 {
				ourBrand = ph.en
			}
			c2 := phoneColours[pick(len(phoneColours))]
			named := !strings.HasSuffix(our, "全网通手机") // our title names a colour
			// The same article in each shop's words.
			same := []string{
				fmt.Sprintf("%s %s 5G Smartphone — %dGB+%dGB / %s", ph.en, model(ph.num), st[0], st[1], c.en),
				fmt.Sprintf("%s %s %dG+%dG 全网通5G手机 %s", ph.zh, strings.ReplaceAll(model(ph.num), " ", ""), st[0], st[1], c2.zh),
				fmt.Sprintf("【官方正品】%s %s %dGB+%dGB %s 手机", ph.en, model(ph.num), st[0], st[1], c.zh),
				fmt.Sprintf("%s %s 5G Smartphone — %dGB+%dGB / %s", ph.en, model(ph.num), st[0], st[1], c2.en),
			}
			for k, t := range same {
				if pick(4) == 0 {
					continue
				}
				note, label := "same article", true
				if (k == 1 || k == 3) && c2.en != c.en {
					if named {
						note, label = "colour sibling "+c2.en, false
					} else {
						note = "same article; our title names no colour"
					}
				}
				out = append(out, pair{ourBrand, our, theirBrand(r, ph.en, ph.zh), t, "phones", label, note})
			}
			// The same article with its colour in plain words of another
			// language, and its siblings in other colours.
			for k := 0; k < 2; k++ {
				lang := pick(len(c.plain))
				t := fmt.Sprintf("%s %s %dGB+%dGB %s", ph.en, model(ph.num), st[0], st[1], c.plain[lang])
				if pick(2) == 0 {
					t = fmt.Sprintf("%s %s %dG+%dG 手机 %s", ph.zh, strings.ReplaceAll(model(ph.num), " ", ""), st[0], st[1], c.plain[lang])
				}
				out = append(out, pair{ourBrand, our, theirBrand(r, ph.en, ph.zh), t, "phones", true, "same article; colour in plain words: " + c.plain[lang]})
				o := phoneColours[pick(len(phoneColours))]
				if o.en == c.en {
					continue
				}
				name := []string{o.en, o.zh, o.plain[pick(len(o.plain))]}[pick(3)]
				t = fmt.Sprintf("%s %s 5G Smartphone — %dGB+%dGB / %s", ph.en, model(ph.num), st[0], st[1], name)
				if pick(2) == 0 {
					t = fmt.Sprintf("%s %s %dG+%dG 全网通5G手机 %s", ph.zh, strings.ReplaceAll(model(ph.num), " ", ""), st[0], st[1], name)
				}
				if named {
					out = append(out, pair{ourBrand, our, theirBrand(r, ph.en, ph.zh), t, "phones", false, "colour sibling " + name})
				} else {
					out = append(out, pair{ourBrand, our, theirBrand(r, ph.en, ph.zh), t, "phones", true, "same article; our title names no colour"})
				}
			}
			// Sibling variants: other storage.
			for _, other := range storages {
				if other == st || pick(2) == 0 {
					continue
				}
				t := fmt.Sprintf("%s %s 5G Smartphone — %dGB+%dGB / %s", ph.en, model(ph.num), other[0], other[1], c.en)
				if pick(2) == 0 {
					t = fmt.Sprintf("%s %s %dG+%dG 全网通5G手机 %s", ph.zh, model(ph.num), other[0], other[1], c.zh)
				}
				out = append(out, pair{ourBrand, our, theirBrand(r, ph.en, ph.zh), t, "phones", false, fmt.Sprintf("sibling variant %d+%d", other[0], other[1])})
			}
			// Near models of the line.
			for _, n := range ph.siblings {
				if pick(2) == 0 {
					continue
				}
				t := fmt.Sprintf("%s %s 5G Smartphone — %dGB+%dGB / %s", ph.en, model(n), st[0], st[1], c.en)
				out = append(out, pair{ourBrand, our, theirBrand(r, ph.en, ph.zh), t, "phones", false, "another model number " + n})
			}
			if pick(3) == 0 {
				t := fmt.Sprintf("%s %s Pro 5G Smartphone — %dGB+%dGB / %s", ph.en, model(ph.num), st[0], st[1], c.en)
				out = append(out, pair{ourBrand, our, theirBrand(r, ph.en, ph.zh), t, "phones", false, "Pro is another model"})
			}
			if pick(3) == 0 {
				t := fmt.Sprintf("适用%s %s 手机壳 硅胶保护套 %s", ph.zh, model(ph.num), c.zh)
				out = append(out, pair{ourBrand, our, "", t, "phones", false, "case for the phone"})
			}
		}
	}
	for _, b := range buds {
		for ci := 0; ci < 3; ci++ {
			c := budColours[(ci+pick(2))%len(budColours)]
			var our string
			switch pick(3) {
			case 0:
				our = fmt.Sprintf("%s %s %s %s %s", b.zh, b.line, b.num, b.kindZH, c.zh)
			case 1:
				our = fmt.Sprintf("%s %s %s %s", b.en, b.line, b.num, b.kindZH)
			default:
				our = fmt.Sprintf("%s %s %s %s %s", b.en, b.line, b.num, b.kindEN, c.en)
			}
			ourBrand := b.en
			if pick(2) == 0 {
				ourBrand = b.zh
			}
			c2 := budColours[pick(len(budColours))]
			named := !strings.HasSuffix(our, b.kindZH) // our title names a colour
			same := []string{
				fmt.Sprintf("%s %s %s %s (%s)", b.en, b.line, b.num, b.kindEN, c.en),
				fmt.Sprintf("%s %s %s %s %s", b.zh, b.line, b.num, b.kindZH, c2.zh),
				fmt.Sprintf("%s %s %s %s — %s", b.en, b.line, b.num, b.kindZH, c.en),
				fmt.Sprintf("%s %s%s %s %s", b.en, b.line, b.num, b.kindEN, c2.en),
			}
			for k, t := range same {
				if pick(4) == 0 {
					continue
				}
				note, label := "same article", true
				if (k == 1 || k == 3) && c2.en != c.en {
					if named {
						note, label = "colour sibling "+c2.en, false
					} else {
						note = "same article; our title names no colour"
					}
				}
				out = append(out, pair{ourBrand, our, theirBrand(r, b.en, b.zh), t, "audio", label, note})
			}
			// The colour in marketing or plain words of another language,
			// and a sibling in another colour.
			lang := pick(len(c.plain))
			t := fmt.Sprintf("%s %s %s %s %s", b.en, b.line, b.num, b.kindEN, c.plain[lang])
			if pick(2) == 0 {
				t = fmt.Sprintf("%s %s%s %s %s", b.zh, b.line, b.num, b.kindZH, c.plain[lang])
			}
			out = append(out, pair{ourBrand, our, theirBrand(r, b.en, b.zh), t, "audio", true, "same article; colour as " + c.plain[lang]})
			if o := budColours[pick(len(budColours))]; o.en != c.en {
				name := []string{o.en, o.zh, o.plain[pick(len(o.plain))]}[pick(3)]
				t := fmt.Sprintf("%s %s %s %s (%s)", b.en, b.line, b.num, b.kindEN, name)
				if pick(2) == 0 {
					t = fmt.Sprintf("%s %s %s %s %s", b.zh, b.line, b.num, b.kindZH, name)
				}
				note, label := "colour sibling "+name, false
				if !named {
					note, label = "same article; our title names no colour", true
				}
				out = append(out, pair{ourBrand, our, theirBrand(r, b.en, b.zh), t, "audio", label, note})
			}
			// 2-pack and 3-pack siblings.
			for _, pk := range []string{"2-Pack", "3-Pack", "2只装"} {
				if pick(2) == 0 {
					continue
				}
				t := fmt.Sprintf("%s %s %s %s %s", b.en, b.line, b.num, b.kindEN, pk)
				if pk == "2只装" {
					t = fmt.Sprintf("%s %s %s %s %s", b.zh, b.line, b.num, b.kindZH, pk)
				}
				out = append(out, pair{ourBrand, our, theirBrand(r, b.en, b.zh), t, "audio", false, "pack sibling " + pk})
			}
			// Another model name of the brand with the same number.
			for _, n := range b.near {
				t := fmt.Sprintf("%s %s %s %s", b.zh, n, b.num, b.nearKindZH)
				if pick(2) == 0 {
					t = fmt.Sprintf("%s %s %s %s (%s)", b.en, n, b.num, b.nearKindEN, c.en)
				}
				out = append(out, pair{ourBrand, our, theirBrand(r, b.en, b.zh), t, "audio", false, "another model name " + n})
			}
			for _, n := range b.otherNumbers {
				t := fmt.Sprintf("%s %s %s %s (%s)", b.en, b.line, n, b.kindEN, c.en)
				out = append(out, pair{ourBrand, our, theirBrand(r, b.en, b.zh), t, "audio", false, "another model number " + n})
			}
			if pick(2) == 0 {
				t := fmt.Sprintf("%s %s %s %s 替换耳塞套 3对装", b.zh, b.line, b.num, "耳机")
				out = append(out, pair{ourBrand, our, "", t, "audio", false, "ear tips for the earbuds"})
			}
			if pick(2) == 0 {
				t := fmt.Sprintf("%s %s %s Charging Case Cover (%s)", b.en, b.line, b.num, c.en)
				out = append(out, pair{ourBrand, our, "", t, "audio", false, "cover for the case"})
			}
		}
	}
	return out
}

func theirBrand(r *rand.Rand, en, zh string) string {
	switch r.IntN(3) {
	case 0:
		return en
	case 1:
		return zh
	}
	return ""
}

// ---- English electronics with model codes ----

// family is a line of models whose codes share a prefix: "KX-TG" + "1033" +
// "S". Each shop writes the code its own way.
type family struct {
	brand    string
	prefix   string   // as the terse shop writes it, dash included
	models   []string // model numbers, each its own product
	suffixes []string // colour or region suffixes a model may carry
	long     string   // the marketing shop's words, %s for the model number when it says it
	short    string   // the terse shop's words
	generic  string   // a listing of the brand's line with no code (another article)
	acc      string   // an accessory for the model, %s for its code
}

var families = []family{
	{"Panasonic", "KX-TG", []string{"1033", "1034", "9348", "6700"}, []string{"S", "B", "T"},
		"DECT 6.0 Expandable Digital Cordless Phone System with Answering Machine", "Cordless Phone System",
		"Panasonic DECT 6.0 Cordless Phone with Caller ID Silver", "Panasonic KX-TCA60 Headset for %s Cordless Phones"},
	{"Panasonic", "DMC-FX", []string{"35", "55", "500"}, []string{"K", "S"},
		"Lumix 10.1 Megapixel Digital Camera with 3.6x Optical Zoom", "Lumix Digital Camera 10.1MP",
		"Panasonic Lumix Digital Camera Kit 8GB", "Panasonic DMW-BCE10 Battery Pack for %s"},
	{"Panasonic", "SC-PT", []string{"660", "760", "960"}, []string{""},
		"5-Disc DVD Home Theater System 1000 Watts 1080p Upconversion", "DVD Home Theater System",
		"Panasonic Home Theater Speaker System", ""},
	{"Sony", "DSC-W", []string{"120", "130", "150", "170"}, []string{"", "B", "S"},
		"Cyber-shot 7.2 Megapixel Digital Camera 4x Optical Zoom", "Cyber-shot Digital Camera",
		"Sony Cyber-shot Digital Camera Silver", "Sony LCS-CSJ Soft Carrying Case for %s"},
	{"Sony", "STR-DH", []string{"500", "700", "800"}, []string{""},
		"7.1-Channel A/V Home Theater Receiver with HDMI Switching", "Home Theater AV Receiver",
		"Sony 7.1 Channel Receiver", ""},
	{"Sony", "KDL-", []string{"40V4100", "46V4100", "52V4100", "40XBR7"}, []string{""},
		"Bravia V Series 1080p High Definition LCD Television", "Bravia LCD HDTV",
		"Sony Bravia LCD Flat Panel Television", "Sony SU-WL500 Wall Mount Bracket for %s"},
	{"Sony", "PS-LX", []string{"350H", "250H"}, []string{""},
		"Stereo Turntable System Belt Drive", "Belt-Drive Turntable",
		"Sony Turntable", ""},
	{"Canon", "CLI-8", []string{"G", "C", "M", "Y", "BK", "R"}, []string{""},
		"ChromaLife100 Ink Tank Cartridge for PIXMA Printers", "Ink Tank",
		"Canon Ink Cartridge Multi Pack", ""},
	{"Canon", "PowerShot SD", []string{"1100", "1000", "850", "770"}, []string{" IS"},
		"Digital ELPH 8.0 Megapixel Digital Camera 3x Optical Zoom", "Digital ELPH Camera",
		"Canon PowerShot Digital Camera Kit", "Canon PSC-55 Deluxe Soft Case for %s"},
	{"Samsung", "LN", []string{"46A650", "52A650", "40A550", "46A550"}, []string{""},
		"Series 6 LCD High Definition Television 50,000:1 Dynamic Contrast Ratio 120Hz", "LCD HDTV",
		"Samsung Series 6 LCD TV", ""},
	{"Samsung", "BD-P", []string{"1500", "2500", "3600"}, []string{""},
		"1080p Blu-ray Disc Player with HDMI Output", "Blu-ray Disc Player",
		"Samsung Blu-ray Player", ""},
	{"LG", "", []string{"42LG60", "47LG60", "32LG60", "50PG20"}, []string{""},
		"1080p LCD HDTV with 50,000:1 Dynamic Contrast", "Flat Panel HDTV",
		"LG 42 LCD Flat Panel TV", "LG AN-WL100 Wireless Kit for %s"},
	{"Apple", "MB", []string{"754", "111", "903", "261"}, []string{"LL/A"},
		"iPod nano 8GB Digital Music Player", "iPod nano 8GB",
		"Apple iPod nano Black", "Belkin Silicone Sleeve Case for iPod nano %s"},
	{"JBL", "ES", []string{"20", "30", "80"}, []string{"BK", "CH"},
		"Studio Series 2-Way Bookshelf Loudspeaker", "Bookshelf Speaker",
		"JBL Studio Series Loudspeaker", ""},
	{"Philips", "DVP", []string{"3980", "5990", "3982"}, []string{"/37", "/F7"},
		"DivX Progressive Scan DVD Player with 1080p Upscaling", "DVD Player",
		"Philips Progressive Scan DVD Player", ""},
	{"Onkyo", "TX-SR", []string{"606", "506", "706", "806"}, []string{"B", "S"},
		"7.1-Channel Digital Home Theater Receiver THX Select2", "A/V Receiver",
		"Onkyo 7.1 Channel Home Theater Receiver Black", ""},
	{"Garmin", "nuvi ", []string{"260W", "265W", "760", "205W"}, []string{""},
		"Portable GPS Navigator 4.3 Widescreen Display", "Portable GPS",
		"Garmin Portable GPS Navigation System", "Garmin Vehicle Suction Cup Mount for %s"},
	{"Logitech", "Z-", []string{"5500", "2300", "5300"}, []string{""},
		"THX Certified 5.1 Digital Speaker System", "Speaker System",
		"Logitech Computer Speakers", ""},
	{"Yamaha", "RX-V", []string{"663", "463", "863"}, []string{"BL", "SL"},
		"7.1-Channel Digital Home Theater Receiver", "AV Receiver",
		"Yamaha Natural Sound Receiver", ""},
	{"Pioneer", "VSX-", []string{"1018AH", "918V", "518"}, []string{"K"},
		"7.1 Channel A/V Receiver with HDMI", "Home Theater Receiver",
		"Pioneer Elite AV Receiver", ""},
	{"Sharp", "LC-", []string{"32D64U", "37D64U", "42D64U"}, []string{""},
		"Aquos 1080p LCD High Definition Television", "AQUOS LCD TV",
		"Sharp Aquos LCD HDTV", ""},
	{"Nikon", "Coolpix S", []string{"210", "510", "550"}, []string{""},
		"8.1 Megapixel Digital Camera 3x Zoom Nikkor Lens", "Digital Camera",
		"Nikon Coolpix Digital Camera", "Nikon EN-EL10 Rechargeable Battery for Coolpix %s"},
	{"Kenwood", "KDC-", []string{"348U", "148", "X592"}, []string{""},
		"CD Receiver with Front USB Input and Satellite Radio Ready", "Car CD Receiver",
		"Kenwood Car Stereo CD Receiver", ""},
	{"Linksys", "WRT", []string{"54GL", "160N", "310N"}, []string{""},
		"Wireless-G Broadband Router with 4-Port Switch", "Wireless Router",
		"Linksys Wireless Router", ""},
	{"Huawei", "FreeBuds ", []string{"5i", "4i", "SE"}, []string{""},
		"True Wireless Earbuds Active Noise Cancellation", "Wireless Earbuds",
		"Huawei Wireless Earbuds Black", ""},
	{"Xiaomi", "Redmi Buds ", []string{"4 Pro", "4 Lite", "5"}, []string{""},
		"Wireless Earbuds with Noise Cancellation", "Earbuds",
		"Xiaomi Wireless Earbuds", ""},
	{"Toshiba", "", []string{"42RV530U", "46RV530U", "32AV50U"}, []string{""},
		"REGZA 1080p LCD HDTV High Definition", "REGZA LCD TV",
		"Toshiba REGZA LCD TV", ""},
	{"Philips", "SHN", []string{"9500", "7500"}, []string{""},
		"Noise Canceling In-Ear Headphones", "Noise Canceling Earphones",
		"Philips In-Ear Headphones", ""},
}

// descriptive noise one shop adds: words and numbers that are not the model.
var noiseWords = []string{"Digital", "High Definition", "Kit", "Cable Included", "Black", "New", "1080p", "HDMI", "Series 7"}

func compact(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return strings.ToUpper(b.String())
}

// codeParts splits a model's full code for the two shops: the dashed form
// and the compact one, with its suffix.
func codeOf(f family, model, suffix string) (dashed, compacted string) {
	dashed = f.prefix + model + suffix
	if f.prefix == "nuvi " || f.prefix == "FreeBuds " || f.prefix == "Redmi Buds " || strings.HasPrefix(f.prefix, "PowerShot") || strings.HasPrefix(f.prefix, "Coolpix") {
		return dashed, dashed
	}
	return dashed, compact(dashed)
}

func codes() []pair {
	r := rand.New(rand.NewPCG(1998, 4))
	pick := r.IntN
	var out []pair
	add := func(ourBrand, our, theirBrand, their string, same bool, note string) {
		out = append(out, pair{ourBrand, our, theirBrand, their, "", same, note})
	}
	for fi, f := range families {
		for mi, m := range f.models {
			suffix := f.suffixes[pick(len(f.suffixes))]
			dashed, compacted := codeOf(f, m, suffix)
			// The marketing shop: words first, the compact code last, and
			// often no brand field.
			long := f.long
			if pick(3) == 0 {
				long = noiseWords[pick(len(noiseWords))] + " " + long
			}
			our := fmt.Sprintf("%s %s - %s", f.brand, long, compacted)
			if f.prefix == "nuvi " || strings.HasPrefix(f.prefix, "PowerShot") || strings.HasPrefix(f.prefix, "Coolpix") || strings.HasPrefix(f.prefix, "FreeBuds") || strings.HasPrefix(f.prefix, "Redmi") {
				our = fmt.Sprintf("%s %s %s", f.brand, dashed, long)
			}
			ourBrand := ""
			if pick(3) == 0 {
				ourBrand = f.brand
			}
			tb := func() string {
				if pick(2) == 0 {
					return f.brand
				}
				return ""
			}
			// The same article from the terse shop, the code written its
			// way.
			variantsOf := []struct{ title, note string }{
				{fmt.Sprintf("%s %s %s", f.brand, dashed, f.short), "code dashed on one side, compact on the other"},
				{fmt.Sprintf("%s %s %s", dashed, f.short, noiseWords[pick(len(noiseWords))]), "no brand in the title; descriptive word on one side"},
				{fmt.Sprintf("%s %s - %s", f.brand, f.short, strings.Replace(dashed, "-", " ", 1)), "code split at the dash"},
			}
			if suffix != "" && suffix != " IS" {
				base, _ := codeOf(f, m, "")
				variantsOf = append(variantsOf, struct{ title, note string }{
					fmt.Sprintf("%s %s %s", f.brand, base, f.short), "colour or region suffix left out"})
			}
			if strings.Contains(suffix, "/") {
				variantsOf = append(variantsOf, struct{ title, note string }{
					fmt.Sprintf("%s %s %s", f.brand, compact(dashed), f.short), "region suffix written without its slash"})
			}
			for _, v := range variantsOf {
				if pick(5) == 0 {
					continue
				}
				add(ourBrand, our, tb(), v.title, true, v.note)
			}
			// Near codes of the family: another model number.
			for oi, o := range f.models {
				if oi == mi || pick(3) == 0 {
					continue
				}
				od, oc := codeOf(f, o, f.suffixes[pick(len(f.suffixes))])
				t := fmt.Sprintf("%s %s %s", f.brand, od, f.short)
				if pick(3) == 0 {
					t = fmt.Sprintf("%s %s - %s", f.brand, f.long, oc)
				}
				add(ourBrand, our, tb(), t, false, "near code "+od)
			}
			// A listing of the line without any code is not this model.
			if pick(2) == 0 {
				add(ourBrand, our, tb(), f.generic, false, "listing without a code")
			}
			if f.acc != "" && pick(2) == 0 {
				add(ourBrand, our, "", fmt.Sprintf(f.acc, dashed), false, "accessory for the model")
			}
			// Another brand's article of the same kind.
			g := families[(fi+1+pick(len(families)-1))%len(families)]
			if g.brand != f.brand && pick(2) == 0 {
				gd, _ := codeOf(g, g.models[0], g.suffixes[0])
				add(ourBrand, our, tb(), fmt.Sprintf("%s %s %s", g.brand, gd, g.short), false, "another brand's model")
			}
		}
	}
	return out
}
