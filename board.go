package zhixi

import (
	"context"
	"time"
)

// Alert kinds on the supervisors' room board.
const (
	AlertIdle          = "idle"           // no answer for a while
	AlertWrongRun      = "wrong_run"      // several wrong answers in a row
	AlertAttention     = "attention"      // the practice engine asks for the supervisor
	AlertScreeningDone = "screening_done" // a screening finished: ready to be explained
)

// The board's query keeps its size bounded: per student it reads only the
// last BoardRunLen answers, and sums time on task in the database, where
// a gap between two answers longer than BoardMaxPause is not time on task.
const (
	BoardRunLen   = 8
	BoardMaxPause = 15 * time.Minute
)

// BoardData is what the room board is drawn from, read in one snapshot.
type BoardData struct {
	Room     Room
	Students []Student
	// Attempts are each present student's last BoardRunLen answers since
	// the board's window began, oldest first.
	Attempts []Attempt
	// Minutes is each present student's time on task in the window, in
	// minutes (gaps over BoardMaxPause left out).
	Minutes map[int64]int
	// Runs is each present student's current run of wrong answers in the
	// window (absent: the last answer was right, or none).
	Runs map[int64]WrongRun
	// Questions counts the answers of each listed screening, by its id.
	Questions  map[int64]int
	Screenings []ScreeningSession // active, or finished within the window; State not loaded
	Hands      []Hand             // raised and not yet answered
	Alerts     []Alert            // not yet acknowledged, and those of the window acknowledged
	Notes      []BoardNote        // written within the window
	// Attention are practice's requests for the supervisor within the
	// window (the engine's attention events), oldest first.
	Attention []AttentionEvent
}

// WrongRun is a student's current run of wrong answers: the first of them
// and how many.
type WrongRun struct {
	First int64
	Len   int
}

// Hand is a student's raised hand (求助).
type Hand struct {
	ID, RoomID, StudentID int64
	RaisedAt              time.Time
	AnsweredAt            time.Time
	AnsweredBy            int64
}

// Alert is a reason for the supervisor to look at a student. Ref names
// the cause, so the same cause raises one alert however many servers see it.
type Alert struct {
	ID, RoomID, StudentID int64
	Kind, Ref, Detail     string
	CreatedAt             time.Time
	AckedAt               time.Time
	AckedBy               int64
}

// BoardNote is a supervisor's short note about a student's visit.
type BoardNote struct {
	ID, RoomID, StudentID, AuthorID int64
	Body                            string
	At                              time.Time
}

// Interpretation records a 解读 session: a supervisor walked a family
// through a report, in person or by phone.
type Interpretation struct {
	ID, StudentID, ScreeningID, SupervisorID int64
	HeldOn                                   string // 2006-01-02
	Mode                                     string // "in_person" or "phone"
	Attendee                                 string // who took part, e.g. "奶奶"
	Notes                                    string
	CreatedAt                                time.Time
}

// BoardService stores what the room board shows. Every change takes the
// audit entry of the change and writes it in the same transaction.
type BoardService interface {
	// RoomBoard reads the board of a room since a time in one snapshot.
	RoomBoard(ctx context.Context, roomID int64, since time.Time) (*BoardData, error)
	// StudentRoom is the room a student studies in.
	StudentRoom(ctx context.Context, studentID int64) (int64, error)
	// RaiseHand raises the student's hand unless it is raised already
	// (then it returns the raised one).
	RaiseHand(ctx context.Context, h *Hand, e *AuditEntry) error
	// AnswerHand lowers a raised hand; ENOTFOUND if it is not raised in
	// the room.
	AnswerHand(ctx context.Context, roomID, handID, by int64, at time.Time, e *AuditEntry) error
	// AddAlerts inserts alerts whose cause has none yet.
	AddAlerts(ctx context.Context, as []Alert) error
	// AckAlert acknowledges an alert of the room; ENOTFOUND if there is none
	// to acknowledge.
	AckAlert(ctx context.Context, roomID, alertID, by int64, at time.Time, e *AuditEntry) error
	AddBoardNote(ctx context.Context, n *BoardNote, e *AuditEntry) error
	RecordInterpretation(ctx context.Context, in *Interpretation, e *AuditEntry) error
	Interpretations(ctx context.Context, studentID int64) ([]Interpretation, error)
	// WaitBoard returns when something a board shows may have changed, or
	// after at most max: PostgreSQL wakes it by NOTIFY, SQLite polls.
	WaitBoard(ctx context.Context, max time.Duration) error
}
