package org

import (
	"context"

	"github.com/zhixi-org/zhixi"
)

// AuditLog is a page of the audit log.
type AuditLog struct {
	Entries []zhixi.AuditEntry
	// Total is how many entries match the filter.
	Total int
}

// ReadAuditLog reads a page of the audit log for those who may
// (zhixi.CanReadAudit); the read is itself audited, with query (the
// filter as the client wrote it) as its detail, and fails when its row
// cannot be written.
func (s *Service) ReadAuditLog(ctx context.Context, a zhixi.Actor, f zhixi.AuditFilter, query string, via zhixi.Via) (*AuditLog, error) {
	if !zhixi.CanReadAudit(a.User) {
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	entries, total, err := s.store.AuditEntries(ctx, f)
	if err != nil {
		return nil, err
	}
	detail := query
	if via != zhixi.ViaPage {
		detail = string(via) + " " + query
	}
	e := a.By()
	e.At, e.Action, e.Object, e.StudentID, e.Detail = s.now(), zhixi.AuditRead, "audit_log", f.StudentID, detail
	if err := zhixi.AppendEntry(ctx, s.store, &e); err != nil {
		return nil, err
	}
	return &AuditLog{Entries: entries, Total: total}, nil
}
