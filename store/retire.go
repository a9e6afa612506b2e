package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// A discontinued product must stop being flagged, yet its history must
// stay: ReplaceCatalog retires the SKUs a full catalog file no longer has
// (catalog.retired_at) instead of deleting them. Catalog leaves retired
// SKUs out; CatalogWithRetired, for history, gives them too.

// CatalogEntry is a catalog item with when it was retired (zero for a
// current item).
type CatalogEntry struct {
	pricing.CatalogItem
	RetiredAt time.Time
}

// ReplaceCatalog makes items our whole current catalog, in one transaction:
// it writes them as ImportCatalog does (a retired SKU among them is current
// again) and retires every current SKU not among them, at time at. It
// returns how many items it wrote and how many SKUs it retired. An empty
// items is refused, since it would retire the whole catalog; so are the
// items ImportCatalog refuses. Other errors are database errors.
func (db *DB) ReplaceCatalog(ctx context.Context, items []pricing.CatalogItem, at time.Time) (imported, retired int, err error) {
	if len(items) == 0 {
		return 0, 0, errors.New("replace catalog: no items: refusing to retire the whole catalog")
	}
	if err := checkCatalog(items); err != nil {
		return 0, 0, fmt.Errorf("replace catalog: %w", err)
	}
	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := upsertCatalogItems(ctx, tx, items, db.amounts); err != nil {
			return err
		}
		// The SKUs to keep go into a temporary table rather than a NOT IN
		// list: a catalog of 100,000 SKUs exceeds every parameter limit.
		if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS shelfwatch_catalog_keep (sku TEXT PRIMARY KEY)`); err != nil {
			return convertErr(err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM shelfwatch_catalog_keep`); err != nil {
			return convertErr(err)
		}
		stmt, err := tx.PrepareContext(ctx, tx.Rebind(`INSERT INTO shelfwatch_catalog_keep (sku) VALUES (?)`))
		if err != nil {
			return convertErr(err)
		}
		defer stmt.Close()
		for _, it := range items {
			if _, err := stmt.ExecContext(ctx, clean(it.SKU)); err != nil {
				return convertErr(err)
			}
		}
		res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE catalog SET retired_at = ?
			WHERE retired_at IS NULL AND sku NOT IN (SELECT sku FROM shelfwatch_catalog_keep)`), dbTime(at))
		if err != nil {
			return convertErr(err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return convertErr(err)
		}
		retired = int(n)
		_, err = tx.ExecContext(ctx, `DELETE FROM shelfwatch_catalog_keep`)
		return convertErr(err)
	})
	if err != nil {
		return 0, 0, fmt.Errorf("replace catalog: %w", err)
	}
	return len(items), retired, nil
}

// CatalogWithRetired returns every catalog item, current and retired,
// ordered by SKU. It returns a database error only.
func (db *DB) CatalogWithRetired(ctx context.Context) ([]CatalogEntry, error) {
	var rows []struct {
		catalogRow
		RetiredAt sql.NullTime `db:"retired_at"`
	}
	err := db.x.SelectContext(ctx, &rows, `SELECT sku, title, brand, category, price, currency, gtin, mpn, target_tier, retired_at
		FROM catalog ORDER BY sku`)
	if err != nil {
		return nil, fmt.Errorf("catalog with retired: %w", convertErr(err))
	}
	out := make([]CatalogEntry, 0, len(rows))
	for _, r := range rows {
		out = append(out, CatalogEntry{CatalogItem: r.item(db.amounts), RetiredAt: fromNullTime(r.RetiredAt)})
	}
	return out, nil
}
