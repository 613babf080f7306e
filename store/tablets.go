package store

import (
	"context"
	"fmt"
	"time"

	"github.com/zhixi-org/zhixi"
)

var _ zhixi.TabletService = (*DB)(nil)

// CreateTabletCode implements zhixi.TabletService. Expired codes are
// cleared first, so a 6-digit space is enough: only live codes collide.
func (db *DB) CreateTabletCode(ctx context.Context, c *zhixi.TabletCode, by zhixi.AuditEntry) error {
	c.CreatedAt, c.ExpiresAt = utc(c.CreatedAt), utc(c.ExpiresAt)
	return db.tx(ctx, func(h handle) error {
		if _, err := h.exec(ctx, "DELETE FROM tablet_codes WHERE expires_at <= ?", c.CreatedAt.UnixNano()); err != nil {
			return dbError(err, "clear tablet codes")
		}
		_, err := h.exec(ctx, `INSERT INTO tablet_codes (code_hash, student_id, room_id, created_by, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?)`, c.CodeHash, c.StudentID, c.RoomID, c.CreatedBy, c.CreatedAt.UnixNano(), c.ExpiresAt.UnixNano())
		if err != nil {
			if classify(err) == faultForeignKey {
				return db.refError(ctx, err, "create tablet code", ref{"students", c.StudentID, "err.student_not_found"},
					ref{"rooms", c.RoomID, "err.room_not_found"})
			}
			return conflictError(err, "create tablet code", "err.duplicate")
		}
		return auditIn(ctx, h, &by, zhixi.AuditCreate, "tablet_code", c.RoomID, c.StudentID, "平板登录码，10 分钟内有效")
	})
}

// UseTabletCode implements zhixi.TabletService. Deleting the row is the
// "once": of two tablets typing one code, one deletes it, the other finds
// nothing.
func (db *DB) UseTabletCode(ctx context.Context, codeHash string, now time.Time) (*zhixi.User, *zhixi.TabletCode, error) {
	var (
		c zhixi.TabletCode
		u *zhixi.User
	)
	err := db.tx(ctx, func(h handle) error {
		err := h.queryRow(ctx, `DELETE FROM tablet_codes WHERE code_hash = ? AND expires_at > ?
			RETURNING code_hash, student_id, room_id, created_by, created_at, expires_at`, codeHash, now.UnixNano()).
			Scan(&c.CodeHash, &c.StudentID, &c.RoomID, &c.CreatedBy, timeCol{&c.CreatedAt}, timeCol{&c.ExpiresAt})
		if err != nil {
			return notFound(err, "use tablet code", "err.tablet_code_invalid")
		}
		u, err = db.studentAccount(ctx, h, c.StudentID, now)
		if err != nil {
			return err
		}
		by := &zhixi.AuditEntry{At: now, ActorID: u.ID, ActorRole: zhixi.RoleStudent}
		return auditIn(ctx, h, by, zhixi.AuditLogin, "tablet", c.RoomID, c.StudentID, "学生用登录码登录智习室平板")
	})
	if err != nil {
		return nil, nil, err
	}
	return u, &c, nil
}

// StudentAccount implements zhixi.TabletService.
func (db *DB) StudentAccount(ctx context.Context, studentID int64, by zhixi.AuditEntry) (*zhixi.User, error) {
	var u *zhixi.User
	err := db.tx(ctx, func(h handle) error {
		var err error
		if u, err = db.studentAccount(ctx, h, studentID, time.Now()); err != nil {
			return err
		}
		return auditIn(ctx, h, &by, zhixi.AuditLogin, "tablet", studentID, studentID, "督学在智习室平板上为学生登录")
	})
	return u, err
}

// studentAccount returns the student's own tablet account, creating it
// (with no password: students never type one) on first use.
func (db *DB) studentAccount(ctx context.Context, h handle, studentID int64, now time.Time) (*zhixi.User, error) {
	var (
		uid, cid int64
		name     string
	)
	err := h.queryRow(ctx, "SELECT user_id, community_id, name FROM students WHERE id = ?", studentID).
		Scan(idCol{&uid}, &cid, &name)
	if err != nil {
		return nil, notFound(err, "student account", "err.student_not_found")
	}
	if uid == 0 {
		u := &zhixi.User{Username: fmt.Sprintf("student-%d", studentID), DisplayName: name, Role: zhixi.RoleStudent,
			CommunityID: cid, CreatedAt: now}
		if err := db.insertUser(ctx, h, u); err != nil {
			return nil, err
		}
		if _, err := h.exec(ctx, "UPDATE students SET user_id = ? WHERE id = ?", u.ID, studentID); err != nil {
			return nil, dbError(err, "link student account")
		}
		return u, nil
	}
	var u zhixi.User
	if err := scanUser(h.queryRow(ctx, "SELECT "+userCols+" FROM users WHERE id = ?", uid), &u); err != nil {
		return nil, notFound(err, "student account", "err.user_not_found")
	}
	return &u, nil
}

// EndTabletSessions implements zhixi.TabletService.
func (db *DB) EndTabletSessions(ctx context.Context, studentID int64) (int64, error) {
	res, err := db.writer().exec(ctx, `DELETE FROM sessions WHERE room_id IS NOT NULL
		AND user_id = (SELECT user_id FROM students WHERE id = ?)`, studentID)
	n, err := rowsAffected(res, err)
	return n, dbError(err, "end tablet sessions")
}

// EndRoomTabletSessions implements zhixi.TabletService.
func (db *DB) EndRoomTabletSessions(ctx context.Context, roomID int64) (int64, error) {
	res, err := db.writer().exec(ctx, "DELETE FROM sessions WHERE room_id = ?", roomID)
	n, err := rowsAffected(res, err)
	return n, dbError(err, "end room tablet sessions")
}
