package main

import (
	"context"
	"fmt"
	"html"
	"io"
	"math"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/zhixi-org/zhixi/content"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/curriculum/mathtpl"
	"github.com/zhixi-org/zhixi/screening"
	"github.com/zhixi-org/zhixi/screening/sim"
)

func init() {
	register(command{name: "sim", summary: "benchmark the screening engine on simulated students", run: runSim})
}

// simScope is a named bank to evaluate on.
type simScope struct {
	name string
	// load returns the subject and the scope (nil: all of it).
	load func() (*curriculum.Subject, []string, error)
}

// build compiles the scope with items calibrated to the simulated noise,
// as if the bank's parameters had been estimated.
func (sc simScope) build(slip, guess float64) (*screening.Bank, error) {
	return sc.bankWith(func(items []curriculum.Item) []curriculum.Item {
		for i := range items {
			items[i].Slip, items[i].Guess = &slip, &guess
		}
		return items
	})
}

// bankWith compiles the scope with its items rewritten by edit (on a copy).
func (sc simScope) bankWith(edit func([]curriculum.Item) []curriculum.Item) (*screening.Bank, error) {
	subj, scope, err := sc.load()
	if err != nil {
		return nil, err
	}
	c := *subj
	c.Items = edit(slices.Clone(subj.Items))
	return bankOf(&c, scope)
}

