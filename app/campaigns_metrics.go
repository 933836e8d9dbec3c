package app

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"time"

	"github.com/gocustomerio/customerio/internal/transport"
)

// Resolution is the size of each point of a windowed metrics report.
type Resolution string

// The resolutions Customer.io reports windowed metrics in. It also accepts
// "hourly", "daily", "weekly" and "monthly" for the same sizes.
const (
	ResolutionHours  Resolution = "hours"
	ResolutionDays   Resolution = "days"
	ResolutionWeeks  Resolution = "weeks"
	ResolutionMonths Resolution = "months"
)

// resolutions are every spelling Customer.io accepts.
var resolutions = []Resolution{
	ResolutionHours, "hourly", ResolutionDays, "daily",
	ResolutionWeeks, "weekly", ResolutionMonths, "monthly",
}

// CampaignMetricsOptions selects the window of a campaign or campaign action
// metrics report, in the version 2 form Customer.io recommends: an explicit
// start and end, cut into points of Res, in the time zone TZ.
type CampaignMetricsOptions struct {
	// Res is the size of each point; required.
	Res Resolution
	// TZ is the IANA time zone the points are aligned to, such as
	// "America/New_York"; empty leaves Customer.io's default (Eastern time).
	TZ string
	// Start and End bound the window; the zero time leaves Customer.io's
	// default for that side.
	Start time.Time
	End   time.Time
	// Type keeps the metrics of one channel: "email", "webhook", "twilio",
	// "slack", "push" or "in_app".
	Type string
}

func (o CampaignMetricsOptions) query(p *problems, q params) {
	checkResolution(p, "res", o.Res, true)
	checkWindow(p, "end", o.Start, o.End)
	checkMetricsType(p, o.Type, metricsType)
	q.str("version", "2")
	q.str("res", string(o.Res))
	q.str("tz", o.TZ)
	q.unix("start", o.Start)
	q.unix("end", o.End)
	q.str("type", o.Type)
}

// checkResolution records a missing (when required) or unknown resolution.
func checkResolution(p *problems, field string, res Resolution, required bool) {
	switch {
	case res == "" && required:
		p.add(field, "is required")
	case res != "" && !slices.Contains(resolutions, res):
		p.add(field, "must be one of: hours hourly days daily weeks weekly months monthly")
	}
}

// checkWindow records an end before its start.
func checkWindow(p *problems, field string, start, end time.Time) {
	if !start.IsZero() && !end.IsZero() && end.Before(start) {
		p.add(field, "must not be before start")
	}
}

// GetMetrics returns a campaign's metrics over a window, in the version 2 form
// (GET /v1/campaigns/{campaign_id}/metrics with version=2). A missing or
// unknown Res, an End before Start or an unknown Type is a
// *customerio.ValidationError.
func (s *CampaignsService) GetMetrics(ctx context.Context, campaignID int, opts CampaignMetricsOptions) (*Metrics, error) {
	p := newProblems("app.Campaigns.GetMetrics")
	path := campaignPath(p, campaignID, "metrics")
	q := params{}
	opts.query(p, q)
	return getMetrics(ctx, s.api, p, path, q)
}

// GetMetricsV1 returns a campaign's metrics in steps of a period counting back
// from now, in the version 1 form (GET /v1/campaigns/{campaign_id}/metrics with
// version=1), which takes period, steps and type.
//
// Deprecated: Customer.io recommends version 2; use GetMetrics.
func (s *CampaignsService) GetMetricsV1(ctx context.Context, campaignID int, opts MetricsOptions) (*Metrics, error) {
	p := newProblems("app.Campaigns.GetMetricsV1")
	path := campaignPath(p, campaignID, "metrics")
	q := params{}
	opts.query(p, q, metricsType)
	q.str("version", "1")
	return getMetrics(ctx, s.api, p, path, q)
}

// GetActionMetrics returns the metrics of one campaign action over a window, in
// the version 2 form (GET /v1/campaigns/{campaign_id}/actions/{action_id}/metrics
// with version=2); validated as GetMetrics.
func (s *CampaignsService) GetActionMetrics(ctx context.Context, campaignID, actionID int, opts CampaignMetricsOptions) (*ActionMetrics, error) {
	p := newProblems("app.Campaigns.GetActionMetrics")
	path := campaignActionPath(p, campaignID, actionID, "metrics")
	q := params{}
	opts.query(p, q)
	return getActionMetrics(ctx, s.api, p, path, q)
}

