package customeriotest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// PipelineMessage is one Data Pipelines call (a single call, or one item of a
// /v1/batch) as the server received it.
type PipelineMessage struct {
	// Type is identify, track, page, screen, group or alias.
	Type        string
	MessageID   string
	UserID      string
	AnonymousID string
	// Event is the track event name.
	Event string
	// Name is the page or screen name.
	Name       string
	GroupID    string
	PreviousID string
	// Timestamp is the timestamp field as sent (ISO-8601), or "".
	Timestamp    string
	Traits       map[string]any
	Properties   map[string]any
	Context      map[string]any
	Integrations map[string]any
	// Raw is the whole message; for batch items the batch's context and
	// integrations are merged in, as Customer.io applies them.
	Raw map[string]any
	// Batch reports that the message came inside /v1/batch.
	Batch bool
	// Dropped reports that the message was not applied; DropReason says why
	// (over the size limit, invalid, a repeated messageId, or rejected with the
	// rest of its batch in strict mode). Without strict mode Customer.io answers
	// such messages 200 all the same.
	Dropped    bool
	DropReason string
}

func (m PipelineMessage) clone() PipelineMessage {
	m.Traits = copyMap(m.Traits)
	m.Properties = copyMap(m.Properties)
	m.Context = copyMap(m.Context)
	m.Integrations = copyMap(m.Integrations)
	m.Raw = copyMap(m.Raw)
	return m
}

// PipelineMessages returns every Data Pipelines message received, applied or
// dropped, in order.
func (s *Server) PipelineMessages() []PipelineMessage {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	out := make([]PipelineMessage, len(s.state.pipeline))
	for i, m := range s.state.pipeline {
		out[i] = m.clone()
	}
	return out
}

// pipelineTypes are the call types of Data Pipelines.
var pipelineTypes = map[string]bool{
	"identify": true, "track": true, "page": true, "screen": true, "group": true, "alias": true,
}

// strictMode reports X-Strict-Mode: 1, which makes Data Pipelines answer
// invalid payloads with 400 instead of 200.
func strictMode(r *http.Request) bool {
	v := r.Header.Get("X-Strict-Mode")
	return v == "1" || v == "true"
}

func messageOf(typ string, m map[string]any, batch bool) PipelineMessage {
	pm := PipelineMessage{
		Type:         typ,
		Event:        str(m, "event"),
		Name:         str(m, "name"),
		Timestamp:    str(m, "timestamp"),
		Traits:       objectField(m, "traits"),
		Properties:   objectField(m, "properties"),
		Context:      objectField(m, "context"),
		Integrations: objectField(m, "integrations"),
		Raw:          m,
		Batch:        batch,
	}
	pm.MessageID, _ = scalarString(m["messageId"])
	pm.UserID, _ = scalarString(m["userId"])
	pm.AnonymousID, _ = scalarString(m["anonymousId"])
	pm.GroupID, _ = scalarString(m["groupId"])
	pm.PreviousID, _ = scalarString(m["previousId"])
	return pm
}

// pipelinesCall handles POST /v1/{identify,track,page,screen,group,alias}.
func (s *Server) pipelinesCall(typ string) func(*exchange) {
	return func(x *exchange) {
		strict := strictMode(x.r)
		m, err := decodeObject(x.body)
		var problems []problem
		switch {
		case len(x.body) > customerio.MaxEntityBytes:
			problems = []problem{tooLarge("", len(x.body), customerio.MaxEntityBytes)}
		case err != nil:
			problems = []problem{invalid("", "%v", err)}
		default:
			problems = checkMessage(typ, m, "")
		}
		msg := messageOf(typ, m, false)
		s.state.mu.Lock()
		defer s.state.mu.Unlock()
		if len(problems) > 0 {
			s.state.dropMessage(msg, problems[0].text())
			if strict {
				x.fail(http.StatusBadRequest, problems...)
				return
			}
		} else {
			s.state.acceptMessage(msg)
		}
		x.okEmpty()
	}
}

