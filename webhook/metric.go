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

// metricsByObject lists, per object type, the metrics Customer.io documents.
var metricsByObject = map[ObjectType][]Metric{
	ObjectCustomer: {MetricSubscribed, MetricUnsubscribed, MetricSubscriptionPreferencesChanged},
	ObjectEmail: {MetricAttempted, MetricBounced, MetricClicked, MetricConverted, MetricDelivered,
		MetricDrafted, MetricDropped, MetricFailed, MetricOpened, MetricSent, MetricSpammed,
		MetricUndeliverable, MetricUnsubscribed},
	ObjectPush: {MetricAttempted, MetricBounced, MetricClicked, MetricConverted, MetricDelivered,
		MetricDropped, MetricFailed, MetricOpened, MetricSent, MetricUndeliverable},
	ObjectInApp: {MetricAttempted, MetricClicked, MetricConverted, MetricDrafted, MetricFailed,
		MetricOpened, MetricSent, MetricUndeliverable},
	ObjectSMS: {MetricAttempted, MetricBounced, MetricClicked, MetricConverted, MetricDelivered,
		MetricDrafted, MetricFailed, MetricReplied, MetricSent, MetricUndeliverable},
	ObjectSlack:   {MetricAttempted, MetricClicked, MetricDrafted, MetricFailed, MetricSent, MetricUndeliverable},
	ObjectWebhook: {MetricAttempted, MetricClicked, MetricDrafted, MetricFailed, MetricSent, MetricUndeliverable},
	ObjectWhatsApp: {MetricAttempted, MetricBounced, MetricClicked, MetricConverted, MetricDelivered,
		MetricDrafted, MetricDropped, MetricFailed, MetricOpened, MetricReplied, MetricSent,
		MetricUndeliverable},
}

// Metrics returns the metrics Customer.io documents for o, in the order of its
// documentation, or nil for an object type it does not know. Use it to tell
// expected events from new ones; events with other metrics still parse.
func (o ObjectType) Metrics() []Metric {
	return slices.Clone(metricsByObject[o])
}
