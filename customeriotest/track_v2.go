package customeriotest

import (
	"encoding/json"
	"net/http"

	customerio "github.com/gocustomerio/customerio"
)

// Track API v2 (reference §3): one operation per /api/v2/entity request, or a
// list of them in /api/v2/batch.

// v2Actions is the action matrix: the actions each type accepts.
var v2Actions = map[string]map[string]bool{
	"person": {
		"identify": true, "delete": true, "event": true, "screen": true, "page": true,
		"add_relationships": true, "delete_relationships": true, "add_device": true,
		"delete_device": true, "merge": true, "suppress": true, "unsuppress": true,
	},
	"object": {
		"identify": true, "identify_anonymous": true, "delete": true,
		"add_relationships": true, "delete_relationships": true,
	},
	"delivery": {"event": true},
}

// operation is one checked v2 operation, ready to apply.
type operation struct {
	typ, action string
	person      ident
	object      objectRef
	deliveryID  string
	attrs       map[string]any
	event       Event
	timestamp   int64
	device      Device
	objectLinks []objectLink
	personLinks []personLink
	primary     ident
	secondary   ident
}

// parseOperation checks one operation object against the envelope, the action
// matrix and the fields each action needs (§3.2–3.6).
func parseOperation(m map[string]any) (operation, []problem) {
	op := operation{typ: str(m, "type"), action: str(m, "action")}
	switch {
	case m["type"] == nil:
		return op, []problem{required("type")}
	case v2Actions[op.typ] == nil:
		return op, []problem{invalid("type", "type must be person, object or delivery")}
	case m["action"] == nil:
		return op, []problem{required("action")}
	case !v2Actions[op.typ][op.action]:
		return op, []problem{invalid("action", "action %q is not valid for type %q", op.action, op.typ)}
	}
	var out []problem
	if a, present := m["attributes"]; present && a != nil {
		attrs, ok := a.(map[string]any)
		if !ok {
			out = append(out, invalid("attributes", "attributes must be an object"))
		}
		op.attrs = attrs
	}
	if ts, present := m["timestamp"]; present && ts != nil {
		n, ok := ts.(float64)
		if !ok {
			out = append(out, invalid("timestamp", "timestamp must be a Unix time in seconds"))
		}
		op.timestamp = int64(n)
	}
	var p []problem
	switch op.typ {
	case "person":
		p = parsePersonOperation(&op, m)
	case "object":
		p = parseObjectOperation(&op, m)
	case "delivery":
		p = parseDeliveryOperation(&op, m)
	}
	return op, append(out, p...)
}

func parsePersonOperation(op *operation, m map[string]any) []problem {
	if op.action == "merge" {
		var p1, p2 []problem
		op.primary, p1 = parsePersonIdent("primary", m["primary"], kindID, kindEmail, kindCIOID)
		op.secondary, p2 = parsePersonIdent("secondary", m["secondary"], kindID, kindEmail, kindCIOID)
		return append(p1, p2...)
	}
	var out []problem
	op.person, out = parsePersonIdent("identifiers", m["identifiers"], kindID, kindEmail, kindPhone, kindCIOID)
	var p []problem
	switch op.action {
	case "identify":
		p = checkAttributes("attributes", op.attrs)
		op.objectLinks, p = appendLinks(p, m["cio_relationships"], false)
	case "event", "page", "screen":
		op.event, p = parseV2Event(op.action, m, op.attrs, op.timestamp)
	case "add_relationships", "delete_relationships":
		op.objectLinks, p = appendLinks(nil, m["cio_relationships"], true)
	case "add_device", "delete_device":
		op.device, p = parseDevice("device", m["device"], "token", op.action == "delete_device")
	}
	return append(out, p...)
}

func appendLinks(p []problem, v any, need bool) ([]objectLink, []problem) {
	links, lp := parseObjectLinks("cio_relationships", v, need)
	return links, append(p, lp...)
}

func parseV2Event(action string, m, attrs map[string]any, ts int64) (Event, []problem) {
	e := Event{Name: str(m, "name"), Type: action, Data: attrs, Timestamp: ts}
	var out []problem
	if e.Name == "" {
		out = append(out, required("name"))
	}
	if id, present := m["id"]; present && id != nil {
		s, ok := scalarString(id)
		if !ok {
			out = append(out, invalid("id", "id must be a string"))
		}
		e.ID = s
	}
	return e, append(out, checkEvent("name", e.Name, "attributes", attrs)...)
}

func parseObjectOperation(op *operation, m map[string]any) []problem {
	var out []problem
	op.object, out = parseObjectRef("identifiers", m["identifiers"])
	switch op.action {
	case "identify", "identify_anonymous":
		out = append(out, checkAttributes("attributes", op.attrs)...)
		var p []problem
		op.personLinks, p = parsePersonLinks("cio_relationships", m["cio_relationships"], false, op.action == "identify_anonymous")
		out = append(out, p...)
	case "add_relationships", "delete_relationships":
		var p []problem
		op.personLinks, p = parsePersonLinks("cio_relationships", m["cio_relationships"], true, false)
		out = append(out, p...)
	}
	return out
}

// deliveryEvents are the metrics a delivery event reports.
var deliveryEvents = map[customerio.Metric]bool{
	customerio.MetricOpened: true, customerio.MetricConverted: true, customerio.MetricDelivered: true,
}

