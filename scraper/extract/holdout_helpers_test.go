package extract

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// The holdout sets (holdout_*_test.go) share how a page is read, how their
// floors are held and how their tables stay in step with their folders.

// readHoldoutPage extracts the product page in dir/file as if fetched from
// rawURL, for a competitor whose currency is currency.
func readHoldoutPage(tb testing.TB, dir, file, rawURL, currency string) Page {
	tb.Helper()
	f, err := os.Open(filepath.Join(dir, file))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	u, err := url.Parse(rawURL)
	if err != nil {
		tb.Fatal(err)
	}
	p, err := Extract(f, u, Product, Rules{Currency: currency})
	if err != nil {
		tb.Fatalf("%s: %v", file, err)
	}
	return p
}

// floor is one score of a holdout set and the least it may be. Floors only
// go up: a change that lowers one reads unseen shop pages worse than before.
type floor struct {
	name     string
	got, min float64
}

func checkFloors(t *testing.T, set string, fs []floor) {
	t.Helper()
	for _, f := range fs {
		if f.got < f.min {
			t.Errorf("%s %s %.3f fell below its floor %.3f", set, f.name, f.got, f.min)
		}
	}
}

// checkListed fails for a file listed twice in a set's table, and for a
// page in dir the table does not list (it would never be scored).
func checkListed(t *testing.T, dir, table string, files []string) {
	t.Helper()
	listed := map[string]bool{}
	for _, f := range files {
		if listed[f] {
			t.Errorf("%s is listed twice", f)
		}
		listed[f] = true
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".html") && !listed[e.Name()] {
			t.Errorf("%s is in %s but not in %s", e.Name(), dir, table)
		}
	}
}

// scorePriceAndStock adds the main offer's price and availability (unknown
// counting as none) to price and avail against what a person reads on the
// page (wantAmount "" when it shows none), logs each miss, and returns the
// main offer.
func scorePriceAndStock(t *testing.T, file string, page Page, wantAmount, wantCurrency string, want pricing.Availability, price, avail *fieldScore) pricing.Offer {
	t.Helper()
	var o pricing.Offer
	if len(page.Offers) > 0 {
		o = page.Offers[0]
	}
	gotPrice, wantPrice := "", ""
	if o.Price != nil {
		gotPrice = moneyString(o.Price)
	}
	if wantAmount != "" {
		wantPrice = wantMoney(wantAmount, wantCurrency)
	}
	price.add(gotPrice, wantPrice)
	if gotPrice != wantPrice {
		t.Logf("%s: price %q, want %q", file, gotPrice, wantPrice)
	}
	known := func(a pricing.Availability) string {
		if a == pricing.AvailabilityUnknown {
			return ""
		}
		return string(a)
	}
	gotAvail, wantAvail := known(o.Availability), known(want)
	avail.add(gotAvail, wantAvail)
	if gotAvail != wantAvail {
		t.Logf("%s: availability %q, want %q", file, gotAvail, wantAvail)
	}
	return o
}
