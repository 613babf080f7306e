package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func waitGet(t *testing.T, url string) (int, string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		resp, err := http.Get(url)
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			return resp.StatusCode, string(b)
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s: %v", url, err)
		}
	}
}

// TestServeSideListeners: metrics and profiles are served only on their
// own listeners, and only when asked for.
func TestServeSideListeners(t *testing.T) {
	app, metrics, prof := freeAddr(t), freeAddr(t), freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, e, []string{"serve", "--addr", app, "--metrics-addr", metrics, "--pprof", prof,
			"--fit-hour", "-1", "--data", filepath.Join(t.TempDir(), "data")})
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	if code, _ := waitGet(t, "http://"+app+"/metrics"); code != 404 {
		t.Errorf("/metrics on the app port: %d, want 404", code)
	}
	if code, body := waitGet(t, "http://"+metrics+"/metrics"); code != 200 || !strings.Contains(body, "go_sql_open_connections") {
		t.Errorf("metrics listener: %d %.200s", code, body)
	}
	if code, body := waitGet(t, "http://"+prof+"/debug/pprof/"); code != 200 || !strings.Contains(body, "goroutine") {
		t.Errorf("pprof listener: %d %.200s", code, body)
	}
	if code, _ := waitGet(t, "http://"+app+"/debug/pprof/"); code != 404 {
		t.Errorf("pprof on the app port: %d, want 404", code)
	}
}

func TestServeRefusesPublicPprof(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:6060", ":6060", "10.1.2.3:6060", "example.com:6060"} {
		_, _, err := runCmd(t, nil, "serve", "--pprof", addr, "--data", filepath.Join(t.TempDir(), "d"))
		if err == nil || !strings.Contains(err.Error(), "--pprof") {
			t.Errorf("--pprof %s: %v, want refused", addr, err)
		}
	}
	for _, addr := range []string{"127.0.0.1:6060", "[::1]:6060", "localhost:6060"} {
		if err := loopbackAddr(addr); err != nil {
			t.Errorf("loopbackAddr(%s): %v", addr, err)
		}
	}
}
