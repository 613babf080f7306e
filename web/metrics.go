package web

import (
	"context"
	"database/sql"
	"log/slog"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics uses its own registry so that tests can build many servers.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	dbUp     prometheus.Gauge
	logins   *prometheus.CounterVec
	inFlight prometheus.Gauge
	shed     prometheus.Counter
	reread   prometheus.Counter
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "zhixi_http_requests_total", Help: "HTTP requests by route pattern and status.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "zhixi_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
		dbUp: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "zhixi_database_up", Help: "1 if the last database check succeeded.",
		}),
		logins: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "zhixi_logins_total", Help: "Login attempts by result.",
		}, []string{"result"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "zhixi_http_in_flight", Help: "Requests holding a slot of the in-flight limiter.",
		}),
		shed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "zhixi_http_shed_total", Help: "Requests answered 503 (Retry-After) because the in-flight limit was reached.",
		}),
		reread: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "zhixi_access_rereads_total",
			Help: "Answers run again with the session and student read afresh because the access epoch had moved.",
		}),
	}
	m.reg.MustRegister(m.requests, m.duration, m.dbUp, m.logins, m.inFlight, m.shed, m.reread,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// pooler is a store whose connection pools can be watched.
type pooler interface {
	Pools() map[string]*sql.DB
}

// watchPools exports database/sql's pool statistics (open, in use, idle,
// waits) as go_sql_* metrics labelled by pool.
func (m *metrics) watchPools(st any) {
	if p, ok := st.(pooler); ok {
		for name, db := range p.Pools() {
			m.reg.MustRegister(collectors.NewDBStatsCollector(db, name))
		}
	}
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// MetricsHandler serves the Prometheus metrics. It is not on the app's
// router: `zhixi serve --metrics-addr` serves it on a listener of its own,
// so the public port never shows request counts or pool state.
func (s *Server) MetricsHandler() http.Handler { return s.metrics.handler() }

type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// instrument labels by the registered pattern, never the raw path, so ids
// in URLs cannot blow up the series count.
func (m *metrics) instrument(pattern string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		if sw.code == 0 {
			sw.code = http.StatusOK
		}
		m.requests.WithLabelValues(pattern, strconv.Itoa(sw.code)).Inc()
		m.duration.WithLabelValues(pattern).Observe(time.Since(start).Seconds())
	})
}

// readiness remembers the last database check so /readyz and the log agree,
// and logs only transitions (down, back up), not every probe.
type readiness struct {
	down atomic.Bool
}

type pinger interface {
	Ping(ctx context.Context) error
}

func (rd *readiness) check(ctx context.Context, db pinger, log *slog.Logger, m *metrics) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	err := db.Ping(ctx)
	if err != nil {
		m.dbUp.Set(0)
		if !rd.down.Swap(true) {
			log.Error("database unreachable", "err", err)
		}
		return err
	}
	m.dbUp.Set(1)
	if rd.down.Swap(false) {
		log.Info("database reachable again")
	}
	return nil
}

// watch checks the database every few seconds so an outage shows in the
// log and in zhixi_database_up even when nobody polls /readyz.
func (rd *readiness) watch(ctx context.Context, db pinger, log *slog.Logger, m *metrics) {
	t := time.NewTicker(5 * time.Second)
	defer t.Stop()
	for {
		_ = rd.check(ctx, db, log, m)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) handleReadyz(w http.ResponseWriter, r *http.Request) {
	if err := s.ready.check(r.Context(), s.store, s.log, s.metrics); err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": "unreachable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "database": "ok"})
}
