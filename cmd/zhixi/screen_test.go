package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/zhixi-org/zhixi/screening"
)

const screenGraph = `{"subject":"m","knowledge_points":[
 {"id":"a","name":"A","grade":1},
 {"id":"b","name":"B","grade":1,"prerequisites":["a"]},
 {"id":"c","name":"C","grade":2,"prerequisites":["b"]},
 {"id":"d","name":"D","grade":2,"prerequisites":["a"]},
 {"id":"e","name":"E","grade":3,"prerequisites":["c","d"]}],
 "items":[
 {"id":"qa","type":"fill_number","stem":"1+1=?","answer":"2","knowledge_points":["a"],"slip":0.02,"guess":0.02},
 {"id":"qa2","knowledge_points":["a"],"slip":0.02,"guess":0.02},
 {"id":"qb","knowledge_points":["b"],"slip":0.02,"guess":0.02},
 {"id":"qb2","knowledge_points":["b"],"slip":0.02,"guess":0.02},
 {"id":"qc","knowledge_points":["c"],"slip":0.02,"guess":0.02},
 {"id":"qc2","knowledge_points":["c"],"slip":0.02,"guess":0.02},
 {"id":"qd","knowledge_points":["d"],"slip":0.02,"guess":0.02},
 {"id":"qd2","knowledge_points":["d"],"slip":0.02,"guess":0.02},
 {"id":"qe","knowledge_points":["e"],"slip":0.02,"guess":0.02},
 {"id":"qe2","knowledge_points":["e"],"slip":0.02,"guess":0.02}]}`

func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// screenStudent drives `zhixi screen` in-process like a client would: it
// reads each ask and answers as a student who knows exactly the points in
// known, through an io.Pipe, and returns every output line.
func screenStudent(t *testing.T, args []string, known map[string]bool, extra func(item string) []string) []map[string]json.RawMessage {
	t.Helper()
	inR, inW := bufioPipe()
	outR, outW := bufioPipe()
	var stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(context.Background(), &env{stdin: inR, stdout: outW, stderr: &stderr, getenv: func(string) string { return "" }}, append([]string{"screen"}, args...))
		outW.Close()
	}()
	var lines []map[string]json.RawMessage
	sc := bufio.NewScanner(outR)
	for sc.Scan() {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("output line %q is not JSON: %v", sc.Text(), err)
		}
		lines = append(lines, m)
		if raw, ok := m["ask"]; ok {
			var ask screenAsk
			json.Unmarshal(raw, &ask)
			if extra != nil {
				for _, l := range extra(ask.Item) {
					inW.Write([]byte(l + "\n"))
				}
			}
			correct := true
			for _, k := range ask.KnowledgePoints {
				correct = correct && known[k]
			}
			b, _ := json.Marshal(map[string]any{"item": ask.Item, "correct": correct})
			inW.Write(append(b, '\n'))
		}
	}
	inW.Close()
	if err := <-done; err != nil {
		t.Fatalf("screen: %v (stderr %s)", err, stderr.String())
	}
	return lines
}

func bufioPipe() (*os.File, *os.File) {
	r, w, err := os.Pipe()
	if err != nil {
		panic(err)
	}
	return r, w
}

func resultOf(t *testing.T, lines []map[string]json.RawMessage) screening.Result {
	t.Helper()
	last := lines[len(lines)-1]
	raw, ok := last["result"]
	if !ok {
		t.Fatalf("last line is not a result: %v", last)
	}
	var res screening.Result
	if err := json.Unmarshal(raw, &res); err != nil {
		t.Fatal(err)
	}
	return res
}

func TestScreenProtocol(t *testing.T) {
	graph := writeFile(t, "g.json", screenGraph)
	lines := screenStudent(t, []string{"--graph", graph, "--student-grade", "3", "--seed", "7"}, map[string]bool{"a": true, "b": true, "d": true}, nil)
	res := resultOf(t, lines)
	states := map[string]screening.State{}
	for _, kp := range res.KnowledgePoints {
		states[kp.ID] = kp.State
	}
	want := map[string]screening.State{"a": "mastered", "b": "mastered", "c": "not_mastered", "d": "mastered", "e": "not_mastered"}
	for id, st := range want {
		if states[id] != st {
			t.Errorf("%s: %s, want %s", id, states[id], st)
		}
	}
	if res.Stopped != screening.StopConfident || res.Questions > 10 {
		t.Errorf("stopped %q after %d questions", res.Stopped, res.Questions)
	}
	if len(res.ReadyToLearn) != 1 || res.ReadyToLearn[0] != "c" || len(res.RootCauses) != 1 || res.RootCauses[0].ID != "c" {
		t.Errorf("ready %v, root causes %+v; want c and c", res.ReadyToLearn, res.RootCauses)
	}
}

