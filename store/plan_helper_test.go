package store_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/shelfwatch/shelfwatch/store"
)

// queryPlan returns the plan the database chooses for query (EXPLAIN QUERY
// PLAN on SQLite, EXPLAIN on PostgreSQL): the detail column of each row,
// one per line.
func queryPlan(t testing.TB, x *sqlx.DB, dialect, query string, args ...any) string {
	t.Helper()
	explain := "EXPLAIN QUERY PLAN "
	if dialect == store.DialectPostgres {
		explain = "EXPLAIN "
	}
	rows, err := x.QueryContext(ctx, explain+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var lines []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		line := fmt.Sprint(vals[len(vals)-1]) // the detail column
		if b, ok := vals[len(vals)-1].([]byte); ok {
			line = string(b)
		}
		lines = append(lines, line)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}
