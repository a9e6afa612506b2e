package match

import (
	"slices"
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// TestRunPicksTheVariantWhoseOptionsAgree runs whole shops' variant lists
// against one catalog item: the matcher must keep the sibling whose options
// agree, never a sibling that differs in storage, pack count or model, and
// leave a choice between prices to a person.
func TestRunPicksTheVariantWhoseOptionsAgree(t *testing.T) {
	lite := func(key, title string) pricing.Offer { return listing("en", key, "Samsung", title, "phones") }
	tests := []struct {
		name       string
		item       pricing.CatalogItem
		offers     []pricing.Offer
		matches    []string
		candidates []string
	}{
		{
			name: "the storage our title names wins over its siblings",
			item: item("L256", "三星", "三星 Lite 55 5G手机 12GB+256GB 曜石黑", "phones", ""),
			offers: []pricing.Offer{
				lite("v1", "Samsung Lite 55 5G Smartphone — 8GB+128GB / Obsidian Black"),
				lite("v2", "Samsung Lite 55 5G Smartphone — 12GB+256GB / Obsidian Black"),
				lite("v3", "Samsung Lite 55 5G Smartphone — 12GB+512GB / Obsidian Black"),
			},
			matches: []string{"L256~en/v2 fuzzy"},
		},
		{
			name: "the colour our title names wins over a sibling in another colour",
			item: item("L256", "三星", "Samsung Lite 55 12GB+256GB Glacier Blue", "phones", ""),
			offers: []pricing.Offer{
				lite("v1", "Samsung Lite 55 5G Smartphone — 12GB+256GB / Obsidian Black"),
				lite("v2", "Samsung Lite 55 5G Smartphone — 12GB+256GB / Glacier Blue"),
			},
			matches: []string{"L256~en/v2 fuzzy"},
			// The other colour is another article; it read less alike
			// already and the colour conflict leaves it below review.
		},
		{
			name: "the colour our title names in Chinese wins over siblings in English",
			item: item("L256", "三星", "三星 Lite 55 5G手机 12GB+256GB 曜石黑", "phones", ""),
			offers: []pricing.Offer{
				lite("v1", "Samsung Lite 55 5G Smartphone — 12GB+256GB / Mint Green"),
				lite("v2", "Samsung Lite 55 5G Smartphone — 12GB+256GB / Obsidian Black"),
				lite("v3", "Samsung Lite 55 5G Smartphone — 12GB+256GB / Pearl White"),
			},
			matches:    []string{"L256~en/v2 fuzzy"},
			candidates: []string{"L256~en/v1 fuzzy", "L256~en/v3 fuzzy"},
		},
		{
			name: "siblings differing only in a colour our title does not name give one match, the same every run",
			item: item("L256", "三星", "三星 Lite 55 12GB+256GB", "phones", ""),
			offers: []pricing.Offer{
				lite("v2", "Samsung Lite 55 5G Smartphone — 12GB+256GB / Pearl White"),
				lite("v1", "Samsung Lite 55 5G Smartphone — 12GB+256GB / Obsidian Black"),
			},
			matches: []string{"L256~en/v1 fuzzy"},
		},
		{
			name: "siblings differing in storage our title does not name are offered for review, not matched",
			item: item("L", "三星", "Samsung Lite 55 5G Smartphone", "phones", ""),
			offers: []pricing.Offer{
				lite("v1", "Samsung Lite 55 5G Smartphone — 8GB+128GB / Obsidian Black"),
				lite("v2", "Samsung Lite 55 5G Smartphone — 12GB+256GB / Obsidian Black"),
			},
			candidates: []string{"L~en/v1 fuzzy", "L~en/v2 fuzzy"},
		},
		{
			name: "the single earbuds are not the 2-pack",
			item: item("F16", "Bose", "Bose Free 16 运动蓝牙耳机 黑色", "audio", ""),
			offers: []pricing.Offer{
				listing("en", "p2", "Bose", "Bose Free 16 Sport Bluetooth Earbuds 2-Pack", "audio"),
				listing("en", "p1", "Bose", "Bose Free 16 Sport Bluetooth Earbuds (Black)", "audio"),
			},
			matches: []string{"F16~en/p1 fuzzy"},
		},
		{
			name: "another model name of the brand with the same number is not matched",
			item: item("F16", "Bose", "Bose Free 16 运动蓝牙耳机", "audio", ""),
			offers: []pricing.Offer{
				listing("cn", "a16", "Bose", "Bose Air 16 头戴式蓝牙耳机", "audio"),
			},
		},
		{
			name: "clothing sizes are siblings priced alike: one match",
			item: item("TEE", "Uniqlo", "Uniqlo Supima Cotton T-Shirt Blue", "apparel", ""),
			offers: []pricing.Offer{
				listing("en", "m", "Uniqlo", "Uniqlo Supima Cotton T-Shirt (Blue, M)", "apparel"),
				listing("en", "xl", "Uniqlo", "Uniqlo Supima Cotton T-Shirt (Blue, XL)", "apparel"),
			},
			matches: []string{"TEE~en/m fuzzy"},
		},
		{
			name: "two shops each get their own variant",
			item: item("L256", "三星", "三星 Lite 55 5G手机 12GB+256GB", "phones", ""),
			offers: []pricing.Offer{
				lite("v2", "Samsung Lite 55 5G Smartphone — 12GB+256GB / Obsidian Black"),
				listing("cn", "x", "三星", "三星 Lite55 12G+256G 全网通5G手机 冰川蓝", "phones"),
				listing("cn", "y", "三星", "三星 Lite55 8G+128G 全网通5G手机 冰川蓝", "phones"),
			},
			matches: []string{"L256~cn/x fuzzy", "L256~en/v2 fuzzy"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Run([]pricing.CatalogItem{tt.item}, tt.offers, nil, DefaultOptions())
			if got := pairs(res.Matches); !slices.Equal(got, append([]string{}, tt.matches...)) {
				t.Errorf("matches = %q, want %q", got, tt.matches)
			}
			if got := pairs(res.Candidates); !slices.Equal(got, append([]string{}, tt.candidates...)) {
				t.Errorf("candidates = %q, want %q", got, tt.candidates)
			}
		})
	}
}

// TestRunGivesReasons checks that every match and candidate says why, in
// the phrases pricing.Match.Reasons documents.
func TestRunGivesReasons(t *testing.T) {
	tests := []struct {
		name     string
		item     pricing.CatalogItem
		offer    pricing.Offer
		opt      func(*Options)
		want     []string // phrases the reasons must contain
		asCandid bool
	}{
		{
			name:  "an equal code written differently is named",
			item:  item("A", "", "Apple iPod nano 8GB Digital Music Player - MB754LLA", "", ""),
			offer: listing("buy", "1", "Apple", "Apple MB754LL/A iPod nano 8GB", ""),
			want:  []string{"code mb754lla", "tokens "},
		},
		{
			name:  "a code equal up to a suffix names both",
			item:  item("O", "", "Onkyo 7.1-Channel Home Theater Receiver - TXSR606B", "", ""),
			offer: listing("buy", "1", "", "Onkyo TX-SR606 A/V Receiver", ""),
			want:  []string{"code txsr606b~txsr606"},
		},
		{
			name:  "a GTIN match names the GTIN and the brand",
			item:  item("G", "Apple", "iPhone", "", "0194253401216"),
			offer: withGTIN(listing("jd", "1", "Apple", "something", ""), "0194253401216"),
			want:  []string{"gtin 00194253401216", "brand apple"},
		},
		{
			name:     "a storage conflict is a penalty with both sizes",
			item:     item("P", "Apple", "Apple iPhone 15 Pro 256GB", "", ""),
			offer:    listing("jd", "1", "Apple", "Apple iPhone 15 Pro 128GB", ""),
			opt:      func(o *Options) { o.CandidateThreshold = 0.01 },
			want:     []string{"brand apple", "penalty: unit conflict 256gb/128gb"},
			asCandid: true,
		},
		{
			name:     "a model name conflict is a penalty with both names",
			item:     item("F", "Bose", "Bose Free 16 运动蓝牙耳机", "", ""),
			offer:    listing("cn", "1", "Bose", "Bose Air 16 头戴式蓝牙耳机", ""),
			opt:      func(o *Options) { o.CandidateThreshold = 0.01 },
			want:     []string{"penalty: model conflict free/air"},
			asCandid: true,
		},
		{
			name:     "near codes of one family are a code conflict",
			item:     item("K", "", "Panasonic DECT 6.0 Cordless Phone - KXTG1033S", "", ""),
			offer:    listing("buy", "1", "", "Panasonic KX-TG1034S Cordless Phone", ""),
			opt:      func(o *Options) { o.CandidateThreshold = 0.01 },
			want:     []string{"penalty: code conflict kxtg1033s/kxtg1034s"},
			asCandid: true,
		},
		{
			name:     "an accessory is a penalty naming its kind",
			item:     item("I", "Apple", "Apple iPhone 15 128GB", "", ""),
			offer:    listing("jd", "1", "", "iPhone 15 Clear Case", ""),
			opt:      func(o *Options) { o.CandidateThreshold = 0.01 },
			want:     []string{"penalty: accessory case"},
			asCandid: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := DefaultOptions()
			if tt.opt != nil {
				tt.opt(&opt)
			}
			res := Run([]pricing.CatalogItem{tt.item}, []pricing.Offer{tt.offer}, nil, opt)
			ms := res.Matches
			if tt.asCandid {
				ms = res.Candidates
			}
			if len(ms) != 1 {
				t.Fatalf("matches %+v, candidates %+v: want one %s", res.Matches, res.Candidates, map[bool]string{true: "candidate", false: "match"}[tt.asCandid])
			}
			got := strings.Join(ms[0].Reasons, "; ")
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("reasons %q lack %q", got, w)
				}
			}
		})
	}
}
