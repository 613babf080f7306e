package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/learn"
	"github.com/zhixi-org/zhixi/report"
)

// The family's 解读 report: for guardians on their phones, supervisors
// explaining it, the child (a version of their own), on paper (print page
// and PDF), and through a signed link for another family member.

// ReportConfig configures the 解读 report.
type ReportConfig struct {
	// Narrator writes the optional narrative; nil or unconfigured means
	// the built-in text.
	Narrator *report.Narrator
	// Chromium is the browser that prints PDFs: a path, "auto" to look it
	// up on PATH, "" for none (the print page stays).
	Chromium string
}

func (c ReportConfig) service(cfg Config, learning *learn.Service, now func() time.Time) (*report.Service, string) {
	exe := c.Chromium
	if exe == "auto" {
		exe = report.FindChromium()
	}
	return &report.Service{Store: cfg.Store, Learning: learning, Content: cfg.Content, Narrator: c.Narrator, Now: now}, exe
}

func init() {
	funcs["date"] = func(t time.Time) string { return t.In(beijing).Format("2006-01-02") }
	funcs["shorten"] = shorten
}

func (s *Server) reportRoutes(mux *http.ServeMux) {
	s.page(mux, "GET /screenings/{id}/report", s.authed(s.handleReport))
	s.page(mux, "GET /screenings/{id}/report/kid", s.authed(s.handleReportKid))
	s.page(mux, "GET /screenings/{id}/report/print", s.authed(s.handleReportPrint))
	s.page(mux, "GET /screenings/{id}/report.pdf", s.authed(s.handleReportPDF))
	s.page(mux, "POST /screenings/{id}/report/share", s.authed(s.handleReportShare))
	s.page(mux, "GET /shared/reports/{token}", s.handleSharedReport)
	s.page(mux, "GET /shared/reports/{token}/print", s.handleSharedReport)
	s.api(mux, "GET /api/v1/screenings/{id}/report", s.authed(s.apiReport))
	s.api(mux, "POST /api/v1/screenings/{id}/report/share", s.authed(s.apiReportShare))
}

func (s *Server) openReport(r *http.Request, u *zhixi.User) (*report.Opened, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.reports.Open(r.Context(), u, id, s.clientIP(r))
}

func (s *Server) handleReport(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.showReport(w, r, u, id)
}

// showReport renders screening id's report; the screening page shows it
// too once the screening is finished.
func (s *Server) showReport(w http.ResponseWriter, r *http.Request, u *zhixi.User, id int64) error {
	o, err := s.reports.Open(r.Context(), u, id, s.clientIP(r))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "report", s.reportView(o, false, ""))
	return nil
}

func (s *Server) handleReportKid(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	o, err := s.openReport(r, u)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "report_kid", map[string]any{"R": o.Report})
	return nil
}

func (s *Server) handleReportPrint(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	o, err := s.openReport(r, u)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "report", s.reportView(o, true, ""))
	return nil
}

