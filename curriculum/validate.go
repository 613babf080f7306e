package curriculum

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Problem is one thing wrong with the content, located so an author can
// fix it: a file and line, or a spreadsheet sheet and row (a File without
// an extension is a sheet name). Warnings do not fail a check.
type Problem struct {
	File    string
	Line    int
	ID      string
	Msg     string
	Warning bool
}

// String formats the problem as "file:line: id: message" (or
// "sheet!行N: id: message" for a spreadsheet).
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(position(p.File, p.Line))
	b.WriteString(": ")
	if p.Warning {
		b.WriteString("警告: ")
	}
	if p.ID != "" {
		b.WriteString(p.ID)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

func position(file string, line int) string {
	if file == "" {
		file = "(模板)"
	}
	if line <= 0 {
		return file
	}
	if !strings.ContainsAny(file, "./") {
		return fmt.Sprintf("%s!行%d", file, line)
	}
	return fmt.Sprintf("%s:%d", file, line)
}

// Errors counts the problems that are not warnings.
func Errors(ps []Problem) int {
	n := 0
	for _, p := range ps {
		if !p.Warning {
			n++
		}
	}
	return n
}

func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.ID < b.ID
	})
}

// ValidateOptions tunes Validate.
type ValidateOptions struct {
	// MinItems is how many items (a template counts once) every knowledge
	// point that needs items must have; 0 means 3.
	MinItems int
}

// Subjects are the subject ids content may use, with their Chinese names.
var Subjects = map[string]string{
	"math": "数学", "chinese": "语文", "english": "英语", "ethics": "道德与法治",
	"history": "历史", "geography": "地理", "physics": "物理", "chemistry": "化学",
	"biology": "生物学", "science": "科学", "politics": "思想政治",
}

// SubjectOrder is the order a timetable lists subjects in; banks list
// their subjects in it, unknown ones last.
var SubjectOrder = []string{"chinese", "math", "english", "ethics", "history", "geography", "physics", "chemistry", "biology", "science", "politics"}

// NeedsItems is the coverage rule: every maths knowledge point needs
// items; in other subjects a point needs them once it has any item (its
// subject is being itemised) or when it belongs to grades 7-9 (初中, where
// screening starts for those subjects).
func (b *Bank) NeedsItems(kpID string) bool {
	e, ok := b.kps[kpID]
	if !ok {
		return false
	}
	if e.subject == "math" {
		return true
	}
	if b.ItemCount(kpID) > 0 {
		return true
	}
	return StageOf(b.Grade(kpID)) == Middle
}

// ItemCount is the coverage count of a knowledge point: its static items
// plus one per template.
func (b *Bank) ItemCount(kpID string) int { return len(b.byKP[kpID]) + len(b.tplByKP[kpID]) }

// Validate checks the whole bank and returns every problem, sorted by
// place: duplicate ids, references that do not resolve, prerequisite
// cycles, grades that run backwards (warning), coverage, item structure
// and answers (ValidateItem), and each template over many seeds.
func (b *Bank) Validate(opts ValidateOptions) []Problem {
	if opts.MinItems <= 0 {
		opts.MinItems = 3
	}
	v := &validator{b: b, opts: opts, seen: map[string]string{}}
	v.subjects()
	for _, f := range b.frags {
		for i := range f.Subject.Chapters {
			v.chapter(f, i)
		}
		for i := range f.Subject.KnowledgePoints {
			v.knowledgePoint(f, i)
		}
		for i := range f.Subject.Items {
			v.item(f, i)
		}
	}
	v.cycles()
	for i := range b.templates {
		v.template(&b.templates[i])
	}
	sortProblems(v.out)
	return v.out
}

type validator struct {
	b    *Bank
	opts ValidateOptions
	out  []Problem
	// seen maps "kind id" to where it was first defined.
	seen map[string]string
}

