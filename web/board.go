package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/board"
)

// The supervisors' live room board. The page works without JavaScript
// (it reloads every 10 s); with it, server-sent events replace the seat
// map whenever the database says something changed, so any server can
// serve any board.

func init() {
	for k, v := range map[string]string{"room_board": "实时看板", "hand": "求助", "alert": "提醒", "board_note": "看板备注",
		"interpretation": "解读记录", "report": "解读报告", "report_link": "报告分享链接"} {
		auditObjectNames[k] = v
	}
	funcs["tr"] = translate
	funcs["helpAt"] = func(student int64, next string) map[string]any {
		return map[string]any{"StudentID": student, "Next": next}
	}
	funcs["runMarks"] = func(run []bool) string {
		var b strings.Builder
		for _, ok := range run {
			if ok {
				b.WriteString("✓")
			} else {
				b.WriteString("✗")
			}
		}
		return b.String()
	}
}

func (s *Server) boardRoutes(mux *http.ServeMux) {
	s.page(mux, "GET /rooms/{id}", s.authed(s.handleBoard))
	mux.Handle("GET /rooms/{id}/events", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := s.authed(s.handleBoardEvents)(w, r); err != nil {
			s.pageFail(w, r, err)
		}
	}))
	s.page(mux, "POST /rooms/{id}/hands/{hand}/answer", s.authed(s.handleHandAnswer))
	s.page(mux, "POST /rooms/{id}/alerts/{alert}/ack", s.authed(s.handleAlertAck))
	s.page(mux, "POST /rooms/{id}/notes", s.authed(s.handleBoardNote))
	s.page(mux, "POST /rooms/{id}/interpretations", s.authed(s.handleInterpretation))
	s.page(mux, "POST /students/{id}/hand", s.authed(s.handleRaiseHand))
	s.api(mux, "GET /api/v1/rooms/{id}/board", s.authed(s.apiBoard))
	s.api(mux, "POST /api/v1/students/{id}/hand", s.authed(s.apiRaiseHand))
	s.api(mux, "POST /api/v1/rooms/{id}/hands/{hand}/answer", s.authed(s.apiHandAnswer))
	s.api(mux, "POST /api/v1/rooms/{id}/alerts/{alert}/ack", s.authed(s.apiAlertAck))
	s.api(mux, "POST /api/v1/rooms/{id}/notes", s.authed(s.apiBoardNote))
	s.api(mux, "POST /api/v1/students/{id}/interpretations", s.authed(s.apiInterpretation))
}

func (s *Server) handleBoard(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	data, err := s.roomData(r, u, id)
	if err != nil {
		return err
	}
	data["Message"] = notice(r, "msg")
	s.render(w, r, http.StatusOK, "room", data)
	return nil
}

// boardBeat is the longest an idle event stream stays silent; idle
// alerts are found on these beats too.
const boardBeat = 15 * time.Second

// handleBoardEvents streams the seat map as server-sent events: a new
// map whenever it changes. It holds no state but the last map it sent.
func (s *Server) handleBoardEvents(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	v, err := s.boards.Board(ctx, u, id)
	if err != nil {
		return err
	}
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{}) // a stream outlives the server's write timeout
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	var last string
	for {
		var buf bytes.Buffer
		if err := s.views.pages["room"].ExecuteTemplate(&buf, "board_seats", map[string]any{"V": v}); err != nil {
			return fmt.Errorf("render board: %w", err)
		}
		if html := buf.String(); html != last {
			last = html
			fmt.Fprint(w, "event: board\n")
			for _, line := range strings.Split(html, "\n") {
				fmt.Fprintf(w, "data: %s\n", line)
			}
			fmt.Fprint(w, "\n")
		} else {
			fmt.Fprint(w, ": beat\n\n")
		}
		if err := rc.Flush(); err != nil {
			return nil // the board was closed
		}
		if err := s.boards.Wait(ctx, boardBeat); err != nil {
			return nil
		}
		if v, err = s.boards.Board(ctx, u, id); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			s.log.WarnContext(ctx, "board stream", "room", id, "err", err)
			return nil
		}
	}
}

// back sends a board form back to the board, with what went wrong shown
// on top: bad input, or a hand or alert another supervisor handled first.
func back(w http.ResponseWriter, r *http.Request, id int64, err error) error {
	target := fmt.Sprintf("/rooms/%d", id)
	key, _ := zhixi.ErrorKey(err)
	switch code := zhixi.ErrorCode(err); {
	case err == nil:
	case code == zhixi.EINVALID || key == "err.board_done":
		target += "?" + noticeParam("msg", err)
	default:
		return err
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

func (s *Server) handleHandAnswer(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, hand, err := twoIDs(r, "hand")
	if err != nil {
		return err
	}
	return back(w, r, id, s.boards.AnswerHand(r.Context(), u, id, hand, s.clientIP(r)))
}

func (s *Server) handleAlertAck(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, alert, err := twoIDs(r, "alert")
	if err != nil {
		return err
	}
	return back(w, r, id, s.boards.Acknowledge(r.Context(), u, id, alert, s.clientIP(r)))
}

// twoIDs reads the room id and a second id; a malformed second id is 0,
// which the action refuses after checking access to the room.
func twoIDs(r *http.Request, name string) (int64, int64, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, 0, err
	}
	sub, _ := strconv.ParseInt(r.PathValue(name), 10, 64)
	return id, sub, nil
}

func (s *Server) handleBoardNote(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return zhixi.WrapError(zhixi.EINVALID, "err.bad_form", err)
	}
	student, _ := strconv.ParseInt(r.PostForm.Get("student"), 10, 64)
	_, err = s.boards.Note(r.Context(), u, id, student, r.PostForm.Get("body"), s.clientIP(r))
	return back(w, r, id, err)
}

