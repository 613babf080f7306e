// Package curriculum holds the content layer: subjects, chapters, knowledge
// points (知识点) with their prerequisite DAG, items (题目) with their
// Q-matrix, and the rules that judge a student's answer. It does no I/O
// beyond reading an fs.FS handed to it, so the screening and tracing
// engines, the CLI and the web app all share one model.
package curriculum

// Stage is a school stage.
type Stage string

// The three school stages; grades 1-6, 7-9 and 10-12.
const (
	Primary Stage = "小学"
	Middle  Stage = "初中"
	High    Stage = "高中"
)

// StageOf maps a grade (1-12) to its stage.
func StageOf(grade int) Stage {
	switch {
	case grade <= 6:
		return Primary
	case grade <= 9:
		return Middle
	default:
		return High
	}
}

// Chapter groups knowledge points of one grade; it is the outline level
// that every subject ships even where items are not written yet.
type Chapter struct {
	ID    string `json:"id" yaml:"id"`
	Grade int    `json:"grade" yaml:"grade"`
	Name  string `json:"name" yaml:"name"`
	// Outline lists the chapter's topics where they are not (yet) modelled
	// as knowledge points with items.
	Outline []string `json:"outline,omitempty" yaml:"outline,omitempty"`
}

// KnowledgePoint is one node of the prerequisite graph.
type KnowledgePoint struct {
	ID      string `json:"id" yaml:"id"`
	Name    string `json:"name" yaml:"name"`
	Grade   int    `json:"grade,omitempty" yaml:"grade,omitempty"`
	Chapter string `json:"chapter,omitempty" yaml:"chapter,omitempty"`
	// Explanation is the 解读: what the point is, typical mistakes and how
	// to learn it, in one paragraph.
	Explanation   string   `json:"explanation,omitempty" yaml:"explanation,omitempty"`
	Prerequisites []string `json:"prerequisites,omitempty" yaml:"prerequisites,omitempty"`
	// Example is the 例题 the practice engine teaches the point with before
	// the student tries items.
	Example *WorkedExample `json:"example,omitempty" yaml:"example,omitempty"`
}

// WorkedExample is a solved problem: the stem, the steps a teacher would
// write on the board, and the answer (text with inline LaTeX).
type WorkedExample struct {
	Stem   string   `json:"stem" yaml:"stem"`
	Steps  []string `json:"steps" yaml:"steps"`
	Answer string   `json:"answer" yaml:"answer"`
	Figure *Figure  `json:"figure,omitempty" yaml:"figure,omitempty"`
}

// ItemType says how an item is answered and therefore how it is checked.
type ItemType string

// The item types.
const (
	SingleChoice ItemType = "single_choice"
	MultiChoice  ItemType = "multiple_choice"
	TrueFalse    ItemType = "true_false"
	FillNumber   ItemType = "fill_number"
	FillExpr     ItemType = "fill_expression"
	FillText     ItemType = "fill_text"
)

// Item is one question. Stem, options and explanation are text with inline
// LaTeX between $...$.
type Item struct {
	ID    string   `json:"id" yaml:"id"`
	Type  ItemType `json:"type,omitempty" yaml:"type,omitempty"`
	Stem  string   `json:"stem,omitempty" yaml:"stem,omitempty"`
	Image string   `json:"image,omitempty" yaml:"image,omitempty"`
	// Figure is a diagram drawn from a small description (see Figure).
	Figure          *Figure  `json:"figure,omitempty" yaml:"figure,omitempty"`
	Options         []string `json:"options,omitempty" yaml:"options,omitempty"`
	Answer          string   `json:"answer,omitempty" yaml:"answer,omitempty"`
	Explanation     string   `json:"explanation,omitempty" yaml:"explanation,omitempty"`
	KnowledgePoints []string `json:"knowledge_points" yaml:"knowledge_points"`
	// Check tunes answer checking; the zero value is the strict default.
	Check CheckRule `json:"check,omitempty" yaml:"check,omitempty"`
	// Calibrated parameters; nil means uncalibrated (engines use defaults).
	Difficulty *float64 `json:"difficulty,omitempty" yaml:"difficulty,omitempty"`
	Slip       *float64 `json:"slip,omitempty" yaml:"slip,omitempty"`
	Guess      *float64 `json:"guess,omitempty" yaml:"guess,omitempty"`
	// Template names the parametric template that generated the item, and
	// Seed the seed that reproduces it.
	Template string `json:"template,omitempty" yaml:"template,omitempty"`
	Seed     int64  `json:"seed,omitempty" yaml:"seed,omitempty"`
}

// CheckRule holds per-item answer-checking options.
type CheckRule struct {
	// Tolerance is the absolute tolerance for decimal answers ("0.01");
	// empty means exact.
	Tolerance string `json:"tolerance,omitempty" yaml:"tolerance,omitempty"`
	// Percent accepts "50%" for 0.5.
	Percent bool `json:"percent,omitempty" yaml:"percent,omitempty"`
	// Synonyms are further accepted answers for fill_text (and alternative
	// forms for other fill types).
	Synonyms []string `json:"synonyms,omitempty" yaml:"synonyms,omitempty"`
	// CaseSensitive keeps case for fill_text (spelling items in English).
	CaseSensitive bool `json:"case_sensitive,omitempty" yaml:"case_sensitive,omitempty"`
	// Decimals is a rounding rule for fill_number (保留两位小数): the key is
	// written with that many places and the response must show exactly as
	// many (3.00, not 3 or 3.000). A key written with trailing zeros after
	// the point (23.60) implies it.
	Decimals *int `json:"decimals,omitempty" yaml:"decimals,omitempty"`
	// Form is the form the item asks for; a response of the right value in
	// another form is sent back as malformed: FormDecimal (用小数表示,
	// fill_number), FormGeneral (写成一般式, fill_expression) or FormRoster
	// (用列举法表示, fill_expression).
	Form string `json:"form,omitempty" yaml:"form,omitempty"`
	// Units may follow the number in a fill_number response ("个", "V");
	// the unit printed right after the stem's blank (____个) is accepted
	// without being listed.
	Units []string `json:"units,omitempty" yaml:"units,omitempty"`
	// Optional words a fill_text response may add or leave out ("元素": 铁元素
	// for 铁).
	Optional []string `json:"optional,omitempty" yaml:"optional,omitempty"`
}

// The forms CheckRule.Form can require.
const (
	FormDecimal = "decimal"
	FormGeneral = "general"
	FormRoster  = "roster"
)
