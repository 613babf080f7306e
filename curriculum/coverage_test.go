package curriculum

import (
	"slices"
	"testing"
)

func TestCoverageAndCovers(t *testing.T) {
	difficult := "subject: math\nknowledge_points:\n  - {id: math.g5.c, name: C, grade: 5}\n  - {id: math.g10.d, name: D, grade: 10}\n" +
		"items:\n  - {id: math.g5.c.9, type: fill_number, stem: 已校准, answer: \"1\", difficulty: 0.5, knowledge_points: [math.g5.c]}\n" + items("math.g5.c", 2)
	b := mustLoad(t, map[string]string{"math/base.yaml": baseMath, "math/extra.yaml": difficult})
	cov := b.Coverage("math")
	if g3 := cov[3]; g3 == nil || *g3 != (GradeCoverage{KnowledgePoints: 2, Items: 6}) {
		t.Errorf("grade 3 = %+v", g3)
	}
	if g5 := cov[5]; g5 == nil || *g5 != (GradeCoverage{KnowledgePoints: 1, Items: 3, Calibrated: 1}) {
		t.Errorf("grade 5 = %+v", g5)
	}
	if got := b.Grades("math"); !slices.Equal(got, []int{3, 5, 10}) {
		t.Errorf("Grades = %v", got)
	}
	// Grade 10 has a point but no items: not covered; nor is grade 4.
	for g, want := range map[int]bool{3: true, 4: false, 5: true, 10: false} {
		if got := b.Covers("math", g); got != want {
			t.Errorf("Covers(math, %d) = %v, want %v", g, got, want)
		}
	}
	if b.Covers("physics", 8) || len(b.Coverage("physics")) != 0 {
		t.Error("a subject that is not loaded covers something")
	}
}
