package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/zhixi-org/zhixi"
)

// auditIn writes the audit row of a change made by a person inside the
// change's transaction; by nil is a system change (seeding) and writes
// nothing.
func auditIn(ctx context.Context, h handle, by *zhixi.AuditEntry, action, object string, id, studentID int64, detail string) error {
	if by == nil {
		return nil
	}
	e := *by
	e.Action, e.Object, e.ObjectID, e.StudentID, e.Detail = action, object, id, studentID, detail
	return appendAudit(ctx, h, &e)
}

func createOrUpdate(id int64) string {
	if id == 0 {
		return zhixi.AuditCreate
	}
	return zhixi.AuditUpdate
}

// CreateStreet implements zhixi.OrgService.
func (db *DB) CreateStreet(ctx context.Context, s *zhixi.Street) error {
	s.ID = 0
	return db.saveStreet(ctx, s, nil)
}

// SaveStreet implements zhixi.OrgService.
func (db *DB) SaveStreet(ctx context.Context, s *zhixi.Street, by zhixi.AuditEntry) error {
	return db.saveStreet(ctx, s, &by)
}

func (db *DB) saveStreet(ctx context.Context, s *zhixi.Street, by *zhixi.AuditEntry) error {
	name, err := zhixi.CheckName("名称", s.Name)
	if err != nil {
		return err
	}
	s.Name = name
	action := createOrUpdate(s.ID)
	err = db.tx(ctx, func(h handle) error {
		if s.ID == 0 {
			id, err := insertID(ctx, h, "INSERT INTO streets (name) VALUES (?)", s.Name)
			if err != nil {
				return conflictError(err, "create street", "err.duplicate")
			}
			s.ID = id
		} else {
			res, err := h.exec(ctx, "UPDATE streets SET name = ? WHERE id = ?", s.Name, s.ID)
			if err != nil {
				return conflictError(err, "update street", "err.duplicate")
			}
			if err := affected(res, nil, "update street", "err.street_not_found"); err != nil {
				return err
			}
		}
		return auditIn(ctx, h, by, action, "street", s.ID, 0, s.Name)
	})
	if err != nil && action == zhixi.AuditCreate {
		s.ID = 0
	}
	return err
}

// CreateCommunity implements zhixi.OrgService.
func (db *DB) CreateCommunity(ctx context.Context, c *zhixi.Community) error {
	c.ID = 0
	return db.saveCommunity(ctx, c, nil)
}

// SaveCommunity implements zhixi.OrgService.
func (db *DB) SaveCommunity(ctx context.Context, c *zhixi.Community, by zhixi.AuditEntry) error {
	return db.saveCommunity(ctx, c, &by)
}

func (db *DB) saveCommunity(ctx context.Context, c *zhixi.Community, by *zhixi.AuditEntry) error {
	name, err := zhixi.CheckName("名称", c.Name)
	if err != nil {
		return err
	}
	c.Name = name
	action := createOrUpdate(c.ID)
	err = db.tx(ctx, func(h handle) error {
		var res sql.Result
		var err error
		if c.ID == 0 {
			c.ID, err = insertID(ctx, h, "INSERT INTO communities (street_id, name) VALUES (?, ?)", c.StreetID, c.Name)
		} else {
			res, err = h.exec(ctx, "UPDATE communities SET street_id = ?, name = ? WHERE id = ?", c.StreetID, c.Name, c.ID)
		}
		if err != nil {
			if classify(err) == faultForeignKey {
				return db.refError(ctx, err, "save community", ref{"streets", c.StreetID, "err.street_not_found"})
			}
			return conflictError(err, "save community", "err.duplicate")
		}
		if res != nil {
			if err := affected(res, nil, "update community", "err.community_not_found"); err != nil {
				return err
			}
		}
		return auditIn(ctx, h, by, action, "community", c.ID, 0, c.Name)
	})
	if err != nil && action == zhixi.AuditCreate {
		c.ID = 0
	}
	return err
}

// CreateRoom implements zhixi.OrgService.
func (db *DB) CreateRoom(ctx context.Context, r *zhixi.Room) error {
	r.ID = 0
	return db.saveRoom(ctx, r, nil)
}

// SaveRoom implements zhixi.OrgService. The room's communities and
// supervisors are replaced by r's in the same transaction.
func (db *DB) SaveRoom(ctx context.Context, r *zhixi.Room, by zhixi.AuditEntry) error {
	return db.saveRoom(ctx, r, &by)
}

