package match

import (
	"math"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func texts(ts []token) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.text
	}
	return out
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name  string
		title string
		want  []string // tokens that must be present
		not   []string // tokens that must be absent
	}{
		{"millilitres glued and spaced read alike", "Water 500ml", []string{"500ml"}, nil},
		{"a spaced unit joins its number", "Water 500 ml", []string{"500ml"}, []string{"500"}},
		{"gigabytes glued and spaced read alike", "Phone 256 GB", []string{"256gb"}, []string{"256"}},
		{"a Chinese shop's G after a memory size is gigabytes", "Mate60 512G", []string{"512gb"}, nil},
		{"a G after another number is grams", "Coffee 15g", []string{"15g"}, []string{"15gb"}},
		{"litres are scaled to millilitres", "水 1.5L", []string{"1500ml"}, nil},
		{"Chinese litres are scaled to millilitres", "天然水 1.5升", []string{"1500ml"}, nil},
		{"kilograms are scaled to grams", "Rice 2kg", []string{"2000g"}, nil},
		{"jin are scaled to grams", "大米 10斤", []string{"5000g"}, nil},
		{"terabytes are scaled to gigabytes", "SSD 1TB", []string{"1024gb"}, nil},
		{"a variant word joins its model number", "iPhone 15 Pro 256GB", []string{"15pro", "iphone", "256gb"}, []string{"15", "pro"}},
		{"stacked variant words join too", "iPhone 15 Pro Max", []string{"15promax"}, nil},
		{"a trailing plus is a variant", "Galaxy S24+ 256GB", []string{"24plus", "256gb"}, nil},
		{"a variant before a number joins it", "Lolli Pro3", []string{"pro3"}, nil},
		{"a word glued to a number is split from it", "Mate60 Pro", []string{"mate", "60pro"}, nil},
		{"a memory pair gives both sizes", "12GB+512GB", []string{"12gb", "512gb"}, nil},
		{"a memory pair without the first unit gives both sizes", "16+512GB", []string{"16gb", "512gb"}, nil},
		{"a memory pair without units gives both sizes", "16+512", []string{"16gb", "512gb"}, nil},
		{"a star count is a pack count", "550ml*24瓶", []string{"550ml", "×24"}, nil},
		{"a Chinese count word is a pack count", "550ml 24瓶装", []string{"550ml", "×24"}, []string{"装", "24"}},
		{"an x count is a pack count", "330ml x 24 罐", []string{"330ml", "×24"}, nil},
		{"a count before x is a pack count", "4 x 250 ml", []string{"×4", "250ml"}, nil},
		{"a dashed pack is a pack count", "12oz Cans 12-Pack", []string{"12oz", "×12"}, nil},
		{"fluid ounces are ounces", "12 fl oz", []string{"12oz"}, nil},
		{"an inch mark is a unit", `MacBook Pro 14"`, []string{"14inch"}, nil},
		{"Chinese inches are inches", "13.2英寸", []string{"13.2inch"}, nil},
		{"an ordinal is its number", "iPad (10th generation)", []string{"10"}, []string{"th", "10th"}},
		{"a Chinese generation is its number", "AirPods 第二代", []string{"2"}, nil},
		{"a Roman numeral is its number", "Mark II", []string{"2"}, []string{"ii"}},
		{"Han text gives bigrams and characters", "饮用天然水", []string{"饮用", "用天", "天然", "然水", "饮", "水"}, nil},
		{"full-width letters and digits are folded", "ＨＵＡＷＥＩ　Ｍａｔｅ６０", []string{"huawei", "mate", "60"}, nil},
		{"accents are dropped", "Lancôme Génifique", []string{"lancome", "genifique"}, nil},
		{"a possessive s is dropped", "Levi's Men's", []string{"levi", "men"}, []string{"s"}},
		{"a model code keeps its letters and suffix", "WH-1000XM5", []string{"wh", "1000xm", "5"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := texts(tokenize(tt.title))
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("tokenize(%q) = %q, missing %q", tt.title, got, w)
				}
			}
			for _, n := range tt.not {
				if slices.Contains(got, n) {
					t.Errorf("tokenize(%q) = %q, has %q", tt.title, got, n)
				}
			}
		})
	}
}

