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

// emailMetrics are the metrics of the email and webhook channels.
var emailMetrics = []customerio.Metric{customerio.MetricBounced, customerio.MetricClicked,
	customerio.MetricConverted, customerio.MetricDeferred, customerio.MetricDelivered,
	customerio.MetricDropped, customerio.MetricOpened, customerio.MetricSpammed}

// channelMetrics lists, per channel, the metrics POST /api/v1/metrics accepts,
// as Customer.io's Track API reference gives them; every other
// customerio.Metric (sent, failed, attempted, the person metrics…) is refused
// for every channel.
var channelMetrics = map[Channel][]customerio.Metric{
	ChannelEmail:   emailMetrics,
	ChannelWebhook: emailMetrics,
	ChannelInApp:   {customerio.MetricClicked, customerio.MetricConverted, customerio.MetricOpened},
	ChannelPush:    {customerio.MetricConverted, customerio.MetricDelivered, customerio.MetricOpened},
	ChannelSlack:   {customerio.MetricClicked, customerio.MetricConverted, customerio.MetricDelivered, customerio.MetricOpened},
	ChannelSMS:     {customerio.MetricBounced, customerio.MetricClicked, customerio.MetricDelivered, customerio.MetricOpened},
}

// MetricReport is one event in the life of a message delivery, for
// ReportMetric: which delivery, on which channel, and what happened to it.
type MetricReport struct {
	// DeliveryID is the delivery the metric is about, as Customer.io gave it to
	// the message (the delivery_id of a push payload, a webhook, a link).
	DeliveryID string
	// Channel is the delivery's channel; it decides which metrics are valid and
	// is not sent. Required.
	Channel Channel
	// Metric is what happened, valid for Channel: email and webhook take
	// bounced, clicked, converted, deferred, delivered, dropped, opened and
	// spammed; in_app clicked, converted and opened; push converted, delivered
	// and opened; slack clicked, converted, delivered and opened; sms bounced,
	// clicked, delivered and opened (customerio.MetricOpened and so on).
	Metric customerio.Metric
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
	DeliveryID string            `json:"delivery_id"`
	Metric     customerio.Metric `json:"metric"`
	Timestamp  *int64            `json:"timestamp,omitempty"`
	Recipient  string            `json:"recipient,omitempty"`
	Reason     string            `json:"reason,omitempty"`
	Href       string            `json:"href,omitempty"`
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
func (c *Client) ReportMetric(ctx context.Context, m MetricReport) error {
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