// Bad lines get an error line naming the pending question, and the session
// is unchanged.
func TestScreenBadLines(t *testing.T) {
	graph := writeFile(t, "g.json", screenGraph)
	bad := map[string]string{
		`not json`:                                 "bad input line",
		`{"item":"nope","correct":true}`:           "no such item",
		`{"item":"qa","correct":true,"skip":true}`: "exactly one of",
		`{"correct":true}`:                         "missing \"item\"",
		`{"item":"qa","colour":"red"}`:             "unknown field",
	}
	var sent bool
	lines := screenStudent(t, []string{"--graph", graph, "--max-questions", "2"}, map[string]bool{"a": true}, func(string) []string {
		if sent {
			return nil
		}
		sent = true
		var ls []string
		for l := range bad {
			ls = append(ls, l)
		}
		return ls
	})
	var errs []string
	asks := 0
	for _, l := range lines {
		if raw, ok := l["error"]; ok {
			var s string
			json.Unmarshal(raw, &s)
			errs = append(errs, s)
		}
		if _, ok := l["ask"]; ok {
			asks++
		}
	}
	if len(errs) != len(bad) {
		t.Fatalf("%d error lines for %d bad lines: %v", len(errs), len(bad), errs)
	}
	for _, want := range bad {
		found := false
		for _, e := range errs {
			found = found || strings.Contains(e, want)
		}
		if !found {
			t.Errorf("no error mentions %q: %v", want, errs)
		}
	}
	if res := resultOf(t, lines); res.Questions != 2 || asks != 2 {
		t.Errorf("%d questions, %d asks; want 2 and 2", res.Questions, asks)
	}
}

// A dropped input leaves a resumable state file; resuming continues with
// the same pending question, and {"stop":true} ends with a result.
func TestScreenStateAndStop(t *testing.T) {
	graph := writeFile(t, "g.json", screenGraph)
	state := filepath.Join(t.TempDir(), "state.json")
	args := []string{"screen", "--graph", graph, "--seed", "3", "--state", state}
	var out bytes.Buffer
	if err := run(context.Background(), &env{stdin: strings.NewReader(""), stdout: &out, stderr: &out}, args); err != nil {
		t.Fatal(err)
	}
	var first struct {
		Ask screenAsk `json:"ask"`
	}
	json.Unmarshal([]byte(strings.SplitN(out.String(), "\n", 2)[0]), &first)
	// Restart: the same question is pending; answer it with a skip, stop.
	out.Reset()
	in := `{"item":"` + first.Ask.Item + `","skip":true}` + "\n" + `{"stop":true}` + "\n"
	if err := run(context.Background(), &env{stdin: strings.NewReader(in), stdout: &out, stderr: &out}, args); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), `{"ask":{"item":"`+first.Ask.Item+`"`) {
		t.Errorf("resumed session did not re-ask %s:\n%s", first.Ask.Item, out.String())
	}
	if !strings.Contains(out.String(), `"questions":1,"stopped":"student"`) {
		t.Fatalf("stop did not end with a student-stopped result after 1 question:\n%s", out.String())
	}
	data, err := os.ReadFile(state)
	if err != nil {
		t.Fatal(err)
	}
	var snap screening.Snapshot
	if err := json.Unmarshal(data, &snap); err != nil || len(snap.Responses) != 1 || snap.Responses[0].Outcome != screening.Skip || snap.Stopped != "student" {
		t.Fatalf("state file %s (%v)", data, err)
	}
}

