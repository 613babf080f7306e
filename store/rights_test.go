package store_test

import (
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

// A child with an account, a guardian, a finished screening and an
// answer whose free text is their own name.
func childWithData(t *testing.T, db *store.DB, f fixture, name string) zhixi.Student {
	t.Helper()
	ctx := ctxT(t)
	account := zhixi.User{Username: "kid-" + name, DisplayName: name, Role: zhixi.RoleStudent, CommunityID: f.community.ID}
	must(t, db.CreateUser(ctx, &account))
	s := zhixi.Student{CommunityID: f.community.ID, UserID: account.ID, Name: name, Grade: 5,
		BirthMonth: time.Date(2015, 3, 1, 0, 0, 0, 0, time.UTC)}
	must(t, db.CreateStudent(ctx, &s))
	must(t, db.LinkGuardian(ctx, s.ID, f.guardian.ID, "奶奶"))
	must(t, db.RecordConsent(ctx, s.ID, f.guardian.ID, time.Now()))
	if _, err := db.ImportSubject(ctx, sampleSubject("math", 2), time.Now()); err != nil {
		t.Fatal(err)
	}
	sc := &zhixi.ScreeningSession{StudentID: s.ID, Subject: "math", Status: "finished", State: []byte(`{"by":"` + name + `"}`)}
	must(t, db.CreateScreening(ctx, sc, nil))
	must(t, db.RecordAttempt(ctx, &zhixi.Attempt{StudentID: s.ID, ItemID: "math.i1", ItemVersion: 1, Response: "我叫" + name,
		Source: "screening", SessionID: sc.ID, KnowledgePoints: []string{"math.kp1"}}))
	must(t, db.SavePractice(ctx, &zhixi.PracticeChange{State: &zhixi.PracticeState{StudentID: s.ID, Subject: "math", State: []byte(name)}}))
	must(t, db.AppendAudit(ctx, &zhixi.AuditEntry{Action: zhixi.AuditRead, Object: "student", ObjectID: s.ID, StudentID: s.ID}))
	return s
}

func TestExportAndErase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx := ctxT(t)
		f := newFixture(t, db)
		const name = "欧阳知秋"
		kid := childWithData(t, db, f, name)
		other := f.student(t, db, "另一个孩子")

		x, err := db.ExportStudent(ctx, kid.ID, &zhixi.AuditEntry{Action: zhixi.AuditExport, StudentID: kid.ID})
		must(t, err)
		if x.Student.Name != name || x.Community != f.community.Name || len(x.Guardians) != 1 || len(x.Screenings) != 1 ||
			len(x.Attempts) != 1 || x.Attempts[0].Response != "我叫"+name || len(x.Practice) != 1 || len(x.Access) != 1 {
			t.Fatalf("export: %+v", x)
		}
		if x.Screenings[0].State != nil {
			t.Error("the export carries the engine's state")
		}

		before, err := db.ColumnsContaining(ctx, name)
		must(t, err)
		for _, want := range []string{"students.name", "users.display_name", "users.username", "attempts.response", "screenings.state", "practice_states.state"} {
			if !slices.Contains(before, want) {
				t.Errorf("before erasure the scan finds the name in %v, missing %s", before, want)
			}
		}

		// A practice answer with its points' rows, its seen item and an
		// attention event, which go with the child.
		ps, err := db.PracticeState(ctx, kid.ID, "math")
		must(t, err)
		must(t, db.SavePractice(ctx, &zhixi.PracticeChange{State: ps,
			Attempt: &zhixi.Attempt{StudentID: kid.ID, ItemID: "math.i1", ItemVersion: 1, Source: "practice"},
			Mastery: []zhixi.Mastery{point(kid.ID, "math.kp1", 0.4, time.Now())},
			Seen:    []zhixi.SeenItem{{StudentID: kid.ID, Subject: "math", ItemID: "math.i1", At: time.Now()}},
			Events:  []zhixi.AttentionEvent{{Code: "attention_no_prerequisite", Point: "math.kp1", Wrong: 3, Of: 4}}}))

		ask := func() error {
			return db.RequestDeletion(ctx, &zhixi.DeletionRequest{StudentID: kid.ID, RequestedBy: f.guardian.ID, RequestedAt: time.Now()},
				&zhixi.AuditEntry{Action: zhixi.AuditErasureAsk, StudentID: kid.ID})
		}
		erase := func() error {
			return db.EraseStudent(ctx, kid.ID, 99, "已删除 S-TEST", time.Now(), &zhixi.AuditEntry{Action: zhixi.AuditDelete, StudentID: kid.ID})
		}
		wantErr(t, erase(), zhixi.EINVALID, "err.deletion_none")
		must(t, ask())
		wantErr(t, ask(), zhixi.ECONFLICT, "err.deletion_pending")
		pending, err := db.DeletionRequests(ctx, f.community.ID)
		must(t, err)
		if len(pending) != 1 || pending[0].StudentName != name {
			t.Fatalf("pending requests: %+v", pending)
		}
		// Two staff confirming at once erase once.
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Go(func() { errs[i] = erase() })
		}
		wg.Wait()
		if (errs[0] == nil) == (errs[1] == nil) {
			t.Fatalf("simultaneous confirmations: %v, %v; want one success", errs[0], errs[1])
		}

		cols, err := db.ColumnsContaining(ctx, name)
		must(t, err)
		if len(cols) != 0 {
			t.Errorf("the erased child's name is still in %v", cols)
		}
		if _, err := db.Student(ctx, kid.ID); zhixi.ErrorCode(err) != zhixi.ENOTFOUND {
			t.Errorf("the erased child is still visible: %v", err)
		}
		if list, _ := db.Students(ctx, zhixi.StudentFilter{CommunityID: f.community.ID}); len(list) != 1 || list[0].ID != other.ID {
			t.Errorf("the community lists %+v, want only the other child", list)
		}
		counts, err := db.ScreeningCounts(ctx, f.community.ID)
		must(t, err)
		if len(counts) != 1 || counts[0].Screenings != 1 || counts[0].Subject != "math" {
			t.Errorf("screening counts after erasure: %+v, want the screening still counted", counts)
		}
		stats, err := db.CommunityStats(ctx, f.street.ID)
		must(t, err)
		if len(stats) != 1 || stats[0].Students != 2 {
			t.Errorf("community stats after erasure: %+v, want 2 students counted", stats)
		}
		if rows, err := db.Mastery(ctx, kid.ID, "math"); err != nil || len(rows) != 0 {
			t.Errorf("the erased child's mastery rows remain: %+v (%v)", rows, err)
		}
		if evs, err := db.AttentionEvents(ctx, zhixi.AttentionFilter{StudentIDs: []int64{kid.ID}}); err != nil || len(evs) != 0 {
			t.Errorf("the erased child's attention events remain: %+v (%v)", evs, err)
		}
		if items, err := db.SeenItems(ctx, kid.ID, "math"); err != nil || len(items) != 0 {
			t.Errorf("the erased child's seen items remain: %+v (%v)", items, err)
		}
		if _, err := db.UserByUsername(ctx, "kid-"+name); zhixi.ErrorCode(err) != zhixi.ENOTFOUND {
			t.Errorf("the child's account keeps its name: %v", err)
		}
		// The audit rows stay (append-only), naming the child by number.
		_, n, err := db.AuditEntries(ctx, zhixi.AuditFilter{StudentID: kid.ID})
		must(t, err)
		if n != 4 {
			t.Errorf("%d audit rows about the child, want 4 (read, export, request, erase)", n)
		}
	})
}

