package extract

import "testing"

func TestCrumbPathLeavesOutOnlyTheProductItself(t *testing.T) {
	tests := []struct {
		name  string
		trail []string
		kind  Kind
		title string
		want  string
	}{
		{"a product page's trail ending at the product drops it", []string{"Home", "Phones", "Pixel 9"}, Product, "Pixel 9", "Home > Phones"},
		{"a model name inside a longer variant title is the product", []string{"Home", "Phones", "Nimbus 12 Pro"}, Product, "Acme Nimbus 12 Pro — 12GB+256GB / Midnight Black", "Home > Phones"},
		{"a Chinese trail ending at the category keeps it", []string{"首页", "手机数码", "手机"}, Product, "Redmi Note 13 手机 12GB+256GB 子夜黑", "首页 > 手机数码 > 手机"},
		{"a category word inside an English title stays", []string{"Home", "Smartphones"}, Product, "Galaxy A55 Smartphones Bundle Edition 256GB", "Home > Smartphones"},
		{"a trail ending elsewhere keeps everything", []string{"Startseite", "Audio", "Kopfhörer"}, Product, "Sennheiser Momentum 4", "Startseite > Audio > Kopfhörer"},
		{"a listing keeps its whole trail", []string{"Home", "Phones"}, Listing, "Phones", "Home > Phones"},
		{"a one-crumb trail is kept", []string{"Phones"}, Product, "Phones", "Phones"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := crumbPath(tt.trail, tt.kind, tt.title); got != tt.want {
				t.Errorf("crumbPath(%q, %q) = %q, want %q", tt.trail, tt.title, got, tt.want)
			}
		})
	}
}