// pipelinesBatch handles POST /v1/batch: {"batch": [calls…], "context",
// "integrations"}. Without strict mode an over-limit or invalid item is
// dropped and the rest applied; with strict mode any problem rejects the whole
// batch with 400 and applies nothing.
func (s *Server) pipelinesBatch(x *exchange) {
	strict := strictMode(x.r)
	var envelope struct {
		Batch        *[]json.RawMessage `json:"batch"`
		Context      map[string]any     `json:"context"`
		Integrations map[string]any     `json:"integrations"`
	}
	err := json.Unmarshal(x.body, &envelope)
	var whole []problem
	switch {
	case len(x.body) > customerio.MaxBatchBytes:
		whole = []problem{tooLarge("", len(x.body), customerio.MaxBatchBytes)}
	case err != nil:
		whole = []problem{invalid("batch", "the body must be {\"batch\":[…]}: %v", err)}
	case envelope.Batch == nil:
		whole = []problem{required("batch")}
	}
	var items []json.RawMessage
	if envelope.Batch != nil {
		items = *envelope.Batch
	}
	msgs := make([]PipelineMessage, len(items))
	itemProblems := make([][]problem, len(items))
	for i, raw := range items {
		field := "batch[" + strconv.Itoa(i) + "]"
		m, err := decodeObject(raw)
		typ := str(m, "type")
		msgs[i] = messageOf(typ, withBatchDefaults(m, envelope.Context, envelope.Integrations), true)
		switch {
		case len(raw) > customerio.MaxEntityBytes:
			itemProblems[i] = []problem{tooLarge(field, len(raw), customerio.MaxEntityBytes)}
		case err != nil:
			itemProblems[i] = []problem{invalid(field, "%v", err)}
		case !pipelineTypes[typ]:
			itemProblems[i] = []problem{invalid(field+".type", "type must be identify, track, page, screen, group or alias")}
		default:
			itemProblems[i] = checkMessage(typ, m, field+".")
		}
	}
	all := whole
	for _, p := range itemProblems {
		all = append(all, p...)
	}
	rejected := len(whole) > 0 || (strict && len(all) > 0)
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	for i, msg := range msgs {
		switch {
		case len(itemProblems[i]) > 0:
			s.state.dropMessage(msg, itemProblems[i][0].text())
		case rejected && len(whole) > 0:
			s.state.dropMessage(msg, whole[0].text())
		case rejected:
			s.state.dropMessage(msg, "the batch was rejected in strict mode")
		default:
			s.state.acceptMessage(msg)
		}
	}
	if strict && len(all) > 0 {
		x.fail(http.StatusBadRequest, all...)
		return
	}
	x.okEmpty()
}

// withBatchDefaults merges a batch's context and integrations under an item's
// own (the item's keys win).
func withBatchDefaults(m, context, integrations map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	for key, shared := range map[string]map[string]any{"context": context, "integrations": integrations} {
		if shared == nil {
			continue
		}
		merged := copyMap(shared)
		for k, v := range objectField(m, key) {
			merged[k] = v
		}
		m[key] = merged
	}
	return m
}

// semanticEvents are Customer.io's semantic track events and the properties
// each requires besides the user (reference §5.3).
var semanticEvents = map[string][]string{
	"Device Created or Updated": nil,
	"Device Deleted":            nil,
	"User Deleted":              nil,
	"User Suppressed":           nil,
	"User Unsuppressed":         nil,
	"Relationship Deleted":      {"objectId"},
	"Object Deleted":            {"objectId"},
	"Report Delivery Event":     {"deliveryId", "metric"},
	"Report Content Event":      nil,
}

// checkMessage validates one call: the ids the type requires, the object
// fields, an ISO-8601 timestamp and the semantic events' fields. prefix
// qualifies field names inside a batch ("batch[2].").
func checkMessage(typ string, m map[string]any, prefix string) []problem {
	var out []problem
	if t := str(m, "type"); t != "" && t != typ {
		out = append(out, invalid(prefix+"type", "type %q does not match the /v1/%s endpoint", t, typ))
	}
	user, _ := scalarString(m["userId"])
	anon, _ := scalarString(m["anonymousId"])
	hasUser := user != "" || anon != ""
	switch typ {
	case "identify":
		if !hasUser && str(objectField(m, "traits"), "email") == "" {
			out = append(out, required(prefix+"userId"))
		}
	case "track":
		if str(m, "event") == "" {
			out = append(out, required(prefix+"event"))
		}
		if !hasUser {
			out = append(out, required(prefix+"userId"))
		}
		out = append(out, checkSemantic(m, prefix)...)
	case "page", "screen":
		if !hasUser {
			out = append(out, required(prefix+"userId"))
		}
	case "group":
		if g, _ := scalarString(m["groupId"]); g == "" {
			out = append(out, required(prefix+"groupId"))
		}
		if !hasUser {
			out = append(out, required(prefix+"userId"))
		}
	case "alias":
		if p, _ := scalarString(m["previousId"]); p == "" {
			out = append(out, required(prefix+"previousId"))
		}
		if user == "" {
			out = append(out, required(prefix+"userId"))
		}
	}
	for _, k := range []string{"traits", "properties", "context", "integrations"} {
		if v, present := m[k]; present && v != nil {
			if _, ok := v.(map[string]any); !ok {
				out = append(out, invalid(prefix+k, "%s must be an object", k))
			}
		}
	}
	if ts := m["timestamp"]; ts != nil {
		s, ok := ts.(string)
		if _, err := time.Parse(time.RFC3339Nano, s); !ok || err != nil {
			out = append(out, invalid(prefix+"timestamp", "timestamp must be an ISO-8601 date-time"))
		}
	}
	return out
}

func checkSemantic(m map[string]any, prefix string) []problem {
	event := str(m, "event")
	need, ok := semanticEvents[event]
	if !ok {
		return nil
	}
	var out []problem
	user, _ := scalarString(m["userId"])
	switch event {
	case "Object Deleted", "Report Delivery Event", "Report Content Event":
	default:
		if user == "" {
			out = append(out, required(prefix+"userId"))
		}
	}
	if event == "Device Created or Updated" || event == "Device Deleted" {
		if str(objectField(objectField(m, "context"), "device"), "token") == "" {
			out = append(out, required(prefix+"context.device.token"))
		}
	}
	props := objectField(m, "properties")
	for _, k := range need {
		if v, _ := scalarString(props[k]); v == "" {
			out = append(out, required(prefix+"properties."+k))
		}
	}
	return out
}

