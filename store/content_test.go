package store_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

func float(f float64) *float64 { return &f }

// sampleSubject is a small maths subject with every content field used.
func sampleSubject(id string, items int) *curriculum.Subject {
	s := &curriculum.Subject{
		ID:   id,
		Name: "数学",
		Chapters: []curriculum.Chapter{
			{ID: id + ".g5.c1", Grade: 5, Name: "小数乘法", Outline: []string{"小数乘整数", "小数乘小数"}},
			{ID: id + ".g5.c2", Grade: 5, Name: "简易方程"},
		},
		KnowledgePoints: []curriculum.KnowledgePoint{
			{ID: id + ".kp1", Name: "小数乘整数", Grade: 5, Chapter: id + ".g5.c1", Explanation: "先按整数乘，再点小数点。"},
			{ID: id + ".kp2", Name: "小数乘小数", Grade: 5, Chapter: id + ".g5.c1", Prerequisites: []string{id + ".kp1"}},
		},
	}
	for i := range items {
		s.Items = append(s.Items, curriculum.Item{
			ID: fmt.Sprintf("%s.i%d", id, i), Type: curriculum.FillNumber,
			Stem: fmt.Sprintf("计算 $%d \\times 0.5$ = ?", i), Answer: fmt.Sprint(float64(i) * 0.5),
			KnowledgePoints: []string{id + ".kp1"},
			Check:           curriculum.CheckRule{Tolerance: "0.01", Synonyms: []string{"x"}},
			Difficulty:      float(0.3), Slip: float(0.1),
		})
	}
	return s
}

func TestContentImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx := ctxT(t)
		now := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
		_, err := db.Subject(ctx, "math")
		wantErr(t, err, zhixi.ENOTFOUND, "err.subject_not_found")

		subj := sampleSubject("math", 4)
		res, err := db.ImportSubject(ctx, subj, now)
		must(t, err)
		if want := (zhixi.ImportResult{KnowledgePointsAdded: 2, ItemsAdded: 4}); res != want {
			t.Errorf("first import = %+v, want %+v", res, want)
		}
		got, err := db.Subject(ctx, "math")
		must(t, err)
		if !reflect.DeepEqual(got, subj) {
			t.Errorf("Subject round trip:\n got %+v\nwant %+v", got, subj)
		}

		// Identical content: nothing changes.
		res, err = db.ImportSubject(ctx, sampleSubject("math", 4), now)
		must(t, err)
		if want := (zhixi.ImportResult{ItemsUnchanged: 4}); res != want {
			t.Errorf("re-import = %+v, want %+v", res, want)
		}
		if v, err := db.ItemVersion(ctx, "math.i1"); err != nil || v != 1 {
			t.Errorf("ItemVersion after re-import = %d, %v; want 1", v, err)
		}

		// Change one item's answer and one point's explanation, drop an
		// item, add one, reorder.
		changed := sampleSubject("math", 4)
		changed.Items[1].Answer = "0.50"
		changed.KnowledgePoints[1].Explanation = "积的小数位数等于因数小数位数之和。"
		changed.Items = append(changed.Items[:3], curriculum.Item{ID: "math.new", Type: curriculum.TrueFalse,
			Stem: "0.3×0.2=0.6", Answer: "false", KnowledgePoints: []string{"math.kp2"}})
		changed.Items[0], changed.Items[2] = changed.Items[2], changed.Items[0]
		res, err = db.ImportSubject(ctx, changed, now.Add(time.Hour))
		must(t, err)
		if want := (zhixi.ImportResult{KnowledgePointsChanged: 1, ItemsAdded: 1, ItemsChanged: 1, ItemsUnchanged: 2}); res != want {
			t.Errorf("changed import = %+v, want %+v", res, want)
		}
		got, err = db.Subject(ctx, "math")
		must(t, err)
		if !reflect.DeepEqual(got, changed) {
			t.Errorf("Subject after change:\n got %+v\nwant %+v", got, changed)
		}
		versionTests := []struct {
			item          string
			version       int
			answer        string
			code, key     string
			wantCurrentOK bool
		}{
			{"math.i1", 1, "0.5", "", "", true},
			{"math.i1", 2, "0.50", "", "", true},
			{"math.i1", 3, "", zhixi.ENOTFOUND, "err.item_not_found", true},
			{"math.i3", 1, "1.5", "", "", true}, // retired, still readable
			{"nope", 1, "", zhixi.ENOTFOUND, "err.item_not_found", false},
		}
		for _, tt := range versionTests {
			it, err := db.ItemAt(ctx, tt.item, tt.version)
			wantErr(t, err, tt.code, tt.key)
			if err == nil && it.Answer != tt.answer {
				t.Errorf("ItemAt(%s, %d).Answer = %q, want %q", tt.item, tt.version, it.Answer, tt.answer)
			}
			_, err = db.ItemVersion(ctx, tt.item)
			if (err == nil) != tt.wantCurrentOK {
				t.Errorf("ItemVersion(%s) error = %v", tt.item, err)
			}
		}
		if v, _ := db.ItemVersion(ctx, "math.i1"); v != 2 {
			t.Errorf("ItemVersion(math.i1) = %d, want 2", v)
		}
		// Every item, retired or not, at the version ItemVersion gives.
		all, err := db.ItemVersions(ctx)
		must(t, err)
		for id, v := range all {
			if one, err := db.ItemVersion(ctx, id); err != nil || one != v {
				t.Errorf("ItemVersions[%s] = %d, ItemVersion = %d, %v", id, v, one, err)
			}
		}
		if all["math.i1"] != 2 || all["math.i3"] != 1 {
			t.Errorf("ItemVersions = %v, want math.i1 at 2 and the retired math.i3 at 1", all)
		}

		// Restoring the retired item brings it back at its old version.
		res, err = db.ImportSubject(ctx, sampleSubject("math", 4), now)
		must(t, err)
		if want := (zhixi.ImportResult{KnowledgePointsChanged: 1, ItemsChanged: 1, ItemsUnchanged: 3}); res != want {
			t.Errorf("restore import = %+v, want %+v", res, want)
		}
		if v, _ := db.ItemVersion(ctx, "math.i1"); v != 3 {
			t.Errorf("ItemVersion(math.i1) after revert = %d, want 3 (a new version, old ones kept)", v)
		}
		if v, _ := db.ItemVersion(ctx, "math.i3"); v != 1 {
			t.Errorf("ItemVersion(math.i3) after restore = %d, want 1", v)
		}

		_, err = db.ImportSubject(ctx, sampleSubject("physics", 1), now)
		must(t, err)
		ids, err := db.SubjectIDs(ctx)
		must(t, err)
		if !reflect.DeepEqual(ids, []string{"math", "physics"}) {
			t.Errorf("SubjectIDs = %v", ids)
		}
	})
}

