package store

import (
	"context"
	"sync"
	"time"
)

// groupCommit commits the practice answers that concurrent requests save
// together: one request at a time leads, taking every answer queued so
// far (its own included) into one commit, while the answers arriving
// meanwhile queue for the next. Each answer still commits all or nothing
// and sees the answers before it, as if the transactions had run one
// after another; what is shared is the commit (on SQLite, the single
// writer's WAL frames and lock hand-over; on PostgreSQL the round trip,
// the commit record and the board notification). Under no load a batch is
// the one answer and nothing waits.
type groupCommit struct {
	mu      sync.Mutex
	queue   []*practiceWrite
	leading bool
}

// maxGroup bounds a batch, so that a leader's own answer waits for at most
// this many.
const maxGroup = 32

// groupTimeout bounds a batch's commit: it runs on its own context so
// that one request giving up does not fail the answers of the others.
const groupTimeout = 30 * time.Second

// do queues w and returns once it is committed (w.err nil) or refused.
// commit writes a batch, setting each write's err; it runs on a context
// of its own, and skips the writes whose request has already gone.
func (g *groupCommit) do(w *practiceWrite, commit func(ctx context.Context, batch []*practiceWrite)) error {
	w.wake = make(chan bool, 1)
	g.mu.Lock()
	g.queue = append(g.queue, w)
	lead := !g.leading
	g.leading = true
	g.mu.Unlock()
	if !lead && !<-w.wake {
		return w.err // a leader committed it
	}
	g.mu.Lock()
	n := min(len(g.queue), maxGroup)
	batch := g.queue[:n:n]
	g.queue = g.queue[n:]
	g.mu.Unlock()

	ctx, cancel := context.WithTimeout(context.Background(), groupTimeout)
	commit(ctx, batch)
	cancel()

	g.mu.Lock()
	var next *practiceWrite
	if len(g.queue) > 0 {
		next = g.queue[0]
	} else {
		g.leading = false
	}
	g.mu.Unlock()
	if next != nil {
		next.wake <- true // it leads the next batch
	}
	for _, b := range batch {
		if b != w {
			b.wake <- false
		}
	}
	return w.err
}
