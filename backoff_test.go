package zhixi

import (
	"testing"
	"time"
)

func TestBackoffDelay(t *testing.T) {
	b := Backoff{Free: 4, Base: 30 * time.Second, Max: 30 * time.Minute}
	for _, tt := range []struct {
		failures int
		want     time.Duration
	}{
		{0, 0}, {4, 0}, {5, 30 * time.Second}, {6, time.Minute}, {7, 2 * time.Minute},
		{10, 16 * time.Minute}, {11, 30 * time.Minute}, {1000, 30 * time.Minute},
	} {
		if got := b.Delay(tt.failures); got != tt.want {
			t.Errorf("Delay(%d) = %v, want %v", tt.failures, got, tt.want)
		}
	}
}
