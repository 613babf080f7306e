package locale

// Keys of organisation and staff admin, family registration, invitations,
// the consent lifecycle and tablet sign-in.
func init() {
	add(map[string]string{
		"err.field_too_long":     "“%s”最多 %d 个字。",
		"err.field_control":      "“%s”含有不可见的控制字符，请删除后重试。",
		"err.not_supervisor":     "所选账号不是督学。",
		"err.not_a_number":       "“%s”应为数字，收到“%s”。",
		"err.staff_role":         "这里只能创建工作人员、督学、街道查看和公司管理员账号；学生和监护人通过家庭登记加入。",
		"err.disable_self":       "不能停用自己正在使用的账号。",
		"err.username_chars":     "用户名只能包含英文字母、数字和 _ - . 符号。",
		"err.username_short":     "用户名至少 3 个字符。",
		"err.password_too_short": "密码至少 %d 个字符。",
	})
}
