package mathtpl

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi/curriculum"
)

// This file holds the grade 1-6 templates. Each Verify reads the numbers
// back from the generated stem (segmentValues, evalTeX or the text) and
// checks the answer by another route than Generate: evaluating the printed
// expression, the inverse operation, substitution, brute force or the
// standard library's calendar.

// rat is an integer as a *big.Rat.
func rat(n int64) *big.Rat { return big.NewRat(n, 1) }

// pick draws an integer in [lo, hi].
func pick(r *rand.Rand, lo, hi int64) int64 { return lo + r.Int64N(hi-lo+1) }

// oneOf draws one of xs.
func oneOf[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

// tpl assembles a template; every primary template goes through it so that
// Type and KnowledgePoints are set in one place.
func tpl(id string, kps []string, typ curriculum.ItemType, gen func(*rand.Rand) curriculum.Item, check func(curriculum.Item) error) curriculum.Template {
	return curriculum.Template{ID: id, KnowledgePoints: kps, Type: typ, Verify: check,
		Generate: func(r *rand.Rand) curriculum.Item { return tidy(gen(r)) }}
}

// fill makes a fill_number item with a decimal answer; fillFrac prints the
// answer as a fraction.
func fill(stem string, ans *big.Rat, expl string) curriculum.Item {
	return curriculum.Item{Type: curriculum.FillNumber, Stem: stem, Answer: decStr(ans), Explanation: expl}
}

func fillFrac(stem string, ans *big.Rat, expl string) curriculum.Item {
	return curriculum.Item{Type: curriculum.FillNumber, Stem: stem, Answer: ans.RatString(), Explanation: expl}
}

// answerOf reads back the answer of a fill_number item.
func answerOf(it curriculum.Item) (*big.Rat, error) {
	v, ok := new(big.Rat).SetString(it.Answer)
	if !ok {
		return nil, fmt.Errorf("answer %q is not a number", it.Answer)
	}
	return v, nil
}

// expect compares an independently recomputed value with the answer.
func expect(got, want *big.Rat, how string) error {
	if got.Cmp(want) != 0 {
		return fmt.Errorf("%s gives %s, not %s", how, want.RatString(), got.RatString())
	}
	return nil
}

// checkVals verifies a fill item from the values of its stem segments.
func checkVals(n int, f func(v []*big.Rat, ans *big.Rat) error) func(curriculum.Item) error {
	return func(it curriculum.Item) error {
		v, err := segmentValues(it.Stem)
		if err != nil {
			return err
		}
		if len(v) < n {
			return fmt.Errorf("stem has %d numbers, want %d", len(v), n)
		}
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		return f(v, ans)
	}
}

// calc is a template that asks to compute a printed expression; Verify
// evaluates the printed TeX with evalTeX, independently of how draw
// computed val.
func calc(id string, kps []string, asFrac bool, draw func(r *rand.Rand) (expr string, val *big.Rat, expl string)) curriculum.Template {
	gen := func(r *rand.Rand) curriculum.Item {
		expr, val, expl := draw(r)
		stem := "计算：$" + expr + "=$"
		if asFrac {
			return fillFrac(stem, val, expl)
		}
		return fill(stem, val, expl)
	}
	return tpl(id, kps, curriculum.FillNumber, gen, checkVals(1, func(v []*big.Rat, ans *big.Rat) error {
		return expect(ans, v[0], "evaluating the expression")
	}))
}

// choice shuffles the right option among the wrong ones.
func choice(r *rand.Rand, stem, right string, wrong []string, expl string) curriculum.Item {
	opts := append([]string{right}, wrong...)
	r.Shuffle(len(opts), func(i, j int) { opts[i], opts[j] = opts[j], opts[i] })
	ans := 0
	for i, o := range opts {
		if o == right {
			ans = i
		}
	}
	return curriculum.Item{Type: curriculum.SingleChoice, Stem: stem, Options: opts, Answer: string(rune('A' + ans)), Explanation: expl}
}

// chosen returns the option the answer letter names.
func chosen(it curriculum.Item) (string, error) {
	if len(it.Answer) != 1 {
		return "", fmt.Errorf("answer %q is not one letter", it.Answer)
	}
	i := int(it.Answer[0] - 'A')
	if i < 0 || i >= len(it.Options) {
		return "", fmt.Errorf("answer %q names no option", it.Answer)
	}
	seen := map[string]bool{}
	for _, o := range it.Options {
		if seen[o] {
			return "", fmt.Errorf("option %q appears twice", o)
		}
		seen[o] = true
	}
	return it.Options[i], nil
}

// relOptions are the options of the "fill in >, < or =" items.
var relOptions = []string{"$>$", "$<$", "$=$"}

// relItem asks which relation holds between two printed values.
func relItem(stem string, cmp int, expl string) curriculum.Item {
	return curriculum.Item{Type: curriculum.SingleChoice, Stem: stem, Options: relOptions, Answer: string(rune('A' + [...]int{1, 2, 0}[cmp+1])), Explanation: expl}
}

// checkRel verifies a relItem by comparing the first two stem values.
func checkRel(it curriculum.Item) error {
	v, err := segmentValues(it.Stem)
	if err != nil {
		return err
	}
	if len(v) < 2 {
		return fmt.Errorf("stem compares %d values", len(v))
	}
	got, err := chosen(it)
	if err != nil {
		return err
	}
	if want := relOptions[[...]int{1, 2, 0}[v[0].Cmp(v[1])+1]]; got != want {
		return fmt.Errorf("chose %s, but the values compare as %s", got, want)
	}
	return nil
}

var placeNames = []string{"个", "十", "百", "千", "万", "十万", "百万", "千万", "亿"}

// columnAdd explains a written addition column by column.
func columnAdd(a, b int64) string {
	var sb strings.Builder
	carry := int64(0)
	for p := 0; a > 0 || b > 0; p++ {
		da, db := a%10, b%10
		s := da + db + carry
		if carry > 0 {
			fmt.Fprintf(&sb, "%s位：$%d+%d+%d=%d$", placeNames[p], da, db, carry, s)
		} else {
			fmt.Fprintf(&sb, "%s位：$%d+%d=%d$", placeNames[p], da, db, s)
		}
		a, b = a/10, b/10
		carry = 0
		if s >= 10 && (a > 0 || b > 0) {
			fmt.Fprintf(&sb, "，写$%d$向前一位进$1$；", s%10)
			carry = 1
		} else {
			sb.WriteString("；")
		}
	}
	return sb.String()
}

// columnSub explains a written subtraction column by column, including
// borrowing across a zero (503-178).
func columnSub(a, b int64) string {
	var sb strings.Builder
	borrow := int64(0)
	for p := 0; a > 0; p++ {
		orig, db := a%10, b%10
		d, next := orig-borrow, int64(0)
		sb.WriteString(placeNames[p] + "位：")
		switch {
		case borrow > 0 && orig == 0:
			sb.WriteString("是$0$，先从前一位退$1$当作$10$，退给低位$1$后剩$9$，")
			d, next = 9, 1
		case borrow > 0:
			fmt.Fprintf(&sb, "被退走$1$后剩$%d$，", d)
		}
		if d < db {
			fmt.Fprintf(&sb, "$%d$不够减$%d$，从前一位退$1$，$%d-%d=%d$；", d, db, d+10, db, d+10-db)
			next = 1
		} else {
			fmt.Fprintf(&sb, "$%d-%d=%d$；", d, db, d-db)
		}
		borrow = next
		a, b = a/10, b/10
	}
	return sb.String()
}

// addSub draws a ± b with the given operand ranges; b ≤ a for subtraction.
func addSub(id string, kps []string, lo, hi, blo, bhi int64, sub bool) curriculum.Template {
	return calc(id, kps, false, func(r *rand.Rand) (string, *big.Rat, string) {
		a, b := pick(r, lo, hi), pick(r, blo, bhi)
		if sub {
			if b > a {
				a, b = b, a
			}
			return fmt.Sprintf("%d-%d", a, b), rat(a - b), "相同数位对齐，从个位减起。" + columnSub(a, b) + fmt.Sprintf("所以$%d-%d=%d$。验算：$%d+%d=%d$。", a, b, a-b, a-b, b, a)
		}
		return fmt.Sprintf("%d+%d", a, b), rat(a + b), "相同数位对齐，从个位加起。" + columnAdd(a, b) + fmt.Sprintf("所以$%d+%d=%d$。", a, b, a+b)
	})
}

// mulCol explains a × b where b has one digit.
func mulCol(a, b int64) string {
	var sb strings.Builder
	carry := int64(0)
	for p := 0; a > 0; p++ {
		d := a % 10
		s := d*b + carry
		if carry > 0 {
			fmt.Fprintf(&sb, "%s位：$%d\\times%d+%d=%d$", placeNames[p], d, b, carry, s)
		} else {
			fmt.Fprintf(&sb, "%s位：$%d\\times%d=%d$", placeNames[p], d, b, s)
		}
		a /= 10
		if a > 0 && s >= 10 {
			fmt.Fprintf(&sb, "，写$%d$进$%d$；", s%10, s/10)
		} else {
			sb.WriteString("；")
		}
		carry = s / 10
	}
	return sb.String()
}

// mulTwo explains a × b for a two-digit b as two partial products.
func mulTwo(a, b int64) string {
	lo, hi := b%10, b/10
	return fmt.Sprintf("先用个位上的$%d$去乘：$%d\\times%d=%d$；再用十位上的$%d$去乘：$%d\\times%d=%d$，表示$%d$个十，即$%d\\times%d=%d$，积的末位与十位对齐；最后相加：$%d+%d=%d$。",
		lo, a, lo, a*lo, hi, a, hi, a*hi, a*hi, a, hi*10, a*hi*10, a*lo, a*hi*10, a*b)
}

// unit is a measuring unit with its size in the system's base unit.
type unit struct {
	name string
	size int64
}

var (
	unitsRMB    = []unit{{"元", 100}, {"角", 10}, {"分", 1}}
	unitsCmM    = []unit{{"米", 100}, {"厘米", 1}}
	unitsLength = []unit{{"千米", 1000000}, {"米", 1000}, {"分米", 100}, {"厘米", 10}, {"毫米", 1}}
	unitsKgG    = []unit{{"千克", 1000}, {"克", 1}}
	unitsTonKg  = []unit{{"吨", 1000}, {"千克", 1}}
	unitsMass   = []unit{{"吨", 1000000}, {"千克", 1000}, {"克", 1}}
	unitsHM     = []unit{{"时", 60}, {"分", 1}}
	unitsMS     = []unit{{"时", 3600}, {"分", 60}, {"秒", 1}}
	unitsArea   = []unit{{"平方米", 10000}, {"平方分米", 100}, {"平方厘米", 1}}
	unitsLand   = []unit{{"平方千米", 1000000}, {"公顷", 10000}, {"平方米", 1}}
	unitsVolume = []unit{{"立方米", 1000000}, {"立方分米", 1000}, {"升", 1000}, {"毫升", 1}, {"立方厘米", 1}}
)

var unitPart = regexp.MustCompile(`\$([^$]*)\$([^$=（]+)`)

// convert is a unit conversion template. With decimals the answers (or the
// given values) are decimals, as in grade 4; otherwise everything is whole
// and a higher-to-lower conversion may start from a compound quantity
// ("3元5角=（　）角"). Verify looks the unit names up again and checks
// answer × target size = given quantity in base units.
func convert(id string, kps []string, units []unit, decimals bool) curriculum.Template {
	gen := func(r *rand.Rand) curriculum.Item {
		var hi, lo unit
		for {
			i, j := r.IntN(len(units)), r.IntN(len(units))
			if i < j && units[i].size/units[j].size <= 10000 {
				hi, lo = units[i], units[j]
				break
			}
		}
		k := hi.size / lo.size
		down := r.IntN(2) == 0 // from the higher unit to the lower one
		var stem string
		var ans *big.Rat
		var expl string
		switch {
		case down && decimals:
			v := big.NewRat(pick(r, 1, 999), oneOf[int64](r, 10, 100))
			ans = new(big.Rat).Mul(v, rat(k))
			stem = fmt.Sprintf("$%s$%s=（　）%s", decStr(v), hi.name, lo.name)
			expl = fmt.Sprintf("$1$%s$=%d$%s，高级单位化低级单位乘进率：$%s\\times%d=%s$，即小数点向右移动。", hi.name, k, lo.name, decStr(v), k, decStr(ans))
		case down && k > 1 && r.IntN(2) == 0:
			a, b := pick(r, 1, 9), pick(r, 1, k-1)
			ans = rat(a*k + b)
			stem = fmt.Sprintf("$%d$%s$%d$%s=（　）%s", a, hi.name, b, lo.name, lo.name)
			expl = fmt.Sprintf("$1$%s$=%d$%s，$%d$%s$=%d$%s，再加上$%d$%s，共$%d$%s。", hi.name, k, lo.name, a, hi.name, a*k, lo.name, b, lo.name, a*k+b, lo.name)
		case down:
			a := pick(r, 2, 9)
			ans = rat(a * k)
			stem = fmt.Sprintf("$%d$%s=（　）%s", a, hi.name, lo.name)
			expl = fmt.Sprintf("$1$%s$=%d$%s，$%d$个$%d$%s是$%d\\times%d=%d$%s。", hi.name, k, lo.name, a, k, lo.name, a, k, a*k, lo.name)
		case decimals:
			v := pick(r, 1, 9*k)
			ans = big.NewRat(v, k)
			stem = fmt.Sprintf("$%d$%s=（　）%s", v, lo.name, hi.name)
			expl = fmt.Sprintf("$1$%s$=%d$%s，低级单位化高级单位除以进率：$%d\\div%d=%s$，即小数点向左移动。", hi.name, k, lo.name, v, k, decStr(ans))
		default:
			a := pick(r, 2, 9)
			ans = rat(a)
			stem = fmt.Sprintf("$%d$%s=（　）%s", a*k, lo.name, hi.name)
			expl = fmt.Sprintf("$1$%s$=%d$%s，$%d$里有$%d$个$%d$，所以是$%d$%s。", hi.name, k, lo.name, a*k, a, k, a, hi.name)
		}
		return fill(stem, ans, expl)
	}
	size := map[string]int64{}
	for _, u := range units {
		size[u.name] = u.size
	}
	check := func(it curriculum.Item) error {
		left, target, ok := strings.Cut(it.Stem, "=（　）")
		if !ok || size[target] == 0 {
			return fmt.Errorf("stem %q has no target unit", it.Stem)
		}
		total := new(big.Rat)
		for _, m := range unitPart.FindAllStringSubmatch(left, -1) {
			v, ok := new(big.Rat).SetString(m[1])
			if !ok || size[m[2]] == 0 {
				return fmt.Errorf("cannot read %q %q", m[1], m[2])
			}
			total.Add(total, v.Mul(v, rat(size[m[2]])))
		}
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		return expect(ans.Mul(ans, rat(size[target])), total, "the given quantity in base units")
	}
	return tpl(id, kps, curriculum.FillNumber, gen, check)
}

// compose asks for the number made of some units of given places and
// verifies by reading the digits of the answer.
func compose(id string, kps []string, places int) curriculum.Template {
	var reParts = regexp.MustCompile(`\$(\d)\$个(十万|百万|千万|亿|万|千|百|十|一)`)
	gen := func(r *rand.Rand) curriculum.Item {
		var parts []string
		n := int64(0)
		for p := places - 1; p >= 0; p-- {
			d := int64(0)
			if p == places-1 || r.IntN(3) > 0 {
				d = pick(r, 1, 9)
			}
			n = n*10 + d
			if d > 0 {
				name := placeNames[p]
				if p == 0 {
					name = "一"
				}
				parts = append(parts, fmt.Sprintf("$%d$个%s", d, name))
			}
		}
		stem := "由" + strings.Join(parts, "、") + "组成的数是（　）。"
		return fill(stem, rat(n), fmt.Sprintf("按数位顺序从高位写起，哪一位上一个单位也没有就写$0$占位：写作$%d$。", n))
	}
	check := func(it curriculum.Item) error {
		if strings.ContainsAny(it.Answer, "./-") {
			return fmt.Errorf("answer %q is not a whole number", it.Answer)
		}
		want := map[string]string{}
		for p := range places {
			name := placeNames[p]
			if p == 0 {
				name = "一"
			}
			want[name] = "0"
		}
		for _, m := range reParts.FindAllStringSubmatch(it.Stem, -1) {
			want[m[2]] = m[1]
		}
		if len(it.Answer) != places {
			return fmt.Errorf("answer %q should have %d digits", it.Answer, places)
		}
		for p := range places {
			name := placeNames[p]
			if p == 0 {
				name = "一"
			}
			if got := string(it.Answer[places-1-p]); got != want[name] {
				return fmt.Errorf("place %s of %s is %s, stem says %s", name, it.Answer, got, want[name])
			}
		}
		return nil
	}
	return tpl(id, kps, curriculum.FillNumber, gen, check)
}

var digitRun = regexp.MustCompile(`\d+`)

// ints returns the whole numbers written in the $...$ segments of s.
func ints(s string) []int64 { return intsMatching(s, digitRun) }

// intsMatching returns the numbers re finds in the $...$ segments of s.
func intsMatching(s string, re *regexp.Regexp) []int64 {
	var out []int64
	for _, seg := range mathSegments(s) {
		for _, f := range re.FindAllString(seg, -1) {
			n, _ := strconv.ParseInt(f, 10, 64)
			out = append(out, n)
		}
	}
	return out
}

// needInts reads exactly n whole numbers from the stem.
func needInts(s string, n int) ([]int64, error) {
	v := ints(s)
	if len(v) != n {
		return nil, fmt.Errorf("stem has %d whole numbers, want %d", len(v), n)
	}
	return v, nil
}

// kp expands short knowledge point names of one grade to full ids.
func kp(grade int, names ...string) []string {
	ids := make([]string, len(names))
	for i, n := range names {
		ids[i] = fmt.Sprintf("math.g%d.%s", grade, n)
	}
	return ids
}

// primary lists the grade 1-6 templates.
var primary = slices.Concat(primaryG12, primaryG34, primaryG56)

var primaryG12 = []curriculum.Template{
	// Grade 1.
	calc("math.g1.add_within10.t1", kp(1, "add_within10"), false, func(r *rand.Rand) (string, *big.Rat, string) {
		a := pick(r, 0, 9)
		b := pick(r, 0, 10-a)
		return fmt.Sprintf("%d+%d", a, b), rat(a + b), fmt.Sprintf("把$%d$和$%d$合起来。想数的组成：$%d$和$%d$组成$%d$，所以$%d+%d=%d$。", a, b, a, b, a+b, a, b, a+b)
	}),
	calc("math.g1.sub_within10.t1", kp(1, "sub_within10"), false, func(r *rand.Rand) (string, *big.Rat, string) {
		a := pick(r, 1, 10)
		b := pick(r, 0, a)
		return fmt.Sprintf("%d-%d", a, b), rat(a - b), fmt.Sprintf("想加算减：$%d$加几等于$%d$？$%d+%d=%d$，所以$%d-%d=%d$。", b, a, b, a-b, a, a, b, a-b)
	}),
	tpl("math.g1.compose_decompose.t1", kp(1, "compose_decompose"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		n := pick(r, 2, 10)
		a := pick(r, 1, n-1)
		return fill(fmt.Sprintf("$%d$可以分成$%d$和（　）。", n, a), rat(n-a), fmt.Sprintf("$%d$和几合成$%d$？因为$%d+%d=%d$，所以$%d$可以分成$%d$和$%d$。", a, n, a, n-a, n, n, a, n-a))
	}, checkVals(2, func(v []*big.Rat, ans *big.Rat) error {
		return expect(new(big.Rat).Add(ans, v[1]), v[0], "putting the parts together")
	})),
	calc("math.g1.add_carry_20.t1", kp(1, "add_carry_20"), false, func(r *rand.Rand) (string, *big.Rat, string) {
		a, b := pick(r, 2, 9), pick(r, 2, 9)
		for a+b <= 10 {
			a, b = pick(r, 2, 9), pick(r, 2, 9)
		}
		big, small := max(a, b), min(a, b)
		need := 10 - big
		return fmt.Sprintf("%d+%d", a, b), rat(a + b), fmt.Sprintf("凑十法：看大数$%d$，它还差$%d$凑成十；把$%d$分成$%d$和$%d$，$%d+%d=10$，$10+%d=%d$。", big, need, small, need, small-need, big, need, small-need, a+b)
	}),
	calc("math.g1.sub_borrow_20.t1", kp(1, "sub_borrow_20"), false, func(r *rand.Rand) (string, *big.Rat, string) {
		b := pick(r, 2, 9)
		u := pick(r, 1, b-1)
		a := 10 + u
		return fmt.Sprintf("%d-%d", a, b), rat(a - b), fmt.Sprintf("破十法：把$%d$分成$10$和$%d$，先算$10-%d=%d$，再算$%d+%d=%d$。也可以想加算减：$%d+%d=%d$。", a, u, b, 10-b, 10-b, u, a-b, b, a-b, a)
	}),
	calc("math.g1.add_sub_tens.t1", kp(1, "add_sub_tens"), false, func(r *rand.Rand) (string, *big.Rat, string) {
		t1, t2 := pick(r, 1, 8), pick(r, 1, 8)
		o := oneOf[int64](r, 0, 0, pick(r, 1, 9))
		if r.IntN(2) == 0 {
			t2 = pick(r, 1, 9-t1)
			a := t1*10 + o
			return fmt.Sprintf("%d+%d", a, t2*10), rat(a + t2*10), fmt.Sprintf("$%d$是$%d$个十，$%d$个十加$%d$个十是$%d$个十，个位还是$%d$，所以得$%d$。", t2*10, t2, t1, t2, t1+t2, o, a+t2*10)
		}
		t1, t2 = max(t1, t2)+1, min(t1, t2)
		a := t1*10 + o
		return fmt.Sprintf("%d-%d", a, t2*10), rat(a - t2*10), fmt.Sprintf("十位上：$%d$个十减$%d$个十是$%d$个十；个位上的$%d$不变，所以得$%d$。", t1, t2, t1-t2, o, a-t2*10)
	}),
	calc("math.g1.add_2d_1d.t1", kp(1, "add_2d_1d"), false, func(r *rand.Rand) (string, *big.Rat, string) {
		a, b := pick(r, 11, 89), pick(r, 2, 9)
		if r.IntN(2) == 0 {
			return fmt.Sprintf("%d+%d", a, b), rat(a + b), fmt.Sprintf("先算个位：$%d+%d=%d$，再和$%d$个十合起来，得$%d$。", a%10, b, a%10+b, a/10, a+b)
		}
		if a%10 >= b {
			return fmt.Sprintf("%d-%d", a, b), rat(a - b), fmt.Sprintf("个位够减：$%d-%d=%d$，十位不变，得$%d$。", a%10, b, a%10-b, a-b)
		}
		return fmt.Sprintf("%d-%d", a, b), rat(a - b), fmt.Sprintf("个位$%d$不够减$%d$，从十位退$1$：$%d-%d=%d$，十位还剩$%d$个十，得$%d$。", a%10, b, a%10+10, b, a%10+10-b, a/10-1, a-b)
	}),
	calc("math.g1.mixed_add_sub.t1", kp(1, "mixed_add_sub"), false, func(r *rand.Rand) (string, *big.Rat, string) {
		a, b := pick(r, 10, 60), pick(r, 2, 30)
		c := pick(r, 2, a+b-1)
		if r.IntN(2) == 0 {
			return fmt.Sprintf("%d+%d-%d", a, b, c), rat(a + b - c), fmt.Sprintf("从左往右算：先算$%d+%d=%d$，再算$%d-%d=%d$。", a, b, a+b, a+b, c, a+b-c)
		}
		b = pick(r, 2, a-1)
		c = pick(r, 1, a-b)
		return fmt.Sprintf("%d-%d-%d", a, b, c), rat(a - b - c), fmt.Sprintf("从左往右算：先算$%d-%d=%d$，再算$%d-%d=%d$。", a, b, a-b, a-b, c, a-b-c)
	}),
	tpl("math.g1.place_value.t1", kp(1, "place_value", "num_within100"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		t, o := pick(r, 1, 9), pick(r, 0, 9)
		stem := fmt.Sprintf("$%d$个十和$%d$个一组成的数是（　）。", t, o)
		if o == 0 {
			stem = fmt.Sprintf("$%d$个十组成的数是（　）。", t)
		}
		return fill(stem, rat(t*10+o), fmt.Sprintf("十位上写$%d$，个位上写$%d$，这个数是$%d$。", t, o, t*10+o))
	}, func(it curriculum.Item) error {
		v := ints(it.Stem)
		if len(v) == 1 {
			v = append(v, 0)
		}
		ans := it.Answer
		if len(v) != 2 || len(ans) != 2 || ans[:1] != strconv.FormatInt(v[0], 10) || ans[1:] != strconv.FormatInt(v[1], 10) {
			return fmt.Errorf("answer %s does not have tens and ones %v", ans, v)
		}
		return nil
	}),
	tpl("math.g1.compare_within100.t1", kp(1, "compare_within100", "compare_symbols"), curriculum.SingleChoice, func(r *rand.Rand) curriculum.Item {
		a := pick(r, 10, 99)
		b := oneOf(r, a, pick(r, 10, 99), (a%10)*10+a/10, a+oneOf[int64](r, -1, 1, 10, -10))
		if b < 10 || b > 99 {
			b = pick(r, 10, 99)
		}
		return relItem(fmt.Sprintf("比较大小：$%d$○$%d$，○里应填（　）。", a, b), cmpInt(a, b), "两位数比大小，先比十位，十位大的数就大；十位相同再比个位。")
	}, checkRel),
	convert("math.g1.rmb.t1", kp(1, "rmb"), unitsRMB, false),
	tpl("math.g1.patterns.t1", kp(1, "patterns"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		d := oneOf[int64](r, 2, 3, 4, 5, 10, -2, -3, -5)
		a := pick(r, 1, 20)
		if d < 0 {
			a = pick(r, -4*d+1, 60)
		}
		seq := []string{}
		for i := range int64(4) {
			seq = append(seq, fmt.Sprintf("$%d$", a+i*d))
		}
		dir := "多"
		if d < 0 {
			dir = "少"
		}
		return fill("找规律填数："+strings.Join(seq, "，")+"，（　）。", rat(a+4*d), fmt.Sprintf("相邻两个数，后一个比前一个%s$%d$，所以下一个数是$%d$。", dir, abs64(d), a+4*d))
	}, checkVals(4, func(v []*big.Rat, ans *big.Rat) error {
		step := new(big.Rat).Sub(v[1], v[0])
		for i := 2; i < len(v); i++ {
			if new(big.Rat).Sub(v[i], v[i-1]).Cmp(step) != 0 {
				return fmt.Errorf("sequence is not arithmetic")
			}
		}
		return expect(ans, new(big.Rat).Add(v[len(v)-1], step), "continuing the sequence")
	})),

	// Grade 2.
	convert("math.g2.length_cm_m.t1", kp(2, "length_cm_m"), unitsCmM, false),
	addSub("math.g2.add_2d.t1", kp(2, "add_2d"), 11, 89, 11, 89, false),
	addSub("math.g2.sub_2d.t1", kp(2, "sub_2d"), 20, 99, 11, 89, true),
	calc("math.g2.add_sub_2step.t1", kp(2, "add_sub_2step"), false, func(r *rand.Rand) (string, *big.Rat, string) {
		a, b := pick(r, 20, 70), pick(r, 11, 29)
		c := pick(r, 11, a+b-1)
		switch r.IntN(3) {
		case 0:
			return fmt.Sprintf("%d+%d-%d", a, b, c), rat(a + b - c), fmt.Sprintf("没有括号，从左往右：$%d+%d=%d$，$%d-%d=%d$。", a, b, a+b, a+b, c, a+b-c)
		case 1:
			c = pick(r, 11, 99-a+b)
			b = min(b, a-1)
			return fmt.Sprintf("%d-%d+%d", a, b, c), rat(a - b + c), fmt.Sprintf("没有括号，从左往右：$%d-%d=%d$，$%d+%d=%d$。", a, b, a-b, a-b, c, a-b+c)
		}
		a = pick(r, 60, 99)
		b, c = pick(r, 11, 40), pick(r, 5, 20)
		return fmt.Sprintf("%d-(%d+%d)", a, b, c), rat(a - b - c), fmt.Sprintf("先算小括号里的：$%d+%d=%d$，再算$%d-%d=%d$。", b, c, b+c, a, b+c, a-b-c)
	}),
	tpl("math.g2.mult_meaning.t1", kp(2, "mult_meaning"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, n := pick(r, 2, 9), pick(r, 2, 6)
		terms := strings.TrimSuffix(strings.Repeat(fmt.Sprintf("%d+", a), int(n)), "+")
		return fill(fmt.Sprintf("加法算式$%s$改写成乘法算式是$%d\\times$（　）。", terms, a), rat(n), fmt.Sprintf("这个算式是$%d$个$%d$相加，求几个相同加数的和用乘法：$%d\\times%d=%d$。", n, a, a, n, a*n))
	}, func(it curriculum.Item) error {
		segs := mathSegments(it.Stem)
		if len(segs) != 2 {
			return fmt.Errorf("stem has %d segments", len(segs))
		}
		sum, err := evalTeX(segs[0], nil)
		if err != nil {
			return err
		}
		a, err := evalTeX(strings.TrimSuffix(segs[1], `\times`), nil)
		if err != nil {
			return err
		}
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		if n := int64(strings.Count(segs[0], "+") + 1); ans.Cmp(rat(n)) != 0 {
			return fmt.Errorf("the sum has %d addends, answer %s", n, it.Answer)
		}
		return expect(new(big.Rat).Mul(a, ans), sum, "the sum of the addends")
	}),
	calc("math.g2.mult_table_2_6.t1", kp(2, "mult_table_2_6"), false, func(r *rand.Rand) (string, *big.Rat, string) {
		a, b := pick(r, 1, 6), pick(r, 2, 6)
		return fmt.Sprintf("%d\\times%d", a, b), rat(a * b), fmt.Sprintf("用口诀“%s”，$%d\\times%d=%d$。", rhyme(a, b), a, b, a*b)
	}),
	calc("math.g2.mult_table_7_9.t1", kp(2, "mult_table_7_9"), false, func(r *rand.Rand) (string, *big.Rat, string) {
		a, b := pick(r, 7, 9), pick(r, 2, 9)
		if r.IntN(2) == 0 {
			a, b = b, a
		}
		return fmt.Sprintf("%d\\times%d", a, b), rat(a * b), fmt.Sprintf("用口诀“%s”，$%d\\times%d=%d$。", rhyme(a, b), a, b, a*b)
	}),
	calc("math.g2.div_by_table.t1", kp(2, "div_by_table", "div_meaning"), false, func(r *rand.Rand) (string, *big.Rat, string) {
		b, q := pick(r, 2, 9), pick(r, 1, 9)
		return fmt.Sprintf("%d\\div%d", b*q, b), rat(q), fmt.Sprintf("想口诀：$%d$乘几得$%d$？“%s”，所以$%d\\div%d=%d$。", b, b*q, rhyme(b, q), b*q, b, q)
	}),
	tpl("math.g2.div_remainder.t1", kp(2, "div_remainder"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		b := pick(r, 2, 9)
		q, rem := pick(r, 1, 9), pick(r, 1, b-1)
		a := b*q + rem
		return fill(fmt.Sprintf("$%d\\div%d$的商是$%d$，余数是（　）。", a, b, q), rat(rem), fmt.Sprintf("想$%d\\times%d=%d$，$%d-%d=%d$，余数$%d$比除数$%d$小。验算：$%d\\times%d+%d=%d$。", q, b, q*b, a, q*b, rem, rem, b, q, b, rem, a))
	}, func(it curriculum.Item) error {
		v, err := needInts(it.Stem, 3)
		if err != nil {
			return err
		}
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		if !ans.IsInt() || ans.Sign() < 0 || ans.Cmp(rat(v[1])) >= 0 {
			return fmt.Errorf("remainder %s is not below divisor %d", it.Answer, v[1])
		}
		return expect(new(big.Rat).Add(rat(v[2]*v[1]), ans), rat(v[0]), "quotient × divisor + remainder")
	}),
	calc("math.g2.order_of_ops.t1", kp(2, "order_of_ops"), false, func(r *rand.Rand) (string, *big.Rat, string) {
		a, b, c := pick(r, 10, 60), pick(r, 2, 9), pick(r, 2, 9)
		switch r.IntN(4) {
		case 0:
			return fmt.Sprintf("%d+%d\\times%d", a, b, c), rat(a + b*c), fmt.Sprintf("先乘后加：$%d\\times%d=%d$，$%d+%d=%d$。", b, c, b*c, a, b*c, a+b*c)
		case 1:
			a = pick(r, b*c, b*c+40)
			return fmt.Sprintf("%d-%d\\times%d", a, b, c), rat(a - b*c), fmt.Sprintf("先乘后减：$%d\\times%d=%d$，$%d-%d=%d$。", b, c, b*c, a, b*c, a-b*c)
		case 2:
			return fmt.Sprintf("%d\\div%d+%d", b*c, b, a), rat(c + a), fmt.Sprintf("先除后加：$%d\\div%d=%d$，$%d+%d=%d$。", b*c, b, c, c, a, c+a)
		}
		s := pick(r, 2, 9)
		x := pick(r, 1, s-1)
		return fmt.Sprintf("(%d+%d)\\times%d", x, s-x, c), rat(s * c), fmt.Sprintf("先算小括号里的：$%d+%d=%d$，再算$%d\\times%d=%d$。", x, s-x, s, s, c, s*c)
	}),
	compose("math.g2.num_within10000.t1", kp(2, "num_within10000"), 4),
	tpl("math.g2.approx_number.t1", kp(2, "approx_number"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		n := pick(r, 101, 9899)
		for n%100 == 50 || n%100 == 0 {
			n = pick(r, 101, 9899)
		}
		near := (n + 50) / 100 * 100
		return fill(fmt.Sprintf("与$%d$最接近的整百数是（　）。", n), rat(near), fmt.Sprintf("$%d$在$%d$和$%d$之间，离$%d$只差$%d$，更近，所以大约是$%d$。", n, n/100*100, n/100*100+100, near, abs64(near-n), near))
	}, checkVals(1, func(v []*big.Rat, ans *big.Rat) error {
		if !new(big.Rat).Quo(ans, rat(100)).IsInt() {
			return fmt.Errorf("%s is not a whole hundred", ans.RatString())
		}
		for _, other := range []*big.Rat{new(big.Rat).Add(ans, rat(100)), new(big.Rat).Sub(ans, rat(100))} {
			if distance(v[0], other).Cmp(distance(v[0], ans)) <= 0 {
				return fmt.Errorf("%s is at least as near as %s", other.RatString(), ans.RatString())
			}
		}
		return nil
	})),
	calc("math.g2.add_sub_hundreds.t1", kp(2, "add_sub_hundreds"), false, func(r *rand.Rand) (string, *big.Rat, string) {
		a, b := pick(r, 1, 9), pick(r, 1, 9)
		unit := oneOf[int64](r, 100, 1000)
		if unit == 1000 {
			a, b = pick(r, 1, 8), pick(r, 1, 4)
			b = min(b, 9-a)
		}
		name := map[int64]string{100: "百", 1000: "千"}[unit]
		if r.IntN(2) == 0 {
			return fmt.Sprintf("%d+%d", a*unit, b*unit), rat((a + b) * unit), fmt.Sprintf("$%d$个%s加$%d$个%s是$%d$个%s，即$%d$。", a, name, b, name, a+b, name, (a+b)*unit)
		}
		a += b
		return fmt.Sprintf("%d-%d", a*unit, b*unit), rat((a - b) * unit), fmt.Sprintf("$%d$个%s减$%d$个%s是$%d$个%s，即$%d$。", a, name, b, name, a-b, name, (a-b)*unit)
	}),
	convert("math.g2.mass_g_kg.t1", kp(2, "mass_g_kg"), unitsKgG, false),
	convert("math.g2.time_hm.t1", kp(2, "time_hm"), unitsHM, false),
	tpl("math.g2.combinations.t1", kp(2, "combinations"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		n := pick(r, 3, 5)
		digits := []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}
		r.Shuffle(len(digits), func(i, j int) { digits[i], digits[j] = digits[j], digits[i] })
		ds := digits[:n]
		if r.IntN(2) == 0 {
			return fill(fmt.Sprintf("用数字卡片$%s$，每次取两张组成一个两位数，一共能组成（　）个不同的两位数。", strings.Join(ds, "$、$")), rat(n*(n-1)), fmt.Sprintf("十位有$%d$种选法，每种选法个位还剩$%d$种，所以有$%d\\times%d=%d$个。有序地写：先固定十位，再换个位，不重复不遗漏。", n, n-1, n, n-1, n*(n-1)))
		}
		return fill(fmt.Sprintf("$%d$个小朋友见面，每两人握一次手，一共要握（　）次手。", n), rat(n*(n-1)/2), fmt.Sprintf("每人要和另外$%d$人握手，$%d\\times%d=%d$，但每次握手被算了两次，所以是$%d\\div2=%d$次。", n-1, n, n-1, n*(n-1), n*(n-1), n*(n-1)/2))
	}, func(it curriculum.Item) error {
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		segs := mathSegments(it.Stem)
		count := int64(0)
		if strings.Contains(it.Stem, "小朋友") {
			n := ints(it.Stem)[0]
			for i := range n {
				for j := range n {
					if i < j {
						count++
					}
				}
			}
		} else {
			seen := map[string]bool{}
			for _, a := range segs {
				for _, b := range segs {
					if a != b {
						seen[a+b] = true
					}
				}
			}
			count = int64(len(seen))
		}
		return expect(ans, rat(count), "enumerating the cases")
	}),
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// distance is |a-b|.
func distance(a, b *big.Rat) *big.Rat {
	d := new(big.Rat).Sub(a, b)
	return d.Abs(d)
}

var cnDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// rhyme is the multiplication-table line (乘法口诀) for a × b.
func rhyme(a, b int64) string {
	a, b = min(a, b), max(a, b)
	p := a * b
	head := cnDigits[a] + cnDigits[b]
	switch {
	case p < 10:
		return head + "得" + cnDigits[p]
	case p == 10:
		return head + "一十"
	}
	return head + cnNumber(p)
}

// cnNumber writes 10..99 in Chinese numerals.
func cnNumber(n int64) string {
	t, o := n/10, n%10
	s := "十"
	if t > 1 {
		s = cnDigits[t] + "十"
	}
	if o > 0 {
		s += cnDigits[o]
	}
	return s
}

var primaryG34 = []curriculum.Template{
	// Grade 3.
	convert("math.g3.time_second.t1", kp(3, "time_second"), unitsMS, false),
	tpl("math.g3.time_second.t2", kp(3, "time_second", "calendar"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		h1, m1 := pick(r, 6, 20), pick(r, 0, 11)*5
		d := pick(r, 3, 22) * 5
		end := h1*60 + m1 + d
		return fill(fmt.Sprintf("一场活动从$%d$时$%d$分开始，到$%d$时$%d$分结束，经过了（　）分钟。", h1, m1, end/60, end%60), rat(d),
			fmt.Sprintf("分段算：从$%d$时$%d$分到$%d$时$%d$分，把两个时刻都化成从$0$时起的分钟数相减：$%d-%d=%d$（分钟）。注意$1$时$=60$分，不是$100$分。", h1, m1, end/60, end%60, end, h1*60+m1, d))
	}, func(it curriculum.Item) error {
		v, err := needInts(it.Stem, 4)
		if err != nil {
			return err
		}
		start := time.Date(2024, 1, 1, int(v[0]), int(v[1]), 0, 0, time.UTC)
		stop := time.Date(2024, 1, 1, int(v[2]), int(v[3]), 0, 0, time.UTC)
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		return expect(ans, rat(int64(stop.Sub(start).Minutes())), "time.Time difference")
	}),
	addSub("math.g3.add_sub_3d.t1", kp(3, "add_sub_3d"), 101, 899, 101, 899, false),
	addSub("math.g3.add_sub_3d.t2", kp(3, "add_sub_3d"), 300, 999, 101, 899, true),
	convert("math.g3.length_units.t1", kp(3, "length_units"), unitsLength, false),
	convert("math.g3.ton.t1", kp(3, "ton"), unitsTonKg, false),
	tpl("math.g3.times_concept.t1", kp(3, "times_concept"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		b, k := pick(r, 2, 12), pick(r, 2, 9)
		if r.IntN(2) == 0 {
			return fill(fmt.Sprintf("$%d$是$%d$的（　）倍。", b*k, b), rat(k), fmt.Sprintf("求一个数是另一个数的几倍用除法：$%d\\div%d=%d$，$%d$里有$%d$个$%d$。", b*k, b, k, b*k, k, b))
		}
		return fill(fmt.Sprintf("$%d$的$%d$倍是（　）。", b, k), rat(b*k), fmt.Sprintf("求一个数的几倍是多少用乘法：$%d\\times%d=%d$。", b, k, b*k))
	}, func(it curriculum.Item) error {
		v, err := segmentValues(it.Stem)
		if err != nil || len(v) != 2 {
			return fmt.Errorf("stem needs two numbers: %v", err)
		}
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		if strings.Contains(it.Stem, "（　）倍") {
			return expect(new(big.Rat).Mul(ans, v[1]), v[0], "answer × the smaller number")
		}
		return expect(new(big.Rat).Quo(ans, v[1]), v[0], "answer ÷ times")
	}),
	calc("math.g3.mult_by_1d.t1", kp(3, "mult_by_1d"), false, func(r *rand.Rand) (string, *big.Rat, string) {
		a := oneOf(r, pick(r, 12, 99), pick(r, 101, 999), pick(r, 1, 9)*100+pick(r, 0, 9))
		b := pick(r, 2, 9)
		return fmt.Sprintf("%d\\times%d", a, b), rat(a * b), "从个位乘起。" + mulCol(a, b) + fmt.Sprintf("所以$%d\\times%d=%d$。", a, b, a*b)
	}),
	tpl("math.g3.perimeter_rect.t1", kp(3, "perimeter_rect", "perimeter"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		l, w := pick(r, 5, 30), pick(r, 2, 20)
		if w >= l {
			l, w = w+1, l
		}
		switch r.IntN(3) {
		case 0:
			return fill(fmt.Sprintf("一个长方形长$%d$厘米，宽$%d$厘米，它的周长是（　）厘米。", l, w), rat(2*(l+w)), fmt.Sprintf("长方形周长$=($长$+$宽$)\\times2=(%d+%d)\\times2=%d$（厘米）。", l, w, 2*(l+w)))
		case 1:
			return fill(fmt.Sprintf("一个正方形边长$%d$分米，它的周长是（　）分米。", l), rat(4*l), fmt.Sprintf("正方形的四条边都相等，周长$=$边长$\\times4=%d\\times4=%d$（分米）。", l, 4*l))
		}
		return fill(fmt.Sprintf("一个长方形的周长是$%d$米，长是$%d$米，宽是（　）米。", 2*(l+w), l), rat(w), fmt.Sprintf("长$+$宽$=$周长$\\div2=%d\\div2=%d$（米），宽$=%d-%d=%d$（米）。", 2*(l+w), l+w, l+w, l, w))
	}, func(it curriculum.Item) error {
		v, err := segmentValues(it.Stem)
		if err != nil {
			return err
		}
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		switch {
		case strings.Contains(it.Stem, "正方形") && len(v) == 1:
			return expect(new(big.Rat).Quo(ans, rat(4)), v[0], "perimeter ÷ 4")
		case strings.Contains(it.Stem, "周长是$") && len(v) == 2: // perimeter and length given
			return expect(new(big.Rat).Add(new(big.Rat).Add(ans, ans), new(big.Rat).Add(v[1], v[1])), v[0], "summing the four sides")
		case len(v) == 2:
			return expect(ans, new(big.Rat).Add(new(big.Rat).Add(v[0], v[0]), new(big.Rat).Add(v[1], v[1])), "summing the four sides")
		}
		return fmt.Errorf("unrecognised stem")
	}),
	tpl("math.g3.frac_of_quantity.t1", kp(3, "frac_of_quantity"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		d := pick(r, 2, 9)
		n := pick(r, 1, d-1)
		total := d * pick(r, 2, 9)
		return fill(fmt.Sprintf("$%d$个苹果的$\\frac{%d}{%d}$是（　）个。", total, n, d), rat(total/d*n), fmt.Sprintf("把$%d$个苹果平均分成$%d$份，一份是$%d\\div%d=%d$（个），$%d$份是$%d\\times%d=%d$（个）。", total, d, total, d, total/d, n, total/d, n, total/d*n))
	}, checkVals(2, func(v []*big.Rat, ans *big.Rat) error {
		return expect(new(big.Rat).Quo(ans, v[1]), v[0], "answer ÷ fraction")
	})),
	calc("math.g3.frac_add_same.t1", kp(3, "frac_add_same"), true, func(r *rand.Rand) (string, *big.Rat, string) {
		d := pick(r, 3, 12)
		a := pick(r, 1, d-1)
		b := pick(r, 1, d-a)
		switch r.IntN(3) {
		case 0:
			return fmt.Sprintf("\\frac{%d}{%d}+\\frac{%d}{%d}", a, d, b, d), big.NewRat(a+b, d), fmt.Sprintf("分母相同，分母不变，分子相加：$%d$个$\\frac{1}{%d}$加$%d$个$\\frac{1}{%d}$是$%d$个$\\frac{1}{%d}$，即$%s$。", a, d, b, d, a+b, d, texFrac(big.NewRat(a+b, d)))
		case 1:
			a, b = max(a, b), min(a, b)
			return fmt.Sprintf("\\frac{%d}{%d}-\\frac{%d}{%d}", a, d, b, d), big.NewRat(a-b, d), fmt.Sprintf("分母不变，分子相减：$%d-%d=%d$，得$%s$。", a, b, a-b, texFrac(big.NewRat(a-b, d)))
		}
		return fmt.Sprintf("1-\\frac{%d}{%d}", a, d), big.NewRat(d-a, d), fmt.Sprintf("把$1$看成$\\frac{%d}{%d}$，$\\frac{%d}{%d}-\\frac{%d}{%d}=%s$。", d, d, d, d, a, d, texFrac(big.NewRat(d-a, d)))
	}),
	tpl("math.g3.frac_compare_simple.t1", kp(3, "frac_compare_simple"), curriculum.SingleChoice, func(r *rand.Rand) curriculum.Item {
		if r.IntN(2) == 0 {
			a, b := pick(r, 2, 10), pick(r, 2, 10)
			return relItem(fmt.Sprintf("比较大小：$\\frac{1}{%d}$○$\\frac{1}{%d}$，○里应填（　）。", a, b), cmpInt(b, a), "分子都是$1$时，分母越大，平均分的份数越多，每一份就越小。")
		}
		d := pick(r, 3, 10)
		a, b := pick(r, 1, d-1), pick(r, 1, d-1)
		return relItem(fmt.Sprintf("比较大小：$\\frac{%d}{%d}$○$\\frac{%d}{%d}$，○里应填（　）。", a, d, b, d), cmpInt(a, b), "分母相同时，分子大的分数大。")
	}, checkRel),
	calc("math.g3.decimal_add_sub_simple.t1", kp(3, "decimal_add_sub_simple"), false, func(r *rand.Rand) (string, *big.Rat, string) {
		a, b := big.NewRat(pick(r, 1, 99), 10), big.NewRat(pick(r, 1, 99), 10)
		if r.IntN(2) == 0 {
			s := new(big.Rat).Add(a, b)
			return decStr(a) + "+" + decStr(b), s, fmt.Sprintf("小数点对齐，相同数位对齐，按整数加法计算，得数的小数点和上面对齐：$%s+%s=%s$。", decStr(a), decStr(b), decStr(s))
		}
		if a.Cmp(b) < 0 {
			a, b = b, a
		}
		d := new(big.Rat).Sub(a, b)
		return decStr(a) + "-" + decStr(b), d, fmt.Sprintf("小数点对齐再减，可以想成元和角：$%s-%s=%s$。", decStr(a), decStr(b), decStr(d))
	}),
	tpl("math.g3.sets.t1", kp(3, "sets"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		both := pick(r, 1, 8)
		a, b := both+pick(r, 2, 15), both+pick(r, 2, 15)
		return fill(fmt.Sprintf("三（1）班参加跳绳比赛的有$%d$人，参加踢毽比赛的有$%d$人，两项都参加的有$%d$人。参加比赛的一共有（　）人。", a, b, both), rat(a+b-both),
			fmt.Sprintf("两项都参加的$%d$人被算了两次，要减去一次：$%d+%d-%d=%d$（人）。画两个相交的圈，中间填$%d$就清楚了。", both, a, b, both, a+b-both, both))
	}, checkVals(3, func(v []*big.Rat, ans *big.Rat) error {
		only := new(big.Rat).Sub(v[0], v[2])
		only.Add(only, new(big.Rat).Sub(v[1], v[2]))
		return expect(ans, only.Add(only, v[2]), "only-A + only-B + both")
	})),
	calc("math.g3.div_by_1d.t1", kp(3, "div_by_1d"), false, func(r *rand.Rand) (string, *big.Rat, string) {
		b := pick(r, 2, 9)
		q := oneOf(r, pick(r, 12, 199), pick(r, 1, 9)*100+pick(r, 0, 9), pick(r, 10, 99)*10)
		a := b * q
		return fmt.Sprintf("%d\\div%d", a, b), rat(q), fmt.Sprintf("从被除数的最高位除起，哪一位不够商$1$就商$0$占位，每次余数都要比$%d$小。商是$%d$。验算：$%d\\times%d=%d$。", b, q, q, b, a)
	}),
	calc("math.g3.mult_2d_2d.t1", kp(3, "mult_2d_2d"), false, func(r *rand.Rand) (string, *big.Rat, string) {
		a, b := pick(r, 11, 99), pick(r, 11, 99)
		return fmt.Sprintf("%d\\times%d", a, b), rat(a * b), mulTwo(a, b)
	}),
	tpl("math.g3.area_rect.t1", kp(3, "area_rect"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		l, w := pick(r, 3, 25), pick(r, 2, 15)
		switch r.IntN(3) {
		case 0:
			return fill(fmt.Sprintf("一个长方形长$%d$厘米，宽$%d$厘米，它的面积是（　）平方厘米。", l, w), rat(l*w), fmt.Sprintf("长方形面积$=$长$\\times$宽$=%d\\times%d=%d$（平方厘米）。注意面积单位是平方厘米。", l, w, l*w))
		case 1:
			return fill(fmt.Sprintf("一个正方形边长$%d$米，它的面积是（　）平方米。", w), rat(w*w), fmt.Sprintf("正方形面积$=$边长$\\times$边长$=%d\\times%d=%d$（平方米），不是边长$\\times4$。", w, w, w*w))
		}
		return fill(fmt.Sprintf("一块长方形菜地面积是$%d$平方米，长$%d$米，宽是（　）米。", l*w, l), rat(w), fmt.Sprintf("宽$=$面积$\\div$长$=%d\\div%d=%d$（米）。", l*w, l, w))
	}, func(it curriculum.Item) error {
		v, err := segmentValues(it.Stem)
		if err != nil {
			return err
		}
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		switch {
		case strings.Contains(it.Stem, "正方形") && len(v) == 1:
			return expect(ans, unitSquares(v[0], v[0]), "counting unit squares")
		case strings.Contains(it.Stem, "面积是$") && len(v) == 2:
			return expect(unitSquares(v[1], ans), v[0], "counting unit squares")
		case len(v) == 2:
			return expect(ans, unitSquares(v[0], v[1]), "counting unit squares")
		}
		return fmt.Errorf("unrecognised stem")
	}),
	convert("math.g3.area_units_convert.t1", kp(3, "area_units_convert"), unitsArea, false),
	tpl("math.g3.calendar.t1", kp(3, "calendar"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		y, m := pick(r, 1900, 2100), pick(r, 1, 12)
		if r.IntN(2) == 0 {
			m = 2
		}
		days := int64([]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1])
		leap := y%4 == 0 && (y%100 != 0 || y%400 == 0)
		why := "大月有$31$天，小月有$30$天。"
		if m == 2 {
			why = fmt.Sprintf("$%d$年是平年，二月有$28$天。", y)
			if leap {
				days = 29
				why = fmt.Sprintf("$%d$年是闰年（四年一闰，百年不闰，四百年再闰），二月有$29$天。", y)
			}
		}
		return fill(fmt.Sprintf("$%d$年$%d$月有（　）天。", y, m), rat(days), why)
	}, func(it curriculum.Item) error {
		v, err := needInts(it.Stem, 2)
		if err != nil {
			return err
		}
		last := time.Date(int(v[0]), time.Month(v[1])+1, 0, 0, 0, 0, 0, time.UTC).Day()
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		return expect(ans, rat(int64(last)), "the calendar of package time")
	}),
	tpl("math.g3.calendar.t2", kp(3, "calendar"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		h := pick(r, 1, 11)
		return fill(fmt.Sprintf("下午$%d$时用24时计时法表示是（　）时。", h), rat(h+12), fmt.Sprintf("下午的时刻用24时计时法表示，要把普通计时法的时数加上$12$：$%d+12=%d$，记作$%d$时。", h, h+12, h+12))
	}, func(it curriculum.Item) error {
		v, err := needInts(it.Stem, 1)
		if err != nil {
			return err
		}
		tm, err := time.Parse("3PM", fmt.Sprintf("%dPM", v[0]))
		if err != nil {
			return err
		}
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		return expect(ans, rat(int64(tm.Hour())), "time.Parse of the afternoon hour")
	}),

	// Grade 4.
	compose("math.g4.large_numbers.t1", kp(4, "large_numbers"), 8),
	tpl("math.g4.rewrite_round.t1", kp(4, "rewrite_round"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		n := pick(r, 100000, 99999999)
		if r.IntN(3) == 0 {
			w := n / 10000
			return fill(fmt.Sprintf("把$%d$改写成用“万”作单位的数是（　）万。", w*10000), rat(w), fmt.Sprintf("整万数改写成用“万”作单位的数，去掉末尾的四个$0$，写上“万”字：$%d$万。改写前后大小相等，用“=”。", w))
		}
		w := (n + 5000) / 10000
		return fill(fmt.Sprintf("把$%d$省略“万”位后面的尾数约是（　）万。", n), rat(w), fmt.Sprintf("看千位上的数字$%d$，%s，约是$%d$万，用“≈”连接。", n/1000%10, map[bool]string{true: "满$5$向万位进$1$", false: "小于$5$就舍去"}[n/1000%10 >= 5], w))
	}, func(it curriculum.Item) error {
		v, err := needInts(it.Stem, 1)
		if err != nil {
			return err
		}
		s := strconv.FormatInt(v[0], 10)
		head, _ := strconv.ParseInt(s[:len(s)-4], 10, 64)
		if strings.Contains(it.Stem, "改写") {
			if !strings.HasSuffix(s, "0000") {
				return fmt.Errorf("%s is not a whole number of 万", s)
			}
		} else if s[len(s)-4] >= '5' {
			head++
		}
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		return expect(ans, rat(head), "reading the digits")
	}),
	convert("math.g4.hectare_km2.t1", kp(4, "hectare_km2"), unitsLand, false),
	tpl("math.g4.angle_classify.t1", kp(4, "angle_classify"), curriculum.SingleChoice, func(r *rand.Rand) curriculum.Item {
		deg := oneOf(r, pick(r, 1, 89), 90, pick(r, 91, 179), 180, 360)
		return choice(r, fmt.Sprintf("一个角是$%d°$，它是（　）。", deg), angleKind(deg), removeStr([]string{"锐角", "直角", "钝角", "平角", "周角"}, angleKind(deg))[:3],
			"小于$90°$的角是锐角，等于$90°$是直角，大于$90°$小于$180°$是钝角，等于$180°$是平角，等于$360°$是周角。")
	}, func(it curriculum.Item) error {
		v, err := needInts(it.Stem, 1)
		if err != nil {
			return err
		}
		got, err := chosen(it)
		if err != nil {
			return err
		}
		d := v[0]
		var want string
		for _, k := range []struct {
			ok   bool
			name string
		}{{d > 0 && d < 90, "锐角"}, {d == 90, "直角"}, {d > 90 && d < 180, "钝角"}, {d == 180, "平角"}, {d == 360, "周角"}} {
			if k.ok {
				want = k.name
			}
		}
		if got != want {
			return fmt.Errorf("a %d° angle is %s, not %s", d, want, got)
		}
		return nil
	}),
	calc("math.g4.mult_3d_2d.t1", kp(4, "mult_3d_2d"), false, func(r *rand.Rand) (string, *big.Rat, string) {
		a, b := pick(r, 101, 999), pick(r, 11, 99)
		return fmt.Sprintf("%d\\times%d", a, b), rat(a * b), mulTwo(a, b)
	}),
	calc("math.g4.div_by_2d.t1", kp(4, "div_by_2d"), false, func(r *rand.Rand) (string, *big.Rat, string) {
		b, q := pick(r, 12, 89), pick(r, 3, 99)
		round := (b + 5) / 10 * 10
		return fmt.Sprintf("%d\\div%d", b*q, b), rat(q), fmt.Sprintf("把除数$%d$看作$%d$来试商，商偏大或偏小时再调整，每次余数要比$%d$小。商是$%d$。验算：$%d\\times%d=%d$。", b, round, b, q, q, b, b*q)
	}),
	tpl("math.g4.quotient_invariance.t1", kp(4, "quotient_invariance"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		b, q, k := pick(r, 2, 30), pick(r, 2, 30), pick(r, 2, 10)
		a := b * q
		if r.IntN(2) == 0 {
			return fill(fmt.Sprintf("已知$%d\\div%d$的商是$%d$，那么$(%d\\times%d)\\div(%d\\times%d)$的商是（　）。", a, b, q, a, k, b, k), rat(q), fmt.Sprintf("被除数和除数同时乘$%d$，商不变，还是$%d$。", k, q))
		}
		return fill(fmt.Sprintf("已知$%d\\div%d$的商是$%d$，那么$%d\\div%d$的商是（　）。", a*k, b*k, q, a, b), rat(q), fmt.Sprintf("$%d$和$%d$同时除以$%d$得到$%d$和$%d$，被除数和除数同时除以相同的数（$0$除外），商不变，还是$%d$。", a*k, b*k, k, a, b, q))
	}, checkVals(3, func(v []*big.Rat, ans *big.Rat) error {
		if v[0].Cmp(v[1]) != 0 {
			return fmt.Errorf("the given quotient is wrong")
		}
		return expect(ans, v[2], "evaluating the second division")
	})),
	calc("math.g4.four_ops.t1", kp(4, "four_ops"), false, func(r *rand.Rand) (string, *big.Rat, string) {
		a, b, c := pick(r, 2, 9), pick(r, 20, 60), pick(r, 2, 15)
		d := pick(r, 2, 9)
		switch r.IntN(3) {
		case 0: // a × [b - (c + d)]
			if c+d >= b {
				b = c + d + pick(r, 1, 30)
			}
			return fmt.Sprintf("%d\\times[%d-(%d+%d)]", a, b, c, d), rat(a * (b - c - d)), fmt.Sprintf("先算小括号：$%d+%d=%d$；再算中括号：$%d-%d=%d$；最后算乘法：$%d\\times%d=%d$。", c, d, c+d, b, c+d, b-c-d, a, b-c-d, a*(b-c-d))
		case 1: // (b + c) × a - d
			return fmt.Sprintf("(%d+%d)\\times%d-%d", b, c, a, d), rat((b+c)*a - d), fmt.Sprintf("先算括号：$%d+%d=%d$；再算乘法：$%d\\times%d=%d$；最后算减法：$%d-%d=%d$。", b, c, b+c, b+c, a, (b+c)*a, (b+c)*a, d, (b+c)*a-d)
		}
		q := pick(r, 2, 12) // [b + a×d] ÷ c with an exact quotient
		m := b + a*d
		return fmt.Sprintf("%d\\div[%d-%d\\times%d]", q*m, m+a*d, a, d), rat(q), fmt.Sprintf("先算中括号里的乘法：$%d\\times%d=%d$；再算中括号里的减法：$%d-%d=%d$；最后算除法：$%d\\div%d=%d$。", a, d, a*d, m+a*d, a*d, m, q*m, m, q)
	}),
	calc("math.g4.laws_add.t1", kp(4, "laws_add"), false, func(r *rand.Rand) (string, *big.Rat, string) {
		a := pick(r, 11, 89)
		c := 100 - a
		b := pick(r, 101, 499)
		if r.IntN(2) == 0 {
			return fmt.Sprintf("%d+%d+%d", a, b, c), rat(a + b + c), fmt.Sprintf("运用加法交换律和结合律，先把能凑成整百的$%d$和$%d$相加：$%d+%d+%d=(%d+%d)+%d=100+%d=%d$。", a, c, a, b, c, a, c, b, b, a+b+c)
		}
		b += 100
		return fmt.Sprintf("%d-%d-%d", b, a, c), rat(b - 100), fmt.Sprintf("连续减去两个数，等于减去它们的和：$%d-%d-%d=%d-(%d+%d)=%d-100=%d$。", b, a, c, b, a, c, b, b-100)
	}),
	calc("math.g4.laws_mult.t1", kp(4, "laws_mult"), false, func(r *rand.Rand) (string, *big.Rat, string) {
		k := oneOf[int64](r, 25, 125, 15, 12)
		tens := pick(r, 2, 9) * 10
		o := pick(r, 1, 9)
		if r.IntN(2) == 0 {
			return fmt.Sprintf("%d\\times(%d+%d)", k, tens, o), rat(k * (tens + o)), fmt.Sprintf("用乘法分配律：$%d\\times(%d+%d)=%d\\times%d+%d\\times%d=%d+%d=%d$。", k, tens, o, k, tens, k, o, k*tens, k*o, k*(tens+o))
		}
		return fmt.Sprintf("%d\\times%d+%d\\times%d", k, tens, k, o), rat(k * (tens + o)), fmt.Sprintf("两个积都有因数$%d$，用乘法分配律逆用：$%d\\times%d+%d\\times%d=%d\\times(%d+%d)=%d\\times%d=%d$。", k, k, tens, k, o, k, tens, o, k, tens+o, k*(tens+o))
	}),
	calc("math.g4.simplify_calc.t1", kp(4, "simplify_calc", "laws_mult"), false, func(r *rand.Rand) (string, *big.Rat, string) {
		a := pick(r, 12, 98)
		switch r.IntN(4) {
		case 0:
			k := pick(r, 2, 9)
			return fmt.Sprintf("125\\times%d", 8*k), rat(1000 * k), fmt.Sprintf("把$%d$拆成$8\\times%d$：$125\\times%d=125\\times8\\times%d=1000\\times%d=%d$。", 8*k, k, 8*k, k, k, 1000*k)
		case 1:
			return fmt.Sprintf("%d\\times99+%d", a, a), rat(a * 100), fmt.Sprintf("$%d$看作$%d\\times1$，用乘法分配律：$%d\\times(99+1)=%d\\times100=%d$。", a, a, a, a, a*100)
		case 2:
			return fmt.Sprintf("%d\\times101", a), rat(a * 101), fmt.Sprintf("把$101$拆成$100+1$：$%d\\times100+%d\\times1=%d+%d=%d$。", a, a, a*100, a, a*101)
		}
		k := pick(r, 2, 9)
		return fmt.Sprintf("25\\times%d\\times4", k), rat(100 * k), fmt.Sprintf("用乘法交换律和结合律，先算$25\\times4=100$，再乘$%d$：得$%d$。", k, 100*k)
	}),
	calc("math.g4.decimal_shift.t1", kp(4, "decimal_shift"), false, func(r *rand.Rand) (string, *big.Rat, string) {
		x := big.NewRat(pick(r, 1, 9999), oneOf[int64](r, 10, 100, 1000))
		p := oneOf[int64](r, 10, 100, 1000)
		places := len(strconv.FormatInt(p, 10)) - 1
		if r.IntN(2) == 0 {
			v := new(big.Rat).Mul(x, rat(p))
			return fmt.Sprintf("%s\\times%d", decStr(x), p), v, fmt.Sprintf("乘$%d$，小数点向右移动$%d$位，位数不够用$0$补足：得$%s$。", p, places, decStr(v))
		}
		v := new(big.Rat).Quo(x, rat(p))
		return fmt.Sprintf("%s\\div%d", decStr(x), p), v, fmt.Sprintf("除以$%d$，小数点向左移动$%d$位，位数不够在前面用$0$补足：得$%s$。", p, places, decStr(v))
	}),
	convert("math.g4.decimal_unit_convert.t1", kp(4, "decimal_unit_convert"), unitsMass, true),
	convert("math.g4.decimal_unit_convert.t2", kp(4, "decimal_unit_convert"), unitsLength, true),
	tpl("math.g4.approx_decimal.t1", kp(4, "approx_decimal"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		x := big.NewRat(pick(r, 1001, 99999), 1000)
		k := pick(r, 1, 2)
		ans := roundHalfUp(x, k)
		name := map[int64]string{1: "一", 2: "两"}[k]
		return curriculum.Item{Type: curriculum.FillNumber, Stem: fmt.Sprintf("$%s$保留%s位小数约是（　）。", decStr(x), name), Answer: ans.FloatString(int(k)), Check: roundTo(k),
			Explanation: fmt.Sprintf("保留%s位小数，看第%s位：四舍五入后是$%s$。末尾的$0$表示精确度，不能随意去掉。", name, cnDigits[k+1], ans.FloatString(int(k)))}
	}, checkRounded),
	calc("math.g4.decimal_add_sub.t1", kp(4, "decimal_add_sub"), false, func(r *rand.Rand) (string, *big.Rat, string) {
		a := big.NewRat(pick(r, 100, 9999), oneOf[int64](r, 100, 10))
		b := big.NewRat(pick(r, 100, 9999), oneOf[int64](r, 100, 10, 1))
		if r.IntN(2) == 0 {
			s := new(big.Rat).Add(a, b)
			return decStr(a) + "+" + decStr(b), s, fmt.Sprintf("小数点对齐（相同数位对齐），从最低位加起：$%s+%s=%s$。", decStr(a), decStr(b), decStr(s))
		}
		if a.Cmp(b) < 0 {
			a, b = b, a
		}
		d := new(big.Rat).Sub(a, b)
		return decStr(a) + "-" + decStr(b), d, fmt.Sprintf("小数点对齐，位数不够的在末尾补$0$再减：$%s-%s=%s$。", decStr(a), decStr(b), decStr(d))
	}),
	tpl("math.g4.decimal_properties.t1", kp(4, "decimal_properties"), curriculum.SingleChoice, func(r *rand.Rand) curriculum.Item {
		a := big.NewRat(pick(r, 1, 9), 10)
		b := oneOf(r, big.NewRat(pick(r, 100, 999), 1000), big.NewRat(pick(r, 10, 99), 100), new(big.Rat).Set(a))
		stem := fmt.Sprintf("比较大小：$%s$○$%s$，○里应填（　）。", decStr(a), decStr(b))
		if a.Cmp(b) == 0 {
			stem = fmt.Sprintf("比较大小：$%s0$○$%s$，○里应填（　）。", decStr(a), decStr(b))
		}
		return relItem(stem, a.Cmp(b), "比较小数先比整数部分，再从十分位起依次比较，不是位数多的就大；小数末尾添上或去掉$0$，大小不变。")
	}, checkRel),
	tpl("math.g4.triangle_angle_sum.t1", kp(4, "triangle_angle_sum"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a := pick(r, 20, 100)
		b := pick(r, 10, 170-a)
		if r.IntN(3) == 0 {
			return fill(fmt.Sprintf("一个直角三角形的一个锐角是$%d°$，另一个锐角是（　）度。", a%80+5), rat(85-a%80), fmt.Sprintf("直角三角形两个锐角的和是$180°-90°=90°$，另一个锐角是$90°-%d°=%d°$。", a%80+5, 85-a%80))
		}
		return fill(fmt.Sprintf("一个三角形的两个内角分别是$%d°$和$%d°$，第三个内角是（　）度。", a, b), rat(180-a-b), fmt.Sprintf("三角形内角和是$180°$：$180°-%d°-%d°=%d°$。", a, b, 180-a-b))
	}, func(it curriculum.Item) error {
		v, err := segmentValues(strings.ReplaceAll(it.Stem, "°", ""))
		if err != nil {
			return err
		}
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		sum := new(big.Rat).Set(ans)
		for _, x := range v {
			sum.Add(sum, x)
		}
		if strings.Contains(it.Stem, "直角三角形") {
			sum.Add(sum, rat(90))
		}
		if ans.Sign() <= 0 {
			return fmt.Errorf("angle %s is not positive", it.Answer)
		}
		return expect(sum, rat(180), "the angle sum")
	}),
	tpl("math.g4.triangle_sides.t1", kp(4, "triangle_sides"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, b := pick(r, 2, 15), pick(r, 2, 15)
		if r.IntN(2) == 0 {
			return fill(fmt.Sprintf("一个三角形的两条边分别长$%d$厘米和$%d$厘米，第三条边的长是整厘米数，最长是（　）厘米。", a, b), rat(a+b-1), fmt.Sprintf("三角形任意两边之和大于第三边，第三边要小于$%d+%d=%d$（厘米），最长是$%d$厘米。", a, b, a+b, a+b-1))
		}
		return fill(fmt.Sprintf("一个三角形的两条边分别长$%d$厘米和$%d$厘米，第三条边的长是整厘米数，最短是（　）厘米。", a, b), rat(abs64(a-b)+1), fmt.Sprintf("第三边要大于两边之差$%d$厘米，所以最短是$%d$厘米。", abs64(a-b), abs64(a-b)+1))
	}, func(it curriculum.Item) error {
		v, err := needInts(it.Stem, 2)
		if err != nil {
			return err
		}
		var ok []int64 // every whole third side that closes a triangle
		for c := int64(1); c < 100; c++ {
			if v[0]+v[1] > c && v[0]+c > v[1] && v[1]+c > v[0] {
				ok = append(ok, c)
			}
		}
		want := ok[len(ok)-1]
		if strings.Contains(it.Stem, "最短") {
			want = ok[0]
		}
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		return expect(ans, rat(want), "trying every third side")
	}),
	tpl("math.g4.average.t1", kp(4, "average"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		n := pick(r, 3, 6)
		mean := pick(r, 60, 95)
		xs := make([]int64, n)
		sum := int64(0)
		for i := range xs[:n-1] {
			xs[i] = mean + pick(r, -10, 10)
			sum += xs[i]
		}
		xs[n-1] = mean*n - sum
		var parts []string
		for _, x := range xs {
			parts = append(parts, fmt.Sprintf("$%d$", x))
		}
		return fill(fmt.Sprintf("小红%s次数学测验的成绩分别是%s分，她的平均成绩是（　）分。", cnDigits[n], strings.Join(parts, "、")), rat(mean),
			fmt.Sprintf("平均数$=$总数$\\div$份数。总分$%d$，共$%d$次，$%d\\div%d=%d$（分）。", mean*n, n, mean*n, n, mean))
	}, func(it curriculum.Item) error {
		v, err := segmentValues(it.Stem)
		if err != nil {
			return err
		}
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		dev := new(big.Rat) // deviations from the mean cancel out (移多补少)
		for _, x := range v {
			dev.Add(dev, new(big.Rat).Sub(x, ans))
		}
		return expect(dev, new(big.Rat), "moving surplus to deficit")
	}),
	tpl("math.g4.chicken_rabbit.t1", kp(4, "chicken_rabbit"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		c, k := pick(r, 1, 20), pick(r, 1, 20)
		heads, feet := c+k, 2*c+4*k
		if r.IntN(2) == 0 {
			return fill(fmt.Sprintf("笼子里有若干只鸡和兔，从上面数有$%d$个头，从下面数有$%d$只脚。兔有（　）只。", heads, feet), rat(k),
				fmt.Sprintf("假设全是鸡，有$%d\\times2=%d$只脚，比实际少$%d-%d=%d$只；把一只鸡换成一只兔多$2$只脚，兔有$%d\\div2=%d$只。", heads, 2*heads, feet, 2*heads, feet-2*heads, feet-2*heads, k))
		}
		return fill(fmt.Sprintf("笼子里有若干只鸡和兔，从上面数有$%d$个头，从下面数有$%d$只脚。鸡有（　）只。", heads, feet), rat(c),
			fmt.Sprintf("假设全是兔，有$%d\\times4=%d$只脚，比实际多$%d-%d=%d$只；把一只兔换成一只鸡少$2$只脚，鸡有$%d\\div2=%d$只。", heads, 4*heads, 4*heads, feet, 4*heads-feet, 4*heads-feet, c))
	}, func(it curriculum.Item) error {
		v, err := needInts(it.Stem, 2)
		if err != nil {
			return err
		}
		ans, err := answerOf(it)
		if err != nil || !ans.IsInt() {
			return fmt.Errorf("answer %q is not a whole number", it.Answer)
		}
		x := ans.Num().Int64()
		rabbits, chickens := x, v[0]-x
		if strings.Contains(it.Stem, "鸡有（") {
			rabbits, chickens = v[0]-x, x
		}
		if rabbits < 0 || chickens < 0 || 2*chickens+4*rabbits != v[1] {
			return fmt.Errorf("%d chickens and %d rabbits do not have %d feet", chickens, rabbits, v[1])
		}
		return nil
	}),
}

