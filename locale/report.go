package locale

// The 解读 report's sentences.
func init() {
	add(map[string]string{
		"report.state.mastered":        "已掌握",
		"report.state.not_mastered":    "未掌握",
		"report.state.uncertain":       "不确定",
		"report.outcome.correct":       "答对",
		"report.outcome.incorrect":     "答错",
		"report.outcome.skip":          "不会",
		"report.how.direct":            "直接考这个知识点",
		"report.how.dependent":         "答对了用到它的后续题目",
		"report.how.prerequisite":      "它需要的先修知识点答错了",
		"report.stopped.confident":     "每个知识点都已判断清楚，筛查自动结束。",
		"report.stopped.max_questions": "已达到题量上限，仍不确定的知识点会在练习中继续判断。",
		"report.stopped.student":       "学生提前结束了筛查，标为“不确定”的知识点还需要更多作答才能判断。",
		"report.stopped.no_items":      "题库中没有更多能提供信息的题目。",
		"report.chain":                 "因为'%s'还没掌握，%s也受影响。",
		"report.chain_alone":           "'%s'还没掌握，它是后面内容的基础。",
		"report.chain_more":            "等 %d 个知识点",
		"report.no_chapter":            "其他",
		"report.summary.counts":        "%s这次%s筛查共答了 %d 道题，我们判断了 %d 个知识点：已经掌握 %d 个，还没掌握 %d 个，还不确定 %d 个。",
		"report.summary.no_gaps":       "没有发现还没掌握的知识点，基础很扎实。",
		"report.summary.no_causes":     "还没掌握的知识点没有一个共同的根源，可以按学习路径逐个补上。",
		"report.summary.causes":        "问题主要出在 %d 个更早的知识点上：%s。先把它们补上，后面的内容会顺很多。",
		"report.summary.next":          "建议从'%s'开始学。",
		"report.kid.greeting":          "%s，你完成了 %d 道题，真棒！",
		"report.kid.cheer":             "每天进步一点点，你一定可以的！",
		"report.narrative_fallback":    "语言模型的文字没有通过核对（或超时），这里显示系统生成的文字。",
		"err.share_expired":            "这个分享链接已过期或无效，请让家人重新分享。",
		"err.interpretation_mode":      "请选择“当面”或“电话”。",
		"err.interpretation_date":      "日期格式应为 2026-12-05。",
		"err.report_not_ready":         "筛查还没有完成，完成后才有解读报告。",
		"err.pdf_unavailable":          "服务器上没有安装 Chromium，无法生成 PDF；请用“打印”页面，在浏览器中选择“另存为 PDF”。",
		"err.pdf_failed":               "生成 PDF 失败，请稍后再试，或用“打印”页面另存为 PDF。",
	})
}
