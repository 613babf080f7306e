package curriculum

import (
	"strings"
	"testing"
)

var abcd = []string{"1", "2", "3", "4"}

func TestCheckChoice(t *testing.T) {
	single := &Item{ID: "s", Type: SingleChoice, Options: abcd, Answer: "B"}
	multi := &Item{ID: "m", Type: MultiChoice, Options: abcd, Answer: "A,C"}
	tf := &Item{ID: "t", Type: TrueFalse, Answer: "对"}
	tfFalse := &Item{ID: "f", Type: TrueFalse, Answer: "false"}
	for _, c := range []struct {
		it      *Item
		resp    string
		correct bool
		norm    string
		reason  string
	}{
		{single, "B", true, "B", ""},
		{single, "b", true, "B", ""},
		{single, "Ｂ", true, "B", ""},
		{single, " B ", true, "B", ""},
		{single, "(B)", true, "B", ""},
		{single, "B.", true, "B", ""},
		{single, "C", false, "C", "不正确"},
		{single, "E", false, "", "没有选项 E"},
		{single, "AB", false, "", "只能选一个"},
		{single, "2", false, "", "选项字母"},
		{multi, "A,C", true, "AC", ""},
		{multi, "AC", true, "AC", ""},
		{multi, "C、A", true, "AC", ""},
		{multi, "c a", true, "AC", ""},
		{multi, "ＣＡ", true, "AC", ""},
		{multi, "A", false, "A", "选项不全"},
		{multi, "ACD", false, "ACD", "不正确"},
		{multi, "AD", false, "AD", "不正确"},
		{tf, "对", true, "对", ""},
		{tf, "√", true, "对", ""},
		{tf, "T", true, "对", ""},
		{tf, "true", true, "对", ""},
		{tf, "正确", true, "对", ""},
		{tf, "错", false, "错", "不正确"},
		{tf, "maybe", false, "", "对”或“错"},
		{tfFalse, "×", true, "错", ""},
		{tfFalse, "F", true, "错", ""},
		{tfFalse, "错误", true, "错", ""},
		{tfFalse, "x", true, "错", ""},
	} {
		v, err := Check(c.it, c.resp)
		if err != nil {
			t.Fatalf("Check(%s, %q): %v", c.it.ID, c.resp, err)
		}
		if v.Correct != c.correct || v.Normalized != c.norm || !strings.Contains(v.Reason, c.reason) {
			t.Errorf("Check(%s, %q) = %+v, want correct=%v normalized=%q reason~%q", c.it.ID, c.resp, v, c.correct, c.norm, c.reason)
		}
	}
}

func TestCheckBrokenItem(t *testing.T) {
	for _, c := range []struct {
		it   *Item
		want string
	}{
		{&Item{ID: "a", Type: FillNumber, Answer: "3//4"}, `item a: answer "3//4" is not a number`},
		{&Item{ID: "b", Type: "essay", Answer: "x"}, `unknown item type "essay"`},
		{&Item{ID: "c", Answer: "x"}, "no type"},
		{&Item{ID: "d", Type: FillText}, "answer is empty"},
		{&Item{ID: "e", Type: SingleChoice, Options: abcd, Answer: "F"}, "no option F"},
		{&Item{ID: "f", Type: FillExpr, Answer: "2x+"}, `answer "2x+" is not a valid expression`},
		{&Item{ID: "g", Type: FillNumber, Answer: "1", Check: CheckRule{Tolerance: "a lot"}}, "check.tolerance"},
	} {
		_, err := Check(c.it, "1")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Check(%s) error = %v, want %q", c.it.ID, err, c.want)
		}
	}
	if _, err := Check(nil, "1"); err == nil {
		t.Error("Check(nil) succeeded")
	}
}

