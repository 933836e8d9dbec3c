package app

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

const instance = "01HZX3V0K9Q4W6Y8A2B4C6D8EF"

func TestLiveNotificationsRoutes(t *testing.T) {
	t.Parallel()
	state := map[string]any{"status": "Out for delivery", "segmentsTotal": 4, "segmentsComplete": 3}
	alert := &LiveNotificationAlert{Title: "On its way", Body: "Your order left the shop"}
	testRoutes(t, []route{
		{
			name: "Start",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.LiveNotifications.Start(ctx, StartLiveNotificationRequest{
					Identifiers:      customerio.ByCIOID("a3000001"),
					NotificationType: "io.customer.livenotifications.segments",
					DeviceID:         "tok",
					Platform:         customerio.PlatformIOS,
					AppIdentifier:    "com.example.app",
					Attributes:       map[string]any{"header": "Chica's Tacos"},
					ContentState:     state,
					Alert:            &LiveNotificationAlert{Title: "Order received", Body: "We got it", Sound: "default"},
					DeepLink:         "app://orders/7",
					Expiration:       time.Unix(1754010000, 0),
				})
			},
			exchange: exchange{method: http.MethodPost, path: "/v1/live_notifications/start", fixture: "live_notification_instance.json",
				body: `{"identifiers":{"internal":"cio_a3000001"},"notification_type":"io.customer.livenotifications.segments",` +
					`"device_id":"tok","platform":"ios","app_identifier":"com.example.app","attributes":{"header":"Chica's Tacos"},` +
					`"content_state":{"status":"Out for delivery","segmentsTotal":4,"segmentsComplete":3},` +
					`"push_payload":{"alert":{"title":"Order received","body":"We got it","sound":"default"}},"deep_link":"app://orders/7","expiration":1754010000}`},
			want: instance,
		},
		{
			name: "Start by phone, minimal",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.LiveNotifications.Start(ctx, StartLiveNotificationRequest{
					Identifiers: customerio.ByPhone("+15555550100"), NotificationType: "io.example.score",
					Attributes: map[string]any{"home": "A"}, ContentState: map[string]any{"score": "1-0"},
				})
			},
			exchange: exchange{method: http.MethodPost, path: "/v1/live_notifications/start", fixture: "live_notification_instance.json",
				body: `{"identifiers":{"phone":"+15555550100"},"notification_type":"io.example.score","attributes":{"home":"A"},"content_state":{"score":"1-0"}}`},
			want: instance,
		},
		{
			name: "Update",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.LiveNotifications.Update(ctx, UpdateLiveNotificationRequest{InstanceID: instance, ContentState: state, Alert: alert})
			},
			exchange: exchange{method: http.MethodPost, path: "/v1/live_notifications/update", fixture: "live_notification_instance.json",
				body: `{"instance_id":"` + instance + `","content_state":{"status":"Out for delivery","segmentsTotal":4,"segmentsComplete":3},` +
					`"push_payload":{"alert":{"title":"On its way","body":"Your order left the shop"}}}`},
			want: instance,
		},
		{
			name: "End",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.LiveNotifications.End(ctx, EndLiveNotificationRequest{InstanceID: instance, DeepLink: "app://orders/7"})
			},
			exchange: exchange{method: http.MethodPost, path: "/v1/live_notifications/end", fixture: "live_notification_instance.json",
				body: `{"instance_id":"` + instance + `","deep_link":"app://orders/7"}`},
			want: instance,
		},
		{
			name:     "Get",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.LiveNotifications.Get(ctx, instance) },
			exchange: exchange{method: http.MethodGet, path: "/v1/live_notifications/" + instance, fixture: "live_notification_status.json"},
			want: &LiveNotification{
				InstanceID: instance, NotificationType: "io.customer.livenotifications.segments", Platform: customerio.PlatformIOS,
				State: LiveNotificationEnded, StartedAt: unix(1754000000), EndedAt: unix(1754003600),
				LastDelivery: &LiveNotificationDelivery{ID: "dlv_1", Operation: "end", Status: "sent", Source: "api", CreatedAt: unix(1754003600)},
			},
		},
	})
}

