package locale

// Practice that follows the screening (issue 12): the learning-path
// reasons, the rests with what they offer, and the supervisor's
// above-grade choice.
func init() {
	add(map[string]string{
		"practice.path":         "学习路径：筛查发现这个知识点还没掌握，先学它",
		"practice.next_on_path": "学习路径上的下一个知识点（之前出过的题再练一次）",
		"practice.review_early": "提前复习：还没到复习时间，先检查一下",

		"practice.rest_all_mastered": "学习路径上的知识点都已掌握，下次复习在 %s。可以先提前复习一个已掌握的知识点。",
		"practice.rest_recent":       "这些知识点的题刚刚都练过了（同一道题至少隔 %d 题、%s 才会再出）。可以接着学学习路径上的下一个知识点，或者复习一个已掌握的知识点。",
		"practice.rest_no_items":     "还没掌握的知识点暂时没有可出的题，请督学安排。可以先复习一个已掌握的知识点。",
		"practice.offer_next":        "接着学：%s",
		"practice.offer_review":      "复习：%s",
		"practice.teach_done":        "我看懂了，开始练习",

		"practice.above_grade_on":  "允许练习高于本年级的知识点（督学已选择）",
		"practice.above_grade_off": "本年级及以下的知识点掌握之前，不练高于本年级的知识点",

		"err.no_teaching_pending": "现在没有要读的讲解，请直接做题。",
		"err.offer_invalid":       "不能这样继续练习：请从页面上的按钮中选一个。",
		"err.nothing_to_offer":    "现在没有可以继续练习或复习的知识点。",
		"msg.above_grade_saved":   "已保存这名学生的练习范围。",
	})
}
