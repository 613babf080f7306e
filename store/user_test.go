package store_test

import (
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

func TestUsers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx := ctxT(t)
		f := newFixture(t, db)
		created := time.Date(2026, 3, 4, 5, 6, 7, 891234567, time.FixedZone("CST", 8*3600))

		tests := []struct {
			u         zhixi.User
			code, key string
		}{
			{zhixi.User{Username: " ", Role: zhixi.RoleAdmin}, zhixi.EINVALID, "err.username_required"},
			{zhixi.User{Username: "x", Role: "boss"}, zhixi.EINVALID, "err.invalid_role"},
			{zhixi.User{Username: "x", Role: zhixi.RoleStaff}, zhixi.EINVALID, "err.scope_required"},
			{zhixi.User{Username: "x", Role: zhixi.RoleStudent}, zhixi.EINVALID, "err.scope_required"},
			{zhixi.User{Username: "x", Role: zhixi.RoleStreetViewer}, zhixi.EINVALID, "err.scope_required"},
			{zhixi.User{Username: "x", Role: zhixi.RoleStaff, CommunityID: 999}, zhixi.ENOTFOUND, "err.community_not_found"},
			{zhixi.User{Username: "x", Role: zhixi.RoleStreetViewer, StreetID: 999}, zhixi.ENOTFOUND, "err.street_not_found"},
			{zhixi.User{Username: "parent1", Role: zhixi.RoleGuardian}, zhixi.ECONFLICT, "err.username_taken"},
			{zhixi.User{Username: " admin ", DisplayName: "管理员", Role: zhixi.RoleAdmin, PasswordHash: "$argon", CreatedAt: created}, "", ""},
			{zhixi.User{Username: "staff1", Role: zhixi.RoleStaff, CommunityID: f.community.ID}, "", ""},
			{zhixi.User{Username: "sup1", Role: zhixi.RoleSupervisor, Disabled: true}, "", ""},
			{zhixi.User{Username: "viewer", Role: zhixi.RoleStreetViewer, StreetID: f.street.ID}, "", ""},
		}
		var users []zhixi.User
		for _, tt := range tests {
			u := tt.u
			err := db.CreateUser(ctx, &u)
			wantErr(t, err, tt.code, tt.key)
			if err == nil {
				if u.ID == 0 || u.CreatedAt.IsZero() {
					t.Errorf("CreateUser did not set ID/CreatedAt: %+v", u)
				}
				users = append(users, u)
			}
		}
		admin := users[0]
		if admin.Username != "admin" || !admin.CreatedAt.Equal(created) {
			t.Errorf("admin = %+v", admin)
		}
		got, err := db.User(ctx, admin.ID)
		must(t, err)
		if !reflect.DeepEqual(*got, admin) {
			t.Errorf("User = %+v, want %+v", *got, admin)
		}
		got, err = db.UserByUsername(ctx, "sup1")
		must(t, err)
		if !reflect.DeepEqual(*got, users[2]) || !got.Disabled {
			t.Errorf("UserByUsername = %+v, want %+v", *got, users[2])
		}
		_, err = db.User(ctx, 12345)
		wantErr(t, err, zhixi.ENOTFOUND, "err.user_not_found")
		_, err = db.UserByUsername(ctx, "nobody")
		wantErr(t, err, zhixi.ENOTFOUND, "err.user_not_found")

		listTests := []struct {
			role      zhixi.Role
			community int64
			want      int
		}{
			{"", 0, 5},
			{zhixi.RoleStaff, 0, 1},
			{"", f.community.ID, 1},
			{zhixi.RoleSupervisor, 0, 1},
			{zhixi.RoleAdmin, f.community.ID, 0},
		}
		for _, tt := range listTests {
			us, err := db.Users(ctx, tt.role, tt.community)
			must(t, err)
			if len(us) != tt.want {
				t.Errorf("Users(%q, %d) = %d users, want %d", tt.role, tt.community, len(us), tt.want)
			}
			if tt.community == 0 {
				n, err := db.CountUsers(ctx, tt.role)
				must(t, err)
				if n != tt.want {
					t.Errorf("CountUsers(%q) = %d, want %d", tt.role, n, tt.want)
				}
			}
		}

		must(t, db.SetPassword(ctx, admin.ID, "$new"))
		got, err = db.User(ctx, admin.ID)
		must(t, err)
		if got.PasswordHash != "$new" {
			t.Errorf("password hash = %q after SetPassword", got.PasswordHash)
		}
		wantErr(t, db.SetPassword(ctx, 98765, "x"), zhixi.ENOTFOUND, "err.user_not_found")
	})
}

