package store_test

import (
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

// On PostgreSQL a screening committed by one server wakes a board on
// another (another store on the same database) well before its timer,
// though no trigger sends the wake-up from inside the transaction any
// more (migration 0019). SQLite boards poll.
func TestBoardWokenAfterCommit(t *testing.T) {
	dsn := storetest.DSN(t, store.Postgres)
	board, writer := storetest.OpenDSN(t, dsn), storetest.OpenDSN(t, dsn)
	ctx := ctxT(t)
	f := newFixture(t, writer)
	for i := range 3 {
		st := zhixi.Student{CommunityID: f.community.ID, Name: "小红", Grade: 3 + i, BirthMonth: time.Date(2017, 3, 1, 0, 0, 0, 0, time.UTC)}
		must(t, writer.CreateStudent(ctx, &st))
		// The first wait starts the listener; give it time to LISTEN.
		must(t, board.WaitBoard(ctx, 300*time.Millisecond))
		woke := make(chan time.Time, 1)
		go func() {
			_ = board.WaitBoard(ctx, 20*time.Second)
			woke <- time.Now()
		}()
		time.Sleep(100 * time.Millisecond)
		must(t, writer.CreateScreening(ctx, &zhixi.ScreeningSession{StudentID: st.ID, Subject: "math", State: []byte("x")}, nil))
		committed := time.Now()
		// Other tests on the same database may wake it earlier (the
		// channel is per database); never later than this.
		if late := (<-woke).Sub(committed); late > 3*time.Second {
			t.Fatalf("screening %d: the board woke %s after the commit (its timer), want a wake-up", i, late)
		}
	}
}
