package customeriotest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// The deliveries the fake made, as the App API's message lists show them: each
// transactional send is one delivery, "sent" when it was queued (or "drafted"
// for queue_draft), with the metrics Track, Track v2 and Data Pipelines
// reported for its delivery id.

type deliveryJSON struct {
	ID                  string           `json:"id"`
	DeduplicateID       string           `json:"deduplicate_id"`
	MessageTemplateID   int              `json:"message_template_id"`
	CustomerID          string           `json:"customer_id"`
	CustomerIdentifiers identifiersJSON  `json:"customer_identifiers"`
	Recipient           string           `json:"recipient"`
	Subject             string           `json:"subject"`
	Type                string           `json:"type"`
	Created             int64            `json:"created"`
	Metrics             map[string]int64 `json:"metrics"`
	FailureMessage      string           `json:"failure_message"`
	CampaignID          int              `json:"campaign_id"`
	ActionID            int              `json:"action_id"`
	ParentActionID      int              `json:"parent_action_id"`
	NewsletterID        int              `json:"newsletter_id"`
	ContentID           int              `json:"content_id"`
	BroadcastID         int              `json:"broadcast_id"`
	Forgotten           bool             `json:"forgotten"`
	TrackedResponses    []any            `json:"tracked_responses,omitempty"`
}

// channel is the delivery type Customer.io reports for a send's {type}.
func channel(sendType string) string {
	switch sendType {
	case "sms":
		return "twilio"
	case "inbox_message":
		return "inbox"
	}
	return sendType
}

// templateOf is the template a send used: its numeric transactional_message_id,
// or the template whose name it gave; 0 when none matches.
func (st *store) templateOf(send Send) int {
	if id, err := strconv.Atoi(send.TransactionalMessageID); err == nil && id >= 1 && id <= len(st.templates) {
		return id
	}
	for _, t := range st.templates {
		if send.TransactionalMessageID != "" && t.Name == send.TransactionalMessageID {
			return t.ID
		}
	}
	return 0
}

// recipientOf is the person a send went to, or nil: the one its identifiers
// name, else the one whose email is its to address.
func (st *store) recipientOf(send Send) *person {
	if p := st.findIdentifiers(send.Identifiers); p != nil {
		return p
	}
	if send.To != "" && !strings.Contains(send.To, ",") {
		return st.find(ident{kindEmail, strings.TrimSpace(send.To)})
	}
	return nil
}

// deliveryMetricTimes maps each metric a send reached to when it first did.
func (st *store) deliveryMetricTimes(send Send) map[string]int64 {
	out := map[string]int64{}
	if draft, _ := send.Body["queue_draft"].(bool); draft {
		out["drafted"] = send.QueuedAt
	} else {
		out["sent"] = send.QueuedAt
	}
	for _, m := range st.metrics {
		if m.DeliveryID != send.DeliveryID {
			continue
		}
		at := m.Timestamp
		if at == 0 {
			at = send.QueuedAt
		}
		if prev, seen := out[string(m.Metric)]; !seen || at < prev {
			out[string(m.Metric)] = at
		}
	}
	for _, u := range st.unsubscribes {
		if u.DeliveryID == send.DeliveryID && u.Unsubscribe {
			if _, seen := out["unsubscribed"]; !seen {
				out["unsubscribed"] = send.QueuedAt
			}
		}
	}
	return out
}

func (st *store) deliveryJSON(send Send, tracked bool) deliveryJSON {
	d := deliveryJSON{
		ID:                send.DeliveryID,
		DeduplicateID:     send.DeliveryID + ":" + strconv.FormatInt(send.QueuedAt, 10),
		MessageTemplateID: st.templateOf(send),
		Recipient:         send.To,
		Subject:           str(send.Body, "subject"),
		Type:              channel(send.Type),
		Created:           send.QueuedAt,
		Metrics:           st.deliveryMetricTimes(send),
	}
	d.Forgotten, _ = send.Body["disable_message_retention"].(bool)
	if p := st.recipientOf(send); p != nil {
		d.CustomerID = p.id
		d.CustomerIdentifiers = p.identifiersJSON()
		if d.Recipient == "" {
			d.Recipient = p.email
		}
	} else {
		d.CustomerIdentifiers = identifiersJSON{Email: nullable(send.Identifiers.Email), ID: nullable(send.Identifiers.ID), CIOID: send.Identifiers.CIOID}
		d.CustomerID = send.Identifiers.ID
	}
	if d.MessageTemplateID != 0 {
		if c := st.variant(d.MessageTemplateID, str(send.Body, "language")); c != nil {
			d.ContentID = c.ID
		} else if c := st.variant(d.MessageTemplateID, ""); c != nil {
			d.ContentID = c.ID
		}
		if d.Subject == "" && d.ContentID != 0 {
			d.Subject = st.app.contents[d.ContentID-1].Subject
		}
	}
	if tracked {
		d.TrackedResponses = []any{}
	}
	return d
}

