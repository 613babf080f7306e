// Package activity runs minors' theme activities (未成年人主题活动: title,
// time, age range, capacity, registration by guardians with a waiting list,
// attendance, a short summary) and the public-welfare materials ledger
// (公益物料: received, given out to an activity or as a count, stock on
// hand, every movement attributed to a person and a time).
package activity

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/calendar"
)

// Store is what activities and materials need from storage.
type Store interface {
	calendar.Store
	zhixi.ActivityService
	zhixi.AuditAppender
	Students(ctx context.Context, f zhixi.StudentFilter) ([]zhixi.Student, error)
}

// Service runs the actions.
type Service struct {
	store Store
	cal   *calendar.Service
	now   func() time.Time
}

// NewService returns a Service over st and the calendar.
func NewService(st Store, cal *calendar.Service) *Service {
	return &Service{store: st, cal: cal, now: cal.Now}
}

// Input is the form of a new activity.
type Input struct {
	Title    string `json:"title"`
	Start    string `json:"start"`
	End      string `json:"end"`
	MinAge   int    `json:"min_age"`
	MaxAge   int    `json:"max_age"`
	Capacity int    `json:"capacity"`
}

// Create schedules an activity in a room.
func (s *Service) Create(ctx context.Context, actor *zhixi.User, roomID int64, in Input) (*zhixi.Activity, error) {
	room, _, err := s.cal.ManagedRoom(ctx, actor, roomID)
	if err != nil {
		return nil, err
	}
	a := &zhixi.Activity{RoomID: room.ID, Title: strings.TrimSpace(in.Title), MinAge: in.MinAge, MaxAge: in.MaxAge, Capacity: in.Capacity,
		CreatedBy: actor.ID, CreatedAt: s.now()}
	if a.Title == "" {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "活动名称")
	}
	if a.Start, err = calendar.ParseLocal("开始时间", in.Start); err != nil {
		return nil, err
	}
	if a.End, err = calendar.ParseLocal("结束时间", in.End); err != nil {
		return nil, err
	}
	switch {
	case !a.Start.Before(a.End):
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.end_before_start")
	case a.MinAge < 3 || a.MaxAge > 18 || a.MinAge > a.MaxAge:
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.activity_ages")
	case a.Capacity < 1 || a.Capacity > 500:
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.activity_capacity")
	}
	au := zhixi.NewAudit(ctx, actor, a.CreatedAt, zhixi.AuditCreate, "activity", 0, 0, a.Title)
	if err := s.store.CreateActivity(ctx, a, au); err != nil {
		return nil, err
	}
	return a, nil
}

// activityIn loads activity id of room roomID, which load gave access to.
func (s *Service) activityIn(ctx context.Context, roomID, id int64, load func(context.Context, *zhixi.User, int64) (*zhixi.Room, error), actor *zhixi.User) (*zhixi.Activity, *zhixi.Room, error) {
	room, err := load(ctx, actor, roomID)
	if err != nil {
		return nil, nil, err
	}
	if id <= 0 {
		return nil, nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "活动")
	}
	a, err := s.store.Activity(ctx, id)
	if err != nil || a.RoomID != room.ID {
		return nil, nil, zhixi.Errorf(zhixi.ENOTFOUND, "err.activity_not_found")
	}
	return a, room, nil
}

// Register signs a child up (a guardian their own, staff and supervisors
// any child the room serves): a place while there is one, else the waiting
// list. The child's age on the day must be in the activity's range.
func (s *Service) Register(ctx context.Context, actor *zhixi.User, roomID, activityID, studentID int64) (*zhixi.ActivityRegistration, error) {
	a, room, err := s.activityIn(ctx, roomID, activityID, s.cal.FamilyRoom, actor)
	if err != nil {
		return nil, err
	}
	if studentID <= 0 {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "孩子")
	}
	st, _, err := zhixi.VisibleStudent(ctx, s.store, actor, studentID)
	if err != nil {
		return nil, err
	}
	switch {
	case actor.Role != zhixi.RoleGuardian && !zhixi.CanRunRoom(actor, room):
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	case !room.Serves(st.CommunityID):
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.not_served", st.Name)
	case !s.now().Before(a.Start):
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.activity_started")
	}
	if age := st.Age(a.Start); age < a.MinAge || age > a.MaxAge {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.activity_age", st.Name, age, a.MinAge, a.MaxAge)
	}
	now := s.now()
	r := &zhixi.ActivityRegistration{ActivityID: a.ID, StudentID: st.ID, RegisteredBy: actor.ID, RegisteredAt: now}
	au := zhixi.NewAudit(ctx, actor, now, zhixi.AuditCreate, "activity_registration", 0, st.ID, "")
	if err := s.store.RegisterActivity(ctx, r, au); err != nil {
		return nil, err
	}
	r.StudentName = st.Name
	return r, nil
}

