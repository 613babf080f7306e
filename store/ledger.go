package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/zhixi-org/zhixi"
)

var _ zhixi.LedgerService = (*DB)(nil)

// inList is "(?, ?, ?)" and its arguments; an empty list matches nothing.
func inList(ids []int64) (string, []any) {
	if len(ids) == 0 {
		return "(NULL)", nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return "(" + marks(len(ids)) + ")", args
}

// LedgerCounts implements zhixi.LedgerService: one snapshot, one query per
// figure.
func (db *DB) LedgerCounts(ctx context.Context, roomIDs, communityIDs []int64, minGrade, maxGrade, year int, from, to time.Time) (*zhixi.LedgerCounts, error) {
	rooms, rargs := inList(roomIDs)
	comms, cargs := inList(communityIDs)
	f, t := from.UnixNano(), to.UnixNano()
	with := func(args []any, more ...any) []any { return append(append([]any{}, args...), more...) }
	var c zhixi.LedgerCounts
	err := db.readTx(ctx, func(h handle) error {
		for _, q := range []struct {
			dst  *int
			sql  string
			args []any
		}{
			{&c.EligibleStudents, "SELECT COUNT(*) FROM students WHERE community_id IN " + comms + " AND grade BETWEEN ? AND ?", with(cargs, minGrade, maxGrade)},
			{&c.ScreeningsDone, `SELECT COUNT(*) FROM screenings sc JOIN students s ON s.id = sc.student_id
				WHERE s.community_id IN ` + comms + " AND sc.status = 'finished' AND sc.finished_at >= ? AND sc.finished_at < ?", with(cargs, f, t)},
			// 解读 sessions by the day they were held (a Beijing date).
			{&c.Interpretations, `SELECT COUNT(*) FROM interpretations i JOIN students s ON s.id = i.student_id
				WHERE s.community_id IN ` + comms + " AND i.held_on >= ? AND i.held_on < ?",
				with(cargs, from.In(beijing).Format("2006-01-02"), to.In(beijing).Format("2006-01-02"))},
			{&c.QuotaUsed, "SELECT COUNT(*) FROM quota_applications WHERE community_id IN " + comms + " AND year = ? AND status = 'approved'", with(cargs, year)},
			{&c.Bookings, "SELECT COUNT(*) FROM bookings WHERE room_id IN " + rooms + " AND slot_start >= ? AND slot_start < ? AND status IN ('booked', 'attended', 'no_show')", with(rargs, f, t)},
			{&c.NoShows, "SELECT COUNT(*) FROM bookings WHERE room_id IN " + rooms + " AND slot_start >= ? AND slot_start < ? AND status = 'no_show'", with(rargs, f, t)},
			{&c.Attendances, "SELECT COUNT(*) FROM attendance WHERE room_id IN " + rooms + " AND checked_in_at >= ? AND checked_in_at < ?", with(rargs, f, t)},
			{&c.AttendanceMinutes, "SELECT COALESCE(SUM(minutes), 0) FROM attendance WHERE room_id IN " + rooms + " AND checked_in_at >= ? AND checked_in_at < ?", with(rargs, f, t)},
			{&c.AutoCheckouts, "SELECT COUNT(*) FROM attendance WHERE room_id IN " + rooms + " AND checked_in_at >= ? AND checked_in_at < ? AND flagged_auto_checkout = ?", with(rargs, f, t, true)},
			{&c.SupervisorMinutes, "SELECT COALESCE(SUM((ended_at - started_at) / 60000000000), 0) FROM supervisor_presence WHERE room_id IN " + rooms + " AND started_at >= ? AND started_at < ? AND ended_at IS NOT NULL", with(rargs, f, t)},
			{&c.Activities, "SELECT COUNT(*) FROM activities WHERE room_id IN " + rooms + " AND starts_at >= ? AND starts_at < ?", with(rargs, f, t)},
			{&c.Participants, `SELECT COUNT(*) FROM activity_registrations r JOIN activities a ON a.id = r.activity_id
				WHERE a.room_id IN ` + rooms + " AND a.starts_at >= ? AND a.starts_at < ? AND r.attended = ?", with(rargs, f, t, true)},
			{&c.MaterialsGiven, `SELECT COALESCE(SUM(-m.delta), 0) FROM material_moves m JOIN materials x ON x.id = m.material_id
				WHERE x.room_id IN ` + rooms + " AND m.delta < 0 AND m.moved_at >= ? AND m.moved_at < ?", with(rargs, f, t)},
			{&c.SpaceUses, "SELECT COUNT(*) FROM space_uses WHERE room_id IN " + rooms + " AND cancelled_at IS NULL AND starts_at >= ? AND starts_at < ?", with(rargs, f, t)},
			{&c.SpaceUsePeople, "SELECT COALESCE(SUM(expected_people), 0) FROM space_uses WHERE room_id IN " + rooms + " AND cancelled_at IS NULL AND starts_at >= ? AND starts_at < ?", with(rargs, f, t)},
		} {
			var n sql.NullInt64
			if err := h.queryRow(ctx, q.sql, q.args...).Scan(&n); err != nil {
				return dbError(err, "ledger counts")
			}
			*q.dst = int(n.Int64)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	c.InterpretationsKept = true // the board records them
	return &c, nil
}

// AuditSummary implements zhixi.LedgerService.
func (db *DB) AuditSummary(ctx context.Context, from, to time.Time) ([]zhixi.AuditSummaryRow, error) {
	rows, err := db.reader().query(ctx, `SELECT actor_role, action, object, COUNT(*) FROM audit_log WHERE at >= ? AND at < ?
		GROUP BY actor_role, action, object ORDER BY actor_role, action, object`, from.UnixNano(), to.UnixNano())
	return collect(rows, err, func(r *sql.Rows, x *zhixi.AuditSummaryRow) error {
		var role string
		err := r.Scan(&role, &x.Action, &x.Object, &x.Count)
		x.Role = zhixi.Role(role)
		return err
	})
}

// ConsentsGiven implements zhixi.LedgerService.
func (db *DB) ConsentsGiven(ctx context.Context, from, to time.Time) (int, error) {
	var n int
	err := db.reader().queryRow(ctx, "SELECT COUNT(*) FROM students WHERE consent_at >= ? AND consent_at < ?", from.UnixNano(), to.UnixNano()).Scan(&n)
	return n, dbError(err, "consents given")
}

// ConsentsByVersion implements zhixi.LedgerService.
func (db *DB) ConsentsByVersion(ctx context.Context, from, to time.Time) ([]zhixi.ConsentVersionCount, error) {
	f, t := from.UnixNano(), to.UnixNano()
	rows, err := db.reader().query(ctx, `SELECT notice_version,
		SUM(CASE WHEN at >= ? AND at < ? THEN 1 ELSE 0 END),
		SUM(CASE WHEN withdrawn_at >= ? AND withdrawn_at < ? THEN 1 ELSE 0 END),
		SUM(CASE WHEN at >= ? AND at < ? AND method = 'paper' THEN 1 ELSE 0 END)
		FROM consents WHERE (at >= ? AND at < ?) OR (withdrawn_at >= ? AND withdrawn_at < ?)
		GROUP BY notice_version ORDER BY notice_version`, f, t, f, t, f, t, f, t, f, t)
	return collect(rows, err, func(r *sql.Rows, c *zhixi.ConsentVersionCount) error {
		return r.Scan(&c.Version, &c.Given, &c.Withdrawn, &c.OnPaper)
	})
}
