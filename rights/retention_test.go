package rights_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/rights"
	"github.com/zhixi-org/zhixi/store/storetest"
)

// Servers sharing a database run the job one at a time: of several
// asking at once, one runs it.
func TestRetentionOneServerAtATime(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			dsn := storetest.DSN(t, engine)
			ctx := context.Background()
			now := time.Now()
			var wg sync.WaitGroup
			ran := make(chan bool, 4)
			for i := range 4 {
				db := storetest.OpenDSN(t, dsn)
				r := &rights.Retention{Store: db, Holder: string(rune('a' + i)), Log: slog.New(slog.DiscardHandler),
					Now: func() time.Time { return now }, Limits: zhixi.RetentionLimits{Answers: time.Hour}}
				wg.Go(func() {
					ok, _, err := r.RunOnce(ctx)
					if err != nil {
						t.Error(err)
					}
					ran <- ok
				})
			}
			wg.Wait()
			close(ran)
			n := 0
			for ok := range ran {
				if ok {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%d of 4 servers ran the retention job at once, want 1", n)
			}
		})
	}
}
