package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/content"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/curriculum/mathtpl"
	"github.com/zhixi-org/zhixi/kt"
	"github.com/zhixi-org/zhixi/learn"
	"github.com/zhixi-org/zhixi/screening"
	"github.com/zhixi-org/zhixi/store"
)

func init() {
	register(command{name: "kt", summary: "knowledge tracing: eval, eval-cd, fit", run: runKT})
}

const ktUsage = `usage: zhixi kt <subcommand> [flags]

subcommands:
  eval     fit models on a training answer log and score them on a test log
  eval-cd  fit DINA cognitive diagnosis and score it on held-out answers
  fit        fit the practice models and calibrate the items on the platform's answer log, and save them
  calibrate  estimate every item's slip and guess from an answer file`

func runKT(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, ktUsage)
		return errUsage
	}
	switch args[0] {
	case "eval":
		return runKTEval(ctx, e, args[1:])
	case "eval-cd":
		return runKTEvalCD(ctx, e, args[1:])
	case "fit":
		return runKTFit(ctx, e, args[1:])
	case "calibrate":
		return runKTCalibrate(e, args[1:])
	case "-h", "--help", "help":
		fmt.Fprintln(e.stderr, ktUsage)
		return nil
	}
	fmt.Fprintf(e.stderr, "zhixi kt: unknown subcommand %q\n%s\n", args[0], ktUsage)
	return errUsage
}

func runKTEval(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "kt eval", "--train FILE --test FILE --model NAME|all [--seed N]")
	train := fs.String("train", "", "training answer log, CSV or TSV with a header (required)")
	test := fs.String("test", "", "test answer log; its students must not be in --train (required)")
	model := fs.String("model", "", "model: "+strings.Join(kt.ModelNames, ", ")+", or all (required)")
	seed := fs.Uint64("seed", 1, "random seed (BKT restarts)")
	restarts := fs.Int("restarts", 20, "random EM restarts per skill for BKT")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *train == "" || *test == "" || *model == "" {
		fmt.Fprintln(e.stderr, "zhixi kt eval: --train, --test and --model are required")
		fs.Usage()
		return errUsage
	}
	names := []string{*model}
	if *model == "all" {
		names = kt.ModelNames
	} else if _, err := kt.New(*model, kt.Options{}); err != nil {
		return err
	}
	v := kt.NewVocab()
	trainData, err := readAnswerFile(*train, v)
	if err != nil {
		return err
	}
	testData, err := readAnswerFile(*test, v)
	if err != nil {
		return err
	}
	o := kt.Options{Seed: *seed, Restarts: *restarts}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "model\tAUC\tACC\tRMSE\trows\tfit s\t")
	for _, name := range names {
		fmt.Fprintf(e.stderr, "fitting %s ...\n", name)
		r, err := kt.Evaluate(ctx, name, o, trainData, testData)
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%.4f\t%d\t%.2f\t\n", name, r.AUC, r.Accuracy, r.RMSE, r.N, r.Fit.Seconds())
	}
	return tw.Flush()
}

