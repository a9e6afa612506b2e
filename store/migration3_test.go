package store_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/store"
)

// Migration 0003 stores each listing's category as the shop named it and the
// matcher's reasons for each match. These tests hold both to an exact round
// trip, on every dialect and both write paths of SaveOffers.

// sourceCategories are shop categories as crawlers meet them: breadcrumb
// paths in several languages, JSON-LD and platform product types, odd
// spacing and separators, text only a lenient decoder produced, and none.
var sourceCategories = []struct {
	name, category, source, stored string // stored: "" means same as source
}{
	{"an English breadcrumb", "Phones", "Home > Electronics > Phones", ""},
	{"a Chinese breadcrumb", "Phones", "首页 > 手机通讯 > 手机", ""},
	{"a GBK shop's category decoded", "Earphones", "数码 > 耳机/耳麦", ""},
	{"a Japanese category", "Phones", "スマートフォン・携帯電話", ""},
	{"a German category with umlauts", "Tablets", "Computer & Zubehör > Tablets", ""},
	{"a JSON-LD category with slashes", "Phones", "Electronics/Mobile Phones/Smartphones", ""},
	{"a Shopify product type", "Earphones", "In-Ear Headphones", ""},
	{"a WooCommerce category list", "Earphones", "Audio, Headphones, Wireless", ""},
	{"spacing kept as the shop wrote it", "Phones", "  Phones  >  5G ", ""},
	{"an unmapped category", "", "Gift Cards", ""},
	{"an unmapped Chinese category", "", "数码配件 > 数据线", ""},
	{"no category shown at all", "", "", ""},
	{"a canonical category without a shop one", "Phones", "", ""},
	{"a very long breadcrumb", "Phones", strings.Repeat("Level > ", 60) + "Leaf", ""},
	{"invalid UTF-8 and a NUL are cleaned", "", "Caf\xe9\x00 > Tea", "Caf\uFFFD > Tea"},
}

func sourceCategoryOffers() []pricing.Offer {
	out := make([]pricing.Offer, 0, len(sourceCategories))
	for i, c := range sourceCategories {
		o := offer(fmt.Sprintf("sku:%03d", i), "10.00")
		o.Category, o.SourceCategory = c.category, c.source
		out = append(out, o)
	}
	return out
}

func TestSourceCategoryRoundTrips(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			for _, path := range []struct {
				name  string
				write func(db *store.DB, run int64, offers []pricing.Offer) error
			}{
				{"multi-row batches", func(db *store.DB, run int64, offers []pricing.Offer) error {
					return db.SaveOffers(ctx, run, offers)
				}},
				{"one row per statement", func(db *store.DB, run int64, offers []pricing.Offer) error {
					return store.WriteRowByRow(ctx, db, run, offers)
				}},
			} {
				t.Run("written in "+path.name, func(t *testing.T) {
					db := MustOpenTestDB(t, dialect)
					r1, err := db.StartRun(ctx, "alpha", day)
					if err != nil {
						t.Fatal(err)
					}
					offers := sourceCategoryOffers()
					if err := path.write(db, r1.ID, offers); err != nil {
						t.Fatal(err)
					}
					got, err := db.RunOffers(ctx, r1.ID)
					if err != nil {
						t.Fatal(err)
					}
					if len(got) != len(offers) {
						t.Fatalf("RunOffers gave %d offers, want %d", len(got), len(offers))
					}
					for i, c := range sourceCategories {
						want := c.stored
						if want == "" {
							want = c.source
						}
						t.Run(c.name, func(t *testing.T) {
							if got[i].SourceCategory != want || got[i].Category != c.category {
								t.Errorf("read back category %q, source %q; want %q, %q", got[i].Category, got[i].SourceCategory, c.category, want)
							}
						})
					}

					t.Run("each run keeps its own source category and the listing follows the newest", func(t *testing.T) {
						r2, err := db.StartRun(ctx, "alpha", day.AddDate(0, 0, 7))
						if err != nil {
							t.Fatal(err)
						}
						moved := offers[0]
						moved.Category, moved.SourceCategory = "", "Home > Clearance" // the shop moved it; now unmapped
						if err := path.write(db, r2.ID, []pricing.Offer{moved}); err != nil {
							t.Fatal(err)
						}
						// Re-saving the older run must not roll the listing back.
						if err := path.write(db, r1.ID, offers[:1]); err != nil {
							t.Fatal(err)
						}
						listing := func() string {
							var s string
							q := store.Raw(db).Rebind(`SELECT source_category FROM listings WHERE competitor = ? AND key = ?`)
							if err := store.Raw(db).GetContext(ctx, &s, q, "alpha", moved.Key); err != nil {
								t.Fatal(err)
							}
							return s
						}
						if s := listing(); s != "Home > Clearance" {
							t.Errorf("listing source category %q, want the newest run's", s)
						}
						old, _ := db.RunOffers(ctx, r1.ID)
						cur, _ := db.RunOffers(ctx, r2.ID)
						if len(old) == 0 || old[0].SourceCategory != offers[0].SourceCategory || old[0].Category != "Phones" {
							t.Errorf("old run reads %+v, want its own category", old[:min(1, len(old))])
						}
						if len(cur) != 1 || !reflect.DeepEqual(cur[0], inDB(moved)) {
							t.Errorf("new run reads %s, want %s", dump(cur), dump([]pricing.Offer{inDB(moved)}))
						}
					})
				})
			}
		})
	}
}

