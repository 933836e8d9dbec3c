package customeriotest

import (
	customerio "github.com/gocustomerio/customerio"
)

// MetricReport is one delivery metric reported to Customer.io, as track.MetricReport
// sends it or a Track v2 or Data Pipelines delivery event carries it.
type MetricReport struct {
	DeliveryID string
	// Metric is the metric as sent (delivered, opened, clicked, …): the
	// metric of /api/v1/metrics and Data Pipelines, the event of
	// /api/v1/push/events, the name of a Track v2 delivery event.
	Metric customerio.Metric
	// Timestamp is in Unix seconds, 0 when not sent.
	Timestamp int64
	Recipient string
	Reason    string
	Href      string
	// DeviceToken is set for push metrics.
	DeviceToken string
	// Source names the call that reported it: "metrics" (POST /api/v1/metrics),
	// "push_events" (POST /api/v1/push/events), "entity" (a Track v2 delivery
	// event) or "pipelines" (a Report Delivery Event).
	Source string
}

// Metric sources.
const (
	sourceMetrics    = "metrics"
	sourcePushEvents = "push_events"
	sourceEntity     = "entity"
	sourcePipelines  = "pipelines"
)

// Metrics returns every delivery metric reported, in order.
func (s *Server) Metrics() []MetricReport {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	return append([]MetricReport(nil), s.state.metrics...)
}
