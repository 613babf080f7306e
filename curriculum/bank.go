package curriculum

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Bank is the loaded content of all subjects: fragments merged per subject
// plus the indexes the engines, the web app and the checks look things up
// by. A Bank is read-only after NewBank and safe for concurrent use.
type Bank struct {
	frags    []Fragment
	subjects map[string]*Subject
	ids      []string

	kps      map[string]kpEntry
	chapters map[string]chapterEntry
	items    map[string]itemEntry
	byKP     map[string][]*Item
	graphs   map[string]*Graph
	graphErr map[string]error

	templates []Template
	tplByID   map[string]*Template
	tplByKP   map[string][]*Template
	// foreign are templates of subjects that are not loaded (e.g. the maths
	// templates while importing one English file); they are ignored.
	foreign int
	seeds   int
}

// loc is where an element was first defined.
type loc struct {
	file  string
	lines Lines
}

func (l loc) String() string { return position(l.file, l.lines.At) }

type kpEntry struct {
	kp      *KnowledgePoint
	subject string
	at      loc
}

type chapterEntry struct {
	ch      *Chapter
	subject string
	at      loc
}

type itemEntry struct {
	it      *Item
	subject string
	at      loc
}

// NewBank merges fragments by subject (in the order given) and indexes
// them. The first definition of a duplicated id wins in the indexes;
// Validate reports the duplicate. A template belongs to the subject named
// by the prefix of its first knowledge point id (math.g3.x -> math) and is
// ignored when that subject is not among the fragments.
func NewBank(frags []Fragment, opts LoadOptions) *Bank {
	b := &Bank{
		frags:    frags,
		subjects: map[string]*Subject{},
		kps:      map[string]kpEntry{},
		chapters: map[string]chapterEntry{},
		items:    map[string]itemEntry{},
		byKP:     map[string][]*Item{},
		graphs:   map[string]*Graph{},
		graphErr: map[string]error{},
		tplByID:  map[string]*Template{},
		tplByKP:  map[string][]*Template{},
		seeds:    opts.Instances,
	}
	if b.seeds <= 0 {
		b.seeds = 50
	}
	// Merge first, index after, so pointers into the merged slices stay
	// valid.
	for _, f := range frags {
		s := b.subjects[f.Subject.ID]
		if s == nil {
			s = &Subject{ID: f.Subject.ID}
			b.subjects[s.ID] = s
			b.ids = append(b.ids, s.ID)
		}
		if s.Name == "" {
			s.Name = f.Subject.Name
		}
		s.Chapters = append(s.Chapters, f.Subject.Chapters...)
		s.KnowledgePoints = append(s.KnowledgePoints, f.Subject.KnowledgePoints...)
		s.Items = append(s.Items, f.Subject.Items...)
	}
	sort.Slice(b.ids, func(i, j int) bool {
		ri, rj := subjectRank(b.ids[i]), subjectRank(b.ids[j])
		if ri != rj {
			return ri < rj
		}
		return b.ids[i] < b.ids[j]
	})
	next := map[string][3]int{} // per subject: next chapter, kp, item index
	for _, f := range frags {
		s := b.subjects[f.Subject.ID]
		n := next[s.ID]
		for i := range f.Subject.Chapters {
			ch := &s.Chapters[n[0]+i]
			if _, dup := b.chapters[ch.ID]; !dup {
				b.chapters[ch.ID] = chapterEntry{ch, s.ID, loc{f.File, lineAt(f.Chapters, i)}}
			}
		}
		for i := range f.Subject.KnowledgePoints {
			kp := &s.KnowledgePoints[n[1]+i]
			if _, dup := b.kps[kp.ID]; !dup {
				b.kps[kp.ID] = kpEntry{kp, s.ID, loc{f.File, lineAt(f.KnowledgePoints, i)}}
			}
		}
		for i := range f.Subject.Items {
			it := &s.Items[n[2]+i]
			if _, dup := b.items[it.ID]; dup {
				continue
			}
			b.items[it.ID] = itemEntry{it, s.ID, loc{f.File, lineAt(f.Items, i)}}
			for _, k := range uniq(it.KnowledgePoints) {
				b.byKP[k] = append(b.byKP[k], it)
			}
		}
		next[s.ID] = [3]int{n[0] + len(f.Subject.Chapters), n[1] + len(f.Subject.KnowledgePoints), n[2] + len(f.Subject.Items)}
	}
	for _, id := range b.ids {
		b.graphs[id], b.graphErr[id] = NewGraph(ownPrerequisites(id, b.subjects[id].KnowledgePoints, func(p string) bool {
			if e, ok := b.kps[p]; ok {
				return e.subject != id
			}
			return foreignID(id, p)
		}))
	}
	for _, t := range opts.Templates {
		if len(t.KnowledgePoints) > 0 && b.subjects[subjectPrefix(t.KnowledgePoints[0])] == nil {
			b.foreign++
			continue
		}
		b.templates = append(b.templates, t)
	}
	for i := range b.templates {
		t := &b.templates[i]
		if _, dup := b.tplByID[t.ID]; dup {
			continue
		}
		b.tplByID[t.ID] = t
		for _, k := range uniq(t.KnowledgePoints) {
			b.tplByKP[k] = append(b.tplByKP[k], t)
		}
	}
	return b
}

