package store_test

import (
	"sync"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/store"
)

// Two phones accept one invitation at once, through two servers: exactly
// one account is opened and the children are linked once.
func TestInvitationAcceptedOnce(t *testing.T) {
	eachPair(t, func(t *testing.T, a, b *store.DB) {
		ctx := ctxT(t)
		f := newFixture(t, a)
		staff := zhixi.User{Username: "staff", Role: zhixi.RoleStaff, CommunityID: f.community.ID}
		must(t, a.CreateUser(ctx, &staff))
		now := time.Now()
		kid := &zhixi.Student{CommunityID: f.community.ID, Name: "小宇", Grade: 3, BirthMonth: time.Date(2017, 11, 1, 0, 0, 0, 0, time.UTC)}
		inv := &zhixi.Invitation{CodeHash: "h1", CommunityID: f.community.ID, GuardianName: "陈奶奶", Relation: "奶奶",
			CreatedBy: staff.ID, CreatedAt: now, ExpiresAt: now.Add(zhixi.InvitationTTL)}
		must(t, a.RegisterFamily(ctx, []*zhixi.Student{kid}, inv, zhixi.AuditEntry{ActorID: staff.ID, ActorRole: zhixi.RoleStaff}))

		const n = 6
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				g := &zhixi.User{Username: "nainai" + string(rune('a'+i)), PasswordHash: "h"}
				errs[i] = pick(i, a, b).AcceptInvitation(ctx, "h1", g, 1, now, "10.0.0.1")
			})
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch zhixi.ErrorCode(err) {
			case "":
				ok++
			case zhixi.ECONFLICT, zhixi.ENOTFOUND:
			default:
				t.Errorf("accept: %v", err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d acceptances succeeded, want exactly 1: %v", ok, errs)
		}
		gids, err := a.GuardianIDs(ctx, kid.ID)
		must(t, err)
		guardians, err := a.Users(ctx, zhixi.RoleGuardian, 0)
		must(t, err)
		if len(gids) != 1 || len(guardians) != 2 { // the fixture's guardian and the new one
			t.Fatalf("guardians of the child %v, guardian accounts %d", gids, len(guardians))
		}
		st, err := a.Student(ctx, kid.ID)
		must(t, err)
		if st.NeedsConsent() || st.ConsentBy != gids[0] {
			t.Errorf("consent after acceptance: %+v", st)
		}
		_, err = a.Invitation(ctx, "h1", now)
		wantErr(t, err, zhixi.ENOTFOUND, "err.invitation_invalid")
		// An expired invitation cannot be used.
		inv2 := &zhixi.Invitation{CodeHash: "h2", CommunityID: f.community.ID, GuardianName: "x", StudentIDs: []int64{kid.ID},
			CreatedBy: staff.ID, CreatedAt: now, ExpiresAt: now.Add(time.Minute)}
		must(t, a.CreateInvitation(ctx, inv2, zhixi.AuditEntry{ActorID: staff.ID}))
		late := &zhixi.User{Username: "late", PasswordHash: "h"}
		wantErr(t, a.AcceptInvitation(ctx, "h2", late, 1, now.Add(2*time.Minute), ""), zhixi.ECONFLICT, "err.invitation_used")
		if _, err := a.UserByUsername(ctx, "late"); zhixi.ErrorCode(err) != zhixi.ENOTFOUND {
			t.Errorf("a refused acceptance left an account: %v", err)
		}
	})
}