// reasonCases are reason lists as the matcher writes them, and the text
// people could paste: separators a joined string would trip over, quotes,
// JSON-looking text, an empty phrase, many phrases, other scripts.
var reasonCases = []struct {
	name    string
	reasons []string
	stored  []string // nil: same as reasons
}{
	{"no reasons (nil)", nil, nil},
	{"an empty list", []string{}, nil},
	{"one piece of evidence", []string{"gtin 06926469429203"}, nil},
	{"evidence and penalties", []string{"code mb111lla", "brand apple", "tokens 0.86", "penalty: unit conflict 128gb/256gb", "penalty: accessory cable"}, nil},
	{"separators inside phrases", []string{"tokens a,b;c|d", "penalty: model conflict x1 / x2", "tab\there", "line\nbreak"}, nil},
	{"quotes, backslashes and JSON-looking text", []string{`say "hi"`, `C:\path\to`, `["not","a","list"]`, "null", "{}"}, nil},
	{"an empty phrase is kept", []string{"brand vivo", "", "tokens 0.91"}, nil},
	{"other scripts", []string{"品牌 vivo", "型号 Y100", "penalty: 容量冲突 128GB/256GB", "ブランド ソニー", "Marke Bosch – Größe"}, nil},
	{"forty phrases", func() []string {
		var rs []string
		for i := range 40 {
			rs = append(rs, fmt.Sprintf("token t%02d", i))
		}
		return rs
	}(), nil},
	{"invalid UTF-8 is cleaned like every text column", []string{"caf\xe9", "nul\x00byte"}, []string{"caf\uFFFD", "nulbyte"}},
}

func TestMatchReasonsRoundTrip(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			db := MustOpenTestDB(t, dialect)
			recs := make([]store.MatchRecord, len(reasonCases))
			for i, c := range reasonCases {
				recs[i] = store.MatchRecord{
					Match: pricing.Match{CatalogSKU: fmt.Sprintf("S-%02d", i), Competitor: "alpha", ListingKey: "sku:1",
						Method: pricing.MatchFuzzy, Score: 0.9, Reasons: c.reasons},
					Decision: store.DecisionCandidate, UpdatedAt: day,
				}
			}
			if err := db.SaveMatches(ctx, recs); err != nil {
				t.Fatal(err)
			}
			got, err := db.Matches(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(reasonCases) {
				t.Fatalf("Matches gave %d records, want %d", len(got), len(reasonCases))
			}
			for i, c := range reasonCases {
				t.Run(c.name, func(t *testing.T) {
					want := c.reasons
					if c.stored != nil {
						want = c.stored
					}
					if !reflect.DeepEqual(got[i].Reasons, want) {
						t.Errorf("Reasons = %#v, want %#v", got[i].Reasons, want)
					}
				})
			}

			t.Run("the matcher's next run replaces its reasons but never a person's decision", func(t *testing.T) {
				db := MustOpenTestDB(t, dialect)
				auto := store.MatchRecord{Match: pricing.Match{CatalogSKU: "A", Competitor: "alpha", ListingKey: "sku:1",
					Method: pricing.MatchFuzzy, Score: 0.9, Reasons: []string{"tokens 0.90"}}, Decision: store.DecisionAuto, UpdatedAt: day}
				confirmed := store.MatchRecord{Match: pricing.Match{CatalogSKU: "B", Competitor: "alpha", ListingKey: "sku:2",
					Method: pricing.MatchConfirmed, Score: 1}, Decision: store.DecisionConfirmed, UpdatedAt: day}
				if err := db.SaveMatches(ctx, []store.MatchRecord{auto, confirmed}); err != nil {
					t.Fatal(err)
				}
				later := day.Add(24 * time.Hour)
				auto2, proposal := auto, confirmed
				auto2.Reasons, auto2.UpdatedAt = []string{"code x100", "tokens 0.95"}, later
				proposal.Method, proposal.Score, proposal.Decision, proposal.UpdatedAt = pricing.MatchFuzzy, 0.7, store.DecisionCandidate, later
				proposal.Reasons = []string{"penalty: variant word pro"}
				if err := db.ReplaceMatcherResults(ctx, []store.MatchRecord{auto2, proposal}); err != nil {
					t.Fatal(err)
				}
				got, err := db.Matches(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != 2 || !reflect.DeepEqual(got[0].Reasons, auto2.Reasons) {
					t.Errorf("auto match reads %+v, want reasons %q", got, auto2.Reasons)
				}
				if len(got) == 2 && (got[1].Decision != store.DecisionConfirmed || got[1].Reasons != nil) {
					t.Errorf("confirmed match reads %+v, want the person's record untouched", got[1])
				}
			})
		})
	}
}

