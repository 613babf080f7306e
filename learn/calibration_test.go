package learn_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi/kt"
	"github.com/zhixi-org/zhixi/learn"
)

// The screening reads the nightly item calibration: an item flagged as a
// probable wrong key or ambiguous stem is not asked.
func TestScreeningUsesCalibration(t *testing.T) {
	svc, db, admin, st := setup(t)
	ctx := context.Background()
	var params []kt.ItemParams
	for _, id := range []string{"math.g1.count.2", "math.g1.count.3", "math.g1.count.4", "math.g1.count.5", "math.g1.add.2"} {
		params = append(params, kt.ItemParams{Item: id, Slip: 0.6, Guess: 0.3, Answers: 40, Correct: 12, Suspect: true})
	}
	params = append(params, kt.ItemParams{Item: "math.g1.count.1", Slip: 0.05, Guess: 0.2, Answers: 80, Correct: 60})
	raw, err := json.Marshal(params)
	must(t, err)
	must(t, db.SaveModel(ctx, learn.ModelItemParams, raw, time.Now()))
	v, err := svc.StartScreening(ctx, admin, st.ID, "math")
	must(t, err)
	allowed := map[string]string{"math.g1.count.1": "4", "math.g1.add.1": "5"}
	asked := 0
	for v.Question != nil {
		r, ok := allowed[v.Question.ItemID]
		if !ok {
			t.Fatalf("asked %s, which the calibration flags", v.Question.ItemID)
		}
		asked++
		v, err = svc.Answer(ctx, admin, v.ID, learn.AnswerInput{Version: v.Version, Item: v.Question.ItemID, Response: r})
		must(t, err)
	}
	if asked == 0 {
		t.Fatal("nothing was asked")
	}
}
