package category

import (
	"errors"
	"testing"
)

// testTree is a small market: phones, hierarchical audio categories, tea.
func testTree(t *testing.T) *Tree {
	t.Helper()
	tr := New()
	for _, c := range []string{"Phones", "audio/earphones", "audio/speakers", "Tea", "accessories/cables", "video/cables"} {
		if err := tr.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	g := tr.Global()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range []string{"手机", "mobile phones", "Smartphones", "Handys", "携帯電話", "휴대폰", "Téléphones", "TV/Audio Phones"} {
		must(g.AddName("Phones", n))
	}
	for _, n := range []string{"耳机", "Headphones", "Kopfhörer", "イヤホン", "蓝牙耳机"} {
		must(g.AddName("audio/earphones", n))
	}
	must(g.AddName("Tea", "茶叶"))
	must(g.AddPath("Phones", "Electronics > Mobile"))
	must(g.AddPath("audio/speakers", "Audio > Speakers"))
	must(g.AddURL("Tea", "/category/chaye"))
	must(g.AddURL("Phones", `(?i)/c/phones/`))
	return tr
}

func TestMapFindsTheCanonicalCategory(t *testing.T) {
	tr := testTree(t)
	over := tr.NewRules()
	if err := over.AddName("Tea", "Phones & Tea"); err != nil {
		t.Fatal(err)
	}
	if err := over.AddName("audio/speakers", "耳机"); err != nil { // this shop calls its speakers 耳机
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		overrides *Rules
		source    string
		urls      []string
		want      string
	}{
		{"a canonical name maps to itself", nil, "Phones", nil, "Phones"},
		{"case does not matter", nil, "PHONES", nil, "Phones"},
		{"full-width letters are the same letters", nil, "ＰＨＯＮＥＳ", nil, "Phones"},
		{"runs of space and the ideographic space are one space", nil, "mobile\u3000\u3000 phones ", nil, "Phones"},
		{"a Chinese name maps", nil, "手机", nil, "Phones"},
		{"a Japanese name maps", nil, "携帯電話", nil, "Phones"},
		{"a Korean name maps", nil, "휴대폰", nil, "Phones"},
		{"a German name with an umlaut maps", nil, "KOPFHÖRER", nil, "audio/earphones"},
		{"a French name with an accent maps", nil, "téléphones", nil, "Phones"},
		{"a breadcrumb maps on its most specific crumb", nil, "首页 > 数码 > 手机", nil, "Phones"},
		{"a crumb walk goes back past unknown crumbs", nil, "Home > Phones > Refurbished", nil, "Phones"},
		{"the most specific known crumb wins", nil, "Home > Phones > Headphones", nil, "audio/earphones"},
		{"a configured path matches inside a longer path", nil, "Home > Electronics > Mobile", nil, "Phones"},
		{"a path with other separators matches", nil, "Home » Electronics › Mobile", nil, "Phones"},
		{"a slash path matches when no other separator is used", nil, "Home / Audio / Speakers", nil, "audio/speakers"},
		{"a name with a slash matches as a whole", nil, "TV/Audio Phones", nil, "Phones"},
		{"a hierarchical name's last step maps", nil, "Earphones", nil, "audio/earphones"},
		{"a hierarchical name maps in full", nil, "Audio/Earphones", nil, "audio/earphones"},
		{"a last step shared by two canonicals maps to neither", nil, "Cables", nil, ""},
		{"an unknown category maps to nothing", nil, "Garden", nil, ""},
		{"an empty source maps to nothing", nil, "", nil, ""},
		{"a URL pattern maps what the source does not", nil, "Garden", []string{"https://shop.example/p/1", "https://shop.example/category/chaye?page=2"}, "Tea"},
		{"a URL pattern can be case-insensitive", nil, "", []string{"https://shop.example/C/Phones/x"}, "Phones"},
		{"the source wins over the URL", nil, "耳机", []string{"https://shop.example/c/phones/"}, "audio/earphones"},
		{"a shop's override adds a name", over, "phones & tea", nil, "Tea"},
		{"a shop's override wins over the global name", over, "耳机", nil, "audio/speakers"},
		{"a shop's override leaves the rest global", over, "手机", nil, "Phones"},
		{"another shop keeps the global name", nil, "耳机", nil, "audio/earphones"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tr.Mapper(tt.overrides).Map(tt.source, tt.urls...)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("Map(%q, %q) = %q, %v; want %q", tt.source, tt.urls, got, ok, tt.want)
			}
		})
	}
}