func (v *validator) add(file string, line int, id string, warn bool, format string, args ...any) {
	v.out = append(v.out, Problem{File: file, Line: line, ID: id, Msg: fmt.Sprintf(format, args...), Warning: warn})
}

// first records a definition and reports it when the id was defined
// before; it returns false for a duplicate.
func (v *validator) first(kind, what, file string, line int, id string) bool {
	if id == "" {
		v.add(file, line, "", false, "%s缺少 id（编号）", what)
		return false
	}
	key := kind + " " + id
	if at, dup := v.seen[key]; dup {
		v.add(file, line, id, false, "%s编号重复，首次定义在 %s；改用新的编号或删掉一处", what, at)
		return false
	}
	v.seen[key] = position(file, line)
	return true
}

func (v *validator) subjects() {
	names := map[string]string{}
	for _, f := range v.b.frags {
		s := f.Subject
		if _, ok := Subjects[s.ID]; !ok {
			v.add(f.File, f.SubjectLine, s.ID, true, "未知学科编号；已知：%s", strings.Join(sortedKeys(Subjects), ", "))
		}
		if s.Name == "" {
			continue
		}
		if prev, ok := names[s.ID]; ok && prev != s.Name {
			v.add(f.File, f.SubjectLine, s.ID, false, "学科名称 %q 与其他文件的 %q 不一致", s.Name, prev)
		}
		names[s.ID] = s.Name
	}
	for _, id := range v.b.ids {
		if names[id] == "" {
			f := v.firstFragment(id)
			v.add(f.File, f.SubjectLine, id, false, "学科缺少 name（中文名称，如 %s）", cmp.Or(Subjects[id], "数学"))
		}
	}
}

func (v *validator) firstFragment(subject string) Fragment {
	for _, f := range v.b.frags {
		if f.Subject.ID == subject {
			return f
		}
	}
	return Fragment{}
}

func (v *validator) chapter(f Fragment, i int) {
	ch, at := f.Subject.Chapters[i], lineAt(f.Chapters, i)
	if !v.first("chapter", "章节", f.File, at.At, ch.ID) {
		return
	}
	v.prefix(f, at.Line("id"), ch.ID, "章节")
	if strings.TrimSpace(ch.Name) == "" {
		v.add(f.File, at.Line("name"), ch.ID, false, "章节缺少 name（名称）")
	}
	if ch.Grade < 1 || ch.Grade > 12 {
		v.add(f.File, at.Line("grade"), ch.ID, false, "章节年级 %d 不在 1–12 之间", ch.Grade)
	}
}

// prefix warns about ids that do not follow "<subject>.…".
func (v *validator) prefix(f Fragment, line int, id, what string) {
	if !strings.HasPrefix(id, f.Subject.ID+".") {
		v.add(f.File, line, id, true, "%s编号应以 %q 开头", what, f.Subject.ID+".")
	}
}

