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

// Room is an AI智习室 lent by a community, usually in its party-mass
// service centre (党群服务中心).
type Room struct {
	ID          int64
	CommunityID int64
	Name        string
	Location    string
	Seats       int
}

// CommunityStats are the aggregates a street viewer may see: counts, never
// a minor's name.
type CommunityStats struct {
	Community Community
	Rooms     int
	Seats     int
	Students  int
}

// OrgService manages the organisation tree. Create methods return
// EINVALID for empty names or non-positive seats, ENOTFOUND for a missing
// parent and ECONFLICT for a duplicate name under the same parent.
type OrgService interface {
	CreateStreet(ctx context.Context, s *Street) error
	CreateCommunity(ctx context.Context, c *Community) error
	CreateRoom(ctx context.Context, r *Room) error
	Streets(ctx context.Context) ([]Street, error)
	Community(ctx context.Context, id int64) (*Community, error)
	// Communities lists the communities of a street, all when streetID is 0.
	Communities(ctx context.Context, streetID int64) ([]Community, error)
	Room(ctx context.Context, id int64) (*Room, error)
	// Rooms lists the rooms of a community, all when communityID is 0.
	Rooms(ctx context.Context, communityID int64) ([]Room, error)
	CommunityStats(ctx context.Context, streetID int64) ([]CommunityStats, error)
}
