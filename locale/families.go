package locale

// Keys of organisation and staff admin, family registration, invitations,
// the consent lifecycle and tablet sign-in.
func init() {
	add(map[string]string{
		"err.field_too_long":   "“%s”最多 %d 个字。",
		"err.field_control":    "“%s”含有不可见的控制字符，请删除后重试。",
		"err.not_supervisor":   "所选账号不是督学。",
		"err.room_communities": "请至少选择一个服务社区。",
	})
}
