package report

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// fakeModel serves /chat/completions like an OpenAI-compatible endpoint,
// answering with reply (or a status, or after a delay), and keeps the
// last request body.
type fakeModel struct {
	reply   string
	refusal string
	finish  string
	status  int
	delay   time.Duration
	got     string
}

func (f *fakeModel) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	f.got = string(b)
	if r.URL.Path != "/v1/chat/completions" || r.Header.Get("Authorization") != "Bearer sk-test" {
		http.Error(w, "wrong path or key", http.StatusUnauthorized)
		return
	}
	if f.delay > 0 {
		select {
		case <-time.After(f.delay):
		case <-r.Context().Done():
			return
		}
	}
	if f.status != 0 {
		http.Error(w, "down", f.status)
		return
	}
	finish := f.finish
	if finish == "" {
		finish = "stop"
	}
	json.NewEncoder(w).Encode(map[string]any{"choices": []map[string]any{{
		"finish_reason": finish,
		"message":       map[string]any{"role": "assistant", "content": f.reply, "refusal": f.refusal},
	}}})
}

func TestNarrative(t *testing.T) {
	r := Build(fixture(t))
	good := "孩子数数很扎实，「数一数」（已掌握）。需要先补「10以内的加法」（未掌握），之后「20以内的进位加法」（未掌握）会容易很多。"
	for _, tt := range []struct {
		name      string
		model     fakeModel
		timeout   time.Duration
		fromModel bool
	}{
		{"checked text is used", fakeModel{reply: good}, 0, true},
		{"wrong state falls back", fakeModel{reply: "「数一数」（未掌握）需要加强。"}, 0, false},
		{"unknown point falls back", fakeModel{reply: "「微积分」（未掌握）需要加强。"}, 0, false},
		{"point without state falls back", fakeModel{reply: "「数一数」（已掌握），还有「10以内的加法」。"}, 0, false},
		{"bare point name falls back", fakeModel{reply: "「数一数」（已掌握），10以内的加法要多练。"}, 0, false},
		{"refusal falls back", fakeModel{refusal: "I can't help with that."}, 0, false},
		{"polite refusal without findings falls back", fakeModel{reply: "抱歉，我无法回答这个问题。"}, 0, false},
		{"content filter falls back", fakeModel{reply: good, finish: "content_filter"}, 0, false},
		{"server error falls back", fakeModel{status: http.StatusInternalServerError}, 0, false},
		{"timeout falls back", fakeModel{reply: good, delay: 2 * time.Second}, 200 * time.Millisecond, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fm := tt.model
			srv := httptest.NewServer(&fm)
			defer srv.Close()
			n := &Narrator{BaseURL: srv.URL + "/v1", Model: "test-model", Key: "sk-test", Timeout: tt.timeout}
			start := time.Now()
			got := n.Narrate(context.Background(), r)
			if took := time.Since(start); tt.timeout > 0 && took > tt.timeout+time.Second {
				t.Errorf("took %s with a %s timeout", took, tt.timeout)
			}
			if got.FromModel != tt.fromModel {
				t.Fatalf("FromModel %v, want %v (fallback %q, text %q)", got.FromModel, tt.fromModel, got.Fallback, got.Text)
			}
			if tt.fromModel && got.Text != good {
				t.Errorf("text %q, want the model's", got.Text)
			}
			if !tt.fromModel && (got.Text != Builtin(r) || got.Fallback == "") {
				t.Errorf("fallback text %q (reason %q), want the built-in text with a reason", got.Text, got.Fallback)
			}
			// The prompt carries findings only: no name, no id.
			for _, secret := range []string{"王小明", "math.g1", `"id"`, "student"} {
				if strings.Contains(fm.got, secret) {
					t.Errorf("the prompt contains %q:\n%s", secret, fm.got)
				}
			}
			if !strings.Contains(fm.got, "10以内的加法") || !strings.Contains(fm.got, "test-model") {
				t.Errorf("the prompt lacks the findings or the model: %s", fm.got)
			}
		})
	}
}

func TestNarrativeOff(t *testing.T) {
	r := Build(fixture(t))
	for _, n := range []*Narrator{nil, {}, {BaseURL: "http://127.0.0.1:1/v1"}} {
		if got := n.Narrate(context.Background(), r); got.FromModel || got.Text != Builtin(r) || got.Fallback != "" {
			t.Errorf("unconfigured narrator %+v gave %+v, want the built-in text silently", n, got)
		}
	}
	if DefaultTimeout != 5*time.Second {
		t.Errorf("DefaultTimeout %s, the issue asks for 5s", DefaultTimeout)
	}
}