func runSim(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "practice" {
		return runSimPractice(ctx, e, args[1:])
	}
	fs := newFlags(e, "sim", "[flags] | practice [flags]")
	students := fs.Int("students", 100, "simulated students per scope, population and noise")
	seed := fs.Uint64("seed", 1, "random seed (students, answers, engine)")
	scopes := fs.String("scopes", "math:1-8,gen:144,gen:1000", "comma-separated scopes: math:LO-HI (shipped maths, grades LO..HI) or gen:N[/G] (generated curriculum-like graph of N points over grades 1..G, default 12)")
	pops := fs.String("populations", "typical,gaps,random,mixed", "student populations: typical, gaps, random, mixed, uniform (every downset equally likely), typical+uniform (half each)")
	noise := fs.String("noise", "0.1/0.25,0.05/0.1", "comma-separated slip/guess pairs the students answer with")
	budget := fs.Int("max-questions", 30, "questions per student")
	at := fs.String("at", "10,20,30", "question counts to report accuracy at")
	methods := fs.String("methods", "engine,oracle,indep,random,topo", "methods to compare")
	particles := fs.Int("particles", 0, "engine particles (0 = default)")
	lookahead := fs.Int("lookahead", 0, "engine lookahead candidates (0 = default)")
	moves := fs.Int("move-steps", 0, "engine MCMC proposals per particle after resampling (0 = default, -1 = none)")
	contamination := fs.Float64("contamination", 0, "engine contamination: share of answers the model cannot explain (0 = default, -1 = none)")
	fitZ := fs.Float64("fit-z", 0, "engine stopping rule: surprise beyond its expectation, in standard deviations, that keeps a confident screening going (0 = default, -1 = none)")
	fitChecks := fs.Int("fit-checks", 0, "engine stopping rule: answers wanted while every point is already classified (0 = default, -1 = none)")
	oracleParticles := fs.Int("oracle-particles", 10000, "oracle particles")
	workers := fs.Int("workers", runtime.NumCPU(), "students simulated in parallel (timings are per decision, measured inside each worker)")
	csvPath := fs.String("csv", "", "write accuracy-versus-questions curves to this CSV file")
	svgPath := fs.String("svg", "", "write an accuracy-versus-questions chart (first scope, population and noise) to this SVG file")
	worlds := fs.String("worlds", "", "held-out worlds instead of --populations and --noise: typical-x, mixed-x (continuous ability per point, soft graph, per-item slip/guess the engine does not know, grade told wrong now and then)")
	calibration := fs.String("calibration", "none,wrong", "with --worlds: what the engine is told about items: none (uncalibrated, type defaults) or wrong (slip/guess that look calibrated but are not)")
	graphStats := fs.Bool("graph-stats", false, "only describe each scope's graph (shape, estimated downsets, uniform-chain mixing check) and exit")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	engineCfg := screening.Config{Particles: *particles, Lookahead: *lookahead, MoveSteps: *moves, Contamination: *contamination,
		FitZ: *fitZ, FitChecks: *fitChecks}
	checkpoints, err := parseInts(*at)
	if err != nil {
		return fmt.Errorf("sim: --at: %w", err)
	}
	noises, err := parseNoise(*noise)
	if err != nil {
		return fmt.Errorf("sim: --noise: %w", err)
	}
	var scs []simScope
	for _, s := range splitList(*scopes) {
		sc, err := parseSimScope(s, *seed)
		if err != nil {
			return fmt.Errorf("sim: --scopes: %w", err)
		}
		scs = append(scs, sc)
	}
	if *graphStats {
		return printGraphStats(e.stdout, scs, *seed)
	}
	if *worlds != "" {
		return runWorlds(ctx, e, worldRun{scopes: scs, worlds: splitList(*worlds), calibration: splitList(*calibration), students: *students,
			seed: *seed, budget: *budget, checkpoints: checkpoints, methods: *methods, oracleParticles: *oracleParticles, workers: *workers,
			engine: engineCfg})
	}
	var popList []sim.Population
	for _, p := range splitList(*pops) {
		pop, ok := sim.Populations[p]
		if !ok {
			return fmt.Errorf("sim: unknown population %q (want typical, gaps, random, mixed, uniform or typical+uniform)", p)
		}
		popList = append(popList, pop)
	}
	var csvOut io.Writer
	if *csvPath != "" {
		f, err := os.Create(*csvPath)
		if err != nil {
			return fmt.Errorf("sim: %w", err)
		}
		defer f.Close()
		csvOut = f
		fmt.Fprintln(f, "scope,population,slip,guess,method,questions,balanced,acc_mastered,acc_not_mastered")
	}
	var chart *simChart
	fmt.Fprintf(e.stdout, "zhixi sim: %d students per row, %d questions, seed %d\n", *students, *budget, *seed)
	for _, sc := range scs {
		for _, nz := range noises {
			b, err := sc.build(nz[0], nz[1])
			if err != nil {
				return fmt.Errorf("sim: scope %s: %w", sc.name, err)
			}
			for _, pop := range popList {
				if err := ctx.Err(); err != nil {
					return err
				}
				ms, err := pickMethods(*methods, pop, engineCfg, *oracleParticles)
				if err != nil {
					return fmt.Errorf("sim: --methods: %w", err)
				}
				cfg := sim.Config{Bank: b, Population: pop, Slip: nz[0], Guess: nz[1], Students: *students, Seed: *seed,
					Budget: *budget, Methods: ms, Mastered: 0.85, NotMastered: 0.15, Workers: *workers}
				started := time.Now()
				res := sim.Run(cfg)
				lo, hi := b.Grades()
				fmt.Fprintf(e.stdout, "\nscope %s (%d points, %d without items, %d items, grades %d-%d)  population %s  slip %.2f guess %.2f  (%.1fs)\n",
					sc.name, b.Len(), len(b.Unmeasured()), b.NumItems(), lo, hi, pop.Name, nz[0], nz[1], time.Since(started).Seconds())
				printSimTable(e.stdout, res, checkpoints, *budget)
				printGap(e.stdout, res, *budget)
				if csvOut != nil {
					for _, r := range res {
						for q, a := range r.Curve {
							fmt.Fprintf(csvOut, "%s,%s,%.2f,%.2f,%s,%d,%.4f,%.4f,%.4f\n", sc.name, pop.Name, nz[0], nz[1], r.Name, q, a.Balanced(), a.MasteredAcc(), a.NotAcc())
						}
					}
				}
				if chart == nil {
					chart = &simChart{title: fmt.Sprintf("%s, %s students, slip %.2f guess %.2f, %d students", sc.name, pop.Name, nz[0], nz[1], *students), res: res}
				}
			}
		}
	}
	if *svgPath != "" && chart != nil {
		if err := os.WriteFile(*svgPath, []byte(chart.svg()), 0o644); err != nil {
			return fmt.Errorf("sim: %w", err)
		}
	}
	return nil
}

// printGraphStats describes every scope's graph, to compare generated
// graphs with the real curriculum: a graph with few downsets is easy to
// screen.
func printGraphStats(w io.Writer, scs []simScope, seed uint64) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scope\tpoints\tedges/point\tsources\tdepth max\tmean\twidth max\tancestors mean\tlog10 downsets\tuniform size A\tB\tmax marginal diff\t")
	for _, sc := range scs {
		b, err := sc.build(0.1, 0.25)
		if err != nil {
			return fmt.Errorf("sim: scope %s: %w", sc.name, err)
		}
		st := sim.Stats(b, seed)
		a, bb, diff := sim.MixingCheck(b, seed, 400, 8, 2000)
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%d\t%d\t%.1f\t%d\t%.1f\t%.1f\t%.3f\t%.3f\t%.3f\t\n", sc.name, st.Points, st.EdgesPerPoint, st.Sources,
			st.MaxDepth, st.MeanDepth, st.MaxWidth, st.MeanAncestors, st.Log10Downsets, a, bb, diff)
	}
	return tw.Flush()
}