func parseDeliveryOperation(op *operation, m map[string]any) []problem {
	var out []problem
	ids, _ := m["identifiers"].(map[string]any)
	id, ok := scalarString(ids["id"])
	if !ok || id == "" || len(ids) != 1 {
		out = append(out, invalid("identifiers", "a delivery is identified by {id}"))
	}
	op.deliveryID = id
	op.event.Name = str(m, "name")
	switch {
	case op.event.Name == "":
		out = append(out, required("name"))
	case !deliveryEvents[customerio.Metric(op.event.Name)]:
		out = append(out, invalid("name", "a delivery event is opened, converted or delivered"))
	}
	if str(op.attrs, "device_token") == "" {
		out = append(out, required("attributes.device_token"))
	}
	return out
}

// apply carries out a checked operation. Operations on suppressed or unknown
// people that Customer.io would drop are dropped silently.
func (st *store) apply(op operation) {
	switch op.typ {
	case "person":
		st.applyPerson(op)
	case "object":
		st.applyObject(op)
	case "delivery":
		st.metrics = append(st.metrics, MetricReport{
			DeliveryID:  op.deliveryID,
			Metric:      customerio.Metric(op.event.Name),
			DeviceToken: str(op.attrs, "device_token"),
			Timestamp:   op.timestamp,
			Source:      sourceEntity,
		})
	}
}

func (st *store) applyPerson(op operation) {
	switch op.action {
	case "identify":
		if p := st.identify(op.person, op.attrs, identifyOptions{timestamp: op.timestamp}); p != nil {
			st.applyObjectLinks(p, op.objectLinks, false)
		}
	case "delete":
		if p := st.find(op.person); p != nil {
			st.deletePerson(p)
		}
	case "event", "page", "screen":
		if p := st.reference(op.person); p != nil {
			st.addEvent(p, op.event)
		}
	case "add_relationships":
		if p := st.reference(op.person); p != nil {
			st.applyObjectLinks(p, op.objectLinks, false)
		}
	case "delete_relationships":
		if p := st.find(op.person); p != nil {
			st.applyObjectLinks(p, op.objectLinks, true)
		}
	case "add_device":
		if p := st.reference(op.person); p != nil {
			st.upsertDevice(p, op.device)
		}
	case "delete_device":
		if p := st.find(op.person); p != nil {
			st.deleteDevice(p, op.device.Token)
		}
	case "merge":
		st.merge(op.primary, op.secondary)
	case "suppress":
		st.suppress(op.person)
	case "unsuppress":
		st.unsuppress(op.person)
	}
}

func (st *store) applyObject(op operation) {
	key, ok := st.resolve(op.object)
	if !ok {
		return // cio_object_id only updates: nothing to update
	}
	switch op.action {
	case "identify", "identify_anonymous":
		st.upsertObject(key, op.attrs)
		st.applyPersonLinks(key, op.personLinks, false)
	case "delete":
		st.deleteObject(key)
	case "add_relationships":
		st.applyPersonLinks(key, op.personLinks, false)
	case "delete_relationships":
		st.applyPersonLinks(key, op.personLinks, true)
	}
}

func (st *store) applyPersonLinks(key objectKey, links []personLink, deleting bool) {
	for _, l := range links {
		switch {
		case l.anonymous != "":
			st.relate("", l.anonymous, key, l.attrs)
		case deleting:
			if p := st.find(l.person); p != nil {
				st.unrelate(p.cioID, key)
			}
		default:
			if p := st.reference(l.person); p != nil {
				st.relate(p.cioID, "", key, l.attrs)
			}
		}
	}
}

// trackEntity is POST /api/v2/entity: one operation, at most
// customerio.MaxEntityBytes; a refused operation is answered 400 with
// {"errors":[…]} and not applied.
func (s *Server) trackEntity(x *exchange) {
	if len(x.body) > customerio.MaxEntityBytes {
		x.fail(http.StatusBadRequest, tooLarge("", len(x.body), customerio.MaxEntityBytes))
		return
	}
	m, ok := x.object()
	if !ok {
		return
	}
	op, problems := parseOperation(m)
	if len(problems) > 0 {
		x.fail(http.StatusBadRequest, problems...)
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	s.state.apply(op)
	x.okEmpty()
}

// trackBatch is POST /api/v2/batch. A body over customerio.MaxBatchBytes, or
// one that is not {"batch":[…]}, is answered 400 and nothing is applied. Each
// item over customerio.MaxEntityBytes or invalid is reported in a 207
// {"errors":[{batch_index, reason, field, message}]} while the valid items are
// applied, in order.
func (s *Server) trackBatch(x *exchange) {
	if len(x.body) > customerio.MaxBatchBytes {
		x.fail(http.StatusBadRequest, tooLarge("", len(x.body), customerio.MaxBatchBytes))
		return
	}
	var envelope struct {
		Batch *[]json.RawMessage `json:"batch"`
	}
	if err := json.Unmarshal(x.body, &envelope); err != nil {
		x.fail(http.StatusBadRequest, invalid("batch", "the body must be {\"batch\":[…]}: %v", err))
		return
	}
	if envelope.Batch == nil {
		x.fail(http.StatusBadRequest, required("batch"))
		return
	}
	var failed []batchProblem
	report := func(i int, problems []problem) {
		for _, p := range problems {
			failed = append(failed, batchProblem{BatchIndex: i, Reason: p.Reason, Field: p.Field, Message: p.Message})
		}
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	for i, raw := range *envelope.Batch {
		if len(raw) > customerio.MaxEntityBytes {
			report(i, []problem{tooLarge("", len(raw), customerio.MaxEntityBytes)})
			continue
		}
		m, err := decodeObject(raw)
		if err != nil {
			report(i, []problem{invalid("", "%v", err)})
			continue
		}
		op, problems := parseOperation(m)
		if len(problems) > 0 {
			report(i, problems)
			continue
		}
		s.state.apply(op)
	}
	if len(failed) > 0 {
		x.reply(http.StatusMultiStatus, map[string]any{"errors": failed})
		return
	}
	x.okEmpty()
}