func TestValidateItem(t *testing.T) {
	for _, c := range []struct {
		it   *Item
		want string // "" = valid
	}{
		{&Item{ID: "ok1", Type: SingleChoice, Options: abcd, Answer: "B"}, ""},
		{&Item{ID: "ok2", Type: MultiChoice, Options: abcd, Answer: "A、C"}, ""},
		{&Item{ID: "ok3", Type: TrueFalse, Answer: "错"}, ""},
		{&Item{ID: "ok4", Type: FillNumber, Answer: "0.5", Check: CheckRule{Percent: true, Tolerance: "0.01", Synonyms: []string{"1/3"}}}, ""},
		{&Item{ID: "ok5", Type: FillExpr, Answer: "x=1或x=2", Check: CheckRule{Synonyms: []string{"1,2"}}}, ""},
		{&Item{ID: "ok6", Type: FillText, Answer: "Beijing", Check: CheckRule{CaseSensitive: true, Synonyms: []string{"Peking"}}}, ""},
		{&Item{ID: "ok7", Type: FillExpr, Answer: "(-∞,1)∪(3,+∞)"}, ""},
		{&Item{ID: "n1", Type: FillNumber, Answer: "3//4"}, `item n1: answer "3//4" is not a number: more than one "/" in "3//4"`},
		{&Item{ID: "n2", Type: FillNumber, Answer: "1", Check: CheckRule{Tolerance: "-0.1"}}, "negative"},
		{&Item{ID: "n3", Type: FillNumber, Answer: "50%"}, "percentage"},
		{&Item{ID: "n4", Type: FillNumber, Answer: "1", Check: CheckRule{Synonyms: []string{"one"}}}, `answer "one" is not a number`},
		{&Item{ID: "c1", Type: SingleChoice, Options: abcd, Answer: "AB"}, "exactly one letter"},
		{&Item{ID: "c2", Type: SingleChoice, Options: []string{"1"}, Answer: "A"}, "at least 2 options"},
		{&Item{ID: "c3", Type: SingleChoice, Options: []string{"1", "2", " 1 "}, Answer: "A"}, "options A and C are the same"},
		{&Item{ID: "c4", Type: MultiChoice, Options: abcd, Answer: "AE"}, "no option E"},
		{&Item{ID: "c5", Type: SingleChoice, Options: []string{"1", ""}, Answer: "A"}, "option B is empty"},
		{&Item{ID: "c6", Type: SingleChoice, Options: abcd, Answer: "A", Check: CheckRule{Synonyms: []string{"B"}}}, "synonyms do not apply"},
		{&Item{ID: "t1", Type: TrueFalse, Answer: "maybe"}, "not a true/false answer"},
		{&Item{ID: "t2", Type: TrueFalse, Answer: "对", Options: []string{"对", "错"}}, "must not have options"},
		{&Item{ID: "e1", Type: FillExpr, Answer: "x^2+"}, "not a valid expression"},
		{&Item{ID: "e2", Type: FillExpr, Answer: "√(-1-x^2)"}, "does not check correct"},
		{&Item{ID: "e3", Type: FillExpr, Answer: "1/0"}, "division by zero"},
		{&Item{ID: "e4", Type: FillExpr, Answer: "x", Check: CheckRule{Tolerance: "0.1"}}, "tolerance applies only"},
		{&Item{ID: "x1", Type: FillText, Answer: "x", Check: CheckRule{Percent: true}}, "percent applies only"},
		{&Item{ID: "x2", Type: FillNumber, Answer: "1", Check: CheckRule{CaseSensitive: true}}, "case_sensitive applies only"},
		{&Item{ID: "x3", Type: FillText, Answer: "。"}, "empty after normalisation"},
		{&Item{ID: "x4", Type: FillText, Answer: strings.Repeat("长", 501)}, "at most 500"},
	} {
		err := ValidateItem(c.it)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("ValidateItem(%s) = %v, want nil", c.it.ID, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("ValidateItem(%s) = %v, want error containing %q", c.it.ID, err, c.want)
		case err != nil && !strings.HasPrefix(err.Error(), "item "+c.it.ID+": "):
			t.Errorf("ValidateItem(%s) = %v, want it to name the item", c.it.ID, err)
		}
	}
}

func TestResponseTooLong(t *testing.T) {
	it := &Item{ID: "l", Type: FillText, Answer: "a"}
	v, err := Check(it, strings.Repeat("a", 501))
	if err != nil || v.Correct || !strings.Contains(v.Reason, "过长") {
		t.Errorf("Check(long) = %+v, %v; want a 过长 reason", v, err)
	}
}

func TestFoldMath(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"１／２", "1/2"},
		{"−3", "-3"},
		{"2×3÷4", "2*3/4"},
		{"x²", "x^(2)"},
		{"x⁻¹⁰+1", "x^(-10)+1"},
		{"x₁₂+y₃", "x_12+y_3"},
		{"3。5", "3.5"},
		{"【1】", "[1]"},
		{"x≦1", "x≤1"},
	} {
		if got := foldMath(c.in); got != c.want {
			t.Errorf("foldMath(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
