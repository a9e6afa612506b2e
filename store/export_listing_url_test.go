package store

// ListingsAtURLQuery is ListingsAtURL's SQL with ? placeholders, for
// TestListingsAtURLPlan's EXPLAIN.
const ListingsAtURLQuery = listingsAtURLQuery
