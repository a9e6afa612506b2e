package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func get(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	b, _ := io.ReadAll(rec.Body)
	return rec.Code, string(b)
}

func TestShopPagesAreDeterministicAndThemeSized(t *testing.T) {
	s := newShop(20000)
	for _, i := range []string{"0", "17", "19999"} {
		code, a := get(t, s, "/p/"+i)
		_, b := get(t, s, "/p/"+i)
		if code != http.StatusOK || a != b {
			t.Fatalf("/p/%s: status %d, deterministic %v", i, code, a == b)
		}
		// The shop: product pages of ~40 KB with JSON-LD, a
		// visible price and a related-products block.
		if n := len(a); n < 36_000 || n > 48_000 {
			t.Errorf("/p/%s is %d bytes, want about 40 KB", i, n)
		}
		for _, want := range []string{`application/ld+json`, `"price":"`, `class="now"`, `class="related"`} {
			if !strings.Contains(a, want) {
				t.Errorf("/p/%s lacks %s", i, want)
			}
		}
	}
}

func TestShopListingsLinkEveryProductOnce(t *testing.T) {
	tests := []struct {
		name     string
		products int
	}{
		{"a shop filling its last listing page", 80},
		{"a shop with a short last listing page", 101},
		{"a shop of one product", 1},
	}
	link := regexp.MustCompile(`class="name" href="/p/(\d+)"`)
	next := regexp.MustCompile(`class="next" href="([^"]+)"`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newShop(tt.products)
			seen := map[string]bool{}
			path, listings := "/c?page=1", 0
			for path != "" {
				code, body := get(t, s, path)
				if code != http.StatusOK {
					t.Fatalf("%s: status %d", path, code)
				}
				listings++
				for _, m := range link.FindAllStringSubmatch(body, -1) {
					if seen[m[1]] {
						t.Errorf("product %s linked twice", m[1])
					}
					seen[m[1]] = true
				}
				path = ""
				if m := next.FindStringSubmatch(body); m != nil {
					path = m[1]
				}
			}
			if len(seen) != tt.products || listings != s.listings() || s.pages() != tt.products+listings {
				t.Errorf("linked %d products on %d listings (pages() %d), want %d on %d", len(seen), listings, s.pages(), tt.products, s.listings())
			}
			if code, _ := get(t, s, "/p/"+strings.Repeat("9", 6)); code != http.StatusNotFound {
				t.Errorf("a product beyond the shop: status %d, want 404", code)
			}
			if !bytes.Contains([]byte(mustGet(t, s, "/robots.txt")), []byte("User-agent")) {
				t.Error("robots.txt missing")
			}
		})
	}
}

func mustGet(t *testing.T, h http.Handler, path string) string {
	_, b := get(t, h, path)
	return b
}
