package xlsxio

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/xuri/excelize/v2"

	"github.com/zhixi-org/zhixi/curriculum"
)

// fixture uses every column: outline lines, grade from chapter, several
// prerequisites, all item types, check rules and calibrated parameters.
const fixture = `subject: math
name: 数学
chapters:
  - id: math.g3.ch6
    grade: 3
    name: 分数的初步认识
    outline: [几分之一, "几分之几, 同分母比较"]
  - {id: math.g3.ch7, grade: 3, name: 集合}
knowledge_points:
  - id: math.g3.frac_intro
    name: 认识分数
    chapter: math.g3.ch6
    explanation: 把一个整体平均分成几份，表示其中一份或几份的数。
    example:
      stem: 把一条绳子平均分成 3 段，每段是全长的几分之几？
      steps: [平均分成 3 段, "每段是全长的 $\\frac{1}{3}$"]
      answer: $\frac{1}{3}$
      figure: {kind: numberline, x: [0, 1], points: [{name: 一段, x: 0.3}]}
  - id: math.g3.frac_compare
    name: 同分母分数比较
    grade: 3
    chapter: math.g3.ch6
    prerequisites: [math.g3.frac_intro]
  - id: math.g3.frac_add
    name: 同分母分数加减
    grade: 3
    prerequisites: [math.g3.frac_intro, math.g3.frac_compare]
items:
  - id: math.g3.frac_intro.1
    type: single_choice
    stem: 把一个蛋糕平均分成 4 份，1 份是它的几分之几？
    options: ["$\\frac{1}{2}$", "$\\frac{1}{3}$", "$\\frac{1}{4}$", "$\\frac{4}{1}$"]
    answer: C
    explanation: 平均分成 4 份，每份是 $\frac{1}{4}$。
    difficulty: -0.5
    slip: 0.1
    guess: 0.25
    knowledge_points: [math.g3.frac_intro]
  - id: math.g3.frac_intro.2
    type: multiple_choice
    stem: 哪些是分数？
    options: ["$\\frac{1}{2}$", "3", "$\\frac{2}{5}$"]
    answer: AC
    knowledge_points: [math.g3.frac_intro]
  - id: math.g3.frac_intro.3
    type: true_false
    stem: $\frac{1}{3}$ 比 $\frac{1}{2}$ 大。
    answer: 错
    figure: {kind: geometry, points: [{name: A, x: 0, y: 0}, {name: B, x: 4, y: 0}, {name: C, x: 0, y: 3}], segments: [AB, BC, CA], caption: 图 1}
    knowledge_points: [math.g3.frac_intro, math.g3.frac_compare]
  - id: math.g3.frac_add.1
    type: fill_number
    stem: $\frac{1}{5}+\frac{2}{5}=$?
    answer: 3/5
    check: {tolerance: "0.01", percent: true, synonyms: ["0.6", "60%"]}
    knowledge_points: [math.g3.frac_add]
  - id: math.g3.frac_add.2
    type: fill_expression
    stem: 化简 $a+a$
    answer: 2a
    knowledge_points: [math.g3.frac_add]
  - id: math.g3.frac_add.3
    type: fill_text
    stem: 分数线上面的数叫什么？
    answer: 分子
    image: img/frac.png
    knowledge_points: [math.g3.frac_add]
`

