package store

import "database/sql"

// Pools returns the connection pools by name, for metrics: "read" and
// "write" on SQLite (the writer has one connection), "main" on PostgreSQL.
// Callers may read their Stats; they must not close or reconfigure them.
func (db *DB) Pools() map[string]*sql.DB {
	if db.r == db.w {
		return map[string]*sql.DB{"main": db.r}
	}
	return map[string]*sql.DB{"read": db.r, "write": db.w}
}
