package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/learn"
	"github.com/zhixi-org/zhixi/loadtest"
	"github.com/zhixi-org/zhixi/password"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

// envChild makes the test binary act as `zhixi <args>`: the crash test
// runs the server as a child process it can SIGKILL, from the very code
// the binary runs, without a separate build.
const envChild = "ZHIXI_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(envChild) != "" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
		if err := run(ctx, e, os.Args[1:]); err != nil {
			fmt.Fprintln(os.Stderr, "zhixi:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestCrashKeepsAcknowledgedAnswers streams screening and practice
// answers at a server process, SIGKILLs it mid-stream, restarts it and
// repeats. Every answer the server acknowledged (200) must be stored, no
// answer may be stored twice, and every screening and practice resumes
// after each restart, on SQLite (a file) and PostgreSQL (a schema).
func TestCrashKeepsAcknowledgedAnswers(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills server processes")
	}
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) { crashRun(t, storetest.DSN(t, engine)) })
	}
}

const (
	crashStudents = 6
	crashWorkers  = 3
	crashKills    = 3
)

func crashRun(t *testing.T, dsn string) {
	ctx := context.Background()
	db := storetest.OpenDSN(t, dsn)
	world, err := loadtest.Seed(ctx, db, password.NewHasher(password.Params{Time: 1, Memory: 64, Threads: 1}, 1), "crash", crashStudents, 1)
	if err != nil {
		t.Fatal(err)
	}
	bank, err := shippedBank()
	if err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	base := "http://" + addr
	cl := &crashClient{base: base, bank: bank, hc: &http.Client{Timeout: 10 * time.Second}}
	students := make([]*crashStudent, len(world.Students))
	for i, st := range world.Students {
		students[i] = &crashStudent{id: st.ID, acked: map[string]int{}}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	sent := 0
	for round := 0; round <= crashKills; round++ {
		srv := startChild(t, addr, dsn)
		if cl.cookie == "" {
			if cl.cookie, err = cl.login(world.Supervisors[0], world.Password); err != nil {
				t.Fatal(err)
			}
			// Half the students stop their screening at once and practise,
			// so both kinds of answer are in the stream from the start.
			for _, st := range students[:len(students)/2] {
				n, err := cl.stopScreening(st)
				if err != nil {
					t.Fatal(err)
				}
				sent += n
			}
		}
		// Every session resumes: each screening under way answers its
		// current question, each practice its next one.
		for _, st := range students {
			if err := cl.resume(st); err != nil {
				t.Fatalf("round %d: student %d does not resume: %v", round, st.id, err)
			}
		}
		if round == crashKills {
			srv.Process.Kill()
			srv.Wait()
			break
		}
		stop := make(chan struct{})
		var wg sync.WaitGroup
		var mu sync.Mutex
		for w := range crashWorkers {
			wg.Go(func() {
				for i := w; ; i += crashWorkers {
					n, err := cl.answerOne(students[i%len(students)], stop)
					mu.Lock()
					sent += n
					mu.Unlock()
					if err != nil {
						return
					}
				}
			})
		}
		time.Sleep(time.Duration(800+rng.IntN(1200)) * time.Millisecond)
		if err := srv.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		close(stop)
		wg.Wait()
		srv.Wait()
	}
	acked, bySource := 0, map[string]int{}
	for _, st := range students {
		atts, err := db.Attempts(ctx, st.id)
		if err != nil {
			t.Fatal(err)
		}
		stored := map[string]int{}
		for _, a := range atts {
			stored[a.Source+" "+a.ItemID]++
		}
		for k, n := range st.acked {
			acked += n
			source, _, _ := strings.Cut(k, " ")
			bySource[source] += n
			if stored[k] < n {
				t.Errorf("student %d: %d acknowledged answers %q, %d stored", st.id, n, k, stored[k])
			}
		}
	}
	total := 0
	for _, st := range students {
		atts, _ := db.Attempts(ctx, st.id)
		total += len(atts)
	}
	// Stored beyond the acknowledged: only answers whose reply the kill
	// cut off, at most one per worker and kill.
	if total < acked || total > sent || total > acked+crashWorkers*crashKills {
		t.Errorf("%d answers stored, %d acknowledged, %d sent", total, acked, sent)
	}
	if bySource["screening"] < 5 || bySource["practice"] < 5 {
		t.Errorf("acknowledged answers %v: the stream did not run both kinds", bySource)
	}
	t.Logf("%s: %d kills, %d answers sent, %d acknowledged (%v), %d stored", storeEngine(dsn), crashKills, sent, acked, bySource, total)
}

func storeEngine(dsn string) string {
	if strings.HasPrefix(dsn, "postgres") {
		return store.Postgres
	}
	return store.SQLite
}

// startChild runs `zhixi serve` on addr and waits until it is ready.
func startChild(t *testing.T, addr, dsn string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "serve", "--addr", addr, "--db", dsn, "--fit-hour", "-1", "--log-level", "warn")
	cmd.Env = append(os.Environ(), envChild+"=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return cmd
			}
		}
	}
	cmd.Process.Kill()
	cmd.Wait()
	t.Fatalf("server did not become ready:\n%s", out.String())
	return nil
}

type crashStudent struct {
	id    int64
	mu    sync.Mutex
	done  bool           // screened; practising
	acked map[string]int // "source item" → acknowledged answers
}

type crashClient struct {
	base, cookie string
	bank         *curriculum.Bank
	hc           *http.Client
}