// unitSquares counts the unit squares of an l × w rectangle (whole sides)
// or multiplies otherwise; counting keeps the area check independent of
// the generator's product.
func unitSquares(l, w *big.Rat) *big.Rat {
	if l.IsInt() && w.IsInt() && l.Num().IsInt64() && w.Num().IsInt64() && l.Sign() > 0 && w.Sign() > 0 && l.Num().Int64() <= 1000 {
		n := int64(0)
		for range l.Num().Int64() {
			n += w.Num().Int64()
		}
		return rat(n)
	}
	return new(big.Rat).Mul(l, w)
}

func angleKind(d int64) string {
	switch {
	case d < 90:
		return "锐角"
	case d == 90:
		return "直角"
	case d < 180:
		return "钝角"
	case d == 180:
		return "平角"
	}
	return "周角"
}

// removeStr returns xs without x.
func removeStr(xs []string, x string) []string {
	return slices.DeleteFunc(slices.Clone(xs), func(s string) bool { return s == x })
}

var primaryG56 = []curriculum.Template{
	// Grade 5.
	calc("math.g5.decimal_mult.t1", kp(5, "decimal_mult"), false, func(r *rand.Rand) (string, *big.Rat, string) {
		pa, pb := pick(r, 1, 2), pick(r, 0, 2)
		a := big.NewRat(pick(r, 2, 999), tenTo(pa))
		b := big.NewRat(pick(r, 2, 99), tenTo(pb))
		if a.IsInt() || b.IsInt() && pb > 0 {
			b = big.NewRat(pick(r, 2, 9), 10)
		}
		p := new(big.Rat).Mul(a, b)
		na, nb := decimals(a), decimals(b)
		return decStr(a) + `\times` + decStr(b), p, fmt.Sprintf("先按整数乘法算，再数因数中一共有$%d+%d=%d$位小数，从积的右边起数出$%d$位点上小数点（末尾的$0$最后再去掉）：$%s\\times%s=%s$。", na, nb, na+nb, na+nb, decStr(a), decStr(b), decStr(p))
	}),
	calc("math.g5.decimal_mult_laws.t1", kp(5, "decimal_mult_laws", "decimal_mult"), false, func(r *rand.Rand) (string, *big.Rat, string) {
		x := big.NewRat(pick(r, 11, 99), 10)
		switch r.IntN(3) {
		case 0:
			return `0.25\times` + decStr(x) + `\times4`, x, fmt.Sprintf("用乘法交换律和结合律：先算$0.25\\times4=1$，再乘$%s$，得$%s$。", decStr(x), decStr(x))
		case 1:
			v := new(big.Rat).Mul(x, rat(10))
			return decStr(x) + `\times9.9+` + decStr(x) + `\times0.1`, v, fmt.Sprintf("用乘法分配律：$%s\\times(9.9+0.1)=%s\\times10=%s$。", decStr(x), decStr(x), decStr(v))
		}
		k := pick(r, 1, 9)
		m := big.NewRat(80+k, 10) // 8.k
		v := new(big.Rat).Mul(big.NewRat(5, 4), m)
		return `1.25\times` + decStr(m), v, fmt.Sprintf("把$%s$拆成$8+%s$：$1.25\\times8+1.25\\times%s=10+%s=%s$。", decStr(m), decStr(big.NewRat(k, 10)), decStr(big.NewRat(k, 10)), decStr(big.NewRat(5*k, 40)), decStr(v))
	}),
	calc("math.g5.decimal_div.t1", kp(5, "decimal_div"), false, func(r *rand.Rand) (string, *big.Rat, string) {
		q := big.NewRat(pick(r, 11, 999), oneOf[int64](r, 10, 100))
		b := oneOf(r, rat(pick(r, 2, 25)), big.NewRat(pick(r, 2, 99), 10))
		a := new(big.Rat).Mul(q, b)
		if b.IsInt() {
			return decStr(a) + `\div` + decStr(b), q, fmt.Sprintf("除数是整数，按整数除法去除，商的小数点要和被除数的小数点对齐：$%s\\div%s=%s$。", decStr(a), decStr(b), decStr(q))
		}
		return decStr(a) + `\div` + decStr(b), q, fmt.Sprintf("除数$%s$是一位小数，根据商不变的规律，被除数和除数同时乘$10$：$%s\\div%s=%s$。验算：$%s\\times%s=%s$。", decStr(b), decStr(new(big.Rat).Mul(a, rat(10))), decStr(new(big.Rat).Mul(b, rat(10))), decStr(q), decStr(q), decStr(b), decStr(a))
	}),
	tpl("math.g5.recurring_decimal.t1", kp(5, "recurring_decimal", "decimal_div"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		b := oneOf[int64](r, 3, 6, 7, 9, 11, 12)
		a := pick(r, 1, 99)
		for a%b == 0 || isTerminating(big.NewRat(a, b)) {
			a = pick(r, 1, 99)
		}
		x := big.NewRat(a, b)
		k := pick(r, 1, 2)
		ans := roundHalfUp(x, k)
		return curriculum.Item{Type: curriculum.FillNumber, Stem: fmt.Sprintf("$%d\\div%d$的商保留%s位小数约是（　）。", a, b, map[int64]string{1: "一", 2: "两"}[k]), Answer: ans.FloatString(int(k)), Check: roundTo(k),
			Explanation: fmt.Sprintf("$%d\\div%d=%s\\cdots\\cdots$，商是循环小数，除不尽。保留%s位小数要除到第%s位再四舍五入，约是$%s$。", a, b, x.FloatString(int(k)+2), map[int64]string{1: "一", 2: "两"}[k], cnDigits[k+1], ans.FloatString(int(k)))}
	}, checkRounded),
	tpl("math.g5.decimal_word.t1", kp(5, "decimal_word", "decimal_div"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		c := big.NewRat(pick(r, 2, 25), 10)
		total := big.NewRat(pick(r, 30, 300), 10)
		for new(big.Rat).Quo(total, c).IsInt() {
			total = big.NewRat(pick(r, 30, 300), 10)
		}
		q := new(big.Rat).Quo(total, c)
		down := new(big.Int).Quo(q.Num(), q.Denom()).Int64()
		if r.IntN(2) == 0 {
			return fill(fmt.Sprintf("每个瓶子最多装油$%s$千克，要装$%s$千克油，至少需要（　）个瓶子。", decStr(c), decStr(total)), rat(down+1),
				fmt.Sprintf("$%s\\div%s\\approx%s$，装满$%d$个瓶子后还剩一些油，也要一个瓶子，用“进一法”：至少$%d$个。", decStr(total), decStr(c), q.FloatString(2), down, down+1))
		}
		return fill(fmt.Sprintf("每套衣服用布$%s$米，$%s$米布最多能做（　）套衣服。", decStr(c), decStr(total)), rat(down),
			fmt.Sprintf("$%s\\div%s\\approx%s$，剩下的布不够再做一套，用“去尾法”：最多$%d$套。", decStr(total), decStr(c), q.FloatString(2), down))
	}, func(it curriculum.Item) error {
		v, err := segmentValues(it.Stem)
		if err != nil || len(v) != 2 {
			return fmt.Errorf("stem needs two numbers: %v", err)
		}
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		used := new(big.Rat).Mul(ans, v[0])
		less := new(big.Rat).Sub(used, v[0])
		if strings.Contains(it.Stem, "至少") { // ans bottles hold it all, one fewer do not
			if used.Cmp(v[1]) < 0 || less.Cmp(v[1]) >= 0 {
				return fmt.Errorf("%s containers do not fit %s exactly", it.Answer, decStr(v[1]))
			}
			return nil
		}
		if used.Cmp(v[1]) > 0 || new(big.Rat).Add(used, v[0]).Cmp(v[1]) <= 0 {
			return fmt.Errorf("%s sets are not the most %s allows", it.Answer, decStr(v[1]))
		}
		return nil
	}),
	tpl("math.g5.letters_for_numbers.t1", kp(5, "letters_for_numbers"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		x, a, b := pick(r, 2, 12), pick(r, 2, 9), pick(r, 1, 20)
		var expr string
		var v int64
		switch r.IntN(3) {
		case 0:
			expr, v = fmt.Sprintf("%dx+%d", a, b), a*x+b
		case 1:
			c := pick(r, 1, x-1)
			expr, v = fmt.Sprintf("x^2-%d", c), x*x-c
		default:
			expr, v = fmt.Sprintf("%d(x+%d)", a, b), a*(x+b)
		}
		return fill(fmt.Sprintf("当$x$等于$%d$时，式子$%s$的值是（　）。", x, expr), rat(v), fmt.Sprintf("把$x=%d$代入式子计算，注意$ax$表示$a\\times x$：结果是$%d$。", x, v))
	}, func(it curriculum.Item) error {
		segs := mathSegments(it.Stem)
		if len(segs) != 3 {
			return fmt.Errorf("stem has %d segments", len(segs))
		}
		x, err := evalTeX(segs[1], nil)
		if err != nil {
			return err
		}
		v, err := evalTeX(strings.ReplaceAll(segs[2], "x^2", `x\cdot x`), map[string]*big.Rat{"x": x})
		if err != nil {
			return err
		}
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		return expect(ans, v, "substituting x")
	}),
	tpl("math.g5.solve_equation.t1", kp(5, "solve_equation", "equation_concept"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		x := oneOf(r, rat(pick(r, 2, 30)), big.NewRat(pick(r, 11, 99), 10))
		a := pick(r, 2, 9)
		b := rat(pick(r, 2, 40))
		ax := new(big.Rat).Mul(rat(a), x)
		var eq, expl string
		switch r.IntN(5) {
		case 0:
			c := new(big.Rat).Add(x, b)
			eq = fmt.Sprintf("x+%s=%s", decStr(b), decStr(c))
			expl = fmt.Sprintf("方程两边同时减去$%s$：$x=%s-%s=%s$。", decStr(b), decStr(c), decStr(b), decStr(x))
		case 1:
			c := new(big.Rat).Sub(x, b)
			if c.Sign() <= 0 {
				x.Add(x, b)
				c.Add(c, b)
			}
			eq = fmt.Sprintf("x-%s=%s", decStr(b), decStr(c))
			expl = fmt.Sprintf("方程两边同时加上$%s$：$x=%s+%s=%s$。", decStr(b), decStr(c), decStr(b), decStr(x))
		case 2:
			eq = fmt.Sprintf("%dx=%s", a, decStr(ax))
			expl = fmt.Sprintf("方程两边同时除以$%d$：$x=%s\\div%d=%s$。", a, decStr(ax), a, decStr(x))
		case 3:
			c := new(big.Rat).Add(ax, b)
			eq = fmt.Sprintf("%dx+%s=%s", a, decStr(b), decStr(c))
			expl = fmt.Sprintf("两边同时减去$%s$：$%dx=%s$；两边再同时除以$%d$：$x=%s$。", decStr(b), a, decStr(ax), a, decStr(x))
		default:
			c := new(big.Rat).Mul(rat(a), new(big.Rat).Add(x, b))
			eq = fmt.Sprintf("%d(x+%s)=%s", a, decStr(b), decStr(c))
			expl = fmt.Sprintf("把$x+%s$看作一个整体，两边同时除以$%d$：$x+%s=%s$；两边再同时减去$%s$：$x=%s$。", decStr(b), a, decStr(b), decStr(new(big.Rat).Quo(c, rat(a))), decStr(b), decStr(x))
		}
		return fill(fmt.Sprintf("解方程$%s$，$x=$（　）。", eq), x, expl+"检验：把解代入原方程，左边等于右边。")
	}, checkEquation),
	tpl("math.g5.equation_word.t1", kp(5, "equation_word", "solve_equation"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, b := pick(r, 2, 9), pick(r, 2, 30)
		x := pick(r, b/a+1, 60)
		if r.IntN(2) == 0 {
			return fill(fmt.Sprintf("一个数的$%d$倍比$%d$多$%d$，这个数是（　）。（列方程$%dx-%d=%d$解答）", a, b, a*x-b, a, b, a*x-b), rat(x),
				fmt.Sprintf("设这个数是$x$。等量关系：这个数的$%d$倍$-%d=%d$。$%dx-%d=%d$，$%dx=%d$，$x=%d$。", a, b, a*x-b, a, b, a*x-b, a, a*x, x))
		}
		return fill(fmt.Sprintf("妈妈买了$%d$千克苹果，付了$%d$元，找回$%d$元，苹果每千克（　）元。（列方程$%dx+%d=%d$解答）", a, a*x+b, b, a, b, a*x+b), rat(x),
			fmt.Sprintf("设苹果每千克$x$元。等量关系：苹果的总价$+$找回的钱$=$付的钱。$%dx+%d=%d$，$%dx=%d$，$x=%d$。", a, b, a*x+b, a, a*x, x))
	}, func(it curriculum.Item) error {
		v, err := needInts(it.Stem, 6)
		if err != nil {
			return err
		}
		ans, err := answerOf(it)
		if err != nil || !ans.IsInt() {
			return fmt.Errorf("answer %q is not whole", it.Answer)
		}
		x := ans.Num().Int64()
		if strings.Contains(it.Stem, "倍比") { // a·x - b = c
			if v[0]*x-v[1] != v[2] {
				return fmt.Errorf("%d×%d-%d is not %d", v[0], x, v[1], v[2])
			}
		} else if v[0]*x+v[2] != v[1] { // a kg at x, paid p, change c: a·x + c = p
			return fmt.Errorf("%d×%d+%d is not %d", v[0], x, v[2], v[1])
		}
		return checkEquation(it)
	}),
	polyArea("math.g5.area_parallelogram.t1", kp(5, "area_parallelogram"), "平行四边形"),
	polyArea("math.g5.area_triangle.t1", kp(5, "area_triangle"), "三角形"),
	polyArea("math.g5.area_trapezoid.t1", kp(5, "area_trapezoid"), "梯形"),
	tpl("math.g5.tree_planting.t1", kp(5, "tree_planting"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		d := oneOf[int64](r, 2, 3, 4, 5, 6, 10)
		gaps := pick(r, 5, 40)
		l := d * gaps
		switch r.IntN(4) {
		case 0:
			return fill(fmt.Sprintf("在一条长$%d$米的小路一边植树，每隔$%d$米种一棵，两端都要种，一共要种（　）棵。", l, d), rat(gaps+1), fmt.Sprintf("间隔数$=%d\\div%d=%d$，两端都种，棵数$=$间隔数$+1=%d$。", l, d, gaps, gaps+1))
		case 1:
			return fill(fmt.Sprintf("在一条长$%d$米的小路一边植树，每隔$%d$米种一棵，两端都不种，一共要种（　）棵。", l, d), rat(gaps-1), fmt.Sprintf("间隔数$=%d\\div%d=%d$，两端都不种，棵数$=$间隔数$-1=%d$。", l, d, gaps, gaps-1))
		case 2:
			return fill(fmt.Sprintf("在一条长$%d$米的小路一边植树，每隔$%d$米种一棵，只在一端种，一共要种（　）棵。", l, d), rat(gaps), fmt.Sprintf("间隔数$=%d\\div%d=%d$，只种一端，棵数$=$间隔数$=%d$。", l, d, gaps, gaps))
		}
		return fill(fmt.Sprintf("一个圆形花坛的周长是$%d$米，沿着花坛每隔$%d$米摆一盆花，一共要摆（　）盆。", l, d), rat(gaps), fmt.Sprintf("封闭图形上，首尾重合，棵数$=$间隔数$=%d\\div%d=%d$。", l, d, gaps))
	}, func(it curriculum.Item) error {
		v, err := needInts(it.Stem, 2)
		if err != nil {
			return err
		}
		l, d := v[0], v[1]
		n := int64(0) // walk the path and count the positions that get a tree
		for pos := int64(0); pos <= l; pos += d {
			switch {
			case strings.Contains(it.Stem, "圆形") && pos == l, // same spot as the start
				strings.Contains(it.Stem, "两端都不种") && (pos == 0 || pos == l),
				strings.Contains(it.Stem, "只在一端种") && pos == l:
				continue
			}
			n++
		}
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		return expect(ans, rat(n), "walking the path")
	}),
	tpl("math.g5.factors_multiples.t1", kp(5, "factors_multiples"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		n := oneOf[int64](r, 12, 16, 18, 20, 24, 28, 30, 32, 36, 40, 42, 45, 48, 50, 54, 56, 60, 64, 72, 80, 84, 90, 96, 100)
		count, pairs := int64(1), []string{}
		m := n
		for p := int64(2); m > 1; p++ { // divisor count from the prime factorisation
			e := int64(0)
			for m%p == 0 {
				m /= p
				e++
			}
			count *= e + 1
		}
		for d := int64(1); d*d <= n; d++ {
			if n%d == 0 {
				pairs = append(pairs, fmt.Sprintf("$%d\\times%d$", d, n/d))
			}
		}
		return fill(fmt.Sprintf("$%d$一共有（　）个因数。", n), rat(count), fmt.Sprintf("成对地找因数：%s，不要漏掉$1$和它本身，相同的因数只写一次，共$%d$个。", strings.Join(pairs, "，"), count))
	}, func(it curriculum.Item) error {
		v, err := needInts(it.Stem, 1)
		if err != nil {
			return err
		}
		n := int64(0)
		for d := int64(1); d <= v[0]; d++ {
			if v[0]%d == 0 {
				n++
			}
		}
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		return expect(ans, rat(n), "trial division")
	}),
	tpl("math.g5.divisibility.t1", kp(5, "divisibility"), curriculum.SingleChoice, func(r *rand.Rand) curriculum.Item {
		kinds := []struct {
			what string
			ok   func(int64) bool
		}{
			{"$3$的倍数", func(n int64) bool { return n%3 == 0 }},
			{"同时是$2$和$5$的倍数", func(n int64) bool { return n%10 == 0 }},
			{"同时是$2$、$3$、$5$的倍数", func(n int64) bool { return n%30 == 0 }},
		}
		k := r.IntN(len(kinds))
		var right string
		var wrong []string
		for right == "" || len(wrong) < 3 {
			n := pick(r, 100, 999)
			switch {
			case k == 0 && r.IntN(3) == 0:
				n = n/3*3 + 1 // near-miss: the last digit looks fine, the digit sum not
			case k > 0 && r.IntN(2) == 0:
				n = n / 5 * 5
			}
			s := strconv.FormatInt(n, 10)
			if kinds[k].ok(n) && right == "" {
				right = s
			} else if !kinds[k].ok(n) && len(wrong) < 3 && !slices.Contains(wrong, s) {
				wrong = append(wrong, s)
			}
		}
		return choice(r, "下面的数中，"+kinds[k].what+"是（　）。", right, wrong, "个位是$0$、$2$、$4$、$6$、$8$的数是$2$的倍数，个位是$0$或$5$的数是$5$的倍数，各位数字之和是$3$的倍数的数是$3$的倍数；同时是$2$和$5$的倍数，个位一定是$0$。")
	}, func(it curriculum.Item) error {
		got, err := chosen(it)
		if err != nil {
			return err
		}
		var divisors []int64
		for _, n := range ints(it.Stem) {
			divisors = append(divisors, n)
		}
		for _, o := range it.Options {
			n, err := strconv.ParseInt(o, 10, 64)
			if err != nil {
				return err
			}
			all := true
			for _, d := range divisors {
				all = all && n%d == 0
			}
			if all != (o == got) {
				return fmt.Errorf("option %s: divisible by %v is %v", o, divisors, all)
			}
		}
		return nil
	}),
	tpl("math.g5.prime_composite.t1", kp(5, "prime_composite"), curriculum.SingleChoice, func(r *rand.Rand) curriculum.Item {
		primes := []int64{2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97}
		tricky := []int64{1, 9, 15, 21, 25, 27, 33, 35, 39, 45, 49, 51, 57, 63, 69, 77, 81, 87, 91, 93}
		if r.IntN(2) == 0 {
			p := oneOf(r, primes...)
			var wrong []string
			for len(wrong) < 3 {
				s := strconv.FormatInt(oneOf(r, tricky...), 10)
				if !slices.Contains(wrong, s) {
					wrong = append(wrong, s)
				}
			}
			return choice(r, "下面的数中，（　）是质数。", strconv.FormatInt(p, 10), wrong, "质数只有$1$和它本身两个因数。$1$既不是质数也不是合数；奇数不一定是质数，如$9$、$15$、$21$、$91=7\\times13$。")
		}
		c := oneOf(r, tricky[1:]...)
		var wrong []string
		for len(wrong) < 3 {
			s := strconv.FormatInt(oneOf(r, primes...), 10)
			if !slices.Contains(wrong, s) {
				wrong = append(wrong, s)
			}
		}
		return choice(r, "下面的数中，（　）是合数。", strconv.FormatInt(c, 10), wrong, "合数除了$1$和它本身还有别的因数。找一找有没有$3$、$7$这样的因数，如$51=3\\times17$、$91=7\\times13$。")
	}, func(it curriculum.Item) error {
		got, err := chosen(it)
		if err != nil {
			return err
		}
		wantPrime := strings.Contains(it.Stem, "质数")
		for _, o := range it.Options {
			n, err := strconv.ParseInt(o, 10, 64)
			if err != nil {
				return err
			}
			prime, composite := n > 1, false
			for d := int64(2); d < n; d++ {
				if n%d == 0 {
					prime, composite = false, true
				}
			}
			if (o == got) != (wantPrime && prime || !wantPrime && composite) {
				return fmt.Errorf("option %s: prime=%v composite=%v", o, prime, composite)
			}
		}
		return nil
	}),
	tpl("math.g5.gcd.t1", kp(5, "gcd"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		g := pick(r, 2, 12)
		a, b := pick(r, 1, 9), pick(r, 1, 9)
		for a == b || new(big.Int).GCD(nil, nil, big.NewInt(a), big.NewInt(b)).Int64() != 1 {
			a, b = pick(r, 1, 9), pick(r, 1, 9)
		}
		return fill(fmt.Sprintf("$%d$和$%d$的最大公因数是（　）。", g*a, g*b), rat(g), fmt.Sprintf("用短除法：$%d=%d\\times%d$，$%d=%d\\times%d$，$%d$和$%d$只有公因数$1$，所以最大公因数是$%d$。", g*a, g, a, g*b, g, b, a, b, g))
	}, func(it curriculum.Item) error {
		v, err := needInts(it.Stem, 2)
		if err != nil {
			return err
		}
		best := int64(1)
		for d := int64(1); d <= min(v[0], v[1]); d++ {
			if v[0]%d == 0 && v[1]%d == 0 {
				best = d
			}
		}
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		return expect(ans, rat(best), "listing common factors")
	}),
	tpl("math.g5.lcm.t1", kp(5, "lcm"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, b := pick(r, 2, 20), pick(r, 2, 20)
		for a == b {
			b = pick(r, 2, 20)
		}
		g := new(big.Int).GCD(nil, nil, big.NewInt(a), big.NewInt(b)).Int64()
		l := a / g * b
		return fill(fmt.Sprintf("$%d$和$%d$的最小公倍数是（　）。", a, b), rat(l), fmt.Sprintf("$%d$和$%d$的最大公因数是$%d$，最小公倍数$=%d\\times%d\\div%d=%d$。也可以在较大数的倍数里找第一个是较小数倍数的数。", a, b, g, a, b, g, l))
	}, func(it curriculum.Item) error {
		v, err := needInts(it.Stem, 2)
		if err != nil {
			return err
		}
		m := max(v[0], v[1])
		for m%v[0] != 0 || m%v[1] != 0 {
			m += max(v[0], v[1])
		}
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		return expect(ans, rat(m), "walking the multiples")
	}),
	tpl("math.g5.simplify_fraction.t1", kp(5, "simplify_fraction"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		n, d := pick(r, 1, 11), pick(r, 2, 12)
		for n >= d || new(big.Int).GCD(nil, nil, big.NewInt(n), big.NewInt(d)).Int64() != 1 {
			n, d = pick(r, 1, 11), pick(r, 2, 12)
		}
		g := pick(r, 2, 9)
		part, ans := "分子", n
		if r.IntN(2) == 0 {
			part, ans = "分母", d
		}
		return fill(fmt.Sprintf("把$\\frac{%d}{%d}$约成最简分数，约分后的%s是（　）。", n*g, d*g, part), rat(ans), fmt.Sprintf("$%d$和$%d$的最大公因数是$%d$，分子分母同时除以$%d$：$\\frac{%d}{%d}=\\frac{%d}{%d}$，分子分母互质，是最简分数。", n*g, d*g, g, g, n*g, d*g, n, d))
	}, func(it curriculum.Item) error {
		v, err := needInts(it.Stem, 2)
		if err != nil {
			return err
		}
		n, d := v[0], v[1]
		for k := int64(2); k <= n; k++ { // divide out common factors one by one
			for n%k == 0 && d%k == 0 {
				n, d = n/k, d/k
			}
		}
		want := n
		if strings.Contains(it.Stem, "分母是") {
			want = d
		}
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		return expect(ans, rat(want), "dividing out common factors")
	}),
	tpl("math.g5.frac_basic_property.t1", kp(5, "frac_basic_property"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		n, d := pick(r, 1, 9), pick(r, 2, 10)
		for n == d || new(big.Int).GCD(nil, nil, big.NewInt(n), big.NewInt(d)).Int64() != 1 {
			n, d = pick(r, 1, 9), pick(r, 2, 10)
		}
		k := pick(r, 2, 8)
		return fill(fmt.Sprintf("$\\frac{%d}{%d}$的分母变成$%d$，要使分数的大小不变，分子应变成（　）。", n, d, d*k), rat(n*k), fmt.Sprintf("分母从$%d$变成$%d$，乘了$%d$；分子也要乘$%d$：$%d\\times%d=%d$。", d, d*k, k, k, n, k, n*k))
	}, checkVals(2, func(v []*big.Rat, ans *big.Rat) error {
		return expect(new(big.Rat).Quo(ans, v[1]), v[0], "the new fraction's value")
	})),
	tpl("math.g5.common_denominator.t1", kp(5, "common_denominator", "lcm"), curriculum.SingleChoice, func(r *rand.Rand) curriculum.Item {
		b, d := pick(r, 3, 12), pick(r, 3, 12)
		for b == d {
			d = pick(r, 3, 12)
		}
		a, c := pick(r, 1, b-1), pick(r, 1, d-1)
		x, y := big.NewRat(a, b), big.NewRat(c, d)
		l := b / new(big.Int).GCD(nil, nil, big.NewInt(b), big.NewInt(d)).Int64() * d
		return relItem(fmt.Sprintf("比较大小：$\\frac{%d}{%d}$○$\\frac{%d}{%d}$，○里应填（　）。", a, b, c, d), x.Cmp(y),
			fmt.Sprintf("通分，公分母用$%d$和$%d$的最小公倍数$%d$：$\\frac{%d}{%d}=\\frac{%d}{%d}$，$\\frac{%d}{%d}=\\frac{%d}{%d}$，再比分子。", b, d, l, a, b, a*l/b, l, c, d, c*l/d, l))
	}, func(it curriculum.Item) error {
		v := ints(it.Stem) // cross-multiplication: a/b ? c/d ⇔ a·d ? c·b
		if len(v) != 4 {
			return fmt.Errorf("stem needs two fractions")
		}
		got, err := chosen(it)
		if err != nil {
			return err
		}
		if want := relOptions[[...]int{1, 2, 0}[cmpInt(v[0]*v[3], v[2]*v[1])+1]]; got != want {
			return fmt.Errorf("chose %s, cross products say %s", got, want)
		}
		return nil
	}),
	calc("math.g5.frac_add_sub.t1", kp(5, "frac_add_sub", "common_denominator"), true, func(r *rand.Rand) (string, *big.Rat, string) {
		b, d := pick(r, 2, 12), pick(r, 2, 12)
		for b == d {
			d = pick(r, 2, 12)
		}
		x, y := big.NewRat(pick(r, 1, b-1), b), big.NewRat(pick(r, 1, d-1), d)
		b, d = x.Denom().Int64(), y.Denom().Int64()
		l := b / new(big.Int).GCD(nil, nil, big.NewInt(b), big.NewInt(d)).Int64() * d
		op, v := "+", new(big.Rat).Add(x, y)
		if r.IntN(2) == 0 {
			if x.Cmp(y) < 0 {
				x, y = y, x
			}
			op, v = "-", new(big.Rat).Sub(x, y)
		}
		xl := new(big.Rat).Mul(x, rat(l)).Num()
		yl := new(big.Rat).Mul(y, rat(l)).Num()
		return texFrac(x) + op + texFrac(y), v, fmt.Sprintf("先通分，公分母是$%d$：$\\frac{%s}{%d}%s\\frac{%s}{%d}=%s$，结果要化成最简分数。", l, xl, l, op, yl, l, texFrac(v))
	}),
	tpl("math.g5.frac_decimal_convert.t1", kp(5, "frac_decimal_convert"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		d := oneOf[int64](r, 2, 4, 5, 8, 20, 25, 40)
		n := pick(r, 1, d-1)
		for new(big.Int).GCD(nil, nil, big.NewInt(n), big.NewInt(d)).Int64() != 1 {
			n = pick(r, 1, d-1)
		}
		x := big.NewRat(n, d)
		if r.IntN(2) == 0 {
			return fill(fmt.Sprintf("把$\\frac{%d}{%d}$化成小数是（　）。", n, d), x, fmt.Sprintf("分数化小数，用分子除以分母：$%d\\div%d=%s$。", n, d, decStr(x)))
		}
		return fillFrac(fmt.Sprintf("把$%s$化成最简分数是（　）。", decStr(x)), x, fmt.Sprintf("$%s$有$%d$位小数，先写成分母是$%s$的分数$\\frac{%s}{%s}$，再约分：$%s$。", decStr(x), decimals(x), pow10s(decimals(x)), new(big.Rat).Mul(x, rat(tenTo(decimals(x)))).RatString(), pow10s(decimals(x)), texFrac(x)))
	}, checkVals(1, func(v []*big.Rat, ans *big.Rat) error {
		return expect(ans, v[0], "the value shown")
	})),
	tpl("math.g5.proper_improper.t1", kp(5, "proper_improper"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		d := pick(r, 2, 12)
		w, n := pick(r, 1, 9), pick(r, 1, d-1)
		part, ans := "整数部分", w
		if r.IntN(2) == 0 {
			part, ans = "分数部分的分子", n
		}
		return fill(fmt.Sprintf("把假分数$\\frac{%d}{%d}$化成带分数，%s是（　）。", w*d+n, d, part), rat(ans), fmt.Sprintf("用分子除以分母：$%d\\div%d=%d\\cdots\\cdots%d$，商作整数部分，余数作分子，分母不变：$\\frac{%d}{%d}=%d\\frac{%d}{%d}$。", w*d+n, d, w, n, w*d+n, d, w, n, d))
	}, func(it curriculum.Item) error {
		v, err := needInts(it.Stem, 2)
		if err != nil {
			return err
		}
		whole, rest := int64(0), v[0] // take the denominator away as often as it fits
		for rest >= v[1] {
			rest -= v[1]
			whole++
		}
		want := whole
		if strings.Contains(it.Stem, "分子") {
			want = rest
		}
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		return expect(ans, rat(want), "repeated subtraction")
	}),
	tpl("math.g5.frac_division.t1", kp(5, "frac_division", "frac_meaning"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, b := pick(r, 1, 15), pick(r, 2, 20)
		for a == b {
			b = pick(r, 2, 20)
		}
		if r.IntN(2) == 0 {
			return fillFrac(fmt.Sprintf("把$%d$米长的绳子平均分成$%d$段，每段长（　）米。（用分数表示）", a, b), big.NewRat(a, b), fmt.Sprintf("求每段长用除法：$%d\\div%d=%s$（米）。被除数作分子，除数作分母。", a, b, texFrac(big.NewRat(a, b))))
		}
		return fillFrac(fmt.Sprintf("$%d$是$%d$的几分之几？答：（　）。", a, b), big.NewRat(a, b), fmt.Sprintf("求一个数是另一个数的几分之几，用这个数除以另一个数：$%d\\div%d=%s$。", a, b, texFrac(big.NewRat(a, b))))
	}, checkVals(2, func(v []*big.Rat, ans *big.Rat) error {
		return expect(new(big.Rat).Mul(ans, v[1]), v[0], "answer × divisor")
	})),
	cuboid("math.g5.cuboid_cube.t1", kp(5, "cuboid_cube"), "棱长总和"),
	cuboid("math.g5.surface_area.t1", kp(5, "surface_area"), "表面积"),
	cuboid("math.g5.volume.t1", kp(5, "volume"), "体积"),
	convert("math.g5.volume_units.t1", kp(5, "volume_units"), unitsVolume, false),
	tpl("math.g5.find_defective.t1", kp(5, "find_defective"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		n := pick(r, 3, 81)
		k, m := int64(0), n
		for m > 1 {
			m = (m + 2) / 3
			k++
		}
		return fill(fmt.Sprintf("有$%d$个零件，其中有一个是次品（次品轻一些）。用天平称，至少称（　）次能保证找出次品。", n), rat(k), fmt.Sprintf("每次把零件尽量平均分成$3$份，天平能确定次品在哪一份。每称一次，最坏情况下剩下的个数变为原来的约$\\frac{1}{3}$（进一）。$%d$个至少称$%d$次。", n, k))
	}, func(it curriculum.Item) error {
		v, err := needInts(it.Stem, 1)
		if err != nil {
			return err
		}
		ans, err := answerOf(it)
		if err != nil || !ans.IsInt() {
			return fmt.Errorf("answer %q is not whole", it.Answer)
		}
		// k weighings tell apart at most 3^k items, and k-1 do not suffice.
		k := ans.Num().Int64()
		pow := func(e int64) int64 {
			p := int64(1)
			for range e {
				p *= 3
			}
			return p
		}
		if pow(k) < v[0] || pow(k-1) >= v[0] {
			return fmt.Errorf("%d weighings do not match %d items", k, v[0])
		}
		return nil
	}),
	// Grade 6.
	calc("math.g6.frac_mult.t1", kp(6, "frac_mult"), true, func(r *rand.Rand) (string, *big.Rat, string) {
		x := big.NewRat(pick(r, 1, 11), pick(r, 2, 12))
		if r.IntN(3) == 0 {
			n := pick(r, 2, 20)
			v := new(big.Rat).Mul(x, rat(n))
			return texFrac(x) + `\times` + strconv.FormatInt(n, 10), v, fmt.Sprintf("分数乘整数，分子乘整数，分母不变，能约分的先约分：$%s\\times%d=%s$。", texFrac(x), n, texFrac(v))
		}
		y := big.NewRat(pick(r, 1, 11), pick(r, 2, 12))
		for y.IsInt() {
			y = big.NewRat(pick(r, 1, 11), pick(r, 2, 12))
		}
		v := new(big.Rat).Mul(x, y)
		return texFrac(x) + `\times` + texFrac(y), v, fmt.Sprintf("分子乘分子，分母乘分母，先约分再乘：$%s\\times%s=%s$。", texFrac(x), texFrac(y), texFrac(v))
	}),
	calc("math.g6.frac_div.t1", kp(6, "frac_div", "reciprocal"), true, func(r *rand.Rand) (string, *big.Rat, string) {
		x := big.NewRat(pick(r, 1, 11), pick(r, 2, 12))
		y := oneOf(r, big.NewRat(pick(r, 1, 11), pick(r, 2, 12)), rat(pick(r, 2, 9)))
		v := new(big.Rat).Quo(x, y)
		inv := new(big.Rat).Inv(y)
		return texFrac(x) + `\div` + texFrac(y), v, fmt.Sprintf("除以一个数等于乘这个数的倒数：$%s\\div%s=%s\\times%s=%s$。", texFrac(x), texFrac(y), texFrac(x), texFrac(inv), texFrac(v))
	}),
	tpl("math.g6.reciprocal.t1", kp(6, "reciprocal"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		var x *big.Rat
		var shown string
		switch r.IntN(4) {
		case 0:
			x = rat(pick(r, 2, 20))
			shown = texFrac(x)
		case 1:
			x = big.NewRat(pick(r, 1, 9), 10)
			shown = decStr(x)
		case 2:
			x = new(big.Rat).Add(rat(pick(r, 1, 4)), big.NewRat(1, pick(r, 2, 9)))
			shown = texMixed(x)
		default:
			x = big.NewRat(pick(r, 1, 15), pick(r, 2, 16))
			shown = texFrac(x)
		}
		inv := new(big.Rat).Inv(x)
		how := fmt.Sprintf("先把$%s$写成分数$%s$，再交换分子和分母", shown, texFrac(x))
		if x.IsInt() {
			how = fmt.Sprintf("整数$%s$的倒数是$1$除以它", shown)
		}
		return fillFrac(fmt.Sprintf("$%s$的倒数是（　）。", shown), inv, fmt.Sprintf("乘积是$1$的两个数互为倒数。%s：倒数是$%s$。验证：$%s\\times%s=1$。", how, texFrac(inv), shown, texFrac(inv)))
	}, checkVals(1, func(v []*big.Rat, ans *big.Rat) error {
		return expect(new(big.Rat).Mul(ans, v[0]), rat(1), "number × reciprocal")
	})),
	tpl("math.g6.frac_mult_word.t1", kp(6, "frac_mult_word", "frac_mult"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		d := pick(r, 2, 9)
		n := pick(r, 1, d-1)
		total := d * pick(r, 3, 20)
		f := big.NewRat(n, d)
		part := total / d * n
		switch r.IntN(3) {
		case 0:
			return fill(fmt.Sprintf("六年级有学生$%d$人，其中男生占$%s$，男生有（　）人。", total, texFrac(f)), rat(part), fmt.Sprintf("把全年级人数看作单位“1”，求它的$%s$是多少用乘法：$%d\\times%s=%d$（人）。", texFrac(f), total, texFrac(f), part))
		case 1:
			return fill(fmt.Sprintf("一条公路长$%d$千米，已经修了$%s$，还剩（　）千米。", total, texFrac(f)), rat(total-part), fmt.Sprintf("还剩全长的$1-%s=%s$：$%d\\times%s=%d$（千米）。", texFrac(f), texFrac(big.NewRat(d-n, d)), total, texFrac(big.NewRat(d-n, d)), total-part))
		}
		return fill(fmt.Sprintf("去年果园产苹果$%d$吨，今年比去年增产$%s$，今年产苹果（　）吨。", total, texFrac(f)), rat(total+part), fmt.Sprintf("把去年产量看作单位“1”，今年是去年的$1+%s$：$%d\\times(1+%s)=%d$（吨）。", texFrac(f), total, texFrac(f), total+part))
	}, checkVals(2, func(v []*big.Rat, ans *big.Rat) error {
		// Recover the fraction from the answer and compare with the stem's.
		diff := new(big.Rat).Sub(ans, v[0])
		share := new(big.Rat).Quo(ans, v[0])
		switch {
		case diff.Sign() > 0: // increase
			return expect(new(big.Rat).Quo(diff, v[0]), v[1], "increase ÷ last year")
		case share.Cmp(v[1]) == 0:
			return nil
		}
		return expect(new(big.Rat).Quo(new(big.Rat).Neg(diff), v[0]), v[1], "done ÷ whole")
	})),
	tpl("math.g6.frac_div_word.t1", kp(6, "frac_div_word", "frac_div"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		d := pick(r, 2, 9)
		n := pick(r, 1, d-1)
		whole := d * pick(r, 3, 30)
		f := big.NewRat(n, d)
		part := whole / d * n
		if r.IntN(2) == 0 {
			return fill(fmt.Sprintf("小明看一本书，已经看了$%d$页，正好是全书的$%s$。这本书一共有（　）页。", part, texFrac(f)), rat(whole), fmt.Sprintf("全书页数是单位“1”，未知。单位“1”的$%s$是$%d$页，用除法：$%d\\div%s=%d$（页）。也可设全书$x$页，$%sx=%d$。", texFrac(f), part, part, texFrac(f), whole, texFrac(f), part))
		}
		more := whole + part
		return fill(fmt.Sprintf("今年植树$%d$棵，比去年多$%s$。去年植树（　）棵。", more, texFrac(f)), rat(whole), fmt.Sprintf("去年是单位“1”，今年是去年的$1+%s=%s$，去年：$%d\\div%s=%d$（棵）。", texFrac(f), texFrac(big.NewRat(d+n, d)), more, texFrac(big.NewRat(d+n, d)), whole))
	}, checkVals(2, func(v []*big.Rat, ans *big.Rat) error {
		if ans.Cmp(v[0]) < 0 { // this year was "more by f": ans × (1+f) = v0
			return expect(new(big.Rat).Mul(ans, new(big.Rat).Add(rat(1), v[1])), v[0], "last year × (1+f)")
		}
		return expect(new(big.Rat).Mul(ans, v[1]), v[0], "whole × f")
	})),
	calc("math.g6.frac_mixed_ops.t1", kp(6, "frac_mixed_ops"), true, func(r *rand.Rand) (string, *big.Rat, string) {
		b, d := pick(r, 2, 6), pick(r, 2, 6)
		for b == d {
			d = pick(r, 2, 6)
		}
		x, y := big.NewRat(1, b), big.NewRat(pick(r, 1, d-1), d)
		n := b * d * pick(r, 1, 3)
		if r.IntN(2) == 0 {
			v := new(big.Rat).Mul(new(big.Rat).Add(x, y), rat(n))
			return fmt.Sprintf("(%s+%s)\\times%d", texFrac(x), texFrac(y), n), v, fmt.Sprintf("用乘法分配律：$%s\\times%d+%s\\times%d=%s+%s=%s$。", texFrac(x), n, texFrac(y), n, texFrac(new(big.Rat).Mul(x, rat(n))), texFrac(new(big.Rat).Mul(y, rat(n))), texFrac(v))
		}
		z := big.NewRat(pick(r, 1, 5), pick(r, 2, 7))
		v := new(big.Rat).Sub(new(big.Rat).Quo(y, z), x)
		return fmt.Sprintf("%s\\div%s-%s", texFrac(y), texFrac(z), texFrac(x)), v, fmt.Sprintf("先算除法：$%s\\div%s=%s$，再算减法：$%s-%s=%s$。", texFrac(y), texFrac(z), texFrac(new(big.Rat).Quo(y, z)), texFrac(new(big.Rat).Quo(y, z)), texFrac(x), texFrac(v))
	}),
	tpl("math.g6.ratio_meaning.t1", kp(6, "ratio_meaning"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, b := pick(r, 2, 60), pick(r, 2, 60)
		for a == b {
			b = pick(r, 2, 60)
		}
		v := big.NewRat(a, b)
		return fillFrac(fmt.Sprintf("比$%d:%d$的比值是（　）。", a, b), v, fmt.Sprintf("比值$=$前项$\\div$后项$=%d\\div%d=%s$。比值是一个数，不是比。", a, b, texFrac(v)))
	}, func(it curriculum.Item) error {
		v, err := needInts(it.Stem, 2)
		if err != nil {
			return err
		}
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		return expect(new(big.Rat).Mul(ans, rat(v[1])), rat(v[0]), "ratio value × consequent")
	}),
	tpl("math.g6.ratio_simplify.t1", kp(6, "ratio_simplify"), curriculum.FillText, func(r *rand.Rand) curriculum.Item {
		p, q := pick(r, 1, 9), pick(r, 1, 9)
		for p == q || new(big.Int).GCD(nil, nil, big.NewInt(p), big.NewInt(q)).Int64() != 1 {
			p, q = pick(r, 1, 9), pick(r, 1, 9)
		}
		ans := fmt.Sprintf("%d:%d", p, q)
		it := curriculum.Item{Type: curriculum.FillText, Answer: ans, Check: curriculum.CheckRule{Synonyms: []string{fmt.Sprintf("%d∶%d", p, q), fmt.Sprintf("%d：%d", p, q)}}}
		switch r.IntN(3) {
		case 0:
			k := pick(r, 2, 12)
			it.Stem = fmt.Sprintf("把$%d:%d$化成最简整数比是（　）。", p*k, q*k)
			it.Explanation = fmt.Sprintf("前项和后项同时除以它们的最大公因数$%d$：$%d:%d=%s$。化简比的结果仍是一个比。", k, p*k, q*k, ans)
		case 1:
			x, y := big.NewRat(p, 10), big.NewRat(q, 10)
			it.Stem = fmt.Sprintf("把$%s:%s$化成最简整数比是（　）。", decStr(x), decStr(y))
			it.Explanation = fmt.Sprintf("前项和后项同时乘$10$化成整数比：$%d:%d$，已经是最简整数比。", p, q)
		default: // 1/p : 1/q = q : p
			it.Stem = fmt.Sprintf("把$\\frac{1}{%d}:\\frac{1}{%d}$化成最简整数比是（　）。", q, p)
			it.Explanation = fmt.Sprintf("前项和后项同时乘分母的最小公倍数$%d$：得$%s$。", p*q, ans)
		}
		return it
	}, func(it curriculum.Item) error {
		segs := mathSegments(it.Stem)
		if len(segs) != 1 {
			return fmt.Errorf("stem needs one ratio")
		}
		l, rr, ok := strings.Cut(segs[0], ":")
		if !ok {
			return fmt.Errorf("stem shows no ratio")
		}
		a, err := evalTeX(l, nil)
		if err != nil {
			return err
		}
		b, err := evalTeX(rr, nil)
		if err != nil {
			return err
		}
		ps, qs, ok := strings.Cut(it.Answer, ":")
		p, err1 := strconv.ParseInt(ps, 10, 64)
		q, err2 := strconv.ParseInt(qs, 10, 64)
		if !ok || err1 != nil || err2 != nil || p <= 0 || q <= 0 {
			return fmt.Errorf("answer %q is not a ratio of whole numbers", it.Answer)
		}
		if new(big.Int).GCD(nil, nil, big.NewInt(p), big.NewInt(q)).Int64() != 1 {
			return fmt.Errorf("answer %q is not in lowest terms", it.Answer)
		}
		return expect(new(big.Rat).Mul(a, rat(q)), new(big.Rat).Mul(b, rat(p)), "cross products a·q = b·p")
	}),
	tpl("math.g6.ratio_distribution.t1", kp(6, "ratio_distribution", "ratio_simplify"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		p, q := pick(r, 1, 9), pick(r, 1, 9)
		for p == q || new(big.Int).GCD(nil, nil, big.NewInt(p), big.NewInt(q)).Int64() != 1 {
			p, q = pick(r, 1, 9), pick(r, 1, 9)
		}
		k := pick(r, 2, 20)
		total := (p + q) * k
		return fill(fmt.Sprintf("把$%d$本书按$%d:%d$分给甲、乙两个班，甲班分到（　）本。", total, p, q), rat(p*k), fmt.Sprintf("总份数$%d+%d=%d$，甲班占$\\frac{%d}{%d}$：$%d\\times\\frac{%d}{%d}=%d$（本）。检验：乙班$%d$本，$%d:%d=%d:%d$。", p, q, p+q, p, p+q, total, p, p+q, p*k, q*k, p*k, q*k, p, q))
	}, func(it curriculum.Item) error {
		v, err := needInts(it.Stem, 3)
		if err != nil {
			return err
		}
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		other := new(big.Rat).Sub(rat(v[0]), ans) // the two parts must be in ratio p:q
		return expect(new(big.Rat).Mul(ans, rat(v[2])), new(big.Rat).Mul(other, rat(v[1])), "parts in the given ratio")
	}),
	circle("math.g6.circle_circumference.t1", kp(6, "circle_circumference", "circle_parts"), "周长"),
	circle("math.g6.circle_area.t1", kp(6, "circle_area"), "面积"),
	tpl("math.g6.percent_meaning.t1", kp(6, "percent_meaning"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		var x *big.Rat
		var shown string
		if r.IntN(2) == 0 {
			x = big.NewRat(pick(r, 1, 250), 100)
			shown = decStr(x)
		} else {
			d := oneOf[int64](r, 2, 4, 5, 8, 20, 25, 40)
			x = big.NewRat(pick(r, 1, d-1), d)
			shown = texFrac(x)
		}
		pct := new(big.Rat).Mul(x, rat(100))
		return fill(fmt.Sprintf("把$%s$化成百分数是（　）%%。", shown), pct, fmt.Sprintf("化成百分数就是化成分母是$100$的形式：$%s\\times100\\%%=%s\\%%$（小数点向右移动两位）。", shown, decStr(pct)))
	}, checkVals(1, func(v []*big.Rat, ans *big.Rat) error {
		return expect(new(big.Rat).Quo(ans, rat(100)), v[0], "percent ÷ 100")
	})),
	tpl("math.g6.percent_word.t1", kp(6, "percent_word", "percent_meaning"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		total := oneOf[int64](r, 20, 25, 40, 50, 80, 200, 400, 500)
		part := pick(r, 1, total-1)
		pct := big.NewRat(part*100, total)
		switch r.IntN(3) {
		case 0:
			return fill(fmt.Sprintf("做了$%d$次实验，成功$%d$次，成功率是（　）%%。", total, part), pct, fmt.Sprintf("成功率$=$成功次数$\\div$总次数$\\times100\\%%=%d\\div%d\\times100\\%%=%s\\%%$。", part, total, decStr(pct)))
		case 1:
			p := pick(r, 1, 99)
			v := big.NewRat(total*p, 100)
			return fill(fmt.Sprintf("$%d$的$%d\\%%$是（　）。", total, p), v, fmt.Sprintf("求一个数的百分之几是多少用乘法：$%d\\times%d\\%%=%s$。", total, p, decStr(v)))
		}
		more := total + part
		return fill(fmt.Sprintf("原来有$%d$人，现在有$%d$人，现在比原来多（　）%%。", total, more), pct, fmt.Sprintf("以原来的人数为单位“1”：多的人数$\\div$原来人数$=(%d-%d)\\div%d=%s\\%%$。", more, total, total, decStr(pct)))
	}, func(it curriculum.Item) error {
		v, err := segmentValues(it.Stem)
		if err != nil || len(v) != 2 {
			return fmt.Errorf("stem needs two numbers: %v", err)
		}
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		share := new(big.Rat).Quo(ans, rat(100))
		switch {
		case strings.Contains(it.Stem, "成功率"):
			return expect(new(big.Rat).Mul(share, v[0]), v[1], "rate × trials")
		case strings.Contains(it.Stem, "多（"):
			return expect(new(big.Rat).Mul(new(big.Rat).Add(rat(1), share), v[0]), v[1], "(1+rate) × before")
		}
		return expect(new(big.Rat).Quo(ans, v[1]), v[0], "part ÷ percent")
	}),
	tpl("math.g6.percent_business.t1", kp(6, "percent_business", "percent_word"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		switch r.IntN(3) {
		case 0:
			price, zhe := pick(r, 2, 60)*10, pick(r, 5, 9)
			v := big.NewRat(price*zhe, 10)
			return fill(fmt.Sprintf("一件衣服原价$%d$元，现在打$%d$折出售，现价（　）元。", price, zhe), v, fmt.Sprintf("打$%d$折就是按原价的$%d0\\%%$出售：$%d\\times%d0\\%%=%s$（元）。", zhe, zhe, price, zhe, decStr(v)))
		case 1:
			p, rate, years := pick(r, 1, 50)*1000, oneOf[int64](r, 150, 175, 200, 225, 250, 275), pick(r, 1, 5)
			rt := big.NewRat(rate, 100)
			v := new(big.Rat).Mul(rat(p*years), big.NewRat(rate, 10000))
			return fill(fmt.Sprintf("王阿姨把$%d$元存入银行，存期$%d$年，年利率$%s\\%%$。到期时可得利息（　）元。", p, years, decStr(rt)), v, fmt.Sprintf("利息$=$本金$\\times$利率$\\times$存期$=%d\\times%s\\%%\\times%d=%s$（元）。利息不包括本金。", p, decStr(rt), years, decStr(v)))
		}
		income, rate := pick(r, 1, 200)*100, oneOf[int64](r, 3, 5, 6, 9, 13)
		v := big.NewRat(income*rate, 100)
		return fill(fmt.Sprintf("某饭店上月营业额$%d$元，按营业额的$%d\\%%$缴纳税款，应缴税（　）元。", income, rate), v, fmt.Sprintf("应纳税额$=$收入$\\times$税率$=%d\\times%d\\%%=%s$（元）。", income, rate, decStr(v)))
	}, func(it curriculum.Item) error {
		v, err := segmentValues(it.Stem)
		if err != nil {
			return err
		}
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		switch {
		case strings.Contains(it.Stem, "折"): // original × zhe/10 = now
			if len(v) != 2 {
				return fmt.Errorf("stem needs price and discount")
			}
			return expect(new(big.Rat).Quo(new(big.Rat).Mul(ans, rat(10)), v[1]), v[0], "current price ÷ discount")
		case strings.Contains(it.Stem, "利息"): // v = principal, years, rate (as a fraction)
			if len(v) != 3 {
				return fmt.Errorf("stem needs principal, years and rate")
			}
			return expect(new(big.Rat).Quo(new(big.Rat).Quo(ans, v[2]), v[1]), v[0], "interest ÷ rate ÷ years")
		}
		if len(v) != 2 {
			return fmt.Errorf("stem needs income and rate")
		}
		return expect(new(big.Rat).Quo(ans, v[1]), v[0], "tax ÷ rate")
	}),
	tpl("math.g6.pie_chart.t1", kp(6, "pie_chart"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		p := oneOf[int64](r, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 60, 75)
		return fill(fmt.Sprintf("在扇形统计图中，喜欢跳绳的同学占全班的$%d\\%%$，表示这部分的扇形圆心角是（　）度。", p), big.NewRat(360*p, 100), fmt.Sprintf("整个圆表示全班（$100\\%%$），圆周角是$360°$：$360°\\times%d\\%%=%s°$。", p, decStr(big.NewRat(360*p, 100))))
	}, checkVals(1, func(v []*big.Rat, ans *big.Rat) error {
		return expect(new(big.Rat).Quo(ans, rat(360)), v[0], "angle ÷ 360°")
	})),
	tpl("math.g6.negative_numbers.t1", kp(6, "negative_numbers"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		lo, hi := pick(r, -20, -1), pick(r, -5, 25)
		for hi <= lo {
			hi = pick(r, -5, 25)
		}
		return fill(fmt.Sprintf("某地一天的最高气温是$%d$℃，最低气温是$%d$℃，这天的温差是（　）℃。", hi, lo), rat(hi-lo), fmt.Sprintf("在温度计（数轴）上从$%d$℃数到$%d$℃，一共相差$%d$℃。从零下到零上要把两段加起来，不能只用数字相减。", lo, hi, hi-lo))
	}, checkVals(2, func(v []*big.Rat, ans *big.Rat) error {
		return expect(new(big.Rat).Add(v[1], ans), v[0], "lowest + difference")
	})),
	solid("math.g6.cylinder.t1", kp(6, "cylinder", "circle_area"), "圆柱", "表面积"),
	solid("math.g6.cylinder_volume.t1", kp(6, "cylinder_volume"), "圆柱", "体积"),
	solid("math.g6.cone_volume.t1", kp(6, "cone_volume"), "圆锥", "体积"),
	tpl("math.g6.proportion.t1", kp(6, "proportion"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, b, k := pick(r, 1, 12), pick(r, 1, 12), oneOf(r, rat(pick(r, 2, 6)), big.NewRat(pick(r, 1, 9), 2))
		c, d := new(big.Rat).Mul(rat(a), k), new(big.Rat).Mul(rat(b), k)
		// x : b = c : d with x = a.
		return fill(fmt.Sprintf("解比例$x:%d=%s:%s$，$x=$（　）。", b, decStr(c), decStr(d)), rat(a), fmt.Sprintf("根据比例的基本性质，两外项之积等于两内项之积：$%sx=%d\\times%s$，$x=%s\\div%s=%d$。", decStr(d), b, decStr(c), decStr(new(big.Rat).Mul(rat(b), c)), decStr(d), a))
	}, func(it curriculum.Item) error {
		segs := mathSegments(it.Stem)
		if len(segs) < 1 {
			return fmt.Errorf("stem has no proportion")
		}
		m := regexp.MustCompile(`^x:([\d.]+)=([\d.]+):([\d.]+)$`).FindStringSubmatch(segs[0])
		if m == nil {
			return fmt.Errorf("cannot read proportion %q", segs[0])
		}
		var t [3]*big.Rat
		for i := range t {
			t[i], _ = new(big.Rat).SetString(m[i+1])
		}
		x, err := answerOf(it)
		if err != nil {
			return err
		}
		return expect(new(big.Rat).Mul(x, t[2]), new(big.Rat).Mul(t[0], t[1]), "product of extremes = product of means")
	}),
	tpl("math.g6.scale.t1", kp(6, "scale", "proportion"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		s := oneOf[int64](r, 1000, 5000, 10000, 200000, 500000, 1000000, 2000000, 5000000)
		cm := pick(r, 2, 30)
		realCM := cm * s
		if realCM%100000 == 0 && r.IntN(2) == 0 {
			return fill(fmt.Sprintf("在比例尺是$1:%d$的地图上，两地相距$%d$厘米，两地的实际距离是（　）千米。", s, cm), rat(realCM/100000), fmt.Sprintf("实际距离$=$图上距离$\\div$比例尺$=%d\\div\\frac{1}{%d}=%d$（厘米）$=%d$（千米）。注意$1$千米$=100000$厘米。", cm, s, realCM, realCM/100000))
		}
		return fill(fmt.Sprintf("在比例尺是$1:%d$的图纸上，图上距离$%d$厘米表示实际距离（　）米。", s, cm), big.NewRat(realCM, 100), fmt.Sprintf("实际距离$=%d\\times%d=%d$（厘米）$=%s$（米）。", cm, s, realCM, decStr(big.NewRat(realCM, 100))))
	}, func(it curriculum.Item) error {
		segs := mathSegments(it.Stem)
		if len(segs) != 2 {
			return fmt.Errorf("stem needs a scale and a distance")
		}
		_, den, _ := strings.Cut(segs[0], ":")
		s, err1 := strconv.ParseInt(den, 10, 64)
		cm, err2 := strconv.ParseInt(segs[1], 10, 64)
		if err1 != nil || err2 != nil {
			return fmt.Errorf("cannot read scale or distance")
		}
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		perUnit := rat(100) // centimetres per answer unit
		if strings.Contains(it.Stem, "千米") {
			perUnit = rat(100000)
		}
		// map distance : real distance = 1 : s
		return expect(new(big.Rat).Quo(new(big.Rat).Mul(ans, perUnit), rat(s)), rat(cm), "real distance × scale")
	}),
	tpl("math.g6.figure_scaling.t1", kp(6, "figure_scaling", "scale"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		l, w, n := pick(r, 2, 9), pick(r, 1, 8), pick(r, 2, 4)
		return fill(fmt.Sprintf("一个长方形长$%d$厘米、宽$%d$厘米，按$%d:1$放大后，面积是（　）平方厘米。", l, w, n), rat(l*w*n*n), fmt.Sprintf("长和宽都放大到原来的$%d$倍：长$%d$厘米、宽$%d$厘米，面积$%d\\times%d=%d$（平方厘米），是原来的$%d$倍，不是$%d$倍。", n, l*n, w*n, l*n, w*n, l*w*n*n, n*n, n))
	}, checkVals(3, func(v []*big.Rat, ans *big.Rat) error {
		return expect(ans, unitSquares(new(big.Rat).Mul(v[0], v[2]), new(big.Rat).Mul(v[1], v[2])), "the enlarged rectangle")
	})),
	tpl("math.g6.pigeonhole.t1", kp(6, "pigeonhole"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		n := pick(r, 3, 12)
		m := pick(r, n+1, 6*n)
		at := (m + n - 1) / n
		return fill(fmt.Sprintf("把$%d$个苹果放进$%d$个抽屉里，总有一个抽屉里至少放了（　）个苹果。", m, n), rat(at), fmt.Sprintf("先平均放：$%d\\div%d=%d\\cdots\\cdots%d$。%s", m, n, m/n, m%n, map[bool]string{true: fmt.Sprintf("余数不为$0$，剩下的苹果不论放进哪个抽屉，那个抽屉就有$%d+1=%d$个。", m/n, at), false: fmt.Sprintf("正好分完，至少有$%d$个。", at)}[m%n != 0]))
	}, func(it curriculum.Item) error {
		v, err := needInts(it.Stem, 2)
		if err != nil {
			return err
		}
		// The most even placement (deal round-robin) minimises the fullest drawer.
		drawers := make([]int64, v[1])
		for i := range v[0] {
			drawers[i%v[1]]++
		}
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		return expect(ans, rat(slices.Max(drawers)), "dealing round-robin")
	}),
}

