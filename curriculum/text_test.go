package curriculum

import (
	"strings"
	"testing"
)

func TestNormText(t *testing.T) {
	for _, c := range []struct {
		in, want      string
		caseSensitive bool
	}{
		{"  Hello  World ", "hello world", false},
		{"Hello", "Hello", true},
		{"ＡＢＣ１２３", "abc123", false},
		{"光合作用。", "光合作用", false},
		{"“光合作用”", "光合作用", false},
		{"光合 作用", "光合作用", false},
		{"光合\t作用", "光合作用", false},
		{"北京，上海", "北京,上海", false},
		{"北京 , 上海", "北京,上海", false},
		{"北京、上海", "北京,上海", false},
		{"（答案）", "(答案)", false},
		{"What？！", "what", false},
		{"it’s", "it's", false},
		{"New  York", "new york", false},
		{"ﬁne", "fine", false}, // NFKC compatibility ligature
		{"。。。", "", false},
	} {
		if got := normText(c.in, c.caseSensitive); got != c.want {
			t.Errorf("normText(%q, %v) = %q, want %q", c.in, c.caseSensitive, got, c.want)
		}
	}
}

func TestCheckText(t *testing.T) {
	plant := &Item{ID: "p", Type: FillText, Answer: "光合作用", Check: CheckRule{Synonyms: []string{"光合"}}}
	word := &Item{ID: "w", Type: FillText, Answer: "Beijing", Check: CheckRule{CaseSensitive: true}}
	apple := &Item{ID: "a", Type: FillText, Answer: "apple"}
	for _, c := range []struct {
		it      *Item
		resp    string
		correct bool
		reason  string
	}{
		{plant, "光合作用", true, ""},
		{plant, " 光合作用。", true, ""},
		{plant, "光合", true, ""},
		{plant, "呼吸作用", false, "不正确"},
		{plant, "。", false, "未作答"},
		{word, "Beijing", true, ""},
		{word, "beijing", false, "大小写"},
		{word, "Ｂｅｉｊｉｎｇ", true, ""},
		{word, "Shanghai", false, "不正确"},
		{apple, "APPLE", true, ""},
		{apple, "Apple.", true, ""},
		{apple, "apples", false, "不正确"},
	} {
		v, err := Check(c.it, c.resp)
		if err != nil {
			t.Fatalf("Check(%s, %q): %v", c.it.ID, c.resp, err)
		}
		if v.Correct != c.correct || !strings.Contains(v.Reason, c.reason) {
			t.Errorf("Check(%s, %q) = %+v, want correct=%v reason~%q", c.it.ID, c.resp, v, c.correct, c.reason)
		}
	}
}
