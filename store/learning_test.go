package store_test

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

func TestAttempts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx := ctxT(t)
		f := newFixture(t, db)
		ming, hong := f.student(t, db, "小明"), f.student(t, db, "小红")
		_, err := db.ImportSubject(ctx, sampleSubject("math", 3), time.Now())
		must(t, err)
		t0 := time.Date(2026, 7, 1, 9, 0, 0, 42, time.FixedZone("CST", 8*3600))

		tests := []struct {
			a         zhixi.Attempt
			code, key string
		}{
			{zhixi.Attempt{ItemID: "math.i0", ItemVersion: 1}, zhixi.EINVALID, "err.invalid_attempt"},
			{zhixi.Attempt{StudentID: ming.ID, ItemVersion: 1}, zhixi.EINVALID, "err.invalid_attempt"},
			{zhixi.Attempt{StudentID: ming.ID, ItemID: "math.i0"}, zhixi.EINVALID, "err.invalid_attempt"},
			{zhixi.Attempt{StudentID: 999, ItemID: "math.i0", ItemVersion: 1}, zhixi.ENOTFOUND, "err.student_not_found"},
			{zhixi.Attempt{StudentID: ming.ID, ItemID: "math.i0", ItemVersion: 2}, zhixi.ENOTFOUND, "err.item_not_found"},
			{zhixi.Attempt{StudentID: ming.ID, ItemID: "nope", ItemVersion: 1}, zhixi.ENOTFOUND, "err.item_not_found"},
		}
		for _, tt := range tests {
			a := tt.a
			wantErr(t, record(ctx, db, ming.ID, &a), tt.code, tt.key)
		}

		// Recorded out of time order; read back in answer (time) order.
		in := []zhixi.Attempt{
			{StudentID: ming.ID, ItemID: "math.i1", ItemVersion: 1, KnowledgePoints: []string{"math.kp1"}, Response: "0.5", Correct: true, Source: "screening", SessionID: 7, At: t0.Add(2 * time.Minute)},
			{StudentID: hong.ID, ItemID: "math.i0", ItemVersion: 1, KnowledgePoints: []string{"math.kp1", "math.kp2"}, Skipped: true, Source: "practice", At: t0},
			{StudentID: ming.ID, ItemID: "math.i0", ItemVersion: 1, KnowledgePoints: []string{"math.kp1"}, Response: "1", Source: "screening", SessionID: 7, At: t0.Add(time.Minute)},
		}
		for i := range in {
			must(t, record(ctx, db, in[i].StudentID, &in[i]))
		}
		got, err := db.Attempts(ctx, ming.ID)
		must(t, err)
		if want := []zhixi.Attempt{in[2], in[0]}; !reflect.DeepEqual(got, want) {
			t.Errorf("Attempts:\n got %+v\nwant %+v", got, want)
		}
		if !got[0].At.Equal(t0.Add(time.Minute)) {
			t.Errorf("attempt time %v, want %v", got[0].At, t0.Add(time.Minute))
		}

		// A client's answer id is unique per student.
		dup := zhixi.Attempt{StudentID: ming.ID, ItemID: "math.i0", ItemVersion: 1, AnswerID: "x1", Result: []byte(`{"k":1}`), At: t0}
		must(t, record(ctx, db, ming.ID, &dup))
		again := dup
		wantErr(t, record(ctx, db, ming.ID, &again), zhixi.ECONFLICT, "err.answer_duplicate")
		other := dup
		other.StudentID = hong.ID
		must(t, record(ctx, db, hong.ID, &other))
		byID, err := db.AttemptByAnswerID(ctx, ming.ID, "x1")
		must(t, err)
		if byID.ID != dup.ID || string(byID.Result) != `{"k":1}` {
			t.Errorf("AttemptByAnswerID = %+v, want %+v", byID, dup)
		}
		_, err = db.AttemptByAnswerID(ctx, ming.ID, "x2")
		wantErr(t, err, zhixi.ENOTFOUND, "err.not_found")

		var walked []int64
		must(t, db.EachAttempt(ctx, func(a *zhixi.Attempt) error {
			// fn may use the store while the walk is open.
			if _, err := db.Student(ctx, a.StudentID); err != nil {
				return err
			}
			walked = append(walked, a.ID)
			return nil
		}))
		if want := []int64{dup.ID, in[2].ID, in[0].ID, in[1].ID, other.ID}; !reflect.DeepEqual(walked, want) {
			t.Errorf("EachAttempt order = %v, want %v", walked, want)
		}
		// An item's responses by frequency, skips left out.
		resps, total, err := db.ItemResponses(ctx, "math.i0", 10)
		must(t, err)
		if want := []zhixi.ResponseCount{{Response: "", Count: 2}, {Response: "1", Count: 1}}; total != 3 || !reflect.DeepEqual(resps, want) {
			t.Errorf("ItemResponses = %+v (%d in all), want %+v (3)", resps, total, want)
		}
		if resps, _, err := db.ItemResponses(ctx, "math.i1", 1); err != nil || len(resps) != 1 || !resps[0].Correct || resps[0].Response != "0.5" {
			t.Errorf("ItemResponses(math.i1) = %+v, %v", resps, err)
		}
		stop := errors.New("stop")
		n := 0
		err = db.EachAttempt(ctx, func(*zhixi.Attempt) error { n++; return stop })
		if !errors.Is(err, stop) || n != 1 {
			t.Errorf("EachAttempt with failing fn: err %v after %d calls", err, n)
		}
	})
}