func TestLiveNotificationsRefuseBadInput(t *testing.T) {
	t.Parallel()
	ok := StartLiveNotificationRequest{
		Identifiers: customerio.ByID("42"), NotificationType: "io.example.t",
		Attributes: map[string]any{"a": 1}, ContentState: map[string]any{"s": 1},
	}
	start := func(edit func(*StartLiveNotificationRequest)) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error {
			req := ok
			edit(&req)
			_, err := c.LiveNotifications.Start(ctx, req)
			return err
		}
	}
	testRefusals(t, []refusal{
		{"no identifiers", start(func(r *StartLiveNotificationRequest) { r.Identifiers = customerio.Identifiers{} }), "identifiers"},
		{"two identifiers", start(func(r *StartLiveNotificationRequest) { r.Identifiers.Email = "a@example.com" }), "identifiers"},
		{"blank identifier", start(func(r *StartLiveNotificationRequest) { r.Identifiers = customerio.ByEmail(" ") }), "identifiers.email"},
		{"blank type", start(func(r *StartLiveNotificationRequest) { r.NotificationType = "" }), "notification_type"},
		{"no attributes", start(func(r *StartLiveNotificationRequest) { r.Attributes = nil }), "attributes"},
		{"no content state", start(func(r *StartLiveNotificationRequest) { r.ContentState = map[string]any{} }), "content_state"},
		{"unknown platform", start(func(r *StartLiveNotificationRequest) { r.Platform = "web" }), "platform"},
		{"iOS without alert", start(func(r *StartLiveNotificationRequest) { r.Platform = customerio.PlatformIOS }), "push_payload.alert"},
		{"alert without body", start(func(r *StartLiveNotificationRequest) { r.Alert = &LiveNotificationAlert{Title: "t"} }), "push_payload.alert.body"},
		{"update without instance", func(ctx context.Context, c *Client) error {
			_, err := c.LiveNotifications.Update(ctx, UpdateLiveNotificationRequest{ContentState: map[string]any{"s": 1}})
			return err
		}, "instance_id"},
		{"update without state", func(ctx context.Context, c *Client) error {
			_, err := c.LiveNotifications.Update(ctx, UpdateLiveNotificationRequest{InstanceID: instance})
			return err
		}, "content_state"},
		{"end with a non-ULID", func(ctx context.Context, c *Client) error {
			_, err := c.LiveNotifications.End(ctx, EndLiveNotificationRequest{InstanceID: "01HZX3V0K9Q4W6Y8A2B4C6D8EI"})
			return err
		}, "instance_id"},
		{"get a path-like id", func(ctx context.Context, c *Client) error {
			_, err := c.LiveNotifications.Get(ctx, "start")
			return err
		}, "instance_id"},
	})
}

// TestLiveNotificationPushesAreNotRetried pins that start, update and end are
// never repeated after an answer Customer.io may have acted on: each pushes to
// a device.
func TestLiveNotificationPushesAreNotRetried(t *testing.T) {
	t.Parallel()
	srv := newServer(t, exchange{method: http.MethodPost, path: "/v1/live_notifications/end", body: `{"instance_id":"` + instance + `"}`, status: http.StatusServiceUnavailable})
	_, err := srv.client(noWait()).LiveNotifications.End(t.Context(), EndLiveNotificationRequest{InstanceID: instance})
	var apiErr *customerio.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("err = %v, want the 503", err)
	}
	if n := srv.calls.Load(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestLiveNotificationAnswerWithoutInstanceIDIsADecodeError(t *testing.T) {
	t.Parallel()
	srv := newServer(t, exchange{method: http.MethodPost, path: "/v1/live_notifications/end", body: `{"instance_id":"` + instance + `"}`, fixture: "live_notification_empty.json"})
	_, err := srv.client().LiveNotifications.End(t.Context(), EndLiveNotificationRequest{InstanceID: instance})
	var de *customerio.DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("err = %v, want a *customerio.DecodeError", err)
	}
}
