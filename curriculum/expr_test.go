package curriculum

import (
	"fmt"
	"strings"
	"testing"
)

func TestParseExprFormat(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"2x", "2*x"},
		{"2(x+1)", "2*(x+1)"},
		{"(x+1)(x-1)", "(x+1)*(x-1)"},
		{"3xy", "3*x*y"},
		{"x**2", "x^2"},
		{"x²+1", "x^2+1"},
		{"x⁻¹", "x^-1"},
		{"--x", "--x"},
		{"-(2x)", "-(2*x)"},
		{"2^-x^2", "2^-x^2"},
		{"2×3÷4", "2*3/4"},
		{"2·x", "2*x"},
		{"−x", "-x"},
		{"-x^2", "-x^2"},
		{"(-x)^2", "(-x)^2"},
		{"2^3^2", "2^3^2"},
		{"(2^3)^2", "(2^3)^2"},
		{"1/2x", "(1/2)*x"},
		{"1/(2x)", "1/(2*x)"},
		{"a-(b-c)", "a-(b-c)"},
		{"a-b-c", "a-b-c"},
		{"a/(b*c)", "a/(b*c)"},
		{"√2", "√(2)"},
		{"√x+1", "√(x)+1"},
		{"√(x+1)", "√(x+1)"},
		{"sqrt(x+1)^2", "√(x+1)^2"},
		{"√x^2", "√(x^2)"},
		{"2π", "2*π"},
		{"2pi r", "2*π*r"},
		{"（x＋1）［x－1］", "(x+1)*(x-1)"},
		{"【x+1】", "x+1"},
		{"x₁+x₂", "x_1+x_2"},
		{"0.5x", "(1/2)*x"},
		{"1½x", "(3/2)*x"},
		{"x^-2", "x^-2"},
		{"x^(1/2)", "x^(1/2)"},
		{"+x", "x"},
	} {
		n, err := parseExpr(foldMath(c.in))
		if err != nil {
			t.Errorf("parseExpr(%q): %v", c.in, err)
			continue
		}
		if got := n.format(); got != c.want {
			t.Errorf("parseExpr(%q) = %s, want %s", c.in, got, c.want)
		}
		// The printed form must read back as the same tree.
		m, err := parseExpr(foldMath(n.format()))
		if err != nil || m.format() != n.format() {
			t.Errorf("reparse of %q = %v, %v", n.format(), m, err)
		}
	}
}

func TestParseExprRejects(t *testing.T) {
	for _, c := range []struct{ in, reason string }{
		{"x2", "数字应写在"},
		{"(x+1)2", "数字应写在"},
		{"2 3", "数字应写在"},
		{"sin(x)", "sin"},
		{"ln x", "ln"},
		{"x+", "不完整"},
		{"(x+1", "括号"},
		{"x+1)", "右括号"},
		{"()", "括号"},
		{"*x", "运算符"},
		{"x$", "无法识别的符号"},
		{"二x", "汉字"},
		{"1.2.3x", "小数点"},
		{"∞", "区间"},
		{strings.Repeat("(", 70) + "x" + strings.Repeat(")", 70), "嵌套"},
		{strings.Repeat("-", 100) + "x", "嵌套"},
	} {
		_, err := parseExpr(foldMath(c.in))
		if err == nil {
			t.Errorf("parseExpr(%q) succeeded, want error", c.in)
			continue
		}
		if got := reasonOf(err); !strings.Contains(got, c.reason) {
			t.Errorf("parseExpr(%q) reason %q, want %q (%v)", c.in, got, c.reason, err)
		}
	}
}

func TestExpand(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"(x+1)^2", "1 + 2*x + 1*x^2"},
		{"(x+y)(x-y)", "1*x^2 + -1*y^2"},
		{"2(x+1)-2x", "2"},
		{"x/2+x/2", "1*x"},
		{"(a+b)^0", "1"},
		{"0*x", "0"},
	} {
		n, err := parseExpr(foldMath(c.in))
		if err != nil {
			t.Fatalf("parseExpr(%q): %v", c.in, err)
		}
		r, err := toRat(n, newBudget())
		if err != nil {
			t.Fatalf("toRat(%q): %v", c.in, err)
		}
		if got := r.n.String(); got != c.want || len(r.d) != 1 {
			t.Errorf("expand(%q) = %s / %s, want %s", c.in, got, r.d, c.want)
		}
	}
}

