package loadtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zhixi-org/zhixi/curriculum"
)

// Config is one load run.
type Config struct {
	// BaseURL is the server, e.g. http://127.0.0.1:8080.
	BaseURL string
	Bank    *curriculum.Bank
	World   *World
	// Subjects are screened in this order, each student once per subject.
	Subjects []string
	Clients  int
	// Duration is split evenly: screenings first, then practice.
	Duration time.Duration
	Seed     uint64
	// CPU returns the server's CPU time so far; nil when it cannot be
	// measured (a server in another process).
	CPU func() time.Duration
	// DB returns what the server's database has done so far; nil when
	// unknown.
	DB func() DBCounts
	// Phase, when set, hears each phase's name ("screening", "practice")
	// as it begins, so that another process (the room board's benchmark)
	// can time its measurement into a phase.
	Phase func(name string)
}

// DBCounts is what the server's database has done: statements and
// transactions through the store, and the database server's own CPU
// when it runs in other processes on this machine (PostgreSQL; 0 when
// unknown or, for SQLite, part of the server's CPU).
type DBCounts struct {
	Statements, WriteTx, ReadTx int64
	CPU                         time.Duration
}

func (a DBCounts) sub(b DBCounts) DBCounts {
	return DBCounts{Statements: a.Statements - b.Statements, WriteTx: a.WriteTx - b.WriteTx, ReadTx: a.ReadTx - b.ReadTx, CPU: a.CPU - b.CPU}
}

// Op names a measured request kind.
type Op int

// The measured operations. PracticeTurn is derived: from sending a
// practice answer to holding the next question (the answer plus the
// "next" call when the answer does not carry the next question).
const (
	ScreeningStart Op = iota
	ScreeningAnswer
	ScreeningStop
	PracticeNext
	PracticeAnswer
	PracticeTurn
	Login
	numOps
)

var opNames = [numOps]string{"screening start", "screening answer", "screening stop", "practice next", "practice answer", "practice answer+next", "login"}

func (o Op) String() string { return opNames[o] }

// Phase is the outcome of one phase (screening or practice).
type Phase struct {
	Answers int
	Elapsed time.Duration
	CPU     time.Duration // server CPU during the phase; 0 if unknown
	DB      DBCounts      // the database's work during the phase
}

// PerSecond is answers per second.
func (p Phase) PerSecond() float64 {
	if p.Elapsed <= 0 {
		return 0
	}
	return float64(p.Answers) / p.Elapsed.Seconds()
}

// Report is what a run measured.
type Report struct {
	Latency   [numOps][]time.Duration // successful requests, sorted
	Errors    [numOps]map[int]int     // failed requests by HTTP status (0: transport error)
	Screening Phase
	Practice  Phase
	// Screenings finished (by the engine or stopped at the phase's end).
	Finished int
	// AnswerIDs is false when the server refused the answer_id field and
	// answers were sent without it.
	AnswerIDs bool
	CPUKnown  bool
	DBKnown   bool
}

// pair is one student's subject: screened, then practised.
type pair struct {
	student Student
	subject string
	learner *learner
	// practice: the pending question and the state version, if known.
	question *question
	version  int
}

type question struct {
	Item string `json:"item"`
}

type runner struct {
	cfg      Config
	hc       *http.Client
	cookies  []string
	next     atomic.Int64 // next pair to screen
	pairs    []*pair
	answerID atomic.Bool

	mu       sync.Mutex
	finished []*pair
	rep      Report
}

// Run logs in, warms the server up, screens until half the duration has passed, stops the
// screenings under way (so they count as finished), then practises the
// finished pairs for the other half. Requests completed after a phase's
// end count in the latency tables but not in its throughput.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Clients < 1 || len(cfg.World.Students) == 0 || len(cfg.Subjects) == 0 || len(cfg.World.Supervisors) == 0 {
		return nil, errors.New("loadtest: need clients, students, subjects and supervisors")
	}
	tr := &http.Transport{MaxIdleConns: cfg.Clients * 2, MaxIdleConnsPerHost: cfg.Clients * 2, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	rn := &runner{cfg: cfg, hc: &http.Client{Transport: tr, Timeout: time.Minute}}
	rn.answerID.Store(true)
	for i := range rn.rep.Errors {
		rn.rep.Errors[i] = map[int]int{}
	}
	for _, sub := range cfg.Subjects {
		lowest, err := lowestGrade(cfg.Bank, sub)
		if err != nil {
			continue // a subject with no points yet has nothing to screen
		}
		for _, st := range cfg.World.Students {
			if st.Grade >= lowest {
				rn.pairs = append(rn.pairs, &pair{student: st, subject: sub})
			}
		}
	}
	if len(rn.pairs) == 0 {
		return nil, errors.New("loadtest: no subject has points for these students")
	}
	for _, u := range cfg.World.Supervisors {
		c, err := rn.login(ctx, u, cfg.World.Password)
		if err != nil {
			return nil, err
		}
		rn.cookies = append(rn.cookies, c)
	}
	rn.warmUp(ctx)
	half := cfg.Duration / 2
	rn.begin("screening")
	rn.rep.Screening = rn.phase(ctx, half, rn.screen)
	pool := make(chan *pair, len(rn.finished))
	for _, p := range rn.finished {
		pool <- p
	}
	rn.rep.Finished = len(rn.finished)
	rn.begin("practice")
	rn.rep.Practice = rn.phase(ctx, half, func(ctx context.Context, c *client) { rn.practise(ctx, c, pool) })
	for i := range rn.rep.Latency {
		slices.Sort(rn.rep.Latency[i])
	}
	rn.rep.AnswerIDs = rn.answerID.Load()
	rn.rep.CPUKnown = cfg.CPU != nil
	rn.rep.DBKnown = cfg.DB != nil
	if err := ctx.Err(); err != nil {
		return &rn.rep, err
	}
	return &rn.rep, nil
}

