package locale

// The room board's messages.
func init() {
	add(map[string]string{
		"err.note_too_long":          "备注最多 %d 个字。",
		"err.board_done":             "这条求助或提醒已经处理过了。",
		"board.activity.screening":   "筛查中",
		"board.activity.practice":    "练习中",
		"board.activity.idle":        "空闲",
		"board.alert.idle":           "已经 %s 分钟没有作答",
		"board.alert.wrong_run":      "连续答错 %s 题",
		"board.alert.attention":      "练习需要督学帮助：“%s”反复答错，请过去讲解",
		"board.alert.screening_done": "筛查已完成，可以为家长解读",
		"board.mode.in_person":       "当面",
		"board.mode.phone":           "电话",
		"msg.hand_raised":            "已经举手求助，督学马上就来。",
		"msg.interpretation_saved":   "解读记录已保存。",
	})
}
