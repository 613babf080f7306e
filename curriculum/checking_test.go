package curriculum

import (
	"strings"
	"testing"
)

// TestCheckAsStudentsType covers the forms students really type and the
// forms items ask for: each response is correct, wrong (with a code) or
// malformed (with a code), never silently wrong when it is not an answer.
func TestCheckAsStudentsType(t *testing.T) {
	two, one := 2, 1
	var (
		rounded   = &Item{ID: "r", Type: FillNumber, Stem: "$2.996$保留两位小数约是（　）。", Answer: "3.00", Check: CheckRule{Decimals: &two}}
		keyed     = &Item{ID: "k", Type: FillNumber, Stem: "一共（　）元。", Answer: "23.60"}
		chem      = &Item{ID: "c", Type: FillNumber, Stem: "碳元素的质量分数约为____%。（结果保留一位小数）", Answer: "27.3", Check: CheckRule{Decimals: &one}}
		count     = &Item{ID: "n", Type: FillNumber, Stem: "一共有____个。", Answer: "24"}
		volt      = &Item{ID: "v", Type: FillNumber, Stem: "电压是____ V。", Answer: "3.5"}
		voltRule  = &Item{ID: "vr", Type: FillNumber, Stem: "电压是多少伏？", Answer: "3.5", Check: CheckRule{Units: []string{"V", "伏"}}}
		temp      = &Item{ID: "t", Type: FillNumber, Stem: "温差是____°C。", Answer: "11"}
		plain     = &Item{ID: "p", Type: FillNumber, Stem: "拉力是多少？", Answer: "500"}
		pct       = &Item{ID: "pc", Type: FillNumber, Stem: "及格率是____%。", Answer: "71"}
		two2      = &Item{ID: "2", Type: FillNumber, Stem: "有（　）个。", Answer: "2"}
		third     = &Item{ID: "3", Type: FillNumber, Answer: "1/3"}
		fiveSev   = &Item{ID: "57", Type: FillNumber, Answer: "5/7"}
		decForm   = &Item{ID: "d", Type: FillNumber, Stem: "$6$分米$=$（　）米（用小数表示）", Answer: "0.6", Check: CheckRule{Form: FormDecimal}}
		general   = &Item{ID: "g", Type: FillExpr, Stem: "直线方程（写成一般式）是 ____。", Answer: "3x+y-5=0", Check: CheckRule{Form: FormGeneral}}
		roster    = &Item{ID: "ro", Type: FillExpr, Stem: "$A\\cap B=$ ____（用列举法表示）。", Answer: "{2,4}", Check: CheckRule{Form: FormRoster}}
		iron      = &Item{ID: "fe", Type: FillText, Answer: "铁", Check: CheckRule{Optional: []string{"元素"}}}
		ironBare  = &Item{ID: "fe0", Type: FillText, Answer: "铁"}
		choice    = &Item{ID: "ch", Type: SingleChoice, Options: abcd, Answer: "B"}
		trueFalse = &Item{ID: "tf", Type: TrueFalse, Answer: "对"}
		expr      = &Item{ID: "e", Type: FillExpr, Answer: "2x+2"}
	)
	const ok, bad, mal = "correct", "wrong", "malformed"
	for _, c := range []struct {
		it      *Item
		resp    string
		outcome string
		code    string
	}{
		{rounded, "3.00", ok, ""},
		{rounded, "3", bad, CodeDecimals},
		{rounded, "3.0", bad, CodeDecimals},
		{rounded, "3.000", bad, CodeDecimals},
		{rounded, "2.99", bad, CodeWrong},
		{keyed, "23.60", ok, ""},
		{keyed, "23.6", bad, CodeDecimals},
		{chem, "27.3", ok, ""},
		{chem, "27.3%", ok, ""},
		{chem, "27.2", bad, CodeWrong},
		{chem, "27.4", bad, CodeWrong},
		{chem, "27.30", bad, CodeDecimals},
		{count, "24", ok, ""},
		{count, "24个", ok, ""},
		{count, "24 个", ok, ""},
		{count, "二十四个", ok, ""},
		{count, "25个", bad, CodeWrong},
		{count, "24只", mal, CodeUnit},
		{volt, "3.5V", ok, ""},
		{volt, "3.5 V", ok, ""},
		{volt, "3.5Ｖ", ok, ""},
		{volt, "3.5A", mal, CodeUnit},
		{voltRule, "3.5伏", ok, ""},
		{voltRule, "3.5 V", ok, ""},
		{temp, "11℃", ok, ""},
		{temp, "11°C", ok, ""},
		{temp, "11", ok, ""},
		{plain, "500N", mal, CodeUnit},
		{plain, "500", ok, ""},
		{plain, "我不知道怎么算", mal, CodeNotNumber},
		{plain, "拉力等于重力所以是五百", mal, CodeNotNumber},
		{pct, "71%", ok, ""},
		{pct, "71", ok, ""},
		{pct, "0.71", bad, CodeWrong},
		{two2, "两", ok, ""},
		{two2, "两个", ok, ""},
		{two2, "二", ok, ""},
		{third, "三分之一", ok, ""},
		{third, "3分之1", ok, ""},
		{third, "0.33", bad, CodeExact},
		{fiveSev, "七分之五", ok, ""},
		{fiveSev, "七分之四", bad, CodeWrong},
		{decForm, "0.6", ok, ""},
		{decForm, "0.6米", ok, ""},
		{decForm, "3/5", mal, CodeForm},
		{decForm, "五分之三", mal, CodeForm},
		{decForm, "6分米", mal, CodeUnit},
		{general, "3x+y-5=0", ok, ""},
		{general, "-3x-y+5=0", ok, ""},
		{general, "0=3x+y-5", ok, ""},
		{general, "y=-3x+5", mal, CodeForm},
		{general, "3x+y=5", mal, CodeForm},
		{general, "3x+y-6=0", bad, CodeWrong},
		{roster, "{2,4}", ok, ""},
		{roster, "{4，2}", ok, ""},
		{roster, "2,4", ok, ""},
		{roster, "{x|x=2或x=4}", mal, CodeForm},
		{roster, "{2,4,6}", bad, CodeWrong},
		{iron, "铁元素", ok, ""},
		{iron, "铁", ok, ""},
		{iron, "元素", bad, CodeWrong},
		{ironBare, "铁元素", bad, CodeWrong},
		{choice, "E", mal, CodeNotChoice},
		{choice, "C", bad, CodeWrong},
		{trueFalse, "也许", mal, CodeNotTrueFalse},
		{expr, "2x+", mal, CodeNotExpr},
		{expr, "   ", mal, CodeEmpty},
		{expr, "√(-x^2-1)", mal, CodeUndecidable},
	} {
		v, err := Check(c.it, c.resp)
		if err != nil {
			t.Fatalf("Check(%s, %q): %v", c.it.ID, c.resp, err)
		}
		got := bad
		switch {
		case v.Correct && v.Malformed:
			t.Errorf("Check(%s, %q) = %+v: correct and malformed at once", c.it.ID, c.resp, v)
		case v.Correct:
			got = ok
		case v.Malformed:
			got = mal
		}
		if got != c.outcome || v.Code != c.code || !v.Correct && v.Reason == "" {
			t.Errorf("Check(%s, %q) = %+v, want %s with code %q and a reason", c.it.ID, c.resp, v, c.outcome, c.code)
		}
	}
}

