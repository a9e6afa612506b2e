package extract

import (
	"regexp"
	"testing"
)

func TestVariantTitle(t *testing.T) {
	tests := []struct {
		name, title string
		opts        []string
		want        string
	}{
		{"options follow the title after an em dash", "Samsung Lite 55 5G Smartphone", []string{"12GB+256GB", "Obsidian Black"}, "Samsung Lite 55 5G Smartphone — 12GB+256GB / Obsidian Black"},
		{"an option group is split on slashes", "Tee", []string{"Navy / M"}, "Tee — Navy / M"},
		{"an option the title names is left out", "Galaxy Buds 3 Pro White", []string{"white", "With case"}, "Galaxy Buds 3 Pro White — With case"},
		{"spacing and width do not hide a named option", "Phone 12 GB", []string{"１２GB", "Blue"}, "Phone 12 GB — Blue"},
		{"a word inside another word is not named", "BlackBerry Key2", []string{"Black"}, "BlackBerry Key2 — Black"},
		{"a CJK option inside a CJK title is named", "小米14 黑色版", []string{"黑色", "16GB+512GB"}, "小米14 黑色版 — 16GB+512GB"},
		{"repeated options are given once", "Mug", []string{"Blue", "blue"}, "Mug — Blue"},
		{"no options leave the title", "Cable", nil, "Cable"},
		{"no title gives the options", "", []string{"Red", "L"}, "Red / L"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := VariantTitle(tt.title, tt.opts...); got != tt.want {
				t.Errorf("VariantTitle(%q, %q) = %q, want %q", tt.title, tt.opts, got, tt.want)
			}
		})
	}
}

func TestVariantTitleFromOwnName(t *testing.T) {
	tests := []struct {
		name, group, own string
		opts             []string
		want             string
	}{
		{"a name that is only options is appended", "Tee", "Navy / M", nil, "Tee — Navy / M"},
		{"a name that starts with the title becomes options", "Anker Power Bank", "Anker Power Bank 20000mAh, 2-Pack", nil, "Anker Power Bank — 20000mAh / 2-Pack"},
		{"a full title of its own keeps its words", "Samsung Galaxy S24 Ultra", "Galaxy S24 Ultra 256GB", []string{"Titanium Black"}, "Galaxy S24 Ultra 256GB — Titanium Black"},
		{"the group's own name gets the options", "Tee", "Tee", []string{"Red"}, "Tee — Red"},
		{"a title prefix must end at a word boundary", "Tee", "Teeshirt Red", nil, "Tee — Teeshirt Red"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := variantTitle(tt.group, tt.own, tt.opts); got != tt.want {
				t.Errorf("variantTitle(%q, %q, %q) = %q, want %q", tt.group, tt.own, tt.opts, got, tt.want)
			}
		})
	}
}

func TestFilter(t *testing.T) {
	tests := []struct {
		name   string
		filter Filter
		text   string
		want   string
		ok     bool
	}{
		{"a regex keeps its first group", Filter{Regex: `编号[:：]\s*(\w+)`}, "商品编号：B100001 | 店铺：x", "B100001", true},
		{"a regex without groups keeps the whole match", Filter{Regex: `\d{13}`}, "EAN 4006381333931 (new)", "4006381333931", true},
		{"the first group that took part is kept", Filter{Regex: `SKU: (\w+)|Art\.-Nr\. (\d+)`}, "Art.-Nr. 123456", "123456", true},
		{"a regex that does not match gives nothing", Filter{Regex: `编号[:：](\w+)`}, "店铺：x", "", false},
		{"replace rewrites every match", Filter{Regex: `(\d+)元`, Replace: "¥$1"}, "到手价 299元", "到手价 ¥299", true},
		{"an empty replace deletes every match", Filter{Regex: `【[^】]*】`, Rewrite: true}, "耳机【官方】【包邮】", "耳机", true},
		{"replace keeps text it does not match", Filter{Regex: `-`, Rewrite: true}, "B100001", "B100001", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.filter.Validate(); err != nil {
				t.Fatal(err)
			}
			got, ok := tt.filter.apply(regexp.MustCompile(tt.filter.Regex), tt.text)
			if got != tt.want || ok != tt.ok {
				t.Errorf("apply(%q) = %q, %v; want %q, %v", tt.text, got, ok, tt.want, tt.ok)
			}
		})
	}
	bad := []struct {
		name   string
		filter Filter
	}{
		{"a regex that does not compile", Filter{Regex: `(`}},
		{"a replace without a regex", Filter{Replace: "$1"}},
		{"a group number beyond the regex's", Filter{Regex: `(a)`, Replace: "$2"}},
		{"an unknown group name", Filter{Regex: `(?P<x>a)`, Replace: "${y}"}},
	}
	for _, tt := range bad {
		t.Run(tt.name+" is invalid", func(t *testing.T) {
			if err := tt.filter.Validate(); err == nil {
				t.Errorf("Validate(%+v) = nil, want an error", tt.filter)
			}
		})
	}
}