// printGap prints the engine's distance to the oracle with its standard
// error, when both ran.
func printGap(w io.Writer, res []sim.MethodResult, budget int) {
	ei := slices.IndexFunc(res, func(r sim.MethodResult) bool { return r.Name == "engine" })
	oi := slices.IndexFunc(res, func(r sim.MethodResult) bool { return r.Name == "oracle" })
	if ei < 0 || oi < 0 {
		return
	}
	gap, se := sim.GapSE(res[ei], res[oi])
	fmt.Fprintf(w, "  engine - oracle BA@%d: %+.3f ± %.3f (paired bootstrap standard error over %d students)\n", budget, gap, se, len(res[ei].Final))
}

func printSimTable(w io.Writer, res []sim.MethodResult, checkpoints []int, budget int) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	var head []string
	for _, c := range checkpoints {
		head = append(head, fmt.Sprintf("BA@%d", c))
	}
	fmt.Fprintf(tw, "method\t%s\tacc+@%d\tacc-@%d\tstop: Q mean\tQ p90\tQ max\tBA\tacc+\tacc-\tdecision p50\tp95\t\n", strings.Join(head, "\t"), budget, budget)
	for _, r := range res {
		var cells []string
		for _, c := range checkpoints {
			cells = append(cells, fmt.Sprintf("%.3f", r.Curve[min(c, len(r.Curve)-1)].Balanced()))
		}
		last := r.Curve[len(r.Curve)-1]
		mean := 0.0
		for _, q := range r.StopQuestions {
			mean += float64(q)
		}
		mean /= float64(max(1, len(r.StopQuestions)))
		stop := fmt.Sprintf("%.1f\t%d\t%d\t%.3f\t%.3f\t%.3f", mean, sim.Percentile(r.StopQuestions, 0.9), slices.Max(r.StopQuestions),
			r.AtStop.Balanced(), r.AtStop.MasteredAcc(), r.AtStop.NotAcc())
		fmt.Fprintf(tw, "%s\t%s\t%.3f\t%.3f\t%s\t%s\t%s\t\n", r.Name, strings.Join(cells, "\t"), last.MasteredAcc(), last.NotAcc(), stop,
			fmtDur(sim.Percentile(r.Decisions, 0.5)), fmtDur(sim.Percentile(r.Decisions, 0.95)))
	}
	tw.Flush()
}

func fmtDur(d time.Duration) string {
	return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000)
}

func pickMethods(list string, pop sim.Population, engine screening.Config, oracleParticles int) ([]sim.Method, error) {
	var ms []sim.Method
	for _, name := range splitList(list) {
		switch name {
		case "engine":
			ms = append(ms, sim.Engine(engine))
		case "oracle":
			ms = append(ms, sim.Oracle(pop, oracleParticles))
		case "indep":
			ms = append(ms, sim.Independent)
		case "random":
			ms = append(ms, sim.Random)
		case "topo":
			ms = append(ms, sim.Topo)
		default:
			return nil, fmt.Errorf("unknown method %q (want engine, oracle, indep, random, topo)", name)
		}
	}
	return ms, nil
}

