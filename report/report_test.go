package report

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/content"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/curriculum/mathtpl"
	"github.com/zhixi-org/zhixi/screening"
)

var (
	bankOnce sync.Once
	bank     *curriculum.Bank
	bankErr  error
)

func shipped(t *testing.T) *curriculum.Bank {
	t.Helper()
	bankOnce.Do(func() { bank, bankErr = curriculum.Load(content.FS, curriculum.LoadOptions{Templates: mathtpl.All()}) })
	if bankErr != nil {
		t.Fatal(bankErr)
	}
	return bank
}

// fixture is a grade 1 screening where 10以内的加法 is the root cause of a
// failed word problem and of 20以内的进位加法.
func fixture(t *testing.T) Input {
	t.Helper()
	b := shipped(t)
	word := b.ItemsFor("math.g1.add_sub_word")[0].ID
	add := b.ItemsFor("math.g1.add_within10")[0].ID
	count := b.ItemsFor("math.g1.count")[0].ID
	states := map[string]screening.State{
		"math.g1.count": screening.Mastered, "math.g1.num_within10": screening.Mastered, "math.g1.zero": screening.Mastered,
		"math.g1.compose_decompose": screening.Mastered, "math.g1.add_within10": screening.NotMastered,
		"math.g1.add_sub_word": screening.NotMastered, "math.g1.add_carry_20": screening.NotMastered,
		"math.g1.sub_within10": screening.Uncertain,
	}
	res := &screening.Result{Questions: 3, Stopped: screening.StopConfident,
		ReadyToLearn: []string{"math.g1.add_within10"},
		RootCauses:   []screening.RootCause{{ID: "math.g1.add_within10", P: .1, Explains: []string{word, add}}}}
	for id, st := range states {
		pr := screening.PointResult{ID: id, State: st, P: .5}
		switch id {
		case "math.g1.add_within10":
			pr.Evidence.Direct = []screening.Response{{Item: add, Outcome: screening.Incorrect}}
		case "math.g1.count":
			pr.Evidence.Direct = []screening.Response{{Item: count, Outcome: screening.Correct}}
		default:
			pr.Evidence.PriorOnly = true
		}
		res.KnowledgePoints = append(res.KnowledgePoints, pr)
	}
	done := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	atts := []zhixi.Attempt{
		{ItemID: count, Response: "7", Correct: true, Source: "screening", SessionID: 9, At: done.Add(-3 * time.Minute)},
		{ItemID: add, Response: "8", Source: "screening", SessionID: 9, At: done.Add(-2 * time.Minute)},
		{ItemID: word, Skipped: true, Source: "screening", SessionID: 9, At: done.Add(-time.Minute)},
		{ItemID: add, KnowledgePoints: []string{"math.g1.add_within10"}, Correct: false, Source: "practice", At: done.Add(24 * time.Hour)},
		{ItemID: add, KnowledgePoints: []string{"math.g1.add_within10"}, Correct: true, Source: "practice", At: done.Add(24*time.Hour + 4*time.Minute)},
		{ItemID: add, KnowledgePoints: []string{"math.g1.add_within10"}, Correct: true, Source: "practice", At: done.Add(48 * time.Hour)},
	}
	visits := []zhixi.Attendance{{CheckedInAt: done.Add(24*time.Hour - 10*time.Minute), Minutes: 50},
		{CheckedInAt: done.Add(72 * time.Hour), Minutes: 30}}
	return Input{Student: &zhixi.Student{ID: 3, Name: "王小明", Grade: 1}, Subject: "math", ScreeningID: 9,
		FinishedAt: done, Result: res, Content: b, Attempts: atts, Visits: visits}
}

func TestBuild(t *testing.T) {
	r := Build(fixture(t))
	if r.StudentName != "王小明" || r.SubjectName != "数学" || r.Questions != 3 {
		t.Errorf("header: %s %s %d", r.StudentName, r.SubjectName, r.Questions)
	}
	if r.Mastered != 4 || r.NotMastered != 3 || r.Uncertain != 1 {
		t.Errorf("counts %d/%d/%d, want 4/3/1", r.Mastered, r.NotMastered, r.Uncertain)
	}
	if len(r.Causes) != 1 {
		t.Fatalf("causes %d, want 1", len(r.Causes))
	}
	c := r.Causes[0]
	want := "因为'10以内的加法'还没掌握，'加减法解决简单问题''20以内的进位加法'也受影响。"
	if c.Sentence != want {
		t.Errorf("chain sentence\n got %s\nwant %s", c.Sentence, want)
	}
	if len(c.Failed) != 2 || c.Failed[0].Response != "" || c.Failed[0].Outcome != screening.Skip || c.Failed[1].Response != "8" {
		t.Errorf("failed answers %+v: want the word problem skipped and the sum answered 8", c.Failed)
	}
	if !strings.Contains(r.Summary[0], "王小明") || !strings.Contains(strings.Join(r.Summary, ""), "'10以内的加法'") {
		t.Errorf("summary %q names neither the child nor the cause", r.Summary)
	}
	if len(r.Kid.Can) != 4 || len(r.Kid.Next) != 1 || r.Kid.Next[0] != "10以内的加法" {
		t.Errorf("kid version %+v", r.Kid)
	}
	var words []string
	for _, s := range append(r.Kid.Can, r.Kid.Greeting, r.Kid.Cheer) {
		words = append(words, s)
	}
	if strings.Contains(strings.Join(words, ""), "未掌握") {
		t.Errorf("the child's version says 未掌握: %v", words)
	}
	var total int
	for _, ch := range r.Chapters {
		total += ch.Total()
	}
	if total != 8 {
		t.Errorf("chapters count %d points, want 8", total)
	}
	if d := r.Progress.Days; len(d) != 3 || d[0].Answers != 2 || d[0].Minutes != 4 || d[0].RoomMinutes != 50 || d[2].RoomMinutes != 30 || d[2].Answers != 0 {
		t.Errorf("progress days %+v, want three days: 2 answers 4 minutes apart in 50 minutes in the room, 1 answer, a visit without answers", d)
	}
	if p := r.Progress.Points; len(p) != 1 || p[0].Share[0] != .5 || p[0].Share[1] != 1 || p[0].Share[2] != -1 {
		t.Errorf("point progress %+v, want 10以内的加法 at 50%% then 100%%", p)
	}
}

