package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi"
)

var _ zhixi.FamilyService = (*DB)(nil)

// RegisterFamily implements zhixi.FamilyService. inv nil registers the
// children alone.
func (db *DB) RegisterFamily(ctx context.Context, kids []*zhixi.Student, inv *zhixi.Invitation, by zhixi.AuditEntry) error {
	err := db.tx(ctx, func(h handle) error {
		var ids []int64
		for _, k := range kids {
			if err := db.insertStudent(ctx, h, k); err != nil {
				return err
			}
			if err := auditIn(ctx, h, &by, zhixi.AuditCreate, "student", k.ID, k.ID, "家庭登记"); err != nil {
				return err
			}
			ids = append(ids, k.ID)
		}
		if inv == nil {
			return nil
		}
		inv.StudentIDs = ids
		return db.insertInvitation(ctx, h, inv, &by)
	})
	if err != nil {
		for _, k := range kids {
			k.ID = 0
		}
	}
	return err
}

// CreateInvitation implements zhixi.FamilyService.
func (db *DB) CreateInvitation(ctx context.Context, inv *zhixi.Invitation, by zhixi.AuditEntry) error {
	return db.tx(ctx, func(h handle) error {
		for _, id := range inv.StudentIDs {
			var cid int64
			if err := h.queryRow(ctx, "SELECT community_id FROM students WHERE id = ?", id).Scan(&cid); err != nil {
				return notFound(err, "invitation student", "err.student_not_found")
			}
			if cid != inv.CommunityID {
				return zhixi.Errorf(zhixi.EINVALID, "err.invitation_community")
			}
		}
		return db.insertInvitation(ctx, h, inv, &by)
	})
}

