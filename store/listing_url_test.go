package store_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/store"
)

func TestListingsAtURL(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			db := MustOpenTestDB(t, dialect)
			at := func(o pricing.Offer, url string) pricing.Offer { o.URL = url; return o }
			urlKeyed := offer("url:https://alpha.example/u/1", "9.00")
			urlKeyed.URL = "https://alpha.example/u/1"
			mkRun(t, db, "alpha", day, store.RunSucceeded, []pricing.Offer{
				offer("sku:1", "10.00"),
				at(offer("sku:2", "11.00"), "https://alpha.example/p/slash/"),
				at(offer("sku:3", "12.00"), "https://alpha.example/p/v?variant=3"),
				at(offer("sku:4", "13.00"), "https://alpha.example/p/v?variant=4"),
				at(offer("sku:5", "14.00"), ""),
				at(offer("sku:6", "15.00"), "https://shared.example/p/6"),
				urlKeyed,
			})
			mkRun(t, db, "beta", day, store.RunSucceeded, []pricing.Offer{
				at(offer("sku:6", "15.00"), "https://shared.example/p/6/"),
				at(offer("sku:7", "15.00"), "https://beta.example/p/sku:1"), // the same path on another host
			})
			ref := func(c, k string) store.ListingRef { return store.ListingRef{Competitor: c, Key: k} }
			for _, tc := range []struct {
				name, url string
				want      []store.ListingRef
			}{
				{"a SKU-keyed listing by its URL as stored", "https://alpha.example/p/sku:1", []store.ListingRef{ref("alpha", "sku:1")}},
				{"a URL given with a trailing slash", "https://alpha.example/p/sku:1/", []store.ListingRef{ref("alpha", "sku:1")}},
				{"a URL given with two", "https://alpha.example/p/sku:1//", []store.ListingRef{ref("alpha", "sku:1")}},
				{"a URL stored with a trailing slash, given without", "https://alpha.example/p/slash", []store.ListingRef{ref("alpha", "sku:2")}},
				{"a URL stored with a trailing slash, given with", "https://alpha.example/p/slash/", []store.ListingRef{ref("alpha", "sku:2")}},
				{"a URL-keyed listing by its URL", "https://alpha.example/u/1", []store.ListingRef{ref("alpha", "url:https://alpha.example/u/1")}},
				{"the query string names the variant", "https://alpha.example/p/v?variant=4", []store.ListingRef{ref("alpha", "sku:4")}},
				{"a page without its variant's query string is none of them", "https://alpha.example/p/v", []store.ListingRef{}},
				{"tracking parameters are part of the URL", "https://alpha.example/p/sku:1?utm_source=mail", []store.ListingRef{}},
				{"one URL at two competitors gives both, by competitor", "https://shared.example/p/6", []store.ListingRef{ref("alpha", "sku:6"), ref("beta", "sku:6")}},
				{"an unknown URL gives none", "https://nowhere.example/", []store.ListingRef{}},
				{"an empty URL does not match listings without one", "", []store.ListingRef{}},
				{"nor does a lone slash", "/", []store.ListingRef{}},
				{"a prefix of a URL is not that URL", "https://alpha.example/p/", []store.ListingRef{}},
			} {
				t.Run(tc.name, func(t *testing.T) {
					got, err := db.ListingsAtURL(ctx, tc.url)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(got, tc.want) {
						t.Errorf("ListingsAtURL(%q) = %v, want %v", tc.url, got, tc.want)
					}
				})
			}
		})
	}
}

// TestListingsAtURLFollowsTheLatestURL: a listing is found at the URL of
// the newest run that saw it. Saving an older run again does not move it
// back, and a listing gone from later runs keeps the URL it was last seen
// at.
func TestListingsAtURLFollowsTheLatestURL(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			db := MustOpenTestDB(t, dialect)
			moving := func(url string) pricing.Offer { o := offer("sku:M", "10.00"); o.URL = url; return o }
			first := mkRun(t, db, "alpha", day, store.RunSucceeded, []pricing.Offer{moving("https://alpha.example/old"), offer("sku:G", "5.00")})
			mkRun(t, db, "alpha", day.AddDate(0, 0, 7), store.RunSucceeded, []pricing.Offer{moving("https://alpha.example/new")})
			if err := db.SaveOffers(ctx, first.ID, []pricing.Offer{moving("https://alpha.example/old")}); err != nil {
				t.Fatal(err)
			}
			for url, want := range map[string][]store.ListingRef{
				"https://alpha.example/new":     {{Competitor: "alpha", Key: "sku:M"}},
				"https://alpha.example/old":     {},
				"https://alpha.example/p/sku:G": {{Competitor: "alpha", Key: "sku:G"}},
			} {
				got, err := db.ListingsAtURL(ctx, url)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("ListingsAtURL(%q) = %v, want %v", url, got, want)
				}
			}
		})
	}
}

