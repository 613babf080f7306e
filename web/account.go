package web

import (
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/zhixi-org/zhixi"
)

// accountRoutes registers the account pages and API: one's own password,
// a reset with a code, and staff lifting a back-off or issuing a code.
func (s *Server) accountRoutes(mux *http.ServeMux) {
	s.page(mux, "GET /account/password", s.authed(s.handlePasswordForm))
	s.page(mux, "POST /account/password", s.authed(s.handlePasswordChange))
	s.page(mux, "GET /reset", s.handleResetForm)
	s.page(mux, "POST /reset", s.handleReset)
	s.page(mux, "GET /accounts", s.authed(s.handleAccounts))
	s.page(mux, "GET /accounts/{id}", s.authed(s.handleAccount))
	s.page(mux, "POST /accounts/{id}/unlock", s.authed(s.handleUnlock))
	s.page(mux, "POST /accounts/{id}/reset-code", s.authed(s.handleResetCode))

	s.api(mux, "POST /api/v1/me/password", s.authed(s.apiPasswordChange))
	s.api(mux, "POST /api/v1/password-reset", s.apiReset)
	s.api(mux, "GET /api/v1/users/{id}/safety", s.authed(s.apiAccountStatus))
	s.api(mux, "POST /api/v1/users/{id}/unlock", s.authed(s.apiUnlock))
	s.api(mux, "POST /api/v1/users/{id}/reset-code", s.authed(s.apiResetCode))
}

// sessionToken is the caller's session cookie value.
func sessionToken(r *http.Request) string {
	if c, err := r.Cookie(sessionCookie); err == nil {
		return c.Value
	}
	return ""
}

// confirmed checks that the new password was typed the same twice.
func confirmed(next, confirm string) error {
	if next != confirm {
		return zhixi.Errorf(zhixi.EINVALID, "err.password_confirm")
	}
	return nil
}

func (s *Server) handlePasswordForm(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	s.render(w, r, http.StatusOK, "account_password", map[string]any{"Message": notice(r, "msg")})
	return nil
}

func (s *Server) handlePasswordChange(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	f := r.PostForm
	err := confirmed(f.Get("new"), f.Get("confirm"))
	if err == nil {
		err = s.accounts.ChangePassword(r.Context(), s.request(r), u, sessionToken(r), f.Get("current"), f.Get("new"))
	}
	if code, st := s.status(r, err); code == zhixi.EINVALID {
		s.render(w, r, st, "account_password", map[string]any{"Error": message(err)})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/account/password?msg=msg.password_changed", http.StatusSeeOther)
	return nil
}

func (s *Server) handleResetForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "reset", nil)
	return nil
}

func (s *Server) handleReset(w http.ResponseWriter, r *http.Request) error {
	f := r.PostForm
	err := confirmed(f.Get("new"), f.Get("confirm"))
	if err == nil {
		_, err = s.accounts.ResetPassword(r.Context(), s.request(r), f.Get("code"), f.Get("new"))
	}
	if code, st := s.status(r, err); code == zhixi.EINVALID {
		s.render(w, r, st, "reset", map[string]any{"Error": message(err), "Code": f.Get("code")})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/login?why=msg.password_reset", http.StatusSeeOther)
	return nil
}

// handleAccounts lists the accounts the caller may manage.
func (s *Server) handleAccounts(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	if u.Role != zhixi.RoleAdmin && u.Role != zhixi.RoleStaff {
		return zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	ctx := r.Context()
	var community int64
	if u.Role == zhixi.RoleStaff {
		community = u.CommunityID
	}
	users, err := s.store.Users(ctx, "", community)
	if err != nil {
		return err
	}
	if u.Role == zhixi.RoleStaff {
		guardians, err := s.store.Users(ctx, zhixi.RoleGuardian, 0)
		if err != nil {
			return err
		}
		for _, g := range guardians {
			if ok, err := s.accounts.CanManage(ctx, u, &g); err != nil {
				return err
			} else if ok {
				users = append(users, g)
			}
		}
		users = slices.DeleteFunc(users, func(x zhixi.User) bool { return x.Role == zhixi.RoleAdmin })
	}
	s.render(w, r, http.StatusOK, "accounts", map[string]any{"Users": users})
	return nil
}

func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	return s.renderAccount(w, r, u, "", time.Time{})
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, u *zhixi.User, code string, expires time.Time) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st, err := s.accounts.AccountStatus(r.Context(), u, id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "account", map[string]any{
		"Status": st, "Message": notice(r, "msg"), "Code": code, "CodeExpires": expires})
	return nil
}

func (s *Server) handleUnlock(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cleared, err := s.accounts.Unlock(r.Context(), s.request(r), u, id)
	if err != nil {
		return err
	}
	msg := "msg.unlocked"
	if !cleared {
		msg = "msg.not_locked"
	}
	http.Redirect(w, r, fmt.Sprintf("/accounts/%d?msg=%s", id, msg), http.StatusSeeOther)
	return nil
}

// handleResetCode shows the new code on the answer itself, never in a
// URL: it is shown once.
func (s *Server) handleResetCode(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	code, expires, err := s.accounts.IssueResetCode(r.Context(), s.request(r), u, id)
	if err != nil {
		return err
	}
	return s.renderAccount(w, r, u, code, expires)
}

func (s *Server) apiPasswordChange(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	var in struct {
		Current string `json:"current"`
		New     string `json:"new"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.accounts.ChangePassword(r.Context(), s.request(r), u, sessionToken(r), in.Current, in.New); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"changed": true})
	return nil
}

func (s *Server) apiReset(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Code string `json:"code"`
		New  string `json:"new"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	u, err := s.accounts.ResetPassword(r.Context(), s.request(r), in.Code, in.New)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"username": u.Username})
	return nil
}

func (s *Server) apiAccountStatus(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st, err := s.accounts.AccountStatus(r.Context(), u, id)
	if err != nil {
		return err
	}
	var until *time.Time
	if !st.LockedUntil.IsZero() {
		until = &st.LockedUntil
	}
	writeJSON(w, http.StatusOK, map[string]any{"user": toUserJSON(st.User), "locked_until": until})
	return nil
}

func (s *Server) apiUnlock(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cleared, err := s.accounts.Unlock(r.Context(), s.request(r), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"cleared": cleared})
	return nil
}

func (s *Server) apiResetCode(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	code, expires, err := s.accounts.IssueResetCode(r.Context(), s.request(r), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"code": code, "expires_at": expires.UTC()})
	return nil
}
