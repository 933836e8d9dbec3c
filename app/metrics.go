package app

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
// Customer.io's defaults: days, as many steps as allowed.
type MetricsOptions struct {
	// Period is the bucket size.
	Period Period
	// Steps is how many periods to return, counting back from now.
	Steps *int
}

func (o MetricsOptions) query(p *problems, q params) {
	checkPeriod(p, o.Period, o.Steps)
	q.str("period", string(o.Period))
	q.intPtr("steps", o.Steps)
}

// LinkMetricsOptions selects the time range of a link-click report.
type LinkMetricsOptions struct {
	// Period is the bucket size.
	Period Period
	// Steps is how many periods to return, counting back from now.
	Steps *int
	// Unique counts each person once per link; nil leaves Customer.io's default
	// (false).
	Unique *bool
}

func (o LinkMetricsOptions) query(p *problems, q params) {
	checkPeriod(p, o.Period, o.Steps)
	q.str("period", string(o.Period))
	q.intPtr("steps", o.Steps)
	q.boolPtr("unique", o.Unique)
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
