package curriculum

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/fstest"
)

// items returns YAML for n valid fill-number items of kp, numbered from 1.
func items(kp string, n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  - {id: %s.%d, type: fill_number, stem: \"%s 第 %d 题：$%d+1=$\", answer: \"%d\", knowledge_points: [%s]}\n", kp, i, kp, i, i, i+1, kp)
	}
	return b.String()
}

// baseMath is a valid maths subject: two points in grade 3, b needs a,
// three items each.
var baseMath = `subject: math
name: 数学
chapters:
  - {id: math.g3.ch1, grade: 3, name: 分数}
knowledge_points:
  - id: math.g3.a
    name: 认识分数
    chapter: math.g3.ch1
  - id: math.g3.b
    name: 比较分数
    grade: 3
    chapter: math.g3.ch1
    prerequisites: [math.g3.a]
items:
` + items("math.g3.a", 3) + items("math.g3.b", 3)

func mustLoad(t *testing.T, files map[string]string, opts ...LoadOptions) *Bank {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	b, err := Load(fsys, opts...)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return b
}

func TestValidateBaseIsClean(t *testing.T) {
	b := mustLoad(t, map[string]string{"math/base.yaml": baseMath})
	if ps := withoutPending(b.Validate(ValidateOptions{})); len(ps) != 0 {
		t.Fatalf("problems in valid content: %v", ps)
	}
}