// point is a mastery row of a point being learnt, as stored.
func point(studentID int64, id string, p float64, at time.Time) zhixi.Mastery {
	return zhixi.Mastery{StudentID: studentID, Subject: "math", Point: id, PKnown: p, State: zhixi.MasteryLearning, UpdatedAt: at.UTC()}
}

func TestRetention(t *testing.T) {
	eachPair(t, func(t *testing.T, a, b *store.DB) {
		ctx := ctxT(t)
		f := newFixture(t, a)
		old := childWithData(t, a, f, "三年前的孩子")
		recent := childWithData(t, a, f, "最近的孩子")
		now := time.Now().Add(4 * 365 * 24 * time.Hour) // the first child's last visit is four years back
		must(t, a.RecordAttempt(ctx, &zhixi.Attempt{StudentID: recent.ID, ItemID: "math.i1", ItemVersion: 1, At: now.Add(-time.Hour)}))
		must(t, a.CreateSession(ctx, &zhixi.Session{TokenHash: "old", UserID: f.guardian.ID, ExpiresAt: now.Add(-time.Minute)}))
		must(t, a.CreateSession(ctx, &zhixi.Session{TokenHash: "live", UserID: f.guardian.ID, ExpiresAt: now.Add(time.Hour)}))
		must(t, a.CreateResetCode(ctx, &zhixi.ResetCode{CodeHash: "c", UserID: f.guardian.ID, ExpiresAt: now.Add(-time.Second)},
			&zhixi.AuditEntry{Action: zhixi.AuditResetCode}))
		// The first child's practice state has its points' mastery rows,
		// its seen item and an attention event, which go with it.
		ps, err := a.PracticeState(ctx, old.ID, "math")
		must(t, err)
		must(t, a.SavePractice(ctx, &zhixi.PracticeChange{State: ps,
			Attempt: &zhixi.Attempt{StudentID: old.ID, ItemID: "math.i1", ItemVersion: 1, Source: "practice"},
			Mastery: []zhixi.Mastery{point(old.ID, "math.kp1", 0.9, now), point(old.ID, "math.kp2", 0.9, now)},
			Seen:    []zhixi.SeenItem{{StudentID: old.ID, Subject: "math", ItemID: "math.i1", At: now}},
			Events:  []zhixi.AttentionEvent{{Code: "attention_no_prerequisite", Point: "math.kp2", Wrong: 3, Of: 4}}}))
		limits := zhixi.RetentionLimits{Answers: 3 * 365 * 24 * time.Hour}
		// Two servers at once: the work is done once, all of it.
		var wg sync.WaitGroup
		reps := make([]zhixi.RetentionReport, 2)
		for i := range reps {
			wg.Go(func() {
				r, err := pick(i, a, b).ApplyRetention(ctx, now, limits, &zhixi.AuditEntry{Action: zhixi.AuditRetention})
				if err != nil {
					t.Error(err)
				}
				reps[i] = r
			})
		}
		wg.Wait()
		sum := reps[0]
		sum.Sessions += reps[1].Sessions
		sum.ResetCodes += reps[1].ResetCodes
		sum.Attempts += reps[1].Attempts
		sum.PracticeStates += reps[1].PracticeStates
		sum.MasteryRows += reps[1].MasteryRows
		sum.AttentionEvents += reps[1].AttentionEvents
		sum.SeenItems += reps[1].SeenItems
		if sum.Sessions != 1 || sum.ResetCodes != 1 || sum.Attempts != 2 || sum.PracticeStates != 1 || sum.MasteryRows != 2 ||
			sum.SeenItems != 1 || sum.AttentionEvents != 1 {
			t.Errorf("retention removed %+v and %+v, want 1 session, 1 code, 2 answers, 1 practice state with its 2 mastery rows, "+
				"1 seen item and 1 attention event in all",
				reps[0], reps[1])
		}
		if got, _ := a.Attempts(ctx, old.ID); len(got) != 0 {
			t.Errorf("the stale child's answers survived: %d", len(got))
		}
		if rows, err := a.Mastery(ctx, old.ID, "math"); err != nil || len(rows) != 0 {
			t.Errorf("the stale child's mastery rows survived: %+v (%v)", rows, err)
		}
		// Rows that outlived their state (as retention left them before it
		// removed both): a new start's rows replace them.
		ps, err = a.PracticeState(ctx, recent.ID, "math")
		must(t, err)
		must(t, a.SavePractice(ctx, &zhixi.PracticeChange{State: ps,
			Mastery: []zhixi.Mastery{point(recent.ID, "math.kp1", 0.9, now), point(recent.ID, "math.kp2", 0.9, now)}}))
		must(t, a.Exec(ctx, "DELETE FROM practice_states WHERE student_id = ?", recent.ID))
		again := []zhixi.Mastery{point(recent.ID, "math.kp1", 0.2, now)}
		must(t, b.SavePractice(ctx, &zhixi.PracticeChange{State: &zhixi.PracticeState{StudentID: recent.ID, Subject: "math", State: []byte("2")}, Mastery: again}))
		if rows, err := b.Mastery(ctx, recent.ID, "math"); err != nil || !reflect.DeepEqual(rows, again) {
			t.Errorf("mastery rows after starting again: %+v (%v), want only the new start's %+v", rows, err, again)
		}
		if got, _ := a.Attempts(ctx, recent.ID); len(got) != 2 {
			t.Errorf("the recent child's answers: %d, want 2", len(got))
		}
		if _, err := a.Session(ctx, "live", now); err != nil {
			t.Errorf("a live session was removed: %v", err)
		}
		if counts, _ := a.ScreeningCounts(ctx, f.community.ID); len(counts) != 1 || counts[0].Screenings != 2 {
			t.Errorf("screening counts after retention: %+v, want both screenings", counts)
		}
		if _, n, _ := a.AuditEntries(ctx, zhixi.AuditFilter{Action: zhixi.AuditRetention}); n != 1 {
			t.Errorf("%d retention audit rows, want 1 (the run that removed something)", n)
		}
	})
}
