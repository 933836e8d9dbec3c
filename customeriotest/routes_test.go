package customeriotest

import (
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
)

// seed gives every route of the table something to work on: person 42 with an
// email, manual segment 1 holding them, a transactional send (dlv_00000001),
// broadcast trigger 1 of broadcast 9 and transactional message 1 with a German
// translation.
func seed(t *testing.T, srv *Server) {
	t.Helper()
	if _, err := srv.AddPerson("42", map[string]any{"email": "ada@example.com"}); err != nil {
		t.Fatal(err)
	}
	seg := srv.CreateSegment("vip", true)
	if err := srv.AddToSegment(seg, "42"); err != nil {
		t.Fatal(err)
	}
	srv.AddTransactionalMessage("welcome", "first mail")
	if _, ok := srv.AddTransactionalLanguage(1, "de"); !ok {
		t.Fatal("AddTransactionalLanguage refused")
	}
	srv.mustDo(t, http.StatusOK, app(http.MethodPost, "/v1/send/email", map[string]any{"transactional_message_id": 1, "to": "ada@example.com"}))
	srv.mustDo(t, http.StatusOK, app(http.MethodPost, "/v1/campaigns/9/triggers", map[string]any{"ids": []string{"42"}}))
}

// TestEveryRoute answers each route with its success status given the right
// credential, and 401 given a wrong or missing one (open routes take none).
func TestEveryRoute(t *testing.T) {
	const (
		get, put, post, del = http.MethodGet, http.MethodPut, http.MethodPost, http.MethodDelete
	)
	tests := []struct {
		name   string
		method string
		path   string
		auth   credential
		body   any
		want   int
	}{
		{"track region", get, "/api/v1/accounts/region", trackAuth, nil, 200},
		{"track identify", put, "/api/v1/customers/7", trackAuth, map[string]any{"plan": "pro"}, 200},
		{"track delete", del, "/api/v1/customers/42", trackAuth, nil, 200},
		{"track add device", put, "/api/v1/customers/42/devices", trackAuth, map[string]any{"device": map[string]any{"id": "tok", "platform": "ios"}}, 200},
		{"track delete device", del, "/api/v1/customers/42/devices/tok", trackAuth, nil, 200},
		{"track suppress", post, "/api/v1/customers/42/suppress", trackAuth, nil, 200},
		{"track unsuppress", post, "/api/v1/customers/42/unsuppress", trackAuth, nil, 200},
		{"track event", post, "/api/v1/customers/42/events", trackAuth, map[string]any{"name": "login"}, 200},
		{"track anonymous event", post, "/api/v1/events", trackAuth, map[string]any{"name": "visit", "anonymous_id": "a1"}, 200},
		{"track form", post, "/api/v1/forms/signup/submit", trackAuth, map[string]any{"data": map[string]any{"email": "bo@example.com"}}, 204},
		{"track merge", post, "/api/v1/merge_customers", trackAuth, map[string]any{"primary": map[string]any{"id": "42"}, "secondary": map[string]any{"id": "7"}}, 200},
		{"track metrics", post, "/api/v1/metrics", noAuth, map[string]any{"delivery_id": "dlv_00000001", "metric": "opened"}, 200},
		{"track push events", post, "/api/v1/push/events", noAuth, map[string]any{"delivery_id": "dlv_00000001", "event": "opened", "device_id": "tok"}, 200},
		{"track add to segment", post, "/api/v1/segments/1/add_customers", trackAuth, map[string]any{"ids": []string{"42"}}, 200},
		{"track remove from segment", post, "/api/v1/segments/1/remove_customers", trackAuth, map[string]any{"ids": []string{"42"}}, 200},
		{"track unsubscribe", post, "/unsubscribe/dlv_00000001", noAuth, map[string]any{"unsubscribe": true}, 200},
		{"v2 entity", post, "/api/v2/entity", trackAuth, map[string]any{"type": "person", "action": "identify", "identifiers": map[string]any{"id": "7"}}, 200},
		{"v2 batch", post, "/api/v2/batch", trackAuth, map[string]any{"batch": []any{}}, 200},
		{"app send", post, "/v1/send/push", appAuth, map[string]any{"transactional_message_id": 2, "identifiers": map[string]any{"id": "42"}}, 200},
		{"app customers by email", get, "/v1/customers?email=ada%40example.com", appAuth, nil, 200},
		{"app search", post, "/v1/customers", appAuth, map[string]any{"filter": map[string]any{"segment": map[string]any{"id": 1}}}, 200},
		{"app customers by id", post, "/v1/customers/attributes", appAuth, map[string]any{"ids": []string{"42"}}, 200},
		{"app attributes", get, "/v1/customers/42/attributes", appAuth, nil, 200},
		{"app customer segments", get, "/v1/customers/42/segments", appAuth, nil, 200},
		{"app relationships", get, "/v1/customers/42/relationships", appAuth, nil, 200},
		{"app list segments", get, "/v1/segments", appAuth, nil, 200},
		{"app create segment", post, "/v1/segments", appAuth, map[string]any{"segment": map[string]any{"name": "beta"}}, 200},
		{"app get segment", get, "/v1/segments/1", appAuth, nil, 200},
		{"app delete segment", del, "/v1/segments/1", appAuth, nil, 200},
		{"app membership", get, "/v1/segments/1/membership", appAuth, nil, 200},
		{"app customer count", get, "/v1/segments/1/customer_count", appAuth, nil, 200},
		{"app used by", get, "/v1/segments/1/used_by", appAuth, nil, 200},
		{"app trigger", post, "/v1/campaigns/9/triggers", appAuth, map[string]any{"data": map[string]any{"k": "v"}}, 200},
		{"app trigger status", get, "/v1/campaigns/9/triggers/1", appAuth, nil, 200},
		{"app transactional list", get, "/v1/transactional", appAuth, nil, 200},
		{"app transactional get", get, "/v1/transactional/1", appAuth, nil, 200},
		{"app activities", get, "/v1/customers/42/activities", appAuth, nil, 200},
		{"app messages", get, "/v1/customers/42/messages", appAuth, nil, 200},
		{"app subscription preferences", get, "/v1/customers/42/subscription_preferences", appAuth, nil, 200},
		{"app trigger errors", get, "/v1/campaigns/9/triggers/1/errors", appAuth, nil, 200},
		{"app transactional contents", get, "/v1/transactional/1/contents", appAuth, nil, 200},
		{"app transactional content", get, "/v1/transactional/1/contents/1", appAuth, nil, 200},
		{"app transactional update content", put, "/v1/transactional/1/content/1", appAuth, map[string]any{"subject": "Hi"}, 200},
		{"app transactional variant", get, "/v1/transactional/1/language/de", appAuth, nil, 200},
		{"app transactional update variant", put, "/v1/transactional/1/language/de", appAuth, map[string]any{"body": "Hallo"}, 200},
		{"app transactional metrics", get, "/v1/transactional/1/metrics", appAuth, nil, 200},
		{"app transactional links", get, "/v1/transactional/1/metrics/links", appAuth, nil, 200},
		{"app transactional deliveries", get, "/v1/transactional/1/messages", appAuth, nil, 200},
		{"pipelines identify", post, "/v1/identify", pipelinesAuth, map[string]any{"userId": "42", "traits": map[string]any{"plan": "pro"}}, 200},
		{"pipelines track", post, "/v1/track", pipelinesAuth, map[string]any{"userId": "42", "event": "Signed Up"}, 200},
		{"pipelines page", post, "/v1/page", pipelinesAuth, map[string]any{"anonymousId": "a1", "name": "Home"}, 200},
		{"pipelines screen", post, "/v1/screen", pipelinesAuth, map[string]any{"userId": "42", "name": "Settings"}, 200},
		{"pipelines group", post, "/v1/group", pipelinesAuth, map[string]any{"userId": "42", "groupId": "acme"}, 200},
		{"pipelines alias", post, "/v1/alias", pipelinesAuth, map[string]any{"userId": "42", "previousId": "a1"}, 200},
		{"pipelines batch", post, "/v1/batch", pipelinesAuth, map[string]any{"batch": []any{map[string]any{"type": "track", "userId": "42", "event": "x"}}}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t)
			seed(t, srv)
			r := request{method: tt.method, path: tt.path, auth: tt.auth, body: tt.body}
			resp := srv.mustDo(t, tt.want, r)
			if tt.want != http.StatusNoContent && resp.header.Get("Content-Type") != "application/json" {
				t.Errorf("Content-Type %q, want application/json", resp.header.Get("Content-Type"))
			}
			if tt.auth == noAuth {
				return
			}
			for _, bad := range []credential{noAuth, wrongAuth} {
				r.auth = bad
				srv.mustDo(t, http.StatusUnauthorized, r)
			}
		})
	}
}

