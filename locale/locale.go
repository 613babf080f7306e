// Package locale is the zh-CN message catalogue: every key an error, an
// engine reason or a page names turns into Chinese text here, so engines
// and stores speak in codes and only this package speaks Chinese.
//
// Each capability keeps its keys in a file of its own in this package,
// adding them with add from an init function.
package locale

import (
	"fmt"
	"strings"
)

// messages is the zh-CN catalogue. The UI is Chinese first;
// the JSON API returns the stable code and key besides the message, so a
// client in another language can translate the key itself.
var messages = map[string]string{
	"err.internal":                "服务器内部错误，请稍后再试；如果一直出现，请联系管理员。",
	"err.unavailable":             "数据库暂时不可用，请稍后再试。",
	"err.not_found":               "找不到这条记录，或您没有查看它的权限。",
	"err.forbidden":               "您没有权限进行这个操作。",
	"err.login_required":          "请先登录。",
	"err.session_expired":         "登录已过期，请重新登录。",
	"err.bad_credentials":         "用户名或密码不正确。",
	"err.login_locked":            "尝试次数过多，账号或网络已被暂时锁定，请在 %d 分钟后再试。",
	"err.account_disabled":        "该账号已停用，请联系社区工作人员。",
	"err.bad_form":                "表单格式不正确：%s",
	"err.bad_json":                "JSON 格式不正确：%s",
	"err.bad_id":                  "编号“%s”不正确，应为正整数。",
	"err.field_required":          "请填写“%s”。",
	"err.name_required":           "请填写名称。",
	"err.invalid_grade":           "年级应为 1 到 12 之间的整数。",
	"err.invalid_birth":           "出生年月格式应为 2014-09。",
	"err.username_taken":          "用户名已被使用，请换一个。",
	"err.duplicate":               "已存在同名记录。",
	"err.version_conflict":        "记录已被他人修改，请刷新后重试。",
	"err.access_changed":          "账号或学生的信息刚有变动，这次作答没有保存，请再提交一次。",
	"err.not_guardian":            "该账号不是这名学生的监护人。",
	"err.consent_guardian":        "只有学生的监护人可以签署同意书。",
	"err.method_not_allowed":      "不支持这种请求方式。",
	"err.content_not_loaded":      "课程内容没有载入。",
	"err.street_not_found":        "找不到这个街道。",
	"err.community_not_found":     "找不到这个社区。",
	"err.room_not_found":          "找不到这个智习室。",
	"err.user_not_found":          "找不到这个账号。",
	"err.student_not_found":       "找不到这名学生。",
	"err.session_not_found":       "登录已过期，请重新登录。",
	"err.subject_not_found":       "这个学科的内容还没有导入。",
	"err.item_not_found":          "找不到这道题目（或这个版本）。",
	"err.screening_not_found":     "找不到这次筛查。",
	"err.model_not_found":         "还没有拟合好的模型参数，请先运行 zhixi kt fit。",
	"err.invalid_seats":           "座位数应为正整数。",
	"err.username_required":       "请填写用户名。",
	"err.invalid_role":            "未知的角色。",
	"err.scope_required":          "这个角色需要指定所属社区（街道查看账号需要指定街道）。",
	"err.birth_month_required":    "请填写出生年月，如 2014-09。",
	"err.token_required":          "会话数据不完整。",
	"err.action_required":         "审计记录缺少操作类型。",
	"err.subject_id_required":     "缺少学科编号。",
	"err.content_id_required":     "学科 %v 中有章节、知识点或题目缺少编号。",
	"err.content_duplicate":       "编号 %v 在一次导入中出现了两次。",
	"err.item_other_subject":      "题目 %v 已属于学科 %v，不能导入到别的学科。",
	"err.invalid_attempt":         "作答记录缺少学生、题目或题目版本。",
	"err.invalid_status":          "筛查状态不正确。",
	"err.model_name_required":     "缺少模型名称。",
	"err.invalid":                 "提交的数据不符合要求。",
	"err.bad_dsn":                 "数据库地址格式不正确：应为 postgres://… 或 sqlite:路径。",
	"err.backup_exists":           "备份文件 %v 已存在；为避免覆盖，请换一个文件名。",
	"err.backup_dir_missing":      "备份目录 %v 不存在，请先创建。",
	"err.backup_postgres":         "PostgreSQL 请使用 pg_dump 备份。",
	"err.already_linked":          "这位监护人已经关联了这名学生。",
	"err.not_guardian_of_student": "只有这名学生的监护人可以签署同意书。",
	"err.schema_outdated":         "数据库结构版本过旧，请先运行 zhixi migrate。",
	"err.schema_newer":            "数据库结构比这个程序新，请升级 zhixi。",
	"err.unknown_subject":         "没有学科“%v”的内容。",
	"err.empty_scope":             "学科 %v 在 %v 年级及以下没有知识点。",
	"err.consent_required":        "监护人还没有签署同意书，签署后才能开始知识点筛查。",
	"err.screening_done":          "这名学生已经完成过这个学科的免费筛查（第 %v 号），可以查看报告。",
	"err.screening_stale":         "题库已更新，这次未完成的筛查无法继续，请重新开始。",
	"err.screening_over":          "这次筛查已经结束。",
	"err.answer_refused":          "答案没有被记录：题目 %v 不是当前待答的题目，或已经答过。",
	"err.answer_empty":            "请先作答；不会可以选择“不会”。",
	"err.practice_not_found":      "还没有开始这个学科的练习。",
	"err.invalid_practice":        "练习记录不完整。",
	"err.screening_first":         "请先完成这个学科的知识点筛查，练习会从筛查结果开始。",
	"err.no_attempts":             "还没有任何作答记录，无法拟合模型。",
	"err.fit_running":             "另一台服务器正在拟合模型，请稍后刷新查看。",
	"err.too_large":               "提交的内容过大。",
}

// add merges a capability's keys into the catalogue; a key defined twice
// is a programming error caught at start.
func add(m map[string]string) {
	for k, v := range m {
		if _, dup := messages[k]; dup {
			panic("locale: key " + k + " defined twice")
		}
		messages[k] = v
	}
}

// Has reports whether key has a message.
func Has(key string) bool {
	_, ok := messages[key]
	return ok
}

// Text returns the Chinese text for key, formatted with args.
func Text(key string, args ...any) string {
	m, ok := messages[key]
	if !ok {
		// An untranslated key still tells the user something precise.
		if len(args) > 0 {
			return fmt.Sprint(append([]any{key, ": "}, args...)...)
		}
		return key
	}
	// A message may leave out the details its key carries.
	if len(args) == 0 || !strings.Contains(m, "%") {
		return m
	}
	return fmt.Sprintf(m, args...)
}
