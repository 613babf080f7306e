package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/learn"
)

// The authorization matrix: every route the server registers × every
// role (and anonymous) × a record in the caller's own scope and one in
// another street's, asserting allow or deny. A route missing from
// routeRules fails the test, so a new route cannot ship unclassified.
// Denials of a logged-in user must also leave a "deny" audit row.

// target is the kind of record a route's {id} names.
type target int

const (
	noID target = iota
	streetID
	communityID
	roomID
	studentID
	screeningID
	itemID
	accountID
	guardianID // the scope student's guardian (not a route id)
)

// rule classifies one route: what its {id} is, and who may use it on a
// record of their own scope. On another street's record only the admin
// may, and only where allow lists the admin. public routes need no login and are not
// driven here (login and logout have their own tests).
type rule struct {
	id     target
	public bool
	allow  []zhixi.Role // on their own record; nil with public
	// form is the body of a POST page (form) or API call (JSON);
	// {student}, {street}, {community} stand for the scope's ids.
	form string
	// last routes change what other routes need (a withdrawn consent, a
	// session handed over): they run after all others, each on a fresh
	// login.
	last bool
	// regrant gives the scope's student consent again before each
	// request (withdrawing needs one to withdraw).
	regrant bool
}

var (
	everyone   = zhixi.Roles
	admin      = []zhixi.Role{zhixi.RoleAdmin}
	seeCommun  = []zhixi.Role{zhixi.RoleAdmin, zhixi.RoleStaff, zhixi.RoleSupervisor, zhixi.RoleStreetViewer}
	listStud   = []zhixi.Role{zhixi.RoleAdmin, zhixi.RoleStaff, zhixi.RoleSupervisor}
	manageStud = []zhixi.Role{zhixi.RoleAdmin, zhixi.RoleStaff}
	seeStud    = []zhixi.Role{zhixi.RoleAdmin, zhixi.RoleStaff, zhixi.RoleSupervisor, zhixi.RoleGuardian, zhixi.RoleStudent}
	runStud    = []zhixi.Role{zhixi.RoleAdmin, zhixi.RoleStaff, zhixi.RoleSupervisor, zhixi.RoleStudent}
	guardian   = []zhixi.Role{zhixi.RoleGuardian}
	superRoom  = []zhixi.Role{zhixi.RoleAdmin, zhixi.RoleSupervisor}
	withdraw   = []zhixi.Role{zhixi.RoleAdmin, zhixi.RoleStaff, zhixi.RoleGuardian}
)

const (
	newStudentForm = "name=矩阵&grade=3&birth_month=2017-01"
	newStudentJSON = `{"name":"矩阵","grade":3,"birth_month":"2017-01"}`
	answerForm     = "item=math.g3.frac.1&answer=A"
	answerJSON     = `{"item":"math.g3.frac.1","answer":"A"}`
	familyForm     = "name=矩阵&grade=3&birth_month=2017-01&guardian_name=矩阵家长&relation=母亲&phone=13800000000"
	familyJSON     = `{"guardian":{"name":"矩阵家长","relation":"母亲","phone":"13800000000"},"children":[{"name":"矩阵","grade":3,"birth_month":"2017-01"}]}`
	guardianJSON   = `{"name":"矩阵家长","relation":"母亲","phone":"13800000001"}`
	noticeJSON     = `{"purpose":"p","kept":"k","place":"p","retention":"r","access":"a","rights":"r"}`
)