// TestCredentialSchemes checks that each API demands its own scheme: a Track
// credential opens neither the App API nor Data Pipelines, and so on.
func TestCredentialSchemes(t *testing.T) {
	srv := newTestServer(t, WithTrackCredentials("site-9", "key-9"), WithAppKey("app-9"), WithWriteKey("wk-9"))
	if srv.SiteID() != "site-9" || srv.APIKey() != "key-9" || srv.AppKey() != "app-9" || srv.WriteKey() != "wk-9" {
		t.Fatal("the ServerOptions did not set the credentials")
	}
	tests := []struct {
		name string
		req  request
		auth func(*http.Request)
		want int
	}{
		{"bearer on track", track(http.MethodGet, "/api/v1/accounts/region", nil), func(r *http.Request) { r.Header.Set("Authorization", "Bearer app-9") }, 401},
		{"track basic on app", app(http.MethodGet, "/v1/segments", nil), func(r *http.Request) { r.SetBasicAuth("site-9", "key-9") }, 401},
		{"write key on app", app(http.MethodGet, "/v1/segments", nil), func(r *http.Request) { r.SetBasicAuth("wk-9", "") }, 401},
		{"bearer on pipelines", pipelines("/v1/track", map[string]any{"userId": "1", "event": "e"}), func(r *http.Request) { r.Header.Set("Authorization", "Bearer app-9") }, 401},
		{"write key with password", pipelines("/v1/track", map[string]any{"userId": "1", "event": "e"}), func(r *http.Request) { r.SetBasicAuth("wk-9", "x") }, 401},
		{"lower-case bearer", app(http.MethodGet, "/v1/segments", nil), func(r *http.Request) { r.Header.Set("Authorization", "bearer app-9") }, 200},
		{"right track", track(http.MethodGet, "/api/v1/accounts/region", nil), func(r *http.Request) { r.SetBasicAuth("site-9", "key-9") }, 200},
		{"right pipelines", pipelines("/v1/track", map[string]any{"userId": "1", "event": "e"}), func(r *http.Request) { r.SetBasicAuth("wk-9", "") }, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := srv.newRequest(t, tt.req)
			tt.auth(req)
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.want)
			}
		})
	}
}

