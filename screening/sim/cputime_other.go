//go:build !linux

package sim

import "time"

var start = time.Now()

// ThreadCPU falls back to wall-clock time where no per-thread CPU clock is
// wired up; timings then include waiting for a core.
func ThreadCPU() time.Duration { return time.Since(start) }