func (s *Server) handleReportPDF(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	o, err := s.openReport(r, u)
	if err != nil {
		return err
	}
	if s.chromium == "" {
		// No browser to print with: the print page does the same job.
		http.Redirect(w, r, fmt.Sprintf("/screenings/%d/report/print", o.ScreeningID), http.StatusSeeOther)
		return nil
	}
	var page bytes.Buffer
	if err := s.views.pages["report"].ExecuteTemplate(&page, "layout", s.reportView(o, true, s.inlineCSS())); err != nil {
		return fmt.Errorf("render report for PDF: %w", err)
	}
	pdf, err := report.PDF(r.Context(), s.chromium, page.String())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="report-%d.pdf"`, o.ScreeningID))
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(pdf)
	return err
}

func (s *Server) handleReportShare(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	token, until, err := s.reports.Share(r.Context(), u, id, s.clientIP(r))
	if err != nil {
		return err
	}
	o, err := s.reports.Open(r.Context(), u, id, s.clientIP(r))
	if err != nil {
		return err
	}
	v := s.reportView(o, false, "")
	v["ShareURL"], v["ShareUntil"] = s.absURL(r, "/shared/reports/"+token), until
	s.render(w, r, http.StatusOK, "report", v)
	return nil
}

// handleSharedReport serves a report through a share link, without an
// account; an altered or expired link is the same 404 as no report.
func (s *Server) handleSharedReport(w http.ResponseWriter, r *http.Request) error {
	o, err := s.reports.Shared(r.Context(), r.PathValue("token"), s.clientIP(r))
	if err != nil {
		return err
	}
	v := s.reportView(o, strings.HasSuffix(r.URL.Path, "/print"), "")
	v["Shared"] = r.PathValue("token")
	s.render(w, r, http.StatusOK, "report", v)
	return nil
}

func (s *Server) apiReport(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	o, err := s.openReport(r, u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"report": toReportJSON(o)})
	return nil
}

func (s *Server) apiReportShare(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	token, until, err := s.reports.Share(r.Context(), u, id, s.clientIP(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"url": s.absURL(r, "/shared/reports/"+token), "expires_at": until})
	return nil
}

// absURL makes a link a family member can open from a message.
func (s *Server) absURL(r *http.Request, path string) string {
	scheme := "http"
	if r.TLS != nil || s.secure {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

// inlineCSS is the app's and the report's style sheets for a page
// rendered without a server to fetch them from (the PDF).
func (s *Server) inlineCSS() template.CSS {
	var b []byte
	for _, f := range []string{"static/app.css", "static/report.css"} {
		css, err := staticFS.ReadFile(f)
		if err != nil {
			return ""
		}
		b = append(b, css...)
	}
	return template.CSS(b)
}

func (s *Server) reportView(o *report.Opened, print bool, css template.CSS) map[string]any {
	return map[string]any{"R": o.Report, "N": o.Narrative, "Print": print, "InlineCSS": css,
		"ShareUntilLink": o.ShareUntil, "Map": knowledgeMap(o.Report), "Bars": chapterBars(o.Report.Chapters),
		"Progress": progressChart(o.Report.Progress), "PDF": s.chromium != ""}
}

// knowledgeMap draws the scope's points coloured by state with their
// prerequisite arrows and the root causes marked.
func knowledgeMap(r *report.Report) template.HTML {
	at := make(map[string]int, len(r.Points))
	nodes := make([]svgNode, len(r.Points))
	for i, p := range r.Points {
		at[p.ID] = i
		nodes[i] = svgNode{ID: p.ID, Label: p.Name, State: string(p.State), Root: p.Root}
	}
	pre := make([][]int, len(r.Points))
	for i, p := range r.Points {
		for _, q := range p.Prerequisites {
			pre[i] = append(pre[i], at[q])
		}
	}
	return graphSVG(nodes, pre)
}

// Bar chart sizes.
const (
	barLabelW = 150
	barW      = 200
	barH      = 20
	barGap    = 8
)

// chapterBars draws one stacked bar per chapter: mastered, not mastered,
// uncertain, with the counts.
func chapterBars(chs []report.Chapter) template.HTML {
	if len(chs) == 0 {
		return ""
	}
	esc := template.HTMLEscapeString
	var b strings.Builder
	h := len(chs)*(barH+barGap) + barGap
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="bars" viewBox="0 0 %d %d" width="100%%" role="img" aria-label="各章节掌握情况">`, barLabelW+barW+60, h)
	for i, c := range chs {
		y := barGap + i*(barH+barGap)
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" text-anchor="end">%s</text>`, barLabelW-6, y+barH-6, esc(labelLines(c.Name)[0]))
		x := barLabelW
		for _, part := range []struct {
			n     int
			state string
		}{{c.Mastered, "mastered"}, {c.NotMastered, "not_mastered"}, {c.Uncertain, "uncertain"}} {
			if part.n == 0 {
				continue
			}
			w := part.n * barW / max(c.Total(), 1)
			col := stateColours[part.state]
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s" stroke="%s"><title>%d</title></rect>`, x, y, w, barH, col[0], col[1], part.n)
			x += w
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12">%d/%d</text>`, barLabelW+barW+6, y+barH-6, c.Mastered, c.Total())
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// Progress chart sizes.
const (
	chartW, chartH = 320, 120
	chartPad       = 24
)

// progressChart draws minutes per day as bars and, per practised point,
// the share answered right per day as a line.
func progressChart(p report.Progress) template.HTML {
	if len(p.Days) == 0 {
		return ""
	}
	esc := template.HTMLEscapeString
	var b strings.Builder
	n := len(p.Days)
	step := float64(chartW-2*chartPad) / float64(max(n, 1))
	maxMin := 1
	for _, d := range p.Days {
		maxMin = max(maxMin, d.Minutes)
	}
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="progress" viewBox="0 0 %d %d" width="100%%" role="img" aria-label="练习进展">`, chartW, chartH+30)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#adb5bd"/>`, chartPad, chartH, chartW-chartPad, chartH)
	for i, d := range p.Days {
		x := float64(chartPad) + step*float64(i)
		hgt := float64(d.Minutes) / float64(maxMin) * float64(chartH-chartPad)
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#e3f2fd"><title>%s：%d 分钟，%d 题</title></rect>`,
			x+step*.2, float64(chartH)-hgt, step*.6, hgt, esc(d.Date), d.Minutes, d.Answers)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="10" text-anchor="middle">%s</text>`, x+step/2, chartH+14, esc(d.Date[5:]))
	}
	palette := []string{"#c62828", "#1565c0", "#2e7d32", "#6a1b9a", "#ef6c00"}
	for k, pp := range p.Points[:min(len(p.Points), len(palette))] {
		var pts []string
		for i, share := range pp.Share {
			if share < 0 {
				continue
			}
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", float64(chartPad)+step*(float64(i)+.5), float64(chartH)-share*float64(chartH-chartPad)))
		}
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"><title>%s</title></polyline>`, strings.Join(pts, " "), palette[k], esc(pp.Name))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// reportJSON is the report in the API.
type reportJSON struct {
	ScreeningID int64           `json:"screening_id"`
	StudentID   int64           `json:"student_id"`
	Student     string          `json:"student"`
	Subject     string          `json:"subject"`
	Date        time.Time       `json:"date"`
	Questions   int             `json:"questions"`
	Summary     []string        `json:"summary"`
	Narrative   string          `json:"narrative"`
	FromModel   bool            `json:"narrative_from_model"`
	Causes      []causeJSON     `json:"root_causes"`
	Path        []string        `json:"ready_to_learn"`
	Points      []pointJSON     `json:"knowledge_points"`
	Chapters    []chapterJSON   `json:"chapters"`
	Progress    report.Progress `json:"progress"`
}

type causeJSON struct {
	ID       string   `json:"id"`
	Sentence string   `json:"sentence"`
	Affected []string `json:"affected"`
}

type pointJSON struct {
	ID    string  `json:"id"`
	Name  string  `json:"name"`
	State string  `json:"state"`
	P     float64 `json:"p"`
	Root  bool    `json:"root_cause,omitempty"`
}

type chapterJSON struct {
	Name        string `json:"name"`
	Mastered    int    `json:"mastered"`
	NotMastered int    `json:"not_mastered"`
	Uncertain   int    `json:"uncertain"`
}

func toReportJSON(o *report.Opened) reportJSON {
	r := o.Report
	j := reportJSON{ScreeningID: r.ScreeningID, StudentID: r.StudentID, Student: r.StudentName, Subject: r.Subject, Date: r.Date,
		Questions: r.Questions, Summary: r.Summary, Narrative: o.Narrative.Text, FromModel: o.Narrative.FromModel, Progress: r.Progress}
	for _, c := range r.Causes {
		cj := causeJSON{ID: c.Point.ID, Sentence: c.Sentence}
		for _, a := range c.Affected {
			cj.Affected = append(cj.Affected, a.ID)
		}
		j.Causes = append(j.Causes, cj)
	}
	for _, p := range r.Path {
		j.Path = append(j.Path, p.ID)
	}
	for _, p := range r.Points {
		j.Points = append(j.Points, pointJSON{p.ID, p.Name, string(p.State), p.P, p.Root})
	}
	for _, c := range r.Chapters {
		j.Chapters = append(j.Chapters, chapterJSON{c.Name, c.Mastered, c.NotMastered, c.Uncertain})
	}
	return j
}