// registration loads a registration of an activity in room roomID that
// the actor may change: who runs the room, or (unless runOnly) a guardian
// of the child.
func (s *Service) registration(ctx context.Context, actor *zhixi.User, roomID, activityID, regID int64, runOnly bool) (*zhixi.ActivityRegistration, error) {
	load := s.cal.FamilyRoom
	if runOnly {
		load = s.cal.RunRoom
	}
	_, room, err := s.activityIn(ctx, roomID, activityID, load, actor)
	if err != nil {
		return nil, err
	}
	if regID <= 0 {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "报名记录")
	}
	list, err := s.store.Registrations(ctx, activityID)
	if err != nil {
		return nil, err
	}
	for _, r := range list {
		if r.ID != regID {
			continue
		}
		if zhixi.CanRunRoom(actor, room) {
			return &r, nil
		}
		if !runOnly && actor.Role == zhixi.RoleGuardian {
			gids, err := s.store.GuardianIDs(ctx, r.StudentID)
			if err != nil {
				return nil, err
			}
			if slices.Contains(gids, actor.ID) {
				return &r, nil
			}
		}
	}
	return nil, zhixi.Errorf(zhixi.ENOTFOUND, "err.registration_not_found")
}

// Cancel cancels a registration; a freed place goes to the waiting list.
func (s *Service) Cancel(ctx context.Context, actor *zhixi.User, roomID, activityID, regID int64) (*zhixi.ActivityRegistration, error) {
	r, err := s.registration(ctx, actor, roomID, activityID, regID, false)
	if err != nil {
		return nil, err
	}
	au := zhixi.NewAudit(ctx, actor, s.now(), zhixi.AuditUpdate, "activity_registration", r.ID, r.StudentID, "cancelled")
	return s.store.CancelRegistration(ctx, r.ID, au)
}

// Attend records whether a registered child came.
func (s *Service) Attend(ctx context.Context, actor *zhixi.User, roomID, activityID, regID int64, attended bool) error {
	r, err := s.registration(ctx, actor, roomID, activityID, regID, true)
	if err != nil {
		return err
	}
	au := zhixi.NewAudit(ctx, actor, s.now(), zhixi.AuditUpdate, "activity_registration", r.ID, r.StudentID, "attendance")
	return s.store.MarkAttended(ctx, r.ID, attended, au)
}

// maxSummary bounds the short summary.
const maxSummary = 500

// Summarise records the activity's short summary.
func (s *Service) Summarise(ctx context.Context, actor *zhixi.User, roomID, activityID int64, summary string) error {
	manage := func(ctx context.Context, u *zhixi.User, id int64) (*zhixi.Room, error) {
		room, _, err := s.cal.ManagedRoom(ctx, u, id)
		return room, err
	}
	a, _, err := s.activityIn(ctx, roomID, activityID, manage, actor)
	if err != nil {
		return err
	}
	summary = strings.TrimSpace(summary)
	if len([]rune(summary)) > maxSummary {
		return zhixi.Errorf(zhixi.EINVALID, "err.too_long", "活动小结", maxSummary)
	}
	au := zhixi.NewAudit(ctx, actor, s.now(), zhixi.AuditUpdate, "activity", a.ID, 0, "summary")
	return s.store.SetActivitySummary(ctx, a.ID, summary, au)
}

// ReceiveInput records items received from the company.
type ReceiveInput struct {
	Name     string `json:"name"`
	Unit     string `json:"unit"`
	Quantity int    `json:"quantity"`
	Note     string `json:"note"`
}

// Receive adds received items to a room's stock.
func (s *Service) Receive(ctx context.Context, actor *zhixi.User, roomID int64, in ReceiveInput) (*zhixi.MaterialMove, error) {
	room, _, err := s.cal.ManagedRoom(ctx, actor, roomID)
	if err != nil {
		return nil, err
	}
	in.Name, in.Unit = strings.TrimSpace(in.Name), strings.TrimSpace(in.Unit)
	switch {
	case in.Name == "":
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "物品名称")
	case in.Unit == "":
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "单位")
	case in.Quantity < 1 || in.Quantity > 100000:
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.quantity")
	}
	m := &zhixi.MaterialMove{Delta: in.Quantity, Note: strings.TrimSpace(in.Note), MovedBy: actor.ID, MovedAt: s.now()}
	au := zhixi.NewAudit(ctx, actor, m.MovedAt, zhixi.AuditCreate, "material_move", 0, 0, in.Name)
	if err := s.store.ReceiveMaterial(ctx, m, room.ID, in.Name, in.Unit, au); err != nil {
		return nil, err
	}
	return m, nil
}