var routeRules = map[string]rule{
	"GET /login":   {public: true},
	"POST /login":  {public: true},
	"POST /logout": {public: true},

	"GET /{$}":                                      {allow: everyone},
	"GET /me":                                       {allow: everyone},
	"GET /admin":                                    {allow: admin},
	"GET /admin/audit":                              {allow: admin},
	"POST /admin/models/fit":                        {allow: admin},
	"GET /admin/content":                            {allow: admin},
	"GET /admin/content/{subject}":                  {allow: admin},
	"GET /admin/content/items":                      {allow: admin},
	"GET /admin/content/items/{id}":                 {id: itemID, allow: admin},
	"POST /admin/content/items/{id}":                {id: itemID, allow: admin, form: "answer=A"},
	"GET /streets/{id}":                             {id: streetID, allow: []zhixi.Role{zhixi.RoleAdmin, zhixi.RoleStreetViewer}},
	"GET /communities/{id}":                         {id: communityID, allow: seeCommun},
	"GET /rooms/{id}":                               {id: roomID, allow: seeCommun},
	"GET /students/{id}":                            {id: studentID, allow: seeStud},
	"POST /communities/{id}/students":               {id: communityID, allow: manageStud, form: newStudentForm},
	"POST /students/{id}/consent":                   {id: studentID, allow: guardian, form: "agree=1"},
	"GET /guardian":                                 {allow: guardian},
	"POST /students/{id}/screenings":                {id: studentID, allow: runStud, form: "subject=math"},
	"GET /screenings/{id}":                          {id: screeningID, allow: seeStud},
	"POST /screenings/{id}/answer":                  {id: screeningID, allow: runStud, form: answerForm},
	"POST /screenings/{id}/stop":                    {id: screeningID, allow: runStud, form: "stop=1"},
	"GET /students/{id}/practice/{subject}":         {id: studentID, allow: runStud},
	"POST /students/{id}/practice/{subject}/answer": {id: studentID, allow: runStud, form: answerForm},

	"POST /api/v1/login":                                    {public: true},
	"POST /api/v1/logout":                                   {public: true},
	"GET /api/v1/me":                                        {allow: everyone},
	"GET /api/v1/communities":                               {allow: everyone},
	"GET /api/v1/communities/{id}/stats":                    {id: communityID, allow: seeCommun},
	"GET /api/v1/communities/{id}/students":                 {id: communityID, allow: listStud},
	"POST /api/v1/communities/{id}/students":                {id: communityID, allow: manageStud, form: newStudentJSON},
	"GET /api/v1/students/{id}":                             {id: studentID, allow: seeStud},
	"GET /api/v1/audit":                                     {allow: admin},
	"POST /api/v1/students/{id}/screenings":                 {id: studentID, allow: runStud, form: `{"subject":"math"}`},
	"GET /api/v1/screenings/{id}":                           {id: screeningID, allow: seeStud},
	"POST /api/v1/screenings/{id}/answers":                  {id: screeningID, allow: runStud, form: answerJSON},
	"POST /api/v1/screenings/{id}/stop":                     {id: screeningID, allow: runStud, form: `{}`},
	"POST /api/v1/students/{id}/practice/{subject}/next":    {id: studentID, allow: runStud, form: `{}`},
	"POST /api/v1/students/{id}/practice/{subject}/answers": {id: studentID, allow: runStud, form: answerJSON},

	// Organisation (admin only).
	"GET /admin/org":                        {allow: admin},
	"GET /admin/org/{kind}/new":             {allow: admin},
	"GET /admin/org/{kind}/{id}":            {id: communityID, allow: admin},
	"POST /admin/org/{kind}":                {allow: admin, form: "street_id={street}&name=矩阵社区"},
	"POST /admin/org/{kind}/{id}":           {id: communityID, allow: admin, form: "street_id={street}&name=矩阵社区"},
	"POST /admin/org/accounts/{id}/disable": {id: accountID, allow: admin},
	"POST /admin/org/accounts/{id}/enable":  {id: accountID, allow: admin},
	"GET /api/v1/org":                       {allow: admin},
	"POST /api/v1/streets":                  {allow: admin, form: `{"name":"矩阵街道"}`},
	"PUT /api/v1/streets/{id}":              {id: streetID, allow: admin, form: `{"name":"矩阵街道"}`},
	"POST /api/v1/communities":              {allow: admin, form: `{"street_id":{street},"name":"矩阵社区2"}`},
	"PUT /api/v1/communities/{id}":          {id: communityID, allow: admin, form: `{"street_id":{street},"name":"矩阵社区3"}`},
	"POST /api/v1/rooms":                    {allow: admin, form: `{"community_id":{community},"name":"矩阵室","location":"x","seats":2}`},
	"PUT /api/v1/rooms/{id}":                {id: roomID, allow: admin, form: `{"community_id":{community},"name":"矩阵室","location":"x","seats":2}`},
	"POST /api/v1/accounts":                 {allow: admin, form: `{"username":"matrix_new","display_name":"矩阵","role":"staff","community_id":{community},"password":"matrix-pass-2026"}`},
	"PUT /api/v1/accounts/{id}":             {id: accountID, allow: admin, form: `{"display_name":"矩阵","role":"staff","community_id":{community}}`},
	"POST /api/v1/accounts/{id}/disable":    {id: accountID, allow: admin, form: `{}`},
	"POST /api/v1/accounts/{id}/enable":     {id: accountID, allow: admin, form: `{}`},

	// Families, consent and the notice.
	"POST /communities/{id}/families":             {id: communityID, allow: manageStud, form: familyForm},
	"POST /students/{id}/invitations":             {id: studentID, allow: manageStud, form: "guardian_name=矩阵家长&relation=母亲&phone=13800000002"},
	"GET /join":                                   {public: true},
	"POST /join":                                  {public: true},
	"POST /students/{id}/consent/paper":           {id: studentID, allow: manageStud, form: "guardian_name=矩阵家长&paper_ref=A1&paper_date=2026-11-01"},
	"POST /students/{id}/consent/withdraw":        {id: studentID, allow: withdraw, last: true, regrant: true},
	"GET /students/{id}/consent/form":             {id: studentID, allow: manageStud},
	"GET /admin/notice":                           {allow: admin},
	"POST /admin/notice":                          {allow: admin, form: "purpose=p&kept=k&place=p&retention=r&access=a&rights=r"},
	"POST /api/v1/communities/{id}/families":      {id: communityID, allow: manageStud, form: familyJSON},
	"POST /api/v1/students/{id}/invitations":      {id: studentID, allow: manageStud, form: guardianJSON},
	"POST /api/v1/invitations/accept":             {public: true},
	"GET /api/v1/notice":                          {public: true},
	"PUT /api/v1/notice":                          {allow: admin, form: noticeJSON},
	"POST /api/v1/students/{id}/consent":          {id: studentID, allow: guardian, form: `{}`},
	"POST /api/v1/students/{id}/consent/withdraw": {id: studentID, allow: withdraw, form: `{}`, last: true, regrant: true},
	"GET /api/v1/students/{id}/consents":          {id: studentID, allow: seeStud},

	// Room tablets.
	"GET /tablet":                          {public: true},
	"POST /tablet":                         {public: true},
	"POST /rooms/{id}/tablet-codes":        {id: roomID, allow: superRoom, form: "student_id={student}"},
	"POST /rooms/{id}/tablet-handover":     {id: roomID, allow: superRoom, form: "student_id={student}", last: true},
	"POST /api/v1/rooms/{id}/tablet-codes": {id: roomID, allow: superRoom, form: `{"student_id":{student}}`},
	"POST /api/v1/tablet/sign-in":          {public: true},
}

