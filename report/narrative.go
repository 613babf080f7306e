package report

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi/locale"
)

// Narrator asks a large language model, through an OpenAI-compatible chat
// completions endpoint the operator configures, to retell the findings in
// warm plain Chinese. The prompt holds only the structured findings (no
// names, no ids); the reply is checked against them and the built-in text
// is used whenever it fails, refuses, strays or is late.
type Narrator struct {
	// BaseURL is the API root, e.g. http://127.0.0.1:11434/v1; the
	// request goes to BaseURL + "/chat/completions".
	BaseURL string
	Model   string
	Key     string
	// Timeout bounds the whole call; 0 means DefaultTimeout.
	Timeout time.Duration
	Client  *http.Client
}

// DefaultTimeout is how long a family waits for the model before the
// built-in text is shown.
const DefaultTimeout = 5 * time.Second

// Narrative is the text shown above the report and where it came from.
type Narrative struct {
	Text string
	// FromModel is true when the model's text passed the checks.
	FromModel bool
	// Fallback says why the built-in text is shown ("" when FromModel or
	// no model is configured).
	Fallback string
}

// Findings are what the model is told: the scope's points and states,
// the root causes and their chains, the next steps. Nothing identifies the
// child.
type Findings struct {
	Subject     string        `json:"subject"`
	Questions   int           `json:"questions"`
	Points      []FindingPt   `json:"points"`
	RootCauses  []FindingRoot `json:"root_causes"`
	LearnNext   []string      `json:"learn_next"`
	Mastered    int           `json:"mastered"`
	NotMastered int           `json:"not_mastered"`
	Uncertain   int           `json:"uncertain"`
}

// FindingPt is a point and its state in Chinese.
type FindingPt struct {
	Name  string `json:"name"`
	State string `json:"state"`
}

// FindingRoot is a root cause and what it holds back.
type FindingRoot struct {
	Name     string   `json:"name"`
	Affected []string `json:"affected"`
}

// FindingsOf extracts the findings from a report.
func FindingsOf(r *Report) Findings {
	f := Findings{Subject: r.SubjectName, Questions: r.Questions, Mastered: r.Mastered, NotMastered: r.NotMastered, Uncertain: r.Uncertain}
	for _, p := range r.Points {
		f.Points = append(f.Points, FindingPt{p.Name, p.StateName()})
	}
	for _, c := range r.Causes {
		f.RootCauses = append(f.RootCauses, FindingRoot{Name: c.Point.Name, Affected: names(c.Affected)})
	}
	for _, p := range r.Path {
		f.LearnNext = append(f.LearnNext, p.Name)
	}
	return f
}

// Builtin is the text shown without a model: the report's summary.
func Builtin(r *Report) string { return strings.Join(r.Summary, "") }

const systemPrompt = `你是社区AI智习室的学习顾问，给孩子的家人（常常是爷爷奶奶）写一段150字以内的筛查解读。
要求：只用给出的结论，不编造；语气温和、具体、通俗；先说做得好的，再说根源问题和下一步。
每次提到一个知识点，必须写成「知识点名称」（状态），状态只能是：已掌握、未掌握、不确定，并且与结论一致。`

// Narrate returns the model's text when it is configured and its reply
// passes the checks, else the built-in text with the reason.
func (n *Narrator) Narrate(ctx context.Context, r *Report) Narrative {
	builtin := Narrative{Text: Builtin(r)}
	if n == nil || n.BaseURL == "" || n.Model == "" {
		return builtin
	}
	f := FindingsOf(r)
	text, err := n.complete(ctx, f)
	if err == nil {
		err = Check(text, f)
	}
	if err != nil {
		builtin.Fallback = err.Error()
		return builtin
	}
	return Narrative{Text: text, FromModel: true}
}

// ErrRefused is a reply the model declined to give.
var ErrRefused = errors.New("the model refused")

func (n *Narrator) complete(ctx context.Context, f Findings) (string, error) {
	timeout := n.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	facts, err := json.Marshal(f)
	if err != nil {
		return "", err
	}
	body, err := json.Marshal(map[string]any{
		"model": n.Model, "temperature": 0.3,
		"messages": []map[string]string{
			{"role": "system", "content": systemPrompt},
			{"role": "user", "content": "筛查结论（JSON）：" + string(facts)},
		},
	})
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(n.BaseURL, "/")+"/chat/completions", bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("narrative request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if n.Key != "" {
		req.Header.Set("Authorization", "Bearer "+n.Key)
	}
	client := n.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("narrative request: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("narrative endpoint: HTTP %d", resp.StatusCode)
	}
	var out struct {
		Choices []struct {
			FinishReason string `json:"finish_reason"`
			Message      struct {
				Content string `json:"content"`
				Refusal string `json:"refusal"`
			} `json:"message"`
		} `json:"choices"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&out); err != nil {
		return "", fmt.Errorf("narrative reply: %w", err)
	}
	if len(out.Choices) == 0 {
		return "", errors.New("narrative reply has no choices")
	}
	c := out.Choices[0]
	if c.Message.Refusal != "" || c.FinishReason == "content_filter" {
		return "", ErrRefused
	}
	return strings.TrimSpace(c.Message.Content), nil
}

var mention = regexp.MustCompile(`「([^」]*)」\s*[（(]([^）)]*)[）)]`)

// maxNarrative bounds the text in runes: a short paragraph, not an essay.
const maxNarrative = 600

// Check accepts a narrative only if it names at least one point, every
// point it names in 「」 exists in the findings with the state it states,
// no point name appears outside that form, and it is of paragraph length.
func Check(text string, f Findings) error {
	if text == "" {
		return errors.New("empty narrative")
	}
	if n := len([]rune(text)); n > maxNarrative {
		return fmt.Errorf("narrative of %d characters, over %d", n, maxNarrative)
	}
	state := map[string]string{}
	for _, p := range f.Points {
		state[p.Name] = p.State
	}
	ms := mention.FindAllStringSubmatch(text, -1)
	if len(ms) == 0 {
		return ErrRefused // no finding named: a refusal or an off-topic reply
	}
	for _, m := range ms {
		want, ok := state[m[1]]
		switch {
		case !ok:
			return fmt.Errorf("narrative names %q, not a point of the screening", m[1])
		case strings.TrimSpace(m[2]) != want:
			return fmt.Errorf("narrative says %q is %s, the screening found %s", m[1], m[2], want)
		}
	}
	if strings.Count(text, "「") != len(ms) {
		return errors.New("narrative names a point without its state")
	}
	rest := mention.ReplaceAllString(text, "")
	for name := range state {
		if len([]rune(name)) >= 2 && strings.Contains(rest, name) {
			return fmt.Errorf("narrative names %q outside 「」 with no state", name)
		}
	}
	return nil
}

// FallbackNote is the Chinese note shown to supervisors when the model's
// text was not used.
func (n Narrative) FallbackNote() string {
	if n.Fallback == "" {
		return ""
	}
	return locale.Text("report.narrative_fallback")
}
