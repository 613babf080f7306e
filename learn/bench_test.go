package learn_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/content"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/curriculum/mathtpl"
	"github.com/zhixi-org/zhixi/learn"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

// benchWorld is the shipped content in a store (SQLite, or PostgreSQL with
// ZHIXI_TEST_POSTGRES) with n consenting grade-6 students, and a service
// over it.
type benchWorld struct {
	svc      *learn.Service
	db       *store.DB
	admin    *zhixi.User
	students []int64
	bank     *curriculum.Bank
}

var (
	benchBankOnce sync.Once
	benchBank     *curriculum.Bank
)

func newBenchWorld(b *testing.B, n int) *benchWorld {
	b.Helper()
	benchBankOnce.Do(func() {
		var err error
		if benchBank, err = curriculum.Load(content.FS, curriculum.LoadOptions{Templates: mathtpl.All()}); err != nil {
			b.Fatal(err)
		}
	})
	fx := newWorld(b, storetest.Open(b), benchBank)
	w := &benchWorld{svc: learn.NewService(fx.db, benchBank, nil), db: fx.db, admin: fx.admin, bank: benchBank}
	for i := range n {
		w.students = append(w.students, fx.child(b, fmt.Sprintf("学生%d", i), 6, time.Now()).ID)
	}
	return w
}

// cpuTime is the CPU time (user and system) the process has used: on a
// loaded machine the wall time per answer says little, the CPU time per
// answer says what a server pays.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU time per operation since start.
func reportCPU(b *testing.B, start time.Duration, ops int) {
	b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(ops), "cpu-ms/op")
}

// response answers q right with probability pRight (the item's key), else
// skips ("I don't know"): a made-up wrong answer may not be well-formed
// for the item's type, and the checker sends those back.
func (w *benchWorld) response(r *rand.Rand, q *learn.Question, pRight float64) (string, bool) {
	it, _ := w.bank.Item(q.ItemID)
	if r.Float64() < pRight && it.Answer != "" {
		return it.Answer, false
	}
	return "", true
}

// BenchmarkScreeningAnswer times one screening answer through the action
// (access check, engine step, the transaction with attempt and audit row),
// one student after another on one goroutine; ns/op is the time of one
// answer, cpu-ms/op its CPU (starting the next student's screening is off
// the clock). Students answer right with probability 0.6.
func BenchmarkScreeningAnswer(b *testing.B) {
	w := newBenchWorld(b, 300)
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	next := 0
	start := func() *learn.ScreeningView {
		if next == len(w.students) {
			b.Fatal("ran out of students: raise the count")
		}
		v, err := w.svc.StartScreening(ctx, w.admin, w.students[next], "math")
		must(b, err)
		next++
		return v
	}
	v := start()
	b.ReportAllocs()
	b.ResetTimer()
	cpu, n, off := cpuTime(), 0, time.Duration(0)
	for i := 0; b.Loop(); i++ {
		n++
		resp, skip := w.response(r, v.Question, 0.6)
		var err error
		v, err = w.svc.Answer(ctx, w.admin, v.ID, learn.AnswerInput{ID: fmt.Sprint("s", i), Version: v.Version, Item: v.Question.ItemID, Response: resp, Skip: skip})
		must(b, err)
		if v.Status != learn.StatusActive {
			b.StopTimer()
			t := cpuTime()
			v = start()
			off += cpuTime() - t
			b.StartTimer()
		}
	}
	reportCPU(b, cpu+off, n)
}

// BenchmarkPracticeAnswer times one practice answer through the action:
// the answer, the engine's next choice, and the transaction with the
// state, attempt, mastery rows, events and audit row. Ten students take
// turns; one with nothing left to practise now (the no-repeat rule) is
// replaced by a new one, prepared off the clock.
func BenchmarkPracticeAnswer(b *testing.B) {
	w := newBenchWorld(b, 300)
	ctx := context.Background()
	r := rand.New(rand.NewPCG(3, 4))
	next := 0
	prepare := func() (int64, *learn.PracticeView) {
		if next == len(w.students) {
			b.Fatal("ran out of students: raise the count")
		}
		id := w.students[next]
		next++
		v, err := w.svc.StartScreening(ctx, w.admin, id, "math")
		must(b, err)
		for v.Status == learn.StatusActive {
			resp, skip := w.response(r, v.Question, 0.6)
			v, err = w.svc.Answer(ctx, w.admin, v.ID, learn.AnswerInput{Version: v.Version, Item: v.Question.ItemID, Response: resp, Skip: skip})
			must(b, err)
		}
		p, err := w.svc.StartPractice(ctx, w.admin, id, "math")
		must(b, err)
		return id, p
	}
	const turns = 10
	ids := make([]int64, turns)
	views := make([]*learn.PracticeView, turns)
	for k := range turns {
		ids[k], views[k] = prepare()
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu, n, off := cpuTime(), 0, time.Duration(0)
	for i := 0; b.Loop(); i++ {
		n++
		k := i % turns
		for views[k].Question == nil {
			b.StopTimer()
			t := cpuTime()
			ids[k], views[k] = prepare()
			off += cpuTime() - t
			b.StartTimer()
		}
		v := views[k]
		resp, skip := w.response(r, v.Question, 0.7)
		var err error
		views[k], err = w.svc.PracticeAnswer(ctx, w.admin, ids[k], "math",
			learn.AnswerInput{ID: fmt.Sprint("p", i), Version: v.Version, Item: v.Question.ItemID, Response: resp, Skip: skip})
		must(b, err)
	}
	reportCPU(b, cpu+off, n)
}
