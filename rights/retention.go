package rights

import (
	"context"
	"log/slog"
	"time"

	"github.com/zhixi-org/zhixi"
)

// Retention applies the retention limits now and then: expired sessions
// and reset codes always, a child's answers when Limits.Answers is set. Every server runs
// the loop; the one holding the database lease does the work, as with the
// nightly model fit.
type Retention struct {
	Store interface {
		zhixi.RightsService
		zhixi.JobService
	}
	Holder string // this server's name in the lease
	Limits zhixi.RetentionLimits
	Log    *slog.Logger
	Now    func() time.Time
}

const retentionLease = "retention"

// RunOnce applies the limits if the lease is free; it reports whether it
// ran.
func (r *Retention) RunOnce(ctx context.Context) (bool, zhixi.RetentionReport, error) {
	now := r.Now()
	ok, err := r.Store.TryLease(ctx, retentionLease, r.Holder, now, 10*time.Minute)
	if err != nil || !ok {
		return false, zhixi.RetentionReport{}, err
	}
	e := &zhixi.AuditEntry{At: now, Action: zhixi.AuditRetention, Object: "retention"}
	rep, err := r.Store.ApplyRetention(ctx, now, r.Limits, e)
	return true, rep, err
}

// Run calls RunOnce every interval until ctx ends, logging what it
// removed; a failed run is logged and tried again next time.
func (r *Retention) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		ran, rep, err := r.RunOnce(ctx)
		switch {
		case err != nil:
			r.Log.ErrorContext(ctx, "retention run failed", "err", err)
		case ran:
			r.Log.InfoContext(ctx, "retention applied", "sessions", rep.Sessions, "reset_codes", rep.ResetCodes,
				"invitations", rep.Invitations, "tablet_codes", rep.TabletCodes,
				"back_offs", rep.Throttles, "answers", rep.Attempts, "practice_states", rep.PracticeStates,
				"mastery_rows", rep.MasteryRows, "seen_items", rep.SeenItems, "attention_events", rep.AttentionEvents, "screening_states", rep.ScreeningStates)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
