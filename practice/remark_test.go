package practice

import (
	"testing"

	"github.com/zhixi-org/zhixi/screening"
)

// TestRemark: a newer screening's path replaces the old one. The first
// screening found g4.a and g4.b missing; the newer one finds them
// mastered and g3.a (which practice had mastered) missing, a root cause,
// with g4.c uncertain on the frontier (practice has it mastered from the
// first screening: only a point found not mastered is re-opened). The
// focus (g4.b) is dropped when it leaves the path and kept otherwise.
func TestRemark(t *testing.T) {
	pr := func(id string, p float64, s screening.State) screening.PointResult {
		return screening.PointResult{ID: id, P: p, State: s}
	}
	newer := &screening.Result{
		KnowledgePoints: []screening.PointResult{
			pr("g3.a", 0.06, screening.NotMastered), pr("g4.a", 0.95, screening.Mastered),
			pr("g4.b", 0.93, screening.Mastered), pr("g4.c", 0.5, screening.Uncertain)},
		ReadyToLearn: []string{"g3.a", "g4.c"},
		RootCauses:   []screening.RootCause{{ID: "g3.a", P: 0.06, Explains: []string{"g4.c.fill"}}},
	}
	cases := []struct {
		name      string
		res       *screening.Result
		path, gap []string
		first     string
	}{
		{"newer screening", newer, []string{"g3.a"}, []string{"g3.a"}, "g3.a"},
		{"same screening again", grade4Screening(), []string{"g4.a", "g4.b"}, []string{"g4.a", "g4.b"}, "g4.b"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := gradeEngine(t, nil)
			st := startGrade4(t, e)
			if !st.Points["g3.a"].Mastered {
				t.Fatal("fixture: g3.a should start mastered")
			}
			st.Focus = "g4.b"
			if _, err := e.Next(st, t0, rng(2)); err != nil {
				t.Fatal(err)
			}
			if err := e.Remark(st, tc.res, t0); err != nil {
				t.Fatal(err)
			}
			want := map[string][2]bool{}
			for _, id := range tc.path {
				want[id] = [2]bool{true, false}
			}
			for _, id := range tc.gap {
				want[id] = [2]bool{true, true}
			}
			for id, pt := range st.Points {
				if got := [2]bool{pt.Path, pt.Gap}; got != want[id] {
					t.Errorf("%s: path/gap %v, want %v", id, got, want[id])
				}
			}
			if st.Pending != nil {
				t.Errorf("pending %+v kept after the remark", st.Pending)
			}
			c, err := e.Next(st, t0, rng(1))
			if err != nil {
				t.Fatal(err)
			}
			if c.KP != tc.first || c.Reason.Code != ReasonPath {
				t.Errorf("first choice after the remark: %s (%s), want %s on the path", c.KP, c.Reason.Code, tc.first)
			}
		})
	}
	if err := gradeEngine(t, nil).Remark(&State{}, nil, t0); err == nil {
		t.Error("Remark without a result: no error")
	}
}
