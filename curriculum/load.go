package curriculum

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Lines locates one element of a content file: the line (or spreadsheet
// row) where it starts and the line of each of its keys, so a problem can
// point at the exact field an author has to fix.
type Lines struct {
	At     int
	Fields map[string]int
}

// Line returns the line of key, or of the element when key is absent.
func (l Lines) Line(key string) int {
	if n, ok := l.Fields[key]; ok {
		return n
	}
	return l.At
}

// Fragment is one decoded content file: a part of a subject plus where each
// chapter, knowledge point and item stands in the file (the Lines slices
// run parallel to the Subject's slices). Several fragments of one subject
// merge into one Subject in a Bank.
type Fragment struct {
	File            string
	Subject         Subject
	SubjectLine     int
	Chapters        []Lines
	KnowledgePoints []Lines
	Items           []Lines
	// Bare allows items that carry only ids, knowledge points and
	// parameters (no type, stem or answer): the JSON interchange form of an
	// external knowledge graph and Q-matrix.
	Bare bool
}

// LoadOptions attaches the parametric templates (which live in Go code, not
// in content files) and sets how many seeds of each template Validate
// self-checks.
type LoadOptions struct {
	Templates []Template
	// Instances is the number of seeds per template that Validate generates
	// and checks; 0 means 50.
	Instances int
}

// LoadError lists every problem that stopped files from decoding, each
// with its file and line.
type LoadError struct {
	Problems []Problem
}

func (e *LoadError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return "load content: " + strings.Join(lines, "\n")
}

// Load reads every <subject>/*.yaml and <subject>/*.json file of fsys and
// builds the bank. Files that do not decode (bad YAML, unknown keys, wrong
// types) make it return a *LoadError naming each one; everything else,
// duplicates and dangling references included, is reported by Validate so
// an author sees all problems of the content at once. At most one
// LoadOptions may be given.
func Load(fsys fs.FS, opts ...LoadOptions) (*Bank, error) {
	if len(opts) > 1 {
		return nil, errors.New("load content: more than one LoadOptions")
	}
	var o LoadOptions
	if len(opts) == 1 {
		o = opts[0]
	}
	var names []string
	for _, pat := range []string{"*/*.yaml", "*/*.json"} {
		m, err := fs.Glob(fsys, pat)
		if err != nil {
			return nil, fmt.Errorf("load content: %w", err)
		}
		names = append(names, m...)
	}
	sort.Strings(names)
	if len(names) == 0 {
		return nil, errors.New("load content: no <subject>/*.yaml or <subject>/*.json files found")
	}
	var frags []Fragment
	var probs []Problem
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("load content: %w", err)
		}
		f, err := ReadFragment(name, data)
		var le *LoadError
		switch {
		case errors.As(err, &le):
			probs = append(probs, le.Problems...)
			continue
		case err != nil:
			return nil, err
		}
		if dir := path.Base(path.Dir(name)); f.Subject.ID != dir {
			probs = append(probs, Problem{File: name, Line: f.SubjectLine, ID: f.Subject.ID,
				Msg: fmt.Sprintf("文件在目录 %s 下，但 subject 是 %q；把文件移到 %s/ 或改正 subject", dir, f.Subject.ID, f.Subject.ID)})
			continue
		}
		frags = append(frags, *f)
	}
	if len(probs) > 0 {
		sortProblems(probs)
		return nil, &LoadError{Problems: probs}
	}
	return NewBank(frags, o), nil
}

