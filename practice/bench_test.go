package practice

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/kt"
)

// benchScope is a subject-sized scope: 250 points in a random DAG (up to
// three prerequisites among the 30 points before), 800 items of mixed
// types, a few on two points, and a student midway: the first 60% of the
// points mastered with reviews spread over the past and next two weeks,
// the rest at random P(known).
func benchScope(b *testing.B) (*Engine, *State, time.Time) {
	const nKP, nItems = 250, 800
	r := rand.New(rand.NewPCG(1, 2))
	kps := make([]curriculum.KnowledgePoint, nKP)
	for i := range kps {
		kps[i] = curriculum.KnowledgePoint{ID: fmt.Sprintf("s.kp%03d", i), Name: fmt.Sprintf("知识点%d", i)}
		for range r.IntN(4) {
			if i == 0 {
				break
			}
			p := kps[max(0, i-30)+r.IntN(min(i, 30))].ID
			kps[i].Prerequisites = append(kps[i].Prerequisites, p)
		}
	}
	g, err := curriculum.NewGraph(kps)
	if err != nil {
		b.Fatal(err)
	}
	types := []curriculum.ItemType{curriculum.FillNumber, curriculum.SingleChoice, curriculum.TrueFalse, curriculum.FillExpr}
	items := make([]curriculum.Item, nItems)
	for i := range items {
		k := i % nKP
		items[i] = curriculum.Item{ID: fmt.Sprintf("s.i%04d", i), Type: types[i%len(types)], Options: []string{"A", "B", "C", "D"},
			KnowledgePoints: []string{kps[k].ID}}
		if i%10 == 0 && k > 0 {
			items[i].KnowledgePoints = append(items[i].KnowledgePoints, kps[r.IntN(k)].ID)
		}
	}
	e, err := New(g, items, nil, nil, DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	init := map[string]float64{}
	for k := range nKP {
		init[g.Node(k).ID] = r.Float64() * 0.9
		if k < nKP*6/10 {
			init[g.Node(k).ID] = 0.96
		}
	}
	st, err := e.Start(init, t0)
	if err != nil {
		b.Fatal(err)
	}
	now := t0.Add(7 * 24 * time.Hour)
	for _, pt := range st.Points {
		if pt.Mastered {
			pt.Due = now.Add(time.Duration(r.IntN(28*24)-14*24) * time.Hour)
		}
	}
	// A session's worth of answers so the no-repeat rule has work to do.
	for i := range 40 {
		c, err := e.Next(st, now, r)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := e.Record(st, c.ItemID, i%3 != 0, now); err != nil {
			b.Fatal(err)
		}
		now = now.Add(time.Minute)
	}
	return e, st, now
}

// BenchmarkNext times one choice on the subject-sized scope.
func BenchmarkNext(b *testing.B) {
	e, st, now := benchScope(b)
	r := rand.New(rand.NewPCG(3, 4))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Next(st, now, r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNextRecord times a full answer cycle, the state evolving (an
// hour passes whenever nothing is left to practise).
func BenchmarkNextRecord(b *testing.B) {
	e, st, now := benchScope(b)
	r := rand.New(rand.NewPCG(3, 4))
	answerLoop(b, e, st, now, r)
}

// answerLoop answers the engine's questions for b's loop, three in four
// right, 20 seconds apart (an hour passes whenever nothing is left).
func answerLoop(b *testing.B, e *Engine, st *State, now time.Time, r *rand.Rand) {
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		c, err := e.Next(st, now, r)
		if errors.Is(err, ErrNothingToPractise) {
			now = now.Add(time.Hour)
			continue
		}
		if err != nil {
			b.Fatal(err)
		}
		if _, err := e.Record(st, c.ItemID, i%4 != 0, now); err != nil {
			b.Fatal(err)
		}
		i++
		now = now.Add(20 * time.Second)
	}
}

// BenchmarkNextRecordZXLR is BenchmarkNextRecord with zx-lr served: the
// model fitted on synthetic answers to the scope's items, the student's
// history replayed from 300 earlier answers.
func BenchmarkNextRecordZXLR(b *testing.B) {
	e, st, now := benchScope(b)
	r := rand.New(rand.NewPCG(5, 6))
	bld := kt.NewBuilder(kt.NewVocab())
	var hist []Answer
	for s := range 120 {
		ability := r.NormFloat64()
		for range 60 {
			u := &e.units[r.IntN(len(e.units))]
			a := Answer{Item: u.id(), KPs: e.kpIDs(u), Correct: r.Float64() < 1/(1+math.Exp(-ability))}
			if err := bld.Add(fmt.Sprint(s), a.Item, a.KPs, a.Correct); err != nil {
				b.Fatal(err)
			}
			if len(hist) < 300 {
				hist = append(hist, a)
			}
		}
	}
	d := bld.Dataset()
	m, err := kt.New("zx-lr", kt.Options{Seed: 1, Workers: 1})
	if err != nil {
		b.Fatal(err)
	}
	if err := m.Fit(context.Background(), d); err != nil {
		b.Fatal(err)
	}
	tr, err := kt.LoadLogistic(m.(*kt.Logistic).Export(d))
	if err != nil {
		b.Fatal(err)
	}
	e.SetHistoryModel(LogisticModel(tr))
	if _, err := e.Replay(st, hist); err != nil {
		b.Fatal(err)
	}
	answerLoop(b, e, st, now, r)
	raw, err := st.MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	st.Trace = nil
	bkt, _ := st.MarshalBinary()
	b.ReportMetric(float64(len(raw)), "state-bytes")
	b.ReportMetric(float64(len(raw)-len(bkt)), "trace-bytes")
}
