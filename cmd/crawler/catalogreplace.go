package main

import (
	"context"
	"fmt"

	"github.com/shelfwatch/shelfwatch/monitor"
	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/store"
)

// catalogCollector is a monitor.CatalogStore that only keeps what the
// import read, so --replace can decide what to write once it knows whether
// every row was read.
type catalogCollector struct{ items []pricing.CatalogItem }

func (c *catalogCollector) ImportCatalog(_ context.Context, items []pricing.CatalogItem) (int, error) {
	c.items = items
	return len(items), nil
}

// replaceCatalog is catalog import --replace: the file is the whole
// current catalog, and SKUs missing from it are retired (store.ReplaceCatalog:
// kept for history, out of positioning and gaps). A file with rows that
// could not be read retires nothing, since a SKU on a bad row is not
// missing: the rows read are imported, and the error says why nothing was
// retired.
func replaceCatalog(ctx context.Context, e *env, m *monitor.Monitor, db *store.DB, path, currency string) error {
	col := &catalogCollector{}
	rep, err := monitor.ImportCatalog(ctx, col, m.Config, path, currency)
	if err != nil {
		return err
	}
	if len(rep.Skipped) > 0 || len(col.items) == 0 {
		if len(col.items) > 0 {
			if rep.Imported, err = db.ImportCatalog(ctx, col.items); err != nil {
				return fmt.Errorf("catalog %s: %w", path, err)
			}
		}
		rep.Print(e.stdout, e.stderr)
		return fmt.Errorf("catalog import --replace: %d rows of %s could not be imported, so no SKU was retired (a SKU on a bad row is not missing); fix them and import again",
			len(rep.Skipped), path)
	}
	n, retired, err := db.ReplaceCatalog(ctx, col.items, e.now())
	if err != nil {
		return fmt.Errorf("catalog %s: %w", path, err)
	}
	rep.Imported = n
	rep.Print(e.stdout, e.stderr)
	fmt.Fprintf(e.stdout, "catalog: retired %d SKUs missing from %s (kept for history, left out of positioning and gaps)\n", retired, path)
	return nil
}
