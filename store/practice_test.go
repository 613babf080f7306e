package store_test

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

func TestPracticeState(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx := ctxT(t)
		f := newFixture(t, db)
		ming := f.student(t, db, "小明")
		_, err := db.ImportSubject(ctx, sampleSubject("math", 2), time.Now())
		must(t, err)
		save := func(ps *zhixi.PracticeState, a *zhixi.Attempt) error {
			return db.SavePractice(ctx, &zhixi.PracticeChange{State: ps, Attempt: a})
		}

		_, err = db.PracticeState(ctx, ming.ID, "math")
		wantErr(t, err, zhixi.ENOTFOUND, "err.practice_not_found")
		wantErr(t, save(&zhixi.PracticeState{StudentID: ming.ID, Subject: "math"}, nil), zhixi.EINVALID, "err.invalid_practice")
		wantErr(t, save(&zhixi.PracticeState{StudentID: 999, Subject: "math", State: []byte("{}")}, nil), zhixi.ENOTFOUND, "err.student_not_found")

		t0 := time.Date(2026, 11, 29, 19, 0, 0, 7, time.UTC)
		ps := zhixi.PracticeState{StudentID: ming.ID, Subject: "math", State: []byte(`{"v":1}`), UpdatedAt: t0}
		start := []zhixi.Mastery{
			{StudentID: ming.ID, Subject: "math", Point: "math.kp1", PKnown: 0.9, State: zhixi.MasteryMastered, ReviewDue: t0.Add(24 * time.Hour)},
			{StudentID: ming.ID, Subject: "math", Point: "math.kp2", PKnown: 0.2, State: zhixi.MasteryLearning},
		}
		// A start with a row of another student, or of a state the schema
		// does not know, writes nothing.
		other := start[1]
		other.StudentID = 999
		unknown := start[1]
		unknown.State = "forgotten"
		for _, bad := range []struct {
			row zhixi.Mastery
			key string
		}{{other, "err.invalid_practice"}, {unknown, "err.invalid_status"}} {
			try := ps
			wantErr(t, db.SavePractice(ctx, &zhixi.PracticeChange{State: &try, Mastery: []zhixi.Mastery{start[0], bad.row}}), zhixi.EINVALID, bad.key)
		}
		if rows, err := db.Mastery(ctx, ming.ID, "math"); err != nil || len(rows) != 0 {
			t.Fatalf("a refused start wrote mastery rows: %+v (%v)", rows, err)
		}
		_, err = db.PracticeState(ctx, ming.ID, "math")
		wantErr(t, err, zhixi.ENOTFOUND, "err.practice_not_found")
		must(t, db.SavePractice(ctx, &zhixi.PracticeChange{State: &ps, Mastery: start}))
		if ps.Version != 1 {
			t.Fatalf("version after create %d", ps.Version)
		}
		// A second "first" save (another tablet starting too) conflicts.
		wantErr(t, save(&zhixi.PracticeState{StudentID: ming.ID, Subject: "math", State: []byte("{}")}, nil), zhixi.ECONFLICT, "err.version_conflict")

		a := zhixi.Attempt{StudentID: ming.ID, ItemID: "math.i1", ItemVersion: 1, Correct: false, Source: "practice", At: t0}
		ps.State = []byte(`{"v":2}`)
		// The engine's record of the point is bytes, kept exactly.
		moved := zhixi.Mastery{StudentID: ming.ID, Subject: "math", Point: "math.kp2", PKnown: 0.1, State: zhixi.MasteryLearning, Answers: 1, UpdatedAt: t0,
			Detail: "P\x00\xff\x80'\\x"}
		ev := zhixi.AttentionEvent{Code: "attention_no_prerequisite", Point: "math.kp2", Wrong: 3, Of: 4}
		before := db.Counts()
		must(t, db.SavePractice(ctx, &zhixi.PracticeChange{State: &ps, Attempt: &a, Mastery: []zhixi.Mastery{moved},
			Events: []zhixi.AttentionEvent{ev}, Audit: &zhixi.AuditEntry{Action: zhixi.AuditUpdate, Object: "practice", StudentID: ming.ID}}))
		if ps.Version != 2 || a.ID == 0 {
			t.Fatalf("after answer: version %d attempt %d", ps.Version, a.ID)
		}
		// An answer with an attention event is one write transaction too;
		// that the event names this attempt is checked below (on
		// PostgreSQL the pipeline sends it before the attempt has an id).
		if tx := db.Counts().WriteTx - before.WriteTx; tx != 1 {
			t.Fatalf("an answer with an attention event took %d write transactions, want 1", tx)
		}
		// A bad attempt, or an audit row that cannot be written, leaves
		// everything as it was.
		bad := ps
		bad.State = []byte(`{"v":"bad"}`)
		wantErr(t, save(&bad, &zhixi.Attempt{StudentID: ming.ID, ItemID: "nope", ItemVersion: 1, Source: "practice"}), zhixi.ENOTFOUND, "err.item_not_found")
		wantErr(t, db.SavePractice(ctx, &zhixi.PracticeChange{State: &bad, Attempt: &zhixi.Attempt{StudentID: ming.ID, ItemID: "math.i0", ItemVersion: 1},
			Mastery: []zhixi.Mastery{{StudentID: ming.ID, Subject: "math", Point: "math.kp1", PKnown: 0, State: zhixi.MasteryLearning}},
			Events:  []zhixi.AttentionEvent{ev}, Audit: &zhixi.AuditEntry{}}), zhixi.EINVALID, "err.action_required")
		// A save at a version that has moved on (another tablet answered
		// first) writes nothing either: not the state, the attempt, the
		// mastery row nor the audit row (on PostgreSQL they go out in one
		// pipeline, which the version check fails whole).
		stale := ps
		stale.Version = 1
		stale.State = []byte(`{"v":"stale"}`)
		_, audits, err := db.AuditEntries(ctx, zhixi.AuditFilter{StudentID: ming.ID})
		must(t, err)
		wantErr(t, db.SavePractice(ctx, &zhixi.PracticeChange{State: &stale, Attempt: &zhixi.Attempt{StudentID: ming.ID, ItemID: "math.i0", ItemVersion: 1, Source: "practice", AnswerID: "stale-1"},
			Mastery: []zhixi.Mastery{{StudentID: ming.ID, Subject: "math", Point: "math.kp1", PKnown: 0, State: zhixi.MasteryLearning}},
			Audit:   &zhixi.AuditEntry{Action: zhixi.AuditUpdate, Object: "practice", StudentID: ming.ID}}), zhixi.ECONFLICT, "err.version_conflict")
		if _, after, err := db.AuditEntries(ctx, zhixi.AuditFilter{StudentID: ming.ID}); err != nil || after != audits {
			t.Fatalf("a stale save wrote an audit row: %d rows before, %d after (%v)", audits, after, err)
		}
		if _, err := db.AttemptByAnswerID(ctx, ming.ID, "stale-1"); zhixi.ErrorCode(err) != zhixi.ENOTFOUND {
			t.Fatalf("a stale save stored its attempt: %v", err)
		}
		got, err := db.PracticeState(ctx, ming.ID, "math")
		must(t, err)
		if got.Version != 2 || string(got.State) != `{"v":2}` {
			t.Fatalf("stored %d %s", got.Version, got.State)
		}
		atts, err := db.Attempts(ctx, ming.ID)
		must(t, err)
		if len(atts) != 1 || atts[0].Source != "practice" {
			t.Fatalf("attempts %+v", atts)
		}
		rows, err := db.Mastery(ctx, ming.ID, "math")
		must(t, err)
		start[0].UpdatedAt = t0
		start[0].StudentID, start[0].Subject = ming.ID, "math"
		if len(rows) != 2 || rows[0] != start[0] || rows[1] != moved {
			t.Fatalf("mastery rows %+v, want %+v and %+v", rows, start[0], moved)
		}
		evs, err := db.AttentionEvents(ctx, zhixi.AttentionFilter{StudentIDs: []int64{ming.ID, 999}})
		must(t, err)
		ev.ID, ev.StudentID, ev.Subject, ev.AttemptID, ev.At = evs[0].ID, ming.ID, "math", a.ID, t0
		if len(evs) != 1 || evs[0] != ev {
			t.Fatalf("attention events %+v, want %+v", evs, ev)
		}
		if evs, _ := db.AttentionEvents(ctx, zhixi.AttentionFilter{Since: t0.Add(time.Second)}); len(evs) != 0 {
			t.Fatalf("events since later: %+v", evs)
		}

		// The usual answer (no attention event) is one write transaction
		// of four statements: state, attempt, mastery row, audit row; on
		// PostgreSQL one statement (a second transaction would mean it
		// failed and the statement-by-statement path ran).
		before = db.Counts()
		next := zhixi.Attempt{StudentID: ming.ID, ItemID: "math.i1", ItemVersion: 1, Correct: true, Source: "practice", At: t0, AnswerID: "usual-1"}
		audit := &zhixi.AuditEntry{Action: zhixi.AuditUpdate, Object: "practice", StudentID: ming.ID}
		ps.State = []byte(`{"v":3}`)
		moved.PKnown, moved.Answers = 0.4, 2
		must(t, db.SavePractice(ctx, &zhixi.PracticeChange{State: &ps, Attempt: &next, Mastery: []zhixi.Mastery{moved}, Audit: audit}))
		after := db.Counts()
		want := int64(4)
		if db.Engine() == store.Postgres {
			want = 1
		}
		if tx, n := after.WriteTx-before.WriteTx, after.Statements-before.Statements; tx != 1 || n != want {
			t.Fatalf("an answer took %d write transactions and %d statements, want 1 and %d", tx, n, want)
		}
		if ps.Version != 3 || next.ID == 0 || audit.ID == 0 {
			t.Fatalf("after the usual answer: version %d, attempt %d, audit row %d", ps.Version, next.ID, audit.ID)
		}
		got, err = db.PracticeState(ctx, ming.ID, "math")
		must(t, err)
		stored, err := db.AttemptByAnswerID(ctx, ming.ID, "usual-1")
		must(t, err)
		rows, err = db.Mastery(ctx, ming.ID, "math")
		must(t, err)
		if got.Version != 3 || string(got.State) != `{"v":3}` || stored.ID != next.ID || !stored.Correct || rows[1] != moved {
			t.Fatalf("after the usual answer: state %d %s, attempt %+v, mastery %+v", got.Version, got.State, stored, rows[1])
		}
	})
}

