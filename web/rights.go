package web

import (
	"fmt"
	"net/http"
	"time"

	"github.com/zhixi-org/zhixi"
)

// rightsRoutes registers the data-rights pages and API: a guardian's
// export and deletion request, staff confirming, the anonymous counts.
func (s *Server) rightsRoutes(mux *http.ServeMux) {
	s.page(mux, "GET /students/{id}/data", s.authed(s.handleExport))
	s.page(mux, "GET /students/{id}/data.json", s.authed(s.handleExportJSON))
	s.page(mux, "POST /students/{id}/deletion", s.authed(s.handleDeletionRequest))
	s.page(mux, "GET /deletions", s.authed(s.handleDeletions))
	s.page(mux, "POST /students/{id}/deletion/confirm", s.authed(s.handleDeletionConfirm))

	s.api(mux, "GET /api/v1/students/{id}/export", s.authed(s.handleExportJSON))
	s.api(mux, "POST /api/v1/students/{id}/deletion", s.authed(s.apiDeletionRequest))
	s.api(mux, "GET /api/v1/deletions", s.authed(s.apiDeletions))
	s.api(mux, "POST /api/v1/students/{id}/deletion/confirm", s.authed(s.apiDeletionConfirm))
	s.api(mux, "GET /api/v1/communities/{id}/screening-counts", s.authed(s.apiScreeningCounts))
}

func init() {
	auditActionNames[zhixi.AuditLoginFailed] = "登录失败"
	auditActionNames[zhixi.AuditLoginLocked] = "登录限制"
	auditActionNames[zhixi.AuditUnlock] = "解除登录限制"
	auditActionNames[zhixi.AuditLogout] = "退出"
	auditActionNames[zhixi.AuditPassword] = "修改密码"
	auditActionNames[zhixi.AuditResetCode] = "生成重置码"
	auditActionNames[zhixi.AuditErasureAsk] = "申请删除"
	auditActionNames[zhixi.AuditRetention] = "到期清理"
	auditObjectNames["retention"] = "保存期限"
}

// exportJSON is the JSON download of a child's data; its field names are
// documented in docs/api.md.
type exportJSON struct {
	ExportedAt time.Time     `json:"exported_at"`
	Student    studentJSON   `json:"student"`
	Community  string        `json:"community"`
	Guardians  []exportGuard `json:"guardians"`
	Screenings []exportScr   `json:"screenings"`
	Answers    []exportAns   `json:"answers"`
	Practice   []exportPrac  `json:"practice"`
	AccessLog  []exportAudit `json:"access_log"`
}

type (
	exportGuard struct {
		ID       int64  `json:"id"`
		Name     string `json:"name"`
		Relation string `json:"relation"`
	}
	exportScr struct {
		ID         int64      `json:"id"`
		Subject    string     `json:"subject"`
		Status     string     `json:"status"`
		StartedAt  time.Time  `json:"started_at"`
		FinishedAt *time.Time `json:"finished_at,omitempty"`
	}
	exportAns struct {
		Item            string    `json:"item"`
		ItemVersion     int       `json:"item_version"`
		KnowledgePoints []string  `json:"knowledge_points"`
		Response        string    `json:"response"`
		Correct         bool      `json:"correct"`
		Skipped         bool      `json:"skipped"`
		Source          string    `json:"source"`
		At              time.Time `json:"at"`
	}
	exportPrac struct {
		Subject   string    `json:"subject"`
		UpdatedAt time.Time `json:"updated_at"`
	}
	exportAudit struct {
		At        time.Time  `json:"at"`
		ActorRole zhixi.Role `json:"actor_role"`
		Action    string     `json:"action"`
		Object    string     `json:"object"`
		Detail    string     `json:"detail,omitempty"`
	}
)

