package extract

import (
	"bytes"
	"net/url"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkExtract reads a ~40 KB product page (a ProductGroup in JSON-LD,
// meta tags, a long review list and related products) in auto mode.
func BenchmarkExtract(b *testing.B) {
	doc, err := os.ReadFile(filepath.Join(testdata, "bench_product.html"))
	if err != nil {
		b.Fatal(err)
	}
	page, _ := url.Parse("https://voltmart.example/p/nimbus-12-pro-256?utm_source=bench")
	rules := Rules{Currency: "USD", Product: Selectors{Sales: ".sold"}}
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		p, err := Extract(bytes.NewReader(doc), page, Product, rules)
		if err != nil || len(p.Offers) != 3 {
			b.Fatalf("Extract = %d offers, %v", len(p.Offers), err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkExtractListing reads the JD-like listing with item selectors.
func BenchmarkExtractListing(b *testing.B) {
	f := fixtureByFile(b, "jd_listing.html")
	doc, err := os.ReadFile(filepath.Join(testdata, f.file))
	if err != nil {
		b.Fatal(err)
	}
	page, _ := url.Parse(f.url)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Extract(bytes.NewReader(doc), page, f.kind, f.rules); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkExtractHeuristic reads the Tmall-like page, which has no
// structured data, so every price candidate is parsed.
func BenchmarkExtractHeuristic(b *testing.B) {
	f := fixtureByFile(b, "tmall_product.html")
	doc, err := os.ReadFile(filepath.Join(testdata, f.file))
	if err != nil {
		b.Fatal(err)
	}
	page, _ := url.Parse(f.url)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Extract(bytes.NewReader(doc), page, f.kind, f.rules); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

func fixtureByFile(b *testing.B, file string) fixture {
	b.Helper()
	for _, f := range fixtures {
		if f.file == file && f.golden == "" {
			return f
		}
	}
	b.Fatalf("no fixture for %s", file)
	return fixture{}
}

// BenchmarkExtractNoisy reads a full-size saved marketplace page (68 KB: a
// mega menu, a JSON state blob, carousels of other products, reviews, Q&A,
// a footer) with no Product JSON-LD, so the visible-page walk reads it all.
func BenchmarkExtractNoisy(b *testing.B) {
	h := holdoutNoisyPages[0]
	doc, err := os.ReadFile(filepath.Join(holdoutNoisyDir, h.file))
	if err != nil {
		b.Fatal(err)
	}
	page, _ := url.Parse(h.url)
	rules := Rules{Currency: h.rules}
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		p, err := Extract(bytes.NewReader(doc), page, Product, rules)
		if err != nil || len(p.Offers) != 1 {
			b.Fatalf("Extract = %d offers, %v", len(p.Offers), err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}
