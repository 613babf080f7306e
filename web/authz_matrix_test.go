package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
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
	userID // a staff account, for the admin's account forms
)

// rule classifies one route: what its {id} is, and who may use it on a
// record of their own scope. On another street's record only the admin
// may, and only where allow lists the admin. public routes need no login and are not
// driven here (login and logout have their own tests).
type rule struct {
	id     target
	public bool
	allow  []zhixi.Role // on their own record; nil with public
	form   string       // body of a POST page (form) or API call (JSON)
}

var (
	everyone   = zhixi.Roles
	admin      = []zhixi.Role{zhixi.RoleAdmin}
	seeCommun  = []zhixi.Role{zhixi.RoleAdmin, zhixi.RoleStaff, zhixi.RoleSupervisor, zhixi.RoleStreetViewer}
	listStud   = []zhixi.Role{zhixi.RoleAdmin, zhixi.RoleStaff, zhixi.RoleSupervisor}
	manageStud = []zhixi.Role{zhixi.RoleAdmin, zhixi.RoleStaff}
	seeStud    = []zhixi.Role{zhixi.RoleAdmin, zhixi.RoleStaff, zhixi.RoleSupervisor, zhixi.RoleGuardian, zhixi.RoleStudent}
	runStud    = []zhixi.Role{zhixi.RoleAdmin, zhixi.RoleStaff, zhixi.RoleSupervisor, zhixi.RoleStudent}
	chooseStud = []zhixi.Role{zhixi.RoleAdmin, zhixi.RoleSupervisor} // a supervisor's choice for a student's practice
	watchRoom  = []zhixi.Role{zhixi.RoleAdmin, zhixi.RoleStaff, zhixi.RoleSupervisor}
	shareRep   = []zhixi.Role{zhixi.RoleAdmin, zhixi.RoleStaff, zhixi.RoleSupervisor, zhixi.RoleGuardian}
	guardian   = []zhixi.Role{zhixi.RoleGuardian}
	runRoom    = listStud // admin, staff of a served community, the room's supervisors
	familyRoom = []zhixi.Role{zhixi.RoleAdmin, zhixi.RoleStaff, zhixi.RoleSupervisor, zhixi.RoleGuardian}
	readLedger = seeCommun
	exportStud = []zhixi.Role{zhixi.RoleAdmin, zhixi.RoleGuardian}
)

const (
	newStudentForm = "name=矩阵&grade=3&birth_month=2017-01"
	newStudentJSON = `{"name":"矩阵","grade":3,"birth_month":"2017-01"}`
	answerForm     = "item=math.g3.frac.1&answer=A"
	answerJSON     = `{"item":"math.g3.frac.1","answer":"A"}`
)

