package track

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// Fixed event ids, so event bodies can be compared with their golden files.
const (
	eventID1 = "01HZY3Q5X7N8M2K4J6H9G0F1E2"
	eventID2 = "01HZY3Q5X7N8M2K4J6H9G0F1E3"
	eventID3 = "01HZY3Q5X7N8M2K4J6H9G0F1E4"
	eventID4 = "01HZY3Q5X7N8M2K4J6H9G0F1E5"
	eventID5 = "01HZY3Q5X7N8M2K4J6H9G0F1E6"
	eventID6 = "01HZY3Q5X7N8M2K4J6H9G0F1E7"
	eventID7 = "01HZY3Q5X7N8M2K4J6H9G0F1E8"
)

func TestEndpoints(t *testing.T) {
	tests := []struct {
		name    string
		call    func(ctx context.Context, c *Client) error
		respond func(int, http.ResponseWriter)
		method  string
		path    string
		query   string
		golden  string // "" means the request must have no body at all
	}{
		{
			name: "identify",
			call: func(ctx context.Context, c *Client) error {
				return c.Identify(ctx, "42", map[string]any{
					AttrEmail:     "ada@example.com",
					AttrCreatedAt: time.Unix(1700000000, 0),
					"plan":        "pro",
					"logins":      3,
					"profile": map[string]any{
						"last_seen": time.Unix(1700000100, 0).UTC(),
						"tags":      []any{"a", time.Unix(1700000200, 0)},
					},
				})
			},
			method: http.MethodPut, path: "/api/v1/customers/42", golden: "identify",
		},
		{
			name:   "identify nil attributes",
			call:   func(ctx context.Context, c *Client) error { return c.Identify(ctx, "42", nil) },
			method: http.MethodPut, path: "/api/v1/customers/42", golden: "identify_empty",
		},
		{
			name: "identify reserved keys",
			call: func(ctx context.Context, c *Client) error {
				return c.Identify(ctx, "ada@example.com", map[string]any{
					AttrTimestamp:  time.Unix(1700000300, 0),
					AttrUpdateOnly: true,
					AttrSubscriptionPreferences: SubscriptionPreferences{
						Topics: map[string]bool{"topic_1": true, "topic_2": false},
					},
					AttrRelationships: Relationships{Action: AddRelationships, Items: []customerio.Relationship{
						{Object: customerio.ObjectByID("1", "acme"), Attributes: map[string]any{"role": "admin", "since": time.Unix(1700000400, 0)}},
						{Object: customerio.ObjectByCIOID("obj_9")},
					}},
				})
			},
			method: http.MethodPut, path: "/api/v1/customers/ada@example.com", golden: "identify_reserved",
		},
		{
			name: "identify relationships pointer",
			call: func(ctx context.Context, c *Client) error {
				return c.Identify(ctx, "cio_03000001", map[string]any{
					AttrRelationships: &Relationships{Action: DeleteRelationships, Items: []customerio.Relationship{{Object: customerio.ObjectByID("2", "course-101")}}},
				})
			},
			method: http.MethodPut, path: "/api/v1/customers/cio_03000001", golden: "identify_delete_relationships",
		},
		{
			name: "identify nil relationships pointer",
			call: func(ctx context.Context, c *Client) error {
				return c.Identify(ctx, "42", map[string]any{AttrRelationships: (*Relationships)(nil), "plan": "free"})
			},
			method: http.MethodPut, path: "/api/v1/customers/42", golden: "identify_null_relationships",
		},
		{
			name: "track",
			call: func(ctx context.Context, c *Client) error {
				return c.Track(ctx, "42", "purchase", map[string]any{
					"total":    39.5,
					"currency": "EUR",
					"at":       time.Unix(1700000500, 0),
					"items":    []map[string]any{{"sku": "b-1", "added": time.Unix(1700000600, 0)}},
				}, EventID(eventID1))
			},
			method: http.MethodPost, path: "/api/v1/customers/42/events", golden: "track",
		},
		{
			name: "track without data",
			call: func(ctx context.Context, c *Client) error {
				return c.Track(ctx, "42", "signed_in", nil, EventID(eventID2))
			},
			method: http.MethodPost, path: "/api/v1/customers/42/events", golden: "track_no_data",
		},
		{
			name: "track backfill",
			call: func(ctx context.Context, c *Client) error {
				return c.Track(ctx, "42", "purchase", map[string]any{"total": 10},
					Timestamp(time.Unix(1600000000, 999_000_000)), EventID(eventID3))
			},
			method: http.MethodPost, path: "/api/v1/customers/42/events", golden: "track_backfill",
		},
		{
			name: "track anonymous",
			call: func(ctx context.Context, c *Client) error {
				return c.TrackAnonymous(ctx, "anon-77", "viewed_pricing", map[string]any{"plan": "pro"}, EventID(eventID4))
			},
			method: http.MethodPost, path: "/api/v1/events", golden: "track_anonymous",
		},
		{
			name: "track anonymous without anonymous id",
			call: func(ctx context.Context, c *Client) error {
				return c.TrackAnonymous(ctx, "", "viewed_pricing", map[string]any{}, EventID(eventID5))
			},
			method: http.MethodPost, path: "/api/v1/events", golden: "track_anonymous_no_id",
		},
		{
			name: "pageview",
			call: func(ctx context.Context, c *Client) error {
				return c.Pageview(ctx, "42", "https://example.com/pricing?plan=pro",
					map[string]any{"referrer": "https://search.example"}, EventID(eventID6))
			},
			method: http.MethodPost, path: "/api/v1/customers/42/events", golden: "pageview",
		},
		{
			name: "screen",
			call: func(ctx context.Context, c *Client) error {
				return c.Screen(ctx, "42", "Settings", nil, EventID(eventID7), Timestamp(time.Unix(1600000100, 0)))
			},
			method: http.MethodPost, path: "/api/v1/customers/42/events", golden: "screen",
		},
		{
			name:   "delete",
			call:   func(ctx context.Context, c *Client) error { return c.Delete(ctx, "42") },
			method: http.MethodDelete, path: "/api/v1/customers/42",
		},
		{
			name: "add device",
			call: func(ctx context.Context, c *Client) error {
				return c.AddDevice(ctx, "42", customerio.Device{
					Token:    "tok-abc",
					Platform: customerio.PlatformAndroid,
					LastUsed: time.Unix(1700000700, 0),
					Attributes: map[string]any{
						"app_version":  "2.1.0",
						"push_enabled": true,
						"installed_at": time.Unix(1690000000, 0),
					},
				})
			},
			method: http.MethodPut, path: "/api/v1/customers/42/devices", golden: "add_device",
		},
		{
			name: "add device minimal",
			call: func(ctx context.Context, c *Client) error {
				return c.AddDevice(ctx, "42", customerio.Device{Token: "tok-abc", Platform: customerio.PlatformIOS})
			},
			method: http.MethodPut, path: "/api/v1/customers/42/devices", golden: "add_device_minimal",
		},
		{
			name:   "delete device",
			call:   func(ctx context.Context, c *Client) error { return c.DeleteDevice(ctx, "42", "tok-abc") },
			method: http.MethodDelete, path: "/api/v1/customers/42/devices/tok-abc",
		},
		{
			name:   "suppress",
			call:   func(ctx context.Context, c *Client) error { return c.Suppress(ctx, "42") },
			method: http.MethodPost, path: "/api/v1/customers/42/suppress",
		},
		{
			name:   "unsuppress",
			call:   func(ctx context.Context, c *Client) error { return c.Unsuppress(ctx, "42") },
			method: http.MethodPost, path: "/api/v1/customers/42/unsuppress",
		},
		{
			name: "merge customers",
			call: func(ctx context.Context, c *Client) error {
				return c.MergePeople(ctx, customerio.ByID("100"), customerio.ByEmail("test@a.com"))
			},
			method: http.MethodPost, path: "/api/v1/merge_customers", golden: "merge_customers",
		},
		{
			name: "merge customers by cio_id",
			call: func(ctx context.Context, c *Client) error {
				return c.MergePeople(ctx, customerio.ByCIOID("a3000001"), customerio.Identifiers{ID: "200"})
			},
			method: http.MethodPost, path: "/api/v1/merge_customers", golden: "merge_customers_cio_id",
		},
		{
			name: "add to segment with id type",
			call: func(ctx context.Context, c *Client) error {
				return c.AddToSegment(ctx, 7, []string{"ada@example.com", "bob@example.com"}, customerio.IDTypeEmail)
			},
			method: http.MethodPost, path: "/api/v1/segments/7/add_customers", query: "id_type=email", golden: "segment_ids",
		},
		{
			name: "add to segment without id type",
			call: func(ctx context.Context, c *Client) error {
				return c.AddToSegment(ctx, 7, []string{"ada@example.com", "bob@example.com"}, "")
			},
			method: http.MethodPost, path: "/api/v1/segments/7/add_customers", golden: "segment_ids",
		},
		{
			name: "remove from segment",
			call: func(ctx context.Context, c *Client) error {
				return c.RemoveFromSegment(ctx, 7, []string{"ada@example.com", "bob@example.com"}, "")
			},
			method: http.MethodPost, path: "/api/v1/segments/7/remove_customers", golden: "segment_ids",
		},
		{
			name: "remove from segment with id type",
			call: func(ctx context.Context, c *Client) error {
				return c.RemoveFromSegment(ctx, 7, []string{"ada@example.com", "bob@example.com"}, customerio.IDTypeEmail)
			},
			method: http.MethodPost, path: "/api/v1/segments/7/remove_customers", query: "id_type=email", golden: "segment_ids",
		},
		{
			name: "submit form",
			call: func(ctx context.Context, c *Client) error {
				return c.SubmitForm(ctx, "newsletter-footer", map[string]string{"email": "ada@example.com", "first_name": "Ada"})
			},
			respond: status(http.StatusNoContent, ""),
			method:  http.MethodPost, path: "/api/v1/forms/newsletter-footer/submit", golden: "submit_form",
		},
		{
			name: "report metric",
			call: func(ctx context.Context, c *Client) error {
				return c.ReportMetric(ctx, MetricReport{
					DeliveryID: "dlv-1", Channel: ChannelEmail, Metric: customerio.MetricBounced,
					Timestamp: time.Unix(1700000800, 0), Recipient: "ada@example.com", Reason: "mailbox full",
				})
			},
			method: http.MethodPost, path: "/api/v1/metrics", golden: "report_metric",
		},
		{
			name: "report push metric",
			call: func(ctx context.Context, c *Client) error {
				return c.ReportMetric(ctx, MetricReport{DeliveryID: "dlv-2", Channel: ChannelPush, Metric: customerio.MetricOpened})
			},
			method: http.MethodPost, path: "/api/v1/metrics", golden: "report_metric_push",
		},
		{
			name: "report push event",
			call: func(ctx context.Context, c *Client) error {
				return c.ReportPushEvent(ctx, PushEvent{DeliveryID: "dlv-3", Event: customerio.MetricDelivered, DeviceID: "tok-abc", Timestamp: time.Unix(1700000900, 0)})
			},
			method: http.MethodPost, path: "/api/v1/push/events", golden: "report_push_event",
		},
		{
			name:   "unsubscribe",
			call:   func(ctx context.Context, c *Client) error { return c.Unsubscribe(ctx, "dlv-1", true) },
			method: http.MethodPost, path: "/unsubscribe/dlv-1", golden: "unsubscribe",
		},
		{
			name:   "stay subscribed",
			call:   func(ctx context.Context, c *Client) error { return c.Unsubscribe(ctx, "dlv-1", false) },
			method: http.MethodPost, path: "/unsubscribe/dlv-1", golden: "unsubscribe_false",
		},
		{
			name: "region",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Region(ctx)
				return err
			},
			method: http.MethodGet, path: "/api/v1/accounts/region",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder(t, tt.respond)
			if err := tt.call(t.Context(), rec.client(t)); err != nil {
				t.Fatalf("call: %v", err)
			}
			reqs := rec.requests()
			if len(reqs) != 1 {
				t.Fatalf("got %d requests, want 1", len(reqs))
			}
			got := reqs[0]
			if got.Method != tt.method || got.Path != tt.path || got.Query != tt.query {
				t.Errorf("request = %s %s?%s, want %s %s?%s", got.Method, got.Path, got.Query, tt.method, tt.path, tt.query)
			}
			if got.Auth != testAuth {
				t.Errorf("Authorization = %q, want %q", got.Auth, testAuth)
			}
			if tt.golden == "" {
				if len(got.Body) != 0 {
					t.Errorf("body = %q, want none", got.Body)
				}
				return
			}
			if got.ContentType != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", got.ContentType)
			}
			if g, w := canonical(t, got.Body), canonical(t, golden(t, tt.golden)); g != w {
				t.Errorf("body\n got %s\nwant %s", g, w)
			}
		})
	}
}

