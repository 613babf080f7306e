package web

import (
	"net/http"
	"slices"

	"github.com/zhixi-org/zhixi"
)

// The student-facing pages: a room tablet (or a supervisor beside the
// student) runs the screening and practice with plain forms, so they work
// without JavaScript; guardians read the reports on their phones.

// canRunFor mirrors learn's rule for showing the buttons: everyone who may
// see the student but a guardian, once consent is given.
func canRunFor(u *zhixi.User, st *zhixi.Student) bool {
	return u.Role != zhixi.RoleGuardian && u.Role != zhixi.RoleStreetViewer && !st.NeedsConsent()
}

func (s *Server) studentOverview(r *http.Request, u *zhixi.User, id int64, detail string) (map[string]any, error) {
	st, gids, subjects, err := s.learning.Overview(r.Context(), u, id, detail)
	if err != nil {
		return nil, err
	}
	return map[string]any{"Student": st, "Subjects": subjects, "CanRun": canRunFor(u, st), "Age": st.Age(s.now()),
		"CanConsent": st.NeedsConsent() && slices.Contains(gids, u.ID)}, nil
}
