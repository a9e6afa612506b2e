package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/shelfwatch/shelfwatch/pricing"
)

const upsertCatalog = `INSERT INTO catalog (sku, title, brand, category, price, currency, gtin, mpn, target_tier)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (sku) DO UPDATE SET
	title = excluded.title, brand = excluded.brand, category = excluded.category,
	price = excluded.price, currency = excluded.currency, gtin = excluded.gtin,
	mpn = excluded.mpn, target_tier = excluded.target_tier, retired_at = NULL`

// ImportCatalog writes items into our catalog in one transaction, adding new
// SKUs and replacing every field of known ones (a retired SKU imported again
// is current again); SKUs not in items are kept (see ReplaceCatalog).
// It returns how many items it wrote: all of them, or 0 with an error. An
// empty or repeated SKU or an unknown target tier is an error naming the item,
// and nothing is written; otherwise errors are database errors (wrapping
// ErrConstraint where the schema refused a row).
func (db *DB) ImportCatalog(ctx context.Context, items []pricing.CatalogItem) (int, error) {
	if err := checkCatalog(items); err != nil {
		return 0, fmt.Errorf("import catalog: %w", err)
	}
	err := db.inTx(ctx, func(tx *sqlx.Tx) error { return upsertCatalogItems(ctx, tx, items, db.amounts) })
	if err != nil {
		return 0, fmt.Errorf("import catalog: %w", err)
	}
	return len(items), nil
}

// checkCatalog returns an error naming the first item with an empty or
// repeated SKU or an unknown target tier.
func checkCatalog(items []pricing.CatalogItem) error {
	first := make(map[string]int, len(items))
	for i, it := range items {
		if it.SKU == "" {
			return fmt.Errorf("item %d (%q): empty sku", i, it.Title)
		}
		if j, dup := first[it.SKU]; dup {
			return fmt.Errorf("item %d: sku %q repeats item %d", i, it.SKU, j)
		}
		first[it.SKU] = i
		if _, err := pricing.ParseTier(string(it.TargetTier)); err != nil {
			return fmt.Errorf("item %d (sku %q): %w", i, it.SKU, err)
		}
	}
	return nil
}

// upsertCatalogItems writes items inside tx, their prices in the form f.
func upsertCatalogItems(ctx context.Context, tx *sqlx.Tx, items []pricing.CatalogItem, f amountForm) error {
	stmt, err := tx.PrepareContext(ctx, tx.Rebind(upsertCatalog))
	if err != nil {
		return fmt.Errorf("prepare: %w", convertErr(err))
	}
	defer stmt.Close()
	for i, it := range items {
		_, err := stmt.ExecContext(ctx, clean(it.SKU), clean(it.Title), clean(it.Brand), clean(it.Category),
			f.value(it.Price.Amount), clean(it.Price.Currency), clean(it.GTIN), clean(it.MPN), string(it.TargetTier))
		if err != nil {
			return fmt.Errorf("item %d (sku %q): %w", i, it.SKU, convertErr(err))
		}
	}
	return nil
}

type catalogRow struct {
	SKU        string    `db:"sku"`
	Title      string    `db:"title"`
	Brand      string    `db:"brand"`
	Category   string    `db:"category"`
	Price      amountCol `db:"price"`
	Currency   string    `db:"currency"`
	GTIN       string    `db:"gtin"`
	MPN        string    `db:"mpn"`
	TargetTier string    `db:"target_tier"`
}

// Catalog returns our current catalog ordered by SKU (bytewise): retired
// SKUs (ReplaceCatalog) are left out, so positioning and gaps never flag a
// product we no longer sell; CatalogWithRetired gives them too. It returns a
// database error only; an empty catalog is an empty slice.
func (db *DB) Catalog(ctx context.Context) ([]pricing.CatalogItem, error) {
	var rows []catalogRow
	err := db.x.SelectContext(ctx, &rows, `SELECT sku, title, brand, category, price, currency, gtin, mpn, target_tier
		FROM catalog WHERE retired_at IS NULL ORDER BY sku`)
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", convertErr(err))
	}
	items := make([]pricing.CatalogItem, 0, len(rows))
	for _, r := range rows {
		items = append(items, r.item(db.amounts))
	}
	return items, nil
}

func (r catalogRow) item(f amountForm) pricing.CatalogItem {
	return pricing.CatalogItem{
		SKU: r.SKU, Title: r.Title, Brand: r.Brand, Category: r.Category,
		Price: pricing.Money{Amount: f.amount(r.Price), Currency: r.Currency},
		GTIN:  r.GTIN, MPN: r.MPN, TargetTier: pricing.Tier(r.TargetTier),
	}
}
