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

// secondaryKPs reads the knowledge point ids of every maths YAML file.
func secondaryKPs(t *testing.T) map[string]bool {
	t.Helper()
	files, err := filepath.Glob("../../content/math/g*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no maths content found: %v", err)
	}
	ids := map[string]bool{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var s curriculum.Subject
		if err := yaml.Unmarshal(data, &s); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, kp := range s.KnowledgePoints {
			ids[kp.ID] = true
		}
	}
	return ids
}

func TestSecondaryTemplates(t *testing.T) {
	kps := secondaryKPs(t)
	seen := map[string]bool{}
	for _, tp := range secondary {
		t.Run(tp.ID, func(t *testing.T) {
			if seen[tp.ID] {
				t.Fatalf("template id %s used twice", tp.ID)
			}
			seen[tp.ID] = true
			if !strings.HasPrefix(tp.ID, "math.g") || tp.Generate == nil || tp.Verify == nil {
				t.Fatalf("template %s is incomplete", tp.ID)
			}
			for _, kp := range tp.KnowledgePoints {
				if !kps[kp] {
					t.Errorf("knowledge point %s is not in content/math", kp)
				}
			}
			for seed := int64(0); seed < 200; seed++ {
				it, err := tp.Instance(seed)
				if err != nil {
					t.Fatalf("seed %d: %v\nstem: %s\nanswer: %s", seed, err, it.Stem, it.Answer)
				}
				again, err := tp.Instance(seed)
				if err != nil || !reflect.DeepEqual(it, again) {
					t.Fatalf("seed %d does not reproduce its item", seed)
				}
				if strings.TrimSpace(it.Answer) == "" || it.Stem == "" || it.Explanation == "" {
					t.Fatalf("seed %d: empty stem, answer or explanation", seed)
				}
				if err := curriculum.ValidateItem(&it); err != nil {
					t.Fatalf("seed %d: %v\nstem: %s", seed, err, it.Stem)
				}
			}
		})
	}
}

// TestSecondaryVerifyCatchesWrongAnswers checks that each Verify really
// recomputes: a fill item with its answer shifted must be rejected.
func TestSecondaryVerifyCatchesWrongAnswers(t *testing.T) {
	for _, tp := range secondary {
		it, err := tp.Instance(1)
		if err != nil {
			t.Fatalf("%s: %v", tp.ID, err)
		}
		switch it.Type {
		case curriculum.FillNumber:
			v, ok := new(big.Rat).SetString(it.Answer)
			if !ok {
				t.Fatalf("%s: answer %q", tp.ID, it.Answer)
			}
			it.Answer = v.Add(v, big.NewRat(1, 7)).RatString()
		case curriculum.FillExpr:
			it.Answer += "+1"
		case curriculum.SingleChoice:
			it.Answer = string(rune('A' + (int(it.Answer[0]-'A')+1)%len(it.Options)))
		default:
			continue
		}
		if tp.Verify(it) == nil {
			t.Errorf("%s: Verify accepts the wrong answer %q", tp.ID, it.Answer)
		}
	}
}

func TestEvalAlg(t *testing.T) {
	cases := []struct {
		expr string
		x    int64
		want string
	}{
		{"-3^2+(-2)^3", 0, "-17"},
		{`(\frac{1}{2})^{-2}`, 0, "4"},
		{`8^{\frac{2}{3}}`, 0, "4"},
		{"|-5|-|2-7|", 0, "0"},
		{"2x^2-3x+1", -2, "15"},
		{`\frac{x+1}{x-1}`, 3, "2"},
		{`(x^{2})^{3}\div x^4`, 2, "4"},
		{`(-1)^{2025}`, 0, "-1"},
	}
	for _, c := range cases {
		got, err := algAt(c.expr, "x", big.NewRat(c.x, 1))
		if err != nil {
			t.Errorf("%s: %v", c.expr, err)
			continue
		}
		if got.RatString() != c.want {
			t.Errorf("%s at x=%d = %s, want %s", c.expr, c.x, got.RatString(), c.want)
		}
	}
	for _, bad := range []string{"2^{1/2}", "|3", "0^{-1}", "^2", `\frac{1}{0}`} {
		if _, err := evalAlg(strings.ReplaceAll(bad, "1/2", `\frac{1}{2}`), nil); err == nil {
			t.Errorf("%s: want an error", bad)
		}
	}
}

func FuzzEvalAlg(f *testing.F) {
	for _, s := range []string{"-3^2+(-2)^3", `\frac{x}{2}^{2}`, "|x-|", "x^{x}", "((2)^3)^2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 64 {
			return
		}
		_, _ = evalAlg(s, map[string]*big.Rat{"x": big.NewRat(3, 2)}) // must not panic
	})
}
