package track

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

func isValidation(err error) bool {
	var ve *customerio.ValidationError
	return errors.As(err, &ve)
}

// validationCase is a call that must be refused before any I/O, naming field.
type validationCase struct {
	name  string
	call  func(ctx context.Context, c *Client) error
	field string
}

func validationCases() []validationCase {
	nan, inf := math.NaN(), math.Inf(1)
	big := strings.Repeat("x", customerio.MaxEntityBytes)
	return []validationCase{
		{"identify blank id", func(ctx context.Context, c *Client) error { return c.Identify(ctx, "", nil) }, "id"},
		{"identify NaN", func(ctx context.Context, c *Client) error {
			return c.Identify(ctx, "42", map[string]any{"score": nan})
		}, "attrs.score"},
		{"identify +Inf in a slice", func(ctx context.Context, c *Client) error {
			return c.Identify(ctx, "42", map[string]any{"list": []any{1.5, inf}})
		}, "attrs.list[1]"},
		{"identify -Inf in a nested map", func(ctx context.Context, c *Client) error {
			return c.Identify(ctx, "42", map[string]any{"a": map[string]any{"b": math.Inf(-1)}})
		}, "attrs.a.b"},
		{"identify oversize", func(ctx context.Context, c *Client) error {
			return c.Identify(ctx, "42", map[string]any{"padding": big})
		}, ""},
		{"identify relationships action", func(ctx context.Context, c *Client) error {
			return c.Identify(ctx, "42", map[string]any{AttrRelationships: Relationships{Action: "add", Items: []customerio.Relationship{{Object: customerio.ObjectByCIOID("o")}}}})
		}, "attrs.cio_relationships.action"},
		{"identify relationships empty", func(ctx context.Context, c *Client) error {
			return c.Identify(ctx, "42", map[string]any{AttrRelationships: &Relationships{Action: AddRelationships}})
		}, "attrs.cio_relationships.relationships"},
		{"identify relationship named twice", func(ctx context.Context, c *Client) error {
			return c.Identify(ctx, "42", map[string]any{AttrRelationships: Relationships{Action: AddRelationships, Items: []customerio.Relationship{
				{Object: customerio.ObjectByCIOID("o")}, {Object: customerio.Object{CIOObjectID: "o", TypeID: "1", ID: "x"}},
			}}})
		}, "attrs.cio_relationships.relationships[1].identifiers"},
		{"identify relationship without object id", func(ctx context.Context, c *Client) error {
			return c.Identify(ctx, "42", map[string]any{AttrRelationships: Relationships{Action: AddRelationships, Items: []customerio.Relationship{{Object: customerio.Object{TypeID: "1"}}}}})
		}, "attrs.cio_relationships.relationships[0].identifiers"},
		{"identify relationship attribute NaN", func(ctx context.Context, c *Client) error {
			return c.Identify(ctx, "42", map[string]any{AttrRelationships: Relationships{Action: AddRelationships, Items: []customerio.Relationship{
				{Object: customerio.ObjectByCIOID("o"), Attributes: map[string]any{"score": nan}},
			}}})
		}, "attrs.cio_relationships.relationships[0].relationship_attributes.score"},

		{"track blank id", func(ctx context.Context, c *Client) error { return c.Track(ctx, "", "e", nil) }, "id"},
		{"track blank name", func(ctx context.Context, c *Client) error { return c.Track(ctx, "42", "", nil) }, "name"},
		{"track zero timestamp", func(ctx context.Context, c *Client) error {
			return c.Track(ctx, "42", "e", nil, Timestamp(time.Time{}))
		}, "Timestamp"},
		{"track blank event id", func(ctx context.Context, c *Client) error {
			return c.Track(ctx, "42", "e", nil, EventID(""))
		}, "EventID"},
		{"track NaN", func(ctx context.Context, c *Client) error {
			return c.Track(ctx, "42", "e", map[string]any{"price": nan})
		}, "data.price"},
		{"track Inf in a slice of maps", func(ctx context.Context, c *Client) error {
			return c.Track(ctx, "42", "e", map[string]any{"items": []map[string]any{{"price": inf}}})
		}, "data.items[0].price"},
		{"track float32 NaN", func(ctx context.Context, c *Client) error {
			return c.Track(ctx, "42", "e", map[string]any{"v": float32(nan)})
		}, "data.v"},
		{"track oversize", func(ctx context.Context, c *Client) error {
			return c.Track(ctx, "42", "e", map[string]any{"padding": big})
		}, ""},
		{"track anonymous blank name", func(ctx context.Context, c *Client) error {
			return c.TrackAnonymous(ctx, "anon", "", nil)
		}, "name"},
		{"track anonymous NaN", func(ctx context.Context, c *Client) error {
			return c.TrackAnonymous(ctx, "anon", "e", map[string]any{"x": nan})
		}, "data.x"},
		{"pageview blank id", func(ctx context.Context, c *Client) error { return c.Pageview(ctx, "", "https://x", nil) }, "id"},
		{"pageview blank url", func(ctx context.Context, c *Client) error { return c.Pageview(ctx, "42", "", nil) }, "url"},
		{"screen blank id", func(ctx context.Context, c *Client) error { return c.Screen(ctx, "", "Home", nil) }, "id"},
		{"screen blank name", func(ctx context.Context, c *Client) error { return c.Screen(ctx, "42", "", nil) }, "name"},

		{"delete blank id", func(ctx context.Context, c *Client) error { return c.Delete(ctx, "") }, "id"},
		{"add device blank id", func(ctx context.Context, c *Client) error {
			return c.AddDevice(ctx, "", customerio.Device{Token: "tok", Platform: customerio.PlatformIOS})
		}, "id"},
		{"add device blank token", func(ctx context.Context, c *Client) error {
			return c.AddDevice(ctx, "42", customerio.Device{Platform: customerio.PlatformIOS})
		}, "device.token"},
		{"add device unknown platform", func(ctx context.Context, c *Client) error {
			return c.AddDevice(ctx, "42", customerio.Device{Token: "tok", Platform: "web"})
		}, "device.platform"},
		{"add device platform case", func(ctx context.Context, c *Client) error {
			return c.AddDevice(ctx, "42", customerio.Device{Token: "tok", Platform: "iOS"})
		}, "device.platform"},
		{"add device no platform", func(ctx context.Context, c *Client) error {
			return c.AddDevice(ctx, "42", customerio.Device{Token: "tok"})
		}, "device.platform"},
		{"add device attribute NaN", func(ctx context.Context, c *Client) error {
			return c.AddDevice(ctx, "42", customerio.Device{Token: "tok", Platform: customerio.PlatformIOS, Attributes: map[string]any{"x": nan}})
		}, "device.attributes.x"},
		{"add device oversize", func(ctx context.Context, c *Client) error {
			return c.AddDevice(ctx, "42", customerio.Device{Token: "tok", Platform: customerio.PlatformIOS, Attributes: map[string]any{"padding": big}})
		}, ""},
		{"delete device blank id", func(ctx context.Context, c *Client) error { return c.DeleteDevice(ctx, "", "tok") }, "id"},
		{"delete device blank token", func(ctx context.Context, c *Client) error { return c.DeleteDevice(ctx, "42", "") }, "deviceToken"},
		{"suppress blank id", func(ctx context.Context, c *Client) error { return c.Suppress(ctx, "") }, "id"},
		{"unsuppress blank id", func(ctx context.Context, c *Client) error { return c.Unsuppress(ctx, "") }, "id"},

		{"merge empty primary", func(ctx context.Context, c *Client) error {
			return c.MergePeople(ctx, customerio.Identifiers{}, customerio.ByEmail("a@b.c"))
		}, "primary"},
		{"merge primary with two fields", func(ctx context.Context, c *Client) error {
			return c.MergePeople(ctx, customerio.Identifiers{ID: "1", Email: "a@b.c"}, customerio.ByID("2"))
		}, "primary"},
		{"merge blank secondary", func(ctx context.Context, c *Client) error {
			return c.MergePeople(ctx, customerio.ByID("1"), customerio.ByEmail(""))
		}, "secondary"},
		{"merge secondary with three fields", func(ctx context.Context, c *Client) error {
			return c.MergePeople(ctx, customerio.ByID("1"), customerio.Identifiers{ID: "2", Email: "a@b.c", CIOID: "c"})
		}, "secondary"},

		{"segment id zero", func(ctx context.Context, c *Client) error {
			return c.AddToSegment(ctx, 0, []string{"1"}, "")
		}, "segmentID"},
		{"segment id negative", func(ctx context.Context, c *Client) error {
			return c.RemoveFromSegment(ctx, -3, []string{"1"}, "")
		}, "segmentID"},
		{"segment no ids", func(ctx context.Context, c *Client) error {
			return c.AddToSegment(ctx, 7, nil, "")
		}, "ids"},
		{"segment blank id", func(ctx context.Context, c *Client) error {
			return c.RemoveFromSegment(ctx, 7, []string{"1", ""}, "")
		}, "ids[1]"},
		{"segment blank id after the first chunk", func(ctx context.Context, c *Client) error {
			ids := numberedIDs(1500)
			ids[1200] = ""
			return c.AddToSegment(ctx, 7, ids, "")
		}, "ids[1200]"},
		{"segment unknown id type", func(ctx context.Context, c *Client) error {
			return c.AddToSegment(ctx, 7, []string{"1"}, "phone")
		}, "idType"},
		{"segment id too long", func(ctx context.Context, c *Client) error {
			return c.AddToSegment(ctx, 7, []string{"1", big}, "")
		}, "ids[1]"},

		{"form blank id", func(ctx context.Context, c *Client) error {
			return c.SubmitForm(ctx, "", map[string]string{"email": "a@b.c"})
		}, "formID"},
		{"form no data", func(ctx context.Context, c *Client) error { return c.SubmitForm(ctx, "f", nil) }, "data"},
		{"form oversize", func(ctx context.Context, c *Client) error {
			return c.SubmitForm(ctx, "f", map[string]string{"email": "a@b.c", "padding": big})
		}, ""},

		{"metric blank delivery", func(ctx context.Context, c *Client) error {
			return c.ReportMetric(ctx, MetricReport{Channel: ChannelEmail, Metric: customerio.MetricOpened})
		}, "delivery_id"},
		{"metric no channel", func(ctx context.Context, c *Client) error {
			return c.ReportMetric(ctx, MetricReport{DeliveryID: "d", Metric: customerio.MetricOpened})
		}, "channel"},
		{"metric unknown channel", func(ctx context.Context, c *Client) error {
			return c.ReportMetric(ctx, MetricReport{DeliveryID: "d", Channel: "fax", Metric: customerio.MetricOpened})
		}, "channel"},
		{"metric not valid for push", func(ctx context.Context, c *Client) error {
			return c.ReportMetric(ctx, MetricReport{DeliveryID: "d", Channel: ChannelPush, Metric: customerio.MetricBounced})
		}, "metric"},
		{"metric not valid for in-app", func(ctx context.Context, c *Client) error {
			return c.ReportMetric(ctx, MetricReport{DeliveryID: "d", Channel: ChannelInApp, Metric: customerio.MetricDelivered})
		}, "metric"},
		{"metric not valid for sms", func(ctx context.Context, c *Client) error {
			return c.ReportMetric(ctx, MetricReport{DeliveryID: "d", Channel: ChannelSMS, Metric: customerio.MetricSpammed})
		}, "metric"},
		{"metric not valid for slack", func(ctx context.Context, c *Client) error {
			return c.ReportMetric(ctx, MetricReport{DeliveryID: "d", Channel: ChannelSlack, Metric: customerio.MetricBounced})
		}, "metric"},
		{"metric unknown name", func(ctx context.Context, c *Client) error {
			return c.ReportMetric(ctx, MetricReport{DeliveryID: "d", Channel: ChannelEmail, Metric: "read"})
		}, "metric"},
		{"metric recipient on sms", func(ctx context.Context, c *Client) error {
			return c.ReportMetric(ctx, MetricReport{DeliveryID: "d", Channel: ChannelSMS, Metric: customerio.MetricBounced, Recipient: "+15550100"})
		}, "recipient"},
		{"metric href on push", func(ctx context.Context, c *Client) error {
			return c.ReportMetric(ctx, MetricReport{DeliveryID: "d", Channel: ChannelInApp, Metric: customerio.MetricClicked, Href: "https://x"})
		}, "href"},
		{"push event blank delivery", func(ctx context.Context, c *Client) error {
			return c.ReportPushEvent(ctx, PushEvent{Event: customerio.MetricOpened})
		}, "delivery_id"},
		{"push event unknown event", func(ctx context.Context, c *Client) error {
			return c.ReportPushEvent(ctx, PushEvent{DeliveryID: "d", Event: customerio.MetricClicked})
		}, "event"},
		{"unsubscribe blank delivery", func(ctx context.Context, c *Client) error { return c.Unsubscribe(ctx, "", true) }, "deliveryID"},
	}
}

