package customeriotest

import (
	"fmt"
	"strconv"

	customerio "github.com/gocustomerio/customerio"
)

// The reporting-webhook events of the messages the fake sends: what a
// transactional send or a broadcast trigger reports, and the data its events
// carry.

// sendObjectTypes maps the {type} of POST /v1/send/{type} to the object_type
// of its events. Inbox messages are part of in-app messaging.
var sendObjectTypes = map[string]string{
	"email": "email", "push": "push", "sms": "sms", "whatsapp": "whatsapp",
	"in_app": "in_app", "inbox_message": "in_app",
}

// acceptedMetrics are the events a message reports once accepted: "sent", and
// "delivered" on the channels that report deliveries.
func acceptedMetrics(objectType string) []customerio.Metric {
	switch objectType {
	case "email", "push", "sms", "whatsapp":
		return []customerio.Metric{customerio.MetricSent, customerio.MetricDelivered}
	}
	return []customerio.Metric{customerio.MetricSent}
}

// reportSend reports a recorded transactional send to the reporting webhook.
// The caller holds the state lock.
func (s *Server) reportSend(send Send) {
	objectType := sendObjectTypes[send.Type]
	data := map[string]any{"delivery_id": send.DeliveryID}
	who := s.state.sendPerson(send.Identifiers)
	who.addTo(data)
	if id, err := strconv.ParseInt(send.TransactionalMessageID, 10, 64); err == nil {
		data["transactional_message_id"] = id
	} else if id := s.state.templateNamed(send.TransactionalMessageID); id > 0 {
		data["transactional_message_id"] = id
	} else if send.TransactionalMessageID != "" {
		data["transactional_message_id"] = send.TransactionalMessageID
	}
	recipient := send.To
	switch send.Type {
	case "email":
		if recipient == "" {
			recipient = who.Email
		}
		if subject := str(send.Body, "subject"); subject != "" {
			data["subject"] = subject
		}
	case "sms", "whatsapp":
		if recipient == "" {
			recipient = who.phone
		}
	}
	if recipient != "" {
		data["recipient"] = recipient
	}
	s.webhooks.remember(send.DeliveryID, objectType, data, acceptedMetrics(objectType)...)
}

// reportTrigger reports a recorded broadcast trigger: one email to each person
// the trigger lists. The caller holds the state lock.
func (s *Server) reportTrigger(t Trigger) {
	for i, who := range s.state.triggerAudience(t.Body) {
		deliveryID := fmt.Sprintf("dlv_b%d_t%d_%d", t.BroadcastID, t.ID, i+1)
		data := map[string]any{"delivery_id": deliveryID, "broadcast_id": t.BroadcastID, "trigger_id": t.ID}
		who.addTo(data)
		if who.Email != "" {
			data["recipient"] = who.Email
		}
		s.webhooks.remember(deliveryID, "email", data, acceptedMetrics("email")...)
	}
}

// webhookPerson is the person an event is about.
type webhookPerson struct {
	customerio.Identifiers
	phone string
}

// addTo sets identifiers and customer_id in data.
func (p webhookPerson) addTo(data map[string]any) {
	ids := map[string]any{}
	for k, v := range map[string]string{"id": p.ID, "email": p.Email, "cio_id": p.CIOID} {
		if v != "" {
			ids[k] = v
		}
	}
	data["identifiers"] = ids
	if p.ID != "" {
		data["customer_id"] = p.ID
	}
}

// sendPerson completes the identifiers of a send from the workspace, when the
// person is known there.
func (st *store) sendPerson(ids customerio.Identifiers) webhookPerson {
	for _, i := range []ident{{kindCIOID, ids.CIOID}, {kindID, ids.ID}, {kindEmail, ids.Email}} {
		if p := st.find(i); p != nil {
			return webhookPerson{p.identifiers(), p.phone}
		}
	}
	return webhookPerson{Identifiers: ids}
}

// templateNamed is the id of the transactional template with this name, or 0.
func (st *store) templateNamed(name string) int {
	for _, t := range st.templates {
		if name != "" && t.Name == name {
			return t.ID
		}
	}
	return 0
}

// triggerAudience lists the people a trigger names by ids, emails or
// per_user_data, completed from the workspace.
func (st *store) triggerAudience(body map[string]any) []webhookPerson {
	var out []webhookPerson
	add := func(kind string, v any) {
		s, ok := scalarString(v)
		if !ok || s == "" {
			return
		}
		ids := customerio.Identifiers{ID: s}
		if kind == kindEmail {
			ids = customerio.Identifiers{Email: s}
		}
		out = append(out, st.sendPerson(ids))
	}
	list := func(key string) []any { l, _ := body[key].([]any); return l }
	for _, v := range list("ids") {
		add(kindID, v)
	}
	for _, v := range list("emails") {
		add(kindEmail, v)
	}
	for _, v := range list("per_user_data") {
		entry, _ := v.(map[string]any)
		if id, ok := entry["id"]; ok {
			add(kindID, id)
		} else if email, ok := entry["email"]; ok {
			add(kindEmail, email)
		}
	}
	return out
}
