package customeriotest

import (
	"fmt"
	"net/http"
	"strings"

	customerio "github.com/gocustomerio/customerio"
)

// liveStore holds the workspace's live notifications; its zero value is empty.
type liveStore struct {
	byID map[string]*liveNotification
	next int
}

// liveNotification is one live notification instance.
type liveNotification struct {
	LiveNotification
	expiresAt  int64
	deliveries int
	lastOp     string
	lastAt     int64
}

// LiveNotification is a live notification started in the fake workspace.
type LiveNotification struct {
	// InstanceID is the ULID-shaped id the start answered.
	InstanceID       string
	NotificationType string
	// Person names the person it was started for, every identifier set.
	Person   customerio.Identifiers
	Platform string
	// State is "active" until an end, then "ended".
	State string
	// Attributes and ContentState are as last sent; ContentState changes with
	// every update, and with an end that carries one.
	Attributes   map[string]any
	ContentState map[string]any
	// Updates counts the updates applied.
	Updates            int
	StartedAt, EndedAt int64
}

// LiveNotifications returns every live notification, in the order they were
// started.
func (s *Server) LiveNotifications() []LiveNotification {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	out := make([]LiveNotification, 0, len(s.state.live.byID))
	for i := 1; i <= s.state.live.next; i++ {
		if n := s.state.live.byID[liveID(i)]; n != nil {
			c := n.LiveNotification
			c.Attributes, c.ContentState = copyMap(c.Attributes), copyMap(c.ContentState)
			out = append(out, c)
		}
	}
	return out
}

// liveID is the n-th instance id: 26 characters of Crockford base 32, as a
// ULID is.
func liveID(n int) string { return fmt.Sprintf("01J%023X", n) }

// livePerson finds the person of a start's identifiers: exactly one of id,
// email, phone or internal ("cio_…"), answering 400 otherwise and when no one
// matches.
func (s *Server) livePerson(x *exchange, ids map[string]any) *person {
	var who []ident
	for key, kind := range map[string]string{"id": kindID, "email": kindEmail, "phone": kindPhone, "internal": kindCIOID} {
		if v, ok := scalarString(ids[key]); ok && v != "" {
			who = append(who, ident{kind, strings.TrimPrefix(v, "cio_")})
		}
	}
	if len(who) != 1 || len(ids) != 1 {
		x.fail(http.StatusBadRequest, invalid("identifiers", "identifiers must hold exactly one of id, email, phone or internal"))
		return nil
	}
	p := s.state.find(who[0])
	if p == nil {
		x.fail(http.StatusBadRequest, invalid("identifiers", "no profile matches the identifiers"))
	}
	return p
}

// checkLiveAlert answers 400 for a push_payload.alert without a title or a body.
func (x *exchange) checkLiveAlert(body map[string]any) bool {
	payload := objectField(body, "push_payload")
	if payload == nil {
		return true
	}
	alert := objectField(payload, "alert")
	if alert != nil && (str(alert, "title") == "" || str(alert, "body") == "") {
		x.fail(http.StatusBadRequest, invalid("push_payload.alert", "an alert needs a title and a body"))
		return false
	}
	return true
}

