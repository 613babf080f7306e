package curriculum

import (
	"encoding/json"
	"fmt"
	"io"
)

// Subject is one subject's content: its outline, its knowledge points and
// its items. It is also the interchange form that external graphs use:
//
//	{"subject": "...", "knowledge_points": [{"id", "name", "grade", "prerequisites": [ids]}],
//	 "items": [{"id", "knowledge_points": [ids], "slip"?, "guess"?, ...}]}
type Subject struct {
	ID              string           `json:"subject" yaml:"subject"`
	Name            string           `json:"name,omitempty" yaml:"name,omitempty"`
	Chapters        []Chapter        `json:"chapters,omitempty" yaml:"chapters,omitempty"`
	KnowledgePoints []KnowledgePoint `json:"knowledge_points" yaml:"knowledge_points"`
	Items           []Item           `json:"items" yaml:"items"`
}

// ReadInterchange decodes one subject in the JSON interchange form and
// rejects unknown fields, so a misspelt key is an error rather than a
// silently missing prerequisite.
func ReadInterchange(r io.Reader) (*Subject, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var s Subject
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("read interchange JSON: %w", err)
	}
	return &s, nil
}
