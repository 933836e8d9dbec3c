package customeriotest

import (
	"crypto/rand"
	"encoding/hex"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
)

// reportingWebhook is a reporting-webhook configuration made through the App
// API.
type reportingWebhook struct {
	ID             int      `json:"id"`
	Name           string   `json:"name"`
	Type           string   `json:"type"`
	Endpoint       string   `json:"endpoint"`
	Disabled       bool     `json:"disabled"`
	FullResolution bool     `json:"full_resolution"`
	WithContent    bool     `json:"with_content"`
	Events         []string `json:"events"`
}

// webhookConfigs is the reporting-webhook configurations of the workspace and
// the key every delivery is signed with. Guarded by store.mu.
type webhookConfigs struct {
	byID   map[int]*reportingWebhook
	nextID int
	// active is the id of the configuration deliveries go to, 0 for none.
	active int
	// signingKey is the workspace's reporting-webhook signing key.
	signingKey string
}

// newSigningKey makes a random signing key, 32 hex digits.
func newSigningKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// ReportingWebhookSigningKey is the signing key of the fake workspace's
// reporting webhooks, the key Customer.io shows under Data & Integrations ›
// Integrations › Reporting webhooks (the App API never returns it). Every
// event posted to a webhook configured through POST or PUT
// /v1/reporting_webhooks is signed with it; verify them with
// webhook.Verifier{SigningKey: webhook.NewKey(srv.ReportingWebhookSigningKey())}.
// Each server has its own key.
func (s *Server) ReportingWebhookSigningKey() string {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	return s.state.hooks.signingKey
}

// readReportingWebhook reads and checks a create or update body: name*,
// endpoint* (an http or https URL), events* (at least one), and the three
// flags.
func readReportingWebhook(x *exchange) (reportingWebhook, bool) {
	body, ok := x.object()
	if !ok {
		return reportingWebhook{}, false
	}
	w := reportingWebhook{Type: "webhook", Name: str(body, "name"), Endpoint: str(body, "endpoint")}
	var problems []problem
	if w.Name == "" {
		problems = append(problems, required("name"))
	}
	if u, err := url.Parse(w.Endpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		problems = append(problems, invalid("endpoint", "endpoint must be an http or https URL"))
	}
	events, _ := body["events"].([]any)
	for _, e := range events {
		if name, ok := e.(string); ok && name != "" {
			w.Events = append(w.Events, name)
		}
	}
	if len(w.Events) == 0 || len(w.Events) != len(events) {
		problems = append(problems, invalid("events", "events must list at least one event name"))
	}
	w.Disabled, _ = body["disabled"].(bool)
	w.FullResolution, _ = body["full_resolution"].(bool)
	w.WithContent, _ = body["with_content"].(bool)
	if problems != nil {
		x.fail(http.StatusBadRequest, problems...)
		return reportingWebhook{}, false
	}
	return w, true
}

// pathReportingWebhook finds the {webhook_id} of a route, answering 404 for
// an unknown one. The caller holds the store lock.
func (s *Server) pathReportingWebhook(x *exchange) *reportingWebhook {
	id, err := strconv.Atoi(x.params["webhook_id"])
	w := s.state.hooks.byID[id]
	if err != nil || w == nil {
		x.fail(http.StatusNotFound, invalid("webhook_id", "webhook %s not found", x.params["webhook_id"]))
		return nil
	}
	return w
}

// point sends the workspace's events to w, signed with the workspace key,
// when w is enabled, and stops sending them when w was the configuration in
// use and no longer is. The caller holds the store lock.
func (s *Server) point(w *reportingWebhook, gone bool) {
	h := &s.state.hooks
	switch {
	case !gone && !w.Disabled:
		h.active = w.ID
		s.webhooks.configure(&webhookConfig{url: w.Endpoint, signingKey: h.signingKey, attempts: DefaultWebhookAttempts, backoff: DefaultWebhookBackoff}, s.cfg.now)
	case h.active == w.ID:
		h.active = 0
		s.webhooks.pause()
	}
}

// appCreateReportingWebhook is POST /v1/reporting_webhooks. An enabled webhook
// starts receiving the workspace's events at once (see SendWebhooks for what
// the fake reports), signed with ReportingWebhookSigningKey; the fake posts to
// one endpoint, the one configured last, and posts every event whatever the
// configuration's events list.
func (s *Server) appCreateReportingWebhook(x *exchange) {
	w, ok := readReportingWebhook(x)
	if !ok {
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	h := &s.state.hooks
	if h.byID == nil {
		h.byID = map[int]*reportingWebhook{}
	}
	h.nextID++
	w.ID = h.nextID
	h.byID[w.ID] = &w
	s.point(&w, false)
	x.ok(w)
}

// appListReportingWebhooks is GET /v1/reporting_webhooks, by id.
func (s *Server) appListReportingWebhooks(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	out := []reportingWebhook{}
	for _, id := range slices.Sorted(maps.Keys(s.state.hooks.byID)) {
		out = append(out, *s.state.hooks.byID[id])
	}
	x.ok(map[string]any{"reporting_webhooks": out})
}

// appGetReportingWebhook is GET /v1/reporting_webhooks/{webhook_id}.
func (s *Server) appGetReportingWebhook(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if w := s.pathReportingWebhook(x); w != nil {
		x.ok(*w)
	}
}

// appUpdateReportingWebhook is PUT /v1/reporting_webhooks/{webhook_id}: the
// body replaces the configuration. Disabling the webhook in use stops new
// events being queued (those queued already are still posted).
func (s *Server) appUpdateReportingWebhook(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	old := s.pathReportingWebhook(x)
	if old == nil {
		return
	}
	w, ok := readReportingWebhook(x)
	if !ok {
		return
	}
	w.ID = old.ID
	*old = w
	s.point(old, false)
	x.ok(w)
}

// appDeleteReportingWebhook is DELETE /v1/reporting_webhooks/{webhook_id}.
func (s *Server) appDeleteReportingWebhook(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if w := s.pathReportingWebhook(x); w != nil {
		delete(s.state.hooks.byID, w.ID)
		s.point(w, true)
		x.reply(http.StatusNoContent, nil)
	}
}