// TestValidateRules adds one mistake per case to the valid base and
// expects exactly the listed problems ("place: id: message" substrings, in
// order) and nothing else.
func TestValidateRules(t *testing.T) {
	cases := []struct {
		name  string
		file  string // added as math/extra.yaml unless it starts "@path\n"
		also  string // a further file, "@path\n" first
		opts  ValidateOptions
		want  []string
		warns int
	}{
		{
			name: "duplicate knowledge point",
			file: "subject: math\nknowledge_points:\n  - {id: math.g3.a, name: 又一个, grade: 3}\n",
			want: []string{"math/extra.yaml:3: math.g3.a: 知识点编号重复，首次定义在 math/base.yaml:6"},
		},
		{
			name: "duplicate item",
			file: "subject: math\nitems:\n" + items("math.g3.a", 1),
			want: []string{"math/extra.yaml:3: math.g3.a.1: 题目编号重复，首次定义在 math/base.yaml:"},
		},
		{
			name: "duplicate chapter",
			file: "subject: math\nchapters:\n  - {id: math.g3.ch1, grade: 3, name: 重复}\n",
			want: []string{"math/extra.yaml:3: math.g3.ch1: 章节编号重复"},
		},
		{
			name: "dangling prerequisite",
			file: "subject: math\nknowledge_points:\n  - id: math.g3.c\n    name: C\n    grade: 3\n    prerequisites: [math.g3.zz]\nitems:\n" + items("math.g3.c", 3),
			want: []string{`math/extra.yaml:6: math.g3.c: 先修知识点 "math.g3.zz" 不存在`},
		},
		{
			name: "prerequisite in another subject is allowed",
			file: "@physics/g8.yaml\nsubject: physics\nname: 物理\nknowledge_points:\n  - {id: physics.g8.speed, name: 速度, grade: 8, prerequisites: [math.g3.b]}\nitems:\n" + items("physics.g8.speed", 3),
		},
		{
			name: "unknown prerequisite in another loaded subject",
			file: "@physics/g8.yaml\nsubject: physics\nname: 物理\nknowledge_points:\n  - {id: physics.g8.speed, name: 速度, grade: 8, prerequisites: [math.g3.zz]}\nitems:\n" + items("physics.g8.speed", 3),
			want: []string{`physics/g8.yaml:4: physics.g8.speed: 先修知识点 "math.g3.zz" 不存在`},
		},
		{
			name:  "prerequisite in a subject not loaded is a warning",
			file:  "subject: math\nknowledge_points:\n  - {id: math.g3.c, name: C, grade: 3, prerequisites: [physics.g8.force]}\nitems:\n" + items("math.g3.c", 3),
			want:  []string{`math/extra.yaml:3: 警告: math.g3.c: 先修知识点 "physics.g8.force" 属于学科 physics，本次没有载入该学科`},
			warns: 1,
		},
		{
			name: "cycle across subjects",
			file: "subject: math\nknowledge_points:\n  - {id: math.g3.c, name: C, grade: 3, prerequisites: [physics.g3.force]}\nitems:\n" + items("math.g3.c", 3),
			also: "@physics/g8.yaml\nsubject: physics\nname: 物理\nknowledge_points:\n  - {id: physics.g3.force, name: 力, grade: 3, prerequisites: [math.g3.c]}\nitems:\n" + items("physics.g3.force", 3),
			want: []string{"physics/g8.yaml:4: physics.g3.force: 先修关系成环：physics.g3.force -> math.g3.c -> physics.g3.force"},
		},
		{
			name: "item knowledge point missing",
			file: "subject: math\nitems:\n  - {id: math.g3.x.1, type: fill_number, stem: s, answer: \"1\", knowledge_points: [math.g3.nope]}\n",
			want: []string{`math/extra.yaml:3: math.g3.x.1: 知识点 "math.g3.nope" 不存在`},
		},
		{
			name: "item without knowledge points",
			file: "subject: math\nitems:\n  - id: math.g3.x.1\n    type: fill_number\n    stem: s\n    answer: \"1\"\n    knowledge_points: []\n",
			want: []string{"math/extra.yaml:7: math.g3.x.1: 没有知识点"},
		},
		{
			name: "chapter missing",
			file: "subject: math\nknowledge_points:\n  - id: math.g3.c\n    name: C\n    chapter: math.g3.ch9\nitems:\n" + items("math.g3.c", 3),
			want: []string{
				`math/extra.yaml:3: math.g3.c: 知识点没有年级`,
				`math/extra.yaml:5: math.g3.c: 章节 "math.g3.ch9" 不存在`,
			},
		},
		{
			name: "cycle",
			file: "subject: math\nknowledge_points:\n" +
				"  - {id: math.g3.c, name: C, grade: 3, prerequisites: [math.g3.b, math.g3.d]}\n" +
				"  - {id: math.g3.d, name: D, grade: 3, prerequisites: [math.g3.c]}\n" +
				"items:\n" + items("math.g3.c", 3) + items("math.g3.d", 3),
			want: []string{"math/extra.yaml:4: math.g3.d: 先修关系成环：math.g3.d -> math.g3.c -> math.g3.d"},
		},
		{
			name: "two cycles are both named",
			file: "subject: math\nknowledge_points:\n" +
				"  - {id: math.g3.c, name: C, grade: 3, prerequisites: [math.g3.d]}\n" +
				"  - {id: math.g3.d, name: D, grade: 3, prerequisites: [math.g3.c]}\n" +
				"  - {id: math.g3.e, name: E, grade: 3, prerequisites: [math.g3.e]}\n" +
				"items:\n" + items("math.g3.c", 3) + items("math.g3.d", 3) + items("math.g3.e", 3),
			want: []string{
				"math/extra.yaml:4: math.g3.d: 先修关系成环：math.g3.d -> math.g3.c -> math.g3.d",
				"math/extra.yaml:5: math.g3.e: 知识点把自己列为先修",
				"math/extra.yaml:5: math.g3.e: 先修关系成环：math.g3.e -> math.g3.e",
			},
		},
		{
			name:  "grade earlier than prerequisite warns",
			file:  "subject: math\nknowledge_points:\n  - {id: math.g2.c, name: C, grade: 2, prerequisites: [math.g3.b]}\nitems:\n" + items("math.g2.c", 3),
			want:  []string{"math/extra.yaml:3: 警告: math.g2.c: 年级 2 早于先修知识点 math.g3.b 的年级 3"},
			warns: 1,
		},
		{
			name: "too few items in maths",
			file: "subject: math\nknowledge_points:\n  - {id: math.g3.c, name: C, grade: 3}\nitems:\n" + items("math.g3.c", 2),
			want: []string{"math/extra.yaml:3: math.g3.c: 只有 2 道题（静态题 2、模板 0），至少需要 3 道"},
		},
		{
			name: "MinItems option",
			opts: ValidateOptions{MinItems: 4},
			want: []string{
				"math/base.yaml:6: math.g3.a: 只有 3 道题",
				"math/base.yaml:9: math.g3.b: 只有 3 道题",
			},
		},
		{
			name: "primary outline of another subject needs no items",
			file: "@chinese/outline.yaml\nsubject: chinese\nname: 语文\nchapters:\n  - {id: chinese.g3.ch1, grade: 3, name: 识字}\nknowledge_points:\n  - {id: chinese.g3.a, name: 识字, chapter: chinese.g3.ch1}\n",
		},
		{
			name: "middle-school point of another subject needs items",
			file: "@physics/g8.yaml\nsubject: physics\nname: 物理\nknowledge_points:\n  - {id: physics.g8.force, name: 力, grade: 8}\n",
			want: []string{"physics/g8.yaml:4: physics.g8.force: 只有 0 道题"},
		},
		{
			name: "itemised primary point of another subject needs items",
			file: "@english/g3.yaml\nsubject: english\nname: 英语\nknowledge_points:\n  - {id: english.g3.abc, name: 字母, grade: 3}\nitems:\n" +
				"  - {id: english.g3.abc.1, type: fill_text, stem: 写出 b 的大写, answer: B, knowledge_points: [english.g3.abc]}\n",
			want: []string{"english/g3.yaml:4: english.g3.abc: 只有 1 道题"},
		},
		{
			name: "empty names and stems",
			file: "subject: math\nchapters:\n  - {id: math.g3.ch2, grade: 3, name: \"\"}\nknowledge_points:\n  - {id: math.g3.c, name: \" \", grade: 3}\nitems:\n" +
				"  - {id: math.g3.c.9, type: fill_number, stem: \"\", answer: \"1\", knowledge_points: [math.g3.c]}\n" + items("math.g3.c", 3),
			want: []string{
				"math/extra.yaml:3: math.g3.ch2: 章节缺少 name",
				"math/extra.yaml:5: math.g3.c: 知识点缺少 name",
				"math/extra.yaml:7: math.g3.c.9: 题干为空",
			},
		},
		{
			name: "choice answer outside the options",
			file: "subject: math\nitems:\n  - {id: math.g3.a.9, type: single_choice, stem: 选一个, options: [\"1\", \"2\", \"3\", \"4\"], answer: E, knowledge_points: [math.g3.a]}\n",
			want: []string{`math/extra.yaml:3: math.g3.a.9: 答案 "E" 不在选项 A–D 中`},
		},
		{
			name: "choice with one option",
			file: "subject: math\nitems:\n  - {id: math.g3.a.9, type: single_choice, stem: 选一个, options: [\"1\"], answer: A, knowledge_points: [math.g3.a]}\n",
			want: []string{"math/extra.yaml:3: math.g3.a.9: 选择题至少要 2 个选项"},
		},
		{
			name: "options on a fill item",
			file: "subject: math\nitems:\n  - {id: math.g3.a.9, type: fill_number, stem: s, options: [\"1\", \"2\"], answer: \"1\", knowledge_points: [math.g3.a]}\n",
			want: []string{"math/extra.yaml:3: math.g3.a.9: fill_number 题不能有选项"},
		},
		{
			name: "unknown type",
			file: "subject: math\nitems:\n  - {id: math.g3.a.9, type: essay, stem: s, answer: x, knowledge_points: [math.g3.a]}\n",
			want: []string{`math/extra.yaml:3: math.g3.a.9: 题型 "essay" 无效`},
		},
		{
			name: "answer that does not parse",
			file: "subject: math\nitems:\n  - id: math.g3.a.9\n    type: fill_number\n    stem: s\n    answer: 三分之一\n    knowledge_points: [math.g3.a]\n",
			want: []string{"math/extra.yaml:6: math.g3.a.9: 答案检查失败"},
		},
		{
			name: "slip out of range",
			file: "subject: math\nitems:\n  - {id: math.g3.a.9, type: fill_number, stem: s, answer: \"1\", slip: 1.5, knowledge_points: [math.g3.a]}\n",
			want: []string{"math/extra.yaml:3: math.g3.a.9: slip = 1.5 不在 [0, 1) 之间"},
		},
		{
			name: "subject names disagree",
			file: "subject: math\nname: 算术\n",
			want: []string{`math/extra.yaml:1: math: 学科名称 "算术" 与其他文件的 "数学" 不一致`},
		},
		{
			name:  "id without subject prefix warns",
			file:  "subject: math\nknowledge_points:\n  - {id: g3.c, name: C, grade: 3}\nitems:\n" + items("g3.c", 3),
			want:  []string{`math/extra.yaml:3: 警告: g3.c: 知识点编号应以 "math." 开头`},
			warns: 1,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"math/base.yaml": baseMath}
			for _, f := range []string{tc.file, tc.also} {
				if f == "" {
					continue
				}
				name, data := "math/extra.yaml", f
				if rest, ok := strings.CutPrefix(f, "@"); ok {
					name, data, _ = strings.Cut(rest, "\n")
				}
				files[name] = data
			}
			got := withoutPending(mustLoad(t, files).Validate(tc.opts))
			if len(got) != len(tc.want) {
				t.Fatalf("got %d problems, want %d:\n%s", len(got), len(tc.want), join(got))
			}
			warns := 0
			for i, p := range got {
				if !strings.HasPrefix(p.String(), tc.want[i]) {
					t.Errorf("problem %d = %q, want prefix %q", i, p, tc.want[i])
				}
				if p.Warning {
					warns++
				}
			}
			if warns != tc.warns {
				t.Errorf("%d warnings, want %d", warns, tc.warns)
			}
		})
	}
}