func TestTryLease(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx := ctxT(t)
		now := time.Date(2026, 11, 29, 2, 0, 0, 0, time.UTC)
		const n = 10
		got := make([]bool, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				ok, err := db.TryLease(ctx, "kt-fit", string(rune('a'+i)), now, time.Hour)
				if err != nil {
					t.Error(err)
				}
				got[i] = ok
			})
		}
		wg.Wait()
		holders := 0
		holder := ""
		for i, ok := range got {
			if ok {
				holders++
				holder = string(rune('a' + i))
			}
		}
		if holders != 1 {
			t.Fatalf("%d servers got the lease at once, want 1", holders)
		}
		// The holder renews; others wait until it expires.
		if ok, _ := db.TryLease(ctx, "kt-fit", holder, now.Add(30*time.Minute), time.Hour); !ok {
			t.Fatal("holder could not renew")
		}
		other := "z"
		if ok, _ := db.TryLease(ctx, "kt-fit", other, now.Add(80*time.Minute), time.Hour); ok {
			t.Fatal("lease taken before it expired")
		}
		if ok, _ := db.TryLease(ctx, "kt-fit", other, now.Add(91*time.Minute), time.Hour); !ok {
			t.Fatal("expired lease not taken")
		}
		_, err := db.TryLease(ctx, "", other, now, time.Hour)
		wantErr(t, err, zhixi.EINVALID, "err.invalid")
	})
}

