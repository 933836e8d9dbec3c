package trackv2

import (
	"context"
	"maps"

	customerio "github.com/gocustomerio/customerio"
)

// deliveryMetric reports whether a delivery event may report metric: Track v2
// takes the metrics a device sees, customerio.MetricDelivered, MetricOpened and
// MetricConverted, and no other.
func deliveryMetric(metric string) bool {
	switch customerio.Metric(metric) {
	case customerio.MetricDelivered, customerio.MetricOpened, customerio.MetricConverted:
		return true
	}
	return false
}

// TrackDeliveryEvent returns the op that reports a metric for a push
// notification Customer.io sent: d is the delivery id from the push payload,
// deviceToken the device that received it. Customer.io adds the metric to the
// message's and campaign's reporting. metric is customerio.MetricDelivered,
// MetricOpened or MetricConverted; any other is refused before any request.
// attrs, when not nil, is copied with device_token added; the caller's map is
// not changed.
func TrackDeliveryEvent(d Delivery, metric customerio.Metric, deviceToken string, attrs map[string]any, opts ...OpOption) Op {
	data := make(map[string]any, len(attrs)+1)
	maps.Copy(data, attrs)
	data["device_token"] = deviceToken
	return Op{Type: TypeDelivery, Action: ActionEvent, Identifiers: d, Name: string(metric), Attributes: data}.with(opts)
}

// TrackDeliveryEvent reports a push delivery metric: it sends
// TrackDeliveryEvent(d, metric, deviceToken, attrs, opts...) with Send.
func (c *Client) TrackDeliveryEvent(ctx context.Context, d Delivery, metric customerio.Metric, deviceToken string, attrs map[string]any, opts ...OpOption) error {
	return c.send(ctx, "trackv2.TrackDeliveryEvent", TrackDeliveryEvent(d, metric, deviceToken, attrs, opts...))
}