// warmUp starts and stops one screening per grade of the first subject,
// and asks for one practice question, before the clock starts: the server
// compiles a screening scope per (subject, grade) and a practice engine
// per subject on first use, and the phases measure the steady state. The
// pairs used are practised later; their requests are not measured.
func (rn *runner) warmUp(ctx context.Context) {
	seen := map[int]bool{}
	var warm []*pair
	rest := rn.pairs[:0]
	for _, p := range rn.pairs {
		if p.subject == rn.cfg.Subjects[0] && !seen[p.student.Grade] {
			seen[p.student.Grade] = true
			warm = append(warm, p)
			continue
		}
		rest = append(rest, p)
	}
	rn.pairs = rest
	end := time.Now().Add(time.Hour)
	var wg sync.WaitGroup
	for i, p := range warm {
		wg.Go(func() {
			c := rn.newClient(i, end)
			l, err := newLearner(rn.cfg.Bank, p.subject, p.student.Grade, rn.cfg.Seed^uint64(p.student.ID)<<8)
			if err != nil {
				return
			}
			p.learner = l
			var v screeningView
			if !c.do(ctx, ScreeningStart, "POST", fmt.Sprintf("/api/v1/students/%d/screenings", p.student.ID), map[string]any{"subject": p.subject}, &v) ||
				!c.stopScreening(ctx, &v) {
				return
			}
			rn.mu.Lock()
			rn.finished = append(rn.finished, p)
			rn.mu.Unlock()
		})
	}
	wg.Wait()
	if len(rn.finished) > 0 {
		p := rn.finished[0]
		var v practiceView
		if rn.newClient(0, end).do(ctx, PracticeNext, "POST", fmt.Sprintf("/api/v1/students/%d/practice/%s/next", p.student.ID, p.subject), nil, &v) && v.P.Question != nil {
			p.question, p.version = v.P.Question, v.P.Version
		}
	}
}

// newClient returns client i (cookies are shared round-robin) whose
// phase ends at end.
func (rn *runner) newClient(i int, end time.Time) *client {
	c := &client{rn: rn, cookie: rn.cookies[i%len(rn.cookies)], end: end}
	for j := range c.errs {
		c.errs[j] = map[int]int{}
	}
	return c
}

// client is one simulated tablet; it keeps its measurements to itself
// until the phase ends.
type client struct {
	rn      *runner
	cookie  string
	end     time.Time
	lat     [numOps][]time.Duration
	errs    [numOps]map[int]int
	answers int
}

// begin tells cfg.Phase that a phase begins.
func (rn *runner) begin(name string) {
	if rn.cfg.Phase != nil {
		rn.cfg.Phase(name)
	}
}

func (rn *runner) phase(ctx context.Context, d time.Duration, work func(context.Context, *client)) Phase {
	var cpu0 time.Duration
	if rn.cfg.CPU != nil {
		cpu0 = rn.cfg.CPU()
	}
	var db0 DBCounts
	if rn.cfg.DB != nil {
		db0 = rn.cfg.DB()
	}
	start := time.Now()
	end := start.Add(d)
	clients := make([]*client, rn.cfg.Clients)
	var wg sync.WaitGroup
	for i := range clients {
		c := rn.newClient(i, end)
		clients[i] = c
		wg.Go(func() { work(ctx, c) })
	}
	wg.Wait()
	ph := Phase{Elapsed: min(time.Since(start), d)}
	if rn.cfg.CPU != nil {
		ph.CPU = rn.cfg.CPU() - cpu0
	}
	if rn.cfg.DB != nil {
		ph.DB = rn.cfg.DB().sub(db0)
	}
	for _, c := range clients {
		ph.Answers += c.answers
		for op := range numOps {
			rn.rep.Latency[op] = append(rn.rep.Latency[op], c.lat[op]...)
			for code, n := range c.errs[op] {
				rn.rep.Errors[op][code] += n
			}
		}
	}
	return ph
}