// tenTo is 10^n.
func tenTo(n int64) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

func pow10s(n int64) string { return strconv.FormatInt(tenTo(n), 10) }

// decimals is the number of decimal places of a terminating x.
func decimals(x *big.Rat) int64 {
	_, frac, _ := strings.Cut(decStr(x), ".")
	return int64(len(frac))
}

// isTerminating reports whether x has a finite decimal expansion.
func isTerminating(x *big.Rat) bool { return !strings.Contains(decStr(x), "/") }

// roundHalfUp rounds a non-negative x to k decimal places.
func roundHalfUp(x *big.Rat, k int64) *big.Rat {
	unit := big.NewRat(1, tenTo(k))
	q := new(big.Rat).Quo(new(big.Rat).Add(x, new(big.Rat).Mul(unit, big.NewRat(1, 2))), unit)
	return new(big.Rat).Mul(rat(new(big.Int).Quo(q.Num(), q.Denom()).Int64()), unit)
}

// roundTo is the check rule of a "保留 k 位小数" item: exactly k places.
func roundTo(k int64) curriculum.CheckRule {
	d := int(k)
	return curriculum.CheckRule{Decimals: &d}
}

// checkRounded verifies "…保留一/两位小数约是（　）": the answer shows that
// many places and lies within half a unit below (inclusive) or above the
// exact value of the first stem segment.
func checkRounded(it curriculum.Item) error {
	v, err := segmentValues(it.Stem)
	if err != nil || len(v) != 1 {
		return fmt.Errorf("stem needs one value: %v", err)
	}
	places := 1
	if strings.Contains(it.Stem, "两位") {
		places = 2
	}
	_, frac, _ := strings.Cut(it.Answer, ".")
	if len(frac) != places {
		return fmt.Errorf("answer %s should show %d decimal places", it.Answer, places)
	}
	ans, err := answerOf(it)
	if err != nil {
		return err
	}
	half := big.NewRat(1, 2*tenTo(int64(places)))
	lo, hi := new(big.Rat).Sub(ans, half), new(big.Rat).Add(ans, half)
	if v[0].Cmp(lo) < 0 || v[0].Cmp(hi) >= 0 {
		return fmt.Errorf("%s does not round to %s", v[0].FloatString(6), it.Answer)
	}
	return nil
}