func (v *validator) knowledgePoint(f Fragment, i int) {
	kp, at := f.Subject.KnowledgePoints[i], lineAt(f.KnowledgePoints, i)
	if !v.first("kp", "知识点", f.File, at.At, kp.ID) {
		return
	}
	b, subj := v.b, f.Subject.ID
	v.prefix(f, at.Line("id"), kp.ID, "知识点")
	if strings.TrimSpace(kp.Name) == "" {
		v.add(f.File, at.Line("name"), kp.ID, false, "知识点缺少 name（名称）")
	}
	if kp.Grade != 0 && (kp.Grade < 1 || kp.Grade > 12) {
		v.add(f.File, at.Line("grade"), kp.ID, false, "知识点年级 %d 不在 1–12 之间", kp.Grade)
	}
	if kp.Chapter != "" {
		ch, ok := b.chapters[kp.Chapter]
		switch {
		case !ok:
			v.add(f.File, at.Line("chapter"), kp.ID, false, "章节 %q 不存在；先在 chapters 中定义它或改正编号", kp.Chapter)
		case ch.subject != subj:
			v.add(f.File, at.Line("chapter"), kp.ID, false, "章节 %q 属于学科 %s", kp.Chapter, ch.subject)
		case kp.Grade != 0 && kp.Grade != ch.ch.Grade:
			v.add(f.File, at.Line("grade"), kp.ID, true, "年级 %d 与章节 %s 的年级 %d 不同", kp.Grade, kp.Chapter, ch.ch.Grade)
		}
	}
	if b.Grade(kp.ID) == 0 {
		v.add(f.File, at.Line("grade"), kp.ID, false, "知识点没有年级：写 grade 或 chapter")
	}
	seen := map[string]bool{}
	for _, p := range kp.Prerequisites {
		line := at.Line("prerequisites")
		if seen[p] {
			v.add(f.File, line, kp.ID, true, "先修知识点 %q 重复列出", p)
			continue
		}
		seen[p] = true
		_, ok := b.kps[p]
		switch {
		case p == kp.ID:
			v.add(f.File, line, kp.ID, false, "知识点把自己列为先修")
		case !ok && foreignID(subj, p) && b.subjects[subjectPrefix(p)] == nil:
			// A single file imported on its own: the other subject is not
			// here to look the point up in.
			v.add(f.File, line, kp.ID, true, "先修知识点 %q 属于学科 %s，本次没有载入该学科，无法核对；连同该学科一起检查", p, subjectPrefix(p))
		case !ok:
			v.add(f.File, line, kp.ID, false, "先修知识点 %q 不存在；检查拼写或先定义它", p)
		case b.Grade(kp.ID) != 0 && b.Grade(p) > b.Grade(kp.ID):
			v.add(f.File, line, kp.ID, true, "年级 %d 早于先修知识点 %s 的年级 %d", b.Grade(kp.ID), p, b.Grade(p))
		}
	}
	n := b.ItemCount(kp.ID)
	switch {
	case b.NeedsItems(kp.ID) && n < v.opts.MinItems:
		v.add(f.File, at.At, kp.ID, false, "只有 %d 道题（静态题 %d、模板 %d），至少需要 %d 道",
			n, len(b.byKP[kp.ID]), len(b.tplByKP[kp.ID]), v.opts.MinItems)
	case n == 0:
		v.add(f.File, at.At, kp.ID, true, "%s", MsgNoItems)
	}
	v.example(f, at, kp)
}

// The warnings for content still to write; `content check` counts them.
const (
	MsgNoItems   = "还没有题目"
	MsgNoExample = "还没有例题（example）"
)

// Pending says whether p only notes content still to write (a point
// without items or a worked example), which an import need not repeat.
func Pending(p Problem) bool {
	return p.Warning && (p.Msg == MsgNoItems || p.Msg == MsgNoExample)
}

// example checks a point's worked example; a point without one is a
// warning until every point has one.
func (v *validator) example(f Fragment, at Lines, kp KnowledgePoint) {
	ex := kp.Example
	if ex == nil {
		v.add(f.File, at.At, kp.ID, true, "%s", MsgNoExample)
		return
	}
	line := at.Line("example")
	if strings.TrimSpace(ex.Stem) == "" {
		v.add(f.File, line, kp.ID, false, "例题缺少 stem（题目）")
	}
	if len(ex.Steps) == 0 || slices.ContainsFunc(ex.Steps, func(s string) bool { return strings.TrimSpace(s) == "" }) {
		v.add(f.File, line, kp.ID, false, "例题的 steps（解题步骤）至少一步且不能有空步")
	}
	if strings.TrimSpace(ex.Answer) == "" {
		v.add(f.File, line, kp.ID, false, "例题缺少 answer（答案）")
	}
	if ex.Figure != nil {
		if _, err := RenderFigure(ex.Figure); err != nil {
			v.add(f.File, line, kp.ID, false, "例题的图画不出来：%v", err)
		}
	}
}

