// Package demo loads the demo world that `zhixi serve --demo` shows: 开源街道
// with 民和社区 and 民懋社区, one AI智习室 with 12 seats lent by 民和 and
// serving both, one account per role
// and a few students with guardians.
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/password"
)

// Store is what seeding needs.
type Store interface {
	zhixi.OrgService
	zhixi.UserService
	zhixi.StudentService
	RoomStore
}

// Password is the one password of every demo account. It is printed at
// start; the demo is for trying the app, never for real students.
const Password = "zhixi-demo-2026"

// Account is a demo login: a person's name, and what they are in the demo.
type Account struct {
	Username, Name, What string
	Role                 zhixi.Role
}

// Accounts lists the demo logins in the order they are printed.
var Accounts = []Account{
	{"admin", "周经理", "公司管理员", zhixi.RoleAdmin},
	{"jiedao", "陈主任", "开源街道，只看汇总", zhixi.RoleStreetViewer},
	{"minhe", "刘老师", "民和社区工作人员", zhixi.RoleStaff},
	{"minmao", "孙老师", "民懋社区工作人员", zhixi.RoleStaff},
	{"duxue", "张督学", "智习室督学（服务民和、民懋两个社区）", zhixi.RoleSupervisor},
	{"wang_jz", "王女士", "王小明、王小红的妈妈", zhixi.RoleGuardian},
	{"li_jz", "李先生", "李华的爸爸", zhixi.RoleGuardian},
	{"lin_nn", "林奶奶", "林可欣的奶奶（孩子上月做过数学筛查，可看报告）", zhixi.RoleGuardian},
	{"xiaoming", "王小明", "四年级学生（已签同意书）", zhixi.RoleStudent},
	{"lihua", "李华", "六年级学生（已签同意书）", zhixi.RoleStudent},
}

// Seed creates the demo world unless it is there already, so it is safe to
// run on every start.
func Seed(ctx context.Context, st Store, h *password.Hasher) error {
	streets, err := st.Streets(ctx)
	if err != nil {
		return err
	}
	for _, s := range streets {
		if s.Name == "开源街道" {
			return nil
		}
	}
	street := &zhixi.Street{Name: "开源街道"}
	if err := st.CreateStreet(ctx, street); err != nil {
		if zhixi.ErrorCode(err) == zhixi.ECONFLICT {
			return nil // another server sharing the database is seeding it
		}
		return fmt.Errorf("demo street: %w", err)
	}
	minhe := &zhixi.Community{StreetID: street.ID, Name: "民和社区"}
	minmao := &zhixi.Community{StreetID: street.ID, Name: "民懋社区"}
	for _, c := range []*zhixi.Community{minhe, minmao} {
		if err := st.CreateCommunity(ctx, c); err != nil {
			return fmt.Errorf("demo community %s: %w", c.Name, err)
		}
	}
	room := &zhixi.Room{CommunityID: minhe.ID, Name: "AI智习室", Location: "开源街道党群服务中心二楼", Seats: 12,
		Communities: []int64{minhe.ID, minmao.ID}}
	if err := st.CreateRoom(ctx, room); err != nil {
		return fmt.Errorf("demo room: %w", err)
	}
	hash, err := h.Hash(ctx, Password)
	if err != nil {
		return err
	}
	scope := map[string]int64{"minhe": minhe.ID, "minmao": minmao.ID, "xiaoming": minhe.ID, "lihua": minmao.ID}
	users := map[string]*zhixi.User{}
	for _, a := range Accounts {
		u := &zhixi.User{Username: a.Username, DisplayName: a.Name, Role: a.Role, PasswordHash: hash, CommunityID: scope[a.Username]}
		if a.Role == zhixi.RoleStreetViewer {
			u.StreetID = street.ID
		}
		if err := st.CreateUser(ctx, u); err != nil {
			return fmt.Errorf("demo user %s: %w", a.Username, err)
		}
		users[a.Username] = u
	}
	if err := assignSupervisors(ctx, st, room, users["duxue"].ID); err != nil {
		return err
	}
	now := time.Now()
	kids := []struct {
		name, guardian, account string
		community               int64
		grade                   int
		birth                   string
		consent                 bool
	}{
		{"王小明", "wang_jz", "xiaoming", minhe.ID, 4, "2016-10", true},
		{"王小红", "wang_jz", "", minhe.ID, 8, "2012-03", false},
		{"赵一鸣", "", "", minhe.ID, 7, "2013-06", false},
		{"李华", "li_jz", "lihua", minmao.ID, 6, "2014-05", true},
	}
	for _, k := range kids {
		birth, _ := time.Parse("2006-01", k.birth)
		s := &zhixi.Student{CommunityID: k.community, Name: k.name, Grade: k.grade, BirthMonth: birth, CreatedAt: now}
		if k.account != "" {
			s.UserID = users[k.account].ID
		}
		if err := st.CreateStudent(ctx, s); err != nil {
			return fmt.Errorf("demo student %s: %w", k.name, err)
		}
		if k.guardian == "" {
			continue
		}
		g := users[k.guardian]
		relation := "母亲"
		if k.guardian == "li_jz" {
			relation = "父亲"
		}
		if err := st.LinkGuardian(ctx, s.ID, g.ID, relation); err != nil {
			return fmt.Errorf("demo guardian of %s: %w", k.name, err)
		}
		if k.consent {
			if err := st.RecordConsent(ctx, s.ID, g.ID, now); err != nil {
				return fmt.Errorf("demo consent for %s: %w", k.name, err)
			}
		}
	}
	return seedRoomMonth(ctx, st, room, users, now)
}
