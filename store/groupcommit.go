package store

import (
	"context"
	"errors"
	"sync"
	"time"
)

// groupCommit commits the practice answers that concurrent requests save
// together. A goroutine, started with the first answer and stopped by
// Close, takes every answer queued so far into one commit while the
// answers arriving meanwhile queue for the next. Each answer still commits
// all or nothing and sees the answers before it, as if the transactions
// had run one after another; what is shared is the commit: on SQLite the
// single writer's lock, its WAL frames, and a statement per table rather
// than per answer; on PostgreSQL one round trip and one WAL flush per
// batch, which halved the database's CPU per answer (docs/performance.md,
// session 5). Under no load a batch is the one answer and nothing waits.
// The goroutine is its own rather than a request's, so no request waits
// for other requests' batches after its own has committed.
type groupCommit struct {
	commit  func(ctx context.Context, batch []*practiceWrite)
	start   sync.Once
	queue   chan *practiceWrite
	closed  chan struct{} // closed by close
	stopped chan struct{} // closed when the loop has returned
	stop    sync.Once
}

// maxGroup bounds a batch, so that an answer waits for at most this many.
const maxGroup = 32

// groupTimeout bounds a batch's commit: it runs on its own context so
// that one request giving up does not fail the answers of the others.
const groupTimeout = 30 * time.Second

// errClosed is an answer saved while or after the store closes.
var errClosed = errors.New("store closed")

// newGroupCommit returns the group commit that writes batches with
// commit, which sets each write's err and skips the writes whose request
// has already gone.
func newGroupCommit(commit func(ctx context.Context, batch []*practiceWrite)) *groupCommit {
	return &groupCommit{commit: commit, queue: make(chan *practiceWrite, 4*maxGroup),
		closed: make(chan struct{}), stopped: make(chan struct{})}
}

// do queues w and returns once it is committed (nil) or refused.
func (g *groupCommit) do(w *practiceWrite) error {
	g.start.Do(func() { go g.loop() })
	w.done = make(chan struct{})
	select {
	case <-g.closed:
		return dbError(errClosed, "save practice")
	default:
	}
	select {
	case g.queue <- w:
	case <-g.closed:
		return dbError(errClosed, "save practice")
	}
	select {
	case <-w.done:
	case <-g.stopped:
		select {
		case <-w.done: // committed before the loop stopped
		default:
			return dbError(errClosed, "save practice")
		}
	}
	return w.err
}

func (g *groupCommit) loop() {
	defer close(g.stopped)
	for {
		select {
		case <-g.closed:
			return
		default:
		}
		var first *practiceWrite
		select {
		case first = <-g.queue:
		case <-g.closed:
			return
		}
		batch := []*practiceWrite{first}
	fill:
		for len(batch) < maxGroup {
			select {
			case w := <-g.queue:
				batch = append(batch, w)
			default:
				break fill
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), groupTimeout)
		g.commit(ctx, batch)
		cancel()
		for _, w := range batch {
			close(w.done)
		}
	}
}

// close stops the loop; answers queued and not yet taken fail.
func (g *groupCommit) close() { g.stop.Do(func() { close(g.closed) }) }
