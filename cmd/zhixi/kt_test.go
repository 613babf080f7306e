package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/kt"
	"github.com/zhixi-org/zhixi/learn"
)

// writeLog writes a synthetic answer log: students of varying ability
// answer items of three skills; every user id carries prefix.
func writeLog(t *testing.T, dir, name, prefix string, users int, seed uint64) string {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 5))
	var b strings.Builder
	b.WriteString("user_id\titem_id\ttimestamp\tcorrect\tskill_id\n")
	for u := range users {
		ability := rng.NormFloat64()
		for n := range 30 {
			item := rng.IntN(9)
			p := 1 / (1 + math.Exp(-(ability + 0.1*float64(n) - float64(item%3))))
			c := 0
			if rng.Float64() < p {
				c = 1
			}
			fmt.Fprintf(&b, "%s%d\ti%d\t0\t%d\ts%d\n", prefix, u, item, c, item%3)
		}
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestKTEvalAll(t *testing.T) {
	dir := t.TempDir()
	train := writeLog(t, dir, "train.tsv", "a", 60, 1)
	test := writeLog(t, dir, "test.tsv", "b", 20, 2)
	out, stderr, err := ktRun(t, "kt", "eval", "--train", train, "--test", test, "--model", "all", "--restarts", "2")
	if err != nil {
		t.Fatalf("kt eval: %v\n%s", err, stderr)
	}
	for _, name := range kt.ModelNames {
		var auc, acc, rmse, secs float64
		var rows int
		found := false
		for _, line := range strings.Split(out, "\n") {
			f := strings.Fields(line)
			if len(f) == 6 && f[0] == name {
				if _, err := fmt.Sscan(strings.Join(f[1:], " "), &auc, &acc, &rmse, &rows, &secs); err != nil {
					t.Fatalf("%s: bad line %q: %v", name, line, err)
				}
				found = true
			}
		}
		if !found {
			t.Fatalf("no line for %s in\n%s", name, out)
		}
		if rows != 600 || auc < 0.6 || auc > 1 || rmse <= 0 || rmse >= 0.5 {
			t.Errorf("%s: rows %d AUC %.3f RMSE %.3f; want 600 rows, AUC in [0.6,1], RMSE in (0,0.5)", name, rows, auc, rmse)
		}
	}
}

func TestKTEvalErrors(t *testing.T) {
	dir := t.TempDir()
	good := writeLog(t, dir, "good.tsv", "a", 5, 1)
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	noCorrect := write("nocorrect.csv", "user_id,skill_id\nu,a\n")
	badCorrect := write("bad.csv", "user_id,skill_id,correct\nu,a,1\nu,a,0.5\n")
	empty := write("empty.csv", "")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"missing column", []string{"--train", noCorrect, "--test", good, "--model", "bkt"}, noCorrect + ": line 1: header lacks column correct"},
		{"bad correct", []string{"--train", good, "--test", badCorrect, "--model", "pfa"}, badCorrect + ": line 3: correct must be 0 or 1"},
		{"empty file", []string{"--train", empty, "--test", good, "--model", "elo"}, empty + ": line 1: empty file"},
		{"unknown model", []string{"--train", good, "--test", good, "--model", "dkt"}, `unknown model "dkt"`},
		{"no such file", []string{"--train", filepath.Join(dir, "nope.csv"), "--test", good, "--model", "bkt"}, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ktRun(t, append([]string{"kt", "eval"}, tt.args...)...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
	if _, _, err := ktRun(t, "kt", "eval", "--train", good); !errors.Is(err, errUsage) {
		t.Errorf("missing flags: error = %v, want usage error", err)
	}
	if _, _, err := ktRun(t, "kt", "nonsense"); !errors.Is(err, errUsage) {
		t.Errorf("unknown subcommand: error = %v, want usage error", err)
	}
}

func TestKTEvalCD(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	q := "1\t0\n0\t1\n1\t1\n1\t0\n0\t1\n"
	eta := [][]int{{1, 0}, {0, 1}, {1, 1}, {1, 0}, {0, 1}}
	var resp strings.Builder
	for range 300 {
		pattern := [2]int{rng.IntN(2), rng.IntN(2)}
		for j, need := range eta {
			p := 0.15
			if pattern[0] >= need[0] && pattern[1] >= need[1] {
				p = 0.9
			}
			if j > 0 {
				resp.WriteString("\t")
			}
			if rng.Float64() < p {
				resp.WriteString("1")
			} else {
				resp.WriteString("0")
			}
		}
		resp.WriteString("\n")
	}
	rp, qp := filepath.Join(dir, "r.txt"), filepath.Join(dir, "q.txt")
	os.WriteFile(rp, []byte(resp.String()), 0o600)
	os.WriteFile(qp, []byte(q), 0o600)
	out, stderr, err := ktRun(t, "kt", "eval-cd", "--responses", rp, "--q", qp, "--seed", "3")
	if err != nil {
		t.Fatalf("kt eval-cd: %v\n%s", err, stderr)
	}
	var auc float64
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) == 6 && f[0] == "dina" {
			fmt.Sscan(f[1], &auc)
		}
	}
	if auc < 0.75 {
		t.Errorf("DINA AUC %.3f on data it generated, want >= 0.75; output:\n%s", auc, out)
	}
	os.WriteFile(qp, []byte("1\t0\n0\t2\n"), 0o600)
	if _, _, err := ktRun(t, "kt", "eval-cd", "--responses", rp, "--q", qp); err == nil || !strings.Contains(err.Error(), qp+": line 2, column 2") {
		t.Errorf("bad Q-matrix: error = %v, want the file, line and column", err)
	}
}

