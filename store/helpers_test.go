package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

func ctxT(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// wantErr fails unless err has code and (when key is not "") key.
func wantErr(t *testing.T, err error, code, key string) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if got := zhixi.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
	if k, _ := zhixi.ErrorKey(err); key != "" && k != key {
		t.Fatalf("error key = %q (%v), want %q", k, err, key)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// fixture is a small organisation: one street, one community, a guardian.
type fixture struct {
	street    zhixi.Street
	community zhixi.Community
	guardian  zhixi.User
}

func newFixture(t *testing.T, db *store.DB) fixture {
	t.Helper()
	ctx := ctxT(t)
	var f fixture
	f.street = zhixi.Street{Name: "和平街道"}
	must(t, db.CreateStreet(ctx, &f.street))
	f.community = zhixi.Community{StreetID: f.street.ID, Name: "东社区"}
	must(t, db.CreateCommunity(ctx, &f.community))
	f.guardian = zhixi.User{Username: "parent1", Role: zhixi.RoleGuardian, PasswordHash: "h"}
	must(t, db.CreateUser(ctx, &f.guardian))
	return f
}

func (f fixture) student(t *testing.T, db *store.DB, name string) zhixi.Student {
	t.Helper()
	s := zhixi.Student{CommunityID: f.community.ID, Name: name, Grade: 5,
		BirthMonth: time.Date(2015, 3, 1, 0, 0, 0, 0, time.UTC)}
	must(t, db.CreateStudent(ctxT(t), &s))
	return s
}

// eachPair runs fn per engine with two separately opened stores on one
// database, as two server processes would have: separate pools, so on
// SQLite the second contends for the file lock like another process.
func eachPair(t *testing.T, fn func(t *testing.T, a, b *store.DB)) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			dsn := storetest.DSN(t, engine)
			fn(t, storetest.OpenDSN(t, dsn), storetest.OpenDSN(t, dsn))
		})
	}
}

// pick alternates between two stores by index.
func pick(i int, a, b *store.DB) *store.DB {
	if i%2 == 0 {
		return a
	}
	return b
}
