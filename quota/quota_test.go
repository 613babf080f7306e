package quota_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/quota"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

type world struct {
	svc      *quota.Service
	staff    zhixi.User
	guardian zhixi.User
	students []zhixi.Student
	apps     []*zhixi.QuotaApplication
}

// newWorld files and verifies n applications in one community.
func newWorld(t *testing.T, db *store.DB, n int) *world {
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)
	w := &world{svc: quota.NewService(db, func() time.Time { return now })}
	st := zhixi.Street{Name: "开源街道"}
	must(t, db.CreateStreet(ctx, &st))
	c := zhixi.Community{StreetID: st.ID, Name: "民和社区"}
	must(t, db.CreateCommunity(ctx, &c))
	w.staff = zhixi.User{Username: "staff", Role: zhixi.RoleStaff, CommunityID: c.ID, PasswordHash: "x"}
	must(t, db.CreateUser(ctx, &w.staff))
	w.guardian = zhixi.User{Username: "parent", Role: zhixi.RoleGuardian, PasswordHash: "x"}
	must(t, db.CreateUser(ctx, &w.guardian))
	for i := range n {
		s := zhixi.Student{CommunityID: c.ID, Name: fmt.Sprintf("学生%02d", i), Grade: 5, BirthMonth: time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC), CreatedAt: now}
		must(t, db.CreateStudent(ctx, &s))
		w.students = append(w.students, s)
		must(t, db.LinkGuardian(ctx, s.ID, w.guardian.ID, "母亲"))
		q, err := w.svc.Apply(ctx, &w.guardian, quota.ApplyInput{StudentID: s.ID, Category: "低保"})
		must(t, err)
		q, err = w.svc.Verify(ctx, &w.staff, q.ID, quota.VerifyInput{CertificateType: "低保证", CertificateYear: 2026})
		must(t, err)
		w.apps = append(w.apps, q)
	}
	return w
}

// TestConcurrentQuota: ten staff approving ten verified applications at
// the same moment fill the five places and put five on the waiting list.
func TestConcurrentQuota(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db, 10)
		var wg sync.WaitGroup
		start := make(chan struct{})
		errs := make([]error, 10)
		for i := range 10 {
			wg.Go(func() {
				<-start
				_, errs[i] = w.svc.Approve(context.Background(), &w.staff, w.apps[i].ID)
			})
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("approval %d: %v", i, err)
			}
		}
		list, err := db.QuotaApplications(context.Background(), zhixi.QuotaFilter{Year: 2026})
		must(t, err)
		count := map[string]int{}
		for _, q := range list {
			count[q.Status]++
		}
		if count[zhixi.QuotaApproved] != 5 || count[zhixi.QuotaWaiting] != 5 {
			t.Fatalf("10 simultaneous approvals for 5 places gave %v, want 5 approved and 5 waiting", count)
		}
	})
}

func TestQuotaRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db, 7)
		wantKey := func(err error, key string) {
			t.Helper()
			if k, _ := zhixi.ErrorKey(err); err == nil || k != key {
				t.Fatalf("error %v, want %s", err, key)
			}
		}
		_, err := w.svc.Apply(ctx, &w.guardian, quota.ApplyInput{StudentID: w.students[0].ID, Category: "低保"})
		wantKey(err, "err.quota_applied")
		_, err = w.svc.Apply(ctx, &w.guardian, quota.ApplyInput{StudentID: w.students[0].ID, Category: "有钱"})
		wantKey(err, "err.quota_category")
		_, err = w.svc.Approve(ctx, &w.guardian, w.apps[0].ID)
		wantKey(err, "err.quota_not_found")
		var last *zhixi.QuotaApplication
		for i := range 7 {
			last, err = w.svc.Approve(ctx, &w.staff, w.apps[i].ID)
			must(t, err)
		}
		if last.Status != zhixi.QuotaWaiting || last.Position != 2 {
			t.Fatalf("the 7th approval is %s at %d, want waiting at 2", last.Status, last.Position)
		}
		_, err = w.svc.Approve(ctx, &w.staff, w.apps[0].ID)
		wantKey(err, "err.quota_state")
		_, err = w.svc.Release(ctx, &w.staff, w.apps[0].ID, "")
		wantKey(err, "err.field_required")
		promoted, err := w.svc.Release(ctx, &w.staff, w.apps[0].ID, "搬离本社区")
		must(t, err)
		if promoted == nil || promoted.ID != w.apps[5].ID || promoted.Status != zhixi.QuotaApproved {
			t.Fatalf("releasing a place promoted %+v, want application 6", promoted)
		}
		has, err := db.HasQuotaPlace(ctx, w.students[5].ID, 2026)
		must(t, err)
		if !has {
			t.Error("the promoted child has no place")
		}
		fam, err := w.svc.Family(ctx, &w.guardian, zhixi.ViaPage)
		must(t, err)
		if len(fam) != 7 || fam[6].Position != 1 {
			t.Errorf("the family sees %d applications, the last at %d; want 7, the last at 1", len(fam), fam[6].Position)
		}
	})
}
