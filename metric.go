package customerio

// Metric is what happened to a message, or to a person's subscription: the
// word Customer.io uses in reporting webhooks, in the metrics a client reports
// back (Track API v1 /api/v1/metrics and push events, Track API v2 delivery
// operations) and in the App API's message filters. Each API accepts only some
// metrics for some channels and says so before any request; an unknown metric
// read from Customer.io is kept as it is.
type Metric string

// The metrics Customer.io names.
const (
	// Person metrics.
	MetricSubscribed                     Metric = "subscribed"
	MetricUnsubscribed                   Metric = "unsubscribed"
	MetricSubscriptionPreferencesChanged Metric = "cio_subscription_preferences_changed"

	// Message metrics.
	MetricAttempted     Metric = "attempted"
	MetricBounced       Metric = "bounced"
	MetricClicked       Metric = "clicked"
	MetricConverted     Metric = "converted"
	MetricDeferred      Metric = "deferred"
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
