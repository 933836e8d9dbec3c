package customeriotest

import (
	"net/http"
	"reflect"
	"testing"
	"time"
)

func TestIdentifyMergesAttributes(t *testing.T) {
	srv := newTestServer(t)
	srv.mustDo(t, 200, track(http.MethodPut, "/api/v1/customers/42", map[string]any{
		"email": "ada@example.com", "plan": "free", "age": 36, "created_at": 1700000000, "nick": "ada",
	}))
	srv.mustDo(t, 200, track(http.MethodPut, "/api/v1/customers/42", map[string]any{
		"plan": "pro", "nick": "", "score": nil, "tags": []string{"a"},
	}))
	p, ok := srv.Person("42")
	if !ok {
		t.Fatal("person 42 not found")
	}
	want := map[string]any{"email": "ada@example.com", "plan": "pro", "age": 36.0, "created_at": 1700000000.0, "tags": []any{"a"}}
	if !reflect.DeepEqual(p.Attributes, want) {
		t.Errorf("attributes %v, want %v", p.Attributes, want)
	}
	if p.CreatedAt != 1700000000 || p.Email != "ada@example.com" || p.CIOID == "" {
		t.Errorf("person %+v", p)
	}
	byEmail, ok := srv.PersonByEmail("ADA@example.com")
	if !ok || byEmail.CIOID != p.CIOID {
		t.Errorf("PersonByEmail: %+v, %v", byEmail, ok)
	}
	byCio, ok := srv.PersonByCIOID("cio_" + p.CIOID)
	if !ok || byCio.ID != "42" {
		t.Errorf("PersonByCIOID: %+v, %v", byCio, ok)
	}
}

func TestIdentifyIdentifiers(t *testing.T) {
	tests := []struct {
		name  string
		steps []request
		check func(t *testing.T, srv *Server)
	}{
		{
			name:  "update only never creates",
			steps: []request{track(http.MethodPut, "/api/v1/customers/9", map[string]any{"_update": true, "a": 1})},
			check: func(t *testing.T, srv *Server) {
				if _, ok := srv.Person("9"); ok {
					t.Error("_update created a person")
				}
			},
		},
		{
			name: "update only updates",
			steps: []request{
				track(http.MethodPut, "/api/v1/customers/9", map[string]any{"a": 1}),
				track(http.MethodPut, "/api/v1/customers/9", map[string]any{"_update": true, "a": 2}),
			},
			check: func(t *testing.T, srv *Server) {
				if p, _ := srv.Person("9"); p.Attributes["a"] != 2.0 {
					t.Errorf("a = %v", p.Attributes["a"])
				}
			},
		},
		{
			name: "email path then id in body joins one person",
			steps: []request{
				track(http.MethodPut, "/api/v1/customers/bo@example.com", map[string]any{"plan": "x"}),
				track(http.MethodPut, "/api/v1/customers/77", map[string]any{"email": "bo@example.com"}),
			},
			check: func(t *testing.T, srv *Server) {
				if n := len(srv.People()); n != 1 {
					t.Fatalf("%d people, want 1", n)
				}
				if p, ok := srv.Person("77"); !ok || p.Email != "bo@example.com" || p.Attributes["plan"] != "x" {
					t.Errorf("person %+v", p)
				}
			},
		},
		{
			name: "email held by someone else is skipped",
			steps: []request{
				track(http.MethodPut, "/api/v1/customers/1", map[string]any{"email": "x@example.com"}),
				track(http.MethodPut, "/api/v1/customers/2", map[string]any{"email": "x@example.com", "plan": "p"}),
			},
			check: func(t *testing.T, srv *Server) {
				p, _ := srv.Person("2")
				if p.Email != "" || p.Attributes["email"] != nil || p.Attributes["plan"] != "p" {
					t.Errorf("person 2 %+v", p)
				}
			},
		},
		{
			name: "older _timestamp is ignored",
			steps: []request{
				track(http.MethodPut, "/api/v1/customers/5", map[string]any{"_timestamp": 200, "v": "new"}),
				track(http.MethodPut, "/api/v1/customers/5", map[string]any{"_timestamp": 100, "v": "old"}),
			},
			check: func(t *testing.T, srv *Server) {
				if p, _ := srv.Person("5"); p.Attributes["v"] != "new" {
					t.Errorf("v = %v", p.Attributes["v"])
				}
			},
		},
		{
			name: "id changes only through cio_id",
			steps: []request{
				track(http.MethodPut, "/api/v1/customers/old", map[string]any{"id": "new"}),
				track(http.MethodPut, "/api/v1/customers/cio_03000001", map[string]any{"id": "newer"}),
			},
			check: func(t *testing.T, srv *Server) {
				if _, ok := srv.Person("new"); ok {
					t.Error("id changed without cio_id")
				}
				if p, ok := srv.Person("newer"); !ok || p.CIOID != "03000001" {
					t.Errorf("person %+v, %v", p, ok)
				}
			},
		},
		{
			name:  "unknown cio_id is dropped",
			steps: []request{track(http.MethodPut, "/api/v1/customers/cio_ffffffff", map[string]any{"a": 1})},
			check: func(t *testing.T, srv *Server) {
				if n := len(srv.People()); n != 0 {
					t.Errorf("%d people", n)
				}
			},
		},
		{
			name: "escaped ids stay one segment",
			steps: []request{
				track(http.MethodPut, "/api/v1/customers/a%2Fb", map[string]any{}),
				track(http.MethodPut, "/api/v1/customers/%2B15551234567", map[string]any{}),
			},
			check: func(t *testing.T, srv *Server) {
				for _, id := range []string{"a/b", "+15551234567"} {
					if _, ok := srv.Person(id); !ok {
						t.Errorf("no person %q", id)
					}
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t)
			for _, step := range tt.steps {
				srv.mustDo(t, 200, step)
			}
			tt.check(t, srv)
		})
	}
}

