package render

import (
	"bytes"
	"fmt"
	"html/template"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// TierMap returns the tier map of one market group as an HTML fragment for
// a page of its own (report serve's category page): the digest's strip
// chart of the tiers, cut points and our items, with a histogram of the
// market offers themselves above the tiers, and the legend of numbered
// markers when there are more than a few of our items. offers are the
// group's offer amounts in c.Currency; ps are our positions in the group.
// Every label is escaped by html/template. It returns an error only when
// the template fails.
func TierMap(c pricing.CategoryBands, ps []pricing.Position, offers []pricing.Amount) (template.HTML, error) {
	var buf bytes.Buffer
	if err := pageTemplate.ExecuteTemplate(&buf, "strip", stripFor(c, ps, offers)); err != nil {
		return "", fmt.Errorf("tier map of %s: %w", c.Key, err)
	}
	// The fragment comes out of html/template, which escaped every value
	// in it for where it stands.
	return template.HTML(buf.String()), nil //nolint:gosec // escaped by html/template above
}

// ChartCSS is the style sheet the charts of TierMap and HistoryChart
// need, for pages that embed them without the digest's own page.
func ChartCSS() template.CSS { return template.CSS(chartCSS + historyCSS) }