func TestScreenings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx := ctxT(t)
		f := newFixture(t, db)
		ming := f.student(t, db, "小明")
		t0 := time.Date(2026, 7, 1, 9, 0, 0, 1, time.UTC)

		wantErr(t, db.CreateScreening(ctx, &zhixi.ScreeningSession{StudentID: 999, Subject: "math"}, nil), zhixi.ENOTFOUND, "err.student_not_found")
		wantErr(t, db.CreateScreening(ctx, &zhixi.ScreeningSession{StudentID: ming.ID, Status: "paused"}, nil), zhixi.EINVALID, "err.invalid_status")

		first := zhixi.ScreeningSession{StudentID: ming.ID, Subject: "math", State: []byte(`{"asked":[]}`), StartedAt: t0}
		must(t, db.CreateScreening(ctx, &first, nil))
		if first.Version != 1 || first.Status != "active" || first.ID == 0 {
			t.Errorf("created %+v", first)
		}
		got, err := db.ScreeningSession(ctx, first.ID)
		must(t, err)
		if !reflect.DeepEqual(*got, first) {
			t.Errorf("ScreeningSession = %+v, want %+v", *got, first)
		}
		_, err = db.ScreeningSession(ctx, 999)
		wantErr(t, err, zhixi.ENOTFOUND, "err.screening_not_found")

		upd := *got
		upd.State = []byte(`{"asked":["math.i0"]}`)
		upd.UpdatedAt = t0.Add(time.Minute)
		must(t, db.SaveScreening(ctx, &upd, nil, nil))
		if upd.Version != 2 {
			t.Errorf("version after update = %d, want 2", upd.Version)
		}
		stale := *got // still version 1
		wantErr(t, db.SaveScreening(ctx, &stale, nil, nil), zhixi.ECONFLICT, "err.version_conflict")
		missing := zhixi.ScreeningSession{ID: 999, Status: "active", Version: 1}
		wantErr(t, db.SaveScreening(ctx, &missing, nil, nil), zhixi.ENOTFOUND, "err.screening_not_found")
		bad := upd
		bad.Status = "done"
		wantErr(t, db.SaveScreening(ctx, &bad, nil, nil), zhixi.EINVALID, "err.invalid_status")

		upd.Status, upd.FinishedAt = "finished", t0.Add(20*time.Minute)
		must(t, db.SaveScreening(ctx, &upd, nil, nil))
		got, err = db.ScreeningSession(ctx, first.ID)
		must(t, err)
		if !reflect.DeepEqual(*got, upd) || got.Version != 3 {
			t.Errorf("after finish: %+v, want %+v", *got, upd)
		}

		second := zhixi.ScreeningSession{StudentID: ming.ID, Subject: "chinese", StartedAt: t0.Add(time.Hour)}
		must(t, db.CreateScreening(ctx, &second, nil))
		// The free screening of a subject is held once.
		third := zhixi.ScreeningSession{StudentID: ming.ID, Subject: "math"}
		wantErr(t, db.CreateScreening(ctx, &third, nil), zhixi.ECONFLICT, "err.screening_exists")
		list, err := db.Screenings(ctx, ming.ID)
		must(t, err)
		if len(list) != 2 || list[0].ID != second.ID || list[1].ID != first.ID {
			t.Errorf("Screenings not newest first: %+v", list)
		}
		if list[0].State != nil {
			t.Errorf("nil state came back as %q", list[0].State)
		}
	})
}

