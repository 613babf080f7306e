package learn

import (
	"context"

	"github.com/zhixi-org/zhixi"
)

// FinishedScreening returns a finished screening's view with its result,
// names filled in, without an access check: the report checks access
// itself (a guardian's account, or a signed share link with no account).
// ECONFLICT for a screening not finished.
func (s *Service) FinishedScreening(ctx context.Context, id int64) (*ScreeningView, *zhixi.Student, error) {
	row, err := s.store.ScreeningSession(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if row.Status != StatusFinished {
		return nil, nil, zhixi.Errorf(zhixi.ECONFLICT, "err.report_not_ready")
	}
	st, err := s.store.Student(ctx, row.StudentID)
	if err != nil {
		return nil, nil, err
	}
	sess, err := s.session(ctx, st, row)
	if err != nil {
		return nil, nil, err
	}
	defer s.keep(row, sess)
	v, err := s.render(row, st, sess)
	return v, st, err
}
