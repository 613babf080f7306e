package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/ledger"
)

func (s *Server) ledgerRoutes(mux *http.ServeMux) {
	s.page(mux, "GET /ledger", s.authed(s.handleLedger))
	s.page(mux, "GET /ledger.xlsx", s.authed(s.handleLedgerExcel))
	s.page(mux, "GET /ledger/compliance", s.authed(s.handleCompliance))
	s.page(mux, "GET /ledger/compliance.xlsx", s.authed(s.handleComplianceExcel))
	s.api(mux, "GET /api/v1/ledger", s.authed(s.apiLedger))
	s.api(mux, "GET /api/v1/ledger/compliance", s.authed(s.apiCompliance))
}

// ledgerRequest reads ?room=ID, ?community=ID or ?street=ID and ?period=;
// a missing or bad scope is left for the action to refuse.
func ledgerRequest(q url.Values) ledger.Request {
	req := ledger.Request{Period: q.Get("period")}
	for _, scope := range []string{ledger.ScopeRoom, ledger.ScopeCommunity, ledger.ScopeStreet} {
		if v := q.Get(scope); v != "" {
			req.Scope = scope
			req.ID, _ = strconv.ParseInt(v, 10, 64)
			break
		}
	}
	return req
}

func (s *Server) ledgerReport(r *http.Request, u *zhixi.User) (*ledger.Report, error) {
	return s.ops.ledger.Report(r.Context(), u, ledgerRequest(r.URL.Query()))
}

func (s *Server) handleLedger(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	rep, err := s.ledgerReport(r, u)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	q.Set("period", rep.Period)
	s.render(w, r, http.StatusOK, "ledger", map[string]any{"Report": rep, "Tables": rep.Tables(), "Bars": rep.Bars(), "Query": q.Encode()})
	return nil
}

func (s *Server) handleLedgerExcel(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	rep, xlsx, err := s.ops.ledger.Export(r.Context(), u, ledgerRequest(r.URL.Query()))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="ledger-%s-%d-%s.xlsx"`, rep.Request.Scope, rep.Request.ID, rep.Period))
	_, err = w.Write(xlsx)
	return err
}

func (s *Server) apiLedger(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	rep, err := s.ledgerReport(r, u)
	if err != nil {
		return err
	}
	type tableJSON struct {
		Title  string     `json:"title"`
		Header []string   `json:"header"`
		Rows   [][]string `json:"rows"`
	}
	var tables []tableJSON
	for _, t := range rep.Tables() {
		tables = append(tables, tableJSON{t.Title, t.Header, t.Rows})
	}
	writeJSON(w, http.StatusOK, map[string]any{"name": rep.Name, "period": rep.Period, "masked": rep.Masked,
		"interpretations_recorded": !rep.NoInterpretations, "sections": tables})
	return nil
}

func (s *Server) compliance(r *http.Request, u *zhixi.User) (*ledger.Compliance, error) {
	return s.ops.ledger.Compliance(r.Context(), u, r.URL.Query().Get("year"))
}

func (s *Server) handleCompliance(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	c, err := s.compliance(r, u)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "compliance", map[string]any{"C": c})
	return nil
}

// handleComplianceExcel is the compliance report as an Excel file: counts
// only, no child is named.
func (s *Server) handleComplianceExcel(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	c, err := s.compliance(r, u)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := c.WriteExcel(&buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="compliance-%d.xlsx"`, c.Year))
	_, err = buf.WriteTo(w)
	return err
}

func (s *Server) apiCompliance(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	c, err := s.compliance(r, u)
	if err != nil {
		return err
	}
	type roleJSON struct {
		Role    zhixi.Role `json:"role"`
		Reads   int        `json:"reads"`
		Changes int        `json:"changes"`
		Other   int        `json:"other"`
	}
	roles := []roleJSON{}
	for _, ra := range c.ByRole {
		roles = append(roles, roleJSON{ra.Role, ra.Reads, ra.Changes, ra.Other})
	}
	type versionJSON struct {
		Version   int `json:"notice_version"`
		Given     int `json:"given"`
		OnPaper   int `json:"on_paper"`
		Withdrawn int `json:"withdrawn"`
	}
	versions := []versionJSON{}
	for _, v := range c.ByVersion {
		versions = append(versions, versionJSON{v.Version, v.Given, v.OnPaper, v.Withdrawn})
	}
	writeJSON(w, http.StatusOK, map[string]any{"year": c.Year, "consents_given": c.ConsentsGiven,
		"consents_withdrawn": c.ConsentsWithdrawn, "consents_by_version": versions, "exports": c.Exports,
		"deletion_requests": c.DeletionRequests, "deletions": c.Deletions,
		"retention_runs": c.RetentionRuns, "access_by_role": roles})
	return nil
}
