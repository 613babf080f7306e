package locale

// Account safety, passwords, text limits and data rights.
func init() {
	add(map[string]string{
		"err.login_wait_seconds": "尝试次数过多，请在 %d 秒后再试。在以前登录过的设备上可以直接登录。",
		"err.text_invalid":       "输入的文字含有无法保存的字符（如不可见的控制字符），请删除后重新输入。",
		"err.password_common":    "这个密码太常见，容易被猜中，请换一个。",
		"err.password_current":   "当前密码不正确。",
		"err.password_confirm":   "两次输入的新密码不一致。",
		"err.reset_code_invalid": "重置码不正确、已过期或已经用过，请向社区工作人员重新领取。",
		"err.erased":             "这名学生的个人信息已按监护人的要求删除。",
		"err.deletion_guardian":  "只有学生的监护人可以申请删除。",
		"err.deletion_pending":   "已经提交过删除申请，正在等待社区工作人员确认。",
		"err.deletion_none":      "这名学生没有待确认的删除申请。",
		"err.deletion_confirm":   "请输入学生的姓名以确认删除。",
		"msg.password_changed":   "密码已修改，其他设备上的登录已退出。",
		"msg.password_reset":     "密码已重置，请用新密码登录。",
		"msg.unlocked":           "已解除这个账号的登录限制。",
		"msg.not_locked":         "这个账号目前没有登录限制。",
		"msg.deletion_requested": "删除申请已提交，社区工作人员确认后将删除孩子的个人信息。",
		"msg.deletion_done":      "已删除这名学生的个人信息，只保留匿名统计。",
	})
}
