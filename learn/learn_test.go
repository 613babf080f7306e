package learn_test

import (
	"context"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/learn"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

const fixture = `subject: math
name: 数学
knowledge_points:
  - {id: math.g1.count, name: 数数, grade: 1}
  - {id: math.g1.add, name: 加法, grade: 1, prerequisites: [math.g1.count]}
items:
  - {id: math.g1.count.1, type: fill_number, stem: "数一数：3 个苹果再添 1 个是几个？", answer: "4", knowledge_points: [math.g1.count]}
  - {id: math.g1.count.2, type: true_false, stem: "5 比 3 多。", answer: 对, knowledge_points: [math.g1.count]}
  - {id: math.g1.count.3, type: fill_number, stem: "数一数：2 个梨再添 2 个是几个？", answer: "4", knowledge_points: [math.g1.count]}
  - {id: math.g1.count.4, type: fill_number, stem: "数一数：1 个桃再添 5 个是几个？", answer: "6", knowledge_points: [math.g1.count]}
  - {id: math.g1.count.5, type: fill_number, stem: "数一数：6 只鸟飞走 1 只还剩几只？", answer: "5", knowledge_points: [math.g1.count]}
  - {id: math.g1.add.1, type: fill_number, stem: "2+3=?", answer: "5", knowledge_points: [math.g1.add]}
  - {id: math.g1.add.2, type: fill_number, stem: "4+4=?", answer: "8", knowledge_points: [math.g1.add]}
`

// chineseFixture is a second subject, for the one-in-total entitlement.
const chineseFixture = `subject: chinese
name: 语文
knowledge_points:
  - {id: chinese.g1.pinyin, name: 拼音, grade: 1}
items:
  - {id: chinese.g1.pinyin.1, type: true_false, stem: "“妈”的声母是 m。", answer: 对, knowledge_points: [chinese.g1.pinyin]}
  - {id: chinese.g1.pinyin.2, type: true_false, stem: "“爸”的声母是 p。", answer: 错, knowledge_points: [chinese.g1.pinyin]}
`

// world is a street with one community, a room serving it, an admin and a
// guardian, over a store synced with a bank.
type world struct {
	db        *store.DB
	community int64
	admin     *zhixi.User
	guardian  *zhixi.User
}

func newWorld(tb testing.TB, db *store.DB, bank *curriculum.Bank) *world {
	tb.Helper()
	ctx := context.Background()
	if _, err := learn.SyncContent(ctx, db, bank, time.Now()); err != nil {
		tb.Fatal(err)
	}
	street := &zhixi.Street{Name: "开源街道"}
	must(tb, db.CreateStreet(ctx, street))
	c := &zhixi.Community{StreetID: street.ID, Name: "民和社区"}
	must(tb, db.CreateCommunity(ctx, c))
	must(tb, db.CreateRoom(ctx, &zhixi.Room{CommunityID: c.ID, Name: "AI智习室", Seats: 12, Communities: []int64{c.ID}}))
	w := &world{db: db, community: c.ID,
		admin:    &zhixi.User{Username: "admin", DisplayName: "管理员", Role: zhixi.RoleAdmin, PasswordHash: "x"},
		guardian: &zhixi.User{Username: "g", DisplayName: "家长", Role: zhixi.RoleGuardian, PasswordHash: "x"}}
	must(tb, db.CreateUser(ctx, w.admin))
	must(tb, db.CreateUser(ctx, w.guardian))
	return w
}

// child registers a student of grade in the world's community, the
// guardian's child, with the guardian's consent given at consentAt.
func (w *world) child(tb testing.TB, name string, grade int, consentAt time.Time) *zhixi.Student {
	tb.Helper()
	ctx := context.Background()
	st := &zhixi.Student{CommunityID: w.community, Name: name, Grade: grade, BirthMonth: time.Date(time.Now().Year()-grade-6, 9, 1, 0, 0, 0, 0, time.UTC)}
	must(tb, w.db.CreateStudent(ctx, st))
	must(tb, w.db.LinkGuardian(ctx, st.ID, w.guardian.ID, "母亲"))
	must(tb, w.db.RecordConsent(ctx, st.ID, w.guardian.ID, consentAt))
	st, err := w.db.Student(ctx, st.ID)
	must(tb, err)
	return st
}

// setup returns a service over a store holding the fixture and one
// consenting grade-1 student, and the admin acting.
func setup(t *testing.T) (*learn.Service, *store.DB, *zhixi.User, *zhixi.Student) {
	t.Helper()
	return setupOn(t, storetest.Open(t))
}

// setupOn is setup over db, for tests that run on every engine.
func setupOn(t *testing.T, db *store.DB) (*learn.Service, *store.DB, *zhixi.User, *zhixi.Student) {
	t.Helper()
	bank := testBank(t)
	w := newWorld(t, db, bank)
	st := w.child(t, "小明", 1, time.Now())
	return learn.NewService(w.db, bank, nil), w.db, w.admin, st
}

// testBank loads the fixture's two subjects.
func testBank(t *testing.T) *curriculum.Bank {
	t.Helper()
	bank, err := curriculum.Load(fstest.MapFS{"math/g1.yaml": {Data: []byte(fixture)}, "chinese/g1.yaml": {Data: []byte(chineseFixture)}})
	if err != nil {
		t.Fatal(err)
	}
	return bank
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// Two tablets answer the same question at once: one answer counts, the
// other is refused, and the log has exactly one attempt.
func TestConcurrentScreeningAnswers(t *testing.T) {
	svc, db, admin, st := setup(t)
	ctx := context.Background()
	v, err := svc.StartScreening(ctx, admin, st.ID, "math")
	must(t, err)
	q := v.Question
	answers := fixtureAnswers
	const n = 6
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, errs[i] = svc.Answer(ctx, admin, v.ID, learn.AnswerInput{Version: v.Version, Item: q.ItemID, Response: answers[q.ItemID]})
		})
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case zhixi.ErrorCode(err) == zhixi.ECONFLICT || zhixi.ErrorCode(err) == zhixi.EINVALID:
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d of %d concurrent answers were accepted, want 1", ok, n)
	}
	atts, err := db.Attempts(ctx, st.ID)
	must(t, err)
	if len(atts) != 1 {
		t.Fatalf("%d attempts stored for one question", len(atts))
	}
}

