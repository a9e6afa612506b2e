package store_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/store"
)

// exactPrices are amounts in each currency's own precision, with the
// edges of what a column must hold: whole yen and pesos, fen, cents, fils,
// the fourth decimal of a unidad de fomento, and the largest amount
// ParseAmount reads.
var exactPrices = []struct {
	name     string
	currency string
	price    string
}{
	{"yen have no decimals", "JPY", "1299"},
	{"yuan keep fen", "CNY", "1299.00"},
	{"dollars keep cents", "USD", "24.99"},
	{"Chilean pesos are whole", "CLP", "24990"},
	{"Kuwaiti dinars keep three decimals", "KWD", "423.923"},
	{"a unidad de fomento keeps four decimals", "CLF", "37.1234"},
	{"the largest amount fits", "VND", "99999999999999.9999"},
}

func TestAmountsRoundTripExactly(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			db := MustOpenTestDB(t, dialect)
			var offers []pricing.Offer
			var items []pricing.CatalogItem
			for i, p := range exactPrices {
				m := &pricing.Money{Amount: pricing.MustAmount(p.price), Currency: p.currency}
				o := pricing.Offer{Key: fmt.Sprintf("sku:%d", i), Title: p.name, Price: m, ListPrice: m, MinPrice: m, MaxPrice: m}
				offers = append(offers, o)
				items = append(items, pricing.CatalogItem{SKU: fmt.Sprintf("OUR-%d", i), Title: p.name, Price: *m})
			}
			// Two runs: the first writes listings and observations through
			// the staging table, the second only observations of listings
			// the first saw unchanged, the other write path.
			var runs []store.Run
			for i := range 2 {
				r, err := db.StartRun(ctx, "alpha", day.Add(time.Duration(i)*time.Hour))
				if err != nil {
					t.Fatal(err)
				}
				if err := db.SaveOffers(ctx, r.ID, offers); err != nil {
					t.Fatal(err)
				}
				runs = append(runs, r)
			}
			if _, err := db.ImportCatalog(ctx, items); err != nil {
				t.Fatal(err)
			}

			for i, r := range runs {
				got, err := db.RunOffers(ctx, r.ID)
				if err != nil {
					t.Fatal(err)
				}
				byKey := map[string]pricing.Offer{}
				for _, o := range got {
					byKey[o.Key] = o
				}
				for j, p := range exactPrices {
					t.Run(fmt.Sprintf("run %d: %s", i+1, p.name), func(t *testing.T) {
						o := byKey[fmt.Sprintf("sku:%d", j)]
						want := &pricing.Money{Amount: pricing.MustAmount(p.price), Currency: p.currency}
						for field, m := range map[string]*pricing.Money{"price": o.Price, "list_price": o.ListPrice, "min_price": o.MinPrice, "max_price": o.MaxPrice} {
							if !reflect.DeepEqual(m, want) {
								t.Errorf("%s = %v, want %v", field, m, want)
							}
						}
					})
				}
			}
			t.Run("the price history reads the same amounts", func(t *testing.T) {
				var refs []store.ListingRef
				for i := range exactPrices {
					refs = append(refs, store.ListingRef{Competitor: "alpha", Key: fmt.Sprintf("sku:%d", i)})
				}
				points, err := db.PriceHistory(ctx, refs, time.Time{})
				if err != nil {
					t.Fatal(err)
				}
				if len(points) != 2*len(exactPrices) {
					t.Fatalf("%d points, want %d", len(points), 2*len(exactPrices))
				}
				for _, pt := range points {
					var i int
					if _, err := fmt.Sscanf(pt.Key, "sku:%d", &i); err != nil {
						t.Fatalf("key %q: %v", pt.Key, err)
					}
					if want := pricing.MustAmount(exactPrices[i].price); pt.Price == nil || pt.Price.Amount != want {
						t.Errorf("%s: price %v, want %s", pt.Key, pt.Price, want)
					}
				}
			})
			t.Run("the catalog reads the same amounts", func(t *testing.T) {
				got, err := db.Catalog(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, items) {
					t.Errorf("catalog = %v, want %v", got, items)
				}
			})
		})
	}
}

// Migration 0009 turns stored hundredths into exact amounts: NUMERIC on
// PostgreSQL, ten-thousandths on SQLite. What a release at migration 8
// wrote must read back unchanged, NULLs included.
func TestUpgradeFromMigration8KeepsAmounts(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			dsn := MustTestDSN(t, dialect)
			old, err := store.Open(ctx, dsn, store.WithSchemaVersion(8))
			if err != nil {
				t.Fatal(err)
			}
			r, err := old.StartRun(ctx, "alpha", day)
			if err != nil {
				t.Fatal(err)
			}
			usd := &pricing.Money{Amount: pricing.MustAmount("24.99"), Currency: "USD"}
			offers := []pricing.Offer{
				{Key: "sku:usd", Price: usd, ListPrice: &pricing.Money{Amount: pricing.MustAmount("29.90"), Currency: "USD"}},
				{Key: "sku:jpy", Price: &pricing.Money{Amount: pricing.MustAmount("1299"), Currency: "JPY"}},
				{Key: "sku:none"},
			}
			if err := old.SaveOffers(ctx, r.ID, offers); err != nil {
				t.Fatal(err)
			}
			items := []pricing.CatalogItem{{SKU: "OUR-1", Title: "kettle", Price: pricing.Money{Amount: pricing.MustAmount("199.50"), Currency: "CNY"}}}
			if _, err := old.ImportCatalog(ctx, items); err != nil {
				t.Fatal(err)
			}
			x := store.Raw(old)
			var cents int64
			if err := x.GetContext(ctx, &cents, `SELECT price FROM catalog`); err != nil || cents != 19950 {
				t.Fatalf("catalog price at migration 8 = %d, %v; want 19950 hundredths", cents, err)
			}
			if err := old.Close(); err != nil {
				t.Fatal(err)
			}

			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			got, err := db.RunOffers(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			want := []string{"sku:jpy 1299.00 JPY <nil>", "sku:none <nil> <nil>", "sku:usd 24.99 USD 29.90 USD"}
			var have []string
			for _, o := range got {
				have = append(have, fmt.Sprintf("%s %v %v", o.Key, o.Price, o.ListPrice))
			}
			if !reflect.DeepEqual(have, want) {
				t.Errorf("offers after migration 9 = %q, want %q", have, want)
			}
			cat, err := db.Catalog(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(cat, items) {
				t.Errorf("catalog after migration 9 = %v, want %v", cat, items)
			}
			// The stored form itself: the decimal on PostgreSQL, where SQL
			// readers see it; ten-thousandths on SQLite.
			var stored string
			if err := store.Raw(db).GetContext(ctx, &stored, `SELECT CAST(price AS TEXT) FROM catalog`); err != nil {
				t.Fatal(err)
			}
			want199 := "199.5000"
			if db.Dialect() == store.DialectSQLite {
				want199 = "1995000"
			}
			if stored != want199 {
				t.Errorf("stored catalog price = %q, want %q", stored, want199)
			}
		})
	}
}
