package web

import (
	"bufio"
	"context"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi/password"
	"github.com/zhixi-org/zhixi/store/storetest"
)

// runShort serves s on a loopback port with short client timeouts.
func runShort(t *testing.T, to timeouts) string {
	t.Helper()
	s, err := New(Config{Store: storetest.Open(t), Hasher: password.NewHasher(password.Params{Time: 1, Memory: 64, Threads: 1}, 1)})
	if err != nil {
		t.Fatal(err)
	}
	s.timeouts = to
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, ln, time.Second) }()
	t.Cleanup(func() { cancel(); <-done })
	return ln.Addr().String()
}

// closedWithin reads from c until the server closes it; it fails if that
// takes longer than d.
func closedWithin(t *testing.T, c net.Conn, d time.Duration) string {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(d))
	b, err := io.ReadAll(c)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("connection still open after %s", d)
	}
	return string(b)
}

// A client that sends its headers too slowly (slowloris) or never
// finishes its body is cut off; it cannot hold a connection for long.
func TestSlowClientsAreCutOff(t *testing.T) {
	addr := runShort(t, timeouts{readHeader: 300 * time.Millisecond, read: 600 * time.Millisecond, write: 5 * time.Second, idle: 5 * time.Second})

	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	start := time.Now()
	io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n") // and never the blank line
	closedWithin(t, c, 3*time.Second)
	if took := time.Since(start); took < 250*time.Millisecond {
		t.Errorf("closed after %s, before the header timeout", took)
	}

	c2, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	io.WriteString(c2, "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"username\":")
	out := closedWithin(t, c2, 3*time.Second)
	if out != "" && !strings.HasPrefix(out, "HTTP/1.1 400") {
		t.Errorf("stalled body: %.200q, want the connection closed or a 400", out)
	}

	// A normal client is unaffected.
	c3, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c3.Close()
	io.WriteString(c3, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	line, err := bufio.NewReader(c3).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "HTTP/1.1 200") {
		t.Errorf("normal client: %q %v", line, err)
	}
}

// Oversized requests are refused with a clear error, never a 500: bodies
// over 1 MiB, headers over 64 KiB.
func TestOversizedRequests(t *testing.T) {
	addr := runShort(t, defaultTimeouts)
	big := strings.Repeat("长", 1<<19) // 1.5 MiB of UTF-8
	for _, tt := range []struct {
		name, req, want string
	}{
		{"API body", "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " + strconv.Itoa(len(big)+30) + "\r\n\r\n{\"username\":\"" + big + "\",\"password\":\"x\"}",
			"HTTP/1.1 400"},
		{"form body", "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nConnection: close\r\nContent-Length: " + strconv.Itoa(len(big)+9) + "\r\n\r\nusername=" + big,
			"HTTP/1.1 400"},
		{"header", "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: " + strings.Repeat("a", 200<<10) + "\r\n\r\n",
			"HTTP/1.1 431"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			go io.WriteString(c, tt.req)
			c.SetReadDeadline(time.Now().Add(10 * time.Second))
			br := bufio.NewReader(c)
			line, err := br.ReadString('\n')
			if err != nil || !strings.HasPrefix(line, tt.want) {
				t.Fatalf("status line %q (%v), want %s", line, err, tt.want)
			}
			rest, _ := io.ReadAll(br)
			if tt.name != "header" && !strings.Contains(string(rest), "提交的内容过大") {
				t.Errorf("no clear message:\n%.500s", rest)
			}
		})
	}
}
