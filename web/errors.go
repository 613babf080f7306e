package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/zhixi-org/zhixi"
)

var statusOf = map[string]int{
	zhixi.EINVALID:      http.StatusBadRequest,
	zhixi.ENOTFOUND:     http.StatusNotFound,
	zhixi.ECONFLICT:     http.StatusConflict,
	zhixi.EUNAUTHORIZED: http.StatusUnauthorized,
	zhixi.EFORBIDDEN:    http.StatusForbidden,
	zhixi.ELOCKED:       http.StatusTooManyRequests,
	zhixi.EUNAVAILABLE:  http.StatusServiceUnavailable,
	zhixi.EINTERNAL:     http.StatusInternalServerError,
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// fail is the one error funnel: it picks the status from the error code,
// logs only what is not the caller's fault, and answers in the form the
// caller reads (JSON for the API, a Chinese page otherwise).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if isAPI(r) {
		s.apiFail(w, r, err)
	} else {
		s.pageFail(w, r, err)
	}
}

func (s *Server) status(r *http.Request, err error) (string, int) {
	code := zhixi.ErrorCode(err)
	if zhixi.IsDenial(err) {
		s.auditDenial(r, code)
	}
	switch code {
	case zhixi.EINTERNAL:
		s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	case zhixi.EUNAVAILABLE:
		if key, _ := zhixi.ErrorKey(err); key == "err.overloaded" {
			break // shed load is counted in zhixi_http_shed_total, not logged per request
		}
		s.log.WarnContext(r.Context(), "database unavailable", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	st, ok := statusOf[code]
	if !ok {
		st = http.StatusInternalServerError
	}
	return code, st
}

// apiError is the JSON error body: code is stable, key is the message
// catalogue key, message is Chinese.
type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Key     string `json:"key"`
		Message string `json:"message"`
	} `json:"error"`
}

func (s *Server) apiFail(w http.ResponseWriter, r *http.Request, err error) {
	err = tooLarge(err)
	code, st := s.status(r, err)
	var body apiError
	body.Error.Code = code
	body.Error.Key, _ = zhixi.ErrorKey(err)
	body.Error.Message = message(err)
	writeJSON(w, st, body)
}

func (s *Server) pageFail(w http.ResponseWriter, r *http.Request, err error) {
	err = tooLarge(err)
	code, st := s.status(r, err)
	if code == zhixi.EUNAUTHORIZED && r.Method == http.MethodGet {
		// A page that needs a login sends the browser to the login form and
		// back afterwards.
		http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI())+"&"+noticeParam("why", err), http.StatusSeeOther)
		return
	}
	s.render(w, r, st, "error", map[string]any{"Status": st, "Message": message(err)})
}

// tooLarge turns a body cut off by http.MaxBytesReader, wherever it was
// read (a form, JSON), into the one clear err.too_large.
func tooLarge(err error) error {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return zhixi.WrapError(zhixi.EINVALID, "err.too_large", err)
	}
	return err
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}
