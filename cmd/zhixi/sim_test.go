package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSimCommand(t *testing.T) {
	dir := t.TempDir()
	csvPath, svgPath := filepath.Join(dir, "curves.csv"), filepath.Join(dir, "curves.svg")
	var out bytes.Buffer
	args := []string{"sim", "--scopes", "gen:40", "--populations", "typical", "--noise", "0.1/0.25", "--students", "6",
		"--max-questions", "8", "--at", "0,8", "--oracle-particles", "2000", "--csv", csvPath, "--svg", svgPath}
	if err := run(context.Background(), &env{stdin: strings.NewReader(""), stdout: &out, stderr: &out}, args); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{"scope gen:40 (40 points, 0 without items, 80 items", "engine", "oracle", "indep", "random", "topo", "BA@8"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	f, err := os.Open(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := 1 + 5*9; len(rows) != want { // header + 5 methods x (0..8 questions)
		t.Errorf("%d CSV rows, want %d", len(rows), want)
	}
	svg, err := os.ReadFile(svgPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(svg, new(struct{})); err != nil || bytes.Count(svg, []byte("<polyline")) != 5 {
		t.Errorf("SVG is not well-formed XML with 5 curves (%v)", err)
	}
}

func TestSimRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--scopes", "gen:x"}, {"--scopes", "gen:144/13"}, {"--scopes", "math:9-3"}, {"--populations", "aliens"}, {"--noise", "0.6/0.5"}, {"--methods", "magic"},
	} {
		var out bytes.Buffer
		err := run(context.Background(), &env{stdin: strings.NewReader(""), stdout: &out, stderr: &out}, append([]string{"sim", "--students", "1"}, args...))
		if err == nil {
			t.Errorf("sim %v accepted", args)
		}
	}
}

// TestSimGraphStatsAndUniform: --graph-stats describes each scope (one row
// per scope, the downset estimate included) without running students, and
// the uniform populations run end to end.
func TestSimGraphStatsAndUniform(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"--graph-stats", "--scopes", "gen:40,gen:40/4"}, []string{"log10 downsets", "max marginal diff", "gen:40  ", "gen:40/4"}},
		{[]string{"--scopes", "gen:40", "--populations", "uniform,typical+uniform", "--noise", "0.1/0.25", "--students", "4",
			"--max-questions", "4", "--at", "4", "--oracle-particles", "500"}, []string{"population uniform ", "population typical+uniform ", "BA@4"}},
	} {
		var out bytes.Buffer
		if err := run(context.Background(), &env{stdin: strings.NewReader(""), stdout: &out, stderr: &out}, append([]string{"sim"}, tc.args...)); err != nil {
			t.Fatalf("sim %v: %v\n%s", tc.args, err, out.String())
		}
		for _, want := range tc.want {
			if !strings.Contains(out.String(), want) {
				t.Errorf("sim %v: output lacks %q:\n%s", tc.args, want, out.String())
			}
		}
	}
}
