package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/learn"
)

func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "login", map[string]any{
		"Next": safeNext(r.URL.Query().Get("next")), "Message": notice(r, "why"),
	})
	return nil
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return zhixi.WrapError(zhixi.EINVALID, "err.bad_form", err)
	}
	next := safeNext(r.PostForm.Get("next"))
	u, err := s.login(w, r, r.PostForm.Get("username"), r.PostForm.Get("password"))
	if err != nil {
		code, st := s.status(r, err)
		if code == zhixi.EINTERNAL || code == zhixi.EUNAVAILABLE {
			return err
		}
		s.render(w, r, st, "login", map[string]any{
			"Next": next, "Username": r.PostForm.Get("username"), "Error": message(err),
		})
		return nil
	}
	if next == "/" {
		next = startPage(u)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) error {
	if err := s.logout(w, r); err != nil {
		return err
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// startPage is where each role lands after login.
func startPage(u *zhixi.User) string {
	switch u.Role {
	case zhixi.RoleAdmin:
		return "/admin"
	case zhixi.RoleStaff:
		return fmt.Sprintf("/communities/%d", u.CommunityID)
	case zhixi.RoleSupervisor:
		if len(u.Rooms) > 0 {
			return fmt.Sprintf("/rooms/%d", u.Rooms[0])
		}
		return "/me"
	case zhixi.RoleStreetViewer:
		return fmt.Sprintf("/streets/%d", u.StreetID)
	case zhixi.RoleGuardian:
		return "/guardian"
	default:
		return "/me"
	}
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	http.Redirect(w, r, startPage(u), http.StatusSeeOther)
	return nil
}

func (s *Server) handleAdmin(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	if u.Role != zhixi.RoleAdmin {
		return zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	ctx := r.Context()
	streets, err := s.store.Streets(ctx)
	if err != nil {
		return err
	}
	type streetView struct {
		Street zhixi.Street
		Stats  []zhixi.CommunityStats
	}
	var sv []streetView
	for _, st := range streets {
		stats, err := s.store.CommunityStats(ctx, st.ID)
		if err != nil {
			return err
		}
		sv = append(sv, streetView{st, stats})
	}
	counts := map[zhixi.Role]int{}
	for _, role := range zhixi.Roles {
		n, err := s.store.CountUsers(ctx, role)
		if err != nil {
			return err
		}
		counts[role] = n
	}
	data := map[string]any{"Streets": sv, "Counts": counts, "Roles": zhixi.Roles, "CanFit": s.fitter != nil}
	if _, at, err := s.store.Model(ctx, learn.ModelBKT); err == nil {
		data["ModelAt"] = at
	} else if zhixi.ErrorCode(err) != zhixi.ENOTFOUND {
		return err
	}
	if err := s.modelChoices(ctx, data); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "admin", data)
	return nil
}

// handleModelFit fits the knowledge-tracing models now, unless another
// server is fitting (the database lease decides).
func (s *Server) handleModelFit(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	if s.fitter == nil {
		return zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	rep, err := s.fitter.FitNow(r.Context(), u)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "fit", map[string]any{"Report": rep})
	return nil
}

// maxAuditPage bounds the page number of the audit log (50 a page).
const maxAuditPage = 1 << 40

// auditFilter reads the filter from query parameters; bad values are an
// error naming the parameter rather than silently ignored.
func auditFilter(q url.Values) (zhixi.AuditFilter, int, error) {
	var f zhixi.AuditFilter
	num := func(name string) (int64, error) {
		v := strings.TrimSpace(q.Get(name))
		if v == "" {
			return 0, nil
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return 0, zhixi.Errorf(zhixi.EINVALID, "err.bad_id", name+"="+v)
		}
		return n, nil
	}
	day := func(name string) (time.Time, error) {
		v := strings.TrimSpace(q.Get(name))
		if v == "" {
			return time.Time{}, nil
		}
		t, err := time.ParseInLocation("2006-01-02", v, beijing)
		if err != nil {
			return t, zhixi.Errorf(zhixi.EINVALID, "err.bad_form", name+" 应为日期，如 2026-11-29")
		}
		return t, nil
	}
	var err error
	if f.ActorID, err = num("actor"); err != nil {
		return f, 0, err
	}
	if f.StudentID, err = num("student"); err != nil {
		return f, 0, err
	}
	page, err := num("page")
	if err != nil {
		return f, 0, err
	}
	if page > maxAuditPage { // beyond it the offset would overflow
		return f, 0, zhixi.Errorf(zhixi.EINVALID, "err.bad_id", "page="+q.Get("page"))
	}
	if page < 1 {
		page = 1
	}
	if f.From, err = day("from"); err != nil {
		return f, 0, err
	}
	if f.To, err = day("to"); err != nil {
		return f, 0, err
	}
	if !f.To.IsZero() {
		f.To = f.To.AddDate(0, 0, 1) // the form's "to" day is inclusive
	}
	f.Action = q.Get("action")
	if f.Action != "" {
		if _, ok := auditActionNames[f.Action]; !ok {
			return f, 0, zhixi.Errorf(zhixi.EINVALID, "err.bad_form", "未知的操作类型 "+f.Action)
		}
	}
	f.Limit = 50
	f.Offset = int(page-1) * f.Limit
	return f, int(page), nil
}

func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	if !zhixi.CanReadAudit(u) {
		return zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	f, page, err := auditFilter(r.URL.Query())
	if err != nil {
		return err
	}
	log, err := s.org.ReadAuditLog(r.Context(), s.actor(r, u), f, r.URL.RawQuery, zhixi.ViaPage)
	if err != nil {
		return err
	}
	entries, total := log.Entries, log.Total
	q := r.URL.Query()
	q.Del("page")
	s.render(w, r, http.StatusOK, "audit", map[string]any{
		"Entries": entries, "Total": total, "Page": page, "HasNext": f.Offset+len(entries) < total,
		"Query": q.Encode(), "Q": r.URL.Query(), "Actions": auditActionNames,
	})
	return nil
}

func (s *Server) handleStreet(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if u.Role != zhixi.RoleAdmin && !(u.Role == zhixi.RoleStreetViewer && u.StreetID == id) {
		return zhixi.Hidden()
	}
	stats, err := s.store.CommunityStats(r.Context(), id)
	if err != nil {
		return err
	}
	var total zhixi.CommunityStats
	lent := map[int64]bool{}
	for _, c := range stats {
		total.Students += c.Students
		lent[c.Community.ID] = true
	}
	// A room serving two communities counts in each community's row but
	// once in the street's total: count the rooms the street's
	// communities lend.
	rooms, err := s.store.Rooms(r.Context(), 0)
	if err != nil {
		return err
	}
	for _, room := range rooms {
		if lent[room.CommunityID] {
			total.Rooms++
			total.Seats += room.Seats
		}
	}
	s.render(w, r, http.StatusOK, "street", map[string]any{"Stats": stats, "Total": total})
	return nil
}

func (s *Server) handleCommunity(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	data, err := s.communityData(r, u, id)
	if err != nil {
		return err
	}
	data["F"] = url.Values{}
	s.render(w, r, http.StatusOK, "community", data)
	return nil
}

// communityData is what the community page shows: its rooms (those lent
// by it and those serving it) and, for staff and supervisors, its students
// and open invitations.
func (s *Server) communityData(r *http.Request, u *zhixi.User, id int64) (map[string]any, error) {
	ctx := r.Context()
	c, err := s.visibleCommunity(ctx, u, id)
	if err != nil {
		return nil, err
	}
	rooms, err := s.store.Rooms(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	data := map[string]any{"Community": c, "Rooms": rooms, "CanManage": zhixi.CanManageStudents(u, c.ID)}
	if zhixi.CanSeeStudentList(u, c) {
		students, err := s.family.Students(ctx, s.actor(r, u), c.ID, zhixi.ViaPage)
		if err != nil {
			return nil, err
		}
		data["Students"] = students
	}
	if zhixi.CanManageStudents(u, c.ID) {
		invs, err := s.store.Invitations(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		data["Invitations"], data["Now"] = invs, s.now()
	}
	return data, nil
}

func (s *Server) handleStudent(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	data, err := s.studentOverview(r, u, id, "")
	if err != nil {
		return err
	}
	if err := s.practiceOptions(r, u, id, data); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "student", data)
	return nil
}

func (s *Server) handleGuardian(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	kids, err := s.family.Children(r.Context(), s.actor(r, u))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "guardian", map[string]any{"Students": kids})
	return nil
}

func (s *Server) handleMe(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	if u.Role != zhixi.RoleStudent {
		http.Redirect(w, r, startPage(u), http.StatusSeeOther)
		return nil
	}
	me, err := s.store.Students(r.Context(), zhixi.StudentFilter{UserID: u.ID})
	if err != nil {
		return err
	}
	if len(me) == 0 {
		return zhixi.Errorf(zhixi.ENOTFOUND, "err.not_found")
	}
	data, err := s.studentOverview(r, u, me[0].ID, "学生本人")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "me", data)
	return nil
}