// ReadFragment decodes one content file, YAML or JSON interchange (JSON is
// read as YAML, which it is a subset of, so both get line numbers). Unknown
// keys are errors so a misspelt key cannot silently drop data. The error is
// a *LoadError.
func ReadFragment(name string, data []byte) (*Fragment, error) {
	f := &Fragment{File: name, Bare: strings.HasSuffix(name, ".json")}
	fail := func(line int, msg string) (*Fragment, error) {
		return nil, &LoadError{Problems: []Problem{{File: name, Line: line, Msg: msg}}}
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return fail(1, "文件为空；至少要写 subject: <学科编号>")
		}
		// For parser errors yaml reports where the enclosing block starts,
		// so the mistake may be a few lines further down.
		line, msg := splitYAMLError(err.Error())
		return fail(line, "YAML 语法错误（在此行或其后几行）："+msg)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return fail(extra.Line, "一个文件只能有一个 YAML 文档；删除 --- 之后的部分或拆成两个文件")
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		return fail(root.Line, "顶层必须是键值映射（subject, name, chapters, knowledge_points, items）")
	}
	strict := yaml.NewDecoder(bytes.NewReader(data))
	strict.KnownFields(true)
	if err := strict.Decode(&f.Subject); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			line, msg := splitYAMLError(err.Error())
			return fail(line, msg)
		}
		le := &LoadError{}
		for _, e := range te.Errors {
			line, msg := splitYAMLError(e)
			le.Problems = append(le.Problems, Problem{File: name, Line: line, Msg: explainDecodeError(msg)})
		}
		return nil, le
	}
	le := &LoadError{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, val := root.Content[i], root.Content[i+1]
		var lines *[]Lines
		switch key.Value {
		case "subject":
			f.SubjectLine = key.Line
		case "chapters":
			lines = &f.Chapters
		case "knowledge_points":
			lines = &f.KnowledgePoints
		case "items":
			lines = &f.Items
		}
		if lines == nil {
			continue
		}
		for _, el := range val.Content {
			if el.Kind != yaml.MappingNode {
				le.Problems = append(le.Problems, Problem{File: name, Line: el.Line,
					Msg: fmt.Sprintf("%s 的每一项都要是键值映射（id: …），这里是 %q", key.Value, el.Value)})
				continue
			}
			*lines = append(*lines, elementLines(el))
		}
	}
	if len(le.Problems) > 0 {
		return nil, le
	}
	if f.Subject.ID == "" {
		return fail(root.Line, "缺少 subject（学科编号，如 math）")
	}
	return f, nil
}

// elementLines records where an element of a sequence and each of its
// keys start.
func elementLines(el *yaml.Node) Lines {
	l := Lines{At: el.Line, Fields: map[string]int{}}
	for j := 0; j+1 < len(el.Content); j += 2 {
		l.Fields[el.Content[j].Value] = el.Content[j].Line
	}
	return l
}

var yamlLineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// splitYAMLError takes the "line N: " prefix off a yaml error message.
func splitYAMLError(s string) (int, string) {
	m := yamlLineRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, strings.TrimPrefix(s, "yaml: ")
	}
	n, _ := strconv.Atoi(m[1])
	return n, m[2]
}

var unknownFieldRE = regexp.MustCompile(`^field (\S+) not found in type curriculum\.(\w+)$`)

// explainDecodeError turns the decoder's message for an unknown key into
// one that lists the keys that are allowed.
func explainDecodeError(msg string) string {
	m := unknownFieldRE.FindStringSubmatch(msg)
	if m == nil {
		if strings.Contains(msg, "cannot unmarshal") {
			return "类型错误：" + msg
		}
		return "YAML 错误：" + msg
	}
	types := map[string]reflect.Type{
		"Subject":        reflect.TypeFor[Subject](),
		"Chapter":        reflect.TypeFor[Chapter](),
		"KnowledgePoint": reflect.TypeFor[KnowledgePoint](),
		"Item":           reflect.TypeFor[Item](),
		"CheckRule":      reflect.TypeFor[CheckRule](),
		"WorkedExample":  reflect.TypeFor[WorkedExample](),
		"Figure":         reflect.TypeFor[Figure](),
		"FigurePoint":    reflect.TypeFor[FigurePoint](),
		"FigureCircle":   reflect.TypeFor[FigureCircle](),
	}
	t, ok := types[m[2]]
	if !ok {
		return fmt.Sprintf("未知的键 %q", m[1])
	}
	var keys []string
	for i := range t.NumField() {
		if tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]; tag != "" {
			keys = append(keys, tag)
		}
	}
	return fmt.Sprintf("未知的键 %q（%s 允许的键：%s）", m[1], m[2], strings.Join(keys, ", "))
}
