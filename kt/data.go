// Package kt traces what a student knows from the answers they give:
// Bayesian knowledge tracing (with and without forgetting), PFA, IRT,
// Elo-style ratings, logistic regression on count features ("Best-LR") and
// our own extended logistic model, plus a DINA cognitive-diagnosis fit.
//
// Models are fitted on a batch of answer sequences and then run online: a
// Learner holds one student's state, predicts the next answer and is
// updated with its outcome. The package does no I/O beyond reading answer
// logs from an io.Reader (this file).
package kt

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Vocab interns item and skill names so models index dense arrays. Train
// and test data share one Vocab; names first seen in test data get new
// indices beyond what a model was fitted on, and models treat them as
// unseen.
type Vocab struct {
	Items, Skills []string
	item, skill   map[string]int32
}

// NewVocab returns an empty vocabulary.
func NewVocab() *Vocab {
	return &Vocab{item: map[string]int32{}, skill: map[string]int32{}}
}

// ItemIndex interns an item name.
func (v *Vocab) ItemIndex(name string) int32 { return intern(v.item, &v.Items, name) }

// SkillIndex interns a skill name.
func (v *Vocab) SkillIndex(name string) int32 { return intern(v.skill, &v.Skills, name) }

func intern(m map[string]int32, names *[]string, name string) int32 {
	if i, ok := m[name]; ok {
		return i
	}
	i := int32(len(*names))
	m[name] = i
	*names = append(*names, name)
	return i
}

// Row is one graded response. A response to an item tagged with several
// skills is either one Row with several Skills or, in long-format data,
// several Rows of one answer (same order id); see Sequence.Steps.
type Row struct {
	Item    int32 // index into Vocab.Items
	Skills  []int32
	Correct bool
	Line    int // line in the source file, for messages
}

// Sequence is one student's rows in answer order.
type Sequence struct {
	User string
	Rows []Row
	// stepEnd[i] is the end (exclusive) of the i-th answer's rows.
	stepEnd []int32
}

// Steps calls fn with the rows of each answer in order. Rows of one answer
// must all be predicted before any of them updates a learner: they share
// one outcome in long-format data.
func (s *Sequence) Steps(fn func(rows []Row)) {
	start := int32(0)
	for _, end := range s.stepEnd {
		fn(s.Rows[start:end])
		start = end
	}
}

// Dataset is a set of student sequences.
type Dataset struct {
	Vocab *Vocab
	Seqs  []Sequence
	// HasItems is false when the source had no item column; Row.Item then
	// names the row's skill set, so item-level models fall back to skills.
	HasItems bool
	Rows     int
}

// NewSequence builds a sequence whose steps are given by group keys: rows
// with equal adjacent keys form one answer. A nil keys slice makes every
// row its own answer.
func NewSequence(user string, rows []Row, keys []int64) Sequence {
	s := Sequence{User: user, Rows: rows}
	for i := range rows {
		if i+1 < len(rows) && keys != nil && keys[i+1] == keys[i] {
			continue
		}
		s.stepEnd = append(s.stepEnd, int32(i+1))
	}
	return s
}

// ReadAnswers reads a CSV or TSV answer log with a header line. The
// delimiter is a tab if the header contains one, else a comma. Columns are
// found by name: user_id, correct (0 or 1), skill_id or skill_name (several
// skills separated by '_' or ','; a comma-separated field must be quoted in
// CSV), and optionally item_id, timestamp and order_id. Rows of a user are
// ordered by (timestamp, order_id), file order breaking ties; adjacent rows
// of a user with equal order_id form one answer.
func ReadAnswers(r io.Reader, v *Vocab) (*Dataset, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	first, err := br.ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read header: %w", err)
	}
	if strings.TrimSpace(first) == "" {
		return nil, errors.New("line 1: empty file: expected a header line such as user_id,skill_id,correct")
	}
	cr := csv.NewReader(io.MultiReader(strings.NewReader(first), br))
	if strings.Contains(first, "\t") {
		cr.Comma = '\t'
		cr.LazyQuotes = true
	}
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, csvError(err)
	}
	header = slices.Clone(header) // the reader reuses its record
	for i, h := range header {
		header[i] = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
	}
	cols, err := findColumns(header)
	if err != nil {
		return nil, err
	}
	type raw struct {
		row       Row
		time, ord int64
	}
	byUser := map[string]int{}
	var users []string
	var rows [][]raw
	d := &Dataset{Vocab: v, HasItems: cols.item >= 0}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		field := func(c int) string { return strings.TrimSpace(rec[c]) }
		var x raw
		x.row.Line = line
		user := field(cols.user)
		if user == "" {
			return nil, fmt.Errorf("line %d: empty user_id", line)
		}
		switch field(cols.correct) {
		case "1":
			x.row.Correct = true
		case "0":
		default:
			return nil, fmt.Errorf("line %d: correct must be 0 or 1, got %q", line, rec[cols.correct])
		}
		skillField := field(cols.skill)
		for _, s := range strings.FieldsFunc(skillField, func(r rune) bool { return r == '_' || r == ',' }) {
			if s = strings.TrimSpace(s); s != "" {
				x.row.Skills = append(x.row.Skills, v.SkillIndex(s))
			}
		}
		if len(x.row.Skills) == 0 {
			return nil, fmt.Errorf("line %d: empty %s: every answer needs at least one skill", line, header[cols.skill])
		}
		if cols.item >= 0 {
			item := field(cols.item)
			if item == "" {
				return nil, fmt.Errorf("line %d: empty item_id", line)
			}
			x.row.Item = v.ItemIndex(item)
		} else {
			x.row.Item = v.ItemIndex("skill:" + skillField)
		}
		for _, c := range []struct {
			col int
			dst *int64
		}{{cols.time, &x.time}, {cols.order, &x.ord}} {
			if c.col < 0 {
				continue
			}
			n, err := strconv.ParseInt(field(c.col), 10, 64)
			if err != nil {
				return nil, fmt.Errorf("line %d: %s must be an integer, got %q", line, header[c.col], rec[c.col])
			}
			*c.dst = n
		}
		u, ok := byUser[user]
		if !ok {
			u = len(users)
			byUser[user] = u
			users = append(users, user)
			rows = append(rows, nil)
		}
		rows[u] = append(rows[u], x)
		d.Rows++
	}
	if d.Rows == 0 {
		return nil, errors.New("line 2: no answers after the header")
	}
	d.Seqs = make([]Sequence, len(users))
	for u, rs := range rows {
		sort.SliceStable(rs, func(i, j int) bool {
			if rs[i].time != rs[j].time {
				return rs[i].time < rs[j].time
			}
			return rs[i].ord < rs[j].ord
		})
		out := make([]Row, len(rs))
		var keys []int64
		if cols.order >= 0 {
			keys = make([]int64, len(rs))
		}
		for i, x := range rs {
			out[i] = x.row
			if keys != nil {
				keys[i] = x.ord
			}
		}
		d.Seqs[u] = NewSequence(users[u], out, keys)
	}
	return d, nil
}