func TestCheckExpr(t *testing.T) {
	for _, c := range []struct {
		answer, resp string
		correct      bool
		reason       string
	}{
		// exact polynomial identity
		{"2x+2", "2(x+1)", true, ""},
		{"2x+2", "x*2+2", true, ""},
		{"2(x+1)", "2x+2", true, ""},
		{"2x+2", "2x+1", false, "不等价"},
		{"(x+1)^2", "x^2+2x+1", true, ""},
		{"(x+1)^2", "x^2+1", false, "不等价"},
		{"x^2-1", "(x+1)(x-1)", true, ""},
		{"x^2-1", "(x-1)(x-1)", false, "不等价"},
		{"3xy", "3yx", true, ""},
		{"3xy", "y*x*3", true, ""},
		{"3xy", "3x+y", false, "不等价"},
		{"a^2b", "a*a*b", true, ""},
		{"x³", "x^3", true, ""},
		{"x³", "x**3", true, ""},
		{"-x", "−x", true, ""},
		{"-x", "(-1)x", true, ""},
		{"x-y", "-(y-x)", true, ""},
		{"x-y", "y-x", false, "不等价"},
		{"0.5x", "x/2", true, ""},
		{"0.5x", "1/2x", true, ""},
		{"0.5x", "½x", true, ""},
		{"0.5", ".5", true, ""},
		{"x/2", "x/3", false, "不等价"},
		{"(x+1)^10", "(1+x)^10", true, ""},
		{"(x+1)^10", "(1+x)^9(x+1)", true, ""},
		{"(x+1)^10", "(1+x)^9(x+2)", false, "不等价"},
		// rational expressions, cross-multiplied
		{"1/(x+1)", "2/(2x+2)", true, ""},
		{"(x+1)/(x-1)", "(x^2+2x+1)/(x^2-1)", true, ""},
		{"1/x+1/y", "(x+y)/(xy)", true, ""},
		{"1/x+1/y", "2/(x+y)", false, "不等价"},
		{"x^-1", "1/x", true, ""},
		{"(x/y)^-2", "y^2/x^2", true, ""},
		{"x/x", "1", true, ""},
		// radicals, π, fractional powers: evaluation
		{"2√2", "√8", true, ""},
		{"2√2", "2.828", false, "不等价"},
		{"√2/2", "1/√2", true, ""},
		{"√(x+1)", "sqrt(x+1)", true, ""},
		{"√(x+1)", "√x+1", false, "不等价"},
		{"x^(1/2)", "√x", true, ""},
		{"√(x^2)", "x", false, "不等价"},
		{"√x·√x", "x", true, ""}, // equal wherever both are defined
		{"2πr", "2rπ", true, ""},
		{"πr^2", "3.14r^2", false, "不等价"},
		{"π", "3.1416", false, "不等价"},
		{"π", "3.14159265358", true, ""}, // within the documented rounding bound
		{"(√3+1)^2", "4+2√3", true, ""},
		{"(√3+1)^2", "4+2√2", false, "不等价"},
		// letters not in the answer
		{"2x+2", "2y+2", false, "字母 y"},
		// format problems are reasons, not errors
		{"2x", "x2", false, "数字应写在"},
		{"2x", "sin x", false, "sin"},
		{"2x", "", false, "未作答"},
		{"1/x", "1/0", false, "除数不能为 0"},
		{"x", "x^100", false, "指数过大"},
		{"x", "x^(10^10)", false, "指数过大"},
	} {
		it := &Item{ID: "e", Type: FillExpr, Answer: c.answer}
		v, err := Check(it, c.resp)
		if err != nil {
			t.Fatalf("Check(%q, %q): %v", c.answer, c.resp, err)
		}
		if v.Correct != c.correct || !strings.Contains(v.Reason, c.reason) {
			t.Errorf("Check(%q, %q) = %+v, want correct=%v reason~%q", c.answer, c.resp, v, c.correct, c.reason)
		}
	}
}