func (db *DB) saveRoom(ctx context.Context, r *zhixi.Room, by *zhixi.AuditEntry) error {
	name, err := zhixi.CheckName("名称", r.Name)
	if err != nil {
		return err
	}
	loc, err := zhixi.CheckText("位置", r.Location, zhixi.MaxNameLen*2)
	if err != nil {
		return err
	}
	if r.Seats <= 0 {
		return zhixi.Errorf(zhixi.EINVALID, "err.invalid_seats")
	}
	r.Name, r.Location = name, loc
	// The lending community is always served.
	served := []int64{r.CommunityID}
	for _, c := range r.Communities {
		if !slices.Contains(served, c) {
			served = append(served, c)
		}
	}
	slices.Sort(served)
	sups := slices.Compact(slices.Sorted(slices.Values(r.Supervisors)))
	action := createOrUpdate(r.ID)
	err = db.tx(ctx, func(h handle) error {
		var res sql.Result
		var err error
		if r.ID == 0 {
			r.ID, err = insertID(ctx, h, "INSERT INTO rooms (community_id, name, location, seats) VALUES (?, ?, ?, ?)",
				r.CommunityID, r.Name, r.Location, r.Seats)
		} else {
			res, err = h.exec(ctx, "UPDATE rooms SET community_id = ?, name = ?, location = ?, seats = ? WHERE id = ?",
				r.CommunityID, r.Name, r.Location, r.Seats, r.ID)
		}
		if err != nil {
			if classify(err) == faultForeignKey {
				return db.refError(ctx, err, "save room", ref{"communities", r.CommunityID, "err.community_not_found"})
			}
			return conflictError(err, "save room", "err.duplicate")
		}
		if res != nil {
			if err := affected(res, nil, "update room", "err.room_not_found"); err != nil {
				return err
			}
		}
		if _, err := h.exec(ctx, "DELETE FROM room_communities WHERE room_id = ?", r.ID); err != nil {
			return dbError(err, "save room communities")
		}
		for _, c := range served {
			if _, err := h.exec(ctx, "INSERT INTO room_communities (room_id, community_id) VALUES (?, ?)", r.ID, c); err != nil {
				if classify(err) == faultForeignKey {
					return db.refError(ctx, err, "save room communities", ref{"communities", c, "err.community_not_found"})
				}
				return dbError(err, "save room communities")
			}
		}
		if _, err := h.exec(ctx, "DELETE FROM room_supervisors WHERE room_id = ?", r.ID); err != nil {
			return dbError(err, "save room supervisors")
		}
		for _, u := range sups {
			var role string
			if err := h.queryRow(ctx, "SELECT role FROM users WHERE id = ?", u).Scan(&role); err != nil {
				return notFound(err, "room supervisor", "err.user_not_found")
			}
			if zhixi.Role(role) != zhixi.RoleSupervisor {
				return zhixi.Errorf(zhixi.EINVALID, "err.not_supervisor")
			}
			if _, err := h.exec(ctx, "INSERT INTO room_supervisors (room_id, user_id) VALUES (?, ?)", r.ID, u); err != nil {
				return dbError(err, "save room supervisors")
			}
		}
		return auditIn(ctx, h, by, action, "room", r.ID, 0,
			fmt.Sprintf("%s，%d 座，服务社区 %v，督学 %v", r.Name, r.Seats, served, sups))
	})
	if err != nil {
		if action == zhixi.AuditCreate {
			r.ID = 0
		}
		return err
	}
	r.Communities, r.Supervisors = served, sups
	return nil
}

// Streets implements zhixi.OrgService.
func (db *DB) Streets(ctx context.Context) ([]zhixi.Street, error) {
	rows, err := db.reader().query(ctx, "SELECT id, name FROM streets ORDER BY id")
	return collect(rows, err, func(r *sql.Rows, s *zhixi.Street) error { return r.Scan(&s.ID, &s.Name) })
}

