package e2e

import (
	"testing"

	"github.com/zhixi-org/zhixi/demo"
)

// testAnswerChecking: a response that is not an answer (a sentence where a
// number is asked) is shown as not marked, with the checker's reason, and
// the number's own unit-free answer is still right.
func (a *app) testAnswerChecking(t *testing.T) {
	it := a.mathsItem(t)
	tb := a.tab(t)
	tb.login("admin", demo.Password)
	tb.open("/admin/content/items/" + it.ID)
	tb.typeInto("answer", "我不会算这道题")
	if st := tb.submit("提交"); st != 200 {
		t.Fatalf("submitting a sentence: status %d", st)
	}
	tb.wantText("这不是可以判分的答案（不算错）", "只能填写数字")
	if kept := eval[string](tb, `document.querySelector('input[name="answer"]').value`); kept != "我不会算这道题" {
		t.Errorf("the answer field holds %q after the refusal, want what was typed", kept)
	}
	eval[string](tb, `document.querySelector('input[name="answer"]').value = ""`) // clear it, as a student would
	tb.typeInto("answer", it.Answer)
	tb.submit("提交")
	tb.wantText("回答正确")
}
