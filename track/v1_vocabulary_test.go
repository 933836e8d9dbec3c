package track

import (
	"context"
	"errors"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

// The shared vocabulary carries kinds Track API v1 lacks: a phone identifier, a
// phone id_type, and relationships named from an object's side. Each is a
// *customerio.ValidationError naming the field, before any request.
func TestV1RefusesVocabularyItLacks(t *testing.T) {
	rel := func(r customerio.Relationship) map[string]any {
		return map[string]any{AttrRelationships: Relationships{Action: AddRelationships, Items: []customerio.Relationship{r}}}
	}
	cases := []validationCase{
		{"merge primary by phone", func(ctx context.Context, c *Client) error {
			return c.MergePeople(ctx, customerio.ByPhone("+15550100"), customerio.ByID("2"))
		}, "primary.phone"},
		{"merge secondary by phone", func(ctx context.Context, c *Client) error {
			return c.MergePeople(ctx, customerio.ByID("1"), customerio.ByPhone("+15550100"))
		}, "secondary.phone"},
		{"merge phone beside an id", func(ctx context.Context, c *Client) error {
			return c.MergePeople(ctx, customerio.ByID("1"), customerio.Identifiers{ID: "2", Phone: "+15550100"})
		}, "secondary.phone"},
		{"merge whitespace cio_id", func(ctx context.Context, c *Client) error {
			return c.MergePeople(ctx, customerio.ByCIOID("  "), customerio.ByID("2"))
		}, "primary.cio_id"},
		{"add to segment by phone", func(ctx context.Context, c *Client) error {
			return c.AddToSegment(ctx, 7, []string{"+15550100"}, customerio.IDTypePhone)
		}, "idType"},
		{"remove from segment by phone", func(ctx context.Context, c *Client) error {
			return c.RemoveFromSegment(ctx, 7, []string{"+15550100"}, customerio.IDTypePhone)
		}, "idType"},
		{"add to segment unknown id type", func(ctx context.Context, c *Client) error {
			return c.AddToSegment(ctx, 7, []string{"1"}, customerio.IDType("object_id"))
		}, "idType"},
		{"relationship names a person", func(ctx context.Context, c *Client) error {
			return c.Identify(ctx, "42", rel(customerio.RelatedPerson(customerio.ByID("7"), nil)))
		}, "attrs.cio_relationships.relationships[0]"},
		{"relationship names an anonymous visitor", func(ctx context.Context, c *Client) error {
			return c.Identify(ctx, "42", rel(customerio.RelatedAnonymous("anon-1", nil)))
		}, "attrs.cio_relationships.relationships[0]"},
		{"relationship names an object and a person", func(ctx context.Context, c *Client) error {
			return c.Identify(ctx, "42", rel(customerio.Relationship{Object: customerio.ObjectByCIOID("o"), Person: customerio.ByID("7")}))
		}, "attrs.cio_relationships.relationships[0]"},
		{"relationship slice under another key", func(ctx context.Context, c *Client) error {
			return c.Identify(ctx, "42", map[string]any{"companies": []customerio.Relationship{
				customerio.RelatedObject(customerio.ObjectByID("1", "acme"), nil),
			}})
		}, "attrs.companies"},
		{"single relationship under another key", func(ctx context.Context, c *Client) error {
			return c.Identify(ctx, "42", map[string]any{"company": customerio.RelatedObject(customerio.ObjectByID("1", "acme"), nil)})
		}, "attrs.company"},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call(t.Context(), unreachableClient(t))
			var ve *customerio.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v (%T), want a *customerio.ValidationError", err, err)
			}
			if len(ve.Fields) == 0 || ve.Fields[0].Field != tt.field {
				t.Errorf("fields = %+v, want the first to name %q", ve.Fields, tt.field)
			}
		})
	}
}

// A customerio.Device's Token is Track v1's device "id", beside platform,
// last_used and attributes inside "device".
func TestAddDeviceSendsTokenAsV1ID(t *testing.T) {
	rec := newRecorder(t, nil)
	d := customerio.Device{Token: "tok/1+2", Platform: customerio.PlatformAndroid, Attributes: map[string]any{"app_version": "2.1"}}
	if err := rec.client(t).AddDevice(t.Context(), "42", d); err != nil {
		t.Fatal(err)
	}
	got := canonical(t, rec.requests()[0].Body)
	if want := `{"device":{"attributes":{"app_version":"2.1"},"id":"tok/1+2","platform":"android"}}`; got != want {
		t.Errorf("body = %s\nwant %s", got, want)
	}
}

// Every MetricName constant the package had is now a customerio.Metric, and
// ReportMetric still checks it against the channel; metrics Track v1 never
// takes (sent, person metrics) are refused for every channel.
func TestReportMetricChecksRootMetricsPerChannel(t *testing.T) {
	refused := []struct {
		ch Channel
		m  customerio.Metric
	}{
		{ChannelPush, customerio.MetricBounced},
		{ChannelInApp, customerio.MetricDelivered},
		{ChannelSMS, customerio.MetricSpammed},
		{ChannelEmail, customerio.MetricSent},
		{ChannelEmail, customerio.MetricUnsubscribed},
		{ChannelWebhook, customerio.MetricFailed},
	}
	for _, tt := range refused {
		err := unreachableClient(t).ReportMetric(t.Context(), MetricReport{DeliveryID: "d", Channel: tt.ch, Metric: tt.m})
		if !isValidation(err) {
			t.Errorf("%s on %s: err = %v, want a *customerio.ValidationError", tt.m, tt.ch, err)
		}
	}
	rec := newRecorder(t, nil)
	if err := rec.client(t).ReportMetric(t.Context(), MetricReport{DeliveryID: "d", Channel: ChannelEmail, Metric: customerio.MetricDeferred}); err != nil {
		t.Fatal(err)
	}
	if got := decodeBody(t, rec.requests()[0].Body)["metric"]; got != "deferred" {
		t.Errorf("metric = %v, want deferred", got)
	}
}