// checkEquation substitutes the answer for x in the stem's first segment,
// an equation, and compares both sides.
func checkEquation(it curriculum.Item) error {
	var eq string
	for _, seg := range mathSegments(it.Stem) {
		if strings.Count(seg, "=") == 1 && strings.Contains(seg, "x") && !strings.HasSuffix(seg, "=") {
			eq = seg
			break
		}
	}
	left, right, ok := strings.Cut(eq, "=")
	if !ok {
		return fmt.Errorf("stem has no equation")
	}
	x, err := answerOf(it)
	if err != nil {
		return err
	}
	vars := map[string]*big.Rat{"x": x}
	l, err := evalTeX(left, vars)
	if err != nil {
		return err
	}
	r, err := evalTeX(right, vars)
	if err != nil {
		return err
	}
	return expect(l, r, "substituting x into the equation")
}

// polyArea asks for the area of a parallelogram, triangle or trapezoid, or
// for the height given the area. Verify inverts the formula: from the
// answer it recovers the base (or the sum of the bases) and compares.
func polyArea(id string, kps []string, kind string) curriculum.Template {
	f := int64(2) // area × f ÷ height = base (or sum of the bases)
	if kind == "平行四边形" {
		f = 1
	}
	formula := map[string]string{"平行四边形": "底$\\times$高", "三角形": "底$\\times$高$\\div2$", "梯形": "(上底$+$下底)$\\times$高$\\div2$"}[kind]
	gen := func(r *rand.Rand) curriculum.Item {
		b, h := pick(r, 3, 30), pick(r, 2, 20)
		a := int64(0)
		bases := fmt.Sprintf("底是$%d$厘米", b)
		if kind == "梯形" {
			a = pick(r, 2, b)
			bases = fmt.Sprintf("上底是$%d$厘米，下底是$%d$厘米", a, b)
		}
		area := big.NewRat((a+b)*h, f)
		if r.IntN(3) == 0 {
			return fill(fmt.Sprintf("一个%s的面积是$%s$平方厘米，%s，它的高是（　）厘米。", kind, decStr(area), bases), rat(h),
				fmt.Sprintf("%s面积$=$%s，所以高$=$面积$\\times%d\\div$%s，即$%s\\times%d\\div%d=%d$（厘米）。", kind, formula, f, map[bool]string{true: "(上底$+$下底)", false: "底"}[kind == "梯形"], decStr(area), f, a+b, h))
		}
		sub := fmt.Sprintf("%d\\times%d", b, h)
		if kind == "梯形" {
			sub = fmt.Sprintf("(%d+%d)\\times%d", a, b, h)
		}
		if f == 2 {
			sub += "\\div2"
		}
		return fill(fmt.Sprintf("一个%s，%s，高是$%d$厘米，它的面积是（　）平方厘米。", kind, bases, h), area,
			fmt.Sprintf("%s面积$=$%s，代入：$%s=%s$（平方厘米）。注意底和高要对应。", kind, formula, sub, decStr(area)))
	}
	check := func(it curriculum.Item) error {
		v, err := segmentValues(it.Stem)
		if err != nil {
			return err
		}
		ans, err := answerOf(it)
		if err != nil || ans.Sign() <= 0 {
			return fmt.Errorf("answer %q is not a positive number", it.Answer)
		}
		sumBases := func(vs []*big.Rat) *big.Rat {
			s := new(big.Rat)
			for _, x := range vs {
				s.Add(s, x)
			}
			return s
		}
		if strings.Contains(it.Stem, "面积是$") { // v = area, bases…; answer = height
			got := new(big.Rat).Quo(new(big.Rat).Mul(v[0], rat(f)), ans)
			return expect(got, sumBases(v[1:]), "area × f ÷ height")
		}
		h := v[len(v)-1] // v = bases…, height; answer = area
		got := new(big.Rat).Quo(new(big.Rat).Mul(ans, rat(f)), h)
		return expect(got, sumBases(v[:len(v)-1]), "area × f ÷ height")
	}
	return tpl(id, kps, curriculum.FillNumber, gen, check)
}