// GetActionMetricsV1 returns the metrics of one campaign action in steps of a
// period, in the version 1 form (GET
// /v1/campaigns/{campaign_id}/actions/{action_id}/metrics with version=1), which
// takes period and steps; a Type is a *customerio.ValidationError.
//
// Deprecated: Customer.io recommends version 2; use GetActionMetrics.
func (s *CampaignsService) GetActionMetricsV1(ctx context.Context, campaignID, actionID int, opts MetricsOptions) (*ActionMetrics, error) {
	p := newProblems("app.Campaigns.GetActionMetricsV1")
	path := campaignActionPath(p, campaignID, actionID, "metrics")
	q := params{}
	opts.query(p, q, 0)
	q.str("version", "1")
	return getActionMetrics(ctx, s.api, p, path, q)
}

// GetLinkMetrics returns the clicks on each tracked link of a campaign over
// time (GET /v1/campaigns/{campaign_id}/metrics/links). It takes Unique; a Type
// is a *customerio.ValidationError.
func (s *CampaignsService) GetLinkMetrics(ctx context.Context, campaignID int, opts LinkMetricsOptions) ([]LinkMetrics, error) {
	p := newProblems("app.Campaigns.GetLinkMetrics")
	path := campaignPath(p, campaignID, "metrics", "links")
	q := params{}
	opts.query(p, q, metricsUnique)
	return getLinkMetrics(ctx, s.api, p, path, q)
}

// GetActionLinkMetrics returns the clicks on each tracked link of one campaign
// action over time (GET
// /v1/campaigns/{campaign_id}/actions/{action_id}/metrics/links). It takes
// both Type and Unique.
func (s *CampaignsService) GetActionLinkMetrics(ctx context.Context, campaignID, actionID int, opts LinkMetricsOptions) ([]LinkMetrics, error) {
	p := newProblems("app.Campaigns.GetActionLinkMetrics")
	path := campaignActionPath(p, campaignID, actionID, "metrics", "links")
	q := params{}
	opts.query(p, q, metricsType|metricsUnique)
	return getLinkMetrics(ctx, s.api, p, path, q)
}

// JourneyMetricsOptions selects the window of a journey metrics report; every
// field is required.
type JourneyMetricsOptions struct {
	Start time.Time
	End   time.Time
	// Res is the size of each point.
	Res Resolution
}

// JourneyMetrics is a campaign's journey report: for each outcome ("started",
// "activated", "messaged", "converted", "finished", "exited_early",
// "never_activated", …), the number of journeys that began in each point of the
// window and reached it, oldest point first.
type JourneyMetrics struct {
	Series map[string][]int64
}

// UnmarshalJSON reads the journey_metric object, one list per outcome.
func (m *JourneyMetrics) UnmarshalJSON(b []byte) error {
	return json.Unmarshal(b, &m.Series)
}

// GetJourneyMetrics returns a campaign's journey report (GET
// /v1/campaigns/{campaign_id}/journey_metrics). A zero Start or End, an End
// before Start, or a missing or unknown Res (sent as "resolution") is a
// *customerio.ValidationError.
func (s *CampaignsService) GetJourneyMetrics(ctx context.Context, campaignID int, opts JourneyMetricsOptions) (*JourneyMetrics, error) {
	p := newProblems("app.Campaigns.GetJourneyMetrics")
	path := campaignPath(p, campaignID, "journey_metrics")
	if opts.Start.IsZero() {
		p.add("start", "is required")
	}
	if opts.End.IsZero() {
		p.add("end", "is required")
	}
	checkWindow(p, "end", opts.Start, opts.End)
	checkResolution(p, "resolution", opts.Res, true)
	q := params{}
	q.unix("start", opts.Start)
	q.unix("end", opts.End)
	q.str("resolution", string(opts.Res))
	m, err := fetch[JourneyMetrics](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path, Query: q.values()}, "journey_metric")
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// getMetrics reads a {"metric": …} report.
func getMetrics(ctx context.Context, api *transport.Client, p *problems, path string, q params) (*Metrics, error) {
	m, err := fetch[Metrics](ctx, api, p, &transport.Request{Method: http.MethodGet, Path: path, Query: q.values()}, "metric")
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// getLinkMetrics reads a {"links": […]} report.
func getLinkMetrics(ctx context.Context, api *transport.Client, p *problems, path string, q params) ([]LinkMetrics, error) {
	return fetch[[]LinkMetrics](ctx, api, p, &transport.Request{Method: http.MethodGet, Path: path, Query: q.values()}, "links")
}