func TestCheckRelations(t *testing.T) {
	for _, c := range []struct {
		answer, resp string
		correct      bool
		reason       string
	}{
		{"x=3", "x=3", true, ""},
		{"x=3", "3=x", true, ""},
		{"x=3", "3", true, ""},
		{"x=3", "x=6/2", true, ""},
		{"x=3", "x=4", false, "不等价"},
		{"x=3", "2x=6", false, "请化简到 x=…"},
		{"x=3", "y=3", false, ""},
		{"x=3,y=2", "y=2,x=3", true, ""},
		{"x=3,y=2", "x=3；y=2", true, ""},
		{"x=3,y=2", "x=2,y=3", false, ""},
		{"x=3,y=2", "3,2", false, ""}, // two unknowns: names required
		{"x=3,y=2", "x=3", false, "不完整"},
		{"x=1 或 x=2", "x=2或x=1", true, ""},
		{"x=1 或 x=2", "1,2", true, ""},
		{"x=1 或 x=2", "2、1", true, ""},
		{"x=1 或 x=2", "x₁=1，x₂=2", true, ""},
		{"x=1 或 x=2", "x1=2, x2=1", true, ""},
		{"x=1 或 x=2", "x=1", false, "不完整"},
		{"x=1 或 x=2", "x=1，x=2。", true, ""},
		{"x=1 或 x=2", "x=1，或x=2", true, ""},
		{"x=1 或 x=2", "x=1和x=2", true, ""},
		{"x=1 或 x=2", "1和2", true, ""},
		{"x=1 或 x=2", "x=1且x=2", false, "或"},
		{"x=1 或 x=2", "x=1或x=2或x=3", false, "多写"},
		{"x₁=x₂=1", "x=1,x=1", true, ""},
		{"x=±√2", "x=√2或x=-√2", true, ""},
		{"x=±√2", "±√2", true, ""},
		{"x=±√2", "x₁=-√2, x₂=√2", true, ""},
		{"x=±√2", "x=√2", false, "不完整"},
		{"x=±√2", "x=√2且x=-√2", false, "或"},
		{"1±√2", "1-√2, 1+√2", true, ""},
		{"x=±1", "x=±1±2", false, "最多一个"},
		{"x=√2或x=-√2", "x=-√2,x=√2", true, ""},
		{"1,2", "2,1", true, ""},
		{"1,2", "{1,2}", true, ""},
		{"1,2", "x=1,x=2", true, ""},
		{"3, x=3", "x=3, 3", true, ""}, // needs a real matching, not first fit
		{"x>2", "x>2", true, ""},
		{"x>2", "2<x", true, ""},
		{"x>2", "x≥2", false, ""},
		{"x>2", "x<2", false, ""},
		{"x>2", "2x>4", false, "请化简"},
		{"x≥2", "x>=2", true, ""},
		{"x≥2", "x≧2", true, ""},
		{"x≥2", "2≤x", true, ""},
		{"1<x<3", "x>1且x<3", true, ""},
		{"1<x<3", "x<3,x>1", true, ""},
		{"1<x<3", "x>1或x<3", false, "或"},
		{"x<1或x>3", "x>3或x<1", true, ""},
		{"x<1或x>3", "x<1且x>3", false, "或"},
		{"y=2x+1", "y=1+2x", true, ""},
		{"y=2x+1", "2x-y+1=0", true, ""},
		{"y=2x+1", "2y=4x+2", true, ""},
		{"y=2x+1", "y=2x-1", false, "不等价"},
		{"x+y>1", "1<y+x", true, ""},
		{"x+y>1", "-x-y<-1", true, ""},
		{"x+y>1", "-x-y>-1", false, ""},
		{"1^a<1", "1^a<1", true, ""}, // both sides zero everywhere: numeric path agrees with exact
		{"x-x<0", "0<0", true, ""},
		{"x^2+y^2=r^2", "y^2+x^2-r^2=0", true, ""},
		{"(-∞,2]", "(-∞, 2]", true, ""},
		{"(-∞,2]", "(−inf,2]", true, ""},
		{"(-∞,2]", "(-∞,2)", false, ""},
		{"[1,3)", "[1,3)", true, ""},
		{"[1,3)", "[3,1)", false, ""},
		{"(1,2)", "（1，2）", true, ""},
		{"(1,2)", "(2/2, 4/2)", true, ""},
		{"(-∞,1)∪(3,+∞)", "(3,+∞)∪(-∞,1)", true, ""},
		{"(-∞,1)∪(3,+∞)", "x∈(-∞,1)∪(3,+∞)", true, ""},
		{"[1,3)", "x∈[1,3)", true, ""},
		{"x>2", "{x|x>2}", true, ""},
		{"x>2", "｛x｜x＞2｝", true, ""},
		{"{x|x<1或x>3}", "x>3或x<1", true, ""},
		{"x>2", "{x|x>3}", false, ""},
	} {
		it := &Item{ID: "r", Type: FillExpr, Answer: c.answer}
		v, err := Check(it, c.resp)
		if err != nil {
			t.Fatalf("Check(%q, %q): %v", c.answer, c.resp, err)
		}
		if v.Correct != c.correct || !strings.Contains(v.Reason, c.reason) {
			t.Errorf("Check(%q, %q) = %+v, want correct=%v reason~%q", c.answer, c.resp, v, c.correct, c.reason)
		}
	}
}

