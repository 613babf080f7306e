package web

import (
	"fmt"

	"github.com/zhixi-org/zhixi"
)

// messages is the zh-CN catalogue for error keys. The UI is Chinese first;
// the JSON API returns the stable code and key besides the message, so a
// client in another language can translate the key itself.
var messages = map[string]string{
	"err.internal":           "服务器内部错误，请稍后再试；如果一直出现，请联系管理员。",
	"err.unavailable":        "数据库暂时不可用，请稍后再试。",
	"err.not_found":          "找不到这条记录，或您没有查看它的权限。",
	"err.forbidden":          "您没有权限进行这个操作。",
	"err.login_required":     "请先登录。",
	"err.session_expired":    "登录已过期，请重新登录。",
	"err.bad_credentials":    "用户名或密码不正确。",
	"err.login_locked":       "尝试次数过多，账号或网络已被暂时锁定，请在 %d 分钟后再试。",
	"err.account_disabled":   "该账号已停用，请联系社区工作人员。",
	"err.bad_form":           "表单格式不正确：%s",
	"err.bad_json":           "JSON 格式不正确：%s",
	"err.bad_id":             "编号“%s”不正确，应为正整数。",
	"err.field_required":     "请填写“%s”。",
	"err.name_required":      "请填写名称。",
	"err.invalid_grade":      "年级应为 1 到 12 之间的整数。",
	"err.invalid_birth":      "出生年月格式应为 2014-09。",
	"err.username_taken":     "用户名已被使用，请换一个。",
	"err.duplicate":          "已存在同名记录。",
	"err.version_conflict":   "记录已被他人修改，请刷新后重试。",
	"err.not_guardian":       "该账号不是这名学生的监护人。",
	"err.consent_guardian":   "只有学生的监护人可以签署同意书。",
	"err.method_not_allowed": "不支持这种请求方式。",
	"err.content_not_loaded": "课程内容没有载入。",
	"err.too_large":          "提交的内容过大。",
}

// message returns the Chinese text for err.
func message(err error) string {
	key, args := zhixi.ErrorKey(err)
	return translate(key, args...)
}

func translate(key string, args ...any) string {
	m, ok := messages[key]
	if !ok {
		// An untranslated key still tells the user something precise.
		if len(args) > 0 {
			return fmt.Sprint(append([]any{key, ": "}, args...)...)
		}
		return key
	}
	if len(args) == 0 {
		return m
	}
	return fmt.Sprintf(m, args...)
}