// ktRun runs a zhixi command in-process with an empty environment.
func ktRun(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb strings.Builder
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	err = run(context.Background(), e, args)
	return out.String(), errb.String(), err
}

// fakeLearning serves attempts and records saved models.
type fakeLearning struct {
	zhixi.LearningService
	attempts []zhixi.Attempt
	saved    map[string][]byte
}

func (f *fakeLearning) EachAttempt(_ context.Context, fn func(*zhixi.Attempt) error) error {
	for i := range f.attempts {
		if err := fn(&f.attempts[i]); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeLearning) SaveModel(_ context.Context, name string, params []byte, _ time.Time) error {
	f.saved[name] = params
	return nil
}

func TestKTFitSavesBKTParams(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	f := &fakeLearning{saved: map[string][]byte{}}
	for s := int64(1); s <= 50; s++ {
		known := false
		for n := range 12 {
			kp := []string{"math.frac.add", "math.frac.sub"}[n%2]
			correct := rng.Float64() < 0.2 || (known && rng.Float64() < 0.9)
			known = known || rng.Float64() < 0.2
			f.attempts = append(f.attempts, zhixi.Attempt{StudentID: s, ItemID: fmt.Sprint("q", n), KnowledgePoints: []string{kp}, Correct: correct})
		}
		f.attempts = append(f.attempts, zhixi.Attempt{StudentID: s, ItemID: "untagged", Correct: true})
	}
	var out strings.Builder
	if err := fitPracticeModels(context.Background(), f, &out, kt.Options{Seed: 1, Restarts: 3}, nil, time.Now()); err != nil {
		t.Fatal(err)
	}
	var items []kt.ItemParams
	if err := json.Unmarshal(f.saved["item-params"], &items); err != nil || len(items) != 12 {
		t.Fatalf("item-params: %d items, %v, want the 12 tagged items", len(items), err)
	}
	for _, p := range items {
		if p.Answers != 50 || p.Slip <= 0 || p.Slip >= 1 || p.Guess <= 0 || p.Guess >= 1 {
			t.Errorf("item %+v: want 50 answers and slip, guess in (0, 1)", p)
		}
	}
	if !strings.Contains(out.String(), "600 attempts by 50 students on 2 knowledge points (50 without knowledge points ignored)") {
		t.Errorf("output %q", out.String())
	}
	for _, name := range []string{"bkt", "bkt-forget"} {
		var m kt.BKTModel
		if err := json.Unmarshal(f.saved[name], &m); err != nil {
			t.Fatalf("%s: %v in %s", name, err, f.saved[name])
		}
		if len(m.Skills) != 2 || m.Forget != (name == "bkt-forget") {
			t.Errorf("%s: %d knowledge points, forget %v", name, len(m.Skills), m.Forget)
		}
		for kp, p := range m.Skills {
			if err := p.Validate(); err != nil {
				t.Errorf("%s %s: %v", name, kp, err)
			}
		}
	}
}

func TestKTFitEmptyDatabase(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "z.db")
	_, stderr, err := ktRun(t, "kt", "fit", "--db", dsn)
	if err == nil || !strings.Contains(err.Error(), "no attempts with knowledge points") {
		t.Fatalf("kt fit on an empty database: error = %v\n%s", err, stderr)
	}
}

