package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
)

// TestSimPracticeCommand: `zhixi sim practice` runs the engine and both
// baselines on the shipped maths and prints one line each per population,
// with no engine answer above the learners' grade.
func TestSimPracticeCommand(t *testing.T) {
	var out bytes.Buffer
	args := []string{"sim", "practice", "--learners", "2", "--days", "2", "--per-day", "10", "--populations", "gaps", "--seed", "4"}
	if err := run(context.Background(), &env{stdin: strings.NewReader(""), stdout: &out, stderr: &out}, args); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{"shipped maths, 2 learners per population", "population gaps", "random-grade", "frontier-3"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	engine := regexp.MustCompile(`(?m)^\s*engine\s+(\d+)\s+\d+\s+[\d.]+\s+\d+\s+[\d.]+\s+(\d+)\s*$`).FindStringSubmatch(out.String())
	if engine == nil || engine[1] != "40" || engine[2] != "0" {
		t.Errorf("engine line %v: want 40 answers, none above the grade:\n%s", engine, out.String())
	}
}

// TestSimPracticeZXLR: with --model zx-lr the command fits zx-lr on other
// simulated learners' answers, reports the candidates' held-out AUCs and
// runs the engine serving zx-lr beside the one serving BKT.
func TestSimPracticeZXLR(t *testing.T) {
	var out bytes.Buffer
	args := []string{"sim", "practice", "--learners", "2", "--days", "2", "--per-day", "10", "--populations", "typical", "--seed", "4",
		"--model", "zx-lr", "--train-learners", "10"}
	if err := run(context.Background(), &env{stdin: strings.NewReader(""), stdout: &out, stderr: &out}, args); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !regexp.MustCompile(`held-out AUC on \d+ answers.* zx-lr 0\.\d{3}`).MatchString(out.String()) {
		t.Errorf("output lacks the held-out AUCs:\n%s", out.String())
	}
	zx := regexp.MustCompile(`(?m)^\s*engine-zx-lr\s+(\d+)\s+\d+\s+[\d.]+\s+\d+\s+[\d.]+\s+(\d+)\s*$`).FindStringSubmatch(out.String())
	if zx == nil || zx[1] != "40" || zx[2] != "0" {
		t.Errorf("engine-zx-lr line %v: want 40 answers, none above the grade:\n%s", zx, out.String())
	}
}