// cuboid asks for the edge sum, surface area or volume of a cuboid or cube
// and verifies by listing the 12 edges, the 6 faces or counting unit cubes.
func cuboid(id string, kps []string, what string) curriculum.Template {
	units := map[string]string{"棱长总和": "厘米", "表面积": "平方厘米", "体积": "立方厘米"}[what]
	gen := func(r *rand.Rand) curriculum.Item {
		l, w, h := pick(r, 3, 20), pick(r, 2, 15), pick(r, 2, 15)
		shape := fmt.Sprintf("一个长方体长$%d$厘米、宽$%d$厘米、高$%d$厘米", l, w, h)
		if r.IntN(3) == 0 {
			w, h = l, l
			shape = fmt.Sprintf("一个正方体的棱长是$%d$厘米", l)
		}
		var v int64
		var expl string
		switch what {
		case "棱长总和":
			v = 4 * (l + w + h)
			expl = fmt.Sprintf("长方体有$12$条棱，长、宽、高各$4$条：$(%d+%d+%d)\\times4=%d$（厘米）。正方体$12$条棱都相等。", l, w, h, v)
		case "表面积":
			v = 2 * (l*w + l*h + w*h)
			expl = fmt.Sprintf("表面积是$6$个面的面积和，相对的面相等：$(%d\\times%d+%d\\times%d+%d\\times%d)\\times2=%d$（平方厘米）。", l, w, l, h, w, h, v)
		default:
			v = l * w * h
			expl = fmt.Sprintf("体积$=$长$\\times$宽$\\times$高$=%d\\times%d\\times%d=%d$（立方厘米）。", l, w, h, v)
		}
		return fill(fmt.Sprintf("%s，它的%s是（　）%s。", shape, what, units), rat(v), expl)
	}
	check := func(it curriculum.Item) error {
		d, err := segmentValues(it.Stem)
		if err != nil {
			return err
		}
		if len(d) == 1 {
			d = []*big.Rat{d[0], d[0], d[0]}
		}
		if len(d) != 3 {
			return fmt.Errorf("stem needs the edges")
		}
		var l, w, h int64 = d[0].Num().Int64(), d[1].Num().Int64(), d[2].Num().Int64()
		var want int64
		switch what {
		case "棱长总和":
			for _, e := range []int64{l, l, l, l, w, w, w, w, h, h, h, h} {
				want += e
			}
		case "表面积":
			for _, face := range [][2]int64{{l, w}, {l, w}, {l, h}, {l, h}, {w, h}, {w, h}} {
				want += unitSquares(rat(face[0]), rat(face[1])).Num().Int64()
			}
		default:
			for range h {
				want += unitSquares(rat(l), rat(w)).Num().Int64()
			}
		}
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		return expect(ans, rat(want), "listing edges, faces or layers")
	}
	return tpl(id, kps, curriculum.FillNumber, gen, check)
}

