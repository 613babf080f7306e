package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/zhixi-org/zhixi/content"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/curriculum/mathtpl"
	"github.com/zhixi-org/zhixi/curriculum/xlsxio"
	"github.com/zhixi-org/zhixi/store"
)

func init() {
	register(command{name: "content", summary: "check, import and export curriculum content", run: runContent})
}

const contentUsage = `usage: zhixi content <subcommand> [flags]

subcommands:
  check [DIR]                     validate the content (default: the embedded content) and print coverage
  stats [DIR] [--json]            count points, items, templates and worked examples per subject and grade
  import FILE|DIR [--db DSN]      validate, then store a subject (.xlsx, .yaml, .json) or every subject of DIR
  export --subject S [--format json|yaml|xlsx] [--out FILE] [--db DSN]
                                  write a subject from the embedded content (or the database)
  template --out FILE.xlsx        write the blank Excel authoring workbook
  review sample|score             sample items for an independent reviewer, and mark the reviewer's answers`

func runContent(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, contentUsage)
		return errUsage
	}
	sub := map[string]func(context.Context, *env, []string) error{
		"check": contentCheck, "stats": contentStats, "import": contentImport, "export": contentExport, "template": contentTemplate, "review": contentReview,
	}
	run, ok := sub[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "zhixi content: unknown subcommand %q\n\n%s\n", args[0], contentUsage)
		return errUsage
	}
	return run(ctx, e, args[1:])
}

// parseWithArgs parses flags that may come after positional arguments
// ("import book.xlsx --db X"), which the flag package alone stops at, and
// returns the positional arguments.
func parseWithArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// templates are the parametric items that count towards coverage.
func templates() []curriculum.Template { return mathtpl.All() }

func contentCheck(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "content check", "[DIR] [flags]")
	minItems := fs.Int("min-items", 3, "items (a template counts once) each knowledge point needs")
	seeds := fs.Int("seeds", 50, "seeds per template to generate and self-check")
	pos, err := parseWithArgs(fs, args)
	if err != nil {
		return err
	}
	src, name := content.FS, "embedded content"
	switch len(pos) {
	case 0:
	case 1:
		src, name = os.DirFS(pos[0]), pos[0]
	default:
		fs.Usage()
		return errUsage
	}
	bank, err := curriculum.Load(src, curriculum.LoadOptions{Templates: templates(), Instances: *seeds})
	if err != nil {
		var le *curriculum.LoadError
		if errors.As(err, &le) {
			printProblems(e.stdout, le.Problems)
			return fmt.Errorf("content check %s: %d files do not decode", name, len(le.Problems))
		}
		return err
	}
	probs := bank.Validate(curriculum.ValidateOptions{MinItems: *minItems})
	printProblems(e.stdout, probs)
	if len(probs) > 0 {
		fmt.Fprintln(e.stdout)
	}
	printStats(e.stdout, bank, *minItems)
	noItems, noExample := 0, 0
	for _, p := range probs {
		switch {
		case !curriculum.Pending(p):
		case p.Msg == curriculum.MsgNoItems:
			noItems++
		default:
			noExample++
		}
	}
	fmt.Fprintf(e.stdout, "\n没有题目的知识点 %d 个，没有例题的知识点 %d 个\n", noItems, noExample)
	nerr := curriculum.Errors(probs)
	fmt.Fprintf(e.stdout, "\n%s: %d 个错误，%d 个警告\n", name, nerr, len(probs)-nerr)
	if nerr > 0 {
		return fmt.Errorf("content check %s: %d errors", name, nerr)
	}
	return nil
}

// subjectStats is one subject of `content stats --json`.
type subjectStats struct {
	Subject         string                               `json:"subject"`
	Name            string                               `json:"name"`
	Grades          []int                                `json:"grades"`
	KnowledgePoints int                                  `json:"knowledge_points"`
	Items           int                                  `json:"items"`
	Templates       int                                  `json:"templates"`
	WorkedExamples  int                                  `json:"worked_examples"`
	Calibrated      int                                  `json:"calibrated"`
	PerGrade        map[string]*curriculum.GradeCoverage `json:"per_grade"`
}