// TestUnknownRouteIsNotImplemented answers a method and path the fake does not
// serve with 501 and a body naming them, in the error shape of the API the path
// belongs to, never with the 404 of a missing resource; a known path with
// another method is 405, and a known route with a missing resource stays 404.
func TestUnknownRouteIsNotImplemented(t *testing.T) {
	srv := newTestServer(t)
	tests := []struct {
		req       request
		want      int
		wantAllow string
		wantText  string
	}{
		{app(http.MethodGet, "/v1/customers/42/unmodelled", nil), 501, "", "GET /v1/customers/42/unmodelled"},
		{app(http.MethodGet, "/v1/newsletters/1/preview", nil), 501, "", "GET /v1/newsletters/1/preview"},
		{track(http.MethodGet, "/api/v3/whatever", nil), 501, "", "GET /api/v3/whatever"},
		{track(http.MethodPost, "/api/v2/nothing", map[string]any{}), 501, "", "POST /api/v2/nothing"},
		{app(http.MethodPost, "/v1/send/carrier_pigeon", map[string]any{}), 404, "", "carrier_pigeon"},
		{app(http.MethodGet, "/v1/segments/77", nil), 404, "", "segment 77 not found"},
		{track(http.MethodGet, "/api/v2/entity", nil), 405, "POST", "GET"},
		{app(http.MethodPut, "/v1/segments/1", nil), 405, "GET, DELETE", "PUT"},
	}
	for _, tt := range tests {
		resp := srv.mustDo(t, tt.want, tt.req)
		var body struct {
			Meta struct {
				Error  string
				Errors []string
			}
			Errors []problem
		}
		resp.decode(t, &body)
		text := body.Meta.Error
		switch {
		case len(body.Meta.Errors) == 1:
			text = body.Meta.Errors[0]
		case len(body.Errors) == 1:
			text = body.Errors[0].Message
		}
		if !strings.Contains(text, tt.wantText) {
			t.Errorf("%s %s: body %s does not name %q", tt.req.method, tt.req.path, resp.body, tt.wantText)
		}
		if tt.want == 501 && strings.Contains(text, "not found") {
			t.Errorf("%s %s: body %s reads like a missing resource", tt.req.method, tt.req.path, resp.body)
		}
		if got := resp.header.Get("Allow"); got != tt.wantAllow {
			t.Errorf("%s %s: Allow %q, want %q", tt.req.method, tt.req.path, got, tt.wantAllow)
		}
	}
}