func parseSimScope(s string, seed uint64) (simScope, error) {
	kind, arg, ok := strings.Cut(s, ":")
	if !ok {
		return simScope{}, fmt.Errorf("scope %q: want math:LO-HI or gen:N", s)
	}
	switch kind {
	case "gen":
		// gen:N spreads N points over grades 1-12, gen:N/G over 1-G.
		ns, gs, hasG := strings.Cut(arg, "/")
		n, err := strconv.Atoi(ns)
		grades := 12
		if hasG {
			grades, err = strconv.Atoi(gs)
		}
		if err != nil || n < 10 || n > 5000 || grades < 1 || grades > 12 {
			return simScope{}, fmt.Errorf("scope %q: want gen:N or gen:N/GRADES with 10 <= N <= 5000 and 1 <= GRADES <= 12", s)
		}
		return simScope{name: s, load: func() (*curriculum.Subject, []string, error) {
			return sim.Generate(sim.GraphSpec{Points: n, Grades: grades, Strands: max(4, n/12), ItemsPerKP: 2, Seed: seed}), nil, nil
		}}, nil
	case "math":
		los, his, ok := strings.Cut(arg, "-")
		lo, err1 := strconv.Atoi(los)
		hi, err2 := strconv.Atoi(his)
		if !ok || err1 != nil || err2 != nil || lo < 1 || hi > 12 || lo > hi {
			return simScope{}, fmt.Errorf("scope %q: want math:LO-HI with 1 <= LO <= HI <= 12", s)
		}
		return simScope{name: s, load: func() (*curriculum.Subject, []string, error) {
			subj, err := shippedSubject("math")
			if err != nil {
				return nil, nil, err
			}
			g, err := curriculum.SubjectGraph(subj)
			if err != nil {
				return nil, nil, err
			}
			return subj, screening.ScopeByGrade(g, lo, hi), nil
		}}, nil
	}
	return simScope{}, fmt.Errorf("scope %q: unknown kind %q (want math or gen)", s, kind)
}

func bankOf(subj *curriculum.Subject, scope []string) (*screening.Bank, error) {
	g, err := curriculum.SubjectGraph(subj)
	if err != nil {
		return nil, err
	}
	return screening.NewBank(g, subj.Items, scope)
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func parseInts(s string) ([]int, error) {
	var out []int
	for _, f := range splitList(s) {
		n, err := strconv.Atoi(f)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("%q is not a question count", f)
		}
		out = append(out, n)
	}
	return out, nil
}

func parseNoise(s string) ([][2]float64, error) {
	var out [][2]float64
	for _, f := range splitList(s) {
		a, b, ok := strings.Cut(f, "/")
		slip, err1 := strconv.ParseFloat(a, 64)
		guess, err2 := strconv.ParseFloat(b, 64)
		if !ok || err1 != nil || err2 != nil || slip < 0 || guess < 0 || slip+guess >= 1 {
			return nil, fmt.Errorf("%q: want SLIP/GUESS with slip + guess < 1", f)
		}
		out = append(out, [2]float64{slip, guess})
	}
	return out, nil
}

// templateSeeds is how many instances of each parametric template a
// simulated scope carries as items (a screening draws from the same pool).
const templateSeeds = 2

// shippedSubject returns a shipped subject's knowledge points with its
// written items and instances of its parametric templates.
func shippedSubject(id string) (*curriculum.Subject, error) {
	cb, err := curriculum.Load(content.FS, curriculum.LoadOptions{Templates: mathtpl.All()})
	if err != nil {
		return nil, err
	}
	subj := cb.Subject(id)
	if subj == nil {
		return nil, fmt.Errorf("subject %q is not shipped", id)
	}
	out := *subj
	out.Items = slices.Clone(subj.Items)
	for _, t := range cb.Templates() {
		if len(t.KnowledgePoints) == 0 || !strings.HasPrefix(t.KnowledgePoints[0], id+".") {
			continue
		}
		for seed := range int64(templateSeeds) {
			it, err := cb.Instance(t.ID, seed+1)
			if err != nil {
				return nil, err
			}
			out.Items = append(out.Items, it)
		}
	}
	return &out, nil
}

// simChart draws balanced accuracy against questions asked, one polyline
// per method: a plain SVG with no dependencies, committed next to the docs.
type simChart struct {
	title string
	res   []sim.MethodResult
}

