package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/learn"
	"github.com/zhixi-org/zhixi/web"
)

const contentFixture = `subject: math
name: 数学
chapters:
  - {id: math.g3.ch1, grade: 3, name: 分数的初步认识}
  - {id: math.g4.ch1, grade: 4, name: 小数}
knowledge_points:
  - id: math.g3.frac
    name: 认识分数
    grade: 3
    chapter: math.g3.ch1
    explanation: 把一个整体平均分。
    example:
      stem: 数轴上 A 点表示几分之几？
      steps: [0 到 1 平均分成 4 份, A 在第 1 份的端点]
      answer: '$\frac{1}{4}$'
      figure: {kind: numberline, x: [0, 1], points: [{name: A, x: 0.25}]}
  - {id: math.g3.frac_add, name: 同分母分数加法, grade: 3, chapter: math.g3.ch1, prerequisites: [math.g3.frac]}
  - {id: math.g4.dec, name: 小数的意义, grade: 4, chapter: math.g4.ch1, prerequisites: [math.g3.frac]}
items:
  - id: math.g3.frac_add.1
    type: fill_number
    stem: '计算 $\frac{1}{4}+\frac{2}{4}$'
    answer: 3/4
    explanation: 分母不变，分子相加。
    knowledge_points: [math.g3.frac_add]
  - id: math.g3.frac.1
    type: single_choice
    stem: 把一个蛋糕平均分成 4 份，1 份是它的几分之几？
    options: ['1/4', '4', '1/3', '3/4']
    answer: A
    explanation: 平均分成 4 份，每份是 1/4。
    knowledge_points: [math.g3.frac]
    figure: {kind: geometry, points: [{name: P, x: 0, y: 0}, {name: Q, x: 2, y: 0}], segments: [PQ]}
  - id: math.g3.frac.2
    type: true_false
    stem: 把一张纸随便分成 3 份，每份是它的 $\frac{1}{3}$。
    answer: 错
    explanation: 必须平均分。
    knowledge_points: [math.g3.frac]
  - id: math.g4.dec.1
    type: fill_number
    stem: $\frac{3}{10}$ 写成小数是多少？
    answer: "0.3"
    explanation: 十分之几就是零点几。
    knowledge_points: [math.g4.dec]
`