func TestCnNumeral(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"两", "2"}, {"十", "10"}, {"十二", "12"}, {"二十", "20"}, {"一百零五", "105"}, {"三万五千", "35000"},
		{"一亿二千万", "120000000"}, {"二〇二六", "2026"}, {"负五", "-5"}, {"三点一四", "3.14"},
		{"三分之一", "1/3"}, {"二又三分之一", "2又1/3"}, {"3分之1", "1/3"},
	} {
		got, ok := cnNumeral(c.in)
		if !ok || got != c.want {
			t.Errorf("cnNumeral(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
	for _, in := range []string{"3", "五个苹果", "三分之", "点五", "x"} {
		if got, ok := cnNumeral(in); ok {
			t.Errorf("cnNumeral(%q) = %q, want not a numeral", in, got)
		}
	}
}

// TestValidateCheckRules: the new rules fit their types, and an item's key
// must honour its own form.
func TestValidateCheckRules(t *testing.T) {
	two := 2
	for _, c := range []struct {
		it   *Item
		want string
	}{
		{&Item{ID: "a", Type: FillText, Answer: "x", Check: CheckRule{Decimals: &two}}, "check.decimals applies only"},
		{&Item{ID: "b", Type: FillNumber, Answer: "3.00", Check: CheckRule{Decimals: &two, Tolerance: "0.1"}}, "rounding rule"},
		{&Item{ID: "c", Type: FillNumber, Answer: "3", Check: CheckRule{Decimals: &two}}, "does not check correct"},
		{&Item{ID: "d", Type: FillNumber, Answer: "3", Check: CheckRule{Form: FormGeneral}}, "applies only to fill_expression"},
		{&Item{ID: "e", Type: FillExpr, Answer: "y=2x", Check: CheckRule{Form: FormGeneral}}, "does not check correct"},
		{&Item{ID: "f", Type: FillExpr, Answer: "x", Check: CheckRule{Form: "nice"}}, "not one of"},
		{&Item{ID: "g", Type: FillText, Answer: "x", Check: CheckRule{Units: []string{"V"}}}, "check.units apply only"},
		{&Item{ID: "h", Type: FillNumber, Answer: "3", Check: CheckRule{Optional: []string{"元素"}}}, "check.optional applies only"},
	} {
		err := ValidateItem(c.it)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ValidateItem(%s) = %v, want an error containing %q", c.it.ID, err, c.want)
		}
	}
}