// A response that is not an answer (a unit the item does not take, a
// sentence) is sent back with the checker's reason; nothing is recorded and
// the same question waits.
func TestMalformedAnswerIsNotCounted(t *testing.T) {
	svc, db, admin, st := setup(t)
	ctx := context.Background()
	v, err := svc.StartScreening(ctx, admin, st.ID, "math")
	must(t, err)
	for v.Question.ItemID == "math.g1.count.2" { // the true/false item takes any word as 对/错 or not
		v, err = svc.Answer(ctx, admin, v.ID, learn.AnswerInput{Version: v.Version, Item: v.Question.ItemID, Response: "对"})
		must(t, err)
	}
	for _, resp := range []string{"5N", "我不会算这道题"} {
		_, err := svc.Answer(ctx, admin, v.ID, learn.AnswerInput{Version: v.Version, Item: v.Question.ItemID, Response: resp})
		if key, _ := zhixi.ErrorKey(err); zhixi.ErrorCode(err) != zhixi.EINVALID || key != "err.answer_malformed" {
			t.Fatalf("answer %q: %v, want EINVALID err.answer_malformed", resp, err)
		}
	}
	atts, err := db.Attempts(ctx, st.ID)
	must(t, err)
	for _, a := range atts {
		if a.ItemID == v.Question.ItemID {
			t.Fatalf("a malformed answer was recorded: %+v", a)
		}
	}
	right := map[string]string{"math.g1.count.1": "4", "math.g1.add.1": "5", "math.g1.add.2": "8"}
	again, err := svc.Answer(ctx, admin, v.ID, learn.AnswerInput{Version: v.Version, Item: v.Question.ItemID, Response: right[v.Question.ItemID]})
	must(t, err)
	if again.Version == v.Version {
		t.Fatal("a real answer after a malformed one was not recorded")
	}
}

// Several tablets open practice at once: all show one question, stored
// once.
func TestConcurrentPracticeStart(t *testing.T) {
	svc, db, admin, st := setup(t)
	ctx := context.Background()
	v, err := svc.StartScreening(ctx, admin, st.ID, "math")
	must(t, err)
	for v.Status == "active" {
		v, err = svc.Answer(ctx, admin, v.ID, learn.AnswerInput{Version: v.Version, Item: v.Question.ItemID, Skip: true})
		must(t, err)
	}
	const n = 5
	got := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			p, err := svc.StartPractice(ctx, admin, st.ID, "math")
			if err != nil {
				t.Error(err)
				return
			}
			got[i] = p.Question.ItemID
		})
	}
	wg.Wait()
	for _, id := range got {
		if id != got[0] || id == "" {
			t.Fatalf("concurrent starts showed different questions: %v", got)
		}
	}
	ps, err := db.PracticeState(ctx, st.ID, "math")
	must(t, err)
	if ps.Version != 1 {
		t.Fatalf("practice state stored %d times", ps.Version)
	}
}

// TestScreeningNeedsARoom: the free screening is for children of the
// communities a room serves; a child registered in a community no room
// serves yet is refused with the reason, and can start once a room
// serves it.
func TestScreeningNeedsARoom(t *testing.T) {
	svc, db, admin, st := setup(t)
	ctx := context.Background()
	c := &zhixi.Community{StreetID: 0, Name: "新建社区"}
	comms, err := db.Communities(ctx, 0)
	must(t, err)
	for _, k := range comms {
		if k.ID == st.CommunityID {
			c.StreetID = k.StreetID
		}
	}
	must(t, db.CreateCommunity(ctx, c))
	kid := &zhixi.Student{CommunityID: c.ID, Name: "小新", Grade: 1, BirthMonth: time.Date(2019, 9, 1, 0, 0, 0, 0, time.UTC)}
	must(t, db.CreateStudent(ctx, kid))
	g := &zhixi.User{Username: "g2", DisplayName: "家长", Role: zhixi.RoleGuardian, PasswordHash: "x"}
	must(t, db.CreateUser(ctx, g))
	must(t, db.LinkGuardian(ctx, kid.ID, g.ID, "父亲"))
	must(t, db.RecordConsent(ctx, kid.ID, g.ID, time.Now()))
	_, err = svc.StartScreening(ctx, admin, kid.ID, "math")
	if key, _ := zhixi.ErrorKey(err); zhixi.ErrorCode(err) != zhixi.EFORBIDDEN || key != "err.screening_no_room" {
		t.Fatalf("a child of a community no room serves: %v, want err.screening_no_room", err)
	}
	must(t, db.CreateRoom(ctx, &zhixi.Room{CommunityID: c.ID, Name: "新建社区智习室", Seats: 8, Communities: []int64{c.ID}}))
	if v, err := svc.StartScreening(ctx, admin, kid.ID, "math"); err != nil || v.Question == nil {
		t.Fatalf("once a room serves the community: %+v, %v", v, err)
	}
}
