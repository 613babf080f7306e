package locale

import (
	"fmt"
	"time"
)

// The answer path: screening and practice errors, the practice engine's
// reason and attention codes ("practice."+code) and the screening's stop
// reasons ("screening.stopped."+code).
func init() {
	add(map[string]string{
		"err.screening_exists":        "这名学生的免费筛查已经开始或已经完成。",
		"err.screening_other_subject": "这名学生的免费筛查已用于%v（第 %v 号），每人只有一次。",
		"err.screening_not_eligible":  "免费筛查面向 %d～%d 年级的学生，这名学生是 %d 年级。",
		"err.screening_no_room":       "这名学生所在的社区还没有智习室为它服务，暂时不能做免费筛查。请社区工作人员确认学生的社区，或联系运营方开通服务。",
		"err.answer_duplicate":        "这次作答已经记录过了。",
		"err.answer_id_invalid":       "作答编号不正确：最多 64 个字母、数字或 -、_。",
		"err.practice_not_started":    "还没有开始这个学科的练习，请先点“开始练习”。",

		"practice.review":                           "复习：距上次练习 %s",
		"practice.relearn":                          "重新学习：复习时答错，需要再次掌握",
		"practice.continue":                         "继续练习：掌握概率 %d%%，预计答对 %d%%",
		"practice.new_root":                         "新知识：没有前置要求",
		"practice.new":                              "新知识：前置知识已掌握",
		"practice.prerequisite":                     "回到先修：“%s”错得较多，先巩固“%s”",
		"practice.prerequisite_counts":              "回到先修：“%s”最近 %d 题错了 %d 题，先巩固“%s”",
		"practice.attention_no_prerequisite":        "“%s”最近 %d 题错了 %d 题，没有更基础的先修知识点，请督学讲解",
		"practice.attention_prerequisites_mastered": "“%s”最近 %d 题错了 %d 题，先修知识点都已扎实掌握，请督学讲解",
		"practice.rest":                             "现在没有需要练习的内容：已掌握的知识点还没到复习时间。",
		"practice.rule": "掌握标准：系统估计的掌握概率达到 %d%%，并且这个知识点最近 %d 题都答对。" +
			"掌握后按 %s 的间隔安排复习，每次复习答对，间隔就变长；复习答错，这个知识点回到学习状态。" +
			"同一个知识点最近 %d 题错了 %d 题，先回到它最薄弱的先修知识点。",

		"screening.stopped.confident":     "每个知识点都已判断清楚，筛查自动结束。",
		"screening.stopped.max_questions": "已达到题量上限，仍不确定的知识点会在练习中继续判断。",
		"screening.stopped.student":       "学生提前结束了筛查，标为“不确定”的知识点还需要更多作答才能判断。",
		"screening.stopped.no_items":      "题库中没有更多能提供信息的题目。",
		"msg.screening_paused":            "答题少于规定题数，筛查没有结束，免费筛查名额仍然保留，可以随时继续。",
	})
}

// Span says a duration the way the board does: whole days, else whole
// hours, else minutes.
func Span(d time.Duration) string {
	switch {
	case d >= 24*time.Hour:
		return fmt.Sprintf("%d 天", int(d/(24*time.Hour)))
	case d >= time.Hour:
		return fmt.Sprintf("%d 小时", int(d/time.Hour))
	}
	return fmt.Sprintf("%d 分钟", int(d/time.Minute))
}
