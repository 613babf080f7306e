package web

import (
	"net/http"
	"reflect"
	"strings"

	"github.com/zhixi-org/zhixi"
)

// Every text a client sends passes one check before any handler sees it:
// form fields here, JSON strings in decodeJSON. Control characters (a
// NUL breaks PostgreSQL) and overlong text are refused with a Chinese
// message naming the field, the same on both databases.

// textField is how long a field may be and what the message calls it.
type textField struct {
	label     string
	max       int
	multiline bool
}

// textFields are the fields with their own limit; any other field may be
// zhixi.MaxText characters on one line.
var textFields = map[string]textField{
	"name":          {"姓名/名称", zhixi.MaxName, false},
	"display_name":  {"姓名", zhixi.MaxName, false},
	"username":      {"用户名", zhixi.MaxName, false},
	"relation":      {"关系", zhixi.MaxName, false},
	"guardian_name": {"监护人姓名", zhixi.MaxName, false},
	"child_name":    {"孩子姓名", zhixi.MaxName, false},
	"answer":        {"答案", zhixi.MaxAnswer, false},
	"password":      {"密码", 128, false},
	"current":       {"当前密码", 128, false},
	"new":           {"新密码", 128, false},
	"confirm":       {"新密码", 128, false},
	"next":          {"跳转地址", 2000, false},
	"body":          {"正文", 20000, true},
	"note":          {"备注", zhixi.MaxAnswer, true},
}

func checkField(name, v string) error {
	f, ok := textFields[name]
	if !ok {
		f = textField{name, zhixi.MaxText, false}
	}
	return zhixi.CheckText(f.label, v, f.max, f.multiline)
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