func TestSimilarity(t *testing.T) {
	tests := []struct {
		name    string
		a, b    string
		atLeast float64
		atMost  float64
	}{
		{"identical titles score one", "Apple iPhone 15 Pro 256GB", "Apple iPhone 15 Pro 256GB", 1, 1},
		{"spacing and width do not matter", "iPhone 15 Pro 256GB", "ｉＰｈｏｎｅ　15 Pro 256 GB", 1, 1},
		{"another colour is another article", "Apple iPhone 15 Pro 256GB Natural Titanium", "Apple iPhone 15 Pro 256GB Blue Titanium", 0, 0.55},
		{"another Chinese colour name is another article", "华为 Mate 60 Pro 512GB 雅川青", "华为 Mate 60 Pro 512GB 曜金黑", 0, 0.55},
		{"one colour in two languages is the same product", "华为 Mate 60 Pro 512GB 曜金黑", "HUAWEI Mate 60 Pro 512GB Black", 0.8, 1},
		{"a colour on one side only costs little", "Apple iPhone 15 Pro 256GB", "Apple iPhone 15 Pro 256GB Blue Titanium", 0.8, 1},
		{"another storage size is another product", "iPhone 15 Pro 256GB", "iPhone 15 Pro 128GB", 0, 0.3},
		{"another bottle size is another product", "农夫山泉 550ml*24瓶", "农夫山泉 380ml*24瓶", 0, 0.3},
		{"half a litre and a litre differ", "Water 500ml", "Water 1L", 0, 0.3},
		{"another model number is another product", "Nike Air Zoom Pegasus 40", "Nike Air Zoom Pegasus 41", 0, 0.3},
		{"the Pro is not the base model", "iPhone 15 128GB", "iPhone 15 Pro 128GB", 0, 0.3},
		{"a case is not the phone", "iPhone 15 128GB", "iPhone 15 128GB Clear Case", 0, 0.3},
		{"a screen film is not the phone", "iPhone 15", "iPhone 15 钢化膜", 0, 0.3},
		{"a pack total matches the unit size times the count", "雀巢 1+2 原味 15g*30条", "雀巢 1+2 原味 30条 450g", 0.6, 1},
		{"a zero-sugar variant is another product", "可口可乐 330ml*24罐", "可口可乐 零度 无糖 330ml*24罐", 0, 0.5},
		{"another flavour is another product", "苏打气泡水 白桃味 480ml", "苏打气泡水 青瓜味 480ml", 0, 0.3},
		{"the women's model is not the men's", "Pegasus 40 Men's Shoes", "Pegasus 40 女子跑鞋", 0, 0.4},
		{"titles with nothing in common score zero", "Apple iPhone", "农夫山泉", 0, 0},
		{"an empty title scores zero", "", "Apple iPhone", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Similarity(tt.a, tt.b)
			if got < tt.atLeast || got > tt.atMost {
				t.Errorf("Similarity(%q, %q) = %.3f, want in [%.2f, %.2f]", tt.a, tt.b, got, tt.atLeast, tt.atMost)
			}
			if back := Similarity(tt.b, tt.a); back != got {
				t.Errorf("Similarity is not symmetric: %.6f one way, %.6f the other", got, back)
			}
		})
	}
}

func FuzzSimilarity(f *testing.F) {
	seeds := [][2]string{
		{"华为 Mate 60 Pro 12GB+512GB 雅川青", "HUAWEI Mate60 Pro 512G 黑色"},
		{"农夫山泉 饮用天然水 550ml*24瓶", "农夫山泉 550ml 24瓶装"},
		{"Apple iPhone 15 Pro (256 GB) - Blue", "iPhone 15 Clear Case with MagSafe"},
		{"4 x 250 ml", "16+512"},
		{"Pro3 第二代 12-Pack", "x 24 罐 1.5.5L"},
		{"", "ＨＵＡＷＥＩ"},
		{"Lolli Pro 3 +", "Men's 'II' 10th %"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) {
			return
		}
		ab, ba := Similarity(a, b), Similarity(b, a)
		if math.IsNaN(ab) || ab < 0 || ab > 1 {
			t.Fatalf("Similarity(%q, %q) = %v, outside [0, 1]", a, b, ab)
		}
		if ab != ba {
			t.Fatalf("Similarity(%q, %q) = %v but %v the other way", a, b, ab, ba)
		}
		if len(tokenize(a)) > 0 {
			if s := Similarity(a, a); s != 1 {
				t.Fatalf("Similarity(%q, itself) = %v, want 1 (tokens %q)", a, s, strings.Join(texts(tokenize(a)), " "))
			}
		}
	})
}

func TestTokenizeCodesAndOptions(t *testing.T) {
	tests := []struct {
		name  string
		title string
		want  []string
		not   []string
	}{
		{"a code's ending is not gigabytes", "Canon CLI8G Ink", []string{"8g"}, []string{"8gb"}},
		{"a code's ending is not terabytes", "Panasonic KXTG9348T", []string{"9348t"}, []string{"9348gb"}},
		{"a dashed pack is a pack count", "Bose Free 16 Earbuds 2-Pack", []string{"×2", "16"}, nil},
		{"letter clothing sizes are sizes", "T-Shirt (Blue, XL)", []string{"xl"}, nil},
		{"a single-letter size after a colour is a size", "T-Shirt Black / M", []string{"m"}, nil},
		{"megapixels are a unit", "10.1 Megapixel Camera", []string{"10.1mp"}, nil},
		{"a Chinese product word also gives its English word", "蓝牙耳机", []string{"bluetooth"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := texts(tokenize(tt.title))
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("tokenize(%q) = %q, missing %q", tt.title, got, w)
				}
			}
			for _, n := range tt.not {
				if slices.Contains(got, n) {
					t.Errorf("tokenize(%q) = %q, has %q", tt.title, got, n)
				}
			}
		})
	}
}

func TestNumberFlags(t *testing.T) {
	tests := []struct {
		name  string
		title string
		tok   string
		want  tflag
	}{
		{"a channel count with decimals describes", "Onkyo 7.1-Channel Receiver", "7.1", fDesc},
		{"a resolution describes", "Player 1080p Upscaling", "1080p", fDesc},
		{"a number before a dashed word describes", "JBL 2-Way Speaker", "2", fDesc},
		{"a series number is soft", "Samsung Series 7 LCD", "7", fSoft},
		{"a model number is neither", "Bose Free 16", "16", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, tk := range tokenize(tt.title) {
				if tk.text == tt.tok {
					if got := tk.flags & (fDesc | fSoft); got != tt.want {
						t.Errorf("%q in %q has flags %b, want %b", tt.tok, tt.title, got, tt.want)
					}
					return
				}
			}
			t.Errorf("%q has no token %q: %q", tt.title, tt.tok, texts(tokenize(tt.title)))
		})
	}
}
