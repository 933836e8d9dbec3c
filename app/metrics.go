package app

import "slices"

// Period is the unit of time metrics are bucketed by.
type Period string

// The periods Customer.io reports metrics in. Customer.io caps the number of
// steps per period (24 hours, 45 days, 12 weeks, about 120 months).
const (
	PeriodHours  Period = "hours"
	PeriodDays   Period = "days"
	PeriodWeeks  Period = "weeks"
	PeriodMonths Period = "months"
)

// MetricsOptions selects the time range of a metrics report. Unset fields leave
// Customer.io's defaults: days, as many steps as allowed, every channel.
type MetricsOptions struct {
	// Period is the bucket size.
	Period Period
	// Steps is how many periods to return, counting back from now.
	Steps *int
	// Type keeps the metrics of one channel: "email", "webhook", "twilio",
	// "slack", "push", "in_app" or "live_notification". Only some routes take it (each says so);
	// setting it elsewhere is a *customerio.ValidationError.
	Type string
}

// metricsFilter names the optional parameters of the metrics options that only
// some routes take.
type metricsFilter uint8

const (
	metricsType metricsFilter = 1 << iota
	metricsUnique
)

func (o MetricsOptions) query(p *problems, q params, takes metricsFilter) {
	checkPeriod(p, o.Period, o.Steps)
	checkMetricsType(p, o.Type, takes)
	q.str("period", string(o.Period))
	q.intPtr("steps", o.Steps)
	q.str("type", o.Type)
}

// LinkMetricsOptions selects the time range of a link-click report.
type LinkMetricsOptions struct {
	// Period is the bucket size.
	Period Period
	// Steps is how many periods to return, counting back from now.
	Steps *int
	// Unique counts each person once per link; nil leaves Customer.io's default
	// (false). Routes of a whole message take it, routes of one action or variant
	// do not.
	Unique *bool
	// Type keeps the clicks of one channel, as in MetricsOptions; routes of one
	// action or variant take it, routes of a whole message do not.
	Type string
}

func (o LinkMetricsOptions) query(p *problems, q params, takes metricsFilter) {
	checkPeriod(p, o.Period, o.Steps)
	checkMetricsType(p, o.Type, takes)
	if o.Unique != nil && takes&metricsUnique == 0 {
		p.add("unique", "is not a parameter of this route")
	}
	q.str("period", string(o.Period))
	q.intPtr("steps", o.Steps)
	q.boolPtr("unique", o.Unique)
	q.str("type", o.Type)
}

// metricsTypes are the channels a metrics report can be kept to.
var metricsTypes = []string{"email", "webhook", "twilio", "slack", "push", "in_app", "live_notification"}

// checkMetricsType records a Type the route does not take or Customer.io does
// not know.
func checkMetricsType(p *problems, typ string, takes metricsFilter) {
	switch {
	case typ == "":
	case takes&metricsType == 0:
		p.add("type", "is not a parameter of this route")
	case !slices.Contains(metricsTypes, typ):
		p.add("type", "must be one of: email webhook twilio slack push in_app live_notification")
	}
}

// checkPeriod records a Period Customer.io does not know and a negative Steps.
func checkPeriod(p *problems, period Period, steps *int) {
	switch period {
	case "", PeriodHours, PeriodDays, PeriodWeeks, PeriodMonths:
	default:
		p.add("period", "must be one of: hours days weeks months")
	}
	if steps != nil && *steps < 0 {
		p.add("steps", "must be gte 0")
	}
}

// Metrics is a report of message metrics over time.
type Metrics struct {
	// Series maps each metric ("sent", "delivered", "opened", "clicked", …) to its
	// count per period, oldest first.
	Series map[string][]int64 `json:"series"`
}

// LinkMetrics is the click report of one tracked link.
type LinkMetrics struct {
	Link   Link    `json:"link"`
	Metric Metrics `json:"metric"`
}

// Link is a tracked link of a message.
type Link struct {
	ID   int    `json:"id"`
	Href string `json:"href"`
}