func join(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// addTemplate generates "a+b" with the answer computed by add; Verify
// re-adds independently.
func addTemplate(id string, kps []string, add func(a, b int) int) Template {
	return Template{
		ID: id, KnowledgePoints: kps, Type: FillNumber,
		Generate: func(r *rand.Rand) Item {
			a, b := r.IntN(50), r.IntN(50)
			return Item{Stem: fmt.Sprintf("$%d+%d=$?", a, b), Answer: fmt.Sprint(add(a, b))}
		},
		Verify: func(it Item) error {
			var a, b, ans int
			if _, err := fmt.Sscanf(it.Stem, "$%d+%d=$?", &a, &b); err != nil {
				return err
			}
			if _, err := fmt.Sscan(it.Answer, &ans); err != nil || ans != a+b {
				return errors.New("sum is wrong")
			}
			return nil
		},
	}
}

func TestValidateTemplates(t *testing.T) {
	good := addTemplate("math.tpl.add", []string{"math.g3.c"}, func(a, b int) int { return a + b })
	wrongSometimes := addTemplate("math.tpl.bad", []string{"math.g3.a"}, func(a, b int) int {
		if a > 40 {
			return a + b + 1
		}
		return a + b
	})
	panics := Template{ID: "math.tpl.panic", KnowledgePoints: []string{"math.g3.a"}, Type: FillNumber,
		Generate: func(*rand.Rand) Item { panic("boom") }}
	dangling := addTemplate("math.tpl.dangling", []string{"math.g3.nope"}, func(a, b int) int { return a + b })
	foreign := addTemplate("physics.tpl.x", []string{"physics.g8.v"}, func(a, b int) int { return a + b })

	// math.g3.c has two static items; the good template makes it three.
	extra := "subject: math\nknowledge_points:\n  - {id: math.g3.c, name: C, grade: 3}\nitems:\n" + items("math.g3.c", 2)
	b := mustLoad(t, map[string]string{"math/base.yaml": baseMath, "math/extra.yaml": extra},
		LoadOptions{Templates: []Template{good, wrongSometimes, panics, dangling, foreign}, Instances: 60})

	got := withoutPending(b.Validate(ValidateOptions{}))
	want := []string{
		`(模板): math.tpl.bad: 60 个种子中有`,
		`(模板): math.tpl.dangling: 知识点 "math.g3.nope" 不存在`,
		`(模板): math.tpl.panic: 60 个种子中有 60 个生成的题目有误（如种子 1：template math.tpl.panic seed 1 panicked: boom）`,
	}
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(got), len(want), join(got))
	}
	for i := range want {
		if !strings.HasPrefix(got[i].String(), want[i]) {
			t.Errorf("problem %d = %q, want prefix %q", i, got[i], want[i])
		}
	}
	if n := b.ItemCount("math.g3.c"); n != 3 {
		t.Errorf("ItemCount(math.g3.c) = %d, want 3 (2 static + 1 template)", n)
	}
	if _, ok := b.Template("physics.tpl.x"); ok {
		t.Error("template of a subject that is not loaded was attached")
	}
}