func readAnswerFile(path string, v *kt.Vocab) (*kt.Dataset, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d, err := kt.ReadAnswers(f, v)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

func readMatrixFile(path string) ([][]int8, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := kt.ReadMatrix(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

func runKTEvalCD(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "kt eval-cd", "--responses FILE --q FILE [--seed N] [--test-frac F]")
	respPath := fs.String("responses", "", "student x item 0/1 matrix, whitespace-separated (required)")
	qPath := fs.String("q", "", "item x skill 0/1 Q-matrix (required)")
	seed := fs.Uint64("seed", 1, "random seed for the per-student item split")
	frac := fs.Float64("test-frac", 0.2, "share of each student's answers held out")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *respPath == "" || *qPath == "" {
		fmt.Fprintln(e.stderr, "zhixi kt eval-cd: --responses and --q are required")
		fs.Usage()
		return errUsage
	}
	if !(*frac > 0 && *frac < 1) {
		return fmt.Errorf("--test-frac %v: want a share between 0 and 1", *frac)
	}
	resp, err := readMatrixFile(*respPath)
	if err != nil {
		return err
	}
	qm, err := readMatrixFile(*qPath)
	if err != nil {
		return err
	}
	q := make([][]bool, len(qm))
	for i, row := range qm {
		q[i] = make([]bool, len(row))
		for k, v := range row {
			q[i][k] = v == 1
		}
	}
	start := time.Now()
	m, err := kt.EvaluateDINA(ctx, resp, q, *frac, *seed)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "model\tAUC\tACC\tRMSE\tanswers\tfit s\t")
	fmt.Fprintf(tw, "dina\t%.4f\t%.4f\t%.4f\t%d\t%.2f\t\n", m.AUC, m.Accuracy, m.RMSE, m.N, time.Since(start).Seconds())
	return tw.Flush()
}

func runKTFit(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "kt fit", "[--db DSN] [--seed N]")
	seed := fs.Uint64("seed", 1, "random seed (BKT restarts)")
	restarts := fs.Int("restarts", 20, "random EM restarts per knowledge point")
	resolveDSN := dbFlags(e, fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	dsn, err := resolveDSN()
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, dsn, slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer db.Close()
	bank, err := curriculum.Load(content.FS, curriculum.LoadOptions{Templates: mathtpl.All()})
	if err != nil {
		return fmt.Errorf("load the shipped curriculum: %w", err)
	}
	return fitPracticeModels(ctx, db, e.stdout, kt.Options{Seed: *seed, Restarts: *restarts}, learn.ContentPrior(bank), time.Now())
}

func runKTCalibrate(e *env, args []string) error {
	fs := newFlags(e, "kt calibrate", "--answers FILE [--slip P --guess P --strength N]")
	answers := fs.String("answers", "", "answer log, CSV or TSV with a header: user_id, item_id, skill_id or skill_name, correct (required)")
	slip := fs.Float64("slip", screening.DefaultSlip, "prior slip of an item not in the shipped content")
	guess := fs.Float64("guess", 0.2, "prior guess of an item not in the shipped content")
	strength := fs.Float64("strength", 10, "prior weight in answers: an item with this many answers is half prior, half data")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *answers == "" {
		fmt.Fprintln(e.stderr, "zhixi kt calibrate: --answers is required")
		fs.Usage()
		return errUsage
	}
	d, err := readAnswerFile(*answers, kt.NewVocab())
	if err != nil {
		return err
	}
	if !d.HasItems {
		return fmt.Errorf("kt calibrate: %s has no item column; slip and guess are per item", *answers)
	}
	bank, err := curriculum.Load(content.FS, curriculum.LoadOptions{Templates: mathtpl.All()})
	if err != nil {
		return fmt.Errorf("load the shipped curriculum: %w", err)
	}
	prior := func(id string) (float64, float64) {
		if it, ok := bank.Item(id); ok {
			return screening.DefaultSlip, screening.DefaultGuess(it)
		}
		return *slip, *guess
	}
	items := kt.Calibration{Prior: prior, Strength: *strength}.Fit(d)
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "item	answers	correct	slip	guess	flag")
	suspect := 0
	for _, p := range items {
		flag := ""
		if p.Suspect {
			flag, suspect = "suspect: wrong key or ambiguous stem?", suspect+1
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.3f\t%.3f\t%s\n", p.Item, p.Answers, p.Correct, p.Slip, p.Guess, flag)
	}
	fmt.Fprintf(tw, "# %d items, %d flagged\n", len(items), suspect)
	return tw.Flush()
}

// fitPracticeModels fits the practice models on every recorded attempt
// (see learn.FitModels) and says what it did.
func fitPracticeModels(ctx context.Context, ls zhixi.LearningService, w io.Writer, o kt.Options, prior learn.ItemPrior, now time.Time) error {
	rep, err := learn.FitModels(ctx, ls, o, prior, now)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%d attempts by %d students on %d knowledge points (%d without knowledge points ignored)\n",
		rep.Attempts, rep.Students, rep.KnowledgePoints, rep.Ignored)
	for _, m := range rep.Models {
		fmt.Fprintf(w, "saved %s: %d knowledge points, log-likelihood %.1f, fit %.2f s\n", m.Name, rep.KnowledgePoints, m.LogLik, m.Seconds)
	}
	fmt.Fprintf(w, "saved %s: %d items, %d flagged as a possible wrong key or ambiguous stem\n", learn.ModelItemParams, rep.Items, rep.Suspect)
	for _, c := range rep.Choice {
		fmt.Fprintf(w, "%s: %s chosen on %d held-out answers; AUC", c.Subject, c.Best, c.TestAnswers)
		for _, name := range learn.Candidates {
			if a, ok := c.AUC[name]; ok {
				fmt.Fprintf(w, " %s %.3f", name, a)
			}
		}
		if len(c.AUC) == 0 {
			fmt.Fprintf(w, " not measured (fewer than %d held-out answers)", learn.MinTestAnswers)
		}
		fmt.Fprintln(w)
	}
	for _, name := range rep.Logistic {
		fmt.Fprintf(w, "saved %s: fitted on all the subject's answers; practice serves it\n", name)
	}
	return nil
}
