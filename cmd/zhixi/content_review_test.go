package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhixi-org/zhixi/content"
	"github.com/zhixi-org/zhixi/curriculum"
)

func TestContentReview(t *testing.T) {
	out, stderr, err := runCmd(t, nil, "content", "review", "sample", "--subject", "math", "--n", "20", "--seed", "3")
	if err != nil {
		t.Fatalf("sample: %v\n%s", err, stderr)
	}
	again, _, _ := runCmd(t, nil, "content", "review", "sample", "--subject", "math", "--n", "20", "--seed", "3")
	if out != again {
		t.Error("the same seed drew another sample")
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 20 {
		t.Fatalf("sampled %d items, want 20", len(lines))
	}
	bank, err := curriculum.Load(content.FS, curriculum.LoadOptions{Templates: templates()})
	if err != nil {
		t.Fatal(err)
	}
	// The reviewer answers the first item with its key, the second with a
	// wrong choice or number, the third with a sentence.
	var answers []string
	for i, l := range lines[:3] {
		if strings.Contains(l, `"answer"`) {
			t.Fatalf("the sample shows the key: %s", l)
		}
		var ri reviewItem
		if err := json.Unmarshal([]byte(l), &ri); err != nil {
			t.Fatal(err)
		}
		it, ok := bank.Item(ri.ID)
		if !ok {
			t.Fatalf("sampled id %q is not an item", ri.ID)
		}
		ans := it.Answer
		switch i {
		case 1:
			ans = wrongAnswer(t, it)
		case 2:
			ans = "我觉得这道题有点难"
		}
		b, _ := json.Marshal(reviewAnswer{ID: ri.ID, Answer: ans})
		answers = append(answers, string(b))
	}
	file := filepath.Join(t.TempDir(), "answers.jsonl")
	if err := os.WriteFile(file, []byte(strings.Join(answers, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, stderr, err = runCmd(t, nil, "content", "review", "score", file)
	if err != nil {
		t.Fatalf("score: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, "数学: 3 items, 1 agree, ") {
		t.Errorf("score printed %q", out)
	}
	if strings.Count(out, "评审答") != 2 {
		t.Errorf("want the two items not agreed listed, got %q", out)
	}
	if _, _, err := runCmd(t, nil, "content", "review", "sample", "--subject", "latin"); err == nil {
		t.Error("an unknown subject was sampled")
	}
}

// wrongAnswer gives a well-formed answer the checker marks wrong.
func wrongAnswer(t *testing.T, it *curriculum.Item) string {
	t.Helper()
	for _, cand := range []string{"A", "B", "C", "D", "对", "错", "0", "1", "-7", "x", "9999"} {
		if v, err := curriculum.Check(it, cand); err == nil && !v.Correct && !v.Malformed {
			return cand
		}
	}
	t.Fatalf("no wrong answer found for %s", it.ID)
	return ""
}
