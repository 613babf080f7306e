package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/zhixi-org/zhixi"
)

func TestDataRights(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	kid := w.student("王小红")
	mom := w.login("wang_jz")

	// Only the child's guardian (or an admin) exports.
	for _, other := range []string{"li_jz", "minhe", "duxue"} {
		if resp, _ := w.do(w.login(other), "GET", fmt.Sprintf("/api/v1/students/%d/export", kid.ID), nil); resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s exported the child: %d", other, resp.StatusCode)
		}
	}
	_, page := w.do(mom, "GET", fmt.Sprintf("/students/%d/data", kid.ID), nil)
	for _, want := range []string{"王小红的数据", "下载 JSON 文件", "民和社区", "2012-03", "申请删除"} {
		if !strings.Contains(page, want) {
			t.Errorf("the export page does not show %q", want)
		}
	}
	resp, body := w.do(mom, "GET", fmt.Sprintf("/students/%d/data.json", kid.ID), nil)
	var x struct {
		Student   struct{ Name string } `json:"student"`
		Guardians []struct{ Name string }
		AccessLog []struct{ Action string } `json:"access_log"`
	}
	if err := json.Unmarshal([]byte(body), &x); err != nil || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("download: %v %s %.300s", err, resp.Header.Get("Content-Disposition"), body)
	}
	if x.Student.Name != "王小红" || len(x.Guardians) != 1 || len(x.AccessLog) == 0 {
		t.Errorf("download: %+v", x)
	}
	if _, n, _ := w.db.AuditEntries(ctx, zhixi.AuditFilter{StudentID: kid.ID, Action: zhixi.AuditExport}); n != 2 {
		t.Errorf("%d export audit rows, want 2 (page and download)", n)
	}

	// Only a guardian asks for deletion, once.
	if resp, _ := w.postForm(w.login("minhe"), fmt.Sprintf("/students/%d/deletion", kid.ID), nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("staff asked for deletion: %d", resp.StatusCode)
	}
	resp, _ = w.postForm(mom, fmt.Sprintf("/students/%d/deletion", kid.ID), nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("request deletion: %d", resp.StatusCode)
	}
	if _, page = w.do(mom, "GET", resp.Header.Get("Location"), nil); !strings.Contains(page, "删除申请已提交") || !strings.Contains(page, "等待社区工作人员确认") {
		t.Errorf("after the request the page says: %.500s", page)
	}
	if resp, _ := w.do(mom, "POST", fmt.Sprintf("/api/v1/students/%d/deletion", kid.ID), strings.NewReader("{}"), "Content-Type", "application/json"); resp.StatusCode != http.StatusConflict {
		t.Errorf("a second request: %d, want 409", resp.StatusCode)
	}

	// Staff of another community neither see nor confirm it.
	minmao := w.login("minmao")
	if _, body := w.do(minmao, "GET", "/api/v1/deletions", nil); strings.Contains(body, "王小红") {
		t.Errorf("another community's staff see the request: %s", body)
	}
	confirm := func(c *http.Client, name string) *http.Response {
		resp, _ := w.postForm(c, fmt.Sprintf("/students/%d/deletion/confirm", kid.ID), url.Values{"name": {name}})
		return resp
	}
	if resp := confirm(minmao, "王小红"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another community's staff confirmed: %d", resp.StatusCode)
	}
	staff := w.login("minhe")
	if _, page := w.do(staff, "GET", "/deletions", nil); !strings.Contains(page, "王小红") {
		t.Errorf("the staff's list lacks the request: %.500s", page)
	}
	if resp := confirm(staff, "王小"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("confirm with the wrong name: %d, want 400", resp.StatusCode)
	}
	if resp := confirm(staff, "王小红"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d", resp.StatusCode)
	}
	cols, err := w.db.ColumnsContaining(ctx, "王小红")
	if err != nil {
		t.Fatal(err)
	}
	if len(cols) != 0 {
		t.Errorf("the erased child's name is still in %v", cols)
	}
	if resp, _ := w.do(mom, "GET", fmt.Sprintf("/students/%d/data", kid.ID), nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("the erased child's page: %d, want 404", resp.StatusCode)
	}
	entries, _, _ := w.db.AuditEntries(ctx, zhixi.AuditFilter{StudentID: kid.ID, Action: zhixi.AuditDelete})
	if len(entries) != 1 || !strings.Contains(entries[0].Detail, "S-") {
		t.Errorf("erasure audit rows %+v, want one naming the pseudonym", entries)
	}
}
