package store_test

import (
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

func TestRecordScreeningAnswerIsAtomic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx := ctxT(t)
		f := newFixture(t, db)
		ming := f.student(t, db, "小明")
		_, err := db.ImportSubject(ctx, sampleSubject("math", 2), time.Now())
		must(t, err)
		s := zhixi.ScreeningSession{StudentID: ming.ID, Subject: "math", State: []byte(`{}`)}
		must(t, db.CreateScreening(ctx, &s))

		a := zhixi.Attempt{StudentID: ming.ID, ItemID: "math.i0", ItemVersion: 1, Correct: true, Source: "screening", SessionID: s.ID}
		upd := s
		upd.State = []byte(`{"n":1}`)
		must(t, db.RecordScreeningAnswer(ctx, &upd, &a))
		if upd.Version != 2 || a.ID == 0 {
			t.Fatalf("after answer: version %d, attempt id %d", upd.Version, a.ID)
		}

		// A stale version writes neither the session nor the attempt.
		stale := s
		stale.State = []byte(`{"n":"stale"}`)
		b := zhixi.Attempt{StudentID: ming.ID, ItemID: "math.i1", ItemVersion: 1, Source: "screening", SessionID: s.ID}
		wantErr(t, db.RecordScreeningAnswer(ctx, &stale, &b), zhixi.ECONFLICT, "err.version_conflict")
		// A bad attempt rolls the session update back.
		bad := upd
		bad.State = []byte(`{"n":"bad"}`)
		c := zhixi.Attempt{StudentID: ming.ID, ItemID: "math.nope", ItemVersion: 1, Source: "screening", SessionID: s.ID}
		wantErr(t, db.RecordScreeningAnswer(ctx, &bad, &c), zhixi.ENOTFOUND, "err.item_not_found")
		if bad.Version != upd.Version {
			t.Fatalf("failed answer moved the version to %d", bad.Version)
		}

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
	})
}