func contentBank(t *testing.T) *curriculum.Bank {
	t.Helper()
	b, err := curriculum.Load(fstest.MapFS{"math/g3.yaml": {Data: []byte(contentFixture)}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestContentBrowser(t *testing.T) {
	w := newWorld(t, contentBank(t))
	admin := w.login("admin")
	tests := []struct {
		path, want string
		status     int
	}{
		{"/admin/content", "<td>3</td>", 200}, // knowledge points of 数学
		{"/admin/content", `href="/admin/content/math?grade=4"`, 200},
		{"/admin/content/math?grade=3", "<svg", 200},
		{"/admin/content/math?grade=3", "先修：", 200},
		{"/admin/content/math?grade=3", "数轴上 A 点表示几分之几", 200}, // the worked example
		{"/admin/content/math?grade=3", `<figure class="figure"><svg`, 200},
		{"/admin/content/math?grade=3", "还没有例题", 200}, // frac_add has none
		{"/admin/content", "覆盖情况", 200},
		{"/admin/content", "点 2<br>题 3<br>例 1<br>校准 0%", 200},     // 数学 × 三年级
		{"/admin/content/items/math.g3.frac.1", `>Q</text>`, 200}, // the item's figure
		{"/admin/content/math?grade=4", "认识分数", 200},              // the faded prerequisite from grade 3
		{"/admin/content/math?grade=13", "年级应为", 400},
		{"/admin/content/physics", "找不到", 404},
		{"/admin/content/items?q=蛋糕", "math.g3.frac.1", 200},
		{"/admin/content/items?q=nothing-like-this", "没有找到", 200},
		{"/admin/content/items/math.g3.frac.1", `type="radio" name="answer" value="D"`, 200},
		{"/admin/content/items/math.g3.nope", "找不到", 404},
	}
	for _, tt := range tests {
		resp, body := w.do(admin, "GET", tt.path, nil)
		if tt.status != 0 && resp.StatusCode != tt.status || !strings.Contains(body, tt.want) {
			t.Errorf("GET %s: %d, want %d containing %q", tt.path, resp.StatusCode, tt.status, tt.want)
		}
	}
	// Trying an answer runs the real checker: 0.75 equals 3/4.
	resp, body := w.postForm(admin, "/admin/content/items/math.g3.frac_add.1", url.Values{"answer": {"0.75"}})
	if resp.StatusCode != 200 || !strings.Contains(body, "回答正确") {
		t.Fatalf("preview answer 0.75: %d %.300s", resp.StatusCode, body)
	}
	_, body = w.postForm(admin, "/admin/content/items/math.g3.frac_add.1", url.Values{"answer": {"3/5"}})
	if !strings.Contains(body, "回答不正确") {
		t.Fatal("preview answer 3/5 judged correct")
	}
	// The nightly item calibration shows on the item page, with a flag
	// when the answers suggest a wrong key.
	if _, body := w.do(admin, "GET", "/admin/content/items/math.g3.frac.1", nil); !strings.Contains(body, "还没有这道题的作答数据") {
		t.Errorf("item page before any fit: %.300s", body)
	}
	cal := `[{"item":"math.g3.frac.1","slip":0.62,"guess":0.3,"answers":40,"correct":13,"suspect":true}]`
	if err := w.db.SaveModel(context.Background(), learn.ModelItemParams, []byte(cal), time.Now()); err != nil {
		t.Fatal(err)
	}
	_, body = w.do(admin, "GET", "/admin/content/items/math.g3.frac.1", nil)
	for _, want := range []string{"共 40 次作答，其中答对 13 次", "估计失误率（掌握了却答错）0.62", "猜对率（没掌握却答对）0.30", "请检查答案是否有误"} {
		if !strings.Contains(body, want) {
			t.Errorf("item page with calibration lacks %q", want)
		}
	}
	// The item's responses as students typed them, most frequent first.
	ming := w.student("王小明")
	if _, err := learn.SyncContent(context.Background(), w.db, contentBank(t), time.Now()); err != nil {
		t.Fatal(err)
	}
	ps := &zhixi.PracticeState{StudentID: ming.ID, Subject: "math", State: []byte("{}")}
	for i, resp := range []string{"3/4", "3/4", "0.75"} {
		a := zhixi.Attempt{StudentID: ming.ID, ItemID: "math.g3.frac.1", ItemVersion: 1, KnowledgePoints: []string{"math.g3.frac"},
			Response: resp, Source: "practice", At: time.Now().Add(time.Duration(i) * time.Second)}
		if err := w.db.SavePractice(context.Background(), &zhixi.PracticeChange{State: ps, Attempt: &a}); err != nil {
			t.Fatal(err)
		}
	}
	_, body = w.do(admin, "GET", "/admin/content/items/math.g3.frac.1", nil)
	for _, want := range []string{"学生的作答（共 3 次", "<td><code>3/4</code></td><td>错</td><td>2</td>", "<td><code>0.75</code></td><td>错</td><td>1</td>"} {
		if !strings.Contains(body, want) {
			t.Errorf("item page lacks %q", want)
		}
	}
	// Only company admins browse content.
	if resp, _ := w.do(w.login("minhe"), "GET", "/admin/content", nil); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("staff on the content browser: %d, want 403", resp.StatusCode)
	}
}

func TestShortenKeepsMathWhole(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"短题干", 10, "短题干"},
		{"一二三四五六七八九十", 5, "一二三四…"},
		{`计算 $\frac{1}{4}+\frac{2}{4}$ 的值`, 6, `计算 $\frac{1}{4}+\frac{2}{4}$…`},
		{"a  b\n c", 10, "a b c"},
		{"$x+1", 2, "$x+1"},
	}
	for _, tt := range tests {
		if got := web.Shorten(tt.in, tt.n); got != tt.want {
			t.Errorf("shorten(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

// TestContentCrossSubjectPrerequisite: a physics point resting on a maths
// point lists it with the subject's name and a link into the maths pages,
// and draws it as a grey box in the grade's graph.
func TestContentCrossSubjectPrerequisite(t *testing.T) {
	phys := "subject: physics\nname: 物理\nknowledge_points:\n" +
		"  - {id: physics.g8.speed, name: 速度, grade: 8, prerequisites: [math.g3.frac], explanation: 路程与时间之比。}\n" +
		"items:\n" +
		"  - {id: physics.g8.speed.1, type: fill_number, stem: '10 s 走 50 m，速度是多少 m/s？', answer: '5', knowledge_points: [physics.g8.speed]}\n"
	b, err := curriculum.Load(fstest.MapFS{"math/g3.yaml": {Data: []byte(contentFixture)}, "physics/g8.yaml": {Data: []byte(phys)}})
	if err != nil {
		t.Fatal(err)
	}
	w := newWorld(t, b)
	admin := w.login("admin")
	resp, body := w.do(admin, "GET", "/admin/content/physics?grade=8", nil)
	for _, want := range []string{`href="/admin/content/math?grade=3#math.g3.frac">数学·认识分数</a>`, "数学·认识分数</text>"} {
		if resp.StatusCode != 200 || !strings.Contains(body, want) {
			t.Errorf("GET /admin/content/physics?grade=8: %d, want %q in the page", resp.StatusCode, want)
		}
	}
}