func contentStats(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "content stats", "[DIR] [--json]")
	asJSON := fs.Bool("json", false, "print one JSON object instead of a table")
	pos, err := parseWithArgs(fs, args)
	if err != nil {
		return err
	}
	src := content.FS
	switch len(pos) {
	case 0:
	case 1:
		src = os.DirFS(pos[0])
	default:
		fs.Usage()
		return errUsage
	}
	bank, err := curriculum.Load(src, curriculum.LoadOptions{Templates: templates()})
	if err != nil {
		return err
	}
	var out struct {
		Subjects []subjectStats `json:"subjects"`
	}
	for _, id := range bank.SubjectIDs() {
		st := subjectStats{Subject: id, Name: bank.Subject(id).Name, Grades: bank.Grades(id), PerGrade: map[string]*curriculum.GradeCoverage{}}
		for g, c := range bank.Coverage(id) {
			st.PerGrade[fmt.Sprint(g)] = c
			st.KnowledgePoints += c.KnowledgePoints
			st.Items += c.Items
			st.Templates += c.Templates
			st.WorkedExamples += c.WorkedExamples
			st.Calibrated += c.Calibrated
		}
		out.Subjects = append(out.Subjects, st)
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	}
	rows := [][]string{{"学科", "年级", "知识点", "题目", "模板", "例题"}}
	for _, st := range out.Subjects {
		for _, g := range st.Grades {
			c := st.PerGrade[fmt.Sprint(g)]
			rows = append(rows, []string{st.Name, fmt.Sprint(g), fmt.Sprint(c.KnowledgePoints), fmt.Sprint(c.Items), fmt.Sprint(c.Templates), fmt.Sprint(c.WorkedExamples)})
		}
		rows = append(rows, []string{st.Name, "合计", fmt.Sprint(st.KnowledgePoints), fmt.Sprint(st.Items), fmt.Sprint(st.Templates), fmt.Sprint(st.WorkedExamples)})
	}
	printTable(e.stdout, rows)
	return nil
}

func printProblems(w io.Writer, ps []curriculum.Problem) {
	for _, p := range ps {
		fmt.Fprintln(w, p)
	}
}

// printStats prints the per-subject coverage table and its totals.
func printStats(w io.Writer, b *curriculum.Bank, minItems int) {
	head := []string{"学科", "知识点", "小学", "初中", "高中", "章节", "静态题", "模板", fmt.Sprintf("≥%d题", minItems), "先修边"}
	rows := [][]string{head}
	var total curriculum.Stats
	total.ByStage = map[curriculum.Stage]int{}
	row := func(label string, st curriculum.Stats) []string {
		return []string{label, fmt.Sprint(st.KnowledgePoints),
			fmt.Sprint(st.ByStage[curriculum.Primary]), fmt.Sprint(st.ByStage[curriculum.Middle]), fmt.Sprint(st.ByStage[curriculum.High]),
			fmt.Sprint(st.Chapters), fmt.Sprint(st.Items), fmt.Sprint(st.Templates), fmt.Sprint(st.Covered), fmt.Sprint(st.Edges)}
	}
	for _, id := range b.SubjectIDs() {
		st := b.Stats(id, minItems)
		label := id
		if n := b.Subject(id).Name; n != "" {
			label += " " + n
		}
		rows = append(rows, row(label, st))
		total.KnowledgePoints += st.KnowledgePoints
		for s, n := range st.ByStage {
			total.ByStage[s] += n
		}
		total.Chapters += st.Chapters
		total.Items += st.Items
		total.Templates += st.Templates
		total.Covered += st.Covered
		total.Edges += st.Edges
	}
	rows = append(rows, row("合计", total))
	printTable(w, rows)
}

// printTable prints rows in aligned columns, the first left-aligned and
// the others right-aligned.
func printTable(w io.Writer, rows [][]string) {
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			pad := widths[i] - displayWidth(c)
			if i == 0 {
				b.WriteString(c + strings.Repeat(" ", pad))
			} else {
				b.WriteString("  " + strings.Repeat(" ", pad) + c)
			}
		}
		fmt.Fprintln(w, b.String())
	}
}

// displayWidth counts CJK characters as two columns, as terminals show
// them.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFF60) {
			n += 2
		} else {
			n++
		}
	}
	return n
}

func contentImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "content import", "FILE|DIR [--db DSN]")
	resolveDSN := dbFlags(e, fs)
	pos, err := parseWithArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errUsage
	}
	path := pos[0]
	bank, probs, err := readImport(path)
	if err != nil {
		return err
	}
	if bank != nil {
		// Points still without items or examples are check's business.
		probs = append(probs, slices.DeleteFunc(bank.Validate(curriculum.ValidateOptions{}), curriculum.Pending)...)
	}
	probs = xlsxio.OnePerRow(probs)
	printProblems(e.stdout, probs)
	if n := curriculum.Errors(probs); n > 0 || bank == nil {
		return fmt.Errorf("content import %s: %d rows or entries have errors (see above); nothing was imported", path, n)
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
	now := time.Now()
	for _, id := range bank.SubjectIDs() {
		res, err := db.ImportSubject(ctx, bank.Subject(id), now)
		if err != nil {
			return fmt.Errorf("import subject %s: %w", id, err)
		}
		fmt.Fprintf(e.stdout, "%s: 知识点 新增 %d、修改 %d；题目 新增 %d、修改 %d、未变 %d\n", id,
			res.KnowledgePointsAdded, res.KnowledgePointsChanged, res.ItemsAdded, res.ItemsChanged, res.ItemsUnchanged)
	}
	return nil
}

