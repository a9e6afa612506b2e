package store

import (
	"fmt"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// Amounts are stored exactly, in every currency's own precision (0 to 4
// decimals): as NUMERIC(19,4) on PostgreSQL, the decimal type SQL readers
// and tools expect there, and as an integer of ten-thousandths
// (pricing.Amount's own value) on SQLite, whose NUMERIC affinity would turn
// a decimal into a REAL float; an integer stays exact and orders right.
// Migration 0009 moved both from the integer hundredths they held before.

// amountsSchema is the first schema version with exact amounts.
const amountsSchema = 9

// amountForm is how a database's money columns hold amounts.
type amountForm uint8

const (
	// amountsScaled is SQLite from schema 9: integer ten-thousandths.
	amountsScaled amountForm = iota
	// amountsDecimal is PostgreSQL from schema 9: NUMERIC(19,4).
	amountsDecimal
	// amountsCents is both dialects before schema 9: integer hundredths.
	// Only a database that tests stop at an older schema is written so
	// (WithSchemaVersion), as the release of that schema wrote it.
	amountsCents
)

// amountFormOf returns the form of a database of dialect at schema version
// (0: the newest).
func amountFormOf(dialect string, version int) amountForm {
	switch {
	case version > 0 && version < amountsSchema:
		return amountsCents
	case dialect == DialectPostgres:
		return amountsDecimal
	}
	return amountsScaled
}

// arg returns the parameter that stores m's amount: nil for no price.
func (f amountForm) arg(m *pricing.Money) any {
	if m == nil {
		return nil
	}
	return f.value(m.Amount)
}

// value returns the parameter that stores a: the decimal text on
// PostgreSQL ("423.923", cast to NUMERIC by the column or by COPY), the
// int64 on SQLite (or before schema 9, hundredths rounded half away from
// zero, as the old releases' hundredths were).
func (f amountForm) value(a pricing.Amount) any {
	switch f {
	case amountsDecimal:
		return a.String()
	case amountsCents:
		return int64(a.Round(2) / (pricing.MajorUnit / 100))
	}
	return int64(a)
}

// amount returns the amount a scanned column holds.
func (f amountForm) amount(c amountCol) pricing.Amount {
	if f == amountsCents && c.integer {
		return c.Amount * (pricing.MajorUnit / 100)
	}
	return c.Amount
}

// money returns the scanned column as money in cur, or nil for NULL.
func (f amountForm) money(c amountCol, cur string) *pricing.Money {
	if !c.Valid {
		return nil
	}
	return &pricing.Money{Amount: f.amount(c), Currency: cur}
}

// amountCol scans a stored amount of either dialect: an integer from
// SQLite (ten-thousandths, or hundredths before schema 9: amountForm reads
// it), NUMERIC text from PostgreSQL; Valid is false for NULL. Amounts of one
// column compare correctly as scanned, whatever the form.
type amountCol struct {
	Amount  pricing.Amount
	Valid   bool
	integer bool // scanned from an integer, whose scale the form knows
}

// Scan implements sql.Scanner. It returns an error for any other value
// (a float would mean the column lost its exactness).
func (c *amountCol) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*c = amountCol{}
		return nil
	case int64:
		*c = amountCol{Amount: pricing.Amount(v), Valid: true, integer: true}
		return nil
	case []byte:
		return c.parse(string(v))
	case string:
		return c.parse(v)
	}
	return fmt.Errorf("amount column holds %T %v, want an integer or a decimal", v, v)
}

func (c *amountCol) parse(s string) error {
	a, err := pricing.ParseAmount(s)
	if err != nil {
		return fmt.Errorf("amount column: %w", err)
	}
	*c = amountCol{Amount: a, Valid: true}
	return nil
}
