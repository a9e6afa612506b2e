package config_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/config"
)

func TestCheckCategorySpellsCatalogCategoriesAsTheTreeDoes(t *testing.T) {
	cfg, err := loadString(t, "categories:\n  phones: {names: [手机, Smartphones]}\n  audio/earphones: [耳机]\n  tea:\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ in, want string }{{"Phones", "phones"}, {"ｔｅａ", "tea"}, {"Audio/Earphones", "audio/earphones"}} {
		if got, err := cfg.CheckCategory(tt.in); got != tt.want || err != nil {
			t.Errorf("CheckCategory(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, tt := range []struct{ in, hint string }{{"手机", `it is a shop name for "phones"`}, {"Garden", "phones, audio/earphones, tea"}} {
		_, err := cfg.CheckCategory(tt.in)
		if !errors.Is(err, config.ErrUnknownCategory) || !contains(err, tt.hint) {
			t.Errorf("CheckCategory(%q) = %v, want ErrUnknownCategory saying %q", tt.in, err, tt.hint)
		}
	}
}

func TestCheckCategoryWithoutATreeKeepsEveryCategory(t *testing.T) {
	cfg, err := loadString(t, "database: sqlite:x.db\n")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := cfg.CheckCategory("Anything"); got != "Anything" || err != nil {
		t.Errorf("CheckCategory without a tree = %q, %v", got, err)
	}
}

func contains(err error, s string) bool {
	return err != nil && strings.Contains(err.Error(), s)
}
