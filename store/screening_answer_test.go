package store_test

import (
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

// TestSaveScreeningIsAtomic: the session, the answer and the audit row
// commit together; a stale version, a bad attempt or a failing audit row
// leaves nothing behind.
func TestSaveScreeningIsAtomic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx := ctxT(t)
		f := newFixture(t, db)
		ming := f.student(t, db, "小明")
		_, err := db.ImportSubject(ctx, sampleSubject("math", 2), time.Now())
		must(t, err)
		created := &zhixi.AuditEntry{Action: zhixi.AuditCreate, Object: "screening", StudentID: ming.ID}
		s := zhixi.ScreeningSession{StudentID: ming.ID, Subject: "math", State: []byte(`{}`)}
		must(t, db.CreateScreening(ctx, &s, created))
		if created.ObjectID != s.ID || created.ID == 0 {
			t.Fatalf("creation audited as %+v, want object %d", created, s.ID)
		}

		a := zhixi.Attempt{StudentID: ming.ID, ItemID: "math.i0", ItemVersion: 1, Correct: true, Source: "screening", SessionID: s.ID}
		upd := s
		upd.State = []byte(`{"n":1}`)
		must(t, db.SaveScreening(ctx, &upd, &a, &zhixi.AuditEntry{Action: zhixi.AuditUpdate, Object: "screening", ObjectID: s.ID, StudentID: ming.ID}))
		if upd.Version != 2 || a.ID == 0 {
			t.Fatalf("after answer: version %d, attempt id %d", upd.Version, a.ID)
		}

		// A stale version writes neither the session nor the attempt.
		stale := s
		stale.State = []byte(`{"n":"stale"}`)
		b := zhixi.Attempt{StudentID: ming.ID, ItemID: "math.i1", ItemVersion: 1, Source: "screening", SessionID: s.ID}
		wantErr(t, db.SaveScreening(ctx, &stale, &b, nil), zhixi.ECONFLICT, "err.version_conflict")
		// A bad attempt rolls the session update back.
		bad := upd
		bad.State = []byte(`{"n":"bad"}`)
		c := zhixi.Attempt{StudentID: ming.ID, ItemID: "math.nope", ItemVersion: 1, Source: "screening", SessionID: s.ID}
		wantErr(t, db.SaveScreening(ctx, &bad, &c, nil), zhixi.ENOTFOUND, "err.item_not_found")
		if bad.Version != upd.Version {
			t.Fatalf("failed answer moved the version to %d", bad.Version)
		}
		// So does an audit row that cannot be written.
		unaudited := upd
		unaudited.State = []byte(`{"n":"unaudited"}`)
		d := zhixi.Attempt{StudentID: ming.ID, ItemID: "math.i1", ItemVersion: 1, Source: "screening", SessionID: s.ID}
		wantErr(t, db.SaveScreening(ctx, &unaudited, &d, &zhixi.AuditEntry{}), zhixi.EINVALID, "err.action_required")

		got, err := db.ScreeningSession(ctx, s.ID)
		must(t, err)
		if got.Version != 2 || string(got.State) != `{"n":1}` {
			t.Fatalf("session after failures: version %d state %s", got.Version, got.State)
		}
		atts, err := db.Attempts(ctx, ming.ID)
		must(t, err)
		if len(atts) != 1 || atts[0].ItemID != "math.i0" {
			t.Fatalf("attempts after failures: %+v", atts)
		}
		_, n, err := db.AuditEntries(ctx, zhixi.AuditFilter{StudentID: ming.ID})
		must(t, err)
		if n != 2 {
			t.Fatalf("%d audit rows, want 2 (the start and the one answer)", n)
		}
	})
}