// pi is the value of π that primary school uses.
var pi = big.NewRat(314, 100)

// circle asks for the circumference or area of a circle given its radius
// or diameter (π = 3.14); Verify divides the answer by π and compares with
// d (circumference) or r² (area).
func circle(id string, kps []string, what string) curriculum.Template {
	gen := func(r *rand.Rand) curriculum.Item {
		rad := pick(r, 1, 20)
		given := fmt.Sprintf("半径是$%d$厘米", rad)
		note := ""
		if r.IntN(2) == 0 {
			given = fmt.Sprintf("直径是$%d$厘米", 2*rad)
			note = fmt.Sprintf("半径是$%d\\div2=%d$厘米。", 2*rad, rad)
		}
		if what == "周长" {
			v := new(big.Rat).Mul(pi, rat(2*rad))
			return fill(fmt.Sprintf("一个圆的%s，它的周长是（　）厘米。（π取3.14）", given), v, fmt.Sprintf("圆的周长$C=\\pi d=2\\pi r=3.14\\times%d=%s$（厘米）。", 2*rad, decStr(v)))
		}
		v := new(big.Rat).Mul(pi, rat(rad*rad))
		return fill(fmt.Sprintf("一个圆的%s，它的面积是（　）平方厘米。（π取3.14）", given), v, fmt.Sprintf("%s圆的面积$S=\\pi r^2=3.14\\times%d\\times%d=%s$（平方厘米）。注意$r^2$是$r\\times r$，不是$r\\times2$。", note, rad, rad, decStr(v)))
	}
	check := func(it curriculum.Item) error {
		v, err := needInts(it.Stem, 1)
		if err != nil {
			return err
		}
		d := v[0]
		if strings.Contains(it.Stem, "半径") {
			d *= 2
		}
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		q := new(big.Rat).Quo(ans, pi)
		if what == "周长" {
			return expect(q, rat(d), "circumference ÷ π")
		}
		return expect(q.Mul(q, rat(4)), rat(d*d), "area ÷ π × 4 = d²")
	}
	return tpl(id, kps, curriculum.FillNumber, gen, check)
}

