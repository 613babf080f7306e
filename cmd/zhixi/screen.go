package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/screening"
)

func init() {
	register(command{name: "screen", summary: "run a knowledge-point screening over JSON lines on stdin/stdout", run: runScreen})
}

// The JSON-lines protocol of `zhixi screen` (docs/screening.md):
//
//	out {"ask":{"item":"ID","knowledge_points":["..."],"type":...,"stem":...,"options":[...]}}
//	in  {"item":"ID","correct":true} | {"item":"ID","answer":"..."} | {"item":"ID","skip":true} | {"stop":true}
//	out {"judged":{"item":"ID","correct":false,"code":"wrong","normalized":"...","reason":"..."}}   (after an "answer")
//	out {"judged":{"item":"ID","malformed":true,"code":"unit","reason":"..."}}   not an answer: not counted, ID still waits
//	out {"error":"...","pending":"ID"}   a bad line; the session is unchanged and question ID still waits
//	out {"result":{...}}  at the end (confident, budget used, stop, or end of input)
type screenAsk struct {
	Item            string              `json:"item"`
	KnowledgePoints []string            `json:"knowledge_points"`
	Type            curriculum.ItemType `json:"type,omitempty"`
	Stem            string              `json:"stem,omitempty"`
	Options         []string            `json:"options,omitempty"`
}

type screenInput struct {
	Item    string  `json:"item"`
	Correct *bool   `json:"correct"`
	Answer  *string `json:"answer"`
	Skip    bool    `json:"skip"`
	Stop    bool    `json:"stop"`
}

type screenJudged struct {
	Item       string `json:"item"`
	Correct    bool   `json:"correct"`
	Malformed  bool   `json:"malformed,omitempty"`
	Code       string `json:"code,omitempty"`
	Normalized string `json:"normalized,omitempty"`
	Reason     string `json:"reason,omitempty"`
}

func runScreen(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "screen", "--graph FILE [--subject S --grade G | --scope ID,ID...] [flags]")
	graphPath := fs.String("graph", "", "knowledge graph and items in the JSON interchange form (required)")
	subject := fs.String("subject", "", "subject id; must match the file's subject")
	grade := fs.Int("grade", 0, "with --subject: the scope is the subject's points up to this grade")
	scopeList := fs.String("scope", "", "comma-separated knowledge point ids to screen (default: the whole graph)")
	studentGrade := fs.Int("student-grade", -1, "the student's grade for the prior (default: --grade, else unknown)")
	maxQ := fs.Int("max-questions", 40, "most questions to ask")
	seed := fs.Uint64("seed", 1, "random seed; the same answers with the same seed give the same result")
	particles := fs.Int("particles", 0, "posterior particles (0 = default)")
	mastered := fs.Float64("mastered", 0.85, "P(mastered) at or above which a point counts as mastered")
	notMastered := fs.Float64("not-mastered", 0.15, "P(mastered) at or below which a point counts as not mastered")
	statePath := fs.String("state", "", "session file: resumed from if it exists, rewritten after every answer")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *graphPath == "" {
		fmt.Fprintln(e.stderr, "zhixi screen: --graph is required")
		fs.Usage()
		return errUsage
	}
	if *grade != 0 && *subject == "" || *grade != 0 && *scopeList != "" {
		fmt.Fprintln(e.stderr, "zhixi screen: use either --subject S --grade G or --scope ids")
		return errUsage
	}
	bank, err := loadScreenBank(*graphPath, *subject, *grade, *scopeList)
	if err != nil {
		return err
	}
	if *studentGrade < 0 {
		*studentGrade = *grade
	}
	cfg := screening.Config{StudentGrade: *studentGrade, Seed: *seed, Particles: *particles, MaxQuestions: *maxQ,
		Mastered: *mastered, NotMastered: *notMastered}
	s, err := openScreenSession(bank, cfg, *statePath)
	if err != nil {
		return err
	}
	out := json.NewEncoder(e.stdout)
	out.SetEscapeHTML(false)
	in := bufio.NewScanner(e.stdin)
	in.Buffer(make([]byte, 64*1024), 1<<20)
	for ctx.Err() == nil {
		id, ok := s.Next()
		if !ok {
			break
		}
		if err := out.Encode(map[string]any{"ask": askOf(bank, id)}); err != nil {
			return fmt.Errorf("screen: write: %w", err)
		}
		answered, stop := answerNext(s, bank, in, out, id)
		if stop {
			s.Stop()
		}
		if err := saveScreenState(s, *statePath); err != nil {
			return err
		}
		if !answered {
			// End of input: report what is known, but leave the state
			// file resumable (a dropped connection is not a decision to stop).
			s.Stop()
			break
		}
	}
	if err := in.Err(); err != nil {
		return fmt.Errorf("screen: read answers: %w", err)
	}
	return out.Encode(map[string]any{"result": s.Result()})
}

// answerNext reads lines until one answers the pending item id. It
// reports whether it got an answer, and whether the student asked to stop.
func answerNext(s *screening.Session, bank *screening.Bank, in *bufio.Scanner, out *json.Encoder, id string) (answered, stop bool) {
	for in.Scan() {
		line := bytes.TrimSpace(in.Bytes())
		if len(line) == 0 {
			continue
		}
		item, o, judged, err := parseScreenInput(bank, line)
		if err == nil && item == "" {
			return false, true // {"stop":true}
		}
		if err == nil && judged != nil && judged.Malformed {
			out.Encode(map[string]any{"judged": judged}) // only real answers count
			continue
		}
		if err == nil {
			err = s.Answer(item, o)
		}
		if err == nil {
			if judged != nil {
				out.Encode(map[string]any{"judged": judged})
			}
			return true, false
		}
		out.Encode(map[string]string{"error": err.Error(), "pending": id})
	}
	return false, false
}