func (st *store) dropMessage(m PipelineMessage, reason string) {
	m = m.clone()
	m.Dropped, m.DropReason = true, reason
	st.pipeline = append(st.pipeline, m)
}

// acceptMessage records a valid message and applies it, unless a message with
// the same messageId was applied before: Customer.io de-duplicates on it.
func (st *store) acceptMessage(m PipelineMessage) {
	if m.MessageID != "" && st.messageIDs[m.MessageID] {
		st.dropMessage(m, "duplicate messageId")
		return
	}
	if m.MessageID != "" {
		st.messageIDs[m.MessageID] = true
	}
	st.pipeline = append(st.pipeline, m.clone())
	st.applyMessage(m)
}

// applyMessage carries a message into the workspace the way the Customer.io
// destination does: identify sets attributes, track/page/screen record events,
// group relates the person to an object, semantic events act on people,
// devices, objects and delivery metrics. Alias is recorded only.
func (st *store) applyMessage(m PipelineMessage) {
	var who *person
	switch {
	case m.UserID != "":
		who = st.find(ident{kindID, m.UserID})
	case m.Type == "identify" && str(m.Traits, kindEmail) != "":
		who = st.find(ident{kindEmail, str(m.Traits, kindEmail)})
	}
	e := Event{ID: m.MessageID, AnonymousID: m.AnonymousID, Data: m.Properties}
	if t, err := time.Parse(time.RFC3339Nano, m.Timestamp); err == nil {
		e.Timestamp = t.Unix()
	}
	switch m.Type {
	case "identify":
		i := ident{kindID, m.UserID}
		if m.UserID == "" {
			i = ident{kindEmail, str(m.Traits, kindEmail)}
		}
		if i.value == "" {
			return
		}
		if p := st.identify(i, m.Traits, identifyOptions{}); p != nil && m.AnonymousID != "" {
			st.adoptAnonymous(p, m.AnonymousID)
		}
	case "track":
		if st.applySemantic(m, who) {
			return
		}
		e.Name, e.Type = m.Event, "event"
		st.recordPipelineEvent(m, e)
	case "page", "screen":
		e.Name, e.Type = m.Name, m.Type
		st.recordPipelineEvent(m, e)
	case "group":
		typeID := "1"
		if t, ok := scalarString(m.Traits["object_type_id"]); ok && t != "" {
			typeID = t
		}
		attrs := copyMap(m.Traits)
		delete(attrs, "object_type_id")
		delete(attrs, "relationshipAttributes")
		key := objectKey{typeID, m.GroupID}
		st.upsertObject(key, attrs)
		rel := objectField(m.Traits, "relationshipAttributes")
		if m.UserID != "" {
			if p := st.reference(ident{kindID, m.UserID}); p != nil {
				st.relate(p.cioID, "", key, rel)
			}
		} else {
			st.relate("", m.AnonymousID, key, rel)
		}
	}
}

func (st *store) recordPipelineEvent(m PipelineMessage, e Event) {
	if m.UserID == "" {
		st.addAnonymousEvent(e)
		return
	}
	if p := st.reference(ident{kindID, m.UserID}); p != nil {
		st.addEvent(p, e)
	}
}

// applySemantic carries out a Customer.io semantic event and reports whether
// m was one (Report Content Event is recorded only).
func (st *store) applySemantic(m PipelineMessage, who *person) bool {
	props := m.Properties
	device := objectField(m.Context, "device")
	objectType := func() string {
		if t, ok := scalarString(props["objectTypeId"]); ok && t != "" {
			return t
		}
		return "1"
	}
	objectID, _ := scalarString(props["objectId"])
	switch m.Event {
	case "Device Created or Updated":
		if p := st.reference(ident{kindID, m.UserID}); p != nil {
			st.upsertDevice(p, Device{Token: str(device, "token"), Platform: customerio.Platform(str(device, "type"))})
		}
	case "Device Deleted":
		if who != nil {
			st.deleteDevice(who, str(device, "token"))
		}
	case "User Deleted":
		if who != nil {
			st.deletePerson(who)
		}
	case "User Suppressed":
		st.suppress(ident{kindID, m.UserID})
	case "User Unsuppressed":
		st.unsuppress(ident{kindID, m.UserID})
	case "Relationship Deleted":
		if who != nil {
			st.unrelate(who.cioID, objectKey{objectType(), objectID})
		}
	case "Object Deleted":
		st.deleteObject(objectKey{objectType(), objectID})
	case "Report Delivery Event":
		st.metrics = append(st.metrics, MetricReport{
			DeliveryID: str(props, "deliveryId"),
			Metric:     customerio.Metric(str(props, "metric")),
			Recipient:  str(props, "recipient"),
			Reason:     str(props, "reason"),
			Href:       str(props, "href"),
			Source:     sourcePipelines,
		})
	case "Report Content Event":
	default:
		return false
	}
	return true
}