// solid asks for a cylinder's surface area or a cylinder's or cone's
// volume (π = 3.14). Verify recomputes from the net (two discs and a
// rectangle of width C) or compares cone and cylinder volumes.
func solid(id string, kps []string, shape, what string) curriculum.Template {
	gen := func(r *rand.Rand) curriculum.Item {
		rad, h := pick(r, 1, 10), pick(r, 2, 20)
		base := new(big.Rat).Mul(pi, rat(rad*rad))
		given := fmt.Sprintf("一个%s的底面半径是$%d$厘米，高是$%d$厘米", shape, rad, h)
		switch {
		case what == "表面积":
			side := new(big.Rat).Mul(pi, rat(2*rad*h))
			v := new(big.Rat).Add(side, new(big.Rat).Mul(base, rat(2)))
			return fill(given+"，它的表面积是（　）平方厘米。（π取3.14）", v, fmt.Sprintf("侧面积$=$底面周长$\\times$高$=2\\times3.14\\times%d\\times%d=%s$；两个底面积$=2\\times3.14\\times%d^2=%s$；表面积$=%s$（平方厘米）。", rad, h, decStr(side), rad, decStr(new(big.Rat).Mul(base, rat(2))), decStr(v)))
		case shape == "圆柱":
			v := new(big.Rat).Mul(base, rat(h))
			return fill(given+"，它的体积是（　）立方厘米。（π取3.14）", v, fmt.Sprintf("圆柱体积$=$底面积$\\times$高$=3.14\\times%d^2\\times%d=%s$（立方厘米）。", rad, h, decStr(v)))
		}
		h = pick(r, 1, 7) * 3
		given = fmt.Sprintf("一个%s的底面半径是$%d$厘米，高是$%d$厘米", shape, rad, h)
		v := new(big.Rat).Mul(base, big.NewRat(h, 3))
		return fill(given+"，它的体积是（　）立方厘米。（π取3.14）", v, fmt.Sprintf("圆锥体积是等底等高圆柱体积的$\\frac{1}{3}$：$\\frac{1}{3}\\times3.14\\times%d^2\\times%d=%s$（立方厘米）。", rad, h, decStr(v)))
	}
	check := func(it curriculum.Item) error {
		v, err := needInts(it.Stem, 2)
		if err != nil {
			return err
		}
		rad, h := rat(v[0]), rat(v[1])
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		disc := new(big.Rat).Mul(pi, new(big.Rat).Mul(rad, rad))
		switch {
		case what == "表面积":
			circumference := new(big.Rat).Mul(pi, new(big.Rat).Add(rad, rad))
			net := new(big.Rat).Add(new(big.Rat).Add(disc, disc), new(big.Rat).Mul(circumference, h))
			return expect(ans, net, "the net: two discs and a rectangle")
		case shape == "圆锥": // three cones fill the cylinder with the same base and height
			return expect(new(big.Rat).Add(new(big.Rat).Add(ans, ans), ans), new(big.Rat).Mul(disc, h), "three cones = one cylinder")
		}
		return expect(new(big.Rat).Quo(ans, h), disc, "volume ÷ height = base area")
	}
	return tpl(id, kps, curriculum.FillNumber, gen, check)
}
