package curriculum

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// hangAfter is far beyond the worst case measured by BenchmarkCheckWorst
// (tens of milliseconds), so that only a real hang trips the watchdog,
// even on a loaded machine under coverage instrumentation.
const hangAfter = 10 * time.Second

// watchdog crashes the fuzz worker when an input runs for hangAfter, so
// that a hang is recorded as a crasher (with its input) instead of
// stalling the fuzzer. The caller stops the returned timer.
func watchdog(inputs ...string) *time.Timer {
	return time.AfterFunc(hangAfter, func() {
		panic(fmt.Sprintf("fuzz input still running after %v: %q", hangAfter, inputs))
	})
}

var numberSeeds = []string{
	"0.5", "1/2", "2/4", "½", "1½", "１／２", "-3", "−3", "－3", "1,000", "1，000", "1,00",
	"1 1/2", "1又1/2", "1.2e3", "1.2×10³", "1.2*10^(-3)", "3。5", "50%", "3//4", "1e999", ".5", "3.",
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range numberSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		defer watchdog(s).Stop()
		r, err := ParseNumber(s)
		if err != nil {
			if reasonOf(err) == "" {
				t.Errorf("ParseNumber(%q): error %v without a reason", s, err)
			}
			return
		}
		// The canonical form reads back as the same number (unless, as a
		// fraction, it is longer than the input limit).
		back, err := ParseNumber(FormatRat(r))
		if err != nil && isLimit(err) {
			return
		}
		if err != nil || back.Cmp(r) != 0 {
			t.Errorf("ParseNumber(%q) = %s, which reads back as %v, %v", s, FormatRat(r), back, err)
		}
	})
}

var exprSeeds = []string{
	"2(x+1)", "2x+2", "x*2+2", "(x+1)(x-1)", "3xy", "x^2+2x+1", "(x+1)^2", "x²", "x⁻¹", "1/2x",
	"√2", "√(x+1)", "sqrt(x)^2", "2π", "x**3", "-x^2", "2^-1", "(a+b)/(a-b)", "x^(1/2)", "1/(x-x)",
	"((x^64)^64)^64", "x₁+x₂", "0.5x", "（x＋1）", "x2", "sin x", "1.2.3",
}

func FuzzParseExpr(f *testing.F) {
	for _, s := range exprSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if utf8.RuneCountInString(s) > maxInputRunes {
			return // Check rejects these before parsing
		}
		defer watchdog(s).Stop()
		n, err := parseExpr(foldMath(s))
		if err != nil {
			if reasonOf(err) == "" {
				t.Errorf("parseExpr(%q): error %v without a reason", s, err)
			}
			return
		}
		bud := newBudget()
		x, err := compileNode(n, bud)
		if err == nil {
			equiv(x, x, bud)
		}
		// The printed form is a faithful rendering: it parses to the same
		// tree, unless its added brackets pass the nesting limit.
		out := n.format()
		m, err := parseExpr(foldMath(out))
		if err != nil {
			if isLimit(err) {
				return
			}
			t.Fatalf("parseExpr(%q) printed %q, which does not parse: %v", s, out, err)
		}
		if again := m.format(); again != out {
			t.Errorf("parseExpr(%q) printed %q, which reprints as %q", s, out, again)
		}
	})
}

// limitReason reports whether a reason is one of the size limits.
func limitReason(reason string) bool {
	return strings.Contains(reason, "过长") || strings.Contains(reason, "嵌套过深")
}

func isLimit(err error) bool { return limitReason(reasonOf(err)) }

var allTypes = []ItemType{SingleChoice, MultiChoice, TrueFalse, FillNumber, FillExpr, FillText}

