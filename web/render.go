package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/curriculum"
)

// views holds one parsed template set per page, each with the layout.
type views struct {
	pages map[string]*template.Template
}

var roleNames = map[zhixi.Role]string{
	zhixi.RoleStudent:      "学生",
	zhixi.RoleGuardian:     "监护人",
	zhixi.RoleSupervisor:   "督学",
	zhixi.RoleStaff:        "社区工作人员",
	zhixi.RoleAdmin:        "公司管理员",
	zhixi.RoleStreetViewer: "街道查看",
}

var auditActionNames = map[string]string{
	zhixi.AuditRead: "查看", zhixi.AuditCreate: "新建", zhixi.AuditUpdate: "修改",
	zhixi.AuditDelete: "删除", zhixi.AuditExport: "导出", zhixi.AuditLogin: "登录",
}

// auditObjectNames are the Chinese names of audited objects.
var auditObjectNames = map[string]string{
	"student": "学生", "student_list": "学生名单", "user": "账号", "consent": "同意书",
	"screening": "筛查", "practice": "练习",
}

var funcs = template.FuncMap{
	"objectName": func(o string) string {
		if n, ok := auditObjectNames[o]; ok {
			return n
		}
		return o
	},
	"roleName": func(r zhixi.Role) string { return roleNames[r] },
	"actionName": func(a string) string {
		if n, ok := auditActionNames[a]; ok {
			return n
		}
		return a
	},
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.In(beijing).Format("2006-01-02 15:04")
	},
	"month":     func(t time.Time) string { return t.Format("2006-01") },
	"gradeName": gradeName,
	"add":       func(a, b int) int { return a + b },
	"inc64":     func(a int64) int64 { return a + 1 },
	"pct":       func(p float64) int { return int(p*100 + 0.5) },
	"subjectName": func(id string) string {
		if n, ok := curriculum.Subjects[id]; ok {
			return n
		}
		return id
	},
}

// beijing is UTC+8 without a tz database, which minimal hosts may lack.
var beijing = time.FixedZone("CST", 8*3600)

func gradeName(g int) string {
	names := []string{"", "一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "初一", "初二", "初三", "高一", "高二", "高三"}
	if g >= 1 && g < len(names) {
		return names[g]
	}
	return fmt.Sprintf("%d年级", g)
}

func parseViews(fsys fs.FS) (*views, error) {
	files, err := fs.Glob(fsys, "templates/*.html")
	if err != nil {
		return nil, err
	}
	// Files starting with "_" are partials shared by every page.
	partials, err := fs.Glob(fsys, "templates/_*.html")
	if err != nil {
		return nil, err
	}
	v := &views{pages: map[string]*template.Template{}}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" || strings.HasPrefix(name, "_") {
			continue
		}
		t, err := template.New(name).Funcs(funcs).ParseFS(fsys, append([]string{"templates/layout.html", f}, partials...)...)
		if err != nil {
			return nil, fmt.Errorf("parse view %s: %w", name, err)
		}
		v.pages[name] = t
	}
	return v, nil
}

// render executes a page into a buffer first, so a template error becomes
// a clean error page instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data map[string]any) {
	t, ok := s.views.pages[name]
	if !ok {
		s.log.ErrorContext(r.Context(), "undeclared view", "view", name)
		http.Error(w, "内部错误：页面模板缺失", http.StatusInternalServerError)
		return
	}
	if data == nil {
		data = map[string]any{}
	}
	if u, _ := r.Context().Value(userKey).(*zhixi.User); u != nil {
		data["Me"] = u
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		s.log.ErrorContext(r.Context(), "render view", "view", name, "err", err)
		http.Error(w, "内部错误：页面渲染失败", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}