// Two servers creating the same account at once: exactly one wins, the
// others get ECONFLICT, never a raw driver error.
func TestCreateUserConcurrent(t *testing.T) {
	eachPair(t, func(t *testing.T, a, b *store.DB) {
		ctx := ctxT(t)
		const n = 12
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				errs[i] = pick(i, a, b).CreateUser(ctx, &zhixi.User{Username: "same", Role: zhixi.RoleAdmin})
			})
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
				continue
			}
			wantErr(t, err, zhixi.ECONFLICT, "err.username_taken")
		}
		if ok != 1 {
			t.Errorf("%d creates succeeded, want 1", ok)
		}
	})
}

func TestSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx := ctxT(t)
		f := newFixture(t, db)
		now := time.Date(2026, 5, 1, 8, 0, 0, 123456789, time.Local)
		s := zhixi.Session{TokenHash: "h1", UserID: f.guardian.ID, CreatedAt: now,
			ExpiresAt: now.Add(time.Hour), IP: "10.0.0.1", UserAgent: "tablet"}
		must(t, db.CreateSession(ctx, &s))

		createTests := []struct {
			s         zhixi.Session
			code, key string
		}{
			{zhixi.Session{UserID: f.guardian.ID, ExpiresAt: now}, zhixi.EINVALID, "err.token_required"},
			{zhixi.Session{TokenHash: "x", ExpiresAt: now}, zhixi.EINVALID, "err.token_required"},
			{zhixi.Session{TokenHash: "x", UserID: f.guardian.ID}, zhixi.EINVALID, "err.token_required"},
			{zhixi.Session{TokenHash: "x", UserID: 4242, ExpiresAt: now}, zhixi.ENOTFOUND, "err.user_not_found"},
			{zhixi.Session{TokenHash: "h1", UserID: f.guardian.ID, ExpiresAt: now}, zhixi.ECONFLICT, "err.duplicate"},
		}
		for _, tt := range createTests {
			x := tt.s
			wantErr(t, db.CreateSession(ctx, &x), tt.code, tt.key)
		}

		got, err := db.Session(ctx, "h1", now.Add(time.Minute))
		must(t, err)
		if *got != s || !got.LastSeen.Equal(now) {
			t.Errorf("Session = %+v, want %+v", *got, s)
		}
		_, err = db.Session(ctx, "h1", now.Add(time.Hour))
		wantErr(t, err, zhixi.ENOTFOUND, "err.session_not_found")
		_, err = db.Session(ctx, "nope", now)
		wantErr(t, err, zhixi.ENOTFOUND, "err.session_not_found")

		later := now.Add(50 * time.Minute)
		must(t, db.TouchSession(ctx, "h1", later, later.Add(time.Hour)))
		got, err = db.Session(ctx, "h1", now.Add(90*time.Minute))
		must(t, err)
		if !got.LastSeen.Equal(later) || !got.ExpiresAt.Equal(later.Add(time.Hour)) {
			t.Errorf("after touch: %+v", *got)
		}
		wantErr(t, db.TouchSession(ctx, "nope", later, later), zhixi.ENOTFOUND, "err.session_not_found")

		must(t, db.CreateSession(ctx, &zhixi.Session{TokenHash: "h2", UserID: f.guardian.ID, ExpiresAt: now}))
		must(t, db.CreateSession(ctx, &zhixi.Session{TokenHash: "h3", UserID: f.guardian.ID, ExpiresAt: now.Add(time.Second)}))
		n, err := db.DeleteExpiredSessions(ctx, now)
		must(t, err)
		if n != 1 {
			t.Errorf("DeleteExpiredSessions = %d, want 1", n)
		}
		must(t, db.DeleteSession(ctx, "h1"))
		must(t, db.DeleteSession(ctx, "h1")) // logging out twice is fine
		_, err = db.Session(ctx, "h1", now)
		wantErr(t, err, zhixi.ENOTFOUND, "err.session_not_found")
		if _, err := db.Session(ctx, "h3", now); err != nil {
			t.Errorf("h3 should still be live: %v", err)
		}
	})
}

