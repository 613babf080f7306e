package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	goqr "github.com/piglig/go-qr"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/family"
)

// Families without SMS or e-mail: registration by staff, invitations with
// a QR code, acceptance on the guardian's phone, consent in the app or on
// paper, withdrawal, and the notice operators edit. Handlers decode and
// call the family actions.

func (s *Server) familyRoutes(mux *http.ServeMux) {
	s.page(mux, "POST /communities/{id}/families", s.authed(s.handleFamilyCreate))
	// The registration form once created students only; it posts here.
	s.page(mux, "POST /communities/{id}/students", s.authed(s.handleFamilyCreate))
	s.page(mux, "POST /students/{id}/invitations", s.authed(s.handleInvite))
	s.page(mux, "GET /join", s.handleJoinForm)
	s.page(mux, "POST /join", s.handleJoin)
	s.page(mux, "POST /students/{id}/consent", s.authed(s.handleConsent))
	s.page(mux, "POST /students/{id}/consent/paper", s.authed(s.handlePaperConsent))
	s.page(mux, "POST /students/{id}/consent/withdraw", s.authed(s.handleWithdraw))
	s.page(mux, "GET /students/{id}/consent/form", s.authed(s.handleConsentForm))
	s.page(mux, "GET /admin/notice", s.authed(s.handleNoticeForm))
	s.page(mux, "POST /admin/notice", s.authed(s.handleNoticePublish))

	s.api(mux, "POST /api/v1/communities/{id}/families", s.authed(s.apiFamilyCreate))
	s.api(mux, "POST /api/v1/communities/{id}/students", s.authed(s.apiStudentCreate))
	s.api(mux, "POST /api/v1/students/{id}/invitations", s.authed(s.apiInvite))
	s.api(mux, "POST /api/v1/invitations/accept", s.apiJoin)
	s.api(mux, "GET /api/v1/notice", s.apiNotice)
	s.api(mux, "PUT /api/v1/notice", s.authed(s.apiNoticePublish))
	s.api(mux, "POST /api/v1/students/{id}/consent/withdraw", s.authed(s.apiWithdraw))
	s.api(mux, "POST /api/v1/students/{id}/consent", s.authed(s.apiConsent))
	s.api(mux, "GET /api/v1/students/{id}/consents", s.authed(s.apiConsents))
}

func init() {
	// A refused form with two children shows both as typed.
	funcs["formAt"] = formAt
	funcs["inc"] = func(i int) int { return i + 1 }
	funcs["text"] = func(key string) string { return translate(key) }
	funcs["seq"] = func(n int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	funcs["day"] = func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.In(beijing).Format("2006-01-02")
	}
}

// userFromContext is the signed-in user of a page that also serves
// visitors, nil for a visitor.
func userFromContext(r *http.Request) *zhixi.User {
	u, _ := r.Context().Value(userKey).(*zhixi.User)
	return u
}

// registerInput reads the family form: a guardian and one or more
// children as repeated name/grade/birth_month fields; wholly empty child
// rows after the first are ignored.
func registerInput(f url.Values) (family.RegisterInput, error) {
	in := family.RegisterInput{
		Guardian: family.GuardianInput{Name: f.Get("guardian_name"), Relation: f.Get("relation"), Phone: f.Get("phone")},
		Confirm:  f.Get("confirm") != "",
	}
	for i, name := range f["name"] {
		grade, month := formAt(f, "grade", i), formAt(f, "birth_month", i)
		if i > 0 && strings.TrimSpace(name+grade+month) == "" {
			continue
		}
		g, err := strconv.Atoi(strings.TrimSpace(grade))
		if err != nil && strings.TrimSpace(grade) != "" {
			return in, zhixi.Errorf(zhixi.EINVALID, "err.not_a_number", "年级", grade)
		}
		in.Children = append(in.Children, family.ChildInput{Name: name, Grade: g, BirthMonth: month})
	}
	return in, nil
}

// formAt is the i-th value of a repeated form field, "" if absent.
func formAt(f url.Values, name string, i int) string {
	if i < len(f[name]) {
		return f[name][i]
	}
	return ""
}

