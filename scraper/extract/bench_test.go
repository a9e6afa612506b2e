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
