package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi/learn"
)

var (
	itemField    = regexp.MustCompile(`name="item" value="([^"]+)"`)
	versionField = regexp.MustCompile(`name="version" value="(\d+)"`)
)

// TestStudentPagesScreeningToPractice walks the tablet flow with plain
// forms: start the screening, answer until the report, open practice and
// answer once; the guardian reads the report but cannot answer.
func TestStudentPagesScreeningToPractice(t *testing.T) {
	bank := contentBank(t)
	w := newWorld(t, bank)
	if _, err := learn.SyncContent(context.Background(), w.db, bank, time.Now()); err != nil {
		t.Fatal(err)
	}
	ming := w.student("王小明")
	kid := w.login("xiaoming")
	_, body := w.do(kid, "GET", "/me", nil)
	if !strings.Contains(body, "数学") || !strings.Contains(body, "开始筛查") {
		t.Fatalf("/me has no screening to start: %.500s", body)
	}
	resp, _ := w.postForm(kid, fmt.Sprintf("/students/%d/screenings", ming.ID), url.Values{"subject": {"math"}})
	page := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(page, "/screenings/") {
		t.Fatalf("start: %d %s", resp.StatusCode, page)
	}
	// An empty answer comes back to the question with the reason.
	_, body = w.do(kid, "GET", page, nil)
	item := itemField.FindStringSubmatch(body)
	if item == nil || !strings.Contains(body, "不会，跳过") {
		t.Fatalf("question page: %.600s", body)
	}
	resp, body = w.postForm(kid, page+"/answer", url.Values{"item": {item[1]}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "请先作答") || !strings.Contains(body, "不会，跳过") {
		t.Fatalf("empty answer: %d, want 422 with the reason and the question again: %.400s", resp.StatusCode, body)
	}
	for i := 0; i < 10; i++ {
		_, body = w.do(kid, "GET", page, nil)
		item := itemField.FindStringSubmatch(body)
		if item == nil {
			break
		}
		version := versionField.FindStringSubmatch(body)
		w.postForm(kid, page+"/answer", url.Values{"item": {item[1]}, "version": {version[1]}, "answer": {answers[item[1]]}})
	}
	if !strings.Contains(body, "知识点筛查与解读") || !strings.Contains(body, "已掌握") {
		t.Fatalf("no report after the last answer: %.600s", body)
	}
	// The guardian reads the report on a phone, without practice buttons,
	// and cannot answer for the child.
	g := w.login("wang_jz")
	resp, body = w.do(g, "GET", page, nil)
	if resp.StatusCode != 200 || !strings.Contains(body, "知识点筛查与解读") || strings.Contains(body, "开始自适应练习") {
		t.Fatalf("guardian report: %d", resp.StatusCode)
	}
	if resp, _ := w.do(g, "GET", fmt.Sprintf("/students/%d/practice/math", ming.ID), nil); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("guardian opens practice: %d", resp.StatusCode)
	}
	// Practice: every point was answered right, so the engine either asks
	// or says there is nothing to practise yet; both are a page, not an error.
	resp, body = w.do(kid, "GET", fmt.Sprintf("/students/%d/practice/math", ming.ID), nil)
	if resp.StatusCode != 200 || !strings.Contains(body, "掌握规则") {
		t.Fatalf("practice page: %d %.400s", resp.StatusCode, body)
	}
	if item := itemField.FindStringSubmatch(body); item != nil {
		version := versionField.FindStringSubmatch(body)
		resp, body = w.postForm(kid, fmt.Sprintf("/students/%d/practice/math/answer", ming.ID),
			url.Values{"item": {item[1]}, "version": {version[1]}, "skip": {"1"}})
		if resp.StatusCode != 200 || !strings.Contains(body, "下一题") || !strings.Contains(body, "正确答案") {
			t.Fatalf("practice step: %d %.500s", resp.StatusCode, body)
		}
	}
}
