package webhook

import (
	"slices"

	customerio "github.com/gocustomerio/customerio"
)

// ObjectType is the kind of thing a reporting-webhook event is about: a person or
// a message channel. An event is named by the pair (ObjectType,
// customerio.Metric), since every channel that reports a metric uses the same
// word for it: email opened, sms replied, customer subscribed. Customer.io may
// add types and metrics; an unknown one parses like any other.
type ObjectType string

// Object types Customer.io reports.
const (
	ObjectCustomer ObjectType = "customer"
	ObjectEmail    ObjectType = "email"
	ObjectPush     ObjectType = "push"
	ObjectInApp    ObjectType = "in_app"
	ObjectSMS      ObjectType = "sms"
	ObjectSlack    ObjectType = "slack"
	ObjectWebhook  ObjectType = "webhook"
	ObjectWhatsApp ObjectType = "whatsapp"
)

// personMetrics are the metrics of the person events (subscribed,
// unsubscribed, subscription preferences changed). Their object_type is the
// channel whose message led to the change, or customer when there was none, so
// every object type reports them.
var personMetrics = []customerio.Metric{
	customerio.MetricSubscribed,
	customerio.MetricUnsubscribed,
	customerio.MetricSubscriptionPreferencesChanged,
}

// metricsByObject lists, per object type, the metrics of Customer.io's reporting
// webhook reference, in its order: the channel's own metrics, then the person
// metrics it does not already list. The reference has no drafted metric for push
// (its "push drafted" event reports attempted).
var metricsByObject = map[ObjectType][]customerio.Metric{
	ObjectCustomer: withPersonMetrics(nil),
	ObjectEmail: withPersonMetrics([]customerio.Metric{
		customerio.MetricDrafted, customerio.MetricAttempted, customerio.MetricSent, customerio.MetricDelivered,
		customerio.MetricOpened, customerio.MetricClicked, customerio.MetricConverted, customerio.MetricUnsubscribed,
		customerio.MetricBounced, customerio.MetricDropped, customerio.MetricSpammed, customerio.MetricFailed,
		customerio.MetricUndeliverable,
	}),
	ObjectPush: withPersonMetrics([]customerio.Metric{
		customerio.MetricAttempted, customerio.MetricDelivered, customerio.MetricSent, customerio.MetricOpened,
		customerio.MetricClicked, customerio.MetricConverted, customerio.MetricBounced, customerio.MetricDropped,
		customerio.MetricFailed, customerio.MetricUndeliverable,
	}),
	ObjectInApp: withPersonMetrics([]customerio.Metric{
		customerio.MetricDrafted, customerio.MetricAttempted, customerio.MetricSent, customerio.MetricOpened,
		customerio.MetricClicked, customerio.MetricConverted, customerio.MetricFailed, customerio.MetricUndeliverable,
	}),
	ObjectSMS: withPersonMetrics([]customerio.Metric{
		customerio.MetricDrafted, customerio.MetricAttempted, customerio.MetricSent, customerio.MetricDelivered,
		customerio.MetricClicked, customerio.MetricConverted, customerio.MetricBounced, customerio.MetricFailed,
		customerio.MetricUndeliverable, customerio.MetricReplied,
	}),
	ObjectSlack: withPersonMetrics([]customerio.Metric{
		customerio.MetricDrafted, customerio.MetricAttempted, customerio.MetricSent, customerio.MetricClicked,
		customerio.MetricFailed, customerio.MetricUndeliverable,
	}),
	ObjectWebhook: withPersonMetrics([]customerio.Metric{
		customerio.MetricDrafted, customerio.MetricAttempted, customerio.MetricSent, customerio.MetricClicked,
		customerio.MetricFailed, customerio.MetricUndeliverable,
	}),
	ObjectWhatsApp: withPersonMetrics([]customerio.Metric{
		customerio.MetricDrafted, customerio.MetricAttempted, customerio.MetricSent, customerio.MetricDelivered,
		customerio.MetricOpened, customerio.MetricClicked, customerio.MetricConverted, customerio.MetricBounced,
		customerio.MetricDropped, customerio.MetricFailed, customerio.MetricUndeliverable, customerio.MetricReplied,
	}),
}

// withPersonMetrics appends to channel the person metrics it lacks.
func withPersonMetrics(channel []customerio.Metric) []customerio.Metric {
	for _, m := range personMetrics {
		if !slices.Contains(channel, m) {
			channel = append(channel, m)
		}
	}
	return channel
}

// Metrics returns the metrics Customer.io documents for o, in the order of its
// documentation, or nil for an object type it does not know. Use it to tell
// expected events from new ones; events with other metrics still parse.
func (o ObjectType) Metrics() []customerio.Metric {
	return slices.Clone(metricsByObject[o])
}
