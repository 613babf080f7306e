package main

import (
	"flag"
	"fmt"

	"github.com/zhixi-org/zhixi/learn"
)

// screeningFlags adds the free screening's policy to a command's flags;
// the returned function checks and returns it after parsing. The defaults
// are documented in learn.Policy; the operator, not the product, decides
// local policy.
func screeningFlags(fs *flag.FlagSet) func() (learn.Policy, error) {
	var p learn.Policy
	fs.IntVar(&p.MinGrade, "screening-min-grade", 1, "lowest grade eligible for the free screening (1 = 一年级)")
	fs.IntVar(&p.MaxGrade, "screening-max-grade", 12, "highest grade eligible for the free screening (12 = 高三)")
	fs.IntVar(&p.MinAnswers, "screening-min-answers", learn.DefaultMinAnswers, "a screening stopped with fewer answers is only paused and keeps the free screening")
	fs.BoolVar(&p.OneInTotal, "screening-one-in-total", false, "one free screening per student in total, instead of one per subject")
	return func() (learn.Policy, error) {
		if p.MinGrade < 1 || p.MaxGrade > 12 || p.MinGrade > p.MaxGrade {
			return p, fmt.Errorf("--screening-min-grade %d, --screening-max-grade %d: want 1 <= min <= max <= 12", p.MinGrade, p.MaxGrade)
		}
		if p.MinAnswers < 1 {
			return p, fmt.Errorf("--screening-min-answers %d: want at least 1", p.MinAnswers)
		}
		return p, nil
	}
}