func TestFixedMapsEverythingToOneCategory(t *testing.T) {
	for _, src := range []string{"", "手机", "Garden"} {
		if got, ok := Fixed("Tea").Map(src); got != "Tea" || !ok {
			t.Errorf("Fixed(Tea).Map(%q) = %q, %v", src, got, ok)
		}
	}
	var m *Mapper
	if got, ok := m.Map("Phones"); got != "" || ok {
		t.Errorf("nil mapper mapped %q", got)
	}
}

func TestRulesRejectConflictsAndUnknownCategories(t *testing.T) {
	tr := testTree(t)
	g := tr.Global()
	tests := []struct {
		name     string
		add      func() error
		conflict bool
	}{
		{"a name already mapped to another category", func() error { return g.AddName("Tea", "ｍｏｂｉｌｅ phones") }, true},
		{"another canonical's own name", func() error { return g.AddName("Tea", "phones") }, true},
		{"a path already mapped to another category", func() error { return g.AddPath("Tea", "electronics>mobile") }, true},
		{"an unknown canonical name", func() error { return g.AddName("Garden", "花园") }, false},
		{"an unknown canonical path", func() error { return g.AddPath("Garden", "Home > Garden") }, false},
		{"a bad URL pattern", func() error { return g.AddURL("Tea", "/c/(tea") }, false},
		{"an empty name", func() error { return g.AddName("Tea", "  ") }, false},
		{"a canonical given twice", func() error { return tr.Add("PHONES") }, false},
		{"a canonical that is another's source name", func() error { return tr.Add("手机") }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is an error", func(t *testing.T) {
			err := tt.add()
			if err == nil {
				t.Fatal("no error")
			}
			if errors.Is(err, ErrConflict) != tt.conflict {
				t.Errorf("err = %v, conflict %v, want %v", err, errors.Is(err, ErrConflict), tt.conflict)
			}
		})
	}
	if err := g.AddName("Phones", "手机"); err != nil {
		t.Errorf("mapping a name again to the same category: %v", err)
	}
}

func TestCrumbs(t *testing.T) {
	tests := map[string][]string{
		"Electronics > Phones":      {"electronics", "phones"},
		"首页 ＞ 手机":                   {"首页", "手机"},
		" Home » Audio › Speakers ": {"home", "audio", "speakers"},
		"A | B":                     {"a", "b"},
		"TV/Audio > Phones":         {"tv/audio", "phones"},
		"Audio/Speakers":            {"audio", "speakers"},
		">> Phones >":               {"phones"},
		"":                          nil,
	}
	for in, want := range tests {
		got := Crumbs(in)
		if len(got) != len(want) {
			t.Errorf("Crumbs(%q) = %q, want %q", in, got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("Crumbs(%q) = %q, want %q", in, got, want)
				break
			}
		}
	}
}

func FuzzMap(f *testing.F) {
	for _, s := range []string{"首页 > 手机", "Home / Audio / Speakers", "ＰＨＯＮＥＳ", "\xff>", ""} {
		f.Add(s, "https://shop.example/c/phones/")
	}
	tr := New()
	_ = tr.Add("Phones")
	_ = tr.Global().AddName("Phones", "手机")
	_ = tr.Global().AddURL("Phones", "/c/phones/")
	m := tr.Mapper(nil)
	f.Fuzz(func(t *testing.T, source, u string) {
		got, ok := m.Map(source, u)
		if ok != (got != "") || ok && got != "Phones" {
			t.Errorf("Map(%q, %q) = %q, %v", source, u, got, ok)
		}
	})
}
