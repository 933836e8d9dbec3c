package track

import (
	"context"
	"net/http"
	"slices"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/transport"
	"github.com/gocustomerio/customerio/internal/validate"
)

// PushEvent is one event of a push delivery for ReportPushEvent.
type PushEvent struct {
	// DeliveryID is the delivery_id of the push payload. Required.
	DeliveryID string
	// Event is customerio.MetricOpened, MetricConverted or MetricDelivered.
	Event customerio.Metric
	// DeviceID is the device token that received the push. Optional.
	DeviceID string
	// Timestamp is when it happened, sent as Unix seconds; zero leaves it out.
	Timestamp time.Time
}

// pushEvents are the events the legacy endpoint accepts.
var pushEvents = []customerio.Metric{customerio.MetricOpened, customerio.MetricConverted, customerio.MetricDelivered}

type pushEventBody struct {
	DeliveryID string            `json:"delivery_id"`
	Event      customerio.Metric `json:"event"`
	DeviceID   string            `json:"device_id,omitempty"`
	Timestamp  *int64            `json:"timestamp,omitempty"`
}

// ReportPushEvent reports a push delivery event through Customer.io's older push
// metrics endpoint (POST /api/v1/push/events), which existing mobile SDK
// integrations still use. ReportMetric with ChannelPush supersedes it. Customer.io
// needs no credentials for this call, and it is not marked safe to repeat.
//
// A blank DeliveryID or an Event other than opened, converted or delivered is a
// *customerio.ValidationError, and nothing is sent.
func (c *Client) ReportPushEvent(ctx context.Context, e PushEvent) error {
	const op = "track.ReportPushEvent"
	if err := validate.Blank(op, "delivery_id", e.DeliveryID); err != nil {
		return err
	}
	if !slices.Contains(pushEvents, e.Event) {
		return validate.Field(op, "event", "must be one of %v, not %q", pushEvents, e.Event)
	}
	return c.send(ctx, &transport.Request{
		Op:     op,
		Method: http.MethodPost,
		Path:   "/api/v1/push/events",
		Body:   pushEventBody{DeliveryID: e.DeliveryID, Event: e.Event, DeviceID: e.DeviceID, Timestamp: unixOrNil(e.Timestamp)},
	})
}