func TestContentImportErrors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx := ctxT(t)
		if _, err := db.ImportSubject(ctx, sampleSubject("math", 2), time.Now()); err != nil {
			t.Fatal(err)
		}

		dupItem := sampleSubject("bio", 2)
		dupItem.Items[1].ID = dupItem.Items[0].ID
		dupKP := sampleSubject("bio", 2)
		dupKP.KnowledgePoints[1].ID = dupKP.KnowledgePoints[0].ID
		noID := sampleSubject("bio", 2)
		noID.Items[0].ID = ""
		// A later item clashes with another subject: the whole import,
		// including the earlier items, must roll back.
		stolen := sampleSubject("bio", 3)
		stolen.Items[2].ID = "math.i1"

		tests := []struct {
			name      string
			s         *curriculum.Subject
			code, key string
		}{
			{"nil", nil, zhixi.EINVALID, "err.subject_id_required"},
			{"no id", &curriculum.Subject{}, zhixi.EINVALID, "err.subject_id_required"},
			{"duplicate item", dupItem, zhixi.EINVALID, "err.content_duplicate"},
			{"duplicate point", dupKP, zhixi.EINVALID, "err.content_duplicate"},
			{"item without id", noID, zhixi.EINVALID, "err.content_id_required"},
			{"item of another subject", stolen, zhixi.ECONFLICT, "err.item_other_subject"},
		}
		for _, tt := range tests {
			_, err := db.ImportSubject(ctx, tt.s, time.Now())
			wantErr(t, err, tt.code, tt.key)
		}
		_, err := db.Subject(ctx, "bio")
		wantErr(t, err, zhixi.ENOTFOUND, "err.subject_not_found")
		_, err = db.ItemVersion(ctx, "bio.i0")
		wantErr(t, err, zhixi.ENOTFOUND, "err.item_not_found")
	})
}

// BenchmarkImportSubject measures importing a 1000-item subject: the
// first import (all new) and a re-import with nothing changed.
func BenchmarkImportSubject(b *testing.B) {
	for _, engine := range storetest.Engines() {
		for _, mode := range []string{"new", "unchanged"} {
			b.Run(engine+"/"+mode, func(b *testing.B) {
				db := storetest.OpenEngine(b, engine)
				ctx := context.Background()
				i := 0
				subject := func() *curriculum.Subject {
					if mode == "new" {
						i++
					}
					return sampleSubject(fmt.Sprintf("s%d", i), 1000)
				}
				if _, err := db.ImportSubject(ctx, subject(), time.Now()); err != nil {
					b.Fatal(err)
				}
				for b.Loop() {
					if _, err := db.ImportSubject(ctx, subject(), time.Now()); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
