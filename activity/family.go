package activity

import (
	"context"
	"slices"

	"github.com/zhixi-org/zhixi"
)

// FamilyActivity is an upcoming activity as a guardian's phone shows it:
// each of the guardian's children the room serves, with their
// registration (nil: not registered) or why they cannot register.
type FamilyActivity struct {
	Activity zhixi.Activity
	Room     zhixi.Room
	Kids     []FamilyKid
}

// FamilyKid is one child at one activity.
type FamilyKid struct {
	Student      zhixi.Student
	Registration *zhixi.ActivityRegistration // the live one (registered or waiting), if any
	Age          int
	// TooYoung, TooOld: outside the activity's age range on the day.
	TooYoung, TooOld bool
}

// Family lists the upcoming activities (not yet started) of the rooms
// serving a guardian's children, soonest first, with each child's status.
// Only guardians have such a list; registering and cancelling go through
// Register and Cancel, as the API does.
func (s *Service) Family(ctx context.Context, actor *zhixi.User) ([]FamilyActivity, error) {
	if actor.Role != zhixi.RoleGuardian {
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	kids, err := s.store.Students(ctx, zhixi.StudentFilter{GuardianID: actor.ID})
	if err != nil {
		return nil, err
	}
	now := s.now()
	rooms := map[int64]*zhixi.Room{}
	var order []int64
	for _, k := range kids {
		rs, err := s.cal.RoomsServing(ctx, k.CommunityID)
		if err != nil {
			return nil, err
		}
		for i := range rs {
			if rooms[rs[i].ID] == nil {
				rooms[rs[i].ID] = &rs[i]
				order = append(order, rs[i].ID)
			}
		}
	}
	var out []FamilyActivity
	for _, id := range order {
		room := rooms[id]
		list, err := s.store.Activities(ctx, room.ID, now, now.AddDate(1, 0, 0))
		if err != nil {
			return nil, err
		}
		for _, a := range list {
			if !now.Before(a.Start) {
				continue
			}
			regs, err := s.store.Registrations(ctx, a.ID)
			if err != nil {
				return nil, err
			}
			fa := FamilyActivity{Activity: a, Room: *room}
			for _, k := range kids {
				if !room.Serves(k.CommunityID) {
					continue
				}
				fk := FamilyKid{Student: k, Age: k.Age(a.Start)}
				fk.TooYoung, fk.TooOld = fk.Age < a.MinAge, fk.Age > a.MaxAge
				for i := range regs {
					if regs[i].StudentID == k.ID && regs[i].Status != zhixi.RegCancelled {
						fk.Registration = &regs[i]
					}
				}
				fa.Kids = append(fa.Kids, fk)
			}
			out = append(out, fa)
		}
	}
	slices.SortStableFunc(out, func(a, b FamilyActivity) int { return a.Activity.Start.Compare(b.Activity.Start) })
	return out, nil
}