func TestLoginThrottle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx := ctxT(t)
		th := zhixi.Throttle{Limit: 3, Window: 10 * time.Minute, LockFor: 15 * time.Minute}
		t0 := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)

		// Each step: a failure at t0+offset, and whether it locks.
		steps := []struct {
			at    time.Duration
			locks bool
		}{
			{0, false},
			{time.Minute, false},
			{11 * time.Minute, false}, // window from t0 expired: count restarts at 1
			{12 * time.Minute, false},
			{13 * time.Minute, true}, // third within the window
		}
		for i, st := range steps {
			until, err := db.RecordLoginFailure(ctx, "u:bob", t0.Add(st.at), th)
			must(t, err)
			if want := t0.Add(st.at + th.LockFor); st.locks != !until.IsZero() || (st.locks && !until.Equal(want)) {
				t.Fatalf("step %d: lock until %v, want lock=%v (%v)", i, until, st.locks, want)
			}
		}
		lockedAt := t0.Add(13 * time.Minute)
		until, err := db.LoginLockedUntil(ctx, "u:bob", lockedAt.Add(time.Minute))
		must(t, err)
		if !until.Equal(lockedAt.Add(th.LockFor)) {
			t.Errorf("LoginLockedUntil = %v, want %v", until, lockedAt.Add(th.LockFor))
		}
		until, err = db.LoginLockedUntil(ctx, "u:bob", lockedAt.Add(th.LockFor))
		must(t, err)
		if !until.IsZero() {
			t.Errorf("lock should have ended, got %v", until)
		}
		until, err = db.LoginLockedUntil(ctx, "u:alice", t0)
		must(t, err)
		if !until.IsZero() {
			t.Errorf("unknown key locked until %v", until)
		}
		must(t, db.ClearLoginFailures(ctx, "u:bob"))
		until, err = db.LoginLockedUntil(ctx, "u:bob", lockedAt.Add(time.Minute))
		must(t, err)
		if !until.IsZero() {
			t.Errorf("after clear: locked until %v", until)
		}
		_, err = db.RecordLoginFailure(ctx, "k", t0, zhixi.Throttle{})
		wantErr(t, err, zhixi.EINVALID, "")
		// Limit 1: the first failure locks.
		until, err = db.RecordLoginFailure(ctx, "ip:1", t0, zhixi.Throttle{Limit: 1, Window: time.Minute, LockFor: time.Minute})
		must(t, err)
		if until.IsZero() {
			t.Error("limit 1: first failure did not lock")
		}
	})
}

// Concurrent failures on two servers must all count: with a limit of n,
// exactly the n-th of n concurrent failures locks, and with a limit of
// n+1 none does.
func TestRecordLoginFailureConcurrent(t *testing.T) {
	eachPair(t, func(t *testing.T, a, b *store.DB) {
		ctx := ctxT(t)
		const n = 20
		now := time.Now()
		for _, limit := range []int{n, n + 1} {
			key := fmt.Sprintf("ip:limit%d", limit)
			th := zhixi.Throttle{Limit: limit, Window: time.Hour, LockFor: time.Hour}
			locks := make(chan time.Time, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					until, err := pick(i, a, b).RecordLoginFailure(ctx, key, now, th)
					if err != nil {
						t.Error(err)
					}
					if !until.IsZero() {
						locks <- until
					}
				})
			}
			wg.Wait()
			close(locks)
			want := 0
			if limit == n {
				want = 1
			}
			if len(locks) != want {
				t.Errorf("limit %d: %d of %d concurrent failures reported a lock, want %d", limit, len(locks), n, want)
			}
		}
	})
}