func loadFixture(t *testing.T) *curriculum.Bank {
	t.Helper()
	b, err := curriculum.Load(fstest.MapFS{"math/f.yaml": {Data: []byte(fixture)}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRoundTrip(t *testing.T) {
	orig := loadFixture(t).Subject("math")
	var buf bytes.Buffer
	if err := Write(&buf, orig); err != nil {
		t.Fatal(err)
	}
	frags, probs, err := Read(&buf)
	if err != nil || len(probs) > 0 {
		t.Fatalf("Read: %v %v", err, probs)
	}
	b := curriculum.NewBank(frags, curriculum.LoadOptions{})
	if got := b.Subject("math"); !reflect.DeepEqual(got, orig) {
		t.Errorf("round trip changed the subject:\n got %+v\nwant %+v", got, orig)
	}
	for _, p := range b.Validate(curriculum.ValidateOptions{MinItems: 1}) {
		if !p.Warning {
			t.Errorf("round-tripped content has problem %s", p)
		}
	}
}

func TestTemplateIsBlankWithHeaders(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTemplate(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := f.GetSheetList(), []string{SheetGuide, SheetChapters, SheetPoints, SheetItems}; !reflect.DeepEqual(got, want) {
		t.Errorf("sheets = %v, want %v", got, want)
	}
	rows, _ := f.GetRows(SheetItems)
	if len(rows) != 1 || rows[0][0] != "编号" || !strings.Contains(strings.Join(rows[0], ","), "选项A,选项B") {
		t.Errorf("题目 sheet = %v", rows)
	}
	// Filling in nothing is reported as a missing subject, not imported.
	_, probs, err := Read(bytes.NewReader(buf.Bytes()))
	if err != nil || len(probs) != 1 || probs[0].String() != "说明!行1: 学科编号为空；在 说明 表 B1 填写学科编号，如 math" {
		t.Errorf("Read(blank template) = %v, %v", probs, err)
	}
}

// setCells writes cells of a workbook produced by Write.
func setCells(t *testing.T, src []byte, cells map[string]any) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	for ref, v := range cells {
		sheet, cell, _ := strings.Cut(ref, "!")
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestReadReportsOneMessagePerBadRow(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, loadFixture(t).Subject("math")); err != nil {
		t.Fatal(err)
	}
	// 知识点: A 编号 B 名称 C 年级; 题目: A 编号 C 题型 D 题干 E-L 选项A-H.
	bad := setCells(t, buf.Bytes(), map[string]any{
		"知识点!C3": "三",  // grade not a number
		"题目!C2":  "作文", // unknown type
		"题目!F3":  "",   // 选项B emptied while 选项C stays: a gap
		"题目!D4":  "",   // empty stem ...
		"题目!A4":  "",   // ... and empty id: one message for both
		"题目!A10": "math.g3.x.1",
		"章节!B3":  "13",
	})
	frags, probs, err := Read(bytes.NewReader(bad))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`章节!行3: math.g3.ch7: 年级 "13" 不是 1–12 的整数；填写年级数字，如七年级填 7`,
		`知识点!行3: math.g3.frac_compare: 年级 "三" 不是 1–12 的整数；填写年级数字，如七年级填 7`,
		`题目!行2: math.g3.frac_intro.1: 题型 "作文" 不是题型；填写 单选、多选、判断、填数、填式、填空 之一`,
		`题目!行3: math.g3.frac_intro.2: 选项C 有内容但选项B 为空；选项要从 A 起连续填写`,
		`题目!行4: 编号为空，请填写；题干为空，请填写`,
		`题目!行10: math.g3.x.1: 知识点为空，请填写；题型为空，请填写；题干为空，请填写；答案为空，请填写`,
	}
	var got []string
	for _, p := range probs {
		got = append(got, p.String())
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(frags) != 4 || len(frags[3].Subject.Items) != 3 {
		t.Errorf("good rows: %d fragments, items %d", len(frags), len(frags[3].Subject.Items))
	}
}

func TestReadRejectsUnknownHeaderAndNonWorkbook(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, loadFixture(t).Subject("math")); err != nil {
		t.Fatal(err)
	}
	bad := setCells(t, buf.Bytes(), map[string]any{"知识点!H1": "备注2"})
	_, probs, err := Read(bytes.NewReader(bad))
	if err != nil || len(probs) != 1 || !strings.HasPrefix(probs[0].String(), `知识点!行1: 表头 "备注2" 无法识别`) {
		t.Errorf("Read = %v, %v", probs, err)
	}
	if _, _, err := Read(strings.NewReader("subject: math\n")); err == nil {
		t.Error("Read of a YAML file succeeded")
	}
}

func TestOnePerRow(t *testing.T) {
	ps := []curriculum.Problem{
		{File: "题目", Line: 7, ID: "a", Msg: "x"},
		{File: "题目", Line: 7, ID: "a", Msg: "y", Warning: true},
		{File: "题目", Line: 8, ID: "b", Msg: "z", Warning: true},
	}
	got := OnePerRow(ps)
	want := []curriculum.Problem{{File: "题目", Line: 7, ID: "a", Msg: "x；y"}, {File: "题目", Line: 8, ID: "b", Msg: "z", Warning: true}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("OnePerRow = %v, want %v", got, want)
	}
}

// FuzzRead: any bytes give fragments, problems or an error, never a panic.
func FuzzRead(f *testing.F) {
	var buf bytes.Buffer
	if err := WriteTemplate(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		frags, probs, err := Read(bytes.NewReader(data))
		if err == nil && frags == nil && len(probs) == 0 {
			t.Fatal("no fragments, problems or error")
		}
	})
}
