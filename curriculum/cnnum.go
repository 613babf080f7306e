package curriculum

import (
	"strconv"
	"strings"
)

// cnDigit are the Chinese digits; 两 is 2 as in 两个, 〇 is 0 as in 二〇二六.
var cnDigit = map[rune]int64{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

// cnUnit are the multipliers within a section (below 万).
var cnUnit = map[rune]int64{'十': 10, '百': 100, '千': 1000}

// cnNumeral rewrites a number written in Chinese numerals as ASCII for
// parseNumber: 两 → 2, 十二 → 12, 三分之一 → 1/3, 二又三分之一 → 2又1/3,
// 负五 → -5, 三点一四 → 3.14. Arabic digits may stand for either part of
// a fraction (3分之1). ok is false when s is not such a number, leaving
// it to parseNumber and its reasons.
func cnNumeral(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "分之") && !strings.ContainsFunc(s, func(r rune) bool { _, d := cnDigit[r]; _, u := cnUnit[r]; return d || u || r == '万' || r == '亿' }) {
		return "", false
	}
	sign := ""
	if rest, ok := strings.CutPrefix(s, "负"); ok {
		sign, s = "-", rest
	}
	if whole, frac, ok := strings.Cut(s, "又"); ok {
		w, ok1 := cnInteger(whole)
		f, ok2 := cnFraction(frac)
		return sign + w + "又" + f, ok1 && ok2 && strings.Contains(f, "/")
	}
	if strings.Contains(s, "分之") {
		f, ok := cnFraction(s)
		return sign + f, ok
	}
	if whole, dec, ok := strings.Cut(s, "点"); ok {
		w, ok1 := cnInteger(whole)
		var b strings.Builder
		for _, r := range dec {
			d, isDigit := cnDigit[r]
			if !isDigit {
				return "", false
			}
			b.WriteString(strconv.FormatInt(d, 10))
		}
		return sign + w + "." + b.String(), ok1 && b.Len() > 0
	}
	n, ok := cnInteger(s)
	return sign + n, ok
}

// cnFraction reads "三分之一" (denominator first) as "1/3".
func cnFraction(s string) (string, bool) {
	den, num, ok := strings.Cut(s, "分之")
	if !ok {
		return "", false
	}
	d, ok1 := cnInteger(den)
	n, ok2 := cnInteger(num)
	return n + "/" + d, ok1 && ok2
}

// cnInteger reads a whole number in Chinese numerals (十二, 一百零五,
// 三万五千, 二〇二六) or Arabic digits.
func cnInteger(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return "", false
	}
	if strings.Trim(s, "0123456789") == "" {
		return s, true
	}
	rs := []rune(s)
	positional := true // only digits: 二〇二六
	for _, r := range rs {
		if _, ok := cnDigit[r]; !ok {
			positional = false
		}
	}
	if positional {
		var b strings.Builder
		for _, r := range rs {
			b.WriteString(strconv.FormatInt(cnDigit[r], 10))
		}
		return b.String(), true
	}
	var total, section, num int64
	const limit = 1 << 50
	for i, r := range rs {
		switch d, isDigit := cnDigit[r]; {
		case isDigit:
			num = d
		case cnUnit[r] > 0:
			if num == 0 && (i == 0 || r == '十' && section == 0) {
				num = 1 // 十二, 百 alone is not a number but 十 is
			}
			section += num * cnUnit[r]
			num = 0
		case r == '万':
			total += (section + num) * 10000
			section, num = 0, 0
		case r == '亿':
			total = (total + section + num) * 100000000
			section, num = 0, 0
		default:
			return "", false
		}
		if total > limit || section > limit {
			return "", false
		}
	}
	return strconv.FormatInt(total+section+num, 10), true
}
