package store

import (
	"context"
	"fmt"
	"time"

	"github.com/zhixi-org/zhixi"
)

// throttleForget is how long a back-off row outlives its last failure
// before retention removes it; no back-off forgets sooner than this.
const throttleForget = 24 * time.Hour

// ApplyRetention implements zhixi.RightsService in one transaction: a
// run removes all it should or nothing.
func (db *DB) ApplyRetention(ctx context.Context, now time.Time, l zhixi.RetentionLimits, e *zhixi.AuditEntry) (zhixi.RetentionReport, error) {
	var rep zhixi.RetentionReport
	nowN := now.UnixNano()
	type step struct {
		n    *int64
		stmt statement
	}
	steps := []step{
		{&rep.Sessions, statement{"expired sessions", "DELETE FROM sessions WHERE expires_at <= ?", []any{nowN}}},
		{&rep.ResetCodes, statement{"expired reset codes", "DELETE FROM reset_codes WHERE expires_at <= ? OR used_at IS NOT NULL", []any{nowN}}},
		{&rep.Invitations, statement{"links of expired invitations",
			"DELETE FROM invitation_students WHERE invitation_id IN (SELECT id FROM invitations WHERE expires_at <= ?)", []any{nowN}}},
		{&rep.Invitations, statement{"expired invitations", "DELETE FROM invitations WHERE expires_at <= ?", []any{nowN}}},
		{&rep.TabletCodes, statement{"expired tablet codes", "DELETE FROM tablet_codes WHERE expires_at <= ?", []any{nowN}}},
		{&rep.Throttles, statement{"forgotten back-offs", "DELETE FROM login_throttle WHERE window_start <= ? AND locked_until <= ?",
			[]any{now.Add(-throttleForget).UnixNano(), nowN}}},
	}
	if l.Answers > 0 {
		// A child's last visit is their last answer; the students whose
		// last answer is older than the limit lose their answers and
		// practice states. Screenings stay (without engine state) for the
		// community's counts.
		stale := "SELECT student_id FROM attempts GROUP BY student_id HAVING MAX(at) <= ?"
		cut := now.Add(-l.Answers).UnixNano()
		steps = append(steps,
			step{&rep.ScreeningStates, statement{"screening states of stale students",
				"UPDATE screenings SET state = NULL, answer_log = NULL WHERE student_id IN (" + stale + ") AND status <> 'active'", []any{cut}}},
			step{&rep.PracticeStates, statement{"practice states of stale students",
				"DELETE FROM practice_states WHERE student_id IN (" + stale + ")", []any{cut}}},
			step{&rep.MasteryRows, statement{"mastery rows of stale students",
				"DELETE FROM mastery WHERE student_id IN (" + stale + ")", []any{cut}}},
			step{&rep.SeenItems, statement{"seen items of stale students",
				"DELETE FROM practice_seen WHERE student_id IN (" + stale + ")", []any{cut}}},
			step{&rep.AttentionEvents, statement{"attention events of stale students",
				"DELETE FROM attention_events WHERE student_id IN (" + stale + ")", []any{cut}}},
			step{&rep.Attempts, statement{"answers of stale students",
				"DELETE FROM attempts WHERE student_id IN (" + stale + ")", []any{cut}}})
	}
	err := db.tx(ctx, func(h handle) error {
		var total int64
		for _, s := range steps {
			n, err := rowsAffected(h.exec(ctx, s.stmt.sql, s.stmt.args...))
			if err != nil {
				return dbError(err, "retention: "+s.stmt.what)
			}
			*s.n, total = *s.n+n, total+n
		}
		if total == 0 {
			return nil
		}
		e.Detail = fmt.Sprintf("过期会话 %d，重置码 %d，邀请 %d，平板登录码 %d，登录限制 %d，作答 %d，练习状态 %d，掌握记录 %d，已做题记录 %d，关注事件 %d，筛查状态 %d",
			rep.Sessions, rep.ResetCodes, rep.Invitations, rep.TabletCodes, rep.Throttles, rep.Attempts, rep.PracticeStates,
			rep.MasteryRows, rep.SeenItems, rep.AttentionEvents, rep.ScreeningStates)
		return appendAudit(ctx, h, e)
	})
	if err != nil {
		return zhixi.RetentionReport{}, err
	}
	return rep, nil
}