var routeRules = map[string]rule{
	"GET /login":   {public: true},
	"POST /login":  {public: true},
	"POST /logout": {public: true},

	"GET /{$}":                                           {allow: everyone},
	"GET /me":                                            {allow: everyone},
	"GET /admin":                                         {allow: admin},
	"GET /admin/audit":                                   {allow: admin},
	"POST /admin/models/fit":                             {allow: admin},
	"GET /admin/content":                                 {allow: admin},
	"GET /admin/content/{subject}":                       {allow: admin},
	"GET /admin/content/items":                           {allow: admin},
	"GET /admin/content/items/{id}":                      {id: itemID, allow: admin},
	"POST /admin/content/items/{id}":                     {id: itemID, allow: admin, form: "answer=A"},
	"GET /streets/{id}":                                  {id: streetID, allow: []zhixi.Role{zhixi.RoleAdmin, zhixi.RoleStreetViewer}},
	"GET /communities/{id}":                              {id: communityID, allow: seeCommun},
	"GET /rooms/{id}":                                    {id: roomID, allow: seeCommun},
	"GET /students/{id}":                                 {id: studentID, allow: seeStud},
	"POST /communities/{id}/students":                    {id: communityID, allow: manageStud, form: newStudentForm},
	"POST /students/{id}/consent":                        {id: studentID, allow: []zhixi.Role{zhixi.RoleGuardian}, form: "agree=1"},
	"GET /guardian":                                      {allow: []zhixi.Role{zhixi.RoleGuardian}},
	"POST /students/{id}/screenings":                     {id: studentID, allow: runStud, form: "subject=math"},
	"GET /screenings/{id}":                               {id: screeningID, allow: seeStud},
	"POST /screenings/{id}/answer":                       {id: screeningID, allow: runStud, form: answerForm},
	"POST /screenings/{id}/stop":                         {id: screeningID, allow: runStud, form: "stop=1"},
	"GET /screenings/{id}/stop":                          {id: screeningID, allow: seeStud},
	"POST /students/{id}/practice/{subject}/start":       {id: studentID, allow: runStud, form: "start=1"},
	"GET /students/{id}/practice/{subject}":              {id: studentID, allow: runStud},
	"POST /students/{id}/practice/{subject}/answer":      {id: studentID, allow: runStud, form: answerForm},
	"POST /students/{id}/practice/{subject}/above-grade": {id: studentID, allow: chooseStud, form: "above_grade=1"},

	// The report (the matrix's screening is under way: allowed callers get
	// 409 "not ready", the others the usual refusal) and the room board.
	"GET /screenings/{id}/report":                 {id: screeningID, allow: seeStud},
	"GET /screenings/{id}/report/kid":             {id: screeningID, allow: seeStud},
	"GET /screenings/{id}/report/print":           {id: screeningID, allow: seeStud},
	"GET /screenings/{id}/report.pdf":             {id: screeningID, allow: seeStud},
	"POST /screenings/{id}/report/share":          {id: screeningID, allow: shareRep},
	"GET /shared/reports/{token}":                 {public: true},
	"GET /shared/reports/{token}/print":           {public: true},
	"GET /api/v1/screenings/{id}/report":          {id: screeningID, allow: seeStud},
	"POST /api/v1/screenings/{id}/report/share":   {id: screeningID, allow: shareRep, form: `{}`},
	"POST /rooms/{id}/hands/{hand}/answer":        {id: roomID, allow: watchRoom},
	"POST /rooms/{id}/alerts/{alert}/ack":         {id: roomID, allow: watchRoom},
	"POST /rooms/{id}/notes":                      {id: roomID, allow: watchRoom, form: "body=x"},
	"POST /rooms/{id}/interpretations":            {id: roomID, allow: watchRoom, form: "mode=phone"},
	"POST /students/{id}/hand":                    {id: studentID, allow: runStud, form: "next=/"},
	"GET /api/v1/rooms/{id}/board":                {id: roomID, allow: watchRoom},
	"POST /api/v1/students/{id}/hand":             {id: studentID, allow: runStud, form: `{}`},
	"POST /api/v1/rooms/{id}/hands/{hand}/answer": {id: roomID, allow: watchRoom, form: `{}`},
	"POST /api/v1/rooms/{id}/alerts/{alert}/ack":  {id: roomID, allow: watchRoom, form: `{}`},
	"POST /api/v1/rooms/{id}/notes":               {id: roomID, allow: watchRoom, form: `{}`},
	"POST /api/v1/students/{id}/interpretations":  {id: studentID, allow: watchRoom, form: `{}`},
	"GET /rooms/{id}/calendar":                    {id: roomID, allow: manageStud},
	"POST /rooms/{id}/settings":                   {id: roomID, allow: manageStud, form: "form=settings"},
	"POST /rooms/{id}/closures":                   {id: roomID, allow: manageStud, form: "reason=x"},
	"POST /rooms/{id}/closures/cancel":            {id: roomID, allow: manageStud},
	"POST /rooms/{id}/uses":                       {id: roomID, allow: manageStud, form: "title=x"},
	"POST /rooms/{id}/uses/cancel":                {id: roomID, allow: manageStud},
	"POST /rooms/{id}/holidays":                   {id: roomID, allow: manageStud, form: "yaml="},
	"POST /rooms/{id}/bookings":                   {id: roomID, allow: familyRoom, form: "kind=screening"},
	"POST /rooms/{id}/bookings/cancel":            {id: roomID, allow: runRoom},
	"POST /rooms/{id}/checkins":                   {id: roomID, allow: runRoom},
	"POST /rooms/{id}/checkouts":                  {id: roomID, allow: runRoom},
	"POST /rooms/{id}/presence":                   {id: roomID, allow: runRoom, form: "start=0"},
	"GET /guardian/bookings":                      {allow: guardian},
	"POST /guardian/bookings":                     {allow: guardian, form: "kind=screening"},
	"POST /guardian/bookings/cancel":              {allow: guardian},
	"POST /guardian/quota":                        {allow: guardian, form: "category=低保"},
	"GET /guardian/activities":                    {allow: guardian},
	"POST /guardian/activities":                   {allow: guardian},
	"POST /guardian/activities/cancel":            {allow: guardian},
	"GET /api/v1/guardian/activities":             {allow: guardian},
	"GET /communities/{id}/quota":                 {id: communityID, allow: manageStud},
	"POST /communities/{id}/quota":                {id: communityID, allow: manageStud, form: "category=低保"},
	"POST /communities/{id}/quota/places":         {id: communityID, allow: manageStud, form: "places=5"},
	"POST /communities/{id}/quota/verify":         {id: communityID, allow: manageStud},
	"POST /communities/{id}/quota/approve":        {id: communityID, allow: manageStud},
	"POST /communities/{id}/quota/reject":         {id: communityID, allow: manageStud},
	"POST /communities/{id}/quota/release":        {id: communityID, allow: manageStud},
	"GET /ledger":                                 {allow: readLedger},
	"GET /ledger.xlsx":                            {allow: readLedger},
	"GET /ledger/compliance":                      {allow: admin},
	"GET /ledger/compliance.xlsx":                 {allow: admin},
	"GET /rooms/{id}/activities":                  {id: roomID, allow: runRoom},
	"POST /rooms/{id}/activities":                 {id: roomID, allow: manageStud, form: "title="},
	"POST /rooms/{id}/activities/summary":         {id: roomID, allow: manageStud},
	"POST /rooms/{id}/materials":                  {id: roomID, allow: manageStud},
	"POST /rooms/{id}/materials/give":             {id: roomID, allow: manageStud},
	"POST /rooms/{id}/registrations/register":     {id: roomID, allow: familyRoom},
	"POST /rooms/{id}/registrations/cancel":       {id: roomID, allow: familyRoom},
	"POST /rooms/{id}/registrations/attended":     {id: roomID, allow: runRoom},
	"POST /rooms/{id}/registrations/absent":       {id: roomID, allow: runRoom},

	"GET /api/v1/rooms/{id}/openings":                {id: roomID, allow: everyone},
	"GET /api/v1/rooms/{id}/guard":                   {id: roomID, allow: everyone},
	"GET /api/v1/rooms/{id}/settings":                {id: roomID, allow: manageStud},
	"PUT /api/v1/rooms/{id}/settings":                {id: roomID, allow: manageStud, form: `{}`},
	"GET /api/v1/rooms/{id}/calendar":                {id: roomID, allow: manageStud},
	"POST /api/v1/rooms/{id}/closures":               {id: roomID, allow: manageStud, form: `{}`},
	"POST /api/v1/rooms/{id}/closures/cancel":        {id: roomID, allow: manageStud, form: `{}`},
	"POST /api/v1/rooms/{id}/uses":                   {id: roomID, allow: manageStud, form: `{}`},
	"POST /api/v1/rooms/{id}/uses/cancel":            {id: roomID, allow: manageStud, form: `{}`},
	"GET /api/v1/holidays":                           {allow: everyone},
	"POST /api/v1/holidays":                          {allow: manageStud, form: `{}`},
	"POST /api/v1/rooms/{id}/bookings":               {id: roomID, allow: familyRoom, form: `{}`},
	"GET /api/v1/rooms/{id}/day":                     {id: roomID, allow: runRoom},
	"GET /api/v1/bookings":                           {allow: guardian},
	"POST /api/v1/bookings/cancel":                   {allow: familyRoom, form: `{}`},
	"POST /api/v1/rooms/{id}/checkins":               {id: roomID, allow: runRoom, form: `{}`},
	"POST /api/v1/rooms/{id}/checkouts":              {id: roomID, allow: runRoom, form: `{}`},
	"POST /api/v1/rooms/{id}/presence":               {id: roomID, allow: runRoom, form: `{"start":false}`},
	"GET /api/v1/quota":                              {allow: guardian},
	"POST /api/v1/quota":                             {allow: []zhixi.Role{zhixi.RoleAdmin, zhixi.RoleStaff, zhixi.RoleGuardian}, form: `{}`},
	"GET /api/v1/communities/{id}/quota":             {id: communityID, allow: manageStud},
	"PUT /api/v1/communities/{id}/quota/places":      {id: communityID, allow: manageStud, form: `{}`},
	"POST /api/v1/communities/{id}/quota/verify":     {id: communityID, allow: manageStud, form: `{}`},
	"POST /api/v1/communities/{id}/quota/approve":    {id: communityID, allow: manageStud, form: `{}`},
	"POST /api/v1/communities/{id}/quota/reject":     {id: communityID, allow: manageStud, form: `{}`},
	"POST /api/v1/communities/{id}/quota/release":    {id: communityID, allow: manageStud, form: `{}`},
	"GET /api/v1/ledger":                             {allow: readLedger},
	"GET /api/v1/ledger/compliance":                  {allow: admin},
	"GET /api/v1/rooms/{id}/activities":              {id: roomID, allow: runRoom},
	"POST /api/v1/rooms/{id}/activities":             {id: roomID, allow: manageStud, form: `{}`},
	"POST /api/v1/rooms/{id}/activities/summary":     {id: roomID, allow: manageStud, form: `{}`},
	"GET /api/v1/rooms/{id}/materials":               {id: roomID, allow: runRoom},
	"POST /api/v1/rooms/{id}/materials":              {id: roomID, allow: manageStud, form: `{}`},
	"POST /api/v1/rooms/{id}/materials/give":         {id: roomID, allow: manageStud, form: `{}`},
	"POST /api/v1/rooms/{id}/registrations/register": {id: roomID, allow: familyRoom, form: `{}`},
	"POST /api/v1/rooms/{id}/registrations/cancel":   {id: roomID, allow: familyRoom, form: `{}`},
	"POST /api/v1/rooms/{id}/registrations/attended": {id: roomID, allow: runRoom, form: `{}`},
	"POST /api/v1/rooms/{id}/registrations/absent":   {id: roomID, allow: runRoom, form: `{}`},
	"GET /account/password":                          {allow: everyone},
	"POST /account/password":                         {allow: everyone, form: "current=wrong&new=a-new-pass-1&confirm=a-new-pass-1"},
	"GET /reset":                                     {public: true},
	"POST /reset":                                    {public: true},
	"GET /accounts":                                  {allow: manageStud},
	"GET /accounts/{id}":                             {id: userID, allow: manageStud},
	"POST /accounts/{id}/unlock":                     {id: userID, allow: manageStud, form: "x=1"},
	"POST /accounts/{id}/reset-code":                 {id: userID, allow: manageStud, form: "x=1"},
	"GET /students/{id}/data":                        {id: studentID, allow: exportStud},
	"GET /students/{id}/data.json":                   {id: studentID, allow: exportStud},
	"POST /students/{id}/deletion":                   {id: studentID, allow: guardian, form: "x=1"},
	"GET /deletions":                                 {allow: manageStud},
	"POST /students/{id}/deletion/confirm":           {id: studentID, allow: manageStud, form: "name=不是这个名字"},
	"POST /api/v1/me/password":                       {allow: everyone, form: `{"current":"wrong","new":"a-new-pass-1"}`},
	"POST /api/v1/password-reset":                    {public: true},
	"GET /api/v1/users/{id}/safety":                  {id: userID, allow: manageStud},
	"POST /api/v1/users/{id}/unlock":                 {id: userID, allow: manageStud, form: `{}`},
	"POST /api/v1/users/{id}/reset-code":             {id: userID, allow: manageStud, form: `{}`},
	"GET /api/v1/students/{id}/export":               {id: studentID, allow: exportStud},
	"POST /api/v1/students/{id}/deletion":            {id: studentID, allow: guardian, form: `{}`},
	"GET /api/v1/deletions":                          {allow: manageStud},
	"POST /api/v1/students/{id}/deletion/confirm":    {id: studentID, allow: manageStud, form: `{"name":"不是这个名字"}`},
	"GET /api/v1/communities/{id}/screening-counts":  {id: communityID, allow: seeCommun},

	"POST /api/v1/login":                                        {public: true},
	"POST /api/v1/logout":                                       {public: true},
	"GET /api/v1/me":                                            {allow: everyone},
	"GET /api/v1/communities":                                   {allow: everyone},
	"GET /api/v1/communities/{id}/stats":                        {id: communityID, allow: seeCommun},
	"GET /api/v1/communities/{id}/students":                     {id: communityID, allow: listStud},
	"POST /api/v1/communities/{id}/students":                    {id: communityID, allow: manageStud, form: newStudentJSON},
	"GET /api/v1/students/{id}":                                 {id: studentID, allow: seeStud},
	"GET /api/v1/audit":                                         {allow: admin},
	"POST /api/v1/students/{id}/screenings":                     {id: studentID, allow: runStud, form: `{"subject":"math"}`},
	"GET /api/v1/screenings/{id}":                               {id: screeningID, allow: seeStud},
	"POST /api/v1/screenings/{id}/answers":                      {id: screeningID, allow: runStud, form: answerJSON},
	"POST /api/v1/screenings/{id}/stop":                         {id: screeningID, allow: runStud, form: `{}`},
	"POST /api/v1/students/{id}/practice/{subject}/next":        {id: studentID, allow: runStud, form: `{}`},
	"GET /api/v1/students/{id}/practice/{subject}":              {id: studentID, allow: runStud},
	"POST /api/v1/students/{id}/practice/{subject}/answers":     {id: studentID, allow: runStud, form: answerJSON},
	"POST /api/v1/students/{id}/practice/{subject}/above-grade": {id: studentID, allow: chooseStud, form: `{"above_grade":true}`},
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
	for _, pattern := range routes {
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
			// Anonymous: always refused.
			resp, body := w.send(w.client(), method, path, rl.form)
			if !refused(resp) {
				t.Errorf("anonymous %s %s: %d, want a refusal: %.200s", method, path, resp.StatusCode, body)
			}
			for _, role := range zhixi.Roles {
				want := slices.Contains(rl.allow, role) && (mine || role == zhixi.RoleAdmin)
				before := denials()
				resp, body := w.send(clients[role], method, path, rl.form)
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

func routePath(pattern string, id target, ids map[target]string) string {
	_, path, _ := strings.Cut(pattern, " ")
	path = strings.TrimSuffix(path, "{$}")
	path = strings.NewReplacer("{subject}", "math", "{hand}", "0", "{alert}", "0").Replace(path)
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

	ownStaff := &zhixi.User{Username: "matrix_staff", DisplayName: "矩阵", Role: zhixi.RoleStaff, CommunityID: minhe.ID, PasswordHash: "x"}
	must(w.db.CreateUser(ctx, ownStaff))
	otherStaff := &zhixi.User{Username: "other_staff", DisplayName: "别的", Role: zhixi.RoleStaff, CommunityID: c.ID, PasswordHash: "x"}
	must(w.db.CreateUser(ctx, otherStaff))

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
		studentID: id(ming.ID), screeningID: screen(ming.ID), itemID: url.PathEscape("math.g3.frac.1"), userID: id(ownStaff.ID)}
	other = map[target]string{streetID: id(street.ID), communityID: id(c.ID), roomID: id(room.ID),
		studentID: id(kid.ID), screeningID: screen(kid.ID), userID: id(otherStaff.ID)}
	return own, other
}
