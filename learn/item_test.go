package learn

import (
	"reflect"
	"strings"
	"testing"

	"github.com/zhixi-org/zhixi/content"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/curriculum/mathtpl"
)

// TestItemFromInstances: once a subject's items are listed, item returns
// its template instances from the list (not generated anew) equal to what
// the bank generates, and falls back to the bank for written items and
// other instances.
func TestItemFromInstances(t *testing.T) {
	bank, err := curriculum.Load(content.FS, curriculum.LoadOptions{Templates: mathtpl.All()})
	if err != nil {
		t.Skipf("shipped content does not load (content's own tests report it): %v", err)
	}
	s := NewService(nil, bank, nil)
	items, err := s.subjectItems("math")
	if err != nil {
		t.Fatal(err)
	}
	instances := 0
	for i := range items {
		id := items[i].ID
		got, ok := s.item(id)
		want, wok := bank.Item(id)
		if !ok || !wok || !reflect.DeepEqual(got, want) {
			t.Fatalf("item %s: %v %+v, the bank's %v %+v", id, ok, got, wok, want)
		}
		if strings.Contains(id, "#") {
			instances++
			if got != &items[i] {
				t.Fatalf("instance %s generated anew, not taken from the subject's list", id)
			}
		}
	}
	if instances == 0 {
		t.Fatal("the shipped maths has no template instances: the test checks nothing")
	}
	tpl := bank.Templates()[0].ID
	if got, ok := s.item(tpl + "#987654"); !ok || got.ID != tpl+"#987654" {
		t.Fatalf("an instance outside the list: %v %+v", ok, got)
	}
	if _, ok := s.item("no-such-item"); ok {
		t.Fatal("an unknown item was found")
	}
}