type columns struct{ user, item, skill, correct, time, order int }

func findColumns(header []string) (columns, error) {
	idx := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := idx[h]; dup {
			return columns{}, fmt.Errorf("line 1: column %q appears twice", h)
		}
		idx[h] = i
	}
	col := func(names ...string) int {
		for _, n := range names {
			if i, ok := idx[n]; ok {
				return i
			}
		}
		return -1
	}
	c := columns{
		user: col("user_id"), item: col("item_id"), skill: col("skill_id", "skill_name"),
		correct: col("correct"), time: col("timestamp"), order: col("order_id"),
	}
	for _, need := range []struct {
		i    int
		name string
	}{{c.user, "user_id"}, {c.skill, "skill_id or skill_name"}, {c.correct, "correct"}} {
		if need.i < 0 {
			return c, fmt.Errorf("line 1: header lacks column %s (have %s; need user_id, skill_id or skill_name, correct)",
				need.name, strings.Join(header, ","))
		}
	}
	return c, nil
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("line %d: %v", pe.Line, pe.Err)
	}
	return err
}

// ReadMatrix reads a whitespace-separated 0/1 matrix, one row a line (a
// response matrix or a Q-matrix); blank lines are skipped and every row
// must have the same length.
func ReadMatrix(r io.Reader) ([][]int8, error) {
	sc := bufio.NewScanner(r)
	var out [][]int8
	for line := 1; sc.Scan(); line++ {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		row := make([]int8, len(fields))
		for i, f := range fields {
			switch f {
			case "0":
			case "1":
				row[i] = 1
			default:
				return nil, fmt.Errorf("line %d, column %d: want 0 or 1, got %q", line, i+1, f)
			}
		}
		if len(out) > 0 && len(row) != len(out[0]) {
			return nil, fmt.Errorf("line %d: %d columns, the first row has %d", line, len(row), len(out[0]))
		}
		out = append(out, row)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errors.New("line 1: empty matrix")
	}
	return out, nil
}

// Builder assembles a Dataset answer by answer, for logs that come from a
// database rather than a file. Answers of a student must arrive in order;
// students may interleave.
type Builder struct {
	d      *Dataset
	byUser map[string]int
}

// NewBuilder returns an empty builder over vocabulary v.
func NewBuilder(v *Vocab) *Builder {
	return &Builder{d: &Dataset{Vocab: v, HasItems: true}, byUser: map[string]int{}}
}

// Add appends one answer of user to item, tagged with skills.
func (b *Builder) Add(user, item string, skills []string, correct bool) error {
	if len(skills) == 0 {
		return fmt.Errorf("answer of %s to %s names no skill", user, item)
	}
	r := Row{Item: b.d.Vocab.ItemIndex(item), Correct: correct, Line: b.d.Rows + 1}
	for _, s := range skills {
		r.Skills = append(r.Skills, b.d.Vocab.SkillIndex(s))
	}
	u, ok := b.byUser[user]
	if !ok {
		u = len(b.d.Seqs)
		b.byUser[user] = u
		b.d.Seqs = append(b.d.Seqs, Sequence{User: user})
	}
	s := &b.d.Seqs[u]
	s.Rows = append(s.Rows, r)
	s.stepEnd = append(s.stepEnd, int32(len(s.Rows)))
	b.d.Rows++
	return nil
}

// Dataset returns what was added.
func (b *Builder) Dataset() *Dataset { return b.d }
