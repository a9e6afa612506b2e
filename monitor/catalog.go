package monitor

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/shelfwatch/shelfwatch/config"
	"github.com/shelfwatch/shelfwatch/pricing"
	"github.com/shelfwatch/shelfwatch/store/catalogcsv"
)

// CatalogStore is what a catalog import needs from the database.
type CatalogStore interface {
	ImportCatalog(ctx context.Context, items []pricing.CatalogItem) (int, error)
}

// CatalogReport is what a catalog import did.
type CatalogReport struct {
	Path     string
	Imported int
	// Skipped are the rows not imported, each a *catalogcsv.RowError
	// naming file and line.
	Skipped []error
}

// ImportCatalog reads our catalog from the CSV file at path (currency for
// rows that name none) and stores it. The file's character encoding is the
// config's CatalogEncoding, else detected (catalogcsv.Decode); a file in no
// encoding recognised is an error wrapping catalogcsv.ErrEncoding and
// nothing is imported. Rows that cannot be read, or whose
// category is not in the config's category tree, are skipped and reported;
// the others are imported. It returns an error for a file that cannot be
// read at all and for a database error.
func (m *Monitor) ImportCatalog(ctx context.Context, path, currency string) (CatalogReport, error) {
	return ImportCatalog(ctx, m.Store, m.Config, path, currency)
}

// ImportCatalog is Monitor.ImportCatalog for a store and config alone (cfg
// may be nil: no category tree, the encoding detected).
func ImportCatalog(ctx context.Context, db CatalogStore, cfg *config.Config, path, currency string) (CatalogReport, error) {
	rep := CatalogReport{Path: path}
	var opt catalogcsv.Options
	if cfg != nil {
		opt.Encoding = cfg.CatalogEncoding
	}
	f, err := os.Open(path)
	if err != nil {
		return rep, fmt.Errorf("catalog: %w", err)
	}
	defer f.Close()
	items, bad, err := catalogcsv.ReadCatalogWith(path, f, currency, opt)
	if err != nil {
		return rep, fmt.Errorf("catalog: %w", err)
	}
	items, badCat, err := checkCategories(cfg, path, opt, items)
	if err != nil {
		return rep, fmt.Errorf("catalog: %w", err)
	}
	rep.Skipped = append(bad, badCat...)
	n, err := db.ImportCatalog(ctx, items)
	if err != nil {
		return rep, fmt.Errorf("catalog %s: %w", path, err)
	}
	rep.Imported = n
	return rep, nil
}

// checkCategories keeps the catalog items whose category is in the config's
// category tree, spelled as the tree spells it, and returns one
// *catalogcsv.RowError naming file and line for each other item: like any
// bad catalog row, it is skipped and the rest imported, since an item in a
// category no competitor offer can be in would never be compared. Without a
// tree every item is kept as it is.
func checkCategories(cfg *config.Config, path string, opt catalogcsv.Options, items []pricing.CatalogItem) ([]pricing.CatalogItem, []error, error) {
	if cfg == nil || cfg.Categories == nil {
		return items, nil, nil
	}
	var lines map[string]int
	var ok []pricing.CatalogItem
	var bad []error
	for _, it := range items {
		canon, cerr := cfg.CheckCategory(it.Category)
		if cerr == nil {
			it.Category = canon
			ok = append(ok, it)
			continue
		}
		if lines == nil {
			var err error
			if lines, err = skuLines(path, opt); err != nil {
				return nil, nil, err
			}
		}
		bad = append(bad, &catalogcsv.RowError{File: path, Line: lines[it.SKU], Msg: cerr.Error()})
	}
	return ok, bad, nil
}

// skuLines reads the catalog file again, decoded as ReadCatalogWith decoded
// it (a UTF-16 or GBK file read raw would match no SKU), for the line each
// SKU is on: catalog items do not carry their line, and a message without
// one leaves a person searching a 1,000-row sheet.
func skuLines(path string, opt catalogcsv.Options) (map[string]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	text, err := catalogcsv.Decode(path, f, opt)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	col := -1
	for i, h := range header {
		if strings.EqualFold(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")), "sku") {
			col = i
		}
	}
	lines := map[string]int{}
	for col >= 0 {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// ReadCatalog has reported it; lines after it were not read.
			break
		}
		if col < len(rec) {
			line, _ := r.FieldPos(col)
			sku := strings.TrimSpace(rec[col])
			if _, seen := lines[sku]; !seen {
				lines[sku] = line
			}
		}
	}
	return lines, nil
}
