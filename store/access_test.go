package store_test

import (
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/store"
)

// TestAccessEpoch: every change an access decision reads moves the access
// epoch, a session's sliding lifetime does not; a server may answer with
// the session it read before, but a write carrying a moved epoch stores
// nothing, on one answer and in a shared commit, and the reads after it
// are fresh: a session deleted by another server is then gone.
func TestAccessEpoch(t *testing.T) {
	eachPair(t, func(t *testing.T, a, b *store.DB) {
		ctx := ctxT(t)
		f := newFixture(t, a)
		ming := f.student(t, a, "小明")
		hong := f.student(t, a, "小红")
		now := time.Now()
		epoch := func() int64 {
			t.Helper()
			n, err := a.QueryInt(ctx, "SELECT n FROM access_epoch WHERE id = 1")
			must(t, err)
			return n
		}
		_, err := a.ImportSubject(ctx, sampleSubject("math", 2), now)
		must(t, err)
		sess := zhixi.Session{TokenHash: "tok", UserID: f.guardian.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour), LastSeen: now}
		must(t, a.CreateSession(ctx, &sess))
		room := zhixi.Room{CommunityID: f.community.ID, Name: "AI智习室", Location: "二楼", Seats: 10}
		must(t, a.CreateRoom(ctx, &room))
		sup := zhixi.User{Username: "dx1", Role: zhixi.RoleSupervisor, PasswordHash: "h", CommunityID: f.community.ID}
		must(t, a.CreateUser(ctx, &sup))

		for _, c := range []struct {
			name   string
			change func() error
			moves  bool
		}{
			{"session's sliding lifetime", func() error { return b.TouchSession(ctx, "tok", now, now.Add(2*time.Hour)) }, false},
			{"guardian link", func() error { return b.LinkGuardian(ctx, ming.ID, f.guardian.ID, "母亲") }, true},
			{"consent", func() error { return b.RecordConsent(ctx, ming.ID, f.guardian.ID, now) }, true},
			{"account disabled", func() error { return b.SetDisabled(ctx, sup.ID, true, zhixi.AuditEntry{}) }, true},
			{"room's supervisors", func() error {
				room.Supervisors = []int64{sup.ID}
				return b.SaveRoom(ctx, &room, zhixi.AuditEntry{})
			}, true},
		} {
			before := epoch()
			must(t, c.change())
			if moved := epoch() != before; moved != c.moves {
				t.Errorf("%s: epoch moved %v, want %v", c.name, moved, c.moves)
			}
		}

		_, u, err := a.SessionUserAt(ctx, "tok", now)
		must(t, err)
		e := epoch()
		if u.AccessEpoch != e {
			t.Fatalf("session read at epoch %d, the epoch is %d", u.AccessEpoch, e)
		}
		ps := zhixi.PracticeState{StudentID: ming.ID, Subject: "math", State: []byte(`{}`), UpdatedAt: now}
		must(t, a.SavePractice(ctx, &zhixi.PracticeChange{State: &ps}))
		hps := zhixi.PracticeState{StudentID: hong.ID, Subject: "math", State: []byte(`{}`), UpdatedAt: now}
		must(t, a.SavePractice(ctx, &zhixi.PracticeChange{State: &hps}))
		answer := func(ps *zhixi.PracticeState, epoch int64) *zhixi.PracticeChange {
			return &zhixi.PracticeChange{State: ps, AccessEpoch: epoch,
				Attempt: &zhixi.Attempt{StudentID: ps.StudentID, ItemID: "math.i1", ItemVersion: 1, Source: "practice", At: now},
				Audit:   &zhixi.AuditEntry{Action: zhixi.AuditUpdate, Object: "practice", StudentID: ps.StudentID}}
		}
		must(t, a.SavePractice(ctx, answer(&ps, e)))

		// Another server disables the supervisor: the epoch moves, and
		// server a, which does not know yet, still answers from what it
		// read; its writes at the old epoch store nothing.
		must(t, b.SetDisabled(ctx, sup.ID, false, zhixi.AuditEntry{}))
		if _, u, err := a.SessionUserAt(ctx, "tok", now); err != nil || u.AccessEpoch != e || u.PasswordHash != "" {
			t.Fatalf("kept session: epoch %d, %v, password hash %q; want %d and no hash kept", u.AccessEpoch, err, u.PasswordHash, e)
		}
		wantErr(t, a.SavePractice(ctx, answer(&ps, e)), zhixi.ECONFLICT, "err.access_changed")
		for _, err := range a.SavePracticeTogether(ctx, answer(&ps, e), answer(&hps, e)) {
			wantErr(t, err, zhixi.ECONFLICT, "err.access_changed")
		}
		if atts, err := a.Attempts(ctx, ming.ID); err != nil || len(atts) != 1 {
			t.Fatalf("answers at a moved epoch were stored: %d attempts (%v)", len(atts), err)
		}
		if atts, err := a.Attempts(ctx, hong.ID); err != nil || len(atts) != 0 {
			t.Fatalf("answers at a moved epoch were stored: %d attempts (%v)", len(atts), err)
		}
		if cur, err := a.PracticeState(ctx, ming.ID, "math"); err != nil || cur.Version != ps.Version {
			t.Fatalf("state after refused answers: %+v (%v), want version %d", cur, err, ps.Version)
		}
		wantErr(t, a.ConfirmAccess(ctx, e), zhixi.ECONFLICT, "err.access_changed")
		_, _, err = a.StudentAndGuardiansAt(ctx, ming.ID, e)
		wantErr(t, err, zhixi.ECONFLICT, "err.access_changed")

		// Read afresh, at the new epoch, the answer is stored.
		_, u, err = a.SessionUserAt(ctx, "tok", now)
		must(t, err)
		if u.AccessEpoch != epoch() {
			t.Fatalf("session read again at epoch %d, the epoch is %d", u.AccessEpoch, epoch())
		}
		st, gids, err := a.StudentAndGuardiansAt(ctx, ming.ID, u.AccessEpoch)
		must(t, err)
		if st.ID != ming.ID || len(gids) != 1 || gids[0] != f.guardian.ID {
			t.Fatalf("student at the epoch: %+v guardians %v", st, gids)
		}
		must(t, a.ConfirmAccess(ctx, u.AccessEpoch))
		must(t, a.SavePractice(ctx, answer(&ps, u.AccessEpoch)))

		// Logged out on the other server: the kept session fails the
		// write, and read afresh it is gone.
		must(t, b.DeleteSession(ctx, "tok"))
		_, u, err = a.SessionUserAt(ctx, "tok", now)
		must(t, err)
		wantErr(t, a.SavePractice(ctx, answer(&ps, u.AccessEpoch)), zhixi.ECONFLICT, "err.access_changed")
		_, _, err = a.SessionUserAt(ctx, "tok", now)
		wantErr(t, err, zhixi.ENOTFOUND, "err.session_not_found")
	})
}
