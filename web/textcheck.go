package web

import (
	"net/http"
	"reflect"
	"strings"

	"github.com/zhixi-org/zhixi"
)

// Limits in characters beside zhixi.MaxNameLen: an answer is what a
// student types; any other field stays short enough to show and store.
const (
	maxAnswer = 500
	maxText   = 200
)

// Every text a client sends passes one check before any handler sees it:
// form fields here, JSON strings in decodeJSON. Control characters (a
// NUL breaks PostgreSQL) are refused with a Chinese message naming the
// field, the same on both databases, and no field may exceed its cap.
// Names (50 characters) are limited where they are saved, by
// zhixi.CheckName, so that a form can show the message beside what was
// typed; the caps here bound what no form shows back.

// maxField caps a field that has no limit of its own: it stops abuse, not
// typing.
const maxField = 2000

// textField is how long a field may be and what the message calls it.
type textField struct {
	label     string
	max       int
	multiline bool
}

// textFields are the fields with a limit of their own, or a Chinese name
// for the message.
var textFields = map[string]textField{
	"name":         {"姓名/名称", maxField, false},
	"display_name": {"姓名", maxField, false},
	"username":     {"用户名", maxField, false},
	"relation":     {"关系", maxField, false},
	"location":     {"位置", maxField, false},
	"code":         {"重置码", maxField, false},
	"answer":       {"答案", 500, false},
	"password":     {"密码", 128, false},
	"current":      {"当前密码", 128, false},
	"new":          {"新密码", 128, false},
	"confirm":      {"新密码", 128, false},
	"body":         {"正文", 20000, true},
	"note":         {"备注", 500, true},
}

func checkField(name, v string) error {
	f, ok := textFields[name]
	if !ok {
		f = textField{name, maxField, false}
	}
	if f.multiline {
		v = strings.NewReplacer("\r", " ", "\n", " ", "\t", " ").Replace(v)
	}
	_, err := zhixi.CheckText(f.label, v, f.max)
	return err
}

// checkForm parses a POST form and checks every value in it (query
// included).
func checkForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return zhixi.WrapError(zhixi.EINVALID, "err.bad_form", err)
	}
	for name, vs := range r.Form {
		for _, v := range vs {
			if err := checkField(name, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkJSON checks every string in a decoded request body, named by its
// JSON field.
func checkJSON(v any) error {
	return checkValue("", reflect.ValueOf(v))
}

func checkValue(name string, v reflect.Value) error {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return checkValue(name, v.Elem())
	case reflect.String:
		return checkField(name, v.String())
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if err := checkValue(name, v.Index(i)); err != nil {
				return err
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if err := checkValue(name, it.Key()); err != nil {
				return err
			}
			if err := checkValue(name, it.Value()); err != nil {
				return err
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			sf := t.Field(i)
			if !sf.IsExported() {
				continue
			}
			field, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
			if field == "" {
				field = sf.Name
			}
			if err := checkValue(field, v.Field(i)); err != nil {
				return err
			}
		}
	}
	return nil
}
