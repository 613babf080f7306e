package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/zhixi-org/zhixi/content"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/curriculum/mathtpl"
	"github.com/zhixi-org/zhixi/learn"
	"github.com/zhixi-org/zhixi/practice"
	psim "github.com/zhixi-org/zhixi/practice/sim"
)

// runSimPractice is `zhixi sim practice`: simulated learners (a learning
// and forgetting model other than the engine's) screened by the real
// screening engine, then practising with the real practice engine or a
// baseline, on the shipped maths.
func runSimPractice(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "sim practice", "[flags]")
	learners := fs.Int("learners", 40, "simulated learners per population")
	seed := fs.Uint64("seed", 1, "random seed")
	pops := fs.String("populations", "typical,gaps", "learner populations: typical, gaps (early points missing)")
	grades := fs.String("grades", "3,4,5,6", "the learners' grades, drawn uniformly")
	days := fs.Int("days", 10, "practice days, one session each")
	perDay := fs.Int("per-day", 20, "answers per session")
	model := fs.String("model", "bkt", "the engine's model: bkt, or zx-lr fitted on the answers of other simulated learners (shown beside bkt)")
	trainLearners := fs.Int("train-learners", 200, "with --model zx-lr: simulated learners per population whose answers (screening and practice under BKT) zx-lr is fitted on")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *model != "bkt" && *model != "zx-lr" {
		return fmt.Errorf("sim practice: unknown model %q (want bkt or zx-lr)", *model)
	}
	gs, err := parseInts(*grades)
	if err != nil {
		return fmt.Errorf("sim practice: --grades: %w", err)
	}
	bank, err := curriculum.Load(content.FS, curriculum.LoadOptions{Templates: mathtpl.All()})
	if err != nil {
		return fmt.Errorf("sim practice: %w", err)
	}
	g, err := bank.Graph("math")
	if err != nil {
		return fmt.Errorf("sim practice: %w", err)
	}
	items, err := learn.Items(bank, "math") // the items practice serves on the platform
	if err != nil {
		return fmt.Errorf("sim practice: %w", err)
	}
	engine := psim.Engine(func() (*practice.Engine, error) {
		e, err := practice.New(g, items, nil, nil, practice.DefaultConfig())
		if err == nil {
			e.SetGrades(bank.Grade) // as the platform does (some points take their grade from the chapter)
		}
		return e, err
	})
	fmt.Fprintf(e.stdout, "zhixi sim practice: shipped maths, %d learners per population, grades %v, %d days × %d answers, seed %d\n",
		*learners, gs, *days, *perDay, *seed)
	for _, name := range splitList(*pops) {
		pop, ok := psim.Populations[name]
		if !ok {
			return fmt.Errorf("sim practice: unknown population %q (want typical or gaps)", name)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		started := time.Now()
		cfg := psim.Config{Graph: g, Items: items, Population: pop, Grades: gs, Learners: *learners, Days: *days, PerDay: *perDay,
			Seed: *seed, Policies: []psim.NamedPolicy{engine, psim.RandomOwnGrade, psim.Frontier}}
		fmt.Fprintf(e.stdout, "\npopulation %s\n", pop.Name)
		if *model == "zx-lr" {
			fitStart, tc := time.Now(), cfg
			tc.Learners, tc.Seed = *trainLearners, cfg.Seed+1000 // other learners than the reported ones
			fit, err := psim.FitLogistic(ctx, tc, engine, "zx-lr", learn.Candidates)
			if err != nil {
				return fmt.Errorf("sim practice: %w", err)
			}
			fmt.Fprintf(e.stdout, "zx-lr fitted on %d answers of %d other learners (seed %d, screening and practice under BKT); held-out AUC on %d answers of one learner in five:",
				fit.Answers, tc.Learners, tc.Seed, fit.TestAnswers)
			for _, name := range learn.Candidates {
				fmt.Fprintf(e.stdout, " %s %.3f", name, fit.AUC[name])
			}
			fmt.Fprintf(e.stdout, " (%.1fs)\n", time.Since(fitStart).Seconds())
			tr := fit.Tracer
			zx := psim.NamedEngine("engine-zx-lr", func() (*practice.Engine, error) {
				e, err := practice.New(g, items, nil, nil, practice.DefaultConfig())
				if err == nil {
					e.SetGrades(bank.Grade)
					e.SetHistoryModel(practice.LogisticModel(tr))
				}
				return e, err
			})
			cfg.Policies = append([]psim.NamedPolicy{engine, zx}, cfg.Policies[1:]...)
		}
		res, err := psim.Run(cfg)
		if err != nil {
			return fmt.Errorf("sim practice: %w", err)
		}
		fmt.Fprintf(e.stdout, "practice (%.1fs)\n", time.Since(started).Seconds())
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "policy\tanswers\tmastered\tper 100\tkept 30 d\tkept per 100\tabove grade\t")
		for _, r := range res {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%.2f\t%d\t%.2f\t%d\t\n", r.Name, r.Answers, r.Gained, r.PerHundred(), r.Kept, r.KeptPerHundred(), r.AboveGrade)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}