// withoutPending drops the warnings about content still to write (points
// without items or worked examples), which TestValidatePending checks, so
// the other cases list only the problem they are about.
func withoutPending(ps []Problem) []Problem {
	var out []Problem
	for _, p := range ps {
		if !Pending(p) {
			out = append(out, p)
		}
	}
	return out
}

func TestValidatePending(t *testing.T) {
	withExample := strings.Replace(baseMath, "    chapter: math.g3.ch1\n  - id: math.g3.b",
		"    chapter: math.g3.ch1\n    example:\n      stem: 把一张纸平均分成 4 份，1 份是几分之几？\n      steps: [平均分成 4 份, '1 份是 $\\frac{1}{4}$']\n      answer: '$\\frac{1}{4}$'\n  - id: math.g3.b", 1)
	outline := "subject: physics\nname: 物理\nknowledge_points:\n  - {id: physics.g10.v, name: 速度, grade: 10}\n"
	got := mustLoad(t, map[string]string{"math/base.yaml": withExample, "physics/o.yaml": outline}).Validate(ValidateOptions{})
	want := []string{
		"math/base.yaml:13: 警告: math.g3.b: " + MsgNoExample,
		"physics/o.yaml:4: 警告: physics.g10.v: " + MsgNoItems,
		"physics/o.yaml:4: 警告: physics.g10.v: " + MsgNoExample,
	}
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(got), len(want), join(got))
	}
	for i := range want {
		if got[i].String() != want[i] {
			t.Errorf("problem %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestValidateExamplesFiguresAndStems(t *testing.T) {
	cases := []struct{ name, file, want string }{
		{"example without steps", "subject: math\nknowledge_points:\n  - {id: math.g3.c, name: C, grade: 3, example: {stem: 例, answer: \"1\"}}\nitems:\n" + items("math.g3.c", 3),
			"math/extra.yaml:3: math.g3.c: 例题的 steps（解题步骤）至少一步"},
		{"example without answer", "subject: math\nknowledge_points:\n  - {id: math.g3.c, name: C, grade: 3, example: {stem: 例, steps: [一步]}}\nitems:\n" + items("math.g3.c", 3),
			"math/extra.yaml:3: math.g3.c: 例题缺少 answer"},
		{"example figure that does not draw", "subject: math\nknowledge_points:\n  - {id: math.g3.c, name: C, grade: 3, example: {stem: 例, steps: [一步], answer: \"1\", figure: {kind: numberline, x: [3, 1]}}}\nitems:\n" + items("math.g3.c", 3),
			"math/extra.yaml:3: math.g3.c: 例题的图画不出来：x 要写成 [最小值, 最大值]"},
		{"item figure that does not draw", "subject: math\nitems:\n  - {id: math.g3.a.9, type: fill_number, stem: 读图, answer: \"2\", knowledge_points: [math.g3.a], figure: {kind: geometry, points: [{name: A, x: 0, y: 0}], segments: [AB]}}\n",
			`math/extra.yaml:3: math.g3.a.9: 图画不出来：线段 "AB" 要连接两个已定义的点`},
		{"duplicated stem", "subject: math\nitems:\n  - {id: math.g3.a.9, type: fill_number, stem: \"math.g3.a 第 1 题：$1+1=$\", answer: \"2\", knowledge_points: [math.g3.a]}\n",
			"math/extra.yaml:3: math.g3.a.9: 题干与 math/base.yaml:15 的题目相同"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := withoutPending(mustLoad(t, map[string]string{"math/base.yaml": baseMath, "math/extra.yaml": tc.file}).Validate(ValidateOptions{}))
			if len(got) != 1 || !strings.HasPrefix(got[0].String(), tc.want) {
				t.Fatalf("got:\n%swant one problem starting %q", join(got), tc.want)
			}
		})
	}
}
