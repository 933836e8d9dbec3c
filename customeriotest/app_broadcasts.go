package customeriotest

import (
	"net/http"
	"strconv"
)

// Broadcast handlers of the App API; the broadcasts themselves, their actions
// and deliveries are the flows of app_campaigns.go.

// appListBroadcasts is GET /v1/broadcasts: every API-triggered broadcast, by id.
func (s *Server) appListBroadcasts(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	x.ok(map[string]any{"broadcasts": s.state.flowList(true)})
}

// appGetBroadcast is GET /v1/broadcasts/{broadcast_id}.
func (s *Server) appGetBroadcast(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if f := s.pathFlow(x, "broadcast_id", true); f != nil {
		x.ok(map[string]any{"broadcast": f.json()})
	}
}

// appBroadcastMessages is GET /v1/broadcasts/{broadcast_id}/messages.
func (s *Server) appBroadcastMessages(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if f := s.pathFlow(x, "broadcast_id", true); f != nil {
		s.flowDeliveries(x, f)
	}
}

// appBroadcastActions is GET /v1/broadcasts/{broadcast_id}/actions: every
// action, in workflow order, in one answer.
func (s *Server) appBroadcastActions(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	f := s.pathFlow(x, "broadcast_id", true)
	if f == nil {
		return
	}
	out := []map[string]any{}
	for _, a := range f.actions {
		out = append(out, f.actionJSON(a))
	}
	x.ok(map[string]any{"actions": out})
}

// appBroadcastAction is GET /v1/broadcasts/{broadcast_id}/actions/{action_id}
// and its …/language/{language} translation.
func (s *Server) appBroadcastAction(x *exchange) { s.flowAction(x, "broadcast_id", true) }

// appUpdateBroadcastAction is PUT
// /v1/broadcasts/{broadcast_id}/actions/{action_id} and its
// …/language/{language} translation.
func (s *Server) appUpdateBroadcastAction(x *exchange) {
	s.flowUpdateAction(x, "broadcast_id", true)
}

// appBroadcastMetrics is GET /v1/broadcasts/{broadcast_id}/metrics (period,
// steps, type).
func (s *Server) appBroadcastMetrics(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if f := s.pathFlow(x, "broadcast_id", true); f != nil {
		s.flowMetrics(x, f)
	}
}

// appBroadcastActionMetrics is GET
// /v1/broadcasts/{broadcast_id}/actions/{action_id}/metrics.
func (s *Server) appBroadcastActionMetrics(x *exchange) {
	s.flowActionMetrics(x, "broadcast_id", true)
}

// appBroadcastLinks is GET /v1/broadcasts/{broadcast_id}/metrics/links.
func (s *Server) appBroadcastLinks(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if f := s.pathFlow(x, "broadcast_id", true); f != nil {
		s.flowLinks(x, f, f.actions)
	}
}

// appBroadcastActionLinks is GET
// /v1/broadcasts/{broadcast_id}/actions/{action_id}/metrics/links.
func (s *Server) appBroadcastActionLinks(x *exchange) {
	s.flowActionLinks(x, "broadcast_id", true)
}

// appBroadcastTriggers is GET /v1/broadcasts/{broadcast_id}/triggers: the
// triggers recorded for the broadcast, oldest first. The fake processes a
// trigger at once, so processed_at is its created_at. A broadcast id the fake
// does not hold answers 404 unless it was triggered.
func (s *Server) appBroadcastTriggers(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	id, err := strconv.Atoi(x.params["broadcast_id"])
	out := []map[string]any{}
	for _, t := range s.state.triggers {
		if t.BroadcastID == id {
			out = append(out, map[string]any{"id": t.ID, "broadcast_id": t.BroadcastID, "created_at": t.CreatedAt, "processed_at": t.CreatedAt})
		}
	}
	if f := s.state.flowsSeeded().flows[id]; err != nil || (len(out) == 0 && (f == nil || !f.broadcast)) {
		x.fail(http.StatusNotFound, invalid("broadcast_id", "broadcast %s not found", x.params["broadcast_id"]))
		return
	}
	x.ok(map[string]any{"triggers": out})
}