// startedPractices makes n students, each with a practice of the sample
// maths at version 1.
func startedPractices(t *testing.T, db *store.DB, n int) []*zhixi.PracticeState {
	t.Helper()
	ctx := ctxT(t)
	f := newFixture(t, db)
	_, err := db.ImportSubject(ctx, sampleSubject("math", 2), time.Now())
	must(t, err)
	states := make([]*zhixi.PracticeState, n)
	for i := range states {
		s := f.student(t, db, fmt.Sprintf("学生%d", i))
		states[i] = &zhixi.PracticeState{StudentID: s.ID, Subject: "math", State: []byte(`{"v":1}`)}
		must(t, db.SavePractice(ctx, &zhixi.PracticeChange{State: states[i]}))
	}
	return states
}

// TestPracticeAnswersCommittedTogether saves answers of many students at
// once, two tablets racing on every other student's state: each student
// keeps exactly one answer (the other gets ECONFLICT and writes nothing),
// whichever batch the answers shared.
func TestPracticeAnswersCommittedTogether(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx := ctxT(t)
		const n = 12
		states := startedPractices(t, db, n)
		type save struct {
			student int
			change  *zhixi.PracticeChange
			err     error
		}
		var saves []*save
		for i := range states {
			for tablet := range 1 + i%2 {
				ps := *states[i]
				ps.State = fmt.Appendf(nil, `{"v":2,"tablet":%d}`, tablet)
				saves = append(saves, &save{student: i, change: &zhixi.PracticeChange{State: &ps,
					Attempt: &zhixi.Attempt{StudentID: ps.StudentID, ItemID: "math.i1", ItemVersion: 1, Source: "practice",
						AnswerID: fmt.Sprintf("s%d-t%d", i, tablet)},
					Mastery: []zhixi.Mastery{{StudentID: ps.StudentID, Subject: "math", Point: "math.kp1", PKnown: 0.5,
						State: zhixi.MasteryLearning, Answers: 1, Detail: fmt.Sprint(tablet)}},
					Audit: &zhixi.AuditEntry{Action: zhixi.AuditUpdate, Object: "practice", StudentID: ps.StudentID}}})
			}
		}
		before := db.Counts()
		var wg sync.WaitGroup
		start := make(chan struct{})
		for _, s := range saves {
			wg.Go(func() {
				<-start
				s.err = db.SavePractice(ctx, s.change)
			})
		}
		close(start)
		wg.Wait()
		t.Logf("%d saves in %d write transactions", len(saves), db.Counts().WriteTx-before.WriteTx)
		won := make([]int, n)
		ids := map[int64]bool{}
		for _, s := range saves {
			if s.err != nil {
				wantErr(t, s.err, zhixi.ECONFLICT, "err.version_conflict")
				continue
			}
			won[s.student]++
			a := s.change.Attempt
			if a.ID == 0 || ids[a.ID] || s.change.Audit.ID == 0 || s.change.State.Version != 2 {
				t.Fatalf("student %d: attempt %d (seen %v), audit row %d, version %d", s.student, a.ID, ids[a.ID], s.change.Audit.ID, s.change.State.Version)
			}
			ids[a.ID] = true
			got, err := db.PracticeState(ctx, a.StudentID, "math")
			must(t, err)
			stored, err := db.AttemptByAnswerID(ctx, a.StudentID, a.AnswerID)
			must(t, err)
			rows, err := db.Mastery(ctx, a.StudentID, "math")
			must(t, err)
			if got.Version != 2 || !bytes.Equal(got.State, s.change.State.State) || stored.ID != a.ID ||
				len(rows) != 1 || rows[0].Detail != s.change.Mastery[0].Detail {
				t.Fatalf("student %d: stored state %d %s, attempt %d, mastery %+v; the winner saved %s, attempt %d",
					s.student, got.Version, got.State, stored.ID, rows, s.change.State.State, a.ID)
			}
		}
		for i, w := range won {
			if w != 1 {
				t.Fatalf("student %d: %d answers stored, want 1", i, w)
			}
			atts, err := db.Attempts(ctx, states[i].StudentID)
			must(t, err)
			_, audits, err := db.AuditEntries(ctx, zhixi.AuditFilter{StudentID: states[i].StudentID})
			must(t, err)
			if len(atts) != 1 || audits != 1 {
				t.Fatalf("student %d: %d attempts and %d audit rows, want 1 and 1", i, len(atts), audits)
			}
		}
	})
}

