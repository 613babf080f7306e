package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestGroupCommitBatchesWhatQueues holds the first commit while more
// writes queue: they go together in the next batch, each with its own
// result. Once closed, a write is refused rather than left waiting.
func TestGroupCommitBatchesWhatQueues(t *testing.T) {
	release := make(chan struct{})
	batches := make(chan []*practiceWrite, 3)
	refused := errors.New("refused")
	g := newGroupCommit(func(ctx context.Context, batch []*practiceWrite) {
		if _, ok := ctx.Deadline(); !ok {
			t.Error("a batch commits without a deadline")
		}
		batches <- batch
		if batch[0].updated.Unix() == 0 {
			<-release // the first write holds its commit
		}
		for _, w := range batch {
			if w.updated.Unix()%2 == 1 {
				w.err = refused
			}
		}
	})
	writes := make([]*practiceWrite, 6)
	errs := make(chan error, len(writes))
	for i := range writes {
		writes[i] = &practiceWrite{updated: time.Unix(int64(i), 0)}
	}
	go func() { errs <- g.do(writes[0]) }()
	if b := <-batches; len(b) != 1 || b[0] != writes[0] {
		t.Fatalf("first batch %v, want the first write alone", b)
	}
	for _, w := range writes[1:] {
		go func() { errs <- g.do(w) }()
	}
	for deadline := time.Now().Add(10 * time.Second); len(g.queue) < 5; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d writes queued, want 5", len(g.queue))
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
	g.close()
	if err := g.do(&practiceWrite{updated: time.Unix(2, 0)}); !errors.Is(err, errClosed) {
		t.Fatalf("a write after close: %v, want it refused", err)
	}
}
