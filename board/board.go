// Package board runs the supervisors' live room board: who is in the
// room and what they are doing, raised hands (求助), alerts, notes and the
// record of 解读 sessions. It keeps no state: every view is read from the
// database, so any server can serve any board.
package board

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/curriculum"
)

// Store is what the board needs from storage.
type Store interface {
	zhixi.BoardService
	zhixi.StudentService
	zhixi.OrgService
	zhixi.AuditService
}

// Rules tune the alerts.
type Rules struct {
	// IdleAfter is how long without an answer makes a student idle.
	IdleAfter time.Duration
	// WrongRun is how many wrong answers in a row raise an alert.
	WrongRun int
	// Window is how far back the board looks for who is present.
	Window time.Duration
}

// DefaultRules are the board's defaults.
var DefaultRules = Rules{IdleAfter: 5 * time.Minute, WrongRun: 3, Window: 3 * time.Hour}

// Service is the board's actions.
type Service struct {
	Store   Store
	Content *curriculum.Bank
	Rules   Rules
	Now     func() time.Time
}

// Activity is what a student is doing.
type Activity string

// The activities.
const (
	Screening Activity = "screening"
	Practice  Activity = "practice"
	Idle      Activity = "idle"
)

// Seat is one seat of the room's seat map.
type Seat struct {
	No      int
	Student *zhixi.Student
	// Activity and its detail: the subject and question count of a
	// screening, the point being practised.
	Activity  Activity
	Subject   string
	Questions int
	Point     string
	// Minutes on task in the board's window (gaps of over
	// zhixi.BoardMaxPause left out), summed by the query.
	Minutes int
	// Run is the last answers, oldest first: true for right.
	Run    []bool
	Hand   *zhixi.Hand
	Alerts []zhixi.Alert
	Notes  []zhixi.BoardNote
	// Finished is a screening finished in the window: ready for 解读.
	Finished *zhixi.ScreeningSession
}

// View is the board of one room.
type View struct {
	Room  zhixi.Room
	Seats []Seat
	// Present counts the students on the board.
	Present int
	At      time.Time
}

// runLen is how many recent answers a seat shows (the query reads no
// more).
const runLen = zhixi.BoardRunLen

// room checks that actor may watch room id: its supervisors, the staff
// of a community it serves, admins. Anyone else gets ENOTFOUND.
func (s *Service) room(ctx context.Context, actor *zhixi.User, id int64) (*zhixi.Room, error) {
	r, err := s.Store.Room(ctx, id)
	if err != nil {
		return nil, err
	}
	if !CanWatch(actor, r) {
		return nil, zhixi.Hidden()
	}
	return r, nil
}

// CanWatch reports whether u may see room r's board, which names the
// children: its supervisors, the staff of a community it serves, admins.
// Street viewers see the room but not the board.
func CanWatch(u *zhixi.User, r *zhixi.Room) bool {
	return zhixi.CanSuperviseRoom(u, r) || (u.Role == zhixi.RoleStaff && r.Serves(u.CommunityID))
}

// Open is the board as a supervisor opens it: the read is audited once
// per opening (the live updates that follow are not).
func (s *Service) Open(ctx context.Context, actor *zhixi.User, roomID int64, ip string) (*View, error) {
	v, err := s.Board(ctx, actor, roomID)
	if err != nil {
		return nil, err
	}
	err = s.Store.AppendAudit(ctx, &zhixi.AuditEntry{At: s.now(), ActorID: actor.ID, ActorRole: actor.Role, Action: zhixi.AuditRead,
		Object: "room_board", ObjectID: roomID, Detail: fmt.Sprintf("%d 名学生", v.Present), IP: ip})
	return v, err
}