func FuzzCheck(f *testing.F) {
	for _, s := range exprSeeds {
		f.Add(s, "x+1")
	}
	f.Add("x=1或x=2", "2,1")
	f.Add("1<x<3", "x>1且x<3")
	f.Add("(-∞,2]", "(-inf,2]")
	f.Add("y=2x+1", "2x-y+1=0")
	f.Add("B", "b")
	f.Add("A,C", "CA")
	f.Add("对", "√")
	f.Add("1/2", "0.5")
	f.Add("光合作用", "光合 作用。")
	f.Add("3.00", "3")
	f.Add("1/3", "三分之一")
	f.Add("24", "二十四个")
	f.Add("2", "两")
	f.Fuzz(func(t *testing.T, answer, response string) {
		defer watchdog(answer, response).Stop()
		for _, typ := range allTypes {
			it := &Item{ID: "fuzz", Type: typ, Answer: answer, Options: nil}
			if typ == SingleChoice || typ == MultiChoice {
				it.Options = abcd
			}
			resp, errResp := Check(it, response)
			self, errSelf := Check(it, answer)
			if resp.Correct && resp.Malformed || !resp.Correct && (resp.Code == "" || resp.Reason == "") && errResp == nil {
				t.Fatalf("Check(%s, %q, %q) = %+v: want exactly one outcome, and a code and reason unless correct", typ, answer, response, resp)
			}
			if (errResp == nil) != (errSelf == nil) {
				t.Fatalf("Check(%s, %q): error depends on the response: %v vs %v", typ, answer, errResp, errSelf)
			}
			if errSelf != nil {
				continue // broken item: ValidateItem reports it
			}
			// A readable answer accepts itself, unless it is undefined at
			// every sample point (or past the work budget).
			if !self.Correct {
				if !strings.Contains(self.Reason, "无法判定") {
					t.Errorf("Check(%s, %q, itself) = %+v", typ, answer, self)
				}
				continue
			}
			// An answer that checks correct also accepts its own Normalized
			// form, unless the added "*" and brackets pass a limit or the
			// key's places (3.00) are part of the answer.
			if v, err := Check(it, self.Normalized); err != nil || !v.Correct && !limitReason(v.Reason) && v.Code != CodeDecimals {
				t.Errorf("Check(%s, %q, its normalized form %q) = %+v, %v", typ, answer, self.Normalized, v, err)
			}
		}
		commutes(t, answer, response)
	})
}

// commutes checks a+b ≡ b+a and a·b ≡ b·a for two parsable expressions.
func commutes(t *testing.T, a, b string) {
	if _, err := parseExpr(foldMath(a)); err != nil {
		return
	}
	if _, err := parseExpr(foldMath(b)); err != nil {
		return
	}
	for _, op := range []string{"+", "*"} {
		it := &Item{ID: "comm", Type: FillExpr, Answer: "(" + a + ")" + op + "(" + b + ")"}
		self, err := Check(it, it.Answer)
		if err != nil || !self.Correct {
			continue // past a limit, or undefined at every sample point
		}
		swapped := "(" + b + ")" + op + "(" + a + ")"
		if v, err := Check(it, swapped); err != nil || !v.Correct {
			t.Errorf("%s does not check equal to %s: %+v, %v", it.Answer, swapped, v, err)
		}
	}
}

// FuzzCnNumeral: Chinese numerals never panic, and what they read as is
// plain ASCII that parseNumber reads back to the same value every time.
func FuzzCnNumeral(f *testing.F) {
	for _, s := range []string{"两", "十二", "一百零五", "三万五千", "二〇二六", "负五", "三点一四", "三分之一", "二又三分之一", "3分之1", "七分之五", "零分之一", "十十", "分之", "又", "点"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 200 {
			return
		}
		out, ok := cnNumeral(s)
		if !ok {
			return
		}
		for _, r := range out {
			if r > 0x7f && !strings.ContainsRune("又", r) {
				t.Fatalf("cnNumeral(%q) = %q: not ASCII", s, out)
			}
		}
		a, errA := parseNumber(out, false)
		b, errB := parseNumber(out, false)
		if (errA == nil) != (errB == nil) || errA == nil && a.Cmp(b) != 0 {
			t.Fatalf("cnNumeral(%q) = %q reads differently twice", s, out)
		}
	})
}

// FuzzStemRules: the units and rounding a stem implies never panic, and
// an item keyed with the places its stem asks for accepts its own key.
func FuzzStemRules(f *testing.F) {
	for _, s := range []string{"一共有____个。", "电压是____ V。", "（　）%", "保留两位小数", "精确到0.01", "精确到百分位", "保留 三 位小数（　）米", "____", "保留两位小数，精确到十分位"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, stem string) {
		if len(stem) > 500 {
			return
		}
		stemUnits(stem)
		d := stemPlaces(stem)
		if d < -1 || d > 12 {
			t.Fatalf("stemPlaces(%q) = %d", stem, d)
		}
		key := "1"
		if d > 0 {
			key = "1." + strings.Repeat("5", d)
		}
		it := &Item{ID: "x", Type: FillNumber, Stem: stem, Answer: key}
		v, err := Check(it, key)
		if err != nil || !v.Correct {
			t.Fatalf("stem %q, key %q: %+v, %v", stem, key, v, err)
		}
	})
}
