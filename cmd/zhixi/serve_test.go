package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer lets the test read what the server goroutine writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeDemoEndToEnd runs `zhixi serve --demo` in-process on a free
// port with a fresh SQLite file, checks the printed instructions and a
// few pages, then stops it the way SIGTERM does and expects a clean exit.
func TestServeDemoEndToEnd(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &syncBuffer{}
	e := &env{stdin: strings.NewReader(""), stdout: out, stderr: io.Discard, getenv: func(string) string { return "" }}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, e, []string{"serve", "--demo", "--addr", "127.0.0.1:0", "--data", filepath.Join(dir, "data")})
	}()
	re := regexp.MustCompile(`(http://127\.0\.0\.1:\d+)/login`)
	var base string
	// The demo syncs the whole content and runs its month of screenings
	// before it prints the address: seconds normally, but over 30 s under
	// -race while CI's other packages share the 2 cores.
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
			break
		}
		select {
		case err := <-done:
			t.Fatalf("serve exited early: %v\n%s", err, out.String())
		default:
		}
	}
	if base == "" {
		t.Fatalf("serve printed no login address:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "zhixi-demo-2026") || !strings.Contains(out.String(), "minhe") {
		t.Fatalf("demo accounts and password not printed:\n%s", out.String())
	}
	for path, want := range map[string]string{"/healthz": "ok", "/readyz": `"database":"ok"`, "/login": "登录"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(b), want) {
			t.Errorf("GET %s: %d %.200s", path, resp.StatusCode, b)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve did not shut down cleanly: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop after cancel")
	}
}
