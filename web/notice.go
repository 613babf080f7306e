package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/locale"
)

// A redirect that carries a message to the next page (?msg=, ?why=)
// carries its catalogue key, never text: a link anyone can write must not
// put words of their choosing in a red notice on a parents' service.

var noticeKeyPattern = regexp.MustCompile(`^(err|msg)\.[a-z0-9_]+$`)

// noticeParam is "name=key" for the message of err, for a redirect URL.
func noticeParam(name string, err error) string {
	key, _ := zhixi.ErrorKey(err)
	return name + "=" + url.QueryEscape(key)
}

// notice is the catalogue message whose key the query parameter name
// holds; an unknown key, or one whose message needs details the URL
// cannot be trusted to supply, shows nothing.
func notice(r *http.Request, name string) string {
	key := r.URL.Query().Get(name)
	if !noticeKeyPattern.MatchString(key) || !locale.Has(key) {
		return ""
	}
	m := translate(key)
	if strings.Contains(m, "%") {
		return ""
	}
	return m
}