// cycles reports every prerequisite cycle of the bank, cross-subject
// prerequisites included (physics -> math -> physics is as wrong as a
// cycle inside one subject): it finds one, reports it, cuts one of its
// edges and looks again.
func (v *validator) cycles() {
	b := v.b
	var kps []KnowledgePoint
	for _, e := range b.kps {
		kp := *e.kp
		kp.Prerequisites = nil
		for _, p := range uniq(e.kp.Prerequisites) {
			if _, ok := b.kps[p]; ok {
				kp.Prerequisites = append(kp.Prerequisites, p)
			}
		}
		kps = append(kps, kp)
	}
	sort.Slice(kps, func(i, j int) bool { return kps[i].ID < kps[j].ID })
	for range len(kps) + 1 {
		_, err := NewGraph(kps)
		var ge *GraphError
		if !errors.As(err, &ge) || len(ge.Cycle) == 0 {
			return
		}
		head := ge.Cycle[0]
		e := b.kps[head]
		v.add(e.at.file, e.at.lines.Line("prerequisites"), head, false, "先修关系成环：%s；去掉其中一条先修", strings.Join(ge.Cycle, " -> "))
		// Cycle is in learning order: Cycle[1] lists Cycle[0] as a prerequisite.
		for i := range kps {
			if kps[i].ID == ge.Cycle[1] {
				kps[i].Prerequisites = slices.DeleteFunc(kps[i].Prerequisites, func(p string) bool { return p == head })
			}
		}
	}
}

func (v *validator) item(f Fragment, i int) {
	it, at := f.Subject.Items[i], lineAt(f.Items, i)
	if !v.first("item", "题目", f.File, at.At, it.ID) {
		return
	}
	v.itemRefs(f.File, at, f.Subject.ID, it.ID, it.KnowledgePoints)
	if f.Bare && it.Type == "" && it.Stem == "" && it.Answer == "" && len(it.Options) == 0 {
		return
	}
	for _, p := range checkItem(&it) {
		v.add(f.File, at.Line(p.field), it.ID, false, "%s", p.msg)
	}
	v.stem(f, at, it)
}

// stem reports a stem (with its options) that another item of the subject
// already uses: a student would meet the same question twice.
func (v *validator) stem(f Fragment, at Lines, it Item) {
	key := "stem " + f.Subject.ID + " " + strings.Join(strings.Fields(it.Stem), " ") + "\x00" + strings.Join(it.Options, "\x00")
	if strings.TrimSpace(it.Stem) == "" {
		return
	}
	if first, dup := v.seen[key]; dup {
		v.add(f.File, at.Line("stem"), it.ID, false, "题干与 %s 的题目相同；改写题目或删掉一道", first)
		return
	}
	v.seen[key] = position(f.File, at.At)
}

// itemRefs checks an item's or template's knowledge point references.
func (v *validator) itemRefs(file string, at Lines, subject, id string, kps []string) {
	line := at.Line("knowledge_points")
	if len(kps) == 0 {
		v.add(file, line, id, false, "没有知识点：knowledge_points 至少写一个")
	}
	seen := map[string]bool{}
	for _, k := range kps {
		e, ok := v.b.kps[k]
		switch {
		case seen[k]:
			v.add(file, line, id, true, "知识点 %q 重复列出", k)
		case !ok:
			v.add(file, line, id, false, "知识点 %q 不存在；检查拼写或先定义它", k)
		case subject != "" && e.subject != subject:
			v.add(file, line, id, false, "知识点 %q 属于学科 %s，题目在学科 %s", k, e.subject, subject)
		}
		seen[k] = true
	}
}

