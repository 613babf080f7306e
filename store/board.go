package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zhixi-org/zhixi"
)

var _ zhixi.BoardService = (*DB)(nil)

// RoomBoard implements zhixi.BoardService. It is the board's one data
// query: who is present, their answers, screenings, hands, alerts and
// notes. Present means checked in to the room (an open attendance row),
// or a student of a community the room serves who answered or raised a
// hand since the window began (a tablet used without a check-in).
func (db *DB) RoomBoard(ctx context.Context, roomID int64, since time.Time) (*zhixi.BoardData, error) {
	d := &zhixi.BoardData{Minutes: map[int64]int{}, Runs: map[int64]zhixi.WrongRun{}, Questions: map[int64]int{}}
	ns := since.UnixNano()
	err := db.pipelined(ctx, func(p *pipeline) error {
		found := false
		p.add(func(r rowScanner) error { found = true; return scanRoom(r, &d.Room) },
			"SELECT "+roomCols+" FROM rooms WHERE id = ?", roomID)
		p.add(func(r rowScanner) error {
			var s zhixi.Student
			err := scanStudent(r, &s)
			d.Students = append(d.Students, s)
			return err
		}, "SELECT "+studentCols+` FROM students s
			WHERE EXISTS (SELECT 1 FROM attendance t WHERE t.student_id = s.id AND t.room_id = ? AND t.checked_out_at IS NULL)
			OR (s.community_id IN (SELECT community_id FROM room_communities WHERE room_id = ?) AND (
				EXISTS (SELECT 1 FROM attempts a WHERE a.student_id = s.id AND a.at >= ?)
				OR EXISTS (SELECT 1 FROM hands x WHERE x.student_id = s.id AND x.answered_at IS NULL)))
			ORDER BY s.id`, roomID, roomID, ns)
		if err := p.flush(ctx, false); err != nil {
			return err
		}
		if !found {
			return notFound(sql.ErrNoRows, "room", "err.room_not_found")
		}
		if len(d.Students) == 0 {
			return nil
		}
		ids := make([]int64, len(d.Students))
		for i, s := range d.Students {
			ids[i] = s.ID
		}
		in, idArgs := p.in("student_id", ids)
		args := func(before []any, after ...any) []any {
			return append(append(slices.Clone(before), idArgs...), after...)
		}
		// The last few answers per student, not the whole window. The
		// numbering reads only the (student_id, at, id) index; the rows
		// are fetched for the few numbers kept.
		p.add(func(r rowScanner) error {
			var a zhixi.Attempt
			err := scanAttempt(r, &a)
			d.Attempts = append(d.Attempts, a)
			return err
		}, "SELECT "+attemptCols+` FROM attempts WHERE id IN (SELECT id FROM (
			SELECT id, ROW_NUMBER() OVER (PARTITION BY student_id ORDER BY at DESC, id DESC) AS rn
			FROM attempts WHERE `+in+` AND at >= ?) last WHERE rn <= ?) ORDER BY at, id`,
			args(nil, ns, zhixi.BoardRunLen)...)
		// Per student in one pass: time on task (the gaps between answers,
		// leaving out pauses) and the current run of wrong answers (those
		// after the last right one).
		p.add(func(r rowScanner) error {
			var id, gaps int64
			var run zhixi.WrongRun
			err := r.Scan(&id, &gaps, &run.First, &run.Len)
			d.Minutes[id] = int(time.Duration(gaps).Round(time.Minute) / time.Minute)
			if run.Len > 0 {
				d.Runs[id] = run
			}
			return err
		}, `SELECT student_id, COALESCE(SUM(CASE WHEN gap <= ? THEN gap ELSE 0 END), 0),
				COALESCE(MIN(CASE WHEN id > last_ok THEN id END), 0), COALESCE(SUM(CASE WHEN id > last_ok THEN 1 ELSE 0 END), 0)
			FROM (SELECT student_id, id, at - LAG(at) OVER (PARTITION BY student_id ORDER BY at, id) AS gap,
				COALESCE(MAX(CASE WHEN correct THEN id END) OVER (PARTITION BY student_id), 0) AS last_ok
				FROM attempts WHERE at >= ? AND `+in+`) w GROUP BY student_id`,
			args([]any{int64(zhixi.BoardMaxPause), ns})...)
		p.add(func(r rowScanner) error {
			var s zhixi.ScreeningSession
			var n int
			err := r.Scan(&s.ID, &s.StudentID, &s.Subject, &s.Status, &s.Version, timeCol{&s.StartedAt}, timeCol{&s.UpdatedAt}, timeCol{&s.FinishedAt}, &n)
			d.Screenings = append(d.Screenings, s)
			d.Questions[s.ID] = n
			return err
		}, `SELECT id, student_id, subject, status, version, started_at, updated_at, finished_at,
			(SELECT COUNT(*) FROM attempts a WHERE a.student_id = s.student_id AND a.session_id = s.id AND a.source = 'screening')
			FROM screenings s WHERE (status = 'active' OR finished_at >= ?) AND `+in+" ORDER BY id", args([]any{ns})...)
		p.add(func(r rowScanner) error {
			var e zhixi.AttentionEvent
			err := r.Scan(&e.ID, &e.StudentID, &e.Subject, &e.Code, &e.Point, &e.Prerequisite, &e.Wrong, &e.Of, &e.AttemptID, timeCol{&e.At})
			d.Attention = append(d.Attention, e)
			return err
		}, `SELECT id, student_id, subject, code, point, prerequisite, wrong, recent, attempt_id, at
			FROM attention_events WHERE at >= ? AND `+in+" ORDER BY at, id", args([]any{ns})...)
		p.add(func(r rowScanner) error {
			var x zhixi.Hand
			err := r.Scan(&x.ID, &x.RoomID, &x.StudentID, timeCol{&x.RaisedAt})
			d.Hands = append(d.Hands, x)
			return err
		}, `SELECT id, room_id, student_id, raised_at FROM hands WHERE answered_at IS NULL AND `+in+" ORDER BY raised_at", args(nil)...)
		p.add(func(r rowScanner) error {
			var a zhixi.Alert
			err := r.Scan(&a.ID, &a.RoomID, &a.StudentID, &a.Kind, &a.Ref, &a.Detail, timeCol{&a.CreatedAt}, timeCol{&a.AckedAt})
			d.Alerts = append(d.Alerts, a)
			return err
		}, `SELECT id, room_id, student_id, kind, ref, detail, created_at, acked_at FROM board_alerts
			WHERE room_id = ? AND (acked_at IS NULL OR created_at >= ?) ORDER BY created_at, id`, roomID, ns)
		p.add(func(r rowScanner) error {
			var n zhixi.BoardNote
			err := r.Scan(&n.ID, &n.RoomID, &n.StudentID, &n.AuthorID, &n.Body, timeCol{&n.At})
			d.Notes = append(d.Notes, n)
			return err
		}, `SELECT id, room_id, student_id, author_id, body, at FROM board_notes
			WHERE room_id = ? AND at >= ? ORDER BY at, id`, roomID, ns)
		return p.flush(ctx, true)
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// StudentRoom implements zhixi.BoardService: the room the student is
// checked in to, else the first room serving their community.
func (db *DB) StudentRoom(ctx context.Context, studentID int64) (int64, error) {
	var id int64
	err := db.reader().queryRow(ctx, `SELECT COALESCE(
		(SELECT MIN(room_id) FROM attendance WHERE student_id = ? AND checked_out_at IS NULL),
		(SELECT MIN(rc.room_id) FROM room_communities rc JOIN students s ON s.community_id = rc.community_id WHERE s.id = ?))`,
		studentID, studentID).Scan(idCol{&id})
	if err == nil && id == 0 {
		err = sql.ErrNoRows
	}
	if err != nil {
		return 0, notFound(err, "student room", "err.room_not_found")
	}
	return id, nil
}

// RaiseHand implements zhixi.BoardService. The partial unique index on
// open hands makes a second tap (or a second tablet) a no-op.
func (db *DB) RaiseHand(ctx context.Context, x *zhixi.Hand, e *zhixi.AuditEntry) error {
	return db.tx(ctx, func(h handle) error {
		_, err := h.exec(ctx, `INSERT INTO hands (room_id, student_id, raised_at) VALUES (?, ?, ?)
			ON CONFLICT (student_id) WHERE answered_at IS NULL DO NOTHING`, x.RoomID, x.StudentID, nanos(x.RaisedAt))
		if err != nil {
			return db.refError(ctx, err, "raise hand", ref{"rooms", x.RoomID, "err.room_not_found"}, ref{"students", x.StudentID, "err.student_not_found"})
		}
		err = h.queryRow(ctx, `SELECT id, raised_at FROM hands WHERE student_id = ? AND answered_at IS NULL`, x.StudentID).
			Scan(&x.ID, timeCol{&x.RaisedAt})
		if err != nil {
			return dbError(err, "raise hand")
		}
		e.ObjectID = x.ID
		return appendAudit(ctx, h, e)
	})
}

// AnswerHand implements zhixi.BoardService.
func (db *DB) AnswerHand(ctx context.Context, roomID, handID, by int64, at time.Time, e *zhixi.AuditEntry) error {
	return db.tx(ctx, func(h handle) error {
		err := h.queryRow(ctx, `UPDATE hands SET answered_at = ?, answered_by = ?
			WHERE id = ? AND room_id = ? AND answered_at IS NULL RETURNING student_id`, nanos(at), by, handID, roomID).Scan(&e.StudentID)
		if err != nil {
			return notFound(err, "answer hand", "err.board_done")
		}
		return appendAudit(ctx, h, e)
	})
}

// AddAlerts implements zhixi.BoardService.
func (db *DB) AddAlerts(ctx context.Context, as []zhixi.Alert) error {
	if len(as) == 0 {
		return nil
	}
	return db.tx(ctx, func(h handle) error {
		for _, a := range as {
			if _, err := h.exec(ctx, `INSERT INTO board_alerts (room_id, student_id, kind, ref, detail, created_at)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (student_id, kind, ref) DO NOTHING`,
				a.RoomID, a.StudentID, a.Kind, a.Ref, a.Detail, nanos(a.CreatedAt)); err != nil {
				return dbError(err, "add alert")
			}
		}
		return nil
	})
}

// AckAlert implements zhixi.BoardService.
func (db *DB) AckAlert(ctx context.Context, roomID, alertID, by int64, at time.Time, e *zhixi.AuditEntry) error {
	return db.tx(ctx, func(h handle) error {
		err := h.queryRow(ctx, `UPDATE board_alerts SET acked_at = ?, acked_by = ?
			WHERE id = ? AND room_id = ? AND acked_at IS NULL RETURNING student_id, kind`, nanos(at), by, alertID, roomID).
			Scan(&e.StudentID, &e.Detail)
		if err != nil {
			return notFound(err, "acknowledge alert", "err.board_done")
		}
		return appendAudit(ctx, h, e)
	})
}

// AddBoardNote implements zhixi.BoardService.
func (db *DB) AddBoardNote(ctx context.Context, n *zhixi.BoardNote, e *zhixi.AuditEntry) error {
	return db.tx(ctx, func(h handle) error {
		id, err := insertID(ctx, h, `INSERT INTO board_notes (room_id, student_id, author_id, body, at) VALUES (?, ?, ?, ?, ?)`,
			n.RoomID, n.StudentID, n.AuthorID, n.Body, nanos(n.At))
		if err != nil {
			return db.refError(ctx, err, "add note", ref{"rooms", n.RoomID, "err.room_not_found"}, ref{"students", n.StudentID, "err.student_not_found"})
		}
		n.ID, e.ObjectID = id, id
		return appendAudit(ctx, h, e)
	})
}

// RecordInterpretation implements zhixi.BoardService.
func (db *DB) RecordInterpretation(ctx context.Context, in *zhixi.Interpretation, e *zhixi.AuditEntry) error {
	return db.tx(ctx, func(h handle) error {
		id, err := insertID(ctx, h, `INSERT INTO interpretations
			(student_id, screening_id, supervisor_id, held_on, mode, attendee, notes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			in.StudentID, nullID(in.ScreeningID), in.SupervisorID, in.HeldOn, in.Mode, in.Attendee, in.Notes, nanos(in.CreatedAt))
		if err != nil {
			return db.refError(ctx, err, "record interpretation", ref{"students", in.StudentID, "err.student_not_found"},
				ref{"screenings", in.ScreeningID, "err.not_found"})
		}
		in.ID, e.ObjectID = id, id
		return appendAudit(ctx, h, e)
	})
}

// Interpretations implements zhixi.BoardService, newest first.
func (db *DB) Interpretations(ctx context.Context, studentID int64) ([]zhixi.Interpretation, error) {
	rows, err := db.reader().query(ctx, `SELECT id, student_id, screening_id, supervisor_id, held_on, mode, attendee, notes, created_at
		FROM interpretations WHERE student_id = ? ORDER BY held_on DESC, id DESC`, studentID)
	return collect(rows, err, func(r *sql.Rows, in *zhixi.Interpretation) error {
		return r.Scan(&in.ID, &in.StudentID, idCol{&in.ScreeningID}, &in.SupervisorID, &in.HeldOn, &in.Mode, &in.Attendee, &in.Notes, timeCol{&in.CreatedAt})
	})
}

// boardPoll is how often a SQLite board looks for changes: SQLite has no
// notifications, and a read of the board costs little.
const boardPoll = time.Second

// WaitBoard implements zhixi.BoardService.
func (db *DB) WaitBoard(ctx context.Context, max time.Duration) error {
	wait := min(max, boardPoll)
	var wake <-chan struct{}
	if db.engine == Postgres {
		wait = max
		wake = db.boardListener().next()
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
	case <-wake:
	}
	return nil
}

// listener holds one connection per store that LISTENs on zhixi_board and
// wakes every waiting board on a notification (database triggers send
// one for every hand, alert and note; the store itself, after the commit,
// for answers and screenings: see boardNotifier).
type listener struct {
	mu   sync.Mutex
	wake chan struct{}
	dead bool
}

var listeners sync.Map // *DB -> *listener

func (db *DB) boardListener() *listener {
	if l, ok := listeners.Load(db); ok && !l.(*listener).isDead() {
		return l.(*listener)
	}
	l := &listener{wake: make(chan struct{})}
	listeners.Store(db, l)
	go l.run(db)
	return l
}

func (l *listener) isDead() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.dead
}

// next returns a channel closed at the next notification.
func (l *listener) next() <-chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.wake
}

func (l *listener) fire() {
	l.mu.Lock()
	close(l.wake)
	l.wake = make(chan struct{})
	l.mu.Unlock()
}

func (l *listener) run(db *DB) {
	err := l.listen(db)
	l.mu.Lock()
	l.dead = true
	l.mu.Unlock()
	l.fire() // waiters fall back to their timers, and the next wait restarts
	db.log.Warn("board notifications stopped; boards poll until the next wait reconnects", "err", err)
}

// listenerCheck is how often a listener checks that its store is still
// open; a closed store stops it.
const listenerCheck = 5 * time.Second

func (l *listener) listen(db *DB) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		t := time.NewTicker(listenerCheck)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if db.r.PingContext(ctx) != nil {
					cancel()
					return
				}
			}
		}
	}()
	err := withPgx(ctx, db.w, func(pc *pgx.Conn) error {
		if _, err := pc.Exec(ctx, "LISTEN zhixi_board"); err != nil {
			return fmt.Errorf("LISTEN zhixi_board: %w", err)
		}
		for {
			if _, err := pc.WaitForNotification(ctx); err != nil {
				return fmt.Errorf("wait for notification: %w", err)
			}
			l.fire()
		}
	})
	if err != nil {
		return fmt.Errorf("board listener: %w", err)
	}
	return nil
}