// readImport reads a workbook, one YAML or JSON file, or a content
// directory. Problems that stop the content being read (a bad row, a file
// that does not decode) come back without a bank.
func readImport(path string) (*curriculum.Bank, []curriculum.Problem, error) {
	opts := curriculum.LoadOptions{Templates: templates()}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		bank, err := curriculum.Load(os.DirFS(path), opts)
		var le *curriculum.LoadError
		if errors.As(err, &le) {
			return nil, le.Problems, nil
		}
		return bank, nil, err
	}
	ext := strings.ToLower(filepath.Ext(path))
	if !slices.Contains([]string{".xlsx", ".yaml", ".yml", ".json"}, ext) {
		return nil, nil, fmt.Errorf("content import %s: unknown file type %q; use .xlsx, .yaml or .json (or a content directory)", path, ext)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("content import: %w", err)
	}
	var frags []curriculum.Fragment
	switch ext {
	case ".xlsx":
		var probs []curriculum.Problem
		frags, probs, err = xlsxio.Read(bytes.NewReader(data))
		if err != nil || len(probs) > 0 {
			return nil, probs, err
		}
	default:
		f, err := curriculum.ReadFragment(filepath.Base(path), data)
		var le *curriculum.LoadError
		if errors.As(err, &le) {
			return nil, le.Problems, nil
		}
		if err != nil {
			return nil, nil, err
		}
		frags = []curriculum.Fragment{*f}
	}
	return curriculum.NewBank(frags, opts), nil, nil
}

func contentExport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "content export", "--subject S [--format json|yaml|xlsx] [--out FILE] [--db DSN]")
	subject := fs.String("subject", "", "subject id, e.g. math (required)")
	format := fs.String("format", "", "json, yaml or xlsx (default: from --out's extension, else json)")
	out := fs.String("out", "", "output file (default: standard output; required for xlsx)")
	dsn := fs.String("db", "", "export from this database instead of the embedded content")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *subject == "" || fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	if *format == "" {
		*format = strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), ".")
		if *format == "yml" {
			*format = "yaml"
		}
		if *format == "" {
			*format = "json"
		}
	}
	if !slices.Contains([]string{"json", "yaml", "xlsx"}, *format) {
		return fmt.Errorf("content export: format %q: use json, yaml or xlsx", *format)
	}
	if *format == "xlsx" && *out == "" {
		return errors.New("content export: xlsx needs --out FILE.xlsx")
	}
	subj, err := exportSubject(ctx, *subject, *dsn)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	switch *format {
	case "json":
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		err = enc.Encode(subj)
	case "yaml":
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		err = enc.Encode(subj)
	case "xlsx":
		err = xlsxio.Write(&buf, subj)
	}
	if err != nil {
		return fmt.Errorf("content export %s: %w", *subject, err)
	}
	if *out == "" {
		_, err = e.stdout.Write(buf.Bytes())
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("content export: %w", err)
	}
	fmt.Fprintf(e.stderr, "wrote %s (%s: %d knowledge points, %d items)\n", *out, subj.ID, len(subj.KnowledgePoints), len(subj.Items))
	return nil
}

// exportSubject reads a subject from the database when dsn is set, else
// from the embedded content.
func exportSubject(ctx context.Context, id, dsn string) (*curriculum.Subject, error) {
	if dsn != "" {
		db, err := store.Open(ctx, dsn, nil)
		if err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
		defer db.Close()
		return db.Subject(ctx, id)
	}
	bank, err := curriculum.Load(content.FS)
	if err != nil {
		return nil, err
	}
	s := bank.Subject(id)
	if s == nil {
		return nil, fmt.Errorf("content export: no subject %q in the embedded content (have %s)", id, strings.Join(bank.SubjectIDs(), ", "))
	}
	return s, nil
}

func contentTemplate(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "content template", "--out FILE.xlsx")
	out := fs.String("out", "", "where to write the blank workbook (required)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	var buf bytes.Buffer
	if err := xlsxio.WriteTemplate(&buf); err != nil {
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("content template: %w", err)
	}
	fmt.Fprintf(e.stderr, "wrote %s: fill in 说明 B1/B2, 章节, 知识点 and 题目, then run zhixi content import %s\n", *out, *out)
	return nil
}