// Two tablets (on two servers) saving the same screening version: one
// wins, the others get ECONFLICT.
func TestSaveScreeningConcurrent(t *testing.T) {
	eachPair(t, func(t *testing.T, db, other *store.DB) {
		ctx := ctxT(t)
		f := newFixture(t, db)
		s := zhixi.ScreeningSession{StudentID: f.student(t, db, "小明").ID, Subject: "math"}
		must(t, db.CreateScreening(ctx, &s, nil))
		const n = 8
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				c := s
				c.State = []byte{byte(i)}
				errs[i] = pick(i, db, other).SaveScreening(ctx, &c, nil, nil)
			})
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else {
				wantErr(t, err, zhixi.ECONFLICT, "err.version_conflict")
			}
		}
		got, err := db.ScreeningSession(ctx, s.ID)
		must(t, err)
		if ok != 1 || got.Version != 2 {
			t.Errorf("%d updates won, stored version %d; want 1 and 2", ok, got.Version)
		}
	})
}

func TestModels(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx := ctxT(t)
		_, _, err := db.Model(ctx, "bkt")
		wantErr(t, err, zhixi.ENOTFOUND, "err.model_not_found")
		wantErr(t, db.SaveModel(ctx, " ", []byte("x"), time.Now()), zhixi.EINVALID, "err.model_name_required")
		t0 := time.Date(2026, 8, 1, 0, 0, 0, 7, time.UTC)
		must(t, db.SaveModel(ctx, "bkt", []byte(`{"v":1}`), t0))
		must(t, db.SaveModel(ctx, "bkt", []byte(`{"v":2}`), t0.Add(time.Hour)))
		must(t, db.SaveModel(ctx, "irt", []byte{0, 1, 2, 255}, t0))
		tests := []struct {
			name   string
			params string
			at     time.Time
		}{
			{"bkt", `{"v":2}`, t0.Add(time.Hour)},
			{"irt", "\x00\x01\x02\xff", t0},
		}
		for _, tt := range tests {
			p, at, err := db.Model(ctx, tt.name)
			must(t, err)
			if string(p) != tt.params || !at.Equal(tt.at) {
				t.Errorf("Model(%s) = %q at %v, want %q at %v", tt.name, p, at, tt.params, tt.at)
			}
		}
	})
}

// record stores a with a practice change of stateOf's practice state, the
// way an answer is stored.
func record(ctx context.Context, db *store.DB, stateOf int64, a *zhixi.Attempt) error {
	ps, err := db.PracticeState(ctx, stateOf, "rec")
	if zhixi.ErrorCode(err) == zhixi.ENOTFOUND {
		ps, err = &zhixi.PracticeState{StudentID: stateOf, Subject: "rec"}, nil
	}
	if err != nil {
		return err
	}
	ps.State = []byte("{}")
	return db.SavePractice(ctx, &zhixi.PracticeChange{State: ps, Attempt: a})
}
