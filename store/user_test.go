package store_test

import (
	"fmt"
	"reflect"
	"strings"
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

func TestLoginBackoff(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx := ctxT(t)
		b := zhixi.Backoff{Free: 2, Base: time.Minute, Max: 4 * time.Minute, Forget: 10 * time.Minute}
		t0 := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
		fail := func(at time.Duration) time.Time {
			t.Helper()
			until, err := db.RecordLoginFailure(ctx, t0.Add(at), []zhixi.LoginKey{{Key: "user:bob", Backoff: b}},
				&zhixi.AuditEntry{At: t0.Add(at), Action: zhixi.AuditLoginFailed, Object: "user", ObjectID: 7})
			must(t, err)
			return until
		}
		// Each step: a failure at t0+offset, and the wait it starts.
		for i, st := range []struct{ at, wait time.Duration }{
			{0, 0},
			{time.Second, 0},
			{2 * time.Second, time.Minute},
			{3 * time.Second, 2 * time.Minute},
			{4 * time.Second, 4 * time.Minute},
			{5 * time.Second, 4 * time.Minute}, // at most Max
			{20 * time.Minute, 0},              // forgotten after Forget: the count starts again
		} {
			until := fail(st.at)
			if st.wait == 0 && !until.IsZero() || st.wait != 0 && !until.Equal(t0.Add(st.at+st.wait)) {
				t.Fatalf("step %d: wait until %v, want %v after %v", i, until, st.wait, st.at)
			}
		}
		until, err := db.LoginLockedUntil(ctx, "user:bob", t0.Add(6*time.Second))
		must(t, err)
		if want := t0.Add(5*time.Second + 4*time.Minute); !until.Equal(want) {
			t.Errorf("LoginLockedUntil = %v, want %v", until, want)
		}
		until, err = db.LoginLockedUntil(ctx, "user:bob", t0.Add(10*time.Minute))
		must(t, err)
		if !until.IsZero() {
			t.Errorf("the wait should have ended, got %v", until)
		}
		for action, want := range map[string]int{zhixi.AuditLoginFailed: 7, zhixi.AuditLoginLocked: 4} {
			_, n, err := db.AuditEntries(ctx, zhixi.AuditFilter{Action: action})
			must(t, err)
			if n != want {
				t.Errorf("%d audit rows %s, want %d", n, action, want)
			}
		}
		fail(21 * time.Minute)
		fail(22 * time.Minute)
		unlock := func() bool {
			ok, err := db.ClearLoginFailures(ctx, "user:bob", &zhixi.AuditEntry{Action: zhixi.AuditUnlock, Object: "user", ObjectID: 7})
			must(t, err)
			return ok
		}
		if !unlock() || unlock() {
			t.Error("ClearLoginFailures should report a back-off once, then nothing")
		}
		until, err = db.LoginLockedUntil(ctx, "user:bob", t0.Add(22*time.Minute))
		must(t, err)
		if !until.IsZero() {
			t.Errorf("after clear: locked until %v", until)
		}
		if _, n, _ := db.AuditEntries(ctx, zhixi.AuditFilter{Action: zhixi.AuditUnlock}); n != 2 {
			t.Errorf("%d unlock audit rows, want 2", n)
		}
		_, err = db.RecordLoginFailure(ctx, t0, []zhixi.LoginKey{{Key: " ", Backoff: b}}, &zhixi.AuditEntry{Action: zhixi.AuditLoginFailed})
		wantErr(t, err, zhixi.EINVALID, "")
		// Two keys, one failure: one failure row, a wait row per key held back.
		two := []zhixi.LoginKey{{Key: "user:carol", Backoff: zhixi.Backoff{Base: time.Minute, Max: time.Minute}},
			{Key: "ip:1", Backoff: zhixi.Backoff{Base: time.Hour, Max: time.Hour}}}
		until, err = db.RecordLoginFailure(ctx, t0, two, &zhixi.AuditEntry{Action: zhixi.AuditLoginFailed, Detail: "two"})
		must(t, err)
		if !until.Equal(t0.Add(time.Hour)) {
			t.Errorf("two keys: until %v, want the later wait", until)
		}
		entries, _, err := db.AuditEntries(ctx, zhixi.AuditFilter{Action: zhixi.AuditLoginLocked, Limit: 2})
		must(t, err)
		if len(entries) != 2 || !strings.HasPrefix(entries[0].Detail, "地址") || strings.Contains(entries[0].Detail+entries[1].Detail, "carol") {
			t.Errorf("wait rows of two keys: %+v", entries)
		}
	})
}

