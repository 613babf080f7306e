// Package xlsxio reads and writes a subject as an Excel workbook, the
// authoring form for teachers: one row per knowledge point or item, Chinese
// headers, and a message per bad row that says which cell is wrong and how
// to fix it. It is kept out of package curriculum so the engines do not
// link the spreadsheet library.
package xlsxio

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"go.yaml.in/yaml/v3"

	"github.com/zhixi-org/zhixi/curriculum"
)

// Sheet names. They carry no dot, which is how curriculum.Problem knows to
// print "题目!行7" rather than "file:7".
const (
	SheetGuide    = "说明"
	SheetChapters = "章节"
	SheetPoints   = "知识点"
	SheetItems    = "题目"
)

// maxOptions is the number of option columns (选项A…选项H).
const maxOptions = 8

// column maps one header to a field. get returns what to write (string,
// int, float64, or nil for an empty cell); set parses a non-empty cell and
// returns the reason it is wrong, phrased to follow `<header> "<cell>"`.
type column[T any] struct {
	head     string
	required bool
	get      func(*T) any
	set      func(*T, string) error
}

func text[T any](head string, required bool, f func(*T) *string) column[T] {
	return column[T]{head: head, required: required,
		get: func(t *T) any { return *f(t) },
		set: func(t *T, s string) error { *f(t) = s; return nil }}
}

// list is a cell of ids separated by commas, 、, semicolons, spaces or line
// breaks.
func list[T any](head string, required bool, f func(*T) *[]string) column[T] {
	return column[T]{head: head, required: required,
		get: func(t *T) any { return strings.Join(*f(t), ", ") },
		set: func(t *T, s string) error {
			*f(t) = strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(",，、;；\n\r\t ", r) })
			return nil
		}}
}

// lines is a cell with one entry per line (Alt+Enter in Excel); used where
// entries may themselves contain commas.
func lines[T any](head string, f func(*T) *[]string) column[T] {
	return column[T]{head: head,
		get: func(t *T) any { return strings.Join(*f(t), "\n") },
		set: func(t *T, s string) error {
			for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
				if l = strings.TrimSpace(l); l != "" {
					*f(t) = append(*f(t), l)
				}
			}
			return nil
		}}
}

func grade[T any](head string, required bool, f func(*T) *int) column[T] {
	return column[T]{head: head, required: required,
		get: func(t *T) any {
			if *f(t) == 0 {
				return nil
			}
			return *f(t)
		},
		set: func(t *T, s string) error {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 || n > 12 {
				return errors.New("不是 1–12 的整数；填写年级数字，如七年级填 7")
			}
			*f(t) = n
			return nil
		}}
}

func yesNo[T any](head string, f func(*T) *bool) column[T] {
	return column[T]{head: head,
		get: func(t *T) any {
			if *f(t) {
				return "是"
			}
			return nil
		},
		set: func(t *T, s string) error {
			switch strings.ToLower(s) {
			case "是", "y", "yes", "true", "1", "√":
				*f(t) = true
			case "否", "n", "no", "false", "0", "×":
				*f(t) = false
			default:
				return errors.New("应填“是”或“否”（或留空表示否）")
			}
			return nil
		}}
}

// number is an optional difficulty or probability.
func number[T any](head string, f func(*T) **float64) column[T] {
	return column[T]{head: head,
		get: func(t *T) any {
			if *f(t) == nil {
				return nil
			}
			return **f(t)
		},
		set: func(t *T, s string) error {
			x, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return errors.New("不是数字；填写小数，如 0.2，或留空")
			}
			*f(t) = &x
			return nil
		}}
}

var chapterCols = []column[curriculum.Chapter]{
	text("编号", true, func(c *curriculum.Chapter) *string { return &c.ID }),
	grade("年级", true, func(c *curriculum.Chapter) *int { return &c.Grade }),
	text("名称", true, func(c *curriculum.Chapter) *string { return &c.Name }),
	lines("大纲", func(c *curriculum.Chapter) *[]string { return &c.Outline }),
}

