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

var hiddenAnswerID = regexp.MustCompile(`name="answer_id" value="([^"]+)"`)

// TestScreeningPages: the answer form carries an answer id, so the same
// form sent twice records one answer; "结束筛查" asks first, and a stop
// before the minimum of answers only pauses the screening.
func TestScreeningPages(t *testing.T) {
	bank := contentBank(t)
	w := newWorld(t, bank)
	ctx := context.Background()
	if _, err := learn.SyncContent(ctx, w.db, bank, time.Now()); err != nil {
		t.Fatal(err)
	}
	ming := w.student("王小明")
	kid := w.login("xiaoming")
	resp, _ := w.postForm(kid, fmt.Sprintf("/students/%d/screenings", ming.ID), url.Values{"subject": {"math"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("start: %d", resp.StatusCode)
	}
	page := resp.Header.Get("Location")
	_, body := w.do(kid, "GET", page, nil)
	m := hiddenAnswerID.FindStringSubmatch(body)
	item := regexp.MustCompile(`name="item" value="([^"]+)"`).FindStringSubmatch(body)
	if m == nil || item == nil || !strings.Contains(body, `href="`+page+`/stop"`) {
		t.Fatalf("screening page without answer id, item or stop link:\n%s", body)
	}
	form := url.Values{"answer_id": {m[1]}, "item": {item[1]}, "skip": {"1"}}
	for i := range 2 {
		if resp, _ := w.postForm(kid, page+"/answer", form); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != page {
			t.Fatalf("answer form sent %d times: %d to %s", i+1, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	atts, err := w.db.Attempts(ctx, ming.ID)
	if err != nil || len(atts) != 1 {
		t.Fatalf("the form sent twice stored %d attempts (%v), want 1", len(atts), err)
	}

	_, body = w.do(kid, "GET", page+"/stop", nil)
	if !strings.Contains(body, "确定结束") || !strings.Contains(body, "免费筛查名额仍然保留") {
		t.Fatalf("stop confirmation after 1 answer:\n%s", body)
	}
	resp, _ = w.postForm(kid, page+"/stop", url.Values{})
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, page+"?msg=") {
		t.Fatalf("stop after 1 answer: %d to %s", resp.StatusCode, loc)
	}
	var id int64
	fmt.Sscanf(page, "/screenings/%d", &id)
	row, err := w.db.ScreeningSession(ctx, id)
	if err != nil || row.Status != learn.StatusActive {
		t.Fatalf("paused screening stored as %+v, %v; want still active", row, err)
	}
	if _, body := w.do(kid, "GET", resp.Header.Get("Location"), nil); !strings.Contains(body, "可以随时继续") || !strings.Contains(body, `name="answer_id"`) {
		t.Fatalf("after the pause the page should say so and show the question:\n%s", body)
	}
}

// TestPracticePages: opening practice writes nothing; "开始练习" starts
// it and the question appears.
func TestPracticePages(t *testing.T) {
	bank := contentBank(t)
	w := newWorld(t, bank)
	ctx := context.Background()
	if _, err := learn.SyncContent(ctx, w.db, bank, time.Now()); err != nil {
		t.Fatal(err)
	}
	li := w.student("李华")
	kid := w.login("lihua")
	w.skipScreening(kid, li.ID)
	page := fmt.Sprintf("/students/%d/practice/math", li.ID)
	if _, body := w.do(kid, "GET", page, nil); !strings.Contains(body, "开始练习") {
		t.Fatalf("practice page before a start:\n%s", body)
	}
	if _, err := w.db.PracticeState(ctx, li.ID, "math"); err == nil {
		t.Fatal("opening the practice page stored a state")
	}
	resp, _ := w.postForm(kid, page+"/start", url.Values{})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != page {
		t.Fatalf("start: %d to %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	// A point not mastered is taught first: its 解读 and worked example,
	// then "我看懂了，开始练习" shows the question.
	_, body := w.do(kid, "GET", page, nil)
	if hiddenAnswerID.MatchString(body) || !strings.Contains(body, "先学一学") || !strings.Contains(body, "我看懂了，开始练习") {
		t.Fatalf("practice page after the start does not teach first:\n%s", body)
	}
	if resp, _ := w.postForm(kid, page+"/start", url.Values{"understood": {"1"}}); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != page {
		t.Fatalf("understood: %d to %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, body = w.do(kid, "GET", page, nil)
	if !hiddenAnswerID.MatchString(body) || !strings.Contains(body, "学习路径") || strings.Contains(body, "先学一学") {
		t.Fatalf("practice page after the teaching has no question with its reason:\n%s", body)
	}
	// Understood again, with nothing to read: a clear message, nothing changed.
	if resp, _ := w.postForm(kid, page+"/start", url.Values{"understood": {"1"}}); resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "err.no_teaching_pending") {
		t.Fatalf("understood twice: %d to %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}