// roleUser is the demo account of each role; their own records are in 民和社区
// of 开源街道 (王小明 and his screening), the others in a second street.
var roleUser = map[zhixi.Role]string{
	zhixi.RoleAdmin: "admin", zhixi.RoleStreetViewer: "jiedao", zhixi.RoleStaff: "minhe",
	zhixi.RoleSupervisor: "duxue", zhixi.RoleGuardian: "wang_jz", zhixi.RoleStudent: "xiaoming",
}

func TestAuthorizationMatrix(t *testing.T) {
	bank := contentBank(t)
	w := newWorld(t, bank)
	ctx := context.Background()
	if _, err := learn.SyncContent(ctx, w.db, bank, time.Now()); err != nil {
		t.Fatal(err)
	}
	routes := w.app.Routes()
	for _, p := range routes {
		if _, ok := routeRules[p]; !ok {
			t.Errorf("route %q is not classified in routeRules: say who may use it", p)
		}
	}
	for p := range routeRules {
		if !slices.Contains(routes, p) {
			t.Errorf("routeRules classifies %q, which the server does not register", p)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	own, other := w.matrixRecords(ctx)
	clients := map[zhixi.Role]*http.Client{}
	for role, name := range roleUser {
		clients[role] = w.login(name)
	}
	denials := func() int {
		_, n, err := w.db.AuditEntries(ctx, zhixi.AuditFilter{Action: zhixi.AuditDeny})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	cases := 0
	// Routes marked last run after the others.
	ordered := slices.Clone(routes)
	slices.SortStableFunc(ordered, func(a, b string) int {
		return boolInt(routeRules[a].last) - boolInt(routeRules[b].last)
	})
	for _, pattern := range ordered {
		rl := routeRules[pattern]
		if rl.public {
			continue
		}
		method, _, _ := strings.Cut(pattern, " ")
		scopes := []map[target]string{own}
		if rl.id != noID && rl.id != itemID {
			scopes = append(scopes, other)
		}
		for i, ids := range scopes {
			mine := i == 0
			path := routePath(pattern, rl.id, ids)
			form := strings.NewReplacer("{student}", ids[studentID], "{street}", ids[streetID], "{community}", ids[communityID]).Replace(rl.form)
			// Anonymous: always refused.
			resp, body := w.send(w.client(), method, path, form)
			if !refused(resp) {
				t.Errorf("anonymous %s %s: %d, want a refusal: %.200s", method, path, resp.StatusCode, body)
			}
			for _, role := range zhixi.Roles {
				want := slices.Contains(rl.allow, role) && (mine || role == zhixi.RoleAdmin)
				before := denials()
				c := clients[role]
				if rl.last {
					c = w.login(roleUser[role])
				}
				if rl.regrant {
					sid, _ := strconv.ParseInt(ids[studentID], 10, 64)
					gid, _ := strconv.ParseInt(ids[guardianID], 10, 64)
					_ = w.db.RecordConsent(ctx, sid, gid, time.Now()) // already given is fine
				}
				resp, body := w.send(c, method, path, form)
				cases++
				switch {
				case resp.StatusCode >= 500:
					t.Errorf("%s %s %s: %d %.300s", role, method, path, resp.StatusCode, body)
				case want && refused(resp):
					t.Errorf("%s %s %s (own=%v): refused %d, want allowed: %.300s", role, method, path, mine, resp.StatusCode, body)
				case !want && !refused(resp):
					t.Errorf("%s %s %s (own=%v): allowed %d, want refused: %.300s", role, method, path, mine, resp.StatusCode, body)
				case !want && denials() != before+1:
					t.Errorf("%s %s %s: refused without a deny audit row", role, method, path)
				}
			}
		}
	}
	t.Logf("%d routes, %d role × route × scope cases", len(routes), cases)
}

// refused: 401, 403, 404, or a page sending the browser to log in.
func refused(resp *http.Response) bool {
	switch resp.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound:
		return true
	case http.StatusSeeOther, http.StatusFound:
		return strings.HasPrefix(resp.Header.Get("Location"), "/login")
	}
	return false
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func routePath(pattern string, id target, ids map[target]string) string {
	_, path, _ := strings.Cut(pattern, " ")
	kind := "communities"
	if id == accountID {
		kind = "accounts"
	}
	path = strings.ReplaceAll(path, "{kind}", kind)
	path = strings.TrimSuffix(path, "{$}")
	path = strings.ReplaceAll(path, "{subject}", "math")
	return strings.ReplaceAll(path, "{id}", ids[id])
}

func (w *world) send(c *http.Client, method, path, body string) (*http.Response, string) {
	if method == "GET" {
		return w.do(c, method, path, nil)
	}
	ct := "application/x-www-form-urlencoded"
	if strings.HasPrefix(path, "/api/") {
		ct = "application/json"
	}
	return w.do(c, method, path, strings.NewReader(body), "Content-Type", ct)
}

// matrixRecords returns the ids of the demo's own-scope records and of a
// second street's, with a screening under way for each student.
func (w *world) matrixRecords(ctx context.Context) (own, other map[target]string) {
	t := w.t
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	minhe := w.community("民和社区")
	rooms, err := w.db.Rooms(ctx, minhe.ID)
	must(err)
	ming := w.student("王小明")

	street := &zhixi.Street{Name: "别的街道"}
	must(w.db.CreateStreet(ctx, street))
	c := &zhixi.Community{StreetID: street.ID, Name: "别的社区"}
	must(w.db.CreateCommunity(ctx, c))
	room := &zhixi.Room{CommunityID: c.ID, Name: "别的智习室", Location: "别处", Seats: 4}
	must(w.db.CreateRoom(ctx, room))
	g := &zhixi.User{Username: "other_jz", DisplayName: "别的家长", Role: zhixi.RoleGuardian, PasswordHash: "x"}
	must(w.db.CreateUser(ctx, g))
	kid := &zhixi.Student{CommunityID: c.ID, Name: "别的学生", Grade: 4, BirthMonth: time.Date(2016, 3, 1, 0, 0, 0, 0, time.UTC), CreatedAt: time.Now()}
	must(w.db.CreateStudent(ctx, kid))
	must(w.db.LinkGuardian(ctx, kid.ID, g.ID, "母亲"))
	must(w.db.RecordConsent(ctx, kid.ID, g.ID, time.Now()))

	acct := func(name string, community int64) string {
		u := &zhixi.User{Username: name, DisplayName: name, Role: zhixi.RoleStaff, PasswordHash: "x", CommunityID: community}
		must(w.db.CreateUser(ctx, u))
		return fmt.Sprint(u.ID)
	}
	adm := w.login("admin")
	screen := func(id int64) string {
		code, r := w.screening(adm, "POST", fmt.Sprintf("/api/v1/students/%d/screenings", id), `{"subject":"math"}`)
		if code != 200 {
			t.Fatalf("start screening of %d: %d %+v", id, code, r.Error)
		}
		return fmt.Sprint(r.Screening.ID)
	}
	id := func(n int64) string { return fmt.Sprint(n) }
	own = map[target]string{streetID: id(minhe.StreetID), communityID: id(minhe.ID), roomID: id(rooms[0].ID),
		studentID: id(ming.ID), screeningID: screen(ming.ID), itemID: url.PathEscape("math.g3.frac.1"),
		accountID: acct("matrix_own", minhe.ID), guardianID: id(w.user("wang_jz").ID)}
	other = map[target]string{streetID: id(street.ID), communityID: id(c.ID), roomID: id(room.ID),
		studentID: id(kid.ID), screeningID: screen(kid.ID), accountID: acct("matrix_other", c.ID), guardianID: id(g.ID)}
	return own, other
}

func (w *world) user(name string) *zhixi.User {
	w.t.Helper()
	u, err := w.db.UserByUsername(context.Background(), name)
	if err != nil {
		w.t.Fatal(err)
	}
	return u
}
