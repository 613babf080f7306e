package sim

import (
	"math"
	"testing"
)

// TestGapSE: the paired bootstrap over students. With every student alike
// the gap is exact (no spread); with students of equal size the pooled
// gap is the mean of the per-student gaps and the bootstrap's standard
// error is close to their standard deviation over √n.
func TestGapSE(t *testing.T) {
	student := func(right int) Acc { return Acc{MasteredRight: right, Mastered: 10, NotRight: right, Not: 10} }
	cases := []struct {
		name     string
		a, b     []int   // right answers out of 10 per student, per method
		tolerate float64 // relative tolerance on se
	}{
		{"alike", []int{9, 9, 9, 9}, []int{7, 7, 7, 7}, 0},
		{"varied", []int{10, 9, 8, 10, 7, 9, 10, 8, 9, 10, 6, 9}, []int{9, 9, 6, 8, 7, 6, 10, 8, 7, 9, 6, 8}, 0.15},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var a, b MethodResult
			var d []float64
			for i := range tc.a {
				a.Final = append(a.Final, student(tc.a[i]))
				b.Final = append(b.Final, student(tc.b[i]))
				d = append(d, float64(tc.a[i]-tc.b[i])/10)
			}
			mean, sd := 0.0, 0.0
			for _, x := range d {
				mean += x / float64(len(d))
			}
			for _, x := range d {
				sd += (x - mean) * (x - mean) / float64(len(d))
			}
			want := math.Sqrt(sd / float64(len(d)))
			gap, se := GapSE(a, b)
			if math.Abs(gap-mean) > 1e-12 {
				t.Errorf("gap %v, want the mean per-student gap %v", gap, mean)
			}
			if math.Abs(se-want) > tc.tolerate*want+1e-6 {
				t.Errorf("standard error %v, want about %v", se, want)
			}
		})
	}
}