func TestIdentifyLimits(t *testing.T) {
	srv := newTestServer(t)
	tests := []struct {
		name string
		path string
		body map[string]any
	}{
		{"id over 150 bytes", "/api/v1/customers/" + repeat("i", 151), map[string]any{}},
		{"attribute name over 150 bytes", "/api/v1/customers/1", map[string]any{repeat("n", 151): 1}},
		{"attribute value over 1000 bytes", "/api/v1/customers/1", map[string]any{"bio": repeat("v", 1001)}},
		{"bad relationships", "/api/v1/customers/1", map[string]any{"cio_relationships": map[string]any{"action": "add_relationships", "relationships": []any{map[string]any{"identifiers": map[string]any{"object_type_id": "x", "object_id": "1"}}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := srv.mustDo(t, http.StatusBadRequest, track(http.MethodPut, tt.path, tt.body))
			var body struct {
				Meta struct{ Errors []string } `json:"meta"`
			}
			resp.decode(t, &body)
			if len(body.Meta.Errors) == 0 {
				t.Errorf("no meta.errors in %s", resp.body)
			}
		})
	}
	if n := len(srv.People()); n != 0 {
		t.Errorf("%d people after refused calls", n)
	}
}

func repeat(s string, n int) string {
	b := make([]byte, 0, n*len(s))
	for range n {
		b = append(b, s...)
	}
	return string(b)
}

func TestDeleteSuppressUnsuppress(t *testing.T) {
	srv := newTestServer(t)
	srv.mustDo(t, 200, track(http.MethodPut, "/api/v1/customers/3", map[string]any{"email": "c@example.com"}))
	srv.mustDo(t, 200, track(http.MethodPost, "/api/v1/customers/3/suppress", nil))
	if _, ok := srv.Person("3"); ok {
		t.Fatal("suppress kept the profile")
	}
	if !srv.Suppressed("3") || !srv.Suppressed("C@example.com") {
		t.Fatal("identifiers not suppressed")
	}
	// Suppressed identifiers are accepted and dropped, by id and by email.
	srv.mustDo(t, 200, track(http.MethodPut, "/api/v1/customers/3", map[string]any{"a": 1}))
	srv.mustDo(t, 200, track(http.MethodPut, "/api/v1/customers/9", map[string]any{"email": "c@example.com"}))
	srv.mustDo(t, 200, track(http.MethodPost, "/api/v1/customers/3/events", map[string]any{"name": "e"}))
	if n := len(srv.People()); n != 0 {
		t.Fatalf("%d people re-created while suppressed", n)
	}
	srv.mustDo(t, 200, track(http.MethodPost, "/api/v1/customers/3/unsuppress", nil))
	if srv.Suppressed("3") || srv.Suppressed("c@example.com") {
		t.Fatal("unsuppress kept the block")
	}
	if _, ok := srv.Person("3"); ok {
		t.Fatal("unsuppress restored the profile")
	}
	srv.mustDo(t, 200, track(http.MethodPut, "/api/v1/customers/3", map[string]any{"a": 1}))
	srv.mustDo(t, 200, track(http.MethodDelete, "/api/v1/customers/3", nil))
	if _, ok := srv.Person("3"); ok {
		t.Fatal("delete kept the profile")
	}
}

func TestDevices(t *testing.T) {
	srv := newTestServer(t, WithClock(func() time.Time { return time.Unix(1800000000, 0) }))
	srv.mustDo(t, 200, track(http.MethodPut, "/api/v1/customers/1/devices", map[string]any{"device": map[string]any{"id": "tok/1", "platform": "ios", "attributes": map[string]any{"app_version": "2"}}}))
	srv.mustDo(t, 200, track(http.MethodPut, "/api/v1/customers/2/devices", map[string]any{"device": map[string]any{"id": "tok/2", "platform": "android", "last_used": 1700000000}}))
	p1, _ := srv.Person("1")
	want := []Device{{Token: "tok/1", Platform: "ios", LastUsed: 1800000000, Attributes: map[string]any{"app_version": "2"}}}
	if !reflect.DeepEqual(p1.Devices, want) {
		t.Fatalf("devices %+v, want %+v", p1.Devices, want)
	}
	// A token belongs to one person: adding it to 2 takes it from 1.
	srv.mustDo(t, 200, track(http.MethodPut, "/api/v1/customers/2/devices", map[string]any{"device": map[string]any{"id": "tok/1", "platform": "ios"}}))
	if p1, _ = srv.Person("1"); len(p1.Devices) != 0 {
		t.Errorf("person 1 kept %+v", p1.Devices)
	}
	srv.mustDo(t, 200, track(http.MethodDelete, "/api/v1/customers/2/devices/tok%2F2", nil))
	p2, _ := srv.Person("2")
	if len(p2.Devices) != 1 || p2.Devices[0].Token != "tok/1" {
		t.Errorf("person 2 devices %+v", p2.Devices)
	}
	for _, bad := range []map[string]any{
		{},
		{"device": map[string]any{"platform": "ios"}},
		{"device": map[string]any{"id": "t", "platform": "windows"}},
	} {
		srv.mustDo(t, http.StatusBadRequest, track(http.MethodPut, "/api/v1/customers/1/devices", bad))
	}
}

func TestEventsDeduplicateByID(t *testing.T) {
	srv := newTestServer(t)
	event := map[string]any{"id": "01HZY0000000000000000000AA", "name": "purchase", "data": map[string]any{"price": 9.5}, "timestamp": 1700000000}
	for range 3 {
		srv.mustDo(t, 200, track(http.MethodPost, "/api/v1/customers/1/events", event))
	}
	srv.mustDo(t, 200, track(http.MethodPost, "/api/v1/customers/1/events", map[string]any{"name": "page.html", "type": "page"}))
	events := srv.Events("1")
	if len(events) != 2 {
		t.Fatalf("%d events, want 2: %+v", len(events), events)
	}
	want := Event{ID: "01HZY0000000000000000000AA", Name: "purchase", Type: "event", Timestamp: 1700000000, Data: map[string]any{"price": 9.5}}
	if !reflect.DeepEqual(events[0], want) {
		t.Errorf("event %+v, want %+v", events[0], want)
	}
	if events[1].Type != "page" {
		t.Errorf("second event %+v", events[1])
	}
	for _, bad := range []map[string]any{{}, {"name": "x", "type": "click"}, {"name": "x", "data": "no"}, {"name": repeat("n", 101)}} {
		srv.mustDo(t, http.StatusBadRequest, track(http.MethodPost, "/api/v1/customers/1/events", bad))
	}
}

func TestAnonymousEventsJoinOnIdentify(t *testing.T) {
	now := time.Unix(1800000000, 0)
	srv := newTestServer(t, WithClock(func() time.Time { return now }))
	old := now.Add(-31 * 24 * time.Hour).Unix()
	srv.mustDo(t, 200, track(http.MethodPost, "/api/v1/events", map[string]any{"name": "visit", "anonymous_id": "anon-1"}))
	srv.mustDo(t, 200, track(http.MethodPost, "/api/v1/events", map[string]any{"name": "ancient", "anonymous_id": "anon-1", "timestamp": old}))
	srv.mustDo(t, 200, track(http.MethodPost, "/api/v1/events", map[string]any{"name": "other", "anonymous_id": "anon-2"}))
	srv.mustDo(t, 200, track(http.MethodPost, "/api/v1/events", map[string]any{"name": "nobody"}))
	srv.mustDo(t, 200, track(http.MethodPut, "/api/v1/customers/5", map[string]any{"anonymous_id": "anon-1"}))
	if got := srv.Events("5"); len(got) != 1 || got[0].Name != "visit" || got[0].AnonymousID != "anon-1" {
		t.Errorf("person events %+v", got)
	}
	var names []string
	for _, e := range srv.AnonymousEvents() {
		names = append(names, e.Name)
	}
	if want := []string{"ancient", "other", "nobody"}; !reflect.DeepEqual(names, want) {
		t.Errorf("anonymous events %v, want %v", names, want)
	}
}

func TestMergeCustomers(t *testing.T) {
	srv := newTestServer(t)
	srv.mustDo(t, 200, track(http.MethodPut, "/api/v1/customers/1", map[string]any{"plan": "pro"}))
	srv.mustDo(t, 200, track(http.MethodPut, "/api/v1/customers/two@example.com", map[string]any{"plan": "free", "city": "Oslo"}))
	srv.mustDo(t, 200, track(http.MethodPost, "/api/v1/customers/two@example.com/events", map[string]any{"name": "e"}))
	srv.mustDo(t, 200, track(http.MethodPost, "/api/v1/merge_customers", map[string]any{
		"primary": map[string]any{"id": 1}, "secondary": map[string]any{"email": "two@example.com"},
	}))
	p, _ := srv.Person("1")
	if p.Attributes["plan"] != "pro" || p.Attributes["city"] != "Oslo" || p.Email != "two@example.com" {
		t.Errorf("merged person %+v", p)
	}
	if len(srv.People()) != 1 || len(srv.Events("1")) != 1 {
		t.Errorf("people %d, events %d", len(srv.People()), len(srv.Events("1")))
	}
	if got := srv.Merges(); len(got) != 1 || got[0].Primary.ID != "1" || got[0].Secondary.Email != "two@example.com" {
		t.Errorf("merges %+v", got)
	}
	resp := srv.mustDo(t, http.StatusBadRequest, track(http.MethodPost, "/api/v1/merge_customers", map[string]any{
		"primary": map[string]any{"id": "1", "email": "x@example.com"}, "secondary": map[string]any{"id": "2"},
	}))
	var body struct {
		Meta struct{ Error string } `json:"meta"`
	}
	resp.decode(t, &body)
	if body.Meta.Error == "" {
		t.Errorf("merge error body %s, want meta.error", resp.body)
	}
}

func TestFormsMetricsUnsubscribe(t *testing.T) {
	srv := newTestServer(t)
	resp := srv.mustDo(t, http.StatusNoContent, track(http.MethodPost, "/api/v1/forms/signup/submit", map[string]any{
		"data": map[string]any{"email": "f@example.com", "name": "Fay", "form_name": "ignored"},
	}))
	if len(resp.body) != 0 {
		t.Errorf("204 with body %q", resp.body)
	}
	p, ok := srv.PersonByEmail("f@example.com")
	if !ok || p.Attributes["name"] != "Fay" || p.Attributes["form_name"] != nil {
		t.Errorf("form person %+v", p)
	}
	if got := srv.FormSubmissions(); len(got) != 1 || got[0].FormID != "signup" || got[0].Data["form_name"] != "ignored" {
		t.Errorf("forms %+v", got)
	}
	srv.mustDo(t, http.StatusBadRequest, track(http.MethodPost, "/api/v1/forms/signup/submit", map[string]any{"data": map[string]any{"name": "x"}}))
	srv.mustDo(t, http.StatusBadRequest, track(http.MethodPost, "/api/v1/forms/signup/submit", map[string]any{"data": map[string]any{"email": 1}}))

	srv.mustDo(t, http.StatusBadRequest, request{method: http.MethodPost, path: "/api/v1/metrics", body: map[string]any{"delivery_id": "d", "metric": "liked"}})
	srv.mustDo(t, http.StatusBadRequest, request{method: http.MethodPost, path: "/api/v1/push/events", body: map[string]any{"delivery_id": "d", "event": "liked"}})

	send := srv.mustDo(t, 200, app(http.MethodPost, "/v1/send/email", map[string]any{"transactional_message_id": 3, "to": "f@example.com", "identifiers": map[string]any{"email": "f@example.com"}}))
	var queued struct {
		DeliveryID string `json:"delivery_id"`
	}
	send.decode(t, &queued)
	srv.mustDo(t, 200, request{method: http.MethodPost, path: "/unsubscribe/" + queued.DeliveryID, body: map[string]any{"unsubscribe": true}})
	if p, _ = srv.PersonByEmail("f@example.com"); p.Attributes["unsubscribed"] != true {
		t.Errorf("unsubscribe did not mark the person: %+v", p.Attributes)
	}
	srv.mustDo(t, http.StatusBadRequest, request{method: http.MethodPost, path: "/unsubscribe/nope", body: map[string]any{"unsubscribe": true}})
	if got := srv.Unsubscribes(); len(got) != 1 || got[0] != (Unsubscribe{DeliveryID: queued.DeliveryID, Unsubscribe: true}) {
		t.Errorf("unsubscribes %+v", got)
	}
}

func TestManualSegmentsThroughTrack(t *testing.T) {
	srv := newTestServer(t)
	manual := srv.CreateSegment("manual", true)
	dynamic := srv.CreateSegment("dynamic", false)
	srv.mustDo(t, 200, track(http.MethodPut, "/api/v1/customers/e@example.com", map[string]any{}))
	path := func(id int, op string) string { return "/api/v1/segments/" + itoa(id) + "/" + op }
	srv.mustDo(t, 200, track(http.MethodPost, path(manual, "add_customers"), map[string]any{"ids": []any{"1", 2}}))
	srv.mustDo(t, 200, track(http.MethodPost, path(manual, "add_customers")+"?id_type=email", map[string]any{"ids": []string{"e@example.com"}}))
	if got := srv.SegmentMembers(manual); len(got) != 3 || got[0].ID != "1" || got[1].ID != "2" || got[2].Email != "e@example.com" {
		t.Fatalf("members %+v", got)
	}
	srv.mustDo(t, 200, track(http.MethodPost, path(manual, "remove_customers"), map[string]any{"ids": []string{"1"}}))
	if got := srv.SegmentMembers(manual); len(got) != 2 {
		t.Errorf("members after remove %+v", got)
	}
	srv.mustDo(t, http.StatusBadRequest, track(http.MethodPost, path(dynamic, "add_customers"), map[string]any{"ids": []string{"1"}}))
	srv.mustDo(t, http.StatusNotFound, track(http.MethodPost, path(99, "add_customers"), map[string]any{"ids": []string{"1"}}))
	srv.mustDo(t, http.StatusBadRequest, track(http.MethodPost, path(manual, "add_customers")+"?id_type=phone", map[string]any{"ids": []string{"1"}}))
	many := make([]string, 1001)
	for i := range many {
		many[i] = itoa(i)
	}
	srv.mustDo(t, http.StatusBadRequest, track(http.MethodPost, path(manual, "add_customers"), map[string]any{"ids": many}))
}

func TestRegion(t *testing.T) {
	srv := newTestServer(t)
	got := srv.mustDo(t, 200, track(http.MethodGet, "/api/v1/accounts/region", nil)).object(t)
	want := map[string]any{"url": "https://track.customer.io", "region": "us", "environment_id": 1.0}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("region %v, want %v", got, want)
	}
}
