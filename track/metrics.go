package track

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/gocustomerio/customerio/internal/transport"
	"github.com/gocustomerio/customerio/internal/validate"
)

// Channel is the kind of message a delivery is. ReportMetric uses it to check
// that the metric is one Customer.io accepts for that channel; it is not sent.
type Channel string

// The channels whose delivery metrics can be reported.
const (
	ChannelEmail   Channel = "email"
	ChannelWebhook Channel = "webhook"
	ChannelInApp   Channel = "in_app"
	ChannelPush    Channel = "push"
	ChannelSlack   Channel = "slack"
	ChannelSMS     Channel = "sms"
)

// MetricName is what happened to a delivery.
type MetricName string

// The delivery metrics Customer.io accepts; channelMetrics tells which apply to
// which channel.
const (
	MetricBounced   MetricName = "bounced"
	MetricClicked   MetricName = "clicked"
	MetricConverted MetricName = "converted"
	MetricDeferred  MetricName = "deferred"
	MetricDelivered MetricName = "delivered"
	MetricDropped   MetricName = "dropped"
	MetricOpened    MetricName = "opened"
	MetricSpammed   MetricName = "spammed"
)

// emailMetrics are the metrics of the email and webhook channels.
var emailMetrics = []MetricName{MetricBounced, MetricClicked, MetricConverted, MetricDeferred,
	MetricDelivered, MetricDropped, MetricOpened, MetricSpammed}

// channelMetrics lists, per channel, the metrics Customer.io accepts.
var channelMetrics = map[Channel][]MetricName{
	ChannelEmail:   emailMetrics,
	ChannelWebhook: emailMetrics,
	ChannelInApp:   {MetricClicked, MetricConverted, MetricOpened},
	ChannelPush:    {MetricConverted, MetricDelivered, MetricOpened},
	ChannelSlack:   {MetricClicked, MetricConverted, MetricDelivered, MetricOpened},
	ChannelSMS:     {MetricBounced, MetricClicked, MetricDelivered, MetricOpened},
}

// Metric is one event in the life of a message delivery, for ReportMetric.
type Metric struct {
	// DeliveryID is the delivery the metric is about, as Customer.io gave it to
	// the message (the delivery_id of a push payload, a webhook, a link).
	DeliveryID string
	// Channel is the delivery's channel; it decides which metrics are valid and
	// is not sent. Required.
	Channel Channel
	// Metric is what happened; it must be valid for Channel.
	Metric MetricName
	// Timestamp is when it happened, sent as Unix seconds; zero leaves it to
	// Customer.io (the time of the request).
	Timestamp time.Time
	// Recipient is the address the message went to. Email and webhook only.
	Recipient string
	// Reason explains a bounce, drop or deferral. Email and webhook only.
	Reason string
	// Href is the link that was clicked. Email and webhook only.
	Href string
}

type metricBody struct {
	DeliveryID string     `json:"delivery_id"`
	Metric     MetricName `json:"metric"`
	Timestamp  *int64     `json:"timestamp,omitempty"`
	Recipient  string     `json:"recipient,omitempty"`
	Reason     string     `json:"reason,omitempty"`
	Href       string     `json:"href,omitempty"`
}

// ReportMetric tells Customer.io what happened to a delivery it did not send
// itself (POST /api/v1/metrics), such as an open reported by your mobile app or
// a bounce from your own email provider, so the message's metrics and the
// campaigns waiting on them stay correct. Customer.io needs no credentials for
// this call. A repeat could count the metric twice, so it is not marked safe to
// repeat.
//
// A blank DeliveryID, an unknown Channel, a Metric not valid for the Channel, or
// Recipient, Reason or Href on a channel other than email or webhook is a
// *customerio.ValidationError, and nothing is sent.
func (c *Client) ReportMetric(ctx context.Context, m Metric) error {
	const op = "track.ReportMetric"
	if err := validate.Blank(op, "delivery_id", m.DeliveryID); err != nil {
		return err
	}
	valid, ok := channelMetrics[m.Channel]
	if !ok {
		return validate.Field(op, "channel", "must be one of email, webhook, in_app, push, slack or sms, not %q", m.Channel)
	}
	if !slices.Contains(valid, m.Metric) {
		return validate.Field(op, "metric", "%q is not a %s metric; use one of %v", m.Metric, m.Channel, valid)
	}
	if m.Channel != ChannelEmail && m.Channel != ChannelWebhook {
		for _, f := range [...]struct{ name, value string }{{"recipient", m.Recipient}, {"reason", m.Reason}, {"href", m.Href}} {
			if f.value != "" {
				return validate.Field(op, f.name, "is only reported for email and webhook deliveries, not %s", m.Channel)
			}
		}
	}
	body := metricBody{DeliveryID: m.DeliveryID, Metric: m.Metric, Recipient: m.Recipient, Reason: m.Reason, Href: m.Href}
	body.Timestamp = unixOrNil(m.Timestamp)
	return c.send(ctx, &transport.Request{Op: op, Method: http.MethodPost, Path: "/api/v1/metrics", Body: body})
}
