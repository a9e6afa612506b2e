package store_test

import "github.com/shelfwatch/shelfwatch/store/storetest"

// dialects lists the databases every store test runs against; see
// storetest for how the postgres variants are configured and isolated.
var dialects = storetest.Dialects

// MustTestDSN and MustOpenTestDB give each test a fresh database of a
// dialect (a TempDir file, or a throwaway PostgreSQL schema).
var (
	MustTestDSN    = storetest.MustDSN
	MustOpenTestDB = storetest.MustOpen
)
