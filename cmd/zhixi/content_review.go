package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strings"

	"github.com/zhixi-org/zhixi/content"
	"github.com/zhixi-org/zhixi/curriculum"
)

// The independent review of items: `review sample` prints a random sample
// of a subject's items as a student sees them (no key, no explanation), a
// reviewer who did not write them answers each one, and `review score`
// marks those answers with the real checker against the keys. Agreement
// is the review's outcome; a disagreement is an item to read again.

const reviewUsage = `usage: zhixi content review sample --subject S [--n 50] [--seed 1] [--template-seed 1]
       zhixi content review score ANSWERS.jsonl [--markdown]

sample prints one JSON object per line: id, subject, point, type, stem, options, figure (its description).
The reviewer writes one JSON object per line: {"id": "...", "answer": "..."}; score checks each answer.`

// reviewItem is one sampled item as the reviewer sees it.
type reviewItem struct {
	ID      string              `json:"id"`
	Subject string              `json:"subject"`
	Point   string              `json:"point"`
	Type    curriculum.ItemType `json:"type"`
	Stem    string              `json:"stem"`
	Options []string            `json:"options,omitempty"`
	Figure  *curriculum.Figure  `json:"figure,omitempty"`
}

func contentReview(_ context.Context, e *env, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, reviewUsage)
		return errUsage
	}
	bank, err := curriculum.Load(content.FS, curriculum.LoadOptions{Templates: templates()})
	if err != nil {
		return err
	}
	switch args[0] {
	case "sample":
		return reviewSample(e, bank, args[1:])
	case "score":
		return reviewScore(e, bank, args[1:])
	}
	fmt.Fprintf(e.stderr, "zhixi content review: unknown subcommand %q\n\n%s\n", args[0], reviewUsage)
	return errUsage
}

// subjectItems lists every item of a subject a student can meet: the
// static items and one instance of each template, in bank order.
func subjectItems(bank *curriculum.Bank, subject string, tplSeed int64) ([]*curriculum.Item, error) {
	s := bank.Subject(subject)
	if s == nil {
		return nil, fmt.Errorf("unknown subject %q", subject)
	}
	var out []*curriculum.Item
	for _, kp := range s.KnowledgePoints {
		out = append(out, bank.ItemsFor(kp.ID)...)
		for _, t := range bank.TemplatesFor(kp.ID) {
			it, err := bank.Instance(t.ID, tplSeed)
			if err != nil {
				return nil, err
			}
			out = append(out, &it)
		}
	}
	return out, nil
}

func reviewSample(e *env, bank *curriculum.Bank, args []string) error {
	fs := newFlags(e, "content review sample", "--subject S [--n 50] [--seed 1]")
	subject := fs.String("subject", "", "subject id (math, chinese, …)")
	n := fs.Int("n", 50, "items to sample")
	seed := fs.Uint64("seed", 1, "sampling seed")
	tplSeed := fs.Int64("template-seed", 1, "seed of the one instance drawn from each template")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	items, err := subjectItems(bank, *subject, *tplSeed)
	if err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(*seed, 0x7a686978))
	r.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	for _, it := range items[:min(*n, len(items))] {
		kp, _ := bank.KnowledgePoint(it.KnowledgePoints[0])
		ri := reviewItem{ID: it.ID, Subject: *subject, Point: kp.Name, Type: it.Type, Stem: it.Stem, Options: it.Options, Figure: it.Figure}
		if err := enc.Encode(ri); err != nil {
			return err
		}
	}
	return nil
}

// reviewAnswer is one line of the reviewer's answers.
type reviewAnswer struct {
	ID     string `json:"id"`
	Answer string `json:"answer"`
}

// reviewTally is the outcome for one subject.
type reviewTally struct {
	n, agreed, unreadable int
	// disagreements lists the items not marked right, unreadable ones too.
	disagreements []string
}

func reviewScore(e *env, bank *curriculum.Bank, args []string) error {
	fs := newFlags(e, "content review score", "ANSWERS.jsonl [--markdown]")
	markdown := fs.Bool("markdown", false, "print a Markdown table for docs/content.md")
	pos, err := parseWithArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errUsage
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return err
	}
	defer f.Close()
	tallies, err := scoreAnswers(bank, f)
	if err != nil {
		return err
	}
	subjects := make([]string, 0, len(tallies))
	for s := range tallies {
		subjects = append(subjects, s)
	}
	slices.Sort(subjects)
	if *markdown {
		fmt.Fprintln(e.stdout, "| 学科 | 抽样 | 一致 | 不一致 | 无法判读 | 不一致的题目 |")
		fmt.Fprintln(e.stdout, "|---|---:|---:|---:|---:|---|")
	}
	for _, s := range subjects {
		t := tallies[s]
		name := bank.Subject(s).Name
		if *markdown {
			fmt.Fprintf(e.stdout, "| %s | %d | %d | %d | %d | %s |\n", name, t.n, t.agreed, len(t.disagreements)-t.unreadable, t.unreadable, strings.Join(t.disagreements, "<br>"))
			continue
		}
		fmt.Fprintf(e.stdout, "%s: %d items, %d agree, %d disagree, %d unreadable\n", name, t.n, t.agreed, len(t.disagreements)-t.unreadable, t.unreadable)
		for _, d := range t.disagreements {
			fmt.Fprintln(e.stdout, "  "+d)
		}
	}
	return nil
}

// scoreAnswers checks every answer against its item's key with the
// checker students meet, and tallies per subject.
func scoreAnswers(bank *curriculum.Bank, r io.Reader) (map[string]*reviewTally, error) {
	tallies := map[string]*reviewTally{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var a reviewAnswer
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		it, ok := bank.Item(a.ID)
		if !ok {
			return nil, fmt.Errorf("line %d: no item %q", line, a.ID)
		}
		subject, _, _ := strings.Cut(it.KnowledgePoints[0], ".")
		t := tallies[subject]
		if t == nil {
			t = &reviewTally{}
			tallies[subject] = t
		}
		t.n++
		v, err := curriculum.Check(it, a.Answer)
		switch {
		case err != nil:
			return nil, fmt.Errorf("line %d: %w", line, err)
		case v.Correct:
			t.agreed++
		case v.Malformed:
			t.unreadable++
			t.disagreements = append(t.disagreements, fmt.Sprintf("`%s`: 评审答 %q（无法判读：%s），答案 %q", a.ID, a.Answer, v.Reason, it.Answer))
		default:
			t.disagreements = append(t.disagreements, fmt.Sprintf("`%s`: 评审答 %q，答案 %q", a.ID, a.Answer, it.Answer))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(tallies) == 0 {
		return nil, errors.New("no answers")
	}
	return tallies, nil
}
