package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi/learn"
)

// TestQuestionPagesDrawTheFigure: a student's screening and practice
// pages draw the current item's figure inline (the fixture item
// math.g3.frac.1 carries a geometry figure with a point Q), the JSON API
// carries the description, and an item without a figure draws none.
func TestQuestionPagesDrawTheFigure(t *testing.T) {
	bank := contentBank(t)
	w := newWorld(t, bank)
	if _, err := learn.SyncContent(context.Background(), w.db, bank, time.Now()); err != nil {
		t.Fatal(err)
	}
	li := w.student("李华") // grade 6, consent given
	kid := w.login("lihua")
	code, s := w.screening(kid, "POST", fmt.Sprintf("/api/v1/students/%d/screenings", li.ID), `{"subject":"math"}`)
	withFigure, without := false, false
	for code == 200 && s.Screening.Status == "active" {
		q := s.Screening.Question
		resp, page := w.do(kid, "GET", fmt.Sprintf("/screenings/%d", s.Screening.ID), nil)
		if resp.StatusCode != 200 || !strings.Contains(page, q.ItemID) {
			t.Fatalf("screening page for %s: %d", q.ItemID, resp.StatusCode)
		}
		drawn := strings.Contains(page, `<figure class="figure"><svg`)
		if q.ItemID == "math.g3.frac.1" {
			withFigure = true
			if q.Figure == nil || q.Figure.Kind != "geometry" {
				t.Errorf("API question %s has no figure: %+v", q.ItemID, q)
			}
			if !drawn || !strings.Contains(page, `>Q</text>`) {
				t.Errorf("screening page does not draw the figure of %s", q.ItemID)
			}
		} else {
			without = true
			if drawn || q.Figure != nil {
				t.Errorf("screening page draws a figure for %s, which has none", q.ItemID)
			}
		}
		code, s = w.screening(kid, "POST", fmt.Sprintf("/api/v1/screenings/%d/answers", s.Screening.ID),
			fmt.Sprintf(`{"item":%q,"skip":true}`, q.ItemID))
	}
	if code != 200 || !withFigure || !without {
		t.Fatalf("screening ended %d; saw the figure item %v, an item without %v", code, withFigure, without)
	}

	// Practice: ask for questions until the figure item comes up. A new
	// point is taught first (解读 and 例题); the fixture's point math.g3.frac
	// has a worked example with a number line, which the page draws too.
	next := fmt.Sprintf("/api/v1/students/%d/practice/math/next", li.ID)
	taughtFigure := false
	for i := 0; i < 12; i++ {
		code, r := w.practice(kid, next, "")
		if code != 200 || r.Practice.Question == nil {
			t.Fatalf("practice next: %d %+v", code, r.Error)
		}
		if r.Practice.Teach != nil {
			_, page := w.do(kid, "GET", fmt.Sprintf("/students/%d/practice/math", li.ID), nil)
			if ex := r.Practice.Teach.Example; ex != nil && ex.Figure != nil {
				taughtFigure = true
				if !strings.Contains(page, `<figure class="figure"><svg`) {
					t.Errorf("teaching page for %s does not draw its example's figure", r.Practice.Teach.Point)
				}
			}
			if code, r = w.practice(kid, next, `{"understood":true}`); code != 200 || r.Practice.Question == nil || r.Practice.Teach != nil {
				t.Fatalf("after the teaching: %d %+v", code, r.Practice)
			}
		}
		q := r.Practice.Question
		resp, page := w.do(kid, "GET", fmt.Sprintf("/students/%d/practice/math", li.ID), nil)
		if resp.StatusCode != 200 || !strings.Contains(page, q.ItemID) {
			t.Fatalf("practice page for %s: %d", q.ItemID, resp.StatusCode)
		}
		if q.ItemID == "math.g3.frac.1" {
			if !strings.Contains(page, `<figure class="figure"><svg`) || !strings.Contains(page, `>Q</text>`) {
				t.Errorf("practice page does not draw the figure of %s", q.ItemID)
			}
			if !taughtFigure {
				t.Error("practice reached math.g3.frac.1 without teaching math.g3.frac and its example's figure")
			}
			return
		}
		w.practice(kid, fmt.Sprintf("/api/v1/students/%d/practice/math/answers", li.ID), fmt.Sprintf(`{"item":%q,"skip":true}`, q.ItemID))
	}
	t.Error("practice did not offer the figure item math.g3.frac.1 in 12 questions")
}
