package store

import (
	"context"
	"sync"
	"time"
)

// notifyEvery is the least time between two board wake-ups a server
// sends for its answers and screenings: a board learns of an answer at
// most this much later, and a busy server sends at most 20 a second.
const notifyEvery = 50 * time.Millisecond

// boardNotifier sends the PostgreSQL board wake-up (NOTIFY zhixi_board)
// for answers and screenings after they commit, coalesced. Sent from
// inside the answer's transaction (a trigger, as before migration 0019),
// NOTIFY holds a database-wide lock through the commit's WAL flush, which
// serialised every answer's commit.
type boardNotifier struct {
	once sync.Once
	kick chan struct{} // one pending wake-up at most
	done chan struct{} // closed by Close
}

func newBoardNotifier() *boardNotifier {
	return &boardNotifier{kick: make(chan struct{}, 1), done: make(chan struct{})}
}

// boardChanged asks for a wake-up of every server's boards after a
// committed change a board shows. A no-op on SQLite, whose boards poll.
func (db *DB) boardChanged() {
	n := db.notifier
	if n == nil {
		return
	}
	n.once.Do(func() { go db.notifyLoop() })
	select {
	case n.kick <- struct{}{}:
	default: // one is pending already
	}
}

func (db *DB) notifyLoop() {
	n := db.notifier
	for {
		select {
		case <-n.done:
			return
		case <-n.kick:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, err := db.writer().exec(ctx, "SELECT pg_notify('zhixi_board', '')")
		cancel()
		if err != nil {
			// Boards still refresh on their timers.
			db.log.Warn("board wake-up not sent", "err", err)
		}
		select {
		case <-n.done:
			return
		case <-time.After(notifyEvery):
		}
	}
}
