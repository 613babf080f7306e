package sim

import "github.com/zhixi-org/zhixi/practice"

// tuningVariants are configurations TestTuningSet compares with the
// default. Tried for issue 12 (docs/practice.md has the figures): the old
// schedule 1-3-7-21-60-180 days with one review in 4 answers; 1-2-4-7-…
// (alone and with one review in 3); one review in 2 or 3 alone; 1-1-2-4-7-…,
// 1-1-1-2-4-7-… and 1-1-1-1-2-4-7-… with one review in 2 or 3. The
// default became 1-1-1-2-4-7-21-60-180 with one review in 3.
var tuningVariants = map[string]func(*practice.Config){}
