package locale

// The ops helper's messages: the compliance report's Excel file and the
// guardians' activity page.
func init() {
	add(map[string]string{
		"compliance.title":              "%d 年未成年人个人信息保护合规报告",
		"compliance.sheet.summary":      "概要",
		"compliance.sheet.versions":     "同意（按告知书版本）",
		"compliance.sheet.roles":        "访问日志（按角色）",
		"compliance.item":               "项目",
		"compliance.count":              "次数",
		"compliance.consents_given":     "监护人同意",
		"compliance.consents_withdrawn": "撤回同意",
		"compliance.on_paper":           "其中纸质同意",
		"compliance.exports":            "数据导出",
		"compliance.deletion_requests":  "删除申请",
		"compliance.deletions":          "删除学生数据",
		"compliance.retention_runs":     "到期清理运行",
		"compliance.version":            "告知书版本",
		"compliance.version_n":          "第 %d 版",
		"compliance.role":               "角色",
		"compliance.reads":              "查看",
		"compliance.changes":            "新建/修改/删除",
		"compliance.other":              "其他（登录、导出等）",
		"compliance.role.student":       "学生",
		"compliance.role.guardian":      "监护人",
		"compliance.role.supervisor":    "督学",
		"compliance.role.staff":         "社区工作人员",
		"compliance.role.admin":         "公司管理员",
		"compliance.role.street_viewer": "街道查看",
		"compliance.role.system":        "系统",
		"msg.activity_registered":       "报名已提交：有名额就是“已报名”，名额满了就在候补名单上，有人取消时按顺序递补。",
		"msg.activity_cancelled":        "已取消报名。",
	})
}