// newestSends returns the sends keep accepts, newest first.
func (st *store) newestSends(keep func(Send) bool) []Send {
	var out []Send
	for i := len(st.sends) - 1; i >= 0; i-- {
		if keep(st.sends[i]) {
			out = append(out, st.sends[i])
		}
	}
	return out
}

// windowFilter reads start_ts and end_ts (Unix seconds); the zero value leaves
// a side open.
func (x *exchange) windowFilter() (func(int64) bool, bool) {
	var bounds [2]int64
	for i, k := range []string{"start_ts", "end_ts"} {
		if v := x.query.Get(k); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 {
				x.fail(http.StatusBadRequest, invalid(k, "%s must be Unix seconds", k))
				return nil, false
			}
			bounds[i] = n
		}
	}
	return func(t int64) bool {
		return (bounds[0] == 0 || t >= bounds[0]) && (bounds[1] == 0 || t <= bounds[1])
	}, true
}

// deliveryPage answers one page of sends as {"messages": […], "next": …}.
func (x *exchange) deliveryPage(st *store, sends []Send, scope string) {
	kp, problems := readKeyPage(x.query, scope, 50, 1000)
	if problems != nil {
		x.fail(http.StatusBadRequest, problems...)
		return
	}
	page, next := paginateKeys(sends, func(s Send) string { return s.DeliveryID }, kp, scope)
	tracked := x.query.Get("get_tracked_responses") == "true"
	out := make([]deliveryJSON, len(page))
	for i, send := range page {
		out[i] = st.deliveryJSON(send, tracked)
	}
	x.ok(map[string]any{"messages": out, "next": next})
}

// appCustomerMessages is GET /v1/customers/{customer_id}/messages: the sends
// that reached the person, newest first, cursor-paged (50 a page by default).
func (s *Server) appCustomerMessages(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	p := s.pathCustomer(x)
	if p == nil {
		return
	}
	inWindow, ok := x.windowFilter()
	if !ok {
		return
	}
	sends := s.state.newestSends(func(send Send) bool {
		return s.state.recipientOf(send) == p && inWindow(send.QueuedAt)
	})
	x.deliveryPage(s.state, sends, "messages/"+p.cioID)
}

// Values of the metric and state filters of a delivery list.
var (
	listMetrics = []string{"attempted", "sent", "delivered", "opened", "clicked", "converted", "bounced", "spammed", "unsubscribed", "dropped", "failed", "undeliverable"}
	listStates  = []string{"failed", "sent", "drafted", "attempted"}
)

// appTransactionalDeliveries is GET /v1/transactional/{transactional_id}/messages:
// the sends built from the template, newest first, filtered by metric, state
// and time window, cursor-paged.
func (s *Server) appTransactionalDeliveries(x *exchange) {
	metric, state := x.query.Get("metric"), x.query.Get("state")
	switch {
	case metric != "" && !slices.Contains(listMetrics, metric):
		x.fail(http.StatusBadRequest, invalid("metric", "unknown metric %q", metric))
		return
	case state != "" && !slices.Contains(listStates, state):
		x.fail(http.StatusBadRequest, invalid("state", "unknown state %q", state))
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	id, ok := s.pathTemplate(x)
	if !ok {
		return
	}
	inWindow, ok := x.windowFilter()
	if !ok {
		return
	}
	sends := s.state.newestSends(func(send Send) bool {
		if s.state.templateOf(send) != id || !inWindow(send.QueuedAt) {
			return false
		}
		reached := s.state.deliveryMetricTimes(send)
		_, hasMetric := reached[metric]
		_, hasState := reached[state]
		return (metric == "" || hasMetric) && (state == "" || hasState)
	})
	x.deliveryPage(s.state, sends, "transactional/"+strconv.Itoa(id))
}
