package render

import (
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// box is a label's estimated extent, as placeLabels reserved it.
type box struct{ left, right, top, bottom float64 }

func labelBoxes(s stripChart) []box {
	var bs []box
	for _, m := range s.Ours {
		w := labelWidth(m.Label)
		bs = append(bs, box{m.LabelX - w/2, m.LabelX + w/2, m.LabelY - labelFont, m.LabelY + 3})
	}
	return bs
}

func TestStripLabelsNeverOverlapAtMarketScale(t *testing.T) {
	for _, mc := range marketCases {
		t.Run(mc.name, func(t *testing.T) {
			a, offers := mc.analysis()
			if len(a.Categories) != 1 || !a.Categories[0].Tiered {
				t.Fatalf("the case's market did not band: %+v", a.Categories)
			}
			s := stripFor(a.Categories[0], a.Positions, offers)
			if len(s.Ours) != mc.ours {
				t.Fatalf("%d markers, want one per item (%d)", len(s.Ours), mc.ours)
			}
			bs := labelBoxes(s)
			for i := range bs {
				if bs[i].left < 0 || bs[i].right > float64(s.Width) || bs[i].bottom > float64(s.AxisY) {
					t.Errorf("label %q at %+v leaves the chart (%d wide, axis at %d)", s.Ours[i].Label, bs[i], s.Width, s.AxisY)
				}
				for j := range i {
					b, c := bs[i], bs[j]
					if b.left < c.right && c.left < b.right && b.top < c.bottom && c.top < b.bottom {
						t.Errorf("labels %q %+v and %q %+v overlap", s.Ours[i].Label, b, s.Ours[j].Label, c)
					}
				}
			}
			if numbered := mc.ours > directLabels; numbered != (len(s.Legend) == mc.ours) {
				t.Errorf("%d items gave %d legend entries; want a legend exactly when there are more than %d", mc.ours, len(s.Legend), directLabels)
			}
			if mc.ours <= directLabels {
				for i, m := range s.Ours {
					if !strings.HasPrefix(m.Label, mc.sku(0)[:3]) {
						t.Errorf("label %d is %q, want the SKU itself with %d items", i, m.Label, mc.ours)
					}
				}
			}
			// Few lanes: numbered labels pack, so the chart stays compact.
			if s.Height > 420 {
				t.Errorf("the chart is %d px tall; labels should pack into a few lanes", s.Height)
			}
		})
	}
}

func TestPriceAxisGoesLogarithmicPastTenfold(t *testing.T) {
	for _, tt := range []struct {
		name   string
		lo, hi pricing.Amount
		log    bool
		first  pricing.Amount
		last   pricing.Amount
	}{
		{"¥19 to ¥400 is past 10× and log", 1900, 40000, true, 1000, 50000},
		{"¥100 to ¥1,000 is exactly 10× and stays linear", 10000, 100000, false, 0, 120000},
		{"¥100 to ¥180 is linear", 10000, 18000, false, 10000, 20000},
		{"a free item (¥0) keeps the axis linear", 0, 40000, false, 0, 50000},
		{"¥0.50 to ¥99,999 spans five decades", 50, 9999900, true, 100, 10000000},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ax := newAxis(tt.lo, tt.hi, stripLeft, stripRight)
			if ax.log != tt.log {
				t.Fatalf("log = %v, want %v", ax.log, tt.log)
			}
			// A linear axis pads past the highest price by a step, so it
			// never sits on the frame.
			if ax.ticks[0] != tt.first || ax.ticks[len(ax.ticks)-1] != tt.last {
				t.Errorf("ticks %v, want from %v to %v", ax.ticks, tt.first, tt.last)
			}
			if len(ax.ticks) > 11 {
				t.Errorf("%d ticks crowd the axis: %v", len(ax.ticks), ax.ticks)
			}
			for i := 1; i < len(ax.ticks); i++ {
				if gap := ax.x(ax.ticks[i]) - ax.x(ax.ticks[i-1]); gap < 40 {
					t.Errorf("ticks %v and %v are %.1f px apart; their labels would touch", ax.ticks[i-1], ax.ticks[i], gap)
				}
			}
			if x := ax.x(tt.lo); x < stripLeft || x > stripRight {
				t.Errorf("the lowest price is drawn at x=%.1f, off the plot", x)
			}
			if x := ax.x(tt.hi); x < stripLeft || x > stripRight {
				t.Errorf("the highest price is drawn at x=%.1f, off the plot", x)
			}
		})
	}
}
