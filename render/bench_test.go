package render

import (
	"io"
	"strconv"
	"testing"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// bigDigest is a large week: 40 categories, 5,000 of our items with three
// matched listings each, 600 gaps, 3,000 changes and 200 outliers.
func bigDigest() Digest {
	d := fixture()
	a := pricing.Analysis{}
	for c := range 40 {
		b := fixtureAnalysis().Categories[1]
		b.Key, b.Category = "category-"+strconv.Itoa(c), "category-"+strconv.Itoa(c)
		a.Categories = append(a.Categories, b)
		for i := range 125 {
			p := fixtureAnalysis().Positions[2]
			p.SKU, p.Key, p.Category = "SKU-"+strconv.Itoa(c*1000+i), b.Key, b.Key
			p.Amount = pricing.Amount(69900+i*7919) * pricing.MajorUnit / 100
			p.Listings = append(p.Listings, p.Listings[0])
			a.Positions = append(a.Positions, p)
		}
	}
	base := fixtureAnalysis()
	for i := range 600 {
		g := base.Gaps[i%len(base.Gaps)]
		g.Category = "category-" + strconv.Itoa(i%40)
		a.Gaps = append(a.Gaps, g)
	}
	for i := range 3000 {
		ch := base.Changes[i%len(base.Changes)]
		ch.Competitor = "shop-" + strconv.Itoa(i%10)
		a.Changes = append(a.Changes, ch)
	}
	for range 200 {
		a.Outliers = append(a.Outliers, base.Outliers[0])
	}
	d.Analysis = a
	return d
}

func benchDigest(b *testing.B, write func(io.Writer, Digest) error) {
	d := bigDigest()
	b.ReportAllocs()
	for b.Loop() {
		if err := write(io.Discard, d); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkText(b *testing.B)     { benchDigest(b, Text) }
func BenchmarkMarkdown(b *testing.B) { benchDigest(b, Markdown) }
func BenchmarkHTML(b *testing.B)     { benchDigest(b, HTML) }
func BenchmarkJSON(b *testing.B)     { benchDigest(b, JSON) }

func BenchmarkPositioningCSV(b *testing.B) {
	benchDigest(b, func(w io.Writer, d Digest) error { return PositioningCSV(w, d.Analysis, TableItems) })
}

func BenchmarkPositioningXLSX(b *testing.B) {
	benchDigest(b, func(w io.Writer, d Digest) error { return PositioningXLSX(w, d.Analysis) })
}