var pointCols = []column[curriculum.KnowledgePoint]{
	text("编号", true, func(k *curriculum.KnowledgePoint) *string { return &k.ID }),
	text("名称", true, func(k *curriculum.KnowledgePoint) *string { return &k.Name }),
	grade("年级", false, func(k *curriculum.KnowledgePoint) *int { return &k.Grade }),
	text("章节", false, func(k *curriculum.KnowledgePoint) *string { return &k.Chapter }),
	list("先修知识点", false, func(k *curriculum.KnowledgePoint) *[]string { return &k.Prerequisites }),
	text("解读", false, func(k *curriculum.KnowledgePoint) *string { return &k.Explanation }),
	text("例题", false, func(k *curriculum.KnowledgePoint) *string { return &example(k).Stem }),
	lines("例题步骤", func(k *curriculum.KnowledgePoint) *[]string { return &example(k).Steps }),
	text("例题答案", false, func(k *curriculum.KnowledgePoint) *string { return &example(k).Answer }),
	figure("例题图", func(k *curriculum.KnowledgePoint) **curriculum.Figure { return &example(k).Figure }),
}

// example returns the point's worked example, creating it so a cell can
// be written into it; a point whose example cells are all empty gets none
// (see dropEmptyExample).
func example(k *curriculum.KnowledgePoint) *curriculum.WorkedExample {
	if k.Example == nil {
		k.Example = &curriculum.WorkedExample{}
	}
	return k.Example
}

// dropEmptyExample undoes example() for a point without any example cell.
func dropEmptyExample(k *curriculum.KnowledgePoint) error {
	if e := k.Example; e != nil && e.Stem == "" && len(e.Steps) == 0 && e.Answer == "" && e.Figure == nil {
		k.Example = nil
	}
	return nil
}

// figure is a cell holding a figure description in YAML flow form, e.g.
// {kind: numberline, x: [-3, 3], points: [{name: A, x: 1}]}.
func figure[T any](head string, f func(*T) **curriculum.Figure) column[T] {
	return column[T]{head: head,
		get: func(t *T) any {
			if *f(t) == nil {
				return nil
			}
			var b strings.Builder
			enc := yaml.NewEncoder(&b)
			var n yaml.Node
			if err := n.Encode(*f(t)); err != nil {
				return nil
			}
			flow(&n)
			if err := enc.Encode(&n); err != nil {
				return nil
			}
			return strings.TrimSpace(b.String())
		},
		set: func(t *T, s string) error {
			var fig curriculum.Figure
			dec := yaml.NewDecoder(strings.NewReader(s))
			dec.KnownFields(true)
			if err := dec.Decode(&fig); err != nil {
				return fmt.Errorf("不是图的描述（%v）；写成 {kind: numberline, x: [-3, 3], points: [{name: A, x: 1}]}", err)
			}
			if _, err := curriculum.RenderFigure(&fig); err != nil {
				return err
			}
			*f(t) = &fig
			return nil
		}}
}

// flow makes a YAML node print on one line, as a cell wants.
func flow(n *yaml.Node) {
	n.Style |= yaml.FlowStyle
	for _, c := range n.Content {
		flow(c)
	}
}

// itemRow holds an item while its option cells are read one by one.
type itemRow struct {
	it   curriculum.Item
	opts [maxOptions]string
}

func itemCols() []column[itemRow] {
	cols := []column[itemRow]{
		text("编号", true, func(r *itemRow) *string { return &r.it.ID }),
		list("知识点", true, func(r *itemRow) *[]string { return &r.it.KnowledgePoints }),
		{head: "题型", required: true,
			get: func(r *itemRow) any { return typeName(r.it.Type) },
			set: func(r *itemRow, s string) error {
				for _, t := range curriculum.Types {
					if s == t.Name || s == string(t.Type) {
						r.it.Type = t.Type
						return nil
					}
				}
				return fmt.Errorf("不是题型；填写 %s 之一", strings.Join(typeNames(), "、"))
			}},
		text("题干", true, func(r *itemRow) *string { return &r.it.Stem }),
	}
	for i := range maxOptions {
		cols = append(cols, text(fmt.Sprintf("选项%c", 'A'+i), false, func(r *itemRow) *string { return &r.opts[i] }))
	}
	return append(cols,
		text("答案", true, func(r *itemRow) *string { return &r.it.Answer }),
		text("解析", false, func(r *itemRow) *string { return &r.it.Explanation }),
		text("图片", false, func(r *itemRow) *string { return &r.it.Image }),
		figure("图", func(r *itemRow) **curriculum.Figure { return &r.it.Figure }),
		text("容差", false, func(r *itemRow) *string { return &r.it.Check.Tolerance }),
		yesNo("百分数", func(r *itemRow) *bool { return &r.it.Check.Percent }),
		lines("同义答案", func(r *itemRow) *[]string { return &r.it.Check.Synonyms }),
		yesNo("区分大小写", func(r *itemRow) *bool { return &r.it.Check.CaseSensitive }),
		number("难度", func(r *itemRow) **float64 { return &r.it.Difficulty }),
		number("失误率", func(r *itemRow) **float64 { return &r.it.Slip }),
		number("猜测率", func(r *itemRow) **float64 { return &r.it.Guess }),
	)
}