func (c *client) over() bool { return !time.Now().Before(c.end) }

// stopScreening ends the screening v. A stop before the screening's
// minimum of answers only pauses it, so it answers "不会" and stops again
// until the screening is finished.
func (c *client) stopScreening(ctx context.Context, v *screeningView) bool {
	for range 50 {
		if !c.do(ctx, ScreeningStop, "POST", fmt.Sprintf("/api/v1/screenings/%d/stop", v.S.ID), nil, v) {
			return false
		}
		if v.S.Status != "active" || v.S.Question == nil {
			return v.S.Status == "finished"
		}
		body := map[string]any{"item": v.S.Question.Item, "version": v.S.Version, "skip": true}
		if !c.answer(ctx, ScreeningAnswer, fmt.Sprintf("/api/v1/screenings/%d/answers", v.S.ID), body, v) {
			return false
		}
	}
	return v.S.Status == "finished"
}

// screen runs screenings of fresh pairs until the phase ends, then stops
// the one under way so that it can be practised.
func (rn *runner) screen(ctx context.Context, c *client) {
	for !c.over() && ctx.Err() == nil {
		i := int(rn.next.Add(1) - 1)
		if i >= len(rn.pairs) {
			return
		}
		p := rn.pairs[i]
		l, err := newLearner(rn.cfg.Bank, p.subject, p.student.Grade, rn.cfg.Seed^uint64(p.student.ID)<<8^uint64(i))
		if err != nil {
			c.fail(ScreeningStart, 0)
			continue
		}
		p.learner = l
		var v screeningView
		if !c.do(ctx, ScreeningStart, "POST", fmt.Sprintf("/api/v1/students/%d/screenings", p.student.ID), map[string]any{"subject": p.subject}, &v) {
			continue
		}
		for v.S.Status == "active" && v.S.Question != nil && ctx.Err() == nil {
			if c.over() {
				c.stopScreening(ctx, &v)
				break
			}
			it, ok := rn.cfg.Bank.Item(v.S.Question.Item)
			if !ok {
				c.fail(ScreeningAnswer, 0)
				break
			}
			ans, skip := l.respond(it)
			body := map[string]any{"item": it.ID, "version": v.S.Version}
			if skip {
				body["skip"] = true
			} else {
				body["answer"] = ans
			}
			if !c.answer(ctx, ScreeningAnswer, fmt.Sprintf("/api/v1/screenings/%d/answers", v.S.ID), body, &v) {
				break
			}
		}
		if v.S.Status == "finished" {
			rn.mu.Lock()
			rn.finished = append(rn.finished, p)
			rn.mu.Unlock()
		}
	}
}

type screeningView struct {
	S struct {
		ID       int64     `json:"id"`
		Status   string    `json:"status"`
		Version  int       `json:"version"`
		Question *question `json:"question"`
	} `json:"screening"`
}

type practiceView struct {
	P struct {
		Version  int       `json:"version"`
		Question *question `json:"question"`
		Rest     string    `json:"rest"`
	} `json:"practice"`
}

// practise takes finished pairs from the pool in turn (one client per
// pair at a time, as one tablet per student) and answers a few questions
// each.
func (rn *runner) practise(ctx context.Context, c *client, pool chan *pair) {
	timer := time.NewTimer(time.Until(c.end))
	defer timer.Stop()
	for !c.over() && ctx.Err() == nil {
		var p *pair
		select {
		case p = <-pool:
		case <-timer.C:
			return
		case <-ctx.Done():
			return
		}
		if rn.practiseTurns(ctx, c, p, 5) {
			pool <- p
		}
	}
}