// Concurrent failures on two servers must all count: with n-1 free
// failures, exactly the n-th of n concurrent failures starts a wait, and
// with n free none does; every failure has its audit row.
func TestRecordLoginFailureConcurrent(t *testing.T) {
	eachPair(t, func(t *testing.T, a, b *store.DB) {
		ctx := ctxT(t)
		const n = 20
		now := time.Now()
		for _, free := range []int{n - 1, n} {
			key := fmt.Sprintf("user:free%d", free)
			bo := zhixi.Backoff{Free: free, Base: time.Minute, Max: time.Hour, Forget: time.Hour}
			locks := make(chan time.Time, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					e := &zhixi.AuditEntry{Action: zhixi.AuditLoginFailed, Object: key}
					until, err := pick(i, a, b).RecordLoginFailure(ctx, now, []zhixi.LoginKey{{Key: key, Backoff: bo}}, e)
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
			if free == n-1 {
				want = 1
			}
			if len(locks) != want {
				t.Errorf("%d free: %d of %d concurrent failures started a wait, want %d", free, len(locks), n, want)
			}
		}
		_, got, err := a.AuditEntries(ctx, zhixi.AuditFilter{Action: zhixi.AuditLoginFailed})
		must(t, err)
		if got != 2*n {
			t.Errorf("%d failure audit rows, want %d", got, 2*n)
		}
	})
}

func TestResetCode(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx := ctxT(t)
		u := &zhixi.User{Username: "gran", Role: zhixi.RoleGuardian, PasswordHash: "old"}
		must(t, db.CreateUser(ctx, u))
		now := time.Now()
		must(t, db.CreateSession(ctx, &zhixi.Session{TokenHash: "s1", UserID: u.ID, ExpiresAt: now.Add(time.Hour)}))
		issue := func(hash string, expires time.Time) {
			t.Helper()
			must(t, db.CreateResetCode(ctx, &zhixi.ResetCode{CodeHash: hash, UserID: u.ID, IssuedBy: 1, CreatedAt: now, ExpiresAt: expires},
				&zhixi.AuditEntry{Action: zhixi.AuditResetCode, Object: "user", ObjectID: u.ID}))
		}
		use := func(hash, pw string) error {
			_, err := db.UseResetCode(ctx, hash, pw, now, &zhixi.AuditEntry{Action: zhixi.AuditPassword, Object: "user"})
			return err
		}
		issue("expired", now.Add(-time.Second))
		wantErr(t, use("expired", "x"), zhixi.EINVALID, "err.reset_code_invalid")
		issue("c1", now.Add(time.Hour))
		issue("c2", now.Add(time.Hour)) // replaces c1
		wantErr(t, use("c1", "x"), zhixi.EINVALID, "err.reset_code_invalid")
		// Two uses at once: exactly one sets the password.
		var wg sync.WaitGroup
		errs := make(chan error, 2)
		for i := range 2 {
			wg.Go(func() { errs <- use("c2", fmt.Sprintf("new%d", i)) })
		}
		wg.Wait()
		close(errs)
		ok := 0
		for err := range errs {
			if err == nil {
				ok++
			} else {
				wantErr(t, err, zhixi.EINVALID, "err.reset_code_invalid")
			}
		}
		if ok != 1 {
			t.Fatalf("%d of 2 simultaneous uses of one code succeeded, want 1", ok)
		}
		got, err := db.User(ctx, u.ID)
		must(t, err)
		if got.PasswordHash != "new0" && got.PasswordHash != "new1" {
			t.Errorf("password hash %q after reset", got.PasswordHash)
		}
		if _, err := db.Session(ctx, "s1", now); zhixi.ErrorCode(err) != zhixi.ENOTFOUND {
			t.Errorf("the account's session survived a reset: %v", err)
		}
		entries, _, err := db.AuditEntries(ctx, zhixi.AuditFilter{Action: zhixi.AuditPassword})
		must(t, err)
		if len(entries) != 1 || entries[0].ActorID != u.ID || entries[0].ObjectID != u.ID {
			t.Errorf("password audit rows %+v, want one by and about the account", entries)
		}
	})
}

// Every server sharing a database reads the same secret, however many
// ask for it first at once.
func TestSecret(t *testing.T) {
	eachPair(t, func(t *testing.T, a, b *store.DB) {
		ctx := ctxT(t)
		got := make([]string, 8)
		var wg sync.WaitGroup
		for i := range got {
			wg.Go(func() {
				v, err := pick(i, a, b).Secret(ctx, "device-cookie", func() (string, error) { return fmt.Sprint("secret", i), nil })
				if err != nil {
					t.Error(err)
				}
				got[i] = v
			})
		}
		wg.Wait()
		for _, v := range got {
			if v == "" || v != got[0] {
				t.Fatalf("servers read different secrets: %q", got)
			}
		}
	})
}

// A NUL that slipped past the decoders is refused as bad input on both
// engines, not a 500: PostgreSQL cannot store it (SQLSTATE 22021).
func TestTextTheDatabaseCannotStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx := ctxT(t)
		err := db.CreateUser(ctx, &zhixi.User{Username: "nul\x00name", Role: zhixi.RoleAdmin})
		if db.Engine() == store.Postgres {
			wantErr(t, err, zhixi.EINVALID, "err.text_invalid")
		} else {
			must(t, err) // SQLite stores it; the web layer's check refuses it first
		}
	})
}