func typeName(t curriculum.ItemType) string {
	for _, ti := range curriculum.Types {
		if ti.Type == t {
			return ti.Name
		}
	}
	return string(t)
}

func typeNames() []string {
	var out []string
	for _, t := range curriculum.Types {
		out = append(out, t.Name)
	}
	return out
}

// options gathers the option cells; a gap (选项C filled, 选项B empty) is
// the row's mistake.
func (r *itemRow) options() error {
	n := 0
	for i, o := range r.opts {
		if o == "" {
			continue
		}
		if i != n {
			return fmt.Errorf("选项%c 有内容但选项%c 为空；选项要从 A 起连续填写", 'A'+i, 'A'+n)
		}
		r.it.Options = append(r.it.Options, o)
		n++
	}
	return nil
}

// guide is the text of the 说明 sheet below the subject cells.
var guide = []string{
	"填写说明",
	"1. 本表是一个学科的内容：在上方 B1 填学科编号（math 数学、chinese 语文、english 英语、ethics 道德与法治、history 历史、geography 地理、physics 物理、chemistry 化学、biology 生物学、science 科学、politics 思想政治），B2 填学科中文名称。",
	"2. 章节表：一行一个章节。编号如 math.g3.ch2，年级填 1–12 的数字，大纲一行一个主题（单元格内换行用 Alt+Enter）。",
	"3. 知识点表：一行一个知识点。编号如 math.g3.frac_intro（学科.年级.英文短名）；章节填章节编号；先修知识点填编号，多个用逗号或顿号分隔，只能是本学科的知识点，且不能成环。",
	"4. 题目表：一行一道题。编号如 math.g3.frac_intro.1；知识点填一个或多个知识点编号；题型填 单选、多选、判断、填数、填式、填空 之一。",
	"5. 选择题把选项写在 选项A、选项B… 中（从 A 起连续），答案填字母，如 B；多选如 AC。判断题答案填 对 或 错。填数题答案写数，如 3/4、0.75；容差如 0.01 表示允许误差；百分数填 是 表示接受 75% 这种写法。",
	"6. 同义答案：其他也算对的写法，一行一个。区分大小写只用于英语拼写的填空题。难度、失误率、猜测率可留空（系统会用默认值）。",
	"7. 题干、选项、解析中的公式写在 $…$ 之间，如 $\\frac{3}{4}$。",
	"8. 导入时会先检查全部内容：任何一行有错，整个文件都不会导入；每个有错的行会给出一条说明（如 题目!行7: 答案 \"E\" 不在选项 A–D 中）。改正后重新导入即可；重复导入相同内容不会产生变化。",
	"9. 每个知识点至少要有 3 道题（数学全部知识点；其他学科：初中知识点和已经开始出题的知识点）。",
	"10. 例题：知识点表的 例题、例题步骤（一行一步）、例题答案 三列写一道讲解用的例题；每个知识点都应有例题。",
	"11. 图：题目表的 图 列和知识点表的 例题图 列可写一张图的描述，如 {kind: numberline, x: [-3, 3], points: [{name: A, x: 1}]}；kind 可用 numberline 数轴、graph 函数图像（functions: [\"x^2-1\"]）、geometry 几何图形（points 与 segments: [AB, BC]）、circuit 电路图（parts: [battery, switch, lamp]）、map 平面图。",
}

// Write writes subj as a workbook: 说明 (subject id and name, and how to
// fill the sheets), 章节, 知识点 and 题目.
func Write(w io.Writer, subj *curriculum.Subject) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetGuide); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	if err := writeGuide(f, subj.ID, subj.Name); err != nil {
		return err
	}
	if err := writeSheet(f, SheetChapters, chapterCols, subj.Chapters); err != nil {
		return err
	}
	// A copy: reading the example cells of a point without one gives it
	// an empty example, which must not leak into the caller's subject.
	if err := writeSheet(f, SheetPoints, pointCols, slices.Clone(subj.KnowledgePoints)); err != nil {
		return err
	}
	rows := make([]itemRow, len(subj.Items))
	for i, it := range subj.Items {
		if len(it.Options) > maxOptions {
			return fmt.Errorf("write workbook: item %s has %d options, the sheet holds at most %d", it.ID, len(it.Options), maxOptions)
		}
		rows[i].it = it
		copy(rows[i].opts[:], it.Options)
	}
	if err := writeSheet(f, SheetItems, itemCols(), rows); err != nil {
		return err
	}
	if err := addDropLists(f); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	return nil
}

