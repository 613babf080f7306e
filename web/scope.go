package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/zhixi-org/zhixi"
)

// The loaders below fetch a record and apply the access policy in one
// place. A record the user may not see is reported as not found, so ids
// tried in URLs reveal nothing.

func pathID(r *http.Request) (int64, error) {
	raw := r.PathValue("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return 0, zhixi.Errorf(zhixi.EINVALID, "err.bad_id", raw)
	}
	return id, nil
}

func hidden(err error) error {
	if zhixi.ErrorCode(err) == zhixi.EFORBIDDEN {
		return zhixi.Hidden()
	}
	return err
}

func (s *Server) visibleCommunity(ctx context.Context, u *zhixi.User, id int64) (*zhixi.Community, error) {
	c, err := s.store.Community(ctx, id)
	if err != nil {
		return nil, err
	}
	if !zhixi.CanSeeCommunity(u, c) {
		return nil, zhixi.Hidden()
	}
	return c, nil
}
