package report

import (
	"slices"
	"time"

	"github.com/zhixi-org/zhixi/screening"
)

// Progress is what happened after the screening: per day the time spent
// answering and, per point practised, the share of right answers.
type Progress struct {
	Days   []Day
	Points []PointProgress
}

// Day is one day with answers in the subject since the screening.
type Day struct {
	Date    string // 2006-01-02, Beijing time
	Answers int
	Correct int
	// Minutes is the time from the first to the last answer of the day
	// (pauses over 15 minutes left out), an estimate of time on task.
	Minutes int
}

// PointProgress is one practised point: its state at the screening and
// the share answered right on each day of Progress.Days (-1 for a day
// without answers on it).
type PointProgress struct {
	ID, Name string
	Was      screening.State
	Share    []float64
	Answers  int
}

// beijing is UTC+8, the day boundary families and supervisors use.
var beijing = time.FixedZone("CST", 8*3600)

// maxPause is the longest gap between two answers still counted as time
// on task.
const maxPause = 15 * time.Minute

func progress(r *Report, in Input) Progress {
	byID := map[string]*Point{}
	for _, p := range r.Points {
		byID[p.ID] = p
	}
	var pr Progress
	dayAt := map[string]int{}
	type tally struct{ right, all int }
	perPoint := map[string]map[int]*tally{}
	var order []string
	var last time.Time
	for _, a := range in.Attempts {
		if a.Source == "screening" || a.At.Before(in.FinishedAt) {
			continue
		}
		if !slices.ContainsFunc(a.KnowledgePoints, func(id string) bool { return byID[id] != nil }) {
			continue // another subject
		}
		d := a.At.In(beijing).Format("2006-01-02")
		i, ok := dayAt[d]
		if !ok {
			i = len(pr.Days)
			dayAt[d] = i
			pr.Days = append(pr.Days, Day{Date: d})
			last = time.Time{}
		}
		day := &pr.Days[i]
		day.Answers++
		if a.Correct {
			day.Correct++
		}
		if gap := a.At.Sub(last); !last.IsZero() && gap <= maxPause {
			day.Minutes += int(gap.Round(time.Minute) / time.Minute)
		}
		last = a.At
		for _, id := range a.KnowledgePoints {
			if byID[id] == nil {
				continue
			}
			if perPoint[id] == nil {
				perPoint[id] = map[int]*tally{}
				order = append(order, id)
			}
			t := perPoint[id][i]
			if t == nil {
				t = &tally{}
				perPoint[id][i] = t
			}
			t.all++
			if a.Correct {
				t.right++
			}
		}
	}
	for _, id := range order {
		pp := PointProgress{ID: id, Name: byID[id].Name, Was: byID[id].State, Share: make([]float64, len(pr.Days))}
		for i := range pr.Days {
			pp.Share[i] = -1
			if t := perPoint[id][i]; t != nil {
				pp.Share[i] = float64(t.right) / float64(t.all)
				pp.Answers += t.all
			}
		}
		pr.Points = append(pr.Points, pp)
	}
	return pr
}
