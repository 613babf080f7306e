package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

func runCmd(t *testing.T, vars map[string]string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(k string) string { return vars[k] }}
	err = run(context.Background(), e, args)
	return out.String(), errb.String(), err
}

func TestMigrateCommand(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			dsn := storetest.DSN(t, engine)
			out, stderr, err := runCmd(t, nil, "migrate", "--db", dsn)
			if err != nil {
				t.Fatalf("migrate: %v\n%s", err, stderr)
			}
			m := regexp.MustCompile(`migrated from version 0 to (\d+)`).FindStringSubmatch(out)
			if m == nil || m[1] == "0" {
				t.Fatalf("first run printed %q", out)
			}
			// $ZHIXI_DB is used when --db is absent.
			out, _, err = runCmd(t, map[string]string{"ZHIXI_DB": dsn}, "migrate")
			if err != nil || !strings.Contains(out, "current at version "+m[1]) {
				t.Errorf("second run: %q, %v", out, err)
			}
		})
	}
}

func TestBackupCommand(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "live.db")
	db := storetest.OpenDSN(t, dsn)
	if err := db.CreateStreet(context.Background(), &zhixi.Street{Name: "和平街道"}); err != nil {
		t.Fatal(err)
	}
	to := filepath.Join(dir, "copy.db")
	out, stderr, err := runCmd(t, nil, "backup", "--db", dsn, "--to", to)
	if err != nil || !strings.Contains(out, "backup written to "+to) {
		t.Fatalf("backup: %q %q %v", out, stderr, err)
	}
	cp := storetest.OpenDSN(t, to)
	if s, err := cp.Streets(context.Background()); err != nil || len(s) != 1 || s[0].Name != "和平街道" {
		t.Errorf("copy holds %v, %v", s, err)
	}

	tests := []struct {
		name string
		args []string
		want string
	}{
		{"existing target", []string{"--db", dsn, "--to", to}, "already exists"},
		{"no target", []string{"--db", dsn}, ""},
		{"empty database", []string{"--data", filepath.Join(dir, "fresh"), "--to", filepath.Join(dir, "x.db")}, "empty"},
	}
	for _, tt := range tests {
		_, _, err := runCmd(t, nil, append([]string{"backup"}, tt.args...)...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want mention of %q", tt.name, err, tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.db")); err == nil {
		t.Error("backup of an empty database wrote a file")
	}
	if len(storetest.Engines()) > 1 {
		_, _, err := runCmd(t, nil, "backup", "--db", storetest.DSN(t, store.Postgres), "--to", filepath.Join(dir, "pg.db"))
		if err == nil || !strings.Contains(err.Error(), "pg_dump") {
			t.Errorf("postgres backup: %v, want a pointer to pg_dump", err)
		}
	}
}