// parseScreenInput decodes one input line into an item and its outcome
// (item "" for a stop). An "answer" is judged with curriculum.Check; a
// blank answer counts as a skip.
func parseScreenInput(bank *screening.Bank, line []byte) (string, screening.Outcome, *screenJudged, error) {
	var in screenInput
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return "", "", nil, fmt.Errorf("bad input line (want {\"item\":ID,\"correct\":bool|\"answer\":text|\"skip\":true} or {\"stop\":true}): %v", err)
	}
	if in.Stop {
		return "", "", nil, nil
	}
	n := 0
	for _, given := range []bool{in.Correct != nil, in.Answer != nil, in.Skip} {
		if given {
			n++
		}
	}
	switch {
	case in.Item == "":
		return "", "", nil, errors.New("bad input line: missing \"item\"")
	case n != 1:
		return "", "", nil, fmt.Errorf("bad input line for item %s: give exactly one of \"correct\", \"answer\" or \"skip\"", in.Item)
	case in.Skip:
		return in.Item, screening.Skip, nil, nil
	case in.Correct != nil:
		if *in.Correct {
			return in.Item, screening.Correct, nil, nil
		}
		return in.Item, screening.Incorrect, nil, nil
	}
	i, ok := bank.ItemIndex(in.Item)
	if !ok {
		return "", "", nil, fmt.Errorf("answer for item %q refused: no such item in this screening's scope", in.Item)
	}
	if strings.TrimSpace(*in.Answer) == "" {
		return in.Item, screening.Skip, nil, nil
	}
	v, err := curriculum.Check(bank.Item(i), *in.Answer)
	if err != nil {
		return "", "", nil, fmt.Errorf("item %s cannot be judged (%v); send {\"item\":%q,\"skip\":true} or a correct flag", in.Item, err, in.Item)
	}
	judged := &screenJudged{Item: in.Item, Correct: v.Correct, Malformed: v.Malformed, Code: v.Code, Normalized: v.Normalized, Reason: v.Reason}
	switch {
	case v.Malformed:
		return in.Item, "", judged, nil
	case v.Correct:
		return in.Item, screening.Correct, judged, nil
	}
	return in.Item, screening.Incorrect, judged, nil
}

func askOf(bank *screening.Bank, id string) screenAsk {
	i, _ := bank.ItemIndex(id)
	it := bank.Item(i)
	return screenAsk{Item: id, KnowledgePoints: it.KnowledgePoints, Type: it.Type, Stem: it.Stem, Options: it.Options}
}

func loadScreenBank(path, subject string, grade int, scopeList string) (*screening.Bank, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("screen: %w", err)
	}
	defer f.Close()
	subj, err := curriculum.ReadInterchange(f)
	if err != nil {
		return nil, fmt.Errorf("screen: %s: %w", path, err)
	}
	if subject != "" && subject != subj.ID {
		return nil, fmt.Errorf("screen: %s holds subject %q, not %q", path, subj.ID, subject)
	}
	g, err := curriculum.SubjectGraph(subj)
	if err != nil {
		return nil, fmt.Errorf("screen: %s: %w", path, err)
	}
	var scope []string
	switch {
	case grade > 0:
		if scope = screening.ScopeByGrade(g, 0, grade); len(scope) == 0 {
			return nil, fmt.Errorf("screen: %s has no knowledge points up to grade %d", path, grade)
		}
	case scopeList != "":
		scope = splitList(scopeList)
	}
	b, err := screening.NewBank(g, subj.Items, scope)
	if err != nil {
		return nil, fmt.Errorf("screen: %s: %w", path, err)
	}
	return b, nil
}

func openScreenSession(b *screening.Bank, cfg screening.Config, statePath string) (*screening.Session, error) {
	if statePath != "" {
		data, err := os.ReadFile(statePath)
		switch {
		case err == nil:
			var snap screening.Snapshot
			if err := json.Unmarshal(data, &snap); err != nil {
				return nil, fmt.Errorf("screen: state %s: %w", statePath, err)
			}
			s, err := screening.Resume(b, snap, nil)
			if err != nil {
				return nil, fmt.Errorf("screen: state %s: %w", statePath, err)
			}
			return s, nil
		case !errors.Is(err, os.ErrNotExist):
			return nil, fmt.Errorf("screen: %w", err)
		}
	}
	s, err := screening.NewSession(b, cfg)
	if err != nil {
		return nil, fmt.Errorf("screen: %w", err)
	}
	return s, nil
}

// saveScreenState writes the snapshot atomically (temp file, rename), so a
// crash never leaves half a state.
func saveScreenState(s *screening.Session, path string) error {
	if path == "" {
		return nil
	}
	data, err := json.Marshal(s.Snapshot())
	if err != nil {
		return fmt.Errorf("screen: state: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".screen-state-*")
	if err != nil {
		return fmt.Errorf("screen: state: %w", err)
	}
	if _, err := io.Copy(tmp, bytes.NewReader(data)); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("screen: state: %w", err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("screen: state: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("screen: state: %w", err)
	}
	return nil
}