// lineAt tolerates fragments built without positions (Lines slices shorter
// than the content, e.g. a Subject from the database).
func lineAt(ls []Lines, i int) Lines {
	if i < len(ls) {
		return ls[i]
	}
	return Lines{}
}

func uniq(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	var out []string
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// SubjectGraph builds the screening graph of one subject on its own (a
// subject read from an interchange file or the database): the
// prerequisites inside the subject. A prerequisite named by another
// subject's prefix (physics.… on math.…) is left out; any other id the
// subject does not define stays and is reported as dangling.
func SubjectGraph(s *Subject) (*Graph, error) {
	own := make(map[string]bool, len(s.KnowledgePoints))
	for _, kp := range s.KnowledgePoints {
		own[kp.ID] = true
	}
	return NewGraph(ownPrerequisites(s.ID, s.KnowledgePoints, func(p string) bool {
		return !own[p] && foreignID(s.ID, p)
	}))
}

// ownPrerequisites copies kps keeping only the prerequisites for which
// foreign is false. Each subject's graph drives its own screening and
// practice, which only ask that subject's questions, so a prerequisite in
// another subject (physics density on maths ratios) is shown to people
// but is not an edge of the screening graph.
func ownPrerequisites(subject string, kps []KnowledgePoint, foreign func(string) bool) []KnowledgePoint {
	out := make([]KnowledgePoint, len(kps))
	for i, kp := range kps {
		out[i] = kp
		out[i].Prerequisites = nil
		for _, p := range kp.Prerequisites {
			if !foreign(p) {
				out[i].Prerequisites = append(out[i].Prerequisites, p)
			}
		}
	}
	return out
}

// foreignID says whether id names a point of another known subject by its
// prefix.
func foreignID(subject, id string) bool {
	pre := subjectPrefix(id)
	_, known := Subjects[pre]
	return known && pre != subject && strings.Contains(id, ".")
}

// CrossPrerequisites returns the direct prerequisites of a point that
// belong to other subjects and are loaded, in the order listed: shown on
// the content page and in reports, not used by screening.
func (b *Bank) CrossPrerequisites(kpID string) []*KnowledgePoint {
	e, ok := b.kps[kpID]
	if !ok {
		return nil
	}
	var out []*KnowledgePoint
	for _, p := range uniq(e.kp.Prerequisites) {
		if pe, ok := b.kps[p]; ok && pe.subject != e.subject {
			out = append(out, pe.kp)
		}
	}
	return out
}

// SubjectOf returns the subject a loaded knowledge point belongs to.
func (b *Bank) SubjectOf(kpID string) (string, bool) {
	e, ok := b.kps[kpID]
	return e.subject, ok
}

// subjectPrefix is the subject part of a knowledge point id.
func subjectPrefix(id string) string {
	s, _, _ := strings.Cut(id, ".")
	return s
}

func subjectRank(id string) int {
	if i := slices.Index(SubjectOrder, id); i >= 0 {
		return i
	}
	return len(SubjectOrder)
}

// SubjectIDs lists the loaded subjects in SubjectOrder.
func (b *Bank) SubjectIDs() []string { return b.ids }

// Subject returns the merged content of one subject (do not modify), or
// nil. Templates are not part of it: they live in code.
func (b *Bank) Subject(id string) *Subject { return b.subjects[id] }

// KnowledgePoint looks a knowledge point up by id.
func (b *Bank) KnowledgePoint(id string) (*KnowledgePoint, bool) {
	e, ok := b.kps[id]
	return e.kp, ok
}

// Grade is a knowledge point's grade, taken from its chapter when the
// point does not state one; 0 if neither does.
func (b *Bank) Grade(kpID string) int {
	e, ok := b.kps[kpID]
	if !ok {
		return 0
	}
	if e.kp.Grade != 0 {
		return e.kp.Grade
	}
	if ch, ok := b.chapters[e.kp.Chapter]; ok {
		return ch.ch.Grade
	}
	return 0
}

// Chapter looks a chapter up by id.
func (b *Bank) Chapter(id string) (*Chapter, bool) {
	e, ok := b.chapters[id]
	return e.ch, ok
}

// Item looks an item up by id. An id of the form "<template>#<seed>"
// (what Template.Instance produces and what attempts record) regenerates
// that template instance.
func (b *Bank) Item(id string) (*Item, bool) {
	if e, ok := b.items[id]; ok {
		return e.it, true
	}
	tid, seed, ok := strings.Cut(id, "#")
	if !ok {
		return nil, false
	}
	n, err := strconv.ParseInt(seed, 10, 64)
	if err != nil {
		return nil, false
	}
	it, err := b.Instance(tid, n)
	if err != nil {
		return nil, false
	}
	return &it, true
}

// ItemsFor returns the static items that test a knowledge point, in file
// order (do not modify).
func (b *Bank) ItemsFor(kpID string) []*Item { return b.byKP[kpID] }

// TemplatesFor returns the templates that test a knowledge point.
func (b *Bank) TemplatesFor(kpID string) []*Template { return b.tplByKP[kpID] }

// Templates returns the attached templates of loaded subjects.
func (b *Bank) Templates() []Template { return b.templates }

// Template looks a template up by id.
func (b *Bank) Template(id string) (*Template, bool) {
	t, ok := b.tplByID[id]
	return t, ok
}

// Instance generates the item of template id for seed. A template that
// panics is reported as an error, not a crash.
func (b *Bank) Instance(id string, seed int64) (Item, error) {
	t, ok := b.tplByID[id]
	if !ok {
		return Item{}, fmt.Errorf("template %s does not exist", id)
	}
	return safeInstance(t, seed)
}

func safeInstance(t *Template, seed int64) (it Item, err error) {
	if t.Generate == nil {
		return Item{}, fmt.Errorf("template %s has no Generate function", t.ID)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("template %s seed %d panicked: %v", t.ID, seed, r)
		}
	}()
	return t.Instance(seed)
}

