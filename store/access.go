package store

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/zhixi-org/zhixi"
)

// accessEpochNow is the access epoch as a subquery: a read of a session or
// student selects it with them, and a write that carries an epoch
// compares it, each in one statement.
const accessEpochNow = "(SELECT n FROM access_epoch WHERE id = 1)"

// maxAccessEntries bounds each map of the access cache; a full map starts
// again empty.
const maxAccessEntries = 20000

// accessCache keeps the live sessions and the students this server read,
// all at one access epoch, the newest it has seen (migration 0027). Only
// the actions whose write checks that epoch use it
// (zhixi.AccessAtEpochReader): on PostgreSQL the session and student
// reads were two of an answer's three round trips (docs/performance.md,
// session 6). A server that learns of a newer epoch drops every entry.
type accessCache struct {
	mu       sync.Mutex
	epoch    int64
	sessions map[string]cachedSession
	students map[int64]cachedStudent
}

type cachedSession struct {
	s zhixi.Session
	u zhixi.User
}

type cachedStudent struct {
	st   zhixi.Student
	gids []int64
}

// seen moves the cache to epoch e when e is newer, dropping what it kept.
// The caller holds mu.
func (c *accessCache) seen(e int64) {
	if e > c.epoch {
		c.epoch = e
		c.sessions, c.students = nil, nil
	}
}

// saw is seen for a caller that does not hold mu.
func (c *accessCache) saw(e int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seen(e)
}

// keep puts v under k in *m, one of the cache's maps, if e is the
// cache's epoch once the cache has seen it.
func keep[K comparable, V any](c *accessCache, e int64, m *map[K]V, k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seen(e)
	if e != c.epoch {
		return
	}
	if *m == nil || len(*m) >= maxAccessEntries {
		*m = map[K]V{}
	}
	(*m)[k] = v
}

// touched records a session's new sliding lifetime, which moves no epoch.
func (c *accessCache) touched(tokenHash string, lastSeen, expiresAt time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.sessions[tokenHash]; ok {
		e.s.LastSeen, e.s.ExpiresAt = lastSeen, expiresAt
		c.sessions[tokenHash] = e
	}
}

// forget drops a session this server deleted; the deletion moves the
// epoch for every other server.
func (c *accessCache) forget(tokenHash string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.sessions, tokenHash)
}

func accessChanged(epoch, now int64) error {
	return zhixi.WrapError(zhixi.ECONFLICT, "err.access_changed", fmt.Errorf("access epoch %d is now %d", epoch, now))
}

var _ zhixi.AccessAtEpochReader = (*DB)(nil)

// SessionUserAt implements zhixi.AccessAtEpochReader. Only sessions of
// enabled accounts are kept, so a refusal always comes from a fresh read.
func (db *DB) SessionUserAt(ctx context.Context, tokenHash string, now time.Time) (*zhixi.Session, *zhixi.User, error) {
	c := &db.access
	c.mu.Lock()
	e, ok := c.sessions[tokenHash]
	epoch := c.epoch
	c.mu.Unlock()
	if ok && e.s.ExpiresAt.After(now) {
		e.u.AccessEpoch = epoch
		return &e.s, &e.u, nil
	}
	s, u, epoch, err := db.sessionUser(ctx, tokenHash, now)
	if err != nil {
		return nil, nil, err
	}
	if !u.Disabled {
		kept := *u
		kept.PasswordHash = "" // least data: an answer never needs it
		keep(c, epoch, &c.sessions, s.TokenHash, cachedSession{*s, kept})
	}
	u.AccessEpoch = epoch
	return s, u, nil
}

// StudentAndGuardiansAt implements zhixi.AccessAtEpochReader.
func (db *DB) StudentAndGuardiansAt(ctx context.Context, id, epoch int64) (*zhixi.Student, []int64, error) {
	c := &db.access
	c.mu.Lock()
	e, ok := c.students[id]
	ok = ok && c.epoch == epoch
	c.mu.Unlock()
	if ok {
		return &e.st, e.gids, nil
	}
	st, gids, now, err := db.studentAndGuardians(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	keep(c, now, &c.students, st.ID, cachedStudent{*st, gids})
	if now != epoch {
		return nil, nil, accessChanged(epoch, now)
	}
	return st, gids, nil
}

// ConfirmAccess implements zhixi.AccessAtEpochReader.
func (db *DB) ConfirmAccess(ctx context.Context, epoch int64) error {
	return db.checkEpoch(ctx, db.reader(), epoch)
}

// checkEpoch fails with "err.access_changed" unless the access epoch is
// epoch; inside a transaction, h is that transaction.
func (db *DB) checkEpoch(ctx context.Context, h handle, epoch int64) error {
	var now int64
	if err := h.queryRow(ctx, "SELECT "+accessEpochNow).Scan(&now); err != nil {
		return dbError(err, "read access epoch")
	}
	if now == epoch {
		return nil
	}
	db.access.saw(now)
	return accessChanged(epoch, now)
}
