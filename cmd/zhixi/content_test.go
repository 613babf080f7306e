package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/zhixi-org/zhixi/content"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/curriculum/xlsxio"
	"github.com/zhixi-org/zhixi/store"
)

// runContentCmd runs "zhixi content ARGS" in-process.
func runContentCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var o, e bytes.Buffer
	env := &env{stdin: strings.NewReader(""), stdout: &o, stderr: &e, getenv: func(string) string { return "" }}
	err = run(context.Background(), env, append([]string{"content"}, args...))
	return o.String(), e.String(), err
}

// physics is a valid subject outside maths, so the maths templates the
// command attaches are ignored: two grade-8 points, three items each.
const physics = `subject: physics
name: 物理
chapters:
  - {id: physics.g8.ch1, grade: 8, name: 运动}
knowledge_points:
  - {id: physics.g8.speed, name: 速度, chapter: physics.g8.ch1,
     example: {stem: 小明 5 秒跑了 30 米，速度是多少？, steps: [速度 = 路程 ÷ 时间, 30 ÷ 5 = 6], answer: 6 m/s}}
  - {id: physics.g8.avg_speed, name: 平均速度, chapter: physics.g8.ch1, prerequisites: [physics.g8.speed],
     example: {stem: 前 1 秒走 1 米，后 1 秒走 3 米，平均速度？, steps: [总路程 4 米，总时间 2 秒, 4 ÷ 2 = 2], answer: 2 m/s}}
items:
  - {id: physics.g8.speed.1, type: fill_number, stem: 10 秒走 20 米，速度是多少米每秒？, answer: "2", knowledge_points: [physics.g8.speed]}
  - {id: physics.g8.speed.2, type: single_choice, stem: 速度的单位是, options: [m/s, kg, N, J], answer: A, knowledge_points: [physics.g8.speed]}
  - {id: physics.g8.speed.3, type: true_false, stem: 速度越大，物体运动越快。, answer: 对, knowledge_points: [physics.g8.speed]}
  - {id: physics.g8.avg_speed.1, type: fill_number, stem: 前 2 秒走 4 米，后 2 秒走 8 米，平均速度是多少米每秒？, answer: "3", knowledge_points: [physics.g8.avg_speed]}
  - {id: physics.g8.avg_speed.2, type: multiple_choice, stem: 计算平均速度要用, options: [总路程, 总时间, 最大速度], answer: AB, knowledge_points: [physics.g8.avg_speed]}
  - {id: physics.g8.avg_speed.3, type: fill_text, stem: 平均速度等于总路程除以总什么？, answer: 时间, knowledge_points: [physics.g8.avg_speed]}
`

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestContentCheckDir(t *testing.T) {
	good := writeTree(t, map[string]string{"physics/g8.yaml": physics})
	out, _, err := runContentCmd(t, "check", good)
	if err != nil {
		t.Fatalf("check of valid content: %v\n%s", err, out)
	}
	for _, want := range []string{"学科", "physics 物理", "合计", ": 0 个错误，0 个警告"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// physics: 2 KPs, 0/2/0 by stage, 1 chapter, 6 items, 0 templates, 2 covered, 1 edge.
	if !strings.Contains(out, "2     0     2     0     1       6     0     2       1") {
		t.Errorf("table row wrong:\n%s", out)
	}

	bad := writeTree(t, map[string]string{
		"physics/g8.yaml": physics,
		"physics/more.yaml": "subject: physics\nknowledge_points:\n  - {id: physics.g8.force, name: 力, grade: 8, prerequisites: [physics.g8.mass]}\n" +
			"items:\n  - {id: physics.g8.speed.1, type: fill_number, stem: s, answer: \"1\", knowledge_points: [physics.g8.speed]}\n",
	})
	out, _, err = runContentCmd(t, "check", bad, "--min-items", "1")
	if err == nil {
		t.Fatalf("check of bad content succeeded:\n%s", out)
	}
	for _, want := range []string{
		`physics/more.yaml:3: physics.g8.force: 先修知识点 "physics.g8.mass" 不存在`,
		"physics/more.yaml:3: physics.g8.force: 只有 0 道题（静态题 0、模板 0），至少需要 1 道",
		"physics/more.yaml:3: 警告: physics.g8.force: 还没有例题（example）",
		"physics/more.yaml:5: physics.g8.speed.1: 题目编号重复，首次定义在 physics/g8.yaml:11",
		"没有题目的知识点 0 个，没有例题的知识点 1 个",
		": 3 个错误，1 个警告",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	// stats --json prints exactly one JSON object of the documented shape.
	out, _, err = runContentCmd(t, "stats", good, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var stats struct {
		Subjects []struct {
			Subject, Name string
			Grades        []int
			PerGrade      map[string]struct {
				KnowledgePoints int `json:"knowledge_points"`
				Items           int `json:"items"`
			} `json:"per_grade"`
		}
	}
	dec := json.NewDecoder(strings.NewReader(out))
	if err := dec.Decode(&stats); err != nil || dec.More() {
		t.Fatalf("stats --json is not one JSON object (%v):\n%s", err, out)
	}
	for _, key := range []string{`"knowledge_points":2`, `"items":6`, `"templates":0`, `"worked_examples":2`} {
		if !strings.Contains(out, key) {
			t.Errorf("stats lacks %s:\n%s", key, out)
		}
	}
	if len(stats.Subjects) != 1 || stats.Subjects[0].Name != "物理" || !slices.Equal(stats.Subjects[0].Grades, []int{8}) ||
		stats.Subjects[0].PerGrade["8"].KnowledgePoints != 2 || stats.Subjects[0].PerGrade["8"].Items != 6 {
		t.Errorf("stats = %+v", stats)
	}

	undecodable := writeTree(t, map[string]string{"physics/g8.yaml": "subject: physics\nnmae: 物理\n"})
	out, _, err = runContentCmd(t, "check", undecodable)
	if err == nil || !strings.Contains(out, `physics/g8.yaml:2: 未知的键 "nmae"`) {
		t.Errorf("check of undecodable file: err %v, output:\n%s", err, out)
	}
}

// TestContentCheckEmbedded runs the real check; whether the shipped
// content is complete is content/content_test.go's business, here the
// report must cover every subject directory.
func TestContentCheckEmbedded(t *testing.T) {
	out, _, _ := runContentCmd(t, "check")
	dirs, err := fs.Glob(content.FS, "*")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if !strings.Contains(out, "\n"+d+" ") {
			t.Errorf("no table row for subject %s:\n%s", d, out)
		}
	}
	if !strings.Contains(out, "合计") || !strings.Contains(out, "embedded content: ") {
		t.Errorf("no totals:\n%s", out)
	}
}

func openTestDB(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func physicsWorkbook(t *testing.T, cells map[string]string) string {
	t.Helper()
	b, err := curriculum.Load(os.DirFS(writeTree(t, map[string]string{"physics/g8.yaml": physics})))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := xlsxio.Write(&buf, b.Subject("physics")); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for ref, v := range cells {
		sheet, cell, _ := strings.Cut(ref, "!")
		if err := f.SetCellStr(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "physics.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestContentImportRejectsBadWorkbook(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "z.db")
	cases := []struct {
		name  string
		cells map[string]string
		want  []string // the whole output, one line per bad row
	}{
		{
			name: "rows that do not parse",
			cells: map[string]string{
				"知识点!C2": "八年级",
				"题目!C4":  "问答",
				"题目!D5":  "", "题目!B5": "",
			},
			want: []string{
				`知识点!行2: physics.g8.speed: 年级 "八年级" 不是 1–12 的整数；填写年级数字，如七年级填 7`,
				`题目!行4: physics.g8.speed.3: 题型 "问答" 不是题型；填写 单选、多选、判断、填数、填式、填空 之一`,
				`题目!行5: physics.g8.avg_speed.1: 知识点为空，请填写；题干为空，请填写`,
			},
		},
		{
			name: "rows that parse but are wrong",
			cells: map[string]string{
				"题目!M3":  "E",                                 // answer outside A-D
				"知识点!E3": "physics.g8.speed, physics.g8.mass", // dangling prerequisite
				"题目!B2":  "physics.g8.speed, physics.g8.nope", // dangling knowledge point ...
				"题目!M2":  "两",                                 // ... and no number: one line
			},
			want: []string{
				`知识点!行3: physics.g8.avg_speed: 先修知识点 "physics.g8.mass" 不存在；检查拼写或先定义它`,
				`题目!行2: physics.g8.speed.1: 知识点 "physics.g8.nope" 不存在；检查拼写或先定义它；答案检查失败：`,
				`题目!行3: physics.g8.speed.2: 答案 "E" 不在选项 A–D 中；改成 A–D 中的字母或补上选项`,
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, _, err := runContentCmd(t, "import", physicsWorkbook(t, tc.cells), "--db", dsn)
			if err == nil || !strings.Contains(err.Error(), "nothing was imported") {
				t.Errorf("import error = %v", err)
			}
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(lines) != len(tc.want) {
				t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(tc.want), out)
			}
			for i := range lines {
				if !strings.HasPrefix(lines[i], tc.want[i]) {
					t.Errorf("line %d = %q\nwant prefix %q", i, lines[i], tc.want[i])
				}
			}
		})
	}
	ids, err := openTestDB(t, dsn).SubjectIDs(context.Background())
	if err != nil || len(ids) != 0 {
		t.Errorf("store has subjects %v after rejected imports (err %v)", ids, err)
	}
}

// canon compares subjects by their JSON form, so nil and empty lists
// count as the same.
func canon(t *testing.T, s *curriculum.Subject) string {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	b, _ = json.MarshalIndent(v, "", " ")
	return string(b)
}

func TestContentImportExportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "z.db")
	src := filepath.Join(writeTree(t, map[string]string{"physics/g8.yaml": physics}), "physics", "g8.yaml")

	out, _, err := runContentCmd(t, "import", src, "--db", dsn)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	if want := "physics: 知识点 新增 2、修改 0；题目 新增 6、修改 0、未变 0\n"; out != want {
		t.Errorf("first import printed %q, want %q", out, want)
	}
	out, _, err = runContentCmd(t, "import", "--db", dsn, src)
	if err != nil || out != "physics: 知识点 新增 0、修改 0；题目 新增 0、修改 0、未变 6\n" {
		t.Errorf("re-import: %v %q", err, out)
	}

	want, err := curriculum.ReadFragment("g8.yaml", []byte(physics))
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"json", "yaml", "xlsx"} {
		file := filepath.Join(dir, "physics."+format)
		if _, stderr, err := runContentCmd(t, "export", "--subject", "physics", "--db", dsn, "--out", file); err != nil {
			t.Fatalf("export %s: %v %s", format, err, stderr)
		}
		// The exported file imports into the database without a change ...
		out, _, err := runContentCmd(t, "import", file, "--db", dsn)
		if err != nil || !strings.Contains(out, "题目 新增 0、修改 0、未变 6") {
			t.Errorf("re-import of %s export: %v %q", format, err, out)
		}
		// ... and holds the subject as written.
		bank, probs, err := readImport(file)
		if err != nil || len(probs) > 0 {
			t.Fatalf("read %s export: %v %v", format, err, probs)
		}
		if got := canon(t, bank.Subject("physics")); got != canon(t, &want.Subject) {
			t.Errorf("%s export differs:\n%s\nwant\n%s", format, got, canon(t, &want.Subject))
		}
	}
}

func TestContentExportEmbedded(t *testing.T) {
	bank, err := curriculum.Load(content.FS)
	if err != nil {
		t.Skipf("embedded content does not load yet: %v", err)
	}
	id := bank.SubjectIDs()[0]
	out, _, err := runContentCmd(t, "export", "--subject", id, "--format", "yaml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := curriculum.ReadFragment(id+".yaml", []byte(out))
	if err != nil {
		t.Fatalf("exported YAML does not read back: %v", err)
	}
	if !reflect.DeepEqual(&f.Subject, bank.Subject(id)) {
		t.Error("exported YAML differs from the embedded subject")
	}
	if _, _, err := runContentCmd(t, "export", "--subject", "nosuch"); err == nil {
		t.Error("export of an unknown subject succeeded")
	}
	if _, _, err := runContentCmd(t, "export", "--subject", id, "--format", "xlsx"); err == nil {
		t.Error("xlsx export to standard output succeeded")
	}
}

func TestContentTemplate(t *testing.T) {
	file := filepath.Join(t.TempDir(), "blank.xlsx")
	if _, _, err := runContentCmd(t, "template", "--out", file); err != nil {
		t.Fatal(err)
	}
	out, _, err := runContentCmd(t, "import", file, "--db", "sqlite:"+filepath.Join(t.TempDir(), "z.db"))
	if err == nil || out != "说明!行1: 学科编号为空；在 说明 表 B1 填写学科编号，如 math\n" {
		t.Errorf("import of the blank template: %v %q", err, out)
	}
}

func TestContentUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"frobnicate"}, {"import"}, {"export"}, {"template"}, {"check", "a", "b"}} {
		if _, _, err := runContentCmd(t, args...); err != errUsage {
			t.Errorf("content %v: err %v, want usage error", args, err)
		}
	}
	if _, _, err := runContentCmd(t, "import", "notes.txt"); err == nil || !strings.Contains(err.Error(), "unknown file type") {
		t.Errorf("import of a .txt file: %v", err)
	}
}