func (db *DB) insertInvitation(ctx context.Context, h handle, inv *zhixi.Invitation, by *zhixi.AuditEntry) error {
	if len(inv.StudentIDs) == 0 {
		return zhixi.Errorf(zhixi.EINVALID, "err.invitation_no_child")
	}
	inv.CreatedAt, inv.ExpiresAt = utc(inv.CreatedAt), utc(inv.ExpiresAt)
	id, err := insertID(ctx, h, `INSERT INTO invitations
		(code_hash, community_id, guardian_name, relation, phone, created_by, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		inv.CodeHash, inv.CommunityID, inv.GuardianName, inv.Relation, inv.Phone, inv.CreatedBy,
		nanos(inv.CreatedAt), nanos(inv.ExpiresAt))
	if err != nil {
		if classify(err) == faultForeignKey {
			return db.refError(ctx, err, "create invitation", ref{"communities", inv.CommunityID, "err.community_not_found"},
				ref{"users", inv.CreatedBy, "err.user_not_found"})
		}
		return conflictError(err, "create invitation", "err.duplicate")
	}
	inv.ID = id
	for _, sid := range inv.StudentIDs {
		if _, err := h.exec(ctx, "INSERT INTO invitation_students (invitation_id, student_id) VALUES (?, ?)", id, sid); err != nil {
			return db.refError(ctx, err, "invitation student", ref{"students", sid, "err.student_not_found"})
		}
		if err := auditIn(ctx, h, by, zhixi.AuditCreate, "invitation", id, sid,
			fmt.Sprintf("邀请监护人%s（%s），%s 前有效", inv.GuardianName, inv.Relation, inv.ExpiresAt.Format("2006-01-02 15:04"))); err != nil {
			return err
		}
	}
	return nil
}

// StudentsByNameMonth implements zhixi.FamilyService.
func (db *DB) StudentsByNameMonth(ctx context.Context, communityID int64, name string, month time.Time) ([]zhixi.Student, error) {
	rows, err := db.reader().query(ctx, "SELECT "+studentCols+" FROM students s WHERE s.community_id = ? AND s.name = ? AND s.birth_month = ? ORDER BY s.id",
		communityID, strings.TrimSpace(name), month.Format(birthMonthLayout))
	return collect(rows, err, func(r *sql.Rows, s *zhixi.Student) error { return scanStudent(r, s) })
}

const invitationCols = "id, code_hash, community_id, guardian_name, relation, phone, created_by, created_at, expires_at, used_at, used_by"

func scanInvitation(r interface{ Scan(...any) error }, inv *zhixi.Invitation) error {
	return r.Scan(&inv.ID, &inv.CodeHash, &inv.CommunityID, &inv.GuardianName, &inv.Relation, &inv.Phone, &inv.CreatedBy,
		timeCol{&inv.CreatedAt}, timeCol{&inv.ExpiresAt}, timeCol{&inv.UsedAt}, idCol{&inv.UsedBy})
}

func (db *DB) invitationStudents(ctx context.Context, h handle, inv *zhixi.Invitation) error {
	var err error
	inv.StudentIDs, err = ids(ctx, h, "SELECT student_id FROM invitation_students WHERE invitation_id = ? ORDER BY student_id", inv.ID)
	return err
}

// Invitation implements zhixi.FamilyService.
func (db *DB) Invitation(ctx context.Context, codeHash string, now time.Time) (*zhixi.Invitation, error) {
	var inv zhixi.Invitation
	err := scanInvitation(db.reader().queryRow(ctx, "SELECT "+invitationCols+
		" FROM invitations WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?", codeHash, now.UnixNano()), &inv)
	if err != nil {
		return nil, notFound(err, "invitation", "err.invitation_invalid")
	}
	return &inv, db.invitationStudents(ctx, db.reader(), &inv)
}

// Invitations implements zhixi.FamilyService.
func (db *DB) Invitations(ctx context.Context, communityID int64) ([]zhixi.Invitation, error) {
	rows, err := db.reader().query(ctx, "SELECT "+invitationCols+" FROM invitations WHERE community_id = ? ORDER BY created_at DESC, id DESC", communityID)
	out, err := collect(rows, err, func(r *sql.Rows, inv *zhixi.Invitation) error { return scanInvitation(r, inv) })
	if err != nil {
		return nil, err
	}
	for i := range out {
		if err := db.invitationStudents(ctx, db.reader(), &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// AcceptInvitation implements zhixi.FamilyService. The conditional update
// that marks the invitation used comes first, so of two phones accepting
// one code at once exactly one succeeds.
func (db *DB) AcceptInvitation(ctx context.Context, codeHash string, g *zhixi.User, noticeVersion int, now time.Time, ip string) error {
	created := g.ID == 0
	err := db.tx(ctx, func(h handle) error {
		var inv zhixi.Invitation
		err := scanInvitation(h.queryRow(ctx, "SELECT "+invitationCols+" FROM invitations WHERE code_hash = ?", codeHash), &inv)
		if err != nil {
			return notFound(err, "accept invitation", "err.invitation_invalid")
		}
		if err := db.invitationStudents(ctx, h, &inv); err != nil {
			return err
		}
		if created {
			g.Role, g.DisplayName = zhixi.RoleGuardian, inv.GuardianName
			if err := db.insertUser(ctx, h, g); err != nil {
				return err
			}
			if inv.Phone != "" {
				if _, err := h.exec(ctx, "UPDATE users SET contact_phone = ? WHERE id = ?", inv.Phone, g.ID); err != nil {
					return dbError(err, "guardian contact")
				}
			}
		}
		res, err := h.exec(ctx, "UPDATE invitations SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL AND expires_at > ?",
			now.UnixNano(), g.ID, inv.ID, now.UnixNano())
		if n, err := rowsAffected(res, err); err != nil {
			return dbError(err, "use invitation")
		} else if n == 0 {
			return zhixi.Errorf(zhixi.ECONFLICT, "err.invitation_used")
		}
		by := &zhixi.AuditEntry{At: now, ActorID: g.ID, ActorRole: zhixi.RoleGuardian, IP: ip}
		if created {
			if err := auditIn(ctx, h, by, zhixi.AuditCreate, "user", g.ID, 0, "监护人用邀请码开通账号 "+g.Username); err != nil {
				return err
			}
		}
		for _, sid := range inv.StudentIDs {
			_, err := h.exec(ctx, `INSERT INTO guardians (student_id, guardian_id, relation, created_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (student_id, guardian_id) DO NOTHING`, sid, g.ID, inv.Relation, now.UnixNano())
			if err != nil {
				return dbError(err, "link guardian")
			}
			if err := auditIn(ctx, h, by, zhixi.AuditUpdate, "invitation", inv.ID, sid, "监护人接受邀请，关联孩子"); err != nil {
				return err
			}
			c := &zhixi.Consent{StudentID: sid, GuardianID: g.ID, Method: zhixi.ConsentApp, NoticeVersion: noticeVersion, At: now}
			if err := giveConsent(ctx, h, c, by); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil && created {
		g.ID = 0
	}
	return err
}
