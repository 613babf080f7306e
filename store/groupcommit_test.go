package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestGroupCommitBatchesWhatQueues holds the first commit while more
// writes queue: they go together in the next batch, each with its own
// result, and the leader of each batch is in it.
func TestGroupCommitBatchesWhatQueues(t *testing.T) {
	var g groupCommit
	release := make(chan struct{})
	batches := make(chan []*practiceWrite, 3)
	refused := errors.New("refused")
	commit := func(ctx context.Context, batch []*practiceWrite) {
		if _, ok := ctx.Deadline(); !ok {
			t.Error("a batch commits without a deadline")
		}
		batches <- batch
		if len(batch) == 1 && batch[0].updated.Unix() == 0 {
			<-release // the first write holds its commit
		}
		for _, w := range batch {
			if w.updated.Unix()%2 == 1 {
				w.err = refused
			}
		}
	}
	writes := make([]*practiceWrite, 6)
	errs := make(chan error, len(writes))
	for i := range writes {
		writes[i] = &practiceWrite{updated: time.Unix(int64(i), 0)}
	}
	go func() { errs <- g.do(writes[0], commit) }()
	if b := <-batches; len(b) != 1 || b[0] != writes[0] {
		t.Fatalf("first batch %v, want the first write alone", b)
	}
	for _, w := range writes[1:] {
		go func() { errs <- g.do(w, commit) }()
	}
	// Wait until the five are queued behind the held commit.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		g.mu.Lock()
		n := len(g.queue)
		g.mu.Unlock()
		if n == 5 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d writes queued, want 5", n)
		}
	}
	close(release)
	if b := <-batches; len(b) != 5 {
		t.Fatalf("second batch has %d writes, want the 5 queued", len(b))
	}
	var nRefused int
	for range writes {
		if err := <-errs; errors.Is(err, refused) {
			nRefused++
		} else if err != nil {
			t.Fatal(err)
		}
	}
	if nRefused != 3 {
		t.Fatalf("%d writes refused, want the 3 odd ones", nRefused)
	}
	if g.leading || len(g.queue) != 0 {
		t.Fatalf("after the last batch: leading %v, %d queued", g.leading, len(g.queue))
	}
}
