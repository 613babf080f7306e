package store

import (
	"context"
	"path/filepath"
	"testing"
)

// The statement cache reuses a compiled statement across calls, keeps
// working after a statement failed, and gives a nested run of a query
// whose rows are still open a statement of its own.
func TestSQLiteStatementCache(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "c.db"), nil, SkipMigrate())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	w := db.writer()
	if _, err := w.exec(ctx, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)"); err != nil {
		t.Fatal(err)
	}
	const ins = "INSERT INTO t (v) VALUES (?)"
	for _, v := range []string{"a", "b", "c"} {
		if _, err := w.exec(ctx, ins, v); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.exec(ctx, ins, "a"); classify(err) != faultUnique {
		t.Fatalf("duplicate insert: %v, want a unique violation", err)
	}
	if _, err := w.exec(ctx, ins, "d"); err != nil {
		t.Fatalf("insert after a failed one: %v", err)
	}

	// Nested: the same query while its rows are open, inside one
	// transaction (one connection).
	const sel = "SELECT v FROM t WHERE id >= ? ORDER BY id"
	var outer, inner []string
	err = db.tx(ctx, func(h handle) error {
		rows, err := h.query(ctx, sel, 1)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				return err
			}
			outer = append(outer, v)
			var first string
			if err := h.queryRow(ctx, sel, 3).Scan(&first); err != nil {
				return err
			}
			inner = append(inner, first)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(outer) != 4 || outer[3] != "d" || len(inner) != 4 || inner[0] != "c" {
		t.Fatalf("outer %v inner %v", outer, inner)
	}

	// The write connection kept one statement per distinct query.
	conn, err := db.w.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		c := dc.(*cachingConn)
		for _, q := range []string{ins, sel} {
			if c.stmts[q] == nil {
				t.Errorf("%q is not cached", q)
			} else if c.stmts[q].busy {
				t.Errorf("%q still busy after its rows were closed", q)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.reader().queryRow(ctx, "SELECT COUNT(*) FROM t").Scan(&n); err != nil || n != 4 {
		t.Fatalf("count = %d, %v", n, err)
	}
}
