package learn_test

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi/kt"
	"github.com/zhixi-org/zhixi/learn"
)

func TestFitterDueAndLease(t *testing.T) {
	svc, db, admin, st := setup(t)
	ctx := context.Background()
	cst := time.FixedZone("CST", 8*3600)
	night := time.Date(2026, 11, 29, 3, 0, 0, 0, cst) // after 02:00
	newFitter := func(holder string) *learn.Fitter {
		return &learn.Fitter{Store: db, Holder: holder, Hour: 2, Options: kt.Options{Seed: 1, Restarts: 2},
			Log: slog.New(slog.DiscardHandler), Now: func() time.Time { return night }}
	}
	f := newFitter("a")
	if due, err := f.Due(ctx, night); err != nil || !due {
		t.Fatalf("never fitted: due %v %v", due, err)
	}
	// Nothing to fit yet.
	if _, _, err := f.RunOnce(ctx); !errors.Is(err, learn.ErrNoAttempts) {
		t.Fatalf("fit with no answers: %v", err)
	}
	// Some answers: a screening answered right, then wrong.
	v, err := svc.StartScreening(ctx, admin, st.ID, "math")
	must(t, err)
	for v.Status == "active" {
		v, err = svc.Answer(ctx, admin, v.ID, learn.AnswerInput{Version: v.Version, Item: v.Question.ItemID, Response: "0"})
		must(t, err)
	}
	// Two servers at once, after the first one's lease expired: one fits.
	later := night.Add(2 * time.Hour)
	fitters := []*learn.Fitter{newFitter("a"), newFitter("b")}
	ran := make([]bool, len(fitters))
	var wg sync.WaitGroup
	for i, f := range fitters {
		f.Now = func() time.Time { return later }
		wg.Go(func() {
			var err error
			ran[i], _, err = f.RunOnce(ctx)
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if ran[0] == ran[1] {
		t.Fatalf("both or neither server fitted: %v", ran)
	}
	raw, at, err := db.Model(ctx, learn.ModelBKT)
	must(t, err)
	if !at.Equal(later) || len(raw) == 0 {
		t.Fatalf("model saved at %v (%d bytes)", at, len(raw))
	}
	if _, _, err := db.Model(ctx, learn.ModelBKTForget); err != nil {
		t.Fatalf("forgetting model: %v", err)
	}
	tests := []struct {
		now  time.Time
		want bool
	}{
		{later.Add(time.Hour), false},                         // fitted tonight
		{time.Date(2026, 11, 30, 1, 59, 0, 0, cst), false},    // before the next night's hour
		{time.Date(2026, 11, 30, 2, 0, 1, 0, cst), true},      // the next night
		{time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC), true}, // days later
	}
	for _, tt := range tests {
		if due, err := f.Due(ctx, tt.now); err != nil || due != tt.want {
			t.Errorf("Due at %v = %v (%v), want %v", tt.now, due, err, tt.want)
		}
	}
}
