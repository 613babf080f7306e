package curriculum

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadDecodeErrorsCarryFileAndLine(t *testing.T) {
	cases := []struct {
		name, file, data string
		want             []string // Problem.String() prefixes, in order
	}{
		{
			name: "unknown keys",
			file: "math/a.yaml",
			data: "subject: math\nnmae: 数学\nknowledge_points:\n  - id: math.g3.a\n    name: A\n    prereqs: [math.g3.b]\n",
			want: []string{
				`math/a.yaml:2: 未知的键 "nmae"（Subject 允许的键：subject, name, chapters, knowledge_points, items）`,
				`math/a.yaml:6: 未知的键 "prereqs"（KnowledgePoint 允许的键：id, name, grade, chapter, explanation, prerequisites, example）`,
			},
		},
		{
			name: "wrong type",
			file: "math/a.yaml",
			data: "subject: math\nchapters:\n  - id: math.g3.ch1\n    grade: three\n",
			want: []string{"math/a.yaml:4: 类型错误：cannot unmarshal !!str `three` into int"},
		},
		{
			name: "syntax error",
			file: "math/a.yaml",
			data: "subject: math\nitems:\n  - id: a: b\n",
			want: []string{"math/a.yaml:3: YAML 语法错误（在此行或其后几行）：mapping values are not allowed in this context"},
		},
		{
			name: "unknown key in check rule",
			file: "math/a.yaml",
			data: "subject: math\nitems:\n  - id: x\n    check:\n      tolerence: \"0.1\"\n",
			want: []string{`math/a.yaml:5: 未知的键 "tolerence"（CheckRule 允许的键：tolerance,`},
		},
		{
			name: "two documents",
			file: "math/a.yaml",
			data: "subject: math\n---\nsubject: math\n",
			want: []string{"math/a.yaml:2: 一个文件只能有一个 YAML 文档"},
		},
		{
			name: "duplicate key",
			file: "math/a.yaml",
			data: "subject: math\nname: 数学\nname: 算术\n",
			want: []string{`math/a.yaml:3: YAML 错误：mapping key "name" already defined at line 2`},
		},
		{
			name: "empty list element",
			file: "math/a.yaml",
			data: "subject: math\nknowledge_points:\n  -\n  - {id: math.g3.a, name: A, grade: 3}\n",
			want: []string{`math/a.yaml:3: knowledge_points 的每一项都要是键值映射（id: …），这里是 ""`},
		},
		{
			name: "empty file",
			file: "math/a.yaml",
			data: "",
			want: []string{"math/a.yaml:1: 文件为空"},
		},
		{
			name: "no subject key",
			file: "math/a.yaml",
			data: "name: 数学\n",
			want: []string{"math/a.yaml:1: 缺少 subject"},
		},
		{
			name: "not a mapping",
			file: "math/a.yaml",
			data: "- subject: math\n",
			want: []string{"math/a.yaml:1: 顶层必须是键值映射"},
		},
		{
			name: "file in the wrong directory",
			file: "math/a.yaml",
			data: "subject: physics\n",
			want: []string{`math/a.yaml:1: physics: 文件在目录 math 下，但 subject 是 "physics"`},
		},
		{
			name: "json interchange with unknown key",
			file: "math/graph.json",
			data: "{\n\t\"subject\": \"math\",\n\t\"knowledge_points\": [\n\t\t{\"id\": \"math.g3.a\", \"name\": \"A\", \"grade\": 3, \"prereq\": []}\n\t],\n\t\"items\": []\n}\n",
			want: []string{`math/graph.json:4: 未知的键 "prereq"`},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(fstest.MapFS{tc.file: {Data: []byte(tc.data)}})
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("Load error = %v, want *LoadError", err)
			}
			if len(le.Problems) != len(tc.want) {
				t.Fatalf("got %d problems, want %d:\n%s", len(le.Problems), len(tc.want), join(le.Problems))
			}
			for i, p := range le.Problems {
				if !strings.HasPrefix(p.String(), tc.want[i]) {
					t.Errorf("problem %d = %q, want prefix %q", i, p, tc.want[i])
				}
			}
		})
	}
}

func TestLoadNoFiles(t *testing.T) {
	if _, err := Load(fstest.MapFS{"README.md": {Data: []byte("x")}}); err == nil {
		t.Fatal("Load of a tree without content files succeeded")
	}
}

