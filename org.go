package zhixi

import "context"

// Street is a street office (街道), the top of the organisation tree.
type Street struct {
	ID   int64
	Name string
}

// Community is a 社区 under a street.
type Community struct {
	ID       int64
	StreetID int64
	Name     string
}

// Room is an AI智习室, usually in a party-mass service centre
// (党群服务中心). CommunityID is the community that lends the room;
// Communities are the communities whose students it serves (the lending
// one always among them), so one room can serve 民和社区 and 民懋社区.
type Room struct {
	ID          int64
	CommunityID int64
	Name        string
	Location    string
	Seats       int
	Communities []int64
	// Supervisors are the 督学 accounts assigned to the room.
	Supervisors []int64
}

// Serves reports whether the room serves community id.
func (r *Room) Serves(id int64) bool {
	for _, c := range r.Communities {
		if c == id {
			return true
		}
	}
	return false
}

// CommunityStats are the aggregates a street viewer may see: counts, never
// a minor's name.
type CommunityStats struct {
	Community Community
	Rooms     int
	Seats     int
	Students  int
}

// OrgService manages the organisation tree. Create and Save methods return
// EINVALID for empty names or non-positive seats, ENOTFOUND for a missing
// parent and ECONFLICT for a duplicate name under the same parent.
//
// The Save methods are the changes a person makes: they create the record
// when its ID is 0 and update it otherwise, and write the audit row from
// by (actor, role, address; the store fills action and object) in the
// change's own transaction. The Create methods are system changes
// (seeding, tests) without an audit row.
type OrgService interface {
	CreateStreet(ctx context.Context, s *Street) error
	CreateCommunity(ctx context.Context, c *Community) error
	CreateRoom(ctx context.Context, r *Room) error
	SaveStreet(ctx context.Context, s *Street, by AuditEntry) error
	SaveCommunity(ctx context.Context, c *Community, by AuditEntry) error
	// SaveRoom stores the room with its communities and supervisors;
	// EINVALID if a supervisor id is not a supervisor account.
	SaveRoom(ctx context.Context, r *Room, by AuditEntry) error
	Streets(ctx context.Context) ([]Street, error)
	Street(ctx context.Context, id int64) (*Street, error)
	Community(ctx context.Context, id int64) (*Community, error)
	// Communities lists the communities of a street, all when streetID is 0.
	Communities(ctx context.Context, streetID int64) ([]Community, error)
	Room(ctx context.Context, id int64) (*Room, error)
	// Rooms lists the rooms that serve a community, all when communityID
	// is 0.
	Rooms(ctx context.Context, communityID int64) ([]Room, error)
	CommunityStats(ctx context.Context, streetID int64) ([]CommunityStats, error)
}