func TestValidation(t *testing.T) {
	for _, tt := range validationCases() {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call(t.Context(), unreachableClient(t))
			var ve *customerio.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v (%T), want a *customerio.ValidationError", err, err)
			}
			if !strings.HasPrefix(ve.Op, "track.") {
				t.Errorf("Op = %q, want the public call's name", ve.Op)
			}
			if len(ve.Fields) == 0 || ve.Fields[0].Field != tt.field {
				t.Errorf("fields = %+v, want the first to name %q", ve.Fields, tt.field)
			}
			if !strings.Contains(err.Error(), tt.field) {
				t.Errorf("message %q does not name %q", err, tt.field)
			}
			if tt.field == "" && !strings.Contains(err.Error(), "bytes") {
				t.Errorf("message %q does not give the size", err)
			}
			if customerio.IsRetryable(err) {
				t.Errorf("a validation error must not be retryable")
			}
		})
	}
}

// Valid values at the edges of each rule are accepted.
func TestValidationAcceptsEdges(t *testing.T) {
	tests := []struct {
		name string
		call func(ctx context.Context, c *Client) error
	}{
		{"id zero string", func(ctx context.Context, c *Client) error { return c.Delete(ctx, "0") }},
		{"id with surrounding spaces", func(ctx context.Context, c *Client) error { return c.Suppress(ctx, " 1 ") }},
		{"pre-1970 timestamp", func(ctx context.Context, c *Client) error {
			return c.Track(ctx, "42", "e", nil, Timestamp(time.Unix(-100, 0)))
		}},
		{"epoch timestamp", func(ctx context.Context, c *Client) error {
			return c.Track(ctx, "42", "e", nil, Timestamp(time.Unix(0, 0)))
		}},
		{"every metric of every channel", func(ctx context.Context, c *Client) error {
			for ch, names := range channelMetrics {
				for _, m := range names {
					if err := c.ReportMetric(ctx, MetricReport{DeliveryID: "d", Channel: ch, Metric: m}); err != nil {
						return err
					}
				}
			}
			return nil
		}},
		{"every push event", func(ctx context.Context, c *Client) error {
			for _, e := range pushEvents {
				if err := c.ReportPushEvent(ctx, PushEvent{DeliveryID: "d", Event: e}); err != nil {
					return err
				}
			}
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder(t, nil)
			if err := tt.call(t.Context(), rec.client(t)); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// The zero-based second of the epoch is sent, not dropped, and a pre-1970 time
// with a fraction is floored to the earlier second (open point O9).
func TestTimestampSeconds(t *testing.T) {
	tests := []struct {
		at   time.Time
		want float64
	}{
		{time.Unix(0, 0), 0},
		{time.Unix(1600000000, 999_999_999), 1600000000},
		{time.Unix(-1, 500_000_000), -1},
	}
	for _, tt := range tests {
		rec := newRecorder(t, nil)
		if err := rec.client(t).Track(t.Context(), "42", "e", nil, Timestamp(tt.at)); err != nil {
			t.Fatal(err)
		}
		ts, ok := decodeBody(t, rec.requests()[0].Body)["timestamp"]
		if !ok || ts != tt.want {
			t.Errorf("Timestamp(%v) sent %v (present %v), want %v", tt.at, ts, ok, tt.want)
		}
	}
}

func TestNew(t *testing.T) {
	tests := []struct {
		name         string
		site, key    string
		opts         []customerio.Option
		wantFields   []string
		wantSettings bool
	}{
		{name: "blank site", site: "", key: testKey, wantFields: []string{"siteID"}},
		{name: "blank key", site: testSite, key: "", wantFields: []string{"apiKey"}},
		{name: "both blank", wantFields: []string{"siteID", "apiKey"}},
		{name: "colon in site", site: "a:b", key: testKey, wantFields: []string{"siteID"}},
		{name: "bad option", site: testSite, key: testKey, opts: []customerio.Option{customerio.WithRegion(customerio.Region{})}, wantSettings: true},
		{name: "bad base URL", site: testSite, key: testKey, opts: []customerio.Option{customerio.WithBaseURL("ftp://example.com")}, wantSettings: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.site, tt.key, tt.opts...)
			if err == nil || c != nil {
				t.Fatalf("New = %v, %v; want an error and no client", c, err)
			}
			if tt.wantSettings {
				return
			}
			var ve *customerio.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v, want a *customerio.ValidationError", err)
			}
			var got []string
			for _, f := range ve.Fields {
				got = append(got, f.Field)
			}
			if strings.Join(got, ",") != strings.Join(tt.wantFields, ",") {
				t.Errorf("fields = %v, want %v", got, tt.wantFields)
			}
		})
	}
}
