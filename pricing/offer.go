package pricing

import (
	"fmt"
	"time"
)

// Availability is a listing's stock state, normalised across shops.
type Availability string

// The availability states. Unknown is what an error page or a bot wall gives:
// never read "we could not see" as "out of stock".
const (
	AvailabilityUnknown Availability = "unknown"
	InStock             Availability = "in_stock"
	OutOfStock          Availability = "out_of_stock"
	PreOrder            Availability = "preorder"
	Discontinued        Availability = "discontinued"
)

// ParseAvailability returns the Availability named by s ("in_stock", ...), or
// an error for any other text. The empty string is AvailabilityUnknown.
func ParseAvailability(s string) (Availability, error) {
	switch a := Availability(s); a {
	case "":
		return AvailabilityUnknown, nil
	case AvailabilityUnknown, InStock, OutOfStock, PreOrder, Discontinued:
		return a, nil
	}
	return "", fmt.Errorf("unknown availability %q", s)
}

// Offer is one observed competitor listing at one moment: what a shop showed
// for one product (or one variant of it) in one crawl.
type Offer struct {
	// Competitor is the config name of the shop the offer came from.
	Competitor string `json:"competitor"`
	// Key is the listing's stable identity within the competitor: its SKU
	// or GTIN when the shop shows one, else its canonical URL and, for a
	// variant sharing that URL, its options or title; never its position
	// on the page. See KeyOffers.
	Key   string `json:"key"`
	URL   string `json:"url"`
	Title string `json:"title"`
	Brand string `json:"brand,omitempty"`
	// Category is the canonical category from the config's category tree;
	// "" when the shop's own category mapped to none (see SourceCategory).
	Category string `json:"category"`
	// SourceCategory is the category as the shop named it (breadcrumb path
	// joined with " > ", JSON-LD category, product type, ...), kept so an
	// unmapped one can be reported and mapped later.
	SourceCategory string `json:"source_category,omitempty"`
	SKU            string `json:"sku,omitempty"`
	GTIN           string `json:"gtin,omitempty"`
	MPN            string `json:"mpn,omitempty"`
	Image          string `json:"image,omitempty"`
	// Price is the selling price; nil when the page showed none ("call for
	// price", sold out without a price). No price is never a zero price.
	Price *Money `json:"price,omitempty"`
	// ListPrice is the original, crossed-out price, when shown.
	ListPrice *Money `json:"list_price,omitempty"`
	// MinPrice and MaxPrice bound a price range ("¥99-199"); both nil for a
	// single price.
	MinPrice     *Money       `json:"min_price,omitempty"`
	MaxPrice     *Money       `json:"max_price,omitempty"`
	Availability Availability `json:"availability"`
	// Sales and Reviews are counts shown by the shop, nil where not shown.
	Sales   *int64 `json:"sales,omitempty"`
	Reviews *int64 `json:"reviews,omitempty"`
	// Source maps each field name to where the value came from ("jsonld",
	// "microdata", "meta", "selector", "heuristic", "shopify", ...).
	Source     map[string]string `json:"source,omitempty"`
	ObservedAt time.Time         `json:"observed_at"`
}

// Tier is a price tier within a category's market.
type Tier string

// The three tiers, from cheapest to dearest.
const (
	TierLow  Tier = "low"
	TierMid  Tier = "mid"
	TierHigh Tier = "high"
)

// Tiers lists the tiers in ascending price order.
var Tiers = [...]Tier{TierLow, TierMid, TierHigh}

// ParseTier returns the tier named by s (case-sensitive "low", "mid",
// "high"); the empty string gives "" and no error (no target tier).
func ParseTier(s string) (Tier, error) {
	switch t := Tier(s); t {
	case "", TierLow, TierMid, TierHigh:
		return t, nil
	}
	return "", fmt.Errorf("unknown tier %q (want low, mid or high)", s)
}

// CatalogItem is one product of our own catalog. GTIN and MPN (the
// manufacturer's part number) are empty when unknown.
type CatalogItem struct {
	SKU        string `json:"sku"`
	Title      string `json:"title"`
	Brand      string `json:"brand,omitempty"`
	Category   string `json:"category"`
	Price      Money  `json:"price"`
	GTIN       string `json:"gtin,omitempty"`
	MPN        string `json:"mpn,omitempty"`
	TargetTier Tier   `json:"target_tier,omitempty"`
}