func toExportJSON(x *zhixi.StudentExport) exportJSON {
	j := exportJSON{ExportedAt: x.ExportedAt, Student: toStudentJSON(&x.Student), Community: x.Community,
		Guardians: []exportGuard{}, Screenings: []exportScr{}, Answers: []exportAns{}, Practice: []exportPrac{}, AccessLog: []exportAudit{}}
	for _, g := range x.Guardians {
		j.Guardians = append(j.Guardians, exportGuard{g.UserID, g.Name, g.Relation})
	}
	for _, sc := range x.Screenings {
		e := exportScr{ID: sc.ID, Subject: sc.Subject, Status: sc.Status, StartedAt: sc.StartedAt}
		if !sc.FinishedAt.IsZero() {
			e.FinishedAt = &sc.FinishedAt
		}
		j.Screenings = append(j.Screenings, e)
	}
	for _, a := range x.Attempts {
		j.Answers = append(j.Answers, exportAns{a.ItemID, a.ItemVersion, a.KnowledgePoints, a.Response, a.Correct, a.Skipped, a.Source, a.At})
	}
	for _, p := range x.Practice {
		j.Practice = append(j.Practice, exportPrac{p.Subject, p.UpdatedAt})
	}
	for _, e := range x.Access {
		j.AccessLog = append(j.AccessLog, exportAudit{e.At, e.ActorRole, e.Action, e.Object, e.Detail})
	}
	return j
}

func (s *Server) handleExport(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	x, err := s.rights.Export(r.Context(), u, s.clientIP(r), id, "页面")
	if err != nil {
		return err
	}
	pending, err := s.store.DeletionRequests(r.Context(), x.Student.CommunityID)
	if err != nil {
		return err
	}
	asked := false
	for _, d := range pending {
		asked = asked || d.StudentID == id
	}
	s.render(w, r, http.StatusOK, "data", map[string]any{"X": x, "Asked": asked, "Message": notice(r, "msg"),
		"IsGuardian": u.Role == zhixi.RoleGuardian})
	return nil
}

// handleExportJSON serves the download, for the page's link and the API.
func (s *Server) handleExportJSON(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	x, err := s.rights.Export(r.Context(), u, s.clientIP(r), id, "JSON")
	if err != nil {
		return err
	}
	if !isAPI(r) {
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="student-%d.json"`, id))
	}
	writeJSON(w, http.StatusOK, toExportJSON(x))
	return nil
}

func (s *Server) handleDeletionRequest(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.rights.RequestDeletion(r.Context(), u, s.clientIP(r), id); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/students/%d/data?msg=msg.deletion_requested", id), http.StatusSeeOther)
	return nil
}

func (s *Server) handleDeletions(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	list, err := s.rights.Pending(r.Context(), u)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "deletions", map[string]any{"Requests": list, "Message": notice(r, "msg")})
	return nil
}

func (s *Server) handleDeletionConfirm(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.rights.ConfirmDeletion(r.Context(), u, s.clientIP(r), id, r.PostForm.Get("name")); err != nil {
		return err
	}
	http.Redirect(w, r, "/deletions?msg=msg.deletion_done", http.StatusSeeOther)
	return nil
}

func (s *Server) apiDeletionRequest(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.rights.RequestDeletion(r.Context(), u, s.clientIP(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": d.ID, "student_id": d.StudentID, "status": d.Status, "requested_at": d.RequestedAt})
	return nil
}

func (s *Server) apiDeletions(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	list, err := s.rights.Pending(r.Context(), u)
	if err != nil {
		return err
	}
	type item struct {
		ID          int64     `json:"id"`
		StudentID   int64     `json:"student_id"`
		StudentName string    `json:"student_name"`
		CommunityID int64     `json:"community_id"`
		RequestedAt time.Time `json:"requested_at"`
	}
	out := []item{}
	for _, d := range list {
		out = append(out, item{d.ID, d.StudentID, d.StudentName, d.CommunityID, d.RequestedAt})
	}
	writeJSON(w, http.StatusOK, map[string]any{"requests": out})
	return nil
}

func (s *Server) apiDeletionConfirm(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Name string `json:"name"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.rights.ConfirmDeletion(r.Context(), u, s.clientIP(r), id, in.Name); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"erased": true})
	return nil
}

func (s *Server) apiScreeningCounts(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.visibleCommunity(r.Context(), u, id); err != nil {
		return err
	}
	counts, err := s.store.ScreeningCounts(r.Context(), id)
	if err != nil {
		return err
	}
	type count struct {
		Subject    string `json:"subject"`
		Month      string `json:"month"`
		Screenings int    `json:"screenings"`
	}
	out := []count{}
	for _, c := range counts {
		out = append(out, count{c.Subject, c.Month, c.Screenings})
	}
	writeJSON(w, http.StatusOK, map[string]any{"community_id": id, "counts": out})
	return nil
}