func TestUpgradeFromMigration2(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			dsn := MustTestDSN(t, dialect)
			old, err := store.Open(ctx, dsn, store.WithSchemaVersion(2))
			if err != nil {
				t.Fatal(err)
			}
			run, err := old.StartRun(ctx, "alpha", day)
			if err != nil {
				old.Close()
				t.Fatal(err)
			}
			// What a release at migration 2 wrote: rows without the new
			// columns, put in with its own statements.
			x := store.Raw(old)
			stmts := []struct {
				q    string
				args []any
			}{
				{`INSERT INTO listings (competitor, key, url, title, brand, category, sku, gtin, mpn, image, first_seen_run, last_seen_run)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
					[]any{"alpha", "sku:1", "https://alpha.example/p/1", "Kettle 1", "Acme", "kettles", "1", "", "", "", run.ID, run.ID}},
				{`INSERT INTO observations (listing_id, run_id, url, title, brand, category, sku, gtin, mpn, image,
					price, currency, availability, source)
					SELECT id, ?, url, title, brand, category, sku, gtin, mpn, image, ?, ?, ?, ? FROM listings WHERE key = ?`,
					[]any{run.ID, 19900, "CNY", "in_stock", "null", "sku:1"}},
				{`INSERT INTO matches (catalog_sku, competitor, listing_key, method, score, decision, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, ?)`,
					[]any{"K-1", "alpha", "sku:1", "fuzzy", 0.8, "candidate", day.UTC()}},
			}
			for _, s := range stmts {
				if _, err := x.ExecContext(ctx, x.Rebind(s.q), s.args...); err != nil {
					old.Close()
					t.Fatalf("%s: %v", s.q, err)
				}
			}
			old.Close()

			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatalf("open at migration 2: %v", err)
			}
			defer db.Close()
			var versions []int
			if err := store.Raw(db).SelectContext(ctx, &versions, "SELECT version FROM schema_migrations ORDER BY version"); err != nil {
				t.Fatal(err)
			}
			if want := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}; !reflect.DeepEqual(versions, want) {
				t.Errorf("schema_migrations versions = %v, want %v", versions, want)
			}

			t.Run("old rows read back with no source category and no reasons", func(t *testing.T) {
				got, err := db.RunOffers(ctx, run.ID)
				if err != nil || len(got) != 1 {
					t.Fatalf("RunOffers = %+v, %v", got, err)
				}
				if got[0].SourceCategory != "" || got[0].Category != "kettles" || got[0].Title != "Kettle 1" ||
					got[0].Price == nil || got[0].Price.Amount != pricing.MustAmount("199") {
					t.Errorf("old offer reads %s", dump(got))
				}
				ms, err := db.Matches(ctx)
				if err != nil || len(ms) != 1 {
					t.Fatalf("Matches = %+v, %v", ms, err)
				}
				if ms[0].Reasons != nil || ms[0].Score != 0.8 || ms[0].Decision != store.DecisionCandidate {
					t.Errorf("old match reads %+v", ms[0])
				}
			})
			t.Run("new rows carry both", func(t *testing.T) {
				o := offer("sku:1", "189.00")
				o.SourceCategory = "厨房电器 > 电水壶"
				if err := db.SaveOffers(ctx, run.ID, []pricing.Offer{o}); err != nil {
					t.Fatal(err)
				}
				got, err := db.RunOffers(ctx, run.ID)
				if err != nil || len(got) != 1 || !reflect.DeepEqual(got[0], inDB(o)) {
					t.Errorf("RunOffers = %s, %v; want %s", dump(got), err, dump([]pricing.Offer{inDB(o)}))
				}
				m := store.MatchRecord{Match: pricing.Match{CatalogSKU: "K-1", Competitor: "alpha", ListingKey: "sku:1",
					Method: pricing.MatchFuzzy, Score: 0.85, Reasons: []string{"brand acme", "tokens 0.85"}}, Decision: store.DecisionCandidate, UpdatedAt: day}
				if err := db.SaveMatches(ctx, []store.MatchRecord{m}); err != nil {
					t.Fatal(err)
				}
				ms, err := db.Matches(ctx)
				if err != nil || len(ms) != 1 || !reflect.DeepEqual(ms[0].Reasons, m.Reasons) {
					t.Errorf("Matches = %+v, %v; want reasons %q", ms, err, m.Reasons)
				}
			})
		})
	}
}