// TestListingsAtURLManyListings finds each of many listings, their URLs
// made in several forms (with and without trailing slashes, query strings,
// paths that are prefixes of others), by its own URL and by it with a
// slash added, and no other listing.
func TestListingsAtURLManyListings(t *testing.T) {
	const n = 300
	shapes := []func(i int) string{
		func(i int) string { return fmt.Sprintf("https://shop.example/p/%d", i) },
		func(i int) string { return fmt.Sprintf("https://shop.example/p/%d/", i) },
		func(i int) string { return fmt.Sprintf("https://shop.example/item?id=%d", i) },
		func(i int) string { return fmt.Sprintf("https://shop.example/p/%d/detail", i) },
		func(i int) string { return fmt.Sprintf("https://shop.example/商品/%d.html", i) },
	}
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			db := MustOpenTestDB(t, dialect)
			offers := make([]pricing.Offer, n)
			urls := make([]string, n)
			for i := range offers {
				urls[i] = shapes[i%len(shapes)](i)
				offers[i] = offer(fmt.Sprintf("sku:%04d", i), "10.00")
				offers[i].URL = urls[i]
			}
			mkRun(t, db, "alpha", day, store.RunSucceeded, offers)
			for i, u := range urls {
				want := []store.ListingRef{{Competitor: "alpha", Key: fmt.Sprintf("sku:%04d", i)}}
				for _, given := range []string{u, strings.TrimRight(u, "/"), u + "/"} {
					got, err := db.ListingsAtURL(ctx, given)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("ListingsAtURL(%q) = %v, want %v", given, got, want)
					}
				}
			}
		})
	}
}

// Migration 0010 indexes the URLs of listings an older release wrote: they
// are found after the upgrade without being saved again.
func TestListingsAtURLAfterUpgrade(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			dsn := MustTestDSN(t, dialect)
			old, err := store.Open(ctx, dsn, store.WithSchemaVersion(9))
			if err != nil {
				t.Fatal(err)
			}
			o := offer("sku:OLD", "10.00")
			o.URL = "https://alpha.example/p/old/"
			mkRun(t, old, "alpha", day, store.RunSucceeded, []pricing.Offer{o, offer("sku:OTHER", "11.00")})
			old.Close()

			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatalf("upgrade: %v", err)
			}
			defer db.Close()
			got, err := db.ListingsAtURL(ctx, "https://alpha.example/p/old")
			if err != nil {
				t.Fatal(err)
			}
			if want := []store.ListingRef{{Competitor: "alpha", Key: "sku:OLD"}}; !reflect.DeepEqual(got, want) {
				t.Errorf("after the upgrade ListingsAtURL = %v, want %v", got, want)
			}
		})
	}
}

// TestListingsAtURLPlan holds the lookup to the listings_url index on both
// databases: a scan of listings is harmless here and a second at 200,000
// listings a competitor.
func TestListingsAtURLPlan(t *testing.T) {
	const listings = 3000
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			db := MustOpenTestDB(t, dialect)
			offers := make([]pricing.Offer, listings)
			for i := range offers {
				offers[i] = offer(fmt.Sprintf("sku:%05d", i), "10.00")
			}
			mkRun(t, db, "alpha", day, store.RunSucceeded, offers)
			x := store.Raw(db)
			if _, err := x.ExecContext(ctx, "ANALYZE"); err != nil {
				t.Fatal(err)
			}
			text := queryPlan(t, x, dialect, x.Rebind(store.ListingsAtURLQuery), "https://alpha.example/p/sku:00042")
			if !strings.Contains(text, "listings_url") {
				t.Errorf("plan does not use listings_url:\n%s", text)
			}
		})
	}
}
