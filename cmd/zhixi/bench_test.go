package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

// TestBench runs `zhixi bench` briefly against an in-process server on
// each engine and checks the summary line's format and that both phases
// stored answers.
func TestBench(t *testing.T) {
	if testing.Short() {
		t.Skip("load run")
	}
	line := regexp.MustCompile(`^screening answers/s=(\d+) p99_ms=\d+\.\d practice answers/s=(\d+) p99_ms=\d+\.\d$`)
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			out, errOut, err := runCmd(t, nil, "bench", "--db", storetest.DSN(t, engine),
				"--students", "20", "--duration", "4s", "--clients", "4", "--subjects", "math")
			if err != nil {
				t.Fatalf("bench: %v\n%s\n%s", err, out, errOut)
			}
			lines := strings.Split(strings.TrimSpace(out), "\n")
			m := line.FindStringSubmatch(lines[len(lines)-1])
			if m == nil {
				t.Fatalf("last line is not the summary:\n%s", out)
			}
			for i, phase := range []string{"screening", "practice"} {
				if n, _ := strconv.Atoi(m[i+1]); n == 0 {
					t.Errorf("%s answers/s is 0:\n%s", phase, out)
				}
			}
			if !strings.Contains(out, "cpu_ms/answer") || strings.Contains(out, "n/a") {
				t.Errorf("in-process run should report CPU per answer:\n%s", out)
			}
		})
	}
}

// TestBenchProfilesOnePhase: --profile-phase practice writes a CPU
// profile (gzipped, as pprof writes it) of that phase only, and an
// unknown phase is refused before anything is seeded.
func TestBenchProfilesOnePhase(t *testing.T) {
	if testing.Short() {
		t.Skip("load run")
	}
	prof := filepath.Join(t.TempDir(), "practice.prof")
	out, errOut, err := runCmd(t, nil, "bench", "--db", storetest.DSN(t, store.SQLite),
		"--students", "20", "--duration", "4s", "--clients", "4", "--subjects", "math", "--cpuprofile", prof, "--profile-phase", "practice")
	if err != nil {
		t.Fatalf("bench: %v\n%s\n%s", err, out, errOut)
	}
	if b, err := os.ReadFile(prof); err != nil || len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		t.Fatalf("profile: %v, %d bytes", err, len(b))
	}
	out, _, err = runCmd(t, nil, "bench", "--profile-phase", "login", "--cpuprofile", prof)
	if err == nil || !strings.Contains(err.Error(), "--profile-phase") || strings.Contains(out, "seeded") {
		t.Fatalf("an unknown phase: %v\n%s", err, out)
	}
}

func TestBenchRefusesRemoteTarget(t *testing.T) {
	for target, ok := range map[string]bool{
		"http://127.0.0.1:8080": true, "http://localhost:1": true, "http://[::1]:80/": true,
		"http://10.0.0.5:8080": false, "https://example.com": false, "ftp://127.0.0.1": false, "::": false,
	} {
		if err := loopbackURL(target); (err == nil) != ok {
			t.Errorf("loopbackURL(%q) = %v, want ok=%v", target, err, ok)
		}
	}
}
