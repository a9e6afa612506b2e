package monitor

import (
	"testing"

	"github.com/shelfwatch/shelfwatch/metrics"
	"github.com/shelfwatch/shelfwatch/scraper"
)

// TestEveryScraperFailureClassHasItsOwnMetricLabel keeps the two lists in
// step: a class the scraper counts but the metrics do not know would be
// exported as "other" and hide what went wrong.
func TestEveryScraperFailureClassHasItsOwnMetricLabel(t *testing.T) {
	for _, c := range scraper.ErrorClasses {
		if !metrics.ErrorClass(c).Known() {
			t.Errorf("scraper failure class %q has no metrics label", c)
		}
	}
}
