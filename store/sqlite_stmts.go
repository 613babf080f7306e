package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"strings"
)

// SQLite statement cache.
//
// database/sql runs a query without a prepared statement by handing its
// text to the driver, and modernc.org/sqlite then compiles it anew every
// time: under `zhixi bench` that parsing was about a seventh of the
// server's CPU. stmtCacheConnector wraps the driver's connections so that
// each keeps its compiled statements by query text and reuses them; the
// store's SQL is a fixed set of strings, so the cache stays small.
// PostgreSQL needs none of this: pgx keeps a statement cache per
// connection itself.

// maxCachedStmts bounds a connection's cache; queries beyond it (the
// store builds a few with a variable number of placeholders) are compiled
// per call as before.
const maxCachedStmts = 256

// stmtCacheConnector opens driver connections through inner and gives
// each a statement cache.
type stmtCacheConnector struct{ inner driver.Connector }

func (c stmtCacheConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return newCachingConn(conn)
}

func (c stmtCacheConnector) Driver() driver.Driver { return c.inner.Driver() }

// innerConn is what the wrapped connection must offer (modernc's does).
type innerConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

type stmtContext interface {
	driver.Stmt
	driver.StmtExecContext
	driver.StmtQueryContext
}

// cachingConn is one connection with its cached statements. database/sql
// uses a connection from one goroutine at a time, so it needs no lock.
type cachingConn struct {
	innerConn
	stmts map[string]*cachedStmt
}

type cachedStmt struct {
	s stmtContext
	// busy while rows read from it are open: a query run again before
	// they are closed (a nested read on one connection) compiles its own.
	busy bool
}

func newCachingConn(conn driver.Conn) (driver.Conn, error) {
	ic, ok := conn.(innerConn)
	if !ok {
		conn.Close()
		return nil, errors.New("sqlite driver connection lacks the interfaces the statement cache needs")
	}
	return &cachingConn{innerConn: ic, stmts: map[string]*cachedStmt{}}, nil
}

// stmt returns the cached statement of query, compiling and keeping it
// on first use; nil (and no error) when query is not to be cached or the
// cache is full.
func (c *cachingConn) stmt(ctx context.Context, query string) (*cachedStmt, error) {
	if cs, ok := c.stmts[query]; ok {
		return cs, nil
	}
	// A script of several statements is run statement by statement by
	// the driver each time; nothing to keep.
	if len(c.stmts) >= maxCachedStmts || strings.Contains(query, ";") {
		return nil, nil
	}
	ds, err := c.innerConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	s, ok := ds.(stmtContext)
	if !ok {
		ds.Close()
		return nil, nil
	}
	cs := &cachedStmt{s: s}
	c.stmts[query] = cs
	return cs, nil
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	cs, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if cs == nil || cs.busy {
		return c.innerConn.ExecContext(ctx, query, args)
	}
	return cs.s.ExecContext(ctx, args)
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	cs, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if cs == nil || cs.busy {
		return c.innerConn.QueryContext(ctx, query, args)
	}
	r, err := cs.s.QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	cs.busy = true
	return &cachedRows{Rows: r, cs: cs}, nil
}

// Close finalizes the cached statements, then closes the connection.
func (c *cachingConn) Close() error {
	var errs []error
	for q, cs := range c.stmts {
		errs = append(errs, cs.s.Close())
		delete(c.stmts, q)
	}
	return errors.Join(append(errs, c.innerConn.Close())...)
}

// cachedRows frees its statement for the next call when closed.
type cachedRows struct {
	driver.Rows
	cs *cachedStmt
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	if r.cs != nil {
		r.cs.busy = false
		r.cs = nil
	}
	return err
}
