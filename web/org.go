package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/org"
)

// Organisation and staff admin: company admins create and edit streets,
// communities, rooms and staff accounts. The pages and the API decode
// input and call the org actions.

func (s *Server) orgRoutes(mux *http.ServeMux) {
	s.page(mux, "GET /admin/org", s.authed(s.handleOrg))
	for _, kind := range orgKindList {
		s.page(mux, "GET /admin/org/"+kind+"/new", s.authed(s.handleOrgForm(kind)))
		s.page(mux, "GET /admin/org/"+kind+"/{id}", s.authed(s.handleOrgForm(kind)))
		s.page(mux, "POST /admin/org/"+kind, s.authed(s.handleOrgSave(kind)))
		s.page(mux, "POST /admin/org/"+kind+"/{id}", s.authed(s.handleOrgSave(kind)))
	}
	s.page(mux, "POST /admin/org/accounts/{id}/disable", s.authed(s.handleAccountDisable(true)))
	s.page(mux, "POST /admin/org/accounts/{id}/enable", s.authed(s.handleAccountDisable(false)))

	s.api(mux, "GET /api/v1/org", s.authed(s.apiOrg))
	for _, kind := range orgKindList {
		s.api(mux, "POST /api/v1/"+kind, s.authed(s.apiOrgSave(kind)))
		s.api(mux, "PUT /api/v1/"+kind+"/{id}", s.authed(s.apiOrgSave(kind)))
	}
	s.api(mux, "POST /api/v1/accounts/{id}/disable", s.authed(s.apiAccountDisable(true)))
	s.api(mux, "POST /api/v1/accounts/{id}/enable", s.authed(s.apiAccountDisable(false)))
}

func init() {
	// formHas reports whether a multi-value form field holds v (checkboxes).
	funcs["formHas"] = func(f url.Values, name string, v int64) bool {
		return slices.Contains(f[name], strconv.FormatInt(v, 10))
	}
	funcs["roleLabel"] = func(r string) string { return roleNames[zhixi.Role(r)] }
	for object, name := range map[string]string{"street": "街道", "community": "社区", "room": "智习室", "invitation": "邀请",
		"notice": "告知书", "consent_form": "纸质同意书", "tablet": "平板登录", "tablet_code": "平板登录码"} {
		auditObjectNames[object] = name
	}
}

func (s *Server) actor(r *http.Request, u *zhixi.User) zhixi.Actor {
	return zhixi.Actor{User: u, IP: s.clientIP(r)}
}