// WriteTemplate writes the blank authoring workbook: headers, drop-down
// lists and the 说明 sheet, no content.
func WriteTemplate(w io.Writer) error {
	return Write(w, &curriculum.Subject{})
}

func writeGuide(f *excelize.File, id, name string) error {
	cells := [][]any{{"学科编号", id}, {"学科名称", name}, {}}
	for _, g := range guide {
		cells = append(cells, []any{g})
	}
	for i, row := range cells {
		if err := f.SetSheetRow(SheetGuide, fmt.Sprintf("A%d", i+1), &row); err != nil {
			return fmt.Errorf("write workbook: %w", err)
		}
	}
	if err := f.SetColWidth(SheetGuide, "A", "A", 14); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	return f.SetColWidth(SheetGuide, "B", "B", 30)
}

func writeSheet[T any](f *excelize.File, sheet string, cols []column[T], rows []T) error {
	if _, err := f.NewSheet(sheet); err != nil {
		return fmt.Errorf("write sheet %s: %w", sheet, err)
	}
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = c.head
	}
	if err := f.SetSheetRow(sheet, "A1", &head); err != nil {
		return fmt.Errorf("write sheet %s: %w", sheet, err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("write sheet %s: %w", sheet, err)
	}
	if err := f.SetRowStyle(sheet, 1, 1, bold); err != nil {
		return fmt.Errorf("write sheet %s: %w", sheet, err)
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("write sheet %s: %w", sheet, err)
	}
	for r := range rows {
		for c, col := range cols {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+2)
			switch v := col.get(&rows[r]).(type) {
			case nil:
			case string:
				if v != "" {
					err = f.SetCellStr(sheet, cell, v)
				}
			case int:
				err = f.SetCellInt(sheet, cell, int64(v))
			case float64:
				err = f.SetCellFloat(sheet, cell, v, -1, 64)
			}
			if err != nil {
				return fmt.Errorf("write sheet %s cell %s: %w", sheet, cell, err)
			}
		}
	}
	return nil
}

// addDropLists offers the valid values in cells where only a few are
// allowed.
func addDropLists(f *excelize.File) error {
	cols := itemCols()
	for i, c := range cols {
		var keys []string
		switch c.head {
		case "题型":
			keys = typeNames()
		case "百分数", "区分大小写":
			keys = []string{"是", "否"}
		default:
			continue
		}
		name, _ := excelize.ColumnNumberToName(i + 1)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s2:%s5000", name, name)
		if err := dv.SetDropList(keys); err != nil {
			return fmt.Errorf("write drop-down list: %w", err)
		}
		if err := f.AddDataValidation(SheetItems, dv); err != nil {
			return fmt.Errorf("write drop-down list: %w", err)
		}
	}
	return nil
}

// Read parses a workbook into content fragments, one per sheet, whose
// positions are sheet rows. The problems are the rows that do not parse,
// one per row; a workbook with problems must not be imported. The error is
// for a file that is not a readable workbook at all.
func Read(r io.Reader) ([]curriculum.Fragment, []curriculum.Problem, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, nil, fmt.Errorf("read workbook: %w (is it an .xlsx file?)", err)
	}
	defer f.Close()
	var probs []curriculum.Problem
	id, name := guideCell(f, "B1"), guideCell(f, "B2")
	if id == "" {
		probs = append(probs, curriculum.Problem{File: SheetGuide, Line: 1, Msg: "学科编号为空；在 说明 表 B1 填写学科编号，如 math"})
	}
	guideFrag := curriculum.Fragment{File: SheetGuide, Subject: curriculum.Subject{ID: id, Name: name}, SubjectLine: 2}

	chapters, chLines, p, err := readSheet(f, SheetChapters, false, chapterCols, nil)
	if err != nil {
		return nil, nil, err
	}
	probs = append(probs, p...)
	points, kpLines, p, err := readSheet(f, SheetPoints, true, pointCols, dropEmptyExample)
	if err != nil {
		return nil, nil, err
	}
	probs = append(probs, p...)
	rows, itLines, p, err := readSheet(f, SheetItems, true, itemCols(), (*itemRow).options)
	if err != nil {
		return nil, nil, err
	}
	probs = append(probs, p...)
	items := make([]curriculum.Item, len(rows))
	for i, r := range rows {
		items[i] = r.it
	}
	frags := []curriculum.Fragment{
		guideFrag,
		{File: SheetChapters, Subject: curriculum.Subject{ID: id, Chapters: chapters}, Chapters: chLines},
		{File: SheetPoints, Subject: curriculum.Subject{ID: id, KnowledgePoints: points}, KnowledgePoints: kpLines},
		{File: SheetItems, Subject: curriculum.Subject{ID: id, Items: items}, Items: itLines},
	}
	return frags, probs, nil
}

