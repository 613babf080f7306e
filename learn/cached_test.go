package learn_test

import (
	"context"
	"math/rand/v2"
	"reflect"
	"testing"
	"testing/fstest"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/learn"
	"github.com/zhixi-org/zhixi/practice"
	"github.com/zhixi-org/zhixi/screening"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
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

func (s stateless) CachedScreeningAndStudent(ctx context.Context, id int64, _ int) (*zhixi.ScreeningSession, *zhixi.Student, []int64, error) {
	row, err := s.DB.ScreeningSession(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	return s.DB.CachedScreeningAndStudent(ctx, id, row.Version)
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

// TestPracticePointsKeptApart: the stored practice state is a head
// without points and seen items; every seen item lives in its row, every
// point in its mastery row (the engine's
// record in Detail, agreeing with the row's columns), and servers that
// read the state back from the store (no cached copy) go on from it. A
// state stored whole, as before, still reads, and its next save moves
// every point into its row. On both engines.
func TestPracticePointsKeptApart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, db, admin, st := screenedOn(t, db)
		ctx := context.Background()
		p, err := svc.StartPractice(ctx, admin, st.ID, "math")
		must(t, err)
		stored := func() (*zhixi.PracticeState, *practice.State) {
			t.Helper()
			return storedPractice(t, db, st.ID, "math")
		}
		_, first := stored()
		if len(first.Points) != 2 {
			t.Fatalf("%d points stored, want the fixture's 2", len(first.Points))
		}
		bank := testBank(t)
		servers := []*learn.Service{svc, learn.NewService(stateless{db}, bank, nil), learn.NewService(stateless{db}, bank, nil)}
		answered := 0
		for i := 0; i < 6 && p.Question != nil; i++ {
			resp := fixtureAnswers[p.Question.ItemID]
			if i%3 == 1 {
				resp = wrong(p.Question.ItemID)
			}
			p, err = servers[i%3].PracticeAnswer(ctx, admin, st.ID, "math", learn.AnswerInput{Version: p.Version, Item: p.Question.ItemID, Response: resp})
			must(t, err)
			answered++
		}
		row, ps := stored()
		if ps.Answered != answered || len(ps.Seen) == 0 {
			t.Fatalf("stored state counts %d answers (%d were given) and %d seen items", ps.Answered, answered, len(ps.Seen))
		}

		// As stored before points were kept apart: the whole state, rows
		// without the engine's record.
		whole, err := ps.MarshalBinary()
		must(t, err)
		var bare []zhixi.Mastery
		rows, err := db.Mastery(ctx, st.ID, "math")
		must(t, err)
		for _, m := range rows {
			m.Detail = ""
			bare = append(bare, m)
		}
		old := &zhixi.PracticeState{StudentID: st.ID, Subject: "math", State: whole, Version: row.Version, UpdatedAt: time.Now()}
		must(t, db.SavePractice(ctx, &zhixi.PracticeChange{State: old, Mastery: bare}))
		fresh := learn.NewService(stateless{db}, bank, nil)
		p, err = fresh.Practice(ctx, admin, st.ID, "math")
		must(t, err)
		if p.Question != nil {
			p, err = fresh.PracticeAnswer(ctx, admin, st.ID, "math", learn.AnswerInput{Version: p.Version, Item: p.Question.ItemID, Skip: true})
			must(t, err)
		} else {
			p, err = fresh.StartPractice(ctx, admin, st.ID, "math")
			must(t, err)
		}
		if _, after := stored(); len(after.Points) != len(ps.Points) || len(after.Seen) < len(ps.Seen) {
			t.Fatalf("after a whole state's save %d points and %d seen items in rows, want %d and at least %d",
				len(after.Points), len(after.Seen), len(ps.Points), len(ps.Seen))
		}
	})
}

// TestScreeningAcrossServersAsksAsOne: a long screening answered by two
// servers in turn, each restoring the other's stored state and answer log
// (screening.RestoreLog), asks exactly the questions one session that
// never left memory asks for the same answers, on SQLite and PostgreSQL.
func TestScreeningAcrossServersAsksAsOne(t *testing.T) {
	content := shippedBank(t)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		fx := newWorld(t, db, content)
		st := fx.child(t, "两台", 6, time.Now())
		servers := []*learn.Service{learn.NewService(stateless{db}, content, nil), learn.NewService(stateless{db}, content, nil)}
		v, err := servers[0].StartScreening(ctx, fx.admin, st.ID, "math")
		must(t, err)
		r := rand.New(rand.NewPCG(5, 6))
		for i := 0; v.Status == learn.StatusActive; i++ {
			it, _ := content.Item(v.Question.ItemID)
			in := learn.AnswerInput{Version: v.Version, Item: v.Question.ItemID, Skip: true}
			if r.IntN(3) > 0 && it.Answer != "" {
				in = learn.AnswerInput{Version: v.Version, Item: v.Question.ItemID, Response: it.Answer}
			}
			v, err = servers[(i+1)%2].Answer(ctx, fx.admin, v.ID, in)
			must(t, err)
		}
		if v.Questions <= screening.CheckpointEvery {
			t.Fatalf("%d questions: no answer log was restored", v.Questions)
		}
		// The stored session, and one engine fed the same answers from
		// the same configuration.
		row, err := db.ScreeningSession(ctx, v.ID)
		must(t, err)
		b, err := learnScope(content, "math", 6)
		must(t, err)
		stored, err := screening.RestoreLog(b, row.State, row.Log, nil)
		must(t, err)
		snap := stored.Snapshot()
		one, err := screening.NewSession(b, snap.Config)
		must(t, err)
		for n, resp := range snap.Responses {
			if id, ok := one.Next(); !ok || id != resp.Item {
				t.Fatalf("question %d: the two servers asked %s, one session asks %s (%v)", n+1, resp.Item, id, ok)
			}
			must(t, one.Answer(resp.Item, resp.Outcome))
		}
		if id, more := one.Next(); more {
			t.Fatalf("the two servers stopped after %d questions, one session asks %s", len(snap.Responses), id)
		}
		if !reflect.DeepEqual(one.Result(), stored.Result()) {
			t.Fatal("results differ")
		}
	})
}

