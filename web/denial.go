package web

import (
	"net/http"
	"strconv"

	"github.com/zhixi-org/zhixi"
)

func init() {
	auditActionNames[zhixi.AuditDeny] = "拒绝访问"
	auditActionNames[zhixi.AuditFit] = "拟合模型"
	auditActionNames[zhixi.AuditBackup] = "备份"
	auditObjectNames["route"] = "页面或接口"
	auditObjectNames["audit_log"] = "审计日志"
	auditObjectNames["model"] = "学习模型"
	auditObjectNames["database"] = "数据库"
}

// Routes lists the patterns of the app's pages and API calls in the order
// they were registered; the authorization matrix test walks it.
func (s *Server) Routes() []string { return append([]string(nil), s.patterns...) }

// auditDenial records that a logged-in user was refused: who, which route
// and id, from where. The error funnels (apiFail, pageFail) call it, once
// per request; status() does not, as handlers also use it to map codes. The caller still sees only "not found" or
// "forbidden". Anonymous requests are not audited here (failed logins have
// their own record). A failed write is logged; the refusal stands.
func (s *Server) auditDenial(r *http.Request, err error) {
	u, _ := r.Context().Value(userKey).(*zhixi.User)
	if u == nil || !zhixi.IsDenial(err) {
		return
	}
	code := zhixi.ErrorCode(err)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	e := &zhixi.AuditEntry{At: s.now(), ActorID: u.ID, ActorRole: u.Role, Action: zhixi.AuditDeny, Object: "route",
		ObjectID: id, Detail: r.Method + " " + r.Pattern + " " + r.URL.Path + " → " + code, IP: s.clientIP(r)}
	if err := s.store.AppendAudit(r.Context(), e); err != nil {
		s.log.ErrorContext(r.Context(), "audit denial", "path", r.URL.Path, "err", err)
	}
}
