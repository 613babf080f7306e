package curriculum

import (
	"math/big"
	"strings"
	"testing"
)

func TestParseNumber(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"0.5", "1/2"},
		{"1/2", "1/2"},
		{"2/4", "1/2"},
		{"½", "1/2"},
		{"¾", "3/4"},
		{"１／２", "1/2"},
		{"0.５", "1/2"},
		{"-3", "-3"},
		{"−3", "-3"}, // U+2212
		{"－3", "-3"}, // full width
		{"- 3", "-3"},
		{"+3", "3"},
		{"-1/2", "-1/2"},
		{"1 / 2", "1/2"},
		{"1 1/2", "3/2"},
		{"1  1/2", "3/2"},
		{"1又1/2", "3/2"},
		{"1½", "3/2"},
		{"1 ½", "3/2"},
		{"-1 1/2", "-3/2"},
		{"1,000", "1000"},
		{"1，000", "1000"},
		{"12,345,678.5", "24691357/2"},
		{"1.2e3", "1200"},
		{"1.2E-3", "3/2500"},
		{"1.2×10^3", "1200"},
		{"1.2×10³", "1200"},
		{"1.2×10⁻³", "3/2500"},
		{"1.2*10^(-3)", "3/2500"},
		{"3。5", "7/2"},
		{"3.", "3"},
		{"3。", "3"},
		{".5", "1/2"},
		{" 42 ", "42"},
		{"0.1/0.3", "1/3"},
		{"007", "7"},
		{"(-3)", "-3"},
		{"60°", "60"},
		{"22.5 °", "45/2"},
		{"（－3）", "-3"},
	} {
		r, err := ParseNumber(c.in)
		if err != nil {
			t.Errorf("ParseNumber(%q): %v", c.in, err)
			continue
		}
		if got := FormatRat(r); got != c.want {
			t.Errorf("ParseNumber(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestParseNumberRejects(t *testing.T) {
	for _, c := range []struct{ in, reason string }{
		{"", "未作答"},
		{"50%", "百分数"},
		{"1,00", "逗号"},
		{"1,0000", "逗号"},
		{"0,5", "逗号"},
		{",5", "逗号"},
		{"3//4", "只能有一个"},
		{"1/2/3", "只能有一个"},
		{"1/0", "分母不能为 0"},
		{"1 1/0", "分母不能为 0"},
		{"1 3/2", "小于 1"},
		{"1.2.3", "小数点"},
		{"3cm", "字母"},
		{"三", "字母"},
		{"x=3", "x="},
		{"1e999", "指数"},
		{"1e", "数字"},
		{"2*3", "科学记数法"},
		{"1 000", "数字"},
		{"--3", "数字"},
		{"1/-2", "数字"},
		{".", "数字"},
		{"()", "数字"},
		{"°", "数字"},
		{"60°°", "数字"},
		{"(()", "数字"},
		{strings.Repeat("1", 501), "过长"},
	} {
		r, err := ParseNumber(c.in)
		if err == nil {
			t.Errorf("ParseNumber(%q) = %s, want error", c.in, FormatRat(r))
			continue
		}
		if got := reasonOf(err); !strings.Contains(got, c.reason) {
			t.Errorf("ParseNumber(%q) reason %q, want it to mention %q (error %v)", c.in, got, c.reason, err)
		}
	}
}

func TestFormatRat(t *testing.T) {
	for _, c := range []struct {
		r    *big.Rat
		want string
	}{
		{big.NewRat(6, 3), "2"},
		{big.NewRat(-6, 4), "-3/2"},
		{big.NewRat(0, 5), "0"},
		{big.NewRat(1, -3), "-1/3"},
	} {
		if got := FormatRat(c.r); got != c.want {
			t.Errorf("FormatRat(%v) = %q, want %q", c.r, got, c.want)
		}
	}
}

func TestCheckNumber(t *testing.T) {
	half := &Item{ID: "half", Type: FillNumber, Answer: "1/2"}
	pct := &Item{ID: "pct", Type: FillNumber, Answer: "0.5", Check: CheckRule{Percent: true}}
	third := &Item{ID: "third", Type: FillNumber, Answer: "1/3"}
	pi := &Item{ID: "pi", Type: FillNumber, Answer: "3.1416", Check: CheckRule{Tolerance: "0.01"}}
	roots := &Item{ID: "roots", Type: FillNumber, Answer: "3", Check: CheckRule{Synonyms: []string{"-3"}}}
	for _, c := range []struct {
		it      *Item
		resp    string
		correct bool
		norm    string
		reason  string
	}{
		{half, "0.5", true, "1/2", ""},
		{half, "1/2", true, "1/2", ""},
		{half, "2/4", true, "1/2", ""},
		{half, "½", true, "1/2", ""},
		{half, "１／２", true, "1/2", ""},
		{half, "50%", false, "", "百分数"},
		{half, "0.51", false, "51/100", "不正确"},
		{half, "abc", false, "", "字母"},
		{half, "   ", false, "", "未作答"},
		{pct, "50%", true, "1/2", ""},
		{pct, "50 %", true, "1/2", ""},
		{pct, "５０％", true, "1/2", ""},
		{pct, "0.5", true, "1/2", ""},
		{pct, "5%", false, "1/20", "不正确"},
		{third, "0.333", false, "333/1000", "精确值"},
		{third, "0.4", false, "2/5", "不正确"},
		{pi, "3.14", true, "157/50", ""},
		{pi, "3.15", true, "63/20", ""},
		{pi, "3.16", false, "79/25", "不正确"},
		{roots, "-3", true, "-3", ""},
		{roots, "−3", true, "-3", ""},
		{roots, "3", true, "3", ""},
		{roots, "x=3", false, "", "x="},
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

func TestMinusSignsAgree(t *testing.T) {
	a, errA := ParseNumber("-3")
	b, errB := ParseNumber("−3")
	if errA != nil || errB != nil || a.Cmp(b) != 0 {
		t.Fatalf(`"-3" = %v (%v), "−3" = %v (%v); want equal`, a, errA, b, errB)
	}
}

func TestIsFiniteDecimal(t *testing.T) {
	for _, c := range []struct {
		r    *big.Rat
		want bool
	}{
		{big.NewRat(1, 2), true}, {big.NewRat(3, 40), true}, {big.NewRat(1, 3), false}, {big.NewRat(7, 1), true}, {big.NewRat(1, 6), false},
	} {
		if got := isFiniteDecimal(c.r); got != c.want {
			t.Errorf("isFiniteDecimal(%v) = %v", c.r, got)
		}
	}
}