// learnScope compiles a screening scope as the service does: the
// subject's points up to grade, the items without calibration.
func learnScope(content *curriculum.Bank, subject string, grade int) (*screening.Bank, error) {
	items, err := learn.Items(content, subject)
	if err != nil {
		return nil, err
	}
	g, err := content.Graph(subject)
	if err != nil {
		return nil, err
	}
	var ids []string
	for k := range g.Len() {
		if gr := content.Grade(g.Node(k).ID); gr >= 1 && gr <= grade {
			ids = append(ids, g.Node(k).ID)
		}
	}
	return screening.NewBank(g, items, ids)
}

// storedPractice rebuilds a student's practice state from the store: the
// state's head, each point from its mastery row, checking that the row's
// columns agree with the point it keeps, and the seen items from theirs.
func storedPractice(t *testing.T, db *store.DB, studentID int64, subject string) (*zhixi.PracticeState, *practice.State) {
	t.Helper()
	ctx := context.Background()
	row, err := db.PracticeState(ctx, studentID, subject)
	must(t, err)
	if practice.HasPoints(row.State) || practice.HasSeen(row.State) {
		t.Fatalf("version %d stored with its points or seen items (%d bytes)", row.Version, len(row.State))
	}
	var ps practice.State
	must(t, ps.UnmarshalBinary(row.State))
	rows, err := db.Mastery(ctx, studentID, subject)
	must(t, err)
	for _, m := range rows {
		pt, err := practice.UnmarshalPoint(m.Point, []byte(m.Detail))
		must(t, err)
		if pt.P != m.PKnown || pt.Answers != m.Answers || pt.Right != m.Correct || pt.Mastered != (m.State == zhixi.MasteryMastered) {
			t.Fatalf("point %s: detail %+v, row %+v", m.Point, pt, m)
		}
		ps.Points[m.Point] = pt
	}
	items, err := db.SeenItems(ctx, studentID, subject)
	must(t, err)
	for _, it := range items {
		ps.Seen[it.ItemID] = practice.Seen{N: it.N, At: it.At}
	}
	return row, &ps
}

// screenedOn is setupOn with the student's maths screening finished, so
// that practice can start.
func screenedOn(t *testing.T, db *store.DB) (*learn.Service, *store.DB, *zhixi.User, *zhixi.Student) {
	t.Helper()
	svc, db, admin, st := setupOn(t, db)
	v, err := svc.StartScreening(context.Background(), admin, st.ID, "math")
	must(t, err)
	finish(t, svc, admin, v)
	return svc, db, admin, st
}

// practiceReads counts the practice state reads of a service.
type practiceReads struct {
	*store.DB
	n *int
}

func (s practiceReads) CachedPracticeState(ctx context.Context, studentID int64, subject string, cached int) (*zhixi.PracticeState, error) {
	*s.n++
	return s.DB.CachedPracticeState(ctx, studentID, subject, cached)
}

func (s practiceReads) PracticeState(ctx context.Context, studentID int64, subject string) (*zhixi.PracticeState, error) {
	*s.n++
	return s.DB.PracticeState(ctx, studentID, subject)
}

// TestPracticeAnswerAtKeptVersion: an answer at the version this server
// keeps reads no practice state; when another server has stored a newer
// version meanwhile, that answer is refused as stale and stores nothing,
// and the next one, at the stored version, reads the state and goes on.
// On both engines.
func TestPracticeAnswerAtKeptVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, db, admin, st := screenedOn(t, db)
		ctx := context.Background()
		reads := 0
		bank := testBank(t)
		a, b := learn.NewService(practiceReads{db, &reads}, bank, nil), learn.NewService(db, bank, nil)
		p, err := a.StartPractice(ctx, admin, st.ID, "math")
		must(t, err)
		skip := func(svc *learn.Service, p *learn.PracticeView, id string) (*learn.PracticeView, error) {
			return svc.PracticeAnswer(ctx, admin, st.ID, "math", learn.AnswerInput{ID: id, Version: p.Version, Item: p.Question.ItemID, Skip: true})
		}
		reads = 0
		kept, err := skip(a, p, "a-1")
		must(t, err)
		if reads != 0 {
			t.Fatalf("an answer at the version this server keeps read the practice state %d times, want 0", reads)
		}
		moved, err := skip(b, kept, "b-1")
		must(t, err)
		_, err = skip(a, kept, "a-stale")
		if key, _ := zhixi.ErrorKey(err); zhixi.ErrorCode(err) != zhixi.ECONFLICT || key != "err.version_conflict" {
			t.Fatalf("an answer at a version another server moved on from: %v, want err.version_conflict", err)
		}
		if _, err := db.AttemptByAnswerID(ctx, st.ID, "a-stale"); zhixi.ErrorCode(err) != zhixi.ENOTFOUND {
			t.Fatalf("the stale answer was stored (%v)", err)
		}
		reads = 0
		next, err := skip(a, moved, "a-2")
		must(t, err)
		if reads == 0 || next.Version != moved.Version+1 {
			t.Fatalf("after another server's answer: %d state reads, version %d; want a read and version %d", reads, next.Version, moved.Version+1)
		}
	})
}