// GiveInput records items given out: to an activity, or as a count.
type GiveInput struct {
	MaterialID int64  `json:"material_id"`
	Quantity   int    `json:"quantity"`
	ActivityID int64  `json:"activity_id"`
	Note       string `json:"note"`
}

// Give takes items out of a room's stock; never below zero.
func (s *Service) Give(ctx context.Context, actor *zhixi.User, roomID int64, in GiveInput) (*zhixi.MaterialMove, error) {
	room, _, err := s.cal.ManagedRoom(ctx, actor, roomID)
	if err != nil {
		return nil, err
	}
	stock, err := s.store.Materials(ctx, room.ID)
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(stock, func(m zhixi.Material) bool { return m.ID == in.MaterialID }) {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "物品")
	}
	if in.Quantity < 1 || in.Quantity > 100000 {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.quantity")
	}
	if in.ActivityID != 0 {
		a, err := s.store.Activity(ctx, in.ActivityID)
		if err != nil || a.RoomID != room.ID {
			return nil, zhixi.Errorf(zhixi.ENOTFOUND, "err.activity_not_found")
		}
	}
	m := &zhixi.MaterialMove{MaterialID: in.MaterialID, Delta: -in.Quantity, ActivityID: in.ActivityID, Note: strings.TrimSpace(in.Note),
		MovedBy: actor.ID, MovedAt: s.now()}
	au := zhixi.NewAudit(ctx, actor, m.MovedAt, zhixi.AuditCreate, "material_move", 0, 0, "given")
	if err := s.store.GiveMaterial(ctx, m, au); err != nil {
		return nil, err
	}
	return m, nil
}

// Page is a room's activities and materials as staff see them.
type Page struct {
	Room          *zhixi.Room
	Activities    []zhixi.Activity
	Registrations map[int64][]zhixi.ActivityRegistration
	Materials     []zhixi.Material
	Moves         []zhixi.MaterialMove
	CanManage     bool
	// Kids are the lending community's children, whom staff register.
	Kids []zhixi.Student
}

// RoomPage loads a room's activities (from 30 days ago), who registered,
// the lending community's children and the materials for someone who
// runs the room. Registrations name children, so the read is audited.
func (s *Service) RoomPage(ctx context.Context, actor *zhixi.User, roomID int64, via zhixi.Via) (*Page, error) {
	room, _, err := s.cal.Room(ctx, roomID)
	if err != nil {
		return nil, err
	}
	if !zhixi.CanRunRoom(actor, room) {
		return nil, zhixi.Hidden()
	}
	now := s.now()
	p := &Page{Room: room, Registrations: map[int64][]zhixi.ActivityRegistration{}, CanManage: zhixi.CanManageRoom(actor, room)}
	if p.Activities, err = s.store.Activities(ctx, room.ID, now.AddDate(0, 0, -30), now.AddDate(1, 0, 0)); err != nil {
		return nil, err
	}
	for _, a := range p.Activities {
		if p.Registrations[a.ID], err = s.store.Registrations(ctx, a.ID); err != nil {
			return nil, err
		}
	}
	if p.Materials, err = s.store.Materials(ctx, room.ID); err != nil {
		return nil, err
	}
	if p.Moves, err = s.store.MaterialMoves(ctx, room.ID, now.AddDate(0, -3, 0), now.Add(time.Hour)); err != nil {
		return nil, err
	}
	if p.Kids, err = s.store.Students(ctx, zhixi.StudentFilter{CommunityID: room.CommunityID}); err != nil {
		return nil, err
	}
	registered := 0
	for _, rs := range p.Registrations {
		registered += len(rs)
	}
	detail := via.Detail(fmt.Sprintf("%d 项活动，%d 人次报名，%d 名孩子", len(p.Activities), registered, len(p.Kids)))
	if err := zhixi.AppendRead(ctx, s.store, actor, now, "activities", room.ID, 0, detail); err != nil {
		return nil, err
	}
	return p, nil
}
