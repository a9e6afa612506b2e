package pricing

// MatchMethod says how one of our catalog items was paired with a competitor
// listing.
type MatchMethod string

// The match methods, from most to least trusted.
const (
	MatchConfirmed MatchMethod = "confirmed" // a person confirmed the pair
	MatchGTIN      MatchMethod = "gtin"      // identical, valid GTIN/EAN/UPC
	MatchMPN       MatchMethod = "mpn"       // identical brand + MPN
	MatchSKU       MatchMethod = "sku"       // identical SKU
	MatchFuzzy     MatchMethod = "fuzzy"     // brand + title similarity above the threshold
)

// Match pairs one of our catalog items with one competitor listing.
type Match struct {
	CatalogSKU string      `json:"catalog_sku"`
	Competitor string      `json:"competitor"`
	ListingKey string      `json:"listing_key"`
	Method     MatchMethod `json:"method"`
	// Score is the similarity in [0, 1]; 1 for identifier matches.
	Score float64 `json:"score"`
	// Reasons say why the pair was made, one short phrase each: evidence
	// that agreed ("gtin 06926469429203", "code mb111lla", "brand apple",
	// "tokens 0.86") and penalties that applied, prefixed "penalty: "
	// ("penalty: unit conflict 128gb/256gb", "penalty: accessory cable").
	// People reviewing a match read them; empty for confirmed pairs.
	Reasons []string `json:"reasons,omitempty"`
}