var chartColors = []string{"#d62728", "#222222", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd"}

func (c *simChart) svg() string {
	const (
		width, height            = 720, 420
		left, right, top, bottom = 60, 130, 40, 50
		yHi                      = 1.0
	)
	// The y axis starts at the lowest curve, rounded down to a tenth.
	yLo := 0.9
	for _, r := range c.res {
		for _, a := range r.Curve {
			yLo = min(yLo, math.Floor(a.Balanced()*10)/10)
		}
	}
	pw, ph := float64(width-left-right), float64(height-top-bottom)
	maxQ := 1
	for _, r := range c.res {
		maxQ = max(maxQ, len(r.Curve)-1)
	}
	x := func(q int) float64 { return float64(left) + pw*float64(q)/float64(maxQ) }
	y := func(v float64) float64 { return float64(top) + ph*(1-(min(yHi, max(yLo, v))-yLo)/(yHi-yLo)) }
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", width, height, width, height)
	fmt.Fprintf(&sb, `<rect width="%d" height="%d" fill="white"/>`+"\n", width, height)
	fmt.Fprintf(&sb, `<text x="%d" y="20" font-size="14">%s</text>`+"\n", left, html.EscapeString(c.title))
	for v := yLo; v <= yHi+1e-9; v += 0.1 {
		fmt.Fprintf(&sb, `<line x1="%d" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#ddd"/><text x="%d" y="%.1f" text-anchor="end">%.1f</text>`+"\n",
			left, x(maxQ), y(v), y(v), left-6, y(v)+4, v)
	}
	step := max(1, maxQ/6)
	for q := 0; q <= maxQ; q += step {
		fmt.Fprintf(&sb, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%.1f" stroke="#ddd"/><text x="%.1f" y="%.1f" text-anchor="middle">%d</text>`+"\n",
			x(q), x(q), top, y(yLo), x(q), y(yLo)+16, q)
	}
	fmt.Fprintf(&sb, `<text x="%.1f" y="%d" text-anchor="middle">questions asked</text>`+"\n", x(maxQ/2), height-10)
	fmt.Fprintf(&sb, `<text transform="translate(16 %.1f) rotate(-90)" text-anchor="middle">balanced accuracy</text>`+"\n", y((yLo+yHi)/2))
	for i, r := range c.res {
		col := chartColors[i%len(chartColors)]
		var pts []string
		for q, a := range r.Curve {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(q), y(a.Balanced())))
		}
		fmt.Fprintf(&sb, `<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>`+"\n", col, strings.Join(pts, " "))
		ly := top + 16*i + 10
		fmt.Fprintf(&sb, `<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="%s" stroke-width="2"/><text x="%d" y="%d">%s</text>`+"\n",
			width-right+10, width-right+30, ly, ly, col, width-right+36, ly+4, html.EscapeString(r.Name))
	}
	sb.WriteString("</svg>\n")
	return sb.String()
}

// worldRun is a `zhixi sim --worlds` evaluation.
type worldRun struct {
	scopes          []simScope
	worlds          []string
	calibration     []string
	students        int
	seed            uint64
	budget          int
	checkpoints     []int
	methods         string
	oracleParticles int
	workers         int
	engine          screening.Config
}

// runWorlds evaluates the engine on the held-out worlds, with items
// uncalibrated or wrongly calibrated.
func runWorlds(ctx context.Context, e *env, wr worldRun) error {
	fmt.Fprintf(e.stdout, "zhixi sim --worlds: %d students per row, %d questions, seed %d\n", wr.students, wr.budget, wr.seed)
	for _, sc := range wr.scopes {
		for _, name := range wr.worlds {
			w, ok := sim.Worlds[name]
			if !ok {
				return fmt.Errorf("sim: unknown world %q (want typical-x or mixed-x)", name)
			}
			for _, cal := range wr.calibration {
				var edit func([]curriculum.Item) []curriculum.Item
				switch cal {
				case "none":
					edit = func(items []curriculum.Item) []curriculum.Item {
						for i := range items {
							items[i].Slip, items[i].Guess = nil, nil
						}
						return items
					}
				case "wrong":
					edit = w.Miscalibrated
				default:
					return fmt.Errorf("sim: --calibration %q: want none or wrong", cal)
				}
				b, err := sc.bankWith(edit)
				if err != nil {
					return fmt.Errorf("sim: scope %s: %w", sc.name, err)
				}
				if err := ctx.Err(); err != nil {
					return err
				}
				var ms []sim.Method
				for _, m := range splitList(wr.methods) {
					switch m {
					case "engine":
						ms = append(ms, sim.Engine(wr.engine))
					case "oracle":
						ms = append(ms, sim.WorldOracle(w, wr.oracleParticles))
					default:
						return fmt.Errorf("sim: --methods %q: with --worlds, want engine and oracle", m)
					}
				}
				started := time.Now()
				res := sim.Run(sim.Config{Bank: b, World: w, Students: wr.students, Seed: wr.seed, Budget: wr.budget, Methods: ms,
					Mastered: 0.85, NotMastered: 0.15, Workers: wr.workers})
				lo, hi := b.Grades()
				fmt.Fprintf(e.stdout, "\nscope %s (%d points, %d items, grades %d-%d)  world %s  calibration %s  (%.1fs)\n",
					sc.name, b.Len(), b.NumItems(), lo, hi, w.Name, cal, time.Since(started).Seconds())
				printSimTable(e.stdout, res, wr.checkpoints, wr.budget)
				printGap(e.stdout, res, wr.budget)
			}
		}
	}
	return nil
}