func TestChainSentence(t *testing.T) {
	for _, tt := range []struct {
		cause    string
		affected []string
		want     string
	}{
		{"分数的加减法", []string{"分数乘除法", "一元一次方程"}, "因为'分数的加减法'还没掌握，'分数乘除法''一元一次方程'也受影响。"},
		{"A", nil, "'A'还没掌握，它是后面内容的基础。"},
		{"A", []string{"B", "C", "D", "E"}, "因为'A'还没掌握，'B''C''D'等 4 个知识点也受影响。"},
	} {
		if got := ChainSentence(tt.cause, tt.affected); got != tt.want {
			t.Errorf("ChainSentence(%s, %v) = %s, want %s", tt.cause, tt.affected, got, tt.want)
		}
	}
}

func TestShareLink(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	now := time.Unix(1_800_000_000, 0)
	tok := SignShare(key, 42, now.Add(ShareTTL))
	if id, _, err := VerifyShare(key, tok, now.Add(ShareTTL-time.Second)); err != nil || id != 42 {
		t.Errorf("fresh link: id %d err %v", id, err)
	}
	if _, _, err := VerifyShare(key, tok, now.Add(ShareTTL)); err != ErrBadLink {
		t.Errorf("expired link: err %v, want ErrBadLink", err)
	}
	if _, _, err := VerifyShare([]byte("another key"), tok, now); err != ErrBadLink {
		t.Errorf("link checked with another key: err %v", err)
	}
	b := []byte(tok)
	b[3] ^= 1
	if _, _, err := VerifyShare(key, string(b), now); err != ErrBadLink {
		t.Errorf("altered link: err %v", err)
	}
	if _, _, err := VerifyShare(key, "short", now); err != ErrBadLink {
		t.Errorf("malformed link: err %v", err)
	}
}

func FuzzVerifyShare(f *testing.F) {
	key := []byte("k")
	f.Add(SignShare(key, 1, time.Unix(2_000_000_000, 0)))
	f.Add("")
	f.Fuzz(func(t *testing.T, tok string) {
		id, _, err := VerifyShare(key, tok, time.Unix(1_800_000_000, 0))
		if err == nil && SignShare(key, id, time.Unix(2_000_000_000, 0)) != tok {
			// Only a correctly signed token may verify.
			t.Errorf("token %q verified as %d but is not the signed one", tok, id)
		}
	})
}

// TestBuildNamesCrossSubjectFoundations: a physics root cause that rests
// on a maths point names it, though screening asked physics only.
func TestBuildNamesCrossSubjectFoundations(t *testing.T) {
	b := shipped(t)
	res := &screening.Result{Questions: 1, Stopped: screening.StopConfident,
		RootCauses: []screening.RootCause{{ID: "physics.g8.speed", P: .1}},
		KnowledgePoints: []screening.PointResult{
			{ID: "physics.g8.speed", State: screening.NotMastered, P: .1},
			{ID: "physics.g8.length_time", State: screening.Mastered, P: .9},
		}}
	r := Build(Input{Student: &zhixi.Student{ID: 3, Name: "王小明", Grade: 8}, Subject: "physics", ScreeningID: 9,
		FinishedAt: time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC), Result: res, Content: b})
	if len(r.Causes) != 1 {
		t.Fatalf("causes %d, want 1", len(r.Causes))
	}
	if f := r.Causes[0].Foundations; len(f) != 1 || f[0] != "数学·比的意义" {
		t.Errorf("foundations %q, want [数学·比的意义]", f)
	}
	for _, p := range r.Points {
		for _, q := range p.Prerequisites {
			if !strings.HasPrefix(q, "physics.") {
				t.Errorf("the physics knowledge map has an edge from %s", q)
			}
		}
	}
}
