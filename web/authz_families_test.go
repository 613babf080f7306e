package web_test

import "github.com/zhixi-org/zhixi"

// The routes of organisation admin, families, consent and tablet sign-in
// in the authorization matrix.
func init() {
	guardian := []zhixi.Role{zhixi.RoleGuardian}
	withdraw := []zhixi.Role{zhixi.RoleAdmin, zhixi.RoleStaff, zhixi.RoleGuardian}
	supervise := []zhixi.Role{zhixi.RoleAdmin, zhixi.RoleSupervisor}
	rules := map[string]rule{
		"GET /admin/org":                              {allow: admin},
		"POST /admin/org/accounts/{id}/disable":       {id: userID, allow: admin},
		"POST /admin/org/accounts/{id}/enable":        {id: userID, allow: admin},
		"GET /api/v1/org":                             {allow: admin},
		"POST /api/v1/accounts/{id}/disable":          {id: userID, allow: admin},
		"POST /api/v1/accounts/{id}/enable":           {id: userID, allow: admin},
		"POST /communities/{id}/families":             {id: communityID, allow: manageStud, form: newStudentForm + "&guardian_name=矩阵&relation=母亲"},
		"POST /students/{id}/invitations":             {id: studentID, allow: manageStud, form: "guardian_name=矩阵&relation=母亲"},
		"GET /join":                                   {public: true},
		"POST /join":                                  {public: true},
		"POST /students/{id}/consent/paper":           {id: studentID, allow: manageStud, form: "guardian_name=王女士&paper_ref=M1&paper_date=2026-01-01"},
		"POST /students/{id}/consent/withdraw":        {id: studentID, allow: withdraw, form: "withdraw=1"},
		"GET /students/{id}/consent/form":             {id: studentID, allow: manageStud},
		"GET /admin/notice":                           {allow: admin},
		"POST /admin/notice":                          {allow: admin, form: "purpose=x"},
		"POST /api/v1/communities/{id}/families":      {id: communityID, allow: manageStud, form: `{"children":[` + newStudentJSON + `]}`},
		"POST /api/v1/students/{id}/invitations":      {id: studentID, allow: manageStud, form: `{"name":"矩阵","relation":"母亲"}`},
		"POST /api/v1/invitations/accept":             {public: true},
		"GET /api/v1/notice":                          {public: true},
		"PUT /api/v1/notice":                          {allow: admin, form: `{}`},
		"POST /api/v1/students/{id}/consent":          {id: studentID, allow: guardian, form: `{}`},
		"POST /api/v1/students/{id}/consent/withdraw": {id: studentID, allow: withdraw, form: `{}`},
		"GET /api/v1/students/{id}/consents":          {id: studentID, allow: seeStud},
		"GET /tablet":                                 {public: true},
		"POST /tablet":                                {public: true},
		"POST /api/v1/tablet/sign-in":                 {public: true},
		"POST /rooms/{id}/tablet-codes":               {id: roomID, allow: supervise, form: "student_id=0"},
		"POST /rooms/{id}/tablet-handover":            {id: roomID, allow: supervise, form: "student_id=0"},
		"POST /api/v1/rooms/{id}/tablet-codes":        {id: roomID, allow: supervise, form: `{"student_id":0}`},
	}
	kinds := map[string]target{"streets": streetID, "communities": communityID, "rooms": roomID, "accounts": userID}
	for kind, id := range kinds {
		rules["GET /admin/org/"+kind+"/new"] = rule{allow: admin}
		rules["GET /admin/org/"+kind+"/{id}"] = rule{id: id, allow: admin}
		rules["POST /admin/org/"+kind] = rule{allow: admin, form: "name="}
		rules["POST /admin/org/"+kind+"/{id}"] = rule{id: id, allow: admin, form: "name="}
		rules["POST /api/v1/"+kind] = rule{allow: admin, form: `{}`}
		rules["PUT /api/v1/"+kind+"/{id}"] = rule{id: id, allow: admin, form: `{}`}
	}
	for p, r := range rules {
		routeRules[p] = r
	}
}
