package pricing

import "fmt"

// RunQuality counts what one crawl run of one competitor captured. It is the
// raw material of the breakage alarm: a shop that changes its HTML does not
// make the crawler fail, it makes it quietly capture less.
type RunQuality struct {
	Items            int `json:"items"`
	WithPrice        int `json:"with_price"`
	WithTitle        int `json:"with_title"`
	WithAvailability int `json:"with_availability"`
}

// QualityOf counts the offers of one run. An offer has a price when Price or
// MinPrice is set, a title when Title is not empty, and an availability when
// it is known (not "" and not AvailabilityUnknown).
func QualityOf(offers []Offer) RunQuality {
	q := RunQuality{Items: len(offers)}
	for i := range offers {
		o := &offers[i]
		if o.Price != nil || o.MinPrice != nil {
			q.WithPrice++
		}
		if o.Title != "" {
			q.WithTitle++
		}
		if o.Availability != "" && o.Availability != AvailabilityUnknown {
			q.WithAvailability++
		}
	}
	return q
}

// Thresholds say when a run looks broken. Fractions are in [0, 1].
type Thresholds struct {
	// MinItemRatio: a run with fewer than this fraction of the previous
	// run's items is suspect.
	MinItemRatio float64 `json:"min_item_ratio"`
	// MinPriceCoverage: a run where fewer than this fraction of items have a
	// price is suspect. When the previous run was already below it (a shop
	// that often hides prices), the test becomes relative: the run is
	// suspect only if its coverage fell below MinPriceCoverage times the
	// previous coverage.
	MinPriceCoverage float64 `json:"min_price_coverage"`
}

// DefaultThresholds returns the alarm's defaults: fewer than 50 % of last
// run's items, or price coverage below 90 %.
func DefaultThresholds() Thresholds {
	return Thresholds{MinItemRatio: 0.5, MinPriceCoverage: 0.9}
}

// CheckRun decides whether the run measured by cur looks broken compared with
// prev, the last usable run of the same competitor, and says why in words
// fit for an operator.
//
// A zero prev (no earlier run) never makes a run suspect on its item count,
// since there is nothing to compare with, but the price coverage is still
// checked absolutely: a first run where most items have no price almost
// always means the price selector is wrong, and banding on it would mislead.
// A run with no items at all is always suspect.
func CheckRun(prev, cur RunQuality, t Thresholds) (suspect bool, reason string) {
	if cur.Items == 0 {
		if prev.Items > 0 {
			return true, fmt.Sprintf("no items (last run had %d)", prev.Items)
		}
		return true, "no items"
	}
	if prev.Items > 0 && float64(cur.Items) < t.MinItemRatio*float64(prev.Items) {
		return true, fmt.Sprintf("items fell from %d to %d (%d %% of last run)",
			prev.Items, cur.Items, percentOf(cur.Items, prev.Items))
	}
	curCov := float64(cur.WithPrice) / float64(cur.Items)
	if curCov >= t.MinPriceCoverage {
		return false, ""
	}
	if prev.Items > 0 {
		prevCov := float64(prev.WithPrice) / float64(prev.Items)
		if prevCov < t.MinPriceCoverage {
			// The shop was already patchy; only a further relative drop is news.
			if curCov < t.MinPriceCoverage*prevCov {
				return true, fmt.Sprintf("price coverage fell from %d %% to %d %% (%d of %d items have a price)",
					percentOf(prev.WithPrice, prev.Items), percentOf(cur.WithPrice, cur.Items), cur.WithPrice, cur.Items)
			}
			return false, ""
		}
	}
	return true, fmt.Sprintf("only %d of %d items have a price (%d %%, want at least %d %%)",
		cur.WithPrice, cur.Items, percentOf(cur.WithPrice, cur.Items), int(t.MinPriceCoverage*100+0.5))
}

// percentOf returns 100·part/whole rounded down, so 39.9 % never reads as
// 40 % in an alarm about falling below a threshold.
func percentOf(part, whole int) int {
	if whole == 0 {
		return 0
	}
	return int(int64(part) * 100 / int64(whole))
}
