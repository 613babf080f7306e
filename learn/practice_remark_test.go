package learn_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi/learn"
	"github.com/zhixi-org/zhixi/practice"
	"github.com/zhixi-org/zhixi/screening"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

// TestNewerScreeningRemarksPath: practice follows the path of the
// student's latest finished screening. A 四年级 student's first screening
// finds 大数的改写与近似数 missing and practice starts on it; a second
// screening (a policy giving one more) finds it known and 用小数表示单位换算
// missing. The next practice step re-marks the path from the second
// screening (recorded in the state row): the question pending from the
// old path is replaced by one on the new gap. Both databases.
func TestNewerScreeningRemarksPath(t *testing.T) {
	bank := shippedBank(t)
	g, err := bank.Graph("math")
	if err != nil {
		t.Fatal(err)
	}
	const first, second = "math.g4.rewrite_round", "math.g4.decimal_unit_convert"
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db, bank)
		clock := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		now := func() time.Time { clock = clock.Add(time.Second); return clock }
		st := w.child(t, "小林", 4, now())
		svc := learn.NewService(db, bank, now)

		// screen answers as a student missing gap (and what needs it) would;
		// it returns the screening's id and the gaps of the grade it found
		// ready to learn.
		screen := func(svc *learn.Service, gap string) (int64, map[string]bool) {
			t.Helper()
			unknown := map[string]bool{gap: true}
			k, _ := g.Index(gap)
			for j := range g.Len() {
				if slices.Contains(g.Ancestors(j), k) {
					unknown[g.Node(j).ID] = true
				}
			}
			v, err := svc.StartScreening(ctx, w.admin, st.ID, "math")
			for err == nil && v.Question != nil {
				in := learn.AnswerInput{Version: v.Version, Item: v.Question.ItemID, Skip: true}
				if it, ok := bank.Item(v.Question.ItemID); ok && !slices.ContainsFunc(it.KnowledgePoints, func(id string) bool { return unknown[id] }) {
					in.Skip, in.Response = false, it.Answer
				}
				v, err = svc.Answer(ctx, w.admin, v.ID, in)
			}
			must(t, err)
			found := map[string]bool{}
			for _, p := range v.Result.KnowledgePoints {
				if p.State == screening.NotMastered && slices.Contains(v.Result.ReadyToLearn, p.ID) {
					found[p.ID] = true
				}
			}
			if !found[gap] {
				t.Fatalf("screening for a missing %s found %v ready to learn and not mastered", gap, found)
			}
			return v.ID, found
		}
		marks := func() (*practice.State, int64) {
			t.Helper()
			row, ps := storedPractice(t, db, st.ID, "math")
			return ps, row.PathScreening
		}

		id1, found1 := screen(svc, first)
		pv, err := svc.StartPractice(ctx, w.admin, st.ID, "math")
		must(t, err)
		if !found1[pv.Point] {
			t.Fatalf("first practice on %s, want a gap of the first screening %v", pv.Point, found1)
		}
		pending := pv.Question.ItemID
		if ps, from := marks(); from != id1 || !ps.Points[first].Path || ps.Points[second].Path {
			t.Fatalf("after the first screening: path from %d (want %d), %s path %v, %s path %v",
				from, id1, first, ps.Points[first].Path, second, ps.Points[second].Path)
		}

		again := learn.NewService(db, bank, now)
		again.Policy.OneInTotal = true // another entitlement: a second screening
		id2, found2 := screen(again, second)
		if id2 == id1 {
			t.Fatal("the second screening reused the first")
		}

		pv, err = svc.ContinuePractice(ctx, w.admin, st.ID, "math", learn.PracticeRequest{})
		must(t, err)
		if pv.Question == nil || !found2[pv.Point] || pv.Question.ItemID == pending {
			t.Fatalf("after the newer screening: %s (%+v), want a gap of the newer screening %v", pv.Point, pv.Question, found2)
		}
		ps, from := marks()
		if from != id2 {
			t.Errorf("path from screening %d, want the newer %d", from, id2)
		}
		for id, pt := range ps.Points {
			if pt.Gap && !found2[id] {
				t.Errorf("%s still marked a gap; the newer screening's gaps are %v", id, found2)
			}
		}
		if pt := ps.Points[second]; !pt.Path || !pt.Gap {
			t.Errorf("%s: path %v gap %v, want both (the newer screening's gap)", second, pt.Path, pt.Gap)
		}

		// Answering goes on on the new path.
		if pv.Teach != nil {
			pv, err = svc.ContinuePractice(ctx, w.admin, st.ID, "math", learn.PracticeRequest{Understood: true})
			must(t, err)
		}
		pv, err = svc.PracticeAnswer(ctx, w.admin, st.ID, "math", learn.AnswerInput{Version: pv.Version, Item: pv.Question.ItemID, Skip: true})
		must(t, err)
		if pv.Question == nil || !found2[pv.Point] {
			t.Errorf("next practice on %s, want a gap of the newer screening %v", pv.Point, found2)
		}
		// Nothing newer: a further step does not re-mark.
		if _, from := marks(); from != id2 {
			t.Errorf("path from %d after a further step, want %d", from, id2)
		}
	})
}
