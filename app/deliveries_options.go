package app

import (
	"slices"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// DeliveriesOptions selects a page of deliveries. Every list of deliveries
// takes it (a template's, a campaign's, a broadcast's, a newsletter's, the
// workspace's); each route documents which of State, Type and Drafts it filters
// by, and setting one a route does not take is a *customerio.ValidationError
// rather than a filter Customer.io would silently ignore.
type DeliveriesOptions struct {
	// Start and Limit page through the list as in ListOptions.
	Start string
	Limit *int
	// Metric keeps deliveries that reached this metric: MetricAttempted,
	// MetricSent, MetricDelivered, MetricOpened, MetricClicked,
	// MetricConverted, MetricBounced, MetricSpammed, MetricUnsubscribed,
	// MetricDropped, MetricFailed or MetricUndeliverable (of package
	// customerio).
	Metric customerio.Metric
	// State keeps deliveries in this state: "failed", "sent", "drafted" or
	// "attempted".
	State string
	// Type keeps deliveries of one channel: "email", "webhook", "twilio",
	// "whatsapp", "slack", "push" or "in_app".
	Type string
	// Drafts, when true, returns drafted deliveries instead of sent ones; nil
	// leaves Customer.io's default (false).
	Drafts *bool
	// StartTS and EndTS keep deliveries created in this window; the zero time
	// leaves a side open. Customer.io returns at most 6 to 12 months, depending
	// on the route.
	StartTS time.Time
	EndTS   time.Time
	// GetTrackedResponses adds in-app survey answers to each Delivery; nil leaves
	// Customer.io's default (false).
	GetTrackedResponses *bool
}

// deliveryFilter names the optional filters of DeliveriesOptions that only some
// routes take.
type deliveryFilter uint8

const (
	filterState deliveryFilter = 1 << iota
	filterType
	filterDrafts
)

// deliveryMetrics are the metrics a delivery list filters by.
var deliveryMetrics = []customerio.Metric{
	customerio.MetricAttempted, customerio.MetricSent, customerio.MetricDelivered,
	customerio.MetricOpened, customerio.MetricClicked, customerio.MetricConverted,
	customerio.MetricBounced, customerio.MetricSpammed, customerio.MetricUnsubscribed,
	customerio.MetricDropped, customerio.MetricFailed, customerio.MetricUndeliverable,
}

// deliveryTypes are the channels a delivery list filters by.
var deliveryTypes = []string{"email", "webhook", "twilio", "whatsapp", "slack", "push", "in_app"}

// query checks o and adds it to q, for a route that takes the filters in takes
// besides paging, Metric, the time window and GetTrackedResponses.
func (o DeliveriesOptions) query(p *problems, q params, takes deliveryFilter) {
	if o.Metric != "" && !slices.Contains(deliveryMetrics, o.Metric) {
		p.add("metric", "must be one of: attempted sent delivered opened clicked converted bounced spammed unsubscribed dropped failed undeliverable")
	}
	switch {
	case o.State == "":
	case takes&filterState == 0:
		p.add("state", "is not a filter of this route")
	case !slices.Contains([]string{"failed", "sent", "drafted", "attempted"}, o.State):
		p.add("state", "must be one of: failed sent drafted attempted")
	}
	switch {
	case o.Type == "":
	case takes&filterType == 0:
		p.add("type", "is not a filter of this route")
	case !slices.Contains(deliveryTypes, o.Type):
		p.add("type", "must be one of: email webhook twilio whatsapp slack push in_app")
	}
	if o.Drafts != nil && takes&filterDrafts == 0 {
		p.add("drafts", "is not a filter of this route")
	}
	if !o.StartTS.IsZero() && !o.EndTS.IsZero() && o.EndTS.Before(o.StartTS) {
		p.add("end_ts", "must not be before start_ts")
	}
	ListOptions{Start: o.Start, Limit: o.Limit}.query(p, q)
	q.str("metric", string(o.Metric))
	q.str("state", o.State)
	q.str("type", o.Type)
	q.boolPtr("drafts", o.Drafts)
	q.unix("start_ts", o.StartTS)
	q.unix("end_ts", o.EndTS)
	q.boolPtr("get_tracked_responses", o.GetTrackedResponses)
}