// TestExprLimits: every input stays bounded and gets a reason.
func TestExprLimits(t *testing.T) {
	it := &Item{ID: "l", Type: FillExpr, Answer: "x"}
	for _, c := range []struct{ resp, reason string }{
		{strings.Repeat("x+", 300) + "x", "过长"},
		{"(x+2x^2+3x^3+4x^4+5x^5+6x^6+7x^7+8x^8)^64", "不等价"}, // too big to expand: evaluated
		{"((x^64)^64)^64", "无定义或数值过大"},
		{"((x^60)^-7)^7", "无定义或数值过大"}, // once panicked: limit hit in a denominator
		{"(((((2^64)^64)^64)^64)^64)^64", "无定义或数值过大"},
		{"(99999999999999999999x+1)^64^64", "指数过大"},
		{strings.Repeat("1,", 30) + "1", "多"},
		{strings.Repeat("(x+y+z+1)^9*", 30) + "1", "无法判定"},
		{fracSum(30), "字母 y"},
	} {
		v, err := Check(it, c.resp)
		if err != nil {
			t.Fatalf("Check(%q): %v", c.resp, err)
		}
		if v.Correct || !strings.Contains(v.Reason, c.reason) {
			t.Errorf("Check(%.40q) = %+v, want reason~%q", c.resp, v, c.reason)
		}
	}
}

// fracSum is 1/(x+y+1)+...+1/(x+y+n): its exact form grows with every
// term, so it exercises the work budget.
func fracSum(n int) string {
	var parts []string
	for i := 1; i <= n; i++ {
		parts = append(parts, fmt.Sprintf("1/(x+y+%d)", i))
	}
	return strings.Join(parts, "+")
}

func BenchmarkCheckExpr(b *testing.B) {
	cases := []struct{ name, answer, resp string }{
		{"linear", "2x+2", "2(x+1)"},
		{"square", "x^2+2xy+y^2", "(x+y)^2"},
		{"rational", "(x+1)/(x-1)", "(x^2+2x+1)/(x^2-1)"},
		{"power10", "(x+1)^10", "(1+x)^5(x+1)^5"},
		{"radical", "2√2x", "√8x"},
		{"roots", "x=1或x=2", "x₁=2，x₂=1"},
	}
	for _, c := range cases {
		it := &Item{ID: "b", Type: FillExpr, Answer: c.answer}
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				v, err := Check(it, c.resp)
				if err != nil || !v.Correct {
					b.Fatalf("Check(%q, %q) = %+v, %v", c.answer, c.resp, v, err)
				}
			}
		})
	}
}

// BenchmarkCheckWorst measures inputs built to hit each limit: the figures
// are the worst-case cost of one Check on hostile input.
func BenchmarkCheckWorst(b *testing.B) {
	cases := []struct{ name, resp string }{
		{"power-tower", "((A+1)^21)^22"},
		{"products", strings.Repeat("(x+y+z+1)^9*", 30) + "1"},
		{"fractions", fracSum(30)},
		{"radicals", strings.Repeat("(x+√2)", 80)},
		{"nested-roots", strings.Repeat("√(x+", 30) + "1" + strings.Repeat(")", 30)},
		{"parts", strings.Repeat("x=√2,", 19) + "x=1"},
		{"big-numbers", "(" + strings.Repeat("9", 200) + "x+" + strings.Repeat("9", 200) + ")^64"},
	}
	it := &Item{ID: "w", Type: FillExpr, Answer: strings.Repeat("√x,", 19) + "x"}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Check(it, c.resp); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