func TestLoadMergesFilesAndIndexes(t *testing.T) {
	outline := "subject: math\nname: 数学\nchapters:\n  - {id: math.g3.ch1, grade: 3, name: 分数}\n"
	points := "subject: math\nknowledge_points:\n  - {id: math.g3.a, name: A, chapter: math.g3.ch1}\n  - {id: math.g3.b, name: B, grade: 3, prerequisites: [math.g3.a]}\nitems:\n" +
		items("math.g3.a", 2) + items("math.g3.b", 1)
	json := `{"subject": "math", "items": [{"id": "math.q7", "knowledge_points": ["math.g3.a", "math.g3.b"], "slip": 0.1, "guess": 0.2}]}`
	tpl := addTemplate("math.tpl.add", []string{"math.g3.b"}, func(a, b int) int { return a + b })
	b := mustLoad(t, map[string]string{"math/0-outline.yaml": outline, "math/g3.yaml": points, "math/q.json": json},
		LoadOptions{Templates: []Template{tpl}})

	if got := b.SubjectIDs(); !reflect.DeepEqual(got, []string{"math"}) {
		t.Fatalf("SubjectIDs = %v", got)
	}
	s := b.Subject("math")
	if s.Name != "数学" || len(s.Chapters) != 1 || len(s.KnowledgePoints) != 2 || len(s.Items) != 4 {
		t.Fatalf("merged subject = %+v", s)
	}
	if kp, ok := b.KnowledgePoint("math.g3.b"); !ok || kp.Name != "B" {
		t.Errorf("KnowledgePoint(math.g3.b) = %v, %v", kp, ok)
	}
	if g := b.Grade("math.g3.a"); g != 3 {
		t.Errorf("Grade(math.g3.a) = %d, want 3 from its chapter", g)
	}
	if it, ok := b.Item("math.q7"); !ok || *it.Slip != 0.1 {
		t.Errorf("Item(math.q7) = %v, %v", it, ok)
	}
	var ids []string
	for _, it := range b.ItemsFor("math.g3.a") {
		ids = append(ids, it.ID)
	}
	if want := []string{"math.g3.a.1", "math.g3.a.2", "math.q7"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ItemsFor(math.g3.a) = %v, want %v", ids, want)
	}
	if n := b.ItemCount("math.g3.b"); n != 3 {
		t.Errorf("ItemCount(math.g3.b) = %d, want 3 (1 static, 1 bare, 1 template)", n)
	}
	g, err := b.Graph("math")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g.IDs(), []string{"math.g3.a", "math.g3.b"}) {
		t.Errorf("graph order = %v", g.IDs())
	}
	if _, err := b.Graph("physics"); err == nil {
		t.Error("Graph of a subject not loaded succeeded")
	}

	// Template instances are addressable by "<template>#<seed>".
	want, err := b.Instance("math.tpl.add", 7)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := b.Item("math.tpl.add#7")
	if !ok || !reflect.DeepEqual(*got, want) || got.Seed != 7 {
		t.Errorf("Item(math.tpl.add#7) = %+v, want %+v", got, want)
	}
	for _, id := range []string{"math.tpl.add#x", "math.tpl.none#1", "nothing"} {
		if _, ok := b.Item(id); ok {
			t.Errorf("Item(%q) found", id)
		}
	}
	// The bare JSON item is allowed; the content is clean apart from coverage.
	for _, p := range withoutPending(b.Validate(ValidateOptions{MinItems: 3})) {
		if !strings.Contains(p.Msg, "至少需要 3 道") {
			t.Errorf("unexpected problem %s", p)
		}
	}
}

func TestBareItemsOnlyInJSON(t *testing.T) {
	bare := "subject: math\nitems:\n  - {id: math.q1, knowledge_points: [math.g3.a]}\n"
	ps := withoutPending(mustLoad(t, map[string]string{"math/base.yaml": baseMath, "math/q.yaml": bare}).Validate(ValidateOptions{}))
	if len(ps) != 1 || !strings.HasPrefix(ps[0].String(), `math/q.yaml:3: math.q1: 题型 "" 无效`) {
		t.Fatalf("problems = %v", ps)
	}
}

