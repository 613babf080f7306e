package practice

import (
	"errors"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi/content"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/curriculum/mathtpl"
)

// Every shipped subject builds an engine, and a simulated student
// practising it for a few hundred answers gets items, reasons and
// masteries without errors.
func TestShippedSubjects(t *testing.T) {
	bank, err := curriculum.Load(content.FS, curriculum.LoadOptions{Templates: mathtpl.All()})
	if err != nil {
		t.Skipf("shipped content does not load (content's own tests report it): %v", err)
	}
	for _, subj := range bank.SubjectIDs() {
		t.Run(subj, func(t *testing.T) {
			g, err := bank.Graph(subj)
			if err != nil {
				t.Skipf("graph: %v", err)
			}
			var tpls []curriculum.Template
			for _, tp := range bank.Templates() {
				if _, ok := g.Index(tp.KnowledgePoints[0]); ok {
					tpls = append(tpls, tp)
				}
			}
			e, err := New(g, bank.Subject(subj).Items, tpls, nil, DefaultConfig())
			if err != nil {
				t.Fatal(err)
			}
			stu := newStudent(g, 1)
			st, err := e.Start(nil, t0)
			if err != nil {
				t.Fatal(err)
			}
			r := rng(2)
			now := t0
			kinds := map[Kind]int{}
			mastered := 0
			for n := 0; n < 400; n++ {
				c, err := e.Next(st, now, r)
				if errors.Is(err, ErrNothingToPractise) {
					now = now.Add(time.Hour)
					continue
				}
				if err != nil {
					t.Fatalf("answer %d: %v", n, err)
				}
				if c.Reason.Code == "" || c.Reason.Point != c.KP {
					t.Fatalf("choice %+v has no reason code for its point", c)
				}
				kinds[c.Kind]++
				k, _ := g.Index(c.KP)
				typ := curriculum.FillNumber
				if it, ok := bank.Item(c.ItemID); ok {
					typ = it.Type
				} else {
					t.Fatalf("chosen item %s cannot be looked up in the bank", c.ItemID)
				}
				s, err := e.Record(st, c.ItemID, stu.answer(k, typ), now)
				if err != nil {
					t.Fatal(err)
				}
				if s.Mastered {
					mastered++
				}
				now = now.Add(40 * time.Second)
			}
			sum, _ := e.Summary(st, now)
			t.Logf("%s: %d points, %d items, %d templates; 400 answers: %d masteries, %d mastered now, kinds %v",
				subj, g.Len(), len(bank.Subject(subj).Items), len(tpls), mastered, sum.Mastered, kinds)
			if mastered == 0 {
				t.Error("no point was mastered in 400 answers")
			}
		})
	}
}