// Graph returns a subject's prerequisite graph, or the *GraphError that
// stops it being built.
func (b *Bank) Graph(subject string) (*Graph, error) {
	if _, ok := b.subjects[subject]; !ok {
		return nil, fmt.Errorf("subject %q is not loaded", subject)
	}
	return b.graphs[subject], b.graphErr[subject]
}

// Stats summarises one subject's content for `zhixi content check`.
type Stats struct {
	KnowledgePoints int
	ByStage         map[Stage]int
	Chapters        int
	Items           int // static items
	Templates       int
	// Covered counts knowledge points with at least the minimum number of
	// items (templates counting once).
	Covered int
	Edges   int // prerequisite edges
}

// Stats counts a subject's content; minItems is the coverage threshold.
func (b *Bank) Stats(subject string, minItems int) Stats {
	st := Stats{ByStage: map[Stage]int{}}
	s := b.subjects[subject]
	if s == nil {
		return st
	}
	st.Chapters, st.Items = len(s.Chapters), len(s.Items)
	for _, t := range b.templates {
		if len(t.KnowledgePoints) > 0 && subjectPrefix(t.KnowledgePoints[0]) == subject {
			st.Templates++
		}
	}
	for id, e := range b.kps {
		if e.subject != subject {
			continue
		}
		st.KnowledgePoints++
		if g := b.Grade(id); g > 0 {
			st.ByStage[StageOf(g)]++
		}
		if b.ItemCount(id) >= minItems {
			st.Covered++
		}
		st.Edges += len(uniq(e.kp.Prerequisites))
	}
	return st
}