// Board reads the board of a room and raises the alerts it finds (once
// per cause, whichever server finds it first).
func (s *Service) Board(ctx context.Context, actor *zhixi.User, roomID int64) (*View, error) {
	room, err := s.room(ctx, actor, roomID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	d, err := s.Store.RoomBoard(ctx, roomID, now.Add(-s.rules().Window))
	if err != nil {
		return nil, err
	}
	visible(actor, d)
	v, fresh := s.derive(d, now)
	if len(fresh) > 0 {
		if err := s.Store.AddAlerts(ctx, fresh); err != nil {
			return nil, err
		}
		if d, err = s.Store.RoomBoard(ctx, roomID, now.Add(-s.rules().Window)); err != nil {
			return nil, err
		}
		visible(actor, d)
		v, _ = s.derive(d, now)
	}
	v.Room = *room // with the communities it serves
	return v, nil
}

// visible keeps the students actor may see: a room serving several
// communities shows each community's staff only their own children.
func visible(actor *zhixi.User, d *zhixi.BoardData) {
	d.Students = slices.DeleteFunc(d.Students, func(st zhixi.Student) bool { return !zhixi.CanSeeStudent(actor, &st, nil) })
}

// Wait returns when the board may have changed, or after max.
func (s *Service) Wait(ctx context.Context, max time.Duration) error {
	return s.Store.WaitBoard(ctx, max)
}

func (s *Service) rules() Rules {
	if s.Rules.IdleAfter == 0 {
		return DefaultRules
	}
	return s.Rules
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// derive lays the students out on the seats and finds the alerts that
// are due but not yet raised.
func (s *Service) derive(d *zhixi.BoardData, now time.Time) (*View, []zhixi.Alert) {
	rules := s.rules()
	v := &View{Room: d.Room, At: now, Present: len(d.Students)}
	seats := max(d.Room.Seats, len(d.Students))
	v.Seats = make([]Seat, seats)
	at := map[int64]*Seat{}
	for i := range v.Seats {
		v.Seats[i].No = i + 1
	}
	for i := range d.Students {
		v.Seats[i].Student = &d.Students[i]
		v.Seats[i].Activity = Idle
		at[d.Students[i].ID] = &v.Seats[i]
	}
	raised := map[string]bool{}
	for _, a := range d.Alerts {
		raised[a.Kind+"/"+a.Ref] = true
		if st := at[a.StudentID]; st != nil && a.AckedAt.IsZero() {
			st.Alerts = append(st.Alerts, a)
		}
	}
	for i := range d.Hands {
		if st := at[d.Hands[i].StudentID]; st != nil {
			st.Hand = &d.Hands[i]
		}
	}
	for _, n := range d.Notes {
		if st := at[n.StudentID]; st != nil {
			st.Notes = append(st.Notes, n)
		}
	}
	active := map[int64]*zhixi.ScreeningSession{}
	for i := range d.Screenings {
		sc := &d.Screenings[i]
		if st := at[sc.StudentID]; st != nil && sc.Status == "finished" {
			st.Finished = sc
		}
		active[sc.ID] = sc
	}
	var fresh []zhixi.Alert
	due := func(st *Seat, kind, ref, detail string) {
		if !raised[kind+"/"+ref] {
			raised[kind+"/"+ref] = true
			fresh = append(fresh, zhixi.Alert{RoomID: d.Room.ID, StudentID: st.Student.ID, Kind: kind, Ref: ref, Detail: detail, CreatedAt: now})
		}
	}
	last := map[int64]*zhixi.Attempt{}
	for i := range d.Attempts {
		a := &d.Attempts[i]
		st := at[a.StudentID]
		if st == nil {
			continue
		}
		last[a.StudentID] = a
		st.Run = append(st.Run, a.Correct)
		if len(st.Run) > runLen {
			st.Run = st.Run[1:]
		}
	}
	for id, st := range at {
		st.Minutes = d.Minutes[id]
		if run, ok := d.Runs[id]; ok && run.Len >= rules.WrongRun {
			due(st, zhixi.AlertWrongRun, fmt.Sprintf("a%d", run.First), fmt.Sprintf("%d", rules.WrongRun))
		}
	}
	// Practice asks for the supervisor (the engine's attention events):
	// one alert per event, naming the point.
	for _, e := range d.Attention {
		if st := at[e.StudentID]; st != nil {
			name := e.Point
			if kp, ok := s.knowledgePoint(e.Point); ok && kp.Name != "" {
				name = kp.Name
			}
			due(st, zhixi.AlertAttention, fmt.Sprintf("e%d", e.ID), name)
		}
	}
	for id, st := range at {
		a := last[id]
		if st.Finished != nil {
			due(st, zhixi.AlertScreeningDone, fmt.Sprintf("s%d", st.Finished.ID), st.Finished.Subject)
		}
		if a == nil {
			continue
		}
		idle := now.Sub(a.At) >= rules.IdleAfter
		switch sc := active[a.SessionID]; {
		case idle:
			st.Activity = Idle
			if sc == nil || sc.Status == "active" || a.Source == "practice" {
				due(st, zhixi.AlertIdle, fmt.Sprintf("a%d", a.ID), fmt.Sprintf("%d", int(now.Sub(a.At).Minutes())))
			}
		case a.Source == "screening" && sc != nil && sc.Status == "active":
			st.Activity, st.Subject, st.Questions = Screening, sc.Subject, d.Questions[sc.ID]
		case a.Source == "practice":
			st.Activity = Practice
			if len(a.KnowledgePoints) > 0 {
				st.Point = a.KnowledgePoints[0]
				if kp, ok := s.knowledgePoint(st.Point); ok {
					st.Point = kp.Name
				}
			}
		}
	}
	return v, fresh
}

func (s *Service) knowledgePoint(id string) (*curriculum.KnowledgePoint, bool) {
	if s.Content == nil {
		return nil, false
	}
	return s.Content.KnowledgePoint(id)
}

// RaiseHand raises the hand of a student (求助): the student on their
// tablet, or staff beside them. A hand already raised stays as it is.
func (s *Service) RaiseHand(ctx context.Context, actor *zhixi.User, studentID int64, ip string) (*zhixi.Hand, error) {
	st, _, err := zhixi.VisibleStudent(ctx, s.Store, actor, studentID)
	if err != nil {
		return nil, err
	}
	if actor.Role == zhixi.RoleGuardian || actor.Role == zhixi.RoleStreetViewer {
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	room, err := s.Store.StudentRoom(ctx, st.ID)
	if err != nil {
		return nil, err
	}
	h := &zhixi.Hand{RoomID: room, StudentID: st.ID, RaisedAt: s.now()}
	err = s.Store.RaiseHand(ctx, h, &zhixi.AuditEntry{At: s.now(), ActorID: actor.ID, ActorRole: actor.Role, Action: zhixi.AuditCreate,
		Object: "hand", StudentID: st.ID, Detail: "求助", IP: ip})
	return h, err
}

// AnswerHand lowers a raised hand: the supervisor went over.
func (s *Service) AnswerHand(ctx context.Context, actor *zhixi.User, roomID, handID int64, ip string) error {
	if _, err := s.room(ctx, actor, roomID); err != nil {
		return err
	}
	if handID <= 0 {
		return zhixi.Errorf(zhixi.EINVALID, "err.bad_id", handID)
	}
	return s.Store.AnswerHand(ctx, roomID, handID, actor.ID, s.now(), &zhixi.AuditEntry{At: s.now(), ActorID: actor.ID,
		ActorRole: actor.Role, Action: zhixi.AuditUpdate, Object: "hand", ObjectID: handID, Detail: "已回应求助", IP: ip})
}

// Acknowledge marks an alert as seen; the acknowledgement is audited.
func (s *Service) Acknowledge(ctx context.Context, actor *zhixi.User, roomID, alertID int64, ip string) error {
	if _, err := s.room(ctx, actor, roomID); err != nil {
		return err
	}
	if alertID <= 0 {
		return zhixi.Errorf(zhixi.EINVALID, "err.bad_id", alertID)
	}
	return s.Store.AckAlert(ctx, roomID, alertID, actor.ID, s.now(), &zhixi.AuditEntry{At: s.now(), ActorID: actor.ID,
		ActorRole: actor.Role, Action: zhixi.AuditUpdate, Object: "alert", ObjectID: alertID, IP: ip})
}

// maxNote is the longest note, in characters.
const maxNote = 200

// Note adds a short note about a student's visit.
func (s *Service) Note(ctx context.Context, actor *zhixi.User, roomID, studentID int64, body, ip string) (*zhixi.BoardNote, error) {
	room, err := s.room(ctx, actor, roomID)
	if err != nil {
		return nil, err
	}
	if studentID <= 0 {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "学生")
	}
	st, _, err := zhixi.VisibleStudent(ctx, s.Store, actor, studentID)
	if err != nil || !room.Serves(st.CommunityID) {
		return nil, zhixi.Hidden()
	}
	body = strings.TrimSpace(body)
	switch {
	case body == "":
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "备注")
	case utf8.RuneCountInString(body) > maxNote:
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.note_too_long", maxNote)
	}
	n := &zhixi.BoardNote{RoomID: roomID, StudentID: st.ID, AuthorID: actor.ID, Body: body, At: s.now()}
	err = s.Store.AddBoardNote(ctx, n, &zhixi.AuditEntry{At: s.now(), ActorID: actor.ID, ActorRole: actor.Role,
		Action: zhixi.AuditCreate, Object: "board_note", StudentID: st.ID, IP: ip})
	return n, err
}

// Interpret records a 解读 session a supervisor (or staff) held with a
// student's family; from a board, roomID names the room (0 otherwise).
func (s *Service) Interpret(ctx context.Context, actor *zhixi.User, roomID int64, in *zhixi.Interpretation, ip string) error {
	if roomID != 0 {
		if _, err := s.room(ctx, actor, roomID); err != nil {
			return err
		}
	}
	if in.StudentID <= 0 {
		return zhixi.Errorf(zhixi.EINVALID, "err.field_required", "学生")
	}
	st, _, err := zhixi.VisibleStudent(ctx, s.Store, actor, in.StudentID)
	if err != nil {
		return err
	}
	if actor.Role != zhixi.RoleSupervisor && actor.Role != zhixi.RoleStaff && actor.Role != zhixi.RoleAdmin {
		return zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	if in.Mode != "in_person" && in.Mode != "phone" {
		return zhixi.Errorf(zhixi.EINVALID, "err.interpretation_mode")
	}
	if _, err := time.Parse("2006-01-02", in.HeldOn); err != nil {
		return zhixi.Errorf(zhixi.EINVALID, "err.interpretation_date")
	}
	in.Attendee, in.Notes = strings.TrimSpace(in.Attendee), strings.TrimSpace(in.Notes)
	if in.Attendee == "" {
		return zhixi.Errorf(zhixi.EINVALID, "err.field_required", "参加的家人")
	}
	in.SupervisorID, in.CreatedAt = actor.ID, s.now()
	return s.Store.RecordInterpretation(ctx, in, &zhixi.AuditEntry{At: s.now(), ActorID: actor.ID, ActorRole: actor.Role,
		Action: zhixi.AuditCreate, Object: "interpretation", StudentID: st.ID, Detail: in.Mode + " " + in.HeldOn, IP: ip})
}
