package store

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// rowScanner is one row being read: *sql.Rows on SQLite, pgx.Rows on
// PostgreSQL.
type rowScanner interface{ Scan(dest ...any) error }

// read is one queued query and what to do with each of its rows.
type read struct {
	query string
	args  []any
	row   func(rowScanner) error
}

// pipeline reads several queries in one snapshot with as few round trips
// as the queries' dependencies allow. On PostgreSQL each flush sends its
// queries as one pgx batch, so a page of ten queries costs two round trips
// instead of twelve; under load every round trip waits for a core, and
// that wait, not the queries, was most of the room board's time. On SQLite
// the queries run one after another in a read transaction: in-process
// calls cost no round trip.
type pipeline struct {
	h      handle    // SQLite: the read transaction
	pc     *pgx.Conn // PostgreSQL: the connection
	n      *counts
	queued []read
}

// pipelined runs fn with a pipeline over one read snapshot (REPEATABLE
// READ on PostgreSQL, begun with the first flush and committed with the
// last).
func (db *DB) pipelined(ctx context.Context, fn func(p *pipeline) error) error {
	if db.engine != Postgres {
		return db.readTx(ctx, func(h handle) error { return fn(&pipeline{h: h}) })
	}
	db.n.readTx.Add(1)
	return withPgx(ctx, db.r, func(pc *pgx.Conn) error {
		p := &pipeline{pc: pc, n: &db.n}
		err := fn(p)
		// An error or an early return left the snapshot open.
		if p.pc.PgConn().TxStatus() != 'I' {
			if _, rerr := p.pc.Exec(ctx, "ROLLBACK"); rerr != nil && err == nil {
				err = dbError(rerr, "end read")
			}
		}
		return err
	})
}

// withPgx runs fn on one connection of pool as pgx speaks it (batches,
// LISTEN), then gives the connection back to the pool.
func withPgx(ctx context.Context, pool *sql.DB, fn func(*pgx.Conn) error) error {
	conn, err := pool.Conn(ctx)
	if err != nil {
		return dbError(err, "err.internal")
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error { return fn(dc.(*stdlib.Conn).Conn()) })
}

// add queues a query; row is called for each row it returns.
func (p *pipeline) add(row func(rowScanner) error, query string, args ...any) {
	p.queued = append(p.queued, read{query, args, row})
}

// in is the condition "col is one of ids" and its arguments: one array
// parameter on PostgreSQL (one prepared statement for any number of ids),
// a list of placeholders on SQLite.
func (p *pipeline) in(col string, ids []int64) (string, []any) {
	if p.pc != nil {
		return col + " = ANY(?)", []any{ids}
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return col + " IN (" + marks(len(ids)) + ")", args
}

// flush runs the queued queries; last ends the snapshot with them.
func (p *pipeline) flush(ctx context.Context, last bool) error {
	reads := p.queued
	p.queued = nil
	if p.pc == nil {
		for _, r := range reads {
			rows, err := p.h.query(ctx, r.query, r.args...)
			if err := eachRow(rows, err, r.row); err != nil {
				return err
			}
		}
		return nil
	}
	var b pgx.Batch
	if p.pc.PgConn().TxStatus() == 'I' {
		b.Queue("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
	}
	for _, r := range reads {
		p.n.statements.Add(1)
		b.Queue(rebind(r.query), r.args...).Query(func(rows pgx.Rows) error {
			for rows.Next() {
				if err := r.row(rows); err != nil {
					return err
				}
			}
			return rows.Err()
		})
	}
	if last {
		b.Queue("COMMIT")
	}
	if err := p.pc.SendBatch(ctx, &b).Close(); err != nil {
		return dbError(err, "err.internal")
	}
	return nil
}

// eachRow calls row for every row of rows and closes them.
func eachRow(rows *sql.Rows, err error, row func(rowScanner) error) error {
	if err != nil {
		return dbError(err, "err.internal")
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows); err != nil {
			return dbError(err, "err.internal")
		}
	}
	if err := rows.Err(); err != nil {
		return dbError(err, "err.internal")
	}
	return nil
}
