package content_test

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/zhixi-org/zhixi/content"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/curriculum/mathtpl"
)

// TestShippedContent runs the content check over what the binary ships.
// The structural invariants must always hold; coverage (every point that
// needs items has at least three) is reported as its own subtest because
// it stays red while items are being written.
func TestShippedContent(t *testing.T) {
	bank, err := curriculum.Load(content.FS, curriculum.LoadOptions{Templates: mathtpl.All()})
	if err != nil {
		t.Fatalf("shipped content does not load:\n%v", err)
	}
	dirs, err := fs.Glob(content.FS, "*")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if _, ok := curriculum.Subjects[d]; !ok {
			t.Errorf("content/%s is not a known subject id", d)
		}
		if bank.Subject(d) == nil {
			t.Errorf("content/%s has no subject %s", d, d)
		}
		// A subject shipped as an outline (chapters only) has no graph yet.
		if s := bank.Subject(d); s != nil && len(s.KnowledgePoints) > 0 {
			if _, err := bank.Graph(d); err != nil {
				t.Errorf("subject %s: %v", d, err)
			}
		}
	}
	var coverage []curriculum.Problem
	for _, p := range bank.Validate(curriculum.ValidateOptions{}) {
		switch {
		case p.Warning:
			t.Logf("%s", p)
		case strings.Contains(p.Msg, "至少需要"):
			coverage = append(coverage, p)
		default:
			t.Errorf("%s", p)
		}
	}
	t.Run("coverage", func(t *testing.T) {
		for _, p := range coverage {
			t.Errorf("%s", p)
		}
	})
}