// TestPracticeBatch commits answers queued together: on SQLite a
// statement per table for the whole batch, on PostgreSQL one statement.
// Each answer gets its own ids back, its attention events included, its
// seen items are upserted, and
// one that fails (stale, an unknown item) gets its own error while the
// others are stored.
func TestPracticeBatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx := ctxT(t)
		const n = 5
		states := startedPractices(t, db, n)
		answer := func(round, i int, item string) *zhixi.PracticeChange {
			ps := *states[i]
			ps.State = fmt.Appendf(nil, `{"round":%d,"student":%d}`, round, i)
			return &zhixi.PracticeChange{State: &ps,
				Attempt: &zhixi.Attempt{StudentID: ps.StudentID, ItemID: item, ItemVersion: 1, Source: "practice", AnswerID: fmt.Sprintf("r%d-s%d", round, i)},
				Mastery: []zhixi.Mastery{{StudentID: ps.StudentID, Subject: "math", Point: "math.kp1", PKnown: 0.5,
					State: zhixi.MasteryLearning, Answers: round, Detail: fmt.Sprintf("r%d-s%d", round, i)}},
				Seen: []zhixi.SeenItem{{StudentID: ps.StudentID, Subject: "math", ItemID: fmt.Sprintf("math.r%d", round), N: round,
					At: time.Unix(int64(round), 0)}, {StudentID: ps.StudentID, Subject: "math", ItemID: "math.i1", N: 10 * round, At: time.Unix(int64(i), 0)}},
				Audit: &zhixi.AuditEntry{Action: zhixi.AuditUpdate, Object: "practice", StudentID: ps.StudentID, Detail: fmt.Sprintf("r%d-s%d", round, i)}}
		}
		// check reads back what answer c of student i stored.
		check := func(i int, c *zhixi.PracticeChange) {
			t.Helper()
			got, err := db.PracticeState(ctx, c.State.StudentID, "math")
			must(t, err)
			stored, err := db.AttemptByAnswerID(ctx, c.State.StudentID, c.Attempt.AnswerID)
			must(t, err)
			rows, err := db.Mastery(ctx, c.State.StudentID, "math")
			must(t, err)
			audits, _, err := db.AuditEntries(ctx, zhixi.AuditFilter{StudentID: c.State.StudentID})
			must(t, err)
			var audit *zhixi.AuditEntry
			for j := range audits {
				if audits[j].ID == c.Audit.ID {
					audit = &audits[j]
				}
			}
			seen, err := db.SeenItems(ctx, c.State.StudentID, "math")
			must(t, err)
			saw := map[string]zhixi.SeenItem{}
			for _, it := range seen {
				saw[it.ItemID] = it
			}
			for _, it := range c.Seen {
				if got := saw[it.ItemID]; got.N != it.N || !got.At.Equal(it.At) {
					t.Fatalf("student %d: seen item %s stored as %+v, saved %+v", i, it.ItemID, got, it)
				}
			}
			if got.Version != c.State.Version || !bytes.Equal(got.State, c.State.State) || stored.ID != c.Attempt.ID ||
				len(rows) != 1 || rows[0].Detail != c.Mastery[0].Detail || audit == nil || audit.Detail != c.Audit.Detail {
				t.Fatalf("student %d: stored state %d %s, attempt %d, mastery %+v, audit row %+v; saved %d %s, attempt %d, audit row %d",
					i, got.Version, got.State, stored.ID, rows, audit, c.State.Version, c.State.State, c.Attempt.ID, c.Audit.ID)
			}
			states[i] = c.State
		}

		var round []*zhixi.PracticeChange
		for i := range n {
			round = append(round, answer(1, i, "math.i1"))
		}
		before := db.Counts()
		errs := db.SavePracticeTogether(ctx, round...)
		after := db.Counts()
		for i, err := range errs {
			must(t, err)
			check(i, round[i])
		}
		want := int64(5) // states, attempts, mastery rows, seen items, audit rows
		if db.Engine() == store.Postgres {
			want = 1
		}
		if tx, stmts := after.WriteTx-before.WriteTx, after.Statements-before.Statements; tx != 1 || stmts != want {
			t.Fatalf("%d answers took %d write transactions and %d statements, want 1 and %d", n, tx, stmts, want)
		}

		round = round[:0]
		for i := range n {
			round = append(round, answer(2, i, "math.i1"))
		}
		round[1].State.Version = 1 // another tablet answered first
		round[3].Attempt.ItemID = "nope"
		errs = db.SavePracticeTogether(ctx, round...)
		wantErr(t, errs[1], zhixi.ECONFLICT, "err.version_conflict")
		wantErr(t, errs[3], zhixi.ENOTFOUND, "err.item_not_found")
		for _, i := range []int{0, 2, 4} {
			must(t, errs[i])
			check(i, round[i])
		}
		for _, i := range []int{1, 3} {
			if _, err := db.AttemptByAnswerID(ctx, round[i].State.StudentID, round[i].Attempt.AnswerID); zhixi.ErrorCode(err) != zhixi.ENOTFOUND {
				t.Fatalf("student %d: the refused answer's attempt was stored (%v)", i, err)
			}
			if got, err := db.PracticeState(ctx, round[i].State.StudentID, "math"); err != nil || got.Version != 2 {
				t.Fatalf("student %d: after a refused answer the state is at version %d (%v), want 2", i, got.Version, err)
			}
		}

		// Answers that raise attention events: student i raises i%3.
		round = round[:0]
		for i := range n {
			c := answer(3, i, "math.i1")
			for j := range i % 3 {
				c.Events = append(c.Events, zhixi.AttentionEvent{Code: "stuck", Point: "math.kp1", Wrong: 3 + j, Of: 4})
			}
			round = append(round, c)
		}
		before = db.Counts()
		errs = db.SavePracticeTogether(ctx, round...)
		after = db.Counts()
		// Write transactions: the board's wake-up after the last round may
		// add a statement.
		if tx := after.WriteTx - before.WriteTx; db.Engine() == store.Postgres && tx != 1 {
			t.Fatalf("%d answers with attention events took %d write transactions, want 1", n, tx)
		}
		for i, c := range round {
			must(t, errs[i])
			check(i, c)
			evs, err := db.AttentionEvents(ctx, zhixi.AttentionFilter{StudentIDs: []int64{c.State.StudentID}})
			must(t, err)
			if len(evs) != len(c.Events) {
				t.Fatalf("student %d: %d attention events stored, want %d", i, len(evs), len(c.Events))
			}
			for _, ev := range c.Events {
				found := false
				for _, got := range evs {
					found = found || (got.ID == ev.ID && got.AttemptID == c.Attempt.ID && got.Wrong == ev.Wrong && ev.AttemptID == c.Attempt.ID)
				}
				if !found {
					t.Fatalf("student %d: event %+v (attempt %d) is not among those stored: %+v", i, ev, c.Attempt.ID, evs)
				}
			}
		}
	})
}
