package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/pricing"
)

func TestChangeSummaryLine(t *testing.T) {
	change := func(kind pricing.ChangeKind, comp string, n int) []pricing.Change {
		out := make([]pricing.Change, n)
		for i := range out {
			out[i] = pricing.Change{Kind: kind, Competitor: comp, Key: fmt.Sprintf("sku:%s-%s-%d", comp, kind, i), Category: "phones"}
		}
		return out
	}
	tests := []struct {
		name    string
		changes []pricing.Change
		want    string
	}{
		{"the issue's week: 98 stock moves and nothing else",
			append(change(pricing.StockOut, "a", 45), change(pricing.StockBack, "b", 53)...),
			"Listings changed: no price moved, none appeared or went; stock: 45 listings went out of stock (in→out), 53 listings came back in stock (out→in)."},
		{"one of each",
			append(append(change(pricing.PriceUp, "a", 1), change(pricing.StockOut, "a", 1)...), change(pricing.StockBack, "a", 1)...),
			"Listings changed: 1 price up; stock: 1 listing went out of stock (in→out), 1 listing came back in stock (out→in)."},
		{"price moves without stock moves still say so",
			append(change(pricing.PriceDown, "a", 3), change(pricing.Gone, "c", 2)...),
			"Listings changed: 3 price down, 2 gone; stock: 0 listings went out of stock (in→out), 0 listings came back in stock (out→in)."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := fixture()
			d.Analysis.Changes = tt.changes
			for name, write := range map[string]func(*bytes.Buffer, Digest) error{
				"text":     func(b *bytes.Buffer, d Digest) error { return Text(b, d) },
				"markdown": func(b *bytes.Buffer, d Digest) error { return Markdown(b, d) },
				"html":     func(b *bytes.Buffer, d Digest) error { return HTML(b, d) },
			} {
				var buf bytes.Buffer
				if err := write(&buf, d); err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(buf.String(), tt.want) {
					t.Errorf("%s lacks %q", name, tt.want)
				}
			}
			var buf bytes.Buffer
			if err := JSON(&buf, d); err != nil {
				t.Fatal(err)
			}
			var f DigestFeed
			if err := json.Unmarshal(buf.Bytes(), &f); err != nil {
				t.Fatal(err)
			}
			n := pricing.CountChanges(tt.changes)
			if f.ChangeCounts.Total.StockOut != n[pricing.StockOut] || f.ChangeCounts.Total.StockBack != n[pricing.StockBack] ||
				f.ChangeCounts.Total.PriceDown != n[pricing.PriceDown] || f.ChangeCounts.Total.Gone != n[pricing.Gone] {
				t.Errorf("change_counts %+v, want %v", f.ChangeCounts.Total, n)
			}
			sum := 0
			for _, c := range f.ChangeCounts.ByCompetitor {
				sum += c.PriceUp + c.PriceDown + c.New + c.Gone + c.StockOut + c.StockBack
			}
			if sum != len(tt.changes) {
				t.Errorf("per-competitor counts add up to %d, want %d", sum, len(tt.changes))
			}
		})
	}
}

func TestUnmappedListingsAreListedOnceInDataQuality(t *testing.T) {
	var text, js bytes.Buffer
	if err := Text(&text, fixture()); err != nil {
		t.Fatal(err)
	}
	if err := JSON(&js, fixture()); err != nil {
		t.Fatal(err)
	}
	out := text.String()
	if !strings.Contains(out, "6 listings are in no category") || !strings.Contains(out, "(gadgethub 3, teamall 3)") {
		t.Errorf("text lacks the unmapped summary:\n%s", out)
	}
	// The unmapped, priced cable is counted in the unmapped table, not
	// repeated among the offers left out for other reasons...
	if n := strings.Count(out, "数据线 2米"); n != 1 {
		t.Errorf("the unmapped example appears %d times in the text, want once", n)
	}
	// ...while the JSON keeps the full excluded list for tools.
	var f DigestFeed
	if err := json.Unmarshal(js.Bytes(), &f); err != nil {
		t.Fatal(err)
	}
	if len(f.DataQuality.Excluded) != 2 || f.DataQuality.Excluded[0].Reason != "no category" {
		t.Errorf("excluded %+v, want both offers", f.DataQuality.Excluded)
	}
}