func guideCell(f *excelize.File, cell string) string {
	v, err := f.GetCellValue(SheetGuide, cell)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(v)
}

// readSheet parses the data rows of one sheet by its header row. Each bad
// row yields one problem listing every wrong cell; finish checks what
// spans cells.
func readSheet[T any](f *excelize.File, sheet string, needed bool, cols []column[T], finish func(*T) error) ([]T, []curriculum.Lines, []curriculum.Problem, error) {
	if !slices.Contains(f.GetSheetList(), sheet) {
		if !needed {
			return nil, nil, nil, nil
		}
		return nil, nil, []curriculum.Problem{{File: sheet, Line: 1, Msg: fmt.Sprintf("缺少工作表 %s；用 zhixi content template 生成的模板填写", sheet)}}, nil
	}
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("read sheet %s: %w", sheet, err)
	}
	if len(rows) == 0 {
		return nil, nil, []curriculum.Problem{{File: sheet, Line: 1, Msg: "缺少表头行"}}, nil
	}
	at := map[string]int{}
	var reasons []string
	for i, h := range rows[0] {
		h = strings.TrimSpace(h)
		if h == "" {
			continue
		}
		if !slices.ContainsFunc(cols, func(c column[T]) bool { return c.head == h }) {
			reasons = append(reasons, fmt.Sprintf("表头 %q 无法识别；删掉这一列或改成模板中的列名", h))
			continue
		}
		at[h] = i
	}
	for _, c := range cols {
		if _, ok := at[c.head]; !ok && c.required {
			reasons = append(reasons, fmt.Sprintf("缺少列 %s", c.head))
		}
	}
	if len(reasons) > 0 {
		return nil, nil, []curriculum.Problem{{File: sheet, Line: 1, Msg: strings.Join(reasons, "；")}}, nil
	}
	var out []T
	var lines []curriculum.Lines
	var probs []curriculum.Problem
	for r, row := range rows[1:] {
		cell := func(h string) string {
			if i, ok := at[h]; ok && i < len(row) {
				return strings.TrimSpace(row[i])
			}
			return ""
		}
		if !slices.ContainsFunc(row, func(s string) bool { return strings.TrimSpace(s) != "" }) {
			continue
		}
		var t T
		reasons = reasons[:0]
		for _, c := range cols {
			v := cell(c.head)
			if v == "" {
				if c.required {
					reasons = append(reasons, c.head+"为空，请填写")
				}
				continue
			}
			if err := c.set(&t, v); err != nil {
				reasons = append(reasons, fmt.Sprintf("%s %q %v", c.head, v, err))
			}
		}
		if finish != nil {
			if err := finish(&t); err != nil {
				reasons = append(reasons, err.Error())
			}
		}
		if len(reasons) > 0 {
			probs = append(probs, curriculum.Problem{File: sheet, Line: r + 2, ID: cell("编号"), Msg: strings.Join(reasons, "；")})
			continue
		}
		out = append(out, t)
		lines = append(lines, curriculum.Lines{At: r + 2})
	}
	return out, lines, probs, nil
}

// OnePerRow merges problems at the same place into one message, so each
// bad row of a workbook gets exactly one line of output.
func OnePerRow(ps []curriculum.Problem) []curriculum.Problem {
	var out []curriculum.Problem
	for _, p := range ps {
		if n := len(out); n > 0 && out[n-1].File == p.File && out[n-1].Line == p.Line && p.Line > 0 {
			last := &out[n-1]
			last.Msg += "；" + p.Msg
			last.Warning = last.Warning && p.Warning
			if last.ID == "" {
				last.ID = p.ID
			}
			continue
		}
		out = append(out, p)
	}
	return out
}
