package curriculum

import (
	"strings"
	"testing"
)

// TestIssue12AnswerCases is issue 12's "Answer checking as students meet
// it", case by case, on items written the way the content writes them
// (rules given by the key and the stem where the item does not spell them
// out in check).
func TestIssue12AnswerCases(t *testing.T) {
	const ok, bad, mal = "correct", "wrong", "malformed"
	var (
		// 保留两位小数 → 3.00, not 3 (content/math/g04.yaml keys it 3.00).
		rounded = &Item{ID: "math.g4.approx_decimal.1", Type: FillNumber, Stem: "$2.996$保留两位小数约是（　）。", Answer: "3.00"}
		// an item keyed 23.60 does not take 23.6 against its explanation
		keyed = &Item{ID: "k", Type: FillNumber, Stem: "一共（　）元。", Answer: "23.60"}
		// the stem's rule with a key that shows it, and no check option
		stemRule  = &Item{ID: "s1", Type: FillNumber, Stem: "碳元素的质量分数约为____%。（结果保留一位小数）", Answer: "27.3"}
		stemRule2 = &Item{ID: "s2", Type: FillNumber, Stem: "$7\\div3$的商精确到百分位约是（　）。", Answer: "2.33"}
		// a stem that mentions rounding as context: the key decides
		context = &Item{ID: "s3", Type: FillNumber, Stem: "一个两位小数保留一位小数后是4.5，这个两位小数最小是（　）。", Answer: "4.45"}
		force   = &Item{ID: "f", Type: FillNumber, Stem: "拉力是多少牛？", Answer: "500"}
		frac    = &Item{ID: "fr", Type: FillNumber, Stem: "$5\\div7=$（　）", Answer: "5/7"}
		asDec   = &Item{ID: "dec", Type: FillNumber, Stem: "$\\frac{3}{5}=$（　）（用小数表示）", Answer: "0.6", Check: CheckRule{Form: FormDecimal}}
		count   = &Item{ID: "n", Type: FillNumber, Stem: "一共有____个。", Answer: "24"}
		volt    = &Item{ID: "v", Type: FillNumber, Stem: "电压是____V。", Answer: "3.5"}
		temp    = &Item{ID: "t", Type: FillNumber, Stem: "温差是____℃。", Answer: "11"}
		pct     = &Item{ID: "pc", Type: FillNumber, Stem: "及格率是（　）%。", Answer: "71"}
		two     = &Item{ID: "2", Type: FillNumber, Stem: "有（　）个。", Answer: "2"}
		third   = &Item{ID: "3", Type: FillNumber, Stem: "$1\\div3=$（　）", Answer: "1/3"}
		iron    = &Item{ID: "fe", Type: FillText, Stem: "血红蛋白中含有的金属元素是____。", Answer: "铁", Check: CheckRule{Optional: []string{"元素"}}}
		general = &Item{ID: "g", Type: FillExpr, Stem: "过点(1,2)、斜率为-3的直线方程（写成一般式）是____。", Answer: "3x+y-5=0", Check: CheckRule{Form: FormGeneral}}
		roster  = &Item{ID: "ro", Type: FillExpr, Stem: "方程$x^2-6x+8=0$的解集（用列举法表示）是____。", Answer: "{2,4}", Check: CheckRule{Form: FormRoster}}
	)
	for _, c := range []struct {
		it            *Item
		resp, outcome string
		code          string
	}{
		{rounded, "3.00", ok, ""},
		{rounded, "3", bad, CodeDecimals},
		{rounded, "3.0", bad, CodeDecimals},
		{keyed, "23.60", ok, ""},
		{keyed, "23.6", bad, CodeDecimals},
		{stemRule, "27.3", ok, ""},
		{stemRule, "27.3%", ok, ""},
		{stemRule, "27.30", bad, CodeDecimals},
		{stemRule, "27.2", bad, CodeWrong},
		{stemRule, "27.4", bad, CodeWrong},
		{stemRule2, "2.33", ok, ""},
		{stemRule2, "2.333", bad, CodeWrong},
		{context, "4.45", ok, ""},
		{force, "500N", mal, CodeUnit},
		{force, "500", ok, ""},
		{force, "因为二力平衡所以拉力等于重力", mal, CodeNotNumber},
		{frac, "七分之五", ok, ""},
		{asDec, "0.6", ok, ""},
		{asDec, "五分之三", mal, CodeForm},
		{asDec, "3/5", mal, CodeForm},
		{asDec, "60%", mal, CodeNotNumber},
		{count, "24个", ok, ""},
		{count, "24 个", ok, ""},
		{volt, "3.5V", ok, ""},
		{volt, "3.5 V", ok, ""},
		{volt, "3.5v", mal, CodeUnit}, // unit case matters (m, M); the reason names V
		{temp, "11℃", ok, ""},
		{temp, "11 °C", ok, ""},
		{pct, "71%", ok, ""},
		{pct, "71", ok, ""},
		{pct, "0.71", bad, CodeWrong},
		{two, "两", ok, ""},
		{two, "两个", ok, ""},
		{third, "三分之一", ok, ""},
		{iron, "铁元素", ok, ""},
		{iron, "铁", ok, ""},
		{general, "3x+y-5=0", ok, ""},
		{general, "y=-3x+5", mal, CodeForm},
		{roster, "{2,4}", ok, ""},
		{roster, "{x|x^2-6x+8=0}", mal, CodeForm},
		{roster, "2<x<4", mal, CodeForm},
	} {
		v, err := Check(c.it, c.resp)
		if err != nil {
			t.Fatalf("Check(%s, %q): %v", c.it.ID, c.resp, err)
		}
		got := bad
		switch {
		case v.Correct:
			got = ok
		case v.Malformed:
			got = mal
		}
		if got != c.outcome || v.Code != c.code {
			t.Errorf("Check(%s, %q) = %+v, want %s (%q)", c.it.ID, c.resp, v, c.outcome, c.code)
		}
		// The percent hint no longer tells to write a decimal where the
		// stem shows ____% (and then rejects it).
		if c.it == pct && strings.Contains(v.Reason, "小数") {
			t.Errorf("Check(%s, %q): reason %q talks of decimals on a ____%% item", c.it.ID, c.resp, v.Reason)
		}
		if err := ValidateItem(c.it); err != nil {
			t.Errorf("item %s: %v", c.it.ID, err)
		}
	}
}
