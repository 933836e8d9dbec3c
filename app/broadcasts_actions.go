package app

import (
	"context"
	"net/http"
	"strconv"

	"github.com/gocustomerio/customerio/internal/transport"
)

// broadcastActionPath is /v1/broadcasts/{broadcast_id}/actions/{action_id}[/{what}…].
func broadcastActionPath(p *problems, id, actionID int, what ...string) string {
	p.id("action_id", actionID)
	return broadcastPath(p, id, append([]string{"actions", strconv.Itoa(actionID)}, what...)...)
}

// ListActions returns every action of a broadcast (GET
// /v1/broadcasts/{broadcast_id}/actions).
func (s *BroadcastsService) ListActions(ctx context.Context, broadcastID int) ([]Action, error) {
	p := newProblems("app.Broadcasts.ListActions")
	path := broadcastPath(p, broadcastID, "actions")
	return fetch[[]Action](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path}, "actions")
}

// GetAction returns one action of a broadcast (GET
// /v1/broadcasts/{broadcast_id}/actions/{action_id}).
func (s *BroadcastsService) GetAction(ctx context.Context, broadcastID, actionID int) (*Action, error) {
	p := newProblems("app.Broadcasts.GetAction")
	return getAction(ctx, s.api, p, broadcastActionPath(p, broadcastID, actionID))
}

// UpdateAction changes the content of a broadcast action and returns it as
// changed (PUT /v1/broadcasts/{broadcast_id}/actions/{action_id}). The update
// replaces the fields it sets, so retry strategies may repeat it.
func (s *BroadcastsService) UpdateAction(ctx context.Context, broadcastID, actionID int, update ContentUpdate) (*Action, error) {
	p := newProblems("app.Broadcasts.UpdateAction")
	return putAction(ctx, s.api, p, broadcastActionPath(p, broadcastID, actionID), update)
}

// GetActionTranslation returns the translation of a broadcast action in one
// language (GET /v1/broadcasts/{broadcast_id}/actions/{action_id}/language/{language}).
// A blank language is a *customerio.ValidationError: use GetAction for the
// default language.
func (s *BroadcastsService) GetActionTranslation(ctx context.Context, broadcastID, actionID int, language string) (*Action, error) {
	p := newProblems("app.Broadcasts.GetActionTranslation")
	p.blank("language", language)
	return getAction(ctx, s.api, p, broadcastActionPath(p, broadcastID, actionID, "language", language))
}

// UpdateActionTranslation changes the translation of a broadcast action in one
// language and returns it as changed (PUT
// /v1/broadcasts/{broadcast_id}/actions/{action_id}/language/{language}). A
// blank language is a *customerio.ValidationError: use UpdateAction for the
// default language. Retry strategies may repeat it, as UpdateAction.
func (s *BroadcastsService) UpdateActionTranslation(ctx context.Context, broadcastID, actionID int, language string, update ContentUpdate) (*Action, error) {
	p := newProblems("app.Broadcasts.UpdateActionTranslation")
	p.blank("language", language)
	return putAction(ctx, s.api, p, broadcastActionPath(p, broadcastID, actionID, "language", language), update)
}

// GetMetrics returns a broadcast's metrics in steps of a period counting back
// from now (GET /v1/broadcasts/{broadcast_id}/metrics). It takes Type.
func (s *BroadcastsService) GetMetrics(ctx context.Context, broadcastID int, opts MetricsOptions) (*Metrics, error) {
	p := newProblems("app.Broadcasts.GetMetrics")
	path := broadcastPath(p, broadcastID, "metrics")
	q := params{}
	opts.query(p, q, metricsType)
	return getMetrics(ctx, s.api, p, path, q)
}

// GetActionMetrics returns the metrics of one broadcast action (GET
// /v1/broadcasts/{broadcast_id}/actions/{action_id}/metrics). It takes Type.
func (s *BroadcastsService) GetActionMetrics(ctx context.Context, broadcastID, actionID int, opts MetricsOptions) (*ActionMetrics, error) {
	p := newProblems("app.Broadcasts.GetActionMetrics")
	path := broadcastActionPath(p, broadcastID, actionID, "metrics")
	q := params{}
	opts.query(p, q, metricsType)
	return getActionMetrics(ctx, s.api, p, path, q)
}

// GetLinkMetrics returns the clicks on each tracked link of a broadcast over
// time (GET /v1/broadcasts/{broadcast_id}/metrics/links). It takes Unique; a
// Type is a *customerio.ValidationError.
func (s *BroadcastsService) GetLinkMetrics(ctx context.Context, broadcastID int, opts LinkMetricsOptions) ([]LinkMetrics, error) {
	p := newProblems("app.Broadcasts.GetLinkMetrics")
	path := broadcastPath(p, broadcastID, "metrics", "links")
	q := params{}
	opts.query(p, q, metricsUnique)
	return getLinkMetrics(ctx, s.api, p, path, q)
}

// GetActionLinkMetrics returns the clicks on each tracked link of one broadcast
// action over time (GET
// /v1/broadcasts/{broadcast_id}/actions/{action_id}/metrics/links). It takes
// Type; Unique is a *customerio.ValidationError.
func (s *BroadcastsService) GetActionLinkMetrics(ctx context.Context, broadcastID, actionID int, opts LinkMetricsOptions) ([]LinkMetrics, error) {
	p := newProblems("app.Broadcasts.GetActionLinkMetrics")
	path := broadcastActionPath(p, broadcastID, actionID, "metrics", "links")
	q := params{}
	opts.query(p, q, metricsType)
	return getLinkMetrics(ctx, s.api, p, path, q)
}
