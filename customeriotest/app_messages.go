package customeriotest

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
)

// App API handlers that send: transactional messages and broadcast triggers
// (reference §4.2–4.3), and the transactional templates they use.

// sendTypes are the {type} values of POST /v1/send/{type}.
var sendTypes = map[string]bool{
	"email": true, "push": true, "sms": true, "whatsapp": true, "in_app": true, "inbox_message": true,
}

// Limits of a transactional send.
const (
	maxSendBytes        = 1_000_000 // payload without attachments
	maxAttachmentsBytes = 2_000_000 // decoded attachments together
	maxRecipients       = 15        // to + cc + bcc
)

// appSend is POST /v1/send/{type}: check the request as Customer.io does,
// record the send and answer {delivery_id, queued_at}.
func (s *Server) appSend(x *exchange) {
	typ := x.params["type"]
	if !sendTypes[typ] {
		x.fail(http.StatusNotFound, invalid("type", "unknown message type %q", typ))
		return
	}
	body, ok := x.object()
	if !ok {
		return
	}
	send, problems := parseSend(typ, body, len(x.body))
	if len(problems) > 0 {
		x.fail(http.StatusBadRequest, problems...)
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	send = s.state.recordSend(send)
	s.reportSend(send)
	x.ok(map[string]any{"delivery_id": send.DeliveryID, "queued_at": send.QueuedAt})
}

// parseSend checks the fields the reference marks required per type, the
// identifiers shape and the send limits.
func parseSend(typ string, body map[string]any, size int) (Send, []problem) {
	send := Send{Type: typ, Body: body, MessageData: objectField(body, "message_data")}
	send.To, _ = body["to"].(string)
	var out []problem
	if v, present := body["transactional_message_id"]; present && v != nil {
		id, ok := scalarString(v)
		if !ok || id == "" {
			out = append(out, invalid("transactional_message_id", "transactional_message_id must be a template id or trigger name"))
		}
		send.TransactionalMessageID = id
	}
	if send.TransactionalMessageID == "" {
		switch {
		case typ == "whatsapp":
		case typ != "email":
			out = append(out, required("transactional_message_id"))
		case str(body, "body") == "" || str(body, "subject") == "" || str(body, "from") == "":
			out = append(out, invalid("transactional_message_id", "transactional_message_id is required unless body, subject and from are all given"))
		}
	}
	if v, present := body["identifiers"]; present && v != nil {
		who, p := parsePersonIdent("identifiers", v, kindID, kindEmail, kindCIOID)
		out = append(out, p...)
		send.Identifiers = identsOf(who)
	} else if typ == "in_app" || typ == "inbox_message" {
		out = append(out, required("identifiers"))
	}
	if typ == "sms" && send.To == "" {
		out = append(out, required("to"))
	}
	if v, present := body["message_data"]; present && v != nil && send.MessageData == nil {
		out = append(out, invalid("message_data", "message_data must be an object"))
	}
	if typ == "email" {
		out = append(out, checkEmailLimits(body, size)...)
	}
	return send, out
}

func checkEmailLimits(body map[string]any, size int) []problem {
	var out []problem
	recipients := 0
	for _, k := range []string{"to", "cc", "bcc"} {
		if s := str(body, k); s != "" {
			recipients += len(strings.Split(s, ","))
		}
	}
	if recipients > maxRecipients {
		out = append(out, invalid("to", "%d recipients across to, cc and bcc; the limit is %d", recipients, maxRecipients))
	}
	attachments := 0
	encoded := 0
	if v, present := body["attachments"]; present && v != nil {
		m, ok := v.(map[string]any)
		if !ok {
			return append(out, invalid("attachments", "attachments must be an object of file name to Base64 content"))
		}
		for name, c := range m {
			s, ok := c.(string)
			raw, err := base64.StdEncoding.DecodeString(s)
			if !ok || err != nil {
				out = append(out, invalid("attachments."+name, "attachment %q is not standard padded Base64", name))
				continue
			}
			attachments += len(raw)
			encoded += len(s)
		}
	}
	if attachments > maxAttachmentsBytes {
		out = append(out, tooLarge("attachments", attachments, maxAttachmentsBytes))
	}
	if rest := size - encoded; rest > maxSendBytes {
		out = append(out, tooLarge("", rest, maxSendBytes))
	}
	if h, present := body["headers"]; present && h != nil {
		m, ok := h.(map[string]any)
		if !ok {
			return append(out, invalid("headers", "headers must be an object of header name to string value"))
		}
		for name, v := range m {
			if _, ok := v.(string); !ok || strings.ContainsAny(name, " \t") {
				out = append(out, invalid("headers."+name, "header names have no spaces and values are strings"))
			}
		}
	}
	return out
}

// Broadcast trigger limits.
const (
	maxTriggerDataBytes  = 50_000
	maxTriggerRecipients = 10_000
)

// triggerAudiences are the mutually exclusive audience keys of a trigger.
var triggerAudiences = []string{"recipients", "emails", "ids", "per_user_data", "data_file_url"}

// appTriggerBroadcast is POST /v1/campaigns/{broadcast_id}/triggers: record the
// trigger and answer {"id": <trigger id>}. The fake processes it at once; the
// 1-per-10-seconds rate limit is not enforced.
func (s *Server) appTriggerBroadcast(x *exchange) {
	broadcast, err := strconv.Atoi(x.params["broadcast_id"])
	if err != nil || broadcast < 1 {
		x.fail(http.StatusNotFound, invalid("broadcast_id", "broadcast %q not found", x.params["broadcast_id"]))
		return
	}
	body := map[string]any{}
	if len(x.body) > 0 {
		var ok bool
		if body, ok = x.object(); !ok {
			return
		}
	}
	if problems := checkTrigger(body); len(problems) > 0 {
		x.fail(http.StatusBadRequest, problems...)
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	t := Trigger{ID: len(s.state.triggers) + 1, BroadcastID: broadcast, CreatedAt: s.state.unix(), Body: copyMap(body)}
	s.state.triggers = append(s.state.triggers, t)
	if problems := s.state.triggerProblems(body); len(problems) > 0 {
		if s.state.app.triggerErrors == nil {
			s.state.app.triggerErrors = map[int][]string{}
		}
		s.state.app.triggerErrors[t.ID] = problems
	}
	s.reportTrigger(t)
	x.ok(map[string]any{"id": t.ID})
}

func checkTrigger(body map[string]any) []problem {
	var out []problem
	var audiences []string
	for _, k := range triggerAudiences {
		if body[k] != nil {
			audiences = append(audiences, k)
		}
	}
	if len(audiences) > 1 {
		out = append(out, invalid(audiences[1], "a trigger takes one audience; got %s", strings.Join(audiences, " and ")))
	}
	if d, present := body["data"]; present && d != nil {
		if _, ok := d.(map[string]any); !ok {
			out = append(out, invalid("data", "data must be an object"))
		} else if n := jsonSize(d); n > maxTriggerDataBytes {
			out = append(out, tooLarge("data", n, maxTriggerDataBytes))
		}
	}
	for _, k := range []string{"emails", "ids", "per_user_data"} {
		v, present := body[k]
		if !present || v == nil {
			continue
		}
		list, ok := v.([]any)
		switch {
		case !ok:
			out = append(out, invalid(k, "%s must be an array", k))
		case len(list) > maxTriggerRecipients:
			out = append(out, invalid(k, "%d entries; the limit is %d", len(list), maxTriggerRecipients))
		}
	}
	return out
}

// appTriggerStatus is GET /v1/campaigns/{broadcast_id}/triggers/{trigger_id}.
func (s *Server) appTriggerStatus(x *exchange) {
	broadcast, _ := strconv.Atoi(x.params["broadcast_id"])
	id, _ := strconv.Atoi(x.params["trigger_id"])
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if id < 1 || id > len(s.state.triggers) || s.state.triggers[id-1].BroadcastID != broadcast {
		x.fail(http.StatusNotFound, invalid("trigger_id", "trigger %q not found", x.params["trigger_id"]))
		return
	}
	t := s.state.triggers[id-1]
	x.ok(map[string]any{"id": t.ID, "broadcast_id": t.BroadcastID, "created_at": t.CreatedAt, "processed_at": t.CreatedAt})
}

type transactionalJSON struct {
	ID          int    `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	CreatedAt   int64  `json:"created_at"`
	UpdatedAt   int64  `json:"updated_at"`
}

func (m TransactionalMessage) json() transactionalJSON {
	return transactionalJSON(m)
}

// appListTransactional is GET /v1/transactional.
func (s *Server) appListTransactional(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	out := []transactionalJSON{}
	for _, m := range s.state.templates {
		out = append(out, m.json())
	}
	x.ok(map[string]any{"messages": out})
}

// appGetTransactional is GET /v1/transactional/{transactional_id}.
func (s *Server) appGetTransactional(x *exchange) {
	id, _ := strconv.Atoi(x.params["transactional_id"])
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if id < 1 || id > len(s.state.templates) {
		x.fail(http.StatusNotFound, invalid("transactional_id", "transactional message %q not found", x.params["transactional_id"]))
		return
	}
	x.ok(map[string]any{"message": s.state.templates[id-1].json()})
}
