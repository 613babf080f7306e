package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi"
)

// Defaults of the in-flight limiter; see Config.MaxInFlight.
const (
	defaultMaxInFlight = 16
	defaultQueueWait   = 250 * time.Millisecond
)

// limiter bounds how many requests work on the database at once. A
// request waits at most wait for a slot; past that it is answered 503 with
// Retry-After at once, so under overload clients hear "busy, retry" within
// a fraction of a second instead of queueing for seconds behind the
// database's connections (one SQLite writer, a bounded PostgreSQL pool).
type limiter struct {
	slots chan struct{}
	wait  time.Duration
}

// unlimited are paths that never touch the database or must answer even
// under overload: the embedded assets and the probes.
func unlimited(path string) bool {
	return strings.HasPrefix(path, "/static/") || path == "/healthz" || path == "/readyz" || path == "/favicon.ico"
}

func (s *Server) limit(next http.Handler) http.Handler {
	l := s.limiter
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if unlimited(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		select {
		case l.slots <- struct{}{}:
		default:
			t := time.NewTimer(l.wait)
			select {
			case l.slots <- struct{}{}:
				t.Stop()
			case <-t.C:
				s.metrics.shed.Inc()
				w.Header().Set("Retry-After", strconv.Itoa(max(1, int(l.wait.Round(time.Second).Seconds()))))
				s.fail(w, r, zhixi.Errorf(zhixi.EUNAVAILABLE, "err.overloaded"))
				return
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}
		s.metrics.inFlight.Inc()
		defer func() {
			s.metrics.inFlight.Dec()
			<-l.slots
		}()
		next.ServeHTTP(w, r)
	})
}
