// Package learn runs the learning services that combine the content, the
// engines and storage: screening sessions now, adaptive practice next. It
// enforces the domain rules (access, guardian consent, one free screening
// per subject) that the engines, being pure, know nothing of.
package learn

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/curriculum"
)

// TemplateSeeds is how many instances of each parametric template the
// engines draw from. They are fixed seeds so that every server shows the
// same items and answers to them stay attributable.
const TemplateSeeds = 3

// Items returns the concrete items of a subject: its static items and
// TemplateSeeds instances of each of its templates. A template instance
// that fails its own self-check is left out and reported.
func Items(b *curriculum.Bank, subject string) ([]curriculum.Item, error) {
	subj := b.Subject(subject)
	if subj == nil {
		return nil, fmt.Errorf("subject %q is not loaded", subject)
	}
	items := append([]curriculum.Item(nil), subj.Items...)
	for _, t := range b.Templates() {
		// A template belongs to the subject its first point's id names.
		if !strings.HasPrefix(t.KnowledgePoints[0], subject+".") {
			continue
		}
		for seed := int64(1); seed <= TemplateSeeds; seed++ {
			it, err := b.Instance(t.ID, seed)
			if err != nil {
				return nil, fmt.Errorf("subject %s: %w", subject, err)
			}
			items = append(items, it)
		}
	}
	return items, nil
}

// SyncContent stores the shipped content, template instances included, so
// that answers can reference item versions. It is idempotent: unchanged
// items are left alone and changed ones get a new version.
func SyncContent(ctx context.Context, st zhixi.ContentService, b *curriculum.Bank, now time.Time) ([]zhixi.ImportResult, error) {
	var out []zhixi.ImportResult
	for _, id := range b.SubjectIDs() {
		items, err := Items(b, id)
		if err != nil {
			return nil, err
		}
		subj := *b.Subject(id)
		subj.Items = items
		res, err := st.ImportSubject(ctx, &subj, now)
		if err != nil {
			return nil, fmt.Errorf("store subject %s: %w", id, err)
		}
		out = append(out, res)
	}
	return out, nil
}
