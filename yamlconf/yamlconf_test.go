package yamlconf

import "testing"

func TestErrorFormatsItsParts(t *testing.T) {
	tests := []struct {
		name string
		err  Error
		want string
	}{
		{"all parts", Error{File: "c.yaml", Line: 14, Field: "competitors[0].selectors.prcie", Msg: "unknown field"}, "c.yaml:14: competitors[0].selectors.prcie: unknown field"},
		{"no line", Error{File: "c.yaml", Msg: "cannot read config"}, "c.yaml: cannot read config"},
		{"no field", Error{File: "c.yaml", Line: 3, Msg: "invalid YAML"}, "c.yaml:3: invalid YAML"},
	}
	for _, tt := range tests {
		t.Run("with "+tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEditDistanceCountsATranspositionAsOne(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"prcie", "price", 1},
		{"price", "price", 0},
		{"", "abc", 3},
		{"allowed_domain", "allowed_domains", 1},
		{"kitten", "sitting", 3},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
