package web

import (
	"net/http"
	"net/url"
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
	isGuardian := u.Role == zhixi.RoleGuardian && slices.Contains(gids, u.ID)
	canManage := zhixi.CanManageStudents(u, st.CommunityID)
	data := map[string]any{"Student": st, "Subjects": subjects, "CanRun": canRunFor(u, st), "Age": st.Age(s.now()),
		"CanConsent": st.NeedsConsent() && isGuardian, "CanWithdraw": !st.ConsentAt.IsZero() && (isGuardian || canManage),
		"CanManage": canManage, "ConsentState": consentState(st), "F": url.Values{}}
	if isGuardian || canManage {
		n, err := s.store.Notice(r.Context())
		if err != nil {
			return nil, err
		}
		consents, err := s.store.Consents(r.Context(), st.ID)
		if err != nil {
			return nil, err
		}
		data["Notice"], data["Consents"] = n, consents
	}
	return data, nil
}

// consentState is the key of the sentence the page shows about consent.
func consentState(st *zhixi.Student) string {
	if err := zhixi.ConsentCheck(st); err != nil {
		key, _ := zhixi.ErrorKey(err)
		return key
	}
	return ""
}
