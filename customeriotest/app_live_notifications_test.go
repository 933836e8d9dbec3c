package customeriotest

import (
	"net/http"
	"testing"
)

// TestLiveNotificationLifecycle starts, updates and ends a live notification
// and reads its state after each step.
func TestLiveNotificationLifecycle(t *testing.T) {
	srv := newTestServer(t)
	p, err := srv.AddPerson("42", nil)
	if err != nil {
		t.Fatal(err)
	}
	var started struct {
		InstanceID string `json:"instance_id"`
	}
	srv.mustDo(t, http.StatusOK, app(http.MethodPost, "/v1/live_notifications/start", map[string]any{
		"identifiers": map[string]any{"internal": "cio_" + p.CIOID}, "notification_type": "io.example.order",
		"platform": "android", "attributes": map[string]any{"header": "Tacos"}, "content_state": map[string]any{"status": "received"},
	})).decode(t, &started)
	if len(started.InstanceID) != 26 {
		t.Fatalf("instance id %q is not ULID-shaped", started.InstanceID)
	}
	status := func() (state, op string) {
		var s struct {
			State        string `json:"state"`
			LastDelivery struct {
				Operation string `json:"operation"`
			} `json:"last_delivery"`
		}
		srv.mustDo(t, http.StatusOK, app(http.MethodGet, "/v1/live_notifications/"+started.InstanceID, nil)).decode(t, &s)
		return s.State, s.LastDelivery.Operation
	}
	if s, op := status(); s != "active" || op != "start" {
		t.Errorf("after start: %s/%s", s, op)
	}
	srv.mustDo(t, http.StatusOK, app(http.MethodPost, "/v1/live_notifications/update", map[string]any{"instance_id": started.InstanceID, "content_state": map[string]any{"status": "on its way"}}))
	if s, op := status(); s != "active" || op != "update" {
		t.Errorf("after update: %s/%s", s, op)
	}
	srv.mustDo(t, http.StatusOK, app(http.MethodPost, "/v1/live_notifications/end", map[string]any{"instance_id": started.InstanceID}))
	if s, op := status(); s != "ended" || op != "end" {
		t.Errorf("after end: %s/%s", s, op)
	}
	srv.mustDo(t, http.StatusBadRequest, app(http.MethodPost, "/v1/live_notifications/update", map[string]any{"instance_id": started.InstanceID, "content_state": map[string]any{"s": 1}}))
	ns := srv.LiveNotifications()
	if len(ns) != 1 || ns[0].Updates != 1 || ns[0].ContentState["status"] != "on its way" || ns[0].Person.ID != "42" {
		t.Errorf("notifications %+v", ns)
	}
	// An iOS start needs an alert; two identifiers are refused.
	srv.mustDo(t, http.StatusBadRequest, app(http.MethodPost, "/v1/live_notifications/start", map[string]any{
		"identifiers": map[string]any{"id": "42"}, "notification_type": "t", "platform": "ios",
		"attributes": map[string]any{"a": 1}, "content_state": map[string]any{"s": 1},
	}))
	srv.mustDo(t, http.StatusBadRequest, app(http.MethodPost, "/v1/live_notifications/start", map[string]any{
		"identifiers": map[string]any{"id": "42", "email": "a@example.com"}, "notification_type": "t",
		"attributes": map[string]any{"a": 1}, "content_state": map[string]any{"s": 1},
	}))
}