// TestDocTableListsEveryRoute keeps the package documentation's route table
// and the route table the server serves in step, both ways.
func TestDocTableListsEveryRoute(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for _, line := range strings.Split(string(src), "\n") {
		f := strings.Fields(strings.TrimPrefix(line, "//"))
		if len(f) >= 2 && slices.Contains([]string{"GET", "PUT", "POST", "DELETE"}, f[0]) && strings.HasPrefix(f[1], "/") {
			documented[f[0]+" "+f[1]] = true
		}
	}
	srv := newTestServer(t)
	for _, e := range srv.Endpoints() {
		key := e.Method + " " + e.Path
		if !documented[key] {
			t.Errorf("doc.go's table lacks %s", key)
		}
		delete(documented, key)
	}
	for key := range documented {
		t.Errorf("doc.go's table lists %s, which the server does not serve", key)
	}
}

// TestContentType refuses a body whose Content-Type is not exactly
// application/json, as Customer.io does.
func TestContentType(t *testing.T) {
	srv := newTestServer(t)
	for _, ct := range []string{"application/json; charset=utf-8", "text/plain", ""} {
		req := track(http.MethodPut, "/api/v1/customers/1", map[string]any{"a": 1})
		req.header = map[string]string{"Content-Type": ct}
		resp := srv.mustDo(t, http.StatusBadRequest, req)
		var body struct {
			Meta struct{ Errors []string } `json:"meta"`
		}
		resp.decode(t, &body)
		if len(body.Meta.Errors) != 1 || body.Meta.Errors[0] != "Non-JSON content type" {
			t.Errorf("Content-Type %q: body %s", ct, resp.body)
		}
	}
	// No body, no Content-Type needed.
	srv.mustDo(t, http.StatusOK, track(http.MethodPost, "/api/v1/customers/1/suppress", nil))
	if _, ok := srv.Person("1"); ok {
		t.Error("the refused identify created the person")
	}
}
