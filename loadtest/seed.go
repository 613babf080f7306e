// Package loadtest drives a running zhixi server over its JSON API with
// simulated students, the way room tablets do, and measures throughput and
// latency per operation. `zhixi bench` uses it.
package loadtest

import (
	"context"
	"fmt"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/password"
)

// Store is what seeding needs: the same calls the demo uses.
type Store interface {
	zhixi.OrgService
	zhixi.UserService
	zhixi.StudentService
}

// World is what Seed created: the students to simulate and the
// supervisor accounts the load clients log in with.
type World struct {
	Students    []Student
	Supervisors []string // usernames
	Password    string
}

// Student is one simulated student as the server knows them.
type Student struct {
	ID    int64
	Grade int
}

// Seed creates a street, a community with a room, n students in grades
// 1-9 each with a guardian who has consented, and `supervisors` supervisor
// accounts, all through the store as the demo does. Names carry tag so
// repeated runs against one database do not collide. One password is
// hashed once for every account.
func Seed(ctx context.Context, st Store, h *password.Hasher, tag string, n, supervisors int) (*World, error) {
	street := &zhixi.Street{Name: "压测街道 " + tag}
	if err := st.CreateStreet(ctx, street); err != nil {
		return nil, fmt.Errorf("bench street: %w", err)
	}
	c := &zhixi.Community{StreetID: street.ID, Name: "压测社区 " + tag}
	if err := st.CreateCommunity(ctx, c); err != nil {
		return nil, fmt.Errorf("bench community: %w", err)
	}
	room := &zhixi.Room{CommunityID: c.ID, Name: "AI智习室", Location: "压测", Seats: max(n, 1)}
	if err := st.CreateRoom(ctx, room); err != nil {
		return nil, fmt.Errorf("bench room: %w", err)
	}
	w := &World{Password: "bench-" + tag}
	hash, err := h.Hash(ctx, w.Password)
	if err != nil {
		return nil, err
	}
	for i := range supervisors {
		u := &zhixi.User{Username: fmt.Sprintf("bench_%s_dx%d", tag, i), DisplayName: fmt.Sprintf("督学%d", i),
			Role: zhixi.RoleSupervisor, PasswordHash: hash, CommunityID: c.ID}
		if err := st.CreateUser(ctx, u); err != nil {
			return nil, fmt.Errorf("bench supervisor: %w", err)
		}
		w.Supervisors = append(w.Supervisors, u.Username)
		room.Supervisors = append(room.Supervisors, u.ID)
	}
	// Supervisors see the students of the communities their room serves.
	if err := st.SaveRoom(ctx, room, zhixi.AuditEntry{Detail: "bench"}); err != nil {
		return nil, fmt.Errorf("bench room supervisors: %w", err)
	}
	now := time.Now()
	for i := range n {
		grade := 1 + i%9
		birth := time.Date(now.Year()-6-grade, time.Month(1+i%12), 1, 0, 0, 0, 0, time.UTC)
		s := &zhixi.Student{CommunityID: c.ID, Name: fmt.Sprintf("学生%d", i), Grade: grade, BirthMonth: birth, CreatedAt: now}
		if err := st.CreateStudent(ctx, s); err != nil {
			return nil, fmt.Errorf("bench student %d: %w", i, err)
		}
		g := &zhixi.User{Username: fmt.Sprintf("bench_%s_jz%d", tag, i), DisplayName: fmt.Sprintf("家长%d", i),
			Role: zhixi.RoleGuardian, PasswordHash: hash}
		if err := st.CreateUser(ctx, g); err != nil {
			return nil, fmt.Errorf("bench guardian %d: %w", i, err)
		}
		if err := st.LinkGuardian(ctx, s.ID, g.ID, "母亲"); err != nil {
			return nil, fmt.Errorf("bench guardian link %d: %w", i, err)
		}
		if err := st.RecordConsent(ctx, s.ID, g.ID, now); err != nil {
			return nil, fmt.Errorf("bench consent %d: %w", i, err)
		}
		w.Students = append(w.Students, Student{ID: s.ID, Grade: grade})
	}
	return w, nil
}