// appLiveStart is POST /v1/live_notifications/start: body {identifiers*,
// notification_type*, attributes*, content_state*, platform, push_payload, …};
// an iOS start needs push_payload.alert.
func (s *Server) appLiveStart(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	typ := str(body, "notification_type")
	attrs, state := objectField(body, "attributes"), objectField(body, "content_state")
	platform := str(body, "platform")
	switch {
	case objectField(body, "identifiers") == nil:
		x.fail(http.StatusBadRequest, required("identifiers"))
		return
	case typ == "":
		x.fail(http.StatusBadRequest, required("notification_type"))
		return
	case len(attrs) == 0:
		x.fail(http.StatusBadRequest, required("attributes"))
		return
	case len(state) == 0:
		x.fail(http.StatusBadRequest, required("content_state"))
		return
	case platform != "" && platform != "ios" && platform != "android":
		x.fail(http.StatusBadRequest, invalid("platform", "platform must be ios or android"))
		return
	case platform == "ios" && objectField(objectField(body, "push_payload"), "alert") == nil:
		x.fail(http.StatusBadRequest, required("push_payload.alert"))
		return
	case !x.checkLiveAlert(body):
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	p := s.livePerson(x, objectField(body, "identifiers"))
	if p == nil {
		return
	}
	now := s.state.unix()
	expires := now + 6*3600
	if e, ok := unixSeconds(body["expiration"]); ok && e != 0 {
		if e < now || e > now+6*3600 {
			x.fail(http.StatusBadRequest, invalid("expiration", "expiration must be within 6 hours from now"))
			return
		}
		expires = e
	}
	ls := &s.state.live
	if ls.byID == nil {
		ls.byID = map[string]*liveNotification{}
	}
	ls.next++
	n := &liveNotification{
		LiveNotification: LiveNotification{
			InstanceID: liveID(ls.next), NotificationType: typ, Person: p.identifiers(), Platform: platform,
			State: "active", Attributes: copyMap(attrs), ContentState: copyMap(state), StartedAt: now,
		},
		expiresAt: expires,
	}
	n.delivered("start", now)
	ls.byID[n.InstanceID] = n
	x.ok(map[string]any{"instance_id": n.InstanceID})
}

func (n *liveNotification) delivered(op string, at int64) {
	n.deliveries++
	n.lastOp, n.lastAt = op, at
}

// liveInstance finds the running notification a body's instance_id names:
// 400 without one, 404 for an unknown one, 400 once it has ended. The caller
// holds the store lock.
func (s *Server) liveInstance(x *exchange, body map[string]any) *liveNotification {
	id := str(body, "instance_id")
	if id == "" {
		x.fail(http.StatusBadRequest, required("instance_id"))
		return nil
	}
	n := s.state.live.byID[id]
	switch {
	case n == nil:
		x.fail(http.StatusNotFound, invalid("instance_id", "live notification %s not found", id))
		return nil
	case n.State != "active":
		x.fail(http.StatusBadRequest, invalid("instance_id", "live notification %s has %s", id, n.State))
		return nil
	}
	return n
}

// appLiveUpdate is POST /v1/live_notifications/update: body {instance_id*,
// content_state*, attributes, push_payload, deep_link}.
func (s *Server) appLiveUpdate(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	state := objectField(body, "content_state")
	if len(state) == 0 {
		x.fail(http.StatusBadRequest, required("content_state"))
		return
	}
	if !x.checkLiveAlert(body) {
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	n := s.liveInstance(x, body)
	if n == nil {
		return
	}
	n.ContentState = copyMap(state)
	if attrs := objectField(body, "attributes"); len(attrs) > 0 {
		n.Attributes = copyMap(attrs)
	}
	n.Updates++
	n.delivered("update", s.state.unix())
	x.ok(map[string]any{"instance_id": n.InstanceID})
}

// appLiveEnd is POST /v1/live_notifications/end: body {instance_id*,
// content_state, attributes, push_payload, deep_link}.
func (s *Server) appLiveEnd(x *exchange) {
	body, ok := x.object()
	if !ok || !x.checkLiveAlert(body) {
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	n := s.liveInstance(x, body)
	if n == nil {
		return
	}
	if state := objectField(body, "content_state"); len(state) > 0 {
		n.ContentState = copyMap(state)
	}
	now := s.state.unix()
	n.State, n.EndedAt = "ended", now
	n.delivered("end", now)
	x.ok(map[string]any{"instance_id": n.InstanceID})
}

// appLiveStatus is GET /v1/live_notifications/{instance_id}: the state,
// lifecycle times and last delivery. A notification past its expiration
// reads as expired.
func (s *Server) appLiveStatus(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	id := x.params["instance_id"]
	n := s.state.live.byID[id]
	if n == nil {
		x.fail(http.StatusNotFound, invalid("instance_id", "live notification %s not found", id))
		return
	}
	now := s.state.unix()
	if n.State == "active" && now >= n.expiresAt {
		n.State = "expired"
	}
	var ended any
	if n.EndedAt != 0 {
		ended = n.EndedAt
	}
	x.ok(map[string]any{
		"instance_id":       n.InstanceID,
		"notification_type": n.NotificationType,
		"platform":          n.Platform,
		"state":             n.State,
		"failure_reason":    nil,
		"started_at":        n.StartedAt,
		"ended_at":          ended,
		"expires_at":        n.expiresAt,
		"last_delivery": map[string]any{
			"id":         fmt.Sprintf("%s-%d", n.InstanceID, n.deliveries),
			"operation":  n.lastOp,
			"status":     "sent",
			"source":     "api",
			"created_at": n.lastAt,
		},
	})
}
