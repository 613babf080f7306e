package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// The seed's one room serves 民和社区 and 民懋社区: 民懋's staff see it on
// their community page and can open it.
func TestSharedRoomVisibleToBothCommunities(t *testing.T) {
	w := newWorld(t)
	for _, tt := range []struct{ user, community string }{{"minhe", "民和社区"}, {"minmao", "民懋社区"}} {
		t.Run(tt.user, func(t *testing.T) {
			c := w.login(tt.user)
			resp, body := w.do(c, "GET", fmt.Sprintf("/communities/%d", w.community(tt.community).ID), nil)
			if resp.StatusCode != http.StatusOK || strings.Contains(body, "暂无智习室") || !strings.Contains(body, "AI智习室") {
				t.Fatalf("community page: %d %.400s", resp.StatusCode, body)
			}
			i := strings.Index(body, `href="/rooms/`)
			path := body[i+6 : i+6+strings.Index(body[i+6:], `"`)]
			resp, body = w.do(c, "GET", path, nil)
			if resp.StatusCode != http.StatusOK || !strings.Contains(body, "服务社区：民和社区、民懋社区") {
				t.Fatalf("room page %s: %d %.600s", path, resp.StatusCode, body)
			}
		})
	}
}