// An "answer" is judged with curriculum.Check and the verdict echoed
// before the session moves on; a blank answer counts as a skip.
func TestScreenJudgesAnswers(t *testing.T) {
	graph := writeFile(t, "g.json", `{"subject":"m","knowledge_points":[{"id":"a","grade":1}],
	 "items":[{"id":"qa","type":"fill_number","stem":"1+1=?","answer":"2","knowledge_points":["a"]}]}`)
	tests := []struct {
		answer, judged, outcome string
	}{
		{"3", `{"judged":{"item":"qa","correct":false`, `"outcome":"incorrect"`},
		{" 2 ", `{"judged":{"item":"qa","correct":true,"normalized":"2"}}`, `"outcome":"correct"`},
		{"", "", `"outcome":"skip"`},
	}
	for _, tc := range tests {
		var out bytes.Buffer
		in := `{"item":"qa","answer":` + strconv.Quote(tc.answer) + `}` + "\n"
		if err := run(context.Background(), &env{stdin: strings.NewReader(in), stdout: &out, stderr: &out}, []string{"screen", "--graph", graph}); err != nil {
			t.Fatal(err)
		}
		got := out.String()
		if !strings.Contains(got, tc.judged) || !strings.Contains(got, tc.outcome) || !strings.Contains(got, `"questions":1`) {
			t.Errorf("answer %q: want %s and %s in\n%s", tc.answer, tc.judged, tc.outcome, got)
		}
	}
}

func TestScreenFatalInput(t *testing.T) {
	tests := []struct {
		name, graph string
		args        []string
		want        string
	}{
		{"cycle", `{"subject":"m","knowledge_points":[{"id":"x","prerequisites":["y"]},{"id":"y","prerequisites":["x"]}],"items":[{"id":"q","knowledge_points":["x"]}]}`, nil, "prerequisite cycle"},
		{"dangling", `{"subject":"m","knowledge_points":[{"id":"x","prerequisites":["ghost"]}],"items":[]}`, nil, "prerequisite ghost does not exist"},
		{"item without point", `{"subject":"m","knowledge_points":[{"id":"x"}],"items":[{"id":"q","knowledge_points":[]}]}`, nil, "item q has no knowledge point"},
		{"item point not in graph", `{"subject":"m","knowledge_points":[{"id":"x"}],"items":[{"id":"q","knowledge_points":["y"]}]}`, nil, "knowledge point y is not in the graph"},
		{"scope without items", `{"subject":"m","knowledge_points":[{"id":"x"},{"id":"y","prerequisites":["x"]}],"items":[{"id":"q","knowledge_points":["x"]}]}`, []string{"--scope", "y"}, "scope has no items"},
		{"wrong subject", screenGraph, []string{"--subject", "english", "--grade", "2"}, `not "english"`},
		{"misspelt key", `{"subject":"m","knowledge_point":[]}`, nil, "unknown field"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := writeFile(t, "g.json", tc.graph)
			var out bytes.Buffer
			args := append([]string{"screen", "--graph", g}, tc.args...)
			err := run(context.Background(), &env{stdin: strings.NewReader(""), stdout: &out, stderr: &out}, args)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

// FuzzScreenInput: any input line is either refused with an error or
// yields a stop, a malformed answer (no outcome) or a known outcome for a
// named item; it never panics.
func FuzzScreenInput(f *testing.F) {
	for _, s := range []string{`{"item":"qa","correct":true}`, `{"item":"qa","answer":"2"}`, `{"item":"qa","skip":true}`,
		`{"stop":true}`, `{"item":"qa","answer":""}`, `not json`, `{"item":"","correct":false}`, `{"item":"qa","answer":"1/0"}`} {
		f.Add(s)
	}
	dir := f.TempDir()
	p := filepath.Join(dir, "g.json")
	if err := os.WriteFile(p, []byte(screenGraph), 0o644); err != nil {
		f.Fatal(err)
	}
	bank, err := loadScreenBank(p, "", 0, "")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, line string) {
		item, o, judged, err := parseScreenInput(bank, []byte(line))
		if err != nil {
			return
		}
		if item == "" {
			return // stop
		}
		if judged != nil && judged.Malformed {
			if o != "" || judged.Code == "" || judged.Reason == "" {
				t.Fatalf("line %q: malformed answer with outcome %q, judged %+v", line, o, judged)
			}
			return // not an answer: the item still waits
		}
		if o != screening.Correct && o != screening.Incorrect && o != screening.Skip {
			t.Fatalf("line %q: outcome %q", line, o)
		}
	})
}