// practiseTurns answers up to n questions of p; false when p has nothing
// left to practise or failed.
func (rn *runner) practiseTurns(ctx context.Context, c *client, p *pair, n int) bool {
	path := fmt.Sprintf("/api/v1/students/%d/practice/%s", p.student.ID, p.subject)
	var turn time.Time // when the last answer was sent, until its next question is known
	for range n {
		if c.over() || ctx.Err() != nil {
			return true
		}
		if p.question == nil {
			var v practiceView
			if !c.do(ctx, PracticeNext, "POST", path+"/next", nil, &v) {
				return false
			}
			if !turn.IsZero() {
				c.lat[PracticeTurn] = append(c.lat[PracticeTurn], time.Since(turn))
			}
			if v.P.Question == nil {
				return false
			}
			p.question, p.version = v.P.Question, v.P.Version
		}
		it, ok := rn.cfg.Bank.Item(p.question.Item)
		if !ok {
			c.fail(PracticeAnswer, 0)
			return false
		}
		ans, skip := p.learner.respond(it)
		body := map[string]any{"item": it.ID, "version": p.version}
		if skip {
			body["skip"] = true
		} else {
			body["answer"] = ans
		}
		turn = time.Now()
		var v practiceView
		ok = c.answer(ctx, PracticeAnswer, path+"/answers", body, &v)
		p.question = nil
		if !ok {
			return false
		}
		p.learner.practise(it)
		if v.P.Question != nil {
			c.lat[PracticeTurn] = append(c.lat[PracticeTurn], time.Since(turn))
			turn = time.Time{}
			p.question, p.version = v.P.Question, v.P.Version
		}
	}
	return true
}

// answer sends an answer with a fresh answer_id (idempotent retries on
// servers that support it); a server that refuses the unknown field gets
// the same answer again without it, and no ids from then on.
func (c *client) answer(ctx context.Context, op Op, path string, body map[string]any, out any) bool {
	if c.rn.answerID.Load() {
		body["answer_id"] = newAnswerID()
	}
	ok, refused := c.call(ctx, op, "POST", path, body, out)
	if refused {
		c.rn.answerID.Store(false)
		delete(body, "answer_id")
		ok, _ = c.call(ctx, op, "POST", path, body, out)
	}
	if ok && !c.over() {
		c.answers++
	}
	return ok
}

func newAnswerID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func (c *client) do(ctx context.Context, op Op, method, path string, body, out any) bool {
	ok, _ := c.call(ctx, op, method, path, body, out)
	return ok
}

// maxAttempts bounds the tries of a request the server shed.
const maxAttempts = 5

func (c *client) fail(op Op, status int) { c.errs[op][status]++ }

// call sends one request and decodes a 2xx reply into out. refused
// reports a 400 naming answer_id as an unknown field (an older server).
func (c *client) call(ctx context.Context, op Op, method, path string, body, out any) (ok, refused bool) {
	var b []byte
	if body != nil {
		var err error
		if b, err = json.Marshal(body); err != nil {
			c.fail(op, 0)
			return false, false
		}
	}
	start := time.Now()
	var resp *http.Response
	// A shed request (503) is retried after a short pause, as a tablet
	// would; its latency runs from the first attempt.
	for attempt := 1; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, method, c.rn.cfg.BaseURL+path, bytes.NewReader(b))
		if err != nil {
			c.fail(op, 0)
			return false, false
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Cookie", c.cookie)
		if resp, err = c.rn.hc.Do(req); err != nil {
			c.fail(op, 0)
			return false, false
		}
		if resp.StatusCode != http.StatusServiceUnavailable || attempt == maxAttempts || ctx.Err() != nil {
			break
		}
		c.fail(op, resp.StatusCode)
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		time.Sleep(time.Duration(attempt) * 50 * time.Millisecond)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		if resp.StatusCode == http.StatusBadRequest && strings.Contains(string(msg), "answer_id") {
			return false, true
		}
		c.fail(op, resp.StatusCode)
		return false, false
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			c.fail(op, 0)
			return false, false
		}
	}
	c.lat[op] = append(c.lat[op], time.Since(start))
	return true, false
}

func (rn *runner) login(ctx context.Context, user, pass string) (string, error) {
	b, _ := json.Marshal(map[string]string{"username": user, "password": pass})
	req, err := http.NewRequestWithContext(ctx, "POST", rn.cfg.BaseURL+"/api/v1/login", bytes.NewReader(b))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	start := time.Now()
	resp, err := rn.hc.Do(req)
	if err != nil {
		return "", fmt.Errorf("loadtest: log in as %s: %w", user, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("loadtest: log in as %s: HTTP %d", user, resp.StatusCode)
	}
	rn.rep.Latency[Login] = append(rn.rep.Latency[Login], time.Since(start))
	var parts []string
	for _, ck := range resp.Cookies() {
		parts = append(parts, ck.Name+"="+ck.Value)
	}
	return strings.Join(parts, "; "), nil
}

// lowestGrade is the first grade with points in subject: a screening of a
// younger student would have nothing to ask.
func lowestGrade(b *curriculum.Bank, subject string) (int, error) {
	g, err := b.Graph(subject)
	if err != nil {
		return 0, fmt.Errorf("loadtest: subject %s: %w", subject, err)
	}
	lowest := 99
	for i := range g.Len() {
		lowest = min(lowest, g.Node(i).Grade)
	}
	return lowest, nil
}
