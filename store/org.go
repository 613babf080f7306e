package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/zhixi-org/zhixi"
)

// CreateStreet implements zhixi.OrgService.
func (db *DB) CreateStreet(ctx context.Context, s *zhixi.Street) error {
	s.Name = strings.TrimSpace(s.Name)
	if s.Name == "" {
		return zhixi.Errorf(zhixi.EINVALID, "err.name_required")
	}
	id, err := insertID(ctx, db.writer(), "INSERT INTO streets (name) VALUES (?)", s.Name)
	if err != nil {
		return conflictError(err, "create street", "err.duplicate")
	}
	s.ID = id
	return nil
}

// CreateCommunity implements zhixi.OrgService.
func (db *DB) CreateCommunity(ctx context.Context, c *zhixi.Community) error {
	c.Name = strings.TrimSpace(c.Name)
	if c.Name == "" {
		return zhixi.Errorf(zhixi.EINVALID, "err.name_required")
	}
	id, err := insertID(ctx, db.writer(), "INSERT INTO communities (street_id, name) VALUES (?, ?)", c.StreetID, c.Name)
	if err != nil {
		if classify(err) == faultForeignKey {
			return db.refError(ctx, err, "create community", ref{"streets", c.StreetID, "err.street_not_found"})
		}
		return conflictError(err, "create community", "err.duplicate")
	}
	c.ID = id
	return nil
}

// CreateRoom implements zhixi.OrgService.
func (db *DB) CreateRoom(ctx context.Context, r *zhixi.Room) error {
	r.Name = strings.TrimSpace(r.Name)
	switch {
	case r.Name == "":
		return zhixi.Errorf(zhixi.EINVALID, "err.name_required")
	case r.Seats <= 0:
		return zhixi.Errorf(zhixi.EINVALID, "err.invalid_seats")
	}
	id, err := insertID(ctx, db.writer(), "INSERT INTO rooms (community_id, name, location, seats) VALUES (?, ?, ?, ?)",
		r.CommunityID, r.Name, r.Location, r.Seats)
	if err != nil {
		if classify(err) == faultForeignKey {
			return db.refError(ctx, err, "create room", ref{"communities", r.CommunityID, "err.community_not_found"})
		}
		return conflictError(err, "create room", "err.duplicate")
	}
	r.ID = id
	return nil
}

// Streets implements zhixi.OrgService.
func (db *DB) Streets(ctx context.Context) ([]zhixi.Street, error) {
	rows, err := db.reader().query(ctx, "SELECT id, name FROM streets ORDER BY id")
	return collect(rows, err, func(r *sql.Rows, s *zhixi.Street) error { return r.Scan(&s.ID, &s.Name) })
}

const communityCols = "id, street_id, name"

func scanCommunity(r interface{ Scan(...any) error }, c *zhixi.Community) error {
	return r.Scan(&c.ID, &c.StreetID, &c.Name)
}

// Community implements zhixi.OrgService.
func (db *DB) Community(ctx context.Context, id int64) (*zhixi.Community, error) {
	var c zhixi.Community
	err := scanCommunity(db.reader().queryRow(ctx, "SELECT "+communityCols+" FROM communities WHERE id = ?", id), &c)
	if err != nil {
		return nil, notFound(err, "community", "err.community_not_found")
	}
	return &c, nil
}

// Communities implements zhixi.OrgService.
func (db *DB) Communities(ctx context.Context, streetID int64) ([]zhixi.Community, error) {
	var w where
	if streetID != 0 {
		w.add("street_id = ?", streetID)
	}
	rows, err := db.reader().query(ctx, "SELECT "+communityCols+" FROM communities"+w.String()+" ORDER BY id", w.args...)
	return collect(rows, err, func(r *sql.Rows, c *zhixi.Community) error { return scanCommunity(r, c) })
}

const roomCols = "id, community_id, name, location, seats"

func scanRoom(r interface{ Scan(...any) error }, x *zhixi.Room) error {
	return r.Scan(&x.ID, &x.CommunityID, &x.Name, &x.Location, &x.Seats)
}

// Room implements zhixi.OrgService.
func (db *DB) Room(ctx context.Context, id int64) (*zhixi.Room, error) {
	var x zhixi.Room
	if err := scanRoom(db.reader().queryRow(ctx, "SELECT "+roomCols+" FROM rooms WHERE id = ?", id), &x); err != nil {
		return nil, notFound(err, "room", "err.room_not_found")
	}
	return &x, nil
}

// Rooms implements zhixi.OrgService.
func (db *DB) Rooms(ctx context.Context, communityID int64) ([]zhixi.Room, error) {
	var w where
	if communityID != 0 {
		w.add("community_id = ?", communityID)
	}
	rows, err := db.reader().query(ctx, "SELECT "+roomCols+" FROM rooms"+w.String()+" ORDER BY id", w.args...)
	return collect(rows, err, func(r *sql.Rows, x *zhixi.Room) error { return scanRoom(r, x) })
}

// CommunityStats implements zhixi.OrgService: counts per community of a
// street (all streets when streetID is 0), never a name of a minor.
func (db *DB) CommunityStats(ctx context.Context, streetID int64) ([]zhixi.CommunityStats, error) {
	var w where
	if streetID != 0 {
		w.add("c.street_id = ?", streetID)
	}
	rows, err := db.reader().query(ctx, `SELECT c.id, c.street_id, c.name,
		(SELECT COUNT(*) FROM rooms r WHERE r.community_id = c.id),
		(SELECT CAST(COALESCE(SUM(r.seats), 0) AS BIGINT) FROM rooms r WHERE r.community_id = c.id),
		(SELECT COUNT(*) FROM students s WHERE s.community_id = c.id)
		FROM communities c`+w.String()+" ORDER BY c.id", w.args...)
	return collect(rows, err, func(r *sql.Rows, s *zhixi.CommunityStats) error {
		return r.Scan(&s.Community.ID, &s.Community.StreetID, &s.Community.Name, &s.Rooms, &s.Seats, &s.Students)
	})
}