func (v *validator) template(t *Template) {
	// Same kind as items: an item and a template may not share an id.
	if !v.first("item", "模板", "", 0, t.ID) {
		return
	}
	v.itemRefs("", Lines{}, "", t.ID, t.KnowledgePoints)
	if t.Generate == nil {
		v.add("", 0, t.ID, false, "模板没有 Generate 函数")
		return
	}
	var bad []int64
	var firstMsg string
	for seed := int64(1); seed <= int64(v.b.seeds); seed++ {
		it, err := safeInstance(t, seed)
		msg := ""
		if err != nil {
			msg = err.Error()
		} else if t.Type != "" && it.Type != t.Type {
			msg = fmt.Sprintf("生成的题型 %s 与模板题型 %s 不同", it.Type, t.Type)
		} else if ps := checkItem(&it); len(ps) > 0 {
			msg = ps[0].msg
		}
		if msg != "" {
			if len(bad) == 0 {
				firstMsg = msg
			}
			bad = append(bad, seed)
		}
	}
	if len(bad) > 0 {
		v.add("", 0, t.ID, false, "%d 个种子中有 %d 个生成的题目有误（如种子 %d：%s）", v.b.seeds, len(bad), bad[0], firstMsg)
	}
}

// itemProblem is one structural problem of an item and the key to point
// at.
type itemProblem struct{ field, msg string }

// TypeInfo pairs an item type with its Chinese name.
type TypeInfo struct {
	Type ItemType
	Name string
}

// Types lists the item types with their Chinese names, in display order.
var Types = []TypeInfo{
	{SingleChoice, "单选"}, {MultiChoice, "多选"}, {TrueFalse, "判断"},
	{FillNumber, "填数"}, {FillExpr, "填式"}, {FillText, "填空"},
}

func isChoice(t ItemType) bool { return t == SingleChoice || t == MultiChoice }

// checkItem checks what every item needs whatever its answer format, then
// hands the answer to ValidateItem.
func checkItem(it *Item) []itemProblem {
	var out []itemProblem
	add := func(field, format string, args ...any) {
		out = append(out, itemProblem{field, fmt.Sprintf(format, args...)})
	}
	if !slices.ContainsFunc(Types, func(t TypeInfo) bool { return t.Type == it.Type }) {
		var names []string
		for _, t := range Types {
			names = append(names, string(t.Type))
		}
		add("type", "题型 %q 无效；可用：%s", it.Type, strings.Join(names, ", "))
		return out
	}
	if strings.TrimSpace(it.Stem) == "" {
		add("stem", "题干为空")
	}
	if strings.TrimSpace(it.Answer) == "" {
		add("answer", "答案为空")
	}
	for _, p := range []struct {
		name string
		v    *float64
	}{{"slip", it.Slip}, {"guess", it.Guess}} {
		if p.v != nil && (*p.v < 0 || *p.v >= 1) {
			add(p.name, "%s = %g 不在 [0, 1) 之间", p.name, *p.v)
		}
	}
	if it.Figure != nil {
		if _, err := RenderFigure(it.Figure); err != nil {
			add("figure", "图画不出来：%v", err)
		}
	}
	if isChoice(it.Type) {
		out = append(out, checkOptions(it)...)
	} else if len(it.Options) > 0 {
		add("options", "%s 题不能有选项；删掉 options 或改成选择题", it.Type)
	}
	if len(out) > 0 {
		return out
	}
	if err := ValidateItem(it); err != nil {
		add("answer", "答案检查失败：%v", err)
	}
	return out
}

// checkOptions reports, in words an author of a spreadsheet understands,
// the two mistakes made most: too few options and an answer letter past
// the last option. ValidateItem checks the rest.
func checkOptions(it *Item) []itemProblem {
	n := len(it.Options)
	if n < 2 {
		return []itemProblem{{"options", fmt.Sprintf("选择题至少要 2 个选项，现有 %d 个", n)}}
	}
	last := rune('A' + n - 1)
	for _, r := range strings.ToUpper(it.Answer) {
		if r > last && r <= 'Z' {
			return []itemProblem{{"answer", fmt.Sprintf("答案 %q 不在选项 A–%c 中；改成 A–%c 中的字母或补上选项", it.Answer, last, last)}}
		}
	}
	return nil
}

func sortedKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