func interpretationForm(r *http.Request) (*zhixi.Interpretation, error) {
	if err := r.ParseForm(); err != nil {
		return nil, zhixi.WrapError(zhixi.EINVALID, "err.bad_form", err)
	}
	f := r.PostForm
	in := &zhixi.Interpretation{HeldOn: strings.TrimSpace(f.Get("held_on")), Mode: f.Get("mode"),
		Attendee: f.Get("attendee"), Notes: f.Get("notes")}
	in.StudentID, _ = strconv.ParseInt(f.Get("student"), 10, 64)
	in.ScreeningID, _ = strconv.ParseInt(f.Get("screening"), 10, 64)
	return in, nil
}

func (s *Server) handleInterpretation(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	in, err := interpretationForm(r)
	if err != nil {
		return err
	}
	if err := s.boards.Interpret(r.Context(), u, id, in, s.clientIP(r)); err != nil {
		return back(w, r, id, err)
	}
	http.Redirect(w, r, fmt.Sprintf("/rooms/%d?msg=msg.interpretation_saved", id), http.StatusSeeOther)
	return nil
}

// handleRaiseHand is the 求助 button of the screening and practice pages:
// it raises the hand and returns to the page it was pressed on.
func (s *Server) handleRaiseHand(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return zhixi.WrapError(zhixi.EINVALID, "err.bad_form", err)
	}
	if _, err := s.boards.RaiseHand(r.Context(), u, id, s.clientIP(r)); err != nil {
		return err
	}
	next := safeNext(r.PostForm.Get("next"))
	sep := "?"
	if strings.Contains(next, "?") {
		sep = "&"
	}
	http.Redirect(w, r, next+sep+"msg=msg.hand_raised", http.StatusSeeOther)
	return nil
}

func (s *Server) apiBoard(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.boards.Open(r.Context(), u, id, s.clientIP(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"board": toBoardJSON(v)})
	return nil
}

func (s *Server) apiRaiseHand(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	h, err := s.boards.RaiseHand(r.Context(), u, id, s.clientIP(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"hand": map[string]any{"id": h.ID, "room_id": h.RoomID, "raised_at": h.RaisedAt}})
	return nil
}

func (s *Server) apiHandAnswer(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	return s.apiDone(w, r, "hand", func(ctx context.Context, room, sub int64) error {
		return s.boards.AnswerHand(ctx, u, room, sub, s.clientIP(r))
	})
}

func (s *Server) apiAlertAck(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	return s.apiDone(w, r, "alert", func(ctx context.Context, room, sub int64) error {
		return s.boards.Acknowledge(ctx, u, room, sub, s.clientIP(r))
	})
}

func (s *Server) apiDone(w http.ResponseWriter, r *http.Request, name string, do func(ctx context.Context, room, sub int64) error) error {
	id, sub, err := twoIDs(r, name)
	if err != nil {
		return err
	}
	if err := do(r.Context(), id, sub); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": true})
	return nil
}

func (s *Server) apiBoardNote(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Student int64  `json:"student_id"`
		Body    string `json:"body"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	n, err := s.boards.Note(r.Context(), u, id, in.Student, in.Body, s.clientIP(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"note": map[string]any{"id": n.ID, "at": n.At}})
	return nil
}

func (s *Server) apiInterpretation(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Screening int64  `json:"screening_id"`
		HeldOn    string `json:"held_on"`
		Mode      string `json:"mode"`
		Attendee  string `json:"attendee"`
		Notes     string `json:"notes"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	rec := &zhixi.Interpretation{StudentID: id, ScreeningID: in.Screening, HeldOn: in.HeldOn, Mode: in.Mode, Attendee: in.Attendee, Notes: in.Notes}
	if err := s.boards.Interpret(r.Context(), u, 0, rec, s.clientIP(r)); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"interpretation": map[string]any{"id": rec.ID}})
	return nil
}

type seatJSON struct {
	No        int               `json:"seat"`
	StudentID int64             `json:"student_id,omitempty"`
	Name      string            `json:"name,omitempty"`
	Activity  board.Activity    `json:"activity,omitempty"`
	Subject   string            `json:"subject,omitempty"`
	Questions int               `json:"questions,omitempty"`
	Point     string            `json:"point,omitempty"`
	Minutes   int               `json:"minutes"`
	Run       []bool            `json:"run,omitempty"`
	HandID    int64             `json:"hand_id,omitempty"`
	Alerts    []alertJSON       `json:"alerts,omitempty"`
	Notes     []zhixi.BoardNote `json:"notes,omitempty"`
}

type alertJSON struct {
	ID     int64     `json:"id"`
	Kind   string    `json:"kind"`
	Detail string    `json:"detail"`
	At     time.Time `json:"created_at"`
}

func toBoardJSON(v *board.View) map[string]any {
	var seats []seatJSON
	for _, st := range v.Seats {
		j := seatJSON{No: st.No, Activity: st.Activity, Subject: st.Subject, Questions: st.Questions, Point: st.Point,
			Minutes: st.Minutes, Run: st.Run, Notes: st.Notes}
		if st.Student != nil {
			j.StudentID, j.Name = st.Student.ID, st.Student.Name
		}
		if st.Hand != nil {
			j.HandID = st.Hand.ID
		}
		for _, a := range st.Alerts {
			j.Alerts = append(j.Alerts, alertJSON{a.ID, a.Kind, a.Detail, a.CreatedAt})
		}
		seats = append(seats, j)
	}
	return map[string]any{"room_id": v.Room.ID, "present": v.Present, "at": v.At, "seats": seats}
}
