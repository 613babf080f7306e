package kt

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// sharedData finds the shared evaluation data: a directory shared/data
// next to the repository root, found by walking up from the package dir.
func sharedData(t testing.TB, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		p := filepath.Join(dir, "shared", "data", rel)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skipf("evaluation data %s not found: put the shared data folder at ../shared/data next to the repository root (see docs/kt.md)", rel)
		}
		dir = parent
	}
}

// heavy skips full real-data fits in -short mode and under the race
// detector, which slows the tight fitting loops 5-10x; the smaller
// real-data tests still run there.
func heavy(t testing.TB) {
	t.Helper()
	if testing.Short() || raceOn {
		t.Skip("full real-data fit skipped in -short mode and under -race; run go test ./kt without them")
	}
}

func loadPair(t testing.TB, train, test string) (*Dataset, *Dataset) {
	t.Helper()
	v := NewVocab()
	var out [2]*Dataset
	for i, name := range []string{train, test} {
		path := sharedData(t, filepath.Join("assist2009", name))
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		d, err := ReadAnswers(f, v)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out[i] = d
	}
	return out[0], out[1]
}

func TestRealDataShape(t *testing.T) {
	for _, c := range []struct {
		train, test           string
		trainRows, testRows   int
		trainUsers, testUsers int
	}{
		{"assist09_gervet_train.tsv", "assist09_gervet_test.tsv", 220070, 58266, 2491, 623},
		{"assist09_dkt_train.csv", "assist09_dkt_test.csv", 407967, 117567, 3361, 856},
	} {
		tr, te := loadPair(t, c.train, c.test)
		if tr.Rows != c.trainRows || te.Rows != c.testRows || len(tr.Seqs) != c.trainUsers || len(te.Seqs) != c.testUsers {
			t.Errorf("%s/%s: rows %d/%d users %d/%d, want %d/%d and %d/%d", c.train, c.test,
				tr.Rows, te.Rows, len(tr.Seqs), len(te.Seqs), c.trainRows, c.testRows, c.trainUsers, c.testUsers)
		}
	}
}

func evaluate(t *testing.T, name string, o Options, train, test *Dataset) Result {
	t.Helper()
	r, err := Evaluate(context.Background(), name, o, train, test)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%-10s AUC %.4f ACC %.4f RMSE %.4f fit %v", name, r.AUC, r.Accuracy, r.RMSE, r.Fit.Round(time.Millisecond))
	return r
}

// TestGervetTargets checks the targets on the Gervet split and that our
// model beats every other model. Best-LR reaches .768, short of the
// published .77 (docs/kt.md explains), so its bound is .765.
func TestGervetTargets(t *testing.T) {
	heavy(t)
	tr, te := loadPair(t, "assist09_gervet_train.tsv", "assist09_gervet_test.tsv")
	min := map[string]float64{"bkt": 0.715, "best-lr": 0.765, "zx-lr": 0.78}
	auc := map[string]float64{}
	for _, name := range ModelNames {
		r := evaluate(t, name, Options{Seed: 1, Restarts: 5}, tr, te)
		auc[name] = r.AUC
		if r.AUC < min[name] {
			t.Errorf("%s AUC %.4f, want >= %.3f", name, r.AUC, min[name])
		}
	}
	for name, a := range auc {
		if name != "zx-lr" && a >= auc["zx-lr"] {
			t.Errorf("%s AUC %.4f is not below zx-lr %.4f", name, a, auc["zx-lr"])
		}
	}
}

// TestDKTSplitBKT checks BKT on the DKT split. pyBKT reaches .760 without
// forgetting, we reach .7593 (.7593-.7595 over seeds 1-3; docs/kt.md), so
// that bound is .755; with P(known) carried as one float we had .7323.
func TestDKTSplitBKT(t *testing.T) {
	heavy(t)
	tr, te := loadPair(t, "assist09_dkt_train.csv", "assist09_dkt_test.csv")
	for name, want := range map[string]float64{"bkt": 0.755, "bkt-forget": 0.82} {
		if r := evaluate(t, name, Options{Seed: 1, Restarts: 20}, tr, te); r.AUC < want {
			t.Errorf("%s AUC %.4f, want >= %.2f", name, r.AUC, want)
		}
	}
}

// BenchmarkBKTFitDKT times the 20-restart BKT fits on the DKT split.
func BenchmarkBKTFitDKT(b *testing.B) {
	tr, _ := loadPair(b, "assist09_dkt_train.csv", "assist09_dkt_test.csv")
	for _, forget := range []bool{false, true} {
		name := "bkt"
		if forget {
			name = "bkt-forget"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				m := &BKT{Options: Options{Seed: 1, Restarts: 20}, Forget: forget}
				if err := m.Fit(context.Background(), tr); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