func (s *Server) handleFamilyCreate(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	cid, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return zhixi.WrapError(zhixi.EINVALID, "err.bad_form", err)
	}
	in, err := registerInput(r.PostForm)
	var reg *family.Registration
	if err == nil {
		reg, err = s.family.Register(r.Context(), s.actor(r, u), cid, in)
	}
	if err != nil {
		st, ok := formFault(err, 0)
		if !ok {
			return err
		}
		// The community page again, with what was typed and why it was
		// refused; a possible duplicate offers a confirmation box.
		data, derr := s.communityData(r, u, cid)
		if derr != nil {
			return derr
		}
		data["F"], data["Error"] = r.PostForm, message(err)
		if k, _ := zhixi.ErrorKey(err); k == "err.duplicate_child" {
			data["AskConfirm"] = true
		}
		s.render(w, r, st, "community", data)
		return nil
	}
	if reg.Invitation == nil {
		http.Redirect(w, r, fmt.Sprintf("/students/%d", reg.Students[0].ID), http.StatusSeeOther)
		return nil
	}
	return s.renderInvitation(w, r, reg.Invitation, reg.Code, reg.Students)
}

// joinURL is the address an invitation's QR code opens.
func (s *Server) joinURL(r *http.Request, code string) string {
	scheme := "http"
	if r.TLS != nil || (s.proxy && r.Header.Get("X-Forwarded-Proto") == "https") || s.secure {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/join?code=" + url.QueryEscape(code)
}

// qrSVG draws text as an SVG QR code (medium error correction survives a
// creased print-out).
func qrSVG(text string) (template.HTML, error) {
	q, err := goqr.EncodeText(text, goqr.Medium)
	if err != nil {
		return "", fmt.Errorf("qr code: %w", err)
	}
	b, err := q.ToSVGBytes(goqr.NewQrCodeImgConfig(8, 4, goqr.WithOptimalSVG()))
	if err != nil {
		return "", fmt.Errorf("qr code svg: %w", err)
	}
	// The SVG is ours, drawn from a URL we built; its markup is safe.
	return template.HTML(bytes.TrimSpace(b)), nil
}

func (s *Server) renderInvitation(w http.ResponseWriter, r *http.Request, inv *zhixi.Invitation, code string, kids []*zhixi.Student) error {
	link := s.joinURL(r, code)
	svg, err := qrSVG(link)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusCreated, "invitation", map[string]any{"Inv": inv, "Code": code, "Link": link, "QR": svg, "Students": kids})
	return nil
}

func (s *Server) handleInvite(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return zhixi.WrapError(zhixi.EINVALID, "err.bad_form", err)
	}
	g := family.GuardianInput{Name: r.PostForm.Get("guardian_name"), Relation: r.PostForm.Get("relation"), Phone: r.PostForm.Get("phone")}
	inv, code, err := s.family.Invite(r.Context(), s.actor(r, u), []int64{id}, g)
	if err != nil {
		return s.studentPageError(w, r, u, id, err)
	}
	st, err := s.store.Student(r.Context(), id)
	if err != nil {
		return err
	}
	return s.renderInvitation(w, r, inv, code, []*zhixi.Student{st})
}

// studentPageError shows the student page again with a form's error and
// what was typed, or passes err on when it is not the form's fault.
func (s *Server) studentPageError(w http.ResponseWriter, r *http.Request, u *zhixi.User, id int64, err error) error {
	st, ok := formFault(err, 0)
	if !ok {
		return err
	}
	data, derr := s.studentOverview(r, u, id, "")
	if derr != nil {
		return derr
	}
	data["F"], data["Error"] = r.PostForm, message(err)
	s.render(w, r, st, "student", data)
	return nil
}

func (s *Server) handleJoinForm(w http.ResponseWriter, r *http.Request) error {
	code := r.URL.Query().Get("code")
	data := map[string]any{"Code": code, "F": url.Values{}}
	if code != "" {
		inv, err := s.family.Lookup(r.Context(), code)
		if err != nil {
			if _, ok := formFault(err, http.StatusNotFound); !ok {
				return err
			}
			data["Error"] = message(err)
		} else {
			data["Inv"] = inv
		}
	}
	s.render(w, r, http.StatusOK, "join", data)
	return nil
}

func (s *Server) handleJoin(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return zhixi.WrapError(zhixi.EINVALID, "err.bad_form", err)
	}
	f := r.PostForm
	version, _ := strconv.Atoi(f.Get("notice_version"))
	in := family.AcceptInput{Code: f.Get("code"), Username: f.Get("username"), Password: f.Get("password"),
		Password2: f.Get("password_again"), Consent: f.Get("consent") != "", NoticeVersion: version}
	current := userFromContext(r)
	g, err := s.family.Accept(r.Context(), current, s.clientIP(r), in)
	if err != nil {
		st, ok := formFault(err, http.StatusNotFound)
		if !ok {
			return err
		}
		f.Del("password")
		f.Del("password_again")
		data := map[string]any{"Code": in.Code, "F": f, "Error": message(err)}
		if inv, lerr := s.family.Lookup(r.Context(), in.Code); lerr == nil {
			data["Inv"] = inv
		}
		s.render(w, r, st, "join", data)
		return nil
	}
	if current == nil {
		if err := s.startSession(w, r, g, 0, 0); err != nil {
			return err
		}
	}
	http.Redirect(w, r, "/guardian", http.StatusSeeOther)
	return nil
}

