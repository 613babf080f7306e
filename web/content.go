package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/learn"
)

// Content browsing is for company admins: the shipped curriculum, its
// prerequisite graph per subject and grade, item search and a preview of
// an item as a student sees it (with the real answer checker behind it).

func (s *Server) contentAdmin(u *zhixi.User) error {
	if u.Role != zhixi.RoleAdmin {
		return zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	if s.content == nil {
		return zhixi.Errorf(zhixi.ENOTFOUND, "err.content_not_loaded")
	}
	return nil
}

type subjectSummary struct {
	ID, Name               string
	Grades                 []int
	KnowledgePoints, Items int
	Templates, Chapters    int
	// Cells are grades 1-12, empty where the subject has no points.
	Cells [12]coverageCell
}

// coverageCell is one subject × grade of the coverage table.
type coverageCell struct {
	Grade int
	curriculum.GradeCoverage
	// CalibratedPct is the share of hand-written items with calibrated
	// parameters, in percent.
	CalibratedPct int
}

func (s *Server) handleContent(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	if err := s.contentAdmin(u); err != nil {
		return err
	}
	var subjects []subjectSummary
	for _, id := range s.content.SubjectIDs() {
		subj := s.content.Subject(id)
		sum := subjectSummary{ID: id, Name: subj.Name, KnowledgePoints: len(subj.KnowledgePoints),
			Items: len(subj.Items), Chapters: len(subj.Chapters), Grades: s.content.Grades(id)}
		cov := s.content.Coverage(id)
		for g := 1; g <= 12; g++ {
			sum.Cells[g-1].Grade = g
			if c := cov[g]; c != nil {
				sum.Cells[g-1].GradeCoverage = *c
				sum.Templates += c.Templates
				if c.Items > 0 {
					sum.Cells[g-1].CalibratedPct = c.Calibrated * 100 / c.Items
				}
			}
		}
		subjects = append(subjects, sum)
	}
	s.render(w, r, http.StatusOK, "content", map[string]any{"Subjects": subjects})
	return nil
}

type kpView struct {
	KP            *curriculum.KnowledgePoint
	Prerequisites []prereqView
	Items         []*curriculum.Item
	Templates     []*curriculum.Template
}

// prereqView is a prerequisite as the content page lists it; Other names
// the subject when it is not the page's (a cross-subject prerequisite,
// shown here but not used by screening).
type prereqView struct {
	*curriculum.KnowledgePoint
	Subject string
	Other   string
}

type chapterView struct {
	Chapter curriculum.Chapter
	Points  []kpView
}

func (s *Server) handleContentSubject(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	if err := s.contentAdmin(u); err != nil {
		return err
	}
	id := r.PathValue("subject")
	subj := s.content.Subject(id)
	if subj == nil {
		return zhixi.Errorf(zhixi.ENOTFOUND, "err.not_found")
	}
	grade := 0
	if g := r.URL.Query().Get("grade"); g != "" {
		n, err := strconv.Atoi(g)
		if err != nil || n < 1 || n > 12 {
			return zhixi.Errorf(zhixi.EINVALID, "err.invalid_grade")
		}
		grade = n
	}
	gradeList := s.content.Grades(id)
	if grade == 0 && len(gradeList) > 0 {
		grade = gradeList[0]
	}

	// Chapters of the grade, each with its points; points whose chapter is
	// missing go into a catch-all so nothing is hidden.
	byChapter := map[string]*chapterView{}
	var chapters []*chapterView
	for _, c := range subj.Chapters {
		if c.Grade == grade {
			cv := &chapterView{Chapter: c}
			byChapter[c.ID] = cv
			chapters = append(chapters, cv)
		}
	}
	var nodes []svgNode
	index := map[string]int{}
	var inGrade []*curriculum.KnowledgePoint
	for i := range subj.KnowledgePoints {
		kp := &subj.KnowledgePoints[i]
		if kp.Grade != grade {
			continue
		}
		inGrade = append(inGrade, kp)
		index[kp.ID] = len(nodes)
		nodes = append(nodes, svgNode{ID: kp.ID, Label: kp.Name})
		v := kpView{KP: kp, Items: s.content.ItemsFor(kp.ID), Templates: s.content.TemplatesFor(kp.ID)}
		for _, p := range kp.Prerequisites {
			if pk, ok := s.content.KnowledgePoint(p); ok {
				pv := prereqView{KnowledgePoint: pk, Subject: id}
				if ps, _ := s.content.SubjectOf(p); ps != id {
					pv.Subject, pv.Other = ps, s.content.Subject(ps).Name
				}
				v.Prerequisites = append(v.Prerequisites, pv)
			}
		}
		cv := byChapter[kp.Chapter]
		if cv == nil {
			cv = &chapterView{Chapter: curriculum.Chapter{ID: kp.Chapter, Grade: grade, Name: "其他"}}
			byChapter[kp.Chapter] = cv
			chapters = append(chapters, cv)
		}
		cv.Points = append(cv.Points, v)
	}
	// Prerequisites from other grades appear faded, so the picture shows
	// where the grade's points come from.
	for _, kp := range inGrade {
		for _, p := range kp.Prerequisites {
			if _, ok := index[p]; ok {
				continue
			}
			if pk, ok := s.content.KnowledgePoint(p); ok {
				label := pk.Name
				if ps, _ := s.content.SubjectOf(p); ps != id {
					label = s.content.Subject(ps).Name + "·" + label
				}
				index[p] = len(nodes)
				nodes = append(nodes, svgNode{ID: pk.ID, Label: label, Outside: true})
			}
		}
	}
	pre := make([][]int, len(nodes))
	for _, kp := range inGrade {
		i := index[kp.ID]
		for _, p := range kp.Prerequisites {
			if j, ok := index[p]; ok {
				pre[i] = append(pre[i], j)
			}
		}
	}
	s.render(w, r, http.StatusOK, "content_subject", map[string]any{
		"Subject": subj, "Grade": grade, "Grades": gradeList, "Chapters": chapters,
		"Graph": graphSVG(nodes, pre),
	})
	return nil
}

func (s *Server) handleContentItems(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	if err := s.contentAdmin(u); err != nil {
		return err
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	subject := r.URL.Query().Get("subject")
	const limit = 100
	var items []*curriculum.Item
	var templates []curriculum.Template
	total := 0
	if q != "" || subject != "" {
		for _, id := range s.content.SubjectIDs() {
			if subject != "" && id != subject {
				continue
			}
			subj := s.content.Subject(id)
			for i := range subj.Items {
				it := &subj.Items[i]
				if q == "" || strings.Contains(it.ID, q) || strings.Contains(it.Stem, q) || containsAny(it.KnowledgePoints, q) {
					total++
					if len(items) < limit {
						items = append(items, it)
					}
				}
			}
		}
		for _, t := range s.content.Templates() {
			if (subject == "" || strings.HasPrefix(t.ID, subject+".")) && (q == "" || strings.Contains(t.ID, q) || containsAny(t.KnowledgePoints, q)) {
				templates = append(templates, t)
			}
		}
	}
	s.render(w, r, http.StatusOK, "content_items", map[string]any{
		"Q": q, "SubjectID": subject, "Subjects": s.content.SubjectIDs(), "Items": items, "Total": total,
		"Limit": limit, "Templates": templates,
	})
	return nil
}

func containsAny(ids []string, q string) bool {
	for _, id := range ids {
		if strings.Contains(id, q) {
			return true
		}
	}
	return false
}

// previewItem resolves an item id, or a template id with ?seed=N, to the
// concrete item a student would see.
func (s *Server) previewItem(r *http.Request) (curriculum.Item, int64, error) {
	id := r.PathValue("id")
	if it, ok := s.content.Item(id); ok {
		return *it, 0, nil
	}
	if _, ok := s.content.Template(id); !ok {
		return curriculum.Item{}, 0, zhixi.Errorf(zhixi.ENOTFOUND, "err.not_found")
	}
	seed := int64(1)
	if v := r.FormValue("seed"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return curriculum.Item{}, 0, zhixi.Errorf(zhixi.EINVALID, "err.bad_form", "seed 应为整数")
		}
		seed = n
	}
	it, err := s.content.Instance(id, seed)
	if err != nil {
		return curriculum.Item{}, 0, err
	}
	return it, seed, nil
}

func (s *Server) handleItemPreview(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	if err := s.contentAdmin(u); err != nil {
		return err
	}
	it, seed, err := s.previewItem(r)
	if err != nil {
		return err
	}
	data := map[string]any{"Item": it, "Seed": seed, "TemplateID": it.Template, "Letters": letters(len(it.Options))}
	if r.Method == http.MethodPost {
		if err := r.ParseForm(); err != nil {
			return zhixi.WrapError(zhixi.EINVALID, "err.bad_form", err)
		}
		answer := strings.Join(r.PostForm["answer"], ",")
		v, err := curriculum.Check(&it, answer)
		if err != nil {
			return err
		}
		data["Answer"] = answer
		data["Verdict"] = v
	}
	var kps []*curriculum.KnowledgePoint
	for _, id := range it.KnowledgePoints {
		if kp, ok := s.content.KnowledgePoint(id); ok {
			kps = append(kps, kp)
		}
	}
	data["KPs"] = kps
	cal, at, err := learn.ItemCalibration(r.Context(), s.store)
	if err != nil {
		return err
	}
	if p, ok := cal[it.ID]; ok {
		data["Calibration"], data["CalibratedAt"] = p, at
	}
	resps, total, err := s.store.ItemResponses(r.Context(), it.ID, 10)
	if err != nil {
		return err
	}
	data["Responses"], data["ResponsesTotal"] = resps, total
	s.render(w, r, http.StatusOK, "item_preview", data)
	return nil
}

func letters(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = string(rune('A' + i))
	}
	return out
}