// roomCommunities loads the communities a room serves, for its page.
func (s *Server) roomCommunities(ctx context.Context, room *zhixi.Room) ([]zhixi.Community, error) {
	out := make([]zhixi.Community, 0, len(room.Communities))
	for _, id := range room.Communities {
		c, err := s.store.Community(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, nil
}

// orgData is what the org page and forms show: the whole tree and every
// staff account.
func (s *Server) orgData(ctx context.Context) (map[string]any, error) {
	streets, err := s.store.Streets(ctx)
	if err != nil {
		return nil, err
	}
	communities, err := s.store.Communities(ctx, 0)
	if err != nil {
		return nil, err
	}
	rooms, err := s.store.Rooms(ctx, 0)
	if err != nil {
		return nil, err
	}
	var staff []zhixi.User
	for _, role := range zhixi.StaffRoles {
		us, err := s.store.Users(ctx, role, 0)
		if err != nil {
			return nil, err
		}
		staff = append(staff, us...)
	}
	names := map[string]map[int64]string{"street": {}, "community": {}, "room": {}, "user": {}}
	for _, x := range streets {
		names["street"][x.ID] = x.Name
	}
	for _, x := range communities {
		names["community"][x.ID] = x.Name
	}
	for _, x := range rooms {
		names["room"][x.ID] = x.Name
	}
	var supervisors []zhixi.User
	for _, x := range staff {
		names["user"][x.ID] = x.DisplayName
		if x.Role == zhixi.RoleSupervisor {
			supervisors = append(supervisors, x)
		}
	}
	return map[string]any{"Streets": streets, "Communities": communities, "Rooms": rooms, "Staff": staff,
		"Supervisors": supervisors, "Names": names, "StaffRoles": zhixi.StaffRoles}, nil
}

func (s *Server) handleOrg(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	if !zhixi.CanManageOrg(u) {
		return zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	data, err := s.orgData(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "org", data)
	return nil
}

var (
	orgKindList = []string{"streets", "communities", "rooms", "accounts"}
	orgKinds    = map[string]string{"streets": "街道", "communities": "社区", "rooms": "智习室", "accounts": "工作人员账号"}
)

// recordForm fills form values from a stored record, so the edit form and
// a refused form look the same.
func (s *Server) recordForm(ctx context.Context, kind string, id int64) (url.Values, error) {
	f := url.Values{}
	ids := func(name string, v []int64) {
		for _, x := range v {
			f.Add(name, strconv.FormatInt(x, 10))
		}
	}
	num := func(v int64) string { return strconv.FormatInt(v, 10) }
	switch kind {
	case "streets":
		x, err := s.store.Street(ctx, id)
		if err != nil {
			return nil, err
		}
		f.Set("name", x.Name)
	case "communities":
		x, err := s.store.Community(ctx, id)
		if err != nil {
			return nil, err
		}
		f.Set("name", x.Name)
		f.Set("street_id", num(x.StreetID))
	case "rooms":
		x, err := s.store.Room(ctx, id)
		if err != nil {
			return nil, err
		}
		f.Set("name", x.Name)
		f.Set("location", x.Location)
		f.Set("seats", strconv.Itoa(x.Seats))
		f.Set("community_id", num(x.CommunityID))
		ids("communities", x.Communities)
		ids("supervisors", x.Supervisors)
	case "accounts":
		x, err := s.store.User(ctx, id)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(zhixi.StaffRoles, x.Role) {
			return nil, zhixi.Hidden()
		}
		f.Set("username", x.Username)
		f.Set("display_name", x.DisplayName)
		f.Set("role", string(x.Role))
		f.Set("community_id", num(x.CommunityID))
		f.Set("street_id", num(x.StreetID))
		ids("rooms", x.Rooms)
	}
	return f, nil
}

// optionalID reads the {id} of an edit route, 0 on a create route.
func optionalID(r *http.Request) (int64, error) {
	if r.PathValue("id") == "" {
		return 0, nil
	}
	return pathID(r)
}

func (s *Server) renderOrgForm(w http.ResponseWriter, r *http.Request, status int, kind string, id int64, f url.Values, formErr error) error {
	data, err := s.orgData(r.Context())
	if err != nil {
		return err
	}
	data["Kind"], data["KindName"], data["ID"], data["F"] = kind, orgKinds[kind], id, f
	if formErr != nil {
		data["Error"] = message(formErr)
	}
	s.render(w, r, status, "org_form", data)
	return nil
}

func (s *Server) handleOrgForm(kind string) authedFunc {
	return func(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
		if !zhixi.CanManageOrg(u) {
			return zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
		}
		id, err := optionalID(r)
		if err != nil {
			return err
		}
		f := r.URL.Query() // e.g. ?street_id=1 from a street's "new community" link
		if id != 0 {
			if f, err = s.recordForm(r.Context(), kind, id); err != nil {
				return err
			}
		}
		return s.renderOrgForm(w, r, http.StatusOK, kind, id, f, nil)
	}
}

// formInt reads an integer field; a non-number is refused naming the field.
func formInt(f url.Values, name, label string) (int64, error) {
	v := strings.TrimSpace(f.Get(name))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, zhixi.Errorf(zhixi.EINVALID, "err.not_a_number", label, v)
	}
	return n, nil
}

func formIDs(f url.Values, name, label string) ([]int64, error) {
	var out []int64
	for _, v := range f[name] {
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || n <= 0 {
			return nil, zhixi.Errorf(zhixi.EINVALID, "err.not_a_number", label, v)
		}
		out = append(out, n)
	}
	return out, nil
}

// saveOrgForm decodes the form of kind and runs its action; it returns
// where to go next.
func (s *Server) saveOrgForm(r *http.Request, u *zhixi.User, kind string, id int64, f url.Values) (string, error) {
	ctx, a := r.Context(), s.actor(r, u)
	errs := make([]error, 0, 4)
	num := func(name, label string) int64 {
		n, err := formInt(f, name, label)
		errs = append(errs, err)
		return n
	}
	list := func(name, label string) []int64 {
		v, err := formIDs(f, name, label)
		errs = append(errs, err)
		return v
	}
	firstErr := func() error {
		for _, e := range errs {
			if e != nil {
				return e
			}
		}
		return nil
	}
	switch kind {
	case "streets":
		x, err := s.org.SaveStreet(ctx, a, id, org.StreetInput{Name: f.Get("name")})
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("/admin/org#street-%d", x.ID), nil
	case "communities":
		in := org.CommunityInput{StreetID: num("street_id", "所属街道"), Name: f.Get("name")}
		if err := firstErr(); err != nil {
			return "", err
		}
		x, err := s.org.SaveCommunity(ctx, a, id, in)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("/admin/org#community-%d", x.ID), nil
	case "rooms":
		in := org.RoomInput{CommunityID: num("community_id", "出借社区"), Name: f.Get("name"), Location: f.Get("location"),
			Seats: int(num("seats", "座位数")), Communities: list("communities", "服务社区"), Supervisors: list("supervisors", "督学")}
		if err := firstErr(); err != nil {
			return "", err
		}
		x, err := s.org.SaveRoom(ctx, a, id, in)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("/admin/org#room-%d", x.ID), nil
	default:
		in := org.AccountInput{Username: f.Get("username"), DisplayName: f.Get("display_name"), Role: zhixi.Role(f.Get("role")),
			CommunityID: num("community_id", "所属社区"), StreetID: num("street_id", "所属街道"), Rooms: list("rooms", "智习室"),
			Password: f.Get("password")}
		if err := firstErr(); err != nil {
			return "", err
		}
		x, err := s.org.SaveAccount(ctx, a, id, in)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("/admin/org#account-%d", x.ID), nil
	}
}

func (s *Server) handleOrgSave(kind string) authedFunc {
	return func(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
		if !zhixi.CanManageOrg(u) {
			return zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
		}
		id, err := optionalID(r)
		if err != nil {
			return err
		}
		if id != 0 {
			// A missing record is a 404; a missing one the form names is
			// the form's error, below.
			if _, err := s.recordForm(r.Context(), kind, id); err != nil {
				return err
			}
		}
		if err := r.ParseForm(); err != nil {
			return zhixi.WrapError(zhixi.EINVALID, "err.bad_form", err)
		}
		next, err := s.saveOrgForm(r, u, kind, id, r.PostForm)
		if err != nil {
			st, ok := formFault(err, http.StatusBadRequest)
			if !ok {
				return err
			}
			// Show the form again with what was typed (never the password).
			r.PostForm.Del("password")
			return s.renderOrgForm(w, r, st, kind, id, r.PostForm, err)
		}
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
}

// formFault reports whether err is the form's to fix, and the status to
// show the form again with: bad, conflicting or throttled input, and a
// missing record where notFound is a status (an invalid code, a record
// the form names) rather than 0. Denials and faults go to the error
// funnel, which audits and logs them.
func formFault(err error, notFound int) (int, bool) {
	code := zhixi.ErrorCode(err)
	switch {
	case zhixi.IsDenial(err):
		return 0, false
	case code == zhixi.EINVALID || code == zhixi.ECONFLICT || code == zhixi.ELOCKED:
		return statusOf[code], true
	case code == zhixi.ENOTFOUND && notFound != 0:
		return notFound, true
	}
	return 0, false
}

func (s *Server) handleAccountDisable(disabled bool) authedFunc {
	return func(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if err := s.org.SetDisabled(r.Context(), s.actor(r, u), id, disabled); err != nil {
			return err
		}
		http.Redirect(w, r, fmt.Sprintf("/admin/org#account-%d", id), http.StatusSeeOther)
		return nil
	}
}

// JSON shapes of the organisation API.
type (
	streetJSON struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	}
	roomJSON struct {
		ID          int64   `json:"id"`
		CommunityID int64   `json:"community_id"`
		Name        string  `json:"name"`
		Location    string  `json:"location"`
		Seats       int     `json:"seats"`
		Communities []int64 `json:"communities"`
		Supervisors []int64 `json:"supervisors"`
	}
	accountJSON struct {
		userJSON
		Disabled bool    `json:"disabled"`
		Rooms    []int64 `json:"rooms,omitempty"`
	}
)

func toRoomJSON(x *zhixi.Room) roomJSON {
	return roomJSON{x.ID, x.CommunityID, x.Name, x.Location, x.Seats, x.Communities, x.Supervisors}
}

func toAccountJSON(u *zhixi.User) accountJSON {
	return accountJSON{toUserJSON(u), u.Disabled, u.Rooms}
}

func (s *Server) apiOrg(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	if !zhixi.CanManageOrg(u) {
		return zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	data, err := s.orgData(r.Context())
	if err != nil {
		return err
	}
	out := struct {
		Streets     []streetJSON    `json:"streets"`
		Communities []communityJSON `json:"communities"`
		Rooms       []roomJSON      `json:"rooms"`
		Accounts    []accountJSON   `json:"accounts"`
	}{[]streetJSON{}, []communityJSON{}, []roomJSON{}, []accountJSON{}}
	for _, x := range data["Streets"].([]zhixi.Street) {
		out.Streets = append(out.Streets, streetJSON{x.ID, x.Name})
	}
	for _, x := range data["Communities"].([]zhixi.Community) {
		out.Communities = append(out.Communities, toCommunityJSON(x))
	}
	for _, x := range data["Rooms"].([]zhixi.Room) {
		out.Rooms = append(out.Rooms, toRoomJSON(&x))
	}
	for _, x := range data["Staff"].([]zhixi.User) {
		out.Accounts = append(out.Accounts, toAccountJSON(&x))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiOrgSave(kind string) authedFunc {
	return func(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
		id, err := optionalID(r)
		if err != nil {
			return err
		}
		ctx, a := r.Context(), s.actor(r, u)
		status := http.StatusOK
		if id == 0 {
			status = http.StatusCreated
		}
		var out any
		switch kind {
		case "streets":
			var in org.StreetInput
			if err := decodeJSON(r, &in); err != nil {
				return err
			}
			x, err := s.org.SaveStreet(ctx, a, id, in)
			if err != nil {
				return err
			}
			out = map[string]any{"street": streetJSON{x.ID, x.Name}}
		case "communities":
			var in org.CommunityInput
			if err := decodeJSON(r, &in); err != nil {
				return err
			}
			x, err := s.org.SaveCommunity(ctx, a, id, in)
			if err != nil {
				return err
			}
			out = map[string]any{"community": toCommunityJSON(*x)}
		case "rooms":
			var in org.RoomInput
			if err := decodeJSON(r, &in); err != nil {
				return err
			}
			x, err := s.org.SaveRoom(ctx, a, id, in)
			if err != nil {
				return err
			}
			out = map[string]any{"room": toRoomJSON(x)}
		default:
			var in org.AccountInput
			if err := decodeJSON(r, &in); err != nil {
				return err
			}
			x, err := s.org.SaveAccount(ctx, a, id, in)
			if err != nil {
				return err
			}
			out = map[string]any{"account": toAccountJSON(x)}
		}
		writeJSON(w, status, out)
		return nil
	}
}

func (s *Server) apiAccountDisable(disabled bool) authedFunc {
	return func(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if err := s.org.SetDisabled(r.Context(), s.actor(r, u), id, disabled); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
}
