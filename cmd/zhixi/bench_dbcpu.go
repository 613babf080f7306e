package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"strconv"
	"sync"
	"time"
)

// clockTicks is Linux's USER_HZ, the unit of /proc/PID/stat's CPU times
// (100 on every Linux architecture Go supports).
const clockTicks = 100

// pgBackendCPU returns the CPU time used so far by the PostgreSQL
// backends serving connections named app, read from /proc: it works
// only when the database runs on this machine and its processes are
// visible, and returns 0 otherwise. A backend is remembered at the CPU
// time last seen, so one that ends between two calls loses only what it
// used since the earlier call.
func pgBackendCPU(dsn, app string) (func() time.Duration, func()) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return func() time.Duration { return 0 }, func() {}
	}
	db.SetMaxOpenConns(1)
	var (
		mu   sync.Mutex
		seen = map[int]time.Duration{}
	)
	return func() time.Duration {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		rows, err := db.QueryContext(ctx, "SELECT pid FROM pg_stat_activity WHERE application_name = $1", app)
		if err != nil {
			return 0
		}
		defer rows.Close()
		mu.Lock()
		defer mu.Unlock()
		for rows.Next() {
			var pid int
			if rows.Scan(&pid) != nil {
				return 0
			}
			if t, ok := procCPU(pid); ok {
				seen[pid] = t
			}
		}
		var sum time.Duration
		for _, t := range seen {
			sum += t
		}
		return sum
	}, func() { db.Close() }
}

// procCPU reads a process's user and system CPU time from
// /proc/PID/stat.
func procCPU(pid int) (time.Duration, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, false
	}
	// The command name is in parentheses and may hold spaces: the fields
	// counted from state (field 3) start after the last ')'.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, false
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseInt(string(f[11]), 10, 64) // field 14
	stime, err2 := strconv.ParseInt(string(f[12]), 10, 64) // field 15
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(utime+stime) * time.Second / clockTicks, true
}
