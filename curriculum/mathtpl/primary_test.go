package mathtpl

import (
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/zhixi-org/zhixi/curriculum"
)

// primaryContent reads content/math/g01-g06.yaml.
func primaryContent(t *testing.T) []curriculum.Subject {
	t.Helper()
	files, err := filepath.Glob("../../content/math/g0[1-6].yaml")
	if err != nil || len(files) != 6 {
		t.Fatalf("want 6 grade files, got %v (%v)", files, err)
	}
	var subjects []curriculum.Subject
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var s curriculum.Subject
		if err := yaml.Unmarshal(data, &s); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		subjects = append(subjects, s)
	}
	return subjects
}

// primaryKPs returns the knowledge point ids of grades 1-6.
func primaryKPs(t *testing.T) map[string]bool {
	ids := map[string]bool{}
	for _, s := range primaryContent(t) {
		for _, kp := range s.KnowledgePoints {
			ids[kp.ID] = true
		}
	}
	return ids
}

// TestPrimaryContent checks the hand-written grade 1-6 items: each is
// checkable and names existing knowledge points, and every knowledge point
// is probed by at least three items, a template counting once per point.
func TestPrimaryContent(t *testing.T) {
	subjects := primaryContent(t)
	kps := primaryKPs(t)
	probes := map[string]int{}
	ids := map[string]bool{}
	for _, s := range subjects {
		for _, it := range s.Items {
			if ids[it.ID] {
				t.Errorf("duplicate item id %s", it.ID)
			}
			ids[it.ID] = true
			if err := curriculum.ValidateItem(&it); err != nil {
				t.Error(err)
			}
			if len(it.KnowledgePoints) == 0 || !strings.HasPrefix(it.ID, it.KnowledgePoints[0]+".") {
				t.Errorf("item %s: id should start with its first knowledge point", it.ID)
			}
			for _, k := range it.KnowledgePoints {
				if !kps[k] {
					t.Errorf("item %s: unknown knowledge point %s", it.ID, k)
				}
				probes[k]++
			}
			for _, text := range append([]string{it.Stem, it.Explanation}, it.Options...) {
				if strings.Count(text, "$")%2 != 0 || strings.Contains(text, "$$") {
					t.Errorf("item %s: unbalanced maths in %q", it.ID, text)
				}
			}
		}
	}
	for _, tp := range primary {
		for _, k := range tp.KnowledgePoints {
			probes[k]++
		}
	}
	for k := range kps {
		if probes[k] < 3 {
			t.Errorf("knowledge point %s is probed by %d items, want at least 3", k, probes[k])
		}
	}
	var all []curriculum.KnowledgePoint
	for _, s := range subjects {
		all = append(all, s.KnowledgePoints...)
	}
	if _, err := curriculum.NewGraph(all); err != nil {
		t.Error(err)
	}
}

func TestPrimaryTemplates(t *testing.T) {
	kps := primaryKPs(t)
	seen := map[string]bool{}
	for _, tp := range primary {
		t.Run(tp.ID, func(t *testing.T) {
			if seen[tp.ID] {
				t.Fatalf("duplicate template id")
			}
			seen[tp.ID] = true
			if !strings.HasPrefix(tp.ID, tp.KnowledgePoints[0]+".t") {
				t.Errorf("id should start with its primary knowledge point %s", tp.KnowledgePoints[0])
			}
			for _, k := range tp.KnowledgePoints {
				if !kps[k] {
					t.Errorf("knowledge point %s is not in content/math", k)
				}
			}
			distinct := map[string]bool{}
			for seed := int64(1); seed <= 200; seed++ {
				it, err := tp.Instance(seed)
				if err != nil {
					t.Fatalf("%v\nstem: %s\nanswer: %s", err, it.Stem, it.Answer)
				}
				if it.Explanation == "" || it.Stem == "" {
					t.Fatalf("seed %d: empty stem or explanation", seed)
				}
				for _, text := range append([]string{it.Stem, it.Explanation}, it.Options...) {
					if strings.Count(text, "$")%2 != 0 || strings.Contains(text, "$$") {
						t.Fatalf("seed %d: unbalanced or empty maths in %q", seed, text)
					}
				}
				if err := curriculum.ValidateItem(&it); err != nil {
					t.Fatalf("seed %d: %v\nstem: %s", seed, err, it.Stem)
				}
				if it.Type == curriculum.FillNumber {
					if _, err := curriculum.ParseNumber(it.Answer); err != nil {
						t.Fatalf("seed %d: answer %q: %v", seed, it.Answer, err)
					}
				}
				again, _ := tp.Instance(seed)
				if !reflect.DeepEqual(it, again) {
					t.Fatalf("seed %d is not reproducible", seed)
				}
				distinct[it.Stem+strings.Join(it.Options, "|")] = true
			}
			if len(distinct) < 5 {
				t.Errorf("only %d distinct items over 200 seeds", len(distinct))
			}
		})
	}
}

// TestPrimaryVerifyRejects checks that every Verify catches a wrong answer,
// so a self-check that accepts anything cannot hide.
func TestPrimaryVerifyRejects(t *testing.T) {
	for _, tp := range primary {
		for seed := int64(1); seed <= 20; seed++ {
			it, err := tp.Instance(seed)
			if err != nil {
				t.Fatalf("%s: %v", tp.ID, err)
			}
			bad := it
			switch it.Type {
			case curriculum.SingleChoice:
				bad.Answer = string(rune('A' + (int(it.Answer[0]-'A')+1)%len(it.Options)))
			case curriculum.FillNumber:
				v, _ := curriculum.ParseNumber(it.Answer)
				bad.Answer = decStr(v.Add(v, rat(1)))
			default:
				bad.Answer = it.Answer + "x"
			}
			if tp.Verify(bad) == nil {
				t.Errorf("%s seed %d: Verify accepts wrong answer %q (right: %q)\n%s", tp.ID, seed, bad.Answer, it.Answer, it.Stem)
				break
			}
		}
	}
}

func TestEvalTeX(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{`3+4\times5`, "23"},
		{`(3+4)\times5`, "35"},
		{`[20-(3+5)]\div4`, "3"},
		{`\frac{1}{2}+\frac{1}{3}`, "5/6"},
		{`2\frac{3}{4}`, "11/4"},
		{`2\frac{3}{4}\times4`, "11"},
		{`0.25\times4`, "1"},
		{`35\%`, "7/20"},
		{`12:18`, "2/3"},
		{`-3+5`, "2"},
		{`3x+5`, "17"},
		{`2(x+1)`, "10"},
	}
	for _, tc := range tests {
		got, err := evalTeX(tc.in, map[string]*big.Rat{"x": rat(4)})
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if got.RatString() != tc.want {
			t.Errorf("%s = %s, want %s", tc.in, got.RatString(), tc.want)
		}
	}
	for _, bad := range []string{`3+`, `\frac{1}{0}`, `(1+2`, `\sqrt{2}`, `1\div0`, `y`} {
		if _, err := evalTeX(bad, nil); err == nil {
			t.Errorf("%s: want error", bad)
		}
	}
}
