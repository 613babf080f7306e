package learn_test

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/learn"
	"github.com/zhixi-org/zhixi/store"
)

// stateless answers every cached read without the state, as if this
// server had the stored version cached: a service that does not (another
// request took it, or another server moved the row on) must read the
// state itself.
type stateless struct{ *store.DB }

func (s stateless) CachedScreeningSession(ctx context.Context, id int64, _ int) (*zhixi.ScreeningSession, error) {
	row, err := s.DB.ScreeningSession(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.DB.CachedScreeningSession(ctx, id, row.Version)
}

func (s stateless) CachedPracticeState(ctx context.Context, studentID int64, subject string, _ int) (*zhixi.PracticeState, error) {
	row, err := s.DB.PracticeState(ctx, studentID, subject)
	if err != nil {
		return nil, err
	}
	return s.DB.CachedPracticeState(ctx, studentID, subject, row.Version)
}

// TestReadsWithoutCachedState: two servers answer one student's
// screening and practice in turn, each reading rows without their state
// (see stateless); every answer counts once and nothing is abandoned.
func TestReadsWithoutCachedState(t *testing.T) {
	_, db, admin, st := setup(t)
	ctx := context.Background()
	bank, err := curriculum.Load(fstest.MapFS{"math/g1.yaml": {Data: []byte(fixture)}})
	must(t, err)
	a, b := learn.NewService(stateless{db}, bank, nil), learn.NewService(stateless{db}, bank, nil)
	servers := []*learn.Service{a, b}

	row, err := db.CachedScreeningSession(ctx, 999, 0)
	if zhixi.ErrorCode(err) != zhixi.ENOTFOUND {
		t.Fatalf("missing screening: %+v, %v", row, err)
	}
	v, err := a.StartScreening(ctx, admin, st.ID, "math")
	must(t, err)
	if full, _ := db.ScreeningSession(ctx, v.ID); full.State == nil {
		t.Fatal("no stored state")
	}
	if got, _ := db.CachedScreeningSession(ctx, v.ID, v.Version+1); got.State == nil {
		t.Fatal("a read for another version came back without the state")
	}
	answers := 0
	for i := 0; v.Status == learn.StatusActive; i++ {
		v, err = servers[(i+1)%2].Answer(ctx, admin, v.ID, learn.AnswerInput{Version: v.Version, Item: v.Question.ItemID, Skip: true})
		must(t, err)
		answers++
	}
	if v.Status != learn.StatusFinished {
		t.Fatalf("screening ended %s", v.Status)
	}
	p, err := b.StartPractice(ctx, admin, st.ID, "math")
	must(t, err)
	for i := 0; i < 4 && p.Question != nil; i++ {
		p, err = servers[i%2].PracticeAnswer(ctx, admin, st.ID, "math", learn.AnswerInput{Version: p.Version, Item: p.Question.ItemID, Skip: true})
		must(t, err)
		answers++
	}
	atts, err := db.Attempts(ctx, st.ID)
	must(t, err)
	if len(atts) != answers {
		t.Fatalf("%d attempts stored for %d answers", len(atts), answers)
	}
	ps, err := db.CachedPracticeState(ctx, st.ID, "math", p.Version)
	must(t, err)
	if ps.State != nil || ps.Version != p.Version {
		t.Fatalf("cached read at the stored version: version %d, %d state bytes", ps.Version, len(ps.State))
	}
}