func (s *Server) handleConsent(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return zhixi.WrapError(zhixi.EINVALID, "err.bad_form", err)
	}
	version, _ := strconv.Atoi(r.PostForm.Get("notice_version"))
	if _, err := s.family.Consent(r.Context(), s.actor(r, u), id, version); err != nil {
		return s.studentPageError(w, r, u, id, err)
	}
	http.Redirect(w, r, fmt.Sprintf("/students/%d", id), http.StatusSeeOther)
	return nil
}

func paperInput(f url.Values) family.PaperInput {
	v, _ := strconv.Atoi(f.Get("notice_version"))
	return family.PaperInput{GuardianName: f.Get("guardian_name"), PaperRef: f.Get("paper_ref"), PaperDate: f.Get("paper_date"), NoticeVersion: v}
}

func (s *Server) handlePaperConsent(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return zhixi.WrapError(zhixi.EINVALID, "err.bad_form", err)
	}
	if _, err := s.family.RecordPaper(r.Context(), s.actor(r, u), id, paperInput(r.PostForm)); err != nil {
		return s.studentPageError(w, r, u, id, err)
	}
	http.Redirect(w, r, fmt.Sprintf("/students/%d", id), http.StatusSeeOther)
	return nil
}

func (s *Server) handleWithdraw(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.family.Withdraw(r.Context(), s.actor(r, u), id); err != nil {
		return s.studentPageError(w, r, u, id, err)
	}
	http.Redirect(w, r, fmt.Sprintf("/students/%d", id), http.StatusSeeOther)
	return nil
}

// handleConsentForm prints the paper consent form for a child, for
// guardians who will not use a phone.
func (s *Server) handleConsentForm(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f, err := s.family.PaperForm(r.Context(), s.actor(r, u), id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "consent_paper", map[string]any{"Student": f.Student, "Notice": f.Notice, "Community": f.Community})
	return nil
}

func noticeForm(n *zhixi.Notice) url.Values {
	return url.Values{"purpose": {n.Purpose}, "kept": {n.Kept}, "place": {n.Place}, "retention": {n.Retention},
		"access": {n.Access}, "rights": {n.Rights}}
}