// Street implements zhixi.OrgService.
func (db *DB) Street(ctx context.Context, id int64) (*zhixi.Street, error) {
	var s zhixi.Street
	if err := db.reader().queryRow(ctx, "SELECT id, name FROM streets WHERE id = ?", id).Scan(&s.ID, &s.Name); err != nil {
		return nil, notFound(err, "street", "err.street_not_found")
	}
	return &s, nil
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
	rooms, err := db.rooms(ctx, "id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(rooms) == 0 {
		return nil, zhixi.WrapError(zhixi.ENOTFOUND, "err.room_not_found", fmt.Errorf("room %d: no such row", id))
	}
	return &rooms[0], nil
}

// Rooms implements zhixi.OrgService.
func (db *DB) Rooms(ctx context.Context, communityID int64) ([]zhixi.Room, error) {
	if communityID == 0 {
		return db.rooms(ctx, "1 = 1")
	}
	return db.rooms(ctx, "id IN (SELECT room_id FROM room_communities WHERE community_id = ?)", communityID)
}

// rooms loads the rooms matching cond with their communities and
// supervisors, in one snapshot.
func (db *DB) rooms(ctx context.Context, cond string, args ...any) ([]zhixi.Room, error) {
	var out []zhixi.Room
	err := db.readTx(ctx, func(h handle) error {
		rows, err := h.query(ctx, "SELECT "+roomCols+" FROM rooms WHERE "+cond+" ORDER BY id", args...)
		out, err = collect(rows, err, func(r *sql.Rows, x *zhixi.Room) error { return scanRoom(r, x) })
		if err != nil {
			return err
		}
		for i := range out {
			r := &out[i]
			if r.Communities, err = ids(ctx, h, "SELECT community_id FROM room_communities WHERE room_id = ? ORDER BY community_id", r.ID); err != nil {
				return err
			}
			if r.Supervisors, err = ids(ctx, h, "SELECT user_id FROM room_supervisors WHERE room_id = ? ORDER BY user_id", r.ID); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

func ids(ctx context.Context, h handle, query string, args ...any) ([]int64, error) {
	rows, err := h.query(ctx, query, args...)
	return collect(rows, err, func(r *sql.Rows, id *int64) error { return r.Scan(id) })
}

// loadScope fills a supervisor's rooms and the communities they serve,
// which the access policy reads.
func (db *DB) loadScope(ctx context.Context, u *zhixi.User) error {
	if u.Role != zhixi.RoleSupervisor {
		return nil
	}
	// One statement for both lists (every request of a supervisor reads
	// them): kind 0 rows are rooms, kind 1 rows communities.
	rows, err := db.reader().query(ctx, `SELECT 0, room_id FROM room_supervisors WHERE user_id = ?
		UNION ALL
		SELECT DISTINCT 1, rc.community_id FROM room_communities rc
		JOIN room_supervisors rs ON rs.room_id = rc.room_id WHERE rs.user_id = ?
		ORDER BY 1, 2`, u.ID, u.ID)
	if err != nil {
		return dbError(err, "load scope")
	}
	defer rows.Close()
	u.Rooms, u.Communities = nil, nil
	for rows.Next() {
		var kind int
		var id int64
		if err := rows.Scan(&kind, &id); err != nil {
			return dbError(err, "load scope")
		}
		if kind == 0 {
			u.Rooms = append(u.Rooms, id)
		} else {
			u.Communities = append(u.Communities, id)
		}
	}
	return dbError(rows.Err(), "load scope")
}

// CommunityStats implements zhixi.OrgService: counts per community of a
// street (all streets when streetID is 0), never a name of a minor. A
// room counts for every community it serves.
func (db *DB) CommunityStats(ctx context.Context, streetID int64) ([]zhixi.CommunityStats, error) {
	var w where
	if streetID != 0 {
		w.add("c.street_id = ?", streetID)
	}
	rows, err := db.reader().query(ctx, `SELECT c.id, c.street_id, c.name,
		(SELECT COUNT(*) FROM room_communities rc WHERE rc.community_id = c.id),
		(SELECT CAST(COALESCE(SUM(r.seats), 0) AS BIGINT) FROM rooms r JOIN room_communities rc ON rc.room_id = r.id WHERE rc.community_id = c.id),
		(SELECT COUNT(*) FROM students s WHERE s.community_id = c.id)
		FROM communities c`+w.String()+" ORDER BY c.id", w.args...)
	return collect(rows, err, func(r *sql.Rows, s *zhixi.CommunityStats) error {
		return r.Scan(&s.Community.ID, &s.Community.StreetID, &s.Community.Name, &s.Rooms, &s.Seats, &s.Students)
	})
}
