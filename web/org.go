package web

import (
	"context"

	"github.com/zhixi-org/zhixi"
)

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
