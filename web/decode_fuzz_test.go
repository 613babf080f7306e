package web

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/zhixi-org/zhixi"
)

// fuzzBody is a body shape with every kind of field the API decodes.
type fuzzBody struct {
	Name    string   `json:"name"`
	Grade   int      `json:"grade"`
	Skip    bool     `json:"skip"`
	Version int      `json:"version"`
	Tags    []string `json:"tags"`
}

// FuzzDecodeJSON: whatever the body, decodeJSON either fills v with
// exactly what a strict decoder reads from one JSON object, or fails with
// EINVALID and a catalogue key; it never panics.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{"name":"王小明","grade":4}`, `{}`, ``, `{"name":1}`, `{"x":1}`, `{} {}`, `[1]`, `null`,
		`{"name":"\u0000<script>","tags":["a",null]}`, `{"grade":1e400}`, `{"name":"` + strings.Repeat("长", 1000) + `"}`, "\xff\xfe"} {
		f.Add(s, "application/json")
	}
	f.Add(`{"name":"a"}`, "text/plain")
	f.Fuzz(func(t *testing.T, body, ct string) {
		r := httptest.NewRequest("POST", "/api/v1/x", strings.NewReader(body))
		if ct != "" {
			r.Header.Set("Content-Type", ct)
		}
		var got fuzzBody
		err := decodeJSON(r, &got)
		if err != nil {
			if zhixi.ErrorCode(err) != zhixi.EINVALID {
				t.Fatalf("decodeJSON(%q): %v, want EINVALID", body, err)
			}
			// err.field_*: a string with a control character or past its
			// cap, refused by checkJSON.
			if key, _ := zhixi.ErrorKey(err); key != "err.bad_json" && key != "err.too_large" &&
				key != "err.field_control" && key != "err.field_too_long" {
				t.Fatalf("decodeJSON(%q): key %q", body, key)
			}
			return
		}
		var want fuzzBody
		dec := json.NewDecoder(strings.NewReader(body))
		dec.DisallowUnknownFields()
		if derr := dec.Decode(&want); derr != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("decodeJSON(%q) = %+v, a strict decoder reads %+v (%v)", body, got, want, derr)
		}
		// Re-encoding what was read decodes to the same value.
		b, _ := json.Marshal(got)
		var again fuzzBody
		if err := decodeJSON(httptest.NewRequest("POST", "/", bytes.NewReader(b)), &again); err != nil || !reflect.DeepEqual(again, got) {
			t.Fatalf("round trip of %q: %+v, %v", b, again, err)
		}
	})
}

// FuzzAuditFilter: any query string gives a filter with sane bounds or an
// EINVALID naming the parameter.
func FuzzAuditFilter(f *testing.F) {
	for _, s := range []string{"", "actor=1&student=2&page=3&from=2026-11-01&to=2026-11-30&action=read", "page=-1", "page=99999999999999999",
		"page=184467440737095516", "from=2026-13-01", "action=nope", "actor=%00", "to=9999-12-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return // the server would not get this far either: ParseQuery is net/http's
		}
		flt, page, err := auditFilter(q)
		if err != nil {
			if zhixi.ErrorCode(err) != zhixi.EINVALID {
				t.Fatalf("auditFilter(%q): %v", raw, err)
			}
			return
		}
		if page < 1 || flt.Offset < 0 || flt.Limit <= 0 || flt.ActorID < 0 || flt.StudentID < 0 {
			t.Fatalf("auditFilter(%q) = %+v page %d", raw, flt, page)
		}
	})
}