type crashView struct {
	Screening *struct {
		ID       int64
		Status   string
		Version  int
		Question *struct{ Item string }
	}
	Practice *struct {
		Version  int
		Question *struct{ Item string }
	}
	Error *struct{ Code, Key string }
}

var errServerGone = fmt.Errorf("server gone")

func (c *crashClient) post(path string, body any) (int, crashView, error) {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", c.base+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Cookie", c.cookie)
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, crashView{}, errServerGone
	}
	defer resp.Body.Close()
	var v crashView
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, crashView{}, errServerGone
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return resp.StatusCode, v, fmt.Errorf("%d %.200s", resp.StatusCode, raw)
	}
	return resp.StatusCode, v, nil
}

func (c *crashClient) login(user, pass string) (string, error) {
	b, _ := json.Marshal(map[string]string{"username": user, "password": pass})
	resp, err := c.hc.Post(c.base+"/api/v1/login", "application/json", bytes.NewReader(b))
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		return "", fmt.Errorf("login: %d", resp.StatusCode)
	}
	return strings.Split(resp.Header.Get("Set-Cookie"), ";")[0], nil
}

// stopScreening starts the student's screening and stops it at once: it is
// finished, and practice can begin.
func (c *crashClient) stopScreening(st *crashStudent) (answered int, err error) {
	code, v, err := c.post(fmt.Sprintf("/api/v1/students/%d/screenings", st.id), map[string]string{"subject": "math"})
	if err != nil || code != 200 {
		return 0, fmt.Errorf("start screening: %d %v", code, err)
	}
	// A stop before the free screening's minimum of answers only pauses
	// it: answer that many first ("I don't know").
	for i := 0; i < learn.DefaultMinAnswers && v.Screening.Status == "active" && v.Screening.Question != nil; i++ {
		item := v.Screening.Question.Item
		code, v, err = c.post(fmt.Sprintf("/api/v1/screenings/%d/answers", v.Screening.ID),
			map[string]any{"item": item, "skip": true, "version": v.Screening.Version})
		if err != nil || code != 200 {
			return answered, fmt.Errorf("answer before the stop: %d %v", code, err)
		}
		answered++
		st.acked["screening "+item]++
	}
	if v.Screening.Status == "active" {
		code, v, err = c.post(fmt.Sprintf("/api/v1/screenings/%d/stop", v.Screening.ID), struct{}{})
	}
	if err != nil || code != 200 || v.Screening.Status != "finished" {
		return answered, fmt.Errorf("stop screening: %d %v", code, err)
	}
	st.done = true
	return answered, nil
}

// resume checks that the student's current session is there after a
// restart: the screening under way (or its result), else the next
// practice question.
func (c *crashClient) resume(st *crashStudent) error {
	if !st.done {
		code, v, err := c.post(fmt.Sprintf("/api/v1/students/%d/screenings", st.id), map[string]string{"subject": "math"})
		switch {
		case err != nil:
			return err
		case code == 409 && v.Error != nil && v.Error.Key == "err.screening_done":
			st.done = true
		case code != 200 || v.Screening == nil || v.Screening.Status != "active" || v.Screening.Question == nil:
			return fmt.Errorf("screening start/resume: %d %+v", code, v.Error)
		default:
			return nil
		}
	}
	code, v, err := c.post(fmt.Sprintf("/api/v1/students/%d/practice/math/next", st.id), struct{}{})
	if err != nil || code != 200 || v.Practice == nil {
		return fmt.Errorf("practice next: %d %v %+v", code, err, v.Error)
	}
	return nil
}

// answerOne answers the student's current question (screening until it
// finishes, then practice) and records it when acknowledged. It returns
// how many answers it sent, and errServerGone once the server is killed.
func (c *crashClient) answerOne(st *crashStudent, stop chan struct{}) (int, error) {
	select {
	case <-stop:
		return 0, errServerGone
	default:
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if !st.done {
		code, v, err := c.post(fmt.Sprintf("/api/v1/students/%d/screenings", st.id), map[string]string{"subject": "math"})
		if err != nil {
			return 0, err
		}
		if code == 409 {
			st.done = true
			return 0, nil
		}
		if code != 200 || v.Screening.Question == nil {
			return 0, fmt.Errorf("screening: %d", code)
		}
		item := v.Screening.Question.Item
		code, v, err = c.post(fmt.Sprintf("/api/v1/screenings/%d/answers", v.Screening.ID), c.response(item, v.Screening.Version))
		if err != nil {
			return 1, err
		}
		if code == 200 {
			st.acked["screening "+item]++
			st.done = v.Screening.Status == "finished"
		}
		return 1, nil
	}
	path := fmt.Sprintf("/api/v1/students/%d/practice/math", st.id)
	code, v, err := c.post(path+"/next", struct{}{})
	if err != nil {
		return 0, err
	}
	if code != 200 || v.Practice.Question == nil {
		return 0, nil // nothing to practise now
	}
	item := v.Practice.Question.Item
	code, _, err = c.post(path+"/answers", c.response(item, v.Practice.Version))
	if err != nil {
		return 1, err
	}
	if code == 200 {
		st.acked["practice "+item]++
	}
	return 1, nil
}

// response answers right on even versions and skips on odd ones.
func (c *crashClient) response(item string, version int) map[string]any {
	body := map[string]any{"item": item, "version": version}
	it, ok := c.bank.Item(item)
	if ok && version%2 == 0 {
		body["answer"] = it.Answer
	} else {
		body["skip"] = true
	}
	return body
}
