package webhook

import "slices"

// ObjectType is the kind of thing a reporting-webhook event is about: a person or
// a message channel. Customer.io may add types; an unknown one parses like any
// other.
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

// Metric is what happened to the object of a reporting-webhook event. The same
// metric name is used by every channel that reports it, so an event is named by
// the pair (ObjectType, Metric): email opened, sms replied, customer subscribed.
// Customer.io may add metrics; an unknown one parses like any other.
type Metric string

// Metrics Customer.io reports. [ObjectType.Metrics] tells which apply to which
// object type.
const (
	// Customer metrics.
	MetricSubscribed                     Metric = "subscribed"
	MetricUnsubscribed                   Metric = "unsubscribed"
	MetricSubscriptionPreferencesChanged Metric = "cio_subscription_preferences_changed"

	// Message metrics.
	MetricAttempted     Metric = "attempted"
	MetricBounced       Metric = "bounced"
	MetricClicked       Metric = "clicked"
	MetricConverted     Metric = "converted"
	MetricDelivered     Metric = "delivered"
	MetricDrafted       Metric = "drafted"
	MetricDropped       Metric = "dropped"
	MetricFailed        Metric = "failed"
	MetricOpened        Metric = "opened"
	MetricReplied       Metric = "replied"
	MetricSent          Metric = "sent"
	MetricSpammed       Metric = "spammed"
	MetricUndeliverable Metric = "undeliverable"
)

// personMetrics are the metrics of the person events (subscribed,
// unsubscribed, subscription preferences changed). Their object_type is the
// channel whose message led to the change, or customer when there was none, so
// every object type reports them.
var personMetrics = []Metric{MetricSubscribed, MetricUnsubscribed, MetricSubscriptionPreferencesChanged}

// metricsByObject lists, per object type, the metrics of Customer.io's reporting
// webhook reference, in its order: the channel's own metrics, then the person
// metrics it does not already list. The reference has no drafted metric for push
// (its "push drafted" event reports attempted).
var metricsByObject = map[ObjectType][]Metric{
	ObjectCustomer: withPersonMetrics(nil),
	ObjectEmail: withPersonMetrics([]Metric{MetricDrafted, MetricAttempted, MetricSent, MetricDelivered, MetricOpened,
		MetricClicked, MetricConverted, MetricUnsubscribed, MetricBounced, MetricDropped, MetricSpammed,
		MetricFailed, MetricUndeliverable}),
	ObjectPush: withPersonMetrics([]Metric{MetricAttempted, MetricDelivered, MetricSent, MetricOpened, MetricClicked,
		MetricConverted, MetricBounced, MetricDropped, MetricFailed, MetricUndeliverable}),
	ObjectInApp: withPersonMetrics([]Metric{MetricDrafted, MetricAttempted, MetricSent, MetricOpened, MetricClicked,
		MetricConverted, MetricFailed, MetricUndeliverable}),
	ObjectSMS: withPersonMetrics([]Metric{MetricDrafted, MetricAttempted, MetricSent, MetricDelivered, MetricClicked,
		MetricConverted, MetricBounced, MetricFailed, MetricUndeliverable, MetricReplied}),
	ObjectSlack: withPersonMetrics([]Metric{MetricDrafted, MetricAttempted, MetricSent, MetricClicked, MetricFailed,
		MetricUndeliverable}),
	ObjectWebhook: withPersonMetrics([]Metric{MetricDrafted, MetricAttempted, MetricSent, MetricClicked, MetricFailed,
		MetricUndeliverable}),
	ObjectWhatsApp: withPersonMetrics([]Metric{MetricDrafted, MetricAttempted, MetricSent, MetricDelivered, MetricOpened,
		MetricClicked, MetricConverted, MetricBounced, MetricDropped, MetricFailed, MetricUndeliverable,
		MetricReplied}),
}

// withPersonMetrics appends to channel the person metrics it lacks.
func withPersonMetrics(channel []Metric) []Metric {
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
func (o ObjectType) Metrics() []Metric {
	return slices.Clone(metricsByObject[o])
}
