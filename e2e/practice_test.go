package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/demo"
	"github.com/zhixi-org/zhixi/learn"
	"github.com/zhixi-org/zhixi/screening"
)

// practiceGaps are the two 四年级 maths points issue 12's student had
// missing.
var practiceGaps = []string{"math.g4.rewrite_round", "math.g4.decimal_unit_convert"}

// testPracticeFollowsScreening: a 四年级 student knows everything up to
// their grade except two 四年级 points (and what builds on them). After
// the screening, practice on a room tablet teaches one of the gaps the
// screening found first (its 解读 and 例题, then 我看懂了，开始练习), asks
// items on the gaps, and never a point above 四年级 while they are open.
func (a *app) testPracticeFollowsScreening(t *testing.T) {
	ctx := context.Background()
	minhe := a.community(t, "民和社区")
	guardian, err := a.db.UserByUsername(ctx, "wang_jz")
	if err != nil {
		t.Fatal(err)
	}
	sup, err := a.db.UserByUsername(ctx, "duxue")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	kid := &zhixi.Student{CommunityID: minhe.ID, Name: "林小满", Grade: 4, BirthMonth: time.Date(2016, 9, 1, 0, 0, 0, 0, time.UTC), CreatedAt: now}
	if err := a.db.CreateStudent(ctx, kid); err != nil {
		t.Fatal(err)
	}
	if err := a.db.LinkGuardian(ctx, kid.ID, guardian.ID, "母亲"); err != nil {
		t.Fatal(err)
	}
	if err := a.db.RecordConsent(ctx, kid.ID, guardian.ID, now); err != nil {
		t.Fatal(err)
	}

	// What the student does not know: the gaps and every point after them.
	g, err := a.bank.Graph("math")
	if err != nil {
		t.Fatal(err)
	}
	unknown := map[string]bool{}
	for _, id := range practiceGaps {
		k, ok := g.Index(id)
		if !ok {
			t.Fatalf("maths has no point %s", id)
		}
		unknown[id] = true
		for j := range g.Len() {
			if slices.Contains(g.Ancestors(j), k) {
				unknown[g.Node(j).ID] = true
			}
		}
	}
	// A fixed clock, one second a step (in the past, so the practice the
	// server runs on its own clock comes after): the screening's seed
	// comes from the clock, so the screening is the same every run.
	clock := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	svc := learn.NewService(a.db, a.bank, func() time.Time { clock = clock.Add(time.Second); return clock })
	v, err := svc.StartScreening(ctx, sup, kid.ID, "math")
	for err == nil && v.Question != nil {
		in := learn.AnswerInput{Version: v.Version, Item: v.Question.ItemID, Skip: true}
		if it, ok := a.bank.Item(v.Question.ItemID); ok && !slices.ContainsFunc(it.KnowledgePoints, func(id string) bool { return unknown[id] }) {
			in.Skip, in.Response = false, it.Answer
		}
		v, err = svc.Answer(ctx, sup, v.ID, in)
	}
	if err != nil {
		t.Fatalf("林小满's screening: %v", err)
	}
	// The gaps the screening found in the student's own grade.
	found := map[string]string{} // name -> id
	for _, p := range v.Result.KnowledgePoints {
		if p.State == screening.NotMastered && a.bank.Grade(p.ID) == 4 && slices.Contains(v.Result.ReadyToLearn, p.ID) {
			found[p.Name] = p.ID
		}
	}
	if len(found) == 0 {
		t.Fatalf("the screening (%d questions) found no 四年级 gap ready to learn: ready %v, root causes %+v",
			v.Result.Questions, v.Result.ReadyToLearn, v.Result.RootCauses)
	}
	t.Logf("screening: %d questions; 四年级 gaps found: %v", v.Result.Questions, found)
	above := map[string]bool{} // names of points above 四年级
	for k := range g.Len() {
		if id := g.Node(k).ID; a.bank.Grade(id) > 4 {
			above[g.Node(k).Name] = true
		}
	}

	tb := a.tab(t)
	tb.tablet()
	tb.login("duxue", demo.Password)
	tb.open(fmt.Sprintf("/students/%d/practice/math", kid.ID))
	tb.submit("开始练习")
	first := strings.TrimPrefix(eval[string](tb, `(document.querySelector("#teach h2")||{innerText:""}).innerText`), "先学一学：")
	if _, ok := found[first]; !ok {
		t.Fatalf("practice first teaches %q, want one of the gaps the screening found %v:\n%s", first, keys(found), tb.text())
	}
	tb.wantText("知识点解读", "例题", "我看懂了，开始练习")
	tb.screenshot("practice-teach")
	tb.submit("我看懂了，开始练习")
	tb.wantText(first + " · 学习路径")
	tb.screenshot("practice-first-item")

	// "不会" a few times: items stay on the gaps (or a prerequisite a
	// redirect re-opens), never above 四年级.
	var asked []string
	for range 6 {
		if tb.buttons("我看懂了，开始练习") == 1 {
			tb.submit("我看懂了，开始练习")
		}
		if tb.buttons("不会") != 1 {
			break
		}
		point := eval[string](tb, `document.querySelector(".student-view p.small").innerText.split(" · ")[0]`)
		asked = append(asked, point)
		if above[point] {
			t.Fatalf("practice asked %q, a point above 四年级, while the grade's gaps are open (asked %v)", point, asked)
		}
		tb.submit("不会")
		tb.follow("下一题")
	}
	t.Logf("points asked: %v", asked)
	if len(asked) < 3 {
		t.Fatalf("practice stopped after %v:\n%s", asked, tb.text())
	}
	onGaps := 0
	for _, p := range asked {
		if _, ok := found[p]; ok {
			onGaps++
		}
	}
	if onGaps < 2 {
		t.Errorf("only %d of the first items were on the screening's gaps %v: %v", onGaps, keys(found), asked)
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