func TestRegionDecodesAnswer(t *testing.T) {
	rec := newRecorder(t, status(http.StatusOK, `{"url":"https://track-eu.customer.io","region":"eu","environment_id":123456}`))
	got, err := rec.client(t).Region(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := RegionInfo{URL: "https://track-eu.customer.io", Region: "eu", EnvironmentID: 123456}
	if got != want {
		t.Errorf("Region = %+v, want %+v", got, want)
	}
}

func TestInputNotModified(t *testing.T) {
	at := time.Unix(1700000000, 0)
	attrs := map[string]any{
		"created_at": at,
		"nested":     map[string]any{"at": at, "list": []any{at}},
		AttrRelationships: Relationships{Action: AddRelationships, Items: []customerio.Relationship{
			{Object: customerio.ObjectByCIOID("obj_1"), Attributes: map[string]any{"since": at}},
		}},
	}
	snapshot := func() map[string]any {
		return map[string]any{
			"created_at": at,
			"nested":     map[string]any{"at": at, "list": []any{at}},
			AttrRelationships: Relationships{Action: AddRelationships, Items: []customerio.Relationship{
				{Object: customerio.ObjectByCIOID("obj_1"), Attributes: map[string]any{"since": at}},
			}},
		}
	}
	device := customerio.Device{Token: "tok", Platform: customerio.PlatformIOS, Attributes: map[string]any{"at": at}}

	rec := newRecorder(t, nil)
	c := rec.client(t)
	if err := c.Identify(t.Context(), "42", attrs); err != nil {
		t.Fatal(err)
	}
	if err := c.Track(t.Context(), "42", "e", attrs); err != nil {
		t.Fatal(err)
	}
	if err := c.AddDevice(t.Context(), "42", device); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(attrs, snapshot()) {
		t.Errorf("attributes were modified: %#v", attrs)
	}
	if !reflect.DeepEqual(device.Attributes, map[string]any{"at": at}) {
		t.Errorf("device attributes were modified: %#v", device.Attributes)
	}
	reqs := rec.requests()
	if got := decodeBody(t, reqs[0].Body)["created_at"]; got != float64(1700000000) {
		t.Errorf("created_at sent as %v, want Unix seconds", got)
	}
}

// A body larger than MaxEntityBytes is refused, and one exactly at the limit is
// sent.
func TestBodyLimit(t *testing.T) {
	// {"padding":"…"} is 14 bytes of envelope.
	atLimit := map[string]any{"padding": strings.Repeat("x", 32000-14)}
	rec := newRecorder(t, nil)
	if err := rec.client(t).Identify(t.Context(), "42", atLimit); err != nil {
		t.Fatalf("body of exactly 32000 bytes: %v", err)
	}
	if n := len(rec.requests()[0].Body); n != 32000 {
		t.Fatalf("sent %d bytes, want 32000", n)
	}
	over := map[string]any{"padding": strings.Repeat("x", 32000-13)}
	if err := unreachableClient(t).Identify(t.Context(), "42", over); !isValidation(err) {
		t.Fatalf("body of 32001 bytes: err = %v, want a *customerio.ValidationError", err)
	}
}