// TestKTCalibrate: `zhixi kt calibrate --answers FILE` prints every item's
// slip and guess and flags an item that the students who know its point
// fail.
func TestKTCalibrate(t *testing.T) {
	var b strings.Builder
	b.WriteString("user_id,item_id,skill_id,correct\n")
	rng := rand.New(rand.NewPCG(3, 4))
	for s := range 200 {
		master := rng.Float64() < 0.5
		for i := range 4 {
			p := 0.2
			if master {
				p = 0.9
			}
			if i == 3 && master { // a wrong key: those who know fail
				p = 0.1
			}
			fmt.Fprintf(&b, "u%d,q%d,k,%d\n", s, i, map[bool]int{true: 1, false: 0}[rng.Float64() < p])
		}
	}
	path := filepath.Join(t.TempDir(), "answers.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, err := ktRun(t, "kt", "calibrate", "--answers", path)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	flagged := 0
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "suspect") {
			flagged++
			if !strings.HasPrefix(line, "q3 ") {
				t.Errorf("flagged %q, want only q3", line)
			}
		}
	}
	if flagged != 1 || !strings.Contains(out, "# 4 items, 1 flagged") {
		t.Errorf("output:\n%s", out)
	}
}

// TestKTFitChoosesModelByHeldOutAUC: with enough answers per subject, the
// fit scores every candidate on held-out students and saves the winner
// with the AUCs; a subject with a small held-out slice keeps BKT.
func TestKTFitChoosesModelByHeldOutAUC(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	f := &fakeLearning{saved: map[string][]byte{}}
	for s := int64(1); s <= 300; s++ {
		known := false
		for n := range 10 {
			kp := []string{"math.frac.add", "math.frac.sub"}[n%2]
			correct := rng.Float64() < 0.2 || (known && rng.Float64() < 0.9)
			known = known || rng.Float64() < 0.25
			f.attempts = append(f.attempts, zhixi.Attempt{StudentID: s, ItemID: fmt.Sprint("q", n), KnowledgePoints: []string{kp}, Correct: correct})
		}
		if s <= 5 {
			f.attempts = append(f.attempts, zhixi.Attempt{StudentID: s, ItemID: "p1", KnowledgePoints: []string{"physics.force"}, Correct: true})
		}
	}
	var out strings.Builder
	if err := fitPracticeModels(context.Background(), f, &out, kt.Options{Seed: 1, Restarts: 2}, nil, time.Now()); err != nil {
		t.Fatal(err)
	}
	var choice []learn.SubjectChoice
	if err := json.Unmarshal(f.saved[learn.ModelChoice], &choice); err != nil || len(choice) != 2 {
		t.Fatalf("model-choice %s: %v", f.saved[learn.ModelChoice], err)
	}
	math, phys := choice[0], choice[1]
	if math.Subject != "math" || math.TestAnswers < learn.MinTestAnswers || len(math.AUC) != len(learn.Candidates) {
		t.Fatalf("math choice %+v: want every candidate scored on ≥ %d held-out answers", math, learn.MinTestAnswers)
	}
	for _, name := range learn.Candidates {
		a := math.AUC[name]
		if a > math.AUC[math.Best] {
			t.Errorf("best %s (AUC %.3f) but %s has %.3f", math.Best, math.AUC[math.Best], name, a)
		}
		if a <= 0.5 || a > 1 {
			t.Errorf("%s AUC %.3f: the answers carry signal, want in (0.5, 1]", name, a)
		}
	}
	if phys.Subject != "physics" || phys.Best != learn.ModelBKT || len(phys.AUC) != 0 {
		t.Errorf("physics with 5 answers: %+v, want BKT kept and no AUCs", phys)
	}
}
