package customeriotest

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// downloadPath reads the link of a download answer as a path of srv.
func downloadPath(t *testing.T, srv *Server, resp response) string {
	t.Helper()
	link, _ := resp.object(t)["url"].(string)
	path, ok := strings.CutPrefix(link, srv.URL())
	if !ok || !strings.HasPrefix(path, "/downloads/") {
		t.Fatalf("download link %q is not served by the fake at %s", link, srv.URL())
	}
	return path
}

// TestExportGoesFromPendingToDoneAndServesItsCSV: a deliveries export of a
// newsletter is pending on creation and first read, done from the second,
// and its link serves the CSV of that newsletter's deliveries only, without
// credentials.
func TestExportGoesFromPendingToDoneAndServesItsCSV(t *testing.T) {
	srv := newTestServer(t)
	for _, p := range []struct{ id, name string }{{"ada", "Ada"}, {"alan", "Alan"}} {
		if _, err := srv.AddPerson(p.id, map[string]any{"email": p.id + "@example.com", "first_name": p.name}); err != nil {
			t.Fatal(err)
		}
	}
	spring := srv.AddSentNewsletter("Spring news", "Spring news", customerio.ByID("ada"))
	srv.AddSentNewsletter("Other news", "Other news", customerio.ByID("alan"))
	created := srv.mustDo(t, 200, app(http.MethodPost, "/v1/exports/deliveries", map[string]any{"newsletter_id": spring, "attributes": []string{"first_name"}}))
	export := created.object(t)["export"].(map[string]any)
	if export["status"] != "pending" || export["type"] != "deliveries" || export["id"] != 1.0 {
		t.Fatalf("created %v", export)
	}
	srv.mustDo(t, 400, app(http.MethodGet, "/v1/exports/1/download", nil))
	for i, want := range []string{"pending", "done"} {
		got := srv.mustDo(t, 200, app(http.MethodGet, "/v1/exports/1", nil)).object(t)["export"].(map[string]any)
		if got["status"] != want {
			t.Fatalf("read %d: status %v, want %s", i+1, got["status"], want)
		}
	}
	path := downloadPath(t, srv, srv.mustDo(t, 200, app(http.MethodGet, "/v1/exports/1/download", nil)))
	file := srv.mustDo(t, 200, request{method: http.MethodGet, path: path})
	if ct := file.header.Get("Content-Type"); ct != "text/csv" {
		t.Errorf("Content-Type %q", ct)
	}
	lines := strings.Split(strings.TrimSpace(string(file.body)), "\n")
	if len(lines) != 2 || !strings.Contains(lines[1], ",ada,ada@example.com,Spring news,email,") || !strings.HasSuffix(lines[1], ",Ada") {
		t.Errorf("file:\n%s", file.body)
	}
	list := srv.mustDo(t, 200, app(http.MethodGet, "/v1/exports", nil)).object(t)["exports"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["downloads"] != 1.0 || list[0].(map[string]any)["total"] != 1.0 {
		t.Errorf("list %v", list)
	}
	srv.mustDo(t, 404, request{method: http.MethodGet, path: "/downloads/not-a-token"})
}

// TestExportLinkExpiresAfter15Minutes: the link works until 15 minutes by
// the server's clock, then answers 403.
func TestExportLinkExpiresAfter15Minutes(t *testing.T) {
	var now atomic.Int64
	now.Store(1_800_000_000)
	srv := newTestServer(t, WithClock(func() time.Time { return time.Unix(now.Load(), 0) }))
	srv.mustDo(t, 200, app(http.MethodPost, "/v1/exports/customers", map[string]any{"filters": map[string]any{"attribute": map[string]any{"field": "plan", "operator": "exists"}}}))
	srv.mustDo(t, 200, app(http.MethodGet, "/v1/exports/1", nil))
	srv.mustDo(t, 200, app(http.MethodGet, "/v1/exports/1", nil))
	path := downloadPath(t, srv, srv.mustDo(t, 200, app(http.MethodGet, "/v1/exports/1/download", nil)))
	now.Add(15 * 60)
	srv.mustDo(t, 200, request{method: http.MethodGet, path: path})
	now.Add(1)
	srv.mustDo(t, 403, request{method: http.MethodGet, path: path})
}

// TestCustomersExportHoldsThePeopleTheFilterMatches, with the attributes
// asked for as columns.
func TestCustomersExportHoldsThePeopleTheFilterMatches(t *testing.T) {
	srv := newTestServer(t)
	for _, p := range []struct{ id, plan string }{{"1", "pro"}, {"2", "free"}, {"3", "pro"}} {
		if _, err := srv.AddPerson(p.id, map[string]any{"email": p.id + "@example.com", "plan": p.plan}); err != nil {
			t.Fatal(err)
		}
	}
	srv.mustDo(t, 200, app(http.MethodPost, "/v1/exports/customers", map[string]any{
		"filters":    map[string]any{"attribute": map[string]any{"field": "plan", "operator": "eq", "value": "pro"}},
		"attributes": []string{"plan"},
	}))
	srv.mustDo(t, 200, app(http.MethodGet, "/v1/exports/1", nil))
	srv.mustDo(t, 200, app(http.MethodGet, "/v1/exports/1", nil))
	path := downloadPath(t, srv, srv.mustDo(t, 200, app(http.MethodGet, "/v1/exports/1/download", nil)))
	got := string(srv.mustDo(t, 200, request{method: http.MethodGet, path: path}).body)
	p1, _ := srv.Person("1")
	p3, _ := srv.Person("3")
	want := "id,email,cio_id,plan\n1,1@example.com," + p1.CIOID + ",pro\n3,3@example.com," + p3.CIOID + ",pro\n"
	if got != want {
		t.Errorf("file\n%s\nwant\n%s", got, want)
	}
}

func TestExportRequestsAreChecked(t *testing.T) {
	srv := newTestServer(t)
	for _, body := range []map[string]any{
		{},
		{"newsletter_id": 1, "campaign_id": 2},
		{"newsletter_id": 0},
		{"newsletter_id": 1, "metric": "read"},
		{"newsletter_id": 1, "attributes": []any{1}},
	} {
		srv.mustDo(t, 400, app(http.MethodPost, "/v1/exports/deliveries", body))
	}
	srv.mustDo(t, 400, app(http.MethodPost, "/v1/exports/customers", map[string]any{}))
	srv.mustDo(t, 400, app(http.MethodPost, "/v1/exports/customers", map[string]any{"filters": map[string]any{"nope": 1}}))
	srv.mustDo(t, 404, app(http.MethodGet, "/v1/exports/1", nil))
	srv.mustDo(t, 404, app(http.MethodGet, "/v1/exports/1/download", nil))
}

// TestImportIsQueuedThenImported: an import answers preprocessing, then
// reads imported; bad requests are 400.
func TestImportIsQueuedThenImported(t *testing.T) {
	srv := newTestServer(t)
	started := srv.mustDo(t, 200, app(http.MethodPost, "/v1/imports", map[string]any{"import": map[string]any{
		"name": "signups", "data_file_url": "https://files.example.com/a.csv", "type": "people", "identifier": "email",
	}})).object(t)["import"].(map[string]any)
	if started["state"] != "preprocessing" || started["id"] != 1.0 || started["data_to_process"] != "all" {
		t.Fatalf("started %v", started)
	}
	got := srv.mustDo(t, 200, app(http.MethodGet, "/v1/imports/1", nil)).object(t)["import"].(map[string]any)
	if got["state"] != "imported" || got["name"] != "signups" {
		t.Errorf("read %v", got)
	}
	srv.mustDo(t, 404, app(http.MethodGet, "/v1/imports/2", nil))
	for _, imp := range []map[string]any{
		{"data_file_url": "https://x/a.csv", "type": "people", "identifier": "id"},
		{"name": "n", "data_file_url": "https://x/a.csv", "type": "devices", "identifier": "id"},
		{"name": "n", "data_file_url": "https://x/a.csv", "type": "people", "identifier": "cio_id"},
		{"name": "n", "data_file_url": "https://x/a.csv", "type": "object"},
	} {
		srv.mustDo(t, 400, app(http.MethodPost, "/v1/imports", map[string]any{"import": imp}))
	}
	srv.mustDo(t, 200, app(http.MethodPost, "/v1/imports", map[string]any{"import": map[string]any{
		"name": "accounts", "data_file_url": "https://x/a.csv", "type": "object", "object_type_id": 1,
	}}))
}
