package ledger

import (
	"bytes"
	"context"

	"github.com/zhixi-org/zhixi"
)

// Export builds the report the actor asked for as an Excel workbook. The
// export is audited, and fails (returning no workbook) when its row
// cannot be written.
func (s *Service) Export(ctx context.Context, actor *zhixi.User, req Request) (*Report, []byte, error) {
	rep, err := s.Report(ctx, actor, req)
	if err != nil {
		return nil, nil, err
	}
	var buf bytes.Buffer
	if err := rep.WriteExcel(&buf); err != nil {
		return nil, nil, err
	}
	e := zhixi.NewAudit(ctx, actor, s.cal.Now(), zhixi.AuditExport, "ledger", rep.Request.ID, 0, rep.Request.Scope+" "+rep.Period)
	if err := zhixi.AppendEntry(ctx, s.store, e); err != nil {
		return nil, nil, err
	}
	return rep, buf.Bytes(), nil
}