// FuzzReadFragment: any input yields a fragment or a *LoadError, never a
// panic or another error.
func FuzzReadFragment(f *testing.F) {
	f.Add([]byte(baseMath))
	f.Add([]byte("subject: math\nitems:\n  - {id: x, check: {tolerance: \"0.1\"}}\n"))
	f.Add([]byte("{\"subject\": \"math\", \"knowledge_points\": []}"))
	f.Add([]byte("a: [\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fr, err := ReadFragment("math/f.yaml", data)
		var le *LoadError
		switch {
		case err == nil && fr == nil:
			t.Fatal("nil fragment without error")
		case err != nil && !errors.As(err, &le):
			t.Fatalf("error %v is not a *LoadError", err)
		case err == nil && len(fr.KnowledgePoints) != len(fr.Subject.KnowledgePoints):
			t.Fatalf("%d positions for %d knowledge points", len(fr.KnowledgePoints), len(fr.Subject.KnowledgePoints))
		}
	})
}

// TestCrossSubjectPrerequisites: a physics point may rest on a maths
// point. The physics screening graph keeps only physics edges (screening
// asks physics questions only); the bank still tells the cross-subject
// prerequisite, and a subject read on its own (interchange) drops it too.
func TestCrossSubjectPrerequisites(t *testing.T) {
	phys := "subject: physics\nname: 物理\nknowledge_points:\n" +
		"  - {id: physics.g8.motion, name: 运动, grade: 8}\n" +
		"  - {id: physics.g8.speed, name: 速度, grade: 8, prerequisites: [physics.g8.motion, math.g3.b]}\n" +
		"items:\n" + items("physics.g8.motion", 3) + items("physics.g8.speed", 3)
	b := mustLoad(t, map[string]string{"math/base.yaml": baseMath, "physics/g8.yaml": phys})
	if ps := withoutPending(b.Validate(ValidateOptions{})); len(ps) != 0 {
		t.Fatalf("cross-subject prerequisite refused: %v", ps)
	}
	g, err := b.Graph("physics")
	if err != nil {
		t.Fatalf("physics graph: %v", err)
	}
	i, _ := g.Index("physics.g8.speed")
	var pre []string
	for _, j := range g.Prerequisites(i) {
		pre = append(pre, g.Node(j).ID)
	}
	if strings.Join(pre, ",") != "physics.g8.motion" {
		t.Errorf("physics graph prerequisites of speed = %v, want only physics.g8.motion", pre)
	}
	if _, ok := g.Index("math.g3.b"); ok {
		t.Error("the maths point became a node of the physics graph")
	}
	if mg, _ := b.Graph("math"); mg.Len() != 2 {
		t.Errorf("maths graph has %d nodes, want 2", mg.Len())
	}
	cross := b.CrossPrerequisites("physics.g8.speed")
	if len(cross) != 1 || cross[0].ID != "math.g3.b" || cross[0].Name != "比较分数" {
		t.Errorf("CrossPrerequisites = %v, want [math.g3.b 比较分数]", cross)
	}
	if s, _ := b.SubjectOf("math.g3.b"); s != "math" {
		t.Errorf("SubjectOf(math.g3.b) = %q", s)
	}
	if len(b.CrossPrerequisites("physics.g8.motion")) != 0 {
		t.Error("a point without cross-subject prerequisites got some")
	}
	// The point itself keeps the edge as written (export, content page).
	kp, _ := b.KnowledgePoint("physics.g8.speed")
	if len(kp.Prerequisites) != 2 {
		t.Errorf("the point lost its prerequisites: %v", kp.Prerequisites)
	}

	// Read on its own, the subject's graph leaves the maths edge out but
	// still refuses an unknown physics id.
	f, err := ReadFragment("physics/g8.yaml", []byte(phys))
	if err != nil {
		t.Fatal(err)
	}
	sg, err := SubjectGraph(&f.Subject)
	if err != nil || sg.Len() != 2 {
		t.Fatalf("SubjectGraph = %v, %v", sg, err)
	}
	f.Subject.KnowledgePoints[0].Prerequisites = []string{"physics.g8.nope"}
	if _, err := SubjectGraph(&f.Subject); err == nil || !strings.Contains(err.Error(), "physics.g8.nope") {
		t.Errorf("SubjectGraph with a dangling physics id: %v", err)
	}
}