func (s *Server) handleNoticeForm(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	if !zhixi.CanManageOrg(u) {
		return zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	n, err := s.store.Notice(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "notice", map[string]any{"Notice": n, "F": noticeForm(n)})
	return nil
}

func (s *Server) handleNoticePublish(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	if err := r.ParseForm(); err != nil {
		return zhixi.WrapError(zhixi.EINVALID, "err.bad_form", err)
	}
	f := r.PostForm
	in := family.NoticeInput{Purpose: f.Get("purpose"), Kept: f.Get("kept"), Place: f.Get("place"),
		Retention: f.Get("retention"), Access: f.Get("access"), Rights: f.Get("rights")}
	if _, err := s.family.PublishNotice(r.Context(), s.actor(r, u), in); err != nil {
		st, ok := formFault(err, 0)
		if !ok {
			return err
		}
		n, nerr := s.store.Notice(r.Context())
		if nerr != nil {
			return nerr
		}
		s.render(w, r, st, "notice", map[string]any{"Notice": n, "F": f, "Error": message(err)})
		return nil
	}
	http.Redirect(w, r, "/admin/notice", http.StatusSeeOther)
	return nil
}

// JSON API twins.

type invitationJSON struct {
	Code      string    `json:"code"`
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expires_at"`
	Students  []int64   `json:"students"`
}

func (s *Server) apiFamilyCreate(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	cid, err := pathID(r)
	if err != nil {
		return err
	}
	var in family.RegisterInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	reg, err := s.family.Register(r.Context(), s.actor(r, u), cid, in)
	if err != nil {
		return err
	}
	out := map[string]any{}
	var kids []studentJSON
	for _, k := range reg.Students {
		kids = append(kids, toStudentJSON(k))
	}
	out["students"] = kids
	if reg.Invitation != nil {
		out["invitation"] = invitationJSON{reg.Code, s.joinURL(r, reg.Code), reg.Invitation.ExpiresAt, reg.Invitation.StudentIDs}
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

// apiStudentCreate registers one child without a guardian (staff invite
// one later); POST /api/v1/communities/{id}/families does both.
func (s *Server) apiStudentCreate(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	cid, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		family.ChildInput
		Confirm bool `json:"confirm"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	reg, err := s.family.Register(r.Context(), s.actor(r, u), cid, family.RegisterInput{Children: []family.ChildInput{in.ChildInput}, Confirm: in.Confirm})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"student": toStudentJSON(reg.Students[0])})
	return nil
}

func (s *Server) apiInvite(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in family.GuardianInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	inv, code, err := s.family.Invite(r.Context(), s.actor(r, u), []int64{id}, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"invitation": invitationJSON{code, s.joinURL(r, code), inv.ExpiresAt, inv.StudentIDs}})
	return nil
}

func (s *Server) apiJoin(w http.ResponseWriter, r *http.Request) error {
	var in family.AcceptInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	current := userFromContext(r)
	g, err := s.family.Accept(r.Context(), current, s.clientIP(r), in)
	if err != nil {
		return err
	}
	if current == nil {
		if err := s.startSession(w, r, g, 0, 0); err != nil {
			return err
		}
	}
	writeJSON(w, http.StatusCreated, map[string]any{"user": toUserJSON(g)})
	return nil
}

type noticeJSON struct {
	Version   int       `json:"version"`
	Purpose   string    `json:"purpose"`
	Kept      string    `json:"kept"`
	Place     string    `json:"place"`
	Retention string    `json:"retention"`
	Access    string    `json:"access"`
	Rights    string    `json:"rights"`
	CreatedAt time.Time `json:"created_at"`
}

func toNoticeJSON(n *zhixi.Notice) noticeJSON {
	return noticeJSON{n.Version, n.Purpose, n.Kept, n.Place, n.Retention, n.Access, n.Rights, n.CreatedAt}
}

// apiNotice is public: a guardian reads it before having an account.
func (s *Server) apiNotice(w http.ResponseWriter, r *http.Request) error {
	n, err := s.store.Notice(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"notice": toNoticeJSON(n)})
	return nil
}

func (s *Server) apiNoticePublish(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	var in family.NoticeInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	n, err := s.family.PublishNotice(r.Context(), s.actor(r, u), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"notice": toNoticeJSON(n)})
	return nil
}

type consentJSON struct {
	ID            int64      `json:"id"`
	NoticeVersion int        `json:"notice_version"`
	Method        string     `json:"method"`
	GuardianID    int64      `json:"guardian_id,omitempty"`
	GuardianName  string     `json:"guardian_name,omitempty"`
	RecordedBy    int64      `json:"recorded_by,omitempty"`
	PaperRef      string     `json:"paper_ref,omitempty"`
	PaperDate     string     `json:"paper_date,omitempty"`
	At            time.Time  `json:"at"`
	WithdrawnAt   *time.Time `json:"withdrawn_at,omitempty"`
}

func toConsentJSON(c *zhixi.Consent) consentJSON {
	j := consentJSON{ID: c.ID, NoticeVersion: c.NoticeVersion, Method: c.Method, GuardianID: c.GuardianID,
		GuardianName: c.GuardianName, RecordedBy: c.RecordedBy, PaperRef: c.PaperRef, At: c.At}
	if !c.PaperDate.IsZero() {
		j.PaperDate = c.PaperDate.In(beijing).Format("2006-01-02")
	}
	if !c.WithdrawnAt.IsZero() {
		t := c.WithdrawnAt
		j.WithdrawnAt = &t
	}
	return j
}

// apiConsent gives consent: a guardian's in the app, or with "method":
// "paper" a form staff record.
func (s *Server) apiConsent(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Method string `json:"method"`
		family.PaperInput
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var c *zhixi.Consent
	switch in.Method {
	case "", zhixi.ConsentApp:
		c, err = s.family.Consent(r.Context(), s.actor(r, u), id, in.NoticeVersion)
	case zhixi.ConsentPaper:
		c, err = s.family.RecordPaper(r.Context(), s.actor(r, u), id, in.PaperInput)
	default:
		err = zhixi.Errorf(zhixi.EINVALID, "err.consent_method")
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"consent": toConsentJSON(c)})
	return nil
}

func (s *Server) apiWithdraw(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.family.Withdraw(r.Context(), s.actor(r, u), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiConsents(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	list, err := s.family.Consents(r.Context(), s.actor(r, u), id, zhixi.ViaAPI)
	if err != nil {
		return err
	}
	out := []consentJSON{}
	for i := range list {
		out = append(out, toConsentJSON(&list[i]))
	}
	writeJSON(w, http.StatusOK, map[string]any{"consents": out})
	return nil
}
